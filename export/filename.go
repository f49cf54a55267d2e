package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const maxFilename = 120 // bytes; well under every file system's limit

// SafeFilename turns a title such as "Côte d'Ivoire: workplan 2026/27.xlsx"
// into a plain ASCII file name, "Cote-d-Ivoire-workplan-2026-27.xlsx", that
// every browser and file system accepts. Accents are dropped, anything other
// than letters, digits, '.', '_' and '-' becomes '-', the extension is kept,
// and a name left empty becomes "export".
func SafeFilename(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // the accent of a decomposed letter
		}
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			continue
		}
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_'):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	name := collapse(b.String(), '-')
	name = collapse(name, '.')
	base, ext := splitExt(name)
	base = strings.Trim(base, "-._")
	if base == "" {
		base = "export"
	}
	if reservedName(base) {
		base += "_"
	}
	if len(base)+len(ext) > maxFilename {
		base = strings.TrimRight(base[:maxFilename-len(ext)], "-._")
	}
	return base + ext
}

// ContentDisposition returns a Content-Disposition header value that
// offers the download as filename: the ASCII SafeFilename for old clients
// and the UTF-8 name (RFC 6266, RFC 8187) for the rest, so a user saves
// "Côte d'Ivoire workplan.pdf" with its accents.
func ContentDisposition(filename string) string {
	safe := SafeFilename(filename)
	v := `attachment; filename="` + safe + `"`
	if u := utf8Filename(filename); u != "" && u != safe {
		v += "; filename*=UTF-8''" + pctEncode(u)
	}
	return v
}

// utf8Filename keeps the user's characters but drops what no file system
// or header should carry.
func utf8Filename(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0x7f, r == '\u2028', r == '\u2029':
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '-'
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.Trim(strings.Join(strings.Fields(s), " "), " .")
	for len(s) > maxFilename {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// pctEncode escapes everything but RFC 8187's attr-char.
func pctEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// splitExt separates a short extension such as ".xlsx".
func splitExt(name string) (string, string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || len(name)-i > 10 || len(name)-i < 2 {
		return name, ""
	}
	ext := name[i:]
	if strings.ContainsAny(ext[1:], "-_") {
		return name, ""
	}
	return name[:i], ext
}

func collapse(s string, c byte) string {
	double := string([]byte{c, c})
	for strings.Contains(s, double) {
		s = strings.ReplaceAll(s, double, string(c))
	}
	return s
}

// reservedName reports the device names Windows will not save a file as.
func reservedName(base string) bool {
	u := strings.ToUpper(base)
	switch u {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) && u[3] >= '1' && u[3] <= '9'
}

// fold spells letters that do not decompose into a base letter and an
// accent.
var fold = map[rune]string{
	'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ø': "o", 'Ø': "O", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'ł': "l", 'Ł': "L", 'þ': "th", 'Þ': "Th", 'ı': "i", 'ħ': "h", 'Ħ': "H",
}
