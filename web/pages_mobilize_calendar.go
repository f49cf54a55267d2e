package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"devcoop"
	"devcoop/export"
	"devcoop/mobilize"
)

// sortDues puts overdue reports first, then those still to come, both by
// due date, then those already submitted, latest first.
func sortDues(ds []mobilize.Due) {
	rank := func(d mobilize.Due) int {
		switch {
		case d.Overdue:
			return 0
		case d.Report.Submitted.IsZero():
			return 1
		}
		return 2
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		if rank(a) == 2 {
			return b.Report.Due.Before(a.Report.Due)
		}
		return a.Report.Due.Before(b.Report.Due)
	})
}

// dueStatus says where a report stands, in words.
func dueStatus(d mobilize.Due) string {
	switch {
	case !d.Report.Submitted.IsZero():
		return "submitted " + formatDate(d.Report.Submitted)
	case d.Overdue:
		return fmt.Sprintf("overdue by %d days", d.DaysLate)
	case d.DaysLeft == 0:
		return "due today"
	}
	return fmt.Sprintf("due in %d days", d.DaysLeft)
}

// reminderGroup is the reports one office must deliver soon or is late with.
type reminderGroup struct {
	Office  string
	Overdue int
	Dues    []mobilize.Due
}

// reminderDays is how far ahead the reminder list looks.
const reminderDays = 30

type calendarView struct {
	Overdue, Upcoming, Submitted []mobilize.Due
	Count                        int
	Office, Partner              int64
	Kind                         string
	All                          bool
	Offices                      []devcoop.Office
	Partners                     []devcoop.Partner
	Reminders                    []reminderGroup
	ReminderDays                 int
	FeedURL                      string
	Staff                        bool
}

// calendarDues lists the reports the user may see, filtered.
func (s *Server) calendarDues(r *http.Request) ([]mobilize.Due, *calendarView, error) {
	ctx := r.Context()
	q := r.URL.Query()
	v := &calendarView{Kind: q.Get("kind"), All: q.Get("show") == "all", ReminderDays: reminderDays, Staff: devcoop.CanSeeFunding(devcoop.UserFrom(ctx))}
	var err error
	if v.Office, err = queryID(r, "office"); err != nil {
		return nil, nil, err
	}
	if v.Partner, err = queryID(r, "partner"); err != nil {
		return nil, nil, err
	}
	if v.Kind != "" && v.Kind != devcoop.ReportNarrative && v.Kind != devcoop.ReportFinancial {
		return nil, nil, devcoop.Invalid("kind", "%q is not narrative or financial", v.Kind)
	}
	all, err := s.app.Calendar(ctx, s.today(r), !v.All)
	if err != nil {
		return nil, nil, err
	}
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, nil, err
	}
	v.Offices = pf.Offices
	partners := map[int64]devcoop.Partner{}
	var out []mobilize.Due
	for _, d := range all {
		if d.Partner != nil {
			partners[d.Partner.ID] = *d.Partner
		}
		switch {
		case v.Office != 0 && (d.Office == nil || d.Office.ID != v.Office),
			v.Partner != 0 && d.Agreement.PartnerID != v.Partner,
			v.Kind != "" && d.Report.Kind != v.Kind:
			continue
		}
		out = append(out, d)
	}
	for _, p := range partners {
		v.Partners = append(v.Partners, p)
	}
	sort.Slice(v.Partners, func(i, j int) bool { return v.Partners[i].Name < v.Partners[j].Name })
	sortDues(out)
	return out, v, nil
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	dues, v, err := s.calendarDues(r)
	if err != nil {
		return err
	}
	groups := map[string]*reminderGroup{}
	for _, d := range dues {
		switch {
		case d.Overdue:
			v.Overdue = append(v.Overdue, d)
		case d.Report.Submitted.IsZero():
			v.Upcoming = append(v.Upcoming, d)
		default:
			v.Submitted = append(v.Submitted, d)
		}
		if d.Report.Submitted.IsZero() && (d.Overdue || d.DaysLeft <= reminderDays) {
			name := "No responsible office"
			if d.Office != nil {
				name = d.Office.Name
			}
			g := groups[name]
			if g == nil {
				g = &reminderGroup{Office: name}
				groups[name] = g
			}
			g.Dues = append(g.Dues, d)
			if d.Overdue {
				g.Overdue++
			}
		}
	}
	v.Count = len(dues)
	for _, g := range groups {
		v.Reminders = append(v.Reminders, *g)
	}
	sort.Slice(v.Reminders, func(i, j int) bool {
		a, b := v.Reminders[i], v.Reminders[j]
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		return a.Office < b.Office
	})
	v.FeedURL = s.feedURL(r, "")
	s.render(w, r, http.StatusOK, "calendar", s.newPage(r, "Donor reporting calendar", "calendar", v))
	return nil
}

func (s *Server) calendarExport(w http.ResponseWriter, r *http.Request, format string) error {
	dues, _, err := s.calendarDues(r)
	if err != nil {
		return err
	}
	t := &export.Table{Title: "Donor reporting calendar", Subtitle: "As of " + s.today(r).String(), Sheet: "Reports",
		Columns: []export.Column{{Title: "Due", Kind: export.Date}, {Title: "Status"}, {Title: "Report", Width: 40}, {Title: "Kind"}, {Title: "Agreement"},
			{Title: "Partner", Width: 28}, {Title: "Responsible office", Width: 28}, {Title: "Submitted", Kind: export.Date}}}
	for _, d := range dues {
		office := ""
		if d.Office != nil {
			office = d.Office.Name
		}
		t.Rows = append(t.Rows, []export.Cell{textCell(d.Report.Due.String()), textCell(dueStatus(d)), textCell(d.Report.Title), textCell(d.Report.Kind),
			textCell(d.Agreement.Code), textCell(partnerName(d.Partner)), textCell(office), textCell(d.Report.Submitted.String())})
	}
	return s.sendTables(w, format, "donor-reports", t)
}

// ---- Exchange rates -----------------------------------------------------------

// rateCell is one rate in the grid.
type rateCell struct {
	Rate   string
	Source string
}

type rateRow struct {
	Month time.Time
	Cells []rateCell // one per currency in the grid, or one in the list
}

type ratesView struct {
	Currencies []string // every currency with rates
	Columns    []string // the grid's currencies
	Currency   string
	Year       string
	Years      []string
	Rows       []rateRow
	Sources    []string
	Count      int
	CanLoad    bool
	Errors     fieldErrors
}

func (s *Server) ratesPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRates(w, r, http.StatusOK, fieldErrors{})
}

// renderRates shows the rates: for one year, a grid of months by
// currency; for one currency, its months with their sources.
func (s *Server) renderRates(w http.ResponseWriter, r *http.Request, status int, fe fieldErrors) error {
	rs, err := s.app.Rates(r.Context())
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := &ratesView{Currency: strings.ToUpper(q.Get("currency")), Year: q.Get("year"), CanLoad: devcoop.CanManageFinance(devcoop.UserFrom(r.Context())), Errors: fe, Count: len(rs)}
	curs, years, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, rt := range rs {
		curs[rt.Currency] = true
		years[strconv.Itoa(rt.Month.Year())] = true
	}
	for c := range curs {
		v.Currencies = append(v.Currencies, c)
	}
	sort.Strings(v.Currencies)
	for y := range years {
		v.Years = append(v.Years, y)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(v.Years)))
	if v.Year == "" && len(v.Years) > 0 && v.Currency == "" {
		v.Year = v.Years[0]
	}
	if v.Currency != "" && !curs[v.Currency] {
		return devcoop.NotFound("exchange rates for", v.Currency)
	}
	v.Columns = v.Currencies
	if v.Currency != "" {
		v.Columns = []string{v.Currency}
	}
	col := map[string]int{}
	for i, c := range v.Columns {
		col[c] = i
	}
	byMonth := map[time.Time]*rateRow{}
	for _, rt := range rs {
		i, ok := col[rt.Currency]
		if !ok || (v.Year != "" && v.Year != "all" && strconv.Itoa(rt.Month.Year()) != v.Year) {
			continue
		}
		row := byMonth[rt.Month]
		if row == nil {
			row = &rateRow{Month: rt.Month, Cells: make([]rateCell, len(v.Columns))}
			byMonth[rt.Month] = row
		}
		row.Cells[i] = rateCell{Rate: rt.USDPer.String(), Source: rt.Source}
		sources[rt.Source] = true
	}
	for _, row := range byMonth {
		v.Rows = append(v.Rows, *row)
	}
	sort.Slice(v.Rows, func(i, j int) bool { return v.Rows[i].Month.After(v.Rows[j].Month) })
	for src := range sources {
		v.Sources = append(v.Sources, src)
	}
	sort.Strings(v.Sources)
	s.render(w, r, status, "rates", s.newPage(r, "Exchange rates", "rates", v))
	return nil
}

// loadRates takes an uploaded rates file. The CSRF token comes in the
// action's URL, so the middleware need not read the upload to check it.
func (s *Server) loadRates(w http.ResponseWriter, r *http.Request) error {
	if !devcoop.CanManageFinance(devcoop.UserFrom(r.Context())) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only finance officers and administrators load exchange rates.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, 17<<20)
	var res struct {
		n    int
		curs []string
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		err = devcoop.Invalid("file", "choose a CSV file to load (month,currency,rate_to_usd,source)")
	} else {
		defer file.Close()
		load, lerr := s.app.LoadRatesCSV(r.Context(), file)
		res.n, res.curs, err = load.Loaded, load.Currencies, lerr
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		fe := newFieldErrors(err, nil)
		for i := range fe.List {
			// The problems are in the file, not in a field of this form.
			fe.List[i].Href = "#f-file"
		}
		return s.renderRates(w, r, status(err), fe)
	}
	redirectFlash(w, r, "/rates", fmt.Sprintf("Loaded %d rates for %s", res.n, strings.Join(res.curs, ", ")))
	return nil
}
