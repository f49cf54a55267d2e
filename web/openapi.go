package web

import (
	"net/http"
	"reflect"
	"strings"
	"sync"
	"time"

	"devcoop"
	"devcoop/app"
	"devcoop/appraisal"
	"devcoop/figures"
	"devcoop/money"
	"devcoop/plan"
	"devcoop/plan/priority"
)

// The OpenAPI document is built from the Go types the handlers read and
// write, so it cannot drift from them.

type apiOp struct {
	method, path, summary string
	params                []apiParam
	body                  any // request body type, or nil
	bodyExample           any
	resp                  any // response body type
	status                int
}

type apiParam struct{ name, in, desc, typ string }

var listParams = []apiParam{
	{"region", "query", "Region code (AFR, AME, ARB, ASP, ECA)", "string"},
	{"country", "query", "ISO 3166-1 alpha-2 country code", "string"},
	{"outcome", "query", "Outcome ID", "integer"},
	{"partner", "query", "Partner ID (funder)", "integer"},
	{"status", "query", "IATI activity status code 1–6", "string"},
	{"office", "query", "Office ID", "integer"},
	{"source", "query", "Source of funds: RB, RBTC, RBSA, XBDC", "string"},
	{"q", "query", "Words in the code, title or IATI identifier", "string"},
	{"sort", "query", "code, -code, title, start, -start, end, status, updated", "string"},
	{"page", "query", "Page number, from 1", "integer"},
	{"per_page", "query", "Projects per page, 1–500 (default 50)", "integer"},
}

var idParam = []apiParam{{"id", "path", "Identifier", "integer"}}

var apiOps = []apiOp{
	{method: "get", path: "/api/v1/summary", summary: "Portfolio overview: counts, and budget and expenditure in USD by region, objective, outcome, partner, source and status; every breakdown sums to the total", params: []apiParam{{"period", "query", "Programme period such as 2014-15; all time when absent", "string"}}, resp: figures.Summary{}},
	{method: "get", path: "/api/v1/projects", summary: "Projects the caller may see, filtered and paged", params: listParams, resp: projectPage{}},
	{method: "post", path: "/api/v1/projects", summary: "Create a project (administrators, or programme officers for their own office)", body: projectInput{}, bodyExample: exampleProject(), resp: devcoop.Project{}, status: 201},
	{method: "get", path: "/api/v1/projects/{id}", summary: "One project", params: idParam, resp: devcoop.Project{}},
	{method: "put", path: "/api/v1/projects/{id}", summary: "Replace a project; send the version you read (a stale version answers 409 and saves nothing)", params: idParam, body: projectInput{}, resp: devcoop.Project{}},
	{method: "get", path: "/api/v1/partners", summary: "Development partners", params: []apiParam{{"kind", "query", "Partner kind", "string"}, {"q", "query", "Words in the name", "string"}}, resp: struct {
		Partners []devcoop.Partner `json:"partners"`
	}{}},
	{method: "get", path: "/api/v1/partners/{id}", summary: "One partner", params: idParam, resp: devcoop.Partner{}},
	{method: "get", path: "/api/v1/countries", summary: "Countries the organisation works in", resp: struct {
		Countries []devcoop.Country `json:"countries"`
	}{}},
	{method: "get", path: "/api/v1/regions", summary: "Regions", resp: struct {
		Regions []devcoop.Region `json:"regions"`
	}{}},
	{method: "get", path: "/api/v1/offices", summary: "Offices", resp: struct {
		Offices []devcoop.Office `json:"offices"`
	}{}},
	{method: "get", path: "/api/v1/outcomes", summary: "Outcomes with indicators, strategic objectives and periods", params: []apiParam{{"period", "query", "Programme period such as 2014-15", "string"}}, resp: struct {
		Outcomes   []devcoop.Outcome            `json:"outcomes"`
		Objectives []devcoop.StrategicObjective `json:"objectives"`
		Periods    []devcoop.Period             `json:"periods"`
	}{}},
	{method: "get", path: "/api/v1/audit", summary: "Audit trail (administrators and directors; others for one project)", params: []apiParam{{"entity", "query", "Entity such as project", "string"}, {"id", "query", "Entity identifier", "string"}}, resp: struct {
		Events []devcoop.AuditEvent `json:"events"`
	}{}},
	{method: "get", path: "/api/v1/workplans/{period}", summary: "The outcome-based workplans of a period", params: periodParam, resp: struct {
		Workplans []devcoop.Workplan `json:"workplans"`
	}{}},
	{method: "get", path: "/api/v1/workplans/{period}/gaps", summary: "Gap and coverage per outcome and component (country, CPO, region or GLOBAL), with rollups by objective, region, country and CPO; components sum exactly to outcomes. available = rb + rbtc + rbsa + xbdc; gap = required − available; pipeline is expected and never available", params: append(append([]apiParam{}, periodParam...), apiParam{"scenario", "query", "Saved scenario ID: show the gaps under it", "integer"}, apiParam{"entries", "query", "1 to include every entry behind each figure", "integer"}), resp: gapsJSON{}},
	{method: "get", path: "/api/v1/workplans/{period}/outcomes/{outcome}", summary: "The workplan of an outcome (empty, version 0, when none is recorded yet)", params: append(append([]apiParam{}, periodParam...), outcomeParam), resp: devcoop.Workplan{}},
	{method: "put", path: "/api/v1/workplans/{period}/outcomes/{outcome}", summary: "Create or update the workplan of an outcome (its coordinator or an administrator); send the version you read", params: append(append([]apiParam{}, periodParam...), outcomeParam), body: workplanInput{}, bodyExample: exampleWorkplan(), resp: devcoop.Workplan{}},
	{method: "get", path: "/api/v1/workplans/{period}/outcomes/{outcome}/prospects", summary: "Where to look for money: for each component with a gap, the partners most likely to fund it, with the evidence (past funding here by outcome and geography, flexible modalities, and funding in the same country in imported IATI data)", params: append(append([]apiParam{}, periodParam...), outcomeParam), resp: struct {
		Components []plan.ComponentProspects `json:"components"`
	}{}},
	{method: "post", path: "/api/v1/workplans/{period}/allocations/proposal", summary: "Propose the allocation of pools to gaps: exact, in priority order, only to eligible components, within minimums, maximums, pool totals and gaps; every line explained", params: periodParam, body: proposalRequest{}, bodyExample: map[string]any{"pools": []any{map[string]any{"id": "RBSA-2014", "amount_usd": "20000000.00"}, map[string]any{"id": "AFR-YOUTH", "amount_usd": "3500000.00", "regions": []string{"AFR"}, "outcomes": []string{"1", "2"}}}}, resp: proposalJSON{}},
	{method: "get", path: "/api/v1/workplans/{period}/allocations/decisions", summary: "Recorded allocation decisions; they count as available RBSA", params: periodParam, resp: struct {
		Decisions []devcoop.AllocationDecision `json:"decisions"`
	}{}},
	{method: "post", path: "/api/v1/workplans/{period}/allocations/decisions", summary: "Record allocation decisions (each outcome's coordinator, or an administrator); audited", params: periodParam, body: decisionsRequest{}, resp: struct {
		Decisions []devcoop.AllocationDecision `json:"decisions"`
	}{}, status: 201},
	{method: "delete", path: "/api/v1/workplans/{period}/allocations/decisions/{id}", summary: "Withdraw a recorded decision", params: append(append([]apiParam{}, periodParam...), idParam...), resp: struct{}{}, status: 204},
	{method: "get", path: "/api/v1/workplans/{period}/scenarios", summary: "Saved what-if scenarios", params: periodParam, resp: struct {
		Scenarios []devcoop.Scenario `json:"scenarios"`
	}{}},
	{method: "post", path: "/api/v1/workplans/{period}/scenarios", summary: "Save a what-if scenario: pools changed, pipeline deals signed or lost", params: periodParam, body: scenarioInput{}, resp: devcoop.Scenario{}, status: 201},
	{method: "post", path: "/api/v1/partners", summary: "Add a development partner (resource mobilization officers, administrators)", body: partnerInput{}, resp: devcoop.Partner{}, status: 201},
	{method: "put", path: "/api/v1/partners/{id}", summary: "Change a partner; send the version you read", params: idParam, body: partnerInput{}, resp: devcoop.Partner{}},
	{method: "get", path: "/api/v1/mobilization/{period}/progress", summary: "Voluntary contributions against the period's target: signed, received, weighted pipeline, forecast (= signed + weighted pipeline), the modality mix (sums to signed), month by month, concentration (top-5/10 shares, Herfindahl index, 0–1)", params: append(append([]apiParam{}, periodParam...), apiParam{"as_of", "query", "Cut-off date (YYYY-MM-DD); the period's end by default", "string"}), resp: progressJSON{}},
	{method: "get", path: "/api/v1/mobilization/{period}/diversification", summary: "Diversification of the funding base against the previous period: concentration, new partners, public-private, domestic, South-South", params: periodParam, resp: struct {
		Current  diversityJSON  `json:"current"`
		Previous *diversityJSON `json:"previous"`
	}{}},
	{method: "put", path: "/api/v1/mobilization/{period}/targets", summary: "Set the period's target, overall (no modality) or for a modality", params: periodParam, body: targetInput{}, resp: devcoop.PeriodTarget{}},
	{method: "get", path: "/api/v1/agreements", summary: "Funding agreements: all for funding staff, its own for a donor", params: []apiParam{{"partner", "query", "Partner ID", "integer"}, {"modality", "query", "unearmarked, lightly_earmarked or earmarked", "string"}, {"status", "query", "draft, signed, closed, cancelled", "string"}}, resp: struct {
		Agreements []devcoop.Agreement `json:"agreements"`
	}{}},
	{method: "post", path: "/api/v1/agreements", summary: "Record an agreement", body: agreementInput{}, resp: devcoop.Agreement{}, status: 201},
	{method: "get", path: "/api/v1/agreements/{id}", summary: "One agreement (another donor's is not found)", params: idParam, resp: devcoop.Agreement{}},
	{method: "put", path: "/api/v1/agreements/{id}", summary: "Change an agreement; send the version you read", params: idParam, body: agreementInput{}, resp: devcoop.Agreement{}},
	{method: "post", path: "/api/v1/agreements/{id}/tranches/{seq}/receipt", summary: "Record a tranche as received; adds the incoming-funds transaction", params: append(append([]apiParam{}, idParam...), apiParam{"seq", "path", "Tranche number", "integer"}), body: receiptInput{}, resp: devcoop.Agreement{}},
	{method: "get", path: "/api/v1/opportunities", summary: "The pipeline", params: []apiParam{{"period", "query", "Programme period", "string"}, {"stage", "query", "prospect, concept_note, proposal_submitted, negotiation, signed, lost", "string"}, {"partner", "query", "Partner ID", "integer"}}, resp: struct {
		Opportunities []devcoop.Opportunity `json:"opportunities"`
	}{}},
	{method: "post", path: "/api/v1/opportunities", summary: "Add an opportunity to the pipeline", body: opportunityInput{}, resp: devcoop.Opportunity{}, status: 201},
	{method: "get", path: "/api/v1/opportunities/{id}", summary: "One opportunity", params: idParam, resp: devcoop.Opportunity{}},
	{method: "put", path: "/api/v1/opportunities/{id}", summary: "Change an opportunity; send the version you read", params: idParam, body: opportunityInput{}, resp: devcoop.Opportunity{}},
	{method: "post", path: "/api/v1/opportunities/{id}/stage", summary: "Move an opportunity to another stage (audited; resource mobilization officers and administrators)", params: idParam, body: stageInput{}, resp: devcoop.Opportunity{}},
	{method: "post", path: "/api/v1/opportunities/{id}/sign", summary: "Sign an opportunity: creates its agreement, linked both ways", params: idParam, body: app.SignInput{}, resp: devcoop.Agreement{}, status: 201},
	{method: "get", path: "/api/v1/calendar", summary: "Reports due to donors, overdue first by date", params: []apiParam{{"on", "query", "Reference date (today by default)", "string"}, {"all", "query", "1 to include submitted reports", "integer"}}, resp: struct {
		Reports []dueJSON `json:"reports"`
	}{}},
	{method: "get", path: "/api/v1/calendar.ics", summary: "The reporting calendar as an iCalendar feed (takes ?token= for calendar programs)", params: []apiParam{{"token", "query", "API token", "string"}}, resp: ""},
	{method: "get", path: "/api/v1/rates", summary: "Exchange rates, USD per unit, by month, with their source", resp: struct {
		Rates []money.Rate `json:"rates"`
	}{}},
	{method: "post", path: "/api/v1/rates", summary: "Load exchange rates from CSV (text/csv body: month,currency,rate_to_usd,source); a bad line rejects the file, naming line and column", resp: app.RateLoad{}},
	{method: "get", path: "/api/v1/iati/imports", summary: "Recent IATI imports", resp: struct {
		Imports []devcoop.ImportJob `json:"imports"`
	}{}},
	{method: "post", path: "/api/v1/iati/imports", summary: "Start an IATI import: multipart/form-data files in the field \"files\", or one file as the raw body with ?name=. It runs in the background; poll the import for progress and its report", params: []apiParam{{"name", "query", "The file's name, for a raw body", "string"}}, resp: jobBody{}, status: 202},
	{method: "get", path: "/api/v1/iati/imports/{id}", summary: "An import's progress and, once done, its report: per file path, status (imported or rejected), activities, rejected_activities, warnings and errors, each with a message and a location", params: idParam, resp: jobBody{}},
	{method: "get", path: "/api/v1/iati/activities", summary: "Imported activities, searchable by publisher, country, sector and partner", params: []apiParam{{"publisher", "query", "Reporting organisation ref", "string"}, {"country", "query", "Recipient country code", "string"}, {"sector", "query", "DAC sector code", "string"}, {"partner", "query", "A participating organisation's ref", "string"}, {"funder", "query", "A funding organisation's ref", "string"}, {"own", "query", "1 for the organisation's own, 0 for others'", "integer"}, {"q", "query", "Words in the title or identifier", "string"}, {"page", "query", "Page number", "integer"}}, resp: struct {
		Activities []devcoop.ExternalActivity `json:"activities"`
		Total      int                        `json:"total"`
		Page       int                        `json:"page"`
		PerPage    int                        `json:"per_page"`
	}{}},
	{method: "get", path: "/api/v1/iati/activities/{id}", summary: "One imported activity with its warnings, transactions and budgets as published", params: idParam, resp: devcoop.ExternalActivity{}},
	{method: "get", path: "/api/v1/partners/{id}/funding-elsewhere", summary: "What a partner funds elsewhere according to imported IATI data, per country, DAC sector and currency", params: idParam, resp: struct {
		Funding []devcoop.ExternalFunding `json:"funding"`
	}{}},
	{method: "get", path: "/api/v1/proposals", summary: "Proposals the caller may see (a programme officer: their office's; other staff: submitted ones)", params: []apiParam{{"state", "query", "draft, submitted, in_appraisal, returned, cleared, approved, submitted_to_donor, funded, declined, withdrawn", "string"}}, resp: struct {
		Proposals []devcoop.ProposalRecord `json:"proposals"`
	}{}},
	{method: "post", path: "/api/v1/proposals", summary: "Create a proposal as a draft (a programme officer for their office). The body is the proposal JSON below; `devcoop appraise --json FILE` reads the same JSON", body: devcoop.Proposal{}, bodyExample: appraisal.ExampleProposal(), resp: devcoop.ProposalRecord{}, status: 201},
	{method: "get", path: "/api/v1/proposals/{id}", summary: "One proposal (not found when the caller may not see it)", params: idParam, resp: devcoop.ProposalRecord{}},
	{method: "put", path: "/api/v1/proposals/{id}", summary: "Save a new version of a draft or returned proposal; send the version you read", params: idParam, body: devcoop.Proposal{}, resp: devcoop.ProposalRecord{}},
	{method: "get", path: "/api/v1/proposals/{id}/screen", summary: "The automated quality screen of the current version: findings {rule, severity, path, message}, path pointing into the proposal JSON", params: idParam, resp: screenJSON{}},
	{method: "post", path: "/api/v1/proposals/{id}/transitions", summary: "A workflow step: submit, start_appraisal, return, resubmit, clear, approve, submit_to_donor, record_funded, record_declined, withdraw; each allowed only to the roles that own it. A proposal with a blocking finding cannot be cleared; funded creates the project and the agreement", params: idParam, body: app.TransitionInput{}, bodyExample: map[string]any{"action": "return", "comment": "Indicators 1.2 and 2.1 need baselines.", "version": 3}, resp: devcoop.ProposalRecord{}},
	{method: "put", path: "/api/v1/proposals/{id}/appraisal", summary: "The appraiser's rubric: a score for each minimum standard, comments", params: idParam, body: appraisal.Appraisal{}, resp: devcoop.ProposalRecord{}},
	{method: "put", path: "/api/v1/proposals/{id}/me-review", summary: "The evaluation office's review of the M&E plan (proposals above the threshold): each criterion rated 1, 2, 3 or X", params: idParam, body: appraisal.MEReview{}, resp: devcoop.ProposalRecord{}},
	{method: "post", path: "/api/v1/proposals/{id}/comments", summary: "Comment on a proposal, optionally on one place in it", params: idParam, body: commentInput{}, resp: devcoop.ProposalComment{}, status: 201},
	{method: "get", path: "/api/v1/proposals/{id}/history", summary: "The workflow history with working days in each state against service levels, comments and versions", params: idParam, resp: historyJSON{}},
	{method: "get", path: "/api/v1/proposals/{id}/similar", summary: "Similar past work: projects with the same CPOs, outcomes, countries or partner, and how they delivered", params: append(append([]apiParam{}, idParam...), apiParam{"limit", "query", "At most this many (1–200, default 10)", "integer"}), resp: struct {
		Projects []appraisal.Match `json:"projects"`
	}{}},
	{method: "get", path: "/api/v1/proposals/{id}/diff", summary: "What changed between two versions", params: append(append([]apiParam{}, idParam...), apiParam{"from", "query", "Version", "integer"}, apiParam{"to", "query", "Version", "integer"}), resp: struct {
		From    int                `json:"from"`
		To      int                `json:"to"`
		Changes []appraisal.Change `json:"changes"`
	}{}},
	{method: "post", path: "/api/v1/proposals/logframe", summary: "Start a draft proposal from the filled XLSX logframe template (download it at /proposals/template.xlsx); the body is the file. Bad cells come back as fields like \"Logframe!B7\"", params: []apiParam{{"office_id", "query", "Submitting office (default: the caller's)", "integer"}}, resp: devcoop.ProposalRecord{}, status: 201},
	{method: "get", path: "/api/v1/appraisal/rules", summary: "The screen's rules (id, severity, the standard in plain words), the rule set in force, the workflow table, the rubric's standards and the M&E criteria", resp: rulesJSON{}},
	{method: "put", path: "/api/v1/appraisal/rules", summary: "Change thresholds and turn rules on or off (administrators)", body: appraisal.RuleSet{}, resp: appraisal.RuleSet{}},
	{method: "get", path: "/api/v1/appraisal/queue", summary: "Proposals waiting for appraisal or a decision, overdue ones first", resp: struct {
		Queue []queueJSON `json:"queue"`
	}{}},
	{method: "get", path: "/api/v1/appraisal/stats", summary: "Appraisal dashboards: proposals by state, decisions per month, working days in each state, the most frequent findings", resp: app.AppraisalStats{}},
	{method: "get", path: "/api/v1/notifications", summary: "The caller's in-app notifications (?read=1 marks them read)", params: []apiParam{{"read", "query", "1 to mark them read", "integer"}}, resp: struct {
		Notifications []devcoop.Notification `json:"notifications"`
	}{}},
	{method: "get", path: "/api/v1/settings/priority", summary: "The priority criteria", resp: priority.Criteria{}},
	{method: "put", path: "/api/v1/settings/priority", summary: "Change the priority criteria (administrators)", body: priority.Criteria{}, resp: priority.Criteria{}},
	{method: "get", path: "/api/v1/settings/portfolio-date", summary: "The portfolio's business date: fixed (the demo's) or today", resp: portfolioDate{}},
	{method: "put", path: "/api/v1/settings/portfolio-date", summary: "Fix the business date, or null to follow the real date (administrators)", body: struct {
		Date devcoop.Date `json:"date"`
	}{}, resp: portfolioDate{}},
}

var periodParam = []apiParam{{"period", "path", "Programme period, e.g. 2014-15", "string"}}
var outcomeParam = apiParam{"outcome", "path", "Outcome code, e.g. 4", "string"}

func exampleWorkplan() any {
	return map[string]any{
		"summary": "Employment policies and youth employment in Africa and Asia", "version": 1,
		"targets": []any{map[string]any{"component": "KEN 126", "result": "National youth employment policy adopted", "member_states": 1,
			"milestones": []any{map[string]any{"due": "2014-12-31", "description": "Draft validated by tripartite constituents", "status": "met"}}}},
		"requirements": []any{map[string]any{"component": "KE", "amount_usd": "2500000.00", "min_rbsa_usd": "100000.00", "max_rbsa_usd": "900000.00"}, map[string]any{"component": "GLOBAL", "amount_usd": "750000.00"}},
		"plans":        []any{map[string]any{"component": "KE", "source": "RB", "amount_usd": "400000.00"}, map[string]any{"component": "KE", "source": "RBTC", "amount_usd": "50000.00"}},
	}
}

func exampleProject() any {
	return map[string]any{
		"code": "KEN/15/02/NOR", "title": "Jobs and skills for youth in Kenya", "description": "Apprenticeships and employment services for young women and men.",
		"status": "2", "planned_start": "2015-01-01", "planned_end": "2016-12-31", "office_id": 12, "source": "XBDC", "currency": "NOK",
		"countries": []any{map[string]any{"country": "KE", "percentage": "100"}},
		"sectors":   []any{map[string]any{"sector": "16020", "percentage": "70"}, map[string]any{"sector": "11330", "percentage": "30"}},
		"outcomes":  []any{map[string]any{"outcome_id": 1, "percentage": "100"}},
		"funders":   []any{map[string]any{"partner_id": 3, "percentage": "100"}},
		"budgets": []any{map[string]any{"period_start": "2015-01-01", "period_end": "2015-12-31", "amount": "4500000.00", "currency": "NOK", "value_date": "2015-01-01"},
			map[string]any{"period_start": "2016-01-01", "period_end": "2016-12-31", "amount": "5250000.00", "currency": "NOK", "value_date": "2016-01-01"}},
	}
}

var (
	openapiOnce sync.Once
	openapiDoc  map[string]any
)

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	openapiOnce.Do(func() { openapiDoc = buildOpenAPI() })
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, openapiDoc)
}

func buildOpenAPI() map[string]any {
	schemas := map[string]any{}
	paths := map[string]any{}
	for _, op := range apiOps {
		item, _ := paths[op.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.path] = item
		}
		o := map[string]any{"summary": op.summary, "security": []any{map[string]any{"bearer": []any{}}}}
		var params []any
		for _, p := range op.params {
			params = append(params, map[string]any{"name": p.name, "in": p.in, "required": p.in == "path", "description": p.desc, "schema": map[string]any{"type": p.typ}})
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.body != nil {
			content := map[string]any{"schema": schemaRef(schemas, reflect.TypeOf(op.body))}
			if op.bodyExample != nil {
				content["example"] = op.bodyExample
			}
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": content}}
		}
		st := op.status
		if st == 0 {
			st = 200
		}
		o["responses"] = map[string]any{
			itoaStatus(st): map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": schemaRef(schemas, reflect.TypeOf(op.resp))}}},
			"400":          map[string]any{"description": "Invalid input: the message and fields name what is wrong", "content": errContent()},
			"401":          map[string]any{"description": "No or bad token", "content": errContent()},
			"403":          map[string]any{"description": "Not allowed for this user", "content": errContent()},
			"404":          map[string]any{"description": "Not found, or not visible to this user", "content": errContent()},
			"409":          map[string]any{"description": "Conflict: a stale version or a duplicate", "content": errContent()},
		}
		item[op.method] = o
	}
	schemas["Error"] = schemaOf(schemas, reflect.TypeOf(apiError{}))
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "devcoop API", "version": "1",
			"description": "The JSON API of devcoop. Authenticate with an API token (`devcoop token create`) sent as `Authorization: Bearer <token>`. Money is an exact decimal string; dates are YYYY-MM-DD."},
		"servers":    []any{map[string]any{"url": "/"}},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func errContent() map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}
}

func itoaStatus(n int) string {
	return string(rune('0'+n/100)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
}

var (
	decimalType = reflect.TypeFor[money.Decimal]()
	dateType    = reflect.TypeFor[devcoop.Date]()
	timeType    = reflect.TypeFor[time.Time]()
)

// schemaRef returns a $ref to a named struct's schema, adding it to schemas.
func schemaRef(schemas map[string]any, t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && t.Name() != "" && t != decimalType && t != dateType && t != timeType {
		name := t.Name()
		if t.PkgPath() != "" && !strings.HasSuffix(t.PkgPath(), "devcoop") {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
		if _, ok := schemas[name]; !ok {
			schemas[name] = map[string]any{} // placeholder against recursion
			schemas[name] = schemaOf(schemas, t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return schemaOf(schemas, t)
}

func schemaOf(schemas map[string]any, t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case decimalType:
		return map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`, "description": "exact decimal"}
	case dateType:
		return map[string]any{"type": []any{"string", "null"}, "format": "date"}
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaRef(schemas, t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaRef(schemas, t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		structProps(schemas, t, props)
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	}
	return map[string]any{}
}

// structProps adds a struct's JSON properties to props, flattening embedded
// structs as encoding/json does.
func structProps(schemas map[string]any, t reflect.Type, props map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			structProps(schemas, ft, props)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaRef(schemas, f.Type)
	}
}
