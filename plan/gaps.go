// Package plan is the decision logic of outcome-based workplans: the gap
// engine that sets what each outcome and component requires against what
// every source of funds makes available, and the inputs of the allocation
// of un-earmarked funds (plan/alloc) and of the priorities (plan/priority).
// It does no I/O: it computes over a portfolio snapshot.
//
// All money is in US cents. Every figure is built from entries (a
// requirement, a planned amount, an allocation decision, a share of a
// project budget, a share of a pipeline deal), each split with the
// largest-remainder method, so components add up exactly to outcomes and
// outcomes to totals, and each figure drills down to its entries.
package plan

import (
	"fmt"
	"sort"

	"devcoop"
	"devcoop/figures"
	"devcoop/money"
	"devcoop/plan/priority"
)

// Figures are a component's, an outcome's or a rollup's money, in US cents.
type Figures struct {
	Required  int64
	RB        int64
	RBTC      int64
	RBSA      int64
	XBDC      int64
	Pipeline  int64 // expected, weighted by probability; never available
	Available int64 // RB + RBTC + RBSA + XBDC
	Gap       int64 // Required − Available; negative is a surplus
}

func (f *Figures) add(g Figures) {
	f.Required += g.Required
	f.RB += g.RB
	f.RBTC += g.RBTC
	f.RBSA += g.RBSA
	f.XBDC += g.XBDC
	f.Pipeline += g.Pipeline
	f.finish()
}

func (f *Figures) finish() {
	f.Available = f.RB + f.RBTC + f.RBSA + f.XBDC
	f.Gap = f.Required - f.Available
}

// Coverage is available ÷ required in percent, one decimal; "" when
// nothing is required.
func (f Figures) Coverage() string {
	if f.Required <= 0 {
		return ""
	}
	r, _ := money.FromInt(f.Available*100).Div(money.FromInt(f.Required), 1)
	return r.String()
}

// Entry kinds: where a figure comes from.
const (
	EntryRequirement = "requirement"
	EntryPlan        = "plan"
	EntryDecision    = "decision"
	EntryProject     = "project"
	EntryPipeline    = "pipeline"
)

// Entry is one record behind a figure.
type Entry struct {
	Kind   string // requirement, plan, decision, project, pipeline
	Source string // RB, RBTC, RBSA, XBDC, or "" for requirements and pipeline
	RefID  int64  // project, decision or opportunity ID; workplan ID for requirements and plans
	Ref    string // project code, pool, opportunity code …
	Label  string
	Cents  int64
	Detail string // how the amount was derived
}

// Component is one line of a workplan: a country, a CPO, a region or the
// global component.
type Component struct {
	Key              string
	Kind             devcoop.ComponentKind
	Label            string
	Country          string // the country of a country or CPO component
	Region           string
	Eligible         bool
	IneligibleReason string
	Targets          int
	TargetsAtRisk    int
	MinRBSA, MaxRBSA int64
	Priority         priority.Result
	Figures
	Entries []Entry
	sortKey string
}

// OutcomeGap is an outcome's figures and its components.
type OutcomeGap struct {
	Outcome    *devcoop.Outcome
	Objective  string
	WorkplanID int64
	Figures
	Components []*Component
}

// Rollup aggregates components by country, region or strategic objective.
type Rollup struct {
	Key   string
	Label string
	Figures
}

// Gaps is the gap analysis of a period.
type Gaps struct {
	Period      *devcoop.Period
	Outcomes    []*OutcomeGap
	Total       Figures
	ByObjective []Rollup
	ByRegion    []Rollup
	ByCountry   []Rollup // CPO components count under their country
	ByCPO       []Rollup
	Warnings    []string
}

// Options tune the analysis.
type Options struct {
	Criteria priority.Criteria
	// Signed and Lost override the stage of pipeline opportunities, for
	// what-if scenarios: a signed deal's full amount becomes available
	// XBDC, a lost one leaves the pipeline.
	Signed, Lost map[int64]bool
	// ExtraRBSA adds proposed allocations (scenario lines) as RBSA.
	ExtraRBSA []devcoop.AllocationDecision
}

// Compute runs the gap analysis of a period over a portfolio.
func Compute(pf *devcoop.Portfolio, periodCode string, opt Options) (*Gaps, error) {
	period := pf.Period(periodCode)
	if period == nil {
		return nil, devcoop.Invalid("period", "%q is not a programme period", periodCode)
	}
	if opt.Criteria.Coverage == nil && opt.Criteria.Income == (priority.IncomePoints{}) {
		opt.Criteria = priority.DefaultCriteria()
	}
	g := &Gaps{Period: period}
	b := &builder{pf: pf, g: g, byOutcome: map[int64]*OutcomeGap{}}
	for _, o := range pf.OutcomesOf(period.Code) {
		og := &OutcomeGap{Outcome: o, Objective: o.Objective}
		g.Outcomes = append(g.Outcomes, og)
		b.byOutcome[o.ID] = og
	}
	b.workplans(period)
	b.decisions(period, pf.Decisions, "")
	b.decisions(period, opt.ExtraRBSA, "proposed ")
	b.projects(period)
	b.pipeline(period, opt)
	b.finish(opt.Criteria)
	return g, nil
}

type builder struct {
	pf        *devcoop.Portfolio
	g         *Gaps
	byOutcome map[int64]*OutcomeGap
}

// component returns the component key of an outcome, creating it.
func (b *builder) component(og *OutcomeGap, key string) *Component {
	for _, c := range og.Components {
		if c.Key == key {
			return c
		}
	}
	c := &Component{Key: key, Eligible: true}
	kind, _ := b.pf.KindOfComponent(key)
	c.Kind = kind
	switch kind {
	case devcoop.ComponentCountry:
		ct := b.pf.Country(key)
		c.Label, c.Country, c.Region = ct.Name, ct.Code, ct.Region
		c.sortKey = "2 " + ct.Name + " 0"
	case devcoop.ComponentCPO:
		cpo := b.pf.CPOByCode(key)
		c.Label, c.Country = cpo.Code+": "+cpo.Title, cpo.Country
		c.sortKey = "2 " + cpo.Country + " 1 " + cpo.Code
		if ct := b.pf.Country(cpo.Country); ct != nil {
			c.Region = ct.Region
			c.sortKey = "2 " + ct.Name + " 1 " + cpo.Code
		}
	case devcoop.ComponentRegion:
		c.Label, c.Region = b.pf.Region(key).Name+" (regional)", key
		c.sortKey = "1 " + c.Label
	default:
		c.Kind, c.Label, c.sortKey = devcoop.ComponentGlobalK, "Global", "0"
	}
	if c.Country != "" {
		if ct := b.pf.Country(c.Country); ct != nil && !ct.ODAEligible {
			c.Eligible = false
			c.IneligibleReason = ct.Name + " is not eligible for official development assistance"
		}
	}
	og.Components = append(og.Components, c)
	return c
}

func (b *builder) post(og *OutcomeGap, key string, e Entry) {
	c := b.component(og, key)
	switch {
	case e.Kind == EntryRequirement:
		c.Required += e.Cents
	case e.Kind == EntryPipeline:
		c.Pipeline += e.Cents
	case e.Source == string(devcoop.SourceRB):
		c.RB += e.Cents
	case e.Source == string(devcoop.SourceRBTC):
		c.RBTC += e.Cents
	case e.Source == string(devcoop.SourceRBSA):
		c.RBSA += e.Cents
	case e.Source == string(devcoop.SourceXBDC):
		c.XBDC += e.Cents
	}
	c.Entries = append(c.Entries, e)
}

func cents(d money.Decimal) int64 {
	c, _ := d.Cents()
	return c
}

func (b *builder) workplans(period *devcoop.Period) {
	for _, w := range b.pf.Workplans {
		og := b.byOutcome[w.OutcomeID]
		if og == nil || w.Period != period.Code {
			continue
		}
		og.WorkplanID = w.ID
		for _, r := range w.Requirements {
			b.post(og, r.Component, Entry{Kind: EntryRequirement, RefID: w.ID, Ref: "workplan", Label: "Resource requirement", Cents: cents(r.Amount), Detail: r.Note})
			c := b.component(og, r.Component)
			c.MinRBSA, c.MaxRBSA = cents(r.MinRBSA), cents(r.MaxRBSA)
		}
		for _, p := range w.Plans {
			b.post(og, p.Component, Entry{Kind: EntryPlan, Source: string(p.Source), RefID: w.ID, Ref: "workplan", Label: "Planned " + string(p.Source), Cents: cents(p.Amount)})
		}
		for _, t := range w.Targets {
			c := b.component(og, t.Component)
			c.Targets++
			if t.AtRisk() {
				c.TargetsAtRisk++
			}
		}
	}
}

func (b *builder) decisions(period *devcoop.Period, ds []devcoop.AllocationDecision, prefix string) {
	for _, d := range ds {
		og := b.byOutcome[d.OutcomeID]
		if og == nil || d.Period != period.Code {
			continue
		}
		b.post(og, d.Component, Entry{Kind: EntryDecision, Source: string(devcoop.SourceRBSA), RefID: d.ID, Ref: d.Pool,
			Label: prefix + "Allocation from " + d.Pool, Cents: cents(d.Amount), Detail: d.Reason})
	}
}

// projects derives available XBDC from project budgets: the part of each
// budget that falls in the period, pro rata by days, split by the project's
// outcome shares, then its recipient countries and regions, then (within a
// country) its CPOs of that outcome.
func (b *builder) projects(period *devcoop.Period) {
	for _, p := range b.pf.Projects {
		if p.Source != devcoop.SourceXBDC || p.Status == devcoop.StatusCancelled || len(p.Outcomes) == 0 {
			continue
		}
		pm, warn := figures.ProjectFigures(b.pf, p, period)
		b.g.Warnings = append(b.g.Warnings, warn...)
		if pm.Budget == 0 {
			continue
		}
		var ws []money.Decimal
		for _, o := range p.Outcomes {
			ws = append(ws, o.Percentage)
		}
		parts, err := money.Split(pm.Budget, ws)
		if err != nil {
			b.g.Warnings = append(b.g.Warnings, fmt.Sprintf("project %s: %v", p.Code, err))
			continue
		}
		for i, o := range p.Outcomes {
			og := b.byOutcome[o.OutcomeID]
			if og == nil || parts[i] == 0 {
				continue
			}
			detail := fmt.Sprintf("%s of the project's %s budget in %s", pctOf(o.Percentage), money.FromCents(pm.Budget), period.Code)
			b.splitGeo(og, p, parts[i], detail)
		}
	}
}

func pctOf(d money.Decimal) string { return d.Normalize().String() + "%" }

func (b *builder) splitGeo(og *OutcomeGap, p *devcoop.Project, amount int64, detail string) {
	type share struct {
		key, country string
		w            money.Decimal
	}
	var shares []share
	for _, c := range p.Countries {
		shares = append(shares, share{c.Country, c.Country, c.Percentage})
	}
	for _, r := range p.Regions {
		shares = append(shares, share{r.Region, "", r.Percentage})
	}
	if len(shares) == 0 {
		shares = []share{{devcoop.ComponentGlobal, "", money.FromInt(100)}}
	}
	ws := make([]money.Decimal, len(shares))
	for i, s := range shares {
		ws[i] = s.w
	}
	parts, err := money.Split(amount, ws)
	if err != nil {
		b.g.Warnings = append(b.g.Warnings, fmt.Sprintf("project %s: %v", p.Code, err))
		return
	}
	for i, s := range shares {
		if parts[i] == 0 {
			continue
		}
		d := detail + " × " + pctOf(s.w) + " " + s.key
		if s.country == "" {
			b.post(og, s.key, projectEntry(p, parts[i], d))
			continue
		}
		// Within a country, money linked to the outcome's CPOs there goes to
		// those CPOs, in proportion to the project's CPO shares.
		var cpoKeys []string
		var cw []money.Decimal
		for _, c := range p.CPOs {
			cpo := b.pf.CPO(c.CPOID)
			if cpo != nil && cpo.Country == s.country && cpo.OutcomeID == og.Outcome.ID && c.Percentage.Sign() > 0 {
				cpoKeys = append(cpoKeys, cpo.Code)
				cw = append(cw, c.Percentage)
			}
		}
		if len(cpoKeys) == 0 {
			b.post(og, s.key, projectEntry(p, parts[i], d))
			continue
		}
		cparts, _ := money.Split(parts[i], cw)
		for k, key := range cpoKeys {
			if cparts[k] != 0 {
				b.post(og, key, projectEntry(p, cparts[k], d+" → CPO "+key))
			}
		}
	}
}

func projectEntry(p *devcoop.Project, c int64, detail string) Entry {
	return Entry{Kind: EntryProject, Source: string(devcoop.SourceXBDC), RefID: p.ID, Ref: p.Code, Label: p.Title, Cents: c, Detail: detail}
}

// pipeline adds open opportunities of the period, weighted by probability;
// in a scenario, signed ones become available XBDC at their full amount.
func (b *builder) pipeline(period *devcoop.Period, opt Options) {
	for _, o := range b.pf.Opportunities {
		if o.Period != period.Code || !o.Open() || opt.Lost[o.ID] || len(o.Targets) == 0 {
			continue
		}
		conv, err := b.pf.Rates.ToUSD(o.Money())
		if err != nil {
			b.g.Warnings = append(b.g.Warnings, fmt.Sprintf("opportunity %s: %v", o.Code, err))
			continue
		}
		signed := opt.Signed[o.ID]
		amount := conv.USD
		detail := fmt.Sprintf("%s %s at %s", o.Amount, o.Currency, conv.Rate.USDPer)
		if !signed {
			amount = amount.Mul(o.Probability).Mul(money.New(1, 2)).Round(2)
			detail += fmt.Sprintf(" × %s%% probability", o.Probability.Normalize())
		}
		var ws []money.Decimal
		for _, t := range o.Targets {
			ws = append(ws, t.Percentage)
		}
		parts, err := money.Split(cents(amount), ws)
		if err != nil {
			continue
		}
		for i, t := range o.Targets {
			og := b.byOutcome[t.OutcomeID]
			if og == nil || parts[i] == 0 {
				continue
			}
			if _, ok := b.pf.KindOfComponent(t.Component); !ok {
				continue
			}
			e := Entry{Kind: EntryPipeline, RefID: o.ID, Ref: o.Code, Label: o.Title, Cents: parts[i], Detail: detail + " × " + pctOf(t.Percentage)}
			if signed {
				e.Kind, e.Source, e.Label = EntryProject, string(devcoop.SourceXBDC), "Signed in this scenario: "+o.Title
			}
			b.post(og, t.Component, e)
		}
	}
}

func (b *builder) finish(c priority.Criteria) {
	byCountry := map[string]*Rollup{}
	byRegion := map[string]*Rollup{}
	byObjective := map[string]*Rollup{}
	byCPO := map[string]*Rollup{}
	roll := func(m map[string]*Rollup, key, label string, f Figures) {
		r := m[key]
		if r == nil {
			r = &Rollup{Key: key, Label: label}
			m[key] = r
		}
		r.add(f)
	}
	for _, og := range b.g.Outcomes {
		sort.SliceStable(og.Components, func(i, j int) bool { return componentLess(og.Components[i], og.Components[j]) })
		for _, comp := range og.Components {
			comp.finish()
			in := priority.Input{Key: og.Outcome.Code + "/" + comp.Key, Outcome: og.Outcome.Code, Region: comp.Region, Country: comp.Country,
				Targets: comp.Targets, TargetsAtRisk: comp.TargetsAtRisk, Required: comp.Required, Available: comp.Available}
			if ct := b.pf.Country(comp.Country); ct != nil {
				in.DWCPPriority, in.Income, in.ODAEligible = ct.DWCPPriority, priority.IncomeGroup(ct.IncomeGroup), ct.ODAEligible
			}
			comp.Priority = priority.Score(in, c)
			og.add(comp.Figures)
			switch comp.Kind {
			case devcoop.ComponentCountry:
				roll(byCountry, comp.Country, comp.Label, comp.Figures)
			case devcoop.ComponentCPO:
				roll(byCPO, comp.Key, comp.Label, comp.Figures)
				if ct := b.pf.Country(comp.Country); ct != nil {
					roll(byCountry, ct.Code, ct.Name, comp.Figures)
				}
			}
			regionKey, regionLabel := comp.Region, ""
			if r := b.pf.Region(regionKey); r != nil {
				regionLabel = r.Name
			} else {
				regionKey, regionLabel = devcoop.ComponentGlobal, "Global"
			}
			roll(byRegion, regionKey, regionLabel, comp.Figures)
		}
		og.finish()
		objKey, objLabel := og.Objective, "Cross-cutting"
		if objKey == "" {
			objKey = figures.KeyCrossCut
		}
		for _, o := range b.pf.Objectives {
			if o.Code == og.Objective {
				objLabel = o.Title
			}
		}
		roll(byObjective, objKey, objLabel, og.Figures)
		b.g.Total.add(og.Figures)
	}
	b.g.ByCountry = sorted(byCountry)
	b.g.ByRegion = sorted(byRegion)
	b.g.ByObjective = sorted(byObjective)
	b.g.ByCPO = sorted(byCPO)
}

func sorted(m map[string]*Rollup) []Rollup {
	out := make([]Rollup, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// componentLess orders GLOBAL first, then regions, then each country
// (by name) followed by its CPOs.
func componentLess(a, b *Component) bool { return a.sortKey < b.sortKey }

// Outcome returns the gap of an outcome by code, or nil.
func (g *Gaps) Outcome(code string) *OutcomeGap {
	for _, o := range g.Outcomes {
		if o.Outcome.Code == code {
			return o
		}
	}
	return nil
}
