package app

import (
	"context"

	"devcoop"
)

// NewUser is what it takes to add a user.
type NewUser struct {
	Email      string
	Name       string
	Password   string
	Roles      []devcoop.Role
	OfficeID   int64
	PartnerID  int64
	OutcomeIDs []int64
}

// AddUser creates a user. Only administrators (and the system) may.
func (a *App) AddUser(ctx context.Context, n NewUser) (*devcoop.User, error) {
	actor, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !devcoop.CanManageUsers(actor) {
		return nil, devcoop.ErrForbidden
	}
	u := &devcoop.User{Email: n.Email, Name: n.Name, Roles: n.Roles, OfficeID: n.OfficeID, PartnerID: n.PartnerID, OutcomeIDs: n.OutcomeIDs}
	var pr devcoop.Problems
	if err := u.Validate(); err != nil {
		pr.AddAll("", devcoop.ErrorFields(err))
	}
	if err := checkPassword(n.Password); err != nil {
		pr.AddAll("", devcoop.ErrorFields(err))
	}
	if err := pr.Err(); err != nil {
		return nil, devcoop.WithOp("user.add", err)
	}
	if u.PasswordHash, err = a.hasher.Hash(n.Password); err != nil {
		return nil, err
	}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			if devcoop.ErrorKind(err) == devcoop.KindConflict {
				return devcoop.Invalid("email", "%s already has an account", u.Email)
			}
			return err
		}
		return a.audit(ctx, tx, "create", "user", u.ID, nil, u)
	})
	if err != nil {
		return nil, devcoop.WithOp("user.add", err)
	}
	return u, nil
}

// Users lists every user (administrators only).
func (a *App) Users(ctx context.Context) ([]*devcoop.User, error) {
	actor, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !devcoop.CanManageUsers(actor) {
		return nil, devcoop.ErrForbidden
	}
	return a.store.Users(ctx)
}

// UserNames maps user IDs to display names, for showing who owns or did
// what (staff only).
func (a *App) UserNames(ctx context.Context) (map[int64]string, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	users, err := a.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, u := range users {
		out[u.ID] = u.Name
		if u.Name == "" {
			out[u.ID] = u.Email
		}
	}
	return out, nil
}
