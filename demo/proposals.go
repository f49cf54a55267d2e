package demo

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/money"
)

// defect is a weakness written into a version of a proposal on purpose, so
// that the appraisal screen has something to find. Each says which rule
// it trips and how seriously under the default rule set.
type defect int

const (
	defBudgetTotal     defect = iota + 1 // blocking: the lines add up to more than the amount (and PSC no longer matches)
	defNoIndicator                       // blocking: output 1.2 has no indicator
	defNoLinks                           // blocking: no CPO yet
	defNoObjective                       // blocking: no development objective yet
	defBaseline                          // major: output 1.2's indicator has no baseline
	defTarget                            // major: outcome 2's indicator has no target
	defPSC                               // major: programme support costs at 7% instead of 13%
	defNoEvaluation                      // major: no evaluation budgeted, so M&E is below 5% too
	defSustainability                    // major: the exit strategy is one sentence
	defCrossCutting                      // major: no environment section, disability "not applicable"
	defRiskMitigation                    // major: the first risk has no mitigation
	defExtraCountry                      // major: a country with no CPO
	defUnlinkedOutcome                   // major: a CPO's global outcome is not linked
	defNeedsRef                          // major: no reference to the DWCP
	defPartnerOverdue                    // major: the organisation owes the target partner overdue reports
	defNoActivities                      // minor: output 2.1 has no activity
	defAssumption                        // minor: assumption A2 is covered by no risk
)

// linkKind says what a proposal is tied to elsewhere in the portfolio.
type linkKind int

const (
	linkNone   linkKind = iota
	linkOpen            // an open pipeline deal at proposal_submitted or negotiation
	linkLost            // a lost pipeline deal
	linkFunded          // a signed earmarked agreement and the project it pays for
)

// proposalPlan is one proposal of the demo: where its workflow has got to,
// the steps that took it there, and what each of its versions gets wrong.
type proposalPlan struct {
	state devcoop.ProposalState
	// script is the workflow after the draft was created: "save" keeps a
	// new version of the content; the other words are workflow actions
	// ("todonor" submits to the donor, "withdraw_rm" is a withdrawal by
	// resource mobilization).
	script   string
	versions [][]defect // the defects of each version, oldest first
	ago      int        // working days from the last workflow event to today
	big      bool       // above the M&E review threshold
	link     linkKind
	rubric   int  // in appraisal: minimum standards scored so far
	me       int  // in appraisal: M&E criteria rated so far
	noDonor  bool // a draft whose target partner is not chosen yet
}

// proposalPlans is the demo's appraisal pipeline on 30 June 2015: every
// state of the workflow, several times, with clean proposals and
// proposals with blocking, major and minor findings, some overdue, some
// returned and resubmitted.
var proposalPlans = []proposalPlan{
	// Drafts in the offices.
	{state: devcoop.ProposalDraft, script: "save", versions: [][]defect{{defNoActivities, defSustainability}, {}}, ago: 12},
	{state: devcoop.ProposalDraft, script: "", versions: [][]defect{{defNoIndicator, defNoActivities}}, ago: 3},
	{state: devcoop.ProposalDraft, script: "save save", versions: [][]defect{{defNoLinks, defNoObjective, defSustainability}, {defBudgetTotal, defNoActivities}, {defBudgetTotal}}, ago: 25},
	{state: devcoop.ProposalDraft, script: "save", versions: [][]defect{{defCrossCutting, defSustainability}, {defCrossCutting}}, ago: 9, big: true},
	{state: devcoop.ProposalDraft, script: "", versions: [][]defect{{defNoLinks, defNeedsRef}}, ago: 1, noDonor: true},
	{state: devcoop.ProposalDraft, script: "save", versions: [][]defect{{defBaseline, defAssumption}, {defAssumption}}, ago: 16},
	// Waiting for an appraiser (3 working days allowed).
	{state: devcoop.ProposalSubmitted, script: "save submit", versions: [][]defect{{defSustainability}, {}}, ago: 1},
	{state: devcoop.ProposalSubmitted, script: "submit", versions: [][]defect{{defNoActivities}}, ago: 2},
	{state: devcoop.ProposalSubmitted, script: "submit", versions: [][]defect{{defBaseline}}, ago: 7},
	{state: devcoop.ProposalSubmitted, script: "submit", versions: [][]defect{{defBudgetTotal}}, ago: 3},
	{state: devcoop.ProposalSubmitted, script: "submit start return save resubmit", versions: [][]defect{{defNoIndicator, defRiskMitigation}, {}}, ago: 4, big: true},
	// In appraisal (10 working days allowed); three long overdue.
	{state: devcoop.ProposalInAppraisal, script: "submit start", versions: [][]defect{{defNoEvaluation}}, ago: 28, rubric: 3},
	{state: devcoop.ProposalInAppraisal, script: "save submit start", versions: [][]defect{{defCrossCutting}, {}}, ago: 21, big: true, rubric: 6, me: 7},
	{state: devcoop.ProposalInAppraisal, script: "submit start", versions: [][]defect{{defAssumption}}, ago: 16, rubric: 4},
	{state: devcoop.ProposalInAppraisal, script: "submit start", versions: [][]defect{{}}, ago: 5},
	{state: devcoop.ProposalInAppraisal, script: "submit start return save resubmit start", versions: [][]defect{{defNoIndicator}, {defExtraCountry}}, ago: 2},
	{state: devcoop.ProposalInAppraisal, script: "submit start", versions: [][]defect{{defRiskMitigation}}, ago: 9, rubric: 2},
	// Back with their offices.
	{state: devcoop.ProposalReturned, script: "submit start return", versions: [][]defect{{defBudgetTotal, defPSC}}, ago: 12},
	{state: devcoop.ProposalReturned, script: "submit start return save", versions: [][]defect{{defBaseline, defTarget}, {defAssumption}}, ago: 23},
	{state: devcoop.ProposalReturned, script: "submit start return save resubmit start return", versions: [][]defect{{defNoIndicator}, {defSustainability}}, ago: 4},
	{state: devcoop.ProposalReturned, script: "save submit start return", versions: [][]defect{{defNoActivities}, {defCrossCutting, defNoEvaluation}}, ago: 52},
	{state: devcoop.ProposalReturned, script: "submit start return", versions: [][]defect{{defNeedsRef, defUnlinkedOutcome}}, ago: 2},
	// Cleared, waiting for the director (5 working days allowed).
	{state: devcoop.ProposalCleared, script: "submit start clear", versions: [][]defect{{}}, ago: 3},
	{state: devcoop.ProposalCleared, script: "save submit start clear", versions: [][]defect{{defBaseline}, {defNoActivities}}, ago: 11, big: true},
	{state: devcoop.ProposalCleared, script: "submit start return save resubmit start clear", versions: [][]defect{{defBudgetTotal}, {}}, ago: 1},
	{state: devcoop.ProposalCleared, script: "submit start clear", versions: [][]defect{{defPartnerOverdue}}, ago: 4},
	// Approved, to go to the donor (10 working days allowed).
	{state: devcoop.ProposalApproved, script: "submit start clear approve", versions: [][]defect{{}}, ago: 14},
	{state: devcoop.ProposalApproved, script: "submit start return save resubmit start clear approve", versions: [][]defect{{defNoEvaluation}, {}}, ago: 4, big: true},
	{state: devcoop.ProposalApproved, script: "save submit start clear approve", versions: [][]defect{{defSustainability}, {defAssumption}}, ago: 25},
	{state: devcoop.ProposalApproved, script: "submit start clear approve", versions: [][]defect{{}}, ago: 1},
	// With the donor: open deals of the pipeline where there are any.
	{state: devcoop.ProposalSubmittedToDonor, script: "submit start clear approve todonor", versions: [][]defect{{}}, ago: 30, link: linkOpen},
	{state: devcoop.ProposalSubmittedToDonor, script: "save submit start return save resubmit start clear approve todonor", versions: [][]defect{{defSustainability}, {defBaseline}, {}}, ago: 45, link: linkOpen},
	{state: devcoop.ProposalSubmittedToDonor, script: "submit start clear approve todonor", versions: [][]defect{{}}, ago: 18, link: linkOpen},
	{state: devcoop.ProposalSubmittedToDonor, script: "submit start clear approve todonor", versions: [][]defect{{defNoActivities}}, ago: 60, link: linkOpen},
	{state: devcoop.ProposalSubmittedToDonor, script: "submit start return save resubmit start clear approve todonor", versions: [][]defect{{defPSC}, {}}, ago: 24, link: linkOpen},
	// Funded: signed agreements and the projects they pay for.
	{state: devcoop.ProposalFunded, script: "submit start clear approve todonor funded", versions: [][]defect{{}}, link: linkFunded},
	{state: devcoop.ProposalFunded, script: "save submit start return save resubmit start clear approve todonor funded", versions: [][]defect{{defCrossCutting}, {defBaseline}, {}}, link: linkFunded},
	{state: devcoop.ProposalFunded, script: "submit start clear approve todonor funded", versions: [][]defect{{defAssumption}}, link: linkFunded},
	{state: devcoop.ProposalFunded, script: "submit start return save resubmit start clear approve todonor funded", versions: [][]defect{{defBudgetTotal}, {}}, link: linkFunded},
	{state: devcoop.ProposalFunded, script: "submit start clear approve todonor funded", versions: [][]defect{{}}, link: linkFunded},
	// Declined by the donor: lost deals of the pipeline where there are any.
	{state: devcoop.ProposalDeclined, script: "submit start clear approve todonor declined", versions: [][]defect{{}}, ago: 120, link: linkLost},
	{state: devcoop.ProposalDeclined, script: "submit start return save resubmit start clear approve todonor declined", versions: [][]defect{{defNoEvaluation}, {}}, ago: 75, link: linkLost},
	{state: devcoop.ProposalDeclined, script: "submit start clear approve todonor declined", versions: [][]defect{{defNoActivities}}, ago: 190, link: linkLost},
	// Withdrawn by the office, or by resource mobilization once approved.
	{state: devcoop.ProposalWithdrawn, script: "withdraw", versions: [][]defect{{defNoLinks, defSustainability}}, ago: 160},
	{state: devcoop.ProposalWithdrawn, script: "submit start return withdraw", versions: [][]defect{{defBudgetTotal, defCrossCutting}}, ago: 70},
	{state: devcoop.ProposalWithdrawn, script: "submit start clear approve withdraw_rm", versions: [][]defect{{}}, ago: 95},
}

// The demo users who act on proposals.
const (
	directorEmail   = "director@devcoop.example"
	rmEmail         = "rm@devcoop.example"
	evaluationEmail = "evaluation@devcoop.example"
)

var appraiserEmails = []string{"appraiser@devcoop.example", "appraiser2@devcoop.example"}

// proposal is a proposal being generated: its office and partner, every
// version of its content, its history, its comments and what it is linked
// to. IDs are filled in on write.
type proposal struct {
	plan        proposalPlan
	office      *office
	po          DemoUser // the programme officer who drafts and submits it
	partner     *partner // nil while not chosen
	versions    []devcoop.Proposal
	findings    [][]appraisal.Finding // the screen of each version
	needsME     bool
	created     time.Time
	anchor      devcoop.Date // the date of the last workflow event, when a link fixes it
	steps       []pstep
	comments    []pcomment
	opportunity *opportunity
	agreement   *agreement
	project     *project
}

// pstep is one step of a proposal's life after its creation: a saved
// version, or a workflow action, with the rubric or M&E review it stores.
type pstep struct {
	at       time.Time
	token    string
	action   appraisal.Action // "" for a saved version
	from, to devcoop.ProposalState
	user     string // email
	version  int    // the version acted on, or the version saved
	comment  string
	rubric   *appraisal.Appraisal // saved with the step, its appraiser in rubricBy
	rubricBy string
	me       *appraisal.MEReview
	meBy     string
}

type pcomment struct {
	at         time.Time
	user, path string
	body       string
}

// proposals builds the appraisal pipeline. It draws from its own stream,
// so nothing generated before it changes, and only reads the rest of the
// portfolio: linked deals and agreements learn the proposal on write.
func (g *generator) proposals() {
	r := newRNG(g.seed, "proposals")
	facts := g.screenFacts()
	overdue := g.overdueByPartner()

	var offices []*office
	officer := map[*office]DemoUser{}
	for _, u := range DemoUsers() {
		if u.Office != "" && slices.Contains(u.Roles, devcoop.RoleProgrammeOfficer) {
			o := g.office[u.Office]
			offices = append(offices, o)
			officer[o] = u
		}
	}
	funded := g.fundedCandidates(r, officer)
	open := g.dealCandidates(r, officer, func(o *opportunity) bool {
		return o.Stage == devcoop.StageSubmitted || o.Stage == devcoop.StageNegotiation
	})
	lost := g.dealCandidates(r, officer, func(o *opportunity) bool { return o.Stage == devcoop.StageLost })

	// Offices of the proposals that are not tied to a deal or an
	// agreement: the two programme officers the demo introduces first
	// get a few more.
	var deck []*office
	for i, o := range offices {
		n := 6
		if i < 2 {
			n = 8
		}
		for k := 0; k < n; k++ {
			deck = append(deck, o)
		}
	}
	deck = sample(r, deck, len(deck))

	for _, plan := range proposalPlans {
		x := &proposal{plan: plan}
		var c content
		switch {
		case plan.link == linkFunded && len(funded) > 0:
			f := funded[0]
			funded = funded[1:]
			c = g.fundedContent(f)
			x.agreement, x.project, x.opportunity = f.a, f.project, f.a.opportunity
		case plan.link == linkOpen && len(open) > 0:
			c, x.opportunity = open[0].content, open[0].o
			open = open[1:]
		case plan.link == linkLost && len(lost) > 0:
			c, x.opportunity = lost[0].content, lost[0].o
			lost = lost[1:]
		default:
			if plan.link == linkFunded {
				// No agreement to link to: the proposal is still with
				// the donor.
				x.plan.state = devcoop.ProposalSubmittedToDonor
				x.plan.script = strings.TrimSuffix(x.plan.script, " funded")
				x.plan.ago = 20
			}
			o := deck[0]
			deck = append(deck[1:], o)
			c = g.plannedContent(r, o, x.plan, overdue)
		}
		x.office, x.partner, x.anchor = c.office, c.partner, c.anchor
		x.po = officer[x.office]
		g.writeVersions(r, x, &c)
		for _, v := range x.versions {
			x.findings = append(x.findings, appraisal.Screen(&v, appraisal.DefaultRuleSet(), g.factsFor(facts, overdue, &v, x.partner)))
		}
		last := &x.versions[len(x.versions)-1]
		need, err := appraisal.RequiresMEReview(last, appraisal.DefaultRuleSet(), g.factsFor(facts, overdue, last, x.partner))
		if err != nil {
			panic(err)
		}
		x.needsME = need
		g.history(r, x)
		g.p.proposals = append(g.p.proposals, x)
	}
}

// content is what a proposal is about before its text is written.
type content struct {
	office    *office
	partner   *partner
	title     string
	where     string // for running text
	countries []*country
	cpos      []*cpo
	outcomes  []string // 2014–15 outcome codes, the main one first
	currency  string
	direct    int64 // direct costs, minor units
	psc       int64 // programme support costs, minor units
	start     devcoop.Date
	months    int
	anchor    devcoop.Date // the date of the last workflow event, for linked proposals
	regional  bool
}

// screenFacts are what the appraisal service knows about the demo's
// results framework: its CPOs and the outcomes of 2014–15.
func (g *generator) screenFacts() appraisal.Facts {
	f := appraisal.Facts{Outcomes: []string{}}
	for _, c := range g.p.cpos {
		f.CPOs = append(f.CPOs, appraisal.CPOFact{Code: c.Code, Outcome: c.outcome.Code, Country: c.Country})
	}
	for _, o := range g.p.outcomes {
		if o.Period == currentPeriod {
			f.Outcomes = append(f.Outcomes, o.Code)
		}
	}
	return f
}

// factsFor completes the facts for one proposal, as the service does: its
// amount in US dollars at its planned start, and the reports overdue on
// today to its target partner.
func (g *generator) factsFor(f appraisal.Facts, overdue map[*partner]int, p *devcoop.Proposal, pa *partner) appraisal.Facts {
	if p.Currency != money.USD {
		c, err := g.rates.lookup.ToUSD(money.Money{Amount: p.Amount, Currency: p.Currency, ValueDate: p.PlannedStart.Time})
		if err != nil {
			panic(err)
		}
		f.USDAmount = &c.USD
	}
	if pa != nil {
		n := overdue[pa]
		f.PartnerOverdueReports = &n
	}
	return f
}

// overdueByPartner counts the reports each partner is owed past their due
// date on today.
func (g *generator) overdueByPartner() map[*partner]int {
	out := map[*partner]int{}
	for _, a := range g.p.agreements {
		if a.Status == devcoop.AgreementCancelled {
			continue
		}
		for _, rep := range a.reports {
			if rep.Overdue(today) {
				out[a.partner]++
			}
		}
	}
	return out
}

type fundedCandidate struct {
	a       *agreement
	project *project
	amount  int64 // what the agreement allocates to the project
}

// fundedCandidates are the signed earmarked agreements of the last year
// that pay for a project of a programme officer's office with CPOs: a
// funded proposal became each. Agreements that came through the pipeline
// come first.
func (g *generator) fundedCandidates(r *rng, officer map[*office]DemoUser) []fundedCandidate {
	var withDeal, others []fundedCandidate
	seen := map[*project]bool{}
	for _, a := range g.p.agreements {
		if a.Modality != devcoop.ModalityEarmarked || a.Status != devcoop.AgreementSigned || a.partner.Kind == devcoop.PartnerDomestic ||
			a.SignedDate.Before(devcoop.NewDate(2014, 6, 1)) || a.SignedDate.After(today.AddDays(-14)) {
			continue
		}
		for _, al := range a.allocs {
			p := al.project
			if p == nil || seen[p] || officer[p.office].Email == "" || len(p.cpos) == 0 || p.period() != currentPeriod ||
				(p.Status != devcoop.StatusImplementation && p.Status != devcoop.StatusPipeline) || !p.PlannedStart.After(a.SignedDate) ||
				monthsBetween(p.PlannedStart, p.PlannedEnd.AddDays(1)) < 12 ||
				g.rates.convert(al.amount, a.Currency, money.USD, a.SignedDate) < dollars(300_000) {
				continue
			}
			seen[p] = true
			c := fundedCandidate{a: a, project: p, amount: al.amount}
			if a.opportunity != nil {
				withDeal = append(withDeal, c)
			} else {
				others = append(others, c)
			}
		}
	}
	return append(withDeal, sample(r, others, len(others))...)
}

type dealCandidate struct {
	o       *opportunity
	content content
}

// dealCandidates are the earmarked deals of 2014–15 in a stage that an
// office of a programme officer handles, with the places they target.
func (g *generator) dealCandidates(r *rng, officer map[*office]DemoUser, stage func(*opportunity) bool) []dealCandidate {
	var out []dealCandidate
	for _, o := range g.p.opportunities {
		if o.Period != currentPeriod || o.Modality != devcoop.ModalityEarmarked || !stage(o) || officer[o.office].Email == "" {
			continue
		}
		c, ok := g.dealContent(r, o)
		if ok {
			out = append(out, dealCandidate{o, c})
		}
	}
	return sample(r, out, len(out))
}

// dealContent is what the proposal behind a pipeline deal is about: the
// deal's partner, money and title, and CPOs where it targets.
func (g *generator) dealContent(r *rng, o *opportunity) (content, bool) {
	c := content{office: o.office, partner: o.partner, title: o.Title, currency: o.Currency}
	for _, t := range o.targets {
		switch {
		case t.component == devcoop.ComponentGlobal:
			continue
		case slices.Contains(regionCodes, t.component):
			c.regional = true
			for _, ct := range g.dwcpCountries(r, t.component, 2) {
				c.add(ct, ct.cpoFor(t.outcome))
			}
		case g.country[t.component] != nil:
			ct := g.country[t.component]
			if ct.dwcp == nil {
				continue
			}
			c.add(ct, ct.cpoFor(t.outcome))
		default:
			x := g.cpoByCode(t.component)
			c.add(g.country[x.Country], x)
		}
		c.addOutcome(t.outcome.Code)
	}
	if len(c.cpos) == 0 {
		return c, false
	}
	c.where = c.placeText()
	minor := minorUnits(o.Amount, o.Currency)
	c.direct = minor * 100 / 113
	c.psc = minor - c.direct
	switch o.Stage {
	case devcoop.StageLost:
		c.anchor = maxDate(devcoop.NewDate(2014, 6, 2), minDate(o.ExpectedSign, today.AddDays(-21)))
		c.start = firstOfMonth(c.anchor.AddDays(r.between(45, 120)))
	default:
		back := r.between(8, 60)
		if o.Stage == devcoop.StageNegotiation {
			back = r.between(35, 90)
		}
		c.anchor = workdaysBefore(today, back)
		if o.ExpectedSign.Before(c.anchor.AddDays(30)) {
			c.anchor = workdaysBefore(o.ExpectedSign.AddDays(-30), 0)
		}
		c.start = firstOfMonth(maxDate(o.ExpectedSign, today).AddDays(r.between(30, 75)))
	}
	c.months = pick(r, []int{24, 36, 36, 48})
	return c, true
}

// fundedContent is what the proposal behind a funded project said: the
// project's title, places and dates, and the agreement's money for it.
func (g *generator) fundedContent(f fundedCandidate) content {
	p := f.project
	c := content{office: p.office, partner: f.a.partner, title: p.Title, currency: f.a.Currency, start: p.PlannedStart,
		months: monthsBetween(p.PlannedStart, p.PlannedEnd.AddDays(1)), anchor: f.a.SignedDate}
	for _, o := range p.outcomes {
		c.addOutcome(o.to.Code)
	}
	for _, s := range p.cpos {
		c.add(g.country[s.to.Country], s.to)
	}
	c.where = c.placeText()
	c.direct = f.amount * 100 / 113
	c.psc = f.amount - c.direct
	return c
}

// plannedContent invents what a proposal of an office is about: the
// countries it covers with their CPOs, a partner that funds such work,
// and its size.
func (g *generator) plannedContent(r *rng, o *office, plan proposalPlan, overdue map[*partner]int) content {
	c := content{office: o}
	if o.Kind == devcoop.OfficeRegional {
		c.regional = true
		for _, ct := range g.dwcpCountries(r, o.Region, r.between(2, 3)) {
			x := pick(r, ct.dwcp.cpos)
			if len(c.cpos) > 0 {
				x = ct.cpoFor(c.cpos[0].outcome)
			}
			c.add(ct, x)
		}
	} else {
		var cs []*country
		for _, code := range o.covers {
			if ct := g.country[code]; ct.dwcp != nil {
				cs = append(cs, ct)
			}
		}
		n := 1
		if len(cs) > 1 && r.chance(25) {
			n = 2
		}
		for i, ct := range sample(r, cs, n) {
			x := pick(r, ct.dwcp.cpos)
			if i > 0 {
				x = ct.cpoFor(c.cpos[0].outcome)
			}
			c.add(ct, x)
			if i == 0 && len(ct.dwcp.cpos) > 1 && r.chance(35) {
				if second := pick(r, ct.dwcp.cpos); second != x {
					c.add(ct, second)
				}
			}
		}
	}
	for _, x := range c.cpos {
		c.addOutcome(x.outcome.Code)
	}
	c.where = c.placeText()
	if c.regional {
		c.where = regionText(o.Region)
	}
	main := c.outcomes[0]
	c.title = pick(r, textFor(main).titles) + " in " + c.where
	if r.chance(12) {
		c.title += ", phase II"
	}

	wantOverdue := false
	for _, v := range plan.versions {
		wantOverdue = wantOverdue || slices.Contains(v, defPartnerOverdue)
	}
	if !plan.noDonor {
		c.partner = g.proposalPartner(r, o, main, c.countries, overdue, wantOverdue)
	}
	c.currency = money.USD
	if c.partner != nil && r.chance(65) {
		c.currency = c.partner.spec.cur
	}

	// Size in US dollars, programme support costs included.
	var usd int
	switch {
	case plan.big:
		usd = r.between(560, 1200) * 10_000
	default:
		usd = []int{r.between(30, 80), r.between(80, 200), r.between(200, 450)}[r.weighted([]int{30, 45, 25})] * 10_000
	}
	c.months = pick(r, []int{24, 30, 36, 36, 48})
	if plan.big {
		c.months = pick(r, []int{36, 48, 48, 60})
	}
	c.start = firstOfMonth(workdaysBefore(today, plan.ago).AddDays(r.between(75, 170)))
	direct := int64(usd) * 100 / 113
	c.direct = roundTo(g.rates.fromUSD(direct, c.currency, c.start), c.currency, 1000)
	c.psc = c.direct * 13 / 100
	return c
}

// proposalPartner chooses who a proposal asks for money: a partner that
// funds the outcome or the region, never one owed overdue reports unless
// the plan wants one.
func (g *generator) proposalPartner(r *rng, o *office, outcome string, cs []*country, overdue map[*partner]int, wantOverdue bool) *partner {
	var ps []*partner
	var ws []int
	for _, pa := range g.p.partners {
		if (overdue[pa] > 0) != wantOverdue {
			continue
		}
		w := pa.spec.weight
		switch {
		case pa.Kind == devcoop.PartnerDomestic:
			if !slices.ContainsFunc(cs, func(c *country) bool { return c.Code == pa.Country }) {
				continue
			}
			w = 6
		case len(pa.regions) > 0 && !slices.Contains(pa.regions, o.Region):
			continue
		}
		if slices.Contains(pa.focus, outcome) {
			w *= 4
		}
		ps = append(ps, pa)
		ws = append(ws, w)
	}
	if len(ps) == 0 {
		return nil
	}
	return ps[r.weighted(ws)]
}

// dwcpCountries draws n countries of a region that have a country
// programme.
func (g *generator) dwcpCountries(r *rng, region string, n int) []*country {
	var cs []*country
	for _, c := range g.p.countries {
		if c.Region == region && c.dwcp != nil {
			cs = append(cs, c)
		}
	}
	return sample(r, cs, n)
}

// cpoFor returns the country's CPO for an outcome, or its first one.
func (c *country) cpoFor(o *outcome) *cpo {
	for _, x := range c.dwcp.cpos {
		if x.outcome == o {
			return x
		}
	}
	return c.dwcp.cpos[0]
}

func (c *content) add(ct *country, x *cpo) {
	if !slices.Contains(c.countries, ct) {
		c.countries = append(c.countries, ct)
	}
	if !slices.Contains(c.cpos, x) {
		c.cpos = append(c.cpos, x)
	}
	c.addOutcome(x.outcome.Code)
}

func (c *content) addOutcome(code string) {
	if !slices.Contains(c.outcomes, code) {
		c.outcomes = append(c.outcomes, code)
	}
}

func (c *content) placeText() string {
	var names []string
	for _, ct := range c.countries {
		names = append(names, ct.short)
	}
	return joinNames(names)
}

// writeVersions writes the proposal's content, clean, and then each
// version with its defects.
func (g *generator) writeVersions(r *rng, x *proposal, c *content) {
	ideal := g.proposalText(r, x, c)
	for _, ds := range x.plan.versions {
		v := cloneProposal(ideal)
		// Programme support costs at the wrong rate change the amount,
		// so they come before a line raised after the amount was fixed.
		if slices.Contains(ds, defPSC) {
			g.spoil(&v, defPSC, c)
		}
		for _, d := range ds {
			if d != defPSC {
				g.spoil(&v, d, c)
			}
		}
		x.versions = append(x.versions, v)
	}
}

// proposalText writes a complete, clean proposal.
func (g *generator) proposalText(r *rng, x *proposal, c *content) devcoop.Proposal {
	main := c.outcomes[0]
	th := themeFor(main)
	where := c.where
	p := devcoop.Proposal{
		Title:               c.title,
		ResponsibleOfficial: devcoop.Official{Name: x.po.Name, Email: x.po.Email},
		Currency:            c.currency,
		DurationMonths:      c.months,
		PlannedStart:        c.start,
		Period:              currentPeriod,
		Status:              devcoop.ProposalDraft,
	}
	for _, ct := range c.countries {
		p.Countries = append(p.Countries, ct.Code)
	}
	var refs []string
	for _, ct := range c.countries {
		var codes []string
		for _, x := range c.cpos {
			if x.Country == ct.Code {
				codes = append(codes, x.Code)
			}
		}
		refs = append(refs, fmt.Sprintf("%s, CPO%s %s", ct.dwcp.Title, plural(len(codes)), joinNames(codes)))
	}
	for _, x := range c.cpos {
		p.CPOs = append(p.CPOs, x.Code)
	}
	var pb []string
	for _, code := range c.outcomes {
		o := g.current(code)
		pb = append(pb, fmt.Sprintf("outcome %s (%s), indicator %s", o.Code, lowerFirst(o.Title), o.Indicators[0].Code))
	}
	p.Outcomes = slices.Clone(c.outcomes)
	p.Needs = devcoop.Needs{
		Statement:     upperFirst(fmt.Sprintf(th.needs, where)),
		DWCPReference: strings.Join(refs, "; "),
		PBReference:   "Programme and Budget 2014–15, " + strings.Join(pb, "; "),
	}

	// The logframe: two or three immediate outcomes, two or three outputs
	// each, an assumption on every outcome.
	nOut := 2 + r.intn(2)
	p.Logframe.Objective = upperFirst(fmt.Sprintf(th.objective, where))
	var risks []devcoop.Risk
	levels := []devcoop.Level{devcoop.LevelLow, devcoop.LevelMedium, devcoop.LevelMedium, devcoop.LevelHigh}
	for i, io := range th.outcomes[:nOut] {
		o := devcoop.ImmediateOutcome{Code: fmt.Sprint(i + 1), Statement: io.statement, Indicators: []devcoop.Indicator{indicator(io.indicator)}}
		aid := fmt.Sprintf("A%d", i+1)
		o.Assumptions = []devcoop.Assumption{{ID: aid, Description: io.assumption}}
		risks = append(risks, devcoop.Risk{ID: fmt.Sprintf("R%d", i+1), Description: io.risk, Likelihood: pick(r, levels), Impact: pick(r, levels[1:]),
			Mitigation: io.mitigation, Assumptions: []string{aid}})
		outs := io.outputs
		if len(outs) > 2 && r.chance(40) {
			outs = outs[:2]
		}
		for j, ot := range outs {
			out := devcoop.Output{Code: fmt.Sprintf("%d.%d", i+1, j+1), Statement: ot.statement, Indicators: []devcoop.Indicator{indicator(ot.indicator)}}
			// The first activity prepares, the second delivers.
			third := c.months / 3
			spans := [][2]int{{1 + i + j, third + i + j}, {third + i + j + 1, c.months - 1 - i}}
			for k, a := range ot.activities {
				out.Activities = append(out.Activities, devcoop.Activity{Code: fmt.Sprintf("%d.%d.%d", i+1, j+1, k+1), Description: a,
					StartMonth: spans[k%2][0], EndMonth: spans[k%2][1]})
			}
			o.Outputs = append(o.Outputs, out)
		}
		p.Logframe.Outcomes = append(p.Logframe.Outcomes, o)
	}
	for _, k := range sample(r, []int{0, 1, 2, 3}, 1+r.intn(2)) {
		risks = append(risks, devcoop.Risk{ID: fmt.Sprintf("R%d", len(risks)+1), Description: genericRisks[k][0], Likelihood: pick(r, levels),
			Impact: pick(r, levels[:3]), Mitigation: genericRisks[k][1], Assumptions: []string{}})
	}
	p.Risks = risks

	p.CrossCutting = devcoop.CrossCutting{
		GenderEquality:               fmt.Sprintf(genderText, where),
		InternationalLabourStandards: fmt.Sprintf("The project supports the application of %s, and follows up the latest comments of the supervisory bodies on %s.", th.standards, where),
		SocialDialogue:               dialogueText,
		Environment:                  th.environment,
		DisabilityInclusion:          disabilityText,
	}
	p.Sustainability = th.sustainability + exitText

	for i, ct := range c.countries {
		if i == 2 {
			break
		}
		name := ct.short
		p.ImplementingPartners = append(p.ImplementingPartners,
			devcoop.ImplementingPartner{Name: "Ministry of Labour of " + name, Kind: "government", Country: ct.Code, Role: "Lead national partner"},
			devcoop.ImplementingPartner{Name: "Federation of Employers of " + name, Kind: "employers_organization", Country: ct.Code, Role: "Employers' activities"},
			devcoop.ImplementingPartner{Name: "Trade Union Congress of " + name, Kind: "workers_organization", Country: ct.Code, Role: "Workers' activities"})
		if i == 0 {
			p.ImplementingPartners = append(p.ImplementingPartners, devcoop.ImplementingPartner{Name: fmt.Sprintf(th.partner[0], name), Kind: th.partner[1], Country: ct.Code, Role: th.partner[2]})
		}
	}
	if c.regional {
		p.ImplementingPartners = append(p.ImplementingPartners, devcoop.ImplementingPartner{Name: "International Training Centre of the ILO, Turin", Kind: "academic", Country: "IT", Role: "Regional training and knowledge sharing"})
	}

	p.Budget = g.proposalBudget(r, c)
	p.Amount = amount(c.direct+c.psc, c.currency)
	if !p.BudgetTotal().Equal(p.Amount) {
		panic(fmt.Sprintf("demo: the budget of %q adds up to %s, not %s", p.Title, p.BudgetTotal(), p.Amount))
	}

	dir := slug(c.title, "-")
	if len(dir) > 48 {
		dir = strings.TrimRight(dir[:48], "-")
	}
	p.Documents = []devcoop.Document{
		{Name: "Concept note", Kind: "concept_note", URL: "https://docs.example.org/proposals/" + dir + "/concept-note.pdf", SizeBytes: int64(r.between(180, 900)) * 1000},
		{Name: "Needs assessment, " + fmt.Sprint(c.start.Year()-1), Kind: "needs_assessment", URL: "https://docs.example.org/proposals/" + dir + "/needs-assessment.pdf"},
	}
	if c.partner != nil && r.chance(60) {
		p.Documents = append(p.Documents, devcoop.Document{Name: "Letter of support, Ministry of Labour", Kind: "letter_of_support", SizeBytes: int64(r.between(60, 250)) * 1000})
	}
	return p
}

func indicator(t indicatorText) devcoop.Indicator {
	return devcoop.Indicator{Description: t.desc, Baseline: t.baseline, Target: t.target, MeansOfVerification: t.mov}
}

// proposalBudget spreads the direct costs over the project years and the
// categories, with monitoring every year, a mid-term evaluation in longer
// projects and a final one, and programme support costs at 13% of each
// year's direct costs.
func (g *generator) proposalBudget(r *rng, c *content) []devcoop.BudgetLine {
	years := (c.months + 11) / 12
	step := units(1000, c.currency)
	weights := make([]int64, years)
	var total int64
	for y := range weights {
		months := int64(min(12, c.months-12*y))
		weights[y] = months * 100
		if y == 0 {
			weights[y] = months * 85
		}
		total += weights[y]
	}
	pcts := map[devcoop.BudgetCategory]int64{devcoop.BudgetExperts: int64(r.between(10, 14)), devcoop.BudgetTravel: int64(r.between(4, 6)),
		devcoop.BudgetSubcontracts: int64(r.between(15, 22)), devcoop.BudgetTraining: int64(r.between(14, 20)), devcoop.BudgetMonitoring: 3}
	evaluation := map[int]int64{years: roundTo(c.direct*3/100, c.currency, 1)}
	if years >= 3 {
		evaluation[(years+1)/2] = roundTo(c.direct*2/100, c.currency, 1)
	}
	var lines []devcoop.BudgetLine
	line := func(cat devcoop.BudgetCategory, desc string, year int, minor int64) {
		if minor > 0 {
			lines = append(lines, devcoop.BudgetLine{Category: cat, Description: desc, Year: year, Amount: amount(minor, c.currency)})
		}
	}
	var given, pscGiven int64
	for y := 1; y <= years; y++ {
		dy := c.direct - given
		if y < years {
			dy = roundTo(c.direct*weights[y-1]/total, c.currency, 1000)
		}
		given += dy
		amounts := map[devcoop.BudgetCategory]int64{}
		rest := dy
		for _, cat := range []devcoop.BudgetCategory{devcoop.BudgetExperts, devcoop.BudgetTravel, devcoop.BudgetSubcontracts, devcoop.BudgetTraining, devcoop.BudgetMonitoring} {
			amounts[cat] = max(step, roundTo(dy*pcts[cat]/100, c.currency, 1000))
			rest -= amounts[cat]
		}
		if y == 1 {
			amounts[devcoop.BudgetEquipment] = roundTo(dy*int64(r.between(3, 5))/100, c.currency, 1000)
			rest -= amounts[devcoop.BudgetEquipment]
		}
		rest -= evaluation[y]
		line(devcoop.BudgetStaff, budgetText["staff"], y, rest)
		line(devcoop.BudgetExperts, budgetText["experts"], y, amounts[devcoop.BudgetExperts])
		line(devcoop.BudgetTravel, budgetText["travel"], y, amounts[devcoop.BudgetTravel])
		line(devcoop.BudgetSubcontracts, budgetText["subcontracts"], y, amounts[devcoop.BudgetSubcontracts])
		line(devcoop.BudgetTraining, budgetText["training"], y, amounts[devcoop.BudgetTraining])
		line(devcoop.BudgetEquipment, budgetText["equipment"], y, amounts[devcoop.BudgetEquipment])
		line(devcoop.BudgetMonitoring, budgetText["monitoring"], y, amounts[devcoop.BudgetMonitoring])
		desc := "Independent final evaluation"
		if y < years {
			desc = "Independent mid-term evaluation"
		}
		line(devcoop.BudgetEvaluation, desc, y, evaluation[y])
		psc := c.psc - pscGiven
		if y < years {
			psc = dy * 13 / 100
		}
		pscGiven += psc
		line(devcoop.BudgetPSC, budgetText["psc"], y, psc)
	}
	return lines
}

// spoil writes a defect into a version.
func (g *generator) spoil(p *devcoop.Proposal, d defect, c *content) {
	lf := &p.Logframe
	switch d {
	case defBudgetTotal:
		// A line was raised after the total was fixed.
		for i := len(p.Budget) - 1; i >= 0; i-- {
			if l := &p.Budget[i]; l.Category == devcoop.BudgetTraining && l.Year <= 2 {
				l.Amount = l.Amount.Add(amount(max(units(1000, c.currency), roundTo(minorUnits(l.Amount, c.currency)*8/100, c.currency, 1000)), c.currency))
				break
			}
		}
	case defNoIndicator:
		lf.Outcomes[0].Outputs[1].Indicators = nil
	case defNoLinks:
		p.CPOs = nil
	case defNoObjective:
		lf.Objective = ""
	case defBaseline:
		lf.Outcomes[0].Outputs[1].Indicators[0].Baseline = ""
	case defTarget:
		lf.Outcomes[1].Indicators[0].Target = ""
	case defPSC:
		direct := map[int]int64{}
		for _, l := range p.Budget {
			if l.Category != devcoop.BudgetPSC {
				direct[l.Year] += minorUnits(l.Amount, c.currency)
			}
		}
		var sum int64
		for i := range p.Budget {
			if l := &p.Budget[i]; l.Category == devcoop.BudgetPSC {
				v := direct[l.Year] * 7 / 100
				l.Amount, l.Description = amount(v, c.currency), "Programme support costs at 7%"
			}
		}
		for _, l := range p.Budget {
			sum += minorUnits(l.Amount, c.currency)
		}
		p.Amount = amount(sum, c.currency)
	case defNoEvaluation:
		// The evaluations went to staff.
		eval := map[int]money.Decimal{}
		for _, l := range p.Budget {
			if l.Category == devcoop.BudgetEvaluation {
				eval[l.Year] = eval[l.Year].Add(l.Amount)
			}
		}
		var kept []devcoop.BudgetLine
		for _, l := range p.Budget {
			switch l.Category {
			case devcoop.BudgetEvaluation:
				continue
			case devcoop.BudgetStaff:
				l.Amount = l.Amount.Add(eval[l.Year])
			}
			kept = append(kept, l)
		}
		p.Budget = kept
	case defSustainability:
		p.Sustainability = "The partners will continue the work after the project."
	case defCrossCutting:
		p.CrossCutting.Environment = ""
		p.CrossCutting.DisabilityInclusion = "Not applicable."
	case defRiskMitigation:
		p.Risks[0].Mitigation = ""
	case defExtraCountry:
		for _, ct := range g.p.countries {
			if ct.Region == c.office.Region && ct.dwcp == nil && ct.ODAEligible && !slices.Contains(p.Countries, ct.Code) {
				p.Countries = append(p.Countries, ct.Code)
				break
			}
		}
	case defUnlinkedOutcome:
		first := c.cpos[0].outcome.Code
		var keep []string
		for _, o := range p.Outcomes {
			if o != first {
				keep = append(keep, o)
			}
		}
		if len(keep) == 0 {
			keep = []string{related[first][0]}
		}
		p.Outcomes = keep
	case defNeedsRef:
		p.Needs.DWCPReference = ""
	case defPartnerOverdue:
		// Chosen with the partner.
	case defNoActivities:
		lf.Outcomes[1].Outputs[0].Activities = nil
	case defAssumption:
		for i := range p.Risks {
			if slices.Contains(p.Risks[i].Assumptions, "A2") {
				p.Risks[i].Assumptions = []string{}
			}
		}
	}
}

func cloneProposal(p devcoop.Proposal) devcoop.Proposal {
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	var out devcoop.Proposal
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}
