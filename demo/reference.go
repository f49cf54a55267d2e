package demo

import (
	"fmt"
	"strings"

	"devcoop"
	"devcoop/codelist"
)

// The five regions, each with the closest OECD DAC region for publication.
var regionSpecs = []struct {
	code, name, iati string
	text             string // for running text: "in Africa"
	projectPrefix    string // the location part of a regional project code
}{
	{"AFR", "Africa", "298", "Africa", "RAF"},
	{"AME", "Americas", "498", "Latin America and the Caribbean", "RLA"},
	{"ARB", "Arab States", "589", "the Arab States", "RAB"},
	{"ASP", "Asia and the Pacific", "798", "Asia and the Pacific", "RAS"},
	{"ECA", "Europe and Central Asia", "89", "Europe and Central Asia", "REU"},
}

// countrySpec is a member State the demo works in. Names come from the IATI
// Country list; short is the name used in running text ("in the
// Philippines"). Income groups are the World Bank's of July 2014; dwcp is
// 'P' for a DWCP priority country, 'D' for a country with a DWCP, '-' for
// neither.
type countrySpec struct {
	code, alpha3, region, currency string
	income                         devcoop.IncomeGroup
	dwcp                           byte
	short                          string
}

const (
	lic  = devcoop.LowIncome
	lmic = devcoop.LowerMiddleIncome
	umic = devcoop.UpperMiddleIncome
	hic  = devcoop.HighIncome
)

var countrySpecs = []countrySpec{
	// Africa
	{"ZA", "ZAF", "AFR", "ZAR", umic, 'P', "South Africa"},
	{"BW", "BWA", "AFR", "BWP", umic, '-', "Botswana"},
	{"LS", "LSO", "AFR", "LSL", lmic, 'D', "Lesotho"},
	{"NA", "NAM", "AFR", "NAD", umic, '-', "Namibia"},
	{"SZ", "SWZ", "AFR", "SZL", lmic, '-', "Eswatini"},
	{"KE", "KEN", "AFR", "KES", lmic, 'P', "Kenya"},
	{"SO", "SOM", "AFR", "SOS", lic, '-', "Somalia"},
	{"TZ", "TZA", "AFR", "TZS", lic, 'P', "the United Republic of Tanzania"},
	{"RW", "RWA", "AFR", "RWF", lic, 'D', "Rwanda"},
	{"BI", "BDI", "AFR", "BIF", lic, '-', "Burundi"},
	{"UG", "UGA", "AFR", "UGX", lic, 'P', "Uganda"},
	{"SN", "SEN", "AFR", "XOF", lmic, 'P', "Senegal"},
	{"ML", "MLI", "AFR", "XOF", lic, 'P', "Mali"},
	{"GM", "GMB", "AFR", "GMD", lic, '-', "the Gambia"},
	{"GW", "GNB", "AFR", "XOF", lic, '-', "Guinea-Bissau"},
	{"CV", "CPV", "AFR", "CVE", lmic, '-', "Cabo Verde"},
	{"NG", "NGA", "AFR", "NGN", lmic, 'P', "Nigeria"},
	{"GH", "GHA", "AFR", "GHS", lmic, 'P', "Ghana"},
	{"LR", "LBR", "AFR", "LRD", lic, 'P', "Liberia"},
	{"SL", "SLE", "AFR", "SLL", lic, 'P', "Sierra Leone"},
	{"CM", "CMR", "AFR", "XAF", lmic, 'P', "Cameroon"},
	{"CF", "CAF", "AFR", "XAF", lic, '-', "the Central African Republic"},
	{"TD", "TCD", "AFR", "XAF", lic, '-', "Chad"},
	{"GA", "GAB", "AFR", "XAF", umic, '-', "Gabon"},
	{"CG", "COG", "AFR", "XAF", lmic, '-', "the Congo"},
	{"CD", "COD", "AFR", "CDF", lic, 'P', "the Democratic Republic of the Congo"},
	{"ET", "ETH", "AFR", "ETB", lic, 'P', "Ethiopia"},
	{"DJ", "DJI", "AFR", "DJF", lmic, '-', "Djibouti"},
	{"SD", "SDN", "AFR", "SDG", lmic, '-', "the Sudan"},
	{"SS", "SSD", "AFR", "SSP", lmic, '-', "South Sudan"},
	{"ZM", "ZMB", "AFR", "ZMW", lmic, 'P', "Zambia"},
	{"MW", "MWI", "AFR", "MWK", lic, 'P', "Malawi"},
	{"MZ", "MOZ", "AFR", "MZN", lic, 'P', "Mozambique"},
	{"ZW", "ZWE", "AFR", "USD", lic, 'D', "Zimbabwe"},
	{"MG", "MDG", "AFR", "MGA", lic, 'P', "Madagascar"},
	{"KM", "COM", "AFR", "KMF", lic, '-', "the Comoros"},
	{"MU", "MUS", "AFR", "MUR", umic, '-', "Mauritius"},
	{"CI", "CIV", "AFR", "XOF", lmic, 'P', "Côte d'Ivoire"},
	{"BF", "BFA", "AFR", "XOF", lic, 'P', "Burkina Faso"},
	{"BJ", "BEN", "AFR", "XOF", lic, '-', "Benin"},
	{"NE", "NER", "AFR", "XOF", lic, 'P', "the Niger"},
	{"TG", "TGO", "AFR", "XOF", lic, '-', "Togo"},
	{"EG", "EGY", "AFR", "EGP", lmic, 'P', "Egypt"},
	{"DZ", "DZA", "AFR", "DZD", umic, '-', "Algeria"},
	{"MA", "MAR", "AFR", "MAD", lmic, 'D', "Morocco"},
	{"TN", "TUN", "AFR", "TND", umic, 'D', "Tunisia"},
	// Americas
	{"PE", "PER", "AME", "PEN", umic, 'D', "Peru"},
	{"BO", "BOL", "AME", "BOB", lmic, 'P', "Bolivia"},
	{"EC", "ECU", "AME", "USD", umic, '-', "Ecuador"},
	{"CO", "COL", "AME", "COP", umic, '-', "Colombia"},
	{"CR", "CRI", "AME", "CRC", umic, '-', "Costa Rica"},
	{"SV", "SLV", "AME", "USD", lmic, 'P', "El Salvador"},
	{"GT", "GTM", "AME", "GTQ", lmic, '-', "Guatemala"},
	{"HN", "HND", "AME", "HNL", lmic, 'D', "Honduras"},
	{"NI", "NIC", "AME", "NIO", lmic, 'D', "Nicaragua"},
	{"PA", "PAN", "AME", "PAB", umic, 'D', "Panama"},
	{"DO", "DOM", "AME", "DOP", umic, '-', "the Dominican Republic"},
	{"CL", "CHL", "AME", "CLP", hic, '-', "Chile"},
	{"PY", "PRY", "AME", "PYG", lmic, 'P', "Paraguay"},
	{"UY", "URY", "AME", "UYU", hic, '-', "Uruguay"},
	{"AR", "ARG", "AME", "ARS", umic, 'P', "Argentina"},
	{"BR", "BRA", "AME", "BRL", umic, 'P', "Brazil"},
	{"MX", "MEX", "AME", "MXN", umic, '-', "Mexico"},
	{"TT", "TTO", "AME", "TTD", hic, '-', "Trinidad and Tobago"},
	{"JM", "JAM", "AME", "JMD", umic, '-', "Jamaica"},
	{"BB", "BRB", "AME", "BBD", hic, '-', "Barbados"},
	{"GY", "GUY", "AME", "GYD", lmic, '-', "Guyana"},
	{"SR", "SUR", "AME", "SRD", umic, '-', "Suriname"},
	{"BZ", "BLZ", "AME", "BZD", umic, '-', "Belize"},
	{"HT", "HTI", "AME", "HTG", lic, 'P', "Haiti"},
	// Arab States
	{"LB", "LBN", "ARB", "LBP", umic, 'D', "Lebanon"},
	{"JO", "JOR", "ARB", "JOD", umic, 'P', "Jordan"},
	{"IQ", "IRQ", "ARB", "IQD", umic, 'P', "Iraq"},
	{"PS", "PSE", "ARB", "ILS", lmic, 'P', "the occupied Palestinian territory"},
	{"SY", "SYR", "ARB", "SYP", lmic, '-', "the Syrian Arab Republic"},
	{"YE", "YEM", "ARB", "YER", lmic, 'P', "Yemen"},
	{"SA", "SAU", "ARB", "SAR", hic, '-', "Saudi Arabia"},
	{"KW", "KWT", "ARB", "KWD", hic, '-', "Kuwait"},
	{"QA", "QAT", "ARB", "QAR", hic, '-', "Qatar"},
	{"OM", "OMN", "ARB", "OMR", hic, '-', "Oman"},
	// Asia and the Pacific
	{"TH", "THA", "ASP", "THB", umic, '-', "Thailand"},
	{"KH", "KHM", "ASP", "KHR", lic, 'P', "Cambodia"},
	{"LA", "LAO", "ASP", "LAK", lmic, 'P', "the Lao People's Democratic Republic"},
	{"IN", "IND", "ASP", "INR", lmic, 'D', "India"},
	{"BD", "BGD", "ASP", "BDT", lic, 'P', "Bangladesh"},
	{"PK", "PAK", "ASP", "PKR", lmic, 'P', "Pakistan"},
	{"LK", "LKA", "ASP", "LKR", lmic, 'D', "Sri Lanka"},
	{"NP", "NPL", "ASP", "NPR", lic, 'P', "Nepal"},
	{"ID", "IDN", "ASP", "IDR", lmic, 'P', "Indonesia"},
	{"TL", "TLS", "ASP", "USD", lmic, 'P', "Timor-Leste"},
	{"PH", "PHL", "ASP", "PHP", lmic, 'P', "the Philippines"},
	{"VN", "VNM", "ASP", "VND", lmic, 'P', "Viet Nam"},
	{"CN", "CHN", "ASP", "CNY", umic, 'D', "China"},
	{"MN", "MNG", "ASP", "MNT", lmic, 'D', "Mongolia"},
	{"FJ", "FJI", "ASP", "FJD", umic, '-', "Fiji"},
	{"PG", "PNG", "ASP", "PGK", lmic, '-', "Papua New Guinea"},
	{"SB", "SLB", "ASP", "SBD", lmic, '-', "Solomon Islands"},
	{"VU", "VUT", "ASP", "VUV", lmic, '-', "Vanuatu"},
	{"WS", "WSM", "ASP", "WST", lmic, '-', "Samoa"},
	{"MM", "MMR", "ASP", "MMK", lic, 'P', "Myanmar"},
	{"AF", "AFG", "ASP", "AFN", lic, '-', "Afghanistan"},
	// Europe and Central Asia
	{"BA", "BIH", "ECA", "BAM", umic, 'D', "Bosnia and Herzegovina"},
	{"RS", "SRB", "ECA", "RSD", umic, 'D', "Serbia"},
	{"ME", "MNE", "ECA", "EUR", umic, '-', "Montenegro"},
	{"AL", "ALB", "ECA", "ALL", umic, 'P', "Albania"},
	{"MK", "MKD", "ECA", "MKD", umic, '-', "North Macedonia"},
	{"MD", "MDA", "ECA", "MDL", lmic, 'P', "the Republic of Moldova"},
	{"UA", "UKR", "ECA", "UAH", lmic, 'P', "Ukraine"},
	{"RU", "RUS", "ECA", "RUB", hic, '-', "the Russian Federation"},
	{"AM", "ARM", "ECA", "AMD", lmic, 'P', "Armenia"},
	{"AZ", "AZE", "ECA", "AZN", umic, 'D', "Azerbaijan"},
	{"GE", "GEO", "ECA", "GEL", lmic, '-', "Georgia"},
	{"KZ", "KAZ", "ECA", "KZT", umic, '-', "Kazakhstan"},
	{"KG", "KGZ", "ECA", "KGS", lmic, 'P', "Kyrgyzstan"},
	{"TJ", "TJK", "ECA", "TJS", lic, 'P', "Tajikistan"},
	{"UZ", "UZB", "ECA", "UZS", lmic, 'D', "Uzbekistan"},
	{"TR", "TUR", "ECA", "TRY", umic, '-', "Turkey"},
	{"CH", "CHE", "ECA", "CHF", hic, '-', "Switzerland"},
}

// officeSpec is an office; covers lists the countries a country office
// serves (the first is where it sits).
type officeSpec struct {
	code, name string
	kind       devcoop.OfficeKind
	region     string
	covers     string
}

var officeSpecs = []officeSpec{
	// Departments at headquarters, Geneva.
	{"EMPLOYMENT", "Employment Policy Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"ENTERPRISES", "Enterprises Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"SOCPRO", "Social Protection Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"WORKQUALITY", "Conditions of Work and Equality Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"GOVERNANCE", "Governance and Tripartism Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"FUNDAMENTALS", "Fundamental Principles and Rights at Work Branch", devcoop.OfficeHQ, "ECA", "CH"},
	{"NORMES", "International Labour Standards Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"SECTOR", "Sectoral Policies Department", devcoop.OfficeHQ, "ECA", "CH"},
	{"ACTRAV", "Bureau for Workers' Activities", devcoop.OfficeHQ, "ECA", "CH"},
	{"ACT/EMP", "Bureau for Employers' Activities", devcoop.OfficeHQ, "ECA", "CH"},
	{"PARDEV", "Partnerships and Field Support Department", devcoop.OfficeHQ, "ECA", "CH"},
	// Regional offices.
	{"RO-AFRICA", "Regional Office for Africa, Abidjan", devcoop.OfficeRegional, "AFR", "CI"},
	{"RO-AMERICAS", "Regional Office for Latin America and the Caribbean, Lima", devcoop.OfficeRegional, "AME", "PE"},
	{"RO-ARABSTATES", "Regional Office for Arab States, Beirut", devcoop.OfficeRegional, "ARB", "LB SY YE SA KW QA OM"},
	{"RO-ASIA", "Regional Office for Asia and the Pacific, Bangkok", devcoop.OfficeRegional, "ASP", "TH"},
	{"RO-EUROPE", "Regional Office for Europe and Central Asia, Geneva", devcoop.OfficeRegional, "ECA", "CH"},
	// Country offices and Decent Work Teams.
	{"DWT/CO-PRETORIA", "Decent Work Team and Country Office for South Africa, Botswana, Lesotho, Namibia and Eswatini", devcoop.OfficeCountry, "AFR", "ZA BW LS NA SZ"},
	{"CO-NAIROBI", "Country Office for Kenya and Somalia", devcoop.OfficeCountry, "AFR", "KE SO"},
	{"CO-DAR-ES-SALAAM", "Country Office for the United Republic of Tanzania, Burundi, Rwanda and Uganda", devcoop.OfficeCountry, "AFR", "TZ RW BI UG"},
	{"DWT/CO-DAKAR", "Decent Work Team and Country Office for Senegal, Cabo Verde, the Gambia, Guinea-Bissau and Mali", devcoop.OfficeCountry, "AFR", "SN ML GM GW CV"},
	{"CO-ABUJA", "Country Office for Nigeria, Ghana, Liberia and Sierra Leone", devcoop.OfficeCountry, "AFR", "NG GH LR SL"},
	{"DWT/CO-YAOUNDE", "Decent Work Team and Country Office for Central Africa", devcoop.OfficeCountry, "AFR", "CM CF TD GA CG"},
	{"CO-KINSHASA", "Country Office for the Democratic Republic of the Congo", devcoop.OfficeCountry, "AFR", "CD"},
	{"DWT/CO-ADDIS-ABABA", "Decent Work Team for East and Horn of Africa and Country Office for Ethiopia, Djibouti, the Sudan and South Sudan", devcoop.OfficeCountry, "AFR", "ET DJ SD SS"},
	{"CO-LUSAKA", "Country Office for Zambia, Malawi and Mozambique", devcoop.OfficeCountry, "AFR", "ZM MW MZ"},
	{"CO-HARARE", "Country Office for Zimbabwe", devcoop.OfficeCountry, "AFR", "ZW"},
	{"CO-ANTANANARIVO", "Country Office for Madagascar, the Comoros and Mauritius", devcoop.OfficeCountry, "AFR", "MG KM MU"},
	{"CO-ABIDJAN", "Country Office for Côte d'Ivoire, Benin, Burkina Faso, the Niger and Togo", devcoop.OfficeCountry, "AFR", "CI BF BJ NE TG"},
	{"DWT/CO-CAIRO", "Decent Work Team for North Africa and Country Office for Egypt", devcoop.OfficeCountry, "AFR", "EG"},
	{"CO-ALGIERS", "Country Office for Algeria, Morocco and Tunisia", devcoop.OfficeCountry, "AFR", "DZ MA TN"},
	{"DWT/CO-LIMA", "Decent Work Team and Country Office for the Andean Countries", devcoop.OfficeCountry, "AME", "PE BO EC CO"},
	{"DWT/CO-SAN-JOSE", "Decent Work Team and Country Office for Central America, Panama and the Dominican Republic", devcoop.OfficeCountry, "AME", "CR SV GT HN NI PA DO"},
	{"DWT/CO-SANTIAGO", "Decent Work Team and Country Office for Chile, Paraguay and Uruguay", devcoop.OfficeCountry, "AME", "CL PY UY"},
	{"CO-BUENOS-AIRES", "Country Office for Argentina", devcoop.OfficeCountry, "AME", "AR"},
	{"CO-BRASILIA", "Country Office for Brazil", devcoop.OfficeCountry, "AME", "BR"},
	{"CO-MEXICO", "Country Office for Mexico", devcoop.OfficeCountry, "AME", "MX"},
	{"DWT/CO-PORT-OF-SPAIN", "Decent Work Team and Office for the Caribbean", devcoop.OfficeCountry, "AME", "TT JM BB GY SR BZ"},
	{"CO-PORT-AU-PRINCE", "Country Office for Haiti", devcoop.OfficeCountry, "AME", "HT"},
	{"CO-AMMAN", "Country Office for Jordan and Iraq", devcoop.OfficeCountry, "ARB", "JO IQ"},
	{"CO-JERUSALEM", "Office of the ILO Representative for the West Bank and Gaza", devcoop.OfficeCountry, "ARB", "PS"},
	{"DWT/CO-BANGKOK", "Decent Work Team for East and South-East Asia and the Pacific and Country Office for Thailand, Cambodia and the Lao People's Democratic Republic", devcoop.OfficeCountry, "ASP", "TH KH LA"},
	{"DWT/CO-NEW-DELHI", "Decent Work Team for South Asia and Country Office for India", devcoop.OfficeCountry, "ASP", "IN"},
	{"CO-DHAKA", "Country Office for Bangladesh", devcoop.OfficeCountry, "ASP", "BD"},
	{"CO-ISLAMABAD", "Country Office for Pakistan", devcoop.OfficeCountry, "ASP", "PK AF"},
	{"CO-COLOMBO", "Country Office for Sri Lanka", devcoop.OfficeCountry, "ASP", "LK"},
	{"CO-KATHMANDU", "Country Office for Nepal", devcoop.OfficeCountry, "ASP", "NP"},
	{"CO-JAKARTA", "Country Office for Indonesia and Timor-Leste", devcoop.OfficeCountry, "ASP", "ID TL"},
	{"CO-MANILA", "Country Office for the Philippines", devcoop.OfficeCountry, "ASP", "PH"},
	{"CO-HANOI", "Country Office for Viet Nam", devcoop.OfficeCountry, "ASP", "VN"},
	{"CO-BEIJING", "Country Office for China and Mongolia", devcoop.OfficeCountry, "ASP", "CN MN"},
	{"CO-SUVA", "Office for Pacific Island Countries", devcoop.OfficeCountry, "ASP", "FJ PG SB VU WS"},
	{"CO-YANGON", "Liaison Office for Myanmar", devcoop.OfficeCountry, "ASP", "MM"},
	{"DWT/CO-BUDAPEST", "Decent Work Team and Country Office for Central and Eastern Europe", devcoop.OfficeCountry, "ECA", "BA RS ME AL MK MD UA"},
	{"DWT/CO-MOSCOW", "Decent Work Team and Country Office for Eastern Europe and Central Asia", devcoop.OfficeCountry, "ECA", "RU AM AZ GE KZ KG TJ UZ"},
	{"CO-ANKARA", "Country Office for Turkey", devcoop.OfficeCountry, "ECA", "TR"},
}

// office is an office being generated; the store sets its ID.
type office struct {
	devcoop.Office
	covers []string
}

// country is a country with what the generator needs to know about it.
type country struct {
	devcoop.Country
	short  string
	flag   byte    // the DWCP column of its countrySpec
	office *office // the office that runs its projects
	dwcp   *dwcp
}

// reference builds the regions, countries and offices, checking every code
// against the IATI code lists: the tables are constants, so a wrong code is
// a programming error the tests catch.
func (g *generator) reference() {
	for _, r := range regionSpecs {
		if !codelist.Region().Has(r.iati) {
			panic(fmt.Sprintf("demo: region %s: %s is not on the IATI Region list", r.code, r.iati))
		}
		g.p.regions = append(g.p.regions, devcoop.Region{Code: r.code, Name: r.name, IATICode: r.iati})
	}
	for _, s := range countrySpecs {
		name := codelist.Country().NameOf(s.code)
		if !devcoop.ValidCountry(s.code) || !codelist.Currency().Active(s.currency) || name == "" {
			panic(fmt.Sprintf("demo: country %s or its currency %s is not active on the IATI lists", s.code, s.currency))
		}
		c := &country{
			Country: devcoop.Country{Code: s.code, Alpha3: s.alpha3, Name: name, Region: s.region, IncomeGroup: s.income,
				ODAEligible: s.income != hic, Currency: s.currency, DWCPPriority: s.dwcp == 'P'},
			short: s.short, flag: s.dwcp,
		}
		g.p.countries = append(g.p.countries, c)
		g.country[s.code] = c
	}
	for _, s := range officeSpecs {
		cov := strings.Fields(s.covers)
		o := &office{Office: devcoop.Office{Code: s.code, Name: s.name, Kind: s.kind, Region: s.region, Country: cov[0]}, covers: cov}
		g.p.offices = append(g.p.offices, o)
		g.office[s.code] = o
		if s.kind == devcoop.OfficeHQ {
			continue
		}
		for _, code := range cov {
			c := g.country[code]
			if c == nil || c.Region != s.region {
				panic(fmt.Sprintf("demo: office %s covers %s, not a country of its region", s.code, code))
			}
			// A country office wins over the regional office of the
			// region, which runs projects only where there is none.
			if c.office == nil || c.office.Kind == devcoop.OfficeRegional {
				c.office = o
			}
		}
	}
	for _, c := range g.p.countries {
		if c.office == nil {
			c.office = g.regionalOffice(c.Region)
		}
	}
}

func (g *generator) regionalOffice(region string) *office {
	for _, o := range g.p.offices {
		if o.Kind == devcoop.OfficeRegional && o.Region == region {
			return o
		}
	}
	panic("demo: no regional office for " + region)
}

func regionText(code string) string {
	for _, r := range regionSpecs {
		if r.code == code {
			return r.text
		}
	}
	return code
}

func regionPrefix(code string) string {
	for _, r := range regionSpecs {
		if r.code == code {
			return r.projectPrefix
		}
	}
	return "INT"
}
