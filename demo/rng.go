package demo

import (
	"hash/fnv"
	"math/rand/v2"
)

// rng draws the demo's random numbers. Every value is derived from the PCG's
// Uint64 here, with integer arithmetic only: the portfolio then depends on
// the seed alone, not on the platform's floating point nor on how a later Go
// release implements rand.IntN.
type rng struct{ src *rand.PCG }

// newRNG returns the stream called name for seed. Each part of the
// portfolio draws from its own stream, so that asking for fewer projects
// does not change the exchange rates or the country programmes.
func newRNG(seed uint64, name string) *rng {
	h := fnv.New64a()
	h.Write([]byte(name))
	return &rng{src: rand.NewPCG(seed, h.Sum64())}
}

// intn returns a uniform integer in [0, n), without modulo bias.
func (r *rng) intn(n int) int {
	if n <= 0 {
		panic("demo: intn of a non-positive bound")
	}
	bound := uint64(n)
	threshold := -bound % bound // 2^64 mod bound
	for {
		if v := r.src.Uint64(); v >= threshold {
			return int(v % bound)
		}
	}
}

// between returns a uniform integer in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance reports true percent times out of a hundred.
func (r *rng) chance(percent int) bool { return r.intn(100) < percent }

// weighted returns index i with probability ws[i] / sum(ws).
func (r *rng) weighted(ws []int) int {
	total := 0
	for _, w := range ws {
		total += w
	}
	x := r.intn(total)
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

// jitter returns v moved by up to ±percent per cent.
func (r *rng) jitter(v int64, percent int) int64 {
	return v + v*int64(r.between(-percent*10, percent*10))/1000
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// sample returns k distinct elements of xs, in the order drawn.
func sample[T any](r *rng, xs []T, k int) []T {
	c := append([]T(nil), xs...)
	if k > len(c) {
		k = len(c)
	}
	for i := 0; i < k; i++ {
		j := i + r.intn(len(c)-i)
		c[i], c[j] = c[j], c[i]
	}
	return c[:k]
}

// splitPercent divides 100 into len(ws) whole percentages in proportion to
// the weights, by largest remainder, so they always sum to exactly 100.
func splitPercent(ws []int) []int {
	if len(ws) == 0 {
		return nil
	}
	total := 0
	for _, w := range ws {
		total += w
	}
	out := make([]int, len(ws))
	rem := make([]int, len(ws))
	given := 0
	for i, w := range ws {
		out[i] = w * 100 / total
		rem[i] = w * 100 % total
		given += out[i]
	}
	for given < 100 {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		given++
	}
	return out
}
