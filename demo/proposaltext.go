package demo

// What the demo writes in proposals: for each family of 2014–15 outcomes,
// a development objective, a needs statement and a logframe of three
// immediate outcomes, each with its indicator, an assumption with the risk
// that it fails and its mitigation, and two or three outputs with their
// indicator and activities. A proposal takes two or three outcomes and two
// or three outputs of each. "%s" is where the proposal works ("Kenya",
// "the Philippines", "Latin America and the Caribbean").

type indicatorText struct{ desc, baseline, target, mov string }

type outputText struct {
	statement  string
	indicator  indicatorText
	activities []string
}

type immediateText struct {
	statement        string
	indicator        indicatorText
	assumption       string
	risk, mitigation string
	outputs          []outputText
}

type themeText struct {
	objective      string
	needs          string
	outcomes       []immediateText
	standards      string // the instruments the proposal applies
	environment    string
	sustainability string
	partner        [3]string // a theme's own implementing partner: name (%s the country), kind, role
}

// themeOf maps every 2014–15 outcome to the family whose text it uses.
var themeOf = map[string]string{
	"1": "jobs", "2": "jobs", "19": "jobs",
	"3": "enterprise", "9": "enterprise", "13": "enterprise",
	"4": "protection", "8": "protection",
	"5": "safety", "6": "safety", "11": "safety",
	"15": "childlabour", "16": "childlabour",
	"7": "migration", "17": "migration",
	"10": "dialogue", "12": "dialogue", "14": "dialogue", "18": "dialogue",
}

func themeFor(outcome string) themeText {
	t, ok := themeTexts[themeOf[outcome]]
	if !ok {
		panic("demo: no proposal text for outcome " + outcome)
	}
	return t
}

var themeTexts = map[string]themeText{
	"jobs": {
		objective: "Young women and men in %s find decent and productive jobs, through employment and skills policies that the government and the social partners design and run together.",
		needs: "Youth unemployment in %s is more than twice the adult rate, and most young people who work do so informally, without a contract or social protection. " +
			"Training institutions teach skills that employers no longer need, and the national employment policy has neither a budget nor a monitoring system. " +
			"The tripartite constituents asked for support on youth employment and skills in their Decent Work Country Programme.",
		outcomes: []immediateText{
			{"National employment and skills policies give priority to young women and men, with budgets and targets.",
				indicatorText{"National youth employment action plan adopted and budgeted", "No action plan (2014)", "Action plan adopted with a budget line by the end of project year 2", "Cabinet decision; national budget documents"},
				"The government keeps youth employment among the priorities of the national development plan.",
				"A change of government moves priorities away from youth employment.",
				"Anchor the action plan in the tripartite employment council and brief incoming ministers early.",
				[]outputText{
					{"A youth employment diagnostic and action plan are prepared with the tripartite constituents.",
						indicatorText{"Diagnostic and action plan validated at a tripartite workshop", "None", "1 diagnostic and 1 action plan validated", "Workshop report; validated documents"},
						[]string{"School-to-work transition survey with the national statistics office", "Tripartite drafting and validation workshops"}},
					{"Labour market information on young people is produced and used for planning.",
						indicatorText{"Number of youth labour market bulletins published", "0 (no bulletin in 2014)", "6 quarterly bulletins by the end of the project", "Published bulletins; ministry website"},
						[]string{"Train ministry statisticians in labour market analysis", "Publish quarterly youth labour market bulletins"}},
					{"Public employment services give young jobseekers guidance and job matching.",
						indicatorText{"Number of young jobseekers registered and counselled each year", "2,500 (2014)", "10,000 a year, at least 45% women", "Employment service records"},
						[]string{"Set up youth desks in four employment centres", "Train employment counsellors in career guidance"}},
				}},
			{"Young women and men gain the skills employers need, through apprenticeships and work-based learning.",
				indicatorText{"Share of trained young people in work six months after training", "28% (2014 tracer study)", "55%, with no gap between women and men", "Tracer studies at baseline, mid-term and end"},
				"Employers are willing to take on apprentices.",
				"Employers do not offer enough apprenticeship places.",
				"Work through the employers' organization, share training costs in the first year, and give participating firms public recognition.",
				[]outputText{
					{"Training curricula are revised with employers to match the skills in demand.",
						indicatorText{"Number of curricula revised and accredited", "0", "12", "Accreditation records of the training authority"},
						[]string{"Skills needs assessment in three growth sectors", "Curriculum review committees of employers and trainers"}},
					{"A quality apprenticeship scheme is piloted with enterprises.",
						indicatorText{"Number of apprentices completing the scheme", "0", "1,200, of whom at least 40% women", "Training provider records; certificates issued"},
						[]string{"Agree apprenticeship contracts and standards with the social partners", "Train enterprise-based trainers"}},
					{"Young people with disabilities and from rural areas get access to training.",
						indicatorText{"Number of young people with disabilities enrolled", "45 (2014)", "300", "Enrolment records by sex and disability"},
						[]string{"Make four training centres accessible", "Outreach through organizations of persons with disabilities"}},
				}},
			{"Young entrepreneurs start and grow businesses that create decent jobs.",
				indicatorText{"Number of youth-led businesses still trading after 12 months", "0 (programme not yet started)", "800", "Follow-up survey of trained entrepreneurs"},
				"Microfinance institutions lend to young entrepreneurs on reasonable terms.",
				"Young entrepreneurs cannot get credit.",
				"Agree a guarantee facility with two microfinance institutions and link trainees to savings groups.",
				[]outputText{
					{"Young women and men are trained in business skills.",
						indicatorText{"Number of young people completing business training", "0", "2,000, at least half of them women", "Training records"},
						[]string{"Train 40 business trainers", "Run business training in ten districts"}},
					{"Young entrepreneurs get access to finance and mentoring.",
						indicatorText{"Number of trainees receiving a loan or a start-up grant", "0", "900", "Records of the partner financial institutions"},
						[]string{"Agreements with microfinance institutions", "Mentoring by members of the employers' organization"}},
				}},
		},
		standards:   "the Employment Policy Convention, 1964 (No. 122), and the Human Resources Development Convention, 1975 (No. 142)",
		environment: "Green jobs are one of the growth sectors the skills assessment covers, employment-intensive works follow environmental safeguards, and no activity is expected to harm the environment.",
		sustainability: "The action plan and the revised curricula become part of national budgets and of the training system; the training authority takes over the apprenticeship scheme in the last year, " +
			"co-financed by employers, and the employers' organization keeps the mentoring network going.",
		partner: [3]string{"National Training Authority of %s", "government", "Curricula and apprenticeships"},
	},
	"enterprise": {
		objective: "Small enterprises and cooperatives in %s grow, become more productive and create decent jobs, with employers' organizations that speak for them in policy.",
		needs: "Micro and small enterprises employ most workers in %s, but few grow beyond five employees: they lack business skills, finance and a voice in policy, and their workers rarely have contracts or social security. " +
			"The employers' organization asked for help to represent small firms, and the Decent Work Country Programme names enterprise development among its priorities.",
		outcomes: []immediateText{
			{"The policy and regulatory environment for small enterprises improves, following dialogue between government and business.",
				indicatorText{"Number of reforms of business regulation adopted after public-private dialogue", "0 (2014)", "3 by the end of the project", "Official gazette; minutes of the dialogue forum"},
				"The government is open to reforming business registration and licensing.",
				"Reforms stall in the legislative process.",
				"Focus on rules the ministry can change by decree, and build support in parliament through the employers' organization.",
				[]outputText{
					{"An assessment of the enabling environment for sustainable enterprises is carried out and validated.",
						indicatorText{"Assessment validated by the tripartite constituents", "No assessment", "Assessment validated and published in project year 1", "Validation workshop report; published assessment"},
						[]string{"Enterprise survey and focus groups with small business owners", "Validation workshop with government, employers and workers"}},
					{"A public-private dialogue forum proposes reforms to the government.",
						indicatorText{"Number of reform proposals the forum submits", "0", "6", "Forum minutes and submissions"},
						[]string{"Set up the forum's secretariat in the employers' organization", "Prepare policy briefs on priority reforms"}},
				}},
			{"Small and medium enterprises raise productivity and improve working conditions.",
				indicatorText{"Productivity index of participating enterprises", "100 at enrolment", "115 after 18 months", "Enterprise records collected by the trainers"},
				"Enterprise owners commit management time to the improvement programme.",
				"Enterprises drop out of the programme.",
				"Sign participation agreements, charge a small fee and schedule training outside peak seasons.",
				[]outputText{
					{"Enterprise trainers are certified to deliver productivity and workplace cooperation training.",
						indicatorText{"Number of certified trainers", "4", "40, at least 40% women", "Certification records"},
						[]string{"Training of trainers in workplace cooperation and productivity", "Coaching of trainers on their first enterprise assignments"}},
					{"Enterprises carry out improvement plans agreed by managers and workers.",
						indicatorText{"Number of enterprises with a working joint improvement team", "0", "120", "Enterprise visit reports"},
						[]string{"Classroom modules for managers and worker representatives", "On-site consulting visits"}},
					{"Women entrepreneurs get training and business services.",
						indicatorText{"Number of women entrepreneurs trained", "0", "1,500", "Training records"},
						[]string{"Adapt the women's entrepreneurship training package", "Link trained entrepreneurs to business development services"}},
				}},
			{"The employers' organization offers new services to its members and represents small enterprises.",
				indicatorText{"Number of small enterprises that are members of the employers' organization", "320 (2014)", "800", "Membership register"},
				"The board of the employers' organization approves a strategy for small-enterprise membership.",
				"The employers' organization lacks the staff to run new services.",
				"Co-finance a services officer for two years and phase in membership fees that cover the post.",
				[]outputText{
					{"A strategic plan and a package of member services are adopted.",
						indicatorText{"Strategic plan adopted by the board", "No plan", "Plan adopted in project year 1", "Board resolution"},
						[]string{"Survey of members' needs", "Strategic planning retreat with the board"}},
					{"Policy position papers are produced and presented to the government.",
						indicatorText{"Number of position papers presented", "1 (2014)", "5", "Published papers; meeting records"},
						[]string{"Research on the cost of doing business for small firms", "Advocacy meetings with ministries and parliament"}},
				}},
		},
		standards: "the Tripartite Consultation (International Labour Standards) Convention, 1976 (No. 144), the Job Creation in Small and Medium-Sized Enterprises Recommendation, 1998 (No. 189), " +
			"and the Promotion of Cooperatives Recommendation, 2002 (No. 193)",
		environment: "The enterprise training includes a module on resource efficiency and waste reduction, and the value chains chosen are screened for environmental risks before work starts.",
		sustainability: "Certified trainers are paid by the enterprises they serve, the employers' organization finances the new services from membership fees by the last project year, " +
			"and the dialogue forum is written into the ministry's rules.",
		partner: [3]string{"Small Enterprise Development Agency of %s", "government", "Business development services"},
	},
	"protection": {
		objective: "More women and men in %s, including informal economy workers and people living with HIV, are covered by social protection, as part of a nationally defined social protection floor.",
		needs: "Fewer than one worker in five in %s contributes to a social security scheme, and most informal economy workers, rural households and people living with HIV have no protection against illness, old age or loss of income. " +
			"The government committed to a social protection floor, and the Decent Work Country Programme asks for support on the policy, its costing and the extension of coverage.",
		outcomes: []immediateText{
			{"A national social protection floor policy is adopted, costed and financed.",
				indicatorText{"National social protection policy adopted with a costed implementation plan", "Draft policy without costing (2014)", "Policy adopted and costed by the end of project year 2", "Cabinet decision; costing report"},
				"The ministry of finance takes part in the costing and accepts its results.",
				"Fiscal pressure leads the government to postpone new benefits.",
				"Present phased options with an analysis of fiscal space, and involve the ministry of finance from the start.",
				[]outputText{
					{"An assessment-based national dialogue identifies the gaps in the social protection floor.",
						indicatorText{"Assessment report validated in a national dialogue", "No assessment", "Validated by the end of project year 1", "Report of the national dialogue"},
						[]string{"Rapid assessment with the UN country team", "National dialogue workshops"}},
					{"Benefit options are costed with the ILO rapid assessment and social budget models.",
						indicatorText{"Number of costed benefit options presented to the government", "0", "4", "Costing reports"},
						[]string{"Train ministry staff in the costing models", "Present the options to the inter-ministerial committee"}},
				}},
			{"Social security coverage is extended to workers in the informal economy.",
				indicatorText{"Number of informal economy workers newly registered with the social security fund", "12,000 (2014)", "60,000, at least 40% women", "Registration data of the social security fund"},
				"The social security fund adapts its contribution rules for informal economy workers.",
				"Informal economy workers do not see the value of contributing.",
				"Design simple, flexible contributions with workers' organizations and run an awareness campaign.",
				[]outputText{
					{"A simplified contribution scheme for informal economy workers is designed and piloted.",
						indicatorText{"Number of districts where the scheme is piloted", "0", "3", "Pilot monitoring reports"},
						[]string{"Design the scheme with the social security fund and the unions", "Pilot registration through mobile teams"}},
					{"Workers' and employers' organizations inform their members about social security.",
						indicatorText{"Number of members reached by awareness sessions", "0", "20,000", "Attendance records"},
						[]string{"Train union and employer trainers on social security", "Awareness campaign in markets and workplaces"}},
				}},
			{"Workplaces prevent HIV and support workers living with HIV.",
				indicatorText{"Number of enterprises with a workplace policy on HIV", "35 (2014)", "150", "Labour ministry records; enterprise survey"},
				"Enterprises release workers for voluntary counselling and testing during working hours.",
				"Stigma keeps workers from testing.",
				"Offer testing with other health checks, guarantee confidentiality and involve networks of people living with HIV.",
				[]outputText{
					{"Enterprises adopt workplace policies on HIV in line with Recommendation No. 200.",
						indicatorText{"Number of workplace policies adopted", "0", "100", "Copies of the adopted policies"},
						[]string{"Model workplace policy with the employers' organization", "Training of enterprise focal points"}},
					{"Workers get voluntary and confidential HIV counselling and testing at work.",
						indicatorText{"Number of workers tested through VCT@WORK", "0", "25,000, half of them women", "Records of the health partners"},
						[]string{"Agreements with health service providers", "Workplace testing campaigns"}},
				}},
		},
		standards:   "the Social Security (Minimum Standards) Convention, 1952 (No. 102), the Social Protection Floors Recommendation, 2012 (No. 202), and the HIV and AIDS Recommendation, 2010 (No. 200)",
		environment: "The project has no significant environmental impact; meetings are grouped to limit travel, and the campaigns use radio and mobile phones rather than printed material.",
		sustainability: "Benefits are written into law and financed from the national budget and contributions, the social security fund keeps the mobile registration teams on its own payroll from the last project year, " +
			"and workplace HIV programmes become part of the enterprises' health and safety policies.",
		partner: [3]string{"National Social Security Fund of %s", "government", "Registration of informal economy workers"},
	},
	"safety": {
		objective: "Workers in %s work in safer and fairer conditions, thanks to labour laws that are applied and a labour inspectorate able to enforce them.",
		needs: "Labour inspectors in %s are few, poorly equipped and rarely leave the capital; occupational accidents go unreported, and wage and working time rules are widely ignored in construction, agriculture and garments. " +
			"The tripartite constituents asked, in the Decent Work Country Programme, for support to modernise labour inspection and improve working conditions in high-risk sectors.",
		outcomes: []immediateText{
			{"The labour inspectorate plans and carries out inspections that improve compliance.",
				indicatorText{"Number of labour inspections a year", "1,800 (2014)", "4,500, with 30% in the provinces", "Annual labour inspection reports"},
				"The ministry keeps trained inspectors in post.",
				"Trained inspectors leave for better-paid jobs.",
				"Agree a retention plan with the ministry and build the training into its own curriculum.",
				[]outputText{
					{"Inspectors are trained in risk-based inspection and case management.",
						indicatorText{"Number of inspectors trained and certified", "15", "90, at least 30% women", "Training and certification records"},
						[]string{"Inspection curriculum with the national training centre", "Joint inspection visits with experienced inspectors"}},
					{"An electronic case management system records inspections and their follow-up.",
						indicatorText{"Share of inspections recorded in the system", "0%", "80%", "System reports"},
						[]string{"Develop and test the case management system", "Equip provincial offices and train users"}},
					{"The labour law's provisions on inspection are revised with the social partners.",
						indicatorText{"Revised provisions submitted to parliament", "No draft", "Draft submitted by the end of project year 2", "Parliamentary records"},
						[]string{"Legal gap analysis against Convention No. 81", "Tripartite consultation on the draft"}},
				}},
			{"Enterprises in high-risk sectors apply occupational safety and health measures.",
				indicatorText{"Reported accident rate in participating enterprises, per 100,000 workers", "1,050 (2014 survey)", "25% lower by the end of the project", "Enterprise accident registers; end-line survey"},
				"Enterprises report accidents honestly once reporting is made simpler.",
				"Under-reporting hides the real accident rate.",
				"Cross-check registers with hospital and insurance data, and protect workers who report.",
				[]outputText{
					{"Enterprises set up joint safety and health committees.",
						indicatorText{"Number of enterprises with an active safety and health committee", "12", "150", "Committee minutes; site visit reports"},
						[]string{"Train committee members from management and workers", "Follow-up visits by OSH specialists"}},
					{"A national occupational safety and health profile and programme are adopted.",
						indicatorText{"National OSH programme adopted", "Outdated profile of 2008", "Profile updated and programme adopted", "Official programme document"},
						[]string{"Update the national OSH profile", "Tripartite validation of the programme"}},
				}},
			{"Wage and working time rules are better applied.",
				indicatorText{"Share of inspected workplaces that comply with minimum wage rules", "55% (2014)", "75%", "Labour inspection data"},
				"The minimum wage board meets regularly.",
				"Minimum wage negotiations break down.",
				"Provide data and facilitation to the wage board and agree a meeting calendar with its members.",
				[]outputText{
					{"The minimum wage board gets evidence for its decisions.",
						indicatorText{"Number of wage studies presented to the board", "0", "3", "Board minutes"},
						[]string{"Wage survey with the statistics office", "Training of board members in wage analysis"}},
					{"Workers and employers know their rights and obligations on wages and working time.",
						indicatorText{"Number of workers reached by the information campaign", "0", "50,000", "Campaign monitoring reports"},
						[]string{"Radio and mobile phone campaign", "Information desks run by the trade unions"}},
				}},
		},
		standards:   "the Labour Inspection Convention, 1947 (No. 81), the Occupational Safety and Health Convention, 1981 (No. 155), and the Minimum Wage Fixing Convention, 1970 (No. 131)",
		environment: "Safer workplaces also pollute less: the training covers the handling and disposal of hazardous chemicals, and inspectors learn to check environmental hazards on the sites they visit.",
		sustainability: "Inspector training becomes part of the ministry's own curriculum from project year 2, the case management system runs on government servers with a maintenance budget, " +
			"and safety and health committees are required by the revised regulations.",
		partner: [3]string{"National Occupational Safety and Health Institute of %s", "government", "OSH training and the national profile"},
	},
	"childlabour": {
		objective: "Children in %s are protected from child labour and forced labour and go to school, and their families earn a decent living.",
		needs: "Child labour in %s is concentrated in agriculture, domestic work and mining, where children as young as seven work long hours, often in hazardous conditions; forced labour and trafficking affect migrant and indigenous workers. " +
			"The national action plan on child labour has expired, and the Decent Work Country Programme commits the constituents to a new plan and to ratifying the forced labour Protocol.",
		outcomes: []immediateText{
			{"National policy and law on child labour and forced labour are strengthened and applied.",
				indicatorText{"National action plan against child labour adopted and budgeted", "Previous plan expired in 2013", "New plan adopted with a budget by the end of project year 1", "Official plan; budget documents"},
				"The government keeps child labour on the agenda of the national steering committee.",
				"The national steering committee stops meeting.",
				"Fund the committee's secretariat for the first year and involve the social partners and civil society.",
				[]outputText{
					{"The list of hazardous work is updated with the social partners.",
						indicatorText{"Updated hazardous work list adopted", "List dates from 2004", "Updated list adopted", "Official gazette"},
						[]string{"Review of hazards in agriculture, mining and domestic work", "Tripartite validation workshop"}},
					{"Labour inspectors, police and prosecutors are trained to identify and act on child labour and forced labour.",
						indicatorText{"Number of officials trained", "0", "400", "Training records"},
						[]string{"Joint training of inspectors, police and prosecutors", "Guidelines on referring victims to services"}},
				}},
			{"Communities monitor child labour and keep children in school.",
				indicatorText{"Number of children withdrawn or prevented from child labour", "0", "6,000, half of them girls", "Records of the child labour monitoring system"},
				"Schools can take in the children withdrawn from work.",
				"Schools lack places and teachers for returning children.",
				"Work with the education ministry and UNICEF on bridging classes and school supplies.",
				[]outputText{
					{"Community child labour committees identify and follow up children at risk.",
						indicatorText{"Number of active community committees", "5", "60", "Committee registers"},
						[]string{"Set up and train community committees", "Link the committees to the district labour office"}},
					{"Children withdrawn from work attend bridging classes and school.",
						indicatorText{"Number of children enrolled in bridging classes", "0", "3,000", "School enrolment records"},
						[]string{"Bridging classes with the education ministry", "School kits and meals for enrolled children"}},
					{"Employers in supply chains commit to child labour-free production.",
						indicatorText{"Number of enterprises signing a code of conduct", "3", "40", "Signed codes; audit reports"},
						[]string{"Dialogue with buyers and producer associations", "Training of supervisors on child labour risks"}},
				}},
			{"Families of working children earn more and no longer rely on child labour.",
				indicatorText{"Number of households with at least one new source of income", "0", "2,000", "Household survey at baseline and end-line"},
				"Households use new income to keep children in school.",
				"Families send children back to work when food prices rise.",
				"Combine income support with school monitoring and savings groups.",
				[]outputText{
					{"Adults in the households get skills training.",
						indicatorText{"Number of adults trained", "0", "2,500, at least 60% women", "Training records"},
						[]string{"Rural skills training with local providers", "Start-up kits for trained adults"}},
					{"Households join village savings and loan groups.",
						indicatorText{"Number of active savings groups", "0", "80", "Group records"},
						[]string{"Set up and train savings groups", "Link groups to microfinance institutions"}},
				}},
		},
		standards:   "the Minimum Age Convention, 1973 (No. 138), the Worst Forms of Child Labour Convention, 1999 (No. 182), and the Protocol of 2014 to the Forced Labour Convention, 1930",
		environment: "Income activities are screened for environmental risks, and the agricultural training promotes the safe use of pesticides, which also protects children from exposure.",
		sustainability: "District labour offices run the monitoring system with their own staff by the last project year, the education ministry funds the bridging classes from its budget, " +
			"and the savings groups continue on members' own savings.",
		partner: [3]string{"National Child Rights Network of %s", "ngo", "Community monitoring and bridging education"},
	},
	"migration": {
		objective: "Women and men in %s, migrant workers among them, enjoy equality of opportunity and treatment at work and migrate fairly and safely.",
		needs: "Many workers from %s migrate for work, mostly through informal brokers who charge high fees, and women domestic workers are the most exposed to abuse. " +
			"At home, women earn much less than men and workers with disabilities rarely find jobs. The Decent Work Country Programme asks for fair recruitment and labour migration policies and for measures against discrimination.",
		outcomes: []immediateText{
			{"Labour migration governance protects migrant workers' rights.",
				indicatorText{"Labour migration policy adopted in line with Conventions Nos 97 and 143", "No policy (2014)", "Policy adopted by the end of project year 2", "Cabinet decision"},
				"Countries of destination cooperate on bilateral agreements.",
				"Countries of destination are unwilling to revise bilateral agreements.",
				"Work through the regional consultative processes and the ILO offices in countries of destination.",
				[]outputText{
					{"A labour migration policy is drafted with the tripartite constituents and migrant associations.",
						indicatorText{"Draft policy validated", "0", "1", "Validation workshop report"},
						[]string{"Policy review and consultations", "Tripartite validation workshop"}},
					{"Recruitment agencies are regulated and monitored.",
						indicatorText{"Number of recruitment agencies inspected", "20 (2014)", "150", "Labour ministry records"},
						[]string{"Revise the licensing rules for recruitment agencies", "Train inspectors on fair recruitment"}},
				}},
			{"Migrant workers get information and services before departure and on return.",
				indicatorText{"Number of migrant workers receiving pre-departure orientation", "3,000 (2014)", "15,000, at least half of them women", "Records of the migrant resource centres"},
				"Migrants use the resource centres rather than informal brokers.",
				"Informal brokers undermine the services.",
				"Open centres in the districts of origin and work with returned migrants as peer counsellors.",
				[]outputText{
					{"Migrant resource centres give advice and legal aid.",
						indicatorText{"Number of centres operating", "1", "4", "Centre reports"},
						[]string{"Open and staff three new centres", "Train counsellors and paralegals"}},
					{"Returning migrants get their skills recognised.",
						indicatorText{"Number of returnees whose skills are certified", "0", "1,200", "Certification records"},
						[]string{"Skills recognition procedure with the training authority", "Assessment sessions for returnees"}},
				}},
			{"Policies promote equality of opportunity and treatment at work.",
				indicatorText{"Gender pay gap in the formal sector", "24% (2013 labour force survey)", "Below 20%", "Labour force survey"},
				"The statistics office keeps collecting wage data by sex.",
				"Pay transparency measures meet employers' opposition.",
				"Develop the measures with the employers' organization and pilot them in volunteer firms.",
				[]outputText{
					{"Enterprises apply job evaluation free of gender bias.",
						indicatorText{"Number of enterprises applying gender-neutral job evaluation", "0", "30", "Enterprise reports"},
						[]string{"Train human resource managers", "Publish a guide on equal pay for work of equal value"}},
					{"Jobseekers with disabilities are placed in jobs.",
						indicatorText{"Number of persons with disabilities placed in jobs", "60 (2014)", "500", "Employment service records"},
						[]string{"Disability desks in employment centres", "Awareness sessions with employers"}},
				}},
		},
		standards:   "the Migration for Employment Convention (Revised), 1949 (No. 97), the Equal Remuneration Convention, 1951 (No. 100), and the Discrimination (Employment and Occupation) Convention, 1958 (No. 111)",
		environment: "The project has no significant environmental impact; the policy work considers climate-related migration, since drought drives part of the movement from rural areas.",
		sustainability: "The migrant resource centres pass to the labour ministry and the district authorities, which budget for their staff from the last project year; " +
			"skills recognition becomes a regular service of the training authority.",
		partner: [3]string{"Migrant Workers' Association of %s", "ngo", "Migrant resource centres"},
	},
	"dialogue": {
		objective: "Social dialogue and collective bargaining in %s shape labour and economic policy, in line with international labour standards.",
		needs: "Tripartite institutions in %s exist on paper but rarely meet, collective agreements cover few workers, and labour disputes take years to resolve. " +
			"The supervisory bodies have raised the application of the Conventions on freedom of association and collective bargaining several times, and the Decent Work Country Programme gives priority to social dialogue.",
		outcomes: []immediateText{
			{"The national tripartite council works effectively on labour and economic policy.",
				indicatorText{"Number of policy opinions adopted by the tripartite council", "1 (2014)", "6 by the end of the project", "Council minutes and opinions"},
				"Government, employers and workers nominate their members to the council.",
				"One of the social partners boycotts the council.",
				"Agree the council's rules and agenda with all three groups and use an independent chair.",
				[]outputText{
					{"The council's secretariat is set up and trained.",
						indicatorText{"Secretariat staffed and working", "No secretariat", "Secretariat of three staff in project year 1", "Council records"},
						[]string{"Set up the secretariat", "Training of secretariat staff and council members"}},
					{"Council members get the analysis they need to prepare their positions.",
						indicatorText{"Number of policy briefs prepared for the council", "0", "8", "Published briefs"},
						[]string{"Commission policy briefs", "Preparatory meetings of each group"}},
				}},
			{"Collective bargaining covers more workers and disputes are resolved faster.",
				indicatorText{"Number of workers covered by collective agreements", "85,000 (2014)", "120,000", "Registry of collective agreements"},
				"Employers agree to bargain at sector level.",
				"Sectoral bargaining meets employers' resistance.",
				"Start with sectors where employers already meet the unions, and share good practice.",
				[]outputText{
					{"Mediators and arbitrators are trained.",
						indicatorText{"Number of certified mediators", "6", "40", "Certification records"},
						[]string{"Mediation training course", "Mentoring of new mediators"}},
					{"The dispute resolution agency handles cases faster.",
						indicatorText{"Average time from referral to resolution", "14 months (2014)", "6 months", "Records of the dispute resolution agency"},
						[]string{"Case management procedures", "Public information on dispute resolution"}},
				}},
			{"Workers' organizations organise and represent more workers, including in the informal economy.",
				indicatorText{"Number of new union members from the informal economy", "0", "15,000", "Union membership registers"},
				"The union confederations agree a joint organising strategy.",
				"Rivalry between union confederations blocks joint work.",
				"Run the activities through the inter-union platform and share resources equally.",
				[]outputText{
					{"Union organisers are trained.",
						indicatorText{"Number of organisers trained", "0", "120, at least 40% women", "Training records"},
						[]string{"Organiser training with the workers' education centre", "Organising campaigns in markets and transport"}},
					{"Unions report on the application of ratified Conventions.",
						indicatorText{"Number of union comments sent to the supervisory bodies", "1 (2014)", "4", "Reports of the Committee of Experts"},
						[]string{"Training on the supervisory system", "Support to preparing comments"}},
				}},
		},
		standards: "the Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87), the Right to Organise and Collective Bargaining Convention, 1949 (No. 98), " +
			"and the Tripartite Consultation (International Labour Standards) Convention, 1976 (No. 144)",
		environment: "The tripartite council will discuss a just transition to a greener economy; meetings are grouped to limit travel, and the project has no significant environmental impact.",
		sustainability: "The council's secretariat moves onto the labour ministry's budget in the last project year, mediators are paid by the dispute resolution agency, " +
			"and the unions finance organising from the dues of new members.",
		partner: [3]string{"National Tripartite Council of %s", "government", "Policy dialogue"},
	},
}

// Cross-cutting sections every theme shares; %s is where.
const (
	genderText = "Indicators are disaggregated by sex, targets set a minimum share of women among participants, and the project works with the women's committees of the employers' and workers' organizations in %s; " +
		"a gender analysis at inception adjusts the activities."
	dialogueText = "A tripartite steering committee of the labour ministry, the most representative employers' organization and the trade unions approves the workplans and reviews progress every six months; " +
		"the social partners deliver part of the activities themselves."
	disabilityText = "Organizations of persons with disabilities sit on the project's advisory group, venues and materials are accessible, and indicators are disaggregated by disability where data allow."
	exitText       = " The exit strategy, agreed with the tripartite steering committee at mid-term, hands each activity to a national institution before the last project year."
)

// genericRisks are risks that threaten any project; they refer to no
// assumption of the logframe.
var genericRisks = [][2]string{
	{"Turnover of senior officials in the ministry slows decisions.", "Brief incoming officials early and work through the tripartite steering committee, which outlasts changes of staff."},
	{"Exchange rate movements reduce the value of the contribution.", "Review the budget every year and scale activities down in agreement with the donor if losses exceed 5%."},
	{"Insecurity in some districts restricts field work.", "Follow UN security advice, work through local partners, and move activities to safe districts if needed."},
	{"Elections delay policy decisions.", "Finish the technical work before the campaign and brief all parties on the proposals."},
}

// budgetText describes the budget lines of each category.
var budgetText = map[string]string{
	"staff":        "Chief technical adviser, national project coordinator and finance assistant",
	"experts":      "International and national consultants",
	"travel":       "Missions and field travel",
	"subcontracts": "Implementation agreements with the social partners and national institutions",
	"training":     "Workshops, training courses and awareness campaigns",
	"equipment":    "IT equipment and a project vehicle",
	"monitoring":   "Baseline and end-line surveys, monitoring and reporting",
	"psc":          "Programme support costs at 13% of direct costs",
}

// withdrawReasons say why an office withdrew a proposal.
var withdrawReasons = []string{
	"The donor closed its call for proposals before we could finish; we will resubmit the idea next year.",
	"Withdrawn: the government asked us to merge this work into the new Decent Work Country Programme.",
	"Withdrawn: the donor will fund this work through the UN joint programme instead.",
}
