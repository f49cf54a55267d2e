package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"devcoop"
)

// The sign-in form has no session yet, so it is protected by a
// double-submit cookie: the form must echo a random value only this site
// could have put in the cookie.
const loginCSRFCookie = "devcoop_login"

type signinView struct {
	Email string
	Next  string
	Error string
	Token string
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	if devcoop.UserFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderSignin(w, r, http.StatusOK, signinView{Next: r.URL.Query().Get("next")})
}

func (s *Server) renderSignin(w http.ResponseWriter, r *http.Request, status int, v signinView) {
	b := make([]byte, 18)
	rand.Read(b)
	v.Token = base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: loginCSRFCookie, Value: v.Token, Path: "/signin", HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	s.render(w, r, status, "signin", s.newPage(r, "Sign in", "", v))
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	email := strings.TrimSpace(r.PostFormValue("email"))
	v := signinView{Email: email, Next: r.PostFormValue("next")}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		v.Error = "This sign-in form has expired. Please try again."
		s.renderSignin(w, r, http.StatusForbidden, v)
		return
	}
	token, sess, err := s.app.SignIn(r.Context(), email, r.PostFormValue("password"))
	if err != nil {
		v.Error = devcoop.ErrorMessage(err)
		s.logIfInternal(r, err)
		s.renderSignin(w, r, status(err), v)
		return
	}
	clearCookie(w, loginCSRFCookie, s.Secure)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt.Add(30 * 24 * time.Hour)})
	http.Redirect(w, r, safeNext(v.Next), http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.app.SignOut(r.Context(), c.Value); err != nil {
			s.log.Warn("sign out", "err", err)
		}
	}
	clearCookie(w, sessionCookie, s.Secure)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// safeNext keeps redirects after sign-in on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
