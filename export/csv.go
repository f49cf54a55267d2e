package export

import (
	"encoding/csv"
	"io"
)

// ContentTypeCSV is the media type to serve WriteCSV's output with.
const ContentTypeCSV = "text/csv; charset=utf-8"

// utf8BOM makes Excel read the file as UTF-8 rather than the local code page.
const utf8BOM = "\uFEFF"

// WriteCSV writes t as RFC 4180 CSV: a UTF-8 byte order mark, a header row
// of column titles, the rows, then the totals row if there is one, each line
// ending in CRLF. Numeric cells are plain exact decimals ("-1234567.891",
// money with at least two places). Text that a spreadsheet would run as a
// formula (starting with =, +, -, @, tab or carriage return) is prefixed
// with an apostrophe. Title, subtitle and notes are left out, so the file
// stays data only.
func WriteCSV(w io.Writer, t *Table) error {
	if err := t.check(); err != nil {
		return err
	}
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	put := func() error {
		if len(rec) == 1 && rec[0] == "" {
			// encoding/csv writes a blank line here, which readers skip;
			// RFC 4180 keeps the row with an explicit empty field.
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			_, err := io.WriteString(w, "\"\"\r\n")
			return err
		}
		return cw.Write(rec)
	}
	if len(t.Columns) > 0 {
		for i, c := range t.Columns {
			rec[i] = defuse(clean(c.Title))
		}
		if err := put(); err != nil {
			return err
		}
	}
	write := func(row []Cell) error {
		for i, col := range t.Columns {
			c := cell(row, i)
			if d, ok := c.decimal(col.Kind); ok {
				rec[i] = plain(col.Kind, d)
			} else {
				rec[i] = defuse(c.text())
			}
		}
		return put()
	}
	for _, row := range t.Rows {
		if err := write(row); err != nil {
			return err
		}
	}
	if t.Totals != nil {
		if err := write(t.Totals); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse stops a spreadsheet from running text as a formula (CSV or
// formula injection): the leading apostrophe makes Excel, LibreOffice and
// Google Sheets treat the cell as text.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
