package appraisal_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// want is an expected finding: the rule and the exact path.
type want struct{ rule, path string }

func (w want) String() string { return w.rule + " @ " + w.path }

func got(fs []appraisal.Finding) []want {
	out := []want{}
	for _, f := range fs {
		out = append(out, want{f.Rule, f.Path})
	}
	return out
}

func TestExampleScreensClean(t *testing.T) {
	p := appraisal.ExampleProposal()
	if err := p.Validate(); err != nil {
		t.Fatalf("the example is not valid: %v", err)
	}
	if fs := appraisal.Screen(p, appraisal.DefaultRuleSet(), appraisal.ExampleFacts()); len(fs) != 0 {
		t.Errorf("the example has findings:\n%s", list(fs))
	}
	// Without facts the checks that need them are skipped, not failed.
	if fs := appraisal.Screen(p, appraisal.DefaultRuleSet(), appraisal.Facts{}); len(fs) != 0 {
		t.Errorf("the example has findings without facts:\n%s", list(fs))
	}
}

func TestExampleJSONFile(t *testing.T) {
	b, err := appraisal.ExampleProposal().MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/example.json", b)
	// The file is what `devcoop appraise --json FILE` reads: it decodes
	// strictly and screens clean.
	f, err := os.Open("testdata/example.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := devcoop.DecodeProposal(f)
	if err != nil {
		t.Fatalf("DecodeProposal(example.json): %v", err)
	}
	if fs := appraisal.Screen(p, appraisal.DefaultRuleSet(), appraisal.ExampleFacts()); len(fs) != 0 {
		t.Errorf("example.json has findings:\n%s", list(fs))
	}
}

// golden compares b with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, b []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(old, b) {
		t.Errorf("%s is out of date; run go test ./appraisal -update and review the diff", path)
	}
}

func list(fs []appraisal.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s: %s\n", f.Severity, f.Rule, f.Path, f.Message)
	}
	return b.String()
}

// line returns the index of the example's budget line of category c in
// year y.
func line(t *testing.T, p *devcoop.Proposal, c devcoop.BudgetCategory, y int) int {
	t.Helper()
	for i, l := range p.Budget {
		if l.Category == c && l.Year == y {
			return i
		}
	}
	t.Fatalf("no %s line in year %d", c, y)
	return -1
}

func usd(s string) money.Decimal { return money.MustParse(s) }

// ruleCase breaks the example proposal, or the facts, so that rules fire
// with exactly the findings listed.
type ruleCase struct {
	name    string // also the fixture's file name
	rule    string // the rule the case is about
	breakIt func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts)
	want    []want
}

func ruleCases() []ruleCase {
	return []ruleCase{
		{"links_present", appraisal.RuleLinksPresent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.CPOs, p.Countries = nil, nil
		}, []want{{"links_present", "cpos"}}},
		{"links_present_outcomes", appraisal.RuleLinksPresent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Outcomes = nil
		}, []want{{"links_present", "outcomes"}, {"links_consistent", "cpos[0]"}, {"links_consistent", "cpos[1]"}, {"links_consistent", "cpos[2]"}}},
		{"links_consistent", appraisal.RuleLinksConsistent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Outcomes = []string{"6"}
		}, []want{{"links_consistent", "cpos[1]"}}},
		{"links_consistent_unknown_cpo", appraisal.RuleLinksConsistent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.CPOs = append(p.CPOs, "KEN 999")
		}, []want{{"links_consistent", "cpos[3]"}}},
		{"links_consistent_unknown_outcome", appraisal.RuleLinksConsistent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Outcomes = append(p.Outcomes, "25")
		}, []want{{"links_consistent", "outcomes[2]"}}},
		{"countries_consistent", appraisal.RuleCountriesConsistent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Countries = []string{"KE"}
		}, []want{{"countries_consistent", "cpos[2]"}}},
		{"countries_consistent_no_cpo", appraisal.RuleCountriesConsistent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Countries = append(p.Countries, "UG")
		}, []want{{"countries_consistent", "countries[2]"}}},
		{"needs_documented", appraisal.RuleNeedsDocumented, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Needs.Statement = "Construction is dangerous."
			p.Needs.PBReference = " "
		}, []want{{"needs_documented", "needs.statement"}, {"needs_documented", "needs.pb_reference"}}},
		{"logframe_complete", appraisal.RuleLogframeComplete, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Logframe.Objective = ""
			p.Logframe.Outcomes[1].Outputs[1].Statement = ""
		}, []want{{"logframe_complete", "logframe.objective"}, {"logframe_complete", "logframe.outcomes[1].outputs[1].statement"}}},
		{"indicators_present", appraisal.RuleIndicatorsPresent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Logframe.Outcomes[1].Outputs[0].Indicators = nil
		}, []want{{"indicators_present", "logframe.outcomes[1].outputs[0].indicators"}}},
		{"indicators_complete", appraisal.RuleIndicatorsComplete, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Logframe.Outcomes[0].Outputs[1].Indicators[0].Baseline = ""
			p.Logframe.Outcomes[1].Indicators[0].MeansOfVerification = ""
		}, []want{{"indicators_complete", "logframe.outcomes[0].outputs[1].indicators[0].baseline"}, {"indicators_complete", "logframe.outcomes[1].indicators[0].means_of_verification"}}},
		{"activities_planned", appraisal.RuleActivitiesPlanned, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Logframe.Outcomes[0].Outputs[0].Activities = nil
		}, []want{{"activities_planned", "logframe.outcomes[0].outputs[0].activities"}}},
		{"assumptions_match_risks", appraisal.RuleAssumptionsMatchRisks, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Risks[3].Assumptions = nil
		}, []want{{"assumptions_match_risks", "logframe.outcomes[1].outputs[0].assumptions[0]"}}},
		{"assumptions_match_risks_none", appraisal.RuleAssumptionsMatchRisks, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			for i := range p.Logframe.Outcomes {
				o := &p.Logframe.Outcomes[i]
				o.Assumptions = nil
				for j := range o.Outputs {
					o.Outputs[j].Assumptions = nil
				}
			}
			for i := range p.Risks {
				p.Risks[i].Assumptions = nil
			}
		}, []want{{"assumptions_match_risks", "logframe"}}},
		{"budget_total", appraisal.RuleBudgetTotal, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Amount = usd("3400000.00")
		}, []want{{"budget_total", "budget"}}},
		{"psc_rate", appraisal.RulePSCRate, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Budget[line(t, p, devcoop.BudgetPSC, 2)].Amount = usd("120000")
			p.Amount = usd("3380000")
		}, []want{{"psc_rate", "budget"}}},
		{"psc_rate_partner", appraisal.RulePSCRate, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			seven := usd("7")
			f.PSCRatePercent = &seven
		}, []want{{"psc_rate", "budget"}}},
		{"me_budget_share", appraisal.RuleMEBudgetShare, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			for y := 1; y <= 3; y++ {
				p.Budget[line(t, p, devcoop.BudgetMonitoring, y)].Amount = usd("10000")
				p.Budget[line(t, p, devcoop.BudgetStaff, y)].Amount = p.Budget[line(t, p, devcoop.BudgetStaff, y)].Amount.Add(usd("30000"))
			}
		}, []want{{"me_budget_share", "budget"}}},
		{"evaluation_budgeted", appraisal.RuleEvaluationBudgeted, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			for y := 2; y <= 3; y++ {
				p.Budget[line(t, p, devcoop.BudgetEvaluation, y)].Category = devcoop.BudgetMonitoring
			}
		}, []want{{"evaluation_budgeted", "budget"}}},
		{"duration_fits_budget", appraisal.RuleDurationFitsBudget, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.DurationMonths = 48
		}, []want{{"duration_fits_budget", "budget"}}},
		{"duration_fits_budget_late_line", appraisal.RuleDurationFitsBudget, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Budget[line(t, p, devcoop.BudgetPSC, 3)].Year = 4
		}, []want{{"duration_fits_budget", fmt.Sprintf("budget[%d].year", len(p0().Budget)-1)}}},
		{"risks_assessed", appraisal.RuleRisksAssessed, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Risks[1].Mitigation = ""
			p.Risks[4].Likelihood = ""
		}, []want{{"risks_assessed", "risks[1].mitigation"}, {"risks_assessed", "risks[4].likelihood"}}},
		{"cross_cutting_present", appraisal.RuleCrossCuttingPresent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.CrossCutting.DisabilityInclusion = "Not applicable."
		}, []want{{"cross_cutting_present", "cross_cutting.disability_inclusion"}}},
		{"sustainability_present", appraisal.RuleSustainabilityPresent, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			p.Sustainability = ""
		}, []want{{"sustainability_present", "sustainability"}}},
		{"partner_no_overdue_reports", appraisal.RulePartnerNoOverdueReports, func(t *testing.T, p *devcoop.Proposal, f *appraisal.Facts) {
			two := 2
			f.PartnerOverdueReports = &two
		}, []want{{"partner_no_overdue_reports", "partner_id"}}},
	}
}

func p0() *devcoop.Proposal { return appraisal.ExampleProposal() }

// fixture is a rule fixture file: a proposal, the facts, and the findings
// it screens to under the default rule set. The CLI and the web pages can
// use these files as demonstrations.
type fixture struct {
	Rule     string              `json:"rule"`
	Facts    appraisal.Facts     `json:"facts"`
	Proposal *devcoop.Proposal   `json:"proposal"`
	Findings []appraisal.Finding `json:"findings"`
}

// Every rule fires on its fixture with exactly the findings expected, and
// the fixture files under testdata/rules say the same.
func TestRulesFire(t *testing.T) {
	for _, tc := range ruleCases() {
		t.Run(tc.name, func(t *testing.T) {
			p, f := appraisal.ExampleProposal(), appraisal.ExampleFacts()
			tc.breakIt(t, p, &f)
			if err := p.Validate(); err != nil {
				t.Fatalf("the fixture is not a valid proposal: %v", err)
			}
			fs := appraisal.Screen(p, appraisal.DefaultRuleSet(), f)
			if g := got(fs); !slices.Equal(g, tc.want) {
				t.Fatalf("findings:\n%s want %v", list(fs), tc.want)
			}
			for _, x := range fs {
				if x.Message == "" || x.Severity != appraisal.DefaultRuleSet().Severity(x.Rule) {
					t.Errorf("finding %+v: no message or wrong severity", x)
				}
			}
			b, err := json.MarshalIndent(fixture{tc.rule, f, p, fs}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "rules", tc.name+".json"), append(b, '\n'))
		})
	}
}

// The fixture files decode to what they say: a reader that has only the
// files gets the same findings.
func TestRuleFixtureFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/rules/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var fx fixture
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fs := appraisal.Screen(fx.Proposal, appraisal.DefaultRuleSet(), fx.Facts)
		if !reflect.DeepEqual(fs, fx.Findings) {
			t.Errorf("%s screens to\n%s not\n%s", name, list(fs), list(fx.Findings))
		}
		if !slices.ContainsFunc(fs, func(f appraisal.Finding) bool { return f.Rule == fx.Rule }) {
			t.Errorf("%s does not fire %s", name, fx.Rule)
		}
	}
}

// Every rule has a case that makes it fire.
func TestEveryRuleHasAFixture(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases() {
		covered[tc.rule] = true
		if !slices.ContainsFunc(tc.want, func(w want) bool { return w.rule == tc.rule }) {
			t.Errorf("case %s does not expect %s to fire", tc.name, tc.rule)
		}
	}
	for _, r := range appraisal.Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no fixture", r.ID)
		}
	}
}

// broken returns a proposal with findings of every severity.
func broken() *devcoop.Proposal {
	p := appraisal.ExampleProposal()
	p.Logframe.Objective = ""                          // blocking
	p.Sustainability = "Short."                        // major
	p.Logframe.Outcomes[0].Outputs[0].Activities = nil // minor
	p.Logframe.Outcomes[1].Outputs[1].Indicators = nil // blocking
	p.Logframe.Outcomes[0].Indicators[0].Target = ""   // major
	p.Amount = p.Amount.Add(usd("1"))                  // blocking
	p.Risks[0].Assumptions = nil                       // minor
	return p
}

func TestScreenOrderAndDeterminism(t *testing.T) {
	rs, f := appraisal.DefaultRuleSet(), appraisal.ExampleFacts()
	first := appraisal.Screen(broken(), rs, f)
	wantOrder := []want{
		{"logframe_complete", "logframe.objective"},
		{"indicators_present", "logframe.outcomes[1].outputs[1].indicators"},
		{"budget_total", "budget"},
		{"indicators_complete", "logframe.outcomes[0].indicators[0].target"},
		{"sustainability_present", "sustainability"},
		{"activities_planned", "logframe.outcomes[0].outputs[0].activities"},
		{"assumptions_match_risks", "logframe.outcomes[0].assumptions[0]"},
	}
	if g := got(first); !slices.Equal(g, wantOrder) {
		t.Fatalf("order:\n%s want %v", list(first), wantOrder)
	}
	for i := range 20 {
		// A proposal that went through its JSON is the same proposal.
		b, _ := broken().MarshalIndent()
		p, err := devcoop.DecodeProposal(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if again := appraisal.Screen(p, rs, f); !reflect.DeepEqual(first, again) {
			t.Fatalf("run %d differs:\n%s\nfirst:\n%s", i, list(again), list(first))
		}
	}
}

func TestScreenNil(t *testing.T) {
	if fs := appraisal.Screen(nil, appraisal.DefaultRuleSet(), appraisal.Facts{}); fs == nil || len(fs) != 0 {
		t.Errorf("Screen(nil) = %#v, want an empty list", fs)
	}
	// An empty proposal fires many rules and must not panic.
	fs := appraisal.Screen(&devcoop.Proposal{}, appraisal.DefaultRuleSet(), appraisal.ExampleFacts())
	if !appraisal.HasBlocking(fs) {
		t.Errorf("an empty proposal has no blocking finding:\n%s", list(fs))
	}
}

func TestRuleSetChangesTheScreen(t *testing.T) {
	f := appraisal.ExampleFacts()
	tests := []struct {
		name   string
		change func(rs *appraisal.RuleSet)
		p      func() *devcoop.Proposal
		want   []want
	}{
		{"default on broken", func(rs *appraisal.RuleSet) {}, broken, got(appraisal.Screen(broken(), appraisal.DefaultRuleSet(), f))},
		{"disable a rule", func(rs *appraisal.RuleSet) {
			rs.Disabled = []string{appraisal.RuleBudgetTotal, appraisal.RuleActivitiesPlanned}
		}, broken, []want{
			{"logframe_complete", "logframe.objective"},
			{"indicators_present", "logframe.outcomes[1].outputs[1].indicators"},
			{"indicators_complete", "logframe.outcomes[0].indicators[0].target"},
			{"sustainability_present", "sustainability"},
			{"assumptions_match_risks", "logframe.outcomes[0].assumptions[0]"},
		}},
		{"raise the M&E share", func(rs *appraisal.RuleSet) { rs.MEMinSharePercent = usd("7.51") }, p0, []want{{"me_budget_share", "budget"}}},
		{"M&E share met exactly", func(rs *appraisal.RuleSet) { rs.MEMinSharePercent = usd("7.5") }, p0, []want{}},
		{"lower the PSC rate", func(rs *appraisal.RuleSet) { rs.PSCRatePercent = usd("12") }, p0, []want{{"psc_rate", "budget"}}},
		{"PSC within tolerance", func(rs *appraisal.RuleSet) { rs.PSCRatePercent = usd("13.00003") }, p0, []want{}},
		{"PSC beyond a tighter tolerance", func(rs *appraisal.RuleSet) {
			rs.PSCRatePercent = usd("13.00003")
			rs.PSCTolerance = usd("0.5")
		}, p0, []want{{"psc_rate", "budget"}}},
		{"longer sections", func(rs *appraisal.RuleSet) { rs.MinSectionWords = 100 }, p0, []want{
			{"needs_documented", "needs.statement"},
			{"cross_cutting_present", "cross_cutting.gender_equality"},
			{"cross_cutting_present", "cross_cutting.international_labour_standards"},
			{"cross_cutting_present", "cross_cutting.social_dialogue"},
			{"cross_cutting_present", "cross_cutting.environment"},
			{"cross_cutting_present", "cross_cutting.disability_inclusion"},
			{"sustainability_present", "sustainability"},
		}},
		{"fewer cross-cutting sections", func(rs *appraisal.RuleSet) {
			rs.CrossCuttingSections = []string{"gender_equality"}
		}, func() *devcoop.Proposal {
			p := p0()
			p.CrossCutting.Environment = ""
			return p
		}, []want{}},
		{"tolerate overdue reports", func(rs *appraisal.RuleSet) { rs.MaxPartnerOverdueReports = 5 }, p0, []want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := appraisal.DefaultRuleSet()
			tt.change(&rs)
			if err := rs.Validate(); err != nil {
				t.Fatalf("rule set: %v", err)
			}
			fs := appraisal.Screen(tt.p(), rs, f)
			if g := got(fs); !slices.Equal(g, tt.want) {
				t.Errorf("findings:\n%s want %v", list(fs), tt.want)
			}
		})
	}
}

func TestSeverityOverride(t *testing.T) {
	rs := appraisal.DefaultRuleSet()
	rs.Severities = map[string]appraisal.Severity{appraisal.RuleActivitiesPlanned: appraisal.SeverityBlocking}
	fs := appraisal.Screen(broken(), rs, appraisal.ExampleFacts())
	if fs[2].Rule != appraisal.RuleActivitiesPlanned || fs[2].Severity != appraisal.SeverityBlocking || fs[3].Severity != appraisal.SeverityBlocking {
		t.Errorf("an overridden rule is not blocking and sorted with the blocking ones:\n%s", list(fs))
	}
	for _, r := range rs.Rules() {
		if r.ID == appraisal.RuleActivitiesPlanned && r.Severity != appraisal.SeverityBlocking {
			t.Errorf("Rules() shows %s for an overridden rule", r.Severity)
		}
	}
}

func TestRules(t *testing.T) {
	rules := appraisal.Rules()
	if len(rules) < 15 {
		t.Fatalf("only %d rules", len(rules))
	}
	areas := map[string]bool{appraisal.AreaPartner: true}
	for _, s := range appraisal.Standards() {
		areas[s.ID] = true
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] {
			t.Errorf("rule %s twice", r.ID)
		}
		seen[r.ID] = true
		if !r.Severity.Valid() || !r.Enabled || !areas[r.Area] || !strings.HasSuffix(r.Standard, ".") {
			t.Errorf("rule %+v is not documented properly", r)
		}
	}
	rs := appraisal.DefaultRuleSet()
	rs.Disabled = []string{appraisal.RulePSCRate}
	rs.PSCRatePercent = usd("7")
	for _, r := range rs.Rules() {
		if r.ID == appraisal.RulePSCRate && (r.Enabled || !strings.Contains(r.Standard, "7%")) {
			t.Errorf("Rules() under a rule set: %+v", r)
		}
	}
}

func TestRuleSetValidate(t *testing.T) {
	if err := appraisal.DefaultRuleSet().Validate(); err != nil {
		t.Fatalf("the default rule set is invalid: %v", err)
	}
	tests := []struct {
		name   string
		change func(rs *appraisal.RuleSet)
		field  string
	}{
		{"unknown rule disabled", func(rs *appraisal.RuleSet) { rs.Disabled = []string{"psc_rate", "spelling"} }, "disabled[1]"},
		{"unknown rule severity", func(rs *appraisal.RuleSet) {
			rs.Severities = map[string]appraisal.Severity{"spelling": appraisal.SeverityMinor}
		}, "severities.spelling"},
		{"bad severity", func(rs *appraisal.RuleSet) {
			rs.Severities = map[string]appraisal.Severity{"psc_rate": "fatal"}
		}, "severities.psc_rate"},
		{"PSC above 100", func(rs *appraisal.RuleSet) { rs.PSCRatePercent = usd("113") }, "psc_rate_percent"},
		{"PSC negative", func(rs *appraisal.RuleSet) { rs.PSCRatePercent = usd("-1") }, "psc_rate_percent"},
		{"negative tolerance", func(rs *appraisal.RuleSet) { rs.PSCTolerance = usd("-0.01") }, "psc_tolerance"},
		{"M&E share above 100", func(rs *appraisal.RuleSet) { rs.MEMinSharePercent = usd("100.01") }, "me_min_share_percent"},
		{"negative words", func(rs *appraisal.RuleSet) { rs.MinSectionWords = -1 }, "min_section_words"},
		{"unknown section", func(rs *appraisal.RuleSet) { rs.CrossCuttingSections = []string{"gender_equality", "poverty"} }, "cross_cutting_sections[1]"},
		{"section twice", func(rs *appraisal.RuleSet) { rs.CrossCuttingSections = []string{"environment", "environment"} }, "cross_cutting_sections[1]"},
		{"negative overdue", func(rs *appraisal.RuleSet) { rs.MaxPartnerOverdueReports = -1 }, "max_partner_overdue_reports"},
		{"negative threshold", func(rs *appraisal.RuleSet) { rs.MEReviewThresholdUSD = usd("-5000000") }, "me_review_threshold_usd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := appraisal.DefaultRuleSet()
			tt.change(&rs)
			err := rs.Validate()
			fs := devcoop.ErrorFields(err)
			if devcoop.ErrorKind(err) != devcoop.KindInvalid || len(fs) != 1 || fs[0].Field != tt.field {
				t.Errorf("Validate = %v, want one problem at %s", err, tt.field)
			}
		})
	}
}

func TestLoadRuleSet(t *testing.T) {
	rs, err := appraisal.LoadRuleSet(strings.NewReader(`{"disabled": ["activities_planned"], "me_min_share_percent": "3"}`))
	if err != nil {
		t.Fatalf("LoadRuleSet: %v", err)
	}
	if rs.Enabled(appraisal.RuleActivitiesPlanned) || !rs.MEMinSharePercent.Equal(usd("3")) {
		t.Errorf("the JSON was not applied: %+v", rs)
	}
	if !rs.PSCRatePercent.Equal(usd("13")) || len(rs.CrossCuttingSections) != 5 || rs.MinSectionWords != 10 {
		t.Errorf("fields left out lost their defaults: %+v", rs)
	}
	// A rule set survives its own JSON.
	b, _ := json.Marshal(rs)
	again, err := appraisal.LoadRuleSet(bytes.NewReader(b))
	if err != nil || !reflect.DeepEqual(got(appraisal.Screen(broken(), rs, appraisal.Facts{})), got(appraisal.Screen(broken(), again, appraisal.Facts{}))) {
		t.Errorf("round trip: %v", err)
	}

	for body, field := range map[string]string{
		`{"psc_rate_percent": "150"}`:  "psc_rate_percent",
		`{"disabled": ["nope"]}`:       "disabled[0]",
		`{"psc_rate": "13"}`:           "",
		`{"min_section_words": "ten"}`: "",
	} {
		_, err := appraisal.LoadRuleSet(strings.NewReader(body))
		if devcoop.ErrorKind(err) != devcoop.KindInvalid {
			t.Errorf("LoadRuleSet(%s) = %v, want invalid", body, err)
			continue
		}
		if fs := devcoop.ErrorFields(err); field != "" && (len(fs) != 1 || fs[0].Field != field) {
			t.Errorf("LoadRuleSet(%s) fields %+v, want %s", body, fs, field)
		}
	}
}

func TestCPOFacts(t *testing.T) {
	facts := appraisal.CPOFacts(
		[]devcoop.CPO{{ID: 1, Code: "KEN 126", Country: "KE", OutcomeID: 60}, {ID: 2, Code: "XYZ 1", Country: "KE", OutcomeID: 99}},
		[]devcoop.Outcome{{ID: 60, Code: "6", Period: "2014-15"}},
	)
	want := []appraisal.CPOFact{{Code: "KEN 126", Outcome: "6", Country: "KE"}, {Code: "XYZ 1", Outcome: "", Country: "KE"}}
	if !reflect.DeepEqual(facts, want) {
		t.Errorf("CPOFacts = %+v", facts)
	}
}

// FuzzScreen feeds arbitrary proposal JSON to the screen: it must not
// panic, must be deterministic, and every finding must name a known rule
// and a path.
func FuzzScreen(f *testing.F) {
	b, _ := appraisal.ExampleProposal().MarshalIndent()
	f.Add(b)
	b, _ = broken().MarshalIndent()
	f.Add(b)
	f.Add([]byte(`{"budget":[{"category":"psc","year":1,"amount":"1"}],"duration_months":1}`))
	f.Add([]byte(`{"risks":[{"assumptions":[""]}],"logframe":{"outcomes":[{"assumptions":[{"id":""}]}]}}`))
	rules := map[string]bool{}
	for _, r := range appraisal.Rules() {
		rules[r.ID] = true
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := devcoop.DecodeProposal(bytes.NewReader(body))
		if err != nil {
			return
		}
		rs, facts := appraisal.DefaultRuleSet(), appraisal.ExampleFacts()
		fs := appraisal.Screen(p, rs, facts)
		for _, x := range fs {
			if !rules[x.Rule] || x.Path == "" || x.Message == "" || !x.Severity.Valid() {
				t.Fatalf("bad finding %+v", x)
			}
		}
		if again := appraisal.Screen(p, rs, facts); !reflect.DeepEqual(fs, again) {
			t.Fatal("two screens differ")
		}
	})
}
