package figures

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"devcoop"
	"devcoop/money"
)

// randomPortfolio builds projects with awkward splits (thirds, sevenths),
// several currencies and periods that straddle the biennium.
func randomPortfolio(seed uint64, n int) *devcoop.Portfolio {
	r := rand.New(rand.NewPCG(seed, 1))
	pf := &devcoop.Portfolio{
		Regions:    []devcoop.Region{{Code: "AFR", Name: "Africa"}, {Code: "ASP", Name: "Asia"}},
		Countries:  []devcoop.Country{{Code: "KE", Region: "AFR"}, {Code: "UG", Region: "AFR"}, {Code: "VN", Region: "ASP"}},
		Objectives: []devcoop.StrategicObjective{{Code: "SO1", Title: "Employment"}},
		Outcomes:   []devcoop.Outcome{{ID: 1, Period: "2014-15", Code: "1", Objective: "SO1"}, {ID: 2, Period: "2014-15", Code: "19"}},
		Partners:   []devcoop.Partner{{ID: 1, Name: "Norway"}, {ID: 2, Name: "EU"}},
		Rates: money.NewRates([]money.Rate{
			{Currency: "EUR", Month: time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), USDPer: money.MustParse("1.3377")},
			{Currency: "SEK", Month: time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), USDPer: money.MustParse("0.15337")},
		}),
	}
	thirds := []money.Decimal{money.MustParse("33.33"), money.MustParse("33.33"), money.MustParse("33.34")}
	for i := 0; i < n; i++ {
		p := &devcoop.Project{ID: int64(i + 1), Code: fmt.Sprint(i), Status: devcoop.StatusImplementation, Source: devcoop.SourceXBDC,
			PlannedStart: devcoop.MustDate("2013-07-01"), PlannedEnd: devcoop.MustDate("2016-06-30")}
		switch r.IntN(4) {
		case 0:
			p.Countries = []devcoop.CountryShare{{Country: "KE", Percentage: thirds[0]}, {Country: "UG", Percentage: thirds[1]}, {Country: "VN", Percentage: thirds[2]}}
		case 1:
			p.Countries = []devcoop.CountryShare{{Country: "KE", Percentage: money.MustParse("60")}}
			p.Regions = []devcoop.RegionShare{{Region: "ASP", Percentage: money.MustParse("40")}}
		case 2: // global
		default:
			p.Countries = []devcoop.CountryShare{{Country: "VN", Percentage: money.MustParse("100")}}
		}
		if r.IntN(3) > 0 {
			p.Outcomes = []devcoop.OutcomeShare{{OutcomeID: 1, Percentage: money.MustParse("14.29")}, {OutcomeID: 2, Percentage: money.MustParse("85.71")}}
		}
		if r.IntN(2) == 0 {
			p.Funders = []devcoop.FunderShare{{PartnerID: 1, Percentage: thirds[0]}, {PartnerID: 2, Percentage: money.MustParse("66.67")}}
		} else {
			p.Source = devcoop.SourceRBSA
		}
		cur := []string{"USD", "EUR", "SEK"}[r.IntN(3)]
		for y := 2013; y <= 2016; y++ {
			start := devcoop.NewDate(y, time.January, 1)
			if y == 2013 {
				start = devcoop.MustDate("2013-07-01")
			}
			amt := money.New(r.Int64N(500000000), 2)
			p.Budgets = append(p.Budgets, devcoop.Budget{PeriodStart: start, PeriodEnd: devcoop.NewDate(y, time.December, 31), Amount: amt, Currency: cur, ValueDate: start})
		}
		pf.Projects = append(pf.Projects, p)
		for k := 0; k < 3; k++ {
			d := devcoop.NewDate(2013+k, time.Month(1+r.IntN(12)), 1+r.IntN(28))
			pf.Transactions = append(pf.Transactions, devcoop.Transaction{ProjectID: p.ID, Type: devcoop.TxExpenditure, Date: d, ValueDate: d, Amount: money.New(r.Int64N(100000000)+1, 3), Currency: cur})
		}
	}
	pf.Index()
	return pf
}

func sum(ls []Line) (int64, int64) {
	var b, s int64
	for _, l := range ls {
		bc, _ := l.BudgetUSD.Cents()
		sc, _ := l.SpentUSD.Cents()
		b += bc
		s += sc
	}
	return b, s
}

func TestBreakdownsReconcile(t *testing.T) {
	period := &devcoop.Period{Code: "2014-15", Start: devcoop.MustDate("2014-01-01"), End: devcoop.MustDate("2015-12-31")}
	for seed := uint64(1); seed <= 20; seed++ {
		pf := randomPortfolio(seed, 60)
		for _, per := range []*devcoop.Period{nil, period} {
			s := Summarize(pf, per)
			tb, _ := s.BudgetUSD.Cents()
			ts, _ := s.SpentUSD.Cents()
			if tb == 0 || ts == 0 {
				t.Fatalf("seed %d: empty totals", seed)
			}
			for name, ls := range map[string][]Line{"region": s.ByRegion, "country": s.ByCountry, "objective": s.ByObjective, "outcome": s.ByOutcome, "partner": s.ByPartner, "source": s.BySource, "status": s.ByStatus} {
				b, sp := sum(ls)
				if b != tb || sp != ts {
					t.Errorf("seed %d period %v: %s sums to %d/%d, totals are %d/%d", seed, per != nil, name, b, sp, tb, ts)
				}
			}
			if len(s.Warnings) != 0 {
				t.Errorf("warnings: %v", s.Warnings)
			}
		}
	}
}

func TestPeriodProRata(t *testing.T) {
	pf := &devcoop.Portfolio{Rates: money.NewRates(nil)}
	p := &devcoop.Project{ID: 1, Code: "P", PlannedStart: devcoop.MustDate("2013-07-01"), PlannedEnd: devcoop.MustDate("2014-06-30"),
		Budgets: []devcoop.Budget{{PeriodStart: devcoop.MustDate("2013-07-01"), PeriodEnd: devcoop.MustDate("2014-06-30"), Amount: money.MustParse("365000"), Currency: "USD", ValueDate: devcoop.MustDate("2013-07-01")}}}
	pf.Projects = []*devcoop.Project{p}
	pf.Index()
	period := &devcoop.Period{Code: "2014-15", Start: devcoop.MustDate("2014-01-01"), End: devcoop.MustDate("2015-12-31")}
	pm, _ := ProjectFigures(pf, p, period)
	// 181 of the 365 days fall in 2014.
	if pm.Budget != 18100000 {
		t.Errorf("pro rata budget = %d cents, want 18100000", pm.Budget)
	}
}

func TestRevisedReplacesOriginal(t *testing.T) {
	d := devcoop.MustDate
	bs := []devcoop.Budget{
		{PeriodStart: d("2014-01-01"), PeriodEnd: d("2014-12-31"), Amount: money.MustParse("100")},
		{PeriodStart: d("2014-01-01"), PeriodEnd: d("2014-12-31"), Amount: money.MustParse("120"), Revised: true},
		{PeriodStart: d("2015-01-01"), PeriodEnd: d("2015-12-31"), Amount: money.MustParse("50")},
	}
	got := CurrentBudgets(bs)
	if len(got) != 2 || got[0].Amount.String() != "120" || got[1].Amount.String() != "50" {
		t.Errorf("current budgets = %+v", got)
	}
}

func TestMissingRateIsReportedNotAdded(t *testing.T) {
	pf := &devcoop.Portfolio{Rates: money.NewRates(nil)}
	p := &devcoop.Project{ID: 1, Code: "P", Budgets: []devcoop.Budget{
		{PeriodStart: devcoop.MustDate("2014-01-01"), PeriodEnd: devcoop.MustDate("2014-12-31"), Amount: money.MustParse("100"), Currency: "EUR", ValueDate: devcoop.MustDate("2014-01-01")},
		{PeriodStart: devcoop.MustDate("2015-01-01"), PeriodEnd: devcoop.MustDate("2015-12-31"), Amount: money.MustParse("7"), Currency: "USD", ValueDate: devcoop.MustDate("2015-01-01")},
	}}
	pf.Projects = []*devcoop.Project{p}
	pf.Index()
	s := Summarize(pf, nil)
	if s.BudgetUSD.String() != "7.00" || len(s.Warnings) != 1 {
		t.Errorf("budget %s, warnings %v", s.BudgetUSD, s.Warnings)
	}
}
