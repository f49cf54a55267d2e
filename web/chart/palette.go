package chart

// Palette is the categorical palette shared with app.css (--cat-1 … --cat-8).
// It is based on the Okabe–Ito colour-blind-safe set, led by devcoop's deep
// blue. Series without a colour take these in order.
var Palette = [8]string{
	"#1d4f91", // deep blue (brand primary)
	"#e69f00", // orange
	"#009e73", // bluish green
	"#56b4e9", // sky blue
	"#d55e00", // vermilion
	"#cc79a7", // reddish purple
	"#999933", // olive
	"#6b7785", // slate, for "other"
}

// Semantic colours, the same as app.css --ok, --warn, --danger, --info.
const (
	ColorOK     = "#1f7a4d"
	ColorWarn   = "#b26b00"
	ColorDanger = "#b42318"
	ColorInfo   = "#1d5fa8"
	ColorMuted  = "#8a96a6" // e.g. "required" beside "available" and "gap"
)

// Colours the charts draw with; they match app.css.
const (
	colText    = "#1b2430"
	colMuted   = "#5b6776"
	colGrid    = "#e3e7ec"
	colAxis    = "#aab4c0"
	colNoData  = "#e2e5ea"
	colTrack   = "#e8edf3"
	colBorder  = "#ffffff"
	fontFamily = `system-ui, -apple-system, &#34;Segoe UI&#34;, Roboto, &#34;Helvetica Neue&#34;, Arial, sans-serif`
)

func seriesColor(i int, explicit string) string {
	if c := safeColor(explicit); c != "" {
		return c
	}
	return Palette[i%len(Palette)]
}

// safeColor accepts only #rgb / #rrggbb so a caller's colour can't break out
// of an attribute.
func safeColor(c string) string {
	if len(c) != 4 && len(c) != 7 || c[0] != '#' {
		return ""
	}
	for _, r := range c[1:] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return ""
		}
	}
	return c
}
