package demo

import (
	"fmt"

	"devcoop"
	"devcoop/money"
)

var objectiveSpecs = []devcoop.StrategicObjective{
	{Code: "SO1", Title: "Employment"},
	{Code: "SO2", Title: "Social protection"},
	{Code: "SO3", Title: "Social dialogue"},
	{Code: "SO4", Title: "Standards and fundamental principles and rights at work"},
}

// Programme periods: the current one is mid-way through on the demo's today.
var periodSpecs = []struct {
	code       string
	start, end string
	target     string
}{
	{"2012-13", "2012-01-01", "2013-12-31", "425000000"},
	{"2014-15", "2014-01-01", "2015-12-31", "450000000"},
	{"2016-17", "2016-01-01", "2017-12-31", "475000000"},
}

const currentPeriod = "2014-15"

type indicatorSpec struct {
	title  string
	target int
}

type outcomeSpec struct {
	code, title, objective string
	indicators             []indicatorSpec
	weight                 int // how often country programmes and projects aim at it
}

// The 19 outcomes of the strategic policy framework 2010–15, used by the
// programme and budget for both 2012–13 and 2014–15.
var outcomeSpecs = []outcomeSpec{
	{"1", "Employment promotion", "SO1", []indicatorSpec{
		{"Member States that integrate national, sectoral or local employment policies and programmes in their development frameworks", 12},
		{"Member States that make employment-intensive investment an integral part of their infrastructure policies", 7},
		{"Member States that strengthen policies and programmes for youth employment", 14}}, 14},
	{"2", "Skills development", "SO1", []indicatorSpec{
		{"Member States that integrate skills development into sectoral or national development strategies", 7},
		{"Member States that make training more accessible to people with disabilities and other disadvantaged groups", 8},
		{"Member States that strengthen apprenticeship and work-based learning systems", 6}}, 10},
	{"3", "Sustainable enterprises", "SO1", []indicatorSpec{
		{"Member States that reform policy or regulatory frameworks to improve the enabling environment for sustainable enterprises", 8},
		{"Member States that implement entrepreneurship development policies and programmes", 11},
		{"Member States that implement programmes fostering responsible and sustainable enterprise-level practices", 5}}, 10},
	{"4", "Social security", "SO2", []indicatorSpec{
		{"Member States that develop policies improving social security coverage, notably of excluded groups", 12},
		{"Member States that improve the knowledge base and the management of their social security schemes", 8}}, 10},
	{"5", "Working conditions", "SO2", []indicatorSpec{
		{"Member States that adopt policies or measures on wages, working time or maternity protection", 9},
		{"Member States that take action to improve the working conditions of domestic workers", 7}}, 5},
	{"6", "Occupational safety and health", "SO2", []indicatorSpec{
		{"Member States that adopt national occupational safety and health policies or programmes", 10},
		{"Member States that strengthen safety and health inspection and compliance in hazardous sectors", 5}}, 5},
	{"7", "Labour migration", "SO2", []indicatorSpec{
		{"Member States that adopt gender-sensitive labour migration policies that protect migrant workers", 6},
		{"Member States that adopt measures on fair recruitment and the recognition of migrant workers' skills", 4}}, 4},
	{"8", "HIV/AIDS and the world of work", "SO2", []indicatorSpec{
		{"Member States that develop national tripartite workplace policies on HIV and AIDS", 14},
		{"Member States that scale up voluntary counselling and testing at the workplace", 10}}, 5},
	{"9", "Employers' organizations", "SO3", []indicatorSpec{
		{"National employers' organizations that adopt a strategic plan to increase their representativeness", 15},
		{"National employers' organizations that create or strengthen services responding to their members' needs", 12},
		{"National employers' organizations that influence policy with evidence-based analysis", 10}}, 6},
	{"10", "Workers' organizations", "SO3", []indicatorSpec{
		{"National workers' organizations that put the Decent Work Agenda at the centre of their strategic plans", 12},
		{"National workers' organizations that increase their capacity to organize workers in the informal economy", 8}}, 6},
	{"11", "Labour administration and labour law", "SO3", []indicatorSpec{
		{"Member States that strengthen their labour administration systems", 10},
		{"Member States that strengthen their labour inspection systems", 12},
		{"Member States that adopt new or improved labour legislation", 8}}, 7},
	{"12", "Social dialogue and industrial relations", "SO3", []indicatorSpec{
		{"Member States that strengthen social dialogue institutions and mechanisms", 10},
		{"Member States that strengthen collective bargaining and the prevention and resolution of disputes", 6}}, 6},
	{"13", "Decent work in economic sectors", "SO3", []indicatorSpec{
		{"Member States that apply sector-specific approaches to improve labour and social conditions", 10},
		{"Member States that implement sectoral codes of practice, guidelines or tools", 6}}, 3},
	{"14", "Freedom of association and collective bargaining", "SO4", []indicatorSpec{
		{"Member States that make significant progress in applying the principles of freedom of association and collective bargaining", 7}}, 3},
	{"15", "Forced labour", "SO4", []indicatorSpec{
		{"Member States that adopt new or improved policies, programmes or actions against forced labour", 8}}, 3},
	{"16", "Child labour", "SO4", []indicatorSpec{
		{"Member States that take significant policy and programme action to eliminate the worst forms of child labour", 40},
		{"Member States that adopt or implement time-bound national action plans against child labour", 15}}, 8},
	{"17", "Discrimination at work", "SO4", []indicatorSpec{
		{"Member States that adopt legislation, policies or measures promoting equality and non-discrimination at work", 10},
		{"Member States that take action to close the gender pay gap", 5}}, 4},
	{"18", "International labour standards", "SO4", []indicatorSpec{
		{"Member States that act to apply international labour standards following the comments of the supervisory bodies", 30},
		{"Member States that ratify up-to-date Conventions, in particular the governance Conventions", 20}}, 5},
	{"19", "Mainstreaming decent work in national and multilateral policies", "", []indicatorSpec{
		{"Member States that make decent work central to their national development frameworks and UN programming", 14},
		{"Member States that improve their capacity to collect and use decent work statistics", 8}}, 6},
}

// The ten policy outcomes of the programme and budget for 2016–17.
var outcomeSpecs1617 = []outcomeSpec{
	{"1", "More and better jobs for inclusive growth and improved youth employment prospects", "SO1", []indicatorSpec{
		{"Member States that develop, revise or implement comprehensive employment frameworks", 15},
		{"Member States that take action on youth employment", 10}}, 0},
	{"2", "Ratification and application of international labour standards", "SO4", []indicatorSpec{
		{"Member States that ratify international labour standards", 20},
		{"Member States that act on the comments of the supervisory bodies", 25}}, 0},
	{"3", "Creating and extending social protection floors", "SO2", []indicatorSpec{
		{"Member States that develop new or reformed sustainable social protection schemes", 21}}, 0},
	{"4", "Promoting sustainable enterprises", "SO1", []indicatorSpec{
		{"Member States that improve the enabling environment for sustainable enterprises", 10},
		{"Member States that implement programmes for entrepreneurship and small enterprises", 11}}, 0},
	{"5", "Decent work in the rural economy", "SO1", []indicatorSpec{
		{"Member States that take action on decent work in the rural economy", 10}}, 0},
	{"6", "Formalization of the informal economy", "SO1", []indicatorSpec{
		{"Member States that take action to facilitate the transition of workers and enterprises to the formal economy", 10}}, 0},
	{"7", "Promoting workplace compliance through labour inspection", "SO3", []indicatorSpec{
		{"Member States that strengthen labour inspection and compliance with labour law", 15}}, 0},
	{"8", "Protecting workers from unacceptable forms of work", "SO4", []indicatorSpec{
		{"Member States that act against forced labour, child labour or discrimination", 20},
		{"Member States that improve the protection of workers in high-risk sectors", 10}}, 0},
	{"9", "Fair and effective international labour migration and mobility", "SO2", []indicatorSpec{
		{"Member States that develop or implement fair labour migration frameworks", 7}}, 0},
	{"10", "Strong and representative employers' and workers' organizations", "SO3", []indicatorSpec{
		{"Employers' organizations that improve their governance and services", 20},
		{"Workers' organizations that improve their capacity to influence policy", 20}}, 0},
}

// themeSpecs are the cross-cutting themes that lightly earmarked funding
// targets, with the outcomes that carry them in each framework.
var themeSpecs = []struct {
	name     string
	outcomes []string // 2012–13 and 2014–15
	next     []string // 2016–17
}{
	{"Jobs and skills for youth", []string{"1", "2"}, []string{"1"}},
	{"Social protection floors", []string{"4"}, []string{"3"}},
	{"Productivity and working conditions in small enterprises", []string{"3", "5"}, []string{"4"}},
	{"Decent work in the rural economy", []string{"1", "13"}, []string{"5"}},
	{"Formalization of the informal economy", []string{"1", "3"}, []string{"6"}},
	{"Labour inspection", []string{"11", "6"}, []string{"7"}},
	{"Protection from unacceptable forms of work", []string{"15", "16", "14"}, []string{"8"}},
}

// outcome is an outcome being generated; the store sets its ID.
type outcome struct {
	devcoop.Outcome
	weight int
}

type dwcp struct {
	devcoop.DWCP
	cpos []*cpo
}

type cpo struct {
	devcoop.CPO
	dwcp    *dwcp
	outcome *outcome
}

// regionalEmphasis doubles the weight of outcomes a region's country
// programmes stress.
var regionalEmphasis = map[string][]string{
	"AFR": {"8", "16", "1"},
	"AME": {"16", "11", "4"},
	"ARB": {"1", "7", "12"},
	"ASP": {"7", "16", "5"},
	"ECA": {"12", "4", "11"},
}

func (g *generator) results() {
	g.p.objectives = objectiveSpecs
	for _, s := range periodSpecs {
		g.p.periods = append(g.p.periods, devcoop.Period{Code: s.code, Start: devcoop.MustDate(s.start), End: devcoop.MustDate(s.end),
			VCTarget: money.MustParse(s.target), Current: s.code == currentPeriod})
	}
	add := func(period string, specs []outcomeSpec, target func(int) (int, int)) {
		for _, s := range specs {
			o := &outcome{Outcome: devcoop.Outcome{Period: period, Code: s.code, Title: s.title, Objective: s.objective}, weight: s.weight}
			for i, ind := range s.indicators {
				t, b := target(ind.target)
				o.Indicators = append(o.Indicators, devcoop.OutcomeIndicator{Code: fmt.Sprintf("%s.%d", s.code, i+1), Title: ind.title, Target: t, Baseline: b})
			}
			g.p.outcomes = append(g.p.outcomes, o)
			g.outcome[period+"/"+s.code] = o
		}
	}
	add("2012-13", outcomeSpecs, func(t int) (int, int) { return max(1, t*9/10), t * 2 / 3 })
	add("2014-15", outcomeSpecs, func(t int) (int, int) { return t, t * 3 / 4 })
	add("2016-17", outcomeSpecs1617, func(t int) (int, int) { return t, t / 2 })
}

// current returns the 2014–15 outcome with the given code.
func (g *generator) current(code string) *outcome { return g.outcomeOf(currentPeriod, code) }

func (g *generator) outcomeOf(period, code string) *outcome {
	o := g.outcome[period+"/"+code]
	if o == nil {
		panic("demo: no outcome " + code + " in " + period)
	}
	return o
}

// outcomeWeights returns the 2014–15 outcomes and their weights for a
// region, stressing what that region's programmes stress.
func (g *generator) outcomeWeights(region string) ([]*outcome, []int) {
	var os []*outcome
	var ws []int
	for _, s := range outcomeSpecs {
		w := s.weight
		for _, e := range regionalEmphasis[region] {
			if e == s.code {
				w *= 2
			}
		}
		os = append(os, g.current(s.code))
		ws = append(ws, w)
	}
	return os, ws
}

// dwcps gives each DWCP country a programme, and each programme two to six
// country programme outcomes for 2014–15.
func (g *generator) dwcps() {
	r := newRNG(g.seed, "dwcp")
	for _, c := range g.p.countries {
		if c.flag == '-' {
			continue
		}
		d := &dwcp{DWCP: devcoop.DWCP{Country: c.Code}}
		switch k := r.intn(100); {
		case k < 12: // the previous cycle ended; the next is being drafted
			start := r.between(2010, 2011)
			d.Start, d.End, d.Status = devcoop.NewDate(start, 1, 1), devcoop.NewDate(2014, 12, 31), "completed"
		case k < 24:
			d.Start, d.End, d.Status = devcoop.NewDate(2016, 1, 1), devcoop.NewDate(2016+r.between(3, 4), 12, 31), "in preparation"
		default:
			start := r.between(2012, 2015)
			d.Start, d.End, d.Status = devcoop.NewDate(start, 1, 1), devcoop.NewDate(start+r.between(3, 4), 12, 31), "active"
		}
		d.Title = fmt.Sprintf("Decent Work Country Programme for %s (%d–%d)", c.short, d.Start.Year(), d.End.Year())
		n := r.between(2, 4)
		if c.flag == 'P' {
			n = r.between(3, 6)
		}
		os, ws := g.outcomeWeights(c.Region)
		used := map[string]bool{}
		numbers := map[int]bool{}
		for len(d.cpos) < n {
			o := os[r.weighted(ws)]
			if used[o.Code] {
				continue
			}
			used[o.Code] = true
			digit := 9
			if o.Objective != "" {
				digit = int(o.Objective[2] - '0')
			}
			num := digit*100 + r.between(1, 60)
			for numbers[num] {
				num = digit*100 + r.between(1, 60)
			}
			numbers[num] = true
			x := &cpo{CPO: devcoop.CPO{Code: fmt.Sprintf("%s %03d", c.Alpha3, num), Country: c.Code, Title: cpoTitle(r, o.Code, c.short)}, dwcp: d, outcome: o}
			d.cpos = append(d.cpos, x)
			g.p.cpos = append(g.p.cpos, x)
		}
		c.dwcp = d
		g.p.dwcps = append(g.p.dwcps, d)
	}
}
