package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/money"
	"devcoop/plan"
)

type poolRow struct {
	ID, Amount, Outcomes, Regions string
}

type allocateView struct {
	Period        string
	Pools         []poolRow
	Proposal      *plan.Proposal
	Gaps          *plan.Gaps
	Errors        []devcoop.FieldError
	Opportunities []*devcoop.Opportunity
	Partners      map[int64]string
	Labels        map[string]string // outcome/component → label
	Total         int64
	Decisions     []devcoop.AllocationDecision
	CanRecord     bool
	ScenarioName  string
}

// readPools reads the pool rows of the workbench form; an amount that is not
// an exact decimal names its row.
func readPools(r *http.Request) ([]poolRow, []devcoop.Pool, []devcoop.FieldError) {
	var rows []poolRow
	var pools []devcoop.Pool
	var pr devcoop.Problems
	ids := r.PostForm["pool_id"]
	split := func(s string) []string {
		var out []string
		for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			out = append(out, strings.TrimSpace(x))
		}
		return out
	}
	for i := range ids {
		row := poolRow{ID: strings.TrimSpace(ids[i]), Amount: formAt(r, "pool_amount", i), Outcomes: formAt(r, "pool_outcomes", i), Regions: formAt(r, "pool_regions", i)}
		rows = append(rows, row)
		if row.ID == "" && row.Amount == "" {
			continue
		}
		amt, err := money.Parse(strings.ReplaceAll(row.Amount, ",", ""))
		if err != nil {
			pr.Add(fmt.Sprintf("pools[%d].amount_usd", i), "%q is not an amount in US dollars", row.Amount)
			continue
		}
		regions := split(row.Regions)
		for k := range regions {
			regions[k] = strings.ToUpper(regions[k])
		}
		pools = append(pools, devcoop.Pool{ID: row.ID, Amount: amt, Outcomes: split(row.Outcomes), Regions: regions})
	}
	return rows, pools, pr.List()
}

func formAt(r *http.Request, name string, i int) string {
	vs := r.PostForm[name]
	if i < len(vs) {
		return strings.TrimSpace(vs[i])
	}
	return ""
}

func (s *Server) allocatePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.newAllocateView(r)
	if err != nil {
		return err
	}
	v.Pools = []poolRow{{ID: "RBSA-" + v.Period}, {}, {}, {}}
	return s.renderAllocate(w, r, http.StatusOK, v)
}

func (s *Server) newAllocateView(r *http.Request) (*allocateView, error) {
	period := r.PathValue("period")
	g, _, err := s.app.Gaps(r.Context(), period, 0)
	if err != nil {
		return nil, err
	}
	v := &allocateView{Period: period, Gaps: g, Partners: map[int64]string{}, Labels: map[string]string{}}
	for _, og := range g.Outcomes {
		for _, c := range og.Components {
			v.Labels[og.Outcome.Code+"/"+c.Key] = c.Label
		}
	}
	u := devcoop.UserFrom(r.Context())
	v.CanRecord = u.HasAny(devcoop.RoleAdmin, devcoop.RoleOutcomeCoordinator)
	if devcoop.CanSeeFunding(u) {
		ops, err := s.app.Opportunities(r.Context(), devcoop.OpportunityFilter{Period: period})
		if err != nil {
			return nil, err
		}
		for _, o := range ops {
			if o.Open() {
				v.Opportunities = append(v.Opportunities, o)
			}
		}
		pf, err := s.app.Portfolio(r.Context())
		if err != nil {
			return nil, err
		}
		for _, p := range pf.Partners {
			v.Partners[p.ID] = p.Name
		}
	}
	if v.Decisions, err = s.app.Decisions(r.Context(), period); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) renderAllocate(w http.ResponseWriter, r *http.Request, status int, v *allocateView) error {
	if v.Proposal != nil {
		v.Total = 0
		for _, l := range v.Proposal.Lines {
			v.Total += l.Cents
		}
	}
	page := s.newPage(r, "Allocate un-earmarked funds "+v.Period, "workplans", v)
	page.Crumbs = []Crumb{{"Workplans", "/workplans?period=" + v.Period}, {"Allocation workbench", ""}}
	s.render(w, r, status, "allocate", page)
	return nil
}

// allocatePost proposes an allocation, or saves the pools (and pipeline
// changes) as a what-if scenario.
func (s *Server) allocatePost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return devcoop.Invalid("form", "could not be read")
	}
	v, err := s.newAllocateView(r)
	if err != nil {
		return err
	}
	rows, pools, errs := readPools(r)
	v.Pools = append(rows, poolRow{}, poolRow{})
	v.ScenarioName = r.PostFormValue("scenario_name")
	if len(errs) > 0 {
		v.Errors = errs
		return s.renderAllocate(w, r, http.StatusBadRequest, v)
	}
	if r.PostFormValue("action") == "scenario" {
		sc := &devcoop.Scenario{Period: v.Period, Name: v.ScenarioName, Pools: pools}
		for _, id := range r.PostForm["signed"] {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				sc.Signed = append(sc.Signed, n)
			}
		}
		for _, id := range r.PostForm["lost"] {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				sc.Lost = append(sc.Lost, n)
			}
		}
		if err := s.app.SaveScenario(r.Context(), sc); err != nil {
			if devcoop.ErrorKind(err) != devcoop.KindInvalid {
				return err
			}
			v.Errors = devcoop.ErrorFields(err)
			return s.renderAllocate(w, r, http.StatusBadRequest, v)
		}
		http.Redirect(w, r, fmt.Sprintf("/gaps?period=%s&scenario=%d", v.Period, sc.ID), http.StatusSeeOther)
		return nil
	}
	p, _, err := s.app.ProposeAllocation(r.Context(), v.Period, pools)
	if err != nil {
		switch devcoop.ErrorKind(err) {
		case devcoop.KindInvalid, devcoop.KindConflict:
			v.Errors = devcoop.ErrorFields(err)
			if len(v.Errors) == 0 {
				v.Errors = []devcoop.FieldError{{Field: "pools", Message: devcoop.ErrorMessage(err)}}
			}
			return s.renderAllocate(w, r, status(err), v)
		}
		return err
	}
	v.Proposal = p
	return s.renderAllocate(w, r, http.StatusOK, v)
}

// recordAllocation records the lines the coordinator kept, with the
// amounts as adjusted.
func (s *Server) recordAllocation(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return devcoop.Invalid("form", "could not be read")
	}
	period := r.PathValue("period")
	keep := map[string]bool{}
	for _, k := range r.PostForm["keep"] {
		keep[k] = true
	}
	var lines []devcoop.AllocationDecision
	var pr devcoop.Problems
	for i := range r.PostForm["line_pool"] {
		if !keep[strconv.Itoa(i)] {
			continue
		}
		amt, err := money.Parse(strings.ReplaceAll(formAt(r, "line_amount", i), ",", ""))
		if err != nil {
			pr.Add(fmt.Sprintf("lines[%d].amount_usd", i), "%q is not an amount", formAt(r, "line_amount", i))
			continue
		}
		lines = append(lines, devcoop.AllocationDecision{Pool: formAt(r, "line_pool", i), Outcome: formAt(r, "line_outcome", i),
			Component: formAt(r, "line_component", i), Amount: amt, Reason: formAt(r, "line_reason", i)})
	}
	if err := pr.Err(); err != nil {
		return err
	}
	if _, err := s.app.RecordDecisions(r.Context(), period, lines); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/gaps?period=%s&flash=%d+allocation+decisions+recorded", period, len(lines)), http.StatusSeeOther)
	return nil
}
