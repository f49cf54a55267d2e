package appraisal

import (
	"fmt"
	"slices"

	"devcoop"
)

// The minimum standards an appraiser scores, by ID. Screen rules name the
// standard they inform in Rule.Area.
const (
	StandardRelevance      = "relevance"
	StandardResultsDesign  = "results_design"
	StandardBudget         = "budget"
	StandardRisks          = "risks"
	StandardCrossCutting   = "cross_cutting"
	StandardSustainability = "sustainability"
)

// Standard is one minimum standard of the appraisal.
type Standard struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Question string `json:"question"` // what the appraiser asks of the proposal
}

// Standards lists the minimum standards in the order the rubric shows them.
func Standards() []Standard {
	return []Standard{
		{StandardRelevance, "Relevance",
			"Does the proposal answer needs documented in a Decent Work Country Programme and in the programme and budget, and link to the country programme outcomes and global outcomes it serves?"},
		{StandardResultsDesign, "Results-based design",
			"Is there a logical framework of outcomes and outputs, with indicators that have a baseline, a target and a means of verification, activities that deliver the outputs, and the assumptions stated?"},
		{StandardBudget, "Budget",
			"Is the budget realistic and complete, with programme support costs at the applicable rate and a reserved budget for monitoring and evaluation, evaluation included?"},
		{StandardRisks, "Risks and mitigation",
			"Are the risks identified, rated for likelihood and impact, matched to the assumptions, and mitigated?"},
		{StandardCrossCutting, "Cross-cutting concerns",
			"Does the proposal address gender equality, international labour standards, social dialogue and tripartism, the environment and disability inclusion?"},
		{StandardSustainability, "Sustainability and exit",
			"Will the results last after the project, and is there a credible exit strategy with the national partners?"},
	}
}

// Score is an appraiser's judgement of one standard.
type Score string

// Scores.
const (
	ScoreMeets       Score = "meets"
	ScorePartlyMeets Score = "partly_meets"
	ScoreDoesNotMeet Score = "does_not_meet"
)

// Label is the score's name for people.
func (s Score) Label() string {
	switch s {
	case ScoreMeets:
		return "Meets the standard"
	case ScorePartlyMeets:
		return "Partly meets the standard"
	case ScoreDoesNotMeet:
		return "Does not meet the standard"
	}
	return string(s)
}

// Valid reports whether s is a known score.
func (s Score) Valid() bool { return s.Label() != string(s) }

// StandardScore is the appraiser's score of one standard. A comment is
// required unless the standard is met: the office must know what to fix.
type StandardScore struct {
	Standard string `json:"standard"`
	Score    Score  `json:"score"`
	Comment  string `json:"comment,omitempty"`
}

// Appraisal is the appraiser's rubric for one version of a proposal.
type Appraisal struct {
	ProposalID  int64           `json:"proposal_id,omitempty"`
	Version     int             `json:"version"` // the proposal version appraised
	AppraiserID int64           `json:"appraiser_id"`
	Date        devcoop.Date    `json:"date"`
	Scores      []StandardScore `json:"scores"`
	Comment     string          `json:"comment,omitempty"` // the overall assessment
}

// Validate checks the rubric as entered: known standards, each scored at
// most once, valid scores, and a comment on every standard not fully met.
// A rubric may be incomplete; Missing says what is left to score.
func (a *Appraisal) Validate() error {
	var pr devcoop.Problems
	seen := map[string]bool{}
	for i, s := range a.Scores {
		f := fmt.Sprintf("scores[%d]", i)
		switch {
		case !isStandard(s.Standard):
			pr.Add(f+".standard", "%q is not a minimum standard", s.Standard)
		case seen[s.Standard]:
			pr.Add(f+".standard", "%s is scored twice", s.Standard)
		}
		seen[s.Standard] = true
		if !s.Score.Valid() {
			pr.Add(f+".score", "%q is not meets, partly_meets or does_not_meet", s.Score)
		} else if s.Score != ScoreMeets && blank(s.Comment) {
			pr.Add(f+".comment", "say why the standard is not fully met")
		}
	}
	return pr.Err()
}

// Missing lists the IDs of the standards not yet scored, in rubric order.
func (a *Appraisal) Missing() []string {
	var out []string
	for _, st := range Standards() {
		if a.score(st.ID) == "" {
			out = append(out, st.ID)
		}
	}
	return out
}

// Unmet lists the IDs of the standards scored as not met, in rubric order.
func (a *Appraisal) Unmet() []string {
	var out []string
	for _, st := range Standards() {
		if a.score(st.ID) == ScoreDoesNotMeet {
			out = append(out, st.ID)
		}
	}
	return out
}

// Complete reports whether an appraiser has scored every standard validly.
func (a *Appraisal) Complete() bool {
	return a != nil && a.AppraiserID != 0 && len(a.Missing()) == 0 && a.Validate() == nil
}

func (a *Appraisal) score(id string) Score {
	for _, s := range a.Scores {
		if s.Standard == id && s.Score.Valid() {
			return s.Score
		}
	}
	return ""
}

func isStandard(id string) bool {
	for _, s := range Standards() {
		if s.ID == id {
			return true
		}
	}
	return false
}

// MECriterion is one criterion of the evaluation office's review of a
// proposal's monitoring and evaluation plan.
type MECriterion struct {
	ID       string `json:"id"`
	Question string `json:"question"`
}

// MECriteria lists the criteria of the M&E plan review, in review order.
func MECriteria() []MECriterion {
	return []MECriterion{
		{"results_framework", "The results framework (theory of change and logframe) is clear and logical."},
		{"indicators", "Indicators are specific, measurable and tied to the results they measure."},
		{"baselines", "Baselines exist, or there is a costed plan to establish them early in the project."},
		{"targets", "Targets are realistic and time-bound."},
		{"data_sources", "Means of verification, data sources and collection methods are stated."},
		{"disaggregation", "Data is disaggregated by sex, and by disability and other characteristics where relevant."},
		{"monitoring_plan", "The monitoring plan says who collects what, how often, and how it is reported."},
		{"me_resources", "Monitoring and evaluation have enough staff time and budget."},
		{"evaluation_plan", "Evaluations are planned (type, timing, independence) in line with the evaluation policy."},
		{"risk_monitoring", "Assumptions and risks are monitored, and the plan says how the logframe is revised when they change."},
		{"participation", "Constituents and partners take part in monitoring and evaluation."},
		{"learning", "Lessons learned and knowledge sharing are planned."},
	}
}

// MERating is the evaluation office's rating of one criterion: 1
// (unsatisfactory), 2 (satisfactory), 3 (high) or X (not relevant).
type MERating string

// M&E ratings.
const (
	MEUnsatisfactory MERating = "1"
	MESatisfactory   MERating = "2"
	MEHigh           MERating = "3"
	MENotRelevant    MERating = "X"
)

// Label is the rating's name for people.
func (r MERating) Label() string {
	switch r {
	case MEUnsatisfactory:
		return "1 – unsatisfactory"
	case MESatisfactory:
		return "2 – satisfactory"
	case MEHigh:
		return "3 – high"
	case MENotRelevant:
		return "X – not relevant"
	}
	return string(r)
}

// Valid reports whether r is 1, 2, 3 or X.
func (r MERating) Valid() bool { return r.Label() != string(r) }

// MECriterionRating is the rating of one criterion. An unsatisfactory or
// not-relevant rating needs a comment saying why.
type MECriterionRating struct {
	Criterion string   `json:"criterion"`
	Rating    MERating `json:"rating"`
	Comment   string   `json:"comment,omitempty"`
}

// MEReview is the evaluation office's review of a proposal's M&E plan,
// needed before a proposal above the threshold can be cleared.
type MEReview struct {
	ProposalID int64               `json:"proposal_id,omitempty"`
	Version    int                 `json:"version"`
	ReviewerID int64               `json:"reviewer_id"`
	Date       devcoop.Date        `json:"date"`
	Ratings    []MECriterionRating `json:"ratings"`
	Comment    string              `json:"comment,omitempty"`
}

// Validate checks the review as entered: known criteria, each rated at most
// once, valid ratings, and a comment on every 1 and X.
func (r *MEReview) Validate() error {
	var pr devcoop.Problems
	seen := map[string]bool{}
	for i, x := range r.Ratings {
		f := fmt.Sprintf("ratings[%d]", i)
		switch {
		case !isCriterion(x.Criterion):
			pr.Add(f+".criterion", "%q is not an M&E review criterion", x.Criterion)
		case seen[x.Criterion]:
			pr.Add(f+".criterion", "%s is rated twice", x.Criterion)
		}
		seen[x.Criterion] = true
		switch {
		case !x.Rating.Valid():
			pr.Add(f+".rating", "%q is not 1, 2, 3 or X", x.Rating)
		case (x.Rating == MEUnsatisfactory || x.Rating == MENotRelevant) && blank(x.Comment):
			pr.Add(f+".comment", "say why the criterion is rated %s", x.Rating)
		}
	}
	return pr.Err()
}

// Missing lists the IDs of the criteria not yet rated, in review order.
func (r *MEReview) Missing() []string {
	var out []string
	for _, c := range MECriteria() {
		if !slices.ContainsFunc(r.Ratings, func(x MECriterionRating) bool { return x.Criterion == c.ID && x.Rating.Valid() }) {
			out = append(out, c.ID)
		}
	}
	return out
}

// Complete reports whether a reviewer has rated every criterion validly.
func (r *MEReview) Complete() bool {
	return r != nil && r.ReviewerID != 0 && len(r.Missing()) == 0 && r.Validate() == nil
}

func isCriterion(id string) bool {
	return slices.ContainsFunc(MECriteria(), func(c MECriterion) bool { return c.ID == id })
}

// CanAppraise reports whether u may score the rubric.
func CanAppraise(u *devcoop.User) bool { return u.HasAny(devcoop.RoleAppraiser, devcoop.RoleAdmin) }

// CanReviewME reports whether u may review M&E plans for the evaluation
// office.
func CanReviewME(u *devcoop.User) bool {
	return u.HasAny(devcoop.RoleEvaluationManager, devcoop.RoleAdmin)
}
