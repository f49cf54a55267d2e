package iati

import (
	"strings"

	"devcoop/codelist"
)

//go:generate go run ./internal/xsd/cmd -schema testdata/schema -mapping testdata/codelist-mapping.xml -o schema_gen.go

// kind is the XSD datatype of an attribute or of simple element content.
type kind uint8

const (
	kString kind = iota
	kDecimal
	kDate
	kDateTime
	kBoolean
	kInteger
	kURI
)

// sChild is one element of a content sequence, in schema order.
type sChild struct {
	name     string
	node     int
	min, max int // max -1 = unbounded
}

// sAttr is one declared attribute.
type sAttr struct {
	name     string
	xmlns    bool // xml:lang
	kind     kind
	required bool
}

// sElem is the content model of one element declaration of the XSD.
type sElem struct {
	name, path string
	simple     bool // text content only
	text       kind
	anyAttr    bool // foreign attributes allowed
	anyElem    bool // foreign child elements allowed (at the end)
	children   []sChild
	attrs      []sAttr
}

// clMapping is one rule of codelist-mapping.xml: the attribute (or, when
// attr is "", the text) of elem takes its values from list, when the
// element's @vocabulary is vocab (or absent, if orAbsent).
type clMapping struct {
	elem, attr, list, vocab string
	orAbsent                bool
}

// clCheck is a clMapping resolved to a schema node and a loaded list.
type clCheck struct {
	attr     string
	list     *codelist.List
	vocab    string
	orAbsent bool
}

const noNode = -1

var (
	childIndex   [len(schemaTable)]map[string]int // child name → position in children
	hasNarrative [len(schemaTable)]bool
	nodeChecks   [len(schemaTable)][]clCheck
	langList     *codelist.List
	// Schema nodes the reader looks up by name.
	snActivity, snOrganisation int
)

func init() {
	for i := range schemaTable {
		e := &schemaTable[i]
		m := make(map[string]int, len(e.children))
		for j, c := range e.children {
			m[c.name] = j
			if c.name == "narrative" {
				hasNarrative[i] = true
			}
		}
		childIndex[i] = m
	}
	snActivity = childNode(snIatiActivities, "iati-activity")
	snOrganisation = childNode(snIatiOrganisations, "iati-organisation")
	langList = codelist.Get("Language")
	for _, m := range codelistMappings {
		if m.elem == "" {
			continue // //@xml:lang, checked on every element
		}
		steps := strings.Split(m.elem, "/")
		var n int
		switch steps[0] {
		case "iati-activities":
			n = snIatiActivities
		case "iati-activity":
			n = snActivity
		case "iati-organisations":
			n = snIatiOrganisations
		case "iati-organisation":
			n = snOrganisation
		default:
			panic("iati: codelist mapping with unknown root " + m.elem)
		}
		for _, s := range steps[1:] {
			if n = childNode(n, s); n == noNode {
				break
			}
		}
		if n == noNode {
			panic("iati: codelist mapping path not in schema: " + m.elem)
		}
		nodeChecks[n] = append(nodeChecks[n], clCheck{attr: m.attr, list: codelist.Get(m.list), vocab: m.vocab, orAbsent: m.orAbsent})
	}
}

// childNode returns the schema node of child name under node n, or noNode.
func childNode(n int, name string) int {
	if n == noNode {
		return noNode
	}
	if j, ok := childIndex[n][name]; ok {
		return schemaTable[n].children[j].node
	}
	return noNode
}

// attrDecl returns the declaration of attribute name of node n.
func attrDecl(n int, space, name string) (sAttr, bool) {
	if n == noNode {
		return sAttr{}, false
	}
	for _, a := range schemaTable[n].attrs {
		if a.name == name && a.xmlns == (space == nsXML) {
			if space == "" || space == nsXML {
				return a, true
			}
		}
	}
	return sAttr{}, false
}
