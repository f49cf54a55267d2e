package demo

import (
	"fmt"
	"slices"

	"devcoop"
	"devcoop/money"
)

// opportunity is a pipeline deal being generated.
type opportunity struct {
	devcoop.Opportunity
	partner   *partner
	office    *office
	agreement *agreement // the agreement it became, once signed
	targets   []oppTarget
}

// oppTarget is where an opportunity's money would go.
type oppTarget struct {
	outcome   *outcome
	component string
	pct       int
}

// scenario is a saved what-if being generated.
type scenario struct {
	devcoop.Scenario
	signed, lost []*opportunity
	creator      string // demo user email
}

// Probabilities by stage: the further a deal has come, the likelier it
// is to be signed.
var stageProbability = map[string]int64{
	devcoop.StageProspect: 10, devcoop.StageConcept: 25, devcoop.StageSubmitted: 50, devcoop.StageNegotiation: 75,
	devcoop.StageSigned: 100, devcoop.StageLost: 0,
}

var stageNotes = map[string][]string{
	devcoop.StageProspect: {"First meeting with the desk officer; the donor's call for proposals opens in the autumn.",
		"Raised at the annual consultations; the donor asked for a short concept.", "Lead from the UN country team."},
	devcoop.StageConcept: {"Concept note sent; the donor's comments are expected within a month.",
		"Concept note discussed with the embassy; a full proposal was invited.", "Concept note under the donor's internal review."},
	devcoop.StageSubmitted: {"Full proposal submitted after the quality appraisal.", "Proposal submitted; the donor's committee meets next quarter.",
		"Revised proposal sent after the donor's questions on the budget."},
	devcoop.StageNegotiation: {"Agreement text under negotiation; the budget is agreed.", "Donor's legal review of the agreement under way.",
		"Waiting for the donor's signature."},
	devcoop.StageLost: {"The donor moved its funding to humanitarian response.", "Not retained in the donor's call for proposals.",
		"The government changed its priorities after the elections.", "The donor chose another UN agency.", "Withdrawn: the donor's 2015 budget was cut."},
}

// pipeline builds the resource-mobilization pipeline: the deals of
// 2014–15 already signed (each linked both ways to its agreement), those
// lost, and the open ones, sized so that what is signed plus the weighted
// pipeline lands near the period's target; and, for 2016–17, the
// lightly earmarked renewals under negotiation.
func (g *generator) pipeline() {
	r := newRNG(g.seed, "pipeline")
	seq := map[string]int{}
	code := func(period string) string {
		seq[period]++
		return fmt.Sprintf("OPP-%s%s-%03d", period[2:4], period[5:7], seq[period])
	}

	// Signed: some of the period's larger agreements came through the
	// pipeline.
	var signed []*agreement
	for _, a := range g.p.agreements {
		if (a.Status != devcoop.AgreementSigned && a.Status != devcoop.AgreementClosed) || a.SignedDate.Before(currentStart) || a.SignedDate.After(today) ||
			a.Modality == devcoop.ModalityUnearmarked || a.partner.Kind == devcoop.PartnerDomestic {
			continue
		}
		if g.rates.convert(a.total, a.Currency, money.USD, a.SignedDate) < dollars(800_000) {
			continue
		}
		signed = append(signed, a)
	}
	signed = sample(r, signed, r.between(12, 16))
	slices.SortStableFunc(signed, func(a, b *agreement) int { return a.SignedDate.Compare(b.SignedDate.Time) })
	for _, a := range signed {
		o := &opportunity{partner: a.partner, office: a.office, agreement: a}
		o.Code, o.Title, o.Stage, o.Modality = code(currentPeriod), a.Title, devcoop.StageSigned, a.Modality
		o.Currency, o.Amount, o.Period, o.MultiAnnual = a.Currency, a.Amount, currentPeriod, a.MultiAnnual()
		o.ExpectedSign = maxDate(a.SignedDate.AddDays(-r.between(0, 60)), currentStart)
		o.Probability = money.FromInt(100)
		o.targets = g.agreementTargets(a)
		o.Notes = "Signed as agreement " + a.Code + "."
		a.opportunity = o
		g.p.opportunities = append(g.p.opportunities, o)
	}

	// Norway's programme cooperation agreement is close to signature; a
	// saved scenario signs it early.
	nor := g.partner["NOR"]
	norway := &opportunity{partner: nor, office: g.office["PARDEV"]}
	norway.Code, norway.Stage, norway.Modality, norway.Currency = code(currentPeriod), devcoop.StageNegotiation, devcoop.ModalityLight, nor.spec.cur
	norway.Title = "Norway–ILO Programme Cooperation Agreement 2015–2016: social protection floors and decent work in national policies"
	norway.Amount = wholeAmount(units(int64(r.between(7, 9))*10_000_000, nor.spec.cur), nor.spec.cur)
	norway.ExpectedSign, norway.Period, norway.MultiAnnual = devcoop.NewDate(2015, 9, 15), currentPeriod, true
	norway.Probability = money.FromInt(stageProbability[norway.Stage])
	norway.targets = []oppTarget{{g.current("4"), devcoop.ComponentGlobal, 60}, {g.current("19"), devcoop.ComponentGlobal, 40}}
	norway.Notes = pick(r, stageNotes[devcoop.StageNegotiation])
	g.p.opportunities = append(g.p.opportunities, norway)

	var open []*opportunity
	open = append(open, norway)
	for i, n := 0, r.between(48, 60); i < n; i++ {
		stage := []string{devcoop.StageProspect, devcoop.StageConcept, devcoop.StageSubmitted, devcoop.StageNegotiation}[r.weighted([]int{15, 16, 14, 11})]
		o := g.deal(r, stage, code(currentPeriod))
		open = append(open, o)
		g.p.opportunities = append(g.p.opportunities, o)
	}
	g.calibratePipeline(r, open)

	for i, n := 0, r.between(9, 12); i < n; i++ {
		g.p.opportunities = append(g.p.opportunities, g.deal(r, devcoop.StageLost, code(currentPeriod)))
	}

	// 2016–17: the lightly earmarked renewals being negotiated.
	for _, a := range g.p.agreements {
		if a.Status != devcoop.AgreementDraft || a.Modality != devcoop.ModalityLight || a.Start.Year() < 2016 {
			continue
		}
		o := &opportunity{partner: a.partner, office: a.office}
		o.Code, o.Title, o.Stage, o.Modality = code("2016-17"), a.Title, devcoop.StageNegotiation, a.Modality
		o.Currency, o.Amount, o.Period, o.MultiAnnual = a.Currency, a.Amount, "2016-17", true
		o.ExpectedSign = devcoop.NewDate(2015, 11, 1).AddDays(r.between(0, 120))
		o.Probability = money.FromInt(stageProbability[o.Stage])
		for _, al := range a.allocs {
			if al.outcome != nil {
				o.targets = append(o.targets, oppTarget{al.outcome, devcoop.ComponentGlobal, 0})
			} else {
				o.targets = append(o.targets, oppTarget{g.outcomeOf("2016-17", "1"), al.region, 0})
			}
		}
		weights := make([]int, len(a.allocs))
		for i, al := range a.allocs {
			weights[i] = int(al.amount / units(1000, a.Currency))
		}
		for i, p := range splitPercent(weights) {
			o.targets[i].pct = p
		}
		o.Notes = "Draft agreement " + a.Code + " under negotiation."
		g.p.opportunities = append(g.p.opportunities, o)
	}
}

// agreementTargets says where a signed agreement's money goes, as
// opportunity targets: the projects' outcomes and places, an outcome's
// global component, or a region.
func (g *generator) agreementTargets(a *agreement) []oppTarget {
	type key struct {
		o *outcome
		c string
	}
	var keys []key
	var weights []int
	add := func(k key, w int64) {
		if i := slices.Index(keys, k); i >= 0 {
			weights[i] += int(w)
			return
		}
		keys = append(keys, k)
		weights = append(weights, int(max(w, 1)))
	}
	for _, al := range a.allocs {
		w := al.amount / units(1000, a.Currency)
		switch {
		case al.project != nil:
			p := al.project
			o := p.outcomes[0].to
			if o.Period != currentPeriod {
				continue
			}
			add(key{o, projectComponent(p, o)}, w)
		case al.outcome != nil:
			add(key{al.outcome, devcoop.ComponentGlobal}, w)
		default:
			focus := "1"
			if len(a.partner.focus) > 0 {
				focus = a.partner.focus[0]
			}
			add(key{g.current(focus), al.region}, w)
		}
	}
	var out []oppTarget
	for i, p := range splitPercent(weights) {
		out = append(out, oppTarget{keys[i].o, keys[i].c, p})
	}
	return out
}

// projectComponent is the workplan component a project's money for an
// outcome lands on first: the CPO it serves in its main country, its main
// country, its region, or the global component.
func projectComponent(p *project, o *outcome) string {
	switch {
	case p.scope == scopeRegion:
		return p.region
	case len(p.countries) == 0:
		return devcoop.ComponentGlobal
	}
	for _, c := range p.cpos {
		if c.to.outcome == o && c.to.Country == p.mainCountry() {
			return c.to.Code
		}
	}
	return p.mainCountry()
}

// deal invents a pipeline deal at a stage: a partner, what it would fund
// (components of the workplans with gaps, where the partner works), how
// much and when.
func (g *generator) deal(r *rng, stage, code string) *opportunity {
	var weights []int
	for _, p := range g.p.partners {
		w := p.spec.weight
		if p.Since >= 2014 {
			w += 2 // new partners are being courted
		}
		weights = append(weights, w)
	}
	pa := g.p.partners[r.weighted(weights)]
	var oc *outcome
	switch {
	case pa.Kind == devcoop.PartnerDomestic:
		oc = g.domesticOutcome(r, pa)
	case len(pa.focus) > 0 && r.chance(75):
		oc = g.current(pa.focus[r.weighted(focusWeights(len(pa.focus)))])
	default:
		os, ws := g.outcomeWeights(pick(r, regionCodes))
		oc = os[r.weighted(ws)]
	}
	w := g.workplanOf(oc)
	o := &opportunity{partner: pa}
	o.Code, o.Stage, o.Period, o.Currency = code, stage, currentPeriod, pa.spec.cur
	o.Modality = devcoop.ModalityEarmarked
	if (pa.Kind == devcoop.PartnerTraditionalGov || pa.Kind == devcoop.PartnerMultilateral) && r.chance(20) {
		o.Modality = devcoop.ModalityLight
	}
	first := g.dealComponent(r, w, pa, o.Modality, nil)
	o.targets = []oppTarget{{oc, first.key, 100}}
	if r.chance(30) {
		if second := g.dealComponent(r, w, pa, o.Modality, first); second != nil {
			split := pick(r, splits2)
			o.targets = []oppTarget{{oc, first.key, split[0]}, {oc, second.key, split[1]}}
		}
	}

	var usd int
	switch pa.spec.size {
	case -1:
		usd = r.between(25, 150) * 10_000
	case 0:
		usd = r.between(50, 400) * 10_000
	default:
		usd = r.between(100, 800) * 10_000
	}
	o.MultiAnnual = usd > 1_500_000 || r.chance(40)

	switch stage {
	case devcoop.StageProspect:
		o.ExpectedSign = devcoop.NewDate(2015, 10, 1).AddDays(r.between(0, 91))
	case devcoop.StageConcept:
		o.ExpectedSign = devcoop.NewDate(2015, 9, 1).AddDays(r.between(0, 121))
	case devcoop.StageSubmitted:
		o.ExpectedSign = devcoop.NewDate(2015, 8, 1).AddDays(r.between(0, 152))
	case devcoop.StageNegotiation:
		o.ExpectedSign = devcoop.NewDate(2015, 7, 1).AddDays(r.between(0, 120))
	case devcoop.StageLost:
		o.ExpectedSign = devcoop.NewDate(2014, 5, 1).AddDays(r.between(0, 390))
	}
	o.Notes = pick(r, stageNotes[stage])
	if stage != devcoop.StageProspect && stage != devcoop.StageLost && r.chance(12) {
		// Slipped: expected before today and not yet signed.
		o.ExpectedSign = devcoop.NewDate(2015, 2, 1).AddDays(r.between(0, 130))
		o.Notes += " Signature slipped: " + pick(r, []string{"the donor's budget is not yet approved.", "waiting for the government's endorsement.", "the donor asked for a revised budget."})
	}
	o.Amount = wholeAmount(roundTo(g.rates.fromUSD(int64(usd), o.Currency, o.ExpectedSign), o.Currency, 10_000), o.Currency)
	o.Probability = money.FromInt(stageProbability[stage])

	text := textFor(oc.Code)
	switch {
	case o.Modality == devcoop.ModalityLight:
		o.office = g.office["PARDEV"]
		o.Title = fmt.Sprintf("%s–ILO partnership on %s, 2015–2017", g.partnerLabel(pa), lowerFirst(oc.Title))
	case first.kind == devcoop.ComponentGlobalK:
		o.office = g.office[text.hq]
		o.Title = "Global programme: " + pick(r, text.titles)
	case first.kind == devcoop.ComponentRegion:
		o.office = g.regionalOffice(first.region)
		o.Title = pick(r, text.titles) + " in " + regionText(first.region)
	default:
		o.office = first.country.office
		o.Title = pick(r, text.titles) + " in " + first.country.short
	}
	if r.chance(15) {
		o.Title += ", phase II"
	}
	return o
}

// domesticOutcome picks an outcome whose workplan works in a domestic
// funder's country.
func (g *generator) domesticOutcome(r *rng, pa *partner) *outcome {
	var os []*outcome
	for _, w := range g.p.workplans {
		for _, c := range w.comps {
			if c.country != nil && c.country.Code == pa.Country {
				os = append(os, w.outcome)
				break
			}
		}
	}
	if len(os) == 0 {
		return g.current("1")
	}
	return pick(r, os)
}

func (g *generator) workplanOf(o *outcome) *workplan {
	for _, w := range g.p.workplans {
		if w.outcome == o {
			return w
		}
	}
	panic("demo: no workplan for outcome " + o.Code)
}

// dealComponent picks what a deal funds in a workplan: for lightly
// earmarked money the global component or a region; otherwise a country,
// CPO or region with a gap where the partner works, bigger gaps more
// often; for a domestic funder, its own country. It returns nil when
// only the component not (already chosen) would do.
func (g *generator) dealComponent(r *rng, w *workplan, pa *partner, m devcoop.Modality, not *wpComponent) *wpComponent {
	var cs []*wpComponent
	var ws []int
	for _, c := range w.comps {
		if c == not || (c.gap() <= 0 && pa.Kind != devcoop.PartnerDomestic) {
			continue
		}
		if not != nil && not.region != "" && c.region != not.region {
			continue // a second place is near the first
		}
		switch {
		case pa.Kind == devcoop.PartnerDomestic:
			if c.country == nil || c.country.Code != pa.Country {
				continue
			}
		case m == devcoop.ModalityLight:
			if c.country != nil {
				continue
			}
		case c.kind == devcoop.ComponentGlobalK:
		case len(pa.regions) > 0 && !slices.Contains(pa.regions, c.region):
			continue
		}
		if c.country != nil && !c.country.ODAEligible && pa.Kind != devcoop.PartnerDomestic {
			continue
		}
		cs = append(cs, c)
		ws = append(ws, int(min(max(c.gap(), 0)/dollars(100_000), 50))+1)
	}
	switch {
	case len(cs) > 0:
		return cs[r.weighted(ws)]
	case not != nil:
		return nil
	}
	return w.byKey[devcoop.ComponentGlobal]
}

// calibratePipeline scales the open deals of 2014–15 so that, weighted by
// their probabilities, they bring the signed total near or a little
// above the period's target, within US$ 32–58 million.
func (g *generator) calibratePipeline(r *rng, open []*opportunity) {
	signed := signedInPeriod(g.rates.lookup, g.p.agreements) / 100
	goal := int64(450_000_000) - signed + int64(r.between(5, 20))*1_000_000
	goal = min(max(goal, 32_000_000), 58_000_000)
	weighted := weightedPipeline(g.rates.lookup, open) / 100
	if weighted <= 0 {
		return
	}
	for _, o := range open {
		minor := minorUnits(o.Amount, o.Currency)
		o.Amount = wholeAmount(roundTo(minor*goal/weighted, o.Currency, 10_000), o.Currency)
	}
}

// weightedPipeline is what open deals are worth in US cents, each
// converted at its expected signing date and weighted by its
// probability, as resource mobilization counts it.
func weightedPipeline(rates *money.Rates, os []*opportunity) int64 {
	var sum int64
	for _, o := range os {
		if !o.Open() || o.Period != currentPeriod {
			continue
		}
		c, err := rates.ToUSD(o.Money())
		if err != nil {
			panic(err)
		}
		w, _ := c.USD.Mul(o.Probability).Mul(money.New(1, 2)).Round(2).Cents()
		sum += w
	}
	return sum
}

// periodTargets sets the voluntary contributions targets: overall, as the
// programme and budget says, and by modality.
func (g *generator) periodTargets() {
	for _, t := range []struct {
		period                 string
		core, light, earmarked int64
	}{
		{"2012-13", 50, 65, 310},
		{"2014-15", 75, 85, 290},
		{"2016-17", 80, 95, 300},
	} {
		overall := (t.core + t.light + t.earmarked) * 1_000_000
		g.p.periodTargets = append(g.p.periodTargets,
			devcoop.PeriodTarget{Period: t.period, Amount: money.FromInt(overall)},
			devcoop.PeriodTarget{Period: t.period, Modality: devcoop.ModalityUnearmarked, Amount: money.FromInt(t.core * 1_000_000)},
			devcoop.PeriodTarget{Period: t.period, Modality: devcoop.ModalityLight, Amount: money.FromInt(t.light * 1_000_000)},
			devcoop.PeriodTarget{Period: t.period, Modality: devcoop.ModalityEarmarked, Amount: money.FromInt(t.earmarked * 1_000_000)})
	}
}

// scenarios saves two what-ifs for 2014–15, as the administrator would:
// Norway's programme cooperation agreement signed early, and a second
// round of RBSA allocations.
func (g *generator) scenarios() {
	r := newRNG(g.seed, "scenarios")
	var norway *opportunity
	for _, o := range g.p.opportunities {
		if o.partner.Code == "NOR" && o.Stage == devcoop.StageNegotiation && o.Period == currentPeriod {
			norway = o
			break
		}
	}
	s := &scenario{creator: "admin@devcoop.example", signed: []*opportunity{norway}}
	s.Period, s.Name = currentPeriod, "Norway framework signs early"
	g.p.scenarios = append(g.p.scenarios, s)

	s = &scenario{creator: "admin@devcoop.example"}
	s.Period, s.Name = currentPeriod, "RBSA second round"
	s.Pools = []devcoop.Pool{{ID: "RBSA-2015", Name: "RBSA second allocation round, 2015", Amount: money.FromInt(int64(r.between(60, 90)) * 100_000)}}
	g.p.scenarios = append(g.p.scenarios, s)
}

// minorUnits returns an amount of cur in minor units.
func minorUnits(d money.Decimal, cur string) int64 {
	if minorDigits(cur) == 0 {
		n, _ := d.Int64()
		return n
	}
	c, _ := d.Cents()
	return c
}
