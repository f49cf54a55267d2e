package devcoop

import "devcoop/codelist"

// PartnerKind classifies development partners the way resource mobilization
// tracks them: the organisation deliberately widens its base beyond
// traditional donors.
type PartnerKind string

// Partner kinds.
const (
	PartnerTraditionalGov PartnerKind = "traditional_government"
	PartnerEmergingGov    PartnerKind = "emerging_government"
	PartnerMultilateral   PartnerKind = "multilateral"
	PartnerIFI            PartnerKind = "ifi"
	PartnerPrivate        PartnerKind = "private_sector"
	PartnerFoundation     PartnerKind = "foundation"
	PartnerDomestic       PartnerKind = "domestic"
	PartnerSouthSouth     PartnerKind = "south_south"
)

// PartnerKinds lists every kind, in display order.
var PartnerKinds = []PartnerKind{PartnerTraditionalGov, PartnerEmergingGov, PartnerMultilateral, PartnerIFI, PartnerPrivate, PartnerFoundation, PartnerDomestic, PartnerSouthSouth}

// Label is the kind's name for people.
func (k PartnerKind) Label() string {
	switch k {
	case PartnerTraditionalGov:
		return "Traditional government donor"
	case PartnerEmergingGov:
		return "Emerging government donor"
	case PartnerMultilateral:
		return "Multilateral"
	case PartnerIFI:
		return "International financial institution"
	case PartnerPrivate:
		return "Private sector"
	case PartnerFoundation:
		return "Foundation"
	case PartnerDomestic:
		return "Domestic development funding"
	case PartnerSouthSouth:
		return "South-South / triangular"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k PartnerKind) Valid() bool {
	for _, x := range PartnerKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Partner is a development partner: an organisation that funds work.
type Partner struct {
	ID       int64       `json:"id"`
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Acronym  string      `json:"acronym,omitempty"`
	Kind     PartnerKind `json:"kind"`
	IATIRef  string      `json:"iati_ref,omitempty"`  // IATI organisation identifier, e.g. GB-GOV-1
	IATIType string      `json:"iati_type,omitempty"` // OrganisationType code, e.g. 10
	Country  string      `json:"country,omitempty"`   // where it is based
	Since    int         `json:"since,omitempty"`     // first year it funded the organisation
	Contacts []Contact   `json:"contacts"`
	Notes    string      `json:"notes,omitempty"`
	Version  int         `json:"version"`
}

// Validate checks a partner's fields.
func (p *Partner) Validate() error {
	var pr Problems
	if p.Name == "" {
		pr.Add("name", "is required")
	}
	if p.Code == "" {
		pr.Add("code", "is required")
	}
	if !p.Kind.Valid() {
		pr.Add("kind", "%q is not a partner kind", p.Kind)
	}
	if p.IATIType != "" && !codelist.OrganisationType().Has(p.IATIType) {
		pr.Add("iati_type", "%q is not an IATI organisation type", p.IATIType)
	}
	if p.Country != "" && !ValidCountry(p.Country) {
		pr.Add("country", "%q is not an ISO 3166 country code", p.Country)
	}
	return pr.Err()
}

// PartnerFilter selects partners.
type PartnerFilter struct {
	Kind  PartnerKind
	Query string
	IDs   []int64 // restrict to these, when set
}
