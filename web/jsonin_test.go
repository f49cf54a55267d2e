package web

import (
	"testing"

	"devcoop"
)

type fuzzTarget struct {
	Code      string                 `json:"code"`
	N         int                    `json:"n"`
	On        bool                   `json:"on"`
	Start     devcoop.Date           `json:"start"`
	Countries []devcoop.CountryShare `json:"countries"`
	Budgets   []devcoop.Budget       `json:"budgets"`
	Inner     *struct {
		Tags []string `json:"tags"`
	} `json:"inner"`
}

func TestDecodeJSONNamesFields(t *testing.T) {
	cases := map[string]string{
		`{"code": 1}`:             "code",
		`{"n": 1.5}`:              "n",
		`{"on": "yes"}`:           "on",
		`{"start": "2015-13-01"}`: "start",
		`{"countries": [{"country": "KE", "percentage": "1e2"}]}`: "countries[0].percentage",
		`{"budgets": [{}, {"amount": "12.5.0"}]}`:                 "budgets[1].amount",
		`{"inner": {"tags": [1]}}`:                                "inner.tags[0]",
		`{"inner": {"colour": "red"}}`:                            "inner.colour",
		`[1, 2]`:                                                  "body",
		`{"code": "a"} {"code": "b"}`:                             "body",
		``:                                                        "body",
	}
	for in, field := range cases {
		var v fuzzTarget
		err := decodeJSONBytes([]byte(in), &v)
		fs := devcoop.ErrorFields(err)
		if devcoop.ErrorKind(err) != devcoop.KindInvalid || len(fs) == 0 || fs[0].Field != field {
			t.Errorf("%s: %v, want field %s", in, err, field)
		}
	}
	var v fuzzTarget
	if err := decodeJSONBytes([]byte(`{"code":"X","n":3,"countries":[{"country":"KE","percentage":"100"}],"budgets":[{"amount":"12.50","currency":"EUR"}]}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.N != 3 || v.Budgets[0].Amount.String() != "12.50" || v.Countries[0].Country != "KE" {
		t.Errorf("decoded %+v", v)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"code":"x","n":1}`, `{"countries":[{"country":"KE","percentage":"50.5"}]}`, `{"budgets":[{"amount":"1e3"}]}`, `[`, `null`, `{"inner":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v fuzzTarget
		err := decodeJSONBytes(b, &v)
		if err != nil && devcoop.ErrorKind(err) != devcoop.KindInvalid {
			t.Fatalf("error of kind %v: %v", devcoop.ErrorKind(err), err)
		}
	})
}
