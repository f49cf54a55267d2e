// Command devcoop runs the development cooperation portfolio system: its
// web server and JSON API, the demo portfolio loader, and the
// administrative commands. Configuration is read here and nowhere else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			if ex.msg != "" {
				fmt.Fprintln(os.Stderr, "devcoop:", ex.msg)
			}
			os.Exit(ex.code)
		}
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "devcoop:", err)
		}
		os.Exit(2)
	}
}

// exitError ends the program with a given status.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

const usage = `devcoop runs an organisation's development cooperation portfolio.

Usage:
  devcoop serve  --db PATH|URL [--addr HOST:PORT] [--demo]   serve the web interface and the API
  devcoop demo   --db PATH|URL [--seed N]                    load the demo portfolio into an empty database
  devcoop user add   --db PATH|URL --email E --role ROLE     add a user; the password is read from stdin
  devcoop token create --db PATH|URL --email E [--name N]    create an API token; prints it alone on stdout
  devcoop import iati --db PATH|URL [--json] PATH...       import IATI files and folders (exit 1 if a file is rejected)
  devcoop export iati --db PATH|URL --out FILE [--all]     write the IATI activity file (and the organisation file)
  devcoop appraise --json FILE [--db PATH|URL]             screen a proposal (the API's JSON) and print the findings
  devcoop version

--db is a SQLite file path (the default, devcoop.db) or a postgres:// URL.
The environment variable DEVCOOP_DB sets the default for --db.
`

type env func(string) string

func run(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError{code: 2}
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		if len(args) > 1 && args[1] == "add" {
			return cmdUserAdd(ctx, args[2:], getenv, stdin, stdout, stderr)
		}
	case "import":
		if len(args) > 1 && args[1] == "iati" {
			return cmdImportIATI(ctx, args[2:], getenv, stdout, stderr)
		}
	case "export":
		if len(args) > 1 && args[1] == "iati" {
			return cmdExportIATI(ctx, args[2:], getenv, stdout, stderr)
		}
	case "appraise":
		return cmdAppraise(ctx, args[1:], getenv, stdout, stderr)
	case "token":
		if len(args) > 1 && args[1] == "create" {
			return cmdTokenCreate(ctx, args[2:], getenv, stdout, stderr)
		}
	case "version":
		fmt.Fprintln(stdout, "devcoop", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return exitError{code: 2, msg: fmt.Sprintf("unknown command %q", args[0])}
}

var version = "dev"
