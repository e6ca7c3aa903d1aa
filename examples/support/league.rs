//! A generated, league-realistic linking set: a coach roster (Hispanic, Anglo, Vietnamese
//! and European names, double surnames, particles, suffixes, family emails shared by two
//! coaches, two coaches with the same name) and certificate records that vary each coach's
//! name the way certificates do (nicknames both ways, accents dropped, mojibake, `Last,
//! First`, swapped order, middle initials, suffixes, titles, particles, one part of a double
//! surname, typos, upper case, Gmail dots and +tags, surname changes), plus people who are
//! not on the roster (strangers, relatives, a spouse using the family email) and records
//! that are genuinely ambiguous. Deterministic for a seed; generated at run time, never
//! stored.

#![allow(dead_code)]

use coachcheck::matching::{normalize, Nicknames, Record, RosterEntry};

/// What a record should link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth {
    /// This roster id.
    Coach(String),
    /// Nobody: the person is not on the roster.
    Nobody,
    /// Genuinely ambiguous between these roster ids (a coordinator must decide).
    Either(Vec<String>),
}

/// A generated set.
pub struct League {
    pub roster: Vec<RosterEntry>,
    pub records: Vec<Record>,
    pub truth: Vec<Truth>,
    /// The variation applied to each record (for per-kind figures).
    pub kinds: Vec<&'static str>,
}

/// SplitMix64: small, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Skewed pick: early items are more common (like real surnames), but no item
    /// dominates.
    pub fn zipf<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let n = items.len();
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let index = (n as f64 * u.powf(1.4)) as usize;
        &items[index.min(n - 1)]
    }
}

pub const HISPANIC_SURNAMES: &[&str] = &[
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Reyes",
    "Morales",
    "Cruz",
    "Ortiz",
    "Gutiérrez",
    "Chávez",
    "Ramos",
    "Ruiz",
    "Mendoza",
    "Álvarez",
    "Castillo",
    "Jiménez",
    "Moreno",
    "Romero",
    "Herrera",
    "Medina",
    "Aguilar",
    "Vargas",
    "Castro",
    "Guzmán",
    "Fernández",
    "Juárez",
    "Muñoz",
    "Núñez",
    "Peña",
    "Ibáñez",
    "Salazar",
    "Delgado",
    "Ochoa",
    "Villanueva",
    "Zúñiga",
    "Cervantes",
    "Quiñones",
    "Bermúdez",
    "Arellano",
    "Valenzuela",
    "Sepúlveda",
    "Echeverría",
    "Anaya",
    "Bustamante",
    "Carrasco",
    "Domínguez",
    "Espinoza",
    "Figueroa",
    "Galván",
    "Hidalgo",
    "Lozano",
    "Maldonado",
    "Navarro",
    "Olvera",
    "Pacheco",
    "Quintero",
    "Rosales",
    "Solís",
    "Trujillo",
    "Urrutia",
    "Velázquez",
    "Zamora",
];
pub const ANGLO_SURNAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "O'Brien",
    "O'Connor",
    "McDonald",
    "MacKenzie",
    "Fitzgerald",
    "Sullivan",
    "Gallagher",
    "Kowalski",
    "Przybylski",
    "Nowak",
    "Schröder",
    "Müller",
    "Weißmann",
    "Østergaard",
    "Dąbrowski",
    "Bjørnsen",
    "Whitaker",
    "Hollingsworth",
    "Abernathy",
    "Blackwood",
    "Cunningham",
    "Donovan",
    "Ellsworth",
    "Fairbanks",
    "Goodwin",
    "Hargrove",
    "Ingram",
    "Kensington",
    "Lockhart",
    "Merriweather",
    "Northcott",
    "Pemberton",
];
pub const PARTICLE_SURNAMES: &[&str] = &[
    "van der Berg",
    "De La Cruz",
    "del Rosario",
    "da Silva",
    "dos Santos",
    "van Dyke",
    "von Braun",
    "Di Stefano",
    "Le Blanc",
    "de Jong",
    "Van Houten",
    "De León",
];
pub const VIETNAMESE_SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
];
pub const HISPANIC_FIRST: &[&str] = &[
    "José",
    "Francisco",
    "Jesús",
    "Alberto",
    "Roberto",
    "Guadalupe",
    "Guillermo",
    "Ignacio",
    "Eduardo",
    "Enrique",
    "Antonio",
    "Concepción",
    "Rosario",
    "María",
    "Juan",
    "Luis",
    "Carlos",
    "Miguel",
    "Alejandro",
    "Fernando",
    "Ricardo",
    "Jorge",
    "Manuel",
    "Rafael",
    "Sergio",
    "Gabriela",
    "Verónica",
    "Leticia",
    "Mónica",
    "Patricia",
    "Yolanda",
    "Beatriz",
    "Marisol",
    "Adriana",
    "Ana",
    "Lucía",
    "Sofía",
    "Valentina",
    "Ximena",
    "Itzel",
    "Joaquín",
    "Andrés",
    "Raúl",
    "Héctor",
    "Óscar",
    "Iván",
    "Rubén",
    "Ramón",
    "Tomás",
    "Agustín",
];
pub const ANGLO_FIRST: &[&str] = &[
    "Robert",
    "William",
    "Margaret",
    "Elizabeth",
    "Katherine",
    "Thomas",
    "Maxwell",
    "Matthew",
    "Jennifer",
    "Richard",
    "James",
    "Michael",
    "Christopher",
    "Christine",
    "Alexander",
    "Samantha",
    "Daniel",
    "David",
    "Steven",
    "Anthony",
    "Joseph",
    "Susan",
    "Patricia",
    "Abigail",
    "Emily",
    "Hannah",
    "Ashley",
    "Jessica",
    "Sarah",
    "Megan",
    "Brian",
    "Kevin",
    "Jason",
    "Eric",
    "Ryan",
    "Tyler",
    "Heather",
    "Amy",
    "Rachel",
    "Laura",
    "Nicole",
    "Dustin",
    "Colleen",
    "Trevor",
    "Brooke",
    "Garrett",
    "Whitney",
    "Spencer",
    "Courtney",
    "Preston",
];
pub const VIETNAMESE_FIRST: &[&str] = &[
    "Minh", "Linh", "Thảo", "Tuấn", "Hương", "Anh", "Đức", "Hoa", "Lan", "Mai", "Quang", "Phương",
    "Trung", "Hiếu", "Ngọc",
];
pub const MIDDLE: &[&str] = &["James", "Ann", "Marie", "Lee", "Lynn", "Ray", "Jo", "Luis"];
pub const DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "comcast.net",
    "sbcglobal.net",
    "aol.com",
];

fn strip_accents(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'ß' => 's',
            'ø' | 'Ø' => 'o',
            'ł' => 'l',
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

/// UTF-8 bytes read as Windows-1252: what a mis-decoded export shows.
pub fn mojibake(text: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn letters(text: &str) -> String {
    normalize::fold(text).replace(' ', "")
}

/// An email made from a name, in one of the usual shapes.
pub fn email_for(rng: &mut Rng, first: &str, last: &str) -> String {
    let first = letters(first);
    let last = letters(last.split_whitespace().last().unwrap_or(last));
    let initial: String = first.chars().take(1).collect();
    let local = match rng.below(6) {
        0 => format!("{first}.{last}"),
        1 => format!("{initial}{last}"),
        2 => format!("{first}{last}{}", rng.below(99) + 1),
        3 => format!("{last}.{first}"),
        4 => format!("{first}_{last}"),
        _ => format!("{first}{}", 60 + rng.below(40)),
    };
    format!("{local}@{}", rng.pick(DOMAINS))
}

/// One typing mistake in a name of 5+ letters: swap, drop, double or replace a letter.
pub fn typo(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 5 {
        return name.to_owned();
    }
    let at = 1 + rng.below(chars.len() - 2);
    let mut out = chars.clone();
    match rng.below(4) {
        0 => out.swap(at, at + 1),
        1 => {
            out.remove(at);
        }
        2 => out.insert(at, chars[at]),
        _ => {
            let replacement = *rng.pick(&['a', 'e', 'i', 'o', 'n', 'r', 's', 't']);
            out[at] = if out[at] == replacement {
                'x'
            } else {
                replacement
            };
        }
    }
    out.into_iter().collect()
}

fn gmail_variant(rng: &mut Rng, email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    match rng.below(4) {
        0 if domain == "gmail.com" => {
            let plain: String = local.chars().filter(|c| *c != '.').collect();
            let cut = 1 + rng.below(plain.len().saturating_sub(1).max(1));
            let (a, b) = plain.split_at(cut.min(plain.len()));
            format!("{a}.{b}@googlemail.com")
        }
        1 => format!("{local}+soccer@{domain}"),
        2 => email.to_uppercase(),
        _ => email.to_owned(),
    }
}

/// A nickname of `first` from the built-in table's data, if it has one.
fn nickname_of(rng: &mut Rng, first: &str, table: &Nicknames) -> Option<String> {
    const KNOWN: &[(&str, &[&str])] = &[
        ("robert", &["Bob", "Rob", "Bobby", "Robbie"]),
        ("william", &["Bill", "Will", "Billy", "Liam"]),
        ("margaret", &["Peggy", "Maggie", "Meg"]),
        ("elizabeth", &["Liz", "Beth", "Betsy", "Lizzie", "Eliza"]),
        ("katherine", &["Kate", "Katie", "Kathy", "Kat"]),
        ("thomas", &["Tom", "Tommy"]),
        ("maxwell", &["Max"]),
        ("matthew", &["Matt"]),
        ("jennifer", &["Jen", "Jenny"]),
        ("richard", &["Rick", "Rich", "Dick"]),
        ("james", &["Jim", "Jimmy", "Jamie"]),
        ("michael", &["Mike", "Mikey"]),
        ("christopher", &["Chris"]),
        ("christine", &["Chris", "Tina"]),
        ("alexander", &["Alex"]),
        ("samantha", &["Sam"]),
        ("daniel", &["Dan", "Danny"]),
        ("david", &["Dave"]),
        ("steven", &["Steve"]),
        ("anthony", &["Tony"]),
        ("joseph", &["Joe", "Joey"]),
        ("susan", &["Sue", "Susie"]),
        ("patricia", &["Patty", "Trish", "Pat"]),
        ("abigail", &["Abby"]),
        ("jose", &["Pepe", "Chepe"]),
        ("francisco", &["Paco", "Pancho"]),
        ("jesus", &["Chuy"]),
        ("alberto", &["Beto"]),
        ("roberto", &["Beto"]),
        ("guadalupe", &["Lupe"]),
        ("guillermo", &["Memo"]),
        ("ignacio", &["Nacho"]),
        ("eduardo", &["Lalo"]),
        ("enrique", &["Quique"]),
        ("antonio", &["Toño"]),
        ("concepcion", &["Concha"]),
        ("rosario", &["Charo"]),
        ("manuel", &["Manolo"]),
        ("alejandro", &["Alex"]),
        ("fernando", &["Nando"]),
        ("rafael", &["Rafa"]),
    ];
    let key = letters(first);
    let (_, options) = KNOWN.iter().find(|(formal, _)| *formal == key)?;
    let nickname = rng.pick(options).to_string();
    table.related(&nickname, first).then_some(nickname)
}

/// A made-up but plausible surname from syllables: real rosters have a long tail of
/// surnames that appear once, which keeps blocks small.
pub fn long_tail_surname(rng: &mut Rng) -> String {
    const STARTS: &[&str] = &[
        "Bel", "Car", "Dun", "Fen", "Gal", "Har", "Kel", "Lind", "Mor", "Nor", "Pem", "Quin",
        "Ros", "Sal", "Tor", "Val", "Wes", "Yar", "Zan", "Ash", "Bran", "Cal", "Dal", "Ell",
        "Fair", "Gold", "Hol", "Ing", "Jar", "Kirk", "Lan", "Mar", "Ok", "Pal", "Red", "Sten",
    ];
    const MIDDLES: &[&str] = &[
        "", "a", "e", "i", "o", "an", "er", "in", "ow", "ul", "am", "ed",
    ];
    const ENDS: &[&str] = &[
        "ton", "wick", "ford", "ley", "son", "berg", "stein", "ez", "ar", "ini", "ova", "sky",
        "field", "wood", "man", "well", "ridge", "ham", "more", "dale", "ach", "ic", "ura",
    ];
    format!(
        "{}{}{}",
        rng.pick(STARTS),
        rng.pick(MIDDLES),
        rng.pick(ENDS)
    )
}

struct Coach {
    id: String,
    first: String,
    last: String,
    email: Option<String>,
    family: bool,
}

/// Generates a league of about `coaches` roster entries and their records.
pub fn generate(coaches: usize, seed: u64) -> League {
    let mut rng = Rng::new(seed);
    // The larger the roster, the more of its surnames come from the long tail.
    let tail_share = (coaches as f64 / 40_000.0).clamp(0.0, 0.6);
    let table = Nicknames::builtin();
    let mut people: Vec<Coach> = Vec::with_capacity(coaches);
    let mut used_emails = std::collections::HashSet::new();
    while people.len() < coaches {
        let id = format!("CS-{:05}", people.len() + 1);
        let culture = rng.below(100);
        let (mut first, mut last) = if culture < 40 {
            let mut last = rng.zipf(HISPANIC_SURNAMES).to_string();
            if rng.chance(0.25) {
                last = format!("{last} {}", rng.zipf(HISPANIC_SURNAMES));
            }
            (rng.zipf(HISPANIC_FIRST).to_string(), last)
        } else if culture < 85 {
            (
                rng.zipf(ANGLO_FIRST).to_string(),
                rng.zipf(ANGLO_SURNAMES).to_string(),
            )
        } else if culture < 93 {
            (
                rng.zipf(VIETNAMESE_FIRST).to_string(),
                rng.zipf(VIETNAMESE_SURNAMES).to_string(),
            )
        } else {
            let first = if rng.chance(0.5) {
                rng.zipf(ANGLO_FIRST)
            } else {
                rng.zipf(HISPANIC_FIRST)
            };
            (first.to_string(), rng.pick(PARTICLE_SURNAMES).to_string())
        };
        if rng.chance(tail_share) && !last.contains(' ') {
            last = long_tail_surname(&mut rng);
        }
        if rng.chance(0.04) {
            first = format!("{first} {}", rng.pick(MIDDLE));
        }
        if rng.chance(0.02) {
            last = format!("{last} Jr.");
        }
        let mut email = None;
        if rng.chance(0.85) {
            let candidate = email_for(&mut rng, &first, &last);
            if used_emails.insert(candidate.clone()) {
                email = Some(candidate);
            }
        }
        people.push(Coach {
            id,
            first,
            last: last.clone(),
            email,
            family: false,
        });
        // A spouse coaching too, sharing the family email.
        if rng.chance(0.06) && people.len() < coaches {
            let partner_first = loop {
                let candidate = rng.zipf(if culture < 40 {
                    HISPANIC_FIRST
                } else {
                    ANGLO_FIRST
                });
                let same_initial =
                    candidate.chars().next() == people.last().and_then(|p| p.first.chars().next());
                if !same_initial {
                    break candidate.to_string();
                }
            };
            let family = format!(
                "{}family@{}",
                letters(&last).chars().take(10).collect::<String>(),
                rng.pick(DOMAINS)
            );
            if used_emails.insert(family.clone()) {
                if let Some(previous) = people.last_mut() {
                    previous.email = Some(family.clone());
                    previous.family = true;
                }
                let id = format!("CS-{:05}", people.len() + 1);
                people.push(Coach {
                    id,
                    first: partner_first,
                    last: last.clone(),
                    email: Some(family),
                    family: true,
                });
            }
        }
    }

    let roster: Vec<RosterEntry> = people
        .iter()
        .map(|c| RosterEntry {
            id: c.id.clone(),
            first_name: c.first.clone(),
            last_name: c.last.clone(),
            email: c.email.clone(),
        })
        .collect();
    let key_of = |first: &str, last: &str| normalize::name_key(first, last);
    let mut by_key: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for c in &people {
        by_key
            .entry(key_of(&c.first, &c.last))
            .or_default()
            .push(c.id.clone());
    }

    let mut records = Vec::new();
    let mut truth = Vec::new();
    let mut kinds = Vec::new();
    let mut push = |records: &mut Vec<Record>,
                    name: String,
                    email: Option<String>,
                    t: Truth,
                    kind: &'static str| {
        let id = format!("cert-{:06}", records.len() + 1);
        records.push(Record { id, name, email });
        truth.push(t);
        kinds.push(kind);
    };

    for coach in &people {
        let same_name: Vec<String> = by_key
            .get(&key_of(&coach.first, &coach.last))
            .cloned()
            .unwrap_or_default();
        let certificates = 1 + rng.below(2);
        for _ in 0..certificates {
            let given = coach
                .first
                .split_whitespace()
                .next()
                .unwrap_or(&coach.first)
                .to_string();
            let middle = coach.first.split_whitespace().nth(1).map(str::to_owned);
            let surname = coach.last.trim_end_matches(" Jr.").to_string();
            let suffix = coach.last.ends_with(" Jr.");
            let (name, kind): (String, &'static str) = match rng.below(20) {
                0 => (format!("{given} {surname}"), "exact"),
                1 => match nickname_of(&mut rng, &given, &table) {
                    Some(nick) => (format!("{nick} {surname}"), "nickname"),
                    None => (format!("{given} {surname}"), "exact"),
                },
                2 => (
                    strip_accents(&format!("{given} {surname}")),
                    "accents dropped",
                ),
                3 => (mojibake(&format!("{given} {surname}")), "mojibake"),
                4 => (format!("{surname}, {given}"), "last, first"),
                5 => (format!("{} {}", surname.to_uppercase(), given), "swapped"),
                6 => {
                    let initial = middle
                        .as_deref()
                        .and_then(|m| m.chars().next())
                        .unwrap_or_else(|| *rng.pick(&['A', 'J', 'M', 'R']));
                    (format!("{given} {initial}. {surname}"), "middle initial")
                }
                7 => (
                    format!("{given} {surname}{}", if suffix { " Jr" } else { "" }),
                    "suffix",
                ),
                8 => (
                    format!(
                        "{} {given} {surname}",
                        rng.pick(&["Dr.", "Coach", "Mr.", "Ms.", "Mrs."])
                    ),
                    "title",
                ),
                9 => {
                    let parts: Vec<&str> = surname.split_whitespace().collect();
                    if parts.len() == 2 && !normalize::is_particle(&normalize::fold(parts[0])) {
                        let part = parts[rng.below(2)];
                        (format!("{given} {part}"), "one part of double surname")
                    } else if parts.len() >= 2 {
                        (
                            format!("{given} {}", parts.join("").to_lowercase()),
                            "particles joined",
                        )
                    } else {
                        (format!("{given} {surname}"), "exact")
                    }
                }
                10 => {
                    if surname.contains(' ') {
                        (
                            format!("{given} {}", surname.replace(' ', "-")),
                            "hyphenated",
                        )
                    } else {
                        (
                            format!("{given} {}", typo(&mut rng, &surname)),
                            "typo surname",
                        )
                    }
                }
                11 => (
                    format!("{} {surname}", typo(&mut rng, &given)),
                    "typo first name",
                ),
                12 => (format!("{given} {surname}").to_uppercase(), "upper case"),
                13 => match &middle {
                    Some(m) => (format!("{given} {m} {surname}"), "middle name"),
                    None => (format!("{given} {surname}"), "exact"),
                },
                _ => (format!("{given} {surname}"), "exact"),
            };
            // Emails: mostly the roster one (sometimes varied), sometimes a personal one.
            let mut email = None;
            if rng.chance(0.6) {
                email = match (&coach.email, rng.chance(0.75)) {
                    (Some(roster_email), true) => Some(gmail_variant(&mut rng, roster_email)),
                    _ => Some(email_for(&mut rng, &given, &surname)),
                };
            }
            let same_email = |e: &String| {
                coach.email.as_deref().and_then(normalize::normalize_email)
                    == normalize::normalize_email(e)
            };
            let t = if same_name.len() > 1 && !email.as_ref().is_some_and(same_email) {
                Truth::Either(same_name.clone())
            } else {
                Truth::Coach(coach.id.clone())
            };
            let kind = if matches!(t, Truth::Either(_)) {
                "same name twice"
            } else {
                kind
            };
            push(&mut records, name, email, t, kind);
        }
        // A surname change: same email, same first name, new surname.
        if !coach.family && coach.email.is_some() && rng.chance(0.05) {
            let given = coach
                .first
                .split_whitespace()
                .next()
                .unwrap_or(&coach.first);
            let new_last = rng.pick(ANGLO_SURNAMES);
            if normalize::fold(new_last) != normalize::fold(&coach.last) {
                push(
                    &mut records,
                    format!("{given} {new_last}"),
                    coach.email.clone(),
                    Truth::Coach(coach.id.clone()),
                    "surname change",
                );
            }
        }
    }

    // People who are not on the roster. First names by surname token, for clash checks.
    let mut firsts_by_surname: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for c in &people {
        let first = letters(c.first.split_whitespace().next().unwrap_or(""));
        firsts_by_surname
            .entry(letters(&c.last))
            .or_default()
            .push(first.clone());
        for token in normalize::tokens(&c.last) {
            firsts_by_surname
                .entry(token)
                .or_default()
                .push(first.clone());
        }
    }
    let clashes = |surname: &str, first: &str| {
        let b = letters(first);
        firsts_by_surname.get(surname).is_some_and(|firsts| {
            firsts.iter().any(|a| {
                *a == b
                    || table.related(a, &b)
                    || a.chars().next() == b.chars().next()
                    || coachcheck_typo_like(a, &b)
            })
        })
    };
    let roster_keys: std::collections::HashSet<String> =
        people.iter().map(|c| letters(&c.last)).collect();
    let outsiders = coaches / 6;
    let mut added = 0;
    while added < outsiders {
        let kind = rng.below(3);
        let (name, email, kind) = match kind {
            // A stranger: a surname nobody on the roster has.
            0 => {
                let first = rng.zipf(ANGLO_FIRST);
                let last = rng.pick(&[
                    "Quinlan",
                    "Yarborough",
                    "Thistlewood",
                    "Okonkwo",
                    "Haverford",
                    "Lindqvist",
                    "Castellanos",
                    "Iwasaki",
                    "Petrovic",
                    "Abernethy-Ross",
                    "Villaseñor",
                    "Grünewald",
                ]);
                if roster_keys.contains(&letters(last)) {
                    continue;
                }
                (
                    format!("{first} {last}"),
                    rng.chance(0.5).then(|| email_for(&mut rng, first, last)),
                    "stranger",
                )
            }
            // A relative: a coach's surname, a first name unrelated to any coach of that name.
            1 => {
                let coach = &people[rng.below(people.len())];
                let pool = if rng.chance(0.5) {
                    ANGLO_FIRST
                } else {
                    HISPANIC_FIRST
                };
                let first = rng.zipf(pool);
                if clashes(&letters(&coach.last), first) {
                    continue;
                }
                let surname = coach.last.trim_end_matches(" Jr.");
                (
                    format!("{first} {surname}"),
                    rng.chance(0.3).then(|| email_for(&mut rng, first, surname)),
                    "relative",
                )
            }
            // A stranger with a common first and last name combination nobody on the roster has.
            _ => {
                let first = rng.zipf(HISPANIC_FIRST);
                let last = rng.zipf(HISPANIC_SURNAMES);
                if clashes(&letters(last), first) {
                    continue;
                }
                (format!("{first} {last}"), None, "stranger, common name")
            }
        };
        push(&mut records, name, email, Truth::Nobody, kind);
        added += 1;
    }
    League {
        roster,
        records,
        truth,
        kinds,
    }
}

/// Close enough that a careful person would hesitate (one or two edits).
fn coachcheck_typo_like(a: &str, b: &str) -> bool {
    strsim::damerau_levenshtein(a, b) <= 2
}
