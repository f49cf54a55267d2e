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
