// Package priority scores the components of an outcome-based workplan (a
// country or CPO, a region, or the global component) so that un-earmarked
// money can be offered to them in a defensible order.
//
// The score is a sum of whole points, one term per criterion, so it is exact
// and the same facts always give the same score. Every term that adds or
// removes points comes back as a Reason with a plain-English text, so the
// people who read an allocation can see why a component came first. The
// criteria and their points are configuration (Criteria, JSON-serialisable)
// that an administrator may change; DefaultCriteria gives a sensible start.
//
// The package is pure: no I/O, no clock, no randomness.
package priority

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
)

// IncomeGroup is the World Bank income classification of a country.
type IncomeGroup string

// The income groups that Criteria gives points for. Any other value, the
// empty string included, earns no income points.
const (
	LowIncome         IncomeGroup = "LIC"
	LowerMiddleIncome IncomeGroup = "LMIC"
	UpperMiddleIncome IncomeGroup = "UMIC"
	HighIncome        IncomeGroup = "HIC"
)

// Criterion names, used in Reason.Criterion and as the JSON field of the
// rule that produced the reason.
const (
	CritDWCP     = "dwcp_priority"
	CritIncome   = "income"
	CritODA      = "oda_eligible"
	CritAtRisk   = "results_at_risk"
	CritCoverage = "coverage"
	CritRegion   = "region_boosts"
	CritOutcome  = "outcome_boosts"
)

// Input is what the scorer knows about one component. Facts that do not
// apply (a region or global component has no income group) are left zero.
type Input struct {
	// Key identifies the component uniquely and breaks ties in Rank,
	// for example "4/KE" for outcome 4 in Kenya.
	Key     string
	Outcome string
	Region  string
	Country string

	DWCPPriority bool        // the country has a Decent Work Country Programme it prioritises
	Income       IncomeGroup // LIC, LMIC, UMIC, HIC or empty
	ODAEligible  bool        // on the OECD DAC list of ODA recipients

	Targets       int // results targeted by the workplan in this component
	TargetsAtRisk int // of those, how many are reported at risk

	Required  int64 // resources required, USD cents
	Available int64 // resources available, USD cents
}

// IncomePoints are the points for each income group.
type IncomePoints struct {
	LIC  int `json:"lic"`
	LMIC int `json:"lmic"`
	UMIC int `json:"umic"`
	HIC  int `json:"hic"`
}

// AtRiskRule scores results at risk, by count, by share, or both: both
// terms are added when both are set.
type AtRiskRule struct {
	// PerTarget points for each target at risk, at most MaxPoints in all.
	PerTarget int `json:"per_target"`
	MaxPoints int `json:"max_points"`
	// ShareBands give points when at least a share of the targets is at
	// risk. They are listed by AtLeastPercent ascending; the highest band
	// reached applies.
	ShareBands []ShareBand `json:"share_bands,omitempty"`
}

// ShareBand gives Points when at least AtLeastPercent of the targets are at
// risk.
type ShareBand struct {
	AtLeastPercent int `json:"at_least_percent"`
	Points         int `json:"points"`
}

// CoverageBand gives Points when coverage (available ÷ required) is below
// BelowPercent. Bands are listed by BelowPercent ascending; the first band
// the coverage falls under applies, so the least-covered get the most.
type CoverageBand struct {
	BelowPercent int `json:"below_percent"`
	Points       int `json:"points"`
}

// Criteria are the administrator's rules. Points may be negative (a
// penalty) but are bounded by MaxPoints so that scores stay readable.
type Criteria struct {
	DWCPPriority  int            `json:"dwcp_priority"`
	Income        IncomePoints   `json:"income"`
	ODAEligible   int            `json:"oda_eligible"`
	ResultsAtRisk AtRiskRule     `json:"results_at_risk"`
	Coverage      []CoverageBand `json:"coverage"`
	// RegionBoosts and OutcomeBoosts add points to every component of a
	// region or an outcome, keyed by the same codes as Input.Region and
	// Input.Outcome.
	RegionBoosts  map[string]int `json:"region_boosts,omitempty"`
	OutcomeBoosts map[string]int `json:"outcome_boosts,omitempty"`
}

// MaxPoints bounds the absolute value of every configured number of points.
const MaxPoints = 1000

// DefaultCriteria favours low-income, ODA-eligible DWCP countries whose
// results are at risk and whose workplans are least covered, in line with
// how RBSA is meant to be used.
func DefaultCriteria() Criteria {
	return Criteria{
		DWCPPriority:  20,
		Income:        IncomePoints{LIC: 30, LMIC: 20, UMIC: 5, HIC: 0},
		ODAEligible:   10,
		ResultsAtRisk: AtRiskRule{PerTarget: 5, MaxPoints: 25},
		Coverage: []CoverageBand{
			{BelowPercent: 25, Points: 30},
			{BelowPercent: 50, Points: 20},
			{BelowPercent: 75, Points: 10},
		},
	}
}

// Reason is one criterion's contribution to a score.
type Reason struct {
	Criterion string `json:"criterion"`
	Points    int    `json:"points"`
	Text      string `json:"text"` // e.g. "Low-income country: +30"
}

// Result is a component's score with the reasons that make it up.
type Result struct {
	Key     string   `json:"key"`
	Score   int      `json:"score"`
	Reasons []Reason `json:"reasons"`
	// Rank is 1 for the highest score; it is set by Rank and is 0 before.
	Rank int `json:"rank,omitempty"`
}

// Texts returns the reasons' texts, in order.
func (r Result) Texts() []string {
	out := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		out[i] = x.Text
	}
	return out
}

// Score applies c to in. Only criteria that add or remove points give a
// Reason, in the fixed order of the Criteria fields. c should have passed
// Validate; Score does not panic when it has not, but an unordered band list
// is then read in the order given.
func Score(in Input, c Criteria) Result {
	res := Result{Key: in.Key}
	add := func(crit string, pts int, text string) {
		if pts == 0 {
			return
		}
		res.Score += pts
		res.Reasons = append(res.Reasons, Reason{Criterion: crit, Points: pts, Text: fmt.Sprintf("%s: %+d", text, pts)})
	}

	if in.DWCPPriority {
		add(CritDWCP, c.DWCPPriority, "DWCP priority country")
	}
	switch in.Income {
	case LowIncome:
		add(CritIncome, c.Income.LIC, "Low-income country")
	case LowerMiddleIncome:
		add(CritIncome, c.Income.LMIC, "Lower-middle-income country")
	case UpperMiddleIncome:
		add(CritIncome, c.Income.UMIC, "Upper-middle-income country")
	case HighIncome:
		add(CritIncome, c.Income.HIC, "High-income country")
	}
	if in.ODAEligible {
		add(CritODA, c.ODAEligible, "ODA-eligible")
	}

	r := c.ResultsAtRisk
	if in.TargetsAtRisk > 0 && r.PerTarget > 0 && r.MaxPoints > 0 {
		pts := r.MaxPoints
		// Compare before multiplying so that a huge count cannot overflow.
		if in.TargetsAtRisk <= r.MaxPoints/r.PerTarget {
			pts = r.PerTarget * in.TargetsAtRisk
		}
		add(CritAtRisk, pts, fmt.Sprintf("%s at risk", plural(in.TargetsAtRisk, "target")))
	}
	if in.TargetsAtRisk > 0 && in.Targets > 0 && len(r.ShareBands) > 0 {
		at := min(in.TargetsAtRisk, in.Targets)
		pct := floorPercent(int64(at), int64(in.Targets))
		var band *ShareBand
		for i := range r.ShareBands {
			if pct >= int64(r.ShareBands[i].AtLeastPercent) {
				band = &r.ShareBands[i]
			}
		}
		if band != nil {
			add(CritAtRisk, band.Points, fmt.Sprintf("%d of %d targets at risk (%d%%, at least %d%%)",
				at, in.Targets, pct, band.AtLeastPercent))
		}
	}

	if in.Required > 0 {
		avail := max(in.Available, 0)
		// The displayed percentage is floored, which keeps it consistent
		// with the band test: coverage < B exactly when floor(coverage) < B
		// for a whole number B.
		pct := floorPercent(avail, in.Required)
		for _, b := range c.Coverage {
			if pct < int64(b.BelowPercent) {
				add(CritCoverage, b.Points, fmt.Sprintf("Coverage %d%% (below %d%%)", pct, b.BelowPercent))
				break
			}
		}
	}

	if in.Region != "" {
		add(CritRegion, c.RegionBoosts[in.Region], "Region "+in.Region)
	}
	if in.Outcome != "" {
		add(CritOutcome, c.OutcomeBoosts[in.Outcome], "Outcome "+in.Outcome)
	}
	return res
}

// floorPercent is ⌊100·a/b⌋ for a ≥ 0, b > 0, exact for any int64 inputs.
func floorPercent(a, b int64) int64 {
	if a <= (1<<62)/100 {
		return a * 100 / b
	}
	q := new(big.Int).Mul(big.NewInt(a), big.NewInt(100))
	return q.Quo(q, big.NewInt(b)).Int64()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Rank returns rs ordered by score, highest first, with Rank set. Equal
// scores share a rank ("1, 2, 2, 4") and are listed by Key, so the order
// never depends on the order of the input. rs is not modified.
func Rank(rs []Result) []Result {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b Result) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	for i := range out {
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
