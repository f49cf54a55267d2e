package codelist

import "testing"

func TestEveryListParses(t *testing.T) {
	names := Names()
	if len(names) < 60 {
		t.Fatalf("only %d code lists embedded", len(names))
	}
	for _, n := range names {
		l, err := load(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if len(l.Items) == 0 {
			t.Errorf("%s: no items", n)
		}
	}
}

func TestLookup(t *testing.T) {
	cases := []struct {
		list, code string
		want       bool
		name       string
	}{
		{"Country", "KE", true, "Kenya"},
		{"Country", "ke", true, "Kenya"},
		{"Country", "XX", false, ""},
		{"Currency", "EUR", true, "Euro"},
		{"Sector", "16020", true, "Employment creation"},
		{"Sector", "99999", false, ""},
		{"TransactionType", "11", true, "Incoming Commitment"},
	}
	for _, c := range cases {
		t.Run(c.list+"/"+c.code, func(t *testing.T) {
			it, ok := Get(c.list).Lookup(c.code)
			if ok != c.want {
				t.Fatalf("Lookup = %v, want %v", ok, c.want)
			}
			if ok && it.Name != c.name {
				t.Errorf("name = %q, want %q", it.Name, c.name)
			}
		})
	}
	if !Sector().Has("11321") || Sector().Active("11321") {
		t.Error("withdrawn sector 11321 should be known but not active")
	}
}
