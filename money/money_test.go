package money

import (
	"errors"
	"math/rand"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"0", "0", true},
		{"12.50", "12.50", true},
		{"-0.01", "-0.01", true},
		{"+7", "7", true},
		{".5", "0.5", true},
		{"5.", "5", true},
		{"123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789", true},
		{"", "", false},
		{"-", "", false},
		{".", "", false},
		{"1e5", "", false},
		{"1,000", "", false},
		{"$5", "", false},
		{"1.2.3", "", false},
		{"12 3", "", false},
		{"abc", "", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := Parse(c.in)
			if (err == nil) != c.ok {
				t.Fatalf("Parse(%q) error = %v, want ok=%v", c.in, err, c.ok)
			}
			if err != nil && !errors.Is(err, ErrSyntax) {
				t.Errorf("error %v does not wrap ErrSyntax", err)
			}
			if c.ok && d.String() != c.want {
				t.Errorf("Parse(%q) = %s, want %s", c.in, d, c.want)
			}
		})
	}
}

func TestParseExponent(t *testing.T) {
	for in, want := range map[string]string{"1e-10": "0.0000000001", "1.5E6": "1500000", "-2.5e+2": "-250", "42": "42"} {
		d, exp, err := ParseExponent(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseExponent(%q) = %s, %v; want %s", in, d, err, want)
		}
		if exp != (in != "42") {
			t.Errorf("ParseExponent(%q) exponent = %v", in, exp)
		}
	}
}

func TestArithmetic(t *testing.T) {
	a, b := MustParse("0.1"), MustParse("0.2")
	if got := a.Add(b); !got.Equal(MustParse("0.3")) {
		t.Errorf("0.1+0.2 = %s", got)
	}
	if got := MustParse("10").Sub(MustParse("0.01")); got.String() != "9.99" {
		t.Errorf("10-0.01 = %s", got)
	}
	if got := MustParse("1.5").Mul(MustParse("1.5")); got.String() != "2.25" {
		t.Errorf("1.5*1.5 = %s", got)
	}
	if !MustParse("1.50").Equal(MustParse("1.5")) || MustParse("1.5").Cmp(MustParse("1.49")) != 1 {
		t.Error("comparison broken")
	}
	if got := MustParse("12.500").Normalize().String(); got != "12.5" {
		t.Errorf("normalize = %s", got)
	}
}

func TestRound(t *testing.T) {
	cases := map[string]string{"0.005": "0.01", "0.004": "0.00", "-0.005": "-0.01", "2.345": "2.35", "2": "2.00", "-1.994": "-1.99"}
	for in, want := range cases {
		if got := MustParse(in).Round(2).String(); got != want {
			t.Errorf("Round(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestDiv(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"1", "3", "0.33"},
		{"2", "3", "0.67"},
		{"-2", "3", "-0.67"},
		{"0.125", "1", "0.13"},
		{"1", "8", "0.13"},
		{"100", "4", "25.00"},
	}
	for _, c := range cases {
		got, err := MustParse(c.a).Div(MustParse(c.b), 2)
		if err != nil || got.String() != c.want {
			t.Errorf("%s/%s = %s, %v; want %s", c.a, c.b, got, err, c.want)
		}
	}
	if _, err := FromInt(1).Div(Zero, 2); err == nil {
		t.Error("division by zero accepted")
	}
}

func TestSplitReconciles(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		total := r.Int63n(1e12) - 5e11
		k := 1 + r.Intn(7)
		ws := make([]Decimal, k)
		for i := range ws {
			ws[i] = New(r.Int63n(10000), 2)
		}
		ws[0] = ws[0].Add(FromInt(1))
		parts, err := Split(total, ws)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, p := range parts {
			sum += p
		}
		if sum != total {
			t.Fatalf("split of %d by %v sums to %d", total, ws, sum)
		}
	}
}

func TestSplitProportional(t *testing.T) {
	parts, err := Split(100, []Decimal{FromInt(1), FromInt(1), FromInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	if parts[0] != 34 || parts[1] != 33 || parts[2] != 33 {
		t.Errorf("split 100 in thirds = %v", parts)
	}
	parts, _ = Split(-100, []Decimal{FromInt(60), FromInt(40)})
	if parts[0] != -60 || parts[1] != -40 {
		t.Errorf("negative split = %v", parts)
	}
	if _, err := Split(1, []Decimal{FromInt(-1), FromInt(2)}); err == nil {
		t.Error("negative weight accepted")
	}
}

func TestRates(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse("2006-01-02", s); return x }
	rt := NewRates([]Rate{
		{Currency: "EUR", Month: d("2014-01-01"), USDPer: MustParse("1.3612"), Source: "UN operational"},
		{Currency: "EUR", Month: d("2014-03-01"), USDPer: MustParse("1.3802"), Source: "UN operational"},
	})
	if _, err := rt.Lookup("EUR", d("2013-12-31")); !errors.Is(err, ErrNoRate) {
		t.Errorf("rate before table: %v", err)
	}
	r, err := rt.Lookup("EUR", d("2014-02-15"))
	if err != nil || r.USDPer.String() != "1.3612" {
		t.Errorf("February uses January's rate: got %v %v", r, err)
	}
	c, err := rt.ToUSD(Money{Amount: MustParse("1000000.00"), Currency: "EUR", ValueDate: d("2014-03-31")})
	if err != nil || c.USD.String() != "1380200.00" || c.Rate.Source != "UN operational" {
		t.Errorf("ToUSD = %v, %v", c, err)
	}
	if c, _ := rt.ToUSD(Money{Amount: MustParse("5"), Currency: USD, ValueDate: d("2020-01-01")}); c.USD.String() != "5.00" {
		t.Errorf("USD identity = %s", c.USD)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-3.25", "1e9", "abc", "", ".", "9999999999999999999999.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(d.String())
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %s → %v %v", s, d, back, err)
		}
		if _, _, err := ParseExponent(s); err != nil {
			t.Fatalf("ParseExponent refused what Parse took: %q", s)
		}
	})
}
