package web_test

import (
	"fmt"
	"testing"
	"time"

	"devcoop"
	"devcoop/money"
)

type progressBody struct {
	Target           money.Decimal `json:"target_usd"`
	Signed           money.Decimal `json:"signed_usd"`
	Received         money.Decimal `json:"received_usd"`
	PipelineWeighted money.Decimal `json:"pipeline_weighted_usd"`
	Forecast         money.Decimal `json:"forecast_usd"`
	ByModality       []struct {
		Modality string        `json:"modality"`
		Signed   money.Decimal `json:"signed_usd"`
	} `json:"by_modality"`
	Top5Share *money.Decimal `json:"top5_share"`
	HHI       *money.Decimal `json:"hhi"`
}

func TestProgressContractAndReconciliation(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var p progressBody
		if st := e.call("rm", "GET", "/api/v1/mobilization/2014-15/progress", nil, &p); st != 200 {
			t.Fatalf("progress: %d", st)
		}
		if !p.Target.Equal(money.MustParse("450000000")) {
			t.Errorf("target = %s", p.Target)
		}
		if !p.Forecast.Equal(p.Signed.Add(p.PipelineWeighted)) || p.Signed.IsZero() {
			t.Errorf("forecast %s ≠ signed %s + pipeline %s", p.Forecast, p.Signed, p.PipelineWeighted)
		}
		var sum money.Decimal
		for _, m := range p.ByModality {
			sum = sum.Add(m.Signed)
		}
		if !sum.Equal(p.Signed) || len(p.ByModality) != 3 {
			t.Errorf("by_modality sums to %s, signed %s", sum, p.Signed)
		}
		one := money.FromInt(1)
		for name, v := range map[string]*money.Decimal{"top5_share": p.Top5Share, "hhi": p.HHI} {
			if v == nil || v.Sign() <= 0 || v.GreaterThan(one) {
				t.Errorf("%s = %v, want a decimal in (0, 1]", name, v)
			}
		}
		// Recompute "signed" independently from the agreements and rates the
		// API publishes: every signed or closed agreement signed in the
		// period, valued at its signature month's rate.
		var ags struct{ Agreements []devcoop.Agreement }
		e.call("rm", "GET", "/api/v1/agreements", nil, &ags)
		var rs struct{ Rates []money.Rate }
		e.call("rm", "GET", "/api/v1/rates", nil, &rs)
		rates := money.NewRates(rs.Rates)
		var signed money.Decimal
		byMod := map[devcoop.Modality]money.Decimal{}
		for _, a := range ags.Agreements {
			if (a.Status != devcoop.AgreementSigned && a.Status != devcoop.AgreementClosed) || a.SignedDate.Before(devcoop.MustDate("2014-01-01")) || a.SignedDate.After(devcoop.MustDate("2015-12-31")) {
				continue
			}
			c, err := rates.ToUSD(money.Money{Amount: a.Amount, Currency: a.Currency, ValueDate: a.SignedDate.Time})
			if err != nil {
				t.Fatal(err)
			}
			signed = signed.Add(c.USD)
			byMod[a.Modality] = byMod[a.Modality].Add(c.USD)
		}
		if !signed.Equal(p.Signed) {
			t.Errorf("agreements give %s signed, progress says %s", signed, p.Signed)
		}
		for _, m := range p.ByModality {
			if !byMod[devcoop.Modality(m.Modality)].Equal(m.Signed) {
				t.Errorf("%s: agreements give %s, progress says %s", m.Modality, byMod[devcoop.Modality(m.Modality)], m.Signed)
			}
		}
	})
}

func TestDonorSeesOnlyItsOwnAgreementsAndProjects(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var own struct{ Agreements []devcoop.Agreement }
		if st := e.call("donor.norway", "GET", "/api/v1/agreements", nil, &own); st != 200 || len(own.Agreements) == 0 {
			t.Fatalf("donor's agreements: %d, %d", st, len(own.Agreements))
		}
		norway := own.Agreements[0].PartnerID
		funded := map[int64]bool{}
		for _, a := range own.Agreements {
			if a.PartnerID != norway {
				t.Errorf("donor sees agreement %s of partner %d", a.Code, a.PartnerID)
			}
			for _, al := range a.Allocations {
				if al.ProjectID != 0 {
					funded[al.ProjectID] = true
				}
			}
		}
		var all struct{ Agreements []devcoop.Agreement }
		e.call("rm", "GET", "/api/v1/agreements", nil, &all)
		tried := 0
		for _, a := range all.Agreements {
			if a.PartnerID == norway || tried >= 5 {
				continue
			}
			tried++
			if st := e.call("donor.norway", "GET", fmt.Sprintf("/api/v1/agreements/%d", a.ID), nil, nil); st != 404 && st != 403 {
				t.Errorf("donor read another partner's agreement %s: %d", a.Code, st)
			}
		}
		if st := e.call("donor.norway", "GET", fmt.Sprintf("/api/v1/agreements?partner=%d", all.Agreements[0].PartnerID+1), nil, &struct{}{}); st != 200 {
			t.Errorf("filtered list: %d", st)
		}
		var ps struct {
			Projects []devcoop.Project
			Total    int
		}
		e.call("donor.norway", "GET", "/api/v1/projects?per_page=500", nil, &ps)
		if ps.Total == 0 {
			t.Fatal("the donor sees no projects")
		}
		for _, p := range ps.Projects {
			ok := funded[p.ID]
			for _, f := range p.Funders {
				ok = ok || f.PartnerID == norway
			}
			if !ok {
				t.Errorf("donor sees project %s it does not fund", p.Code)
			}
		}
		var others struct{ Projects []devcoop.Project }
		e.call("rm", "GET", "/api/v1/projects?per_page=200&status=2", nil, &others)
		tried = 0
		for _, p := range others.Projects {
			isOwn := funded[p.ID]
			for _, f := range p.Funders {
				isOwn = isOwn || f.PartnerID == norway
			}
			if isOwn || tried >= 5 {
				continue
			}
			tried++
			if st := e.call("donor.norway", "GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), nil, nil); st != 404 && st != 403 {
				t.Errorf("donor read project %s: %d", p.Code, st)
			}
		}
		for _, path := range []string{"/api/v1/mobilization/2014-15/progress", "/api/v1/opportunities", "/api/v1/workplans/2014-15/gaps"} {
			if st := e.call("donor.norway", "GET", path, nil, nil); st != 403 {
				t.Errorf("donor GET %s: %d, want 403", path, st)
			}
		}
	})
}

func TestPipelineStageChangesAreAuditedAndRestricted(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		// A fresh opportunity, so the test does not depend on the demo's.
		var ps struct{ Partners []devcoop.Partner }
		e.call("rm", "GET", "/api/v1/partners", nil, &ps)
		body := map[string]any{"code": fmt.Sprintf("T-%d", time.Now().UnixNano()), "partner_id": ps.Partners[0].ID, "title": "Test opportunity", "modality": "earmarked",
			"currency": "USD", "amount": "1000000", "expected_sign_date": "2015-10-01", "probability": "25", "period": "2014-15"}
		var o devcoop.Opportunity
		if st := e.call("rm", "POST", "/api/v1/opportunities", body, &o); st != 201 {
			t.Fatalf("create: %d %+v", st, o)
		}
		for _, who := range []string{"viewer", "finance", "director", "coordinator", "po.nairobi", "donor.norway"} {
			if st := e.call(who, "POST", fmt.Sprintf("/api/v1/opportunities/%d/stage", o.ID), map[string]any{"stage": "negotiation"}, nil); st != 403 {
				t.Errorf("%s moved an opportunity: %d", who, st)
			}
		}
		var moved devcoop.Opportunity
		if st := e.call("rm", "POST", fmt.Sprintf("/api/v1/opportunities/%d/stage", o.ID), map[string]any{"stage": "negotiation", "version": o.Version}, &moved); st != 200 || moved.Stage != "negotiation" {
			t.Fatalf("rm move: %d %+v", st, moved)
		}
		if st := e.call("admin", "POST", fmt.Sprintf("/api/v1/opportunities/%d/stage", o.ID), map[string]any{"stage": "proposal_submitted", "version": o.Version}, nil); st != 409 {
			t.Errorf("stale move: %d", st)
		}
		var audit struct{ Events []devcoop.AuditEvent }
		e.call("admin", "GET", fmt.Sprintf("/api/v1/audit?entity=opportunity&id=%d", o.ID), nil, &audit)
		if len(audit.Events) < 2 || audit.Events[0].Action != "stage" || audit.Events[0].Actor != "rm@devcoop.example" || audit.Events[0].After != `{"stage":"negotiation"}` {
			t.Errorf("audit = %+v", audit.Events)
		}
		var ag devcoop.Agreement
		sign := map[string]any{"signed_date": "2015-06-30", "start": "2015-07-01", "end": "2017-06-30", "version": moved.Version}
		if st := e.call("rm", "POST", fmt.Sprintf("/api/v1/opportunities/%d/sign", o.ID), sign, &ag); st != 201 || ag.OpportunityID != o.ID || ag.Status != devcoop.AgreementSigned {
			t.Fatalf("sign: %d %+v", st, ag)
		}
		var after devcoop.Opportunity
		e.call("rm", "GET", fmt.Sprintf("/api/v1/opportunities/%d", o.ID), nil, &after)
		if after.Stage != devcoop.StageSigned || after.AgreementID != ag.ID {
			t.Errorf("after signing: %+v", after)
		}
	})
}

func TestRatesCSV(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		bad := "month,currency,rate_to_usd,source\n2014-01,EUR,1.36,UN\n2014-02,EURO,1.37,UN\n2014-13,EUR,1.38,UN\n2014-04,EUR,1e0,UN\n"
		var resp struct {
			Error struct{ Fields []devcoop.FieldError }
		}
		if st := e.call("admin", "POST", "/api/v1/rates", bad, &resp); st != 400 {
			t.Fatalf("bad file: %d", st)
		}
		want := map[string]bool{"line 3, column 2 (currency)": true, "line 4, column 1 (month)": true, "line 5, column 3 (rate_to_usd)": true}
		for _, f := range resp.Error.Fields {
			delete(want, f.Field)
		}
		if len(want) != 0 {
			t.Errorf("errors %+v miss %v", resp.Error.Fields, want)
		}
		var rs struct{ Rates []money.Rate }
		e.call("admin", "GET", "/api/v1/rates", nil, &rs)
		if len(rs.Rates) != 0 {
			t.Errorf("a rejected file saved %d rates", len(rs.Rates))
		}
		good := "month,currency,rate_to_usd,source\n2014-01,EUR,1.3612,UN operational\n2014-02,EUR,1.3547,UN operational\n"
		if st := e.call("viewer", "POST", "/api/v1/rates", good, nil); st != 403 {
			t.Errorf("viewer loaded rates: %d", st)
		}
		if st := e.call("admin", "POST", "/api/v1/rates", good, nil); st != 200 {
			t.Fatalf("good file: %d", st)
		}
		e.call("admin", "GET", "/api/v1/rates", nil, &rs)
		if len(rs.Rates) != 2 || rs.Rates[1].USDPer.String() != "1.3547" {
			t.Errorf("rates = %+v", rs.Rates)
		}
	})
}
