package export

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"devcoop/money"
)

// Align is the horizontal alignment of a column.
type Align int

const (
	// Auto right-aligns Money, Number and Percent columns and left-aligns
	// the others. It is the zero value.
	Auto Align = iota
	// Left aligns cells to the left.
	Left
	// Right aligns cells to the right.
	Right
)

// Kind says what a column holds, and so how its cells are written.
type Kind int

const (
	// Text is plain text (the zero value).
	Text Kind = iota
	// Money is an amount: a Decimal shown with two decimal places. CSV and
	// XLSX keep every digit of the Decimal; the PDF rounds half away from
	// zero to cents.
	Money
	// Number is a Decimal shown with the decimal places it has.
	Number
	// Percent is a Decimal in percentage points: 12.5 means 12.5 %. XLSX
	// stores the exact fraction (0.125) with a percent format, so formulas
	// work; CSV writes the points (12.5).
	Percent
	// Date is a date as Text in ISO form, "2026-03-31". XLSX turns such a
	// text into a real date cell; any other text is kept as text.
	Date
)

func (k Kind) numeric() bool { return k == Money || k == Number || k == Percent }

// Column describes one column of a Table.
type Column struct {
	Title string
	Align Align
	Kind  Kind
	// Width is the column's width in characters (the unit of a spreadsheet
	// column width). Zero sizes the column to its content. The PDF keeps
	// the proportions but scales columns to fit the page.
	Width float64
}

// Cell is one value of a Table.
type Cell struct {
	// Text is the value of a Text or Date cell. In a numeric column it is
	// shown only when Decimal is nil, for "n/a" or "–".
	Text string
	// Decimal is the exact value of a Money, Number or Percent cell. In a
	// Text or Date column it is written as text when Text is empty.
	Decimal *money.Decimal
	// Link, an absolute http, https or mailto URL, makes the cell a link in
	// XLSX (the first 10,000 per sheet) and PDF. Other URLs are ignored;
	// CSV writes the text only.
	Link string
}

// Table is a titled grid of cells with an optional totals row.
type Table struct {
	Title    string
	Subtitle string
	// Sheet names the table's XLSX worksheet; it defaults to Title. Sheet
	// names are cut to 31 characters and made unique.
	Sheet   string
	Columns []Column
	// Rows hold one Cell per column. A short row is padded with empty
	// cells; a row longer than Columns is an error.
	Rows [][]Cell
	// Totals, if not nil, is written in bold after the rows.
	Totals []Cell
	// Notes are printed below the table in XLSX and PDF, e.g. "Converted
	// at UN operational rates; rate per line in the Rates sheet". CSV,
	// being data only, leaves them out, as it leaves out Title and Subtitle.
	Notes []string
}

// TextCell returns a Cell holding s.
func TextCell(s string) Cell { return Cell{Text: s} }

// DecimalCell returns a Cell holding d.
func DecimalCell(d money.Decimal) Cell { return Cell{Decimal: &d} }

// ErrNil is returned when a nil *Table or *Report is passed in.
var ErrNil = errors.New("export: nil table or report")

// check reports the first structural problem of t, so that writers can fail
// before they write anything.
func (t *Table) check() error {
	if t == nil {
		return ErrNil
	}
	for i, r := range t.Rows {
		if len(r) > len(t.Columns) {
			return fmt.Errorf("export: table %q: row %d has %d cells for %d columns", t.Title, i+1, len(r), len(t.Columns))
		}
	}
	if len(t.Totals) > len(t.Columns) {
		return fmt.Errorf("export: table %q: totals row has %d cells for %d columns", t.Title, len(t.Totals), len(t.Columns))
	}
	return nil
}

// cell returns the cell of row at column i, or an empty cell past its end.
func cell(row []Cell, i int) Cell {
	if i < len(row) {
		return row[i]
	}
	return Cell{}
}

// align resolves Auto.
func (c Column) align() Align {
	if c.Align != Auto {
		return c.Align
	}
	if c.Kind.numeric() {
		return Right
	}
	return Left
}

// decimal returns the cell's value when the column is numeric and the cell
// has one.
func (c Cell) decimal(k Kind) (money.Decimal, bool) {
	if k.numeric() && c.Decimal != nil {
		return *c.Decimal, true
	}
	return money.Decimal{}, false
}

// text returns what a cell holds as text: for numeric columns without a
// Decimal, and for Text and Date columns.
func (c Cell) text() string {
	if c.Text == "" && c.Decimal != nil {
		return c.Decimal.String()
	}
	return clean(c.Text)
}

// plain writes a numeric value as a plain, exact number for machines:
// no grouping, a dot for the decimal point, money padded to two places.
func plain(k Kind, d money.Decimal) string {
	if k == Money && d.Scale() < 2 {
		d = d.Round(2) // only pads: rounding never drops digits here
	}
	return d.String()
}

// display writes a numeric value for people: grouped thousands, money in
// cents, percent with its sign, and a true minus sign.
func display(k Kind, d money.Decimal) string {
	var s string
	switch k {
	case Money:
		s = group(d.Round(2).String())
	case Percent:
		s = group(d.String()) + "%"
	default:
		s = group(d.String())
	}
	if strings.HasPrefix(s, "-") {
		s = "\u2212" + s[1:]
	}
	return s
}

// group inserts thousands separators into a plain decimal string.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.Grow(len(s) + len(intPart)/3 + 1)
	b.WriteString(sign)
	first := len(intPart) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(intPart[:first])
	for i := first; i < len(intPart); i += 3 {
		b.WriteByte(',')
		b.WriteString(intPart[i : i+3])
	}
	b.WriteString(frac)
	return b.String()
}

// clean makes text safe for every format: valid UTF-8, line breaks as \n,
// and no control characters (XML 1.0 refuses most of them).
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == 0xef {
				ok = false // 0xef starts U+FFFE and U+FFFF, which XML refuses
				break
			}
		}
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case r < 0x20 || r == 0x7f, r == 0xfffe, r == 0xffff:
			return -1
		}
		return r
	}, s)
}

// safeLink returns link if it is an absolute URL that is safe to follow
// from a downloaded file, or "" otherwise.
func safeLink(link string) string {
	l := strings.ToLower(strings.TrimSpace(link))
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "mailto:") {
		if strings.ContainsAny(link, " \t\r\n\"<>") {
			return ""
		}
		return strings.TrimSpace(link)
	}
	return ""
}
