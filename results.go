package devcoop

import "devcoop/money"

// StrategicObjective groups outcomes: employment, social protection, social
// dialogue, and standards and rights at work.
type StrategicObjective struct {
	Code  string `json:"code"` // SO1…SO4
	Title string `json:"title"`
}

// Period is a programme period (biennium) such as 2014–15.
type Period struct {
	Code     string        `json:"code"` // "2014-15"
	Start    Date          `json:"start"`
	End      Date          `json:"end"`
	VCTarget money.Decimal `json:"vc_target_usd"` // voluntary contributions target, USD
	Current  bool          `json:"current"`
}

// Contains reports whether d falls in the period.
func (p *Period) Contains(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// Outcome is a global outcome of a programme period.
type Outcome struct {
	ID         int64              `json:"id"`
	Period     string             `json:"period"`
	Code       string             `json:"code"` // "1" … "19", unique within the period
	Title      string             `json:"title"`
	Objective  string             `json:"objective,omitempty"` // strategic objective code; empty for cross-cutting outcomes
	Indicators []OutcomeIndicator `json:"indicators,omitempty"`
}

// OutcomeIndicator measures an outcome, typically as a number of member
// States where a result is achieved.
type OutcomeIndicator struct {
	ID        int64  `json:"id"`
	OutcomeID int64  `json:"outcome_id"`
	Code      string `json:"code"` // "1.1"
	Title     string `json:"title"`
	Target    int    `json:"target"` // member States
	Baseline  int    `json:"baseline"`
}

// DWCP is a Decent Work Country Programme agreed with a country's
// government, employers and workers.
type DWCP struct {
	ID      int64  `json:"id"`
	Country string `json:"country"`
	Title   string `json:"title"`
	Start   Date   `json:"start"`
	End     Date   `json:"end"`
	Status  string `json:"status"` // active, in preparation, completed
}

// CPO is a country programme outcome of a DWCP, linked to one global outcome.
type CPO struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"` // "KEN 126"
	DWCPID    int64  `json:"dwcp_id"`
	Country   string `json:"country"`
	OutcomeID int64  `json:"outcome_id"`
	Title     string `json:"title"`
}
