package export

import (
	_ "embed"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// ContentTypePDF is the media type to serve WritePDF's output with.
const ContentTypePDF = "application/pdf"

// fpdf's built-in fonts know only cp1252; these TrueType fonts cover the
// Latin, Greek and Cyrillic names the portfolio holds. See fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Orientation is the page orientation of a PDF report.
type Orientation int

const (
	// AutoOrientation prints portrait unless a table is too wide for it
	// (the zero value).
	AutoOrientation Orientation = iota
	// Portrait always prints A4 portrait.
	Portrait
	// Landscape always prints A4 landscape.
	Landscape
)

// Report is a document for WritePDF: a title block, then sections.
type Report struct {
	Title    string
	Subtitle string
	// Meta is shown under the title as key–value lines, e.g. {"Country",
	// "Türkiye"}, {"Prepared by", "…"}.
	Meta     [][2]string
	Sections []Section
	// Footer is printed at the bottom left of every page, e.g. a
	// classification such as "Internal – not for distribution".
	Footer string
	// Date is printed as the generation date; zero means now.
	Date        time.Time
	Orientation Orientation
}

// Section is a part of a Report. Its parts are printed in field order;
// empty ones are skipped.
type Section struct {
	Heading    string
	Paragraphs []string
	KeyValues  [][2]string
	Bullets    []string
	// Table is printed with its title, subtitle, totals and notes. Its
	// header row repeats on every page it runs over.
	Table *Table
}

// WritePDF writes r as an A4 PDF: a title block with the generation date,
// then each section, with a running header (title and date) from page 2
// and "Page n of N" in every footer. Tables get a shaded header row that
// repeats after page breaks, right-aligned numbers, zebra rows and wrapped
// cells; a cell too long for a page is cut with "…". Money is shown
// rounded to cents. Text may use any character of DejaVu Sans (Latin,
// Greek, Cyrillic and more); characters it lacks print as a box.
func WritePDF(w io.Writer, r *Report) error {
	return writePDF(w, r, true)
}

// writePDF lets tests turn stream compression off to read the text.
func writePDF(w io.Writer, r *Report, compress bool) error {
	if r == nil {
		return ErrNil
	}
	for _, s := range r.Sections {
		if s.Table != nil {
			if err := s.Table.check(); err != nil {
				return err
			}
		}
	}
	d := newPDF(r, compress)
	d.render()
	if err := d.f.Error(); err != nil {
		return err
	}
	return d.f.Output(w)
}

type rgb struct{ r, g, b int }

// The design system's colours (web/static/css/app.css).
var (
	inkText    = rgb{0x1b, 0x24, 0x30}
	inkMuted   = rgb{0x5b, 0x67, 0x76}
	inkPrimary = rgb{0x1d, 0x4f, 0x91}
	inkDark    = rgb{0x10, 0x2f, 0x57}
	inkLink    = rgb{0x1d, 0x5f, 0xa8}
	inkWhite   = rgb{0xff, 0xff, 0xff}
	inkRule    = rgb{0xd5, 0xdb, 0xe3}
	inkStrong  = rgb{0xaa, 0xb4, 0xc0}
	paperAlt   = rgb{0xf3, 0xf6, 0xf9}
	paperTint  = rgb{0xee, 0xf3, 0xfa}
)

// Sizes in millimetres unless named Pt.
const (
	marginX      = 18.0
	marginTop    = 20.0
	marginBottom = 20.0
	bodyPt       = 9.5
	bodyLine     = 4.9
	tablePt      = 8.0
	tableLine    = 3.7
	cellPadX     = 1.6
	cellPadY     = 1.3
	mmPerPt      = 25.4 / 72
	family       = "dejavu"
)

type pdf struct {
	f         *fpdf.Fpdf
	r         *Report
	landscape bool
	pageW     float64
	pageH     float64
	y         float64
	date      string
	// repeat redraws a table's header after a page break within it.
	repeat func()
}

func newPDF(r *Report, compress bool) *pdf {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.SetCompression(compress)
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.SetAutoPageBreak(false, 0) // pages break where the layout decides
	f.SetCellMargin(0)
	date := r.Date
	if date.IsZero() {
		date = time.Now().UTC()
	}
	f.SetTitle(pdfText(r.Title), true)
	f.SetSubject(pdfText(r.Subtitle), true)
	f.SetCreator("devcoop", true)
	f.SetAuthor("devcoop", true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	d := &pdf{f: f, r: r, date: date.Format("2 January 2006, 15:04 MST")}
	d.setFont("", tablePt)
	switch r.Orientation {
	case Landscape:
		d.landscape = true
	case AutoOrientation:
		portrait := 210 - 2*marginX
		// Text columns wrap, so only what cannot wrap (numbers, dates,
		// long words) forces landscape.
		for _, s := range r.Sections {
			if s.Table != nil {
				if _, least := d.naturalWidths(s.Table); sum(least) > portrait*0.85 {
					d.landscape = true
				}
			}
		}
	}
	d.pageW, d.pageH = 210, 297
	if d.landscape {
		d.pageW, d.pageH = 297, 210
	}
	return d
}

func (d *pdf) contentW() float64 { return d.pageW - 2*marginX }
func (d *pdf) bottom() float64   { return d.pageH - marginBottom }

func (d *pdf) setFont(style string, pt float64) { d.f.SetFont(family, style, pt) }
func (d *pdf) textColor(c rgb)                  { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *pdf) fillColor(c rgb)                  { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *pdf) drawColor(c rgb)                  { d.f.SetDrawColor(c.r, c.g, c.b) }

func (d *pdf) rule(x1, x2, y, width float64, c rgb) {
	d.drawColor(c)
	d.f.SetLineWidth(width)
	d.f.Line(x1, y, x2, y)
}

// text draws one line whose box starts at top and is lineH high, aligned
// in the width w from x. The current font's size positions the baseline.
func (d *pdf) text(x, top, w, lineH float64, s string, align Align, link string) {
	sw := d.f.GetStringWidth(s)
	if align == Right {
		x += w - sw
	}
	_, sizeMM := d.f.GetFontSize()
	base := top + lineH/2 + sizeMM*0.34
	d.f.Text(x, base, s)
	if link != "" && sw > 0 {
		d.f.LinkString(x, top, sw, lineH, link)
	}
}

func (d *pdf) render() {
	d.newPage()
	d.titleBlock()
	for _, s := range d.r.Sections {
		d.section(s)
	}
	d.footers()
}

func (d *pdf) newPage() {
	size := fpdf.SizeType{Wd: 210, Ht: 297}
	orient := "P"
	if d.landscape {
		orient = "L"
	}
	d.f.AddPageFormat(orient, size)
	d.y = marginTop
	if d.f.PageNo() > 1 {
		d.setFont("", 7.5)
		d.textColor(inkMuted)
		w := d.contentW()
		date := "Generated " + d.date
		dw := d.f.GetStringWidth(date) + 6
		d.text(marginX, 9, w-dw, 4, d.fit(pdfText(d.r.Title), w-dw), Left, "")
		d.text(marginX, 9, w, 4, date, Right, "")
		d.rule(marginX, d.pageW-marginX, 13.5, 0.2, inkRule)
		d.y = marginTop
	}
}

// ensure starts a new page unless h more millimetres fit on this one, and
// reports whether it did.
func (d *pdf) ensure(h float64) bool {
	if d.y+h <= d.bottom() {
		return false
	}
	d.pageBreak()
	return true
}

// pageBreak continues on a new page, under the repeated table header if a
// table is being printed.
func (d *pdf) pageBreak() {
	d.newPage()
	if d.repeat != nil {
		d.repeat()
	}
}

func (d *pdf) titleBlock() {
	w := d.contentW()
	d.y = 16
	d.setFont("B", 18)
	d.textColor(inkDark)
	for _, l := range d.wrapMax(pdfText(d.r.Title), w, 3) {
		d.text(marginX, d.y, w, 8, l, Left, "")
		d.y += 8
	}
	if d.r.Subtitle != "" {
		d.setFont("", 11)
		d.textColor(inkMuted)
		d.y += 0.5
		for _, l := range d.wrapMax(pdfText(d.r.Subtitle), w, 3) {
			d.text(marginX, d.y, w, 5.5, l, Left, "")
			d.y += 5.5
		}
	}
	d.y += 1.5
	d.setFont("", 8)
	d.textColor(inkMuted)
	d.text(marginX, d.y, w, 4, "Generated "+d.date, Left, "")
	d.y += 6
	if len(d.r.Meta) > 0 {
		d.keyValues(d.r.Meta, true)
	}
	d.rule(marginX, d.pageW-marginX, d.y, 0.6, inkPrimary)
	d.y += 5
}

func (d *pdf) section(s Section) {
	if s.Heading != "" {
		// Keep the heading with the first lines that follow it.
		if !d.ensure(9 + 4*bodyLine) {
			d.y += 3
		}
		d.setFont("B", 12.5)
		d.textColor(inkPrimary)
		w := d.contentW()
		for _, l := range d.wrapMax(pdfText(s.Heading), w, 2) {
			d.text(marginX, d.y, w, 6.5, l, Left, "")
			d.y += 6.5
		}
		d.rule(marginX, d.pageW-marginX, d.y+0.5, 0.25, inkRule)
		d.y += 3.5
	}
	for _, p := range s.Paragraphs {
		d.paragraph(p)
	}
	if len(s.KeyValues) > 0 {
		d.keyValues(s.KeyValues, false)
	}
	if len(s.Bullets) > 0 {
		d.bullets(s.Bullets)
	}
	if s.Table != nil {
		d.table(s.Table)
	}
	d.y += 2
}

func (d *pdf) paragraph(p string) {
	d.setFont("", bodyPt)
	d.textColor(inkText)
	w := d.contentW()
	for _, l := range d.wrap(pdfText(p), w) {
		d.ensure(bodyLine)
		d.text(marginX, d.y, w, bodyLine, l, Left, "")
		d.y += bodyLine
	}
	d.y += 2.2
}

func (d *pdf) bullets(items []string) {
	const indent = 5.5
	w := d.contentW() - indent
	for _, it := range items {
		d.setFont("", bodyPt)
		lines := d.wrap(pdfText(it), w)
		for i, l := range lines {
			d.ensure(bodyLine)
			if i == 0 {
				d.textColor(inkPrimary)
				d.text(marginX+1.2, d.y, indent, bodyLine, "•", Left, "")
			}
			d.textColor(inkText)
			d.text(marginX+indent, d.y, w, bodyLine, l, Left, "")
			d.y += bodyLine
		}
		d.y += 0.8
	}
	d.y += 1.4
}

// keyValues prints pairs as two columns; on a tinted panel for the
// report's meta block.
func (d *pdf) keyValues(kv [][2]string, panel bool) {
	w := d.contentW()
	pad := 0.0
	if panel {
		pad = 3
	}
	d.setFont("B", 8.5)
	keyW := 0.0
	for _, p := range kv {
		keyW = max(keyW, d.f.GetStringWidth(pdfText(p[0])))
	}
	keyW = min(keyW+5, w*0.35)
	valW := w - keyW - 2*pad
	type pair struct{ key, val []string }
	pairs := make([]pair, len(kv))
	height := 2 * pad
	for i, p := range kv {
		d.setFont("B", 8.5)
		pairs[i].key = d.wrapMax(pdfText(p[0]), keyW-3, 3)
		d.setFont("", bodyPt)
		pairs[i].val = d.wrap(pdfText(p[1]), valW)
		height += float64(max(len(pairs[i].key), len(pairs[i].val)))*bodyLine + 1
	}
	if panel && height < d.bottom()-d.y {
		d.fillColor(paperTint)
		d.f.Rect(marginX, d.y, w, height, "F")
		d.y += pad
	} else {
		panel = false
	}
	for _, p := range pairs {
		n := max(len(p.key), len(p.val))
		for i := 0; i < n; i++ {
			d.ensure(bodyLine)
			if i < len(p.key) {
				d.setFont("B", 8.5)
				d.textColor(inkMuted)
				d.text(marginX+pad, d.y, keyW, bodyLine, p.key[i], Left, "")
			}
			if i < len(p.val) {
				d.setFont("", bodyPt)
				d.textColor(inkText)
				d.text(marginX+pad+keyW, d.y, valW, bodyLine, p.val[i], Left, "")
			}
			d.y += bodyLine
		}
		d.y += 1
	}
	if panel {
		d.y += pad
	}
	d.y += 3
}

// pdfTable is a table laid out for the page width.
type pdfTable struct {
	t      *Table
	widths []float64
	aligns []Align
	header pdfRow
	maxH   float64 // the tallest a row may be: a page below the header
}

type pdfRow struct {
	lines [][]string
	links []string
	h     float64
}

func (d *pdf) table(t *Table) {
	w := d.contentW()
	var pt *pdfTable
	keep := 0.0 // what must follow the caption on its page
	if len(t.Columns) > 0 {
		pt = d.layoutTable(t)
		// The header and the first row, or enough of it to read on.
		keep = pt.header.h + tableLine + 2*cellPadY
		if len(t.Rows) > 0 {
			keep = pt.header.h + min(d.layoutRow(pt, t.Rows[0], "").h, splitRowAt)
		}
	}
	if t.Title != "" || t.Subtitle != "" {
		d.ensure(12 + keep)
		if t.Title != "" {
			d.setFont("B", 10)
			d.textColor(inkText)
			for _, l := range d.wrapMax(pdfText(t.Title), w, 2) {
				d.text(marginX, d.y, w, 5, l, Left, "")
				d.y += 5
			}
		}
		if t.Subtitle != "" {
			d.setFont("", 8)
			d.textColor(inkMuted)
			for _, l := range d.wrapMax(pdfText(t.Subtitle), w, 2) {
				d.text(marginX, d.y, w, 4, l, Left, "")
				d.y += 4
			}
		}
		d.y += 1.5
	}
	if pt != nil {
		d.ensure(keep)
		d.drawHeader(pt)
		d.repeat = func() { d.drawHeader(pt) }
		tableW := sum(pt.widths)
		for i, r := range t.Rows {
			var fill *rgb
			if i%2 == 1 {
				fill = &paperAlt
			}
			d.drawRow(pt, d.layoutRow(pt, r, ""), inkText, "", fill)
			d.rule(marginX, marginX+tableW, d.y, 0.1, inkRule)
		}
		if len(t.Rows) == 0 {
			d.setFont("", tablePt)
			d.textColor(inkMuted)
			d.ensure(tableLine + 2*cellPadY)
			d.text(marginX+cellPadX, d.y+cellPadY, w, tableLine, "No rows.", Left, "")
			d.y += tableLine + 2*cellPadY
		}
		if t.Totals != nil {
			row := d.layoutRow(pt, t.Totals, "B")
			d.ensure(row.h)
			d.rule(marginX, marginX+tableW, d.y, 0.35, inkText)
			d.drawRow(pt, row, inkText, "B", &paperTint)
		}
		d.rule(marginX, marginX+tableW, d.y, 0.35, inkStrong)
		d.repeat = nil
		d.y += 2
	}
	if len(t.Notes) > 0 {
		d.setFont("", 7.5)
		d.textColor(inkMuted)
		for _, n := range t.Notes {
			for _, l := range d.wrap(pdfText(n), w) {
				d.ensure(3.6)
				d.text(marginX, d.y, w, 3.6, l, Left, "")
				d.y += 3.6
			}
		}
		d.y += 1
	}
	d.y += 3
}

func (d *pdf) layoutTable(t *Table) *pdfTable {
	pt := &pdfTable{t: t, widths: d.columnWidths(t), aligns: make([]Align, len(t.Columns))}
	titles := make([]Cell, len(t.Columns))
	for i, c := range t.Columns {
		pt.aligns[i] = c.align()
		titles[i] = TextCell(c.Title)
	}
	page := d.bottom() - marginTop
	pt.maxH = page / 3 // for the header, which cannot be split
	pt.header = d.layoutRow(pt, titles, "B")
	pt.maxH = page - pt.header.h
	return pt
}

// layoutRow wraps each cell to its column. Text columns are read from the
// cells; a header row passes the titles as Text cells.
func (d *pdf) layoutRow(pt *pdfTable, cells []Cell, style string) pdfRow {
	d.setFont(style, tablePt)
	row := pdfRow{lines: make([][]string, len(pt.widths)), links: make([]string, len(pt.widths))}
	maxLines := max(int((pt.maxH-2*cellPadY)/tableLine), 1)
	n := 1
	for i, col := range pt.t.Columns {
		c := cell(cells, i)
		var s string
		if dv, ok := c.decimal(col.Kind); ok {
			s = display(col.Kind, dv)
		} else {
			s = pdfText(c.text())
		}
		lines := d.wrapMax(s, pt.widths[i]-2*cellPadX, maxLines)
		row.lines[i] = lines
		row.links[i] = safeLink(c.Link)
		n = max(n, len(lines))
	}
	row.h = float64(n)*tableLine + 2*cellPadY
	return row
}

func (d *pdf) drawHeader(pt *pdfTable) {
	d.drawSlice(pt, pt.header, 0, maxLen(pt.header.lines), inkWhite, "B", &inkPrimary)
}

// splitRowAt is the height from which a row that does not fit the rest of
// a page is split across the break instead of moving whole to the next.
const splitRowAt = 12*tableLine + 2*cellPadY

// drawRow prints a laid-out row at the cursor, on a shaded background if
// fill is set, and moves below it. A short row moves to the next page
// whole; a tall one is split there, so that no page is left mostly empty.
func (d *pdf) drawRow(pt *pdfTable, row pdfRow, ink rgb, style string, fill *rgb) {
	n := maxLen(row.lines)
	if d.y+row.h > d.bottom() && row.h <= splitRowAt {
		d.pageBreak()
	}
	fresh := false
	for start := 0; start < n; {
		fit := int((d.bottom() - d.y - 2*cellPadY) / tableLine)
		if fit < min(2, n-start) && !fresh {
			d.pageBreak()
			fresh = true
			continue
		}
		end := min(n, start+max(fit, 1))
		d.drawSlice(pt, row, start, end, ink, style, fill)
		fresh = false
		if start = end; start < n {
			d.pageBreak()
			fresh = true
		}
	}
}

// drawSlice prints lines [start, end) of every cell of row as one band.
func (d *pdf) drawSlice(pt *pdfTable, row pdfRow, start, end int, ink rgb, style string, fill *rgb) {
	h := float64(max(end-start, 1))*tableLine + 2*cellPadY
	if fill != nil {
		d.fillColor(*fill)
		d.f.Rect(marginX, d.y, sum(pt.widths), h, "F")
	}
	d.setFont(style, tablePt)
	x := marginX
	for i, lines := range row.lines {
		w := pt.widths[i] - 2*cellPadX
		c := ink
		if row.links[i] != "" {
			c = inkLink
		}
		d.textColor(c)
		for j := start; j < min(end, len(lines)); j++ {
			d.text(x+cellPadX, d.y+cellPadY+float64(j-start)*tableLine, w, tableLine, lines[j], pt.aligns[i], row.links[i])
		}
		x += pt.widths[i]
	}
	d.y += h
}

func maxLen(lines [][]string) int {
	n := 0
	for _, l := range lines {
		n = max(n, len(l))
	}
	return n
}

// naturalWidths measures each column of t unwrapped (capped), and the
// narrowest it can get without breaking words or numbers.
func (d *pdf) naturalWidths(t *Table) (nat, least []float64) {
	const (
		capNat   = 95.0
		capLeast = 32.0
		floor    = 11.0
	)
	nat = make([]float64, len(t.Columns))
	least = make([]float64, len(t.Columns))
	digit := d.f.GetStringWidth("0")
	for i, col := range t.Columns {
		d.setFont("B", tablePt)
		title := pdfText(col.Title)
		n := min(d.f.GetStringWidth(title), capNat*0.6)
		l := max(longestWord(d, title), min(n, 24)) // short titles stay on one line
		d.setFont("", tablePt)
		measure := func(c Cell) {
			if dv, ok := c.decimal(col.Kind); ok {
				sw := d.f.GetStringWidth(display(col.Kind, dv))
				n, l = max(n, sw), max(l, sw)
				return
			}
			s := pdfText(c.text())
			for line := range strings.SplitSeq(s, "\n") {
				n = max(n, d.f.GetStringWidth(line))
			}
			l = max(l, longestWord(d, s))
		}
		for _, r := range t.Rows {
			measure(cell(r, i))
		}
		if t.Totals != nil {
			d.setFont("B", tablePt)
			measure(cell(t.Totals, i))
		}
		if col.Width > 0 {
			n = col.Width * digit
			l = min(l, n)
		}
		nat[i] = max(min(n, capNat)+2*cellPadX, floor)
		least[i] = max(min(l, capLeast)+2*cellPadX, floor)
		least[i] = min(least[i], nat[i])
	}
	d.setFont("", tablePt)
	return nat, least
}

func longestWord(d *pdf, s string) float64 {
	w := 0.0
	for _, word := range strings.Fields(s) {
		w = max(w, d.f.GetStringWidth(word))
	}
	return w
}

// columnWidths fits t to the content width: natural widths stretched when
// there is room, shrunk towards the least widths when there is not.
func (d *pdf) columnWidths(t *Table) []float64 {
	nat, least := d.naturalWidths(t)
	avail := d.contentW()
	widths := make([]float64, len(nat))
	total, totalLeast := sum(nat), sum(least)
	switch {
	case total <= avail:
		// Stretch to the page width, but not so far that a small table's
		// columns drift apart.
		k := min(avail/total, 1.6)
		for i := range nat {
			widths[i] = nat[i] * k
		}
	case totalLeast <= avail:
		k := (avail - totalLeast) / (total - totalLeast)
		for i := range nat {
			widths[i] = least[i] + (nat[i]-least[i])*k
		}
	default:
		for i := range nat {
			widths[i] = least[i] * avail / totalLeast
		}
	}
	return widths
}

func (d *pdf) footers() {
	n := d.f.PageCount()
	for p := 1; p <= n; p++ {
		d.f.SetPage(p)
		y := d.pageH - 14
		d.rule(marginX, d.pageW-marginX, y, 0.2, inkRule)
		d.setFont("", 7.5)
		d.textColor(inkMuted)
		w := d.contentW()
		num := "Page " + strconv.Itoa(p) + " of " + strconv.Itoa(n)
		nw := d.f.GetStringWidth(num) + 6
		if d.r.Footer != "" {
			d.text(marginX, y+1.5, w-nw, 4, d.fit(pdfText(d.r.Footer), w-nw), Left, "")
		}
		d.text(marginX, y+1.5, w, 4, num, Right, "")
	}
}

// wrap breaks s into lines no wider than w in the current font, at spaces
// where it can and inside words where it must. Line breaks in s are kept.
func (d *pdf) wrap(s string, w float64) []string {
	var lines []string
	space := d.f.GetStringWidth(" ")
	for para := range strings.SplitSeq(s, "\n") {
		line, lw := "", 0.0
		for _, word := range strings.Fields(para) {
			ww := d.f.GetStringWidth(word)
			if line != "" && lw+space+ww <= w {
				line += " " + word
				lw += space + ww
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			if ww > w {
				pieces := d.split(word, w)
				lines = append(lines, pieces[:len(pieces)-1]...)
				word = pieces[len(pieces)-1]
				ww = d.f.GetStringWidth(word)
			}
			line, lw = word, ww
		}
		lines = append(lines, line)
	}
	return lines
}

// wrapMax is wrap cut to at most n lines, the last ending in "…" if text
// was left out: for titles and headings, which must not run off the page,
// and table cells, which must fit on one.
func (d *pdf) wrapMax(s string, w float64, n int) []string {
	lines := d.wrap(s, w)
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = d.fit(lines[n-1]+"…", w)
	}
	return lines
}

// split cuts a word too wide for w into pieces that fit, each at least one
// rune long so that wrapping always advances.
func (d *pdf) split(word string, w float64) []string {
	var pieces []string
	start, acc := 0, 0.0
	for i, r := range word {
		rw := d.f.GetStringWidth(string(r))
		if acc+rw > w && i > start {
			pieces = append(pieces, word[start:i])
			start, acc = i, 0
		}
		acc += rw
	}
	return append(pieces, word[start:])
}

// fit shortens s with an ellipsis until it is no wider than w.
func (d *pdf) fit(s string, w float64) string {
	if d.f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(strings.TrimSuffix(s, "…"))
	for len(r) > 0 && d.f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// pdfText prepares text for fpdf: cleaned, tabs as spaces, and runes
// beyond the Basic Multilingual Plane (emoji) replaced, because fpdf's
// UTF-8 font code indexes a 65,536-entry width table by rune.
func pdfText(s string) string {
	s = clean(s)
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if r > 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, s)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
