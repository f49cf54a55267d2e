package export

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"devcoop/money"
)

// renderPDF writes r uncompressed, so that tests can read the page text.
func renderPDF(t *testing.T, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := writePDF(&b, r, false); err != nil {
		t.Fatalf("writePDF: %v", err)
	}
	data := b.Bytes()
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
		t.Fatalf("output is not a PDF: starts %q", data[:min(len(data), 16)])
	}
	return data
}

var (
	pageObject = regexp.MustCompile(`/Type /Page\b[^s]`)
	pageCount  = regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`)
)

// pdfPageCount counts the page objects and checks them against the page
// tree's /Count.
func pdfPageCount(t *testing.T, data []byte) int {
	t.Helper()
	n := len(pageObject.FindAll(data, -1))
	m := pageCount.FindSubmatch(data)
	if m == nil {
		t.Fatal("no page tree /Count")
	}
	if c, _ := strconv.Atoi(string(m[1])); c != n {
		t.Fatalf("page tree counts %d pages, file has %d page objects", c, n)
	}
	return n
}

// pdfPageTexts returns the text drawn on each page, one string per text
// operation. It reads what fpdf writes for UTF-8 fonts: uncompressed
// content streams whose strings are UTF-16BE.
func pdfPageTexts(t *testing.T, data []byte) [][]string {
	t.Helper()
	chunks := strings.Split(string(data), "<</Type /Page\n")[1:]
	pages := make([][]string, len(chunks))
	for i, c := range chunks {
		start := strings.Index(c, "stream\n")
		end := strings.Index(c, "endstream")
		if start < 0 || end < start {
			t.Fatalf("page %d has no content stream", i+1)
		}
		pages[i] = pdfStrings(t, c[start:end])
	}
	return pages
}

func pdfStrings(t *testing.T, content string) []string {
	t.Helper()
	var out []string
	for i := 0; i < len(content); i++ {
		if content[i] != '(' {
			continue
		}
		var raw []byte
		j := i + 1
		for ; j < len(content) && content[j] != ')'; j++ {
			c := content[j]
			if c != '\\' {
				raw = append(raw, c)
				continue
			}
			j++
			switch e := content[j]; e {
			case 'n':
				raw = append(raw, '\n')
			case 'r':
				raw = append(raw, '\r')
			case 't':
				raw = append(raw, '\t')
			case 'b':
				raw = append(raw, '\b')
			case 'f':
				raw = append(raw, '\f')
			default:
				if e >= '0' && e <= '7' {
					k := j
					for k < j+3 && k < len(content) && content[k] >= '0' && content[k] <= '7' {
						k++
					}
					v, _ := strconv.ParseUint(content[j:k], 8, 8)
					raw = append(raw, byte(v))
					j = k - 1
				} else {
					raw = append(raw, e)
				}
			}
		}
		if !strings.HasPrefix(strings.TrimLeft(content[j+1:], " "), "Tj") {
			t.Fatalf("string not followed by Tj at %q", content[i:min(len(content), i+40)])
		}
		if len(raw)%2 != 0 {
			t.Fatalf("odd-length UTF-16 string %q", raw)
		}
		u := make([]uint16, len(raw)/2)
		for k := range u {
			u[k] = uint16(raw[2*k])<<8 | uint16(raw[2*k+1])
		}
		out = append(out, string(utf16.Decode(u)))
		i = j
	}
	return out
}

func joined(page []string) string { return strings.Join(page, "\n") }

func TestPDFBrief(t *testing.T) {
	data := renderPDF(t, sampleReport(60))
	n := pdfPageCount(t, data)
	pages := pdfPageTexts(t, data)
	if len(pages) != n || n < 2 {
		t.Fatalf("%d pages of text for %d pages", len(pages), n)
	}
	first := joined(pages[0])
	for _, want := range []string{
		"Country brief: Côte d'Ivoire",
		"Development cooperation portfolio, 2026 workplan",
		"Generated 2 March 2026, 14:05 UTC",
		"Regional office", "Dakar",
		"Summary", "Key figures", "Risks", "•",
		"São Tomé", "Türkiye", "−4.2",
		"Internal – not for distribution",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	for i, p := range pages {
		text := joined(p)
		if want := fmt.Sprintf("Page %d of %d", i+1, n); !strings.Contains(text, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if i > 0 && !strings.Contains(text, "Generated 2 March 2026, 14:05 UTC") {
			t.Errorf("page %d has no running header", i+1)
		}
	}
	all := ""
	for _, p := range pages {
		all += joined(p)
	}
	for _, want := range []string{"Ελληνική Βοήθεια", "Фонд развития", "Príncipe"} {
		if !strings.Contains(all, want) {
			t.Errorf("no page shows %q", want)
		}
	}
	last := joined(pages[n-1])
	if !strings.Contains(last, "Total") || !strings.Contains(last, "Converted at UN operational rates") {
		t.Error("totals or notes missing from the last page")
	}
	if !bytes.Contains(data, []byte("/URI (https://devcoop.example/components/1)")) {
		t.Error("component links are missing")
	}
	if !bytes.Contains(data, []byte("/FontFile2")) {
		t.Error("the TrueType font is not embedded")
	}
}

func TestPDFLongTableRepeatsHeader(t *testing.T) {
	const rows = 2000
	r := sampleReport(rows)
	data := renderPDF(t, r)
	n := pdfPageCount(t, data)
	if n < 20 {
		t.Fatalf("a %d-row table fits on %d pages", rows, n)
	}
	pages := pdfPageTexts(t, data)
	codes := regexp.MustCompile(`^WP-(\d{4})$`)
	next := 1
	for i, p := range pages {
		seen := 0
		for _, s := range p {
			m := codes.FindStringSubmatch(s)
			if m == nil {
				continue
			}
			// Every row once, in order, across all the page breaks.
			if got, _ := strconv.Atoi(m[1]); got != next {
				t.Fatalf("page %d: row %d follows row %d", i+1, got, next-1)
			}
			next++
			seen++
		}
		if seen == 0 {
			continue
		}
		// Each page with rows starts them under the header.
		header := 0
		for _, s := range p {
			if s == "Budget (USD)" || s == "Disbursed" {
				header++
			}
		}
		if header != 2 {
			t.Errorf("page %d: header printed %d times, want once", i+1, header/2)
		}
	}
	if next != rows+1 {
		t.Errorf("printed %d rows, want %d", next-1, rows)
	}
	if !strings.Contains(joined(pages[n-1]), "Page "+strconv.Itoa(n)+" of "+strconv.Itoa(n)) {
		t.Error("last page number wrong")
	}
}

func TestPDFCompressedByDefault(t *testing.T) {
	var b bytes.Buffer
	if err := WritePDF(&b, sampleReport(200)); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if bytes.Contains(data, []byte(") Tj")) {
		t.Error("page content is not compressed")
	}
	if got, want := pdfPageCount(t, data), pdfPageCount(t, renderPDF(t, sampleReport(200))); got != want {
		t.Errorf("compressed PDF has %d pages, uncompressed %d", got, want)
	}
	if !bytes.Contains(data, []byte("/Creator (devcoop)")) && !bytes.Contains(data, []byte("/Creator (\xfe\xff")) {
		t.Error("creator not set")
	}
}

func TestPDFOrientation(t *testing.T) {
	landscape := []byte("/MediaBox [0 0 841.89 595.28]")
	wide := &Table{Title: "Wide"}
	for i := 0; i < 12; i++ {
		wide.Columns = append(wide.Columns, Column{Title: fmt.Sprintf("Amount %d", i), Kind: Money})
	}
	wide.Rows = [][]Cell{make([]Cell, 12)}
	for i := range wide.Rows[0] {
		wide.Rows[0][i] = Cell{Decimal: dec("123456789.12")}
	}
	tests := []struct {
		name string
		r    *Report
		want bool
	}{
		{"narrow table stays portrait", sampleReport(5), false},
		{"wide table turns landscape", &Report{Title: "Gaps", Sections: []Section{{Table: wide}}}, true},
		{"portrait forced", &Report{Orientation: Portrait, Sections: []Section{{Table: wide}}}, false},
		{"landscape forced", &Report{Orientation: Landscape}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bytes.Contains(renderPDF(t, tt.r), landscape); got != tt.want {
				t.Errorf("landscape = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPDFDisplay(t *testing.T) {
	tests := []struct {
		kind Kind
		in   string
		want string
	}{
		{Money, "1234567.891", "1,234,567.89"},
		{Money, "0.125", "0.13"},
		{Money, "-0.004", "0.00"},
		{Money, "-1234", "−1,234.00"},
		{Money, "123456789012.35", "123,456,789,012.35"},
		{Number, "1000", "1,000"},
		{Number, "999", "999"},
		{Number, "-0.000001", "−0.000001"},
		{Percent, "12.5", "12.5%"},
		{Percent, "-3", "−3%"},
	}
	for _, tt := range tests {
		if got := display(tt.kind, money.MustParse(tt.in)); got != tt.want {
			t.Errorf("display(%v, %s) = %q, want %q", tt.kind, tt.in, got, tt.want)
		}
	}
}

func TestPDFWrap(t *testing.T) {
	d := newPDF(&Report{}, false)
	d.setFont("", tablePt)
	texts := []string{
		"",
		"short",
		"The 2026 workplan concentrates on water, sanitation and hygiene in the northern districts.",
		strings.Repeat("x", 500),
		"https://devcoop.example/a/very/long/path/without/any/spaces/that/must/break/somewhere/in/the/middle",
		"first line\nsecond line\n\nafter a blank line",
		"Côte d'Ivoire Ελληνική Фонд развития 中文",
	}
	for _, s := range texts {
		for _, w := range []float64{5, 20, 60} {
			lines := d.wrap(s, w)
			for _, l := range lines {
				if d.f.GetStringWidth(l) > w+0.001 && len([]rune(l)) > 1 {
					t.Errorf("wrap(%.20q, %v): line %q is %.1f mm wide", s, w, l, d.f.GetStringWidth(l))
				}
			}
			// Nothing is lost but the spaces where lines break.
			if got, want := strings.Join(strings.Fields(strings.Join(lines, "")), ""), strings.Join(strings.Fields(s), ""); got != want {
				t.Errorf("wrap(%.20q, %v) lost text: %q", s, w, got)
			}
			if got, want := len(lines), strings.Count(s, "\n")+1; got < want {
				t.Errorf("wrap(%.20q, %v) kept %d of %d lines", s, w, got, want)
			}
		}
	}
}

// TestNoPanics feeds every writer the tables that go wrong in practice.
func TestNoPanics(t *testing.T) {
	long := strings.Repeat("A very long remark about the partner, ", 3000)
	unbroken := strings.Repeat("x", 100000)
	tables := map[string]*Table{
		"zero value":         {},
		"columns, no rows":   {Title: "Empty", Columns: []Column{{Title: "Name"}, {Title: "Amount", Kind: Money}}, Totals: []Cell{}},
		"rows of nothing":    {Columns: []Column{{Title: "Amount", Kind: Money}, {Title: "Pct", Kind: Percent}}, Rows: [][]Cell{{}, {{}, {}}, nil}},
		"nil decimals":       {Columns: []Column{{Title: "Amount", Kind: Money}}, Rows: [][]Cell{{{Text: "n/a"}}, {{Decimal: nil}}}, Totals: []Cell{{}}},
		"very long text":     {Columns: []Column{{Title: long}, {Title: "B"}}, Rows: [][]Cell{{TextCell(long), TextCell(unbroken)}}, Notes: []string{long}},
		"odd characters":     {Title: "\x00\x1b[31m😀 中文 \ufffe", Columns: []Column{{Title: "😀"}}, Rows: [][]Cell{{TextCell("\t=1+1\x7f 😀 \U00010000 \xff")}}},
		"one narrow column":  {Columns: []Column{{Title: "N", Width: 0.1}}, Rows: [][]Cell{{TextCell(unbroken)}}},
		"many columns":       manyColumns(60),
		"huge and tiny nums": {Columns: []Column{{Title: "N", Kind: Number}, {Title: "M", Kind: Money}, {Title: "D", Kind: Date}}, Rows: [][]Cell{{{Decimal: dec("1" + strings.Repeat("0", 400))}, {Decimal: dec("0." + strings.Repeat("0", 60) + "1")}, TextCell("1899-12-31")}}},
	}
	for name, tb := range tables {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteCSV(&b, tb); err != nil {
				t.Errorf("CSV: %v", err)
			}
			b.Reset()
			if err := WriteXLSX(&b, tb); err != nil {
				t.Errorf("XLSX: %v", err)
			} else {
				openXLSX(t, b.Bytes())
			}
			data := renderPDF(t, &Report{Title: tb.Title, Meta: [][2]string{{long, long}}, Sections: []Section{{Heading: long, Paragraphs: []string{long, unbroken}, Bullets: []string{""}, KeyValues: [][2]string{{"", ""}}, Table: tb}}})
			if pdfPageCount(t, data) == 0 {
				t.Error("PDF has no page")
			}
		})
	}
	t.Run("empty report", func(t *testing.T) {
		if n := pdfPageCount(t, renderPDF(t, &Report{})); n != 1 {
			t.Errorf("empty report has %d pages", n)
		}
	})
	t.Run("errors", func(t *testing.T) {
		if err := WritePDF(&bytes.Buffer{}, nil); err == nil {
			t.Error("nil report: want an error")
		}
		bad := &Table{Columns: []Column{{Title: "A"}}, Totals: []Cell{{}, {}}}
		if err := WritePDF(&bytes.Buffer{}, &Report{Sections: []Section{{Table: bad}}}); err == nil {
			t.Error("totals longer than columns: want an error")
		}
	})
}

func manyColumns(n int) *Table {
	t := &Table{}
	row := make([]Cell, n)
	for i := range n {
		t.Columns = append(t.Columns, Column{Title: fmt.Sprintf("Column number %d", i), Kind: Number})
		row[i] = Cell{Decimal: dec("-12345678901234567890.123")}
	}
	t.Rows = [][]Cell{row}
	return t
}
