package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"devcoop"
	"devcoop/export"
	"devcoop/mobilize"
	"devcoop/money"
	"devcoop/web/chart"
)

// modalityShare is one modality on the dashboard, with its target.
type modalityShare struct {
	Line     mobilize.ModalityLine
	Label    string
	Share    string // of all signed, percent
	OfTarget string // of the modality's own target, percent; "" when none is set
	URL      string
}

// partnerShare is one partner's part of the signed total.
type partnerShare struct {
	Line  mobilize.PartnerLine
	Rank  int
	Share string // percent
	URL   string // the agreements behind the figure
}

// kindCompare sets a kind of partner's signed money beside the previous
// period's.
type kindCompare struct {
	Label               string
	Cur, Prev           int64
	CurShare, PrevShare string
	URL                 string
}

// targetForm is the period targets editor.
type targetForm struct {
	Overall    string
	ByModality []targetField
	Errors     fieldErrors
}

type targetField struct {
	Modality devcoop.Modality
	Label    string
	Name     string
	Value    string
}

type fundingView struct {
	Period      string
	Periods     []devcoop.Period
	AsOf        devcoop.Date
	P           *mobilize.Progress
	Prev        *mobilize.Diversity
	Cur         *mobilize.Diversity
	SignedURL   string
	ReceivedURL string
	MultiURL    string
	SignedPct   string
	ForecastPct string
	Bullets     []template.HTML // signed and forecast against the target, received against signed
	MultiBullet template.HTML
	Chart       template.HTML
	Donut       template.HTML
	Modalities  []modalityShare
	Top         []partnerShare
	NewPartners []partnerShare
	Kinds       []kindCompare
	HHIPoints   string // HHI × 10,000
	Equivalent  string // 1 ÷ HHI: as many equal partners
	Band        string
	MultiShare  string
	Top5, Top10 string
	CurTop5     string
	PrevTop5    string
	Forecasting bool // the as-of date is before the period's end
	Targets     *targetForm
	CanTarget   bool
	Query       url.Values // period and as-of, for links
}

func (s *Server) fundingPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderFunding(w, r, http.StatusOK, nil)
}

// fundingData computes the dashboard: the progress service gives every
// figure, the diversification service the comparison with the period
// before. Both refuse anyone who may not see funding data.
func (s *Server) fundingData(r *http.Request) (*fundingView, error) {
	ctx := r.Context()
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	per, err := periodOrCurrent(pf, q.Get("period"))
	if err != nil {
		return nil, err
	}
	asOf, err := asOfParam(r)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		// Today, within the period.
		asOf = s.today(r)
		if asOf.After(per.End) {
			asOf = per.End
		}
		if asOf.Before(per.Start) {
			asOf = per.Start
		}
	}
	p, err := s.app.Progress(ctx, per.Code, asOf)
	if err != nil {
		return nil, err
	}
	cmp, err := s.app.Diversification(ctx, per.Code, p.AsOf)
	if err != nil {
		return nil, err
	}
	v := &fundingView{Period: per.Code, Periods: pf.Periods, AsOf: p.AsOf, P: p, Cur: cmp.Current, Prev: cmp.Previous,
		CanTarget: devcoop.CanManageFunding(devcoop.UserFrom(ctx)), Query: url.Values{"period": {per.Code}, "as_of": {p.AsOf.String()}}}
	window := "period=" + per.Code + "&as_of=" + p.AsOf.String()
	v.SignedURL = "/agreements?status=counted&" + window
	v.ReceivedURL = "/agreements?status=counted&received=" + per.Code + "&as_of=" + p.AsOf.String()
	v.MultiURL = v.SignedURL + "&multi=1"
	v.SignedPct, v.ForecastPct = pctOf(p.Signed, p.Target), pctOf(p.Forecast, p.Target)

	for _, m := range p.ByModality {
		ms := modalityShare{Line: m, Label: m.Modality.Label(), Share: shareText(p.ModalityShare(m.Modality)), OfTarget: pctOf(m.Signed, m.Target),
			URL: v.SignedURL + "&modality=" + string(m.Modality)}
		v.Modalities = append(v.Modalities, ms)
	}
	for i, l := range p.Partners {
		ps := partnerShare{Line: l, Rank: i + 1, Share: shareText(l.Share), URL: fmt.Sprintf("%s&partner=%d", v.SignedURL, l.Partner.ID)}
		if i < 10 {
			v.Top = append(v.Top, ps)
		}
	}
	for _, l := range cmp.Current.NewPartners {
		v.NewPartners = append(v.NewPartners, partnerShare{Line: l, URL: fmt.Sprintf("%s&partner=%d", v.SignedURL, l.Partner.ID)})
	}
	prevKind := map[devcoop.PartnerKind]mobilize.KindLine{}
	if cmp.Previous != nil {
		for _, k := range cmp.Previous.ByKind {
			prevKind[k.Kind] = k
		}
	}
	for _, k := range cmp.Current.ByKind {
		kc := kindCompare{Label: k.Kind.Label(), Cur: k.Signed, CurShare: shareText(k.Share), Prev: prevKind[k.Kind].Signed}
		if cmp.Previous != nil {
			kc.PrevShare = shareText(prevKind[k.Kind].Share)
		}
		if k.Kind.Valid() {
			kc.URL = v.SignedURL + "&kind=" + string(k.Kind)
		}
		v.Kinds = append(v.Kinds, kc)
	}
	v.MultiShare, v.Top5, v.Top10 = shareText(p.MultiAnnualShare()), shareText(p.Top5Share), shareText(p.Top10Share)
	v.CurTop5, v.Forecasting = shareText(cmp.Current.Top5Share), p.AsOf.Before(per.End)
	if cmp.Previous != nil {
		v.PrevTop5 = shareText(cmp.Previous.Top5Share)
	}
	v.HHIPoints = p.HHI.Mul(money.FromInt(10000)).Round(0).String()
	if p.HHI.Sign() > 0 {
		eq, _ := money.FromInt(1).Div(p.HHI, 0)
		v.Equivalent = eq.String()
	}
	switch {
	case p.HHI.Sign() == 0:
		v.Band = ""
	case p.HHI.LessThan(money.MustParse("0.15")):
		v.Band = "unconcentrated"
	case p.HHI.LessThan(money.MustParse("0.25")):
		v.Band = "moderately concentrated"
	default:
		v.Band = "highly concentrated"
	}
	if err := s.fundingCharts(r, v, per); err != nil {
		return nil, err
	}
	return v, nil
}

// fundingCharts draws the dashboard's charts. The month-by-month chart
// runs to the period's end: the target's pro-rata line comes from the
// progress at the end of the period, and the forecast (signed plus the
// weighted pipeline) is drawn dashed from the as-of month to the end.
func (s *Server) fundingCharts(r *http.Request, v *fundingView, per *devcoop.Period) error {
	p := v.P
	full := p
	if p.AsOf.Before(per.End) {
		var err error
		if full, err = s.app.Progress(r.Context(), per.Code, per.End); err != nil {
			return err
		}
	}
	n := len(full.Months)
	labels := make([]string, n)
	signed := chart.LineSeries{Name: "Signed (cumulative)", Values: make([]chart.Value, n), Area: true}
	received := chart.LineSeries{Name: "Received (cumulative)", Values: make([]chart.Value, n)}
	target := chart.LineSeries{Name: "Target, pro rata", Values: make([]chart.Value, n), Color: chart.ColorMuted}
	forecast := chart.LineSeries{Name: "Forecast", Values: make([]chart.Value, n), Dashed: true, Color: chart.Palette[4]}
	last := len(p.Months) - 1
	for i, m := range full.Months {
		labels[i] = m.Month.Format("Jan 06")
		target.Values[i] = chart.Cents(m.Target)
		if i <= last {
			signed.Values[i] = chart.Cents(p.Months[i].Signed)
			received.Values[i] = chart.Cents(p.Months[i].Received)
		}
	}
	series := []chart.LineSeries{signed, received, target}
	if rest := n - 1 - last; rest > 0 && last >= 0 {
		// A straight line from what is signed now to the forecast at the end.
		from := p.Months[last].Signed
		for i := last; i < n; i++ {
			forecast.Values[i] = chart.Cents(from + (p.Forecast-from)*int64(i-last)/int64(rest))
		}
		series = append(series, forecast)
	}
	desc := fmt.Sprintf("Signed %s of a %s target by %s; received %s.", formatUSD(money.FromCents(p.Signed)), formatUSD(money.FromCents(p.Target)), formatDate(p.AsOf), formatUSD(money.FromCents(p.Received)))
	v.Chart = chart.Line("Signed and received against the target, month by month", labels, series,
		chart.Options{Target: chart.Cents(p.Target), TargetLabel: "Target", Desc: desc, Width: 1000, Height: 320})
	v.Bullets = []template.HTML{
		chart.Bullet("Signed against the target", chart.Cents(p.Signed), chart.Cents(p.Target), chart.Options{}),
		chart.Bullet("Forecast against the target", chart.Cents(p.Forecast), chart.Cents(p.Target), chart.Options{Colors: []string{chart.ColorWarn}}),
		chart.Bullet("Received against signed", chart.Cents(p.Received), chart.Cents(p.Signed), chart.Options{Colors: []string{chart.ColorOK}}),
	}
	v.MultiBullet = chart.Bullet("Signed in multi-annual agreements", chart.Cents(p.MultiAnnual), chart.Cents(p.Signed), chart.Options{})
	var slices []chart.Slice
	for _, m := range v.Modalities {
		slices = append(slices, chart.Slice{Label: m.Label, Value: chart.Cents(m.Line.Signed), Href: m.URL})
	}
	v.Donut = chart.Donut("Signed by modality", slices, chart.Options{NoTable: true})
	return nil
}

func (s *Server) renderFunding(w http.ResponseWriter, r *http.Request, status int, tf *targetForm) error {
	v, err := s.fundingData(r)
	if err != nil {
		return err
	}
	if v.CanTarget {
		if tf == nil {
			tf = &targetForm{Overall: money.FromCents(v.P.Target).String()}
			for _, m := range v.P.ByModality {
				f := targetField{Modality: m.Modality, Label: m.Modality.Label(), Name: "target_" + string(m.Modality)}
				if m.Target != 0 {
					f.Value = money.FromCents(m.Target).String()
				}
				tf.ByModality = append(tf.ByModality, f)
			}
		}
		v.Targets = tf
	}
	s.render(w, r, status, "progress", s.newPage(r, "Funding "+v.Period, "funding", v))
	return nil
}

// setTargets saves the period's target and the targets per modality. An
// empty modality field leaves that target as it is; 0 removes it.
func (s *Server) setTargets(w http.ResponseWriter, r *http.Request) error {
	in, err := readForm(r)
	if err != nil {
		return err
	}
	period := in.text("period")
	tf := &targetForm{Overall: in.text("target")}
	type job struct {
		field string
		t     devcoop.PeriodTarget
	}
	var jobs []job
	if tf.Overall != "" {
		jobs = append(jobs, job{"target", devcoop.PeriodTarget{Period: period, Amount: in.amount("target", tf.Overall, true)}})
	}
	for _, m := range devcoop.Modalities {
		f := targetField{Modality: m, Label: m.Label(), Name: "target_" + string(m), Value: in.text("target_" + string(m))}
		tf.ByModality = append(tf.ByModality, f)
		if f.Value != "" {
			jobs = append(jobs, job{f.Name, devcoop.PeriodTarget{Period: period, Modality: m, Amount: in.amount(f.Name, f.Value, false)}})
		}
	}
	err = in.err()
	if err == nil {
		for _, j := range jobs {
			if err = s.app.SetPeriodTarget(r.Context(), j.t); err != nil {
				if fs := devcoop.ErrorFields(err); len(fs) > 0 {
					err = devcoop.Invalid(j.field, "%s", fs[0].Message)
				}
				break
			}
		}
	}
	if err != nil {
		if !saveFailed(err) {
			return err
		}
		tf.Errors = newFieldErrors(err, map[string]string{"target": "Period target", "target_unearmarked": "Un-earmarked target", "target_lightly_earmarked": "Lightly earmarked target", "target_earmarked": "Earmarked target"})
		r.URL.RawQuery = url.Values{"period": {period}, "as_of": {in.text("as_of")}}.Encode()
		return s.renderFunding(w, r, status(err), tf)
	}
	redirectFlash(w, r, "/funding?period="+url.QueryEscape(period)+"&as_of="+url.QueryEscape(in.text("as_of")), "Targets for "+period+" saved")
	return nil
}

// fundingExport writes the dashboard's tables as one workbook.
func (s *Server) fundingExport(w http.ResponseWriter, r *http.Request) error {
	v, err := s.fundingData(r)
	if err != nil {
		return err
	}
	p := v.P
	sub := "As of " + p.AsOf.String() + "; USD at the rate of each signature and receipt date"
	sum := &export.Table{Title: "Funding " + v.Period, Subtitle: sub, Sheet: "Summary", Columns: []export.Column{{Title: "Figure", Width: 40}, {Title: "Value", Kind: export.Number}, {Title: "Note", Width: 50}}}
	add := func(label string, d money.Decimal, note string) {
		sum.Rows = append(sum.Rows, []export.Cell{textCell(label), moneyCell(d), textCell(note)})
	}
	c := money.FromCents
	add("Target (USD)", c(p.Target), "")
	add("Signed (USD)", c(p.Signed), "signed or closed agreements signed in the period")
	add("Received (USD)", c(p.Received), "receipts in the period")
	add("Pipeline, weighted (USD)", c(p.PipelineWeighted), "open opportunities × probability")
	add("Forecast (USD)", c(p.Forecast), "signed + weighted pipeline")
	add("Multi-annual (USD)", c(p.MultiAnnual), "")
	add("Multi-annual share (%)", sharePct(p.MultiAnnualShare()), "")
	add("Top-5 share (%)", sharePct(p.Top5Share), "")
	add("Top-10 share (%)", sharePct(p.Top10Share), "")
	add("HHI (0–1)", p.HHI, "sum of squared partner shares")
	months := &export.Table{Title: "Month by month", Subtitle: sub, Sheet: "Months", Columns: []export.Column{{Title: "Month"}, {Title: "Signed, cumulative (USD)", Kind: export.Money},
		{Title: "Received, cumulative (USD)", Kind: export.Money}, {Title: "Target, pro rata (USD)", Kind: export.Money}}}
	for _, m := range p.Months {
		months.Rows = append(months.Rows, []export.Cell{textCell(m.Month.Format("2006-01")), centsCell(m.Signed), centsCell(m.Received), centsCell(m.Target)})
	}
	mods := &export.Table{Title: "By modality", Subtitle: sub, Sheet: "Modalities", Columns: []export.Column{{Title: "Modality"}, {Title: "Signed (USD)", Kind: export.Money},
		{Title: "Share (%)", Kind: export.Percent}, {Title: "Target (USD)", Kind: export.Money}, {Title: "Of target (%)", Kind: export.Percent}}}
	for _, m := range v.Modalities {
		target := export.Cell{}
		if m.Line.Target != 0 {
			target = centsCell(m.Line.Target)
		}
		mods.Rows = append(mods.Rows, []export.Cell{textCell(m.Label), centsCell(m.Line.Signed), pctCell(m.Share), target, pctCell(m.OfTarget)})
	}
	mods.Totals = []export.Cell{textCell("Total"), centsCell(p.Signed), {}, {}, {}}
	partners := &export.Table{Title: "By partner", Subtitle: sub, Sheet: "Partners", Columns: []export.Column{{Title: "Rank", Kind: export.Number}, {Title: "Partner", Width: 36},
		{Title: "Kind"}, {Title: "Signed (USD)", Kind: export.Money}, {Title: "Share (%)", Kind: export.Percent}}}
	for i, l := range p.Partners {
		partners.Rows = append(partners.Rows, []export.Cell{intCell(i + 1), textCell(l.Partner.Name), textCell(l.Partner.Kind.Label()), centsCell(l.Signed), moneyCell(sharePct(l.Share))})
	}
	partners.Totals = []export.Cell{{}, textCell("Total"), {}, centsCell(p.Signed), {}}
	kinds := &export.Table{Title: "By kind of partner", Sheet: "Kinds", Columns: []export.Column{{Title: "Kind", Width: 32}, {Title: v.Period + " (USD)", Kind: export.Money},
		{Title: v.Period + " share (%)", Kind: export.Percent}, {Title: "Previous period (USD)", Kind: export.Money}, {Title: "Previous share (%)", Kind: export.Percent}}}
	for _, k := range v.Kinds {
		kinds.Rows = append(kinds.Rows, []export.Cell{textCell(k.Label), centsCell(k.Cur), pctCell(k.CurShare), centsCell(k.Prev), pctCell(k.PrevShare)})
	}
	newP := &export.Table{Title: "New partners", Subtitle: "First agreement signed in " + v.Period, Sheet: "New partners", Columns: []export.Column{{Title: "Partner", Width: 36},
		{Title: "Kind"}, {Title: "Signed (USD)", Kind: export.Money}}}
	for _, l := range v.NewPartners {
		newP.Rows = append(newP.Rows, []export.Cell{textCell(l.Line.Partner.Name), textCell(l.Line.Partner.Kind.Label()), centsCell(l.Line.Signed)})
	}
	return s.sendTables(w, "xlsx", "funding-"+v.Period+"-as-of-"+p.AsOf.String(), sum, months, mods, partners, kinds, newP)
}
