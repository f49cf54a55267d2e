package priority

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// ErrInvalidCriteria is wrapped by every error Validate returns, so callers
// can map it to their "invalid" kind with errors.Is.
var ErrInvalidCriteria = errors.New("invalid priority criteria")

// FieldError is one problem with one field of Criteria. Field is the JSON
// path, e.g. "coverage[1].below_percent".
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Unwrap lets errors.Is match ErrInvalidCriteria.
func (e *FieldError) Unwrap() error { return ErrInvalidCriteria }

// Validate reports every problem in c, each as a *FieldError, joined with
// errors.Join; it returns nil when c is usable.
func (c Criteria) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	points := func(field string, v int) {
		if v < -MaxPoints || v > MaxPoints {
			bad(field, "%d points is outside -%d..%d", v, MaxPoints, MaxPoints)
		}
	}

	points("dwcp_priority", c.DWCPPriority)
	points("income.lic", c.Income.LIC)
	points("income.lmic", c.Income.LMIC)
	points("income.umic", c.Income.UMIC)
	points("income.hic", c.Income.HIC)
	points("oda_eligible", c.ODAEligible)

	r := c.ResultsAtRisk
	switch {
	case r.PerTarget < 0:
		bad("results_at_risk.per_target", "must not be negative, got %d", r.PerTarget)
	case r.PerTarget > MaxPoints:
		bad("results_at_risk.per_target", "%d points is above %d", r.PerTarget, MaxPoints)
	}
	switch {
	case r.MaxPoints < 0 || r.MaxPoints > MaxPoints:
		bad("results_at_risk.max_points", "%d is outside 0..%d", r.MaxPoints, MaxPoints)
	case r.PerTarget > 0 && r.MaxPoints == 0:
		bad("results_at_risk.max_points", "must be positive when per_target is set (it caps the points)")
	}
	for i, b := range r.ShareBands {
		f := fmt.Sprintf("results_at_risk.share_bands[%d]", i)
		if b.AtLeastPercent < 1 || b.AtLeastPercent > 100 {
			bad(f+".at_least_percent", "%d is outside 1..100", b.AtLeastPercent)
		}
		if i > 0 && b.AtLeastPercent <= r.ShareBands[i-1].AtLeastPercent {
			bad(f+".at_least_percent", "must be greater than the band before (%d)", r.ShareBands[i-1].AtLeastPercent)
		}
		points(f+".points", b.Points)
	}

	for i, b := range c.Coverage {
		f := fmt.Sprintf("coverage[%d]", i)
		if b.BelowPercent < 1 || b.BelowPercent > 100 {
			bad(f+".below_percent", "%d is outside 1..100", b.BelowPercent)
		}
		if i > 0 && b.BelowPercent <= c.Coverage[i-1].BelowPercent {
			bad(f+".below_percent", "must be greater than the band before (%d)", c.Coverage[i-1].BelowPercent)
		}
		points(f+".points", b.Points)
	}

	boosts := func(name string, m map[string]int) {
		// Sorted so that the same criteria always give the same error text.
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if k == "" {
				bad(name, "has an empty code")
				continue
			}
			points(fmt.Sprintf("%s[%q]", name, k), m[k])
		}
	}
	boosts("region_boosts", c.RegionBoosts)
	boosts("outcome_boosts", c.OutcomeBoosts)

	return errors.Join(errs...)
}
