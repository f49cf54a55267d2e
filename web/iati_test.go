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
