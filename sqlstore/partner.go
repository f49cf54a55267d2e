package sqlstore

import (
	"context"
	"strings"

	"devcoop"
)

const partnerCols = `id, code, name, acronym, kind, iati_ref, iati_type, country, since, version`

func scanPartner(sc interface{ Scan(...any) error }, p *devcoop.Partner) error {
	return sc.Scan(&p.ID, &p.Code, &p.Name, &p.Acronym, &p.Kind, &p.IATIRef, &p.IATIType, &p.Country, &p.Since, &p.Version)
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
	defer rows.Close()
	var out []devcoop.Partner
	for rows.Next() {
		var p devcoop.Partner
		if err := scanPartner(rows, &p); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, p)
	}
	return out, c.wrap(rows.Err())
}

// Partner returns one partner.
func (c *conn) Partner(ctx context.Context, id int64) (*devcoop.Partner, error) {
	var p devcoop.Partner
	if err := scanPartner(c.queryRow(ctx, `SELECT `+partnerCols+` FROM partners WHERE id = ?`, id), &p); err != nil {
		return nil, c.wrap(notFound(err, "partner", id))
	}
	return &p, nil
}

// CreatePartner inserts a partner at version 1.
func (tx *Tx) CreatePartner(ctx context.Context, p *devcoop.Partner) error {
	tx.changed = true
	p.Version = 1
	id, err := tx.insertID(ctx, `INSERT INTO partners (code, name, acronym, kind, iati_ref, iati_type, country, since, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		p.Code, p.Name, p.Acronym, p.Kind, p.IATIRef, p.IATIType, p.Country, p.Since)
	p.ID = id
	return err
}

// UpdatePartner saves p if nobody changed it since p.Version was read.
func (tx *Tx) UpdatePartner(ctx context.Context, p *devcoop.Partner) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE partners SET code = ?, name = ?, acronym = ?, kind = ?, iati_ref = ?, iati_type = ?, country = ?, since = ?, version = version + 1
		WHERE id = ? AND version = ?`, p.Code, p.Name, p.Acronym, p.Kind, p.IATIRef, p.IATIType, p.Country, p.Since, p.ID, p.Version)
	if err := tx.checkVersion(ctx, res, err, "partners", "partner", p.ID); err != nil {
		return err
	}
	p.Version++
	return nil
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
