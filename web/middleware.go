package web

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"devcoop"
	"devcoop/app"
)

const sessionCookie = "devcoop_session"

type ctxKey int

const sessionKey ctxKey = 0

func sessionFrom(ctx context.Context) *devcoop.Session {
	s, _ := ctx.Value(sessionKey).(*devcoop.Session)
	return s
}

// authenticate puts the user of a bearer token or a session cookie in the
// request context. It never refuses a request: pages and API handlers
// decide what an anonymous request gets, and the services enforce access.
// A bad bearer token is refused at once, though: a program that sends one
// wants to know.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.writeJSONError(w, r, devcoop.Errorf(devcoop.KindUnauthorized, "The Authorization header must be \"Bearer <token>\"."))
				return
			}
			u, err := s.app.TokenUser(ctx, strings.TrimSpace(tok))
			if err != nil {
				s.writeJSONError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(devcoop.NewContext(ctx, u)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, sess, err := s.app.SessionUser(ctx, c.Value)
			if err == nil {
				ctx = devcoop.NewContext(ctx, u)
				ctx = context.WithValue(ctx, sessionKey, sess)
				// A cookie-authenticated change must carry the session's
				// CSRF token: another site can make the browser send the
				// cookie, but cannot read the token.
				if !safeMethod(r.Method) {
					tok := r.Header.Get("X-CSRF-Token")
					if tok == "" {
						// Upload forms carry it in the URL, so a large body
						// is streamed by the handler, not parsed here.
						tok = r.URL.Query().Get("csrf")
					}
					if tok == "" {
						tok = r.PostFormValue("csrf")
					}
					if !app.CSRFMatches(sess, tok) {
						s.fail(w, r, devcoop.Errorf(devcoop.KindForbidden, "This form has expired or did not come from devcoop. Go back, reload the page and try again."))
						return
					}
				}
			} else if devcoop.ErrorKind(err) != devcoop.KindUnauthorized {
				s.fail(w, r, err)
				return
			} else {
				clearCookie(w, sessionCookie, s.Secure)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				s.fail(w, r, devcoop.Errorf(devcoop.KindInternal, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if strings.HasPrefix(r.URL.Path, "/static/") && sw.status < 400 {
			return
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes, "duration", time.Since(start).Round(time.Microsecond))
	})
}

func clearCookie(w http.ResponseWriter, name string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}
