package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/app"
	"devcoop/export"
	"devcoop/mobilize"
	"devcoop/money"
)

// stageLabels name the pipeline stages for people.
var stageLabels = map[string]string{
	devcoop.StageProspect: "Prospect", devcoop.StageConcept: "Concept note", devcoop.StageSubmitted: "Proposal submitted",
	devcoop.StageNegotiation: "Negotiation", devcoop.StageSigned: "Signed", devcoop.StageLost: "Lost",
}

// openStages are the stages a card moves through, in order; signing ends
// the walk (with an agreement) and so does losing it.
var openStages = []string{devcoop.StageProspect, devcoop.StageConcept, devcoop.StageSubmitted, devcoop.StageNegotiation}

func stageLabel(s string) string {
	if l, ok := stageLabels[s]; ok {
		return l
	}
	return s
}

// stageOption is a stage a card may be moved to by hand.
type stageOption struct{ Stage, Label string }

func moveTargets() []stageOption {
	var out []stageOption
	for _, s := range append(append([]string(nil), openStages...), devcoop.StageLost) {
		out = append(out, stageOption{s, stageLabel(s)})
	}
	return out
}

// opportunityCard is an opportunity as the board shows it.
type opportunityCard struct {
	Opp        *devcoop.Opportunity
	Partner    *devcoop.Partner
	StageLabel string
	USD        int64 // the expected amount at the rate of the expected signing date
	Weighted   int64 // USD × probability; open opportunities only
	NoRate     bool
	Late       bool   // open, and its expected signing date has passed
	Prev, Next string // neighbouring stages; Next "signed" means the sign form
}

// PrevLabel and NextLabel name the neighbouring stages.
func (c opportunityCard) PrevLabel() string { return stageLabel(c.Prev) }

// NextLabel names the next stage.
func (c opportunityCard) NextLabel() string { return stageLabel(c.Next) }

func newCard(pf *devcoop.Portfolio, o *devcoop.Opportunity, today devcoop.Date) opportunityCard {
	c := opportunityCard{Opp: o, Partner: pf.Partner(o.PartnerID), StageLabel: stageLabel(o.Stage)}
	usd, _, err := pf.Rates.CentsUSD(o.Money())
	c.USD, c.NoRate = usd, err != nil
	if o.Open() {
		c.Weighted, _ = mobilize.Weighted(pf, o)
		c.Late = o.ExpectedSign.Before(today)
		for i, s := range openStages {
			if s != o.Stage {
				continue
			}
			if i > 0 {
				c.Prev = openStages[i-1]
			}
			c.Next = devcoop.StageSigned
			if i+1 < len(openStages) {
				c.Next = openStages[i+1]
			}
		}
	}
	return c
}

// pipelineColumn is one stage of the board with its totals.
type pipelineColumn struct {
	Stage, Label    string
	Cards           []opportunityCard
	Total, Weighted int64
	Open            bool
}

type pipelineView struct {
	Period       string
	Periods      []devcoop.Period
	Partner      int64
	Partners     []devcoop.Partner
	Columns      []pipelineColumn
	Count        int
	Open         int64 // open opportunities, raw and weighted
	OpenWeighted int64
	Late         int
	CanEdit      bool
	Back         string // the board's own address, to return to after a move
	Error        string // why a move failed
	Targets      []stageOption
}

// pipelineCards lists the period's opportunities, filtered, as cards.
func (s *Server) pipelineCards(r *http.Request) ([]opportunityCard, *pipelineView, error) {
	ctx := r.Context()
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, nil, err
	}
	per, err := periodOrCurrent(pf, r.URL.Query().Get("period"))
	if err != nil {
		return nil, nil, err
	}
	partner, err := queryID(r, "partner")
	if err != nil {
		return nil, nil, err
	}
	os, err := s.app.Opportunities(ctx, devcoop.OpportunityFilter{Period: per.Code, PartnerID: partner})
	if err != nil {
		return nil, nil, err
	}
	v := &pipelineView{Period: per.Code, Periods: pf.Periods, Partner: partner, Partners: pf.Partners, CanEdit: devcoop.CanManageFunding(devcoop.UserFrom(ctx)),
		Targets: moveTargets(), Back: withQuery(r.URL.Query(), "flash", "")}
	v.Back = r.URL.Path + strings.TrimSuffix(v.Back, "?")
	var cards []opportunityCard
	today := s.today(r)
	for _, o := range os {
		cards = append(cards, newCard(pf, o, today))
	}
	cardSorts.sort(cards, "expected", "expected")
	return cards, v, nil
}

var cardSorts = sorter[opportunityCard]{
	"expected": func(a, b opportunityCard) int {
		if c := cmpDate(a.Opp.ExpectedSign, b.Opp.ExpectedSign); c != 0 {
			return c
		}
		return cmpFold(a.Opp.Code, b.Opp.Code)
	},
}

func (s *Server) pipelineBoard(w http.ResponseWriter, r *http.Request) error {
	return s.renderBoard(w, r, http.StatusOK, "")
}

func (s *Server) renderBoard(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	cards, v, err := s.pipelineCards(r)
	if err != nil {
		return err
	}
	v.Error = problem
	col := map[string]*pipelineColumn{}
	for _, st := range devcoop.Stages {
		v.Columns = append(v.Columns, pipelineColumn{Stage: st, Label: stageLabel(st), Open: st != devcoop.StageSigned && st != devcoop.StageLost})
	}
	for i := range v.Columns {
		col[v.Columns[i].Stage] = &v.Columns[i]
	}
	for _, c := range cards {
		k := col[c.Opp.Stage]
		if k == nil {
			continue
		}
		k.Cards = append(k.Cards, c)
		k.Total += c.USD
		k.Weighted += c.Weighted
		v.Count++
		if c.Opp.Open() {
			v.Open += c.USD
			v.OpenWeighted += c.Weighted
			if c.Late {
				v.Late++
			}
		}
	}
	s.render(w, r, status, "pipeline", s.newPage(r, "Pipeline "+v.Period, "pipeline", v))
	return nil
}

func (s *Server) pipelineExport(w http.ResponseWriter, r *http.Request, format string) error {
	cards, v, err := s.pipelineCards(r)
	if err != nil {
		return err
	}
	t := &export.Table{Title: "Pipeline " + v.Period, Subtitle: "USD at the rate of each expected signing date; weighted by probability", Sheet: "Pipeline",
		Columns: []export.Column{{Title: "Code"}, {Title: "Title", Width: 36}, {Title: "Partner", Width: 28}, {Title: "Stage"}, {Title: "Modality"}, {Title: "Currency"},
			{Title: "Amount", Kind: export.Money}, {Title: "USD", Kind: export.Money}, {Title: "Probability %", Kind: export.Percent}, {Title: "Weighted USD", Kind: export.Money},
			{Title: "Expected signing", Kind: export.Date}, {Title: "Late"}, {Title: "Multi-annual"}}}
	var raw, weighted int64
	for _, c := range cards {
		o := c.Opp
		t.Rows = append(t.Rows, []export.Cell{textCell(o.Code), textCell(o.Title), textCell(partnerName(c.Partner)), textCell(c.StageLabel), textCell(o.Modality.Label()),
			textCell(o.Currency), moneyCell(o.Amount), centsCell(c.USD), moneyCell(o.Probability), centsCell(c.Weighted), textCell(o.ExpectedSign.String()),
			textCell(yesNo(c.Late)), textCell(yesNo(o.MultiAnnual))})
		if o.Open() {
			raw += c.USD
			weighted += c.Weighted
		}
	}
	t.Totals = []export.Cell{textCell(fmt.Sprintf("Open (%d listed)", len(cards))), {}, {}, {}, {}, {}, {}, centsCell(raw), {}, centsCell(weighted)}
	return s.sendTables(w, format, "pipeline-"+v.Period, t)
}

// moveOpportunity takes a card's small form: the previous or next stage
// from its buttons, or any stage from its list. It needs no JavaScript.
func (s *Server) moveOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := readForm(r)
	if err != nil {
		return err
	}
	stage := in.text("stage")
	if stage == "" {
		stage = in.text("to")
	}
	back := safeBack(in.text("back"), "/pipeline")
	if stage == devcoop.StageSigned {
		http.Redirect(w, r, fmt.Sprintf("/pipeline/%d/sign", id), http.StatusSeeOther)
		return nil
	}
	o, err := s.app.MoveOpportunity(r.Context(), id, stage, in.int("version"))
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		// Show the board the user came from, with what went wrong.
		if u, perr := r.URL.Parse(back); perr == nil {
			r.URL.RawQuery = u.RawQuery
		}
		return s.renderBoard(w, r, status(err), moveProblem(err))
	}
	redirectFlash(w, r, back, fmt.Sprintf("%s moved to %s", o.Code, stageLabel(o.Stage)))
	return nil
}

func moveProblem(err error) string {
	if fs := devcoop.ErrorFields(err); len(fs) > 0 {
		return capitalize(fs[0].Message)
	}
	return devcoop.ErrorMessage(err)
}

// ---- One opportunity --------------------------------------------------------

type opportunityView struct {
	Card      opportunityCard
	Office    *devcoop.Office
	Targets   []targetLine
	Agreement *devcoop.Agreement
	CanEdit   bool
	Back      string
	Moves     []stageOption
	Audit     []devcoop.AuditEvent
}

type targetLine struct {
	Outcome    *devcoop.Outcome
	Component  string
	Percentage money.Decimal
}

func (s *Server) opportunityPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.app.Opportunity(ctx, id)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	v := &opportunityView{Card: newCard(pf, o, s.today(r)), Office: pf.Office(o.OfficeID), CanEdit: devcoop.CanManageFunding(devcoop.UserFrom(ctx)), Back: r.URL.Path, Moves: moveTargets()}
	for _, t := range o.Targets {
		v.Targets = append(v.Targets, targetLine{Outcome: pf.Outcome(t.OutcomeID), Component: t.Component, Percentage: t.Percentage})
	}
	if o.AgreementID != 0 {
		if a, err := s.app.Agreement(ctx, o.AgreementID); err == nil {
			v.Agreement = a
		}
	}
	if ev, err := s.app.Audit(ctx, devcoop.AuditFilter{Entity: "opportunity", EntityID: strconv.FormatInt(o.ID, 10), Limit: 20}); err == nil {
		v.Audit = ev
	}
	page := s.newPage(r, o.Title, "pipeline", v)
	page.Crumbs = []Crumb{{"Pipeline " + o.Period, "/pipeline?period=" + o.Period}, {o.Code, ""}}
	s.render(w, r, http.StatusOK, "pipeline_opportunity", page)
	return nil
}

// ---- Creating, editing and signing opportunities ------------------------------

type opportunityForm struct {
	ID                                              int64
	Version                                         int
	Code, Title, Partner, Stage, Modality, Currency string
	Amount, Expected, Probability, Period, Office   string
	Notes                                           string
	MultiAnnual                                     bool
	Errors                                          fieldErrors
	Partners                                        []devcoop.Partner
	Offices                                         []devcoop.Office
	Periods                                         []devcoop.Period
	Modalities                                      []devcoop.Modality
	Stages                                          []stageOption
	Currencies                                      []string
}

var opportunityLabels = map[string]string{"code": "Code", "title": "Title", "partner_id": "Partner", "stage": "Stage", "modality": "Modality", "currency": "Currency",
	"amount": "Amount", "expected_sign_date": "Expected signing date", "probability": "Probability", "period": "Period", "office_id": "Office", "targets": "Where the money would go"}

func opportunityFormOf(o *devcoop.Opportunity) *opportunityForm {
	return &opportunityForm{ID: o.ID, Version: o.Version, Code: o.Code, Title: o.Title, Partner: idText(o.PartnerID), Stage: o.Stage, Modality: string(o.Modality),
		Currency: o.Currency, Amount: o.Amount.String(), Expected: o.ExpectedSign.String(), Probability: o.Probability.String(), Period: o.Period,
		Office: idText(o.OfficeID), Notes: o.Notes, MultiAnnual: o.MultiAnnual}
}

func (s *Server) renderOpportunityForm(w http.ResponseWriter, r *http.Request, status int, f *opportunityForm) error {
	if !devcoop.CanManageFunding(devcoop.UserFrom(r.Context())) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only resource mobilization officers and administrators change the pipeline.")
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	f.Partners, f.Offices, f.Periods, f.Modalities, f.Stages = pf.Partners, pf.Offices, pf.Periods, devcoop.Modalities, moveTargets()
	f.Currencies = currenciesOf(pf)
	title, crumbs := "New opportunity", []Crumb{{"Pipeline", "/pipeline"}, {"New", ""}}
	if f.ID != 0 {
		title = "Edit " + f.Code
		crumbs = []Crumb{{"Pipeline", "/pipeline?period=" + f.Period}, {f.Code, fmt.Sprintf("/pipeline/%d", f.ID)}, {"Edit", ""}}
	}
	page := s.newPage(r, title, "pipeline", f)
	page.Crumbs = crumbs
	s.render(w, r, status, "pipeline_form", page)
	return nil
}

// currenciesOf lists USD and every currency with exchange rates.
func currenciesOf(pf *devcoop.Portfolio) []string {
	seen := map[string]bool{money.USD: true}
	out := []string{money.USD}
	for _, rt := range pf.Rates.All() {
		if !seen[rt.Currency] {
			seen[rt.Currency] = true
			out = append(out, rt.Currency)
		}
	}
	return out
}

func (s *Server) newOpportunityForm(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	f := &opportunityForm{Stage: devcoop.StageProspect, Modality: string(devcoop.ModalityEarmarked), Currency: money.USD, Probability: "25",
		Partner: r.URL.Query().Get("partner"), Period: r.URL.Query().Get("period")}
	if cur := pf.CurrentPeriod(); cur != nil && f.Period == "" {
		f.Period = cur.Code
	}
	return s.renderOpportunityForm(w, r, http.StatusOK, f)
}

func (s *Server) editOpportunityForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.app.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	if o.Stage == devcoop.StageSigned {
		return devcoop.Conflictf("opportunity %s is signed; change its agreement instead", o.Code)
	}
	return s.renderOpportunityForm(w, r, http.StatusOK, opportunityFormOf(o))
}

func readOpportunityForm(r *http.Request) (*opportunityForm, *devcoop.Opportunity, error) {
	in, err := readForm(r)
	if err != nil {
		return nil, nil, err
	}
	f := &opportunityForm{Version: in.int("version"), Code: in.text("code"), Title: in.text("title"), Partner: in.text("partner_id"), Stage: in.text("stage"),
		Modality: in.text("modality"), Currency: strings.ToUpper(in.text("currency")), Amount: in.text("amount"), Expected: in.text("expected_sign_date"),
		Probability: in.text("probability"), Period: in.text("period"), Office: in.text("office_id"), Notes: in.text("notes"), MultiAnnual: in.checked("multi_annual")}
	o := &devcoop.Opportunity{Code: f.Code, Title: f.Title, PartnerID: in.id("partner_id", f.Partner), Stage: f.Stage, Modality: devcoop.Modality(f.Modality),
		Currency: f.Currency, Amount: in.amount("amount", f.Amount, true), ExpectedSign: in.date("expected_sign_date", f.Expected, true),
		Probability: in.amount("probability", strings.TrimSuffix(f.Probability, "%"), true), Period: f.Period, OfficeID: in.id("office_id", f.Office),
		Notes: f.Notes, MultiAnnual: f.MultiAnnual, Version: f.Version, Targets: []devcoop.OpportunityTarget{}}
	return f, o, in.err()
}

func (s *Server) createOpportunity(w http.ResponseWriter, r *http.Request) error {
	f, o, err := readOpportunityForm(r)
	if f == nil {
		return err
	}
	if err == nil {
		err = s.app.CreateOpportunity(r.Context(), o)
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, opportunityLabels)
		return s.renderOpportunityForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/pipeline?period=%s", o.Period), "Opportunity "+o.Code+" added")
	return nil
}

func (s *Server) updateOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, o, err := readOpportunityForm(r)
	if f == nil {
		return err
	}
	f.ID = id
	if err == nil {
		// The form does not edit where the money would go, nor the linked
		// proposal: keep them as stored.
		var before *devcoop.Opportunity
		if before, err = s.app.Opportunity(r.Context(), id); err == nil {
			o.ID, o.Targets, o.ProposalID = id, before.Targets, before.ProposalID
			err = s.app.UpdateOpportunity(r.Context(), o)
		}
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, opportunityLabels)
		return s.renderOpportunityForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/pipeline/%d", id), "Opportunity "+o.Code+" saved")
	return nil
}

// signForm is the last step of the pipeline: the signed terms, from which
// the agreement is created.
type signForm struct {
	Card                             opportunityCard
	Version                          int
	Code, Signed, Start, End, Amount string
	Errors                           fieldErrors
}

var signLabels = map[string]string{"code": "Agreement code", "signed_date": "Signed on", "start": "Start", "end": "End", "amount": "Signed amount", "currency": "Currency"}

func (s *Server) renderSignForm(w http.ResponseWriter, r *http.Request, status int, f *signForm) error {
	ctx := r.Context()
	if !devcoop.CanManageFunding(devcoop.UserFrom(ctx)) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only resource mobilization officers and administrators sign opportunities.")
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.app.Opportunity(ctx, id)
	if err != nil {
		return err
	}
	if !o.Open() {
		return devcoop.Conflictf("opportunity %s is already %s", o.Code, stageLabel(o.Stage))
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	if f == nil {
		f = &signForm{Version: o.Version, Code: o.Code, Amount: o.Amount.String()}
	}
	f.Card = newCard(pf, o, s.today(r))
	page := s.newPage(r, "Sign "+o.Code, "pipeline", f)
	page.Crumbs = []Crumb{{"Pipeline " + o.Period, "/pipeline?period=" + o.Period}, {o.Code, fmt.Sprintf("/pipeline/%d", o.ID)}, {"Sign", ""}}
	s.render(w, r, status, "pipeline_sign", page)
	return nil
}

func (s *Server) signForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderSignForm(w, r, http.StatusOK, nil)
}

func (s *Server) signOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := readForm(r)
	if err != nil {
		return err
	}
	f := &signForm{Version: in.int("version"), Code: in.text("code"), Signed: in.text("signed_date"), Start: in.text("start"), End: in.text("end"), Amount: in.text("amount")}
	si := app.SignInput{Code: f.Code, SignedDate: in.date("signed_date", f.Signed, true), Start: in.date("start", f.Start, true), End: in.date("end", f.End, true),
		Amount: in.amount("amount", f.Amount, false), Version: f.Version}
	err = in.err()
	var a *devcoop.Agreement
	if err == nil {
		a, err = s.app.SignOpportunity(r.Context(), id, si)
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, signLabels)
		return s.renderSignForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/agreements/%d", a.ID), "Signed: agreement "+a.Code+" created. Add its tranches and reports below.")
	return nil
}
