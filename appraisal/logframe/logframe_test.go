package logframe_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/appraisal/logframe"
)

func template(t testing.TB) []byte {
	t.Helper()
	b, err := logframe.Template()
	if err != nil {
		t.Fatalf("Template: %v", err)
	}
	return b
}

func open(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return f
}

func save(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// put writes values across a row from column A; nil leaves a cell alone.
func put(t testing.TB, f *excelize.File, sheet string, row int, values ...any) {
	t.Helper()
	for i, v := range values {
		if v == nil {
			continue
		}
		if err := f.SetCellValue(sheet, cell(i+1, row), v); err != nil {
			t.Fatal(err)
		}
	}
}

// labelRows maps the Proposal sheet's labels to their rows.
func labelRows(t testing.TB, f *excelize.File) map[string]int {
	t.Helper()
	rows, err := f.GetRows(logframe.SheetProposal)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for i, r := range rows {
		if len(r) > 0 && r[0] != "" {
			out[r[0]] = i + 1
		}
	}
	return out
}

// fill writes p into the template the way an office would, cell by cell,
// with numbers typed as numbers (and one as text).
func fill(t testing.TB, p *devcoop.Proposal) []byte {
	t.Helper()
	f := open(t, template(t))
	defer f.Close()

	at := labelRows(t, f)
	set := func(label string, v any) {
		t.Helper()
		row, ok := at[label]
		if !ok {
			t.Fatalf("the Proposal sheet has no %q row", label)
		}
		put(t, f, logframe.SheetProposal, row, nil, v)
	}
	amount, _ := p.Amount.Int64()
	set("Title", p.Title)
	set("Responsible official", p.ResponsibleOfficial.Name)
	set("Official's email", p.ResponsibleOfficial.Email)
	set("Amount", amount)
	set("Currency", strings.ToLower(p.Currency))
	set("Duration (months)", p.DurationMonths)
	set("Planned start", p.PlannedStart.String())
	set("Programme period", p.Period)
	set("Countries", strings.Join(p.Countries, ", "))
	set("CPOs", strings.Join(p.CPOs, "; "))
	set("Global outcomes", strings.Join(p.Outcomes, ","))
	set("Needs statement", p.Needs.Statement)
	set("DWCP reference", p.Needs.DWCPReference)
	set("P&B reference", p.Needs.PBReference)
	set("Sustainability and exit strategy", p.Sustainability)
	set("Gender equality", p.CrossCutting.GenderEquality)
	set("International labour standards", p.CrossCutting.InternationalLabourStandards)
	set("Social dialogue and tripartism", p.CrossCutting.SocialDialogue)
	set("Environment", p.CrossCutting.Environment)
	set("Disability inclusion", p.CrossCutting.DisabilityInclusion)

	row := 5
	put(t, f, logframe.SheetLogframe, row, "Objective", "", p.Logframe.Objective)
	row++
	element := func(level, code, stmt string, inds []devcoop.Indicator, asms []devcoop.Assumption) {
		for k := range max(len(inds), len(asms), 1) {
			vals := []any{"", "", "", "", "", "", "", "", ""}
			if k == 0 {
				vals[0], vals[1], vals[2] = level, code, stmt
			}
			if k < len(inds) {
				in := inds[k]
				vals[3], vals[4], vals[5], vals[6] = in.Description, in.Baseline, in.Target, in.MeansOfVerification
			}
			if k < len(asms) {
				vals[7], vals[8] = asms[k].ID, asms[k].Description
			}
			put(t, f, logframe.SheetLogframe, row, vals...)
			row++
		}
	}
	for _, o := range p.Logframe.Outcomes {
		element("Outcome", o.Code, o.Statement, o.Indicators, o.Assumptions)
		row++ // a blank row between elements is allowed
		for _, out := range o.Outputs {
			element("Output", out.Code, out.Statement, out.Indicators, out.Assumptions)
		}
	}

	row = 5
	for _, o := range p.Logframe.Outcomes {
		for _, out := range o.Outputs {
			for _, a := range out.Activities {
				put(t, f, logframe.SheetActivities, row, out.Code, a.Code, a.Description, a.StartMonth, a.EndMonth)
				row++
			}
		}
	}

	// One budget row per category and description, amounts by year.
	type key struct {
		c devcoop.BudgetCategory
		d string
	}
	var keys []key
	byKey := map[key]map[int]string{}
	for _, l := range p.Budget {
		k := key{l.Category, l.Description}
		if byKey[k] == nil {
			keys = append(keys, k)
			byKey[k] = map[int]string{}
		}
		byKey[k][l.Year] = l.Amount.String()
	}
	for i, k := range keys {
		row := 5 + i
		put(t, f, logframe.SheetBudget, row, k.c.Label(), k.d)
		for y, v := range byKey[k] {
			var typed any = v // a text cell
			if k.c != devcoop.BudgetMonitoring {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatal(err)
				}
				typed = x // a number cell
			}
			if err := f.SetCellValue(logframe.SheetBudget, cell(2+y, row), typed); err != nil {
				t.Fatal(err)
			}
		}
	}

	for i, r := range p.Risks {
		put(t, f, logframe.SheetRisks, 5+i, r.ID, r.Description, strings.ToUpper(string(r.Likelihood[:1]))+string(r.Likelihood[1:]), string(r.Impact), r.Mitigation, strings.Join(r.Assumptions, ", "))
	}
	return save(t, f)
}

// templated is the part of a proposal the template holds, with budget
// lines in a canonical order.
func templated(p *devcoop.Proposal) *devcoop.Proposal {
	q := *p
	q.ID, q.OfficeID, q.PartnerID, q.Version = 0, 0, 0, 0
	q.ImplementingPartners, q.Documents = nil, nil
	sortBudget(&q)
	return &q
}

func sortBudget(p *devcoop.Proposal) {
	p.Budget = slices.Clone(p.Budget)
	slices.SortStableFunc(p.Budget, func(a, b devcoop.BudgetLine) int {
		if c := slices.Index(devcoop.BudgetCategories, a.Category) - slices.Index(devcoop.BudgetCategories, b.Category); c != 0 {
			return c
		}
		if c := strings.Compare(a.Description, b.Description); c != 0 {
			return c
		}
		return a.Year - b.Year
	})
}

func TestRoundTrip(t *testing.T) {
	want := templated(appraisal.ExampleProposal())
	got, problems, err := logframe.Read(bytes.NewReader(fill(t, appraisal.ExampleProposal())))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	sortBudget(got)
	if cs := appraisal.Diff(want, got); len(cs) != 0 {
		for _, c := range cs {
			t.Errorf("%s: wrote %s, read %s", c.Path, c.Before, c.After)
		}
	}
	if got.State() != devcoop.ProposalDraft {
		t.Errorf("state %s", got.State())
	}
	// The proposal read back screens as the example does, once the office
	// and partner are set in the form.
	got.OfficeID, got.PartnerID = 12, 7
	if err := got.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if fs := appraisal.Screen(got, appraisal.DefaultRuleSet(), appraisal.ExampleFacts()); len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
}

func TestTemplateReadsEmpty(t *testing.T) {
	p, problems, err := logframe.Read(bytes.NewReader(template(t)))
	if err != nil || len(problems) != 0 {
		t.Fatalf("Read(Template()) = %v, %v", problems, err)
	}
	if cs := appraisal.Diff(&devcoop.Proposal{}, p); len(cs) != 0 {
		t.Errorf("an empty template reads as %+v", cs)
	}
}

func TestTemplateLayout(t *testing.T) {
	f := open(t, template(t))
	defer f.Close()
	want := []string{"Instructions", "Proposal", "Logframe", "Activities", "Budget", "Risks"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	if f.GetSheetName(f.GetActiveSheetIndex()) != "Instructions" {
		t.Error("the workbook does not open on its instructions")
	}
	headers := map[string][]string{
		"Logframe":   {"Level", "Code", "Statement", "Indicator", "Baseline", "Target", "Means of verification", "Assumption ID", "Assumption"},
		"Activities": {"Output", "Code", "Activity", "Start month", "End month"},
		"Budget":     {"Category", "Description", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Total"},
		"Risks":      {"ID", "Risk", "Likelihood", "Impact", "Mitigation", "Assumptions covered"},
		"Proposal":   {"Field", "Value", "Guidance"},
	}
	for sheet, hs := range headers {
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) < 4 || !slices.Equal(rows[3], hs) {
			t.Errorf("%s header row = %q, want %q", sheet, rows[3], hs)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 4 {
			t.Errorf("%s: panes %+v, want frozen below the header", sheet, panes)
		}
	}
	for _, sheet := range []string{"Logframe", "Budget", "Risks", "Activities"} {
		if dvs, err := f.GetDataValidations(sheet); err != nil || len(dvs) == 0 {
			t.Errorf("%s has no data validation: %v", sheet, err)
		}
	}
	// The budget lists every category, labelled for people.
	for i, c := range devcoop.BudgetCategories {
		if v, _ := f.GetCellValue("Budget", cell(1, 5+i)); v != c.Label() {
			t.Errorf("Budget!A%d = %q, want %q", 5+i, v, c.Label())
		}
	}
	if formula, _ := f.GetCellFormula("Budget", "C3"); formula != "SUM(C5:C500)" {
		t.Errorf("Budget!C3 = %q, want a total", formula)
	}
}

func TestReadProblems(t *testing.T) {
	f := open(t, template(t))
	at := labelRows(t, f)
	set := func(label string, v any) { put(t, f, "Proposal", at[label], nil, v) }
	set("Amount", "12,5")
	set("Currency", "Euro")
	set("Duration (months)", "three")
	set("Planned start", "1 Jan 2015")
	set("Countries", "KE, Kenya")
	put(t, f, "Proposal", 30, "Colour", "blue")

	put(t, f, "Logframe", 5, "Objective", "", "Decent work for all.", "An indicator")
	put(t, f, "Logframe", 6, "Goal", "1", "Something.")
	put(t, f, "Logframe", 7, "Output", "1.1", "An output without an outcome.")
	put(t, f, "Logframe", 8, "", "2", "A statement without a level.")
	put(t, f, "Logframe", 9, "Outcome", "1", "A real outcome.")
	put(t, f, "Logframe", 10, "Output", "1.1", "A real output.")
	put(t, f, "Logframe", 11, "Output", "1.1", "The same code again.")

	put(t, f, "Activities", 5, "9.9", "9.9.1", "An activity of no output.")
	put(t, f, "Activities", 6, "1.1", "1.1.1", "Start late.", "0", 500)

	put(t, f, "Budget", 5, nil, nil, "1,000", -5, 0.001, 10)
	put(t, f, "Budget", 14, "Overheads", "", 100)
	put(t, f, "Budget", 15, "", "No category", 100)

	put(t, f, "Risks", 5, "R1", "A risk.", "Likely", "high", "Mitigate.", "A1")

	p, problems, err := logframe.Read(bytes.NewReader(save(t, f)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range problems {
		got = append(got, pr.String())
	}
	want := []string{
		`Proposal!B8: "12,5" is not a number (digits, with a point before decimals)`,
		`Proposal!B9: "Euro" is not an ISO 4217 currency code`,
		`Proposal!B10: "three" is not a whole number from 1 to 240`,
		`Proposal!B11: "1 Jan 2015" is not a date (YYYY-MM-DD)`,
		`Proposal!B13: "KENYA" is not an ISO 3166 two-letter country code`,
		`Proposal!A30: "Colour" is not a field of the template`,
		`Logframe!D5: give indicators and assumptions to outcomes and outputs, not to the development objective`,
		`Logframe!A6: "Goal" is not Objective, Outcome or Output`,
		`Logframe!A7: an output needs an outcome above it`,
		`Logframe!A8: a code or statement needs its level (Objective, Outcome or Output)`,
		`Logframe!B11: output 1.1 is listed twice`,
		`Activities!A5: output "9.9" is not in the Logframe sheet`,
		`Activities!D6: "0" is not a whole number from 1 to 240`,
		`Activities!E6: "500" is not a whole number from 1 to 240`,
		`Budget!C5: "1,000" is not a number (digits, with a point before decimals)`,
		`Budget!D5: -5 is negative`,
		`Budget!E5: 0.001 has more than two decimals`,
		`Budget!A14: "Overheads" is not a budget category`,
		`Budget!A15: the amounts need a category`,
		`Risks!C5: "Likely" is not low, medium or high`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// What could be read is kept.
	if p.Logframe.Objective != "Decent work for all." || len(p.Logframe.Outcomes) != 1 || len(p.Logframe.Outcomes[0].Outputs) != 2 {
		t.Errorf("logframe read as %+v", p.Logframe)
	}
	if len(p.Budget) != 1 || p.Budget[0].Year != 4 || p.Budget[0].Category != devcoop.BudgetStaff {
		t.Errorf("budget read as %+v", p.Budget)
	}
	if len(p.Risks) != 1 || p.Risks[0].Impact != devcoop.LevelHigh || p.Risks[0].Likelihood != "" {
		t.Errorf("risks read as %+v", p.Risks)
	}
	if !slices.Equal(p.Countries, []string{"KE"}) {
		t.Errorf("countries read as %v", p.Countries)
	}
}

func TestReadSheetProblems(t *testing.T) {
	f := open(t, template(t))
	if err := f.DeleteSheet("Risks"); err != nil {
		t.Fatal(err)
	}
	put(t, f, "Logframe", 4, nil, nil, nil, nil, nil, "Goal")
	put(t, f, "Activities", 4, "Output number")
	put(t, f, "Budget", 4, nil, nil, "2015", "2016", "2017", "2018", "2019")
	_, problems, err := logframe.Read(bytes.NewReader(save(t, f)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range problems {
		got = append(got, pr.String())
	}
	want := []string{
		`Risks: the sheet is missing`,
		`Logframe!A4: the column "Target" is missing from the header row`,
		`Activities: no header row starting with "Output" in the first 20 rows`,
		`Budget!C4: the header row has no Year 1, Year 2 … columns`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Offices insert rows and move columns; dates typed in Excel arrive as
// serial numbers; floating point brings noise; more year columns may be
// added.
func TestReadTolerates(t *testing.T) {
	f := open(t, template(t))
	at := labelRows(t, f)
	put(t, f, "Proposal", at["Planned start"], nil, 42005) // 2015-01-01
	put(t, f, "Proposal", at["Amount"], nil, "1000.10")
	// Swap the Baseline and Target columns.
	put(t, f, "Logframe", 4, nil, nil, nil, nil, "Target", "Baseline")
	put(t, f, "Logframe", 5, "objective", "", "An objective.")
	put(t, f, "Logframe", 6, "Immediate outcome", "1", "An outcome.", "Share of youth employed", "40%", "30%", "Survey")
	put(t, f, "Budget", 4, nil, nil, nil, nil, nil, nil, nil, "Year 6")
	put(t, f, "Budget", 5, nil, "Coordinator", "0.30000000000000004", nil, nil, nil, nil, 12.5)
	p, problems, err := logframe.Read(bytes.NewReader(save(t, f)))
	if err != nil || len(problems) != 0 {
		t.Fatalf("Read: %v %v", problems, err)
	}
	if p.PlannedStart != devcoop.NewDate(2015, 1, 1) || p.Amount.String() != "1000.10" {
		t.Errorf("planned start %s, amount %s", p.PlannedStart, p.Amount)
	}
	if ind := p.Logframe.Outcomes[0].Indicators[0]; ind.Baseline != "30%" || ind.Target != "40%" {
		t.Errorf("indicator %+v: columns were read by position", ind)
	}
	if len(p.Budget) != 2 {
		t.Fatalf("budget %+v", p.Budget)
	}
	for i, want := range []struct {
		year   int
		amount string
	}{{1, "0.30"}, {6, "12.5"}} {
		l := p.Budget[i]
		if l.Category != devcoop.BudgetStaff || l.Description != "Coordinator" || l.Year != want.year || l.Amount.String() != want.amount {
			t.Errorf("budget line %d = %+v, want year %d, %s", i, l, want.year, want.amount)
		}
	}
}

func TestReadNotAWorkbook(t *testing.T) {
	for name, body := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("Level,Code,Statement\nOutcome,1,x\n"),
		"truncated": template(t)[:2000],
		"too large": make([]byte, logframe.MaxSize+1),
	} {
		p, problems, err := logframe.Read(bytes.NewReader(body))
		if err == nil || p != nil || problems != nil {
			t.Errorf("%s: Read = %v, %v, %v; want an error", name, p, problems, err)
		}
	}
}

// FuzzRead feeds arbitrary bytes, and damaged workbooks, to Read: it must
// not panic, and must return either an error or a proposal whose problems
// name a sheet.
func FuzzRead(f *testing.F) {
	tmpl := template(f)
	filled := fill(f, appraisal.ExampleProposal())
	f.Add(tmpl)
	f.Add(filled)
	f.Add(filled[:len(filled)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	sheets := []string{"Proposal", "Logframe", "Activities", "Budget", "Risks"}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, problems, err := logframe.Read(bytes.NewReader(body))
		if err != nil {
			return
		}
		if p == nil {
			t.Fatal("no proposal and no error")
		}
		for _, pr := range problems {
			if !slices.ContainsFunc(sheets, func(s string) bool { return strings.HasPrefix(pr.Cell, s) }) || pr.Message == "" {
				t.Fatalf("problem %q names no sheet", pr)
			}
		}
	})
}

// FuzzParse drives the cell rules with arbitrary tables, which reach far
// more cases than whole workbooks do. Sheets are separated by form feeds,
// rows by newlines and cells by tabs.
func FuzzParse(f *testing.F) {
	f.Add("\f\tField\tValue\nAmount\t1e3\nCountries\tKE;TZ\f\f\fCategory\tDescription\tYear 1\tYear 2\nStaff\tx\t1\t2.005\f")
	f.Add("Field\tValue\nDuration (months)\t1e400\f" +
		"Level\tCode\tStatement\tIndicator\tBaseline\tTarget\tMeans of verification\tAssumption ID\tAssumption\nOutput\t1\tx\n\t\t\ty\nOutcome\t1\tx\nOutput\t1.1\ty\n\t\t\t\t\t\t\tA1\tz\f" +
		"Output\tCode\tActivity\tStart month\tEnd month\n1.1\ta\tb\t-1\t2.5\f" +
		"Category\tDescription\tYear 0\tYear 1\tYear 1\tyear 99999999999999999999\nPSC\t\t\t-0\f" +
		"ID\tRisk\tLikelihood\tImpact\tMitigation\tAssumptions covered\nR1\tx\tHIGH\tlow\ty\t,,A1;;")
	names := []string{logframe.SheetProposal, logframe.SheetLogframe, logframe.SheetActivities, logframe.SheetBudget, logframe.SheetRisks}
	f.Fuzz(func(t *testing.T, text string) {
		book := map[string][][]string{}
		for i, sheet := range strings.Split(text, "\f") {
			if i >= len(names) {
				break
			}
			var rows [][]string
			for _, line := range strings.Split(sheet, "\n") {
				rows = append(rows, strings.Split(line, "\t"))
			}
			book[names[i]] = rows
		}
		p, problems := logframe.Parse(book)
		if p == nil {
			t.Fatal("no proposal")
		}
		for _, pr := range problems {
			if !slices.ContainsFunc(names, func(s string) bool { return strings.HasPrefix(pr.Cell, s) }) {
				t.Fatalf("problem %q names no sheet", pr)
			}
		}
		for _, l := range p.Budget {
			if l.Amount.Sign() <= 0 || l.Year < 1 || !l.Category.Valid() {
				t.Fatalf("budget line %+v", l)
			}
		}
	})
}
