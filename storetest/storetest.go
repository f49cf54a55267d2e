// Package storetest is the conformance suite every storage engine must
// pass: the promise that the PostgreSQL deployment behaves exactly like the
// embedded SQLite one. Each engine's tests call Run with a function that
// opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/money"
)

// Opener returns a fresh, migrated, empty store.
type Opener func(t *testing.T) devcoop.Store

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s devcoop.Store)
	}{
		{"ReferenceData", testReferenceData},
		{"ProjectRoundTrip", testProjectRoundTrip},
		{"ProjectFiltersAndScope", testProjectFilters},
		{"OptimisticConcurrency", testOptimisticConcurrency},
		{"RollbackKeepsNothing", testRollback},
		{"AuditInSameTransaction", testAudit},
		{"ConstraintErrorKinds", testConstraintKinds},
		{"ExactMoney", testExactMoney},
		{"Agreements", testAgreements},
		{"Transactions", testTransactions},
		{"Rates", testRates},
		{"UsersSessionsTokens", testUsers},
		{"NotFound", testNotFound},
		{"Workplans", testWorkplans},
		{"DecisionsScenariosSettings", testDecisionsScenariosSettings},
		{"Opportunities", testOpportunities},
		{"ContactsAndReports", testContactsAndReports},
		{"Proposals", testProposals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Fixture is a small portfolio's reference data.
type Fixture struct {
	Office, Office2 devcoop.Office
	Partner         devcoop.Partner
	Outcome         devcoop.Outcome
	Outcome2        devcoop.Outcome
	CPO             devcoop.CPO
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Seed stores two regions, three countries, two offices, a partner, a period
// with two outcomes, and a DWCP with a CPO.
func Seed(t *testing.T, s devcoop.Store) *Fixture {
	t.Helper()
	ctx := context.Background()
	f := &Fixture{}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		for _, r := range []devcoop.Region{{Code: "AFR", Name: "Africa", IATICode: "298"}, {Code: "ASP", Name: "Asia and the Pacific", IATICode: "798"}} {
			if err := tx.PutRegion(ctx, &r); err != nil {
				return err
			}
		}
		for _, c := range []devcoop.Country{
			{Code: "KE", Alpha3: "KEN", Name: "Kenya", Region: "AFR", IncomeGroup: devcoop.LowerMiddleIncome, ODAEligible: true, Currency: "KES", DWCPPriority: true},
			{Code: "UG", Alpha3: "UGA", Name: "Uganda", Region: "AFR", IncomeGroup: devcoop.LowIncome, ODAEligible: true, Currency: "UGX"},
			{Code: "VN", Alpha3: "VNM", Name: "Viet Nam", Region: "ASP", IncomeGroup: devcoop.LowerMiddleIncome, ODAEligible: true, Currency: "VND"},
		} {
			if err := tx.PutCountry(ctx, &c); err != nil {
				return err
			}
		}
		f.Office = devcoop.Office{Code: "CO-NAIROBI", Name: "Country Office for Kenya", Kind: devcoop.OfficeCountry, Region: "AFR", Country: "KE"}
		f.Office2 = devcoop.Office{Code: "CO-HANOI", Name: "Country Office for Viet Nam", Kind: devcoop.OfficeCountry, Region: "ASP", Country: "VN"}
		for _, o := range []*devcoop.Office{&f.Office, &f.Office2} {
			if err := tx.CreateOffice(ctx, o); err != nil {
				return err
			}
		}
		f.Partner = devcoop.Partner{Code: "SE", Name: "Sweden", Kind: devcoop.PartnerTraditionalGov, IATIRef: "SE-0", IATIType: "10", Country: "SE"}
		if err := tx.CreatePartner(ctx, &f.Partner); err != nil {
			return err
		}
		if err := tx.PutObjective(ctx, &devcoop.StrategicObjective{Code: "SO1", Title: "Employment"}); err != nil {
			return err
		}
		if err := tx.PutPeriod(ctx, &devcoop.Period{Code: "2014-15", Start: devcoop.MustDate("2014-01-01"), End: devcoop.MustDate("2015-12-31"), VCTarget: money.MustParse("450000000"), Current: true}); err != nil {
			return err
		}
		f.Outcome = devcoop.Outcome{Period: "2014-15", Code: "1", Title: "Employment promotion", Objective: "SO1",
			Indicators: []devcoop.OutcomeIndicator{{Code: "1.1", Title: "Member States with employment policies", Target: 10}}}
		f.Outcome2 = devcoop.Outcome{Period: "2014-15", Code: "19", Title: "Mainstreaming decent work"}
		for _, o := range []*devcoop.Outcome{&f.Outcome, &f.Outcome2} {
			if err := tx.CreateOutcome(ctx, o); err != nil {
				return err
			}
		}
		d := devcoop.DWCP{Country: "KE", Title: "Kenya DWCP 2013–2016", Start: devcoop.MustDate("2013-01-01"), End: devcoop.MustDate("2016-12-31"), Status: "active"}
		if err := tx.CreateDWCP(ctx, &d); err != nil {
			return err
		}
		f.CPO = devcoop.CPO{Code: "KEN 126", DWCPID: d.ID, Country: "KE", OutcomeID: f.Outcome.ID, Title: "Youth employment policy adopted"}
		return tx.CreateCPO(ctx, &f.CPO)
	}))
	return f
}

// NewProject returns a valid project in f's first office.
func NewProject(f *Fixture, code string) *devcoop.Project {
	return &devcoop.Project{
		Code: code, IATIIdentifier: "XM-DAC-41302-" + code, Title: "Skills for youth employment " + code,
		Description: "Training and placement.", Status: devcoop.StatusImplementation,
		PlannedStart: devcoop.MustDate("2014-01-01"), PlannedEnd: devcoop.MustDate("2015-12-31"),
		OfficeID: f.Office.ID, Source: devcoop.SourceXBDC, Currency: "USD",
		Countries:     []devcoop.CountryShare{{Country: "KE", Percentage: money.MustParse("60")}, {Country: "UG", Percentage: money.MustParse("40")}},
		Sectors:       []devcoop.SectorShare{{Sector: "16020", Percentage: money.MustParse("100")}},
		Outcomes:      []devcoop.OutcomeShare{{OutcomeID: f.Outcome.ID, Percentage: money.MustParse("100")}},
		CPOs:          []devcoop.CPOShare{{CPOID: f.CPO.ID, Percentage: money.MustParse("100")}},
		Funders:       []devcoop.FunderShare{{PartnerID: f.Partner.ID, Percentage: money.MustParse("100")}},
		PolicyMarkers: []devcoop.PolicyMarker{{Code: "1", Significance: "1"}},
		Budgets: []devcoop.Budget{
			{PeriodStart: devcoop.MustDate("2014-01-01"), PeriodEnd: devcoop.MustDate("2014-12-31"), Amount: money.MustParse("1200000.00"), Currency: "USD", ValueDate: devcoop.MustDate("2014-01-01")},
			{PeriodStart: devcoop.MustDate("2015-01-01"), PeriodEnd: devcoop.MustDate("2015-12-31"), Amount: money.MustParse("800000.50"), Currency: "EUR", ValueDate: devcoop.MustDate("2015-01-01")},
		},
	}
}

func createProject(t *testing.T, s devcoop.Store, p *devcoop.Project) {
	t.Helper()
	must(t, s.Update(context.Background(), func(tx devcoop.StoreTx) error { return tx.CreateProject(context.Background(), p) }))
}

func testReferenceData(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	regions, err := s.Regions(ctx)
	must(t, err)
	if len(regions) != 2 || regions[0].Code != "AFR" || regions[0].IATICode != "298" {
		t.Errorf("regions = %+v", regions)
	}
	countries, err := s.Countries(ctx)
	must(t, err)
	if len(countries) != 3 || countries[0].Name != "Kenya" || !countries[0].ODAEligible || !countries[0].DWCPPriority || countries[1].DWCPPriority {
		t.Errorf("countries = %+v", countries)
	}
	offices, err := s.Offices(ctx)
	must(t, err)
	if len(offices) != 2 || offices[1].Country != "KE" {
		t.Errorf("offices = %+v", offices)
	}
	periods, err := s.Periods(ctx)
	must(t, err)
	if len(periods) != 1 || !periods[0].VCTarget.Equal(money.MustParse("450000000")) || periods[0].Start != devcoop.MustDate("2014-01-01") || !periods[0].Current {
		t.Errorf("periods = %+v", periods)
	}
	outcomes, err := s.Outcomes(ctx, "2014-15")
	must(t, err)
	if len(outcomes) != 2 || outcomes[0].Objective != "SO1" || outcomes[1].Objective != "" || len(outcomes[0].Indicators) != 1 || outcomes[0].Indicators[0].Target != 10 {
		t.Errorf("outcomes = %+v", outcomes)
	}
	if other, _ := s.Outcomes(ctx, "2016-17"); len(other) != 0 {
		t.Errorf("outcomes of another period = %+v", other)
	}
	cpos, err := s.CPOs(ctx)
	must(t, err)
	if len(cpos) != 1 || cpos[0].Code != "KEN 126" || cpos[0].OutcomeID != f.Outcome.ID {
		t.Errorf("cpos = %+v", cpos)
	}
	dw, err := s.DWCPs(ctx)
	must(t, err)
	if len(dw) != 1 || dw[0].End != devcoop.MustDate("2016-12-31") {
		t.Errorf("dwcps = %+v", dw)
	}
	ps, err := s.Partners(ctx, devcoop.PartnerFilter{Query: "swe"})
	must(t, err)
	if len(ps) != 1 || ps[0].IATIRef != "SE-0" || ps[0].Version != 1 {
		t.Errorf("partners = %+v", ps)
	}
}

func testProjectRoundTrip(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	p := NewProject(f, "KEN/14/01/SWE")
	createProject(t, s, p)
	if p.ID == 0 || p.Version != 1 {
		t.Fatalf("created project has id %d version %d", p.ID, p.Version)
	}
	got, err := s.Project(ctx, p.ID)
	must(t, err)
	if got.Code != p.Code || got.Title != p.Title || got.Status != devcoop.StatusImplementation || got.PlannedEnd != p.PlannedEnd || !got.ActualStart.IsZero() {
		t.Errorf("project = %+v", got)
	}
	if len(got.Countries) != 2 || got.Countries[1].Country != "UG" || !got.Countries[1].Percentage.Equal(money.MustParse("40")) {
		t.Errorf("countries = %+v", got.Countries)
	}
	if len(got.Outcomes) != 1 || got.Outcomes[0].Outcome != "1" || len(got.CPOs) != 1 || got.CPOs[0].CPO != "KEN 126" {
		t.Errorf("outcome links = %+v %+v", got.Outcomes, got.CPOs)
	}
	if len(got.Funders) != 1 || got.Funders[0].Partner != "Sweden" {
		t.Errorf("funders = %+v", got.Funders)
	}
	if len(got.Budgets) != 2 || got.Budgets[1].Amount.String() != "800000.50" || got.Budgets[1].Currency != "EUR" || got.Budgets[1].ValueDate != devcoop.MustDate("2015-01-01") {
		t.Errorf("budgets = %+v", got.Budgets)
	}
	if len(got.PolicyMarkers) != 1 || got.PolicyMarkers[0].Significance != "1" {
		t.Errorf("markers = %+v", got.PolicyMarkers)
	}
	byCode, err := s.ProjectByCode(ctx, p.Code)
	must(t, err)
	if byCode.ID != p.ID {
		t.Errorf("by code = %d", byCode.ID)
	}
	// An update replaces the splits whole.
	got.Countries = []devcoop.CountryShare{{Country: "VN", Percentage: money.MustParse("100")}}
	got.Budgets = got.Budgets[:1]
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProject(ctx, got) }))
	again, err := s.Project(ctx, p.ID)
	must(t, err)
	if again.Version != 2 || len(again.Countries) != 1 || again.Countries[0].Country != "VN" || len(again.Budgets) != 1 {
		t.Errorf("after update = v%d %+v %+v", again.Version, again.Countries, again.Budgets)
	}
}

func testProjectFilters(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	a := NewProject(f, "A-KE")
	b := NewProject(f, "B-VN")
	b.OfficeID = f.Office2.ID
	b.Countries = []devcoop.CountryShare{{Country: "VN", Percentage: money.MustParse("100")}}
	b.Funders = nil
	b.Outcomes = []devcoop.OutcomeShare{{OutcomeID: f.Outcome2.ID, Percentage: money.MustParse("100")}}
	b.CPOs = nil
	b.Status = devcoop.StatusClosed
	b.Published = true
	c := NewProject(f, "C-REG")
	c.Countries = nil
	c.Regions = []devcoop.RegionShare{{Region: "ASP", Percentage: money.MustParse("100")}}
	c.Title = "Regional labour migration"
	for _, p := range []*devcoop.Project{a, b, c} {
		createProject(t, s, p)
	}
	all := devcoop.ProjectScope{All: true}
	cases := []struct {
		name  string
		f     devcoop.ProjectFilter
		scope devcoop.ProjectScope
		want  []string
		total int
	}{
		{"everything", devcoop.ProjectFilter{}, all, []string{"A-KE", "B-VN", "C-REG"}, 3},
		{"region by country", devcoop.ProjectFilter{Region: "AFR"}, all, []string{"A-KE"}, 1},
		{"region by country or region", devcoop.ProjectFilter{Region: "ASP"}, all, []string{"B-VN", "C-REG"}, 2},
		{"country", devcoop.ProjectFilter{Country: "UG"}, all, []string{"A-KE", "C-REG"}[:1], 1},
		{"outcome", devcoop.ProjectFilter{OutcomeID: f.Outcome2.ID}, all, []string{"B-VN"}, 1},
		{"partner", devcoop.ProjectFilter{PartnerID: f.Partner.ID}, all, []string{"A-KE", "C-REG"}, 2},
		{"status", devcoop.ProjectFilter{Status: devcoop.StatusClosed}, all, []string{"B-VN"}, 1},
		{"office", devcoop.ProjectFilter{OfficeID: f.Office2.ID}, all, []string{"B-VN"}, 1},
		{"words", devcoop.ProjectFilter{Query: "labour MIGRATION"}, all, []string{"C-REG"}, 1},
		{"page", devcoop.ProjectFilter{Limit: 1, Offset: 1}, all, []string{"B-VN"}, 3},
		{"sorted", devcoop.ProjectFilter{Sort: "-code", Limit: 2}, all, []string{"C-REG", "B-VN"}, 3},
		{"office scope sees own and published", devcoop.ProjectFilter{}, devcoop.ProjectScope{OfficeID: f.Office.ID, Published: true}, []string{"A-KE", "B-VN", "C-REG"}, 3},
		{"other office scope", devcoop.ProjectFilter{}, devcoop.ProjectScope{OfficeID: f.Office2.ID}, []string{"B-VN"}, 1},
		{"public scope", devcoop.ProjectFilter{}, devcoop.ProjectScope{Published: true}, []string{"B-VN"}, 1},
		{"donor scope", devcoop.ProjectFilter{}, devcoop.ProjectScope{PartnerID: f.Partner.ID}, []string{"A-KE", "C-REG"}, 2},
		{"empty scope", devcoop.ProjectFilter{}, devcoop.ProjectScope{}, nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, total, err := s.Projects(ctx, tc.f, tc.scope)
			must(t, err)
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Code)
			}
			if fmt.Sprint(codes) != fmt.Sprint(tc.want) || total != tc.total {
				t.Errorf("got %v (total %d), want %v (total %d)", codes, total, tc.want, tc.total)
			}
		})
	}
	ps, _, err := s.Projects(ctx, devcoop.ProjectFilter{Country: "KE"}, all)
	must(t, err)
	if len(ps) != 1 || len(ps[0].Countries) != 2 || len(ps[0].Budgets) != 2 {
		t.Errorf("a listed project lacks its splits: %+v", ps)
	}
	if _, _, err := s.Projects(ctx, devcoop.ProjectFilter{Sort: "drop table"}, all); devcoop.ErrorKind(err) != devcoop.KindInvalid {
		t.Errorf("bad sort: %v", err)
	}
}

func testOptimisticConcurrency(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	p := NewProject(f, "OCC")
	createProject(t, s, p)
	first, _ := s.Project(ctx, p.ID)
	second, _ := s.Project(ctx, p.ID)
	first.Title = "First editor's title"
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProject(ctx, first) }))
	second.Title = "Second editor's title"
	second.Countries = nil
	err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProject(ctx, second) })
	if devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Fatalf("stale update: %v, want a conflict", err)
	}
	got, _ := s.Project(ctx, p.ID)
	if got.Title != "First editor's title" || got.Version != 2 || len(got.Countries) != 2 {
		t.Errorf("stale update overwrote something: %+v", got)
	}
	// Partners too.
	pa, _ := s.Partner(ctx, f.Partner.ID)
	stale := *pa
	pa.Name = "Kingdom of Sweden"
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdatePartner(ctx, pa) }))
	stale.Name = "Sverige"
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdatePartner(ctx, &stale) }); devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("stale partner update: %v", err)
	}
	missing := *pa
	missing.ID = 9999
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdatePartner(ctx, &missing) }); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("update of a missing partner: %v", err)
	}
}

func testRollback(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	before, _ := s.DataVersion(ctx)
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateProject(ctx, NewProject(f, "HALF")); err != nil {
			return err
		}
		if err := tx.AddAudit(ctx, &devcoop.AuditEvent{Actor: "x", Action: "create", Entity: "project", EntityID: "HALF"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.ProjectByCode(ctx, "HALF"); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("half-saved project: %v", err)
	}
	if ev, _ := s.Audit(ctx, devcoop.AuditFilter{Entity: "project"}); len(ev) != 0 {
		t.Errorf("audit of a rolled-back change survived: %+v", ev)
	}
	if after, _ := s.DataVersion(ctx); after != before {
		t.Errorf("data version moved on rollback: %d → %d", before, after)
	}
	// A failing child insert (unknown country) leaves no project behind.
	p := NewProject(f, "BADCHILD")
	p.Countries = []devcoop.CountryShare{{Country: "ZZ", Percentage: money.MustParse("100")}}
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateProject(ctx, p) }); err == nil {
		t.Fatal("a project with an unknown country was stored")
	}
	if _, err := s.ProjectByCode(ctx, "BADCHILD"); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("project half-saved after a child failed: %v", err)
	}
}

func testAudit(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	Seed(t, s)
	v0, _ := s.DataVersion(ctx)
	at := time.Date(2014, 3, 1, 12, 30, 0, 0, time.UTC)
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		return tx.AddAudit(ctx, &devcoop.AuditEvent{At: at, UserID: 7, Actor: "a@b.org", Action: "update", Entity: "partner", EntityID: "1", Before: `{"name":"A"}`, After: `{"name":"B"}`})
	}))
	ev, err := s.Audit(ctx, devcoop.AuditFilter{Entity: "partner", EntityID: "1"})
	must(t, err)
	if len(ev) != 1 || !ev[0].At.Equal(at) || ev[0].Before != `{"name":"A"}` || ev[0].After != `{"name":"B"}` || ev[0].UserID != 7 {
		t.Errorf("audit = %+v", ev)
	}
	if v1, _ := s.DataVersion(ctx); v1 <= v0 {
		t.Errorf("data version did not move: %d → %d", v0, v1)
	}
}

func testConstraintKinds(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	createProject(t, s, NewProject(f, "DUP"))
	err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateProject(ctx, NewProject(f, "DUP")) })
	if devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("duplicate code: %v (kind %v)", err, devcoop.ErrorKind(err))
	}
	p := NewProject(f, "NOOFFICE")
	p.OfficeID = 4242
	err = s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateProject(ctx, p) })
	if devcoop.ErrorKind(err) != devcoop.KindInvalid {
		t.Errorf("missing office: %v (kind %v)", err, devcoop.ErrorKind(err))
	}
}

func testExactMoney(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	p := NewProject(f, "EXACT")
	amounts := []string{"0.01", "123456789012345.67", "-2500.10", "0.333333333333"}
	p.Budgets = nil
	for i, a := range amounts {
		d := devcoop.MustDate(fmt.Sprintf("%d-01-01", 2014+i))
		p.Budgets = append(p.Budgets, devcoop.Budget{PeriodStart: d, PeriodEnd: d.AddDays(364), Amount: money.MustParse(a), Currency: "USD", ValueDate: d})
	}
	p.Countries = []devcoop.CountryShare{{Country: "KE", Percentage: money.MustParse("33.33")}, {Country: "UG", Percentage: money.MustParse("66.67")}}
	createProject(t, s, p)
	got, err := s.Project(ctx, p.ID)
	must(t, err)
	for i, a := range amounts {
		if !got.Budgets[i].Amount.Equal(money.MustParse(a)) {
			t.Errorf("budget %d = %s, want %s", i, got.Budgets[i].Amount, a)
		}
	}
	if !got.Countries[0].Percentage.Equal(money.MustParse("33.33")) {
		t.Errorf("percentage = %s", got.Countries[0].Percentage)
	}
}

func testAgreements(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	p := NewProject(f, "AGR")
	createProject(t, s, p)
	a := &devcoop.Agreement{Code: "SWE-2014-01", PartnerID: f.Partner.ID, Title: "Youth employment", Modality: devcoop.ModalityEarmarked,
		Currency: "SEK", Amount: money.MustParse("20000000"), Start: devcoop.MustDate("2014-01-01"), End: devcoop.MustDate("2016-12-31"),
		SignedDate: devcoop.MustDate("2013-12-10"), Status: devcoop.AgreementSigned,
		Tranches: []devcoop.Tranche{
			{ExpectedDate: devcoop.MustDate("2014-02-01"), ExpectedAmount: money.MustParse("10000000"), ReceivedDate: devcoop.MustDate("2014-02-14"), ReceivedAmount: money.MustParse("10000000")},
			{ExpectedDate: devcoop.MustDate("2015-02-01"), ExpectedAmount: money.MustParse("10000000")},
		},
		Allocations: []devcoop.AgreementAllocation{{ProjectID: p.ID, Amount: money.MustParse("15000000")}, {Region: "AFR", Amount: money.MustParse("5000000")}},
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateAgreement(ctx, a) }))
	got, err := s.Agreement(ctx, a.ID)
	must(t, err)
	if got.Currency != "SEK" || !got.Amount.Equal(money.MustParse("20000000")) || got.SignedDate != devcoop.MustDate("2013-12-10") || !got.MultiAnnual() {
		t.Errorf("agreement = %+v", got)
	}
	if len(got.Tranches) != 2 || !got.Tranches[0].Received() || got.Tranches[1].Received() || got.Tranches[1].Seq != 2 {
		t.Errorf("tranches = %+v", got.Tranches)
	}
	if len(got.Allocations) != 2 || got.Allocations[0].ProjectID != p.ID || got.Allocations[1].Region != "AFR" || got.Allocations[1].ProjectID != 0 {
		t.Errorf("allocations = %+v", got.Allocations)
	}
	list, err := s.Agreements(ctx, devcoop.AgreementFilter{PartnerID: f.Partner.ID})
	must(t, err)
	if len(list) != 1 || len(list[0].Tranches) != 2 {
		t.Errorf("list = %+v", list)
	}
	// Donor scope reaches projects through agreement allocations too.
	p2 := NewProject(f, "AGR2")
	p2.Funders = nil
	createProject(t, s, p2)
	got.Allocations = append(got.Allocations, devcoop.AgreementAllocation{ProjectID: p2.ID, Amount: money.MustParse("1")})
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateAgreement(ctx, got) }))
	ps, _, err := s.Projects(ctx, devcoop.ProjectFilter{}, devcoop.ProjectScope{PartnerID: f.Partner.ID})
	must(t, err)
	if len(ps) != 2 {
		t.Errorf("donor sees %d projects, want 2", len(ps))
	}
}

func testTransactions(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	p := NewProject(f, "TX")
	createProject(t, s, p)
	for _, tr := range []devcoop.Transaction{
		{ProjectID: p.ID, Type: devcoop.TxExpenditure, Date: devcoop.MustDate("2014-06-30"), Amount: money.MustParse("250000.50"), Currency: "USD", ValueDate: devcoop.MustDate("2014-06-30")},
		{ProjectID: p.ID, Type: devcoop.TxIncomingFunds, Date: devcoop.MustDate("2014-02-14"), Amount: money.MustParse("10000000"), Currency: "SEK", ValueDate: devcoop.MustDate("2014-02-14"), ProviderPartnerID: f.Partner.ID, ProviderRef: "SE-0"},
	} {
		must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateTransaction(ctx, &tr) }))
	}
	all, err := s.Transactions(ctx, devcoop.TransactionFilter{ProjectID: p.ID})
	must(t, err)
	if len(all) != 2 || all[0].Type != devcoop.TxIncomingFunds || all[0].ProviderPartnerID != f.Partner.ID || all[1].AgreementID != 0 {
		t.Errorf("transactions = %+v", all)
	}
	exp, _ := s.Transactions(ctx, devcoop.TransactionFilter{ProjectID: p.ID, Type: devcoop.TxExpenditure})
	if len(exp) != 1 || exp[0].Amount.String() != "250000.50" {
		t.Errorf("expenditure = %+v", exp)
	}
}

func testRates(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	m := time.Date(2014, 2, 1, 0, 0, 0, 0, time.UTC)
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.PutRate(ctx, money.Rate{Currency: "EUR", Month: m, USDPer: money.MustParse("1.3612"), Source: "test"}); err != nil {
			return err
		}
		return tx.PutRate(ctx, money.Rate{Currency: "EUR", Month: m.AddDate(0, 0, 14), USDPer: money.MustParse("1.3700"), Source: "corrected"})
	}))
	rs, err := s.Rates(ctx)
	must(t, err)
	if len(rs) != 1 || !rs[0].Month.Equal(m) || rs[0].USDPer.String() != "1.3700" || rs[0].Source != "corrected" {
		t.Errorf("rates = %+v", rs)
	}
}

func testUsers(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	u := &devcoop.User{Email: "po@example.org", Name: "Programme Officer", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer, devcoop.RoleAppraiser},
		OfficeID: f.Office.ID, OutcomeIDs: []int64{f.Outcome.ID}, PasswordHash: "hash"}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateUser(ctx, u) }))
	got, err := s.UserByEmail(ctx, " PO@example.org ")
	must(t, err)
	if got.ID != u.ID || !got.Has(devcoop.RoleAppraiser) || got.OfficeID != f.Office.ID || len(got.OutcomeIDs) != 1 || got.PasswordHash != "hash" || got.CreatedAt.IsZero() {
		t.Errorf("user = %+v", got)
	}
	dup := &devcoop.User{Email: "po@example.org", Roles: []devcoop.Role{devcoop.RoleViewer}}
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateUser(ctx, dup) }); devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("duplicate email: %v", err)
	}
	lock := time.Now().Add(15 * time.Minute).UTC().Truncate(time.Second)
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.RecordLogin(ctx, u.ID, 5, lock, time.Time{}) }))
	got, _ = s.User(ctx, u.ID)
	if got.FailedLogins != 5 || !got.LockedUntil.Equal(lock) || got.Version != 1 {
		t.Errorf("after failed logins: %d %v v%d", got.FailedLogins, got.LockedUntil, got.Version)
	}
	now := time.Now().UTC().Truncate(time.Second)
	sess := &devcoop.Session{ID: "sess-hash", UserID: u.ID, CSRF: "csrf", CreatedAt: now, ExpiresAt: now.Add(time.Hour), SeenAt: now}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateSession(ctx, sess) }))
	gs, err := s.Session(ctx, "sess-hash")
	must(t, err)
	if gs.UserID != u.ID || gs.CSRF != "csrf" || !gs.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("session = %+v", gs)
	}
	must(t, s.TouchSession(ctx, "sess-hash", now.Add(time.Minute), now.Add(2*time.Hour)))
	gs, _ = s.Session(ctx, "sess-hash")
	if !gs.ExpiresAt.Equal(now.Add(2 * time.Hour)) {
		t.Errorf("touched session expires %v", gs.ExpiresAt)
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.DeleteUserSessions(ctx, u.ID) }))
	if _, err := s.Session(ctx, "sess-hash"); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("deleted session: %v", err)
	}
	tok := &devcoop.APIToken{UserID: u.ID, Name: "ci", Hash: "tok-hash", Prefix: "dc_abc", CreatedAt: now}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateToken(ctx, tok) }))
	gt, err := s.TokenByHash(ctx, "tok-hash")
	must(t, err)
	if gt.UserID != u.ID || gt.Revoked {
		t.Errorf("token = %+v", gt)
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.RevokeToken(ctx, u.ID, tok.ID) }))
	gt, _ = s.TokenByHash(ctx, "tok-hash")
	if !gt.Revoked {
		t.Error("token not revoked")
	}
	got.Roles = []devcoop.Role{devcoop.RoleViewer}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateUser(ctx, got) }))
	got, _ = s.User(ctx, u.ID)
	if len(got.Roles) != 1 || got.Roles[0] != devcoop.RoleViewer || got.Version != 2 {
		t.Errorf("updated user = %+v", got)
	}
}

func testNotFound(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["project"] = s.Project(ctx, 1)
	_, checks["partner"] = s.Partner(ctx, 1)
	_, checks["agreement"] = s.Agreement(ctx, 1)
	_, checks["user"] = s.User(ctx, 1)
	_, checks["session"] = s.Session(ctx, "x")
	_, checks["token"] = s.TokenByHash(ctx, "x")
	for what, err := range checks {
		if devcoop.ErrorKind(err) != devcoop.KindNotFound {
			t.Errorf("%s: %v, want not found", what, err)
		}
	}
}

func testWorkplans(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	w := &devcoop.Workplan{Period: "2014-15", OutcomeID: f.Outcome.ID, Summary: "Employment policies in Africa",
		Targets: []devcoop.WorkplanTarget{{Component: "KEN 126", IndicatorID: f.Outcome.Indicators[0].ID, Result: "National employment policy adopted", MemberStates: 1,
			Milestones: []devcoop.Milestone{{Due: devcoop.MustDate("2014-12-31"), Description: "Draft validated", Status: devcoop.MilestoneMet}, {Due: devcoop.MustDate("2015-09-30"), Description: "Adopted", Status: devcoop.MilestoneAtRisk}}}},
		Requirements: []devcoop.Requirement{{Component: "KE", Amount: money.MustParse("2500000.00"), MinRBSA: money.MustParse("100000"), MaxRBSA: money.MustParse("900000")}, {Component: "GLOBAL", Amount: money.MustParse("750000")}},
		Plans:        []devcoop.SourcePlan{{Component: "KE", Source: devcoop.SourceRB, Amount: money.MustParse("400000.00")}, {Component: "KE", Source: devcoop.SourceRBTC, Amount: money.MustParse("50000")}},
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateWorkplan(ctx, w) }))
	got, err := s.Workplan(ctx, w.ID)
	must(t, err)
	if got.Outcome != "1" || got.Version != 1 || len(got.Targets) != 1 || len(got.Targets[0].Milestones) != 2 || !got.Targets[0].AtRisk() ||
		len(got.Requirements) != 2 || got.Requirements[0].MaxRBSA.String() != "900000" || len(got.Plans) != 2 || got.Plans[1].Source != devcoop.SourceRBTC {
		t.Errorf("workplan = %+v", got)
	}
	dup := &devcoop.Workplan{Period: "2014-15", OutcomeID: f.Outcome.ID}
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateWorkplan(ctx, dup) }); devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("second workplan for an outcome: %v", err)
	}
	stale := *got
	got.Requirements = got.Requirements[:1]
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateWorkplan(ctx, got) }))
	stale.Summary = "stale"
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateWorkplan(ctx, &stale) }); devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("stale workplan update: %v", err)
	}
	list, err := s.Workplans(ctx, "2014-15")
	must(t, err)
	if len(list) != 1 || len(list[0].Requirements) != 1 || list[0].Summary != "Employment policies in Africa" || list[0].Version != 2 {
		t.Errorf("workplans = %+v", list)
	}
}

func testDecisionsScenariosSettings(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	d := &devcoop.AllocationDecision{Period: "2014-15", Pool: "RBSA", OutcomeID: f.Outcome.ID, Component: "KE", Amount: money.MustParse("350000.00"), Reason: "priority 1", DecidedBy: 1, DecidedAt: devcoop.MustDate("2014-03-01")}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateDecision(ctx, d) }))
	ds, err := s.Decisions(ctx, "2014-15")
	must(t, err)
	if len(ds) != 1 || ds[0].Outcome != "1" || ds[0].Amount.String() != "350000.00" || ds[0].DecidedAt != devcoop.MustDate("2014-03-01") {
		t.Errorf("decisions = %+v", ds)
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.DeleteDecision(ctx, d.ID) }))
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.DeleteDecision(ctx, d.ID) }); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("deleting twice: %v", err)
	}
	sc := &devcoop.Scenario{Period: "2014-15", Name: "Norway signs", Pools: []devcoop.Pool{{ID: "RBSA", Amount: money.MustParse("1000000"), Regions: []string{"AFR"}}}, Signed: []int64{3}, CreatedBy: 1}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateScenario(ctx, sc) }))
	gs, err := s.Scenario(ctx, sc.ID)
	must(t, err)
	if gs.Name != "Norway signs" || len(gs.Pools) != 1 || gs.Pools[0].Regions[0] != "AFR" || gs.Signed[0] != 3 || gs.CreatedAt.IsZero() {
		t.Errorf("scenario = %+v", gs)
	}
	if _, err := s.Setting(ctx, "priority"); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("missing setting: %v", err)
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.PutSetting(ctx, "priority", `{"a":1}`) }))
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.PutSetting(ctx, "priority", `{"a":2}`) }))
	if v, _ := s.Setting(ctx, "priority"); v != `{"a":2}` {
		t.Errorf("setting = %s", v)
	}
}

func testOpportunities(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	o := &devcoop.Opportunity{Code: "OPP-1", PartnerID: f.Partner.ID, Title: "Youth employment, phase II", Stage: devcoop.StageConcept, Modality: devcoop.ModalityEarmarked,
		Currency: "SEK", Amount: money.MustParse("30000000"), ExpectedSign: devcoop.MustDate("2015-03-01"), Probability: money.MustParse("40"), Period: "2014-15", MultiAnnual: true,
		OfficeID: f.Office.ID, Targets: []devcoop.OpportunityTarget{{OutcomeID: f.Outcome.ID, Component: "KE", Percentage: money.MustParse("100")}}}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateOpportunity(ctx, o) }))
	got, err := s.Opportunity(ctx, o.ID)
	must(t, err)
	if got.Stage != devcoop.StageConcept || !got.MultiAnnual || got.Probability.String() != "40" || len(got.Targets) != 1 || got.OfficeID != f.Office.ID || got.ProposalID != 0 {
		t.Errorf("opportunity = %+v", got)
	}
	stale := *got
	got.Stage = devcoop.StageNegotiation
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateOpportunity(ctx, got) }))
	stale.Stage = devcoop.StageLost
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateOpportunity(ctx, &stale) }); devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("stale opportunity: %v", err)
	}
	list, err := s.Opportunities(ctx, devcoop.OpportunityFilter{Period: "2014-15", Stage: devcoop.StageNegotiation})
	must(t, err)
	if len(list) != 1 || len(list[0].Targets) != 1 {
		t.Errorf("opportunities = %+v", list)
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.PutPeriodTarget(ctx, devcoop.PeriodTarget{Period: "2014-15", Amount: money.MustParse("450000000")}); err != nil {
			return err
		}
		return tx.PutPeriodTarget(ctx, devcoop.PeriodTarget{Period: "2014-15", Modality: devcoop.ModalityUnearmarked, Amount: money.MustParse("40000000")})
	}))
	ts, err := s.PeriodTargets(ctx, "2014-15")
	must(t, err)
	if len(ts) != 2 || ts[0].Modality != "" || ts[0].Amount.String() != "450000000" {
		t.Errorf("targets = %+v", ts)
	}
}

func testContactsAndReports(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	p, _ := s.Partner(ctx, f.Partner.ID)
	p.Contacts = []devcoop.Contact{{Name: "Anna Lind", Role: "Desk officer", Email: "anna@example.se"}}
	p.Notes = "Framework agreement under negotiation."
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdatePartner(ctx, p) }))
	got, _ := s.Partner(ctx, f.Partner.ID)
	if len(got.Contacts) != 1 || got.Contacts[0].Email != "anna@example.se" || got.Notes == "" {
		t.Errorf("partner = %+v", got)
	}
	all, _ := s.Partners(ctx, devcoop.PartnerFilter{})
	if len(all) != 1 || len(all[0].Contacts) != 1 {
		t.Errorf("listed partners lack contacts: %+v", all)
	}
	a := &devcoop.Agreement{Code: "SWE-R", PartnerID: f.Partner.ID, Modality: devcoop.ModalityUnearmarked, Currency: "SEK", Amount: money.MustParse("1000"),
		Start: devcoop.MustDate("2014-01-01"), End: devcoop.MustDate("2014-12-31"), Status: devcoop.AgreementSigned, SignedDate: devcoop.MustDate("2013-12-01"),
		DiscloseName: true, OfficeID: f.Office.ID,
		Reports: []devcoop.ReportObligation{{Kind: devcoop.ReportNarrative, Title: "Annual report", Due: devcoop.MustDate("2015-03-31"), OfficeID: f.Office.ID}}}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateAgreement(ctx, a) }))
	ga, _ := s.Agreement(ctx, a.ID)
	if len(ga.Reports) != 1 || ga.Reports[0].ID == 0 || !ga.DiscloseName || ga.DiscloseDocs || ga.OfficeID != f.Office.ID {
		t.Fatalf("agreement = %+v", ga)
	}
	rid := ga.Reports[0].ID
	ga.Reports[0].Submitted = devcoop.MustDate("2015-03-20")
	ga.Reports = append(ga.Reports, devcoop.ReportObligation{Kind: devcoop.ReportFinancial, Title: "Certified statement", Due: devcoop.MustDate("2015-06-30")})
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateAgreement(ctx, ga) }))
	ga, _ = s.Agreement(ctx, a.ID)
	if len(ga.Reports) != 2 || ga.Reports[0].ID != rid || ga.Reports[0].Submitted != devcoop.MustDate("2015-03-20") || ga.Reports[1].ID == 0 {
		t.Errorf("reports after update = %+v", ga.Reports)
	}
}

func testProposals(t *testing.T, s devcoop.Store) {
	ctx := context.Background()
	f := Seed(t, s)
	r := &devcoop.ProposalRecord{Proposal: devcoop.Proposal{Title: "Decent work for domestic workers", OfficeID: f.Office.ID, PartnerID: f.Partner.ID,
		Amount: money.MustParse("1250000.50"), Currency: "EUR", DurationMonths: 24, Countries: []string{"KE"}, CPOs: []string{"KEN 126"}, Outcomes: []string{"1"}}, CreatedBy: 1}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateProposal(ctx, r) }))
	got, err := s.Proposal(ctx, r.ID)
	must(t, err)
	if got.Title != r.Title || got.Status != devcoop.ProposalDraft || got.Version != 1 || got.Revision != 1 || !got.Amount.Equal(money.MustParse("1250000.50")) || got.CPOs[0] != "KEN 126" {
		t.Fatalf("proposal = %+v", got)
	}
	stale := *got
	got.Status = devcoop.ProposalSubmitted
	got.SubmittedBy = 1
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProposal(ctx, got, false) }))
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProposal(ctx, &stale, true) }); devcoop.ErrorKind(err) != devcoop.KindConflict {
		t.Errorf("stale update: %v", err)
	}
	got.Title = "Decent work for domestic workers, revised"
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProposal(ctx, got, true) }))
	again, _ := s.Proposal(ctx, r.ID)
	if again.Version != 2 || again.Revision != 3 || again.Status != devcoop.ProposalSubmitted || again.SubmittedBy != 1 {
		t.Errorf("after updates: version %d revision %d %s", again.Version, again.Revision, again.Status)
	}
	vs, err := s.ProposalVersions(ctx, r.ID)
	must(t, err)
	if len(vs) != 2 || vs[1].Version != 2 || !strings.Contains(vs[1].Body, "revised") || strings.Contains(vs[0].Body, "revised") {
		t.Errorf("versions = %+v", vs)
	}
	list, _ := s.Proposals(ctx, devcoop.ProposalFilter{States: []devcoop.ProposalState{devcoop.ProposalSubmitted}})
	if len(list) != 1 {
		t.Errorf("submitted proposals: %d", len(list))
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.AddProposalEvent(ctx, r.ID, &devcoop.ProposalEvent{UserID: 1, Actor: "po@x.org", From: devcoop.ProposalDraft, To: devcoop.ProposalSubmitted, Action: "submit", Version: 1}); err != nil {
			return err
		}
		return tx.AddProposalComment(ctx, r.ID, &devcoop.ProposalComment{UserID: 2, Author: "appraiser@x.org", Path: "logframe.outcomes[0]", Body: "Needs a baseline."})
	}))
	evs, _ := s.ProposalEvents(ctx, r.ID)
	cms, _ := s.ProposalComments(ctx, r.ID)
	if len(evs[r.ID]) != 1 || evs[r.ID][0].To != devcoop.ProposalSubmitted || len(cms) != 1 || cms[0].Path != "logframe.outcomes[0]" {
		t.Errorf("events %+v comments %+v", evs, cms)
	}
	u := &devcoop.User{Email: "n@x.org", Roles: []devcoop.Role{devcoop.RoleViewer}}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.AddNotification(ctx, &devcoop.Notification{UserID: u.ID, Text: "Proposal submitted", Link: "/proposals/1"})
	}))
	if n, _ := s.UnreadNotifications(ctx, u.ID); n != 1 {
		t.Errorf("unread = %d", n)
	}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.MarkNotificationsRead(ctx, u.ID) }))
	ns, _ := s.Notifications(ctx, u.ID, 10)
	if n, _ := s.UnreadNotifications(ctx, u.ID); n != 0 || len(ns) != 1 || !ns[0].Read {
		t.Errorf("after reading: %d unread, %+v", n, ns)
	}

	// Opening one notification reads it alone, and only for its user.
	n2 := &devcoop.Notification{UserID: u.ID, Text: "Proposal cleared", Link: "/proposals/2"}
	n3 := &devcoop.Notification{UserID: u.ID, Text: "Proposal approved", Link: "/proposals/3"}
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.AddNotification(ctx, n2); err != nil {
			return err
		}
		return tx.AddNotification(ctx, n3)
	}))
	if err := s.Update(ctx, func(tx devcoop.StoreTx) error { _, err := tx.OpenNotification(ctx, u.ID+1000, n2.ID); return err }); devcoop.ErrorKind(err) != devcoop.KindNotFound {
		t.Errorf("another user's notification: %v", err)
	}
	var link string
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error {
		var err error
		link, err = tx.OpenNotification(ctx, u.ID, n2.ID)
		return err
	}))
	if n, _ := s.UnreadNotifications(ctx, u.ID); n != 1 || link != "/proposals/2" {
		t.Errorf("after opening one: %d unread, link %q", n, link)
	}

	// A history recorded after the fact keeps its times.
	created, decided := time.Date(2015, 3, 2, 9, 0, 0, 0, time.UTC), time.Date(2015, 4, 14, 16, 30, 0, 0, time.UTC)
	h := &devcoop.ProposalRecord{Proposal: r.Proposal, CreatedBy: 1}
	h.Title = "Recorded later"
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateProposal(devcoop.WithWriteTime(ctx, created), h) }))
	h, _ = s.Proposal(ctx, h.ID)
	if !h.CreatedAt.Equal(created) || !h.StateSince.Equal(created) || !h.UpdatedAt.Equal(created) {
		t.Errorf("created %v, state since %v, updated %v; want %v", h.CreatedAt, h.StateSince, h.UpdatedAt, created)
	}
	h.Status = devcoop.ProposalSubmitted
	must(t, s.Update(ctx, func(tx devcoop.StoreTx) error { return tx.UpdateProposal(devcoop.WithWriteTime(ctx, decided), h, true) }))
	h, _ = s.Proposal(ctx, h.ID)
	vs, _ = s.ProposalVersions(ctx, h.ID)
	if !h.CreatedAt.Equal(created) || !h.StateSince.Equal(decided) || !h.UpdatedAt.Equal(decided) || len(vs) != 2 || !vs[0].CreatedAt.Equal(created) || !vs[1].CreatedAt.Equal(decided) {
		t.Errorf("after a dated update: created %v, state since %v, updated %v, versions %+v", h.CreatedAt, h.StateSince, h.UpdatedAt, vs)
	}
}
