package chart

import (
	"math"
	"strconv"
	"strings"

	"devcoop/money"
)

// Value is an exact figure to chart. The zero Value is "missing" (drawn as a
// gap or "no data"), which is different from Cents(0).
type Value struct {
	d   money.Decimal
	set bool
}

// Cents is an amount in hundredths, e.g. Cents(123456) is 1,234.56.
func Cents(c int64) Value { return Value{d: money.FromCents(c), set: true} }

// Int is a whole number, e.g. a count of projects.
func Int(n int64) Value { return Value{d: money.FromInt(n), set: true} }

// Dec is an exact decimal string such as "1234.56" or "-20". A string that
// is not a plain decimal gives a missing Value; use ParseValue to see errors.
func Dec(s string) Value {
	v, err := ParseValue(s)
	if err != nil {
		return Value{}
	}
	return v
}

// ParseValue reads an exact decimal string.
func ParseValue(s string) (Value, error) {
	d, err := money.Parse(strings.TrimSpace(s))
	if err != nil {
		return Value{}, err
	}
	return Value{d: d, set: true}, nil
}

// FromDecimal wraps a money.Decimal.
func FromDecimal(d money.Decimal) Value { return Value{d: d, set: true} }

// Missing is an explicit missing value (the same as Value{}).
var Missing = Value{}

// OK reports whether the value is present.
func (v Value) OK() bool { return v.set }

// Decimal returns the exact value (zero when missing).
func (v Value) Decimal() money.Decimal { return v.d }

func (v Value) sign() int {
	if !v.set {
		return 0
	}
	return v.d.Sign()
}

// f is the value as a float, for geometry only.
func (v Value) f() float64 {
	if !v.set {
		return 0
	}
	x, err := strconv.ParseFloat(v.d.String(), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

func sumValues(vs []Value) Value {
	var s money.Decimal
	any := false
	for _, v := range vs {
		if v.set {
			s = s.Add(v.d)
			any = true
		}
	}
	return Value{d: s, set: any}
}
