package iati

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"devcoop/money"
)

// activity returns a clean 2.03 activity with the given extra attributes on
// iati-activity and body after activity-date (where most elements go in
// schema order).
func activity(id, attrs, body string) string {
	if attrs == "" {
		attrs = `default-currency="USD" xml:lang="en"`
	}
	return `<iati-activity ` + attrs + `>
  <iati-identifier>` + id + `</iati-identifier>
  <reporting-org ref="XM-DAC-41302" type="40"><narrative>ILO</narrative></reporting-org>
  <title><narrative>Skills</narrative><narrative xml:lang="fr">Compétences</narrative></title>
  <description><narrative>Text</narrative></description>
  <participating-org role="1" ref="XM-DAC-41302" type="40"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
` + body + `
 </iati-activity>`
}

func file(acts ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2025-01-31T12:00:00Z">
 ` + strings.Join(acts, "\n ") + `
</iati-activities>
`
}

// parse reads every activity of src; it stops at the first error.
func parse(t *testing.T, src string) (*Reader, []*Activity, error) {
	t.Helper()
	r, err := NewReader(strings.NewReader(src), "test.xml", Options{Now: testNow, DefaultLang: "en"})
	if err != nil {
		return nil, nil, err
	}
	var acts []*Activity
	for {
		a, err := r.Next()
		if err == io.EOF {
			return r, acts, nil
		}
		if err != nil {
			return r, acts, err
		}
		acts = append(acts, a)
	}
}

// at returns the 1-based line and character column of the first
// occurrence of needle in src, the way the reader counts them.
func at(t *testing.T, src, needle string) (int, int) {
	t.Helper()
	i := strings.Index(src, needle)
	if i < 0 {
		t.Fatalf("marker %q not in the input", needle)
	}
	before := src[:i]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

func TestCleanActivityHasNoProblems(t *testing.T) {
	src := file(activity("XM-DAC-41302-P1", "", `  <recipient-country code="KE" percentage="60"/>
  <recipient-country code="UG" percentage="40"/>
  <sector vocabulary="1" code="16020" percentage="100"/>
  <sector vocabulary="99" code="OWN-1" percentage="100"/>
  <budget type="1" status="2"><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value value-date="2024-01-01">1200000</value></budget>
  <transaction><transaction-type code="11"/><transaction-date iso-date="2023-12-01"/><value value-date="2023-12-01">3000000</value></transaction>`))
	r, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || len(acts[0].Problems) != 0 || len(r.FileWarnings()) != 0 {
		t.Fatalf("want one clean activity, got %d: %v %v", len(acts), acts[0].Problems, r.FileWarnings())
	}
	a := acts[0]
	if a.Identifier != "XM-DAC-41302-P1" || a.Title != "Skills" || a.ReportingOrg.Name != "ILO" || a.Status != "2" {
		t.Errorf("typed fields: %+v", a)
	}
	if len(a.Titles) != 2 || a.Titles[1] != (Narrative{Lang: "fr", Text: "Compétences"}) {
		t.Errorf("titles: %+v", a.Titles)
	}
	if len(a.Transactions) != 1 || a.Transactions[0].Type != "11" || a.Transactions[0].Currency != "USD" || a.Transactions[0].Value.String() != "3000000" {
		t.Errorf("transaction: %+v", a.Transactions)
	}
	if len(a.Sectors) != 2 || a.Sectors[0].Percentage.String() != "100" {
		t.Errorf("sectors: %+v", a.Sectors)
	}
}

var warningCases = []struct {
	name   string
	attrs  string // on iati-activity; "" = default-currency USD, lang en
	body   string
	code   string
	path   string
	marker string // where the warning points
}{
	{"code not on list", "", `<sector vocabulary="1" code="99999"/>`, "code-not-on-list", "sector/@code", `<sector`},
	{"withdrawn code", "", `<sector code="11321"/>`, "code-withdrawn", "sector/@code", `<sector`},
	{"SectorCategory for vocabulary 2", "", `<sector vocabulary="2" code="99999"/>`, "code-not-on-list", "sector/@code", `<sector`},
	{"country code", "", `<recipient-country code="XX"/>`, "code-not-on-list", "recipient-country/@code", `<recipient-country`},
	{"letter transaction code in 2.x", "", `<transaction><transaction-type code="C"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">1</value></transaction>`, "code-not-on-list", "transaction/transaction-type/@code", `<transaction-type`},
	{"sector percentages", "", "<sector code=\"16020\" percentage=\"60\"/>\n<sector code=\"11110\" percentage=\"30\"/>", "percentage-sum", "sector[1]", `<sector`},
	{"country plus region without percentage", "", "<recipient-country code=\"ID\" percentage=\"100\"/>\n<recipient-region code=\"798\"/>", "percentage-sum", "recipient-country", `<recipient-country`},
	{"planned end before start", "", `<activity-date type="3" iso-date="2023-01-01"/>`, "date-order", "activity-date[2]/@iso-date", `<activity-date type="3"`},
	{"actual start in the future", "", `<activity-date type="2" iso-date="2030-01-01"/>`, "date-future", "activity-date[2]/@iso-date", `<activity-date type="2"`},
	{"transaction date in the future", "", `<transaction><transaction-type code="4"/><transaction-date iso-date="2030-01-01"/><value value-date="2024-01-01">1</value></transaction>`, "date-future", "transaction/transaction-date/@iso-date", `<transaction-date`},
	{"no currency anywhere", `xml:lang="en"`, `<transaction><transaction-type code="4"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">5</value></transaction>`, "missing-currency", "transaction/value", `<value`},
	{"element out of order", "", "<sector code=\"16020\"/>\n<recipient-country code=\"KE\"/>", "element-order", "recipient-country", `<recipient-country`},
	{"exponent number", "", `<transaction><transaction-type code="4"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">1.5E6</value></transaction>`, "exponent-number", "transaction/value", `<value`},
	{"iso-date 0", "", `<activity-date type="3" iso-date="0"/>`, "invalid-date", "activity-date[2]/@iso-date", `<activity-date type="3"`},
	{"datetime with a space", `default-currency="USD" last-updated-datetime="2013-07-30 16:35:42"`, ``, "invalid-datetime", "@last-updated-datetime", `<iati-activity`},
	{"missing value-date", "", `<transaction><transaction-type code="4"/><transaction-date iso-date="2024-01-01"/><value>5</value></transaction>`, "missing-value-date", "transaction/value", `<value`},
	{"budget longer than a year", "", `<budget type="1" status="1"><period-start iso-date="2024-01-01"/><period-end iso-date="2025-06-30"/><value value-date="2024-01-01">1</value></budget>`, "budget-period-too-long", "budget", `<budget`},
	{"original and revised", "", "<budget type=\"1\"><period-start iso-date=\"2024-01-01\"/><period-end iso-date=\"2024-12-31\"/><value value-date=\"2024-01-01\">1</value></budget>\n<budget type=\"2\"><period-start iso-date=\"2024-01-01\"/><period-end iso-date=\"2024-12-31\"/><value value-date=\"2024-01-01\">2</value></budget>", "budget-original-and-revised", "budget[2]", `<budget type="2"`},
	{"unknown element", "", `<project-website>x</project-website>`, "unknown-element", "project-website", `<project-website`},
	{"unknown attribute", "", `<sector code="16020" weight="3"/>`, "unknown-attribute", "sector/@weight", `<sector`},
	{"not a number", "", `<transaction><transaction-type code="4"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">1,000</value></transaction>`, "invalid-number", "transaction/value", `<value`},
	{"missing required attribute", "", `<sector vocabulary="1"/>`, "missing-attribute", "sector", `<sector`},
	{"text where none belongs", "", `<activity-scope code="4">national</activity-scope>`, "unexpected-text", "activity-scope", `<activity-scope`},
	{"percentage over 100", "", `<sector code="16020" percentage="150"/>`, "percentage-range", "sector/@percentage", `<sector`},
	{"overlapping budgets", "", "<budget type=\"1\"><period-start iso-date=\"2024-01-01\"/><period-end iso-date=\"2024-12-31\"/><value value-date=\"2024-01-01\">1</value></budget>\n<budget type=\"1\"><period-start iso-date=\"2024-06-01\"/><period-end iso-date=\"2025-05-31\"/><value value-date=\"2024-06-01\">2</value></budget>", "budget-overlap", "budget[2]", `<budget type="1"><period-start iso-date="2024-06-01"`},
	{"two statuses", "", `<activity-status code="3"/>`, "too-many-elements", "", `<iati-activity`},
	{"boolean", `default-currency="USD" humanitarian="yes"`, ``, "invalid-boolean", "@humanitarian", `<iati-activity`},
	{"integer", `default-currency="USD" hierarchy="one"`, ``, "invalid-integer", "@hierarchy", `<iati-activity`},
	{"undeclared prefix", "", `<foo:bar/>`, "undeclared-prefix", "foo:bar", `<foo:bar`},
	{"upper-case language is fine, unknown is not", "", `<sector code="16020"><narrative xml:lang="EN">a</narrative><narrative xml:lang="zz">b</narrative></sector>`, "code-not-on-list", "sector/narrative[2]/@xml:lang", `<narrative xml:lang="zz"`},
}

func TestWarnings(t *testing.T) {
	for _, c := range warningCases {
		t.Run(c.name, func(t *testing.T) {
			src := file(activity("XM-DAC-41302-P1", c.attrs, "  "+c.body))
			_, acts, err := parse(t, src)
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != 1 {
				t.Fatalf("%d activities", len(acts))
			}
			a := acts[0]
			if a.Rejected {
				t.Fatalf("rejected: %v", a.Problems)
			}
			wl, wc := at(t, src, c.marker)
			var found []string
			for _, p := range a.Problems {
				found = append(found, p.String())
				if p.Code == c.code {
					if p.Path != c.path || p.Line != wl || p.Column != wc || p.Severity != Warning {
						t.Errorf("got %v at %s, want path %q at %d:%d", p, p.Path, c.path, wl, wc)
					}
					return
				}
			}
			t.Errorf("no %s warning; got %v", c.code, found)
		})
	}
}

// TestSyntheticRoundTrip puts every warning case of TestWarnings, and a
// streamed synthetic batch, into files and checks the round-trip contract:
// same identifiers, same transaction/budget counts and exact sums per type
// and currency, same results, indicators and periods.
func TestSyntheticRoundTrip(t *testing.T) {
	var acts []string
	for i, c := range warningCases {
		acts = append(acts, activity(fmt.Sprintf("XM-DAC-41302-W%02d", i), c.attrs, "  "+c.body))
	}
	var sb strings.Builder
	sr := &streamReader{n: 200}
	if _, err := io.Copy(&sb, sr); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"warning cases": file(acts...), "stream": sb.String()} {
		t.Run(name, func(t *testing.T) {
			_, before := readAll(t, name, []byte(src))
			out := writeActivities(t, before)
			_, after := readAll(t, name+" (written)", out)
			compareSummaries(t, summarise(before), summarise(after))
			if len(summarise(before).ids) < 20 {
				t.Fatalf("only %d activities", len(summarise(before).ids))
			}
		})
	}
}

func TestIdentifierWhitespace(t *testing.T) {
	src := file(activity(" XM-DAC-41302-P1 ", "", ""))
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	l, c := at(t, src, "<iati-identifier>")
	if a.Identifier != "XM-DAC-41302-P1" || len(a.Problems) != 1 || a.Problems[0].Code != "identifier-whitespace" || a.Problems[0].Line != l || a.Problems[0].Column != c {
		t.Errorf("%q %v", a.Identifier, a.Problems)
	}
}

func TestVocabularyConditions(t *testing.T) {
	// Vocabulary 99 is the publisher's own list: any code goes; sectors of
	// different vocabularies are separate 100 % splits.
	src := file(activity("XM-DAC-41302-P1", "", `<sector vocabulary="1" code="16020" percentage="100"/>
  <sector vocabulary="99" code="ANYTHING" percentage="70"/>
  <sector vocabulary="99" code="ELSE" percentage="30"/>
  <policy-marker vocabulary="99" code="OWN" significance="1"/>`))
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts[0].Problems) != 0 {
		t.Errorf("unexpected problems: %v", acts[0].Problems)
	}
}

func TestExponentKeptExactly(t *testing.T) {
	src := file(activity("XM-DAC-41302-P1", "", `<transaction><transaction-type code="4"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">1.234567E3</value></transaction>
  <transaction><transaction-type code="4"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">-2.5e-2</value></transaction>`))
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	if got := a.Transactions[0].Value; !got.Equal(money.MustParse("1234.567")) || a.Transactions[0].ValueMissing {
		t.Errorf("amount %s", got)
	}
	if got := a.Transactions[1].Value; !got.Equal(money.MustParse("-0.025")) {
		t.Errorf("amount %s", got)
	}
	out := string(a.XML())
	if !strings.Contains(out, ">1234.567</value>") || !strings.Contains(out, ">-0.025</value>") || strings.ContainsAny(strings.Split(out, "<transaction>")[1], "eE") && strings.Contains(out, "E3") {
		t.Errorf("writer did not use plain notation:\n%s", out)
	}
	if tree := a.Root.All("transaction")[0].Child("value").Text; tree != "1.234567E3" {
		t.Errorf("the tree must keep the published text, got %q", tree)
	}
}

func TestActivityErrors(t *testing.T) {
	src := file(
		activity("XM-DAC-41302-A", "", ""),
		activity("  ", "", ""),
		activity("XM-DAC-41302-A", "", ""),
		activity("XM-DAC-41302-B", "", ""),
	)
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 4 {
		t.Fatalf("%d activities, want 4 (errors reject one activity, not the file)", len(acts))
	}
	if acts[0].Rejected || acts[3].Rejected {
		t.Error("good activities rejected")
	}
	blank := acts[1]
	if !blank.Rejected || blank.Problems[len(blank.Problems)-1].Code != "blank-identifier" || blank.Problems[len(blank.Problems)-1].Severity != Error {
		t.Errorf("blank identifier: %v", blank.Problems)
	}
	dup := acts[2]
	if !dup.Rejected {
		t.Fatal("duplicate not rejected")
	}
	p := dup.Problems[len(dup.Problems)-1]
	l1, c1 := at(t, src, "<iati-identifier>XM-DAC-41302-A")
	rest := src[strings.Index(src, "<iati-identifier>XM-DAC-41302-A")+1:]
	l2, c2 := at(t, rest, "<iati-identifier>XM-DAC-41302-A")
	l2 += strings.Count(src[:strings.Index(src, "<iati-identifier>XM-DAC-41302-A")+1], "\n")
	if p.Code != "duplicate-identifier" || p.Line != l2 || p.Column != c2 ||
		!strings.Contains(p.Message, fmt.Sprintf("%d:%d", l1, c1)) || !strings.Contains(p.Message, fmt.Sprintf("%d:%d", l2, c2)) {
		t.Errorf("duplicate: %v (want first %d:%d, second %d:%d)", p, l1, c1, l2, c2)
	}
}

func TestFileErrors(t *testing.T) {
	good := file(activity("XM-DAC-41302-A", "", ""), activity("XM-DAC-41302-B", "", ""))
	trunc := good[:strings.Index(good, "XM-DAC-41302-B")+5]
	cases := []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		{"empty", "", 1, 1, "empty file"},
		{"whitespace", "  \n\t ", 1, 1, "only whitespace"},
		{"HTML page", "<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>", 1, 1, "HTML page"},
		{"HTML without doctype", "\n<html><body><p>Error</p></body></html>", 2, 1, "HTML page"},
		{"CSV", "iati-identifier,title,value\nA,B,1\n", 1, 1, "CSV"},
		{"spreadsheet", "PK\x03\x04\x14\x00\x06\x00", 1, 1, "ZIP"},
		{"JSON", `{"activities": []}`, 1, 1, "JSON"},
		{"wrong root", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"></rss>", 2, 1, "not IATI"},
		{"truncated", trunc, strings.Count(trunc, "\n") + 1, utf8.RuneCountInString(trunc[strings.LastIndexByte(trunc, '\n')+1:]) + 1, "unexpected end of file"},
		{"mismatched end tag", "<iati-activities version=\"2.03\">\n <iati-activity>\n </iati-activities>", 3, 2, "does not match <iati-activity>"},
		{"bare ampersand", "<iati-activities version=\"2.03\">\n <iati-activity><title><narrative>R&D</narrative></title></iati-activity></iati-activities>", 2, 36, "'&'"},
		{"undefined entity", "<iati-activities version=\"2.03\"><iati-activity><x>&nbsp;</x></iati-activity></iati-activities>", 1, 51, "undefined entity &nbsp;"},
		{"duplicate attribute", "<iati-activities version=\"2.03\"><iati-activity hierarchy=\"1\" hierarchy=\"2\"/></iati-activities>", 1, 62, "appears twice"},
		{"unquoted attribute", "<iati-activities version=2.03></iati-activities>", 1, 26, "not quoted"},
		{"text after root", "<iati-activities version=\"2.03\"></iati-activities>\njunk", 2, 1, "after the root"},
		{"two roots", "<iati-activities version=\"2.03\"></iati-activities><iati-activities/>", 1, 51, "after the end of the root"},
		{"unsupported encoding", "<?xml version=\"1.0\" encoding=\"EBCDIC\"?><iati-activities/>", 1, 1, "unsupported encoding"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := parse(t, c.src)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FileError", err)
			}
			if fe.Line != c.line || fe.Column != c.col || !strings.Contains(fe.Message, c.msg) || fe.Path != "test.xml" {
				t.Errorf("got %v, want %d:%d %q", fe, c.line, c.col, c.msg)
			}
			if !strings.HasPrefix(fe.Error(), fmt.Sprintf("test.xml:%d:%d: ", fe.Line, fe.Column)) {
				t.Errorf("Error() = %q", fe.Error())
			}
		})
	}
}

func TestErrorAfterGoodActivities(t *testing.T) {
	src := file(activity("XM-DAC-41302-A", "", ""), activity("XM-DAC-41302-B", "", "<broken>"))
	r, err := NewReader(strings.NewReader(src), "f", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := r.Next(); err != nil || a.Identifier != "XM-DAC-41302-A" {
		t.Fatalf("first activity: %v %v", a, err)
	}
	_, err = r.Next()
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "</iati-activity> does not match <broken>") {
		t.Fatalf("got %v", err)
	}
	if _, again := r.Next(); again != err {
		t.Errorf("a file error must repeat on later calls, got %v", again)
	}
}

func TestRootOnlyFile(t *testing.T) {
	for _, src := range []string{`<iati-activities version="2.03"/>`, "<iati-activities version=\"2.03\">\n</iati-activities>"} {
		r, acts, err := parse(t, src)
		if err != nil || len(acts) != 0 {
			t.Fatalf("%q: %v %d", src, err, len(acts))
		}
		if w := r.FileWarnings(); len(w) != 1 || w[0].Code != "no-records" {
			t.Errorf("%q: warnings %v", src, w)
		}
	}
}

func encodeUTF16(s string, be bool) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2+2*len(u))
	if be {
		b = append(b, 0xFE, 0xFF)
	} else {
		b = append(b, 0xFF, 0xFE)
	}
	for _, x := range u {
		if be {
			b = append(b, byte(x>>8), byte(x))
		} else {
			b = append(b, byte(x), byte(x>>8))
		}
	}
	return b
}

func TestEncodings(t *testing.T) {
	body := `<sector code="99999"/>`
	doc := func(decl string) string {
		return decl + "\n" + `<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="es">
  <iati-identifier>ES-DIR3-E04585801-1</iati-identifier>
  <reporting-org ref="ES-DIR3-E04585801" type="10"><narrative>Cooperación Española € ñ</narrative></reporting-org>
  <title><narrative>Educación en Perú 𝄞</narrative></title>
  <description><narrative>x</narrative></description>
  <participating-org role="1"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  ` + body + `
 </iati-activity>
</iati-activities>
`
	}
	utf8Doc := doc(`<?xml version="1.0" encoding="UTF-8"?>`)
	latin := func(s string, table map[rune]byte) []byte {
		var b []byte
		for _, r := range s {
			switch {
			case r < 0x80:
				b = append(b, byte(r))
			case table[r] != 0:
				b = append(b, table[r])
			case r < 0x100:
				b = append(b, byte(r))
			default:
				b = append(b, '?')
			}
		}
		return b
	}
	noAstral := func(s string) string { return strings.ReplaceAll(s, " 𝄞", "") }
	cases := []struct {
		name  string
		input []byte
		org   string
		title string
	}{
		{"UTF-8", []byte(utf8Doc), "Cooperación Española € ñ", "Educación en Perú 𝄞"},
		{"UTF-8 BOM and CRLF", append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(utf8Doc, "\n", "\r\n")...), "Cooperación Española € ñ", "Educación en Perú 𝄞"},
		{"ISO-8859-1", latin(noAstral(strings.ReplaceAll(doc(`<?xml version="1.0" encoding="ISO-8859-1"?>`), "€ ", "")), nil), "Cooperación Española ñ", "Educación en Perú"},
		{"windows-1252", latin(noAstral(doc(`<?xml version="1.0" encoding="windows-1252"?>`)), map[rune]byte{'€': 0x80}), "Cooperación Española € ñ", "Educación en Perú"},
		{"UTF-16LE with BOM", encodeUTF16(doc(`<?xml version="1.0" encoding="UTF-16"?>`), false), "Cooperación Española € ñ", "Educación en Perú 𝄞"},
		{"UTF-16BE with BOM", encodeUTF16(doc(`<?xml version="1.0" encoding="UTF-16"?>`), true), "Cooperación Española € ñ", "Educación en Perú 𝄞"},
	}
	wantLine, wantCol := at(t, utf8Doc, `<sector`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(c.input), "enc.xml", Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			a, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if a.Identifier != "ES-DIR3-E04585801-1" || a.ReportingOrg.Name != c.org || a.Title != c.title {
				t.Errorf("got id %q org %q title %q", a.Identifier, a.ReportingOrg.Name, a.Title)
			}
			var found bool
			for _, p := range a.Problems {
				if p.Code == "code-not-on-list" && p.Path == "sector/@code" {
					found = true
					if p.Line != wantLine || p.Column != wantCol {
						t.Errorf("position %d:%d, want %d:%d", p.Line, p.Column, wantLine, wantCol)
					}
				}
			}
			if !found {
				t.Errorf("problems: %v", a.Problems)
			}
			if _, err := r.Next(); err != io.EOF {
				t.Errorf("end: %v", err)
			}
			if r.BytesRead() != int64(len(c.input)) {
				t.Errorf("BytesRead %d, want the file size %d", r.BytesRead(), len(c.input))
			}
			if !utf8.Valid(a.XML()) {
				t.Error("canonical XML is not UTF-8")
			}
		})
	}
}

func TestInvalidBytesAreReplacedWithWarning(t *testing.T) {
	src := file(activity("XM-DAC-41302-A", "", "<sector code=\"16020\"><narrative>bad \xff byte and \x0b tab</narrative></sector>"))
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	got := a.Root.Child("sector").Child("narrative").Text
	if got != "bad \uFFFD byte and \uFFFD tab" {
		t.Errorf("text %q", got)
	}
	n := 0
	for _, p := range a.Problems {
		if p.Code == "invalid-character" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want one invalid-character warning, got %v", a.Problems)
	}
	if _, err := ParseActivityXML(a.XML()); err != nil {
		t.Errorf("canonical XML does not re-read: %v", err)
	}
}

func TestVersion1Conversion(t *testing.T) {
	t.Run("version on each activity", func(t *testing.T) {
		src := `<iati-activities generated-datetime="2013-07-30 16:35:42">
 <iati-activity version="1.03" default-currency="GBP" xml:lang="en">
  <reporting-org ref="GB-1" type="10">DFID</reporting-org>
  <iati-identifier>GB-1-1</iati-identifier>
  <title>Water</title><title xml:lang="fr">Eau</title>
  <participating-org role="Funding" ref="GB">UK</participating-org>
  <activity-date type="start-planned" iso-date="2010-01-01">2010-01-01</activity-date>
  <transaction><value value-date="2010-01-01">100</value><transaction-type code="C">Commitment</transaction-type><transaction-date iso-date="2010-01-01"/></transaction>
  <transaction><value value-date="2010-02-01">40</value><transaction-type code="D"/><transaction-date iso-date="2010-02-01"/></transaction>
  <location><name>Bamako</name><coordinates latitude="12.65" longitude="-8.0" precision="3"/><location-type code="PPLA"/></location>
  <budget type="Original"><period-start iso-date="2010-01-01"/><period-end iso-date="2010-12-31"/><value value-date="2010-01-01">100</value></budget>
 </iati-activity>
 <iati-activity version="1.03">
  <reporting-org ref="GB-1" type="10">DFID</reporting-org>
  <iati-identifier>GB-1-2</iati-identifier>
 </iati-activity>
</iati-activities>`
		r, acts, err := parse(t, src)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range r.FileWarnings() {
			if p.Code == "converted-1x" {
				n++
			}
		}
		var badGen bool
		for _, p := range r.FileWarnings() {
			badGen = badGen || p.Code == "invalid-datetime" && p.Path == "@generated-datetime"
		}
		if !badGen {
			t.Errorf("no warning for generated-datetime with a space: %v", r.FileWarnings())
		}
		if !r.Converted() || n != 1 || len(acts) != 2 {
			t.Fatalf("converted %v, %d conversion warnings, %d activities", r.Converted(), n, len(acts))
		}
		a := acts[0]
		if a.Transactions[0].Type != "2" || a.Transactions[1].Type != "3" || a.Budgets[0].Type != "1" ||
			a.ParticipatingOrgs[0].Role != "1" || a.PlannedStart.IsZero() || a.ReportingOrg.Name != "DFID" {
			t.Errorf("codes not converted: %+v %+v %+v", a.Transactions, a.Budgets, a.ParticipatingOrgs)
		}
		if len(a.Titles) != 2 || a.Title != "Water" || a.Titles[1].Lang != "fr" {
			t.Errorf("titles: %+v", a.Titles)
		}
		if _, ok := a.Root.LookupAttr("", "version"); ok {
			t.Error("per-activity version kept")
		}
		if pos := a.Root.Child("location").Child("point").Child("pos"); pos == nil || pos.Text != "12.65 -8.0" {
			t.Errorf("coordinates not converted: %+v", a.Root.Child("location"))
		}
		out := writeActivities(t, acts)
		if msg := xmllintErrors(t, out, "iati-activities-schema.xsd", map[string]bool{"description": true, "activity-status": true, "title": true}); msg != "" {
			t.Errorf("converted output invalid:\n%s\n%s", msg, out)
		}
		_, again := readAll(t, "again", out)
		compareSummaries(t, summarise(acts), summarise(again))
	})
	t.Run("root iati-activity without wrapper", func(t *testing.T) {
		src := "<iati-activity default-currency=\"USD\">\n <iati-identifier>X-1</iati-identifier>\n <reporting-org ref=\"X\" type=\"10\">X org</reporting-org>\n <transaction><transaction-type code=\"IF\"/><value value-date=\"2011-01-01\">5</value><transaction-date iso-date=\"2011-01-01\"/></transaction>\n</iati-activity>"
		r, acts, err := parse(t, src)
		if err != nil {
			t.Fatal(err)
		}
		if r.Kind() != Activities || !r.Converted() || len(acts) != 1 || acts[0].Transactions[0].Type != "1" || acts[0].Line != 1 || acts[0].Column != 1 {
			t.Fatalf("kind %v converted %v acts %d", r.Kind(), r.Converted(), len(acts))
		}
		if acts[0].ReportingOrg.Name != "X org" {
			t.Errorf("reporting org %+v", acts[0].ReportingOrg)
		}
	})
}

func TestForeignNamespacesRoundTrip(t *testing.T) {
	src := `<iati-activities version="2.03" xmlns:usg="https://explorer.usaid.gov">
 <iati-activity xmlns:dstore="http://d-portal.org/xmlns/dstore" dstore:dataset="usaid-bo" default-currency="USD">
  <iati-identifier>US-GOV-1-X</iati-identifier>
  <reporting-org ref="US-GOV-1" type="10"><narrative>USAID</narrative></reporting-org>
  <title><narrative>T</narrative></title>
  <description><narrative>D</narrative></description>
  <participating-org role="1" ref="US-GOV-1"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">10</value>
   <usg:treasury-account usg:code="72-1021"><usg:main-account>1021</usg:main-account></usg:treasury-account>
  </transaction>
  <other xmlns="http://example.org/x" kind="a"><inner>text &amp; more</inner></other>
  <related-activity ref="US-GOV-1-Y" type="1" dstore:note="kept"/>
 </iati-activity>
</iati-activities>`
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	a := acts[0]
	if len(a.Problems) != 0 {
		t.Errorf("foreign content must not be flagged: %v", a.Problems)
	}
	out := writeActivities(t, acts)
	xmllint(t, out, "iati-activities-schema.xsd")
	b, err := ParseActivityXML(a.XML())
	if err != nil {
		t.Fatal(err)
	}
	ta := b.Root.Child("transaction")
	var usg *Element
	for _, c := range ta.Children {
		if c.Space == "https://explorer.usaid.gov" && c.Name == "treasury-account" {
			usg = c
		}
	}
	if usg == nil || usg.Children[0].Text != "1021" || usg.Attrs[0].Space != "https://explorer.usaid.gov" || usg.Attrs[0].Value != "72-1021" {
		t.Fatalf("usg element lost:\n%s", a.XML())
	}
	if v, ok := b.Root.LookupAttr("http://d-portal.org/xmlns/dstore", "dataset"); !ok || v != "usaid-bo" {
		t.Error("dstore attribute lost")
	}
	var other *Element
	for _, c := range b.Root.Children {
		if c.Space == "http://example.org/x" {
			other = c
		}
	}
	if other == nil || other.Name != "other" || other.Attr("kind") != "a" || other.Child("inner") != nil || other.Children[0].Space != "http://example.org/x" || other.Children[0].Text != "text & more" {
		t.Errorf("default-namespace element lost:\n%s", a.XML())
	}
	if !bytes.Equal(b.XML(), a.XML()) {
		t.Errorf("canonical XML not stable:\n%s\n%s", a.XML(), b.XML())
	}
}

func TestHugeAndDeepInputs(t *testing.T) {
	t.Run("deep nesting", func(t *testing.T) {
		src := "<iati-activities version=\"2.03\"><iati-activity>" + strings.Repeat("<x>", 200000) + strings.Repeat("</x>", 200000) + "</iati-activity></iati-activities>"
		_, _, err := parse(t, src)
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Message, "nested more than") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("huge attribute within the limit", func(t *testing.T) {
		big := strings.Repeat("a", 8<<20)
		src := file(activity("XM-DAC-41302-A", "", `<sector code="16020" vocabulary="99" x-big="`+big+`"/>`))
		_, acts, err := parse(t, src)
		if err != nil || len(acts) != 1 {
			t.Fatalf("%v", err)
		}
	})
	t.Run("activity over the memory limit", func(t *testing.T) {
		big := strings.Repeat("a", 3<<20)
		src := file(activity("XM-DAC-41302-A", "", `<sector code="16020" x-big="`+big+`"/>`))
		r, err := NewReader(strings.NewReader(src), "big.xml", Options{MaxActivityBytes: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Next()
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Message, "refusing to hold it in memory") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("many attributes", func(t *testing.T) {
		var b strings.Builder
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&b, ` a%d="1"`, i)
		}
		src := "<iati-activities version=\"2.03\"><iati-activity" + b.String() + "/></iati-activities>"
		_, _, err := parse(t, src)
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Message, "attributes") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("entity expansion is not supported", func(t *testing.T) {
		src := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><iati-activities version="2.03"><iati-activity><iati-identifier>&lol2;</iati-identifier></iati-activity></iati-activities>`
		_, _, err := parse(t, src)
		var fe *FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Message, "undefined entity &lol2;") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestBytesReadAndKind(t *testing.T) {
	src := file(activity("XM-DAC-41302-A", "", ""))
	r, err := NewReader(strings.NewReader(src), "f", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind() != Activities || r.Version() != "2.03" {
		t.Errorf("kind %v version %q", r.Kind(), r.Version())
	}
	for {
		if _, err := r.Next(); err != nil {
			break
		}
	}
	if r.BytesRead() != int64(len(src)) {
		t.Errorf("BytesRead %d, want %d", r.BytesRead(), len(src))
	}
	if _, err := r.NextOrganisation(); !errors.Is(err, ErrWrongKind) {
		t.Errorf("NextOrganisation on activities: %v", err)
	}
}

func TestParseDecimalMatchesMoney(t *testing.T) {
	for _, s := range []string{"0", "-0", "+5", "12.50", " 7 ", ".5", "5.", "-0.025", "999999999999999999", "1234567890123456789",
		"1.5E6", "1e-3", "", ".", "-", "1,000", "1.2.3", "١٢", "00012.3400"} {
		want, wexp, werr := money.ParseExponent(s)
		got, gexp, gerr := parseDecimal(s)
		if (werr == nil) != (gerr == nil) || gexp != wexp || werr == nil && (got.String() != want.String() || got.Scale() != want.Scale()) {
			t.Errorf("%q: got %v %v %v, want %v %v %v", s, got, gexp, gerr, want, wexp, werr)
		}
	}
}

func TestRootLanguageIsInherited(t *testing.T) {
	src := strings.Replace(file(strings.Replace(activity("XM-DAC-41302-A", `default-currency="USD"`, ""), "<narrative>Skills</narrative>", `<narrative xml:lang="en">Skills</narrative>`, 1)), `<iati-activities `, `<iati-activities xml:lang="fr" `, 1)
	_, acts, err := parse(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if a := acts[0]; a.Title != "Compétences" || a.Lang != "" {
		t.Errorf("title %q lang %q: the root's xml:lang should be the default", a.Title, a.Lang)
	}
}
