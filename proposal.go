package devcoop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"devcoop/money"
)

// A Proposal is an extra-budgetary project proposal on its way to a donor:
// drafted by an office, screened and appraised for quality, approved, sent
// to the target partner, and funded or not. Its JSON is the body of
// POST /api/v1/proposals and what `devcoop appraise --json FILE` reads;
// the screen's findings point into it with the same field names, e.g.
// "logframe.outcomes[0].outputs[1].indicators[0].baseline".
//
// Money in a proposal is in the proposal's currency; budget lines are per
// project year (1 for the first twelve months, 2 for the next, …), because
// a proposal rarely knows its start date.
type Proposal struct {
	ID                  int64         `json:"id,omitempty"`
	Title               string        `json:"title"`
	OfficeID            int64         `json:"office_id"` // the submitting office
	ResponsibleOfficial Official      `json:"responsible_official"`
	PartnerID           int64         `json:"partner_id,omitempty"` // the target development partner; 0 while not chosen
	Amount              money.Decimal `json:"amount"`               // total requested, programme support costs included
	Currency            string        `json:"currency"`
	DurationMonths      int           `json:"duration_months"`
	PlannedStart        Date          `json:"planned_start"` // may stay null until the donor decides
	Period              string        `json:"period,omitempty"`
	// Countries are ISO 3166-1 alpha-2 codes; CPOs are country programme
	// outcome codes such as "KEN 126"; Outcomes are global outcome codes of
	// Period, such as "6".
	Countries            []string              `json:"countries"`
	CPOs                 []string              `json:"cpos"`
	Outcomes             []string              `json:"outcomes"`
	Needs                Needs                 `json:"needs"`
	Logframe             Logframe              `json:"logframe"`
	Budget               []BudgetLine          `json:"budget"`
	Risks                []Risk                `json:"risks"`
	CrossCutting         CrossCutting          `json:"cross_cutting"`
	Sustainability       string                `json:"sustainability"` // sustainability and exit strategy
	ImplementingPartners []ImplementingPartner `json:"implementing_partners"`
	Documents            []Document            `json:"documents"`
	Status               ProposalState         `json:"status,omitempty"` // empty reads as draft
	Version              int                   `json:"version"`
	UpdatedAt            time.Time             `json:"updated_at,omitzero"`
}

// Official is the person responsible for a proposal in its office.
type Official struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Needs says which needs the proposal answers, with references to where
// they are written down.
type Needs struct {
	Statement     string `json:"statement"`
	DWCPReference string `json:"dwcp_reference"` // the Decent Work Country Programme priority or outcome
	PBReference   string `json:"pb_reference"`   // the programme and budget outcome or indicator
}

// Logframe is the proposal's results framework: one development objective,
// immediate outcomes, and outputs under each outcome.
type Logframe struct {
	Objective string             `json:"objective"` // the development objective
	Outcomes  []ImmediateOutcome `json:"outcomes"`
}

// ImmediateOutcome is a change the project expects to bring about.
type ImmediateOutcome struct {
	Code        string       `json:"code"` // "1"
	Statement   string       `json:"statement"`
	Indicators  []Indicator  `json:"indicators"`
	Assumptions []Assumption `json:"assumptions"`
	Outputs     []Output     `json:"outputs"`
}

// Output is something the project delivers towards an outcome.
type Output struct {
	Code        string       `json:"code"` // "1.2"
	Statement   string       `json:"statement"`
	Indicators  []Indicator  `json:"indicators"`
	Assumptions []Assumption `json:"assumptions"`
	Activities  []Activity   `json:"activities"`
}

// Indicator measures a result. Baseline and target are text, since many are
// qualitative ("no national policy" → "policy adopted").
type Indicator struct {
	Description         string `json:"description"`
	Baseline            string `json:"baseline"`
	Target              string `json:"target"`
	MeansOfVerification string `json:"means_of_verification"`
}

// Assumption is a condition outside the project's control that a result
// depends on. Risks in the register refer to it by ID.
type Assumption struct {
	ID          string `json:"id"` // "A1"
	Description string `json:"description"`
}

// Activity is work done to deliver an output, planned by project month
// (1 is the first month).
type Activity struct {
	Code        string `json:"code"` // "1.2.3"
	Description string `json:"description"`
	StartMonth  int    `json:"start_month,omitempty"`
	EndMonth    int    `json:"end_month,omitempty"`
}

// BudgetCategory is a budget line's category.
type BudgetCategory string

// Budget categories. Programme support costs (PSC) are the organisation's
// overhead on the others, which are the direct costs.
const (
	BudgetStaff        BudgetCategory = "staff"
	BudgetExperts      BudgetCategory = "experts"
	BudgetTravel       BudgetCategory = "travel"
	BudgetSubcontracts BudgetCategory = "subcontracts"
	BudgetTraining     BudgetCategory = "training"
	BudgetEquipment    BudgetCategory = "equipment"
	BudgetMonitoring   BudgetCategory = "monitoring"
	BudgetEvaluation   BudgetCategory = "evaluation"
	BudgetPSC          BudgetCategory = "psc"
)

// BudgetCategories lists every category in display order, PSC last.
var BudgetCategories = []BudgetCategory{BudgetStaff, BudgetExperts, BudgetTravel, BudgetSubcontracts,
	BudgetTraining, BudgetEquipment, BudgetMonitoring, BudgetEvaluation, BudgetPSC}

// Label is the category's name for people.
func (c BudgetCategory) Label() string {
	switch c {
	case BudgetStaff:
		return "Staff"
	case BudgetExperts:
		return "Experts and consultants"
	case BudgetTravel:
		return "Travel"
	case BudgetSubcontracts:
		return "Subcontracts"
	case BudgetTraining:
		return "Training and meetings"
	case BudgetEquipment:
		return "Equipment"
	case BudgetMonitoring:
		return "Monitoring"
	case BudgetEvaluation:
		return "Evaluation"
	case BudgetPSC:
		return "Programme support costs"
	}
	return string(c)
}

// Valid reports whether c is a known category.
func (c BudgetCategory) Valid() bool { return c.Label() != string(c) }

// BudgetLine is an amount, in the proposal's currency, for one category in
// one project year.
type BudgetLine struct {
	Category    BudgetCategory `json:"category"`
	Description string         `json:"description,omitempty"`
	Year        int            `json:"year"` // project year, from 1
	Amount      money.Decimal  `json:"amount"`
}

// Level rates a risk's likelihood or impact.
type Level string

// Risk levels.
const (
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

// Valid reports whether l is low, medium or high.
func (l Level) Valid() bool { return l == LevelLow || l == LevelMedium || l == LevelHigh }

// Risk is an entry of the risk register. Assumptions lists the IDs of the
// logframe assumptions whose failure this risk describes.
type Risk struct {
	ID          string   `json:"id"` // "R1"
	Description string   `json:"description"`
	Likelihood  Level    `json:"likelihood"`
	Impact      Level    `json:"impact"`
	Mitigation  string   `json:"mitigation"`
	Assumptions []string `json:"assumptions"`
}

// CrossCutting holds the proposal's sections on the organisation's
// cross-cutting concerns.
type CrossCutting struct {
	GenderEquality               string `json:"gender_equality"`
	InternationalLabourStandards string `json:"international_labour_standards"`
	SocialDialogue               string `json:"social_dialogue"` // social dialogue and tripartism
	Environment                  string `json:"environment"`
	DisabilityInclusion          string `json:"disability_inclusion"`
}

// CrossCuttingSections lists the JSON names of the cross-cutting sections,
// in display order.
var CrossCuttingSections = []string{"gender_equality", "international_labour_standards", "social_dialogue", "environment", "disability_inclusion"}

// Section returns the text of the section named key (a JSON field name), and
// false when there is no such section.
func (c CrossCutting) Section(key string) (string, bool) {
	switch key {
	case "gender_equality":
		return c.GenderEquality, true
	case "international_labour_standards":
		return c.InternationalLabourStandards, true
	case "social_dialogue":
		return c.SocialDialogue, true
	case "environment":
		return c.Environment, true
	case "disability_inclusion":
		return c.DisabilityInclusion, true
	}
	return "", false
}

// CrossCuttingLabel names a cross-cutting section for people.
func CrossCuttingLabel(key string) string {
	switch key {
	case "gender_equality":
		return "Gender equality"
	case "international_labour_standards":
		return "International labour standards"
	case "social_dialogue":
		return "Social dialogue and tripartism"
	case "environment":
		return "Environment"
	case "disability_inclusion":
		return "Disability inclusion"
	}
	return key
}

// ImplementingPartner is an organisation that carries out part of the work.
type ImplementingPartner struct {
	Name    string `json:"name"`
	Kind    string `json:"kind,omitempty"` // one of ImplementingPartnerKinds
	Country string `json:"country,omitempty"`
	Role    string `json:"role,omitempty"`
}

// ImplementingPartnerKinds lists the kinds of implementing partner.
var ImplementingPartnerKinds = []string{"government", "employers_organization", "workers_organization", "un_agency", "ngo", "academic", "private_sector", "other"}

// Document is an attachment's metadata. The file itself lives elsewhere: at
// URL, or in the document store, with its size.
type Document struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"` // one of DocumentKinds
	URL       string `json:"url,omitempty"`
	SizeBytes int64  `json:"size_bytes,omitempty"`
}

// DocumentKinds lists the kinds of attached document.
var DocumentKinds = []string{"concept_note", "needs_assessment", "logframe", "budget", "letter_of_support", "cv", "other"}

// ProposalState is where a proposal stands in the appraisal workflow. The
// transitions and who may make them are in package appraisal.
type ProposalState string

// Proposal states.
const (
	ProposalDraft            ProposalState = "draft"
	ProposalSubmitted        ProposalState = "submitted"    // waiting for an appraiser
	ProposalInAppraisal      ProposalState = "in_appraisal" // an appraiser is on it
	ProposalReturned         ProposalState = "returned"     // sent back to the office for revision
	ProposalCleared          ProposalState = "cleared"      // passed appraisal, waiting for approval
	ProposalApproved         ProposalState = "approved"
	ProposalSubmittedToDonor ProposalState = "submitted_to_donor"
	ProposalFunded           ProposalState = "funded"
	ProposalDeclined         ProposalState = "declined"
	ProposalWithdrawn        ProposalState = "withdrawn"
)

// ProposalStates lists every state in workflow order.
var ProposalStates = []ProposalState{ProposalDraft, ProposalSubmitted, ProposalInAppraisal, ProposalReturned,
	ProposalCleared, ProposalApproved, ProposalSubmittedToDonor, ProposalFunded, ProposalDeclined, ProposalWithdrawn}

// Label is the state's name for people.
func (s ProposalState) Label() string {
	switch s {
	case ProposalDraft:
		return "Draft"
	case ProposalSubmitted:
		return "Submitted for appraisal"
	case ProposalInAppraisal:
		return "In appraisal"
	case ProposalReturned:
		return "Returned for revision"
	case ProposalCleared:
		return "Cleared"
	case ProposalApproved:
		return "Approved"
	case ProposalSubmittedToDonor:
		return "Submitted to the donor"
	case ProposalFunded:
		return "Funded"
	case ProposalDeclined:
		return "Declined"
	case ProposalWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Valid reports whether s is a known state.
func (s ProposalState) Valid() bool { return s.Label() != string(s) }

// Final reports whether nothing more can happen to a proposal in state s.
func (s ProposalState) Final() bool {
	return s == ProposalFunded || s == ProposalDeclined || s == ProposalWithdrawn
}

// Editable reports whether the office may change a proposal's content in
// state s: while drafting, and after it was returned for revision.
func (s ProposalState) Editable() bool { return s == "" || s == ProposalDraft || s == ProposalReturned }

// State returns the proposal's state, reading empty as draft.
func (p *Proposal) State() ProposalState {
	if p.Status == "" {
		return ProposalDraft
	}
	return p.Status
}

// DurationYears is the number of project years: the duration in months,
// rounded up to whole years.
func (p *Proposal) DurationYears() int {
	if p.DurationMonths <= 0 {
		return 0
	}
	return (p.DurationMonths + 11) / 12
}

// BudgetTotal adds every budget line.
func (p *Proposal) BudgetTotal() money.Decimal {
	var t money.Decimal
	for _, l := range p.Budget {
		t = t.Add(l.Amount)
	}
	return t
}

// BudgetFor adds the budget lines of the given categories.
func (p *Proposal) BudgetFor(cs ...BudgetCategory) money.Decimal {
	var t money.Decimal
	for _, l := range p.Budget {
		for _, c := range cs {
			if l.Category == c {
				t = t.Add(l.Amount)
				break
			}
		}
	}
	return t
}

// DirectCosts adds every budget line but programme support costs.
func (p *Proposal) DirectCosts() money.Decimal {
	return p.BudgetTotal().Sub(p.BudgetFor(BudgetPSC))
}

// Assumptions returns every assumption of the logframe with the path of
// each, in document order.
func (p *Proposal) Assumptions() (list []Assumption, paths []string) {
	for i, o := range p.Logframe.Outcomes {
		for k, a := range o.Assumptions {
			list = append(list, a)
			paths = append(paths, fmt.Sprintf("logframe.outcomes[%d].assumptions[%d]", i, k))
		}
		for j, out := range o.Outputs {
			for k, a := range out.Assumptions {
				list = append(list, a)
				paths = append(paths, fmt.Sprintf("logframe.outcomes[%d].outputs[%d].assumptions[%d]", i, j, k))
			}
		}
	}
	return list, paths
}

// MaxDurationMonths bounds a proposal's duration: twenty years is already
// far beyond any development cooperation project.
const MaxDurationMonths = 240

// Validate checks that a proposal is well formed: known codes, amounts that
// are not negative, months and years inside the project, references inside
// the proposal that resolve. It does not judge quality (a draft may be
// incomplete; the appraisal screen reports what is missing) nor check
// references to other records (offices, partners, CPOs); the service does.
// Every problem names its field with the proposal's JSON path.
func (p *Proposal) Validate() error {
	var pr Problems
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" {
		pr.Add("title", "is required")
	}
	if p.OfficeID <= 0 {
		pr.Add("office_id", "is required")
	}
	if p.PartnerID < 0 {
		pr.Add("partner_id", "is not a partner ID")
	}
	if e := strings.TrimSpace(p.ResponsibleOfficial.Email); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			pr.Add("responsible_official.email", "%q is not an email address", e)
		}
	}
	if p.Amount.Sign() < 0 {
		pr.Add("amount", "is negative (%s)", p.Amount)
	}
	if !money.ValidCurrency(p.Currency) {
		pr.Add("currency", "%q is not an ISO 4217 currency code", p.Currency)
	}
	if p.DurationMonths < 0 || p.DurationMonths > MaxDurationMonths {
		pr.Add("duration_months", "%d is outside 0–%d months", p.DurationMonths, MaxDurationMonths)
	}
	if p.Status != "" && !p.Status.Valid() {
		pr.Add("status", "%q is not a proposal state", p.Status)
	}
	if p.Version < 0 {
		pr.Add("version", "is negative")
	}

	seen := map[string]bool{}
	for i, c := range p.Countries {
		f := fmt.Sprintf("countries[%d]", i)
		switch {
		case !ValidCountry(c):
			pr.Add(f, "%q is not an ISO 3166 country code", c)
		case seen[c]:
			pr.Add(f, "%s is listed twice", c)
		}
		seen[c] = true
	}
	checkCodes(&pr, "cpos", p.CPOs)
	checkCodes(&pr, "outcomes", p.Outcomes)

	p.validateLogframe(&pr)

	for i, l := range p.Budget {
		f := fmt.Sprintf("budget[%d]", i)
		if !l.Category.Valid() {
			pr.Add(f+".category", "%q is not a budget category", l.Category)
		}
		if l.Year < 1 || l.Year > MaxDurationMonths/12 {
			pr.Add(f+".year", "%d is not a project year (1–%d)", l.Year, MaxDurationMonths/12)
		}
		if l.Amount.Sign() < 0 {
			pr.Add(f+".amount", "is negative (%s)", l.Amount)
		}
	}

	assumptions := map[string]bool{}
	list, paths := p.Assumptions()
	for i, a := range list {
		if a.ID == "" {
			continue
		}
		if assumptions[a.ID] {
			pr.Add(paths[i]+".id", "%s is used by another assumption", a.ID)
		}
		assumptions[a.ID] = true
	}
	risks := map[string]bool{}
	for i, r := range p.Risks {
		f := fmt.Sprintf("risks[%d]", i)
		if r.ID != "" {
			if risks[r.ID] {
				pr.Add(f+".id", "%s is used by another risk", r.ID)
			}
			risks[r.ID] = true
		}
		if r.Likelihood != "" && !r.Likelihood.Valid() {
			pr.Add(f+".likelihood", "%q is not low, medium or high", r.Likelihood)
		}
		if r.Impact != "" && !r.Impact.Valid() {
			pr.Add(f+".impact", "%q is not low, medium or high", r.Impact)
		}
		for k, ref := range r.Assumptions {
			if !assumptions[ref] {
				pr.Add(fmt.Sprintf("%s.assumptions[%d]", f, k), "%q is not the ID of an assumption in the logframe", ref)
			}
		}
	}

	for i, ip := range p.ImplementingPartners {
		f := fmt.Sprintf("implementing_partners[%d]", i)
		if strings.TrimSpace(ip.Name) == "" {
			pr.Add(f+".name", "is required")
		}
		if ip.Kind != "" && !slices.Contains(ImplementingPartnerKinds, ip.Kind) {
			pr.Add(f+".kind", "%q is not one of %s", ip.Kind, strings.Join(ImplementingPartnerKinds, ", "))
		}
		if ip.Country != "" && !ValidCountry(ip.Country) {
			pr.Add(f+".country", "%q is not an ISO 3166 country code", ip.Country)
		}
	}
	for i, d := range p.Documents {
		f := fmt.Sprintf("documents[%d]", i)
		if strings.TrimSpace(d.Name) == "" {
			pr.Add(f+".name", "is required")
		}
		if !slices.Contains(DocumentKinds, d.Kind) {
			pr.Add(f+".kind", "%q is not one of %s", d.Kind, strings.Join(DocumentKinds, ", "))
		}
		if d.URL != "" {
			if u, err := url.Parse(d.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				pr.Add(f+".url", "%q is not an http or https address", d.URL)
			}
		}
		if d.SizeBytes < 0 {
			pr.Add(f+".size_bytes", "is negative")
		}
	}
	return pr.Err()
}

func (p *Proposal) validateLogframe(pr *Problems) {
	outputs := map[string]bool{}
	for i, o := range p.Logframe.Outcomes {
		f := fmt.Sprintf("logframe.outcomes[%d]", i)
		for j, out := range o.Outputs {
			g := fmt.Sprintf("%s.outputs[%d]", f, j)
			if out.Code != "" {
				if outputs[out.Code] {
					pr.Add(g+".code", "%s is used by another output", out.Code)
				}
				outputs[out.Code] = true
			}
			for k, a := range out.Activities {
				h := fmt.Sprintf("%s.activities[%d]", g, k)
				if a.StartMonth < 0 || (p.DurationMonths > 0 && a.StartMonth > p.DurationMonths) {
					pr.Add(h+".start_month", "month %d is outside the project's %d months", a.StartMonth, p.DurationMonths)
				}
				if a.EndMonth < 0 || (p.DurationMonths > 0 && a.EndMonth > p.DurationMonths) {
					pr.Add(h+".end_month", "month %d is outside the project's %d months", a.EndMonth, p.DurationMonths)
				}
				if a.StartMonth > 0 && a.EndMonth > 0 && a.EndMonth < a.StartMonth {
					pr.Add(h+".end_month", "month %d is before the start month %d", a.EndMonth, a.StartMonth)
				}
			}
		}
	}
}

// checkCodes refuses blank and repeated reference codes.
func checkCodes(pr *Problems, field string, codes []string) {
	seen := map[string]bool{}
	for i, c := range codes {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case strings.TrimSpace(c) == "":
			pr.Add(f, "is blank")
		case seen[c]:
			pr.Add(f, "%s is listed twice", c)
		}
		seen[c] = true
	}
}

// DecodeProposal reads one proposal from JSON, refusing unknown fields and
// trailing data, so that a misspelt field is an error rather than a silent
// loss. Errors are of kind invalid and name the field when they can. It
// does not call Validate.
func DecodeProposal(r io.Reader) (*Proposal, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Proposal
	if err := dec.Decode(&p); err != nil {
		return nil, jsonProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Invalid("", "the body holds more than one JSON value")
	}
	return &p, nil
}

func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return Invalid(te.Field, "expected %s, got a JSON %s", te.Type, te.Value)
	case errors.As(err, &se):
		return Invalid("", "not valid JSON at byte %d: %v", se.Offset, se)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Invalid("", "the JSON ends too early")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return Invalid(strings.Trim(f, `"`), "is not a field of a proposal")
	}
	return Invalid("", "%s", strings.TrimPrefix(msg, "json: "))
}

// MarshalIndent is the proposal's canonical JSON: indented, with a final
// newline, as example files and exports store it.
func (p *Proposal) MarshalIndent() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ProposalRecord is a stored proposal: its current version and what the
// workflow keeps beside it.
type ProposalRecord struct {
	Proposal
	// Revision counts every change to the record, the workflow's included,
	// and guards against lost updates; Proposal.Version counts versions of
	// the content only.
	Revision      int       `json:"revision"`
	CreatedBy     int64     `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	SubmittedBy   int64     `json:"submitted_by,omitempty"`
	StateSince    time.Time `json:"state_since"`
	AppraisalJSON string    `json:"-"`                      // the appraiser's rubric, JSON
	MEReviewJSON  string    `json:"-"`                      // the evaluation office's M&E review, JSON
	ProjectID     int64     `json:"project_id,omitempty"`   // created when funded
	AgreementID   int64     `json:"agreement_id,omitempty"` // created when funded
}

// ProposalFilter selects proposals.
type ProposalFilter struct {
	OfficeID int64
	States   []ProposalState
	IDs      []int64
}

// ProposalVersion is a saved version of a proposal.
type ProposalVersion struct {
	Version   int       `json:"version"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Body      string    `json:"-"` // the proposal as JSON
}

// ProposalEvent is a step of a proposal's workflow.
type ProposalEvent struct {
	ID      int64         `json:"id"`
	At      time.Time     `json:"at"`
	UserID  int64         `json:"user_id"`
	Actor   string        `json:"actor"`
	From    ProposalState `json:"from,omitempty"`
	To      ProposalState `json:"to"`
	Action  string        `json:"action,omitempty"`
	Version int           `json:"version"`
	Comment string        `json:"comment,omitempty"`
}

// ProposalComment is a remark anyone involved makes on a proposal,
// optionally on one place in it.
type ProposalComment struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	UserID int64     `json:"user_id"`
	Author string    `json:"author"`
	Path   string    `json:"path,omitempty"` // e.g. logframe.outcomes[0].indicators[1]
	Body   string    `json:"body"`
}

// Notification is an in-app message to a user.
type Notification struct {
	ID     int64     `json:"id"`
	UserID int64     `json:"user_id"`
	At     time.Time `json:"at"`
	Text   string    `json:"text"`
	Link   string    `json:"link"`
	Read   bool      `json:"read"`
}
