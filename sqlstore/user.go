package sqlstore

import (
	"context"
	"sort"
	"strings"
	"time"

	"devcoop"
)

const userCols = `id, email, name, password_hash, office_id, partner_id, disabled, failed_logins, locked_until, last_login, created_at, version`

func scanUser(sc interface{ Scan(...any) error }, u *devcoop.User) error {
	return sc.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, nullInt{&u.OfficeID}, nullInt{&u.PartnerID}, &u.Disabled, &u.FailedLogins,
		nullTime{&u.LockedUntil}, nullTime{&u.LastLogin}, nullTime{&u.CreatedAt}, &u.Version)
}

func (c *conn) oneUser(ctx context.Context, cond string, key any) (*devcoop.User, error) {
	u := new(devcoop.User)
	if err := scanUser(c.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+cond, key), u); err != nil {
		return nil, c.wrap(notFound(err, "user", key))
	}
	if err := c.loadUserLinks(ctx, map[int64]*devcoop.User{u.ID: u}); err != nil {
		return nil, err
	}
	return u, nil
}

// User returns one user.
func (c *conn) User(ctx context.Context, id int64) (*devcoop.User, error) {
	return c.oneUser(ctx, `id = ?`, id)
}

// UserByEmail returns the user with an email address (compared in lower case).
func (c *conn) UserByEmail(ctx context.Context, email string) (*devcoop.User, error) {
	return c.oneUser(ctx, `email = ?`, strings.ToLower(strings.TrimSpace(email)))
}

// Users lists every user by email.
func (c *conn) Users(ctx context.Context) ([]*devcoop.User, error) {
	rows, err := c.query(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	var out []*devcoop.User
	byID := map[int64]*devcoop.User{}
	for rows.Next() {
		u := new(devcoop.User)
		if err := scanUser(rows, u); err != nil {
			rows.Close()
			return nil, c.wrap(err)
		}
		out = append(out, u)
		byID[u.ID] = u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, c.wrap(err)
	}
	return out, c.loadUserLinks(ctx, byID)
}

func (c *conn) loadUserLinks(ctx context.Context, byID map[int64]*devcoop.User) error {
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := c.query(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var r devcoop.Role
		if err := rows.Scan(&id, &r); err != nil {
			rows.Close()
			return c.wrap(err)
		}
		byID[id].Roles = append(byID[id].Roles, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c.wrap(err)
	}
	rows, err = c.query(ctx, `SELECT user_id, outcome_id FROM user_outcomes WHERE user_id IN (`+placeholders(len(ids))+`) ORDER BY outcome_id`, idArgs(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, oc int64
		if err := rows.Scan(&id, &oc); err != nil {
			return c.wrap(err)
		}
		byID[id].OutcomeIDs = append(byID[id].OutcomeIDs, oc)
	}
	for _, u := range byID {
		sort.Slice(u.Roles, func(i, j int) bool { return u.Roles[i] < u.Roles[j] })
	}
	return c.wrap(rows.Err())
}

// CreateUser inserts a user with roles and outcomes, at version 1.
func (tx *Tx) CreateUser(ctx context.Context, u *devcoop.User) error {
	tx.changed = true
	u.Version = 1
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	id, err := tx.insertID(ctx, `INSERT INTO users (email, name, password_hash, office_id, partner_id, disabled, failed_logins, created_at, version) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1)`,
		u.Email, u.Name, u.PasswordHash, nullID(u.OfficeID), nullID(u.PartnerID), u.Disabled, tx.ts(u.CreatedAt))
	if err != nil {
		return err
	}
	u.ID = id
	return tx.insertUserLinks(ctx, u)
}

// UpdateUser saves u (including its password hash) if nobody changed it
// since u.Version was read.
func (tx *Tx) UpdateUser(ctx context.Context, u *devcoop.User) error {
	tx.changed = true
	res, err := tx.exec(ctx, `UPDATE users SET email = ?, name = ?, password_hash = ?, office_id = ?, partner_id = ?, disabled = ?, version = version + 1
		WHERE id = ? AND version = ?`, u.Email, u.Name, u.PasswordHash, nullID(u.OfficeID), nullID(u.PartnerID), u.Disabled, u.ID, u.Version)
	if err := tx.checkVersion(ctx, res, err, "users", "user", u.ID); err != nil {
		return err
	}
	u.Version++
	for _, t := range []string{"user_roles", "user_outcomes"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
	}
	return tx.insertUserLinks(ctx, u)
}

func (tx *Tx) insertUserLinks(ctx context.Context, u *devcoop.User) error {
	for _, r := range u.Roles {
		if _, err := tx.exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, u.ID, r); err != nil {
			return err
		}
	}
	for _, o := range u.OutcomeIDs {
		if _, err := tx.exec(ctx, `INSERT INTO user_outcomes (user_id, outcome_id) VALUES (?, ?)`, u.ID, o); err != nil {
			return err
		}
	}
	return nil
}

// RecordLogin stores sign-in bookkeeping.
func (tx *Tx) RecordLogin(ctx context.Context, userID int64, failed int, lockedUntil, lastLogin time.Time) error {
	_, err := tx.exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = ?, last_login = COALESCE(?, last_login) WHERE id = ?`,
		failed, tx.ts(lockedUntil), tx.ts(lastLogin), userID)
	return err
}

// Session returns a session by the hash of its token.
func (c *conn) Session(ctx context.Context, id string) (*devcoop.Session, error) {
	s := new(devcoop.Session)
	err := c.queryRow(ctx, `SELECT id, user_id, csrf, created_at, expires_at, seen_at FROM sessions WHERE id = ?`, id).
		Scan(&s.ID, &s.UserID, &s.CSRF, nullTime{&s.CreatedAt}, nullTime{&s.ExpiresAt}, nullTime{&s.SeenAt})
	if err != nil {
		return nil, c.wrap(notFound(err, "session", "(hidden)"))
	}
	return s, nil
}

// CreateSession stores a session.
func (tx *Tx) CreateSession(ctx context.Context, s *devcoop.Session) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.CSRF, tx.ts(s.CreatedAt), tx.ts(s.ExpiresAt), tx.ts(s.SeenAt))
	return err
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return err
}

// DeleteUserSessions ends every session of a user.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// TouchSession records use of a session and moves its expiry.
func (db *DB) TouchSession(ctx context.Context, id string, seen, expires time.Time) error {
	_, err := db.exec(ctx, `UPDATE sessions SET seen_at = ?, expires_at = ? WHERE id = ?`, db.ts(seen), db.ts(expires), id)
	return err
}

// TokenByHash finds an API token.
func (c *conn) TokenByHash(ctx context.Context, hash string) (*devcoop.APIToken, error) {
	t := new(devcoop.APIToken)
	err := c.queryRow(ctx, `SELECT id, user_id, name, hash, prefix, created_at, last_used, revoked FROM api_tokens WHERE hash = ?`, hash).
		Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, nullTime{&t.CreatedAt}, nullTime{&t.LastUsed}, &t.Revoked)
	if err != nil {
		return nil, c.wrap(notFound(err, "token", "(hidden)"))
	}
	return t, nil
}

// Tokens lists a user's tokens.
func (c *conn) Tokens(ctx context.Context, userID int64) ([]devcoop.APIToken, error) {
	rows, err := c.query(ctx, `SELECT id, user_id, name, hash, prefix, created_at, last_used, revoked FROM api_tokens WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.APIToken
	for rows.Next() {
		var t devcoop.APIToken
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, nullTime{&t.CreatedAt}, nullTime{&t.LastUsed}, &t.Revoked); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, t)
	}
	return out, c.wrap(rows.Err())
}

// CreateToken stores an API token.
func (tx *Tx) CreateToken(ctx context.Context, t *devcoop.APIToken) error {
	id, err := tx.insertID(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created_at, revoked) VALUES (?, ?, ?, ?, ?, FALSE)`,
		t.UserID, t.Name, t.Hash, t.Prefix, tx.ts(t.CreatedAt))
	t.ID = id
	return err
}

// RevokeToken revokes one of a user's tokens.
func (tx *Tx) RevokeToken(ctx context.Context, userID, id int64) error {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked = TRUE WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return devcoop.NotFound("token", id)
	}
	return nil
}

// TouchToken records use of a token.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	_, err := db.exec(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, db.ts(at), id)
	return err
}

// Audit lists audit events, newest first.
func (c *conn) Audit(ctx context.Context, f devcoop.AuditFilter) ([]devcoop.AuditEvent, error) {
	var w where
	if f.Entity != "" {
		w.add(`entity = ?`, f.Entity)
	}
	if f.EntityID != "" {
		w.add(`entity_id = ?`, f.EntityID)
	}
	if f.UserID != 0 {
		w.add(`user_id = ?`, f.UserID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := c.query(ctx, `SELECT id, at, user_id, actor, action, entity, entity_id, before, after FROM audit_events`+w.sql()+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(w.args, limit, f.Offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.AuditEvent
	for rows.Next() {
		var e devcoop.AuditEvent
		if err := rows.Scan(&e.ID, nullTime{&e.At}, &e.UserID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, e)
	}
	return out, c.wrap(rows.Err())
}

// AddAudit records an event in this transaction and marks the data as
// changed.
func (tx *Tx) AddAudit(ctx context.Context, e *devcoop.AuditEvent) error {
	tx.changed = true
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	id, err := tx.insertID(ctx, `INSERT INTO audit_events (at, user_id, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.ts(e.At), e.UserID, e.Actor, e.Action, e.Entity, e.EntityID, e.Before, e.After)
	e.ID = id
	return err
}
