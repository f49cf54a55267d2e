package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"

	"devcoop"
)

// MaxBodyBytes caps a JSON request body.
const MaxBodyBytes = 4 << 20

// decodeJSON reads a JSON body into dst strictly: malformed JSON, unknown
// fields, values of the wrong type and values a field's own parser refuses
// (an amount that is not an exact decimal, a date that is not a date) all
// become an invalid error that names the field, such as
// "countries[1].percentage". Nothing is decoded into dst unless all of it is
// right.
func decodeJSON(r io.Reader, dst any) error {
	raw, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if err != nil {
		return devcoop.Invalid("body", "could not be read: %v", err)
	}
	if len(raw) > MaxBodyBytes {
		return devcoop.Invalid("body", "is larger than %d bytes", MaxBodyBytes)
	}
	return decodeJSONBytes(raw, dst)
}

func decodeJSONBytes(raw []byte, dst any) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return devcoop.Invalid("body", "is empty; a JSON object is required")
	}
	if !json.Valid(raw) {
		var v any
		err := json.Unmarshal(raw, &v)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(raw, se.Offset)
			return devcoop.Invalid("body", "is not valid JSON at line %d, column %d: %s", line, col, se.Error())
		}
		return devcoop.Invalid("body", "is not valid JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return devcoop.Invalid("body", "is not valid JSON: %v", err)
	}
	if dec.More() {
		return devcoop.Invalid("body", "holds more than one JSON value")
	}
	var pr devcoop.Problems
	check(&pr, "", tree, reflect.TypeOf(dst).Elem())
	if !pr.Empty() {
		return pr.Err()
	}
	strict := json.NewDecoder(bytes.NewReader(raw))
	strict.DisallowUnknownFields()
	if err := strict.Decode(dst); err != nil {
		// check should have caught everything; keep a safe message if not.
		return devcoop.Invalid("body", "%v", err)
	}
	return nil
}

func position(raw []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset && i < int64(len(raw)); i++ {
		if raw[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// check walks a decoded JSON value beside the Go type it must fill and
// records every mismatch under its path.
func check(pr *devcoop.Problems, path string, v any, t reflect.Type) {
	name := path
	if name == "" {
		name = "body"
	}
	if v == nil {
		return // null leaves the zero value, as encoding/json does
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		b, _ := json.Marshal(v)
		if n, ok := v.(json.Number); ok {
			b = []byte(n.String())
		}
		x := reflect.New(t).Interface().(json.Unmarshaler)
		if err := x.UnmarshalJSON(b); err != nil {
			pr.Add(name, "%v", err)
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		check(pr, path, v, t.Elem())
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			pr.Add(name, "must be a JSON object")
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fields[strings.ToLower(k)]
			if !ok {
				pr.Add(join(path, k), "is not a known field")
				continue
			}
			check(pr, join(path, k), obj[k], f.Type)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			pr.Add(name, "must be a JSON array")
			return
		}
		for i, e := range arr {
			check(pr, fmt.Sprintf("%s[%d]", name, i), e, t.Elem())
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			pr.Add(name, "must be a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			pr.Add(name, "must be true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			pr.Add(name, "must be a whole number")
			return
		}
		if _, err := n.Int64(); err != nil {
			pr.Add(name, "must be a whole number, not %s", n)
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			pr.Add(name, "must be a number")
		}
	case reflect.Map, reflect.Interface:
		// free-form
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonFields maps lower-cased JSON names to struct fields, following
// embedded structs as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					out[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[strings.ToLower(name)] = f
	}
	return out
}
