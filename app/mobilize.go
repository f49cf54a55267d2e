package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"devcoop"
	"devcoop/mobilize"
	"devcoop/money"
)

func requireFundingReader(ctx context.Context) (*devcoop.User, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !devcoop.CanSeeFunding(u) {
		return nil, devcoop.ErrForbidden
	}
	return u, nil
}

func requireFundingManager(ctx context.Context) (*devcoop.User, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !devcoop.CanManageFunding(u) {
		return nil, devcoop.Errorf(devcoop.KindForbidden, "Only resource mobilization officers and administrators may do that.")
	}
	return u, nil
}

func (a *App) period(pf *devcoop.Portfolio, code string) (*devcoop.Period, error) {
	if code == "" {
		if p := pf.CurrentPeriod(); p != nil {
			return p, nil
		}
	}
	p := pf.Period(code)
	if p == nil {
		return nil, devcoop.Invalid("period", "%q is not a programme period", code)
	}
	return p, nil
}

// Progress returns where a period's voluntary contributions stand, as of a
// date (the period's end, or today if earlier, when zero).
func (a *App) Progress(ctx context.Context, period string, asOf devcoop.Date) (*mobilize.Progress, error) {
	if _, err := requireFundingReader(ctx); err != nil {
		return nil, err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return nil, err
	}
	per, err := a.period(pf, period)
	if err != nil {
		return nil, err
	}
	return mobilize.ComputeProgress(pf, per, asOf), nil
}

// Diversification compares a period's funding base with the previous one.
func (a *App) Diversification(ctx context.Context, period string, asOf devcoop.Date) (mobilize.Comparison, error) {
	if _, err := requireFundingReader(ctx); err != nil {
		return mobilize.Comparison{}, err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return mobilize.Comparison{}, err
	}
	per, err := a.period(pf, period)
	if err != nil {
		return mobilize.Comparison{}, err
	}
	return mobilize.Diversify(pf, per, asOf), nil
}

// Calendar lists the reports owed to donors: all of them for funding
// staff, an office's for a programme officer, its own for a donor.
func (a *App) Calendar(ctx context.Context, on devcoop.Date, pending bool) ([]mobilize.Due, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	pf, err := a.Portfolio(ctx)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = a.Today(ctx)
	}
	all := mobilize.Calendar(pf, on, pending)
	if devcoop.CanSeeFunding(u) {
		return all, nil
	}
	var out []mobilize.Due
	for _, d := range all {
		switch {
		case u.Has(devcoop.RoleDonor) && d.Agreement.PartnerID == u.PartnerID,
			u.Has(devcoop.RoleProgrammeOfficer) && d.Office != nil && d.Office.ID == u.OfficeID:
			out = append(out, d)
		}
	}
	return out, nil
}

// Agreements lists agreements: all for funding staff, its own for a donor.
func (a *App) Agreements(ctx context.Context, f devcoop.AgreementFilter) ([]*devcoop.Agreement, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case devcoop.CanSeeFunding(u):
	case u.Has(devcoop.RoleDonor):
		if f.PartnerID != 0 && f.PartnerID != u.PartnerID {
			return []*devcoop.Agreement{}, nil
		}
		f.PartnerID = u.PartnerID
	default:
		return nil, devcoop.ErrForbidden
	}
	return a.store.Agreements(ctx, f)
}

// Agreement returns one agreement the user may see; another donor's is
// not found.
func (a *App) Agreement(ctx context.Context, id int64) (*devcoop.Agreement, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	ag, err := a.store.Agreement(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case devcoop.CanSeeFunding(u):
	case u.Has(devcoop.RoleDonor) && ag.PartnerID == u.PartnerID:
	case u.Has(devcoop.RoleDonor):
		return nil, devcoop.NotFound("agreement", id)
	default:
		return nil, devcoop.ErrForbidden
	}
	return ag, nil
}

// checkAgreement validates an agreement and its references.
func (a *App) checkAgreement(ctx context.Context, ag *devcoop.Agreement) error {
	var pr devcoop.Problems
	if err := ag.Validate(); err != nil {
		pr.AddAll("", devcoop.ErrorFields(err))
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if ag.PartnerID != 0 && pf.Partner(ag.PartnerID) == nil {
		pr.Add("partner_id", "partner %d does not exist", ag.PartnerID)
	}
	if ag.OfficeID != 0 && pf.Office(ag.OfficeID) == nil {
		pr.Add("office_id", "office %d does not exist", ag.OfficeID)
	}
	if ag.Modality == devcoop.ModalityLight {
		switch ag.EarmarkKind {
		case devcoop.EarmarkRegion:
			if pf.Region(ag.EarmarkTarget) == nil {
				pr.Add("earmark_target", "%q is not a region", ag.EarmarkTarget)
			}
		case devcoop.EarmarkOutcome:
			found := false
			for _, o := range pf.Outcomes {
				found = found || o.Code == ag.EarmarkTarget
			}
			if !found {
				pr.Add("earmark_target", "%q is not an outcome code", ag.EarmarkTarget)
			}
		}
	}
	for i, al := range ag.Allocations {
		if al.ProjectID != 0 && pf.Project(al.ProjectID) == nil {
			pr.Add(fmt.Sprintf("allocations[%d].project_id", i), "project %d does not exist", al.ProjectID)
		}
		if al.OutcomeID != 0 && pf.Outcome(al.OutcomeID) == nil {
			pr.Add(fmt.Sprintf("allocations[%d].outcome_id", i), "outcome %d does not exist", al.OutcomeID)
		}
		if al.Region != "" && pf.Region(al.Region) == nil {
			pr.Add(fmt.Sprintf("allocations[%d].region", i), "%q is not a region", al.Region)
		}
	}
	for i, r := range ag.Reports {
		f := fmt.Sprintf("reports[%d]", i)
		if r.Kind != devcoop.ReportNarrative && r.Kind != devcoop.ReportFinancial {
			pr.Add(f+".kind", "%q is not narrative or financial", r.Kind)
		}
		if r.Due.IsZero() {
			pr.Add(f+".due", "is required")
		}
		if strings.TrimSpace(r.Title) == "" {
			pr.Add(f+".title", "is required")
		}
		if r.OfficeID != 0 && pf.Office(r.OfficeID) == nil {
			pr.Add(f+".office_id", "office %d does not exist", r.OfficeID)
		}
	}
	// Every amount must convert, or the agreement's figures could not be
	// shown at all.
	if ag.Amount.Sign() > 0 && money.ValidCurrency(ag.Currency) {
		on := ag.SignedDate
		if on.IsZero() {
			on = ag.Start
		}
		if _, err := pf.Rates.ToUSD(money.Money{Amount: ag.Amount, Currency: ag.Currency, ValueDate: on.Time}); err != nil {
			pr.Add("currency", "no exchange rate for %s on %s: load the rates first", ag.Currency, on)
		}
	}
	return pr.Err()
}

// CreateAgreement records an agreement (funding managers).
func (a *App) CreateAgreement(ctx context.Context, ag *devcoop.Agreement) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	if err := a.checkAgreement(ctx, ag); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateAgreement(ctx, ag); err != nil {
			return duplicateAs(err, "code", "an agreement with code %s already exists", ag.Code)
		}
		return a.audit(ctx, tx, "create", "agreement", ag.ID, nil, ag)
	})
}

// UpdateAgreement saves an agreement at the version it was read.
func (a *App) UpdateAgreement(ctx context.Context, ag *devcoop.Agreement) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	before, err := a.store.Agreement(ctx, ag.ID)
	if err != nil {
		return err
	}
	if err := a.checkAgreement(ctx, ag); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateAgreement(ctx, ag); err != nil {
			return duplicateAs(err, "code", "an agreement with code %s already exists", ag.Code)
		}
		return a.audit(ctx, tx, "update", "agreement", ag.ID, before, ag)
	})
}

// RecordReceipt records that a tranche arrived (funding managers and
// finance officers), with an incoming-funds transaction.
func (a *App) RecordReceipt(ctx context.Context, agreementID int64, seq int, on devcoop.Date, amount money.Decimal, version int) (*devcoop.Agreement, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	if !devcoop.CanManageFunding(u) && !devcoop.CanManageFinance(u) {
		return nil, devcoop.ErrForbidden
	}
	ag, err := a.store.Agreement(ctx, agreementID)
	if err != nil {
		return nil, err
	}
	before := *ag
	before.Tranches = append([]devcoop.Tranche(nil), ag.Tranches...)
	if version != 0 {
		ag.Version = version
	}
	var t *devcoop.Tranche
	for i := range ag.Tranches {
		if ag.Tranches[i].Seq == seq {
			t = &ag.Tranches[i]
		}
	}
	switch {
	case t == nil:
		return nil, devcoop.NotFound("tranche", seq)
	case t.Received():
		return nil, devcoop.Conflictf("tranche %d was already recorded as received on %s", seq, t.ReceivedDate)
	case on.IsZero():
		return nil, devcoop.Invalid("received_date", "is required")
	case amount.Sign() <= 0:
		return nil, devcoop.Invalid("received_amount", "must be more than zero")
	}
	t.ReceivedDate, t.ReceivedAmount = on, amount
	if err := a.checkAgreement(ctx, ag); err != nil {
		return nil, err
	}
	pf, _ := a.fullPortfolio(ctx)
	if _, err := pf.Rates.ToUSD(money.Money{Amount: amount, Currency: ag.Currency, ValueDate: on.Time}); err != nil {
		return nil, devcoop.Invalid("received_date", "no exchange rate for %s on %s: load the rates first", ag.Currency, on)
	}
	p, _ := a.store.Partner(ctx, ag.PartnerID)
	tr := &devcoop.Transaction{AgreementID: ag.ID, Type: devcoop.TxIncomingFunds, Date: on, Amount: amount, Currency: ag.Currency, ValueDate: on,
		ProviderPartnerID: ag.PartnerID, Description: fmt.Sprintf("Tranche %d of %s", seq, ag.Code)}
	if p != nil {
		tr.ProviderRef = p.IATIRef
	}
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateAgreement(ctx, ag); err != nil {
			return err
		}
		if err := tx.CreateTransaction(ctx, tr); err != nil {
			return err
		}
		return a.audit(ctx, tx, "receive", "agreement", ag.ID, before, ag)
	})
	return ag, err
}

// SetPeriodTarget sets a period's target, overall or for a modality.
func (a *App) SetPeriodTarget(ctx context.Context, t devcoop.PeriodTarget) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	var pr devcoop.Problems
	if pf.Period(t.Period) == nil {
		pr.Add("period", "%q is not a programme period", t.Period)
	}
	if t.Modality != "" && !t.Modality.Valid() {
		pr.Add("modality", "%q is not a modality", t.Modality)
	}
	if t.Amount.Sign() < 0 || !t.Amount.Equal(t.Amount.Round(2)) {
		pr.Add("amount_usd", "must be an amount in dollars and cents, not negative")
	}
	if err := pr.Err(); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.PutPeriodTarget(ctx, t); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "period_target", t.Period+"/"+string(t.Modality), nil, t)
	})
}

// RateLoad reports what a rates file did.
type RateLoad struct {
	Loaded     int      `json:"loaded"`
	Currencies []string `json:"currencies"`
}

// LoadRatesCSV reads monthly exchange rates from CSV (finance officers and
// administrators): a header with month, currency, rate_to_usd (USD per one
// unit) and source, then one rate per line, months as YYYY-MM. Any bad line
// rejects the whole file, naming the line and column; nothing is saved.
func (a *App) LoadRatesCSV(ctx context.Context, r io.Reader) (RateLoad, error) {
	u, err := requireUser(ctx)
	if err != nil {
		return RateLoad{}, err
	}
	if !devcoop.CanManageFinance(u) {
		return RateLoad{}, devcoop.Errorf(devcoop.KindForbidden, "Only finance officers and administrators load exchange rates.")
	}
	rates, err := ParseRatesCSV(r)
	if err != nil {
		return RateLoad{}, err
	}
	seen := map[string]bool{}
	var out RateLoad
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		for _, rt := range rates {
			if err := tx.PutRate(ctx, rt); err != nil {
				return err
			}
			if !seen[rt.Currency] {
				seen[rt.Currency] = true
				out.Currencies = append(out.Currencies, rt.Currency)
			}
		}
		out.Loaded = len(rates)
		return a.audit(ctx, tx, "load", "exchange_rates", fmt.Sprintf("%d rates", len(rates)), nil, out)
	})
	return out, err
}

// ParseRatesCSV parses a rates file; see LoadRatesCSV.
func ParseRatesCSV(r io.Reader) ([]money.Rate, error) {
	cr := csv.NewReader(io.LimitReader(r, 16<<20))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, devcoop.Invalid("file", "is empty; expected a header: month,currency,rate_to_usd,source")
	}
	if err != nil {
		return nil, csvErr(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"month", "currency", "rate_to_usd", "source"} {
		if _, ok := col[need]; !ok {
			return nil, devcoop.Invalid("line 1", "the header has no %q column (it needs month, currency, rate_to_usd, source)", need)
		}
	}
	var pr devcoop.Problems
	var out []money.Rate
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) (string, string) {
			i := col[name]
			where := fmt.Sprintf("line %d, column %d (%s)", line, i+1, name)
			if i >= len(rec) {
				return "", where
			}
			return strings.TrimSpace(rec[i]), where
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		m, where := field("month")
		month, err := time.Parse("2006-01", m)
		if err != nil {
			if t, err2 := time.Parse("2006-01-02", m); err2 == nil {
				month, err = t, nil
			}
		}
		if err != nil {
			pr.Add(where, "%q is not a month in the form YYYY-MM", m)
		}
		cur, where := field("currency")
		if !money.ValidCurrency(cur) {
			pr.Add(where, "%q is not an ISO 4217 currency code", cur)
		}
		rs, where := field("rate_to_usd")
		rate, err := money.Parse(rs)
		if err != nil {
			pr.Add(where, "%q is not an exact decimal", rs)
		} else if rate.Sign() <= 0 {
			pr.Add(where, "must be more than zero")
		}
		src, where := field("source")
		if src == "" {
			pr.Add(where, "is required: say where the rate comes from")
		}
		key := cur + " " + m
		if prev, ok := seen[key]; ok {
			pr.Add(fmt.Sprintf("line %d", line), "repeats %s %s from line %d", cur, m, prev)
		}
		seen[key] = line
		out = append(out, money.Rate{Currency: cur, Month: money.MonthOf(month), USDPer: rate, Source: src})
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, devcoop.Invalid("file", "holds no rates")
	}
	return out, nil
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return devcoop.Invalid(fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), "%v", pe.Err)
	}
	return devcoop.Invalid("file", "%v", err)
}

// Rates lists the exchange rates (everyone signed in may read them: every
// converted figure shows its rate).
func (a *App) Rates(ctx context.Context) ([]money.Rate, error) {
	if _, err := requireUser(ctx); err != nil {
		return nil, err
	}
	return a.store.Rates(ctx)
}
