package iati

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// FileKind says whether a file holds activities or organisations.
type FileKind int

// File kinds.
const (
	Activities FileKind = iota + 1
	Organisations
)

// String returns "activities", "organisations" or "unknown".
func (k FileKind) String() string {
	switch k {
	case Activities:
		return "activities"
	case Organisations:
		return "organisations"
	}
	return "unknown"
}

// Options tune a Reader. The zero value is usable.
type Options struct {
	// Now is the moment "actual dates in the future" are judged against;
	// the zero value means time.Now() when the reader is created.
	Now time.Time
	// DefaultLang is the language of narratives when neither they nor their
	// activity say (ISO 639-1, e.g. "en").
	DefaultLang string
	// MaxActivityBytes bounds the memory one activity (or one token) may
	// take; larger ones fail the file. 0 means 64 MB.
	MaxActivityBytes int
}

// Reader streams activities or organisations out of one IATI file. Only one
// activity is held in memory at a time.
type Reader struct {
	sc      *scanner
	name    string
	opt     Options
	kind    FileKind
	version string // as declared on the root ("" when absent)
	// bare is set when the root element is itself an iati-activity (or
	// iati-organisation): old files without a wrapper.
	bare      bool
	pending   *token // the bare root's start token, not yet collected
	pendAttrs []rawAttr
	done      bool
	tok       token

	converted  bool
	fileWarns  []Problem
	seen       map[string][2]int // identifier → line, column of its first use
	iatiNS     string            // namespace the root element is in, treated as IATI
	ns         []nsBinding
	events     []event
	evAttrs    []evAttr
	problems   []Problem // collected while building one tree
	dirty      bool      // the current activity has bytes XML forbids
	dirtyNoted bool
	rootLang   string          // xml:lang of the root element
	err        error           // the file error, once met
	raw        *countingReader // set when the input is transcoded
	bom        int64           // bytes of a UTF-8 BOM skipped
	lastLen    int             // bytes of the last record
	records    int
	open       []int
}

// recordBufs are the per-record scratch slices, reused across readers: an
// import opens thousands of small files, and growing these afresh for each
// costs more than reading some of them.
type recordBufs struct {
	events  []event
	evAttrs []evAttr
	open    []int
}

var recordPool sync.Pool

// release hands the scratch slices back once the file is done.
func (r *Reader) release() {
	if r.events == nil {
		return
	}
	recordPool.Put(&recordBufs{events: r.events[:0], evAttrs: r.evAttrs[:0], open: r.open[:0]})
	r.events, r.evAttrs, r.open = nil, nil, nil
}

type nsBinding struct{ prefix, uri string }

type event struct {
	kind      tokKind
	amp, cr   bool
	self      bool
	name      string
	a, b      int32 // start: attribute range in evAttrs; text: byte range in the activity
	line, col int32
	nchild    int32
}

type evAttr struct {
	name    string
	a, b    int32
	amp, ws bool
	xmlns   bool // a namespace declaration
}

// NewReader sniffs the encoding and the root element of an IATI file. It
// returns a *FileError when the input is not XML (empty, HTML, a
// spreadsheet…) or not IATI (another root element). name is used in
// messages only.
func NewReader(src io.Reader, name string, opt Options) (*Reader, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	cr := &countingReader{r: src}
	in, enc, err := sniff(cr, name)
	if err != nil {
		return nil, err
	}
	r := &Reader{sc: newScanner(in, name, opt.MaxActivityBytes), name: name, opt: opt, seen: map[string][2]int{}, raw: cr}
	if _, plain := in.(*byteMapReader); !plain {
		if _, u16 := in.(*utf16Reader); !u16 {
			r.raw = nil // UTF-8: the parse position is the better measure
		}
	}
	if enc == "UTF-8 BOM" {
		r.bom = 3
	}
	return r, r.start()
}

// start reads up to the root element and sets up the reader from it.
func (r *Reader) start() error {
	s := r.sc
	t := &r.tok
	for {
		if err := s.next(t); err != nil {
			return err
		}
		if t.kind == tDoctype {
			if d := strings.TrimSpace(string(s.bytes(t.textOff, t.textEnd))); len(d) >= 4 && strings.EqualFold(d[:4], "html") {
				return s.errAt(t.off, "not IATI: an HTML page")
			}
		}
		if t.kind == tStart {
			break
		}
	}
	prefix, local := splitName(t.name)
	switch local {
	case "iati-activities":
		r.kind = Activities
	case "iati-organisations":
		r.kind = Organisations
	case "iati-activity":
		r.kind, r.bare = Activities, true
	case "iati-organisation":
		r.kind, r.bare = Organisations, true
	default:
		if strings.EqualFold(local, "html") {
			return s.errAt(t.off, "not IATI: an HTML page")
		}
		return s.errAt(t.off, "not IATI: the root element is <%s>, not <iati-activities> or <iati-organisations>", t.name)
	}
	for _, a := range s.attrs[:t.nattr] {
		val := decodeAttr(string(s.bytes(a.valOff, a.valEnd)), a.amp, a.ws)
		switch {
		case a.name == "xmlns":
			r.ns = append(r.ns, nsBinding{"", val})
		case strings.HasPrefix(a.name, "xmlns:"):
			r.ns = append(r.ns, nsBinding{a.name[6:], val})
		case a.name == "version":
			r.version = strings.TrimSpace(val)
		case a.name == "xml:lang":
			// xml:lang is inherited: activities without their own are in it.
			r.rootLang = strings.TrimSpace(val)
		case a.name == "generated-datetime":
			if _, ok := parseDateTime(val); !ok {
				l, c := s.posAt(t.off)
				r.fileWarns = append(r.fileWarns, Problem{Code: "invalid-datetime", Message: fmt.Sprintf("generated-datetime %q is not an xs:dateTime", val), Path: "@generated-datetime", Line: l, Column: c})
			}
		}
	}
	r.iatiNS = r.lookupNS(prefix)
	if r.bare {
		// The root is the first (and only) record: collect it in Next.
		tc := *t
		r.pending = &tc
		r.pendAttrs = append([]rawAttr(nil), s.attrs[:t.nattr]...)
		s.hold = true
		s.keep = int(t.off - s.base)
		if t.selfClose {
			r.done = true
		}
		r.ns = r.ns[:0] // the root's declarations are collected with it
	}
	if !r.bare && r.version == "" {
		r.fileWarns = append(r.fileWarns, Problem{Code: "missing-version", Message: "the root element has no @version; read as 1.01", Line: 1, Column: 1})
	} else if r.version != "" && !knownVersion(r.version) {
		l, c := s.posAt(t.off)
		r.fileWarns = append(r.fileWarns, Problem{Code: "code-not-on-list", Message: fmt.Sprintf("version %q is not on the Version code list", r.version), Path: "@version", Line: l, Column: c})
	}
	if r.version != "" && isV1(r.version) {
		r.noteConverted(r.version)
	}
	return nil
}

func knownVersion(v string) bool {
	switch v {
	case "1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03":
		return true
	}
	return false
}

func isV1(v string) bool { return strings.HasPrefix(strings.TrimSpace(v), "1.") }

func (r *Reader) noteConverted(v string) {
	if r.converted {
		return
	}
	r.converted = true
	if v == "" {
		v = "1.0x (no version given)"
	}
	r.fileWarns = append(r.fileWarns, Problem{Code: "converted-1x", Message: "IATI " + v + " data converted to 2.03: text moved into <narrative>, letter codes mapped to numbers, values 2.03 has no place for kept in namespace " + NSNotInSchema, Line: 1, Column: 1})
}

// Kind says whether the file holds activities or organisations.
func (r *Reader) Kind() FileKind { return r.kind }

// Version returns the version declared on the root element, or "" when
// there is none.
func (r *Reader) Version() string { return r.version }

// Converted reports whether 1.0x activities have been converted so far.
func (r *Reader) Converted() bool { return r.converted }

// FileWarnings returns problems about the file as a whole (version, the
// 1.x conversion, stray elements between activities). It is complete once
// Next or NextOrganisation has returned io.EOF.
func (r *Reader) FileWarnings() []Problem { return r.fileWarns }

// BytesRead returns how much of the input has been consumed, in bytes of
// the file as given (for progress reporting). For UTF-8 it is the parse
// position; for transcoded encodings, what has been read from the source.
func (r *Reader) BytesRead() int64 {
	if r.raw != nil {
		return r.raw.n
	}
	return r.sc.abs(r.sc.pos) + r.bom
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ErrWrongKind is returned by Next on an organisation file and by
// NextOrganisation on an activity file.
var ErrWrongKind = errors.New("iati: wrong kind of file for this call")

// Next returns the next activity, io.EOF after the last one, or a
// *FileError when the file turns out not to be well-formed. An activity
// with an error (blank or duplicate identifier) is returned with Rejected
// set; reading goes on after it.
func (r *Reader) Next() (*Activity, error) {
	if r.kind != Activities {
		return nil, ErrWrongKind
	}
	root, err := r.nextRecord("iati-activity")
	if err != nil {
		return nil, err
	}
	return r.activity(root), nil
}

// activity finishes a record read by nextRecord.
func (r *Reader) activity(root *Element) *Activity {
	a := &Activity{Root: root, Line: root.Line, Column: root.Column, srcLen: r.lastLen}
	a.Problems = append(a.Problems, r.problems...)
	v := r.version
	if av, ok := root.LookupAttr("", "version"); ok && strings.TrimSpace(av) != "" {
		v = strings.TrimSpace(av)
	}
	conv := v == "" || isV1(v)
	if conv {
		r.noteConverted(v)
		convert1x(root)
	}
	opt := r.opt
	if r.rootLang != "" && !r.bare {
		opt.DefaultLang = r.rootLang
	}
	analyse(a, opt, conv)
	r.checkIdentifier(a)
	return a
}

// NextOrganisation returns the next organisation, io.EOF after the last, or
// a *FileError.
func (r *Reader) NextOrganisation() (*Organisation, error) {
	if r.kind != Organisations {
		return nil, ErrWrongKind
	}
	root, err := r.nextRecord("iati-organisation")
	if err != nil {
		return nil, err
	}
	o := &Organisation{Root: root, Line: root.Line, Column: root.Column}
	o.Problems = append(o.Problems, r.problems...)
	analyseOrganisation(o, r.opt)
	return o, nil
}

func (r *Reader) checkIdentifier(a *Activity) {
	if a.Identifier == "" {
		a.Rejected = true
		a.Problems = append(a.Problems, Problem{Severity: Error, Code: "blank-identifier", Message: "the activity has no iati-identifier", Path: "iati-identifier", Line: a.Line, Column: a.Column})
		return
	}
	line, col := a.Line, a.Column
	if id := a.Root.Child("iati-identifier"); id != nil {
		line, col = id.Line, id.Column
	}
	if first, ok := r.seen[a.Identifier]; ok {
		a.Rejected = true
		a.Problems = append(a.Problems, Problem{Severity: Error, Code: "duplicate-identifier",
			Message: fmt.Sprintf("identifier %q at %d:%d was already used at %d:%d", a.Identifier, line, col, first[0], first[1]),
			Path:    "iati-identifier", Line: line, Column: col})
		return
	}
	r.seen[strings.Clone(a.Identifier)] = [2]int{line, col}
}

// nextRecord finds the next child of the root called local and returns its
// tree; other children are skipped (foreign ones silently, IATI ones with a
// file warning).
func (r *Reader) nextRecord(local string) (*Element, error) {
	if r.err != nil {
		return nil, r.err // a file error is final: every later call repeats it
	}
	root, err := r.readRecord(local)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return root, err
}

func (r *Reader) readRecord(local string) (*Element, error) {
	r.problems = r.problems[:0]
	if r.pending != nil {
		t := r.pending
		r.pending = nil
		s := r.sc
		s.attrs = append(s.attrs[:0], r.pendAttrs...)
		return r.collect(t)
	}
	if r.done {
		return nil, io.EOF
	}
	s := r.sc
	t := &r.tok
	for {
		if err := s.next(t); err != nil {
			return nil, err
		}
		switch t.kind {
		case tEOF:
			r.done = true
			r.release()
			r.sc.release()
			if r.records == 0 {
				r.fileWarns = append(r.fileWarns, Problem{Code: "no-records", Message: "the file holds no " + local + " (IATI requires at least one)", Line: 1, Column: 1})
			}
			return nil, io.EOF
		case tStart:
			if len(s.stack) == 2 || (t.selfClose && len(s.stack) == 1) {
				prefix, name := splitName(t.name)
				if name == local && r.lookupNS(prefix) == r.iatiNS {
					return r.collect(t)
				}
				if prefix == "" {
					l, c := s.posAt(t.off)
					r.fileWarns = append(r.fileWarns, Problem{Code: "unknown-element", Message: fmt.Sprintf("<%s> between the records is not IATI; skipped", t.name), Line: l, Column: c})
				}
			}
		}
	}
}

func splitName(q string) (prefix, local string) {
	if i := strings.IndexByte(q, ':'); i >= 0 {
		return q[:i], q[i+1:]
	}
	return "", q
}

func (r *Reader) lookupNS(prefix string) string {
	if prefix == "xml" {
		return nsXML
	}
	for i := len(r.ns) - 1; i >= 0; i-- {
		if r.ns[i].prefix == prefix {
			return r.ns[i].uri
		}
	}
	return ""
}

// collect reads the element whose start token is t to its end, then turns
// its bytes into one string and builds the tree over it, so that most
// names, values and texts are substrings and cost no allocation.
func (r *Reader) collect(t *token) (*Element, error) {
	s := r.sc
	start := t.off
	s.hold = true
	s.keep = int(start - s.base)
	defer func() { s.hold = false }()
	if r.events == nil {
		if rb, ok := recordPool.Get().(*recordBufs); ok {
			r.events, r.evAttrs, r.open = rb.events, rb.evAttrs, rb.open
		}
	}
	r.events = r.events[:0]
	r.evAttrs = r.evAttrs[:0]
	open := r.open[:0]
	defer func() { r.open = open }()
	rel := func(off int64) int32 { return int32(off - start) }
	addStart := func(t *token) {
		l, c := s.posAt(t.off)
		e := event{kind: tStart, self: t.selfClose, name: t.name, a: int32(len(r.evAttrs)), line: int32(l), col: int32(c)}
		for _, a := range s.attrs[:t.nattr] {
			r.evAttrs = append(r.evAttrs, evAttr{name: a.name, a: rel(a.valOff), b: rel(a.valEnd), amp: a.amp, ws: a.ws,
				xmlns: len(a.name) >= 5 && a.name[:5] == "xmlns" && (len(a.name) == 5 || a.name[5] == ':')})
		}
		e.b = int32(len(r.evAttrs))
		if len(open) > 0 {
			r.events[open[len(open)-1]].nchild++
		}
		r.events = append(r.events, e)
		if !t.selfClose {
			open = append(open, len(r.events)-1)
		}
	}
	addStart(t)
	end := t.end
	for len(open) > 0 {
		if err := s.next(t); err != nil {
			return nil, err
		}
		switch t.kind {
		case tStart:
			addStart(t)
		case tEnd:
			open = open[:len(open)-1]
			r.events = append(r.events, event{kind: tEnd})
			end = t.end
		case tText, tCDATA:
			r.events = append(r.events, event{kind: t.kind, amp: t.amp && t.kind == tText, cr: t.cr, a: rel(t.textOff), b: rel(t.textEnd)})
		}
	}
	raw := s.bytes(start, end)
	r.lastLen = len(raw)
	r.records++
	r.dirty = !cleanXMLText(raw)
	r.dirtyNoted = false
	str := string(raw)
	return r.build(str), nil
}

// build turns the collected events into an element tree. Element structs,
// child slices and attributes each come from one allocation per record.
func (r *Reader) build(str string) *Element {
	nel, nkid, nat := 0, 0, 0
	for i := range r.events {
		e := &r.events[i]
		if e.kind == tStart {
			nel++
			nkid += int(e.nchild)
			nat += int(e.b - e.a)
		}
	}
	slab := make([]Element, nel)
	kids := make([]*Element, nkid)
	attrs := make([]Attr, 0, nat)
	type frame struct {
		el    *Element
		mark  int
		text  string
		multi bool
		sb    []byte
	}
	stack := make([]frame, 0, 16)
	var root *Element
	k := 0
	nsBase := len(r.ns)
	for i := range r.events {
		ev := &r.events[i]
		switch ev.kind {
		case tStart:
			el := &slab[k]
			k++
			el.Line, el.Column = int(ev.line), int(ev.col)
			mark := len(r.ns)
			evs := r.evAttrs[ev.a:ev.b]
			hasNS := false
			for _, a := range evs {
				hasNS = hasNS || a.xmlns
			}
			for _, a := range evs {
				if !hasNS {
					break
				}
				if a.xmlns {
					uri := decodeAttr(str[a.a:a.b], a.amp, a.ws)
					if r.dirty {
						uri = r.clean(uri, el, "")
					}
					p := ""
					if a.name != "xmlns" {
						p = r.cleanName(a.name[6:])
					}
					r.ns = append(r.ns, nsBinding{p, uri})
				}
			}
			prefix, local := splitName(r.cleanName(ev.name))
			el.Prefix, el.Name = prefix, local
			el.Space = r.resolve(prefix, el, "")
			a0 := len(attrs)
			for _, a := range evs {
				if a.xmlns {
					continue
				}
				p, l := splitName(r.cleanName(a.name))
				at := Attr{Prefix: p, Name: l}
				if p != "" {
					at.Space = r.resolve(p, el, a.name)
					if at.Space == r.iatiNS && r.iatiNS != "" {
						at.Space = ""
					}
				}
				at.Value = decodeAttr(str[a.a:a.b], a.amp, a.ws)
				if r.dirty {
					at.Value = r.clean(at.Value, el, a.name)
				}
				attrs = append(attrs, at)
			}
			el.Attrs = attrs[a0:len(attrs):len(attrs)]
			if ev.nchild > 0 {
				el.Children = kids[:0:ev.nchild]
				kids = kids[ev.nchild:]
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1].el
				p.Children = append(p.Children, el)
			} else {
				root = el
			}
			if ev.self {
				r.ns = r.ns[:mark]
			} else {
				stack = append(stack, frame{el: el, mark: mark})
			}
		case tEnd:
			f := &stack[len(stack)-1]
			txt := f.text
			if f.multi {
				txt = string(f.sb)
			}
			if len(f.el.Children) > 0 && isBlankString(txt) {
				txt = ""
			}
			if txt != "" && r.dirty {
				txt = r.clean(txt, f.el, "")
			}
			f.el.Text = txt
			r.ns = r.ns[:f.mark]
			stack = stack[:len(stack)-1]
		case tText, tCDATA:
			f := &stack[len(stack)-1]
			if ev.kind == tText && len(f.el.Children) > 0 || cap(f.el.Children) > 0 {
				// Indentation between child elements is not content.
				if isBlankString(str[ev.a:ev.b]) {
					continue
				}
			}
			var txt string
			if ev.kind == tCDATA {
				txt = str[ev.a:ev.b]
				if ev.cr {
					txt = normalizeNewlines(txt)
				}
			} else {
				txt = decodeText(str[ev.a:ev.b], ev.amp, ev.cr)
			}
			switch {
			case f.text == "" && !f.multi:
				f.text = txt
			case !f.multi:
				f.multi = true
				f.sb = append(append(f.sb, f.text...), txt...)
			default:
				f.sb = append(f.sb, txt...)
			}
		}
	}
	r.ns = r.ns[:nsBase]
	return root
}

// resolve maps a prefix to its namespace, warning about undeclared ones
// (kept as the prefix itself so nothing is lost).
func (r *Reader) resolve(prefix string, el *Element, attr string) string {
	if prefix == "" {
		if attr != "" {
			return ""
		}
		uri := r.lookupNS("")
		if uri == r.iatiNS {
			return ""
		}
		return uri
	}
	uri := r.lookupNS(prefix)
	if uri == "" {
		r.problems = append(r.problems, Problem{Code: "undeclared-prefix", Message: fmt.Sprintf("namespace prefix %q is not declared", prefix), Path: attrPath(el, attr), Line: el.Line, Column: el.Column})
		return prefix
	}
	if uri == r.iatiNS {
		return ""
	}
	return uri
}

// clean replaces bytes XML forbids (invalid UTF-8, control characters)
// when the record holds any, with one warning per record.
func (r *Reader) clean(s string, el *Element, attr string) string {
	if !r.dirty {
		return s
	}
	if cleanXMLText([]byte(s)) {
		return s
	}
	if !r.dirtyNoted {
		r.dirtyNoted = true
		r.problems = append(r.problems, Problem{Code: "invalid-character", Message: "text holds bytes that are not valid UTF-8 or control characters XML forbids; replaced by U+FFFD", Path: attrPath(el, attr), Line: el.Line, Column: el.Column})
	}
	var b strings.Builder
	for _, c := range s {
		if c == utf8.RuneError || !validChar(c) {
			b.WriteRune(utf8.RuneError)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// attrPath names an element, or one of its attributes, in a problem found
// while the tree is being built (before paths can be worked out).
func attrPath(el *Element, attr string) string {
	if attr == "" {
		return qname(el)
	}
	return qname(el) + "/@" + attr
}

func (r *Reader) cleanName(s string) string {
	if !r.dirty || utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cleanXMLText reports whether b is valid UTF-8 without the control
// characters XML 1.0 forbids. Eight bytes at a time for the common ASCII.
func cleanXMLText(b []byte) bool {
	const hi = 0x8080808080808080
	i := 0
	for i < len(b) {
		if i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			if x&hi == 0 && (x-0x2020202020202020)&^x&hi == 0 {
				i += 8
				continue
			}
		}
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || !validChar(r) {
			return false
		}
		i += n
	}
	return true
}

// decodeText resolves references and normalises line ends in text.
func decodeText(s string, amp, cr bool) string {
	if !amp && !cr {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r':
			b = append(b, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '&' && amp:
			j := strings.IndexByte(s[i:], ';')
			rn, _ := decodeRef([]byte(s[i+1 : i+j]))
			b = appendRef(b, rn)
			i += j
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func normalizeNewlines(s string) string { return decodeText(s, false, true) }

// decodeAttr resolves references and normalises whitespace in an attribute
// value as XML requires: literal tab, newline and CR become spaces (a CRLF
// pair one space); references to them are kept.
func decodeAttr(s string, amp, ws bool) string {
	if !amp && !ws {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r':
			b = append(b, ' ')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\n' || c == '\t':
			b = append(b, ' ')
		case c == '&' && amp:
			j := strings.IndexByte(s[i:], ';')
			rn, _ := decodeRef([]byte(s[i+1 : i+j]))
			b = appendRef(b, rn)
			i += j
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func appendRef(b []byte, r rune) []byte {
	if !validChar(r) {
		r = utf8.RuneError
	}
	return utf8.AppendRune(b, r)
}
