package iati

import (
	"strings"
)

// Letter and word codes of IATI 1.0x and their 2.0x numbers.
var (
	v1TransactionType = map[string]string{"IF": "1", "C": "2", "D": "3", "E": "4", "IR": "5", "LR": "6", "R": "7", "QP": "8", "QS": "9", "CG": "10"}
	v1DateType        = map[string]string{"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
	v1Role            = map[string]string{"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
	v1BudgetType      = map[string]string{"original": "1", "revised": "2"}
	v1SectorVocab     = map[string]string{"DAC": "1", "DAC-3": "2", "COFOG": "3", "NACE": "4", "NTEE": "5", "ADT": "6", "RO2": "98", "RO": "99"}
	v1PolicyVocab     = map[string]string{"DAC": "1", "RO": "99"}
	v1RegionVocab     = map[string]string{"DAC": "1", "UN": "2", "RO": "99"}
)

// convert1x rewrites a 1.0x activity tree into 2.03 form, in place, with
// the mapping in IATI-NOTES: text directly in an element becomes a
// <narrative> (taking the element's xml:lang), letter and word codes become
// numbers, repeated titles in several languages become one title with
// several narratives, and other-identifier gets 2.x attributes. Text that
// 2.03 has no place for (the code names 1.x repeated inside code elements)
// is kept in attribute {NSNotInSchema}text. Elements 1.x had and 2.03 has
// not are left as they are; the writer keeps them in NSNotInSchema.
func convert1x(root *Element) {
	root.RemoveAttr("", "version")
	reportingRef := root.Child("reporting-org").Attr("ref")
	convertEl(root, snActivity, true, reportingRef)
}

func convertEl(el *Element, node int, isRoot bool, reportingRef string) {
	mapAttr := func(name string, table map[string]string, fold bool) {
		v, ok := el.LookupAttr("", name)
		if !ok {
			return
		}
		k := strings.TrimSpace(v)
		if fold {
			k = strings.ToLower(k)
		} else {
			k = strings.ToUpper(k)
		}
		if n, ok := table[k]; ok {
			el.SetAttr("", name, n)
		}
	}
	if el.Space != "" {
		return
	}
	switch el.Name {
	case "transaction-type":
		mapAttr("code", v1TransactionType, false)
	case "activity-date", "transaction-date":
		if el.Name == "activity-date" {
			mapAttr("type", v1DateType, true)
		}
		if _, ok := el.LookupAttr("", "iso-date"); !ok {
			if _, ok := parseDate(el.Text); ok {
				el.SetAttr("", "iso-date", strings.TrimSpace(el.Text))
			}
		}
		if strings.TrimSpace(el.Text) == el.Attr("iso-date") {
			el.Text = "" // 1.x repeated the date as text
		}
	case "participating-org":
		mapAttr("role", v1Role, true)
	case "budget", "planned-disbursement":
		mapAttr("type", v1BudgetType, true)
	case "sector":
		mapAttr("vocabulary", v1SectorVocab, false)
	case "policy-marker":
		mapAttr("vocabulary", v1PolicyVocab, false)
	case "recipient-region":
		mapAttr("vocabulary", v1RegionVocab, false)
	case "other-identifier":
		convertOtherIdentifier(el, reportingRef)
	case "location":
		convertCoordinates(el)
	}
	if node != noNode && !isRoot && strings.TrimSpace(el.Text) != "" {
		switch {
		case hasNarrative[node]:
			n := &Element{Name: "narrative", Text: el.Text, Line: el.Line, Column: el.Column}
			if l, ok := el.LookupAttr(nsXML, "lang"); ok {
				n.Attrs = []Attr{{Space: nsXML, Name: "lang", Value: l}}
				el.RemoveAttr(nsXML, "lang")
			}
			el.Text = ""
			el.Children = append([]*Element{n}, el.Children...)
		case !schemaTable[node].simple:
			el.SetAttr(NSNotInSchema, "text", el.Text)
			el.Text = ""
		}
	}
	for _, ch := range el.Children {
		convertEl(ch, childNode(node, ch.Name), false, reportingRef)
	}
	if node == noNode {
		return
	}
	// 1.x repeated single elements per language; 2.03 wants one element
	// with one narrative per language.
	sd := &schemaTable[node]
	var kept []*Element
	var first map[string]*Element
	for _, ch := range el.Children {
		if ch.Space == "" {
			if j, ok := childIndex[node][ch.Name]; ok && sd.children[j].max == 1 && hasNarrative[sd.children[j].node] {
				if first == nil {
					first = map[string]*Element{}
				}
				if f, ok := first[ch.Name]; ok && onlyNarratives(ch) {
					f.Children = append(f.Children, ch.Children...)
					continue
				}
				first[ch.Name] = ch
			}
		}
		kept = append(kept, ch)
	}
	el.Children = kept
}

func onlyNarratives(e *Element) bool {
	for _, a := range e.Attrs {
		if a.Space == "" {
			return false
		}
	}
	for _, c := range e.Children {
		if c.Name != "narrative" || c.Space != "" {
			return false
		}
	}
	return true
}

// convertOtherIdentifier maps 1.x <other-identifier owner-ref owner-name>
// text</other-identifier> to 2.x @ref, @type and <owner-org>. The type is
// A1 (the reporting organisation's own id) when the owner is the reporting
// organisation, else A9 (other).
func convertOtherIdentifier(el *Element, reportingRef string) {
	ownerRef, hasRef := el.LookupAttr("", "owner-ref")
	ownerName, hasName := el.LookupAttr("", "owner-name")
	if _, ok := el.LookupAttr("", "ref"); !ok && strings.TrimSpace(el.Text) != "" {
		el.SetAttr("", "ref", strings.TrimSpace(el.Text))
		el.Text = ""
	}
	if _, ok := el.LookupAttr("", "type"); !ok {
		t := "A9"
		if hasRef && strings.TrimSpace(ownerRef) == reportingRef && reportingRef != "" {
			t = "A1"
		}
		el.SetAttr("", "type", t)
	}
	if hasRef || hasName {
		owner := &Element{Name: "owner-org", Line: el.Line, Column: el.Column}
		if hasRef {
			owner.Attrs = append(owner.Attrs, Attr{Name: "ref", Value: ownerRef})
		}
		if hasName && strings.TrimSpace(ownerName) != "" {
			owner.Children = append(owner.Children, &Element{Name: "narrative", Text: ownerName})
		}
		el.RemoveAttr("", "owner-ref")
		el.RemoveAttr("", "owner-name")
		el.Children = append(el.Children, owner)
	}
}

// convertCoordinates adds the 2.x <point><pos>lat long</pos></point> for a
// 1.x <coordinates latitude longitude>, which itself is kept (it goes to
// NSNotInSchema on output, with its precision).
func convertCoordinates(loc *Element) {
	if loc.Child("point") != nil {
		return
	}
	c := loc.Child("coordinates")
	if c == nil {
		return
	}
	lat, lon := strings.TrimSpace(c.Attr("latitude")), strings.TrimSpace(c.Attr("longitude"))
	if lat == "" || lon == "" {
		return
	}
	pos := &Element{Name: "pos", Text: lat + " " + lon, Line: c.Line, Column: c.Column}
	point := &Element{Name: "point", Attrs: []Attr{{Name: "srsName", Value: "http://www.opengis.net/def/crs/EPSG/0/4326"}}, Children: []*Element{pos}, Line: c.Line, Column: c.Column}
	loc.Children = append(loc.Children, point)
}
