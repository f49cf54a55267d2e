package web_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"devcoop"
)

// TestRecordHistory checks the audit timeline that agreement and
// opportunity pages share: who did what, and for the pipeline the stage a
// card moved to.
func TestRecordHistory(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		body := map[string]any{"code": "HIST-1", "partner_id": e.fx.Partner.ID, "title": "History", "modality": "earmarked", "currency": "USD", "amount": "1000",
			"start": "2015-01-01", "end": "2016-12-31", "signed_date": "2015-01-01", "status": "signed"}
		var a devcoop.Agreement
		if st := e.call("rm", "POST", "/api/v1/agreements", body, &a); st != 201 {
			t.Fatalf("agreement: %d", st)
		}
		rm := signInAs(t, e, "rm@test.org", "correct horse battery")
		// Funding staff read an agreement's trail; a programme officer and
		// a donor do not.
		trail := fmt.Sprintf("/api/v1/audit?entity=agreement&id=%d", a.ID)
		var evs struct{ Events []devcoop.AuditEvent }
		if st := e.call("viewer", "GET", trail, nil, &evs); st != 200 || len(evs.Events) != 1 {
			t.Errorf("a viewer reads the trail: %d, %d events", st, len(evs.Events))
		}
		for _, who := range []string{"po.nairobi", "donor"} {
			if st := e.call(who, "GET", trail, nil, nil); st != 403 {
				t.Errorf("%s read an agreement's audit trail: %d", who, st)
			}
		}
		h := rm.page(fmt.Sprintf("/agreements/%d", a.ID)).One(t, "#history").Text()
		if !strings.Contains(h, "rm@test.org") || !strings.Contains(h, "create") {
			t.Errorf("agreement history: %q", h)
		}
		var o devcoop.Opportunity
		ob := map[string]any{"code": "OPP-H", "partner_id": e.fx.Partner.ID, "title": "Pledge", "modality": "earmarked", "amount": "5000", "currency": "USD",
			"probability": "10", "expected_sign_date": "2015-09-30", "period": "2014-15"}
		if st := e.call("rm", "POST", "/api/v1/opportunities", ob, &o); st != 201 {
			t.Fatalf("opportunity: %d", st)
		}
		if st, _, _ := rm.post(fmt.Sprintf("/pipeline/%d/stage", o.ID), url.Values{"stage": {"concept_note"}, "version": {strconv.Itoa(o.Version)}, "back": {"/pipeline"}}); st != 303 {
			t.Fatalf("move: %d", st)
		}
		if h := rm.page(fmt.Sprintf("/pipeline/%d", o.ID)).One(t, "#history").Text(); !strings.Contains(h, "stage") || !strings.Contains(h, "concept_note") {
			t.Errorf("opportunity history: %q", h)
		}
	})
}

// TestOpenNotification follows one notification: it leads to its link and
// is read, the others stay unread, and another user's is not found.
func TestOpenNotification(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var rec devcoop.ProposalRecord
		if st := e.call("po.nairobi", "POST", "/api/v1/proposals", proposalFor(e), &rec); st != 201 {
			t.Fatalf("create: %d", st)
		}
		for _, s := range []struct{ who, action, comment string }{{"po.nairobi", "submit", ""}, {"appraiser", "start_appraisal", ""}, {"appraiser", "return", "Baselines, please."}} {
			if st := e.call(s.who, "POST", fmt.Sprintf("/api/v1/proposals/%d/transitions", rec.ID), map[string]any{"action": s.action, "comment": s.comment}, nil); st != 200 {
				t.Fatalf("%s: %d", s.action, st)
			}
		}
		var notes struct{ Notifications []devcoop.Notification }
		e.call("appraiser", "GET", "/api/v1/notifications", nil, &notes)
		if len(notes.Notifications) != 1 {
			t.Fatalf("the appraiser has %d notifications", len(notes.Notifications))
		}
		e.call("po.nairobi", "GET", "/api/v1/notifications", nil, &notes)
		if len(notes.Notifications) != 1 || notes.Notifications[0].Read {
			t.Fatalf("the officer's notifications: %+v", notes.Notifications)
		}
		n := notes.Notifications[0]
		po := signInAs(t, e, "po.nairobi@test.org", "correct horse battery")
		if !po.page("/notifications").Has(fmt.Sprintf(`a[href=/notifications/%d]`, n.ID)) {
			t.Error("the list does not link through the notification")
		}
		appr := signInAs(t, e, "appraiser@test.org", "correct horse battery")
		if st, _, _ := appr.get(fmt.Sprintf("/notifications/%d", n.ID)); st != 404 {
			t.Errorf("another user opened it: %d", st)
		}
		st, _, resp := po.get(fmt.Sprintf("/notifications/%d", n.ID))
		if st != 303 || resp.Header.Get("Location") != n.Link {
			t.Errorf("open: %d to %q, want %q", st, resp.Header.Get("Location"), n.Link)
		}
		e.call("po.nairobi", "GET", "/api/v1/notifications", nil, &notes)
		if !notes.Notifications[0].Read {
			t.Error("the opened notification is still unread")
		}
		e.call("appraiser", "GET", "/api/v1/notifications", nil, &notes)
		if notes.Notifications[0].Read {
			t.Error("another user's notification was marked read")
		}
	})
}
