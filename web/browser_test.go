package web_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium for a test. Without Chromium the test is
// skipped, unless DEVCOOP_REQUIRE_TOOLS is set (CI sets it), when it fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("DEVCOOP_REQUIRE_TOOLS") != "" {
			t.Fatal("Chromium is not installed")
		}
		t.Skip("Chromium is not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// signIn fills the sign-in form in the browser.
func signIn(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, email),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Click(`form[action="/signin"] button[type=submit]`),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`.app-header`)); err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("not signed in as %s: %.300s", email, text)
	}
}

func TestBrowserSignInOverviewFilterProject(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := browser(t)
	signIn(t, ctx, e.srv.URL, "admin@test.org", "correct horse battery")

	projects, err := chromedp.Run(ctx, chromedp.Text(`#kpi-projects`))
	if err != nil {
		t.Fatal(err)
	}
	title, _ := chromedp.Run(ctx, chromedp.Title())
	if strings.TrimSpace(projects) != "3" || !strings.Contains(title, "overview") {
		t.Errorf("overview shows %q projects, title %q", projects, title)
	}
	// Filter the list to Viet Nam: two projects.
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/projects"),
		chromedp.WaitVisible(`#project-filters`),
		chromedp.SetValue(`select[name=country]`, "VN"),
		chromedp.Click(`#project-filters button[type=submit]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitForURL(t, ctx, "country=VN")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`#project-table`)); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#project-table tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != 2 {
		t.Errorf("filtered list has %d rows, want 2", rows)
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	if err := chromedp.Do(ctx, chromedp.Click(`#project-table tbody tr:first-child a`), chromedp.WaitVisible(`#budgets`)); err != nil {
		t.Fatal(err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(`h1`))
	code, _ := chromedp.Run(ctx, chromedp.Text(`.page-subtitle code`))
	if !strings.Contains(url, "country=VN") || !strings.HasPrefix(code, "VNM") || h1 == "" {
		t.Errorf("after filtering at %s, opened %q (%s)", url, h1, code)
	}
}

// waitForURL waits until the browser's location contains part: a click
// that submits a form returns before the new page arrives.
func waitForURL(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, part) {
			if err := chromedp.Do(ctx, chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the browser never reached a URL containing %q", part)
}
