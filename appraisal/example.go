package appraisal

import (
	"strconv"

	"devcoop"
	"devcoop/money"
)

// ExampleProposal returns a complete, realistic proposal that screens with
// no findings under DefaultRuleSet and ExampleFacts: a three-year,
// US$3.39 million project on safety and health in construction in Kenya
// and the United Republic of Tanzania. The OpenAPI document uses it as the
// example body, and testdata/example.json holds its JSON.
func ExampleProposal() *devcoop.Proposal {
	usd := func(n int64) money.Decimal { return money.New(n*100, 2) }
	line := func(c devcoop.BudgetCategory, desc string, year int, n int64) devcoop.BudgetLine {
		return devcoop.BudgetLine{Category: c, Description: desc, Year: year, Amount: usd(n)}
	}
	var budget []devcoop.BudgetLine
	for y, amounts := range [][7]int64{
		// staff, experts, travel, subcontracts, training, equipment, monitoring
		{320_000, 150_000, 50_000, 200_000, 180_000, 60_000, 40_000},
		{330_000, 120_000, 50_000, 230_000, 200_000, 0, 40_000},
		{340_000, 100_000, 45_000, 230_000, 170_000, 0, 40_000},
	} {
		year := y + 1
		budget = append(budget,
			line(devcoop.BudgetStaff, "Chief technical adviser and two national project officers", year, amounts[0]),
			line(devcoop.BudgetExperts, "Legal drafting and OSH management consultants", year, amounts[1]),
			line(devcoop.BudgetTravel, "Missions between Nairobi, Dar es Salaam and project sites", year, amounts[2]),
			line(devcoop.BudgetSubcontracts, "Training delivered by employers' and workers' organizations", year, amounts[3]),
			line(devcoop.BudgetTraining, "Workshops, inspector certification and campaigns", year, amounts[4]),
		)
		if amounts[5] > 0 {
			budget = append(budget, line(devcoop.BudgetEquipment, "Inspection kits and personal protective equipment for training", year, amounts[5]))
		}
		budget = append(budget, line(devcoop.BudgetMonitoring, "Baseline and end-line site surveys, monitoring officer", year, amounts[6]))
		switch year {
		case 2:
			budget = append(budget, line(devcoop.BudgetEvaluation, "Independent mid-term evaluation", year, 30_000))
		case 3:
			budget = append(budget, line(devcoop.BudgetEvaluation, "Independent final evaluation", year, 75_000))
		}
		budget = append(budget, line(devcoop.BudgetPSC, "Programme support costs at 13% of direct costs", year, 130_000))
	}

	return &devcoop.Proposal{
		Title:               "Safer construction sites: occupational safety and health for construction workers in Kenya and the United Republic of Tanzania",
		OfficeID:            12,
		ResponsibleOfficial: devcoop.Official{Name: "Amina Mwakasege", Email: "mwakasege@example.org"},
		PartnerID:           7,
		Amount:              usd(3_390_000),
		Currency:            "USD",
		DurationMonths:      36,
		PlannedStart:        devcoop.NewDate(2015, 1, 1),
		Period:              "2014-15",
		Countries:           []string{"KE", "TZ"},
		CPOs:                []string{"KEN 126", "KEN 130", "TZA 103"},
		Outcomes:            []string{"6", "13"},
		Needs: devcoop.Needs{
			Statement: "Construction employs one in ten wage workers in Kenya and Tanzania and accounts for a third of reported fatal accidents. " +
				"Neither country has regulations implementing the Safety and Health in Construction Convention, 1988 (No. 167), labour inspectors " +
				"rarely visit sites, and small contractors have no OSH management systems. The tripartite constituents of both countries asked for " +
				"support on construction safety in their Decent Work Country Programmes.",
			DWCPReference: "Kenya DWCP 2013–2016, priority 2, CPOs KEN 126 and KEN 130; United Republic of Tanzania DWCP 2013–2016, priority 3, CPO TZA 103",
			PBReference:   "Programme and Budget 2014–15, outcome 6 (occupational safety and health), indicator 6.2; outcome 13 (decent work in economic sectors), indicator 13.1",
		},
		Logframe: devcoop.Logframe{
			Objective: "Fewer construction workers in Kenya and the United Republic of Tanzania are killed, injured or made ill at work, " +
				"thanks to national OSH systems that prevent accidents and are run together with employers' and workers' organizations.",
			Outcomes: []devcoop.ImmediateOutcome{
				{
					Code:      "1",
					Statement: "National OSH frameworks for the construction sector are strengthened and applied in both countries.",
					Indicators: []devcoop.Indicator{{
						Description:         "Number of countries that adopt a construction OSH regulation in line with Convention No. 167",
						Baseline:            "0 (2014)",
						Target:              "2 by the end of project year 3",
						MeansOfVerification: "Official gazettes; project progress reports",
					}},
					Assumptions: []devcoop.Assumption{{ID: "A1", Description: "Governments keep OSH law reform on the legislative agenda through the 2015 elections in Tanzania."}},
					Outputs: []devcoop.Output{
						{
							Code:      "1.1",
							Statement: "Draft construction OSH regulations are prepared through tripartite consultation in each country.",
							Indicators: []devcoop.Indicator{{
								Description:         "Number of draft regulations validated by the tripartite national OSH councils",
								Baseline:            "0",
								Target:              "2",
								MeansOfVerification: "Minutes of the national OSH councils",
							}},
							Assumptions: []devcoop.Assumption{{ID: "A2", Description: "Employers' and workers' organizations nominate representatives to the drafting committees."}},
							Activities: []devcoop.Activity{
								{Code: "1.1.1", Description: "Gap analysis of national law against Convention No. 167", StartMonth: 1, EndMonth: 4},
								{Code: "1.1.2", Description: "Tripartite drafting workshops, three in each country", StartMonth: 5, EndMonth: 14},
							},
						},
						{
							Code:      "1.2",
							Statement: "Labour inspectorates are trained and equipped to inspect construction sites.",
							Indicators: []devcoop.Indicator{{
								Description:         "Number of labour inspectors certified in construction-site inspection",
								Baseline:            "12 (2014, both countries)",
								Target:              "120, of whom at least 30% women",
								MeansOfVerification: "Training records; certification lists of the labour departments",
							}},
							Activities: []devcoop.Activity{
								{Code: "1.2.1", Description: "Train-the-trainer course for senior inspectors", StartMonth: 3, EndMonth: 6},
								{Code: "1.2.2", Description: "Joint inspection campaigns on large construction sites", StartMonth: 7, EndMonth: 33},
							},
						},
					},
				},
				{
					Code:      "2",
					Statement: "Construction employers and workers apply OSH management systems on their sites.",
					Indicators: []devcoop.Indicator{{
						Description:         "Reported accident rate on participating sites, per 100,000 workers",
						Baseline:            "1,150 (2013 sample survey)",
						Target:              "30% lower by the end of the project",
						MeansOfVerification: "Site accident registers; end-line survey",
					}},
					Assumptions: []devcoop.Assumption{{ID: "A3", Description: "Construction activity stays at 2014 levels, so participating firms stay in business."}},
					Outputs: []devcoop.Output{
						{
							Code:      "2.1",
							Statement: "Small and medium construction firms are trained in OSH management systems.",
							Indicators: []devcoop.Indicator{{
								Description:         "Number of participating firms with a functioning OSH committee",
								Baseline:            "5",
								Target:              "150",
								MeansOfVerification: "Site audit reports",
							}},
							Assumptions: []devcoop.Assumption{{ID: "A4", Description: "Firms release site supervisors for training during the building season."}},
							Activities: []devcoop.Activity{
								{Code: "2.1.1", Description: "Adapt the OSH management training package to small contractors", StartMonth: 2, EndMonth: 5},
								{Code: "2.1.2", Description: "Deliver the training through the employers' organizations", StartMonth: 6, EndMonth: 30},
							},
						},
						{
							Code:      "2.2",
							Statement: "Construction workers' unions train and organise safety representatives on sites.",
							Indicators: []devcoop.Indicator{{
								Description:         "Number of trained workers' safety representatives active on sites",
								Baseline:            "40",
								Target:              "600, of whom at least 25% women",
								MeansOfVerification: "Union records; site audit reports",
							}},
							Activities: []devcoop.Activity{
								{Code: "2.2.1", Description: "Safety representative courses run by the construction unions", StartMonth: 6, EndMonth: 30},
								{Code: "2.2.2", Description: "Campaign on workers' right to stop unsafe work", StartMonth: 10, EndMonth: 24},
							},
						},
					},
				},
			},
		},
		Budget: budget,
		Risks: []devcoop.Risk{
			{ID: "R1", Description: "The political transition delays the adoption of the regulations.", Likelihood: devcoop.LevelMedium, Impact: devcoop.LevelHigh,
				Mitigation:  "Work through the tripartite national OSH councils, which outlast governments, and have texts ready for the new parliament.",
				Assumptions: []string{"A1"}},
			{ID: "R2", Description: "The social partners withdraw from the drafting committees.", Likelihood: devcoop.LevelLow, Impact: devcoop.LevelMedium,
				Mitigation:  "Fund the social partners' participation and agree the drafting calendar with them at the inception workshop.",
				Assumptions: []string{"A2"}},
			{ID: "R3", Description: "A construction downturn puts participating firms out of business.", Likelihood: devcoop.LevelMedium, Impact: devcoop.LevelMedium,
				Mitigation:  "Choose firms in both public and private works, track attrition, and bring in replacement firms in year 2.",
				Assumptions: []string{"A3"}},
			{ID: "R4", Description: "Firms cannot spare supervisors for training in the building season.", Likelihood: devcoop.LevelMedium, Impact: devcoop.LevelMedium,
				Mitigation:  "Hold training in the rainy season and on site, in short modules.",
				Assumptions: []string{"A4"}},
			{ID: "R5", Description: "Trained inspectors are transferred to other sectors.", Likelihood: devcoop.LevelMedium, Impact: devcoop.LevelLow,
				Mitigation:  "Agree with the labour departments to keep certified inspectors in construction for two years, and train trainers in each inspectorate.",
				Assumptions: []string{}},
		},
		CrossCutting: devcoop.CrossCutting{
			GenderEquality: "Women are a growing share of construction labour and face specific hazards and harassment on sites. " +
				"Indicators are disaggregated by sex, targets set a minimum share of women inspectors and safety representatives, and the regulations will cover sanitation and maternity protection.",
			InternationalLabourStandards: "The project supports the application of the Safety and Health in Construction Convention, 1988 (No. 167), the Occupational Safety and Health Convention, 1981 (No. 155), " +
				"and the Labour Inspection Convention, 1947 (No. 81), and answers comments of the supervisory bodies on both countries.",
			SocialDialogue: "Every output is delivered with employers' and workers' organizations: the national tripartite OSH councils validate the regulations, " +
				"employers' organizations deliver firm training, and construction unions train safety representatives.",
			Environment: "Safer sites also mean less dust, noise and chemical pollution for neighbouring communities; the training covers the handling and disposal of hazardous materials " +
				"such as asbestos and solvents.",
			DisabilityInclusion: "The project trains inspectors to check that sites and facilities are accessible, involves organizations of persons with disabilities in the awareness campaign, " +
				"and includes return-to-work support for injured workers in the OSH management training.",
		},
		Sustainability: "The regulations, once adopted, bind beyond the project; inspector certification becomes part of the labour departments' own training curricula from year 2; " +
			"employers' organizations and unions take over the training courses, which they co-finance from year 3. The exit strategy is agreed with the national OSH councils at mid-term.",
		ImplementingPartners: []devcoop.ImplementingPartner{
			{Name: "Ministry of Labour, Social Security and Services", Kind: "government", Country: "KE", Role: "Regulations and labour inspection in Kenya"},
			{Name: "Occupational Safety and Health Authority", Kind: "government", Country: "TZ", Role: "Regulations and labour inspection in Tanzania"},
			{Name: "Federation of Kenya Employers", Kind: "employers_organization", Country: "KE", Role: "Training of construction firms"},
			{Name: "Association of Tanzania Employers", Kind: "employers_organization", Country: "TZ", Role: "Training of construction firms"},
			{Name: "Kenya Building, Construction, Timber and Furniture Industries Employees Union", Kind: "workers_organization", Country: "KE", Role: "Safety representatives"},
			{Name: "Tanzania Mines, Energy, Construction and Allied Workers Union", Kind: "workers_organization", Country: "TZ", Role: "Safety representatives"},
		},
		Documents: []devcoop.Document{
			{Name: "Concept note", Kind: "concept_note", URL: "https://docs.example.org/proposals/safer-construction/concept-note.pdf", SizeBytes: 482_113},
			{Name: "Letter of support, Kenya Ministry of Labour", Kind: "letter_of_support", SizeBytes: 96_204},
			{Name: "Construction OSH needs assessment, 2014", Kind: "needs_assessment", URL: "https://docs.example.org/proposals/safer-construction/needs-assessment.pdf"},
		},
		Status:  devcoop.ProposalDraft,
		Version: 1,
	}
}

// ExampleFacts returns the facts ExampleProposal screens clean under: the
// CPOs of Kenya and Tanzania (and one of Uganda), the 19 global outcomes of
// 2014–15, and a partner to which no report is overdue.
func ExampleFacts() Facts {
	outcomes := make([]string, 19)
	for i := range outcomes {
		outcomes[i] = strconv.Itoa(i + 1)
	}
	overdue := 0
	return Facts{
		CPOs: []CPOFact{
			{Code: "KEN 126", Outcome: "6", Country: "KE"},
			{Code: "KEN 130", Outcome: "13", Country: "KE"},
			{Code: "TZA 103", Outcome: "6", Country: "TZ"},
			{Code: "TZA 105", Outcome: "2", Country: "TZ"},
			{Code: "UGA 101", Outcome: "2", Country: "UG"},
		},
		Outcomes:              outcomes,
		PartnerOverdueReports: &overdue,
	}
}
