package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"devcoop/app"
	"devcoop/demo"
	"devcoop/web"
)

func cmdServe(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	db := dbFlag(fs, getenv)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fs.Bool("demo", false, "load the demo portfolio if the database is empty")
	secure := fs.Bool("secure-cookies", getenv("DEVCOOP_SECURE_COOKIES") == "1", "mark cookies Secure (when served over HTTPS)")
	if err := parse(fs, args); err != nil {
		return err
	}
	logger := newLogger(stderr, slog.LevelInfo)
	store, err := openStore(ctx, *db, logger)
	if err != nil {
		return err
	}
	defer store.Close()
	a := app.New(store, logger, app.DefaultOptions())
	srv, err := web.New(a, logger)
	if err != nil {
		return err
	}
	srv.Secure = *secure
	var ready atomic.Bool
	srv.SetReady(ready.Load)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	if *withDemo {
		loaded, err := loadDemoIfEmpty(ctx, store, logger)
		if err != nil {
			hs.Close()
			return err
		}
		if loaded {
			logger.Info("demo portfolio loaded")
		}
	}
	// Import jobs run in the background on every server process; they are
	// claimed in the database, so two processes never run the same one.
	go a.RunJobs(ctx, 2*time.Second)
	ready.Store(true)
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "devcoop is serving %s on %s\n", describeDB(*db), url)
	if *withDemo {
		fmt.Fprintf(stdout, "Sign in as %s with the password %q (other demo users: %s).\n", demo.DemoUsers()[0].Email, demoPassword, demoUserList())
	} else {
		fmt.Fprintln(stdout, "Sign in with a user added by `devcoop user add`.")
	}

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
