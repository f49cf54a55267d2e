package iati

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"devcoop/iati/internal/xsd"
	"devcoop/money"
)

func pct(s string) *money.Decimal { d := money.MustParse(s); return &d }

func builtActivity() *Activity {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	return &Activity{
		Identifier:      "XM-DAC-41302-KEN/24/01/ABC",
		ReportingOrg:    Org{Ref: "XM-DAC-41302", Type: "40", Name: "International Labour Organization"},
		Lang:            "en",
		DefaultCurrency: "USD",
		LastUpdated:     time.Date(2025, 1, 31, 12, 0, 0, 0, time.UTC),
		Hierarchy:       2,
		Titles:          []Narrative{{Text: "Skills for decent jobs"}, {Lang: "fr", Text: "Compétences pour des emplois décents"}},
		Descriptions:    []Description{{Type: "1", Narratives: []Narrative{{Text: "Youth & jobs <Kenya>"}}}},
		ParticipatingOrgs: []ParticipatingOrg{
			{Org: Org{Ref: "XM-DAC-918-3", Type: "15", Name: "Donor agency", ActivityID: "XM-DAC-918-3-PRJ-1"}, Role: "1"},
			{Org: Org{Ref: "XM-DAC-41302", Type: "40", Name: "ILO"}, Role: "4", CRSChannelCode: "41302"},
		},
		Status:             "2",
		PlannedStart:       d("2024-01-01"),
		ActualStart:        d("2024-02-15"),
		PlannedEnd:         d("2026-12-31"),
		RecipientCountries: []Split{{Code: "KE", Percentage: pct("60")}, {Code: "UG", Percentage: pct("40")}},
		Sectors:            []Split{{Code: "16020", Vocabulary: "1", Percentage: pct("100")}},
		PolicyMarkers:      []PolicyMarker{{Vocabulary: "1", Code: "1", Significance: "1"}},
		DefaultFlowType:    "10", DefaultFinanceType: "110", DefaultAidTypes: []Coded{{Code: "C01", Vocabulary: "1"}},
		Budgets: []Budget{{Type: "1", Status: "2", PeriodStart: d("2024-01-01"), PeriodEnd: d("2024-12-31"),
			Value: money.MustParse("1200000"), Currency: "USD"}},
		Transactions: []Transaction{
			{Type: "11", Date: d("2023-12-01"), Value: money.MustParse("3000000"), Currency: "USD",
				Provider: Org{Ref: "XM-DAC-918-3", Name: "Donor agency", ActivityID: "XM-DAC-918-3-PRJ-1"}},
			{Type: "4", Date: d("2024-06-30"), Value: money.MustParse("250000.50"), Currency: "EUR", Description: "Training"},
		},
		DocumentLinks:     []DocumentLink{{URL: "https://example.org/doc.pdf", Format: "application/pdf", Title: "Project document", Categories: []string{"A02"}}},
		RelatedActivities: []Related{{Ref: "XM-DAC-41302-KEN/24/00", Type: "1"}},
		Results: []Result{{Type: "2", Title: "More young people in decent work", Indicators: []Indicator{{
			Measure: "1", Ascending: true, Title: "Trainees employed",
			Baselines: []Baseline{{Year: 2023, Value: "0"}},
			Periods: []Period{{Start: d("2024-01-01"), End: d("2024-12-31"), Targets: []Measure{{Value: "500"}},
				Actuals: []Measure{{Value: "430", Dimensions: []Dimension{{Name: "sex", Value: "female"}}}}}},
		}}}},
	}
}

func TestBuildWritesValidActivity(t *testing.T) {
	a := builtActivity()
	frag := a.XML() // Root is nil: XML builds it
	out := writeActivities(t, []*Activity{a})
	xmllint(t, out, "iati-activities-schema.xsd")
	b, err := ParseActivityXML(frag)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Problems) != 0 {
		t.Errorf("built activity has problems: %v", b.Problems)
	}
	if b.Identifier != a.Identifier || b.Title != "Skills for decent jobs" || b.Description != "Youth & jobs <Kenya>" ||
		len(b.Transactions) != 2 || b.Transactions[1].Currency != "EUR" || !b.Transactions[1].Value.Equal(money.MustParse("250000.5")) ||
		b.Transactions[0].Provider.ActivityID != "XM-DAC-918-3-PRJ-1" || b.ParticipatingOrgs[1].CRSChannelCode != "41302" ||
		len(b.Results) != 1 || len(b.Results[0].Indicators[0].Periods[0].Actuals[0].Dimensions) != 1 ||
		b.Budgets[0].ValueDate.IsZero() || b.Hierarchy != 2 || b.RecipientCountries[1].Percentage.String() != "40" {
		t.Errorf("re-read differs:\n%s", frag)
	}
	if !bytes.Equal(b.XML(), frag) {
		t.Error("canonical XML of a built activity is not a fixed point")
	}
}

func TestWriteXMLRefusesOtherFragments(t *testing.T) {
	w := NewActivityWriter(&bytes.Buffer{}, time.Time{})
	for _, f := range []string{"<iati-activities/>", "<other/>", "", "<iati-activityx/>"} {
		if err := w.WriteXML([]byte(f)); err == nil {
			t.Errorf("%q accepted", f)
		}
	}
	if err := w.WriteXML([]byte("<iati-activity/>")); err != nil {
		t.Error(err)
	}
}

func TestOrganisationFileFromTypedFields(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	usd := func(s string) money.Decimal { return money.MustParse(s) }
	o := &Organisation{
		Identifier: "XM-DAC-41302", Name: "International Labour Organization", Lang: "en", DefaultCurrency: "USD",
		ReportingOrg:            Org{Ref: "XM-DAC-41302", Type: "40", Name: "ILO"},
		TotalBudgets:            []OrgBudget{{Status: "2", PeriodStart: d("2025-01-01"), PeriodEnd: d("2025-12-31"), Value: usd("450000000"), Currency: "USD", Lines: []BudgetLine{{Ref: "RB", Name: "Regular budget", Value: usd("400000000"), Currency: "USD"}}}},
		RecipientOrgBudgets:     []OrgBudget{{Status: "1", RecipientOrg: Org{Ref: "XM-DAC-41114", Name: "UNDP"}, PeriodStart: d("2025-01-01"), PeriodEnd: d("2025-12-31"), Value: usd("1000000"), Currency: "USD"}},
		RecipientRegionBudgets:  []OrgBudget{{Status: "1", RecipientRegion: "289", RegionVocabulary: "1", PeriodStart: d("2025-01-01"), PeriodEnd: d("2025-12-31"), Value: usd("5000000"), Currency: "USD"}},
		RecipientCountryBudgets: []OrgBudget{{Status: "1", RecipientCountry: "KE", PeriodStart: d("2025-01-01"), PeriodEnd: d("2025-12-31"), Value: money.MustParse("2000000"), Currency: "EUR"}},
		TotalExpenditure:        []OrgBudget{{PeriodStart: d("2024-01-01"), PeriodEnd: d("2024-12-31"), Value: usd("420000000.25"), Currency: "USD", Lines: []BudgetLine{{Ref: "XB", Name: "Extra-budgetary", Value: usd("20000000"), Currency: "USD"}}}},
	}
	var buf bytes.Buffer
	if err := WriteOrganisationFile(&buf, []*Organisation{o}, testNow); err != nil {
		t.Fatal(err)
	}
	xmllint(t, buf.Bytes(), "iati-organisations-schema.xsd")
	r, err := NewReader(&buf, "org.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.NextOrganisation()
	if err != nil {
		t.Fatal(err)
	}
	if got.Identifier != o.Identifier || got.Name != o.Name || len(got.TotalBudgets) != 1 || got.TotalBudgets[0].Lines[0].Name != "Regular budget" ||
		got.RecipientOrgBudgets[0].RecipientOrg.Ref != "XM-DAC-41114" || got.RecipientCountryBudgets[0].Currency != "EUR" ||
		got.RecipientRegionBudgets[0].RecipientRegion != "289" || !got.TotalExpenditure[0].Value.Equal(money.MustParse("420000000.25")) {
		t.Errorf("re-read organisation differs: %+v", got)
	}
	if len(got.Problems) != 0 {
		t.Errorf("problems: %v", got.Problems)
	}
}

// The order tables must follow the XSD in testdata: regenerate with
// `go generate ./iati` after changing the schema.
func TestSchemaTablesAreCurrent(t *testing.T) {
	want, err := xsd.Generate("testdata/schema", "testdata/codelist-mapping.xml", "iati")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("schema_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, got) {
		t.Fatal("schema_gen.go is stale: run go generate ./iati")
	}
	// Spot checks against the schema text, so a generator bug that makes
	// both sides wrong is caught too.
	order := func(n int) string {
		var s []string
		for _, c := range schemaTable[n].children {
			s = append(s, c.name)
		}
		return strings.Join(s, " ")
	}
	tx := childNode(snActivity, "transaction")
	if got := order(tx); !strings.HasPrefix(got, "transaction-type transaction-date value description provider-org receiver-org disbursement-channel sector recipient-country recipient-region flow-type finance-type aid-type tied-status") {
		t.Errorf("transaction order: %s", got)
	}
	if got := order(snActivity); !strings.HasPrefix(got, "iati-identifier reporting-org title description participating-org other-identifier activity-status activity-date") || !strings.HasSuffix(got, "result crs-add fss") {
		t.Errorf("activity order: %s", got)
	}
	period := childNode(childNode(childNode(snActivity, "result"), "indicator"), "period")
	if got := order(period); got != "period-start period-end target actual" {
		t.Errorf("period order: %s", got)
	}
	if v := childNode(tx, "value"); !schemaTable[v].simple || schemaTable[v].text != kDecimal {
		t.Error("transaction/value should be simple decimal content")
	}
}

func TestEscapingMatchesNaive(t *testing.T) {
	naive := func(s string, attr bool) string {
		r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#13;")
		if attr {
			r = strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "\t", "&#9;", "\n", "&#10;", "\r", "&#13;")
		}
		return r.Replace(s)
	}
	alphabet := []byte("ab&<>\"\t\n\r xé")
	seed := uint32(1)
	for n := 0; n < 2000; n++ {
		l := n % 40
		b := make([]byte, l)
		for i := range b {
			seed = seed*1664525 + 1013904223
			b[i] = alphabet[int(seed>>24)%len(alphabet)]
		}
		s := string(b)
		if got, want := string(appendEscText(nil, s)), naive(s, false); got != want {
			t.Fatalf("text %q: %q, want %q", s, got, want)
		}
		if got, want := string(appendEscAttr(nil, s)), naive(s, true); got != want {
			t.Fatalf("attr %q: %q, want %q", s, got, want)
		}
	}
}
