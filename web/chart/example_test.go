package chart_test

import (
	"fmt"
	"html/template"
	"os"

	"devcoop/web/chart"
)

func ExampleCompact() {
	fmt.Println(chart.Compact(chart.Cents(120000000), chart.Money))
	fmt.Println(chart.Compact(chart.Dec("-1550000"), chart.Money))
	fmt.Println(chart.Exact(chart.Dec("1234567.891"), chart.Money))
	fmt.Println(chart.Compact(chart.Dec("72.5"), chart.Percent))
	// Output:
	// $1.2M
	// −$1.55M
	// $1,234,567.89
	// 72.5%
}

// A handler builds the chart and hands it to its template as template.HTML,
// which html/template inserts as is.
func ExampleHBar() {
	gap := chart.HBar("Funding gap by outcome", []chart.Bar{
		{Label: "1. Employment promotion", Value: chart.Dec("11350000.00"), Href: "/gaps?outcome=1"},
		{Label: "4. Sustainable enterprises", Value: chart.Dec("-1550000.00")}, // a surplus
	}, chart.Options{Colors: []string{chart.ColorWarn}})
	t := template.Must(template.New("p").Parse(`<section class="card"><div class="card-body">{{.Gap}}</div></section>`))
	_ = t.Execute(os.Stdout, map[string]any{"Gap": gap})
}

func ExampleWorldMap() {
	m := chart.WorldMap(map[string]chart.Value{
		"KE": chart.Cents(1840000000),
		"BD": chart.Dec("31400000"),
		"TV": chart.Dec("450000"), // drawn as a dot
	}, chart.MapOptions{
		Title:       "Expenditure by country, 2025",
		LegendTitle: "Expenditure (USD)",
		Link:        func(code string) string { return "/projects?country=" + code },
	})
	_ = m
}
