package devcoop

import (
	"context"
	"time"

	"devcoop/money"
)

// Store is the port that storage adapters implement. The SQLite and
// PostgreSQL adapters both pass the same conformance suite (storetest), which
// is the promise that they behave alike. Services add access rules,
// validation and audit on top; a Store trusts its caller.
type Store interface {
	StoreReader
	// Update runs fn in one transaction. If fn returns an error, nothing it
	// did is kept.
	Update(ctx context.Context, fn func(StoreTx) error) error
	// DataVersion changes whenever portfolio data changes, so caches built
	// from it know when to rebuild. It is kept in the database, so two
	// server processes agree on it.
	DataVersion(ctx context.Context) (int64, error)
	// TouchSession records that a session was used and extends it.
	TouchSession(ctx context.Context, id string, seen, expires time.Time) error
	// TouchToken records that an API token was used.
	TouchToken(ctx context.Context, id int64, at time.Time) error
	// Engine names the adapter: "sqlite" or "postgres".
	Engine() string
	Close() error
}

// StoreReader reads. Every "one thing" method returns a KindNotFound error,
// never a nil value with a nil error.
type StoreReader interface {
	Regions(ctx context.Context) ([]Region, error)
	Countries(ctx context.Context) ([]Country, error)
	Offices(ctx context.Context) ([]Office, error)
	Objectives(ctx context.Context) ([]StrategicObjective, error)
	Periods(ctx context.Context) ([]Period, error)
	Outcomes(ctx context.Context, period string) ([]Outcome, error) // every period when ""
	DWCPs(ctx context.Context) ([]DWCP, error)
	CPOs(ctx context.Context) ([]CPO, error)

	Partners(ctx context.Context, f PartnerFilter) ([]Partner, error)
	Partner(ctx context.Context, id int64) (*Partner, error)

	// Projects returns one page of projects matching f within scope, with
	// their splits, and the number of matches on every page.
	Projects(ctx context.Context, f ProjectFilter, scope ProjectScope) ([]*Project, int, error)
	Project(ctx context.Context, id int64) (*Project, error)
	ProjectByCode(ctx context.Context, code string) (*Project, error)

	Agreements(ctx context.Context, f AgreementFilter) ([]*Agreement, error)
	Agreement(ctx context.Context, id int64) (*Agreement, error)
	Transactions(ctx context.Context, f TransactionFilter) ([]Transaction, error)
	Rates(ctx context.Context) ([]money.Rate, error)

	User(ctx context.Context, id int64) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	Users(ctx context.Context) ([]*User, error)
	Session(ctx context.Context, id string) (*Session, error)
	TokenByHash(ctx context.Context, hash string) (*APIToken, error)
	Tokens(ctx context.Context, userID int64) ([]APIToken, error)
	Audit(ctx context.Context, f AuditFilter) ([]AuditEvent, error)

	Workplans(ctx context.Context, period string) ([]*Workplan, error) // every period when ""
	Workplan(ctx context.Context, id int64) (*Workplan, error)
	Decisions(ctx context.Context, period string) ([]AllocationDecision, error)
	Scenarios(ctx context.Context, period string) ([]Scenario, error)
	Scenario(ctx context.Context, id int64) (*Scenario, error)
	Opportunities(ctx context.Context, f OpportunityFilter) ([]*Opportunity, error)
	Opportunity(ctx context.Context, id int64) (*Opportunity, error)
	PeriodTargets(ctx context.Context, period string) ([]PeriodTarget, error)
	// Setting returns a stored setting's JSON, or KindNotFound.
	Setting(ctx context.Context, key string) (string, error)
}

// StoreTx reads and writes inside one transaction.
type StoreTx interface {
	StoreReader

	PutRegion(ctx context.Context, r *Region) error
	PutCountry(ctx context.Context, c *Country) error
	CreateOffice(ctx context.Context, o *Office) error
	PutObjective(ctx context.Context, o *StrategicObjective) error
	PutPeriod(ctx context.Context, p *Period) error
	CreateOutcome(ctx context.Context, o *Outcome) error // with its indicators
	CreateDWCP(ctx context.Context, d *DWCP) error
	CreateCPO(ctx context.Context, c *CPO) error

	CreatePartner(ctx context.Context, p *Partner) error
	// UpdatePartner saves p if its stored version is still p.Version, and
	// increments it; otherwise it fails with KindConflict and saves nothing.
	UpdatePartner(ctx context.Context, p *Partner) error

	CreateProject(ctx context.Context, p *Project) error
	UpdateProject(ctx context.Context, p *Project) error // optimistic, as UpdatePartner

	CreateAgreement(ctx context.Context, a *Agreement) error
	UpdateAgreement(ctx context.Context, a *Agreement) error // optimistic
	CreateTransaction(ctx context.Context, t *Transaction) error
	PutRate(ctx context.Context, r money.Rate) error

	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error // optimistic
	// RecordLogin stores sign-in bookkeeping without touching the version.
	RecordLogin(ctx context.Context, userID int64, failed int, lockedUntil, lastLogin time.Time) error
	CreateSession(ctx context.Context, s *Session) error
	DeleteSession(ctx context.Context, id string) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	CreateToken(ctx context.Context, t *APIToken) error
	RevokeToken(ctx context.Context, userID, id int64) error

	CreateWorkplan(ctx context.Context, w *Workplan) error
	UpdateWorkplan(ctx context.Context, w *Workplan) error // optimistic
	CreateDecision(ctx context.Context, d *AllocationDecision) error
	DeleteDecision(ctx context.Context, id int64) error
	CreateScenario(ctx context.Context, s *Scenario) error
	DeleteScenario(ctx context.Context, id int64) error
	CreateOpportunity(ctx context.Context, o *Opportunity) error
	UpdateOpportunity(ctx context.Context, o *Opportunity) error // optimistic
	PutPeriodTarget(ctx context.Context, t PeriodTarget) error
	PutSetting(ctx context.Context, key, value string) error

	// AddAudit records a change, in the same transaction as the change.
	AddAudit(ctx context.Context, e *AuditEvent) error
}

// TransactionFilter selects transactions.
type TransactionFilter struct {
	ProjectID   int64
	AgreementID int64
	Type        TransactionType
}
