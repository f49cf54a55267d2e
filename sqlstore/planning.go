package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"devcoop"
)

// Workplans lists the workplans of a period (every period when ""), with
// their targets, requirements and plans, by outcome.
func (c *conn) Workplans(ctx context.Context, period string) ([]*devcoop.Workplan, error) {
	rows, err := c.query(ctx, `SELECT w.id, w.period, w.outcome_id, o.code, w.owner_id, w.summary, w.version FROM workplans w
		JOIN outcomes o ON o.id = w.outcome_id WHERE (? = '' OR w.period = ?) ORDER BY w.period, w.outcome_id`, period, period)
	if err != nil {
		return nil, err
	}
	var out []*devcoop.Workplan
	byID := map[int64]*devcoop.Workplan{}
	for rows.Next() {
		w := new(devcoop.Workplan)
		if err := rows.Scan(&w.ID, &w.Period, &w.OutcomeID, &w.Outcome, nullInt{&w.OwnerID}, &w.Summary, &w.Version); err != nil {
			rows.Close()
			return nil, c.wrap(err)
		}
		out = append(out, w)
		byID[w.ID] = w
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.wrap(err)
	}
	return out, c.loadWorkplanChildren(ctx, byID)
}

// Workplan returns one workplan.
func (c *conn) Workplan(ctx context.Context, id int64) (*devcoop.Workplan, error) {
	w := new(devcoop.Workplan)
	err := c.queryRow(ctx, `SELECT w.id, w.period, w.outcome_id, o.code, w.owner_id, w.summary, w.version FROM workplans w
		JOIN outcomes o ON o.id = w.outcome_id WHERE w.id = ?`, id).Scan(&w.ID, &w.Period, &w.OutcomeID, &w.Outcome, nullInt{&w.OwnerID}, &w.Summary, &w.Version)
	if err != nil {
		return nil, c.wrap(notFound(err, "workplan", id))
	}
	return w, c.loadWorkplanChildren(ctx, map[int64]*devcoop.Workplan{id: w})
}

func (c *conn) loadWorkplanChildren(ctx context.Context, byID map[int64]*devcoop.Workplan) error {
	if len(byID) == 0 {
		return nil
	}
	rows, err := c.query(ctx, `SELECT workplan_id, component, indicator_id, result, member_states FROM workplan_targets ORDER BY workplan_id, seq`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t devcoop.WorkplanTarget
		if err := rows.Scan(&id, &t.Component, nullInt{&t.IndicatorID}, &t.Result, &t.MemberStates); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		if w := byID[id]; w != nil {
			w.Targets = append(w.Targets, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT workplan_id, target_seq, due, description, status FROM workplan_milestones ORDER BY workplan_id, target_seq, seq`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var ts int
		var m devcoop.Milestone
		if err := rows.Scan(&id, &ts, &m.Due, &m.Description, &m.Status); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		if w := byID[id]; w != nil && ts < len(w.Targets) {
			w.Targets[ts].Milestones = append(w.Targets[ts].Milestones, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT workplan_id, component, amount, min_rbsa, max_rbsa, note FROM workplan_requirements ORDER BY workplan_id, seq`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var r devcoop.Requirement
		if err := rows.Scan(&id, &r.Component, &r.Amount, &r.MinRBSA, &r.MaxRBSA, &r.Note); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		if w := byID[id]; w != nil {
			w.Requirements = append(w.Requirements, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT workplan_id, component, source, amount FROM workplan_plans ORDER BY workplan_id, seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p devcoop.SourcePlan
		if err := rows.Scan(&id, &p.Component, &p.Source, &p.Amount); err != nil {
			return c.wrap(err)
		}
		if w := byID[id]; w != nil {
			w.Plans = append(w.Plans, p)
		}
	}
	return c.wrap(rows.Err())
}

// CreateWorkplan inserts a workplan at version 1.
func (tx *Tx) CreateWorkplan(ctx context.Context, w *devcoop.Workplan) error {
	tx.changed = true
	w.Version = 1
	id, err := tx.insertID(ctx, `INSERT INTO workplans (period, outcome_id, owner_id, summary, version) VALUES (?, ?, ?, ?, 1)`,
		w.Period, w.OutcomeID, nullID(w.OwnerID), w.Summary)
	if err != nil {
		return err
	}
	w.ID = id
	return tx.insertWorkplanChildren(ctx, w)
}

// UpdateWorkplan saves w if nobody changed it since w.Version was read.
func (tx *Tx) UpdateWorkplan(ctx context.Context, w *devcoop.Workplan) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE workplans SET owner_id = ?, summary = ?, version = version + 1 WHERE id = ? AND version = ?`,
		nullID(w.OwnerID), w.Summary, w.ID, w.Version)
	if err := tx.checkVersion(ctx, res, err, "workplans", "workplan", w.ID); err != nil {
		return err
	}
	w.Version++
	for _, t := range []string{"workplan_targets", "workplan_milestones", "workplan_requirements", "workplan_plans"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE workplan_id = ?`, w.ID); err != nil {
			return err
		}
	}
	return tx.insertWorkplanChildren(ctx, w)
}

func (tx *Tx) insertWorkplanChildren(ctx context.Context, w *devcoop.Workplan) error {
	for i, t := range w.Targets {
		if _, err := tx.exec(ctx, `INSERT INTO workplan_targets (workplan_id, seq, component, indicator_id, result, member_states) VALUES (?, ?, ?, ?, ?, ?)`,
			w.ID, i, t.Component, nullID(t.IndicatorID), t.Result, t.MemberStates); err != nil {
			return err
		}
		for j, m := range t.Milestones {
			if _, err := tx.exec(ctx, `INSERT INTO workplan_milestones (workplan_id, target_seq, seq, due, description, status) VALUES (?, ?, ?, ?, ?, ?)`,
				w.ID, i, j, m.Due, m.Description, m.Status); err != nil {
				return err
			}
		}
	}
	for i, r := range w.Requirements {
		if _, err := tx.exec(ctx, `INSERT INTO workplan_requirements (workplan_id, seq, component, amount, min_rbsa, max_rbsa, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			w.ID, i, r.Component, r.Amount, r.MinRBSA, r.MaxRBSA, r.Note); err != nil {
			return err
		}
	}
	for i, p := range w.Plans {
		if _, err := tx.exec(ctx, `INSERT INTO workplan_plans (workplan_id, seq, component, source, amount) VALUES (?, ?, ?, ?, ?)`,
			w.ID, i, p.Component, p.Source, p.Amount); err != nil {
			return err
		}
	}
	return nil
}

// Decisions lists the allocation decisions of a period (all when "").
func (c *conn) Decisions(ctx context.Context, period string) ([]devcoop.AllocationDecision, error) {
	rows, err := c.query(ctx, `SELECT d.id, d.period, d.pool, d.outcome_id, o.code, d.component, d.amount, d.reason, d.decided_by, d.decided_at
		FROM allocation_decisions d JOIN outcomes o ON o.id = d.outcome_id WHERE (? = '' OR d.period = ?) ORDER BY d.id`, period, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.AllocationDecision
	for rows.Next() {
		var d devcoop.AllocationDecision
		if err := rows.Scan(&d.ID, &d.Period, &d.Pool, &d.OutcomeID, &d.Outcome, &d.Component, &d.Amount, &d.Reason, &d.DecidedBy, &d.DecidedAt); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, d)
	}
	return out, c.wrap(rows.Err())
}

// CreateDecision records an allocation decision.
func (tx *Tx) CreateDecision(ctx context.Context, d *devcoop.AllocationDecision) error {
	tx.changed = true
	id, err := tx.insertID(ctx, `INSERT INTO allocation_decisions (period, pool, outcome_id, component, amount, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Period, d.Pool, d.OutcomeID, d.Component, d.Amount, d.Reason, d.DecidedBy, d.DecidedAt)
	d.ID = id
	return err
}

// DeleteDecision removes an allocation decision.
func (tx *Tx) DeleteDecision(ctx context.Context, id int64) error {
	tx.changed = true
	res, err := tx.exec(ctx, `DELETE FROM allocation_decisions WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return devcoop.NotFound("allocation decision", id)
	}
	return nil
}

// Scenarios lists the saved scenarios of a period.
func (c *conn) Scenarios(ctx context.Context, period string) ([]devcoop.Scenario, error) {
	rows, err := c.query(ctx, `SELECT id, body, created_by, created_at FROM scenarios WHERE (? = '' OR period = ?) ORDER BY id`, period, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Scenario
	for rows.Next() {
		s, err := scanScenario(rows)
		if err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, *s)
	}
	return out, c.wrap(rows.Err())
}

func scanScenario(sc interface{ Scan(...any) error }) (*devcoop.Scenario, error) {
	var id, by int64
	var body string
	var at time.Time
	if err := sc.Scan(&id, &body, &by, nullTime{&at}); err != nil {
		return nil, err
	}
	s := new(devcoop.Scenario)
	if err := json.Unmarshal([]byte(body), s); err != nil {
		return nil, err
	}
	s.ID, s.CreatedBy, s.CreatedAt = id, by, devcoop.DateOf(at)
	return s, nil
}

// Scenario returns one scenario.
func (c *conn) Scenario(ctx context.Context, id int64) (*devcoop.Scenario, error) {
	s, err := scanScenario(c.queryRow(ctx, `SELECT id, body, created_by, created_at FROM scenarios WHERE id = ?`, id))
	if err != nil {
		return nil, c.wrap(notFound(err, "scenario", id))
	}
	return s, nil
}

// CreateScenario saves a scenario.
func (tx *Tx) CreateScenario(ctx context.Context, s *devcoop.Scenario) error {
	tx.changed = true
	body, err := json.Marshal(s)
	if err != nil {
		return err
	}
	id, err := tx.insertID(ctx, `INSERT INTO scenarios (period, name, body, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		s.Period, s.Name, string(body), s.CreatedBy, tx.ts(devcoop.WriteTime(ctx)))
	s.ID = id
	return err
}

// DeleteScenario removes a scenario.
func (tx *Tx) DeleteScenario(ctx context.Context, id int64) error {
	tx.changed = true
	res, err := tx.exec(ctx, `DELETE FROM scenarios WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return devcoop.NotFound("scenario", id)
	}
	return nil
}

// Setting returns a setting's JSON value.
func (c *conn) Setting(ctx context.Context, key string) (string, error) {
	var v string
	if err := c.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return "", c.wrap(notFound(err, "setting", key))
	}
	return v, nil
}

// PutSetting stores a setting.
func (tx *Tx) PutSetting(ctx context.Context, key, value string) error {
	tx.changed = true
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
