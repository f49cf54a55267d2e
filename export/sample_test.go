package export

import (
	"fmt"
	"time"

	"devcoop/money"
)

// sampleReport is a country brief like the pages produce, with a table
// long enough to run over pages.
func sampleReport(rows int) *Report {
	partners := []string{"Côte d'Ivoire Ministry of Water", "Türkiye Red Crescent", "São Tomé and Príncipe Health Directorate", "Ελληνική Βοήθεια", "Фонд развития", "UNICEF"}
	sectors := []string{"WASH", "Health", "Education", "Food security", "Governance"}
	t := &Table{
		Title:    "Workplan components",
		Subtitle: "Budget and disbursement by component, USD",
		Columns: []Column{
			{Title: "Code"},
			{Title: "Component"},
			{Title: "Partner"},
			{Title: "Sector"},
			{Title: "Start", Kind: Date},
			{Title: "Budget (USD)", Kind: Money},
			{Title: "Disbursed", Kind: Percent},
		},
		Notes: []string{"Converted at UN operational rates; rate per line in the Rates sheet.", "Components marked “pipeline” are not yet approved."},
	}
	total := money.Zero
	for i := 0; i < rows; i++ {
		b := money.New(int64(1234567+i*7919), 2).Mul(money.FromInt(int64(1 + i%9)))
		total = total.Add(b)
		p := money.New(int64((i*37)%1000), 1)
		name := fmt.Sprintf("Component %d", i+1)
		if i%7 == 3 {
			name += " – rehabilitation of rural water points and sanitation facilities in northern districts, including community training"
		}
		t.Rows = append(t.Rows, []Cell{
			TextCell(fmt.Sprintf("WP-%04d", i+1)),
			{Text: name, Link: "https://devcoop.example/components/" + fmt.Sprint(i+1)},
			TextCell(partners[i%len(partners)]),
			TextCell(sectors[i%len(sectors)]),
			TextCell(time.Date(2026, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)),
			DecimalCell(b),
			DecimalCell(p),
		})
	}
	t.Totals = []Cell{TextCell("Total"), {}, {}, {}, {}, DecimalCell(total), {}}
	return &Report{
		Title:    "Country brief: Côte d'Ivoire",
		Subtitle: "Development cooperation portfolio, 2026 workplan",
		Meta: [][2]string{
			{"Country", "Côte d'Ivoire"},
			{"Regional office", "Dakar"},
			{"Portfolio", "14 projects, 6 partners"},
			{"Prepared by", "Programme Support Unit"},
		},
		Date:   time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC),
		Footer: "Internal – not for distribution",
		Sections: []Section{
			{
				Heading: "Summary",
				Paragraphs: []string{
					"The 2026 workplan concentrates on water, sanitation and hygiene in the northern districts, where the gap between required and available funding is largest. Partners in Türkiye and São Tomé contribute technical assistance; the net change against 2025 is −4.2 % in real terms.",
					"Funding decisions for the pipeline components are expected in the second quarter.",
				},
			},
			{
				Heading:   "Key figures",
				KeyValues: [][2]string{{"Total budget", "USD " + display(Money, total)}, {"Funded", "62.5%"}, {"Largest partner", "Côte d'Ivoire Ministry of Water"}, {"A long value", "This value is long enough that it has to wrap onto a second line in the key–value block, which should indent under the value column."}},
			},
			{
				Heading: "Risks",
				Bullets: []string{"Exchange-rate movements of the West African CFA franc against the dollar.", "Delays in procurement of drilling equipment could push two components into 2027, which would leave the first-quarter disbursement targets unmet.", "Security in border districts."},
			},
			{Heading: "Components", Table: t},
		},
	}
}
