package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"devcoop"
)

func (s *Server) apiSummary(w http.ResponseWriter, r *http.Request) error {
	sum, err := s.app.Summary(r.Context(), r.URL.Query().Get("period"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

type projectPage struct {
	Projects []*devcoop.Project `json:"projects"`
	Total    int                `json:"total"`
	Page     int                `json:"page"`
	PerPage  int                `json:"per_page"`
}

func (s *Server) apiProjects(w http.ResponseWriter, r *http.Request) error {
	f, page, perPage, err := projectFilter(r.URL.Query())
	if err != nil {
		return err
	}
	ps, total, err := s.app.Projects(r.Context(), f)
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []*devcoop.Project{}
	}
	writeJSON(w, http.StatusOK, projectPage{Projects: ps, Total: total, Page: page, PerPage: perPage})
	return nil
}

func (s *Server) apiProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.app.Project(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// projectInput is what a client sends to create or update a project: the
// project's own fields, without the ones devcoop fills in.
type projectInput struct {
	Code           string                 `json:"code"`
	IATIIdentifier string                 `json:"iati_identifier"`
	Title          string                 `json:"title"`
	Description    string                 `json:"description"`
	Status         devcoop.ProjectStatus  `json:"status"`
	PlannedStart   devcoop.Date           `json:"planned_start"`
	PlannedEnd     devcoop.Date           `json:"planned_end"`
	ActualStart    devcoop.Date           `json:"actual_start"`
	ActualEnd      devcoop.Date           `json:"actual_end"`
	OfficeID       int64                  `json:"office_id"`
	Source         devcoop.FundSource     `json:"source"`
	Currency       string                 `json:"currency"`
	Countries      []devcoop.CountryShare `json:"countries"`
	Regions        []devcoop.RegionShare  `json:"regions"`
	Sectors        []devcoop.SectorShare  `json:"sectors"`
	Outcomes       []devcoop.OutcomeShare `json:"outcomes"`
	CPOs           []devcoop.CPOShare     `json:"cpos"`
	Funders        []devcoop.FunderShare  `json:"funders"`
	PolicyMarkers  []devcoop.PolicyMarker `json:"policy_markers"`
	Budgets        []devcoop.Budget       `json:"budgets"`
	Published      bool                   `json:"published"`
	Version        int                    `json:"version"`
}

func (in projectInput) project() *devcoop.Project {
	return &devcoop.Project{Code: strings.TrimSpace(in.Code), IATIIdentifier: in.IATIIdentifier, Title: in.Title, Description: in.Description,
		Status: in.Status, PlannedStart: in.PlannedStart, PlannedEnd: in.PlannedEnd, ActualStart: in.ActualStart, ActualEnd: in.ActualEnd,
		OfficeID: in.OfficeID, Source: in.Source, Currency: in.Currency, Countries: in.Countries, Regions: in.Regions, Sectors: in.Sectors,
		Outcomes: in.Outcomes, CPOs: in.CPOs, Funders: in.Funders, PolicyMarkers: in.PolicyMarkers, Budgets: in.Budgets, Published: in.Published, Version: in.Version}
}

func (s *Server) apiCreateProject(w http.ResponseWriter, r *http.Request) error {
	var in projectInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	p := in.project()
	if err := s.app.CreateProject(r.Context(), p); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/projects/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiUpdateProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projectInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	if in.Version == 0 {
		return devcoop.Invalid("version", "is required: send the version you read, so a concurrent change is not overwritten")
	}
	p := in.project()
	p.ID = id
	if err := s.app.UpdateProject(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPartners(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.app.Partners(r.Context(), devcoop.PartnerFilter{Kind: devcoop.PartnerKind(r.URL.Query().Get("kind")), Query: r.URL.Query().Get("q")})
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []devcoop.Partner{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"partners": ps})
	return nil
}

func (s *Server) apiPartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.app.Partner(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiCountries(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.app.Reference(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"countries": pf.Countries})
	return nil
}

func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.app.Reference(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"regions": pf.Regions})
	return nil
}

func (s *Server) apiOffices(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.app.Reference(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"offices": pf.Offices})
	return nil
}

func (s *Server) apiOutcomes(w http.ResponseWriter, r *http.Request) error {
	pf, err := s.app.Reference(r.Context())
	if err != nil {
		return err
	}
	period := r.URL.Query().Get("period")
	out := []devcoop.Outcome{}
	for _, o := range pf.Outcomes {
		if period == "" || o.Period == period {
			out = append(out, o)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"outcomes": out, "objectives": pf.Objectives, "periods": pf.Periods})
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ev, err := s.app.Audit(r.Context(), devcoop.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("id"), Limit: 200})
	if err != nil {
		return err
	}
	if ev == nil {
		ev = []devcoop.AuditEvent{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": ev})
	return nil
}

// onRecord adapts a service call that changes one record: it reads the
// record's id from the path and the JSON body as In, and answers the
// service's result with status.
func onRecord[In, Out any](status int, call func(ctx context.Context, id int64, in In) (Out, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in In
		if err := decodeJSON(r.Body, &in); err != nil {
			return err
		}
		out, err := call(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}
