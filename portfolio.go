package devcoop

import (
	"sort"

	"devcoop/money"
)

// Portfolio is a consistent snapshot of everything the figures are computed
// from: reference data, projects, agreements, transactions and rates. The
// pure packages (figures, plan, …) compute over it; services build it once
// per data version and scope it to the user before handing it out.
type Portfolio struct {
	Version      int64
	Regions      []Region
	Countries    []Country
	Offices      []Office
	Objectives   []StrategicObjective
	Periods      []Period
	Outcomes     []Outcome
	DWCPs        []DWCP
	CPOs         []CPO
	Partners     []Partner
	Projects     []*Project
	Agreements   []*Agreement
	Transactions []Transaction
	Rates        *money.Rates
	// Planning and mobilization.
	Workplans     []*Workplan
	Decisions     []AllocationDecision
	Opportunities []*Opportunity
	PeriodTargets []PeriodTarget

	country  map[string]*Country
	region   map[string]*Region
	office   map[int64]*Office
	outcome  map[int64]*Outcome
	partner  map[int64]*Partner
	project  map[int64]*Project
	cpo      map[int64]*CPO
	period   map[string]*Period
	txByProj map[int64][]int
}

// Index builds the lookup tables. Call it once after filling the slices.
func (p *Portfolio) Index() {
	p.country = make(map[string]*Country, len(p.Countries))
	for i := range p.Countries {
		p.country[p.Countries[i].Code] = &p.Countries[i]
	}
	p.region = make(map[string]*Region, len(p.Regions))
	for i := range p.Regions {
		p.region[p.Regions[i].Code] = &p.Regions[i]
	}
	p.office = make(map[int64]*Office, len(p.Offices))
	for i := range p.Offices {
		p.office[p.Offices[i].ID] = &p.Offices[i]
	}
	p.outcome = make(map[int64]*Outcome, len(p.Outcomes))
	for i := range p.Outcomes {
		p.outcome[p.Outcomes[i].ID] = &p.Outcomes[i]
	}
	p.partner = make(map[int64]*Partner, len(p.Partners))
	for i := range p.Partners {
		p.partner[p.Partners[i].ID] = &p.Partners[i]
	}
	p.project = make(map[int64]*Project, len(p.Projects))
	for _, x := range p.Projects {
		p.project[x.ID] = x
	}
	p.cpo = make(map[int64]*CPO, len(p.CPOs))
	for i := range p.CPOs {
		p.cpo[p.CPOs[i].ID] = &p.CPOs[i]
	}
	p.period = make(map[string]*Period, len(p.Periods))
	for i := range p.Periods {
		p.period[p.Periods[i].Code] = &p.Periods[i]
	}
	p.txByProj = map[int64][]int{}
	for i, t := range p.Transactions {
		if t.ProjectID != 0 {
			p.txByProj[t.ProjectID] = append(p.txByProj[t.ProjectID], i)
		}
	}
}

// Country returns a country by code, or nil.
func (p *Portfolio) Country(code string) *Country { return p.country[code] }

// Region returns a region by code, or nil.
func (p *Portfolio) Region(code string) *Region { return p.region[code] }

// Office returns an office by ID, or nil.
func (p *Portfolio) Office(id int64) *Office { return p.office[id] }

// Outcome returns an outcome by ID, or nil.
func (p *Portfolio) Outcome(id int64) *Outcome { return p.outcome[id] }

// Partner returns a partner by ID, or nil.
func (p *Portfolio) Partner(id int64) *Partner { return p.partner[id] }

// Project returns a project by ID, or nil.
func (p *Portfolio) Project(id int64) *Project { return p.project[id] }

// CPO returns a country programme outcome by ID, or nil.
func (p *Portfolio) CPO(id int64) *CPO { return p.cpo[id] }

// Period returns a programme period by code, or nil.
func (p *Portfolio) Period(code string) *Period { return p.period[code] }

// CurrentPeriod returns the period marked current, or the latest.
func (p *Portfolio) CurrentPeriod() *Period {
	for i := range p.Periods {
		if p.Periods[i].Current {
			return &p.Periods[i]
		}
	}
	if len(p.Periods) == 0 {
		return nil
	}
	return &p.Periods[len(p.Periods)-1]
}

// OutcomesOf returns the outcomes of a period, by code number.
func (p *Portfolio) OutcomesOf(period string) []*Outcome {
	var out []*Outcome
	for i := range p.Outcomes {
		if p.Outcomes[i].Period == period {
			out = append(out, &p.Outcomes[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return codeLess(out[i].Code, out[j].Code) })
	return out
}

// ProjectTransactions returns a project's transactions, by date.
func (p *Portfolio) ProjectTransactions(id int64) []Transaction {
	idx := p.txByProj[id]
	out := make([]Transaction, len(idx))
	for i, k := range idx {
		out[i] = p.Transactions[k]
	}
	return out
}

// Scoped returns a copy of p holding only what u may see: the projects of
// its scope, and for a donor only its own agreements, partner and
// transactions. Reference data stays whole.
func (p *Portfolio) Scoped(u *User) *Portfolio {
	s := ScopeFor(u)
	if s.All {
		return p
	}
	q := *p
	donorProjects := map[int64]bool{}
	if s.PartnerID != 0 {
		for _, a := range p.Agreements {
			if a.PartnerID != s.PartnerID {
				continue
			}
			for _, al := range a.Allocations {
				if al.ProjectID != 0 {
					donorProjects[al.ProjectID] = true
				}
			}
		}
	}
	q.Projects = nil
	for _, x := range p.Projects {
		if (s.Published && x.Published) || (s.OfficeID != 0 && x.OfficeID == s.OfficeID) || donorProjects[x.ID] || (s.PartnerID != 0 && fundedBy(x, s.PartnerID)) {
			q.Projects = append(q.Projects, x)
		}
	}
	seen := map[int64]bool{}
	for _, x := range q.Projects {
		seen[x.ID] = true
	}
	q.Transactions = nil
	for _, t := range p.Transactions {
		if t.ProjectID != 0 && seen[t.ProjectID] {
			q.Transactions = append(q.Transactions, t)
		}
	}
	if !u.IsStaff() {
		// Workplans and allocation decisions are internal planning.
		q.Workplans, q.Decisions = nil, nil
	}
	if !CanSeeFunding(u) {
		// The pipeline's probabilities and the mobilization targets are
		// the organisation's own estimates, not a donor's business.
		q.Opportunities, q.PeriodTargets = nil, nil
		q.Agreements = nil
		if s.PartnerID != 0 {
			for _, a := range p.Agreements {
				if a.PartnerID == s.PartnerID {
					q.Agreements = append(q.Agreements, a)
				}
			}
			q.Partners = nil
			for _, x := range p.Partners {
				if x.ID == s.PartnerID {
					q.Partners = append(q.Partners, x)
				}
			}
		}
	}
	q.Index()
	return &q
}

func fundedBy(p *Project, partnerID int64) bool {
	for _, f := range p.Funders {
		if f.PartnerID == partnerID {
			return true
		}
	}
	return false
}

// codeLess orders codes numerically when both are numbers ("2" < "10").
func codeLess(a, b string) bool {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return len(a) < len(b)
	}
	return a < b
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
