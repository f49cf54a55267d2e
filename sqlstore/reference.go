package sqlstore

import (
	"context"

	"devcoop"
)

// Regions lists the regions by code.
func (c *conn) Regions(ctx context.Context) ([]devcoop.Region, error) {
	rows, err := c.query(ctx, `SELECT code, name, iati_code FROM regions ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Region
	for rows.Next() {
		var r devcoop.Region
		if err := rows.Scan(&r.Code, &r.Name, &r.IATICode); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, r)
	}
	return out, c.wrap(rows.Err())
}

// PutRegion inserts or replaces a region.
func (tx *Tx) PutRegion(ctx context.Context, r *devcoop.Region) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO regions (code, name, iati_code) VALUES (?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, iati_code = excluded.iati_code`, r.Code, r.Name, r.IATICode)
	return err
}

// Countries lists the countries by name.
func (c *conn) Countries(ctx context.Context) ([]devcoop.Country, error) {
	rows, err := c.query(ctx, `SELECT code, alpha3, name, region, income_group, oda_eligible, currency, dwcp_priority FROM countries ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Country
	for rows.Next() {
		var x devcoop.Country
		if err := rows.Scan(&x.Code, &x.Alpha3, &x.Name, &x.Region, &x.IncomeGroup, &x.ODAEligible, &x.Currency, &x.DWCPPriority); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, x)
	}
	return out, c.wrap(rows.Err())
}

// PutCountry inserts or replaces a country.
func (tx *Tx) PutCountry(ctx context.Context, x *devcoop.Country) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO countries (code, alpha3, name, region, income_group, oda_eligible, currency, dwcp_priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET alpha3 = excluded.alpha3, name = excluded.name, region = excluded.region,
		income_group = excluded.income_group, oda_eligible = excluded.oda_eligible, currency = excluded.currency, dwcp_priority = excluded.dwcp_priority`,
		x.Code, x.Alpha3, x.Name, x.Region, x.IncomeGroup, x.ODAEligible, x.Currency, x.DWCPPriority)
	return err
}

// Offices lists the offices by code.
func (c *conn) Offices(ctx context.Context) ([]devcoop.Office, error) {
	rows, err := c.query(ctx, `SELECT id, code, name, kind, region, country FROM offices ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Office
	for rows.Next() {
		var o devcoop.Office
		var country *string
		if err := rows.Scan(&o.ID, &o.Code, &o.Name, &o.Kind, &o.Region, &country); err != nil {
			return nil, c.wrap(err)
		}
		if country != nil {
			o.Country = *country
		}
		out = append(out, o)
	}
	return out, c.wrap(rows.Err())
}

// CreateOffice inserts an office and sets its ID.
func (tx *Tx) CreateOffice(ctx context.Context, o *devcoop.Office) error {
	tx.changed = true
	id, err := tx.insertID(ctx, `INSERT INTO offices (code, name, kind, region, country) VALUES (?, ?, ?, ?, ?)`,
		o.Code, o.Name, o.Kind, o.Region, nullStr(o.Country))
	o.ID = id
	return err
}

// Objectives lists the strategic objectives.
func (c *conn) Objectives(ctx context.Context) ([]devcoop.StrategicObjective, error) {
	rows, err := c.query(ctx, `SELECT code, title FROM objectives ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.StrategicObjective
	for rows.Next() {
		var o devcoop.StrategicObjective
		if err := rows.Scan(&o.Code, &o.Title); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, o)
	}
	return out, c.wrap(rows.Err())
}

// PutObjective inserts or replaces a strategic objective.
func (tx *Tx) PutObjective(ctx context.Context, o *devcoop.StrategicObjective) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO objectives (code, title) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET title = excluded.title`, o.Code, o.Title)
	return err
}

// Periods lists the programme periods, oldest first.
func (c *conn) Periods(ctx context.Context) ([]devcoop.Period, error) {
	rows, err := c.query(ctx, `SELECT code, start_date, end_date, vc_target, current FROM periods ORDER BY start_date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Period
	for rows.Next() {
		var p devcoop.Period
		if err := rows.Scan(&p.Code, &p.Start, &p.End, &p.VCTarget, &p.Current); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, p)
	}
	return out, c.wrap(rows.Err())
}

// PutPeriod inserts or replaces a period.
func (tx *Tx) PutPeriod(ctx context.Context, p *devcoop.Period) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO periods (code, start_date, end_date, vc_target, current) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date, vc_target = excluded.vc_target, current = excluded.current`,
		p.Code, p.Start, p.End, p.VCTarget, p.Current)
	return err
}

// Outcomes lists the outcomes of a period (every period when period is
// ""), with their indicators.
func (c *conn) Outcomes(ctx context.Context, period string) ([]devcoop.Outcome, error) {
	rows, err := c.query(ctx, `SELECT id, period, code, title, objective FROM outcomes WHERE (? = '' OR period = ?) ORDER BY period, id`, period, period)
	if err != nil {
		return nil, err
	}
	var out []devcoop.Outcome
	idx := map[int64]int{}
	for rows.Next() {
		var o devcoop.Outcome
		var obj *string
		if err := rows.Scan(&o.ID, &o.Period, &o.Code, &o.Title, &obj); err != nil {
			rows.Close()
			return nil, c.wrap(err)
		}
		if obj != nil {
			o.Objective = *obj
		}
		idx[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.wrap(err)
	}
	irows, err := c.query(ctx, `SELECT i.id, i.outcome_id, i.code, i.title, i.target, i.baseline FROM outcome_indicators i
		JOIN outcomes o ON o.id = i.outcome_id WHERE (? = '' OR o.period = ?) ORDER BY i.id`, period, period)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var i devcoop.OutcomeIndicator
		if err := irows.Scan(&i.ID, &i.OutcomeID, &i.Code, &i.Title, &i.Target, &i.Baseline); err != nil {
			return nil, c.wrap(err)
		}
		if k, ok := idx[i.OutcomeID]; ok {
			out[k].Indicators = append(out[k].Indicators, i)
		}
	}
	return out, c.wrap(irows.Err())
}

// CreateOutcome inserts an outcome and its indicators, setting their IDs.
func (tx *Tx) CreateOutcome(ctx context.Context, o *devcoop.Outcome) error {
	tx.changed = true
	id, err := tx.insertID(ctx, `INSERT INTO outcomes (period, code, title, objective) VALUES (?, ?, ?, ?)`, o.Period, o.Code, o.Title, nullStr(o.Objective))
	if err != nil {
		return err
	}
	o.ID = id
	for i := range o.Indicators {
		ind := &o.Indicators[i]
		ind.OutcomeID = id
		if ind.ID, err = tx.insertID(ctx, `INSERT INTO outcome_indicators (outcome_id, code, title, target, baseline) VALUES (?, ?, ?, ?, ?)`,
			id, ind.Code, ind.Title, ind.Target, ind.Baseline); err != nil {
			return err
		}
	}
	return nil
}

// DWCPs lists the country programmes.
func (c *conn) DWCPs(ctx context.Context) ([]devcoop.DWCP, error) {
	rows, err := c.query(ctx, `SELECT id, country, title, start_date, end_date, status FROM dwcps ORDER BY country, start_date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.DWCP
	for rows.Next() {
		var d devcoop.DWCP
		if err := rows.Scan(&d.ID, &d.Country, &d.Title, &d.Start, &d.End, &d.Status); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, d)
	}
	return out, c.wrap(rows.Err())
}

// CreateDWCP inserts a country programme.
func (tx *Tx) CreateDWCP(ctx context.Context, d *devcoop.DWCP) error {
	tx.changed = true
	id, err := tx.insertID(ctx, `INSERT INTO dwcps (country, title, start_date, end_date, status) VALUES (?, ?, ?, ?, ?)`,
		d.Country, d.Title, d.Start, d.End, d.Status)
	d.ID = id
	return err
}

// CPOs lists the country programme outcomes by code.
func (c *conn) CPOs(ctx context.Context) ([]devcoop.CPO, error) {
	rows, err := c.query(ctx, `SELECT id, code, dwcp_id, country, outcome_id, title FROM cpos ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.CPO
	for rows.Next() {
		var x devcoop.CPO
		if err := rows.Scan(&x.ID, &x.Code, &x.DWCPID, &x.Country, &x.OutcomeID, &x.Title); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, x)
	}
	return out, c.wrap(rows.Err())
}

// CreateCPO inserts a country programme outcome.
func (tx *Tx) CreateCPO(ctx context.Context, x *devcoop.CPO) error {
	tx.changed = true
	id, err := tx.insertID(ctx, `INSERT INTO cpos (code, dwcp_id, country, outcome_id, title) VALUES (?, ?, ?, ?, ?)`,
		x.Code, x.DWCPID, x.Country, x.OutcomeID, x.Title)
	x.ID = id
	return err
}
