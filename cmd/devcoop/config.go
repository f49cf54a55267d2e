package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"devcoop"
	"devcoop/postgres"
	"devcoop/sqlite"
)

// dbFlag registers --db with its default from DEVCOOP_DB.
func dbFlag(fs *flag.FlagSet, getenv env) *string {
	def := getenv("DEVCOOP_DB")
	if def == "" {
		def = "devcoop.db"
	}
	return fs.String("db", def, "SQLite file path, or postgres:// URL")
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openStore opens the engine the --db value names.
func openStore(ctx context.Context, dsn string, logger *slog.Logger) (devcoop.Store, error) {
	if isPostgres(dsn) {
		return postgres.Open(ctx, dsn, logger)
	}
	return sqlite.Open(ctx, dsn, logger)
}

// describeDB says which database is used, with secrets masked.
func describeDB(dsn string) string {
	if isPostgres(dsn) {
		return "PostgreSQL " + postgres.Redact(dsn)
	}
	return "SQLite " + dsn
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("devcoop "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
