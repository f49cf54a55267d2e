package appraisal_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

const office = 12 // the example proposal's office

var (
	officer   = &devcoop.User{ID: 1, Name: "programme officer", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, OfficeID: office}
	appraiser = &devcoop.User{ID: 2, Name: "appraiser", Roles: []devcoop.Role{devcoop.RoleAppraiser}}
	evaluator = &devcoop.User{ID: 3, Name: "evaluation manager", Roles: []devcoop.Role{devcoop.RoleEvaluationManager}}
	director  = &devcoop.User{ID: 4, Name: "director", Roles: []devcoop.Role{devcoop.RoleDirector}}
	rmOfficer = &devcoop.User{ID: 5, Name: "RM officer", Roles: []devcoop.Role{devcoop.RoleRMOfficer}}
	admin     = &devcoop.User{ID: 6, Name: "administrator", Roles: []devcoop.Role{devcoop.RoleAdmin}}
	otherPO   = &devcoop.User{ID: 7, Name: "officer of another office", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, OfficeID: 99}
)

// fullRubric scores every standard as met.
func fullRubric() *appraisal.Appraisal {
	a := &appraisal.Appraisal{AppraiserID: appraiser.ID, Date: devcoop.NewDate(2014, 11, 3), Version: 2}
	for _, s := range appraisal.Standards() {
		a.Scores = append(a.Scores, appraisal.StandardScore{Standard: s.ID, Score: appraisal.ScoreMeets})
	}
	return a
}

// fullReview rates every M&E criterion satisfactory.
func fullReview() *appraisal.MEReview {
	r := &appraisal.MEReview{ReviewerID: evaluator.ID, Date: devcoop.NewDate(2014, 11, 5), Version: 2}
	for _, c := range appraisal.MECriteria() {
		r.Ratings = append(r.Ratings, appraisal.MECriterionRating{Criterion: c.ID, Rating: appraisal.MESatisfactory})
	}
	return r
}

// ready is a context in which every step's conditions hold.
func ready() appraisal.TransitionContext {
	return appraisal.TransitionContext{
		OfficeID:  office,
		Screened:  true,
		Findings:  []appraisal.Finding{},
		Appraisal: fullRubric(),
		Comment:   "Please strengthen the baselines.",
	}
}

// Walk the example proposal through the whole workflow, with a return for
// revision, a different role at each step, and the history timed.
func TestWorkflowWalk(t *testing.T) {
	p := appraisal.ExampleProposal()
	p.Amount = money.MustParse("6780000.00") // above US$5 million: the M&E plan needs review
	for i := range p.Budget {
		p.Budget[i].Amount = p.Budget[i].Amount.Add(p.Budget[i].Amount)
	}
	rs := appraisal.DefaultRuleSet()
	needsReview, err := appraisal.RequiresMEReview(p, rs, appraisal.ExampleFacts())
	if err != nil || !needsReview {
		t.Fatalf("RequiresMEReview = %v, %v; want true", needsReview, err)
	}

	start := time.Date(2014, 10, 1, 9, 0, 0, 0, time.UTC) // a Wednesday
	state := devcoop.ProposalDraft
	history := []appraisal.Event{{At: start, To: state, UserID: officer.ID}}
	submittedBy := int64(0)
	do := func(day int, a appraisal.Action, u *devcoop.User, ctx appraisal.TransitionContext, want devcoop.ProposalState) {
		t.Helper()
		ctx.OfficeID = p.OfficeID
		ctx.SubmittedBy = submittedBy
		next, err := appraisal.Transition(state, a, u, ctx)
		if err != nil {
			t.Fatalf("%s by %s from %s: %v", a, u.Name, state, err)
		}
		if next != want {
			t.Fatalf("%s from %s led to %s, want %s", a, state, next, want)
		}
		if a == appraisal.ActionSubmit || a == appraisal.ActionResubmit {
			submittedBy = u.ID
		}
		history = append(history, appraisal.Event{At: start.AddDate(0, 0, day), From: state, To: next, Action: a, UserID: u.ID, Comment: ctx.Comment})
		state = next
	}
	screened := func() appraisal.TransitionContext {
		return appraisal.TransitionContext{Screened: true, Findings: appraisal.Screen(p, rs, appraisal.ExampleFacts())}
	}

	do(0, appraisal.ActionSubmit, officer, appraisal.TransitionContext{}, devcoop.ProposalSubmitted)
	do(1, appraisal.ActionStartAppraisal, appraiser, appraisal.TransitionContext{}, devcoop.ProposalInAppraisal)
	do(5, appraisal.ActionReturn, appraiser, appraisal.TransitionContext{Comment: "The baselines need sources."}, devcoop.ProposalReturned)
	do(12, appraisal.ActionResubmit, officer, appraisal.TransitionContext{}, devcoop.ProposalSubmitted)
	do(13, appraisal.ActionStartAppraisal, appraiser, appraisal.TransitionContext{}, devcoop.ProposalInAppraisal)

	// Clearing above the threshold waits for the evaluation office.
	ctx := screened()
	ctx.Appraisal = fullRubric()
	ctx.MEReviewRequired = needsReview
	if _, err := appraisal.Transition(state, appraisal.ActionClear, appraiser, ctx); devcoop.ErrorKind(err) != devcoop.KindConflict || !strings.Contains(err.Error(), "M&E") {
		t.Fatalf("clear without the M&E review = %v, want a conflict about the M&E plan", err)
	}
	if !appraisal.CanReviewME(evaluator) || appraisal.CanReviewME(appraiser) {
		t.Fatal("only the evaluation office reviews M&E plans")
	}
	ctx.MEReview = fullReview()
	do(20, appraisal.ActionClear, appraiser, ctx, devcoop.ProposalCleared)
	do(22, appraisal.ActionApprove, director, appraisal.TransitionContext{}, devcoop.ProposalApproved)
	do(27, appraisal.ActionSubmitToDonor, rmOfficer, appraisal.TransitionContext{}, devcoop.ProposalSubmittedToDonor)
	do(90, appraisal.ActionRecordFunded, rmOfficer, appraisal.TransitionContext{}, devcoop.ProposalFunded)

	if !state.Final() || len(appraisal.Available(state, admin, office)) != 0 {
		t.Errorf("a funded proposal can still move: %v", appraisal.Available(state, admin, office))
	}
	tl, err := appraisal.TimeInState(history, start.AddDate(0, 0, 200), appraisal.DefaultSLA())
	if err != nil {
		t.Fatal(err)
	}
	var states []devcoop.ProposalState
	for _, sp := range tl.Spans {
		states = append(states, sp.State)
	}
	wantStates := []devcoop.ProposalState{"draft", "submitted", "in_appraisal", "returned", "submitted", "in_appraisal", "cleared", "approved", "submitted_to_donor", "funded"}
	if !slices.Equal(states, wantStates) {
		t.Errorf("spans %v, want %v", states, wantStates)
	}
	// The second appraisal ran from Tuesday 14 October to Tuesday 21
	// October: five working days, within the limit of ten.
	if sp := tl.Spans[5]; sp.WorkingDays != 5 || sp.Overdue || sp.Limit != 10 {
		t.Errorf("second appraisal span = %+v", sp)
	}
	// The first ran from Thursday 2 to Monday 6 October: two working days.
	if got := tl.WorkingDaysIn(devcoop.ProposalInAppraisal); got != 2+5 {
		t.Errorf("working days in appraisal = %d, want 7", got)
	}
	if tl.Overdue {
		t.Error("a funded proposal is overdue")
	}
}

// Every state × action × role: the step succeeds for the roles that own it
// (and administrators), is forbidden for every other role, and is a
// conflict where the workflow has no such step.
func TestTransitionTable(t *testing.T) {
	type key struct {
		from   devcoop.ProposalState
		action appraisal.Action
	}
	type allowed struct {
		to    devcoop.ProposalState
		roles []devcoop.Role
	}
	po, ap, dir, rm := devcoop.RoleProgrammeOfficer, devcoop.RoleAppraiser, devcoop.RoleDirector, devcoop.RoleRMOfficer
	table := map[key]allowed{
		{"draft", "submit"}:                       {"submitted", []devcoop.Role{po}},
		{"submitted", "start_appraisal"}:          {"in_appraisal", []devcoop.Role{ap}},
		{"in_appraisal", "return"}:                {"returned", []devcoop.Role{ap}},
		{"in_appraisal", "clear"}:                 {"cleared", []devcoop.Role{ap}},
		{"returned", "resubmit"}:                  {"submitted", []devcoop.Role{po}},
		{"cleared", "approve"}:                    {"approved", []devcoop.Role{dir}},
		{"cleared", "return"}:                     {"returned", []devcoop.Role{dir}},
		{"approved", "submit_to_donor"}:           {"submitted_to_donor", []devcoop.Role{rm}},
		{"submitted_to_donor", "record_funded"}:   {"funded", []devcoop.Role{rm}},
		{"submitted_to_donor", "record_declined"}: {"declined", []devcoop.Role{rm}},
		{"draft", "withdraw"}:                     {"withdrawn", []devcoop.Role{po}},
		{"submitted", "withdraw"}:                 {"withdrawn", []devcoop.Role{po}},
		{"in_appraisal", "withdraw"}:              {"withdrawn", []devcoop.Role{po}},
		{"returned", "withdraw"}:                  {"withdrawn", []devcoop.Role{po}},
		{"cleared", "withdraw"}:                   {"withdrawn", []devcoop.Role{po}},
		{"approved", "withdraw"}:                  {"withdrawn", []devcoop.Role{po, rm}},
		{"submitted_to_donor", "withdraw"}:        {"withdrawn", []devcoop.Role{po, rm}},
	}
	if n := len(appraisal.Workflow()); n != len(table) {
		t.Errorf("the workflow has %d steps, the test knows %d", n, len(table))
	}
	for _, s := range appraisal.Workflow() {
		a, ok := table[key{s.From, s.Action}]
		if !ok || a.to != s.To || !slices.Equal(a.roles, s.Roles) {
			t.Errorf("Workflow() step %+v is not in the table", s)
		}
	}
	for _, from := range devcoop.ProposalStates {
		for _, action := range appraisal.Actions {
			for _, role := range devcoop.Roles {
				u := &devcoop.User{ID: 50, Roles: []devcoop.Role{role}, OfficeID: office}
				t.Run(fmt.Sprintf("%s/%s/%s", from, action, role), func(t *testing.T) {
					next, err := appraisal.Transition(from, action, u, ready())
					a, ok := table[key{from, action}]
					switch {
					case !ok:
						if devcoop.ErrorKind(err) != devcoop.KindConflict || next != from {
							t.Errorf("= %s, %v; want a conflict", next, err)
						}
					case role == devcoop.RoleAdmin || slices.Contains(a.roles, role):
						if err != nil || next != a.to {
							t.Errorf("= %s, %v; want %s", next, err, a.to)
						}
					default:
						if devcoop.ErrorKind(err) != devcoop.KindForbidden || next != from {
							t.Errorf("= %s, %v; want forbidden", next, err)
						}
					}
				})
			}
		}
	}
}

func TestTransitionRefusals(t *testing.T) {
	tests := []struct {
		name   string
		from   devcoop.ProposalState
		action appraisal.Action
		user   *devcoop.User
		ctx    func(c *appraisal.TransitionContext)
		kind   devcoop.Kind
		says   string
	}{
		{"nobody signed in", "draft", appraisal.ActionSubmit, nil, nil, devcoop.KindUnauthorized, "sign in"},
		{"unknown action", "draft", "publish", officer, nil, devcoop.KindInvalid, "publish"},
		{"unknown state", "archived", appraisal.ActionSubmit, officer, nil, devcoop.KindInvalid, "archived"},
		{"another office submits", "draft", appraisal.ActionSubmit, otherPO, nil, devcoop.KindForbidden, "submitting office"},
		{"another office withdraws", "approved", appraisal.ActionWithdraw, otherPO, nil, devcoop.KindForbidden, "submitting office"},
		{"officer with no office", "draft", appraisal.ActionSubmit, &devcoop.User{ID: 8, Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}}, func(c *appraisal.TransitionContext) { c.OfficeID = 0 }, devcoop.KindForbidden, ""},
		{"approve in appraisal", "in_appraisal", appraisal.ActionApprove, director, nil, devcoop.KindConflict, "clear"},
		{"final state", "funded", appraisal.ActionWithdraw, admin, nil, devcoop.KindConflict, "final"},
		{"return without a comment", "in_appraisal", appraisal.ActionReturn, appraiser, func(c *appraisal.TransitionContext) { c.Comment = " " }, devcoop.KindInvalid, "revise"},
		{"appraise own proposal", "submitted", appraisal.ActionStartAppraisal, appraiser, func(c *appraisal.TransitionContext) { c.SubmittedBy = appraiser.ID }, devcoop.KindForbidden, "another appraiser"},
		{"clear own proposal as admin", "in_appraisal", appraisal.ActionClear, admin, func(c *appraisal.TransitionContext) { c.SubmittedBy = admin.ID }, devcoop.KindForbidden, "another appraiser"},
		{"clear unscreened", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) { c.Screened = false }, devcoop.KindConflict, "not been screened"},
		{"clear with a blocking finding", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.Findings = appraisal.Screen(broken(), appraisal.DefaultRuleSet(), appraisal.ExampleFacts())
		}, devcoop.KindConflict, "logframe_complete at logframe.objective"},
		{"admin clears with a blocking finding", "in_appraisal", appraisal.ActionClear, admin, func(c *appraisal.TransitionContext) {
			c.Findings = []appraisal.Finding{{Rule: "budget_total", Severity: appraisal.SeverityBlocking, Path: "budget"}}
		}, devcoop.KindConflict, "blocking"},
		{"clear without a rubric", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) { c.Appraisal = nil }, devcoop.KindConflict, "not scored"},
		{"clear with standards unscored", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.Appraisal.Scores = c.Appraisal.Scores[:4]
		}, devcoop.KindConflict, "cross_cutting, sustainability"},
		{"clear with a standard not met", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.Appraisal.Scores[2] = appraisal.StandardScore{Standard: "budget", Score: appraisal.ScoreDoesNotMeet, Comment: "No evaluation."}
		}, devcoop.KindConflict, "not met: budget"},
		{"clear with a rubric error", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.Appraisal.Scores[2].Score = appraisal.ScorePartlyMeets // without the comment it needs
		}, devcoop.KindConflict, "scores[2].comment"},
		{"clear above the threshold without review", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.MEReviewRequired = true
		}, devcoop.KindConflict, "M&E plan"},
		{"clear above the threshold with a partial review", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.MEReviewRequired = true
			c.MEReview = fullReview()
			c.MEReview.Ratings = c.MEReview.Ratings[1:]
		}, devcoop.KindConflict, "results_framework"},
		{"clear above the threshold with a bad review", "in_appraisal", appraisal.ActionClear, appraiser, func(c *appraisal.TransitionContext) {
			c.MEReviewRequired = true
			c.MEReview = fullReview()
			c.MEReview.Ratings[0].Rating = appraisal.MEUnsatisfactory
		}, devcoop.KindConflict, "ratings[0].comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ready()
			if tt.ctx != nil {
				tt.ctx(&c)
			}
			next, err := appraisal.Transition(tt.from, tt.action, tt.user, c)
			if devcoop.ErrorKind(err) != tt.kind || next != tt.from {
				t.Fatalf("= %s, %v; want %v", next, err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
}

// Major and minor findings inform the appraiser but do not stop clearing.
func TestClearWithMajorFindings(t *testing.T) {
	p := appraisal.ExampleProposal()
	p.Sustainability = "Short."
	c := ready()
	c.Findings = appraisal.Screen(p, appraisal.DefaultRuleSet(), appraisal.ExampleFacts())
	if len(c.Findings) == 0 || appraisal.HasBlocking(c.Findings) {
		t.Fatalf("findings: %+v", c.Findings)
	}
	if next, err := appraisal.Transition(devcoop.ProposalInAppraisal, appraisal.ActionClear, appraiser, c); err != nil || next != devcoop.ProposalCleared {
		t.Errorf("= %s, %v", next, err)
	}
	// Below the threshold no M&E review is needed.
	c.MEReviewRequired = false
	c.MEReview = nil
	if _, err := appraisal.Transition(devcoop.ProposalInAppraisal, appraisal.ActionClear, appraiser, c); err != nil {
		t.Errorf("clear below the threshold: %v", err)
	}
}

func TestRequiresMEReview(t *testing.T) {
	rs := appraisal.DefaultRuleSet()
	p := appraisal.ExampleProposal()
	tests := []struct {
		name     string
		amount   string
		currency string
		fact     string
		want     bool
	}{
		{"below", "3390000", "USD", "", false},
		{"exactly the threshold", "5000000.00", "USD", "", false},
		{"a cent above", "5000000.01", "USD", "", true},
		{"in euros, converted", "4500000", "EUR", "5400000.00", true},
		{"in euros, converted below", "4000000", "EUR", "4800000.00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.Amount, p.Currency = money.MustParse(tt.amount), tt.currency
			var f appraisal.Facts
			if tt.fact != "" {
				d := money.MustParse(tt.fact)
				f.USDAmount = &d
			}
			got, err := appraisal.RequiresMEReview(p, rs, f)
			if err != nil || got != tt.want {
				t.Errorf("= %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	p.Currency = "EUR"
	if _, err := appraisal.RequiresMEReview(p, rs, appraisal.Facts{}); devcoop.ErrorKind(err) != devcoop.KindInvalid {
		t.Errorf("a euro amount without its USD value = %v, want invalid", err)
	}
	rs.MEReviewThresholdUSD = money.FromInt(1_000_000)
	p.Currency, p.Amount = "USD", money.FromInt(1_000_001)
	if got, _ := appraisal.RequiresMEReview(p, rs, appraisal.Facts{}); !got {
		t.Error("a lower configured threshold is ignored")
	}
}

func TestAvailable(t *testing.T) {
	tests := []struct {
		from devcoop.ProposalState
		user *devcoop.User
		want []appraisal.Action
	}{
		{"", officer, []appraisal.Action{"submit", "withdraw"}},
		{"draft", otherPO, nil},
		{"submitted", appraiser, []appraisal.Action{"start_appraisal"}},
		{"in_appraisal", appraiser, []appraisal.Action{"return", "clear"}},
		{"cleared", director, []appraisal.Action{"return", "approve"}},
		{"approved", rmOfficer, []appraisal.Action{"submit_to_donor", "withdraw"}},
		{"submitted_to_donor", rmOfficer, []appraisal.Action{"record_funded", "record_declined", "withdraw"}},
		{"in_appraisal", admin, []appraisal.Action{"return", "clear", "withdraw"}},
		{"declined", admin, nil},
		{"draft", nil, nil},
	}
	for _, tt := range tests {
		if got := appraisal.Available(tt.from, tt.user, office); !slices.Equal(got, tt.want) {
			t.Errorf("Available(%s, %v) = %v, want %v", tt.from, tt.user, got, tt.want)
		}
	}
}

func TestAppraisalRubric(t *testing.T) {
	a := fullRubric()
	if err := a.Validate(); err != nil || !a.Complete() || len(a.Unmet()) != 0 {
		t.Fatalf("a full rubric: %v, complete %v", err, a.Complete())
	}
	if !appraisal.CanAppraise(appraiser) || appraisal.CanAppraise(officer) {
		t.Error("CanAppraise")
	}
	tests := []struct {
		name   string
		change func(a *appraisal.Appraisal)
		field  string
	}{
		{"unknown standard", func(a *appraisal.Appraisal) { a.Scores[0].Standard = "beauty" }, "scores[0].standard"},
		{"standard twice", func(a *appraisal.Appraisal) { a.Scores[1].Standard = a.Scores[0].Standard }, "scores[1].standard"},
		{"bad score", func(a *appraisal.Appraisal) { a.Scores[2].Score = "4" }, "scores[2].score"},
		{"partly met without comment", func(a *appraisal.Appraisal) { a.Scores[3].Score = appraisal.ScorePartlyMeets }, "scores[3].comment"},
		{"not met without comment", func(a *appraisal.Appraisal) { a.Scores[4].Score = appraisal.ScoreDoesNotMeet }, "scores[4].comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := fullRubric()
			tt.change(a)
			fs := devcoop.ErrorFields(a.Validate())
			if len(fs) != 1 || fs[0].Field != tt.field {
				t.Errorf("fields %+v, want %s", fs, tt.field)
			}
			if a.Complete() {
				t.Error("an invalid rubric is complete")
			}
		})
	}
	a.Scores = a.Scores[2:]
	if m := a.Missing(); !slices.Equal(m, []string{"relevance", "results_design"}) {
		t.Errorf("Missing = %v", m)
	}
}

func TestMEReview(t *testing.T) {
	r := fullReview()
	if err := r.Validate(); err != nil || !r.Complete() {
		t.Fatalf("a full review: %v", err)
	}
	for _, rating := range []appraisal.MERating{"1", "2", "3", "X"} {
		if !rating.Valid() {
			t.Errorf("%s is not a rating", rating)
		}
	}
	for _, rating := range []appraisal.MERating{"0", "4", "x", ""} {
		if rating.Valid() {
			t.Errorf("%q is a rating", rating)
		}
	}
	tests := []struct {
		name   string
		change func(r *appraisal.MEReview)
		field  string
	}{
		{"unknown criterion", func(r *appraisal.MEReview) { r.Ratings[0].Criterion = "style" }, "ratings[0].criterion"},
		{"criterion twice", func(r *appraisal.MEReview) { r.Ratings[1].Criterion = r.Ratings[0].Criterion }, "ratings[1].criterion"},
		{"rating 4", func(r *appraisal.MEReview) { r.Ratings[2].Rating = "4" }, "ratings[2].rating"},
		{"1 without comment", func(r *appraisal.MEReview) { r.Ratings[3].Rating = appraisal.MEUnsatisfactory }, "ratings[3].comment"},
		{"X without comment", func(r *appraisal.MEReview) { r.Ratings[4].Rating = appraisal.MENotRelevant }, "ratings[4].comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fullReview()
			tt.change(r)
			fs := devcoop.ErrorFields(r.Validate())
			if len(fs) != 1 || fs[0].Field != tt.field {
				t.Errorf("fields %+v, want %s", fs, tt.field)
			}
			if r.Complete() {
				t.Error("an invalid review is complete")
			}
		})
	}
	r.Ratings[5] = appraisal.MECriterionRating{Criterion: r.Ratings[5].Criterion, Rating: appraisal.MENotRelevant, Comment: "No individual data is collected."}
	if !r.Complete() {
		t.Error("X with a comment does not complete the review")
	}
	r.ReviewerID = 0
	if r.Complete() {
		t.Error("a review without a reviewer is complete")
	}
}
