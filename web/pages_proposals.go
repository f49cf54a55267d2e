package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/app"
	"devcoop/appraisal"
	"devcoop/appraisal/logframe"
	"devcoop/money"
)

// routesProposals lists the pages where offices draft proposals and
// appraisers, directors and resource mobilization screen, score and decide
// them. Each page calls the services in app, which decide who sees what.
func (s *Server) routesProposals() {
	m := s
	m.HandleFunc("GET /proposals", s.page(s.proposalList))
	m.HandleFunc("POST /proposals/logframe", s.page(s.proposalFromLogframe))
	m.HandleFunc("GET /proposals/new", s.page(s.newProposalPage))
	m.HandleFunc("POST /proposals/new", s.page(s.createProposalPost))
	m.HandleFunc("GET /proposals/{id}", s.page(s.proposalPage))
	m.HandleFunc("GET /proposals/{id}/edit", s.page(s.editProposalPage))
	m.HandleFunc("POST /proposals/{id}/edit", s.page(s.saveProposalPost))
	m.HandleFunc("POST /proposals/{id}/transitions", s.page(s.transitionPost))
	m.HandleFunc("POST /proposals/{id}/comments", s.page(s.commentPost))
	m.HandleFunc("GET /proposals/{id}/compare", s.page(s.comparePage))
	m.HandleFunc("GET /proposals/{id}/appraise", s.page(s.appraisePage))
	m.HandleFunc("POST /proposals/{id}/appraise", s.page(s.appraisePost))
	m.HandleFunc("GET /proposals/{id}/me-review", s.page(s.meReviewPage))
	m.HandleFunc("POST /proposals/{id}/me-review", s.page(s.meReviewPost))
	m.HandleFunc("GET /proposals/{id}/record.pdf", s.page(s.proposalRecordPDF))
	m.HandleFunc("GET /appraisal", s.page(s.queuePage))
	m.HandleFunc("GET /appraisal/dashboard", s.page(s.appraisalDashboard))
	m.HandleFunc("GET /appraisal/rules", s.page(s.rulesPage))
	m.HandleFunc("POST /appraisal/rules", s.page(s.rulesPost))
	m.HandleFunc("GET /notifications", s.page(s.notificationsPage))
	m.HandleFunc("POST /notifications/read", s.page(s.notificationsRead))
	m.HandleFunc("GET /notifications/{id}", s.page(s.openNotification))
}

// proposalFuncs are the template functions of the proposal pages.
var proposalFuncs = template.FuncMap{
	"pathAnchor": pathAnchor,
	"fieldID":    fieldID,
	"pathLabel":  pathLabel,
	"stateClass": stateClass,
	"jsonText":   jsonText,
	"actionPast": actionPast,
	"sevLabel":   func(s appraisal.Severity) string { return capitalize(string(s)) },
	"sevTone": func(s appraisal.Severity) string {
		return map[appraisal.Severity]string{appraisal.SeverityBlocking: "error", appraisal.SeverityMajor: "warning", appraisal.SeverityMinor: "info"}[s]
	},
	"scoreClass": func(s appraisal.Score) string {
		return map[appraisal.Score]string{appraisal.ScoreMeets: "ok", appraisal.ScorePartlyMeets: "warn", appraisal.ScoreDoesNotMeet: "danger"}[s]
	},
	"ratingClass": func(r appraisal.MERating) string {
		return map[appraisal.MERating]string{appraisal.MEUnsatisfactory: "danger", appraisal.MESatisfactory: "ok", appraisal.MEHigh: "ok", appraisal.MENotRelevant: "neutral"}[r]
	},
	"nextStep":  nextStep,
	"decimal":   func(d money.Decimal) string { return group(d.String()) },
	"ccLabel":   devcoop.CrossCuttingLabel,
	"kindLabel": func(k string) string { return capitalize(strings.ReplaceAll(k, "_", " ")) },
}

// nextStep says whose turn it is, for people who can do nothing now.
func nextStep(st devcoop.ProposalState) string {
	switch st {
	case devcoop.ProposalDraft:
		return "The submitting office is drafting it; a programme officer of the office submits it for appraisal."
	case devcoop.ProposalSubmitted:
		return "Waiting for an appraiser to start the appraisal."
	case devcoop.ProposalInAppraisal:
		return "An appraiser is screening and scoring it; above the threshold the evaluation office reviews its M&E plan."
	case devcoop.ProposalReturned:
		return "Back with the submitting office for revision."
	case devcoop.ProposalCleared:
		return "Cleared by appraisal; waiting for a director's approval."
	case devcoop.ProposalApproved:
		return "Approved; resource mobilization submits it to the donor."
	case devcoop.ProposalSubmittedToDonor:
		return "With the donor; resource mobilization records the decision."
	}
	return "Nothing more happens to it: the proposal is " + strings.ToLower(st.Label()) + "."
}

// ---------------------------------------------------------------------------
// Paths. Findings, field errors and comments name a place in a proposal with
// a path in its JSON's own field names, "logframe.outcomes[0].indicators[1]".
// Pages render some of those places (a section, an outcome, an indicator's
// baseline) with an id made from the path, and show each finding at the
// deepest place they render that contains it.

var indexPattern = regexp.MustCompile(`\[\d+\]`)

// shape is a path with its indices left out: "logframe.outcomes[].statement".
func shape(path string) string { return indexPattern.ReplaceAllString(path, "[]") }

// parentPath is the path one step up: "a.b[2]" → "a.b" → "a" → "".
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// placeIn returns the deepest prefix of path whose shape is rendered, or "".
func placeIn(path string, rendered map[string]bool) string {
	for p := path; p != ""; p = parentPath(p) {
		if rendered[shape(p)] {
			return p
		}
	}
	return ""
}

// pathAnchor is the id of the place a path points to on a proposal's page:
// "logframe.outcomes[0].indicators[1]" → "at-logframe-outcomes-0-indicators-1".
func pathAnchor(path string) string {
	if path == "" {
		return "at-proposal"
	}
	return idOf("at-", path)
}

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

func indicatorShapes(prefix string) []string {
	return []string{prefix + ".indicators", prefix + ".indicators[]", prefix + ".indicators[].description", prefix + ".indicators[].baseline",
		prefix + ".indicators[].target", prefix + ".indicators[].means_of_verification", prefix + ".assumptions", prefix + ".assumptions[]"}
}

// pageShapes are the places a proposal's page renders with an id. The
// template proposal.html must render each of them; a test checks it.
var pageShapes = setOf(slices.Concat([]string{
	"title", "office_id", "partner_id", "amount", "duration_months", "planned_start", "period", "responsible_official",
	"countries", "cpos", "outcomes", "needs.statement", "needs.dwcp_reference", "needs.pb_reference",
	"logframe", "logframe.objective", "logframe.outcomes", "logframe.outcomes[]",
	"logframe.outcomes[].outputs", "logframe.outcomes[].outputs[]",
	"logframe.outcomes[].outputs[].activities", "logframe.outcomes[].outputs[].activities[]",
	"budget", "budget[]", "budget[].year", "budget[].amount",
	"risks", "risks[]", "risks[].description", "risks[].likelihood", "risks[].impact", "risks[].mitigation", "risks[].assumptions",
	"cross_cutting", "sustainability", "implementing_partners", "implementing_partners[]", "documents", "documents[]",
}, indicatorShapes("logframe.outcomes[]"), indicatorShapes("logframe.outcomes[].outputs[]"), ccShapes())...)

func ccShapes() []string {
	var out []string
	for _, k := range devcoop.CrossCuttingSections {
		out = append(out, "cross_cutting."+k)
	}
	return out
}

// pathLabel names a path for people: "logframe.outcomes[0].indicators[1].baseline"
// → "Logframe › Outcome 1 › Indicator 2 › Baseline".
func pathLabel(path string) string {
	if path == "" {
		return "The proposal as a whole"
	}
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		name, idx, hasIdx := strings.Cut(seg, "[")
		label := fieldLabels[name]
		if label == "" {
			label = capitalize(strings.ReplaceAll(name, "_", " "))
		}
		if !hasIdx {
			parts = append(parts, label)
			continue
		}
		n, _ := strconv.Atoi(strings.TrimSuffix(idx, "]"))
		one := singular[name]
		if one == "" {
			one = strings.TrimSuffix(label, "s")
		}
		parts = append(parts, fmt.Sprintf("%s %d", one, n+1))
	}
	return strings.Join(parts, " › ")
}

var fieldLabels = map[string]string{
	"office_id": "Submitting office", "partner_id": "Target partner", "duration_months": "Duration", "planned_start": "Planned start",
	"cpos": "CPOs", "dwcp_reference": "DWCP reference", "pb_reference": "P&B reference", "means_of_verification": "Means of verification",
	"cross_cutting": "Cross-cutting", "international_labour_standards": "International labour standards", "size_bytes": "Size",
	"url": "URL", "id": "ID", "start_month": "Start month", "end_month": "End month", "responsible_official": "Responsible official",
}

var singular = map[string]string{
	"outcomes": "Outcome", "outputs": "Output", "indicators": "Indicator", "assumptions": "Assumption", "activities": "Activity",
	"budget": "Budget line", "risks": "Risk", "countries": "Country", "cpos": "CPO", "implementing_partners": "Implementing partner",
	"documents": "Document", "scores": "Score", "ratings": "Rating", "disabled": "Disabled rule",
}

// stateClass is the badge class of a proposal state.
func stateClass(st devcoop.ProposalState) string {
	switch st {
	case "", devcoop.ProposalDraft:
		return "draft"
	case devcoop.ProposalSubmitted:
		return "submitted"
	case devcoop.ProposalInAppraisal:
		return "in-appraisal"
	case devcoop.ProposalReturned:
		return "returned"
	case devcoop.ProposalCleared:
		return "cleared"
	case devcoop.ProposalApproved, devcoop.ProposalSubmittedToDonor:
		return "approved"
	case devcoop.ProposalFunded:
		return "funded"
	case devcoop.ProposalDeclined:
		return "declined"
	}
	return "cancelled"
}

// actionPast says what an event did, for the history.
func actionPast(action string) string {
	switch appraisal.Action(action) {
	case "create", "":
		return "created the proposal"
	case appraisal.ActionSubmit:
		return "submitted it for appraisal"
	case appraisal.ActionStartAppraisal:
		return "started the appraisal"
	case appraisal.ActionReturn:
		return "returned it for revision"
	case appraisal.ActionResubmit:
		return "resubmitted it"
	case appraisal.ActionClear:
		return "cleared it"
	case appraisal.ActionApprove:
		return "approved it"
	case appraisal.ActionSubmitToDonor:
		return "submitted it to the donor"
	case appraisal.ActionRecordFunded:
		return "recorded it as funded"
	case appraisal.ActionRecordDeclined:
		return "recorded it as declined"
	case appraisal.ActionWithdraw:
		return "withdrew it"
	}
	return strings.ReplaceAll(action, "_", " ")
}

// jsonText shows a JSON value of a version comparison for people:
// strings as they are, lists joined with commas, objects as "Key: value"
// pairs in their JSON order, nothing as "–".
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return "–"
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	s, err := humanJSON(dec)
	if err != nil {
		return string(raw)
	}
	if s == "" {
		return "(empty)"
	}
	return s
}

func humanJSON(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch t := tok.(type) {
	case json.Delim:
		var parts []string
		for dec.More() {
			key := ""
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return "", err
				}
				name, _ := k.(string)
				key = fieldLabels[name]
				if key == "" {
					key = capitalize(strings.ReplaceAll(name, "_", " "))
				}
			}
			v, err := humanJSON(dec)
			if err != nil {
				return "", err
			}
			if v == "" {
				continue
			}
			if key != "" {
				v = key + ": " + v
			}
			parts = append(parts, v)
		}
		if _, err := dec.Token(); err != nil {
			return "", err
		}
		if t == '{' {
			return strings.Join(parts, "; "), nil
		}
		return strings.Join(parts, ", "), nil
	case nil:
		return "", nil
	}
	return fmt.Sprint(tok), nil
}

func severityCounts(fs []appraisal.Finding) (blocking, major, minor int) {
	for _, f := range fs {
		switch f.Severity {
		case appraisal.SeverityBlocking:
			blocking++
		case appraisal.SeverityMajor:
			major++
		default:
			minor++
		}
	}
	return
}

// ---------------------------------------------------------------------------
// The list.

type proposalRow struct {
	Rec                    *devcoop.ProposalRecord
	Office, Partner        string
	USD                    *money.Decimal
	Span                   appraisal.Span
	Blocking, Major, Minor int
}

type proposalListView struct {
	Rows       []proposalRow
	Total      int
	Page       int
	Pages      int
	States     []devcoop.ProposalState
	Offices    []devcoop.Office
	Partners   []devcoop.Partner
	State      string
	OfficeID   int64
	PartnerID  int64
	Q          string
	CanCreate  bool
	UploadErrs []devcoop.FieldError
	Overdue    int
	ByState    map[string]int
}

const proposalsPerPage = 50

func canDraft(u *devcoop.User) bool {
	return u.Has(devcoop.RoleAdmin) || (u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID != 0)
}

func (s *Server) proposalList(w http.ResponseWriter, r *http.Request) error {
	return s.renderProposalList(w, r, http.StatusOK, nil)
}

func (s *Server) renderProposalList(w http.ResponseWriter, r *http.Request, status int, uploadErrs []devcoop.FieldError) error {
	ctx := r.Context()
	q := r.URL.Query()
	if r.Method != http.MethodGet {
		// The upload's URL holds the CSRF token; no link may carry it on.
		q = url.Values{}
	}
	v := proposalListView{States: devcoop.ProposalStates, State: q.Get("state"), Q: strings.TrimSpace(q.Get("q")),
		CanCreate: canDraft(devcoop.UserFrom(ctx)), UploadErrs: uploadErrs, ByState: map[string]int{}}
	var err error
	if v.OfficeID, err = valuesID(q, "office"); err != nil {
		return err
	}
	if v.PartnerID, err = valuesID(q, "partner"); err != nil {
		return err
	}
	f := devcoop.ProposalFilter{OfficeID: v.OfficeID}
	if v.State != "" {
		if !devcoop.ProposalState(v.State).Valid() {
			return devcoop.Invalid("state", "%q is not a proposal state", v.State)
		}
		f.States = []devcoop.ProposalState{devcoop.ProposalState(v.State)}
	}
	recs, err := s.app.Proposals(ctx, f)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	v.Offices, v.Partners = pf.Offices, pf.Partners
	rs, err := s.app.RuleSet(ctx)
	if err != nil {
		return err
	}
	sla := s.app.SLA(ctx)
	now := s.app.Now(ctx)
	var kept []*devcoop.ProposalRecord
	for _, rec := range recs {
		if v.PartnerID != 0 && rec.PartnerID != v.PartnerID {
			continue
		}
		if v.Q != "" && !strings.Contains(strings.ToLower(rec.Title+" "+strconv.FormatInt(rec.ID, 10)), strings.ToLower(v.Q)) {
			continue
		}
		kept = append(kept, rec)
	}
	v.Total = len(kept)
	v.Pages = max(1, (v.Total+proposalsPerPage-1)/proposalsPerPage)
	v.Page = 1
	if p := q.Get("page"); p != "" {
		if v.Page, err = strconv.Atoi(p); err != nil || v.Page < 1 {
			return devcoop.Invalid("page", "%q is not a page number", p)
		}
	}
	for i, rec := range kept {
		row := proposalRow{Rec: rec}
		tl, _ := appraisal.TimeInState([]appraisal.Event{{At: rec.StateSince, To: rec.State()}}, now, sla)
		row.Span, _ = tl.Current()
		v.ByState[string(rec.State())]++
		if row.Span.Overdue && row.Span.Open {
			v.Overdue++
		}
		if i < (v.Page-1)*proposalsPerPage || i >= v.Page*proposalsPerPage {
			continue
		}
		if o := pf.Office(rec.OfficeID); o != nil {
			row.Office = o.Name
		}
		if p := pf.Partner(rec.PartnerID); p != nil {
			row.Partner = p.Name
		}
		facts, err := s.app.Facts(ctx, &rec.Proposal)
		if err != nil {
			return err
		}
		if usd, ok := appraisal.USDAmount(&rec.Proposal, facts); ok {
			row.USD = &usd
		}
		row.Blocking, row.Major, row.Minor = severityCounts(appraisal.Screen(&rec.Proposal, rs, facts))
		v.Rows = append(v.Rows, row)
	}
	st := status
	if st == 0 {
		st = http.StatusOK
	}
	page := s.newPage(r, "Proposals", "proposals", v)
	page.Query = q
	s.render(w, r, st, "proposals", page)
	return nil
}

// proposalFromLogframe starts a draft from a filled XLSX logframe template.
// The form is multipart with the CSRF token in its URL, so the file is read
// here rather than by the middleware.
func (s *Server) proposalFromLogframe(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, logframe.MaxSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return s.renderProposalList(w, r, http.StatusBadRequest, []devcoop.FieldError{{Field: "file", Message: "send the workbook as multipart/form-data"}})
	}
	var data []byte
	var office int64
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s.renderProposalList(w, r, http.StatusBadRequest, []devcoop.FieldError{{Field: "file", Message: fmt.Sprintf("the upload could not be read; the limit is %d MB", logframe.MaxSize>>20)}})
		}
		switch part.FormName() {
		case "file":
			data, err = io.ReadAll(io.LimitReader(part, logframe.MaxSize+1))
		case "office_id":
			office, err = readID(part)
		}
		part.Close()
		if err != nil {
			return s.renderProposalList(w, r, http.StatusBadRequest, []devcoop.FieldError{{Field: part.FormName(), Message: err.Error()}})
		}
	}
	if len(data) == 0 {
		return s.renderProposalList(w, r, http.StatusBadRequest, []devcoop.FieldError{{Field: "file", Message: "choose the filled logframe workbook (.xlsx)"}})
	}
	rec, problems, err := s.startFromLogframe(r, data, office)
	if len(problems) > 0 {
		var fs []devcoop.FieldError
		for _, p := range problems {
			fs = append(fs, devcoop.FieldError{Field: p.Cell, Message: p.Message})
		}
		return s.renderProposalList(w, r, http.StatusBadRequest, fs)
	}
	if err != nil {
		if devcoop.ErrorKind(err) != devcoop.KindInvalid {
			return err
		}
		fs := devcoop.ErrorFields(err)
		if len(fs) == 0 {
			fs = []devcoop.FieldError{{Field: "file", Message: devcoop.ErrorMessage(err)}}
		}
		return s.renderProposalList(w, r, http.StatusBadRequest, fs)
	}
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d/edit?flash=%s", rec.ID, urlQueryEscape("Draft started from the logframe workbook. Complete the target partner, implementing partners and documents, then save.")), http.StatusSeeOther)
	return nil
}

func readID(part *multipart.Part) (int64, error) {
	b, err := io.ReadAll(io.LimitReader(part, 32))
	if err != nil {
		return 0, err
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not an office", v)
	}
	return n, nil
}

// ---------------------------------------------------------------------------
// A proposal's page.

type historyItem struct {
	Event devcoop.ProposalEvent
	Span  appraisal.Span
	Actor string
}

type actionForm struct {
	Action       appraisal.Action
	Label        string
	NeedsComment bool
	Class        string
}

type budgetRow struct {
	Category devcoop.BudgetCategory
	ByYear   []money.Decimal
	Total    money.Decimal
}

type budgetGrid struct {
	Years  []int
	Rows   []budgetRow
	ByYear []money.Decimal
	Total  money.Decimal
	PSC    money.Decimal
	Direct money.Decimal
	ME     money.Decimal
	// PSCRate and MEShare are PSC and M&E as percentages of direct costs,
	// to one decimal; empty without direct costs.
	PSCRate string
	MEShare string
}

type scoreView struct {
	Standard appraisal.Standard
	Score    appraisal.StandardScore
}

type ratingView struct {
	Criterion appraisal.MECriterion
	Rating    appraisal.MECriterionRating
}

type proposalPageView struct {
	D          *app.ProposalDetail
	P          *devcoop.Proposal
	Office     string
	Partner    string
	USD        *money.Decimal
	Rate       *money.Rate
	RateDate   devcoop.Date
	Blocking   int
	Major      int
	Minor      int
	Summary    []placedFinding
	History    []historyItem
	Names      map[int64]string
	Actions    []actionForm
	CanEdit    bool
	CanAppr    bool
	CanReview  bool
	Budget     budgetGrid
	Scores     []scoreView
	Ratings    []ratingView
	StaleAppr  bool
	StaleME    bool
	Threshold  money.Decimal
	Problem    *formProblem
	Comment    string
	CommentOn  string
	Places     []commentPlace
	Versions   []devcoop.ProposalVersion
	OpenBudget bool
	Current    *appraisal.Span
	CCKeys     []string
	Similar    []appraisal.Match // past projects like it, and how they delivered

	at         map[string][]appraisal.Finding
	commentsAt map[string][]devcoop.ProposalComment
}

type placedFinding struct {
	appraisal.Finding
	Anchor string
}

// formProblem is the error of a form posted from a page, shown beside it.
type formProblem struct {
	Form    string // which form: "action", "comment"
	Message string
	Fields  []devcoop.FieldError
}

type commentPlace struct{ Path, Label string }

// notes are what a page shows beside one place of a proposal.
type notes struct {
	Findings []appraisal.Finding
	Comments []devcoop.ProposalComment
	Names    map[int64]string
}

// At returns the findings and comments shown at path.
func (v *proposalPageView) At(path string) notes {
	return notes{Findings: v.at[path], Comments: v.commentsAt[path], Names: v.Names}
}

// Name is a user's display name, or the fallback (an email) when unknown.
func (v *proposalPageView) Name(id int64, fallback string) string {
	if n := v.Names[id]; n != "" {
		return n
	}
	return fallback
}

// CC is the text of a cross-cutting section.
func (v *proposalPageView) CC(key string) string {
	t, _ := v.P.CrossCutting.Section(key)
	return t
}

func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderProposal(w, r, http.StatusOK, nil)
}

func (s *Server) proposalView(r *http.Request) (*proposalPageView, error) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	d, err := s.app.Detail(ctx, id)
	if err != nil {
		return nil, err
	}
	u := devcoop.UserFrom(ctx)
	v := &proposalPageView{D: d, P: &d.Record.Proposal, at: map[string][]appraisal.Finding{}, commentsAt: map[string][]devcoop.ProposalComment{}}
	if v.Similar, err = s.app.SimilarWork(ctx, id, 8); err != nil {
		return nil, err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, err
	}
	if o := pf.Office(v.P.OfficeID); o != nil {
		v.Office = o.Name
	}
	if p := pf.Partner(v.P.PartnerID); p != nil {
		v.Partner = p.Name
	}
	if usd, ok := appraisal.USDAmount(v.P, d.Facts); ok {
		v.USD = &usd
		if v.P.Currency != money.USD && pf.Rates != nil {
			v.RateDate = v.P.PlannedStart
			if v.RateDate.IsZero() {
				v.RateDate = s.app.Today(ctx)
			}
			if rate, err := pf.Rates.Lookup(v.P.Currency, v.RateDate.Time); err == nil {
				v.Rate = &rate
			}
		}
	}
	if v.Names, err = s.app.UserNames(ctx); err != nil {
		return nil, err
	}
	rs, err := s.app.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	v.Threshold = rs.MEReviewThresholdUSD
	v.Blocking, v.Major, v.Minor = severityCounts(d.Findings)
	for _, f := range d.Findings {
		at := placeIn(f.Path, pageShapes)
		v.at[at] = append(v.at[at], f)
		v.Summary = append(v.Summary, placedFinding{Finding: f, Anchor: pathAnchor(at)})
	}
	for _, c := range d.Comments {
		if c.Path != "" {
			at := placeIn(c.Path, pageShapes)
			v.commentsAt[at] = append(v.commentsAt[at], c)
		}
	}
	for i := len(d.Events) - 1; i >= 0; i-- {
		it := historyItem{Event: d.Events[i], Actor: v.Name(d.Events[i].UserID, d.Events[i].Actor)}
		if i < len(d.Timeline.Spans) {
			it.Span = d.Timeline.Spans[i]
		}
		v.History = append(v.History, it)
	}
	v.Versions = slices.Clone(d.Versions)
	sort.Slice(v.Versions, func(i, j int) bool { return v.Versions[i].Version > v.Versions[j].Version })
	for _, a := range d.Actions {
		af := actionForm{Action: a, Label: a.Label(), NeedsComment: a == appraisal.ActionReturn, Class: "btn-primary"}
		switch a {
		case appraisal.ActionWithdraw, appraisal.ActionRecordDeclined:
			af.Class = "btn-danger"
		case appraisal.ActionReturn:
			af.Class = "btn-secondary"
		}
		v.Actions = append(v.Actions, af)
	}
	// Withdrawing is possible from almost every state; it goes last.
	sort.SliceStable(v.Actions, func(i, j int) bool {
		return v.Actions[i].Action != appraisal.ActionWithdraw && v.Actions[j].Action == appraisal.ActionWithdraw
	})
	v.CanEdit = v.P.State().Editable() && (u.Has(devcoop.RoleAdmin) || (u.Has(devcoop.RoleProgrammeOfficer) && u.OfficeID == v.P.OfficeID))
	inAppraisal := v.P.State() == devcoop.ProposalInAppraisal
	v.CanAppr = inAppraisal && appraisal.CanAppraise(u)
	v.CanReview = inAppraisal && d.NeedsME && appraisal.CanReviewME(u)
	v.Budget = makeBudgetGrid(v.P)
	for _, f := range d.Findings {
		if strings.HasPrefix(f.Path, "budget[") {
			v.OpenBudget = true
		}
	}
	for _, st := range appraisal.Standards() {
		sv := scoreView{Standard: st}
		if d.Appraisal != nil {
			for _, sc := range d.Appraisal.Scores {
				if sc.Standard == st.ID {
					sv.Score = sc
				}
			}
		}
		v.Scores = append(v.Scores, sv)
	}
	v.StaleAppr = d.Appraisal != nil && d.Appraisal.Version != v.P.Version
	if d.MEReview != nil {
		for _, c := range appraisal.MECriteria() {
			rv := ratingView{Criterion: c}
			for _, x := range d.MEReview.Ratings {
				if x.Criterion == c.ID {
					rv.Rating = x
				}
			}
			v.Ratings = append(v.Ratings, rv)
		}
		v.StaleME = d.MEReview.Version != v.P.Version
	}
	if cur, ok := d.Timeline.Current(); ok {
		v.Current = &cur
	}
	v.CCKeys = devcoop.CrossCuttingSections
	v.CommentOn = r.URL.Query().Get("on")
	v.Places = commentPlaces(v.P, d.Findings)
	return v, nil
}

// commentPlaces are the places a comment can be tied to: the main sections,
// then every place a finding points to.
func commentPlaces(p *devcoop.Proposal, fs []appraisal.Finding) []commentPlace {
	out := []commentPlace{{"", "The proposal as a whole"}}
	seen := map[string]bool{"": true}
	add := func(path string) {
		if !seen[path] {
			seen[path] = true
			out = append(out, commentPlace{path, pathLabel(path)})
		}
	}
	for _, s := range []string{"needs.statement", "logframe", "budget", "risks", "cross_cutting", "sustainability"} {
		add(s)
	}
	for i := range p.Logframe.Outcomes {
		add(fmt.Sprintf("logframe.outcomes[%d]", i))
	}
	for _, f := range fs {
		add(f.Path)
	}
	return out
}

func makeBudgetGrid(p *devcoop.Proposal) budgetGrid {
	g := budgetGrid{}
	years := map[int]bool{}
	for y := 1; y <= p.DurationYears(); y++ {
		years[y] = true
	}
	for _, l := range p.Budget {
		if l.Year > 0 {
			years[l.Year] = true
		}
	}
	for y := range years {
		g.Years = append(g.Years, y)
	}
	sort.Ints(g.Years)
	col := map[int]int{}
	for i, y := range g.Years {
		col[y] = i
	}
	g.ByYear = make([]money.Decimal, len(g.Years))
	for _, c := range devcoop.BudgetCategories {
		row := budgetRow{Category: c, ByYear: make([]money.Decimal, len(g.Years))}
		found := false
		for _, l := range p.Budget {
			if l.Category != c {
				continue
			}
			found = true
			if i, ok := col[l.Year]; ok {
				row.ByYear[i] = row.ByYear[i].Add(l.Amount)
				g.ByYear[i] = g.ByYear[i].Add(l.Amount)
			}
			row.Total = row.Total.Add(l.Amount)
		}
		if found {
			g.Rows = append(g.Rows, row)
		}
	}
	g.Total = p.BudgetTotal()
	g.PSC = p.BudgetFor(devcoop.BudgetPSC)
	g.Direct = p.DirectCosts()
	g.ME = p.BudgetFor(devcoop.BudgetMonitoring, devcoop.BudgetEvaluation)
	if g.Direct.Sign() > 0 {
		hundred := money.FromInt(100)
		if r, err := g.PSC.Mul(hundred).Div(g.Direct, 1); err == nil {
			g.PSCRate = r.String()
		}
		if r, err := g.ME.Mul(hundred).Div(g.Direct, 1); err == nil {
			g.MEShare = r.String()
		}
	}
	return g
}

func (s *Server) renderProposal(w http.ResponseWriter, r *http.Request, status int, problem *formProblem) error {
	v, err := s.proposalView(r)
	if err != nil {
		return err
	}
	v.Problem = problem
	if problem != nil && problem.Form == "comment" {
		v.Comment = r.PostFormValue("body")
		v.CommentOn = r.PostFormValue("path")
	}
	page := s.newPage(r, v.P.Title, "proposals", v)
	page.Crumbs = []Crumb{{"Proposals", "/proposals"}, {fmt.Sprintf("Proposal %d", v.P.ID), ""}}
	s.render(w, r, status, "proposal", page)
	return nil
}

// transitionPost takes a workflow button. A step the user may not take is
// an error page (403); a step refused for the proposal's state or content
// (a return without a comment, clearing with a blocking finding) shows the
// reason beside the buttons.
func (s *Server) transitionPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := app.TransitionInput{Action: appraisal.Action(r.PostFormValue("action")), Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	if v := r.PostFormValue("version"); v != "" {
		if in.Version, err = strconv.Atoi(v); err != nil {
			return devcoop.Invalid("version", "%q is not a version", v)
		}
	}
	rec, err := s.app.Transition(r.Context(), id, in)
	if err != nil {
		switch devcoop.ErrorKind(err) {
		case devcoop.KindInvalid, devcoop.KindConflict:
			return s.renderProposal(w, r, status(err), &formProblem{Form: "action", Message: devcoop.ErrorMessage(err), Fields: devcoop.ErrorFields(err)})
		}
		return err
	}
	msg := fmt.Sprintf("Done: the proposal is now %s.", strings.ToLower(rec.State().Label()))
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d?flash=%s", id, urlQueryEscape(msg)), http.StatusSeeOther)
	return nil
}

func (s *Server) commentPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	path := strings.TrimSpace(r.PostFormValue("path"))
	c, err := s.app.CommentProposal(r.Context(), id, path, strings.TrimSpace(r.PostFormValue("body")))
	if err != nil {
		if devcoop.ErrorKind(err) == devcoop.KindInvalid {
			return s.renderProposal(w, r, status(err), &formProblem{Form: "comment", Message: "The comment was not added.", Fields: devcoop.ErrorFields(err)})
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d?flash=%s#comment-%d", id, urlQueryEscape("Comment added."), c.ID), http.StatusSeeOther)
	return nil
}

// ---------------------------------------------------------------------------
// Comparing versions.

type compareView struct {
	P        *devcoop.ProposalRecord
	From, To int
	Versions []devcoop.ProposalVersion
	Changes  []changeRow
	Names    map[int64]string
}

type changeRow struct {
	appraisal.Change
	Label  string
	Anchor string
	Kind   string
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.detailOf(r)
	if err != nil {
		return err
	}
	v := compareView{P: d.Record, Versions: d.Versions}
	v.To, v.From = d.Record.Version, d.Record.Version-1
	if q := r.URL.Query(); q.Get("from") != "" || q.Get("to") != "" {
		if v.From, err = intParam(r, "from"); err != nil {
			return err
		}
		if v.To, err = intParam(r, "to"); err != nil {
			return err
		}
	}
	if v.From >= 1 {
		ch, err := s.app.CompareVersions(ctx, d.Record.ID, v.From, v.To)
		if err != nil {
			return err
		}
		for _, c := range ch {
			row := changeRow{Change: c, Label: pathLabel(c.Path), Anchor: pathAnchor(placeIn(c.Path, pageShapes)), Kind: "changed"}
			switch {
			case len(c.Before) == 0:
				row.Kind = "added"
			case len(c.After) == 0:
				row.Kind = "removed"
			}
			v.Changes = append(v.Changes, row)
		}
	}
	if v.Names, err = s.app.UserNames(ctx); err != nil {
		return err
	}
	page := s.newPage(r, fmt.Sprintf("Compare versions of proposal %d", d.Record.ID), "proposals", v)
	page.Crumbs = []Crumb{{"Proposals", "/proposals"}, {fmt.Sprintf("Proposal %d", d.Record.ID), fmt.Sprintf("/proposals/%d", d.Record.ID)}, {"Compare versions", ""}}
	s.render(w, r, http.StatusOK, "proposal_compare", page)
	return nil
}

func (s *Server) detailOf(r *http.Request) (*app.ProposalDetail, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.app.Detail(r.Context(), id)
}

// ---------------------------------------------------------------------------
// Notifications.

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.app.Notifications(r.Context(), false)
	if err != nil {
		return err
	}
	unread := 0
	for _, n := range ns {
		if !n.Read {
			unread++
		}
	}
	s.render(w, r, http.StatusOK, "notifications", s.newPage(r, "Notifications", "", map[string]any{"Notifications": ns, "Unread": unread}))
	return nil
}

// openNotification follows a notification's link, marking it read.
func (s *Server) openNotification(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	link, err := s.app.OpenNotification(r.Context(), id)
	if err != nil {
		return err
	}
	// Links are the application's own paths; anything else goes back to
	// the list rather than off the site.
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		link = "/notifications"
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
	return nil
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.app.Notifications(r.Context(), true); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifications?flash="+urlQueryEscape("All notifications marked as read."), http.StatusSeeOther)
	return nil
}
