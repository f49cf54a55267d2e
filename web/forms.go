package web

import (
	"fmt"
	"regexp"
	"strings"

	"devcoop/money"
)

// What every form shares: element ids for fields, and reading amounts.

// fieldID is the id of a field's input, made from its name or path:
// "tranches[1].amount" becomes "f-tranches-1-amount", so an error the
// service reports against a path lands next to its input.
func fieldID(path string) string { return idOf("f-", path) }

// idOf makes an element id of prefix and path, each run of characters
// other than letters, digits and "_" becoming one dash.
func idOf(prefix, path string) string {
	var b strings.Builder
	b.WriteString(prefix)
	dash := false
	for _, r := range path {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
		if !ok {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	return strings.TrimSuffix(b.String(), "-")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// thousands matches an amount grouped with commas, "1,234,567.89".
var thousands = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)

// parseAmount reads an exact amount; blank is zero. Commas are taken as
// thousands separators only where they group digits by three: "1,5" is
// refused rather than read as fifteen or one and a half.
func parseAmount(s string) (money.Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return money.Zero, nil
	}
	clean := s
	if thousands.MatchString(s) {
		clean = strings.ReplaceAll(s, ",", "")
	}
	d, err := money.Parse(clean)
	if err != nil {
		if strings.Contains(s, ",") {
			return money.Decimal{}, fmt.Errorf("%q is not an amount: write decimals with a point (1.5) and group thousands with commas (1,500,000)", s)
		}
		return money.Decimal{}, fmt.Errorf("%q is not an amount, e.g. 1500000.00", s)
	}
	return d, nil
}
