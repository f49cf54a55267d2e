package demo

import (
	"fmt"

	"devcoop"
	"devcoop/money"
)

// transaction is a transaction being generated; it points at its project
// or agreement, whose IDs the store sets first.
type transaction struct {
	devcoop.Transaction
	project   *project
	agreement *agreement
	provider  *partner
}

// projectTransactions records what each started project has spent up to
// today: expenditure per quarter (per year for small projects), and for
// some projects a commitment to an implementing partner and the
// disbursements made under it.
func (g *generator) projectTransactions() {
	r := newRNG(g.seed, "spending")
	for _, p := range g.p.projects {
		if p.ActualStart.IsZero() {
			continue
		}
		g.partnerPayments(r, p)
		g.expenditure(r, p)
	}
}

func (g *generator) expenditure(r *rng, p *project) {
	quarterly := p.sizeUSD >= 300_000
	var dates []devcoop.Date
	var amounts []int64
	for from := p.ActualStart; !from.After(p.spendTo); {
		to := periodEnd(from, quarterly)
		if to.After(p.spendTo) {
			to = p.spendTo
		}
		rate := p.delivery + r.between(-6, 6)
		if len(amounts) == 0 {
			rate = rate * 3 / 4 // a slow first period
		}
		amt := g.expected(p, from, to) * int64(rate) / 100 * int64(100-p.ipShare) / 100
		amt = r.jitter(amt, 5)
		if amt > 0 {
			label := fmt.Sprint(from.Year())
			if quarterly {
				label = fmt.Sprintf("Q%d %d", (int(from.Month())+2)/3, from.Year())
			}
			g.projectTx(p, devcoop.TxExpenditure, to, amt, "Expenditure, "+label)
			dates = append(dates, to)
			amounts = append(amounts, amt)
		}
		from = to.AddDays(1)
	}
	// A few projects reverse part of an earlier charge booked to them by
	// mistake.
	if len(amounts) >= 3 && r.chance(4) {
		k := r.between(1, len(amounts)-1)
		if back := amounts[k-1] * int64(r.between(1, 5)) / 100; back > 0 {
			g.projectTx(p, devcoop.TxExpenditure, dates[k], -back, "Correction: reversal of a charge booked to the wrong project")
		}
	}
}

// partnerPayments commits part of the budget to an implementing partner
// and disburses it in up to three instalments, six months apart.
func (g *generator) partnerPayments(r *rng, p *project) {
	if p.ipShare == 0 {
		return
	}
	on := p.ActualStart.AddDays(45)
	if on.After(p.spendTo) {
		return
	}
	receiver := pick(r, globalImplementers)
	if c := p.mainCountry(); c != "" {
		receiver = fmt.Sprintf(pick(r, implementingPartners), g.country[c].short)
	}
	committed := roundTo(r.jitter(p.total*int64(p.ipShare)/100, 10), p.Currency, 100)
	t := g.projectTx(p, devcoop.TxOutgoingCommitment, on, committed, "Implementation agreement")
	t.ReceiverName = receiver
	each := committed / 3
	for k := 0; k < 3; k++ {
		d := addMonths(on, 6*k)
		if d.After(p.spendTo) {
			break
		}
		amt := each
		if k == 2 {
			amt = committed - 2*each
		}
		t := g.projectTx(p, devcoop.TxDisbursement, d, amt, fmt.Sprintf("Instalment %d of the implementation agreement", k+1))
		t.ReceiverName = receiver
	}
}

func (g *generator) projectTx(p *project, typ devcoop.TransactionType, on devcoop.Date, minor int64, desc string) *transaction {
	t := &transaction{project: p, Transaction: devcoop.Transaction{Type: typ, Date: on, ValueDate: on,
		Amount: amount(minor, p.Currency), Currency: p.Currency, Description: desc}}
	g.p.txs = append(g.p.txs, t)
	return t
}

// expected returns what the budgets plan to spend from one day to
// another, in minor units.
func (g *generator) expected(p *project, from, to devcoop.Date) int64 {
	var sum int64
	for i, b := range p.Budgets {
		days := devcoop.Overlap(from, to, b.PeriodStart, b.PeriodEnd)
		if days == 0 {
			continue
		}
		sum += p.budgets[i] * int64(days) / int64(b.PeriodStart.DaysUntil(b.PeriodEnd)+1)
	}
	return sum
}

// periodEnd returns the last day of d's quarter, or of its year.
func periodEnd(d devcoop.Date, quarterly bool) devcoop.Date {
	if !quarterly {
		return devcoop.NewDate(d.Year(), 12, 31)
	}
	q := (int(d.Month()) - 1) / 3
	return addMonths(devcoop.NewDate(d.Year(), 1, 1), 3*(q+1)).AddDays(-1)
}

// agreementTransactions records, for every signed agreement, the incoming
// commitment at signature and the incoming funds of each tranche received;
// and for drafts, some pledges.
func (g *generator) agreementTransactions() {
	r := newRNG(g.seed, "incoming")
	for _, a := range g.p.agreements {
		add := func(typ devcoop.TransactionType, on devcoop.Date, amt money.Decimal, desc string) {
			g.p.txs = append(g.p.txs, &transaction{agreement: a, provider: a.partner, Transaction: devcoop.Transaction{Type: typ, Date: on, ValueDate: on,
				Amount: amt, Currency: a.Currency, ProviderRef: a.partner.IATIRef, Description: desc}})
		}
		switch a.Status {
		case devcoop.AgreementSigned, devcoop.AgreementClosed:
			add(devcoop.TxIncomingCommitment, a.SignedDate, a.Amount, "Agreement signed")
			for i, tr := range a.Tranches {
				if tr.Received() {
					add(devcoop.TxIncomingFunds, tr.ReceivedDate, tr.ReceivedAmount, fmt.Sprintf("Tranche %d received", i+1))
				}
			}
		case devcoop.AgreementDraft:
			if a.Modality == devcoop.ModalityUnearmarked || r.chance(40) {
				add(devcoop.TxIncomingPledge, today.AddDays(-r.between(10, 150)), a.Amount, "Pledge")
			}
		}
	}
}
