package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"devcoop/money"
)

type figs struct {
	Required  money.Decimal `json:"required_usd"`
	Available money.Decimal `json:"available_usd"`
	RB        money.Decimal `json:"rb_usd"`
	RBTC      money.Decimal `json:"rbtc_usd"`
	RBSA      money.Decimal `json:"rbsa_usd"`
	XBDC      money.Decimal `json:"xbdc_usd"`
	Pipeline  money.Decimal `json:"pipeline_usd"`
	Gap       money.Decimal `json:"gap_usd"`
}

type gapsBody struct {
	Outcomes []struct {
		Outcome string `json:"outcome"`
		figs
		Components []struct {
			Component string `json:"component"`
			Eligible  *bool  `json:"eligible"`
			figs
		} `json:"components"`
	} `json:"outcomes"`
}

func (f figs) check(t *testing.T, where string) {
	t.Helper()
	if !f.Available.Equal(f.RB.Add(f.RBTC).Add(f.RBSA).Add(f.XBDC)) {
		t.Errorf("%s: available %s ≠ rb+rbtc+rbsa+xbdc", where, f.Available)
	}
	if !f.Gap.Equal(f.Required.Sub(f.Available)) {
		t.Errorf("%s: gap %s ≠ required − available", where, f.Gap)
	}
}

func TestGapsContract(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		if st := e.call("", "GET", "/api/v1/workplans/2014-15/gaps", nil, nil); st != 401 {
			t.Errorf("without a token: %d", st)
		}
		var g gapsBody
		if st := e.call("coordinator", "GET", "/api/v1/workplans/2014-15/gaps", nil, &g); st != 200 {
			t.Fatalf("gaps: %d", st)
		}
		if len(g.Outcomes) != 19 {
			t.Fatalf("%d outcomes", len(g.Outcomes))
		}
		for _, o := range g.Outcomes {
			o.check(t, "outcome "+o.Outcome)
			var sum figs
			for _, c := range o.Components {
				c.check(t, o.Outcome+"/"+c.Component)
				if c.Eligible == nil || c.Component == "" {
					t.Fatalf("component without eligible or key: %+v", c)
				}
				sum.Required, sum.Available, sum.RB, sum.RBTC = sum.Required.Add(c.Required), sum.Available.Add(c.Available), sum.RB.Add(c.RB), sum.RBTC.Add(c.RBTC)
				sum.RBSA, sum.XBDC, sum.Pipeline, sum.Gap = sum.RBSA.Add(c.RBSA), sum.XBDC.Add(c.XBDC), sum.Pipeline.Add(c.Pipeline), sum.Gap.Add(c.Gap)
			}
			for name, pair := range map[string][2]money.Decimal{"required": {sum.Required, o.Required}, "available": {sum.Available, o.Available}, "rb": {sum.RB, o.RB},
				"rbtc": {sum.RBTC, o.RBTC}, "rbsa": {sum.RBSA, o.RBSA}, "xbdc": {sum.XBDC, o.XBDC}, "pipeline": {sum.Pipeline, o.Pipeline}, "gap": {sum.Gap, o.Gap}} {
				if !pair[0].Equal(pair[1]) {
					t.Errorf("outcome %s: components' %s sum to %s, outcome says %s", o.Outcome, name, pair[0], pair[1])
				}
			}
		}
	})
}

type line struct {
	Pool      string        `json:"pool"`
	Outcome   string        `json:"outcome"`
	Component string        `json:"component"`
	Amount    money.Decimal `json:"amount_usd"`
	Reason    string        `json:"reason"`
}

func TestAllocationProposalRespectsEveryConstraint(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var g gapsBody
		e.call("coordinator", "GET", "/api/v1/workplans/2014-15/gaps", nil, &g)
		gap := map[string]money.Decimal{}
		eligible := map[string]bool{}
		for _, o := range g.Outcomes {
			for _, c := range o.Components {
				gap[o.Outcome+"/"+c.Component] = c.Gap
				eligible[o.Outcome+"/"+c.Component] = *c.Eligible
			}
		}
		pools := []map[string]any{
			{"id": "RBSA", "amount_usd": "20000000.00"},
			{"id": "AFR-YOUTH", "amount_usd": "3000000.00", "regions": []string{"AFR"}, "outcomes": []string{"1", "2"}},
		}
		var p struct{ Lines []line }
		if st := e.call("coordinator", "POST", "/api/v1/workplans/2014-15/allocations/proposal", map[string]any{"pools": pools}, &p); st != 200 || len(p.Lines) == 0 {
			t.Fatalf("proposal: %d, %d lines", st, len(p.Lines))
		}
		used := map[string]money.Decimal{}
		got := map[string]money.Decimal{}
		for _, l := range p.Lines {
			k := l.Outcome + "/" + l.Component
			if !eligible[k] {
				t.Errorf("ineligible %s funded", k)
			}
			if l.Reason == "" || l.Amount.Sign() <= 0 {
				t.Errorf("line %+v", l)
			}
			if l.Pool == "AFR-YOUTH" && (l.Outcome != "1" && l.Outcome != "2") {
				t.Errorf("earmarked pool funds outcome %s", l.Outcome)
			}
			used[l.Pool] = used[l.Pool].Add(l.Amount)
			got[k] = got[k].Add(l.Amount)
		}
		if used["RBSA"].GreaterThan(money.MustParse("20000000")) || used["AFR-YOUTH"].GreaterThan(money.MustParse("3000000")) {
			t.Errorf("pools exceeded: %v", used)
		}
		for k, v := range got {
			if v.GreaterThan(gap[k]) {
				t.Errorf("%s receives %s, more than its gap %s", k, v, gap[k])
			}
		}
		bad := map[string]any{"pools": []map[string]any{{"id": "X", "amount_usd": "1.5e6"}}}
		if st := e.call("coordinator", "POST", "/api/v1/workplans/2014-15/allocations/proposal", bad, nil); st != 400 {
			t.Errorf("bad amount: %d", st)
		}
		if st := e.call("donor.norway", "POST", "/api/v1/workplans/2014-15/allocations/proposal", map[string]any{"pools": pools}, nil); st != 403 {
			t.Errorf("donor proposal: %d", st)
		}
	})
}

func TestDecisionsAreCoordinatorsAndCountAsRBSA(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var before gapsBody
		e.call("coordinator", "GET", "/api/v1/workplans/2014-15/gaps", nil, &before)
		// The coordinator owns outcomes 1 and 2, not 4.
		d4 := map[string]any{"lines": []map[string]any{{"pool": "RBSA", "outcome": "4", "component": "GLOBAL", "amount_usd": "1000.00", "reason": "test"}}}
		if st := e.call("coordinator", "POST", "/api/v1/workplans/2014-15/allocations/decisions", d4, nil); st != 403 {
			t.Errorf("decision on another coordinator's outcome: %d", st)
		}
		if st := e.call("viewer", "POST", "/api/v1/workplans/2014-15/allocations/decisions", d4, nil); st != 403 {
			t.Errorf("viewer decision: %d", st)
		}
		d1 := map[string]any{"lines": []map[string]any{{"pool": "RBSA-TEST", "outcome": "1", "component": "GLOBAL", "amount_usd": "12345.67", "reason": "test"}}}
		if st := e.call("coordinator", "POST", "/api/v1/workplans/2014-15/allocations/decisions", d1, nil); st != 201 {
			t.Fatalf("decision: %d", st)
		}
		var after gapsBody
		e.call("coordinator", "GET", "/api/v1/workplans/2014-15/gaps", nil, &after)
		find := func(g gapsBody) money.Decimal {
			for _, o := range g.Outcomes {
				if o.Outcome == "1" {
					for _, c := range o.Components {
						if c.Component == "GLOBAL" {
							return c.RBSA
						}
					}
				}
			}
			return money.Zero
		}
		if diff := find(after).Sub(find(before)); !diff.Equal(money.MustParse("12345.67")) {
			t.Errorf("RBSA moved by %s", diff)
		}
	})
}

func TestPlanningPagesRender(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.browserless(t, "coordinator@devcoop.example")
		for _, path := range []string{"/workplans", "/workplans/2014-15/1", "/workplans/2014-15/1?edit=1", "/gaps", "/gaps?scenario=1", "/gaps/country/KE", "/workplans/2014-15/allocate", "/iati"} {
			body, st := c.get(path)
			if st != 200 {
				t.Errorf("%s: %d %.300s", path, st, body)
			}
		}
		for path, ctype := range map[string]string{"/workplans/2014-15/1/export.xlsx": "spreadsheetml", "/workplans/2014-15/1/export.pdf": "pdf", "/gaps/export.xlsx?period=2014-15": "spreadsheetml", "/gaps/export.pdf?period=2014-15": "pdf"} {
			resp := c.do("GET", path, nil)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), ctype) || len(b) < 1000 {
				t.Errorf("%s: %d %s (%d bytes)", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
			}
		}
		// Propose through the workbench form, without JavaScript.
		form := url.Values{"csrf": {c.csrf}, "action": {"propose"}, "pool_id": {"RBSA", ""}, "pool_amount": {"5000000", ""}, "pool_outcomes": {"", ""}, "pool_regions": {"", ""}}
		resp := c.do("POST", "/workplans/2014-15/allocate", form)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), `id="proposal-table"`) {
			t.Errorf("workbench proposal: %d", resp.StatusCode)
		}
		form.Set("pool_amount", "five million")
		resp = c.do("POST", "/workplans/2014-15/allocate", form)
		b, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), "pools[0].amount_usd") {
			t.Errorf("bad pool amount: %d", resp.StatusCode)
		}
		// The editor refuses a bad amount, naming its row, and keeps the input.
		form = url.Values{"csrf": {c.csrf}, "version": {"1"}, "summary": {"x"}, "component": {"KE"}, "amount": {"1.2.3"}, "min": {""}, "max": {""}, "rb": {""}, "rbtc": {""}, "note": {""}}
		resp = c.do("POST", "/workplans/2014-15/1", form)
		b, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), "rows[0].amount") || !strings.Contains(string(b), `value="1.2.3"`) {
			t.Errorf("bad requirement: %d", resp.StatusCode)
		}
	})
}

// client is a signed-in browser without a browser: a cookie jar and the
// session's CSRF token.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func (e *env) browserless(t *testing.T, email string) *client {
	t.Helper()
	c := &client{t: t, base: e.srv.URL, hc: &http.Client{Jar: newJar()}}
	tok, sess, err := e.app.SignIn(t.Context(), email, "devcoop-demo")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(e.srv.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "devcoop_session", Value: tok, Path: "/"}})
	c.csrf = sess.CSRF
	return c
}

func (c *client) do(method, path string, form url.Values) *http.Response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp
}

func (c *client) get(path string) (string, int) {
	resp := c.do("GET", path, nil)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

var _ = fmt.Sprint
