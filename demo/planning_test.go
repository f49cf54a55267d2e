package demo_test

import (
	"slices"
	"testing"

	"devcoop"
	"devcoop/demo"
	"devcoop/mobilize"
	"devcoop/money"
	"devcoop/plan"
)

var (
	dec     = money.MustParse
	hundred = money.FromInt(100)
)

// componentCountry returns the country of a country or CPO component, or
// nil for a region or the global component.
func componentCountry(pf *devcoop.Portfolio, key string) *devcoop.Country {
	if c := pf.Country(key); c != nil {
		return c
	}
	if cpo := pf.CPOByCode(key); cpo != nil {
		return pf.Country(cpo.Country)
	}
	return nil
}

// checkWorkplans checks the outcome-based workplans and the first RBSA
// round against the domain's rules.
func checkWorkplans(t *testing.T, x *snapshot, pf *devcoop.Portfolio) {
	users := map[int64]*devcoop.User{}
	byEmail := map[string]*devcoop.User{}
	for _, u := range x.users {
		users[u.ID], byEmail[u.Email] = u, u
	}
	byOutcome := map[string]*devcoop.Workplan{}
	var required, regular, rbGlobalRegional, rb, rbtc, rbtcCountries, mins money.Decimal
	milestones := map[string]int{}
	nonODA := 0
	for _, w := range x.workplans {
		if err := w.Validate(pf); err != nil {
			t.Errorf("workplan of outcome %s: %v", w.Outcome, err)
		}
		if w.Period != "2014-15" {
			continue
		}
		if byOutcome[w.Outcome] != nil {
			t.Errorf("outcome %s has two workplans", w.Outcome)
		}
		byOutcome[w.Outcome] = w
		if len(w.Requirements) < 5 || len(w.Targets) < 2 || len(w.Plans) < 3 || len(w.Summary) < 100 {
			t.Errorf("workplan of outcome %s: %d requirements, %d targets, %d plans, summary %q", w.Outcome, len(w.Requirements), len(w.Targets), len(w.Plans), w.Summary)
		}
		switch owner := users[w.OwnerID]; {
		case w.Outcome == "1" || w.Outcome == "2":
			if owner == nil || owner.Email != "coordinator@devcoop.example" {
				t.Errorf("outcome %s is owned by %+v, not the demo coordinator", w.Outcome, owner)
			}
		case w.OwnerID == 0:
		case owner == nil || !owner.Has(devcoop.RoleOutcomeCoordinator) || !slices.Contains(owner.OutcomeIDs, w.OutcomeID):
			t.Errorf("outcome %s is owned by %+v, who does not coordinate it", w.Outcome, owner)
		}
		o := pf.Outcome(w.OutcomeID)
		for _, tg := range w.Targets {
			if !slices.ContainsFunc(o.Indicators, func(i devcoop.OutcomeIndicator) bool { return i.ID == tg.IndicatorID }) {
				t.Errorf("outcome %s: target in %s counts toward indicator %d of another outcome", w.Outcome, tg.Component, tg.IndicatorID)
			}
			if kind, _ := pf.KindOfComponent(tg.Component); (kind != devcoop.ComponentCountry && kind != devcoop.ComponentCPO) || tg.MemberStates > 1 {
				t.Errorf("outcome %s: target %+v", w.Outcome, tg)
			}
			if n := len(tg.Milestones); n < 1 || n > 3 {
				t.Errorf("outcome %s: target in %s has %d milestones", w.Outcome, tg.Component, n)
			}
			for _, m := range tg.Milestones {
				milestones[m.Status]++
				past := m.Due.Before(demo.Today())
				if past && m.Status == devcoop.MilestonePlanned || !past && (m.Status == devcoop.MilestoneMet || m.Status == devcoop.MilestoneMissed) {
					t.Errorf("outcome %s: milestone due %s is %s on %s", w.Outcome, m.Due, m.Status, demo.Today())
				}
			}
		}
		for _, r := range w.Requirements {
			required = required.Add(r.Amount)
			mins = mins.Add(r.MinRBSA)
			if r.Amount.Sign() <= 0 {
				t.Errorf("outcome %s: requirement %+v", w.Outcome, r)
			}
			c := componentCountry(pf, r.Component)
			if c != nil && !c.ODAEligible {
				nonODA++
				if r.MinRBSA.Sign() > 0 || r.MaxRBSA.Sign() > 0 {
					t.Errorf("outcome %s: %s is not ODA-eligible but has RBSA bounds", w.Outcome, r.Component)
				}
			}
		}
		for _, p := range w.Plans {
			regular = regular.Add(p.Amount)
			kind, _ := pf.KindOfComponent(p.Component)
			country := kind == devcoop.ComponentCountry || kind == devcoop.ComponentCPO
			if p.Source == devcoop.SourceRB {
				rb = rb.Add(p.Amount)
				if !country {
					rbGlobalRegional = rbGlobalRegional.Add(p.Amount)
				}
			} else {
				rbtc = rbtc.Add(p.Amount)
				if country {
					rbtcCountries = rbtcCountries.Add(p.Amount)
				}
			}
		}
	}
	for _, o := range pf.OutcomesOf("2014-15") {
		if byOutcome[o.Code] == nil {
			t.Errorf("outcome %s has no workplan", o.Code)
		}
	}
	for _, code := range []string{"3", "19"} {
		if w := byOutcome[code]; w != nil && w.OwnerID != 0 {
			t.Errorf("outcome %s should have no owner, has %d", code, w.OwnerID)
		}
	}
	total := milestones[devcoop.MilestoneMet] + milestones[devcoop.MilestonePlanned] + milestones[devcoop.MilestoneAtRisk] + milestones[devcoop.MilestoneMissed]
	if risk := milestones[devcoop.MilestoneAtRisk] * 100 / max(total, 1); risk < 8 || risk > 25 ||
		milestones[devcoop.MilestoneMissed] == 0 || milestones[devcoop.MilestoneMissed] >= milestones[devcoop.MilestoneAtRisk] ||
		milestones[devcoop.MilestoneMet] == 0 || milestones[devcoop.MilestonePlanned] == 0 {
		t.Errorf("milestones by status: %v", milestones)
	}
	share, _ := regular.Mul(hundred).Div(required, 1)
	if share.LessThan(dec("20")) || share.GreaterThan(dec("30")) {
		t.Errorf("RB and RBTC plan %s%% of the requirements, want 20–30%%", share)
	}
	if rbGlobalRegional.Mul(money.FromInt(2)).LessThan(rb) || rbtcCountries.Mul(dec("1.25")).LessThan(rbtc) {
		t.Errorf("RB %s (%s global and regional), RBTC %s (%s in countries)", rb, rbGlobalRegional, rbtc, rbtcCountries)
	}
	if mins.Sign() <= 0 || mins.GreaterThan(dec("6000000")) {
		t.Errorf("minimum RBSA allocations total %s, want some, under 30%% of US$ 20 million", mins)
	}
	if nonODA == 0 {
		t.Error("no workplan plans work in a country not eligible for ODA")
	}
	t.Logf("2014-15 requirements US$ %s, RB US$ %s, RBTC US$ %s, minimum RBSA US$ %s; milestones %v", required.StringFixed(0), rb.StringFixed(0), rbtc.StringFixed(0), mins.StringFixed(0), milestones)

	// The first RBSA round.
	director := byEmail["director@devcoop.example"]
	var allocated money.Decimal
	for _, d := range x.decisions {
		allocated = allocated.Add(d.Amount)
		if d.Period != "2014-15" || d.Pool != "RBSA-2014" || d.DecidedAt != devcoop.MustDate("2014-03-15") || len(d.Reason) < 20 ||
			d.Amount.Sign() <= 0 || d.Amount.Scale() > 2 || director == nil || d.DecidedBy != director.ID {
			t.Errorf("decision %+v", d)
		}
		w := byOutcome[d.Outcome]
		if w == nil || !slices.ContainsFunc(w.Requirements, func(r devcoop.Requirement) bool { return r.Component == d.Component }) {
			t.Errorf("decision for %s/%s: no requirement there", d.Outcome, d.Component)
		}
		if kind, ok := pf.KindOfComponent(d.Component); !ok {
			t.Errorf("decision for %s/%s: not a component", d.Outcome, d.Component)
		} else if c := componentCountry(pf, d.Component); c != nil && !c.ODAEligible {
			t.Errorf("decision gives RBSA to %s (%s), which is not ODA-eligible", d.Component, kind)
		}
	}
	if len(x.decisions) < 40 || len(x.decisions) > 60 || allocated.LessThan(dec("12000000")) || allocated.GreaterThan(dec("18000000")) {
		t.Errorf("%d RBSA decisions for US$ %s, want 40–60 for US$ 12–18 million", len(x.decisions), allocated)
	}
}

// checkPipeline checks the opportunities and period targets.
func checkPipeline(t *testing.T, x *snapshot, pf *devcoop.Portfolio) {
	agreements := map[int64]*devcoop.Agreement{}
	for _, a := range x.agreements {
		agreements[a.ID] = a
	}
	codes := map[string]bool{}
	stages := map[string]int{}
	lowest, highest := map[string]money.Decimal{}, map[string]money.Decimal{}
	currencies := map[string]bool{}
	soon, slipped, open := 0, 0, 0
	for _, o := range x.opportunities {
		if codes[o.Code] {
			t.Errorf("opportunity code %s is used twice", o.Code)
		}
		codes[o.Code] = true
		if pf.Partner(o.PartnerID) == nil || pf.Office(o.OfficeID) == nil || pf.Period(o.Period) == nil || o.Title == "" || o.Amount.Sign() <= 0 || !o.Modality.Valid() {
			t.Errorf("opportunity %+v", o)
		}
		if _, err := pf.Rates.ToUSD(o.Money()); err != nil {
			t.Errorf("opportunity %s does not convert: %v", o.Code, err)
		}
		var pcts []money.Decimal
		for _, tg := range o.Targets {
			pcts = append(pcts, tg.Percentage)
			oc := pf.Outcome(tg.OutcomeID)
			kind, ok := pf.KindOfComponent(tg.Component)
			switch {
			case oc == nil || oc.Period != o.Period:
				t.Errorf("opportunity %s of %s targets outcome %d", o.Code, o.Period, tg.OutcomeID)
			case !ok:
				t.Errorf("opportunity %s targets %q, not a component", o.Code, tg.Component)
			case kind == devcoop.ComponentCPO && pf.CPOByCode(tg.Component).OutcomeID != oc.ID:
				t.Errorf("opportunity %s targets CPO %s under another outcome", o.Code, tg.Component)
			}
			if tg.Percentage.Sign() <= 0 {
				t.Errorf("opportunity %s: target %+v", o.Code, tg)
			}
		}
		if len(pcts) == 0 || !money.Sum(pcts...).Equal(hundred) {
			t.Errorf("opportunity %s: target percentages sum to %s", o.Code, money.Sum(pcts...))
		}
		if o.Period != "2014-15" {
			continue
		}
		stages[o.Stage]++
		if l, ok := lowest[o.Stage]; !ok || o.Probability.LessThan(l) {
			lowest[o.Stage] = o.Probability
		}
		if h, ok := highest[o.Stage]; !ok || o.Probability.GreaterThan(h) {
			highest[o.Stage] = o.Probability
		}
		switch {
		case o.Open():
			open++
			currencies[o.Currency] = true
			if o.AgreementID != 0 {
				t.Errorf("open opportunity %s has agreement %d", o.Code, o.AgreementID)
			}
			if !o.ExpectedSign.Before(devcoop.MustDate("2015-07-01")) && !o.ExpectedSign.After(devcoop.MustDate("2015-12-31")) {
				soon++
			}
			if o.ExpectedSign.Before(demo.Today()) {
				slipped++
			}
		case o.Stage == devcoop.StageSigned:
			a := agreements[o.AgreementID]
			if a == nil || a.OpportunityID != o.ID || a.PartnerID != o.PartnerID || !a.Amount.Equal(o.Amount) || a.Currency != o.Currency ||
				a.SignedDate.Before(pf.Period(o.Period).Start) || a.SignedDate.After(demo.Today()) {
				t.Errorf("signed opportunity %s does not match its agreement %+v", o.Code, a)
			}
		default:
			if o.AgreementID != 0 || !o.Probability.IsZero() {
				t.Errorf("lost opportunity %+v", o)
			}
		}
	}
	for _, a := range x.agreements {
		if a.OpportunityID == 0 {
			continue
		}
		if !slices.ContainsFunc(pf.Opportunities, func(o *devcoop.Opportunity) bool { return o.ID == a.OpportunityID && o.AgreementID == a.ID }) {
			t.Errorf("agreement %s names opportunity %d, which does not name it back", a.Code, a.OpportunityID)
		}
	}
	if open < 40 || open > 70 || stages[devcoop.StageSigned] < 10 || stages[devcoop.StageSigned] > 20 || stages[devcoop.StageLost] < 8 || stages[devcoop.StageLost] > 15 {
		t.Errorf("2014-15 opportunities by stage: %v", stages)
	}
	for i, st := range devcoop.Stages[:4] {
		if stages[st] == 0 {
			t.Errorf("no open opportunity at stage %s", st)
		}
		if i > 0 && !highest[devcoop.Stages[i-1]].LessThan(lowest[st]) {
			t.Errorf("probabilities do not rise from %s (up to %s) to %s (from %s)", devcoop.Stages[i-1], highest[devcoop.Stages[i-1]], st, lowest[st])
		}
	}
	if soon*10 < open*6 || slipped == 0 || slipped*5 > open {
		t.Errorf("of %d open opportunities, %d are expected in July–December 2015 and %d before today", open, soon, slipped)
	}
	if len(currencies) < 4 {
		t.Errorf("open opportunities in %d currencies", len(currencies))
	}

	// Targets: overall and by modality, which add up.
	byPeriod := map[string]money.Decimal{}
	overall := map[string]money.Decimal{}
	for _, tg := range x.targets {
		if tg.Modality == "" {
			overall[tg.Period] = tg.Amount
		} else {
			byPeriod[tg.Period] = byPeriod[tg.Period].Add(tg.Amount)
		}
	}
	for _, p := range x.periods {
		if !overall[p.Code].Equal(p.VCTarget) || !byPeriod[p.Code].Equal(p.VCTarget) {
			t.Errorf("%s: target %s, by modality %s, programme and budget %s", p.Code, overall[p.Code], byPeriod[p.Code], p.VCTarget)
		}
	}
	if !overall["2014-15"].Equal(dec("450000000")) {
		t.Errorf("2014-15 target %s", overall["2014-15"])
	}
}

// checkEngines runs the real gap engine, allocation, progress and
// calendar over the loaded demo, and checks that what they show is
// plausible and agrees with the load's stats.
func checkEngines(t *testing.T, st *demo.Stats, pf *devcoop.Portfolio) {
	g, err := plan.Compute(pf, "2014-15", plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tot := g.Total
	cov, _ := money.FromInt(tot.Available*100).Div(money.FromInt(tot.Required), 1)
	if cov.LessThan(dec("55")) || cov.GreaterThan(dec("85")) {
		t.Errorf("2014-15 coverage %s%%, want 55–85%%", cov)
	}
	if len(g.Warnings) > 0 {
		t.Errorf("gap engine warnings: %v", g.Warnings)
	}
	comps, gaps, surplus, noXBDC := 0, 0, 0, 0
	for _, og := range g.Outcomes {
		if og.WorkplanID == 0 || len(og.Components) == 0 || og.Required <= 0 {
			t.Errorf("outcome %s: workplan %d, %d components, required %d", og.Outcome.Code, og.WorkplanID, len(og.Components), og.Required)
		}
		for _, c := range og.Components {
			comps++
			switch {
			case c.Gap > 0:
				gaps++
			case c.Gap < 0:
				surplus++
			}
			if c.XBDC == 0 && c.Required > 0 {
				noXBDC++
			}
		}
	}
	if gaps*10 < comps*3 || surplus*20 < comps || noXBDC*20 < comps {
		t.Errorf("of %d components, %d have a gap, %d a surplus, %d no XBDC", comps, gaps, surplus, noXBDC)
	}
	if regular := (tot.RB + tot.RBTC) * 100 / tot.Required; regular < 20 || regular > 30 {
		t.Errorf("RB and RBTC are %d%% of the requirements", regular)
	}
	if tot.RBSA != mustCents(st.AllocatedUSD) || tot.Required != mustCents(st.RequiredUSD) {
		t.Errorf("engine: RBSA %d, required %d; stats: %s, %s", tot.RBSA, tot.Required, st.AllocatedUSD, st.RequiredUSD)
	}
	if _, err := plan.Propose(g, []devcoop.Pool{{ID: "RBSA", Amount: dec("20000000")}}); err != nil {
		t.Errorf("the minimum RBSA allocations cannot be met from US$ 20 million: %v", err)
	}

	p := mobilize.ComputeProgress(pf, pf.Period("2014-15"), demo.Today())
	var byModality int64
	for _, m := range p.ByModality {
		byModality += m.Target
	}
	switch {
	case p.Target != 45_000_000_000 || byModality != p.Target:
		t.Errorf("2014-15 target %d, by modality %d", p.Target, byModality)
	case p.PipelineWeighted < 25_000_000_00 || p.PipelineWeighted > 65_000_000_00 || p.PipelineWeighted != mustCents(st.PipelineUSD):
		t.Errorf("weighted pipeline %d, stats %s", p.PipelineWeighted, st.PipelineUSD)
	case p.Forecast != p.Signed+p.PipelineWeighted || p.Forecast*100 < p.Target*95:
		t.Errorf("forecast %d = signed %d + pipeline %d, target %d", p.Forecast, p.Signed, p.PipelineWeighted, p.Target)
	}
	if len(p.Warnings) > 0 {
		t.Errorf("progress warnings: %v", p.Warnings)
	}
	overdue := 0
	for _, d := range mobilize.Calendar(pf, demo.Today(), true) {
		if d.Overdue {
			overdue++
			if d.Office == nil || d.Partner == nil {
				t.Errorf("overdue report %+v has no office or partner", d.Report)
			}
		}
	}
	if overdue == 0 || overdue != st.OverdueReports {
		t.Errorf("calendar shows %d overdue reports, stats %d", overdue, st.OverdueReports)
	}
	t.Logf("2014-15: required US$ %s; available US$ %s (RB %s, RBTC %s, RBSA %s, XBDC %s); gap US$ %s; coverage %s%%",
		money.FromCents(tot.Required).StringFixed(0), money.FromCents(tot.Available).StringFixed(0), money.FromCents(tot.RB).StringFixed(0),
		money.FromCents(tot.RBTC).StringFixed(0), money.FromCents(tot.RBSA).StringFixed(0), money.FromCents(tot.XBDC).StringFixed(0),
		money.FromCents(tot.Gap).StringFixed(0), cov)
	t.Logf("components: %d, %d with a gap, %d in surplus, %d without XBDC", comps, gaps, surplus, noXBDC)
	t.Logf("signed US$ %s + weighted pipeline US$ %s = forecast US$ %s of US$ %s; %d reports overdue",
		money.FromCents(p.Signed).StringFixed(0), money.FromCents(p.PipelineWeighted).StringFixed(0), money.FromCents(p.Forecast).StringFixed(0),
		money.FromCents(p.Target).StringFixed(0), overdue)
}

func mustCents(d money.Decimal) int64 {
	c, _ := d.Cents()
	return c
}
