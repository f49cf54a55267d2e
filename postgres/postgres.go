// Package postgres is the server storage engine, for deployments where
// several devcoop processes share one database. It supplies its own
// migrations and dialect to the shared statements in sqlstore.
package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"devcoop"
	"devcoop/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open connects to the database at url, migrates it and returns the store.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", Redact(dsn), err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	if err := sqlstore.Migrate(ctx, db, Dialect{}, sub, logger); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return sqlstore.New(db, Dialect{}, logger), nil
}

// OpenFresh creates a new schema with a random name in the database at dsn,
// opens a store confined to it, and drops the schema on Close. Tests use it
// for a fresh database each.
func OpenFresh(ctx context.Context, dsn string, logger *slog.Logger) (*sqlstore.DB, error) {
	confined, drop, err := newSchema(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db, err := Open(ctx, confined, logger)
	if err != nil {
		_ = drop()
		return nil, err
	}
	db.OnClose = drop
	return db, nil
}

// newSchema creates an empty schema with a random name and returns dsn
// confined to it, and a function that drops it.
func newSchema(ctx context.Context, dsn string) (string, func() error, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("postgres: %w", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("postgres: create schema: %w", err)
	}
	drop := func() error {
		defer admin.Close()
		_, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		return err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// Redact hides the password in a connection URL, for logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Dialect is PostgreSQL's side of the shared statements.
type Dialect struct{}

// Name returns "postgres".
func (Dialect) Name() string { return "postgres" }

// Rebind numbers the ? placeholders $1, $2, … The shared statements hold no
// ? inside string literals.
func (Dialect) Rebind(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Time passes timestamps as they are; the columns are TIMESTAMPTZ.
func (Dialect) Time(t time.Time) any { return t.UTC() }

// Classify maps PostgreSQL SQLSTATEs to domain kinds.
func (Dialect) Classify(err error) devcoop.Kind {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return devcoop.KindOther
	}
	switch pe.Code {
	case "23505":
		return devcoop.KindConflict
	case "23503", "23514", "23502", "22P02":
		return devcoop.KindInvalid
	case "40001":
		return devcoop.KindConflict
	}
	return devcoop.KindOther
}

// LockMigrations takes a transaction-scoped advisory lock so that two
// processes starting together migrate one after the other.
func (Dialect) LockMigrations(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7321401)`)
	return err
}

// FreshSchemaURL creates an empty schema and returns dsn confined to it; the
// schema is dropped when the test ends. It is for tests that start devcoop
// as a separate process.
func FreshSchemaURL(t interface {
	Helper()
	Fatalf(string, ...any)
	Cleanup(func())
}, dsn string) string {
	t.Helper()
	confined, drop, err := newSchema(context.Background(), dsn)
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { _ = drop() })
	return confined
}
