package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Options tune a chart. The zero value is sensible for money in USD.
type Options struct {
	// Width and Height set the viewBox (the chart still scales to its
	// container); zero picks a per-chart default.
	Width, Height int
	Format        Format
	Currency      string   // ISO 4217 code for Money; "" means USD
	Colors        []string // series/slice colours (#rrggbb), else Palette
	NoTable       bool     // leave out the collapsed "Data table"
	NoLegend      bool
	// Target draws a dashed horizontal line on Columns and Line charts,
	// labelled TargetLabel (default "Target").
	Target      Value
	TargetLabel string
	// Desc is a sentence for screen readers, put in <desc> before the
	// figures (e.g. "Signed contributions are 20% behind target.").
	Desc string
	// Empty replaces "No data" when there is nothing to draw.
	Empty string
}

func (o Options) size(w, h int) (int, int) {
	if o.Width > 0 {
		w = o.Width
	}
	if o.Height > 0 {
		h = o.Height
	}
	return w, h
}

func (o Options) color(i int) string {
	if i < len(o.Colors) {
		return seriesColor(i, o.Colors[i])
	}
	return seriesColor(i, "")
}

func (o Options) compact(v Value) string    { return compact(v, o.Format, o.Currency) }
func (o Options) compactF(x float64) string { return compactFloat(x, o.Format, o.Currency) }
func (o Options) exact(v Value) string      { return exact(v, o.Format, o.Currency) }
func (o Options) emptyText() string         { return or(o.Empty, "No data") }
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
func esc(s string) string { return html.EscapeString(s) }

// n writes a coordinate with at most one decimal.
func n(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	f = math.Round(f*10) / 10
	if f == 0 {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// safeURL lets through relative URLs and http, https and mailto ones; any
// other scheme (javascript:, data:) becomes "#".
func safeURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "#"
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "#"
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return s
	}
	return "#"
}

// truncate shortens s to at most max runes, ending with "…".
func truncate(s string, max int) string {
	if max < 2 {
		max = 2
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max-1]), " ,.;:-") + "…"
}

// textWidth estimates the width of s at font size px (system sans-serif).
func textWidth(s string, px float64) float64 {
	return float64(utf8.RuneCountInString(s)) * px * 0.56
}

// svgDoc accumulates one chart.
type svgDoc struct {
	b     strings.Builder
	title string
}

func newSVG(kind, title string, w, h int, desc string) *svgDoc {
	d := &svgDoc{title: title}
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-%s" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="%s" font-size="12" fill="%s" preserveAspectRatio="xMidYMid meet">`,
		kind, w, h, esc(or(title, "Chart")), fontFamily, colText)
	fmt.Fprintf(&d.b, `<title>%s</title>`, esc(or(title, "Chart")))
	if desc != "" {
		fmt.Fprintf(&d.b, `<desc>%s</desc>`, esc(desc))
	}
	return d
}

func (d *svgDoc) raw(s string)              { d.b.WriteString(s) }
func (d *svgDoc) f(format string, a ...any) { fmt.Fprintf(&d.b, format, a...) }
func (d *svgDoc) close() string             { d.b.WriteString(`</svg>`); return d.b.String() }

// text writes an escaped <text>.
func (d *svgDoc) text(x, y float64, anchor, cls, s string, extra string) {
	if anchor == "" {
		anchor = "start"
	}
	d.f(`<text x="%s" y="%s" text-anchor="%s"`, n(x), n(y), anchor)
	if cls != "" {
		d.f(` class="%s"`, cls)
	}
	if extra != "" {
		d.raw(" " + extra)
	}
	d.f(`>%s</text>`, esc(s))
}

// linkOpen opens <a href> if href is set, and reports whether it did.
func (d *svgDoc) linkOpen(href, label string) bool {
	u := safeURL(href)
	if u == "" {
		return false
	}
	d.f(`<a href="%s" class="chart-link" aria-label="%s">`, esc(u), esc(label))
	return true
}

func (d *svgDoc) linkClose(open bool) {
	if open {
		d.raw(`</a>`)
	}
}

// empty draws the "No data" state.
func emptyChart(kind, title string, w, h int, o Options) template.HTML {
	d := newSVG(kind, title, w, h, o.emptyText())
	d.f(`<rect class="chart-empty" x="1" y="1" width="%d" height="%d" rx="6" fill="#f7f9fb" stroke="%s" stroke-dasharray="4 4"/>`, w-2, h-2, colAxis)
	d.text(float64(w)/2, float64(h)/2+5, "middle", "chart-empty-text", o.emptyText(), `fill="`+colMuted+`" font-size="14"`)
	return template.HTML(`<figure class="chart chart-is-empty">` + d.close() + `</figure>`)
}

// table is the collapsed data table that follows each chart: readable by
// screen readers (the SVG itself is one image to them), keyboard users and
// anyone who wants exact figures.
type table struct {
	head []string
	num  []bool // right-align column
	rows [][]cell
}

type cell struct {
	text, href string
}

func (t *table) render(title string) string {
	var b strings.Builder
	b.WriteString(`<details class="chart-data"><summary>Data table</summary><div class="table-wrap"><table class="table table-compact">`)
	fmt.Fprintf(&b, `<caption class="sr-only">%s</caption><thead><tr>`, esc(title))
	for i, h := range t.head {
		cls := ""
		if i < len(t.num) && t.num[i] {
			cls = ` class="num"`
		}
		fmt.Fprintf(&b, `<th scope="col"%s>%s</th>`, cls, esc(h))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range t.rows {
		b.WriteString(`<tr>`)
		for i, c := range r {
			tag, cls := "td", ""
			if i == 0 {
				tag = "th"
				cls = ` scope="row"`
			}
			if i < len(t.num) && t.num[i] {
				cls += ` class="num"`
			}
			fmt.Fprintf(&b, `<%s%s>`, tag, cls)
			if u := safeURL(c.href); u != "" {
				fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(u), esc(c.text))
			} else {
				b.WriteString(esc(c.text))
			}
			fmt.Fprintf(&b, `</%s>`, tag)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div></details>`)
	return b.String()
}

func figure(kind, svg string, t *table, title string, o Options) template.HTML {
	s := `<figure class="chart chart-` + kind + `">` + svg
	if t != nil && !o.NoTable {
		s += t.render(title)
	}
	return template.HTML(s + `</figure>`)
}

// legend draws swatches in a row starting at (x, y), wrapping at maxX, and
// returns the y below it.
func (d *svgDoc) legend(x, y, maxX float64, names, colors []string, line []bool) float64 {
	cx := x
	for i, name := range names {
		label := truncate(name, 28)
		w := 16 + textWidth(label, 12) + 18
		if cx+w > maxX && cx > x {
			cx = x
			y += 18
		}
		d.raw(`<g class="legend-item">`)
		if i < len(line) && line[i] {
			d.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"/>`, n(cx), n(y-4), n(cx+12), n(y-4), colors[i])
		} else {
			d.f(`<rect x="%s" y="%s" width="12" height="12" rx="2" fill="%s"/>`, n(cx), n(y-10), colors[i])
		}
		d.text(cx+16, y, "start", "legend-label", label, `fill="`+colText+`"`)
		d.raw(`</g>`)
		cx += w
	}
	return y + 14
}

// wrap breaks s into at most maxLines lines of about width runes, at spaces;
// the last line is truncated with "…" if text remains.
func wrap(s string, width, maxLines int) []string {
	words := strings.Fields(s)
	var out []string
	cur := ""
	for i, w := range words {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			if len(out) == maxLines-1 {
				return append(out, truncate(strings.Join(append([]string{cur}, words[i:]...), " "), width))
			}
			out = append(out, cur)
			cur = w
		}
	}
	if cur != "" || len(out) == 0 {
		out = append(out, truncate(cur, width))
	}
	return out
}

// multiline writes lines centred vertically on baseline y.
func (d *svgDoc) multiline(x, y float64, anchor, cls string, lines []string, lh float64) {
	if len(lines) <= 1 {
		d.text(x, y, anchor, cls, strings.Join(lines, ""), "")
		return
	}
	y -= lh * float64(len(lines)-1) / 2
	d.f(`<text x="%s" y="%s" text-anchor="%s" class="%s">`, n(x), n(y), anchor, cls)
	for i, l := range lines {
		dy := "0"
		if i > 0 {
			dy = n(lh)
		}
		d.f(`<tspan x="%s" dy="%s">%s</tspan>`, n(x), dy, esc(l))
	}
	d.raw(`</text>`)
}
