//! Generated news articles: deterministic, any length, French or English.
//!
//! A [`Generator`] is a seeded pseudo-random source (splitmix64, no dependency) that fills
//! sentence templates with officials, countries, cities, days and quotations. Articles have the
//! shape of wire copy: a headline, a dateline, paragraphs mixing direct, partial and indirect
//! speech and diplomatic actions, and now and then a line of site furniture ("Lire aussi").

use vigie_doc::Lang;

/// A seeded generator of articles. The same seed gives the same articles.
#[derive(Clone, Debug)]
pub struct Generator {
    state: u64,
}

struct Person {
    name: &'static str,
    feminine: bool,
}

const FR_PEOPLE: &[Person] = &[
    Person {
        name: "Anne Lefèvre",
        feminine: true,
    },
    Person {
        name: "Marc Dubreuil",
        feminine: false,
    },
    Person {
        name: "Sofia Marquez",
        feminine: true,
    },
    Person {
        name: "Ivan Sokolov",
        feminine: false,
    },
    Person {
        name: "Claire Vasseur",
        feminine: true,
    },
    Person {
        name: "Olek Marchenko",
        feminine: false,
    },
    Person {
        name: "Hélène Brandt",
        feminine: true,
    },
    Person {
        name: "Tomasz Nowicki",
        feminine: false,
    },
];

/// (masculine role, feminine role)
const FR_ROLES: &[(&str, &str)] = &[
    (
        "le ministre des Affaires étrangères",
        "la ministre des Affaires étrangères",
    ),
    (
        "le porte-parole du gouvernement",
        "la porte-parole du gouvernement",
    ),
    ("le président", "la présidente"),
    ("le Premier ministre", "la Première ministre"),
    ("le ministre de la Défense", "la ministre de la Défense"),
    ("l'ambassadeur", "l'ambassadrice"),
    ("le secrétaire d'État", "la secrétaire d'État"),
];

/// (country with article, adjective masculine, adjective feminine, capital)
const FR_COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("la France", "français", "française", "Paris"),
    ("la Russie", "russe", "russe", "Moscou"),
    ("les États-Unis", "américain", "américaine", "Washington"),
    ("l'Ukraine", "ukrainien", "ukrainienne", "Kiev"),
    ("l'Allemagne", "allemand", "allemande", "Berlin"),
    ("la Chine", "chinois", "chinoise", "Pékin"),
    ("le Brésil", "brésilien", "brésilienne", "Brasilia"),
    ("la Pologne", "polonais", "polonaise", "Varsovie"),
    ("le Japon", "japonais", "japonaise", "Tokyo"),
    ("l'Espagne", "espagnol", "espagnole", "Madrid"),
];

const FR_ORGS: &[&str] = &[
    "l'ONU",
    "l'Otan",
    "l'Union européenne",
    "le Conseil de sécurité",
    "la Commission européenne",
    "l'OSCE",
];

const FR_AGENCIES: &[&str] = &["AFP", "Reuters", "TASS", "AP", "Belga", "ANSA"];

const FR_DAYS: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

const FR_MONTHS: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const FR_QUOTES: &[&str] = &[
    "Nous ne céderons à aucune pression, d'où qu'elle vienne",
    "Il n'existe à ce jour aucune négociation formelle",
    "La situation sur le terrain reste extrêmement préoccupante",
    "Nous voulons la paix, mais pas à n'importe quel prix",
    "Le dialogue doit reprendre sans conditions préalables",
    "Ces sanctions sont injustes et elles se retourneront contre leurs auteurs",
    "Notre porte reste ouverte à toute proposition sérieuse",
    "Personne ne peut accepter que des civils soient pris pour cible",
    "Nous avons eu un échange franc et direct sur tous les sujets",
    "Il est trop tôt pour parler d'un accord",
];

const FR_FRAGMENTS: &[&str] = &[
    "une provocation inacceptable",
    "des contacts ponctuels",
    "un pas décisif",
    "une ligne rouge",
    "une escalade dangereuse",
    "un geste de bonne volonté",
];

const FR_CUES: &[&str] = &[
    "a déclaré",
    "a affirmé",
    "a souligné",
    "a indiqué",
    "a assuré",
    "a martelé",
    "a estimé",
];

const FR_HEADLINES: &[&str] = &[
    "Les pourparlers reprennent malgré les tensions",
    "Nouvelle série de sanctions contre plusieurs entreprises",
    "Le sommet de la semaine prochaine compromis",
    "Appel au cessez-le-feu dans la région",
    "Rencontre au sommet entre les deux dirigeants",
    "Accord commercial signé après des mois de discussions",
];

const EN_PEOPLE: &[Person] = &[
    Person {
        name: "Laura Bennett",
        feminine: true,
    },
    Person {
        name: "David Harlow",
        feminine: false,
    },
    Person {
        name: "Mei Tanaka",
        feminine: true,
    },
    Person {
        name: "Piotr Zielinski",
        feminine: false,
    },
];

const EN_ROLES: &[&str] = &[
    "Foreign Minister",
    "government spokesperson",
    "Defence Secretary",
    "Prime Minister",
    "ambassador",
];

const EN_COUNTRIES: &[(&str, &str, &str)] = &[
    ("Russia", "Russian", "Moscow"),
    ("the United States", "American", "Washington"),
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("France", "French", "Paris"),
    ("China", "Chinese", "Beijing"),
    ("Britain", "British", "London"),
];

const EN_DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const EN_MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const EN_QUOTES: &[&str] = &[
    "We will not bow to pressure from anyone",
    "There are no formal negotiations at this stage",
    "The situation on the ground remains deeply worrying",
    "Our door remains open to any serious proposal",
    "It is far too early to talk about a deal",
    "We had a frank and direct exchange on every issue",
];

const EN_CUES: &[&str] = &["said", "told reporters", "insisted", "added", "warned"];

impl Generator {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Generator {
        Generator {
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn next(&mut self) -> u64 {
        // splitmix64
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One article of at least `min_bytes` bytes (it stops at the first paragraph past it).
    pub fn article(&mut self, lang: Lang, min_bytes: usize) -> String {
        let mut out = String::with_capacity(min_bytes + 600);
        match lang {
            Lang::Fr => self.fr_article(&mut out, min_bytes),
            Lang::En => self.en_article(&mut out, min_bytes),
        }
        out
    }

    /// The `n`-th article of a numbered series: seeded by `n`, so any document of a
    /// million-document run can be made on demand without keeping the others, and unique (its
    /// reference number ends the text).
    pub fn numbered(n: u64, lang: Lang, min_bytes: usize) -> String {
        let mut g = Generator::new(n.wrapping_mul(0xA24B_AED4_963E_E407) ^ 0x5851_F42D);
        let mut text = g.article(lang, min_bytes);
        text.push_str(&format!("\n\nRéf. {n:08}\n"));
        text
    }

    fn fr_article(&mut self, out: &mut String, min_bytes: usize) {
        let headline = *self.pick(FR_HEADLINES);
        let (_, _, _, capital) = *self.pick(FR_COUNTRIES);
        let day = 1 + self.below(28);
        let month = *self.pick(FR_MONTHS);
        let agency = *self.pick(FR_AGENCIES);
        out.push_str(headline);
        out.push_str("\n\n");
        out.push_str(&format!("{capital}, {day} {month} ({agency}) –"));
        out.push_str("\n\n");
        let mut first = true;
        while out.len() < min_bytes || first {
            first = false;
            let sentences = 2 + self.below(3);
            for i in 0..sentences {
                if i > 0 {
                    out.push(' ');
                }
                self.fr_sentence(out);
            }
            out.push_str("\n\n");
            if self.below(12) == 0 {
                out.push_str("Lire aussi : ");
                let related = *self.pick(FR_HEADLINES);
                out.push_str(related);
                out.push_str("\n\n");
            }
        }
        while out.ends_with('\n') {
            out.pop();
        }
        out.push('\n');
    }

    fn fr_sentence(&mut self, out: &mut String) {
        let p = self.pick(FR_PEOPLE);
        let (role_m, role_f) = *self.pick(FR_ROLES);
        let role = if p.feminine { role_f } else { role_m };
        let (country, adj_m, adj_f, capital) = *self.pick(FR_COUNTRIES);
        let adj = if p.feminine { adj_f } else { adj_m };
        let (other, other_adj, _, other_capital) = *self.pick(FR_COUNTRIES);
        let day = *self.pick(FR_DAYS);
        let quote = *self.pick(FR_QUOTES);
        let cue = *self.pick(FR_CUES);
        let org = *self.pick(FR_ORGS);
        let frag = *self.pick(FR_FRAGMENTS);
        let date = format!("{} {}", 1 + self.below(28), self.pick(FR_MONTHS));
        let pron = if p.feminine { "elle" } else { "il" };
        let met = if p.feminine {
            "entretenue"
        } else {
            "entretenu"
        };
        let name = p.name;
        let s = match self.below(10) {
            0 => format!("« {quote} », {cue} {day} {role} {adj}, {name}."),
            1 => format!("« {quote} », a-t-{pron} ajouté, cité par l'agence {}.", self.pick(FR_AGENCIES)),
            2 => format!("{name}, {role}, a affirmé {day} que le gouvernement de {capital} ne reconnaîtrait pas les résultats du scrutin."),
            3 => format!("Selon {org}, {country} a rappelé son ambassadeur à {other_capital} le {date}."),
            4 => format!("{country} a condamné {day} ce que ses dirigeants considèrent comme « {frag} » et appelé {other} à la retenue."),
            5 => format!("{role} {adj}, {name}, s'est {met} {day} avec son homologue {other_adj} lors d'un appel téléphonique."),
            6 => format!("Les deux délégations doivent se retrouver à {capital} le {date}, a indiqué un porte-parole de {org}."),
            7 => format!("{name} a démenti toute négociation secrète avec {other}, évoquant « {frag} »."),
            8 => format!("D'après {role} {adj}, les discussions avec {other} pourraient reprendre dès {day} prochain."),
            _ => format!("{country} a annoncé {day} de nouvelles sanctions contre {other}, « {frag} » selon {name}."),
        };
        push_capitalized(out, &s);
    }

    fn en_article(&mut self, out: &mut String, min_bytes: usize) {
        let (_, _, capital) = *self.pick(EN_COUNTRIES);
        let month = *self.pick(EN_MONTHS);
        let day = 1 + self.below(28);
        out.push_str("Talks resume despite rising tensions\n\n");
        out.push_str(&format!("{} ({}) -", capital.to_uppercase(), "Reuters"));
        out.push_str(&format!(" {month} {day}\n\n"));
        let mut first = true;
        while out.len() < min_bytes || first {
            first = false;
            for i in 0..2 + self.below(3) {
                if i > 0 {
                    out.push(' ');
                }
                self.en_sentence(out);
            }
            out.push_str("\n\n");
        }
        while out.ends_with('\n') {
            out.pop();
        }
        out.push('\n');
    }

    fn en_sentence(&mut self, out: &mut String) {
        let p = self.pick(EN_PEOPLE);
        let role = *self.pick(EN_ROLES);
        let (country, adj, _) = *self.pick(EN_COUNTRIES);
        let (other, _, capital) = *self.pick(EN_COUNTRIES);
        let day = *self.pick(EN_DAYS);
        let quote = *self.pick(EN_QUOTES);
        let cue = *self.pick(EN_CUES);
        let name = p.name;
        let pron = if p.feminine { "she" } else { "he" };
        let s = match self.below(6) {
            0 => format!("\"{quote},\" {adj} {role} {name} {cue} on {day}."),
            1 => format!("\"{quote},\" {pron} {cue}."),
            2 => format!("{name} said on {day} that {country} would not recognise the vote."),
            3 => format!(
                "{country} recalled its ambassador from {capital} on {day}, officials said."
            ),
            4 => format!(
                "{adj} officials met their counterparts from {other} in {capital} on {day}."
            ),
            _ => format!(
                "{country} announced new sanctions against {other} on {day}, according to {name}."
            ),
        };
        push_capitalized(out, &s);
    }
}

/// Appends `s` with its first letter upper-cased (sentences may start with "la France").
fn push_capitalized(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_reach_their_size_and_are_deterministic() {
        for lang in [Lang::Fr, Lang::En] {
            for size in [1_000, 2_400, 100_000] {
                let a = Generator::new(3).article(lang, size);
                assert!(a.len() >= size, "{lang} {size}: {}", a.len());
                assert!(a.len() < size + 1_500, "{lang} {size}: {}", a.len());
                assert_eq!(a, Generator::new(3).article(lang, size));
            }
        }
    }

    #[test]
    fn numbered_articles_differ() {
        let a = Generator::numbered(1, Lang::Fr, 2_400);
        let b = Generator::numbered(2, Lang::Fr, 2_400);
        assert_ne!(a, b);
        assert!(a.contains("« ") || a.contains("a affirmé") || a.contains("Selon"));
    }
}
