package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/app"
	"devcoop/dbtest"
	"devcoop/sqlstore"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func setup(t *testing.T, db *sqlstore.DB) (*app.App, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2015, 6, 30, 9, 0, 0, 0, time.UTC)}
	a := app.New(db, nil, app.Options{Now: c.now})
	_, err := a.AddUser(app.AsSystem(context.Background()), app.NewUser{Email: "rm@example.org", Password: "a long enough password", Roles: []devcoop.Role{devcoop.RoleRMOfficer}})
	if err != nil {
		t.Fatal(err)
	}
	return a, c
}

func TestSignInAndSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, c := setup(t, db)
		ctx := context.Background()
		tok, sess, err := a.SignIn(ctx, "RM@example.org ", "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		u, s2, err := a.SessionUser(ctx, tok)
		if err != nil || u.Email != "rm@example.org" || s2.CSRF != sess.CSRF {
			t.Fatalf("session user = %v %v", u, err)
		}
		if _, _, err := a.SessionUser(ctx, tok+"x"); devcoop.ErrorKind(err) != devcoop.KindUnauthorized {
			t.Errorf("forged session: %v", err)
		}
		// Used within the idle time, the session slides on.
		c.advance(11 * time.Hour)
		if _, _, err := a.SessionUser(ctx, tok); err != nil {
			t.Fatalf("after 11h of use: %v", err)
		}
		c.advance(11 * time.Hour)
		if _, _, err := a.SessionUser(ctx, tok); err != nil {
			t.Fatalf("sliding session ended: %v", err)
		}
		c.advance(13 * time.Hour)
		if _, _, err := a.SessionUser(ctx, tok); devcoop.ErrorKind(err) != devcoop.KindUnauthorized {
			t.Errorf("idle session still valid: %v", err)
		}
		tok2, _, _ := a.SignIn(ctx, "rm@example.org", "a long enough password")
		if err := a.SignOut(ctx, tok2); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SessionUser(ctx, tok2); devcoop.ErrorKind(err) != devcoop.KindUnauthorized {
			t.Errorf("signed-out session still valid: %v", err)
		}
	})
}

func TestSessionsAreSharedBetweenProcesses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, c := setup(t, db)
		// A second App on the same database stands for a second server
		// process: it knows nothing of the first but what is stored.
		b := app.New(db, nil, app.Options{Now: c.now})
		tok, _, err := a.SignIn(context.Background(), "rm@example.org", "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		if u, _, err := b.SessionUser(context.Background(), tok); err != nil || u.Email != "rm@example.org" {
			t.Errorf("second process: %v %v", u, err)
		}
	})
}

func TestFailedSignInsSlowDownThenLock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, c := setup(t, db)
		ctx := context.Background()
		wrong := func() error { _, _, err := a.SignIn(ctx, "rm@example.org", "wrong password!"); return err }
		for i := 0; i < 2; i++ {
			if err := wrong(); devcoop.ErrorKind(err) != devcoop.KindUnauthorized {
				t.Fatal(err)
			}
		}
		// The third failure starts the slow-down: the next attempt, even
		// with the right password, must wait.
		wrong()
		if _, _, err := a.SignIn(ctx, "rm@example.org", "a long enough password"); err == nil || !strings.Contains(err.Error(), "Wait") {
			t.Fatalf("attempt during back-off: %v", err)
		}
		c.advance(2 * time.Second)
		// Each further failure doubles the wait, until the lock.
		for i := 4; i <= 10; i++ {
			err := wrong()
			if i == 10 && !strings.Contains(err.Error(), "locked") {
				t.Fatalf("10th failure: %v", err)
			}
			c.advance(time.Duration(1<<(i-3))*time.Second + time.Second)
		}
		if _, _, err := a.SignIn(ctx, "rm@example.org", "a long enough password"); err == nil || !strings.Contains(err.Error(), "locked") {
			t.Fatalf("right password while locked: %v", err)
		}
		c.advance(16 * time.Minute)
		if _, _, err := a.SignIn(ctx, "rm@example.org", "a long enough password"); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		// Success resets the count.
		if err := wrong(); strings.Contains(err.Error(), "Wait") || strings.Contains(err.Error(), "locked") {
			t.Errorf("count not reset: %v", err)
		}
		ev, _ := db.Audit(ctx, devcoop.AuditFilter{Entity: "user"})
		locked := false
		for _, e := range ev {
			locked = locked || e.Action == "lock"
		}
		if !locked {
			t.Error("the lock was not audited")
		}
	})
}

func TestUnknownEmailAndDisabledAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, _ := setup(t, db)
		_, _, err := a.SignIn(context.Background(), "nobody@example.org", "whatever password")
		if devcoop.ErrorKind(err) != devcoop.KindUnauthorized || !strings.Contains(devcoop.ErrorMessage(err), "do not match") {
			t.Errorf("unknown email: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, _ := setup(t, db)
		ctx := app.AsSystem(context.Background())
		tok, err := a.CreateToken(ctx, "rm@example.org", "ci")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, app.TokenPrefix) || len(tok) < 40 {
			t.Errorf("token %q", tok)
		}
		u, err := a.TokenUser(context.Background(), tok)
		if err != nil || u.Email != "rm@example.org" {
			t.Errorf("token user = %v %v", u, err)
		}
		if _, err := a.TokenUser(context.Background(), app.TokenPrefix+"nope"); devcoop.ErrorKind(err) != devcoop.KindUnauthorized {
			t.Errorf("bad token: %v", err)
		}
		// A non-admin may not mint tokens for others.
		rm, _ := db.UserByEmail(context.Background(), "rm@example.org")
		if _, err := a.CreateToken(devcoop.NewContext(context.Background(), rm), "admin@example.org", "x"); err == nil {
			t.Error("minted a token for someone else")
		}
	})
}

func TestAddUserValidates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		a, _ := setup(t, db)
		ctx := app.AsSystem(context.Background())
		cases := map[string]app.NewUser{
			"email":     {Email: "not an email", Password: "long enough password", Roles: []devcoop.Role{devcoop.RoleViewer}},
			"password":  {Email: "a@b.org", Password: "short", Roles: []devcoop.Role{devcoop.RoleViewer}},
			"roles":     {Email: "a@b.org", Password: "long enough password", Roles: []devcoop.Role{"overlord"}},
			"office_id": {Email: "a@b.org", Password: "long enough password", Roles: []devcoop.Role{devcoop.RoleProgrammeOfficer}},
		}
		for field, n := range cases {
			_, err := a.AddUser(ctx, n)
			fs := devcoop.ErrorFields(err)
			if devcoop.ErrorKind(err) != devcoop.KindInvalid || len(fs) == 0 || fs[0].Field != field {
				t.Errorf("%s: %v", field, err)
			}
		}
		if _, err := a.AddUser(ctx, app.NewUser{Email: "rm@example.org", Password: "long enough password", Roles: []devcoop.Role{devcoop.RoleViewer}}); devcoop.ErrorKind(err) != devcoop.KindInvalid {
			t.Errorf("duplicate email: %v", err)
		}
		rm, _ := db.UserByEmail(context.Background(), "rm@example.org")
		if _, err := a.AddUser(devcoop.NewContext(context.Background(), rm), app.NewUser{Email: "x@y.org", Password: "long enough password", Roles: []devcoop.Role{devcoop.RoleAdmin}}); devcoop.ErrorKind(err) != devcoop.KindForbidden {
			t.Errorf("non-admin added a user: %v", err)
		}
	})
}
