// Package appraisal is the quality appraisal of extra-budgetary proposals:
// the automated screen against the minimum standards, the appraiser's
// rubric, the evaluation office's review of the M&E plan for large
// proposals, the approval workflow and its service levels, and the
// comparison of two versions of a proposal.
//
// Everything here is a pure function of its arguments: no I/O, no clock
// (callers pass "now"), no randomness, no map iteration in any output. The
// same proposal, rule set and facts always give the same findings in the
// same order.
package appraisal

import (
	"devcoop"
	"devcoop/money"
)

// Severity says how much a finding matters. A proposal with a blocking
// finding cannot be cleared; major and minor findings inform the
// appraiser's scores.
type Severity string

// Severities, most serious first.
const (
	SeverityBlocking Severity = "blocking"
	SeverityMajor    Severity = "major"
	SeverityMinor    Severity = "minor"
)

// Severities lists every severity, most serious first.
var Severities = []Severity{SeverityBlocking, SeverityMajor, SeverityMinor}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return s.rank() < len(Severities) }

func (s Severity) rank() int {
	for i, x := range Severities {
		if x == s {
			return i
		}
	}
	return len(Severities)
}

// Finding is one quality issue the screen found: which rule, how serious,
// where in the proposal (a path in the proposal JSON's own field names, such
// as "logframe.outcomes[0].outputs[1].indicators[0].baseline") and what is
// wrong, in words an office can act on.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Path     string   `json:"path"`
	Message  string   `json:"message"`
}

// HasBlocking reports whether any finding is blocking.
func HasBlocking(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityBlocking {
			return true
		}
	}
	return false
}

// CPOFact is what the screen needs to know about a country programme
// outcome: the global outcome it links to and its country.
type CPOFact struct {
	Code    string `json:"code"`    // "KEN 126"
	Outcome string `json:"outcome"` // global outcome code, "6"
	Country string `json:"country"` // ISO 3166-1 alpha-2
}

// Facts are what the screen knows from outside the proposal. A nil field
// means "not known", and the checks that need it are skipped rather than
// guessed; an empty, non-nil list means "known to be empty".
type Facts struct {
	// CPOs are the known country programme outcomes.
	CPOs []CPOFact `json:"cpos"`
	// Outcomes are the codes of the global outcomes of the proposal's
	// programme period.
	Outcomes []string `json:"outcomes"`
	// PartnerOverdueReports is how many reports the organisation owes the
	// target partner past their due date.
	PartnerOverdueReports *int `json:"partner_overdue_reports,omitempty"`
	// USDAmount is the proposal's amount in US dollars, converted at the
	// dated rate the service chose. Not needed for a proposal in USD.
	USDAmount *money.Decimal `json:"usd_amount,omitempty"`
	// PSCRatePercent overrides the rule set's programme support cost rate,
	// for a partner with a different agreed rate.
	PSCRatePercent *money.Decimal `json:"psc_rate_percent,omitempty"`
}

// CPOFacts turns stored CPOs into facts, naming each CPO's outcome by its
// code. A CPO whose outcome is not among outcomes gets an empty outcome.
func CPOFacts(cpos []devcoop.CPO, outcomes []devcoop.Outcome) []CPOFact {
	code := make(map[int64]string, len(outcomes))
	for _, o := range outcomes {
		code[o.ID] = o.Code
	}
	out := make([]CPOFact, 0, len(cpos))
	for _, c := range cpos {
		out = append(out, CPOFact{Code: c.Code, Outcome: code[c.OutcomeID], Country: c.Country})
	}
	return out
}

// USDAmount returns the proposal's amount in US dollars: the proposal's own
// amount when it is in USD, otherwise the converted amount in facts. ok is
// false when neither is known.
func USDAmount(p *devcoop.Proposal, f Facts) (usd money.Decimal, ok bool) {
	if f.USDAmount != nil {
		return *f.USDAmount, true
	}
	if p != nil && p.Currency == money.USD {
		return p.Amount, true
	}
	return money.Decimal{}, false
}

// RequiresMEReview reports whether the evaluation office must review the
// proposal's M&E plan: when its amount in US dollars is above the rule
// set's threshold. It fails, with kind invalid, when the USD amount is not
// known: the service must convert it with its dated rates first.
func RequiresMEReview(p *devcoop.Proposal, rs RuleSet, f Facts) (bool, error) {
	usd, ok := USDAmount(p, f)
	if !ok {
		return false, devcoop.Invalid("usd_amount", "the amount in US dollars is needed to decide whether the M&E plan needs review")
	}
	return usd.GreaterThan(rs.MEReviewThresholdUSD), nil
}
