package alloc

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// result writes the lines with their reasons, the totals and the notes.
func (s *solver) result() Result {
	r := Result{
		Lines:    make([]Line, len(s.lines)),
		Received: make(map[string]int64, len(s.comps)),
		PoolLeft: make(map[string]int64, len(s.pools)),
	}
	for p, pool := range s.pools {
		r.PoolLeft[pool.ID] = s.left[p]
	}
	limits := map[int]*limit{} // by class
	usages := map[string]*usage{}
	limitOf := func(k int) *limit {
		if l, ok := limits[k]; ok {
			return l
		}
		l := s.newLimit(k, usages)
		limits[k] = l
		return l
	}

	marks := make([]string, len(s.pools))
	for p, pool := range s.pools {
		marks[p] = pool.ID + " (" + earmarkText(pool) + ") pays "
	}

	for i, c := range s.comps {
		r.Received[c.Key] = s.x[i]
		var lim *limit
		if s.class[i] >= 0 && s.x[i] < s.cap[i] {
			lim = limitOf(s.class[i])
		}
		var status, rank string
		if len(s.compLines[i]) > 0 {
			status, rank = s.status(i), rankText(c)
		}
		for _, li := range s.compLines[i] {
			l := s.lines[li]
			r.Lines[li] = Line{
				Pool:      s.pools[l.pool].ID,
				Component: c.Key,
				Amount:    l.amount,
				Reason:    s.lineReason(i, l, rank, marks[l.pool], status),
			}
		}
		if note, ok := s.note(i, lim); ok {
			r.Notes = append(r.Notes, note)
		}
	}
	return r
}

// status says how a component's allocation ended, for its lines' reasons.
func (s *solver) status(i int) string {
	c, x := s.comps[i], s.x[i]
	var b strings.Builder
	switch {
	case x == c.Gap:
		fmt.Fprintf(&b, "This fills its gap of %s.", usd(c.Gap))
	case x == s.cap[i]:
		fmt.Fprintf(&b, "This reaches its maximum of %s (its gap is %s).", usd(c.Max), usd(c.Gap))
	case x == s.floor[i]:
		fmt.Fprintf(&b, "It receives only its minimum commitment: every pool it may draw on is spent, leaving %s of its gap open (see its note).",
			usd(c.Gap-x))
	default:
		fmt.Fprintf(&b, "That is all it can get: every pool it may draw on is spent, leaving %s of its gap open (see its note).",
			usd(c.Gap-x))
	}
	if f := s.floor[i]; f > 0 && x > f {
		fmt.Fprintf(&b, " It includes its minimum commitment of %s.", usd(f))
	}
	return b.String()
}

// lineReason writes a line's reason: the component's rank and priority
// reasons, the pool and its earmark, the amount, and how the component's
// allocation ended (status).
func (s *solver) lineReason(i int, l line, rank, pays, status string) string {
	var b strings.Builder
	b.Grow(len(rank) + len(pays) + len(status) + 64)
	b.WriteString(rank)
	b.WriteString(". ")
	b.WriteString(pays)
	b.WriteString(usd(l.amount))
	if n := len(s.compLines[i]); n > 1 {
		b.WriteString(" of the " + usd(s.x[i]) + " it receives from " + strconv.Itoa(n) + " pools. ")
	} else {
		b.WriteString(", all it receives. ")
	}
	b.WriteString(status)
	return b.String()
}

func rankText(c *Component) string {
	t := "Rank " + strconv.Itoa(c.Rank)
	if len(c.PriorityReasons) > 0 {
		t += " (" + strings.Join(c.PriorityReasons, "; ") + ")"
	}
	return t
}

func earmarkText(p Pool) string {
	var parts []string
	add := func(what string, xs []string) {
		if len(xs) > 0 {
			parts = append(parts, what+" "+strings.Join(xs, ", "))
		}
	}
	add("outcome", p.Outcomes)
	add("region", p.Regions)
	add("theme", p.Themes)
	if len(parts) == 0 {
		return "unearmarked"
	}
	return "earmarked to " + strings.Join(parts, "; ")
}

// note explains component i if it receives less than its gap or nothing.
func (s *solver) note(i int, lim *limit) (Note, bool) {
	c, x := s.comps[i], s.x[i]
	n := Note{Component: c.Key, Short: max(c.Gap-x, 0)}
	open := ""
	if c.Gap > 0 {
		open = fmt.Sprintf(" Its gap of %s stays open.", usd(c.Gap))
	}
	switch {
	case !c.Eligible:
		n.Kind = NoteIneligible
		why := c.IneligibleReason
		if why == "" {
			why = "marked ineligible"
		}
		n.Text = "Not eligible: " + strings.TrimSuffix(why, ".") + "." + open
	case c.Gap <= 0:
		n.Kind = NoteNoGap
		n.Text = fmt.Sprintf("No resource gap (%s): nothing to fund.", usd(c.Gap))
	case x == c.Gap:
		return n, false
	case x == s.cap[i]:
		n.Kind = NoteMaximum
		n.Text = fmt.Sprintf("Capped at its maximum of %s; %s of its gap of %s stays open.", usd(c.Max), usd(n.Short), usd(c.Gap))
		if c.Min > c.Max {
			n.Text += fmt.Sprintf(" Its minimum of %s is above that maximum, so the maximum is what is committed.", usd(c.Min))
		}
	case s.class[i] < 0:
		n.Kind = NoteEarmark
		n.Text = s.earmarkNote(c) + open
	default:
		n.Kind = NotePoolsExhausted
		if x == 0 {
			n.Text = fmt.Sprintf("Receives nothing; its gap of %s stays open. ", usd(c.Gap))
		} else {
			n.Text = fmt.Sprintf("Receives %s of its gap of %s; %s stays open. ", usd(x), usd(c.Gap), usd(n.Short))
		}
		n.Text += lim.explain(s, i)
	}
	return n, true
}

func (s *solver) earmarkNote(c *Component) string {
	if len(s.pools) == 0 {
		return "There is no pool to draw on."
	}
	var why []string
	for _, p := range s.byID {
		pool, m := s.pools[p], s.marks[p]
		var miss []string
		if m.outcomes != nil && !m.outcomes[c.Outcome] {
			miss = append(miss, fmt.Sprintf("outcome %s (it is %s)", strings.Join(pool.Outcomes, ", "), orNone(c.Outcome, "outcome")))
		}
		if m.regions != nil && !m.regions[c.Region] {
			miss = append(miss, fmt.Sprintf("region %s (it is %s)", strings.Join(pool.Regions, ", "), orNone(c.Region, "region")))
		}
		if m.themes != nil && !slices.ContainsFunc(c.Themes, func(t string) bool { return m.themes[t] }) {
			miss = append(miss, fmt.Sprintf("theme %s (it has none of them)", strings.Join(pool.Themes, ", ")))
		}
		why = append(why, pool.ID+" is earmarked to "+strings.Join(miss, " and "))
	}
	return "No pool's earmark admits it: " + strings.Join(why, "; ") + "."
}

func orNone(v, what string) string {
	if v == "" {
		return "without a " + what
	}
	if what == "outcome" {
		return "outcome " + v
	}
	return "in " + v
}

// limit describes the pools that stop a class: the pools that could pay
// its members, directly or by moving other allocations, and who uses them.
type limit struct {
	direct, indirect []string // pool IDs
	total            int64    // what those pools hold
	*usage
}

// usage lists the components paid from a set of pools, in priority order,
// with cumulative amounts for quick sums of "everyone ahead of i". Classes
// limited by the same pools share one.
type usage struct {
	users []int
	cum   []int64 // cum[j] = amounts of users[:j]
}

func (s *solver) newLimit(k int, usages map[string]*usage) *limit {
	l := &limit{}
	in := make([]byte, len(s.pools))
	for _, p := range s.limitingPools(k) {
		in[p] = 1
		l.total += s.pools[p].Amount
		if slices.Contains(s.classPools[k], p) {
			l.direct = append(l.direct, s.pools[p].ID)
		} else {
			l.indirect = append(l.indirect, s.pools[p].ID)
		}
	}
	sort.Strings(l.direct)
	sort.Strings(l.indirect)
	if u, ok := usages[string(in)]; ok {
		l.usage = u
		return l
	}
	u := &usage{cum: []int64{0}}
	for _, ln := range s.lines { // sorted by component
		if in[ln.pool] == 0 {
			continue
		}
		if n := len(u.users); n > 0 && u.users[n-1] == ln.comp {
			u.cum[n] += ln.amount
			continue
		}
		u.users = append(u.users, ln.comp)
		u.cum = append(u.cum, u.cum[len(u.cum)-1]+ln.amount)
	}
	usages[string(in)] = u
	l.usage = u
	return l
}

// explain says why component i could get no more from these pools.
func (l *limit) explain(s *solver, i int) string {
	pools := "directly " + strings.Join(l.direct, ", ")
	if len(l.indirect) > 0 {
		pools += "; by moving other allocations " + strings.Join(l.indirect, ", ")
	}
	if l.total == 0 {
		return "The pools it may draw on (" + pools + ") hold no money."
	}
	// users[:j] are ahead of i in priority order; users[after:] behind it.
	j := sort.SearchInts(l.users, i)
	after := j
	var parts []string
	if j < len(l.users) && l.users[j] == i {
		after++
		parts = append(parts, "it receives "+usd(l.cum[after]-l.cum[j])+" itself")
	}
	if j > 0 {
		c, last := s.comps[i], s.comps[l.users[j-1]]
		tie := ""
		if last.Rank == c.Rank {
			tie = ", the same rank but earlier by key"
		}
		parts = append(parts, fmt.Sprintf("%s went to %s ahead of it in priority order (the last of them %s, rank %d%s)",
			usd(l.cum[j]), count(j, "component"), last.Key, last.Rank, tie))
	}
	if n := len(l.users) - after; n > 0 {
		var keys []string
		for _, u := range l.users[after:min(after+3, len(l.users))] {
			keys = append(keys, s.comps[u].Key)
		}
		if n > 3 {
			keys = append(keys, "…")
		}
		parts = append(parts, fmt.Sprintf("%s to the minimum commitments of %s lower in priority (%s)",
			usd(l.cum[len(l.users)]-l.cum[after]), count(n, "component"), strings.Join(keys, ", ")))
	}
	return fmt.Sprintf("Every pool it may draw on is spent (%s in all; %s). Of that, %s.", usd(l.total), pools, strings.Join(parts, "; "))
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
