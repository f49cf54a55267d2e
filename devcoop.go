// Package devcoop is the domain of a development cooperation portfolio: the
// organisation's offices, the countries and regions it works in, its
// results framework (strategic objectives, outcomes, country programme
// outcomes), its projects, its development partners and their agreements,
// and the money that moves between them.
//
// The package holds types, validation rules and the interfaces of the
// services the rest of the system offers. It imports no adapter: storage
// lives in sqlite/ and postgres/, the web in web/, and pure decision logic
// in packages such as money/, plan/ and iati/.
package devcoop

import (
	"strings"
	"time"

	"devcoop/codelist"
	"devcoop/money"
)

// Region is one of the organisation's regions, such as Africa.
type Region struct {
	Code     string `json:"code"` // AFR, AME, ARB, ASP, ECA
	Name     string `json:"name"`
	IATICode string `json:"iati_code"` // the closest OECD DAC region, for publication
}

// IncomeGroup is the World Bank income classification of a country.
type IncomeGroup string

// Income groups.
const (
	LowIncome         IncomeGroup = "LIC"
	LowerMiddleIncome IncomeGroup = "LMIC"
	UpperMiddleIncome IncomeGroup = "UMIC"
	HighIncome        IncomeGroup = "HIC"
)

// Valid reports whether g is a known income group.
func (g IncomeGroup) Valid() bool {
	switch g {
	case LowIncome, LowerMiddleIncome, UpperMiddleIncome, HighIncome:
		return true
	}
	return false
}

// Country is a member State the organisation works in.
type Country struct {
	Code         string      `json:"code"`   // ISO 3166-1 alpha-2
	Alpha3       string      `json:"alpha3"` // ISO 3166-1 alpha-3, used in CPO codes
	Name         string      `json:"name"`
	Region       string      `json:"region"`
	IncomeGroup  IncomeGroup `json:"income_group"`
	ODAEligible  bool        `json:"oda_eligible"`
	Currency     string      `json:"currency"`
	DWCPPriority bool        `json:"dwcp_priority"` // a priority country for the current DWCP cycle
}

// OfficeKind says what sort of office an office is.
type OfficeKind string

// Office kinds.
const (
	OfficeHQ       OfficeKind = "hq"       // a department at headquarters
	OfficeRegional OfficeKind = "regional" // a regional office
	OfficeCountry  OfficeKind = "country"  // a country office, possibly covering several countries
)

// Office is a unit of the organisation that runs projects.
type Office struct {
	ID      int64      `json:"id"`
	Code    string     `json:"code"`
	Name    string     `json:"name"`
	Kind    OfficeKind `json:"kind"`
	Region  string     `json:"region"`
	Country string     `json:"country,omitempty"`
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 code on the
// IATI Country list.
func ValidCountry(code string) bool {
	return len(code) == 2 && code == strings.ToUpper(code) && codelist.Country().Has(code)
}

// ValidSector reports whether code is an active DAC 5-digit purpose code.
func ValidSector(code string) bool { return codelist.Sector().Active(code) }

// Now is how the domain reads the clock when a caller gives no time: tests
// and the demo pass their own.
type Clock func() time.Time

// USD is shorthand for an amount in US dollars.
func USD(amount money.Decimal, on Date) money.Money {
	return money.Money{Amount: amount, Currency: money.USD, ValueDate: on.Time}
}
