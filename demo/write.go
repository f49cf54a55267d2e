package demo

import (
	"context"
	"fmt"

	"devcoop"
)

// write stores the portfolio in dependency order. Each record learns its
// ID as it is created; records that point at it read the ID then.
func (p *portfolio) write(ctx context.Context, tx devcoop.StoreTx) error {
	for i := range p.regions {
		if err := tx.PutRegion(ctx, &p.regions[i]); err != nil {
			return fmt.Errorf("region %s: %w", p.regions[i].Code, err)
		}
	}
	for _, c := range p.countries {
		if err := tx.PutCountry(ctx, &c.Country); err != nil {
			return fmt.Errorf("country %s: %w", c.Code, err)
		}
	}
	for _, o := range p.offices {
		if err := tx.CreateOffice(ctx, &o.Office); err != nil {
			return fmt.Errorf("office %s: %w", o.Code, err)
		}
	}
	for i := range p.objectives {
		if err := tx.PutObjective(ctx, &p.objectives[i]); err != nil {
			return fmt.Errorf("objective %s: %w", p.objectives[i].Code, err)
		}
	}
	for i := range p.periods {
		if err := tx.PutPeriod(ctx, &p.periods[i]); err != nil {
			return fmt.Errorf("period %s: %w", p.periods[i].Code, err)
		}
	}
	for _, t := range p.periodTargets {
		if err := tx.PutPeriodTarget(ctx, t); err != nil {
			return fmt.Errorf("target of %s %s: %w", t.Period, t.Modality, err)
		}
	}
	for _, o := range p.outcomes {
		if err := tx.CreateOutcome(ctx, &o.Outcome); err != nil {
			return fmt.Errorf("outcome %s/%s: %w", o.Period, o.Code, err)
		}
	}
	for _, d := range p.dwcps {
		if err := tx.CreateDWCP(ctx, &d.DWCP); err != nil {
			return fmt.Errorf("DWCP of %s: %w", d.Country, err)
		}
	}
	for _, c := range p.cpos {
		c.DWCPID, c.OutcomeID = c.dwcp.ID, c.outcome.ID
		if err := tx.CreateCPO(ctx, &c.CPO); err != nil {
			return fmt.Errorf("CPO %s: %w", c.Code, err)
		}
	}
	for _, x := range p.partners {
		if err := tx.CreatePartner(ctx, &x.Partner); err != nil {
			return fmt.Errorf("partner %s: %w", x.Code, err)
		}
	}
	for _, r := range p.rates {
		if err := tx.PutRate(ctx, r); err != nil {
			return fmt.Errorf("rate %s %s: %w", r.Currency, r.Month.Format("2006-01"), err)
		}
	}
	for _, x := range p.projects {
		x.resolve()
		if err := tx.CreateProject(ctx, &x.Project); err != nil {
			return fmt.Errorf("project %s: %w", x.Code, err)
		}
	}
	// Opportunities come before agreements, which name the deal they came
	// from; a signed deal then learns its agreement, as signing does in
	// the application.
	for _, o := range p.opportunities {
		o.resolve()
		if err := tx.CreateOpportunity(ctx, &o.Opportunity); err != nil {
			return fmt.Errorf("opportunity %s: %w", o.Code, err)
		}
	}
	for _, a := range p.agreements {
		a.resolve()
		if err := tx.CreateAgreement(ctx, &a.Agreement); err != nil {
			return fmt.Errorf("agreement %s: %w", a.Code, err)
		}
	}
	for _, o := range p.opportunities {
		if o.agreement == nil {
			continue
		}
		o.AgreementID = o.agreement.ID
		if err := tx.UpdateOpportunity(ctx, &o.Opportunity); err != nil {
			return fmt.Errorf("opportunity %s: %w", o.Code, err)
		}
	}
	for _, t := range p.txs {
		t.resolve()
		if err := tx.CreateTransaction(ctx, &t.Transaction); err != nil {
			return fmt.Errorf("transaction of %s on %s: %w", t.owner(), t.Date, err)
		}
	}
	return nil
}

// resolve fills the project's references with the IDs the store gave.
func (x *project) resolve() {
	x.OfficeID = x.office.ID
	x.Countries, x.Regions, x.Outcomes, x.CPOs, x.Funders = nil, nil, nil, nil, nil
	for _, c := range x.countries {
		x.Countries = append(x.Countries, devcoop.CountryShare{Country: c.to.Code, Percentage: pct(c.pct)})
	}
	if x.scope == scopeRegion {
		x.Regions = []devcoop.RegionShare{{Region: x.region, Percentage: pct(100)}}
	}
	for _, o := range x.outcomes {
		x.Outcomes = append(x.Outcomes, devcoop.OutcomeShare{OutcomeID: o.to.ID, Percentage: pct(o.pct)})
	}
	for _, c := range x.cpos {
		x.CPOs = append(x.CPOs, devcoop.CPOShare{CPOID: c.to.ID, Percentage: pct(c.pct)})
	}
	for _, f := range x.funders {
		x.Funders = append(x.Funders, devcoop.FunderShare{PartnerID: f.to.ID, Percentage: pct(f.pct)})
	}
}

func (a *agreement) resolve() {
	a.PartnerID = a.partner.ID
	a.OfficeID = a.office.ID
	if a.opportunity != nil {
		a.OpportunityID = a.opportunity.ID
	}
	a.Reports = nil
	for _, r := range a.reports {
		x := r.ReportObligation
		x.OfficeID = r.office.ID
		a.Reports = append(a.Reports, x)
	}
	a.Allocations = nil
	for _, al := range a.allocs {
		x := devcoop.AgreementAllocation{Region: al.region, Amount: wholeAmount(al.amount, a.Currency)}
		if al.project != nil {
			x.ProjectID = al.project.ID
		}
		if al.outcome != nil {
			x.OutcomeID = al.outcome.ID
		}
		a.Allocations = append(a.Allocations, x)
	}
}

func (o *opportunity) resolve() {
	o.PartnerID, o.OfficeID = o.partner.ID, o.office.ID
	o.Targets = nil
	for _, t := range o.targets {
		o.Targets = append(o.Targets, devcoop.OpportunityTarget{OutcomeID: t.outcome.ID, Component: t.component, Percentage: pct(t.pct)})
	}
}

func (t *transaction) resolve() {
	if t.project != nil {
		t.ProjectID = t.project.ID
	}
	if t.agreement != nil {
		t.AgreementID = t.agreement.ID
	}
	if t.provider != nil {
		t.ProviderPartnerID = t.provider.ID
	}
}

func (t *transaction) owner() string {
	if t.project != nil {
		return "project " + t.project.Code
	}
	return "agreement " + t.agreement.Code
}

// writeUsers creates the demo users, each with its own hash, and returns
// how many it created: an email already taken is left alone.
func (p *portfolio) writeUsers(ctx context.Context, tx devcoop.StoreTx, hashes []string) (int, error) {
	if len(hashes) == 0 {
		return 0, nil
	}
	n := 0
	for i, du := range DemoUsers() {
		if _, err := tx.UserByEmail(ctx, du.Email); err == nil {
			continue
		} else if devcoop.ErrorKind(err) != devcoop.KindNotFound {
			return n, err
		}
		u := &devcoop.User{Email: du.Email, Name: du.Name, Roles: du.Roles, PasswordHash: hashes[i]}
		if du.Office != "" {
			u.OfficeID = p.officeByCode(du.Office).ID
		}
		if du.Partner != "" {
			u.PartnerID = p.partnerByCode(du.Partner).ID
		}
		for _, code := range du.Outcomes {
			u.OutcomeIDs = append(u.OutcomeIDs, p.outcomeByCode(currentPeriod, code).ID)
		}
		if err := u.Validate(); err != nil {
			return n, fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return n, fmt.Errorf("demo user %s: %w", du.Email, err)
		}
		n++
	}
	return n, nil
}

func (p *portfolio) officeByCode(code string) *office {
	for _, o := range p.offices {
		if o.Code == code {
			return o
		}
	}
	panic("demo: no office " + code)
}

func (p *portfolio) partnerByCode(code string) *partner {
	for _, x := range p.partners {
		if x.Code == code {
			return x
		}
	}
	panic("demo: no partner " + code)
}

func (p *portfolio) outcomeByCode(period, code string) *outcome {
	for _, o := range p.outcomes {
		if o.Period == period && o.Code == code {
			return o
		}
	}
	panic("demo: no outcome " + code + " in " + period)
}

// writePlanning stores the workplans, the allocation decisions and the
// scenarios, after the users: they name their owners, deciders and
// authors. A demo user that was not created (no password hasher) is
// looked up too, in case the account already exists; otherwise the
// record names nobody.
func (p *portfolio) writePlanning(ctx context.Context, tx devcoop.StoreTx) error {
	ids := map[string]int64{}
	user := func(email string) (int64, error) {
		if email == "" {
			return 0, nil
		}
		if id, ok := ids[email]; ok {
			return id, nil
		}
		u, err := tx.UserByEmail(ctx, email)
		switch {
		case err == nil:
			ids[email] = u.ID
		case devcoop.ErrorKind(err) == devcoop.KindNotFound:
			ids[email] = 0
		default:
			return 0, err
		}
		return ids[email], nil
	}
	var err error
	for _, w := range p.workplans {
		w.OutcomeID = w.outcome.ID
		if w.OwnerID, err = user(w.owner); err != nil {
			return err
		}
		for i := range w.Targets {
			w.Targets[i].IndicatorID = w.outcome.Indicators[w.indicators[i]].ID
		}
		if err := tx.CreateWorkplan(ctx, &w.Workplan); err != nil {
			return fmt.Errorf("workplan of outcome %s: %w", w.outcome.Code, err)
		}
	}
	for _, d := range p.decisions {
		d.OutcomeID = d.outcome.ID
		if d.DecidedBy, err = user(d.decider); err != nil {
			return err
		}
		if err := tx.CreateDecision(ctx, &d.AllocationDecision); err != nil {
			return fmt.Errorf("allocation to %s/%s: %w", d.outcome.Code, d.Component, err)
		}
	}
	for _, s := range p.scenarios {
		if s.CreatedBy, err = user(s.creator); err != nil {
			return err
		}
		s.Signed, s.Lost = nil, nil
		for _, o := range s.signed {
			s.Signed = append(s.Signed, o.ID)
		}
		for _, o := range s.lost {
			s.Lost = append(s.Lost, o.ID)
		}
		if err := tx.CreateScenario(ctx, &s.Scenario); err != nil {
			return fmt.Errorf("scenario %q: %w", s.Name, err)
		}
	}
	return nil
}
