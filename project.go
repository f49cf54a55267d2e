package devcoop

import (
	"fmt"
	"strings"

	"devcoop/codelist"
	"devcoop/money"
)

// Source of funds for a project.
type FundSource string

// Sources of funds.
const (
	SourceRB   FundSource = "RB"   // regular budget
	SourceRBTC FundSource = "RBTC" // regular budget technical cooperation
	SourceRBSA FundSource = "RBSA" // regular budget supplementary account (un-earmarked voluntary)
	SourceXBDC FundSource = "XBDC" // extra-budgetary development cooperation
)

// FundSources lists the sources in display order.
var FundSources = []FundSource{SourceRB, SourceRBTC, SourceRBSA, SourceXBDC}

// Valid reports whether s is a known source.
func (s FundSource) Valid() bool {
	switch s {
	case SourceRB, SourceRBTC, SourceRBSA, SourceXBDC:
		return true
	}
	return false
}

// ProjectStatus is the IATI activity status code.
type ProjectStatus string

// Project statuses (IATI ActivityStatus).
const (
	StatusPipeline       ProjectStatus = "1"
	StatusImplementation ProjectStatus = "2"
	StatusFinalisation   ProjectStatus = "3"
	StatusClosed         ProjectStatus = "4"
	StatusCancelled      ProjectStatus = "5"
	StatusSuspended      ProjectStatus = "6"
)

// ProjectStatuses lists every status in order.
var ProjectStatuses = []ProjectStatus{StatusPipeline, StatusImplementation, StatusFinalisation, StatusClosed, StatusCancelled, StatusSuspended}

// Label returns the status's name.
func (s ProjectStatus) Label() string {
	switch s {
	case StatusPipeline:
		return "Pipeline"
	case StatusImplementation:
		return "Implementation"
	case StatusFinalisation:
		return "Finalisation"
	case StatusClosed:
		return "Closed"
	case StatusCancelled:
		return "Cancelled"
	case StatusSuspended:
		return "Suspended"
	}
	return string(s)
}

// Valid reports whether s is an IATI activity status.
func (s ProjectStatus) Valid() bool { return s.Label() != string(s) }

// CountryShare is a recipient country with its share of the project.
type CountryShare struct {
	Country    string        `json:"country"`
	Percentage money.Decimal `json:"percentage"`
}

// RegionShare is a recipient region (one of the organisation's regions)
// with its share. Countries and regions together make 100%.
type RegionShare struct {
	Region     string        `json:"region"`
	Percentage money.Decimal `json:"percentage"`
}

// SectorShare is a DAC 5-digit sector with its share.
type SectorShare struct {
	Sector     string        `json:"sector"`
	Percentage money.Decimal `json:"percentage"`
}

// OutcomeShare links a project to a global outcome with a share.
type OutcomeShare struct {
	OutcomeID  int64         `json:"outcome_id"`
	Outcome    string        `json:"outcome,omitempty"` // code, filled on read
	Percentage money.Decimal `json:"percentage"`
}

// CPOShare links a project to a country programme outcome with a share.
type CPOShare struct {
	CPOID      int64         `json:"cpo_id"`
	CPO        string        `json:"cpo,omitempty"` // code, filled on read
	Percentage money.Decimal `json:"percentage"`
}

// FunderShare says which partner pays for which share of a project. Shares
// sum to 100; a project paid from the organisation's own resources has none.
type FunderShare struct {
	PartnerID  int64         `json:"partner_id"`
	Partner    string        `json:"partner,omitempty"` // name, filled on read
	Percentage money.Decimal `json:"percentage"`
}

// PolicyMarker is an OECD DAC policy marker with its significance.
type PolicyMarker struct {
	Code         string `json:"code"`         // PolicyMarker code, e.g. 1 gender equality
	Significance string `json:"significance"` // PolicySignificance 0–4
}

// Budget is a project's budget for a period (at most a year, as IATI asks).
type Budget struct {
	PeriodStart Date          `json:"period_start"`
	PeriodEnd   Date          `json:"period_end"`
	Amount      money.Decimal `json:"amount"`
	Currency    string        `json:"currency"`
	ValueDate   Date          `json:"value_date"`
	Revised     bool          `json:"revised"`
}

// Money returns the budget as an amount with currency and value date.
func (b Budget) Money() money.Money {
	return money.Money{Amount: b.Amount, Currency: b.Currency, ValueDate: b.ValueDate.Time}
}

// Project is a development cooperation project.
type Project struct {
	ID             int64          `json:"id"`
	Code           string         `json:"code"`
	IATIIdentifier string         `json:"iati_identifier"`
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Status         ProjectStatus  `json:"status"`
	PlannedStart   Date           `json:"planned_start"`
	PlannedEnd     Date           `json:"planned_end"`
	ActualStart    Date           `json:"actual_start"`
	ActualEnd      Date           `json:"actual_end"`
	OfficeID       int64          `json:"office_id"`
	Source         FundSource     `json:"source"`
	Currency       string         `json:"currency"` // the project's working currency
	Countries      []CountryShare `json:"countries"`
	Regions        []RegionShare  `json:"regions"`
	Sectors        []SectorShare  `json:"sectors"`
	Outcomes       []OutcomeShare `json:"outcomes"`
	CPOs           []CPOShare     `json:"cpos"`
	Funders        []FunderShare  `json:"funders"`
	PolicyMarkers  []PolicyMarker `json:"policy_markers"`
	Budgets        []Budget       `json:"budgets"`
	Published      bool           `json:"published"` // published in IATI and on the public portal
	Version        int            `json:"version"`
	UpdatedAt      Date           `json:"updated_at"`
}

// Start returns the actual start, or the planned one.
func (p *Project) Start() Date {
	if !p.ActualStart.IsZero() {
		return p.ActualStart
	}
	return p.PlannedStart
}

// End returns the actual end, or the planned one.
func (p *Project) End() Date {
	if !p.ActualEnd.IsZero() {
		return p.ActualEnd
	}
	return p.PlannedEnd
}

var hundred = money.FromInt(100)

// checkShares checks that percentages are not negative and sum to 100.
func checkShares(pr *Problems, field string, ps []money.Decimal, required bool) {
	if len(ps) == 0 {
		if required {
			pr.Add(field, "at least one is required")
		}
		return
	}
	var sum money.Decimal
	for i, p := range ps {
		if p.Sign() < 0 {
			pr.Add(fmt.Sprintf("%s[%d].percentage", field, i), "is negative (%s)", p)
		}
		if p.GreaterThan(hundred) {
			pr.Add(fmt.Sprintf("%s[%d].percentage", field, i), "is more than 100 (%s)", p)
		}
		sum = sum.Add(p)
	}
	if !sum.Equal(hundred) {
		pr.Add(field, "percentages sum to %s, not 100", sum.Normalize())
	}
}

// Validate checks a project against the domain's rules: known codes, splits
// that sum to 100, dates in order. It does not check references to other
// records (offices, outcomes, partners); the service does.
func (p *Project) Validate() error {
	var pr Problems
	p.Code = strings.TrimSpace(p.Code)
	p.Title = strings.TrimSpace(p.Title)
	if p.Code == "" {
		pr.Add("code", "is required")
	}
	if p.Title == "" {
		pr.Add("title", "is required")
	}
	if !p.Status.Valid() {
		pr.Add("status", "%q is not an IATI activity status (1–6)", p.Status)
	}
	if !p.Source.Valid() {
		pr.Add("source", "%q is not a source of funds (RB, RBTC, RBSA, XBDC)", p.Source)
	}
	if p.OfficeID == 0 {
		pr.Add("office_id", "is required")
	}
	if p.Currency != "" && !money.ValidCurrency(p.Currency) {
		pr.Add("currency", "%q is not an ISO 4217 currency code", p.Currency)
	}
	if p.PlannedStart.IsZero() {
		pr.Add("planned_start", "is required")
	}
	if p.PlannedEnd.IsZero() {
		pr.Add("planned_end", "is required")
	}
	if !p.PlannedStart.IsZero() && !p.PlannedEnd.IsZero() && p.PlannedEnd.Before(p.PlannedStart) {
		pr.Add("planned_end", "%s is before the planned start %s", p.PlannedEnd, p.PlannedStart)
	}
	if !p.ActualStart.IsZero() && !p.ActualEnd.IsZero() && p.ActualEnd.Before(p.ActualStart) {
		pr.Add("actual_end", "%s is before the actual start %s", p.ActualEnd, p.ActualStart)
	}

	var geo []money.Decimal
	seen := map[string]bool{}
	for i, c := range p.Countries {
		if !ValidCountry(c.Country) {
			pr.Add(fmt.Sprintf("countries[%d].country", i), "%q is not an ISO 3166 country code", c.Country)
		}
		if seen[c.Country] {
			pr.Add(fmt.Sprintf("countries[%d].country", i), "%s is listed twice", c.Country)
		}
		seen[c.Country] = true
		geo = append(geo, c.Percentage)
	}
	for _, r := range p.Regions {
		geo = append(geo, r.Percentage)
	}
	if len(geo) > 0 {
		checkShares(&pr, "countries", geo, false)
	}

	var sec []money.Decimal
	for i, s := range p.Sectors {
		if !ValidSector(s.Sector) {
			pr.Add(fmt.Sprintf("sectors[%d].sector", i), "%q is not an active DAC 5-digit sector code", s.Sector)
		}
		sec = append(sec, s.Percentage)
	}
	checkShares(&pr, "sectors", sec, false)

	var oc []money.Decimal
	for _, o := range p.Outcomes {
		oc = append(oc, o.Percentage)
	}
	checkShares(&pr, "outcomes", oc, false)
	var cp []money.Decimal
	for _, c := range p.CPOs {
		cp = append(cp, c.Percentage)
	}
	checkShares(&pr, "cpos", cp, false)
	var fu []money.Decimal
	for _, f := range p.Funders {
		fu = append(fu, f.Percentage)
	}
	checkShares(&pr, "funders", fu, false)

	for i, m := range p.PolicyMarkers {
		if !codelist.PolicyMarker().Has(m.Code) {
			pr.Add(fmt.Sprintf("policy_markers[%d].code", i), "%q is not a DAC policy marker", m.Code)
		}
		if !codelist.Get("PolicySignificance").Has(m.Significance) {
			pr.Add(fmt.Sprintf("policy_markers[%d].significance", i), "%q is not a policy significance (0–4)", m.Significance)
		}
	}
	for i, b := range p.Budgets {
		f := fmt.Sprintf("budgets[%d]", i)
		if !money.ValidCurrency(b.Currency) {
			pr.Add(f+".currency", "%q is not an ISO 4217 currency code", b.Currency)
		}
		if b.PeriodStart.IsZero() || b.PeriodEnd.IsZero() {
			pr.Add(f+".period_start", "both period dates are required")
		} else if b.PeriodEnd.Before(b.PeriodStart) {
			pr.Add(f+".period_end", "%s is before the period start %s", b.PeriodEnd, b.PeriodStart)
		}
		if b.ValueDate.IsZero() {
			pr.Add(f+".value_date", "is required")
		}
	}
	return pr.Err()
}

// ProjectFilter selects projects. Zero fields do not filter.
type ProjectFilter struct {
	Region    string
	Country   string
	OutcomeID int64
	PartnerID int64
	Status    ProjectStatus
	OfficeID  int64
	Source    FundSource
	Query     string // words in the code, title or IATI identifier
	IDs       []int64
	Sort      string // "code" (default), "title", "start", "-start", "updated"
	Offset    int
	Limit     int
}
