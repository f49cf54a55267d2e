package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"devcoop"
)

func upload(t *testing.T, e *env, who string, names ...string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, n := range names {
		data, err := os.ReadFile("../iati/testdata/samples/" + n)
		if err != nil {
			t.Fatal(err)
		}
		fw, _ := mw.CreateFormFile("files", n)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/iati/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = jsonUnmarshal(raw, &out)
	return resp.StatusCode, out
}

func TestIATIImportThroughTheAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		if st, _ := upload(t, e, "viewer", "usaid-US-GOV-1_bolivia_2.03.xml"); st != 403 {
			t.Errorf("viewer import: %d", st)
		}
		var before struct{ Projects int }
		e.call("admin", "GET", "/api/v1/summary", nil, &before)
		st, job := upload(t, e, "admin", "usaid-US-GOV-1_bolivia_2.03.xml", "dfid-GB-1_mali_1.02.xml")
		if st != 202 || job["status"] != "queued" {
			t.Fatalf("upload: %d %v", st, job)
		}
		id := int64(job["id"].(float64))
		did, err := e.app.RunOneJob(context.Background(), "test")
		if err != nil || !did {
			t.Fatalf("run job: %v %v", did, err)
		}
		var rep struct {
			Status  string
			Percent int
			Report  struct {
				Files []struct {
					Path       string
					Status     string
					Activities int
					Converted  bool `json:"converted_from_1x"`
				}
			}
		}
		e.call("admin", "GET", fmt.Sprintf("/api/v1/iati/imports/%d", id), nil, &rep)
		if rep.Status != "done" || rep.Percent != 100 || len(rep.Report.Files) != 2 || rep.Report.Files[0].Activities != 63 || !rep.Report.Files[1].Converted {
			t.Fatalf("report = %+v", rep)
		}
		var list struct {
			Activities []devcoop.ExternalActivity
			Total      int
		}
		e.call("viewer", "GET", "/api/v1/iati/activities?publisher=US-GOV-1", nil, &list)
		if list.Total != 63 {
			t.Errorf("US-GOV-1 activities: %d", list.Total)
		}
		e.call("viewer", "GET", "/api/v1/iati/activities?country=BO", nil, &list)
		if list.Total == 0 {
			t.Error("no activities in Bolivia")
		}
		var one devcoop.ExternalActivity
		if st := e.call("viewer", "GET", fmt.Sprintf("/api/v1/iati/activities/%d", list.Activities[0].ID), nil, &one); st != 200 || len(one.Transactions) == 0 && len(one.Budgets) == 0 {
			t.Errorf("activity: %d, %d transactions", st, len(one.Transactions))
		}
		if st := e.call("donor", "GET", "/api/v1/iati/activities", nil, nil); st != 403 {
			t.Errorf("donor reads imported data: %d", st)
		}
		// Imported data never inflates the organisation's own totals.
		var after struct{ Projects int }
		e.call("admin", "GET", "/api/v1/summary", nil, &after)
		if after != before {
			t.Errorf("summary moved: %+v → %+v", before, after)
		}
		// The public IATI files need no sign-in.
		resp, err := http.Get(e.srv.URL + "/iati/publication/activities.xml")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "XM-DAC-41302-VNM-PUB") || strings.Contains(string(b), "XM-DAC-41302-KEN-1") {
			t.Errorf("publication: %d, holds published only? %.300s", resp.StatusCode, b)
		}
	})
}

// TestPartnerFundsElsewhere imports USAID's Bolivia file and opens the
// page of a partner whose IATI identifier is US-GOV-1: it lists what the
// file says that partner funds, and per country with the money as
// published.
func TestPartnerFundsElsewhere(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		body := map[string]any{"code": "USA", "name": "United States", "kind": "traditional_government", "iati_ref": "US-GOV-1", "iati_type": "10", "country": "US"}
		var p devcoop.Partner
		if st := e.call("rm", "POST", "/api/v1/partners", body, &p); st != 201 {
			t.Fatalf("partner: %d", st)
		}
		rm := signInAs(t, e, "rm@test.org", "correct horse battery")
		if doc := rm.page(fmt.Sprintf("/partners/%d", p.ID)); !doc.Has("#iati-none") || doc.Has("#iati-activities") {
			t.Error("before any import, the page lists funding elsewhere")
		}
		if st, _ := upload(t, e, "admin", "usaid-US-GOV-1_bolivia_2.03.xml"); st != 202 {
			t.Fatalf("upload: %d", st)
		}
		if did, err := e.app.RunOneJob(context.Background(), "test"); err != nil || !did {
			t.Fatalf("run job: %v %v", did, err)
		}
		var funded struct{ Total int }
		e.call("rm", "GET", "/api/v1/iati/activities?funder=US-GOV-1", nil, &funded)
		if funded.Total == 0 {
			t.Fatal("the file names no activity funded by US-GOV-1")
		}
		doc := rm.page(fmt.Sprintf("/partners/%d", p.ID))
		rows := doc.Find("#iati-activities tbody tr")
		if want := min(funded.Total, 15); len(rows) != want {
			t.Errorf("the page lists %d activities, want %d of %d", len(rows), want, funded.Total)
		}
		if !strings.Contains(doc.One(t, "#iati-summary").Text(), fmt.Sprint(funded.Total)) {
			t.Errorf("summary %q does not give the %d activities", doc.One(t, "#iati-summary").Text(), funded.Total)
		}
		if !strings.Contains(doc.One(t, "#iati-countries").Text(), "Bolivia") {
			t.Errorf("Bolivia is not among the countries: %s", doc.One(t, "#iati-countries").Text())
		}
		var bySector struct{ Funding []devcoop.ExternalFunding }
		if st := e.call("rm", "GET", fmt.Sprintf("/api/v1/partners/%d/funding-elsewhere", p.ID), nil, &bySector); st != 200 || len(bySector.Funding) == 0 {
			t.Errorf("funding per country and sector: %d, %d rows", st, len(bySector.Funding))
		}
		if st := e.call("donor", "GET", fmt.Sprintf("/api/v1/partners/%d/funding-elsewhere", p.ID), nil, nil); st != 403 {
			t.Errorf("a donor reads funding elsewhere: %d", st)
		}
	})
}
