package demo_test

import (
	"regexp"
	"testing"

	"devcoop"
	"devcoop/demo"
)

var emailRule = regexp.MustCompile(`^[a-z]+(\.[a-z]+)*@([a-z0-9-]+\.)+example$`)

// checkReports checks the agreements' managing offices, disclosure terms
// and reporting obligations.
func checkReports(t *testing.T, x *snapshot) {
	today := demo.Today()
	partners := map[int64]devcoop.Partner{}
	for _, p := range x.partners {
		partners[p.ID] = p
	}
	offices := map[int64]bool{}
	for _, o := range x.offices {
		offices[o.ID] = true
	}
	overdue, dueSoon, names, docs := 0, 0, 0, 0
	hidden := map[string]bool{}
	for _, a := range x.agreements {
		if !offices[a.OfficeID] {
			t.Errorf("agreement %s has no managing office", a.Code)
		}
		if a.DiscloseName {
			names++
		} else {
			hidden[partners[a.PartnerID].Code] = true
			if k := partners[a.PartnerID].Kind; k != devcoop.PartnerPrivate && k != devcoop.PartnerFoundation {
				t.Errorf("agreement %s of a %s partner hides its name", a.Code, k)
			}
		}
		if a.DiscloseDocs {
			docs++
			if !a.DiscloseName {
				t.Errorf("agreement %s discloses documents but not the donor's name", a.Code)
			}
		}
		counted := a.Status == devcoop.AgreementSigned || a.Status == devcoop.AgreementClosed
		if counted != (len(a.Reports) > 0) {
			t.Errorf("agreement %s (%s) has %d reports", a.Code, a.Status, len(a.Reports))
		}
		kinds := map[string]bool{}
		for _, r := range a.Reports {
			kinds[r.Kind] = true
			if (r.Kind != devcoop.ReportNarrative && r.Kind != devcoop.ReportFinancial) || r.Title == "" || r.Due.IsZero() || !offices[r.OfficeID] || r.AgreementID != a.ID {
				t.Errorf("agreement %s: report %+v", a.Code, r)
			}
			if r.Submitted.After(today) {
				t.Errorf("agreement %s: report %q submitted after today, on %s", a.Code, r.Title, r.Submitted)
			}
			if r.Overdue(today) {
				overdue++
				if a.Status == devcoop.AgreementClosed {
					t.Errorf("closed agreement %s owes %q", a.Code, r.Title)
				}
			}
			if r.Submitted.IsZero() && !r.Due.Before(today) && r.Due.Before(today.AddDays(61)) {
				dueSoon++
			}
		}
		if a.Modality != devcoop.ModalityUnearmarked && counted && !kinds[devcoop.ReportFinancial] {
			t.Errorf("agreement %s owes no financial report", a.Code)
		}
	}
	if overdue < 8 || overdue > 15 || dueSoon == 0 {
		t.Errorf("%d reports overdue and %d due within 60 days on %s", overdue, dueSoon, today)
	}
	if len(hidden) == 0 || len(hidden) > 5 || names*10 < len(x.agreements)*9 || docs >= names || docs*4 < names {
		t.Errorf("disclosure: %d of %d agreements name the donor (hidden: %v), %d publish documents", names, len(x.agreements), hidden, docs)
	}
	t.Logf("%d reports overdue, %d due within 60 days; %d of %d agreements disclose the name, %d the documents", overdue, dueSoon, names, len(x.agreements), docs)
}

// checkContacts checks the partners' contacts and notes.
func checkContacts(t *testing.T, x *snapshot) {
	emails := map[string]bool{}
	notes := 0
	for _, p := range x.partners {
		if n := len(p.Contacts); n < 1 || n > 3 {
			t.Errorf("partner %s has %d contacts", p.Code, n)
		}
		for _, c := range p.Contacts {
			if c.Name == "" || c.Role == "" || !emailRule.MatchString(c.Email) || emails[c.Email] {
				t.Errorf("partner %s: contact %+v", p.Code, c)
			}
			emails[c.Email] = true
		}
		if p.Notes != "" {
			notes++
		}
	}
	if notes*5 < len(x.partners) || notes == len(x.partners) {
		t.Errorf("%d of %d partners have notes", notes, len(x.partners))
	}
}
