package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"devcoop/money"
)

// Slice is one part of a Donut.
type Slice struct {
	Label string
	Value Value
	Href  string
	Color string // #rrggbb; empty takes the next Palette colour
}

// Donut draws shares of a whole (e.g. the modality mix) as a ring with the
// total in the middle and a legend giving each share's value and percent.
// Missing, zero and negative slices are left out of the ring but listed in
// the data table.
func Donut(title string, slices []Slice, o Options) template.HTML {
	W, H := o.size(520, 0)
	var total float64
	var totalV []Value
	for _, s := range slices {
		if s.Value.sign() > 0 {
			total += s.Value.f()
			totalV = append(totalV, s.Value)
		}
	}
	rows := len(slices)
	if H == 0 {
		H = int(math.Max(200, float64(rows)*22+40))
	}
	if total <= 0 {
		return emptyChart("donut", title, W, H, o)
	}
	t := &table{head: []string{"Item", "Value", "Share"}, num: []bool{false, true, true}}
	cx, cy := float64(H)/2, float64(H)/2
	if o.NoLegend {
		cx = float64(W) / 2
	}
	R := float64(H)/2 - 12
	r := R * 0.62
	d := newSVG("donut", title, W, H, o.Desc)
	d.raw(`<g class="slices">`)
	a := -math.Pi / 2
	type leg struct {
		label, value, pct, color, href string
	}
	var legend []leg
	for i, s := range slices {
		col := safeColor(s.Color)
		if col == "" {
			col = o.color(i)
		}
		share := percentOf(s.Value, sumValues(totalV))
		t.rows = append(t.rows, []cell{{text: s.Label, href: s.Href}, {text: o.exact(s.Value)}, {text: share}})
		legend = append(legend, leg{s.Label, o.compact(s.Value), share, col, s.Href})
		if s.Value.sign() <= 0 {
			continue
		}
		frac := s.Value.f() / total
		a1 := a + frac*2*math.Pi
		tip := fmt.Sprintf("%s: %s (%s)", s.Label, o.exact(s.Value), share)
		open := d.linkOpen(s.Href, tip)
		d.f(`<path class="slice" d="%s" fill="%s" stroke="#fff" stroke-width="1.5"><title>%s</title></path>`,
			arcPath(cx, cy, R, r, a, a1), col, esc(tip))
		d.linkClose(open)
		a = a1
	}
	d.raw(`</g>`)
	sum := sumValues(totalV)
	d.text(cx, cy+4, "middle", "donut-total", o.compact(sum), `font-size="22" font-weight="650"`)
	d.text(cx, cy+22, "middle", "donut-caption", "Total", `font-size="11" fill="`+colMuted+`"`)
	if !o.NoLegend {
		lx := float64(H) + 8
		ly := cy - float64(len(legend))*22/2 + 15
		avail := float64(W) - lx - 8
		d.raw(`<g class="legend" font-size="12">`)
		for i, l := range legend {
			y := ly + float64(i)*22
			d.raw(`<g class="legend-item">`)
			d.f(`<rect x="%s" y="%s" width="12" height="12" rx="2" fill="%s"/>`, n(lx), n(y-10), l.color)
			chars := int((avail - 130) / (12 * 0.56))
			d.text(lx+18, y, "start", "legend-label", truncate(l.label, chars), "")
			d.text(lx+avail-48, y, "end", "legend-value", l.value, `font-variant-numeric="tabular-nums"`)
			d.text(lx+avail, y, "end", "legend-pct", l.pct, `fill="`+colMuted+`" font-variant-numeric="tabular-nums"`)
			d.raw(`</g>`)
		}
		d.raw(`</g>`)
	}
	return figure("donut", d.close(), t, title, o)
}

// percentOf writes part/whole as a percentage with one decimal, exactly.
func percentOf(part, whole Value) string {
	if !part.OK() || !whole.OK() || whole.sign() == 0 {
		return "–"
	}
	q, err := part.Decimal().Mul(money.FromInt(100)).Div(whole.Decimal(), 1)
	if err != nil {
		return "–"
	}
	s := q.String()
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, "-", minus, 1) + "%"
}

// arcPath is an annular sector from angle a0 to a1 (radians, clockwise from
// the x axis in screen space).
func arcPath(cx, cy, R, r, a0, a1 float64) string {
	if a1-a0 >= 2*math.Pi-1e-9 {
		// a full ring: two half arcs each way
		return fmt.Sprintf("M%s %sA%s %s 0 1 1 %s %sA%s %s 0 1 1 %s %sZM%s %sA%s %s 0 1 0 %s %sA%s %s 0 1 0 %s %sZ",
			n(cx), n(cy-R), n(R), n(R), n(cx), n(cy+R), n(R), n(R), n(cx), n(cy-R),
			n(cx), n(cy-r), n(r), n(r), n(cx), n(cy+r), n(r), n(r), n(cx), n(cy-r))
	}
	large := 0
	if a1-a0 > math.Pi {
		large = 1
	}
	p := func(rad, a float64) (string, string) { return n(cx + rad*math.Cos(a)), n(cy + rad*math.Sin(a)) }
	x0, y0 := p(R, a0)
	x1, y1 := p(R, a1)
	x2, y2 := p(r, a1)
	x3, y3 := p(r, a0)
	return fmt.Sprintf("M%s %sA%s %s 0 %d 1 %s %sL%s %sA%s %s 0 %d 0 %s %sZ",
		x0, y0, n(R), n(R), large, x1, y1, x2, y2, n(r), n(r), large, x3, y3)
}
