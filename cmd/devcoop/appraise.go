package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"devcoop"
	"devcoop/app"
	"devcoop/appraisal"
)

// cmdAppraise screens one proposal file and prints the findings as JSON.
// It exits 0 whatever it found, and 1 when the file cannot be read as a
// proposal. With --db, the screen knows the database's CPOs, outcomes,
// exchange rates and overdue reports; without it, the checks that need
// those facts are skipped.
func cmdAppraise(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("devcoop appraise", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("json", "", "the proposal, as the JSON the API takes (required)")
	db := fs.String("db", "", "optional: a devcoop database whose reference data the screen uses")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *file == "" {
		return exitError{code: 2, msg: "--json FILE is required"}
	}
	f, err := os.Open(*file)
	if err != nil {
		return exitError{code: 1, msg: err.Error()}
	}
	defer f.Close()
	p, err := devcoop.DecodeProposal(f)
	if err != nil {
		return exitError{code: 1, msg: fmt.Sprintf("%s is not a proposal: %s", *file, describeError(err))}
	}
	var findings []appraisal.Finding
	if *db != "" {
		store, err := openStore(ctx, *db, newLogger(stderr, slog.LevelWarn))
		if err != nil {
			return err
		}
		defer store.Close()
		a := app.New(store, nil, app.DefaultOptions())
		if findings, err = a.ScreenProposal(app.AsSystem(ctx), p); err != nil {
			return err
		}
	} else {
		findings = appraisal.Screen(p, appraisal.DefaultRuleSet(), appraisal.Facts{})
	}
	if findings == nil {
		findings = []appraisal.Finding{}
	}
	out := map[string]any{"file": *file, "findings": findings}
	counts := map[appraisal.Severity]int{}
	for _, x := range findings {
		counts[x.Severity]++
	}
	for _, s := range appraisal.Severities {
		out[string(s)] = counts[s]
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
