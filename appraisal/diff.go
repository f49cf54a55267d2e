package appraisal

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"devcoop"
	"devcoop/money"
)

// Change is one difference between two versions of a proposal, at a path
// in the same syntax as findings. Before is absent for something added,
// After for something removed; otherwise both hold the JSON values.
type Change struct {
	Path   string          `json:"path"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// diffSkipped are the bookkeeping fields that change with every version and
// say nothing about the proposal's content.
var diffSkipped = map[string]bool{"id": true, "status": true, "version": true, "updated_at": true}

// Diff compares two proposals field by field, in the order of the
// proposal's JSON, and lists what changed. Lists are compared position by
// position: an element added at the end is one change, one inserted in the
// middle changes every later position. Amounts are compared as numbers
// (1.50 equals 1.5) and empty lists equal absent ones. The bookkeeping
// fields id, status, version and updated_at are left out. A nil proposal
// counts as an empty one.
func Diff(a, b *devcoop.Proposal) []Change {
	if a == nil {
		a = &devcoop.Proposal{}
	}
	if b == nil {
		b = &devcoop.Proposal{}
	}
	d := differ{out: []Change{}}
	d.walk("", reflect.ValueOf(*a), reflect.ValueOf(*b), true)
	return d.out
}

type differ struct{ out []Change }

var (
	decimalType = reflect.TypeFor[money.Decimal]()
	dateType    = reflect.TypeFor[devcoop.Date]()
	timeType    = reflect.TypeFor[time.Time]()
)

func (d *differ) change(path string, a, b reflect.Value) {
	c := Change{Path: path}
	if a.IsValid() {
		c.Before = raw(a)
	}
	if b.IsValid() {
		c.After = raw(b)
	}
	d.out = append(d.out, c)
}

func raw(v reflect.Value) json.RawMessage {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return json.RawMessage(`null`)
	}
	return b
}

func (d *differ) walk(path string, a, b reflect.Value, top bool) {
	switch t := a.Type(); {
	case t == decimalType:
		if !a.Interface().(money.Decimal).Equal(b.Interface().(money.Decimal)) {
			d.change(path, a, b)
		}
	case t == dateType:
		if !a.Interface().(devcoop.Date).Equal(b.Interface().(devcoop.Date).Time) {
			d.change(path, a, b)
		}
	case t == timeType:
		if !a.Interface().(time.Time).Equal(b.Interface().(time.Time)) {
			d.change(path, a, b)
		}
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name := jsonName(f)
			if name == "" || (top && diffSkipped[name]) {
				continue
			}
			d.walk(join(path, name), a.Field(i), b.Field(i), false)
		}
	case t.Kind() == reflect.Slice:
		n := max(a.Len(), b.Len())
		for i := range n {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= a.Len():
				d.change(p, reflect.Value{}, b.Index(i))
			case i >= b.Len():
				d.change(p, a.Index(i), reflect.Value{})
			default:
				d.walk(p, a.Index(i), b.Index(i), false)
			}
		}
	case t.Comparable():
		if a.Interface() != b.Interface() {
			d.change(path, a, b)
		}
	default:
		// Maps and the like: compare their JSON, as a whole.
		if string(raw(a)) != string(raw(b)) {
			d.change(path, a, b)
		}
	}
}

// jsonName is the JSON field name of f, or "" when f is not in the JSON.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		return f.Name
	}
	return name
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
