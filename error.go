package devcoop

import (
	"errors"
	"fmt"
	"strings"
)

// Kind says what sort of error happened, so every layer can react to it
// without knowing where it came from. The web layer maps each kind to one
// HTTP status in one table.
type Kind uint8

// The error kinds. Keep this list short: a caller only needs to know what to
// do next, not the whole story.
const (
	KindOther        Kind = iota // unclassified: treated as internal
	KindInvalid                  // the input is wrong; the message says which field and why
	KindNotFound                 // no such thing, or not visible to this user
	KindConflict                 // stale version, duplicate key, or a state that forbids the change
	KindUnauthorized             // not signed in, or bad credentials
	KindForbidden                // signed in, but not allowed to do this
	KindInternal                 // a fault on our side; logged, never shown in detail
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	case KindUnauthorized:
		return "unauthorized"
	case KindForbidden:
		return "forbidden"
	case KindInternal:
		return "internal"
	}
	return "other"
}

// FieldError names one wrong field and says why it is wrong.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is devcoop's error: an operation, a kind, a safe message for users,
// the fields at fault, and the underlying cause (never shown to users when
// the kind is internal).
type Error struct {
	Op      string       // the operation, e.g. "project.update"
	Kind    Kind         //
	Message string       // safe to show to the user
	Fields  []FieldError // for KindInvalid: every field at fault
	Err     error        // the cause
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString(e.Kind.String())
	}
	for i, f := range e.Fields {
		if i == 0 && e.Message != "" {
			b.WriteString(": ")
		} else if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + ": " + f.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error of the given kind with a formatted, user-safe message.
func Errorf(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap gives err an operation and a kind, keeping its message.
func Wrap(op string, kind Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Kind: kind, Err: err}
}

// WithOp adds an operation to err, keeping its kind.
func WithOp(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) && e.Op == "" {
		c := *e
		c.Op = op
		return &c
	}
	return &Error{Op: op, Kind: ErrorKind(err), Err: err}
}

// ErrorKind returns the kind of err, looking through wrapping. An error that
// is not ours is internal.
func ErrorKind(err error) Kind {
	if err == nil {
		return KindOther
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Kind != KindOther {
			return e.Kind
		}
		if e.Err != nil {
			return ErrorKind(e.Err)
		}
	}
	return KindInternal
}

// ErrorMessage returns the message that may be shown to a user. Internal
// errors say only that something went wrong.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) || ErrorKind(err) == KindInternal {
		return "Something went wrong on our side. It has been logged."
	}
	msg := e.Message
	if msg == "" && e.Err != nil {
		if inner := ErrorMessage(e.Err); ErrorKind(e.Err) != KindInternal {
			msg = inner
		}
	}
	if msg == "" {
		switch e.Kind {
		case KindNotFound:
			msg = "Not found."
		case KindForbidden:
			msg = "You are not allowed to do that."
		case KindUnauthorized:
			msg = "Please sign in."
		case KindConflict:
			msg = "That conflicts with the current state."
		case KindInvalid:
			msg = "Some fields are not valid."
		}
	}
	return msg
}

// ErrorFields returns the fields at fault in err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	for errors.As(err, &e) {
		if len(e.Fields) > 0 {
			return e.Fields
		}
		if e.Err == nil {
			break
		}
		err = e.Err
	}
	return nil
}

// Problems collects field errors while validating, and turns into one
// invalid error at the end.
type Problems struct{ list []FieldError }

// Add records that field is wrong, and why.
func (p *Problems) Add(field, format string, args ...any) {
	p.list = append(p.list, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddAll records field errors gathered elsewhere, under a prefix.
func (p *Problems) AddAll(prefix string, fs []FieldError) {
	for _, f := range fs {
		name := f.Field
		if prefix != "" {
			name = prefix + "." + name
		}
		p.list = append(p.list, FieldError{Field: name, Message: f.Message})
	}
}

// Empty reports whether nothing was found wrong.
func (p *Problems) Empty() bool { return len(p.list) == 0 }

// List returns the problems found so far.
func (p *Problems) List() []FieldError { return p.list }

// Err returns nil, or an invalid error listing every problem.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Message: "invalid input", Fields: p.list}
}

// Invalid returns an invalid error for one field.
func Invalid(field, format string, args ...any) error {
	var p Problems
	p.Add(field, format, args...)
	return p.Err()
}

// Common errors.
var (
	ErrUnauthorized = &Error{Kind: KindUnauthorized, Message: "Please sign in."}
	ErrForbidden    = &Error{Kind: KindForbidden, Message: "You are not allowed to do that."}
)

// NotFound returns a not-found error for a kind of thing.
func NotFound(what string, id any) error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf("%s %v not found", what, id)}
}

// Conflictf returns a conflict error.
func Conflictf(format string, args ...any) error { return Errorf(KindConflict, format, args...) }
