package iati

import "strings"

// Namespaces with a fixed meaning.
const (
	nsXML = "http://www.w3.org/XML/1998/namespace"
	// NSNotInSchema is the namespace the writer puts elements and attributes
	// in that IATI 2.03 does not define at their place (1.x leftovers,
	// typos, misplaced elements), and the text of elements that may not
	// hold text (as attribute "text"). That keeps every published value and
	// the output valid against the XSD, which allows foreign namespaces
	// almost everywhere. The reader warns about each such item.
	NSNotInSchema = "urn:devcoop:iati:not-in-schema"
)

// Element is one XML element of an activity or organisation, kept whole so
// that an export gives back what was imported.
type Element struct {
	Space    string // namespace URI; "" for IATI elements
	Prefix   string // prefix used in the source: a hint for the writer
	Name     string // local name
	Attrs    []Attr
	Children []*Element
	// Text is the character data directly inside the element, entities
	// decoded and line ends normalised. Whitespace between child elements
	// is dropped.
	Text         string
	Line, Column int // where the start tag begins in the source; 0 if built

	// Schema node + 1 and position + 1 in the parent's sequence, cached by
	// validation so the writer need not look them up again; 0 = unknown.
	sn, si int32
}

// Attr is one attribute. xml:lang has Space "http://www.w3.org/XML/1998/namespace".
// Namespace declarations are not attributes: they are resolved into Space
// and written back where needed.
type Attr struct {
	Space  string
	Prefix string
	Name   string
	Value  string
}

// Narrative is one language version of a text.
type Narrative struct {
	Lang string // lower case ISO 639-1; "" when neither the narrative nor the activity says
	Text string
}

// Attr returns the value of the attribute name in no namespace, or "".
func (e *Element) Attr(name string) string {
	if e == nil {
		return ""
	}
	for i := range e.Attrs {
		if e.Attrs[i].Name == name && e.Attrs[i].Space == "" {
			return e.Attrs[i].Value
		}
	}
	return ""
}

// LookupAttr is Attr that also says whether the attribute is present.
func (e *Element) LookupAttr(space, name string) (string, bool) {
	if e == nil {
		return "", false
	}
	for i := range e.Attrs {
		if e.Attrs[i].Name == name && e.Attrs[i].Space == space {
			return e.Attrs[i].Value, true
		}
	}
	return "", false
}

// SetAttr sets or adds an attribute.
func (e *Element) SetAttr(space, name, value string) {
	for i := range e.Attrs {
		if e.Attrs[i].Name == name && e.Attrs[i].Space == space {
			e.Attrs[i].Value = value
			return
		}
	}
	e.Attrs = append(e.Attrs, Attr{Space: space, Name: name, Value: value})
}

// RemoveAttr deletes an attribute if present.
func (e *Element) RemoveAttr(space, name string) {
	for i := range e.Attrs {
		if e.Attrs[i].Name == name && e.Attrs[i].Space == space {
			e.Attrs = append(e.Attrs[:i:i], e.Attrs[i+1:]...)
			return
		}
	}
}

// Lang returns the element's xml:lang, or "".
func (e *Element) Lang() string {
	v, _ := e.LookupAttr(nsXML, "lang")
	return v
}

// Child returns the first IATI child element called name, or nil.
func (e *Element) Child(name string) *Element {
	if e == nil {
		return nil
	}
	for _, c := range e.Children {
		if c.Name == name && c.Space == "" {
			return c
		}
	}
	return nil
}

// All returns the IATI child elements called name.
func (e *Element) All(name string) []*Element {
	if e == nil {
		return nil
	}
	var out []*Element
	for _, c := range e.Children {
		if c.Name == name && c.Space == "" {
			out = append(out, c)
		}
	}
	return out
}

// Narratives returns the element's <narrative> children. A narrative
// without xml:lang is in defaultLang. Language codes are lower-cased, as
// some tools upper-case them.
func (e *Element) Narratives(defaultLang string) []Narrative {
	if e == nil {
		return nil
	}
	var out []Narrative
	for _, c := range e.Children {
		if c.Name != "narrative" || c.Space != "" {
			continue
		}
		l := narrativeLang(c)
		if l == "" {
			l = defaultLang
		}
		out = append(out, Narrative{Lang: lower(l), Text: strings.TrimSpace(c.Text)})
	}
	return out
}

// NarrativeText returns the narrative of e in lang, falling back to one
// without a language, then to the first non-empty one.
func (e *Element) NarrativeText(lang string) string {
	if e == nil {
		return ""
	}
	lang = lower(lang)
	var noLang, first string
	for _, c := range e.Children {
		if c.Name != "narrative" || c.Space != "" {
			continue
		}
		t := strings.TrimSpace(c.Text)
		if t == "" {
			continue
		}
		l := narrativeLang(c)
		if lang != "" && (l == lang || strings.EqualFold(l, lang)) {
			return t
		}
		if l == "" && noLang == "" {
			noLang = t
		}
		if first == "" {
			first = t
		}
	}
	if noLang != "" {
		return noLang
	}
	return first
}

func pickNarrative(ns []Narrative, lang string) string {
	lang = lower(lang)
	var noLang, first string
	for _, n := range ns {
		if n.Text == "" {
			continue
		}
		if n.Lang == lang && lang != "" {
			return n.Text
		}
		if n.Lang == "" && noLang == "" {
			noLang = n.Text
		}
		if first == "" {
			first = n.Text
		}
	}
	if noLang != "" {
		return noLang
	}
	return first
}

// narrativeLang is the narrative's xml:lang; tools that lost the xml
// prefix leave a plain @lang, which is taken as the language too (the
// reader flags it as an unknown attribute).
func narrativeLang(n *Element) string {
	if l := n.Lang(); l != "" {
		return l
	}
	return n.Attr("lang")
}

// lower is strings.ToLower without allocating for strings already lower.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// NewElement returns an IATI element with attributes given as name, value
// pairs; pairs with an empty value are left out.
func NewElement(name string, attrs ...string) *Element {
	e := &Element{Name: name}
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			e.Attrs = append(e.Attrs, Attr{Name: attrs[i], Value: attrs[i+1]})
		}
	}
	return e
}

// Add appends children that are not nil and returns e.
func (e *Element) Add(children ...*Element) *Element {
	for _, c := range children {
		if c != nil {
			e.Children = append(e.Children, c)
		}
	}
	return e
}

// Clone returns a deep copy of e.
func (e *Element) Clone() *Element {
	if e == nil {
		return nil
	}
	c := *e
	c.sn, c.si = 0, 0
	c.Attrs = append([]Attr(nil), e.Attrs...)
	c.Children = make([]*Element, len(e.Children))
	for i, ch := range e.Children {
		c.Children[i] = ch.Clone()
	}
	return &c
}
