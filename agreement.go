package devcoop

import (
	"fmt"
	"strings"

	"devcoop/money"
)

// Modality says how tightly an agreement's money is tied.
type Modality string

// Funding modalities.
const (
	ModalityUnearmarked Modality = "unearmarked"       // core funding to RBSA
	ModalityLight       Modality = "lightly_earmarked" // to a theme, region or outcome
	ModalityEarmarked   Modality = "earmarked"         // to projects
)

// Modalities lists the modalities in display order.
var Modalities = []Modality{ModalityUnearmarked, ModalityLight, ModalityEarmarked}

// Label is the modality's name for people.
func (m Modality) Label() string {
	switch m {
	case ModalityUnearmarked:
		return "Un-earmarked (RBSA)"
	case ModalityLight:
		return "Lightly earmarked"
	case ModalityEarmarked:
		return "Earmarked"
	}
	return string(m)
}

// Valid reports whether m is a known modality.
func (m Modality) Valid() bool { return m.Label() != string(m) }

// Earmark kinds for lightly earmarked agreements.
const (
	EarmarkTheme   = "theme"
	EarmarkRegion  = "region"
	EarmarkOutcome = "outcome"
)

// AgreementStatus is where an agreement stands.
type AgreementStatus string

// Agreement statuses.
const (
	AgreementDraft     AgreementStatus = "draft"  // being negotiated; not yet counted as signed
	AgreementSigned    AgreementStatus = "signed" // signed and running
	AgreementClosed    AgreementStatus = "closed" // all tranches received and reported
	AgreementCancelled AgreementStatus = "cancelled"
)

// Valid reports whether s is a known status.
func (s AgreementStatus) Valid() bool {
	switch s {
	case AgreementDraft, AgreementSigned, AgreementClosed, AgreementCancelled:
		return true
	}
	return false
}

// Tranche is one instalment of an agreement: expected, then received.
type Tranche struct {
	Seq            int           `json:"seq"`
	ExpectedDate   Date          `json:"expected_date"`
	ExpectedAmount money.Decimal `json:"expected_amount"`
	ReceivedDate   Date          `json:"received_date"`
	ReceivedAmount money.Decimal `json:"received_amount"`
}

// Received reports whether the tranche has arrived.
func (t Tranche) Received() bool { return !t.ReceivedDate.IsZero() }

// AgreementAllocation says what an agreement funds: a project, an outcome or
// a region, with an amount in the agreement's currency.
type AgreementAllocation struct {
	ProjectID int64         `json:"project_id,omitempty"`
	OutcomeID int64         `json:"outcome_id,omitempty"`
	Region    string        `json:"region,omitempty"`
	Amount    money.Decimal `json:"amount"`
}

// Agreement is a funding agreement with a development partner.
type Agreement struct {
	ID            int64                 `json:"id"`
	Code          string                `json:"code"`
	PartnerID     int64                 `json:"partner_id"`
	Title         string                `json:"title"`
	Modality      Modality              `json:"modality"`
	EarmarkKind   string                `json:"earmark_kind,omitempty"`   // theme, region or outcome (lightly earmarked)
	EarmarkTarget string                `json:"earmark_target,omitempty"` // the theme, region code or outcome code
	Currency      string                `json:"currency"`
	Amount        money.Decimal         `json:"amount"`
	Start         Date                  `json:"start"`
	End           Date                  `json:"end"`
	SignedDate    Date                  `json:"signed_date"`
	Status        AgreementStatus       `json:"status"`
	Tranches      []Tranche             `json:"tranches"`
	Allocations   []AgreementAllocation `json:"allocations"`
	Reports       []ReportObligation    `json:"reports"`
	DiscloseName  bool                  `json:"disclose_name"`      // the donor's name may be published
	DiscloseDocs  bool                  `json:"disclose_documents"` // its documents may be published
	OpportunityID int64                 `json:"opportunity_id,omitempty"`
	OfficeID      int64                 `json:"office_id,omitempty"` // the office that manages it
	Version       int                   `json:"version"`
}

// MultiAnnual reports whether the agreement runs over more than one year.
func (a *Agreement) MultiAnnual() bool { return a.Start.DaysUntil(a.End) > 366 }

// Validate checks an agreement's own fields.
func (a *Agreement) Validate() error {
	var pr Problems
	a.Code = strings.TrimSpace(a.Code)
	if a.Code == "" {
		pr.Add("code", "is required")
	}
	if a.PartnerID == 0 {
		pr.Add("partner_id", "is required")
	}
	if !a.Modality.Valid() {
		pr.Add("modality", "%q is not a modality (unearmarked, lightly_earmarked, earmarked)", a.Modality)
	}
	if a.Modality == ModalityLight {
		switch a.EarmarkKind {
		case EarmarkTheme, EarmarkRegion, EarmarkOutcome:
			if a.EarmarkTarget == "" {
				pr.Add("earmark_target", "is required for a lightly earmarked agreement")
			}
		default:
			pr.Add("earmark_kind", "%q is not theme, region or outcome", a.EarmarkKind)
		}
	}
	if !money.ValidCurrency(a.Currency) {
		pr.Add("currency", "%q is not an ISO 4217 currency code", a.Currency)
	}
	if a.Amount.Sign() <= 0 {
		pr.Add("amount", "must be more than zero")
	}
	if a.Start.IsZero() || a.End.IsZero() {
		pr.Add("start", "start and end are required")
	} else if a.End.Before(a.Start) {
		pr.Add("end", "%s is before the start %s", a.End, a.Start)
	}
	if !a.Status.Valid() {
		pr.Add("status", "%q is not an agreement status", a.Status)
	}
	if a.Status == AgreementSigned && a.SignedDate.IsZero() {
		pr.Add("signed_date", "is required once the agreement is signed")
	}
	var expected money.Decimal
	for i, t := range a.Tranches {
		f := fmt.Sprintf("tranches[%d]", i)
		if t.ExpectedAmount.Sign() < 0 {
			pr.Add(f+".expected_amount", "is negative")
		}
		if t.ReceivedAmount.Sign() < 0 {
			pr.Add(f+".received_amount", "is negative")
		}
		if t.ReceivedDate.IsZero() != t.ReceivedAmount.IsZero() {
			pr.Add(f+".received_date", "a received tranche needs both its date and its amount")
		}
		expected = expected.Add(t.ExpectedAmount)
	}
	if len(a.Tranches) > 0 && expected.GreaterThan(a.Amount) {
		pr.Add("tranches", "expected tranches total %s, more than the agreement's %s", expected, a.Amount)
	}
	var allocated money.Decimal
	for i, al := range a.Allocations {
		n := 0
		if al.ProjectID != 0 {
			n++
		}
		if al.OutcomeID != 0 {
			n++
		}
		if al.Region != "" {
			n++
		}
		if n != 1 {
			pr.Add(fmt.Sprintf("allocations[%d]", i), "must name exactly one project, outcome or region")
		}
		if al.Amount.Sign() < 0 {
			pr.Add(fmt.Sprintf("allocations[%d].amount", i), "is negative")
		}
		allocated = allocated.Add(al.Amount)
	}
	if allocated.GreaterThan(a.Amount) {
		pr.Add("allocations", "allocations total %s, more than the agreement's %s", allocated, a.Amount)
	}
	return pr.Err()
}

// AgreementFilter selects agreements.
type AgreementFilter struct {
	PartnerID int64
	Modality  Modality
	Status    AgreementStatus
	IDs       []int64
}

// TransactionType is an IATI transaction type code.
type TransactionType string

// The transaction types devcoop records.
const (
	TxIncomingFunds      TransactionType = "1"
	TxOutgoingCommitment TransactionType = "2"
	TxDisbursement       TransactionType = "3"
	TxExpenditure        TransactionType = "4"
	TxIncomingCommitment TransactionType = "11"
	TxIncomingPledge     TransactionType = "13"
)

// Transaction is a financial transaction on a project or agreement.
type Transaction struct {
	ID                 int64           `json:"id"`
	ProjectID          int64           `json:"project_id,omitempty"`
	AgreementID        int64           `json:"agreement_id,omitempty"`
	Type               TransactionType `json:"type"`
	Date               Date            `json:"date"`
	Amount             money.Decimal   `json:"amount"`
	Currency           string          `json:"currency"`
	ValueDate          Date            `json:"value_date"`
	ProviderPartnerID  int64           `json:"provider_partner_id,omitempty"`
	ProviderRef        string          `json:"provider_ref,omitempty"`
	ProviderActivityID string          `json:"provider_activity_id,omitempty"`
	ReceiverRef        string          `json:"receiver_ref,omitempty"`
	ReceiverName       string          `json:"receiver_name,omitempty"`
	Description        string          `json:"description,omitempty"`
}

// Money returns the transaction's value.
func (t Transaction) Money() money.Money {
	return money.Money{Amount: t.Amount, Currency: t.Currency, ValueDate: t.ValueDate.Time}
}

// Validate checks a transaction.
func (t *Transaction) Validate() error {
	var pr Problems
	if t.ProjectID == 0 && t.AgreementID == 0 {
		pr.Add("project_id", "a transaction belongs to a project or an agreement")
	}
	if _, ok := transactionTypes[t.Type]; !ok {
		pr.Add("type", "%q is not an IATI transaction type", t.Type)
	}
	if t.Date.IsZero() {
		pr.Add("date", "is required")
	}
	if !money.ValidCurrency(t.Currency) {
		pr.Add("currency", "%q is not an ISO 4217 currency code", t.Currency)
	}
	if t.ValueDate.IsZero() {
		t.ValueDate = t.Date
	}
	return pr.Err()
}

var transactionTypes = map[TransactionType]string{
	"1": "Incoming Funds", "2": "Outgoing Commitment", "3": "Disbursement", "4": "Expenditure",
	"5": "Interest Payment", "6": "Loan Repayment", "7": "Reimbursement", "8": "Purchase of Equity",
	"9": "Sale of Equity", "10": "Credit Guarantee", "11": "Incoming Commitment", "12": "Outgoing Pledge", "13": "Incoming Pledge",
}

// Label returns the IATI name of the type.
func (t TransactionType) Label() string {
	if s, ok := transactionTypes[t]; ok {
		return s
	}
	return string(t)
}

// Contact is a person at a partner.
type Contact struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"`
}

// Report kinds a donor may require.
const (
	ReportNarrative = "narrative"
	ReportFinancial = "financial"
)

// ReportObligation is a report an agreement requires, with its due date.
type ReportObligation struct {
	ID          int64  `json:"id"`
	AgreementID int64  `json:"agreement_id"`
	Kind        string `json:"kind"` // narrative or financial
	Title       string `json:"title"`
	Due         Date   `json:"due"`
	Submitted   Date   `json:"submitted"`
	OfficeID    int64  `json:"office_id"` // the office responsible for it
}

// Overdue reports whether the report is late on a date.
func (r ReportObligation) Overdue(on Date) bool {
	return r.Submitted.IsZero() && r.Due.Before(on)
}

// PeriodTarget is a voluntary-contributions target for a period, overall
// (empty modality) or for one modality, in USD.
type PeriodTarget struct {
	Period   string        `json:"period"`
	Modality Modality      `json:"modality"`
	Amount   money.Decimal `json:"amount_usd"`
}
