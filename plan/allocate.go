package plan

import (
	"errors"
	"fmt"
	"strings"

	"devcoop"
	"devcoop/money"
	"devcoop/plan/alloc"
	"devcoop/plan/priority"
)

// ProposedLine is one line of a proposed allocation.
type ProposedLine struct {
	Pool      string `json:"pool"`
	Outcome   string `json:"outcome"`
	Component string `json:"component"`
	Cents     int64  `json:"-"`
	Reason    string `json:"reason"`
}

// ComponentNote explains a component left short of its gap.
type ComponentNote struct {
	Outcome   string
	Component string
	Kind      string
	Short     int64
	Text      string
}

// Proposal is an allocation of pools to gaps.
type Proposal struct {
	Pools    []devcoop.Pool
	Lines    []ProposedLine
	Notes    []ComponentNote
	PoolLeft map[string]int64
	Ranked   []priority.Result
}

// Propose fills the gaps of g from pools, in priority order, exactly (see
// plan/alloc). Every eligible component with a gap takes part; a
// component's minimum and maximum come from its requirement.
func Propose(g *Gaps, pools []devcoop.Pool) (*Proposal, error) {
	var pr devcoop.Problems
	seen := map[string]bool{}
	var aps []alloc.Pool
	for i, p := range pools {
		f := fmt.Sprintf("pools[%d]", i)
		if strings.TrimSpace(p.ID) == "" {
			pr.Add(f+".id", "is required")
		} else if seen[p.ID] {
			pr.Add(f+".id", "%q is used twice", p.ID)
		}
		seen[p.ID] = true
		c, ok := p.Amount.Cents()
		if !ok || p.Amount.Sign() < 0 {
			pr.Add(f+".amount_usd", "must be an amount of zero or more")
		}
		if p.Amount.Scale() > 2 && !p.Amount.Equal(p.Amount.Round(2)) {
			pr.Add(f+".amount_usd", "has fractions of a cent")
		}
		for j, o := range p.Outcomes {
			if g.Outcome(o) == nil {
				pr.Add(fmt.Sprintf("%s.outcomes[%d]", f, j), "%q is not an outcome of %s", o, g.Period.Code)
			}
		}
		aps = append(aps, alloc.Pool{ID: p.ID, Name: p.Name, Amount: c, Outcomes: p.Outcomes, Regions: p.Regions})
	}
	if len(pools) == 0 {
		pr.Add("pools", "at least one pool is required")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	type ref struct{ outcome, component string }
	refs := map[string]ref{}
	var results []priority.Result
	var comps []alloc.Component
	for _, og := range g.Outcomes {
		for _, c := range og.Components {
			key := og.Outcome.Code + "/" + c.Key
			refs[key] = ref{og.Outcome.Code, c.Key}
			comp := alloc.Component{Key: key, Outcome: og.Outcome.Code, Region: c.Region, Country: c.Country,
				Eligible: c.Eligible, IneligibleReason: c.IneligibleReason, Gap: c.Gap, Min: c.MinRBSA, Max: c.MaxRBSA}
			comps = append(comps, comp)
			if c.Eligible {
				r := c.Priority
				r.Key = key
				results = append(results, r)
			}
		}
	}
	ranked := priority.Rank(results)
	byKey := map[string]priority.Result{}
	for _, r := range ranked {
		byKey[r.Key] = r
	}
	for i := range comps {
		if r, ok := byKey[comps[i].Key]; ok {
			comps[i].Rank = r.Rank
			comps[i].PriorityReasons = append([]string{fmt.Sprintf("score %d", r.Score)}, r.Texts()...)
		}
	}
	res, err := alloc.Solve(aps, comps)
	var fe *alloc.FloorError
	switch {
	case errors.As(err, &fe):
		return nil, devcoop.Errorf(devcoop.KindConflict, "The minimum allocations cannot all be met: %s need %s, but the pools that may fund them (%s) hold %s.",
			strings.Join(fe.Components, ", "), money.FromCents(fe.Need), strings.Join(fe.Pools, ", "), money.FromCents(fe.Have))
	case errors.Is(err, alloc.ErrInvalid):
		return nil, devcoop.Invalid("pools", "%v", err)
	case err != nil:
		return nil, err
	}
	p := &Proposal{Pools: pools, PoolLeft: res.PoolLeft, Ranked: ranked}
	for _, l := range res.Lines {
		r := refs[l.Component]
		p.Lines = append(p.Lines, ProposedLine{Pool: l.Pool, Outcome: r.outcome, Component: r.component, Cents: l.Amount, Reason: l.Reason})
	}
	for _, n := range res.Notes {
		r := refs[n.Component]
		p.Notes = append(p.Notes, ComponentNote{Outcome: r.outcome, Component: r.component, Kind: string(n.Kind), Short: n.Short, Text: n.Text})
	}
	return p, nil
}

// Decisions turns proposed lines into allocation decisions for a period,
// so a scenario can count them as RBSA.
func (p *Proposal) Decisions(g *Gaps) []devcoop.AllocationDecision {
	var out []devcoop.AllocationDecision
	for _, l := range p.Lines {
		og := g.Outcome(l.Outcome)
		if og == nil {
			continue
		}
		out = append(out, devcoop.AllocationDecision{Period: g.Period.Code, Pool: l.Pool, OutcomeID: og.Outcome.ID, Outcome: l.Outcome,
			Component: l.Component, Amount: money.FromCents(l.Cents), Reason: l.Reason})
	}
	return out
}
