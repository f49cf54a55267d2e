package app

import (
	"testing"

	"devcoop/iati"
	"devcoop/money"
)

func parseActivity(t *testing.T, x string) *iati.Activity {
	t.Helper()
	a, err := iati.ParseActivityXML([]byte(x))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestFundingRows checks how other publishers' money is counted: budgets
// only without commitments, a revised budget in place of its original,
// activity-level countries whole in each, transaction-level countries per
// transaction, and activities without money still counted.
func TestFundingRows(t *testing.T) {
	budgets := parseActivity(t, `<iati-activity default-currency="EUR"><iati-identifier>XM-1-A</iati-identifier>
		<recipient-country code="KE" percentage="60"/><recipient-country code="UG" percentage="40"/>
		<sector code="11220"/><sector code="16020"/>
		<budget type="1"><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/><value value-date="2015-01-01">100.00</value></budget>
		<budget type="2"><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/><value value-date="2015-06-01">120.50</value></budget>
		<budget type="1"><period-start iso-date="2016-01-01"/><period-end iso-date="2016-12-31"/><value value-date="2016-01-01">80.25</value></budget>
		<transaction><transaction-type code="3"/><transaction-date iso-date="2015-03-01"/><value value-date="2015-03-01">30.00</value></transaction>
	</iati-activity>`)
	commitments := parseActivity(t, `<iati-activity default-currency="USD"><iati-identifier>XM-1-B</iati-identifier>
		<budget type="1"><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/><value value-date="2015-01-01">999.00</value></budget>
		<transaction><transaction-type code="2"/><transaction-date iso-date="2015-01-10"/><value value-date="2015-01-10">500.00</value><recipient-country code="BO"/></transaction>
		<transaction><transaction-type code="2"/><transaction-date iso-date="2015-01-10"/><value value-date="2015-01-10">-50.00</value><recipient-country code="BO"/></transaction>
		<transaction><transaction-type code="11"/><transaction-date iso-date="2015-02-10"/><value value-date="2015-02-10">200.00</value><recipient-country code="PE"/></transaction>
		<transaction><transaction-type code="4"/><transaction-date iso-date="2015-05-10"/><value currency="EUR" value-date="2015-05-10">75.10</value><recipient-country code="PE"/></transaction>
	</iati-activity>`)
	nothing := parseActivity(t, `<iati-activity><iati-identifier>XM-1-C</iati-identifier><recipient-country code="KE"/></iati-activity>`)

	var rows fundingRows
	for _, a := range []*iati.Activity{budgets, commitments, nothing} {
		m := moneyOf(a)
		for _, c := range m.countries {
			rows.add(m, c, "")
		}
	}
	type want struct {
		activities       int
		committed, spent string
	}
	wants := map[[2]string]want{
		{"KE", "EUR"}: {1, "200.75", "30.00"}, // revised 120.50 + 2016's 80.25, whole in each country
		{"UG", "EUR"}: {1, "200.75", "30.00"},
		{"KE", ""}:    {1, "0", "0"},      // no money, still an activity
		{"BO", "USD"}: {1, "450.00", "0"}, // commitments only: the budget is not added
		{"PE", "USD"}: {1, "200.00", "0"}, // each transaction in its own country
		{"PE", "EUR"}: {1, "0", "75.10"},
	}
	if len(rows.rows) != len(wants) {
		t.Errorf("%d rows, want %d: %+v", len(rows.rows), len(wants), rows.rows)
	}
	for _, r := range rows.rows {
		w, ok := wants[[2]string{r.Country, r.Currency}]
		if !ok {
			t.Errorf("unexpected row %+v", r)
			continue
		}
		if r.Activities != w.activities || !r.Committed.Equal(money.MustParse(w.committed)) || !r.Spent.Equal(money.MustParse(w.spent)) {
			t.Errorf("%s %s: %d activities, committed %s, spent %s; want %+v", r.Country, r.Currency, r.Activities, r.Committed, r.Spent, w)
		}
	}
	if m := moneyOf(budgets); len(m.sectors) != 2 || m.byTransaction {
		t.Errorf("sectors %v, by transaction %v", m.sectors, m.byTransaction)
	}
}
