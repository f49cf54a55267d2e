package app

import (
	"context"
	"slices"
	"strings"

	"devcoop"
	"devcoop/iati"
	"devcoop/money"
)

// What a partner funds elsewhere, according to other publishers' IATI
// data: the activities that name it as funding organisation (role 1),
// matched on its IATI organisation identifier.
//
// Money stays in the currencies published: other publishers' values are
// not converted at this organisation's rates. An activity's commitment is
// its commitment transactions (types 2 and 11) or, when it publishes none,
// its budgets, a revised budget replacing the original of the same period,
// so the two are never added together. Spending is its disbursements and
// expenditure (types 3 and 4).

// ExternalFunding lists a partner's funding elsewhere per recipient
// country, DAC sector and currency. An activity in several countries or
// sectors counts whole in each, so the rows are evidence of where the
// partner works, not shares to add up (funding staff).
func (a *App) ExternalFunding(ctx context.Context, partnerID int64) ([]devcoop.ExternalFunding, error) {
	ref, err := a.funderRef(ctx, partnerID)
	if ref == "" || err != nil {
		return nil, err
	}
	var rows fundingRows
	err = a.eachFunded(ctx, ref, func(m activityMoney) {
		for _, c := range m.countries {
			for _, s := range m.sectors {
				rows.add(m, c, s)
			}
		}
	})
	out := rows.rows
	slices.SortFunc(out, func(x, y devcoop.ExternalFunding) int {
		return strings.Compare(x.Country+"\x00"+x.Sector+"\x00"+x.Currency, y.Country+"\x00"+y.Sector+"\x00"+y.Currency)
	})
	return out, err
}

// ExternalFundingByCountry is a partner's funding elsewhere per recipient
// country: how many activities, and what they commit and spend in each
// currency published, largest first (funding staff).
func (a *App) ExternalFundingByCountry(ctx context.Context, partnerID int64) ([]devcoop.ExternalCountryFunding, error) {
	ref, err := a.funderRef(ctx, partnerID)
	if ref == "" || err != nil {
		return nil, err
	}
	count := map[string]int{}
	var rows fundingRows
	err = a.eachFunded(ctx, ref, func(m activityMoney) {
		for _, c := range m.countries {
			count[c]++
			rows.add(m, c, "")
		}
	})
	slices.SortFunc(rows.rows, func(x, y devcoop.ExternalFunding) int { return strings.Compare(x.Currency, y.Currency) })
	byCountry := map[string]*devcoop.ExternalCountryFunding{}
	out := []devcoop.ExternalCountryFunding{}
	for c, n := range count {
		out = append(out, devcoop.ExternalCountryFunding{Country: c, Activities: n})
	}
	for i := range out {
		byCountry[out[i].Country] = &out[i]
	}
	for _, r := range rows.rows {
		cf := byCountry[r.Country]
		cf.Amounts = append(cf.Amounts, r)
	}
	slices.SortFunc(out, func(x, y devcoop.ExternalCountryFunding) int {
		if x.Activities != y.Activities {
			return y.Activities - x.Activities
		}
		return strings.Compare(x.Country, y.Country)
	})
	return out, err
}

func (a *App) funderRef(ctx context.Context, partnerID int64) (string, error) {
	if _, err := requireFundingReader(ctx); err != nil {
		return "", err
	}
	p, err := a.store.Partner(ctx, partnerID)
	if err != nil {
		return "", err
	}
	return p.IATIRef, nil
}

// eachFunded calls fn with the money of every imported activity ref funds.
func (a *App) eachFunded(ctx context.Context, ref string, fn func(activityMoney)) error {
	ms, err := a.fundedMoney(ctx, ref)
	for _, m := range ms {
		fn(m)
	}
	return err
}

// fundingCache keeps the parsed money of what each funder funds, for one
// data version: an import changes the version and empties it.
type fundingCache struct {
	version int64
	byRef   map[string][]activityMoney
}

// maxCachedFunders bounds the cache; past it, it starts again.
const maxCachedFunders = 64

func (a *App) fundedMoney(ctx context.Context, ref string) ([]activityMoney, error) {
	v, err := a.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.funding.version == v {
		if ms, ok := a.funding.byRef[ref]; ok {
			a.mu.Unlock()
			return ms, nil
		}
	}
	a.mu.Unlock()
	var ms []activityMoney
	err = a.store.ExternalXML(ctx, devcoop.ExternalFilter{Funder: ref}, func(_ int64, x []byte) error {
		act, err := iati.ParseActivityXML(x)
		if err != nil {
			return nil // a stored fragment always parses; skip rather than fail the page
		}
		ms = append(ms, moneyOf(act))
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.funding.version != v || len(a.funding.byRef) >= maxCachedFunders {
		a.funding = fundingCache{version: v, byRef: map[string][]activityMoney{}}
	}
	a.funding.byRef[ref] = ms
	return ms, nil
}

// activityMoney is one activity's places and money, per currency. IATI
// puts recipient countries on the activity or on each transaction, never
// both: with activity-level countries the money counts whole in each
// country; with transaction-level ones each transaction counts in its own.
type activityMoney struct {
	countries, sectors []string // "" when none is published
	byTransaction      bool     // countries come from the transactions
	committed, spent   map[[2]string]money.Decimal
}

// amounts returns what the activity commits and spends in a country and
// currency.
func (m activityMoney) amounts(country, currency string) (committed, spent money.Decimal) {
	if !m.byTransaction {
		country = ""
	}
	k := [2]string{country, currency}
	return m.committed[k], m.spent[k]
}

// currencies lists the currencies the activity has money in, in a country.
func (m activityMoney) currencies(country string) []string {
	var out []string
	for _, mm := range []map[[2]string]money.Decimal{m.committed, m.spent} {
		for k := range mm {
			if (!m.byTransaction || k[0] == country) && !slices.Contains(out, k[1]) {
				out = append(out, k[1])
			}
		}
	}
	return out
}

func moneyOf(act *iati.Activity) activityMoney {
	m := activityMoney{committed: map[[2]string]money.Decimal{}, spent: map[[2]string]money.Decimal{}}
	addCountry := func(code string) {
		if code = strings.ToUpper(code); !slices.Contains(m.countries, code) {
			m.countries = append(m.countries, code)
		}
	}
	for _, c := range act.RecipientCountries {
		addCountry(c.Code)
	}
	if len(m.countries) == 0 {
		for _, t := range act.Transactions {
			if t.RecipientCountry != "" {
				m.byTransaction = true
			}
		}
	}
	for _, s := range act.Sectors {
		if (s.Vocabulary == "" || s.Vocabulary == "1") && !slices.Contains(m.sectors, s.Code) {
			m.sectors = append(m.sectors, s.Code)
		}
	}
	if len(m.sectors) == 0 {
		m.sectors = []string{""}
	}
	commitments := false
	for _, t := range act.Transactions {
		country := ""
		if m.byTransaction {
			country = strings.ToUpper(t.RecipientCountry)
		}
		k := [2]string{country, t.Currency}
		switch t.Type {
		case "2", "11":
			commitments = true
			m.committed[k] = m.committed[k].Add(t.Value)
		case "3", "4":
			m.spent[k] = m.spent[k].Add(t.Value)
		default:
			continue
		}
		if m.byTransaction {
			addCountry(country)
		}
	}
	if len(m.countries) == 0 {
		m.countries = []string{""}
	}
	if !commitments {
		// Budgets belong to the whole activity: with transaction-level
		// countries they count whole in each, as activity-level money does.
		places := []string{""}
		if m.byTransaction {
			places = m.countries
		}
		for _, b := range currentBudgets(act.Budgets) {
			for _, c := range places {
				k := [2]string{c, b.Currency}
				m.committed[k] = m.committed[k].Add(b.Value)
			}
		}
	}
	return m
}

// currentBudgets drops an original budget (type 1) where a revised one
// (type 2) covers the same period.
func currentBudgets(bs []iati.Budget) []iati.Budget {
	type period struct{ start, end string }
	revised := map[period]bool{}
	for _, b := range bs {
		if b.Type == "2" {
			revised[period{b.PeriodStart.Format("2006-01-02"), b.PeriodEnd.Format("2006-01-02")}] = true
		}
	}
	var out []iati.Budget
	for _, b := range bs {
		if b.Type != "2" && revised[period{b.PeriodStart.Format("2006-01-02"), b.PeriodEnd.Format("2006-01-02")}] {
			continue
		}
		out = append(out, b)
	}
	return out
}

// fundingRows accumulates activities into one row per country, sector and
// currency. An activity that publishes no money still counts, under no
// currency.
type fundingRows struct {
	rows []devcoop.ExternalFunding
	at   map[[3]string]int
}

func (f *fundingRows) add(m activityMoney, country, sector string) {
	if f.at == nil {
		f.at = map[[3]string]int{}
	}
	currencies := m.currencies(country)
	if len(currencies) == 0 {
		currencies = []string{""}
	}
	for _, cur := range currencies {
		k := [3]string{country, sector, cur}
		i, ok := f.at[k]
		if !ok {
			f.rows = append(f.rows, devcoop.ExternalFunding{Country: country, Sector: sector, Currency: cur})
			i = len(f.rows) - 1
			f.at[k] = i
		}
		committed, spent := m.amounts(country, cur)
		r := &f.rows[i]
		r.Activities++
		r.Committed = r.Committed.Add(committed)
		r.Spent = r.Spent.Add(spent)
	}
}
