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
		t("external_links", "activity_id", "kind", "ref", "type"),
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
	args := make([]any, 0, len(bt.rows)*len(bt.cols))
	for _, r := range bt.rows {
		args = append(args, r...)
	}
	q := multiInsert(bt, len(bt.rows))
	var err error
	if len(bt.rows) == batchRows {
		// Full batches are the common case: prepare that statement once.
		var st *sql.Stmt
		if st, err = tx.prepared(ctx, q); err == nil {
			_, err = st.ExecContext(ctx, args...)
			err = tx.wrap(err)
		}
	} else {
		_, err = tx.exec(ctx, q, args...)
	}
	bt.rows = bt.rows[:0]
	return err
}

func multiInsert(bt *batchTable, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + bt.name + " (" + strings.Join(bt.cols, ", ") + ") VALUES ")
	one := "(" + placeholders(len(bt.cols)) + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
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
	sel, err := tx.prepared(ctx, `SELECT id, last_updated FROM external_activities WHERE reporting_org = ? AND identifier = ?`)
	if err != nil {
		return 0, err
	}
	err = sel.QueryRowContext(ctx, a.ReportingOrg, a.Identifier).Scan(&id, nullTime{&last})
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
	ins, err := tx.prepared(ctx, `INSERT INTO external_activities (reporting_org, identifier, reporting_name, reporting_type, own, project_id, secondary, title, description,
		status, default_currency, hierarchy, last_updated, start_date, end_date, file_id, imported_at, problems, xml)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return 0, err
	}
	var newID int64
	err = ins.QueryRowContext(ctx, a.ReportingOrg, a.Identifier, a.ReportingName, a.ReportingType, a.Own, nullID(a.ProjectID), a.Secondary, a.Title, a.Description,
		a.Status, a.DefaultCurrency, a.Hierarchy, tx.ts(a.LastUpdated), nullDate(a.Start), nullDate(a.End), nullID(a.FileID), tx.ts(a.ImportedAt), problems, a.XML).Scan(&newID)
	if err != nil {
		return 0, tx.wrap(err)
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
	// Money stays in the XML; only the identifiers that trace funds between
	// publishers are indexed.
	seen := map[[2]string]bool{}
	link := func(kind, ref, typ string) error {
		if ref == "" || seen[[2]string{kind, ref}] {
			return nil
		}
		seen[[2]string{kind, ref}] = true
		return tx.batchAdd(ctx, 2, newID, kind, ref, typ)
	}
	for _, r := range a.Related {
		if err := link("related", r.Ref, r.Type); err != nil {
			return 0, err
		}
	}
	for _, list := range [][]devcoop.ExternalMoney{a.Transactions, a.Budgets} {
		for _, m := range list {
			if err := link("provider", m.ProviderActivityID, m.Kind); err != nil {
				return 0, err
			}
			if err := link("receiver", m.ReceiverActivityID, m.Kind); err != nil {
				return 0, err
			}
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
	w := externalWhere(f)
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
	return out, total, c.loadExternalChildren(ctx, out)
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
	return a, c.loadExternalChildren(ctx, []*devcoop.ExternalActivity{a})
}

func (c *conn) loadExternalChildren(ctx context.Context, as []*devcoop.ExternalActivity) error {
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
	rows, err = c.query(ctx, `SELECT activity_id, ref, type FROM external_links`+in+` AND kind = 'related'`, idArgs(ids)...)
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

// ExternalXML streams the XML of every imported activity matching f (its
// limit and offset aside), for the services to read in full.
func (c *conn) ExternalXML(ctx context.Context, f devcoop.ExternalFilter, fn func(id int64, xml []byte) error) error {
	w := externalWhere(f)
	rows, err := c.query(ctx, `SELECT a.id, a.xml FROM external_activities a`+w.sql()+` ORDER BY a.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
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

func externalWhere(f devcoop.ExternalFilter) where {
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
	return w
}

// ExternalFunderCountries counts, per funding organisation ref and
// recipient country, the imported activities it funds.
func (c *conn) ExternalFunderCountries(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := c.query(ctx, `SELECT o.ref, s.code, COUNT(DISTINCT o.activity_id) FROM external_orgs o
		JOIN external_splits s ON s.activity_id = o.activity_id AND s.kind = 'country'
		WHERE o.role = '1' AND o.ref <> '' GROUP BY o.ref, s.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var ref, country string
		var n int
		if err := rows.Scan(&ref, &country, &n); err != nil {
			return nil, c.wrap(err)
		}
		if out[ref] == nil {
			out[ref] = map[string]int{}
		}
		out[ref][country] = n
	}
	return out, c.wrap(rows.Err())
}
