package sqlstore

import (
	"context"

	"devcoop"
)

const opportunityCols = `id, code, partner_id, title, stage, modality, currency, amount, expected_sign, probability, period, multi_annual, proposal_id, agreement_id, office_id, notes, version`

func scanOpportunity(sc interface{ Scan(...any) error }, o *devcoop.Opportunity) error {
	return sc.Scan(&o.ID, &o.Code, &o.PartnerID, &o.Title, &o.Stage, &o.Modality, &o.Currency, &o.Amount, &o.ExpectedSign, &o.Probability,
		&o.Period, &o.MultiAnnual, nullInt{&o.ProposalID}, nullInt{&o.AgreementID}, nullInt{&o.OfficeID}, &o.Notes, &o.Version)
}

// Opportunities lists pipeline opportunities with their targets.
func (c *conn) Opportunities(ctx context.Context, f devcoop.OpportunityFilter) ([]*devcoop.Opportunity, error) {
	var w where
	if f.Period != "" {
		w.add(`period = ?`, f.Period)
	}
	if f.PartnerID != 0 {
		w.add(`partner_id = ?`, f.PartnerID)
	}
	if f.Stage != "" {
		w.add(`stage = ?`, f.Stage)
	}
	if f.IDs != nil {
		w.in("id", f.IDs)
	}
	rows, err := c.query(ctx, `SELECT `+opportunityCols+` FROM opportunities`+w.sql()+` ORDER BY expected_sign, code`, w.args...)
	if err != nil {
		return nil, err
	}
	var out []*devcoop.Opportunity
	byID := map[int64]*devcoop.Opportunity{}
	for rows.Next() {
		o := new(devcoop.Opportunity)
		if err := scanOpportunity(rows, o); err != nil {
			rows.Close()
			return nil, c.wrap(err)
		}
		out = append(out, o)
		byID[o.ID] = o
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.wrap(err)
	}
	return out, c.loadOpportunityTargets(ctx, byID)
}

func (c *conn) loadOpportunityTargets(ctx context.Context, byID map[int64]*devcoop.Opportunity) error {
	if len(byID) == 0 {
		return nil
	}
	rows, err := c.query(ctx, `SELECT opportunity_id, outcome_id, component, percentage FROM opportunity_targets ORDER BY opportunity_id, seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t devcoop.OpportunityTarget
		if err := rows.Scan(&id, &t.OutcomeID, &t.Component, &t.Percentage); err != nil {
			return c.wrap(err)
		}
		if o := byID[id]; o != nil {
			o.Targets = append(o.Targets, t)
		}
	}
	return c.wrap(rows.Err())
}

// Opportunity returns one opportunity.
func (c *conn) Opportunity(ctx context.Context, id int64) (*devcoop.Opportunity, error) {
	o := new(devcoop.Opportunity)
	if err := scanOpportunity(c.queryRow(ctx, `SELECT `+opportunityCols+` FROM opportunities WHERE id = ?`, id), o); err != nil {
		return nil, c.wrap(notFound(err, "opportunity", id))
	}
	return o, c.loadOpportunityTargets(ctx, map[int64]*devcoop.Opportunity{id: o})
}

// CreateOpportunity inserts an opportunity at version 1.
func (tx *Tx) CreateOpportunity(ctx context.Context, o *devcoop.Opportunity) error {
	tx.changed = true
	o.Version = 1
	id, err := tx.insertID(ctx, `INSERT INTO opportunities (code, partner_id, title, stage, modality, currency, amount, expected_sign, probability, period, multi_annual, proposal_id, agreement_id, office_id, notes, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		o.Code, o.PartnerID, o.Title, o.Stage, o.Modality, o.Currency, o.Amount, o.ExpectedSign, o.Probability, o.Period, o.MultiAnnual,
		nullID(o.ProposalID), nullID(o.AgreementID), nullID(o.OfficeID), o.Notes)
	if err != nil {
		return err
	}
	o.ID = id
	return tx.insertOpportunityTargets(ctx, o)
}

// UpdateOpportunity saves o if nobody changed it since o.Version was read.
func (tx *Tx) UpdateOpportunity(ctx context.Context, o *devcoop.Opportunity) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE opportunities SET code = ?, partner_id = ?, title = ?, stage = ?, modality = ?, currency = ?, amount = ?, expected_sign = ?, probability = ?,
		period = ?, multi_annual = ?, proposal_id = ?, agreement_id = ?, office_id = ?, notes = ?, version = version + 1 WHERE id = ? AND version = ?`,
		o.Code, o.PartnerID, o.Title, o.Stage, o.Modality, o.Currency, o.Amount, o.ExpectedSign, o.Probability, o.Period, o.MultiAnnual,
		nullID(o.ProposalID), nullID(o.AgreementID), nullID(o.OfficeID), o.Notes, o.ID, o.Version)
	if err := tx.checkVersion(ctx, res, err, "opportunities", "opportunity", o.ID); err != nil {
		return err
	}
	o.Version++
	if _, err := tx.exec(ctx, `DELETE FROM opportunity_targets WHERE opportunity_id = ?`, o.ID); err != nil {
		return err
	}
	return tx.insertOpportunityTargets(ctx, o)
}

func (tx *Tx) insertOpportunityTargets(ctx context.Context, o *devcoop.Opportunity) error {
	for i, t := range o.Targets {
		if _, err := tx.exec(ctx, `INSERT INTO opportunity_targets (opportunity_id, seq, outcome_id, component, percentage) VALUES (?, ?, ?, ?, ?)`,
			o.ID, i, t.OutcomeID, t.Component, t.Percentage); err != nil {
			return err
		}
	}
	return nil
}

// PeriodTargets lists a period's targets (every period when "").
func (c *conn) PeriodTargets(ctx context.Context, period string) ([]devcoop.PeriodTarget, error) {
	rows, err := c.query(ctx, `SELECT period, modality, amount FROM period_targets WHERE (? = '' OR period = ?) ORDER BY period, modality`, period, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.PeriodTarget
	for rows.Next() {
		var t devcoop.PeriodTarget
		if err := rows.Scan(&t.Period, &t.Modality, &t.Amount); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, t)
	}
	return out, c.wrap(rows.Err())
}

// PutPeriodTarget sets a target.
func (tx *Tx) PutPeriodTarget(ctx context.Context, t devcoop.PeriodTarget) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO period_targets (period, modality, amount) VALUES (?, ?, ?)
		ON CONFLICT (period, modality) DO UPDATE SET amount = excluded.amount`, t.Period, t.Modality, t.Amount)
	return err
}
