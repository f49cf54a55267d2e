package app

import (
	"context"

	"devcoop"
	"devcoop/figures"
)

// OrgRef is the organisation's IATI identifier, the prefix of its activity
// identifiers.
func (a *App) OrgRef() string { return "XM-DAC-41302" }

// Reference returns the snapshot's reference data; everyone may read it.
func (a *App) Reference(ctx context.Context) (*devcoop.Portfolio, error) { return a.Portfolio(ctx) }

// Partners lists the partners the user in ctx may see: every partner for
// staff, a donor's own record for a donor, none for the public.
func (a *App) Partners(ctx context.Context, f devcoop.PartnerFilter) ([]devcoop.Partner, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if u.Has(devcoop.RoleDonor) {
		f.IDs = []int64{u.PartnerID}
	}
	return a.store.Partners(ctx, f)
}

// Partner returns one partner the user may see.
func (a *App) Partner(ctx context.Context, id int64) (*devcoop.Partner, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if u.Has(devcoop.RoleDonor) && u.PartnerID != id {
		return nil, devcoop.NotFound("partner", id)
	}
	return a.store.Partner(ctx, id)
}

// Summary returns the portfolio overview of what the user may see, for a
// period ("" for all time).
func (a *App) Summary(ctx context.Context, period string) (figures.Summary, error) {
	pf, err := a.Portfolio(ctx)
	if err != nil {
		return figures.Summary{}, err
	}
	var per *devcoop.Period
	if period != "" {
		if per = pf.Period(period); per == nil {
			return figures.Summary{}, devcoop.Invalid("period", "%q is not a programme period", period)
		}
	}
	return figures.Summarize(pf, per), nil
}
