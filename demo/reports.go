package demo

import (
	"fmt"
	"slices"

	"devcoop"
)

// report is a reporting obligation being generated; its office is
// resolved to an ID on write.
type report struct {
	devcoop.ReportObligation
	office *office
}

// Partners that ask for their documents to be published, as they publish
// to IATI themselves.
var publishingPartners = []string{"GBR", "NLD", "SWE", "EEC", "DNK", "FIN"}

// agreementTerms sets what every agreement says beyond its money: the
// office that manages it, whether the donor's name and documents may be
// published, and the reports it owes the donor, most of them submitted
// and a few overdue on today.
func (g *generator) agreementTerms() {
	r := newRNG(g.seed, "terms")
	// A few private-sector and foundation partners keep their name out of
	// public reports.
	var discreet []*partner
	for _, pa := range g.p.partners {
		if pa.Kind == devcoop.PartnerPrivate || pa.Kind == devcoop.PartnerFoundation {
			discreet = append(discreet, pa)
		}
	}
	hidden := sample(r, discreet, 3)
	for _, pa := range g.p.partners {
		pa.discloseName = !slices.Contains(hidden, pa)
		docs := 0
		switch pa.Kind {
		case devcoop.PartnerTraditionalGov:
			docs = 50
		case devcoop.PartnerMultilateral, devcoop.PartnerIFI:
			docs = 40
		case devcoop.PartnerEmergingGov, devcoop.PartnerDomestic, devcoop.PartnerSouthSouth:
			docs = 25
		case devcoop.PartnerPrivate, devcoop.PartnerFoundation:
			docs = 15
		}
		pa.discloseDocs = pa.discloseName && (slices.Contains(publishingPartners, pa.Code) || r.chance(docs))
	}

	var late []*report // reports that may be overdue today
	for _, a := range g.p.agreements {
		a.office = g.managingOffice(a)
		a.DiscloseName, a.DiscloseDocs = a.partner.discloseName, a.partner.discloseDocs
		if a.Status != devcoop.AgreementSigned && a.Status != devcoop.AgreementClosed {
			continue
		}
		g.scheduleReports(a)
		for i := range a.reports {
			rep := &a.reports[i]
			if !rep.Due.Before(today) {
				// A closed agreement has been reported on in full.
				if a.Status == devcoop.AgreementClosed {
					rep.Submitted = minDate(a.End.AddDays(r.between(20, 80)), today.AddDays(-1))
				}
				continue
			}
			// Most reports go in around their due date; some are late.
			on := rep.Due.AddDays(r.between(-25, 12))
			if r.chance(12) {
				on = rep.Due.AddDays(r.between(13, 75))
			}
			rep.Submitted = minDate(on, today)
			if a.Status == devcoop.AgreementSigned && !rep.Due.Before(devcoop.NewDate(2014, 10, 1)) {
				late = append(late, rep)
			}
		}
	}
	// A handful of recent reports have not gone in: the calendar shows
	// them overdue.
	for _, rep := range sample(r, late, r.between(9, 14)) {
		rep.Submitted = devcoop.Date{}
	}
}

// managingOffice is the office that manages an agreement: the office of
// the projects it funds when they share one, their regional office when
// they share a region, the regional office of a regional earmark, and
// otherwise the partnerships department at headquarters.
func (g *generator) managingOffice(a *agreement) *office {
	pardev := g.office["PARDEV"]
	switch a.Modality {
	case devcoop.ModalityUnearmarked:
		return pardev
	case devcoop.ModalityLight:
		if a.EarmarkKind == devcoop.EarmarkRegion {
			return g.regionalOffice(a.EarmarkTarget)
		}
		return pardev
	}
	var o *office
	region := ""
	for i, al := range a.allocs {
		po := al.project.office
		if i == 0 {
			o, region = po, po.Region
			continue
		}
		if po != o {
			o = nil
		}
		if po.Kind == devcoop.OfficeHQ || po.Region != region {
			region = ""
		}
	}
	switch {
	case o != nil:
		return o
	case region != "":
		return g.regionalOffice(region)
	}
	return pardev
}

// scheduleReports lists the reports an agreement owes. Core contributions
// are reported on once a year; other agreements owe an annual progress
// report and financial statement by 31 March after each calendar year
// (the European Union, DFID, DFAT and DFATD count years from the start
// and want the reports two or three months after each anniversary; USDOL
// asks for a technical progress report every six months), and final
// reports six months after the end.
func (g *generator) scheduleReports(a *agreement) {
	add := func(kind, title string, due devcoop.Date) {
		a.reports = append(a.reports, report{ReportObligation: devcoop.ReportObligation{Kind: kind, Title: title, Due: due}, office: a.office})
	}
	if a.Modality == devcoop.ModalityUnearmarked {
		for y := a.Start.Year(); y <= a.End.Year(); y++ {
			add(devcoop.ReportNarrative, fmt.Sprintf("Annual report on the use of RBSA funds, %d", y), devcoop.NewDate(y+1, 3, 31))
		}
		return
	}
	switch a.partner.Code {
	case "EEC", "GBR", "AUS", "CAN":
		after := 3
		if a.partner.Code == "EEC" {
			after = 2
		}
		for k := 1; ; k++ {
			anniversary := devcoop.Date{Time: a.Start.AddDate(k, 0, 0)}
			if !anniversary.Before(a.End) {
				break
			}
			due := monthsAfter(anniversary, after)
			add(devcoop.ReportNarrative, fmt.Sprintf("Interim narrative report, year %d", k), due)
			add(devcoop.ReportFinancial, fmt.Sprintf("Interim financial report, year %d", k), due)
		}
	case "USA":
		for y := a.Start.Year(); y <= a.End.Year(); y++ {
			for _, half := range []struct {
				due           devcoop.Date
				from, to      string
				periodEndDate devcoop.Date
			}{
				{devcoop.NewDate(y, 4, 30), "October " + fmt.Sprint(y-1), "March " + fmt.Sprint(y), devcoop.NewDate(y, 3, 31)},
				{devcoop.NewDate(y, 10, 31), "April", "September " + fmt.Sprint(y), devcoop.NewDate(y, 9, 30)},
			} {
				if half.periodEndDate.Before(a.Start) || !half.periodEndDate.Before(a.End) {
					continue
				}
				add(devcoop.ReportNarrative, fmt.Sprintf("Technical progress report, %s–%s", half.from, half.to), half.due)
			}
			if devcoop.NewDate(y, 12, 31).Before(a.End) {
				add(devcoop.ReportFinancial, fmt.Sprintf("Annual financial statement, %d", y), devcoop.NewDate(y+1, 3, 31))
			}
		}
	default:
		for y := a.Start.Year(); devcoop.NewDate(y, 12, 31).Before(a.End); y++ {
			add(devcoop.ReportNarrative, fmt.Sprintf("Annual progress report, %d", y), devcoop.NewDate(y+1, 3, 31))
			add(devcoop.ReportFinancial, fmt.Sprintf("Annual financial statement, %d", y), devcoop.NewDate(y+1, 3, 31))
		}
	}
	final := monthsAfter(a.End, 6)
	add(devcoop.ReportNarrative, "Final progress report", final)
	add(devcoop.ReportFinancial, "Final certified financial report", final)
	slices.SortStableFunc(a.reports, func(x, y report) int { return x.Due.Compare(y.Due.Time) })
}

// monthsAfter moves d by n calendar months, keeping to the end of a month
// where the target month is shorter (31 August + 6 months is 28 February).
func monthsAfter(d devcoop.Date, n int) devcoop.Date {
	first := devcoop.NewDate(d.Year(), d.Month(), 1).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return devcoop.NewDate(first.Year(), first.Month(), min(d.Day(), last))
}
