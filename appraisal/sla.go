package appraisal

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"devcoop"
)

// Event is one entry of a proposal's history: at At, a user took Action and
// the proposal went from From to To. The first event is usually its
// creation, with an empty From and Action and To draft.
type Event struct {
	At      time.Time             `json:"at"`
	From    devcoop.ProposalState `json:"from,omitempty"`
	To      devcoop.ProposalState `json:"to"`
	Action  Action                `json:"action,omitempty"`
	UserID  int64                 `json:"user_id,omitempty"`
	Version int                   `json:"version,omitempty"` // the proposal version acted on
	Comment string                `json:"comment,omitempty"`
}

// SLA is the service levels of the workflow: how many working days a
// proposal may stay in a state before it is overdue. States without a
// limit (a draft, a proposal back with its office, one waiting for the
// donor) are never overdue. Working days are Monday to Friday, less
// Holidays.
type SLA struct {
	WorkingDays map[devcoop.ProposalState]int `json:"working_days"`
	Holidays    []devcoop.Date                `json:"holidays,omitempty"`
}

// DefaultSLA gives appraisers 3 working days to take up a submitted
// proposal and 10 to appraise it, the director 5 to approve a cleared one,
// and resource mobilization 10 to send an approved one to the donor.
func DefaultSLA() SLA {
	return SLA{WorkingDays: map[devcoop.ProposalState]int{
		devcoop.ProposalSubmitted:   3,
		devcoop.ProposalInAppraisal: 10,
		devcoop.ProposalCleared:     5,
		devcoop.ProposalApproved:    10,
	}}
}

// Validate checks an SLA: known, non-final states and limits from 1 to 365
// working days.
func (s SLA) Validate() error {
	var pr devcoop.Problems
	states := make([]string, 0, len(s.WorkingDays))
	for st := range s.WorkingDays {
		states = append(states, string(st))
	}
	sort.Strings(states)
	for _, st := range states {
		f := "working_days." + st
		state := devcoop.ProposalState(st)
		switch n := s.WorkingDays[state]; {
		case !state.Valid():
			pr.Add(f, "%q is not a proposal state", st)
		case state.Final():
			pr.Add(f, "a %s proposal stays so; it cannot be overdue", st)
		case n < 1 || n > 365:
			pr.Add(f, "%d is outside 1–365 working days", n)
		}
	}
	return pr.Err()
}

// Span is one stay of a proposal in a state. Days are calendar days and
// WorkingDays working days elapsed after the day the stay began, up to and
// including the day it ended (or today, while it lasts): a proposal
// submitted on a Friday has spent one working day by Monday. Dates are
// taken in UTC.
type Span struct {
	State       devcoop.ProposalState `json:"state"`
	Start       time.Time             `json:"start"`
	End         time.Time             `json:"end,omitzero"` // zero while open
	Open        bool                  `json:"open"`
	Days        int                   `json:"days"`
	WorkingDays int                   `json:"working_days"`
	Limit       int                   `json:"limit,omitempty"` // working days allowed; 0 for none
	Overdue     bool                  `json:"overdue"`         // WorkingDays > Limit
}

// Timeline is a proposal's history as stays in states, oldest first. The
// last span is the current state and is open unless the state is final.
type Timeline struct {
	Spans []Span `json:"spans"`
	// Overdue says the proposal is overdue now: its current stay has run
	// past its state's limit.
	Overdue bool `json:"overdue"`
}

// Current returns the span of the proposal's current state.
func (t Timeline) Current() (Span, bool) {
	if len(t.Spans) == 0 {
		return Span{}, false
	}
	return t.Spans[len(t.Spans)-1], true
}

// WorkingDaysIn adds the working days of every stay in state s: a proposal
// appraised twice, before and after a revision, counts both.
func (t Timeline) WorkingDaysIn(s devcoop.ProposalState) int {
	n := 0
	for _, sp := range t.Spans {
		if sp.State == s {
			n += sp.WorkingDays
		}
	}
	return n
}

// TimeInState turns a proposal's history into the time spent in each state,
// measured against the SLA at now. Every stay is measured on its own (a
// resubmitted proposal's appraisal starts a new clock). The history must be
// in time order and each event must start from the state the previous one
// ended in (an empty From is not checked); otherwise TimeInState fails with
// kind invalid. A now before the last event counts as the last event's
// time. A final state's span is closed at its start.
func TimeInState(history []Event, now time.Time, sla SLA) (Timeline, error) {
	var pr devcoop.Problems
	for i, e := range history {
		f := fmt.Sprintf("history[%d]", i)
		if !e.To.Valid() {
			pr.Add(f+".to", "%q is not a proposal state", e.To)
		}
		if i == 0 {
			continue
		}
		prev := history[i-1]
		if e.At.Before(prev.At) {
			pr.Add(f+".at", "%s is before the previous event's %s", e.At.Format(time.RFC3339), prev.At.Format(time.RFC3339))
		}
		if e.From != "" && e.From != prev.To {
			pr.Add(f+".from", "the proposal was %s, not %s", prev.To, e.From)
		}
	}
	if err := pr.Err(); err != nil {
		return Timeline{}, err
	}
	holidays := holidaySet(sla.Holidays)
	t := Timeline{Spans: make([]Span, 0, len(history))}
	for i, e := range history {
		sp := Span{State: e.To, Start: e.At, Limit: sla.WorkingDays[e.To]}
		end := now
		switch {
		case i+1 < len(history):
			end = history[i+1].At
			sp.End = end
		case e.To.Final():
			end = e.At
			sp.End = end
		default:
			sp.Open = true
		}
		if end.Before(e.At) {
			end = e.At
		}
		a, b := dayNumber(e.At), dayNumber(end)
		sp.Days = int(b - a)
		sp.WorkingDays = int(workingDays(a, b, holidays))
		sp.Overdue = sp.Limit > 0 && sp.WorkingDays > sp.Limit
		t.Spans = append(t.Spans, sp)
	}
	if cur, ok := t.Current(); ok && cur.Open && cur.Overdue {
		t.Overdue = true
	}
	return t, nil
}

// dayNumber is the number of days from 1970-01-01 to t's UTC date, so
// that any two dates subtract without time.Duration's 290-year limit.
func dayNumber(t time.Time) int64 {
	s := t.UTC().Unix()
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

// weekday of a day number: 1970-01-01 was a Thursday.
func weekday(d int64) time.Weekday {
	return time.Weekday(((d+4)%7 + 7) % 7)
}

func isWeekday(d int64) bool {
	w := weekday(d)
	return w != time.Saturday && w != time.Sunday
}

// workingDays counts the working days d with a < d ≤ b.
func workingDays(a, b int64, holidays []int64) int64 {
	if b <= a {
		return 0
	}
	n := b - a
	count := n / 7 * 5
	for d := a + 1 + n/7*7; d <= b; d++ {
		if isWeekday(d) {
			count++
		}
	}
	lo, _ := slices.BinarySearch(holidays, a+1)
	for _, h := range holidays[lo:] {
		if h > b {
			break
		}
		if isWeekday(h) {
			count--
		}
	}
	return count
}

// holidaySet returns the holidays as sorted, distinct day numbers.
func holidaySet(ds []devcoop.Date) []int64 {
	out := make([]int64, 0, len(ds))
	for _, d := range ds {
		if !d.IsZero() {
			out = append(out, dayNumber(d.Time))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
