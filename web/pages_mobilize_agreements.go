package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/export"
	"devcoop/mobilize"
	"devcoop/money"
)

// agreementQuery is the agreement list's filters. Besides the service's
// own (partner, modality, status) it selects what the funding dashboard
// counts, so every figure there opens the agreements behind it: "counted"
// is signed or closed, Period is the period signed in, Received the period
// whose receipts count, AsOf the dashboard's date.
type agreementQuery struct {
	Partner  int64
	Modality string
	Status   string
	Period   string
	Received string
	AsOf     devcoop.Date
	Kind     string
	Multi    bool
	Q        string
}

var agreementStatuses = []devcoop.AgreementStatus{devcoop.AgreementDraft, devcoop.AgreementSigned, devcoop.AgreementClosed, devcoop.AgreementCancelled}

// option is one choice of a select.
type option struct{ Value, Label string }

func statusOptions() []option {
	var out []option
	for _, st := range agreementStatuses {
		out = append(out, option{string(st), capitalize(string(st))})
	}
	return out
}

func readAgreementQuery(q url.Values) (agreementQuery, error) {
	var pr devcoop.Problems
	f := agreementQuery{Modality: q.Get("modality"), Status: q.Get("status"), Period: q.Get("period"), Received: q.Get("received"),
		Kind: q.Get("kind"), Multi: q.Get("multi") == "1", Q: strings.TrimSpace(q.Get("q"))}
	if v := q.Get("partner"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			pr.Add("partner", "%q is not an identifier", v)
		}
		f.Partner = n
	}
	if f.Modality != "" && !devcoop.Modality(f.Modality).Valid() {
		pr.Add("modality", "%q is not a modality", f.Modality)
	}
	if f.Status != "" && f.Status != "counted" && !devcoop.AgreementStatus(f.Status).Valid() {
		pr.Add("status", "%q is not an agreement status", f.Status)
	}
	if f.Kind != "" && !devcoop.PartnerKind(f.Kind).Valid() {
		pr.Add("kind", "%q is not a partner kind", f.Kind)
	}
	d, err := devcoop.ParseDate(q.Get("as_of"))
	if err != nil {
		pr.Add("as_of", "%v", err)
	}
	f.AsOf = d
	return f, pr.Err()
}

// agreementRow is one line of the agreement list.
type agreementRow struct {
	Agreement *devcoop.Agreement
	Partner   *devcoop.Partner
	Value     mobilize.AgreementValue
	Received  int64 // US cents of the receipts the filters count
}

type agreementListView struct {
	Rows      []agreementRow
	Pager     pager
	Filter    agreementQuery
	Sort      string
	Signed    int64 // totals of every row the filters show
	Received  int64
	Staff     bool
	CanEdit   bool
	Partners  []devcoop.Partner
	Periods   []devcoop.Period
	Kinds     []devcoop.PartnerKind
	Statuses  []option
	Modes     []devcoop.Modality
	Summary   []string // the filters in words
	ExportURL string
}

var agreementSorts = sorter[agreementRow]{
	"code":     func(a, b agreementRow) int { return cmpFold(a.Agreement.Code, b.Agreement.Code) },
	"partner":  func(a, b agreementRow) int { return cmpFold(partnerName(a.Partner), partnerName(b.Partner)) },
	"signed":   func(a, b agreementRow) int { return cmpDate(a.Agreement.SignedDate, b.Agreement.SignedDate) },
	"usd":      func(a, b agreementRow) int { return cmpInt64(a.Value.SignedUSD, b.Value.SignedUSD) },
	"received": func(a, b agreementRow) int { return cmpInt64(a.Received, b.Received) },
	"status":   func(a, b agreementRow) int { return cmpFold(string(a.Agreement.Status), string(b.Agreement.Status)) },
}

func partnerName(p *devcoop.Partner) string {
	if p == nil {
		return ""
	}
	return p.Name
}

// agreementRows returns every agreement the filters select, sorted.
func (s *Server) agreementRows(r *http.Request) ([]agreementRow, *agreementListView, error) {
	ctx := r.Context()
	f, err := readAgreementQuery(r.URL.Query())
	if err != nil {
		return nil, nil, err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, nil, err
	}
	sf := devcoop.AgreementFilter{PartnerID: f.Partner, Modality: devcoop.Modality(f.Modality)}
	if f.Status != "counted" {
		sf.Status = devcoop.AgreementStatus(f.Status)
	}
	ags, err := s.app.Agreements(ctx, sf)
	if err != nil {
		return nil, nil, err
	}
	u := devcoop.UserFrom(ctx)
	v := &agreementListView{Filter: f, Staff: devcoop.CanSeeFunding(u), CanEdit: devcoop.CanManageFunding(u), Periods: pf.Periods, Kinds: devcoop.PartnerKinds,
		Statuses: statusOptions(), Modes: devcoop.Modalities}
	if v.Staff {
		v.Partners = pf.Partners
	}
	var signedIn, receivedIn *devcoop.Period
	if f.Period != "" {
		if signedIn = pf.Period(f.Period); signedIn == nil {
			return nil, nil, devcoop.Invalid("period", "%q is not a programme period", f.Period)
		}
	}
	if f.Received != "" {
		if receivedIn = pf.Period(f.Received); receivedIn == nil {
			return nil, nil, devcoop.Invalid("received", "%q is not a programme period", f.Received)
		}
	}
	// The same window as the dashboard: within the period, up to the date.
	within := func(per *devcoop.Period, d devcoop.Date) bool {
		return per.Contains(d) && (f.AsOf.IsZero() || !d.After(f.AsOf))
	}
	q := strings.ToLower(f.Q)
	var rows []agreementRow
	for _, a := range ags {
		p := pf.Partner(a.PartnerID)
		switch {
		case f.Status == "counted" && !mobilize.Counted(a),
			signedIn != nil && !within(signedIn, a.SignedDate),
			f.Kind != "" && (p == nil || string(p.Kind) != f.Kind),
			f.Multi && !a.MultiAnnual(),
			q != "" && !strings.Contains(strings.ToLower(a.Code+" "+a.Title+" "+partnerName(p)), q):
			continue
		}
		row := agreementRow{Agreement: a, Partner: p, Value: mobilize.Value(pf, a)}
		row.Received = row.Value.ReceivedUSD
		if receivedIn != nil {
			row.Received = 0
			n := 0
			for _, rc := range row.Value.Receipts {
				if within(receivedIn, rc.Date) {
					row.Received += rc.USD
					n++
				}
			}
			if n == 0 {
				continue
			}
		}
		if row.Value.Err == nil {
			v.Signed += row.Value.SignedUSD
		}
		v.Received += row.Received
		rows = append(rows, row)
	}
	v.Sort = agreementSorts.sort(rows, r.URL.Query().Get("sort"), "-signed")
	v.Summary = agreementSummary(pf, f)
	return rows, v, nil
}

// agreementSummary says in words what the filters select.
func agreementSummary(pf *devcoop.Portfolio, f agreementQuery) []string {
	var out []string
	if f.Partner != 0 {
		if p := pf.Partner(f.Partner); p != nil {
			out = append(out, p.Name)
		}
	}
	switch {
	case f.Status == "counted":
		out = append(out, "signed or closed")
	case f.Status != "":
		out = append(out, f.Status)
	}
	if f.Modality != "" {
		out = append(out, devcoop.Modality(f.Modality).Label())
	}
	if f.Kind != "" {
		out = append(out, devcoop.PartnerKind(f.Kind).Label())
	}
	if f.Multi {
		out = append(out, "multi-annual")
	}
	if f.Period != "" {
		out = append(out, "signed in "+f.Period)
	}
	if f.Received != "" {
		out = append(out, "with receipts in "+f.Received+" (only those counted)")
	}
	if !f.AsOf.IsZero() {
		out = append(out, "as of "+formatDate(f.AsOf))
	}
	if f.Q != "" {
		out = append(out, "“"+f.Q+"”")
	}
	return out
}

func (s *Server) agreementList(w http.ResponseWriter, r *http.Request) error {
	rows, v, err := s.agreementRows(r)
	if err != nil {
		return err
	}
	if v.Pager, err = newPager(r.URL.Query(), len(rows), 50); err != nil {
		return err
	}
	v.Rows = rows[v.Pager.From:v.Pager.To]
	v.ExportURL = withQuery(r.URL.Query(), "page", "")
	s.render(w, r, http.StatusOK, "agreements", s.newPage(r, "Agreements", "agreements", v))
	return nil
}

func (s *Server) agreementExport(w http.ResponseWriter, r *http.Request, format string) error {
	rows, v, err := s.agreementRows(r)
	if err != nil {
		return err
	}
	t := &export.Table{Title: "Agreements", Subtitle: strings.Join(v.Summary, " · "), Sheet: "Agreements",
		Columns: []export.Column{{Title: "Code"}, {Title: "Title", Width: 36}, {Title: "Partner", Width: 28}, {Title: "Partner kind"}, {Title: "Modality"}, {Title: "Earmark"},
			{Title: "Status"}, {Title: "Signed", Kind: export.Date}, {Title: "Start", Kind: export.Date}, {Title: "End", Kind: export.Date}, {Title: "Multi-annual"},
			{Title: "Currency"}, {Title: "Amount", Kind: export.Money}, {Title: "Rate (USD per unit)", Kind: export.Number}, {Title: "Rate source"},
			{Title: "USD at signature", Kind: export.Money}, {Title: "Received (USD)", Kind: export.Money}, {Title: "Exchange gain/loss (USD)", Kind: export.Money}}}
	for _, row := range rows {
		a, p := row.Agreement, row.Partner
		kind, rate, source := "", export.Cell{}, ""
		if p != nil {
			kind = p.Kind.Label()
		}
		if row.Value.Err == nil {
			rate, source = moneyCell(row.Value.SignedRate.USDPer), row.Value.SignedRate.Source
		}
		t.Rows = append(t.Rows, []export.Cell{textCell(a.Code), textCell(a.Title), textCell(partnerName(p)), textCell(kind), textCell(a.Modality.Label()),
			textCell(earmarkText(a)), textCell(string(a.Status)), textCell(a.SignedDate.String()), textCell(a.Start.String()), textCell(a.End.String()), textCell(yesNo(a.MultiAnnual())),
			textCell(a.Currency), moneyCell(a.Amount), rate, textCell(source), centsCell(row.Value.SignedUSD), centsCell(row.Received), centsCell(row.Value.GainLoss)})
	}
	if v.Staff {
		t.Totals = make([]export.Cell, len(t.Columns))
		t.Totals[0] = textCell(fmt.Sprintf("Total (%d)", len(rows)))
		t.Totals[15], t.Totals[16] = centsCell(v.Signed), centsCell(v.Received)
	}
	t.Notes = []string{"USD at signature uses the rate of the signature month; received amounts use the rate of each receipt's month."}
	return s.sendTables(w, format, "agreements", t)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// earmarkText says what a lightly earmarked agreement is tied to.
func earmarkText(a *devcoop.Agreement) string {
	if a.Modality != devcoop.ModalityLight || a.EarmarkKind == "" {
		return ""
	}
	return a.EarmarkKind + ": " + a.EarmarkTarget
}

// ---- One agreement ---------------------------------------------------------------

// trancheLine is one instalment, with its receipt in USD when it arrived.
type trancheLine struct {
	Tranche devcoop.Tranche
	Receipt *mobilize.Receipt
	Late    bool // expected and not received
	Form    *receiptForm
}

// GainLoss is the receipt's exchange difference against the signature rate.
func (t trancheLine) GainLoss() int64 {
	if t.Receipt == nil {
		return 0
	}
	return t.Receipt.USD - t.Receipt.AtSignUSD
}

// receiptForm is what was typed to record a receipt.
type receiptForm struct {
	Date, Amount string
	Errors       fieldErrors
}

// allocationLine is one thing an agreement funds.
type allocationLine struct {
	Kind, Label, Link string
	Amount            money.Decimal
	USD               money.Decimal // at the signature date's rate
}

type agreementView struct {
	Agreement   *devcoop.Agreement
	Partner     *devcoop.Partner
	Office      *devcoop.Office
	Value       mobilize.AgreementValue
	Tranches    []trancheLine
	Expected    money.Decimal
	Funds       []allocationLine
	Allocated   money.Decimal
	Obligations []mobilize.Due
	Pledge      *devcoop.Opportunity
	PledgeUSD   int64
	Staff       bool
	CanEdit     bool
	CanReceive  bool
	// ReceiptErrors are why recording a receipt failed, when its tranche
	// no longer has a form to show them beside (it was received meanwhile).
	ReceiptErrors fieldErrors
	Audit         []devcoop.AuditEvent
}

func (s *Server) agreementPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAgreement(w, r, http.StatusOK, 0, nil)
}

// renderAgreement shows an agreement; a failed receipt form comes back
// beside its tranche.
func (s *Server) renderAgreement(w http.ResponseWriter, r *http.Request, status, seq int, rf *receiptForm) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.app.Agreement(ctx, id)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	u := devcoop.UserFrom(ctx)
	v := &agreementView{Agreement: a, Partner: pf.Partner(a.PartnerID), Office: pf.Office(a.OfficeID), Value: mobilize.Value(pf, a),
		Staff: devcoop.CanSeeFunding(u), CanEdit: devcoop.CanManageFunding(u), CanReceive: devcoop.CanManageFunding(u) || devcoop.CanManageFinance(u)}
	on := s.today(r)
	k := 0
	for _, t := range a.Tranches {
		l := trancheLine{Tranche: t, Late: !t.Received() && t.ExpectedDate.Before(on)}
		if t.Received() && k < len(v.Value.Receipts) && v.Value.Receipts[k].Date == t.ReceivedDate && v.Value.Receipts[k].Amount.Equal(t.ReceivedAmount) {
			l.Receipt = &v.Value.Receipts[k]
			k++
		}
		if !t.Received() && v.CanReceive && a.Status != devcoop.AgreementCancelled {
			l.Form = &receiptForm{Amount: t.ExpectedAmount.String()}
			if t.Seq == seq && rf != nil {
				l.Form, rf = rf, nil
			}
		}
		v.Expected = v.Expected.Add(t.ExpectedAmount)
		v.Tranches = append(v.Tranches, l)
	}
	if rf != nil {
		v.ReceiptErrors = rf.Errors
	}
	for _, al := range a.Allocations {
		l := allocationLine{Amount: al.Amount}
		switch {
		case al.ProjectID != 0:
			l.Kind, l.Label = "Project", fmt.Sprintf("project %d", al.ProjectID)
			if p := pf.Project(al.ProjectID); p != nil {
				l.Label, l.Link = p.Code+" "+p.Title, fmt.Sprintf("/projects/%d", p.ID)
			}
		case al.OutcomeID != 0:
			l.Kind, l.Label = "Outcome", fmt.Sprintf("outcome %d", al.OutcomeID)
			if o := pf.Outcome(al.OutcomeID); o != nil {
				l.Label = o.Period + " outcome " + o.Code + ": " + o.Title
				if v.Staff {
					l.Link = "/workplans/" + o.Period + "/" + o.Code
				}
			}
		default:
			l.Kind, l.Label = "Region", al.Region
			if rg := pf.Region(al.Region); rg != nil {
				l.Label, l.Link = rg.Name, "/projects?region="+rg.Code
			}
		}
		if v.Value.Err == nil {
			l.USD = al.Amount.Mul(v.Value.SignedRate.USDPer).Round(2)
		}
		v.Allocated = v.Allocated.Add(al.Amount)
		v.Funds = append(v.Funds, l)
	}
	dues, err := s.app.Calendar(ctx, devcoop.Date{}, false)
	if err != nil && devcoop.ErrorKind(err) != devcoop.KindForbidden {
		return err
	}
	for _, d := range dues {
		if d.Agreement.ID == a.ID {
			v.Obligations = append(v.Obligations, d)
		}
	}
	sortDues(v.Obligations)
	if v.Staff && a.OpportunityID != 0 {
		if o, err := s.app.Opportunity(ctx, a.OpportunityID); err == nil {
			v.Pledge = o
			v.PledgeUSD, _, _ = pf.Rates.CentsUSD(o.Money())
		}
	}
	if ev, err := s.app.Audit(ctx, devcoop.AuditFilter{Entity: "agreement", EntityID: strconv.FormatInt(a.ID, 10), Limit: 20}); err == nil {
		v.Audit = ev
	}
	page := s.newPage(r, a.Title, "agreements", v)
	page.Crumbs = []Crumb{{"Agreements", "/agreements"}, {a.Code, ""}}
	s.render(w, r, status, "agreement", page)
	return nil
}

// recordReceipt records that a tranche arrived.
func (s *Server) recordReceipt(w http.ResponseWriter, r *http.Request) error {
	id, seq, err := tranchePath(r)
	if err != nil {
		return err
	}
	in, err := readForm(r)
	if err != nil {
		return err
	}
	rf := &receiptForm{Date: in.text("received_date"), Amount: in.text("received_amount")}
	on := in.date("received_date", rf.Date, true)
	amount := in.amount("received_amount", rf.Amount, true)
	err = in.err()
	var a *devcoop.Agreement
	if err == nil {
		a, err = s.app.RecordReceipt(r.Context(), id, seq, on, amount, in.int("version"))
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		rf.Errors = newFieldErrors(err, map[string]string{"received_date": "Date received", "received_amount": "Amount received"})
		return s.renderAgreement(w, r, status(err), seq, rf)
	}
	redirectFlash(w, r, fmt.Sprintf("/agreements/%d#tranches", a.ID), fmt.Sprintf("Tranche %d recorded as received on %s", seq, formatDate(on)))
	return nil
}

// ---- Creating and editing agreements -------------------------------------------

type trancheRow struct {
	ExpectedDate, ExpectedAmount, ReceivedDate, ReceivedAmount string
}

type allocationRow struct{ Project, Outcome, Region, Amount string }

type reportRow struct{ ID, Kind, Title, Due, Submitted, Office string }

// agreementForm is the agreement editor: what was typed, the rows of its
// tranches, allocations and reports (with blank rows to add more), and the
// problems of a failed save.
type agreementForm struct {
	ID, OpportunityID                                           int64
	Version                                                     int
	Code, Title, Partner, Office, Modality, EarmarkKind, Target string
	Currency, Amount, Start, End, Signed, Status                string
	DiscloseName, DiscloseDocs                                  bool
	Tranches                                                    []trancheRow
	Allocations                                                 []allocationRow
	Reports                                                     []reportRow
	Errors                                                      fieldErrors
	Choices                                                     *agreementChoices
}

// agreementChoices are the options of the editor's selects.
type agreementChoices struct {
	Partners   []devcoop.Partner
	Offices    []devcoop.Office
	Regions    []devcoop.Region
	Outcomes   []devcoop.Outcome
	Modalities []devcoop.Modality
	Statuses   []option
	Currencies []string
}

var agreementLabels = map[string]string{"code": "Code", "title": "Title", "partner_id": "Partner", "office_id": "Managing office", "modality": "Modality",
	"earmark_kind": "Earmarked to", "earmark_target": "Earmark", "currency": "Currency", "amount": "Amount", "start": "Start", "end": "End",
	"signed_date": "Signed on", "status": "Status", "tranches": "Tranches", "allocations": "What it funds", "reports": "Reports",
	"tranches.expected_date": "expected on", "tranches.expected_amount": "expected amount", "tranches.received_date": "received on",
	"allocations.project_id": "project", "allocations.outcome_id": "outcome", "allocations.region": "region", "allocations.amount": "amount",
	"reports.kind": "kind", "reports.title": "title", "reports.due": "due", "reports.submitted": "submitted", "reports.office_id": "office"}

func agreementFormOf(a *devcoop.Agreement, pf *devcoop.Portfolio) *agreementForm {
	f := &agreementForm{ID: a.ID, OpportunityID: a.OpportunityID, Version: a.Version, Code: a.Code, Title: a.Title, Partner: idText(a.PartnerID), Office: idText(a.OfficeID),
		Modality: string(a.Modality), EarmarkKind: a.EarmarkKind, Target: a.EarmarkTarget, Currency: a.Currency, Amount: a.Amount.String(),
		Start: a.Start.String(), End: a.End.String(), Signed: a.SignedDate.String(), Status: string(a.Status), DiscloseName: a.DiscloseName, DiscloseDocs: a.DiscloseDocs}
	for _, t := range a.Tranches {
		row := trancheRow{ExpectedDate: t.ExpectedDate.String(), ExpectedAmount: t.ExpectedAmount.String(), ReceivedDate: t.ReceivedDate.String()}
		if t.Received() {
			row.ReceivedAmount = t.ReceivedAmount.String()
		}
		f.Tranches = append(f.Tranches, row)
	}
	for _, al := range a.Allocations {
		row := allocationRow{Outcome: idText(al.OutcomeID), Region: al.Region, Amount: al.Amount.String()}
		if p := pf.Project(al.ProjectID); p != nil {
			row.Project = p.Code
		} else if al.ProjectID != 0 {
			row.Project = idText(al.ProjectID)
		}
		f.Allocations = append(f.Allocations, row)
	}
	for _, rp := range a.Reports {
		f.Reports = append(f.Reports, reportRow{ID: idText(rp.ID), Kind: rp.Kind, Title: rp.Title, Due: rp.Due.String(), Submitted: rp.Submitted.String(), Office: idText(rp.OfficeID)})
	}
	return f
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (s *Server) renderAgreementForm(w http.ResponseWriter, r *http.Request, status int, f *agreementForm) error {
	if !devcoop.CanManageFunding(devcoop.UserFrom(r.Context())) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only resource mobilization officers and administrators record and change agreements.")
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	ch := &agreementChoices{Partners: pf.Partners, Offices: pf.Offices, Regions: pf.Regions, Outcomes: pf.Outcomes, Modalities: devcoop.Modalities, Statuses: statusOptions()}
	ch.Currencies = currenciesOf(pf)
	f.Choices = ch
	for i := 0; i < 2; i++ {
		f.Tranches = append(f.Tranches, trancheRow{})
		f.Allocations = append(f.Allocations, allocationRow{})
		f.Reports = append(f.Reports, reportRow{Kind: devcoop.ReportNarrative})
	}
	title, crumbs := "Record an agreement", []Crumb{{"Agreements", "/agreements"}, {"New", ""}}
	if f.ID != 0 {
		title = "Edit agreement " + f.Code
		crumbs = []Crumb{{"Agreements", "/agreements"}, {f.Code, fmt.Sprintf("/agreements/%d", f.ID)}, {"Edit", ""}}
	}
	page := s.newPage(r, title, "agreements", f)
	page.Crumbs = crumbs
	s.render(w, r, status, "agreement_form", page)
	return nil
}

func (s *Server) newAgreementForm(w http.ResponseWriter, r *http.Request) error {
	f := &agreementForm{Status: string(devcoop.AgreementSigned), Modality: string(devcoop.ModalityEarmarked), Currency: money.USD, DiscloseName: true,
		Partner: r.URL.Query().Get("partner")}
	return s.renderAgreementForm(w, r, http.StatusOK, f)
}

func (s *Server) editAgreementForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.app.Agreement(r.Context(), id)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	return s.renderAgreementForm(w, r, http.StatusOK, agreementFormOf(a, pf))
}

// readAgreementForm reads the editor. Rows left empty are dropped; a row
// with anything in it must be complete.
func (s *Server) readAgreementForm(r *http.Request) (*agreementForm, *devcoop.Agreement, error) {
	in, err := readForm(r)
	if err != nil {
		return nil, nil, err
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return nil, nil, err
	}
	f := &agreementForm{Version: in.int("version"), Code: in.text("code"), Title: in.text("title"), Partner: in.text("partner_id"), Office: in.text("office_id"),
		Modality: in.text("modality"), EarmarkKind: in.text("earmark_kind"), Target: in.text("earmark_target"), Currency: strings.ToUpper(in.text("currency")),
		Amount: in.text("amount"), Start: in.text("start"), End: in.text("end"), Signed: in.text("signed_date"), Status: in.text("status"),
		DiscloseName: in.checked("disclose_name"), DiscloseDocs: in.checked("disclose_documents")}
	f.OpportunityID, _ = strconv.ParseInt(in.text("opportunity_id"), 10, 64)
	a := &devcoop.Agreement{Code: f.Code, Title: f.Title, PartnerID: in.id("partner_id", f.Partner), OfficeID: in.id("office_id", f.Office),
		Modality: devcoop.Modality(f.Modality), Currency: f.Currency, Amount: in.amount("amount", f.Amount, true),
		Start: in.date("start", f.Start, true), End: in.date("end", f.End, true), SignedDate: in.date("signed_date", f.Signed, false),
		Status: devcoop.AgreementStatus(f.Status), DiscloseName: f.DiscloseName, DiscloseDocs: f.DiscloseDocs, OpportunityID: f.OpportunityID, Version: f.Version,
		Tranches: []devcoop.Tranche{}, Allocations: []devcoop.AgreementAllocation{}, Reports: []devcoop.ReportObligation{}}
	if a.Modality == devcoop.ModalityLight {
		a.EarmarkKind, a.EarmarkTarget = f.EarmarkKind, f.Target
	}
	for i := range in.rows("t_expected_date") {
		row := trancheRow{ExpectedDate: in.col("t_expected_date", i), ExpectedAmount: in.col("t_expected_amount", i), ReceivedDate: in.col("t_received_date", i), ReceivedAmount: in.col("t_received_amount", i)}
		if row == (trancheRow{}) {
			continue
		}
		n := len(f.Tranches)
		f.Tranches = append(f.Tranches, row)
		a.Tranches = append(a.Tranches, devcoop.Tranche{
			ExpectedDate: in.date(fmt.Sprintf("tranches[%d].expected_date", n), row.ExpectedDate, true), ExpectedAmount: in.amount(fmt.Sprintf("tranches[%d].expected_amount", n), row.ExpectedAmount, true),
			ReceivedDate: in.date(fmt.Sprintf("tranches[%d].received_date", n), row.ReceivedDate, false), ReceivedAmount: in.amount(fmt.Sprintf("tranches[%d].received_amount", n), row.ReceivedAmount, false)})
	}
	byCode := map[string]int64{}
	for _, p := range pf.Projects {
		byCode[strings.ToUpper(p.Code)] = p.ID
	}
	for i := range in.rows("al_amount") {
		row := allocationRow{Project: in.col("al_project", i), Outcome: in.col("al_outcome", i), Region: in.col("al_region", i), Amount: in.col("al_amount", i)}
		if row == (allocationRow{}) {
			continue
		}
		n := len(f.Allocations)
		f.Allocations = append(f.Allocations, row)
		al := devcoop.AgreementAllocation{OutcomeID: in.id(fmt.Sprintf("allocations[%d].outcome_id", n), row.Outcome), Region: row.Region,
			Amount: in.amount(fmt.Sprintf("allocations[%d].amount", n), row.Amount, true)}
		if row.Project != "" {
			if al.ProjectID = byCode[strings.ToUpper(row.Project)]; al.ProjectID == 0 {
				in.pr.Add(fmt.Sprintf("allocations[%d].project_id", n), "no project has the code %q", row.Project)
			}
		}
		a.Allocations = append(a.Allocations, al)
	}
	for i := range in.rows("r_title") {
		row := reportRow{ID: in.col("r_id", i), Kind: in.col("r_kind", i), Title: in.col("r_title", i), Due: in.col("r_due", i), Submitted: in.col("r_submitted", i), Office: in.col("r_office", i)}
		if row.Title == "" && row.Due == "" && row.Submitted == "" && row.ID == "" {
			continue
		}
		n := len(f.Reports)
		f.Reports = append(f.Reports, row)
		rid, _ := strconv.ParseInt(row.ID, 10, 64)
		a.Reports = append(a.Reports, devcoop.ReportObligation{ID: rid, Kind: row.Kind, Title: row.Title, Due: in.date(fmt.Sprintf("reports[%d].due", n), row.Due, true),
			Submitted: in.date(fmt.Sprintf("reports[%d].submitted", n), row.Submitted, false), OfficeID: in.id(fmt.Sprintf("reports[%d].office_id", n), row.Office)})
	}
	return f, a, in.alsoCheck(a.Validate)
}

func (s *Server) createAgreement(w http.ResponseWriter, r *http.Request) error {
	f, a, err := s.readAgreementForm(r)
	if f == nil {
		return err
	}
	if err == nil {
		err = s.app.CreateAgreement(r.Context(), a)
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, agreementLabels)
		return s.renderAgreementForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/agreements/%d", a.ID), "Agreement "+a.Code+" recorded")
	return nil
}

func (s *Server) updateAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, a, err := s.readAgreementForm(r)
	if f == nil {
		return err
	}
	f.ID = id
	if err == nil {
		a.ID = id
		err = s.app.UpdateAgreement(r.Context(), a)
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, agreementLabels)
		return s.renderAgreementForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/agreements/%d", id), "Agreement "+a.Code+" saved")
	return nil
}
