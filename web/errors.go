package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"devcoop"
)

// statusOf is the one table from error kinds to HTTP status codes.
var statusOf = map[devcoop.Kind]int{
	devcoop.KindInvalid:      http.StatusBadRequest,
	devcoop.KindNotFound:     http.StatusNotFound,
	devcoop.KindConflict:     http.StatusConflict,
	devcoop.KindUnauthorized: http.StatusUnauthorized,
	devcoop.KindForbidden:    http.StatusForbidden,
	devcoop.KindInternal:     http.StatusInternalServerError,
	devcoop.KindOther:        http.StatusInternalServerError,
}

func status(err error) int { return statusOf[devcoop.ErrorKind(err)] }

// apiError is the body of every JSON error.
type apiError struct {
	Error struct {
		Status  int                  `json:"status"`
		Kind    string               `json:"kind"`
		Message string               `json:"message"`
		Fields  []devcoop.FieldError `json:"fields,omitempty"`
	} `json:"error"`
}

func (s *Server) logIfInternal(r *http.Request, err error) {
	if status(err) >= 500 {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

func (s *Server) writeJSONError(w http.ResponseWriter, r *http.Request, err error) {
	s.logIfInternal(r, err)
	var body apiError
	body.Error.Status = status(err)
	body.Error.Kind = devcoop.ErrorKind(err).String()
	body.Error.Message = devcoop.ErrorMessage(err)
	body.Error.Fields = devcoop.ErrorFields(err)
	if body.Error.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="devcoop"`)
	}
	writeJSON(w, body.Error.Status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// fail answers with an error in the form the request expects.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json") {
		s.writeJSONError(w, r, err)
		return
	}
	s.renderError(w, r, err)
}

// api adapts a JSON handler: it must be signed in (or carry a token), and
// its errors are written as JSON.
func (s *Server) api(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if devcoop.UserFrom(r.Context()) == nil {
			s.writeJSONError(w, r, devcoop.Errorf(devcoop.KindUnauthorized, "Send an API token as \"Authorization: Bearer <token>\"."))
			return
		}
		if err := h(w, r); err != nil {
			s.writeJSONError(w, r, err)
		}
	}
}

// page adapts an HTML handler: anonymous visitors are sent to sign in, and
// errors become an error page.
func (s *Server) page(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if devcoop.UserFrom(r.Context()) == nil {
			http.Redirect(w, r, "/signin?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	}
}
