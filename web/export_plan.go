package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"devcoop"
	"devcoop/export"
	"devcoop/plan"
)

// figureColumns are the money columns every gap table shares.
var figureColumns = []export.Column{
	{Title: "Required (USD)", Kind: export.Money}, {Title: "RB", Kind: export.Money}, {Title: "RBTC", Kind: export.Money},
	{Title: "RBSA", Kind: export.Money}, {Title: "XBDC", Kind: export.Money}, {Title: "Available", Kind: export.Money},
	{Title: "Gap", Kind: export.Money}, {Title: "Coverage %", Kind: export.Percent}, {Title: "Pipeline (weighted)", Kind: export.Money},
}

func figureCells(f plan.Figures) []export.Cell {
	return []export.Cell{centsCell(f.Required), centsCell(f.RB), centsCell(f.RBTC), centsCell(f.RBSA), centsCell(f.XBDC),
		centsCell(f.Available), centsCell(f.Gap), pctCell(f.Coverage()), centsCell(f.Pipeline)}
}

func figureTable(title, subtitle, head string, sheet string) *export.Table {
	return &export.Table{Title: title, Subtitle: subtitle, Sheet: sheet, Columns: append([]export.Column{{Title: head}}, figureColumns...),
		Notes: []string{"Available = RB + RBTC + RBSA + XBDC; gap = required − available (negative is a surplus). Pipeline is expected money weighted by probability and is never counted as available.",
			"XBDC is the part of each project budget that falls in the period, pro rata by days, converted at the rate of its value date and split by outcome, geography and CPO shares."}}
}

func rollupTable(title, head string, rs []plan.Rollup) *export.Table {
	t := figureTable(title, "", head, title)
	for _, r := range rs {
		t.Rows = append(t.Rows, append([]export.Cell{textCell(r.Label)}, figureCells(r.Figures)...))
	}
	return t
}

// gapTables are the gap dashboard as tables, shared by XLSX and PDF.
func gapTables(g *plan.Gaps, sc *devcoop.Scenario) []*export.Table {
	sub := "The current plan"
	if sc != nil {
		sub = "Scenario: " + sc.Name
	}
	outcomes := figureTable("Gaps by outcome, "+g.Period.Code, sub, "Outcome", "Outcomes")
	for _, og := range g.Outcomes {
		outcomes.Rows = append(outcomes.Rows, append([]export.Cell{textCell(og.Outcome.Code + ". " + og.Outcome.Title)}, figureCells(og.Figures)...))
	}
	outcomes.Totals = append([]export.Cell{textCell("Total")}, figureCells(g.Total)...)
	return []*export.Table{outcomes,
		rollupTable("By strategic objective", "Objective", g.ByObjective),
		rollupTable("By region", "Region", g.ByRegion),
		rollupTable("By country", "Country", g.ByCountry),
		rollupTable("By CPO", "CPO", g.ByCPO),
	}
}

func (s *Server) gapsExport(w http.ResponseWriter, r *http.Request) error {
	period, _, g, scenario, err := s.requestedGaps(r)
	if err != nil {
		return err
	}
	tables := gapTables(g, scenario)
	name := "resource-gaps-" + period
	switch r.PathValue("format") {
	case "export.xlsx":
		return s.sendTables(w, "xlsx", name, tables...)
	case "export.pdf":
		rep := &export.Report{Title: "Resource gaps " + period, Subtitle: tables[0].Subtitle, Date: time.Now(),
			Meta:   [][2]string{{"Required", usdPlain(g.Total.Required)}, {"Available", usdPlain(g.Total.Available)}, {"Gap", usdPlain(g.Total.Gap)}, {"Coverage", g.Total.Coverage() + "%"}, {"Pipeline (weighted)", usdPlain(g.Total.Pipeline)}},
			Footer: "devcoop · internal planning document"}
		for _, t := range tables[:3] {
			rep.Sections = append(rep.Sections, export.Section{Heading: t.Title, Table: t})
		}
		return s.sendPDF(w, name, rep)
	}
	return devcoop.NotFound("export", r.PathValue("format"))
}

func usdPlain(c int64) string { return formatUSD(centsDec(c)) }

func (s *Server) workplanExport(w http.ResponseWriter, r *http.Request) error {
	period := r.PathValue("period")
	wp, o, err := s.app.WorkplanFor(r.Context(), period, r.PathValue("outcome"))
	if err != nil {
		return err
	}
	g, _, err := s.app.Gaps(r.Context(), period, 0)
	if err != nil {
		return err
	}
	og := g.Outcome(o.Code)
	comps := figureTable(fmt.Sprintf("Outcome %s: %s", o.Code, o.Title), "Components, "+period, "Component", "Components")
	entries := &export.Table{Title: "Records behind the figures", Sheet: "Records", Columns: []export.Column{{Title: "Component"}, {Title: "Kind"}, {Title: "Source"}, {Title: "Reference"}, {Title: "Label"}, {Title: "USD", Kind: export.Money}, {Title: "How"}}}
	for _, c := range og.Components {
		comps.Rows = append(comps.Rows, append([]export.Cell{textCell(c.Label)}, figureCells(c.Figures)...))
		for _, e := range c.Entries {
			entries.Rows = append(entries.Rows, []export.Cell{textCell(c.Key), textCell(e.Kind), textCell(e.Source), textCell(e.Ref), textCell(e.Label), centsCell(e.Cents), textCell(e.Detail)})
		}
	}
	comps.Totals = append([]export.Cell{textCell("Outcome " + o.Code)}, figureCells(og.Figures)...)
	targets := &export.Table{Title: "Targets and milestones", Sheet: "Targets", Columns: []export.Column{{Title: "Component"}, {Title: "Result"}, {Title: "Member States", Kind: export.Number}, {Title: "Milestone due", Kind: export.Date}, {Title: "Milestone"}, {Title: "Status"}}}
	for _, t := range wp.Targets {
		if len(t.Milestones) == 0 {
			targets.Rows = append(targets.Rows, []export.Cell{textCell(t.Component), textCell(t.Result), intCell(t.MemberStates)})
		}
		for i, m := range t.Milestones {
			row := []export.Cell{textCell(t.Component), textCell(t.Result), intCell(t.MemberStates), textCell(m.Due.String()), textCell(m.Description), textCell(m.Status)}
			if i > 0 {
				row[0], row[1], row[2] = textCell(""), textCell(""), export.Cell{}
			}
			targets.Rows = append(targets.Rows, row)
		}
	}
	name := fmt.Sprintf("workplan-%s-outcome-%s", period, o.Code)
	switch r.PathValue("format") {
	case "export.xlsx":
		return s.sendTables(w, "xlsx", name, comps, targets, entries)
	case "export.pdf":
		rep := &export.Report{Title: fmt.Sprintf("Outcome-based workplan: outcome %s", o.Code), Subtitle: o.Title + ", " + period, Date: time.Now(),
			Meta:   [][2]string{{"Required", usdPlain(og.Required)}, {"Available", usdPlain(og.Available)}, {"Gap", usdPlain(og.Gap)}, {"Coverage", og.Coverage() + "%"}},
			Footer: "devcoop · internal planning document"}
		if wp.Summary != "" {
			rep.Sections = append(rep.Sections, export.Section{Heading: "Summary", Paragraphs: []string{wp.Summary}})
		}
		rep.Sections = append(rep.Sections, export.Section{Heading: "Resources and gap by component", Table: comps}, export.Section{Heading: "Targets", Table: targets})
		return s.sendPDF(w, name, rep)
	}
	return devcoop.NotFound("export", r.PathValue("format"))
}

type countryGapView struct {
	Period  string
	Country *devcoop.Country
	Rows    []countryGapRow
	Total   plan.Figures
}

type countryGapRow struct {
	Outcome   *devcoop.Outcome
	Component *plan.Component
}

func (s *Server) countryGapPage(w http.ResponseWriter, r *http.Request) error {
	period, pf, err := s.periodOf(r)
	if err != nil {
		return err
	}
	code := strings.ToUpper(r.PathValue("code"))
	c := pf.Country(code)
	if c == nil {
		return devcoop.NotFound("country", code)
	}
	g, _, err := s.app.Gaps(r.Context(), period, 0)
	if err != nil {
		return err
	}
	v := countryGapView{Period: period, Country: c}
	for _, og := range g.Outcomes {
		for _, comp := range og.Components {
			if comp.Country == code {
				v.Rows = append(v.Rows, countryGapRow{Outcome: og.Outcome, Component: comp})
				v.Total.Required += comp.Required
				v.Total.RB += comp.RB
				v.Total.RBTC += comp.RBTC
				v.Total.RBSA += comp.RBSA
				v.Total.XBDC += comp.XBDC
				v.Total.Pipeline += comp.Pipeline
			}
		}
	}
	v.Total.Available = v.Total.RB + v.Total.RBTC + v.Total.RBSA + v.Total.XBDC
	v.Total.Gap = v.Total.Required - v.Total.Available
	page := s.newPage(r, "Gaps in "+c.Name, "gaps", v)
	page.Crumbs = []Crumb{{"Gaps", "/gaps?period=" + period}, {c.Name, ""}}
	s.render(w, r, http.StatusOK, "gaps_country", page)
	return nil
}
