package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeXLSX(t *testing.T, sheets ...*Table) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSX(&b, sheets...); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	return b.Bytes()
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output does not open as XLSX: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rawSheetXML returns the worksheet part as stored, to check what excelize's
// own reader might normalise.
func rawSheetXML(t *testing.T, data []byte, n int) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	name := "xl/worksheets/sheet" + string(rune('0'+n)) + ".xml"
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func raw(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

func cellStyle(t *testing.T, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func numFmt(st *excelize.Style) string {
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

func workplan() *Table {
	return &Table{
		Title:    "Workplan 2026 – Côte d'Ivoire",
		Subtitle: "All amounts in USD",
		Sheet:    "Workplan",
		Columns: []Column{
			{Title: "Activity"},
			{Title: "Budget (USD)", Kind: Money},
			{Title: "Share", Kind: Percent},
			{Title: "Units", Kind: Number},
			{Title: "Start", Kind: Date},
		},
		Rows: [][]Cell{
			{{Text: "Water points", Link: "https://example.org/a/1"}, {Decimal: dec("123456789012.35")}, {Decimal: dec("12.5")}, {Decimal: dec("3")}, TextCell("2026-03-31")},
			{TextCell("=SUM(A1)"), {Decimal: dec("0.1234567890123456789")}, {Decimal: dec("-0.25")}, {Decimal: dec("1.125")}, TextCell("Q3 2026")},
			{TextCell("Evaluation"), {Text: "n/a"}, {}, {}, {}},
		},
		Totals: []Cell{TextCell("Total"), {Decimal: dec("123456789012.4734567890123456789")}},
		Notes:  []string{"Converted at UN operational rates; rate per line in the Rates sheet"},
	}
}

func TestXLSXLayoutAndExactValues(t *testing.T) {
	rates := &Table{Title: "Rates", Columns: []Column{{Title: "Currency"}, {Title: "Rate", Kind: Number}}, Rows: [][]Cell{{TextCell("XOF"), {Decimal: dec("0.001652893")}}}}
	data := writeXLSX(t, workplan(), rates)
	f := openXLSX(t, data)

	if got := strings.Join(f.GetSheetList(), "|"); got != "Workplan|Rates" {
		t.Errorf("sheets = %q", got)
	}
	const s = "Workplan"
	// Title, subtitle, a blank line, then the header on row 4.
	for ref, want := range map[string]string{
		"A1": "Workplan 2026 – Côte d'Ivoire", "A2": "All amounts in USD", "A3": "",
		"A4": "Activity", "B4": "Budget (USD)", "C4": "Share", "E4": "Start",
		"A5": "Water points", "A6": "=SUM(A1)", "B7": "n/a", "A8": "Total",
		"A10": "Converted at UN operational rates; rate per line in the Rates sheet",
	} {
		if got := raw(t, f, s, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if fm, _ := f.GetCellFormula(s, "A6"); fm != "" {
		t.Errorf("text became a formula: %q", fm)
	}

	numbers := []struct{ ref, value, format string }{
		{"B5", "123456789012.35", "#,##0.00"},
		{"B6", "0.1234567890123456789", "#,##0.00"},
		{"C5", "0.125", "0.0%"},
		{"C6", "-0.0025", "0.00%"},
		{"D5", "3", "#,##0"},
		{"D6", "1.125", "#,##0.000"},
		{"E5", "46112", "yyyy-mm-dd"}, // 2026-03-31
		{"B8", "123456789012.4734567890123456789", "#,##0.00"},
	}
	sheetXML := rawSheetXML(t, data, 1)
	for _, n := range numbers {
		if got := raw(t, f, s, n.ref); got != n.value {
			t.Errorf("%s = %q, want exactly %q", n.ref, got, n.value)
		}
		if typ, _ := f.GetCellType(s, n.ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s has cell type %v, want a number", n.ref, typ)
		}
		// In the file: <c r="B5" s="…"><v>123456789012.35</v></c>, no t="…".
		re := regexp.MustCompile(`<c r="` + n.ref + `"( s="\d+")?><v>` + regexp.QuoteMeta(n.value) + `</v></c>`)
		if !re.MatchString(sheetXML) {
			t.Errorf("%s is not stored as the numeric value %s", n.ref, n.value)
		}
		if got := numFmt(cellStyle(t, f, s, n.ref)); got != n.format {
			t.Errorf("%s number format = %q, want %q", n.ref, got, n.format)
		}
	}
	if typ, _ := f.GetCellType(s, "E6"); typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
		t.Error(`a date column's "Q3 2026" should stay text`)
	}

	if !cellStyle(t, f, s, "B4").Font.Bold || !cellStyle(t, f, s, "A4").Font.Bold {
		t.Error("header is not bold")
	}
	if !cellStyle(t, f, s, "A8").Font.Bold || !cellStyle(t, f, s, "B8").Font.Bold {
		t.Error("totals are not bold")
	}
	if cellStyle(t, f, s, "A5").Font.Bold {
		t.Error("body is bold")
	}
	if al := cellStyle(t, f, s, "B5").Alignment; al == nil || al.Horizontal != "right" {
		t.Error("money is not right-aligned")
	}

	panes, err := f.GetPanes(s)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 4 || panes.TopLeftCell != "A5" {
		t.Errorf("panes = %+v, want the header row 4 frozen", panes)
	}
	if !regexp.MustCompile(`<autoFilter ref="\$?A\$?4:\$?E\$?7"`).MatchString(sheetXML) {
		t.Error("no autofilter over header and rows A4:E7")
	}
	printTitles := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == s && dn.RefersTo == "'Workplan'!$4:$4" {
			printTitles = true
		}
	}
	if !printTitles {
		t.Errorf("header row does not repeat on printed pages: %+v", f.GetDefinedName())
	}
	if al := cellStyle(t, f, s, "E5").Alignment; al == nil || al.Horizontal != "left" {
		t.Error("a date in a left-aligned column is not left-aligned")
	}
	if w, _ := f.GetColWidth(s, "A"); w < 12 || w > 60 {
		t.Errorf("column A width = %v", w)
	}
	if link, target, _ := f.GetCellHyperLink(s, "A5"); !link || target != "https://example.org/a/1" {
		t.Errorf("A5 link = %v %q", link, target)
	}

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != "devcoop" || props.Title != "Workplan 2026 – Côte d'Ivoire" {
		t.Errorf("doc props = %+v", props)
	}

	// A table without title starts at the top, header frozen on row 1.
	if got := raw(t, f, "Rates", "A1"); got != "Rates" {
		t.Errorf("Rates!A1 = %q", got)
	}
	if got := raw(t, f, "Rates", "B4"); got != "0.001652893" {
		t.Errorf("Rates!B4 = %q", got)
	}
}

func TestXLSXSheetNames(t *testing.T) {
	long := strings.Repeat("Partner list ", 5)
	data := writeXLSX(t,
		&Table{Title: long},
		&Table{Title: long},
		&Table{Title: "Q1/Q2: [draft]*?"},
		&Table{},
		&Table{Title: "History"},
		&Table{Title: "'quoted'"},
	)
	got := openXLSX(t, data).GetSheetList()
	want := []string{"Partner list Partner list Partn", "Partner list Partner list P (2)", "Q1-Q2- -draft---", "Sheet 4", "Sheet 5", "quoted"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheet names\n got %q\nwant %q", got, want)
	}
}

func TestXLSXEdgeCases(t *testing.T) {
	if err := WriteXLSX(io.Discard); !errors.Is(err, ErrNoSheets) {
		t.Errorf("no tables: err = %v", err)
	}
	if err := WriteXLSX(io.Discard, workplan(), nil); err == nil {
		t.Error("nil table: want an error")
	}
	huge := strings.Repeat("long text without end ", 3000)
	data := writeXLSX(t,
		&Table{},
		&Table{Title: "Only columns", Columns: []Column{{Title: "A", Kind: Money}}},
		&Table{Columns: []Column{{Title: "Text"}, {Title: "Money", Kind: Money}}, Rows: [][]Cell{{TextCell(huge), {}}, {{Text: "\x00bad\xff", Link: "javascript:alert(1)"}}}},
	)
	f := openXLSX(t, data)
	if got := raw(t, f, "Sheet 3", "A2"); len(got) < 32000 || !strings.HasPrefix(got, "long text") {
		t.Errorf("long text cut badly: %d bytes", len(got))
	}
	if got := raw(t, f, "Sheet 3", "A3"); got != "bad\uFFFD" {
		t.Errorf("dirty text = %q", got)
	}
	if link, _, _ := f.GetCellHyperLink("Sheet 3", "A3"); link {
		t.Error("a javascript: link was kept")
	}
}
