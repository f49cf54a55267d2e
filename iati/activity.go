package iati

import (
	"time"

	"devcoop/money"
)

// Activity is one iati-activity: the lossless tree plus typed fields
// extracted from it once, and the problems found.
//
// Strings in the typed fields share memory with the tree; a caller that
// keeps a few of them for long after dropping the activity may want to
// strings.Clone them.
type Activity struct {
	Root         *Element // lossless tree, in 2.03 form (1.x converted)
	Line, Column int      // where the activity starts in the file

	Rejected bool      // an Error problem: do not import
	Problems []Problem // errors (when Rejected) and warnings

	Identifier        string // iati-identifier, trimmed
	ReportingOrg      Org
	DefaultCurrency   string
	Lang              string // @xml:lang lower-cased, else Options.DefaultLang
	LastUpdated       time.Time
	Hierarchy         int  // 1 when absent, as IATI defines
	Humanitarian      bool // @humanitarian
	BudgetNotProvided string

	Title        string // in Lang, falling back to a narrative without language, then the first
	Titles       []Narrative
	Description  string // general description (type 1 or none) in Lang
	Descriptions []Description

	Status                                           string // activity-status/@code
	PlannedStart, ActualStart, PlannedEnd, ActualEnd time.Time
	Scope                                            string
	CollaborationType                                string
	DefaultFlowType, DefaultFinanceType              string
	DefaultTiedStatus                                string
	DefaultAidTypes                                  []Coded

	ParticipatingOrgs  []ParticipatingOrg
	OtherIdentifiers   []OtherIdentifier
	RecipientCountries []Split
	RecipientRegions   []Split
	Sectors            []Split
	Tags               []Split
	PolicyMarkers      []PolicyMarker

	Budgets              []Budget
	PlannedDisbursements []PlannedDisbursement
	Transactions         []Transaction
	DocumentLinks        []DocumentLink
	RelatedActivities    []Related
	Results              []Result

	xml    []byte // canonical form, computed on first use
	srcLen int    // bytes in the source, to size the canonical buffer
}

// Org names an organisation as IATI does.
type Org struct {
	Ref  string
	Type string
	Name string // narrative in the activity language
	// ActivityID is the organisation's own identifier for the same
	// activity (provider-activity-id, receiver-activity-id, activity-id).
	ActivityID        string
	SecondaryReporter bool // reporting-org only
}

// ParticipatingOrg is an organisation with its role (1 funding,
// 2 accountable, 3 extending, 4 implementing).
type ParticipatingOrg struct {
	Org
	Role           string
	CRSChannelCode string
}

// OtherIdentifier is other-identifier: @ref, @type and the owner org.
type OtherIdentifier struct {
	Ref, Type string
	Owner     Org
}

// Description is one description element: its @type and its narratives.
type Description struct {
	Type       string // "" means 1 (general)
	Narratives []Narrative
}

// Split is a share of the activity: a country, region, sector or tag with
// its vocabulary and percentage as published (nil when absent or not a
// number).
type Split struct {
	Code       string
	Vocabulary string // as published; "" when absent (sectors and regions then mean "1")
	Percentage *money.Decimal
	Name       string // narrative, if any
}

// Coded is a code with its vocabulary (aid types).
type Coded struct {
	Code, Vocabulary string
}

// PolicyMarker is one policy-marker.
type PolicyMarker struct {
	Code, Vocabulary, Significance string
}

// Transaction is one transaction. Type is the 2.x code ("1"–"13").
type Transaction struct {
	Ref                 string
	Type                string
	Date                time.Time
	Value               money.Decimal // exact, as published
	Currency            string        // effective: own @currency, else the default ("" if neither)
	ValueDate           time.Time
	ValueMissing        bool // no value, or not a number: Value is then 0
	Description         string
	Provider, Receiver  Org
	DisbursementChannel string
	Sectors             []Split
	RecipientCountry    string
	RecipientRegion     Split
	FlowType            string
	FinanceType         string
	AidTypes            []Coded
	TiedStatus          string
	Humanitarian        *bool
	Line, Column        int
}

// Budget is one budget: type 1 original / 2 revised, status 1 indicative
// / 2 committed.
type Budget struct {
	Type, Status           string
	PeriodStart, PeriodEnd time.Time
	Value                  money.Decimal // exact, as published
	Currency               string        // effective: own @currency, else the default ("" if neither)
	ValueDate              time.Time
	ValueMissing           bool // no value, or not a number: Value is then 0
	Line, Column           int
}

// PlannedDisbursement is one planned-disbursement.
type PlannedDisbursement struct {
	Type                   string
	PeriodStart, PeriodEnd time.Time
	Value                  money.Decimal // exact, as published
	Currency               string        // effective: own @currency, else the default ("" if neither)
	ValueDate              time.Time
	ValueMissing           bool // no value, or not a number: Value is then 0
	Provider, Receiver     Org
	Line, Column           int
}

// Related is a related-activity: 1 parent, 2 child, 3 sibling, 4 co-funded,
// 5 third party.
type Related struct {
	Ref, Type string
}

// DocumentLink is one document-link.
type DocumentLink struct {
	URL, Format string
	Title       string
	Categories  []string
	Languages   []string
	Date        time.Time
}

// Result is one result with its indicators.
type Result struct {
	Type              string // 1 output, 2 outcome, 3 impact, 9 other
	AggregationStatus string
	Title             string
	Description       string
	Indicators        []Indicator
}

// Indicator is one result indicator.
type Indicator struct {
	Measure     string // 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative
	Ascending   bool   // true when absent
	Title       string
	Description string
	Baselines   []Baseline
	Periods     []Period
}

// Baseline is one indicator baseline.
type Baseline struct {
	Year       int
	Date       time.Time
	Value      string // as published: indicator values need not be numbers
	Comment    string
	Dimensions []Dimension
}

// Period is one indicator period with its targets and actuals.
type Period struct {
	Start, End time.Time
	Targets    []Measure
	Actuals    []Measure
}

// Measure is one target or actual.
type Measure struct {
	Value      string
	Comment    string
	Dimensions []Dimension
}

// Dimension is a disaggregation such as sex=female.
type Dimension struct {
	Name, Value string
}
