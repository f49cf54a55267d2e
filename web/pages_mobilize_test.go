package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"devcoop"
	"devcoop/money"
)

// ---- Reading HTML -----------------------------------------------------------

// hnode is an element of a page, parsed leniently (the way encoding/xml
// reads HTML) so tests can select elements instead of comparing strings.
type hnode struct {
	tag      string
	attrs    map[string]string
	children []*hnode
	text     strings.Builder // the text directly inside, in order with children's
	parent   *hnode
}

func parseHTML(t *testing.T, body []byte) *hnode {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	root := &hnode{tag: "#root", attrs: map[string]string{}}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parse HTML: %v\n%.2000s", err, body)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			n := &hnode{tag: strings.ToLower(x.Name.Local), attrs: map[string]string{}, parent: cur}
			for _, a := range x.Attr {
				n.attrs[strings.ToLower(a.Name.Local)] = a.Value
			}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			if cur.parent != nil {
				cur = cur.parent
			}
		case xml.CharData:
			for n := cur; n != nil; n = n.parent {
				n.text.Write(x)
			}
		}
	}
	return root
}

// Text is the element's text with runs of space collapsed.
func (n *hnode) Text() string { return strings.Join(strings.Fields(n.text.String()), " ") }

func (n *hnode) Attr(name string) string { return n.attrs[name] }

// matches reports whether n matches one compound selector such as
// tr.row-overdue[data-report=3] or #kpi-signed.
func (n *hnode) matches(sel string) bool {
	rest := sel
	for rest != "" {
		switch rest[0] {
		case '#', '.':
			end := strings.IndexAny(rest[1:], "#.[")
			if end < 0 {
				end = len(rest) - 1
			}
			name := rest[1 : end+1]
			if rest[0] == '#' && n.attrs["id"] != name {
				return false
			}
			if rest[0] == '.' && !containsWord(n.attrs["class"], name) {
				return false
			}
			rest = rest[end+1:]
		case '[':
			end := strings.IndexByte(rest, ']')
			k, v, hasV := strings.Cut(rest[1:end], "=")
			got, ok := n.attrs[k]
			if !ok || (hasV && got != strings.Trim(v, `"`)) {
				return false
			}
			rest = rest[end+1:]
		default:
			end := strings.IndexAny(rest, "#.[")
			if end < 0 {
				end = len(rest)
			}
			if n.tag != rest[:end] {
				return false
			}
			rest = rest[end:]
		}
	}
	return true
}

func containsWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

// Find returns the elements matching a descendant selector ("#board
// section .kanban-card"), in document order.
func (n *hnode) Find(sel string) []*hnode {
	parts := strings.Fields(sel)
	found := []*hnode{n}
	for _, p := range parts {
		var next []*hnode
		seen := map[*hnode]bool{}
		for _, f := range found {
			f.walk(func(x *hnode) {
				if x != f && !seen[x] && x.matches(p) {
					seen[x] = true
					next = append(next, x)
				}
			})
		}
		found = next
	}
	return found
}

func (n *hnode) walk(fn func(*hnode)) {
	fn(n)
	for _, c := range n.children {
		c.walk(fn)
	}
}

// One returns the single element matching sel, failing the test otherwise.
func (n *hnode) One(t *testing.T, sel string) *hnode {
	t.Helper()
	got := n.Find(sel)
	if len(got) != 1 {
		t.Fatalf("%d elements match %q, want 1", len(got), sel)
	}
	return got[0]
}

// Has reports whether anything matches sel.
func (n *hnode) Has(sel string) bool { return len(n.Find(sel)) > 0 }

// ---- A signed-in browser ------------------------------------------------------

// session is a signed-in browser: a cookie jar, and the CSRF token of the
// session for its forms. Redirects are not followed, so tests see them.
type session struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var (
	sessionsMu sync.Mutex
	sessions   = map[string]*session{}
)

// signIn signs in through the sign-in form, once per server and user.
func signInAs(t *testing.T, e *env, email, password string) *session {
	t.Helper()
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	key := e.srv.URL + " " + email
	if s := sessions[key]; s != nil {
		s.t = t
		return s
	}
	jar, _ := cookiejar.New(nil)
	s := &session{t: t, base: e.srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	st, doc, _ := s.get("/signin")
	if st != 200 {
		t.Fatalf("sign-in form: %d", st)
	}
	tok := doc.One(t, "form input[name=csrf]").Attr("value")
	resp, err := s.c.PostForm(s.base+"/signin", url.Values{"email": {email}, "password": {password}, "csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, resp.StatusCode)
	}
	st, doc, _ = s.get("/")
	if st != 200 {
		t.Fatalf("overview after signing in as %s: %d", email, st)
	}
	s.csrf = doc.One(t, "form[action=/signout] input[name=csrf]").Attr("value")
	sessions[key] = s
	return s
}

func (s *session) get(path string) (int, *hnode, *http.Response) {
	s.t.Helper()
	resp, err := s.c.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var doc *hnode
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		doc = parseHTML(s.t, body)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp.StatusCode, doc, resp
}

// page gets a page that must answer 200.
func (s *session) page(path string) *hnode {
	s.t.Helper()
	st, doc, _ := s.get(path)
	if st != 200 || doc == nil {
		s.t.Fatalf("GET %s: %d", path, st)
	}
	return doc
}

// post submits a form with the session's CSRF token, returning the status,
// the page shown (on a failure) and where a success redirects to.
func (s *session) post(path string, form url.Values) (int, *hnode, string) {
	s.t.Helper()
	if form.Get("csrf") == "" {
		form.Set("csrf", s.csrf)
	}
	resp, err := s.c.PostForm(s.base+path, form)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var doc *hnode
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		doc = parseHTML(s.t, body)
	}
	return resp.StatusCode, doc, resp.Header.Get("Location")
}

func demoSession(t *testing.T, e *env, who string) *session {
	t.Helper()
	return signInAs(t, e, who+"@devcoop.example", "devcoop-demo")
}

// usdOf reads the exact amount a figure carries in its data-usd attribute.
func usdOf(t *testing.T, n *hnode) money.Decimal {
	t.Helper()
	d, err := money.Parse(n.Attr("data-usd"))
	if err != nil {
		t.Fatalf("data-usd %q: %v", n.Attr("data-usd"), err)
	}
	return d
}

func unique(prefix string) string { return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()) }

// ---- Tests ---------------------------------------------------------------------

func TestMobilizePagesRenderForAnRMOfficer(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		var ags struct{ Agreements []devcoop.Agreement }
		e.call("rm", "GET", "/api/v1/agreements", nil, &ags)
		a := ags.Agreements[0]
		paths := []string{"/partners", "/partners?kind=foundation&sort=-signed", "/partners?page=2", fmt.Sprintf("/partners/%d", a.PartnerID), fmt.Sprintf("/partners/%d/edit", a.PartnerID),
			"/partners/new", "/agreements", "/agreements?status=counted&period=2014-15", fmt.Sprintf("/agreements/%d", a.ID), fmt.Sprintf("/agreements/%d/edit", a.ID),
			"/agreements/new", "/pipeline", "/pipeline?period=2012-13", "/pipeline/new", "/funding", "/funding?period=2012-13&as_of=2013-06-30", "/calendar", "/calendar?show=all", "/rates", "/rates?currency=EUR&year=all"}
		for _, p := range paths {
			doc := rm.page(p)
			if h1 := doc.Find("h1"); len(h1) != 1 || h1[0].Text() == "" {
				t.Errorf("%s: no page title", p)
			}
		}
		nav := map[string]bool{}
		for _, a := range rm.page("/partners").Find("#app-nav a") {
			nav[a.Text()] = true
		}
		for _, want := range []string{"Partners", "Agreements", "Pipeline", "Funding", "Calendar"} {
			if !nav[want] {
				t.Errorf("the RM officer's navigation lacks %s: %v", want, nav)
			}
		}
		// Bad filters are the user's mistake, not a crash.
		for _, p := range []string{"/partners?kind=bank", "/agreements?status=maybe", "/funding?as_of=yesterday"} {
			if st, _, _ := rm.get(p); st != 400 {
				t.Errorf("GET %s: %d, want 400", p, st)
			}
		}
		if st, _, _ := rm.get("/funding?period=1999-00"); st != 404 {
			t.Errorf("unknown period: %d, want 404", st)
		}
	})
}

func TestFundingDashboardFiguresMatchTheAPIAndTheirAgreements(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		var api struct {
			Target     money.Decimal `json:"target_usd"`
			Signed     money.Decimal `json:"signed_usd"`
			Received   money.Decimal `json:"received_usd"`
			Pipeline   money.Decimal `json:"pipeline_weighted_usd"`
			Forecast   money.Decimal `json:"forecast_usd"`
			HHI        money.Decimal `json:"hhi"`
			ByModality []struct {
				Modality string        `json:"modality"`
				Signed   money.Decimal `json:"signed_usd"`
			} `json:"by_modality"`
		}
		const asOf = "2015-03-31"
		if st := e.call("rm", "GET", "/api/v1/mobilization/2014-15/progress?as_of="+asOf, nil, &api); st != 200 {
			t.Fatalf("progress API: %d", st)
		}
		doc := rm.page("/funding?period=2014-15&as_of=" + asOf)
		for id, want := range map[string]money.Decimal{"kpi-target": api.Target, "kpi-signed": api.Signed, "kpi-received": api.Received, "kpi-pipeline": api.Pipeline, "kpi-forecast": api.Forecast} {
			if got := usdOf(t, doc.One(t, "#"+id)); !got.Equal(want) {
				t.Errorf("%s shows %s, the API says %s", id, got, want)
			}
		}
		if got := doc.One(t, "#hhi").Text(); got != api.HHI.String() {
			t.Errorf("HHI shows %q, the API says %s", got, api.HHI)
		}
		if !doc.Has("#hhi-explained") || !strings.Contains(doc.One(t, "#hhi-explained").Text(), "equal share") {
			t.Error("the HHI is not explained in plain words")
		}
		mods := doc.Find("#modality-table tbody td.signed")
		if len(mods) != len(api.ByModality) {
			t.Fatalf("%d modality rows, the API has %d", len(mods), len(api.ByModality))
		}
		for i, m := range api.ByModality {
			if got := usdOf(t, mods[i]); !got.Equal(m.Signed) {
				t.Errorf("%s shows %s, the API says %s", m.Modality, got, m.Signed)
			}
		}
		// Every figure opens the agreements it was computed from, and the
		// list's total is the figure.
		for kpi, total := range map[string]string{"#kpi-signed": "#total-signed", "#kpi-received": "#total-received"} {
			link := doc.One(t, kpi+" a").Attr("href")
			list := rm.page(link)
			if got, want := usdOf(t, list.One(t, total)), usdOf(t, doc.One(t, kpi)); !got.Equal(want) {
				t.Errorf("%s links to %s totalling %s, not %s", kpi, link, got, want)
			}
		}
		for i, a := range doc.Find("#modality-table tbody td.signed a") {
			list := rm.page(a.Attr("href"))
			if got := usdOf(t, list.One(t, "#total-signed")); !got.Equal(api.ByModality[i].Signed) {
				t.Errorf("%s: the agreements behind it total %s, not %s", api.ByModality[i].Modality, got, api.ByModality[i].Signed)
			}
		}
		// The workbook holds the dashboard's tables.
		st, _, resp := rm.get("/funding/export.xlsx?period=2014-15&as_of=" + asOf)
		if st != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("XLSX: %d %s", st, resp.Header.Get("Content-Type"))
		}
		sheets := readXLSX(t, resp)
		for _, name := range []string{"Summary", "Months", "Modalities", "Partners", "Kinds", "New partners"} {
			if len(sheets[name]) == 0 {
				t.Errorf("the workbook has no %q sheet: %v", name, keys(sheets))
			}
		}
		if row := findRow(sheets["Summary"], "Signed (USD)"); row == nil || !money.MustParse(row[1]).Equal(api.Signed) {
			t.Errorf("the workbook's signed figure is %v, the API's %s", row, api.Signed)
		}
	})
}

func readXLSX(t *testing.T, resp *http.Response) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(resp.Body)
	if err != nil {
		t.Fatalf("open XLSX: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

func findRow(rows [][]string, first string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// readCSV reads an export, checking its content type.
func readCSV(t *testing.T, s *session, path string) [][]string {
	t.Helper()
	st, _, resp := s.get(path)
	if st != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("GET %s: %d %s", path, st, resp.Header.Get("Content-Type"))
	}
	body, _ := io.ReadAll(resp.Body)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func TestPartnerListFiguresAndExports(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		var prog struct {
			Partners []struct {
				PartnerID int64         `json:"partner_id"`
				Signed    money.Decimal `json:"signed_usd"`
			} `json:"partners"`
		}
		e.call("rm", "GET", "/api/v1/mobilization/2014-15/progress", nil, &prog)
		doc := rm.page("/partners?sort=-signed")
		first := doc.Find("#partner-table tbody tr")[0]
		if id, _ := strconv.ParseInt(first.Attr("data-partner"), 10, 64); id != prog.Partners[0].PartnerID {
			t.Errorf("sorted by signed, the first partner is %d, the API's largest is %d", id, prog.Partners[0].PartnerID)
		}
		if got := usdOf(t, first.One(t, "td.signed")); !got.Equal(prog.Partners[0].Signed) {
			t.Errorf("the largest partner shows %s signed, the API says %s", got, prog.Partners[0].Signed)
		}
		var all, found struct{ Partners []devcoop.Partner }
		e.call("rm", "GET", "/api/v1/partners", nil, &all)
		e.call("rm", "GET", "/api/v1/partners?kind=foundation", nil, &found)
		if len(found.Partners) == 0 || len(found.Partners) >= len(all.Partners) {
			t.Fatalf("the demo has %d foundations of %d partners", len(found.Partners), len(all.Partners))
		}
		// Paged at 50: the first page shows 50, the export every partner.
		if got := len(doc.Find("#partner-table tbody tr")); got != min(50, len(all.Partners)) {
			t.Errorf("the first page shows %d partners", got)
		}
		if rows := readCSV(t, rm, "/partners/export.csv?sort=-signed"); len(rows) != len(all.Partners)+2 {
			t.Errorf("the CSV has %d lines for %d partners (plus header and total)", len(rows), len(all.Partners))
		}
		doc = rm.page("/partners?kind=foundation")
		if got := len(doc.Find("#partner-table tbody tr")); got != len(found.Partners) {
			t.Errorf("filtered to foundations, the page lists %d, the API %d", got, len(found.Partners))
		}
		rows := readCSV(t, rm, "/partners/export.csv?kind=foundation")
		if len(rows) != len(found.Partners)+2 || rows[0][0] != "Partner" {
			t.Errorf("the foundations CSV has %d lines for %d foundations: %v", len(rows), len(found.Partners), rows)
		}
		for _, r := range rows[1 : len(rows)-1] {
			if r[2] != devcoop.PartnerFoundation.Label() {
				t.Errorf("the foundations CSV lists a %s", r[2])
			}
		}
		st, _, resp := rm.get("/partners/export.xlsx?kind=foundation")
		if st != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("XLSX: %d %s", st, resp.Header.Get("Content-Type"))
		}
		// The sheet: title, subtitle, blank, header, rows, total.
		var n int
		for _, r := range readXLSX(t, resp)["Partners"] {
			if len(r) > 2 && r[2] == devcoop.PartnerFoundation.Label() {
				n++
			}
		}
		if n != len(found.Partners) {
			t.Errorf("the XLSX lists %d foundations, want %d", n, len(found.Partners))
		}
		// The agreement list's export follows its filters too.
		pid := found.Partners[0].ID
		var ags struct{ Agreements []devcoop.Agreement }
		e.call("rm", "GET", fmt.Sprintf("/api/v1/agreements?partner=%d", pid), nil, &ags)
		if rows := readCSV(t, rm, fmt.Sprintf("/agreements/export.csv?partner=%d", pid)); len(rows) != len(ags.Agreements)+2 {
			t.Errorf("the agreements CSV has %d lines for %d agreements", len(rows), len(ags.Agreements))
		}
	})
}

func TestPartnerPageAndBrief(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		var own struct{ Agreements []devcoop.Agreement }
		e.call("donor.norway", "GET", "/api/v1/agreements", nil, &own)
		norway := own.Agreements[0].PartnerID
		doc := rm.page(fmt.Sprintf("/partners/%d", norway))
		if got := doc.One(t, "h1").Text(); got != "Norway" {
			t.Errorf("h1 = %q", got)
		}
		if got := len(doc.Find("#agreement-history tbody tr")); got != len(own.Agreements) {
			t.Errorf("the partner page lists %d agreements, Norway has %d", got, len(own.Agreements))
		}
		if !doc.Has("#funded-projects tbody tr") || !doc.Has("#outcomes tbody tr") || !doc.Has("#countries tbody tr") {
			t.Error("the partner page does not show what Norway funds")
		}
		if !doc.Has("#iati-none") {
			t.Error("the IATI section does not say that nothing was imported")
		}
		if !doc.Has("#edit-partner") {
			t.Error("an RM officer has no edit link")
		}
		// The editor offers every country a partner may be based in, so
		// saving it keeps Norway in Norway.
		edit := rm.page(fmt.Sprintf("/partners/%d/edit", norway))
		if sel := edit.Find("#f-country option[selected]"); len(sel) != 1 || sel[0].Attr("value") != "NO" {
			t.Errorf("the editor does not keep the home country NO selected: %d selected", len(sel))
		}
		st, _, resp := rm.get(fmt.Sprintf("/partners/%d/brief.pdf", norway))
		body, _ := io.ReadAll(resp.Body)
		if st != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) {
			t.Errorf("brief: %d %s %.8q", st, resp.Header.Get("Content-Type"), body)
		}
		// A viewer reads the page but cannot edit it.
		viewer := demoSession(t, e, "viewer")
		if doc := viewer.page(fmt.Sprintf("/partners/%d", norway)); doc.Has("#edit-partner") {
			t.Error("a viewer is offered the edit form")
		}
		if st, _, _ := viewer.get(fmt.Sprintf("/partners/%d/edit", norway)); st != 403 {
			t.Errorf("a viewer opened the edit form: %d", st)
		}
	})
}

func TestPartnerFormKeepsInputAndShowsFieldErrors(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		code := unique("TP")
		form := url.Values{"code": {code}, "name": {"Test Foundation"}, "kind": {"foundation"}, "since": {"19x9"}, "country": {"CH"},
			"contact_name": {"", "Ada Example"}, "contact_role": {"", ""}, "contact_email": {"nobody@example.org", "ada@example.org"}, "contact_phone": {"", ""}}
		st, doc, _ := rm.post("/partners", form)
		if st != 400 || doc == nil {
			t.Fatalf("bad partner: %d", st)
		}
		for _, id := range []string{"#f-since-error", "#f-contacts-0-name-error"} {
			if !doc.Has(id) {
				t.Errorf("no field error %s", id)
			}
		}
		if got := len(doc.Find("#error-summary li")); got != 2 {
			t.Errorf("the error summary lists %d problems, want 2", got)
		}
		if v := doc.One(t, "#f-since").Attr("value"); v != "19x9" {
			t.Errorf("the year typed became %q", v)
		}
		if v := doc.One(t, "#f-name").Attr("value"); v != "Test Foundation" {
			t.Errorf("the name typed became %q", v)
		}
		form.Set("since", "2019")
		form["contact_name"] = []string{"Bea Example", "Ada Example"}
		st, _, loc := rm.post("/partners", form)
		if st != 303 || !strings.HasPrefix(loc, "/partners/") {
			t.Fatalf("good partner: %d %s", st, loc)
		}
		path := strings.SplitN(loc, "?", 2)[0]
		doc = rm.page(loc)
		if got := len(doc.Find("#contacts tbody tr")); got != 2 {
			t.Errorf("the new partner has %d contacts, want 2", got)
		}
		// Editing it with a stale version is refused, and nothing typed is lost.
		edit := rm.page(path + "/edit")
		version := edit.One(t, "input[name=version]").Attr("value")
		form.Set("version", version)
		form.Set("notes", "first edit")
		if st, _, _ := rm.post(path, form); st != 303 {
			t.Fatalf("edit: %d", st)
		}
		form.Set("notes", "second edit, from a stale page")
		st, doc, _ = rm.post(path, form)
		if st != 409 || !doc.Has("#error-summary") || doc.One(t, "#f-notes").Text() != "second edit, from a stale page" {
			t.Errorf("a stale edit: %d", st)
		}
	})
}

func TestAgreementFormsAndReceipts(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		var ps struct{ Partners []devcoop.Partner }
		e.call("rm", "GET", "/api/v1/partners?kind=foundation", nil, &ps)
		partner := strconv.FormatInt(ps.Partners[0].ID, 10)
		code := unique("TA")
		form := url.Values{"code": {code}, "title": {"Test agreement"}, "partner_id": {partner}, "status": {"signed"}, "signed_date": {"2016-03-01"},
			"start": {"2016-04-01"}, "end": {"2016-01-31"}, "amount": {"1,5"}, "currency": {"EUR"}, "modality": {"earmarked"},
			"t_expected_date": {"2016-05-01", ""}, "t_expected_amount": {"500000", ""}, "t_received_date": {"", ""}, "t_received_amount": {"", ""},
			"r_id": {"", ""}, "r_kind": {"narrative", "narrative"}, "r_title": {"Final report", ""}, "r_due": {"2017-03-31", ""}, "r_submitted": {"", ""}, "r_office": {"", ""}}
		st, doc, _ := rm.post("/agreements", form)
		if st != 400 || doc == nil {
			t.Fatalf("bad agreement: %d", st)
		}
		for _, id := range []string{"#f-amount-error", "#f-end-error"} {
			if !doc.Has(id) {
				t.Errorf("no field error %s", id)
			}
		}
		if doc.One(t, "#f-amount").Attr("value") != "1,5" || doc.One(t, "#f-title").Attr("value") != "Test agreement" || doc.One(t, "#f-amount").Attr("aria-invalid") != "true" {
			t.Error("the form lost what was typed")
		}
		var list struct{ Agreements []devcoop.Agreement }
		e.call("rm", "GET", "/api/v1/agreements", nil, &list)
		for _, a := range list.Agreements {
			if a.Code == code {
				t.Fatal("a rejected agreement was saved")
			}
		}
		// Fix the end only: the service still refuses it while the end is early.
		form.Set("amount", "1,500,000.00")
		st, doc, _ = rm.post("/agreements", form)
		if st != 400 || !doc.Has("#f-end-error") || doc.Has("#f-amount-error") {
			t.Errorf("end before start: %d", st)
		}
		form.Set("end", "2017-12-31")
		st, _, loc := rm.post("/agreements", form)
		if st != 303 || !strings.HasPrefix(loc, "/agreements/") {
			t.Fatalf("good agreement: %d %s", st, loc)
		}
		path := strings.SplitN(loc, "?", 2)[0]
		doc = rm.page(loc)
		if !strings.Contains(doc.One(t, ".page-subtitle").Text(), code) || len(doc.Find("#tranche-table tbody tr")) != 1 || len(doc.Find("#obligations tbody tr")) != 1 {
			t.Fatalf("the new agreement's page: %q", doc.One(t, ".page-subtitle").Text())
		}
		// Record the tranche: a bad amount comes back beside it.
		version := doc.One(t, "#tranche-1 input[name=version]").Attr("value")
		st, doc, _ = rm.post(path+"/tranches/1/receipt", url.Values{"received_date": {"2016-06-15"}, "received_amount": {"1,5"}, "version": {version}})
		if st != 400 || !doc.Has("#tranche-1 #f-received_amount-error") || doc.One(t, "#tranche-1 #f-received_amount").Attr("value") != "1,5" {
			t.Fatalf("bad receipt: %d", st)
		}
		st, _, _ = rm.post(path+"/tranches/1/receipt", url.Values{"received_date": {"2016-06-15"}, "received_amount": {"500000"}, "version": {version}})
		if st != 303 {
			t.Fatalf("receipt: %d", st)
		}
		doc = rm.page(path)
		var rs struct{ Rates []money.Rate }
		e.call("rm", "GET", "/api/v1/rates", nil, &rs)
		rates := money.NewRates(rs.Rates)
		at := func(d string) money.Decimal {
			c, err := rates.ToUSD(money.Money{Amount: money.MustParse("500000"), Currency: "EUR", ValueDate: devcoop.MustDate(d).Time})
			if err != nil {
				t.Fatal(err)
			}
			return c.USD
		}
		if got, want := usdOf(t, doc.One(t, "#kpi-received")), at("2016-06-15"); !got.Equal(want) {
			t.Errorf("received shows %s, want %s", got, want)
		}
		sign, _ := rates.Lookup("EUR", devcoop.MustDate("2016-03-01").Time)
		if got, want := usdOf(t, doc.One(t, "#kpi-gainloss")), at("2016-06-15").Sub(money.MustParse("500000").Mul(sign.USDPer).Round(2)); !got.Equal(want) {
			t.Errorf("gain/loss shows %s, want %s", got, want)
		}
		// Recording it twice is a conflict, shown on the page.
		if st, doc, _ := rm.post(path+"/tranches/1/receipt", url.Values{"received_date": {"2016-06-16"}, "received_amount": {"1"}}); st != 409 || !doc.Has("#tranches #error-summary") {
			t.Errorf("second receipt: %d, or the conflict is not shown", st)
		}
		// The edit form keeps the receipt.
		edit := rm.page(path + "/edit")
		if edit.Find("input[name=t_received_date]")[0].Attr("value") != "2016-06-15" {
			t.Error("the edit form drops the receipt")
		}
		// Finance officers record receipts; viewers do not.
		form.Set("version", edit.One(t, "input[name=version]").Attr("value"))
		form["t_expected_date"] = []string{"2016-05-01", "2017-05-01"}
		form["t_expected_amount"] = []string{"500000", "1000000"}
		form["t_received_date"] = []string{"2016-06-15", ""}
		form["t_received_amount"] = []string{"500000", ""}
		if st, _, _ := rm.post(path, form); st != 303 {
			t.Fatalf("adding a tranche: %d", st)
		}
		if doc := demoSession(t, e, "finance").page(path); !doc.Has("#tranche-2 form") || doc.Has("#tranche-1 form") {
			t.Error("finance is not offered to record the open tranche, or is offered the received one")
		}
		if doc := demoSession(t, e, "viewer").page(path); doc.Has("#tranche-table form") {
			t.Error("a viewer is offered to record a receipt")
		}
	})
}

func TestPipelineBoardMovesCardsAndSigns(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		var ps struct{ Partners []devcoop.Partner }
		e.call("rm", "GET", "/api/v1/partners", nil, &ps)
		// A bad amount and a missing date come back on the form.
		form := url.Values{"code": {unique("OP")}, "title": {"Board test"}, "partner_id": {strconv.FormatInt(ps.Partners[1].ID, 10)}, "stage": {"prospect"},
			"modality": {"earmarked"}, "currency": {"USD"}, "amount": {"1,5"}, "probability": {"40"}, "expected_sign_date": {""}, "period": {"2014-15"}}
		st, doc, _ := rm.post("/pipeline", form)
		if st != 400 || !doc.Has("#f-amount-error") || !doc.Has("#f-expected_sign_date-error") {
			t.Fatalf("bad opportunity: %d", st)
		}
		form.Set("amount", "2000000")
		form.Set("expected_sign_date", "2015-11-30")
		if st, _, loc := rm.post("/pipeline", form); st != 303 || !strings.HasPrefix(loc, "/pipeline?") || !strings.Contains(loc, "period=2014-15") {
			t.Fatalf("good opportunity: %d %s", st, loc)
		}
		var os struct{ Opportunities []devcoop.Opportunity }
		e.call("rm", "GET", "/api/v1/opportunities?period=2014-15", nil, &os)
		var o devcoop.Opportunity
		for _, x := range os.Opportunities {
			if x.Code == form.Get("code") {
				o = x
			}
		}
		card := fmt.Sprintf("#opp-%d", o.ID)
		board := rm.page("/pipeline?period=2014-15")
		if !board.Has("#stage-prospect " + card) {
			t.Fatal("the new opportunity is not among the prospects")
		}
		// The board's weighted columns add up to the dashboard's pipeline.
		var prog struct {
			Pipeline money.Decimal `json:"pipeline_weighted_usd"`
		}
		e.call("rm", "GET", "/api/v1/mobilization/2014-15/progress", nil, &prog)
		var weighted money.Decimal
		for _, col := range board.Find(".kanban-total") {
			w, _ := money.Parse(col.Attr("data-weighted"))
			weighted = weighted.Add(w)
		}
		if !weighted.Equal(prog.Pipeline) {
			t.Errorf("the board's columns weigh %s, the progress API %s", weighted, prog.Pipeline)
		}
		// Move it on with its own small form.
		next := board.One(t, card+" button.move-next")
		back := board.One(t, card+" input[name=back]").Attr("value")
		st, _, loc := rm.post(fmt.Sprintf("/pipeline/%d/stage", o.ID), url.Values{next.Attr("name"): {next.Attr("value")}, "version": {strconv.Itoa(o.Version)}, "back": {back}, "to": {"prospect"}})
		if st != 303 || !strings.HasPrefix(loc, "/pipeline?") || !strings.Contains(loc, "period=2014-15") || strings.Count(loc, "flash=") != 1 {
			t.Fatalf("move: %d %s", st, loc)
		}
		board = rm.page(loc)
		if !board.Has("#stage-concept_note "+card) || board.Has("#stage-prospect "+card) {
			t.Error("the card did not move to the concept note column")
		}
		if b := board.One(t, card+" input[name=back]").Attr("value"); strings.Contains(b, "flash") || !strings.Contains(b, "period=2014-15") {
			t.Errorf("the next move would return to %q", b)
		}
		// A stale card is refused with the reason on the board.
		st, doc, _ = rm.post(fmt.Sprintf("/pipeline/%d/stage", o.ID), url.Values{"stage": {"negotiation"}, "version": {strconv.Itoa(o.Version)}, "back": {back}})
		if st != 409 || !doc.Has("#move-error") || !doc.Has("#stage-concept_note "+card) {
			t.Errorf("a stale move: %d", st)
		}
		// Signing: the form checks the dates, then creates the agreement.
		rm.page(fmt.Sprintf("/pipeline/%d/sign", o.ID))
		sign := url.Values{"code": {o.Code}, "signed_date": {"2015-12-01"}, "start": {"2016-01-01"}, "end": {"2015-12-31"}, "amount": {""}}
		if st, doc, _ := rm.post(fmt.Sprintf("/pipeline/%d/sign", o.ID), sign); st != 400 || !doc.Has("#f-end-error") {
			t.Errorf("sign with the end before the start: %d", st)
		}
		sign.Set("end", "2017-12-31")
		st, _, loc = rm.post(fmt.Sprintf("/pipeline/%d/sign", o.ID), sign)
		if st != 303 || !strings.HasPrefix(loc, "/agreements/") {
			t.Fatalf("sign: %d %s", st, loc)
		}
		if doc := rm.page(loc); !doc.Has(fmt.Sprintf(`a[href=/pipeline/%d]`, o.ID)) {
			t.Error("the new agreement does not link to its opportunity")
		}
		if board := rm.page("/pipeline?period=2014-15"); !board.Has("#stage-signed " + card) {
			t.Error("the signed card is not in the signed column")
		}
		// The export lists the period's pipeline.
		e.call("rm", "GET", "/api/v1/opportunities?period=2014-15", nil, &os)
		if rows := readCSV(t, rm, "/pipeline/export.csv?period=2014-15"); len(rows) != len(os.Opportunities)+2 {
			t.Errorf("the pipeline CSV has %d lines for %d opportunities", len(rows), len(os.Opportunities))
		}
	})
}

func TestCalendarPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var ps struct{ Partners []devcoop.Partner }
		e.call("rm", "GET", "/api/v1/partners?kind=south_south", nil, &ps)
		body := map[string]any{"code": unique("TC"), "partner_id": ps.Partners[0].ID, "title": "Calendar test", "modality": "earmarked", "currency": "USD", "amount": "100000",
			"start": "2015-01-01", "end": "2099-12-31", "signed_date": "2015-01-01", "status": "signed",
			// The demo's portfolio date is 30 June 2015: overdue counts from it.
			"reports": []map[string]any{{"kind": "narrative", "title": "Late report", "due": "2015-05-31"}, {"kind": "financial", "title": "Future statement", "due": "2099-06-30"}}}
		var a devcoop.Agreement
		if st := e.call("rm", "POST", "/api/v1/agreements", body, &a); st != 201 {
			t.Fatalf("create: %d", st)
		}
		late, future := a.Reports[0].ID, a.Reports[1].ID
		rm := demoSession(t, e, "rm")
		doc := rm.page("/calendar")
		if !doc.Has(fmt.Sprintf("#overdue tr.row-overdue[data-report=%d]", late)) || !doc.Has(fmt.Sprintf("#upcoming tr[data-report=%d]", future)) {
			t.Error("the overdue report is not among the overdue, or the future one not among those coming up")
		}
		if !strings.Contains(doc.One(t, "#feed-url").Text(), "/api/v1/calendar.ics?token=") {
			t.Error("no feed address")
		}
		if !doc.Has("#reminders") {
			t.Error("no reminders")
		}
		doc = rm.page(fmt.Sprintf("/calendar?kind=financial&partner=%d", ps.Partners[0].ID))
		if doc.Has(fmt.Sprintf("tr[data-report=%d]", late)) || !doc.Has(fmt.Sprintf("tr[data-report=%d]", future)) {
			t.Error("the kind filter does not filter")
		}
		rows := readCSV(t, rm, fmt.Sprintf("/calendar/export.csv?partner=%d", ps.Partners[0].ID))
		var titles []string
		for _, r := range rows[1:] {
			titles = append(titles, r[2])
		}
		if !strings.Contains(strings.Join(titles, "|"), "Late report|") || !strings.Contains(strings.Join(titles, "|"), "Future statement") {
			t.Errorf("the CSV lists %v", titles)
		}
	})
}

func TestDonorsSeeOnlyTheirOwnPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		donor := demoSession(t, e, "donor.norway")
		var own, all struct{ Agreements []devcoop.Agreement }
		e.call("donor.norway", "GET", "/api/v1/agreements", nil, &own)
		e.call("rm", "GET", "/api/v1/agreements", nil, &all)
		norway := own.Agreements[0].PartnerID
		var other devcoop.Agreement
		for _, a := range all.Agreements {
			if a.PartnerID != norway {
				other = a
				break
			}
		}
		for path, want := range map[string]int{"/funding": 403, "/funding/export.xlsx": 403, "/pipeline": 403, "/partners": 403, "/partners/export.csv": 403, "/agreements/new": 403,
			fmt.Sprintf("/agreements/%d", other.ID): 404, fmt.Sprintf("/partners/%d", other.PartnerID): 404, fmt.Sprintf("/partners/%d/brief.pdf", other.PartnerID): 404,
			"/agreements": 200, fmt.Sprintf("/agreements/%d", own.Agreements[0].ID): 200, fmt.Sprintf("/partners/%d", norway): 200, "/calendar": 200} {
			st, doc, _ := donor.get(path)
			if st != want {
				t.Errorf("donor GET %s: %d, want %d", path, st, want)
			}
			if want == 403 && (doc == nil || !strings.Contains(doc.One(t, "h1").Text(), "Not allowed")) {
				t.Errorf("donor GET %s: not a proper 403 page", path)
			}
		}
		doc := donor.page("/agreements")
		if doc.Has("#total-signed") {
			t.Error("the donor's agreement list shows totals")
		}
		rows := doc.Find("#agreement-table tbody tr")
		if len(rows) != min(50, len(own.Agreements)) {
			t.Errorf("the donor's list shows %d agreements, it has %d", len(rows), len(own.Agreements))
		}
		for _, r := range rows {
			if !strings.Contains(r.Text(), "Norway") {
				t.Errorf("the donor sees %q", r.Text())
			}
		}
		var nav []string
		for _, a := range doc.Find("#app-nav a") {
			nav = append(nav, a.Text())
		}
		if strings.Join(nav, ",") != "Overview,Projects,Agreements,Calendar" {
			t.Errorf("the donor's navigation: %v", nav)
		}
		if p := donor.page(fmt.Sprintf("/partners/%d", norway)); p.Has("#edit-partner") || p.Has("#pipeline") {
			t.Error("the donor's own page offers editing or shows the pipeline")
		}
	})
}

func TestViewersCannotChangeAnything(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		viewer := demoSession(t, e, "viewer")
		var ags struct{ Agreements []devcoop.Agreement }
		e.call("rm", "GET", "/api/v1/agreements", nil, &ags)
		a := ags.Agreements[0]
		if doc := viewer.page("/agreements"); doc.Has(`a[href=/agreements/new]`) {
			t.Error("a viewer is offered to record an agreement")
		}
		if doc := viewer.page("/pipeline"); doc.Has("form.card-move") {
			t.Error("a viewer is offered to move cards")
		}
		for _, p := range []string{"/agreements", fmt.Sprintf("/agreements/%d", a.ID), fmt.Sprintf("/agreements/%d/tranches/1/receipt", a.ID), fmt.Sprintf("/partners/%d", a.PartnerID),
			"/partners", "/pipeline", "/funding/targets"} {
			st, _, _ := viewer.post(p, url.Values{"code": {"X"}, "amount": {"1"}, "received_date": {"2015-01-01"}, "received_amount": {"1"}, "period": {"2014-15"}, "target": {"1"}})
			if st != 403 {
				t.Errorf("viewer POST %s: %d, want 403", p, st)
			}
		}
		if st, _, _ := viewer.post("/rates?csrf="+viewer.csrf, url.Values{}); st != 403 {
			t.Errorf("viewer POST /rates: %d", st)
		}
		// Without the session's token, even an RM officer's form is refused.
		rm := demoSession(t, e, "rm")
		if st, _, _ := rm.post(fmt.Sprintf("/agreements/%d", a.ID), url.Values{"csrf": {"forged"}}); st != 403 {
			t.Errorf("a forged form: %d", st)
		}
	})
}

func TestRatesUploadListsEveryProblem(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := signInAs(t, e, "admin@test.org", "correct horse battery")
		upload := func(s *session, csv string) (int, *hnode, string) {
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			f, _ := w.CreateFormFile("file", "rates.csv")
			f.Write([]byte(csv))
			w.Close()
			resp, err := s.c.Post(s.base+"/rates?csrf="+url.QueryEscape(s.csrf), w.FormDataContentType(), &b)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			var doc *hnode
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				doc = parseHTML(t, body)
			}
			return resp.StatusCode, doc, resp.Header.Get("Location")
		}
		bad := "month,currency,rate_to_usd,source\n2014-01,EUR,1.36,UN\n2014-02,EURO,1.37,UN\n2014-13,EUR,1.38,UN\n2014-04,EUR,1e0,UN\n"
		st, doc, _ := upload(admin, bad)
		if st != 400 || doc == nil {
			t.Fatalf("bad file: %d", st)
		}
		var problems []string
		for _, li := range doc.Find("#error-summary li") {
			problems = append(problems, li.Text())
		}
		joined := strings.Join(problems, "\n")
		for _, want := range []string{"line 3, column 2 (currency)", "line 4, column 1 (month)", "line 5, column 3 (rate_to_usd)"} {
			if !strings.Contains(strings.ToLower(joined), want) {
				t.Errorf("the summary lacks %q:\n%s", want, joined)
			}
		}
		if !doc.Has("#rates-form") || !doc.Has("#rate-filters") {
			t.Error("the page is not usable after a bad file")
		}
		good := "month,currency,rate_to_usd,source\n2014-01,EUR,1.3612,UN operational\n2014-02,EUR,1.3547,UN operational\n"
		viewer := signInAs(t, e, "viewer@test.org", "correct horse battery")
		if st, _, _ := upload(viewer, good); st != 403 {
			t.Errorf("a viewer loaded rates: %d", st)
		}
		st, _, loc := upload(admin, good)
		if st != 303 || !strings.HasPrefix(loc, "/rates") {
			t.Fatalf("good file: %d %s", st, loc)
		}
		doc = admin.page("/rates?currency=EUR&year=2014")
		cells := doc.Find("#rate-table tbody td.num")
		if len(cells) != 2 || cells[0].Text() != "1.3547" || cells[1].Text() != "1.3612" {
			var got []string
			for _, c := range cells {
				got = append(got, c.Text())
			}
			t.Errorf("the EUR rates shown: %v", got)
		}
	})
}

func TestTargetsForm(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		rm := demoSession(t, e, "rm")
		// 2016-17, so the 2014-15 figures other tests check stay as they are.
		var before []string
		for _, td := range rm.page("/funding?period=2016-17&as_of=2017-12-31").Find("#modality-table td.target") {
			before = append(before, td.Attr("data-usd"))
		}
		if len(before) != 3 {
			t.Fatalf("modality targets before: %v", before)
		}
		st, doc, _ := rm.post("/funding/targets", url.Values{"period": {"2016-17"}, "as_of": {"2017-12-31"}, "target_earmarked": {"1,5"}})
		if st != 400 || !doc.Has("#f-target_earmarked-error") || doc.One(t, "#f-target_earmarked").Attr("value") != "1,5" {
			t.Fatalf("bad target: %d", st)
		}
		st, _, loc := rm.post("/funding/targets", url.Values{"period": {"2016-17"}, "as_of": {"2017-12-31"}, "target_earmarked": {"120000000"}})
		if st != 303 {
			t.Fatalf("target: %d", st)
		}
		doc = rm.page(loc)
		var got []string
		for _, td := range doc.Find("#modality-table td.target") {
			got = append(got, td.Attr("data-usd"))
		}
		if len(got) != 3 || got[2] != "120000000.00" || strings.Join(got[:2], ",") != strings.Join(before[:2], ",") {
			t.Errorf("modality targets shown: %v", got)
		}
		var api struct {
			ByModality []struct {
				Modality string        `json:"modality"`
				Target   money.Decimal `json:"target_usd"`
			} `json:"by_modality"`
		}
		e.call("rm", "GET", "/api/v1/mobilization/2016-17/progress", nil, &api)
		if last := api.ByModality[len(api.ByModality)-1]; last.Modality != "earmarked" || !last.Target.Equal(money.MustParse("120000000")) {
			t.Errorf("the API says %+v", api.ByModality)
		}
	})
}
