package demo

import (
	"fmt"
	"slices"
	"strings"

	"devcoop"
	"devcoop/money"
)

// wpComponent is one line of a workplan being generated: a country, a CPO,
// a region or the global component, with what the generator expects the
// gap engine to find there, in US cents.
type wpComponent struct {
	key     string
	kind    devcoop.ComponentKind
	country *country // of a country or CPO component
	cpo     *cpo
	region  string
	sortKey string

	xbdc      int64 // extra-budgetary project budgets in the period (an estimate)
	required  int64
	rb, rbtc  int64
	rbsa      int64 // allocated in the first RBSA round
	min, max  int64 // bounds on un-earmarked allocations
	hasTarget bool
}

// eligible reports whether the component may receive un-earmarked money:
// it is regional, global, or in an ODA-eligible country.
func (c *wpComponent) eligible() bool { return c.country == nil || c.country.ODAEligible }

// gap is what the component still lacks.
func (c *wpComponent) gap() int64 { return c.required - c.xbdc - c.rb - c.rbtc - c.rbsa }

// workplan is an outcome-based workplan being generated. Its outcome,
// owner and indicators become IDs on write.
type workplan struct {
	devcoop.Workplan
	outcome    *outcome
	owner      string // demo user email; "" for none
	comps      []*wpComponent
	byKey      map[string]*wpComponent
	indicators []int // per target, the index of the outcome indicator it counts toward
}

// decision is an allocation decision being generated.
type decision struct {
	devcoop.AllocationDecision
	outcome *outcome
	decider string // demo user email
}

// Outcomes whose work is mostly normative, done at headquarters: their
// global components lean on the regular budget.
var hqHeavy = []string{"9", "10", "14", "18", "19"}

// Countries that are not eligible for official development assistance but
// where an outcome plans results, paid from the regular budget.
var nonODAWork = map[string][]string{"7": {"SA", "QA"}, "11": {"OM"}, "13": {"TT"}, "18": {"CL", "UY"}}

// Milestone wording, by step: an assessment, a draft, an adoption.
var milestoneSteps = [3][]string{
	{"Diagnostic and baseline completed with the constituents", "Tripartite consultation on priorities held", "Assessment report validated by the constituents"},
	{"Draft submitted to the national tripartite body", "Capacity-building of national officials completed", "Pilot launched in two provinces"},
	{"Adopted by the government and the social partners", "Results documented for the implementation report", "Scaled up nationally with the constituents' own resources"},
}

var requirementNotes = []string{
	"Costed with the constituents at the DWCP review.",
	"Includes a national project coordinator for two years.",
	"Revised after the mid-term review of the programme.",
	"Shared with the UN country team's joint programme.",
	"Assumes the government's cost-sharing is confirmed.",
}

// workplans builds the outcome-based workplans of 2014–15: for every
// outcome, its components (the global one, regions, the countries and CPOs
// where it works), what each requires, what the regular budget puts
// there, and the results expected in countries, with milestones. The
// requirements are sized against the extra-budgetary money the projects
// bring, so that the gap analysis finds what a real one does: most
// components short, some covered, a few in surplus, and some with no
// extra-budgetary money at all.
func (g *generator) workplans() {
	r := newRNG(g.seed, "workplans")
	owners := map[string]string{}
	for _, u := range DemoUsers() {
		for _, o := range u.Outcomes {
			owners[o] = u.Email
		}
	}
	byOutcome := map[*outcome]*workplan{}
	for _, s := range outcomeSpecs {
		o := g.current(s.code)
		w := &workplan{outcome: o, owner: owners[o.Code], byKey: map[string]*wpComponent{}}
		w.Period = currentPeriod
		w.component(g, devcoop.ComponentGlobal)
		byOutcome[o] = w
		g.p.workplans = append(g.p.workplans, w)
	}
	g.estimateXBDC(byOutcome)

	for _, w := range g.p.workplans {
		o := w.outcome
		// Every CPO of the outcome is a component, funded or not.
		for _, c := range g.p.cpos {
			if c.outcome == o {
				w.component(g, c.Code)
			}
		}
		for _, reg := range regionCodes {
			if slices.Contains(regionalEmphasis[reg], o.Code) {
				w.component(g, reg)
			}
		}
		// A few programme countries where results are planned but no
		// project works yet.
		var more []*country
		for _, c := range g.p.countries {
			if c.dwcp != nil && w.byKey[c.Code] == nil && !slices.ContainsFunc(c.dwcp.cpos, func(x *cpo) bool { return x.outcome == o }) {
				more = append(more, c)
			}
		}
		for _, c := range sample(r, more, r.between(1, 3)) {
			w.component(g, c.Code)
		}
		for _, code := range nonODAWork[o.Code] {
			w.component(g, code)
		}
		slices.SortStableFunc(w.comps, func(a, b *wpComponent) int { return strings.Compare(a.sortKey, b.sortKey) })
		for _, c := range w.comps {
			g.size(r, w, c)
		}
		g.targets(r, w)
	}
	g.calibrateRequirements(r)
	g.bounds(r)
	g.rbsaRound()
	for _, w := range g.p.workplans {
		w.finish(g, r)
	}
}

// component returns the workplan's component for a key, adding it.
func (w *workplan) component(g *generator, key string) *wpComponent {
	if c := w.byKey[key]; c != nil {
		return c
	}
	c := &wpComponent{key: key}
	switch {
	case key == devcoop.ComponentGlobal:
		c.kind, c.sortKey = devcoop.ComponentGlobalK, "0"
	case g.country[key] != nil:
		ct := g.country[key]
		c.kind, c.country, c.region = devcoop.ComponentCountry, ct, ct.Region
		c.sortKey = "2 " + ct.Name + " 0"
	case slices.Contains(regionCodes, key):
		c.kind, c.region = devcoop.ComponentRegion, key
		c.sortKey = "1 " + key
	default:
		x := g.cpoByCode(key)
		ct := g.country[x.Country]
		c.kind, c.cpo, c.country, c.region = devcoop.ComponentCPO, x, ct, ct.Region
		c.sortKey = "2 " + ct.Name + " 1 " + key
	}
	w.comps = append(w.comps, c)
	w.byKey[key] = c
	return c
}

func (g *generator) cpoByCode(code string) *cpo {
	for _, c := range g.p.cpos {
		if c.Code == code {
			return c
		}
	}
	panic("demo: no CPO " + code)
}

// estimateXBDC finds, as the gap engine will, the extra-budgetary money
// each component has in the period: the budgets of the period's years,
// split by outcome, then by country or region, then within a country to
// the CPOs of that outcome the project serves.
func (g *generator) estimateXBDC(byOutcome map[*outcome]*workplan) {
	for _, p := range g.p.projects {
		if p.Source != devcoop.SourceXBDC || p.Status == devcoop.StatusCancelled || p.period() != currentPeriod {
			continue
		}
		var budget int64
		for i, b := range p.Budgets {
			if y := b.PeriodStart.Year(); y == 2014 || y == 2015 {
				budget += g.rates.convert(p.budgets[i], p.Currency, money.USD, b.PeriodStart)
			}
		}
		for _, o := range p.outcomes {
			w := byOutcome[o.to]
			part := budget * int64(o.pct) / 100
			switch {
			case p.scope == scopeRegion:
				w.component(g, p.region).xbdc += part
			case len(p.countries) == 0:
				w.component(g, devcoop.ComponentGlobal).xbdc += part
			}
			for _, c := range p.countries {
				inCountry := part * int64(c.pct) / 100
				var links []share[*cpo]
				total := 0
				for _, x := range p.cpos {
					if x.to.outcome == o.to && x.to.Country == c.to.Code {
						links = append(links, x)
						total += x.pct
					}
				}
				if len(links) == 0 {
					w.component(g, c.to.Code).xbdc += inCountry
					continue
				}
				for _, x := range links {
					w.component(g, x.to.Code).xbdc += inCountry * int64(x.pct) / int64(total)
				}
			}
		}
	}
}

// dollars turns whole dollars into cents.
func dollars(n int) int64 { return int64(n) * 100 }

// roundK rounds cents to whole thousands of dollars.
func roundK(c int64) int64 { return (c + 50_000) / 100_000 * 100_000 }

// size sets what a component requires and what the regular budget plans
// there. A component with projects is given a coverage, mostly short of
// its requirement, sometimes full or in surplus; one without projects a
// requirement of its own, covered by the regular budget at most.
func (g *generator) size(r *rng, w *workplan, c *wpComponent) {
	var share int // per mille of the requirement the regular budget pays
	switch c.kind {
	case devcoop.ComponentGlobalK:
		share = r.between(400, 600)
		if slices.Contains(hqHeavy, w.outcome.Code) {
			share = r.between(550, 750)
		}
	case devcoop.ComponentRegion:
		share = r.between(300, 550)
	default:
		share = r.between(80, 260)
	}
	if !c.eligible() {
		share = r.between(500, 900)
	}
	if c.xbdc > 0 {
		var cov int // per mille of the requirement available
		switch r.weighted([]int{68, 14, 18}) {
		case 0:
			cov = r.between(450, 930)
		case 1:
			cov = r.between(990, 1060)
		default:
			cov = r.between(1080, 1500)
		}
		share = min(share, cov-200)
		c.required = c.xbdc * 1000 / int64(cov-share)
	} else {
		switch c.kind {
		case devcoop.ComponentGlobalK:
			c.required = dollars(r.between(1_500_000, 6_000_000))
		case devcoop.ComponentRegion:
			c.required = dollars(r.between(500_000, 2_500_000))
		case devcoop.ComponentCPO:
			c.required = dollars(r.between(120_000, 900_000))
		default:
			c.required = dollars(r.between(80_000, 500_000))
		}
		if c.eligible() && c.country != nil && r.chance(25) {
			share = 0 // nothing yet from any source
		}
	}
	c.required = roundK(max(c.required, c.floor()))
	regular := c.required * int64(share) / 1000
	switch {
	case c.kind == devcoop.ComponentGlobalK || !c.eligible():
		c.rb = regular
	case c.kind == devcoop.ComponentRegion:
		c.rb = regular
		if r.chance(30) {
			c.rbtc = regular * int64(r.between(20, 40)) / 100
			c.rb -= c.rbtc
		}
	default:
		// Technical cooperation from the regular budget, and sometimes the
		// time of a specialist of the Decent Work Team.
		c.rbtc = regular
		if r.chance(45) {
			c.rb = regular * int64(r.between(30, 60)) / 100
			c.rbtc -= c.rb
		}
	}
	c.rb, c.rbtc = roundK(c.rb), roundK(c.rbtc)
}

// floor is the least a component of its kind requires.
func (c *wpComponent) floor() int64 {
	switch c.kind {
	case devcoop.ComponentGlobalK:
		return dollars(500_000)
	case devcoop.ComponentRegion:
		return dollars(200_000)
	}
	return dollars(40_000)
}

// calibrateRequirements scales every requirement by one factor, so that
// what is available, with a first RBSA round of some US$ 15 million,
// covers 72–77% of what is required: the requirement exceeds the
// resources by some 30–40%, whatever the seed.
func (g *generator) calibrateRequirements(r *rng) {
	var required, available int64
	for _, w := range g.p.workplans {
		for _, c := range w.comps {
			required += c.required
			available += c.xbdc + c.rb + c.rbtc
		}
	}
	available += dollars(15_000_000)
	goal := int64(r.between(720, 770)) // per mille
	factor := available * 1_000_000 / (required * goal / 1000)
	for _, w := range g.p.workplans {
		for _, c := range w.comps {
			c.required = roundK(max(c.required*factor/1_000_000, c.floor()))
		}
	}
}

// targets sets the results a workplan expects: one for every CPO of the
// outcome, and for the countries with the most extra-budgetary money up to
// the outcome's indicator targets.
func (g *generator) targets(r *rng, w *workplan) {
	indicatorSum, cpos := 0, 0
	for _, ind := range w.outcome.Indicators {
		indicatorSum += ind.Target
	}
	var countries []*wpComponent
	for _, c := range w.comps {
		switch c.kind {
		case devcoop.ComponentCPO:
			c.hasTarget = true
			cpos++
		case devcoop.ComponentCountry:
			countries = append(countries, c)
		}
	}
	slices.SortStableFunc(countries, func(a, b *wpComponent) int { return int(min(max(b.xbdc-a.xbdc, -1), 1)) })
	for _, c := range countries[:min(len(countries), max(2, indicatorSum-cpos))] {
		c.hasTarget = true
	}
	text := textFor(w.outcome.Code)
	for _, c := range w.comps {
		if !c.hasTarget {
			continue
		}
		t := devcoop.WorkplanTarget{Component: c.key, MemberStates: 1}
		if c.cpo != nil {
			t.Result = c.cpo.Title
		} else {
			t.Result = fmt.Sprintf(pick(r, text.cpo), c.country.short)
		}
		if r.chance(10) {
			t.MemberStates = 0 // a step on the way that does not count yet
		}
		n := r.between(1, 3)
		missed := false
		for step := 3 - n; step < 3; step++ {
			var due devcoop.Date
			switch step {
			case 0:
				due = endOfMonth(2014, r.between(4, 12))
			case 1:
				due = endOfMonth(2015, r.between(1, 6))
			default:
				due = endOfMonth(2015, r.between(7, 12))
			}
			m := devcoop.Milestone{Due: due, Description: pick(r, milestoneSteps[step])}
			switch {
			case due.Before(today):
				m.Status = []string{devcoop.MilestoneMet, devcoop.MilestoneAtRisk, devcoop.MilestoneMissed}[r.weighted([]int{82, 11, 7})]
			case missed && r.chance(60):
				m.Status = devcoop.MilestoneAtRisk
			default:
				m.Status = []string{devcoop.MilestonePlanned, devcoop.MilestoneAtRisk}[r.weighted([]int{84, 16})]
			}
			missed = missed || m.Status == devcoop.MilestoneMissed
			t.Milestones = append(t.Milestones, m)
		}
		w.Targets = append(w.Targets, t)
		w.indicators = append(w.indicators, r.intn(len(w.outcome.Indicators)))
	}
}

func endOfMonth(y, m int) devcoop.Date {
	return devcoop.Date{Time: devcoop.NewDate(y, 1, 1).AddDate(0, m, -1)}
}

// bounds puts limits on un-earmarked allocations to some components: a
// minimum the coordinator has promised, a maximum the component can
// absorb, or both. The minimums stay small beside an RBSA round.
func (g *generator) bounds(r *rng) {
	var mins int64
	for _, w := range g.p.workplans {
		for _, c := range w.comps {
			if !c.eligible() || c.gap() < dollars(100_000) {
				continue
			}
			kind := r.weighted([]int{84, 7, 5, 4}) // none, minimum, maximum, both
			if kind == 1 || kind == 3 {
				if m := dollars(5_000 * r.between(5, 30)); mins+m <= dollars(4_000_000) {
					c.min = m
					mins += m
				}
			}
			switch kind {
			case 2:
				c.max = dollars(10_000 * r.between(20, 120))
			case 3:
				c.max = c.min + dollars(10_000*r.between(10, 80))
			}
		}
	}
}

// rbsaRound records the first allocation of un-earmarked funds of the
// period, decided in March 2014: some forty to sixty components with
// gaps, poorer and DWCP priority countries first, never a country that is
// not eligible for official development assistance.
func (g *generator) rbsaRound() {
	r := newRNG(g.seed, "rbsa")
	type cand struct {
		w *workplan
		c *wpComponent
	}
	var cands []cand
	var weights []int
	for _, w := range g.p.workplans {
		for _, c := range w.comps {
			if !c.eligible() || c.gap() < dollars(150_000) {
				continue
			}
			wt := 2
			switch {
			case c.kind == devcoop.ComponentRegion:
				wt = 4
			case c.kind == devcoop.ComponentGlobalK:
				wt = 3
			case c.country.IncomeGroup == devcoop.LowIncome:
				wt += 4
			case c.country.IncomeGroup == devcoop.LowerMiddleIncome:
				wt += 2
			}
			if c.country != nil && c.country.DWCPPriority {
				wt += 3
			}
			if c.xbdc == 0 {
				wt += 2
			}
			cands = append(cands, cand{w, c})
			weights = append(weights, wt)
		}
	}
	n := min(r.between(45, 58), len(cands))
	var chosen []cand
	var raw []int64
	var sum int64
	for len(chosen) < n {
		i := r.weighted(weights)
		x := cands[i]
		weights[i] = 0
		a := min(dollars(1000*r.between(80, 650)), x.c.gap()*6/10)
		chosen = append(chosen, x)
		raw = append(raw, a)
		sum += a
	}
	if n == 0 {
		return
	}
	total := dollars(1000 * r.between(13_500, 16_500))
	// In the order of the workplans, so the decisions read outcome by
	// outcome.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	pos := func(x cand) int {
		for i, w := range g.p.workplans {
			if w == x.w {
				return i*10_000 + slices.Index(w.comps, x.c)
			}
		}
		return 0
	}
	slices.SortStableFunc(order, func(a, b int) int { return pos(chosen[a]) - pos(chosen[b]) })
	for _, i := range order {
		x := chosen[i]
		a := raw[i] * total / sum
		a = min(a, x.c.gap()*9/10)
		if x.c.max > 0 {
			a = min(a, x.c.max)
		}
		a = max(a, dollars(50_000)) / dollars(5_000) * dollars(5_000)
		x.c.rbsa = a
		d := &decision{outcome: x.w.outcome, decider: "director@devcoop.example"}
		d.Period, d.Pool, d.Component = currentPeriod, "RBSA-2014", x.c.key
		d.Amount = money.FromCents(a)
		d.DecidedAt = devcoop.NewDate(2014, 3, 15)
		d.Reason = g.rbsaReason(r, x.w, x.c)
		g.p.decisions = append(g.p.decisions, d)
	}
}

func (g *generator) rbsaReason(r *rng, w *workplan, c *wpComponent) string {
	o := w.outcome
	switch c.kind {
	case devcoop.ComponentGlobalK:
		return fmt.Sprintf("Global products for outcome %s (%s): tools, research and guidance that donors rarely fund.", o.Code, lowerFirst(o.Title))
	case devcoop.ComponentRegion:
		return fmt.Sprintf("Technical support by the Decent Work Teams in %s, which no extra-budgetary project covers.", regionText(c.region))
	}
	var why []string
	switch c.country.IncomeGroup {
	case devcoop.LowIncome:
		why = append(why, "low-income country")
	case devcoop.LowerMiddleIncome:
		why = append(why, "lower-middle-income country")
	}
	if c.country.DWCPPriority {
		why = append(why, "DWCP priority")
	}
	if c.xbdc == 0 {
		why = append(why, "no extra-budgetary funding yet")
	} else if pct := c.xbdc * 100 / c.required; pct < 60 {
		why = append(why, fmt.Sprintf("projects cover only %d%% of the requirement", pct))
	}
	lead := pick(r, []string{"Seed funding", "Catalytic funding", "Bridging funding"})
	what := "the country programme outcome " + c.key
	if c.cpo == nil {
		what = "results in " + c.country.short
	}
	if len(why) == 0 {
		return fmt.Sprintf("%s for %s.", lead, what)
	}
	return fmt.Sprintf("%s for %s: %s.", lead, what, strings.Join(why, ", "))
}

// finish writes the workplan's requirements, plans and summary.
func (w *workplan) finish(g *generator, r *rng) {
	countries, cpos := 0, 0
	var regions []string
	for _, c := range w.comps {
		req := devcoop.Requirement{Component: c.key, Amount: money.FromCents(c.required).Round(0), MinRBSA: money.FromCents(c.min).Round(0), MaxRBSA: money.FromCents(c.max).Round(0)}
		switch {
		case c.xbdc == 0 && c.kind != devcoop.ComponentGlobalK:
			req.Note = "No extra-budgetary funding yet: among the resource mobilization priorities."
		case r.chance(15):
			req.Note = pick(r, requirementNotes)
		}
		w.Requirements = append(w.Requirements, req)
		for _, p := range []struct {
			src devcoop.FundSource
			amt int64
		}{{devcoop.SourceRB, c.rb}, {devcoop.SourceRBTC, c.rbtc}} {
			if p.amt > 0 {
				w.Plans = append(w.Plans, devcoop.SourcePlan{Component: c.key, Source: p.src, Amount: money.FromCents(p.amt).Round(0)})
			}
		}
		switch c.kind {
		case devcoop.ComponentCountry:
			countries++
		case devcoop.ComponentCPO:
			cpos++
		case devcoop.ComponentRegion:
			regions = append(regions, regionText(c.region))
		}
	}
	o := w.outcome
	text := textFor(o.Code)
	w.Summary = fmt.Sprintf("Outcome %s, %s: the Office %s. In 2014–15 it plans results through %d country programme outcomes and in %d more countries, "+
		"with regional support in %s, and global products led by the %s.",
		o.Code, lowerFirst(o.Title), text.aim, cpos, countries, joinNames(regions), g.office[text.hq].Name)
	if len(regions) == 0 {
		w.Summary = strings.Replace(w.Summary, ", with regional support in ", "", 1)
	}
}
