package chart

import (
	"math"
	"strconv"
	"strings"

	"devcoop/money"
)

// Format says how a chart writes its figures.
type Format int

const (
	// Money writes "$1.2M" on axes and labels and "$1,234,567.89" in
	// tooltips and data tables. The currency is Options.Currency (USD when
	// empty).
	Money Format = iota
	// Number writes counts: "1.2M", "1,234,567".
	Number
	// Percent takes values that are already percentages: 72.5 → "72.5%".
	Percent
)

const minus = "\u2212" // typographic minus; screen readers say "minus"

var symbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

func currencyPrefix(cur string) string {
	cur = strings.ToUpper(strings.TrimSpace(cur))
	if cur == "" {
		return "$"
	}
	if s, ok := symbols[cur]; ok {
		return s
	}
	return cur + "\u00a0"
}

// Compact writes v briefly for labels: "$1.2M", "$450M", "−$3.5K", "12%".
// Money is in US dollars; a missing value is "–".
func Compact(v Value, f Format) string { return compact(v, f, "") }

// Exact writes v in full: "$1,234,567.89", "1,234", "72.5%". Money is
// rounded to cents, half away from zero; a missing value is "–".
func Exact(v Value, f Format) string { return exact(v, f, "") }

func compact(v Value, f Format, cur string) string {
	if !v.set {
		return "–"
	}
	// Round the exact decimal first (half away from zero, as accountants
	// do), so 11,350,000 is "$11.4M", not float's "$11.3M".
	a := v.d.Abs()
	scale := int32(0)
	for _, k := range []int32{12, 9, 6, 3} {
		if a.Cmp(money.New(1, -k)) >= 0 {
			scale = k
			break
		}
	}
	q := a
	if scale > 0 {
		q, _ = a.Div(money.New(1, -scale), 6)
	}
	places := int32(2)
	switch {
	case q.Cmp(money.FromInt(100)) >= 0:
		places = 0
	case q.Cmp(money.FromInt(10)) >= 0:
		places = 1
	}
	r := q.Round(places)
	x, err := strconv.ParseFloat(r.String(), 64)
	if err != nil {
		return compactFloat(v.f(), f, cur)
	}
	x *= math.Pow(10, float64(scale))
	if v.d.Sign() < 0 {
		x = -x
	}
	return compactFloat(x, f, cur)
}

func compactFloat(x float64, f Format, cur string) string {
	neg := x < 0
	a := math.Abs(x)
	var s string
	if f == Percent {
		s = sig3(a) + "%"
	} else {
		units := []struct {
			div float64
			suf string
		}{{1, ""}, {1e3, "K"}, {1e6, "M"}, {1e9, "B"}, {1e12, "T"}}
		i := 0
		for i+1 < len(units) && a >= units[i+1].div {
			i++
		}
		n := sig3(a / units[i].div)
		// 999,960 rounds to "1000K": say "1M" instead.
		if r, _ := strconv.ParseFloat(n, 64); r >= 1000 && i+1 < len(units) {
			i++
			n = sig3(a / units[i].div)
		}
		s = n + units[i].suf
		if f == Money {
			s = currencyPrefix(cur) + s
		}
	}
	if neg && s != "0" && !isZeroText(s) {
		return minus + s
	}
	return s
}

func isZeroText(s string) bool {
	return strings.Trim(s, "0.$%€£¥ \u00a0ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// sig3 writes a non-negative number with at most three significant digits
// (but never rounding away integer digits), trailing zeros trimmed.
func sig3(a float64) string {
	dec := 0
	switch {
	case a == 0:
		return "0"
	case a < 10:
		dec = 2
	case a < 100:
		dec = 1
	}
	s := strconv.FormatFloat(a, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func exact(v Value, f Format, cur string) string {
	if !v.set {
		return "–"
	}
	d := v.d
	switch f {
	case Money:
		d = d.Round(2)
	default:
		d = d.Normalize()
	}
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	s = b.String()
	switch f {
	case Money:
		s = currencyPrefix(cur) + s
	case Percent:
		s += "%"
	}
	if neg && !d.IsZero() {
		s = minus + s
	}
	return s
}
