package web_test

import (
	"testing"
	"time"

	"devcoop"
)

// TestPortfolioDate fixes the business date through the API and checks
// that what depends on "today" (here the reporting calendar) follows it,
// that only administrators change it, and that null returns to the real
// date.
func TestPortfolioDate(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		type pd struct {
			Fixed devcoop.Date `json:"fixed"`
			Today devcoop.Date `json:"today"`
		}
		var got pd
		if st := e.call("viewer", "GET", "/api/v1/settings/portfolio-date", nil, &got); st != 200 || !got.Fixed.IsZero() || got.Today != devcoop.DateOf(time.Now().UTC()) && got.Today != devcoop.DateOf(time.Now().UTC().Add(-time.Minute)) {
			t.Fatalf("default: %d %+v", st, got)
		}
		body := map[string]any{"code": "CAL-1", "partner_id": e.fx.Partner.ID, "title": "Calendar", "modality": "earmarked", "currency": "USD", "amount": "1000",
			"start": "2015-01-01", "end": "2030-12-31", "signed_date": "2015-01-01", "status": "signed",
			"reports": []map[string]any{{"kind": "narrative", "title": "Mid-2015 report", "due": "2015-07-31"}}}
		if st := e.call("rm", "POST", "/api/v1/agreements", body, nil); st != 201 {
			t.Fatalf("agreement: %d", st)
		}
		overdue := func() bool {
			var cal struct {
				Reports []struct {
					Title   string `json:"title"`
					Overdue bool   `json:"overdue"`
				} `json:"reports"`
			}
			e.call("rm", "GET", "/api/v1/calendar", nil, &cal)
			for _, r := range cal.Reports {
				if r.Title == "Mid-2015 report" {
					return r.Overdue
				}
			}
			t.Fatal("the report is not in the calendar")
			return false
		}
		if !overdue() {
			t.Error("a 2015 report is not overdue today")
		}
		for _, who := range []string{"viewer", "rm", "director"} {
			if st := e.call(who, "PUT", "/api/v1/settings/portfolio-date", map[string]any{"date": "2015-06-30"}, nil); st != 403 {
				t.Errorf("%s fixed the date: %d", who, st)
			}
		}
		if st := e.call("admin", "PUT", "/api/v1/settings/portfolio-date", map[string]any{"date": "30/06/2015"}, nil); st != 400 {
			t.Errorf("a malformed date: %d", st)
		}
		if st := e.call("admin", "PUT", "/api/v1/settings/portfolio-date", map[string]any{"date": "2015-06-30"}, &got); st != 200 || got.Fixed.String() != "2015-06-30" || got.Today.String() != "2015-06-30" {
			t.Fatalf("fix: %d %+v", st, got)
		}
		if overdue() {
			t.Error("on 30 June 2015 a report due on 31 July is overdue")
		}
		if st := e.call("admin", "PUT", "/api/v1/settings/portfolio-date", map[string]any{"date": nil}, &got); st != 200 || !got.Fixed.IsZero() {
			t.Fatalf("unfix: %d %+v", st, got)
		}
		if !overdue() {
			t.Error("back on the real date, the report is not overdue")
		}
	})
}

// TestQueueCountsToThePortfolioDate checks the demo's appraisal queue:
// with the portfolio fixed at 30 June 2015, what waits has waited weeks,
// not the years since.
func TestQueueCountsToThePortfolioDate(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var q struct {
			Queue []struct {
				ID          int64 `json:"id"`
				WorkingDays int   `json:"working_days"`
				Overdue     bool  `json:"overdue"`
			} `json:"queue"`
		}
		if st := e.call("appraiser", "GET", "/api/v1/appraisal/queue", nil, &q); st != 200 || len(q.Queue) == 0 {
			t.Fatalf("queue: %d, %d items", st, len(q.Queue))
		}
		overdue := 0
		for _, it := range q.Queue {
			// The demo's histories start in 2014: no stay is longer than
			// the working days of a year and a half.
			if it.WorkingDays < 0 || it.WorkingDays > 400 {
				t.Errorf("proposal %d has waited %d working days", it.ID, it.WorkingDays)
			}
			if it.Overdue {
				overdue++
			}
		}
		if overdue == 0 || overdue == len(q.Queue) {
			t.Errorf("%d of %d waiting proposals are overdue; the demo has some of each", overdue, len(q.Queue))
		}
	})
}
