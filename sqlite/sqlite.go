// Package sqlite is the embedded storage engine: a single file, no server,
// and a pure-Go driver so the binary stays static. It supplies its own
// migrations and dialect to the shared statements in sqlstore.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"devcoop"
	"devcoop/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens (creating if needed) the database file at path, migrates it,
// and returns the store. Foreign keys are on and the journal is WAL, so
// readers never wait for the writer.
func Open(ctx context.Context, path string, logger *slog.Logger) (*sqlstore.DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: no database path")
	}
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "cache_size(-32000)"} {
		q.Add("_pragma", p)
	}
	// Write transactions take the write lock at BEGIN, so two writers
	// queue on busy_timeout instead of failing when one upgrades.
	q.Set("_txlock", "immediate")
	dsn := "file:" + strings.TrimPrefix(path, "file:") + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	if err := sqlstore.Migrate(ctx, db, Dialect{}, sub, logger); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return sqlstore.New(db, Dialect{}, logger), nil
}

// Dialect is SQLite's side of the shared statements.
type Dialect struct{}

// Name returns "sqlite".
func (Dialect) Name() string { return "sqlite" }

// Rebind leaves ? placeholders as they are.
func (Dialect) Rebind(q string) string { return q }

// Time stores timestamps as fixed-width UTC text, which sorts as time.
func (Dialect) Time(t time.Time) any { return t.UTC().Format(sqlstore.TimeFormat) }

// Classify maps SQLite constraint errors to domain kinds.
func (Dialect) Classify(err error) devcoop.Kind {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return devcoop.KindOther
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return devcoop.KindConflict
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return devcoop.KindInvalid
	}
	return devcoop.KindOther
}

// LockMigrations needs nothing: the immediate transaction already holds
// the only write lock.
func (Dialect) LockMigrations(context.Context, *sql.Tx) error { return nil }
