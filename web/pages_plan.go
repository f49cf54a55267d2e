package web

import (
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/money"
	"devcoop/plan"
	"devcoop/web/chart"
)

// periodOf reads ?period=, defaulting to the current period.
func (s *Server) periodOf(r *http.Request) (string, *devcoop.Portfolio, error) {
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return "", nil, err
	}
	p := r.URL.Query().Get("period")
	if p == "" {
		p = r.PathValue("period")
	}
	if p == "" {
		if cur := pf.CurrentPeriod(); cur != nil {
			p = cur.Code
		}
	}
	if pf.Period(p) == nil {
		return "", nil, devcoop.NotFound("programme period", p)
	}
	return p, pf, nil
}

type workplansView struct {
	Period     string
	Periods    []devcoop.Period
	Gaps       *plan.Gaps
	OwnerOf    map[string]string // outcome code → coordinator's name
	Chart      template.HTML
	Objectives map[string]string
}

func (s *Server) workplanList(w http.ResponseWriter, r *http.Request) error {
	period, pf, err := s.periodOf(r)
	if err != nil {
		return err
	}
	g, _, err := s.app.Gaps(r.Context(), period, 0)
	if err != nil {
		return err
	}
	v := workplansView{Period: period, Periods: pf.Periods, Gaps: g, OwnerOf: map[string]string{}, Objectives: map[string]string{}}
	for _, o := range pf.Objectives {
		v.Objectives[o.Code] = o.Title
	}
	names, err := s.app.UserNames(r.Context())
	if err != nil {
		return err
	}
	for _, w := range pf.Workplans {
		if w.Period == period && w.OwnerID != 0 {
			v.OwnerOf[w.Outcome] = names[w.OwnerID]
		}
	}
	v.Chart = sourcesChart(g.Outcomes, func(og *plan.OutcomeGap) string { return og.Outcome.Code + ". " + og.Outcome.Title },
		func(og *plan.OutcomeGap) string { return "/workplans/" + period + "/" + og.Outcome.Code })
	s.render(w, r, http.StatusOK, "workplans", s.newPage(r, "Outcome-based workplans", "workplans", v))
	return nil
}

// sourcesChart stacks the available resources of each outcome by source,
// with the requirement as a target mark.
func sourcesChart(ogs []*plan.OutcomeGap, label, href func(*plan.OutcomeGap) string) template.HTML {
	var cats []string
	series := []chart.Series{{Name: "RB"}, {Name: "RBTC"}, {Name: "RBSA"}, {Name: "XBDC"}, {Name: "Gap", Color: chart.ColorWarn}}
	for _, og := range ogs {
		cats = append(cats, label(og))
		f := og.Figures
		gap := f.Gap
		if gap < 0 {
			gap = 0
		}
		for i, c := range []int64{f.RB, f.RBTC, f.RBSA, f.XBDC, gap} {
			series[i].Values = append(series[i].Values, chart.Cents(c))
			series[i].Hrefs = append(series[i].Hrefs, href(og))
		}
	}
	return chart.StackedBar("Resources by source, and the gap to the requirement", cats, series, chart.Options{NoTable: true, Width: 1100})
}

type workplanView struct {
	Period    string
	Outcome   *devcoop.Outcome
	Workplan  *devcoop.Workplan
	Gap       *plan.OutcomeGap
	Owner     string
	CanEdit   bool
	Chart     template.HTML
	Coverage  template.HTML
	Sources   template.HTML
	Ref       *devcoop.Portfolio
	Objective string
	Edit      *workplanForm
	Prospects []plan.ComponentProspects
}

func (s *Server) workplanPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderWorkplan(w, r, http.StatusOK, nil)
}

func (s *Server) renderWorkplan(w http.ResponseWriter, r *http.Request, status int, form *workplanForm) error {
	period := r.PathValue("period")
	wp, o, err := s.app.WorkplanFor(r.Context(), period, r.PathValue("outcome"))
	if err != nil {
		return err
	}
	g, _, err := s.app.Gaps(r.Context(), period, 0)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	og := g.Outcome(o.Code)
	v := workplanView{Period: period, Outcome: o, Workplan: wp, Gap: og, Ref: pf, CanEdit: devcoop.CanEditWorkplan(devcoop.UserFrom(r.Context()), o.ID)}
	for _, x := range pf.Objectives {
		if x.Code == o.Objective {
			v.Objective = x.Title
		}
	}
	if names, err := s.app.UserNames(r.Context()); err == nil {
		v.Owner = names[wp.OwnerID]
	}
	// The chart shows the fifteen largest requirements; the table below has
	// every component.
	largest := append([]*plan.Component(nil), og.Components...)
	sort.SliceStable(largest, func(i, j int) bool { return largest[i].Required > largest[j].Required })
	if len(largest) > 15 {
		largest = largest[:15]
	}
	var comps []*plan.OutcomeGap
	for _, c := range largest {
		label := c.Label
		if c.Kind == devcoop.ComponentCPO {
			label = c.Key
			if ct := pf.Country(c.Country); ct != nil {
				label += " (" + ct.Name + ")"
			}
		}
		comps = append(comps, &plan.OutcomeGap{Outcome: &devcoop.Outcome{Code: c.Key, Title: label}, Figures: c.Figures})
	}
	v.Chart = sourcesChart(comps, func(x *plan.OutcomeGap) string { return x.Outcome.Title }, func(x *plan.OutcomeGap) string { return "#c-" + anchor(x.Outcome.Code) })
	v.Coverage = chart.Bullet("Coverage of the requirement", chart.Cents(og.Available), chart.Cents(og.Required), chart.Options{})
	v.Sources = chart.Donut("Available resources by source", []chart.Slice{
		{Label: "RB", Value: chart.Cents(og.RB)}, {Label: "RBTC", Value: chart.Cents(og.RBTC)},
		{Label: "RBSA", Value: chart.Cents(og.RBSA)}, {Label: "XBDC", Value: chart.Cents(og.XBDC)}}, chart.Options{NoTable: true})
	if devcoop.CanSeeFunding(devcoop.UserFrom(r.Context())) {
		ps, err := s.app.Prospects(r.Context(), period, o.Code)
		if err != nil {
			return err
		}
		if len(ps) > 8 {
			ps = ps[:8]
		}
		v.Prospects = ps
	}
	if form != nil {
		v.Edit = form
	} else if v.CanEdit && r.URL.Query().Get("edit") == "1" {
		v.Edit = newWorkplanForm(wp)
	}
	page := s.newPage(r, "Outcome "+o.Code+": "+o.Title, "workplans", v)
	page.Crumbs = []Crumb{{"Workplans", "/workplans?period=" + period}, {"Outcome " + o.Code, ""}}
	s.render(w, r, status, "workplan", page)
	return nil
}

// anchor turns a component key into an id ("KEN 126" → "KEN-126").
func anchor(key string) string { return strings.ReplaceAll(key, " ", "-") }

// workplanForm is the workplan editor: requirements and RB/RBTC plans as
// rows of inputs, with room for new rows, and the errors of a failed save.
type workplanForm struct {
	Version int
	Summary string
	Rows    []requirementRow
	Errors  []devcoop.FieldError
}

type requirementRow struct {
	Component, Amount, Min, Max, RB, RBTC, Note string
}

const blankRows = 4

func newWorkplanForm(wp *devcoop.Workplan) *workplanForm {
	f := &workplanForm{Version: wp.Version, Summary: wp.Summary}
	rows := map[string]*requirementRow{}
	var order []string
	row := func(c string) *requirementRow {
		if rows[c] == nil {
			rows[c] = &requirementRow{Component: c}
			order = append(order, c)
		}
		return rows[c]
	}
	for _, q := range wp.Requirements {
		x := row(q.Component)
		x.Amount, x.Note = q.Amount.String(), q.Note
		if !q.MinRBSA.IsZero() {
			x.Min = q.MinRBSA.String()
		}
		if !q.MaxRBSA.IsZero() {
			x.Max = q.MaxRBSA.String()
		}
	}
	for _, p := range wp.Plans {
		x := row(p.Component)
		if p.Source == devcoop.SourceRB {
			x.RB = p.Amount.String()
		} else {
			x.RBTC = p.Amount.String()
		}
	}
	for _, c := range order {
		f.Rows = append(f.Rows, *rows[c])
	}
	for i := 0; i < blankRows; i++ {
		f.Rows = append(f.Rows, requirementRow{})
	}
	return f
}

// saveWorkplan takes the editor's form. Requirements and plans are read
// row by row; an amount that is not an exact decimal names its row.
func (s *Server) saveWorkplan(w http.ResponseWriter, r *http.Request) error {
	period := r.PathValue("period")
	wp, _, err := s.app.WorkplanFor(r.Context(), period, r.PathValue("outcome"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return devcoop.Invalid("form", "could not be read")
	}
	form := &workplanForm{Summary: r.PostFormValue("summary")}
	form.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	var pr devcoop.Problems
	var reqs []devcoop.Requirement
	var plans []devcoop.SourcePlan
	comps := r.PostForm["component"]
	get := func(name string, i int) string {
		vs := r.PostForm[name]
		if i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	dec := func(field, s string) money.Decimal {
		if s == "" {
			return money.Zero
		}
		d, err := money.Parse(strings.ReplaceAll(s, ",", ""))
		if err != nil {
			pr.Add(field, "%q is not an amount", s)
		}
		return d
	}
	for i := range comps {
		row := requirementRow{Component: strings.ToUpper(get("component", i)), Amount: get("amount", i), Min: get("min", i), Max: get("max", i), RB: get("rb", i), RBTC: get("rbtc", i), Note: get("note", i)}
		form.Rows = append(form.Rows, row)
		if row.Component == "" {
			if row.Amount != "" || row.RB != "" || row.RBTC != "" {
				pr.Add(fmt.Sprintf("rows[%d].component", i), "a row with amounts needs a component")
			}
			continue
		}
		if row.Amount != "" || row.Min != "" || row.Max != "" {
			reqs = append(reqs, devcoop.Requirement{Component: row.Component, Amount: dec(fmt.Sprintf("rows[%d].amount", i), row.Amount),
				MinRBSA: dec(fmt.Sprintf("rows[%d].min", i), row.Min), MaxRBSA: dec(fmt.Sprintf("rows[%d].max", i), row.Max), Note: row.Note})
		}
		if row.RB != "" {
			plans = append(plans, devcoop.SourcePlan{Component: row.Component, Source: devcoop.SourceRB, Amount: dec(fmt.Sprintf("rows[%d].rb", i), row.RB)})
		}
		if row.RBTC != "" {
			plans = append(plans, devcoop.SourcePlan{Component: row.Component, Source: devcoop.SourceRBTC, Amount: dec(fmt.Sprintf("rows[%d].rbtc", i), row.RBTC)})
		}
	}
	if pr.Empty() {
		wp.Summary, wp.Requirements, wp.Plans, wp.Version = form.Summary, reqs, plans, form.Version
		err = s.app.SaveWorkplan(r.Context(), wp)
	} else {
		err = pr.Err()
	}
	if err != nil {
		if k := devcoop.ErrorKind(err); k != devcoop.KindInvalid && k != devcoop.KindConflict {
			return err
		}
		form.Errors = devcoop.ErrorFields(err)
		if len(form.Errors) == 0 {
			form.Errors = []devcoop.FieldError{{Field: "workplan", Message: devcoop.ErrorMessage(err)}}
		}
		for i := 0; i < blankRows; i++ {
			form.Rows = append(form.Rows, requirementRow{})
		}
		return s.renderWorkplan(w, r, status(err), form)
	}
	http.Redirect(w, r, "/workplans/"+period+"/"+r.PathValue("outcome")+"?flash=Workplan+saved", http.StatusSeeOther)
	return nil
}

type gapsView struct {
	Period    string
	Periods   []devcoop.Period
	Gaps      *plan.Gaps
	Base      *plan.Gaps // the current plan, when a scenario is shown
	Scenario  *devcoop.Scenario
	Scenarios []devcoop.Scenario
	Chart     template.HTML
	Map       template.HTML
	Regions   template.HTML
	Countries []plan.Rollup
	Delta     map[string]int64 // outcome code → scenario gap − current gap
}

// requestedGaps computes the gaps of the period (and scenario) a request
// names.
func (s *Server) requestedGaps(r *http.Request) (string, *devcoop.Portfolio, *plan.Gaps, *devcoop.Scenario, error) {
	period, pf, err := s.periodOf(r)
	if err != nil {
		return "", nil, nil, nil, err
	}
	sc, err := queryID(r, "scenario")
	if err != nil {
		return "", nil, nil, nil, err
	}
	g, scenario, err := s.app.Gaps(r.Context(), period, sc)
	return period, pf, g, scenario, err
}

func (s *Server) gapsPage(w http.ResponseWriter, r *http.Request) error {
	period, pf, g, scenario, err := s.requestedGaps(r)
	if err != nil {
		return err
	}
	v := gapsView{Period: period, Periods: pf.Periods, Gaps: g, Scenario: scenario}
	if v.Scenarios, err = s.app.Scenarios(r.Context(), period); err != nil {
		return err
	}
	if scenario != nil {
		if v.Base, _, err = s.app.Gaps(r.Context(), period, 0); err != nil {
			return err
		}
		v.Delta = map[string]int64{}
		for _, og := range g.Outcomes {
			if b := v.Base.Outcome(og.Outcome.Code); b != nil {
				v.Delta[og.Outcome.Code] = og.Gap - b.Gap
			}
		}
	}
	v.Chart = sourcesChart(g.Outcomes, func(og *plan.OutcomeGap) string { return og.Outcome.Code + ". " + og.Outcome.Title },
		func(og *plan.OutcomeGap) string { return "/workplans/" + period + "/" + og.Outcome.Code })
	values := map[string]chart.Value{}
	for _, c := range g.ByCountry {
		values[c.Key] = chart.Cents(c.Gap)
	}
	v.Map = chart.WorldMap(values, chart.MapOptions{Title: "Resource gap by country", LegendTitle: "Gap (USD); negative is a surplus",
		Link: func(code string) string { return "/gaps/country/" + code + "?period=" + period }})
	var bars []chart.Bar
	for _, rg := range g.ByRegion {
		bars = append(bars, chart.Bar{Label: rg.Label, Value: chart.Cents(rg.Gap)})
	}
	v.Regions = chart.HBar("Gap by region", bars, chart.Options{NoTable: true, Colors: []string{chart.ColorWarn}})
	v.Countries = append([]plan.Rollup(nil), g.ByCountry...)
	sort.SliceStable(v.Countries, func(i, j int) bool { return v.Countries[i].Gap > v.Countries[j].Gap })
	s.render(w, r, http.StatusOK, "gaps", s.newPage(r, "Resource gaps "+period, "gaps", v))
	return nil
}
