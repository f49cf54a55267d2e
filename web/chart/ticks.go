package chart

import "math"

// NiceTicks returns about n evenly spaced, round tick values (steps of 1,
// 2, 2.5 or 5 times a power of ten) whose first is <= lo and last >= hi.
// A degenerate range is widened: (0, 0) gives 0 and 1.
func NiceTicks(lo, hi float64, n int) []float64 {
	if n < 2 {
		n = 2
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		if lo == 0 {
			hi = 1
		} else {
			d := math.Abs(lo) * 0.1
			lo, hi = lo-d, hi+d
			if lo > 0 && lo-d < 0 {
				lo = 0
			}
		}
	}
	step := niceStep((hi - lo) / float64(n-1))
	start := math.Floor(lo/step+1e-9) * step
	end := math.Ceil(hi/step-1e-9) * step
	var out []float64
	for i := 0; ; i++ {
		v := start + float64(i)*step
		// snap away float noise such as 0.30000000000000004
		v = snap(v, step)
		if v == 0 {
			v = 0 // no negative zero
		}
		out = append(out, v)
		if v >= end-step*1e-9 || i > 1000 {
			break
		}
	}
	return out
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 × 10^k.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / p
	switch {
	case f <= 1+1e-9:
		f = 1
	case f <= 2+1e-9:
		f = 2
	case f <= 2.5+1e-9:
		f = 2.5
	case f <= 5+1e-9:
		f = 5
	default:
		f = 10
	}
	return f * p
}

// domain is a linear scale from data values to pixels.
type domain struct {
	lo, hi   float64 // data
	a, b     float64 // pixels
	ticks    []float64
	hasValue bool
}

// newDomain makes a scale over vals, always including zero, with nice ticks.
func newDomain(vals []float64, a, b float64, nTicks int, includeZero bool) domain {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	has := len(vals) > 0
	if !has {
		lo, hi = 0, 1
	}
	if includeZero {
		lo = math.Min(lo, 0)
		hi = math.Max(hi, 0)
	}
	t := NiceTicks(lo, hi, nTicks)
	d := domain{lo: t[0], hi: t[len(t)-1], a: a, b: b, ticks: t, hasValue: has}
	// A small negative part (a surplus among gaps) should not claim a whole
	// tick step: end the scale just past the lowest value instead.
	if lo < 0 && hi > 0 && t[0] < lo {
		d.lo = lo - (hi-lo)*0.03
		for len(d.ticks) > 0 && d.ticks[0] < d.lo {
			d.ticks = d.ticks[1:]
		}
	}
	return d
}

func (d domain) px(v float64) float64 {
	if d.hi == d.lo {
		return d.a
	}
	return d.a + (v-d.lo)/(d.hi-d.lo)*(d.b-d.a)
}

// snap rounds v to the decimal places that step has, so ticks print as
// 0.3 and not 0.30000000000000004.
func snap(v, step float64) float64 {
	dec := -math.Floor(math.Log10(step)) + 1
	if dec <= 0 {
		return math.Round(v/step) * step
	}
	p := math.Pow(10, dec)
	return math.Round(v*p) / p
}
