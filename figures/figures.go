// Package figures computes the portfolio's totals: budgets and expenditure
// converted to US dollars at dated rates, and split by region, strategic
// objective, outcome, partner, source and status. Every split is done in
// whole cents with the largest-remainder method, per project, so each
// breakdown adds up exactly to the unsplit total. It does no I/O.
package figures

import (
	"fmt"
	"sort"

	"devcoop"
	"devcoop/money"
)

// Keys used for money that has no geography, outcome or partner.
const (
	KeyGlobal    = "GLOBAL"   // no recipient country or region
	KeyUnlinked  = "UNLINKED" // no outcome link
	KeyCrossCut  = "CROSS"    // an outcome under no strategic objective
	KeyOwnPrefix = "OWN:"     // own resources, by source: OWN:RB, OWN:RBTC, OWN:RBSA
)

// Line is one row of a breakdown.
type Line struct {
	Key         string        `json:"key"`
	Label       string        `json:"label"`
	Projects    int           `json:"projects"`
	BudgetUSD   money.Decimal `json:"budget_usd"`
	SpentUSD    money.Decimal `json:"expenditure_usd"`
	Delivery    string        `json:"delivery_rate"` // expenditure ÷ budget, in percent, "" when no budget
	budget      int64
	spent       int64
	projectSeen map[int64]bool
}

// Summary is the portfolio overview.
type Summary struct {
	Period      string        `json:"period,omitempty"` // "" for all time
	Projects    int           `json:"projects"`
	Countries   int           `json:"countries"`
	Partners    int           `json:"partners"`
	BudgetUSD   money.Decimal `json:"budget_usd"`
	SpentUSD    money.Decimal `json:"expenditure_usd"`
	Delivery    string        `json:"delivery_rate"`
	ByRegion    []Line        `json:"by_region"`
	ByCountry   []Line        `json:"by_country"` // regional and global shares appear under the region's code or GLOBAL
	ByObjective []Line        `json:"by_objective"`
	ByOutcome   []Line        `json:"by_outcome"`
	ByPartner   []Line        `json:"by_partner"`
	BySource    []Line        `json:"by_source"`
	ByStatus    []Line        `json:"by_status"`
	Warnings    []string      `json:"warnings"`
}

// ProjectMoney is one project's figures in US cents.
type ProjectMoney struct {
	Budget  int64
	Spent   int64
	Budgets []Converted // each budget line with its rate
}

// Converted is a money value with its conversion.
type Converted struct {
	Money money.Money
	USD   money.Decimal
	Rate  money.Rate
	Err   error
	Share string // the share of it that falls in the period, in percent
}

// ProjectFigures converts a project's budgets and expenditure, restricted to
// a period when one is given (budgets pro rata by days of overlap,
// expenditure by transaction date). A revised budget replaces the original
// for the same period.
func ProjectFigures(pf *devcoop.Portfolio, p *devcoop.Project, period *devcoop.Period) (ProjectMoney, []string) {
	var pm ProjectMoney
	var warn []string
	for _, b := range CurrentBudgets(p.Budgets) {
		c := Converted{Money: b.Money(), Share: "100"}
		cents, rate, err := pf.Rates.CentsUSD(b.Money())
		if err != nil {
			c.Err = err
			warn = append(warn, fmt.Sprintf("project %s: budget %s–%s not converted: %v", p.Code, b.PeriodStart, b.PeriodEnd, err))
			pm.Budgets = append(pm.Budgets, c)
			continue
		}
		c.Rate = rate
		if period != nil {
			days := b.PeriodStart.DaysUntil(b.PeriodEnd) + 1
			in := devcoop.Overlap(b.PeriodStart, b.PeriodEnd, period.Start, period.End)
			if days <= 0 || in <= 0 {
				continue
			}
			if in < days {
				part, _ := money.Split(cents, []money.Decimal{money.FromInt(int64(in)), money.FromInt(int64(days - in))})
				cents = part[0]
				share, _ := money.FromInt(int64(in*100)).Div(money.FromInt(int64(days)), 2)
				c.Share = share.String()
			}
		}
		c.USD = money.FromCents(cents)
		pm.Budget += cents
		pm.Budgets = append(pm.Budgets, c)
	}
	for _, t := range pf.ProjectTransactions(p.ID) {
		if t.Type != devcoop.TxExpenditure {
			continue
		}
		if period != nil && !period.Contains(t.Date) {
			continue
		}
		cents, _, err := pf.Rates.CentsUSD(t.Money())
		if err != nil {
			warn = append(warn, fmt.Sprintf("project %s: expenditure of %s on %s not converted: %v", p.Code, t.Money(), t.Date, err))
			continue
		}
		pm.Spent += cents
	}
	return pm, warn
}

// CurrentBudgets drops original budgets that a revised budget for the same
// period replaces: IATI says never to add the two.
func CurrentBudgets(bs []devcoop.Budget) []devcoop.Budget {
	revised := map[[2]devcoop.Date]bool{}
	for _, b := range bs {
		if b.Revised {
			revised[[2]devcoop.Date{b.PeriodStart, b.PeriodEnd}] = true
		}
	}
	out := make([]devcoop.Budget, 0, len(bs))
	for _, b := range bs {
		if !b.Revised && revised[[2]devcoop.Date{b.PeriodStart, b.PeriodEnd}] {
			continue
		}
		out = append(out, b)
	}
	return out
}

// breakdown accumulates split money by key.
type breakdown struct {
	lines map[string]*Line
}

func newBreakdown() *breakdown { return &breakdown{lines: map[string]*Line{}} }

func (b *breakdown) add(key, label string, projectID int64, budget, spent int64) {
	l := b.lines[key]
	if l == nil {
		l = &Line{Key: key, Label: label, projectSeen: map[int64]bool{}}
		b.lines[key] = l
	}
	l.budget += budget
	l.spent += spent
	if !l.projectSeen[projectID] {
		l.projectSeen[projectID] = true
		l.Projects++
	}
}

// split divides a project's budget and expenditure by weights and adds each
// part under its key.
func (b *breakdown) split(p *devcoop.Project, pm ProjectMoney, keys, labels []string, weights []money.Decimal) {
	if len(keys) == 0 {
		return
	}
	bs, err1 := money.Split(pm.Budget, weights)
	ss, err2 := money.Split(pm.Spent, weights)
	if err1 != nil || err2 != nil {
		// Validated projects never get here; keep the money whole rather
		// than lose it.
		b.add(keys[0], labels[0], p.ID, pm.Budget, pm.Spent)
		return
	}
	for i := range keys {
		b.add(keys[i], labels[i], p.ID, bs[i], ss[i])
	}
}

func (b *breakdown) result(order func(a, b *Line) bool) []Line {
	out := make([]Line, 0, len(b.lines))
	for _, l := range b.lines {
		l.BudgetUSD = money.FromCents(l.budget)
		l.SpentUSD = money.FromCents(l.spent)
		l.Delivery = DeliveryRate(l.spent, l.budget)
		out = append(out, *l)
	}
	sort.SliceStable(out, func(i, j int) bool { return order(&out[i], &out[j]) })
	return out
}

func byBudgetDesc(a, b *Line) bool {
	if a.budget != b.budget {
		return a.budget > b.budget
	}
	return a.Key < b.Key
}

// DeliveryRate is spent ÷ budget in percent with one decimal place, "" when
// there is no budget.
func DeliveryRate(spent, budget int64) string {
	if budget <= 0 {
		return ""
	}
	r, _ := money.FromInt(spent*100).Div(money.FromInt(budget), 1)
	return r.String()
}

// Summarize computes the overview of the projects in pf, for a period or
// (period nil) for all time.
func Summarize(pf *devcoop.Portfolio, period *devcoop.Period) Summary {
	s := Summary{Warnings: []string{}}
	if period != nil {
		s.Period = period.Code
	}
	region, country, objective, outcome, partner, source, status := newBreakdown(), newBreakdown(), newBreakdown(), newBreakdown(), newBreakdown(), newBreakdown(), newBreakdown()
	countries := map[string]bool{}
	var total, spent int64
	for _, p := range pf.Projects {
		pm, warn := ProjectFigures(pf, p, period)
		s.Warnings = append(s.Warnings, warn...)
		if period != nil && pm.Budget == 0 && pm.Spent == 0 && !overlaps(p, period) {
			continue
		}
		s.Projects++
		total += pm.Budget
		spent += pm.Spent
		for _, c := range p.Countries {
			countries[c.Country] = true
		}
		keys, labels, weights := geography(pf, p)
		region.split(p, pm, keys, labels, weights)
		keys, labels, weights = countriesOf(pf, p)
		country.split(p, pm, keys, labels, weights)

		keys, labels, weights = outcomes(pf, p)
		outcome.split(p, pm, keys, labels, weights)
		// Objectives aggregate the outcome parts, so the two reconcile.
		ob := objectivesOf(pf, p, keys)
		objective.split(p, pm, ob.keys, ob.labels, weights)

		keys, labels, weights = funders(pf, p)
		partner.split(p, pm, keys, labels, weights)
		source.add(string(p.Source), sourceLabel(p.Source), p.ID, pm.Budget, pm.Spent)
		status.add(string(p.Status), p.Status.Label(), p.ID, pm.Budget, pm.Spent)
	}
	s.Countries = len(countries)
	s.Partners = len(pf.Partners)
	s.BudgetUSD = money.FromCents(total)
	s.SpentUSD = money.FromCents(spent)
	s.Delivery = DeliveryRate(spent, total)
	s.ByRegion = region.result(byBudgetDesc)
	s.ByCountry = country.result(byBudgetDesc)
	s.ByObjective = objective.result(func(a, b *Line) bool { return a.Key < b.Key })
	s.ByOutcome = outcome.result(func(a, b *Line) bool { return outcomeOrder(a.Key) < outcomeOrder(b.Key) })
	s.ByPartner = partner.result(byBudgetDesc)
	s.BySource = source.result(func(a, b *Line) bool { return sourceOrder(a.Key) < sourceOrder(b.Key) })
	s.ByStatus = status.result(func(a, b *Line) bool { return a.Key < b.Key })
	return s
}

func overlaps(p *devcoop.Project, period *devcoop.Period) bool {
	return devcoop.Overlap(p.Start(), p.End(), period.Start, period.End) > 0
}

// geography returns the region each share of a project goes to.
func geography(pf *devcoop.Portfolio, p *devcoop.Project) ([]string, []string, []money.Decimal) {
	var keys, labels []string
	var w []money.Decimal
	for _, c := range p.Countries {
		code := KeyGlobal
		if ct := pf.Country(c.Country); ct != nil {
			code = ct.Region
		}
		keys = append(keys, code)
		labels = append(labels, regionLabel(pf, code))
		w = append(w, c.Percentage)
	}
	for _, r := range p.Regions {
		keys = append(keys, r.Region)
		labels = append(labels, regionLabel(pf, r.Region))
		w = append(w, r.Percentage)
	}
	if len(keys) == 0 || allZero(w) {
		return []string{KeyGlobal}, []string{"Global and interregional"}, []money.Decimal{money.FromInt(1)}
	}
	return keys, labels, w
}

// countriesOf is geography at country level: country shares under the
// country's code, regional shares under the region's.
func countriesOf(pf *devcoop.Portfolio, p *devcoop.Project) ([]string, []string, []money.Decimal) {
	var keys, labels []string
	var w []money.Decimal
	for _, c := range p.Countries {
		name := c.Country
		if ct := pf.Country(c.Country); ct != nil {
			name = ct.Name
		}
		keys = append(keys, c.Country)
		labels = append(labels, name)
		w = append(w, c.Percentage)
	}
	for _, r := range p.Regions {
		keys = append(keys, r.Region)
		labels = append(labels, regionLabel(pf, r.Region)+" (regional)")
		w = append(w, r.Percentage)
	}
	if len(keys) == 0 || allZero(w) {
		return []string{KeyGlobal}, []string{"Global and interregional"}, []money.Decimal{money.FromInt(1)}
	}
	return keys, labels, w
}

func regionLabel(pf *devcoop.Portfolio, code string) string {
	if r := pf.Region(code); r != nil {
		return r.Name
	}
	return "Global and interregional"
}

func outcomes(pf *devcoop.Portfolio, p *devcoop.Project) ([]string, []string, []money.Decimal) {
	var keys, labels []string
	var w []money.Decimal
	for _, o := range p.Outcomes {
		oc := pf.Outcome(o.OutcomeID)
		if oc == nil {
			continue
		}
		keys = append(keys, oc.Period+"/"+oc.Code)
		labels = append(labels, "Outcome "+oc.Code+": "+oc.Title)
		w = append(w, o.Percentage)
	}
	if len(keys) == 0 || allZero(w) {
		return []string{KeyUnlinked}, []string{"Not linked to an outcome"}, []money.Decimal{money.FromInt(1)}
	}
	return keys, labels, w
}

type keyed struct{ keys, labels []string }

func objectivesOf(pf *devcoop.Portfolio, p *devcoop.Project, outcomeKeys []string) keyed {
	var k keyed
	byKey := map[string]*devcoop.Outcome{}
	for _, o := range p.Outcomes {
		if oc := pf.Outcome(o.OutcomeID); oc != nil {
			byKey[oc.Period+"/"+oc.Code] = oc
		}
	}
	titles := map[string]string{}
	for _, o := range pf.Objectives {
		titles[o.Code] = o.Title
	}
	for _, key := range outcomeKeys {
		oc := byKey[key]
		switch {
		case oc == nil:
			k.keys = append(k.keys, KeyUnlinked)
			k.labels = append(k.labels, "Not linked to an outcome")
		case oc.Objective == "":
			k.keys = append(k.keys, KeyCrossCut)
			k.labels = append(k.labels, "Cross-cutting")
		default:
			k.keys = append(k.keys, oc.Objective)
			k.labels = append(k.labels, titles[oc.Objective])
		}
	}
	return k
}

func funders(pf *devcoop.Portfolio, p *devcoop.Project) ([]string, []string, []money.Decimal) {
	var keys, labels []string
	var w []money.Decimal
	for _, f := range p.Funders {
		name := f.Partner
		if pa := pf.Partner(f.PartnerID); pa != nil {
			name = pa.Name
		}
		keys = append(keys, fmt.Sprintf("P%d", f.PartnerID))
		labels = append(labels, name)
		w = append(w, f.Percentage)
	}
	if len(keys) == 0 || allZero(w) {
		return []string{KeyOwnPrefix + string(p.Source)}, []string{"Own resources: " + sourceLabel(p.Source)}, []money.Decimal{money.FromInt(1)}
	}
	return keys, labels, w
}

func allZero(w []money.Decimal) bool {
	for _, x := range w {
		if !x.IsZero() {
			return false
		}
	}
	return true
}

func sourceLabel(s devcoop.FundSource) string {
	switch s {
	case devcoop.SourceRB:
		return "Regular budget (RB)"
	case devcoop.SourceRBTC:
		return "RB technical cooperation (RBTC)"
	case devcoop.SourceRBSA:
		return "RB supplementary account (RBSA)"
	case devcoop.SourceXBDC:
		return "Extra-budgetary (XBDC)"
	}
	return string(s)
}

func sourceOrder(k string) int {
	for i, s := range devcoop.FundSources {
		if string(s) == k {
			return i
		}
	}
	return 99
}

// outcomeOrder sorts "2014-15/2" before "2014-15/10", unlinked last.
func outcomeOrder(key string) string {
	if key == KeyUnlinked {
		return "~"
	}
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '/' {
			return key[:i+1] + fmt.Sprintf("%04s", key[i+1:])
		}
	}
	return key
}
