package app

import (
	"context"
	"fmt"
	"strings"

	"devcoop"
)

// MaxPageSize caps how many projects one request lists.
const MaxPageSize = 500

// Projects lists the projects matching f that the user in ctx may see.
func (a *App) Projects(ctx context.Context, f devcoop.ProjectFilter) ([]*devcoop.Project, int, error) {
	if f.Limit <= 0 || f.Limit > MaxPageSize {
		return nil, 0, devcoop.Invalid("limit", "must be between 1 and %d", MaxPageSize)
	}
	if f.Offset < 0 {
		return nil, 0, devcoop.Invalid("offset", "must not be negative")
	}
	return a.store.Projects(ctx, f, devcoop.ScopeFor(devcoop.UserFrom(ctx)))
}

// Project returns one project if the user in ctx may see it. A project the
// user may not see is reported as not found, so its existence does not leak.
func (a *App) Project(ctx context.Context, id int64) (*devcoop.Project, error) {
	ps, _, err := a.store.Projects(ctx, devcoop.ProjectFilter{IDs: []int64{id}, Limit: 1}, devcoop.ScopeFor(devcoop.UserFrom(ctx)))
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, devcoop.NotFound("project", id)
	}
	return ps[0], nil
}

// CreateProject adds a project. Programme officers add projects only for
// their own office.
func (a *App) CreateProject(ctx context.Context, p *devcoop.Project) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !devcoop.CanEditProject(u, p.OfficeID) {
		return devcoop.WithOp("project.create", devcoop.Errorf(devcoop.KindForbidden, "You may add projects only for your own office."))
	}
	if p.IATIIdentifier == "" && p.Code != "" {
		p.IATIIdentifier = a.OrgRef() + "-" + strings.TrimSpace(p.Code)
	}
	if p.Currency == "" {
		p.Currency = "USD"
	}
	if err := a.checkProject(ctx, p); err != nil {
		return devcoop.WithOp("project.create", err)
	}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateProject(ctx, p); err != nil {
			return duplicateAs(err, "code", "a project with code %s already exists", p.Code)
		}
		return a.audit(ctx, tx, "create", "project", p.ID, nil, p)
	})
	return devcoop.WithOp("project.create", err)
}

// UpdateProject saves changes to a project. p.Version must be the version
// the change was based on; a stale version is a conflict and saves nothing.
func (a *App) UpdateProject(ctx context.Context, p *devcoop.Project) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	before, err := a.Project(ctx, p.ID)
	if err != nil {
		return devcoop.WithOp("project.update", err)
	}
	if !devcoop.CanEditProject(u, before.OfficeID) {
		return devcoop.WithOp("project.update", devcoop.Errorf(devcoop.KindForbidden, "You may change only your own office's projects."))
	}
	if p.OfficeID != before.OfficeID && !devcoop.CanEditProject(u, p.OfficeID) {
		return devcoop.WithOp("project.update", devcoop.Errorf(devcoop.KindForbidden, "You may not move a project to another office."))
	}
	if p.IATIIdentifier == "" {
		p.IATIIdentifier = before.IATIIdentifier
	}
	if err := a.checkProject(ctx, p); err != nil {
		return devcoop.WithOp("project.update", err)
	}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateProject(ctx, p); err != nil {
			return duplicateAs(err, "code", "a project with code %s already exists", p.Code)
		}
		return a.audit(ctx, tx, "update", "project", p.ID, before, p)
	})
	return devcoop.WithOp("project.update", err)
}

// checkProject validates a project and every reference it makes.
func (a *App) checkProject(ctx context.Context, p *devcoop.Project) error {
	var pr devcoop.Problems
	if err := p.Validate(); err != nil {
		pr.AddAll("", devcoop.ErrorFields(err))
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if p.OfficeID != 0 && pf.Office(p.OfficeID) == nil {
		pr.Add("office_id", "office %d does not exist", p.OfficeID)
	}
	for i, c := range p.Countries {
		if devcoop.ValidCountry(c.Country) && pf.Country(c.Country) == nil {
			pr.Add(fmt.Sprintf("countries[%d].country", i), "%s is a real country but not one the organisation works in", c.Country)
		}
	}
	for i, r := range p.Regions {
		if pf.Region(r.Region) == nil {
			pr.Add(fmt.Sprintf("regions[%d].region", i), "%q is not a region", r.Region)
		}
	}
	outcomes := map[int64]bool{}
	for i, o := range p.Outcomes {
		if pf.Outcome(o.OutcomeID) == nil {
			pr.Add(fmt.Sprintf("outcomes[%d].outcome_id", i), "outcome %d does not exist", o.OutcomeID)
		}
		outcomes[o.OutcomeID] = true
	}
	countries := map[string]bool{}
	for _, c := range p.Countries {
		countries[c.Country] = true
	}
	for i, c := range p.CPOs {
		cpo := pf.CPO(c.CPOID)
		if cpo == nil {
			pr.Add(fmt.Sprintf("cpos[%d].cpo_id", i), "CPO %d does not exist", c.CPOID)
			continue
		}
		if len(p.Outcomes) > 0 && !outcomes[cpo.OutcomeID] {
			pr.Add(fmt.Sprintf("cpos[%d].cpo_id", i), "CPO %s contributes to an outcome the project is not linked to", cpo.Code)
		}
		if len(p.Countries) > 0 && !countries[cpo.Country] {
			pr.Add(fmt.Sprintf("cpos[%d].cpo_id", i), "CPO %s is in %s, which is not a recipient country of the project", cpo.Code, cpo.Country)
		}
	}
	for i, f := range p.Funders {
		if pf.Partner(f.PartnerID) == nil {
			pr.Add(fmt.Sprintf("funders[%d].partner_id", i), "partner %d does not exist", f.PartnerID)
		}
	}
	return pr.Err()
}

// duplicateAs turns a unique-key conflict into an invalid-field error.
func duplicateAs(err error, field, format string, args ...any) error {
	if devcoop.ErrorKind(err) == devcoop.KindConflict && strings.Contains(devcoop.ErrorMessage(err), "already exists") {
		return devcoop.Invalid(field, format, args...)
	}
	return err
}
