// Package mobilize is the decision logic of resource mobilization: where
// voluntary contributions stand against a period's target, what the
// pipeline is expected to bring, how diversified the funding is, and what
// is owed to each donor. It does no I/O; it computes over a portfolio
// snapshot, in US cents converted at dated rates, so every breakdown sums
// exactly to its total.
package mobilize

import (
	"fmt"
	"math/big"
	"sort"
	"time"

	"devcoop"
	"devcoop/money"
)

// Counted reports whether an agreement counts as signed.
func Counted(a *devcoop.Agreement) bool {
	return (a.Status == devcoop.AgreementSigned || a.Status == devcoop.AgreementClosed) && !a.SignedDate.IsZero()
}

// AgreementValue is an agreement converted at its signature date, with
// what it has received converted at each receipt date.
type AgreementValue struct {
	Agreement   *devcoop.Agreement
	Partner     *devcoop.Partner
	SignedUSD   int64
	SignedRate  money.Rate
	Receipts    []Receipt
	ReceivedUSD int64
	// GainLoss is the exchange difference on what was received: its USD
	// value at receipt minus its USD value at the signature rate.
	GainLoss int64
	Err      error
}

// Receipt is one received tranche in USD.
type Receipt struct {
	Date      devcoop.Date
	Amount    money.Decimal
	USD       int64
	Rate      money.Rate
	AtSignUSD int64 // the same amount at the signature rate
}

// Value converts an agreement.
func Value(pf *devcoop.Portfolio, a *devcoop.Agreement) AgreementValue {
	v := AgreementValue{Agreement: a, Partner: pf.Partner(a.PartnerID)}
	on := a.SignedDate
	if on.IsZero() {
		on = a.Start
	}
	c, rate, err := pf.Rates.CentsUSD(money.Money{Amount: a.Amount, Currency: a.Currency, ValueDate: on.Time})
	if err != nil {
		v.Err = err
		return v
	}
	v.SignedUSD, v.SignedRate = c, rate
	for _, t := range a.Tranches {
		if !t.Received() {
			continue
		}
		rc, rr, err := pf.Rates.CentsUSD(money.Money{Amount: t.ReceivedAmount, Currency: a.Currency, ValueDate: t.ReceivedDate.Time})
		if err != nil {
			v.Err = err
			continue
		}
		atSign, _ := t.ReceivedAmount.Mul(rate.USDPer).Round(2).Cents()
		v.Receipts = append(v.Receipts, Receipt{Date: t.ReceivedDate, Amount: t.ReceivedAmount, USD: rc, Rate: rr, AtSignUSD: atSign})
		v.ReceivedUSD += rc
		v.GainLoss += rc - atSign
	}
	return v
}

// ModalityLine is signed money of one modality.
type ModalityLine struct {
	Modality devcoop.Modality
	Signed   int64
	Target   int64 // 0 when the period has no target for it
}

// Month is one month of the progress series, cumulative from the period's
// start.
type Month struct {
	Month    time.Time
	Signed   int64 // cumulative
	Received int64 // cumulative
	Target   int64 // the target pro rata to the month's end
}

// PartnerLine is one partner's signed money in a period.
type PartnerLine struct {
	Partner *devcoop.Partner
	Signed  int64
	Share   money.Decimal // 0–1, six places
}

// Progress is where a period's voluntary contributions stand.
type Progress struct {
	Period           *devcoop.Period
	AsOf             devcoop.Date
	Target           int64
	Signed           int64
	Received         int64
	PipelineWeighted int64
	Forecast         int64 // Signed + PipelineWeighted
	ByModality       []ModalityLine
	MultiAnnual      int64 // signed in multi-annual agreements
	Months           []Month
	Partners         []PartnerLine // by signed, largest first
	Top5Share        money.Decimal
	Top10Share       money.Decimal
	HHI              money.Decimal
	Agreements       []AgreementValue // counted in the period
	Warnings         []string
}

// ComputeProgress computes a period's progress as of a date (the period's
// end when zero). An agreement counts in the period it was signed; a
// receipt in the period it arrived; an open opportunity in the period it is
// expected, weighted by its probability.
func ComputeProgress(pf *devcoop.Portfolio, period *devcoop.Period, asOf devcoop.Date) *Progress {
	if asOf.IsZero() || asOf.After(period.End) {
		asOf = period.End
	}
	p := &Progress{Period: period, AsOf: asOf}
	targets := map[devcoop.Modality]int64{}
	p.Target, _ = period.VCTarget.Cents()
	for _, t := range pf.PeriodTargets {
		if t.Period != period.Code {
			continue
		}
		c, _ := t.Amount.Cents()
		if t.Modality == "" {
			p.Target = c
		} else {
			targets[t.Modality] = c
		}
	}
	byMod := map[devcoop.Modality]int64{}
	byPartner := map[int64]int64{}
	signedByMonth := map[time.Time]int64{}
	receivedByMonth := map[time.Time]int64{}
	in := func(d devcoop.Date) bool { return period.Contains(d) && !d.After(asOf) }
	for _, a := range pf.Agreements {
		if !Counted(a) {
			continue
		}
		v := Value(pf, a)
		if v.Err != nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("agreement %s: %v", a.Code, v.Err))
		}
		if in(a.SignedDate) && v.Err == nil {
			p.Signed += v.SignedUSD
			byMod[a.Modality] += v.SignedUSD
			byPartner[a.PartnerID] += v.SignedUSD
			signedByMonth[money.MonthOf(a.SignedDate.Time)] += v.SignedUSD
			if a.MultiAnnual() {
				p.MultiAnnual += v.SignedUSD
			}
			p.Agreements = append(p.Agreements, v)
		}
		for _, r := range v.Receipts {
			if in(r.Date) {
				p.Received += r.USD
				receivedByMonth[money.MonthOf(r.Date.Time)] += r.USD
			}
		}
	}
	for _, o := range pf.Opportunities {
		if o.Period != period.Code || !o.Open() {
			continue
		}
		w, err := Weighted(pf, o)
		if err != nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("opportunity %s: %v", o.Code, err))
			continue
		}
		p.PipelineWeighted += w
	}
	p.Forecast = p.Signed + p.PipelineWeighted
	for _, m := range devcoop.Modalities {
		p.ByModality = append(p.ByModality, ModalityLine{Modality: m, Signed: byMod[m], Target: targets[m]})
	}
	p.months(signedByMonth, receivedByMonth)
	p.partners(pf, byPartner)
	return p
}

// Weighted is an open opportunity's expected USD value times its
// probability, in cents.
func Weighted(pf *devcoop.Portfolio, o *devcoop.Opportunity) (int64, error) {
	c, err := pf.Rates.ToUSD(o.Money())
	if err != nil {
		return 0, err
	}
	w, ok := c.USD.Mul(o.Probability).Mul(money.New(1, 2)).Round(2).Cents()
	if !ok {
		return 0, fmt.Errorf("%s is too large", o.Money())
	}
	return w, nil
}

func (p *Progress) months(signed, received map[time.Time]int64) {
	start := money.MonthOf(p.Period.Start.Time)
	end := money.MonthOf(p.AsOf.Time)
	days := p.Period.Start.DaysUntil(p.Period.End) + 1
	var cs, cr int64
	for m := start; !m.After(end); m = m.AddDate(0, 1, 0) {
		cs += signed[m]
		cr += received[m]
		last := devcoop.DateOf(m.AddDate(0, 1, -1))
		elapsed := p.Period.Start.DaysUntil(last) + 1
		parts, _ := money.Split(p.Target, []money.Decimal{money.FromInt(int64(elapsed)), money.FromInt(int64(days - elapsed))})
		t := p.Target
		if len(parts) == 2 && elapsed < days {
			t = parts[0]
		}
		p.Months = append(p.Months, Month{Month: m, Signed: cs, Received: cr, Target: t})
	}
}

func (p *Progress) partners(pf *devcoop.Portfolio, byPartner map[int64]int64) {
	for id, c := range byPartner {
		pa := pf.Partner(id)
		if pa == nil {
			pa = &devcoop.Partner{ID: id, Name: fmt.Sprintf("partner %d", id)}
		}
		p.Partners = append(p.Partners, PartnerLine{Partner: pa, Signed: c, Share: share(c, p.Signed)})
	}
	sort.Slice(p.Partners, func(i, j int) bool {
		if p.Partners[i].Signed != p.Partners[j].Signed {
			return p.Partners[i].Signed > p.Partners[j].Signed
		}
		return p.Partners[i].Partner.Name < p.Partners[j].Partner.Name
	})
	var top5, top10 int64
	sq := new(big.Int)
	for i, l := range p.Partners {
		if i < 5 {
			top5 += l.Signed
		}
		if i < 10 {
			top10 += l.Signed
		}
		x := big.NewInt(l.Signed)
		sq.Add(sq, x.Mul(x, x))
	}
	p.Top5Share = share(top5, p.Signed)
	p.Top10Share = share(top10, p.Signed)
	p.HHI = hhi(sq, p.Signed)
}

// share is part ÷ whole with six decimal places (0 when whole is 0).
func share(part, whole int64) money.Decimal {
	if whole <= 0 {
		return money.New(0, 6)
	}
	r, _ := money.FromInt(part).Div(money.FromInt(whole), 6)
	return r
}

// hhi is the Herfindahl-Hirschman index Σ(sᵢ²) on the 0–1 scale: the sum of
// squared amounts over the squared total, computed exactly then rounded
// to six places.
func hhi(sumSquares *big.Int, total int64) money.Decimal {
	if total <= 0 {
		return money.New(0, 6)
	}
	t := big.NewInt(total)
	t.Mul(t, t)
	num, _ := money.Parse(sumSquares.String())
	den, _ := money.Parse(t.String())
	r, _ := num.Div(den, 6)
	return r
}

// Shares of the signed total by modality and for multi-annual agreements.
func (p *Progress) ModalityShare(m devcoop.Modality) money.Decimal {
	for _, l := range p.ByModality {
		if l.Modality == m {
			return share(l.Signed, p.Signed)
		}
	}
	return share(0, p.Signed)
}

// MultiAnnualShare is the share of signed money in multi-annual agreements.
func (p *Progress) MultiAnnualShare() money.Decimal { return share(p.MultiAnnual, p.Signed) }
