package plan

import (
	"fmt"
	"sort"

	"devcoop"
	"devcoop/money"
)

// Where to look for money: for a component with a gap, which partners are
// most likely to fund it, and the evidence behind each ranking.

// ElsewhereFunding is what imported IATI data says a partner funds in a
// country, as a number of activities (amounts come in many currencies).
type ElsewhereFunding map[int64]map[string]int // partner ID → country → activities

// Evidence is one reason a partner ranks where it does.
type Evidence struct {
	Criterion string `json:"criterion"`
	Points    int    `json:"points"`
	Text      string `json:"text"`
}

// Prospect is a partner ranked for a gap.
type Prospect struct {
	Partner   *devcoop.Partner `json:"-"`
	PartnerID int64            `json:"partner_id"`
	Name      string           `json:"partner"`
	Score     int              `json:"score"`
	Evidence  []Evidence       `json:"evidence"`
}

// ComponentProspects ranks partners for one component's gap.
type ComponentProspects struct {
	Outcome   string     `json:"outcome"`
	Component string     `json:"component"`
	Label     string     `json:"label"`
	Gap       int64      `json:"-"`
	Prospects []Prospect `json:"prospects"`
}

// history is each partner's signed funding, in USD cents, by outcome,
// country and region, and how much of it was flexible.
type history struct {
	byOutcome  map[int64]map[int64]int64  // partner → outcome ID → cents
	byCountry  map[int64]map[string]int64 // partner → country → cents
	byRegion   map[int64]map[string]int64 // partner → region → cents
	total      map[int64]int64
	flexible   map[int64]int64 // un-earmarked and lightly earmarked
	maxOutcome map[int64]int64 // outcome → the largest partner amount
}

func newHistory(pf *devcoop.Portfolio) *history {
	h := &history{byOutcome: map[int64]map[int64]int64{}, byCountry: map[int64]map[string]int64{}, byRegion: map[int64]map[string]int64{},
		total: map[int64]int64{}, flexible: map[int64]int64{}, maxOutcome: map[int64]int64{}}
	add := func(m map[int64]map[string]int64, p int64, k string, c int64) {
		if m[p] == nil {
			m[p] = map[string]int64{}
		}
		m[p][k] += c
	}
	// Project funding: each funder's share of each project's budget, by the
	// project's outcomes and geography.
	for _, p := range pf.Projects {
		if len(p.Funders) == 0 {
			continue
		}
		pm, _ := ProjectBudget(pf, p)
		if pm <= 0 {
			continue
		}
		var fw []money.Decimal
		for _, f := range p.Funders {
			fw = append(fw, f.Percentage)
		}
		parts, err := money.Split(pm, fw)
		if err != nil {
			continue
		}
		for i, f := range p.Funders {
			c := parts[i]
			for _, o := range p.Outcomes {
				if h.byOutcome[f.PartnerID] == nil {
					h.byOutcome[f.PartnerID] = map[int64]int64{}
				}
				share, _ := money.FromInt(c).Mul(o.Percentage).Div(money.FromInt(100), 0)
				v, _ := share.Int64()
				h.byOutcome[f.PartnerID][o.OutcomeID] += v
			}
			for _, ct := range p.Countries {
				share, _ := money.FromInt(c).Mul(ct.Percentage).Div(money.FromInt(100), 0)
				v, _ := share.Int64()
				add(h.byCountry, f.PartnerID, ct.Country, v)
				if x := pf.Country(ct.Country); x != nil {
					add(h.byRegion, f.PartnerID, x.Region, v)
				}
			}
			for _, r := range p.Regions {
				share, _ := money.FromInt(c).Mul(r.Percentage).Div(money.FromInt(100), 0)
				v, _ := share.Int64()
				add(h.byRegion, f.PartnerID, r.Region, v)
			}
		}
	}
	// Agreements: what each partner signed, and how flexibly.
	for _, a := range pf.Agreements {
		if a.Status != devcoop.AgreementSigned && a.Status != devcoop.AgreementClosed {
			continue
		}
		on := a.SignedDate
		if on.IsZero() {
			on = a.Start
		}
		c, _, err := pf.Rates.CentsUSD(money.Money{Amount: a.Amount, Currency: a.Currency, ValueDate: on.Time})
		if err != nil {
			continue
		}
		h.total[a.PartnerID] += c
		if a.Modality != devcoop.ModalityEarmarked {
			h.flexible[a.PartnerID] += c
		}
		if a.Modality == devcoop.ModalityLight && a.EarmarkKind == devcoop.EarmarkRegion {
			add(h.byRegion, a.PartnerID, a.EarmarkTarget, c)
		}
	}
	for _, m := range h.byOutcome {
		for o, c := range m {
			h.maxOutcome[o] = max(h.maxOutcome[o], c)
		}
	}
	return h
}

// ProjectBudget is a project's whole budget in US cents at dated rates.
func ProjectBudget(pf *devcoop.Portfolio, p *devcoop.Project) (int64, error) {
	var total int64
	for _, b := range p.Budgets {
		c, _, err := pf.Rates.CentsUSD(b.Money())
		if err != nil {
			return 0, err
		}
		total += c
	}
	return total, nil
}

// Prospects ranks, for every component of an outcome with a gap, the
// partners most likely to fund it (at most n each). The score is
// transparent: up to 40 points for funding this outcome before, 30 for
// funding this country (or region), 20 for funding the country elsewhere
// according to imported IATI data, 10 for flexible (un-earmarked or lightly
// earmarked) funding; each scaled against the strongest partner.
func Prospects(pf *devcoop.Portfolio, g *Gaps, outcome string, elsewhere ElsewhereFunding, n int) []ComponentProspects {
	og := g.Outcome(outcome)
	if og == nil {
		return nil
	}
	h := newHistory(pf)
	var out []ComponentProspects
	for _, c := range og.Components {
		if c.Gap <= 0 {
			continue
		}
		cp := ComponentProspects{Outcome: outcome, Component: c.Key, Label: c.Label, Gap: c.Gap}
		var maxGeo int64
		var maxElse int
		geo := func(pid int64) (int64, string) {
			switch {
			case c.Country != "":
				return h.byCountry[pid][c.Country], pf.Country(c.Country).Name
			case c.Region != "":
				r := pf.Region(c.Region)
				return h.byRegion[pid][c.Region], r.Name
			}
			return 0, ""
		}
		for _, p := range pf.Partners {
			v, _ := geo(p.ID)
			maxGeo = max(maxGeo, v)
			if c.Country != "" {
				maxElse = max(maxElse, elsewhere[p.ID][c.Country])
			}
		}
		for i := range pf.Partners {
			p := &pf.Partners[i]
			pr := Prospect{Partner: p, PartnerID: p.ID, Name: p.Name}
			add := func(crit string, pts int, text string) {
				if pts > 0 {
					pr.Score += pts
					pr.Evidence = append(pr.Evidence, Evidence{Criterion: crit, Points: pts, Text: text})
				}
			}
			if v := h.byOutcome[p.ID][og.Outcome.ID]; v > 0 && h.maxOutcome[og.Outcome.ID] > 0 {
				add("outcome", scale(v, h.maxOutcome[og.Outcome.ID], 40), fmt.Sprintf("funds US$%s of projects under outcome %s", money.FromCents(v).Round(0), og.Outcome.Code))
			}
			if v, where := geo(p.ID); v > 0 && maxGeo > 0 {
				add("geography", scale(v, maxGeo, 30), fmt.Sprintf("funds US$%s of projects in %s", money.FromCents(v).Round(0), where))
			}
			if c.Country != "" && maxElse > 0 {
				if k := elsewhere[p.ID][c.Country]; k > 0 {
					add("iati", scale(int64(k), int64(maxElse), 20), fmt.Sprintf("funds %d other activities in %s (imported IATI data)", k, pf.Country(c.Country).Name))
				}
			}
			if t := h.total[p.ID]; t > 0 && h.flexible[p.ID] > 0 {
				add("modality", scale(h.flexible[p.ID], t, 10), fmt.Sprintf("%s%% of its signed funding is un-earmarked or lightly earmarked", percentOf(h.flexible[p.ID], t)))
			}
			if pr.Score > 0 && len(pr.Evidence) > 1 || pr.Score >= 20 {
				cp.Prospects = append(cp.Prospects, pr)
			}
		}
		sort.SliceStable(cp.Prospects, func(i, j int) bool {
			if cp.Prospects[i].Score != cp.Prospects[j].Score {
				return cp.Prospects[i].Score > cp.Prospects[j].Score
			}
			return cp.Prospects[i].Name < cp.Prospects[j].Name
		})
		if len(cp.Prospects) > n {
			cp.Prospects = cp.Prospects[:n]
		}
		out = append(out, cp)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Gap > out[j].Gap })
	return out
}

// scale maps v of max to 0…pts, rounding half up, at least 1 when v > 0.
func scale(v, maxV int64, pts int) int {
	if v <= 0 || maxV <= 0 {
		return 0
	}
	r, _ := money.FromInt(v*int64(pts)).Div(money.FromInt(maxV), 0)
	n, _ := r.Int64()
	return max(1, int(n))
}

func percentOf(a, b int64) string {
	r, _ := money.FromInt(a*100).Div(money.FromInt(b), 0)
	return r.String()
}
