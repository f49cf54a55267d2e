package devcoop

import (
	"fmt"
	"strings"

	"devcoop/money"
)

// ComponentGlobal is the global component of a workplan: work that is not
// in one country or region.
const ComponentGlobal = "GLOBAL"

// Workplan is the outcome-based workplan (OBW) of one outcome in one
// programme period: the results expected where, what they cost, and what
// each source of funds is expected to pay. Its coordinator owns it.
type Workplan struct {
	ID           int64            `json:"id"`
	Period       string           `json:"period"`
	OutcomeID    int64            `json:"outcome_id"`
	Outcome      string           `json:"outcome"` // code, filled on read
	OwnerID      int64            `json:"owner_id,omitempty"`
	Summary      string           `json:"summary"`
	Targets      []WorkplanTarget `json:"targets"`
	Requirements []Requirement    `json:"requirements"`
	Plans        []SourcePlan     `json:"plans"`
	Version      int              `json:"version"`
}

// Milestone statuses.
const (
	MilestonePlanned = "planned"
	MilestoneMet     = "met"
	MilestoneAtRisk  = "at_risk"
	MilestoneMissed  = "missed"
)

// Milestone is a dated step toward a target.
type Milestone struct {
	Due         Date   `json:"due"`
	Description string `json:"description"`
	Status      string `json:"status"` // planned, met, at_risk, missed
}

// WorkplanTarget is a result expected in a country or CPO: what, and how
// many member States it counts toward the outcome indicator.
type WorkplanTarget struct {
	Component    string      `json:"component"` // country code or CPO code
	IndicatorID  int64       `json:"indicator_id,omitempty"`
	Result       string      `json:"result"`
	MemberStates int         `json:"member_states"`
	Milestones   []Milestone `json:"milestones"`
}

// AtRisk reports whether any milestone is at risk or missed.
func (t WorkplanTarget) AtRisk() bool {
	for _, m := range t.Milestones {
		if m.Status == MilestoneAtRisk || m.Status == MilestoneMissed {
			return true
		}
	}
	return false
}

// Requirement is what delivering a component's results costs, in USD, as
// entered by the coordinator, with the bounds an allocation of un-earmarked
// funds must respect there.
type Requirement struct {
	Component string        `json:"component"` // country code, CPO code, region code or GLOBAL
	Amount    money.Decimal `json:"amount_usd"`
	MinRBSA   money.Decimal `json:"min_rbsa_usd"` // an allocation of un-earmarked funds gives at least this (0: none)
	MaxRBSA   money.Decimal `json:"max_rbsa_usd"` // and at most this (0: up to the gap)
	Note      string        `json:"note,omitempty"`
}

// SourcePlan is a planned amount from the regular budget (RB or RBTC) for a
// component, in USD.
type SourcePlan struct {
	Component string        `json:"component"`
	Source    FundSource    `json:"source"` // RB or RBTC
	Amount    money.Decimal `json:"amount_usd"`
}

// ComponentKind says what a component key names.
type ComponentKind string

// Component kinds.
const (
	ComponentCountry ComponentKind = "country"
	ComponentCPO     ComponentKind = "cpo"
	ComponentRegion  ComponentKind = "region"
	ComponentGlobalK ComponentKind = "global"
)

// KindOfComponent classifies a component key against the portfolio.
func (p *Portfolio) KindOfComponent(key string) (ComponentKind, bool) {
	switch {
	case key == ComponentGlobal:
		return ComponentGlobalK, true
	case p.Country(key) != nil:
		return ComponentCountry, true
	case p.Region(key) != nil:
		return ComponentRegion, true
	case p.CPOByCode(key) != nil:
		return ComponentCPO, true
	}
	return "", false
}

// CPOByCode returns the CPO with a code, or nil.
func (p *Portfolio) CPOByCode(code string) *CPO {
	for i := range p.CPOs {
		if p.CPOs[i].Code == code {
			return &p.CPOs[i]
		}
	}
	return nil
}

// Validate checks a workplan against the portfolio's reference data.
func (w *Workplan) Validate(p *Portfolio) error {
	var pr Problems
	o := p.Outcome(w.OutcomeID)
	if o == nil {
		pr.Add("outcome_id", "outcome %d does not exist", w.OutcomeID)
	} else if o.Period != w.Period {
		pr.Add("outcome_id", "outcome %s belongs to %s, not %s", o.Code, o.Period, w.Period)
	}
	checkComponent := func(field, key string, cpoOK bool) {
		kind, ok := p.KindOfComponent(key)
		switch {
		case !ok:
			pr.Add(field, "%q is not a country, CPO, region or GLOBAL", key)
		case kind == ComponentCPO && !cpoOK:
			pr.Add(field, "%q is a CPO; use its country here", key)
		case kind == ComponentCPO && o != nil && p.CPOByCode(key).OutcomeID != o.ID:
			pr.Add(field, "CPO %s contributes to another outcome", key)
		}
	}
	seen := map[string]bool{}
	for i, r := range w.Requirements {
		f := fmt.Sprintf("requirements[%d]", i)
		checkComponent(f+".component", r.Component, true)
		if seen[r.Component] {
			pr.Add(f+".component", "%s has two requirements; give one", r.Component)
		}
		seen[r.Component] = true
		if r.Amount.Sign() < 0 {
			pr.Add(f+".amount_usd", "is negative")
		}
		if r.MinRBSA.Sign() < 0 {
			pr.Add(f+".min_rbsa_usd", "is negative")
		}
		if r.MaxRBSA.Sign() < 0 {
			pr.Add(f+".max_rbsa_usd", "is negative")
		}
		if !r.MaxRBSA.IsZero() && r.MinRBSA.GreaterThan(r.MaxRBSA) {
			pr.Add(f+".min_rbsa_usd", "is more than the maximum %s", r.MaxRBSA)
		}
		for _, x := range []money.Decimal{r.Amount, r.MinRBSA, r.MaxRBSA} {
			if x.Scale() > 2 {
				pr.Add(f+".amount_usd", "has more than two decimal places")
				break
			}
		}
	}
	planSeen := map[string]bool{}
	for i, s := range w.Plans {
		f := fmt.Sprintf("plans[%d]", i)
		checkComponent(f+".component", s.Component, true)
		if s.Source != SourceRB && s.Source != SourceRBTC {
			pr.Add(f+".source", "%q: only RB and RBTC are planned here (RBSA comes from allocation decisions, XBDC from projects)", s.Source)
		}
		k := s.Component + "|" + string(s.Source)
		if planSeen[k] {
			pr.Add(f+".component", "%s has two %s plans; give one", s.Component, s.Source)
		}
		planSeen[k] = true
		if s.Amount.Sign() < 0 {
			pr.Add(f+".amount_usd", "is negative")
		}
		if s.Amount.Scale() > 2 {
			pr.Add(f+".amount_usd", "has more than two decimal places")
		}
	}
	for i, t := range w.Targets {
		f := fmt.Sprintf("targets[%d]", i)
		checkComponent(f+".component", t.Component, true)
		if strings.TrimSpace(t.Result) == "" {
			pr.Add(f+".result", "is required")
		}
		if t.MemberStates < 0 {
			pr.Add(f+".member_states", "is negative")
		}
		for j, m := range t.Milestones {
			switch m.Status {
			case MilestonePlanned, MilestoneMet, MilestoneAtRisk, MilestoneMissed:
			default:
				pr.Add(fmt.Sprintf("%s.milestones[%d].status", f, j), "%q is not planned, met, at_risk or missed", m.Status)
			}
			if m.Due.IsZero() {
				pr.Add(fmt.Sprintf("%s.milestones[%d].due", f, j), "is required")
			}
		}
	}
	return pr.Err()
}

// AllocationDecision records un-earmarked money (RBSA or a lightly earmarked
// pool) given to a workplan component. Recorded decisions count as available
// RBSA.
type AllocationDecision struct {
	ID        int64         `json:"id"`
	Period    string        `json:"period"`
	Pool      string        `json:"pool"`
	OutcomeID int64         `json:"outcome_id"`
	Outcome   string        `json:"outcome,omitempty"` // code, filled on read
	Component string        `json:"component"`
	Amount    money.Decimal `json:"amount_usd"`
	Reason    string        `json:"reason"`
	DecidedBy int64         `json:"decided_by"`
	DecidedAt Date          `json:"decided_at"`
}

// Opportunity stages, in order.
const (
	StageProspect    = "prospect"
	StageConcept     = "concept_note"
	StageSubmitted   = "proposal_submitted"
	StageNegotiation = "negotiation"
	StageSigned      = "signed"
	StageLost        = "lost"
)

// Stages lists the pipeline stages in order.
var Stages = []string{StageProspect, StageConcept, StageSubmitted, StageNegotiation, StageSigned, StageLost}

// OpportunityTarget says where an opportunity's money would go: an outcome
// and a component, with a share.
type OpportunityTarget struct {
	OutcomeID  int64         `json:"outcome_id"`
	Component  string        `json:"component"`
	Percentage money.Decimal `json:"percentage"`
}

// Opportunity is a funding prospect in the pipeline. It counts as expected
// money, weighted by its probability, and never as available.
type Opportunity struct {
	ID           int64               `json:"id"`
	Code         string              `json:"code"`
	PartnerID    int64               `json:"partner_id"`
	Title        string              `json:"title"`
	Stage        string              `json:"stage"`
	Modality     Modality            `json:"modality"`
	Currency     string              `json:"currency"`
	Amount       money.Decimal       `json:"amount"`
	ExpectedSign Date                `json:"expected_sign_date"`
	Probability  money.Decimal       `json:"probability"` // percent, 0–100
	Period       string              `json:"period"`
	MultiAnnual  bool                `json:"multi_annual"`
	ProposalID   int64               `json:"proposal_id,omitempty"`
	AgreementID  int64               `json:"agreement_id,omitempty"`
	OfficeID     int64               `json:"office_id,omitempty"`
	Targets      []OpportunityTarget `json:"targets"`
	Notes        string              `json:"notes,omitempty"`
	Version      int                 `json:"version"`
}

// Open reports whether the opportunity is still in the pipeline.
func (o *Opportunity) Open() bool { return o.Stage != StageSigned && o.Stage != StageLost }

// Money returns the expected amount valued at the expected signing date.
func (o *Opportunity) Money() money.Money {
	return money.Money{Amount: o.Amount, Currency: o.Currency, ValueDate: o.ExpectedSign.Time}
}

// Pool is an amount of un-earmarked or lightly earmarked money to allocate:
// RBSA, or a pool earmarked to outcomes or regions.
type Pool struct {
	ID       string        `json:"id"`
	Name     string        `json:"name,omitempty"`
	Amount   money.Decimal `json:"amount_usd"`
	Outcomes []string      `json:"outcomes,omitempty"` // outcome codes it may fund; any when empty
	Regions  []string      `json:"regions,omitempty"`  // region codes it may fund; any when empty
}

// Scenario is a saved what-if: pools changed, pipeline deals signed or lost.
type Scenario struct {
	ID        int64   `json:"id"`
	Period    string  `json:"period"`
	Name      string  `json:"name"`
	Pools     []Pool  `json:"pools"`
	Signed    []int64 `json:"signed"` // opportunity IDs taken as signed
	Lost      []int64 `json:"lost"`   // opportunity IDs taken as lost
	CreatedBy int64   `json:"created_by"`
	CreatedAt Date    `json:"created_at"`
}

// OpportunityFilter selects opportunities.
type OpportunityFilter struct {
	Period    string
	PartnerID int64
	Stage     string
	IDs       []int64
}
