package priority

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	def := DefaultCriteria()
	tests := []struct {
		name  string
		in    Input
		c     Criteria
		score int
		texts []string
	}{
		{
			name: "nothing applies",
			in:   Input{Key: "19/GLOBAL"},
			c:    def,
		},
		{
			name:  "low-income DWCP country, ODA-eligible",
			in:    Input{Key: "4/KE", DWCPPriority: true, Income: LowIncome, ODAEligible: true},
			c:     def,
			score: 60,
			texts: []string{"DWCP priority country: +20", "Low-income country: +30", "ODA-eligible: +10"},
		},
		{
			name:  "each income group",
			in:    Input{Income: LowerMiddleIncome},
			c:     def,
			score: 20,
			texts: []string{"Lower-middle-income country: +20"},
		},
		{
			name:  "upper-middle income",
			in:    Input{Income: UpperMiddleIncome},
			c:     def,
			score: 5,
			texts: []string{"Upper-middle-income country: +5"},
		},
		{
			name: "high income gives no points by default, so no reason",
			in:   Input{Income: HighIncome},
			c:    def,
		},
		{
			name:  "high income penalty",
			in:    Input{Income: HighIncome},
			c:     Criteria{Income: IncomePoints{HIC: -15}},
			score: -15,
			texts: []string{"High-income country: -15"},
		},
		{
			name: "unknown income group",
			in:   Input{Income: "XYZ"},
			c:    def,
		},
		{
			name:  "one target at risk",
			in:    Input{Targets: 4, TargetsAtRisk: 1},
			c:     def,
			score: 5,
			texts: []string{"1 target at risk: +5"},
		},
		{
			name:  "targets at risk are capped",
			in:    Input{Targets: 40, TargetsAtRisk: 12},
			c:     def,
			score: 25,
			texts: []string{"12 targets at risk: +25"},
		},
		{
			name:  "a huge count does not overflow",
			in:    Input{TargetsAtRisk: 1 << 62},
			c:     def,
			score: 25,
			texts: []string{"4611686018427387904 targets at risk: +25"},
		},
		{
			name: "share of targets at risk: highest band reached",
			in:   Input{Targets: 8, TargetsAtRisk: 3},
			c: Criteria{ResultsAtRisk: AtRiskRule{ShareBands: []ShareBand{
				{AtLeastPercent: 25, Points: 10}, {AtLeastPercent: 50, Points: 20},
			}}},
			score: 10,
			texts: []string{"3 of 8 targets at risk (37%, at least 25%): +10"},
		},
		{
			name: "share exactly on a band edge",
			in:   Input{Targets: 4, TargetsAtRisk: 2},
			c: Criteria{ResultsAtRisk: AtRiskRule{ShareBands: []ShareBand{
				{AtLeastPercent: 25, Points: 10}, {AtLeastPercent: 50, Points: 20},
			}}},
			score: 20,
			texts: []string{"2 of 4 targets at risk (50%, at least 50%): +20"},
		},
		{
			name: "share below every band",
			in:   Input{Targets: 10, TargetsAtRisk: 1},
			c:    Criteria{ResultsAtRisk: AtRiskRule{ShareBands: []ShareBand{{AtLeastPercent: 25, Points: 10}}}},
		},
		{
			name: "count and share both count",
			in:   Input{Targets: 2, TargetsAtRisk: 2},
			c: Criteria{ResultsAtRisk: AtRiskRule{PerTarget: 3, MaxPoints: 10,
				ShareBands: []ShareBand{{AtLeastPercent: 100, Points: 7}}}},
			score: 13,
			texts: []string{"2 targets at risk: +6", "2 of 2 targets at risk (100%, at least 100%): +7"},
		},
		{
			name:  "no coverage",
			in:    Input{Required: 100000, Available: 0},
			c:     def,
			score: 30,
			texts: []string{"Coverage 0% (below 25%): +30"},
		},
		{
			name:  "coverage just under a band edge is floored, not rounded up",
			in:    Input{Required: 1000, Available: 249},
			c:     def,
			score: 30,
			texts: []string{"Coverage 24% (below 25%): +30"},
		},
		{
			name:  "coverage exactly on a band edge falls in the next band",
			in:    Input{Required: 1000, Available: 250},
			c:     def,
			score: 20,
			texts: []string{"Coverage 25% (below 50%): +20"},
		},
		{
			name: "fully covered",
			in:   Input{Required: 1000, Available: 1500},
			c:    def,
		},
		{
			name: "no requirement recorded",
			in:   Input{Required: 0, Available: 0},
			c:    def,
		},
		{
			name:  "negative availability reads as none",
			in:    Input{Required: 1000, Available: -5},
			c:     def,
			score: 30,
			texts: []string{"Coverage 0% (below 25%): +30"},
		},
		{
			name:  "coverage of huge amounts is exact",
			in:    Input{Required: 1 << 62, Available: 1<<62 - 1},
			c:     Criteria{Coverage: []CoverageBand{{BelowPercent: 100, Points: 1}}},
			score: 1,
			texts: []string{"Coverage 99% (below 100%): +1"},
		},
		{
			name:  "region and outcome boosts",
			in:    Input{Outcome: "4", Region: "AFRICA"},
			c:     Criteria{RegionBoosts: map[string]int{"AFRICA": 5}, OutcomeBoosts: map[string]int{"4": 15, "5": 99}},
			score: 20,
			texts: []string{"Region AFRICA: +5", "Outcome 4: +15"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(tt.in, tt.c)
			if r.Score != tt.score {
				t.Errorf("score = %d, want %d (reasons %v)", r.Score, tt.score, r.Texts())
			}
			if got := r.Texts(); !reflect.DeepEqual(got, tt.texts) && (len(got) != 0 || len(tt.texts) != 0) {
				t.Errorf("reasons = %q, want %q", got, tt.texts)
			}
			sum := 0
			for _, x := range r.Reasons {
				sum += x.Points
			}
			if sum != r.Score {
				t.Errorf("reasons add up to %d, score is %d", sum, r.Score)
			}
		})
	}
}

func TestRank(t *testing.T) {
	in := []Result{
		{Key: "4/TZ", Score: 50},
		{Key: "4/KE", Score: 70},
		{Key: "4/BJ", Score: 50},
		{Key: "4/ZA", Score: 10},
		{Key: "4/AO", Score: 50},
	}
	orig := append([]Result(nil), in...)
	got := Rank(in)
	want := []struct {
		key  string
		rank int
	}{{"4/KE", 1}, {"4/AO", 2}, {"4/BJ", 2}, {"4/TZ", 2}, {"4/ZA", 5}}
	for i, w := range want {
		if got[i].Key != w.key || got[i].Rank != w.rank {
			t.Errorf("position %d = %s rank %d, want %s rank %d", i, got[i].Key, got[i].Rank, w.key, w.rank)
		}
	}
	if !reflect.DeepEqual(in, orig) {
		t.Error("Rank modified its input")
	}
	// The order depends only on scores and keys, not on the input order.
	rev := make([]Result, len(in))
	for i := range in {
		rev[len(in)-1-i] = in[i]
	}
	if !reflect.DeepEqual(Rank(rev), got) {
		t.Error("Rank depends on the input order")
	}
	if len(Rank(nil)) != 0 {
		t.Error("Rank(nil) is not empty")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Criteria)
		fields []string // the fields named by the errors, in order
	}{
		{name: "defaults are valid", modify: func(*Criteria) {}},
		{name: "zero criteria are valid", modify: func(c *Criteria) { *c = Criteria{} }},
		{name: "penalty allowed", modify: func(c *Criteria) { c.Income.HIC = -20 }},
		{
			name:   "points out of range",
			modify: func(c *Criteria) { c.DWCPPriority = 1001; c.Income.LMIC = -1001; c.ODAEligible = 5000 },
			fields: []string{"dwcp_priority", "income.lmic", "oda_eligible"},
		},
		{
			name:   "negative per target",
			modify: func(c *Criteria) { c.ResultsAtRisk.PerTarget = -1 },
			fields: []string{"results_at_risk.per_target"},
		},
		{
			name:   "per target without a cap",
			modify: func(c *Criteria) { c.ResultsAtRisk.MaxPoints = 0 },
			fields: []string{"results_at_risk.max_points"},
		},
		{
			name:   "cap out of range",
			modify: func(c *Criteria) { c.ResultsAtRisk.MaxPoints = -3 },
			fields: []string{"results_at_risk.max_points"},
		},
		{
			name: "share bands out of order and out of range",
			modify: func(c *Criteria) {
				c.ResultsAtRisk.ShareBands = []ShareBand{{AtLeastPercent: 50, Points: 1}, {AtLeastPercent: 50, Points: 2}, {AtLeastPercent: 101, Points: 2000}}
			},
			fields: []string{
				"results_at_risk.share_bands[1].at_least_percent",
				"results_at_risk.share_bands[2].at_least_percent",
				"results_at_risk.share_bands[2].points",
			},
		},
		{
			name: "coverage bands out of order",
			modify: func(c *Criteria) {
				c.Coverage = []CoverageBand{{BelowPercent: 50, Points: 20}, {BelowPercent: 25, Points: 30}}
			},
			fields: []string{"coverage[1].below_percent"},
		},
		{
			name:   "coverage band of zero percent",
			modify: func(c *Criteria) { c.Coverage = []CoverageBand{{BelowPercent: 0, Points: 20}} },
			fields: []string{"coverage[0].below_percent"},
		},
		{
			name: "boosts",
			modify: func(c *Criteria) {
				c.RegionBoosts = map[string]int{"": 1, "ASIA": 2, "AFRICA": -2000}
				c.OutcomeBoosts = map[string]int{"4": 1001}
			},
			fields: []string{"region_boosts", `region_boosts["AFRICA"]`, `outcome_boosts["4"]`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCriteria()
			tt.modify(&c)
			err := c.Validate()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidCriteria) {
				t.Fatalf("Validate() = %v, want an ErrInvalidCriteria", err)
			}
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *FieldError
				if !errors.As(e, &fe) {
					t.Fatalf("%v is not a *FieldError", e)
				}
				got = append(got, fe.Field)
				if !strings.HasPrefix(e.Error(), fe.Field+": ") {
					t.Errorf("message %q does not start with its field", e)
				}
			}
			if !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields = %q, want %q", got, tt.fields)
			}
		})
	}
}

func TestCriteriaJSON(t *testing.T) {
	c := DefaultCriteria()
	c.RegionBoosts = map[string]int{"AFRICA": 5}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"dwcp_priority":20`, `"income":{"lic":30,"lmic":20,"umic":5,"hic":0}`, `"coverage":[{"below_percent":25,"points":30}`, `"region_boosts":{"AFRICA":5}`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("JSON %s lacks %s", b, field)
		}
	}
	var back Criteria
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Errorf("round trip = %+v, want %+v", back, c)
	}
}
