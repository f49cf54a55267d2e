package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserDraftSubmitAppraiseReturn walks a proposal through its first
// round in a real browser with JavaScript turned off: an officer drafts it
// in the editor and submits it; an appraiser finds it in the queue, starts
// the appraisal and returns it with a comment.
func TestBrowserDraftSubmitAppraiseReturn(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, e.srv.URL, "po.nairobi@test.org", "correct horse battery")
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/proposals"),
		chromedp.Click(`.page-actions a[href="/proposals/new"]`),
		chromedp.WaitVisible(`#proposal-form`),
		chromedp.SendKeys(`#f-title`, "Green jobs for young people in Mombasa"),
		chromedp.SendKeys(`#f-amount`, "250,000.00"),
		chromedp.SendKeys(`#f-duration_months`, "24"),
		chromedp.SendKeys(`#f-countries`, "KE"),
		chromedp.SendKeys(`#f-cpos`, "KEN 126"),
		chromedp.SendKeys(`#f-outcomes`, "1"),
		chromedp.SendKeys(`#f-logframe-objective`, "More young people in Mombasa find decent green jobs."),
		chromedp.SendKeys(`#f-logframe-outcomes-0-statement`, "Youth complete green skills training and find work."),
		chromedp.SendKeys(`#f-logframe-outcomes-0-indicators-0-description`, "Share of trainees employed six months after training"),
		chromedp.SendKeys(`#f-logframe-outcomes-0-indicators-0-target`, "60%"),
		chromedp.Click(`#problems button[name=save]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitForURL(t, ctx, "flash=Draft+created")
	if got := text1(t, ctx, `#at-logframe-outcomes-0-indicators-0-baseline`); !strings.Contains(got, "has no baseline") {
		t.Errorf("the missing baseline is not shown beside it: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`#action-submit button`)); err != nil {
		t.Fatal(err)
	}
	waitForURL(t, ctx, "submitted+for+appraisal")
	if got := text1(t, ctx, `.page-meta .badge`); got != "Submitted for appraisal" {
		t.Errorf("after submitting: %q", got)
	}

	// Sign out through the user menu, a <details> element.
	err = chromedp.Do(ctx,
		chromedp.Click(`details.user-menu summary`),
		chromedp.Click(`form[action="/signout"] button`),
		chromedp.WaitVisible(`input[name=email]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, e.srv.URL, "appraiser@test.org", "correct horse battery")
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/appraisal"),
		chromedp.WaitVisible(`#queue`),
		chromedp.Click(`#queue tbody tr:first-child th a`),
		chromedp.WaitVisible(`#action-start_appraisal`),
		chromedp.Click(`#action-start_appraisal button`),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitForURL(t, ctx, "in+appraisal")
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(`#comment-return`),
		chromedp.SendKeys(`#comment-return`, "State the baseline of the employment indicator."),
		chromedp.Click(`#action-return button`),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitForURL(t, ctx, "returned+for+revision")
	if got := text1(t, ctx, `.page-meta .badge`); got != "Returned for revision" {
		t.Errorf("after returning: %q", got)
	}
	if got := text1(t, ctx, `#history`); !strings.Contains(got, "State the baseline of the employment indicator.") {
		t.Errorf("the history lacks the comment: %q", got)
	}
}

func text1(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}
