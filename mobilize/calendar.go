package mobilize

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"devcoop"
)

// Due is one report owed to a donor.
type Due struct {
	Report    devcoop.ReportObligation
	Agreement *devcoop.Agreement
	Partner   *devcoop.Partner
	Office    *devcoop.Office
	Overdue   bool
	DaysLate  int // when overdue
	DaysLeft  int // when not yet due
}

// Calendar lists every report due across agreements, by due date; with
// pending set, only reports not yet submitted.
func Calendar(pf *devcoop.Portfolio, on devcoop.Date, pending bool) []Due {
	var out []Due
	for _, a := range pf.Agreements {
		if a.Status == devcoop.AgreementCancelled {
			continue
		}
		for _, r := range a.Reports {
			if pending && !r.Submitted.IsZero() {
				continue
			}
			d := Due{Report: r, Agreement: a, Partner: pf.Partner(a.PartnerID), Office: pf.Office(r.OfficeID), Overdue: r.Overdue(on)}
			if d.Office == nil {
				d.Office = pf.Office(a.OfficeID)
			}
			if d.Overdue {
				d.DaysLate = r.Due.DaysUntil(on)
			} else if r.Submitted.IsZero() {
				d.DaysLeft = on.DaysUntil(r.Due)
			}
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Report.Due != out[j].Report.Due {
			return out[i].Report.Due.Before(out[j].Report.Due)
		}
		return out[i].Report.ID < out[j].Report.ID
	})
	return out
}

// Reminders groups the pending reports due within days (and all overdue
// ones) by responsible office.
func Reminders(pf *devcoop.Portfolio, on devcoop.Date, days int) map[int64][]Due {
	out := map[int64][]Due{}
	for _, d := range Calendar(pf, on, true) {
		if d.Overdue || d.DaysLeft <= days {
			var office int64
			if d.Office != nil {
				office = d.Office.ID
			}
			out[office] = append(out[office], d)
		}
	}
	return out
}

// WriteICS writes the reports as an iCalendar (RFC 5545) feed of all-day
// events, so due dates appear in people's calendars. Each event's UID is
// stable, so calendar clients update it instead of duplicating it.
func WriteICS(w io.Writer, host string, dues []Due, stamp time.Time) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//devcoop//donor reporting calendar//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:devcoop donor reports")
	for _, d := range dues {
		partner := ""
		if d.Partner != nil {
			partner = d.Partner.Name
		}
		status := "due"
		switch {
		case !d.Report.Submitted.IsZero():
			status = "submitted " + d.Report.Submitted.String()
		case d.Overdue:
			status = fmt.Sprintf("OVERDUE by %d days", d.DaysLate)
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:report-%d@%s", d.Report.ID, host))
		line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE:" + d.Report.Due.Format("20060102"))
		line("DTEND;VALUE=DATE:" + d.Report.Due.AddDays(1).Format("20060102"))
		line("SUMMARY:" + escapeICS(fmt.Sprintf("%s report due to %s: %s", title(d.Report.Kind), partner, d.Report.Title)))
		line("DESCRIPTION:" + escapeICS(fmt.Sprintf("Agreement %s (%s). Status: %s.", d.Agreement.Code, d.Agreement.Title, status)))
		if d.Office != nil {
			line("LOCATION:" + escapeICS(d.Office.Name))
		}
		line("CATEGORIES:" + escapeICS(d.Report.Kind))
		if !d.Report.Submitted.IsZero() {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// escapeICS escapes text values as RFC 5545 §3.3.11 asks.
func escapeICS(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold splits a content line longer than 75 octets, without breaking a
// UTF-8 sequence, as RFC 5545 §3.1 asks.
func fold(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		l := len(string(r))
		if n+l > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += l
	}
	return b.String()
}
