package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"devcoop"
	"devcoop/codelist"
	"devcoop/money"
)

// IATIOrganisation is the reporting organisation's IATI identifier; project
// identifiers are it, a hyphen, and the project code.
const IATIOrganisation = "XM-DAC-41302"

// Today is the demo's fixed "today": the middle of the 2014–15 biennium, so
// the portfolio has a past, a present and a future.
func Today() devcoop.Date { return devcoop.NewDate(2015, 6, 30) }

var (
	today          = Today()
	currentStart   = devcoop.NewDate(2014, 1, 1)
	earliestSigned = devcoop.NewDate(2012, 1, 2)
)

type scopeKind int

const (
	scopeCountry scopeKind = iota
	scopeMulti             // several countries of one region
	scopeRegion
	scopeGlobal
)

// project is a project being generated, with what its transactions and
// agreements need to know.
type project struct {
	devcoop.Project
	office    *office
	scope     scopeKind
	countries []share[*country]
	region    string
	outcomes  []share[*outcome]
	cpos      []share[*cpo]
	funders   []share[*partner]

	sizeUSD  int64        // whole dollars
	total    int64        // sum of budgets, in minor units of Currency
	budgets  []int64      // each budget, in minor units of Currency
	delivery int          // per cent of the budget it spends, on average
	ipShare  int          // per cent of spending passed to implementing partners
	spendTo  devcoop.Date // the last day it spends money
}

// Sizes in US dollars: bucket bounds, and bucket weights by source and by
// how large a partner's projects tend to be.
var (
	sizeBounds   = []int64{50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 15_000_000}
	sizeXBDC     = [3][]int{{60, 60, 44, 24, 10, 2, 0, 0}, {36, 48, 46, 36, 22, 8, 3, 1}, {20, 36, 44, 44, 34, 14, 6, 2}}
	sizeRBSA     = []int{25, 30, 25, 15, 5, 0, 0, 0}
	sizeRBTC     = []int{55, 35, 10, 0, 0, 0, 0, 0}
	startYears   = []int{2012, 2013, 2014, 2015, 2016}
	startWeights = []int{18, 24, 28, 22, 8}
	durations    = []int{12, 18, 24, 30, 36, 48, 60}
	durWeights   = []int{8, 10, 22, 10, 25, 17, 8}
	regionCodes  = []string{"AFR", "AME", "ARB", "ASP", "ECA"}
	regionWeight = []int{35, 18, 10, 25, 12}
	conflict     = []string{"YE", "SY", "CF", "SS"}
	// related outcomes: a project's second outcome is usually one of these.
	related = map[string][]string{
		"1": {"2", "3", "19"}, "2": {"1", "3"}, "3": {"1", "2", "13"}, "4": {"19", "8"}, "5": {"6", "13", "17"},
		"6": {"11", "5"}, "7": {"15", "5"}, "8": {"4", "17"}, "9": {"12", "3"}, "10": {"12", "14"}, "11": {"6", "18"},
		"12": {"10", "9", "14"}, "13": {"5", "6"}, "14": {"10", "18"}, "15": {"16", "7"}, "16": {"15", "2"}, "17": {"5", "4"},
		"18": {"14", "11"}, "19": {"1", "4"},
	}
	splits2 = [][]int{{60, 40}, {70, 30}, {50, 50}, {75, 25}, {80, 20}}
	splits3 = [][]int{{50, 30, 20}, {40, 40, 20}, {60, 25, 15}}
)

func (g *generator) generateProjects() {
	r := newRNG(g.seed, "projects")
	for _, o := range outcomeSpecs {
		for _, s := range textFor(o.code).sectors {
			if !codelist.Sector().Active(s) {
				panic("demo: sector " + s + " is not active")
			}
		}
	}
	seq := map[string]int{}
	var leadWeights []int
	for _, p := range g.p.partners {
		leadWeights = append(leadWeights, p.spec.weight)
	}
	for i := 0; i < g.projects; i++ {
		p := &project{}
		p.Source = []devcoop.FundSource{devcoop.SourceXBDC, devcoop.SourceRBSA, devcoop.SourceRBTC, devcoop.SourceRB}[r.weighted([]int{78, 10, 10, 2})]
		var lead *partner
		if p.Source == devcoop.SourceXBDC {
			lead = g.p.partners[r.weighted(leadWeights)]
		}
		g.geography(r, p, lead)
		g.schedule(r, p)
		g.chooseOutcomes(r, p, lead)
		g.chooseOffice(p)
		g.budget(r, p, lead)
		g.linkCPOs(p)
		if lead != nil {
			g.chooseFunders(r, p, lead)
		}
		g.describe(r, p, lead, seq)
		g.p.projects = append(g.p.projects, p)
	}
}

// geography chooses where the project works.
func (g *generator) geography(r *rng, p *project, lead *partner) {
	if lead != nil && lead.Kind == devcoop.PartnerDomestic {
		p.scope = scopeCountry
		p.countries = []share[*country]{{g.country[lead.Country], 100}}
		p.region = g.country[lead.Country].Region
		return
	}
	switch p.Source {
	case devcoop.SourceXBDC:
		p.scope = scopeKind(r.weighted([]int{74, 8, 7, 11}))
	case devcoop.SourceRBSA:
		p.scope = scopeKind(r.weighted([]int{85, 3, 7, 5}))
	case devcoop.SourceRBTC:
		p.scope = scopeKind(r.weighted([]int{70, 0, 20, 10}))
	default:
		p.scope = scopeKind(r.weighted([]int{0, 0, 40, 60}))
	}
	p.region = regionCodes[r.weighted(regionWeight)]
	if lead != nil && len(lead.regions) > 0 && r.chance(75) {
		p.region = pick(r, lead.regions)
	}
	switch p.scope {
	case scopeCountry:
		p.countries = []share[*country]{{g.recipient(r, p.region, p.Source), 100}}
	case scopeMulti:
		n := r.between(2, 4)
		var cs []*country
		for len(cs) < n {
			c := g.recipient(r, p.region, p.Source)
			if !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		g.splitCountries(r, p, cs)
	case scopeRegion:
		// The regional share is set on write: Regions = [{region, 100}].
	case scopeGlobal:
		p.region = ""
		if r.chance(30) {
			n := r.between(2, 4)
			var cs []*country
			for _, reg := range sample(r, regionCodes, n) {
				cs = append(cs, g.recipient(r, reg, p.Source))
			}
			g.splitCountries(r, p, cs)
		}
	}
}

func (g *generator) splitCountries(r *rng, p *project, cs []*country) {
	ws := make([]int, len(cs))
	for i := range ws {
		ws[i] = r.between(1, 5)
	}
	// The first country is the main one.
	ws[0] += 3
	for i, v := range splitPercent(ws) {
		p.countries = append(p.countries, share[*country]{cs[i], v})
	}
}

// recipient draws an ODA-eligible country of a region: DWCP countries,
// and for un-earmarked money poorer ones, more often.
func (g *generator) recipient(r *rng, region string, src devcoop.FundSource) *country {
	var cs []*country
	var ws []int
	for _, c := range g.p.countries {
		if c.Region != region || !c.ODAEligible {
			continue
		}
		w := 2
		switch c.flag {
		case 'P':
			w = 6
		case 'D':
			w = 4
		}
		if src == devcoop.SourceRBSA && (c.IncomeGroup == devcoop.LowIncome || c.IncomeGroup == devcoop.LowerMiddleIncome) {
			w *= 2
		}
		cs = append(cs, c)
		ws = append(ws, w)
	}
	return cs[r.weighted(ws)]
}

// schedule sets the dates and the status as they stand on the demo's today.
func (g *generator) schedule(r *rng, p *project) {
	year := startYears[r.weighted(startWeights)]
	day := 1
	if r.chance(25) {
		day = 16
	}
	p.PlannedStart = devcoop.NewDate(year, time.Month(1+r.intn(12)), day)
	months := durations[r.weighted(durWeights)]
	p.PlannedEnd = addMonths(p.PlannedStart, months).AddDays(-1)

	if !p.PlannedStart.Before(currentStart) && p.PlannedStart.Before(devcoop.NewDate(2016, 7, 1)) && r.chance(3) {
		p.Status = devcoop.StatusCancelled
		return
	}
	if p.PlannedStart.After(today) {
		p.Status = devcoop.StatusPipeline
		return
	}
	delay := 0
	switch k := r.intn(100); {
	case k < 25:
		delay = r.between(1, 60)
	case k < 40:
		delay = r.between(61, 200)
	}
	start := p.PlannedStart.AddDays(delay)
	if start.After(today) {
		p.Status = devcoop.StatusPipeline // approved, but its start has slipped
		return
	}
	p.ActualStart = start
	p.spendTo = minDate(today, p.PlannedEnd)
	switch {
	case p.PlannedEnd.Before(today):
		ago := p.PlannedEnd.DaysUntil(today)
		if ago <= 90 || (ago <= 365 && r.chance(15)) {
			p.Status = devcoop.StatusFinalisation // operations over, accounts not yet closed
			return
		}
		p.Status = devcoop.StatusClosed
		p.ActualEnd = minDate(today, p.PlannedEnd.AddDays(r.between(0, 60)))
	case (slices.Contains(conflict, p.mainCountry()) && r.chance(35)) || r.chance(1):
		from := p.ActualStart.AddDays(r.between(90, 400))
		if from.Before(today.AddDays(-30)) {
			p.Status = devcoop.StatusSuspended
			p.spendTo = from
			return
		}
		p.Status = devcoop.StatusImplementation
	default:
		p.Status = devcoop.StatusImplementation
	}
}

func (p *project) mainCountry() string {
	if len(p.countries) == 0 {
		return ""
	}
	return p.countries[0].to.Code
}

// period returns the programme period whose outcomes the project serves:
// projects that ended before 2014 served those of 2012–13.
func (p *project) period() string {
	if p.End().Before(currentStart) {
		return "2012-13"
	}
	return currentPeriod
}

// chooseOutcomes links the project to one or two outcomes: what its funder
// cares about, what its country programme asks for, or what its region
// needs.
func (g *generator) chooseOutcomes(r *rng, p *project, lead *partner) {
	var first string
	c := g.country[p.mainCountry()]
	switch {
	case lead != nil && len(lead.focus) > 0 && r.chance(focusChance(lead)):
		first = lead.focus[r.weighted(focusWeights(len(lead.focus)))]
	case c != nil && c.dwcp != nil && r.chance(70):
		first = pick(r, c.dwcp.cpos).outcome.Code
	default:
		os, ws := g.outcomeWeights(p.region)
		first = os[r.weighted(ws)].Code
	}
	codes := []string{first}
	if r.chance(25) {
		second := pick(r, related[first])
		if c != nil && c.dwcp != nil && r.chance(50) {
			if o := pick(r, c.dwcp.cpos).outcome.Code; o != first {
				second = o
			}
		}
		codes = append(codes, second)
	}
	split := []int{100}
	if len(codes) == 2 {
		split = pick(r, splits2)
	}
	for i, code := range codes {
		p.outcomes = append(p.outcomes, share[*outcome]{g.outcomeOf(p.period(), code), split[i]})
	}
}

// focusChance is how often a partner's project serves its own interests:
// specialised partners fund little else.
func focusChance(p *partner) int {
	if len(p.focus) <= 2 {
		return 90
	}
	return 60
}

// focusWeights favours a partner's first interests.
func focusWeights(n int) []int {
	ws := make([]int, n)
	for i := range ws {
		ws[i] = n - i + 1
	}
	return ws
}

// chooseOffice gives the project to the office that covers its countries,
// the regional office for regional work, or a department at headquarters
// for global work.
func (g *generator) chooseOffice(p *project) {
	switch p.scope {
	case scopeCountry:
		p.office = p.countries[0].to.office
	case scopeMulti:
		p.office = p.countries[0].to.office
		for _, c := range p.countries[1:] {
			if c.to.office != p.office {
				p.office = g.regionalOffice(p.region)
				break
			}
		}
	case scopeRegion:
		p.office = g.regionalOffice(p.region)
	case scopeGlobal:
		p.office = g.office[textFor(p.outcomes[0].to.Code).hq]
	}
}

// budget sizes the project and spreads its budget over calendar years.
func (g *generator) budget(r *rng, p *project, lead *partner) {
	var ws []int
	switch p.Source {
	case devcoop.SourceXBDC:
		ws = sizeXBDC[lead.spec.size+1]
	case devcoop.SourceRBSA:
		ws = sizeRBSA
	default:
		ws = sizeRBTC
	}
	b := r.weighted(ws)
	lo, hi := sizeBounds[b]/1000, sizeBounds[b+1]/1000
	p.sizeUSD = int64(r.between(int(lo), int(hi))) * 1000
	p.Currency = money.USD
	if lead != nil {
		p.Currency = lead.spec.cur
	}
	p.delivery = r.between(62, 92)
	if r.chance(10) {
		p.delivery = r.between(40, 61) // a slow starter
	}
	if p.Source == devcoop.SourceXBDC && r.chance(22) || p.Source == devcoop.SourceRBSA && r.chance(5) {
		p.ipShare = r.between(10, 35)
	}

	start, end := p.Start(), p.End()
	total := roundTo(g.rates.fromUSD(p.sizeUSD, p.Currency, p.PlannedStart), p.Currency, 100)
	days := start.DaysUntil(end) + 1
	var given int64
	for y := start.Year(); y <= end.Year(); y++ {
		from := maxDate(start, devcoop.NewDate(y, 1, 1))
		to := minDate(end, devcoop.NewDate(y, 12, 31))
		part := total * int64(from.DaysUntil(to)+1) / int64(days)
		amt := roundTo(r.jitter(part, 12), p.Currency, 100)
		if y == end.Year() && total-given > part/3 {
			amt = total - given
		}
		if amt <= 0 {
			amt = roundTo(part, p.Currency, 100)
		}
		given += amt
		p.budgets = append(p.budgets, amt)
		revised := y == 2015 && p.Status == devcoop.StatusImplementation && r.chance(20)
		p.Budgets = append(p.Budgets, devcoop.Budget{PeriodStart: from, PeriodEnd: to, Amount: wholeAmount(amt, p.Currency),
			Currency: p.Currency, ValueDate: from, Revised: revised})
	}
	p.total = given
}

// linkCPOs links the project to every country programme outcome, in its
// countries, that serves one of its outcomes.
func (g *generator) linkCPOs(p *project) {
	var cs []*cpo
	for _, c := range p.countries {
		if c.to.dwcp == nil {
			continue
		}
		for _, x := range c.to.dwcp.cpos {
			for _, o := range p.outcomes {
				if x.outcome == o.to {
					cs = append(cs, x)
				}
			}
		}
	}
	ws := make([]int, len(cs))
	for i := range ws {
		ws[i] = 1
	}
	for i, v := range splitPercent(ws) {
		p.cpos = append(p.cpos, share[*cpo]{cs[i], v})
	}
}

// chooseFunders adds co-funders to an extra-budgetary project's lead.
func (g *generator) chooseFunders(r *rng, p *project, lead *partner) {
	funders := []*partner{lead}
	n := 1
	switch k := r.intn(100); {
	case k < 3:
		n = 3
	case k < 15:
		n = 2
	}
	for tries := 0; len(funders) < n && tries < 20; tries++ {
		var c *partner
		if dom := g.domesticFunder(p.mainCountry()); dom != nil && p.scope == scopeCountry && r.chance(40) {
			c = dom
		} else {
			c = g.p.partners[r.intn(len(g.p.partners))]
		}
		if c.Kind == devcoop.PartnerDomestic && (p.scope != scopeCountry || c.Country != p.mainCountry()) {
			continue
		}
		if !slices.Contains(funders, c) {
			funders = append(funders, c)
		}
	}
	split := []int{100}
	switch len(funders) {
	case 2:
		split = pick(r, splits2)
	case 3:
		split = pick(r, splits3)
	}
	for i, f := range funders {
		p.funders = append(p.funders, share[*partner]{f, split[i]})
	}
}

func (g *generator) domesticFunder(country string) *partner {
	for _, p := range g.p.partners {
		if p.Kind == devcoop.PartnerDomestic && p.Country == country {
			return p
		}
	}
	return nil
}

// describe writes the project's code, title, description, sectors and
// policy markers, and decides whether it is published.
func (g *generator) describe(r *rng, p *project, lead *partner, seq map[string]int) {
	loc := "GLO"
	switch p.scope {
	case scopeCountry:
		loc = p.countries[0].to.Alpha3
	case scopeMulti, scopeRegion:
		loc = regionPrefix(p.region)
	}
	suffix := map[devcoop.FundSource]string{devcoop.SourceRBSA: "RBS", devcoop.SourceRBTC: "RBT", devcoop.SourceRB: "ILO"}[p.Source]
	if lead != nil {
		suffix = lead.spec.suffix
	}
	yy := p.PlannedStart.Year() % 100
	key := fmt.Sprintf("%s/%02d", loc, yy)
	seq[key]++
	p.Code = fmt.Sprintf("%s/%02d/%02d/%s", loc, yy, seq[key], suffix)
	p.IATIIdentifier = IATIOrganisation + "-" + p.Code

	main := p.outcomes[0].to
	text := textFor(main.Code)
	where := ""
	switch p.scope {
	case scopeCountry:
		where = p.countries[0].to.short
	case scopeMulti:
		var names []string
		for _, c := range p.countries {
			names = append(names, c.to.short)
		}
		where = joinNames(names)
	case scopeRegion:
		where = regionText(p.region)
	}
	title := pick(r, text.titles)
	if where != "" {
		title += " in " + where
	} else {
		title = "Global programme: " + title
	}
	if r.chance(12) {
		title += ", phase " + pick(r, []string{"II", "II", "III"})
	}
	p.Title = title

	var d strings.Builder
	place := where
	if place == "" {
		place = "several regions"
	}
	fmt.Fprintf(&d, "Working with %s in %s, the project %s. ", pick(r, constituentPhrases), place, text.aim)
	fmt.Fprintf(&d, "It contributes to outcome %s of the programme and budget for %s (%s)", main.Code, main.Period, lowerFirst(main.Title))
	if len(p.cpos) > 0 {
		var codes []string
		for _, c := range p.cpos {
			codes = append(codes, c.to.Code)
		}
		fmt.Fprintf(&d, " and to country programme outcome%s %s", plural(len(codes)), joinNames(codes))
	}
	d.WriteString(".")
	if lead != nil {
		fmt.Fprintf(&d, " Funded by %s.", g.funderNames(p.funders))
	}
	p.Description = d.String()

	// Sectors follow the outcomes; a single-outcome project sometimes
	// reports a second sector too.
	var sectors []share[string]
	for _, o := range p.outcomes {
		s := textFor(o.to.Code).sectors[0]
		if i := slices.IndexFunc(sectors, func(x share[string]) bool { return x.to == s }); i >= 0 {
			sectors[i].pct += o.pct
			continue
		}
		sectors = append(sectors, share[string]{s, o.pct})
	}
	if len(sectors) == 1 && len(text.sectors) > 1 && r.chance(35) {
		split := pick(r, splits2)
		sectors = []share[string]{{text.sectors[0], split[0]}, {pick(r, text.sectors[1:]), split[1]}}
	}
	for _, s := range sectors {
		p.Sectors = append(p.Sectors, devcoop.SectorShare{Sector: s.to, Percentage: pct(s.pct)})
	}

	gender := "1"
	switch {
	case main.Code == "17" || strings.Contains(p.Title, "omen"):
		gender = "2"
	case r.chance(20):
		gender = "0"
	}
	p.PolicyMarkers = []devcoop.PolicyMarker{{Code: "1", Significance: gender}}
	switch main.Code {
	case "9", "10", "11", "12", "14", "18", "19":
		p.PolicyMarkers = append(p.PolicyMarkers, devcoop.PolicyMarker{Code: "3", Significance: pick(r, []string{"1", "1", "2"})})
	case "3", "13":
		if r.chance(40) {
			p.PolicyMarkers = append(p.PolicyMarkers, devcoop.PolicyMarker{Code: "2", Significance: "1"})
		}
	case "5":
		if r.chance(30) {
			p.PolicyMarkers = append(p.PolicyMarkers, devcoop.PolicyMarker{Code: "4", Significance: "1"})
		}
	}
	if main.Code == "17" && r.chance(30) || main.Code == "2" && r.chance(15) {
		p.PolicyMarkers = append(p.PolicyMarkers, devcoop.PolicyMarker{Code: "11", Significance: "1"})
	}

	if p.Status != devcoop.StatusPipeline && p.Status != devcoop.StatusCancelled {
		// Approved projects are published to IATI and the public portal
		// unless there is a reason not to (a donor's terms, security).
		chance := 88
		if lead != nil && slices.Contains([]string{"GBR", "NLD", "SWE", "EEC", "DNK", "FIN"}, lead.Code) {
			chance = 98 // partners that ask for IATI publication
		}
		p.Published = r.chance(chance)
	}
}

// funderNames names a project's funders in running text.
func (g *generator) funderNames(fs []share[*partner]) string {
	var names []string
	for _, f := range fs {
		name := f.to.Name
		switch {
		case f.to.Kind == devcoop.PartnerDomestic:
			name = "the Government of " + g.country[f.to.Country].short
		case slices.Contains(needsArticle, name):
			name = "the " + name
		}
		names = append(names, name)
	}
	return joinNames(names)
}

var needsArticle = []string{"Netherlands", "United Kingdom", "United States", "Republic of Korea", "Russian Federation", "European Union"}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
