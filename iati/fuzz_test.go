package iati

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func fuzzSeeds(f *testing.F) {
	f.Helper()
	seeds := []string{
		"",
		"<iati-activities version=\"2.03\"/>",
		file(activity("XM-DAC-41302-A", "", `<sector code="16020" percentage="1e2"/><transaction><transaction-type code="4"/><transaction-date iso-date="0"/><value>1E-3</value></transaction>`)),
		"<iati-activity><iati-identifier>x</iati-identifier><title>t</title><transaction-type code=\"C\">C</transaction-type></iati-activity>",
		"<iati-organisations version=\"2.03\"><iati-organisation><organisation-identifier>X</organisation-identifier><total-budget><value>1</value></total-budget></iati-organisation></iati-organisations>",
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><iati-activities><iati-activity><iati-identifier>\xe9</iati-identifier></iati-activity></iati-activities>",
		"<!DOCTYPE x [<!ENTITY a \"b\">]><iati-activities><![CDATA[x]]></iati-activities>",
		"<iati-activities xmlns:a=\"u\"><iati-activity a:x=\"1\" xmlns=\"v\"><a:b/><c xmlns=\"\"/></iati-activity></iati-activities>",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("testdata/samples/*.xml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err == nil && len(b) < 40000 {
			f.Add(b)
		}
	}
}

// FuzzReader: no input may panic or hang, errors must be *FileError, and
// whatever the reader accepts, the writer must write as XML that reads
// back with the same identifier and transaction count.
func FuzzReader(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), "fuzz", Options{Now: testNow, MaxActivityBytes: 1 << 20})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("NewReader error is not a *FileError: %v", err)
			}
			return
		}
		for i := 0; i < 1000; i++ {
			var root *Element
			var ident string
			var ntx int
			if r.Kind() == Organisations {
				o, err := r.NextOrganisation()
				if err != nil {
					checkEnd(t, err)
					return
				}
				root = o.Root
				var buf bytes.Buffer
				if err := WriteOrganisationFile(&buf, []*Organisation{o}, testNow); err != nil {
					t.Fatal(err)
				}
				r2, err := NewReader(&buf, "again", Options{})
				if err != nil {
					t.Fatalf("written organisation file does not read: %v\n%s", err, buf.Bytes())
				}
				if _, err := r2.NextOrganisation(); err != nil {
					t.Fatalf("written organisation does not read: %v\n%s", err, buf.Bytes())
				}
				_ = root
				continue
			}
			a, err := r.Next()
			if err != nil {
				checkEnd(t, err)
				return
			}
			ident, ntx = a.Identifier, len(a.Transactions)
			b, err := ParseActivityXML(a.XML())
			if err != nil {
				t.Fatalf("canonical XML does not read back: %v\n%s", err, a.XML())
			}
			if b.Identifier != ident || len(b.Transactions) != ntx {
				t.Fatalf("round trip changed identifier %q→%q or transactions %d→%d", ident, b.Identifier, ntx, len(b.Transactions))
			}
		}
	})
}

func checkEnd(t *testing.T, err error) {
	t.Helper()
	var fe *FileError
	if err != io.EOF && !errors.As(err, &fe) {
		t.Fatalf("unexpected error type %T: %v", err, err)
	}
}

// FuzzParseActivityXML: the fragment parser must not panic on anything and
// must be stable once it accepts.
func FuzzParseActivityXML(f *testing.F) {
	f.Add([]byte(activity("XM-DAC-41302-A", "", "")))
	f.Add([]byte("<iati-activity><x:y xmlns:x=\"u\" x:z=\"1\">t</x:y></iati-activity>"))
	f.Add([]byte("<iati-activity version=\"1.02\"><title>t</title></iati-activity>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseActivityXML(data)
		if err != nil {
			return
		}
		x := a.XML()
		b, err := ParseActivityXML(x)
		if err != nil {
			t.Fatalf("canonical XML does not read back: %v\n%s", err, x)
		}
		if !bytes.Equal(b.XML(), x) {
			t.Fatalf("canonical XML is not a fixed point:\n%s\n%s", x, b.XML())
		}
	})
}
