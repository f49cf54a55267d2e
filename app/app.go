// Package app holds devcoop's services: the one place where access rules,
// validation and the audit trail are applied, on top of any storage engine.
// Handlers and commands call these services and never the store directly,
// so a handler that forgets a check cannot leak or change data.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"devcoop"
	"devcoop/money"
)

// Options configure the services.
type Options struct {
	SessionIdle    time.Duration // a session ends after this long unused
	FailuresToSlow int           // failed sign-ins before each attempt must wait
	FailuresToLock int           // failed sign-ins before the account locks
	LockFor        time.Duration // how long a locked account stays locked
	Now            func() time.Time
}

// DefaultOptions are the production settings.
func DefaultOptions() Options {
	return Options{SessionIdle: 12 * time.Hour, FailuresToSlow: 3, FailuresToLock: 10, LockFor: 15 * time.Minute, Now: time.Now}
}

// App is the set of services over one store.
type App struct {
	store  devcoop.Store
	log    *slog.Logger
	opt    Options
	hasher Hasher

	mu    sync.Mutex
	snap  *devcoop.Portfolio
	board jobBoard
	// funding caches what partners fund elsewhere: reading it parses
	// every imported activity they fund. It holds one data version.
	funding fundingCache
}

// New returns the services over store.
func New(store devcoop.Store, logger *slog.Logger, opt Options) *App {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	def := DefaultOptions()
	if opt.SessionIdle == 0 {
		opt.SessionIdle = def.SessionIdle
	}
	if opt.FailuresToSlow == 0 {
		opt.FailuresToSlow = def.FailuresToSlow
	}
	if opt.FailuresToLock == 0 {
		opt.FailuresToLock = def.FailuresToLock
	}
	if opt.LockFor == 0 {
		opt.LockFor = def.LockFor
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &App{store: store, log: logger, opt: opt, hasher: Argon2id()}
}

// Store returns the underlying store, for the health check and commands
// that manage the database itself.
func (a *App) Store() devcoop.Store { return a.store }

func (a *App) now() time.Time { return a.opt.Now().UTC() }

// Portfolio returns the snapshot of the whole portfolio as of the current
// data version, scoped to what the user in ctx may see. Snapshots are
// rebuilt only when the data version in the database moves, so several
// processes on one database stay consistent.
func (a *App) Portfolio(ctx context.Context) (*devcoop.Portfolio, error) {
	full, err := a.fullPortfolio(ctx)
	if err != nil {
		return nil, err
	}
	return full.Scoped(devcoop.UserFrom(ctx)), nil
}

func (a *App) fullPortfolio(ctx context.Context) (*devcoop.Portfolio, error) {
	v, err := a.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.snap != nil && a.snap.Version == v {
		return a.snap, nil
	}
	p, err := LoadPortfolio(ctx, a.store)
	if err != nil {
		return nil, err
	}
	p.Version = v
	a.snap = p
	return p, nil
}

// LoadPortfolio reads a whole snapshot from a store.
func LoadPortfolio(ctx context.Context, s devcoop.StoreReader) (*devcoop.Portfolio, error) {
	p := &devcoop.Portfolio{}
	var err error
	steps := []func() error{
		func() (e error) { p.Regions, e = s.Regions(ctx); return },
		func() (e error) { p.Countries, e = s.Countries(ctx); return },
		func() (e error) { p.Offices, e = s.Offices(ctx); return },
		func() (e error) { p.Objectives, e = s.Objectives(ctx); return },
		func() (e error) { p.Periods, e = s.Periods(ctx); return },
		func() (e error) { p.Outcomes, e = s.Outcomes(ctx, ""); return },
		func() (e error) { p.DWCPs, e = s.DWCPs(ctx); return },
		func() (e error) { p.CPOs, e = s.CPOs(ctx); return },
		func() (e error) { p.Partners, e = s.Partners(ctx, devcoop.PartnerFilter{}); return },
		func() (e error) {
			p.Projects, _, e = s.Projects(ctx, devcoop.ProjectFilter{}, devcoop.ProjectScope{All: true})
			return
		},
		func() (e error) { p.Agreements, e = s.Agreements(ctx, devcoop.AgreementFilter{}); return },
		func() (e error) { p.Transactions, e = s.Transactions(ctx, devcoop.TransactionFilter{}); return },
		func() (e error) { p.Workplans, e = s.Workplans(ctx, ""); return },
		func() (e error) { p.Decisions, e = s.Decisions(ctx, ""); return },
		func() (e error) { p.Opportunities, e = s.Opportunities(ctx, devcoop.OpportunityFilter{}); return },
		func() (e error) { p.PeriodTargets, e = s.PeriodTargets(ctx, ""); return },
		func() error {
			rs, e := s.Rates(ctx)
			p.Rates = money.NewRates(rs)
			return e
		},
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return nil, devcoop.WithOp("portfolio.load", err)
		}
	}
	p.Index()
	return p, nil
}

// audit writes an audit event for a change made by the user in ctx, with
// the values before and after as JSON.
func (a *App) audit(ctx context.Context, tx devcoop.StoreTx, action, entity string, id any, before, after any) error {
	u := devcoop.UserFrom(ctx)
	if u == nil {
		u = devcoop.System
	}
	ev := &devcoop.AuditEvent{At: a.now(), UserID: u.ID, Actor: u.Email, Action: action, Entity: entity, EntityID: fmt.Sprint(id)}
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		ev.Before = string(b)
	}
	if after != nil {
		b, err := json.Marshal(after)
		if err != nil {
			return err
		}
		ev.After = string(b)
	}
	return tx.AddAudit(ctx, ev)
}

// requireUser returns the signed-in user, or an unauthorized error.
func requireUser(ctx context.Context) (*devcoop.User, error) {
	u := devcoop.UserFrom(ctx)
	if u == nil {
		return nil, devcoop.ErrUnauthorized
	}
	return u, nil
}

// AsSystem returns ctx acting as devcoop itself, for commands run by an
// operator on the server (loading the demo, adding the first user).
func AsSystem(ctx context.Context) context.Context { return devcoop.NewContext(ctx, devcoop.System) }

// Audit lists audit events; only administrators and directors read the
// whole trail, others the events about one record they can see.
func (a *App) Audit(ctx context.Context, f devcoop.AuditFilter) ([]devcoop.AuditEvent, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if u.HasAny(devcoop.RoleAdmin, devcoop.RoleDirector) {
		return a.store.Audit(ctx, f)
	}
	// Others read the history of one record they may see: a project, or
	// for funding staff a partner, an agreement or an opportunity.
	var id int64
	if _, err := fmt.Sscan(f.EntityID, &id); err != nil || id <= 0 {
		return nil, devcoop.ErrForbidden
	}
	switch {
	case f.Entity == "project":
		_, err = a.Project(ctx, id)
	case devcoop.CanSeeFunding(u) && (f.Entity == "partner" || f.Entity == "agreement" || f.Entity == "opportunity"):
	default:
		err = devcoop.ErrForbidden
	}
	if err != nil {
		return nil, err
	}
	return a.store.Audit(ctx, f)
}
