package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"devcoop/money"
)

func dec(s string) *money.Decimal {
	d := money.MustParse(s)
	return &d
}

func writeCSV(t *testing.T, tb *Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(&b, tb); err != nil {
		t.Fatalf("WriteCSV: %v", err)
	}
	return b.String()
}

// readCSV parses the output the way a strict RFC 4180 reader would, after
// checking and removing the BOM.
func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	body, ok := strings.CutPrefix(out, "\uFEFF")
	if !ok {
		t.Fatalf("output does not start with a UTF-8 BOM: %q", out[:min(len(out), 10)])
	}
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v\n%s", err, out)
	}
	return recs
}

func TestCSVQuotingAndBOM(t *testing.T) {
	tb := &Table{
		Title:   "ignored in CSV",
		Columns: []Column{{Title: "Partner, name"}, {Title: "Note"}},
		Rows: [][]Cell{
			{TextCell(`Say "hi"`), TextCell("line one\nline two")},
			{TextCell("Côte d'Ivoire"), TextCell("plain")},
			{TextCell("short row")},
		},
		Notes: []string{"not in CSV"},
	}
	out := writeCSV(t, tb)
	want := "\uFEFF" +
		"\"Partner, name\",Note\r\n" +
		"\"Say \"\"hi\"\"\",\"line one\r\nline two\"\r\n" +
		"Côte d'Ivoire,plain\r\n" +
		"short row,\r\n"
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
	recs := readCSV(t, out)
	if got := recs[1][1]; got != "line one\nline two" {
		t.Errorf("embedded line break read back as %q", got)
	}
	if strings.Contains(out, "ignored") || strings.Contains(out, "not in CSV") {
		t.Error("title or notes leaked into CSV")
	}
}

func TestCSVFormulaInjection(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1+2", "'+1+2"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tindent", "'\tindent"},
		{"safe = text", "safe = text"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			tb := &Table{Columns: []Column{{Title: "A"}, {Title: "Amount", Kind: Money}}, Rows: [][]Cell{{TextCell(tt.in), {Text: "-n/a"}}}}
			recs := readCSV(t, writeCSV(t, tb))
			if got := recs[1][0]; got != tt.want {
				t.Errorf("text cell: got %q, want %q", got, tt.want)
			}
			if got := recs[1][1]; got != "'-n/a" {
				t.Errorf("text in a money column without a decimal: got %q, want %q", got, "'-n/a")
			}
		})
	}
	t.Run("header", func(t *testing.T) {
		recs := readCSV(t, writeCSV(t, &Table{Columns: []Column{{Title: "=cmd|' /C calc'!A0"}}}))
		if got := recs[0][0]; !strings.HasPrefix(got, "'=") {
			t.Errorf("header not defused: %q", got)
		}
	})
}

func TestCSVExactDecimals(t *testing.T) {
	tb := &Table{
		Columns: []Column{{Title: "Money", Kind: Money}, {Title: "Number", Kind: Number}, {Title: "Percent", Kind: Percent}, {Title: "Text"}},
		Rows: [][]Cell{
			{DecimalCell(money.MustParse("123456789012.35")), {Decimal: dec("0.1234567890123456789")}, {Decimal: dec("12.5")}, {Decimal: dec("7.10")}},
			{{Decimal: dec("-0.5")}, {Decimal: dec("-98765432109876543210")}, {Decimal: dec("-3")}, {}},
			{{Decimal: dec("5")}, {Decimal: dec("1.000")}, {}, {}},
			{{Decimal: dec("0.125")}, {}, {}, {}},
		},
		Totals: []Cell{{Decimal: dec("123456789017.975")}, {}, {}, TextCell("Total")},
	}
	recs := readCSV(t, writeCSV(t, tb))
	want := [][]string{
		{"Money", "Number", "Percent", "Text"},
		{"123456789012.35", "0.1234567890123456789", "12.5", "7.10"},
		// Negative numbers stay numbers: only text is defused.
		{"-0.50", "-98765432109876543210", "-3", ""},
		{"5.00", "1.000", "", ""},
		{"0.125", "", "", ""},
		{"123456789017.975", "", "", "Total"},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d: %q", len(recs), len(want), recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: got %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestCSVErrors(t *testing.T) {
	if err := WriteCSV(&bytes.Buffer{}, nil); !errors.Is(err, ErrNil) {
		t.Errorf("nil table: err = %v, want ErrNil", err)
	}
	long := &Table{Columns: []Column{{Title: "A"}}, Rows: [][]Cell{{TextCell("1"), TextCell("2")}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, long); err == nil {
		t.Error("row longer than columns: want an error")
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", b.Len())
	}
}

func TestCSVEmptyAndDirty(t *testing.T) {
	if got := writeCSV(t, &Table{}); got != "\uFEFF" {
		t.Errorf("empty table: got %q", got)
	}
	tb := &Table{Columns: []Column{{Title: "A", Kind: Number}}, Rows: [][]Cell{{}, {{Text: "bad\xffbyte\x00nul\r\nline"}}}}
	recs := readCSV(t, writeCSV(t, tb))
	if got := recs[2][0]; got != "bad\uFFFDbytenul\nline" {
		t.Errorf("dirty text: got %q", got)
	}
}
