package web_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/appraisal/logframe"
)

// signedIn is a browserless client for a user of the small fixture, whose
// password is not the demo's.
func (e *env) signedIn(t *testing.T, who string) *client {
	t.Helper()
	c := &client{t: t, base: e.srv.URL, hc: &http.Client{Jar: newJar()}}
	tok, sess, err := e.app.SignIn(t.Context(), who+"@test.org", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(e.srv.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "devcoop_session", Value: tok, Path: "/"}})
	c.csrf = sess.CSRF
	return c
}

// post sends a form and returns the page it ends on, after redirects.
func (c *client) post(path string, form url.Values) (body string, status int, final string) {
	c.t.Helper()
	resp := c.do("POST", path, form)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode, resp.Request.URL.RequestURI()
}

// element returns the HTML of the element with the given id, from its start
// tag to its matching end tag, or "" when there is none.
func element(page, id string) string {
	i := strings.Index(page, ` id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndexByte(page[:i], '<')
	name := page[start+1:]
	name = name[:strings.IndexAny(name, " >")]
	if name == "input" || name == "img" {
		return page[start : start+strings.IndexByte(page[start:], '>')+1]
	}
	depth, pos := 0, start
	open, closing := "<"+name, "</"+name+">"
	for {
		o := strings.Index(page[pos+1:], open)
		c := strings.Index(page[pos+1:], closing)
		if c < 0 {
			return page[start:]
		}
		if o >= 0 && o < c && (page[pos+1+o+len(open)] == ' ' || page[pos+1+o+len(open)] == '>') {
			depth++
			pos += 1 + o
			continue
		}
		if depth == 0 {
			return page[start : pos+1+c+len(closing)]
		}
		depth--
		pos += 1 + c
	}
}

var valueAttr = regexp.MustCompile(`\svalue="([^"]*)"`)

// inputValue is the value of the input named name.
func inputValue(page, name string) (string, bool) {
	m := regexp.MustCompile(`<input[^>]*\sname="` + regexp.QuoteMeta(html.EscapeString(name)) + `"[^>]*>`).FindString(page)
	if m == "" {
		return "", false
	}
	v := valueAttr.FindStringSubmatch(m)
	if v == nil {
		return "", true
	}
	return html.UnescapeString(v[1]), true
}

func text(fragment string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(fragment, ""))
}

// formOf is a proposal as the editor posts it: every input named by its
// JSON path, with blank rows as the editor adds them.
func formOf(p *devcoop.Proposal, csrf string, version int) url.Values {
	v := url.Values{"csrf": {csrf}, "version": {strconv.Itoa(version)}}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	v.Set("title", p.Title)
	v.Set("office_id", fmt.Sprint(p.OfficeID))
	v.Set("partner_id", fmt.Sprint(p.PartnerID))
	v.Set("responsible_official.name", p.ResponsibleOfficial.Name)
	v.Set("responsible_official.email", p.ResponsibleOfficial.Email)
	v.Set("amount", p.Amount.String())
	v.Set("currency", p.Currency)
	v.Set("duration_months", num(p.DurationMonths))
	v.Set("planned_start", p.PlannedStart.String())
	v.Set("period", p.Period)
	v.Set("countries", strings.Join(p.Countries, ", "))
	v.Set("cpos", strings.Join(p.CPOs, ", "))
	v.Set("outcomes", strings.Join(p.Outcomes, ", "))
	v.Set("needs.statement", p.Needs.Statement)
	v.Set("needs.dwcp_reference", p.Needs.DWCPReference)
	v.Set("needs.pb_reference", p.Needs.PBReference)
	v.Set("logframe.objective", p.Logframe.Objective)
	indicators := func(f string, ins []devcoop.Indicator, as []devcoop.Assumption) {
		for k, in := range append(ins, devcoop.Indicator{}) {
			g := fmt.Sprintf("%s.indicators[%d]", f, k)
			v.Set(g+".description", in.Description)
			v.Set(g+".baseline", in.Baseline)
			v.Set(g+".target", in.Target)
			v.Set(g+".means_of_verification", in.MeansOfVerification)
		}
		for k, a := range append(as, devcoop.Assumption{}) {
			g := fmt.Sprintf("%s.assumptions[%d]", f, k)
			v.Set(g+".id", a.ID)
			v.Set(g+".description", a.Description)
		}
	}
	for i, o := range p.Logframe.Outcomes {
		f := fmt.Sprintf("logframe.outcomes[%d]", i)
		v.Set(f+".code", o.Code)
		v.Set(f+".statement", o.Statement)
		indicators(f, o.Indicators, o.Assumptions)
		for j, out := range o.Outputs {
			g := fmt.Sprintf("%s.outputs[%d]", f, j)
			v.Set(g+".code", out.Code)
			v.Set(g+".statement", out.Statement)
			indicators(g, out.Indicators, out.Assumptions)
			for k, a := range append(out.Activities, devcoop.Activity{}) {
				h := fmt.Sprintf("%s.activities[%d]", g, k)
				v.Set(h+".code", a.Code)
				v.Set(h+".description", a.Description)
				v.Set(h+".start_month", num(a.StartMonth))
				v.Set(h+".end_month", num(a.EndMonth))
			}
		}
	}
	// A blank outcome, as the editor offers one.
	v.Set(fmt.Sprintf("logframe.outcomes[%d].statement", len(p.Logframe.Outcomes)), "")
	v.Set(fmt.Sprintf("logframe.outcomes[%d].outputs[0].indicators[0].baseline", len(p.Logframe.Outcomes)), "")
	for i, l := range append(p.Budget, devcoop.BudgetLine{}, devcoop.BudgetLine{}) {
		f := fmt.Sprintf("budget[%d]", i)
		v.Set(f+".category", string(l.Category))
		v.Set(f+".description", l.Description)
		v.Set(f+".year", num(l.Year))
		if !l.Amount.IsZero() {
			v.Set(f+".amount", l.Amount.String())
		} else {
			v.Set(f+".amount", "")
		}
	}
	for i, r := range append(p.Risks, devcoop.Risk{}) {
		f := fmt.Sprintf("risks[%d]", i)
		v.Set(f+".id", r.ID)
		v.Set(f+".description", r.Description)
		v.Set(f+".likelihood", string(r.Likelihood))
		v.Set(f+".impact", string(r.Impact))
		v.Set(f+".mitigation", r.Mitigation)
		v.Set(f+".assumptions", strings.Join(r.Assumptions, ", "))
	}
	for _, k := range devcoop.CrossCuttingSections {
		t, _ := p.CrossCutting.Section(k)
		v.Set("cross_cutting."+k, t)
	}
	v.Set("sustainability", p.Sustainability)
	for i, ip := range append(p.ImplementingPartners, devcoop.ImplementingPartner{}) {
		f := fmt.Sprintf("implementing_partners[%d]", i)
		v.Set(f+".name", ip.Name)
		v.Set(f+".kind", ip.Kind)
		v.Set(f+".country", ip.Country)
		v.Set(f+".role", ip.Role)
	}
	for i, d := range append(p.Documents, devcoop.Document{}) {
		f := fmt.Sprintf("documents[%d]", i)
		v.Set(f+".name", d.Name)
		v.Set(f+".kind", d.Kind)
		v.Set(f+".url", d.URL)
		if d.SizeBytes != 0 {
			v.Set(f+".size_bytes", strconv.FormatInt(d.SizeBytes, 10))
		} else {
			v.Set(f+".size_bytes", "")
		}
	}
	return v
}

// createProposal stores a proposal through the API as the Nairobi officer.
func createProposal(t *testing.T, e *env, p *devcoop.Proposal) *devcoop.ProposalRecord {
	t.Helper()
	var rec devcoop.ProposalRecord
	if st := e.call("po.nairobi", "POST", "/api/v1/proposals", p, &rec); st != 201 {
		t.Fatalf("create: %d", st)
	}
	return &rec
}

func move(t *testing.T, e *env, id int64, who string, action appraisal.Action, comment string) {
	t.Helper()
	var body struct{ Error struct{ Message string } }
	if st := e.call(who, "POST", fmt.Sprintf("/api/v1/proposals/%d/transitions", id), map[string]any{"action": action, "comment": comment}, &body); st != 200 {
		t.Fatalf("%s %s: %d %s", who, action, st, body.Error.Message)
	}
}

func TestProposalPagesForEachRole(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		rec := createProposal(t, e, proposalFor(e))
		draft := createProposal(t, e, proposalFor(e))
		move(t, e, rec.ID, "po.nairobi", appraisal.ActionSubmit, "")
		p := fmt.Sprintf("/proposals/%d", rec.ID)
		staff := []string{"admin", "po.nairobi", "appraiser", "director", "rm", "evaluation", "viewer"}
		for _, who := range staff {
			c := e.signedIn(t, who)
			for _, path := range []string{"/proposals", "/proposals?state=submitted&q=safer", p, p + "/compare", "/appraisal/dashboard", "/appraisal/rules", "/notifications"} {
				if body, st := c.get(path); st != 200 {
					t.Errorf("%s %s: %d %.400s", who, path, st, text(element(body, "main")))
				}
			}
			resp := c.do("GET", p+"/record.pdf", nil)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF")) {
				t.Errorf("%s record.pdf: %d %s", who, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			want := map[string]int{"appraiser": 200, "director": 200, "rm": 200, "evaluation": 200, "admin": 200, "po.nairobi": 403, "viewer": 403}[who]
			if _, st := c.get("/appraisal"); st != want {
				t.Errorf("%s /appraisal: %d, want %d", who, st, want)
			}
			want = map[bool]int{true: 200, false: 403}[who == "admin" || who == "po.nairobi"]
			if _, st := c.get("/proposals/new"); st != want {
				t.Errorf("%s /proposals/new: %d, want %d", who, st, want)
			}
			want = map[bool]int{true: 200, false: 403}[who == "admin" || who == "appraiser"]
			if _, st := c.get(p + "/appraise"); st != want {
				t.Errorf("%s appraise: %d, want %d", who, st, want)
			}
		}
		// The office edits its draft; nobody edits a submitted proposal.
		po := e.signedIn(t, "po.nairobi")
		if _, st := po.get(fmt.Sprintf("/proposals/%d/edit", draft.ID)); st != 200 {
			t.Errorf("edit draft: %d", st)
		}
		if _, st := po.get(p + "/edit"); st != 409 {
			t.Errorf("edit submitted: %d", st)
		}
		// The queue shows the submitted proposal; the list its state.
		body, _ := e.signedIn(t, "appraiser").get("/appraisal")
		if q := element(body, "queue"); !strings.Contains(q, p) || !strings.Contains(q, "Submitted for appraisal") {
			t.Errorf("queue: %.500s", text(q))
		}
		body, _ = po.get("/proposals?state=draft")
		if l := element(body, "proposal-table"); !strings.Contains(l, fmt.Sprintf("/proposals/%d", draft.ID)) || strings.Contains(l, p+`"`) {
			t.Errorf("filtered list: %.500s", text(l))
		}
		// Donors and other offices see no proposal; the nav shows Proposals to staff only.
		donor := e.signedIn(t, "donor")
		for _, path := range []string{"/proposals", p, p + "/record.pdf", p + "/compare", "/appraisal", "/appraisal/dashboard", "/proposals/new", fmt.Sprintf("/proposals/%d", draft.ID)} {
			if body, st := donor.get(path); st != 403 && st != 404 {
				t.Errorf("donor %s: %d", path, st)
			} else if strings.Contains(body, rec.Title) {
				t.Errorf("donor %s shows the title", path)
			}
		}
		if body, _ := donor.get("/"); strings.Contains(body, `href="/proposals"`) {
			t.Error("the donor's navigation links to proposals")
		}
		if body, _ := po.get("/"); !strings.Contains(element(body, "app-nav"), `href="/proposals"`) {
			t.Error("the officer's navigation lacks proposals")
		}
		if _, st := e.signedIn(t, "po.hanoi").get(fmt.Sprintf("/proposals/%d", draft.ID)); st != 404 {
			t.Errorf("another office's draft: %d", st)
		}
	})
}

var savedAt = regexp.MustCompile(`^/proposals/(\d+)\?flash=`)

func TestProposalEditorRoundTrip(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		po := e.signedIn(t, "po.nairobi")
		p := proposalFor(e)
		_, st, final := po.post("/proposals/new", formOf(p, po.csrf, 0))
		m := savedAt.FindStringSubmatch(final)
		if st != 200 || m == nil {
			t.Fatalf("create through the editor: %d at %s", st, final)
		}
		var rec devcoop.ProposalRecord
		e.call("po.nairobi", "GET", "/api/v1/proposals/"+m[1], nil, &rec)
		if ch := appraisal.Diff(p, &rec.Proposal); len(ch) != 0 {
			t.Errorf("the editor changed the proposal: %d changes, first %s: %s → %s", len(ch), ch[0].Path, ch[0].Before, ch[0].After)
		}
		// The editor shows it back, each value in the input named by its path.
		body, _ := po.get("/proposals/" + m[1] + "/edit")
		for name, want := range map[string]string{
			"title": p.Title, "amount": "3390000.00", "cpos": "KEN 126", "planned_start": "2015-01-01", "duration_months": "36",
			"logframe.outcomes[0].indicators[0].baseline":                       p.Logframe.Outcomes[0].Indicators[0].Baseline,
			"logframe.outcomes[1].outputs[1].activities[0].end_month":           strconv.Itoa(p.Logframe.Outcomes[1].Outputs[1].Activities[0].EndMonth),
			"risks[0].assumptions":                                              "A1",
			"budget[3].amount":                                                  p.Budget[3].Amount.String(),
			"documents[0].size_bytes":                                           "482113",
			"cross_cutting.disability_inclusion":                                "",
			fmt.Sprintf("budget[%d].amount", len(p.Budget)):                     "",
			fmt.Sprintf("logframe.outcomes[%d].code", len(p.Logframe.Outcomes)): "",
		} {
			got, ok := inputValue(body, name)
			if name == "cross_cutting.disability_inclusion" {
				got, ok = text(element(body, "f-cross_cutting-disability_inclusion")), strings.Contains(body, `name="cross_cutting.disability_inclusion"`)
				want = p.CrossCutting.DisabilityInclusion
			}
			if !ok || got != want {
				t.Errorf("input %s shows %q (found %v), want %q", name, got, ok, want)
			}
		}
		// A new version; then a save based on the old one is refused and keeps what was typed.
		p.Title = "Safer construction sites in Kenya"
		if _, _, final := po.post("/proposals/"+m[1]+"/edit", formOf(p, po.csrf, 1)); !strings.Contains(final, "flash=Saved+as+version+2") {
			t.Fatalf("save: ended at %s", final)
		}
		p.Title = "A stale change"
		body, st, _ = po.post("/proposals/"+m[1]+"/edit", formOf(p, po.csrf, 1))
		if v, _ := inputValue(body, "title"); st != 409 || !strings.Contains(body, "someone else saved") || v != "A stale change" {
			t.Errorf("stale save: %d, title %q", st, v)
		}
	})
}

func TestProposalEditorFieldErrors(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		po := e.signedIn(t, "po.nairobi")
		form := formOf(proposalFor(e), po.csrf, 0)
		form.Set("title", "Typed title stays")
		form.Set("amount", "1,5")
		form.Set("budget[2].amount", "-100")
		form.Set("logframe.outcomes[0].indicators[0].baseline", "") // a finding, not an input error
		body, st, _ := po.post("/proposals/new", form)
		if st != 400 {
			t.Fatalf("bad input: %d", st)
		}
		if in := element(body, "f-amount"); !strings.Contains(in, `aria-invalid="true"`) || !strings.Contains(in, `value="1,5"`) {
			t.Errorf("amount input: %s", in)
		}
		if msg := text(element(body, "f-amount-error")); !strings.Contains(msg, `"1,5" is not an amount`) {
			t.Errorf("amount error: %q", msg)
		}
		if msg := text(element(body, "f-budget-2-amount-error")); !strings.Contains(msg, "negative") {
			t.Errorf("budget line error: %q", msg)
		}
		if element(body, "f-logframe-outcomes-0-indicators-0-baseline-error") != "" {
			t.Error("a missing baseline is shown as an input error")
		}
		for name, want := range map[string]string{"title": "Typed title stays", "budget[2].amount": "-100", "logframe.outcomes[0].indicators[0].target": proposalFor(e).Logframe.Outcomes[0].Indicators[0].Target} {
			if got, _ := inputValue(body, name); got != want {
				t.Errorf("%s shows %q, want %q", name, got, want)
			}
		}
		if !strings.Contains(element(body, "error-summary"), `href="#f-amount"`) {
			t.Errorf("the error summary does not link to the amount: %s", element(body, "error-summary"))
		}
		var list struct{ Proposals []devcoop.ProposalRecord }
		if e.call("po.nairobi", "GET", "/api/v1/proposals", nil, &list); len(list.Proposals) != 0 {
			t.Errorf("%d proposals saved", len(list.Proposals))
		}
		// The service's own check, after a blank line in the middle is dropped:
		// the error names the line where it now stands, and the form shows it there.
		form = formOf(proposalFor(e), po.csrf, 0)
		for _, f := range []string{"category", "description", "year", "amount"} {
			form.Set("budget[1]."+f, "")
		}
		form.Set("budget[2].amount", "-5")
		body, st, _ = po.post("/proposals/new", form)
		if v, _ := inputValue(body, "budget[1].amount"); st != 400 || v != "-5" || !strings.Contains(text(element(body, "f-budget-1-amount-error")), "negative") {
			t.Errorf("negative line: %d, budget[1].amount %q, error %q", st, v, text(element(body, "f-budget-1-amount-error")))
		}
		// "Add another indicator" adds a row and saves nothing.
		form = formOf(proposalFor(e), po.csrf, 0)
		n := len(proposalFor(e).Logframe.Outcomes[0].Indicators) // formOf added one blank row at n
		form.Set("add", "logframe.outcomes[0].indicators")
		body, st, _ = po.post("/proposals/new", form)
		if _, ok := inputValue(body, fmt.Sprintf("logframe.outcomes[0].indicators[%d].baseline", n+1)); st != 200 || !ok {
			t.Errorf("add another: %d, row %d present %v", st, n+1, ok)
		}
		if e.call("po.nairobi", "GET", "/api/v1/proposals", nil, &list); len(list.Proposals) != 0 {
			t.Errorf("adding a row saved the proposal")
		}
	})
}

var summaryRow = regexp.MustCompile(`(?s)<tr>\s*<td[^>]*><span class="badge[^>]*>[^<]*</span></td>\s*<td[^>]*><a href="#([^"]+)">.*?</td>\s*<td[^>]*>(.*?)<span`)

func TestProposalPageShowsFindingsBesideTheirPlace(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		p := proposalFor(e)
		p.Logframe.Outcomes[0].Indicators[0].Baseline = ""
		p.Logframe.Outcomes[1].Outputs[0].Activities = nil
		p.Sustainability = "Partners continue."
		p.Risks[1].Mitigation = ""
		p.Budget = p.Budget[1:]
		bare := &devcoop.Proposal{Title: "Just an idea", OfficeID: e.fx.Office.ID, Currency: "USD", Logframe: devcoop.Logframe{Outcomes: []devcoop.ImmediateOutcome{{Code: "1"}}}}
		po := e.signedIn(t, "po.nairobi")
		for _, prop := range []*devcoop.Proposal{p, bare} {
			rec := createProposal(t, e, prop)
			var sc screenResp
			e.call("po.nairobi", "GET", fmt.Sprintf("/api/v1/proposals/%d/screen", rec.ID), nil, &sc)
			body, st := po.get(fmt.Sprintf("/proposals/%d", rec.ID))
			if st != 200 || len(sc.Findings) < 5 {
				t.Fatalf("page %d, %d findings", st, len(sc.Findings))
			}
			rows := summaryRow.FindAllStringSubmatch(element(body, "findings-table"), -1)
			if len(rows) != len(sc.Findings) {
				t.Fatalf("the summary lists %d findings, the screen %d", len(rows), len(sc.Findings))
			}
			// Every finding's message is in the element its summary row links to.
			for i, f := range sc.Findings {
				anchor, msg := rows[i][1], strings.TrimSpace(text(rows[i][2]))
				if msg != f.Message {
					t.Errorf("row %d says %q, finding %q", i, msg, f.Message)
				}
				if el := element(body, anchor); !strings.Contains(text(el), f.Message) {
					t.Errorf("%s (%s) is not shown beside #%s", f.Message, f.Path, anchor)
				}
			}
		}
		rec := createProposal(t, e, p)
		body, _ := po.get(fmt.Sprintf("/proposals/%d", rec.ID))
		for id, want := range map[string]string{
			"at-logframe-outcomes-0-indicators-0-baseline": "indicator 1 of outcome 1 has no baseline",
			"at-logframe-outcomes-1-outputs-0-activities":  "has no activity",
			"at-sustainability":                            "the sustainability and exit strategy section has 2 words",
			"at-risks-1-mitigation":                        "risk R2 has no mitigation",
			"at-budget":                                    "the budget lines add up to",
		} {
			if el := text(element(body, id)); !strings.Contains(el, want) {
				t.Errorf("#%s does not say %q: %.300s", id, want, el)
			}
		}
		if !strings.Contains(element(body, "findings-table"), `href="#at-logframe-outcomes-0-indicators-0-baseline"`) {
			t.Error("the summary does not link to the baseline")
		}
	})
}

func TestProposalWorkflowThroughPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		rec := createProposal(t, e, proposalFor(e))
		path := fmt.Sprintf("/proposals/%d", rec.ID)
		act := func(c *client, action, comment string) (string, int, string) {
			t.Helper()
			return c.post(path+"/transitions", url.Values{"csrf": {c.csrf}, "action": {action}, "version": {"1"}, "comment": {comment}})
		}
		state := func() devcoop.ProposalState {
			var r devcoop.ProposalRecord
			e.call("admin", "GET", "/api/v1"+path, nil, &r)
			return r.State()
		}
		po, appr := e.signedIn(t, "po.nairobi"), e.signedIn(t, "appraiser")
		body, _ := po.get(path)
		if !strings.Contains(element(body, "actions"), `value="submit"`) || strings.Contains(element(body, "actions"), `value="start_appraisal"`) {
			t.Errorf("the officer's buttons: %s", text(element(body, "actions")))
		}
		body, st, final := act(po, "submit", "")
		if st != 200 || !strings.HasPrefix(final, path+"?flash=") || !strings.Contains(element(body, "main"), "Submitted for appraisal") || state() != devcoop.ProposalSubmitted {
			t.Fatalf("submit: %d at %s, state %s", st, final, state())
		}
		for who, want := range map[string]int{"director": 403, "viewer": 403, "rm": 403, "po.nairobi": 403, "po.hanoi": 404} {
			if _, st, _ := act(e.signedIn(t, who), "start_appraisal", ""); st != want {
				t.Errorf("%s starts the appraisal: %d, want %d", who, st, want)
			}
		}
		if _, st, _ := act(appr, "start_appraisal", ""); st != 200 || state() != devcoop.ProposalInAppraisal {
			t.Fatalf("start appraisal: %d, %s", st, state())
		}
		body, st, _ = act(appr, "return", "")
		if st != 400 || !strings.Contains(text(element(body, "action-error")), "say what to revise") || state() != devcoop.ProposalInAppraisal {
			t.Errorf("return without a comment: %d %q", st, text(element(body, "action-error")))
		}
		// The rubric: a standard not met needs a comment, shown next to its input.
		form := url.Values{"csrf": {appr.csrf}, "comment": {"Solid design."}}
		for i := range appraisal.Standards() {
			form.Set(fmt.Sprintf("scores[%d].score", i), "meets")
		}
		form.Set("scores[3].score", "does_not_meet")
		body, st, _ = appr.post(path+"/appraise", form)
		if st != 400 || !strings.Contains(text(element(body, "f-scores-3-comment-error")), "say why") {
			t.Errorf("rubric without a comment: %d %q", st, text(element(body, "f-scores-3-comment-error")))
		}
		form.Set("scores[3].comment", "The risk register misses the elections.")
		body, st, _ = appr.post(path+"/appraise", form)
		if st != 200 || !strings.Contains(text(element(body, "rubric")), "Does not meet the standard") {
			t.Errorf("rubric: %d %s", st, text(element(body, "rubric")))
		}
		if _, st, _ := e.signedIn(t, "director").post(path+"/appraise", form); st != 403 {
			t.Errorf("director scores: %d", st)
		}
		body, st, _ = act(appr, "clear", "")
		if st != 409 || !strings.Contains(text(element(body, "action-error")), "standards not met: risks") {
			t.Errorf("clear with a standard not met: %d %q", st, text(element(body, "action-error")))
		}
		if _, st, _ := act(appr, "return", "Add the elections to the risk register."); st != 200 || state() != devcoop.ProposalReturned {
			t.Fatalf("return: %d %s", st, state())
		}
		// The office sees why, edits and resubmits; versions compare.
		body, _ = po.get(path)
		if h := text(element(body, "history")); !strings.Contains(h, "Add the elections to the risk register.") || !strings.Contains(h, "returned it for revision") {
			t.Errorf("history: %.400s", h)
		}
		p := proposalFor(e)
		p.Risks = append(p.Risks, devcoop.Risk{ID: "R6", Description: "Elections delay the regulations.", Likelihood: "high", Impact: "high", Mitigation: "Start early.", Assumptions: []string{"A1"}})
		if _, _, final := po.post(path+"/edit", formOf(p, po.csrf, 1)); !strings.Contains(final, "version+2") {
			t.Fatalf("revise: %s", final)
		}
		body, _ = appr.get(path + "/compare?from=1&to=2")
		if ch := text(element(body, "changes")); !strings.Contains(ch, "Risk 6") || !strings.Contains(ch, "Elections delay the regulations.") {
			t.Errorf("compare: %.400s", ch)
		}
		// Comments, tied to a place, show beside it.
		body, st, final = appr.post(path+"/comments", url.Values{"csrf": {appr.csrf}, "path": {"risks[5]"}, "body": {"Good addition."}})
		if st != 200 || !strings.Contains(text(element(body, "at-risks-5")), "Good addition.") || !strings.Contains(text(element(body, "comments")), "Good addition.") {
			t.Errorf("comment: %d at %s", st, final)
		}
		if _, st, _ = appr.post(path+"/comments", url.Values{"csrf": {appr.csrf}, "body": {"  "}}); st != 400 {
			t.Errorf("empty comment: %d", st)
		}
		// The officer was told; the header counts it until it is read.
		body, _ = po.get("/notifications")
		if n := text(element(body, "notifications")); !strings.Contains(n, "was returned for revision") {
			t.Errorf("notifications: %.300s", n)
		}
		if !strings.Contains(element(body, "notifications-link"), "unread") {
			t.Errorf("no unread count in the header: %s", element(body, "notifications-link"))
		}
		po.post("/notifications/read", url.Values{"csrf": {po.csrf}})
		if body, _ = po.get("/notifications"); strings.Contains(element(body, "notifications-link"), "unread") {
			t.Error("notifications still unread")
		}
		// A form without the session's token is refused.
		if _, st, _ := appr.post(path+"/transitions", url.Values{"action": {"start_appraisal"}}); st != 403 {
			t.Errorf("without CSRF: %d", st)
		}
	})
}

func TestRulesPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.signedIn(t, "admin")
		form := url.Values{"csrf": {admin.csrf}, "psc_rate_percent": {"150"}, "psc_tolerance": {"1"}, "me_min_share_percent": {"5"},
			"min_section_words": {"10"}, "max_partner_overdue_reports": {"0"}, "me_review_threshold_usd": {"5,000,000"},
			"cross_cutting_sections": devcoop.CrossCuttingSections, "severities.needs_documented": {"minor"}}
		for _, r := range appraisal.Rules() {
			if r.ID != appraisal.RuleActivitiesPlanned {
				form.Add("enabled", r.ID)
			}
		}
		body, st, _ := admin.post("/appraisal/rules", form)
		if v, _ := inputValue(body, "psc_rate_percent"); st != 400 || v != "150" || !strings.Contains(text(element(body, "f-psc_rate_percent-error")), "percentage") {
			t.Errorf("bad rate: %d %q %q", st, v, text(element(body, "f-psc_rate_percent-error")))
		}
		form.Set("psc_rate_percent", "12.5")
		if _, st, final := admin.post("/appraisal/rules", form); st != 200 || !strings.Contains(final, "flash=") {
			t.Fatalf("save rules: %d at %s", st, final)
		}
		var got struct {
			RuleSet appraisal.RuleSet `json:"rule_set"`
		}
		e.call("admin", "GET", "/api/v1/appraisal/rules", nil, &got)
		rs := got.RuleSet
		if !rs.PSCRatePercent.Equal(dec("12.5")) || len(rs.Disabled) != 1 || rs.Disabled[0] != appraisal.RuleActivitiesPlanned ||
			rs.Severities["needs_documented"] != appraisal.SeverityMinor || !rs.MEReviewThresholdUSD.Equal(dec("5000000")) {
			t.Errorf("saved %+v", rs)
		}
		body, _ = e.signedIn(t, "appraiser").get("/appraisal/rules")
		if strings.Contains(body, `name="psc_rate_percent"`) || !strings.Contains(text(element(body, "rules-table")), appraisal.RuleActivitiesPlanned) {
			t.Error("the appraiser sees the administrators' form, or not the rules")
		}
		if _, st, _ := e.signedIn(t, "appraiser").post("/appraisal/rules", form); st != 403 {
			t.Errorf("appraiser changes the rules: %d", st)
		}
	})
}

// upload posts a workbook to the logframe form, as the browser does.
func (c *client) upload(office string, data []byte) (string, int, string) {
	c.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if office != "" {
		w.WriteField("office_id", office)
	}
	fw, _ := w.CreateFormFile("file", "logframe.xlsx")
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", c.base+"/proposals/logframe?csrf="+url.QueryEscape(c.csrf), &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body), resp.StatusCode, resp.Request.URL.RequestURI()
}

func workbook(t *testing.T, values map[string]string) []byte {
	t.Helper()
	tpl, err := logframe.Template()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(logframe.SheetProposal)
	for i, r := range rows {
		if len(r) > 0 {
			if v, ok := values[r[0]]; ok {
				f.SetCellStr(logframe.SheetProposal, fmt.Sprintf("B%d", i+1), v)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestStartFromTheLogframeWorkbook(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		po := e.signedIn(t, "po.nairobi")
		body, _ := po.get("/proposals")
		if !strings.Contains(element(body, "logframe"), `href="/proposals/template.xlsx"`) || !strings.Contains(body, `action="/proposals/logframe?csrf=`) {
			t.Error("the list offers no template or upload")
		}
		body, st, _ := po.upload("", workbook(t, map[string]string{"Title": "From the workbook", "Amount": "12,5"}))
		if errs := text(element(body, "upload-errors")); st != 400 || !regexp.MustCompile(`Proposal!B\d+`).MatchString(errs) || !strings.Contains(errs, "12,5") {
			t.Errorf("bad cell: %d %q", st, errs)
		}
		if regexp.MustCompile(`href="[^"]*csrf=`).MatchString(body) {
			t.Error("a link on the page carries the CSRF token of the upload's URL")
		}
		_, st, final := po.upload("", workbook(t, map[string]string{"Title": "From the workbook", "Amount": "1000", "Currency": "USD"}))
		if st != 200 || !regexp.MustCompile(`^/proposals/\d+/edit\?flash=`).MatchString(final) {
			t.Errorf("good workbook: %d at %s", st, final)
		}
		if _, st, _ := e.signedIn(t, "appraiser").upload("", workbook(t, map[string]string{"Title": "x"})); st != 403 {
			t.Errorf("appraiser starts a draft: %d", st)
		}
	})
}
