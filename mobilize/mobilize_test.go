package mobilize

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"devcoop"
	"devcoop/money"
)

var d = devcoop.MustDate

func fixture() *devcoop.Portfolio {
	m := func(s string) time.Time { return d(s).Time }
	pf := &devcoop.Portfolio{
		Periods:  []devcoop.Period{{Code: "2012-13", Start: d("2012-01-01"), End: d("2013-12-31")}, {Code: "2014-15", Start: d("2014-01-01"), End: d("2015-12-31"), VCTarget: money.MustParse("450000000"), Current: true}},
		Partners: []devcoop.Partner{{ID: 1, Name: "Norway", Kind: devcoop.PartnerTraditionalGov}, {ID: 2, Name: "Gates Foundation", Kind: devcoop.PartnerFoundation}, {ID: 3, Name: "Brazil", Kind: devcoop.PartnerSouthSouth}},
		Offices:  []devcoop.Office{{ID: 9, Name: "PARDEV"}},
		Rates: money.NewRates([]money.Rate{
			{Currency: "NOK", Month: m("2014-01-01"), USDPer: money.MustParse("0.16"), Source: "test"},
			{Currency: "NOK", Month: m("2015-01-01"), USDPer: money.MustParse("0.13"), Source: "test"},
		}),
	}
	pf.Agreements = []*devcoop.Agreement{
		{ID: 1, Code: "NOR-1", PartnerID: 1, Modality: devcoop.ModalityUnearmarked, Currency: "NOK", Amount: money.MustParse("100000000"), Start: d("2014-01-01"), End: d("2015-12-31"),
			SignedDate: d("2014-02-10"), Status: devcoop.AgreementSigned, OfficeID: 9,
			Tranches: []devcoop.Tranche{{ExpectedDate: d("2014-03-01"), ExpectedAmount: money.MustParse("50000000"), ReceivedDate: d("2014-03-15"), ReceivedAmount: money.MustParse("50000000")},
				{ExpectedDate: d("2015-03-01"), ExpectedAmount: money.MustParse("50000000"), ReceivedDate: d("2015-03-20"), ReceivedAmount: money.MustParse("50000000")}},
			Reports: []devcoop.ReportObligation{{ID: 1, Kind: devcoop.ReportNarrative, Title: "Annual report, 2014", Due: d("2015-03-31")}, {ID: 2, Kind: devcoop.ReportFinancial, Title: "Certified statement; final", Due: d("2016-06-30")}}},
		{ID: 2, Code: "GATES-1", PartnerID: 2, Modality: devcoop.ModalityEarmarked, Currency: "USD", Amount: money.MustParse("16000000"), Start: d("2014-06-01"), End: d("2015-05-31"),
			SignedDate: d("2014-05-20"), Status: devcoop.AgreementSigned},
		{ID: 3, Code: "BRA-OLD", PartnerID: 3, Modality: devcoop.ModalityLight, Currency: "USD", Amount: money.MustParse("1000000"), Start: d("2013-01-01"), End: d("2013-12-31"),
			SignedDate: d("2013-01-05"), Status: devcoop.AgreementClosed},
		{ID: 4, Code: "BRA-2", PartnerID: 3, Modality: devcoop.ModalityLight, Currency: "USD", Amount: money.MustParse("4000000"), Start: d("2015-01-01"), End: d("2015-12-31"),
			SignedDate: d("2015-01-05"), Status: devcoop.AgreementSigned},
		{ID: 5, Code: "DRAFT", PartnerID: 1, Modality: devcoop.ModalityEarmarked, Currency: "USD", Amount: money.MustParse("9999999"), Start: d("2015-01-01"), End: d("2015-12-31"), Status: devcoop.AgreementDraft},
	}
	pf.Opportunities = []*devcoop.Opportunity{{ID: 1, Code: "O1", Period: "2014-15", Stage: devcoop.StageNegotiation, Currency: "USD", Amount: money.MustParse("10000000"), ExpectedSign: d("2015-09-01"), Probability: money.MustParse("75")},
		{ID: 2, Code: "O2", Period: "2014-15", Stage: devcoop.StageLost, Currency: "USD", Amount: money.MustParse("10000000"), ExpectedSign: d("2015-09-01"), Probability: money.MustParse("50")}}
	pf.Index()
	return pf
}

func TestProgressReconciles(t *testing.T) {
	pf := fixture()
	p := ComputeProgress(pf, pf.Period("2014-15"), devcoop.Date{})
	// NOK 100M at 0.16 = 16M; Gates 16M; Brazil 4M.
	if p.Signed != 3600000000 || p.Target != 45000000000 {
		t.Fatalf("signed %d, target %d", p.Signed, p.Target)
	}
	// Received: NOK 50M at 0.16 + NOK 50M at 0.13.
	if p.Received != 800000000+650000000 {
		t.Errorf("received %d", p.Received)
	}
	if p.PipelineWeighted != 750000000 || p.Forecast != p.Signed+p.PipelineWeighted {
		t.Errorf("pipeline %d forecast %d", p.PipelineWeighted, p.Forecast)
	}
	var sum int64
	for _, l := range p.ByModality {
		sum += l.Signed
	}
	if sum != p.Signed {
		t.Errorf("modalities sum to %d, signed %d", sum, p.Signed)
	}
	// Shares 16/36, 16/36, 4/36: HHI = (256+256+16)/1296 = 0.407407…
	if p.HHI.String() != "0.407407" || p.Top5Share.String() != "1.000000" {
		t.Errorf("hhi %s top5 %s", p.HHI, p.Top5Share)
	}
	if p.MultiAnnual != 1600000000 {
		t.Errorf("multi-annual %d", p.MultiAnnual)
	}
	last := p.Months[len(p.Months)-1]
	if last.Signed != p.Signed || last.Received != p.Received || last.Target != p.Target || len(p.Months) != 24 {
		t.Errorf("last month %+v of %d", last, len(p.Months))
	}
	// Only 1 NOK agreement has receipts: the second at 0.13 instead of 0.16 loses 1.5M.
	for _, a := range p.Agreements {
		if a.Agreement.Code == "NOR-1" && a.GainLoss != -150000000 {
			t.Errorf("gain/loss %d", a.GainLoss)
		}
	}
	mid := ComputeProgress(pf, pf.Period("2014-15"), d("2014-12-31"))
	if mid.Signed != 3200000000 || mid.Received != 800000000 {
		t.Errorf("as of 2014: signed %d received %d", mid.Signed, mid.Received)
	}
}

func TestDiversity(t *testing.T) {
	pf := fixture()
	c := Diversify(pf, pf.Period("2014-15"), devcoop.Date{})
	if c.Previous == nil || c.Previous.Signed != 100000000 || c.Previous.SouthSouth != 100000000 {
		t.Fatalf("previous = %+v", c.Previous)
	}
	if c.Current.PPP != 1600000000 || c.Current.SouthSouth != 400000000 || c.Current.Partners != 3 {
		t.Errorf("current = %+v", c.Current)
	}
	var names []string
	for _, l := range c.Current.NewPartners {
		names = append(names, l.Partner.Name)
	}
	// Brazil signed before 2014, so it is not new.
	if strings.Join(names, ",") != "Gates Foundation,Norway" {
		t.Errorf("new partners = %v", names)
	}
	var sum int64
	for _, k := range c.Current.ByKind {
		sum += k.Signed
	}
	if sum != c.Current.Signed {
		t.Errorf("kinds sum to %d, signed %d", sum, c.Current.Signed)
	}
}

func TestCalendarAndICS(t *testing.T) {
	pf := fixture()
	dues := Calendar(pf, d("2015-06-30"), true)
	if len(dues) != 2 || !dues[0].Overdue || dues[0].DaysLate != 91 || dues[1].Overdue || dues[0].Office.Name != "PARDEV" {
		t.Fatalf("dues = %+v", dues)
	}
	rem := Reminders(pf, d("2015-06-30"), 30)
	if len(rem[9]) != 1 {
		t.Errorf("reminders = %+v", rem)
	}
	var b bytes.Buffer
	if err := WriteICS(&b, "devcoop.example", dues, time.Date(2015, 6, 30, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	ics := b.String()
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "UID:report-1@devcoop.example\r\n", "DTSTART;VALUE=DATE:20150331\r\n", `Certified statement\; final`, "OVERDUE by 91 days", "END:VCALENDAR\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("ICS lacks %q:\n%s", want, ics)
		}
	}
	for _, l := range strings.Split(ics, "\r\n") {
		if len(l) > 75 {
			t.Errorf("unfolded line of %d octets: %s", len(l), l)
		}
	}
}
