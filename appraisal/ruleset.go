package appraisal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"devcoop"
	"devcoop/money"
)

// RuleSet is the administrator's configuration of the screen: which rules
// run, how serious each is, and the thresholds. It is plain JSON, so it can
// be stored as a setting and edited without touching code; LoadRuleSet
// reads and validates it.
type RuleSet struct {
	// Disabled lists the IDs of rules that do not run.
	Disabled []string `json:"disabled"`
	// Severities overrides the default severity of rules, by rule ID.
	Severities map[string]Severity `json:"severities,omitempty"`
	// PSCRatePercent is the programme support cost rate, as a percentage of
	// direct costs: the lines of category psc must add up to rate × direct
	// costs ÷ 100, rounded to the cent, where direct costs are all the other
	// lines. At 13%, 100 of direct costs carry 13 of PSC, so PSC is 13/113
	// (about 11.5%) of the total. Facts.PSCRatePercent overrides the rate
	// for a partner with another agreed rate.
	PSCRatePercent money.Decimal `json:"psc_rate_percent"`
	// PSCTolerance is how far, in units of the proposal's currency, the
	// budgeted programme support costs may be from the exact rate, to
	// absorb rounding year by year.
	PSCTolerance money.Decimal `json:"psc_tolerance"`
	// MEMinSharePercent is the least share of direct costs (as above) that
	// the monitoring and evaluation lines together must get.
	MEMinSharePercent money.Decimal `json:"me_min_share_percent"`
	// MinSectionWords is how many words a narrative section (needs,
	// sustainability, each cross-cutting section) needs to count as present.
	MinSectionWords int `json:"min_section_words"`
	// CrossCuttingSections are the cross-cutting sections every proposal
	// must address, by JSON field name.
	CrossCuttingSections []string `json:"cross_cutting_sections"`
	// MaxPartnerOverdueReports is how many overdue reports to the target
	// partner are tolerated.
	MaxPartnerOverdueReports int `json:"max_partner_overdue_reports"`
	// MEReviewThresholdUSD is the amount above which the evaluation office
	// reviews the M&E plan before the proposal can be cleared.
	MEReviewThresholdUSD money.Decimal `json:"me_review_threshold_usd"`
}

// DefaultRuleSet runs every rule at its default severity, with programme
// support costs at 13% of direct costs, at least 5% of direct costs for
// monitoring and evaluation, narrative sections of at least 10 words, all
// five cross-cutting sections, no overdue reports, and M&E review above
// US$5 million.
func DefaultRuleSet() RuleSet {
	return RuleSet{
		Disabled:                 []string{},
		PSCRatePercent:           money.FromInt(13),
		PSCTolerance:             money.FromInt(1),
		MEMinSharePercent:        money.FromInt(5),
		MinSectionWords:          10,
		CrossCuttingSections:     slices.Clone(devcoop.CrossCuttingSections),
		MaxPartnerOverdueReports: 0,
		MEReviewThresholdUSD:     money.FromInt(5_000_000),
	}
}

// Enabled reports whether the rule with the given ID runs.
func (rs RuleSet) Enabled(id string) bool { return !slices.Contains(rs.Disabled, id) }

// Severity returns the severity of the rule with the given ID under rs.
func (rs RuleSet) Severity(id string) Severity {
	if s, ok := rs.Severities[id]; ok {
		return s
	}
	if r := ruleByID(id); r != nil {
		return r.severity
	}
	return ""
}

var hundred = money.FromInt(100)

// Validate reports every problem in rs as an invalid error whose fields are
// the rule set's JSON paths, e.g. "disabled[2]" or "psc_rate_percent".
func (rs RuleSet) Validate() error {
	var pr devcoop.Problems
	for i, id := range rs.Disabled {
		if ruleByID(id) == nil {
			pr.Add(fmt.Sprintf("disabled[%d]", i), "%q is not a rule", id)
		}
	}
	ids := make([]string, 0, len(rs.Severities))
	for id := range rs.Severities {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := "severities." + id
		if ruleByID(id) == nil {
			pr.Add(f, "%q is not a rule", id)
		}
		if s := rs.Severities[id]; !s.Valid() {
			pr.Add(f, "%q is not blocking, major or minor", s)
		}
	}
	percent := func(field string, d money.Decimal) {
		if d.Sign() < 0 || d.GreaterThan(hundred) {
			pr.Add(field, "%s is not a percentage between 0 and 100", d)
		}
	}
	percent("psc_rate_percent", rs.PSCRatePercent)
	percent("me_min_share_percent", rs.MEMinSharePercent)
	if rs.PSCTolerance.Sign() < 0 {
		pr.Add("psc_tolerance", "is negative (%s)", rs.PSCTolerance)
	}
	if rs.MinSectionWords < 0 || rs.MinSectionWords > 1000 {
		pr.Add("min_section_words", "%d is outside 0–1000", rs.MinSectionWords)
	}
	seen := map[string]bool{}
	for i, s := range rs.CrossCuttingSections {
		f := fmt.Sprintf("cross_cutting_sections[%d]", i)
		switch {
		case !slices.Contains(devcoop.CrossCuttingSections, s):
			pr.Add(f, "%q is not a cross-cutting section (%s)", s, strings.Join(devcoop.CrossCuttingSections, ", "))
		case seen[s]:
			pr.Add(f, "%s is listed twice", s)
		}
		seen[s] = true
	}
	if rs.MaxPartnerOverdueReports < 0 {
		pr.Add("max_partner_overdue_reports", "is negative")
	}
	if rs.MEReviewThresholdUSD.Sign() < 0 {
		pr.Add("me_review_threshold_usd", "is negative (%s)", rs.MEReviewThresholdUSD)
	}
	return pr.Err()
}

// LoadRuleSet reads a rule set from JSON. Fields the JSON leaves out keep
// their defaults, unknown fields are refused, and the result is validated.
func LoadRuleSet(r io.Reader) (RuleSet, error) {
	rs := DefaultRuleSet()
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return RuleSet{}, devcoop.Wrap("appraisal.rule_set", devcoop.KindInvalid, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rs); err != nil {
		return RuleSet{}, devcoop.Invalid("", "the rule set is not valid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if err := rs.Validate(); err != nil {
		return RuleSet{}, err
	}
	return rs, nil
}

// Rule describes one screen rule for people: the page that lists the rules
// shows these.
type Rule struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	// Area is the minimum standard the rule belongs to: the ID of a rubric
	// standard (see Standards), or "partner" for facts about the partner.
	Area string `json:"area"`
	// Standard is what the rule checks, in plain words, with the rule
	// set's thresholds.
	Standard string `json:"standard"`
	Enabled  bool   `json:"enabled"`
}

// Rules describes every rule under the default rule set, in screen order.
func Rules() []Rule { return DefaultRuleSet().Rules() }

// Rules describes every rule under rs, in screen order: its effective
// severity, whether it runs, and its standard with rs's thresholds.
func (rs RuleSet) Rules() []Rule {
	out := make([]Rule, 0, len(registry))
	for _, r := range registry {
		out = append(out, Rule{ID: r.id, Severity: rs.Severity(r.id), Area: r.area, Standard: r.standard(rs), Enabled: rs.Enabled(r.id)})
	}
	return out
}

func ruleByID(id string) *rule {
	for i := range registry {
		if registry[i].id == id {
			return &registry[i]
		}
	}
	return nil
}
