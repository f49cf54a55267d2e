// Package xsd reads the IATI 2.03 XML schemas and writes the Go tables the
// iati package uses for element order, attribute types and required
// content. The tables are generated rather than typed by hand so that they
// follow the XSD exactly; a test in package iati checks they are current.
//
// Only the subset of XML Schema the IATI schemas use is understood: global
// and local element declarations, named and anonymous complex types with a
// sequence, simple content, complexContent extension, attribute references
// and xsd:any / xsd:anyAttribute.
package xsd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// node is a generic element of a schema document.
type node struct {
	Name     string // local name, e.g. "element", "sequence"
	Attrs    map[string]string
	Children []*node
}

func (n *node) attr(k string) string { return n.Attrs[k] }

func parseFile(path string) (*node, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err != nil {
			if root != nil && len(stack) == 0 {
				return root, nil
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{Name: t.Name.Local, Attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// Kind is the datatype of an attribute or of simple element content.
type Kind int

// Kinds of simple values the iati package treats differently.
const (
	String Kind = iota
	Decimal
	Date
	DateTime
	Boolean
	Integer
	URI
)

var kindNames = map[Kind]string{String: "kString", Decimal: "kDecimal", Date: "kDate", DateTime: "kDateTime", Boolean: "kBoolean", Integer: "kInteger", URI: "kURI"}

func kindOf(t string) Kind {
	t = strings.TrimPrefix(strings.TrimPrefix(t, "xsd:"), "xs:")
	switch t {
	case "decimal":
		return Decimal
	case "date":
		return Date
	case "dateTime":
		return DateTime
	case "boolean":
		return Boolean
	case "int", "integer", "positiveInteger", "nonNegativeInteger":
		return Integer
	case "anyURI":
		return URI
	}
	return String
}

// Attr is one declared attribute.
type Attr struct {
	Name     string // "lang" for xml:lang, with XMLNS set
	XMLNS    bool
	Kind     Kind
	Required bool
}

// Child is one element in a content sequence.
type Child struct {
	Name     string
	Node     int
	Min, Max int // Max -1 = unbounded
}

// Elem is the content model of one element declaration.
type Elem struct {
	Name     string
	Path     string // first path it was met at, for reading the tables
	Children []Child
	Attrs    []Attr
	Simple   bool // simple content (text), no child elements
	TextKind Kind
	AnyAttr  bool // xsd:anyAttribute: foreign attributes allowed
	AnyElem  bool // xsd:any in the sequence: foreign children allowed
}

type schema struct {
	elements   map[string]*node // global element declarations
	types      map[string]*node // named complex types
	attributes map[string]*node // global attributes
	elems      []*Elem
	memo       map[*node]int
}

// Load reads every .xsd file in dir.
func load(dir string) (*schema, error) {
	s := &schema{elements: map[string]*node{}, types: map[string]*node{}, attributes: map[string]*node{}, memo: map[*node]int{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.xsd"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if filepath.Base(f) == "xml.xsd" {
			continue
		}
		root, err := parseFile(f)
		if err != nil {
			return nil, err
		}
		for _, c := range root.Children {
			name := c.attr("name")
			switch c.Name {
			case "element":
				s.elements[name] = c
			case "complexType":
				s.types[name] = c
			case "attribute":
				s.attributes[name] = c
			}
		}
	}
	return s, nil
}

func (s *schema) elem(decl *node, path string) (int, error) {
	if ref := decl.attr("ref"); ref != "" {
		g, ok := s.elements[ref]
		if !ok {
			return 0, fmt.Errorf("%s: unknown element ref %q", path, ref)
		}
		decl = g
	}
	if i, ok := s.memo[decl]; ok {
		return i, nil
	}
	e := &Elem{Name: decl.attr("name"), Path: path}
	idx := len(s.elems)
	s.elems = append(s.elems, e)
	s.memo[decl] = idx
	var ct *node
	if t := decl.attr("type"); t != "" {
		if named, ok := s.types[t]; ok {
			ct = named
		} else {
			e.Simple = true
			e.TextKind = kindOf(t)
			return idx, nil
		}
	}
	for _, c := range decl.Children {
		if c.Name == "complexType" {
			ct = c
		}
	}
	if ct == nil {
		// <xsd:element name="x"/> with no type: anyType; treat as text.
		e.Simple = true
		return idx, nil
	}
	if err := s.complexType(e, ct, path); err != nil {
		return 0, err
	}
	return idx, nil
}

func (s *schema) complexType(e *Elem, ct *node, path string) error {
	for _, c := range ct.Children {
		switch c.Name {
		case "sequence":
			for _, p := range c.Children {
				if p.Name == "any" {
					e.AnyElem = true
				}
				if p.Name != "element" {
					continue // xsd:any, annotation
				}
				name := p.attr("name")
				if name == "" {
					name = p.attr("ref")
				}
				idx, err := s.elem(p, path+"/"+name)
				if err != nil {
					return err
				}
				ch := Child{Name: name, Node: idx, Min: 1, Max: 1}
				if v := p.attr("minOccurs"); v != "" {
					fmt.Sscan(v, &ch.Min)
				}
				if v := p.attr("maxOccurs"); v == "unbounded" {
					ch.Max = -1
				} else if v != "" {
					fmt.Sscan(v, &ch.Max)
				}
				e.Children = append(e.Children, ch)
			}
		case "attribute":
			e.Attrs = append(e.Attrs, s.attribute(c))
		case "anyAttribute":
			e.AnyAttr = true
		case "simpleContent", "complexContent":
			for _, x := range c.Children {
				if x.Name != "extension" {
					continue
				}
				base := x.attr("base")
				if named, ok := s.types[base]; ok {
					if err := s.complexType(e, named, path); err != nil {
						return err
					}
				} else {
					e.Simple = true
					e.TextKind = kindOf(base)
				}
				if err := s.complexType(e, x, path); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *schema) attribute(a *node) Attr {
	use := a.attr("use")
	if ref := a.attr("ref"); ref != "" {
		if ref == "xml:lang" {
			return Attr{Name: "lang", XMLNS: true, Required: use == "required"}
		}
		g := s.attributes[ref]
		out := Attr{Name: ref, Required: use == "required"}
		if g != nil {
			out.Kind = kindOf(g.attr("type"))
		}
		return out
	}
	return Attr{Name: a.attr("name"), Kind: kindOf(a.attr("type")), Required: use == "required"}
}

// mapping is one rule of codelist-mapping.xml.
type mapping struct {
	Path     string `xml:"path"`
	Codelist struct {
		Ref string `xml:"ref,attr"`
	} `xml:"codelist"`
	Condition string `xml:"condition"`
}

// readMappings parses codelist-mapping.xml into Go literals. Conditions in
// the file are all of the form "@vocabulary = 'X'" optionally followed by
// "or not(@vocabulary)"; anything else is refused so a new form is noticed.
func readMappings(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var doc struct {
		Mappings []mapping `xml:"mapping"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	var b strings.Builder
	b.WriteString("var codelistMappings = [...]clMapping{\n")
	for _, m := range doc.Mappings {
		p := strings.TrimPrefix(m.Path, "//")
		elem, attr := p, ""
		if i := strings.LastIndex(p, "/"); i >= 0 {
			elem, attr = p[:i], p[i+1:]
		} else {
			elem, attr = "", p
		}
		switch {
		case attr == "text()":
			attr = ""
		case strings.HasPrefix(attr, "@"):
			attr = attr[1:]
		default:
			return "", fmt.Errorf("mapping path %q: unexpected last step", m.Path)
		}
		vocab, orAbsent := "", false
		if c := strings.TrimSpace(m.Condition); c != "" {
			rest, ok := strings.CutPrefix(c, "@vocabulary = '")
			if !ok {
				return "", fmt.Errorf("mapping %q: unsupported condition %q", m.Path, c)
			}
			i := strings.IndexByte(rest, '\'')
			if i < 0 {
				return "", fmt.Errorf("mapping %q: unsupported condition %q", m.Path, c)
			}
			vocab, rest = rest[:i], strings.TrimSpace(rest[i+1:])
			switch rest {
			case "":
			case "or not(@vocabulary)":
				orAbsent = true
			default:
				return "", fmt.Errorf("mapping %q: unsupported condition %q", m.Path, c)
			}
		}
		fmt.Fprintf(&b, "\t{%q, %q, %q, %q, %v},\n", elem, attr, m.Codelist.Ref, vocab, orAbsent)
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// Generate reads the schemas in dir, and the code list mapping at
// mappingPath, and returns the Go source of the tables for package pkg.
func Generate(dir, mappingPath, pkg string) ([]byte, error) {
	s, err := load(dir)
	if err != nil {
		return nil, err
	}
	roots := map[string]int{}
	for _, r := range []string{"iati-activities", "iati-organisations"} {
		decl, ok := s.elements[r]
		if !ok {
			return nil, fmt.Errorf("no element %q in %s", r, dir)
		}
		idx, err := s.elem(decl, r)
		if err != nil {
			return nil, err
		}
		roots[r] = idx
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by devcoop/iati/internal/xsd from testdata/schema; DO NOT EDIT.\n\npackage %s\n\n", pkg)
	rn := make([]string, 0, len(roots))
	for r := range roots {
		rn = append(rn, r)
	}
	sort.Strings(rn)
	b.WriteString("const (\n")
	for _, r := range rn {
		fmt.Fprintf(&b, "\tsn%s = %d\n", goName(r), roots[r])
	}
	b.WriteString(")\n\n")
	b.WriteString("var schemaTable = [...]sElem{\n")
	for i, e := range s.elems {
		fmt.Fprintf(&b, "\t%d: {name: %q, path: %q, simple: %v, text: %s, anyAttr: %v, anyElem: %v,\n", i, e.Name, e.Path, e.Simple, kindNames[e.TextKind], e.AnyAttr, e.AnyElem)
		if len(e.Children) > 0 {
			b.WriteString("\t\tchildren: []sChild{")
			for _, c := range e.Children {
				fmt.Fprintf(&b, "{%q, %d, %d, %d}, ", c.Name, c.Node, c.Min, c.Max)
			}
			b.WriteString("},\n")
		}
		if len(e.Attrs) > 0 {
			b.WriteString("\t\tattrs: []sAttr{")
			for _, a := range e.Attrs {
				fmt.Fprintf(&b, "{%q, %v, %s, %v}, ", a.Name, a.XMLNS, kindNames[a.Kind], a.Required)
			}
			b.WriteString("},\n")
		}
		b.WriteString("\t},\n")
	}
	b.WriteString("}\n\n")
	maps, err := readMappings(mappingPath)
	if err != nil {
		return nil, err
	}
	b.WriteString(maps)
	return format.Source(b.Bytes())
}

func goName(s string) string {
	var b strings.Builder
	for _, p := range strings.Split(s, "-") {
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}
