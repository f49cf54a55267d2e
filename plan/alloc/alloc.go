// Package alloc proposes how un-earmarked and lightly earmarked money (RBSA
// and similar pools) is shared among the components of outcome-based
// workplans, and explains every amount.
//
// # The problem
//
// Each Component (a country or CPO, a region or the global component of an
// outcome) has a resource gap and may have a minimum (a commitment) and a
// maximum. Each Pool holds an amount and may be earmarked to outcomes,
// regions or themes. An allocation gives whole cents from pools to
// components so that:
//
//   - a pool never gives more than it holds;
//   - a component never receives more than its gap, nor more than its
//     maximum (Max 0 means no maximum), and a component whose gap is zero or
//     negative receives nothing;
//   - a component receives from a pool only if it is eligible and inside the
//     pool's earmark: its outcome is in the pool's Outcomes, its region in the
//     pool's Regions, and one of its themes in the pool's Themes, where an
//     empty list admits anything;
//   - an eligible component with Min > 0 receives at least its floor,
//     min(Min, gap, Max). If the floors cannot all be met Solve returns a
//     *FloorError naming components and pools that conflict.
//
// # What "fills gaps in priority order" means
//
// Components are put in priority order: by Rank (1 first), and by Key among
// equal ranks. Among all allocations that satisfy the rules above, Solve
// returns the one whose vector of amounts received, read in that order, is
// lexicographically greatest: the first component gets as much as any
// allocation could give it; subject to that, the second gets as much as it
// can; and so on. No component can be given a cent more except by taking it
// from a component ahead of it in priority order, or by pushing one behind
// it below its floor. This is
// the precise form of "fill gaps in priority order": a lower priority is
// never served at the expense of a higher one, yet money a higher priority
// cannot use (because of an earmark, its gap or its maximum) still goes to
// the next one that can use it.
//
// For components of equal rank this also maximises their total: the
// feasible amounts form a generalised polymatroid, on which the greedy order
// reaches, for every prefix of the order, the greatest total any allocation
// can give that prefix. So a tied group gets all that it can, and the key
// only decides who among the group is served first. The same property makes
// the overall total allocated as large as possible.
//
// # How it is solved
//
// Exactly, as a maximum flow: source → pool (its amount) → component (where
// eligible and inside the earmark) → sink (the component's cap). Components
// with the same set of admissible pools are interchangeable inside the
// network, so they are merged into one class node; the network then has only
// pools and classes, however many components there are. First the floors
// are routed (a maximum flow; a shortfall is proved by a minimum cut, which
// is what FloorError reports). Then each component in priority order is
// raised by augmenting paths, which may move other components' money
// between pools but never change their amounts. When no augmenting path is
// left the component is at the greatest amount possible (the max-flow
// min-cut theorem), which is the lexicographic optimum above. Integral
// capacities give integral flows, so every amount is in whole cents.
//
// Which pool pays is then chosen: the allocation to each component is fixed,
// and the pools are used in order of how narrowly they are earmarked (open
// to the fewest components first, then by ID), each as fully as possible,
// so that the most flexible money, typically RBSA, is what is left over.
//
// The output depends only on the input's content, not on its order. The
// package is pure: no I/O, no clock, no randomness.
package alloc

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"devcoop/money"
)

// Pool is an amount of money to allocate. Outcomes, Regions and Themes are
// its earmark; an empty list admits any value.
type Pool struct {
	ID       string // unique; reasons and notes name pools by ID
	Name     string // for display by callers
	Amount   int64  // USD cents, not negative
	Outcomes []string
	Regions  []string
	Themes   []string
}

// Component is one line of an outcome-based workplan that may receive money.
type Component struct {
	Key     string // unique, e.g. "4/KE"
	Outcome string
	Region  string
	Country string // empty for a regional or global component
	Themes  []string

	Eligible         bool   // may receive money at all (e.g. ODA-eligible)
	IneligibleReason string // shown when Eligible is false

	Gap int64 // USD cents, required − available; ≤ 0 means no gap
	Min int64 // USD cents committed; a floor when Eligible and > 0
	Max int64 // USD cents; 0 means no maximum beyond the gap

	Rank            int      // 1 is the highest priority; ≥ 1 when Eligible
	PriorityReasons []string // why it has that rank, e.g. "Low-income country: +30"
}

// Line is an amount given by one pool to one component.
type Line struct {
	Pool      string // Pool.ID
	Component string // Component.Key
	Amount    int64  // USD cents, always positive
	Reason    string
}

// NoteKind says what kept a component from its gap.
type NoteKind string

// The kinds of Note.
const (
	// NoteIneligible: the component is not eligible and receives nothing.
	NoteIneligible NoteKind = "ineligible"
	// NoteNoGap: the component has no gap and receives nothing.
	NoteNoGap NoteKind = "no_gap"
	// NoteEarmark: no pool's earmark admits the component.
	NoteEarmark NoteKind = "earmark"
	// NoteMaximum: the component stopped at its maximum, below its gap.
	NoteMaximum NoteKind = "maximum"
	// NotePoolsExhausted: every pool the component could draw on, directly
	// or by moving other allocations, is used up: by the component itself,
	// by components ahead of it in priority order, or by the minimums of
	// components behind it. The text says how much went to each.
	NotePoolsExhausted NoteKind = "pools_exhausted"
)

// Note explains a component that receives nothing or less than its gap.
type Note struct {
	Component string
	Kind      NoteKind
	Short     int64 // USD cents of the gap left open (0 when there is no gap)
	Text      string
}

// Result is a proposed allocation.
type Result struct {
	// Lines in priority order of their component, then by pool ID.
	Lines []Line
	// Received is the total for every component key, zero included.
	Received map[string]int64
	// PoolLeft is what every pool has left, by pool ID.
	PoolLeft map[string]int64
	// Notes, one for every component that receives less than its gap or
	// nothing at all, in priority order (ineligible components last).
	Notes []Note
}

// ErrInvalid is wrapped by errors about malformed input.
var ErrInvalid = errors.New("invalid allocation input")

// ErrInfeasible is wrapped by *FloorError.
var ErrInfeasible = errors.New("minimum commitments cannot all be met")

// FloorError proves that the floors cannot all be met: Components need
// Need in all, but the only pools that may fund any of them, Pools, hold
// Have < Need.
type FloorError struct {
	Components []string // keys, in priority order
	Pools      []string // IDs, sorted
	Need, Have int64    // USD cents
}

func (e *FloorError) Error() string {
	keys := e.Components
	if len(keys) > 10 {
		keys = append(keys[:10:10], fmt.Sprintf("and %d more", len(e.Components)-10))
	}
	var b strings.Builder
	b.WriteString(ErrInfeasible.Error() + ": ")
	them := "them"
	if len(e.Components) == 1 {
		them = "it"
		fmt.Fprintf(&b, "%s needs a minimum of %s, but ", keys[0], usd(e.Need))
	} else {
		fmt.Fprintf(&b, "%s need minimums of %s in all, but ", strings.Join(keys, ", "), usd(e.Need))
	}
	switch {
	case len(e.Pools) == 0:
		b.WriteString("no pool may fund " + them)
	case len(e.Pools) == 1:
		fmt.Fprintf(&b, "the only pool that may fund %s, %s, holds %s", them, e.Pools[0], usd(e.Have))
	default:
		fmt.Fprintf(&b, "the only pools that may fund %s (%s) hold %s in all", them, strings.Join(e.Pools, ", "), usd(e.Have))
	}
	return b.String()
}

// Unwrap lets errors.Is match ErrInfeasible.
func (e *FloorError) Unwrap() error { return ErrInfeasible }

// maxTotal bounds every total so that no sum of cents can overflow an int64.
const maxTotal = int64(1) << 62

// usd writes cents as money.FromCents(cents).String() does ("1234.56"),
// without the big integers: Solve writes a few of these for every line.
func usd(cents int64) string {
	if cents == math.MinInt64 {
		return money.FromCents(cents).String()
	}
	var buf [24]byte
	b := buf[:0]
	if cents < 0 {
		b = append(b, '-')
		cents = -cents
	}
	b = strconv.AppendInt(b, cents/100, 10)
	r := cents % 100
	b = append(b, '.', byte('0'+r/10), byte('0'+r%10))
	return string(b)
}

// Solve returns the lexicographically optimal allocation defined in the
// package documentation, with a reason for every line and a note for every
// component left short. It returns an error wrapping ErrInvalid for
// malformed input, and a *FloorError when the floors cannot all be met.
func Solve(pools []Pool, comps []Component) (Result, error) {
	if err := validate(pools, comps); err != nil {
		return Result{}, err
	}
	s := newSolver(pools, comps)
	if err := s.routeFloors(); err != nil {
		return Result{}, err
	}
	s.raiseInOrder()
	if err := s.choosePools(); err != nil {
		return Result{}, err
	}
	return s.result(), nil
}

func validate(pools []Pool, comps []Component) error {
	ids := make(map[string]bool, len(pools))
	var total int64
	for i, p := range pools {
		switch {
		case p.ID == "":
			return fmt.Errorf("%w: pool %d has no ID", ErrInvalid, i)
		case ids[p.ID]:
			return fmt.Errorf("%w: pool ID %q is used twice", ErrInvalid, p.ID)
		case p.Amount < 0:
			return fmt.Errorf("%w: pool %q has a negative amount %s", ErrInvalid, p.ID, usd(p.Amount))
		}
		ids[p.ID] = true
		if total += min(p.Amount, maxTotal); total > maxTotal {
			return fmt.Errorf("%w: the pools hold more than %s in all", ErrInvalid, usd(maxTotal))
		}
	}
	keys := make(map[string]bool, len(comps))
	total = 0
	for i, c := range comps {
		switch {
		case c.Key == "":
			return fmt.Errorf("%w: component %d has no key", ErrInvalid, i)
		case keys[c.Key]:
			return fmt.Errorf("%w: component key %q is used twice", ErrInvalid, c.Key)
		case c.Min < 0:
			return fmt.Errorf("%w: component %q has a negative minimum %s", ErrInvalid, c.Key, usd(c.Min))
		case c.Max < 0:
			return fmt.Errorf("%w: component %q has a negative maximum %s", ErrInvalid, c.Key, usd(c.Max))
		case c.Eligible && c.Rank < 1:
			return fmt.Errorf("%w: eligible component %q has rank %d; ranks start at 1", ErrInvalid, c.Key, c.Rank)
		}
		keys[c.Key] = true
		if total += min(capOf(c), maxTotal); total > maxTotal {
			return fmt.Errorf("%w: the components' gaps add up to more than %s", ErrInvalid, usd(maxTotal))
		}
	}
	return nil
}

// capOf is the most a component may receive, from any pools.
func capOf(c Component) int64 {
	if !c.Eligible || c.Gap <= 0 {
		return 0
	}
	if c.Max > 0 {
		return min(c.Gap, c.Max)
	}
	return c.Gap
}

// floorOf is the least an eligible component must receive.
func floorOf(c Component) int64 { return min(c.Min, capOf(c)) }

// priorityOrder sorts eligible components by rank then key, and puts the
// ineligible ones after them by key.
func priorityOrder(a, b *Component) int {
	if a.Eligible != b.Eligible {
		if a.Eligible {
			return -1
		}
		return 1
	}
	if a.Eligible {
		if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Key, b.Key)
}

// sortedComponents returns pointers to comps in priority order.
func sortedComponents(comps []Component) []*Component {
	out := make([]*Component, len(comps))
	for i := range comps {
		out[i] = &comps[i]
	}
	slices.SortFunc(out, priorityOrder)
	return out
}
