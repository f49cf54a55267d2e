package web

import (
	"net/http"

	"devcoop"
)

// The account page: who the user is to devcoop, and the API tokens that
// let scripts and calendar programs act as them.

type accountView struct {
	Office   *devcoop.Office
	Partner  *devcoop.Partner
	Outcomes []*devcoop.Outcome
	Tokens   []devcoop.APIToken
	NewToken string // shown once, just after it is made
	NewName  string
	NameErr  string
	FeedURL  string // the calendar feed with the new token
}

func (s *Server) routesAccount() {
	s.HandleFunc("GET /account", s.page(s.accountPage))
	s.HandleFunc("POST /account/tokens", s.page(s.createToken))
	s.HandleFunc("POST /account/tokens/{id}/revoke", s.page(s.revokeToken))
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, &accountView{})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, v *accountView) error {
	ctx := r.Context()
	u := devcoop.UserFrom(ctx)
	pf, err := s.app.Portfolio(ctx)
	if err != nil {
		return err
	}
	v.Office, v.Partner = pf.Office(u.OfficeID), pf.Partner(u.PartnerID)
	for _, id := range u.OutcomeIDs {
		if o := pf.Outcome(id); o != nil {
			v.Outcomes = append(v.Outcomes, o)
		}
	}
	if v.Tokens, err = s.app.MyTokens(ctx); err != nil {
		return err
	}
	s.render(w, r, status, "account", s.newPage(r, "Your account", "", v))
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	in, err := readForm(r)
	if err != nil {
		return err
	}
	v := &accountView{NewName: in.text("name")}
	switch {
	case v.NewName == "":
		v.NameErr = "Give the token a name, such as the script or calendar that will use it."
	case len(v.NewName) > 100:
		v.NameErr = "Keep the name under 100 characters."
	}
	if v.NameErr != "" {
		return s.renderAccount(w, r, http.StatusBadRequest, v)
	}
	tok, err := s.app.CreateToken(r.Context(), devcoop.UserFrom(r.Context()).Email, v.NewName)
	if err != nil {
		return err
	}
	// The token is shown in this answer only: it is stored hashed.
	v.NewToken, v.FeedURL = tok, s.feedURL(r, tok)
	return s.renderAccount(w, r, http.StatusOK, v)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.app.RevokeMyToken(r.Context(), id); err != nil {
		return err
	}
	redirectFlash(w, r, "/account", "Token revoked: it no longer works.")
	return nil
}

// feedURL is the calendar feed's address, ending with tok.
func (s *Server) feedURL(r *http.Request, tok string) string {
	scheme := "http"
	if r.TLS != nil || s.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/api/v1/calendar.ics?token=" + tok
}
