package devcoop

// The access rules. Services call these before reading or changing
// anything; handlers never decide access on their own. Keeping the rules in
// one file makes them reviewable against the table in DOMAIN.md.

// CanSeeAllProjects reports whether u reads every project without scoping.
func CanSeeAllProjects(u *User) bool {
	return u.HasAny(RoleAdmin, RoleDirector, RoleViewer, RoleAppraiser, RoleOutcomeCoordinator,
		RoleRMOfficer, RoleFinanceOfficer, RoleEvaluationManager)
}

// ProjectScope is how a user's view of projects is restricted.
type ProjectScope struct {
	All       bool  // sees everything
	OfficeID  int64 // sees this office's projects
	PartnerID int64 // sees projects this partner funds
	Published bool  // sees published projects
}

// ScopeFor returns the projects u may see. The public (nil user) sees only
// what is published; a programme officer their office's projects and what
// is published; a donor only what it funds.
func ScopeFor(u *User) ProjectScope {
	switch {
	case u == nil:
		return ProjectScope{Published: true}
	case CanSeeAllProjects(u):
		return ProjectScope{All: true}
	case u.Has(RoleProgrammeOfficer):
		return ProjectScope{OfficeID: u.OfficeID, Published: true}
	case u.Has(RoleDonor):
		return ProjectScope{PartnerID: u.PartnerID}
	}
	return ProjectScope{Published: true}
}

// CanEditProject reports whether u may change p (or create it, for an
// office). Programme officers change only their own office's projects.
func CanEditProject(u *User, officeID int64) bool {
	if u.Has(RoleAdmin) {
		return true
	}
	return u.Has(RoleProgrammeOfficer) && u.OfficeID != 0 && u.OfficeID == officeID
}

// CanManageFunding reports whether u manages partners, agreements, the
// pipeline and targets.
func CanManageFunding(u *User) bool { return u.HasAny(RoleAdmin, RoleRMOfficer) }

// CanSeeFunding reports whether u reads all funding data.
func CanSeeFunding(u *User) bool {
	return u.HasAny(RoleAdmin, RoleRMOfficer, RoleFinanceOfficer, RoleDirector, RoleViewer, RoleOutcomeCoordinator, RoleAppraiser)
}

// CanManageFinance reports whether u sets exchange rates and records
// transactions.
func CanManageFinance(u *User) bool { return u.HasAny(RoleAdmin, RoleFinanceOfficer) }

// CanManageUsers reports whether u manages users and settings.
func CanManageUsers(u *User) bool { return u.Has(RoleAdmin) }

// CanEditWorkplan reports whether u may change the workplan of an outcome.
func CanEditWorkplan(u *User, outcomeID int64) bool {
	if u.Has(RoleAdmin) {
		return true
	}
	if !u.Has(RoleOutcomeCoordinator) {
		return false
	}
	for _, id := range u.OutcomeIDs {
		if id == outcomeID {
			return true
		}
	}
	return false
}

// CanImportIATI reports whether u may import IATI files.
func CanImportIATI(u *User) bool { return u.HasAny(RoleAdmin, RoleRMOfficer, RoleFinanceOfficer) }
