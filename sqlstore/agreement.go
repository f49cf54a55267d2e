package sqlstore

import (
	"context"

	"devcoop"
	"devcoop/money"
)

const agreementCols = `id, code, partner_id, title, modality, earmark_kind, earmark_target, currency, amount, start_date, end_date, signed_date, status,
	disclose_name, disclose_docs, opportunity_id, office_id, version`

func scanAgreement(sc interface{ Scan(...any) error }, a *devcoop.Agreement) error {
	return sc.Scan(&a.ID, &a.Code, &a.PartnerID, &a.Title, &a.Modality, &a.EarmarkKind, &a.EarmarkTarget, &a.Currency, &a.Amount,
		&a.Start, &a.End, &a.SignedDate, &a.Status, &a.DiscloseName, &a.DiscloseDocs, nullInt{&a.OpportunityID}, nullInt{&a.OfficeID}, &a.Version)
}

// Agreements lists agreements matching f with their tranches and
// allocations, by code.
func (c *conn) Agreements(ctx context.Context, f devcoop.AgreementFilter) ([]*devcoop.Agreement, error) {
	var w where
	if f.PartnerID != 0 {
		w.add(`partner_id = ?`, f.PartnerID)
	}
	if f.Modality != "" {
		w.add(`modality = ?`, f.Modality)
	}
	if f.Status != "" {
		w.add(`status = ?`, f.Status)
	}
	if f.IDs != nil {
		w.in("id", f.IDs)
	}
	rows, err := c.query(ctx, `SELECT `+agreementCols+` FROM agreements`+w.sql()+` ORDER BY code`, w.args...)
	if err != nil {
		return nil, err
	}
	var out []*devcoop.Agreement
	byID := map[int64]*devcoop.Agreement{}
	for rows.Next() {
		a := new(devcoop.Agreement)
		if err := scanAgreement(rows, a); err != nil {
			rows.Close()
			return nil, c.wrap(err)
		}
		out = append(out, a)
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.wrap(err)
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := c.loadAgreementChildren(ctx, byID); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *conn) loadAgreementChildren(ctx context.Context, byID map[int64]*devcoop.Agreement) error {
	var cond string
	var args []any
	if len(byID) < 500 {
		ids := make([]int64, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		cond = ` WHERE agreement_id IN (` + placeholders(len(ids)) + `)`
		args = idArgs(ids)
	}
	rows, err := c.query(ctx, `SELECT agreement_id, seq, expected_date, expected_amount, received_date, received_amount FROM agreement_tranches`+cond+` ORDER BY agreement_id, seq`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t devcoop.Tranche
		if err := rows.Scan(&id, &t.Seq, &t.ExpectedDate, &t.ExpectedAmount, &t.ReceivedDate, &t.ReceivedAmount); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		if a := byID[id]; a != nil {
			a.Tranches = append(a.Tranches, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT id, agreement_id, kind, title, due, submitted, office_id FROM agreement_reports`+cond+` ORDER BY agreement_id, due, id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r devcoop.ReportObligation
		if err := rows.Scan(&r.ID, &r.AgreementID, &r.Kind, &r.Title, &r.Due, &r.Submitted, nullInt{&r.OfficeID}); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		if a := byID[r.AgreementID]; a != nil {
			a.Reports = append(a.Reports, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT agreement_id, project_id, outcome_id, region, amount FROM agreement_allocations`+cond+` ORDER BY agreement_id, seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var al devcoop.AgreementAllocation
		var region *string
		if err := rows.Scan(&id, nullInt{&al.ProjectID}, nullInt{&al.OutcomeID}, &region, &al.Amount); err != nil {
			return c.wrap(err)
		}
		if region != nil {
			al.Region = *region
		}
		if a := byID[id]; a != nil {
			a.Allocations = append(a.Allocations, al)
		}
	}
	return c.wrap(rows.Err())
}

// Agreement returns one agreement.
func (c *conn) Agreement(ctx context.Context, id int64) (*devcoop.Agreement, error) {
	a := new(devcoop.Agreement)
	if err := scanAgreement(c.queryRow(ctx, `SELECT `+agreementCols+` FROM agreements WHERE id = ?`, id), a); err != nil {
		return nil, c.wrap(notFound(err, "agreement", id))
	}
	if err := c.loadAgreementChildren(ctx, map[int64]*devcoop.Agreement{id: a}); err != nil {
		return nil, err
	}
	return a, nil
}

// CreateAgreement inserts an agreement with its tranches and allocations.
func (tx *Tx) CreateAgreement(ctx context.Context, a *devcoop.Agreement) error {
	tx.changed = true
	a.Version = 1
	id, err := tx.insertID(ctx, `INSERT INTO agreements (code, partner_id, title, modality, earmark_kind, earmark_target, currency, amount, start_date, end_date, signed_date, status,
		disclose_name, disclose_docs, opportunity_id, office_id, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		a.Code, a.PartnerID, a.Title, a.Modality, a.EarmarkKind, a.EarmarkTarget, a.Currency, a.Amount, a.Start, a.End, a.SignedDate, a.Status,
		a.DiscloseName, a.DiscloseDocs, nullID(a.OpportunityID), nullID(a.OfficeID))
	if err != nil {
		return err
	}
	a.ID = id
	return tx.insertAgreementChildren(ctx, a)
}

// UpdateAgreement saves a if nobody changed it since a.Version was read.
func (tx *Tx) UpdateAgreement(ctx context.Context, a *devcoop.Agreement) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE agreements SET code = ?, partner_id = ?, title = ?, modality = ?, earmark_kind = ?, earmark_target = ?, currency = ?, amount = ?,
		start_date = ?, end_date = ?, signed_date = ?, status = ?, disclose_name = ?, disclose_docs = ?, opportunity_id = ?, office_id = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		a.Code, a.PartnerID, a.Title, a.Modality, a.EarmarkKind, a.EarmarkTarget, a.Currency, a.Amount, a.Start, a.End, a.SignedDate, a.Status,
		a.DiscloseName, a.DiscloseDocs, nullID(a.OpportunityID), nullID(a.OfficeID), a.ID, a.Version)
	if err := tx.checkVersion(ctx, res, err, "agreements", "agreement", a.ID); err != nil {
		return err
	}
	a.Version++
	for _, t := range []string{"agreement_tranches", "agreement_allocations", "agreement_reports"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE agreement_id = ?`, a.ID); err != nil {
			return err
		}
	}
	return tx.insertAgreementChildren(ctx, a)
}

func (tx *Tx) insertAgreementChildren(ctx context.Context, a *devcoop.Agreement) error {
	for i := range a.Tranches {
		t := &a.Tranches[i]
		t.Seq = i + 1
		if _, err := tx.exec(ctx, `INSERT INTO agreement_tranches (agreement_id, seq, expected_date, expected_amount, received_date, received_amount) VALUES (?, ?, ?, ?, ?, ?)`,
			a.ID, t.Seq, t.ExpectedDate, t.ExpectedAmount, t.ReceivedDate, t.ReceivedAmount); err != nil {
			return err
		}
	}
	for i := range a.Reports {
		r := &a.Reports[i]
		r.AgreementID = a.ID
		if r.ID != 0 {
			// Keep a report's identity across edits: reminders and
			// calendar entries point at it.
			if _, err := tx.exec(ctx, `INSERT INTO agreement_reports (id, agreement_id, kind, title, due, submitted, office_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				r.ID, a.ID, r.Kind, r.Title, r.Due, r.Submitted, nullID(r.OfficeID)); err != nil {
				return err
			}
			continue
		}
		id, err := tx.insertID(ctx, `INSERT INTO agreement_reports (agreement_id, kind, title, due, submitted, office_id) VALUES (?, ?, ?, ?, ?, ?)`,
			a.ID, r.Kind, r.Title, r.Due, r.Submitted, nullID(r.OfficeID))
		if err != nil {
			return err
		}
		r.ID = id
	}
	for i, al := range a.Allocations {
		if _, err := tx.exec(ctx, `INSERT INTO agreement_allocations (agreement_id, seq, project_id, outcome_id, region, amount) VALUES (?, ?, ?, ?, ?, ?)`,
			a.ID, i, nullID(al.ProjectID), nullID(al.OutcomeID), nullStr(al.Region), al.Amount); err != nil {
			return err
		}
	}
	return nil
}

const transactionCols = `id, project_id, agreement_id, type, date, amount, currency, value_date, provider_partner_id, provider_ref, provider_activity_id, receiver_ref, receiver_name, description`

// Transactions lists transactions matching f, by date.
func (c *conn) Transactions(ctx context.Context, f devcoop.TransactionFilter) ([]devcoop.Transaction, error) {
	var w where
	if f.ProjectID != 0 {
		w.add(`project_id = ?`, f.ProjectID)
	}
	if f.AgreementID != 0 {
		w.add(`agreement_id = ?`, f.AgreementID)
	}
	if f.Type != "" {
		w.add(`type = ?`, f.Type)
	}
	rows, err := c.query(ctx, `SELECT `+transactionCols+` FROM transactions`+w.sql()+` ORDER BY date, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Transaction
	for rows.Next() {
		var t devcoop.Transaction
		if err := rows.Scan(&t.ID, nullInt{&t.ProjectID}, nullInt{&t.AgreementID}, &t.Type, &t.Date, &t.Amount, &t.Currency, &t.ValueDate,
			nullInt{&t.ProviderPartnerID}, &t.ProviderRef, &t.ProviderActivityID, &t.ReceiverRef, &t.ReceiverName, &t.Description); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, t)
	}
	return out, c.wrap(rows.Err())
}

// CreateTransaction inserts a transaction.
func (tx *Tx) CreateTransaction(ctx context.Context, t *devcoop.Transaction) error {
	tx.changed = true
	id, err := tx.insertID(ctx, `INSERT INTO transactions (project_id, agreement_id, type, date, amount, currency, value_date, provider_partner_id, provider_ref, provider_activity_id, receiver_ref, receiver_name, description)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(t.ProjectID), nullID(t.AgreementID), t.Type, t.Date, t.Amount, t.Currency, t.ValueDate, nullID(t.ProviderPartnerID),
		t.ProviderRef, t.ProviderActivityID, t.ReceiverRef, t.ReceiverName, t.Description)
	t.ID = id
	return err
}

// Rates lists every exchange rate.
func (c *conn) Rates(ctx context.Context) ([]money.Rate, error) {
	rows, err := c.query(ctx, `SELECT currency, month, usd_per, source FROM exchange_rates ORDER BY currency, month`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []money.Rate
	for rows.Next() {
		var r money.Rate
		var month devcoop.Date
		if err := rows.Scan(&r.Currency, &month, &r.USDPer, &r.Source); err != nil {
			return nil, c.wrap(err)
		}
		r.Month = month.Time
		out = append(out, r)
	}
	return out, c.wrap(rows.Err())
}

// PutRate inserts or replaces the rate of a currency for a month.
func (tx *Tx) PutRate(ctx context.Context, r money.Rate) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO exchange_rates (currency, month, usd_per, source) VALUES (?, ?, ?, ?)
		ON CONFLICT (currency, month) DO UPDATE SET usd_per = excluded.usd_per, source = excluded.source`,
		r.Currency, devcoop.DateOf(money.MonthOf(r.Month)), r.USDPer, r.Source)
	return err
}
