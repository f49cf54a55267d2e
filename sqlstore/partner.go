package sqlstore

import (
	"context"
	"strings"

	"devcoop"
)

const partnerCols = `id, code, name, acronym, kind, iati_ref, iati_type, country, since, notes, version`

func scanPartner(sc interface{ Scan(...any) error }, p *devcoop.Partner) error {
	return sc.Scan(&p.ID, &p.Code, &p.Name, &p.Acronym, &p.Kind, &p.IATIRef, &p.IATIType, &p.Country, &p.Since, &p.Notes, &p.Version)
}

// loadContacts fills the contacts of ps (of every partner when all).
func (c *conn) loadContacts(ctx context.Context, ps []*devcoop.Partner) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*devcoop.Partner{}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i] = p.ID
	}
	q := `SELECT partner_id, name, role, email, phone FROM partner_contacts`
	var args []any
	if len(ids) < 500 {
		q += ` WHERE partner_id IN (` + placeholders(len(ids)) + `)`
		args = idArgs(ids)
	}
	rows, err := c.query(ctx, q+` ORDER BY partner_id, seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var x devcoop.Contact
		if err := rows.Scan(&id, &x.Name, &x.Role, &x.Email, &x.Phone); err != nil {
			return c.wrap(err)
		}
		if p := byID[id]; p != nil {
			p.Contacts = append(p.Contacts, x)
		}
	}
	return c.wrap(rows.Err())
}

func (tx *Tx) insertContacts(ctx context.Context, p *devcoop.Partner) error {
	for i, x := range p.Contacts {
		if _, err := tx.exec(ctx, `INSERT INTO partner_contacts (partner_id, seq, name, role, email, phone) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, i, x.Name, x.Role, x.Email, x.Phone); err != nil {
			return err
		}
	}
	return nil
}

// Partners lists partners matching f, by name.
func (c *conn) Partners(ctx context.Context, f devcoop.PartnerFilter) ([]devcoop.Partner, error) {
	var w where
	if f.Kind != "" {
		w.add(`kind = ?`, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.ToLower(q) + "%"
		w.add(`(LOWER(name) LIKE ? OR LOWER(acronym) LIKE ? OR LOWER(code) LIKE ? OR LOWER(iati_ref) LIKE ?)`, like, like, like, like)
	}
	if f.IDs != nil {
		w.in("id", f.IDs)
	}
	rows, err := c.query(ctx, `SELECT `+partnerCols+` FROM partners`+w.sql()+` ORDER BY name`, w.args...)
	if err != nil {
		return nil, err
	}
	var ptrs []*devcoop.Partner
	for rows.Next() {
		p := new(devcoop.Partner)
		if err := scanPartner(rows, p); err != nil {
			rows.Close()
			return nil, c.wrap(err)
		}
		ptrs = append(ptrs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.wrap(err)
	}
	if err := c.loadContacts(ctx, ptrs); err != nil {
		return nil, err
	}
	out := make([]devcoop.Partner, len(ptrs))
	for i, p := range ptrs {
		out[i] = *p
	}
	return out, nil
}

// Partner returns one partner.
func (c *conn) Partner(ctx context.Context, id int64) (*devcoop.Partner, error) {
	var p devcoop.Partner
	if err := scanPartner(c.queryRow(ctx, `SELECT `+partnerCols+` FROM partners WHERE id = ?`, id), &p); err != nil {
		return nil, c.wrap(notFound(err, "partner", id))
	}
	return &p, c.loadContacts(ctx, []*devcoop.Partner{&p})
}

// CreatePartner inserts a partner at version 1.
func (tx *Tx) CreatePartner(ctx context.Context, p *devcoop.Partner) error {
	tx.changed = true
	p.Version = 1
	id, err := tx.insertID(ctx, `INSERT INTO partners (code, name, acronym, kind, iati_ref, iati_type, country, since, notes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		p.Code, p.Name, p.Acronym, p.Kind, p.IATIRef, p.IATIType, p.Country, p.Since, p.Notes)
	if err != nil {
		return err
	}
	p.ID = id
	return tx.insertContacts(ctx, p)
}

// UpdatePartner saves p if nobody changed it since p.Version was read.
func (tx *Tx) UpdatePartner(ctx context.Context, p *devcoop.Partner) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE partners SET code = ?, name = ?, acronym = ?, kind = ?, iati_ref = ?, iati_type = ?, country = ?, since = ?, notes = ?, version = version + 1
		WHERE id = ? AND version = ?`, p.Code, p.Name, p.Acronym, p.Kind, p.IATIRef, p.IATIType, p.Country, p.Since, p.Notes, p.ID, p.Version)
	if err := tx.checkVersion(ctx, res, err, "partners", "partner", p.ID); err != nil {
		return err
	}
	p.Version++
	if _, err := tx.exec(ctx, `DELETE FROM partner_contacts WHERE partner_id = ?`, p.ID); err != nil {
		return err
	}
	return tx.insertContacts(ctx, p)
}

// checkVersion turns an optimistic update that touched no row into a
// conflict (the row exists with another version) or a not-found.
func (tx *Tx) checkVersion(ctx context.Context, res interface{ RowsAffected() (int64, error) }, err error, table, what string, id int64) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return tx.wrap(err)
	}
	if n == 1 {
		return nil
	}
	var v int
	if err := tx.queryRow(ctx, `SELECT version FROM `+table+` WHERE id = ?`, id).Scan(&v); err != nil {
		return tx.wrap(notFound(err, what, id))
	}
	return devcoop.Conflictf("%s %d was changed by someone else (now at version %d); reload it and apply your change again", what, id, v)
}

// where builds a WHERE clause from conditions joined by AND.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) in(col string, ids []int64) {
	if len(ids) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.add(col+` IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
