package iati

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// sniff looks at the start of the input and returns a reader of UTF-8 text
// without BOM, the encoding it found, and a *FileError when the input is
// plainly not XML. The encodings XML allows and IATI publishers use are
// handled here without dependencies: UTF-8, ISO-8859-1 (and US-ASCII),
// ISO-8859-15, windows-1252 and UTF-16 in both byte orders.
func sniff(r io.Reader, name string) (io.Reader, string, error) {
	head := make([]byte, 1024)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, "", &FileError{Path: name, Line: 1, Column: 1, Message: "read error: " + err.Error()}
	}
	rest := io.MultiReader(bytes.NewReader(head), r)
	notXML := func(msg string) error { return &FileError{Path: name, Line: 1, Column: 1, Message: msg} }

	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		rest = io.MultiReader(bytes.NewReader(head[3:]), r)
		return rest, "UTF-8 BOM", checkStart(head[3:], notXML)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return &utf16Reader{src: io.MultiReader(bytes.NewReader(head[2:]), r)}, "UTF-16LE", nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return &utf16Reader{src: io.MultiReader(bytes.NewReader(head[2:]), r), be: true}, "UTF-16BE", nil
	case bytes.HasPrefix(head, []byte{'<', 0, '?', 0}):
		return &utf16Reader{src: rest}, "UTF-16LE", nil
	case bytes.HasPrefix(head, []byte{0, '<', 0, '?'}):
		return &utf16Reader{src: rest, be: true}, "UTF-16BE", nil
	}
	if err := checkStart(head, notXML); err != nil {
		return nil, "", err
	}
	enc := declaredEncoding(head)
	switch normEncoding(enc) {
	case "", "utf8":
		return rest, "UTF-8", nil
	case "iso88591", "latin1", "l1", "isolatin1", "usascii", "ascii", "iso646us", "cp819", "ibm819":
		return &byteMapReader{src: rest, table: &latin1}, enc, nil
	case "iso885915", "latin9":
		return &byteMapReader{src: rest, table: &latin9}, enc, nil
	case "windows1252", "cp1252":
		return &byteMapReader{src: rest, table: &cp1252}, enc, nil
	case "utf16", "utf16le", "utf16be":
		// Declared UTF-16 but the bytes are ASCII-compatible: the declaration
		// is wrong (a tool re-encoded the file); read what is there.
		return rest, "UTF-8", nil
	}
	return nil, "", notXML(fmt.Sprintf("unsupported encoding %q", enc))
}

func normEncoding(e string) string {
	e = strings.ToLower(e)
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(e)
}

// checkStart refuses inputs that cannot be XML, with a message saying what
// they look like instead.
func checkStart(head []byte, notXML func(string) error) error {
	t := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(head) == 0:
		return notXML("empty file")
	case len(t) == 0:
		return notXML("file holds only whitespace")
	case bytes.HasPrefix(t, []byte("PK\x03\x04")):
		return notXML("not XML: a ZIP archive (an .xlsx spreadsheet or .docx saved as .xml?)")
	case bytes.HasPrefix(t, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return notXML("not XML: an old Office file (.xls or .doc)")
	case bytes.HasPrefix(t, []byte("%PDF")):
		return notXML("not XML: a PDF file")
	case t[0] == '{' || t[0] == '[':
		return notXML("not XML: looks like JSON")
	case t[0] != '<':
		line := t
		if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
			line = line[:i]
		}
		if len(line) > 40 {
			line = line[:40]
		}
		if bytes.Count(line, []byte(",")) >= 2 || bytes.Count(line, []byte("\t")) >= 2 {
			return notXML(fmt.Sprintf("not XML: looks like a CSV or tab-separated file (%q)", line))
		}
		return notXML(fmt.Sprintf("not XML: starts with %q", line))
	}
	return nil
}

// declaredEncoding returns the encoding pseudo-attribute of an XML
// declaration at the start of head, or "".
func declaredEncoding(head []byte) string {
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := head[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	d := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(d) == 0 || d[0] != '=' {
		return ""
	}
	d = bytes.TrimLeft(d[1:], " \t\r\n")
	if len(d) == 0 || (d[0] != '"' && d[0] != '\'') {
		return ""
	}
	q := d[0]
	j := bytes.IndexByte(d[1:], q)
	if j < 0 {
		return ""
	}
	return string(d[1 : 1+j])
}

// byteMapReader decodes a single-byte encoding into UTF-8.
type byteMapReader struct {
	src   io.Reader
	table *[256]rune
	in    []byte
}

var latin1, latin9, cp1252 [256]rune

func init() {
	for i := range latin1 {
		latin1[i] = rune(i)
	}
	latin9 = latin1
	for b, r := range map[int]rune{0xA4: '€', 0xA6: 'Š', 0xA8: 'š', 0xB4: 'Ž', 0xB8: 'ž', 0xBC: 'Œ', 0xBD: 'œ', 0xBE: 'Ÿ'} {
		latin9[b] = r
	}
	cp1252 = latin1
	hi := []rune("€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ")
	for i, r := range hi {
		cp1252[0x80+i] = r
	}
}

func (m *byteMapReader) Read(p []byte) (int, error) {
	if len(p) < 8 {
		return 0, io.ErrShortBuffer
	}
	want := len(p) / 3 // each byte becomes at most 3 bytes of UTF-8
	if cap(m.in) < want {
		m.in = make([]byte, want)
	}
	in := m.in[:want]
	n, err := m.src.Read(in)
	o := 0
	for _, c := range in[:n] {
		if c < 0x80 {
			p[o] = c
			o++
			continue
		}
		o += utf8.EncodeRune(p[o:], m.table[c])
	}
	return o, err
}

// utf16Reader decodes UTF-16 into UTF-8. Unpaired surrogates become U+FFFD.
type utf16Reader struct {
	src   io.Reader
	be    bool
	in    []byte
	carry []byte // an odd byte or a high surrogate left from the last read
	err   error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	if len(p) < 16 {
		return 0, io.ErrShortBuffer
	}
	for {
		if u.err != nil && len(u.carry) == 0 {
			return 0, u.err
		}
		want := (len(p)/2)&^1 + 0 // two input bytes make at most three output bytes
		if cap(u.in) < want+4 {
			u.in = make([]byte, want+4)
		}
		in := append(u.in[:0], u.carry...)
		u.carry = u.carry[:0]
		n := 0
		if u.err == nil {
			n, u.err = u.src.Read(in[len(in):want])
		}
		in = in[:len(in)+n]
		o := 0
		i := 0
		for ; i+1 < len(in); i += 2 {
			r := u.unit(in[i:])
			if r >= 0xD800 && r < 0xDC00 {
				if i+3 >= len(in) {
					if u.err == nil {
						break // wait for the low surrogate
					}
					r = utf8.RuneError
				} else if r2 := u.unit(in[i+2:]); r2 >= 0xDC00 && r2 < 0xE000 {
					r = (r-0xD800)<<10 + (r2 - 0xDC00) + 0x10000
					i += 2
				} else {
					r = utf8.RuneError
				}
			} else if r >= 0xDC00 && r < 0xE000 {
				r = utf8.RuneError
			}
			o += utf8.EncodeRune(p[o:], r)
		}
		if i < len(in) {
			if u.err != nil && len(in)-i == 1 {
				o += utf8.EncodeRune(p[o:], utf8.RuneError) // odd trailing byte
			} else {
				u.carry = append(u.carry, in[i:]...)
			}
		}
		if o > 0 || (u.err != nil && len(u.carry) == 0) {
			if o > 0 {
				return o, nil
			}
			return 0, u.err
		}
	}
}

func (u *utf16Reader) unit(b []byte) rune {
	if u.be {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}
