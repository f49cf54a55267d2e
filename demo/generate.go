package demo

import (
	"devcoop"
	"devcoop/money"
)

// portfolio is the whole demo, built in memory before anything is stored.
// Records point at each other rather than holding IDs: the store assigns
// IDs as it writes, in the order of these slices.
type portfolio struct {
	regions    []devcoop.Region
	countries  []*country
	offices    []*office
	objectives []devcoop.StrategicObjective
	periods    []devcoop.Period
	outcomes   []*outcome
	dwcps      []*dwcp
	cpos       []*cpo
	partners   []*partner
	rates      []money.Rate
	projects   []*project
	agreements []*agreement
	txs        []*transaction
	// Planning and resource mobilization.
	workplans     []*workplan
	decisions     []*decision
	opportunities []*opportunity
	periodTargets []devcoop.PeriodTarget
	scenarios     []*scenario
	// Appraisal: proposals with their versions, histories and comments.
	proposals []*proposal
}

// generator builds a portfolio. Its maps are only ever looked up, never
// ranged over, so their random order cannot leak into the data.
type generator struct {
	seed     uint64
	projects int
	p        *portfolio
	rates    *rateTable

	country map[string]*country
	office  map[string]*office
	outcome map[string]*outcome // "2014-15/16"
	partner map[string]*partner
	seq     map[string]int // agreements per partner and year, for their codes
}

// generate builds the demo portfolio for a seed. It is pure: the same seed
// and size give the same portfolio.
func generate(seed uint64, projects int) *portfolio {
	g := &generator{
		seed: seed, projects: projects, p: &portfolio{},
		country: map[string]*country{}, office: map[string]*office{},
		outcome: map[string]*outcome{}, partner: map[string]*partner{},
	}
	g.reference()
	g.results()
	g.dwcps()
	g.partners()
	g.exchangeRates()
	g.generateProjects()
	g.projectTransactions()
	g.earmarkedAgreements()
	g.otherAgreements()
	g.agreementTransactions()
	// What the planning and resource mobilization features need; each
	// part draws from its own stream, so none of the above changes.
	g.agreementTerms()
	g.contacts()
	g.workplans()
	g.pipeline()
	g.periodTargets()
	g.scenarios()
	g.proposals()
	return g.p
}

// share is one part of a percentage split.
type share[T any] struct {
	to  T
	pct int
}

func pct(n int) money.Decimal { return money.FromInt(int64(n)) }

// amount returns minor units of cur as a decimal.
func amount(minor int64, cur string) money.Decimal { return money.New(minor, minorDigits(cur)) }

// wholeAmount returns minor units of cur as a decimal without trailing
// zeros, for round figures such as budgets and agreements.
func wholeAmount(minor int64, cur string) money.Decimal { return amount(minor, cur).Normalize() }

// units returns n whole units of cur in minor units.
func units(n int64, cur string) int64 {
	for i := int32(0); i < minorDigits(cur); i++ {
		n *= 10
	}
	return n
}

// roundTo rounds minor units of cur to the nearest multiple of step whole
// units (half up).
func roundTo(minor int64, cur string, step int64) int64 {
	unit := units(step, cur)
	return (minor + unit/2) / unit * unit
}

// addMonths moves d by n calendar months.
func addMonths(d devcoop.Date, n int) devcoop.Date { return devcoop.Date{Time: d.AddDate(0, n, 0)} }

func minDate(a, b devcoop.Date) devcoop.Date {
	if b.Before(a) {
		return b
	}
	return a
}

func maxDate(a, b devcoop.Date) devcoop.Date {
	if b.After(a) {
		return b
	}
	return a
}
