package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"devcoop"
	"devcoop/appraisal"
)

// write stores the portfolio in dependency order. Each record learns its
// ID as it is created; records that point at it read the ID then.
func (p *portfolio) write(ctx context.Context, tx devcoop.StoreTx) error {
	for i := range p.regions {
		if err := tx.PutRegion(ctx, &p.regions[i]); err != nil {
			return fmt.Errorf("region %s: %w", p.regions[i].Code, err)
		}
	}
	for _, c := range p.countries {
		if err := tx.PutCountry(ctx, &c.Country); err != nil {
			return fmt.Errorf("country %s: %w", c.Code, err)
		}
	}
	for _, o := range p.offices {
		if err := tx.CreateOffice(ctx, &o.Office); err != nil {
			return fmt.Errorf("office %s: %w", o.Code, err)
		}
	}
	for i := range p.objectives {
		if err := tx.PutObjective(ctx, &p.objectives[i]); err != nil {
			return fmt.Errorf("objective %s: %w", p.objectives[i].Code, err)
		}
	}
	for i := range p.periods {
		if err := tx.PutPeriod(ctx, &p.periods[i]); err != nil {
			return fmt.Errorf("period %s: %w", p.periods[i].Code, err)
		}
	}
	for _, t := range p.periodTargets {
		if err := tx.PutPeriodTarget(ctx, t); err != nil {
			return fmt.Errorf("target of %s %s: %w", t.Period, t.Modality, err)
		}
	}
	for _, o := range p.outcomes {
		if err := tx.CreateOutcome(ctx, &o.Outcome); err != nil {
			return fmt.Errorf("outcome %s/%s: %w", o.Period, o.Code, err)
		}
	}
	for _, d := range p.dwcps {
		if err := tx.CreateDWCP(ctx, &d.DWCP); err != nil {
			return fmt.Errorf("DWCP of %s: %w", d.Country, err)
		}
	}
	for _, c := range p.cpos {
		c.DWCPID, c.OutcomeID = c.dwcp.ID, c.outcome.ID
		if err := tx.CreateCPO(ctx, &c.CPO); err != nil {
			return fmt.Errorf("CPO %s: %w", c.Code, err)
		}
	}
	for _, x := range p.partners {
		if err := tx.CreatePartner(ctx, &x.Partner); err != nil {
			return fmt.Errorf("partner %s: %w", x.Code, err)
		}
	}
	for _, r := range p.rates {
		if err := tx.PutRate(ctx, r); err != nil {
			return fmt.Errorf("rate %s %s: %w", r.Currency, r.Month.Format("2006-01"), err)
		}
	}
	for _, x := range p.projects {
		x.resolve()
		if err := tx.CreateProject(ctx, &x.Project); err != nil {
			return fmt.Errorf("project %s: %w", x.Code, err)
		}
	}
	// Opportunities come before agreements, which name the deal they came
	// from; a signed deal then learns its agreement, as signing does in
	// the application.
	for _, o := range p.opportunities {
		o.resolve()
		if err := tx.CreateOpportunity(ctx, &o.Opportunity); err != nil {
			return fmt.Errorf("opportunity %s: %w", o.Code, err)
		}
	}
	for _, a := range p.agreements {
		a.resolve()
		if err := tx.CreateAgreement(ctx, &a.Agreement); err != nil {
			return fmt.Errorf("agreement %s: %w", a.Code, err)
		}
	}
	for _, o := range p.opportunities {
		if o.agreement == nil {
			continue
		}
		o.AgreementID = o.agreement.ID
		if err := tx.UpdateOpportunity(ctx, &o.Opportunity); err != nil {
			return fmt.Errorf("opportunity %s: %w", o.Code, err)
		}
	}
	for _, t := range p.txs {
		t.resolve()
		if err := tx.CreateTransaction(ctx, &t.Transaction); err != nil {
			return fmt.Errorf("transaction of %s on %s: %w", t.owner(), t.Date, err)
		}
	}
	return nil
}

// resolve fills the project's references with the IDs the store gave.
func (x *project) resolve() {
	x.OfficeID = x.office.ID
	x.Countries, x.Regions, x.Outcomes, x.CPOs, x.Funders = nil, nil, nil, nil, nil
	for _, c := range x.countries {
		x.Countries = append(x.Countries, devcoop.CountryShare{Country: c.to.Code, Percentage: pct(c.pct)})
	}
	if x.scope == scopeRegion {
		x.Regions = []devcoop.RegionShare{{Region: x.region, Percentage: pct(100)}}
	}
	for _, o := range x.outcomes {
		x.Outcomes = append(x.Outcomes, devcoop.OutcomeShare{OutcomeID: o.to.ID, Percentage: pct(o.pct)})
	}
	for _, c := range x.cpos {
		x.CPOs = append(x.CPOs, devcoop.CPOShare{CPOID: c.to.ID, Percentage: pct(c.pct)})
	}
	for _, f := range x.funders {
		x.Funders = append(x.Funders, devcoop.FunderShare{PartnerID: f.to.ID, Percentage: pct(f.pct)})
	}
}

func (a *agreement) resolve() {
	a.PartnerID = a.partner.ID
	a.OfficeID = a.office.ID
	if a.opportunity != nil {
		a.OpportunityID = a.opportunity.ID
	}
	a.Reports = nil
	for _, r := range a.reports {
		x := r.ReportObligation
		x.OfficeID = r.office.ID
		a.Reports = append(a.Reports, x)
	}
	a.Allocations = nil
	for _, al := range a.allocs {
		x := devcoop.AgreementAllocation{Region: al.region, Amount: wholeAmount(al.amount, a.Currency)}
		if al.project != nil {
			x.ProjectID = al.project.ID
		}
		if al.outcome != nil {
			x.OutcomeID = al.outcome.ID
		}
		a.Allocations = append(a.Allocations, x)
	}
}

func (o *opportunity) resolve() {
	o.PartnerID, o.OfficeID = o.partner.ID, o.office.ID
	o.Targets = nil
	for _, t := range o.targets {
		o.Targets = append(o.Targets, devcoop.OpportunityTarget{OutcomeID: t.outcome.ID, Component: t.component, Percentage: pct(t.pct)})
	}
}

func (t *transaction) resolve() {
	if t.project != nil {
		t.ProjectID = t.project.ID
	}
	if t.agreement != nil {
		t.AgreementID = t.agreement.ID
	}
	if t.provider != nil {
		t.ProviderPartnerID = t.provider.ID
	}
}

func (t *transaction) owner() string {
	if t.project != nil {
		return "project " + t.project.Code
	}
	return "agreement " + t.agreement.Code
}

// writeUsers creates the demo users, each with its own hash, and returns
// how many it created: an email already taken is left alone.
func (p *portfolio) writeUsers(ctx context.Context, tx devcoop.StoreTx, hashes []string) (int, error) {
	if len(hashes) == 0 {
		return 0, nil
	}
	n := 0
	for i, du := range DemoUsers() {
		if _, err := tx.UserByEmail(ctx, du.Email); err == nil {
			continue
		} else if devcoop.ErrorKind(err) != devcoop.KindNotFound {
			return n, err
		}
		u := &devcoop.User{Email: du.Email, Name: du.Name, Roles: du.Roles, PasswordHash: hashes[i]}
		if du.Office != "" {
			u.OfficeID = p.officeByCode(du.Office).ID
		}
		if du.Partner != "" {
			u.PartnerID = p.partnerByCode(du.Partner).ID
		}
		for _, code := range du.Outcomes {
			u.OutcomeIDs = append(u.OutcomeIDs, p.outcomeByCode(currentPeriod, code).ID)
		}
		if err := u.Validate(); err != nil {
			return n, fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return n, fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		n++
	}
	return n, nil
}

func (p *portfolio) officeByCode(code string) *office {
	for _, o := range p.offices {
		if o.Code == code {
			return o
		}
	}
	panic("demo: no office " + code)
}

func (p *portfolio) partnerByCode(code string) *partner {
	for _, x := range p.partners {
		if x.Code == code {
			return x
		}
	}
	panic("demo: no partner " + code)
}

func (p *portfolio) outcomeByCode(period, code string) *outcome {
	for _, o := range p.outcomes {
		if o.Period == period && o.Code == code {
			return o
		}
	}
	panic("demo: no outcome " + code + " in " + period)
}

// writePlanning stores the workplans, the allocation decisions and the
// scenarios, after the users: they name their owners, deciders and
// authors. A demo user that was not created (no password hasher) is
// looked up too, in case the account already exists; otherwise the
// record names nobody.
func (p *portfolio) writePlanning(ctx context.Context, tx devcoop.StoreTx) error {
	ids := map[string]int64{}
	user := func(email string) (int64, error) {
		if email == "" {
			return 0, nil
		}
		if id, ok := ids[email]; ok {
			return id, nil
		}
		u, err := tx.UserByEmail(ctx, email)
		switch {
		case err == nil:
			ids[email] = u.ID
		case devcoop.ErrorKind(err) == devcoop.KindNotFound:
			ids[email] = 0
		default:
			return 0, err
		}
		return ids[email], nil
	}
	var err error
	for _, w := range p.workplans {
		w.OutcomeID = w.outcome.ID
		if w.OwnerID, err = user(w.owner); err != nil {
			return err
		}
		for i := range w.Targets {
			w.Targets[i].IndicatorID = w.outcome.Indicators[w.indicators[i]].ID
		}
		if err := tx.CreateWorkplan(ctx, &w.Workplan); err != nil {
			return fmt.Errorf("workplan of outcome %s: %w", w.outcome.Code, err)
		}
	}
	for _, d := range p.decisions {
		d.OutcomeID = d.outcome.ID
		if d.DecidedBy, err = user(d.decider); err != nil {
			return err
		}
		if err := tx.CreateDecision(ctx, &d.AllocationDecision); err != nil {
			return fmt.Errorf("allocation to %s/%s: %w", d.outcome.Code, d.Component, err)
		}
	}
	for _, s := range p.scenarios {
		if s.CreatedBy, err = user(s.creator); err != nil {
			return err
		}
		s.Signed, s.Lost = nil, nil
		for _, o := range s.signed {
			s.Signed = append(s.Signed, o.ID)
		}
		for _, o := range s.lost {
			s.Lost = append(s.Lost, o.ID)
		}
		if err := tx.CreateScenario(ctx, &s.Scenario); err != nil {
			return fmt.Errorf("scenario %q: %w", s.Name, err)
		}
	}
	return nil
}

// unreadFrom is when the demo users stopped reading their notifications:
// what the workflow sent them since is unread.
var unreadFrom = time.Date(2015, 6, 24, 0, 0, 0, 0, time.UTC)

// writeProposals stores the proposals as the appraisal service would have
// on the days their history records: each created as a draft by its
// programme officer, every later version saved, every workflow step
// recorded with the rubric or M&E review it needed, the comments, the
// pipeline deal told which proposal it is, and the in-app notifications
// the steps sent, those of the last week unread. Workflow steps name the
// demo users; a demo user that does not exist is named by email only,
// and gets no notification. It returns how many notifications it sent.
func (p *portfolio) writeProposals(ctx context.Context, tx devcoop.StoreTx) (int, error) {
	users, err := tx.Users(ctx)
	if err != nil {
		return 0, err
	}
	byEmail := map[string]*devcoop.User{}
	for _, u := range users {
		byEmail[u.Email] = u
	}
	user := func(email string) *devcoop.User {
		if u := byEmail[email]; u != nil {
			return u
		}
		return &devcoop.User{Email: email}
	}
	var notes []devcoop.Notification
	for _, x := range p.proposals {
		po := user(x.po.Email)
		asPO := devcoop.NewContext(ctx, po) // versions record who saved them
		content := func(v int) devcoop.Proposal {
			c := x.versions[v-1]
			c.OfficeID = x.office.ID
			if x.partner != nil {
				c.PartnerID = x.partner.ID
			}
			return c
		}
		r := &devcoop.ProposalRecord{Proposal: content(1), CreatedBy: po.ID}
		// The store stamps each write with the time of the step it records.
		if err := tx.CreateProposal(devcoop.WithWriteTime(asPO, x.created), r); err != nil {
			return 0, fmt.Errorf("proposal %q: %w", x.versions[0].Title, err)
		}
		err := tx.AddProposalEvent(ctx, r.ID, &devcoop.ProposalEvent{At: x.created, UserID: po.ID, Actor: po.Email, To: devcoop.ProposalDraft, Action: "create", Version: 1})
		if err != nil {
			return 0, err
		}
		for _, s := range x.steps {
			if s.action == "" {
				c := content(s.version)
				c.ID, c.Status = r.ID, r.Status
				r.Proposal = c
				if err := tx.UpdateProposal(devcoop.WithWriteTime(asPO, s.at), r, true); err != nil {
					return 0, fmt.Errorf("proposal %d, version %d: %w", r.ID, s.version, err)
				}
				continue
			}
			u := user(s.user)
			r.Status = s.to
			switch s.action {
			case appraisal.ActionSubmit, appraisal.ActionResubmit:
				r.SubmittedBy = u.ID
			case appraisal.ActionRecordFunded:
				r.ProjectID, r.AgreementID = x.project.ID, x.agreement.ID
			}
			if s.rubric != nil {
				a := *s.rubric
				a.ProposalID, a.AppraiserID = r.ID, user(s.rubricBy).ID
				b, err := json.Marshal(a)
				if err != nil {
					return 0, err
				}
				r.AppraisalJSON = string(b)
			}
			if s.me != nil {
				rv := *s.me
				rv.ProposalID, rv.ReviewerID = r.ID, user(s.meBy).ID
				b, err := json.Marshal(rv)
				if err != nil {
					return 0, err
				}
				r.MEReviewJSON = string(b)
			}
			if err := tx.UpdateProposal(devcoop.WithWriteTime(ctx, s.at), r, false); err != nil {
				return 0, fmt.Errorf("proposal %d, %s: %w", r.ID, s.action, err)
			}
			ev := &devcoop.ProposalEvent{At: s.at, UserID: u.ID, Actor: u.Email, From: s.from, To: s.to, Action: string(s.action), Version: s.version, Comment: s.comment}
			if err := tx.AddProposalEvent(ctx, r.ID, ev); err != nil {
				return 0, err
			}
			notes = append(notes, notify(users, r, x.office.ID, s, u)...)
		}
		for _, c := range x.comments {
			u := user(c.user)
			if err := tx.AddProposalComment(ctx, r.ID, &devcoop.ProposalComment{At: c.at, UserID: u.ID, Author: u.Email, Path: c.path, Body: c.body}); err != nil {
				return 0, err
			}
		}
		if o := x.opportunity; o != nil {
			o.ProposalID = r.ID
			if err := tx.UpdateOpportunity(ctx, &o.Opportunity); err != nil {
				return 0, fmt.Errorf("opportunity %s: %w", o.Code, err)
			}
		}
	}

	// Oldest first, so that a user's newest message has the highest ID;
	// the store marks all of a user's messages read at once, so the read
	// ones go in first.
	slices.SortStableFunc(notes, func(a, b devcoop.Notification) int { return a.At.Compare(b.At) })
	readers := map[int64]bool{}
	for _, n := range notes {
		if n.At.Before(unreadFrom) {
			if err := tx.AddNotification(ctx, &n); err != nil {
				return 0, err
			}
			readers[n.UserID] = true
		}
	}
	for _, u := range users {
		if readers[u.ID] {
			if err := tx.MarkNotificationsRead(ctx, u.ID); err != nil {
				return 0, err
			}
		}
	}
	for _, n := range notes {
		if !n.At.Before(unreadFrom) {
			if err := tx.AddNotification(ctx, &n); err != nil {
				return 0, err
			}
		}
	}
	return len(notes), nil
}

// notify returns the messages a workflow step sends, as the appraisal
// service sends them: to the people whose turn it is, never to the one
// who acted.
func notify(users []*devcoop.User, r *devcoop.ProposalRecord, officeID int64, s pstep, by *devcoop.User) []devcoop.Notification {
	var out []devcoop.Notification
	send := func(text string, match func(*devcoop.User) bool) {
		for _, u := range users {
			if u.ID != by.ID && !u.Disabled && match(u) {
				out = append(out, devcoop.Notification{UserID: u.ID, At: s.at, Text: text, Link: fmt.Sprintf("/proposals/%d", r.ID)})
			}
		}
	}
	office := func(u *devcoop.User) bool { return u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID == officeID }
	role := func(rl devcoop.Role) func(*devcoop.User) bool { return func(u *devcoop.User) bool { return u.Has(rl) } }
	title := fmt.Sprintf("%q", r.Title)
	switch s.action {
	case appraisal.ActionSubmit, appraisal.ActionResubmit:
		send("Proposal "+title+" was submitted for appraisal.", role(devcoop.RoleAppraiser))
	case appraisal.ActionReturn:
		send("Proposal "+title+" was returned for revision.", office)
	case appraisal.ActionClear:
		send("Proposal "+title+" was cleared by appraisal and awaits approval.", role(devcoop.RoleDirector))
	case appraisal.ActionApprove:
		send("Proposal "+title+" was approved and can go to the donor.", role(devcoop.RoleRMOfficer))
		send("Proposal "+title+" was approved.", office)
	case appraisal.ActionRecordFunded, appraisal.ActionRecordDeclined, appraisal.ActionSubmitToDonor:
		send(fmt.Sprintf("Proposal %s: %s.", title, strings.ToLower(s.action.Label())), office)
	}
	return out
}
