package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"devcoop"
	"devcoop/app"
	"devcoop/appraisal"
	"devcoop/export"
	"devcoop/money"
	"devcoop/web/chart"
)

// ---------------------------------------------------------------------------
// The appraiser's rubric.

type rubricRow struct {
	Index      int
	Standard   appraisal.Standard
	Score      appraisal.Score
	Comment    string
	ScoreErr   string
	CommentErr string
	Findings   []placedFinding
}

type appraiseView struct {
	D        *app.ProposalDetail
	Rows     []rubricRow
	Scores   []appraisal.Score
	Comment  string
	Errors   []devcoop.FieldError
	Problem  string
	Editable bool
	Stale    bool
	Partner  []placedFinding
}

// findingsByArea groups a screen's findings by the minimum standard their
// rule informs, each with the anchor of its place on the proposal's page.
func findingsByArea(fs []appraisal.Finding) map[string][]placedFinding {
	area := map[string]string{}
	for _, r := range appraisal.Rules() {
		area[r.ID] = r.Area
	}
	out := map[string][]placedFinding{}
	for _, f := range fs {
		out[area[f.Rule]] = append(out[area[f.Rule]], placedFinding{Finding: f, Anchor: pathAnchor(placeIn(f.Path, pageShapes))})
	}
	return out
}

func (s *Server) appraisePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAppraise(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderAppraise(w http.ResponseWriter, r *http.Request, status int, posted *appraiseView, problem string) error {
	if !appraisal.CanAppraise(devcoop.UserFrom(r.Context())) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only appraisers score proposals.")
	}
	d, err := s.detailOf(r)
	if err != nil {
		return err
	}
	v := &appraiseView{D: d, Scores: []appraisal.Score{appraisal.ScoreMeets, appraisal.ScorePartlyMeets, appraisal.ScoreDoesNotMeet},
		Editable: d.Record.State() == devcoop.ProposalInAppraisal, Problem: problem}
	byArea := findingsByArea(d.Findings)
	v.Partner = byArea[appraisal.AreaPartner]
	for i, st := range appraisal.Standards() {
		row := rubricRow{Index: i, Standard: st, Findings: byArea[st.ID]}
		if d.Appraisal != nil {
			for _, sc := range d.Appraisal.Scores {
				if sc.Standard == st.ID {
					row.Score, row.Comment = sc.Score, sc.Comment
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if d.Appraisal != nil {
		v.Comment = d.Appraisal.Comment
		v.Stale = d.Appraisal.Version != d.Record.Version
	}
	if posted != nil {
		v.Comment, v.Errors = posted.Comment, posted.Errors
		for i := range v.Rows {
			v.Rows[i].Score, v.Rows[i].Comment = posted.Rows[i].Score, posted.Rows[i].Comment
			v.Rows[i].ScoreErr, v.Rows[i].CommentErr = posted.Rows[i].ScoreErr, posted.Rows[i].CommentErr
		}
	}
	page := s.newPage(r, "Appraise: "+d.Record.Title, "proposals", v)
	page.Crumbs = []Crumb{{"Appraisal queue", "/appraisal"}, {fmt.Sprintf("Proposal %d", d.Record.ID), fmt.Sprintf("/proposals/%d", d.Record.ID)}, {"Rubric", ""}}
	s.render(w, r, status, "appraisal_rubric", page)
	return nil
}

// indexedErrors moves errors the service names by the position of what was
// sent ("scores[1].comment") to the form's row of that item.
func indexedErrors(fs []devcoop.FieldError, list string, rowOf []int) []devcoop.FieldError {
	out := make([]devcoop.FieldError, 0, len(fs))
	for _, f := range fs {
		if rest, ok := strings.CutPrefix(f.Field, list+"["); ok {
			if end := strings.IndexByte(rest, ']'); end > 0 {
				if k, err := strconv.Atoi(rest[:end]); err == nil && k < len(rowOf) {
					f.Field = fmt.Sprintf("%s[%d]%s", list, rowOf[k], rest[end+1:])
				}
			}
		}
		out = append(out, f)
	}
	return out
}

func (s *Server) appraisePost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	posted := &appraiseView{Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	ap := appraisal.Appraisal{Comment: posted.Comment}
	var rowOf []int
	for i, st := range appraisal.Standards() {
		row := rubricRow{Index: i, Standard: st, Score: appraisal.Score(r.PostFormValue(fmt.Sprintf("scores[%d].score", i))),
			Comment: strings.TrimSpace(r.PostFormValue(fmt.Sprintf("scores[%d].comment", i)))}
		posted.Rows = append(posted.Rows, row)
		if row.Score == "" && row.Comment == "" {
			continue // not scored yet: a rubric may be saved half done
		}
		ap.Scores = append(ap.Scores, appraisal.StandardScore{Standard: st.ID, Score: row.Score, Comment: row.Comment})
		rowOf = append(rowOf, i)
	}
	if _, err := s.app.SaveAppraisal(r.Context(), id, ap); err != nil {
		switch devcoop.ErrorKind(err) {
		case devcoop.KindInvalid:
			posted.Errors = indexedErrors(devcoop.ErrorFields(err), "scores", rowOf)
			eachRowError(posted.Errors, "scores", len(posted.Rows), func(i int, field, msg string) {
				if field == "score" {
					posted.Rows[i].ScoreErr = msg
				} else {
					posted.Rows[i].CommentErr = msg
				}
			})
			return s.renderAppraise(w, r, http.StatusBadRequest, posted, "The rubric was not saved.")
		case devcoop.KindConflict:
			return s.renderAppraise(w, r, http.StatusConflict, posted, devcoop.ErrorMessage(err))
		}
		return err
	}
	missing := len(appraisal.Standards()) - len(ap.Scores)
	msg := "Rubric saved; every standard is scored."
	if missing > 0 {
		msg = fmt.Sprintf("Rubric saved; %d standard(s) still to score.", missing)
	}
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d?flash=%s#appraisal", id, urlQueryEscape(msg)), http.StatusSeeOther)
	return nil
}

// ---------------------------------------------------------------------------
// The evaluation office's review of the M&E plan.

type meRow struct {
	Index      int
	Criterion  appraisal.MECriterion
	Rating     appraisal.MERating
	Comment    string
	RatingErr  string
	CommentErr string
}

type meReviewView struct {
	D         *app.ProposalDetail
	Rows      []meRow
	Ratings   []appraisal.MERating
	Comment   string
	Errors    []devcoop.FieldError
	Problem   string
	Editable  bool
	Stale     bool
	USD       *money.Decimal
	Threshold money.Decimal
	Findings  []placedFinding
}

func (s *Server) meReviewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMEReview(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderMEReview(w http.ResponseWriter, r *http.Request, status int, posted *meReviewView, problem string) error {
	if !appraisal.CanReviewME(devcoop.UserFrom(r.Context())) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only the evaluation office reviews M&E plans.")
	}
	d, err := s.detailOf(r)
	if err != nil {
		return err
	}
	rs, err := s.app.RuleSet(r.Context())
	if err != nil {
		return err
	}
	v := &meReviewView{D: d, Ratings: []appraisal.MERating{appraisal.MEUnsatisfactory, appraisal.MESatisfactory, appraisal.MEHigh, appraisal.MENotRelevant},
		Editable: d.Record.State() == devcoop.ProposalInAppraisal && d.NeedsME, Problem: problem, Threshold: rs.MEReviewThresholdUSD}
	if usd, ok := appraisal.USDAmount(&d.Record.Proposal, d.Facts); ok {
		v.USD = &usd
	}
	v.Findings = findingsByArea(d.Findings)[appraisal.StandardResultsDesign]
	for i, c := range appraisal.MECriteria() {
		row := meRow{Index: i, Criterion: c}
		if d.MEReview != nil {
			for _, x := range d.MEReview.Ratings {
				if x.Criterion == c.ID {
					row.Rating, row.Comment = x.Rating, x.Comment
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if d.MEReview != nil {
		v.Comment = d.MEReview.Comment
		v.Stale = d.MEReview.Version != d.Record.Version
	}
	if posted != nil {
		v.Comment, v.Errors = posted.Comment, posted.Errors
		for i := range v.Rows {
			v.Rows[i].Rating, v.Rows[i].Comment = posted.Rows[i].Rating, posted.Rows[i].Comment
			v.Rows[i].RatingErr, v.Rows[i].CommentErr = posted.Rows[i].RatingErr, posted.Rows[i].CommentErr
		}
	}
	page := s.newPage(r, "M&E review: "+d.Record.Title, "proposals", v)
	page.Crumbs = []Crumb{{"Appraisal queue", "/appraisal"}, {fmt.Sprintf("Proposal %d", d.Record.ID), fmt.Sprintf("/proposals/%d", d.Record.ID)}, {"M&E review", ""}}
	s.render(w, r, status, "appraisal_me", page)
	return nil
}

func (s *Server) meReviewPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	posted := &meReviewView{Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	rv := appraisal.MEReview{Comment: posted.Comment}
	var rowOf []int
	for i, c := range appraisal.MECriteria() {
		row := meRow{Index: i, Criterion: c, Rating: appraisal.MERating(r.PostFormValue(fmt.Sprintf("ratings[%d].rating", i))),
			Comment: strings.TrimSpace(r.PostFormValue(fmt.Sprintf("ratings[%d].comment", i)))}
		posted.Rows = append(posted.Rows, row)
		if row.Rating == "" && row.Comment == "" {
			continue
		}
		rv.Ratings = append(rv.Ratings, appraisal.MECriterionRating{Criterion: c.ID, Rating: row.Rating, Comment: row.Comment})
		rowOf = append(rowOf, i)
	}
	if _, err := s.app.SaveMEReview(r.Context(), id, rv); err != nil {
		switch devcoop.ErrorKind(err) {
		case devcoop.KindInvalid:
			posted.Errors = indexedErrors(devcoop.ErrorFields(err), "ratings", rowOf)
			eachRowError(posted.Errors, "ratings", len(posted.Rows), func(i int, field, msg string) {
				if field == "rating" {
					posted.Rows[i].RatingErr = msg
				} else {
					posted.Rows[i].CommentErr = msg
				}
			})
			return s.renderMEReview(w, r, http.StatusBadRequest, posted, "The review was not saved.")
		case devcoop.KindConflict:
			return s.renderMEReview(w, r, http.StatusConflict, posted, devcoop.ErrorMessage(err))
		}
		return err
	}
	missing := len(appraisal.MECriteria()) - len(rv.Ratings)
	msg := "M&E review saved; every criterion is rated."
	if missing > 0 {
		msg = fmt.Sprintf("M&E review saved; %d criteria still to rate.", missing)
	}
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d?flash=%s#me-review", id, urlQueryEscape(msg)), http.StatusSeeOther)
	return nil
}

// ---------------------------------------------------------------------------
// The queue.

type queueRow struct {
	app.QueueItem
	Office  string
	Partner string
}

type queueView struct {
	Rows             []queueRow
	Overdue          int
	Submitted        int
	InAppraisal      int
	AwaitingDecision int
}

// canUseQueue: the people whose turn it is once a proposal is submitted.
func canUseQueue(u *devcoop.User) bool {
	return u.HasAny(devcoop.RoleAppraiser, devcoop.RoleDirector, devcoop.RoleEvaluationManager, devcoop.RoleRMOfficer, devcoop.RoleAdmin)
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if !canUseQueue(devcoop.UserFrom(ctx)) {
		return devcoop.Errorf(devcoop.KindForbidden, "The appraisal queue is for appraisers, the evaluation office, directors and resource mobilization.")
	}
	items, err := s.app.Queue(ctx)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	v := queueView{}
	for _, it := range items {
		row := queueRow{QueueItem: it}
		if o := pf.Office(it.Record.OfficeID); o != nil {
			row.Office = o.Name
		}
		if p := pf.Partner(it.Record.PartnerID); p != nil {
			row.Partner = p.Name
		}
		if it.Timeline.Overdue {
			v.Overdue++
		}
		switch it.Record.State() {
		case devcoop.ProposalSubmitted:
			v.Submitted++
		case devcoop.ProposalInAppraisal:
			v.InAppraisal++
		default:
			v.AwaitingDecision++
		}
		v.Rows = append(v.Rows, row)
	}
	s.render(w, r, http.StatusOK, "appraisal", s.newPage(r, "Appraisal queue", "proposals", v))
	return nil
}

// ---------------------------------------------------------------------------
// Dashboards.

type stateDays struct {
	State   devcoop.ProposalState
	Average string
	Limit   int
	Over    bool
}

type ruleCountRow struct {
	app.RuleCount
	Severity appraisal.Severity
	Area     string
}

type dashboardView struct {
	Stats      *app.AppraisalStats
	Total      int
	Waiting    int
	Funded     int
	Throughput template.HTML
	Days       template.HTML
	Findings   template.HTML
	ByState    template.HTML
	DayRows    []stateDays
	Rules      []ruleCountRow
	States     []devcoop.ProposalState
	Screened   int
	Months     int
}

func (s *Server) appraisalDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.app.Stats(ctx)
	if err != nil {
		return err
	}
	v := dashboardView{Stats: st, States: devcoop.ProposalStates}
	var slicesByState []chart.Slice
	for _, state := range devcoop.ProposalStates {
		n := st.ByState[state]
		v.Total += n
		if state != devcoop.ProposalDraft {
			v.Screened += n
		}
		switch state {
		case devcoop.ProposalSubmitted, devcoop.ProposalInAppraisal, devcoop.ProposalCleared:
			v.Waiting += n
		case devcoop.ProposalFunded:
			v.Funded += n
		}
		if n > 0 {
			sl := chart.Slice{Label: state.Label(), Value: chart.Int(int64(n)), Href: "/proposals?state=" + string(state)}
			if state == devcoop.ProposalWithdrawn {
				// Nine states, eight palette colours: the ended-by-choice
				// state takes the muted one.
				sl.Color = chart.ColorMuted
			}
			slicesByState = append(slicesByState, sl)
		}
	}
	v.ByState = chart.Donut("Proposals by state", slicesByState, chart.Options{Format: chart.Number, NoTable: true})

	months := st.Throughput
	if len(months) > 12 {
		months = months[len(months)-12:]
	}
	v.Months = len(months)
	var cats []string
	series := []chart.Series{{Name: "Submitted"}, {Name: "Returned", Color: chart.ColorWarn}, {Name: "Cleared"}, {Name: "Funded"}}
	for _, m := range months {
		label := m.Month
		if t, err := time.Parse("2006-01", m.Month); err == nil {
			label = t.Format("Jan 2006")
		}
		cats = append(cats, label)
		for i, n := range []int{m.Submitted, m.Returned, m.Cleared, m.Funded} {
			series[i].Values = append(series[i].Values, chart.Int(int64(n)))
		}
	}
	v.Throughput = chart.StackedBar("Workflow decisions per month", cats, series, chart.Options{Format: chart.Number, Width: 1100})

	sla := s.app.SLA(ctx)
	var bars []chart.Bar
	for _, state := range devcoop.ProposalStates {
		avg, ok := st.AverageDays[state]
		if !ok || state.Final() {
			continue
		}
		row := stateDays{State: state, Average: avg, Limit: sla.WorkingDays[state]}
		if row.Limit > 0 {
			if d, err := money.Parse(avg); err == nil && d.GreaterThan(money.FromInt(int64(row.Limit))) {
				row.Over = true
			}
		}
		v.DayRows = append(v.DayRows, row)
		color := ""
		if row.Over {
			color = chart.ColorDanger
		}
		bars = append(bars, chart.Bar{Label: state.Label(), Value: chart.Dec(avg), Color: color, Href: "/proposals?state=" + string(state)})
	}
	v.Days = chart.HBar("Average working days in each state", bars, chart.Options{Format: chart.Number, NoTable: true})

	sev := map[string]appraisal.Rule{}
	for _, rl := range appraisal.Rules() {
		sev[rl.ID] = rl
	}
	titles := map[string]string{appraisal.AreaPartner: "Partner"}
	for _, std := range appraisal.Standards() {
		titles[std.ID] = std.Title
	}
	var fbars []chart.Bar
	for _, rc := range st.TopFindings {
		rl := sev[rc.Rule]
		v.Rules = append(v.Rules, ruleCountRow{RuleCount: rc, Severity: rl.Severity, Area: titles[rl.Area]})
		if len(fbars) < 10 {
			fbars = append(fbars, chart.Bar{Label: plainWords(rc.Standard), Value: chart.Int(int64(rc.Count))})
		}
	}
	v.Findings = chart.HBar("Most frequent findings (proposals failing each standard)", fbars, chart.Options{Format: chart.Number, NoTable: true, Width: 1100})
	s.render(w, r, http.StatusOK, "appraisal_dashboard", s.newPage(r, "Appraisal dashboard", "proposals", v))
	return nil
}

// plainWords shortens a rule's standard to its first clause, for a chart
// label; the table beside the chart has the whole sentence.
func plainWords(standard string) string {
	s := standard
	for _, sep := range []string{": ", "; ", ", and ", " ("} {
		if i := strings.Index(s, sep); i > 20 {
			s = s[:i]
		}
	}
	return strings.TrimSuffix(s, ".")
}

// ---------------------------------------------------------------------------
// Rules.

type ruleRow struct {
	appraisal.Rule
	Default  appraisal.Severity
	AreaName string
}

type rulesView struct {
	Rules      []ruleRow
	RS         appraisal.RuleSet
	IsAdmin    bool
	Errors     []devcoop.FieldError
	Raw        map[string]string
	Severities []appraisal.Severity
	Sections   []ccChoice
	SLA        []stateLimit
	Steps      []appraisal.Step
	Criteria   []appraisal.MECriterion

	errAt map[string][]string
}

type ccChoice struct {
	Key, Label string
	On         bool
}

type stateLimit struct {
	State devcoop.ProposalState
	Days  int
}

type thresholdField struct{ Name, Label, Hint, Value string }

// ThresholdFields are the rule set's thresholds, for the form.
func (v *rulesView) ThresholdFields() []thresholdField {
	rs := v.RS
	return []thresholdField{
		{"psc_rate_percent", "Programme support costs (%)", "of direct costs", rs.PSCRatePercent.Normalize().String()},
		{"psc_tolerance", "PSC tolerance", "in the proposal's currency, for rounding", rs.PSCTolerance.Normalize().String()},
		{"me_min_share_percent", "Least M&E share (%)", "of direct costs, monitoring and evaluation together", rs.MEMinSharePercent.Normalize().String()},
		{"min_section_words", "Least words in a narrative section", "needs, sustainability, each cross-cutting section", strconv.Itoa(rs.MinSectionWords)},
		{"max_partner_overdue_reports", "Overdue reports tolerated", "owed to the target partner", strconv.Itoa(rs.MaxPartnerOverdueReports)},
		{"me_review_threshold_usd", "M&E review threshold (USD)", "above it, the evaluation office reviews the M&E plan", rs.MEReviewThresholdUSD.Normalize().String()},
	}
}

// Err is the error of a rules form field.
func (v *rulesView) Err(field string) string { return strings.Join(v.errAt[field], "; ") }

// Val is a threshold as typed, or as configured.
func (v *rulesView) Val(field, current string) string {
	if s, ok := v.Raw[field]; ok {
		return s
	}
	return current
}

func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.app.RuleSet(r.Context())
	if err != nil {
		return err
	}
	return s.renderRules(w, r, http.StatusOK, rs, nil, nil)
}

func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, status int, rs appraisal.RuleSet, raw map[string]string, errs []devcoop.FieldError) error {
	ctx := r.Context()
	u, err := requireStaffHTTP(r)
	if err != nil {
		return err
	}
	v := &rulesView{RS: rs, IsAdmin: u.Has(devcoop.RoleAdmin), Errors: errs, Raw: raw, Severities: appraisal.Severities,
		Steps: appraisal.Workflow(), Criteria: appraisal.MECriteria(), errAt: map[string][]string{}}
	names := map[string]string{appraisal.AreaPartner: "Partner"}
	for _, st := range appraisal.Standards() {
		names[st.ID] = st.Title
	}
	defaults := map[string]appraisal.Severity{}
	for _, rl := range appraisal.Rules() {
		defaults[rl.ID] = rl.Severity
	}
	for _, rl := range rs.Rules() {
		v.Rules = append(v.Rules, ruleRow{Rule: rl, Default: defaults[rl.ID], AreaName: names[rl.Area]})
	}
	for _, k := range devcoop.CrossCuttingSections {
		v.Sections = append(v.Sections, ccChoice{Key: k, Label: devcoop.CrossCuttingLabel(k), On: slices.Contains(rs.CrossCuttingSections, k)})
	}
	sla := s.app.SLA(ctx)
	for _, st := range devcoop.ProposalStates {
		if n := sla.WorkingDays[st]; n > 0 {
			v.SLA = append(v.SLA, stateLimit{st, n})
		}
	}
	for _, f := range errs {
		field := f.Field
		if strings.HasPrefix(field, "cross_cutting_sections") {
			field = "cross_cutting_sections"
		}
		v.errAt[field] = append(v.errAt[field], f.Message)
	}
	s.render(w, r, status, "appraisal_rules", s.newPage(r, "Appraisal rules", "proposals", v))
	return nil
}

// rulesPost takes the administrators' form: thresholds, the rules that
// run, their severities and the cross-cutting sections required.
func (s *Server) rulesPost(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return devcoop.Invalid("form", "could not be read")
	}
	rs, raw, err := readRuleSetForm(r.PostForm)
	if err == nil {
		err = s.app.SetRuleSet(ctx, rs)
	}
	if err != nil {
		if devcoop.ErrorKind(err) != devcoop.KindInvalid {
			return err
		}
		fs := devcoop.ErrorFields(err)
		if len(fs) == 0 {
			fs = []devcoop.FieldError{{Message: devcoop.ErrorMessage(err)}}
		}
		return s.renderRules(w, r, http.StatusBadRequest, rs, raw, fs)
	}
	http.Redirect(w, r, "/appraisal/rules?flash="+urlQueryEscape("The rules are saved; proposals are screened with them from now on."), http.StatusSeeOther)
	return nil
}

func readRuleSetForm(vals url.Values) (appraisal.RuleSet, map[string]string, error) {
	rs := appraisal.DefaultRuleSet()
	raw := map[string]string{}
	var pr devcoop.Problems
	dec := func(field string, dst *money.Decimal) {
		s := strings.TrimSpace(vals.Get(field))
		raw[field] = s
		if s == "" {
			pr.Add(field, "is required")
			return
		}
		d, err := parseAmount(s)
		if err != nil {
			pr.Add(field, "%s", err.Error())
			return
		}
		*dst = d
	}
	num := func(field string, dst *int) {
		s := strings.TrimSpace(vals.Get(field))
		raw[field] = s
		n, err := strconv.Atoi(s)
		if err != nil {
			pr.Add(field, "%q is not a whole number", s)
			return
		}
		*dst = n
	}
	dec("psc_rate_percent", &rs.PSCRatePercent)
	dec("psc_tolerance", &rs.PSCTolerance)
	dec("me_min_share_percent", &rs.MEMinSharePercent)
	dec("me_review_threshold_usd", &rs.MEReviewThresholdUSD)
	num("min_section_words", &rs.MinSectionWords)
	num("max_partner_overdue_reports", &rs.MaxPartnerOverdueReports)
	enabled := setOf(vals["enabled"]...)
	rs.Disabled = []string{}
	rs.Severities = map[string]appraisal.Severity{}
	for _, rl := range appraisal.Rules() {
		if !enabled[rl.ID] {
			rs.Disabled = append(rs.Disabled, rl.ID)
		}
		if sv := appraisal.Severity(vals.Get("severities." + rl.ID)); sv != "" && sv != rl.Severity {
			rs.Severities[rl.ID] = sv
		}
	}
	if len(rs.Severities) == 0 {
		rs.Severities = nil
	}
	rs.CrossCuttingSections = append([]string{}, vals["cross_cutting_sections"]...)
	return rs, raw, pr.Err()
}

// ---------------------------------------------------------------------------
// The appraisal record as PDF.

func (s *Server) proposalRecordPDF(w http.ResponseWriter, r *http.Request) error {
	v, err := s.proposalView(r)
	if err != nil {
		return err
	}
	d, p := v.D, v.P
	amount := formatAmount(p.Amount, p.Currency)
	if v.USD != nil && p.Currency != money.USD {
		amount += " (" + formatUSD(*v.USD)
		if v.Rate != nil {
			amount += fmt.Sprintf(" at %s USD per %s, %s", v.Rate.USDPer, p.Currency, v.Rate.Month.Format("January 2006"))
		}
		amount += ")"
	}
	meta := [][2]string{
		{"State", p.State().Label()}, {"Version", strconv.Itoa(p.Version)}, {"Submitting office", v.Office},
		{"Target partner", or(v.Partner, "not chosen")}, {"Amount", amount},
		{"Duration", fmt.Sprintf("%d months from %s", p.DurationMonths, or(formatDate(p.PlannedStart), "a date to be set"))},
		{"Countries", strings.Join(p.Countries, ", ")}, {"CPOs", strings.Join(p.CPOs, ", ")}, {"Global outcomes", strings.Join(p.Outcomes, ", ")},
		{"Responsible official", strings.TrimSpace(p.ResponsibleOfficial.Name + " " + p.ResponsibleOfficial.Email)},
	}
	rep := &export.Report{Title: "Appraisal record: " + p.Title, Subtitle: fmt.Sprintf("Proposal %d, version %d", p.ID, p.Version),
		Meta: meta, Footer: "devcoop · appraisal record · internal", Date: time.Now()}

	findings := &export.Table{Title: "Screen against the minimum standards",
		Subtitle: fmt.Sprintf("%d blocking, %d major, %d minor", v.Blocking, v.Major, v.Minor),
		Columns:  []export.Column{{Title: "Severity", Width: 9}, {Title: "Rule", Width: 18}, {Title: "Where", Width: 26}, {Title: "Finding", Width: 50}}}
	for _, f := range d.Findings {
		findings.Rows = append(findings.Rows, []export.Cell{textCell(capitalize(string(f.Severity))), textCell(f.Rule), textCell(pathLabel(f.Path)), textCell(f.Message)})
	}
	if len(d.Findings) == 0 {
		findings.Notes = []string{"The screen found nothing to report."}
	}
	rep.Sections = append(rep.Sections, export.Section{Heading: "Key facts", KeyValues: [][2]string{
		{"Needs", p.Needs.Statement}, {"Development objective", p.Logframe.Objective},
		{"Budget", fmt.Sprintf("%s in all; direct costs %s, programme support costs %s, monitoring and evaluation %s",
			formatAmount(v.Budget.Total, p.Currency), formatAmount(v.Budget.Direct, p.Currency), formatAmount(v.Budget.PSC, p.Currency), formatAmount(v.Budget.ME, p.Currency))},
		{"Logframe", fmt.Sprintf("%d immediate outcome(s), %d risk(s)", len(p.Logframe.Outcomes), len(p.Risks))},
	}}, export.Section{Heading: "Screen", Table: findings})

	rubric := &export.Table{Title: "Appraiser's rubric", Columns: []export.Column{{Title: "Minimum standard", Width: 24}, {Title: "Score", Width: 22}, {Title: "Comment", Width: 54}}}
	for _, sv := range v.Scores {
		score := "not scored"
		if sv.Score.Score != "" {
			score = sv.Score.Score.Label()
		}
		rubric.Rows = append(rubric.Rows, []export.Cell{textCell(sv.Standard.Title), textCell(score), textCell(sv.Score.Comment)})
	}
	sec := export.Section{Heading: "Appraisal", Table: rubric}
	if a := d.Appraisal; a != nil {
		sec.Paragraphs = []string{fmt.Sprintf("Scored by %s on %s, for version %d.", v.Name(a.AppraiserID, "an appraiser"), formatDate(a.Date), a.Version)}
		if a.Comment != "" {
			sec.Paragraphs = append(sec.Paragraphs, "Overall: "+a.Comment)
		}
	} else {
		sec.Paragraphs = []string{"No appraiser has scored this proposal yet."}
	}
	rep.Sections = append(rep.Sections, sec)

	me := export.Section{Heading: "Review of the M&E plan"}
	switch {
	case d.MEReview != nil:
		t := &export.Table{Title: "Evaluation office's ratings", Columns: []export.Column{{Title: "Criterion", Width: 46}, {Title: "Rating", Width: 16}, {Title: "Comment", Width: 38}}}
		for _, rv := range v.Ratings {
			rating := "not rated"
			if rv.Rating.Rating != "" {
				rating = rv.Rating.Rating.Label()
			}
			t.Rows = append(t.Rows, []export.Cell{textCell(rv.Criterion.Question), textCell(rating), textCell(rv.Rating.Comment)})
		}
		me.Table = t
		me.Paragraphs = []string{fmt.Sprintf("Reviewed by %s on %s, for version %d.", v.Name(d.MEReview.ReviewerID, "the evaluation office"), formatDate(d.MEReview.Date), d.MEReview.Version)}
		if d.MEReview.Comment != "" {
			me.Paragraphs = append(me.Paragraphs, "Overall: "+d.MEReview.Comment)
		}
	case d.NeedsME:
		me.Paragraphs = []string{fmt.Sprintf("The proposal is above the threshold of %s, so the evaluation office must review its M&E plan; it has not yet done so.", formatUSD(v.Threshold))}
	default:
		me.Paragraphs = []string{fmt.Sprintf("Not required: the proposal is not above the threshold of %s.", formatUSD(v.Threshold))}
	}
	rep.Sections = append(rep.Sections, me)

	hist := &export.Table{Title: "Workflow history", Columns: []export.Column{{Title: "Date", Kind: export.Date, Width: 11}, {Title: "By", Width: 20}, {Title: "Step", Width: 22},
		{Title: "State", Width: 18}, {Title: "Working days", Kind: export.Number, Width: 9}, {Title: "Limit", Kind: export.Number, Width: 7}, {Title: "Comment", Width: 30}}}
	for i := len(v.History) - 1; i >= 0; i-- {
		h := v.History[i]
		limit := export.Cell{Text: "–"}
		if h.Span.Limit > 0 {
			limit = intCell(h.Span.Limit)
		}
		state := h.Event.To.Label()
		if h.Span.Overdue {
			state += " (overdue)"
		}
		hist.Rows = append(hist.Rows, []export.Cell{textCell(h.Event.At.UTC().Format("2006-01-02")), textCell(h.Actor), textCell(capitalize(actionPast(h.Event.Action))),
			textCell(state), intCell(h.Span.WorkingDays), limit, textCell(h.Event.Comment)})
	}
	rep.Sections = append(rep.Sections, export.Section{Heading: "History", Table: hist})

	if len(d.Comments) > 0 {
		ct := &export.Table{Title: "Comments", Columns: []export.Column{{Title: "Date", Kind: export.Date, Width: 11}, {Title: "By", Width: 20}, {Title: "On", Width: 24}, {Title: "Comment", Width: 45}}}
		for _, c := range d.Comments {
			ct.Rows = append(ct.Rows, []export.Cell{textCell(c.At.UTC().Format("2006-01-02")), textCell(v.Name(c.UserID, c.Author)), textCell(pathLabel(c.Path)), textCell(c.Body)})
		}
		rep.Sections = append(rep.Sections, export.Section{Heading: "Comments", Table: ct})
	}
	return s.sendPDF(w, fmt.Sprintf("appraisal-record-proposal-%d-v%d", p.ID, p.Version), rep)
}

func or(s, def string) string {
	if s == "" || s == "–" {
		return def
	}
	return s
}

// eachRowError calls set for every error against a row of a posted list
// ("scores[3].comment" → 3, "comment"), so it shows beside its input.
func eachRowError(errs []devcoop.FieldError, list string, rows int, set func(i int, field, msg string)) {
	for _, f := range errs {
		var i int
		var field string
		if n, _ := fmt.Sscanf(strings.Replace(f.Field, "].", "] ", 1), list+"[%d] %s", &i, &field); n == 2 && i >= 0 && i < rows {
			set(i, field, f.Message)
		}
	}
}
