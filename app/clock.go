package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"devcoop"
)

// Today is the business date: the portfolio date when one is set, and the
// real (UTC) date otherwise. Session and audit times always use the real
// clock; only the decisions that depend on "today" use this.
func (a *App) Today(ctx context.Context) devcoop.Date {
	if d, _ := a.PortfolioDate(ctx); !d.IsZero() {
		return d
	}
	return devcoop.DateOf(a.now())
}

// Now is the business time: the portfolio date at the real time of day
// when a date is fixed, and the real time otherwise. Workflow events,
// comments and notifications are stamped with it and service levels count
// to it, so a fixed-date portfolio's histories stay in order.
func (a *App) Now(ctx context.Context) time.Time {
	now := a.now()
	if d, _ := a.PortfolioDate(ctx); !d.IsZero() {
		y, m, day := d.Date()
		return time.Date(y, m, day, now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), time.UTC)
	}
	return now
}

// PortfolioDate returns the fixed business date, zero when there is none.
func (a *App) PortfolioDate(ctx context.Context) (devcoop.Date, error) {
	v, err := a.store.Setting(ctx, devcoop.SettingPortfolioDate)
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		return devcoop.Date{}, nil
	}
	if err != nil {
		return devcoop.Date{}, err
	}
	var d devcoop.Date
	if err := json.Unmarshal([]byte(v), &d); err != nil {
		return devcoop.Date{}, fmt.Errorf("stored portfolio date: %w", err)
	}
	return d, nil
}

// SetPortfolioDate fixes the business date, or returns to the real date
// when d is zero (administrators only).
func (a *App) SetPortfolioDate(ctx context.Context, d devcoop.Date) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !devcoop.CanManageUsers(u) {
		return devcoop.ErrForbidden
	}
	before, err := a.PortfolioDate(ctx)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(d)
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.PutSetting(ctx, devcoop.SettingPortfolioDate, string(body)); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "setting", devcoop.SettingPortfolioDate, before, d)
	})
}
