package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/mobilize"
	"devcoop/money"
)

const (
	settingRules = "appraisal.rules"
	settingSLA   = "appraisal.sla"
)

// canSeeProposal is the visibility rule: a programme officer sees their
// office's proposals, drafts included; other staff see proposals once
// submitted; donors and the public see none (proposals are screened before
// any donor sees them).
func canSeeProposal(u *devcoop.User, r *devcoop.ProposalRecord) bool {
	switch {
	case u == nil || !u.IsStaff():
		return false
	case u.Has(devcoop.RoleAdmin):
		return true
	case u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID == r.OfficeID:
		return true
	case r.State() == devcoop.ProposalDraft:
		return false
	}
	// Beyond their own office, programme officers see no proposals; every
	// other staff role sees submitted ones.
	for _, role := range u.Roles {
		if role != devcoop.RoleProgrammeOfficer {
			return true
		}
	}
	return false
}

func canEditProposal(u *devcoop.User, officeID int64) bool {
	return u.Has(devcoop.RoleAdmin) || (u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID == officeID)
}

// RuleSet returns the appraisal rules as configured, or the defaults.
func (a *App) RuleSet(ctx context.Context) (appraisal.RuleSet, error) {
	v, err := a.store.Setting(ctx, settingRules)
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		return appraisal.DefaultRuleSet(), nil
	}
	if err != nil {
		return appraisal.RuleSet{}, err
	}
	return appraisal.LoadRuleSet(strings.NewReader(v))
}

// SetRuleSet changes thresholds and turns rules on or off (administrators).
func (a *App) SetRuleSet(ctx context.Context, rs appraisal.RuleSet) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !u.Has(devcoop.RoleAdmin) {
		return devcoop.ErrForbidden
	}
	if err := rs.Validate(); err != nil {
		return err
	}
	before, _ := a.RuleSet(ctx)
	body, _ := json.Marshal(rs)
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.PutSetting(ctx, settingRules, string(body)); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "setting", settingRules, before, rs)
	})
}

// SLA returns the appraisal service levels.
func (a *App) SLA(ctx context.Context) appraisal.SLA {
	v, err := a.store.Setting(ctx, settingSLA)
	if err == nil {
		var s appraisal.SLA
		if json.Unmarshal([]byte(v), &s) == nil && s.WorkingDays != nil {
			return s
		}
	}
	return appraisal.DefaultSLA()
}

// Facts are what the screen knows about a proposal from the portfolio: the
// CPOs and outcomes of its period, the amount in US dollars at the current
// rate, and the reports overdue to its target partner.
func (a *App) Facts(ctx context.Context, p *devcoop.Proposal) (appraisal.Facts, error) {
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return appraisal.Facts{}, err
	}
	period := p.Period
	if period == "" {
		if cur := pf.CurrentPeriod(); cur != nil {
			period = cur.Code
		}
	}
	var outcomes []devcoop.Outcome
	codes := []string{}
	for _, o := range pf.OutcomesOf(period) {
		outcomes = append(outcomes, *o)
		codes = append(codes, o.Code)
	}
	f := appraisal.Facts{CPOs: appraisal.CPOFacts(pf.CPOs, outcomes), Outcomes: codes}
	if money.ValidCurrency(p.Currency) {
		on := p.PlannedStart
		if on.IsZero() {
			on = a.Today(ctx)
		}
		if c, err := pf.Rates.ToUSD(money.Money{Amount: p.Amount, Currency: p.Currency, ValueDate: on.Time}); err == nil {
			f.USDAmount = &c.USD
		}
	}
	if p.PartnerID != 0 {
		n := 0
		for _, d := range mobilize.Calendar(pf, a.Today(ctx), true) {
			if d.Agreement.PartnerID == p.PartnerID && d.Overdue {
				n++
			}
		}
		f.PartnerOverdueReports = &n
	}
	return f, nil
}

// ScreenProposal runs the configured rules over a proposal.
func (a *App) ScreenProposal(ctx context.Context, p *devcoop.Proposal) ([]appraisal.Finding, error) {
	rs, err := a.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	f, err := a.Facts(ctx, p)
	if err != nil {
		return nil, err
	}
	return appraisal.Screen(p, rs, f), nil
}

// Proposals lists the proposals the user may see, newest first.
func (a *App) Proposals(ctx context.Context, f devcoop.ProposalFilter) ([]*devcoop.ProposalRecord, error) {
	u, err := requireStaff(ctx)
	if err != nil {
		return nil, err
	}
	all, err := a.store.Proposals(ctx, f)
	if err != nil {
		return nil, err
	}
	out := []*devcoop.ProposalRecord{}
	for _, r := range all {
		if canSeeProposal(u, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// Proposal returns one proposal the user may see; others are not found.
func (a *App) Proposal(ctx context.Context, id int64) (*devcoop.ProposalRecord, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.store.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSeeProposal(u, r) {
		return nil, devcoop.NotFound("proposal", id)
	}
	return r, nil
}

// checkProposalRefs validates a proposal and its references.
func (a *App) checkProposalRefs(ctx context.Context, p *devcoop.Proposal) error {
	var pr devcoop.Problems
	if err := p.Validate(); err != nil {
		pr.AddAll("", devcoop.ErrorFields(err))
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if p.OfficeID != 0 && pf.Office(p.OfficeID) == nil {
		pr.Add("office_id", "office %d does not exist", p.OfficeID)
	}
	if p.PartnerID != 0 && pf.Partner(p.PartnerID) == nil {
		pr.Add("partner_id", "partner %d does not exist", p.PartnerID)
	}
	if p.Period != "" && pf.Period(p.Period) == nil {
		pr.Add("period", "%q is not a programme period", p.Period)
	}
	return pr.Err()
}

// CreateProposal starts a proposal as a draft (a programme officer for
// their office, or an administrator).
func (a *App) CreateProposal(ctx context.Context, p *devcoop.Proposal) (*devcoop.ProposalRecord, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !canEditProposal(u, p.OfficeID) {
		return nil, devcoop.Errorf(devcoop.KindForbidden, "Proposals are drafted by programme officers, for their own office.")
	}
	p.Status = devcoop.ProposalDraft
	if err := a.checkProposalRefs(ctx, p); err != nil {
		return nil, err
	}
	r := &devcoop.ProposalRecord{Proposal: *p, CreatedBy: u.ID}
	ctx = devcoop.WithWriteTime(ctx, a.Now(ctx)) // the record's times follow the business clock
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateProposal(ctx, r); err != nil {
			return err
		}
		if err := tx.AddProposalEvent(ctx, r.ID, &devcoop.ProposalEvent{UserID: u.ID, Actor: u.Email, To: devcoop.ProposalDraft, Action: "create", Version: 1}); err != nil {
			return err
		}
		return a.audit(ctx, tx, "create", "proposal", r.ID, nil, r.Proposal)
	})
	return r, err
}

// UpdateProposal saves a new version of a draft or returned proposal. p.Version
// must be the version the change was based on.
func (a *App) UpdateProposal(ctx context.Context, id int64, p *devcoop.Proposal) (*devcoop.ProposalRecord, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canEditProposal(u, r.OfficeID) || (p.OfficeID != r.OfficeID && !canEditProposal(u, p.OfficeID)) {
		return nil, devcoop.Errorf(devcoop.KindForbidden, "Only the submitting office's programme officers change a proposal.")
	}
	if !r.State().Editable() {
		return nil, devcoop.Conflictf("a proposal that is %s cannot be changed; it can be changed while a draft or returned for revision", strings.ToLower(r.State().Label()))
	}
	if p.Version == 0 {
		return nil, devcoop.Invalid("version", "is required: send the version you read")
	}
	if p.Version != r.Version {
		return nil, devcoop.Conflictf("proposal %d is now at version %d, not %d: someone saved a change; reload it and apply yours again", id, r.Version, p.Version)
	}
	if err := a.checkProposalRefs(ctx, p); err != nil {
		return nil, err
	}
	before := r.Proposal
	next := *r
	next.Proposal = *p
	next.Proposal.Status = r.Status
	next.ID = r.ID
	ctx = devcoop.WithWriteTime(ctx, a.Now(ctx)) // the record's times follow the business clock
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateProposal(ctx, &next, true); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "proposal", r.ID, before, next.Proposal)
	})
	return &next, err
}

// TransitionInput is a workflow step asked for.
type TransitionInput struct {
	Action  appraisal.Action `json:"action"`
	Comment string           `json:"comment"`
	Version int              `json:"version"` // the version the decision is about
}

// Transition moves a proposal through the workflow, if the user's role
// owns the step and its conditions hold (a blocking finding cannot be
// cleared; above the threshold the M&E review must be complete). Funded
// creates the project and the agreement, linked back to the proposal.
func (a *App) Transition(ctx context.Context, id int64, in TransitionInput) (*devcoop.ProposalRecord, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Version != 0 && in.Version != r.Version {
		return nil, devcoop.Conflictf("proposal %d is now at version %d; reload it before deciding", id, r.Version)
	}
	rs, err := a.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	facts, err := a.Facts(ctx, &r.Proposal)
	if err != nil {
		return nil, err
	}
	tc := appraisal.TransitionContext{OfficeID: r.OfficeID, SubmittedBy: r.SubmittedBy, Screened: true, Findings: appraisal.Screen(&r.Proposal, rs, facts), Comment: in.Comment}
	if r.AppraisalJSON != "" {
		tc.Appraisal = new(appraisal.Appraisal)
		if err := json.Unmarshal([]byte(r.AppraisalJSON), tc.Appraisal); err != nil {
			return nil, err
		}
		if tc.Appraisal.Version != r.Version {
			tc.Appraisal = nil // a rubric of an earlier version does not count
		}
	}
	needsME := false
	if in.Action == appraisal.ActionClear || in.Action == appraisal.ActionStartAppraisal {
		if needsME, err = appraisal.RequiresMEReview(&r.Proposal, rs, facts); err != nil {
			return nil, err
		}
		tc.MEReviewRequired = needsME && in.Action == appraisal.ActionClear
	}
	if r.MEReviewJSON != "" {
		tc.MEReview = new(appraisal.MEReview)
		if err := json.Unmarshal([]byte(r.MEReviewJSON), tc.MEReview); err != nil {
			return nil, err
		}
		if tc.MEReview.Version != r.Version {
			tc.MEReview = nil
		}
	}
	to, err := appraisal.Transition(r.State(), in.Action, u, tc)
	if err != nil {
		return nil, err
	}
	from := r.State()
	next := *r
	next.Status = to
	if in.Action == appraisal.ActionSubmit || in.Action == appraisal.ActionResubmit {
		next.SubmittedBy = u.ID
	}
	ctx = devcoop.WithWriteTime(ctx, a.Now(ctx)) // the record's times follow the business clock
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if to == devcoop.ProposalFunded {
			if err := a.fund(ctx, tx, &next); err != nil {
				return err
			}
		}
		if err := tx.UpdateProposal(ctx, &next, false); err != nil {
			return err
		}
		ev := &devcoop.ProposalEvent{At: a.Now(ctx), UserID: u.ID, Actor: u.Email, From: from, To: to, Action: string(in.Action), Version: r.Version, Comment: in.Comment}
		if err := tx.AddProposalEvent(ctx, r.ID, ev); err != nil {
			return err
		}
		if err := a.notifyTransition(ctx, tx, &next, in.Action, u, needsME); err != nil {
			return err
		}
		return a.audit(ctx, tx, string(in.Action), "proposal", r.ID, map[string]any{"status": from}, map[string]any{"status": to, "comment": in.Comment})
	})
	return &next, err
}

// fund creates the project and the agreement of a funded proposal, each
// linked back to it, and marks its pipeline opportunity signed.
func (a *App) fund(ctx context.Context, tx devcoop.StoreTx, r *devcoop.ProposalRecord) error {
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if r.PartnerID == 0 || pf.Partner(r.PartnerID) == nil {
		return devcoop.Invalid("partner_id", "a funded proposal needs its partner")
	}
	partner := pf.Partner(r.PartnerID)
	today := a.Today(ctx)
	start := r.PlannedStart
	if start.IsZero() {
		start = today
	}
	end := devcoop.Date{Time: start.AddDate(0, r.DurationMonths, -1)}
	country := "GLO"
	if len(r.Countries) == 1 {
		if c := pf.Country(r.Countries[0]); c != nil {
			country = c.Alpha3
		}
	} else if len(r.Countries) > 1 {
		country = "RAF"
		if c := pf.Country(r.Countries[0]); c != nil {
			country = map[string]string{"AFR": "RAF", "AME": "RLA", "ARB": "RAB", "ASP": "RAS", "ECA": "REU"}[c.Region]
		}
	}
	code := fmt.Sprintf("%s/%02d/P%d/%s", country, start.Year()%100, r.ID, strings.ToUpper(partner.Code))
	p := &devcoop.Project{Code: code, IATIIdentifier: a.OrgRef() + "-" + code, Title: r.Title, Description: r.Needs.Statement,
		Status: devcoop.StatusImplementation, PlannedStart: start, PlannedEnd: end, OfficeID: r.OfficeID, Source: devcoop.SourceXBDC, Currency: r.Currency,
		Funders: []devcoop.FunderShare{{PartnerID: partner.ID, Percentage: money.FromInt(100)}}}
	eq := func(n int) []money.Decimal {
		if n == 0 {
			return nil
		}
		parts, _ := money.Split(10000, slices.Repeat([]money.Decimal{money.FromInt(1)}, n))
		out := make([]money.Decimal, n)
		for i, c := range parts {
			out[i] = money.FromCents(c)
		}
		return out
	}
	for i, pct := range eq(len(r.Countries)) {
		p.Countries = append(p.Countries, devcoop.CountryShare{Country: r.Countries[i], Percentage: pct})
	}
	var outcomeIDs []int64
	for _, o := range pf.OutcomesOf(r.Period) {
		if slices.Contains(r.Outcomes, o.Code) {
			outcomeIDs = append(outcomeIDs, o.ID)
		}
	}
	for i, pct := range eq(len(outcomeIDs)) {
		p.Outcomes = append(p.Outcomes, devcoop.OutcomeShare{OutcomeID: outcomeIDs[i], Percentage: pct})
	}
	var cpoIDs []int64
	for _, code := range r.CPOs {
		if c := pf.CPOByCode(code); c != nil {
			cpoIDs = append(cpoIDs, c.ID)
		}
	}
	for i, pct := range eq(len(cpoIDs)) {
		p.CPOs = append(p.CPOs, devcoop.CPOShare{CPOID: cpoIDs[i], Percentage: pct})
	}
	byYear := map[int]money.Decimal{}
	for _, b := range r.Budget {
		byYear[b.Year] = byYear[b.Year].Add(b.Amount)
	}
	for y := 1; y <= r.DurationYears(); y++ {
		if byYear[y].IsZero() {
			continue
		}
		ps := devcoop.Date{Time: start.AddDate(y-1, 0, 0)}
		pe := devcoop.Date{Time: start.AddDate(y, 0, -1)}
		if pe.After(end) {
			pe = end
		}
		p.Budgets = append(p.Budgets, devcoop.Budget{PeriodStart: ps, PeriodEnd: pe, Amount: byYear[y], Currency: r.Currency, ValueDate: ps})
	}
	if err := p.Validate(); err != nil {
		return devcoop.WithOp("proposal.fund", err)
	}
	if err := tx.CreateProject(ctx, p); err != nil {
		return err
	}
	ag := &devcoop.Agreement{Code: "AGR-P" + fmt.Sprint(r.ID), PartnerID: partner.ID, Title: r.Title, Modality: devcoop.ModalityEarmarked, Currency: r.Currency,
		Amount: r.Amount, Start: start, End: end, SignedDate: today, Status: devcoop.AgreementSigned, DiscloseName: true, OfficeID: r.OfficeID,
		Allocations: []devcoop.AgreementAllocation{{ProjectID: p.ID, Amount: r.Amount}},
		Tranches:    []devcoop.Tranche{{ExpectedDate: start, ExpectedAmount: r.Amount}}}
	for _, o := range pf.Opportunities {
		if o.ProposalID == r.ID && o.Open() {
			ag.OpportunityID = o.ID
		}
	}
	if err := tx.CreateAgreement(ctx, ag); err != nil {
		return err
	}
	if ag.OpportunityID != 0 {
		if o, err := tx.Opportunity(ctx, ag.OpportunityID); err == nil {
			o.Stage, o.AgreementID = devcoop.StageSigned, ag.ID
			if err := tx.UpdateOpportunity(ctx, o); err != nil {
				return err
			}
		}
	}
	r.ProjectID, r.AgreementID = p.ID, ag.ID
	if err := a.audit(ctx, tx, "create", "project", p.ID, nil, map[string]any{"from_proposal": r.ID, "code": p.Code}); err != nil {
		return err
	}
	return a.audit(ctx, tx, "create", "agreement", ag.ID, nil, map[string]any{"from_proposal": r.ID, "code": ag.Code})
}

// notifyTransition tells the people whose turn it is. needsME says the proposal is
// above the threshold for the evaluation office's review of its M&E plan.
func (a *App) notifyTransition(ctx context.Context, tx devcoop.StoreTx, r *devcoop.ProposalRecord, act appraisal.Action, by *devcoop.User, needsME bool) error {
	users, err := tx.Users(ctx)
	if err != nil {
		return err
	}
	link := fmt.Sprintf("/proposals/%d", r.ID)
	send := func(text string, match func(*devcoop.User) bool) error {
		for _, u := range users {
			if u.ID != by.ID && !u.Disabled && match(u) {
				if err := tx.AddNotification(ctx, &devcoop.Notification{UserID: u.ID, At: a.Now(ctx), Text: text, Link: link}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	office := func(u *devcoop.User) bool { return u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID == r.OfficeID }
	role := func(rl devcoop.Role) func(*devcoop.User) bool { return func(u *devcoop.User) bool { return u.Has(rl) } }
	title := fmt.Sprintf("%q", r.Title)
	switch act {
	case appraisal.ActionSubmit, appraisal.ActionResubmit:
		return send("Proposal "+title+" was submitted for appraisal.", role(devcoop.RoleAppraiser))
	case appraisal.ActionStartAppraisal:
		if needsME {
			return send("Proposal "+title+" is in appraisal and needs the evaluation office's review of its M&E plan.", role(devcoop.RoleEvaluationManager))
		}
	case appraisal.ActionReturn:
		return send("Proposal "+title+" was returned for revision.", office)
	case appraisal.ActionClear:
		return send("Proposal "+title+" was cleared by appraisal and awaits approval.", role(devcoop.RoleDirector))
	case appraisal.ActionApprove:
		if err := send("Proposal "+title+" was approved and can go to the donor.", role(devcoop.RoleRMOfficer)); err != nil {
			return err
		}
		return send("Proposal "+title+" was approved.", office)
	case appraisal.ActionRecordFunded, appraisal.ActionRecordDeclined, appraisal.ActionSubmitToDonor:
		return send(fmt.Sprintf("Proposal %s: %s.", title, strings.ToLower(act.Label())), office)
	}
	return nil
}

// SaveAppraisal stores the appraiser's rubric for the current version.
func (a *App) SaveAppraisal(ctx context.Context, id int64, ap appraisal.Appraisal) (*devcoop.ProposalRecord, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !appraisal.CanAppraise(u) {
		return nil, devcoop.Errorf(devcoop.KindForbidden, "Only appraisers score proposals.")
	}
	r, err := a.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.State() != devcoop.ProposalInAppraisal {
		return nil, devcoop.Conflictf("the rubric is scored while a proposal is in appraisal; this one is %s", strings.ToLower(r.State().Label()))
	}
	ap.ProposalID, ap.Version, ap.AppraiserID, ap.Date = r.ID, r.Version, u.ID, a.Today(ctx)
	if err := ap.Validate(); err != nil {
		return nil, err
	}
	body, _ := json.Marshal(ap)
	next := *r
	next.AppraisalJSON = string(body)
	ctx = devcoop.WithWriteTime(ctx, a.Now(ctx)) // the record's times follow the business clock
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateProposal(ctx, &next, false); err != nil {
			return err
		}
		return a.audit(ctx, tx, "appraise", "proposal", r.ID, nil, ap)
	})
	return &next, err
}

// SaveMEReview stores the evaluation office's review of the M&E plan.
func (a *App) SaveMEReview(ctx context.Context, id int64, rv appraisal.MEReview) (*devcoop.ProposalRecord, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !appraisal.CanReviewME(u) {
		return nil, devcoop.Errorf(devcoop.KindForbidden, "Only the evaluation office reviews M&E plans.")
	}
	r, err := a.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.State() != devcoop.ProposalInAppraisal {
		return nil, devcoop.Conflictf("the M&E review is done while a proposal is in appraisal; this one is %s", strings.ToLower(r.State().Label()))
	}
	rv.ProposalID, rv.Version, rv.ReviewerID, rv.Date = r.ID, r.Version, u.ID, a.Today(ctx)
	if err := rv.Validate(); err != nil {
		return nil, err
	}
	body, _ := json.Marshal(rv)
	next := *r
	next.MEReviewJSON = string(body)
	ctx = devcoop.WithWriteTime(ctx, a.Now(ctx)) // the record's times follow the business clock
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateProposal(ctx, &next, false); err != nil {
			return err
		}
		return a.audit(ctx, tx, "review_me", "proposal", r.ID, nil, rv)
	})
	return &next, err
}

// CommentProposal adds a comment (anyone who can see the proposal).
func (a *App) CommentProposal(ctx context.Context, id int64, path, body string) (*devcoop.ProposalComment, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.Proposal(ctx, id); err != nil {
		return nil, err
	}
	if strings.TrimSpace(body) == "" {
		return nil, devcoop.Invalid("body", "is empty")
	}
	c := &devcoop.ProposalComment{At: a.Now(ctx), UserID: u.ID, Author: u.Email, Path: path, Body: body}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error { return tx.AddProposalComment(ctx, id, c) })
	return c, err
}

// ProposalDetail is everything a proposal's pages show.
type ProposalDetail struct {
	Record    *devcoop.ProposalRecord
	Findings  []appraisal.Finding
	Facts     appraisal.Facts
	Events    []devcoop.ProposalEvent
	Comments  []devcoop.ProposalComment
	Versions  []devcoop.ProposalVersion
	Timeline  appraisal.Timeline
	Appraisal *appraisal.Appraisal
	MEReview  *appraisal.MEReview
	NeedsME   bool
	Actions   []appraisal.Action
}

// Detail gathers a proposal's screen, history, comments and versions.
func (a *App) Detail(ctx context.Context, id int64) (*ProposalDetail, error) {
	r, err := a.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &ProposalDetail{Record: r}
	rs, err := a.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	if d.Facts, err = a.Facts(ctx, &r.Proposal); err != nil {
		return nil, err
	}
	d.Findings = appraisal.Screen(&r.Proposal, rs, d.Facts)
	d.NeedsME, _ = appraisal.RequiresMEReview(&r.Proposal, rs, d.Facts)
	evs, err := a.store.ProposalEvents(ctx, id)
	if err != nil {
		return nil, err
	}
	d.Events = evs[id]
	if d.Comments, err = a.store.ProposalComments(ctx, id); err != nil {
		return nil, err
	}
	if d.Versions, err = a.store.ProposalVersions(ctx, id); err != nil {
		return nil, err
	}
	d.Timeline, _ = appraisal.TimeInState(toEvents(d.Events), a.Now(ctx), a.SLA(ctx))
	if r.AppraisalJSON != "" {
		d.Appraisal = new(appraisal.Appraisal)
		_ = json.Unmarshal([]byte(r.AppraisalJSON), d.Appraisal)
	}
	if r.MEReviewJSON != "" {
		d.MEReview = new(appraisal.MEReview)
		_ = json.Unmarshal([]byte(r.MEReviewJSON), d.MEReview)
	}
	d.Actions = appraisal.Available(r.State(), devcoop.UserFrom(ctx), r.OfficeID)
	return d, nil
}

func toEvents(es []devcoop.ProposalEvent) []appraisal.Event {
	out := make([]appraisal.Event, 0, len(es))
	for _, e := range es {
		out = append(out, appraisal.Event{At: e.At, From: e.From, To: e.To, Action: appraisal.Action(e.Action), UserID: e.UserID, Version: e.Version, Comment: e.Comment})
	}
	return out
}

// CompareVersions returns what changed between two versions.
func (a *App) CompareVersions(ctx context.Context, id int64, from, to int) ([]appraisal.Change, error) {
	if _, err := a.Proposal(ctx, id); err != nil {
		return nil, err
	}
	vs, err := a.store.ProposalVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	get := func(n int) (*devcoop.Proposal, error) {
		for _, v := range vs {
			if v.Version == n {
				p := new(devcoop.Proposal)
				return p, json.Unmarshal([]byte(v.Body), p)
			}
		}
		return nil, devcoop.NotFound("version", n)
	}
	pa, err := get(from)
	if err != nil {
		return nil, err
	}
	pb, err := get(to)
	if err != nil {
		return nil, err
	}
	return appraisal.Diff(pa, pb), nil
}

// QueueItem is a proposal waiting on appraisal or a decision.
type QueueItem struct {
	Record   *devcoop.ProposalRecord
	Timeline appraisal.Timeline
	Current  appraisal.Span
	Blocking int
	Findings int
}

// Queue lists the proposals waiting for appraisers and directors, with
// the working days each has spent in its state against the service level;
// overdue ones first.
func (a *App) Queue(ctx context.Context) ([]QueueItem, error) {
	recs, err := a.Proposals(ctx, devcoop.ProposalFilter{States: []devcoop.ProposalState{devcoop.ProposalSubmitted, devcoop.ProposalInAppraisal, devcoop.ProposalCleared, devcoop.ProposalApproved}})
	if err != nil {
		return nil, err
	}
	evs, err := a.store.ProposalEvents(ctx, 0)
	if err != nil {
		return nil, err
	}
	sla, now := a.SLA(ctx), a.Now(ctx)
	rs, err := a.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	var out []QueueItem
	for _, r := range recs {
		it := QueueItem{Record: r}
		it.Timeline, _ = appraisal.TimeInState(toEvents(evs[r.ID]), now, sla)
		it.Current, _ = it.Timeline.Current()
		f, err := a.Facts(ctx, &r.Proposal)
		if err != nil {
			return nil, err
		}
		fs := appraisal.Screen(&r.Proposal, rs, f)
		it.Findings = len(fs)
		for _, x := range fs {
			if x.Severity == appraisal.SeverityBlocking {
				it.Blocking++
			}
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Timeline.Overdue != out[j].Timeline.Overdue {
			return out[i].Timeline.Overdue
		}
		return out[i].Current.WorkingDays > out[j].Current.WorkingDays
	})
	return out, nil
}

// AppraisalStats are the appraisal dashboards' figures.
type AppraisalStats struct {
	ByState     map[devcoop.ProposalState]int    `json:"by_state"`
	Throughput  []MonthCount                     `json:"throughput"` // decisions per month
	AverageDays map[devcoop.ProposalState]string `json:"average_working_days"`
	TopFindings []RuleCount                      `json:"top_findings"`
	Overdue     int                              `json:"overdue"`
}

// MonthCount counts workflow decisions in a month.
type MonthCount struct {
	Month     string `json:"month"`
	Submitted int    `json:"submitted"`
	Cleared   int    `json:"cleared"`
	Returned  int    `json:"returned"`
	Funded    int    `json:"funded"`
}

// RuleCount counts proposals failing a rule.
type RuleCount struct {
	Rule     string `json:"rule"`
	Standard string `json:"standard"`
	Count    int    `json:"count"`
}

// Stats computes the appraisal dashboards over the proposals the user may see.
func (a *App) Stats(ctx context.Context) (*AppraisalStats, error) {
	recs, err := a.Proposals(ctx, devcoop.ProposalFilter{})
	if err != nil {
		return nil, err
	}
	evs, err := a.store.ProposalEvents(ctx, 0)
	if err != nil {
		return nil, err
	}
	rs, err := a.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	sla := a.SLA(ctx)
	st := &AppraisalStats{ByState: map[devcoop.ProposalState]int{}, AverageDays: map[devcoop.ProposalState]string{}}
	now := a.Now(ctx)
	months := map[string]*MonthCount{}
	days := map[devcoop.ProposalState][2]int{}
	rules := map[string]int{}
	for _, r := range recs {
		st.ByState[r.State()]++
		for _, e := range evs[r.ID] {
			m := e.At.Format("2006-01")
			mc := months[m]
			if mc == nil {
				mc = &MonthCount{Month: m}
				months[m] = mc
			}
			switch appraisal.Action(e.Action) {
			case appraisal.ActionSubmit, appraisal.ActionResubmit:
				mc.Submitted++
			case appraisal.ActionClear:
				mc.Cleared++
			case appraisal.ActionReturn:
				mc.Returned++
			case appraisal.ActionRecordFunded:
				mc.Funded++
			}
		}
		tl, err := appraisal.TimeInState(toEvents(evs[r.ID]), now, sla)
		if err == nil {
			if tl.Overdue {
				st.Overdue++
			}
			for _, s := range tl.Spans {
				d := days[s.State]
				days[s.State] = [2]int{d[0] + s.WorkingDays, d[1] + 1}
			}
		}
		if r.State() != devcoop.ProposalDraft {
			f, err := a.Facts(ctx, &r.Proposal)
			if err != nil {
				return nil, err
			}
			seen := map[string]bool{}
			for _, x := range appraisal.Screen(&r.Proposal, rs, f) {
				if !seen[x.Rule] {
					seen[x.Rule] = true
					rules[x.Rule]++
				}
			}
		}
	}
	for s, d := range days {
		if d[1] > 0 {
			avg, _ := money.FromInt(int64(d[0])).Div(money.FromInt(int64(d[1])), 1)
			st.AverageDays[s] = avg.String()
		}
	}
	for _, m := range months {
		st.Throughput = append(st.Throughput, *m)
	}
	sort.Slice(st.Throughput, func(i, j int) bool { return st.Throughput[i].Month < st.Throughput[j].Month })
	standards := map[string]string{}
	for _, r := range appraisal.Rules() {
		standards[r.ID] = r.Standard
	}
	for id, n := range rules {
		st.TopFindings = append(st.TopFindings, RuleCount{Rule: id, Standard: standards[id], Count: n})
	}
	sort.Slice(st.TopFindings, func(i, j int) bool {
		if st.TopFindings[i].Count != st.TopFindings[j].Count {
			return st.TopFindings[i].Count > st.TopFindings[j].Count
		}
		return st.TopFindings[i].Rule < st.TopFindings[j].Rule
	})
	return st, nil
}

// Notifications lists the signed-in user's messages and marks them read.
func (a *App) Notifications(ctx context.Context, markRead bool) ([]devcoop.Notification, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	ns, err := a.store.Notifications(ctx, u.ID, 100)
	if err != nil {
		return nil, err
	}
	if markRead {
		err = a.store.Update(ctx, func(tx devcoop.StoreTx) error { return tx.MarkNotificationsRead(ctx, u.ID) })
	}
	return ns, err
}

// OpenNotification marks one of the user's notifications read and returns
// where it points.
func (a *App) OpenNotification(ctx context.Context, id int64) (string, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return "", err
	}
	var link string
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		link, err = tx.OpenNotification(ctx, u.ID, id)
		return err
	})
	return link, err
}

// UnreadCount counts the user's unread messages (0 for the public).
func (a *App) UnreadCount(ctx context.Context) int {
	u := devcoop.UserFrom(ctx)
	if u == nil || u.ID == 0 {
		return 0
	}
	n, _ := a.store.UnreadNotifications(ctx, u.ID)
	return n
}

// SimilarWork lists up to limit projects like a proposal (same CPOs,
// outcomes, countries or partner) and how they delivered, among the
// projects the user may see.
func (a *App) SimilarWork(ctx context.Context, id int64, limit int) ([]appraisal.Match, error) {
	r, err := a.Proposal(ctx, id)
	if err != nil {
		return nil, err
	}
	pf, err := a.Portfolio(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxPageSize {
		limit = 10
	}
	return appraisal.Similar(&r.Proposal, pf, r.ProjectID, a.Today(ctx), limit), nil
}
