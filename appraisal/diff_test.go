package appraisal_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

func paths(cs []appraisal.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Path)
	}
	return out
}

func TestDiffSame(t *testing.T) {
	a, b := appraisal.ExampleProposal(), appraisal.ExampleProposal()
	if cs := appraisal.Diff(a, b); cs == nil || len(cs) != 0 {
		t.Errorf("Diff of equal proposals = %#v", cs)
	}
	// Bookkeeping, numerically equal amounts and empty-versus-absent lists
	// are not changes.
	b.ID, b.Version, b.Status, b.UpdatedAt = 9, 4, devcoop.ProposalReturned, time.Now()
	b.Amount = money.MustParse("3390000.0000")
	b.Risks[4].Assumptions = nil
	if cs := appraisal.Diff(a, b); len(cs) != 0 {
		t.Errorf("changes: %+v", cs)
	}
}

func TestDiffChanges(t *testing.T) {
	a, b := appraisal.ExampleProposal(), appraisal.ExampleProposal()
	b.Logframe.Outcomes[0].Outputs[1].Indicators[0].Baseline = "15 (2014)"
	b.Amount = money.MustParse("3400000")
	b.PlannedStart = devcoop.NewDate(2015, 4, 1)
	b.Countries = append(b.Countries, "UG")
	b.Risks = b.Risks[:4]
	b.Logframe.Outcomes[1].Outputs = append(b.Logframe.Outcomes[1].Outputs, devcoop.Output{Code: "2.3", Statement: "A new output."})
	b.CrossCutting.Environment = ""

	cs := appraisal.Diff(a, b)
	want := []appraisal.Change{
		{Path: "amount", Before: raw(`"3390000.00"`), After: raw(`"3400000"`)},
		{Path: "planned_start", Before: raw(`"2015-01-01"`), After: raw(`"2015-04-01"`)},
		{Path: "countries[2]", After: raw(`"UG"`)},
		{Path: "logframe.outcomes[0].outputs[1].indicators[0].baseline", Before: raw(`"12 (2014, both countries)"`), After: raw(`"15 (2014)"`)},
		{Path: "logframe.outcomes[1].outputs[2]", After: mustJSON(t, b.Logframe.Outcomes[1].Outputs[2])},
		{Path: "risks[4]", Before: mustJSON(t, a.Risks[4])},
		{Path: "cross_cutting.environment", Before: mustJSON(t, a.CrossCutting.Environment), After: raw(`""`)},
	}
	if !reflect.DeepEqual(cs, want) {
		t.Errorf("Diff =\n%s\nwant\n%s", show(cs), show(want))
	}
	// Swapped, before and after swap too.
	back := appraisal.Diff(b, a)
	if len(back) != len(cs) {
		t.Fatalf("reverse diff has %d changes", len(back))
	}
	for i := range back {
		if back[i].Path != cs[i].Path || !bytes.Equal(back[i].Before, cs[i].After) || !bytes.Equal(back[i].After, cs[i].Before) {
			t.Errorf("reverse change %d = %+v, forward %+v", i, back[i], cs[i])
		}
	}
}

// Paths in a diff use the same syntax as findings, so a page can show both
// at the same place.
func TestDiffPathsMatchFindings(t *testing.T) {
	a := appraisal.ExampleProposal()
	b := appraisal.ExampleProposal()
	b.Logframe.Outcomes[0].Outputs[1].Indicators[0].Baseline = ""
	fs := appraisal.Screen(b, appraisal.DefaultRuleSet(), appraisal.ExampleFacts())
	cs := appraisal.Diff(a, b)
	if len(fs) != 1 || len(cs) != 1 || fs[0].Path != cs[0].Path {
		t.Errorf("finding paths %v, change paths %v", fs, paths(cs))
	}
}

func TestDiffNil(t *testing.T) {
	cs := appraisal.Diff(nil, appraisal.ExampleProposal())
	if len(cs) == 0 || cs[0].Path != "title" || cs[0].Before == nil || string(cs[0].Before) != `""` {
		t.Errorf("Diff(nil, example) starts %+v", cs[:min(len(cs), 1)])
	}
	if cs := appraisal.Diff(nil, nil); len(cs) != 0 {
		t.Errorf("Diff(nil, nil) = %+v", cs)
	}
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func show(cs []appraisal.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("  " + c.Path + ": " + string(c.Before) + " → " + string(c.After) + "\n")
	}
	return b.String()
}

// FuzzDiff compares arbitrary proposals with the example: no panics, a
// proposal equals itself, and the diff of a and b mirrors that of b and a.
func FuzzDiff(f *testing.F) {
	b, _ := appraisal.ExampleProposal().MarshalIndent()
	f.Add(b)
	f.Add([]byte(`{"countries":["KE","KE","TZ","UG"],"budget":[{"amount":"1.10"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := devcoop.DecodeProposal(bytes.NewReader(body))
		if err != nil {
			return
		}
		if cs := appraisal.Diff(p, p); len(cs) != 0 {
			t.Fatalf("a proposal differs from itself: %+v", cs)
		}
		ex := appraisal.ExampleProposal()
		fwd, back := appraisal.Diff(p, ex), appraisal.Diff(ex, p)
		if len(fwd) != len(back) {
			t.Fatalf("%d changes one way, %d the other", len(fwd), len(back))
		}
		for i := range fwd {
			if fwd[i].Path != back[i].Path {
				t.Fatalf("change %d at %s one way, %s the other", i, fwd[i].Path, back[i].Path)
			}
		}
	})
}
