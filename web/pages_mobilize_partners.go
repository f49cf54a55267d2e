package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/codelist"
	"devcoop/export"
	"devcoop/figures"
	"devcoop/mobilize"
	"devcoop/money"
	"devcoop/web/chart"
)

// partnerRow is one line of the partner list.
type partnerRow struct {
	Partner    devcoop.Partner
	Signed     int64 // US cents signed in the period
	Agreements int
}

type partnerListView struct {
	Rows        []partnerRow // this page
	Pager       pager
	Kinds       []devcoop.PartnerKind
	Kind        string
	Q           string
	Sort        string
	Period      string
	SignedTotal int64 // of every row the filters show
	CanEdit     bool
}

var partnerSorts = sorter[partnerRow]{
	"name":       func(a, b partnerRow) int { return cmpFold(a.Partner.Name, b.Partner.Name) },
	"kind":       func(a, b partnerRow) int { return cmpFold(a.Partner.Kind.Label(), b.Partner.Kind.Label()) },
	"iati":       func(a, b partnerRow) int { return cmpFold(a.Partner.IATIRef, b.Partner.IATIRef) },
	"signed":     func(a, b partnerRow) int { return cmpInt64(a.Signed, b.Signed) },
	"agreements": func(a, b partnerRow) int { return cmpInt64(int64(a.Agreements), int64(b.Agreements)) },
	"since":      func(a, b partnerRow) int { return cmpInt64(int64(a.Partner.Since), int64(b.Partner.Since)) },
}

// partnerRows returns every partner the filters select, sorted, with what
// each signed in the current period. Funding figures are for funding
// staff: for anyone else the progress service refuses, and so does the
// page.
func (s *Server) partnerRows(r *http.Request) ([]partnerRow, partnerListView, error) {
	q := r.URL.Query()
	v := partnerListView{Kinds: devcoop.PartnerKinds, Kind: q.Get("kind"), Q: strings.TrimSpace(q.Get("q"))}
	if v.Kind != "" && !devcoop.PartnerKind(v.Kind).Valid() {
		return nil, v, devcoop.Invalid("kind", "%q is not a partner kind", v.Kind)
	}
	ctx := r.Context()
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, v, err
	}
	per := pf.CurrentPeriod()
	if per == nil {
		return nil, v, devcoop.NotFound("programme period", "(none)")
	}
	v.Period = per.Code
	prog, err := s.app.Progress(ctx, per.Code, devcoop.Date{})
	if err != nil {
		return nil, v, err
	}
	ps, err := s.app.Partners(ctx, devcoop.PartnerFilter{Kind: devcoop.PartnerKind(v.Kind), Query: v.Q})
	if err != nil {
		return nil, v, err
	}
	ags, err := s.app.Agreements(ctx, devcoop.AgreementFilter{})
	if err != nil {
		return nil, v, err
	}
	count := map[int64]int{}
	for _, a := range ags {
		count[a.PartnerID]++
	}
	signed := map[int64]int64{}
	for _, l := range prog.Partners {
		signed[l.Partner.ID] = l.Signed
	}
	rows := make([]partnerRow, len(ps))
	for i, p := range ps {
		rows[i] = partnerRow{Partner: p, Signed: signed[p.ID], Agreements: count[p.ID]}
		v.SignedTotal += rows[i].Signed
	}
	v.Sort = partnerSorts.sort(rows, q.Get("sort"), "name")
	v.CanEdit = devcoop.CanManageFunding(devcoop.UserFrom(ctx))
	return rows, v, nil
}

func (s *Server) partnerList(w http.ResponseWriter, r *http.Request) error {
	rows, v, err := s.partnerRows(r)
	if err != nil {
		return err
	}
	if v.Pager, err = newPager(r.URL.Query(), len(rows), 50); err != nil {
		return err
	}
	v.Rows = rows[v.Pager.From:v.Pager.To]
	s.render(w, r, http.StatusOK, "partners", s.newPage(r, "Development partners", "partners", v))
	return nil
}

// partnerExport writes exactly the rows the filters show, on every page.
func (s *Server) partnerExport(w http.ResponseWriter, r *http.Request, format string) error {
	rows, v, err := s.partnerRows(r)
	if err != nil {
		return err
	}
	t := &export.Table{Title: "Development partners", Subtitle: "Signed in " + v.Period + " in USD at the rate of each signature date", Sheet: "Partners",
		Columns: []export.Column{{Title: "Partner", Width: 36}, {Title: "Code"}, {Title: "Kind", Width: 28}, {Title: "IATI identifier", Width: 18}, {Title: "Country"},
			{Title: "Signed " + v.Period + " (USD)", Kind: export.Money}, {Title: "Agreements", Kind: export.Number}, {Title: "Since", Kind: export.Number}}}
	for _, row := range rows {
		p := row.Partner
		since := export.Cell{}
		if p.Since != 0 {
			since = intCell(p.Since)
		}
		t.Rows = append(t.Rows, []export.Cell{textCell(p.Name), textCell(p.Code), textCell(p.Kind.Label()), textCell(p.IATIRef), textCell(p.Country),
			centsCell(row.Signed), intCell(row.Agreements), since})
	}
	t.Totals = []export.Cell{textCell(fmt.Sprintf("Total (%d partners)", len(rows))), {}, {}, {}, {}, centsCell(v.SignedTotal), {}, {}}
	return s.sendTables(w, format, "partners", t)
}

// ---- One partner --------------------------------------------------------------

// agreementLine is an agreement with its money history: what was pledged
// in the pipeline, what was signed and what has arrived, each in USD at
// the rate of its own date.
type agreementLine struct {
	Agreement *devcoop.Agreement
	Value     mobilize.AgreementValue
	Pledge    *devcoop.Opportunity // nil when it did not come through the pipeline, or the user may not see it
	PledgeUSD int64
	Received  int // tranches received
}

// fundedProject is a project a partner pays for, as a co-funder, through
// an agreement's allocation, or both.
type fundedProject struct {
	Project *devcoop.Project
	Share   string   // the partner's share in percent, when it is a funder
	Via     []string // codes of the agreements allocating to it
	Budget  int64    // whole budget, US cents
}

// servedLine is an outcome or a country that a partner's projects serve,
// with the project list filtered to it.
type servedLine struct {
	figures.Line
	URL string
}

// iatiFunding is an activity that another publisher's IATI data says the
// partner funds.
// elsewhere is what imported IATI data says a partner funds, beyond this
// organisation: the activities other publishers report it funding (role
// 1), and per recipient country what they commit and spend, in the
// currencies published.
type elsewhere struct {
	Ref        string
	Total      int // activities
	Activities []*devcoop.ExternalActivity
	Countries  []elsewhereCountry
}

type elsewhereCountry struct {
	devcoop.ExternalCountryFunding
	Name string
}

// elsewhereShown is how many activities the partner page lists; the IATI
// search shows them all.
const elsewhereShown = 15

type partnerView struct {
	Partner        *devcoop.Partner
	Country        string
	OrgType        string
	Lines          []agreementLine
	Signed         int64
	Received       int64
	GainLoss       int64
	Period         string
	SignedInPeriod int64
	Projects       []fundedProject
	Outcomes       []servedLine
	Countries      []servedLine
	FundedShare    money.Decimal // the partner's share of its projects' budgets, USD
	Obligations    []mobilize.Due
	Overdue        int
	Pipeline       []opportunityCard // open opportunities, for funding staff
	// Elsewhere is what imported IATI data says the partner funds beyond
	// this organisation (staff); the section says so when nothing was
	// imported.
	Elsewhere *elsewhere
	CanEdit   bool
	Staff     bool // may see funding data beyond this partner's own
}

// partnerElsewhere reads what imported IATI data says p funds, matched on
// its IATI organisation identifier. Only funding staff see it.
func (s *Server) partnerElsewhere(ctx context.Context, pf *devcoop.Portfolio, p *devcoop.Partner) (*elsewhere, error) {
	if p.IATIRef == "" || !devcoop.CanSeeFunding(devcoop.UserFrom(ctx)) {
		return nil, nil
	}
	acts, n, err := s.app.ExternalActivities(ctx, devcoop.ExternalFilter{Funder: p.IATIRef, Limit: elsewhereShown})
	if err != nil {
		return nil, err
	}
	e := &elsewhere{Ref: p.IATIRef, Total: n, Activities: acts}
	if n == 0 {
		return e, nil
	}
	rows, err := s.app.ExternalFundingByCountry(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		c := elsewhereCountry{ExternalCountryFunding: r, Name: "No country published"}
		if r.Country != "" {
			c.Name = chart.CountryName(r.Country)
			if x := pf.Country(r.Country); x != nil {
				c.Name = x.Name
			}
			if c.Name == "" {
				c.Name = r.Country
			}
		}
		e.Countries = append(e.Countries, c)
	}
	return e, nil
}

func (s *Server) partnerData(r *http.Request) (*partnerView, error) {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p, err := s.app.Partner(ctx, id)
	if err != nil {
		return nil, err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, err
	}
	u := devcoop.UserFrom(ctx)
	v := &partnerView{Partner: p, CanEdit: devcoop.CanManageFunding(u), Staff: devcoop.CanSeeFunding(u)}
	if c := pf.Country(p.Country); c != nil {
		v.Country = c.Name
	} else if p.Country != "" {
		v.Country = codelist.Country().NameOf(p.Country)
	}
	if p.IATIType != "" {
		v.OrgType = codelist.OrganisationType().NameOf(p.IATIType)
	}
	ags, err := s.app.Agreements(ctx, devcoop.AgreementFilter{PartnerID: id})
	if err != nil {
		return nil, err
	}
	var pledges map[int64]*devcoop.Opportunity
	if v.Staff {
		// The pipeline is for funding staff; a donor sees what it signed.
		os, err := s.app.Opportunities(ctx, devcoop.OpportunityFilter{PartnerID: id})
		if err != nil {
			return nil, err
		}
		pledges = map[int64]*devcoop.Opportunity{}
		today := s.today(r)
		for _, o := range os {
			pledges[o.ID] = o
			if o.Open() {
				v.Pipeline = append(v.Pipeline, newCard(pf, o, today))
			}
		}
	}
	per := pf.CurrentPeriod()
	if per != nil {
		v.Period = per.Code
	}
	allocated := map[int64][]string{}
	for _, a := range ags {
		l := agreementLine{Agreement: a, Value: mobilize.Value(pf, a)}
		for _, t := range a.Tranches {
			if t.Received() {
				l.Received++
			}
		}
		if o := pledges[a.OpportunityID]; o != nil {
			l.Pledge = o
			l.PledgeUSD, _, _ = pf.Rates.CentsUSD(o.Money())
		}
		if mobilize.Counted(a) && l.Value.Err == nil {
			v.Signed += l.Value.SignedUSD
			if per != nil && per.Contains(a.SignedDate) {
				v.SignedInPeriod += l.Value.SignedUSD
			}
		}
		if a.Status != devcoop.AgreementCancelled {
			v.Received += l.Value.ReceivedUSD
			v.GainLoss += l.Value.GainLoss
		}
		for _, al := range a.Allocations {
			if al.ProjectID != 0 {
				allocated[al.ProjectID] = append(allocated[al.ProjectID], a.Code)
			}
		}
		v.Lines = append(v.Lines, l)
	}
	// The projects it funds, and through them the outcomes and countries
	// it serves: the figures package splits their budgets so the lines
	// add up to the total.
	sub := *pf
	sub.Projects = nil
	for _, x := range pf.Projects {
		fp := fundedProject{Project: x, Via: allocated[x.ID]}
		for _, f := range x.Funders {
			if f.PartnerID == id {
				fp.Share = f.Percentage.String()
			}
		}
		if fp.Share == "" && len(fp.Via) == 0 {
			continue
		}
		pm, _ := figures.ProjectFigures(pf, x, nil)
		fp.Budget = pm.Budget
		v.Projects = append(v.Projects, fp)
		sub.Projects = append(sub.Projects, x)
	}
	sub.Index()
	sum := figures.Summarize(&sub, nil)
	outcomeIDs := map[string]int64{}
	for _, o := range pf.Outcomes {
		outcomeIDs[o.Period+"/"+o.Code] = o.ID
	}
	projects := fmt.Sprintf("/projects?partner=%d", id)
	for _, l := range sum.ByOutcome {
		sl := servedLine{Line: l}
		if oid, ok := outcomeIDs[l.Key]; ok {
			sl.URL = fmt.Sprintf("%s&outcome=%d", projects, oid)
		}
		v.Outcomes = append(v.Outcomes, sl)
	}
	for _, l := range sum.ByCountry {
		sl := servedLine{Line: l}
		switch {
		case pf.Country(l.Key) != nil:
			sl.URL = projects + "&country=" + l.Key
		case pf.Region(l.Key) != nil:
			sl.URL = projects + "&region=" + l.Key
		}
		v.Countries = append(v.Countries, sl)
	}
	for _, l := range sum.ByPartner {
		if l.Key == "P"+strconv.FormatInt(id, 10) {
			v.FundedShare = l.BudgetUSD
		}
	}
	dues, err := s.app.Calendar(ctx, devcoop.Date{}, false)
	if err != nil && devcoop.ErrorKind(err) != devcoop.KindForbidden {
		return nil, err
	}
	for _, d := range dues {
		if d.Agreement.PartnerID != id {
			continue
		}
		v.Obligations = append(v.Obligations, d)
		if d.Overdue {
			v.Overdue++
		}
	}
	sortDues(v.Obligations)
	if v.Elsewhere, err = s.partnerElsewhere(ctx, pf, p); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) partnerPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.partnerData(r)
	if err != nil {
		return err
	}
	page := s.newPage(r, v.Partner.Name, "partners", v)
	if v.Staff {
		page.Crumbs = []Crumb{{"Partners", "/partners"}, {v.Partner.Name, ""}}
	}
	s.render(w, r, http.StatusOK, "partner", page)
	return nil
}

// partnerBrief is a PDF of the partner page for a meeting: key facts, its
// agreements, what it funds and what is owed to it.
func (s *Server) partnerBrief(w http.ResponseWriter, r *http.Request) error {
	v, err := s.partnerData(r)
	if err != nil {
		return err
	}
	p := v.Partner
	rep := &export.Report{Title: "Partner brief: " + p.Name, Subtitle: p.Kind.Label(), Footer: "devcoop · internal"}
	meta := [][2]string{{"Code", p.Code}}
	if p.IATIRef != "" {
		meta = append(meta, [2]string{"IATI identifier", p.IATIRef})
	}
	if v.Country != "" {
		meta = append(meta, [2]string{"Based in", v.Country})
	}
	if p.Since != 0 {
		meta = append(meta, [2]string{"Partner since", strconv.Itoa(p.Since)})
	}
	rep.Meta = meta
	facts := [][2]string{
		{"Signed, all agreements (USD at signature)", formatUSD(money.FromCents(v.Signed))},
		{"Received (USD at receipt)", formatUSD(money.FromCents(v.Received))},
		{"Exchange gain or loss on receipts", formatUSD(money.FromCents(v.GainLoss))},
		{"Agreements", strconv.Itoa(len(v.Lines))},
		{"Projects funded", strconv.Itoa(len(v.Projects))},
		{"Reports overdue", strconv.Itoa(v.Overdue)},
	}
	if v.Period != "" {
		facts = append(facts[:1], append([][2]string{{"Signed in " + v.Period, formatUSD(money.FromCents(v.SignedInPeriod))}}, facts[1:]...)...)
	}
	rep.Sections = append(rep.Sections, export.Section{Heading: "Key facts", KeyValues: facts})
	if len(p.Contacts) > 0 {
		var bs []string
		for _, c := range p.Contacts {
			bs = append(bs, strings.Join(nonEmpty(c.Name, c.Role, c.Email, c.Phone), " · "))
		}
		rep.Sections = append(rep.Sections, export.Section{Heading: "Contacts", Bullets: bs})
	}
	at := &export.Table{Title: "Agreements", Columns: []export.Column{{Title: "Agreement"}, {Title: "Title", Width: 30}, {Title: "Status"}, {Title: "Signed", Kind: export.Date},
		{Title: "Amount"}, {Title: "USD at signature", Kind: export.Money}, {Title: "Received USD", Kind: export.Money}, {Title: "Gain/loss USD", Kind: export.Money}}}
	for _, l := range v.Lines {
		a := l.Agreement
		at.Rows = append(at.Rows, []export.Cell{textCell(a.Code), textCell(a.Title), textCell(string(a.Status)), textCell(a.SignedDate.String()),
			textCell(formatAmount(a.Amount, a.Currency)), centsCell(l.Value.SignedUSD), centsCell(l.Value.ReceivedUSD), centsCell(l.Value.GainLoss)})
	}
	at.Totals = []export.Cell{textCell("Total"), {}, {}, {}, {}, centsCell(v.Signed), centsCell(v.Received), centsCell(v.GainLoss)}
	at.Notes = []string{"Signed totals count signed and closed agreements; each amount is converted at the rate of its own date."}
	rep.Sections = append(rep.Sections, export.Section{Heading: "Agreements", Table: at})
	pt := &export.Table{Title: "Projects funded", Columns: []export.Column{{Title: "Project"}, {Title: "Title", Width: 40}, {Title: "Status"}, {Title: "Share %", Kind: export.Percent}, {Title: "Budget USD", Kind: export.Money}}}
	for _, fp := range v.Projects {
		pt.Rows = append(pt.Rows, []export.Cell{textCell(fp.Project.Code), textCell(fp.Project.Title), textCell(fp.Project.Status.Label()), pctCell(fp.Share), centsCell(fp.Budget)})
	}
	if len(pt.Rows) > 0 {
		rep.Sections = append(rep.Sections, export.Section{Heading: "What it funds", Paragraphs: []string{fmt.Sprintf("%d projects; its share of their budgets is %s.", len(v.Projects), formatUSD(v.FundedShare))}, Table: pt})
		ot := &export.Table{Title: "Outcomes served", Columns: []export.Column{{Title: "Outcome", Width: 50}, {Title: "Projects", Kind: export.Number}, {Title: "Budget USD", Kind: export.Money}}}
		for _, l := range v.Outcomes {
			ot.Rows = append(ot.Rows, []export.Cell{textCell(l.Label), intCell(l.Projects), moneyCell(l.BudgetUSD)})
		}
		rep.Sections = append(rep.Sections, export.Section{Table: ot})
	}
	if len(v.Obligations) > 0 {
		rt := &export.Table{Title: "Reporting obligations", Columns: []export.Column{{Title: "Due", Kind: export.Date}, {Title: "Report", Width: 36}, {Title: "Kind"}, {Title: "Agreement"}, {Title: "Status"}}}
		for _, d := range v.Obligations {
			rt.Rows = append(rt.Rows, []export.Cell{textCell(d.Report.Due.String()), textCell(d.Report.Title), textCell(d.Report.Kind), textCell(d.Agreement.Code), textCell(dueStatus(d))})
		}
		rep.Sections = append(rep.Sections, export.Section{Heading: "Reporting obligations", Table: rt})
	}
	if p.Notes != "" {
		rep.Sections = append(rep.Sections, export.Section{Heading: "Notes", Paragraphs: []string{p.Notes}})
	}
	return s.sendPDF(w, "partner-brief-"+p.Code, rep)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ---- Editing a partner ---------------------------------------------------------

// partnerForm is the partner editor's state: what was typed, so nothing is
// lost when a save fails, and the problems.
type partnerForm struct {
	ID                                                    int64
	Version                                               int
	Code, Name, Acronym, Kind, IATIRef, IATIType, Country string
	Since, Notes                                          string
	Contacts                                              []devcoop.Contact
	Errors                                                fieldErrors
	Kinds                                                 []devcoop.PartnerKind
	OrgTypes                                              []codelist.Item
	Countries                                             []codelist.Item
}

var partnerLabels = map[string]string{"code": "Code", "name": "Name", "acronym": "Acronym", "kind": "Kind", "iati_ref": "IATI identifier", "iati_type": "IATI organisation type",
	"country": "Home country", "since": "Partner since", "notes": "Notes", "contacts": "Contacts", "contacts.name": "name", "contacts.email": "email"}

const blankContacts = 2

// withChoices fills the editor's lists.
func (f *partnerForm) withChoices() *partnerForm {
	// Partners are based anywhere, not only where projects are: offer
	// every ISO country, keeping a stored code even if it was withdrawn.
	f.Kinds = devcoop.PartnerKinds
	for _, it := range codelist.Country().Items {
		if !it.Withdrawn || it.Code == f.Country {
			f.Countries = append(f.Countries, it)
		}
	}
	for _, it := range codelist.OrganisationType().Items {
		if !it.Withdrawn || it.Code == f.IATIType {
			f.OrgTypes = append(f.OrgTypes, it)
		}
	}
	for len(f.Contacts) < blankContacts || f.Contacts[len(f.Contacts)-1] != (devcoop.Contact{}) {
		f.Contacts = append(f.Contacts, devcoop.Contact{})
	}
	return f
}

func partnerFormOf(p *devcoop.Partner) *partnerForm {
	f := &partnerForm{ID: p.ID, Version: p.Version, Code: p.Code, Name: p.Name, Acronym: p.Acronym, Kind: string(p.Kind), IATIRef: p.IATIRef, IATIType: p.IATIType,
		Country: p.Country, Notes: p.Notes, Contacts: append([]devcoop.Contact(nil), p.Contacts...)}
	if p.Since != 0 {
		f.Since = strconv.Itoa(p.Since)
	}
	return f
}

func (s *Server) renderPartnerForm(w http.ResponseWriter, r *http.Request, status int, f *partnerForm) error {
	if !devcoop.CanManageFunding(devcoop.UserFrom(r.Context())) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only resource mobilization officers and administrators change partners.")
	}
	f = f.withChoices()
	title := "New development partner"
	crumbs := []Crumb{{"Partners", "/partners"}, {"New", ""}}
	if f.ID != 0 {
		title = "Edit " + f.Name
		crumbs = []Crumb{{"Partners", "/partners"}, {f.Name, fmt.Sprintf("/partners/%d", f.ID)}, {"Edit", ""}}
	}
	page := s.newPage(r, title, "partners", f)
	page.Crumbs = crumbs
	s.render(w, r, status, "partner_form", page)
	return nil
}

func (s *Server) newPartnerForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderPartnerForm(w, r, http.StatusOK, &partnerForm{Kind: string(devcoop.PartnerTraditionalGov)})
}

func (s *Server) editPartnerForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.app.Partner(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderPartnerForm(w, r, http.StatusOK, partnerFormOf(p))
}

// readPartnerForm reads the editor into a form (to show again) and a
// partner (to save).
func readPartnerForm(r *http.Request) (*partnerForm, *devcoop.Partner, error) {
	in, err := readForm(r)
	if err != nil {
		return nil, nil, err
	}
	f := &partnerForm{Version: in.int("version"), Code: in.text("code"), Name: in.text("name"), Acronym: in.text("acronym"), Kind: in.text("kind"),
		IATIRef: in.text("iati_ref"), IATIType: in.text("iati_type"), Country: strings.ToUpper(in.text("country")), Since: in.text("since"), Notes: in.text("notes")}
	p := &devcoop.Partner{Code: f.Code, Name: f.Name, Acronym: f.Acronym, Kind: devcoop.PartnerKind(f.Kind), IATIRef: f.IATIRef, IATIType: f.IATIType,
		Country: f.Country, Notes: f.Notes, Version: f.Version, Contacts: []devcoop.Contact{}}
	if f.Since != "" {
		n, err := strconv.Atoi(f.Since)
		if err != nil || n < 1900 || n > 2100 {
			in.pr.Add("since", "%q is not a year", f.Since)
		}
		p.Since = n
	}
	for i := range in.rows("contact_name") {
		c := devcoop.Contact{Name: in.col("contact_name", i), Role: in.col("contact_role", i), Email: in.col("contact_email", i), Phone: in.col("contact_phone", i)}
		if c == (devcoop.Contact{}) {
			continue
		}
		f.Contacts = append(f.Contacts, c)
		n := len(f.Contacts) - 1
		if c.Name == "" {
			in.pr.Add(fmt.Sprintf("contacts[%d].name", n), "is required for a contact")
		}
		if c.Email != "" && (!strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " ,;")) {
			in.pr.Add(fmt.Sprintf("contacts[%d].email", n), "%q is not an email address", c.Email)
		}
		p.Contacts = append(p.Contacts, c)
	}
	return f, p, in.alsoCheck(p.Validate)
}

func (s *Server) createPartner(w http.ResponseWriter, r *http.Request) error {
	f, p, err := readPartnerForm(r)
	if f == nil {
		return err
	}
	if err == nil {
		err = s.app.CreatePartner(r.Context(), p)
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, partnerLabels)
		return s.renderPartnerForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/partners/%d", p.ID), "Partner "+p.Name+" added")
	return nil
}

func (s *Server) updatePartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, p, err := readPartnerForm(r)
	if f == nil {
		return err
	}
	f.ID = id
	if err == nil {
		p.ID = id
		err = s.app.UpdatePartner(r.Context(), p)
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		f.Errors = newFieldErrors(err, partnerLabels)
		return s.renderPartnerForm(w, r, status(err), f)
	}
	redirectFlash(w, r, fmt.Sprintf("/partners/%d", id), "Partner details saved")
	return nil
}
