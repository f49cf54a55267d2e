package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// LineSeries is one line on a Line chart.
type LineSeries struct {
	Name   string
	Values []Value // parallel to the chart's labels; missing values break the line
	Color  string  // #rrggbb; empty takes the next Palette colour
	Area   bool    // shade the area under the line
	Dashed bool    // draw the whole line dashed (e.g. a planned trajectory)
	// ForecastFrom is the index of the first forecast value: the line is
	// solid up to the point before it and dashed from there. 0 means none.
	ForecastFrom int
}

// frame is the plot area shared by Columns and Line.
type frame struct {
	W, H                     int
	left, right, top, bottom float64
	dom                      domain
	n                        int
	band                     bool // categories are bands (columns) not points
}

func (f frame) x(i int) float64 {
	pw := f.right - f.left
	if f.band {
		return f.left + pw/float64(f.n)*(float64(i)+0.5)
	}
	if f.n == 1 {
		return f.left + pw/2
	}
	return f.left + pw*float64(i)/float64(f.n-1)
}

func newFrame(W, H int, vals []float64, labels []string, band bool, legendH float64, o Options) frame {
	f := frame{W: W, H: H, n: len(labels), band: band}
	if o.Target.OK() {
		vals = append(vals, o.Target.f())
	}
	f.top = 10 + legendH
	f.bottom = float64(H) - 26
	d := newDomain(vals, f.bottom, f.top, 5, true)
	tw := 0.0
	for _, t := range d.ticks {
		tw = math.Max(tw, textWidth(o.compactF(t), 11))
	}
	f.left = tw + 14
	f.right = float64(W) - 12
	if !band {
		f.left += 6
		f.right -= 6
	}
	if o.Target.OK() {
		f.right -= 0
	}
	f.dom = d
	return f
}

func (f frame) axes(d *svgDoc, labels []string, o Options) {
	d.raw(`<g class="axis" font-size="11">`)
	for _, t := range f.dom.ticks {
		y := f.dom.px(t)
		stroke := colGrid
		if t == 0 {
			stroke = colAxis
		}
		d.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, n(f.left-4), n(y), n(f.right), n(y), stroke)
		d.text(f.left-8, y+4, "end", "tick", o.compactF(t), `fill="`+colMuted+`"`)
	}
	// Category labels, thinned so they never overlap.
	spacing := (f.right - f.left) / math.Max(1, float64(f.n))
	if !f.band && f.n > 1 {
		spacing = (f.right - f.left) / float64(f.n-1)
	}
	maxW := 0.0
	for _, l := range labels {
		maxW = math.Max(maxW, textWidth(truncate(l, 12), 11))
	}
	step := int(math.Ceil((maxW + 8) / math.Max(spacing, 1)))
	if step < 1 {
		step = 1
	}
	for i, l := range labels {
		if i%step != 0 {
			continue
		}
		anchor := "middle"
		x := f.x(i)
		if !f.band && f.n > 1 && i == 0 && x-textWidth(l, 11)/2 < 0 {
			anchor = "start"
		}
		d.text(x, float64(f.H)-8, anchor, "tick", truncate(l, 12), `fill="`+colMuted+`"`)
	}
	d.raw(`</g>`)
}

func (f frame) target(d *svgDoc, o Options) {
	if !o.Target.OK() {
		return
	}
	y := f.dom.px(o.Target.f())
	label := or(o.TargetLabel, "Target") + " " + o.compact(o.Target)
	d.f(`<g class="target"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"><title>%s</title></line>`,
		n(f.left), n(y), n(f.right), n(y), ColorDanger, esc(or(o.TargetLabel, "Target")+": "+o.exact(o.Target)))
	d.text(f.right, y-6, "end", "target-label", label, `font-size="11" font-weight="600" fill="`+ColorDanger+`" stroke="#fff" stroke-width="3" paint-order="stroke"`)
	d.raw(`</g>`)
}

// Columns draws one vertical column per item, e.g. disbursements by month.
// Values are written above the columns when there are few of them.
func Columns(title string, bars []Bar, o Options) template.HTML {
	W, H := o.size(560, 240)
	var vals []float64
	labels := make([]string, len(bars))
	for i, b := range bars {
		labels[i] = b.Label
		if b.Value.OK() {
			vals = append(vals, b.Value.f())
		}
	}
	if len(vals) == 0 {
		return emptyChart("columns", title, W, H, o)
	}
	// Leave room under the lowest negative column for its label.
	scaleVals := vals
	if lo := minOf(vals); lo < 0 {
		scaleVals = append(append([]float64{}, vals...), lo-(maxOf(vals)-lo)*0.12)
	}
	f := newFrame(W, H, scaleVals, labels, true, 0, o)
	d := newSVG("columns", title, W, H, o.Desc)
	f.axes(d, labels, o)
	bw := (f.right - f.left) / float64(len(bars)) * 0.68
	zero := f.dom.px(0)
	t := &table{head: []string{"Period", "Value"}, num: []bool{false, true}}
	d.raw(`<g class="columns">`)
	for i, b := range bars {
		t.rows = append(t.rows, []cell{{text: b.Label, href: b.Href}, {text: o.exact(b.Value)}})
		if !b.Value.OK() {
			continue
		}
		y := f.dom.px(b.Value.f())
		y0, y1 := math.Min(y, zero), math.Max(y, zero)
		c := safeColor(b.Color)
		if c == "" {
			c = o.color(0)
		}
		d.bar(f.x(i)-bw/2, y0, bw, y1-y0, seg{v: b.Value, color: c, href: b.Href}, b.Label, o)
		if len(bars) <= 12 {
			ly, fill := y0-5, colMuted
			if b.Value.sign() < 0 {
				ly = y1 + 13
			}
			d.text(f.x(i), ly, "middle", "val", o.compact(b.Value), `font-size="10.5" fill="`+fill+`"`)
		}
	}
	d.raw(`</g>`)
	f.target(d, o)
	return figure("columns", d.close(), t, title, o)
}

// Line draws one or more series over the same labels (e.g. months), with
// optional shaded areas, dashed forecasts and a target line (Options.Target).
func Line(title string, labels []string, series []LineSeries, o Options) template.HTML {
	W, H := o.size(560, 260)
	var vals []float64
	for _, s := range series {
		for i, v := range s.Values {
			if i < len(labels) && v.OK() {
				vals = append(vals, v.f())
			}
		}
	}
	if len(vals) == 0 || len(labels) == 0 {
		return emptyChart("line", title, W, H, o)
	}
	names := make([]string, len(series))
	colors := make([]string, len(series))
	lines := make([]bool, len(series))
	for j, s := range series {
		names[j] = s.Name
		colors[j] = seriesColor(j, s.Color)
		if s.Color == "" && j < len(o.Colors) {
			colors[j] = o.color(j)
		}
		lines[j] = true
	}
	legendH := 0.0
	if !o.NoLegend {
		legendH = 22
	}
	f := newFrame(W, H, vals, labels, false, legendH, o)
	d := newSVG("line", title, W, H, o.Desc)
	if !o.NoLegend {
		d.legend(f.left, 16, float64(W)-8, names, colors, lines)
	}
	f.axes(d, labels, o)
	zero := f.dom.px(0)
	t := &table{head: append([]string{"Period"}, names...)}
	for range len(series) + 1 {
		t.num = append(t.num, true)
	}
	t.num[0] = false
	for i, l := range labels {
		r := []cell{{text: l}}
		for _, s := range series {
			v := Value{}
			if i < len(s.Values) {
				v = s.Values[i]
			}
			r = append(r, cell{text: o.exact(v)})
		}
		t.rows = append(t.rows, r)
	}
	for j, s := range series {
		col := colors[j]
		pts := make([][2]float64, len(labels))
		ok := make([]bool, len(labels))
		for i := range labels {
			if i < len(s.Values) && s.Values[i].OK() {
				pts[i] = [2]float64{f.x(i), f.dom.px(s.Values[i].f())}
				ok[i] = true
			}
		}
		d.f(`<g class="series" data-series="%d">`, j)
		if s.Area {
			for _, run := range runs(ok) {
				var b strings.Builder
				fmt.Fprintf(&b, "M%s %s", n(pts[run[0]][0]), n(zero))
				for i := run[0]; i <= run[1]; i++ {
					fmt.Fprintf(&b, "L%s %s", n(pts[i][0]), n(pts[i][1]))
				}
				fmt.Fprintf(&b, "L%s %sZ", n(pts[run[1]][0]), n(zero))
				d.f(`<path class="area" d="%s" fill="%s" fill-opacity="0.14" stroke="none"/>`, b.String(), col)
			}
		}
		ff := s.ForecastFrom
		if ff <= 0 || ff > len(labels) {
			ff = len(labels)
		}
		solid, dashed := linePath(pts, ok, 0, ff-1), linePath(pts, ok, max(ff-1, 0), len(labels)-1)
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		if solid != "" && ff > 1 {
			d.f(`<path class="line" d="%s" fill="none" stroke="%s" stroke-width="2.25" stroke-linejoin="round" stroke-linecap="round"%s/>`, solid, col, dash)
		}
		if ff < len(labels) && dashed != "" {
			d.f(`<path class="line forecast" d="%s" fill="none" stroke="%s" stroke-width="2.25" stroke-dasharray="5 4" stroke-linejoin="round"/>`, dashed, col)
		}
		if len(labels) <= 36 {
			radius := "3"
			if len(labels) > 18 {
				radius = "2"
			}
			for i := range labels {
				if !ok[i] {
					continue
				}
				tip := labels[i] + " — " + s.Name + ": " + o.exact(s.Values[i])
				if s.ForecastFrom > 0 && i >= s.ForecastFrom {
					tip += " (forecast)"
				}
				fill := col
				if s.ForecastFrom > 0 && i >= s.ForecastFrom {
					fill = "#fff"
				}
				d.f(`<circle class="point" cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="1.5"><title>%s</title></circle>`,
					n(pts[i][0]), n(pts[i][1]), radius, fill, col, esc(tip))
			}
		}
		d.raw(`</g>`)
	}
	f.target(d, o)
	return figure("line", d.close(), t, title, o)
}

// runs returns the [first, last] index of each run of true values.
func runs(ok []bool) [][2]int {
	var out [][2]int
	start := -1
	for i, v := range ok {
		if v && start < 0 {
			start = i
		}
		if !v && start >= 0 {
			out = append(out, [2]int{start, i - 1})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(ok) - 1})
	}
	return out
}

// linePath joins the present points between from and to, lifting the pen
// over missing ones.
func linePath(pts [][2]float64, ok []bool, from, to int) string {
	var b strings.Builder
	pen := false
	for i := from; i <= to && i < len(pts); i++ {
		if !ok[i] {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%s %s", cmd, n(pts[i][0]), n(pts[i][1]))
		pen = true
	}
	return b.String()
}

func minOf(vs []float64) float64 {
	m := math.Inf(1)
	for _, v := range vs {
		m = math.Min(m, v)
	}
	return m
}

func maxOf(vs []float64) float64 {
	m := math.Inf(-1)
	for _, v := range vs {
		m = math.Max(m, v)
	}
	return m
}
