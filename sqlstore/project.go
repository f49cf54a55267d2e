package sqlstore

import (
	"context"
	"strings"
	"time"

	"devcoop"
)

const projectCols = `p.id, p.code, p.iati_identifier, p.title, p.description, p.status, p.planned_start, p.planned_end,
	p.actual_start, p.actual_end, p.office_id, p.source, p.currency, p.published, p.version, p.updated_at`

func scanProject(sc interface{ Scan(...any) error }, p *devcoop.Project) error {
	return sc.Scan(&p.ID, &p.Code, &p.IATIIdentifier, &p.Title, &p.Description, &p.Status, &p.PlannedStart, &p.PlannedEnd,
		&p.ActualStart, &p.ActualEnd, &p.OfficeID, &p.Source, &p.Currency, &p.Published, &p.Version, &p.UpdatedAt)
}

var projectSorts = map[string]string{
	"":        "p.code",
	"code":    "p.code",
	"-code":   "p.code DESC",
	"title":   "p.title, p.code",
	"-title":  "p.title DESC, p.code",
	"start":   "p.planned_start, p.code",
	"-start":  "p.planned_start DESC, p.code",
	"end":     "p.planned_end, p.code",
	"-end":    "p.planned_end DESC, p.code",
	"status":  "p.status, p.code",
	"updated": "p.updated_at DESC, p.code",
}

// projectWhere turns a filter and a scope into conditions.
func projectWhere(f devcoop.ProjectFilter, s devcoop.ProjectScope) where {
	var w where
	if !s.All {
		var ors []string
		var args []any
		if s.OfficeID != 0 {
			ors = append(ors, `p.office_id = ?`)
			args = append(args, s.OfficeID)
		}
		if s.PartnerID != 0 {
			ors = append(ors, `EXISTS (SELECT 1 FROM project_funders sf WHERE sf.project_id = p.id AND sf.partner_id = ?)`,
				`EXISTS (SELECT 1 FROM agreement_allocations sa JOIN agreements sg ON sg.id = sa.agreement_id WHERE sa.project_id = p.id AND sg.partner_id = ?)`)
			args = append(args, s.PartnerID, s.PartnerID)
		}
		if s.Published {
			ors = append(ors, `p.published = TRUE`)
		}
		if len(ors) == 0 {
			ors = []string{"1 = 0"}
		}
		w.add("("+strings.Join(ors, " OR ")+")", args...)
	}
	if f.Region != "" {
		w.add(`(EXISTS (SELECT 1 FROM project_countries fc JOIN countries c ON c.code = fc.country WHERE fc.project_id = p.id AND c.region = ?)
			OR EXISTS (SELECT 1 FROM project_regions fr WHERE fr.project_id = p.id AND fr.region = ?))`, f.Region, f.Region)
	}
	if f.Country != "" {
		w.add(`EXISTS (SELECT 1 FROM project_countries fc WHERE fc.project_id = p.id AND fc.country = ?)`, f.Country)
	}
	if f.OutcomeID != 0 {
		w.add(`EXISTS (SELECT 1 FROM project_outcomes fo WHERE fo.project_id = p.id AND fo.outcome_id = ?)`, f.OutcomeID)
	}
	if f.PartnerID != 0 {
		w.add(`EXISTS (SELECT 1 FROM project_funders ff WHERE ff.project_id = p.id AND ff.partner_id = ?)`, f.PartnerID)
	}
	if f.Status != "" {
		w.add(`p.status = ?`, f.Status)
	}
	if f.OfficeID != 0 {
		w.add(`p.office_id = ?`, f.OfficeID)
	}
	if f.Source != "" {
		w.add(`p.source = ?`, f.Source)
	}
	if f.IDs != nil {
		w.in("p.id", f.IDs)
	}
	for _, word := range strings.Fields(strings.ToLower(f.Query)) {
		like := "%" + word + "%"
		w.add(`(LOWER(p.code) LIKE ? OR LOWER(p.title) LIKE ? OR LOWER(p.iati_identifier) LIKE ?)`, like, like, like)
	}
	return w
}

// Projects returns a page of projects with their splits and budgets, and
// the total number of matches. A zero Limit returns every match.
func (c *conn) Projects(ctx context.Context, f devcoop.ProjectFilter, s devcoop.ProjectScope) ([]*devcoop.Project, int, error) {
	w := projectWhere(f, s)
	order, ok := projectSorts[f.Sort]
	if !ok {
		return nil, 0, devcoop.Invalid("sort", "%q is not a way to sort projects", f.Sort)
	}
	var total int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM projects p`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, c.wrap(err)
	}
	q := `SELECT ` + projectCols + ` FROM projects p` + w.sql() + ` ORDER BY ` + order
	args := w.args
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	var out []*devcoop.Project
	for rows.Next() {
		p := new(devcoop.Project)
		if err := scanProject(rows, p); err != nil {
			rows.Close()
			return nil, 0, c.wrap(err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, c.wrap(err)
	}
	all := f.Limit == 0 && s.All && len(w.conds) == 0
	if err := c.loadProjectChildren(ctx, out, all); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Project returns one project with everything attached to it.
func (c *conn) Project(ctx context.Context, id int64) (*devcoop.Project, error) {
	return c.oneProject(ctx, `p.id = ?`, id)
}

// ProjectByCode returns the project with the given code.
func (c *conn) ProjectByCode(ctx context.Context, code string) (*devcoop.Project, error) {
	return c.oneProject(ctx, `p.code = ?`, code)
}

func (c *conn) oneProject(ctx context.Context, cond string, key any) (*devcoop.Project, error) {
	p := new(devcoop.Project)
	if err := scanProject(c.queryRow(ctx, `SELECT `+projectCols+` FROM projects p WHERE `+cond, key), p); err != nil {
		return nil, c.wrap(notFound(err, "project", key))
	}
	if err := c.loadProjectChildren(ctx, []*devcoop.Project{p}, false); err != nil {
		return nil, err
	}
	return p, nil
}

// loadProjectChildren fills the splits, funders, markers and budgets of ps.
// With all set, it reads whole tables instead of listing IDs.
func (c *conn) loadProjectChildren(ctx context.Context, ps []*devcoop.Project, all bool) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*devcoop.Project, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i] = p.ID
	}
	filter := func(col string) (string, []any) {
		if all {
			return "", nil
		}
		return ` WHERE ` + col + ` IN (` + placeholders(len(ids)) + `)`, idArgs(ids)
	}
	// Each child table is read with its own small loop: clearer than a
	// generic scanner, and each is one query.
	type child struct {
		q    string
		scan func(rows interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error)
	}
	children := []child{
		{`SELECT pc.project_id, pc.country, pc.percentage FROM project_countries pc%WHERE% ORDER BY pc.project_id, pc.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.CountryShare
				err := r.Scan(&id, &x.Country, &x.Percentage)
				return id, func(p *devcoop.Project) { p.Countries = append(p.Countries, x) }, err
			}},
		{`SELECT pr.project_id, pr.region, pr.percentage FROM project_regions pr%WHERE% ORDER BY pr.project_id, pr.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.RegionShare
				err := r.Scan(&id, &x.Region, &x.Percentage)
				return id, func(p *devcoop.Project) { p.Regions = append(p.Regions, x) }, err
			}},
		{`SELECT ps.project_id, ps.sector, ps.percentage FROM project_sectors ps%WHERE% ORDER BY ps.project_id, ps.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.SectorShare
				err := r.Scan(&id, &x.Sector, &x.Percentage)
				return id, func(p *devcoop.Project) { p.Sectors = append(p.Sectors, x) }, err
			}},
		{`SELECT po.project_id, po.outcome_id, o.code, po.percentage FROM project_outcomes po JOIN outcomes o ON o.id = po.outcome_id%WHERE% ORDER BY po.project_id, po.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.OutcomeShare
				err := r.Scan(&id, &x.OutcomeID, &x.Outcome, &x.Percentage)
				return id, func(p *devcoop.Project) { p.Outcomes = append(p.Outcomes, x) }, err
			}},
		{`SELECT pc.project_id, pc.cpo_id, c.code, pc.percentage FROM project_cpos pc JOIN cpos c ON c.id = pc.cpo_id%WHERE% ORDER BY pc.project_id, pc.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.CPOShare
				err := r.Scan(&id, &x.CPOID, &x.CPO, &x.Percentage)
				return id, func(p *devcoop.Project) { p.CPOs = append(p.CPOs, x) }, err
			}},
		{`SELECT pf.project_id, pf.partner_id, pa.name, pf.percentage FROM project_funders pf JOIN partners pa ON pa.id = pf.partner_id%WHERE% ORDER BY pf.project_id, pf.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.FunderShare
				err := r.Scan(&id, &x.PartnerID, &x.Partner, &x.Percentage)
				return id, func(p *devcoop.Project) { p.Funders = append(p.Funders, x) }, err
			}},
		{`SELECT pm.project_id, pm.code, pm.significance FROM project_policy_markers pm%WHERE% ORDER BY pm.project_id, pm.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.PolicyMarker
				err := r.Scan(&id, &x.Code, &x.Significance)
				return id, func(p *devcoop.Project) { p.PolicyMarkers = append(p.PolicyMarkers, x) }, err
			}},
		{`SELECT pb.project_id, pb.period_start, pb.period_end, pb.amount, pb.currency, pb.value_date, pb.revised FROM project_budgets pb%WHERE% ORDER BY pb.project_id, pb.seq`,
			func(r interface{ Scan(...any) error }) (int64, func(*devcoop.Project), error) {
				var id int64
				var x devcoop.Budget
				err := r.Scan(&id, &x.PeriodStart, &x.PeriodEnd, &x.Amount, &x.Currency, &x.ValueDate, &x.Revised)
				return id, func(p *devcoop.Project) { p.Budgets = append(p.Budgets, x) }, err
			}},
	}
	for _, ch := range children {
		alias := ch.q[strings.Index(ch.q, "SELECT ")+7 : strings.Index(ch.q, ".")]
		cond, args := filter(alias + ".project_id")
		rows, err := c.query(ctx, strings.Replace(ch.q, "%WHERE%", cond, 1), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			id, apply, err := ch.scan(rows)
			if err != nil {
				rows.Close()
				return c.wrap(err)
			}
			if p := byID[id]; p != nil {
				apply(p)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return c.wrap(err)
		}
	}
	return nil
}

// CreateProject inserts a project with its splits and budgets, at version 1.
func (tx *Tx) CreateProject(ctx context.Context, p *devcoop.Project) error {
	tx.changed = true
	p.Version = 1
	p.UpdatedAt = devcoop.DateOf(time.Now())
	id, err := tx.insertID(ctx, `INSERT INTO projects (code, iati_identifier, title, description, status, planned_start, planned_end, actual_start, actual_end,
		office_id, source, currency, published, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		p.Code, p.IATIIdentifier, p.Title, p.Description, p.Status, p.PlannedStart, p.PlannedEnd, p.ActualStart, p.ActualEnd,
		p.OfficeID, p.Source, p.Currency, p.Published, tx.ts(time.Now()))
	if err != nil {
		return err
	}
	p.ID = id
	return tx.insertProjectChildren(ctx, p)
}

// UpdateProject saves p if nobody changed it since p.Version was read, and
// replaces its splits and budgets.
func (tx *Tx) UpdateProject(ctx context.Context, p *devcoop.Project) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE projects SET code = ?, iati_identifier = ?, title = ?, description = ?, status = ?, planned_start = ?, planned_end = ?,
		actual_start = ?, actual_end = ?, office_id = ?, source = ?, currency = ?, published = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		p.Code, p.IATIIdentifier, p.Title, p.Description, p.Status, p.PlannedStart, p.PlannedEnd, p.ActualStart, p.ActualEnd,
		p.OfficeID, p.Source, p.Currency, p.Published, tx.ts(time.Now()), p.ID, p.Version)
	if err := tx.checkVersion(ctx, res, err, "projects", "project", p.ID); err != nil {
		return err
	}
	p.Version++
	p.UpdatedAt = devcoop.DateOf(time.Now())
	for _, t := range []string{"project_countries", "project_regions", "project_sectors", "project_outcomes", "project_cpos", "project_funders", "project_policy_markers", "project_budgets"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE project_id = ?`, p.ID); err != nil {
			return err
		}
	}
	return tx.insertProjectChildren(ctx, p)
}

func (tx *Tx) insertProjectChildren(ctx context.Context, p *devcoop.Project) error {
	ins := func(q string, args ...any) error {
		_, err := tx.exec(ctx, q, args...)
		return err
	}
	for i, x := range p.Countries {
		if err := ins(`INSERT INTO project_countries (project_id, seq, country, percentage) VALUES (?, ?, ?, ?)`, p.ID, i, x.Country, x.Percentage); err != nil {
			return err
		}
	}
	for i, x := range p.Regions {
		if err := ins(`INSERT INTO project_regions (project_id, seq, region, percentage) VALUES (?, ?, ?, ?)`, p.ID, i, x.Region, x.Percentage); err != nil {
			return err
		}
	}
	for i, x := range p.Sectors {
		if err := ins(`INSERT INTO project_sectors (project_id, seq, sector, percentage) VALUES (?, ?, ?, ?)`, p.ID, i, x.Sector, x.Percentage); err != nil {
			return err
		}
	}
	for i, x := range p.Outcomes {
		if err := ins(`INSERT INTO project_outcomes (project_id, seq, outcome_id, percentage) VALUES (?, ?, ?, ?)`, p.ID, i, x.OutcomeID, x.Percentage); err != nil {
			return err
		}
	}
	for i, x := range p.CPOs {
		if err := ins(`INSERT INTO project_cpos (project_id, seq, cpo_id, percentage) VALUES (?, ?, ?, ?)`, p.ID, i, x.CPOID, x.Percentage); err != nil {
			return err
		}
	}
	for i, x := range p.Funders {
		if err := ins(`INSERT INTO project_funders (project_id, seq, partner_id, percentage) VALUES (?, ?, ?, ?)`, p.ID, i, x.PartnerID, x.Percentage); err != nil {
			return err
		}
	}
	for i, x := range p.PolicyMarkers {
		if err := ins(`INSERT INTO project_policy_markers (project_id, seq, code, significance) VALUES (?, ?, ?, ?)`, p.ID, i, x.Code, x.Significance); err != nil {
			return err
		}
	}
	for i, b := range p.Budgets {
		if err := ins(`INSERT INTO project_budgets (project_id, seq, period_start, period_end, amount, currency, value_date, revised) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, i, b.PeriodStart, b.PeriodEnd, b.Amount, b.Currency, b.ValueDate, b.Revised); err != nil {
			return err
		}
	}
	return nil
}
