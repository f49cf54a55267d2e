package devcoop

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date without a time of day, kept at midnight UTC. The
// zero Date means "not set".
type Date struct{ time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of t, in UTC.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	t = t.UTC()
	return NewDate(t.Year(), t.Month(), t.Day())
}

// ParseDate reads YYYY-MM-DD. An empty string is the zero date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time.Before(e.Time) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Time.After(e.Time) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return Date{d.Time.AddDate(0, 0, n)} }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Sub(d.Time).Hours() / 24) }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("%s is not a date string", s)
	}
	x, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// Value stores a date as YYYY-MM-DD text, or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text or as a timestamp.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a date", src)
	}
	return nil
}

func (d *Date) scanString(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	x, err := ParseDate(s)
	*d = x
	return err
}

// Overlap returns the number of days two inclusive date ranges share.
func Overlap(aStart, aEnd, bStart, bEnd Date) int {
	s, e := aStart, aEnd
	if bStart.After(s) {
		s = bStart
	}
	if bEnd.Before(e) {
		e = bEnd
	}
	if e.Before(s) {
		return 0
	}
	return s.DaysUntil(e) + 1
}
