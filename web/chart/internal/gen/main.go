// Command gen converts Natural Earth country outlines, as redistributed in
// the npm package world-atlas (ISC), into web/chart/world.bin: the compact
// geometry that chart.WorldMap embeds. It is run by hand, once, when the
// geometry should change; the output is committed so builds need no npm.
//
//	npm ci --ignore-scripts          # at the repo root; see package.json
//	go run ./web/chart/internal/gen  # writes web/chart/world.bin
//	rm -rf node_modules
//
// world-atlas keys countries by ISO 3166-1 numeric code; i18n-iso-countries
// (MIT) supplies the numeric → alpha-2 mapping. Shapes come from the 1:110m
// file. Countries absent at 1:110m (small island states, city states) are
// taken from the 1:50m file and stored as a single point at the centroid of
// their largest polygon, which the map draws as a dot so that, e.g., Tuvalu
// or Barbados can still be coloured and clicked. A few places missing from
// both files get a hand-entered point.
//
// Rings that cross the antimeridian are cut there, so every stored ring
// stays within [-180, 180] and a projection never draws a line across the
// whole map.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
)

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int64 `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string          `json:"type"`
				ID         string          `json:"id"`
				Arcs       json.RawMessage `json:"arcs"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

type pt [2]float64 // lon, lat
type ring []pt
type polygon []ring // first ring outer, rest holes

type country struct {
	code, name string
	polys      []polygon
}

// Unnumbered Natural Earth units: Kosovo has a user-assigned code that IATI
// uses; the others are shown as part of the UN member state they belong to.
var byName = map[string]string{
	"Kosovo":     "XK",
	"Somaliland": "SO",
	"N. Cyprus":  "CY",
}

// Points for places too small for even the 1:50m file (lon, lat).
var manual = map[string]struct {
	name     string
	lon, lat float64
}{
	"TV": {"Tuvalu", 179.19, -8.52},
	"TK": {"Tokelau", -171.85, -9.17},
	"GI": {"Gibraltar", -5.35, 36.14},
	"BQ": {"Bonaire, Sint Eustatius and Saba", -68.26, 12.18},
	"GP": {"Guadeloupe", -61.55, 16.25},
	"MQ": {"Martinique", -61.02, 14.64},
	"RE": {"Réunion", 55.54, -21.12},
	"YT": {"Mayotte", 45.15, -12.82},
	"GF": {"French Guiana", -53.13, 3.93},
}

func main() {
	root := flag.String("root", ".", "repository root (holding node_modules)")
	out := flag.String("o", "web/chart/world.bin", "output file")
	flag.Parse()
	nm := filepath.Join(*root, "node_modules")

	numeric := map[string]string{}
	var codes [][]string
	readJSON(filepath.Join(nm, "i18n-iso-countries", "codes.json"), &codes)
	for _, c := range codes {
		numeric[c[2]] = c[0]
	}

	small := load(filepath.Join(nm, "world-atlas", "countries-110m.json"), numeric)
	medium := load(filepath.Join(nm, "world-atlas", "countries-50m.json"), numeric)

	var buf bytes.Buffer
	buf.WriteString("DCW1")
	var codesOut []string
	for c := range small {
		codesOut = append(codesOut, c)
	}
	dots := map[string]pt{}
	names := map[string]string{}
	for c, m := range medium {
		if _, ok := small[c]; ok {
			continue
		}
		dots[c] = centroid(largest(m.polys))
		names[c] = m.name
		codesOut = append(codesOut, c)
	}
	for c, m := range manual {
		if _, ok := small[c]; ok {
			continue
		}
		if _, ok := dots[c]; ok {
			continue
		}
		dots[c] = pt{m.lon, m.lat}
		names[c] = m.name
		codesOut = append(codesOut, c)
	}
	sort.Strings(codesOut)
	putUvarint(&buf, uint64(len(codesOut)))
	nShapes, nDots, nPts := 0, 0, 0
	for _, c := range codesOut {
		buf.WriteString(c)
		if s, ok := small[c]; ok {
			putString(&buf, s.name)
			buf.WriteByte(0)
			putUvarint(&buf, uint64(len(s.polys)))
			for _, p := range s.polys {
				putUvarint(&buf, uint64(len(p)))
				for _, r := range p {
					q := quantize(r)
					putUvarint(&buf, uint64(len(q)))
					var plon, plat int64
					for _, v := range q {
						putVarint(&buf, v[0]-plon)
						putVarint(&buf, v[1]-plat)
						plon, plat = v[0], v[1]
					}
					nPts += len(q)
				}
			}
			nShapes++
			continue
		}
		putString(&buf, names[c])
		buf.WriteByte(1)
		d := dots[c]
		putVarint(&buf, int64(math.Round(d[0]*100)))
		putVarint(&buf, int64(math.Round(d[1]*100)))
		nDots++
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d shapes (%d points), %d dots, %d bytes", *out, nShapes, nPts, nDots, buf.Len())
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

// load decodes a world-atlas topology into countries keyed by alpha-2.
func load(path string, numeric map[string]string) map[string]*country {
	var t topology
	readJSON(path, &t)
	// Decode delta-encoded, quantized arcs into absolute lon/lat.
	arcs := make([][]pt, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y int64
		for _, d := range a {
			x += d[0]
			y += d[1]
			arcs[i] = append(arcs[i], pt{
				float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0],
				float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1],
			})
		}
	}
	ringOf := func(idx []int) ring {
		var r ring
		for k, i := range idx {
			var a []pt
			if i >= 0 {
				a = arcs[i]
			} else {
				src := arcs[^i]
				a = make([]pt, len(src))
				for j := range src {
					a[j] = src[len(src)-1-j]
				}
			}
			if k > 0 {
				a = a[1:]
			}
			r = append(r, a...)
		}
		return r
	}
	out := map[string]*country{}
	for _, g := range t.Objects.Countries.Geometries {
		code := numeric[g.ID]
		if g.ID == "" {
			code = byName[g.Properties.Name]
		}
		if code == "" || code == "AQ" { // Antarctica is left off: no cooperation there, and it eats a fifth of the map
			if code == "" {
				log.Printf("%s: skipping %q (id %q)", filepath.Base(path), g.Properties.Name, g.ID)
			}
			continue
		}
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				log.Fatal(err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				log.Fatal(err)
			}
		default:
			continue
		}
		c := out[code]
		if c == nil {
			c = &country{code: code, name: g.Properties.Name}
			out[code] = c
		} else if numeric[g.ID] == code && g.ID != "" && byName[c.name] != "" {
			c.name = g.Properties.Name
		}
		for _, p := range polys {
			var pg polygon
			for _, ri := range p {
				pg = append(pg, ringOf(ri))
			}
			c.polys = append(c.polys, cutAntimeridian(pg)...)
		}
	}
	return out
}

// cutAntimeridian splits a polygon whose rings jump across ±180° into the
// parts east and west of it. Natural Earth is already cut there, so this
// normally returns the polygon unchanged; it guards a future data update.
func cutAntimeridian(p polygon) []polygon {
	crosses := false
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			if math.Abs(r[i][0]-r[i-1][0]) > 180 {
				crosses = true
			}
		}
	}
	if !crosses {
		return []polygon{p}
	}
	// Unwrap longitudes so the rings are continuous, then clip the copy
	// against [-180,180] and the copy shifted by 360 against the same range.
	var un polygon
	for _, r := range p {
		u := make(ring, len(r))
		off := 0.0
		for i, v := range r {
			if i > 0 {
				d := v[0] + off - u[i-1][0]
				if d > 180 {
					off -= 360
				} else if d < -180 {
					off += 360
				}
			}
			u[i] = pt{v[0] + off, v[1]}
		}
		un = append(un, u)
	}
	var out []polygon
	for _, shift := range []float64{0, 360, -360} {
		var part polygon
		for _, r := range un {
			s := make(ring, len(r))
			for i, v := range r {
				s[i] = pt{v[0] + shift, v[1]}
			}
			s = clip(clip(s, -180, false), 180, true)
			if len(s) >= 3 {
				part = append(part, s)
			}
		}
		if len(part) > 0 && len(part[0]) >= 3 {
			out = append(out, part)
		}
	}
	log.Printf("cut a polygon at the antimeridian into %d parts", len(out))
	return out
}

// clip keeps the part of ring r with lon >= x (or lon <= x when below is true):
// one Sutherland–Hodgman step.
func clip(r ring, x float64, below bool) ring {
	in := func(p pt) bool {
		if below {
			return p[0] <= x
		}
		return p[0] >= x
	}
	var out ring
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		if in(a) {
			out = append(out, a)
		}
		if in(a) != in(b) {
			t := (x - a[0]) / (b[0] - a[0])
			out = append(out, pt{x, a[1] + t*(b[1]-a[1])})
		}
	}
	return out
}

func area(r ring) float64 {
	s := 0.0
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		s += a[0]*b[1] - b[0]*a[1]
	}
	return s / 2
}

func largest(ps []polygon) ring {
	var best ring
	ba := -1.0
	for _, p := range ps {
		if a := math.Abs(area(p[0])); a > ba {
			ba, best = a, p[0]
		}
	}
	return best
}

func centroid(r ring) pt {
	a := area(r)
	if math.Abs(a) < 1e-12 {
		var s pt
		for _, v := range r {
			s[0] += v[0]
			s[1] += v[1]
		}
		return pt{s[0] / float64(len(r)), s[1] / float64(len(r))}
	}
	var cx, cy float64
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		f := p[0]*q[1] - q[0]*p[1]
		cx += (p[0] + q[0]) * f
		cy += (p[1] + q[1]) * f
	}
	return pt{cx / (6 * a), cy / (6 * a)}
}

// quantize rounds to hundredths of a degree (about 1 km, far below a pixel
// of any map this draws) and drops the repeated points that rounding makes.
func quantize(r ring) [][2]int64 {
	var out [][2]int64
	for _, v := range r {
		q := [2]int64{int64(math.Round(v[0] * 100)), int64(math.Round(v[1] * 100))}
		if n := len(out); n > 0 && out[n-1] == q {
			continue
		}
		out = append(out, q)
	}
	if n := len(out); n > 1 && out[0] == out[n-1] {
		out = out[:n-1] // the path is closed with Z
	}
	return out
}

func putUvarint(b *bytes.Buffer, v uint64) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutUvarint(tmp[:], v)])
}

func putVarint(b *bytes.Buffer, v int64) {
	var tmp [binary.MaxVarintLen64]byte
	b.Write(tmp[:binary.PutVarint(tmp[:], v)])
}

func putString(b *bytes.Buffer, s string) {
	putUvarint(b, uint64(len(s)))
	b.WriteString(s)
}
