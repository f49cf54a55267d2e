package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"devcoop/dbtest"
	"devcoop/iati"
	"devcoop/money"
)

const samples = "../../iati/testdata/samples"

// fingerprint is what the round trip must keep of a file.
type fingerprint struct {
	IDs     []string
	Money   map[string]string // "transaction 3 USD" → exact sum; with counts
	Results [3]int            // results, indicators, periods
}

func fingerprintOf(t *testing.T, path string) fingerprint {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := iati.NewReader(f, path, iati.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	fp := fingerprint{Money: map[string]string{}}
	sums := map[string]money.Decimal{}
	counts := map[string]int{}
	ids := map[string]bool{}
	if r.Kind() != iati.Activities {
		return fp
	}
	for {
		a, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if a.Rejected {
			continue
		}
		ids[a.Identifier] = true
		add := func(k string, v money.Decimal) { sums[k] = sums[k].Add(v); counts[k]++ }
		for _, x := range a.Transactions {
			add("transaction "+x.Type+" "+x.Currency, x.Value)
		}
		for _, x := range a.Budgets {
			add("budget "+x.Type+" "+x.Currency, x.Value)
		}
		for _, x := range a.PlannedDisbursements {
			add("planned "+x.Type+" "+x.Currency, x.Value)
		}
		for _, res := range a.Results {
			fp.Results[0]++
			for _, ind := range res.Indicators {
				fp.Results[1]++
				fp.Results[2] += len(ind.Periods)
			}
		}
	}
	for id := range ids {
		fp.IDs = append(fp.IDs, id)
	}
	sort.Strings(fp.IDs)
	for k, v := range sums {
		fp.Money[k] = v.Normalize().String() + " ×" + itoa(counts[k])
	}
	return fp
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func xmllintValid(t *testing.T, file, schema string) {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("DEVCOOP_REQUIRE_TOOLS") != "" {
			t.Fatal("xmllint is required but not installed")
		}
		t.Skip("xmllint not installed")
	}
	out, err := exec.Command(path, "--noout", "--schema", filepath.Join("../../iati/testdata/schema", schema), file).CombinedOutput()
	if err != nil {
		t.Errorf("%s does not validate against %s:\n%.2000s", file, schema, out)
	}
}

type importReport struct {
	Files []struct {
		Path               string `json:"path"`
		Status             string `json:"status"`
		Activities         *int   `json:"activities"`
		RejectedActivities *int   `json:"rejected_activities"`
		Warnings           []struct {
			Message string `json:"message"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
		} `json:"warnings"`
		Errors []struct {
			Message string `json:"message"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
		} `json:"errors"`
		Converted     bool `json:"converted_from_1x"`
		Organisations int  `json:"organisations"`
	} `json:"files"`
}

// TestIATIRoundTrip imports every sample into an empty database, exports
// it with --all, and compares: same identifiers, same transactions, budgets
// and planned disbursements (count and exact sum per type and currency),
// same results, indicators and periods; and the export validates.
func TestIATIRoundTrip(t *testing.T) {
	entries, _ := os.ReadDir(samples)
	for _, engine := range dbtest.Engines() {
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".xml") {
				continue
			}
			t.Run(engine+"/"+name, func(t *testing.T) {
				src := filepath.Join(samples, name)
				db := dbtest.DSN(t, engine)
				out, stderr, code := runCLI(t, "", "import", "iati", "--db", db, "--json", src)
				if code != 0 {
					t.Fatalf("import exited %d: %s %s", code, stderr, out)
				}
				var rep importReport
				if err := json.Unmarshal([]byte(out), &rep); err != nil {
					t.Fatalf("--json output: %v\n%s", err, out)
				}
				f := rep.Files[0]
				if f.Path != src || f.Status != "imported" || f.Activities == nil || f.RejectedActivities == nil || f.Warnings == nil || f.Errors == nil {
					t.Fatalf("report = %+v", f)
				}
				for _, w := range f.Warnings {
					if w.Message == "" || w.Line == 0 {
						t.Errorf("warning without a message or location: %+v", w)
					}
				}
				if strings.Contains(name, "1.02") {
					conv := 0
					for _, w := range f.Warnings {
						if strings.Contains(w.Message, "1.0") {
							conv++
						}
					}
					if !f.Converted || conv != 1 {
						t.Errorf("1.x file: converted %v, %d conversion warnings", f.Converted, conv)
					}
				}
				exp := filepath.Join(t.TempDir(), "export.xml")
				if _, stderr, code := runCLI(t, "", "export", "iati", "--db", db, "--out", exp, "--all"); code != 0 {
					t.Fatalf("export exited %d: %s", code, stderr)
				}
				want, got := fingerprintOf(t, src), fingerprintOf(t, exp)
				// An activity file needs an activity to be valid; an empty
				// database (after an organisation file) exports none.
				if len(got.IDs) > 0 {
					xmllintValid(t, exp, "iati-activities-schema.xsd")
				}
				org := strings.TrimSuffix(exp, ".xml") + "-organisation.xml"
				xmllintValid(t, org, "iati-organisations-schema.xsd")
				if f.Organisations > 0 {
					b, _ := os.ReadFile(org)
					if n := strings.Count(string(b), "<iati-organisation "); n != f.Organisations+1 {
						t.Errorf("organisation file holds %d records, want ours and %d imported", n, f.Organisations)
					}
				}
				if strings.Join(want.IDs, "\n") != strings.Join(got.IDs, "\n") {
					t.Errorf("identifiers differ: %d in the source, %d exported", len(want.IDs), len(got.IDs))
				}
				for k, v := range want.Money {
					if got.Money[k] != v {
						t.Errorf("%s: source %s, export %s", k, v, got.Money[k])
					}
				}
				if len(got.Money) != len(want.Money) {
					t.Errorf("money kinds: source %d, export %d", len(want.Money), len(got.Money))
				}
				if want.Results != got.Results {
					t.Errorf("results/indicators/periods: source %v, export %v", want.Results, got.Results)
				}
			})
		}
	}
}

// TestIATIImportIdempotentAndRejecting: importing the same file twice
// changes nothing; a file that is not IATI, or breaks off, is rejected with
// its line and column, the exit status is 1, and nothing from it is kept.
func TestIATIImportIdempotentAndRejecting(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := dbtest.DSN(t, engine)
			src := filepath.Join(samples, "usaid-US-GOV-1_bolivia_2.03.xml")
			exports := make([]string, 2)
			for i := range exports {
				if _, stderr, code := runCLI(t, "", "import", "iati", "--db", db, src); code != 0 {
					t.Fatalf("import %d: %s", i, stderr)
				}
				p := filepath.Join(t.TempDir(), "e.xml")
				runCLI(t, "", "export", "iati", "--db", db, "--out", p, "--all")
				b, _ := os.ReadFile(p)
				exports[i] = stripGenerated(string(b))
			}
			if exports[0] != exports[1] {
				t.Error("a second import of the same file changed the exported data")
			}
			full, _ := os.ReadFile(src)
			dir := t.TempDir()
			broken := filepath.Join(dir, "broken.xml")
			os.WriteFile(broken, full[:len(full)/2], 0o644)
			html := filepath.Join(dir, "error-page.xml")
			os.WriteFile(html, []byte("<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n"), 0o644)
			out, _, code := runCLI(t, "", "import", "iati", "--db", db, "--json", broken, html)
			if code != 1 {
				t.Fatalf("rejected files: exit %d", code)
			}
			var rep importReport
			json.Unmarshal([]byte(out), &rep)
			for _, f := range rep.Files {
				if f.Status != "rejected" || len(f.Errors) == 0 || f.Errors[0].Line == 0 || f.Errors[0].Column == 0 || f.Errors[0].Message == "" {
					t.Errorf("%s: %+v", f.Path, f)
				}
			}
			p := filepath.Join(t.TempDir(), "e.xml")
			runCLI(t, "", "export", "iati", "--db", db, "--out", p, "--all")
			b, _ := os.ReadFile(p)
			if stripGenerated(string(b)) != exports[0] {
				t.Error("a rejected file left data behind")
			}
		})
	}
}

// stripGenerated drops the export time from a file.
func stripGenerated(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "generated-datetime") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestOwnExportIsValidIATI: the demo's own projects export as valid IATI,
// every identifier with the organisation's prefix.
func TestOwnExportIsValidIATI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	if _, stderr, code := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	exp := filepath.Join(t.TempDir(), "own.xml")
	if _, stderr, code := runCLI(t, "", "export", "iati", "--db", db, "--out", exp); code != 0 {
		t.Fatal(stderr)
	}
	xmllintValid(t, exp, "iati-activities-schema.xsd")
	xmllintValid(t, strings.TrimSuffix(exp, ".xml")+"-organisation.xml", "iati-organisations-schema.xsd")
	fp := fingerprintOf(t, exp)
	if len(fp.IDs) < 300 {
		t.Errorf("only %d activities exported", len(fp.IDs))
	}
	for _, id := range fp.IDs {
		if !strings.HasPrefix(id, "XM-DAC-41302-") {
			t.Errorf("identifier %s lacks the organisation's prefix", id)
		}
	}
}

// TestAppraiseCommand screens proposal files from outside: the clean
// example has no findings; a broken one names the rule, severity and the
// path into the proposal; a file that is not a proposal exits 1.
func TestAppraiseCommand(t *testing.T) {
	out, stderr, code := runCLI(t, "", "appraise", "--json", "../../appraisal/testdata/example.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Findings []struct{ Rule, Severity, Path, Message string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Findings == nil || len(res.Findings) != 0 {
		t.Fatalf("clean example: %v %s", err, out)
	}
	b, _ := os.ReadFile("../../appraisal/testdata/example.json")
	var p map[string]any
	json.Unmarshal(b, &p)
	lf := p["logframe"].(map[string]any)
	oc := lf["outcomes"].([]any)[0].(map[string]any)
	ind := oc["outputs"].([]any)[1].(map[string]any)["indicators"].([]any)[0].(map[string]any)
	ind["baseline"] = ""
	broken, _ := json.Marshal(p)
	file := filepath.Join(t.TempDir(), "broken.json")
	os.WriteFile(file, broken, 0o644)
	out, _, code = runCLI(t, "", "appraise", "--json", file)
	json.Unmarshal([]byte(out), &res)
	found := false
	for _, f := range res.Findings {
		found = found || (f.Rule == "indicators_complete" && f.Path == "logframe.outcomes[0].outputs[1].indicators[0].baseline" && f.Severity == "major" && f.Message != "")
	}
	if code != 0 || !found {
		t.Errorf("broken example (exit %d): %s", code, out)
	}
	os.WriteFile(file, []byte(`{"title": ["not", "a", "string"]}`), 0o644)
	if _, _, code := runCLI(t, "", "appraise", "--json", file); code != 1 {
		t.Errorf("not a proposal: exit %d", code)
	}
	os.WriteFile(file, []byte(`<html>`), 0o644)
	if _, _, code := runCLI(t, "", "appraise", "--json", file); code != 1 {
		t.Errorf("not JSON: exit %d", code)
	}
}
