package demo

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"devcoop"
	"devcoop/money"
)

// RateSource names where the demo's exchange rates come from.
const RateSource = "UN operational rates of exchange (demo)"

// The rate table covers these months; money in the demo is dated inside it
// (later dates use the last month, as the rate table does).
const (
	firstRateYear = 2012
	rateMonths    = 6 * 12
)

// rateAnchors give the value of one unit in US dollars at a few months; the
// months between are interpolated, with a little noise. The levels follow
// the history of 2012–17 for the currencies the demo's partners and
// domestic funders contract in: the euro near 1.37 early in 2014 and 1.10
// in 2015, the yen falling from 0.0125 to 0.0081.
var rateAnchors = map[string]string{
	"EUR": "2012-01 1.29 2012-07 1.23 2013-01 1.33 2013-07 1.31 2014-01 1.36 2014-05 1.38 2014-09 1.29 2014-12 1.23 2015-03 1.08 2015-06 1.12 2015-12 1.09 2016-06 1.12 2016-12 1.05 2017-06 1.12 2017-12 1.18",
	"GBP": "2012-01 1.55 2013-01 1.60 2013-07 1.52 2014-01 1.65 2014-07 1.71 2014-12 1.56 2015-04 1.48 2015-06 1.56 2015-12 1.50 2016-06 1.42 2016-07 1.31 2016-12 1.23 2017-12 1.34",
	"SEK": "2012-01 0.145 2013-01 0.155 2014-01 0.153 2014-07 0.146 2014-12 0.130 2015-03 0.116 2015-06 0.121 2016-01 0.118 2016-12 0.109 2017-12 0.120",
	"NOK": "2012-01 0.168 2013-01 0.178 2013-07 0.166 2014-01 0.162 2014-07 0.160 2014-12 0.136 2015-06 0.128 2015-12 0.115 2016-06 0.120 2017-12 0.121",
	"DKK": "2012-01 0.173 2013-01 0.178 2014-01 0.183 2014-05 0.185 2014-12 0.165 2015-03 0.145 2015-06 0.150 2015-12 0.146 2016-12 0.141 2017-12 0.159",
	"CHF": "2012-01 1.07 2013-01 1.08 2014-01 1.11 2014-12 1.02 2015-01 1.10 2015-06 1.07 2015-12 1.01 2016-12 0.98 2017-12 1.01",
	"JPY": "2012-01 0.0130 2012-10 0.0125 2013-01 0.0113 2013-06 0.0102 2014-01 0.0097 2014-10 0.0092 2014-12 0.0083 2015-06 0.0081 2015-12 0.0082 2016-06 0.0095 2016-12 0.0087 2017-12 0.0089",
	"AUD": "2012-01 1.04 2013-01 1.05 2013-07 0.91 2014-01 0.88 2014-07 0.94 2014-12 0.82 2015-06 0.77 2015-12 0.72 2016-12 0.73 2017-12 0.77",
	"CAD": "2012-01 0.99 2013-01 1.00 2014-01 0.91 2014-07 0.93 2014-12 0.86 2015-03 0.79 2015-06 0.81 2015-12 0.73 2016-12 0.75 2017-12 0.78",
	"BRL": "2012-01 0.56 2013-01 0.49 2014-01 0.42 2014-07 0.45 2014-12 0.38 2015-06 0.32 2015-12 0.26 2016-12 0.30 2017-12 0.30",
	"ARS": "2012-01 0.232 2013-01 0.202 2014-01 0.145 2014-02 0.128 2014-12 0.117 2015-06 0.110 2015-11 0.103 2015-12 0.077 2016-12 0.063 2017-12 0.055",
	"PEN": "2012-01 0.371 2013-01 0.390 2014-01 0.356 2014-12 0.335 2015-06 0.315 2015-12 0.293 2016-12 0.296 2017-12 0.308",
	"ZMW": "2012-01 0.195 2013-01 0.190 2014-01 0.180 2014-06 0.160 2014-12 0.157 2015-06 0.135 2015-11 0.080 2016-06 0.095 2016-12 0.100 2017-12 0.100",
}

// rateCurrencies lists the currencies with rates, in a fixed order.
var rateCurrencies = []string{"EUR", "GBP", "SEK", "NOK", "DKK", "CHF", "JPY", "AUD", "CAD", "BRL", "ARS", "PEN", "ZMW"}

// rateScale is the number of decimal places rates are computed with: one
// unit of a currency is worth rate / 10^8 dollars.
const rateScale = 8

// rateTable holds the generated rates as integers, for the generator's own
// sums, next to the money.Rate values that are stored.
type rateTable struct {
	monthly map[string][]int64 // per currency, per month from January 2012
	rates   []money.Rate
	lookup  *money.Rates
}

func (g *generator) exchangeRates() {
	r := newRNG(g.seed, "rates")
	t := &rateTable{monthly: map[string][]int64{}}
	for _, cur := range rateCurrencies {
		f := strings.Fields(rateAnchors[cur])
		type anchor struct {
			month int
			value int64
		}
		var as []anchor
		for i := 0; i+1 < len(f); i += 2 {
			m, err := time.Parse("2006-01", f[i])
			if err != nil {
				panic(err)
			}
			as = append(as, anchor{(m.Year()-firstRateYear)*12 + int(m.Month()) - 1, parseScaled(f[i+1])})
		}
		vals := make([]int64, rateMonths)
		for m := range vals {
			var v int64
			switch {
			case m <= as[0].month:
				v = as[0].value
			case m >= as[len(as)-1].month:
				v = as[len(as)-1].value
			default:
				k := 0
				for as[k+1].month < m {
					k++
				}
				a, b := as[k], as[k+1]
				v = a.value + (b.value-a.value)*int64(m-a.month)/int64(b.month-a.month)
			}
			v = significant(r.jitter(v, 1)/2+v/2, 5)
			vals[m] = v
			t.rates = append(t.rates, money.Rate{Currency: cur, Month: time.Date(firstRateYear+m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC),
				USDPer: money.New(v, rateScale).Normalize(), Source: RateSource})
		}
		t.monthly[cur] = vals
	}
	t.lookup = money.NewRates(t.rates)
	g.rates = t
	g.p.rates = t.rates
}

// parseScaled reads a decimal constant into units of 10^-8.
func parseScaled(s string) int64 {
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + strings.Repeat("0", rateScale))[:rateScale]
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		panic(err)
	}
	return v
}

// significant rounds v to n significant digits.
func significant(v int64, n int) int64 {
	digits := len(strconv.FormatInt(v, 10))
	if digits <= n {
		return v
	}
	p := int64(1)
	for i := 0; i < digits-n; i++ {
		p *= 10
	}
	return (v + p/2) / p * p
}

// usdPer returns the rate of cur on d, in units of 10^-8 dollars.
func (t *rateTable) usdPer(cur string, d devcoop.Date) int64 {
	if cur == money.USD {
		return 100_000_000
	}
	vals, ok := t.monthly[cur]
	if !ok {
		panic("demo: no exchange rates for " + cur)
	}
	m := (d.Year()-firstRateYear)*12 + int(d.Month()) - 1
	return vals[max(0, min(m, rateMonths-1))]
}

// minorDigits is the number of decimal places amounts in cur carry.
func minorDigits(cur string) int32 {
	if cur == "JPY" {
		return 0
	}
	return 2
}

// convert turns an amount in minor units of one currency into minor units
// of another at the rates of date d, rounding half up.
func (t *rateTable) convert(minor int64, from, to string, d devcoop.Date) int64 {
	if from == to {
		return minor
	}
	num := new(big.Int).Mul(big.NewInt(minor), big.NewInt(t.usdPer(from, d)))
	num.Mul(num, pow10(minorDigits(to)))
	den := new(big.Int).Mul(big.NewInt(t.usdPer(to, d)), pow10(minorDigits(from)))
	num.Mul(num, big.NewInt(2))
	num.Add(num, den)
	den.Mul(den, big.NewInt(2))
	return new(big.Int).Quo(num, den).Int64()
}

func pow10(n int32) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// fromUSD turns whole dollars into minor units of cur on d.
func (t *rateTable) fromUSD(dollars int64, cur string, d devcoop.Date) int64 {
	return t.convert(dollars*100, money.USD, cur, d)
}
