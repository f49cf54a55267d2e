package appraisal

import (
	"cmp"
	"slices"
	"strings"

	"devcoop"
	"devcoop/figures"
	"devcoop/money"
)

// Similar past work: the projects an appraiser should look at beside a
// proposal, because they serve the same country programme outcomes, global
// outcomes or countries, or were funded by the same partner, and how they
// delivered. The weights favour what is closest to the proposal's design:
// a shared CPO says more than a shared country.
const (
	weightCPO     = 4
	weightOutcome = 3
	weightPartner = 3
	weightCountry = 2
)

// Match is one project like a proposal.
type Match struct {
	Project *devcoop.Project `json:"-"`
	ID      int64            `json:"project_id"`
	Code    string           `json:"code"`
	Title   string           `json:"title"`
	Status  string           `json:"status"`
	Score   int              `json:"score"`
	// Reasons say what it shares with the proposal: "CPO KEN 126",
	// "outcome 6", "Kenya", "funded by Norway".
	Reasons []string `json:"reasons"`
	// How it delivered: its budget and what it spent, in USD at the rates
	// of their dates, and spent ÷ budget in percent ("" without a budget).
	BudgetUSD money.Decimal `json:"budget_usd"`
	SpentUSD  money.Decimal `json:"spent_usd"`
	Delivery  string        `json:"delivery_rate"`
	// Late says it ended, or is still open, after its planned end (on the
	// date the caller gives).
	Late        bool         `json:"late"`
	PlannedEnd  devcoop.Date `json:"planned_end"`
	ActualEnd   devcoop.Date `json:"actual_end"`
	PlannedFrom devcoop.Date `json:"planned_start"`
}

// Similar returns up to limit projects of pf most like p, best first; on
// ties the most recent first. exclude is a project to leave out (the one
// the proposal itself became). today decides whether an open project is
// late.
func Similar(p *devcoop.Proposal, pf *devcoop.Portfolio, exclude int64, today devcoop.Date, limit int) []Match {
	period := p.Period
	if period == "" {
		if cp := pf.CurrentPeriod(); cp != nil {
			period = cp.Code
		}
	}
	// The proposal's outcomes, by id in its period and by title, so a
	// project linked to the same outcome of an earlier period matches too.
	outcomeIDs, outcomeTitles := map[int64]string{}, map[string]string{}
	for _, o := range pf.OutcomesOf(period) {
		if slices.Contains(p.Outcomes, o.Code) {
			outcomeIDs[o.ID] = o.Code
			outcomeTitles[strings.ToLower(o.Title)] = o.Code
		}
	}
	cpos := map[int64]string{}
	for _, code := range p.CPOs {
		if c := pf.CPOByCode(code); c != nil {
			cpos[c.ID] = c.Code
		}
	}
	var out []Match
	for _, x := range pf.Projects {
		if x.ID == exclude {
			continue
		}
		m := Match{Project: x, ID: x.ID, Code: x.Code, Title: x.Title, Status: x.Status.Label()}
		for _, c := range x.CPOs {
			if code, ok := cpos[c.CPOID]; ok {
				m.Score += weightCPO
				m.Reasons = append(m.Reasons, "CPO "+code)
			}
		}
		for _, o := range x.Outcomes {
			code, ok := outcomeIDs[o.OutcomeID]
			if !ok {
				if oc := pf.Outcome(o.OutcomeID); oc != nil {
					code, ok = outcomeTitles[strings.ToLower(oc.Title)]
				}
			}
			if ok && !slices.Contains(m.Reasons, "outcome "+code) {
				m.Score += weightOutcome
				m.Reasons = append(m.Reasons, "outcome "+code)
			}
		}
		for _, c := range x.Countries {
			if slices.Contains(p.Countries, c.Country) {
				m.Score += weightCountry
				name := c.Country
				if pc := pf.Country(c.Country); pc != nil {
					name = pc.Name
				}
				m.Reasons = append(m.Reasons, name)
			}
		}
		if p.PartnerID != 0 {
			for _, f := range x.Funders {
				if f.PartnerID == p.PartnerID {
					m.Score += weightPartner
					name := f.Partner
					if pa := pf.Partner(f.PartnerID); pa != nil {
						name = pa.Name
					}
					m.Reasons = append(m.Reasons, "funded by "+name)
				}
			}
		}
		if m.Score == 0 {
			continue
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), b.Project.PlannedStart.Compare(a.Project.PlannedStart.Time), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	// How each delivered, for the few kept.
	for i := range out {
		x := out[i].Project
		pm, _ := figures.ProjectFigures(pf, x, nil)
		out[i].BudgetUSD, out[i].SpentUSD = money.FromCents(pm.Budget), money.FromCents(pm.Spent)
		out[i].Delivery = figures.DeliveryRate(pm.Spent, pm.Budget)
		out[i].PlannedFrom, out[i].PlannedEnd, out[i].ActualEnd = x.PlannedStart, x.PlannedEnd, x.ActualEnd
		end := x.ActualEnd
		if end.IsZero() && x.Status != devcoop.StatusClosed && x.Status != devcoop.StatusCancelled {
			end = today
		}
		out[i].Late = !x.PlannedEnd.IsZero() && !end.IsZero() && end.After(x.PlannedEnd)
	}
	return out
}
