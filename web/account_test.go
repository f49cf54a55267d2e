package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAccountTokens creates an API token on the account page, uses it
// for the API and the calendar feed, and revokes it; another user cannot
// revoke it, and a nameless token is refused with the field named.
func TestAccountTokens(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		rm := signInAs(t, e, "rm@test.org", "correct horse battery")
		before := rm.page("/account")
		if !before.Has("#token-form") {
			t.Fatal("the account page has no token form")
		}
		had := len(before.Find("#token-table tbody tr")) // the test set-up's own token
		if st, doc, _ := rm.post("/account/tokens", url.Values{"name": {"  "}}); st != 400 || !doc.Has("#f-name-error") {
			t.Errorf("a nameless token: %d", st)
		}
		st, doc, _ := rm.post("/account/tokens", url.Values{"name": {"Outlook calendar"}})
		if st != 200 || !doc.Has("#new-token") {
			t.Fatalf("create: %d", st)
		}
		tok := strings.TrimSpace(doc.One(t, "#token-value").Text())
		call := func(path, tok string) int {
			req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if st := call("/api/v1/mobilization/2014-15/progress", tok); st != 200 {
			t.Errorf("the new token on the API: %d", st)
		}
		resp, err := http.Get(e.srv.URL + "/api/v1/calendar.ics?token=" + url.QueryEscape(tok))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Errorf("the calendar feed with the token: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		doc = rm.page("/account")
		rows := doc.Find("#token-table tbody tr")
		if len(rows) != had+1 || strings.Contains(doc.One(t, "#token-table").Text(), tok) {
			t.Fatalf("the token list: %d rows after %d, or it shows the whole token", len(rows), had)
		}
		id := rows[len(rows)-1].Attr("data-token")
		viewer := signInAs(t, e, "viewer@test.org", "correct horse battery")
		if st, _, _ := viewer.post(fmt.Sprintf("/account/tokens/%s/revoke", id), url.Values{}); st != 404 {
			t.Errorf("another user revoked the token: %d", st)
		}
		if st := call("/api/v1/summary", tok); st != 200 {
			t.Errorf("after another user's attempt: %d", st)
		}
		if st, _, _ := rm.post(fmt.Sprintf("/account/tokens/%s/revoke", id), url.Values{}); st != 303 {
			t.Errorf("revoke: %d", st)
		}
		if st := call("/api/v1/summary", tok); st != 401 {
			t.Errorf("a revoked token: %d", st)
		}
		if !rm.page("/account").Has(fmt.Sprintf("#token-table tr[data-token=%s] .badge", id)) {
			t.Error("the revoked token is not marked")
		}
	})
}
