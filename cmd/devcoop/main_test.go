package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"devcoop/dbtest"
	"devcoop/money"
)

var binary string

// TestMain builds the devcoop binary once, static as it ships, so the
// contract is checked from outside the code.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "devcoop-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "devcoop")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// serve starts `devcoop serve` and waits for /healthz.
func serve(t *testing.T, db string, extra ...string) (string, *bufio.Scanner) {
	t.Helper()
	addr := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary, append([]string{"serve", "--db", db, "--addr", addr}, extra...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			// Wait reports the cancelled context; what matters is that
			// serve shut down cleanly on the interrupt.
			if code := cmd.ProcessState.ExitCode(); code != 0 {
				t.Errorf("serve exited %d after an interrupt: %v", code, err)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not shut down on interrupt")
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return base, bufio.NewScanner(stdout)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("devcoop serve never became healthy")
	return "", nil
}

func getJSON(t *testing.T, url, token string, out any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode == 200 {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

type line struct {
	Key       string        `json:"key"`
	BudgetUSD money.Decimal `json:"budget_usd"`
	SpentUSD  money.Decimal `json:"expenditure_usd"`
}

type summary struct {
	Projects    *int          `json:"projects"`
	Countries   *int          `json:"countries"`
	Partners    *int          `json:"partners"`
	BudgetUSD   money.Decimal `json:"budget_usd"`
	SpentUSD    money.Decimal `json:"expenditure_usd"`
	ByRegion    []line        `json:"by_region"`
	ByOutcome   []line        `json:"by_outcome"`
	ByPartner   []line        `json:"by_partner"`
	ByObjective []line        `json:"by_objective"`
	ByCountry   []line        `json:"by_country"`
}

// TestContract walks the commands of the README and the contract
// on every engine: demo, user add, token create, serve, /healthz, and the
// summary with and without a token. The demo's totals reconcile to the
// cent by region, outcome and partner.
func TestContract(t *testing.T) {
	for _, engine := range dbtest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db := dbtest.DSN(t, engine)
			out, stderr, code := runCLI(t, "", "demo", "--db", db)
			if code != 0 {
				t.Fatalf("demo exited %d: %s", code, stderr)
			}
			if !strings.Contains(out, "1100 projects") && !strings.Contains(out, "projects") {
				t.Errorf("demo output: %s", out)
			}
			if _, _, code := runCLI(t, "", "demo", "--db", db); code == 0 {
				t.Error("a second demo load into a full database succeeded")
			}
			_, stderr, code = runCLI(t, "a long enough password\n", "user", "add", "--db", db, "--email", "ops@example.org", "--role", "admin")
			if code != 0 {
				t.Fatalf("user add exited %d: %s", code, stderr)
			}
			if _, stderr, code := runCLI(t, "short\n", "user", "add", "--db", db, "--email", "x@example.org", "--role", "admin"); code == 0 || !strings.Contains(stderr, "password") {
				t.Errorf("a short password was accepted (%d): %s", code, stderr)
			}
			tok, stderr, code := runCLI(t, "", "token", "create", "--db", db, "--email", "ops@example.org")
			if code != 0 {
				t.Fatalf("token create exited %d: %s", code, stderr)
			}
			if strings.Count(tok, "\n") != 1 || strings.ContainsAny(strings.TrimSpace(tok), " \t") {
				t.Fatalf("token create printed more than the token: %q", tok)
			}
			tok = strings.TrimSpace(tok)

			base, _ := serve(t, db)
			if st := getJSON(t, base+"/api/v1/summary", "", nil); st != 401 {
				t.Errorf("summary without a token: %d", st)
			}
			var s summary
			if st := getJSON(t, base+"/api/v1/summary", tok, &s); st != 200 {
				t.Fatalf("summary with a token: %d", st)
			}
			if s.Projects == nil || *s.Projects < 1000 || *s.Countries < 80 || *s.Partners < 60 {
				t.Errorf("demo too small: %d projects, %d countries, %d partners", *s.Projects, *s.Countries, *s.Partners)
			}
			for _, period := range []string{"", "?period=2014-15"} {
				var s summary
				getJSON(t, base+"/api/v1/summary"+period, tok, &s)
				for name, ls := range map[string][]line{"region": s.ByRegion, "outcome": s.ByOutcome, "partner": s.ByPartner, "objective": s.ByObjective, "country": s.ByCountry} {
					var b, x money.Decimal
					for _, l := range ls {
						b, x = b.Add(l.BudgetUSD), x.Add(l.SpentUSD)
					}
					if !b.Equal(s.BudgetUSD) || !x.Equal(s.SpentUSD) || s.BudgetUSD.IsZero() {
						t.Errorf("%s by %s: %s / %s, totals %s / %s", period, name, b, x, s.BudgetUSD, s.SpentUSD)
					}
				}
			}
			var periods struct {
				Periods []struct {
					Code     string        `json:"code"`
					VCTarget money.Decimal `json:"vc_target_usd"`
				}
			}
			getJSON(t, base+"/api/v1/outcomes?period=2014-15", tok, &periods)
			found := false
			for _, p := range periods.Periods {
				if p.Code == "2014-15" {
					found = p.VCTarget.Equal(money.MustParse("450000000"))
				}
			}
			if !found {
				t.Errorf("the 2014-15 target is not 450,000,000 USD: %+v", periods.Periods)
			}
		})
	}
}

// TestServeDemoFirstRun is the README's first command on a fresh database:
// it loads the demo, says where to go and how to sign in.
func TestServeDemoFirstRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "devcoop.db")
	base, out := serve(t, db, "--demo")
	var printed []string
	for len(printed) < 2 && out.Scan() {
		printed = append(printed, out.Text())
	}
	text := strings.Join(printed, "\n")
	if !strings.Contains(text, base) || !strings.Contains(text, "admin@devcoop.example") || !strings.Contains(text, "devcoop-demo") {
		t.Errorf("serve printed:\n%s", text)
	}
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/signin" {
		t.Errorf("the home page did not lead to sign-in: %s", resp.Request.URL)
	}
}

func TestUsage(t *testing.T) {
	if _, stderr, code := runCLI(t, "", "frobnicate"); code != 2 || !strings.Contains(stderr, "Usage") {
		t.Errorf("unknown command: %d %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", "token", "create", "--db", filepath.Join(t.TempDir(), "x.db")); code != 2 || !strings.Contains(stderr, "--email") {
		t.Errorf("token without --email: %d %s", code, stderr)
	}
}
