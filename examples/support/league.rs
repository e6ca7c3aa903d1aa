//! A generated, league-realistic linking set: a coach roster as Southern California leagues
//! have them (Hispanic, Anglo, Vietnamese, Arabic and Persian, Armenian, Korean, Chinese,
//! Filipino and European names, double surnames, particles, middle names, family emails
//! shared by two coaches, two coaches with the same name, a father and a son both coaching
//! as `Jr.` and `Sr.`) and certificate records that vary each coach's name the way
//! certificates do (nicknames both ways and in the families' languages, another
//! romanisation, accents dropped, mojibake, `Last, First`, swapped order, middle names or
//! initials on one side, suffixes, titles, particles, one part of a double surname, typos,
//! upper case, an initial with the roster email, Gmail dots and +tags, surname changes),
//! plus people who are not on the roster (strangers, relatives, a spouse using the coach's
//! email) and records that are genuinely ambiguous.
//!
//! The truth is what a careful coordinator could decide from the record alone: a record
//! whose printed name fits another roster entry as well (same given name or nickname, the
//! printed surname within theirs, no conflicting middle initial or suffix) and whose email
//! does not single one out is `Either` (true coach first). Deterministic for a seed;
//! generated at run time, never stored.

#![allow(dead_code)]

use coachcheck::matching::{normalize, Nicknames, Record, RosterEntry};

/// What a record should link to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Truth {
    /// This roster id.
    Coach(String),
    /// Nobody: the person is not on the roster.
    Nobody,
    /// Genuinely ambiguous between these roster ids, the true one first (a coordinator
    /// must decide).
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
/// Arabic and Persian given names, each with the romanisations families use.
pub const ARABIC_FIRST: &[&[&str]] = &[
    &["Mohammed", "Muhammad", "Mohamed", "Mohammad"],
    &["Ahmed", "Ahmad"],
    &["Karim", "Kareem"],
    &["Khaled", "Khalid"],
    &["Youssef", "Yusuf", "Yousef"],
    &["Hussein", "Hossein", "Husain"],
    &["Omar", "Umar"],
    &["Jamil", "Jameel"],
    &["Nabil", "Nabeel"],
    &["Hamza", "Hamzah"],
    &["Fatima", "Fatemeh", "Fatma"],
    &["Layla", "Leila", "Laila"],
    &["Mariam", "Maryam"],
    &["Nour", "Noor"],
    &["Yasmin", "Yasmine", "Yasmeen"],
    &["Rania"],
    &["Samir", "Sameer"],
    &["Tariq", "Tarek"],
    &["Mehdi", "Mahdi"],
    &["Dariush", "Darius"],
    &["Shirin", "Shireen"],
    &["Navid", "Naveed"],
    &["Zahra"],
    &["Reza"],
];
pub const ARABIC_SURNAMES: &[&str] = &[
    "Haddad",
    "Khoury",
    "Nasser",
    "Saleh",
    "Mansour",
    "Hamdan",
    "Farah",
    "Rahimi",
    "Hosseini",
    "Karimi",
    "Ahmadi",
    "Mohammadi",
    "Tehrani",
    "Sadeghi",
    "Jaber",
    "Awad",
    "Abboud",
    "Darwish",
    "El-Sayed",
    "Al-Masri",
    "Bakr",
    "Najjar",
    "Shahidi",
    "Moradi",
];
/// Armenian given names, Western and Eastern spellings.
pub const ARMENIAN_FIRST: &[&[&str]] = &[
    &["Hovhannes", "Ohannes", "Hovannes"],
    &["Hagop", "Hakob"],
    &["Krikor", "Grigor"],
    &["Garabed", "Karapet"],
    &["Kevork", "Gevorg"],
    &["Sarkis", "Sargis"],
    &["Vartan", "Vardan"],
    &["Tigran", "Dikran"],
    &["Armen"],
    &["Aram"],
    &["Narek"],
    &["Ani"],
    &["Anahit"],
    &["Lusine", "Lucine"],
    &["Talin"],
    &["Nairi"],
    &["Arpi"],
    &["Sevan"],
];
pub const ARMENIAN_SURNAMES: &[&str] = &[
    "Petrosyan",
    "Hakobyan",
    "Sargsyan",
    "Grigoryan",
    "Harutyunyan",
    "Manukyan",
    "Avetisyan",
    "Ghazaryan",
    "Khachatryan",
    "Mkrtchyan",
    "Boyajian",
    "Der Bedrossian",
    "Kalayjian",
    "Tashjian",
    "Keshishian",
    "Papazian",
    "Minasian",
    "Vartanian",
];
pub const KOREAN_FIRST: &[&str] = &[
    "Ji-hoon", "Min-jun", "Seo-yeon", "Ji-woo", "Hyun-woo", "Soo-jin", "Eun-ji", "Jae-won",
    "Young-ho", "Sung-min", "Da-eun", "Ha-eun",
];
pub const KOREAN_SURNAMES: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin",
];
pub const CHINESE_FIRST: &[&str] = &[
    "Wei", "Mei-Ling", "Xiaoming", "Jing", "Li-Na", "Hao", "Yan", "Jun", "Ying", "Zhiwei", "Xin",
    "Yu-Ting",
];
pub const CHINESE_SURNAMES: &[&str] = &[
    "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin", "Wu", "Zhou", "Yang", "Xu", "Sun",
];
pub const FILIPINO_FIRST: &[&str] = &[
    "Maria Lourdes",
    "Jose",
    "Emmanuel",
    "Ferdinand",
    "Rodrigo",
    "Teresita",
    "Corazon",
    "Reynaldo",
    "Danilo",
    "Rowena",
    "Maricel",
    "Jonathan",
];
pub const FILIPINO_SURNAMES: &[&str] = &[
    "Santos",
    "Reyes",
    "Bautista",
    "Ocampo",
    "Mendoza",
    "Aquino",
    "Dela Cruz",
    "Manalo",
    "Dimaculangan",
    "Macapagal",
    "Lacson",
    "Villareal",
    "Pangilinan",
    "Soriano",
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
        ("mohammed", &["Mo", "Moe"]),
        ("muhammad", &["Mo"]),
        ("hovhannes", &["Hovo"]),
        ("maria lourdes", &["Malou"]),
        ("marialourdes", &["Malou"]),
        ("emmanuel", &["Manny"]),
        ("ferdinand", &["Ferdie"]),
        ("rodrigo", &["Rody"]),
        ("teresita", &["Tess", "Tessie"]),
        ("corazon", &["Cory"]),
        ("reynaldo", &["Rey"]),
        ("danilo", &["Danny"]),
        ("jonathan", &["Jon"]),
        ("garabed", &["Garo"]),
        ("harutyun", &["Harout"]),
        ("sarkis", &["Sako"]),
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
    /// Other romanisations of the given name (Arabic, Persian, Armenian).
    spellings: &'static [&'static str],
}

/// A printed name as a coordinator compares it with the roster: the given name's folded
/// first token, the surname's folded core tokens (no particles, no suffix), the middle
/// initial and the suffix.
struct Printed {
    given: String,
    surname: Vec<String>,
    middle: Option<char>,
    suffix: Option<&'static str>,
}

fn printed(first: &str, last: &str) -> Printed {
    let given_tokens = normalize::tokens(first);
    let mut surname = normalize::tokens(last);
    let mut suffix = None;
    while surname.len() > 1 {
        match surname.last().and_then(|t| normalize::suffix(t)) {
            Some(found) => {
                suffix = Some(found);
                surname.pop();
            }
            None => break,
        }
    }
    let core: Vec<String> = surname
        .iter()
        .filter(|t| !normalize::is_particle(t))
        .cloned()
        .collect();
    Printed {
        given: given_tokens.first().cloned().unwrap_or_default(),
        surname: if core.is_empty() { surname } else { core },
        middle: given_tokens.get(1).and_then(|t| t.chars().next()),
        suffix,
    }
}

/// Whether a roster entry fits a printed name as well as the true coach could, for a
/// coordinator reading the record alone (see the module doc).
/// A record printing the true coach's own spelling fits only entries spelled the same
/// way (`Dikran` printed, `Dikran` and `Tigran` on the roster: the spelling tells them
/// apart); a nickname, another spelling or an initial fits every entry it could stand for.
fn fits(entry: &Printed, record: &Printed, formal_given: &str, table: &Nicknames) -> bool {
    let own_spelling = record.given == formal_given;
    let given = entry.given == record.given
        || (!own_spelling
            && (entry.given == formal_given
                || table.related(&entry.given, &record.given)
                || (record.given.chars().count() == 1 && entry.given.starts_with(&record.given))));
    let surname =
        !record.surname.is_empty() && record.surname.iter().all(|t| entry.surname.contains(t));
    let middle = match (record.middle, entry.middle) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let suffix = match (record.suffix, entry.suffix) {
        (Some(a), b) => Some(a) == b,
        (None, _) => true,
    };
    given && surname && middle && suffix
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
        let mut spellings: &'static [&'static str] = &[];
        let (mut first, mut last) = if culture < 36 {
            let mut last = rng.zipf(HISPANIC_SURNAMES).to_string();
            if rng.chance(0.25) {
                last = format!("{last} {}", rng.zipf(HISPANIC_SURNAMES));
            }
            (rng.zipf(HISPANIC_FIRST).to_string(), last)
        } else if culture < 68 {
            (
                rng.zipf(ANGLO_FIRST).to_string(),
                rng.zipf(ANGLO_SURNAMES).to_string(),
            )
        } else if culture < 74 {
            (
                rng.zipf(VIETNAMESE_FIRST).to_string(),
                rng.zipf(VIETNAMESE_SURNAMES).to_string(),
            )
        } else if culture < 80 {
            spellings = *rng.zipf(ARABIC_FIRST);
            (
                rng.pick(spellings).to_string(),
                rng.zipf(ARABIC_SURNAMES).to_string(),
            )
        } else if culture < 84 {
            spellings = *rng.zipf(ARMENIAN_FIRST);
            (
                rng.pick(spellings).to_string(),
                rng.zipf(ARMENIAN_SURNAMES).to_string(),
            )
        } else if culture < 88 {
            (
                rng.zipf(KOREAN_FIRST).to_string(),
                rng.zipf(KOREAN_SURNAMES).to_string(),
            )
        } else if culture < 92 {
            (
                rng.zipf(CHINESE_FIRST).to_string(),
                rng.zipf(CHINESE_SURNAMES).to_string(),
            )
        } else if culture < 96 {
            (
                rng.zipf(FILIPINO_FIRST).to_string(),
                rng.zipf(FILIPINO_SURNAMES).to_string(),
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
        // A father and a son who both coach: `Jr.` and `Sr.` (or no suffix) on the roster.
        let father = if rng.chance(0.015) && people.len() + 1 < coaches {
            let father_last = if rng.chance(0.5) {
                format!("{last} Sr.")
            } else {
                last.clone()
            };
            last = format!("{last} Jr.");
            Some(father_last)
        } else {
            if rng.chance(0.01) {
                last = format!("{last} Jr.");
            }
            None
        };
        let mut email = None;
        if rng.chance(0.85) {
            let candidate = email_for(&mut rng, &first, &last);
            if used_emails.insert(candidate.clone()) {
                email = Some(candidate);
            }
        }
        people.push(Coach {
            id,
            first: first.clone(),
            last: last.clone(),
            email,
            family: false,
            spellings,
        });
        if let Some(father_last) = father {
            let email = rng
                .chance(0.7)
                .then(|| email_for(&mut rng, &first, &father_last))
                .filter(|e| used_emails.insert(e.clone()));
            let id = format!("CS-{:05}", people.len() + 1);
            people.push(Coach {
                id,
                first: first
                    .split_whitespace()
                    .next()
                    .unwrap_or(&first)
                    .to_string(),
                last: father_last,
                email,
                family: false,
                spellings,
            });
            continue;
        }
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
                    spellings: &[],
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
    // Who could be read for whom: roster entries by surname token, as a coordinator
    // compares them.
    let printed_people: Vec<Printed> = people.iter().map(|c| printed(&c.first, &c.last)).collect();
    let mut by_surname_token: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (index, entry) in printed_people.iter().enumerate() {
        for token in &entry.surname {
            by_surname_token
                .entry(token.as_str())
                .or_default()
                .push(index);
        }
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

    for (coach_index, coach) in people.iter().enumerate() {
        let certificates = 1 + rng.below(2);
        for _ in 0..certificates {
            let given = coach
                .first
                .split_whitespace()
                .next()
                .unwrap_or(&coach.first)
                .to_string();
            let middle = coach.first.split_whitespace().nth(1).map(str::to_owned);
            let suffix = [" Jr.", " Sr."]
                .into_iter()
                .find(|s| coach.last.ends_with(s));
            let surname = suffix
                .and_then(|s| coach.last.strip_suffix(s))
                .unwrap_or(&coach.last)
                .to_string();
            // What the record prints, as a coordinator compares it (see `fits`).
            let mut printed_given = given.clone();
            let mut printed_surname = surname.clone();
            let mut printed_middle: Option<String> = None;
            let mut printed_suffix: Option<&str> = None;
            let mut use_roster_email = false;
            let (name, kind): (String, &'static str) = match rng.below(24) {
                0 => (format!("{given} {surname}"), "exact"),
                1 => match nickname_of(&mut rng, &given, &table) {
                    Some(nick) => {
                        printed_given = nick.clone();
                        (format!("{nick} {surname}"), "nickname")
                    }
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
                    printed_middle = Some(initial.to_string());
                    (format!("{given} {initial}. {surname}"), "middle initial")
                }
                7 => {
                    let printed = suffix.map_or("", |s| s.trim_end_matches('.'));
                    printed_suffix = suffix;
                    (format!("{given} {surname}{printed}"), "suffix")
                }
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
                        printed_surname = part.to_string();
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
                        printed_surname = typo(&mut rng, &surname);
                        (format!("{given} {printed_surname}"), "typo surname")
                    }
                }
                11 => {
                    printed_given = typo(&mut rng, &given);
                    (format!("{printed_given} {surname}"), "typo first name")
                }
                12 => (format!("{given} {surname}").to_uppercase(), "upper case"),
                13 => match &middle {
                    Some(m) => {
                        printed_middle = Some(m.clone());
                        (format!("{given} {m} {surname}"), "middle name")
                    }
                    None => {
                        let m = rng.pick(MIDDLE).to_string();
                        printed_middle = Some(m.clone());
                        (
                            format!("{given} {m} {surname}"),
                            "middle name not on roster",
                        )
                    }
                },
                14 => {
                    let others: Vec<&&str> = coach
                        .spellings
                        .iter()
                        .filter(|s| normalize::fold(s) != normalize::fold(&given))
                        .collect();
                    if others.is_empty() {
                        (format!("{given} {surname}"), "exact")
                    } else {
                        printed_given = rng.pick(&others).to_string();
                        (format!("{printed_given} {surname}"), "another romanisation")
                    }
                }
                15 if coach.email.is_some() => {
                    let initial: String = given.chars().take(1).collect();
                    printed_given = initial.clone();
                    use_roster_email = true;
                    (format!("{initial}. {surname}"), "initial, roster email")
                }
                16 if coach.email.is_some() => {
                    use_roster_email = true;
                    let others: Vec<&&str> = coach
                        .spellings
                        .iter()
                        .filter(|s| normalize::fold(s) != normalize::fold(&given))
                        .collect();
                    if let Some(nick) = nickname_of(&mut rng, &given, &table) {
                        printed_given = nick;
                        (
                            format!("{printed_given} {surname}"),
                            "nickname, roster email",
                        )
                    } else if !others.is_empty() {
                        printed_given = rng.pick(&others).to_string();
                        (
                            format!("{printed_given} {surname}"),
                            "another romanisation, roster email",
                        )
                    } else {
                        (
                            mojibake(&format!("{given} {surname}")),
                            "mojibake, roster email",
                        )
                    }
                }
                _ => (format!("{given} {surname}"), "exact"),
            };
            // Emails: mostly the roster one (sometimes varied), sometimes a personal one.
            let mut email = None;
            if use_roster_email {
                email = coach.email.clone();
            } else if rng.chance(0.6) {
                email = match (&coach.email, rng.chance(0.75)) {
                    (Some(roster_email), true) => Some(gmail_variant(&mut rng, roster_email)),
                    // A personal address is the coach's own: never another coach's.
                    _ => Some(email_for(&mut rng, &given, &surname))
                        .filter(|e| !used_emails.contains(e)),
                };
            }
            // The printed email singles the coach out when it is their roster email and no
            // other entry that fits the name has it (a family email shared with a spouse of
            // another given name still tells two namesakes apart).
            let roster_email = coach.email.as_deref().and_then(normalize::normalize_email);
            let printed_email = email.as_deref().and_then(normalize::normalize_email);
            let shares_email = |other: usize| {
                people[other]
                    .email
                    .as_deref()
                    .and_then(normalize::normalize_email)
                    == printed_email
            };
            let record_printed = printed(
                &format!("{printed_given} {}", printed_middle.unwrap_or_default()),
                &format!("{printed_surname}{}", printed_suffix.unwrap_or("")),
            );
            let formal_given = normalize::fold(&given);
            let mut fitting: Vec<String> = Vec::new();
            let mut email_shared_by_fitting = false;
            if let Some(token) = record_printed.surname.first() {
                for &other in by_surname_token
                    .get(token.as_str())
                    .map_or(&[][..], Vec::as_slice)
                {
                    if other != coach_index
                        && fits(
                            &printed_people[other],
                            &record_printed,
                            &formal_given,
                            &table,
                        )
                    {
                        fitting.push(people[other].id.clone());
                        email_shared_by_fitting |= shares_email(other);
                    }
                }
            }
            let decisive_email =
                roster_email.is_some() && printed_email == roster_email && !email_shared_by_fitting;
            let t = if fitting.is_empty() || decisive_email {
                Truth::Coach(coach.id.clone())
            } else {
                let mut ids = vec![coach.id.clone()];
                ids.extend(fitting);
                Truth::Either(ids)
            };
            let kind = if matches!(t, Truth::Either(_)) {
                "fits another coach as well"
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
        // A spouse who is not on the roster took a course with the coach's own email.
        if !coach.family && coach.email.is_some() && rng.chance(0.01) {
            let pool = if rng.chance(0.5) {
                ANGLO_FIRST
            } else {
                HISPANIC_FIRST
            };
            let spouse = rng.zipf(pool);
            let coach_given = normalize::fold(coach.first.split_whitespace().next().unwrap_or(""));
            let folded = normalize::fold(spouse);
            if folded.chars().next() != coach_given.chars().next()
                && !table.related(&folded, &coach_given)
            {
                let surname = coach.last.trim_end_matches(" Jr.").trim_end_matches(" Sr.");
                push(
                    &mut records,
                    format!("{spouse} {surname}"),
                    coach.email.clone(),
                    Truth::Nobody,
                    "spouse with the coach's email",
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
                    rng.chance(0.5)
                        .then(|| email_for(&mut rng, first, last))
                        .filter(|e| !used_emails.contains(e)),
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
                if clashes(&letters(&coach.last), first)
                    || normalize::tokens(&coach.last)
                        .iter()
                        .any(|token| clashes(token, first))
                {
                    continue;
                }
                let surname = coach.last.trim_end_matches(" Jr.");
                (
                    format!("{first} {surname}"),
                    rng.chance(0.3)
                        .then(|| email_for(&mut rng, first, surname))
                        .filter(|e| !used_emails.contains(e)),
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
