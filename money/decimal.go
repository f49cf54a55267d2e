// Package money holds exact decimal amounts, currencies and dated conversion
// to US dollars. It does no I/O and never uses floating point.
package money

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Decimal is an exact decimal number: coef × 10^-scale. The zero value is 0.
// Values are immutable; every operation returns a new Decimal.
type Decimal struct {
	coef  *big.Int // nil means zero
	scale int32    // digits after the decimal point, never negative
}

var (
	bigTen = big.NewInt(10)
	pow10s [40]*big.Int
)

func init() {
	p := big.NewInt(1)
	for i := range pow10s {
		pow10s[i] = new(big.Int).Set(p)
		p.Mul(p, bigTen)
	}
}

func pow10(n int32) *big.Int {
	if int(n) < len(pow10s) {
		return pow10s[n]
	}
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

// Zero is the decimal 0.
var Zero = Decimal{}

// New returns coef × 10^-scale.
func New(coef int64, scale int32) Decimal {
	if scale < 0 {
		return Decimal{coef: new(big.Int).Mul(big.NewInt(coef), pow10(-scale))}
	}
	return Decimal{coef: big.NewInt(coef), scale: scale}
}

// FromInt returns the integer i as a decimal.
func FromInt(i int64) Decimal { return New(i, 0) }

// ErrSyntax is wrapped by every parse error.
var ErrSyntax = errors.New("not an exact decimal")

// Parse reads a plain decimal: an optional sign, digits, and an optional
// fraction. Exponents, thousands separators, currency symbols and spaces
// inside the number are refused, as xs:decimal refuses them.
func Parse(s string) (Decimal, error) {
	d, exp, err := parse(s, false)
	if err != nil {
		return Decimal{}, err
	}
	_ = exp
	return d, nil
}

// ParseExponent reads a decimal that may be written in exponent form
// ("1.5E6"). The value is still exact. exponent reports whether that form
// was used, so callers that must flag it can.
func ParseExponent(s string) (d Decimal, exponent bool, err error) {
	return parse(s, true)
}

// MustParse is Parse for constants known to be valid; it panics otherwise.
func MustParse(s string) Decimal {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func parse(s string, allowExp bool) (Decimal, bool, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "" {
		return Decimal{}, false, fmt.Errorf("%w: empty", ErrSyntax)
	}
	neg := false
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		neg = true
		s = s[1:]
	}
	mant, expPart, hasExp := s, "", false
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		if !allowExp {
			return Decimal{}, false, fmt.Errorf("%w: %q uses an exponent", ErrSyntax, in)
		}
		mant, expPart, hasExp = s[:i], s[i+1:], true
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if intPart == "" && frac == "" {
		return Decimal{}, false, fmt.Errorf("%w: %q has no digits", ErrSyntax, in)
	}
	digits := intPart + frac
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return Decimal{}, false, fmt.Errorf("%w: %q has %q where a digit belongs", ErrSyntax, in, digits[i])
		}
	}
	if len(frac) > 1<<20 || len(digits) > 1<<20 {
		return Decimal{}, false, fmt.Errorf("%w: %q is too long", ErrSyntax, in)
	}
	scale := int64(len(frac))
	if hasExp {
		e := expPart
		eneg := false
		if e != "" && (e[0] == '+' || e[0] == '-') {
			eneg = e[0] == '-'
			e = e[1:]
		}
		if e == "" || len(e) > 4 {
			return Decimal{}, false, fmt.Errorf("%w: %q has a bad exponent", ErrSyntax, in)
		}
		var ev int64
		for i := 0; i < len(e); i++ {
			if e[i] < '0' || e[i] > '9' {
				return Decimal{}, false, fmt.Errorf("%w: %q has a bad exponent", ErrSyntax, in)
			}
			ev = ev*10 + int64(e[i]-'0')
		}
		if eneg {
			ev = -ev
		}
		scale -= ev
	}
	c, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return Decimal{}, false, fmt.Errorf("%w: %q", ErrSyntax, in)
	}
	if neg {
		c.Neg(c)
	}
	if scale < 0 {
		c.Mul(c, pow10(int32(-scale)))
		scale = 0
	}
	if scale > 1<<16 {
		return Decimal{}, false, fmt.Errorf("%w: %q has too many decimal places", ErrSyntax, in)
	}
	return Decimal{coef: c, scale: int32(scale)}, hasExp, nil
}

func (d Decimal) c() *big.Int {
	if d.coef == nil {
		return new(big.Int)
	}
	return d.coef
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int32 { return d.scale }

// String writes d in plain notation, keeping its scale ("12.50").
func (d Decimal) String() string {
	if d.coef == nil {
		if d.scale == 0 {
			return "0"
		}
		return "0." + strings.Repeat("0", int(d.scale))
	}
	neg := d.coef.Sign() < 0
	s := new(big.Int).Abs(d.coef).String()
	if d.scale > 0 {
		if len(s) <= int(d.scale) {
			s = strings.Repeat("0", int(d.scale)-len(s)+1) + s
		}
		s = s[:len(s)-int(d.scale)] + "." + s[len(s)-int(d.scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// StringFixed writes d rounded to places digits after the point.
func (d Decimal) StringFixed(places int32) string { return d.Round(places).String() }

// Normalize drops trailing zeros after the decimal point ("12.50" → "12.5").
func (d Decimal) Normalize() Decimal {
	if d.coef == nil || d.scale == 0 {
		return Decimal{coef: d.coef}
	}
	c := new(big.Int).Set(d.coef)
	s := d.scale
	r := new(big.Int)
	q := new(big.Int)
	for s > 0 {
		q.QuoRem(c, bigTen, r)
		if r.Sign() != 0 {
			break
		}
		c.Set(q)
		s--
	}
	return Decimal{coef: c, scale: s}
}

func align(a, b Decimal) (*big.Int, *big.Int, int32) {
	switch {
	case a.scale == b.scale:
		return a.c(), b.c(), a.scale
	case a.scale < b.scale:
		return new(big.Int).Mul(a.c(), pow10(b.scale-a.scale)), b.c(), b.scale
	default:
		return a.c(), new(big.Int).Mul(b.c(), pow10(a.scale-b.scale)), a.scale
	}
}

// Add returns d + e.
func (d Decimal) Add(e Decimal) Decimal {
	x, y, s := align(d, e)
	return Decimal{coef: new(big.Int).Add(x, y), scale: s}
}

// Sub returns d − e.
func (d Decimal) Sub(e Decimal) Decimal {
	x, y, s := align(d, e)
	return Decimal{coef: new(big.Int).Sub(x, y), scale: s}
}

// Mul returns d × e, exactly.
func (d Decimal) Mul(e Decimal) Decimal {
	return Decimal{coef: new(big.Int).Mul(d.c(), e.c()), scale: d.scale + e.scale}
}

// Neg returns −d.
func (d Decimal) Neg() Decimal { return Decimal{coef: new(big.Int).Neg(d.c()), scale: d.scale} }

// Abs returns |d|.
func (d Decimal) Abs() Decimal { return Decimal{coef: new(big.Int).Abs(d.c()), scale: d.scale} }

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int {
	if d.coef == nil {
		return 0
	}
	return d.coef.Sign()
}

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.Sign() == 0 }

// Cmp compares d and e numerically: -1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int {
	x, y, _ := align(d, e)
	return x.Cmp(y)
}

// Equal reports numerical equality: 1.50 equals 1.5.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// LessThan reports d < e.
func (d Decimal) LessThan(e Decimal) bool { return d.Cmp(e) < 0 }

// GreaterThan reports d > e.
func (d Decimal) GreaterThan(e Decimal) bool { return d.Cmp(e) > 0 }

// Round returns d rounded to places digits after the point, half away from
// zero (the rule accountants use). Rounding never adds precision: a value
// with fewer places is rescaled exactly.
func (d Decimal) Round(places int32) Decimal {
	if places < 0 {
		places = 0
	}
	if d.scale <= places {
		return Decimal{coef: new(big.Int).Mul(d.c(), pow10(places-d.scale)), scale: places}
	}
	div := pow10(d.scale - places)
	q, r := new(big.Int).QuoRem(d.c(), div, new(big.Int))
	// |r|*2 >= div rounds away from zero.
	r2 := new(big.Int).Abs(r)
	r2.Lsh(r2, 1)
	if r2.Cmp(div) >= 0 {
		if d.c().Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return Decimal{coef: q, scale: places}
}

// Div returns d ÷ e rounded to places digits, half away from zero.
func (d Decimal) Div(e Decimal, places int32) (Decimal, error) {
	if e.IsZero() {
		return Decimal{}, errors.New("division by zero")
	}
	// d/e = (dc/10^ds) / (ec/10^es); compute with two guard digits.
	guard := places + 2
	num := new(big.Int).Mul(d.c(), pow10(guard+e.scale))
	den := new(big.Int).Mul(e.c(), pow10(d.scale))
	q := new(big.Int).Quo(num, den)
	// The guard digits are exact enough only if we also know whether the
	// remainder was zero; fold a sticky bit into the last guard digit.
	if new(big.Int).Mul(q, den).Cmp(num) != 0 {
		q.Mul(q, bigTen)
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
		return Decimal{coef: q, scale: guard + 1}.Round(places), nil
	}
	return Decimal{coef: q, scale: guard}.Round(places), nil
}

// Int64 returns the integer part of d, and false when it does not fit.
func (d Decimal) Int64() (int64, bool) {
	q := new(big.Int).Quo(d.c(), pow10(d.scale))
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// Cents returns d in hundredths, rounded half away from zero, and false when
// it does not fit in an int64.
func (d Decimal) Cents() (int64, bool) {
	r := d.Round(2)
	if !r.c().IsInt64() {
		return 0, false
	}
	return r.c().Int64(), true
}

// FromCents returns c hundredths.
func FromCents(c int64) Decimal { return New(c, 2) }

// Sum adds every value.
func Sum(ds ...Decimal) Decimal {
	var t Decimal
	for _, d := range ds {
		t = t.Add(d)
	}
	return t
}

// Value stores a decimal as text, so no database engine turns it into a float.
func (d Decimal) Value() (driver.Value, error) { return d.String(), nil }

// Scan reads a decimal stored as text or as an integer. Floats are refused.
func (d *Decimal) Scan(src any) error {
	switch v := src.(type) {
	case string:
		x, err := Parse(v)
		*d = x
		return err
	case []byte:
		x, err := Parse(string(v))
		*d = x
		return err
	case int64:
		*d = FromInt(v)
		return nil
	case nil:
		*d = Decimal{}
		return nil
	default:
		return fmt.Errorf("money: cannot scan %T into a decimal", src)
	}
}

// MarshalJSON writes the decimal as a JSON string, so no client reads it
// into a float by accident.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// UnmarshalJSON accepts a string or a bare number, read as exact text.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Decimal{}
		return nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	x, err := Parse(s)
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// MarshalText and UnmarshalText let decimals sit in XML attributes and forms.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a plain decimal.
func (d *Decimal) UnmarshalText(b []byte) error {
	x, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}
