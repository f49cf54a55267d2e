package iati

import (
	"fmt"
	"strconv"
)

// Severity says whether a Problem rejects its activity or only flags it.
type Severity int

// Severities, from least to most serious.
const (
	Warning Severity = iota // the activity is imported; the problem is kept with it
	Error                   // the activity is rejected; the rest of the file goes on
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is one finding about an activity, organisation or file.
type Problem struct {
	Severity Severity
	Code     string // stable machine-readable kind, e.g. "code-not-on-list"
	Message  string // for people
	Path     string // inside the activity, e.g. "transaction[2]/value/@currency"; "" for the activity itself
	Line     int    // 1-based position in the source file, 0 when unknown
	Column   int    // 1-based, in characters
}

// String formats the problem as "line:col: severity code: path: message".
func (p Problem) String() string {
	loc := ""
	if p.Line > 0 {
		loc = strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) + ": "
	}
	path := ""
	if p.Path != "" {
		path = p.Path + ": "
	}
	return fmt.Sprintf("%s%s %s: %s%s", loc, p.Severity, p.Code, path, p.Message)
}

// FileError is a problem that stops the whole file: it is not XML, not IATI,
// or not well-formed at the given position.
type FileError struct {
	Path         string // file name as given to NewReader
	Line, Column int    // 1-based; Column counts characters
	Message      string
}

// Error formats the error as "path:line:col: message", the form editors jump to.
func (e *FileError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Message)
}
