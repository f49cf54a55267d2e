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
	// CreateJob queues an import of files, stored with it.
	CreateJob(ctx context.Context, j *ImportJob, files []JobFile) error
	// ClaimJob takes the oldest queued job, or one whose worker's lease ran
	// out, for worker until lease; it returns KindNotFound when none waits.
	ClaimJob(ctx context.Context, worker string, now, lease time.Time) (*ImportJob, error)
	// JobFiles returns a job's files.
	JobFiles(ctx context.Context, id int64) ([]JobFile, error)
	// ProgressJob records progress and extends the lease.
	ProgressJob(ctx context.Context, id int64, bytesDone int64, activities int, lease time.Time) error
	// FinishJob ends a job, keeping its report, and drops its files.
	FinishJob(ctx context.Context, id int64, status, report, errMsg string, at time.Time) error
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
	ExternalActivities(ctx context.Context, f ExternalFilter) ([]*ExternalActivity, int, error)
	ExternalActivity(ctx context.Context, id int64) (*ExternalActivity, error)
	// EachExternalXML streams the canonical XML of imported activities:
	// the organisation's own (own true), others' (false) or all (nil);
	// incomplete says the import found required elements missing.
	EachExternalXML(ctx context.Context, own *bool, fn func(identifier string, xml []byte, incomplete bool) error) error
	// ExternalXML streams the XML of the imported activities matching f.
	ExternalXML(ctx context.Context, f ExternalFilter, fn func(id int64, xml []byte) error) error
	// ExternalFunderCountries counts imported activities per funding
	// organisation ref and recipient country.
	ExternalFunderCountries(ctx context.Context) (map[string]map[string]int, error)
	// EachExternalOrganisationXML streams imported organisation records.
	EachExternalOrganisationXML(ctx context.Context, fn func(identifier string, xml []byte) error) error
	ImportFiles(ctx context.Context, limit int) ([]ImportFile, error)
	Job(ctx context.Context, id int64) (*ImportJob, error)
	Jobs(ctx context.Context, limit int) ([]ImportJob, error)
	Proposals(ctx context.Context, f ProposalFilter) ([]*ProposalRecord, error)
	Proposal(ctx context.Context, id int64) (*ProposalRecord, error)
	ProposalVersions(ctx context.Context, id int64) ([]ProposalVersion, error)
	// ProposalEvents returns workflow histories by proposal (all when id is 0).
	ProposalEvents(ctx context.Context, id int64) (map[int64][]ProposalEvent, error)
	ProposalComments(ctx context.Context, id int64) ([]ProposalComment, error)
	Notifications(ctx context.Context, userID int64, limit int) ([]Notification, error)
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
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

	// PutExternalActivity stores an imported activity, replacing a stored
	// one with the same key whole unless that one is newer.
	PutExternalActivity(ctx context.Context, a *ExternalActivity) (PutResult, error)
	// PutExternalOrganisation stores an imported organisation record,
	// replacing one with the same key.
	PutExternalOrganisation(ctx context.Context, reportingOrg, identifier, name string, fileID int64, at time.Time, xml []byte) error
	CreateImportFile(ctx context.Context, f *ImportFile) error
	FinishImportFile(ctx context.Context, f *ImportFile) error

	CreateProposal(ctx context.Context, r *ProposalRecord) error
	// UpdateProposal saves a proposal at the version it was read; with
	// newVersion its content changed and the new version is kept.
	UpdateProposal(ctx context.Context, r *ProposalRecord, newVersion bool) error
	AddProposalEvent(ctx context.Context, proposalID int64, e *ProposalEvent) error
	AddProposalComment(ctx context.Context, proposalID int64, c *ProposalComment) error
	AddNotification(ctx context.Context, n *Notification) error
	MarkNotificationsRead(ctx context.Context, userID int64) error
	// OpenNotification marks one of the user's notifications read and
	// returns its link; another user's is not found.
	OpenNotification(ctx context.Context, userID, id int64) (string, error)

	// AddAudit records a change, in the same transaction as the change.
	AddAudit(ctx context.Context, e *AuditEvent) error
}

// TransactionFilter selects transactions.
type TransactionFilter struct {
	ProjectID   int64
	AgreementID int64
	Type        TransactionType
}

// JobFile is one uploaded file of an import job.
type JobFile struct {
	Name string
	Data []byte
}

// SettingPortfolioDate is the setting that fixes the portfolio's business
// date, as JSON ("2015-06-30" or null). The demo portfolio describes
// mid-2015, so loading it stores its date here: reports fall overdue,
// dashboards default to and pipelines run late against that date rather
// than the real one. A live installation has no such setting and uses the
// real date.
const SettingPortfolioDate = "portfolio.date"

type writeTimeKey struct{}

// WithWriteTime returns a context under which a store stamps what it
// writes (creation, update and state times) with t instead of the clock.
// The demo and imports use it to record histories as they happened.
func WithWriteTime(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, writeTimeKey{}, t.UTC())
}

// WriteTime is the time a store stamps on a write under ctx: the one set by
// WithWriteTime, or now.
func WriteTime(ctx context.Context) time.Time {
	if t, ok := ctx.Value(writeTimeKey{}).(time.Time); ok && !t.IsZero() {
		return t
	}
	return time.Now().UTC()
}
