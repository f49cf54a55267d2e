package demo_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

// snapshot is everything a store holds after a load, read back through
// the port.
type snapshot struct {
	regions    []devcoop.Region
	countries  []devcoop.Country
	offices    []devcoop.Office
	objectives []devcoop.StrategicObjective
	periods    []devcoop.Period
	outcomes   []devcoop.Outcome
	dwcps      []devcoop.DWCP
	cpos       []devcoop.CPO
	partners   []devcoop.Partner
	projects   []*devcoop.Project
	agreements []*devcoop.Agreement
	txs        []devcoop.Transaction
	rates      []money.Rate
	users      []*devcoop.User

	workplans     []*devcoop.Workplan
	decisions     []devcoop.AllocationDecision
	opportunities []*devcoop.Opportunity
	targets       []devcoop.PeriodTarget
	scenarios     []devcoop.Scenario

	proposals     []*devcoop.ProposalRecord // by ID
	versions      map[int64][]devcoop.ProposalVersion
	events        map[int64][]devcoop.ProposalEvent
	comments      map[int64][]devcoop.ProposalComment
	notifications map[int64][]devcoop.Notification // by user, newest first
	unread        map[int64]int
}

func read(t *testing.T, s devcoop.Store) *snapshot {
	t.Helper()
	ctx := context.Background()
	var x snapshot
	var err error
	check := func(what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("reading %s: %v", what, err)
		}
	}
	x.regions, err = s.Regions(ctx)
	check("regions")
	x.countries, err = s.Countries(ctx)
	check("countries")
	x.offices, err = s.Offices(ctx)
	check("offices")
	x.objectives, err = s.Objectives(ctx)
	check("objectives")
	x.periods, err = s.Periods(ctx)
	check("periods")
	x.outcomes, err = s.Outcomes(ctx, "")
	check("outcomes")
	x.dwcps, err = s.DWCPs(ctx)
	check("DWCPs")
	x.cpos, err = s.CPOs(ctx)
	check("CPOs")
	x.partners, err = s.Partners(ctx, devcoop.PartnerFilter{})
	check("partners")
	x.projects, _, err = s.Projects(ctx, devcoop.ProjectFilter{}, devcoop.ProjectScope{All: true})
	check("projects")
	x.agreements, err = s.Agreements(ctx, devcoop.AgreementFilter{})
	check("agreements")
	x.txs, err = s.Transactions(ctx, devcoop.TransactionFilter{})
	check("transactions")
	x.rates, err = s.Rates(ctx)
	check("rates")
	x.users, err = s.Users(ctx)
	check("users")
	x.workplans, err = s.Workplans(ctx, "")
	check("workplans")
	x.decisions, err = s.Decisions(ctx, "")
	check("allocation decisions")
	x.opportunities, err = s.Opportunities(ctx, devcoop.OpportunityFilter{})
	check("opportunities")
	x.targets, err = s.PeriodTargets(ctx, "")
	check("period targets")
	x.scenarios, err = s.Scenarios(ctx, "")
	check("scenarios")

	x.proposals, err = s.Proposals(ctx, devcoop.ProposalFilter{})
	check("proposals")
	slices.SortFunc(x.proposals, func(a, b *devcoop.ProposalRecord) int { return cmp.Compare(a.ID, b.ID) })
	x.versions, x.comments = map[int64][]devcoop.ProposalVersion{}, map[int64][]devcoop.ProposalComment{}
	for _, r := range x.proposals {
		x.versions[r.ID], err = s.ProposalVersions(ctx, r.ID)
		check("proposal versions")
		x.comments[r.ID], err = s.ProposalComments(ctx, r.ID)
		check("proposal comments")
	}
	x.events, err = s.ProposalEvents(ctx, 0)
	check("proposal events")
	x.notifications, x.unread = map[int64][]devcoop.Notification{}, map[int64]int{}
	for _, u := range x.users {
		x.notifications[u.ID], err = s.Notifications(ctx, u.ID, 100_000)
		check("notifications")
		x.unread[u.ID], err = s.UnreadNotifications(ctx, u.ID)
		check("unread notifications")
	}
	return &x
}

// dump writes a snapshot canonically: one JSON line per record, with every
// reference written as the code it points at rather than as an ID, and
// without what the store stamps at write time (IDs, update and creation
// times, password hashes).
func (x *snapshot) dump(t *testing.T) []byte {
	t.Helper()
	office, partner, outcome, cpo, project, agreement := map[int64]string{}, map[int64]string{}, map[int64]string{}, map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, o := range x.offices {
		office[o.ID] = o.Code
	}
	for _, p := range x.partners {
		partner[p.ID] = p.Code
	}
	for _, o := range x.outcomes {
		outcome[o.ID] = o.Period + "/" + o.Code
	}
	for _, c := range x.cpos {
		cpo[c.ID] = c.Code
	}
	for _, p := range x.projects {
		project[p.ID] = p.Code
	}
	for _, a := range x.agreements {
		agreement[a.ID] = a.Code
	}
	dwcp := map[int64]string{}
	for _, d := range x.dwcps {
		dwcp[d.ID] = d.Country
	}
	indicator, user, opportunity := map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, o := range x.outcomes {
		for _, ind := range o.Indicators {
			indicator[ind.ID] = o.Period + "/" + ind.Code
		}
	}
	for _, u := range x.users {
		user[u.ID] = u.Email
	}
	for _, o := range x.opportunities {
		opportunity[o.ID] = o.Code
	}

	var b bytes.Buffer
	line := func(kind string, v any) {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s\n", kind, j)
	}
	for _, r := range x.regions {
		line("region", r)
	}
	for _, c := range x.countries {
		line("country", c)
	}
	for _, o := range x.offices {
		o.ID = 0
		line("office", o)
	}
	for _, o := range x.objectives {
		line("objective", o)
	}
	for _, p := range x.periods {
		line("period", p)
	}
	for _, o := range x.outcomes {
		o.ID = 0
		o.Indicators = slices.Clone(o.Indicators) // the snapshot keeps its IDs
		for i := range o.Indicators {
			o.Indicators[i].ID, o.Indicators[i].OutcomeID = 0, 0
		}
		line("outcome", o)
	}
	for _, d := range x.dwcps {
		d.ID = 0
		line("dwcp", d)
	}
	for _, c := range x.cpos {
		line("cpo", []string{c.Code, dwcp[c.DWCPID], c.Country, outcome[c.OutcomeID], c.Title})
	}
	for _, p := range x.partners {
		p.ID = 0
		line("partner", p)
	}
	for _, p := range x.projects {
		c := *p
		c.ID, c.UpdatedAt, c.OfficeID = 0, devcoop.Date{}, 0
		c.Outcomes, c.CPOs, c.Funders = nil, nil, nil
		line("project", struct {
			devcoop.Project
			Office, Outcomes, CPOs, Funders any
		}{c, office[p.OfficeID], mapShares(p.Outcomes, func(s devcoop.OutcomeShare) (string, money.Decimal) { return outcome[s.OutcomeID], s.Percentage }),
			mapShares(p.CPOs, func(s devcoop.CPOShare) (string, money.Decimal) { return cpo[s.CPOID], s.Percentage }),
			mapShares(p.Funders, func(s devcoop.FunderShare) (string, money.Decimal) { return partner[s.PartnerID], s.Percentage })})
	}
	for _, a := range x.agreements {
		c := *a
		c.ID, c.PartnerID, c.Allocations, c.Reports, c.OfficeID, c.OpportunityID = 0, 0, nil, nil, 0, 0
		var allocs, reports []string
		for _, al := range a.Allocations {
			allocs = append(allocs, fmt.Sprintf("%s|%s|%s|%s", project[al.ProjectID], outcome[al.OutcomeID], al.Region, al.Amount))
		}
		for _, r := range a.Reports {
			reports = append(reports, fmt.Sprintf("%s|%s|%s|%s|%s", r.Kind, r.Title, r.Due, r.Submitted, office[r.OfficeID]))
		}
		line("agreement", struct {
			devcoop.Agreement
			Partner, Office, Opportunity string
			Allocations, Reports         []string
		}{c, partner[a.PartnerID], office[a.OfficeID], opportunity[a.OpportunityID], allocs, reports})
	}
	for _, tr := range x.txs {
		c := tr
		c.ID, c.ProjectID, c.AgreementID, c.ProviderPartnerID = 0, 0, 0, 0
		line("transaction", struct {
			devcoop.Transaction
			Project, Agreement, Provider string
		}{c, project[tr.ProjectID], agreement[tr.AgreementID], partner[tr.ProviderPartnerID]})
	}
	for _, r := range x.rates {
		line("rate", r)
	}
	for _, u := range x.users {
		var outcomes []string
		for _, id := range u.OutcomeIDs {
			outcomes = append(outcomes, outcome[id])
		}
		line("user", []any{u.Email, u.Name, u.Roles, office[u.OfficeID], partner[u.PartnerID], outcomes})
	}
	for _, w := range x.workplans {
		c := *w
		c.ID, c.OutcomeID, c.OwnerID, c.Targets = 0, 0, 0, nil
		for _, t := range w.Targets {
			t.IndicatorID = 0
			c.Targets = append(c.Targets, t)
		}
		var indicators []string
		for _, t := range w.Targets {
			indicators = append(indicators, indicator[t.IndicatorID])
		}
		line("workplan", struct {
			devcoop.Workplan
			Outcome2, Owner string
			Indicators      []string
		}{c, outcome[w.OutcomeID], user[w.OwnerID], indicators})
	}
	for _, d := range x.decisions {
		c := d
		c.ID, c.OutcomeID, c.DecidedBy = 0, 0, 0
		line("decision", struct {
			devcoop.AllocationDecision
			Outcome2, DecidedBy2 string
		}{c, outcome[d.OutcomeID], user[d.DecidedBy]})
	}
	for _, o := range x.opportunities {
		c := *o
		c.ID, c.PartnerID, c.AgreementID, c.OfficeID, c.Targets, c.ProposalID = 0, 0, 0, 0, nil, 0
		var targets []string
		for _, t := range o.Targets {
			targets = append(targets, fmt.Sprintf("%s|%s|%s", outcome[t.OutcomeID], t.Component, t.Percentage))
		}
		line("opportunity", struct {
			devcoop.Opportunity
			Partner, Agreement, Office string
			Targets                    []string
		}{c, partner[o.PartnerID], agreement[o.AgreementID], office[o.OfficeID], targets})
	}
	for _, t := range x.targets {
		line("target", t)
	}
	for _, s := range x.scenarios {
		c := s
		c.ID, c.CreatedBy, c.CreatedAt, c.Signed, c.Lost = 0, 0, devcoop.Date{}, nil, nil
		var signed, lost []string
		for _, id := range s.Signed {
			signed = append(signed, opportunity[id])
		}
		for _, id := range s.Lost {
			lost = append(lost, opportunity[id])
		}
		line("scenario", struct {
			devcoop.Scenario
			CreatedBy2   string
			Signed, Lost []string
		}{c, user[s.CreatedBy], signed, lost})
	}

	// Proposals are named by their rank; what the store stamps with the
	// clock (creation, state and update times) is left out.
	proposal := map[int64]string{}
	for i, r := range x.proposals {
		proposal[r.ID] = fmt.Sprintf("P%d", i+1)
	}
	for _, r := range x.proposals {
		id := r.ID
		line("proposal", struct {
			Proposal                         any
			Revision                         int
			CreatedBy, SubmittedBy           string
			Project, Agreement               string
			Appraisal, MEReview, Opportunity any
		}{proposalBody(r.Proposal, office, partner), r.Revision, user[r.CreatedBy], user[r.SubmittedBy], project[r.ProjectID], agreement[r.AgreementID],
			rubric(t, r.AppraisalJSON, user), meReview(t, r.MEReviewJSON, user), opportunityOf(x, id, opportunity)})
		for _, v := range x.versions[id] {
			var p devcoop.Proposal
			if err := json.Unmarshal([]byte(v.Body), &p); err != nil {
				t.Fatal(err)
			}
			line("version", []any{proposal[id], v.Version, user[v.CreatedBy], proposalBody(p, office, partner)})
		}
		for _, e := range x.events[id] {
			line("event", []any{proposal[id], e.At.UTC(), user[e.UserID], e.Actor, e.From, e.To, e.Action, e.Version, e.Comment})
		}
		for _, c := range x.comments[id] {
			line("comment", []any{proposal[id], c.At.UTC(), user[c.UserID], c.Author, c.Path, c.Body})
		}
	}
	for _, u := range x.users {
		for _, n := range x.notifications[u.ID] {
			link := n.Link
			if rest, ok := strings.CutPrefix(link, "/proposals/"); ok {
				var id int64
				fmt.Sscan(rest, &id)
				link = "/proposals/" + proposal[id]
			}
			line("notification", []any{u.Email, n.At.UTC(), n.Text, link, n.Read})
		}
	}
	return b.Bytes()
}

// proposalBody is a proposal without its ID and update time, its office
// and partner named by code.
func proposalBody(p devcoop.Proposal, office, partner map[int64]string) any {
	o, pa := office[p.OfficeID], partner[p.PartnerID]
	p.ID, p.OfficeID, p.PartnerID, p.UpdatedAt = 0, 0, 0, time.Time{}
	return struct {
		devcoop.Proposal
		Office, Partner string
	}{p, o, pa}
}

func rubric(t *testing.T, s string, user map[int64]string) any {
	if s == "" {
		return nil
	}
	var a appraisal.Appraisal
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		t.Fatal(err)
	}
	by := user[a.AppraiserID]
	a.ProposalID, a.AppraiserID = 0, 0
	return []any{a, by}
}

func meReview(t *testing.T, s string, user map[int64]string) any {
	if s == "" {
		return nil
	}
	var r appraisal.MEReview
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatal(err)
	}
	by := user[r.ReviewerID]
	r.ProposalID, r.ReviewerID = 0, 0
	return []any{r, by}
}

// opportunityOf names the pipeline deal that points at a proposal.
func opportunityOf(x *snapshot, id int64, opportunity map[int64]string) string {
	for _, o := range x.opportunities {
		if o.ProposalID == id {
			return opportunity[o.ID]
		}
	}
	return ""
}

func mapShares[S any](ss []S, f func(S) (string, money.Decimal)) []string {
	var out []string
	for _, s := range ss {
		k, p := f(s)
		out = append(out, k+"="+p.String())
	}
	return out
}

// firstDifference returns the first line where two dumps differ.
func firstDifference(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("one dump has %d lines, the other %d", len(la), len(lb))
}
