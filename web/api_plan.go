package web

import (
	"net/http"
	"net/url"
	"strconv"

	"devcoop"
	"devcoop/money"
	"devcoop/plan"
	"devcoop/plan/priority"
)

// figuresJSON is the money of a component, an outcome or a rollup, as the
// API contract names it: decimal strings in USD.
type figuresJSON struct {
	Required  money.Decimal `json:"required_usd"`
	Available money.Decimal `json:"available_usd"`
	RB        money.Decimal `json:"rb_usd"`
	RBTC      money.Decimal `json:"rbtc_usd"`
	RBSA      money.Decimal `json:"rbsa_usd"`
	XBDC      money.Decimal `json:"xbdc_usd"`
	Pipeline  money.Decimal `json:"pipeline_usd"`
	Gap       money.Decimal `json:"gap_usd"`
	Coverage  string        `json:"coverage_percent"`
}

func figJSON(f plan.Figures) figuresJSON {
	c := money.FromCents
	return figuresJSON{Required: c(f.Required), Available: c(f.Available), RB: c(f.RB), RBTC: c(f.RBTC), RBSA: c(f.RBSA), XBDC: c(f.XBDC),
		Pipeline: c(f.Pipeline), Gap: c(f.Gap), Coverage: f.Coverage()}
}

type entryJSON struct {
	Kind   string        `json:"kind"`
	Source string        `json:"source,omitempty"`
	RefID  int64         `json:"ref_id,omitempty"`
	Ref    string        `json:"ref,omitempty"`
	Label  string        `json:"label"`
	Amount money.Decimal `json:"amount_usd"`
	Detail string        `json:"detail,omitempty"`
}

type componentJSON struct {
	Component string `json:"component"`
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Country   string `json:"country,omitempty"`
	Region    string `json:"region,omitempty"`
	Eligible  bool   `json:"eligible"`
	Why       string `json:"ineligible_reason,omitempty"`
	figuresJSON
	Priority      int               `json:"priority_score"`
	Reasons       []priority.Reason `json:"priority_reasons"`
	Targets       int               `json:"targets"`
	TargetsAtRisk int               `json:"targets_at_risk"`
	Entries       []entryJSON       `json:"entries,omitempty"`
}

type outcomeGapJSON struct {
	Outcome   string `json:"outcome"`
	Title     string `json:"title"`
	Objective string `json:"objective,omitempty"`
	Workplan  int64  `json:"workplan_id,omitempty"`
	figuresJSON
	Components []componentJSON `json:"components"`
}

type rollupJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	figuresJSON
}

type gapsJSON struct {
	Period      string            `json:"period"`
	Scenario    *devcoop.Scenario `json:"scenario,omitempty"`
	Outcomes    []outcomeGapJSON  `json:"outcomes"`
	Total       figuresJSON       `json:"total"`
	ByObjective []rollupJSON      `json:"by_objective"`
	ByRegion    []rollupJSON      `json:"by_region"`
	ByCountry   []rollupJSON      `json:"by_country"`
	ByCPO       []rollupJSON      `json:"by_cpo"`
	Warnings    []string          `json:"warnings"`
}

func rollups(rs []plan.Rollup) []rollupJSON {
	out := make([]rollupJSON, len(rs))
	for i, r := range rs {
		out[i] = rollupJSON{Key: r.Key, Label: r.Label, figuresJSON: figJSON(r.Figures)}
	}
	return out
}

func gapsToJSON(g *plan.Gaps, sc *devcoop.Scenario, withEntries bool) gapsJSON {
	out := gapsJSON{Period: g.Period.Code, Scenario: sc, Total: figJSON(g.Total), ByObjective: rollups(g.ByObjective), ByRegion: rollups(g.ByRegion),
		ByCountry: rollups(g.ByCountry), ByCPO: rollups(g.ByCPO), Warnings: g.Warnings, Outcomes: []outcomeGapJSON{}}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	for _, og := range g.Outcomes {
		oj := outcomeGapJSON{Outcome: og.Outcome.Code, Title: og.Outcome.Title, Objective: og.Objective, Workplan: og.WorkplanID, figuresJSON: figJSON(og.Figures), Components: []componentJSON{}}
		for _, c := range og.Components {
			cj := componentJSON{Component: c.Key, Kind: string(c.Kind), Label: c.Label, Country: c.Country, Region: c.Region, Eligible: c.Eligible, Why: c.IneligibleReason,
				figuresJSON: figJSON(c.Figures), Priority: c.Priority.Score, Reasons: c.Priority.Reasons, Targets: c.Targets, TargetsAtRisk: c.TargetsAtRisk}
			if cj.Reasons == nil {
				cj.Reasons = []priority.Reason{}
			}
			if withEntries {
				for _, e := range c.Entries {
					cj.Entries = append(cj.Entries, entryJSON{Kind: e.Kind, Source: e.Source, RefID: e.RefID, Ref: e.Ref, Label: e.Label, Amount: money.FromCents(e.Cents), Detail: e.Detail})
				}
			}
			oj.Components = append(oj.Components, cj)
		}
		out.Outcomes = append(out.Outcomes, oj)
	}
	return out
}

// queryID reads an optional identifier from the request's query.
func queryID(r *http.Request, key string) (int64, error) { return valuesID(r.URL.Query(), key) }

// valuesID reads an optional identifier from q: zero when absent, an
// error naming key when it is not a positive integer.
func valuesID(q url.Values, key string) (int64, error) {
	v := q.Get(key)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, devcoop.Invalid(key, "%q is not an identifier", v)
	}
	return n, nil
}

func (s *Server) apiGaps(w http.ResponseWriter, r *http.Request) error {
	sc, err := queryID(r, "scenario")
	if err != nil {
		return err
	}
	g, scenario, err := s.app.Gaps(r.Context(), r.PathValue("period"), sc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, gapsToJSON(g, scenario, r.URL.Query().Get("entries") == "1"))
	return nil
}

type proposalRequest struct {
	Pools []devcoop.Pool `json:"pools"`
}

type lineJSON struct {
	Pool      string        `json:"pool"`
	Outcome   string        `json:"outcome"`
	Component string        `json:"component"`
	Amount    money.Decimal `json:"amount_usd"`
	Reason    string        `json:"reason"`
}

type noteJSON struct {
	Outcome   string        `json:"outcome"`
	Component string        `json:"component"`
	Kind      string        `json:"kind"`
	Short     money.Decimal `json:"short_usd"`
	Text      string        `json:"text"`
}

type proposalJSON struct {
	Lines    []lineJSON               `json:"lines"`
	Notes    []noteJSON               `json:"notes"`
	PoolLeft map[string]money.Decimal `json:"pool_left_usd"`
}

func proposalToJSON(p *plan.Proposal) proposalJSON {
	out := proposalJSON{Lines: []lineJSON{}, Notes: []noteJSON{}, PoolLeft: map[string]money.Decimal{}}
	for _, l := range p.Lines {
		out.Lines = append(out.Lines, lineJSON{Pool: l.Pool, Outcome: l.Outcome, Component: l.Component, Amount: money.FromCents(l.Cents), Reason: l.Reason})
	}
	for _, n := range p.Notes {
		out.Notes = append(out.Notes, noteJSON{Outcome: n.Outcome, Component: n.Component, Kind: n.Kind, Short: money.FromCents(n.Short), Text: n.Text})
	}
	for k, v := range p.PoolLeft {
		out.PoolLeft[k] = money.FromCents(v)
	}
	return out
}

func (s *Server) apiProposeAllocation(w http.ResponseWriter, r *http.Request) error {
	var req proposalRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	p, _, err := s.app.ProposeAllocation(r.Context(), r.PathValue("period"), req.Pools)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, proposalToJSON(p))
	return nil
}

type decisionsRequest struct {
	Lines []lineJSON `json:"lines"`
}

func (s *Server) apiRecordDecisions(w http.ResponseWriter, r *http.Request) error {
	var req decisionsRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	var ds []devcoop.AllocationDecision
	for _, l := range req.Lines {
		ds = append(ds, devcoop.AllocationDecision{Pool: l.Pool, Outcome: l.Outcome, Component: l.Component, Amount: l.Amount, Reason: l.Reason})
	}
	out, err := s.app.RecordDecisions(r.Context(), r.PathValue("period"), ds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"decisions": out})
	return nil
}

func (s *Server) apiDecisions(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.app.Decisions(r.Context(), r.PathValue("period"))
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []devcoop.AllocationDecision{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"decisions": ds})
	return nil
}

func (s *Server) apiDeleteDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.DeleteDecision(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiWorkplans(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.app.Workplans(r.Context(), r.PathValue("period"))
	if err != nil {
		return err
	}
	if ws == nil {
		ws = []*devcoop.Workplan{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"workplans": ws})
	return nil
}

func (s *Server) apiWorkplan(w http.ResponseWriter, r *http.Request) error {
	wp, _, err := s.app.WorkplanFor(r.Context(), r.PathValue("period"), r.PathValue("outcome"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wp)
	return nil
}

type workplanInput struct {
	OwnerID      int64                    `json:"owner_id"`
	Summary      string                   `json:"summary"`
	Targets      []devcoop.WorkplanTarget `json:"targets"`
	Requirements []devcoop.Requirement    `json:"requirements"`
	Plans        []devcoop.SourcePlan     `json:"plans"`
	Version      int                      `json:"version"`
}

func (s *Server) apiSaveWorkplan(w http.ResponseWriter, r *http.Request) error {
	var in workplanInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	wp, _, err := s.app.WorkplanFor(r.Context(), r.PathValue("period"), r.PathValue("outcome"))
	if err != nil {
		return err
	}
	wp.OwnerID, wp.Summary, wp.Targets, wp.Requirements, wp.Plans, wp.Version = in.OwnerID, in.Summary, in.Targets, in.Requirements, in.Plans, in.Version
	if err := s.app.SaveWorkplan(r.Context(), wp); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wp)
	return nil
}

func (s *Server) apiScenarios(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.app.Scenarios(r.Context(), r.PathValue("period"))
	if err != nil {
		return err
	}
	if sc == nil {
		sc = []devcoop.Scenario{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": sc})
	return nil
}

type scenarioInput struct {
	Name   string         `json:"name"`
	Pools  []devcoop.Pool `json:"pools"`
	Signed []int64        `json:"signed"`
	Lost   []int64        `json:"lost"`
}

func (s *Server) apiCreateScenario(w http.ResponseWriter, r *http.Request) error {
	var in scenarioInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	sc := &devcoop.Scenario{Period: r.PathValue("period"), Name: in.Name, Pools: in.Pools, Signed: in.Signed, Lost: in.Lost}
	if err := s.app.SaveScenario(r.Context(), sc); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sc)
	return nil
}

func (s *Server) apiPriority(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireStaffHTTP(r); err != nil {
		return err
	}
	c, err := s.app.PriorityCriteria(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiSetPriority(w http.ResponseWriter, r *http.Request) error {
	var c priority.Criteria
	if err := decodeJSON(r.Body, &c); err != nil {
		return err
	}
	if err := s.app.SetPriorityCriteria(r.Context(), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// portfolioDate is the business date: Fixed is null when devcoop follows
// the real date.
type portfolioDate struct {
	Fixed devcoop.Date `json:"fixed"`
	Today devcoop.Date `json:"today"`
}

func (s *Server) apiPortfolioDate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.app.PortfolioDate(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, portfolioDate{Fixed: d, Today: s.app.Today(r.Context())})
	return nil
}

func (s *Server) apiSetPortfolioDate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Date devcoop.Date `json:"date"`
	}
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	if err := s.app.SetPortfolioDate(r.Context(), in.Date); err != nil {
		return err
	}
	return s.apiPortfolioDate(w, r)
}

func requireStaffHTTP(r *http.Request) (*devcoop.User, error) {
	u := devcoop.UserFrom(r.Context())
	if !u.IsStaff() {
		return nil, devcoop.ErrForbidden
	}
	return u, nil
}

func (s *Server) apiProspects(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.app.Prospects(r.Context(), r.PathValue("period"), r.PathValue("outcome"))
	if err != nil {
		return err
	}
	type item struct {
		plan.ComponentProspects
		Gap money.Decimal `json:"gap_usd"`
	}
	out := []item{}
	for _, p := range ps {
		if p.Prospects == nil {
			p.Prospects = []plan.Prospect{}
		}
		out = append(out, item{ComponentProspects: p, Gap: money.FromCents(p.Gap)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"components": out})
	return nil
}
