package iati

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"devcoop/money"
)

// analyse fills the typed fields of a from its tree and records warnings.
func analyse(a *Activity, opt Options, converted bool) {
	c := &checker{opt: opt, noOrder: converted}
	c.problems = a.Problems
	root := a.Root
	a.Lang = lower(strings.TrimSpace(root.Lang()))
	lang := a.Lang
	if lang == "" {
		lang = lower(opt.DefaultLang)
	}
	a.DefaultCurrency = strings.TrimSpace(root.Attr("default-currency"))
	a.LastUpdated, _ = parseDateTime(root.Attr("last-updated-datetime"))
	a.Hierarchy = 1
	if h := strings.TrimSpace(root.Attr("hierarchy")); h != "" {
		if n, err := strconv.Atoi(h); err == nil {
			a.Hierarchy = n
		}
	}
	a.Humanitarian = isTrue(root.Attr("humanitarian"))
	a.BudgetNotProvided = root.Attr("budget-not-provided")

	var nt, nb, np int
	for _, ch := range root.Children {
		switch ch.Name {
		case "transaction":
			nt++
		case "budget":
			nb++
		case "planned-disbursement":
			np++
		}
	}
	a.Transactions = make([]Transaction, 0, nt)
	a.Budgets = make([]Budget, 0, nb)
	a.PlannedDisbursements = make([]PlannedDisbursement, 0, np)
	var idEl *Element
	for _, ch := range root.Children {
		if ch.Space != "" {
			continue
		}
		switch ch.Name {
		case "iati-identifier":
			if idEl == nil {
				idEl = ch
				a.Identifier = strings.TrimSpace(ch.Text)
				if a.Identifier != ch.Text && a.Identifier != "" {
					c.warn(ch, "", "identifier-whitespace", "the identifier has leading or trailing whitespace; trimmed")
				}
			}
		case "reporting-org":
			a.ReportingOrg = orgOf(ch, lang, "")
			a.ReportingOrg.SecondaryReporter = isTrue(ch.Attr("secondary-reporter"))
		case "title":
			a.Titles = append(a.Titles, ch.Narratives(lang)...)
		case "description":
			d := Description{Type: ch.Attr("type"), Narratives: ch.Narratives(lang)}
			a.Descriptions = append(a.Descriptions, d)
		case "participating-org":
			p := ParticipatingOrg{Org: orgOf(ch, lang, "activity-id"), Role: ch.Attr("role"), CRSChannelCode: ch.Attr("crs-channel-code")}
			a.ParticipatingOrgs = append(a.ParticipatingOrgs, p)
		case "other-identifier":
			a.OtherIdentifiers = append(a.OtherIdentifiers, OtherIdentifier{Ref: ch.Attr("ref"), Type: ch.Attr("type"), Owner: orgOf(ch.Child("owner-org"), lang, "")})
		case "activity-status":
			a.Status = ch.Attr("code")
		case "activity-date":
			d, _ := parseDate(ch.Attr("iso-date"))
			switch strings.TrimSpace(ch.Attr("type")) {
			case "1":
				a.PlannedStart = d
			case "2":
				a.ActualStart = d
			case "3":
				a.PlannedEnd = d
			case "4":
				a.ActualEnd = d
			}
		case "activity-scope":
			a.Scope = ch.Attr("code")
		case "recipient-country":
			a.RecipientCountries = append(a.RecipientCountries, c.split(ch, lang))
		case "recipient-region":
			a.RecipientRegions = append(a.RecipientRegions, c.split(ch, lang))
		case "sector":
			a.Sectors = append(a.Sectors, c.split(ch, lang))
		case "tag":
			a.Tags = append(a.Tags, c.split(ch, lang))
		case "policy-marker":
			a.PolicyMarkers = append(a.PolicyMarkers, PolicyMarker{Code: ch.Attr("code"), Vocabulary: ch.Attr("vocabulary"), Significance: ch.Attr("significance")})
		case "collaboration-type":
			a.CollaborationType = ch.Attr("code")
		case "default-flow-type":
			a.DefaultFlowType = ch.Attr("code")
		case "default-finance-type":
			a.DefaultFinanceType = ch.Attr("code")
		case "default-aid-type":
			a.DefaultAidTypes = append(a.DefaultAidTypes, Coded{Code: ch.Attr("code"), Vocabulary: ch.Attr("vocabulary")})
		case "default-tied-status":
			a.DefaultTiedStatus = ch.Attr("code")
		case "budget":
			b := Budget{Type: ch.Attr("type"), Status: ch.Attr("status"), Line: ch.Line, Column: ch.Column}
			b.PeriodStart, _ = parseDate(ch.Child("period-start").Attr("iso-date"))
			b.PeriodEnd, _ = parseDate(ch.Child("period-end").Attr("iso-date"))
			v := c.value(ch, a.DefaultCurrency)
			b.Value, b.Currency, b.ValueDate, b.ValueMissing = v.amount, v.currency, v.date, v.missing
			a.Budgets = append(a.Budgets, b)
		case "planned-disbursement":
			p := PlannedDisbursement{Type: ch.Attr("type"), Line: ch.Line, Column: ch.Column}
			p.PeriodStart, _ = parseDate(ch.Child("period-start").Attr("iso-date"))
			p.PeriodEnd, _ = parseDate(ch.Child("period-end").Attr("iso-date"))
			v := c.value(ch, a.DefaultCurrency)
			p.Value, p.Currency, p.ValueDate, p.ValueMissing = v.amount, v.currency, v.date, v.missing
			p.Provider = orgOf(ch.Child("provider-org"), lang, "provider-activity-id")
			p.Receiver = orgOf(ch.Child("receiver-org"), lang, "receiver-activity-id")
			a.PlannedDisbursements = append(a.PlannedDisbursements, p)
		case "transaction":
			a.Transactions = append(a.Transactions, c.transaction(ch, a.DefaultCurrency, lang))
		case "document-link":
			a.DocumentLinks = append(a.DocumentLinks, documentLink(ch, lang))
		case "related-activity":
			a.RelatedActivities = append(a.RelatedActivities, Related{Ref: strings.TrimSpace(ch.Attr("ref")), Type: ch.Attr("type")})
		case "result":
			a.Results = append(a.Results, result(ch, lang))
		}
	}
	a.Title = pickNarrative(a.Titles, lang)
	for _, d := range a.Descriptions {
		if d.Type == "" || d.Type == "1" {
			a.Description = pickNarrative(d.Narratives, lang)
			break
		}
	}
	if a.Description == "" && len(a.Descriptions) > 0 {
		a.Description = pickNarrative(a.Descriptions[0].Narratives, lang)
	}

	c.rules(a, idEl)
	c.walk(root, snActivity)
	a.Problems = c.finish(root)
}

func isTrue(s string) bool {
	s = strings.TrimSpace(s)
	return s == "1" || s == "true"
}

func orgOf(e *Element, lang, activityAttr string) Org {
	if e == nil {
		return Org{}
	}
	o := Org{Ref: strings.TrimSpace(e.Attr("ref")), Type: e.Attr("type"), Name: e.NarrativeText(lang)}
	if activityAttr != "" {
		o.ActivityID = strings.TrimSpace(e.Attr(activityAttr))
	}
	return o
}

func (c *checker) split(e *Element, lang string) Split {
	s := Split{Code: strings.TrimSpace(e.Attr("code")), Vocabulary: e.Attr("vocabulary")}
	if p, ok := e.LookupAttr("", "percentage"); ok {
		if d, _, err := parseDecimal(p); err == nil {
			s.Percentage = &d
			if d.Sign() < 0 || d.Cmp(hundred) > 0 {
				c.warn(e, "@percentage", "percentage-range", fmt.Sprintf("percentage %s is not between 0 and 100", p))
			}
		}
	}
	if len(e.Children) > 0 {
		s.Name = e.NarrativeText(lang)
	}
	return s
}

var hundred = money.FromInt(100)

// parseDecimal is money.ParseExponent with a fast path for the common plain
// numbers of up to 18 digits, which money.New builds with fewer
// allocations. The value is the same exact decimal either way.
func parseDecimal(s string) (money.Decimal, bool, error) {
	t := strings.TrimSpace(s)
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	var coef int64
	digits, scale, dot := 0, 0, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			coef = coef*10 + int64(c-'0')
			digits++
			if dot {
				scale++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return money.ParseExponent(s)
		}
	}
	if digits == 0 || digits > 18 {
		return money.ParseExponent(s)
	}
	if neg {
		coef = -coef
	}
	return money.New(coef, int32(scale)), false, nil
}

// amount is a <value> as read: exact amount, effective currency, value date.
type amount struct {
	amount   money.Decimal
	currency string
	date     time.Time
	missing  bool
}

// value reads the <value> child of e with its effective currency.
func (c *checker) value(e *Element, defaultCurrency string) amount {
	v := e.Child("value")
	if v == nil {
		return amount{currency: defaultCurrency, missing: true}
	}
	out := amount{currency: strings.TrimSpace(v.Attr("currency")), missing: true}
	if out.currency == "" {
		out.currency = defaultCurrency
		if defaultCurrency == "" {
			c.warn(v, "", "missing-currency", "the value has no @currency and the activity no @default-currency")
		}
	}
	out.date, _ = parseDate(v.Attr("value-date"))
	if d, _, err := parseDecimal(v.Text); err == nil {
		out.amount, out.missing = d, false
	}
	return out
}

func (c *checker) transaction(e *Element, defaultCurrency, lang string) Transaction {
	t := Transaction{Ref: e.Attr("ref"), Line: e.Line, Column: e.Column}
	if h, ok := e.LookupAttr("", "humanitarian"); ok {
		b := isTrue(h)
		t.Humanitarian = &b
	}
	v := c.value(e, defaultCurrency)
	t.Value, t.Currency, t.ValueDate, t.ValueMissing = v.amount, v.currency, v.date, v.missing
	for _, ch := range e.Children {
		if ch.Space != "" {
			continue
		}
		switch ch.Name {
		case "transaction-type":
			t.Type = strings.TrimSpace(ch.Attr("code"))
		case "transaction-date":
			t.Date, _ = parseDate(ch.Attr("iso-date"))
		case "description":
			t.Description = ch.NarrativeText(lang)
		case "provider-org":
			t.Provider = orgOf(ch, lang, "provider-activity-id")
		case "receiver-org":
			t.Receiver = orgOf(ch, lang, "receiver-activity-id")
		case "disbursement-channel":
			t.DisbursementChannel = ch.Attr("code")
		case "sector":
			t.Sectors = append(t.Sectors, c.split(ch, lang))
		case "recipient-country":
			t.RecipientCountry = strings.TrimSpace(ch.Attr("code"))
		case "recipient-region":
			t.RecipientRegion = c.split(ch, lang)
		case "flow-type":
			t.FlowType = ch.Attr("code")
		case "finance-type":
			t.FinanceType = ch.Attr("code")
		case "aid-type":
			t.AidTypes = append(t.AidTypes, Coded{Code: ch.Attr("code"), Vocabulary: ch.Attr("vocabulary")})
		case "tied-status":
			t.TiedStatus = ch.Attr("code")
		}
	}
	return t
}

func documentLink(e *Element, lang string) DocumentLink {
	d := DocumentLink{URL: strings.TrimSpace(e.Attr("url")), Format: e.Attr("format"), Title: e.Child("title").NarrativeText(lang)}
	for _, ch := range e.Children {
		switch ch.Name {
		case "category":
			d.Categories = append(d.Categories, ch.Attr("code"))
		case "language":
			d.Languages = append(d.Languages, ch.Attr("code"))
		case "document-date":
			d.Date, _ = parseDate(ch.Attr("iso-date"))
		}
	}
	return d
}

func result(e *Element, lang string) Result {
	r := Result{Type: e.Attr("type"), AggregationStatus: e.Attr("aggregation-status"),
		Title: e.Child("title").NarrativeText(lang), Description: e.Child("description").NarrativeText(lang)}
	for _, ie := range e.Children {
		if ie.Name != "indicator" || ie.Space != "" {
			continue
		}
		in := Indicator{Measure: ie.Attr("measure"), Ascending: true,
			Title: ie.Child("title").NarrativeText(lang), Description: ie.Child("description").NarrativeText(lang)}
		if v, ok := ie.LookupAttr("", "ascending"); ok {
			in.Ascending = isTrue(v)
		}
		for _, ch := range ie.Children {
			if ch.Space != "" {
				continue
			}
			switch ch.Name {
			case "baseline":
				b := Baseline{Value: ch.Attr("value"), Comment: ch.Child("comment").NarrativeText(lang), Dimensions: dimensions(ch)}
				b.Year, _ = strconv.Atoi(strings.TrimSpace(ch.Attr("year")))
				b.Date, _ = parseDate(ch.Attr("iso-date"))
				in.Baselines = append(in.Baselines, b)
			case "period":
				p := Period{}
				p.Start, _ = parseDate(ch.Child("period-start").Attr("iso-date"))
				p.End, _ = parseDate(ch.Child("period-end").Attr("iso-date"))
				for _, m := range ch.Children {
					switch m.Name {
					case "target", "actual":
						ms := Measure{Value: m.Attr("value"), Comment: m.Child("comment").NarrativeText(lang), Dimensions: dimensions(m)}
						if m.Name == "target" {
							p.Targets = append(p.Targets, ms)
						} else {
							p.Actuals = append(p.Actuals, ms)
						}
					}
				}
				in.Periods = append(in.Periods, p)
			}
		}
		r.Indicators = append(r.Indicators, in)
	}
	return r
}

func dimensions(e *Element) []Dimension {
	var out []Dimension
	for _, d := range e.Children {
		if d.Name == "dimension" && d.Space == "" {
			out = append(out, Dimension{Name: d.Attr("name"), Value: d.Attr("value")})
		}
	}
	return out
}

// parseDate reads an xs:date ("2024-01-31", optionally with a time zone).
// It reports false for anything else ("0", "", "31/01/2024").
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := atoiN(s[0:4])
	m, ok2 := atoiN(s[5:7])
	d, ok3 := atoiN(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false
	}
	rest := s[10:]
	if rest != "" && rest != "Z" && !validZone(rest) {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func validZone(z string) bool {
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' {
		return false
	}
	h, ok1 := atoiN(z[1:3])
	m, ok2 := atoiN(z[4:6])
	return ok1 && ok2 && h <= 14 && m < 60
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(s) > 0
}

// parseDateTime reads an xs:dateTime. ok is false for values that are not
// valid xs:dateTime; the time is still returned when it can be read
// leniently (a space for the T, no seconds, a bare date), as real files
// hold such values.
func parseDateTime(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	d, dok := parseDate(s[:min(len(s), 10)])
	if !dok {
		return time.Time{}, false
	}
	if len(s) == 10 {
		return d, false
	}
	sep := s[10]
	rest := s[11:]
	if len(rest) < 5 || rest[2] != ':' {
		return d, false
	}
	hh, ok1 := atoiN(rest[0:2])
	mm, ok2 := atoiN(rest[3:5])
	if !ok1 || !ok2 || hh > 24 || mm > 59 {
		return d, false
	}
	ss, ns := 0, 0
	valid := sep == 'T'
	rest = rest[5:]
	if len(rest) >= 3 && rest[0] == ':' {
		var ok3 bool
		ss, ok3 = atoiN(rest[1:3])
		if !ok3 || ss > 60 {
			return d, false
		}
		rest = rest[3:]
		if len(rest) > 1 && rest[0] == '.' {
			i := 1
			scale := 100000000
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				ns += int(rest[i]-'0') * scale
				scale /= 10
				i++
			}
			if i == 1 {
				valid = false
			}
			rest = rest[i:]
		}
	} else {
		valid = false
	}
	loc := time.UTC
	switch {
	case rest == "" || rest == "Z":
	case validZone(rest):
		h, _ := atoiN(rest[1:3])
		m, _ := atoiN(rest[4:6])
		off := h*3600 + m*60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	default:
		valid = false
	}
	t = time.Date(d.Year(), d.Month(), d.Day(), hh, mm, ss, ns, loc)
	return t, valid
}
