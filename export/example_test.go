package export_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"devcoop/export"
	"devcoop/money"
)

func partnerTable() *export.Table {
	return &export.Table{
		Title:   "Partners",
		Columns: []export.Column{{Title: "Partner"}, {Title: "Committed (USD)", Kind: export.Money}, {Title: "Share", Kind: export.Percent}},
		Rows: [][]export.Cell{
			{export.TextCell("Türkiye Red Crescent"), export.DecimalCell(money.MustParse("1250000")), export.DecimalCell(money.MustParse("62.5"))},
			{export.TextCell("=Ministry of Water"), export.DecimalCell(money.MustParse("750000.125")), export.DecimalCell(money.MustParse("37.5"))},
		},
		Totals: []export.Cell{export.TextCell("Total"), export.DecimalCell(money.MustParse("2000000.125")), {}},
	}
}

func ExampleWriteCSV() {
	var b strings.Builder
	if err := export.WriteCSV(&b, partnerTable()); err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(strings.TrimPrefix(b.String(), "\uFEFF"), "\r\n", "\n"))
	// Output:
	// Partner,Committed (USD),Share
	// Türkiye Red Crescent,1250000.00,62.5
	// '=Ministry of Water,750000.125,37.5
	// Total,2000000.125,
}

// A handler offers a table as a workbook download. The pages own their
// handlers; this shows the three lines they need.
func ExampleWriteXLSX() {
	handler := func(w http.ResponseWriter, r *http.Request) {
		t := partnerTable()
		w.Header().Set("Content-Type", export.ContentTypeXLSX)
		w.Header().Set("Content-Disposition", export.ContentDisposition(t.Title+" 2026.xlsx"))
		if err := export.WriteXLSX(w, t); err != nil {
			slog.Error("partner export", "err", err) // headers are gone; log it
		}
	}
	_ = handler
	fmt.Println(export.ContentDisposition("Partners – Côte d'Ivoire.xlsx"))
	// Output:
	// attachment; filename="Partners-Cote-d-Ivoire.xlsx"; filename*=UTF-8''Partners%20%E2%80%93%20C%C3%B4te%20d%27Ivoire.xlsx
}

func ExampleWritePDF() {
	r := &export.Report{
		Title:    "Partner brief: Türkiye Red Crescent",
		Subtitle: "Cooperation 2024–2026",
		Meta:     [][2]string{{"Country", "Türkiye"}, {"Focal point", "Programme Support Unit"}},
		Footer:   "Internal",
		Sections: []export.Section{
			{Heading: "Summary", Paragraphs: []string{"Emergency health and WASH partner since 2019."}},
			{Heading: "Commitments", Table: partnerTable()},
		},
	}
	f, err := os.CreateTemp("", "brief-*.pdf")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := export.WritePDF(f, r); err != nil {
		panic(err)
	}
	fmt.Println(export.SafeFilename(r.Title + ".pdf"))
	// Output:
	// Partner-brief-Turkiye-Red-Crescent.pdf
}
