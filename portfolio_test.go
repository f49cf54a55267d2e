package devcoop

import "testing"

// TestScopedHidesPlanning checks what each kind of user keeps of a
// snapshot: the pipeline and targets only for those who see funding,
// workplans only for staff, and a donor only its own agreements.
func TestScopedHidesPlanning(t *testing.T) {
	p := &Portfolio{
		Partners:      []Partner{{ID: 1, Name: "A"}, {ID: 2, Name: "B"}},
		Projects:      []*Project{{ID: 10, Published: true}, {ID: 11, OfficeID: 5}},
		Agreements:    []*Agreement{{ID: 100, PartnerID: 1, Allocations: []AgreementAllocation{{ProjectID: 11}}}, {ID: 101, PartnerID: 2}},
		Workplans:     []*Workplan{{Period: "2014-15"}},
		Decisions:     []AllocationDecision{{Period: "2014-15"}},
		Opportunities: []*Opportunity{{ID: 7, PartnerID: 1}},
		PeriodTargets: []PeriodTarget{{Period: "2014-15"}},
	}
	p.Index()
	cases := []struct {
		name                                          string
		u                                             *User
		projects, agreements, partners, wps, opps, pt int
	}{
		{"public", nil, 1, 0, 2, 0, 0, 0},
		{"donor", &User{Roles: []Role{RoleDonor}, PartnerID: 1}, 1, 1, 1, 0, 0, 0},
		{"programme officer", &User{Roles: []Role{RoleProgrammeOfficer}, OfficeID: 5}, 2, 0, 2, 1, 0, 0},
		{"rm officer", &User{Roles: []Role{RoleRMOfficer}}, 2, 2, 2, 1, 1, 1},
	}
	for _, c := range cases {
		q := p.Scoped(c.u)
		got := []int{len(q.Projects), len(q.Agreements), len(q.Partners), len(q.Workplans), len(q.Opportunities), len(q.PeriodTargets)}
		want := []int{c.projects, c.agreements, c.partners, c.wps, c.opps, c.pt}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: projects, agreements, partners, workplans, opportunities, targets = %v, want %v", c.name, got, want)
				break
			}
		}
		if c.wps == 0 && len(q.Decisions) != 0 {
			t.Errorf("%s sees allocation decisions", c.name)
		}
	}
	if len(p.Opportunities) != 1 || len(p.Workplans) != 1 {
		t.Error("scoping changed the original snapshot")
	}
}
