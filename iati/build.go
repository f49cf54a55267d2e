package iati

import (
	"strconv"
)

// Build makes an iati-activity tree from the typed fields of a, for
// publishing the organisation's own projects. It uses: Identifier,
// ReportingOrg, Lang, DefaultCurrency, LastUpdated, Hierarchy, Humanitarian,
// Titles/Title, Descriptions/Description, ParticipatingOrgs, Status, the
// four dates, Scope, RecipientCountries, RecipientRegions, Sectors, Tags,
// PolicyMarkers, CollaborationType, the default flow/finance/aid types and
// tied status, Budgets, PlannedDisbursements, Transactions,
// DocumentLinks, RelatedActivities and Results. Children are appended in
// schema order; values without a value date get the period start or
// transaction date. Set a.Root = Build(a) to write it.
func Build(a *Activity) *Element {
	lang := a.Lang
	root := NewElement("iati-activity", "last-updated-datetime", dateTime(a.LastUpdated), "default-currency", a.DefaultCurrency)
	if lang != "" {
		root.Attrs = append(root.Attrs, Attr{Space: nsXML, Name: "lang", Value: lang})
	}
	if a.Humanitarian {
		root.Attrs = append(root.Attrs, Attr{Name: "humanitarian", Value: "1"})
	}
	if a.Hierarchy > 0 {
		root.Attrs = append(root.Attrs, Attr{Name: "hierarchy", Value: strconv.Itoa(a.Hierarchy)})
	}
	if a.BudgetNotProvided != "" {
		root.Attrs = append(root.Attrs, Attr{Name: "budget-not-provided", Value: a.BudgetNotProvided})
	}
	root.Add(textElement("iati-identifier", a.Identifier))
	root.Add(reportingOrgElement(a.ReportingOrg))
	titles := a.Titles
	if len(titles) == 0 {
		titles = []Narrative{{Text: a.Title}}
	}
	root.Add(narrativeElement(NewElement("title"), titles, lang))
	descs := a.Descriptions
	if len(descs) == 0 && a.Description != "" {
		descs = []Description{{Type: "1", Narratives: []Narrative{{Text: a.Description}}}}
	}
	for _, d := range descs {
		root.Add(narrativeElement(NewElement("description", "type", d.Type), d.Narratives, lang))
	}
	for _, p := range a.ParticipatingOrgs {
		e := NewElement("participating-org", "ref", p.Ref, "type", p.Type, "role", p.Role, "activity-id", p.ActivityID, "crs-channel-code", p.CRSChannelCode)
		root.Add(narrativeElement(e, []Narrative{{Text: p.Name}}, ""))
	}
	for _, o := range a.OtherIdentifiers {
		e := NewElement("other-identifier", "ref", o.Ref, "type", o.Type)
		if o.Owner != (Org{}) {
			e.Add(narrativeElement(NewElement("owner-org", "ref", o.Owner.Ref), []Narrative{{Text: o.Owner.Name}}, ""))
		}
		root.Add(e)
	}
	if a.Status != "" {
		root.Add(NewElement("activity-status", "code", a.Status))
	}
	for _, d := range []struct {
		t    string
		date string
	}{{"1", date(a.PlannedStart)}, {"2", date(a.ActualStart)}, {"3", date(a.PlannedEnd)}, {"4", date(a.ActualEnd)}} {
		if d.date != "" {
			root.Add(NewElement("activity-date", "type", d.t, "iso-date", d.date))
		}
	}
	if a.Scope != "" {
		root.Add(NewElement("activity-scope", "code", a.Scope))
	}
	split := func(name string, s Split) *Element {
		e := NewElement(name, "code", s.Code, "vocabulary", s.Vocabulary)
		if s.Percentage != nil {
			e.Attrs = append(e.Attrs, Attr{Name: "percentage", Value: s.Percentage.String()})
		}
		return narrativeElement(e, []Narrative{{Text: s.Name}}, "")
	}
	for _, s := range a.RecipientCountries {
		s.Vocabulary = ""
		root.Add(split("recipient-country", s))
	}
	for _, s := range a.RecipientRegions {
		root.Add(split("recipient-region", s))
	}
	for _, s := range a.Sectors {
		root.Add(split("sector", s))
	}
	for _, s := range a.Tags {
		s.Percentage = nil
		root.Add(split("tag", s))
	}
	for _, p := range a.PolicyMarkers {
		root.Add(NewElement("policy-marker", "vocabulary", p.Vocabulary, "code", p.Code, "significance", p.Significance))
	}
	if a.CollaborationType != "" {
		root.Add(NewElement("collaboration-type", "code", a.CollaborationType))
	}
	if a.DefaultFlowType != "" {
		root.Add(NewElement("default-flow-type", "code", a.DefaultFlowType))
	}
	if a.DefaultFinanceType != "" {
		root.Add(NewElement("default-finance-type", "code", a.DefaultFinanceType))
	}
	for _, c := range a.DefaultAidTypes {
		root.Add(NewElement("default-aid-type", "code", c.Code, "vocabulary", c.Vocabulary))
	}
	if a.DefaultTiedStatus != "" {
		root.Add(NewElement("default-tied-status", "code", a.DefaultTiedStatus))
	}
	for _, b := range a.Budgets {
		e := NewElement("budget", "type", b.Type, "status", b.Status)
		e.Add(dateElement("period-start", b.PeriodStart), dateElement("period-end", b.PeriodEnd), valueElement(b.Value, b.Currency, b.ValueDate, b.PeriodStart, a.DefaultCurrency))
		root.Add(e)
	}
	for _, p := range a.PlannedDisbursements {
		e := NewElement("planned-disbursement", "type", p.Type)
		e.Add(dateElement("period-start", p.PeriodStart), dateElement("period-end", p.PeriodEnd), valueElement(p.Value, p.Currency, p.ValueDate, p.PeriodStart, a.DefaultCurrency))
		e.Add(orgElement("provider-org", p.Provider, "provider-activity-id"), orgElement("receiver-org", p.Receiver, "receiver-activity-id"))
		root.Add(e)
	}
	for _, t := range a.Transactions {
		e := NewElement("transaction", "ref", t.Ref)
		if t.Humanitarian != nil {
			e.Attrs = append(e.Attrs, Attr{Name: "humanitarian", Value: boolString(*t.Humanitarian)})
		}
		e.Add(NewElement("transaction-type", "code", t.Type), dateElement("transaction-date", t.Date), valueElement(t.Value, t.Currency, t.ValueDate, t.Date, a.DefaultCurrency))
		if t.Description != "" {
			e.Add(narrativeElement(NewElement("description"), []Narrative{{Text: t.Description}}, ""))
		}
		e.Add(orgElement("provider-org", t.Provider, "provider-activity-id"), orgElement("receiver-org", t.Receiver, "receiver-activity-id"))
		if t.DisbursementChannel != "" {
			e.Add(NewElement("disbursement-channel", "code", t.DisbursementChannel))
		}
		for _, s := range t.Sectors {
			s.Percentage = nil
			e.Add(split("sector", s))
		}
		if t.RecipientCountry != "" {
			e.Add(NewElement("recipient-country", "code", t.RecipientCountry))
		}
		if t.RecipientRegion.Code != "" {
			r := t.RecipientRegion
			r.Percentage = nil
			e.Add(split("recipient-region", r))
		}
		if t.FlowType != "" {
			e.Add(NewElement("flow-type", "code", t.FlowType))
		}
		if t.FinanceType != "" {
			e.Add(NewElement("finance-type", "code", t.FinanceType))
		}
		for _, c := range t.AidTypes {
			e.Add(NewElement("aid-type", "code", c.Code, "vocabulary", c.Vocabulary))
		}
		if t.TiedStatus != "" {
			e.Add(NewElement("tied-status", "code", t.TiedStatus))
		}
		root.Add(e)
	}
	for _, d := range a.DocumentLinks {
		e := NewElement("document-link", "format", d.Format, "url", d.URL)
		e.Add(narrativeElement(NewElement("title"), []Narrative{{Text: d.Title}}, ""))
		for _, c := range d.Categories {
			e.Add(NewElement("category", "code", c))
		}
		for _, l := range d.Languages {
			e.Add(NewElement("language", "code", l))
		}
		e.Add(dateElement("document-date", d.Date))
		root.Add(e)
	}
	for _, r := range a.RelatedActivities {
		root.Add(NewElement("related-activity", "ref", r.Ref, "type", r.Type))
	}
	for _, r := range a.Results {
		e := NewElement("result", "type", r.Type, "aggregation-status", r.AggregationStatus)
		e.Add(narrativeElement(NewElement("title"), []Narrative{{Text: r.Title}}, ""))
		if r.Description != "" {
			e.Add(narrativeElement(NewElement("description"), []Narrative{{Text: r.Description}}, ""))
		}
		for _, in := range r.Indicators {
			ie := NewElement("indicator", "measure", in.Measure)
			if !in.Ascending {
				ie.Attrs = append(ie.Attrs, Attr{Name: "ascending", Value: "0"})
			}
			ie.Add(narrativeElement(NewElement("title"), []Narrative{{Text: in.Title}}, ""))
			if in.Description != "" {
				ie.Add(narrativeElement(NewElement("description"), []Narrative{{Text: in.Description}}, ""))
			}
			for _, b := range in.Baselines {
				be := NewElement("baseline", "year", strconv.Itoa(b.Year), "iso-date", date(b.Date), "value", b.Value)
				addMeasureChildren(be, b.Dimensions, b.Comment)
				ie.Add(be)
			}
			for _, p := range in.Periods {
				pe := NewElement("period")
				pe.Add(dateElement("period-start", p.Start), dateElement("period-end", p.End))
				for _, m := range p.Targets {
					me := NewElement("target", "value", m.Value)
					addMeasureChildren(me, m.Dimensions, m.Comment)
					pe.Add(me)
				}
				for _, m := range p.Actuals {
					me := NewElement("actual", "value", m.Value)
					addMeasureChildren(me, m.Dimensions, m.Comment)
					pe.Add(me)
				}
				ie.Add(pe)
			}
			e.Add(ie)
		}
		root.Add(e)
	}
	return root
}

func addMeasureChildren(e *Element, dims []Dimension, comment string) {
	for _, d := range dims {
		e.Add(NewElement("dimension", "name", d.Name, "value", d.Value))
	}
	if comment != "" {
		e.Add(narrativeElement(NewElement("comment"), []Narrative{{Text: comment}}, ""))
	}
}

func boolString(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
