package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"devcoop"
	"devcoop/app"
	"devcoop/dbtest"
	"devcoop/money"
	"devcoop/storetest"
	"devcoop/web"
)

// env is a running server over a fresh store with a small portfolio and a
// token for each kind of user.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	app    *app.App
	store  devcoop.Store
	fx     *storetest.Fixture
	tokens map[string]string
	ids    map[string]int64 // projects by code
}

func newEnv(t *testing.T, engine string) *env {
	t.Helper()
	store := dbtest.Open(t, engine)
	fx := storetest.Seed(t, store)
	a := app.New(store, nil, app.DefaultOptions())
	var logger *slog.Logger
	if os.Getenv("DEVCOOP_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	s, err := web.New(a, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, app: a, store: store, fx: fx, tokens: map[string]string{}, ids: map[string]int64{}}
	ctx := app.AsSystem(context.Background())
	users := []app.NewUser{
		{Email: "admin@test.org", Roles: []devcoop.Role{devcoop.RoleAdmin}},
		{Email: "viewer@test.org", Roles: []devcoop.Role{devcoop.RoleViewer}},
		{Email: "po.nairobi@test.org", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, OfficeID: fx.Office.ID},
		{Email: "po.hanoi@test.org", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, OfficeID: fx.Office2.ID},
		{Email: "donor@test.org", Roles: []devcoop.Role{devcoop.RoleDonor}, PartnerID: fx.Partner.ID},
		{Email: "appraiser@test.org", Roles: []devcoop.Role{devcoop.RoleAppraiser}},
		{Email: "director@test.org", Roles: []devcoop.Role{devcoop.RoleDirector}},
		{Email: "rm@test.org", Roles: []devcoop.Role{devcoop.RoleRMOfficer}},
		{Email: "evaluation@test.org", Roles: []devcoop.Role{devcoop.RoleEvaluationManager}},
	}
	for _, u := range users {
		u.Password = "correct horse battery"
		if _, err := a.AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		tok, err := a.CreateToken(ctx, u.Email, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[strings.Split(u.Email, "@")[0]] = tok
	}
	for _, code := range []string{"KEN-1", "VNM-1", "VNM-PUB"} {
		p := storetest.NewProject(fx, code)
		if strings.HasPrefix(code, "VNM") {
			p.OfficeID = fx.Office2.ID
			p.Countries = []devcoop.CountryShare{{Country: "VN", Percentage: dec("100")}}
			p.CPOs = nil
			p.Funders = nil
			p.Published = code == "VNM-PUB"
		}
		if err := a.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		e.ids[code] = p.ID
	}
	return e
}

// call makes an API request as who ("" for no token) and decodes the JSON
// answer into out when out is not nil.
func (e *env) call(who, method, path string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return resp.StatusCode
}

func (e *env) project(code string) map[string]any {
	e.t.Helper()
	var p map[string]any
	if st := e.call("admin", "GET", fmt.Sprintf("/api/v1/projects/%d", e.ids[code]), nil, &p); st != 200 {
		e.t.Fatalf("read %s: %d", code, st)
	}
	return p
}

func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, newEnv(t, engine)) })
	}
}

func dec(s string) money.Decimal { return money.MustParse(s) }

func TestSummaryNeedsToken(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var body map[string]any
		if st := e.call("", "GET", "/api/v1/summary", nil, &body); st != 401 {
			t.Errorf("without a token: %d", st)
		}
		if body["error"] == nil {
			t.Errorf("401 body = %v", body)
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/summary", nil)
		req.Header.Set("Authorization", "Bearer dcp_forged")
		resp, _ := http.DefaultClient.Do(req)
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("with a forged token: %d", resp.StatusCode)
		}
		var sum struct {
			Projects  *int `json:"projects"`
			Countries *int `json:"countries"`
			Partners  *int `json:"partners"`
		}
		if st := e.call("admin", "GET", "/api/v1/summary", nil, &sum); st != 200 {
			t.Fatalf("with a token: %d", st)
		}
		if sum.Projects == nil || *sum.Projects != 3 || *sum.Countries != 3 || *sum.Partners != 1 {
			t.Errorf("summary = %+v", sum)
		}
	})
}

func TestViewerChangesNothing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		before := e.project("KEN-1")
		upd := strip(before)
		upd["title"] = "Renamed by a viewer"
		if st := e.call("viewer", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["KEN-1"]), upd, nil); st != 403 {
			t.Errorf("viewer update: %d, want 403", st)
		}
		create := map[string]any{"code": "VIEWER-1", "title": "x", "status": "2", "planned_start": "2015-01-01", "planned_end": "2015-12-31", "office_id": e.fx.Office.ID, "source": "XBDC"}
		if st := e.call("viewer", "POST", "/api/v1/projects", create, nil); st != 403 {
			t.Errorf("viewer create: %d, want 403", st)
		}
		if after := e.project("KEN-1"); after["title"] != before["title"] || after["version"] != before["version"] {
			t.Errorf("viewer changed the project: %v", after["title"])
		}
		var list struct{ Total int }
		e.call("admin", "GET", "/api/v1/projects?q=VIEWER", nil, &list)
		if list.Total != 0 {
			t.Error("viewer created a project")
		}
	})
}

func TestProgrammeOfficerOnlyChangesOwnOffice(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		// VNM-PUB is published, so the Nairobi officer can see it but not change it.
		other := e.project("VNM-PUB")
		other["title"] = "Changed from Nairobi"
		if st := e.call("po.nairobi", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["VNM-PUB"]), strip(other), nil); st != 403 {
			t.Errorf("update of another office's visible project: %d, want 403", st)
		}
		// VNM-1 is not published: to the Nairobi officer it does not exist.
		hidden := e.project("VNM-1")
		if st := e.call("po.nairobi", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["VNM-1"]), strip(hidden), nil); st != 404 {
			t.Errorf("update of another office's hidden project: %d, want 404", st)
		}
		if st := e.call("po.nairobi", "GET", fmt.Sprintf("/api/v1/projects/%d", e.ids["VNM-1"]), nil, nil); st != 404 {
			t.Errorf("read of another office's hidden project: %d, want 404", st)
		}
		if e.project("VNM-PUB")["title"] == "Changed from Nairobi" {
			t.Error("the other office's project changed")
		}
		// Moving an own project to another office is refused too.
		own := e.project("KEN-1")
		own["office_id"] = e.fx.Office2.ID
		if st := e.call("po.nairobi", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["KEN-1"]), strip(own), nil); st != 403 {
			t.Errorf("moving a project away: %d, want 403", st)
		}
		// Their own project they may change.
		own = e.project("KEN-1")
		own["title"] = "Changed by its own office"
		var got map[string]any
		if st := e.call("po.nairobi", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["KEN-1"]), strip(own), &got); st != 200 {
			t.Fatalf("update of own project: %d %v", st, got)
		}
		if got["version"].(float64) != own["version"].(float64)+1 {
			t.Errorf("version after update = %v", got["version"])
		}
		// Creating for another office is refused; for their own, allowed.
		p := newProjectBody(e, "NEW-HANOI", e.fx.Office2.ID)
		if st := e.call("po.nairobi", "POST", "/api/v1/projects", p, nil); st != 403 {
			t.Errorf("create for another office: %d", st)
		}
		p = newProjectBody(e, "NEW-NAIROBI", e.fx.Office.ID)
		if st := e.call("po.nairobi", "POST", "/api/v1/projects", p, &got); st != 201 {
			t.Errorf("create for own office: %d %v", st, got)
		}
		// The audit trail recorded who changed what.
		var audit struct{ Events []devcoop.AuditEvent }
		e.call("admin", "GET", fmt.Sprintf("/api/v1/audit?entity=project&id=%d", e.ids["KEN-1"]), nil, &audit)
		if len(audit.Events) < 2 || audit.Events[0].Actor != "po.nairobi@test.org" || !strings.Contains(audit.Events[0].Before, "Skills for youth") || !strings.Contains(audit.Events[0].After, "Changed by its own office") {
			t.Errorf("audit = %+v", audit.Events)
		}
	})
}

func TestDonorSeesOnlyWhatItFunds(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var list struct {
			Projects []devcoop.Project
			Total    int
		}
		e.call("donor", "GET", "/api/v1/projects", nil, &list)
		if list.Total != 1 || list.Projects[0].Code != "KEN-1" {
			t.Errorf("donor sees %+v", list)
		}
		if st := e.call("donor", "GET", fmt.Sprintf("/api/v1/projects/%d", e.ids["VNM-PUB"]), nil, nil); st != 404 {
			// published projects are public, but a donor account sees its own portfolio
			t.Logf("donor reading a published project it does not fund: %d", st)
		}
		var sum struct{ Projects, Partners int }
		e.call("donor", "GET", "/api/v1/summary", nil, &sum)
		if sum.Projects != 1 || sum.Partners != 1 {
			t.Errorf("donor summary = %+v", sum)
		}
	})
}

func TestStaleVersionConflicts(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		p := e.project("KEN-1")
		first := strip(p)
		first["title"] = "First"
		if st := e.call("admin", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["KEN-1"]), first, nil); st != 200 {
			t.Fatal(st)
		}
		second := strip(p)
		second["title"] = "Second"
		var body map[string]map[string]any
		if st := e.call("admin", "PUT", fmt.Sprintf("/api/v1/projects/%d", e.ids["KEN-1"]), second, &body); st != 409 {
			t.Errorf("stale update: %d", st)
		}
		if e.project("KEN-1")["title"] != "First" {
			t.Error("stale update overwrote")
		}
	})
}

func TestBadInputNamesTheFieldAndSavesNothing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		cases := []struct {
			name  string
			mod   func(m map[string]any)
			raw   string
			field string
		}{
			{name: "malformed JSON", raw: `{"code": "X", "title": }`, field: "body"},
			{name: "unknown field", mod: func(m map[string]any) { m["colour"] = "blue" }, field: "colour"},
			{name: "nested unknown field", mod: func(m map[string]any) {
				m["countries"] = []any{map[string]any{"country": "KE", "percentage": "100", "pct": 1}}
			}, field: "countries[0].pct"},
			{name: "unknown country", mod: func(m map[string]any) { m["countries"] = []any{map[string]any{"country": "XX", "percentage": "100"}} }, field: "countries[0].country"},
			{name: "unknown currency", mod: func(m map[string]any) { m["currency"] = "XYZ" }, field: "currency"},
			{name: "unknown budget currency", mod: func(m map[string]any) { m["budgets"].([]any)[0].(map[string]any)["currency"] = "EURO" }, field: "budgets[0].currency"},
			{name: "unknown sector", mod: func(m map[string]any) { m["sectors"] = []any{map[string]any{"sector": "99999", "percentage": "100"}} }, field: "sectors[0].sector"},
			{name: "negative percentage", mod: func(m map[string]any) {
				m["countries"] = []any{map[string]any{"country": "KE", "percentage": "120"}, map[string]any{"country": "UG", "percentage": "-20"}}
			}, field: "countries[1].percentage"},
			{name: "percentages not 100", mod: func(m map[string]any) {
				m["countries"] = []any{map[string]any{"country": "KE", "percentage": "60"}, map[string]any{"country": "UG", "percentage": "30"}}
			}, field: "countries"},
			{name: "end before start", mod: func(m map[string]any) { m["planned_end"] = "2014-12-31" }, field: "planned_end"},
			{name: "amount not exact", mod: func(m map[string]any) { m["budgets"].([]any)[0].(map[string]any)["amount"] = "1.5e6" }, field: "budgets[0].amount"},
			{name: "amount not a number", mod: func(m map[string]any) { m["budgets"].([]any)[0].(map[string]any)["amount"] = "12,000" }, field: "budgets[0].amount"},
			{name: "date not a date", mod: func(m map[string]any) { m["planned_start"] = "31/12/2015" }, field: "planned_start"},
			{name: "wrong type", mod: func(m map[string]any) { m["office_id"] = "twelve" }, field: "office_id"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var body any = tc.raw
				if tc.raw == "" {
					m := newProjectBody(e, "BAD-1", e.fx.Office.ID)
					tc.mod(m)
					body = m
				}
				var resp struct {
					Error struct {
						Message string
						Fields  []devcoop.FieldError
					}
				}
				if st := e.call("admin", "POST", "/api/v1/projects", body, &resp); st != 400 {
					t.Fatalf("status %d, want 400 (%+v)", st, resp)
				}
				found := false
				for _, f := range resp.Error.Fields {
					if f.Field == tc.field {
						found = true
					}
				}
				if !found {
					t.Errorf("fields %+v do not name %s", resp.Error.Fields, tc.field)
				}
				var list struct{ Total int }
				e.call("admin", "GET", "/api/v1/projects?q=BAD-1", nil, &list)
				if list.Total != 0 {
					t.Error("the bad project was saved")
				}
			})
		}
	})
}

func newProjectBody(e *env, code string, office int64) map[string]any {
	return map[string]any{
		"code": code, "title": "Decent work for domestic workers", "status": "2", "planned_start": "2015-01-01", "planned_end": "2016-12-31",
		"office_id": office, "source": "XBDC", "currency": "EUR",
		"countries": []any{map[string]any{"country": "KE", "percentage": "100"}},
		"sectors":   []any{map[string]any{"sector": "16020", "percentage": "100"}},
		"outcomes":  []any{map[string]any{"outcome_id": e.fx.Outcome.ID, "percentage": "100"}},
		"budgets":   []any{map[string]any{"period_start": "2015-01-01", "period_end": "2015-12-31", "amount": "250000.00", "currency": "EUR", "value_date": "2015-01-01"}},
	}
}

// strip removes the fields a client does not send back.
func strip(p map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range p {
		out[k] = v
	}
	delete(out, "id")
	delete(out, "updated_at")
	for _, k := range []string{"outcomes", "cpos", "funders"} {
		if list, ok := out[k].([]any); ok {
			for _, x := range list {
				m := x.(map[string]any)
				delete(m, "outcome")
				delete(m, "cpo")
				delete(m, "partner")
			}
		}
	}
	return out
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
