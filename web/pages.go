package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/figures"
	"devcoop/web/chart"
)

type overviewView struct {
	Summary        figures.Summary
	Periods        []devcoop.Period
	Period         string
	Map            template.HTML
	RegionChart    template.HTML
	ObjectiveChart template.HTML
	OutcomeChart   template.HTML
	RegionLink     func(string) string
	OutcomeLink    func(string) string
	PartnerLink    func(string) string
	SourceLink     func(string) string
	NoLink         func(string) string
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	period := r.URL.Query().Get("period")
	if _, ok := r.URL.Query()["period"]; !ok {
		if cur := pf.CurrentPeriod(); cur != nil {
			period = cur.Code
		}
	}
	sum, err := s.app.Summary(r.Context(), period)
	if err != nil {
		return err
	}
	v := overviewView{Summary: sum, Periods: pf.Periods, Period: period, NoLink: func(string) string { return "" }}
	v.RegionLink = func(k string) string {
		if pf.Region(k) != nil {
			return "/projects?region=" + k
		}
		return ""
	}
	outcomeIDs := map[string]int64{}
	for _, o := range pf.Outcomes {
		outcomeIDs[o.Period+"/"+o.Code] = o.ID
	}
	v.OutcomeLink = func(k string) string {
		if id, ok := outcomeIDs[k]; ok {
			return "/projects?outcome=" + strconv.FormatInt(id, 10)
		}
		return ""
	}
	v.PartnerLink = func(k string) string {
		if strings.HasPrefix(k, "P") {
			return "/projects?partner=" + k[1:]
		}
		return ""
	}
	v.SourceLink = func(k string) string { return "/projects?source=" + k }

	values := map[string]chart.Value{}
	for _, l := range sum.ByCountry {
		if len(l.Key) == 2 {
			values[l.Key] = chart.FromDecimal(l.BudgetUSD)
		}
	}
	v.Map = chart.WorldMap(values, chart.MapOptions{Title: "Budget by recipient country", LegendTitle: "Budget (USD)",
		Link: func(code string) string { return "/projects?country=" + code }})
	var bars []chart.Bar
	for _, l := range sum.ByRegion {
		bars = append(bars, chart.Bar{Label: l.Label, Value: chart.FromDecimal(l.BudgetUSD), Href: v.RegionLink(l.Key)})
	}
	v.RegionChart = chart.HBar("Budget by region", bars, chart.Options{NoTable: true})
	var slices []chart.Slice
	for _, l := range sum.ByObjective {
		slices = append(slices, chart.Slice{Label: l.Label, Value: chart.FromDecimal(l.BudgetUSD)})
	}
	v.ObjectiveChart = chart.Donut("Budget by strategic objective", slices, chart.Options{NoTable: true})
	var cats []string
	budget := chart.Series{Name: "Budget"}
	spent := chart.Series{Name: "Expenditure"}
	for _, l := range sum.ByOutcome {
		cats = append(cats, strings.Replace(strings.TrimPrefix(l.Label, "Outcome "), ":", ".", 1))
		budget.Values = append(budget.Values, chart.FromDecimal(l.BudgetUSD))
		budget.Hrefs = append(budget.Hrefs, v.OutcomeLink(l.Key))
		spent.Values = append(spent.Values, chart.FromDecimal(l.SpentUSD))
		spent.Hrefs = append(spent.Hrefs, v.OutcomeLink(l.Key))
	}
	v.OutcomeChart = chart.GroupedBar("Budget and expenditure by outcome", cats, []chart.Series{budget, spent}, chart.Options{NoTable: true, Width: 1100})
	s.render(w, r, http.StatusOK, "overview", s.newPage(r, "Portfolio overview", "overview", v))
	return nil
}

// projectFilter reads the list filters shared by the page and the API.
func projectFilter(q url.Values) (devcoop.ProjectFilter, int, int, error) {
	var pr devcoop.Problems
	f := devcoop.ProjectFilter{
		Region:  q.Get("region"),
		Country: strings.ToUpper(q.Get("country")),
		Status:  devcoop.ProjectStatus(q.Get("status")),
		Source:  devcoop.FundSource(q.Get("source")),
		Query:   q.Get("q"),
		Sort:    q.Get("sort"),
	}
	ids := map[string]*int64{"outcome": &f.OutcomeID, "partner": &f.PartnerID, "office": &f.OfficeID}
	for k, dst := range ids {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				pr.Add(k, "%q is not an identifier", v)
			}
			*dst = n
		}
	}
	if f.Status != "" && !f.Status.Valid() {
		pr.Add("status", "%q is not an IATI activity status (1–6)", f.Status)
	}
	if f.Source != "" && !f.Source.Valid() {
		pr.Add("source", "%q is not a source of funds", f.Source)
	}
	page, perPage := 1, 50
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			pr.Add("page", "%q is not a page number", v)
		} else {
			page = n
		}
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			pr.Add("per_page", "must be a number from 1 to 500")
		} else {
			perPage = n
		}
	}
	f.Limit = perPage
	f.Offset = (page - 1) * perPage
	return f, page, perPage, pr.Err()
}

type projectListView struct {
	Projects []*devcoop.Project
	Total    int
	Page     int
	PerPage  int
	Pages    int
	Filter   devcoop.ProjectFilter
	Ref      *devcoop.Portfolio
	Statuses []devcoop.ProjectStatus
	Sources  []devcoop.FundSource
	Outcomes []*devcoop.Outcome
	Budgets  map[int64]figures.ProjectMoney
}

func (s *Server) projectList(w http.ResponseWriter, r *http.Request) error {
	f, page, perPage, err := projectFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ps, total, err := s.app.Projects(r.Context(), f)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	v := projectListView{Projects: ps, Total: total, Page: page, PerPage: perPage, Filter: f, Ref: pf,
		Statuses: devcoop.ProjectStatuses, Sources: devcoop.FundSources, Budgets: map[int64]figures.ProjectMoney{}}
	v.Pages = (total + perPage - 1) / perPage
	if cur := pf.CurrentPeriod(); cur != nil {
		v.Outcomes = pf.OutcomesOf(cur.Code)
	}
	for _, p := range ps {
		pm, _ := figures.ProjectFigures(pf, p, nil)
		v.Budgets[p.ID] = pm
	}
	s.render(w, r, http.StatusOK, "projects", s.newPage(r, "Projects", "projects", v))
	return nil
}

type projectView struct {
	Project      *devcoop.Project
	Ref          *devcoop.Portfolio
	Office       *devcoop.Office
	Money        figures.ProjectMoney
	Transactions []devcoop.Transaction
	CanEdit      bool
	Audit        []devcoop.AuditEvent
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.app.Project(r.Context(), id)
	if err != nil {
		return err
	}
	pf, err := s.app.Portfolio(r.Context())
	if err != nil {
		return err
	}
	pm, _ := figures.ProjectFigures(pf, p, nil)
	v := projectView{Project: p, Ref: pf, Office: pf.Office(p.OfficeID), Money: pm, Transactions: pf.ProjectTransactions(p.ID),
		CanEdit: devcoop.CanEditProject(devcoop.UserFrom(r.Context()), p.OfficeID)}
	if ev, err := s.app.Audit(r.Context(), devcoop.AuditFilter{Entity: "project", EntityID: fmt.Sprint(p.ID), Limit: 20}); err == nil {
		v.Audit = ev
	}
	page := s.newPage(r, p.Title, "projects", v)
	page.Crumbs = []Crumb{{"Projects", "/projects"}, {p.Code, ""}}
	s.render(w, r, http.StatusOK, "project", page)
	return nil
}

func pathID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, devcoop.NotFound("record", v)
	}
	return id, nil
}
