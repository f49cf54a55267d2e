package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"devcoop"
	"devcoop/app"
	"devcoop/codelist"
)

type iatiView struct {
	Jobs       []devcoop.ImportJob
	Activities []*devcoop.ExternalActivity
	Total      int
	Page       int
	Pages      int
	Filter     devcoop.ExternalFilter
	CanImport  bool
	MaxMB      int
	Searched   bool
}

func externalFilter(r *http.Request) (devcoop.ExternalFilter, int, error) {
	q := r.URL.Query()
	f := devcoop.ExternalFilter{Publisher: q.Get("publisher"), Country: strings.ToUpper(q.Get("country")), Sector: q.Get("sector"),
		Partner: q.Get("partner"), Funder: q.Get("funder"), Query: q.Get("q"), Limit: 50}
	switch q.Get("own") {
	case "1":
		t := true
		f.Own = &t
	case "0":
		no := false
		f.Own = &no
	}
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return f, 0, devcoop.Invalid("page", "%q is not a page number", v)
		}
		page = n
	}
	f.Offset = (page - 1) * f.Limit
	return f, page, nil
}

func (s *Server) iatiPage(w http.ResponseWriter, r *http.Request) error {
	jobs, err := s.app.ImportJobs(r.Context())
	if err != nil {
		return err
	}
	f, page, err := externalFilter(r)
	if err != nil {
		return err
	}
	acts, total, err := s.app.ExternalActivities(r.Context(), f)
	if err != nil {
		return err
	}
	v := iatiView{Jobs: jobs, Activities: acts, Total: total, Page: page, Pages: (total + f.Limit - 1) / f.Limit, Filter: f,
		CanImport: devcoop.CanImportIATI(devcoop.UserFrom(r.Context())), MaxMB: app.MaxUploadBytes >> 20, Searched: len(r.URL.Query()) > 0}
	s.render(w, r, http.StatusOK, "iati", s.newPage(r, "IATI data", "iati", v))
	return nil
}

// readUploads reads the files of a multipart upload, within the limit.
func readUploads(w http.ResponseWriter, r *http.Request, field string) ([]devcoop.JobFile, error) {
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxUploadBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, devcoop.Invalid("files", "send the files as multipart/form-data")
	}
	var files []devcoop.JobFile
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, devcoop.Invalid("files", "the upload could not be read (%v); the limit is %d MB", err, app.MaxUploadBytes>>20)
		}
		if part.FormName() != field || part.FileName() == "" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, app.MaxUploadBytes+1))
		part.Close()
		if err != nil {
			return nil, devcoop.Invalid("files", "%s could not be read: %v", part.FileName(), err)
		}
		files = append(files, devcoop.JobFile{Name: part.FileName(), Data: data})
	}
	return files, nil
}

func (s *Server) iatiUpload(w http.ResponseWriter, r *http.Request) error {
	files, err := readUploads(w, r, "files")
	if err != nil {
		return err
	}
	j, err := s.app.QueueImport(r.Context(), files)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/iati/imports/%d", j.ID), http.StatusSeeOther)
	return nil
}

type jobView struct {
	Job     *devcoop.ImportJob
	Report  *app.JobReport
	Percent int64
	Running bool
	Codes   map[string]int
}

func (s *Server) iatiJobPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	j, err := s.app.ImportJob(r.Context(), id)
	if err != nil {
		return err
	}
	v := jobView{Job: j, Running: j.Status == devcoop.JobQueued || j.Status == devcoop.JobRunning, Codes: map[string]int{}}
	if j.BytesTotal > 0 {
		v.Percent = j.BytesDone * 100 / j.BytesTotal
	}
	if j.Report != "" {
		v.Report = new(app.JobReport)
		if err := json.Unmarshal([]byte(j.Report), v.Report); err != nil {
			return err
		}
		for _, f := range v.Report.Files {
			for c, n := range f.WarningCounts {
				v.Codes[c] += n
			}
		}
	}
	page := s.newPage(r, fmt.Sprintf("Import %d", j.ID), "iati", v)
	page.Crumbs = []Crumb{{"IATI data", "/iati"}, {fmt.Sprintf("Import %d", j.ID), ""}}
	s.render(w, r, http.StatusOK, "iati_job", page)
	return nil
}

type externalView struct {
	Activity *devcoop.ExternalActivity
	Project  *devcoop.Project
	Country  func(string) string
	Sector   func(string) string
}

func (s *Server) iatiActivityPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.app.ExternalActivity(r.Context(), id)
	if err != nil {
		return err
	}
	v := externalView{Activity: a, Country: codelist.Country().NameOf, Sector: codelist.Sector().NameOf}
	if a.ProjectID != 0 {
		v.Project, _ = s.app.Project(r.Context(), a.ProjectID)
	}
	page := s.newPage(r, a.Title, "iati", v)
	page.Crumbs = []Crumb{{"IATI data", "/iati"}, {a.Identifier, ""}}
	s.render(w, r, http.StatusOK, "iati_activity", page)
	return nil
}

func (s *Server) iatiActivityXML(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(strings.TrimSuffix(r.PathValue("file"), ".xml"), 10, 64)
	if err != nil {
		return devcoop.NotFound("IATI activity", r.PathValue("file"))
	}
	a, err := s.app.ExternalActivity(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n"))
	w.Write(a.XML)
	return nil
}

// publication serves the organisation's own IATI files. They hold only
// published projects, so anyone may read them, as from the IATI Registry.
func (s *Server) publication(w http.ResponseWriter, r *http.Request) {
	ctx := app.AsPublisher(r.Context())
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	var err error
	switch r.PathValue("file") {
	case "activities.xml":
		_, err = s.app.ExportIATI(ctx, w, false)
	case "organisation.xml":
		err = s.app.ExportOrganisationIATI(ctx, w, false)
	default:
		s.fail(w, r, devcoop.NotFound("IATI file", r.PathValue("file")))
		return
	}
	if err != nil {
		s.log.Error("IATI publication", "err", err)
	}
}

// API.

func (s *Server) apiQueueImport(w http.ResponseWriter, r *http.Request) error {
	var files []devcoop.JobFile
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		var err error
		if files, err = readUploads(w, r, "files"); err != nil {
			return err
		}
	} else {
		name := r.URL.Query().Get("name")
		if name == "" {
			return devcoop.Invalid("name", "give the file's name as ?name=, or upload multipart/form-data files")
		}
		data, err := io.ReadAll(io.LimitReader(r.Body, app.MaxUploadBytes+1))
		if err != nil {
			return devcoop.Invalid("body", "could not be read")
		}
		files = []devcoop.JobFile{{Name: name, Data: data}}
	}
	j, err := s.app.QueueImport(r.Context(), files)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/iati/imports/%d", j.ID))
	writeJSON(w, http.StatusAccepted, jobJSON(j))
	return nil
}

type jobBody struct {
	*devcoop.ImportJob
	Percent int64          `json:"percent"`
	Report  *app.JobReport `json:"report,omitempty"`
}

func jobJSON(j *devcoop.ImportJob) jobBody {
	b := jobBody{ImportJob: j}
	if j.BytesTotal > 0 {
		b.Percent = j.BytesDone * 100 / j.BytesTotal
	}
	if j.Report != "" {
		b.Report = new(app.JobReport)
		_ = json.Unmarshal([]byte(j.Report), b.Report)
	}
	return b
}

func (s *Server) apiImportJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	j, err := s.app.ImportJob(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, jobJSON(j))
	return nil
}

func (s *Server) apiImportJobs(w http.ResponseWriter, r *http.Request) error {
	js, err := s.app.ImportJobs(r.Context())
	if err != nil {
		return err
	}
	if js == nil {
		js = []devcoop.ImportJob{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"imports": js})
	return nil
}

func (s *Server) apiExternalActivities(w http.ResponseWriter, r *http.Request) error {
	f, page, err := externalFilter(r)
	if err != nil {
		return err
	}
	as, total, err := s.app.ExternalActivities(r.Context(), f)
	if err != nil {
		return err
	}
	if as == nil {
		as = []*devcoop.ExternalActivity{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"activities": as, "total": total, "page": page, "per_page": f.Limit})
	return nil
}

func (s *Server) apiExternalActivity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.app.ExternalActivity(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiPartnerFunding(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.app.ExternalFunding(r.Context(), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = []devcoop.ExternalFunding{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"funding": f})
	return nil
}
