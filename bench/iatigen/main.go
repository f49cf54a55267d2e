// Command iatigen writes a deterministic synthetic corpus of IATI 2.03
// activity files for import benchmarks.
//
//	go run ./bench/iatigen -out bench/out -size 1GB -files 20 -seed 1
//
// The activities look like the real files in shared/iati/samples: titles and
// descriptions in two or three languages, 2–5 participating organisations,
// recipient countries with percentages, DAC and SDG sectors, policy markers,
// yearly budgets, 5–15 transactions of the common types, results with
// indicators, baselines and periods, document links and USAID-style
// foreign-namespace extensions. About one activity in ten carries a quirk the
// reader warns about (exponent numbers, sector percentages that do not add up,
// withdrawn codes, elements out of order, missing value dates, actual dates in
// the future, budgets longer than a year); one file in ten has a BOM and CRLF
// line ends. The same flags always give the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "iatigen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("iatigen", flag.ContinueOnError)
	out := fs.String("out", "bench/out", "folder to write the files into")
	sizeFlag := fs.String("size", "100MB", "total size of the corpus (e.g. 500MB, 1GB)")
	files := fs.Int("files", 10, "number of files")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	if err := fs.Parse(args); err != nil {
		return err
	}
	total, err := parseSize(*sizeFlag)
	if err != nil {
		return err
	}
	if *files < 1 {
		return fmt.Errorf("-files must be at least 1")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	var sumBytes int64
	var sumActs, sumTx int
	for i := 0; i < *files; i++ {
		target := total / int64(*files)
		if i == *files-1 {
			target = total - target*int64(*files-1)
		}
		name := filepath.Join(*out, fmt.Sprintf("synthetic-%04d.xml", i))
		g := newGen(*seed, uint64(i))
		st, err := g.writeFile(name, target, i%10 == 9)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d activities, %d transactions, %d bytes\n", name, st.acts, st.tx, st.bytes)
		sumBytes += st.bytes
		sumActs += st.acts
		sumTx += st.tx
	}
	fmt.Fprintf(stdout, "total: %d files, %d activities, %d transactions, %d bytes (%.1f MB), seed %d\n",
		*files, sumActs, sumTx, sumBytes, float64(sumBytes)/(1<<20), *seed)
	return nil
}

func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, x := range []struct {
		suffix string
		m      int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, x.suffix) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, x.suffix)), x.m
			break
		}
	}
	f, err := strconv.ParseFloat(u, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("bad -size %q", s)
	}
	return int64(f * float64(mult)), nil
}

type gen struct {
	rnd   *rand.Rand
	file  uint64
	b     []byte
	nl    string
	stats stats
}

type stats struct {
	acts, tx int
	bytes    int64
}

func newGen(seed, file uint64) *gen {
	return &gen{rnd: rand.New(rand.NewPCG(seed, file*0x9E3779B97F4A7C15+1)), file: file}
}

type countWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (g *gen) writeFile(name string, target int64, crlf bool) (stats, error) {
	f, err := os.Create(name)
	if err != nil {
		return stats{}, err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	cw := &countWriter{w: bw}
	g.nl = "\n"
	if crlf {
		g.nl = "\r\n"
		cw.Write([]byte{0xEF, 0xBB, 0xBF})
	}
	g.b = g.b[:0]
	g.line(`<?xml version="1.0" encoding="UTF-8"?>`)
	g.line(`<!-- synthetic IATI data for benchmarks (devcoop bench/iatigen); not real activities -->`)
	g.line(`<iati-activities version="2.03" generated-datetime="2025-04-01T12:00:00Z" xmlns:usg="https://explorer.usaid.gov">`)
	cw.Write(g.b)
	footer := "</iati-activities>" + g.nl
	for i := 0; cw.n+int64(len(footer)) < target || i == 0; i++ {
		g.b = g.b[:0]
		g.activity(i)
		if _, err := cw.Write(g.b); err != nil {
			return stats{}, err
		}
		g.stats.acts++
	}
	cw.Write([]byte(footer))
	if err := bw.Flush(); err != nil {
		return stats{}, err
	}
	g.stats.bytes = cw.n
	return g.stats, f.Close()
}

func (g *gen) line(s string) {
	g.b = append(g.b, s...)
	g.b = append(g.b, g.nl...)
}

func (g *gen) pick(xs []string) string { return xs[g.rnd.IntN(len(xs))] }

var (
	publishers = []struct{ ref, typ, name, prefix string }{
		{"XM-DAC-41302", "40", "International Labour Organization", "XM-DAC-41302"},
		{"XM-DAC-41114", "40", "United Nations Development Programme", "XM-DAC-41114"},
		{"XM-DAC-928", "40", "World Health Organization", "XM-DAC-928"},
		{"GB-GOV-1", "10", "UK - Foreign, Commonwealth and Development Office", "GB-GOV-1"},
		{"US-GOV-1", "10", "U.S. Agency for International Development", "US-GOV-1"},
		{"SE-0", "10", "Sweden", "SE-0"},
		{"GB-CHC-202918", "21", "Oxfam GB", "GB-CHC-202918"},
	}
	donors = []struct{ ref, typ, name string }{
		{"XM-DAC-918-3", "40", "European Commission - International Partnerships"},
		{"NL-KVK-27378529", "10", "Ministry of Foreign Affairs of the Netherlands"},
		{"DE-1", "10", "Federal Ministry for Economic Cooperation and Development"},
		{"XM-DAC-7", "10", "Norwegian Agency for Development Cooperation"},
		{"US-EIN-562618866", "60", "Bill & Melinda Gates Foundation"},
	}
	partners  = []string{"Ministry of Labour", "National Employers' Federation", "Central Organisation of Trade Unions", "Red Cross Society", "Local Development NGO", "University of Nairobi", "Chamber of Commerce"}
	countries = []string{"KE", "UG", "TZ", "ET", "BD", "NP", "ID", "PH", "BO", "PE", "CO", "GT", "HT", "ML", "SN", "NG", "GH", "MZ", "ZM", "JO", "LB", "YE", "AF", "PK", "VN", "KH", "MM", "LK"}
	sectors   = []string{"16020", "11330", "15110", "12220", "14030", "31120", "43010", "15170", "16010", "25010", "32130", "72010", "12191", "11220", "15150", "41010", "23210", "74020"}
	sdgs      = []string{"1", "4", "5", "8", "10", "13", "16", "17"}
	words     = strings.Fields("decent work youth employment skills social protection labour inspection rural economy formalization women entrepreneurship value chains occupational safety health migration child labour freedom association dialogue capacity building policy support national institutions resilience recovery climate green jobs")
	motsFr    = strings.Fields("travail décent emploi des jeunes compétences protection sociale inspection du travail économie rurale entrepreneuriat des femmes sécurité santé migration dialogue social renforcement des capacités")
	palabras  = strings.Fields("trabajo decente empleo juvenil competencias protección social inspección laboral economía rural emprendimiento mujeres seguridad salud migración diálogo social fortalecimiento institucional")
)

func (g *gen) sentence(ws []string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		w := ws[g.rnd.IntN(len(ws))]
		if i == 0 {
			r, n := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r)) + w[n:]
		}
		b.WriteString(w)
	}
	return b.String()
}

func (g *gen) date(yearFrom, years int) (y, m, d int) {
	return yearFrom + g.rnd.IntN(years), 1 + g.rnd.IntN(12), 1 + g.rnd.IntN(28)
}

func ds(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

// amount returns a realistic positive amount with cents, sometimes negative
// (reversals).
func (g *gen) amount(scale int) string {
	v := g.rnd.Int64N(int64(scale)*100) + 100
	if g.rnd.IntN(40) == 0 {
		v = -v / 10
	}
	s := strconv.FormatInt(v/100, 10)
	if v < 0 && v/100 == 0 {
		s = "-0"
	}
	if c := v % 100; c != 0 {
		if c < 0 {
			c = -c
		}
		s += fmt.Sprintf(".%02d", c)
	}
	return s
}

func (g *gen) narratives(indent, en string, more ...[2]string) {
	g.line(indent + `<narrative>` + esc(en) + `</narrative>`)
	for _, m := range more {
		g.line(indent + `<narrative xml:lang="` + m[0] + `">` + esc(m[1]) + `</narrative>`)
	}
}

func esc(s string) string {
	if !strings.ContainsAny(s, "&<>\"") {
		return s
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}

func (g *gen) activity(i int) {
	p := publishers[int(g.file+uint64(i))%len(publishers)]
	quirk := -1
	if g.rnd.IntN(10) == 0 {
		quirk = g.rnd.IntN(8)
	}
	cur := g.pick([]string{"USD", "USD", "USD", "EUR", "GBP", "SEK"})
	id := fmt.Sprintf("%s-F%04d-%06d", p.prefix, g.file, i)
	startY, startM, startD := g.date(2015, 9)
	endY := startY + 1 + g.rnd.IntN(4)
	g.line(`  <iati-activity last-updated-datetime="2025-03-` + fmt.Sprintf("%02d", 1+g.rnd.IntN(28)) + `T10:00:00Z" xml:lang="en" default-currency="` + cur + `" hierarchy="` + strconv.Itoa(1+g.rnd.IntN(2)) + `">`)
	g.line(`    <iati-identifier>` + id + `</iati-identifier>`)
	g.line(`    <reporting-org ref="` + p.ref + `" type="` + p.typ + `">`)
	g.narratives("      ", p.name)
	g.line(`    </reporting-org>`)
	title := g.sentence(words, 4+g.rnd.IntN(6))
	g.line(`    <title>`)
	g.narratives("      ", title, [2]string{"fr", g.sentence(motsFr, 5)}, [2]string{"es", g.sentence(palabras, 5)})
	g.line(`    </title>`)
	g.line(`    <description type="1">`)
	g.narratives("      ", g.sentence(words, 30+g.rnd.IntN(60)), [2]string{"fr", g.sentence(motsFr, 25)})
	g.line(`    </description>`)
	if g.rnd.IntN(2) == 0 {
		g.line(`    <description type="2">`)
		g.narratives("      ", g.sentence(words, 20+g.rnd.IntN(30)))
		g.line(`    </description>`)
	}
	donor := donors[g.rnd.IntN(len(donors))]
	donorAct := fmt.Sprintf("%s-%05d", donor.ref, g.rnd.IntN(100000))
	g.line(`    <participating-org ref="` + donor.ref + `" type="` + donor.typ + `" role="1" activity-id="` + donorAct + `">`)
	g.narratives("      ", donor.name)
	g.line(`    </participating-org>`)
	g.line(`    <participating-org ref="` + p.ref + `" type="` + p.typ + `" role="2">`)
	g.narratives("      ", p.name)
	g.line(`    </participating-org>`)
	for k := g.rnd.IntN(3); k > 0; k-- {
		g.line(`    <participating-org type="` + g.pick([]string{"10", "21", "22", "80"}) + `" role="4">`)
		g.narratives("      ", g.pick(partners))
		g.line(`    </participating-org>`)
	}
	g.line(`    <other-identifier ref="` + fmt.Sprintf("INT/%d/%04d", startY, i%10000) + `" type="A1"/>`)
	status := "2"
	if endY < 2025 {
		status = "4"
	}
	g.line(`    <activity-status code="` + status + `"/>`)
	g.line(`    <activity-date type="1" iso-date="` + ds(startY, startM, startD) + `"/>`)
	actualStartY := startY
	if quirk == 0 {
		actualStartY = 2031 // an actual date in the future
	}
	g.line(`    <activity-date type="2" iso-date="` + ds(actualStartY, startM, startD) + `"/>`)
	g.line(`    <activity-date type="3" iso-date="` + ds(endY, 12, 31) + `"/>`)
	if status == "4" {
		g.line(`    <activity-date type="4" iso-date="` + ds(endY, 12, 31) + `"/>`)
	}
	g.line(`    <contact-info type="1">`)
	g.line(`      <organisation>`)
	g.narratives("        ", p.name)
	g.line(`      </organisation>`)
	g.line(`      <email>info@example.org</email>`)
	g.line(`    </contact-info>`)
	g.line(`    <activity-scope code="4"/>`)
	nc := 1 + g.rnd.IntN(3)
	shares := []string{"100"}
	if nc == 2 {
		shares = []string{"60", "40"}
	} else if nc == 3 {
		shares = []string{"50", "25.5", "24.5"}
	}
	perm := g.rnd.Perm(len(countries))
	for k := 0; k < nc; k++ {
		g.line(`    <recipient-country code="` + countries[perm[k]] + `" percentage="` + shares[k] + `"/>`)
	}
	secs := []string{"70", "30"}
	if quirk == 1 {
		secs = []string{"70", "40"} // does not add up
	}
	sp := g.rnd.Perm(len(sectors))
	for k, s := range secs {
		code := sectors[sp[k]]
		if quirk == 2 && k == 0 {
			code = "11321" // withdrawn DAC code
		}
		g.line(`    <sector vocabulary="1" code="` + code + `" percentage="` + s + `"/>`)
	}
	g.line(`    <sector vocabulary="7" code="` + g.pick(sdgs) + `" percentage="100"/>`)
	g.line(`    <tag vocabulary="2" code="` + g.pick(sdgs) + `"/>`)
	g.line(`    <policy-marker vocabulary="1" code="1" significance="` + strconv.Itoa(g.rnd.IntN(3)) + `"/>`)
	if g.rnd.IntN(3) == 0 {
		g.line(`    <policy-marker vocabulary="1" code="7" significance="1"/>`)
	}
	g.line(`    <collaboration-type code="` + g.pick([]string{"1", "2", "4"}) + `"/>`)
	if quirk == 3 {
		g.line(`    <default-finance-type code="110"/>`) // before flow type: out of order
		g.line(`    <default-flow-type code="10"/>`)
	} else {
		g.line(`    <default-flow-type code="10"/>`)
		g.line(`    <default-finance-type code="110"/>`)
	}
	g.line(`    <default-aid-type vocabulary="1" code="` + g.pick([]string{"C01", "B03", "D02", "B02"}) + `"/>`)
	g.line(`    <default-tied-status code="5"/>`)
	for y := startY; y <= endY && y < startY+4; y++ {
		endBudget := ds(y, 12, 31)
		if quirk == 4 && y == startY {
			endBudget = ds(y+1, 6, 30) // longer than a year
		}
		g.line(`    <budget type="1" status="` + g.pick([]string{"1", "2"}) + `">`)
		g.line(`      <period-start iso-date="` + ds(y, 1, 1) + `"/>`)
		g.line(`      <period-end iso-date="` + endBudget + `"/>`)
		g.line(`      <value currency="` + cur + `" value-date="` + ds(y, 1, 1) + `">` + g.amount(2000000) + `</value>`)
		g.line(`    </budget>`)
	}
	if g.rnd.IntN(3) == 0 {
		g.line(`    <planned-disbursement type="1">`)
		g.line(`      <period-start iso-date="` + ds(startY, 1, 1) + `"/>`)
		g.line(`      <period-end iso-date="` + ds(startY, 12, 31) + `"/>`)
		g.line(`      <value currency="` + cur + `" value-date="` + ds(startY, 1, 1) + `">` + g.amount(1000000) + `</value>`)
		g.line(`      <provider-org ref="` + donor.ref + `" provider-activity-id="` + donorAct + `" type="` + donor.typ + `">`)
		g.narratives("        ", donor.name)
		g.line(`      </provider-org>`)
		g.line(`    </planned-disbursement>`)
	}
	ntx := 5 + g.rnd.IntN(11)
	g.stats.tx += ntx
	for k := 0; k < ntx; k++ {
		typ := "4"
		switch {
		case k == 0:
			typ = "11"
		case k == 1:
			typ = "1"
		case k%4 == 0:
			typ = "2"
		case k%3 == 0:
			typ = "3"
		}
		y, m, d := g.date(startY, max(1, endY-startY+1))
		val := g.amount(300000)
		valueAttrs := ` value-date="` + ds(y, m, d) + `"`
		if quirk == 5 && k == 2 {
			val = "1.5E5" // exponent form
		}
		if quirk == 6 && k == 3 {
			valueAttrs = "" // no value date
		}
		if g.rnd.IntN(8) == 0 {
			valueAttrs = ` currency="USD"` + valueAttrs
		}
		g.line(`    <transaction ref="` + fmt.Sprintf("%s-T%02d", id, k) + `">`)
		g.line(`      <transaction-type code="` + typ + `"/>`)
		g.line(`      <transaction-date iso-date="` + ds(y, m, d) + `"/>`)
		g.line(`      <value` + valueAttrs + `>` + val + `</value>`)
		g.line(`      <description>`)
		g.narratives("        ", g.sentence(words, 6+g.rnd.IntN(8)))
		g.line(`      </description>`)
		switch typ {
		case "1", "11":
			g.line(`      <provider-org ref="` + donor.ref + `" provider-activity-id="` + donorAct + `" type="` + donor.typ + `">`)
			g.narratives("        ", donor.name)
			g.line(`      </provider-org>`)
		case "2", "3":
			g.line(`      <receiver-org type="22">`)
			g.narratives("        ", g.pick(partners))
			g.line(`      </receiver-org>`)
		}
		if p.ref == "US-GOV-1" {
			g.line(`      <usg:treasury-account>`)
			g.line(`        <usg:main-account>` + strconv.Itoa(1000+g.rnd.IntN(100)) + `</usg:main-account>`)
			g.line(`      </usg:treasury-account>`)
		}
		g.line(`    </transaction>`)
	}
	g.line(`    <document-link format="application/pdf" url="https://example.org/docs/` + id + `.pdf">`)
	g.line(`      <title>`)
	g.narratives("        ", "Project document")
	g.line(`      </title>`)
	g.line(`      <category code="A02"/>`)
	g.line(`      <language code="en"/>`)
	g.line(`      <document-date iso-date="` + ds(startY, startM, startD) + `"/>`)
	g.line(`    </document-link>`)
	if i > 0 && g.rnd.IntN(4) == 0 {
		g.line(`    <related-activity ref="` + fmt.Sprintf("%s-F%04d-%06d", p.prefix, g.file, g.rnd.IntN(i)) + `" type="1"/>`)
	}
	for r := 1 + g.rnd.IntN(2); r > 0; r-- {
		g.line(`    <result type="` + g.pick([]string{"1", "2"}) + `" aggregation-status="1">`)
		g.line(`      <title>`)
		g.narratives("        ", g.sentence(words, 6), [2]string{"fr", g.sentence(motsFr, 6)})
		g.line(`      </title>`)
		for n := 1 + g.rnd.IntN(2); n > 0; n-- {
			g.line(`      <indicator measure="1" ascending="1">`)
			g.line(`        <title>`)
			g.narratives("          ", "Number of "+g.sentence(words, 4))
			g.line(`        </title>`)
			g.line(`        <baseline year="` + strconv.Itoa(startY) + `" iso-date="` + ds(startY, 1, 1) + `" value="` + strconv.Itoa(g.rnd.IntN(100)) + `"/>`)
			for y := startY; y < startY+2; y++ {
				g.line(`        <period>`)
				g.line(`          <period-start iso-date="` + ds(y, 1, 1) + `"/>`)
				g.line(`          <period-end iso-date="` + ds(y, 12, 31) + `"/>`)
				g.line(`          <target value="` + strconv.Itoa(100+g.rnd.IntN(900)) + `"/>`)
				g.line(`          <actual value="` + strconv.Itoa(g.rnd.IntN(1000)) + `">`)
				g.line(`            <dimension name="sex" value="` + g.pick([]string{"female", "male"}) + `"/>`)
				g.line(`          </actual>`)
				g.line(`        </period>`)
			}
			g.line(`      </indicator>`)
		}
		g.line(`    </result>`)
	}
	if quirk == 7 {
		g.line(`    <legacy-data name="old-code" value="X" iati-equivalent="sector"/>`)
	}
	g.line(`  </iati-activity>`)
}
