package web_test

import (
	"fmt"
	"strings"
	"testing"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

// proposalFor adapts the documented example to the test portfolio.
func proposalFor(e *env) *devcoop.Proposal {
	p := appraisal.ExampleProposal()
	p.OfficeID, p.PartnerID = e.fx.Office.ID, e.fx.Partner.ID
	p.Countries, p.CPOs, p.Outcomes = []string{"KE"}, []string{"KEN 126"}, []string{"1"}
	return p
}

type screenResp struct {
	Findings []appraisal.Finding
	Blocking int
}

func TestProposalWorkflowWithEveryRole(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var rec devcoop.ProposalRecord
		if st := e.call("viewer", "POST", "/api/v1/proposals", proposalFor(e), nil); st != 403 {
			t.Errorf("viewer created a proposal: %d", st)
		}
		if st := e.call("po.hanoi", "POST", "/api/v1/proposals", proposalFor(e), nil); st != 403 {
			t.Errorf("another office's officer created a proposal: %d", st)
		}
		if st := e.call("po.nairobi", "POST", "/api/v1/proposals", proposalFor(e), &rec); st != 201 || rec.Status != devcoop.ProposalDraft || rec.Version != 1 {
			t.Fatalf("create: %d %+v", st, rec)
		}
		path := fmt.Sprintf("/api/v1/proposals/%d", rec.ID)
		var sc screenResp
		if st := e.call("po.nairobi", "GET", path+"/screen", nil, &sc); st != 200 || sc.Blocking != 0 {
			t.Fatalf("screen: %d %+v", st, sc)
		}
		// Other staff do not see a draft; another office's officer never does.
		for _, who := range []string{"appraiser", "po.hanoi", "donor"} {
			if st := e.call(who, "GET", path, nil, nil); st != 404 && st != 403 {
				t.Errorf("%s sees the draft: %d", who, st)
			}
		}
		roles := []string{"po.nairobi", "po.hanoi", "appraiser", "director", "rm", "viewer", "evaluation", "donor"}
		// step makes one transition as who, after checking that every other
		// role is refused it.
		step := func(action appraisal.Action, who, comment string, want devcoop.ProposalState) {
			t.Helper()
			for _, other := range roles {
				if other == who || (action == appraisal.ActionWithdraw && other == "rm") {
					continue
				}
				st := e.call(other, "POST", path+"/transitions", map[string]any{"action": action, "comment": comment}, nil)
				if st != 403 && st != 404 {
					t.Errorf("%s may %s: %d", other, action, st)
				}
			}
			var got struct {
				devcoop.ProposalRecord
				Error struct{ Message string }
			}
			if st := e.call(who, "POST", path+"/transitions", map[string]any{"action": action, "comment": comment}, &got); st != 200 || got.Status != want {
				t.Fatalf("%s %s: %d, status %q: %s", who, action, st, got.Status, got.Error.Message)
			}
		}
		step(appraisal.ActionSubmit, "po.nairobi", "", devcoop.ProposalSubmitted)
		if st := e.call("po.nairobi", "PUT", path, proposalFor(e), nil); st != 409 && st != 400 {
			t.Errorf("edit of a submitted proposal: %d", st)
		}
		step(appraisal.ActionStartAppraisal, "appraiser", "", devcoop.ProposalInAppraisal)
		if st := e.call("appraiser", "POST", path+"/transitions", map[string]any{"action": "return"}, nil); st != 400 {
			t.Errorf("return without a comment: %d", st)
		}
		step(appraisal.ActionReturn, "appraiser", "Indicators need baselines", devcoop.ProposalReturned)
		// Revise: a new version; the old one is kept and the two compare.
		rev := proposalFor(e)
		rev.Title = "Safer construction sites in Kenya"
		rev.Version = 1
		var v2 devcoop.ProposalRecord
		if st := e.call("po.nairobi", "PUT", path, rev, &v2); st != 200 || v2.Version < 2 {
			t.Fatalf("revise: %d %+v", st, v2.Version)
		}
		var diff struct{ Changes []appraisal.Change }
		if st := e.call("appraiser", "GET", fmt.Sprintf("%s/diff?from=1&to=%d", path, v2.Version), nil, &diff); st != 200 || len(diff.Changes) == 0 {
			t.Errorf("diff: %d %+v", st, diff)
		}
		step(appraisal.ActionResubmit, "po.nairobi", "", devcoop.ProposalSubmitted)
		step(appraisal.ActionStartAppraisal, "appraiser", "", devcoop.ProposalInAppraisal)
		// Clearing needs the rubric.
		if st := e.call("appraiser", "POST", path+"/transitions", map[string]any{"action": "clear"}, nil); st != 409 && st != 400 {
			t.Errorf("clear without a rubric: %d", st)
		}
		var scores []map[string]string
		for _, s := range appraisal.Standards() {
			scores = append(scores, map[string]string{"standard": s.ID, "score": "meets"})
		}
		if st := e.call("po.nairobi", "PUT", path+"/appraisal", map[string]any{"scores": scores}, nil); st != 403 {
			t.Errorf("officer scored the rubric: %d", st)
		}
		if st := e.call("appraiser", "PUT", path+"/appraisal", map[string]any{"scores": scores, "comment": "Sound design."}, nil); st != 200 {
			t.Fatalf("rubric: %d", st)
		}
		step(appraisal.ActionClear, "appraiser", "", devcoop.ProposalCleared)
		step(appraisal.ActionApprove, "director", "", devcoop.ProposalApproved)
		step(appraisal.ActionSubmitToDonor, "rm", "", devcoop.ProposalSubmittedToDonor)
		step(appraisal.ActionRecordFunded, "rm", "", devcoop.ProposalFunded)
		var funded devcoop.ProposalRecord
		e.call("admin", "GET", path, nil, &funded)
		if funded.ProjectID == 0 || funded.AgreementID == 0 {
			t.Fatalf("funded proposal without its project and agreement: %+v", funded)
		}
		var pr devcoop.Project
		if st := e.call("admin", "GET", fmt.Sprintf("/api/v1/projects/%d", funded.ProjectID), nil, &pr); st != 200 || pr.Title != rev.Title || len(pr.Funders) != 1 {
			t.Errorf("project: %d %+v", st, pr)
		}
		var ag devcoop.Agreement
		if st := e.call("admin", "GET", fmt.Sprintf("/api/v1/agreements/%d", funded.AgreementID), nil, &ag); st != 200 || !ag.Amount.Equal(money.MustParse("3390000")) || ag.Allocations[0].ProjectID != funded.ProjectID {
			t.Errorf("agreement: %d %+v", st, ag)
		}
		var hist struct {
			Events   []devcoop.ProposalEvent
			Versions []devcoop.ProposalVersion
		}
		e.call("director", "GET", path+"/history", nil, &hist)
		if len(hist.Events) != 10 || len(hist.Versions) < 2 || hist.Events[3].Comment != "Indicators need baselines" {
			t.Errorf("history: %d events, %d versions", len(hist.Events), len(hist.Versions))
		}
		var notes struct{ Notifications []devcoop.Notification }
		e.call("po.nairobi", "GET", "/api/v1/notifications", nil, &notes)
		if len(notes.Notifications) == 0 || !strings.Contains(notes.Notifications[len(notes.Notifications)-1].Text, "returned") {
			t.Errorf("notifications: %+v", notes.Notifications)
		}
	})
}

func TestBlockingFindingPreventsClearing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		p := proposalFor(e)
		p.Logframe.Outcomes[0].Indicators = nil // blocking: an outcome without indicators
		var rec devcoop.ProposalRecord
		if st := e.call("po.nairobi", "POST", "/api/v1/proposals", p, &rec); st != 201 {
			t.Fatalf("create: %d", st)
		}
		path := fmt.Sprintf("/api/v1/proposals/%d", rec.ID)
		var sc screenResp
		e.call("po.nairobi", "GET", path+"/screen", nil, &sc)
		found := false
		for _, f := range sc.Findings {
			found = found || (f.Rule == "indicators_present" && f.Severity == appraisal.SeverityBlocking && f.Path == "logframe.outcomes[0].indicators")
		}
		if !found {
			t.Fatalf("findings: %+v", sc.Findings)
		}
		for _, s := range []struct{ who, action string }{{"po.nairobi", "submit"}, {"appraiser", "start_appraisal"}} {
			if st := e.call(s.who, "POST", path+"/transitions", map[string]any{"action": s.action}, nil); st != 200 {
				t.Fatalf("%s: %d", s.action, st)
			}
		}
		var scores []map[string]string
		for _, s := range appraisal.Standards() {
			scores = append(scores, map[string]string{"standard": s.ID, "score": "meets"})
		}
		e.call("appraiser", "PUT", path+"/appraisal", map[string]any{"scores": scores}, nil)
		var body struct{ Error struct{ Message string } }
		if st := e.call("appraiser", "POST", path+"/transitions", map[string]any{"action": "clear"}, &body); st != 409 || !strings.Contains(body.Error.Message, "blocking") {
			t.Errorf("clearing with a blocking finding: %d %s", st, body.Error.Message)
		}
	})
}

// TestLargeProposalNeedsMEReview lowers the M&E threshold below the
// example's US$3.39M: the evaluation office is told when appraisal starts,
// clearing waits for its review, and only it may write one.
func TestLargeProposalNeedsMEReview(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var got0 struct {
			RuleSet map[string]any `json:"rule_set"`
		}
		e.call("admin", "GET", "/api/v1/appraisal/rules", nil, &got0)
		rs := got0.RuleSet
		rs["me_review_threshold_usd"] = "1000000"
		var bad struct{ Error any }
		if st := e.call("admin", "PUT", "/api/v1/appraisal/rules", rs, &bad); st != 200 {
			t.Fatalf("rules: %d %+v", st, bad)
		}
		var rec devcoop.ProposalRecord
		if st := e.call("po.nairobi", "POST", "/api/v1/proposals", proposalFor(e), &rec); st != 201 {
			t.Fatalf("create: %d", st)
		}
		path := fmt.Sprintf("/api/v1/proposals/%d", rec.ID)
		for _, s := range []struct{ who, action string }{{"po.nairobi", "submit"}, {"appraiser", "start_appraisal"}} {
			if st := e.call(s.who, "POST", path+"/transitions", map[string]any{"action": s.action}, nil); st != 200 {
				t.Fatalf("%s: %d", s.action, st)
			}
		}
		var notes struct{ Notifications []devcoop.Notification }
		e.call("evaluation", "GET", "/api/v1/notifications", nil, &notes)
		if len(notes.Notifications) != 1 || !strings.Contains(notes.Notifications[0].Text, "M&E") || notes.Notifications[0].Link != fmt.Sprintf("/proposals/%d", rec.ID) {
			t.Errorf("the evaluation office was told: %+v", notes.Notifications)
		}
		var scores []map[string]string
		for _, s := range appraisal.Standards() {
			scores = append(scores, map[string]string{"standard": s.ID, "score": "meets"})
		}
		if st := e.call("appraiser", "PUT", path+"/appraisal", map[string]any{"scores": scores}, nil); st != 200 {
			t.Fatalf("rubric: %d", st)
		}
		var body struct{ Error struct{ Message string } }
		if st := e.call("appraiser", "POST", path+"/transitions", map[string]any{"action": "clear"}, &body); st != 409 || !strings.Contains(body.Error.Message, "M&E") {
			t.Errorf("cleared without the M&E review: %d %s", st, body.Error.Message)
		}
		var ratings []map[string]string
		for _, c := range appraisal.MECriteria() {
			ratings = append(ratings, map[string]string{"criterion": c.ID, "rating": "2"})
		}
		for _, who := range []string{"appraiser", "po.nairobi", "director"} {
			if st := e.call(who, "PUT", path+"/me-review", map[string]any{"ratings": ratings}, nil); st != 403 {
				t.Errorf("%s wrote the M&E review: %d", who, st)
			}
		}
		if st := e.call("evaluation", "PUT", path+"/me-review", map[string]any{"ratings": ratings, "comment": "Adequate."}, nil); st != 200 {
			t.Fatalf("M&E review: %d", st)
		}
		var got devcoop.ProposalRecord
		if st := e.call("appraiser", "POST", path+"/transitions", map[string]any{"action": "clear"}, &got); st != 200 || got.Status != devcoop.ProposalCleared {
			t.Errorf("clear after the review: %d %s", st, got.Status)
		}
	})
}

// TestSimilarPastWork asks for the projects like a proposal: the one that
// shares its CPO, outcome, countries and partner comes first, those that
// share only the outcome follow, and each user sees only the projects they
// may see.
func TestSimilarPastWork(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var rec devcoop.ProposalRecord
		if st := e.call("po.nairobi", "POST", "/api/v1/proposals", proposalFor(e), &rec); st != 201 {
			t.Fatalf("create: %d", st)
		}
		// Appraisers see proposals once submitted.
		if st := e.call("po.nairobi", "POST", fmt.Sprintf("/api/v1/proposals/%d/transitions", rec.ID), map[string]any{"action": "submit"}, nil); st != 200 {
			t.Fatalf("submit: %d", st)
		}
		path := fmt.Sprintf("/api/v1/proposals/%d/similar", rec.ID)
		type match struct {
			ID       int64    `json:"project_id"`
			Score    int      `json:"score"`
			Reasons  []string `json:"reasons"`
			Budget   string   `json:"budget_usd"`
			Delivery string   `json:"delivery_rate"`
		}
		var got struct{ Projects []match }
		if st := e.call("appraiser", "GET", path, nil, &got); st != 200 || len(got.Projects) != 3 {
			t.Fatalf("appraiser: %d %+v", st, got.Projects)
		}
		top := got.Projects[0]
		if top.ID != e.ids["KEN-1"] || top.Score != 12 || strings.Join(top.Reasons, "; ") != "CPO KEN 126; outcome 1; Kenya; funded by Sweden" {
			t.Errorf("closest: %+v", top)
		}
		for _, m := range got.Projects[1:] {
			if m.Score != 3 || len(m.Reasons) != 1 || m.Reasons[0] != "outcome 1" {
				t.Errorf("outcome-only match: %+v", m)
			}
		}
		// The officer sees its own office's projects and published ones.
		if st := e.call("po.nairobi", "GET", path, nil, &got); st != 200 || len(got.Projects) != 2 || got.Projects[1].ID != e.ids["VNM-PUB"] {
			t.Errorf("officer: %d %+v", st, got.Projects)
		}
		if st := e.call("po.hanoi", "GET", path, nil, nil); st != 404 && st != 403 {
			t.Errorf("another office's officer: %d", st)
		}
		if st := e.call("appraiser", "GET", path+"?limit=0", nil, nil); st != 400 {
			t.Errorf("limit 0: %d", st)
		}
		// The page shows them, linked.
		appraiser := signInAs(t, e, "appraiser@test.org", "correct horse battery")
		doc := appraiser.page(fmt.Sprintf("/proposals/%d", rec.ID))
		if rows := doc.Find("#similar-table tbody tr"); len(rows) != 3 || !doc.Has(fmt.Sprintf(`#similar-table a[href=/projects/%d]`, e.ids["KEN-1"])) {
			t.Errorf("the page lists %d similar projects", len(rows))
		}
	})
}
