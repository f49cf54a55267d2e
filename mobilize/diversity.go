package mobilize

import (
	"sort"

	"devcoop"
	"devcoop/money"
)

// Diversity describes how widely a period's signed funding is spread.
type Diversity struct {
	Period      *devcoop.Period
	Signed      int64
	Partners    int
	Top5Share   money.Decimal
	Top10Share  money.Decimal
	HHI         money.Decimal
	NewPartners []PartnerLine // partners whose first agreement was signed in the period
	// ByKind is signed money by partner kind, in devcoop.PartnerKinds order;
	// it sums to Signed.
	ByKind []KindLine
	// The tracked groups: public-private partnerships (private sector and
	// foundations), domestic funding, and South-South and triangular.
	PPP, Domestic, SouthSouth int64
}

// KindLine is signed money from one kind of partner.
type KindLine struct {
	Kind   devcoop.PartnerKind
	Signed int64
	Share  money.Decimal
}

// Comparison sets a period beside the one before it.
type Comparison struct {
	Current  *Diversity
	Previous *Diversity // nil when there is no earlier period
}

// Diversify computes the diversity of a period, and of the previous one.
func Diversify(pf *devcoop.Portfolio, period *devcoop.Period, asOf devcoop.Date) Comparison {
	cmp := Comparison{Current: diversity(pf, period, asOf)}
	var prev *devcoop.Period
	for i := range pf.Periods {
		q := &pf.Periods[i]
		if q.End.Before(period.Start) && (prev == nil || q.End.After(prev.End)) {
			prev = q
		}
	}
	if prev != nil {
		cmp.Previous = diversity(pf, prev, devcoop.Date{})
	}
	return cmp
}

func diversity(pf *devcoop.Portfolio, period *devcoop.Period, asOf devcoop.Date) *Diversity {
	p := ComputeProgress(pf, period, asOf)
	d := &Diversity{Period: period, Signed: p.Signed, Partners: len(p.Partners), Top5Share: p.Top5Share, Top10Share: p.Top10Share, HHI: p.HHI}
	// First signature ever, per partner.
	first := map[int64]devcoop.Date{}
	for _, a := range pf.Agreements {
		if !Counted(a) {
			continue
		}
		if f, ok := first[a.PartnerID]; !ok || a.SignedDate.Before(f) {
			first[a.PartnerID] = a.SignedDate
		}
	}
	byKind := map[devcoop.PartnerKind]int64{}
	for _, l := range p.Partners {
		byKind[l.Partner.Kind] += l.Signed
		if f, ok := first[l.Partner.ID]; ok && period.Contains(f) {
			d.NewPartners = append(d.NewPartners, l)
		}
	}
	sort.SliceStable(d.NewPartners, func(i, j int) bool { return d.NewPartners[i].Signed > d.NewPartners[j].Signed })
	var counted int64
	for _, k := range devcoop.PartnerKinds {
		d.ByKind = append(d.ByKind, KindLine{Kind: k, Signed: byKind[k], Share: share(byKind[k], p.Signed)})
		counted += byKind[k]
	}
	if other := p.Signed - counted; other != 0 {
		d.ByKind = append(d.ByKind, KindLine{Kind: "other", Signed: other, Share: share(other, p.Signed)})
	}
	d.PPP = byKind[devcoop.PartnerPrivate] + byKind[devcoop.PartnerFoundation]
	d.Domestic = byKind[devcoop.PartnerDomestic]
	d.SouthSouth = byKind[devcoop.PartnerSouthSouth]
	return d
}
