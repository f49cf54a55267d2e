package chart

import (
	"fmt"
	"html/template"
	"math"
)

// Bar is one labelled figure, optionally linking to the records behind it.
type Bar struct {
	Label string
	Value Value
	Href  string // drill-down link; relative or http(s)
	Color string // #rrggbb; empty uses Options.Colors[0] or the brand blue
}

// Series is one named set of figures, parallel to a chart's categories.
type Series struct {
	Name   string
	Values []Value
	Hrefs  []string // optional drill-down link per value
	Color  string   // #rrggbb; empty takes the next Palette colour
}

func (s Series) at(i int) Value {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return Value{}
}

func (s Series) href(i int) string {
	if i < len(s.Hrefs) {
		return s.Hrefs[i]
	}
	return ""
}

type seg struct {
	v      Value
	color  string
	href   string
	series string
}

// HBar draws one horizontal bar per item, labels on the left and the value
// at the end of each bar. Negative values (e.g. a surplus shown as a
// negative gap) extend left of the zero line.
func HBar(title string, bars []Bar, o Options) template.HTML {
	cats := make([]string, len(bars))
	rows := make([][]seg, len(bars))
	for i, b := range bars {
		cats[i] = b.Label
		c := safeColor(b.Color)
		if c == "" {
			c = o.color(0)
		}
		rows[i] = []seg{{v: b.Value, color: c, href: b.Href}}
	}
	t := &table{head: []string{"Item", "Value"}, num: []bool{false, true}}
	for _, b := range bars {
		t.rows = append(t.rows, []cell{{text: b.Label, href: b.Href}, {text: o.exact(b.Value)}})
	}
	return hbars("hbar", title, cats, rows, false, nil, t, o)
}

// GroupedBar draws, for each category, one bar per series side by side —
// e.g. required, available and gap per outcome.
func GroupedBar(title string, categories []string, series []Series, o Options) template.HTML {
	return multiBar("grouped", title, categories, series, false, o)
}

// StackedBar draws, for each category, one bar made of the series' values
// end to end — e.g. funding by source (RB, RBTC, RBSA, XBDC) per outcome.
// Positive parts stack rightwards from zero and negative parts leftwards;
// the net total is written at the end.
func StackedBar(title string, categories []string, series []Series, o Options) template.HTML {
	return multiBar("stacked", title, categories, series, true, o)
}

func multiBar(kind, title string, categories []string, series []Series, stacked bool, o Options) template.HTML {
	rows := make([][]seg, len(categories))
	colors := make([]string, len(series))
	names := make([]string, len(series))
	for j, s := range series {
		colors[j] = seriesColor(j, s.Color)
		if s.Color == "" && j < len(o.Colors) {
			colors[j] = o.color(j)
		}
		names[j] = s.Name
	}
	t := &table{head: append([]string{"Category"}, names...)}
	t.num = make([]bool, len(series)+2)
	for j := 1; j < len(t.num); j++ {
		t.num[j] = true
	}
	if stacked {
		t.head = append(t.head, "Total")
	} else {
		t.num = t.num[:len(t.num)-1]
	}
	for i, c := range categories {
		r := []cell{{text: c}}
		var vals []Value
		for j, s := range series {
			rows[i] = append(rows[i], seg{v: s.at(i), color: colors[j], href: s.href(i), series: s.Name})
			r = append(r, cell{text: o.exact(s.at(i)), href: s.href(i)})
			vals = append(vals, s.at(i))
		}
		if stacked {
			r = append(r, cell{text: o.exact(sumValues(vals))})
		}
		t.rows = append(t.rows, r)
	}
	var leg *legendSpec
	if !o.NoLegend && len(series) > 0 {
		leg = &legendSpec{names: names, colors: colors}
	}
	return hbars(kind, title, categories, rows, stacked, leg, t, o)
}

type legendSpec struct {
	names, colors []string
	line          []bool
}

// hbars is the shared horizontal-bar layout. Each category is a row; a row
// holds one or more segments, drawn side by side (grouped) or end to end
// (stacked).
func hbars(kind, title string, cats []string, rows [][]seg, stacked bool, leg *legendSpec, t *table, o Options) template.HTML {
	W, _ := o.size(560, 0)
	w := float64(W)
	// Collect what the scale must cover.
	var vals []float64
	totals := make([]Value, len(rows))
	anyValue := false
	for i, r := range rows {
		var pos, neg float64
		var vs []Value
		for _, s := range r {
			if !s.v.OK() {
				continue
			}
			anyValue = true
			x := s.v.f()
			vs = append(vs, s.v)
			if stacked {
				if x >= 0 {
					pos += x
				} else {
					neg += x
				}
			} else {
				vals = append(vals, x)
			}
		}
		if stacked {
			vals = append(vals, pos, neg)
		}
		totals[i] = sumValues(vs)
	}
	barH := 16.0
	nSub := 1
	if !stacked && len(rows) > 0 && len(rows[0]) > 1 {
		nSub = len(rows[0])
		barH = math.Max(7, math.Min(14, 36/float64(nSub)))
	}
	rowH := float64(nSub)*barH + float64(nSub-1)*2 + 12
	if nSub == 1 {
		rowH = 28
	}
	top := 6.0
	legendH := 0.0
	if leg != nil {
		legendH = 22
		// a long legend wraps; estimate lines
		lw := 0.0
		for _, nm := range leg.names {
			lw += 16 + textWidth(truncate(nm, 28), 12) + 18
		}
		legendH = 22 + 18*math.Floor(lw/(w-16))
	}
	H := int(math.Ceil(top + legendH + float64(len(cats))*rowH + 26))
	if _, h := o.size(0, 0); h > 0 {
		H = h
	}
	if !anyValue {
		return emptyChart(kind, title, W, 160, o)
	}
	// Label column: as wide as the longest label, within 20–38% of width.
	maxLabel := 0.0
	for _, c := range cats {
		maxLabel = math.Max(maxLabel, textWidth(c, 12))
	}
	labelW := math.Min(math.Max(maxLabel+10, w*0.2), w*0.38)
	maxChars := int(labelW / (12 * 0.56))
	// Long labels wrap onto two lines; single bars then get taller rows.
	lines := make([][]string, len(cats))
	wrapped := false
	for i, c := range cats {
		lines[i] = wrap(c, maxChars, 2)
		wrapped = wrapped || len(lines[i]) > 1
	}
	if wrapped && nSub == 1 {
		rowH = 36
		H = int(math.Ceil(top + legendH + float64(len(cats))*rowH + 26))
		if _, h := o.size(0, 0); h > 0 {
			H = h
		}
	}
	// Value labels need room at the bar ends.
	d0 := newDomain(vals, 0, 1, 5, true)
	valW := 0.0
	for _, v := range vals {
		valW = math.Max(valW, textWidth(o.compactF(v), 11.5))
	}
	left := labelW + 8
	if d0.lo < 0 {
		left += valW + 6
	}
	right := w - valW - 12
	dom := newDomain(vals, left, right, 5, true)
	plotTop := top + legendH
	plotBot := plotTop + float64(len(cats))*rowH

	d := newSVG(kind, title, W, H, o.Desc)
	if leg != nil {
		d.legend(8, top+12, w-8, leg.names, leg.colors, leg.line)
	}
	// Grid and tick labels.
	d.raw(`<g class="axis" font-size="11">`)
	for _, tk := range dom.ticks {
		x := dom.px(tk)
		stroke := colGrid
		if tk == 0 {
			stroke = colAxis
		}
		d.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, n(x), n(plotTop), n(x), n(plotBot), stroke)
		d.text(x, plotBot+16, "middle", "tick", o.compactF(tk), `fill="`+colMuted+`"`)
	}
	d.raw(`</g>`)
	zero := dom.px(0)
	d.raw(`<g class="rows">`)
	for i, c := range cats {
		y0 := plotTop + float64(i)*rowH
		d.raw(`<g class="row">`)
		d.multiline(labelW, y0+rowH/2+4, "end", "cat", lines[i], 13)
		if stacked {
			var posV, negV float64
			pos, neg := zero, zero
			by := y0 + (rowH-barH)/2
			for _, s := range rows[i] {
				if !s.v.OK() || s.v.sign() == 0 {
					continue
				}
				x := s.v.f()
				var x0, x1 float64
				if x >= 0 {
					posV += x
					x0, x1 = pos, dom.px(posV)
					pos = x1
				} else {
					negV += x
					x0, x1 = dom.px(negV), neg
					neg = x0
				}
				d.bar(x0, by, x1-x0, barH, s, c, o)
			}
			tot := totals[i]
			lx, anchor := pos+4, "start"
			if tot.sign() < 0 && pos == zero {
				lx, anchor = neg-4, "end"
			}
			d.text(lx, by+barH/2+4, anchor, "val", o.compact(tot), `font-size="11.5" fill="`+colMuted+`"`)
		} else {
			for j, s := range rows[i] {
				by := y0 + 6 + float64(j)*(barH+2)
				if nSub == 1 {
					by = y0 + (rowH-barH)/2
				}
				if !s.v.OK() {
					d.text(zero+4, by+barH/2+4, "start", "val", "–", `font-size="11.5" fill="`+colMuted+`"`)
					continue
				}
				x := dom.px(s.v.f())
				x0, x1 := math.Min(zero, x), math.Max(zero, x)
				d.bar(x0, by, math.Max(x1-x0, 0), barH, s, c, o)
				lx, anchor := x1+4, "start"
				if s.v.sign() < 0 {
					lx, anchor = x0-4, "end"
				}
				fs := "11.5"
				if barH < 11 {
					fs = "10"
				}
				d.text(lx, by+barH/2+4, anchor, "val", o.compact(s.v), `font-size="`+fs+`" fill="`+colMuted+`"`)
			}
		}
		d.raw(`</g>`)
	}
	d.raw(`</g>`)
	return figure(kind, d.close(), t, title, o)
}

// bar draws one rectangle with its tooltip, inside a link when it has one.
func (d *svgDoc) bar(x, y, w, h float64, s seg, cat string, o Options) {
	name := cat
	if s.series != "" {
		name = cat + " — " + s.series
	}
	tip := fmt.Sprintf("%s: %s", name, o.exact(s.v))
	open := d.linkOpen(s.href, tip)
	d.f(`<rect class="bar" x="%s" y="%s" width="%s" height="%s" rx="2" fill="%s"><title>%s</title></rect>`,
		n(x), n(y), n(math.Max(w, 0)), n(h), s.color, esc(tip))
	d.linkClose(open)
}
