package iati

import (
	"bufio"
	"io"
	"strings"
	"time"

	"devcoop/money"
)

// Organisation is one iati-organisation record: its lossless tree and typed
// fields. To publish the organisation's own record, fill the typed fields
// and leave Root nil; WriteOrganisationFile builds the tree.
type Organisation struct {
	Root         *Element
	Line, Column int

	Identifier      string // organisation-identifier
	Name            string // in Lang
	Names           []Narrative
	ReportingOrg    Org
	DefaultCurrency string
	Lang            string
	LastUpdated     time.Time

	TotalBudgets            []OrgBudget
	RecipientOrgBudgets     []OrgBudget
	RecipientRegionBudgets  []OrgBudget
	RecipientCountryBudgets []OrgBudget
	TotalExpenditure        []OrgBudget

	Problems []Problem
}

// OrgBudget is a total-budget, recipient-*-budget or total-expenditure.
// Only the fields that kind of element has are used.
type OrgBudget struct {
	Status                 string // 1 indicative, 2 committed (not on total-expenditure)
	RecipientOrg           Org    // recipient-org-budget
	RecipientCountry       string // recipient-country-budget
	RecipientRegion        string // recipient-region-budget
	RegionVocabulary       string
	PeriodStart, PeriodEnd time.Time
	Value                  money.Decimal // exact, as published
	Currency               string        // effective: own @currency, else the default ("" if neither)
	ValueDate              time.Time
	ValueMissing           bool         // no value, or not a number: Value is then 0
	Lines                  []BudgetLine // budget-line, or expense-line for total-expenditure
}

// BudgetLine is a budget-line or expense-line.
type BudgetLine struct {
	Ref          string
	Name         string
	Value        money.Decimal // exact, as published
	Currency     string        // effective: own @currency, else the default ("" if neither)
	ValueDate    time.Time
	ValueMissing bool // no value, or not a number: Value is then 0
}

func analyseOrganisation(o *Organisation, opt Options) {
	c := &checker{opt: opt}
	c.problems = o.Problems
	root := o.Root
	o.Lang = lower(strings.TrimSpace(root.Lang()))
	lang := o.Lang
	if lang == "" {
		lang = lower(opt.DefaultLang)
	}
	o.DefaultCurrency = strings.TrimSpace(root.Attr("default-currency"))
	o.LastUpdated, _ = parseDateTime(root.Attr("last-updated-datetime"))
	for _, ch := range root.Children {
		if ch.Space != "" {
			continue
		}
		switch ch.Name {
		case "organisation-identifier", "iati-identifier": // the latter in 1.x
			if o.Identifier == "" {
				o.Identifier = strings.TrimSpace(ch.Text)
			}
		case "name":
			o.Names = ch.Narratives(lang)
			if len(o.Names) == 0 && strings.TrimSpace(ch.Text) != "" {
				o.Names = []Narrative{{Lang: lang, Text: strings.TrimSpace(ch.Text)}}
			}
		case "reporting-org":
			o.ReportingOrg = orgOf(ch, lang, "")
			o.ReportingOrg.SecondaryReporter = isTrue(ch.Attr("secondary-reporter"))
		case "total-budget", "recipient-org-budget", "recipient-region-budget", "recipient-country-budget", "total-expenditure":
			b := OrgBudget{Status: ch.Attr("status")}
			b.PeriodStart, _ = parseDate(ch.Child("period-start").Attr("iso-date"))
			b.PeriodEnd, _ = parseDate(ch.Child("period-end").Attr("iso-date"))
			v := c.value(ch, o.DefaultCurrency)
			b.Value, b.Currency, b.ValueDate, b.ValueMissing = v.amount, v.currency, v.date, v.missing
			for _, l := range ch.Children {
				if l.Name == "budget-line" || l.Name == "expense-line" {
					lv := c.value(l, o.DefaultCurrency)
					b.Lines = append(b.Lines, BudgetLine{Ref: l.Attr("ref"), Name: l.NarrativeText(lang), Value: lv.amount, Currency: lv.currency, ValueDate: lv.date, ValueMissing: lv.missing})
				}
			}
			switch ch.Name {
			case "total-budget":
				o.TotalBudgets = append(o.TotalBudgets, b)
			case "recipient-org-budget":
				b.RecipientOrg = orgOf(ch.Child("recipient-org"), lang, "")
				o.RecipientOrgBudgets = append(o.RecipientOrgBudgets, b)
			case "recipient-region-budget":
				rr := ch.Child("recipient-region")
				b.RecipientRegion, b.RegionVocabulary = rr.Attr("code"), rr.Attr("vocabulary")
				o.RecipientRegionBudgets = append(o.RecipientRegionBudgets, b)
			case "recipient-country-budget":
				b.RecipientCountry = ch.Child("recipient-country").Attr("code")
				o.RecipientCountryBudgets = append(o.RecipientCountryBudgets, b)
			case "total-expenditure":
				o.TotalExpenditure = append(o.TotalExpenditure, b)
			}
			c.period(ch, b.PeriodStart, b.PeriodEnd, ch.Name != "total-expenditure")
		}
	}
	o.Name = pickNarrative(o.Names, lang)
	c.walk(root, snOrganisation)
	o.Problems = c.finish(root)
}

// XML returns the organisation in canonical 2.03 form, like Activity.XML.
// When Root is nil the tree is built from the typed fields.
func (o *Organisation) XML() []byte {
	root := o.Root
	if root == nil {
		root = BuildOrganisation(o)
	}
	return canonical(root, snOrganisation, 1, 0)
}

// BuildOrganisation makes an iati-organisation tree from the typed fields.
func BuildOrganisation(o *Organisation) *Element {
	root := NewElement("iati-organisation", "last-updated-datetime", dateTime(o.LastUpdated), "default-currency", o.DefaultCurrency)
	if o.Lang != "" {
		root.Attrs = append(root.Attrs, Attr{Space: nsXML, Name: "lang", Value: o.Lang})
	}
	root.Add(textElement("organisation-identifier", o.Identifier))
	names := o.Names
	if len(names) == 0 {
		names = []Narrative{{Text: o.Name}}
	}
	root.Add(narrativeElement(NewElement("name"), names, o.Lang))
	root.Add(reportingOrgElement(o.ReportingOrg))
	budget := func(name string, b OrgBudget, lineName string) *Element {
		e := NewElement(name, "status", b.Status)
		switch name {
		case "recipient-org-budget":
			e.Add(orgElement("recipient-org", b.RecipientOrg, ""))
		case "recipient-region-budget":
			e.Add(NewElement("recipient-region", "vocabulary", b.RegionVocabulary, "code", b.RecipientRegion))
		case "recipient-country-budget":
			e.Add(NewElement("recipient-country", "code", b.RecipientCountry))
		}
		e.Add(dateElement("period-start", b.PeriodStart), dateElement("period-end", b.PeriodEnd), valueElement(b.Value, b.Currency, b.ValueDate, b.PeriodStart, o.DefaultCurrency))
		for _, l := range b.Lines {
			le := NewElement(lineName, "ref", l.Ref)
			le.Add(valueElement(l.Value, l.Currency, l.ValueDate, b.PeriodStart, o.DefaultCurrency))
			le.Add(narrativeElement(nil, []Narrative{{Text: l.Name}}, o.Lang).Children...)
			e.Add(le)
		}
		return e
	}
	for _, b := range o.TotalBudgets {
		root.Add(budget("total-budget", b, "budget-line"))
	}
	for _, b := range o.RecipientOrgBudgets {
		root.Add(budget("recipient-org-budget", b, "budget-line"))
	}
	for _, b := range o.RecipientRegionBudgets {
		root.Add(budget("recipient-region-budget", b, "budget-line"))
	}
	for _, b := range o.RecipientCountryBudgets {
		root.Add(budget("recipient-country-budget", b, "budget-line"))
	}
	for _, b := range o.TotalExpenditure {
		b.Status = ""
		root.Add(budget("total-expenditure", b, "expense-line"))
	}
	return root
}

// WriteOrganisationFile writes an IATI 2.03 organisation file holding orgs,
// each from its Root when it has one (as read), else from its typed fields.
func WriteOrganisationFile(w io.Writer, orgs []*Organisation, generated time.Time) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<iati-organisations version="2.03"`)
	if !generated.IsZero() {
		bw.WriteString(` generated-datetime="` + generated.UTC().Format(time.RFC3339) + `"`)
	}
	bw.WriteString(">\n")
	for _, o := range orgs {
		bw.WriteString("  ")
		bw.Write(o.XML())
		bw.WriteString("\n")
	}
	bw.WriteString("</iati-organisations>\n")
	return bw.Flush()
}

// valueElement writes a <value>; the value date defaults to fallback (the
// period start or transaction date), and @currency is left out when it is
// the default currency.
func valueElement(amount money.Decimal, currency string, valueDate, fallback time.Time, defaultCurrency string) *Element {
	if valueDate.IsZero() {
		valueDate = fallback
	}
	if currency == defaultCurrency {
		currency = ""
	}
	e := NewElement("value", "currency", currency, "value-date", date(valueDate))
	e.Text = amount.String()
	return e
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func dateElement(name string, t time.Time) *Element {
	if t.IsZero() {
		return nil
	}
	return NewElement(name, "iso-date", date(t))
}

func textElement(name, text string) *Element {
	e := NewElement(name)
	e.Text = text
	return e
}

// narrativeElement adds one narrative per entry to e (a new bare element
// when e is nil); entries in lang need no xml:lang.
func narrativeElement(e *Element, ns []Narrative, lang string) *Element {
	if e == nil {
		e = &Element{}
	}
	for _, n := range ns {
		if n.Text == "" {
			continue
		}
		ne := NewElement("narrative")
		if n.Lang != "" && !strings.EqualFold(n.Lang, lang) {
			ne.Attrs = append(ne.Attrs, Attr{Space: nsXML, Name: "lang", Value: n.Lang})
		}
		ne.Text = n.Text
		e.Children = append(e.Children, ne)
	}
	return e
}

func reportingOrgElement(o Org) *Element {
	e := NewElement("reporting-org", "ref", o.Ref, "type", o.Type)
	if o.SecondaryReporter {
		e.Attrs = append(e.Attrs, Attr{Name: "secondary-reporter", Value: "1"})
	}
	return narrativeElement(e, []Narrative{{Text: o.Name}}, "")
}

// orgElement builds provider-org, receiver-org, recipient-org… activityAttr
// names the attribute carrying Org.ActivityID.
func orgElement(name string, o Org, activityAttr string) *Element {
	if o == (Org{}) {
		return nil
	}
	e := NewElement(name, "ref", o.Ref)
	if activityAttr != "" && o.ActivityID != "" {
		e.Attrs = append(e.Attrs, Attr{Name: activityAttr, Value: o.ActivityID})
	}
	if o.Type != "" {
		e.Attrs = append(e.Attrs, Attr{Name: "type", Value: o.Type})
	}
	return narrativeElement(e, []Narrative{{Text: o.Name}}, "")
}
