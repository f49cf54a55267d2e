package postgres_test

import (
	"os"
	"testing"

	"devcoop"
	"devcoop/dbtest"
	"devcoop/postgres"
	"devcoop/storetest"
)

func TestConformance(t *testing.T) {
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skip("set " + dbtest.EnvPostgres + " to a PostgreSQL URL to run the conformance suite on PostgreSQL")
	}
	storetest.Run(t, func(t *testing.T) devcoop.Store { return dbtest.Open(t, "postgres") })
}

func TestRebind(t *testing.T) {
	got := postgres.Dialect{}.Rebind(`SELECT a FROM t WHERE b = ? AND c IN (?, ?)`)
	if want := `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`; got != want {
		t.Errorf("Rebind = %s", got)
	}
}

func TestRedact(t *testing.T) {
	if got := postgres.Redact("postgres://u:secret@h:5432/db"); got != "postgres://u:xxxxx@h:5432/db" {
		t.Errorf("Redact = %s", got)
	}
}
