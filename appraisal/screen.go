package appraisal

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"devcoop"
	"devcoop/money"
)

// The rule IDs. They are stable: findings, rule sets and pages refer to them.
const (
	RuleLogframeComplete        = "logframe_complete"
	RuleIndicatorsPresent       = "indicators_present"
	RuleIndicatorsComplete      = "indicators_complete"
	RuleActivitiesPlanned       = "activities_planned"
	RuleLinksPresent            = "links_present"
	RuleLinksConsistent         = "links_consistent"
	RuleCountriesConsistent     = "countries_consistent"
	RuleNeedsDocumented         = "needs_documented"
	RuleBudgetTotal             = "budget_total"
	RulePSCRate                 = "psc_rate"
	RuleMEBudgetShare           = "me_budget_share"
	RuleEvaluationBudgeted      = "evaluation_budgeted"
	RuleDurationFitsBudget      = "duration_fits_budget"
	RuleRisksAssessed           = "risks_assessed"
	RuleAssumptionsMatchRisks   = "assumptions_match_risks"
	RuleSustainabilityPresent   = "sustainability_present"
	RuleCrossCuttingPresent     = "cross_cutting_present"
	RulePartnerNoOverdueReports = "partner_no_overdue_reports"
)

// rule is one check of the screen. check appends findings through s.fail.
type rule struct {
	id       string
	severity Severity
	area     string
	standard func(rs RuleSet) string
	check    func(s *screen)
}

// registry holds the rules in screen order: the order of the minimum
// standards, then the partner.
var registry = []rule{
	{RuleLinksPresent, SeverityBlocking, StandardRelevance,
		fixed("The proposal links to at least one country programme outcome (CPO) and at least one global outcome."),
		checkLinksPresent},
	{RuleLinksConsistent, SeverityMajor, StandardRelevance,
		fixed("Every linked CPO and global outcome exists, and each CPO's global outcome is among the proposal's linked outcomes."),
		checkLinksConsistent},
	{RuleCountriesConsistent, SeverityMajor, StandardRelevance,
		fixed("The proposal's countries are those of its CPOs: every CPO's country is listed, and every listed country has a linked CPO."),
		checkCountriesConsistent},
	{RuleNeedsDocumented, SeverityMajor, StandardRelevance,
		func(rs RuleSet) string {
			return fmt.Sprintf("The needs statement is written (at least %s) and refers to the Decent Work Country Programme and to the programme and budget.", words(rs.MinSectionWords))
		},
		checkNeedsDocumented},
	{RuleLogframeComplete, SeverityBlocking, StandardResultsDesign,
		fixed("The logframe states a development objective and at least one immediate outcome; every outcome has a statement and at least one output, and every output has a statement."),
		checkLogframeComplete},
	{RuleIndicatorsPresent, SeverityBlocking, StandardResultsDesign,
		fixed("Every immediate outcome and every output has at least one indicator."),
		checkIndicatorsPresent},
	{RuleIndicatorsComplete, SeverityMajor, StandardResultsDesign,
		fixed("Every indicator is worded and has a baseline, a target and a means of verification."),
		checkIndicatorsComplete},
	{RuleActivitiesPlanned, SeverityMinor, StandardResultsDesign,
		fixed("Every output has at least one activity."),
		checkActivitiesPlanned},
	{RuleAssumptionsMatchRisks, SeverityMinor, StandardResultsDesign,
		fixed("The logframe states its assumptions, and they match the risk register: every assumption has an ID and is covered by at least one risk that refers to it, and every assumption a risk refers to exists."),
		checkAssumptionsMatchRisks},
	{RuleBudgetTotal, SeverityBlocking, StandardBudget,
		fixed("The budget lines add up exactly to the proposal's amount."),
		checkBudgetTotal},
	{RulePSCRate, SeverityMajor, StandardBudget,
		func(rs RuleSet) string {
			return fmt.Sprintf("Programme support costs are %s%% of direct costs (the sum of every budget line but programme support costs), or the partner's agreed rate, to within %s of the proposal's currency.",
				rs.PSCRatePercent.Normalize(), rs.PSCTolerance.Normalize())
		},
		checkPSCRate},
	{RuleMEBudgetShare, SeverityMajor, StandardBudget,
		func(rs RuleSet) string {
			return fmt.Sprintf("Monitoring and evaluation together get at least %s%% of direct costs.", rs.MEMinSharePercent.Normalize())
		},
		checkMEBudgetShare},
	{RuleEvaluationBudgeted, SeverityMajor, StandardBudget,
		fixed("An evaluation is budgeted: the evaluation lines add up to more than zero."),
		checkEvaluationBudgeted},
	{RuleDurationFitsBudget, SeverityMajor, StandardBudget,
		fixed("The duration fits the budget years: no budget line falls after the last project year, and every project year has a budget."),
		checkDurationFitsBudget},
	{RuleRisksAssessed, SeverityMajor, StandardRisks,
		fixed("The risk register is not empty, and every risk is described, rated for likelihood and impact, and has a mitigation."),
		checkRisksAssessed},
	{RuleCrossCuttingPresent, SeverityMajor, StandardCrossCutting,
		func(rs RuleSet) string {
			labels := make([]string, len(rs.CrossCuttingSections))
			for i, s := range rs.CrossCuttingSections {
				labels[i] = strings.ToLower(devcoop.CrossCuttingLabel(s))
			}
			if len(labels) == 0 {
				return "No cross-cutting section is required."
			}
			return fmt.Sprintf("Each cross-cutting section is written (at least %s): %s.", words(rs.MinSectionWords), strings.Join(labels, "; "))
		},
		checkCrossCuttingPresent},
	{RuleSustainabilityPresent, SeverityMajor, StandardSustainability,
		func(rs RuleSet) string {
			return fmt.Sprintf("The sustainability and exit strategy section is written (at least %s).", words(rs.MinSectionWords))
		},
		checkSustainabilityPresent},
	{RulePartnerNoOverdueReports, SeverityMajor, AreaPartner,
		func(rs RuleSet) string {
			return fmt.Sprintf("The organisation owes the target partner no more than %d overdue reports (checked when the data is known).", rs.MaxPartnerOverdueReports)
		},
		checkPartnerOverdue},
}

// AreaPartner is the Rule.Area of rules about the target partner rather
// than the proposal's design.
const AreaPartner = "partner"

func fixed(s string) func(RuleSet) string { return func(RuleSet) string { return s } }

func words(n int) string {
	if n == 1 {
		return "1 word"
	}
	return fmt.Sprintf("%d words", n)
}

// screen is the state of one run: the inputs and the findings so far.
type screen struct {
	p    *devcoop.Proposal
	rs   RuleSet
	f    Facts
	rule *rule
	out  []Finding
}

func (s *screen) fail(path, format string, args ...any) {
	sev := s.rule.severity
	if o, ok := s.rs.Severities[s.rule.id]; ok {
		sev = o
	}
	s.out = append(s.out, Finding{Rule: s.rule.id, Severity: sev, Path: path, Message: fmt.Sprintf(format, args...)})
}

// Screen checks a proposal against the enabled rules of rs, with what facts
// says about the world outside it. Findings come most serious first; within
// a severity, in rule order (Rules), and within a rule in the order of the
// proposal's JSON. A nil proposal has no findings. Screen expects a
// structurally valid proposal (Proposal.Validate) but does not fail on an
// invalid one.
func Screen(p *devcoop.Proposal, rs RuleSet, facts Facts) []Finding {
	s := &screen{p: p, rs: rs, f: facts, out: []Finding{}}
	if p == nil {
		return s.out
	}
	for i := range registry {
		if !rs.Enabled(registry[i].id) {
			continue
		}
		s.rule = &registry[i]
		s.rule.check(s)
	}
	sort.SliceStable(s.out, func(i, j int) bool { return s.out[i].Severity.rank() < s.out[j].Severity.rank() })
	return s.out
}

// blank reports whether text says nothing.
func blank(text string) bool { return strings.TrimSpace(text) == "" }

// written reports whether a narrative section is present: not blank, and at
// least the rule set's number of words.
func (s *screen) written(text string) (ok bool, n int) {
	n = len(strings.Fields(text))
	return n > 0 && n >= s.rs.MinSectionWords, n
}

func (s *screen) section(path, label, text string) {
	ok, n := s.written(text)
	switch {
	case ok:
	case n == 0:
		s.fail(path, "the %s section is missing", label)
	default:
		s.fail(path, "the %s section has %s; at least %s are needed", label, words(n), words(s.rs.MinSectionWords))
	}
}

func checkLinksPresent(s *screen) {
	if len(s.p.CPOs) == 0 {
		s.fail("cpos", "the proposal links to no country programme outcome")
	}
	if len(s.p.Outcomes) == 0 {
		s.fail("outcomes", "the proposal links to no global outcome")
	}
}

func (s *screen) cpo(code string) *CPOFact {
	for i := range s.f.CPOs {
		if s.f.CPOs[i].Code == code {
			return &s.f.CPOs[i]
		}
	}
	return nil
}

func checkLinksConsistent(s *screen) {
	if s.f.Outcomes != nil {
		for j, o := range s.p.Outcomes {
			if !slices.Contains(s.f.Outcomes, o) {
				s.fail(fmt.Sprintf("outcomes[%d]", j), "%q is not a global outcome of the programme period", o)
			}
		}
	}
	if s.f.CPOs == nil {
		return
	}
	for i, code := range s.p.CPOs {
		c := s.cpo(code)
		switch {
		case c == nil:
			s.fail(fmt.Sprintf("cpos[%d]", i), "%q is not a known country programme outcome", code)
		case c.Outcome == "":
			s.fail(fmt.Sprintf("cpos[%d]", i), "%s is not linked to any global outcome", code)
		case !slices.Contains(s.p.Outcomes, c.Outcome):
			s.fail(fmt.Sprintf("cpos[%d]", i), "%s contributes to global outcome %s, which the proposal does not link to", code, c.Outcome)
		}
	}
}

func checkCountriesConsistent(s *screen) {
	if s.f.CPOs == nil {
		return
	}
	covered := map[string]bool{}
	for i, code := range s.p.CPOs {
		c := s.cpo(code)
		if c == nil || c.Country == "" {
			continue
		}
		covered[c.Country] = true
		if !slices.Contains(s.p.Countries, c.Country) {
			s.fail(fmt.Sprintf("cpos[%d]", i), "%s is a CPO of %s, which is not among the proposal's countries", code, c.Country)
		}
	}
	for j, country := range s.p.Countries {
		if !covered[country] {
			s.fail(fmt.Sprintf("countries[%d]", j), "%s has no linked country programme outcome", country)
		}
	}
}

func checkNeedsDocumented(s *screen) {
	n := s.p.Needs
	s.section("needs.statement", "needs statement", n.Statement)
	if blank(n.DWCPReference) {
		s.fail("needs.dwcp_reference", "the needs are not referred to the Decent Work Country Programme")
	}
	if blank(n.PBReference) {
		s.fail("needs.pb_reference", "the needs are not referred to the programme and budget")
	}
}

func checkLogframeComplete(s *screen) {
	lf := s.p.Logframe
	if blank(lf.Objective) {
		s.fail("logframe.objective", "the development objective is missing")
	}
	if len(lf.Outcomes) == 0 {
		s.fail("logframe.outcomes", "the logframe has no immediate outcome")
	}
	for i, o := range lf.Outcomes {
		f := fmt.Sprintf("logframe.outcomes[%d]", i)
		if blank(o.Statement) {
			s.fail(f+".statement", "immediate outcome %s has no statement", label(o.Code, i+1))
		}
		if len(o.Outputs) == 0 {
			s.fail(f+".outputs", "immediate outcome %s has no output", label(o.Code, i+1))
		}
		for j, out := range o.Outputs {
			if blank(out.Statement) {
				s.fail(fmt.Sprintf("%s.outputs[%d].statement", f, j), "output %s has no statement", label(out.Code, fmt.Sprintf("%d.%d", i+1, j+1)))
			}
		}
	}
}

// label names a logframe element by its code, or by its position when it
// has none.
func label(code string, pos any) string {
	if code != "" {
		return code
	}
	return fmt.Sprintf("%v (unnumbered)", pos)
}

func checkIndicatorsPresent(s *screen) {
	for i, o := range s.p.Logframe.Outcomes {
		f := fmt.Sprintf("logframe.outcomes[%d]", i)
		if len(o.Indicators) == 0 {
			s.fail(f+".indicators", "immediate outcome %s has no indicator", label(o.Code, i+1))
		}
		for j, out := range o.Outputs {
			if len(out.Indicators) == 0 {
				s.fail(fmt.Sprintf("%s.outputs[%d].indicators", f, j), "output %s has no indicator", label(out.Code, fmt.Sprintf("%d.%d", i+1, j+1)))
			}
		}
	}
}

func checkIndicatorsComplete(s *screen) {
	check := func(path, owner string, ins []devcoop.Indicator) {
		for k, in := range ins {
			f := fmt.Sprintf("%s.indicators[%d]", path, k)
			name := fmt.Sprintf("indicator %d of %s", k+1, owner)
			if blank(in.Description) {
				s.fail(f+".description", "%s is not worded", name)
			}
			if blank(in.Baseline) {
				s.fail(f+".baseline", "%s has no baseline", name)
			}
			if blank(in.Target) {
				s.fail(f+".target", "%s has no target", name)
			}
			if blank(in.MeansOfVerification) {
				s.fail(f+".means_of_verification", "%s has no means of verification", name)
			}
		}
	}
	for i, o := range s.p.Logframe.Outcomes {
		f := fmt.Sprintf("logframe.outcomes[%d]", i)
		check(f, "outcome "+label(o.Code, i+1), o.Indicators)
		for j, out := range o.Outputs {
			check(fmt.Sprintf("%s.outputs[%d]", f, j), "output "+label(out.Code, fmt.Sprintf("%d.%d", i+1, j+1)), out.Indicators)
		}
	}
}

func checkActivitiesPlanned(s *screen) {
	for i, o := range s.p.Logframe.Outcomes {
		for j, out := range o.Outputs {
			if len(out.Activities) == 0 {
				s.fail(fmt.Sprintf("logframe.outcomes[%d].outputs[%d].activities", i, j), "output %s has no activity", label(out.Code, fmt.Sprintf("%d.%d", i+1, j+1)))
			}
		}
	}
}

func checkAssumptionsMatchRisks(s *screen) {
	list, paths := s.p.Assumptions()
	if len(list) == 0 {
		s.fail("logframe", "the logframe states no assumptions")
	}
	covered := map[string]bool{}
	for _, r := range s.p.Risks {
		for _, ref := range r.Assumptions {
			covered[ref] = true
		}
	}
	ids := map[string]bool{}
	for i, a := range list {
		switch {
		case a.ID == "":
			s.fail(paths[i]+".id", "the assumption has no ID, so no risk can cover it")
		case !covered[a.ID]:
			s.fail(paths[i], "assumption %s is not covered by any risk in the register", a.ID)
		}
		ids[a.ID] = true
	}
	for i, r := range s.p.Risks {
		for k, ref := range r.Assumptions {
			if !ids[ref] || ref == "" {
				s.fail(fmt.Sprintf("risks[%d].assumptions[%d]", i, k), "risk %s refers to assumption %q, which the logframe does not state", label(r.ID, i+1), ref)
			}
		}
	}
}

func checkBudgetTotal(s *screen) {
	total := s.p.BudgetTotal()
	if !total.Equal(s.p.Amount) {
		diff, side := total.Sub(s.p.Amount), "more"
		if diff.Sign() < 0 {
			diff, side = diff.Neg(), "less"
		}
		s.fail("budget", "the budget lines add up to %s %s, %s %s than the amount of %s",
			amount(total), s.p.Currency, amount(diff), side, amount(s.p.Amount))
	}
}

func checkPSCRate(s *screen) {
	rate := s.rs.PSCRatePercent
	if s.f.PSCRatePercent != nil {
		rate = *s.f.PSCRatePercent
	}
	direct := s.p.DirectCosts()
	if direct.Sign() <= 0 {
		return // nothing to charge on; budget_total and evaluation_budgeted speak for the budget
	}
	psc := s.p.BudgetFor(devcoop.BudgetPSC)
	want := direct.Mul(rate).Mul(money.New(1, 2)).Round(2)
	if psc.Sub(want).Abs().GreaterThan(s.rs.PSCTolerance) {
		s.fail("budget", "programme support costs are %s %s; at %s%% of direct costs of %s they should be %s",
			amount(psc), s.p.Currency, rate.Normalize(), amount(direct), amount(want))
	}
}

func checkMEBudgetShare(s *screen) {
	direct := s.p.DirectCosts()
	if direct.Sign() <= 0 {
		return
	}
	me := s.p.BudgetFor(devcoop.BudgetMonitoring, devcoop.BudgetEvaluation)
	// me/direct ≥ share/100, kept exact by cross-multiplying.
	if me.Mul(hundred).LessThan(direct.Mul(s.rs.MEMinSharePercent)) {
		share, _ := me.Mul(hundred).Div(direct, 2)
		s.fail("budget", "monitoring and evaluation get %s %s, %s%% of direct costs; at least %s%% is needed",
			amount(me), s.p.Currency, share.Normalize(), s.rs.MEMinSharePercent.Normalize())
	}
}

func checkEvaluationBudgeted(s *screen) {
	if s.p.BudgetFor(devcoop.BudgetEvaluation).Sign() <= 0 {
		s.fail("budget", "no evaluation is budgeted")
	}
}

func checkDurationFitsBudget(s *screen) {
	n := s.p.DurationYears()
	if n == 0 {
		s.fail("duration_months", "the duration is not set, so the budget years cannot be checked")
		return
	}
	if len(s.p.Budget) == 0 {
		s.fail("budget", "there are no budget lines for the %d project years", n)
		return
	}
	has := map[int]bool{}
	for i, l := range s.p.Budget {
		has[l.Year] = true
		if l.Year > n {
			s.fail(fmt.Sprintf("budget[%d].year", i), "year %d is after the end of the %d-month project (%d project years)", l.Year, s.p.DurationMonths, n)
		}
	}
	for y := 1; y <= n; y++ {
		if !has[y] {
			s.fail("budget", "project year %d of %d has no budget", y, n)
		}
	}
}

func checkRisksAssessed(s *screen) {
	if len(s.p.Risks) == 0 {
		s.fail("risks", "the risk register is empty")
	}
	for i, r := range s.p.Risks {
		f := fmt.Sprintf("risks[%d]", i)
		name := "risk " + label(r.ID, i+1)
		if blank(r.Description) {
			s.fail(f+".description", "%s is not described", name)
		}
		if r.Likelihood == "" {
			s.fail(f+".likelihood", "%s is not rated for likelihood", name)
		}
		if r.Impact == "" {
			s.fail(f+".impact", "%s is not rated for impact", name)
		}
		if blank(r.Mitigation) {
			s.fail(f+".mitigation", "%s has no mitigation", name)
		}
	}
}

func checkSustainabilityPresent(s *screen) {
	s.section("sustainability", "sustainability and exit strategy", s.p.Sustainability)
}

func checkCrossCuttingPresent(s *screen) {
	for _, key := range s.rs.CrossCuttingSections {
		text, ok := s.p.CrossCutting.Section(key)
		if !ok {
			continue // RuleSet.Validate refuses unknown sections
		}
		s.section("cross_cutting."+key, strings.ToLower(devcoop.CrossCuttingLabel(key)), text)
	}
}

func checkPartnerOverdue(s *screen) {
	n := s.f.PartnerOverdueReports
	if n == nil || *n <= s.rs.MaxPartnerOverdueReports {
		return
	}
	if s.rs.MaxPartnerOverdueReports == 0 {
		s.fail("partner_id", "the organisation owes the target partner %d overdue report(s); none are tolerated", *n)
		return
	}
	s.fail("partner_id", "the organisation owes the target partner %d overdue reports; at most %d are tolerated", *n, s.rs.MaxPartnerOverdueReports)
}

// amount writes d to the cent with thousands separators: "1,234,567.89".
func amount(d money.Decimal) string {
	s := d.StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}
