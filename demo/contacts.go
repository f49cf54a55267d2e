package demo

import (
	"fmt"
	"slices"
	"strings"

	"devcoop"
)

// Invented names, by the language of the partner's country: first names,
// then family names.
var namePools = map[string][2][]string{
	"nordic":     {{"Ingrid", "Lars", "Sigrid", "Erik", "Astrid", "Mikkel", "Johanna", "Henrik"}, {"Haugen", "Lindqvist", "Sørensen", "Virtanen", "Berg", "Nyström", "Dahl", "Korhonen"}},
	"dutch":      {{"Pieter", "Anouk", "Joost", "Marieke", "Bram", "Femke"}, {"de Vries", "Janssens", "van Dijk", "Peeters", "Bakker", "Claes"}},
	"german":     {{"Katrin", "Stefan", "Anja", "Matthias", "Ulrike", "Florian"}, {"Schneider", "Huber", "Keller", "Wagner", "Brunner", "Hofmann"}},
	"french":     {{"Claire", "Mathieu", "Aïssata", "Julien", "Nathalie", "Koffi"}, {"Lefèvre", "Moreau", "Konaté", "Girard", "Traoré", "Dupont"}},
	"english":    {{"Sarah", "James", "Emily", "Daniel", "Rachel", "Michael", "Fiona", "Patrick"}, {"Thompson", "Walsh", "Mitchell", "O'Brien", "Campbell", "Harris", "Reid", "Bennett"}},
	"italian":    {{"Giulia", "Marco", "Francesca", "Luca"}, {"Rossi", "Bianchi", "Romano", "Ferraro"}},
	"spanish":    {{"Carmen", "Javier", "Lucía", "Andrés", "María José", "Diego"}, {"García", "Fernández", "Quispe", "Morales", "Rodríguez", "Vargas"}},
	"portuguese": {{"Ana", "João", "Beatriz", "Rafael"}, {"Silva", "Costa", "Oliveira", "Pereira"}},
	"japanese":   {{"Yuki", "Takeshi", "Haruka", "Kenji"}, {"Sato", "Suzuki", "Takahashi", "Watanabe"}},
	"korean":     {{"Ji-won", "Min-ho", "Seo-yeon", "Dong-hyun"}, {"Kim", "Park", "Lee", "Choi"}},
	"chinese":    {{"Li", "Wei", "Mei", "Jun"}, {"Wang", "Zhang", "Liu", "Chen"}},
	"indian":     {{"Priya", "Arjun", "Kavita", "Rohan"}, {"Sharma", "Iyer", "Patel", "Banerjee"}},
	"russian":    {{"Olga", "Dmitry", "Natalia", "Sergey"}, {"Ivanova", "Smirnov", "Volkova", "Kuznetsov"}},
	"arabic":     {{"Fatima", "Khalid", "Noura", "Omar"}, {"Al-Sabah", "Al-Harbi", "Al-Thani", "Haddad"}},
	"turkish":    {{"Elif", "Mehmet", "Zeynep", "Emre"}, {"Yılmaz", "Demir", "Kaya", "Şahin"}},
	"african":    {{"Chanda", "Mwila", "Kwame", "Ngozi"}, {"Banda", "Phiri", "Mensah", "Okonkwo"}},
	"filipino":   {{"Maricel", "Jose", "Angelica", "Ramon"}, {"Santos", "Reyes", "Dela Cruz", "Bautista"}},
}

var languageOf = map[string]string{
	"NO": "nordic", "SE": "nordic", "DK": "nordic", "FI": "nordic",
	"NL": "dutch", "BE": "dutch", "DE": "german", "AT": "german", "CH": "german", "LU": "french", "FR": "french", "CI": "french",
	"IT": "italian", "ES": "spanish", "AR": "spanish", "PE": "spanish", "EC": "spanish", "PA": "spanish", "PT": "portuguese", "BR": "portuguese",
	"JP": "japanese", "KR": "korean", "CN": "chinese", "IN": "indian", "RU": "russian", "KW": "arabic", "SA": "arabic", "QA": "arabic",
	"TR": "turkish", "ZM": "african", "PH": "filipino",
}

// contacts gives every partner one to three people to talk to, with
// invented names and addresses under the reserved .example domain, and
// some partners a note.
func (g *generator) contacts() {
	r := newRNG(g.seed, "contacts")
	for _, pa := range g.p.partners {
		pool, ok := namePools[languageOf[pa.Country]]
		if !ok {
			pool = namePools["english"]
		}
		domain := emailDomain(pa)
		n := 1 + r.weighted([]int{30, 45, 25})
		roles := contactRoles(pa, g)
		used := map[string]bool{}
		for len(pa.Contacts) < n {
			first, last := pick(r, pool[0]), pick(r, pool[1])
			if used[first] || used[last] {
				continue
			}
			used[first], used[last] = true, true
			pa.Contacts = append(pa.Contacts, devcoop.Contact{
				Name:  first + " " + last,
				Role:  roles[len(pa.Contacts)%len(roles)],
				Email: slug(first, ".") + "." + slug(last, "") + "@" + domain,
			})
		}
		pa.Notes = g.partnerNote(r, pa)
	}
}

// emailDomain invents a partner's mail domain under .example, a top-level
// domain reserved for documentation (RFC 2606): no address can be real.
func emailDomain(pa *partner) string {
	name := pa.Acronym
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	switch pa.Kind {
	case devcoop.PartnerTraditionalGov, devcoop.PartnerEmergingGov:
		if name == "" {
			name = "mofa"
		}
		return slug(name, "") + "." + strings.ToLower(pa.Country) + ".example"
	case devcoop.PartnerDomestic:
		return "labour.gov." + strings.ToLower(pa.Country) + ".example"
	}
	if name == "" {
		name = strings.Fields(pa.Name)[0]
	}
	return slug(name, "") + ".example"
}

// contactRoles are the jobs of a partner's contacts, the desk officer
// first.
func contactRoles(pa *partner, g *generator) []string {
	theme := "decent work"
	if len(pa.focus) > 0 {
		theme = strings.ToLower(g.current(pa.focus[0]).Title)
		if strings.HasPrefix(theme, "hiv") {
			theme = "HIV/AIDS and the world of work"
		}
	}
	switch pa.Kind {
	case devcoop.PartnerTraditionalGov, devcoop.PartnerEmergingGov:
		return []string{"Desk officer, " + theme, "Counsellor, Permanent Mission in Geneva", "Senior adviser, multilateral cooperation"}
	case devcoop.PartnerMultilateral:
		return []string{"Programme specialist, " + theme, "Partnerships officer", "Finance and reporting officer"}
	case devcoop.PartnerIFI:
		return []string{"Senior operations officer", "Social development specialist", "Trust fund administrator"}
	case devcoop.PartnerPrivate:
		return []string{"Head of corporate social responsibility", "Sustainability manager", "Legal counsel"}
	case devcoop.PartnerFoundation:
		return []string{"Programme officer, " + theme, "Grants manager", "Monitoring and evaluation officer"}
	case devcoop.PartnerDomestic:
		return []string{"Director of international cooperation, Ministry of Labour", "Budget officer, Ministry of Finance"}
	}
	return []string{"Programme manager", "Coordinator, South-South and triangular cooperation"}
}

// partnerNote writes what the resource mobilization team keeps in mind
// about a partner, for about half of them.
func (g *generator) partnerNote(r *rng, pa *partner) string {
	var notes []string
	if !pa.discloseName {
		notes = append(notes, "Does not allow its name to be published: public reports say \"a private-sector partner\".")
	}
	if pa.Since >= 2014 {
		notes = append(notes, fmt.Sprintf("New partner since %d; invite to the annual partners' meeting.", pa.Since))
	}
	if slices.Contains(publishingPartners, pa.Code) {
		notes = append(notes, "Publishes to IATI and expects the projects it funds to be published too.")
	}
	if r.chance(35) {
		switch pa.Kind {
		case devcoop.PartnerTraditionalGov:
			notes = append(notes, pick(r, []string{
				"Annual consultations in Geneva in March; the framework agreement runs to 2017.",
				"Budget decisions in the autumn: proposals for next year by 30 September.",
				"Prefers multi-annual, lightly earmarked funding; asks for results reporting by outcome.",
				"Its development budget was cut in 2015; expect smaller contributions.",
			}))
		case devcoop.PartnerEmergingGov, devcoop.PartnerSouthSouth:
			notes = append(notes, "Interested in South-South exchanges; visits by its ministry of labour help.")
		case devcoop.PartnerMultilateral, devcoop.PartnerIFI:
			notes = append(notes, "Funds through UN-to-UN agreements; follows its own reporting templates.")
		case devcoop.PartnerPrivate, devcoop.PartnerFoundation:
			notes = append(notes, "Public-private partnership cleared by the due diligence review; renew it every three years.")
		case devcoop.PartnerDomestic:
			notes = append(notes, "Pays for work in its own country from the national budget; funds arrive after parliament votes.")
		}
	}
	return strings.Join(notes, " ")
}

// slug lowers a name to ASCII letters for an email address, joining its
// words with sep.
func slug(s, sep string) string {
	fold := strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "æ", "ae", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
		"í", "i", "ì", "i", "î", "i", "ï", "i", "ı", "i", "ñ", "n", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "ş", "s", "ß", "ss",
		"ú", "u", "ù", "u", "û", "u", "ü", "u", "'", "", "&", "")
	words := strings.FieldsFunc(fold.Replace(strings.ToLower(s)), func(r rune) bool { return r == ' ' || r == '-' || r == '.' })
	return strings.Join(words, sep)
}
