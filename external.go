package devcoop

import (
	"time"

	"devcoop/money"
)

// ExternalActivity is an IATI activity imported from a publisher's file:
// another organisation's work, or the organisation's own published data
// read back. It is kept apart from the portfolio, so it never inflates the
// organisation's own totals. The canonical 2.03 XML keeps every element, so
// export gives it back; the fields beside it are an index for search.
type ExternalActivity struct {
	ID              int64             `json:"id"`
	ReportingOrg    string            `json:"reporting_org"` // the reporting-org ref: with Identifier, the natural key
	ReportingName   string            `json:"reporting_org_name"`
	ReportingType   string            `json:"reporting_org_type"`
	Identifier      string            `json:"iati_identifier"`
	Own             bool              `json:"own"` // reported by the organisation itself
	ProjectID       int64             `json:"project_id,omitempty"`
	Secondary       bool              `json:"secondary_reporter"`
	Title           string            `json:"title"`
	Description     string            `json:"description"`
	Status          string            `json:"status"`
	DefaultCurrency string            `json:"default_currency"`
	Hierarchy       int               `json:"hierarchy"`
	LastUpdated     time.Time         `json:"last_updated,omitzero"`
	Start           Date              `json:"start"`
	End             Date              `json:"end"`
	FileID          int64             `json:"file_id"`
	ImportedAt      time.Time         `json:"imported_at"`
	Countries       []ExternalSplit   `json:"countries"`
	Regions         []ExternalSplit   `json:"regions"`
	Sectors         []ExternalSplit   `json:"sectors"`
	Participants    []ExternalOrg     `json:"participating_orgs"`
	Transactions    []ExternalMoney   `json:"transactions"`
	Budgets         []ExternalMoney   `json:"budgets"` // budgets and planned disbursements (Kind says which)
	Related         []ExternalRelated `json:"related_activities"`
	Problems        []ExternalProblem `json:"warnings"`
	XML             []byte            `json:"-"`
}

// ExternalSplit is a recipient country or region, or a sector, as published.
type ExternalSplit struct {
	Vocabulary string         `json:"vocabulary,omitempty"`
	Code       string         `json:"code"`
	Percentage *money.Decimal `json:"percentage,omitempty"`
}

// ExternalOrg is a participating organisation.
type ExternalOrg struct {
	Role       string `json:"role"` // 1 funding, 2 accountable, 3 extending, 4 implementing
	Ref        string `json:"ref"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	ActivityID string `json:"activity_id,omitempty"` // that organisation's own identifier for the work
}

// ExternalMoney is a transaction, budget or planned disbursement, exactly
// as published.
type ExternalMoney struct {
	Kind               string        `json:"kind"` // transaction, budget, planned_disbursement
	Type               string        `json:"type"` // transaction type, or budget type
	Status             string        `json:"status,omitempty"`
	Date               Date          `json:"date,omitempty"` // transaction date
	PeriodStart        Date          `json:"period_start,omitempty"`
	PeriodEnd          Date          `json:"period_end,omitempty"`
	Value              money.Decimal `json:"value"`
	Currency           string        `json:"currency"`
	ValueDate          Date          `json:"value_date"`
	ProviderRef        string        `json:"provider_ref,omitempty"`
	ProviderActivityID string        `json:"provider_activity_id,omitempty"`
	ReceiverRef        string        `json:"receiver_ref,omitempty"`
	ReceiverActivityID string        `json:"receiver_activity_id,omitempty"`
}

// ExternalRelated is a related-activity link.
type ExternalRelated struct {
	Ref  string `json:"ref"`
	Type string `json:"type"`
}

// ExternalProblem is an import warning kept on the activity.
type ExternalProblem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Path    string `json:"xpath"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

// ExternalFilter selects imported activities.
type ExternalFilter struct {
	Publisher string // reporting-org ref
	Country   string
	Sector    string
	Partner   string // a participating organisation's ref (any role)
	Funder    string // a funding organisation's ref (role 1)
	Query     string
	Own       *bool
	Offset    int
	Limit     int
}

// ExternalFunding is what a funder finances in imported data: per
// recipient country and DAC sector, commitments and disbursements by
// currency, as published.
type ExternalFunding struct {
	Country    string        `json:"country"`
	Sector     string        `json:"sector"`
	Activities int           `json:"activities"`
	Currency   string        `json:"currency"`
	Committed  money.Decimal `json:"committed"` // commitments (2, 11), or the budgets of an activity without any
	Spent      money.Decimal `json:"spent"`     // disbursements and expenditure (3, 4)
}

// ExternalCountryFunding is what a partner funds in one recipient country
// ("" when activities name none), according to imported IATI data: the
// activities, and their money per currency as published.
type ExternalCountryFunding struct {
	Country    string            `json:"country"`
	Activities int               `json:"activities"`
	Amounts    []ExternalFunding `json:"amounts"`
}

// ImportFile records one file read by an import.
type ImportFile struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	Status     string    `json:"status"` // imported or rejected
	Report     string    `json:"-"`      // the file's report, JSON
	ImportedAt time.Time `json:"imported_at"`
}

// ImportJob is a background import of uploaded files, kept in the database
// so any server process can run it and a page reload finds it again.
type ImportJob struct {
	ID         int64     `json:"id"`
	Status     string    `json:"status"` // queued, running, done, failed
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Files      []string  `json:"files"`
	BytesTotal int64     `json:"bytes_total"`
	BytesDone  int64     `json:"bytes_done"`
	Activities int       `json:"activities"`
	Report     string    `json:"-"` // JSON, when done
	Error      string    `json:"error,omitempty"`
	Worker     string    `json:"-"`
	LeaseUntil time.Time `json:"-"`
}

// Job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// PutResult says what storing an imported activity did.
type PutResult int

// The results of storing an imported activity.
const (
	PutInserted  PutResult = iota + 1 // new
	PutReplaced                       // replaced the stored version whole
	PutKeptNewer                      // the stored version is newer and was kept
)
