package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bullet shows one figure against a target — e.g. funding available against
// funding required, i.e. coverage. The bar is the value, the dark tick the
// target; the text gives the value, the target and the percentage reached.
// The scale fits both figures, from zero (or a negative value) upwards.
func Bullet(title string, value, target Value, o Options) template.HTML {
	W, H := o.size(360, 58)
	w := float64(W)
	if !value.OK() && !target.OK() {
		return emptyChart("bullet", title, W, H, o)
	}
	hi := math.Max(value.f(), target.f())
	lo := math.Min(0, value.f())
	ticks := NiceTicks(lo, hi, 5)
	if hi > 0 && hi >= ticks[len(ticks)-1]*0.98 {
		// leave a little track beyond the larger figure
		ticks = NiceTicks(lo, hi*1.05, 5)
	}
	dom := domain{lo: ticks[0], hi: ticks[len(ticks)-1], a: 1, b: w - 1, ticks: ticks}
	pct := percentOf(value, target)
	col := o.color(0)
	desc := fmt.Sprintf("%s of %s (%s)", o.exact(value), o.exact(target), pct)
	if o.Desc != "" {
		desc = o.Desc + " " + desc
	}
	d := newSVG("bullet", title, W, H, desc)
	// Text line: value left, "pct of target" right.
	d.text(0, 14, "start", "bullet-value", o.compact(value), `font-size="14" font-weight="650"`)
	right := pct + " of " + o.compact(target)
	if !target.OK() {
		right = ""
	}
	d.text(w, 14, "end", "bullet-target", right, `font-size="12" fill="`+colMuted+`"`)
	by := 24.0
	bh := 14.0
	d.f(`<rect class="track" x="%s" y="%s" width="%s" height="%s" rx="3" fill="%s"/>`, n(dom.a), n(by), n(dom.b-dom.a), n(bh), colTrack)
	if value.OK() {
		x0, x1 := dom.px(0), dom.px(value.f())
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		d.f(`<rect class="bar" x="%s" y="%s" width="%s" height="%s" rx="3" fill="%s"><title>%s</title></rect>`,
			n(x0), n(by), n(x1-x0), n(bh), col, esc(title+": "+o.exact(value)))
	}
	if target.OK() {
		x := dom.px(target.f())
		d.f(`<rect class="target-mark" x="%s" y="%s" width="3" height="%s" fill="%s"><title>%s</title></rect>`,
			n(x-1.5), n(by-5), n(bh+10), colText, esc(or(o.TargetLabel, "Target")+": "+o.exact(target)))
	}
	// min and max of scale
	d.text(dom.a, by+bh+15, "start", "tick", o.compactF(dom.lo), `font-size="10.5" fill="`+colMuted+`"`)
	d.text(dom.b, by+bh+15, "end", "tick", o.compactF(dom.hi), `font-size="10.5" fill="`+colMuted+`"`)
	return template.HTML(`<figure class="chart chart-bullet">` + d.close() + `</figure>`)
}

// Sparkline draws a tiny trend line for a table cell or KPI tile: no axes,
// the last point marked. It returns a bare <svg class="sparkline">.
func Sparkline(title string, values []Value, o Options) template.HTML {
	W, H := o.size(120, 28)
	var vals []float64
	first, last := Value{}, Value{}
	for _, v := range values {
		if v.OK() {
			vals = append(vals, v.f())
			if !first.OK() {
				first = v
			}
			last = v
		}
	}
	label := or(title, "Trend")
	if len(vals) > 0 {
		label += fmt.Sprintf(": from %s to %s", o.compact(first), o.compact(last))
	} else {
		label += ": no data"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s"><title>%s</title>`,
		W, H, W, H, esc(label), esc(label))
	if len(vals) == 0 {
		fmt.Fprintf(&b, `<line x1="2" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-dasharray="2 3"/></svg>`, n(float64(H)/2), W-2, n(float64(H)/2), colAxis)
		return template.HTML(b.String())
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	col := o.color(0)
	x := func(i int) float64 {
		if len(values) == 1 {
			return float64(W) / 2
		}
		return 3 + float64(i)*(float64(W)-6)/float64(len(values)-1)
	}
	y := func(v float64) float64 { return 3 + (hi-v)/(hi-lo)*(float64(H)-6) }
	pts := make([][2]float64, len(values))
	ok := make([]bool, len(values))
	li := 0
	for i, v := range values {
		if v.OK() {
			pts[i] = [2]float64{x(i), y(v.f())}
			ok[i] = true
			li = i
		}
	}
	fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"/>`, linePath(pts, ok, 0, len(values)-1), col)
	fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="2.5" fill="%s"/></svg>`, n(pts[li][0]), n(pts[li][1]), col)
	return template.HTML(b.String())
}
