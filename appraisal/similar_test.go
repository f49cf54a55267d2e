package appraisal_test

import (
	"testing"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

// TestSimilar checks the matching beyond what the API test covers: an
// earlier period's outcome of the same title matches, the proposal's own
// project is left out, ties go to the most recent, and lateness counts to
// the actual end or, while open, to today.
func TestSimilar(t *testing.T) {
	pct := money.MustParse("100")
	pf := &devcoop.Portfolio{
		Periods:  []devcoop.Period{{Code: "2012-13"}, {Code: "2014-15", Current: true}},
		Outcomes: []devcoop.Outcome{{ID: 1, Period: "2012-13", Code: "2", Title: "Skills development"}, {ID: 2, Period: "2014-15", Code: "1", Title: "Skills development"}, {ID: 3, Period: "2014-15", Code: "7", Title: "Labour migration"}},
		Projects: []*devcoop.Project{
			{ID: 10, Code: "OLD", Status: devcoop.StatusClosed, PlannedStart: devcoop.MustDate("2012-01-01"), PlannedEnd: devcoop.MustDate("2013-06-30"), ActualEnd: devcoop.MustDate("2013-12-31"),
				Outcomes: []devcoop.OutcomeShare{{OutcomeID: 1, Percentage: pct}}},
			{ID: 11, Code: "NEW", Status: devcoop.StatusImplementation, PlannedStart: devcoop.MustDate("2014-01-01"), PlannedEnd: devcoop.MustDate("2015-03-31"),
				Outcomes: []devcoop.OutcomeShare{{OutcomeID: 2, Percentage: pct}}},
			{ID: 12, Code: "OWN", Status: devcoop.StatusPipeline, Outcomes: []devcoop.OutcomeShare{{OutcomeID: 2, Percentage: pct}}},
			{ID: 13, Code: "OTHER", Outcomes: []devcoop.OutcomeShare{{OutcomeID: 3, Percentage: pct}}},
		},
	}
	pf.Index()
	p := &devcoop.Proposal{Period: "2014-15", Outcomes: []string{"1"}}
	got := appraisal.Similar(p, pf, 12, devcoop.MustDate("2015-06-30"), 10)
	if len(got) != 2 || got[0].Code != "NEW" || got[1].Code != "OLD" {
		t.Fatalf("matches: %+v", got)
	}
	for _, m := range got {
		if m.Score != 3 || len(m.Reasons) != 1 || m.Reasons[0] != "outcome 1" || !m.Late {
			t.Errorf("%s: %+v", m.Code, m)
		}
	}
	if got := appraisal.Similar(p, pf, 12, devcoop.MustDate("2015-03-01"), 10); got[0].Late {
		t.Error("an open project before its planned end is late")
	}
	if got := appraisal.Similar(p, pf, 0, devcoop.MustDate("2015-03-01"), 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}
