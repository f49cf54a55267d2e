package demo

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// outcomeText is what the demo writes about the projects of a 2014–15
// outcome: titles, an aim, the CPO it serves, the DAC sectors it is
// reported under (the first is the main one), and the headquarters
// department that runs its global projects.
type outcomeText struct {
	titles  []string
	aim     string
	cpo     []string // %s is the country
	sectors []string
	hq      string
}

var outcomeTexts = map[string]outcomeText{
	"1": {[]string{"Youth Employment Programme", "Employment-intensive investment in rural infrastructure", "Support to the national employment policy",
		"Jobs for peace and resilience", "Labour market information and analysis for employment policy", "Green jobs for young women and men"},
		"puts employment at the centre of national and local development plans and creates jobs for young women and men",
		[]string{"National employment policy adopted and implemented in %s, with a focus on young women and men", "Employment-intensive investment programmes scaled up in %s"},
		[]string{"16020", "43040", "15110"}, "EMPLOYMENT"},
	"2": {[]string{"Skills for Trade and Economic Diversification (STED)", "Quality apprenticeships for young women and men", "Training for rural economic empowerment (TREE)",
		"Skills development and recognition of prior learning", "Strengthening technical and vocational education and training"},
		"makes training systems respond to the labour market and opens them to young people, women and people with disabilities",
		[]string{"Skills development systems in %s better matched to labour market needs", "Apprenticeship system strengthened in %s"},
		[]string{"11330", "16020"}, "EMPLOYMENT"},
	"3": {[]string{"Start and Improve Your Business (SIYB)", "Sustaining Competitive and Responsible Enterprises (SCORE)", "Women's entrepreneurship development",
		"Value chain development for decent work", "Cooperative development and the social economy", "An enabling environment for sustainable enterprises"},
		"helps small enterprises and cooperatives grow, raise productivity and create decent jobs",
		[]string{"Enabling environment for sustainable enterprises improved in %s", "Entrepreneurship programmes for women and youth expanded in %s"},
		[]string{"32130", "25010", "16020"}, "ENTERPRISES"},
	"4": {[]string{"Social protection floor assessment and implementation", "Extending social health protection", "Actuarial and policy support to social security reform",
		"Universal pensions and child benefits", "Unemployment protection and employment services"},
		"extends social security coverage towards a nationally defined social protection floor",
		[]string{"Social protection floor extended to excluded groups in %s", "Governance and sustainability of social security schemes improved in %s"},
		[]string{"16010", "16012", "16011"}, "SOCPRO"},
	"5": {[]string{"Better Work", "Improving working conditions in the garment sector", "Minimum wage policy and wage-setting",
		"Maternity protection and work–family balance", "Working conditions of domestic workers"},
		"improves wages, working time and the working conditions of the most vulnerable workers",
		[]string{"Improved wage policies and working conditions in %s", "Protection of domestic workers improved in %s"},
		[]string{"16070", "32110"}, "WORKQUALITY"},
	"6": {[]string{"Occupational safety and health in high-risk sectors", "National occupational safety and health programme", "Safety and health in mining",
		"Prevention of occupational accidents in construction", "Safe and healthy workplaces for young workers"},
		"builds a preventive safety and health culture and reduces occupational accidents and diseases",
		[]string{"National occupational safety and health programme implemented in %s"},
		[]string{"16070", "32110"}, "GOVERNANCE"},
	"7": {[]string{"Fair recruitment initiative", "Protection of migrant workers along the migration corridor", "Labour migration governance",
		"Skills recognition for returning migrant workers", "Decent work for domestic migrant workers"},
		"makes labour migration fair and safe, and protects migrant workers' rights",
		[]string{"Labour migration policy that protects migrant workers adopted in %s"},
		[]string{"15190", "16070"}, "WORKQUALITY"},
	"8": {[]string{"HIV and AIDS workplace policies and programmes", "VCT@WORK: voluntary HIV counselling and testing at the workplace",
		"Economic empowerment of people living with HIV", "HIV prevention in the transport sector"},
		"uses the workplace to prevent HIV, and to protect and support workers living with HIV",
		[]string{"Tripartite workplace response to HIV and AIDS scaled up in %s"},
		[]string{"13040", "16064"}, "WORKQUALITY"},
	"9": {[]string{"Strengthening employers' organizations", "Employers' organizations' policy advocacy and services", "Business membership organizations for enterprise growth"},
		"makes employers' organizations stronger, more representative and better able to influence policy",
		[]string{"Employers' organization in %s provides new services to its members"},
		[]string{"25010", "16080"}, "ACT/EMP"},
	"10": {[]string{"Strengthening workers' organizations", "Trade union capacity for organizing informal economy workers", "Workers' education on decent work and standards"},
		"strengthens independent and representative workers' organizations and their part in policy-making",
		[]string{"Trade unions in %s strengthened to organize and represent workers"},
		[]string{"16080", "16070"}, "ACTRAV"},
	"11": {[]string{"Strengthening labour inspection", "Labour law reform", "Modernizing labour administration and public employment services",
		"Labour inspection and compliance in the rural economy"},
		"modernizes labour administration, labour inspection and labour law",
		[]string{"Labour inspection system strengthened in %s", "Labour law revised in line with international labour standards in %s"},
		[]string{"16070", "15110"}, "GOVERNANCE"},
	"12": {[]string{"Social dialogue and industrial relations", "Collective bargaining and dispute resolution", "Strengthening national tripartite social dialogue institutions",
		"Wage-setting and collective bargaining"},
		"strengthens tripartite social dialogue, collective bargaining and the resolution of labour disputes",
		[]string{"Tripartite social dialogue institutions strengthened in %s"},
		[]string{"16080", "16070"}, "GOVERNANCE"},
	"13": {[]string{"Decent work in the tourism sector", "Decent work in agriculture and plantations", "Decent work in ports and shipping",
		"Decent work in the construction sector", "Green jobs in construction and waste management"},
		"applies sector-specific approaches to improve labour and social conditions",
		[]string{"Sectoral approaches to decent work applied in %s"},
		[]string{"32110", "31120", "16020"}, "SECTOR"},
	"14": {[]string{"Freedom of association and collective bargaining", "Freedom of association in export processing zones", "Collective bargaining rights in the public service"},
		"promotes the application of the principles of freedom of association and collective bargaining",
		[]string{"Freedom of association and collective bargaining better applied in %s"},
		[]string{"16070", "16080"}, "FUNDAMENTALS"},
	"15": {[]string{"Combating forced labour and human trafficking", "From protocol to practice: a bridge to global action on forced labour", "Eliminating bonded labour",
		"Fair recruitment to prevent forced labour"},
		"prevents forced labour, protects its victims and brings perpetrators to justice",
		[]string{"National action against forced labour and trafficking strengthened in %s"},
		[]string{"16070", "15160"}, "FUNDAMENTALS"},
	"16": {[]string{"Elimination of child labour (IPEC)", "Child labour in cocoa-growing communities", "Child labour in tobacco-growing communities (ARISE)",
		"Child labour monitoring and education", "Towards child labour-free zones"},
		"withdraws children from child labour, keeps them in school and gives their families other sources of income",
		[]string{"National action plan against the worst forms of child labour implemented in %s", "Child labour monitoring system operational in %s"},
		[]string{"16070", "11220"}, "FUNDAMENTALS"},
	"17": {[]string{"Gender equality and non-discrimination at work", "Equal pay for work of equal value", "Disability inclusion in employment",
		"Rights of indigenous and tribal peoples"},
		"promotes equality of opportunity and treatment, and fights discrimination at work",
		[]string{"Policies promoting gender equality and non-discrimination at work adopted in %s"},
		[]string{"15170", "16070"}, "WORKQUALITY"},
	"18": {[]string{"Ratification and application of international labour standards", "Support to reporting on ratified Conventions", "Implementing the Maritime Labour Convention"},
		"helps ratify up-to-date Conventions and act on the comments of the supervisory bodies",
		[]string{"Application of ratified Conventions improved in %s"},
		[]string{"16070", "15110"}, "NORMES"},
	"19": {[]string{"Mainstreaming decent work in national development frameworks", "Decent work in the UN development assistance framework",
		"Labour statistics and decent work indicators", "Policy coherence for decent work"},
		"places decent work at the heart of national development plans and UN country programming",
		[]string{"Decent work mainstreamed in the national development framework of %s", "Labour market statistics improved in %s"},
		[]string{"15110", "16062"}, "PARDEV"},
}

func textFor(code string) outcomeText {
	t, ok := outcomeTexts[code]
	if !ok {
		panic("demo: no text for outcome " + code)
	}
	return t
}

func cpoTitle(r *rng, outcome, country string) string {
	return fmt.Sprintf(pick(r, textFor(outcome).cpo), country)
}

var constituentPhrases = []string{
	"the Ministry of Labour and the social partners",
	"government, employers' and workers' organizations",
	"the tripartite constituents",
	"national and local authorities, employers and trade unions",
}

// implementingPartners receive outgoing commitments; %s is the country.
var implementingPartners = []string{
	"Ministry of Labour of %s",
	"National Federation of Employers, %s",
	"National Trade Union Confederation, %s",
	"National Statistics Office, %s",
	"Local Economic Development Agency, %s",
	"National Vocational Training Institute, %s",
}

var globalImplementers = []string{
	"International Training Centre of the ILO, Turin",
	"International Institute for Labour Studies",
	"BRAC",
	"Save the Children International",
	"Plan International",
	"Solidarity Center",
}

// lowerFirst lowers the first letter of a title for use mid-sentence,
// unless the first word is an acronym.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || n >= len(s) {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// joinNames writes "A", "A and B", or "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
