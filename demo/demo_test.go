package demo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/app"
	"devcoop/codelist"
	"devcoop/dbtest"
	"devcoop/demo"
	"devcoop/money"
	"devcoop/sqlstore"
)

// fakeHash stands in for the caller's argon2id hasher.
func fakeHash(pw string) (string, error) { return "fake$" + pw, nil }

func load(t testing.TB, s devcoop.Store, opt demo.Options) *demo.Stats {
	t.Helper()
	start := time.Now()
	st, err := demo.Load(context.Background(), s, opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	t.Logf("loaded %d projects, %d agreements, %d transactions on %s in %s", st.Projects, st.Agreements, st.Transactions,
		s.Engine(), time.Since(start).Round(time.Millisecond))
	return st
}

// TestLoad loads the full portfolio on every engine, reads it back and
// checks it against the brief and the domain's rules.
func TestLoad(t *testing.T) {
	var dumps [][]byte
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		st := load(t, db, demo.Options{Password: "demo-password", HashPassword: fakeHash})
		x := read(t, db)
		dumps = append(dumps, x.dump(t))
		pf, err := app.LoadPortfolio(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("Stats", func(t *testing.T) { checkStats(t, st, x) })
		t.Run("Contract", func(t *testing.T) { checkContract(t, x) })
		t.Run("Validity", func(t *testing.T) { checkValidity(t, x) })
		t.Run("Consistency", func(t *testing.T) { checkConsistency(t, x) })
		t.Run("Plausibility", func(t *testing.T) { checkPlausibility(t, x) })
		t.Run("Users", func(t *testing.T) { checkUsers(t, x) })
		t.Run("Workplans", func(t *testing.T) { checkWorkplans(t, x, pf) })
		t.Run("Pipeline", func(t *testing.T) { checkPipeline(t, x, pf) })
		t.Run("Reports", func(t *testing.T) { checkReports(t, x) })
		t.Run("Contacts", func(t *testing.T) { checkContacts(t, x) })
		t.Run("Proposals", func(t *testing.T) { checkProposals(t, st, x, pf) })
		t.Run("Engines", func(t *testing.T) { checkEngines(t, st, pf) })
		t.Run("Audit", func(t *testing.T) { checkAudit(t, db) })
		t.Run("RefusesSecondLoad", func(t *testing.T) {
			before := x.dump(t)
			_, err := demo.Load(context.Background(), db, demo.Options{Projects: 50})
			if devcoop.ErrorKind(err) != devcoop.KindConflict || !strings.Contains(err.Error(), "empty database") {
				t.Fatalf("second load: err = %v, want a conflict about an empty database", err)
			}
			if after := read(t, db).dump(t); !bytes.Equal(before, after) {
				t.Errorf("a refused load changed the store: %s", firstDifference(before, after))
			}
		})
	})
	// Every engine holds the same portfolio.
	for i := 1; i < len(dumps); i++ {
		if !bytes.Equal(dumps[0], dumps[i]) {
			t.Errorf("%s and %s hold different portfolios: %s", dbtest.Engines()[0], dbtest.Engines()[i], firstDifference(dumps[0], dumps[i]))
		}
	}
}

func checkStats(t *testing.T, st *demo.Stats, x *snapshot) {
	if st.Projects != len(x.projects) || st.Agreements != len(x.agreements) || st.Transactions != len(x.txs) ||
		st.Partners != len(x.partners) || st.Countries != len(x.countries) || st.Rates != len(x.rates) || st.Users != len(x.users) ||
		st.CPOs != len(x.cpos) || st.DWCPs != len(x.dwcps) || st.Offices != len(x.offices) || st.Outcomes != len(x.outcomes) {
		t.Errorf("stats %+v do not match the store's counts", st)
	}
	milestones, requirements, plans, reports, contacts := 0, 0, 0, 0, 0
	for _, w := range x.workplans {
		for _, tg := range w.Targets {
			milestones += len(tg.Milestones)
		}
		requirements += len(w.Requirements)
		plans += len(w.Plans)
	}
	for _, a := range x.agreements {
		reports += len(a.Reports)
	}
	for _, p := range x.partners {
		contacts += len(p.Contacts)
	}
	if st.Workplans != len(x.workplans) || st.Decisions != len(x.decisions) || st.Opportunities != len(x.opportunities) ||
		st.PeriodTargets != len(x.targets) || st.Scenarios != len(x.scenarios) || st.Milestones != milestones ||
		st.Requirements != requirements || st.SourcePlans != plans || st.Reports != reports || st.Contacts != contacts {
		t.Errorf("stats %+v do not match the store's planning and mobilization counts", st)
	}
	if st.Seed != demo.DefaultSeed || st.Today != demo.Today() {
		t.Errorf("stats seed %d today %s", st.Seed, st.Today)
	}
	if signed := signedUSD(t, x); !st.SignedUSD.Equal(signed) {
		t.Errorf("stats say US$ %s signed, the store US$ %s", st.SignedUSD, signed)
	}
	if !strings.Contains(st.String(), "1100 projects") {
		t.Errorf("summary:\n%s", st)
	}
}

func checkContract(t *testing.T, x *snapshot) {
	if len(x.projects) < 1000 {
		t.Errorf("%d projects, want at least 1,000", len(x.projects))
	}
	if len(x.regions) != 5 {
		t.Errorf("%d regions, want 5", len(x.regions))
	}
	perRegion := map[string]int{}
	for _, c := range x.countries {
		perRegion[c.Region]++
	}
	for _, r := range x.regions {
		if perRegion[r.Code] < 8 {
			t.Errorf("region %s has %d countries", r.Code, perRegion[r.Code])
		}
	}
	if len(x.countries) < 85 {
		t.Errorf("%d countries, want at least 85", len(x.countries))
	}
	recipients := map[string]bool{}
	for _, p := range x.projects {
		for _, c := range p.Countries {
			recipients[c.Country] = true
		}
	}
	if len(recipients) < 80 {
		t.Errorf("projects work in %d countries, want more than 80", len(recipients))
	}
	priority := 0
	for _, c := range x.countries {
		if c.DWCPPriority {
			priority++
		}
	}
	if priority*100 < len(x.countries)*30 || priority*100 > len(x.countries)*50 {
		t.Errorf("%d of %d countries are DWCP priorities, want about 40%%", priority, len(x.countries))
	}
	kinds := map[devcoop.OfficeKind]int{}
	for _, o := range x.offices {
		kinds[o.Kind]++
	}
	if kinds[devcoop.OfficeHQ] < 8 || kinds[devcoop.OfficeRegional] != 5 || kinds[devcoop.OfficeCountry] < 35 {
		t.Errorf("offices by kind: %v", kinds)
	}

	if len(x.partners) < 60 {
		t.Errorf("%d partners, want at least 60", len(x.partners))
	}
	for _, k := range devcoop.PartnerKinds {
		if !slices.ContainsFunc(x.partners, func(p devcoop.Partner) bool { return p.Kind == k }) {
			t.Errorf("no partner of kind %s", k)
		}
	}
	newPartners := 0
	for _, p := range x.partners {
		if p.Since >= 2014 {
			newPartners++
		}
	}
	if newPartners < 3 {
		t.Errorf("%d partners new in 2014–15", newPartners)
	}

	// The 19 outcomes of 2014–15, as DOMAIN.md lists them.
	want := []struct{ code, objective, title string }{
		{"1", "SO1", "Employment promotion"}, {"2", "SO1", "Skills development"}, {"3", "SO1", "Sustainable enterprises"},
		{"4", "SO2", "Social security"}, {"5", "SO2", "Working conditions"}, {"6", "SO2", "Occupational safety and health"},
		{"7", "SO2", "Labour migration"}, {"8", "SO2", "HIV/AIDS and the world of work"},
		{"9", "SO3", "Employers' organizations"}, {"10", "SO3", "Workers' organizations"}, {"11", "SO3", "Labour administration and labour law"},
		{"12", "SO3", "Social dialogue and industrial relations"}, {"13", "SO3", "Decent work in economic sectors"},
		{"14", "SO4", "Freedom of association and collective bargaining"}, {"15", "SO4", "Forced labour"}, {"16", "SO4", "Child labour"},
		{"17", "SO4", "Discrimination at work"}, {"18", "SO4", "International labour standards"},
		{"19", "", "Mainstreaming decent work in national and multilateral policies"},
	}
	var current []devcoop.Outcome
	periods := map[string]int{}
	for _, o := range x.outcomes {
		periods[o.Period]++
		if o.Period == "2014-15" {
			current = append(current, o)
		}
		if len(o.Indicators) < 1 || len(o.Indicators) > 3 {
			t.Errorf("outcome %s/%s has %d indicators", o.Period, o.Code, len(o.Indicators))
		}
		for _, ind := range o.Indicators {
			if ind.Target <= 0 || ind.Baseline < 0 || ind.Title == "" {
				t.Errorf("indicator %s of %s: %+v", ind.Code, o.Period, ind)
			}
		}
	}
	if len(current) != len(want) {
		t.Fatalf("%d outcomes in 2014-15, want 19", len(current))
	}
	for i, w := range want {
		if o := current[i]; o.Code != w.code || o.Objective != w.objective || o.Title != w.title {
			t.Errorf("outcome %d = %s %q under %q, want %s %q under %q", i+1, o.Code, o.Title, o.Objective, w.code, w.title, w.objective)
		}
	}
	if periods["2012-13"] == 0 || periods["2016-17"] == 0 {
		t.Errorf("outcomes per period: %v", periods)
	}
	if len(x.objectives) != 4 {
		t.Errorf("%d strategic objectives", len(x.objectives))
	}
	var codes []string
	for _, p := range x.periods {
		codes = append(codes, p.Code)
		if p.Code == "2014-15" {
			if !p.Current || !p.VCTarget.Equal(money.MustParse("450000000")) {
				t.Errorf("2014-15: current %v, target %s", p.Current, p.VCTarget)
			}
		} else if p.Current || p.VCTarget.Sign() <= 0 {
			t.Errorf("%s: current %v, target %s", p.Code, p.Current, p.VCTarget)
		}
	}
	if !slices.Equal(codes, []string{"2012-13", "2014-15", "2016-17"}) {
		t.Errorf("periods %v", codes)
	}

	currencies := map[string]bool{}
	modalities := map[devcoop.Modality]bool{}
	statuses := map[devcoop.AgreementStatus]bool{}
	earmarks := map[string]bool{}
	multi, single := 0, 0
	for _, a := range x.agreements {
		currencies[a.Currency] = true
		modalities[a.Modality] = true
		statuses[a.Status] = true
		earmarks[a.EarmarkKind] = true
		if a.MultiAnnual() {
			multi++
		} else {
			single++
		}
	}
	if len(currencies) < 8 {
		t.Errorf("agreements in %d currencies, want at least 8", len(currencies))
	}
	for _, m := range devcoop.Modalities {
		if !modalities[m] {
			t.Errorf("no %s agreement", m)
		}
	}
	for _, s := range []devcoop.AgreementStatus{devcoop.AgreementSigned, devcoop.AgreementClosed, devcoop.AgreementDraft} {
		if !statuses[s] {
			t.Errorf("no %s agreement", s)
		}
	}
	for _, k := range []string{devcoop.EarmarkTheme, devcoop.EarmarkRegion, devcoop.EarmarkOutcome} {
		if !earmarks[k] {
			t.Errorf("no agreement lightly earmarked to a %s", k)
		}
	}
	if multi == 0 || single == 0 {
		t.Errorf("%d multi-annual and %d single-year agreements", multi, single)
	}

	if len(x.dwcps) < 50 || len(x.dwcps) > 75 {
		t.Errorf("%d DWCPs, want about 60", len(x.dwcps))
	}
	perDWCP := map[int64]int{}
	for _, c := range x.cpos {
		perDWCP[c.DWCPID]++
	}
	for _, d := range x.dwcps {
		if n := perDWCP[d.ID]; n < 2 || n > 6 {
			t.Errorf("DWCP of %s has %d CPOs", d.Country, n)
		}
	}

	projectStatuses := map[devcoop.ProjectStatus]int{}
	published := 0
	for _, p := range x.projects {
		projectStatuses[p.Status]++
		if p.Published {
			published++
		}
	}
	for _, s := range devcoop.ProjectStatuses {
		if projectStatuses[s] == 0 {
			t.Errorf("no %s project", s.Label())
		}
		if s != devcoop.StatusImplementation && projectStatuses[s] >= projectStatuses[devcoop.StatusImplementation] {
			t.Errorf("more %s projects than in implementation: %v", s.Label(), projectStatuses)
		}
	}
	if published*100 < len(x.projects)*60 || published*100 > len(x.projects)*85 {
		t.Errorf("%d of %d projects published, want about 70%%", published, len(x.projects))
	}
	if len(x.txs) < 5000 {
		t.Errorf("only %d transactions", len(x.txs))
	}

	signed := signedUSD(t, x)
	low, high := money.MustParse("382500000"), money.MustParse("472500000")
	if signed.LessThan(low) || signed.GreaterThan(high) {
		t.Errorf("signed in 2014-15 by %s: US$ %s, want 85–105%% of US$ 450 million", demo.Today(), signed)
	}
	t.Logf("signed in 2014-15 by %s: US$ %s in %d currencies", demo.Today(), signed.StringFixed(0), len(currencies))
}

// signedUSD sums the agreements signed in 2014–15 by the demo's today, at
// the rates of their signature dates.
func signedUSD(t *testing.T, x *snapshot) money.Decimal {
	t.Helper()
	rates := money.NewRates(x.rates)
	var sum money.Decimal
	for _, a := range x.agreements {
		if a.Status != devcoop.AgreementSigned && a.Status != devcoop.AgreementClosed {
			continue
		}
		if a.SignedDate.Before(devcoop.MustDate("2014-01-01")) || a.SignedDate.After(demo.Today()) {
			continue
		}
		c, err := rates.ToUSD(money.Money{Amount: a.Amount, Currency: a.Currency, ValueDate: a.SignedDate.Time})
		if err != nil {
			t.Fatal(err)
		}
		sum = sum.Add(c.USD)
	}
	return sum
}

var (
	projectCode = regexp.MustCompile(`^([A-Z]{3})/(\d{2})/\d{2,3}/[A-Z]{3}$`)
	cpoCode     = regexp.MustCompile(`^([A-Z]{3}) \d{3}$`)
)

// checkValidity checks every record against the domain's own rules and
// the code lists.
func checkValidity(t *testing.T, x *snapshot) {
	today := demo.Today()
	rates := money.NewRates(x.rates)
	converts := func(what string, m money.Money) {
		t.Helper()
		if _, err := rates.ToUSD(m); err != nil {
			t.Errorf("%s: %s on %s does not convert: %v", what, m, m.ValueDate.Format("2006-01-02"), err)
		}
	}
	hundred := money.FromInt(100)
	sum := func(ps ...money.Decimal) money.Decimal { return money.Sum(ps...) }

	for _, r := range x.regions {
		if !codelist.Region().Active(r.IATICode) && !codelist.Region().Has(r.IATICode) {
			t.Errorf("region %s: %s is not an IATI region", r.Code, r.IATICode)
		}
	}
	for _, c := range x.countries {
		if !devcoop.ValidCountry(c.Code) || !codelist.Country().Active(c.Code) || c.Name != codelist.Country().NameOf(c.Code) {
			t.Errorf("country %s %q is not as on the IATI Country list", c.Code, c.Name)
		}
		if !money.ValidCurrency(c.Currency) || !c.IncomeGroup.Valid() || c.ODAEligible == (c.IncomeGroup == devcoop.HighIncome) || len(c.Alpha3) != 3 {
			t.Errorf("country %+v", c)
		}
	}
	for _, p := range x.partners {
		if err := p.Validate(); err != nil {
			t.Errorf("partner %s: %v", p.Code, err)
		}
	}
	for _, r := range x.rates {
		if !money.ValidCurrency(r.Currency) || r.USDPer.Sign() <= 0 || r.Source != demo.RateSource {
			t.Errorf("rate %+v", r)
		}
	}
	alpha3 := map[string]string{}
	for _, c := range x.countries {
		alpha3[c.Code] = c.Alpha3
	}
	for _, c := range x.cpos {
		if m := cpoCode.FindStringSubmatch(c.Code); m == nil || m[1] != alpha3[c.Country] {
			t.Errorf("CPO code %q in %s", c.Code, c.Country)
		}
	}

	for _, p := range x.projects {
		c := *p
		if err := c.Validate(); err != nil {
			t.Errorf("project %s: %v", p.Code, err)
			continue
		}
		if m := projectCode.FindStringSubmatch(p.Code); m == nil || m[2] != p.PlannedStart.Format("06") {
			t.Errorf("project code %q (starts %s)", p.Code, p.PlannedStart)
		}
		if p.IATIIdentifier != demo.IATIOrganisation+"-"+p.Code {
			t.Errorf("project %s has IATI identifier %s", p.Code, p.IATIIdentifier)
		}
		var geo []money.Decimal
		for _, s := range p.Countries {
			geo = append(geo, s.Percentage)
		}
		for _, s := range p.Regions {
			geo = append(geo, s.Percentage)
		}
		if !strings.HasPrefix(p.Code, "GLO/") && !sum(geo...).Equal(hundred) {
			t.Errorf("project %s: geography sums to %s", p.Code, sum(geo...))
		}
		if len(geo) > 0 && !sum(geo...).Equal(hundred) {
			t.Errorf("project %s: geography sums to %s", p.Code, sum(geo...))
		}
		var ps []money.Decimal
		for _, s := range p.Sectors {
			ps = append(ps, s.Percentage)
			if !devcoop.ValidSector(s.Sector) {
				t.Errorf("project %s: sector %s is not active", p.Code, s.Sector)
			}
		}
		if !sum(ps...).Equal(hundred) {
			t.Errorf("project %s: sectors sum to %s", p.Code, sum(ps...))
		}
		ps = nil
		for _, s := range p.Outcomes {
			ps = append(ps, s.Percentage)
		}
		if !sum(ps...).Equal(hundred) || len(p.Outcomes) > 2 {
			t.Errorf("project %s: %d outcomes summing to %s", p.Code, len(p.Outcomes), sum(ps...))
		}
		ps = nil
		for _, s := range p.CPOs {
			ps = append(ps, s.Percentage)
		}
		if len(ps) > 0 && !sum(ps...).Equal(hundred) {
			t.Errorf("project %s: CPOs sum to %s", p.Code, sum(ps...))
		}
		ps = nil
		for _, s := range p.Funders {
			ps = append(ps, s.Percentage)
		}
		if (p.Source == devcoop.SourceXBDC) != (len(ps) > 0) || len(ps) > 0 && !sum(ps...).Equal(hundred) {
			t.Errorf("project %s (%s): funders %v", p.Code, p.Source, p.Funders)
		}
		for _, m := range p.PolicyMarkers {
			if !codelist.PolicyMarker().Active(m.Code) && !codelist.PolicyMarker().Has(m.Code) {
				t.Errorf("project %s: policy marker %s", p.Code, m.Code)
			}
		}
		if len(p.Budgets) == 0 {
			t.Errorf("project %s has no budget", p.Code)
		}
		for _, b := range p.Budgets {
			if !b.PeriodEnd.Before(devcoop.Date{Time: b.PeriodStart.AddDate(1, 0, 0)}) || b.ValueDate != b.PeriodStart || b.Amount.Sign() <= 0 || b.Currency != p.Currency {
				t.Errorf("project %s: budget %+v", p.Code, b)
			}
			converts("budget of "+p.Code, b.Money())
		}
		// Dates as they stand on today.
		started := !p.ActualStart.IsZero()
		switch {
		case started && p.ActualStart.After(today):
			t.Errorf("project %s started after today, on %s", p.Code, p.ActualStart)
		case started != (p.Status != devcoop.StatusPipeline && p.Status != devcoop.StatusCancelled):
			t.Errorf("project %s is %s with actual start %q", p.Code, p.Status.Label(), p.ActualStart)
		case !p.ActualEnd.IsZero() != (p.Status == devcoop.StatusClosed):
			t.Errorf("project %s is %s with actual end %q", p.Code, p.Status.Label(), p.ActualEnd)
		case !p.ActualEnd.IsZero() && p.ActualEnd.After(today):
			t.Errorf("project %s ended after today, on %s", p.Code, p.ActualEnd)
		}
	}

	for _, a := range x.agreements {
		c := *a
		if err := c.Validate(); err != nil {
			t.Errorf("agreement %s: %v", a.Code, err)
			continue
		}
		on := a.SignedDate
		if on.IsZero() {
			on = a.Start
		}
		converts("agreement "+a.Code, money.Money{Amount: a.Amount, Currency: a.Currency, ValueDate: on.Time})
		if (a.Status == devcoop.AgreementSigned || a.Status == devcoop.AgreementClosed) && (a.SignedDate.IsZero() || a.SignedDate.After(today)) {
			t.Errorf("agreement %s is %s, signed %q", a.Code, a.Status, a.SignedDate)
		}
		var expected money.Decimal
		for _, tr := range a.Tranches {
			expected = expected.Add(tr.ExpectedAmount)
			converts("tranche of "+a.Code, money.Money{Amount: tr.ExpectedAmount, Currency: a.Currency, ValueDate: tr.ExpectedDate.Time})
			if tr.Received() {
				converts("tranche of "+a.Code, money.Money{Amount: tr.ReceivedAmount, Currency: a.Currency, ValueDate: tr.ReceivedDate.Time})
				if tr.ReceivedDate.After(today) || a.Status == devcoop.AgreementDraft || a.Status == devcoop.AgreementCancelled {
					t.Errorf("agreement %s (%s) received a tranche on %s", a.Code, a.Status, tr.ReceivedDate)
				}
			}
			if a.Status == devcoop.AgreementClosed && !tr.ReceivedAmount.Equal(tr.ExpectedAmount) {
				t.Errorf("closed agreement %s is owed part of tranche %d", a.Code, tr.Seq)
			}
		}
		if len(a.Tranches) == 0 || !expected.Equal(a.Amount) {
			t.Errorf("agreement %s: tranches total %s of %s", a.Code, expected, a.Amount)
		}
	}

	for _, tr := range x.txs {
		c := tr
		if err := c.Validate(); err != nil {
			t.Errorf("transaction %d: %v", tr.ID, err)
		}
		if !codelist.TransactionType().Active(string(tr.Type)) || tr.Date.After(today) || tr.ValueDate != tr.Date {
			t.Errorf("transaction %+v", tr)
		}
		converts(fmt.Sprintf("transaction %d", tr.ID), tr.Money())
	}
}

// checkConsistency checks how records point at each other: projects at
// offices, CPOs and outcomes; agreements at the projects their partners
// fund; transactions at their owners.
func checkConsistency(t *testing.T, x *snapshot) {
	today := demo.Today()
	cpos := map[int64]devcoop.CPO{}
	for _, c := range x.cpos {
		cpos[c.ID] = c
	}
	outcomes := map[int64]devcoop.Outcome{}
	for _, o := range x.outcomes {
		outcomes[o.ID] = o
	}
	offices := map[int64]devcoop.Office{}
	for _, o := range x.offices {
		offices[o.ID] = o
	}
	region := map[string]string{}
	for _, c := range x.countries {
		region[c.Code] = c.Region
	}
	partners := map[int64]devcoop.Partner{}
	for _, p := range x.partners {
		partners[p.ID] = p
	}
	projects := map[int64]*devcoop.Project{}
	withCPOs := 0
	for _, p := range x.projects {
		projects[p.ID] = p
		o := offices[p.OfficeID]
		switch {
		case len(p.Countries) == 1 && o.Region != region[p.Countries[0].Country]:
			t.Errorf("project %s in %s is run by %s of region %s", p.Code, p.Countries[0].Country, o.Code, o.Region)
		case len(p.Regions) == 1 && (o.Kind != devcoop.OfficeRegional || o.Region != p.Regions[0].Region):
			t.Errorf("regional project %s is run by %s", p.Code, o.Code)
		case strings.HasPrefix(p.Code, "GLO/") && o.Kind != devcoop.OfficeHQ:
			t.Errorf("global project %s is run by %s", p.Code, o.Code)
		}
		period := ""
		for _, s := range p.Outcomes {
			oc, ok := outcomes[s.OutcomeID]
			if !ok || period != "" && oc.Period != period {
				t.Errorf("project %s: outcomes %v", p.Code, p.Outcomes)
			}
			period = oc.Period
		}
		if p.End().Before(devcoop.MustDate("2014-01-01")) != (period == "2012-13") {
			t.Errorf("project %s ends %s and serves %s outcomes", p.Code, p.End(), period)
		}
		if len(p.CPOs) > 0 {
			withCPOs++
		}
		for _, s := range p.CPOs {
			c := cpos[s.CPOID]
			if !slices.ContainsFunc(p.Outcomes, func(o devcoop.OutcomeShare) bool { return o.OutcomeID == c.OutcomeID }) {
				t.Errorf("project %s links CPO %s of outcome %d, not one of its outcomes", p.Code, c.Code, c.OutcomeID)
			}
			if !slices.ContainsFunc(p.Countries, func(s devcoop.CountryShare) bool { return s.Country == c.Country }) {
				t.Errorf("project %s links CPO %s of %s, not one of its countries", p.Code, c.Code, c.Country)
			}
		}
		for _, f := range p.Funders {
			if pa := partners[f.PartnerID]; pa.Kind == devcoop.PartnerDomestic && (len(p.Countries) != 1 || p.Countries[0].Country != pa.Country) {
				t.Errorf("project %s is funded by %s outside its country", p.Code, pa.Name)
			}
		}
	}
	if withCPOs*100 < len(x.projects)*30 {
		t.Errorf("only %d of %d projects contribute to CPOs", withCPOs, len(x.projects))
	}

	// Funders and earmarked allocations tell the same story.
	allocated := map[int64][]int64{} // project → partners with an agreement allocating to it
	for _, a := range x.agreements {
		for _, al := range a.Allocations {
			switch a.Modality {
			case devcoop.ModalityEarmarked:
				p := projects[al.ProjectID]
				if p == nil {
					t.Errorf("earmarked agreement %s allocates to no project: %+v", a.Code, al)
					continue
				}
				if !slices.ContainsFunc(p.Funders, func(f devcoop.FunderShare) bool { return f.PartnerID == a.PartnerID }) {
					t.Errorf("agreement %s of %s pays for %s, which that partner does not fund", a.Code, partners[a.PartnerID].Code, p.Code)
				}
				allocated[p.ID] = append(allocated[p.ID], a.PartnerID)
			case devcoop.ModalityLight:
				o, ok := outcomes[al.OutcomeID]
				switch a.EarmarkKind {
				case devcoop.EarmarkRegion:
					if al.Region != a.EarmarkTarget {
						t.Errorf("agreement %s earmarked to %s allocates %+v", a.Code, a.EarmarkTarget, al)
					}
				case devcoop.EarmarkOutcome:
					if !ok || o.Code != a.EarmarkTarget {
						t.Errorf("agreement %s earmarked to outcome %s allocates %+v", a.Code, a.EarmarkTarget, al)
					}
				default:
					if !ok {
						t.Errorf("agreement %s earmarked to a theme allocates %+v", a.Code, al)
					}
				}
			default:
				t.Errorf("un-earmarked agreement %s allocates %+v", a.Code, al)
			}
		}
	}
	for _, p := range x.projects {
		for _, f := range p.Funders {
			if !slices.Contains(allocated[p.ID], f.PartnerID) {
				t.Errorf("project %s is funded by %s, but no agreement of theirs pays for it", p.Code, partners[f.PartnerID].Code)
			}
		}
	}

	agreements := map[int64]*devcoop.Agreement{}
	for _, a := range x.agreements {
		agreements[a.ID] = a
	}
	for _, tr := range x.txs {
		switch tr.Type {
		case devcoop.TxExpenditure, devcoop.TxDisbursement, devcoop.TxOutgoingCommitment:
			p := projects[tr.ProjectID]
			if p == nil || tr.Currency != p.Currency || p.ActualStart.IsZero() || tr.Date.Before(p.ActualStart) || tr.Date.After(today) {
				t.Errorf("transaction %+v does not fit its project", tr)
			}
			if tr.Type != devcoop.TxExpenditure && tr.ReceiverName == "" {
				t.Errorf("transaction %d has no receiver", tr.ID)
			}
		default:
			a := agreements[tr.AgreementID]
			if a == nil || tr.Currency != a.Currency || tr.ProviderPartnerID != a.PartnerID {
				t.Errorf("transaction %+v does not fit its agreement", tr)
				continue
			}
			if tr.Type == devcoop.TxIncomingCommitment && (tr.Date != a.SignedDate || !tr.Amount.Equal(a.Amount)) {
				t.Errorf("commitment %+v of agreement %s signed %s for %s", tr, a.Code, a.SignedDate, a.Amount)
			}
			if tr.Type == devcoop.TxIncomingFunds && !slices.ContainsFunc(a.Tranches, func(x devcoop.Tranche) bool {
				return x.ReceivedDate == tr.Date && x.ReceivedAmount.Equal(tr.Amount)
			}) {
				t.Errorf("incoming funds %+v match no tranche of %s", tr, a.Code)
			}
		}
	}
}

// checkPlausibility checks that the numbers look like a real portfolio.
func checkPlausibility(t *testing.T, x *snapshot) {
	rates := money.NewRates(x.rates)
	usd := func(m money.Money) money.Decimal {
		c, err := rates.ToUSD(m)
		if err != nil {
			t.Fatal(err)
		}
		return c.USD
	}
	var budget2014, spent2014 money.Decimal
	counted := map[int64]bool{}
	for _, p := range x.projects {
		var total money.Decimal
		for _, b := range p.Budgets {
			total = total.Add(usd(b.Money()))
		}
		if total.LessThan(money.FromInt(40_000)) || total.GreaterThan(money.FromInt(20_000_000)) {
			t.Errorf("project %s is worth US$ %s", p.Code, total.StringFixed(0))
		}
		if p.Status == devcoop.StatusImplementation && p.Start().Before(devcoop.MustDate("2014-01-01")) {
			for _, b := range p.Budgets {
				if b.PeriodStart.Year() == 2014 {
					budget2014 = budget2014.Add(usd(b.Money()))
					counted[p.ID] = true
				}
			}
		}
	}
	negative := 0
	for _, tr := range x.txs {
		if tr.Type == devcoop.TxExpenditure && tr.Amount.Sign() < 0 {
			negative++
		}
		if counted[tr.ProjectID] && tr.Date.Year() == 2014 && (tr.Type == devcoop.TxExpenditure || tr.Type == devcoop.TxDisbursement) {
			spent2014 = spent2014.Add(usd(tr.Money()))
		}
	}
	rate, err := spent2014.Div(budget2014, 4)
	if err != nil {
		t.Fatal(err)
	}
	if rate.LessThan(money.MustParse("0.6")) || rate.GreaterThan(money.MustParse("0.9")) {
		t.Errorf("delivery in 2014 of projects running all year: %s", rate)
	}
	if negative == 0 || negative > len(x.projects)/10 {
		t.Errorf("%d negative corrections", negative)
	}
	t.Logf("delivery rate 2014: %s; %d corrections", rate, negative)
}

func checkUsers(t *testing.T, x *snapshot) {
	if len(x.users) != len(demo.DemoUsers()) {
		t.Fatalf("%d users, want %d", len(x.users), len(demo.DemoUsers()))
	}
	roles := map[devcoop.Role]bool{}
	for _, u := range x.users {
		if u.PasswordHash != "fake$demo-password" {
			t.Errorf("user %s has hash %q", u.Email, u.PasswordHash)
		}
		if err := u.Validate(); err != nil {
			t.Errorf("user %s: %v", u.Email, err)
		}
		for _, r := range u.Roles {
			roles[r] = true
		}
		if u.Has(devcoop.RoleOutcomeCoordinator) && (len(u.OutcomeIDs) < 2 || len(u.OutcomeIDs) > 5) {
			t.Errorf("coordinator %s owns %d outcomes", u.Email, len(u.OutcomeIDs))
		}
	}
	for _, r := range devcoop.Roles {
		if !roles[r] {
			t.Errorf("no demo user is a %s", r)
		}
	}
	byEmail := map[string]*devcoop.User{}
	for _, u := range x.users {
		byEmail[u.Email] = u
	}
	partner := map[int64]string{}
	for _, p := range x.partners {
		partner[p.ID] = p.Code
	}
	office := map[int64]string{}
	for _, o := range x.offices {
		office[o.ID] = o.Code
	}
	if u := byEmail["donor.norway@devcoop.example"]; u == nil || partner[u.PartnerID] != "NOR" {
		t.Errorf("donor.norway = %+v", u)
	}
	if u := byEmail["po.nairobi@devcoop.example"]; u == nil || office[u.OfficeID] != "CO-NAIROBI" {
		t.Errorf("po.nairobi = %+v", u)
	}
}

func checkAudit(t *testing.T, s devcoop.Store) {
	ev, err := s.Audit(context.Background(), devcoop.AuditFilter{Entity: "portfolio"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1 || ev[0].Action != "demo loaded" || !strings.Contains(ev[0].After, `"projects":1100`) {
		t.Errorf("audit = %+v", ev)
	}
}

// TestDeterministic loads the same seed into two fresh stores and compares
// what they hold, byte for byte; another seed must differ.
func TestDeterministic(t *testing.T) {
	dump := func(seed uint64) []byte {
		db := dbtest.Open(t, "sqlite")
		load(t, db, demo.Options{Seed: seed, Password: "pw", HashPassword: fakeHash})
		return read(t, db).dump(t)
	}
	a, b := dump(2014), dump(2014)
	if !bytes.Equal(a, b) {
		t.Fatalf("two loads of seed 2014 differ: %s", firstDifference(a, b))
	}
	if c := dump(2015); bytes.Equal(a, c) {
		t.Error("seeds 2014 and 2015 give the same portfolio")
	}
	t.Logf("canonical dump: %d bytes, %d lines", len(a), bytes.Count(a, []byte("\n")))
}

// TestRefusesNonEmpty loads into a store that already holds a partner: it
// must fail and add nothing.
func TestRefusesNonEmpty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		err := db.Update(ctx, func(tx devcoop.StoreTx) error {
			return tx.CreatePartner(ctx, &devcoop.Partner{Code: "SE", Name: "Sweden", Kind: devcoop.PartnerTraditionalGov})
		})
		if err != nil {
			t.Fatal(err)
		}
		before := read(t, db).dump(t)
		_, err = demo.Load(ctx, db, demo.Options{Projects: 30, Password: "pw", HashPassword: fakeHash})
		if devcoop.ErrorKind(err) != devcoop.KindConflict || !strings.Contains(err.Error(), "1 partners") {
			t.Fatalf("err = %v, want a conflict naming the partner", err)
		}
		if after := read(t, db).dump(t); !bytes.Equal(before, after) {
			t.Errorf("a refused load changed the store: %s", firstDifference(before, after))
		}
	})
}

// TestKeepsExistingUsers loads into a store whose only record is an
// administrator: the load goes ahead and leaves that account alone.
func TestKeepsExistingUsers(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	ctx := context.Background()
	admin := &devcoop.User{Email: "admin@devcoop.example", Name: "Real admin", Roles: []devcoop.Role{devcoop.RoleAdmin}, PasswordHash: "real"}
	if err := db.Update(ctx, func(tx devcoop.StoreTx) error { return tx.CreateUser(ctx, admin) }); err != nil {
		t.Fatal(err)
	}
	st := load(t, db, demo.Options{Projects: 30, Password: "pw", HashPassword: fakeHash})
	if st.Users != len(demo.DemoUsers())-1 {
		t.Errorf("created %d users, want %d", st.Users, len(demo.DemoUsers())-1)
	}
	u, err := db.UserByEmail(ctx, "admin@devcoop.example")
	if err != nil || u.Name != "Real admin" || u.PasswordHash != "real" {
		t.Errorf("admin = %+v, %v", u, err)
	}
}

// failingStore fails the load part-way, after some records are written.
type failingStore struct {
	devcoop.Store
	after int
}

type failingTx struct {
	devcoop.StoreTx
	left *int
}

var errInjected = errors.New("injected failure")

func (s failingStore) Update(ctx context.Context, fn func(devcoop.StoreTx) error) error {
	left := s.after
	return s.Store.Update(ctx, func(tx devcoop.StoreTx) error { return fn(failingTx{tx, &left}) })
}

func (tx failingTx) CreateTransaction(ctx context.Context, t *devcoop.Transaction) error {
	if *tx.left--; *tx.left < 0 {
		return errInjected
	}
	return tx.StoreTx.CreateTransaction(ctx, t)
}

// TestFailureLeavesNothing breaks a load after projects and agreements are
// written: the store must be as empty as before.
func TestFailureLeavesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		before := read(t, db).dump(t)
		_, err := demo.Load(context.Background(), failingStore{db, 100}, demo.Options{Projects: 60, Password: "pw", HashPassword: fakeHash})
		if !errors.Is(err, errInjected) {
			t.Fatalf("err = %v, want the injected failure", err)
		}
		if after := read(t, db).dump(t); !bytes.Equal(before, after) {
			t.Errorf("a failed load left data behind: %s", firstDifference(before, after))
		}
		// And the store is still usable for a real load.
		load(t, db, demo.Options{Projects: 60})
	})
}

func TestOptions(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	ctx := context.Background()
	cases := []struct {
		name string
		opt  demo.Options
		kind devcoop.Kind
	}{
		{"negative projects", demo.Options{Projects: -1}, devcoop.KindInvalid},
		{"too many projects", demo.Options{Projects: demo.MaxProjects + 1}, devcoop.KindInvalid},
		{"hasher without password", demo.Options{Projects: 10, HashPassword: fakeHash}, devcoop.KindInvalid},
		{"hasher fails", demo.Options{Projects: 10, Password: "pw", HashPassword: func(string) (string, error) { return "", errInjected }}, devcoop.KindInternal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := demo.Load(ctx, db, c.opt); devcoop.ErrorKind(err) != c.kind {
				t.Errorf("err = %v, want kind %s", err, c.kind)
			}
		})
	}
	// None of them wrote anything: a load without users still works.
	st := load(t, db, demo.Options{Projects: 10})
	if st.Users != 0 {
		t.Errorf("loaded %d users without a hasher", st.Users)
	}
}

// BenchmarkLoad measures a full-size load on each engine, into a fresh
// store each time, with the demo users (and so the proposals' notifications).
func BenchmarkLoad(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run(engine, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := dbtest.Open(b, engine)
				b.StartTimer()
				if _, err := demo.Load(context.Background(), db, demo.Options{Password: "pw", HashPassword: fakeHash}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
