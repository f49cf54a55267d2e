package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"devcoop/app"
)

// cmdImportIATI imports IATI files and folders. It exits 0 when every file
// was read (activity errors and warnings may be reported) and 1 when any
// file was rejected.
func cmdImportIATI(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlagSet("import iati", stderr)
	db := dbFlag(fs, getenv)
	asJSON := fs.Bool("json", false, "print one JSON report")
	if err := fs.Parse(args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return exitError{code: 2, msg: "give one or more IATI files or folders"}
	}
	store, err := openStore(ctx, *db, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer store.Close()
	a := app.New(store, nil, app.DefaultOptions())
	reports, err := a.ImportIATIPaths(app.AsSystem(ctx), paths, nil)
	if err != nil {
		return err
	}
	rejected := 0
	for _, r := range reports {
		if r.Status == "rejected" {
			rejected++
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"files": reports, "rejected_files": rejected}); err != nil {
			return err
		}
	} else {
		for _, r := range reports {
			if r.Status == "rejected" {
				fmt.Fprintf(stdout, "%s: rejected: %s (line %d, column %d)\n", r.Path, r.Errors[0].Message, r.Errors[0].Line, r.Errors[0].Column)
				continue
			}
			fmt.Fprintf(stdout, "%s: %d activities (%d new, %d replaced, %d kept newer), %d rejected, %d warnings, %.1f MB in %.2fs\n",
				r.Path, r.Activities, r.Inserted, r.Replaced, r.KeptNewer, r.RejectedActivities, sum(r.WarningCounts), float64(r.Bytes)/1e6, r.Seconds)
			for _, e := range r.Errors {
				fmt.Fprintf(stdout, "  error %d:%d %s\n", e.Line, e.Column, e.Message)
			}
		}
	}
	if rejected > 0 {
		return exitError{code: 1}
	}
	return nil
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// cmdExportIATI writes the IATI activity file and, beside it, the
// organisation file.
func cmdExportIATI(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlagSet("export iati", stderr)
	db := dbFlag(fs, getenv)
	out := fs.String("out", "", "the activity file to write (required)")
	all := fs.Bool("all", false, "add every imported activity")
	orgOut := fs.String("org", "", "the organisation file to write (default: beside --out, ending -organisation.xml)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return exitError{code: 2, msg: "--out is required"}
	}
	if *orgOut == "" {
		*orgOut = strings.TrimSuffix(*out, filepath.Ext(*out)) + "-organisation.xml"
	}
	store, err := openStore(ctx, *db, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer store.Close()
	a := app.New(store, nil, app.DefaultOptions())
	ctx = app.AsSystem(ctx)
	var rep app.ExportReport
	if err := writeFile(*out, func(w io.Writer) error {
		var err error
		rep, err = a.ExportIATI(ctx, w, *all)
		return err
	}); err != nil {
		return err
	}
	if err := writeFile(*orgOut, func(w io.Writer) error { return a.ExportOrganisationIATI(ctx, w, *all) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s: %d of the organisation's activities and %d imported ones; and %s.\n", *out, rep.Own, rep.Imported, *orgOut)
	return nil
}

// writeFile writes through a temporary file renamed into place, so a
// failed export never leaves half a file.
func writeFile(path string, fn func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".devcoop-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := fn(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
