package plan

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"devcoop"
	"devcoop/money"
)

var d = devcoop.MustDate

func fixture() *devcoop.Portfolio {
	pf := &devcoop.Portfolio{
		Regions:    []devcoop.Region{{Code: "AFR", Name: "Africa"}, {Code: "ECA", Name: "Europe and Central Asia"}},
		Countries:  []devcoop.Country{{Code: "KE", Name: "Kenya", Region: "AFR", IncomeGroup: devcoop.LowerMiddleIncome, ODAEligible: true, DWCPPriority: true}, {Code: "UG", Name: "Uganda", Region: "AFR", IncomeGroup: devcoop.LowIncome, ODAEligible: true}, {Code: "PL", Name: "Poland", Region: "ECA", IncomeGroup: devcoop.HighIncome}},
		Objectives: []devcoop.StrategicObjective{{Code: "SO1", Title: "Employment"}},
		Periods:    []devcoop.Period{{Code: "2014-15", Start: d("2014-01-01"), End: d("2015-12-31"), Current: true}},
		Outcomes:   []devcoop.Outcome{{ID: 1, Period: "2014-15", Code: "1", Objective: "SO1", Title: "Employment promotion"}, {ID: 2, Period: "2014-15", Code: "19", Title: "Mainstreaming"}},
		CPOs:       []devcoop.CPO{{ID: 7, Code: "KEN 126", Country: "KE", OutcomeID: 1, Title: "Youth policy"}},
		Rates:      money.NewRates([]money.Rate{{Currency: "EUR", Month: time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), USDPer: money.MustParse("1.25")}}),
	}
	pf.Workplans = []*devcoop.Workplan{{ID: 1, Period: "2014-15", OutcomeID: 1,
		Requirements: []devcoop.Requirement{{Component: "KE", Amount: money.MustParse("1000000")}, {Component: "KEN 126", Amount: money.MustParse("500000")}, {Component: "PL", Amount: money.MustParse("100000")}, {Component: "GLOBAL", Amount: money.MustParse("200000")}},
		Plans:        []devcoop.SourcePlan{{Component: "KE", Source: devcoop.SourceRB, Amount: money.MustParse("100000")}, {Component: "GLOBAL", Source: devcoop.SourceRBTC, Amount: money.MustParse("50000")}},
		Targets:      []devcoop.WorkplanTarget{{Component: "KE", Result: "x", Milestones: []devcoop.Milestone{{Due: d("2015-01-01"), Status: devcoop.MilestoneAtRisk}}}},
	}}
	pf.Decisions = []devcoop.AllocationDecision{{ID: 5, Period: "2014-15", Pool: "RBSA", OutcomeID: 1, Component: "KE", Amount: money.MustParse("150000.00")}}
	// A two-year XBDC project: 60% outcome 1, 40% outcome 19; Kenya 70%
	// (of which the CPO share goes to KEN 126), Uganda 30%.
	pf.Projects = []*devcoop.Project{{ID: 11, Code: "RAF/14/01/NOR", Title: "Youth jobs", Source: devcoop.SourceXBDC, Status: devcoop.StatusImplementation,
		PlannedStart: d("2014-01-01"), PlannedEnd: d("2015-12-31"),
		Countries: []devcoop.CountryShare{{Country: "KE", Percentage: money.MustParse("70")}, {Country: "UG", Percentage: money.MustParse("30")}},
		Outcomes:  []devcoop.OutcomeShare{{OutcomeID: 1, Percentage: money.MustParse("60")}, {OutcomeID: 2, Percentage: money.MustParse("40")}},
		CPOs:      []devcoop.CPOShare{{CPOID: 7, Percentage: money.MustParse("100")}},
		Budgets: []devcoop.Budget{{PeriodStart: d("2014-01-01"), PeriodEnd: d("2014-12-31"), Amount: money.MustParse("800000"), Currency: "EUR", ValueDate: d("2014-01-01")},
			{PeriodStart: d("2015-01-01"), PeriodEnd: d("2015-12-31"), Amount: money.MustParse("1000000"), Currency: "USD", ValueDate: d("2015-01-01")}},
	}}
	pf.Opportunities = []*devcoop.Opportunity{{ID: 21, Code: "OPP", Title: "Phase II", Stage: devcoop.StageNegotiation, Period: "2014-15", Currency: "USD", Amount: money.MustParse("1000000"),
		ExpectedSign: d("2015-06-01"), Probability: money.MustParse("40"), Targets: []devcoop.OpportunityTarget{{OutcomeID: 1, Component: "UG", Percentage: money.MustParse("100")}}}}
	pf.Index()
	return pf
}

func component(t *testing.T, g *Gaps, outcome, key string) *Component {
	t.Helper()
	for _, c := range g.Outcome(outcome).Components {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no component %s in outcome %s", key, outcome)
	return nil
}

func TestGapsFromEveryFundSource(t *testing.T) {
	g, err := Compute(fixture(), "2014-15", Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Budget in the period: 800,000 EUR × 1.25 + 1,000,000 USD = 2,000,000 USD.
	// Outcome 1 gets 60% = 1,200,000; Kenya 70% = 840,000, all to KEN 126.
	cpo := component(t, g, "1", "KEN 126")
	if cpo.XBDC != 84000000 || cpo.Required != 50000000 || cpo.Gap != -34000000 {
		t.Errorf("KEN 126: %+v", cpo.Figures)
	}
	ke := component(t, g, "1", "KE")
	if ke.Required != 100000000 || ke.RB != 10000000 || ke.RBSA != 15000000 || ke.XBDC != 0 || ke.Available != 25000000 || ke.Gap != 75000000 || ke.TargetsAtRisk != 1 {
		t.Errorf("KE: %+v", ke.Figures)
	}
	ug := component(t, g, "1", "UG")
	if ug.XBDC != 36000000 || ug.Pipeline != 40000000 || ug.Available != 36000000 {
		t.Errorf("UG: %+v (pipeline is expected, never available)", ug.Figures)
	}
	pl := component(t, g, "1", "PL")
	if pl.Eligible || pl.IneligibleReason == "" {
		t.Errorf("Poland should not be eligible: %+v", pl)
	}
	if got := g.Outcome("19").XBDC; got != 80000000 {
		t.Errorf("outcome 19 XBDC = %d, want 80000000", got)
	}
	if len(ke.Entries) != 3 || len(cpo.Entries) != 2 {
		t.Errorf("drill-down entries: KE %d, KEN 126 %d", len(ke.Entries), len(cpo.Entries))
	}
	var country Rollup
	for _, r := range g.ByCountry {
		if r.Key == "KE" {
			country = r
		}
	}
	if country.XBDC != 140000000 || country.Required != 150000000 { // across both outcomes
		t.Errorf("Kenya rollup (country + its CPO) = %+v", country.Figures)
	}
}

func TestGapScenario(t *testing.T) {
	pf := fixture()
	base, _ := Compute(pf, "2014-15", Options{})
	signed, _ := Compute(pf, "2014-15", Options{Signed: map[int64]bool{21: true}})
	lost, _ := Compute(pf, "2014-15", Options{Lost: map[int64]bool{21: true}})
	b, s, l := component(t, base, "1", "UG"), component(t, signed, "1", "UG"), component(t, lost, "1", "UG")
	if s.XBDC != b.XBDC+100000000 || s.Pipeline != 0 {
		t.Errorf("signed: %+v", s.Figures)
	}
	if l.Pipeline != 0 || l.XBDC != b.XBDC {
		t.Errorf("lost: %+v", l.Figures)
	}
}

// randomPortfolio builds a portfolio with awkward percentages and many
// projects, for the reconciliation property.
func randomPortfolio(seed uint64) *devcoop.Portfolio {
	r := rand.New(rand.NewPCG(seed, 7))
	pf := fixture()
	pf.Projects = nil
	for i := 0; i < 200; i++ {
		p := &devcoop.Project{ID: int64(100 + i), Code: fmt.Sprint("P", i), Source: devcoop.SourceXBDC, Status: devcoop.StatusImplementation,
			Outcomes:  []devcoop.OutcomeShare{{OutcomeID: 1, Percentage: money.MustParse("33.33")}, {OutcomeID: 2, Percentage: money.MustParse("66.67")}},
			Countries: []devcoop.CountryShare{{Country: "KE", Percentage: money.MustParse("14.29")}, {Country: "UG", Percentage: money.MustParse("85.71")}}}
		if r.IntN(3) == 0 {
			p.Countries = nil
			p.Regions = []devcoop.RegionShare{{Region: "AFR", Percentage: money.MustParse("100")}}
		}
		if r.IntN(2) == 0 {
			p.CPOs = []devcoop.CPOShare{{CPOID: 7, Percentage: money.MustParse("100")}}
		}
		start := devcoop.NewDate(2013+r.IntN(3), time.Month(1+r.IntN(12)), 1)
		p.Budgets = []devcoop.Budget{{PeriodStart: start, PeriodEnd: start.AddDays(200 + r.IntN(160)), Amount: money.New(r.Int64N(1e9), 2), Currency: []string{"USD", "EUR"}[r.IntN(2)], ValueDate: start}}
		pf.Projects = append(pf.Projects, p)
	}
	pf.Index()
	return pf
}

func TestComponentsSumExactlyToOutcomes(t *testing.T) {
	for seed := uint64(1); seed < 30; seed++ {
		g, err := Compute(randomPortfolio(seed), "2014-15", Options{})
		if err != nil {
			t.Fatal(err)
		}
		var total Figures
		for _, og := range g.Outcomes {
			var sum Figures
			for _, c := range og.Components {
				var fromEntries int64
				for _, e := range c.Entries {
					if e.Kind == EntryProject {
						fromEntries += e.Cents
					}
				}
				if fromEntries != c.XBDC {
					t.Fatalf("seed %d: %s/%s XBDC %d, entries say %d", seed, og.Outcome.Code, c.Key, c.XBDC, fromEntries)
				}
				if c.Available != c.RB+c.RBTC+c.RBSA+c.XBDC || c.Gap != c.Required-c.Available {
					t.Fatalf("component arithmetic: %+v", c.Figures)
				}
				sum.add(c.Figures)
			}
			if sum != og.Figures {
				t.Fatalf("seed %d: outcome %s = %+v, components sum to %+v", seed, og.Outcome.Code, og.Figures, sum)
			}
			total.add(og.Figures)
		}
		if total != g.Total {
			t.Fatalf("total %+v, outcomes sum to %+v", g.Total, total)
		}
		for name, rs := range map[string][]Rollup{"objective": g.ByObjective, "region": g.ByRegion} {
			var sum Figures
			for _, r := range rs {
				sum.add(r.Figures)
			}
			if sum != g.Total {
				t.Errorf("seed %d: %s rollups %+v ≠ total %+v", seed, name, sum, g.Total)
			}
		}
	}
}

func BenchmarkGapsSmall(b *testing.B) {
	pf := randomPortfolio(1)
	for b.Loop() {
		if _, err := Compute(pf, "2014-15", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestProposeFillsEligibleGapsOnly(t *testing.T) {
	g, _ := Compute(fixture(), "2014-15", Options{})
	p, err := Propose(g, []devcoop.Pool{{ID: "RBSA", Amount: money.MustParse("5000000")}, {ID: "AFR-YOUTH", Amount: money.MustParse("100000"), Regions: []string{"AFR"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, l := range p.Lines {
		got[l.Outcome+"/"+l.Component] += l.Cents
		if l.Reason == "" {
			t.Errorf("line without a reason: %+v", l)
		}
	}
	// Kenya's gap (750,000) and Global's (150,000) are filled; Poland is not eligible.
	if got["1/KE"] != 75000000 || got["1/GLOBAL"] != 15000000 || got["1/PL"] != 0 {
		t.Errorf("allocation = %v", got)
	}
	var plNote bool
	for _, n := range p.Notes {
		plNote = plNote || (n.Component == "PL" && n.Kind == "ineligible")
	}
	if !plNote {
		t.Errorf("no note explains Poland: %+v", p.Notes)
	}
	if _, err := Propose(g, []devcoop.Pool{{ID: "X", Amount: money.MustParse("-1")}}); devcoop.ErrorKind(err) != devcoop.KindInvalid {
		t.Errorf("negative pool: %v", err)
	}
	if _, err := Propose(g, []devcoop.Pool{{ID: "X", Amount: money.MustParse("1"), Outcomes: []string{"99"}}}); devcoop.ErrorKind(err) != devcoop.KindInvalid {
		t.Errorf("unknown outcome: %v", err)
	}
}

func TestProspectsRankPastFundersWithEvidence(t *testing.T) {
	pf := fixture()
	pf.Partners = []devcoop.Partner{{ID: 1, Name: "Norway"}, {ID: 2, Name: "Japan"}, {ID: 3, Name: "Nobody"}}
	pf.Projects[0].Funders = []devcoop.FunderShare{{PartnerID: 1, Percentage: money.MustParse("75")}, {PartnerID: 2, Percentage: money.MustParse("25")}}
	pf.Index()
	g, _ := Compute(pf, "2014-15", Options{})
	ps := Prospects(pf, g, "1", ElsewhereFunding{2: {"KE": 3}}, 5)
	var ke *ComponentProspects
	for i := range ps {
		if ps[i].Component == "KE" {
			ke = &ps[i]
		}
	}
	if ke == nil || len(ke.Prospects) != 2 {
		t.Fatalf("prospects for KE = %+v", ps)
	}
	if ke.Prospects[0].Name != "Norway" || ke.Prospects[0].Score <= ke.Prospects[1].Score {
		t.Errorf("ranking = %+v", ke.Prospects)
	}
	var iati bool
	for _, e := range ke.Prospects[1].Evidence {
		iati = iati || e.Criterion == "iati"
	}
	if !iati {
		t.Errorf("Japan's IATI evidence missing: %+v", ke.Prospects[1].Evidence)
	}
	for _, c := range ps {
		if c.Gap <= 0 {
			t.Errorf("component %s has no gap", c.Component)
		}
	}
}
