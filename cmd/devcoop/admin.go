package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"devcoop"
	"devcoop/app"
	"devcoop/demo"
)

// demoPassword signs in every demo user. It is printed by `serve --demo`;
// a real deployment adds its own users instead.
const demoPassword = "devcoop-demo"

func cmdDemo(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	db := dbFlag(fs, getenv)
	seed := fs.Uint64("seed", 2014, "seed of the generator; the same seed gives the same portfolio")
	if err := parse(fs, args); err != nil {
		return err
	}
	logger := newLogger(stderr, slog.LevelWarn)
	store, err := openStore(ctx, *db, logger)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := demo.Load(app.AsSystem(ctx), store, demo.Options{Seed: *seed, Password: demoPassword, HashPassword: app.HashPassword})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Loaded the demo portfolio into %s: %s.\n", describeDB(*db), st)
	fmt.Fprintf(stdout, "Demo users (password %q): %s\n", demoPassword, demoUserList())
	return nil
}

func demoUserList() string {
	var names []string
	for _, u := range demo.DemoUsers() {
		names = append(names, u.Email)
	}
	return strings.Join(names, ", ")
}

// loadDemoIfEmpty loads the demo into an empty database and leaves a
// database with data alone.
func loadDemoIfEmpty(ctx context.Context, store devcoop.Store, logger *slog.Logger) (bool, error) {
	_, n, err := store.Projects(ctx, devcoop.ProjectFilter{Limit: 1}, devcoop.ProjectScope{All: true})
	if err != nil {
		return false, err
	}
	if n > 0 {
		logger.Info("database holds data; not loading the demo portfolio", "projects", n)
		return false, nil
	}
	if _, err := demo.Load(app.AsSystem(ctx), store, demo.Options{Password: demoPassword, HashPassword: app.HashPassword}); err != nil {
		return false, fmt.Errorf("load demo: %w", err)
	}
	return true, nil
}

func cmdUserAdd(ctx context.Context, args []string, getenv env, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("user add", stderr)
	db := dbFlag(fs, getenv)
	email := fs.String("email", "", "email address (required)")
	name := fs.String("name", "", "full name")
	roles := fs.String("role", "", "role, or several separated by commas: "+roleNames())
	office := fs.String("office", "", "office code (programme officers)")
	partner := fs.String("partner", "", "partner code (donor users)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *roles == "" {
		return exitError{code: 2, msg: "--email and --role are required"}
	}
	pw, err := readPassword(stdin)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *db, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer store.Close()
	a := app.New(store, nil, app.DefaultOptions())
	ctx = app.AsSystem(ctx)
	n := app.NewUser{Email: *email, Name: *name, Password: pw}
	for _, r := range strings.Split(*roles, ",") {
		n.Roles = append(n.Roles, devcoop.Role(strings.TrimSpace(r)))
	}
	if *office != "" || *partner != "" {
		pf, err := a.Portfolio(ctx)
		if err != nil {
			return err
		}
		for _, o := range pf.Offices {
			if strings.EqualFold(o.Code, *office) {
				n.OfficeID = o.ID
			}
		}
		if *office != "" && n.OfficeID == 0 {
			return exitError{code: 1, msg: fmt.Sprintf("no office with code %q", *office)}
		}
		for _, p := range pf.Partners {
			if strings.EqualFold(p.Code, *partner) {
				n.PartnerID = p.ID
			}
		}
		if *partner != "" && n.PartnerID == 0 {
			return exitError{code: 1, msg: fmt.Sprintf("no partner with code %q", *partner)}
		}
	}
	u, err := a.AddUser(ctx, n)
	if err != nil {
		return exitError{code: 1, msg: describeError(err)}
	}
	fmt.Fprintf(stdout, "Added %s (%s).\n", u.Email, *roles)
	return nil
}

// readPassword reads the first line of stdin.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", exitError{code: 2, msg: "give the password on stdin, e.g. `echo 'a long password' | devcoop user add …`"}
	}
	return pw, nil
}

func cmdTokenCreate(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlagSet("token create", stderr)
	db := dbFlag(fs, getenv)
	email := fs.String("email", "", "the user the token acts for (required)")
	name := fs.String("name", "cli", "a name to recognise the token by")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" {
		return exitError{code: 2, msg: "--email is required"}
	}
	store, err := openStore(ctx, *db, newLogger(stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	defer store.Close()
	a := app.New(store, nil, app.DefaultOptions())
	tok, err := a.CreateToken(app.AsSystem(ctx), *email, *name)
	if err != nil {
		return exitError{code: 1, msg: describeError(err)}
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

func roleNames() string {
	var s []string
	for _, r := range devcoop.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// describeError gives the user-facing message and the fields at fault.
func describeError(err error) string {
	msg := devcoop.ErrorMessage(err)
	for _, f := range devcoop.ErrorFields(err) {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Message)
	}
	return msg
}
