package devcoop_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"devcoop"
	"devcoop/money"
)

// validProposal is a small proposal with something in every list, so that
// each case below can break one thing.
func validProposal() *devcoop.Proposal {
	return &devcoop.Proposal{
		Title:               "Youth employment in Kenya",
		OfficeID:            3,
		ResponsibleOfficial: devcoop.Official{Name: "A. Otieno", Email: "otieno@example.org"},
		Amount:              money.MustParse("113000"),
		Currency:            "EUR",
		DurationMonths:      18,
		Countries:           []string{"KE"},
		CPOs:                []string{"KEN 101"},
		Outcomes:            []string{"1"},
		Logframe: devcoop.Logframe{
			Objective: "More young people in decent jobs.",
			Outcomes: []devcoop.ImmediateOutcome{{
				Code: "1", Statement: "Skills systems answer labour demand.",
				Assumptions: []devcoop.Assumption{{ID: "A1", Description: "Employers take part."}},
				Outputs: []devcoop.Output{{
					Code: "1.1", Statement: "Curricula revised.",
					Assumptions: []devcoop.Assumption{{ID: "A2", Description: "The ministry validates them."}},
					Activities:  []devcoop.Activity{{Code: "1.1.1", Description: "Review curricula", StartMonth: 1, EndMonth: 6}},
				}},
			}},
		},
		Budget: []devcoop.BudgetLine{
			{Category: devcoop.BudgetStaff, Year: 1, Amount: money.MustParse("60000")},
			{Category: devcoop.BudgetEvaluation, Year: 2, Amount: money.MustParse("40000")},
			{Category: devcoop.BudgetPSC, Year: 2, Amount: money.MustParse("13000")},
		},
		Risks:                []devcoop.Risk{{ID: "R1", Likelihood: devcoop.LevelLow, Impact: devcoop.LevelHigh, Assumptions: []string{"A1", "A2"}}},
		ImplementingPartners: []devcoop.ImplementingPartner{{Name: "Federation of Kenya Employers", Kind: "employers_organization", Country: "KE"}},
		Documents:            []devcoop.Document{{Name: "Concept note", Kind: "concept_note", URL: "https://example.org/cn.pdf", SizeBytes: 10}},
	}
}

func TestProposalValidateAcceptsValid(t *testing.T) {
	if err := validProposal().Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
}

func TestProposalValidate(t *testing.T) {
	tests := []struct {
		name    string
		breakIt func(p *devcoop.Proposal)
		field   string
	}{
		{"title blank", func(p *devcoop.Proposal) { p.Title = "  " }, "title"},
		{"no office", func(p *devcoop.Proposal) { p.OfficeID = 0 }, "office_id"},
		{"negative partner", func(p *devcoop.Proposal) { p.PartnerID = -1 }, "partner_id"},
		{"bad email", func(p *devcoop.Proposal) { p.ResponsibleOfficial.Email = "otieno at example" }, "responsible_official.email"},
		{"negative amount", func(p *devcoop.Proposal) { p.Amount = money.MustParse("-1") }, "amount"},
		{"unknown currency", func(p *devcoop.Proposal) { p.Currency = "XYZ" }, "currency"},
		{"lower-case currency", func(p *devcoop.Proposal) { p.Currency = "eur" }, "currency"},
		{"negative duration", func(p *devcoop.Proposal) { p.DurationMonths = -3 }, "duration_months"},
		{"endless duration", func(p *devcoop.Proposal) { p.DurationMonths = devcoop.MaxDurationMonths + 1 }, "duration_months"},
		{"unknown state", func(p *devcoop.Proposal) { p.Status = "pending" }, "status"},
		{"negative version", func(p *devcoop.Proposal) { p.Version = -1 }, "version"},
		{"unknown country", func(p *devcoop.Proposal) { p.Countries = append(p.Countries, "XX") }, "countries[1]"},
		{"alpha-3 country", func(p *devcoop.Proposal) { p.Countries[0] = "KEN" }, "countries[0]"},
		{"country twice", func(p *devcoop.Proposal) { p.Countries = append(p.Countries, "KE") }, "countries[1]"},
		{"blank CPO", func(p *devcoop.Proposal) { p.CPOs = append(p.CPOs, " ") }, "cpos[1]"},
		{"CPO twice", func(p *devcoop.Proposal) { p.CPOs = append(p.CPOs, "KEN 101") }, "cpos[1]"},
		{"outcome twice", func(p *devcoop.Proposal) { p.Outcomes = append(p.Outcomes, "1") }, "outcomes[1]"},
		{"bad category", func(p *devcoop.Proposal) { p.Budget[0].Category = "overheads" }, "budget[0].category"},
		{"year zero", func(p *devcoop.Proposal) { p.Budget[1].Year = 0 }, "budget[1].year"},
		{"negative line", func(p *devcoop.Proposal) { p.Budget[2].Amount = money.MustParse("-0.01") }, "budget[2].amount"},
		{"bad likelihood", func(p *devcoop.Proposal) { p.Risks[0].Likelihood = "likely" }, "risks[0].likelihood"},
		{"bad impact", func(p *devcoop.Proposal) { p.Risks[0].Impact = "severe" }, "risks[0].impact"},
		{"risk ID twice", func(p *devcoop.Proposal) { p.Risks = append(p.Risks, devcoop.Risk{ID: "R1"}) }, "risks[1].id"},
		{"dangling assumption", func(p *devcoop.Proposal) { p.Risks[0].Assumptions = []string{"A1", "A9"} }, "risks[0].assumptions[1]"},
		{"assumption ID twice", func(p *devcoop.Proposal) {
			p.Logframe.Outcomes[0].Outputs[0].Assumptions[0].ID = "A1"
			p.Risks[0].Assumptions = []string{"A1"}
		}, "logframe.outcomes[0].outputs[0].assumptions[0].id"},
		{"output code twice", func(p *devcoop.Proposal) {
			o := &p.Logframe.Outcomes[0]
			o.Outputs = append(o.Outputs, devcoop.Output{Code: "1.1"})
		}, "logframe.outcomes[0].outputs[1].code"},
		{"activity after the end", func(p *devcoop.Proposal) {
			p.Logframe.Outcomes[0].Outputs[0].Activities[0].EndMonth = 19
		}, "logframe.outcomes[0].outputs[0].activities[0].end_month"},
		{"activity ends before it starts", func(p *devcoop.Proposal) {
			a := &p.Logframe.Outcomes[0].Outputs[0].Activities[0]
			a.StartMonth, a.EndMonth = 5, 4
		}, "logframe.outcomes[0].outputs[0].activities[0].end_month"},
		{"negative start month", func(p *devcoop.Proposal) {
			p.Logframe.Outcomes[0].Outputs[0].Activities[0].StartMonth = -1
		}, "logframe.outcomes[0].outputs[0].activities[0].start_month"},
		{"partner unnamed", func(p *devcoop.Proposal) { p.ImplementingPartners[0].Name = "" }, "implementing_partners[0].name"},
		{"partner kind", func(p *devcoop.Proposal) { p.ImplementingPartners[0].Kind = "union" }, "implementing_partners[0].kind"},
		{"partner country", func(p *devcoop.Proposal) { p.ImplementingPartners[0].Country = "Kenya" }, "implementing_partners[0].country"},
		{"document unnamed", func(p *devcoop.Proposal) { p.Documents[0].Name = "" }, "documents[0].name"},
		{"document kind", func(p *devcoop.Proposal) { p.Documents[0].Kind = "" }, "documents[0].kind"},
		{"document url", func(p *devcoop.Proposal) { p.Documents[0].URL = "javascript:alert(1)" }, "documents[0].url"},
		{"document size", func(p *devcoop.Proposal) { p.Documents[0].SizeBytes = -1 }, "documents[0].size_bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProposal()
			tt.breakIt(p)
			err := p.Validate()
			if devcoop.ErrorKind(err) != devcoop.KindInvalid {
				t.Fatalf("Validate = %v, want an invalid error", err)
			}
			var fields []string
			for _, f := range devcoop.ErrorFields(err) {
				fields = append(fields, f.Field)
			}
			if !slices.Equal(fields, []string{tt.field}) {
				t.Errorf("fields at fault = %q, want just %q (%v)", fields, tt.field, err)
			}
		})
	}
}

func TestProposalBudgetFigures(t *testing.T) {
	p := validProposal()
	if got := p.BudgetTotal(); !got.Equal(money.MustParse("113000")) {
		t.Errorf("BudgetTotal = %s", got)
	}
	if got := p.DirectCosts(); !got.Equal(money.MustParse("100000")) {
		t.Errorf("DirectCosts = %s", got)
	}
	if got := p.BudgetFor(devcoop.BudgetEvaluation, devcoop.BudgetStaff); !got.Equal(money.MustParse("100000")) {
		t.Errorf("BudgetFor(evaluation, staff) = %s", got)
	}
	for months, years := range map[int]int{0: 0, 1: 1, 12: 1, 13: 2, 18: 2, 36: 3} {
		p.DurationMonths = months
		if got := p.DurationYears(); got != years {
			t.Errorf("DurationYears(%d months) = %d, want %d", months, got, years)
		}
	}
}

func TestProposalAssumptionsPaths(t *testing.T) {
	list, paths := validProposal().Assumptions()
	if len(list) != 2 || list[0].ID != "A1" || list[1].ID != "A2" {
		t.Fatalf("assumptions = %+v", list)
	}
	want := []string{"logframe.outcomes[0].assumptions[0]", "logframe.outcomes[0].outputs[0].assumptions[0]"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %q, want %q", paths, want)
	}
}

func TestProposalStates(t *testing.T) {
	for _, s := range devcoop.ProposalStates {
		if !s.Valid() {
			t.Errorf("%s is not valid", s)
		}
	}
	if devcoop.ProposalState("").Valid() || devcoop.ProposalState("pending").Valid() {
		t.Error("unknown states pass as valid")
	}
	var p devcoop.Proposal
	if p.State() != devcoop.ProposalDraft || !p.State().Editable() {
		t.Errorf("a new proposal is %q", p.State())
	}
	if devcoop.ProposalCleared.Editable() || !devcoop.ProposalReturned.Editable() {
		t.Error("only drafts and returned proposals are editable")
	}
	for _, s := range []devcoop.ProposalState{devcoop.ProposalFunded, devcoop.ProposalDeclined, devcoop.ProposalWithdrawn} {
		if !s.Final() {
			t.Errorf("%s is not final", s)
		}
	}
}

func TestProposalCrossCuttingSections(t *testing.T) {
	c := devcoop.CrossCutting{GenderEquality: "g", InternationalLabourStandards: "i", SocialDialogue: "s", Environment: "e", DisabilityInclusion: "d"}
	var got []string
	for _, key := range devcoop.CrossCuttingSections {
		text, ok := c.Section(key)
		if !ok {
			t.Errorf("Section(%q) unknown", key)
		}
		got = append(got, text)
		if devcoop.CrossCuttingLabel(key) == key {
			t.Errorf("%s has no label", key)
		}
	}
	if strings.Join(got, "") != "gised" {
		t.Errorf("sections read %q: a key maps to the wrong field", got)
	}
	if _, ok := c.Section("poverty"); ok {
		t.Error("an unknown section is found")
	}
}

// The JSON names of a proposal are a contract: findings, the API and the
// CLI use them.
func TestProposalJSONNames(t *testing.T) {
	b, err := json.Marshal(validProposal())
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"title", "office_id", "responsible_official", "amount", "currency", "duration_months", "planned_start",
		"countries", "cpos", "outcomes", "needs", "logframe", "budget", "risks", "cross_cutting", "sustainability",
		"implementing_partners", "documents", "version"} {
		if _, ok := top[k]; !ok {
			t.Errorf("proposal JSON lacks %q", k)
		}
	}
	if string(top["amount"]) != `"113000"` {
		t.Errorf("amount = %s, want an exact decimal string", top["amount"])
	}
}

func TestDecodeProposal(t *testing.T) {
	good, err := validProposal().MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	p, err := devcoop.DecodeProposal(bytes.NewReader(good))
	if err != nil {
		t.Fatalf("DecodeProposal: %v", err)
	}
	if p.Title != "Youth employment in Kenya" || !p.Amount.Equal(money.MustParse("113000")) || len(p.Logframe.Outcomes[0].Outputs) != 1 {
		t.Errorf("decoded %+v", p)
	}

	tests := []struct{ name, body, field string }{
		{"unknown field", `{"title":"x","titel":"y"}`, "titel"},
		{"wrong type", `{"duration_months":"three"}`, "duration_months"},
		{"two values", `{"title":"x"} {}`, ""},
		{"truncated", `{"title":`, ""},
		{"not JSON", `title: x`, ""},
		{"bad decimal", `{"amount":"1,000"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := devcoop.DecodeProposal(strings.NewReader(tt.body))
			if devcoop.ErrorKind(err) != devcoop.KindInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if fs := devcoop.ErrorFields(err); tt.field != "" && (len(fs) != 1 || fs[0].Field != tt.field) {
				t.Errorf("fields = %+v, want %q", fs, tt.field)
			}
		})
	}
}

// FuzzDecodeProposal checks that no body, however odd, makes decoding,
// validation or re-encoding panic, and that a valid proposal survives a
// round trip through its JSON unchanged.
func FuzzDecodeProposal(f *testing.F) {
	good, _ := validProposal().MarshalIndent()
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"amount":"1e9999999"}`))
	f.Add([]byte(`{"amount":"-0.00000000000000000000001","budget":[{"year":-1}]}`))
	f.Add([]byte(`{"logframe":{"outcomes":[{"outputs":[{"activities":[{"start_month":9,"end_month":1}]}]}]}}`))
	f.Add([]byte(`{"planned_start":"2015-02-30"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := devcoop.DecodeProposal(bytes.NewReader(body))
		if err != nil {
			if devcoop.ErrorKind(err) != devcoop.KindInvalid {
				t.Fatalf("decode error of kind %v: %v", devcoop.ErrorKind(err), err)
			}
			return
		}
		if p.Validate() != nil {
			return
		}
		_ = p.DurationYears()
		_ = p.DirectCosts()
		out, err := p.MarshalIndent()
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		q, err := devcoop.DecodeProposal(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("a valid proposal's own JSON does not decode: %v\n%s", err, out)
		}
		again, _ := q.MarshalIndent()
		if !bytes.Equal(out, again) {
			t.Fatalf("JSON changes on a round trip:\n%s\n---\n%s", out, again)
		}
	})
}
