// Package chart draws server-side SVG charts and a world choropleth map for
// devcoop's HTML pages. Every function is pure: it takes data and options and
// returns template.HTML holding an inline <svg> (plus, unless turned off, a
// collapsed data table), with no JavaScript and no external assets.
//
// Figures come in as exact values — int64 cents, decimal strings or
// money.Decimal — wrapped in Value; floating point is used only inside the
// package for geometry. Labels are always escaped, link URLs are checked, and
// output is deterministic for the same input.
//
// The SVG is sized by its viewBox and scales to its container (CSS class
// "chart" in web/static/css/app.css). Colours come from Palette, which
// app.css repeats as --cat-1 … --cat-8.
//
// Charts:
//
//	HBar        horizontal bars, one per label, optional drill-down link each
//	GroupedBar  horizontal bars grouped by category, one per series
//	StackedBar  horizontal bars stacked by series (negatives stack leftwards)
//	Columns     vertical columns, e.g. one per month
//	Line        lines or areas over categories, with forecast dashes and a target
//	Donut       shares of a whole with a legend
//	Bullet      one figure against a target (coverage)
//	Sparkline   a tiny inline trend
//	WorldMap    countries filled by value, keyed by ISO 3166-1 alpha-2
package chart
