package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"devcoop/app"
	"devcoop/dbtest"
	"devcoop/demo"
	"devcoop/web"
)

// demoEnvs holds one server over the full demo portfolio per engine,
// shared by the tests of this package: loading it takes a second or two.
var (
	demoMu   sync.Mutex
	demoEnvs = map[string]*env{}
)

// demoEnv returns the shared demo server for engine, with a token for every
// demo user, keyed by the part of the email before "@".
func demoEnv(t *testing.T, engine string) *env {
	t.Helper()
	demoMu.Lock()
	defer demoMu.Unlock()
	if e := demoEnvs[engine]; e != nil {
		e.t = t
		return e
	}
	store := dbtest.Open(&keepOpen{T: t}, engine)
	ctx := app.AsSystem(context.Background())
	if _, err := demo.Load(ctx, store, demo.Options{Password: "devcoop-demo", HashPassword: app.HashPassword}); err != nil {
		t.Fatal(err)
	}
	a := app.New(store, nil, app.DefaultOptions())
	s, err := web.New(a, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: httptest.NewServer(s.Handler()), app: a, store: store, tokens: map[string]string{}, ids: map[string]int64{}}
	for _, u := range demo.DemoUsers() {
		tok, err := a.CreateToken(ctx, u.Email, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[strings.Split(u.Email, "@")[0]] = tok
	}
	demoEnvs[engine] = e
	atExit = append(atExit, func() { e.srv.Close(); store.Close() })
	return e
}

// keepOpen lets a shared store outlive the test that opened it: the
// process ends when the package's tests do.
type keepOpen struct{ *testing.T }

func (k *keepOpen) Cleanup(func()) {}

func (k *keepOpen) TempDir() string { return tempDirForProcess() }

func eachDemo(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, demoEnv(t, engine)) })
	}
}
