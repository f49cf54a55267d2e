package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/money"
)

// The proposal editor is one form for every part of a proposal. Each input
// is named by its path in the proposal's JSON ("logframe.outcomes[0].
// indicators[1].baseline"), so an error the service reports for a path is
// shown next to that input. Lists show their items plus a blank one to fill
// in; "Add another …" buttons post the form back with one more blank item,
// without saving. Items left blank are dropped when saving.

// blankBudgetLines is how many empty budget lines the editor offers: a
// budget has many lines, so a few at a time.
const blankBudgetLines = 3

// maxProposalForm bounds the editor's body.
const maxProposalForm = 4 << 20

type editorView struct {
	P          *devcoop.Proposal
	ID         int64
	Version    int
	Action     string
	Raw        map[string]string
	Errors     []devcoop.FieldError
	Conflict   string
	Offices    []devcoop.Office
	Partners   []devcoop.Partner
	Periods    []devcoop.Period
	Currencies []string
	Categories []devcoop.BudgetCategory
	Levels     []devcoop.Level
	IPKinds    []string
	DocKinds   []string
	CCKeys     []string
	Title      string

	errAt map[string][]string
}

// Val is what an input shows: what was typed, if the form came back, or the
// proposal's value. Zero numbers show as empty inputs.
func (v *editorView) Val(path string, x any) string {
	if s, ok := v.Raw[path]; ok {
		return s
	}
	switch t := x.(type) {
	case nil:
		return ""
	case string:
		return t
	case int:
		if t == 0 {
			return ""
		}
		return strconv.Itoa(t)
	case int64:
		if t == 0 {
			return ""
		}
		return strconv.FormatInt(t, 10)
	case money.Decimal:
		if t.IsZero() {
			return ""
		}
		return t.String()
	case devcoop.Date:
		return t.String()
	case []string:
		return strings.Join(t, ", ")
	case devcoop.Level:
		return string(t)
	case devcoop.BudgetCategory:
		return string(t)
	}
	return fmt.Sprint(x)
}

// Err is the error message of the input at path, or "".
func (v *editorView) Err(path string) string { return strings.Join(v.errAt[path], "; ") }

// ErrAnchor is the id an error summary links to for a field error.
func (v *editorView) ErrAnchor(field string) string {
	if at := placeIn(field, editorShapes); at != "" {
		return fieldID(at)
	}
	return "proposal-form"
}

// CC is the text of a cross-cutting section.
func (v *editorView) CC(key string) string {
	t, _ := v.P.CrossCutting.Section(key)
	return t
}

func editorIndicatorShapes(prefix string) []string {
	return []string{prefix + ".indicators[].description", prefix + ".indicators[].baseline", prefix + ".indicators[].target",
		prefix + ".indicators[].means_of_verification", prefix + ".assumptions[].id", prefix + ".assumptions[].description"}
}

// editorShapes are the editor's inputs; proposal_edit.html renders each.
var editorShapes = setOf(slices.Concat([]string{
	"title", "office_id", "partner_id", "amount", "currency", "duration_months", "planned_start", "period",
	"responsible_official.name", "responsible_official.email", "countries", "cpos", "outcomes",
	"needs.statement", "needs.dwcp_reference", "needs.pb_reference", "logframe.objective",
	"logframe.outcomes[].code", "logframe.outcomes[].statement", "logframe.outcomes[].outputs[].code", "logframe.outcomes[].outputs[].statement",
	"logframe.outcomes[].outputs[].activities[].code", "logframe.outcomes[].outputs[].activities[].description",
	"logframe.outcomes[].outputs[].activities[].start_month", "logframe.outcomes[].outputs[].activities[].end_month",
	"budget[].category", "budget[].description", "budget[].year", "budget[].amount",
	"risks[].id", "risks[].description", "risks[].likelihood", "risks[].impact", "risks[].mitigation", "risks[].assumptions",
	"sustainability", "implementing_partners[].name", "implementing_partners[].kind", "implementing_partners[].country", "implementing_partners[].role",
	"documents[].name", "documents[].kind", "documents[].url", "documents[].size_bytes",
}, editorIndicatorShapes("logframe.outcomes[]"), editorIndicatorShapes("logframe.outcomes[].outputs[]"), ccShapes())...)

func (s *Server) newProposalPage(w http.ResponseWriter, r *http.Request) error {
	u := devcoop.UserFrom(r.Context())
	if !canDraft(u) {
		return devcoop.Errorf(devcoop.KindForbidden, "Proposals are drafted by programme officers, for their own office.")
	}
	p := &devcoop.Proposal{OfficeID: u.OfficeID, Currency: money.USD}
	if pf, err := s.app.Portfolio(r.Context()); err == nil {
		if cur := pf.CurrentPeriod(); cur != nil {
			p.Period = cur.Code
		}
	}
	padProposal(p)
	return s.renderEditor(w, r, http.StatusOK, &editorView{P: p})
}

// editable refuses to open the editor on a proposal the user may not
// change, with the service's reasons; the service checks again on saving.
func editable(u *devcoop.User, rec *devcoop.ProposalRecord) error {
	if !(u.Has(devcoop.RoleAdmin) || (u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID == rec.OfficeID)) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only the submitting office's programme officers change a proposal.")
	}
	if !rec.State().Editable() {
		return devcoop.Conflictf("a proposal that is %s cannot be changed; it can be changed while a draft or returned for revision", strings.ToLower(rec.State().Label()))
	}
	return nil
}

func (s *Server) editProposalPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.app.Proposal(r.Context(), id)
	if err != nil {
		return err
	}
	if err := editable(devcoop.UserFrom(r.Context()), rec); err != nil {
		return err
	}
	p := rec.Proposal
	padProposal(&p)
	return s.renderEditor(w, r, http.StatusOK, &editorView{P: &p, ID: id, Version: rec.Version})
}

func (s *Server) createProposalPost(w http.ResponseWriter, r *http.Request) error {
	return s.saveProposal(w, r, 0)
}

func (s *Server) saveProposalPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.saveProposal(w, r, id)
}

func (s *Server) saveProposal(w http.ResponseWriter, r *http.Request, id int64) error {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxProposalForm)
	if err := r.ParseForm(); err != nil {
		return devcoop.Invalid("form", "could not be read")
	}
	vals := r.PostForm
	version, _ := strconv.Atoi(vals.Get("version"))
	v := &editorView{ID: id, Version: version}
	if add := vals.Get("add"); add != "" {
		p, raw, _ := readProposalForm(vals, true)
		if !addBlank(p, add) {
			return devcoop.Invalid("add", "%q is not a list of the proposal", add)
		}
		v.P, v.Raw = p, raw
		return s.renderEditor(w, r, http.StatusOK, v)
	}
	p, raw, err := readProposalForm(vals, false)
	v.P, v.Raw = p, raw
	if err != nil {
		// Show the proposal's own problems with the unreadable inputs.
		fields := devcoop.ErrorFields(err)
		bad := map[string]bool{}
		for _, f := range fields {
			bad[f.Field] = true
		}
		for _, f := range devcoop.ErrorFields(p.Validate()) {
			if !bad[f.Field] {
				fields = append(fields, f)
			}
		}
		v.Errors = fields
		padProposal(p)
		return s.renderEditor(w, r, http.StatusBadRequest, v)
	}
	p.Version = version
	var rec *devcoop.ProposalRecord
	if id == 0 {
		rec, err = s.app.CreateProposal(ctx, p)
	} else {
		rec, err = s.app.UpdateProposal(ctx, id, p)
	}
	if err != nil {
		switch devcoop.ErrorKind(err) {
		case devcoop.KindInvalid:
			v.Errors = devcoop.ErrorFields(err)
			if len(v.Errors) == 0 {
				v.Errors = []devcoop.FieldError{{Message: devcoop.ErrorMessage(err)}}
			}
		case devcoop.KindConflict:
			v.Conflict = devcoop.ErrorMessage(err)
		default:
			return err
		}
		padProposal(p)
		return s.renderEditor(w, r, status(err), v)
	}
	msg := fmt.Sprintf("Saved as version %d. The screen below shows what appraisers will see.", rec.Version)
	if id == 0 {
		msg = "Draft created. The screen below shows what appraisers will see; submit it for appraisal when it is ready."
	}
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d?flash=%s", rec.ID, urlQueryEscape(msg)), http.StatusSeeOther)
	return nil
}

func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, status int, v *editorView) error {
	ctx := r.Context()
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	u := devcoop.UserFrom(ctx)
	for _, o := range pf.Offices {
		if u.Has(devcoop.RoleAdmin) || o.ID == u.OfficeID || o.ID == v.P.OfficeID {
			v.Offices = append(v.Offices, o)
		}
	}
	v.Partners = slices.Clone(pf.Partners)
	sort.SliceStable(v.Partners, func(i, j int) bool { return v.Partners[i].Name < v.Partners[j].Name })
	v.Periods = pf.Periods
	seen := map[string]bool{money.USD: true}
	v.Currencies = []string{money.USD}
	if pf.Rates != nil {
		for _, rt := range pf.Rates.All() {
			if !seen[rt.Currency] {
				seen[rt.Currency] = true
				v.Currencies = append(v.Currencies, rt.Currency)
			}
		}
	}
	if c := v.P.Currency; c != "" && !seen[c] {
		v.Currencies = append(v.Currencies, c)
	}
	sort.Strings(v.Currencies[1:])
	v.Categories, v.Levels = devcoop.BudgetCategories, []devcoop.Level{devcoop.LevelLow, devcoop.LevelMedium, devcoop.LevelHigh}
	v.IPKinds, v.DocKinds, v.CCKeys = devcoop.ImplementingPartnerKinds, devcoop.DocumentKinds, devcoop.CrossCuttingSections
	v.errAt = map[string][]string{}
	for _, f := range v.Errors {
		if at := placeIn(f.Field, editorShapes); at != "" {
			v.errAt[at] = append(v.errAt[at], f.Message)
		}
	}
	v.Action = "/proposals/new"
	v.Title = "New proposal"
	crumbs := []Crumb{{"Proposals", "/proposals"}, {"New proposal", ""}}
	if v.ID != 0 {
		v.Action = fmt.Sprintf("/proposals/%d/edit", v.ID)
		v.Title = "Edit proposal"
		crumbs = []Crumb{{"Proposals", "/proposals"}, {fmt.Sprintf("Proposal %d", v.ID), fmt.Sprintf("/proposals/%d", v.ID)}, {"Edit", ""}}
	}
	page := s.newPage(r, v.Title, "proposals", v)
	page.Crumbs = crumbs
	s.render(w, r, status, "proposal_edit", page)
	return nil
}

// ---------------------------------------------------------------------------
// Reading the form.

// proposalForm reads the editor's fields. Form paths (fp) are the inputs'
// names; output paths (op) are where the value lands once blank items are
// dropped, and are what errors and typed values are kept under.
type proposalForm struct {
	vals url.Values
	keep bool // keep blank items, for "add another"
	raw  map[string]string
	pr   devcoop.Problems
}

// readProposalForm turns the editor's fields into a proposal. Inputs that
// cannot be read (an amount of "1,5", a month of "May") are named in the
// error; what was typed is returned by output path, so the form can show it
// again. With keep, blank list items are kept rather than dropped.
func readProposalForm(vals url.Values, keep bool) (*devcoop.Proposal, map[string]string, error) {
	f := &proposalForm{vals: vals, keep: keep, raw: map[string]string{}}
	p := &devcoop.Proposal{
		Title:               f.text("title"),
		OfficeID:            f.id("office_id"),
		ResponsibleOfficial: devcoop.Official{Name: f.text("responsible_official.name"), Email: f.text("responsible_official.email")},
		PartnerID:           f.id("partner_id"),
		Amount:              f.amount("amount", "amount"),
		Currency:            strings.ToUpper(f.text("currency")),
		DurationMonths:      f.integer("duration_months", "duration_months"),
		PlannedStart:        f.date("planned_start"),
		Period:              f.text("period"),
		Countries:           f.codes("countries", true),
		CPOs:                f.codes("cpos", true),
		Outcomes:            f.codes("outcomes", false),
		Needs:               devcoop.Needs{Statement: f.text("needs.statement"), DWCPReference: f.text("needs.dwcp_reference"), PBReference: f.text("needs.pb_reference")},
		Logframe:            devcoop.Logframe{Objective: f.text("logframe.objective")},
		CrossCutting: devcoop.CrossCutting{
			GenderEquality:               f.text("cross_cutting.gender_equality"),
			InternationalLabourStandards: f.text("cross_cutting.international_labour_standards"),
			SocialDialogue:               f.text("cross_cutting.social_dialogue"),
			Environment:                  f.text("cross_cutting.environment"),
			DisabilityInclusion:          f.text("cross_cutting.disability_inclusion"),
		},
		Sustainability: f.text("sustainability"),
	}
	p.Logframe.Outcomes = each(f, "logframe.outcomes", "logframe.outcomes", f.outcome)
	p.Budget = each(f, "budget", "budget", f.budgetLine)
	p.Risks = each(f, "risks", "risks", f.risk)
	p.ImplementingPartners = each(f, "implementing_partners", "implementing_partners", f.implementingPartner)
	p.Documents = each(f, "documents", "documents", f.document)
	return p, f.raw, f.pr.Err()
}

func (f *proposalForm) text(path string) string { return strings.TrimSpace(f.vals.Get(path)) }

// typed returns an input's text, keeping it to show again.
func (f *proposalForm) typed(fp, op string) string {
	s := strings.TrimSpace(f.vals.Get(fp))
	if s != "" {
		f.raw[op] = s
	}
	return s
}

func (f *proposalForm) id(path string) int64 {
	s := f.typed(path, path)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		f.pr.Add(path, "%q is not a choice of the list", s)
	}
	return n
}

func (f *proposalForm) integer(fp, op string) int {
	s := f.typed(fp, op)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.pr.Add(op, "%q is not a whole number", s)
	}
	return n
}

func (f *proposalForm) amount(fp, op string) money.Decimal {
	s := f.typed(fp, op)
	if s == "" {
		return money.Decimal{}
	}
	d, err := parseAmount(s)
	if err != nil {
		f.pr.Add(op, "%s", err.Error())
	}
	return d
}

func (f *proposalForm) date(path string) devcoop.Date {
	d, err := devcoop.ParseDate(f.typed(path, path))
	if err != nil {
		f.pr.Add(path, "%s", err.Error())
	}
	return d
}

// codes reads a list of codes typed in one input, separated by commas,
// semicolons or new lines (and spaces, unless a code may hold one, as
// "KEN 126" does).
func (f *proposalForm) codes(path string, upper bool) []string {
	s := f.typed(path, path)
	sep := func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }
	if path != "cpos" {
		sep = func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' || r == ' ' || r == '\t' }
	}
	var out []string
	for _, c := range strings.FieldsFunc(s, sep) {
		c = strings.Join(strings.Fields(c), " ")
		if upper {
			c = strings.ToUpper(c)
		}
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// indices lists, in order, the item indices the form holds for a list.
func (f *proposalForm) indices(list string) []int {
	prefix := list + "["
	seen := map[int]bool{}
	for k := range f.vals {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		end := strings.IndexByte(rest, ']')
		if end <= 0 {
			continue
		}
		if n, err := strconv.Atoi(rest[:end]); err == nil && n >= 0 {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// each reads the items of a list, dropping blank ones unless f.keep.
func each[T any](f *proposalForm, list, out string, read func(fp, op string) (T, bool)) []T {
	var items []T
	for _, i := range f.indices(list) {
		v, blank := read(fmt.Sprintf("%s[%d]", list, i), fmt.Sprintf("%s[%d]", out, len(items)))
		if blank && !f.keep {
			continue
		}
		items = append(items, v)
	}
	return items
}

func (f *proposalForm) outcome(fp, op string) (devcoop.ImmediateOutcome, bool) {
	o := devcoop.ImmediateOutcome{Code: f.text(fp + ".code"), Statement: f.text(fp + ".statement")}
	o.Indicators = each(f, fp+".indicators", op+".indicators", f.indicator)
	o.Assumptions = each(f, fp+".assumptions", op+".assumptions", f.assumption)
	o.Outputs = each(f, fp+".outputs", op+".outputs", f.output)
	return o, o.Code == "" && o.Statement == "" && len(o.Indicators) == 0 && len(o.Assumptions) == 0 && len(o.Outputs) == 0
}

func (f *proposalForm) output(fp, op string) (devcoop.Output, bool) {
	o := devcoop.Output{Code: f.text(fp + ".code"), Statement: f.text(fp + ".statement")}
	o.Indicators = each(f, fp+".indicators", op+".indicators", f.indicator)
	o.Assumptions = each(f, fp+".assumptions", op+".assumptions", f.assumption)
	o.Activities = each(f, fp+".activities", op+".activities", f.activity)
	return o, o.Code == "" && o.Statement == "" && len(o.Indicators) == 0 && len(o.Assumptions) == 0 && len(o.Activities) == 0
}

func (f *proposalForm) indicator(fp, _ string) (devcoop.Indicator, bool) {
	in := devcoop.Indicator{Description: f.text(fp + ".description"), Baseline: f.text(fp + ".baseline"),
		Target: f.text(fp + ".target"), MeansOfVerification: f.text(fp + ".means_of_verification")}
	return in, in == devcoop.Indicator{}
}

func (f *proposalForm) assumption(fp, _ string) (devcoop.Assumption, bool) {
	a := devcoop.Assumption{ID: f.text(fp + ".id"), Description: f.text(fp + ".description")}
	return a, a == devcoop.Assumption{}
}

func (f *proposalForm) activity(fp, op string) (devcoop.Activity, bool) {
	a := devcoop.Activity{Code: f.text(fp + ".code"), Description: f.text(fp + ".description"),
		StartMonth: f.integer(fp+".start_month", op+".start_month"), EndMonth: f.integer(fp+".end_month", op+".end_month")}
	return a, a.Code == "" && a.Description == "" && f.text(fp+".start_month") == "" && f.text(fp+".end_month") == ""
}

func (f *proposalForm) budgetLine(fp, op string) (devcoop.BudgetLine, bool) {
	l := devcoop.BudgetLine{Category: devcoop.BudgetCategory(f.text(fp + ".category")), Description: f.text(fp + ".description"),
		Year: f.integer(fp+".year", op+".year"), Amount: f.amount(fp+".amount", op+".amount")}
	return l, l.Category == "" && l.Description == "" && f.text(fp+".year") == "" && f.text(fp+".amount") == ""
}

func (f *proposalForm) risk(fp, op string) (devcoop.Risk, bool) {
	r := devcoop.Risk{ID: f.text(fp + ".id"), Description: f.text(fp + ".description"), Likelihood: devcoop.Level(f.text(fp + ".likelihood")),
		Impact: devcoop.Level(f.text(fp + ".impact")), Mitigation: f.text(fp + ".mitigation")}
	r.Assumptions = strings.FieldsFunc(f.text(fp+".assumptions"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	return r, r.ID == "" && r.Description == "" && r.Likelihood == "" && r.Impact == "" && r.Mitigation == "" && len(r.Assumptions) == 0
}

func (f *proposalForm) implementingPartner(fp, _ string) (devcoop.ImplementingPartner, bool) {
	ip := devcoop.ImplementingPartner{Name: f.text(fp + ".name"), Kind: f.text(fp + ".kind"), Country: strings.ToUpper(f.text(fp + ".country")), Role: f.text(fp + ".role")}
	return ip, ip == devcoop.ImplementingPartner{}
}

func (f *proposalForm) document(fp, op string) (devcoop.Document, bool) {
	d := devcoop.Document{Name: f.text(fp + ".name"), Kind: f.text(fp + ".kind"), URL: f.text(fp + ".url")}
	if s := f.typed(fp+".size_bytes", op+".size_bytes"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f.pr.Add(op+".size_bytes", "%q is not a number of bytes", s)
		}
		d.SizeBytes = n
	}
	return d, d.Name == "" && d.Kind == "" && d.URL == "" && f.text(fp+".size_bytes") == ""
}

// ---------------------------------------------------------------------------
// Blank items.

func padOutput(o *devcoop.Output) {
	o.Indicators = append(o.Indicators, devcoop.Indicator{})
	o.Assumptions = append(o.Assumptions, devcoop.Assumption{})
	o.Activities = append(o.Activities, devcoop.Activity{})
}

func blankOutput() devcoop.Output {
	var o devcoop.Output
	padOutput(&o)
	return o
}

func padOutcome(o *devcoop.ImmediateOutcome) {
	o.Indicators = append(o.Indicators, devcoop.Indicator{})
	o.Assumptions = append(o.Assumptions, devcoop.Assumption{})
	for j := range o.Outputs {
		padOutput(&o.Outputs[j])
	}
	o.Outputs = append(o.Outputs, blankOutput())
}

func blankOutcome() devcoop.ImmediateOutcome {
	var o devcoop.ImmediateOutcome
	padOutcome(&o)
	return o
}

// padProposal adds a blank item to the end of every list, to fill in.
func padProposal(p *devcoop.Proposal) {
	for i := range p.Logframe.Outcomes {
		padOutcome(&p.Logframe.Outcomes[i])
	}
	p.Logframe.Outcomes = append(p.Logframe.Outcomes, blankOutcome())
	p.Budget = append(p.Budget, make([]devcoop.BudgetLine, blankBudgetLines)...)
	p.Risks = append(p.Risks, devcoop.Risk{})
	p.ImplementingPartners = append(p.ImplementingPartners, devcoop.ImplementingPartner{})
	p.Documents = append(p.Documents, devcoop.Document{})
}

// addBlank adds one blank item to the list at path, and reports whether
// there is such a list.
func addBlank(p *devcoop.Proposal, path string) bool {
	var idx []int
	for _, m := range indexPattern.FindAllString(path, -1) {
		n, _ := strconv.Atoi(strings.Trim(m, "[]"))
		idx = append(idx, n)
	}
	outcome := func() *devcoop.ImmediateOutcome {
		if len(idx) > 0 && idx[0] < len(p.Logframe.Outcomes) {
			return &p.Logframe.Outcomes[idx[0]]
		}
		return nil
	}
	output := func() *devcoop.Output {
		if o := outcome(); o != nil && len(idx) > 1 && idx[1] < len(o.Outputs) {
			return &o.Outputs[idx[1]]
		}
		return nil
	}
	switch shape(path) {
	case "logframe.outcomes":
		p.Logframe.Outcomes = append(p.Logframe.Outcomes, blankOutcome())
	case "logframe.outcomes[].indicators", "logframe.outcomes[].assumptions", "logframe.outcomes[].outputs":
		o := outcome()
		if o == nil {
			return false
		}
		switch {
		case strings.HasSuffix(path, ".indicators"):
			o.Indicators = append(o.Indicators, devcoop.Indicator{})
		case strings.HasSuffix(path, ".assumptions"):
			o.Assumptions = append(o.Assumptions, devcoop.Assumption{})
		default:
			o.Outputs = append(o.Outputs, blankOutput())
		}
	case "logframe.outcomes[].outputs[].indicators", "logframe.outcomes[].outputs[].assumptions", "logframe.outcomes[].outputs[].activities":
		o := output()
		if o == nil {
			return false
		}
		switch {
		case strings.HasSuffix(path, ".indicators"):
			o.Indicators = append(o.Indicators, devcoop.Indicator{})
		case strings.HasSuffix(path, ".assumptions"):
			o.Assumptions = append(o.Assumptions, devcoop.Assumption{})
		default:
			o.Activities = append(o.Activities, devcoop.Activity{})
		}
	case "budget":
		p.Budget = append(p.Budget, devcoop.BudgetLine{})
	case "risks":
		p.Risks = append(p.Risks, devcoop.Risk{})
	case "implementing_partners":
		p.ImplementingPartners = append(p.ImplementingPartners, devcoop.ImplementingPartner{})
	case "documents":
		p.Documents = append(p.Documents, devcoop.Document{})
	default:
		return false
	}
	return true
}
