package appraisal

import (
	"fmt"
	"slices"
	"strings"

	"devcoop"
)

// Action is something a user does to move a proposal along the workflow.
type Action string

// Workflow actions.
const (
	ActionSubmit         Action = "submit"
	ActionStartAppraisal Action = "start_appraisal"
	ActionReturn         Action = "return"
	ActionResubmit       Action = "resubmit"
	ActionClear          Action = "clear"
	ActionApprove        Action = "approve"
	ActionSubmitToDonor  Action = "submit_to_donor"
	ActionRecordFunded   Action = "record_funded"
	ActionRecordDeclined Action = "record_declined"
	ActionWithdraw       Action = "withdraw"
)

// Actions lists every action in workflow order.
var Actions = []Action{ActionSubmit, ActionStartAppraisal, ActionReturn, ActionResubmit, ActionClear,
	ActionApprove, ActionSubmitToDonor, ActionRecordFunded, ActionRecordDeclined, ActionWithdraw}

// Label is the action's name for people, as on a button.
func (a Action) Label() string {
	switch a {
	case ActionSubmit:
		return "Submit for appraisal"
	case ActionStartAppraisal:
		return "Start appraisal"
	case ActionReturn:
		return "Return for revision"
	case ActionResubmit:
		return "Resubmit"
	case ActionClear:
		return "Clear"
	case ActionApprove:
		return "Approve"
	case ActionSubmitToDonor:
		return "Submit to donor"
	case ActionRecordFunded:
		return "Record as funded"
	case ActionRecordDeclined:
		return "Record as declined"
	case ActionWithdraw:
		return "Withdraw"
	}
	return string(a)
}

// phrase says what taking a on the proposal means, for messages.
func phrase(a Action) string {
	switch a {
	case ActionSubmit:
		return "submit this proposal for appraisal"
	case ActionStartAppraisal:
		return "start the appraisal of this proposal"
	case ActionReturn:
		return "return this proposal for revision"
	case ActionSubmitToDonor:
		return "submit this proposal to the donor"
	case ActionRecordFunded:
		return "record this proposal as funded"
	case ActionRecordDeclined:
		return "record this proposal as declined"
	}
	return strings.ToLower(a.Label()) + " this proposal"
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool { return slices.Contains(Actions, a) }

// Step is one allowed transition: from a state, an action leads to a new
// state, and only users holding one of Roles may take it. Administrators
// may take every step. A programme officer may act only on the proposals
// of their own office.
type Step struct {
	From   devcoop.ProposalState `json:"from"`
	Action Action                `json:"action"`
	To     devcoop.ProposalState `json:"to"`
	Roles  []devcoop.Role        `json:"roles"`
}

var (
	po       = []devcoop.Role{devcoop.RoleProgrammeOfficer}
	appr     = []devcoop.Role{devcoop.RoleAppraiser}
	director = []devcoop.Role{devcoop.RoleDirector}
	rm       = []devcoop.Role{devcoop.RoleRMOfficer}
	poOrRM   = []devcoop.Role{devcoop.RoleProgrammeOfficer, devcoop.RoleRMOfficer}
)

// steps is the workflow table. The office owns its proposal until it is
// approved; from then on resource mobilization may also withdraw it, since
// it deals with the donor.
var steps = []Step{
	{devcoop.ProposalDraft, ActionSubmit, devcoop.ProposalSubmitted, po},
	{devcoop.ProposalSubmitted, ActionStartAppraisal, devcoop.ProposalInAppraisal, appr},
	{devcoop.ProposalInAppraisal, ActionReturn, devcoop.ProposalReturned, appr},
	{devcoop.ProposalInAppraisal, ActionClear, devcoop.ProposalCleared, appr},
	{devcoop.ProposalReturned, ActionResubmit, devcoop.ProposalSubmitted, po},
	{devcoop.ProposalCleared, ActionApprove, devcoop.ProposalApproved, director},
	{devcoop.ProposalCleared, ActionReturn, devcoop.ProposalReturned, director},
	{devcoop.ProposalApproved, ActionSubmitToDonor, devcoop.ProposalSubmittedToDonor, rm},
	{devcoop.ProposalSubmittedToDonor, ActionRecordFunded, devcoop.ProposalFunded, rm},
	{devcoop.ProposalSubmittedToDonor, ActionRecordDeclined, devcoop.ProposalDeclined, rm},
	{devcoop.ProposalDraft, ActionWithdraw, devcoop.ProposalWithdrawn, po},
	{devcoop.ProposalSubmitted, ActionWithdraw, devcoop.ProposalWithdrawn, po},
	{devcoop.ProposalInAppraisal, ActionWithdraw, devcoop.ProposalWithdrawn, po},
	{devcoop.ProposalReturned, ActionWithdraw, devcoop.ProposalWithdrawn, po},
	{devcoop.ProposalCleared, ActionWithdraw, devcoop.ProposalWithdrawn, po},
	{devcoop.ProposalApproved, ActionWithdraw, devcoop.ProposalWithdrawn, poOrRM},
	{devcoop.ProposalSubmittedToDonor, ActionWithdraw, devcoop.ProposalWithdrawn, poOrRM},
}

// Workflow returns the workflow table, for documentation and pages.
func Workflow() []Step {
	out := make([]Step, len(steps))
	for i, s := range steps {
		s.Roles = slices.Clone(s.Roles)
		out[i] = s
	}
	return out
}

func step(from devcoop.ProposalState, a Action) *Step {
	for i := range steps {
		if steps[i].From == from && steps[i].Action == a {
			return &steps[i]
		}
	}
	return nil
}

// TransitionContext is what a transition needs to know beyond the state and
// the user. The service fills it from the stored proposal.
type TransitionContext struct {
	// OfficeID is the proposal's submitting office.
	OfficeID int64
	// SubmittedBy is the user who last submitted the proposal. Nobody may
	// appraise a proposal they submitted.
	SubmittedBy int64
	// Screened says that Findings holds the screen of the version being
	// cleared; clearing an unscreened proposal is refused.
	Screened bool
	Findings []Finding
	// Appraisal is the appraiser's rubric; clearing needs it complete.
	Appraisal *Appraisal
	// MEReviewRequired says the proposal is above the M&E review threshold
	// (see RequiresMEReview); clearing then needs a complete MEReview.
	MEReviewRequired bool
	MEReview         *MEReview
	// Comment says why; returning for revision needs one.
	Comment string
}

// Transition moves a proposal in state from by action a, taken by u. It
// returns the new state, or an error of kind:
//   - unauthorized, when there is no user;
//   - invalid, for an unknown state or action, or a return without a comment;
//   - conflict, when the action is not possible from this state, or the
//     proposal is not ready to be cleared (not screened, a blocking
//     finding, an incomplete rubric, a standard not met, or a missing M&E
//     review above the threshold);
//   - forbidden, when u holds none of the step's roles, is a programme
//     officer of another office, or would appraise a proposal they
//     submitted.
//
// The checks run in that order, so a wrong state is reported before a wrong
// role. An empty state reads as draft.
func Transition(from devcoop.ProposalState, a Action, u *devcoop.User, c TransitionContext) (devcoop.ProposalState, error) {
	op := "proposal." + string(a)
	fail := func(k devcoop.Kind, format string, args ...any) (devcoop.ProposalState, error) {
		return from, &devcoop.Error{Op: op, Kind: k, Message: fmt.Sprintf(format, args...)}
	}
	if from == "" {
		from = devcoop.ProposalDraft
	}
	if u == nil {
		return from, &devcoop.Error{Op: op, Kind: devcoop.KindUnauthorized, Message: "Please sign in."}
	}
	if !a.Valid() {
		return fail(devcoop.KindInvalid, "%q is not a workflow action", a)
	}
	if !from.Valid() {
		return fail(devcoop.KindInvalid, "%q is not a proposal state", from)
	}
	s := step(from, a)
	if s == nil {
		return fail(devcoop.KindConflict, "a proposal that is %s cannot be %s; possible now: %s",
			strings.ToLower(from.Label()), past(a), possible(from))
	}
	if !allowed(s, u, c.OfficeID) {
		return fail(devcoop.KindForbidden, "only %s may %s", who(s.Roles), phrase(a))
	}
	appraising := a == ActionStartAppraisal || a == ActionClear || (a == ActionReturn && from == devcoop.ProposalInAppraisal)
	if appraising && c.SubmittedBy != 0 && c.SubmittedBy == u.ID {
		return fail(devcoop.KindForbidden, "you submitted this proposal, so another appraiser must appraise it")
	}
	switch a {
	case ActionReturn:
		if blank(c.Comment) {
			return from, &devcoop.Error{Op: op, Kind: devcoop.KindInvalid, Message: "say what to revise",
				Fields: []devcoop.FieldError{{Field: "comment", Message: "is required to return a proposal for revision"}}}
		}
	case ActionClear:
		if err := readyToClear(c); err != "" {
			return fail(devcoop.KindConflict, "the proposal cannot be cleared: %s", err)
		}
	}
	return s.To, nil
}

// readyToClear says what keeps a proposal from being cleared, or "".
func readyToClear(c TransitionContext) string {
	if !c.Screened {
		return "it has not been screened"
	}
	var blocking []string
	for _, f := range c.Findings {
		if f.Severity == SeverityBlocking {
			blocking = append(blocking, f.Rule+" at "+f.Path)
		}
	}
	if len(blocking) > 0 {
		return fmt.Sprintf("%d blocking finding(s): %s", len(blocking), strings.Join(blocking, "; "))
	}
	if !c.Appraisal.Complete() {
		if c.Appraisal == nil || c.Appraisal.AppraiserID == 0 {
			return "the appraiser has not scored the minimum standards"
		}
		if m := c.Appraisal.Missing(); len(m) > 0 {
			return "standards not yet scored: " + joinIDs(m)
		}
		return "the rubric has errors: " + c.Appraisal.Validate().Error()
	}
	if u := c.Appraisal.Unmet(); len(u) > 0 {
		return "standards not met: " + joinIDs(u)
	}
	if c.MEReviewRequired && !c.MEReview.Complete() {
		if c.MEReview == nil || c.MEReview.ReviewerID == 0 {
			return "it is above the M&E review threshold and the evaluation office has not reviewed its M&E plan"
		}
		if m := c.MEReview.Missing(); len(m) > 0 {
			return "the M&E review has criteria not yet rated: " + joinIDs(m)
		}
		return "the M&E review has errors: " + c.MEReview.Validate().Error()
	}
	return ""
}

func allowed(s *Step, u *devcoop.User, officeID int64) bool {
	if u.Has(devcoop.RoleAdmin) {
		return true
	}
	for _, r := range s.Roles {
		if !u.Has(r) {
			continue
		}
		if r == devcoop.RoleProgrammeOfficer && (u.OfficeID == 0 || u.OfficeID != officeID) {
			continue
		}
		return true
	}
	return false
}

// Available lists the actions u may take on a proposal in state from, in
// workflow order, for the buttons of a page. It checks roles and offices,
// not readiness: Transition still refuses to clear an unready proposal.
func Available(from devcoop.ProposalState, u *devcoop.User, officeID int64) []Action {
	if from == "" {
		from = devcoop.ProposalDraft
	}
	var out []Action
	if u == nil {
		return out
	}
	for _, a := range Actions {
		if s := step(from, a); s != nil && allowed(s, u, officeID) {
			out = append(out, a)
		}
	}
	return out
}

func possible(from devcoop.ProposalState) string {
	var as []string
	for _, a := range Actions {
		if step(from, a) != nil {
			as = append(as, strings.ToLower(a.Label()))
		}
	}
	if len(as) == 0 {
		return "nothing, it is final"
	}
	return strings.Join(as, ", ")
}

func past(a Action) string {
	switch a {
	case ActionSubmit:
		return "submitted for appraisal"
	case ActionStartAppraisal:
		return "taken into appraisal"
	case ActionReturn:
		return "returned for revision"
	case ActionResubmit:
		return "resubmitted"
	case ActionClear:
		return "cleared"
	case ActionApprove:
		return "approved"
	case ActionSubmitToDonor:
		return "submitted to the donor"
	case ActionRecordFunded:
		return "recorded as funded"
	case ActionRecordDeclined:
		return "recorded as declined"
	case ActionWithdraw:
		return "withdrawn"
	}
	return string(a)
}

// joinIDs lists IDs for a message.
func joinIDs(ids []string) string { return strings.Join(ids, ", ") }

func who(roles []devcoop.Role) string {
	var ws []string
	for _, r := range roles {
		if r == devcoop.RoleProgrammeOfficer {
			ws = append(ws, "a programme officer of the submitting office")
			continue
		}
		ws = append(ws, article(strings.ToLower(r.Label())))
	}
	ws = append(ws, "an administrator")
	if len(ws) == 2 {
		return ws[0] + " or " + ws[1]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
