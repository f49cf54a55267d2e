package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"devcoop"
)

// noScripts turns JavaScript off in the page, so what the test does must
// work with plain links and forms.
var noScripts = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
})

// An RM officer moves a pipeline card to the next stage with its own
// button, JavaScript off, and sees it in the next column; then opens a
// partner's page from the partner list.
func TestBrowserMovesAPipelineCardAndOpensAPartner(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		var ps struct{ Partners []devcoop.Partner }
		e.call("rm", "GET", "/api/v1/partners?kind=multilateral", nil, &ps)
		body := map[string]any{"code": unique("BR"), "partner_id": ps.Partners[0].ID, "title": "Browser test opportunity", "modality": "earmarked",
			"currency": "USD", "amount": "750000", "expected_sign_date": "2015-10-15", "probability": "30", "period": "2014-15"}
		var o devcoop.Opportunity
		if st := e.call("rm", "POST", "/api/v1/opportunities", body, &o); st != 201 {
			t.Fatalf("create the opportunity: %d", st)
		}
		card := fmt.Sprintf("#opp-%d", o.ID)

		ctx := browser(t)
		if err := chromedp.Do(ctx, noScripts); err != nil {
			t.Fatal(err)
		}
		signIn(t, ctx, e.srv.URL, "rm@devcoop.example", "devcoop-demo")
		err := chromedp.Do(ctx,
			chromedp.Navigate(e.srv.URL+"/pipeline?period=2014-15"),
			chromedp.WaitVisible("#stage-prospect "+card),
			chromedp.Click(card+" button.move-next"),
		)
		if err != nil {
			t.Fatal(err)
		}
		waitForURL(t, ctx, "flash=")
		wait, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Do(wait, chromedp.WaitVisible("#stage-concept_note "+card), chromedp.WaitNotPresent("#stage-prospect "+card)); err != nil {
			t.Fatalf("the card is not in the concept note column: %v", err)
		}
		flash, err := chromedp.Run(ctx, chromedp.Text(".flash-success"))
		if err != nil || !strings.Contains(flash, o.Code) {
			t.Errorf("flash %q, %v", flash, err)
		}
		var after devcoop.Opportunity
		e.call("rm", "GET", fmt.Sprintf("/api/v1/opportunities/%d", o.ID), nil, &after)
		if after.Stage != devcoop.StageConcept {
			t.Errorf("the opportunity is at %s", after.Stage)
		}

		// The partner list leads to a partner's page.
		err = chromedp.Do(ctx,
			chromedp.Navigate(e.srv.URL+"/partners?q="+strings.ReplaceAll(ps.Partners[0].Name, " ", "+")),
			chromedp.WaitVisible("#partner-table"),
			chromedp.Click(fmt.Sprintf(`#partner-table tbody tr[data-partner="%d"] th a`, ps.Partners[0].ID)),
			chromedp.WaitVisible("#agreements"),
		)
		if err != nil {
			t.Fatal(err)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text("h1"))
		if err != nil || strings.TrimSpace(h1) != ps.Partners[0].Name {
			t.Errorf("opened %q, want %q (%v)", h1, ps.Partners[0].Name, err)
		}
		if err := chromedp.Do(ctx, chromedp.WaitVisible("#iati-elsewhere")); err != nil {
			t.Error(err)
		}
	})
}
