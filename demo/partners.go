package demo

import (
	"fmt"
	"strings"

	"devcoop"
	"devcoop/codelist"
)

// partnerSpec is a development partner and how it tends to fund.
type partnerSpec struct {
	code    string // unique partner code
	suffix  string // the funder part of project codes: KEN/14/03/NOR
	name    string
	acronym string
	kind    devcoop.PartnerKind
	ref     string // IATI organisation identifier
	orgType string // IATI OrganisationType
	country string
	since   int
	cur     string // the currency it contracts in
	weight  int    // how many earmarked projects it leads, relatively
	size    int    // −1 small projects, 0 ordinary, +1 large
	regions string // regions it prefers, if any
	focus   string // 2014–15 outcomes it prefers, if any
}

const (
	govTrad    = devcoop.PartnerTraditionalGov
	govNew     = devcoop.PartnerEmergingGov
	multi      = devcoop.PartnerMultilateral
	ifi        = devcoop.PartnerIFI
	private    = devcoop.PartnerPrivate
	fdn        = devcoop.PartnerFoundation
	domestic   = devcoop.PartnerDomestic
	southSouth = devcoop.PartnerSouthSouth
)

var partnerSpecs = []partnerSpec{
	// Traditional government donors.
	{"NOR", "NOR", "Norway", "MFA/Norad", govTrad, "NO-BRC-971277882", "10", "NO", 1969, "NOK", 12, 1, "", "4 12 1 19"},
	{"SWE", "SWE", "Sweden", "Sida", govTrad, "SE-0", "10", "SE", 1968, "SEK", 8, 0, "", "12 1 17"},
	{"NLD", "NLD", "Netherlands", "MFA", govTrad, "XM-DAC-7", "10", "NL", 1962, "EUR", 10, 1, "", "3 5 16 13"},
	{"DEU", "DEU", "Germany", "BMZ", govTrad, "XM-DAC-5-7", "10", "DE", 1963, "EUR", 10, 1, "", "4 5 6 3"},
	{"GBR", "GBR", "United Kingdom", "DFID", govTrad, "GB-GOV-1", "10", "GB", 1966, "GBP", 9, 1, "ASP ARB", "15 7 5"},
	{"USA", "USA", "United States", "USDOL", govTrad, "US-GOV-1", "10", "US", 1970, "USD", 22, 1, "", "16 15 14 5 11"},
	{"JPN", "JPN", "Japan", "MHLW", govTrad, "XM-DAC-701", "10", "JP", 1974, "JPY", 6, 0, "ASP", "1 6 4"},
	{"KOR", "KOR", "Republic of Korea", "MoEL", govTrad, "XM-DAC-742", "10", "KR", 2003, "USD", 5, 0, "ASP", "2 4 11"},
	{"CHE", "CHE", "Switzerland", "SECO", govTrad, "CH-4", "10", "CH", 1976, "CHF", 7, 0, "", "3 5 6"},
	{"DNK", "DNK", "Denmark", "Danida", govTrad, "DK-1", "10", "DK", 1964, "DKK", 5, 0, "AFR", "1 12 5"},
	{"IRL", "IRL", "Ireland", "Irish Aid", govTrad, "XM-DAC-21", "10", "IE", 1998, "EUR", 4, 0, "AFR ASP", "17 15 8"},
	{"BEL", "BEL", "Belgium", "DGD", govTrad, "XM-DAC-2-10", "10", "BE", 1971, "EUR", 4, 0, "AFR", "4 3 10"},
	{"FLA", "FLA", "Flanders", "DIV", govTrad, "", "11", "BE", 1999, "EUR", 3, -1, "AFR", "6 1 4"},
	{"ITA", "ITA", "Italy", "MAECI", govTrad, "XM-DAC-6", "10", "IT", 1973, "EUR", 4, 0, "ARB AFR AME", "1 2 16"},
	{"FRA", "FRA", "France", "MAEDI", govTrad, "XM-DAC-4", "10", "FR", 1978, "EUR", 3, 0, "AFR ARB", "4 19 6"},
	{"ESP", "ESP", "Spain", "AECID", govTrad, "XM-DAC-50", "10", "ES", 1985, "EUR", 4, 0, "AME", "1 16 3"},
	{"AUS", "AUS", "Australia", "DFAT", govTrad, "AU-5", "10", "AU", 1980, "AUD", 6, 1, "ASP", "5 7 1"},
	{"CAN", "CAN", "Canada", "DFATD", govTrad, "XM-DAC-301-2", "10", "CA", 1975, "CAD", 6, 0, "AME AFR ASP", "5 16 3"},
	{"FIN", "FIN", "Finland", "MFA", govTrad, "FI-3", "10", "FI", 1980, "EUR", 3, 0, "AFR ASP", "3 1 13"},
	{"LUX", "LUX", "Luxembourg", "MAE", govTrad, "XM-DAC-22", "10", "LU", 1992, "EUR", 3, -1, "AFR ASP", "4 1 2"},
	{"PRT", "PRT", "Portugal", "Camões", govTrad, "XM-DAC-9", "10", "PT", 1990, "EUR", 2, -1, "AFR", "16 4 2"},
	{"AUT", "AUT", "Austria", "ADA", govTrad, "XM-DAC-1", "10", "AT", 2006, "EUR", 1, -1, "ECA", "1 2"},
	// Emerging government donors.
	{"BRA", "BRA", "Brazil", "ABC", govNew, "", "10", "BR", 2007, "USD", 2, -1, "AFR AME", "16 4"},
	{"CHN", "CHN", "China", "MOHRSS", govNew, "", "10", "CN", 2008, "USD", 1, -1, "ASP AFR", "2 6"},
	{"IND", "IND", "India", "MOLE", govNew, "", "10", "IN", 2010, "USD", 1, -1, "ASP", "4 2"},
	{"RUS", "RUS", "Russian Federation", "", govNew, "XM-DAC-77", "10", "RU", 2009, "USD", 3, 0, "ECA", "1 2 6"},
	{"KWT", "KWT", "Kuwait", "", govNew, "XM-DAC-561", "10", "KW", 2012, "USD", 1, -1, "ARB", "1 11"},
	{"SAU", "SAU", "Saudi Arabia", "", govNew, "XM-DAC-566", "10", "SA", 2011, "USD", 1, 0, "ARB", "1 2"},
	{"QAT", "QAT", "Qatar", "", govNew, "", "10", "QA", 2014, "USD", 1, 0, "ARB", "7 11"},
	{"PAN", "PAN", "Panama", "", govNew, "", "10", "PA", 2011, "USD", 1, -1, "AME", "16"},
	{"TUR", "TUR", "Turkey", "", govNew, "XM-DAC-55", "10", "TR", 2015, "USD", 1, -1, "ARB ECA", "1 16"},
	// Multilateral partners.
	{"EEC", "EEC", "European Union", "EU", multi, "XI-IATI-EC_DEVCO", "40", "BE", 1980, "EUR", 24, 1, "", "1 2 4 11 16 19"},
	{"UND", "UND", "United Nations Development Programme", "UNDP", multi, "XM-DAC-41114", "40", "US", 1970, "USD", 7, 0, "", "1 19 3"},
	{"UNC", "UNC", "United Nations Children's Fund", "UNICEF", multi, "XM-DAC-41122", "40", "US", 1995, "USD", 2, -1, "", "16 4"},
	{"UNW", "UNW", "UN Women", "UN Women", multi, "XM-DAC-41146", "40", "US", 2011, "USD", 2, -1, "", "17 5"},
	{"UNP", "UNP", "United Nations Population Fund", "UNFPA", multi, "XM-DAC-41119", "40", "US", 2005, "USD", 1, -1, "", "17 8"},
	{"UNA", "UNA", "Joint United Nations Programme on HIV/AIDS", "UNAIDS", multi, "XM-DAC-41110", "40", "CH", 1998, "USD", 2, -1, "AFR", "8"},
	{"WBK", "WBK", "World Bank", "IBRD", multi, "44000", "40", "US", 1990, "USD", 3, 0, "", "4 1 2"},
	{"MPT", "MPT", "UN Multi-Partner Trust Fund Office (One UN funds)", "MPTF", multi, "", "40", "US", 2008, "USD", 6, 0, "", "19 1 17"},
	{"GFA", "GFA", "Global Fund to Fight AIDS, Tuberculosis and Malaria", "Global Fund", multi, "XM-DAC-47045", "40", "CH", 2012, "USD", 1, -1, "AFR ASP", "8"},
	{"HSF", "HSF", "United Nations Trust Fund for Human Security", "UNTFHS", multi, "", "40", "US", 2004, "USD", 1, -1, "", "1 7"},
	// International financial institutions.
	{"AFB", "AFB", "African Development Bank", "AfDB", ifi, "XM-DAC-46002", "40", "CI", 2009, "USD", 2, 0, "AFR", "1 2"},
	{"IDB", "IDB", "Inter-American Development Bank", "IDB", ifi, "XI-IATI-IADB", "40", "US", 2006, "USD", 2, 0, "AME", "2 1 4"},
	{"ADB", "ADB", "Asian Development Bank", "ADB", ifi, "XM-DAC-46004", "40", "PH", 2007, "USD", 2, 0, "ASP", "4 2"},
	{"ISB", "ISB", "Islamic Development Bank", "IsDB", ifi, "XM-DAC-46025", "40", "SA", 2012, "USD", 1, 0, "ARB AFR", "1 2"},
	{"EBR", "EBR", "European Bank for Reconstruction and Development", "EBRD", ifi, "XI-IATI-EBRD", "40", "GB", 2014, "EUR", 1, -1, "ECA", "11 6"},
	// Private sector.
	{"JTI", "JTI", "Japan Tobacco International", "JTI", private, "", "70", "CH", 2011, "USD", 1, 0, "AFR AME", "16"},
	{"NES", "NES", "Nestlé S.A.", "Nestlé", private, "", "70", "CH", 2012, "CHF", 1, -1, "", "2 16"},
	{"HAM", "HAM", "H&M Hennes & Mauritz AB", "H&M", private, "", "70", "SE", 2014, "SEK", 1, -1, "ASP", "12 5"},
	{"DIS", "DIS", "The Walt Disney Company", "Disney", private, "", "70", "US", 2010, "USD", 1, -1, "ASP", "5"},
	{"LUK", "LUK", "Lukoil", "", private, "", "70", "RU", 2014, "USD", 1, -1, "ECA", "1 6"},
	{"KDR", "KDR", "Japan Business Federation", "Keidanren", private, "", "70", "JP", 2015, "JPY", 1, -1, "ASP", "9 3"},
	// Foundations.
	{"GAT", "GAT", "Bill & Melinda Gates Foundation", "BMGF", fdn, "DAC-1601", "60", "US", 2011, "USD", 2, 1, "AFR ASP", "4 3"},
	{"MCF", "MCF", "MasterCard Foundation", "", fdn, "", "60", "CA", 2014, "USD", 2, 0, "AFR", "2 1"},
	{"NVF", "NVF", "Novartis Foundation", "", fdn, "", "60", "CH", 2015, "CHF", 1, -1, "AFR", "8 4"},
	{"FRD", "FRD", "Ford Foundation", "", fdn, "", "60", "US", 2009, "USD", 1, -1, "AME ASP", "17 5"},
	{"ECL", "ECL", "Eliminating Child Labour in Tobacco Growing Foundation", "ECLT", fdn, "", "60", "CH", 2002, "USD", 1, -1, "AFR", "16"},
	{"ICI", "ICI", "International Cocoa Initiative", "ICI", fdn, "", "60", "CH", 2008, "CHF", 1, -1, "AFR", "16"},
	// Domestic development funding: governments paying for work at home.
	{"DOM-BRA", "BRA", "Brazil (domestic funding)", "", domestic, "", "10", "BR", 2005, "BRL", 2, 0, "", ""},
	{"DOM-ARG", "ARG", "Argentina (domestic funding)", "", domestic, "", "10", "AR", 2004, "ARS", 3, 0, "", ""},
	{"DOM-PER", "PER", "Peru (domestic funding)", "", domestic, "", "10", "PE", 2014, "PEN", 2, -1, "", ""},
	{"DOM-ZMB", "ZMB", "Zambia (domestic funding)", "", domestic, "", "10", "ZM", 2013, "ZMW", 1, -1, "", ""},
	{"DOM-ECU", "ECU", "Ecuador (domestic funding)", "", domestic, "", "10", "EC", 2015, "USD", 1, -1, "", ""},
	// South-South and triangular cooperation.
	{"IBS", "IBS", "India, Brazil and South Africa Facility for Poverty and Hunger Alleviation", "IBSA Fund", southSouth, "", "40", "US", 2012, "USD", 1, -1, "AFR ASP", "1 16"},
	{"SSC", "SSC", "United Nations Office for South-South Cooperation", "UNOSSC", southSouth, "", "40", "US", 2013, "USD", 1, -1, "", "1 3"},
	{"FOA", "FOA", "Argentine Fund for South-South and Triangular Cooperation", "FO.AR", southSouth, "", "10", "AR", 2014, "USD", 1, -1, "AME", "16 11"},
}

// partner is a partner being generated; the store sets its ID.
type partner struct {
	devcoop.Partner
	spec    partnerSpec
	regions []string
	focus   []string
	// Disclosure terms of its agreements: whether its name and its
	// documents may be published.
	discloseName, discloseDocs bool
}

func (g *generator) partners() {
	for _, s := range partnerSpecs {
		if !codelist.OrganisationType().Has(s.orgType) || !devcoop.ValidCountry(s.country) || !codelist.Currency().Active(s.cur) {
			panic(fmt.Sprintf("demo: partner %s has a code that is not on the IATI lists", s.code))
		}
		p := &partner{
			Partner: devcoop.Partner{Code: s.code, Name: s.name, Acronym: s.acronym, Kind: s.kind, IATIRef: s.ref,
				IATIType: s.orgType, Country: s.country, Since: s.since},
			spec: s, regions: strings.Fields(s.regions), focus: strings.Fields(s.focus),
		}
		g.p.partners = append(g.p.partners, p)
		g.partner[s.code] = p
	}
}
