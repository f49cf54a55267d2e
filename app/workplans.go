package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"devcoop"
	"devcoop/plan"
	"devcoop/plan/priority"
)

// settingPriority is where the priority criteria are kept.
const settingPriority = "plan.priority"

// requireStaff returns the signed-in staff user: planning data is internal.
func requireStaff(ctx context.Context) (*devcoop.User, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !u.IsStaff() {
		return nil, devcoop.ErrForbidden
	}
	return u, nil
}

// PriorityCriteria returns the configured criteria, or the defaults.
func (a *App) PriorityCriteria(ctx context.Context) (priority.Criteria, error) {
	v, err := a.store.Setting(ctx, settingPriority)
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		return priority.DefaultCriteria(), nil
	}
	if err != nil {
		return priority.Criteria{}, err
	}
	var c priority.Criteria
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return priority.Criteria{}, fmt.Errorf("stored priority criteria: %w", err)
	}
	return c, nil
}

// SetPriorityCriteria stores new criteria (administrators only).
func (a *App) SetPriorityCriteria(ctx context.Context, c priority.Criteria) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !devcoop.CanManageUsers(u) {
		return devcoop.ErrForbidden
	}
	if err := c.Validate(); err != nil {
		var pr devcoop.Problems
		for _, e := range unjoin(err) {
			var fe *priority.FieldError
			if errors.As(e, &fe) {
				pr.Add(fe.Field, "%s", fe.Problem)
			}
		}
		if pr.Empty() {
			pr.Add("criteria", "%v", err)
		}
		return pr.Err()
	}
	before, _ := a.PriorityCriteria(ctx)
	body, _ := json.Marshal(c)
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.PutSetting(ctx, settingPriority, string(body)); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "setting", settingPriority, before, c)
	})
}

// Gaps computes the gap analysis of a period for staff, optionally under a
// saved scenario.
func (a *App) Gaps(ctx context.Context, period string, scenarioID int64) (*plan.Gaps, *devcoop.Scenario, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, nil, err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return nil, nil, err
	}
	crit, err := a.PriorityCriteria(ctx)
	if err != nil {
		return nil, nil, err
	}
	opt := plan.Options{Criteria: crit}
	var sc *devcoop.Scenario
	if scenarioID != 0 {
		if sc, err = a.store.Scenario(ctx, scenarioID); err != nil {
			return nil, nil, err
		}
		if sc.Period != period {
			return nil, nil, devcoop.Invalid("scenario", "scenario %d is for %s, not %s", scenarioID, sc.Period, period)
		}
		opt.Signed, opt.Lost = idSet(sc.Signed), idSet(sc.Lost)
		if len(sc.Pools) > 0 {
			// The scenario's pools are allocated on top of the decisions
			// already recorded, and count as RBSA.
			base, err := plan.Compute(pf, period, opt)
			if err != nil {
				return nil, nil, err
			}
			prop, err := plan.Propose(base, sc.Pools)
			if err != nil {
				return nil, nil, err
			}
			opt.ExtraRBSA = prop.Decisions(base)
		}
	}
	g, err := plan.Compute(pf, period, opt)
	return g, sc, err
}

// unjoin splits an errors.Join error into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func idSet(ids []int64) map[int64]bool {
	m := map[int64]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// ProposeAllocation proposes how pools fill the period's gaps.
func (a *App) ProposeAllocation(ctx context.Context, period string, pools []devcoop.Pool) (*plan.Proposal, *plan.Gaps, error) {
	g, _, err := a.Gaps(ctx, period, 0)
	if err != nil {
		return nil, nil, err
	}
	p, err := plan.Propose(g, pools)
	return p, g, err
}

// RecordDecisions stores allocation decisions: the coordinator's adjusted
// lines. Each outcome's decisions are for its coordinator (or an
// administrator) to record. They are audited, then count as available RBSA.
func (a *App) RecordDecisions(ctx context.Context, period string, lines []devcoop.AllocationDecision) ([]devcoop.AllocationDecision, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return nil, err
	}
	if pf.Period(period) == nil {
		return nil, devcoop.Invalid("period", "%q is not a programme period", period)
	}
	var pr devcoop.Problems
	codes := map[string]*devcoop.Outcome{}
	for _, o := range pf.OutcomesOf(period) {
		codes[o.Code] = o
	}
	if len(lines) == 0 {
		pr.Add("lines", "at least one decision is required")
	}
	for i := range lines {
		l := &lines[i]
		f := fmt.Sprintf("lines[%d]", i)
		o := codes[l.Outcome]
		if o == nil {
			pr.Add(f+".outcome", "%q is not an outcome of %s", l.Outcome, period)
			continue
		}
		if !devcoop.CanEditWorkplan(u, o.ID) {
			return nil, devcoop.Errorf(devcoop.KindForbidden, "Only the coordinator of outcome %s records its allocations.", o.Code)
		}
		l.OutcomeID, l.Period = o.ID, period
		if kind, ok := pf.KindOfComponent(l.Component); !ok {
			pr.Add(f+".component", "%q is not a country, CPO, region or GLOBAL", l.Component)
		} else if kind == devcoop.ComponentCountry || kind == devcoop.ComponentCPO {
			c := pf.Country(l.Component)
			if kind == devcoop.ComponentCPO {
				c = pf.Country(pf.CPOByCode(l.Component).Country)
			}
			if c != nil && !c.ODAEligible {
				pr.Add(f+".component", "%s is not eligible for un-earmarked funds", c.Name)
			}
		}
		if strings.TrimSpace(l.Pool) == "" {
			pr.Add(f+".pool", "is required")
		}
		if l.Amount.Sign() <= 0 {
			pr.Add(f+".amount_usd", "must be more than zero")
		} else if !l.Amount.Equal(l.Amount.Round(2)) {
			pr.Add(f+".amount_usd", "has fractions of a cent")
		}
		l.DecidedBy, l.DecidedAt = u.ID, a.Today(ctx)
		if l.Reason == "" {
			l.Reason = "Recorded by " + u.Email
		}
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		for i := range lines {
			if err := tx.CreateDecision(ctx, &lines[i]); err != nil {
				return err
			}
			if err := a.audit(ctx, tx, "create", "allocation_decision", lines[i].ID, nil, lines[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return lines, err
}

// DeleteDecision withdraws a recorded allocation decision.
func (a *App) DeleteDecision(ctx context.Context, id int64) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	ds, err := a.store.Decisions(ctx, "")
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.ID != id {
			continue
		}
		if !devcoop.CanEditWorkplan(u, d.OutcomeID) {
			return devcoop.ErrForbidden
		}
		return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
			if err := tx.DeleteDecision(ctx, id); err != nil {
				return err
			}
			return a.audit(ctx, tx, "delete", "allocation_decision", id, d, nil)
		})
	}
	return devcoop.NotFound("allocation decision", id)
}

// Decisions lists a period's recorded decisions (staff).
func (a *App) Decisions(ctx context.Context, period string) ([]devcoop.AllocationDecision, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	return a.store.Decisions(ctx, period)
}

// Workplans lists a period's workplans (staff).
func (a *App) Workplans(ctx context.Context, period string) ([]*devcoop.Workplan, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	return a.store.Workplans(ctx, period)
}

// WorkplanFor returns the workplan of a period's outcome (by code); a
// missing one is returned empty, ready to fill, with ID 0.
func (a *App) WorkplanFor(ctx context.Context, period, outcome string) (*devcoop.Workplan, *devcoop.Outcome, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, nil, err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return nil, nil, err
	}
	var o *devcoop.Outcome
	for _, x := range pf.OutcomesOf(period) {
		if x.Code == outcome {
			o = x
		}
	}
	if o == nil {
		return nil, nil, devcoop.NotFound("outcome", period+"/"+outcome)
	}
	for _, w := range pf.Workplans {
		if w.OutcomeID == o.ID {
			full, err := a.store.Workplan(ctx, w.ID)
			return full, o, err
		}
	}
	return &devcoop.Workplan{Period: period, OutcomeID: o.ID, Outcome: o.Code}, o, nil
}

// SaveWorkplan creates or updates a workplan. Only its outcome's
// coordinator (or an administrator) may; an update carries the version it
// was based on.
func (a *App) SaveWorkplan(ctx context.Context, w *devcoop.Workplan) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !devcoop.CanEditWorkplan(u, w.OutcomeID) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only the outcome's coordinator may change its workplan.")
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if err := w.Validate(pf); err != nil {
		return err
	}
	var before *devcoop.Workplan
	for _, x := range pf.Workplans {
		if x.OutcomeID == w.OutcomeID && x.Period == w.Period {
			before = x
		}
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if before == nil {
			if w.OwnerID == 0 && u.Has(devcoop.RoleOutcomeCoordinator) {
				w.OwnerID = u.ID
			}
			if err := tx.CreateWorkplan(ctx, w); err != nil {
				return err
			}
			return a.audit(ctx, tx, "create", "workplan", w.ID, nil, w)
		}
		w.ID = before.ID
		if w.Version == 0 {
			return devcoop.Invalid("version", "is required: send the version you read")
		}
		if err := tx.UpdateWorkplan(ctx, w); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "workplan", w.ID, before, w)
	})
}

// SaveScenario stores a what-if scenario (coordinators, RM officers,
// administrators).
func (a *App) SaveScenario(ctx context.Context, s *devcoop.Scenario) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !u.HasAny(devcoop.RoleAdmin, devcoop.RoleOutcomeCoordinator, devcoop.RoleRMOfficer, devcoop.RoleDirector) {
		return devcoop.ErrForbidden
	}
	var pr devcoop.Problems
	if strings.TrimSpace(s.Name) == "" {
		pr.Add("name", "is required")
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if pf.Period(s.Period) == nil {
		pr.Add("period", "%q is not a programme period", s.Period)
	}
	for i, id := range append(append([]int64{}, s.Signed...), s.Lost...) {
		found := false
		for _, o := range pf.Opportunities {
			found = found || o.ID == id
		}
		if !found {
			pr.Add(fmt.Sprintf("opportunities[%d]", i), "opportunity %d does not exist", id)
		}
	}
	for i, p := range s.Pools {
		if p.ID == "" {
			pr.Add(fmt.Sprintf("pools[%d].id", i), "is required")
		}
		if p.Amount.Sign() < 0 {
			pr.Add(fmt.Sprintf("pools[%d].amount_usd", i), "is negative")
		}
	}
	if err := pr.Err(); err != nil {
		return err
	}
	s.CreatedBy = u.ID
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateScenario(ctx, s); err != nil {
			return err
		}
		return a.audit(ctx, tx, "create", "scenario", s.ID, nil, s)
	})
}

// Scenarios lists the saved scenarios of a period (staff).
func (a *App) Scenarios(ctx context.Context, period string) ([]devcoop.Scenario, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	return a.store.Scenarios(ctx, period)
}

// Prospects ranks, for each component of an outcome with a gap, the
// partners most likely to fund it, with the evidence: their past funding
// here, and what imported IATI data says they fund in the same country.
func (a *App) Prospects(ctx context.Context, period, outcome string) ([]plan.ComponentProspects, error) {
	if _, err := requireFundingReader(ctx); err != nil {
		return nil, err
	}
	g, _, err := a.Gaps(ctx, period, 0)
	if err != nil {
		return nil, err
	}
	if g.Outcome(outcome) == nil {
		return nil, devcoop.NotFound("outcome", period+"/"+outcome)
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return nil, err
	}
	byRef, err := a.store.ExternalFunderCountries(ctx)
	if err != nil {
		return nil, err
	}
	elsewhere := plan.ElsewhereFunding{}
	for _, p := range pf.Partners {
		if m := byRef[p.IATIRef]; p.IATIRef != "" && m != nil {
			elsewhere[p.ID] = m
		}
	}
	return plan.Prospects(pf, g, outcome, elsewhere, 5), nil
}
