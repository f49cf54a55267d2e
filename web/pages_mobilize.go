package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/money"
)

// routesMobilize lists the resource mobilization pages: partners,
// agreements, the pipeline, the funding dashboard, the donor reporting
// calendar and exchange rates. Every page reads through the services in
// app, which decide who sees what; a page only hides the controls a user
// could not use.
func (s *Server) routesMobilize() {
	m := s
	m.HandleFunc("GET /partners", s.page(s.partnerList))
	m.HandleFunc("GET /partners/export.csv", s.page(exportAs("csv", s.partnerExport)))
	m.HandleFunc("GET /partners/export.xlsx", s.page(exportAs("xlsx", s.partnerExport)))
	m.HandleFunc("GET /partners/new", s.page(s.newPartnerForm))
	m.HandleFunc("POST /partners", s.page(s.createPartner))
	m.HandleFunc("GET /partners/{id}", s.page(s.partnerPage))
	m.HandleFunc("GET /partners/{id}/brief.pdf", s.page(s.partnerBrief))
	m.HandleFunc("GET /partners/{id}/edit", s.page(s.editPartnerForm))
	m.HandleFunc("POST /partners/{id}", s.page(s.updatePartner))

	m.HandleFunc("GET /agreements", s.page(s.agreementList))
	m.HandleFunc("GET /agreements/export.csv", s.page(exportAs("csv", s.agreementExport)))
	m.HandleFunc("GET /agreements/export.xlsx", s.page(exportAs("xlsx", s.agreementExport)))
	m.HandleFunc("GET /agreements/new", s.page(s.newAgreementForm))
	m.HandleFunc("POST /agreements", s.page(s.createAgreement))
	m.HandleFunc("GET /agreements/{id}", s.page(s.agreementPage))
	m.HandleFunc("GET /agreements/{id}/edit", s.page(s.editAgreementForm))
	m.HandleFunc("POST /agreements/{id}", s.page(s.updateAgreement))
	m.HandleFunc("POST /agreements/{id}/tranches/{seq}/receipt", s.page(s.recordReceipt))

	m.HandleFunc("GET /pipeline", s.page(s.pipelineBoard))
	m.HandleFunc("GET /pipeline/export.csv", s.page(exportAs("csv", s.pipelineExport)))
	m.HandleFunc("GET /pipeline/export.xlsx", s.page(exportAs("xlsx", s.pipelineExport)))
	m.HandleFunc("GET /pipeline/new", s.page(s.newOpportunityForm))
	m.HandleFunc("POST /pipeline", s.page(s.createOpportunity))
	m.HandleFunc("GET /pipeline/{id}", s.page(s.opportunityPage))
	m.HandleFunc("GET /pipeline/{id}/edit", s.page(s.editOpportunityForm))
	m.HandleFunc("POST /pipeline/{id}", s.page(s.updateOpportunity))
	m.HandleFunc("POST /pipeline/{id}/stage", s.page(s.moveOpportunity))
	m.HandleFunc("GET /pipeline/{id}/sign", s.page(s.signForm))
	m.HandleFunc("POST /pipeline/{id}/sign", s.page(s.signOpportunity))

	m.HandleFunc("GET /funding", s.page(s.fundingPage))
	m.HandleFunc("GET /funding/export.xlsx", s.page(s.fundingExport))
	m.HandleFunc("POST /funding/targets", s.page(s.setTargets))

	m.HandleFunc("GET /calendar", s.page(s.calendarPage))
	m.HandleFunc("GET /calendar/export.csv", s.page(exportAs("csv", s.calendarExport)))
	m.HandleFunc("GET /calendar/export.xlsx", s.page(exportAs("xlsx", s.calendarExport)))

	m.HandleFunc("GET /rates", s.page(s.ratesPage))
	m.HandleFunc("POST /rates", s.page(s.loadRates))
}

// exportAs binds an export handler to one file format, since a route's
// wildcard must fill a whole path segment.
func exportAs(format string, h func(w http.ResponseWriter, r *http.Request, format string) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error { return h(w, r, format) }
}

// today is the date pages compare due dates with.
// today is the portfolio's business date (see app.Today).
func (s *Server) today(r *http.Request) devcoop.Date { return s.app.Today(r.Context()) }

// redirectFlash sends the browser on after a successful change, with a
// message the next page shows.
func redirectFlash(w http.ResponseWriter, r *http.Request, to, flash string) {
	u, err := url.Parse(to)
	if err != nil {
		u = &url.URL{Path: "/"}
	}
	q := u.Query()
	q.Set("flash", flash)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

// safeBack keeps a form's return address on this site.
func safeBack(to, fallback string) string {
	if to == "" || !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") || strings.HasPrefix(to, "/\\") {
		return fallback
	}
	return to
}

// ---- Forms -----------------------------------------------------------------

// fieldErrors holds the problems of a failed save, for a form to show in
// its error summary and beside each field at fault.
type fieldErrors struct {
	List    []fieldProblem
	Message string // a problem that is not about one field (a conflict)
	by      map[string]string
}

// fieldProblem is one wrong field, with the anchor of its input.
type fieldProblem struct{ Field, Label, Message, Href string }

// newFieldErrors reads the problems out of a service's error. labels name
// the form's fields for people; a row field such as tranches[1].amount is
// named from its list and its column.
func newFieldErrors(err error, labels map[string]string) fieldErrors {
	fe := fieldErrors{by: map[string]string{}}
	fs := devcoop.ErrorFields(err)
	if len(fs) == 0 {
		fe.Message = devcoop.ErrorMessage(err)
		return fe
	}
	for _, f := range fs {
		msg := capitalize(f.Message)
		if _, seen := fe.by[f.Field]; !seen {
			fe.by[f.Field] = msg
		}
		fe.List = append(fe.List, fieldProblem{Field: f.Field, Label: fieldLabel(f.Field, labels), Message: f.Message, Href: "#" + fieldID(f.Field)})
	}
	return fe
}

// Any reports whether there is anything to show.
func (f fieldErrors) Any() bool { return len(f.List) > 0 || f.Message != "" }

// Err is the message for one field, or "".
func (f fieldErrors) Err(field string) string { return f.by[field] }

// ID is the element id of a field's input.
func (f fieldErrors) ID(field string) string { return fieldID(field) }

var rowField = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]\.?([a-z_]*)$`)

func fieldLabel(field string, labels map[string]string) string {
	if l, ok := labels[field]; ok {
		return l
	}
	if m := rowField.FindStringSubmatch(field); m != nil {
		n, _ := strconv.Atoi(m[2])
		list := labels[m[1]]
		if list == "" {
			list = strings.ReplaceAll(m[1], "_", " ")
		}
		col := labels[m[1]+"."+m[3]]
		if col == "" {
			col = strings.ReplaceAll(m[3], "_", " ")
		}
		if col == "" {
			return fmt.Sprintf("%s, row %d", list, n+1)
		}
		return fmt.Sprintf("%s, row %d: %s", list, n+1, col)
	}
	if plainField.MatchString(field) {
		return capitalize(strings.ReplaceAll(field, "_", " "))
	}
	// A place in a file, such as "line 3, column 2 (rate_to_usd)", names
	// the file's own column: keep it as it is.
	return capitalize(field)
}

var plainField = regexp.MustCompile(`^[a-z_]+$`)

// formInput reads a posted form, collecting every value that cannot be
// read, so the form comes back with all its problems at once.
type formInput struct {
	r  *http.Request
	pr devcoop.Problems
}

func readForm(r *http.Request) (*formInput, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return nil, devcoop.Invalid("form", "could not be read")
	}
	return &formInput{r: r}, nil
}

func (f *formInput) text(name string) string { return strings.TrimSpace(f.r.PostFormValue(name)) }

// col returns the i-th value of a repeated field (one per table row).
func (f *formInput) col(name string, i int) string {
	vs := f.r.PostForm[name]
	if i < len(vs) {
		return strings.TrimSpace(vs[i])
	}
	return ""
}

func (f *formInput) rows(name string) int { return len(f.r.PostForm[name]) }

func (f *formInput) checked(name string) bool { return f.r.PostFormValue(name) != "" }

func (f *formInput) int(name string) int {
	n, _ := strconv.Atoi(f.text(name))
	return n
}

// amount reads an exact decimal. Thousands separators are accepted only in
// whole groups ("1,500,000.00"): "1,5" could be one and a half or fifteen,
// so it is refused rather than guessed.
func (f *formInput) amount(field, s string, required bool) money.Decimal {
	d, err := parseAmount(s)
	switch {
	case s == "" && required:
		f.pr.Add(field, "is required")
	case s != "" && err != nil:
		f.pr.Add(field, "%s", err.Error())
	}
	return d
}

func (f *formInput) date(field, s string, required bool) devcoop.Date {
	d, err := devcoop.ParseDate(s)
	switch {
	case s == "" && required:
		f.pr.Add(field, "is required")
	case err != nil:
		f.pr.Add(field, "%q is not a date: use the form YYYY-MM-DD", s)
	}
	return d
}

func (f *formInput) id(field, s string) int64 {
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		f.pr.Add(field, "%q is not one of the choices", s)
	}
	return n
}

// err returns the problems found reading the form, if any.
func (f *formInput) err() error { return f.pr.Err() }

// alsoCheck adds what a record's own validation finds to the problems of
// reading the form, so a form with a value that cannot be read still shows
// every other problem at once. A field already at fault is not reported
// twice.
func (f *formInput) alsoCheck(validate func() error) error {
	if f.pr.Empty() {
		return nil
	}
	seen := map[string]bool{}
	for _, p := range f.pr.List() {
		seen[p.Field] = true
	}
	for _, p := range devcoop.ErrorFields(validate()) {
		if !seen[p.Field] {
			f.pr.Add(p.Field, "%s", p.Message)
		}
	}
	return f.pr.Err()
}

// saveFailed reports whether err is a problem the user can fix in the form
// (invalid input or a stale version), rather than one for an error page.
func saveFailed(err error) bool {
	k := devcoop.ErrorKind(err)
	return k == devcoop.KindInvalid || k == devcoop.KindConflict
}

// ---- Lists -------------------------------------------------------------------

// pager is one page of a long list.
type pager struct {
	Page, PerPage, Total, Pages, From, To int
}

func newPager(q url.Values, total, perPage int) (pager, error) {
	p := pager{Page: 1, PerPage: perPage, Total: total}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, devcoop.Invalid("page", "%q is not a page number", v)
		}
		p.Page = n
	}
	p.Pages = max(1, (total+perPage-1)/perPage)
	p.Page = min(p.Page, p.Pages)
	p.From = (p.Page - 1) * perPage
	p.To = min(p.From+perPage, total)
	return p, nil
}

// Prev and Next are the neighbouring page numbers, as query values.
func (p pager) Prev() string { return strconv.Itoa(p.Page - 1) }

// Next is the next page number.
func (p pager) Next() string { return strconv.Itoa(p.Page + 1) }

// sorter orders a list by one of its columns: "name" ascending, "-name"
// descending, ties kept in the order they came.
type sorter[T any] map[string]func(a, b T) int

func (s sorter[T]) sort(list []T, key, def string) string {
	if key == "" {
		key = def
	}
	desc := strings.HasPrefix(key, "-")
	cmp, ok := s[strings.TrimPrefix(key, "-")]
	if !ok {
		key = def
		desc = strings.HasPrefix(key, "-")
		cmp = s[strings.TrimPrefix(key, "-")]
	}
	sort.SliceStable(list, func(i, j int) bool {
		c := cmp(list[i], list[j])
		if desc {
			return c > 0
		}
		return c < 0
	})
	return key
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

func cmpDate(a, b devcoop.Date) int { return a.Compare(b.Time) }

// periodOrCurrent returns the period named by ?period= (the current one
// when absent); unknown codes are not found.
func periodOrCurrent(pf *devcoop.Portfolio, code string) (*devcoop.Period, error) {
	if code == "" {
		if p := pf.CurrentPeriod(); p != nil {
			return p, nil
		}
		return nil, devcoop.NotFound("programme period", "(none)")
	}
	p := pf.Period(code)
	if p == nil {
		return nil, devcoop.NotFound("programme period", code)
	}
	return p, nil
}

// shareText writes a 0–1 share as a percentage with one decimal place.
func shareText(d money.Decimal) string {
	return d.Mul(money.FromInt(100)).Round(1).String()
}

// sharePct is a 0–1 share in percentage points, for exports.
func sharePct(d money.Decimal) money.Decimal { return d.Mul(money.FromInt(100)).Round(4) }

// pctOf is part ÷ whole as a percentage with one decimal place, "" when
// whole is not positive.
func pctOf(part, whole int64) string {
	if whole <= 0 {
		return ""
	}
	r, _ := money.FromInt(part).Mul(money.FromInt(100)).Div(money.FromInt(whole), 1)
	return r.String()
}
