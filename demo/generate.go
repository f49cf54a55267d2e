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
	return g.p
}
