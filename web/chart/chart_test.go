package chart

import (
	"encoding/xml"
	"html/template"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed element, enough to count and inspect charts.
type node struct {
	name  string
	attrs map[string]string
	text  string
}

// parse checks that h is well-formed XML and returns its elements in order.
func parse(t *testing.T, h template.HTML) []node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader("<root>" + string(h) + "</root>"))
	dec.Strict = true
	var out []node
	var stack []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, h)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			nd := node{name: e.Name.Local, attrs: map[string]string{}}
			for _, a := range e.Attr {
				nd.attrs[a.Name.Local] = a.Value
			}
			out = append(out, nd)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(e)
			}
		}
	}
	return out
}

func count(ns []node, name, class string) int {
	c := 0
	for _, nd := range ns {
		if nd.name != name {
			continue
		}
		if class == "" || hasClass(nd.attrs["class"], class) {
			c++
		}
	}
	return c
}

func hasClass(attr, c string) bool {
	for _, f := range strings.Fields(attr) {
		if f == c {
			return true
		}
	}
	return false
}

func texts(ns []node, name string) []string {
	var out []string
	for _, nd := range ns {
		if nd.name == name {
			out = append(out, nd.text)
		}
	}
	return out
}

// checkSVG asserts the accessibility basics every chart shares.
func checkSVG(t *testing.T, h template.HTML, title string) []node {
	t.Helper()
	ns := parse(t, h)
	var svg *node
	for i := range ns {
		if ns[i].name == "svg" {
			svg = &ns[i]
			break
		}
	}
	if svg == nil {
		t.Fatalf("no <svg> in %s", h)
	}
	if svg.attrs["role"] != "img" {
		t.Errorf("svg role = %q", svg.attrs["role"])
	}
	if svg.attrs["aria-label"] == "" || !strings.HasPrefix(svg.attrs["aria-label"], title) {
		t.Errorf("svg aria-label = %q, want prefix %q", svg.attrs["aria-label"], title)
	}
	if !regexp.MustCompile(`^0 0 \d+ \d+$`).MatchString(svg.attrs["viewBox"]) {
		t.Errorf("viewBox = %q", svg.attrs["viewBox"])
	}
	if ts := texts(ns, "title"); len(ts) == 0 || !strings.HasPrefix(ts[0], title) {
		t.Errorf("first <title> = %v, want %q", ts, title)
	}
	s := string(h)
	for _, bad := range []string{"NaN", "Inf", "<script"} {
		if strings.Contains(s, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	return ns
}

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 100, 5, []float64{0, 25, 50, 75, 100}},
		{0, 1, 6, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 0, 5, []float64{0, 0.25, 0.5, 0.75, 1}},
		{0, 1234567, 5, []float64{0, 500000, 1e6, 1.5e6}},
		{0, 48.2e6, 5, []float64{0, 20e6, 40e6, 60e6}},
		{-1.55e6, 25.6e6, 5, []float64{-10e6, 0, 10e6, 20e6, 30e6}},
		{-30, 70, 5, []float64{-50, -25, 0, 25, 50, 75}},
		{3, 97, 11, []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}},
		{0.1, 0.3, 3, []float64{0.1, 0.2, 0.3}},
		{-5, -1, 5, []float64{-5, -4, -3, -2, -1}},
		{450e6, 450e6, 5, []float64{400e6, 425e6, 450e6, 475e6, 500e6}},
		{0, 9.2e15, 5, []float64{0, 2.5e15, 5e15, 7.5e15, 1e16}},
	}
	for _, c := range cases {
		got := NiceTicks(c.lo, c.hi, c.n)
		if len(got) != len(c.want) {
			t.Errorf("NiceTicks(%g, %g, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-9*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("NiceTicks(%g, %g, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
				break
			}
		}
		if got[0] > c.lo || got[len(got)-1] < c.hi {
			t.Errorf("NiceTicks(%g, %g) = %v does not cover the range", c.lo, c.hi, got)
		}
	}
	if got := NiceTicks(math.NaN(), 5, 5); len(got) < 2 {
		t.Errorf("NaN range: %v", got)
	}
}

func TestCompact(t *testing.T) {
	cases := []struct {
		v    Value
		f    Format
		want string
	}{
		{Cents(120000000), Money, "$1.2M"},
		{Dec("450000000"), Money, "$450M"},
		{Dec("449999999.99"), Money, "$450M"},
		{Dec("999999"), Money, "$1M"},
		{Dec("999.6"), Money, "$1K"},
		{Dec("12345"), Money, "$12.3K"},
		{Dec("1550000"), Money, "$1.55M"},
		{Dec("-1550000"), Money, "−$1.55M"},
		{Dec("2500000000"), Money, "$2.5B"},
		{Dec("7200000000000"), Money, "$7.2T"},
		{Dec("0"), Money, "$0"},
		{Dec("-0.001"), Money, "$0"},
		{Dec("0.5"), Money, "$0.5"},
		{Dec("11350000"), Money, "$11.4M"},
		{Dec("-11350000"), Money, "−$11.4M"},
		{Dec("0.005"), Money, "$0.01"},
		{Int(1234), Number, "1.23K"},
		{Dec("72.5"), Percent, "72.5%"},
		{Dec("100"), Percent, "100%"},
		{Value{}, Money, "–"},
	}
	for _, c := range cases {
		if got := Compact(c.v, c.f); got != c.want {
			t.Errorf("Compact(%s, %d) = %q, want %q", c.v.Decimal(), c.f, got, c.want)
		}
	}
	if got := compact(Dec("1200000"), Money, "EUR"); got != "€1.2M" {
		t.Errorf("EUR: %q", got)
	}
	if got := compact(Dec("1200000"), Money, "CHF"); got != "CHF\u00a01.2M" {
		t.Errorf("CHF: %q", got)
	}
}

func TestExact(t *testing.T) {
	cases := []struct {
		v    Value
		f    Format
		want string
	}{
		{Cents(123456789), Money, "$1,234,567.89"},
		{Dec("1234567.891"), Money, "$1,234,567.89"},
		{Dec("-1000"), Money, "−$1,000.00"},
		{Dec("12345678901234567890.5"), Money, "$12,345,678,901,234,567,890.50"},
		{Int(1234), Number, "1,234"},
		{Dec("100"), Number, "100"},
		{Dec("33.30"), Percent, "33.3%"},
		{Dec("-0.001"), Money, "$0.00"},
		{Value{}, Money, "–"},
	}
	for _, c := range cases {
		if got := Exact(c.v, c.f); got != c.want {
			t.Errorf("Exact(%s) = %q, want %q", c.v.Decimal(), got, c.want)
		}
	}
}

func TestValue(t *testing.T) {
	if Dec("1,000").OK() || Dec("1e6").OK() || Dec("abc").OK() {
		t.Error("Dec accepted a non-decimal")
	}
	if _, err := ParseValue("12.x"); err == nil {
		t.Error("ParseValue accepted 12.x")
	}
	if !Cents(0).OK() || Missing.OK() {
		t.Error("zero must be present and Missing absent")
	}
	if Dec(" 12.50 ").Decimal().String() != "12.50" {
		t.Error("Dec lost exactness")
	}
}

var gapBars = []Bar{
	{Label: "Employment promotion", Value: Dec("11350000"), Href: "/gaps?o=1"},
	{Label: "Standards", Value: Dec("1600000")},
	{Label: "Social protection", Value: Dec("25550000"), Href: "/gaps?o=3"},
	{Label: "Enterprises (surplus)", Value: Dec("-1550000")},
	{Label: "Zero", Value: Cents(0)},
}

func TestHBar(t *testing.T) {
	h := HBar("Gap by outcome", gapBars, Options{})
	ns := checkSVG(t, h, "Gap by outcome")
	if got := count(ns, "rect", "bar"); got != len(gapBars) {
		t.Errorf("%d bars, want %d", got, len(gapBars))
	}
	if got := count(ns, "a", "chart-link"); got != 2 {
		t.Errorf("%d links in svg, want 2", got)
	}
	// one title for the svg, one per bar
	if got := count(ns, "title", ""); got != 1+len(gapBars) {
		t.Errorf("%d titles, want %d", got, 1+len(gapBars))
	}
	s := string(h)
	for _, want := range []string{"$11.4M", "−$1.55M", "$25,550,000.00", `href="/gaps?o=3"`, "Data table"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q", want)
		}
	}
	// The negative bar lies left of the zero bar's x.
	var xs []float64
	for _, nd := range ns {
		if nd.name == "rect" && hasClass(nd.attrs["class"], "bar") {
			x, _ := strconv.ParseFloat(nd.attrs["x"], 64)
			xs = append(xs, x)
		}
	}
	if !(xs[3] < xs[4]) {
		t.Errorf("negative bar x %v not left of zero at %v", xs[3], xs[4])
	}
	if !strings.Contains(string(HBar("t", gapBars, Options{NoTable: true})), "<svg") ||
		strings.Contains(string(HBar("t", gapBars, Options{NoTable: true})), "<table") {
		t.Error("NoTable did not drop the table")
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script> & 'q'`
	outs := []template.HTML{
		HBar(evil, []Bar{{Label: evil, Value: Int(1), Href: "javascript:alert(1)"}}, Options{}),
		GroupedBar(evil, []string{evil}, []Series{{Name: evil, Values: []Value{Int(1)}}}, Options{}),
		StackedBar(evil, []string{evil}, []Series{{Name: evil, Values: []Value{Int(1)}, Color: `red" onload="x`}}, Options{}),
		Columns(evil, []Bar{{Label: evil, Value: Int(3)}}, Options{TargetLabel: evil, Target: Int(2)}),
		Line(evil, []string{evil, "b"}, []LineSeries{{Name: evil, Values: []Value{Int(1), Int(2)}}}, Options{}),
		Donut(evil, []Slice{{Label: evil, Value: Int(1), Href: " JavaScript:alert(1)"}}, Options{}),
		Bullet(evil, Int(1), Int(2), Options{Desc: evil}),
		Sparkline(evil, []Value{Int(1), Int(2)}, Options{}),
		WorldMap(map[string]Value{"KE": Int(1)}, MapOptions{Title: evil, LegendTitle: evil, Link: func(string) string { return "javascript:x" }}),
		HBar(evil, nil, Options{Empty: evil}),
	}
	for i, h := range outs {
		ns := parse(t, h)
		s := string(h)
		if strings.Contains(s, "<script") || strings.Contains(strings.ToLower(s), "javascript:") || strings.Contains(s, "onload") {
			t.Errorf("chart %d let markup or a script URL through:\n%s", i, s)
		}
		if !strings.Contains(s, "&lt;script&gt;") {
			t.Errorf("chart %d: label not escaped-and-kept", i)
		}
		if count(ns, "script", "") != 0 {
			t.Errorf("chart %d has a <script> element", i)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"/projects?country=KE":   "/projects?country=KE",
		"https://iatiregistry.x": "https://iatiregistry.x",
		"javascript:alert(1)":    "#",
		"data:text/html,x":       "#",
		"java\tscript:x":         "#",
		"":                       "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmpty(t *testing.T) {
	outs := map[string]template.HTML{
		"hbar":     HBar("A", nil, Options{}),
		"hbar-nil": HBar("A", []Bar{{Label: "x"}}, Options{}),
		"grouped":  GroupedBar("A", []string{"x"}, nil, Options{}),
		"stacked":  StackedBar("A", nil, nil, Options{}),
		"columns":  Columns("A", nil, Options{}),
		"line":     Line("A", nil, nil, Options{}),
		"donut":    Donut("A", []Slice{{Label: "x", Value: Int(0)}}, Options{}),
		"bullet":   Bullet("A", Value{}, Value{}, Options{}),
	}
	for name, h := range outs {
		checkSVG(t, h, "A")
		if !strings.Contains(string(h), "No data") {
			t.Errorf("%s: no empty message", name)
		}
	}
	sp := Sparkline("A", nil, Options{})
	checkSVG(t, sp, "A")
	m := WorldMap(nil, MapOptions{Title: "A"})
	ns := checkSVG(t, m, "A")
	if count(ns, "path", "country") < 150 {
		t.Error("empty map should still draw the countries")
	}
}

func TestGroupedAndStacked(t *testing.T) {
	cats := []string{"Outcome 1", "Outcome 2", "Outcome 3"}
	series := []Series{
		{Name: "Required", Values: []Value{Dec("48200000"), Dec("31500000"), Dec("0")}},
		{Name: "Available", Values: []Value{Dec("36850000"), Dec("29900000")}}, // short: third missing
		{Name: "Gap", Values: []Value{Dec("11350000"), Dec("1600000"), Dec("-250000")}, Hrefs: []string{"/g/1"}},
	}
	g := GroupedBar("Required vs available", cats, series, Options{})
	ns := checkSVG(t, g, "Required vs available")
	if got := count(ns, "rect", "bar"); got != 8 { // 9 values, one missing
		t.Errorf("grouped: %d bars, want 8", got)
	}
	if got := count(ns, "g", "legend-item"); got != 3 {
		t.Errorf("grouped: %d legend items, want 3", got)
	}
	st := StackedBar("By source", cats, series, Options{})
	ns = checkSVG(t, st, "By source")
	if got := count(ns, "rect", "bar"); got != 7 { // zero and missing values draw nothing
		t.Errorf("stacked: %d bars, want 7", got)
	}
	// first row: 48,200,000 + 36,850,000 + 11,350,000 = 96,400,000
	if !strings.Contains(string(st), "$96.4M") || !strings.Contains(string(st), "$96,400,000.00") {
		t.Errorf("stacked total missing")
	}
}

func TestColumnsAndLine(t *testing.T) {
	var bars []Bar
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i, m := range months {
		bars = append(bars, Bar{Label: m, Value: Int(int64(i*1000 - 3000))})
	}
	c := Columns("Monthly", bars, Options{Target: Int(5000)})
	ns := checkSVG(t, c, "Monthly")
	if got := count(ns, "rect", "bar"); got != 12 {
		t.Errorf("columns: %d, want 12", got)
	}
	if count(ns, "g", "target") != 1 {
		t.Error("columns: no target line")
	}
	vals := make([]Value, 12)
	for i := range vals {
		if i != 4 {
			vals[i] = Cents(int64(i) * 1e8)
		}
	}
	l := Line("Cumulative", months, []LineSeries{
		{Name: "Signed", Values: vals, Area: true, ForecastFrom: 9},
		{Name: "Target", Values: vals, Dashed: true},
	}, Options{Target: Dec("12000000")})
	ns = checkSVG(t, l, "Cumulative")
	if got := count(ns, "circle", "point"); got != 22 {
		t.Errorf("line: %d points, want 22", got)
	}
	if count(ns, "path", "forecast") != 1 {
		t.Error("line: no forecast segment")
	}
	// the gap at index 4 splits the area into two runs
	if got := count(ns, "path", "area"); got != 2 {
		t.Errorf("line: %d areas, want 2", got)
	}
}

func TestDonutAndBullet(t *testing.T) {
	d := Donut("Modality", []Slice{
		{Label: "XBDC", Value: Dec("412500000")},
		{Label: "RB", Value: Dec("160300000")},
		{Label: "Negative", Value: Dec("-5")},
		{Label: "Zero", Value: Int(0)},
	}, Options{})
	ns := checkSVG(t, d, "Modality")
	if got := count(ns, "path", "slice"); got != 2 {
		t.Errorf("donut: %d slices, want 2", got)
	}
	if got := count(ns, "g", "legend-item"); got != 4 {
		t.Errorf("donut: %d legend items, want 4", got)
	}
	if !strings.Contains(string(d), "72%") { // 412.5 / 572.8 = 72.0%
		t.Errorf("donut share missing: %s", d)
	}
	one := Donut("One", []Slice{{Label: "All", Value: Int(5)}}, Options{})
	checkSVG(t, one, "One")

	b := Bullet("Coverage", Dec("31200000"), Dec("56750000"), Options{})
	ns = checkSVG(t, b, "Coverage")
	if count(ns, "rect", "bar") != 1 || count(ns, "rect", "target-mark") != 1 {
		t.Error("bullet: want one bar and one target mark")
	}
	if !strings.Contains(string(b), "55% of $56.8M") {
		t.Errorf("bullet text: %s", b)
	}
	checkSVG(t, Bullet("Neg", Dec("-5"), Int(10), Options{}), "Neg")
}

func TestHugeValues(t *testing.T) {
	big := Dec("123456789012345678901234.56")
	outs := []template.HTML{
		HBar("Big", []Bar{{Label: "a", Value: big}, {Label: "b", Value: Dec("-1")}}, Options{}),
		Columns("Big", []Bar{{Label: "a", Value: big}}, Options{}),
		Line("Big", []string{"a", "b"}, []LineSeries{{Name: "s", Values: []Value{big, Int(0)}}}, Options{}),
		Donut("Big", []Slice{{Label: "a", Value: big}, {Label: "b", Value: Int(1)}}, Options{}),
		Bullet("Big", big, Int(1), Options{}),
		WorldMap(map[string]Value{"BR": big, "KE": Int(1)}, MapOptions{Title: "Big"}),
	}
	for _, h := range outs {
		checkSVG(t, h, "Big")
		if !strings.Contains(string(h), "123,456,789,012,345,678,901,234.56") {
			t.Error("exact figure lost for a huge value")
		}
	}
}

func TestWorldMap(t *testing.T) {
	vals := map[string]Value{
		"KE": Dec("18400000"), "br": Dec("9800000"), "IN": Dec("22100000"), "FR": Dec("250000"),
		"TV": Dec("450000"), "BB": Dec("620000"), "ZZ": Dec("5"),
	}
	h := WorldMap(vals, MapOptions{Title: "Spend", LegendTitle: "Spend (USD)", Link: func(c string) string { return "/projects?country=" + c }})
	ns := checkSVG(t, h, "Spend")
	paths := map[string]node{}
	for _, nd := range ns {
		if hasClass(nd.attrs["class"], "country") {
			paths[nd.attrs["data-code"]] = nd
		}
	}
	for _, c := range []string{"KE", "BR", "IN", "FR", "US", "CN", "AU", "RU", "FJ", "XK"} {
		nd, ok := paths[c]
		if !ok || nd.name != "path" {
			t.Errorf("no path for %s", c)
		}
	}
	for _, c := range []string{"TV", "BB"} {
		if nd, ok := paths[c]; !ok || nd.name != "circle" {
			t.Errorf("no dot for small state %s", c)
		}
	}
	if paths["KE"].attrs["fill"] == colNoData || paths["US"].attrs["fill"] != colNoData {
		t.Error("fills: Kenya should be coloured, the US not")
	}
	if !strings.Contains(string(h), "Kenya: $18,400,000.00") {
		t.Error("no tooltip for Kenya")
	}
	if !strings.Contains(string(h), `href="/projects?country=KE"`) {
		t.Error("no link for Kenya")
	}
	if count(ns, "g", "map-legend") != 1 || !strings.Contains(string(h), "Spend (USD)") || !strings.Contains(string(h), "No data") {
		t.Error("legend missing")
	}
	// ZZ cannot be drawn but is still listed in the table.
	if !strings.Contains(string(h), `<th scope="row"><a href="/projects?country=ZZ">ZZ</a></th>`) {
		t.Error("undrawable code missing from table")
	}
	// Every country path's title names it.
	if got, want := count(ns, "title", ""), 1+len(paths)+len(mapClassesFor(vals)); got != want {
		t.Errorf("%d titles, want %d", got, want)
	}
}

func mapClassesFor(v map[string]Value) []class {
	var fs []float64
	for _, x := range v {
		fs = append(fs, x.f())
	}
	return mapClasses(fs, 5, false)
}

func TestWorldMapDiverging(t *testing.T) {
	h := WorldMap(map[string]Value{"KE": Dec("-2400000"), "ET": Dec("5200000")}, MapOptions{Title: "Gap"})
	ns := checkSVG(t, h, "Gap")
	var ke, et string
	for _, nd := range ns {
		switch nd.attrs["data-code"] {
		case "KE":
			ke = nd.attrs["fill"]
		case "ET":
			et = nd.attrs["fill"]
		}
	}
	if ke == et || ke == colNoData || et == colNoData {
		t.Errorf("diverging fills KE %s ET %s", ke, et)
	}
	if !strings.Contains(string(h), "−$") {
		t.Error("legend has no negative break")
	}
}

// The map's paths never jump across the map: rings cut at the antimeridian
// stay on their side.
func TestWorldMapAntimeridian(t *testing.T) {
	p := projectWorld()
	rel := regexp.MustCompile(`l(-?\d+) (-?\d+)`)
	for code, d := range p.paths {
		for _, m := range rel.FindAllStringSubmatch(d, -1) {
			dx, _ := strconv.Atoi(m[1])
			if math.Abs(float64(dx)) > mapW*10/3 {
				t.Errorf("%s: a segment spans %d/10 units", code, dx)
				break
			}
		}
	}
	for _, c := range []string{"RU", "FJ", "US", "NZ"} {
		if p.paths[c] == "" {
			t.Errorf("%s has no outline", c)
		}
	}
}

func TestSmallStates(t *testing.T) {
	have := map[string]bool{}
	for _, c := range Countries() {
		have[c] = true
	}
	for _, c := range []string{"TV", "KI", "WS", "TO", "FM", "MH", "PW", "NR", "MV", "MU", "SC", "KM", "CV", "ST",
		"BB", "LC", "GD", "VC", "AG", "KN", "DM", "SG", "BH", "MT", "TK", "PS", "SS", "XK", "TL"} {
		if !have[c] {
			t.Errorf("map cannot draw %s", c)
		}
	}
	if len(Countries()) < 230 {
		t.Errorf("only %d countries", len(Countries()))
	}
	if CountryName("KE") != "Kenya" || CountryName("ke") != "Kenya" {
		t.Errorf("CountryName(KE) = %q", CountryName("KE"))
	}
}

func TestDeterministic(t *testing.T) {
	render := func() string {
		vals := map[string]Value{}
		for i, c := range []string{"KE", "BR", "IN", "FR", "TV", "ET", "BD"} {
			vals[c] = Int(int64(i * 1000))
		}
		return string(WorldMap(vals, MapOptions{Title: "m"})) +
			string(HBar("h", gapBars, Options{})) +
			string(Donut("d", []Slice{{Label: "a", Value: Int(1)}, {Label: "b", Value: Int(2)}}, Options{})) +
			string(Line("l", []string{"a", "b"}, []LineSeries{{Name: "s", Values: []Value{Int(1), Int(2)}}}, Options{}))
	}
	a := render()
	for range 5 {
		if render() != a {
			t.Fatal("rendering is not deterministic")
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("Gender equality and non-discrimination in the world of work", 20, 2)
	if len(got) != 2 || got[0] != "Gender equality and" || !strings.HasSuffix(got[1], "…") {
		t.Errorf("wrap = %q", got)
	}
	if got := wrap("Short", 20, 2); len(got) != 1 || got[0] != "Short" {
		t.Errorf("wrap short = %q", got)
	}
}
