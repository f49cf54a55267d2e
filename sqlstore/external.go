package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"devcoop"
	"devcoop/money"
)

// Imported activities arrive by the thousand, each with a score of child
// rows, so their children are written in multi-row INSERTs, flushed when a
// buffer fills and before the transaction commits.

type batchTable struct {
	name string
	cols []string
	rows [][]any
}

const batchRows = 400

type extBatch struct {
	tables  []*batchTable
	pending map[int64]bool // activities whose children are still buffered
}

func newExtBatch() *extBatch {
	t := func(name string, cols ...string) *batchTable { return &batchTable{name: name, cols: cols} }
	return &extBatch{pending: map[int64]bool{}, tables: []*batchTable{
		t("external_splits", "activity_id", "kind", "vocabulary", "code", "percentage"),
		t("external_orgs", "activity_id", "role", "ref", "type", "name", "activity_ref"),
		t("external_money", "activity_id", "kind", "type", "status", "date", "period_start", "period_end", "value", "currency", "value_date",
			"provider_ref", "provider_activity_id", "receiver_ref", "receiver_activity_id"),
		t("external_related", "activity_id", "ref", "type"),
	}}
}

func (tx *Tx) batchAdd(ctx context.Context, i int, row ...any) error {
	if tx.ext == nil {
		tx.ext = newExtBatch()
	}
	bt := tx.ext.tables[i]
	bt.rows = append(bt.rows, row)
	if len(bt.rows) >= batchRows {
		return tx.flushTable(ctx, bt)
	}
	return nil
}

func (tx *Tx) flushTable(ctx context.Context, bt *batchTable) error {
	if len(bt.rows) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + bt.name + " (" + strings.Join(bt.cols, ", ") + ") VALUES ")
	one := "(" + placeholders(len(bt.cols)) + ")"
	args := make([]any, 0, len(bt.rows)*len(bt.cols))
	for i, r := range bt.rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
		args = append(args, r...)
	}
	_, err := tx.exec(ctx, b.String(), args...)
	bt.rows = bt.rows[:0]
	return err
}

// flush writes every buffered row.
func (tx *Tx) flush(ctx context.Context) error {
	if tx.ext == nil {
		return nil
	}
	for _, bt := range tx.ext.tables {
		if err := tx.flushTable(ctx, bt); err != nil {
			return err
		}
	}
	clear(tx.ext.pending)
	return nil
}

func nullDate(d devcoop.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func nullDec(d *money.Decimal) any {
	if d == nil {
		return nil
	}
	return *d
}

// PutExternalActivity stores an imported activity, keyed by (reporting org,
// identifier). A stored activity with the same key is replaced whole, unless
// it is newer (a later last-updated date) than the one offered, which is
// then kept out. It reports which happened.
func (tx *Tx) PutExternalActivity(ctx context.Context, a *devcoop.ExternalActivity) (devcoop.PutResult, error) {
	tx.changed = true
	var id int64
	var last time.Time
	err := tx.queryRow(ctx, `SELECT id, last_updated FROM external_activities WHERE reporting_org = ? AND identifier = ?`, a.ReportingOrg, a.Identifier).
		Scan(&id, nullTime{&last})
	result := devcoop.PutInserted
	switch {
	case err == nil:
		if !last.IsZero() && !a.LastUpdated.IsZero() && last.After(a.LastUpdated) {
			a.ID = id
			return devcoop.PutKeptNewer, nil
		}
		if tx.ext != nil && tx.ext.pending[id] {
			if err := tx.flush(ctx); err != nil {
				return 0, err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM external_activities WHERE id = ?`, id); err != nil {
			return 0, err
		}
		result = devcoop.PutReplaced
	case errors.Is(err, sql.ErrNoRows):
	default:
		return 0, tx.wrap(err)
	}
	problems := ""
	if len(a.Problems) > 0 {
		b, _ := json.Marshal(a.Problems)
		problems = string(b)
	}
	newID, err := tx.insertID(ctx, `INSERT INTO external_activities (reporting_org, identifier, reporting_name, reporting_type, own, project_id, secondary, title, description,
		status, default_currency, hierarchy, last_updated, start_date, end_date, file_id, imported_at, problems, xml)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ReportingOrg, a.Identifier, a.ReportingName, a.ReportingType, a.Own, nullID(a.ProjectID), a.Secondary, a.Title, a.Description,
		a.Status, a.DefaultCurrency, a.Hierarchy, tx.ts(a.LastUpdated), nullDate(a.Start), nullDate(a.End), nullID(a.FileID), tx.ts(a.ImportedAt), problems, a.XML)
	if err != nil {
		return 0, err
	}
	a.ID = newID
	if tx.ext == nil {
		tx.ext = newExtBatch()
	}
	tx.ext.pending[newID] = true
	for kind, splits := range map[string][]devcoop.ExternalSplit{"country": a.Countries, "region": a.Regions, "sector": a.Sectors} {
		for _, s := range splits {
			if err := tx.batchAdd(ctx, 0, newID, kind, s.Vocabulary, s.Code, nullDec(s.Percentage)); err != nil {
				return 0, err
			}
		}
	}
	for _, o := range a.Participants {
		if err := tx.batchAdd(ctx, 1, newID, o.Role, o.Ref, o.Type, o.Name, o.ActivityID); err != nil {
			return 0, err
		}
	}
	for _, list := range [][]devcoop.ExternalMoney{a.Transactions, a.Budgets} {
		for _, m := range list {
			if err := tx.batchAdd(ctx, 2, newID, m.Kind, m.Type, m.Status, nullDate(m.Date), nullDate(m.PeriodStart), nullDate(m.PeriodEnd), m.Value, m.Currency,
				nullDate(m.ValueDate), m.ProviderRef, m.ProviderActivityID, m.ReceiverRef, m.ReceiverActivityID); err != nil {
				return 0, err
			}
		}
	}
	for _, r := range a.Related {
		if err := tx.batchAdd(ctx, 3, newID, r.Ref, r.Type); err != nil {
			return 0, err
		}
	}
	return result, nil
}

// CreateImportFile records a file being imported.
func (tx *Tx) CreateImportFile(ctx context.Context, f *devcoop.ImportFile) error {
	id, err := tx.insertID(ctx, `INSERT INTO iati_files (name, sha256, size, status, report, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
		f.Name, f.SHA256, f.Size, f.Status, f.Report, tx.ts(f.ImportedAt))
	f.ID = id
	return err
}

// FinishImportFile stores a file's outcome and report.
func (tx *Tx) FinishImportFile(ctx context.Context, f *devcoop.ImportFile) error {
	_, err := tx.exec(ctx, `UPDATE iati_files SET status = ?, report = ? WHERE id = ?`, f.Status, f.Report, f.ID)
	return err
}

// ImportFiles lists the files imported, newest first.
func (c *conn) ImportFiles(ctx context.Context, limit int) ([]devcoop.ImportFile, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := c.query(ctx, `SELECT id, name, sha256, size, status, imported_at FROM iati_files ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.ImportFile
	for rows.Next() {
		var f devcoop.ImportFile
		if err := rows.Scan(&f.ID, &f.Name, &f.SHA256, &f.Size, &f.Status, nullTime{&f.ImportedAt}); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, f)
	}
	return out, c.wrap(rows.Err())
}

const externalCols = `a.id, a.reporting_org, a.identifier, a.reporting_name, a.reporting_type, a.own, a.project_id, a.secondary, a.title, a.description, a.status,
	a.default_currency, a.hierarchy, a.last_updated, a.start_date, a.end_date, a.file_id, a.imported_at, a.problems`

func scanExternal(sc interface{ Scan(...any) error }, a *devcoop.ExternalActivity) error {
	var problems string
	if err := sc.Scan(&a.ID, &a.ReportingOrg, &a.Identifier, &a.ReportingName, &a.ReportingType, &a.Own, nullInt{&a.ProjectID}, &a.Secondary, &a.Title, &a.Description,
		&a.Status, &a.DefaultCurrency, &a.Hierarchy, nullTime{&a.LastUpdated}, &a.Start, &a.End, nullInt{&a.FileID}, nullTime{&a.ImportedAt}, &problems); err != nil {
		return err
	}
	if problems != "" {
		return json.Unmarshal([]byte(problems), &a.Problems)
	}
	return nil
}

// ExternalActivities lists imported activities matching f, with their
// countries, sectors and participating organisations, and the number of
// matches.
func (c *conn) ExternalActivities(ctx context.Context, f devcoop.ExternalFilter) ([]*devcoop.ExternalActivity, int, error) {
	var w where
	if f.Publisher != "" {
		w.add(`a.reporting_org = ?`, f.Publisher)
	}
	if f.Country != "" {
		w.add(`EXISTS (SELECT 1 FROM external_splits s WHERE s.activity_id = a.id AND s.kind = 'country' AND s.code = ?)`, strings.ToUpper(f.Country))
	}
	if f.Sector != "" {
		w.add(`EXISTS (SELECT 1 FROM external_splits s WHERE s.activity_id = a.id AND s.kind = 'sector' AND s.code = ?)`, f.Sector)
	}
	if f.Partner != "" {
		w.add(`EXISTS (SELECT 1 FROM external_orgs o WHERE o.activity_id = a.id AND o.ref = ?)`, f.Partner)
	}
	if f.Funder != "" {
		w.add(`EXISTS (SELECT 1 FROM external_orgs o WHERE o.activity_id = a.id AND o.ref = ? AND o.role = '1')`, f.Funder)
	}
	if f.Own != nil {
		w.add(`a.own = ?`, *f.Own)
	}
	for _, word := range strings.Fields(strings.ToLower(f.Query)) {
		like := "%" + word + "%"
		w.add(`(LOWER(a.title) LIKE ? OR LOWER(a.identifier) LIKE ? OR LOWER(a.reporting_name) LIKE ?)`, like, like, like)
	}
	var total int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM external_activities a`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, c.wrap(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := c.query(ctx, `SELECT `+externalCols+` FROM external_activities a`+w.sql()+` ORDER BY a.reporting_org, a.identifier LIMIT ? OFFSET ?`,
		append(w.args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	var out []*devcoop.ExternalActivity
	for rows.Next() {
		a := new(devcoop.ExternalActivity)
		if err := scanExternal(rows, a); err != nil {
			rows.Close()
			return nil, 0, c.wrap(err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, c.wrap(err)
	}
	return out, total, c.loadExternalChildren(ctx, out, false)
}

// ExternalActivity returns one imported activity with everything, XML
// included.
func (c *conn) ExternalActivity(ctx context.Context, id int64) (*devcoop.ExternalActivity, error) {
	a := new(devcoop.ExternalActivity)
	if err := scanExternal(c.queryRow(ctx, `SELECT `+externalCols+` FROM external_activities a WHERE a.id = ?`, id), a); err != nil {
		return nil, c.wrap(notFound(err, "IATI activity", id))
	}
	if err := c.queryRow(ctx, `SELECT xml FROM external_activities WHERE id = ?`, id).Scan(&a.XML); err != nil {
		return nil, c.wrap(err)
	}
	return a, c.loadExternalChildren(ctx, []*devcoop.ExternalActivity{a}, true)
}

func (c *conn) loadExternalChildren(ctx context.Context, as []*devcoop.ExternalActivity, withMoney bool) error {
	if len(as) == 0 {
		return nil
	}
	byID := map[int64]*devcoop.ExternalActivity{}
	ids := make([]int64, len(as))
	for i, a := range as {
		byID[a.ID] = a
		ids[i] = a.ID
	}
	in := ` WHERE activity_id IN (` + placeholders(len(ids)) + `)`
	rows, err := c.query(ctx, `SELECT activity_id, kind, vocabulary, code, percentage FROM external_splits`+in, idArgs(ids)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var kind string
		var s devcoop.ExternalSplit
		var pct *string
		if err := rows.Scan(&id, &kind, &s.Vocabulary, &s.Code, &pct); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		if pct != nil {
			d, err := money.Parse(*pct)
			if err == nil {
				s.Percentage = &d
			}
		}
		a := byID[id]
		switch kind {
		case "country":
			a.Countries = append(a.Countries, s)
		case "region":
			a.Regions = append(a.Regions, s)
		default:
			a.Sectors = append(a.Sectors, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT activity_id, role, ref, type, name, activity_ref FROM external_orgs`+in, idArgs(ids)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var o devcoop.ExternalOrg
		if err := rows.Scan(&id, &o.Role, &o.Ref, &o.Type, &o.Name, &o.ActivityID); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		byID[id].Participants = append(byID[id].Participants, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	if !withMoney {
		return nil
	}
	rows, err = c.query(ctx, `SELECT activity_id, kind, type, status, date, period_start, period_end, value, currency, value_date, provider_ref, provider_activity_id,
		receiver_ref, receiver_activity_id FROM external_money`+in, idArgs(ids)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var m devcoop.ExternalMoney
		if err := rows.Scan(&id, &m.Kind, &m.Type, &m.Status, &m.Date, &m.PeriodStart, &m.PeriodEnd, &m.Value, &m.Currency, &m.ValueDate,
			&m.ProviderRef, &m.ProviderActivityID, &m.ReceiverRef, &m.ReceiverActivityID); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		a := byID[id]
		if m.Kind == "transaction" {
			a.Transactions = append(a.Transactions, m)
		} else {
			a.Budgets = append(a.Budgets, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT activity_id, ref, type FROM external_related`+in, idArgs(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r devcoop.ExternalRelated
		if err := rows.Scan(&id, &r.Ref, &r.Type); err != nil {
			return c.wrap(err)
		}
		byID[id].Related = append(byID[id].Related, r)
	}
	return c.wrap(rows.Err())
}

// EachExternalXML calls fn with the canonical XML of every imported
// activity, in key order, streaming, saying whether its import found
// required elements missing; own selects the organisation's own
// (true), others' (false) or all (nil).
func (c *conn) EachExternalXML(ctx context.Context, own *bool, fn func(identifier string, xml []byte, incomplete bool) error) error {
	var w where
	if own != nil {
		w.add(`own = ?`, *own)
	}
	rows, err := c.query(ctx, `SELECT identifier, xml, CASE WHEN problems LIKE '%missing-element%' THEN 1 ELSE 0 END FROM external_activities`+w.sql()+` ORDER BY reporting_org, identifier`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var x []byte
		var incomplete int
		if err := rows.Scan(&id, &x, &incomplete); err != nil {
			return c.wrap(err)
		}
		if err := fn(id, x, incomplete == 1); err != nil {
			return err
		}
	}
	return c.wrap(rows.Err())
}

// ExternalFunding sums, per recipient country, DAC sector and currency,
// what the given funders finance in imported data. Amounts are summed in
// Go: SQLite would sum decimal text as floats.
func (c *conn) ExternalFunding(ctx context.Context, funders []string) ([]devcoop.ExternalFunding, error) {
	if len(funders) == 0 {
		return nil, nil
	}
	args := make([]any, len(funders))
	for i, f := range funders {
		args[i] = f
	}
	rows, err := c.query(ctx, `SELECT a.id, COALESCE(sc.code, ''), COALESCE(ss.code, ''), m.kind, m.type, m.value, m.currency
		FROM external_activities a
		JOIN external_money m ON m.activity_id = a.id
		LEFT JOIN external_splits sc ON sc.activity_id = a.id AND sc.kind = 'country'
		LEFT JOIN external_splits ss ON ss.activity_id = a.id AND ss.kind = 'sector' AND ss.vocabulary IN ('', '1')
		WHERE EXISTS (SELECT 1 FROM external_orgs o WHERE o.activity_id = a.id AND o.role = '1' AND o.ref IN (`+placeholders(len(funders))+`))`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct{ country, sector, currency string }
	acc := map[key]*devcoop.ExternalFunding{}
	seen := map[key]map[int64]bool{}
	var order []key
	for rows.Next() {
		var id int64
		var country, sector, kind, typ, currency string
		var v money.Decimal
		if err := rows.Scan(&id, &country, &sector, &kind, &typ, &v, &currency); err != nil {
			return nil, c.wrap(err)
		}
		k := key{country, sector, currency}
		f := acc[k]
		if f == nil {
			f = &devcoop.ExternalFunding{Country: country, Sector: sector, Currency: currency}
			acc[k] = f
			seen[k] = map[int64]bool{}
			order = append(order, k)
		}
		if !seen[k][id] {
			seen[k][id] = true
			f.Activities++
		}
		switch {
		case kind == "budget" || (kind == "transaction" && (typ == "2" || typ == "11")):
			f.Committed = f.Committed.Add(v)
		case kind == "transaction" && (typ == "3" || typ == "4"):
			f.Spent = f.Spent.Add(v)
		}
	}
	out := make([]devcoop.ExternalFunding, len(order))
	for i, k := range order {
		out[i] = *acc[k]
	}
	return out, c.wrap(rows.Err())
}

// PutExternalOrganisation stores an imported organisation record,
// replacing one with the same key.
func (tx *Tx) PutExternalOrganisation(ctx context.Context, reportingOrg, identifier, name string, fileID int64, at time.Time, xml []byte) error {
	tx.changed = true
	if _, err := tx.exec(ctx, `DELETE FROM external_organisations WHERE reporting_org = ? AND identifier = ?`, reportingOrg, identifier); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO external_organisations (reporting_org, identifier, name, file_id, imported_at, xml) VALUES (?, ?, ?, ?, ?, ?)`,
		reportingOrg, identifier, name, nullID(fileID), tx.ts(at), xml)
	return err
}

// EachExternalOrganisationXML streams imported organisation records.
func (c *conn) EachExternalOrganisationXML(ctx context.Context, fn func(identifier string, xml []byte) error) error {
	rows, err := c.query(ctx, `SELECT identifier, xml FROM external_organisations ORDER BY reporting_org, identifier`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var x []byte
		if err := rows.Scan(&id, &x); err != nil {
			return c.wrap(err)
		}
		if err := fn(id, x); err != nil {
			return err
		}
	}
	return c.wrap(rows.Err())
}
