package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
)

// MapOptions tune WorldMap.
type MapOptions struct {
	Title    string // accessible name, e.g. "Expenditure by country, 2025"
	Format   Format
	Currency string
	// Classes is the number of colour steps, 3–7 (default 5). The breaks
	// are round numbers, so the legend may show one more or fewer.
	Classes int
	// Diverging colours negative values orange and positive ones blue,
	// around zero. It is switched on by itself when any value is negative.
	Diverging bool
	// Link returns the drill-down URL for a country that has a value
	// (e.g. "/projects?country=KE"); nil or "" means no link.
	Link        func(code string) string
	LegendTitle string // e.g. "Expenditure (USD)"
	Desc        string
	NoTable     bool
}

// Ramps for the map. Sequential runs light to dark blue; the diverging
// scale adds light to dark orange for negatives.
var (
	seqLight, seqDark = rgb{0xb7, 0xd0, 0xec}, rgb{0x0c, 0x2c, 0x5a}
	negLight, negDark = rgb{0xf5, 0xc9, 0x96}, rgb{0x9a, 0x42, 0x00}
)

type rgb struct{ r, g, b float64 }

func (a rgb) mix(b rgb, t float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(a.r+(b.r-a.r)*t)), int(math.Round(a.g+(b.g-a.g)*t)), int(math.Round(a.b+(b.b-a.b)*t)))
}

func ramp(light, dark rgb, k int) []string {
	out := make([]string, k)
	for i := range k {
		t := 0.0
		if k > 1 {
			t = float64(i) / float64(k-1)
		}
		out[i] = light.mix(dark, t)
	}
	return out
}

// class is one legend step: values in (lo, hi] get color.
type class struct {
	lo, hi float64
	color  string
}

func mapClasses(vals []float64, k int, diverging bool) []class {
	if k < 3 {
		k = 5
	}
	if k > 7 {
		k = 7
	}
	var maxAbs, maxV float64
	for _, v := range vals {
		maxAbs = math.Max(maxAbs, math.Abs(v))
		maxV = math.Max(maxV, v)
	}
	if !diverging {
		t := NiceTicks(0, maxV, k+1)
		cols := ramp(seqLight, seqDark, len(t)-1)
		var cs []class
		for i := 0; i+1 < len(t); i++ {
			cs = append(cs, class{t[i], t[i+1], cols[i]})
		}
		return cs
	}
	half := (k + 1) / 2
	t := NiceTicks(0, maxAbs, half+1)
	pos := ramp(seqLight, seqDark, len(t)-1)
	neg := ramp(negLight, negDark, len(t)-1)
	var cs []class
	for i := len(t) - 1; i > 0; i-- {
		cs = append(cs, class{-t[i], -t[i-1], neg[i-1]})
	}
	for i := 0; i+1 < len(t); i++ {
		cs = append(cs, class{t[i], t[i+1], pos[i]})
	}
	return cs
}

func classOf(cs []class, v float64) string {
	for _, c := range cs {
		if v <= c.hi {
			if v < 0 && c.hi == 0 && v == 0 {
				continue
			}
			return c.color
		}
	}
	return cs[len(cs)-1].color
}

// WorldMap draws a choropleth of values keyed by ISO 3166-1 alpha-2 code
// (case-insensitive; "KE", "BR", "XK" for Kosovo). Countries are Natural
// Earth 1:110m outlines in the Equal Earth projection; states too small for
// that scale (e.g. Tuvalu, Barbados, Maldives) are drawn as dots when they
// have a value. Each shape carries a tooltip (<title>) with the country name
// and exact value, and a link when o.Link gives one. A legend shows the
// classes and "No data". Codes the map cannot draw still appear in the data
// table.
func WorldMap(values map[string]Value, o MapOptions) template.HTML {
	p := projectWorld()
	W, H := int(mapW), int(p.h)
	title := or(o.Title, "World map")
	fo := Options{Format: o.Format, Currency: o.Currency, NoTable: o.NoTable, Desc: o.Desc}
	vals := map[string]Value{}
	var fs []float64
	neg := false
	for c, v := range values {
		if !v.OK() {
			continue
		}
		c = strings.ToUpper(strings.TrimSpace(c))
		vals[c] = v
		fs = append(fs, v.f())
		if v.sign() < 0 {
			neg = true
		}
	}
	cs := mapClasses(fs, o.Classes, o.Diverging || neg)

	d := newSVG("map", title, W, H, o.Desc)
	d.f(`<rect class="ocean" width="%d" height="%d" fill="#f4f7fb"/>`, W, H)
	d.f(`<g class="countries" transform="scale(0.1)" stroke="#ffffff" stroke-width="5" stroke-linejoin="round">`)
	link := func(code string) string {
		if o.Link == nil {
			return ""
		}
		return o.Link(code)
	}
	for _, code := range p.order {
		if p.isDot[code] {
			continue
		}
		v, has := vals[code]
		fill := colNoData
		tip := CountryName(code) + ": no data"
		if has {
			fill = classOf(cs, v.f())
			tip = CountryName(code) + ": " + fo.exact(v)
		}
		open := false
		if has {
			open = d.linkOpen(link(code), tip)
		}
		d.f(`<path class="country" data-code="%s" d="%s" fill="%s"><title>%s</title></path>`, code, p.paths[code], fill, esc(tip))
		d.linkClose(open)
	}
	d.raw(`</g><g class="small-states" stroke="#ffffff" stroke-width="1">`)
	for _, code := range p.order {
		v, has := vals[code]
		if !p.isDot[code] || !has {
			continue
		}
		c := p.dots[code]
		tip := CountryName(code) + ": " + fo.exact(v)
		open := d.linkOpen(link(code), tip)
		d.f(`<circle class="country country-dot" data-code="%s" cx="%s" cy="%s" r="4" fill="%s" stroke="#5b6776" stroke-width="0.75"><title>%s</title></circle>`, code, n(c[0]), n(c[1]), classOf(cs, v.f()), esc(tip))
		d.linkClose(open)
	}
	d.raw(`</g>`)
	mapLegend(d, cs, float64(H), o, fo)
	d.close()

	// Data table, largest first.
	codes := make([]string, 0, len(vals))
	for c := range vals {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if c := vals[codes[i]].Decimal().Cmp(vals[codes[j]].Decimal()); c != 0 {
			return c > 0
		}
		return codes[i] < codes[j]
	})
	t := &table{head: []string{"Country", "Value"}, num: []bool{false, true}}
	for _, c := range codes {
		t.rows = append(t.rows, []cell{{text: CountryName(c), href: link(c)}, {text: fo.exact(vals[c])}})
	}
	return figure("map", d.b.String(), t, title, fo)
}

func mapLegend(d *svgDoc, cs []class, H float64, o MapOptions, fo Options) {
	sw := 44.0
	x0, y0 := 18.0, H-44
	d.raw(`<g class="legend map-legend" font-size="11">`)
	total := sw*float64(len(cs)) + 70
	d.f(`<rect x="%s" y="%s" width="%s" height="52" rx="4" fill="#ffffff" fill-opacity="0.85"/>`, n(x0-8), n(y0-22), n(total+16))
	d.text(x0, y0-8, "start", "legend-title", or(o.LegendTitle, "Value"), `font-weight="600" fill="`+colText+`"`)
	for i, c := range cs {
		x := x0 + float64(i)*sw
		d.f(`<rect x="%s" y="%s" width="%s" height="10" fill="%s"><title>%s – %s</title></rect>`, n(x), n(y0), n(sw), c.color,
			esc(fo.compactF(c.lo)), esc(fo.compactF(c.hi)))
		d.text(x, y0+22, "middle", "tick", fo.compactF(c.lo), `fill="`+colMuted+`"`)
	}
	last := cs[len(cs)-1]
	d.text(x0+float64(len(cs))*sw, y0+22, "middle", "tick", fo.compactF(last.hi), `fill="`+colMuted+`"`)
	nx := x0 + float64(len(cs))*sw + 22
	d.f(`<rect x="%s" y="%s" width="14" height="10" fill="%s" stroke="%s" stroke-width="0.5"/>`, n(nx), n(y0), colNoData, colAxis)
	d.text(nx+18, y0+9, "start", "tick", "No data", `fill="`+colMuted+`"`)
	d.raw(`</g>`)
}
