package plan_test

import (
	"context"
	"fmt"
	"testing"

	"devcoop"
	"devcoop/app"
	"devcoop/dbtest"
	"devcoop/demo"
	"devcoop/money"
	"devcoop/plan"
)

// demoPortfolio loads the full demo portfolio into a temporary SQLite
// database and reads it back as a snapshot.
func demoPortfolio(b *testing.B) *devcoop.Portfolio {
	b.Helper()
	db := dbtest.Open(b, "sqlite")
	ctx := app.AsSystem(context.Background())
	if _, err := demo.Load(ctx, db, demo.Options{}); err != nil {
		b.Fatal(err)
	}
	pf, err := app.LoadPortfolio(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return pf
}

// BenchmarkGapsDemo computes the 2014-15 gaps of the demo portfolio: 19
// workplans, about 900 components, 1,100 projects. Target: under 50 ms.
func BenchmarkGapsDemo(b *testing.B) {
	pf := demoPortfolio(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := plan.Compute(pf, "2014-15", plan.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProposeDemo proposes an allocation of ten pools over the demo's
// gaps, from the gaps to the explained lines.
func BenchmarkProposeDemo(b *testing.B) {
	pf := demoPortfolio(b)
	g, err := plan.Compute(pf, "2014-15", plan.Options{})
	if err != nil {
		b.Fatal(err)
	}
	regions := []string{"AFR", "AME", "ARB", "ASP", "ECA"}
	var pools []devcoop.Pool
	for i := 0; i < 10; i++ {
		p := devcoop.Pool{ID: fmt.Sprintf("P%d", i), Amount: money.MustParse("3000000")}
		switch {
		case i >= 1 && i <= 5:
			p.Regions = []string{regions[i-1]}
		case i > 5:
			p.Outcomes = []string{fmt.Sprint(i), fmt.Sprint(i + 4)}
		}
		pools = append(pools, p)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := plan.Propose(g, pools); err != nil {
			b.Fatal(err)
		}
	}
}
