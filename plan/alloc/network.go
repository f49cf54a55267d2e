package alloc

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// solver holds the flow network of one Solve call. Components are indexed
// by their position in priority order; pools by their index in the input.
type solver struct {
	pools []Pool
	marks []earmark
	comps []*Component // priority order

	cap, floor, x []int64 // per component
	class         []int   // per component; -1 when no pool admits it or it may receive nothing

	classPools   [][]int   // per class: the pools admitting it, in preference order
	poolClasses  [][]int   // per pool: the classes it admits, by class index
	classMembers [][]int   // per class: its components, in priority order
	demand       []int64   // per class: what its components receive in all
	flow         [][]int64 // [pool][class]: what the pool gives the class
	left         []int64   // per pool
	blocked      []bool    // per class: no augmenting path is left (and never will be)

	prefer []int // pool indices in preference order: narrowest earmark first
	prefAt []int // pool index → position in prefer
	byID   []int // pool indices by ID, for texts that list pools

	// Breadth-first search scratch, reused across searches.
	stamp             int
	seen              []int // per pool or class, as the search needs
	viaPool, viaClass []int
	queue             []int
	seenCls           []int
	viaPoolC, viaClsC []int
	inflow            []int64 // per class, while choosing pools
	lines             []line
	compLines         [][]int // per component: indices into lines
}

// line is a Line before its reason is written.
type line struct {
	comp, pool int
	amount     int64
}

// earmark is a pool's earmark as sets; a nil set admits anything.
type earmark struct{ outcomes, regions, themes map[string]bool }

func setOf(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func (e earmark) admits(c *Component) bool {
	if e.outcomes != nil && !e.outcomes[c.Outcome] {
		return false
	}
	if e.regions != nil && !e.regions[c.Region] {
		return false
	}
	if e.themes != nil {
		return slices.ContainsFunc(c.Themes, func(t string) bool { return e.themes[t] })
	}
	return true
}

func newSolver(pools []Pool, comps []Component) *solver {
	s := &solver{pools: pools, comps: sortedComponents(comps)}
	np, nc := len(pools), len(comps)
	s.marks = make([]earmark, np)
	for i, p := range pools {
		s.marks[i] = earmark{setOf(p.Outcomes), setOf(p.Regions), setOf(p.Themes)}
	}
	s.cap, s.floor, s.x = make([]int64, nc), make([]int64, nc), make([]int64, nc)
	s.class = make([]int, nc)

	// Components with the same outcome, region and themes are admitted by
	// the same pools, so the pools are asked once per such signature; and
	// components admitted by the same pools share a class.
	bySig := map[string]int{}
	byMask := map[string]int{}
	var sig []byte
	mask := make([]byte, (np+7)/8)
	var masks [][]int
	for i, c := range s.comps {
		s.cap[i], s.floor[i], s.class[i] = capOf(*c), floorOf(*c), -1
		if s.cap[i] == 0 {
			continue
		}
		// Length-prefixed, so that no choice of codes can make two
		// different components look alike.
		sig = binary.AppendUvarint(sig[:0], uint64(len(c.Outcome)))
		sig = append(sig, c.Outcome...)
		sig = binary.AppendUvarint(sig, uint64(len(c.Region)))
		sig = append(sig, c.Region...)
		for _, t := range c.Themes {
			sig = binary.AppendUvarint(sig, uint64(len(t)))
			sig = append(sig, t...)
		}
		if k, ok := bySig[string(sig)]; ok {
			s.class[i] = k
		} else {
			clear(mask)
			var admitted []int
			for p := range pools {
				if s.marks[p].admits(c) {
					mask[p/8] |= 1 << (p % 8)
					admitted = append(admitted, p)
				}
			}
			k := -1
			if len(admitted) > 0 {
				var ok bool
				if k, ok = byMask[string(mask)]; !ok {
					k = len(masks)
					byMask[string(mask)] = k
					masks = append(masks, admitted)
					s.classMembers = append(s.classMembers, nil)
				}
			}
			bySig[string(sig)] = k
			s.class[i] = k
		}
		if k := s.class[i]; k >= 0 {
			s.classMembers[k] = append(s.classMembers[k], i)
		}
	}

	// Pools open to fewer components are used first (see choosePools).
	opento := make([]int, np)
	for k, ps := range masks {
		for _, p := range ps {
			opento[p] += len(s.classMembers[k])
		}
	}
	s.prefer = make([]int, np)
	for i := range s.prefer {
		s.prefer[i] = i
	}
	slices.SortFunc(s.prefer, func(a, b int) int {
		if c := cmp.Compare(opento[a], opento[b]); c != 0 {
			return c
		}
		return cmp.Compare(pools[a].ID, pools[b].ID)
	})
	s.byID = slices.Clone(s.prefer)
	slices.SortFunc(s.byID, func(a, b int) int { return strings.Compare(pools[a].ID, pools[b].ID) })
	s.prefAt = make([]int, np)
	for i, p := range s.prefer {
		s.prefAt[p] = i
	}

	nk := len(masks)
	s.classPools = masks
	s.poolClasses = make([][]int, np)
	for k, ps := range masks {
		slices.SortFunc(ps, func(a, b int) int { return cmp.Compare(s.prefAt[a], s.prefAt[b]) })
		for _, p := range ps {
			s.poolClasses[p] = append(s.poolClasses[p], k)
		}
	}
	s.demand = make([]int64, nk)
	s.blocked = make([]bool, nk)
	s.flow = make([][]int64, np)
	for p := range s.flow {
		s.flow[p] = make([]int64, nk)
	}
	s.left = make([]int64, np)
	for p := range pools {
		s.left[p] = pools[p].Amount
	}
	s.seen, s.viaPool, s.viaClass = make([]int, np), make([]int, np), make([]int, np)
	s.seenCls, s.viaPoolC, s.viaClsC = make([]int, nk), make([]int, nk), make([]int, nk)
	s.inflow = make([]int64, nk)
	return s
}

// augment sends up to want more cents to class k along augmenting paths,
// and returns how much it sent. Other classes keep their totals; only the
// pools paying them may change.
func (s *solver) augment(k int, want int64) int64 {
	var got int64
	for got < want {
		p := s.searchToClass(k)
		if p < 0 {
			break
		}
		got += s.pushAlong(p, want-got)
	}
	return got
}

// searchToClass looks, breadth first from class k backwards, for a pool with
// money left that can reach k: directly, or by taking over another class's
// share of a pool on the way. It returns that pool, with the path recorded
// in viaPool and viaClass, or -1 when there is none. When it returns -1 the
// pools it visited (seen == stamp) are all empty: they are the set that
// limits k.
func (s *solver) searchToClass(k int) int {
	s.stamp++
	s.queue = s.queue[:0]
	for _, p := range s.classPools[k] {
		s.seen[p], s.viaPool[p], s.viaClass[p] = s.stamp, -1, k
		if s.left[p] > 0 {
			return p
		}
		s.queue = append(s.queue, p)
	}
	for i := 0; i < len(s.queue); i++ {
		q := s.queue[i]
		for _, k2 := range s.poolClasses[q] {
			if s.flow[q][k2] == 0 {
				continue
			}
			for _, p := range s.classPools[k2] {
				if s.seen[p] == s.stamp {
					continue
				}
				s.seen[p], s.viaPool[p], s.viaClass[p] = s.stamp, q, k2
				if s.left[p] > 0 {
					return p
				}
				s.queue = append(s.queue, p)
			}
		}
	}
	return -1
}

// pushAlong sends up to want along the path found by searchToClass from
// pool p, and returns the amount sent.
func (s *solver) pushAlong(p int, want int64) int64 {
	d := min(want, s.left[p])
	for cur := p; s.viaPool[cur] >= 0; cur = s.viaPool[cur] {
		d = min(d, s.flow[s.viaPool[cur]][s.viaClass[cur]])
	}
	s.left[p] -= d
	for cur := p; ; {
		k := s.viaClass[cur]
		s.flow[cur][k] += d
		prev := s.viaPool[cur]
		if prev < 0 {
			break
		}
		s.flow[prev][k] -= d
		cur = prev
	}
	return d
}

// routeFloors gives every component its floor, or proves by a minimum cut
// that the floors cannot all be met.
func (s *solver) routeFloors() error {
	need := make([]int64, len(s.classPools))
	var homeless []int // components with a floor that no pool admits
	for i, f := range s.floor {
		if f == 0 {
			continue
		}
		if k := s.class[i]; k >= 0 {
			need[k] += f
		} else {
			homeless = append(homeless, i)
		}
	}
	short := len(homeless) > 0
	for k, n := range need {
		if n == 0 {
			continue
		}
		got := s.augment(k, n)
		s.demand[k] += got
		if got < n {
			short = true
		}
	}
	if !short {
		copy(s.x, s.floor)
		return nil
	}
	if len(homeless) > 0 {
		return s.floorError(homeless)
	}

	// The classes the source cannot reach in the residual network, and the
	// pools admitting them, form the violated side of a minimum cut: their
	// floors exceed what those pools hold.
	reach := make([]bool, len(s.classPools))
	poolIn := make([]bool, len(s.pools))
	var queue []int
	for p := range s.pools {
		if s.left[p] > 0 {
			poolIn[p] = true
			queue = append(queue, p)
		}
	}
	for i := 0; i < len(queue); i++ {
		for _, k := range s.poolClasses[queue[i]] {
			if reach[k] {
				continue
			}
			reach[k] = true
			for _, q := range s.classPools[k] {
				if !poolIn[q] && s.flow[q][k] > 0 {
					poolIn[q] = true
					queue = append(queue, q)
				}
			}
		}
	}
	var conflict []int
	for i, f := range s.floor {
		if f > 0 && !reach[s.class[i]] {
			conflict = append(conflict, i)
		}
	}
	return s.floorError(conflict)
}

func (s *solver) floorError(comps []int) error {
	e := &FloorError{}
	inN := make([]bool, len(s.pools))
	for _, i := range comps {
		e.Components = append(e.Components, s.comps[i].Key)
		e.Need += s.floor[i]
		if k := s.class[i]; k >= 0 {
			for _, p := range s.classPools[k] {
				inN[p] = true
			}
		}
	}
	for p, in := range inN {
		if in {
			e.Pools = append(e.Pools, s.pools[p].ID)
			e.Have += s.pools[p].Amount
		}
	}
	slices.Sort(e.Pools)
	if e.Have >= e.Need {
		return fmt.Errorf("internal error: minimum cut of %s against %s does not prove the floors infeasible", usd(e.Need), usd(e.Have))
	}
	return e
}

// raiseInOrder gives each component, in priority order, as much more as
// any augmenting path allows. A class once blocked stays blocked: its
// limiting pools are then all spent, and class totals only grow.
func (s *solver) raiseInOrder() {
	for i := range s.comps {
		k := s.class[i]
		want := s.cap[i] - s.x[i]
		if k < 0 || want == 0 || s.blocked[k] {
			continue
		}
		got := s.augment(k, want)
		s.x[i] += got
		s.demand[k] += got
		if got < want {
			s.blocked[k] = true
		}
	}
}

// choosePools decides which pool pays what. The class totals are fixed; the
// flow is rebuilt with the pools taken in preference order, each giving as
// much as it can without lowering what the pools before it give, so the
// narrowly earmarked pools are spent first and the flexible ones keep the
// rest. It then splits each class's money among its members.
func (s *solver) choosePools() error {
	for p := range s.flow {
		clear(s.flow[p])
		s.left[p] = s.pools[p].Amount
	}
	clear(s.inflow)
	for _, p := range s.prefer {
		for s.left[p] > 0 {
			k := s.searchFromPool(p)
			if k < 0 {
				break
			}
			s.pushFromPool(p, k)
		}
	}
	for k := range s.demand {
		if s.inflow[k] != s.demand[k] {
			return errors.New("internal error: the chosen pools do not pay the allocation")
		}
	}

	for k, members := range s.classMembers {
		ps := s.classPools[k]
		j := 0
		var have int64
		if len(ps) > 0 {
			have = s.flow[ps[0]][k]
		}
		for _, i := range members {
			need := s.x[i]
			for need > 0 {
				for have == 0 {
					j++
					have = s.flow[ps[j]][k]
				}
				d := min(need, have)
				s.lines = append(s.lines, line{comp: i, pool: ps[j], amount: d})
				need -= d
				have -= d
			}
		}
	}
	slices.SortFunc(s.lines, func(a, b line) int {
		if c := cmp.Compare(a.comp, b.comp); c != 0 {
			return c
		}
		return strings.Compare(s.pools[a.pool].ID, s.pools[b.pool].ID)
	})
	s.compLines = make([][]int, len(s.comps))
	for li, l := range s.lines {
		s.compLines[l.comp] = append(s.compLines[l.comp], li)
	}
	return nil
}

// searchFromPool looks, breadth first from pool p, for a class still short
// of its total that p can reach: directly, or by taking over a share that
// another pool gives a class, freeing that pool for the next. It returns
// the class, with the path in viaPoolC and viaClsC, or -1.
func (s *solver) searchFromPool(p int) int {
	s.stamp++
	s.queue = s.queue[:0]
	for _, k := range s.poolClasses[p] {
		s.seenCls[k], s.viaPoolC[k], s.viaClsC[k] = s.stamp, -1, -1
		if s.inflow[k] < s.demand[k] {
			return k
		}
		s.queue = append(s.queue, k)
	}
	for i := 0; i < len(s.queue); i++ {
		k := s.queue[i]
		for _, q := range s.classPools[k] {
			if s.flow[q][k] == 0 {
				continue
			}
			for _, k2 := range s.poolClasses[q] {
				if s.seenCls[k2] == s.stamp {
					continue
				}
				s.seenCls[k2], s.viaPoolC[k2], s.viaClsC[k2] = s.stamp, q, k
				if s.inflow[k2] < s.demand[k2] {
					return k2
				}
				s.queue = append(s.queue, k2)
			}
		}
	}
	return -1
}

// pushFromPool sends what it can along the path searchFromPool found from
// pool p to class end.
func (s *solver) pushFromPool(p, end int) {
	d := min(s.left[p], s.demand[end]-s.inflow[end])
	for cur := end; s.viaPoolC[cur] >= 0; cur = s.viaClsC[cur] {
		d = min(d, s.flow[s.viaPoolC[cur]][s.viaClsC[cur]])
	}
	s.left[p] -= d
	s.inflow[end] += d
	for cur := end; ; {
		q := s.viaPoolC[cur]
		if q < 0 {
			s.flow[p][cur] += d
			return
		}
		prev := s.viaClsC[cur]
		s.flow[q][cur] += d
		s.flow[q][prev] -= d
		cur = prev
	}
}

// limitingPools returns the pools that limit class k in the final flow:
// those from which money could reach k, directly or by moving other
// classes' shares. In an optimal allocation they are all spent.
func (s *solver) limitingPools(k int) []int {
	if s.searchToClass(k) >= 0 {
		return nil // cannot happen when the allocation is optimal
	}
	var out []int
	for p := range s.pools {
		if s.seen[p] == s.stamp {
			out = append(out, p)
		}
	}
	return out
}
