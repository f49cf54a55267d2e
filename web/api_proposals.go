package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"devcoop"
	"devcoop/appraisal"
	"devcoop/appraisal/logframe"
)

// screenJSON is the screen's answer: the findings, counted by severity.
type screenJSON struct {
	ProposalID int64               `json:"proposal_id"`
	Version    int                 `json:"version"`
	Findings   []appraisal.Finding `json:"findings"`
	Blocking   int                 `json:"blocking"`
	Major      int                 `json:"major"`
	Minor      int                 `json:"minor"`
}

func screenBody(id int64, version int, fs []appraisal.Finding) screenJSON {
	out := screenJSON{ProposalID: id, Version: version, Findings: fs}
	if out.Findings == nil {
		out.Findings = []appraisal.Finding{}
	}
	for _, f := range fs {
		switch f.Severity {
		case appraisal.SeverityBlocking:
			out.Blocking++
		case appraisal.SeverityMajor:
			out.Major++
		default:
			out.Minor++
		}
	}
	return out
}

func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request) error {
	f := devcoop.ProposalFilter{}
	if st := r.URL.Query().Get("state"); st != "" {
		f.States = []devcoop.ProposalState{devcoop.ProposalState(st)}
	}
	ps, err := s.app.Proposals(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"proposals": ps})
	return nil
}

func (s *Server) apiCreateProposal(w http.ResponseWriter, r *http.Request) error {
	var p devcoop.Proposal
	if err := decodeJSON(r.Body, &p); err != nil {
		return err
	}
	rec, err := s.app.CreateProposal(r.Context(), &p)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/proposals/%d", rec.ID))
	writeJSON(w, http.StatusCreated, rec)
	return nil
}

func (s *Server) apiProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.app.Proposal(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

func (s *Server) apiScreen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.app.Proposal(r.Context(), id)
	if err != nil {
		return err
	}
	fs, err := s.app.ScreenProposal(r.Context(), &rec.Proposal)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, screenBody(id, rec.Version, fs))
	return nil
}

type commentInput struct {
	Path string `json:"path"`
	Body string `json:"body"`
}

func (s *Server) apiComment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in commentInput
	if err := decodeJSON(r.Body, &in); err != nil {
		return err
	}
	c, err := s.app.CommentProposal(r.Context(), id, in.Path, in.Body)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

type historyJSON struct {
	Events   []devcoop.ProposalEvent   `json:"events"`
	Timeline appraisal.Timeline        `json:"timeline"`
	Comments []devcoop.ProposalComment `json:"comments"`
	Versions []devcoop.ProposalVersion `json:"versions"`
}

func (s *Server) apiProposalHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Detail(r.Context(), id)
	if err != nil {
		return err
	}
	out := historyJSON{Events: d.Events, Timeline: d.Timeline, Comments: d.Comments, Versions: d.Versions}
	if out.Events == nil {
		out.Events = []devcoop.ProposalEvent{}
	}
	if out.Comments == nil {
		out.Comments = []devcoop.ProposalComment{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func intParam(r *http.Request, key string) (int, error) {
	v := r.URL.Query().Get(key)
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, devcoop.Invalid(key, "%q is not a version number", v)
	}
	return n, nil
}

func (s *Server) apiSimilarWork(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	limit := 10
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 200 {
			return devcoop.Invalid("limit", "%q is not a number from 1 to 200", v)
		}
	}
	ms, err := s.app.SimilarWork(r.Context(), id, limit)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []appraisal.Match{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": ms})
	return nil
}

func (s *Server) apiProposalDiff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	from, err := intParam(r, "from")
	if err != nil {
		return err
	}
	to, err := intParam(r, "to")
	if err != nil {
		return err
	}
	ch, err := s.app.CompareVersions(r.Context(), id, from, to)
	if err != nil {
		return err
	}
	if ch == nil {
		ch = []appraisal.Change{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "changes": ch})
	return nil
}

type rulesJSON struct {
	Rules     []appraisal.Rule        `json:"rules"`
	RuleSet   appraisal.RuleSet       `json:"rule_set"`
	Steps     []appraisal.Step        `json:"workflow"`
	Criteria  []appraisal.MECriterion `json:"me_criteria"`
	Standards []appraisal.Standard    `json:"standards"`
}

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireStaffHTTP(r); err != nil {
		return err
	}
	rs, err := s.app.RuleSet(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rulesJSON{Rules: rs.Rules(), RuleSet: rs, Steps: appraisal.Workflow(), Criteria: appraisal.MECriteria(), Standards: appraisal.Standards()})
	return nil
}

func (s *Server) apiSetRules(w http.ResponseWriter, r *http.Request) error {
	var rs appraisal.RuleSet
	if err := decodeJSON(r.Body, &rs); err != nil {
		return err
	}
	if err := s.app.SetRuleSet(r.Context(), rs); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rs)
	return nil
}

type queueJSON struct {
	ID          int64                 `json:"id"`
	Title       string                `json:"title"`
	State       devcoop.ProposalState `json:"state"`
	WorkingDays int                   `json:"working_days_in_state"`
	Limit       int                   `json:"limit"`
	Overdue     bool                  `json:"overdue"`
	Blocking    int                   `json:"blocking_findings"`
	Findings    int                   `json:"findings"`
}

func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request) error {
	q, err := s.app.Queue(r.Context())
	if err != nil {
		return err
	}
	out := []queueJSON{}
	for _, it := range q {
		out = append(out, queueJSON{ID: it.Record.ID, Title: it.Record.Title, State: it.Record.State(), WorkingDays: it.Current.WorkingDays, Limit: it.Current.Limit,
			Overdue: it.Timeline.Overdue, Blocking: it.Blocking, Findings: it.Findings})
	}
	writeJSON(w, http.StatusOK, map[string]any{"queue": out})
	return nil
}

func (s *Server) apiAppraisalStats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.app.Stats(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.app.Notifications(r.Context(), r.URL.Query().Get("read") == "1")
	if err != nil {
		return err
	}
	if ns == nil {
		ns = []devcoop.Notification{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": ns})
	return nil
}

// logframeTemplate serves the XLSX logframe template offices fill offline.
func (s *Server) logframeTemplate(w http.ResponseWriter, r *http.Request) error {
	b, err := logframe.Template()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="devcoop-logframe-template.xlsx"`)
	_, err = w.Write(b)
	return err
}

// apiImportLogframe starts a draft proposal from a filled template: the
// body is the XLSX file; ?office_id= names the submitting office.
func (s *Server) apiImportLogframe(w http.ResponseWriter, r *http.Request) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, logframe.MaxSize+1))
	if err != nil {
		return devcoop.Invalid("body", "could not be read")
	}
	office, err := queryID(r, "office_id")
	if err != nil {
		return err
	}
	rec, problems, err := s.startFromLogframe(r, data, office)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		var pr devcoop.Problems
		for _, p := range problems {
			pr.Add(p.Cell, "%s", p.Message)
		}
		return pr.Err()
	}
	writeJSON(w, http.StatusCreated, rec)
	return nil
}

func (s *Server) startFromLogframe(r *http.Request, data []byte, office int64) (*devcoop.ProposalRecord, []logframe.Problem, error) {
	p, problems, err := logframe.Read(bytes.NewReader(data))
	if err != nil {
		return nil, nil, devcoop.Invalid("file", "%v", err)
	}
	if len(problems) > 0 {
		return nil, problems, nil
	}
	if office == 0 {
		office = devcoop.UserFrom(r.Context()).OfficeID
	}
	p.OfficeID = office
	rec, err := s.app.CreateProposal(r.Context(), p)
	return rec, nil, err
}
