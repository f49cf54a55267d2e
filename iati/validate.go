package iati

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"devcoop/money"
)

// checker collects problems for one record. Paths are worked out at the
// end, and only for elements that have a problem, so a clean record costs
// no path strings.
type checker struct {
	opt      Options
	noOrder  bool // 1.x data: order was free, do not flag it
	problems []Problem
	pending  map[*Element][]pend
}

type pend struct {
	idx  int
	attr string // "@currency", "" for the element itself
}

func (c *checker) warn(el *Element, attr, code, msg string) {
	c.add(Warning, el, attr, code, msg)
}

func (c *checker) add(sev Severity, el *Element, attr, code, msg string) {
	p := Problem{Severity: sev, Code: code, Message: msg}
	if el != nil {
		p.Line, p.Column = el.Line, el.Column
		if c.pending == nil {
			c.pending = map[*Element][]pend{}
		}
		c.pending[el] = append(c.pending[el], pend{len(c.problems), attr})
	}
	c.problems = append(c.problems, p)
}

// finish fills in the paths of the problems, relative to root. The walk
// keeps only pointers and sibling positions; strings are made for the
// elements that have problems.
func (c *checker) finish(root *Element) []Problem {
	if len(c.pending) == 0 {
		return c.problems
	}
	type step struct {
		el         *Element
		pos, total int
	}
	var stack []step
	left := len(c.pending)
	var walk func(e *Element)
	walk = func(e *Element) {
		if left == 0 {
			return
		}
		if ps, ok := c.pending[e]; ok {
			left--
			var b strings.Builder
			for i, st := range stack {
				if i > 0 {
					b.WriteByte('/')
				}
				b.WriteString(qname(st.el))
				if st.total > 1 {
					b.WriteByte('[')
					b.WriteString(strconv.Itoa(st.pos))
					b.WriteByte(']')
				}
			}
			base := b.String()
			for _, p := range ps {
				path := base
				if p.attr != "" {
					if path != "" {
						path += "/"
					}
					path += p.attr
				}
				c.problems[p.idx].Path = path
			}
		}
		if len(e.Children) == 0 {
			return
		}
		type count struct {
			name, space string
			total, seen int
		}
		var small [16]count
		counts := small[:0]
		find := func(ch *Element) int {
			for i := range counts {
				if counts[i].name == ch.Name && counts[i].space == ch.Space {
					return i
				}
			}
			counts = append(counts, count{name: ch.Name, space: ch.Space})
			return len(counts) - 1
		}
		for _, ch := range e.Children {
			counts[find(ch)].total++
		}
		for _, ch := range e.Children {
			k := find(ch)
			counts[k].seen++
			stack = append(stack, step{ch, counts[k].seen, counts[k].total})
			walk(ch)
			stack = stack[:len(stack)-1]
		}
	}
	walk(root)
	return c.problems
}

func qname(e *Element) string {
	if e.Prefix != "" {
		return e.Prefix + ":" + e.Name
	}
	return e.Name
}

// walk checks an element against its XSD declaration: attributes and their
// datatypes, child order and counts, text where none belongs, and code
// lists. Foreign-namespace content is not checked.
func (c *checker) walk(el *Element, node int) {
	sd := &schemaTable[node]
	for i := range el.Attrs {
		at := &el.Attrs[i]
		if at.Space != "" && at.Space != nsXML {
			continue
		}
		decl, ok := attrDecl(node, at.Space, at.Name)
		if !ok && at.Space == nsXML && sd.anyAttr {
			// xml:* is a foreign namespace to the XSD: allowed wherever
			// xsd:anyAttribute is. Only the language code is checked.
			decl, ok = sAttr{name: at.Name, xmlns: true}, true
		}
		if !ok {
			c.warn(el, "@"+attrQName(at), "unknown-attribute", fmt.Sprintf("<%s> has no attribute %s in IATI 2.03", el.Name, attrQName(at)))
			continue
		}
		c.checkValue(el, at, decl.kind, at.Value)
		if at.Space == nsXML && at.Name == "lang" {
			if v := strings.TrimSpace(at.Value); v != "" && !langList.Has(v) {
				c.warn(el, "@xml:lang", "code-not-on-list", fmt.Sprintf("language %q is not on the Language code list", v))
			}
		}
	}
	for _, d := range sd.attrs {
		if !d.required {
			continue
		}
		space := ""
		if d.xmlns {
			space = nsXML
		}
		if _, ok := el.LookupAttr(space, d.name); !ok {
			code := "missing-attribute"
			if d.name == "value-date" {
				code = "missing-value-date"
			}
			c.warn(el, "", code, fmt.Sprintf("<%s> has no @%s, which IATI 2.03 requires", el.Name, d.name))
		}
	}
	if sd.simple {
		c.checkValue(el, nil, sd.text, el.Text)
	} else if el.Text != "" && !isBlankString(el.Text) {
		c.warn(el, "", "unexpected-text", fmt.Sprintf("<%s> holds text, which IATI 2.03 does not allow there", el.Name))
	}
	if len(sd.children) > 0 || len(el.Children) > 0 {
		var small [40]int
		var counts []int
		if len(sd.children) <= len(small) {
			counts = small[:len(sd.children)]
		} else {
			counts = make([]int, len(sd.children))
		}
		last, ordered := -1, true
		idx := childIndex[node]
		for _, ch := range el.Children {
			if ch.Space != "" {
				continue
			}
			// Children mostly come in schema order, often repeated: look a
			// few places ahead of the last one before asking the map.
			j, ok := -1, false
			for k := max(last, 0); k < len(sd.children) && k <= last+6; k++ {
				if sd.children[k].name == ch.Name {
					j, ok = k, true
					break
				}
			}
			if !ok {
				j, ok = idx[ch.Name]
			}
			if !ok {
				c.warn(ch, "", "unknown-element", fmt.Sprintf("<%s> is not allowed in <%s> in IATI 2.03", ch.Name, el.Name))
				continue
			}
			if j < last && ordered && !c.noOrder {
				ordered = false
				c.warn(ch, "", "element-order", fmt.Sprintf("<%s> comes after <%s>; IATI 2.03 wants them in schema order", ch.Name, sd.children[last].name))
			}
			last = max(last, j)
			counts[j]++
			ch.sn, ch.si = int32(sd.children[j].node)+1, int32(j)+1
			c.walk(ch, sd.children[j].node)
		}
		for j, sc := range sd.children {
			switch {
			case counts[j] < sc.min:
				c.warn(el, "", "missing-element", fmt.Sprintf("<%s> has no <%s>, which IATI 2.03 requires", el.Name, sc.name))
			case sc.max >= 0 && counts[j] > sc.max:
				c.warn(el, "", "too-many-elements", fmt.Sprintf("<%s> has %d <%s>; IATI 2.03 allows %d", el.Name, counts[j], sc.name, sc.max))
			}
		}
	}
	for _, chk := range nodeChecks[node] {
		if chk.vocab != "" || chk.orAbsent {
			v, has := el.LookupAttr("", "vocabulary")
			v = strings.TrimSpace(v)
			if !(has && v == chk.vocab || !has && chk.orAbsent) {
				continue
			}
		}
		var val string
		var has bool
		if chk.attr == "" {
			val, has = el.Text, true
		} else {
			val, has = el.LookupAttr("", chk.attr)
		}
		val = strings.TrimSpace(val)
		if !has || val == "" {
			continue // missing required values are reported above
		}
		it, ok := chk.list.Lookup(val)
		if ok && !it.Withdrawn {
			continue
		}
		where := ""
		if chk.attr != "" {
			where = "@" + chk.attr
		}
		switch {
		case !ok:
			c.warn(el, where, "code-not-on-list", fmt.Sprintf("%q is not on the %s code list", val, chk.list.Name))
		case it.Withdrawn:
			c.warn(el, where, "code-withdrawn", fmt.Sprintf("%q is withdrawn from the %s code list", val, chk.list.Name))
		}
	}
}

func attrQName(a *Attr) string {
	if a.Space == nsXML {
		return "xml:" + a.Name
	}
	if a.Prefix != "" {
		return a.Prefix + ":" + a.Name
	}
	return a.Name
}

func isBlankString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// checkValue checks a value (of attribute at, or the text when at is nil)
// against its XSD datatype.
func (c *checker) checkValue(el *Element, at *Attr, k kind, v string) {
	if k == kString || k == kURI {
		return
	}
	c.checkKind(el, at, k, v)
}

func (c *checker) checkKind(el *Element, at *Attr, k kind, v string) {
	switch k {
	case kDecimal:
		if ok, exp := decimalSyntax(v); ok && !exp {
			return
		}
	case kDate:
		if dateSyntax(v) {
			return
		}
	}
	where := ""
	if at != nil {
		where = "@" + attrQName(at)
	}
	switch k {
	case kDecimal:
		ok, exp := decimalSyntax(v)
		switch {
		case !ok:
			c.warn(el, where, "invalid-number", fmt.Sprintf("%q is not a decimal number", v))
		case exp:
			c.warn(el, where, "exponent-number", fmt.Sprintf("%q uses exponent notation, which xs:decimal forbids; kept exactly, written in plain notation", strings.TrimSpace(v)))
		}
	case kDate:
		if !dateSyntax(v) {
			c.warn(el, where, "invalid-date", fmt.Sprintf("%q is not a date (YYYY-MM-DD)", v))
		}
	case kDateTime:
		if _, ok := parseDateTime(v); !ok {
			msg := fmt.Sprintf("%q is not an xs:dateTime", v)
			if strings.Contains(strings.TrimSpace(v), " ") {
				msg += " (a space where the T belongs)"
			}
			c.warn(el, where, "invalid-datetime", msg)
		}
	case kBoolean:
		switch strings.TrimSpace(v) {
		case "true", "false", "1", "0":
		default:
			c.warn(el, where, "invalid-boolean", fmt.Sprintf("%q is not a boolean (true, false, 1, 0)", v))
		}
	case kInteger:
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			c.warn(el, where, "invalid-integer", fmt.Sprintf("%q is not an integer", v))
		}
	}
}

// rules checks what the XSD cannot: identifiers, percentages, dates and
// budgets.
func (c *checker) rules(a *Activity, idEl *Element) {
	root := a.Root
	if a.Identifier != "" && a.ReportingOrg.Ref != "" && !strings.HasPrefix(a.Identifier, a.ReportingOrg.Ref) {
		c.warn(idEl, "", "identifier-prefix", fmt.Sprintf("identifier %q does not start with the reporting org's id %q", a.Identifier, a.ReportingOrg.Ref))
	}

	// Sectors: one 100 % split per vocabulary.
	type group struct {
		n, missing int
		sum        money.Decimal
		first      *Element
	}
	// Vocabularies per activity are few: a slice beats a map here.
	type vocabGroup struct {
		vocab string
		g     *group
	}
	var sectors []vocabGroup
	geo := &group{}
	// The splits were read in document order by analyse; walk the same
	// children again to know their elements, without parsing twice.
	si, ci, ri := 0, 0, 0
	for _, ch := range root.Children {
		if ch.Space != "" {
			continue
		}
		var g *group
		var pct *money.Decimal
		switch ch.Name {
		case "sector":
			pct = a.Sectors[si].Percentage
			si++
			v := strings.TrimSpace(ch.Attr("vocabulary"))
			if v == "" {
				v = "1"
			}
			for _, vg := range sectors {
				if vg.vocab == v {
					g = vg.g
				}
			}
			if g == nil {
				g = &group{}
				sectors = append(sectors, vocabGroup{v, g})
			}
		case "recipient-country":
			g, pct = geo, a.RecipientCountries[ci].Percentage
			ci++
		case "recipient-region":
			g, pct = geo, a.RecipientRegions[ri].Percentage
			ri++
		default:
			continue
		}
		g.n++
		if g.first == nil {
			g.first = ch
		}
		if pct != nil {
			g.sum = g.sum.Add(*pct)
		} else {
			g.missing++
		}
	}
	check := func(g *group, what string) {
		switch {
		case g.n == 0:
		case g.n == 1 && g.missing == 1:
		case g.missing > 0:
			c.warn(g.first, "", "percentage-sum", fmt.Sprintf("%s: %d of %d have no valid @percentage; they should sum to 100", what, g.missing, g.n))
		case g.sum.Cmp(hundred) != 0:
			c.warn(g.first, "", "percentage-sum", fmt.Sprintf("%s: percentages sum to %s, not 100", what, g.sum.String()))
		}
	}
	for _, vg := range sectors {
		check(vg.g, "sectors of vocabulary "+vg.vocab)
	}
	check(geo, "recipient countries and regions")

	// Activity dates.
	var dates [5]*Element // by type 1–4
	for _, ch := range root.Children {
		if ch.Name == "activity-date" && ch.Space == "" {
			switch t := strings.TrimSpace(ch.Attr("type")); t {
			case "1", "2", "3", "4":
				dates[t[0]-'0'] = ch
			}
		}
	}
	now := c.opt.Now
	if !a.PlannedStart.IsZero() && !a.PlannedEnd.IsZero() && a.PlannedEnd.Before(a.PlannedStart) {
		c.warn(dates[3], "@iso-date", "date-order", fmt.Sprintf("planned end %s is before planned start %s", day(a.PlannedEnd), day(a.PlannedStart)))
	}
	if !a.ActualStart.IsZero() && !a.ActualEnd.IsZero() && a.ActualEnd.Before(a.ActualStart) {
		c.warn(dates[4], "@iso-date", "date-order", fmt.Sprintf("actual end %s is before actual start %s", day(a.ActualEnd), day(a.ActualStart)))
	}
	for _, ad := range [...]struct {
		typ int
		d   time.Time
	}{{2, a.ActualStart}, {4, a.ActualEnd}} {
		if !ad.d.IsZero() && ad.d.After(now) {
			c.warn(dates[ad.typ], "@iso-date", "date-future", fmt.Sprintf("actual date %s is in the future", day(ad.d)))
		}
	}

	// Transactions, budgets, planned disbursements.
	ti, bi, pi := 0, 0, 0
	type period struct {
		start, end time.Time
		el         *Element
	}
	var byType map[string][]period
	for _, ch := range root.Children {
		if ch.Space != "" {
			continue
		}
		switch ch.Name {
		case "transaction":
			t := &a.Transactions[ti]
			ti++
			if !t.Date.IsZero() && t.Date.After(now) {
				c.warn(ch.Child("transaction-date"), "@iso-date", "date-future", fmt.Sprintf("transaction date %s is in the future", day(t.Date)))
			}
		case "budget":
			b := &a.Budgets[bi]
			bi++
			if c.period(ch, b.PeriodStart, b.PeriodEnd, true) {
				if byType == nil {
					byType = map[string][]period{}
				}
				byType[b.Type] = append(byType[b.Type], period{b.PeriodStart, b.PeriodEnd, ch})
			}
		case "planned-disbursement":
			p := &a.PlannedDisbursements[pi]
			pi++
			c.period(ch, p.PeriodStart, p.PeriodEnd, false)
		}
	}
	for typ, ps := range byType {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].start.Before(ps[j].start) })
		for i := 1; i < len(ps); i++ {
			if !ps[i].start.After(ps[i-1].end) {
				c.warn(ps[i].el, "", "budget-overlap", fmt.Sprintf("budget period %s–%s overlaps %s–%s of the same type %s", day(ps[i].start), day(ps[i].end), day(ps[i-1].start), day(ps[i-1].end), typ))
			}
		}
	}
	// One warning per activity: data like the World Bank's repeats this for
	// hundreds of months.
	var firstRev *Element
	both := 0
	for _, rev := range byType["2"] {
		for _, orig := range byType["1"] {
			if orig.start.Before(rev.end) && rev.start.Before(orig.end) || orig.start.Equal(rev.start) {
				if firstRev == nil {
					firstRev = rev.el
				}
				both++
				break
			}
		}
	}
	if both > 0 {
		c.warn(firstRev, "", "budget-original-and-revised", fmt.Sprintf("%d revised budget(s) cover periods that also have an original budget; a revised budget replaces the original, do not add them", both))
	}
}

// period checks a budget-like period; it reports whether the period is
// usable for overlap checks.
func (c *checker) period(el *Element, start, end time.Time, isBudget bool) bool {
	if start.IsZero() || end.IsZero() {
		return false
	}
	if end.Before(start) {
		c.warn(el.Child("period-end"), "@iso-date", "date-order", fmt.Sprintf("period end %s is before its start %s", day(end), day(start)))
		return false
	}
	if isBudget && end.After(start.AddDate(1, 0, 0)) {
		c.warn(el, "", "budget-period-too-long", fmt.Sprintf("budget period %s–%s is longer than one year", day(start), day(end)))
	}
	return true
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// decimalSyntax checks xs:decimal syntax without building the number;
// exp reports a valid mantissa followed by an exponent, which
// money.ParseExponent reads exactly.
func decimalSyntax(s string) (ok, exp bool) {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, dot := 0, false
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == 'e' || c == 'E') && digits > 0:
			e := s[i+1:]
			if e != "" && (e[0] == '+' || e[0] == '-') {
				e = e[1:]
			}
			if e == "" || len(e) > 4 {
				return false, false
			}
			for j := 0; j < len(e); j++ {
				if e[j] < '0' || e[j] > '9' {
					return false, false
				}
			}
			return true, true
		default:
			return false, false
		}
	}
	return digits > 0, false
}

func dateSyntax(s string) bool {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && s[5] <= '1' && s[8] <= '3' {
		for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
		m := int(s[5]-'0')*10 + int(s[6]-'0')
		d := int(s[8]-'0')*10 + int(s[9]-'0')
		return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
	}
	_, ok := parseDate(s)
	return ok
}
