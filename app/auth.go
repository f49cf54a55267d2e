package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"devcoop"
)

// Hasher hashes and checks passwords.
type Hasher interface {
	Hash(password string) (string, error)
	Check(hash, password string) bool
}

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes), encoded
// in the PHC string format so parameters can be raised later without
// breaking stored hashes.
type argon2idHasher struct {
	memory  uint32
	time    uint32
	threads uint8
}

// Argon2id returns the password hasher devcoop uses.
func Argon2id() Hasher { return argon2idHasher{memory: 19 * 1024, time: 2, threads: 1} }

// HashPassword hashes a password with the default hasher; the demo loader
// and the CLI use it.
func HashPassword(pw string) (string, error) { return Argon2id().Hash(pw) }

func (h argon2idHasher) Hash(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, h.time, h.memory, h.threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.memory, h.time, h.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

func (h argon2idHasher) Check(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the email is unknown, so a sign-in for
// a missing account takes as long as one for a real account.
var dummyHash, _ = Argon2id().Hash("devcoop: no such user")

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

func checkPassword(pw string) error {
	if len([]rune(pw)) < MinPasswordLength {
		return devcoop.Invalid("password", "must be at least %d characters", MinPasswordLength)
	}
	if len(pw) > 1024 {
		return devcoop.Invalid("password", "is longer than 1024 bytes")
	}
	return nil
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how session and API tokens are stored: a leaked database
// does not give working tokens.
func hashToken(tok string) string {
	s := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(s[:])
}

// SignIn checks an email and password and starts a session. It returns the
// session token for the cookie. Failed attempts slow down (each must wait
// longer after FailuresToSlow failures) and then lock the account for
// LockFor after FailuresToLock failures.
func (a *App) SignIn(ctx context.Context, email, password string) (token string, s *devcoop.Session, err error) {
	now := a.now()
	u, err := a.store.UserByEmail(ctx, email)
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		a.hasher.Check(dummyHash, password)
		return "", nil, devcoop.Errorf(devcoop.KindUnauthorized, "That email and password do not match an account.")
	}
	if err != nil {
		return "", nil, err
	}
	if u.Disabled {
		a.hasher.Check(dummyHash, password)
		return "", nil, devcoop.Errorf(devcoop.KindUnauthorized, "That email and password do not match an account.")
	}
	if now.Before(u.LockedUntil) {
		wait := u.LockedUntil.Sub(now).Round(time.Second)
		if u.FailedLogins >= a.opt.FailuresToLock {
			return "", nil, devcoop.Errorf(devcoop.KindUnauthorized, "This account is locked after %d failed sign-ins. Try again in %s, or ask an administrator.", u.FailedLogins, wait)
		}
		return "", nil, devcoop.Errorf(devcoop.KindUnauthorized, "Too many failed sign-ins. Wait %s before trying again.", wait)
	}
	if !a.hasher.Check(u.PasswordHash, password) {
		failed := u.FailedLogins + 1
		var until time.Time
		switch {
		case failed >= a.opt.FailuresToLock:
			until = now.Add(a.opt.LockFor)
		case failed >= a.opt.FailuresToSlow:
			until = now.Add(time.Duration(1<<(failed-a.opt.FailuresToSlow)) * time.Second)
		}
		err := a.store.Update(ctx, func(tx devcoop.StoreTx) error {
			if err := tx.RecordLogin(ctx, u.ID, failed, until, time.Time{}); err != nil {
				return err
			}
			if failed == a.opt.FailuresToLock {
				return a.audit(devcoop.NewContext(ctx, u), tx, "lock", "user", u.ID, nil, map[string]any{"failed_logins": failed, "locked_until": until})
			}
			return nil
		})
		if err != nil {
			return "", nil, err
		}
		if failed >= a.opt.FailuresToLock {
			return "", nil, devcoop.Errorf(devcoop.KindUnauthorized, "That password is wrong. The account is now locked for %s.", a.opt.LockFor)
		}
		return "", nil, devcoop.Errorf(devcoop.KindUnauthorized, "That email and password do not match an account.")
	}
	token = randomToken(32)
	s = &devcoop.Session{ID: hashToken(token), UserID: u.ID, CSRF: randomToken(24), CreatedAt: now, ExpiresAt: now.Add(a.opt.SessionIdle), SeenAt: now}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.RecordLogin(ctx, u.ID, 0, time.Time{}, now); err != nil {
			return err
		}
		return tx.CreateSession(ctx, s)
	})
	if err != nil {
		return "", nil, err
	}
	return token, s, nil
}

// SessionUser returns the user and session of a session token, extending
// the session. An unknown or expired token is unauthorized.
func (a *App) SessionUser(ctx context.Context, token string) (*devcoop.User, *devcoop.Session, error) {
	if token == "" {
		return nil, nil, devcoop.ErrUnauthorized
	}
	s, err := a.store.Session(ctx, hashToken(token))
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		return nil, nil, devcoop.ErrUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	now := a.now()
	if !now.Before(s.ExpiresAt) {
		_ = a.store.Update(ctx, func(tx devcoop.StoreTx) error { return tx.DeleteSession(ctx, s.ID) })
		return nil, nil, devcoop.Errorf(devcoop.KindUnauthorized, "Your session has ended. Please sign in again.")
	}
	u, err := a.store.User(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, devcoop.ErrUnauthorized
	}
	// Extending on every request would write on every page view; once a
	// minute is enough for a sliding idle timeout.
	if now.Sub(s.SeenAt) > time.Minute {
		if err := a.store.TouchSession(ctx, s.ID, now, now.Add(a.opt.SessionIdle)); err != nil {
			a.log.Warn("touch session", "err", err)
		}
	}
	return u, s, nil
}

// SignOut ends a session.
func (a *App) SignOut(ctx context.Context, token string) error {
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error { return tx.DeleteSession(ctx, hashToken(token)) })
}

// TokenPrefix starts every API token, so leaked tokens are recognisable.
const TokenPrefix = "dcp_"

// CreateToken makes an API token for the user with email (administrators,
// or the user for themselves). It returns the token, shown once.
func (a *App) CreateToken(ctx context.Context, email, name string) (string, error) {
	actor, err := requireUser(ctx)
	if err != nil {
		return "", err
	}
	u, err := a.store.UserByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	if actor.ID != u.ID && !devcoop.CanManageUsers(actor) {
		return "", devcoop.ErrForbidden
	}
	tok := TokenPrefix + randomToken(32)
	t := &devcoop.APIToken{UserID: u.ID, Name: name, Hash: hashToken(tok), Prefix: tok[:len(TokenPrefix)+6], CreatedAt: a.now()}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateToken(ctx, t); err != nil {
			return err
		}
		return a.audit(ctx, tx, "create", "api_token", t.ID, nil, map[string]any{"user": u.Email, "name": name, "prefix": t.Prefix})
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// MyTokens lists the signed-in user's API tokens, revoked ones included.
func (a *App) MyTokens(ctx context.Context) ([]devcoop.APIToken, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	return a.store.Tokens(ctx, u.ID)
}

// RevokeMyToken revokes one of the signed-in user's API tokens; another
// user's token is not found.
func (a *App) RevokeMyToken(ctx context.Context, id int64) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.RevokeToken(ctx, u.ID, id); err != nil {
			return err
		}
		return a.audit(ctx, tx, "revoke", "api_token", id, nil, nil)
	})
}

// TokenUser returns the user an API token acts for.
func (a *App) TokenUser(ctx context.Context, token string) (*devcoop.User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, devcoop.Errorf(devcoop.KindUnauthorized, "That API token is not valid.")
	}
	t, err := a.store.TokenByHash(ctx, hashToken(token))
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		return nil, devcoop.Errorf(devcoop.KindUnauthorized, "That API token is not valid.")
	}
	if err != nil {
		return nil, err
	}
	if t.Revoked {
		return nil, devcoop.Errorf(devcoop.KindUnauthorized, "That API token has been revoked.")
	}
	u, err := a.store.User(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, devcoop.ErrUnauthorized
	}
	now := a.now()
	if now.Sub(t.LastUsed) > time.Minute {
		if err := a.store.TouchToken(ctx, t.ID, now); err != nil {
			a.log.Warn("touch token", "err", err)
		}
	}
	return u, nil
}

// CSRFMatches compares a submitted CSRF token with the session's in
// constant time.
func CSRFMatches(s *devcoop.Session, submitted string) bool {
	return s != nil && submitted != "" && subtle.ConstantTimeCompare([]byte(s.CSRF), []byte(submitted)) == 1
}
