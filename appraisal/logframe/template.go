// Package logframe writes the XLSX template in which offices draft a
// proposal's logframe, budget and risks offline, and reads a filled one
// back into a devcoop.Proposal.
//
// The workbook has six sheets: Instructions; Proposal (the proposal's
// summary fields, one per row, found by their label); Logframe (the
// development objective, immediate outcomes and outputs, with their
// indicators and assumptions); Activities; Budget (categories × project
// years); and Risks. Tables are found by their header row and columns by
// their header text, so an office may insert rows or move columns.
//
// Bytes in, values out: the package does no other I/O.
package logframe

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"devcoop"
)

// Sheet names.
const (
	SheetInstructions = "Instructions"
	SheetProposal     = "Proposal"
	SheetLogframe     = "Logframe"
	SheetActivities   = "Activities"
	SheetBudget       = "Budget"
	SheetRisks        = "Risks"
)

// The template's layout: a title, a hint, then the table's header row.
const (
	headerRow = 4
	firstRow  = headerRow + 1
	lastRow   = 500 // how far validations and formulas reach
	budgetYrs = 5   // year columns in the template; readers accept any number
)

// Column headers, as the template writes them and the reader looks for.
var (
	proposalHeaders   = []string{"Field", "Value", "Guidance"}
	logframeHeaders   = []string{"Level", "Code", "Statement", "Indicator", "Baseline", "Target", "Means of verification", "Assumption ID", "Assumption"}
	activitiesHeaders = []string{"Output", "Code", "Activity", "Start month", "End month"}
	risksHeaders      = []string{"ID", "Risk", "Likelihood", "Impact", "Mitigation", "Assumptions covered"}
)

// Levels of the Logframe sheet's rows.
const (
	levelObjective = "Objective"
	levelOutcome   = "Outcome"
	levelOutput    = "Output"
)

// field is one row of the Proposal sheet.
type field struct {
	label, guidance string
}

var proposalFields = []field{
	{"Title", "A short title that says what the project does and where."},
	{"Responsible official", "The name of the official responsible in the submitting office."},
	{"Official's email", "Their email address."},
	{"Amount", "The total requested, programme support costs included, in the currency below. Digits only, no separators."},
	{"Currency", "ISO 4217 code, such as USD or EUR."},
	{"Duration (months)", "How long the project runs, in months."},
	{"Planned start", "YYYY-MM-DD, if known."},
	{"Programme period", "The programme and budget period the outcomes belong to, such as 2014-15."},
	{"Countries", "ISO 3166 two-letter codes, separated by commas: KE, TZ."},
	{"CPOs", "Country programme outcome codes, separated by commas: KEN 126, TZA 103."},
	{"Global outcomes", "Outcome codes of the programme and budget, separated by commas: 6, 13."},
	{"Needs statement", "Which needs the project answers, and the evidence for them."},
	{"DWCP reference", "Where the Decent Work Country Programme records these needs."},
	{"P&B reference", "The programme and budget outcome and indicator the project serves."},
	{"Sustainability and exit strategy", "How the results last after the project, and how it hands over."},
	{"Gender equality", "How the project addresses gender equality."},
	{"International labour standards", "Which standards the project supports, and how."},
	{"Social dialogue and tripartism", "How governments, employers and workers take part."},
	{"Environment", "Environmental effects, and how they are handled."},
	{"Disability inclusion", "How persons with disabilities take part and benefit."},
}

var instructions = []string{
	"Use this workbook to draft a proposal's logframe, budget and risks offline, then upload it to devcoop to start a proposal. devcoop reads it back and reports any cell it cannot read as Sheet!Cell: reason.",
	"1. Proposal: fill in column B. Leave a row empty if you do not know yet; you can complete it in devcoop.",
	"2. Logframe: one row per element. Put Objective, Outcome or Output in column A, with a code (1, 1.1 …) and a statement. An output belongs to the outcome above it.",
	"   Each indicator takes one row, with its baseline, target and means of verification. For a second indicator or assumption of the same element, leave Level, Code and Statement empty on the next row.",
	"   Give each assumption an ID (A1, A2 …) so that risks can refer to it.",
	"3. Activities: one row per activity, with the code of its output, and the project months it starts and ends (month 1 is the first month).",
	"4. Budget: amounts in the proposal's currency, per project year (year 1 is the first twelve months). Add rows for more lines of the same category. Programme support costs are 13% of all the other lines unless the partner agreed another rate; monitoring and evaluation need at least 5% of those lines, and an evaluation must be budgeted.",
	"5. Risks: one row per risk, rated low, medium or high, with its mitigation, and the IDs of the assumptions it covers (A1, A3). Every assumption should be covered by a risk.",
	"Do not rename the sheets or the column headers. You may insert rows, and add Year columns to the budget.",
}

// Template returns the empty logframe workbook, formatted and with
// drop-down lists where a cell takes one of a few values.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &writer{f: f}
	w.styles()
	w.instructionsSheet()
	w.proposalSheet()
	w.logframeSheet()
	w.activitiesSheet()
	w.budgetSheet()
	w.risksSheet()
	if w.err != nil {
		return nil, fmt.Errorf("logframe template: %w", w.err)
	}
	if idx, err := f.GetSheetIndex(SheetInstructions); err == nil {
		f.SetActiveSheet(idx)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "devcoop logframe template", Creator: "devcoop", Description: "Proposal logframe, budget and risks"}); err != nil {
		return nil, fmt.Errorf("logframe template: %w", err)
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("logframe template: %w", err)
	}
	return b.Bytes(), nil
}

// writer keeps the first error, so that building the workbook reads as a
// list of steps.
type writer struct {
	f                               *excelize.File
	err                             error
	title, hint, header, text, wrap int
	input, number, label            int
}

func (w *writer) do(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *writer) style(s *excelize.Style) int {
	id, err := w.f.NewStyle(s)
	w.do(err)
	return id
}

func (w *writer) styles() {
	thin := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1}, {Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	w.title = w.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F4E79"}})
	w.hint = w.style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	w.header = w.style(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Border:    thin,
	})
	text := "@"
	w.text = w.style(&excelize.Style{CustomNumFmt: &text, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: thin})
	w.wrap = w.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	w.input = w.style(&excelize.Style{CustomNumFmt: &text, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: thin})
	w.number = w.style(&excelize.Style{NumFmt: 4, Border: thin}) // #,##0.00
	w.label = w.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: thin})
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// sheet creates (or renames the default sheet to) name, with a title and a
// hint above the table.
func (w *writer) sheet(name, title, hint string, lastCol int) {
	if name == SheetInstructions {
		w.do(w.f.SetSheetName("Sheet1", name))
	} else {
		_, err := w.f.NewSheet(name)
		w.do(err)
	}
	w.do(w.f.SetCellStr(name, "A1", title))
	w.do(w.f.SetCellStyle(name, "A1", "A1", w.title))
	w.do(w.f.SetRowHeight(name, 1, 22))
	if hint != "" {
		w.do(w.f.SetCellStr(name, "A2", hint))
		w.do(w.f.MergeCell(name, "A2", cell(lastCol, 2)))
		w.do(w.f.SetCellStyle(name, "A2", cell(lastCol, 2), w.hint))
		w.do(w.f.SetRowHeight(name, 2, 32))
	}
}

// table writes a header row, styles the data area, and freezes the panes
// below the header.
func (w *writer) table(name string, headers []string, widths []float64) {
	for i, h := range headers {
		w.do(w.f.SetCellStr(name, cell(i+1, headerRow), h))
		w.do(w.f.SetColWidth(name, colName(i+1), colName(i+1), widths[i]))
	}
	w.do(w.f.SetCellStyle(name, cell(1, headerRow), cell(len(headers), headerRow), w.header))
	w.do(w.f.SetRowHeight(name, headerRow, 30))
	w.do(w.f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, firstRow), ActivePane: "bottomLeft"}))
}

func (w *writer) dropList(name, sqref string, values []string, prompt string) {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	w.do(dv.SetDropList(values))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not in the list", prompt)
	w.do(w.f.AddDataValidation(name, dv))
}

func (w *writer) rangeCheck(name, sqref string, lo, hi any, t excelize.DataValidationType, msg string) {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	w.do(dv.SetRange(lo, hi, t, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Out of range", msg)
	w.do(w.f.AddDataValidation(name, dv))
}

func (w *writer) instructionsSheet() {
	const name = SheetInstructions
	w.sheet(name, "devcoop proposal logframe template", "", 1)
	w.do(w.f.SetColWidth(name, "A", "A", 120))
	for i, s := range instructions {
		c := cell(1, 3+i)
		w.do(w.f.SetCellStr(name, c, s))
		w.do(w.f.SetCellStyle(name, c, c, w.wrap))
		w.do(w.f.SetRowHeight(name, 3+i, float64(16*(1+len(s)/110))))
	}
}

func (w *writer) proposalSheet() {
	const name = SheetProposal
	w.sheet(name, "Proposal", "Fill in column B. Column A must keep its labels.", 3)
	w.table(name, proposalHeaders, []float64{32, 70, 60})
	for i, fl := range proposalFields {
		row := firstRow + i
		w.do(w.f.SetCellStr(name, cell(1, row), fl.label))
		w.do(w.f.SetCellStr(name, cell(3, row), fl.guidance))
		w.do(w.f.SetCellStyle(name, cell(1, row), cell(1, row), w.label))
		w.do(w.f.SetCellStyle(name, cell(2, row), cell(2, row), w.input))
		w.do(w.f.SetCellStyle(name, cell(3, row), cell(3, row), w.hint))
	}
}

func (w *writer) logframeSheet() {
	const name = SheetLogframe
	w.sheet(name, "Logframe", "One row per objective, outcome or output; more rows with an empty level add indicators and assumptions to the element above.", len(logframeHeaders))
	w.table(name, logframeHeaders, []float64{12, 8, 48, 40, 20, 20, 30, 12, 40})
	w.do(w.f.SetCellStyle(name, cell(1, firstRow), cell(len(logframeHeaders), lastRow), w.text))
	w.do(w.f.SetCellStr(name, cell(1, firstRow), levelObjective))
	w.dropList(name, fmt.Sprintf("A%d:A%d", firstRow, lastRow), []string{levelObjective, levelOutcome, levelOutput}, "Objective, Outcome, Output, or empty to continue the element above.")
}

func (w *writer) activitiesSheet() {
	const name = SheetActivities
	w.sheet(name, "Activities", "One row per activity, under the code of its output. Months count from the project's start: month 1 is the first.", len(activitiesHeaders))
	w.table(name, activitiesHeaders, []float64{10, 10, 60, 12, 12})
	w.do(w.f.SetCellStyle(name, cell(1, firstRow), cell(3, lastRow), w.text))
	w.rangeCheck(name, fmt.Sprintf("D%d:E%d", firstRow, lastRow), 1, devcoop.MaxDurationMonths, excelize.DataValidationTypeWhole, fmt.Sprintf("A project month from 1 to %d.", devcoop.MaxDurationMonths))
}

func (w *writer) budgetSheet() {
	const name = SheetBudget
	headers := []string{"Category", "Description"}
	widths := []float64{28, 44}
	for y := 1; y <= budgetYrs; y++ {
		headers = append(headers, fmt.Sprintf("Year %d", y))
		widths = append(widths, 14)
	}
	headers = append(headers, "Total")
	widths = append(widths, 16)
	totalCol := len(headers)
	w.sheet(name, "Budget", "Amounts in the proposal's currency, by project year. Add rows for more lines of a category.", totalCol)
	w.table(name, headers, widths)

	w.do(w.f.SetCellStr(name, "A3", "Total"))
	w.do(w.f.SetCellStyle(name, "A3", "A3", w.label))
	for c := 3; c <= totalCol; c++ {
		col := colName(c)
		w.do(w.f.SetCellFormula(name, cell(c, 3), fmt.Sprintf("SUM(%s%d:%s%d)", col, firstRow, col, lastRow)))
	}
	w.do(w.f.SetCellStyle(name, "C3", cell(totalCol, 3), w.number))

	var labels []string
	for i, c := range devcoop.BudgetCategories {
		row := firstRow + i
		w.do(w.f.SetCellStr(name, cell(1, row), c.Label()))
		labels = append(labels, c.Label())
	}
	w.do(w.f.SetCellStyle(name, cell(1, firstRow), cell(2, lastRow), w.text))
	w.do(w.f.SetCellStyle(name, cell(3, firstRow), cell(totalCol, lastRow), w.number))
	for row := firstRow; row <= firstRow+40; row++ {
		w.do(w.f.SetCellFormula(name, cell(totalCol, row), fmt.Sprintf(`IF(COUNT(C%d:%s%d)=0,"",SUM(C%d:%s%d))`, row, colName(totalCol-1), row, row, colName(totalCol-1), row)))
	}
	w.dropList(name, fmt.Sprintf("A%d:A%d", firstRow, lastRow), labels, "One of the budget categories.")
	w.rangeCheck(name, fmt.Sprintf("C%d:%s%d", firstRow, colName(totalCol-1), lastRow), 0, 1e12, excelize.DataValidationTypeDecimal, "An amount of zero or more.")
}

func (w *writer) risksSheet() {
	const name = SheetRisks
	w.sheet(name, "Risks", "One row per risk. List the IDs of the logframe assumptions it covers, separated by commas.", len(risksHeaders))
	w.table(name, risksHeaders, []float64{8, 48, 12, 12, 48, 20})
	w.do(w.f.SetCellStyle(name, cell(1, firstRow), cell(len(risksHeaders), lastRow), w.text))
	levels := []string{"Low", "Medium", "High"}
	w.dropList(name, fmt.Sprintf("C%d:D%d", firstRow, lastRow), levels, "Low, Medium or High.")
}

// norm is how headers, labels and levels compare: trimmed, in lower case,
// with runs of spaces as one.
func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
