package logframe

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"devcoop"
	"devcoop/money"
)

// Problem is a cell Read could not make sense of: Cell is "Sheet!B7", or a
// sheet's name when the whole sheet is at fault.
type Problem struct {
	Cell    string `json:"cell"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Cell + ": " + p.Message }

// Limits on what Read accepts, so that a hostile file cannot exhaust
// memory: the upload, its unzipped size, and the rows and columns read per
// sheet.
const (
	MaxSize      = 10 << 20
	maxUnzipped  = 32 << 20
	maxRows      = 2000
	maxCols      = 64
	headerSearch = 20 // rows searched for a table's header
)

// Read reads a filled template into a new draft proposal. Cells it cannot
// read are reported as problems and left out; everything else is kept, so
// an office can fix the few cells named and upload again. The error is for
// a file that is not a readable XLSX workbook at all. Read checks cells
// (numbers, codes, levels, references between sheets) but does not call
// Proposal.Validate, nor fill what the template does not hold (office,
// partner, implementing partners, documents). It never panics.
func Read(r io.Reader) (p *devcoop.Proposal, problems []Problem, err error) {
	defer func() {
		if v := recover(); v != nil {
			p, problems, err = nil, nil, fmt.Errorf("logframe: the workbook could not be read (%v)", v)
		}
	}()
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("logframe: %w", err)
	}
	if len(data) > MaxSize {
		return nil, nil, fmt.Errorf("logframe: the file is larger than %d MB", MaxSize>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, nil, fmt.Errorf("logframe: not an XLSX workbook: %w", err)
	}
	defer f.Close()

	book := map[string][][]string{}
	var sheetProblems []Problem
	for _, name := range []string{SheetProposal, SheetLogframe, SheetActivities, SheetBudget, SheetRisks} {
		if idx, err := f.GetSheetIndex(name); err != nil || idx < 0 {
			sheetProblems = append(sheetProblems, Problem{name, "the sheet is missing"})
			continue
		}
		rows, msg := sheetRows(f, name)
		if msg != "" {
			sheetProblems = append(sheetProblems, Problem{name, msg})
		}
		book[name] = rows
	}
	p, problems = Parse(book)
	return p, append(sheetProblems, problems...), nil
}

// sheetRows reads a sheet's raw cell values, row by row (index 0 is row
// 1), up to the limits.
func sheetRows(f *excelize.File, name string) ([][]string, string) {
	it, err := f.Rows(name)
	if err != nil {
		return nil, "the sheet could not be read: " + err.Error()
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return rows, "the sheet could not be read: " + err.Error()
		}
		if len(rows) == maxRows {
			if !allBlank(cols) {
				return rows, fmt.Sprintf("only the first %d rows are read", maxRows)
			}
			continue
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil && !errors.Is(err, io.EOF) {
		return rows, "the sheet could not be read: " + err.Error()
	}
	return rows, ""
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Parse turns a workbook's sheets, as raw cell text by row (index 0 is row
// 1) and column (index 0 is column A), into a proposal and the problems of
// its cells. Read calls it after unzipping; it is exported so that other
// spreadsheet sources (a CSV export, a test) can share the rules.
func Parse(book map[string][][]string) (*devcoop.Proposal, []Problem) {
	ps := &parser{book: book, p: &devcoop.Proposal{Status: devcoop.ProposalDraft}, outputs: map[string][2]int{}}
	ps.proposal()
	ps.logframe()
	ps.activities()
	ps.budget()
	ps.risks()
	return ps.p, ps.probs
}

type parser struct {
	book    map[string][][]string
	p       *devcoop.Proposal
	probs   []Problem
	outputs map[string][2]int // output code → outcome and output index
}

// at names a cell: col and row count from 1.
func at(sheet string, col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return sheet
	}
	return sheet + "!" + c
}

func (ps *parser) bad(sheet string, col, row int, format string, args ...any) {
	ps.probs = append(ps.probs, Problem{at(sheet, col, row), fmt.Sprintf(format, args...)})
}

// table is a sheet's data below its header: the columns by header text.
type table struct {
	sheet  string
	rows   [][]string
	header int            // index of the header row
	cols   map[string]int // normalised header → column index
}

// get returns a cell's text, trimmed; "" beyond the row's end.
func (t *table) get(row int, header string) string {
	c, ok := t.cols[norm(header)]
	if !ok || row >= len(t.rows) || c >= len(t.rows[row]) {
		return ""
	}
	return strings.TrimSpace(t.rows[row][c])
}

// col is the 1-based column of a header, for problems.
func (t *table) col(header string) int { return t.cols[norm(header)] + 1 }

func (t *table) blank(row int) bool { return row >= len(t.rows) || allBlank(t.rows[row]) }

// find locates a sheet's table by its header row (the first of the first
// rows whose column A reads headers[0]) and checks that every header is
// there. It reports and returns nil when it cannot.
func (ps *parser) find(sheet string, headers []string) *table {
	rows, ok := ps.book[sheet]
	if !ok {
		return nil // Read has reported the missing sheet
	}
	for i := 0; i < len(rows) && i < headerSearch; i++ {
		if len(rows[i]) == 0 || norm(rows[i][0]) != norm(headers[0]) {
			continue
		}
		t := &table{sheet: sheet, rows: rows, header: i, cols: map[string]int{}}
		for c, h := range rows[i] {
			if k := norm(h); k != "" {
				if _, dup := t.cols[k]; !dup {
					t.cols[k] = c
				}
			}
		}
		missing := false
		for _, h := range headers {
			if _, ok := t.cols[norm(h)]; !ok {
				ps.bad(sheet, 1, i+1, "the column %q is missing from the header row", h)
				missing = true
			}
		}
		if missing {
			return nil
		}
		return t
	}
	ps.probs = append(ps.probs, Problem{sheet, fmt.Sprintf("no header row starting with %q in the first %d rows", headers[0], headerSearch)})
	return nil
}

// The cell readers report a problem and return false when a cell does not
// hold what it should.

func (ps *parser) amount(t *table, row int, col int, v string) (money.Decimal, bool) {
	d, _, err := money.ParseExponent(v)
	if err != nil {
		ps.bad(t.sheet, col, row+1, "%q is not a number (digits, with a point before decimals)", v)
		return money.Decimal{}, false
	}
	if d.Scale() > 2 {
		// Spreadsheets store binary floating point: 0.1 may come back as
		// 0.10000000000000001. Keep cents; refuse real fractions of a cent.
		r := d.Round(2)
		if d.Sub(r).Abs().GreaterThan(money.New(1, 6)) {
			ps.bad(t.sheet, col, row+1, "%s has more than two decimals", v)
			return money.Decimal{}, false
		}
		d = r
	}
	if d.Sign() < 0 {
		ps.bad(t.sheet, col, row+1, "%s is negative", v)
		return money.Decimal{}, false
	}
	return d, true
}

func (ps *parser) integer(t *table, row, col int, v string, lo, hi int) (int, bool) {
	d, _, err := money.ParseExponent(v)
	if err == nil && d.Equal(d.Round(0)) && !d.LessThan(money.FromInt(int64(lo))) && !d.GreaterThan(money.FromInt(int64(hi))) {
		n, _ := d.Int64()
		return int(n), true
	}
	ps.bad(t.sheet, col, row+1, "%q is not a whole number from %d to %d", v, lo, hi)
	return 0, false
}

func (ps *parser) date(t *table, row, col int, v string) (devcoop.Date, bool) {
	if d, err := devcoop.ParseDate(v); err == nil {
		return d, true
	}
	// A date typed into Excel is stored as a serial number of days.
	if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 1 && n < 2958466 {
		if tm, err := excelize.ExcelDateToTime(n, false); err == nil {
			return devcoop.DateOf(tm), true
		}
	}
	ps.bad(t.sheet, col, row+1, "%q is not a date (YYYY-MM-DD)", v)
	return devcoop.Date{}, false
}

// list splits a cell of codes separated by commas or semicolons.
func list(v string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (ps *parser) proposal() {
	t := ps.find(SheetProposal, proposalHeaders[:2])
	if t == nil {
		return
	}
	p := ps.p
	valueCol := t.col("Value")
	for row := t.header + 1; row < len(t.rows); row++ {
		label, v := t.get(row, "Field"), t.get(row, "Value")
		if label == "" {
			if v != "" {
				ps.bad(t.sheet, t.col("Field"), row+1, "a value needs its field's label in column A")
			}
			continue
		}
		switch norm(strings.ReplaceAll(label, "’", "'")) {
		case "title":
			p.Title = v
		case "responsible official":
			p.ResponsibleOfficial.Name = v
		case "official's email":
			p.ResponsibleOfficial.Email = v
		case "amount":
			if v != "" {
				if d, ok := ps.amount(t, row, valueCol, v); ok {
					p.Amount = d
				}
			}
		case "currency":
			c := strings.ToUpper(v)
			if v != "" && !money.ValidCurrency(c) {
				ps.bad(t.sheet, valueCol, row+1, "%q is not an ISO 4217 currency code", v)
				continue
			}
			p.Currency = c
		case "duration (months)":
			if v != "" {
				p.DurationMonths, _ = ps.integer(t, row, valueCol, v, 1, devcoop.MaxDurationMonths)
			}
		case "planned start":
			if v != "" {
				p.PlannedStart, _ = ps.date(t, row, valueCol, v)
			}
		case "programme period":
			p.Period = v
		case "countries":
			for _, c := range list(v) {
				c = strings.ToUpper(c)
				if !devcoop.ValidCountry(c) {
					ps.bad(t.sheet, valueCol, row+1, "%q is not an ISO 3166 two-letter country code", c)
					continue
				}
				p.Countries = append(p.Countries, c)
			}
		case "cpos":
			p.CPOs = list(v)
		case "global outcomes":
			p.Outcomes = list(v)
		case "needs statement":
			p.Needs.Statement = v
		case "dwcp reference":
			p.Needs.DWCPReference = v
		case "p&b reference":
			p.Needs.PBReference = v
		case "sustainability and exit strategy":
			p.Sustainability = v
		case "gender equality":
			p.CrossCutting.GenderEquality = v
		case "international labour standards":
			p.CrossCutting.InternationalLabourStandards = v
		case "social dialogue and tripartism":
			p.CrossCutting.SocialDialogue = v
		case "environment":
			p.CrossCutting.Environment = v
		case "disability inclusion":
			p.CrossCutting.DisabilityInclusion = v
		default:
			ps.bad(t.sheet, t.col("Field"), row+1, "%q is not a field of the template", label)
		}
	}
}

func level(v string) string {
	switch norm(v) {
	case "objective", "development objective":
		return levelObjective
	case "outcome", "immediate outcome":
		return levelOutcome
	case "output":
		return levelOutput
	case "":
		return ""
	}
	return "?"
}

func (ps *parser) logframe() {
	t := ps.find(SheetLogframe, logframeHeaders)
	if t == nil {
		return
	}
	lf := &ps.p.Logframe
	cur := "" // the level of the element rows continue: "", objective, outcome, output
	objectiveRow := 0
	for row := t.header + 1; row < len(t.rows); row++ {
		if t.blank(row) {
			continue
		}
		lv, code, stmt := t.get(row, "Level"), t.get(row, "Code"), t.get(row, "Statement")
		ind := devcoop.Indicator{Description: t.get(row, "Indicator"), Baseline: t.get(row, "Baseline"), Target: t.get(row, "Target"), MeansOfVerification: t.get(row, "Means of verification")}
		asm := devcoop.Assumption{ID: t.get(row, "Assumption ID"), Description: t.get(row, "Assumption")}
		hasInd := ind != devcoop.Indicator{}
		hasAsm := asm != devcoop.Assumption{}

		switch level(lv) {
		case "?":
			ps.bad(t.sheet, t.col("Level"), row+1, "%q is not Objective, Outcome or Output", lv)
			continue
		case levelObjective:
			if objectiveRow != 0 {
				ps.bad(t.sheet, t.col("Level"), row+1, "the development objective is already on row %d", objectiveRow)
				continue
			}
			if stmt == "" && !hasInd && !hasAsm {
				continue // the template's placeholder
			}
			objectiveRow = row + 1
			lf.Objective = stmt
			cur = levelObjective
		case levelOutcome:
			if code == "" && stmt == "" && !hasInd && !hasAsm {
				continue
			}
			lf.Outcomes = append(lf.Outcomes, devcoop.ImmediateOutcome{Code: code, Statement: stmt})
			cur = levelOutcome
		case levelOutput:
			if code == "" && stmt == "" && !hasInd && !hasAsm {
				continue
			}
			if len(lf.Outcomes) == 0 {
				ps.bad(t.sheet, t.col("Level"), row+1, "an output needs an outcome above it")
				cur = ""
				continue
			}
			i := len(lf.Outcomes) - 1
			o := &lf.Outcomes[i]
			if code != "" {
				if _, dup := ps.outputs[code]; dup {
					ps.bad(t.sheet, t.col("Code"), row+1, "output %s is listed twice", code)
				} else {
					ps.outputs[code] = [2]int{i, len(o.Outputs)}
				}
			}
			o.Outputs = append(o.Outputs, devcoop.Output{Code: code, Statement: stmt})
			cur = levelOutput
		case "":
			if code != "" || stmt != "" {
				ps.bad(t.sheet, t.col("Level"), row+1, "a code or statement needs its level (Objective, Outcome or Output)")
				continue
			}
			if cur == "" {
				ps.bad(t.sheet, t.col("Level"), row+1, "an indicator or assumption needs an outcome or output above it")
				continue
			}
		}

		if cur == levelObjective {
			if hasInd || hasAsm {
				ps.bad(t.sheet, t.col("Indicator"), row+1, "give indicators and assumptions to outcomes and outputs, not to the development objective")
			}
			continue
		}
		var inds *[]devcoop.Indicator
		var asms *[]devcoop.Assumption
		o := &lf.Outcomes[len(lf.Outcomes)-1]
		if cur == levelOutput {
			out := &o.Outputs[len(o.Outputs)-1]
			inds, asms = &out.Indicators, &out.Assumptions
		} else {
			inds, asms = &o.Indicators, &o.Assumptions
		}
		if hasInd {
			*inds = append(*inds, ind)
		}
		if hasAsm {
			*asms = append(*asms, asm)
		}
	}
}

func (ps *parser) activities() {
	t := ps.find(SheetActivities, activitiesHeaders)
	if t == nil {
		return
	}
	for row := t.header + 1; row < len(t.rows); row++ {
		if t.blank(row) {
			continue
		}
		out := t.get(row, "Output")
		where, ok := ps.outputs[out]
		if !ok {
			if out == "" {
				ps.bad(t.sheet, t.col("Output"), row+1, "the activity needs the code of its output")
			} else {
				ps.bad(t.sheet, t.col("Output"), row+1, "output %q is not in the Logframe sheet", out)
			}
			continue
		}
		a := devcoop.Activity{Code: t.get(row, "Code"), Description: t.get(row, "Activity")}
		if v := t.get(row, "Start month"); v != "" {
			a.StartMonth, _ = ps.integer(t, row, t.col("Start month"), v, 1, devcoop.MaxDurationMonths)
		}
		if v := t.get(row, "End month"); v != "" {
			a.EndMonth, _ = ps.integer(t, row, t.col("End month"), v, 1, devcoop.MaxDurationMonths)
		}
		o := &ps.p.Logframe.Outcomes[where[0]].Outputs[where[1]]
		o.Activities = append(o.Activities, a)
	}
}

func category(v string) (devcoop.BudgetCategory, bool) {
	k := norm(v)
	for _, c := range devcoop.BudgetCategories {
		if k == norm(c.Label()) || k == string(c) {
			return c, true
		}
	}
	switch k {
	case "programme support costs (psc)", "program support costs":
		return devcoop.BudgetPSC, true
	}
	return "", false
}

func (ps *parser) budget() {
	t := ps.find(SheetBudget, []string{"Category", "Description"})
	if t == nil {
		return
	}
	type yearCol struct{ year, col int }
	var years []yearCol
	for c, h := range t.rows[t.header] {
		var y int
		if n, err := fmt.Sscanf(norm(h), "year %d", &y); err != nil || n != 1 || fmt.Sprintf("year %d", y) != norm(h) {
			continue
		}
		if y < 1 || y > devcoop.MaxDurationMonths/12 {
			ps.bad(t.sheet, c+1, t.header+1, "%q is not a project year (1–%d)", h, devcoop.MaxDurationMonths/12)
			continue
		}
		dup := false
		for _, yc := range years {
			dup = dup || yc.year == y
		}
		if dup {
			ps.bad(t.sheet, c+1, t.header+1, "year %d has two columns", y)
			continue
		}
		years = append(years, yearCol{y, c})
	}
	if len(years) == 0 {
		ps.bad(t.sheet, 3, t.header+1, "the header row has no Year 1, Year 2 … columns")
		return
	}
	for row := t.header + 1; row < len(t.rows); row++ {
		var amounts []string
		filled := false
		for _, yc := range years {
			v := ""
			if yc.col < len(t.rows[row]) {
				v = strings.TrimSpace(t.rows[row][yc.col])
			}
			amounts = append(amounts, v)
			filled = filled || v != ""
		}
		if !filled {
			continue // a category without amounts, such as the template's rows
		}
		cv := t.get(row, "Category")
		c, ok := category(cv)
		if !ok {
			if cv == "" {
				ps.bad(t.sheet, t.col("Category"), row+1, "the amounts need a category")
			} else {
				ps.bad(t.sheet, t.col("Category"), row+1, "%q is not a budget category", cv)
			}
			continue
		}
		desc := t.get(row, "Description")
		for i, yc := range years {
			if amounts[i] == "" {
				continue
			}
			d, ok := ps.amount(t, row, yc.col+1, amounts[i])
			if !ok || d.IsZero() {
				continue
			}
			ps.p.Budget = append(ps.p.Budget, devcoop.BudgetLine{Category: c, Description: desc, Year: yc.year, Amount: d})
		}
	}
}

func (ps *parser) risks() {
	t := ps.find(SheetRisks, risksHeaders)
	if t == nil {
		return
	}
	rate := func(row int, header string) devcoop.Level {
		v := t.get(row, header)
		l := devcoop.Level(strings.ToLower(v))
		if v != "" && !l.Valid() {
			ps.bad(t.sheet, t.col(header), row+1, "%q is not low, medium or high", v)
			return ""
		}
		return l
	}
	for row := t.header + 1; row < len(t.rows); row++ {
		if t.blank(row) {
			continue
		}
		ps.p.Risks = append(ps.p.Risks, devcoop.Risk{
			ID:          t.get(row, "ID"),
			Description: t.get(row, "Risk"),
			Likelihood:  rate(row, "Likelihood"),
			Impact:      rate(row, "Impact"),
			Mitigation:  t.get(row, "Mitigation"),
			Assumptions: list(t.get(row, "Assumptions covered")),
		})
	}
}
