package app

import (
	"bytes"
	"context"
	"io"
	"sort"
	"time"

	"devcoop"
	"devcoop/figures"
	"devcoop/iati"
	"devcoop/money"
)

// OrgName is the organisation's name as it publishes.
func (a *App) OrgName() string { return "International Labour Organization" }

// ExportReport says what an IATI export wrote.
type ExportReport struct {
	Own      int `json:"own"`      // the organisation's own projects
	Imported int `json:"imported"` // imported activities added with --all
}

// publishable is the rule for what goes to IATI and the public portal: a
// project marked published.
func publishable(p *devcoop.Project) bool { return p.Published }

// ExportIATI writes a 2.03 activity file: the organisation's published
// projects, and with all every imported activity too (the organisation's
// own imported activities are left out when a project already carries
// the same identifier, so nothing appears twice).
func (a *App) ExportIATI(ctx context.Context, w io.Writer, all bool) (ExportReport, error) {
	var rep ExportReport
	if _, err := requireStaff(ctx); err != nil {
		return rep, err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return rep, err
	}
	aw := iati.NewActivityWriter(w, a.now())
	written := map[string]bool{}
	for _, p := range pf.Projects {
		if !publishable(p) {
			continue
		}
		act := a.activityOf(pf, p)
		act.Root = iati.Build(act)
		if err := aw.WriteActivity(act); err != nil {
			return rep, err
		}
		written[p.IATIIdentifier] = true
		rep.Own++
	}
	if all {
		err := a.store.EachExternalXML(ctx, nil, func(identifier string, x []byte, incomplete bool) error {
			if written[identifier] {
				return nil
			}
			rep.Imported++
			if incomplete {
				x = completeText(x)
			}
			return aw.WriteXML(x)
		})
		if err != nil {
			return rep, err
		}
	}
	return rep, aw.Close()
}

// hiddenDonors lists partners that do not allow their name published.
func hiddenDonors(pf *devcoop.Portfolio) map[int64]bool {
	out := map[int64]bool{}
	for _, ag := range pf.Agreements {
		if !ag.DiscloseName {
			out[ag.PartnerID] = true
		}
	}
	return out
}

// activityOf describes a project as an IATI activity.
func (a *App) activityOf(pf *devcoop.Portfolio, p *devcoop.Project) *iati.Activity {
	org := iati.Org{Ref: a.OrgRef(), Type: "40", Name: a.OrgName()}
	act := &iati.Activity{
		Identifier: p.IATIIdentifier, ReportingOrg: org, Lang: "en", DefaultCurrency: p.Currency, Hierarchy: 1,
		Title: p.Title, Description: p.Description, Status: string(p.Status),
		PlannedStart: p.PlannedStart.Time, PlannedEnd: p.PlannedEnd.Time, ActualStart: p.ActualStart.Time, ActualEnd: p.ActualEnd.Time,
		DefaultFlowType: "10", DefaultFinanceType: "110", DefaultTiedStatus: "5", DefaultAidTypes: []iati.Coded{{Code: "C01", Vocabulary: "1"}},
		OtherIdentifiers: []iati.OtherIdentifier{{Ref: p.Code, Type: "A1", Owner: org}},
	}
	if !p.UpdatedAt.IsZero() {
		act.LastUpdated = p.UpdatedAt.Time
	}
	if act.DefaultCurrency == "" {
		act.DefaultCurrency = money.USD
	}
	hidden := hiddenDonors(pf)
	for _, f := range p.Funders {
		pa := pf.Partner(f.PartnerID)
		po := iati.ParticipatingOrg{Role: "1"}
		switch {
		case pa == nil:
			continue
		case hidden[pa.ID]:
			po.Name = "Anonymous donor"
		default:
			po.Ref, po.Type, po.Name = pa.IATIRef, pa.IATIType, pa.Name
		}
		act.ParticipatingOrgs = append(act.ParticipatingOrgs, po)
	}
	if len(p.Funders) == 0 {
		act.ParticipatingOrgs = append(act.ParticipatingOrgs, iati.ParticipatingOrg{Role: "1", Org: org})
	}
	act.ParticipatingOrgs = append(act.ParticipatingOrgs, iati.ParticipatingOrg{Role: "2", Org: org}, iati.ParticipatingOrg{Role: "4", Org: org})
	switch {
	case len(p.Countries) == 1 && len(p.Regions) == 0:
		act.Scope = "4"
	case len(p.Countries) > 1 && len(p.Regions) == 0:
		act.Scope = "3"
	case len(p.Regions) > 0:
		act.Scope = "2"
	default:
		act.Scope = "1"
	}
	for _, c := range p.Countries {
		pct := c.Percentage
		act.RecipientCountries = append(act.RecipientCountries, iati.Split{Code: c.Country, Percentage: &pct})
	}
	for _, r := range p.Regions {
		code := r.Region
		if rg := pf.Region(r.Region); rg != nil && rg.IATICode != "" {
			code = rg.IATICode
		}
		pct := r.Percentage
		act.RecipientRegions = append(act.RecipientRegions, iati.Split{Code: code, Vocabulary: "1", Percentage: &pct})
	}
	for _, s := range p.Sectors {
		pct := s.Percentage
		act.Sectors = append(act.Sectors, iati.Split{Code: s.Sector, Vocabulary: "1", Percentage: &pct})
	}
	for _, m := range p.PolicyMarkers {
		act.PolicyMarkers = append(act.PolicyMarkers, iati.PolicyMarker{Code: m.Code, Vocabulary: "1", Significance: m.Significance})
	}
	for _, b := range figures.CurrentBudgets(p.Budgets) {
		typ := "1"
		if b.Revised {
			typ = "2"
		}
		act.Budgets = append(act.Budgets, iati.Budget{Type: typ, Status: "2", PeriodStart: b.PeriodStart.Time, PeriodEnd: b.PeriodEnd.Time, Value: b.Amount, Currency: b.Currency, ValueDate: b.ValueDate.Time})
	}
	for _, t := range pf.ProjectTransactions(p.ID) {
		tr := iati.Transaction{Type: string(t.Type), Date: t.Date.Time, Value: t.Amount, Currency: t.Currency, ValueDate: t.ValueDate.Time, Description: t.Description}
		if t.ProviderPartnerID != 0 {
			if pa := pf.Partner(t.ProviderPartnerID); pa != nil && !hidden[pa.ID] {
				tr.Provider = iati.Org{Ref: pa.IATIRef, Name: pa.Name, Type: pa.IATIType, ActivityID: t.ProviderActivityID}
			}
		}
		if t.ReceiverName != "" || t.ReceiverRef != "" {
			tr.Receiver = iati.Org{Ref: t.ReceiverRef, Name: t.ReceiverName}
		}
		act.Transactions = append(act.Transactions, tr)
	}
	return act
}

// ExportOrganisationIATI writes the organisation file: total budgets,
// recipient-country budgets and total expenditure per calendar year, in
// USD at dated rates, from the published projects; with all, the imported
// organisation records follow.
func (a *App) ExportOrganisationIATI(ctx context.Context, w io.Writer, all bool) error {
	if _, err := requireStaff(ctx); err != nil {
		return err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	org := iati.Org{Ref: a.OrgRef(), Type: "40", Name: a.OrgName()}
	o := &iati.Organisation{Identifier: a.OrgRef(), Name: a.OrgName(), ReportingOrg: org, DefaultCurrency: money.USD, Lang: "en", LastUpdated: a.now()}
	type key struct {
		year    int
		country string
	}
	total := map[int]int64{}
	spent := map[int]int64{}
	byCountry := map[key]int64{}
	for _, p := range pf.Projects {
		if !publishable(p) {
			continue
		}
		for _, b := range figures.CurrentBudgets(p.Budgets) {
			c, _, err := pf.Rates.CentsUSD(b.Money())
			if err != nil {
				continue
			}
			y := b.PeriodStart.Year()
			total[y] += c
			if len(p.Countries) == 0 {
				continue
			}
			ws := make([]money.Decimal, 0, len(p.Countries)+len(p.Regions))
			for _, ct := range p.Countries {
				ws = append(ws, ct.Percentage)
			}
			for _, rg := range p.Regions {
				ws = append(ws, rg.Percentage)
			}
			parts, err := money.Split(c, ws)
			if err != nil {
				continue
			}
			for i, ct := range p.Countries {
				byCountry[key{y, ct.Country}] += parts[i]
			}
		}
		for _, t := range pf.ProjectTransactions(p.ID) {
			if t.Type != devcoop.TxExpenditure {
				continue
			}
			if c, _, err := pf.Rates.CentsUSD(t.Money()); err == nil {
				spent[t.Date.Year()] += c
			}
		}
	}
	yearSpan := func(y int) (time.Time, time.Time) {
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	for _, y := range sortedYears(total) {
		s, e := yearSpan(y)
		o.TotalBudgets = append(o.TotalBudgets, iati.OrgBudget{Status: "2", PeriodStart: s, PeriodEnd: e, Value: money.FromCents(total[y]), Currency: money.USD, ValueDate: s})
	}
	keys := make([]key, 0, len(byCountry))
	for k := range byCountry {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].year != keys[j].year {
			return keys[i].year < keys[j].year
		}
		return keys[i].country < keys[j].country
	})
	for _, k := range keys {
		s, e := yearSpan(k.year)
		o.RecipientCountryBudgets = append(o.RecipientCountryBudgets, iati.OrgBudget{Status: "2", RecipientCountry: k.country, PeriodStart: s, PeriodEnd: e,
			Value: money.FromCents(byCountry[k]), Currency: money.USD, ValueDate: s})
	}
	for _, y := range sortedYears(spent) {
		s, e := yearSpan(y)
		o.TotalExpenditure = append(o.TotalExpenditure, iati.OrgBudget{PeriodStart: s, PeriodEnd: e, Value: money.FromCents(spent[y]), Currency: money.USD, ValueDate: s})
	}
	o.Root = iati.BuildOrganisation(o)
	if !all {
		return iati.WriteOrganisationFile(w, []*iati.Organisation{o}, a.now())
	}
	var b bytes.Buffer
	if err := iati.WriteOrganisationFile(&b, []*iati.Organisation{o}, a.now()); err != nil {
		return err
	}
	// Splice the imported records in before the closing root tag.
	head, _ := bytes.CutSuffix(b.Bytes(), []byte("</iati-organisations>\n"))
	if _, err := w.Write(head); err != nil {
		return err
	}
	err = a.store.EachExternalOrganisationXML(ctx, func(_ string, x []byte) error {
		if _, err := w.Write([]byte("  ")); err != nil {
			return err
		}
		if _, err := w.Write(x); err != nil {
			return err
		}
		_, err := w.Write([]byte("\n"))
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("</iati-organisations>\n"))
	return err
}

func sortedYears(m map[int]int64) []int {
	out := make([]int, 0, len(m))
	for y := range m {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// completeText gives an imported activity that lacks a title or a
// description empty ones, marked as added, so the export validates without
// inventing content (see iati.FillRequiredText).
func completeText(x []byte) []byte {
	act, err := iati.ParseActivityXML(x)
	if err != nil || !iati.FillRequiredText(act) {
		return x
	}
	return act.XML()
}

// publisher is the identity the public IATI files are written as: a
// read-only staff view of what is published.
var publisher = &devcoop.User{Email: "publication@devcoop", Name: "IATI publication", Roles: []devcoop.Role{devcoop.RoleViewer}}

// AsPublisher returns ctx acting as the IATI publication, which writes only
// published projects.
func AsPublisher(ctx context.Context) context.Context { return devcoop.NewContext(ctx, publisher) }
