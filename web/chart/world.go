package chart

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"devcoop/codelist"
)

// world.bin is written by internal/gen from Natural Earth 1:110m (shapes)
// and 1:50m (dots for states too small at 1:110m), via world-atlas.
//
//go:embed world.bin
var worldBin []byte

// geo is one country: polygons (rings of lon/lat in hundredths of a
// degree) or, for small states, a single point.
type geo struct {
	code, name string
	polys      [][][][2]int32
	dot        bool
	pt         [2]int32
}

var (
	worldOnce sync.Once
	world     []geo
	worldErr  error
)

func loadWorld() ([]geo, error) {
	worldOnce.Do(func() { world, worldErr = decodeWorld(worldBin) })
	return world, worldErr
}

func decodeWorld(b []byte) ([]geo, error) {
	r := bytes.NewReader(b)
	magic := make([]byte, 4)
	if _, err := r.Read(magic); err != nil || string(magic) != "DCW1" {
		return nil, errors.New("chart: world.bin: bad header")
	}
	uv := func() int {
		v, err := binary.ReadUvarint(r)
		if err != nil || v > 1<<20 {
			panic(fmt.Errorf("chart: world.bin: %v", err))
		}
		return int(v)
	}
	sv := func() int32 {
		v, err := binary.ReadVarint(r)
		if err != nil {
			panic(fmt.Errorf("chart: world.bin: %v", err))
		}
		return int32(v)
	}
	var out []geo
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("%v", p)
			}
		}()
		count := uv()
		for range count {
			code := make([]byte, 2)
			r.Read(code)
			nm := make([]byte, uv())
			r.Read(nm)
			g := geo{code: string(code), name: string(nm)}
			kind, _ := r.ReadByte()
			if kind == 1 {
				g.dot = true
				g.pt = [2]int32{sv(), sv()}
			} else {
				for range uv() {
					var poly [][][2]int32
					for range uv() {
						np := uv()
						ring := make([][2]int32, np)
						var lon, lat int32
						for i := range np {
							lon += sv()
							lat += sv()
							ring[i] = [2]int32{lon, lat}
						}
						poly = append(poly, ring)
					}
					g.polys = append(g.polys, poly)
				}
			}
			out = append(out, g)
		}
		return nil
	}()
	return out, err
}

// Countries lists the ISO 3166-1 alpha-2 codes the world map can draw, in
// order: shapes for most, dots for small states.
func Countries() []string {
	w, _ := loadWorld()
	out := make([]string, len(w))
	for i, g := range w {
		out[i] = g.code
	}
	return out
}

// CountryName is the IATI (ISO 3166) English name for code, falling back to
// Natural Earth's short name.
func CountryName(code string) string {
	code = strings.ToUpper(code)
	if n := codelist.Country().NameOf(code); n != "" && n != code {
		return n
	}
	w, _ := loadWorld()
	i := sort.Search(len(w), func(i int) bool { return w[i].code >= code })
	if i < len(w) && w[i].code == code {
		return w[i].name
	}
	return code
}

// equalEarth projects lon/lat degrees with the Equal Earth projection
// (Šavrič, Patterson & Jenny, 2018): equal-area, so a choropleth does not
// exaggerate northern countries, and pleasant to look at.
func equalEarth(lon, lat float64) (x, y float64) {
	const (
		a1 = 1.340264
		a2 = -0.081106
		a3 = 0.000893
		a4 = 0.003796
	)
	m := math.Sqrt(3) / 2
	l := lon * math.Pi / 180
	p := lat * math.Pi / 180
	t := math.Asin(m * math.Sin(p))
	t2 := t * t
	t6 := t2 * t2 * t2
	x = 2 * math.Sqrt(3) * l * math.Cos(t) / (3 * (9*a4*t6*t2 + 7*a3*t6 + 3*a2*t2 + a1))
	y = t * (a1 + a2*t2 + t6*(a3+a4*t2))
	return x, -y // screen y grows downwards
}

// projected is the world drawn once into map units (integers, ×10 of the
// 960-wide viewBox) and cached: only fills change between maps.
type projected struct {
	paths  map[string]string     // code → path data, in 1/10 viewBox units
	dots   map[string][2]float64 // code → centre in viewBox units
	w, h   float64
	order  []string
	isDot  map[string]bool
	center map[string][2]float64
}

var (
	projOnce sync.Once
	proj     *projected
)

const mapW = 960.0

// Latitudes shown: the Arctic coast of Greenland down to Tierra del Fuego
// and South Georgia; Antarctica is left out.
const mapNorth, mapSouth = 84.0, -57.0

func projectWorld() *projected {
	projOnce.Do(func() {
		w, err := loadWorld()
		p := &projected{paths: map[string]string{}, dots: map[string][2]float64{}, isDot: map[string]bool{}, center: map[string][2]float64{}}
		proj = p
		if err != nil {
			return
		}
		x0, _ := equalEarth(-180, 0)
		x1, _ := equalEarth(180, 0)
		_, yTop := equalEarth(0, mapNorth)
		_, yBot := equalEarth(0, mapSouth)
		k := mapW / (x1 - x0)
		p.w = mapW
		p.h = math.Round((yBot - yTop) * k)
		pr := func(lon, lat float64) (float64, float64) {
			x, y := equalEarth(lon, lat)
			return (x - x0) * k, (y - yTop) * k
		}
		for _, g := range w {
			p.order = append(p.order, g.code)
			if g.dot {
				x, y := pr(float64(g.pt[0])/100, float64(g.pt[1])/100)
				p.dots[g.code] = [2]float64{x, y}
				p.isDot[g.code] = true
				continue
			}
			var b strings.Builder
			best := 0.0
			for _, poly := range g.polys {
				for ri, ring := range poly {
					var px, py int64
					start := b.Len()
					pts := 0
					var sx, sy, area float64
					var fx, fy float64
					for i, c := range ring {
						x, y := pr(float64(c[0])/100, float64(c[1])/100)
						ix, iy := int64(math.Round(x*10)), int64(math.Round(y*10))
						if i > 0 && ix == px && iy == py {
							continue
						}
						if i == 0 {
							fmt.Fprintf(&b, "M%d %d", ix, iy)
							fx, fy = x, y
						} else {
							fmt.Fprintf(&b, "l%d %d", ix-px, iy-py)
							area += (sx*y - x*sy)
						}
						sx, sy = x, y
						px, py = ix, iy
						pts++
					}
					area += sx*fy - fx*sy
					if pts < 3 {
						// too small to see at this scale: drop the ring
						s := b.String()[:start]
						b.Reset()
						b.WriteString(s)
						continue
					}
					b.WriteString("z")
					if ri == 0 && math.Abs(area) > best {
						best = math.Abs(area)
						p.center[g.code] = ringCenter(ring, pr)
					}
				}
			}
			p.paths[g.code] = b.String()
		}
	})
	return proj
}

func ringCenter(ring [][2]int32, pr func(lon, lat float64) (float64, float64)) [2]float64 {
	var minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range ring {
		x, y := pr(float64(c[0])/100, float64(c[1])/100)
		minX, minY = math.Min(minX, x), math.Min(minY, y)
		maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
	}
	return [2]float64{(minX + maxX) / 2, (minY + maxY) / 2}
}
