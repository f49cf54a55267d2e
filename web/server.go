// Package web serves devcoop's pages and its JSON API. Pages are rendered
// on the server and work without JavaScript; the API under /api/v1 serves
// the same data. Every route is listed in routes(); handlers call the
// services in app, which enforce access.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"devcoop"
	"devcoop/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the HTTP side of devcoop.
type Server struct {
	app    *app.App
	log    *slog.Logger
	views  *views
	assets *assets
	mux    *http.ServeMux
	ready  func() bool
	// patterns lists every route, so tests can check the OpenAPI document
	// covers the API.
	patterns []string
	// Secure marks cookies Secure (set when served over HTTPS).
	Secure bool
}

// New builds the server, parsing every template and hashing every asset
// now, so a missing template fails at start-up rather than on a request.
func New(a *app.App, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	as, err := newAssets(static)
	if err != nil {
		return nil, err
	}
	tpl, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	v, err := newViews(tpl, as)
	if err != nil {
		return nil, err
	}
	s := &Server{app: a, log: logger, views: v, assets: as, mux: newMux(), ready: func() bool { return true }}
	s.routes()
	return s, nil
}

// SetReady sets the function /healthz asks.
func (s *Server) SetReady(f func() bool) { s.ready = f }

// Handler returns the whole site with its middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	var h http.Handler = s.mux
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}

// routes lists every route devcoop serves.
func (s *Server) routes() {
	m := s
	m.HandleFunc("GET /healthz", s.healthz)
	m.Handle("GET /static/", s.assets)
	m.HandleFunc("GET /favicon.ico", s.favicon)

	// Signing in and out.
	m.HandleFunc("GET /signin", s.signinForm)
	m.HandleFunc("POST /signin", s.signin)
	m.HandleFunc("POST /signout", s.signout)

	// Pages.
	m.HandleFunc("GET /{$}", s.page(s.overview))
	m.HandleFunc("GET /projects", s.page(s.projectList))
	m.HandleFunc("GET /projects/{id}", s.page(s.projectPage))
	m.HandleFunc("GET /workplans", s.page(s.workplanList))
	m.HandleFunc("GET /workplans/{period}/allocate", s.page(s.allocatePage))
	m.HandleFunc("POST /workplans/{period}/allocate", s.page(s.allocatePost))
	m.HandleFunc("POST /workplans/{period}/allocate/record", s.page(s.recordAllocation))
	m.HandleFunc("GET /workplans/{period}/{outcome}", s.page(s.workplanPage))
	m.HandleFunc("POST /workplans/{period}/{outcome}", s.page(s.saveWorkplan))
	m.HandleFunc("GET /gaps", s.page(s.gapsPage))
	m.HandleFunc("GET /gaps/{format}", s.page(s.gapsExport))
	m.HandleFunc("GET /gaps/country/{code}", s.page(s.countryGapPage))
	m.HandleFunc("GET /workplans/{period}/{outcome}/{format}", s.page(s.workplanExport))
	m.HandleFunc("GET /proposals/template.xlsx", s.page(s.logframeTemplate))
	s.routesProposals()
	m.HandleFunc("GET /iati", s.page(s.iatiPage))
	m.HandleFunc("POST /iati/imports", s.page(s.iatiUpload))
	m.HandleFunc("GET /iati/imports/{id}", s.page(s.iatiJobPage))
	m.HandleFunc("GET /iati/activities/{id}", s.page(s.iatiActivityPage))
	m.HandleFunc("GET /iati/xml/{file}", s.page(s.iatiActivityXML))
	m.HandleFunc("GET /iati/publication/{file}", s.publication)
	s.routesMobilize()
	s.routesAccount()

	// JSON API.
	m.HandleFunc("GET /api/openapi.json", s.openapi)
	m.HandleFunc("GET /api/v1/summary", s.api(s.apiSummary))
	m.HandleFunc("GET /api/v1/projects", s.api(s.apiProjects))
	m.HandleFunc("POST /api/v1/projects", s.api(s.apiCreateProject))
	m.HandleFunc("GET /api/v1/projects/{id}", s.api(s.apiProject))
	m.HandleFunc("PUT /api/v1/projects/{id}", s.api(s.apiUpdateProject))
	m.HandleFunc("GET /api/v1/partners", s.api(s.apiPartners))
	m.HandleFunc("GET /api/v1/partners/{id}", s.api(s.apiPartner))
	m.HandleFunc("POST /api/v1/partners", s.api(s.apiCreatePartner))
	m.HandleFunc("PUT /api/v1/partners/{id}", s.api(s.apiUpdatePartner))
	m.HandleFunc("GET /api/v1/mobilization/{period}/progress", s.api(s.apiProgress))
	m.HandleFunc("GET /api/v1/mobilization/{period}/diversification", s.api(s.apiDiversification))
	m.HandleFunc("PUT /api/v1/mobilization/{period}/targets", s.api(s.apiSetTarget))
	m.HandleFunc("GET /api/v1/agreements", s.api(s.apiAgreements))
	m.HandleFunc("POST /api/v1/agreements", s.api(s.apiCreateAgreement))
	m.HandleFunc("GET /api/v1/agreements/{id}", s.api(s.apiAgreement))
	m.HandleFunc("PUT /api/v1/agreements/{id}", s.api(s.apiUpdateAgreement))
	m.HandleFunc("POST /api/v1/agreements/{id}/tranches/{seq}/receipt", s.api(s.apiRecordReceipt))
	m.HandleFunc("GET /api/v1/opportunities", s.api(s.apiOpportunities))
	m.HandleFunc("POST /api/v1/opportunities", s.api(s.apiCreateOpportunity))
	m.HandleFunc("GET /api/v1/opportunities/{id}", s.api(s.apiOpportunity))
	m.HandleFunc("PUT /api/v1/opportunities/{id}", s.api(s.apiUpdateOpportunity))
	m.HandleFunc("POST /api/v1/opportunities/{id}/stage", s.api(s.apiMoveOpportunity))
	m.HandleFunc("POST /api/v1/opportunities/{id}/sign", s.api(onRecord(http.StatusCreated, s.app.SignOpportunity)))
	m.HandleFunc("GET /api/v1/calendar", s.api(s.apiCalendar))
	m.HandleFunc("GET /api/v1/calendar.ics", s.apiCalendarICS)
	m.HandleFunc("GET /api/v1/rates", s.api(s.apiRates))
	m.HandleFunc("GET /api/v1/proposals", s.api(s.apiProposals))
	m.HandleFunc("POST /api/v1/proposals", s.api(s.apiCreateProposal))
	m.HandleFunc("GET /api/v1/proposals/{id}", s.api(s.apiProposal))
	m.HandleFunc("PUT /api/v1/proposals/{id}", s.api(onRecord(http.StatusOK, func(ctx context.Context, id int64, p devcoop.Proposal) (*devcoop.ProposalRecord, error) {
		return s.app.UpdateProposal(ctx, id, &p)
	})))
	m.HandleFunc("GET /api/v1/proposals/{id}/screen", s.api(s.apiScreen))
	m.HandleFunc("POST /api/v1/proposals/{id}/transitions", s.api(onRecord(http.StatusOK, s.app.Transition)))
	m.HandleFunc("PUT /api/v1/proposals/{id}/appraisal", s.api(onRecord(http.StatusOK, s.app.SaveAppraisal)))
	m.HandleFunc("PUT /api/v1/proposals/{id}/me-review", s.api(onRecord(http.StatusOK, s.app.SaveMEReview)))
	m.HandleFunc("POST /api/v1/proposals/{id}/comments", s.api(s.apiComment))
	m.HandleFunc("GET /api/v1/proposals/{id}/history", s.api(s.apiProposalHistory))
	m.HandleFunc("GET /api/v1/proposals/{id}/diff", s.api(s.apiProposalDiff))
	m.HandleFunc("GET /api/v1/proposals/{id}/similar", s.api(s.apiSimilarWork))
	m.HandleFunc("POST /api/v1/proposals/logframe", s.api(s.apiImportLogframe))
	m.HandleFunc("GET /api/v1/appraisal/rules", s.api(s.apiRules))
	m.HandleFunc("PUT /api/v1/appraisal/rules", s.api(s.apiSetRules))
	m.HandleFunc("GET /api/v1/appraisal/queue", s.api(s.apiQueue))
	m.HandleFunc("GET /api/v1/appraisal/stats", s.api(s.apiAppraisalStats))
	m.HandleFunc("GET /api/v1/notifications", s.api(s.apiNotifications))
	m.HandleFunc("GET /api/v1/iati/imports", s.api(s.apiImportJobs))
	m.HandleFunc("POST /api/v1/iati/imports", s.api(s.apiQueueImport))
	m.HandleFunc("GET /api/v1/iati/imports/{id}", s.api(s.apiImportJob))
	m.HandleFunc("GET /api/v1/iati/activities", s.api(s.apiExternalActivities))
	m.HandleFunc("GET /api/v1/iati/activities/{id}", s.api(s.apiExternalActivity))
	m.HandleFunc("GET /api/v1/partners/{id}/funding-elsewhere", s.api(s.apiPartnerFunding))
	m.HandleFunc("POST /api/v1/rates", s.api(s.apiLoadRates))
	m.HandleFunc("GET /api/v1/countries", s.api(s.apiCountries))
	m.HandleFunc("GET /api/v1/regions", s.api(s.apiRegions))
	m.HandleFunc("GET /api/v1/offices", s.api(s.apiOffices))
	m.HandleFunc("GET /api/v1/outcomes", s.api(s.apiOutcomes))
	m.HandleFunc("GET /api/v1/audit", s.api(s.apiAudit))
	m.HandleFunc("GET /api/v1/workplans/{period}", s.api(s.apiWorkplans))
	m.HandleFunc("GET /api/v1/workplans/{period}/gaps", s.api(s.apiGaps))
	m.HandleFunc("GET /api/v1/workplans/{period}/outcomes/{outcome}", s.api(s.apiWorkplan))
	m.HandleFunc("GET /api/v1/workplans/{period}/outcomes/{outcome}/prospects", s.api(s.apiProspects))
	m.HandleFunc("PUT /api/v1/workplans/{period}/outcomes/{outcome}", s.api(s.apiSaveWorkplan))
	m.HandleFunc("POST /api/v1/workplans/{period}/allocations/proposal", s.api(s.apiProposeAllocation))
	m.HandleFunc("GET /api/v1/workplans/{period}/allocations/decisions", s.api(s.apiDecisions))
	m.HandleFunc("POST /api/v1/workplans/{period}/allocations/decisions", s.api(s.apiRecordDecisions))
	m.HandleFunc("DELETE /api/v1/workplans/{period}/allocations/decisions/{id}", s.api(s.apiDeleteDecision))
	m.HandleFunc("GET /api/v1/workplans/{period}/scenarios", s.api(s.apiScenarios))
	m.HandleFunc("POST /api/v1/workplans/{period}/scenarios", s.api(s.apiCreateScenario))
	m.HandleFunc("GET /api/v1/settings/priority", s.api(s.apiPriority))
	m.HandleFunc("PUT /api/v1/settings/priority", s.api(s.apiSetPriority))
	m.HandleFunc("GET /api/v1/settings/portfolio-date", s.api(s.apiPortfolioDate))
	m.HandleFunc("PUT /api/v1/settings/portfolio-date", s.api(s.apiSetPortfolioDate))
	m.HandleFunc("/api/", s.api(func(w http.ResponseWriter, r *http.Request) error {
		return devcoop.NotFound("API route", r.Method+" "+r.URL.Path)
	}))
	m.HandleFunc("/", s.page(func(w http.ResponseWriter, r *http.Request) error {
		return devcoop.NotFound("page", r.URL.Path)
	}))
}

// HandleFunc registers a route and remembers its pattern.
func (s *Server) HandleFunc(pattern string, h http.HandlerFunc) {
	s.patterns = append(s.patterns, pattern)
	s.mux.HandleFunc(pattern, h)
}

// Handle registers a handler and remembers its pattern.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, h)
}

// Routes lists every registered route pattern.
func (s *Server) Routes() []string { return append([]string(nil), s.patterns...) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if !s.ready() {
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	if _, err := s.app.Store().DataVersion(ctx); err != nil {
		s.log.Error("health check", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, s.assets.URL("img/favicon.svg"), http.StatusMovedPermanently)
}

func newMux() *http.ServeMux { return http.NewServeMux() }
