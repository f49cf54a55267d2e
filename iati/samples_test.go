package iati

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"devcoop/money"
)

var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func sampleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/samples/*.xml")
	if err != nil || len(files) < 11 {
		t.Fatalf("samples missing: %v %d", err, len(files))
	}
	return files
}

// readAll reads every activity of an activity file.
func readAll(t *testing.T, name string, b []byte) (*Reader, []*Activity) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(b), name, Options{Now: testNow, DefaultLang: "en"})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []*Activity
	for {
		a, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, a)
	}
	return r, out
}

// summary is what the round-trip contract compares.
type summary struct {
	ids     []string
	money   map[string]string // kind/type/currency → count and exact sum
	results string
}

func summarise(acts []*Activity) summary {
	s := summary{money: map[string]string{}}
	counts := map[string]int{}
	sums := map[string]money.Decimal{}
	add := func(k string, v money.Decimal) {
		counts[k]++
		sums[k] = sums[k].Add(v)
	}
	var res, ind, per int
	for _, a := range acts {
		if a.Rejected {
			continue
		}
		s.ids = append(s.ids, a.Identifier)
		for _, t := range a.Transactions {
			add("transaction/"+t.Type+"/"+t.Currency, t.Value)
		}
		for _, b := range a.Budgets {
			add("budget/"+b.Type+"/"+b.Currency, b.Value)
		}
		for _, p := range a.PlannedDisbursements {
			add("planned-disbursement/"+p.Type+"/"+p.Currency, p.Value)
		}
		for _, r := range a.Results {
			res++
			for _, i := range r.Indicators {
				ind++
				per += len(i.Periods)
			}
		}
	}
	sort.Strings(s.ids)
	for k, n := range counts {
		s.money[k] = fmt.Sprintf("%d × sum %s", n, sums[k].String())
	}
	s.results = fmt.Sprintf("%d results, %d indicators, %d periods", res, ind, per)
	return s
}

func compareSummaries(t *testing.T, want, got summary) {
	t.Helper()
	if strings.Join(want.ids, "\n") != strings.Join(got.ids, "\n") {
		t.Errorf("identifiers differ: %d before, %d after", len(want.ids), len(got.ids))
	}
	for k, v := range want.money {
		if got.money[k] != v {
			t.Errorf("%s: before %s, after %s", k, v, got.money[k])
		}
	}
	for k, v := range got.money {
		if _, ok := want.money[k]; !ok {
			t.Errorf("%s appeared after the round trip: %s", k, v)
		}
	}
	if want.results != got.results {
		t.Errorf("results: before %s, after %s", want.results, got.results)
	}
}

// writeActivities writes acts with the ActivityWriter.
func writeActivities(t *testing.T, acts []*Activity) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewActivityWriter(&buf, testNow)
	for _, a := range acts {
		if a.Rejected {
			continue
		}
		if err := w.WriteActivity(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xmllint validates b against schema, skipping only when the tool is
// missing and DEVCOOP_REQUIRE_TOOLS is unset.
func xmllint(t *testing.T, b []byte, schema string) {
	t.Helper()
	if msg := xmllintErrors(t, b, schema, nil); msg != "" {
		t.Errorf("output does not validate against %s:\n%s", schema, msg)
	}
}

// xmllintErrors returns xmllint's complaints, leaving out "Expected is ( X )"
// lines for the element names in missing: required content the source did
// not have, which no writer can invent.
func xmllintErrors(t *testing.T, b []byte, schema string, missing map[string]bool) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("DEVCOOP_REQUIRE_TOOLS") != "" {
			t.Fatal("xmllint is required (DEVCOOP_REQUIRE_TOOLS is set) but not installed")
		}
		t.Skip("xmllint not installed")
	}
	f := filepath.Join(t.TempDir(), "out.xml")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path, "--noout", "--schema", filepath.Join("testdata", "schema", schema), f).CombinedOutput()
	if err == nil {
		return ""
	}
	var bad []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasSuffix(l, "fails to validate") {
			continue
		}
		if i := strings.Index(l, "Expected is ( "); i >= 0 {
			name := strings.TrimSuffix(strings.TrimSpace(l[i+len("Expected is ( "):]), ").")
			name = strings.TrimSpace(strings.TrimSuffix(name, ")"))
			if missing[name] {
				continue
			}
		}
		bad = append(bad, l)
	}
	msg := strings.Join(bad, "\n")
	if len(msg) > 3000 {
		msg = msg[:3000]
	}
	if msg == "" && err != nil && len(bad) == 0 && !strings.Contains(string(out), "fails to validate") {
		return string(out)
	}
	return msg
}

func TestSamplesRoundTrip(t *testing.T) {
	for _, f := range sampleFiles(t) {
		name := filepath.Base(f)
		if strings.Contains(name, "organisation") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, acts := readAll(t, name, src)
			if len(acts) == 0 {
				t.Fatal("no activities")
			}
			conv := 0
			for _, p := range r.FileWarnings() {
				if p.Code == "converted-1x" {
					conv++
				}
			}
			if strings.Contains(name, "_1.0") {
				if !r.Converted() || conv != 1 {
					t.Errorf("1.x file: Converted()=%v, %d conversion warnings, want true and exactly 1", r.Converted(), conv)
				}
			} else if r.Converted() || conv != 0 {
				t.Errorf("2.x file reported as converted")
			}
			for _, a := range acts {
				if a.Rejected {
					t.Errorf("%s rejected: %v", a.Identifier, a.Problems)
				}
			}
			out := writeActivities(t, acts)
			// Required elements the source lacks cannot be written; the
			// reader must have flagged each of them.
			missing := map[string]bool{}
			for _, a := range acts {
				for _, p := range a.Problems {
					if p.Code == "missing-element" {
						if i := strings.Index(p.Message, "has no <"); i >= 0 {
							missing[strings.SplitN(p.Message[i+len("has no <"):], ">", 2)[0]] = true
						}
					}
				}
			}
			if msg := xmllintErrors(t, out, "iati-activities-schema.xsd", missing); msg != "" {
				t.Errorf("output does not validate:\n%s", msg)
			}
			_, again := readAll(t, name+" (written)", out)
			compareSummaries(t, summarise(acts), summarise(again))
			// Canonical form is a fixed point: writing again changes nothing.
			for i := range again {
				if i < len(acts) && !bytes.Equal(again[i].XML(), acts[i].XML()) {
					t.Errorf("activity %s: canonical XML changes on the second round", acts[i].Identifier)
					break
				}
			}
		})
	}
}

func TestOrganisationSamples(t *testing.T) {
	for _, f := range sampleFiles(t) {
		name := filepath.Base(f)
		if !strings.Contains(name, "organisation") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := NewReader(bytes.NewReader(src), name, Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind() != Organisations {
				t.Fatalf("kind %v", r.Kind())
			}
			if _, err := r.Next(); !errors.Is(err, ErrWrongKind) {
				t.Errorf("Next on an organisation file: %v", err)
			}
			var orgs []*Organisation
			for {
				o, err := r.NextOrganisation()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				orgs = append(orgs, o)
			}
			if len(orgs) != 1 || orgs[0].Identifier == "" || orgs[0].Name == "" {
				t.Fatalf("organisations: %+v", orgs)
			}
			var buf bytes.Buffer
			if err := WriteOrganisationFile(&buf, orgs, testNow); err != nil {
				t.Fatal(err)
			}
			xmllint(t, buf.Bytes(), "iati-organisations-schema.xsd")
			r2, err := NewReader(bytes.NewReader(buf.Bytes()), "out", Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			o2, err := r2.NextOrganisation()
			if err != nil {
				t.Fatal(err)
			}
			if o2.Identifier != orgs[0].Identifier || len(o2.TotalBudgets) != len(orgs[0].TotalBudgets) {
				t.Errorf("round trip changed the organisation: %q %d", o2.Identifier, len(o2.TotalBudgets))
			}
		})
	}
}
