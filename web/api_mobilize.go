package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"

	"devcoop"
	"devcoop/mobilize"
	"devcoop/money"
)

type modalityJSON struct {
	Modality devcoop.Modality `json:"modality"`
	Label    string           `json:"label"`
	Signed   money.Decimal    `json:"signed_usd"`
	Target   money.Decimal    `json:"target_usd"`
	Share    money.Decimal    `json:"share"`
}

type monthJSON struct {
	Month    string        `json:"month"`
	Signed   money.Decimal `json:"signed_usd"`
	Received money.Decimal `json:"received_usd"`
	Target   money.Decimal `json:"target_usd"`
}

type partnerShareJSON struct {
	PartnerID int64         `json:"partner_id"`
	Partner   string        `json:"partner"`
	Kind      string        `json:"kind"`
	Signed    money.Decimal `json:"signed_usd"`
	Share     money.Decimal `json:"share"`
}

type progressJSON struct {
	Period           string             `json:"period"`
	AsOf             devcoop.Date       `json:"as_of"`
	Target           money.Decimal      `json:"target_usd"`
	Signed           money.Decimal      `json:"signed_usd"`
	Received         money.Decimal      `json:"received_usd"`
	PipelineWeighted money.Decimal      `json:"pipeline_weighted_usd"`
	Forecast         money.Decimal      `json:"forecast_usd"`
	ByModality       []modalityJSON     `json:"by_modality"`
	MultiAnnual      money.Decimal      `json:"multi_annual_usd"`
	MultiAnnualShare money.Decimal      `json:"multi_annual_share"`
	Top5Share        money.Decimal      `json:"top5_share"`
	Top10Share       money.Decimal      `json:"top10_share"`
	HHI              money.Decimal      `json:"hhi"`
	Months           []monthJSON        `json:"months"`
	Partners         []partnerShareJSON `json:"partners"`
	Warnings         []string           `json:"warnings"`
}

func progressToJSON(p *mobilize.Progress) progressJSON {
	c := money.FromCents
	out := progressJSON{Period: p.Period.Code, AsOf: p.AsOf, Target: c(p.Target), Signed: c(p.Signed), Received: c(p.Received), PipelineWeighted: c(p.PipelineWeighted),
		Forecast: c(p.Forecast), MultiAnnual: c(p.MultiAnnual), MultiAnnualShare: p.MultiAnnualShare(), Top5Share: p.Top5Share, Top10Share: p.Top10Share, HHI: p.HHI,
		ByModality: []modalityJSON{}, Months: []monthJSON{}, Partners: []partnerShareJSON{}, Warnings: p.Warnings}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, m := range p.ByModality {
		out.ByModality = append(out.ByModality, modalityJSON{Modality: m.Modality, Label: m.Modality.Label(), Signed: c(m.Signed), Target: c(m.Target), Share: p.ModalityShare(m.Modality)})
	}
	for _, m := range p.Months {
		out.Months = append(out.Months, monthJSON{Month: m.Month.Format("2006-01"), Signed: c(m.Signed), Received: c(m.Received), Target: c(m.Target)})
	}
	for _, l := range p.Partners {
		out.Partners = append(out.Partners, partnerShareJSON{PartnerID: l.Partner.ID, Partner: l.Partner.Name, Kind: string(l.Partner.Kind), Signed: c(l.Signed), Share: l.Share})
	}
	return out
}

func asOfParam(r *http.Request) (devcoop.Date, error) {
	v := r.URL.Query().Get("as_of")
	d, err := devcoop.ParseDate(v)
	if err != nil {
		return d, devcoop.Invalid("as_of", "%v", err)
	}
	return d, nil
}

func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request) error {
	asOf, err := asOfParam(r)
	if err != nil {
		return err
	}
	p, err := s.app.Progress(r.Context(), r.PathValue("period"), asOf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, progressToJSON(p))
	return nil
}

type kindJSON struct {
	Kind   string        `json:"kind"`
	Label  string        `json:"label"`
	Signed money.Decimal `json:"signed_usd"`
	Share  money.Decimal `json:"share"`
}

type diversityJSON struct {
	Period      string             `json:"period"`
	Signed      money.Decimal      `json:"signed_usd"`
	Partners    int                `json:"partners"`
	Top5Share   money.Decimal      `json:"top5_share"`
	Top10Share  money.Decimal      `json:"top10_share"`
	HHI         money.Decimal      `json:"hhi"`
	NewPartners []partnerShareJSON `json:"new_partners"`
	ByKind      []kindJSON         `json:"by_kind"`
	PPP         money.Decimal      `json:"public_private_usd"`
	Domestic    money.Decimal      `json:"domestic_usd"`
	SouthSouth  money.Decimal      `json:"south_south_usd"`
}

func diversityToJSON(d *mobilize.Diversity) *diversityJSON {
	if d == nil {
		return nil
	}
	c := money.FromCents
	out := &diversityJSON{Period: d.Period.Code, Signed: c(d.Signed), Partners: d.Partners, Top5Share: d.Top5Share, Top10Share: d.Top10Share, HHI: d.HHI,
		PPP: c(d.PPP), Domestic: c(d.Domestic), SouthSouth: c(d.SouthSouth), NewPartners: []partnerShareJSON{}, ByKind: []kindJSON{}}
	for _, l := range d.NewPartners {
		out.NewPartners = append(out.NewPartners, partnerShareJSON{PartnerID: l.Partner.ID, Partner: l.Partner.Name, Kind: string(l.Partner.Kind), Signed: c(l.Signed), Share: l.Share})
	}
	for _, k := range d.ByKind {
		out.ByKind = append(out.ByKind, kindJSON{Kind: string(k.Kind), Label: k.Kind.Label(), Signed: c(k.Signed), Share: k.Share})
	}
	return out
}

func (s *Server) apiDiversification(w http.ResponseWriter, r *http.Request) error {
	asOf, err := asOfParam(r)
	if err != nil {
		return err
	}
	c, err := s.app.Diversification(r.Context(), r.PathValue("period"), asOf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"current": diversityToJSON(c.Current), "previous": diversityToJSON(c.Previous)})
	return nil
}

type dueJSON struct {
	ReportID    int64        `json:"report_id"`
	Kind        string       `json:"kind"`
	Title       string       `json:"title"`
	Due         devcoop.Date `json:"due"`
	Submitted   devcoop.Date `json:"submitted"`
	Overdue     bool         `json:"overdue"`
	DaysLate    int          `json:"days_late,omitempty"`
	DaysLeft    int          `json:"days_left,omitempty"`
	AgreementID int64        `json:"agreement_id"`
	Agreement   string       `json:"agreement"`
	PartnerID   int64        `json:"partner_id"`
	Partner     string       `json:"partner"`
	OfficeID    int64        `json:"office_id,omitempty"`
	Office      string       `json:"office,omitempty"`
}

func duesToJSON(ds []mobilize.Due) []dueJSON {
	out := []dueJSON{}
	for _, d := range ds {
		j := dueJSON{ReportID: d.Report.ID, Kind: d.Report.Kind, Title: d.Report.Title, Due: d.Report.Due, Submitted: d.Report.Submitted, Overdue: d.Overdue,
			DaysLate: d.DaysLate, DaysLeft: d.DaysLeft, AgreementID: d.Agreement.ID, Agreement: d.Agreement.Code, PartnerID: d.Agreement.PartnerID}
		if d.Partner != nil {
			j.Partner = d.Partner.Name
		}
		if d.Office != nil {
			j.OfficeID, j.Office = d.Office.ID, d.Office.Name
		}
		out = append(out, j)
	}
	return out
}

func calendarParams(r *http.Request) (devcoop.Date, bool, error) {
	on, err := devcoop.ParseDate(r.URL.Query().Get("on"))
	if err != nil {
		return on, false, devcoop.Invalid("on", "%v", err)
	}
	return on, r.URL.Query().Get("all") != "1", nil
}

func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) error {
	on, pending, err := calendarParams(r)
	if err != nil {
		return err
	}
	ds, err := s.app.Calendar(r.Context(), on, pending)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": duesToJSON(ds)})
	return nil
}

// apiCalendarICS serves the reporting calendar as an iCalendar feed.
// Calendar programs cannot send headers, so the feed also takes the API
// token as ?token=.
func (s *Server) apiCalendarICS(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if devcoop.UserFrom(ctx) == nil {
		tok := r.URL.Query().Get("token")
		u, err := s.app.TokenUser(ctx, tok)
		if err != nil {
			s.writeJSONError(w, r, err)
			return
		}
		ctx = devcoop.NewContext(ctx, u)
	}
	ds, err := s.app.Calendar(ctx, devcoop.Date{}, false)
	if err != nil {
		s.writeJSONError(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := mobilize.WriteICS(&b, r.Host, ds, time.Now()); err != nil {
		s.writeJSONError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="devcoop-reports.ics"`)
	w.Write(b.Bytes())
}

func (s *Server) apiAgreements(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := devcoop.AgreementFilter{Modality: devcoop.Modality(q.Get("modality")), Status: devcoop.AgreementStatus(q.Get("status"))}
	var err error
	if f.PartnerID, err = queryID(r, "partner"); err != nil {
		return err
	}
	as, err := s.app.Agreements(r.Context(), f)
	if err != nil {
		return err
	}
	if as == nil {
		as = []*devcoop.Agreement{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"agreements": as})
	return nil
}

func (s *Server) apiAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.app.Agreement(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// agreementInput is what a client sends for an agreement.
type agreementInput struct {
	Code          string                        `json:"code"`
	PartnerID     int64                         `json:"partner_id"`
	Title         string                        `json:"title"`
	Modality      devcoop.Modality              `json:"modality"`
	EarmarkKind   string                        `json:"earmark_kind"`
	EarmarkTarget string                        `json:"earmark_target"`
	Currency      string                        `json:"currency"`
	Amount        money.Decimal                 `json:"amount"`
	Start         devcoop.Date                  `json:"start"`
	End           devcoop.Date                  `json:"end"`
	SignedDate    devcoop.Date                  `json:"signed_date"`
	Status        devcoop.AgreementStatus       `json:"status"`
	Tranches      []devcoop.Tranche             `json:"tranches"`
	Allocations   []devcoop.AgreementAllocation `json:"allocations"`
	Reports       []devcoop.ReportObligation    `json:"reports"`
	DiscloseName  bool                          `json:"disclose_name"`
	DiscloseDocs  bool                          `json:"disclose_documents"`
	OfficeID      int64                         `json:"office_id"`
	Version       int                           `json:"version"`
}

func (in agreementInput) agreement() *devcoop.Agreement {
	return &devcoop.Agreement{Code: in.Code, PartnerID: in.PartnerID, Title: in.Title, Modality: in.Modality, EarmarkKind: in.EarmarkKind, EarmarkTarget: in.EarmarkTarget,
		Currency: in.Currency, Amount: in.Amount, Start: in.Start, End: in.End, SignedDate: in.SignedDate, Status: in.Status, Tranches: in.Tranches,
		Allocations: in.Allocations, Reports: in.Reports, DiscloseName: in.DiscloseName, DiscloseDocs: in.DiscloseDocs, OfficeID: in.OfficeID, Version: in.Version}
}

func (s *Server) apiCreateAgreement(w http.ResponseWriter, r *http.Request) error {
	var in agreementInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	a := in.agreement()
	if err := s.app.CreateAgreement(r.Context(), a); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiUpdateAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in agreementInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return devcoop.Invalid("version", "is required: send the version you read")
	}
	a := in.agreement()
	a.ID = id
	if err := s.app.UpdateAgreement(r.Context(), a); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

type receiptInput struct {
	ReceivedDate   devcoop.Date  `json:"received_date"`
	ReceivedAmount money.Decimal `json:"received_amount"`
	Version        int           `json:"version"`
}

func (s *Server) apiRecordReceipt(w http.ResponseWriter, r *http.Request) error {
	id, seq, err := tranchePath(r)
	if err != nil {
		return err
	}
	var in receiptInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	a, err := s.app.RecordReceipt(r.Context(), id, seq, in.ReceivedDate, in.ReceivedAmount, in.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiOpportunities(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := devcoop.OpportunityFilter{Period: q.Get("period"), Stage: q.Get("stage")}
	var err error
	if f.PartnerID, err = queryID(r, "partner"); err != nil {
		return err
	}
	os, err := s.app.Opportunities(r.Context(), f)
	if err != nil {
		return err
	}
	if os == nil {
		os = []*devcoop.Opportunity{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"opportunities": os})
	return nil
}

func (s *Server) apiOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.app.Opportunity(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

type opportunityInput struct {
	Code         string                      `json:"code"`
	PartnerID    int64                       `json:"partner_id"`
	Title        string                      `json:"title"`
	Stage        string                      `json:"stage"`
	Modality     devcoop.Modality            `json:"modality"`
	Currency     string                      `json:"currency"`
	Amount       money.Decimal               `json:"amount"`
	ExpectedSign devcoop.Date                `json:"expected_sign_date"`
	Probability  money.Decimal               `json:"probability"`
	Period       string                      `json:"period"`
	MultiAnnual  bool                        `json:"multi_annual"`
	ProposalID   int64                       `json:"proposal_id"`
	OfficeID     int64                       `json:"office_id"`
	Targets      []devcoop.OpportunityTarget `json:"targets"`
	Notes        string                      `json:"notes"`
	Version      int                         `json:"version"`
}

func (in opportunityInput) opportunity() *devcoop.Opportunity {
	return &devcoop.Opportunity{Code: in.Code, PartnerID: in.PartnerID, Title: in.Title, Stage: in.Stage, Modality: in.Modality, Currency: in.Currency,
		Amount: in.Amount, ExpectedSign: in.ExpectedSign, Probability: in.Probability, Period: in.Period, MultiAnnual: in.MultiAnnual,
		ProposalID: in.ProposalID, OfficeID: in.OfficeID, Targets: in.Targets, Notes: in.Notes, Version: in.Version}
}

func (s *Server) apiCreateOpportunity(w http.ResponseWriter, r *http.Request) error {
	var in opportunityInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	o := in.opportunity()
	if err := s.app.CreateOpportunity(r.Context(), o); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) apiUpdateOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in opportunityInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return devcoop.Invalid("version", "is required: send the version you read")
	}
	o := in.opportunity()
	o.ID = id
	if err := s.app.UpdateOpportunity(r.Context(), o); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

type stageInput struct {
	Stage   string `json:"stage"`
	Version int    `json:"version"`
}

func (s *Server) apiMoveOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in stageInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	o, err := s.app.MoveOpportunity(r.Context(), id, in.Stage, in.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiRates(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.app.Rates(r.Context())
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []money.Rate{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"rates": rs})
	return nil
}

// apiLoadRates takes a CSV body: month,currency,rate_to_usd,source.
func (s *Server) apiLoadRates(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return devcoop.Invalid("body", "could not be read")
	}
	res, err := s.app.LoadRatesCSV(r.Context(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

type targetInput struct {
	Modality devcoop.Modality `json:"modality"`
	Amount   money.Decimal    `json:"amount_usd"`
}

func (s *Server) apiSetTarget(w http.ResponseWriter, r *http.Request) error {
	var in targetInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	t := devcoop.PeriodTarget{Period: r.PathValue("period"), Modality: in.Modality, Amount: in.Amount}
	if err := s.app.SetPeriodTarget(r.Context(), t); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

type partnerInput struct {
	Code     string              `json:"code"`
	Name     string              `json:"name"`
	Acronym  string              `json:"acronym"`
	Kind     devcoop.PartnerKind `json:"kind"`
	IATIRef  string              `json:"iati_ref"`
	IATIType string              `json:"iati_type"`
	Country  string              `json:"country"`
	Since    int                 `json:"since"`
	Contacts []devcoop.Contact   `json:"contacts"`
	Notes    string              `json:"notes"`
	Version  int                 `json:"version"`
}

func (in partnerInput) partner() *devcoop.Partner {
	return &devcoop.Partner{Code: in.Code, Name: in.Name, Acronym: in.Acronym, Kind: in.Kind, IATIRef: in.IATIRef, IATIType: in.IATIType,
		Country: in.Country, Since: in.Since, Contacts: in.Contacts, Notes: in.Notes, Version: in.Version}
}

func (s *Server) apiCreatePartner(w http.ResponseWriter, r *http.Request) error {
	var in partnerInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	p := in.partner()
	if err := s.app.CreatePartner(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiUpdatePartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in partnerInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return devcoop.Invalid("version", "is required: send the version you read")
	}
	p := in.partner()
	p.ID = id
	if err := s.app.UpdatePartner(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// tranchePath reads /agreements/{id}/tranches/{seq}.
func tranchePath(r *http.Request) (int64, int, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		return 0, 0, devcoop.NotFound("tranche", r.PathValue("seq"))
	}
	return id, seq, nil
}
