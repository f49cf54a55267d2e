package export

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"devcoop/money"

	"github.com/xuri/excelize/v2"
)

// ContentTypeXLSX is the media type to serve WriteXLSX's output with.
const ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ErrNoSheets is returned by WriteXLSX when it is given no table.
var ErrNoSheets = errors.New("export: a workbook needs at least one table")

const (
	maxSheetName = 31   // Excel refuses longer sheet names
	maxLinkLen   = 2079 // and longer hyperlinks
	// maxLinks caps hyperlinks per sheet below Excel's 65,530 because
	// excelize adds each in time proportional to those already there:
	// 10,000 links cost about a second, 20,000 about five.
	maxLinks = 10000
)

// WriteXLSX writes a workbook with one worksheet per table, in order.
//
// Each sheet has the title and subtitle above the table, a bold header row
// that stays frozen on screen and repeats on every printed page, an
// autofilter over the header and rows, sized columns, a bold totals row and
// the notes below. Numeric cells are real numbers holding the exact decimal
// text (123456789012.35 stays 123456789012.35 in the file), formatted
// "#,##0.00" for money, with the value's own places for numbers and as a
// percentage for percents; ISO dates become date cells. Excel computes in
// binary floating point, so it may show more than 15 significant digits
// rounded, but the file itself loses nothing.
func WriteXLSX(w io.Writer, sheets ...*Table) error {
	if len(sheets) == 0 {
		return ErrNoSheets
	}
	for _, t := range sheets {
		if err := t.check(); err != nil {
			return err
		}
	}
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, styles: map[xlStyle]int{}}
	names := sheetNames(sheets)
	for i, t := range sheets {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), names[0]); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(names[i]); err != nil {
			return err
		}
		if err := x.sheet(names[i], t); err != nil {
			return fmt.Errorf("export: sheet %q: %w", names[i], err)
		}
	}
	f.SetActiveSheet(0)
	now := time.Now().UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          clean(sheets[0].Title),
		Subject:        clean(sheets[0].Subtitle),
		Creator:        "devcoop",
		LastModifiedBy: "devcoop",
		Created:        now,
		Modified:       now,
	}); err != nil {
		return err
	}
	return f.Write(w)
}

type xlsxWriter struct {
	f      *excelize.File
	styles map[xlStyle]int
}

// xlStyle is everything that distinguishes one cell style from another, so
// that each is registered once per workbook.
type xlStyle struct {
	role   xlRole
	numFmt string
	align  Align
	link   bool
}

type xlRole int

const (
	roleBody xlRole = iota
	roleHeader
	roleTotal
	roleTitle
	roleSubtitle
	roleNote
)

const (
	colText    = "1B2430"
	colMuted   = "5B6776"
	colLink    = "1D5FA8"
	colHeadBG  = "DBE6F4"
	colBorder  = "AAB4C0"
	colPrimary = "102F57"
)

func (x *xlsxWriter) style(s xlStyle) (int, error) {
	if id, ok := x.styles[s]; ok {
		return id, nil
	}
	st := &excelize.Style{Font: &excelize.Font{Color: colText}}
	switch s.role {
	case roleHeader:
		st.Font = &excelize.Font{Bold: true, Color: colPrimary}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colHeadBG}}
		st.Border = []excelize.Border{{Type: "bottom", Color: colBorder, Style: 1}}
		st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "center"}
	case roleTotal:
		st.Font.Bold = true
		st.Border = []excelize.Border{{Type: "top", Color: colText, Style: 1}, {Type: "bottom", Color: colText, Style: 6}}
	case roleTitle:
		st.Font = &excelize.Font{Bold: true, Size: 14, Color: colPrimary}
	case roleSubtitle:
		st.Font = &excelize.Font{Size: 11, Color: colMuted}
	case roleNote:
		st.Font = &excelize.Font{Italic: true, Size: 9, Color: colMuted}
	}
	if s.link {
		st.Font.Color = colLink
		st.Font.Underline = "single"
	}
	// Spreadsheets right-align numbers by themselves; a left-aligned
	// numeric column (dates, by default) must say so.
	if s.align == Right || s.align == Left && s.numFmt != "" {
		if st.Alignment == nil {
			st.Alignment = &excelize.Alignment{}
		}
		st.Alignment.Horizontal = "right"
		if s.align == Left {
			st.Alignment.Horizontal = "left"
		}
	}
	if s.numFmt != "" {
		nf := s.numFmt
		st.CustomNumFmt = &nf
	}
	id, err := x.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	x.styles[s] = id
	return id, nil
}

func (x *xlsxWriter) set(sheet string, col, row int, s xlStyle, value string, numeric bool) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if numeric {
		// SetCellDefault stores the text as the cell's numeric value
		// verbatim; SetCellValue would go through float64 and lose digits.
		err = x.f.SetCellDefault(sheet, ref, value)
	} else {
		err = x.f.SetCellStr(sheet, ref, value)
	}
	if err != nil {
		return err
	}
	id, err := x.style(s)
	if err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, ref, ref, id)
}

func (x *xlsxWriter) sheet(name string, t *Table) error {
	row := 1
	if t.Title != "" {
		if err := x.set(name, 1, row, xlStyle{role: roleTitle}, clean(t.Title), false); err != nil {
			return err
		}
		if err := x.f.SetRowHeight(name, row, 21); err != nil {
			return err
		}
		row++
	}
	if t.Subtitle != "" {
		if err := x.set(name, 1, row, xlStyle{role: roleSubtitle}, clean(t.Subtitle), false); err != nil {
			return err
		}
		row++
	}
	if row > 1 {
		row++ // a blank line between the titles and the table
	}
	ncol := len(t.Columns)
	headerRow := row
	if ncol > 0 {
		for i, c := range t.Columns {
			if err := x.set(name, i+1, row, xlStyle{role: roleHeader, align: c.align()}, clean(c.Title), false); err != nil {
				return err
			}
		}
		row++
		links := 0
		for _, r := range t.Rows {
			if err := x.row(name, row, t.Columns, r, roleBody, &links); err != nil {
				return err
			}
			row++
		}
		last, _ := excelize.CoordinatesToCellName(ncol, max(row-1, headerRow))
		if err := x.f.AutoFilter(name, "A"+strconv.Itoa(headerRow)+":"+last, nil); err != nil {
			return err
		}
		if t.Totals != nil {
			if err := x.row(name, row, t.Columns, t.Totals, roleTotal, &links); err != nil {
				return err
			}
			row++
		}
		if err := x.frame(name, t, headerRow); err != nil {
			return err
		}
	}
	if len(t.Notes) > 0 {
		row++
		for _, n := range t.Notes {
			if err := x.set(name, 1, row, xlStyle{role: roleNote}, clean(n), false); err != nil {
				return err
			}
			row++
		}
	}
	return nil
}

// frame sets what is about the whole table: frozen header, column widths,
// and printing.
func (x *xlsxWriter) frame(name string, t *Table, headerRow int) error {
	below := "A" + strconv.Itoa(headerRow+1)
	if err := x.f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: below, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: below, ActiveCell: below, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	headerLines := 1
	for i, c := range t.Columns {
		w := c.Width
		if w <= 0 {
			w = autoWidth(t, i)
		}
		w = min(w, 255)
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := x.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
		// Excel keeps a row's height when it opens a file, so a wrapped
		// title would show only its first line.
		n := int(math.Ceil(float64(utf8.RuneCountInString(c.Title)) / max(w-2, 1)))
		headerLines = max(headerLines, min(n, 4))
	}
	if headerLines > 1 {
		if err := x.f.SetRowHeight(name, headerRow, 15*float64(headerLines)); err != nil {
			return err
		}
	}
	hr := strconv.Itoa(headerRow)
	if err := x.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(name) + "!$" + hr + ":$" + hr, Scope: name,
	}); err != nil {
		return err
	}
	fit, one, zero, a4 := true, 1, 0, 9
	landscape := "landscape"
	opts := &excelize.PageLayoutOptions{Size: &a4, FitToWidth: &one, FitToHeight: &zero}
	if len(t.Columns) > 6 {
		opts.Orientation = &landscape
	}
	if err := x.f.SetPageLayout(name, opts); err != nil {
		return err
	}
	return x.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit})
}

func (x *xlsxWriter) row(name string, row int, cols []Column, cells []Cell, role xlRole, links *int) error {
	for i, col := range cols {
		c := cell(cells, i)
		s := xlStyle{role: role, align: col.align()}
		value, numeric := "", false
		if d, ok := c.decimal(col.Kind); ok {
			value, s.numFmt, numeric = xlNumber(col.Kind, d)
		} else {
			value = c.text()
			if col.Kind == Date {
				if serial, ok := excelDate(value); ok {
					value, s.numFmt, numeric = serial, "yyyy-mm-dd", true
				}
			}
		}
		link := safeLink(c.Link)
		s.link = link != "" && len(link) <= maxLinkLen && *links < maxLinks
		if value == "" && !s.link && role == roleBody {
			continue // an empty body cell needs no XML at all
		}
		if err := x.set(name, i+1, row, s, value, numeric); err != nil {
			return err
		}
		if s.link {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := x.f.SetCellHyperLink(name, ref, link, "External"); err != nil {
				return err
			}
			*links++
		}
	}
	return nil
}

// xlNumber returns the exact value to store and the number format to show
// it with.
func xlNumber(k Kind, d money.Decimal) (value, numFmt string, numeric bool) {
	places := min(max(int(d.Scale()), 0), 15)
	switch k {
	case Money:
		return d.String(), "#,##0.00", true
	case Percent:
		// Points to a fraction: an exact shift of the decimal point.
		return d.Mul(money.New(1, 2)).String(), "0" + fraction(places) + "%", true
	default:
		return d.String(), "#,##0" + fraction(places), true
	}
}

func fraction(places int) string {
	if places == 0 {
		return ""
	}
	return "." + strings.Repeat("0", places)
}

// excelDate turns an ISO date into Excel's serial day number. Days before
// March 1900 are left as text, because of Excel's phantom 29 February 1900.
func excelDate(s string) (string, bool) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil || d.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
		return "", false
	}
	days := d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour)
	return strconv.FormatInt(int64(days), 10), true
}

// autoWidth sizes column i to its widest cell, within reason.
func autoWidth(t *Table, i int) float64 {
	col := t.Columns[i]
	w := 0
	for _, word := range strings.Fields(col.Title) {
		w = max(w, utf8.RuneCountInString(word))
	}
	w = max(w, min(utf8.RuneCountInString(col.Title), 24))
	measure := func(c Cell) {
		if d, ok := c.decimal(col.Kind); ok {
			w = max(w, utf8.RuneCountInString(display(col.Kind, d)))
			return
		}
		for line := range strings.SplitSeq(c.text(), "\n") {
			w = max(w, utf8.RuneCountInString(line))
		}
	}
	for _, r := range t.Rows {
		measure(cell(r, i))
	}
	if t.Totals != nil {
		measure(cell(t.Totals, i))
	}
	return float64(min(max(w+2, 8), 60))
}

// sheetNames derives a valid, unique worksheet name for each table.
func sheetNames(sheets []*Table) []string {
	names := make([]string, len(sheets))
	used := map[string]bool{}
	for i, t := range sheets {
		base := t.Sheet
		if base == "" {
			base = t.Title
		}
		base = sheetName(base)
		if base == "" || strings.EqualFold(base, "History") {
			base = "Sheet " + strconv.Itoa(i+1)
		}
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = strings.TrimRight(cutRunes(base, maxSheetName-utf8.RuneCountInString(suffix)), " ") + suffix
		}
		used[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// sheetName removes what Excel refuses in a sheet name.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return '-'
		case '\n', '\t':
			return ' '
		}
		return r
	}, clean(s))
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(cutRunes(strings.Trim(s, "'"), maxSheetName), "' ")
	return s
}

func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// quoteSheet quotes a sheet name for use in a formula reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}
