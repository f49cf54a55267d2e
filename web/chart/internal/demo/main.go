// Command demo writes web/static/styleguide-charts.html: every chart in
// devcoop/web/chart rendered with realistic data, for the styleguide and for
// screenshots. Run from the repo root:
//
//	go run ./web/chart/internal/demo > web/static/styleguide-charts.html
package main

import (
	"fmt"
	"html/template"
	"os"
	"strings"

	"devcoop/web/chart"
)

func usd(s string) chart.Value { return chart.Dec(s) }

func main() {
	outcomes := []string{
		"1. Employment promotion",
		"2. International labour standards",
		"3. Social protection for all",
		"4. Sustainable enterprises",
		"5. Skills and lifelong learning",
		"6. Gender equality and non-discrimination",
	}
	required := []chart.Value{usd("48200000"), usd("31500000"), usd("56750000"), usd("22100000"), usd("27400000"), usd("12900000")}
	available := []chart.Value{usd("36850000"), usd("29900000"), usd("31200000"), usd("23650000"), usd("14100000"), usd("6350000")}
	gap := make([]chart.Value, len(required))
	for i := range required {
		gap[i] = chart.FromDecimal(required[i].Decimal().Sub(available[i].Decimal()))
	}
	months := []string{"Jan 25", "Feb 25", "Mar 25", "Apr 25", "May 25", "Jun 25", "Jul 25", "Aug 25", "Sep 25", "Oct 25", "Nov 25", "Dec 25"}
	signed := []string{"4200000", "9800000", "15100000", "18300000", "26900000", "31000000", "38400000", "41200000", "47800000", "", "", ""}
	forecast := []string{"", "", "", "", "", "", "", "", "47800000", "53000000", "58500000", "64000000"}
	target := []string{"6000000", "12000000", "18000000", "24000000", "30000000", "36000000", "42000000", "48000000", "54000000", "60000000", "66000000", "72000000"}
	mk := func(ss []string) []chart.Value {
		out := make([]chart.Value, len(ss))
		for i, s := range ss {
			if s != "" {
				out[i] = usd(s)
			}
		}
		return out
	}
	actualPlusForecast := mk(signed)
	for i, v := range mk(forecast) {
		if v.OK() {
			actualPlusForecast[i] = v
		}
	}

	type sec struct {
		title, note string
		html        template.HTML
		wide        bool
	}
	secs := []sec{
		{"Funding gap by outcome", "chart.HBar — each bar links to the gap register; negative = surplus", chart.HBar("Funding gap by outcome, 2026–27", []chart.Bar{
			{Label: outcomes[0], Value: gap[0], Href: "/gaps?outcome=1"},
			{Label: outcomes[1], Value: gap[1], Href: "/gaps?outcome=2"},
			{Label: outcomes[2], Value: gap[2], Href: "/gaps?outcome=3"},
			{Label: outcomes[3], Value: gap[3], Href: "/gaps?outcome=4"},
			{Label: outcomes[4], Value: gap[4], Href: "/gaps?outcome=5"},
			{Label: outcomes[5], Value: gap[5], Href: "/gaps?outcome=6"},
		}, chart.Options{Colors: []string{chart.ColorWarn}}), false},
		{"Required, available and gap", "chart.GroupedBar", chart.GroupedBar("Required, available and gap by outcome", outcomes[:4], []chart.Series{
			{Name: "Required", Values: required[:4], Color: chart.ColorMuted},
			{Name: "Available", Values: available[:4], Color: chart.Palette[0]},
			{Name: "Gap", Values: gap[:4], Color: chart.Palette[1]},
		}, chart.Options{}), false},
		{"Available funding by source", "chart.StackedBar — RB, RBTC, RBSA, XBDC", chart.StackedBar("Available funding by source and outcome", outcomes, []chart.Series{
			{Name: "RB", Values: mk([]string{"12000000", "15400000", "9800000", "7100000", "5200000", "2100000"})},
			{Name: "RBTC", Values: mk([]string{"1800000", "2200000", "1100000", "900000", "650000", "400000"})},
			{Name: "RBSA", Values: mk([]string{"4050000", "3300000", "5300000", "2650000", "1250000", "850000"})},
			{Name: "XBDC", Values: mk([]string{"19000000", "9000000", "15000000", "13000000", "7000000", "3000000"})},
		}, chart.Options{}), false},
		{"Expenditure by month", "chart.Columns", chart.Columns("XBDC expenditure by month, 2025", func() []chart.Bar {
			vals := []string{"2150000", "2480000", "3920000", "3310000", "4050000", "5120000", "3760000", "2980000", "4410000", "4870000", "5630000", "7240000"}
			var bs []chart.Bar
			for i, m := range months {
				bs = append(bs, chart.Bar{Label: m, Value: usd(vals[i]), Href: fmt.Sprintf("/reports/expenditure?month=2025-%02d", i+1)})
			}
			return bs
		}(), chart.Options{}), false},
		{"Signed contributions against target", "chart.Line — forecast dashed, target series and a target line", chart.Line("Cumulative signed contributions vs target, 2025", months, []chart.LineSeries{
			{Name: "Signed (forecast dashed)", Values: actualPlusForecast, Area: true, ForecastFrom: 9},
			{Name: "Target trajectory", Values: mk(target), Color: chart.ColorMuted, Dashed: true},
		}, chart.Options{Target: usd("72000000"), TargetLabel: "Annual target"}), false},
		{"Modality mix", "chart.Donut", chart.Donut("Portfolio by funding modality", []chart.Slice{
			{Label: "Earmarked project funding (XBDC)", Value: usd("412500000"), Href: "/projects?modality=xbdc"},
			{Label: "Regular budget (RB)", Value: usd("160300000")},
			{Label: "Lightly earmarked (RBSA)", Value: usd("52000000")},
			{Label: "Technical cooperation (RBTC)", Value: usd("27600000")},
			{Label: "South-South cooperation", Value: usd("9400000")},
		}, chart.Options{}), false},
		{"Coverage of the outcome budget", "chart.Bullet", chart.Bullet("Outcome 3 coverage", available[2], required[2], chart.Options{}), false},
		{"Coverage, surplus", "chart.Bullet — value beyond target", chart.Bullet("Outcome 4 coverage", available[3], required[3], chart.Options{Colors: []string{chart.ColorOK}}), false},
		{"Sparklines", "chart.Sparkline — inline in tables and KPI tiles", template.HTML(`<p>Delivery rate ` +
			string(chart.Sparkline("Delivery rate, last 12 months", mk([]string{"41", "44", "43", "47", "52", "55", "54", "58", "61", "63", "62", "66"}), chart.Options{Format: chart.Percent})) +
			` 66% &nbsp; Signed ` + string(chart.Sparkline("Signed", mk(signed[:9]), chart.Options{})) + ` $47.8M</p>`), false},
		{"Empty data", "Every chart renders a calm empty state", chart.HBar("Pipeline by donor", nil, chart.Options{}), false},
		{"Edge case: net flows", "chart.Columns — negative months (refunds) go below zero", chart.Columns("Net cash received by month", func() []chart.Bar {
			vals := []string{"1200000", "-350000", "800000", "0", "-1250000", "2400000", "950000"}
			var bs []chart.Bar
			for i, v := range vals {
				bs = append(bs, chart.Bar{Label: months[i], Value: usd(v)})
			}
			return bs
		}(), chart.Options{}), false},
		{"Edge case: stacked with a refund", "chart.StackedBar — negative part stacks left of zero", chart.StackedBar("Contributions by donor and year", []string{"Norway", "European Union", "United Kingdom"}, []chart.Series{
			{Name: "2024", Values: mk([]string{"4000000", "9000000", "-750000"})},
			{Name: "2025", Values: mk([]string{"5500000", "7200000", "2100000"})},
		}, chart.Options{}), false},
		{"Edge case: 36 months", "chart.Line — long series thin their labels", chart.Line("Delivery rate, 36 months", func() []string {
			var ls []string
			for y := 23; y <= 25; y++ {
				for _, m := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
					ls = append(ls, fmt.Sprintf("%s %d", m, y))
				}
			}
			return ls
		}(), []chart.LineSeries{{Name: "Delivery rate", Values: func() []chart.Value {
			var vs []chart.Value
			for i := range 36 {
				vs = append(vs, chart.Int(int64(30+i+(i%5)*3)))
			}
			return vs
		}()}}, chart.Options{Format: chart.Percent, Target: chart.Int(70), TargetLabel: "Target", NoLegend: true}), false},
		{"Edge case: one slice", "chart.Donut — a single 100% slice", chart.Donut("Funding by modality, Tuvalu", []chart.Slice{{Label: "Regular budget (RB)", Value: usd("450000")}}, chart.Options{}), false},
		{"Expenditure by country", "chart.WorldMap — sequential scale, small states as dots, links", chart.WorldMap(map[string]chart.Value{
			"KE": usd("18400000"), "ET": usd("12900000"), "TZ": usd("7600000"), "UG": usd("6100000"), "BR": usd("9800000"), "IN": usd("22100000"),
			"BD": usd("31400000"), "JO": usd("15200000"), "LB": usd("11900000"), "CO": usd("8700000"), "PE": usd("3200000"), "MM": usd("5600000"),
			"VN": usd("4100000"), "ID": usd("6900000"), "PK": usd("9100000"), "SN": usd("2800000"), "CI": usd("4400000"), "ZA": usd("5100000"),
			"MZ": usd("3600000"), "HT": usd("2200000"), "FJ": usd("1300000"), "TV": usd("450000"), "BB": usd("620000"), "MV": usd("780000"),
			"WS": usd("510000"), "TO": usd("390000"), "KI": usd("300000"), "MU": usd("640000"), "UA": usd("14200000"), "FR": usd("250000"), "XK": usd("900000"),
		}, chart.MapOptions{Title: "XBDC expenditure by country, 2025", LegendTitle: "Expenditure (USD)", Link: func(c string) string { return "/projects?country=" + c }}), true},
		{"Net funding position by country", "chart.WorldMap — diverging scale (negative = surplus)", chart.WorldMap(map[string]chart.Value{
			"KE": usd("-2400000"), "ET": usd("5200000"), "NG": usd("8100000"), "BR": usd("-1200000"), "IN": usd("3400000"), "CN": usd("-600000"),
			"US": usd("1900000"), "RU": usd("2500000"), "AU": usd("-3100000"), "EG": usd("4400000"), "AR": usd("700000"), "CA": usd("-900000"),
		}, chart.MapOptions{Title: "Funding gap by country (negative = surplus)", LegendTitle: "Gap (USD)"}), true},
	}
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>devcoop charts — styleguide</title><link rel="stylesheet" href="css/app.css"></head>
<body><main class="main" id="main"><div class="container">
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="styleguide.html">Styleguide</a></li><li aria-current="page">Charts</li></ol></nav>
<header class="page-header"><div><h1>Charts</h1><p class="page-subtitle">Server-rendered SVG from <code>devcoop/web/chart</code>. Generated by <code>go run ./web/chart/internal/demo</code>; do not edit by hand.</p></div></header>
<div class="grid grid-2">
`)
	for _, s := range secs {
		cls := "card"
		if s.wide {
			cls += " span-all"
		}
		fmt.Fprintf(&b, "<section class=\"%s\"><header class=\"card-header\"><h2 class=\"card-title\">%s</h2><p class=\"card-subtitle\">%s</p></header><div class=\"card-body\">\n%s\n</div></section>\n",
			cls, template.HTMLEscapeString(s.title), template.HTMLEscapeString(s.note), s.html)
	}
	b.WriteString("</div></div></main></body></html>\n")
	os.Stdout.WriteString(b.String())
}
