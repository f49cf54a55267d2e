// Package sqlstore is the storage logic the SQLite and PostgreSQL adapters
// share: the statements they have in common, row mapping, filter building,
// transactions and migrations. Each engine package supplies its own
// migrations and a Dialect that hides its quirks (placeholders, time
// values, error codes); neither engine package imports the other.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"devcoop"
)

// Dialect is what differs between the engines.
type Dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Rebind turns the ? placeholders of a shared statement into the
	// engine's own.
	Rebind(query string) string
	// Time converts a timestamp into the value the engine stores.
	Time(t time.Time) any
	// Classify turns a driver error into a domain kind (conflict for unique
	// violations, invalid for foreign-key and check violations), or
	// KindOther when it is none of those.
	Classify(err error) devcoop.Kind
	// LockMigrations serialises migrations between processes, inside tx.
	LockMigrations(ctx context.Context, tx *sql.Tx) error
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs shared statements on a database or inside a transaction.
type conn struct {
	q querier
	d Dialect
	r *rebinder
}

type rebinder struct {
	d     Dialect
	mu    sync.RWMutex
	cache map[string]string
}

func (r *rebinder) rebind(q string) string {
	r.mu.RLock()
	s, ok := r.cache[q]
	r.mu.RUnlock()
	if ok {
		return s
	}
	s = r.d.Rebind(q)
	r.mu.Lock()
	r.cache[q] = s
	r.mu.Unlock()
	return s
}

func (c *conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := c.q.ExecContext(ctx, c.r.rebind(q), args...)
	return res, c.wrap(err)
}

func (c *conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := c.q.QueryContext(ctx, c.r.rebind(q), args...)
	return rows, c.wrap(err)
}

func (c *conn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.r.rebind(q), args...)
}

// insertID runs an INSERT … RETURNING id.
func (c *conn) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	if err := c.queryRow(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, c.wrap(err)
	}
	return id, nil
}

// wrap gives driver errors a domain kind.
func (c *conn) wrap(err error) error {
	if err == nil {
		return nil
	}
	var de *devcoop.Error
	if errors.As(err, &de) {
		return err
	}
	switch k := c.d.Classify(err); k {
	case devcoop.KindConflict:
		return &devcoop.Error{Kind: k, Message: "a record with that key already exists", Err: err}
	case devcoop.KindInvalid:
		return &devcoop.Error{Kind: k, Message: "a reference points to a record that does not exist", Err: err}
	}
	return devcoop.Wrap("", devcoop.KindInternal, err)
}

func (c *conn) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return c.d.Time(t)
}

// DB is a store on one database. It implements devcoop.Store.
type DB struct {
	conn
	db     *sql.DB
	logger *slog.Logger
	// OnClose runs after the pool is closed (the engines use it to drop
	// test schemas).
	OnClose func() error
}

var _ devcoop.Store = (*DB)(nil)

// New wraps an open pool.
func New(db *sql.DB, d Dialect, logger *slog.Logger) *DB {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	r := &rebinder{d: d, cache: map[string]string{}}
	return &DB{conn: conn{q: db, d: d, r: r}, db: db, logger: logger}
}

// SQL returns the underlying pool, for engine-specific work.
func (db *DB) SQL() *sql.DB { return db.db }

// Engine names the adapter.
func (db *DB) Engine() string { return db.d.Name() }

// Close closes the pool.
func (db *DB) Close() error {
	err := db.db.Close()
	if db.OnClose != nil {
		if e := db.OnClose(); err == nil {
			err = e
		}
	}
	return err
}

// Tx is a transaction. It implements devcoop.StoreTx.
type Tx struct {
	conn
	stx     *sql.Tx
	changed bool
	ext     *extBatch            // buffered rows of imported activities
	stmts   map[string]*sql.Stmt // statements this transaction runs many times
}

// prepared returns q prepared once for this transaction: bulk imports run
// the same few statements thousands of times, and parsing SQL each time
// would cost more than running it.
func (tx *Tx) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.stx.PrepareContext(ctx, tx.r.rebind(q))
	if err != nil {
		return nil, tx.wrap(err)
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

var _ devcoop.StoreTx = (*Tx)(nil)

// Update runs fn in a transaction, committing when it returns nil. A panic
// in fn rolls back and re-panics.
func (db *DB) Update(ctx context.Context, fn func(devcoop.StoreTx) error) (err error) {
	stx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return db.wrap(err)
	}
	tx := &Tx{conn: conn{q: stx, d: db.d, r: db.r}, stx: stx}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.flush(ctx); err != nil {
		return err
	}
	if tx.changed {
		if _, err = tx.exec(ctx, `UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'`); err != nil {
			return err
		}
	}
	if err = stx.Commit(); err != nil {
		return db.wrap(err)
	}
	return nil
}

// DataVersion returns the counter that every audited change increments.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var s string
	if err := db.queryRow(ctx, `SELECT value FROM meta WHERE key = 'data_version'`).Scan(&s); err != nil {
		return 0, db.wrap(err)
	}
	return strconv.ParseInt(s, 10, 64)
}

// Migrate applies, in order, every *.sql file in dir not yet recorded in
// schema_migrations, each in its own transaction.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, migrations fs.FS, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	r := &rebinder{d: d, cache: map[string]string{}}
	for _, name := range names {
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			return err
		}
		if err := migrateOne(ctx, db, d, r, name, string(body), logger); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func migrateOne(ctx context.Context, db *sql.DB, d Dialect, r *rebinder, name, body string, logger *slog.Logger) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.LockMigrations(ctx, tx); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, r.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, r.rebind(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	logger.Info("applied migration", "version", name)
	return tx.Commit()
}

// TimeFormat is how SQLite stores timestamps: fixed width, UTC, so that text
// order is time order.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// nullTime scans a timestamp stored as text or as a time.
type nullTime struct{ t *time.Time }

func (n nullTime) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.t = time.Time{}
	case time.Time:
		*n.t = v.UTC()
	case string:
		return n.parse(v)
	case []byte:
		return n.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a time", src)
	}
	return nil
}

func (n nullTime) parse(s string) error {
	if s == "" {
		*n.t = time.Time{}
		return nil
	}
	for _, f := range []string{TimeFormat, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02"} {
		if t, err := time.Parse(f, s); err == nil {
			*n.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot read %q as a time", s)
}

// nullInt scans a nullable integer into 0.
type nullInt struct{ p *int64 }

func (n nullInt) Scan(src any) error {
	var v sql.NullInt64
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.p = v.Int64
	return nil
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// notFound turns sql.ErrNoRows into a not-found error.
func notFound(err error, what string, id any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return devcoop.NotFound(what, id)
	}
	return err
}
