package appraisal_test

import (
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/appraisal"
)

// at is 10:00 UTC on a day of October 2014. 1 October was a Wednesday.
func at(day int) time.Time { return time.Date(2014, 10, day, 10, 0, 0, 0, time.UTC) }

func TestTimeInStateWorkingDays(t *testing.T) {
	sla := appraisal.SLA{WorkingDays: map[devcoop.ProposalState]int{devcoop.ProposalInAppraisal: 10}}
	tests := []struct {
		name        string
		from, to    time.Time
		holidays    []devcoop.Date
		days, wdays int
	}{
		{"same day", at(1), at(1).Add(5 * time.Hour), nil, 0, 0},
		{"next day", at(1), at(2), nil, 1, 1},
		{"Friday to Monday", at(3), at(6), nil, 3, 1},
		{"Saturday to Sunday", at(4), at(5), nil, 1, 0},
		{"Saturday to Monday", at(4), at(6), nil, 2, 1},
		{"two weeks", at(1), at(15), nil, 14, 10},
		{"two weeks and a day", at(1), at(16), nil, 15, 11},
		{"over a holiday", at(1), at(15), []devcoop.Date{devcoop.NewDate(2014, 10, 10)}, 14, 9},
		{"holiday on a weekend, twice", at(1), at(15), []devcoop.Date{devcoop.NewDate(2014, 10, 11), devcoop.NewDate(2014, 10, 11)}, 14, 10},
		{"holiday on the first day", at(1), at(15), []devcoop.Date{devcoop.NewDate(2014, 10, 1)}, 14, 10},
		{"holiday on the last day", at(1), at(15), []devcoop.Date{devcoop.NewDate(2014, 10, 15)}, 14, 9},
		{"late at night", time.Date(2014, 10, 1, 23, 59, 0, 0, time.UTC), time.Date(2014, 10, 2, 0, 1, 0, 0, time.UTC), nil, 1, 1},
		{"other time zone", time.Date(2014, 10, 2, 1, 0, 0, 0, time.FixedZone("EAT", 3*3600)), at(2), nil, 1, 1},
		{"a year", at(1), at(1).AddDate(1, 0, 0), nil, 365, 261},
		{"centuries", at(1), at(1).AddDate(400, 0, 0), nil, 146097, 104355},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sla.Holidays = tt.holidays
			history := []appraisal.Event{{At: tt.from, To: devcoop.ProposalInAppraisal}}
			tl, err := appraisal.TimeInState(history, tt.to, sla)
			if err != nil {
				t.Fatal(err)
			}
			sp, _ := tl.Current()
			if sp.Days != tt.days || sp.WorkingDays != tt.wdays {
				t.Errorf("days %d, working days %d; want %d, %d", sp.Days, sp.WorkingDays, tt.days, tt.wdays)
			}
			if sp.Overdue != (tt.wdays > 10) || tl.Overdue != sp.Overdue || !sp.Open {
				t.Errorf("span %+v, timeline overdue %v", sp, tl.Overdue)
			}
		})
	}
}

func TestTimeInStateOverdue(t *testing.T) {
	history := []appraisal.Event{
		{At: at(1), To: devcoop.ProposalDraft},
		{At: at(2), From: devcoop.ProposalDraft, To: devcoop.ProposalSubmitted, Action: appraisal.ActionSubmit},
		{At: at(9), From: devcoop.ProposalSubmitted, To: devcoop.ProposalInAppraisal, Action: appraisal.ActionStartAppraisal},
	}
	sla := appraisal.DefaultSLA()
	// Submitted on Thursday 2, taken up on Thursday 9: five working days
	// against three. Late, but that stay is over.
	tl, err := appraisal.TimeInState(history, at(23), sla)
	if err != nil {
		t.Fatal(err)
	}
	if sp := tl.Spans[1]; !sp.Overdue || sp.WorkingDays != 5 || sp.Limit != 3 || sp.Open || !sp.End.Equal(at(9)) {
		t.Errorf("submitted span = %+v", sp)
	}
	if sp := tl.Spans[0]; sp.Limit != 0 || sp.Overdue {
		t.Errorf("a draft has no limit: %+v", sp)
	}
	// In appraisal since Thursday 9; on Thursday 23 that is ten working
	// days, the limit: not yet overdue.
	if cur, _ := tl.Current(); cur.WorkingDays != 10 || cur.Overdue || tl.Overdue {
		t.Errorf("on the 23rd: %+v, overdue %v", cur, tl.Overdue)
	}
	// On Friday 24 it is.
	tl, _ = appraisal.TimeInState(history, at(24), sla)
	if cur, _ := tl.Current(); cur.WorkingDays != 11 || !cur.Overdue || !tl.Overdue {
		t.Errorf("on the 24th: %+v, overdue %v", cur, tl.Overdue)
	}
	// A holiday in between gives one more day.
	sla.Holidays = []devcoop.Date{devcoop.NewDate(2014, 10, 20)}
	tl, _ = appraisal.TimeInState(history, at(24), sla)
	if tl.Overdue {
		t.Error("a holiday did not count")
	}
	// A now before the last event counts as that event's time.
	tl, _ = appraisal.TimeInState(history, at(1), sla)
	if cur, _ := tl.Current(); cur.WorkingDays != 0 || cur.Days != 0 {
		t.Errorf("now in the past: %+v", cur)
	}
	// A final state stops the clock.
	history = append(history, appraisal.Event{At: at(10), From: devcoop.ProposalInAppraisal, To: devcoop.ProposalWithdrawn, Action: appraisal.ActionWithdraw})
	tl, _ = appraisal.TimeInState(history, at(1).AddDate(1, 0, 0), sla)
	if cur, _ := tl.Current(); cur.Open || cur.Days != 0 || tl.Overdue {
		t.Errorf("withdrawn: %+v", cur)
	}
	// No history, no time.
	if tl, err := appraisal.TimeInState(nil, at(1), sla); err != nil || len(tl.Spans) != 0 || tl.Overdue {
		t.Errorf("empty history: %+v, %v", tl, err)
	}
}

func TestTimeInStateBadHistory(t *testing.T) {
	tests := []struct {
		name    string
		history []appraisal.Event
		field   string
	}{
		{"out of order", []appraisal.Event{{At: at(2), To: "draft"}, {At: at(1), From: "draft", To: "submitted"}}, "history[1].at"},
		{"broken chain", []appraisal.Event{{At: at(1), To: "draft"}, {At: at(2), From: "returned", To: "submitted"}}, "history[1].from"},
		{"unknown state", []appraisal.Event{{At: at(1), To: "lost"}}, "history[0].to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := appraisal.TimeInState(tt.history, at(3), appraisal.DefaultSLA())
			fs := devcoop.ErrorFields(err)
			if devcoop.ErrorKind(err) != devcoop.KindInvalid || len(fs) != 1 || fs[0].Field != tt.field {
				t.Errorf("= %v, want a problem at %s", err, tt.field)
			}
		})
	}
}

func TestSLAValidate(t *testing.T) {
	if err := appraisal.DefaultSLA().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		state devcoop.ProposalState
		days  int
		says  string
	}{
		{"lost", 3, "working_days.lost"},
		{"funded", 3, "working_days.funded"},
		{"in_appraisal", 0, "working_days.in_appraisal"},
		{"in_appraisal", 366, "working_days.in_appraisal"},
	} {
		sla := appraisal.SLA{WorkingDays: map[devcoop.ProposalState]int{tt.state: tt.days, "submitted": 3}}
		err := sla.Validate()
		if devcoop.ErrorKind(err) != devcoop.KindInvalid || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s=%d: %v", tt.state, tt.days, err)
		}
	}
}
