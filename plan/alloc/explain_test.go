package alloc

import (
	"errors"
	"math"
	"strings"
	"testing"

	"devcoop/money"
)

func solve(t *testing.T, pools []Pool, comps []Component) Result {
	t.Helper()
	res, err := Solve(pools, comps)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, pools, comps, res)
	return res
}

func noteFor(t *testing.T, res Result, key string) Note {
	t.Helper()
	for _, n := range res.Notes {
		if n.Component == key {
			return n
		}
	}
	t.Fatalf("no note for %s in %+v", key, res.Notes)
	return Note{}
}

func linesFor(res Result, key string) []Line {
	var out []Line
	for _, l := range res.Lines {
		if l.Component == key {
			out = append(out, l)
		}
	}
	return out
}

func TestExplanations(t *testing.T) {
	rbsa := Pool{ID: "RBSA", Amount: 100000}
	tests := []struct {
		name  string
		pools []Pool
		comps []Component
		key   string
		kind  NoteKind // "" when the component is fully funded
		note  string   // the note's exact text
		line  string   // the exact reason of its only line, when it has one
	}{
		{
			name:  "gap filled",
			pools: []Pool{rbsa},
			comps: []Component{{Key: "4/KE", Eligible: true, Gap: 80000, Rank: 1, PriorityReasons: []string{"Low-income country: +30", "DWCP priority country: +20"}}},
			key:   "4/KE",
			line:  "Rank 1 (Low-income country: +30; DWCP priority country: +20). RBSA (unearmarked) pays 800.00, all it receives. This fills its gap of 800.00.",
		},
		{
			name:  "maximum",
			pools: []Pool{rbsa},
			comps: []Component{{Key: "4/KE", Eligible: true, Gap: 80000, Max: 30000, Rank: 1}},
			key:   "4/KE",
			kind:  NoteMaximum,
			note:  "Capped at its maximum of 300.00; 500.00 of its gap of 800.00 stays open.",
			line:  "Rank 1. RBSA (unearmarked) pays 300.00, all it receives. This reaches its maximum of 300.00 (its gap is 800.00).",
		},
		{
			name:  "minimum above maximum",
			pools: []Pool{rbsa},
			comps: []Component{{Key: "4/KE", Eligible: true, Gap: 80000, Min: 40000, Max: 30000, Rank: 1}},
			key:   "4/KE",
			kind:  NoteMaximum,
			note:  "Capped at its maximum of 300.00; 500.00 of its gap of 800.00 stays open. Its minimum of 400.00 is above that maximum, so the maximum is what is committed.",
		},
		{
			name:  "pools exhausted by a higher priority",
			pools: []Pool{rbsa},
			comps: []Component{
				{Key: "4/KE", Eligible: true, Gap: 80000, Rank: 1},
				{Key: "4/TZ", Eligible: true, Gap: 50000, Rank: 2},
			},
			key:  "4/TZ",
			kind: NotePoolsExhausted,
			note: "Receives 200.00 of its gap of 500.00; 300.00 stays open. Every pool it may draw on is spent (1000.00 in all; directly RBSA). " +
				"Of that, it receives 200.00 itself; 800.00 went to 1 component ahead of it in priority order (the last of them 4/KE, rank 1).",
			line: "Rank 2. RBSA (unearmarked) pays 200.00, all it receives. That is all it can get: every pool it may draw on is spent, leaving 300.00 of its gap open (see its note).",
		},
		{
			name:  "equal rank goes by key",
			pools: []Pool{rbsa},
			comps: []Component{
				{Key: "4/TZ", Eligible: true, Gap: 80000, Rank: 1},
				{Key: "4/KE", Eligible: true, Gap: 80000, Rank: 1},
			},
			key:  "4/TZ",
			kind: NotePoolsExhausted,
			note: "Receives 200.00 of its gap of 800.00; 600.00 stays open. Every pool it may draw on is spent (1000.00 in all; directly RBSA). " +
				"Of that, it receives 200.00 itself; 800.00 went to 1 component ahead of it in priority order (the last of them 4/KE, rank 1, the same rank but earlier by key).",
		},
		{
			name:  "a lower priority's minimum",
			pools: []Pool{rbsa},
			comps: []Component{
				{Key: "4/KE", Eligible: true, Gap: 100000, Rank: 1},
				{Key: "4/ZA", Eligible: true, Gap: 50000, Min: 30000, Rank: 2},
			},
			key:  "4/KE",
			kind: NotePoolsExhausted,
			note: "Receives 700.00 of its gap of 1000.00; 300.00 stays open. Every pool it may draw on is spent (1000.00 in all; directly RBSA). " +
				"Of that, it receives 700.00 itself; 300.00 to the minimum commitments of 1 component lower in priority (4/ZA).",
		},
		{
			name:  "only the minimum",
			pools: []Pool{rbsa},
			comps: []Component{
				{Key: "4/KE", Eligible: true, Gap: 100000, Rank: 1},
				{Key: "4/ZA", Eligible: true, Gap: 50000, Min: 30000, Rank: 2},
			},
			key:  "4/ZA",
			kind: NotePoolsExhausted,
			line: "Rank 2. RBSA (unearmarked) pays 300.00, all it receives. It receives only its minimum commitment: every pool it may draw on is spent, leaving 200.00 of its gap open (see its note).",
		},
		{
			name: "pools reached by moving other allocations",
			pools: []Pool{
				{ID: "RBSA", Amount: 50000},
				{ID: "AFR", Amount: 50000, Regions: []string{"AFRICA"}},
			},
			comps: []Component{
				{Key: "4/KE", Region: "AFRICA", Eligible: true, Gap: 100000, Rank: 1},
				{Key: "4/IN", Region: "ASIA", Eligible: true, Gap: 60000, Rank: 2},
			},
			key:  "4/IN",
			kind: NotePoolsExhausted,
			note: "Receives nothing; its gap of 600.00 stays open. Every pool it may draw on is spent (1000.00 in all; directly RBSA; by moving other allocations AFR). " +
				"Of that, 1000.00 went to 1 component ahead of it in priority order (the last of them 4/KE, rank 1).",
		},
		{
			name:  "empty pool",
			pools: []Pool{{ID: "RBSA"}},
			comps: []Component{{Key: "4/KE", Eligible: true, Gap: 100, Rank: 1}},
			key:   "4/KE",
			kind:  NotePoolsExhausted,
			note:  "Receives nothing; its gap of 1.00 stays open. The pools it may draw on (directly RBSA) hold no money.",
		},
		{
			name: "earmark",
			pools: []Pool{
				{ID: "AFR", Amount: 100, Regions: []string{"AFRICA"}},
				{ID: "EMPL", Amount: 100, Outcomes: []string{"1", "2"}, Themes: []string{"youth"}},
			},
			comps: []Component{{Key: "4/IN", Outcome: "4", Region: "ASIA", Eligible: true, Gap: 100, Rank: 1}},
			key:   "4/IN",
			kind:  NoteEarmark,
			note:  "No pool's earmark admits it: AFR is earmarked to region AFRICA (it is in ASIA); EMPL is earmarked to outcome 1, 2 (it is outcome 4) and theme youth (it has none of them). Its gap of 1.00 stays open.",
		},
		{
			name:  "no pools at all",
			comps: []Component{{Key: "4/IN", Eligible: true, Gap: 100, Rank: 1}},
			key:   "4/IN",
			kind:  NoteEarmark,
			note:  "There is no pool to draw on. Its gap of 1.00 stays open.",
		},
		{
			name:  "ineligible",
			pools: []Pool{rbsa},
			comps: []Component{{Key: "4/CH", Gap: 100, IneligibleReason: "Not ODA-eligible."}},
			key:   "4/CH",
			kind:  NoteIneligible,
			note:  "Not eligible: Not ODA-eligible. Its gap of 1.00 stays open.",
		},
		{
			name:  "ineligible without a reason or a gap",
			pools: []Pool{rbsa},
			comps: []Component{{Key: "4/CH", Gap: -100}},
			key:   "4/CH",
			kind:  NoteIneligible,
			note:  "Not eligible: marked ineligible.",
		},
		{
			name:  "no gap",
			pools: []Pool{rbsa},
			comps: []Component{{Key: "4/MX", Eligible: true, Gap: -2550, Min: 100, Rank: 1}},
			key:   "4/MX",
			kind:  NoteNoGap,
			note:  "No resource gap (-25.50): nothing to fund.",
		},
		{
			name: "narrow pools pay first",
			pools: []Pool{
				{ID: "RBSA", Amount: 100000},
				{ID: "AFR", Amount: 100000, Regions: []string{"AFRICA"}},
			},
			comps: []Component{
				{Key: "4/KE", Region: "AFRICA", Eligible: true, Gap: 50000, Min: 10000, Rank: 1},
				{Key: "4/IN", Region: "ASIA", Eligible: true, Gap: 50000, Rank: 2},
			},
			key:  "4/KE",
			line: "Rank 1. AFR (earmarked to region AFRICA) pays 500.00, all it receives. This fills its gap of 500.00. It includes its minimum commitment of 100.00.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := solve(t, tt.pools, tt.comps)
			if tt.kind == "" {
				for _, n := range res.Notes {
					if n.Component == tt.key {
						t.Fatalf("unexpected note %+v", n)
					}
				}
			} else {
				n := noteFor(t, res, tt.key)
				if n.Kind != tt.kind {
					t.Errorf("kind = %s, want %s", n.Kind, tt.kind)
				}
				if tt.note != "" && n.Text != tt.note {
					t.Errorf("note:\n got %s\nwant %s", n.Text, tt.note)
				}
			}
			if tt.line != "" {
				ls := linesFor(res, tt.key)
				if len(ls) != 1 {
					t.Fatalf("lines = %+v, want one", ls)
				}
				if ls[0].Reason != tt.line {
					t.Errorf("reason:\n got %s\nwant %s", ls[0].Reason, tt.line)
				}
			}
		})
	}
}

func TestReasonForSeveralPools(t *testing.T) {
	pools := []Pool{
		{ID: "RBSA", Amount: 50000},
		{ID: "AFR", Amount: 30000, Regions: []string{"AFRICA"}, Outcomes: []string{"4"}},
	}
	comps := []Component{{Key: "4/KE", Outcome: "4", Region: "AFRICA", Eligible: true, Gap: 100000, Rank: 1}}
	res := solve(t, pools, comps)
	want := []Line{
		{Pool: "AFR", Component: "4/KE", Amount: 30000, Reason: "Rank 1. AFR (earmarked to outcome 4; region AFRICA) pays 300.00 of the 800.00 it receives from 2 pools. " +
			"That is all it can get: every pool it may draw on is spent, leaving 200.00 of its gap open (see its note)."},
		{Pool: "RBSA", Component: "4/KE", Amount: 50000, Reason: "Rank 1. RBSA (unearmarked) pays 500.00 of the 800.00 it receives from 2 pools. " +
			"That is all it can get: every pool it may draw on is spent, leaving 200.00 of its gap open (see its note)."},
	}
	if len(res.Lines) != len(want) {
		t.Fatalf("lines = %+v", res.Lines)
	}
	for i := range want {
		if res.Lines[i] != want[i] {
			t.Errorf("line %d:\n got %+v\nwant %+v", i, res.Lines[i], want[i])
		}
	}
}

// Money that a lower priority can use but a higher one cannot still goes
// to it: priority order is not a queue that stops at the first blocked
// component.
func TestEarmarkedMoneySkipsToWhoCanUseIt(t *testing.T) {
	pools := []Pool{{ID: "RBSA", Amount: 100}, {ID: "ASIA", Amount: 500, Regions: []string{"ASIA"}}}
	comps := []Component{
		{Key: "a", Region: "AFRICA", Eligible: true, Gap: 300, Rank: 1},
		{Key: "b", Region: "ASIA", Eligible: true, Gap: 300, Rank: 2},
	}
	res := solve(t, pools, comps)
	if res.Received["a"] != 100 || res.Received["b"] != 300 || res.PoolLeft["ASIA"] != 200 {
		t.Fatalf("received %v, left %v", res.Received, res.PoolLeft)
	}
}

func TestFloorErrors(t *testing.T) {
	tests := []struct {
		name  string
		pools []Pool
		comps []Component
		want  FloorError
		msg   string
	}{
		{
			name:  "one pool too small",
			pools: []Pool{{ID: "RBSA", Amount: 10000}},
			comps: []Component{{Key: "4/KE", Eligible: true, Gap: 50000, Min: 20000, Rank: 1}},
			want:  FloorError{Components: []string{"4/KE"}, Pools: []string{"RBSA"}, Need: 20000, Have: 10000},
			msg:   "minimum commitments cannot all be met: 4/KE needs a minimum of 200.00, but the only pool that may fund it, RBSA, holds 100.00",
		},
		{
			name:  "no pool admits it",
			pools: []Pool{{ID: "AFR", Amount: 10000, Regions: []string{"AFRICA"}}},
			comps: []Component{
				{Key: "4/IN", Region: "ASIA", Eligible: true, Gap: 50000, Min: 100, Rank: 1},
				{Key: "4/KE", Region: "AFRICA", Eligible: true, Gap: 50000, Min: 100, Rank: 1},
			},
			want: FloorError{Components: []string{"4/IN"}, Need: 100},
			msg:  "minimum commitments cannot all be met: 4/IN needs a minimum of 1.00, but no pool may fund it",
		},
		{
			name: "a group whose pools are too small, beside one that is fine",
			pools: []Pool{
				{ID: "RBSA", Amount: 10000},
				{ID: "AFR", Amount: 10000, Regions: []string{"AFRICA"}},
				{ID: "ASIA", Amount: 90000, Regions: []string{"ASIA"}},
			},
			comps: []Component{
				{Key: "4/KE", Region: "AFRICA", Eligible: true, Gap: 50000, Min: 15000, Rank: 2},
				{Key: "4/TZ", Region: "AFRICA", Eligible: true, Gap: 50000, Min: 15000, Rank: 1},
				{Key: "4/IN", Region: "ASIA", Eligible: true, Gap: 50000, Min: 40000, Rank: 3},
			},
			want: FloorError{Components: []string{"4/TZ", "4/KE"}, Pools: []string{"AFR", "RBSA"}, Need: 30000, Have: 20000},
			msg:  "minimum commitments cannot all be met: 4/TZ, 4/KE need minimums of 300.00 in all, but the only pools that may fund them (AFR, RBSA) hold 200.00 in all",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Solve(tt.pools, tt.comps)
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("err = %v, want ErrInfeasible", err)
			}
			var fe *FloorError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %T, want *FloorError", err)
			}
			if strings.Join(fe.Components, ",") != strings.Join(tt.want.Components, ",") ||
				strings.Join(fe.Pools, ",") != strings.Join(tt.want.Pools, ",") ||
				fe.Need != tt.want.Need || fe.Have != tt.want.Have {
				t.Errorf("got %+v, want %+v", *fe, tt.want)
			}
			if err.Error() != tt.msg {
				t.Errorf("message:\n got %s\nwant %s", err, tt.msg)
			}
			checkFloorError(t, tt.pools, tt.comps, fe)
		})
	}
}

func TestFloorErrorMessageIsBounded(t *testing.T) {
	var comps []Component
	for _, k := range "abcdefghijkl" {
		comps = append(comps, Component{Key: string(k), Eligible: true, Gap: 10, Min: 10, Rank: 1})
	}
	_, err := Solve([]Pool{{ID: "RBSA", Amount: 5}}, comps)
	want := "minimum commitments cannot all be met: a, b, c, d, e, f, g, h, i, j, and 2 more need minimums of 1.20 in all, but the only pool that may fund them, RBSA, holds 0.05"
	if err == nil || err.Error() != want {
		t.Errorf("err =\n%v\nwant\n%s", err, want)
	}
}

func TestInvalidInput(t *testing.T) {
	ok := Component{Key: "a", Eligible: true, Gap: 10, Rank: 1}
	tests := []struct {
		name  string
		pools []Pool
		comps []Component
		msg   string
	}{
		{"pool without ID", []Pool{{Amount: 1}}, nil, "pool 0 has no ID"},
		{"duplicate pool", []Pool{{ID: "R"}, {ID: "R"}}, nil, `pool ID "R" is used twice`},
		{"negative pool", []Pool{{ID: "R", Amount: -1}}, nil, `pool "R" has a negative amount -0.01`},
		{"pools too large", []Pool{{ID: "R", Amount: 1 << 62}, {ID: "S", Amount: 1}}, nil, "the pools hold more than"},
		{"component without key", nil, []Component{{}}, "component 0 has no key"},
		{"duplicate component", nil, []Component{ok, ok}, `component key "a" is used twice`},
		{"negative minimum", nil, []Component{{Key: "a", Min: -1}}, `component "a" has a negative minimum`},
		{"negative maximum", nil, []Component{{Key: "a", Max: -1}}, `component "a" has a negative maximum`},
		{"eligible without rank", nil, []Component{{Key: "a", Eligible: true}}, `eligible component "a" has rank 0`},
		{"gaps too large", nil, []Component{{Key: "a", Eligible: true, Rank: 1, Gap: 1 << 62}, {Key: "b", Eligible: true, Rank: 1, Gap: 1}}, "gaps add up to more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Solve(tt.pools, tt.comps)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want ErrInvalid containing %q", err, tt.msg)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	res := solve(t, nil, nil)
	if len(res.Lines) != 0 || len(res.Notes) != 0 || len(res.PoolLeft) != 0 || len(res.Received) != 0 {
		t.Errorf("Solve(nil, nil) = %+v", res)
	}
}

func TestUSDMatchesMoney(t *testing.T) {
	for _, c := range []int64{0, 1, 5, 10, 99, 100, 101, 123456, -1, -5, -100, -123456, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		if got, want := usd(c), money.FromCents(c).String(); got != want {
			t.Errorf("usd(%d) = %q, want %q", c, got, want)
		}
	}
}

// Components are grouped by their codes; codes that contain separators
// must not make two different components look alike.
func TestCodesCannotCollide(t *testing.T) {
	pools := []Pool{{ID: "P", Amount: 100, Regions: []string{"b\x00c"}}}
	comps := []Component{
		{Key: "1", Outcome: "a", Region: "b\x00c", Eligible: true, Gap: 10, Rank: 1},
		{Key: "2", Outcome: "a", Region: "b", Themes: []string{"c"}, Eligible: true, Gap: 10, Rank: 2},
	}
	res := solve(t, pools, comps)
	if res.Received["1"] != 10 || res.Received["2"] != 0 {
		t.Errorf("received %v", res.Received)
	}
}

func TestEarmarkNoteNamesOnlyWhatFails(t *testing.T) {
	pools := []Pool{{ID: "P", Amount: 100, Outcomes: []string{"1"}, Themes: []string{"youth"}}}
	comps := []Component{{Key: "4/KE", Outcome: "4", Themes: []string{"youth"}, Eligible: true, Gap: 10, Rank: 1}}
	res := solve(t, pools, comps)
	want := "No pool's earmark admits it: P is earmarked to outcome 1 (it is outcome 4). Its gap of 0.10 stays open."
	if n := noteFor(t, res, "4/KE"); n.Text != want {
		t.Errorf("note:\n got %s\nwant %s", n.Text, want)
	}
}
