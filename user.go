package devcoop

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user does in the organisation. A user may hold several.
type Role string

// The roles of DOMAIN.md, plus a read-only staff viewer.
const (
	RoleAdmin              Role = "admin"
	RoleProgrammeOfficer   Role = "programme_officer"
	RoleAppraiser          Role = "appraiser"
	RoleOutcomeCoordinator Role = "outcome_coordinator"
	RoleRMOfficer          Role = "rm_officer"
	RoleFinanceOfficer     Role = "finance_officer"
	RoleEvaluationManager  Role = "evaluation_manager"
	RoleDirector           Role = "director"
	RoleViewer             Role = "viewer"
	RoleDonor              Role = "donor"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleProgrammeOfficer, RoleAppraiser, RoleOutcomeCoordinator, RoleRMOfficer, RoleFinanceOfficer, RoleEvaluationManager, RoleDirector, RoleViewer, RoleDonor}

// Label is the role's name for people.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrator"
	case RoleProgrammeOfficer:
		return "Programme officer"
	case RoleAppraiser:
		return "Appraiser"
	case RoleOutcomeCoordinator:
		return "Outcome coordinator"
	case RoleRMOfficer:
		return "Resource mobilization officer"
	case RoleFinanceOfficer:
		return "Finance officer"
	case RoleEvaluationManager:
		return "Evaluation manager"
	case RoleDirector:
		return "Director"
	case RoleViewer:
		return "Viewer"
	case RoleDonor:
		return "Donor"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is a person who signs in.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Roles        []Role    `json:"roles"`
	OfficeID     int64     `json:"office_id,omitempty"`   // the office a programme officer works for
	OutcomeIDs   []int64   `json:"outcome_ids,omitempty"` // the outcomes a coordinator owns
	PartnerID    int64     `json:"partner_id,omitempty"`  // the partner a donor user belongs to
	Disabled     bool      `json:"disabled"`
	PasswordHash string    `json:"-"`
	FailedLogins int       `json:"-"`
	LockedUntil  time.Time `json:"-"`
	LastLogin    time.Time `json:"last_login,omitzero"`
	CreatedAt    time.Time `json:"created_at"`
	Version      int       `json:"version"`
}

// Has reports whether the user holds role r.
func (u *User) Has(r Role) bool { return u != nil && slices.Contains(u.Roles, r) }

// HasAny reports whether the user holds one of the roles.
func (u *User) HasAny(rs ...Role) bool {
	for _, r := range rs {
		if u.Has(r) {
			return true
		}
	}
	return false
}

// IsStaff reports whether the user works for the organisation (any role but
// donor).
func (u *User) IsStaff() bool {
	if u == nil {
		return false
	}
	for _, r := range u.Roles {
		if r != RoleDonor {
			return true
		}
	}
	return false
}

// Validate checks a user's fields.
func (u *User) Validate() error {
	var pr Problems
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		pr.Add("email", "%q is not an email address", u.Email)
	}
	if len(u.Roles) == 0 {
		pr.Add("roles", "at least one role is required")
	}
	for i, r := range u.Roles {
		if !r.Valid() {
			pr.Add("roles", "role %d, %q, is not a role", i, r)
		}
	}
	if u.Has(RoleProgrammeOfficer) && u.OfficeID == 0 {
		pr.Add("office_id", "a programme officer belongs to an office")
	}
	if u.Has(RoleDonor) && u.PartnerID == 0 {
		pr.Add("partner_id", "a donor user belongs to a partner")
	}
	if u.Has(RoleDonor) && u.IsStaff() {
		pr.Add("roles", "a donor user cannot also hold a staff role")
	}
	return pr.Err()
}

type ctxKey int

const userKey ctxKey = 0

// NewContext returns a context carrying the signed-in user.
func NewContext(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFrom returns the signed-in user, or nil for the public.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// System is the user that acts for devcoop itself: the demo loader and
// command-line tools run as it. It is never stored and cannot sign in.
var System = &User{ID: 0, Email: "system@devcoop", Name: "devcoop", Roles: []Role{RoleAdmin}}

// Session is a signed-in browser session. Only a hash of its token is stored.
type Session struct {
	ID        string // hash of the cookie token
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
	SeenAt    time.Time
}

// APIToken lets a program call the JSON API as a user. Only a hash is stored.
type APIToken struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Hash      string    `json:"-"`
	Prefix    string    `json:"prefix"` // the first characters, to recognise it
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	Revoked   bool      `json:"revoked"`
}

// AuditEvent records one change: who, when, what, and the values before and
// after, as JSON.
type AuditEvent struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	UserID   int64     `json:"user_id"`
	Actor    string    `json:"actor"`  // email at the time
	Action   string    `json:"action"` // create, update, delete, sign-in …
	Entity   string    `json:"entity"` // project, partner …
	EntityID string    `json:"entity_id"`
	Before   string    `json:"before,omitempty"`
	After    string    `json:"after,omitempty"`
}

// AuditFilter selects audit events.
type AuditFilter struct {
	Entity   string
	EntityID string
	UserID   int64
	Limit    int
	Offset   int
}
