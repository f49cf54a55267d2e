package iati

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// The scanner is a byte-level XML tokenizer. encoding/xml is too slow for
// whole-corpus imports (about a third of the target speed here), and it does
// not report columns. This one checks well-formedness (names, quoting, tag
// nesting, entity references, one root), never expands entities beyond the
// five predefined ones and character references, skips DOCTYPE internal
// subsets without reading them, and tracks line and column lazily.
//
// Tokens refer to absolute stream offsets. The buffer keeps every byte from
// s.keep on, so the reader can hold a whole activity and turn it into one
// string at the end.

type tokKind uint8

const (
	tEOF tokKind = iota
	tStart
	tEnd
	tText
	tCDATA
	tComment
	tPI
	tDoctype
)

// token is one lexical item. off/end span the whole token; for text and
// CDATA, textOff/textEnd span the content.
type token struct {
	kind             tokKind
	selfClose        bool
	amp, cr          bool // text holds '&' / '\r'
	name             string
	off, end         int64
	textOff, textEnd int64
	nattr            int // attributes are s.attrs[:nattr]
}

type rawAttr struct {
	name           string
	valOff, valEnd int64
	amp, ws        bool // value holds '&' / tab, newline or CR
}

const (
	defaultMaxBytes = 64 << 20 // one activity (or token) held in memory at most
	maxDepth        = 256      // IATI nests about 8 deep
	maxAttrs        = 512
	minRead         = 64 << 10
	maxInterned     = 4096
)

var errMore = errors.New("need more input")

type scanner struct {
	src      io.Reader
	name     string // file name for errors
	buf      []byte
	base     int64 // stream offset of buf[0]
	pos      int   // next unread index
	keep     int   // bytes before buf[keep] may be dropped
	hold     bool  // the reader is collecting an activity: keep is fixed
	pooled   bool  // buf came from bufPool
	eof      bool
	maxBytes int
	attrs    []rawAttr

	// well-formedness state
	stack      []string
	rootSeen   bool
	rootClosed bool
	started    bool // any token read: an XML declaration is only valid first

	// lazy position tracking: line and column of stream offset tOff
	tOff        int64
	tLine, tCol int

	intern map[string]string
	cache  [512]string
}

func newScanner(src io.Reader, name string, maxBytes int) *scanner {
	if maxBytes <= 0 {
		maxBytes = defaultMaxBytes
	}
	var buf []byte
	if p, ok := bufPool.Get().(*[]byte); ok {
		buf = *p
	} else {
		buf = make([]byte, 0, 256<<10)
	}
	return &scanner{src: src, name: name, buf: buf[:0], pooled: true, maxBytes: maxBytes, tLine: 1, tCol: 1, intern: make(map[string]string, 64)}
}

// bufPool holds input buffers of finished files. No string or element
// points into them (records are copied out), so reuse is safe.
var bufPool sync.Pool

// release returns the buffer to the pool once the input is exhausted.
func (s *scanner) release() {
	if s.pooled && cap(s.buf) <= 4<<20 {
		b := s.buf[:0]
		bufPool.Put(&b)
	}
	s.pooled = false
	s.buf = nil
}

// newBytesScanner scans b in place: all input is there, so fill never
// moves or grows the buffer, and b is never written to.
func newBytesScanner(b []byte, name string) *scanner {
	return &scanner{name: name, buf: b[:len(b):len(b)], eof: true, maxBytes: len(b) + 1, tLine: 1, tCol: 1, intern: make(map[string]string, 64)}
}

func (s *scanner) abs(i int) int64 { return s.base + int64(i) }

// bytes returns the stream bytes [off, end), which must still be buffered.
func (s *scanner) bytes(off, end int64) []byte { return s.buf[off-s.base : end-s.base] }

// track moves the position tracker to off.
func (s *scanner) track(off int64) {
	if off <= s.tOff {
		return
	}
	if off > s.abs(len(s.buf)) {
		off = s.abs(len(s.buf))
	}
	b := s.buf[s.tOff-s.base : off-s.base]
	if n := bytes.Count(b, []byte{'\n'}); n > 0 {
		s.tLine += n
		i := bytes.LastIndexByte(b, '\n')
		s.tCol = 1 + utf8.RuneCount(b[i+1:])
	} else {
		s.tCol += utf8.RuneCount(b)
	}
	s.tOff = off
}

// posAt returns line and column of off. Offsets must be asked for in
// increasing order (they are: the scanner only moves forward).
func (s *scanner) posAt(off int64) (int, int) {
	s.track(off)
	return s.tLine, s.tCol
}

func (s *scanner) errAt(off int64, format string, args ...any) *FileError {
	l, c := s.posAt(off)
	return &FileError{Path: s.name, Line: l, Column: c, Message: fmt.Sprintf(format, args...)}
}

// fill reads more input, dropping bytes before keep and growing the buffer
// geometrically so a token restarted after a fill costs amortised O(1).
func (s *scanner) fill() error {
	if s.eof {
		return io.EOF
	}
	if s.keep > 0 {
		s.track(s.abs(s.keep))
		n := copy(s.buf, s.buf[s.keep:])
		s.buf = s.buf[:n]
		s.base += int64(s.keep)
		s.pos -= s.keep
		s.keep = 0
	}
	need := max(minRead, len(s.buf))
	if len(s.buf)+need > s.maxBytes {
		need = s.maxBytes - len(s.buf)
		if need < 4096 { // decoders need room; this close to the limit, stop
			return s.errAt(s.abs(0), "more than %d MB in one activity or token; refusing to hold it in memory", s.maxBytes>>20)
		}
	}
	if cap(s.buf)-len(s.buf) < need {
		nb := make([]byte, len(s.buf), len(s.buf)+need)
		copy(nb, s.buf)
		s.buf = nb
	}
	n, err := io.ReadFull(s.src, s.buf[len(s.buf):len(s.buf)+need])
	s.buf = s.buf[:len(s.buf)+n]
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		s.eof = true
	default:
		var fe *FileError
		if errors.As(err, &fe) {
			return fe
		}
		return &FileError{Path: s.name, Line: s.tLine, Column: s.tCol, Message: "read error: " + err.Error()}
	}
	return nil
}

func (s *scanner) internBytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	// A small direct-mapped cache in front of the map: IATI uses a few
	// dozen names over and over.
	h := (uint(len(b))*131 + uint(b[0])*31 + uint(b[len(b)-1])*7 + uint(b[len(b)/2])) & uint(len(s.cache)-1)
	if c := s.cache[h]; c == string(b) {
		return c
	}
	if v, ok := s.intern[string(b)]; ok {
		s.cache[h] = v
		return v
	}
	v := string(b)
	if len(s.intern) < maxInterned && len(b) < 128 {
		s.intern[v] = v
	}
	return v
}

// next reads the next token, checking nesting and what may stand outside
// the root element.
func (s *scanner) next(t *token) error {
	if !s.hold {
		s.keep = s.pos
	}
	for {
		err := s.scan(t)
		if err == nil {
			break
		}
		if err != errMore {
			return err
		}
		if err := s.fill(); err != nil {
			if err == io.EOF {
				continue // scan reports the truncation itself now that eof is set
			}
			return err
		}
	}
	first := !s.started
	s.started = true
	switch t.kind {
	case tStart:
		if len(s.stack) == 0 {
			if s.rootClosed {
				return s.errAt(t.off, "content after the end of the root element: <%s>", t.name)
			}
			s.rootSeen = true
		}
		if !t.selfClose {
			if len(s.stack) >= maxDepth {
				return s.errAt(t.off, "elements nested more than %d deep", maxDepth)
			}
			s.stack = append(s.stack, t.name)
		} else if len(s.stack) == 0 {
			s.rootClosed = true
		}
	case tEnd:
		if len(s.stack) == 0 {
			return s.errAt(t.off, "end tag </%s> without a start tag", t.name)
		}
		open := s.stack[len(s.stack)-1]
		if open != t.name {
			return s.errAt(t.off, "end tag </%s> does not match <%s>", t.name, open)
		}
		s.stack = s.stack[:len(s.stack)-1]
		if len(s.stack) == 0 {
			s.rootClosed = true
		}
	case tText, tCDATA:
		if len(s.stack) == 0 {
			if t.kind == tCDATA || !isBlank(s.bytes(t.off, t.end)) {
				b := s.bytes(t.off, t.end)
				off := t.off + int64(len(b)-len(bytes.TrimLeft(b, " \t\r\n")))
				if !s.rootSeen {
					return s.errAt(off, "text before the root element")
				}
				return s.errAt(off, "text after the root element")
			}
		}
	case tPI:
		if t.name == "xml" && !first {
			return s.errAt(t.off, "XML declaration not at the start of the file")
		}
	case tDoctype:
		if s.rootSeen {
			return s.errAt(t.off, "DOCTYPE after the root element")
		}
	case tEOF:
		if len(s.stack) > 0 {
			return s.errAt(t.off, "unexpected end of file: <%s> is not closed", s.stack[len(s.stack)-1])
		}
		if !s.rootSeen {
			return s.errAt(t.off, "no root element")
		}
	}
	return nil
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

var (
	nameStart [256]bool
	nameChar  [256]bool
	attrMark  [256]bool // bytes that need a closer look inside attribute values
)

func init() {
	for c := 0; c < 256; c++ {
		b := byte(c)
		start := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == ':' || b >= 0x80
		nameStart[c] = start
		nameChar[c] = start || b >= '0' && b <= '9' || b == '-' || b == '.'
	}
	for _, c := range "<&\t\n\r" {
		attrMark[c] = true
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// more says a token starting at off runs past the buffer: ask for input, or
// fail at end of file.
func (s *scanner) more(off int64, what string) error {
	if !s.eof {
		return errMore
	}
	return s.errAt(s.abs(len(s.buf)), "unexpected end of file inside %s", what)
}

func (s *scanner) scan(t *token) error {
	b := s.buf
	i := s.pos
	*t = token{}
	if i >= len(b) {
		if !s.eof {
			return errMore
		}
		t.kind = tEOF
		t.off, t.end = s.abs(i), s.abs(i)
		return nil
	}
	if b[i] != '<' {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			if !s.eof {
				return errMore
			}
			j = len(b) - i
		}
		text := b[i : i+j]
		t.kind = tText
		t.off, t.end = s.abs(i), s.abs(i+j)
		t.textOff, t.textEnd = t.off, t.end
		t.cr = bytes.IndexByte(text, '\r') >= 0
		if bytes.IndexByte(text, '&') >= 0 {
			t.amp = true
			if err := s.checkRefs(text, t.off); err != nil {
				return err
			}
		}
		if bytes.IndexByte(text, '>') >= 0 && bytes.Contains(text, []byte("]]>")) {
			return s.errAt(t.off+int64(bytes.Index(text, []byte("]]>"))), "']]>' is not allowed in text")
		}
		s.pos = i + j
		return nil
	}
	off := s.abs(i)
	if i+1 >= len(b) {
		return s.more(off, "a tag")
	}
	switch b[i+1] {
	case '/':
		k := i + 2
		e := scanName(b, k)
		if e >= len(b) {
			return s.more(off, "an end tag")
		}
		if e == k {
			return s.errAt(s.abs(k), "invalid end tag name starting with %q", b[k])
		}
		name := b[k:e]
		if !validQName(name) {
			return s.errAt(s.abs(k), "invalid name %q (namespace prefixes need a name on both sides of one colon)", name)
		}
		for e < len(b) && isSpace(b[e]) {
			e++
		}
		if e >= len(b) {
			return s.more(off, "an end tag")
		}
		if b[e] != '>' {
			return s.errAt(s.abs(e), "expected '>' to close </%s>, found %q", name, b[e])
		}
		t.kind = tEnd
		t.name = s.internBytes(name)
		t.off, t.end = off, s.abs(e+1)
		s.pos = e + 1
		return nil
	case '?':
		k := i + 2
		e := scanName(b, k)
		if e >= len(b) {
			return s.more(off, "a processing instruction")
		}
		if e == k {
			return s.errAt(s.abs(k), "invalid processing instruction target")
		}
		target := b[k:e]
		j := bytes.Index(b[e:], []byte("?>"))
		if j < 0 {
			return s.more(off, "a processing instruction")
		}
		t.kind = tPI
		if len(target) == 3 && (target[0]|0x20) == 'x' && (target[1]|0x20) == 'm' && (target[2]|0x20) == 'l' {
			t.name = "xml"
		} else {
			t.name = s.internBytes(target)
		}
		t.off, t.end = off, s.abs(e+j+2)
		t.textOff, t.textEnd = s.abs(e), s.abs(e+j)
		s.pos = e + j + 2
		return nil
	case '!':
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := bytes.Index(rest[4:], []byte("-->"))
			if j < 0 {
				return s.more(off, "a comment")
			}
			t.kind = tComment
			t.off, t.end = off, s.abs(i+4+j+3)
			s.pos = i + 4 + j + 3
			return nil
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			if len(s.stack) == 0 {
				return s.errAt(off, "CDATA section outside the root element")
			}
			j := bytes.Index(rest[9:], []byte("]]>"))
			if j < 0 {
				return s.more(off, "a CDATA section")
			}
			t.kind = tCDATA
			t.off, t.end = off, s.abs(i+9+j+3)
			t.textOff, t.textEnd = s.abs(i+9), s.abs(i+9+j)
			t.cr = bytes.IndexByte(rest[9:9+j], '\r') >= 0
			s.pos = i + 9 + j + 3
			return nil
		case bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
			e, err := s.scanDoctype(i)
			if err != nil {
				return err
			}
			t.kind = tDoctype
			t.off, t.end = off, s.abs(e)
			t.textOff, t.textEnd = s.abs(i+9), s.abs(e-1)
			s.pos = e
			return nil
		case len(rest) < 9 && !s.eof:
			return errMore
		}
		return s.errAt(off, "unexpected '<!'")
	}
	return s.scanStart(i, t)
}

// validQName reports whether a name is namespace-well-formed: no colon at
// either end and at most one inside.
func validQName(b []byte) bool {
	i := bytes.IndexByte(b, ':')
	if i < 0 {
		return true
	}
	return i > 0 && i < len(b)-1 && bytes.IndexByte(b[i+1:], ':') < 0
}

func scanName(b []byte, k int) int {
	if k >= len(b) || !nameStart[b[k]] {
		return k
	}
	k++
	for k < len(b) && nameChar[b[k]] {
		k++
	}
	return k
}

func (s *scanner) scanDoctype(i int) (int, error) {
	b := s.buf
	depth := 0
	var quote byte
	for k := i + 9; k < len(b); k++ {
		c := b[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return k + 1, nil
		}
	}
	return 0, s.more(s.abs(i), "the DOCTYPE")
}

func (s *scanner) scanStart(i int, t *token) error {
	b := s.buf
	off := s.abs(i)
	k := i + 1
	e := scanName(b, k)
	if e >= len(b) {
		return s.more(off, "a start tag")
	}
	if e == k {
		return s.errAt(s.abs(k), "invalid element name starting with %q", b[k])
	}
	name := b[k:e]
	if !validQName(name) {
		return s.errAt(s.abs(k), "invalid name %q (namespace prefixes need a name on both sides of one colon)", name)
	}
	k = e
	s.attrs = s.attrs[:0]
	for {
		ws := k
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k >= len(b) {
			return s.more(off, "<"+string(name)+">")
		}
		c := b[k]
		if c == '>' {
			k++
			break
		}
		if c == '/' {
			if k+1 >= len(b) {
				return s.more(off, "<"+string(name)+">")
			}
			if b[k+1] != '>' {
				return s.errAt(s.abs(k+1), "expected '>' after '/' in <%s>", name)
			}
			t.selfClose = true
			k += 2
			break
		}
		if ws == k {
			return s.errAt(s.abs(k), "expected whitespace, '>' or '/>' in <%s>, found %q", name, c)
		}
		an := k
		ae := scanName(b, k)
		if ae >= len(b) {
			return s.more(off, "<"+string(name)+">")
		}
		if ae == an {
			return s.errAt(s.abs(k), "invalid attribute name starting with %q in <%s>", c, name)
		}
		if !validQName(b[an:ae]) {
			return s.errAt(s.abs(an), "invalid attribute name %q (namespace prefixes need a name on both sides of one colon)", b[an:ae])
		}
		k = ae
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k >= len(b) {
			return s.more(off, "<"+string(name)+">")
		}
		if b[k] != '=' {
			return s.errAt(s.abs(an), "attribute %s has no value", b[an:ae])
		}
		k++
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k >= len(b) {
			return s.more(off, "<"+string(name)+">")
		}
		q := b[k]
		if q != '"' && q != '\'' {
			return s.errAt(s.abs(k), "value of attribute %s is not quoted", b[an:ae])
		}
		k++
		j := bytes.IndexByte(b[k:], q)
		if j < 0 {
			return s.more(off, "<"+string(name)+">")
		}
		val := b[k : k+j]
		a := rawAttr{valOff: s.abs(k), valEnd: s.abs(k + j)}
		for x, vc := range val {
			if !attrMark[vc] {
				continue
			}
			switch vc {
			case '<':
				return s.errAt(s.abs(k+x), "'<' in the value of attribute %s", b[an:ae])
			case '&':
				a.amp = true
			default:
				a.ws = true
			}
		}
		if a.amp {
			if err := s.checkRefs(val, a.valOff); err != nil {
				return err
			}
		}
		if len(s.attrs) >= maxAttrs {
			return s.errAt(off, "more than %d attributes on <%s>", maxAttrs, name)
		}
		a.name = s.internBytes(b[an:ae])
		for _, o := range s.attrs {
			if o.name == a.name {
				return s.errAt(s.abs(an), "attribute %s appears twice in <%s>", a.name, name)
			}
		}
		s.attrs = append(s.attrs, a)
		k += j + 1
	}
	t.kind = tStart
	t.name = s.internBytes(name)
	t.off, t.end = off, s.abs(k)
	t.nattr = len(s.attrs)
	s.pos = k
	return nil
}

// checkRefs verifies every '&' in b starts a predefined entity or a
// character reference. Anything else (including entities a DOCTYPE might
// declare) is refused: they are never expanded.
func (s *scanner) checkRefs(b []byte, off int64) error {
	for i := 0; i < len(b); i++ {
		if b[i] != '&' {
			continue
		}
		j := bytes.IndexByte(b[i:], ';')
		if j < 0 || j > 12 {
			return s.errAt(off+int64(i), "'&' not followed by an entity reference (write &amp;)")
		}
		ref := b[i+1 : i+j]
		if _, ok := decodeRef(ref); !ok {
			return s.errAt(off+int64(i), "undefined entity &%s;", ref)
		}
		i += j
	}
	return nil
}

// decodeRef resolves the name between '&' and ';'. Character references to
// code points XML forbids are accepted here and replaced when the text is
// decoded, with a warning, rather than failing the whole file.
func decodeRef(ref []byte) (rune, bool) {
	switch string(ref) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	var r rune
	digits := ref[1:]
	base := rune(10)
	if digits[0] == 'x' {
		base = 16
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 8 {
		return 0, false
	}
	for _, c := range digits {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*base + d
	}
	return r, true
}

// validChar reports whether XML 1.0 allows r in a document.
func validChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF, r > 0x10FFFF:
		return false
	}
	return true
}
