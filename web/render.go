package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"devcoop"
	"devcoop/codelist"
	"devcoop/money"
)

// views holds every page template, each parsed with the shared layout and
// partials, once, at start-up.
type views struct {
	pages map[string]*template.Template
}

func newViews(fsys fs.FS, as *assets) (*views, error) {
	funcs := templateFuncs(as)
	maps.Copy(funcs, proposalFuncs)
	shared, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(fsys, "[a-z]*.html")
	if err != nil {
		return nil, err
	}
	if len(shared) == 0 {
		return nil, fmt.Errorf("no shared templates (_*.html) embedded")
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, p := range pages {
		files := append([]string{p}, shared...)
		t, err := template.New(path.Base(p)).Funcs(funcs).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		v.pages[strings.TrimSuffix(p, ".html")] = t
	}
	for _, must := range []string{"signin", "error", "overview", "projects", "project", "workplans", "workplan", "gaps", "iati", "iati_job", "iati_activity", "allocate", "gaps_country",
		"partners", "partner", "partner_form", "agreements", "agreement", "agreement_form", "pipeline", "pipeline_opportunity", "pipeline_form", "pipeline_sign",
		"progress", "calendar", "rates",
		"proposals", "proposal", "proposal_edit", "proposal_compare", "appraisal", "appraisal_rubric", "appraisal_me", "appraisal_dashboard", "appraisal_rules", "notifications", "account"} {
		if v.pages[must] == nil {
			return nil, fmt.Errorf("template %s.html is missing", must)
		}
	}
	return v, nil
}

// Page is what every template receives.
type Page struct {
	Title   string
	Section string // which navigation item is current
	User    *devcoop.User
	CSRF    string
	Path    string
	Query   url.Values
	Flash   string
	Crumbs  []Crumb
	Data    any
	Now     time.Time
	Version string
	// PortfolioDate is the fixed business date, when there is one (the
	// demo's); pages say so, as every "overdue" and "late" depends on it.
	PortfolioDate devcoop.Date
	Unread        int // the user's unread notifications
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct{ Label, URL string }

func (s *Server) newPage(r *http.Request, title, section string, data any) *Page {
	p := &Page{Title: title, Section: section, User: devcoop.UserFrom(r.Context()), Path: r.URL.Path, Query: r.URL.Query(), Data: data, Now: time.Now()}
	if sess := sessionFrom(r.Context()); sess != nil {
		p.CSRF = sess.CSRF
	}
	p.Flash = r.URL.Query().Get("flash")
	if p.User != nil {
		p.PortfolioDate, _ = s.app.PortfolioDate(r.Context())
		p.Unread = s.app.UnreadCount(r.Context())
	}
	return p
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t := s.views.pages[name]
	if t == nil {
		s.log.Error("no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name+".html", p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorView struct {
	Status  int
	Heading string
	Message string
	Fields  []devcoop.FieldError
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	s.logIfInternal(r, err)
	st := status(err)
	if st == http.StatusUnauthorized && devcoop.UserFrom(r.Context()) == nil {
		http.Redirect(w, r, "/signin?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	heading := map[int]string{400: "That request is not valid", 401: "Please sign in", 403: "Not allowed", 404: "Not found", 409: "Conflict", 500: "Something went wrong"}[st]
	s.render(w, r, st, "error", s.newPage(r, heading, "", errorView{Status: st, Heading: heading, Message: devcoop.ErrorMessage(err), Fields: devcoop.ErrorFields(err)}))
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func templateFuncs(as *assets) template.FuncMap {
	return template.FuncMap{
		"asset":     as.URL,
		"usd":       formatUSD,
		"usdk":      compactUSD,
		"amount":    formatAmount,
		"pct":       formatPct,
		"date":      formatDate,
		"int":       formatInt,
		"roleLabel": func(r devcoop.Role) string { return r.Label() },
		"navItems":  navItems,
		"jobClass": func(st string) string {
			return map[string]string{"queued": "neutral", "running": "info", "done": "ok", "failed": "danger"}[st]
		},
		"percent": func(a, b int64) int64 {
			if b <= 0 {
				return 0
			}
			return a * 100 / b
		},
		"mb":             func(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) },
		"activityStatus": func(c string) string { return codelist.ActivityStatus().NameOf(c) },
		"orgRole":        func(c string) string { return codelist.Get("OrganisationRole").NameOf(c) },
		"relatedType":    func(c string) string { return codelist.Get("RelatedActivityType").NameOf(c) },
		"txType":         func(c string) string { return codelist.TransactionType().NameOf(c) },
		"usdc":           func(c int64) string { return formatUSD(money.FromCents(c)) },
		"usdkc":          func(c int64) string { return compactUSD(money.FromCents(c)) },
		"cents":          func(c int64) string { return money.FromCents(c).String() },
		"coverClass":     coverClass,
		"pctInt":         pctInt,
		"anchor":         anchor,
		"sub64":          func(a, b int64) int64 { return a - b },
		"milestoneClass": func(st string) string {
			return map[string]string{"met": "ok", "planned": "neutral", "at_risk": "overdue", "missed": "danger"}[st]
		},
		"mul":              func(a, b int) int { return a * b },
		"min":              func(a, b int) int { return min(a, b) },
		"ratio":            ratio,
		"sectorName":       func(code string) string { return codelist.Sector().NameOf(code) },
		"markerName":       func(code string) string { return codelist.PolicyMarker().NameOf(code) },
		"significanceName": func(code string) string { return codelist.Get("PolicySignificance").NameOf(code) },
		"initials":         initials,
		"query":            withQuery,
		"add":              func(a, b int) int { return a + b },
		"centsUSD":         money.FromCents,
		"dateOf":           devcoop.DateOf,
		"sub":              func(a, b int) int { return a - b },
		"has":              func(u *devcoop.User, r string) bool { return u.Has(devcoop.Role(r)) },
		"statusClass": func(s devcoop.ProjectStatus) string {
			return map[devcoop.ProjectStatus]string{"1": "pipeline", "2": "implementation", "3": "finalisation", "4": "closed", "5": "cancelled", "6": "suspended"}[s]
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

// group inserts thousands separators into the integer part of a plain
// decimal string.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// formatUSD writes an amount as whole US dollars with separators:
// "$1,234,568". The exact cents are in the title attribute where it matters.
func formatUSD(d money.Decimal) string {
	s := group(d.Round(0).String())
	if strings.HasPrefix(s, "-") {
		return "−$" + s[1:]
	}
	return "$" + s
}

// formatAmount writes an exact amount with separators and its currency.
func formatAmount(d money.Decimal, currency string) string {
	return group(d.String()) + " " + currency
}

// compactUSD writes "$1.2M", "$450M", "$12K" for tiles and axes.
func compactUSD(d money.Decimal) string {
	c, _ := d.Cents()
	neg := c < 0
	if neg {
		c = -c
	}
	v := money.FromCents(c)
	var s string
	switch {
	case c >= 100_000_000_000:
		x, _ := v.Div(money.FromInt(1_000_000_000), 1)
		s = "$" + strings.TrimSuffix(x.String(), ".0") + "B"
	case c >= 100_000_000:
		x, _ := v.Div(money.FromInt(1_000_000), 1)
		s = "$" + strings.TrimSuffix(x.String(), ".0") + "M"
	case c >= 100_000:
		x, _ := v.Div(money.FromInt(1_000), 0)
		s = "$" + x.String() + "K"
	default:
		s = "$" + v.Round(0).String()
	}
	if neg {
		return "−" + s
	}
	return s
}

func formatPct(s string) string {
	if s == "" {
		return "–"
	}
	return s + "%"
}

func formatDate(d devcoop.Date) string {
	if d.IsZero() {
		return "–"
	}
	return d.Format("2 Jan 2006")
}

func formatInt(n int) string { return group(fmt.Sprint(n)) }

// withQuery returns the current query with one key set (or removed when the
// value is empty), dropping the page number so a new filter starts at page 1.
func withQuery(q url.Values, key, value string) string {
	c := url.Values{}
	for k, v := range q {
		if k != "page" && k != "flash" {
			c[k] = v
		}
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	if len(c) == 0 {
		return "?"
	}
	return "?" + c.Encode()
}

// navItem is one entry of the main navigation.
type navItem struct{ Section, Label, URL string }

// navItems lists the sections the user may open. Only sections that exist
// are listed: a link must lead to a working page.
func navItems(u *devcoop.User) []navItem {
	items := []navItem{{"overview", "Overview", "/"}, {"projects", "Projects", "/projects"}}
	if u.IsStaff() {
		items = append(items, navItem{"workplans", "Workplans", "/workplans"}, navItem{"gaps", "Gaps", "/gaps"}, navItem{"proposals", "Proposals", "/proposals"}, navItem{"iati", "IATI", "/iati"})
	}
	switch {
	case devcoop.CanSeeFunding(u):
		items = append(items, navItem{"partners", "Partners", "/partners"}, navItem{"agreements", "Agreements", "/agreements"},
			navItem{"pipeline", "Pipeline", "/pipeline"}, navItem{"funding", "Funding", "/funding"}, navItem{"calendar", "Calendar", "/calendar"})
		if devcoop.CanManageFinance(u) {
			items = append(items, navItem{"rates", "Rates", "/rates"})
		}
	case u.Has(devcoop.RoleDonor):
		items = append(items, navItem{"agreements", "Agreements", "/agreements"}, navItem{"calendar", "Calendar", "/calendar"})
	case u.Has(devcoop.RoleProgrammeOfficer):
		// An office's own reports to donors.
		items = append(items, navItem{"calendar", "Calendar", "/calendar"})
	}
	return items
}

func initials(u *devcoop.User) string {
	name := u.Name
	if name == "" {
		name = u.Email
	}
	var out []rune
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '.' || r == '@' || r == '-' }) {
		for _, r := range w {
			out = append(out, r)
			break
		}
		if len(out) == 2 {
			break
		}
	}
	return strings.ToUpper(string(out))
}

// ratio is part ÷ whole in whole percent, rounded; 0 when whole is 0.
func ratio(part, whole int64) int64 {
	if whole <= 0 {
		return 0
	}
	r, _ := money.FromInt(part*100).Div(money.FromInt(whole), 0)
	n, _ := r.Int64()
	return n
}

// pctInt reads a percentage string as a whole number for a progress bar,
// capped at 100.
func pctInt(p string) int64 {
	d, err := money.Parse(p)
	if err != nil {
		return 0
	}
	n, _ := d.Round(0).Int64()
	return min(max(n, 0), 100)
}

// coverClass colours a coverage bar: red under half, amber under 80%.
func coverClass(p string) string {
	switch n := pctInt(p); {
	case n < 50:
		return "progress-danger"
	case n < 80:
		return "progress-warn"
	}
	return "progress-ok"
}

func centsDec(c int64) money.Decimal { return money.FromCents(c) }
