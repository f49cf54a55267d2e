package alloc

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// The checks in this file are written from the package documentation, not
// from the solver: admission, caps and floors are recomputed here, and
// optimality is judged by brute force or by the exchange certificate.

func admitsTest(p Pool, c Component) bool {
	if !c.Eligible {
		return false
	}
	if len(p.Outcomes) > 0 && !slices.Contains(p.Outcomes, c.Outcome) {
		return false
	}
	if len(p.Regions) > 0 && !slices.Contains(p.Regions, c.Region) {
		return false
	}
	if len(p.Themes) > 0 {
		found := false
		for _, t := range c.Themes {
			found = found || slices.Contains(p.Themes, t)
		}
		return found
	}
	return true
}

func capTest(c Component) int64 {
	if !c.Eligible || c.Gap <= 0 {
		return 0
	}
	if c.Max > 0 && c.Max < c.Gap {
		return c.Max
	}
	return c.Gap
}

func floorTest(c Component) int64 { return min(c.Min, capTest(c)) }

// orderTest returns component indices in priority order: rank, then key.
func orderTest(comps []Component) []int {
	idx := make([]int, len(comps))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(comps[a].Rank, comps[b].Rank); c != 0 {
			return c
		}
		return cmp.Compare(comps[a].Key, comps[b].Key)
	})
	return idx
}

// bruteForce enumerates every integral allocation, pool by pool, keeps the
// vectors of amounts received that meet the floors, and returns the
// lexicographically greatest in priority order. ok is false when no
// allocation meets the floors.
func bruteForce(pools []Pool, comps []Component) (best []int64, ok bool) {
	n := len(comps)
	caps := make([]int64, n)
	for i, c := range comps {
		caps[i] = capTest(c)
	}
	type vec [8]int64
	reach := map[vec]bool{{}: true}
	for _, p := range pools {
		var adm []int
		for i, c := range comps {
			if admitsTest(p, c) {
				adm = append(adm, i)
			}
		}
		next := map[vec]bool{}
		var spread func(v vec, j int, left int64)
		spread = func(v vec, j int, left int64) {
			if j == len(adm) {
				next[v] = true
				return
			}
			i := adm[j]
			for a := int64(0); a <= left && v[i]+a <= caps[i]; a++ {
				w := v
				w[i] += a
				spread(w, j+1, left-a)
			}
		}
		for v := range reach {
			spread(v, 0, p.Amount)
		}
		reach = next
	}
	order := orderTest(comps)
	var top vec
	for v := range reach {
		meets := true
		for i, c := range comps {
			meets = meets && v[i] >= floorTest(c)
		}
		if !meets {
			continue
		}
		if !ok || lexGreater(v[:n], top[:n], order) {
			top, ok = v, true
		}
	}
	return top[:n], ok
}

func lexGreater(a, b []int64, order []int) bool {
	for _, i := range order {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

func randomSmall(r *rand.Rand) ([]Pool, []Component) {
	subset := func(all []string) []string {
		var out []string
		for _, x := range all {
			if r.IntN(2) == 0 {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			out = all[:1]
		}
		return out
	}
	outcomes, regions, themes := []string{"1", "2"}, []string{"AF", "AS"}, []string{"youth", "rural"}
	pools := make([]Pool, 2+r.IntN(2))
	for i := range pools {
		p := Pool{ID: fmt.Sprintf("P%d", i), Amount: int64(r.IntN(7))}
		if r.IntN(3) == 0 {
			p.Outcomes = subset(outcomes)
		}
		if r.IntN(3) == 0 {
			p.Regions = subset(regions)
		}
		if r.IntN(5) == 0 {
			p.Themes = subset(themes)
		}
		pools[i] = p
	}
	comps := make([]Component, 3+r.IntN(3))
	keys := r.Perm(len(comps))
	for i := range comps {
		c := Component{
			Key:      fmt.Sprintf("c%d", keys[i]),
			Outcome:  outcomes[r.IntN(2)],
			Region:   regions[r.IntN(2)],
			Eligible: r.IntN(7) != 0,
			Gap:      int64(r.IntN(6)) - 1,
			Rank:     1 + r.IntN(3),
		}
		if r.IntN(2) == 0 {
			c.Themes = subset(themes)
		}
		if r.IntN(3) == 0 {
			c.Min = int64(1 + r.IntN(3))
		}
		if r.IntN(3) == 0 {
			c.Max = int64(1 + r.IntN(4))
		}
		comps[i] = c
	}
	return pools, comps
}

func TestOptimalAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	infeasible := 0
	const cases = 3000
	for n := range cases {
		pools, comps := randomSmall(r)
		want, ok := bruteForce(pools, comps)
		res, err := Solve(pools, comps)
		if !ok {
			infeasible++
			var fe *FloorError
			if !errors.As(err, &fe) {
				t.Fatalf("case %d: no allocation meets the floors, but Solve returned %v\npools %+v\ncomps %+v", n, err, pools, comps)
			}
			checkFloorError(t, pools, comps, fe)
			continue
		}
		if err != nil {
			t.Fatalf("case %d: Solve: %v\npools %+v\ncomps %+v", n, err, pools, comps)
		}
		checkInvariants(t, pools, comps, res)
		for i, c := range comps {
			if got := res.Received[c.Key]; got != want[i] {
				t.Fatalf("case %d: %s receives %d, the lexicographic optimum gives %d\npools %+v\ncomps %+v\nlines %+v",
					n, c.Key, got, want[i], pools, comps, res.Lines)
			}
		}
	}
	// The generator must exercise both outcomes, or the test proves little.
	if infeasible == 0 || infeasible > cases/2 {
		t.Errorf("%d of %d cases had infeasible floors; tune the generator", infeasible, cases)
	}
}

// checkFloorError checks that the error is a proof: the named components'
// floors exceed everything the pools admitting any of them hold.
func checkFloorError(t *testing.T, pools []Pool, comps []Component, fe *FloorError) {
	t.Helper()
	byKey := map[string]Component{}
	for _, c := range comps {
		byKey[c.Key] = c
	}
	var need int64
	admitting := map[string]bool{}
	for _, k := range fe.Components {
		c := byKey[k]
		need += floorTest(c)
		for _, p := range pools {
			if admitsTest(p, c) {
				admitting[p.ID] = true
			}
		}
	}
	var have int64
	for _, p := range pools {
		if admitting[p.ID] {
			have += p.Amount
		}
	}
	if need != fe.Need || have != fe.Have || need <= have || len(admitting) != len(fe.Pools) {
		t.Fatalf("FloorError %+v is not a proof: floors %d, pools %v hold %d", fe, need, admitting, have)
	}
}

// checkInvariants checks every rule an allocation must keep, and that no
// component can gain by a single exchange, which for this kind of feasible
// set (an integral generalised polymatroid) proves lexicographic optimality.
func checkInvariants(t *testing.T, pools []Pool, comps []Component, res Result) {
	t.Helper()
	poolAt := map[string]int{}
	for i, p := range pools {
		poolAt[p.ID] = i
	}
	compAt := map[string]int{}
	for i, c := range comps {
		compAt[c.Key] = i
	}
	order := orderTest(comps)
	pos := make([]int, len(comps))
	for j, i := range order {
		pos[i] = j
	}
	used := make([]int64, len(pools))
	got := make([]int64, len(comps))
	// amt[p][i] is what pool p gives component i.
	amt := make([]map[int]int64, len(pools))
	for p := range amt {
		amt[p] = map[int]int64{}
	}
	seen := map[[2]string]bool{}
	for n, l := range res.Lines {
		p, okp := poolAt[l.Pool]
		i, okc := compAt[l.Component]
		switch {
		case !okp || !okc:
			t.Fatalf("line %+v names an unknown pool or component", l)
		case l.Amount <= 0:
			t.Fatalf("line %+v has no positive amount", l)
		case !admitsTest(pools[p], comps[i]):
			t.Fatalf("line %+v funds a component that is ineligible or outside the pool's earmark", l)
		case seen[[2]string{l.Pool, l.Component}]:
			t.Fatalf("line %+v is repeated", l)
		case l.Reason == "":
			t.Fatalf("line %+v has no reason", l)
		}
		if n > 0 {
			prev := res.Lines[n-1]
			if c := cmp.Compare(pos[compAt[prev.Component]], pos[i]); c > 0 || c == 0 && prev.Pool >= l.Pool {
				t.Fatalf("lines %+v and %+v are out of order", prev, l)
			}
		}
		seen[[2]string{l.Pool, l.Component}] = true
		used[p] += l.Amount
		got[i] += l.Amount
		amt[p][i] += l.Amount
	}
	for p, pool := range pools {
		if used[p] > pool.Amount {
			t.Fatalf("pool %s gives %d of %d", pool.ID, used[p], pool.Amount)
		}
		if left, ok := res.PoolLeft[pool.ID]; !ok || left != pool.Amount-used[p] {
			t.Fatalf("pool %s: PoolLeft %d, want %d", pool.ID, left, pool.Amount-used[p])
		}
	}
	notes := map[string]Note{}
	for _, n := range res.Notes {
		if _, dup := notes[n.Component]; dup {
			t.Fatalf("two notes for %s", n.Component)
		}
		notes[n.Component] = n
	}
	for i, c := range comps {
		if r, ok := res.Received[c.Key]; !ok || r != got[i] {
			t.Fatalf("%s: Received %d, lines give %d", c.Key, r, got[i])
		}
		if got[i] > capTest(c) {
			t.Fatalf("%s receives %d, above its gap %d or maximum %d", c.Key, got[i], c.Gap, c.Max)
		}
		if got[i] < floorTest(c) {
			t.Fatalf("%s receives %d, below its floor %d", c.Key, got[i], floorTest(c))
		}
		n, noted := notes[c.Key]
		if wantNote := got[i] == 0 || got[i] < c.Gap; noted != wantNote {
			t.Fatalf("%s receives %d of gap %d; note present %v", c.Key, got[i], c.Gap, noted)
		}
		if noted && (n.Short != max(c.Gap-got[i], 0) || n.Text == "") {
			t.Fatalf("%s: note %+v, want short %d", c.Key, n, max(c.Gap-got[i], 0))
		}
		if noted {
			var want NoteKind
			switch {
			case !c.Eligible:
				want = NoteIneligible
			case c.Gap <= 0:
				want = NoteNoGap
			case got[i] == capTest(c):
				want = NoteMaximum
			}
			admitted := false
			for _, p := range pools {
				admitted = admitted || admitsTest(p, c)
			}
			if want == "" && !admitted {
				want = NoteEarmark
			} else if want == "" {
				want = NotePoolsExhausted
			}
			if n.Kind != want {
				t.Fatalf("%s: note kind %s, want %s: %s", c.Key, n.Kind, want, n.Text)
			}
		}
	}

	// Which pool pays: pools open to fewer components (with a gap) must be
	// spent first. A pool p with money left must have no chain p → d → q …
	// that would move a cent of some component's funding from a pool later
	// in that order onto p, keeping every component's amount.
	opento := make([]int, len(pools))
	for p := range pools {
		for _, c := range comps {
			if capTest(c) > 0 && admitsTest(pools[p], c) {
				opento[p]++
			}
		}
	}
	later := func(q, p int) bool {
		return opento[q] > opento[p] || opento[q] == opento[p] && pools[q].ID > pools[p].ID
	}
	for p := range pools {
		if used[p] == pools[p].Amount {
			continue
		}
		seenPool := map[int]bool{p: true}
		queue := []int{p}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for d, c := range comps {
				if got[d] == 0 || !admitsTest(pools[u], c) {
					continue
				}
				for q := range pools {
					if amt[q][d] == 0 || seenPool[q] {
						continue
					}
					if later(q, p) {
						t.Fatalf("%s pays %s while %s, earmarked more narrowly, could pay it and has %d left",
							pools[q].ID, c.Key, pools[p].ID, pools[p].Amount-used[p])
					}
					seenPool[q] = true
					queue = append(queue, q)
				}
			}
		}
	}

	// Exchange certificate: for a component short of its cap, look for a way
	// to raise it by one cent: a chain c ← p ← d ← p' … ending at a pool
	// with money left, or at a component d lower in priority with more than
	// its floor (whose cent would move to c). Neither may exist.
	for _, c := range order {
		if got[c] >= capTest(comps[c]) {
			continue
		}
		seenPool := make([]bool, len(pools))
		var queue []int
		for p := range pools {
			if admitsTest(pools[p], comps[c]) {
				seenPool[p] = true
				queue = append(queue, p)
			}
		}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if used[p] < pools[p].Amount {
				t.Fatalf("%s is short but pool %s, which can reach it, has %d left", comps[c].Key, pools[p].ID, pools[p].Amount-used[p])
			}
			for d, a := range amt[p] {
				if a == 0 || d == c {
					continue
				}
				if pos[d] > pos[c] && got[d] > floorTest(comps[d]) {
					t.Fatalf("%s could take a cent of %s from %s, which is lower in priority", comps[c].Key, comps[d].Key, pools[p].ID)
				}
				for q := range pools {
					if !seenPool[q] && admitsTest(pools[q], comps[d]) {
						seenPool[q] = true
						queue = append(queue, q)
					}
				}
			}
		}
	}
}
