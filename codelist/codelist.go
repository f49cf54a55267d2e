// Package codelist holds the IATI 2.03 code lists, embedded in the binary.
//
// The lists are data published by the IATI Secretariat (CC BY 4.0, "IATI
// Standard (http://iatistandard.org/)"); they are parsed once, on first use,
// and never change while the program runs.
package codelist

import (
	"embed"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed data/*.xml
var files embed.FS

// Item is one code in a list.
type Item struct {
	Code      string
	Name      string // English name
	Category  string // parent category code, when the list has one
	Withdrawn bool
}

// List is a parsed code list.
type List struct {
	Name  string
	Items []Item
	index map[string]int
}

// Lookup returns the item with the given code. Codes compare exactly, except
// in lists whose codes are letters (countries, currencies, languages), which
// compare case-insensitively.
func (l *List) Lookup(code string) (Item, bool) {
	if l == nil {
		return Item{}, false
	}
	i, ok := l.index[code]
	if !ok {
		i, ok = l.index[strings.ToUpper(code)]
	}
	if !ok {
		i, ok = l.index[strings.ToLower(code)]
	}
	if !ok {
		return Item{}, false
	}
	return l.Items[i], true
}

// Has reports whether code is on the list, withdrawn or not.
func (l *List) Has(code string) bool { _, ok := l.Lookup(code); return ok }

// Active reports whether code is on the list and not withdrawn.
func (l *List) Active(code string) bool {
	it, ok := l.Lookup(code)
	return ok && !it.Withdrawn
}

// Name returns the English name of code, or "" when it is not on the list.
func (l *List) NameOf(code string) string {
	it, _ := l.Lookup(code)
	return it.Name
}

type xmlList struct {
	Name  string `xml:"name,attr"`
	Items []struct {
		Status   string `xml:"status,attr"`
		Code     string `xml:"code"`
		Category string `xml:"category"`
		Names    []struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"name>narrative"`
	} `xml:"codelist-items>codelist-item"`
}

var (
	mu    sync.Mutex
	cache = map[string]*List{}
)

// Get returns the named list ("Country", "Currency", "Sector", …). It panics
// when the list is not embedded: the names are compile-time constants, so a
// wrong one is a programming error caught by the tests.
func Get(name string) *List {
	mu.Lock()
	defer mu.Unlock()
	if l, ok := cache[name]; ok {
		return l
	}
	l, err := load(name)
	if err != nil {
		panic(err)
	}
	cache[name] = l
	return l
}

func load(name string) (*List, error) {
	b, err := files.ReadFile("data/" + name + ".xml")
	if err != nil {
		return nil, fmt.Errorf("codelist %q is not embedded", name)
	}
	var x xmlList
	if err := xml.Unmarshal(b, &x); err != nil {
		return nil, fmt.Errorf("codelist %q: %w", name, err)
	}
	l := &List{Name: name, index: make(map[string]int, len(x.Items))}
	for _, it := range x.Items {
		item := Item{Code: strings.TrimSpace(it.Code), Category: strings.TrimSpace(it.Category), Withdrawn: it.Status == "withdrawn"}
		for _, n := range it.Names {
			if n.Lang == "" || n.Lang == "en" {
				item.Name = strings.TrimSpace(n.Text)
				break
			}
		}
		if item.Name == "" && len(it.Names) > 0 {
			item.Name = strings.TrimSpace(it.Names[0].Text)
		}
		l.index[item.Code] = len(l.Items)
		l.Items = append(l.Items, item)
	}
	return l, nil
}

// Names lists every embedded code list.
func Names() []string {
	entries, _ := files.ReadDir("data")
	var out []string
	for _, e := range entries {
		n := strings.TrimSuffix(e.Name(), ".xml")
		if n != "codelist-mapping" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Convenience accessors for the lists the domain validates against.
func Country() *List          { return Get("Country") }
func Currency() *List         { return Get("Currency") }
func Sector() *List           { return Get("Sector") }
func Region() *List           { return Get("Region") }
func OrganisationType() *List { return Get("OrganisationType") }
func TransactionType() *List  { return Get("TransactionType") }
func ActivityStatus() *List   { return Get("ActivityStatus") }
func PolicyMarker() *List     { return Get("PolicyMarker") }
