// Package demo loads a deterministic, realistic, full-scale demo portfolio
// through the storage port: five regions, more than a hundred countries,
// the offices, the results framework of 2012–17 with country programmes,
// about sixty-five development partners, 1,100 projects with their budgets
// and spending, the agreements that fund them, monthly exchange rates, the
// workplans and the pipeline, proposals at every stage of the appraisal
// workflow, and one or more demo users per role.
//
// The data is invented but plausible, and uses real names and codes:
// countries, currencies, DAC sectors and organisation types are checked
// against the IATI code lists. The portfolio is modelled on the ILO (its
// IATI identifier XM-DAC-41302 is the reporting organisation) as it stood on
// 30 June 2015, the middle of the 2014–15 biennium, so it has a past, a
// present and a pipeline. The same seed always gives the same data.
package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"devcoop"
	"devcoop/money"
)

// Defaults for Options.
const (
	DefaultSeed     = 2014
	DefaultProjects = 1100
	// MaxProjects bounds a load; project codes and the agreement calibration
	// stay plausible up to it.
	MaxProjects = 5000
)

// Options shape a demo load.
type Options struct {
	// Seed picks the portfolio; zero means DefaultSeed.
	Seed uint64
	// Projects is how many projects to make; zero means DefaultProjects.
	// Tests ask for fewer.
	Projects int
	// Password is given to every demo user.
	Password string
	// HashPassword turns Password into the stored hash (the caller passes
	// its argon2id hasher). When it is nil no users are created.
	HashPassword func(string) (string, error)
}

// Stats says what a load stored.
type Stats struct {
	Seed         uint64                        `json:"seed"`
	Today        devcoop.Date                  `json:"today"`
	Regions      int                           `json:"regions"`
	Countries    int                           `json:"countries"`
	Offices      int                           `json:"offices"`
	Partners     int                           `json:"partners"`
	ByKind       map[devcoop.PartnerKind]int   `json:"partners_by_kind"`
	Outcomes     int                           `json:"outcomes"`
	DWCPs        int                           `json:"dwcps"`
	CPOs         int                           `json:"cpos"`
	Projects     int                           `json:"projects"`
	ByStatus     map[devcoop.ProjectStatus]int `json:"projects_by_status"`
	BySource     map[devcoop.FundSource]int    `json:"projects_by_source"`
	Published    int                           `json:"published"`
	Agreements   int                           `json:"agreements"`
	ByModality   map[devcoop.Modality]int      `json:"agreements_by_modality"`
	Transactions int                           `json:"transactions"`
	Rates        int                           `json:"rates"`
	Users        int                           `json:"users"`
	Currencies   []string                      `json:"currencies"` // every currency a money value is in
	SignedUSD    money.Decimal                 `json:"signed_usd"` // signed in 2014–15 by Today, at the rates of the signature dates
	TargetUSD    money.Decimal                 `json:"target_usd"` // the 2014–15 voluntary contributions target

	// Planning: the outcome-based workplans of 2014–15 and the first RBSA
	// allocation round.
	Workplans       int           `json:"workplans"`
	WorkplanTargets int           `json:"workplan_targets"`
	Milestones      int           `json:"milestones"`
	Requirements    int           `json:"requirements"`
	SourcePlans     int           `json:"source_plans"`
	RequiredUSD     money.Decimal `json:"required_usd"` // the 2014–15 requirements
	Decisions       int           `json:"decisions"`
	AllocatedUSD    money.Decimal `json:"allocated_usd"` // by those decisions
	Scenarios       int           `json:"scenarios"`
	// Resource mobilization: the pipeline, targets, donor reports and
	// contacts.
	Opportunities  int            `json:"opportunities"`
	ByStage        map[string]int `json:"opportunities_by_stage"`
	PipelineUSD    money.Decimal  `json:"pipeline_weighted_usd"` // open in 2014–15, weighted by probability, at the expected signing dates
	PeriodTargets  int            `json:"period_targets"`
	Reports        int            `json:"reports"`
	OverdueReports int            `json:"overdue_reports"` // on Today
	Contacts       int            `json:"contacts"`

	// Appraisal: the proposals, their versions and what the screen finds
	// in their current versions under the default rule set.
	Proposals          int                           `json:"proposals"`
	ProposalsByState   map[devcoop.ProposalState]int `json:"proposals_by_state"`
	ProposalVersions   int                           `json:"proposal_versions"`
	ProposalComments   int                           `json:"proposal_comments"`
	CleanProposals     int                           `json:"clean_proposals"`      // no finding at all
	FindingsBySeverity map[string]int                `json:"findings_by_severity"` // findings, by severity
	OverdueProposals   int                           `json:"overdue_proposals"`    // past the default service levels on Today
	Notifications      int                           `json:"notifications"`        // sent to demo users; none without them
}

// String summarises the load for people.
func (s *Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "demo portfolio (seed %d) as of %s:\n", s.Seed, s.Today)
	fmt.Fprintf(&b, "  %d regions, %d countries, %d offices, %d partners\n", s.Regions, s.Countries, s.Offices, s.Partners)
	fmt.Fprintf(&b, "  %d outcomes, %d DWCPs with %d CPOs\n", s.Outcomes, s.DWCPs, s.CPOs)
	fmt.Fprintf(&b, "  %d projects (", s.Projects)
	for i, st := range devcoop.ProjectStatuses {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", s.ByStatus[st], strings.ToLower(st.Label()))
	}
	fmt.Fprintf(&b, "), %d published\n", s.Published)
	fmt.Fprintf(&b, "  %d agreements in %d currencies, %d transactions, %d exchange rates, %d users\n",
		s.Agreements, len(s.Currencies), s.Transactions, s.Rates, s.Users)
	fmt.Fprintf(&b, "  signed in 2014-15 by %s: US$ %s of a US$ %s target\n", s.Today, s.SignedUSD.StringFixed(0), s.TargetUSD.StringFixed(0))
	fmt.Fprintf(&b, "  %d workplans with %d requirements (US$ %s) and %d targets; %d RBSA allocations (US$ %s); %d scenarios\n",
		s.Workplans, s.Requirements, s.RequiredUSD.StringFixed(0), s.WorkplanTargets, s.Decisions, s.AllocatedUSD.StringFixed(0), s.Scenarios)
	fmt.Fprintf(&b, "  %d opportunities (", s.Opportunities)
	for i, st := range devcoop.Stages {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", s.ByStage[st], strings.ReplaceAll(st, "_", " "))
	}
	fmt.Fprintf(&b, "), US$ %s weighted pipeline in 2014-15\n", s.PipelineUSD.StringFixed(0))
	fmt.Fprintf(&b, "  %d donor reports, %d overdue; %d partner contacts\n", s.Reports, s.OverdueReports, s.Contacts)
	fmt.Fprintf(&b, "  %d proposals (", s.Proposals)
	for i, st := range devcoop.ProposalStates {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", s.ProposalsByState[st], strings.ReplaceAll(string(st), "_", " "))
	}
	fmt.Fprintf(&b, "), %d versions, %d comments, %d notifications\n", s.ProposalVersions, s.ProposalComments, s.Notifications)
	fmt.Fprintf(&b, "  screen: %d proposals clean; %d blocking, %d major, %d minor findings; %d proposals overdue\n", s.CleanProposals,
		s.FindingsBySeverity["blocking"], s.FindingsBySeverity["major"], s.FindingsBySeverity["minor"], s.OverdueProposals)
	return b.String()
}

// DemoUser is a demo account: who to sign in as to see each role at work.
type DemoUser struct {
	Email    string
	Name     string
	Roles    []devcoop.Role
	Office   string   // office code, for a programme officer
	Partner  string   // partner code, for a donor
	Outcomes []string // 2014–15 outcome codes, for an outcome coordinator
}

// DemoUsers lists the demo accounts, one or more per role. Each call
// returns a fresh copy.
func DemoUsers() []DemoUser {
	return []DemoUser{
		{Email: "admin@devcoop.example", Name: "Ingrid Larsen", Roles: []devcoop.Role{devcoop.RoleAdmin}},
		{Email: "po.nairobi@devcoop.example", Name: "Wanjiru Kamau", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, Office: "CO-NAIROBI"},
		{Email: "po.bangkok@devcoop.example", Name: "Somchai Rattanakul", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, Office: "DWT/CO-BANGKOK"},
		{Email: "po.amman@devcoop.example", Name: "Rania Haddad", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, Office: "CO-AMMAN"},
		{Email: "po.abuja@devcoop.example", Name: "Chinedu Okeke", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, Office: "CO-ABUJA"},
		{Email: "po.budapest@devcoop.example", Name: "Katalin Varga", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, Office: "DWT/CO-BUDAPEST"},
		{Email: "po.americas@devcoop.example", Name: "Carmen Quispe", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}, Office: "RO-AMERICAS"},
		{Email: "coordinator@devcoop.example", Name: "Marta Gómez", Roles: []devcoop.Role{devcoop.RoleOutcomeCoordinator}, Outcomes: []string{"1", "2"}},
		{Email: "rm@devcoop.example", Name: "David Okafor", Roles: []devcoop.Role{devcoop.RoleRMOfficer}},
		{Email: "finance@devcoop.example", Name: "Claire Dubois", Roles: []devcoop.Role{devcoop.RoleFinanceOfficer}},
		{Email: "appraiser@devcoop.example", Name: "Rahul Mehta", Roles: []devcoop.Role{devcoop.RoleAppraiser}},
		{Email: "appraiser2@devcoop.example", Name: "Grace Mensah", Roles: []devcoop.Role{devcoop.RoleAppraiser}},
		{Email: "evaluation@devcoop.example", Name: "Elena Petrova", Roles: []devcoop.Role{devcoop.RoleEvaluationManager}},
		{Email: "director@devcoop.example", Name: "Hiroshi Tanaka", Roles: []devcoop.Role{devcoop.RoleDirector}},
		{Email: "viewer@devcoop.example", Name: "Sam Taylor", Roles: []devcoop.Role{devcoop.RoleViewer}},
		{Email: "donor.norway@devcoop.example", Name: "Kari Nordmann", Roles: []devcoop.Role{devcoop.RoleDonor}, Partner: "NOR"},
		// Coordinators of the other strategic objectives' outcomes.
		// Outcomes 3 and 19 have none: their workplans have no owner.
		{Email: "coordinator.protection@devcoop.example", Name: "Amina Diallo", Roles: []devcoop.Role{devcoop.RoleOutcomeCoordinator}, Outcomes: []string{"4", "5", "6", "7", "8"}},
		{Email: "coordinator.dialogue@devcoop.example", Name: "Jonas Lindqvist", Roles: []devcoop.Role{devcoop.RoleOutcomeCoordinator}, Outcomes: []string{"9", "10", "11", "12", "13"}},
		{Email: "coordinator.rights@devcoop.example", Name: "Lucía Fernández", Roles: []devcoop.Role{devcoop.RoleOutcomeCoordinator}, Outcomes: []string{"14", "15", "16", "17", "18"}},
	}
}

// Load generates the demo portfolio and stores it in s, which must hold no
// portfolio data yet (users may exist: demo users whose email is taken are
// skipped). Everything is written in one transaction, with one audit
// event, so a failed load leaves nothing behind.
func Load(ctx context.Context, s devcoop.Store, opt Options) (*Stats, error) {
	const op = "demo.load"
	if opt.Seed == 0 {
		opt.Seed = DefaultSeed
	}
	if opt.Projects == 0 {
		opt.Projects = DefaultProjects
	}
	if opt.Projects < 0 || opt.Projects > MaxProjects {
		return nil, devcoop.WithOp(op, devcoop.Invalid("projects", "must be between 1 and %d, not %d", MaxProjects, opt.Projects))
	}
	if opt.HashPassword != nil && opt.Password == "" {
		return nil, devcoop.WithOp(op, devcoop.Invalid("password", "is required for the demo users"))
	}
	// Hash before the transaction: a slow password hash should not hold
	// database locks.
	var hashes []string
	if opt.HashPassword != nil {
		for _, u := range DemoUsers() {
			h, err := opt.HashPassword(opt.Password)
			if err != nil {
				return nil, devcoop.Wrap(op, devcoop.KindInternal, fmt.Errorf("hashing the password of %s: %w", u.Email, err))
			}
			hashes = append(hashes, h)
		}
	}

	p := generate(opt.Seed, opt.Projects)
	stats := p.stats(opt.Seed)
	err := s.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := refuseNonEmpty(ctx, tx); err != nil {
			return err
		}
		if err := p.write(ctx, tx); err != nil {
			return err
		}
		n, err := p.writeUsers(ctx, tx, hashes)
		if err != nil {
			return err
		}
		stats.Users = n
		if err := p.writePlanning(ctx, tx); err != nil {
			return err
		}
		// The demo describes a day in 2015: the system runs on that date.
		date, _ := json.Marshal(Today())
		if err := tx.PutSetting(ctx, devcoop.SettingPortfolioDate, string(date)); err != nil {
			return err
		}
		if stats.Notifications, err = p.writeProposals(ctx, tx); err != nil {
			return err
		}
		after, err := json.Marshal(stats)
		if err != nil {
			return err
		}
		return tx.AddAudit(ctx, &devcoop.AuditEvent{UserID: devcoop.System.ID, Actor: devcoop.System.Email, Action: "demo loaded",
			Entity: "portfolio", EntityID: fmt.Sprintf("seed-%d", opt.Seed), After: string(after)})
	})
	if err != nil {
		return nil, devcoop.WithOp(op, err)
	}
	return stats, nil
}

// refuseNonEmpty fails when the store already holds portfolio data: the
// demo would mix with it, or overwrite its reference data.
func refuseNonEmpty(ctx context.Context, tx devcoop.StoreTx) error {
	var found []string
	count := func(n int, what string) {
		if n > 0 {
			found = append(found, fmt.Sprintf("%d %s", n, what))
		}
	}
	_, projects, err := tx.Projects(ctx, devcoop.ProjectFilter{Limit: 1}, devcoop.ProjectScope{All: true})
	if err != nil {
		return err
	}
	count(projects, "projects")
	partners, err := tx.Partners(ctx, devcoop.PartnerFilter{})
	if err != nil {
		return err
	}
	count(len(partners), "partners")
	offices, err := tx.Offices(ctx)
	if err != nil {
		return err
	}
	count(len(offices), "offices")
	outcomes, err := tx.Outcomes(ctx, "")
	if err != nil {
		return err
	}
	count(len(outcomes), "outcomes")
	countries, err := tx.Countries(ctx)
	if err != nil {
		return err
	}
	count(len(countries), "countries")
	rates, err := tx.Rates(ctx)
	if err != nil {
		return err
	}
	count(len(rates), "exchange rates")
	if len(found) > 0 {
		return devcoop.Conflictf("the database already holds portfolio data (%s); the demo loads only into an empty database", strings.Join(found, ", "))
	}
	return nil
}

// stats counts what the portfolio holds.
func (p *portfolio) stats(seed uint64) *Stats {
	s := &Stats{Seed: seed, Today: today, Regions: len(p.regions), Countries: len(p.countries), Offices: len(p.offices),
		Partners: len(p.partners), Outcomes: len(p.outcomes), DWCPs: len(p.dwcps), CPOs: len(p.cpos), Projects: len(p.projects),
		Agreements: len(p.agreements), Transactions: len(p.txs), Rates: len(p.rates),
		ByStatus: map[devcoop.ProjectStatus]int{}, ByModality: map[devcoop.Modality]int{},
		ByKind: map[devcoop.PartnerKind]int{}, BySource: map[devcoop.FundSource]int{}}
	cur := func(c string) {
		if !slices.Contains(s.Currencies, c) {
			s.Currencies = append(s.Currencies, c)
		}
	}
	for _, x := range p.partners {
		s.ByKind[x.Kind]++
	}
	for _, x := range p.projects {
		s.ByStatus[x.Status]++
		s.BySource[x.Source]++
		if x.Published {
			s.Published++
		}
		for _, b := range x.Budgets {
			cur(b.Currency)
		}
	}
	for _, a := range p.agreements {
		s.ByModality[a.Modality]++
		cur(a.Currency)
	}
	for _, t := range p.txs {
		cur(t.Currency)
	}
	s.SignedUSD = money.FromCents(signedInPeriod(money.NewRates(p.rates), p.agreements))
	for _, x := range p.periods {
		if x.Current {
			s.TargetUSD = x.VCTarget
		}
	}

	s.Workplans, s.Decisions, s.Scenarios = len(p.workplans), len(p.decisions), len(p.scenarios)
	for _, w := range p.workplans {
		s.WorkplanTargets += len(w.Targets)
		for _, t := range w.Targets {
			s.Milestones += len(t.Milestones)
		}
		s.Requirements += len(w.Requirements)
		s.SourcePlans += len(w.Plans)
		for _, r := range w.Requirements {
			s.RequiredUSD = s.RequiredUSD.Add(r.Amount)
		}
	}
	for _, d := range p.decisions {
		s.AllocatedUSD = s.AllocatedUSD.Add(d.Amount)
	}
	s.Opportunities, s.ByStage = len(p.opportunities), map[string]int{}
	for _, o := range p.opportunities {
		s.ByStage[o.Stage]++
		cur(o.Currency)
	}
	s.PipelineUSD = money.FromCents(weightedPipeline(money.NewRates(p.rates), p.opportunities))
	s.PeriodTargets = len(p.periodTargets)
	for _, a := range p.agreements {
		s.Reports += len(a.reports)
		for _, r := range a.reports {
			if r.Overdue(today) {
				s.OverdueReports++
			}
		}
	}
	for _, x := range p.partners {
		s.Contacts += len(x.Contacts)
	}
	p.proposalStats(s)
	for _, x := range p.proposals {
		cur(x.versions[0].Currency)
	}
	slices.Sort(s.Currencies)
	return s
}
