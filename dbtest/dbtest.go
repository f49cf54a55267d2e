// Package dbtest gives tests fresh, migrated databases on every engine:
// a temp-dir SQLite file always, and a fresh PostgreSQL schema whenever
// DEVCOOP_TEST_POSTGRES holds a connection URL (CI always sets it).
package dbtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"devcoop/postgres"
	"devcoop/sqlite"
	"devcoop/sqlstore"
)

// EnvPostgres names the variable holding the PostgreSQL URL for tests.
const EnvPostgres = "DEVCOOP_TEST_POSTGRES"

// Engines lists the engines this run tests.
func Engines() []string {
	if os.Getenv(EnvPostgres) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Open returns a fresh store on engine, closed when the test ends.
func Open(t testing.TB, engine string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	var db *sqlstore.DB
	var err error
	switch engine {
	case "sqlite":
		db, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"), nil)
	case "postgres":
		db, err = postgres.OpenFresh(ctx, os.Getenv(EnvPostgres), nil)
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close %s: %v", engine, err)
		}
	})
	return db
}

// Each runs fn once per engine, as a subtest named after it, with a fresh
// store.
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e, func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// DSN returns the URL a test should give `devcoop --db` for engine: a new
// SQLite file, or the PostgreSQL URL with a fresh schema.
func DSN(t testing.TB, engine string) string {
	t.Helper()
	if engine == "sqlite" {
		return filepath.Join(t.TempDir(), "devcoop.db")
	}
	return postgres.FreshSchemaURL(t, os.Getenv(EnvPostgres))
}
