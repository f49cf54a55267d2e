package demo_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/demo"
	"devcoop/mobilize"
	"devcoop/money"
)

// screenFacts returns what the appraisal service knows about a proposal
// on the demo's today: the CPOs and the 2014–15 outcomes, the amount in
// US dollars at the planned start, the reports overdue to the partner.
func screenFacts(t *testing.T, pf *devcoop.Portfolio) func(p *devcoop.Proposal) appraisal.Facts {
	var outcomes []devcoop.Outcome
	codes := []string{}
	for _, o := range pf.OutcomesOf("2014-15") {
		outcomes = append(outcomes, *o)
		codes = append(codes, o.Code)
	}
	cpos := appraisal.CPOFacts(pf.CPOs, outcomes)
	overdue := map[int64]int{}
	for _, d := range mobilize.Calendar(pf, demo.Today(), true) {
		if d.Overdue {
			overdue[d.Agreement.PartnerID]++
		}
	}
	return func(p *devcoop.Proposal) appraisal.Facts {
		f := appraisal.Facts{CPOs: cpos, Outcomes: codes}
		c, err := pf.Rates.ToUSD(money.Money{Amount: p.Amount, Currency: p.Currency, ValueDate: p.PlannedStart.Time})
		if err != nil {
			t.Fatalf("proposal %d: %v", p.ID, err)
		}
		f.USDAmount = &c.USD
		if p.PartnerID != 0 {
			n := overdue[p.PartnerID]
			f.PartnerOverdueReports = &n
		}
		return f
	}
}

// versionBody returns a saved version of a proposal.
func versionBody(t *testing.T, x *snapshot, id int64, version int) *devcoop.Proposal {
	t.Helper()
	for _, v := range x.versions[id] {
		if v.Version == version {
			p := new(devcoop.Proposal)
			if err := json.Unmarshal([]byte(v.Body), p); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	t.Fatalf("proposal %d has no version %d", id, version)
	return nil
}

func storedRubric(t *testing.T, r *devcoop.ProposalRecord) (*appraisal.Appraisal, *appraisal.MEReview) {
	t.Helper()
	var a *appraisal.Appraisal
	var m *appraisal.MEReview
	if r.AppraisalJSON != "" {
		a = new(appraisal.Appraisal)
		if err := json.Unmarshal([]byte(r.AppraisalJSON), a); err != nil {
			t.Fatalf("proposal %d: rubric: %v", r.ID, err)
		}
	}
	if r.MEReviewJSON != "" {
		m = new(appraisal.MEReview)
		if err := json.Unmarshal([]byte(r.MEReviewJSON), m); err != nil {
			t.Fatalf("proposal %d: M&E review: %v", r.ID, err)
		}
	}
	return a, m
}

func toEvents(es []devcoop.ProposalEvent) []appraisal.Event {
	var out []appraisal.Event
	for _, e := range es {
		out = append(out, appraisal.Event{At: e.At, From: e.From, To: e.To, Action: appraisal.Action(e.Action), UserID: e.UserID, Version: e.Version})
	}
	return out
}

// checkProposals checks the appraisal pipeline against the brief: every
// state, valid proposals, findings of every severity, clean rubrics where
// a proposal passed appraisal, histories the workflow allows, links to
// the pipeline and to funded projects, service levels, comments and
// notifications.
func checkProposals(t *testing.T, st *demo.Stats, x *snapshot, pf *devcoop.Portfolio) {
	rs := appraisal.DefaultRuleSet()
	facts := screenFacts(t, pf)
	users := map[int64]*devcoop.User{}
	for _, u := range x.users {
		users[u.ID] = u
	}
	office := map[int64]devcoop.Office{}
	for _, o := range x.offices {
		office[o.ID] = o
	}

	if n := len(x.proposals); n < 40 || n > 60 {
		t.Errorf("%d proposals, want 40–60", n)
	}
	byState := map[devcoop.ProposalState]int{}
	offices := map[string]int{}
	versions, comments := 0, 0
	for _, r := range x.proposals {
		byState[r.State()]++
		offices[office[r.OfficeID].Code]++
		versions += len(x.versions[r.ID])
		comments += len(x.comments[r.ID])
	}
	for _, s := range devcoop.ProposalStates {
		if byState[s] < 2 {
			t.Errorf("%d proposals %s, want several", byState[s], s)
		}
		if st.ProposalsByState[s] != byState[s] {
			t.Errorf("stats say %d proposals %s, the store holds %d", st.ProposalsByState[s], s, byState[s])
		}
	}
	if st.Proposals != len(x.proposals) || st.ProposalVersions != versions || st.ProposalComments != comments {
		t.Errorf("stats: %d proposals, %d versions, %d comments; the store: %d, %d, %d", st.Proposals, st.ProposalVersions, st.ProposalComments, len(x.proposals), versions, comments)
	}
	if len(offices) < 4 || offices["CO-NAIROBI"] < 3 || offices["DWT/CO-BANGKOK"] < 3 {
		t.Errorf("proposals by office: %v", offices)
	}
	regional := false
	for code := range offices {
		regional = regional || strings.HasPrefix(code, "RO-")
	}
	if !regional {
		t.Errorf("no proposal from a regional office: %v", offices)
	}

	clean, bigs := 0, 0
	severities := map[appraisal.Severity]bool{}
	early := map[devcoop.ProposalState]map[appraisal.Severity]bool{}
	multi := 0
	for _, r := range x.proposals {
		name := fmt.Sprintf("proposal %d (%s)", r.ID, r.State())
		p := r.Proposal
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		vs := x.versions[r.ID]
		if len(vs) != r.Version {
			t.Errorf("%s is at version %d with %d versions saved", name, r.Version, len(vs))
		}
		for i, v := range vs {
			b := versionBody(t, x, r.ID, v.Version)
			if v.Version != i+1 || b.Version != v.Version || b.ID != r.ID {
				t.Errorf("%s: version %d holds version %d of proposal %d", name, v.Version, b.Version, b.ID)
			}
			if err := b.Validate(); err != nil {
				t.Errorf("%s, version %d: %v", name, v.Version, err)
			}
			if u := users[v.CreatedBy]; u == nil || !u.Has(devcoop.RoleProgrammeOfficer) || u.OfficeID != r.OfficeID {
				t.Errorf("%s: version %d saved by %+v, not a programme officer of the office", name, v.Version, u)
			}
		}
		if len(vs) >= 3 {
			multi++
		}
		if u := users[r.CreatedBy]; u == nil || !u.Has(devcoop.RoleProgrammeOfficer) || u.OfficeID != r.OfficeID || p.ResponsibleOfficial.Email != u.Email {
			t.Errorf("%s: created by %+v for office %d, official %+v", name, u, r.OfficeID, p.ResponsibleOfficial)
		}

		f := facts(&p)
		usd, _ := appraisal.USDAmount(&p, f)
		if usd.LessThan(money.FromInt(250_000)) || usd.GreaterThan(money.FromInt(13_000_000)) {
			t.Errorf("%s asks for US$ %s", name, usd)
		}
		need, err := appraisal.RequiresMEReview(&p, rs, f)
		if err != nil {
			t.Fatal(err)
		}
		if need {
			bigs++
		}
		fs := appraisal.Screen(&p, rs, f)
		if len(fs) == 0 {
			clean++
		}
		for _, fd := range fs {
			severities[fd.Severity] = true
			if early[r.State()] == nil {
				early[r.State()] = map[appraisal.Severity]bool{}
			}
			early[r.State()][fd.Severity] = true
		}

		rubric, me := storedRubric(t, r)
		switch r.State() {
		case devcoop.ProposalCleared, devcoop.ProposalApproved, devcoop.ProposalSubmittedToDonor, devcoop.ProposalFunded, devcoop.ProposalDeclined:
			if appraisal.HasBlocking(fs) {
				t.Errorf("%s has a blocking finding: %+v", name, fs)
			}
			if rubric == nil || rubric.Version != r.Version || !rubric.Complete() || len(rubric.Unmet()) > 0 || users[rubric.AppraiserID] == nil || !users[rubric.AppraiserID].Has(devcoop.RoleAppraiser) {
				t.Errorf("%s at version %d: rubric %+v", name, r.Version, rubric)
			}
			if need && (me == nil || me.Version != r.Version || !me.Complete() || users[me.ReviewerID] == nil || !appraisal.CanReviewME(users[me.ReviewerID])) {
				t.Errorf("%s is above the M&E threshold; review %+v", name, me)
			}
		case devcoop.ProposalReturned:
			if rubric == nil || !rubric.Complete() || len(rubric.Unmet()) == 0 {
				t.Errorf("%s: a returned proposal's rubric fails a standard: %+v", name, rubric)
			}
		}
		if rubric != nil && rubric.Validate() != nil || me != nil && me.Validate() != nil {
			t.Errorf("%s: invalid rubric %+v or review %+v", name, rubric, me)
		}
	}
	if clean == 0 || clean != st.CleanProposals {
		t.Errorf("%d proposals screen clean (stats: %d)", clean, st.CleanProposals)
	}
	for _, s := range appraisal.Severities {
		if !severities[s] {
			t.Errorf("no %s finding on any proposal", s)
		}
		if !early[devcoop.ProposalDraft][s] && !early[devcoop.ProposalSubmitted][s] && !early[devcoop.ProposalReturned][s] {
			t.Errorf("no draft, submitted or returned proposal has a %s finding", s)
		}
	}
	for _, s := range []devcoop.ProposalState{devcoop.ProposalDraft, devcoop.ProposalSubmitted, devcoop.ProposalReturned} {
		if len(early[s]) == 0 {
			t.Errorf("no %s proposal has a finding", s)
		}
	}
	if bigs < 3 {
		t.Errorf("%d proposals above the M&E review threshold", bigs)
	}
	if multi < 3 {
		t.Errorf("%d proposals with three versions or more", multi)
	}

	checkHistories(t, st, x, users, facts)
	checkProposalLinks(t, x)
	checkConversation(t, st, x, users)
}

// checkHistories replays every proposal's history through the workflow,
// from its creation as a draft, with the users who took each step, and
// measures it against the default service levels on today.
func checkHistories(t *testing.T, st *demo.Stats, x *snapshot, users map[int64]*devcoop.User, facts func(*devcoop.Proposal) appraisal.Facts) {
	rs := appraisal.DefaultRuleSet()
	first, last := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC), demo.Today().AddDate(0, 0, 1)
	overdue, longOverdue, inTime := 0, 0, 0
	returnedAndResubmitted := 0
	for _, r := range x.proposals {
		name := fmt.Sprintf("proposal %d (%s)", r.ID, r.State())
		es := x.events[r.ID]
		if len(es) == 0 || es[0].Action != "create" || es[0].To != devcoop.ProposalDraft || es[0].From != "" || es[0].UserID != r.CreatedBy || es[0].Version != 1 {
			t.Errorf("%s does not begin with its creation: %+v", name, es)
			continue
		}
		rubric, me := storedRubric(t, r)
		state, submittedBy := devcoop.ProposalDraft, int64(0)
		returned := false
		for i, e := range es {
			if e.At.Before(first) || !e.At.Before(last) || i > 0 && !e.At.After(es[i-1].At) {
				t.Errorf("%s: event %d at %s", name, i, e.At)
			}
			if i == 0 {
				continue
			}
			u := users[e.UserID]
			if u == nil || u.Email != e.Actor {
				t.Errorf("%s: event %d by %d %q, not a user", name, i, e.UserID, e.Actor)
				continue
			}
			if e.Version < es[i-1].Version || e.Version > r.Version {
				t.Errorf("%s: event %d is about version %d", name, i, e.Version)
			}
			p := versionBody(t, x, r.ID, e.Version)
			p.OfficeID, p.PartnerID = r.OfficeID, r.PartnerID
			f := facts(p)
			need, err := appraisal.RequiresMEReview(p, rs, f)
			if err != nil {
				t.Fatal(err)
			}
			tc := appraisal.TransitionContext{OfficeID: r.OfficeID, SubmittedBy: submittedBy, Screened: true, Findings: appraisal.Screen(p, rs, f),
				MEReviewRequired: need, Comment: e.Comment}
			if rubric != nil && rubric.Version == e.Version {
				tc.Appraisal = rubric
			}
			if me != nil && me.Version == e.Version {
				tc.MEReview = me
			}
			a := appraisal.Action(e.Action)
			if e.From != state {
				t.Errorf("%s: event %d goes from %s; the proposal was %s", name, i, e.From, state)
			}
			to, err := appraisal.Transition(state, a, u, tc)
			if err != nil || to != e.To {
				t.Errorf("%s: %s by %s from %s: %v, %s; the history says %s", name, a, u.Email, state, err, to, e.To)
				break
			}
			switch a {
			case appraisal.ActionSubmit, appraisal.ActionResubmit:
				submittedBy = u.ID
				returned = returned || a == appraisal.ActionResubmit
			}
			state = to
		}
		if state != r.State() || submittedBy != r.SubmittedBy {
			t.Errorf("%s: the history ends %s, submitted by %d; the record is %s, submitted by %d", name, state, submittedBy, r.State(), r.SubmittedBy)
		}
		if returned {
			returnedAndResubmitted++
		}
		tl, err := appraisal.TimeInState(toEvents(es), demo.Today().Time, appraisal.DefaultSLA())
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		cur, _ := tl.Current()
		if tl.Overdue {
			overdue++
		}
		if r.State() == devcoop.ProposalInAppraisal {
			switch {
			case cur.WorkingDays >= 15:
				longOverdue++
			case !cur.Overdue:
				inTime++
			}
		}
	}
	if longOverdue < 2 || inTime < 2 {
		t.Errorf("in appraisal: %d for 15 working days or more, %d within the service level", longOverdue, inTime)
	}
	if overdue != st.OverdueProposals || overdue < 4 {
		t.Errorf("%d proposals overdue (stats: %d)", overdue, st.OverdueProposals)
	}
	if returnedAndResubmitted < 5 {
		t.Errorf("%d proposals returned and resubmitted", returnedAndResubmitted)
	}
}

// checkProposalLinks checks that funded proposals have their project and
// agreement, with the proposal's partner, and that pipeline deals point
// at proposals in the matching stage.
func checkProposalLinks(t *testing.T, x *snapshot) {
	projects := map[int64]*devcoop.Project{}
	for _, p := range x.projects {
		projects[p.ID] = p
	}
	agreements := map[int64]*devcoop.Agreement{}
	for _, a := range x.agreements {
		agreements[a.ID] = a
	}
	proposals := map[int64]*devcoop.ProposalRecord{}
	for _, r := range x.proposals {
		proposals[r.ID] = r
		name := fmt.Sprintf("proposal %d (%s)", r.ID, r.State())
		if r.State() != devcoop.ProposalFunded {
			if r.ProjectID != 0 || r.AgreementID != 0 {
				t.Errorf("%s links to project %d and agreement %d", name, r.ProjectID, r.AgreementID)
			}
			continue
		}
		p, a := projects[r.ProjectID], agreements[r.AgreementID]
		if p == nil || a == nil {
			t.Errorf("%s: project %d or agreement %d does not exist", name, r.ProjectID, r.AgreementID)
			continue
		}
		funds := slices.ContainsFunc(a.Allocations, func(al devcoop.AgreementAllocation) bool { return al.ProjectID == p.ID })
		funder := slices.ContainsFunc(p.Funders, func(f devcoop.FunderShare) bool { return f.PartnerID == r.PartnerID })
		if a.PartnerID != r.PartnerID || !funds || !funder || a.Currency != r.Currency || p.OfficeID != r.OfficeID || a.Status != devcoop.AgreementSigned {
			t.Errorf("%s (partner %d, %s): agreement %s of partner %d in %s funds project %s: %v; funders %+v", name, r.PartnerID, r.Currency, a.Code, a.PartnerID, a.Currency, p.Code, funds, p.Funders)
		}
		es := x.events[r.ID]
		if e := es[len(es)-1]; e.Action != string(appraisal.ActionRecordFunded) || e.At.Before(a.SignedDate.Time) || e.At.After(a.SignedDate.AddDays(4).Time) {
			t.Errorf("%s: recorded funded on %s, the agreement was signed on %s", name, e.At, a.SignedDate)
		}
		if !p.PlannedStart.Equal(r.PlannedStart.Time) {
			t.Errorf("%s starts on %s, its project on %s", name, r.PlannedStart, p.PlannedStart)
		}
	}
	stages := map[devcoop.ProposalState][]string{
		devcoop.ProposalSubmittedToDonor: {devcoop.StageSubmitted, devcoop.StageNegotiation},
		devcoop.ProposalFunded:           {devcoop.StageSigned},
		devcoop.ProposalDeclined:         {devcoop.StageLost},
	}
	linked := map[devcoop.ProposalState]int{}
	seen := map[int64]bool{}
	for _, o := range x.opportunities {
		if o.ProposalID == 0 {
			continue
		}
		r := proposals[o.ProposalID]
		if r == nil || seen[r.ID] {
			t.Errorf("opportunity %s points at proposal %d, missing or taken", o.Code, o.ProposalID)
			continue
		}
		seen[r.ID] = true
		linked[r.State()]++
		if !slices.Contains(stages[r.State()], o.Stage) || o.PartnerID != r.PartnerID || o.Currency != r.Currency {
			t.Errorf("opportunity %s (%s, partner %d, %s) points at proposal %d (%s, partner %d, %s)", o.Code, o.Stage, o.PartnerID, o.Currency, r.ID, r.State(), r.PartnerID, r.Currency)
		}
		if o.Stage != devcoop.StageSigned && !o.Amount.Equal(r.Amount) {
			t.Errorf("opportunity %s asks for %s, its proposal %d for %s", o.Code, o.Amount, r.ID, r.Amount)
		}
		if o.Stage == devcoop.StageSigned && o.AgreementID != r.AgreementID {
			t.Errorf("opportunity %s was signed as agreement %d, its proposal %d funded by %d", o.Code, o.AgreementID, r.ID, r.AgreementID)
		}
	}
	if linked[devcoop.ProposalSubmittedToDonor] < 3 || linked[devcoop.ProposalDeclined] < 1 {
		t.Errorf("proposals linked from the pipeline, by state: %v", linked)
	}
}

// checkConversation checks the comments and the notifications.
func checkConversation(t *testing.T, st *demo.Stats, x *snapshot, users map[int64]*devcoop.User) {
	byEmail := map[string]*devcoop.User{}
	for _, u := range x.users {
		byEmail[u.Email] = u
	}
	onLogframe, byAppraiser := 0, 0
	for _, r := range x.proposals {
		for _, c := range x.comments[r.ID] {
			u := users[c.UserID]
			if u == nil || u.Email != c.Author || strings.TrimSpace(c.Body) == "" {
				t.Errorf("proposal %d: comment %+v", r.ID, c)
				continue
			}
			if strings.HasPrefix(c.Path, "logframe.outcomes[") {
				onLogframe++
			}
			if u.Has(devcoop.RoleAppraiser) {
				byAppraiser++
			}
		}
	}
	if onLogframe < 5 || byAppraiser < 10 {
		t.Errorf("%d comments on the logframe, %d by appraisers", onLogframe, byAppraiser)
	}

	ids := map[string]bool{}
	for _, r := range x.proposals {
		ids[fmt.Sprintf("/proposals/%d", r.ID)] = true
	}
	total, unread := 0, 0
	for _, u := range x.users {
		ns := x.notifications[u.ID]
		total += len(ns)
		n := 0
		for i, m := range ns {
			if !ids[m.Link] || m.UserID != u.ID || !strings.HasPrefix(m.Text, "Proposal ") {
				t.Errorf("notification %+v", m)
			}
			if !m.Read {
				n++
			}
			if i > 0 && m.At.After(ns[i-1].At) {
				t.Errorf("%s: notifications are not newest first: %s after %s", u.Email, m.At, ns[i-1].At)
			}
		}
		if n != x.unread[u.ID] {
			t.Errorf("%s: %d unread, the store counts %d", u.Email, n, x.unread[u.ID])
		}
		unread += n
	}
	if total == 0 || total != st.Notifications || unread == 0 || unread*4 > total {
		t.Errorf("%d notifications (stats: %d), %d unread", total, st.Notifications, unread)
	}
	for _, email := range []string{"po.nairobi@devcoop.example", "po.bangkok@devcoop.example", "appraiser@devcoop.example", "director@devcoop.example", "rm@devcoop.example"} {
		if u := byEmail[email]; u == nil || len(x.notifications[u.ID]) == 0 {
			t.Errorf("%s has no notification", email)
		}
	}
}
