package iati

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"devcoop/money"
)

// XML returns the canonical IATI 2.03 form of the activity: one
// <iati-activity> element with its own namespace declarations, children in
// schema order, exact decimals in plain notation, and whatever 2.03 has no
// place for kept in namespace NSNotInSchema. The system stores this and
// concatenates fragments on export (see ActivityWriter). It is computed on
// the first call; change Root before that, not after. An activity made in
// code with a nil Root gets Root = Build(a) first.
func (a *Activity) XML() []byte {
	if a.Root == nil {
		a.Root = Build(a)
	}
	if a.xml == nil {
		a.xml = canonical(a.Root, snActivity, 1, a.srcLen)
	}
	return a.xml
}

// canonical writes e (declared by schema node node) as a fragment whose
// first line starts at the given indentation depth. Namespaces get their
// prefixes as they are first used, and their declarations are put into
// the top start tag at the end, which saves a second walk over the tree.
func canonical(e *Element, node int, depth int, sizeHint int) []byte {
	w := &xmlWriter{}
	w.b = make([]byte, 0, max(1024, sizeHint+sizeHint/8))
	w.element(e, node, depth, false, true)
	if len(w.order) == 0 {
		return w.b
	}
	var decls []byte
	for _, s := range w.order {
		decls = append(decls, " xmlns:"...)
		decls = append(decls, w.prefixes[s]...)
		decls = append(decls, `="`...)
		decls = appendEscAttr(decls, s)
		decls = append(decls, '"')
	}
	return slices.Insert(w.b, w.declAt, decls...)
}

type xmlWriter struct {
	b        []byte
	declAt   int               // where the top element's declarations go
	prefixes map[string]string // namespace → prefix
	taken    map[string]bool
	order    []string // namespaces in the order first used
}

// prefix returns the prefix of namespace space, giving it one (the
// source's hint when free) on first use.
func (w *xmlWriter) prefix(space, hint string) string {
	if p, ok := w.prefixes[space]; ok {
		return p
	}
	if w.prefixes == nil {
		w.prefixes, w.taken = map[string]string{}, map[string]bool{}
	}
	w.bind(space, hint)
	return w.prefixes[space]
}

// attrSpace returns the namespace an attribute is written in (undeclared
// attributes of IATI elements move to NSNotInSchema) and its declared kind.
func (w *xmlWriter) attrSpace(a *Attr, node int, foreign bool) (string, kind) {
	if foreign || node == noNode {
		return a.Space, kString
	}
	switch a.Space {
	case "":
		d, ok := attrDecl(node, a.Space, a.Name)
		if !ok {
			return NSNotInSchema, kString
		}
		return "", d.kind
	case nsXML:
		if _, ok := attrDecl(node, a.Space, a.Name); !ok && !schemaTable[node].anyAttr {
			return NSNotInSchema, kString
		}
	}
	return a.Space, kString
}

// attrAsChild reports whether a foreign attribute must be written as a
// <devcoop:attribute> child: the few IATI elements without
// xsd:anyAttribute (related-activity, legacy-data, condition, target,
// actual) still allow foreign child elements.
func attrAsChild(node int, foreign bool, space string) bool {
	if foreign || node == noNode || space == "" || space == nsXML {
		return false
	}
	sd := &schemaTable[node]
	return !sd.anyAttr && sd.anyElem
}

func (w *xmlWriter) bind(space, hint string) {
	if _, ok := w.prefixes[space]; ok {
		return
	}
	if space == NSNotInSchema && hint == "" {
		hint = "devcoop"
	}
	p := hint
	if p == "" || w.taken[p] || strings.HasPrefix(strings.ToLower(p), "xml") || !validPrefix(p) {
		for i := 1; ; i++ {
			p = "ns" + strconv.Itoa(i)
			if !w.taken[p] {
				break
			}
		}
	}
	w.prefixes[space] = p
	w.taken[p] = true
	w.order = append(w.order, space)
}

func validPrefix(p string) bool {
	if p == "" || !nameStart[p[0]] || p[0] == ':' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if !nameChar[p[i]] || p[i] == ':' {
			return false
		}
	}
	return true
}

func (w *xmlWriter) indent(depth int) {
	w.b = append(w.b, '\n')
	for i := 0; i < depth; i++ {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *xmlWriter) element(e *Element, node int, depth int, foreign, top bool) {
	space := e.Space
	if space == "" && !foreign && node == noNode {
		space = NSNotInSchema
	}
	if space != "" {
		foreign = true
		node = noNode
	}
	w.b = append(w.b, '<')
	if space != "" {
		w.b = append(w.b, w.prefix(space, e.Prefix)...)
		w.b = append(w.b, ':')
	}
	w.b = append(w.b, e.Name...)
	if top {
		w.declAt = len(w.b)
	}
	var moved []*Element
	for i := range e.Attrs {
		a := &e.Attrs[i]
		s, k := w.attrSpace(a, node, foreign)
		if attrAsChild(node, foreign, s) {
			m := &Element{Space: NSNotInSchema, Name: "attribute", Attrs: []Attr{{Name: "name", Value: a.Name}}, Text: a.Value}
			if a.Space == NSNotInSchema && a.Name == "text" {
				m = &Element{Space: NSNotInSchema, Name: "text", Text: a.Value}
			} else if a.Space != "" && a.Space != NSNotInSchema {
				m.Attrs = append(m.Attrs, Attr{Name: "namespace", Value: a.Space})
			}
			moved = append(moved, m)
			continue
		}
		w.b = append(w.b, ' ')
		switch s {
		case "":
		case nsXML:
			w.b = append(w.b, "xml:"...)
		default:
			w.b = append(w.b, w.prefix(s, a.Prefix)...)
			w.b = append(w.b, ':')
		}
		w.b = append(w.b, a.Name...)
		w.b = append(w.b, `="`...)
		v := a.Value
		if k == kDecimal {
			v = plainDecimal(v)
		}
		w.b = appendEscAttr(w.b, v)
		w.b = append(w.b, '"')
	}
	text := e.Text
	simple := foreign || node != noNode && schemaTable[node].simple
	if !simple {
		if text != "" && !isBlankString(text) && attrAsChild(node, foreign, NSNotInSchema) {
			moved = append(moved, &Element{Space: NSNotInSchema, Name: "text", Text: text})
		} else if text != "" && !isBlankString(text) {
			w.b = append(w.b, ' ')
			w.b = append(w.b, w.prefix(NSNotInSchema, "")...)
			w.b = append(w.b, `:text="`...)
			w.b = appendEscAttr(w.b, text)
			w.b = append(w.b, '"')
		}
		text = ""
	} else if node != noNode && schemaTable[node].text == kDecimal {
		text = plainDecimal(text)
	}
	if len(e.Children) == 0 && len(moved) == 0 && text == "" {
		w.b = append(w.b, "/>"...)
		return
	}
	w.b = append(w.b, '>')
	w.b = appendEscText(w.b, text)
	if len(e.Children) > 0 || len(moved) > 0 {
		kids := w.sorted(e, node, foreign)
		if len(moved) > 0 {
			kids = append(append([]*Element(nil), kids...), moved...)
		}
		for _, c := range kids {
			w.indent(depth + 1)
			cn := noNode
			if !foreign && c.Space == "" {
				if j := seqIndex(c, node); j >= 0 {
					cn = schemaTable[node].children[j].node
				}
			}
			w.element(c, cn, depth+1, foreign, false)
		}
		if text == "" {
			w.indent(depth)
		}
	}
	w.b = append(w.b, "</"...)
	if space != "" {
		w.b = append(w.b, w.prefix(space, "")...)
		w.b = append(w.b, ':')
	}
	w.b = append(w.b, e.Name...)
	w.b = append(w.b, '>')
}

// sorted returns the children of e in schema order; foreign and unknown
// elements go last (the XSD puts xsd:any at the end of every sequence),
// keeping their relative order.
func (w *xmlWriter) sorted(e *Element, node int, foreign bool) []*Element {
	if foreign || node == noNode {
		return e.Children
	}
	key := func(c *Element) int {
		if c.Space == "" {
			if j := seqIndex(c, node); j >= 0 {
				return j
			}
		}
		return 1 << 20
	}
	last := -1
	inOrder := true
	for _, c := range e.Children {
		k := key(c)
		if k < last {
			inOrder = false
			break
		}
		last = k
	}
	if inOrder {
		return e.Children
	}
	out := append([]*Element(nil), e.Children...)
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// seqIndex returns the position of IATI child c in the sequence of schema
// node, or -1, using the position validation cached when it still fits.
func seqIndex(c *Element, node int) int {
	if node == noNode {
		return -1
	}
	sd := &schemaTable[node]
	if c.si > 0 && int(c.si) <= len(sd.children) && sd.children[c.si-1].name == c.Name {
		return int(c.si) - 1
	}
	if j, ok := childIndex[node][c.Name]; ok {
		return j
	}
	return -1
}

// plainDecimal rewrites an exponent-form number in plain notation, exactly;
// anything else is returned as it is.
func plainDecimal(v string) string {
	if !strings.ContainsAny(v, "eE") {
		return v
	}
	d, exp, err := money.ParseExponent(v)
	if err != nil || !exp {
		return v
	}
	return d.String()
}

var (
	textSpecials = [...]byte{'&', '<', '>', '\r'}
	attrSpecials = [...]byte{'&', '<', '"', '\t', '\n', '\r'}
)

// specialAt returns i advanced past every 8-byte block of s that holds
// none of the bytes in set: the first place that may need escaping.
func specialAt(s string, i int, set []byte) int {
	const (
		ones = 0x0101010101010101
		hi   = 0x8080808080808080
	)
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		var m uint64
		for _, c := range set {
			y := x ^ (uint64(c) * ones)
			m |= (y - ones) &^ y
		}
		if m&hi != 0 {
			return i
		}
	}
	return i
}

func appendEscText(b []byte, s string) []byte {
	last := 0
	for i := specialAt(s, 0, textSpecials[:]); i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#13;"
		default:
			if (i+1)&7 == 0 {
				i = specialAt(s, i+1, textSpecials[:]) - 1
			}
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

func appendEscAttr(b []byte, s string) []byte {
	last := 0
	for i := specialAt(s, 0, attrSpecials[:]); i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '"':
			esc = "&quot;"
		case '\t':
			esc = "&#9;"
		case '\n':
			esc = "&#10;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// ActivityWriter writes an IATI 2.03 activity file, one activity at a time.
type ActivityWriter struct {
	w       *bufio.Writer
	started bool
	closed  bool
	gen     time.Time
	err     error
}

// NewActivityWriter returns a writer that stamps the file with generated.
func NewActivityWriter(w io.Writer, generated time.Time) *ActivityWriter {
	return &ActivityWriter{w: bufio.NewWriterSize(w, 64<<10), gen: generated}
}

func (aw *ActivityWriter) header() {
	if aw.started {
		return
	}
	aw.started = true
	aw.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<iati-activities version="2.03"`)
	if !aw.gen.IsZero() {
		aw.w.WriteString(` generated-datetime="` + aw.gen.UTC().Format(time.RFC3339) + `"`)
	}
	aw.w.WriteString(">\n")
}

// WriteXML writes one stored fragment as returned by Activity.XML.
func (aw *ActivityWriter) WriteXML(fragment []byte) error {
	if aw.err != nil {
		return aw.err
	}
	if aw.closed {
		return errors.New("iati: write after Close")
	}
	f := bytes.TrimSpace(fragment)
	if !bytes.HasPrefix(f, []byte("<iati-activity")) || len(f) > 14 && !(f[14] == ' ' || f[14] == '>' || f[14] == '/' || f[14] == '\n') {
		return errors.New("iati: fragment is not an <iati-activity> element")
	}
	aw.header()
	aw.w.WriteString("  ")
	aw.w.Write(f)
	_, aw.err = aw.w.WriteString("\n")
	return aw.err
}

// WriteActivity writes a in canonical form.
func (aw *ActivityWriter) WriteActivity(a *Activity) error { return aw.WriteXML(a.XML()) }

// Close ends the file and flushes it. A file with no activity still gets
// its root element (the XSD then wants at least one activity: the caller
// should not publish it).
func (aw *ActivityWriter) Close() error {
	if aw.closed {
		return aw.err
	}
	aw.header()
	aw.closed = true
	if aw.err != nil {
		return aw.err
	}
	aw.w.WriteString("</iati-activities>\n")
	aw.err = aw.w.Flush()
	return aw.err
}

// ParseActivityXML reads one stored <iati-activity> fragment (as written by
// Activity.XML) back into an Activity with the same typed fields and
// warnings. The fragment is taken as 2.03: no 1.x conversion applies.
func ParseActivityXML(b []byte) (*Activity, error) {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if err := checkStart(b, func(msg string) error { return &FileError{Path: "fragment", Line: 1, Column: 1, Message: msg} }); err != nil {
		return nil, err
	}
	r := &Reader{sc: newBytesScanner(b, "fragment"), name: "fragment", opt: Options{Now: time.Now()}, seen: map[string][2]int{}}
	if err := r.start(); err != nil {
		return nil, err
	}
	if r.kind != Activities || !r.bare {
		return nil, &FileError{Path: "fragment", Line: 1, Column: 1, Message: "not an <iati-activity> fragment"}
	}
	r.version = "2.03"
	r.fileWarns = nil
	a, err := r.Next()
	if err != nil {
		return nil, err
	}
	if _, err := r.Next(); err != io.EOF {
		if err == nil {
			err = &FileError{Path: "fragment", Line: 1, Column: 1, Message: "more than one activity in the fragment"}
		}
		return nil, err
	}
	a.xml = nil
	return a, nil
}
