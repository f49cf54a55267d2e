package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"devcoop"
	"devcoop/money"
)

// agreement is an agreement being generated.
type agreement struct {
	devcoop.Agreement
	partner     *partner
	total       int64 // Amount in minor units
	allocs      []alloc
	office      *office      // the managing office
	reports     []report     // what the donor is owed
	opportunity *opportunity // the pipeline deal it came from, if any
}

// alloc is what an agreement funds: a project, an outcome or a region.
type alloc struct {
	project *project
	outcome *outcome
	region  string
	amount  int64 // minor units of the agreement's currency
}

// valueDate is the date an agreement's amount is valued on: its signature,
// or its start while it is not signed.
func (a *agreement) valueDate() devcoop.Date {
	if !a.SignedDate.IsZero() {
		return a.SignedDate
	}
	return a.Start
}

// earmarkedAgreements writes, for each partner, the agreements that pay
// for the projects it funds: one project each, or a few that started close
// together. Every funder of a project thus has an agreement allocating to
// it, and every project allocation names a project its partner funds.
func (g *generator) earmarkedAgreements() {
	r := newRNG(g.seed, "earmarked")
	g.seq = map[string]int{}
	for _, pa := range g.p.partners {
		var items []share[*project]
		for _, p := range g.p.projects {
			for _, f := range p.funders {
				if f.to == pa {
					items = append(items, share[*project]{p, f.pct})
				}
			}
		}
		slices.SortStableFunc(items, func(a, b share[*project]) int { return a.to.PlannedStart.Compare(b.to.PlannedStart.Time) })
		used := make([]bool, len(items))
		for i, first := range items {
			if used[i] {
				continue
			}
			used[i] = true
			group := []share[*project]{first}
			if first.to.Status != devcoop.StatusCancelled {
				size := 1 + r.weighted([]int{75, 20, 5})
				if pa.spec.weight >= 6 {
					size = 1 + r.weighted([]int{50, 22, 14, 8, 6})
				}
				for j := i + 1; j < len(items) && len(group) < size; j++ {
					if first.to.PlannedStart.DaysUntil(items[j].to.PlannedStart) > 450 {
						break
					}
					if used[j] || items[j].to.Status == devcoop.StatusCancelled {
						continue
					}
					used[j] = true
					group = append(group, items[j])
				}
			}
			g.earmarked(r, pa, group)
		}
	}
}

func (g *generator) earmarked(r *rng, pa *partner, group []share[*project]) {
	a := &agreement{partner: pa}
	a.Modality = devcoop.ModalityEarmarked
	a.Currency = pa.spec.cur
	a.Start, a.End = group[0].to.PlannedStart, group[0].to.End()
	cancelled, closed := true, true
	for _, s := range group {
		a.Start = minDate(a.Start, s.to.PlannedStart)
		a.End = maxDate(a.End, s.to.End())
		cancelled = cancelled && s.to.Status == devcoop.StatusCancelled
		closed = closed && s.to.Status == devcoop.StatusClosed
	}
	signed := a.Start.AddDays(-r.between(14, 120))
	if signed.Before(earliestSigned) {
		signed = earliestSigned.AddDays(r.between(0, 45)) // money is dated from 2012, where the rate table starts
	}
	switch {
	case cancelled:
		a.Status = devcoop.AgreementCancelled
	case signed.After(today):
		a.Status = devcoop.AgreementDraft
	case closed && a.End.Before(today.AddDays(-30)):
		a.Status, a.SignedDate = devcoop.AgreementClosed, signed
	default:
		a.Status, a.SignedDate = devcoop.AgreementSigned, signed
	}
	var sum int64
	for _, s := range group {
		amt := roundTo(g.rates.convert(s.to.total*int64(s.pct)/100, s.to.Currency, a.Currency, a.valueDate()), a.Currency, 1)
		a.allocs = append(a.allocs, alloc{project: s.to, amount: amt})
		sum += amt
	}
	// Agreements are signed for round sums; some keep a reserve the
	// organisation has not yet programmed.
	step := units(1000, a.Currency)
	a.total = (sum + step - 1) / step * step
	if r.chance(10) {
		a.total += roundTo(sum*int64(r.between(3, 8))/100, a.Currency, 1000)
	}
	if len(group) == 1 {
		a.Title = group[0].to.Title
	} else {
		a.Title = fmt.Sprintf("%s–ILO partnership on %s, %d–%d", g.partnerLabel(pa), lowerFirst(group[0].to.outcomes[0].to.Title), a.Start.Year(), a.End.Year())
	}
	g.finish(r, a)
}

// partnerLabel is how agreement titles name a partner.
func (g *generator) partnerLabel(pa *partner) string {
	switch {
	case pa.Kind == devcoop.PartnerDomestic:
		return "Government of " + g.country[pa.Country].short
	case pa.Acronym != "" && pa.Kind != devcoop.PartnerTraditionalGov && pa.Kind != devcoop.PartnerEmergingGov:
		return pa.Acronym
	}
	return pa.Name
}

// finish gives an agreement its code and tranches, and adds it.
func (g *generator) finish(r *rng, a *agreement) {
	year := a.valueDate().Year()
	key := fmt.Sprintf("%s/%d", a.partner.Code, year)
	g.seq[key]++
	a.Code = fmt.Sprintf("%s/%03d", key, g.seq[key])
	a.Amount = wholeAmount(a.total, a.Currency)
	g.tranches(r, a)
	g.p.agreements = append(g.p.agreements, a)
}

// tranches schedules yearly instalments from signature and records what
// has arrived by today: most on time, some late, some short.
func (g *generator) tranches(r *rng, a *agreement) {
	from := a.valueDate().AddDays(30)
	years := a.End.Year() - a.Start.Year() + 1
	n := min(max(years, 1), 5)
	if n == 1 && r.chance(30) {
		n = 2
	}
	months := max(3, monthsBetween(from, a.End)/n)
	unit := units(1000, a.Currency)
	each := a.total / int64(n) / unit * unit
	for k := 0; k < n; k++ {
		t := devcoop.Tranche{ExpectedDate: addMonths(from, k*months)}
		amt := each
		if k == 0 {
			amt = a.total - each*int64(n-1)
		}
		t.ExpectedAmount = wholeAmount(amt, a.Currency)
		switch a.Status {
		case devcoop.AgreementClosed:
			t.ExpectedDate = minDate(t.ExpectedDate, a.End)
			t.ReceivedDate = minDate(today, t.ExpectedDate.AddDays(r.between(0, 20)))
			t.ReceivedAmount = t.ExpectedAmount
		case devcoop.AgreementSigned:
			if t.ExpectedDate.After(today) {
				break
			}
			got, when := amt, t.ExpectedDate.AddDays(r.between(0, 25))
			switch k := r.intn(100); {
			case k < 18:
				when = t.ExpectedDate.AddDays(r.between(60, 240)) // late
			case k < 30:
				got = roundTo(amt*int64(r.between(50, 90))/100, a.Currency, 1) // partial
			}
			if !when.After(today) {
				t.ReceivedDate, t.ReceivedAmount = when, wholeAmount(got, a.Currency)
			}
		}
		a.Tranches = append(a.Tranches, t)
	}
}

func monthsBetween(a, b devcoop.Date) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// lightSpec is a lightly earmarked agreement. Those signed in the current
// period get their size from the calibration in otherAgreements; earlier
// and draft ones a nominal size in dollars.
type lightSpec struct {
	partner, kind, target string
	from, to              int
	signed                string // YYYY-MM, or "" for a draft
	weight                int
}

var lightSpecs = []lightSpec{
	// 2012–13, closed.
	{"SWE", devcoop.EarmarkOutcome, "1", 2012, 2013, "2012-04", 8},
	{"NOR", devcoop.EarmarkOutcome, "4", 2012, 2013, "2012-03", 8},
	{"NLD", devcoop.EarmarkOutcome, "3", 2012, 2013, "2012-05", 7},
	{"DNK", devcoop.EarmarkOutcome, "12", 2012, 2013, "2012-06", 5},
	{"IRL", devcoop.EarmarkOutcome, "17", 2012, 2013, "2012-04", 3},
	{"KOR", devcoop.EarmarkRegion, "ASP", 2012, 2013, "2012-03", 4},
	{"JPN", devcoop.EarmarkRegion, "ASP", 2012, 2013, "2012-07", 3},
	{"ESP", devcoop.EarmarkRegion, "AME", 2012, 2013, "2012-09", 3},
	{"FLA", devcoop.EarmarkRegion, "AFR", 2012, 2013, "2012-05", 2},
	// 2014–15, signed.
	{"SWE", devcoop.EarmarkTheme, "Jobs and skills for youth", 2014, 2015, "2014-03", 10},
	{"SWE", devcoop.EarmarkOutcome, "12", 2014, 2017, "2014-09", 6},
	{"NOR", devcoop.EarmarkTheme, "Social protection floors", 2014, 2015, "2014-02", 9},
	{"NOR", devcoop.EarmarkOutcome, "19", 2014, 2015, "2014-02", 4},
	{"NLD", devcoop.EarmarkTheme, "Decent work in the rural economy", 2014, 2015, "2014-04", 7},
	{"NLD", devcoop.EarmarkOutcome, "3", 2014, 2015, "2014-04", 5},
	{"DNK", devcoop.EarmarkTheme, "Formalization of the informal economy", 2014, 2015, "2014-05", 5},
	{"IRL", devcoop.EarmarkTheme, "Protection from unacceptable forms of work", 2014, 2015, "2014-06", 3},
	{"IRL", devcoop.EarmarkOutcome, "17", 2015, 2016, "2015-02", 2},
	{"BEL", devcoop.EarmarkTheme, "Social protection floors", 2014, 2016, "2014-10", 3},
	{"FLA", devcoop.EarmarkRegion, "AFR", 2014, 2016, "2014-07", 2},
	{"KOR", devcoop.EarmarkRegion, "ASP", 2014, 2015, "2014-03", 4},
	{"JPN", devcoop.EarmarkRegion, "ASP", 2014, 2015, "2014-06", 3},
	{"ESP", devcoop.EarmarkRegion, "AME", 2014, 2015, "2014-11", 3},
	{"PRT", devcoop.EarmarkRegion, "AFR", 2015, 2016, "2015-03", 1},
	{"LUX", devcoop.EarmarkTheme, "Jobs and skills for youth", 2014, 2016, "2014-12", 2},
	{"FIN", devcoop.EarmarkTheme, "Productivity and working conditions in small enterprises", 2015, 2016, "2015-01", 2},
	{"GBR", devcoop.EarmarkOutcome, "15", 2014, 2017, "2014-08", 5},
	{"CHE", devcoop.EarmarkTheme, "Labour inspection", 2015, 2017, "2015-04", 3},
	{"AUS", devcoop.EarmarkRegion, "ASP", 2015, 2019, "2015-05", 6},
	// 2016–17, under negotiation.
	{"SWE", devcoop.EarmarkTheme, "Jobs and skills for youth", 2016, 2017, "", 9},
	{"NOR", devcoop.EarmarkTheme, "Social protection floors", 2016, 2017, "", 8},
	{"NLD", devcoop.EarmarkTheme, "Decent work in the rural economy", 2016, 2017, "", 7},
	{"DNK", devcoop.EarmarkTheme, "Formalization of the informal economy", 2016, 2017, "", 4},
	{"KOR", devcoop.EarmarkRegion, "ASP", 2016, 2017, "", 4},
	{"IRL", devcoop.EarmarkTheme, "Protection from unacceptable forms of work", 2016, 2017, "", 3},
}

// rbsaDonors give un-earmarked core funding every year, in these
// proportions.
var rbsaDonors = []struct {
	partner string
	weight  int
}{{"NLD", 9}, {"NOR", 8}, {"SWE", 7}, {"DNK", 6}, {"DEU", 4}, {"BEL", 4}, {"ITA", 2}, {"LUX", 1}}

// lateRBSA2015 have not signed their 2015 contribution by today: it is a
// pledge.
var lateRBSA2015 = []string{"ITA", "LUX"}

// otherAgreements adds the lightly earmarked and un-earmarked agreements.
// Those signed in the current period are sized so that everything signed
// by today lands between 93% and 98.5% of the period's target: the
// earmarked agreements follow from the projects, and core and lightly
// earmarked money fill the rest, within plausible bounds.
func (g *generator) otherAgreements() {
	r := newRNG(g.seed, "core")
	target := int64(450_000_000)
	for _, p := range g.p.periods {
		if p.Current {
			target, _ = p.VCTarget.Int64()
		}
	}
	goal := target * int64(r.between(930, 985)) / 1000
	earmarked := signedInPeriod(g.rates.lookup, g.p.agreements) / 100
	rest := goal - earmarked
	light := min(max(rest/2, target*8/100), target*25/100)
	core := min(max(rest-light, target*6/100), target*20/100)

	var lightWeights int
	for _, s := range lightSpecs {
		if inCurrent(s.signed) {
			lightWeights += s.weight
		}
	}
	for _, s := range lightSpecs {
		usd := int64(s.weight) * 1_500_000 * int64(r.between(80, 120)) / 100
		if inCurrent(s.signed) {
			usd = light * int64(s.weight) / int64(lightWeights)
		}
		g.lightlyEarmarked(r, s, usd)
	}

	var coreWeights int
	for _, d := range rbsaDonors {
		coreWeights += 2 * d.weight // 2014 and 2015
		if slices.Contains(lateRBSA2015, d.partner) {
			coreWeights -= d.weight
		}
	}
	for _, year := range []int{2012, 2013, 2014, 2015} {
		for _, d := range rbsaDonors {
			late := year == 2015 && slices.Contains(lateRBSA2015, d.partner)
			usd := int64(d.weight) * 750_000 * int64(r.between(85, 115)) / 100
			if year >= 2014 && !late {
				usd = core * int64(d.weight) / int64(coreWeights)
			}
			g.unearmarked(r, d.partner, year, year, usd, late)
		}
	}
	for _, code := range []string{"NOR", "DNK"} {
		g.unearmarked(r, code, 2016, 2017, 18_000_000, true)
	}
}

func inCurrent(signed string) bool { return signed >= "2014-01" && signed <= "2015-06" }

// signedInPeriod sums, in US cents, what agreements signed in the current
// period by today are worth at the rates of their signature.
func signedInPeriod(rates *money.Rates, as []*agreement) int64 {
	var sum int64
	for _, a := range as {
		if a.Status != devcoop.AgreementSigned && a.Status != devcoop.AgreementClosed {
			continue
		}
		if a.SignedDate.Before(currentStart) || a.SignedDate.After(today) {
			continue
		}
		c, _, err := rates.CentsUSD(money.Money{Amount: a.Amount, Currency: a.Currency, ValueDate: a.SignedDate.Time})
		if err != nil {
			panic(err)
		}
		sum += c
	}
	return sum
}

func (g *generator) lightlyEarmarked(r *rng, s lightSpec, usd int64) {
	pa := g.partner[s.partner]
	a := &agreement{partner: pa}
	a.Modality, a.EarmarkKind, a.EarmarkTarget = devcoop.ModalityLight, s.kind, s.target
	a.Currency = pa.spec.cur
	a.Start, a.End = devcoop.NewDate(s.from, 1, 1), devcoop.NewDate(s.to, 12, 31)
	period := "2014-15"
	switch {
	case s.from < 2014:
		period = "2012-13"
	case s.from >= 2016:
		period = "2016-17"
	}
	if s.signed == "" {
		a.Status = devcoop.AgreementDraft
	} else {
		m, err := time.Parse("2006-01", s.signed)
		if err != nil {
			panic(err)
		}
		a.SignedDate = devcoop.NewDate(m.Year(), m.Month(), r.between(1, 28))
		a.Status = devcoop.AgreementSigned
		if a.End.Before(today) {
			a.Status = devcoop.AgreementClosed
		}
	}
	a.total = roundTo(g.rates.fromUSD(usd, a.Currency, a.valueDate()), a.Currency, 10_000)

	// Most of the money is allocated at once; some is kept for later.
	allocated := a.total
	if r.chance(30) {
		allocated = roundTo(a.total*int64(r.between(85, 95))/100, a.Currency, 1000)
	}
	var label string
	switch s.kind {
	case devcoop.EarmarkRegion:
		a.allocs = []alloc{{region: s.target, amount: allocated}}
		label = regionText(s.target)
	case devcoop.EarmarkOutcome:
		o := g.outcomeOf(period, s.target)
		a.allocs = []alloc{{outcome: o, amount: allocated}}
		label = fmt.Sprintf("outcome %s, %s", o.Code, lowerFirst(o.Title))
	case devcoop.EarmarkTheme:
		codes := themeOutcomes(s.target, period)
		split := []int{100}
		switch len(codes) {
		case 2:
			split = pick(r, splits2)
		case 3:
			split = pick(r, splits3)
		}
		var given int64
		for i, code := range codes {
			amt := allocated * int64(split[i]) / 100
			if i == len(codes)-1 {
				amt = allocated - given
			}
			given += amt
			a.allocs = append(a.allocs, alloc{outcome: g.outcomeOf(period, code), amount: amt})
		}
		label = strings.ToLower(s.target)
	}
	a.Title = fmt.Sprintf("%s–ILO Partnership Programme %d–%d: %s", g.partnerLabel(pa), s.from, s.to, label)
	g.finish(r, a)
}

func themeOutcomes(theme, period string) []string {
	for _, t := range themeSpecs {
		if t.name == theme {
			if period == "2016-17" {
				return t.next
			}
			return t.outcomes
		}
	}
	panic("demo: no theme " + theme)
}

// unearmarked adds a core contribution to the Regular Budget Supplementary
// Account; late ones are still drafts on today.
func (g *generator) unearmarked(r *rng, code string, from, to int, usd int64, late bool) {
	pa := g.partner[code]
	a := &agreement{partner: pa}
	a.Modality = devcoop.ModalityUnearmarked
	a.Currency = pa.spec.cur
	a.Start, a.End = devcoop.NewDate(from, 1, 1), devcoop.NewDate(to, 12, 31)
	switch {
	case late:
		a.Status = devcoop.AgreementDraft
	default:
		a.SignedDate = devcoop.NewDate(from, time.Month(r.between(2, 6)), r.between(1, 28))
		a.Status = devcoop.AgreementSigned
		if a.End.Before(today) {
			a.Status = devcoop.AgreementClosed
		}
	}
	a.total = roundTo(g.rates.fromUSD(usd, a.Currency, a.valueDate()), a.Currency, 10_000)
	years := fmt.Sprint(from)
	if to != from {
		years = fmt.Sprintf("%d–%d", from, to)
	}
	a.Title = fmt.Sprintf("%s contribution to the Regular Budget Supplementary Account %s", pa.Name, years)
	g.finish(r, a)
}
