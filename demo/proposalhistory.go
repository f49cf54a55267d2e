package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"devcoop"
	"devcoop/appraisal"
)

// history lays out the proposal's life: the dates of its steps, counted
// back in working days from its last workflow event; who took each step;
// the rubrics, reviews and comments they left.
func (g *generator) history(r *rng, x *proposal) {
	plan := x.plan
	tokens := strings.Fields(plan.script)
	// Working days between each step and the one before it (the first
	// after the creation).
	gaps := make([]int, len(tokens))
	prev := "create"
	for i, t := range tokens {
		switch t {
		case "save":
			gaps[i] = r.between(2, 8)
			if prev == "return" {
				gaps[i] = r.between(4, 12)
			}
		case "submit":
			gaps[i] = r.between(3, 10)
		case "start", "resubmit":
			gaps[i] = r.between(1, 3)
		case "return":
			gaps[i] = r.between(4, 9)
		case "clear":
			gaps[i] = r.between(4, 9)
		case "approve":
			gaps[i] = r.between(1, 5)
		case "todonor":
			gaps[i] = r.between(2, 9)
		case "funded", "declined":
			gaps[i] = r.between(30, 80)
		case "withdraw", "withdraw_rm":
			gaps[i] = r.between(5, 25)
		}
		prev = t
	}
	lastEvent := -1 // the create
	for i, t := range tokens {
		if t != "save" {
			lastEvent = i
		}
	}
	anchor := workdaysBefore(today, plan.ago)
	if !x.anchor.IsZero() {
		// A linked proposal: the agreement's signature, the day the deal
		// was lost, or when the proposal went to the donor, recorded on
		// the next working day.
		anchor = minDate(workdaysAfter(x.anchor.AddDays(-1), 1), workdaysBefore(today, 1))
	}
	// Histories begin in 2014: a long wait for the donor's answer is
	// shortened to fit.
	total := 0
	for _, n := range gaps[:lastEvent+1] {
		total += n
	}
	if over := total - workdaysBetween(earliestProposal, anchor); over > 0 {
		for i, t := range tokens[:lastEvent+1] {
			if t == "funded" || t == "declined" {
				gaps[i] = max(15, gaps[i]-over)
			}
		}
	}
	dates := make([]devcoop.Date, len(tokens))
	d := anchor
	for i := lastEvent; i >= 0; i-- {
		dates[i] = d
		d = workdaysBefore(d, gaps[i])
	}
	created := d
	for i := lastEvent + 1; i < len(tokens); i++ {
		base := created
		if i > 0 {
			base = dates[i-1]
		}
		dates[i] = minDate(workdaysAfter(base, gaps[i]), today.AddDays(-1))
	}
	clock := func(d devcoop.Date) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 8+r.intn(9), r.intn(60), 0, 0, time.UTC)
	}
	x.created = clock(created)

	state := devcoop.ProposalDraft
	version := 1
	appraiser := ""
	var returned []appraisal.Finding // what the last return asked for
	for i, t := range tokens {
		at := clock(dates[i])
		if i > 0 && !at.After(x.steps[i-1].at) || i == 0 && !at.After(x.created) {
			base := x.created
			if i > 0 {
				base = x.steps[i-1].at
			}
			at = base.Add(time.Duration(20+r.intn(90)) * time.Minute)
		}
		s := pstep{at: at, token: t, from: state}
		if t == "save" {
			version++
			s.version, s.user, s.to = version, x.po.Email, state
			x.steps = append(x.steps, s)
			// The office answers the appraiser's comments in the new
			// version.
			for k, f := range returned {
				if k == 2 {
					break
				}
				x.comments = append(x.comments, pcomment{at: at.Add(time.Duration(k+1) * time.Minute), user: x.po.Email, path: f.Path, body: replyTo(f, version)})
			}
			returned = nil
			continue
		}
		s.action = tokenAction(t)
		s.to = next(state, s.action)
		s.version = version
		findings := x.findings[version-1]
		switch s.action {
		case appraisal.ActionSubmit, appraisal.ActionResubmit:
			s.user = x.po.Email
		case appraisal.ActionStartAppraisal:
			appraiser = pick(r, appraiserEmails)
			s.user = appraiser
			if i == len(tokens)-1 && plan.rubric > 0 {
				// Scoring has begun.
				s.rubric, s.rubricBy = rubricFor(findings, version, devcoop.DateOf(at), false, plan.rubric), appraiser
			}
			if i == len(tokens)-1 && x.needsME && plan.me > 0 {
				s.me, s.meBy = meReview(r, version, devcoop.DateOf(at), plan.me), evaluationEmail
			}
			if i == len(tokens)-1 {
				for k, f := range findings {
					if k == 2 || f.Path == "" {
						break
					}
					x.comments = append(x.comments, pcomment{at: at.Add(time.Duration(30+k*7) * time.Minute), user: appraiser, path: f.Path, body: remarkOn(f)})
				}
			}
		case appraisal.ActionReturn:
			s.user = appraiser
			s.rubric, s.rubricBy = rubricFor(findings, version, devcoop.DateOf(at), true, 6), appraiser
			s.comment = returnComment(findings)
			for k, f := range findings {
				if k == 3 {
					break
				}
				x.comments = append(x.comments, pcomment{at: at.Add(-time.Duration(40-k*5) * time.Minute), user: appraiser, path: f.Path, body: remarkOn(f)})
			}
			returned = findings
		case appraisal.ActionClear:
			s.user = appraiser
			s.rubric, s.rubricBy = rubricFor(findings, version, devcoop.DateOf(at), false, 6), appraiser
			if x.needsME {
				s.me, s.meBy = meReview(r, version, devcoop.DateOf(at.Add(-26*time.Hour)), len(appraisal.MECriteria())), evaluationEmail
				x.comments = append(x.comments, pcomment{at: at.Add(-27 * time.Hour), user: evaluationEmail, path: "logframe.outcomes[0].indicators[0]",
					body: "The M&E plan is sound. Please make sure the baseline survey is commissioned in the first quarter, so that the mid-term evaluation has data to compare with."})
			}
			s.comment = clearComment(findings)
			for _, f := range findings {
				if f.Severity == appraisal.SeverityMinor {
					x.comments = append(x.comments, pcomment{at: at.Add(-15 * time.Minute), user: appraiser, path: f.Path,
						body: upperFirst(f.Message) + ". Not a reason to hold the proposal back, but please fix it before it goes to the donor."})
					break
				}
			}
		case appraisal.ActionApprove:
			s.user = directorEmail
			if r.chance(40) {
				s.comment = pick(r, []string{"Approved.", "Approved; please check the start date against the donor's programming cycle.",
					"Approved. A good example of a proposal built on the DWCP."})
			}
		case appraisal.ActionSubmitToDonor:
			s.user = rmEmail
			s.comment = "Submitted to the donor."
			if x.partner != nil {
				s.comment = fmt.Sprintf("Submitted to %s.", g.partnerText(x.partner))
			}
		case appraisal.ActionRecordFunded:
			s.user = rmEmail
			s.comment = fmt.Sprintf("Agreement %s signed on %s.", x.agreement.Code, x.agreement.SignedDate)
		case appraisal.ActionRecordDeclined:
			s.user = rmEmail
			s.comment = "The donor declined the proposal."
			if x.opportunity != nil {
				s.comment = x.opportunity.Notes
			} else {
				s.comment = pick(r, stageNotes[devcoop.StageLost])
			}
		case appraisal.ActionWithdraw:
			s.user = x.po.Email
			if t == "withdraw_rm" {
				s.user = rmEmail
			}
			s.comment = pick(r, withdrawReasons)
		}
		state = s.to
		x.steps = append(x.steps, s)
	}
	if state != plan.state {
		panic(fmt.Sprintf("demo: the script %q ends in %s, not %s", plan.script, state, plan.state))
	}
	if version != len(x.versions) {
		panic(fmt.Sprintf("demo: the script %q saves %d versions, the plan has %d", plan.script, version, len(x.versions)))
	}
	slices.SortStableFunc(x.comments, func(a, b pcomment) int { return a.at.Compare(b.at) })
}

// partnerText names a partner in running text.
func (g *generator) partnerText(pa *partner) string {
	name := g.partnerLabel(pa)
	if slices.Contains(needsArticle, name) {
		return "the " + name
	}
	return name
}

func tokenAction(t string) appraisal.Action {
	switch t {
	case "start":
		return appraisal.ActionStartAppraisal
	case "todonor":
		return appraisal.ActionSubmitToDonor
	case "funded":
		return appraisal.ActionRecordFunded
	case "declined":
		return appraisal.ActionRecordDeclined
	case "withdraw_rm":
		return appraisal.ActionWithdraw
	}
	a := appraisal.Action(t)
	if !a.Valid() {
		panic("demo: no workflow action " + t)
	}
	return a
}

// next is the state an action leads to, by the workflow table.
func next(from devcoop.ProposalState, a appraisal.Action) devcoop.ProposalState {
	for _, s := range appraisal.Workflow() {
		if s.From == from && s.Action == a {
			return s.To
		}
	}
	panic(fmt.Sprintf("demo: a %s proposal cannot be %s", from, a))
}

// areaOf maps screen rules to the minimum standard they inform.
var areaOf = func() map[string]string {
	m := map[string]string{}
	for _, r := range appraisal.Rules() {
		m[r.ID] = r.Area
	}
	return m
}()

// rubricFor scores the minimum standards as an appraiser would, from the
// screen's findings: a blocking finding fails its standard, a major one
// leaves it partly met; a proposal being returned fails at least one.
// Only the first scored standards are kept while scoring is under way.
func rubricFor(fs []appraisal.Finding, version int, date devcoop.Date, returning bool, scored int) *appraisal.Appraisal {
	a := &appraisal.Appraisal{Version: version, Date: date}
	failed := false
	for _, st := range appraisal.Standards() {
		s := appraisal.StandardScore{Standard: st.ID, Score: appraisal.ScoreMeets}
		var worst appraisal.Severity
		var msgs []string
		for _, f := range fs {
			if areaOf[f.Rule] != st.ID {
				continue
			}
			if worst == "" || f.Severity == appraisal.SeverityBlocking || f.Severity == appraisal.SeverityMajor && worst == appraisal.SeverityMinor {
				worst = f.Severity
			}
			if len(msgs) < 2 {
				msgs = append(msgs, f.Message)
			}
		}
		switch worst {
		case appraisal.SeverityBlocking:
			s.Score = appraisal.ScoreDoesNotMeet
			failed = true
		case appraisal.SeverityMajor:
			s.Score = appraisal.ScorePartlyMeets
		}
		if len(msgs) > 0 {
			s.Comment = upperFirst(strings.Join(msgs, "; ")) + "."
		} else {
			s.Comment = standardPraise[st.ID]
		}
		a.Scores = append(a.Scores, s)
	}
	if returning && !failed {
		for i := range a.Scores {
			if a.Scores[i].Score == appraisal.ScorePartlyMeets {
				a.Scores[i].Score = appraisal.ScoreDoesNotMeet
				break
			}
		}
	}
	switch {
	case returning:
		a.Comment = "Returned for revision: the proposal does not yet meet every minimum standard."
	case scored < len(a.Scores):
		a.Scores = a.Scores[:scored]
	default:
		a.Comment = "Meets the minimum standards."
		for _, f := range fs {
			if f.Rule == appraisal.RulePartnerNoOverdueReports {
				a.Comment += " Note: " + f.Message + "; PARDEV is following up with the office."
			}
		}
	}
	return a
}

var standardPraise = map[string]string{
	appraisal.StandardRelevance:      "Clearly linked to the DWCP and the programme and budget.",
	appraisal.StandardResultsDesign:  "A logical results chain with measurable indicators.",
	appraisal.StandardBudget:         "Realistic, with M&E and PSC as required.",
	appraisal.StandardRisks:          "Risks match the assumptions and are mitigated.",
	appraisal.StandardCrossCutting:   "All cross-cutting concerns addressed.",
	appraisal.StandardSustainability: "A credible exit strategy with national partners.",
}

// meReview rates the M&E plan as the evaluation office would: mostly
// satisfactory or high, with comments where they help.
func meReview(r *rng, version int, date devcoop.Date, rated int) *appraisal.MEReview {
	rv := &appraisal.MEReview{Version: version, Date: date}
	for i, c := range appraisal.MECriteria() {
		if i == rated {
			break
		}
		x := appraisal.MECriterionRating{Criterion: c.ID, Rating: appraisal.MESatisfactory}
		if r.chance(40) {
			x.Rating = appraisal.MEHigh
		}
		switch c.ID {
		case "baselines":
			x.Comment = "Some baselines will come from the inception survey, which is costed in the first year."
		case "disaggregation":
			x.Comment = "Disaggregated by sex throughout; by disability where the data exist."
		case "learning":
			x.Rating = appraisal.MENotRelevant
			x.Comment = "Knowledge sharing is done by the regional programme this project feeds into, not by the project itself."
		}
		rv.Ratings = append(rv.Ratings, x)
	}
	if rated == len(appraisal.MECriteria()) {
		rv.Comment = "The M&E plan meets the evaluation policy; an independent final evaluation is budgeted."
	}
	return rv
}

// returnComment says why a proposal goes back to its office.
func returnComment(fs []appraisal.Finding) string {
	var msgs []string
	for i, f := range fs {
		if i == 3 {
			break
		}
		msgs = append(msgs, f.Message)
	}
	return "Thank you for the proposal. It cannot be cleared yet: " + strings.Join(msgs, "; ") + ". Please see the comments on each point and resubmit."
}

func clearComment(fs []appraisal.Finding) string {
	if len(fs) == 0 {
		return "Meets the minimum standards. Cleared."
	}
	return fmt.Sprintf("Cleared, with %d point%s to address before the proposal goes to the donor (see the rubric).", len(fs), plural(len(fs)))
}

// remarkOn is an appraiser's comment on a finding.
func remarkOn(f appraisal.Finding) string {
	msg := upperFirst(f.Message) + "."
	switch f.Rule {
	case appraisal.RuleBudgetTotal:
		return msg + " Please correct the lines or the amount requested."
	case appraisal.RuleIndicatorsPresent:
		return msg + " Without one we cannot tell whether the output was delivered; please add one with a baseline and a target."
	case appraisal.RuleIndicatorsComplete:
		if strings.HasSuffix(f.Path, ".target") {
			return msg + " Please set one, with the year it should be reached."
		}
		return msg + " Please add it, or say how and when the inception survey will establish it."
	case appraisal.RulePSCRate:
		return msg + " Please apply the standard rate unless the donor agreed another in writing."
	case appraisal.RuleMEBudgetShare, appraisal.RuleEvaluationBudgeted:
		return msg + " Projects of this size need at least an independent final evaluation."
	case appraisal.RuleSustainabilityPresent:
		return msg + " Who takes over each activity after the project, and who pays for it?"
	case appraisal.RuleCrossCuttingPresent:
		return msg + " Every proposal addresses the five cross-cutting concerns."
	case appraisal.RuleRisksAssessed:
		return msg + " What will the project do if this happens?"
	case appraisal.RuleCountriesConsistent:
		return msg + " Link a CPO of this country, or explain why the project works there."
	case appraisal.RuleLinksConsistent:
		return msg + " Otherwise the contribution will not be counted for that outcome."
	case appraisal.RuleNeedsDocumented:
		return msg + " Please cite the DWCP priority or outcome this answers."
	case appraisal.RuleActivitiesPlanned:
		return msg + " Please plan at least one, with its months."
	case appraisal.RuleAssumptionsMatchRisks:
		return msg + " Please add it to the risk register with a mitigation."
	case appraisal.RulePartnerNoOverdueReports:
		return msg + " PARDEV is following up; please send the office's reports to this donor first."
	}
	return msg
}

// replyTo is the office's answer to a comment, in the version that fixes
// it.
func replyTo(f appraisal.Finding, version int) string {
	switch f.Rule {
	case appraisal.RuleIndicatorsComplete:
		if strings.HasSuffix(f.Path, ".target") {
			return fmt.Sprintf("Target set in version %d.", version)
		}
		return fmt.Sprintf("Baseline added in version %d, from the 2014 survey.", version)
	case appraisal.RuleBudgetTotal, appraisal.RulePSCRate:
		return fmt.Sprintf("The budget is corrected in version %d.", version)
	case appraisal.RuleIndicatorsPresent:
		return fmt.Sprintf("Indicator added in version %d.", version)
	}
	return fmt.Sprintf("Revised in version %d.", version)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func firstOfMonth(d devcoop.Date) devcoop.Date {
	d = d.AddDays(27)
	return devcoop.NewDate(d.Year(), d.Month(), 1)
}

func isWorkday(d devcoop.Date) bool {
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// workdaysBefore moves back n working days (Monday to Friday); with n = 0
// it moves back to a working day.
func workdaysBefore(d devcoop.Date, n int) devcoop.Date {
	for !isWorkday(d) {
		d = d.AddDays(-1)
	}
	for ; n > 0; n-- {
		d = d.AddDays(-1)
		for !isWorkday(d) {
			d = d.AddDays(-1)
		}
	}
	return d
}

// workdaysBetween counts the working days after a up to and including b.
func workdaysBetween(a, b devcoop.Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if isWorkday(d) {
			n++
		}
	}
	return n
}

// earliestProposal is the first day a demo proposal may have been created.
var earliestProposal = devcoop.NewDate(2014, 1, 6)

func workdaysAfter(d devcoop.Date, n int) devcoop.Date {
	for ; n > 0; n-- {
		d = d.AddDays(1)
		for !isWorkday(d) {
			d = d.AddDays(1)
		}
	}
	return d
}

// proposalStats counts the proposals by state, their versions and
// comments, what the screen finds in their current versions, and those
// overdue on today.
func (p *portfolio) proposalStats(s *Stats) {
	s.Proposals, s.ProposalsByState, s.FindingsBySeverity = len(p.proposals), map[devcoop.ProposalState]int{}, map[string]int{}
	for _, x := range p.proposals {
		s.ProposalsByState[x.plan.state]++
		s.ProposalVersions += len(x.versions)
		s.ProposalComments += len(x.comments)
		fs := x.findings[len(x.findings)-1]
		if len(fs) == 0 {
			s.CleanProposals++
		}
		for _, f := range fs {
			s.FindingsBySeverity[string(f.Severity)]++
		}
		if tl, err := appraisal.TimeInState(x.events(), today.Time, appraisal.DefaultSLA()); err != nil {
			panic(err)
		} else if tl.Overdue {
			s.OverdueProposals++
		}
	}
}

// events is the proposal's workflow history, its creation first.
func (x *proposal) events() []appraisal.Event {
	out := []appraisal.Event{{At: x.created, To: devcoop.ProposalDraft, Version: 1}}
	for _, s := range x.steps {
		if s.action != "" {
			out = append(out, appraisal.Event{At: s.at, From: s.from, To: s.to, Action: s.action, Version: s.version, Comment: s.comment})
		}
	}
	return out
}
