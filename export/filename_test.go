package export

import (
	"mime"
	"strings"
	"testing"
)

func TestSafeFilename(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Côte d'Ivoire: workplan 2026/27.xlsx", "Cote-d-Ivoire-workplan-2026-27.xlsx"},
		{"Türkiye – partners.csv", "Turkiye-partners.csv"},
		{"São Tomé & Príncipe brief.pdf", "Sao-Tome-Principe-brief.pdf"},
		{"Straße Øresund Łódź.pdf", "Strasse-Oresund-Lodz.pdf"},
		{"../../etc/passwd", "etc-passwd"},
		{`a\b"c;d` + "\r\nX-Evil: 1", "a-b-c-d-X-Evil-1"},
		{"Ελληνική.pdf", "export.pdf"},
		{"", "export"},
		{"...", "export"},
		{".hidden", "hidden"},
		{"report..final...pdf", "report.final.pdf"},
		{"CON.csv", "CON_.csv"},
		{"gap_dashboard_2026.xlsx", "gap_dashboard_2026.xlsx"},
		{"version 1.2.3 notes", "version-1.2.3-notes"},
	}
	for _, tt := range tests {
		if got := SafeFilename(tt.in); got != tt.want {
			t.Errorf("SafeFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := SafeFilename(strings.Repeat("Programme ", 50) + ".xlsx")
	if len(long) > maxFilename || !strings.HasSuffix(long, ".xlsx") || strings.Contains(long, "-.") {
		t.Errorf("long name = %q (%d bytes)", long, len(long))
	}
}

func TestContentDisposition(t *testing.T) {
	v := ContentDisposition("Côte d'Ivoire \"brief\".pdf")
	typ, params, err := mime.ParseMediaType(v)
	if err != nil {
		t.Fatalf("%q does not parse: %v", v, err)
	}
	if typ != "attachment" {
		t.Errorf("type = %q", typ)
	}
	// Go's parser, like browsers, prefers filename* and decodes it.
	if got := params["filename"]; got != "Côte d'Ivoire -brief-.pdf" {
		t.Errorf("filename = %q", got)
	}
	if !strings.Contains(v, `filename="Cote-d-Ivoire-brief.pdf"`) {
		t.Errorf("no ASCII fallback in %q", v)
	}
	if strings.ContainsAny(v, "\r\n") {
		t.Errorf("header value has a line break: %q", v)
	}
	if v := ContentDisposition("plain.csv"); v != `attachment; filename="plain.csv"` {
		t.Errorf("plain name: %q", v)
	}
}
