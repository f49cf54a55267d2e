package money

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"math/big"

	"devcoop/codelist"
)

// USD is the reporting currency every total is converted to.
const USD = "USD"

// Money is an amount in a currency, valued on a date. The value date picks
// the exchange rate used to convert it.
type Money struct {
	Amount    Decimal   `json:"amount"`
	Currency  string    `json:"currency"`
	ValueDate time.Time `json:"value_date"`
}

// ValidCurrency reports whether code is an active ISO 4217 currency.
func ValidCurrency(code string) bool {
	return len(code) == 3 && code == strings.ToUpper(code) && codelist.Currency().Active(code)
}

func (m Money) String() string { return m.Amount.String() + " " + m.Currency }

// Split divides total among shares, in proportion to weights, so that the
// parts are whole cents and add up exactly to total. It uses the largest
// remainder method: every part gets its floor, and the cents left over go
// to the largest fractional remainders (earliest first on ties). Weights
// need not sum to 100; negative totals split symmetrically.
func Split(totalCents int64, weights []Decimal) ([]int64, error) {
	parts := make([]int64, len(weights))
	if len(weights) == 0 {
		return parts, nil
	}
	var sum Decimal
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, fmt.Errorf("weight %d is negative", i)
		}
		sum = sum.Add(w)
	}
	if sum.IsZero() {
		return nil, errors.New("weights sum to zero")
	}
	neg := totalCents < 0
	t := totalCents
	if neg {
		t = -t
	}
	T := FromInt(t)
	type rem struct {
		i int
		r Decimal
	}
	rems := make([]rem, len(weights))
	var given int64
	for i, w := range weights {
		// exact share = T*w/sum; floor it and keep the remainder exactly.
		num := T.Mul(w)
		q, r := quoRem(num, sum)
		parts[i] = q
		given += q
		rems[i] = rem{i, r}
	}
	left := t - given
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r.Cmp(rems[b].r) > 0 })
	for k := int64(0); k < left; k++ {
		parts[rems[k%int64(len(rems))].i]++
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts, nil
}

// quoRem returns floor(a/b) as an int64 and the exact remainder a − q·b, for
// non-negative a and positive b.
func quoRem(a, b Decimal) (int64, Decimal) {
	x, y, _ := align(a, b)
	q := new(big.Int).Quo(x, y)
	r := a.Sub(b.Mul(Decimal{coef: q}))
	return q.Int64(), r
}

// Rate is the value of one unit of a currency in US dollars, for a month,
// with the source it came from.
type Rate struct {
	Currency string    `json:"currency"`
	Month    time.Time `json:"month"` // first day of the month, UTC
	USDPer   Decimal   `json:"usd_per_unit"`
	Source   string    `json:"source"`
}

// MonthOf returns the first day of t's month.
func MonthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Rates is a dated exchange-rate table. For a value date it uses the rate of
// that month, or failing that the latest earlier month: rates are published
// monthly and a missing month means the last one still holds.
type Rates struct {
	by map[string][]Rate // per currency, sorted by month
}

// NewRates builds a table. Later entries for the same month replace earlier.
func NewRates(rs []Rate) *Rates {
	t := &Rates{by: map[string][]Rate{}}
	for _, r := range rs {
		r.Month = MonthOf(r.Month)
		t.by[r.Currency] = append(t.by[r.Currency], r)
	}
	for c, list := range t.by {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Month.Before(list[j].Month) })
		out := list[:0]
		for _, r := range list {
			if n := len(out); n > 0 && out[n-1].Month.Equal(r.Month) {
				out[n-1] = r
				continue
			}
			out = append(out, r)
		}
		t.by[c] = out
	}
	return t
}

// ErrNoRate is wrapped when a table has no rate for a currency and date.
var ErrNoRate = errors.New("no exchange rate")

// Lookup finds the rate for currency on date.
func (t *Rates) Lookup(currency string, date time.Time) (Rate, error) {
	if currency == USD {
		return Rate{Currency: USD, Month: MonthOf(date), USDPer: FromInt(1), Source: "identity"}, nil
	}
	list := t.by[currency]
	m := MonthOf(date)
	i := sort.Search(len(list), func(i int) bool { return list[i].Month.After(m) })
	if i == 0 {
		return Rate{}, fmt.Errorf("%w for %s on or before %s", ErrNoRate, currency, date.Format("2006-01-02"))
	}
	return list[i-1], nil
}

// All returns every rate, by currency then month.
func (t *Rates) All() []Rate {
	var cs []string
	for c := range t.by {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	var out []Rate
	for _, c := range cs {
		out = append(out, t.by[c]...)
	}
	return out
}

// Converted is an amount in US dollars with the rate that produced it.
type Converted struct {
	USD  Decimal // rounded to the cent
	Rate Rate
}

// ToUSD converts m at the rate for its value date, rounded to the cent.
func (t *Rates) ToUSD(m Money) (Converted, error) {
	r, err := t.Lookup(m.Currency, m.ValueDate)
	if err != nil {
		return Converted{}, err
	}
	return Converted{USD: m.Amount.Mul(r.USDPer).Round(2), Rate: r}, nil
}

// CentsUSD converts m and returns whole US cents.
func (t *Rates) CentsUSD(m Money) (int64, Rate, error) {
	c, err := t.ToUSD(m)
	if err != nil {
		return 0, Rate{}, err
	}
	cents, ok := c.USD.Cents()
	if !ok {
		return 0, Rate{}, fmt.Errorf("%s is too large", m)
	}
	return cents, c.Rate, nil
}
