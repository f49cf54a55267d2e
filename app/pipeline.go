package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"devcoop"
	"devcoop/money"
)

// Opportunities lists pipeline opportunities (funding staff).
func (a *App) Opportunities(ctx context.Context, f devcoop.OpportunityFilter) ([]*devcoop.Opportunity, error) {
	if _, err := requireFundingReader(ctx); err != nil {
		return nil, err
	}
	return a.store.Opportunities(ctx, f)
}

// Opportunity returns one opportunity (funding staff).
func (a *App) Opportunity(ctx context.Context, id int64) (*devcoop.Opportunity, error) {
	if _, err := requireFundingReader(ctx); err != nil {
		return nil, err
	}
	return a.store.Opportunity(ctx, id)
}

func (a *App) checkOpportunity(ctx context.Context, o *devcoop.Opportunity) error {
	var pr devcoop.Problems
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return err
	}
	if strings.TrimSpace(o.Code) == "" {
		pr.Add("code", "is required")
	}
	if strings.TrimSpace(o.Title) == "" {
		pr.Add("title", "is required")
	}
	if pf.Partner(o.PartnerID) == nil {
		pr.Add("partner_id", "partner %d does not exist", o.PartnerID)
	}
	if !slices.Contains(devcoop.Stages, o.Stage) {
		pr.Add("stage", "%q is not a stage (%s)", o.Stage, strings.Join(devcoop.Stages, ", "))
	}
	if !o.Modality.Valid() {
		pr.Add("modality", "%q is not a modality", o.Modality)
	}
	if !money.ValidCurrency(o.Currency) {
		pr.Add("currency", "%q is not an ISO 4217 currency code", o.Currency)
	}
	if o.Amount.Sign() <= 0 {
		pr.Add("amount", "must be more than zero")
	}
	if o.Probability.Sign() < 0 || o.Probability.GreaterThan(money.FromInt(100)) {
		pr.Add("probability", "must be between 0 and 100")
	}
	if o.ExpectedSign.IsZero() {
		pr.Add("expected_sign_date", "is required")
	}
	if pf.Period(o.Period) == nil {
		pr.Add("period", "%q is not a programme period", o.Period)
	}
	if o.OfficeID != 0 && pf.Office(o.OfficeID) == nil {
		pr.Add("office_id", "office %d does not exist", o.OfficeID)
	}
	var ws []money.Decimal
	for i, t := range o.Targets {
		f := fmt.Sprintf("targets[%d]", i)
		if oc := pf.Outcome(t.OutcomeID); oc == nil {
			pr.Add(f+".outcome_id", "outcome %d does not exist", t.OutcomeID)
		}
		if _, ok := pf.KindOfComponent(t.Component); !ok {
			pr.Add(f+".component", "%q is not a country, CPO, region or GLOBAL", t.Component)
		}
		if t.Percentage.Sign() < 0 {
			pr.Add(f+".percentage", "is negative")
		}
		ws = append(ws, t.Percentage)
	}
	if len(ws) > 0 && !money.Sum(ws...).Equal(money.FromInt(100)) {
		pr.Add("targets", "percentages sum to %s, not 100", money.Sum(ws...).Normalize())
	}
	if pr.Empty() && money.ValidCurrency(o.Currency) {
		if _, err := pf.Rates.ToUSD(o.Money()); err != nil {
			pr.Add("currency", "no exchange rate for %s on %s", o.Currency, o.ExpectedSign)
		}
	}
	return pr.Err()
}

// CreateOpportunity adds a prospect to the pipeline.
func (a *App) CreateOpportunity(ctx context.Context, o *devcoop.Opportunity) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	if o.Stage == "" {
		o.Stage = devcoop.StageProspect
	}
	if o.Stage == devcoop.StageSigned {
		return devcoop.Invalid("stage", "sign an opportunity with the sign action, which creates its agreement")
	}
	if err := a.checkOpportunity(ctx, o); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateOpportunity(ctx, o); err != nil {
			return duplicateAs(err, "code", "an opportunity with code %s already exists", o.Code)
		}
		return a.audit(ctx, tx, "create", "opportunity", o.ID, nil, o)
	})
}

// UpdateOpportunity saves an opportunity at the version it was read. A
// change of stage is audited like any change; signing goes through Sign.
func (a *App) UpdateOpportunity(ctx context.Context, o *devcoop.Opportunity) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	before, err := a.store.Opportunity(ctx, o.ID)
	if err != nil {
		return err
	}
	if o.Stage == devcoop.StageSigned && before.Stage != devcoop.StageSigned {
		return devcoop.Invalid("stage", "sign an opportunity with the sign action, which creates its agreement")
	}
	if before.Stage == devcoop.StageSigned && o.Stage != devcoop.StageSigned {
		return devcoop.Conflictf("opportunity %s is signed; change its agreement instead", before.Code)
	}
	o.AgreementID = before.AgreementID
	if err := a.checkOpportunity(ctx, o); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateOpportunity(ctx, o); err != nil {
			return err
		}
		return a.audit(ctx, tx, "update", "opportunity", o.ID, before, o)
	})
}

// MoveOpportunity moves an opportunity to another stage (not signed: see
// Sign). Only resource mobilization officers and administrators may; the
// move is audited.
func (a *App) MoveOpportunity(ctx context.Context, id int64, stage string, version int) (*devcoop.Opportunity, error) {
	if _, err := requireFundingManager(ctx); err != nil {
		return nil, err
	}
	o, err := a.store.Opportunity(ctx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && version != o.Version {
		return nil, devcoop.Conflictf("opportunity %s was changed by someone else (now at version %d); reload it", o.Code, o.Version)
	}
	if !slices.Contains(devcoop.Stages, stage) {
		return nil, devcoop.Invalid("stage", "%q is not a stage (%s)", stage, strings.Join(devcoop.Stages, ", "))
	}
	if stage == devcoop.StageSigned {
		return nil, devcoop.Invalid("stage", "sign an opportunity with the sign action, which creates its agreement")
	}
	if o.Stage == devcoop.StageSigned {
		return nil, devcoop.Conflictf("opportunity %s is signed; it cannot move back", o.Code)
	}
	before := *o
	o.Stage = stage
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdateOpportunity(ctx, o); err != nil {
			return err
		}
		return a.audit(ctx, tx, "stage", "opportunity", o.ID, map[string]any{"stage": before.Stage}, map[string]any{"stage": stage})
	})
	return o, err
}

// SignInput is what signing an opportunity needs beyond the opportunity.
type SignInput struct {
	Code       string                     `json:"code"`
	SignedDate devcoop.Date               `json:"signed_date"`
	Start      devcoop.Date               `json:"start"`
	End        devcoop.Date               `json:"end"`
	Amount     money.Decimal              `json:"amount"` // the signed amount; the expected one when zero
	Tranches   []devcoop.Tranche          `json:"tranches"`
	Reports    []devcoop.ReportObligation `json:"reports"`
	Version    int                        `json:"version"`
}

// SignOpportunity marks an opportunity signed and creates its agreement,
// linked both ways, in one transaction.
func (a *App) SignOpportunity(ctx context.Context, id int64, in SignInput) (*devcoop.Agreement, error) {
	if _, err := requireFundingManager(ctx); err != nil {
		return nil, err
	}
	o, err := a.store.Opportunity(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Version != 0 && in.Version != o.Version {
		return nil, devcoop.Conflictf("opportunity %s was changed by someone else (now at version %d); reload it", o.Code, o.Version)
	}
	if !o.Open() {
		return nil, devcoop.Conflictf("opportunity %s is already %s", o.Code, o.Stage)
	}
	amount := in.Amount
	if amount.IsZero() {
		amount = o.Amount
	}
	code := in.Code
	if code == "" {
		code = o.Code
	}
	ag := &devcoop.Agreement{Code: code, PartnerID: o.PartnerID, Title: o.Title, Modality: o.Modality, Currency: o.Currency, Amount: amount,
		Start: in.Start, End: in.End, SignedDate: in.SignedDate, Status: devcoop.AgreementSigned, Tranches: in.Tranches, Reports: in.Reports,
		DiscloseName: true, OpportunityID: o.ID, OfficeID: o.OfficeID}
	if ag.Modality == devcoop.ModalityLight && len(o.Targets) > 0 {
		ag.EarmarkKind, ag.EarmarkTarget = devcoop.EarmarkOutcome, ""
		if oc := a.outcomeCode(ctx, o.Targets[0].OutcomeID); oc != "" {
			ag.EarmarkTarget = oc
		}
	}
	if err := a.checkAgreement(ctx, ag); err != nil {
		return nil, err
	}
	before := *o
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreateAgreement(ctx, ag); err != nil {
			return duplicateAs(err, "code", "an agreement with code %s already exists", ag.Code)
		}
		o.Stage, o.AgreementID = devcoop.StageSigned, ag.ID
		if err := tx.UpdateOpportunity(ctx, o); err != nil {
			return err
		}
		if err := a.audit(ctx, tx, "stage", "opportunity", o.ID, map[string]any{"stage": before.Stage}, map[string]any{"stage": devcoop.StageSigned, "agreement_id": ag.ID}); err != nil {
			return err
		}
		return a.audit(ctx, tx, "create", "agreement", ag.ID, nil, ag)
	})
	return ag, err
}

func (a *App) outcomeCode(ctx context.Context, id int64) string {
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return ""
	}
	if o := pf.Outcome(id); o != nil {
		return o.Code
	}
	return ""
}

// CreatePartner adds a development partner (funding managers).
func (a *App) CreatePartner(ctx context.Context, p *devcoop.Partner) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.CreatePartner(ctx, p); err != nil {
			return duplicateAs(err, "code", "a partner with code %s already exists", p.Code)
		}
		return a.audit(ctx, tx, "create", "partner", p.ID, nil, p)
	})
}

// UpdatePartner saves a partner at the version it was read.
func (a *App) UpdatePartner(ctx context.Context, p *devcoop.Partner) error {
	if _, err := requireFundingManager(ctx); err != nil {
		return err
	}
	before, err := a.store.Partner(ctx, p.ID)
	if err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		if err := tx.UpdatePartner(ctx, p); err != nil {
			return duplicateAs(err, "code", "a partner with code %s already exists", p.Code)
		}
		return a.audit(ctx, tx, "update", "partner", p.ID, before, p)
	})
}
