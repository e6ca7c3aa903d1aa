//! Generates a realistic league at scale, for benchmarks and end-to-end checks.
//!
//! `cargo run --release --example gen_league -- --coaches 20000 --out DIR [--seed N]
//! [--font PATH] [--extra N]`
//!
//! Writes into DIR:
//! - `inbox/roster/*.csv`: roster exports (one per ~8,000 rows; each file uses its own
//!   background-check vocabulary and date format), names with accents, U6–U18 teams, head and
//!   assistant coaches and team managers, a few coaches on two teams;
//! - `inbox/certificates/*.pdf`: about three certificates per coach (intro module, the
//!   division's grassroots course — sometimes the wrong level or missing —, SafeSport core or
//!   refresher — some expired —, sometimes a concussion certificate), with name and email
//!   variations (nickname, case, missing accents), some for people not on the roster and a few
//!   broken files (a truncated PDF, a PNG named `.pdf`);
//! - `extra/*.pdf`: `--extra` more certificates (default 100) for roster coaches, to drop
//!   into the inbox for an incremental run;
//! - `truth.csv`: per roster coach, the action/review codes the generator intended (judged as
//!   of 2026-10-01 with the default policy), and `truth-files.csv`: what each file is.
//!
//! Every PDF embeds a per-file subset of a real TrueType font as a Type0/CIDFontType2
//! Identity-H font with a ToUnicode CMap, like real certificate producers.
//!
//! `--check TRUTH_CSV REPORT_DIR` compares a report folder's `coaches.csv` with the truth
//! file and prints the differences (exit 1 when any).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{Datelike, Duration, NaiveDate};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use rayon::prelude::*;

/// Default font: DejaVu Sans (Debian/Ubuntu `fonts-dejavu-core`).
const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
/// The day the truth is judged on (the benchmark's `--as-of`).
const AS_OF: (i32, u32, u32) = (2026, 10, 1);

fn main() -> anyhow::Result<()> {
    let args = Args::parse()?;
    if let Some((truth, report)) = &args.check {
        return check(truth, report);
    }
    let started = Instant::now();
    let font_bytes = std::fs::read(&args.font).with_context(|| {
        format!(
            "cannot read the font {} (install it with `apt-get install -y fonts-dejavu-core`, or pass --font PATH to a TrueType font)",
            args.font.display()
        )
    })?;
    let font = Font::new(&font_bytes)?;
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).context("as-of date")?;
    let league = League::generate(args.coaches, args.seed, args.extra, as_of);

    let inbox = args.out.join("inbox");
    for dir in [
        inbox.join("roster"),
        inbox.join("certificates"),
        args.out.join("extra"),
    ] {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    league.write_rosters(&inbox.join("roster"))?;
    league.write_truth(&args.out)?;
    let written: anyhow::Result<Vec<usize>> = league
        .files
        .par_iter()
        .map(|file| {
            let bytes = render(file, &font)?;
            let dir = if file.extra {
                args.out.join("extra")
            } else {
                inbox.join("certificates")
            };
            std::fs::write(dir.join(&file.name), &bytes)
                .with_context(|| format!("cannot write {}", file.name))?;
            Ok(bytes.len())
        })
        .collect();
    let bytes: usize = written?.iter().sum();
    eprintln!(
        "gen_league: {} roster coaches, {} files ({} MiB) in {:.1} s -> {}",
        league.coaches.len(),
        league.files.len(),
        bytes / (1024 * 1024),
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// Command-line options.
struct Args {
    coaches: usize,
    out: PathBuf,
    seed: u64,
    font: PathBuf,
    extra: usize,
    check: Option<(PathBuf, PathBuf)>,
}

impl Args {
    fn parse() -> anyhow::Result<Self> {
        const USAGE: &str = "usage: gen_league --coaches N --out DIR [--seed N] [--font PATH] [--extra N]\n       gen_league --check TRUTH_CSV REPORT_DIR";
        let mut args = std::env::args().skip(1);
        let mut out = Args {
            coaches: 20_000,
            out: PathBuf::new(),
            seed: 1,
            font: PathBuf::from(DEFAULT_FONT),
            extra: 100,
            check: None,
        };
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .with_context(|| format!("{arg} needs a value\n{USAGE}"))
            };
            match arg.as_str() {
                "--coaches" => out.coaches = value()?.parse().context("--coaches")?,
                "--out" => out.out = PathBuf::from(value()?),
                "--seed" => out.seed = value()?.parse().context("--seed")?,
                "--font" => out.font = PathBuf::from(value()?),
                "--extra" => out.extra = value()?.parse().context("--extra")?,
                "--check" => {
                    let truth = PathBuf::from(value()?);
                    let report = PathBuf::from(value()?);
                    out.check = Some((truth, report));
                }
                _ => bail!("unknown argument {arg}\n{USAGE}"),
            }
        }
        if out.check.is_none() && out.out.as_os_str().is_empty() {
            bail!("--out is required\n{USAGE}");
        }
        if out.coaches > 2_000_000 {
            bail!("--coaches: at most 2,000,000");
        }
        Ok(out)
    }
}

/// A small deterministic generator (SplitMix64): the same seed gives the same league.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Given names: (name, a nickname the matcher knows).
const FIRST: &[(&str, Option<&str>)] = &[
    ("Robert", Some("Bob")),
    ("William", Some("Bill")),
    ("Richard", Some("Rick")),
    ("James", Some("Jim")),
    ("Michael", Some("Mike")),
    ("Thomas", Some("Tom")),
    ("Christopher", Some("Chris")),
    ("Alexander", Some("Alex")),
    ("Daniel", Some("Dan")),
    ("David", Some("Dave")),
    ("Joseph", Some("Joe")),
    ("Edward", Some("Ed")),
    ("Benjamin", Some("Ben")),
    ("Samuel", Some("Sam")),
    ("Matthew", Some("Matt")),
    ("Anthony", Some("Tony")),
    ("Steven", Some("Steve")),
    ("Jonathan", Some("Jon")),
    ("Margaret", Some("Maggie")),
    ("Elizabeth", Some("Liz")),
    ("Katherine", Some("Kate")),
    ("Jennifer", Some("Jen")),
    ("Patricia", Some("Trish")),
    ("Susan", Some("Sue")),
    ("Rebecca", Some("Becky")),
    ("Victoria", Some("Tori")),
    ("Jessica", Some("Jess")),
    ("Francisco", Some("Paco")),
    ("Alejandro", Some("Alex")),
    ("José", Some("Pepe")),
    ("Zoë", None),
    ("María", None),
    ("Renée", None),
    ("Chloé", None),
    ("Søren", None),
    ("Björn", None),
    ("Siobhán", None),
    ("François", None),
    ("Inés", None),
    ("Łukasz", None),
    ("Noémie", None),
    ("Hélène", None),
    ("Jürgen", None),
    ("Raúl", None),
    ("Anaïs", None),
    ("Aisha", None),
    ("Kwame", None),
    ("Priya", None),
    ("Wei", None),
    ("Hiroshi", None),
    ("Fatima", None),
    ("Olga", None),
    ("Dmitri", None),
    ("Lan", None),
    ("Tariq", None),
    ("Ngozi", None),
    ("Mateo", None),
    ("Camila", None),
    ("Valentina", None),
    ("Diego", None),
    ("Sofia", None),
    ("Lucas", None),
    ("Emma", None),
    ("Olivia", None),
    ("Noah", None),
    ("Liam", None),
    ("Ava", None),
    ("Mia", None),
    ("Ethan", None),
    ("Harper", None),
    ("Grace", None),
    ("Hannah", None),
    ("Laura", None),
    ("Rachel", None),
    ("Kevin", None),
    ("Brian", None),
    ("Jason", None),
    ("Eric", None),
    ("Mark", None),
    ("Paul", None),
    ("Andrea", None),
    ("Nicole", None),
    ("Angela", None),
    ("Monica", None),
    ("Teresa", None),
    ("Carlos", None),
    ("Luis", None),
    ("Jorge", None),
    ("Miguel", None),
    ("Ana", None),
    ("Gabriela", None),
    ("Yuki", None),
    ("Min-jun", None),
    ("Anjali", None),
    ("Ravi", None),
    ("Kofi", None),
    ("Amara", None),
    ("Ingrid", None),
    ("Lars", None),
    ("Astrid", None),
    ("Mehmet", None),
    ("Elif", None),
    ("Omar", None),
    ("Layla", None),
    ("Ibrahim", None),
];

/// Family names.
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Müller",
    "Núñez",
    "García",
    "Petrović",
    "Ødegaard",
    "Kovačević",
    "Lindqvist",
    "Şahin",
    "Dvořák",
    "Nguyễn",
    "O'Brien",
    "Smith-Jones",
    "Fernández",
    "Gómez",
    "Jiménez",
    "Álvarez",
    "Muñoz",
    "Peña",
    "Ibáñez",
    "Bélanger",
    "Lefèvre",
    "Gauthier",
    "Côté",
    "Schröder",
    "Böhm",
    "Weiß",
    "Jäger",
    "Åberg",
    "Sjöberg",
    "Kowalski",
    "Wiśniewski",
    "Nowak",
    "Dąbrowski",
    "Yılmaz",
    "Öztürk",
    "Çelik",
    "Adeyemi",
    "Okafor",
    "Mensah",
    "Boateng",
    "Abubakar",
    "Rahman",
    "Hossain",
    "Chowdhury",
    "Patel",
    "Mehta",
    "Sharma",
    "Iyer",
    "Reddy",
    "Kim",
    "Park",
    "Choi",
    "Tanaka",
    "Suzuki",
    "Watanabe",
    "Chen",
    "Wang",
    "Liu",
    "Zhang",
    "Tran",
    "Pham",
    "Volkov",
    "Ivanova",
    "Popescu",
    "Esposito",
    "Romano",
    "Ricci",
    "Bianchi",
    "Costa",
    "Silva",
    "Santos",
    "Oliveira",
    "Pereira",
    "El Amrani",
    "Haddad",
    "Khalil",
    "Nasser",
    "Cohen",
    "Levi",
    "Friedman",
    "Murphy",
    "Kelly",
    "Sullivan",
    "Walsh",
    "McCarthy",
    "O'Connor",
    "MacDonald",
    "Fraser",
    "Whitfield",
    "Van der Berg",
    "De Vries",
    "Jansen",
    "Bakker",
    "Hansen",
    "Larsen",
    "Nielsen",
    "Berg",
    "Lindgren",
    "Virtanen",
    "Korhonen",
    "Horvat",
    "Novak",
    "Kovács",
    "Szabó",
    "Tóth",
];

/// Syllables for the long tail of family names.
const STEMS: &[&str] = &[
    "Ander", "Bel", "Cor", "Dal", "Fer", "Gal", "Har", "Kel", "Lind", "Mar", "Nor", "Ost", "Pel",
    "Ros", "Sal", "Tor", "Val", "Wes", "Zan", "Brod", "Cald", "Dren", "Esk", "Fal", "Grim", "Hol",
    "Jov", "Kast", "Lom", "Mend", "Nag", "Or", "Pav", "Quin", "Rad", "Stef",
];
const ENDINGS: &[&str] = &[
    "son", "berg", "ez", "ini", "ova", "ski", "ley", "ton", "ford", "wood", "man", "ard", "elli",
    "quist", "stad", "sen", "ow", "ino", "escu", "ić", "enko", "oğlu", "ier", "ström",
];

/// A family name: a common one, or one from the long tail.
fn surname(rng: &mut Rng) -> String {
    if rng.chance(0.5) {
        rng.pick(LAST).to_string()
    } else {
        format!("{}{}", rng.pick(STEMS), rng.pick(ENDINGS))
    }
}

/// Team nicknames.
const MASCOTS: &[&str] = &[
    "Coyotes",
    "Comets",
    "Thunder",
    "Lightning",
    "Sharks",
    "Dragons",
    "Falcons",
    "Wolves",
    "Rockets",
    "Hornets",
    "Tigers",
    "Storm",
    "Galaxy",
    "Fire",
    "United",
    "Rapids",
    "Strikers",
    "Blaze",
    "Cyclones",
    "Mustangs",
    "Owls",
    "Pumas",
    "Vipers",
    "Jaguars",
];

const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "mail.example.com",
];

/// The format an age plays (the default policy).
fn format_of(age: u32) -> &'static str {
    match age {
        0..=8 => "4v4",
        9..=10 => "7v7",
        11..=12 => "9v9",
        _ => "11v11",
    }
}

/// Roles on the roster.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Head,
    Assistant,
    Manager,
}

/// Background-check outcome intended for one coach.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Background {
    Cleared,
    Pending,
    Denied,
    Expired,
    Missing,
}

/// One person on the roster.
struct Coach {
    member_id: String,
    first: String,
    last: String,
    nickname: Option<String>,
    email: String,
    role: Role,
    /// (team, division cell) rows: a few coaches have two teams of the same format.
    teams: Vec<(String, u32)>,
    background: Background,
    expected: BTreeSet<&'static str>,
}

/// What a certificate says.
#[derive(Clone)]
enum Course {
    Intro,
    Grassroots(&'static str, bool),
    SafesportCore,
    SafesportRefresher(u8),
    Cdc,
    Nfhs,
}

/// One file to write.
struct CertFile {
    name: String,
    /// Member ID of the roster coach it belongs to (empty for strangers/broken files).
    holder: String,
    kind: String,
    body: Body,
    extra: bool,
}

enum Body {
    Pdf {
        course: Course,
        name: String,
        email: Option<String>,
        date: NaiveDate,
        layout: u8,
    },
    /// A valid certificate cut short.
    Truncated(Box<Body>),
    /// PNG bytes under a `.pdf` name.
    Png,
}

struct League {
    coaches: Vec<Coach>,
    files: Vec<CertFile>,
}

/// Folds accents away (the "missing accents" variation a phone keyboard produces).
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'å' | 'ą' => "a".to_string(),
            'Á' | 'Å' => "A".to_string(),
            'é' | 'è' | 'ë' | 'ê' | 'ę' => "e".to_string(),
            'í' | 'ï' | 'ı' => "i".to_string(),
            'ó' | 'ö' | 'ô' | 'ø' => "o".to_string(),
            'Ö' | 'Ø' => "O".to_string(),
            'ú' | 'ü' | 'ù' => "u".to_string(),
            'ñ' | 'ń' => "n".to_string(),
            'ç' | 'č' => "c".to_string(),
            'Ç' | 'Č' => "C".to_string(),
            'ş' | 'ś' => "s".to_string(),
            'Ş' | 'Ś' => "S".to_string(),
            'ř' => "r".to_string(),
            'ł' => "l".to_string(),
            'Ł' => "L".to_string(),
            'ß' => "ss".to_string(),
            'ễ' => "e".to_string(),
            'ž' => "z".to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// An email local part from a name.
fn email_part(text: &str) -> String {
    fold(text)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

impl League {
    fn generate(count: usize, seed: u64, extra: usize, as_of: NaiveDate) -> League {
        let mut rng = Rng::new(seed);
        // Name keys taken: (given name or its nickname, one surname part), so that no two
        // people (roster or not) could be told apart only by email.
        let mut names: HashSet<(String, String)> = HashSet::new();
        let mut emails: HashSet<String> = HashSet::new();
        let mut file_names: HashSet<String> = HashSet::new();
        let mut coaches = Vec::with_capacity(count);
        let mut files = Vec::with_capacity(count * 3 + count / 50);
        let mut unique_name = |rng: &mut Rng| {
            let mut attempts = 0;
            loop {
                attempts += 1;
                let first = rng.below(FIRST.len() as u64) as usize;
                let mut last = surname(rng);
                if rng.chance(0.15) {
                    last = format!("{}-{}", last, surname(rng));
                }
                let (given, nickname) = FIRST[first];
                let given_key = fold(nickname.unwrap_or(given)).to_lowercase();
                let keys: Vec<(String, String)> = last
                    .split(['-', ' '])
                    .map(|part| (given_key.clone(), fold(part).to_lowercase()))
                    .collect();
                // Past a few hundred tries (a league larger than the name pools), accept.
                if attempts > 500 || keys.iter().all(|key| !names.contains(key)) {
                    names.extend(keys);
                    return (first, last);
                }
            }
        };
        let teams_per_age = count.div_ceil(3 * 13).max(1);
        for index in 0..count {
            let (first_index, last) = unique_name(&mut rng);
            let (first, nickname) = FIRST[first_index];
            let domain = rng.pick(DOMAINS);
            let mut local = format!("{}.{}", email_part(first), email_part(&last));
            if !emails.insert(format!("{local}@{domain}")) {
                local = format!("{local}{}", index);
                emails.insert(format!("{local}@{domain}"));
            }
            let age = 6 + (index / 3 / teams_per_age).min(12) as u32;
            let team_no = (index / 3) % teams_per_age;
            let team = format!(
                "U{age} {} {}",
                MASCOTS[team_no % MASCOTS.len()],
                team_no / MASCOTS.len() + 1
            );
            let role = match index % 3 {
                0 => Role::Head,
                1 if rng.chance(0.3) => Role::Manager,
                _ => Role::Assistant,
            };
            let mut teams = vec![(team, age)];
            // A few coaches also coach a sibling team of the same format.
            if role != Role::Manager && rng.chance(0.03) {
                let other_age = match format_of(age) {
                    "7v7" => {
                        if age == 9 {
                            10
                        } else {
                            9
                        }
                    }
                    "9v9" => {
                        if age == 11 {
                            12
                        } else {
                            11
                        }
                    }
                    "4v4" => {
                        if age == 6 {
                            7
                        } else {
                            6
                        }
                    }
                    _ => {
                        if age >= 17 {
                            age - 1
                        } else {
                            age + 1
                        }
                    }
                };
                teams.push((
                    format!("U{other_age} {} {}", rng.pick(MASCOTS), 90 + index % 9),
                    other_age,
                ));
            }
            let background = match rng.below(100) {
                0..=89 => Background::Cleared,
                90..=92 => Background::Pending,
                93 => Background::Denied,
                94..=95 => Background::Expired,
                _ => Background::Missing,
            };
            let mut coach = Coach {
                member_id: format!("M-{:07}", 1_000_000 + index),
                first: first.to_string(),
                last,
                nickname: nickname.map(str::to_string),
                email: format!("{local}@{domain}"),
                role,
                teams,
                background,
                expected: BTreeSet::new(),
            };
            match background {
                Background::Cleared => {}
                Background::Pending => {
                    coach.expected.insert("background_check_pending");
                }
                Background::Denied => {
                    coach.expected.insert("background_check_denied");
                }
                Background::Expired => {
                    coach.expected.insert("background_check_expired");
                }
                Background::Missing => {
                    coach.expected.insert("missing_background_check");
                }
            }
            let mut certs = Vec::new();
            let format = format_of(age);
            if role != Role::Manager {
                if rng.chance(0.93) {
                    certs.push((Course::Intro, as_of - days(30 + rng.below(2000) as i64)));
                } else {
                    coach.expected.insert("missing_intro_module");
                }
                let roll = rng.below(100);
                if roll < 86 {
                    certs.push((
                        Course::Grassroots(format, rng.chance(0.8)),
                        as_of - days(20 + rng.below(1800) as i64),
                    ));
                } else if roll < 93 {
                    let wrong = match format {
                        "4v4" => "7v7",
                        "7v7" => "9v9",
                        "9v9" => "4v4",
                        _ => "9v9",
                    };
                    certs.push((
                        Course::Grassroots(wrong, true),
                        as_of - days(20 + rng.below(1800) as i64),
                    ));
                    coach.expected.insert("wrong_course_level");
                } else {
                    coach.expected.insert("missing_course");
                }
                if rng.chance(0.12) {
                    let course = if rng.chance(0.5) {
                        Course::Cdc
                    } else {
                        Course::Nfhs
                    };
                    certs.push((course, as_of - days(10 + rng.below(1000) as i64)));
                } else if roll >= 93 {
                    // The default policy reads a grassroots course as concussion training.
                    coach.expected.insert("missing_concussion");
                }
            }
            let roll = rng.below(100);
            if roll < 82 {
                // Current: completed 1–300 days ago (clear of the 30-day "expiring" window).
                let course = if rng.chance(0.6) {
                    Course::SafesportCore
                } else {
                    Course::SafesportRefresher(1 + rng.below(3) as u8)
                };
                certs.push((course, as_of - days(1 + rng.below(300) as i64)));
            } else if roll < 93 {
                // Expired: completed 400–900 days ago.
                certs.push((
                    Course::SafesportCore,
                    as_of - days(400 + rng.below(500) as i64),
                ));
                coach.expected.insert("safesport_expired");
            } else {
                coach.expected.insert("missing_safesport");
            }
            for (course, date) in certs {
                let (name, nickname) = variant_name(&mut rng, &coach);
                let email = match rng.below(10) {
                    0..=5 => Some(coach.email.clone()),
                    6 => Some(coach.email.to_uppercase()),
                    _ => None,
                };
                let kind = course_kind(&course);
                let file_name =
                    unique_file(&mut file_names, &file_label(&mut rng, &coach, &course));
                files.push(CertFile {
                    name: file_name,
                    holder: coach.member_id.clone(),
                    kind: if nickname {
                        format!("{kind}+nickname")
                    } else {
                        kind
                    },
                    body: Body::Pdf {
                        course,
                        name,
                        email,
                        date,
                        layout: rng.below(3) as u8,
                    },
                    extra: false,
                });
            }
            coaches.push(coach);
        }
        // People not on the roster (a coach of another league, a parent).
        for _ in 0..count / 200 {
            let (first_index, last) = unique_name(&mut rng);
            let first = FIRST[first_index].0;
            let stranger = format!("{first} {last}");
            let date = as_of - days(10 + rng.below(300) as i64);
            let file_name = unique_file(&mut file_names, &format!("{stranger} SafeSport.pdf"));
            files.push(CertFile {
                name: file_name,
                holder: String::new(),
                kind: "stranger".into(),
                body: Body::Pdf {
                    course: Course::SafesportCore,
                    name: stranger,
                    email: None,
                    date,
                    layout: rng.below(3) as u8,
                },
                extra: false,
            });
        }
        // Broken files: a truncated download, a screenshot saved with a .pdf name.
        for n in 0..(count / 2000).max(1) {
            let date = as_of - days(10 + rng.below(300) as i64);
            files.push(CertFile {
                name: unique_file(&mut file_names, &format!("certificate-download-{n}.pdf")),
                holder: String::new(),
                kind: "broken_truncated".into(),
                body: Body::Truncated(Box::new(Body::Pdf {
                    course: Course::Intro,
                    name: "Broken Download".into(),
                    email: None,
                    date,
                    layout: 0,
                })),
                extra: false,
            });
            files.push(CertFile {
                name: unique_file(&mut file_names, &format!("IMG_{:04}.pdf", 1000 + n)),
                holder: String::new(),
                kind: "broken_png".into(),
                body: Body::Png,
                extra: false,
            });
        }
        // Extra certificates for the incremental run: concussion certificates for coaches.
        for n in 0..extra.min(count) {
            let coach = &coaches[(n * 7919) % coaches.len()];
            let file_name = unique_file(
                &mut file_names,
                &format!("{} {} - concussion (new).pdf", coach.first, coach.last),
            );
            files.push(CertFile {
                name: file_name,
                holder: coach.member_id.clone(),
                kind: "concussion".into(),
                body: Body::Pdf {
                    course: Course::Cdc,
                    name: format!("{} {}", coach.first, coach.last),
                    email: Some(coach.email.clone()),
                    date: as_of - days(2),
                    layout: 1,
                },
                extra: true,
            });
        }
        League { coaches, files }
    }

    fn write_rosters(&self, dir: &Path) -> anyhow::Result<()> {
        const PER_FILE: usize = 8_000;
        for (part, chunk) in self.coaches.chunks(PER_FILE).enumerate() {
            let path = dir.join(format!("coaches-2026-27-part{}.csv", part + 1));
            let mut out = String::with_capacity(chunk.len() * 120);
            out.push_str("\u{feff}Member ID,First Name,Last Name,Email,Team,Division,Role,Risk Status,Risk Status Expiration\n");
            for coach in chunk {
                for (team, age) in &coach.teams {
                    let role = match (coach.role, part % 2) {
                        (Role::Head, 0) => "Head Coach",
                        (Role::Head, _) => "HC",
                        (Role::Assistant, 0) => "Assistant Coach",
                        (Role::Assistant, _) => "Asst. Coach",
                        (Role::Manager, 0) => "Team Manager",
                        (Role::Manager, _) => "Manager",
                    };
                    let division = match part % 3 {
                        0 => format!("U{age}"),
                        1 => format!("U-{age}"),
                        _ => format!("Under {age}"),
                    };
                    let (status, expires) = background_cells(coach, part);
                    let cells = [
                        coach.member_id.as_str(),
                        &coach.first,
                        &coach.last,
                        &coach.email,
                        team,
                        &division,
                        role,
                        &status,
                        &expires,
                    ];
                    let quoted: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                    out.push_str(&quoted.join(","));
                    out.push('\n');
                }
            }
            std::fs::write(&path, out)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }

    fn write_truth(&self, dir: &Path) -> anyhow::Result<()> {
        let mut out = String::from("member_id,name,expected\n");
        for coach in &self.coaches {
            let expected: Vec<&str> = coach.expected.iter().copied().collect();
            out.push_str(&format!(
                "{},{},{}\n",
                coach.member_id,
                csv_cell(&format!("{} {}", coach.first, coach.last)),
                expected.join(";")
            ));
        }
        std::fs::write(dir.join("truth.csv"), out)?;
        let mut out = String::from("file,kind,holder,extra\n");
        for file in &self.files {
            out.push_str(&format!(
                "{},{},{},{}\n",
                csv_cell(&file.name),
                file.kind,
                file.holder,
                file.extra
            ));
        }
        std::fs::write(dir.join("truth-files.csv"), out)?;
        // A roster/records pair for `coachcheck match`: the names and emails as printed.
        let mut out = String::from("id,first_name,last_name,email\n");
        for coach in &self.coaches {
            out.push_str(&format!(
                "{},{},{},{}\n",
                coach.member_id,
                csv_cell(&coach.first),
                csv_cell(&coach.last),
                coach.email
            ));
        }
        std::fs::write(dir.join("match-roster.csv"), out)?;
        let mut out = String::from("id,name,email\n");
        for (index, file) in self.files.iter().enumerate() {
            if let Body::Pdf { name, email, .. } = &file.body {
                out.push_str(&format!(
                    "r{index},{},{}\n",
                    csv_cell(name),
                    email.as_deref().unwrap_or("")
                ));
            }
        }
        std::fs::write(dir.join("match-records.csv"), out)?;
        Ok(())
    }
}

/// The status and expiry cells in the vocabulary of roster file `part`.
fn background_cells(coach: &Coach, part: usize) -> (String, String) {
    let fmt_date = |date: NaiveDate| match part % 3 {
        0 => format!("{}/{}/{:02}", date.month(), date.day(), date.year() % 100),
        1 => date.format("%m/%d/%Y").to_string(),
        _ => date.format("%Y-%m-%d").to_string(),
    };
    let future = NaiveDate::from_ymd_opt(2027, 6 + (coach.member_id.len() % 3) as u32, 30);
    let past = NaiveDate::from_ymd_opt(2026, 6, 30);
    let vocab = part % 3;
    let (status, date) = match (coach.background, vocab) {
        (Background::Cleared, 0) => ("Green", future),
        (Background::Cleared, 1) => ("Cleared", future),
        (Background::Cleared, _) => ("Approved", None),
        (Background::Pending, 0) => ("Blue", None),
        (Background::Pending, 1) => ("In Progress", None),
        (Background::Pending, _) => ("Under Review", None),
        (Background::Denied, 0) => ("Red", None),
        (Background::Denied, _) => ("Not Eligible", None),
        (Background::Expired, 0) => ("Green", past),
        (Background::Expired, 1) => ("Expired", past),
        (Background::Expired, _) => ("Needs Renewal", None),
        (Background::Missing, 0) => ("", None),
        (Background::Missing, _) => ("Not Started", None),
    };
    (status.to_string(), date.map(fmt_date).unwrap_or_default())
}

/// Quotes a CSV cell when needed.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn course_kind(course: &Course) -> String {
    match course {
        Course::Intro => "intro".into(),
        Course::Grassroots(format, _) => format!("grassroots_{format}"),
        Course::SafesportCore => "safesport_core".into(),
        Course::SafesportRefresher(n) => format!("safesport_refresher_{n}"),
        Course::Cdc => "concussion_cdc".into(),
        Course::Nfhs => "concussion_nfhs".into(),
    }
}

/// The name as printed on one certificate: usually as on the roster, sometimes a nickname,
/// upper case or without accents. True when it is a nickname (a `name_mismatch` to review).
fn variant_name(rng: &mut Rng, coach: &Coach) -> (String, bool) {
    let full = format!("{} {}", coach.first, coach.last);
    match rng.below(20) {
        0..=1 => (full.to_uppercase(), false),
        2..=3 if full != fold(&full) => (fold(&full), false),
        4..=5 => match &coach.nickname {
            Some(nick) => (format!("{nick} {}", coach.last), true),
            None => (full, false),
        },
        _ => (full, false),
    }
}

/// A file name as coaches send them.
fn file_label(rng: &mut Rng, coach: &Coach, course: &Course) -> String {
    let what = match course {
        Course::Intro => "intro",
        Course::Grassroots(format, _) => format,
        Course::SafesportCore => "SafeSport",
        Course::SafesportRefresher(_) => "SafeSport Refresher",
        Course::Cdc => "HEADS UP",
        Course::Nfhs => "Concussion",
    };
    match rng.below(4) {
        0 => format!("{} {} - {what}.pdf", coach.first, coach.last),
        1 => format!("{}_{}_{what}.pdf", fold(&coach.last), fold(&coach.first)).replace(' ', "_"),
        2 => format!("{}{}-{what}.pdf", fold(&coach.first), fold(&coach.last)).replace(' ', ""),
        _ => format!("Certificate_{}_{what}.pdf", coach.member_id),
    }
}

/// `name`, or `name (2).pdf`… when taken (a mail client saving attachments).
fn unique_file(taken: &mut HashSet<String>, name: &str) -> String {
    let name = name.replace(['/', '\\'], "-");
    if taken.insert(name.clone()) {
        return name;
    }
    let stem = name.trim_end_matches(".pdf");
    (2..)
        .map(|n| format!("{stem} ({n}).pdf"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(name)
}

fn long_date(date: NaiveDate) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// The lines of a certificate: (text, font size).
fn certificate_lines(
    course: &Course,
    name: &str,
    email: Option<&str>,
    date: NaiveDate,
    layout: u8,
) -> Vec<(String, f32)> {
    let mut lines: Vec<(String, f32)> = Vec::new();
    let mut push = |text: String, size: f32| lines.push((text, size));
    match course {
        Course::Intro | Course::Grassroots(..) => {
            let title = match course {
                Course::Grassroots(format, true) => format!("{format} Grassroots Online"),
                Course::Grassroots(format, false) => format!("{format} Grassroots In-Person"),
                _ => "Introduction to Grassroots Coaching".to_string(),
            };
            push("U.S. Soccer Learning Center".into(), 22.0);
            push("Certificate of Completion".into(), 28.0);
            if layout == 0 {
                push(
                    format!("This certifies that {name} has successfully completed"),
                    13.0,
                );
                push(format!("{title} on {}", long_date(date)), 13.0);
            } else {
                push("This certifies that".into(), 13.0);
                push(name.to_string(), 24.0);
                push("has successfully completed".into(), 13.0);
                push(title, 18.0);
                if layout == 1 {
                    push(format!("on {}", long_date(date)), 13.0);
                } else {
                    push(format!("Completed: {}", date.format("%m/%d/%Y")), 13.0);
                }
            }
        }
        Course::SafesportCore | Course::SafesportRefresher(_) => {
            let title = match course {
                Course::SafesportRefresher(1) => {
                    "Refresher 1: Recognizing and Reporting Misconduct"
                }
                Course::SafesportRefresher(2) => "Refresher 2: Preventing Misconduct",
                Course::SafesportRefresher(_) => {
                    "Refresher 3: Creating a Positive Sport Environment"
                }
                _ => "SafeSport Trained Core",
            };
            push("U.S. Center for SafeSport".into(), 22.0);
            push("Certificate of Completion".into(), 28.0);
            push(name.to_string(), 24.0);
            push("has completed the course".into(), 13.0);
            push(title.to_string(), 16.0);
            if layout == 2 {
                push(format!("Completed: {}", date.format("%Y-%m-%d")), 13.0);
            } else {
                push(format!("on {}", long_date(date)), 13.0);
            }
        }
        Course::Cdc => {
            push("Centers for Disease Control and Prevention".into(), 18.0);
            push("HEADS UP to Youth Sports: Online Training".into(), 20.0);
            push("This certifies that".into(), 13.0);
            push(name.to_string(), 24.0);
            push(
                format!("completed the training on {}", long_date(date)),
                13.0,
            );
        }
        Course::Nfhs => {
            push("NFHS Learn".into(), 22.0);
            push("Certificate of Completion".into(), 26.0);
            push(name.to_string(), 24.0);
            push("Concussion in Sports".into(), 18.0);
            push(format!("Completed {}", date.format("%m/%d/%Y")), 13.0);
        }
    }
    if let Some(email) = email {
        lines.push((email.to_string(), 10.0));
    }
    lines
}

/// The embedded font: the whole TTF and its parsed face.
struct Font<'a> {
    data: &'a [u8],
    face: ttf_parser::Face<'a>,
}

impl<'a> Font<'a> {
    fn new(data: &'a [u8]) -> anyhow::Result<Self> {
        let face = ttf_parser::Face::parse(data, 0).context("not a TrueType font")?;
        Ok(Font { data, face })
    }
    fn units(&self) -> f32 {
        f32::from(self.face.units_per_em().max(1))
    }
}

/// Renders one file's bytes.
fn render(file: &CertFile, font: &Font) -> anyhow::Result<Vec<u8>> {
    render_body(&file.body, font, &file.name)
}

fn render_body(body: &Body, font: &Font, file_name: &str) -> anyhow::Result<Vec<u8>> {
    match body {
        Body::Png => Ok(fake_png(file_name)),
        Body::Truncated(inner) => {
            let bytes = render_body(inner, font, file_name)?;
            Ok(bytes[..bytes.len() * 2 / 5].to_vec())
        }
        Body::Pdf {
            course,
            name,
            email,
            date,
            layout,
        } => {
            let lines = certificate_lines(course, name, email.as_deref(), *date, *layout);
            pdf(&lines, font, course_kind(course).as_str())
        }
    }
}

/// A small PNG-looking file (signature and an IHDR chunk header).
fn fake_png(seed: &str) -> Vec<u8> {
    let mut bytes = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    bytes.extend(std::iter::repeat_n(0u8, 2048));
    bytes.extend(seed.bytes());
    bytes
}

fn deflate(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Writes a one-page landscape PDF with the lines centred, in a subset of `font` embedded as
/// a Type0/CIDFontType2 Identity-H font with a ToUnicode CMap.
fn pdf(lines: &[(String, f32)], font: &Font, title: &str) -> anyhow::Result<Vec<u8>> {
    const WIDTH: f32 = 792.0;
    const HEIGHT: f32 = 612.0;
    // Glyphs: new ids in order of first use.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut to_unicode: BTreeMap<u16, char> = BTreeMap::new();
    let mut widths: BTreeMap<u16, u16> = BTreeMap::new();
    let mut encoded: Vec<(Vec<u8>, f32, f32)> = Vec::with_capacity(lines.len());
    for (text, size) in lines {
        let mut hex = Vec::with_capacity(text.len() * 2);
        let mut advance = 0.0f32;
        for ch in text.chars() {
            let Some(glyph) = font.face.glyph_index(ch) else {
                continue;
            };
            let new = remapper.remap(glyph.0);
            let width = font.face.glyph_hor_advance(glyph).unwrap_or(0);
            let scaled = (f32::from(width) * 1000.0 / font.units()).round() as u16;
            widths.insert(new, scaled);
            to_unicode.entry(new).or_insert(ch);
            advance += f32::from(scaled) * size / 1000.0;
            hex.extend_from_slice(&new.to_be_bytes());
        }
        encoded.push((hex, *size, advance));
    }
    let subset = subsetter::subset(font.data, 0, &remapper)
        .map_err(|error| anyhow::anyhow!("font subsetting failed: {error:?}"))?;

    // Content: centred lines from the top, a border.
    let mut content = String::from("q 0.2 0.3 0.6 RG 3 w 36 36 720 540 re S Q\n");
    let mut y = HEIGHT - 120.0;
    for (index, (hex, size, advance)) in encoded.iter().enumerate() {
        let x = ((WIDTH - advance) / 2.0).max(40.0);
        content.push_str(&format!("BT /F1 {size} Tf 1 0 0 1 {x:.2} {y:.2} Tm <"));
        for byte in hex {
            content.push_str(&format!("{byte:02X}"));
        }
        content.push_str("> Tj ET\n");
        y -= size * 1.6 + if index == 1 { 20.0 } else { 6.0 };
    }

    // Subset tag: six letters from the glyph set.
    let mut tag_seed: u64 = 1469598103934665603;
    for gid in remapper.remapped_gids() {
        tag_seed = (tag_seed ^ u64::from(gid)).wrapping_mul(1099511628211);
    }
    let tag: String = (0..6)
        .map(|i| char::from(b'A' + ((tag_seed >> (i * 5)) % 26) as u8))
        .collect();
    let base_font = format!("{tag}+DejaVuSans");

    let mut doc = Document::with_version("1.7");
    let mut font_stream = Stream::new(
        dictionary! { "Length1" => subset.len() as i64, "Filter" => "FlateDecode" },
        deflate(&subset)?,
    );
    font_stream.allows_compression = false;
    let font_file = doc.add_object(font_stream);
    let bbox = font.face.global_bounding_box();
    let scale = |v: i16| (f32::from(v) * 1000.0 / font.units()).round() as i64;
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(base_font.clone().into_bytes()),
        "Flags" => 32,
        "FontBBox" => vec![scale(bbox.x_min).into(), scale(bbox.y_min).into(), scale(bbox.x_max).into(), scale(bbox.y_max).into()],
        "ItalicAngle" => 0,
        "Ascent" => scale(font.face.ascender()),
        "Descent" => scale(font.face.descender()),
        "CapHeight" => scale(font.face.capital_height().unwrap_or(700)),
        "StemV" => 80,
        "FontFile2" => font_file,
    });
    let w: Vec<Object> = widths
        .values()
        .map(|w| Object::Integer(i64::from(*w)))
        .collect();
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => Object::Name(base_font.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        "W" => vec![Object::Integer(1), Object::Array(w)],
        "CIDToGIDMap" => "Identity",
    });
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let pairs: Vec<(&u16, &char)> = to_unicode.iter().collect();
    for chunk in pairs.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (cid, ch) in chunk {
            let mut units = [0u16; 2];
            let hex: String = ch
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{cid:04X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let cmap_bytes = deflate(cmap.as_bytes())?;
    let to_unicode_ref = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        cmap_bytes,
    ));
    let type0 = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(base_font.into_bytes()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid_font.into()],
        "ToUnicode" => to_unicode_ref,
    });
    let content_ref = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        deflate(content.as_bytes())?,
    ));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), WIDTH.into(), HEIGHT.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => type0 } },
        "Contents" => content_ref,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(dictionary! {
        "Producer" => Object::String(b"Skia/PDF m120".to_vec(), StringFormat::Literal),
        "Title" => Object::String(title.as_bytes().to_vec(), StringFormat::Literal),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::with_capacity(subset.len() + 4096);
    doc.save_to(&mut out)?;
    Ok(out)
}

/// The coach-level codes the generator decides; other findings are counted, not compared.
const JUDGED: &[&str] = &[
    "missing_intro_module",
    "missing_course",
    "wrong_course_level",
    "missing_concussion",
    "missing_safesport",
    "safesport_expired",
    "missing_background_check",
    "background_check_expired",
    "background_check_denied",
    "background_check_pending",
];

/// Compares a report folder's `findings.csv` with `truth.csv` (and the file counts with
/// `truth-files.csv`).
fn check(truth: &Path, report: &Path) -> anyhow::Result<()> {
    let expected = read_codes(truth, "member_id", "expected")?;
    let findings = report.join("findings.csv");
    let mut reader = csv::Reader::from_path(&findings)
        .with_context(|| format!("cannot read {}", findings.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let code_at = column("code").context("findings.csv: no code column")?;
    let coach_at = column("coach_id").context("findings.csv: no coach_id column")?;
    let mut actual: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    for row in reader.records() {
        let row = row?;
        let code = row.get(code_at).unwrap_or("").to_string();
        let coach = row.get(coach_at).unwrap_or("").to_string();
        if JUDGED.contains(&code.as_str()) && !coach.is_empty() {
            actual.entry(coach).or_default().insert(code);
        } else {
            *other.entry(code).or_default() += 1;
        }
    }
    let mut wrong = 0usize;
    for (id, want) in &expected {
        let got = actual.get(id).cloned().unwrap_or_default();
        if &got != want {
            wrong += 1;
            if wrong <= 20 {
                println!("{id}: expected [{}], got [{}]", join(want), join(&got));
            }
        }
    }
    let files = truth.with_file_name("truth-files.csv");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    if let Ok(mut reader) = csv::Reader::from_path(&files) {
        for row in reader.records() {
            let row = row?;
            if row.get(3) == Some("false") {
                let kind = row.get(1).unwrap_or("");
                let kind = if kind.ends_with("+nickname") {
                    "nickname"
                } else {
                    kind
                };
                *kinds.entry(kind.to_string()).or_default() += 1;
            }
        }
    }
    println!(
        "check: {} of {} roster coaches have exactly the intended findings ({} differ)",
        expected.len() - wrong,
        expected.len(),
        wrong
    );
    println!(
        "intended file findings: {} nickname certificates (name_mismatch), {} strangers (unmatched_certificate), {} truncated + {} PNG-as-PDF (unreadable_file)",
        kinds.get("nickname").unwrap_or(&0),
        kinds.get("stranger").unwrap_or(&0),
        kinds.get("broken_truncated").unwrap_or(&0),
        kinds.get("broken_png").unwrap_or(&0)
    );
    println!("other findings: {other:?}");
    if wrong > 0 {
        std::process::exit(1);
    }
    Ok(())
}

fn join(codes: &BTreeSet<String>) -> String {
    codes.iter().cloned().collect::<Vec<_>>().join(";")
}

fn read_codes(
    path: &Path,
    key: &str,
    value: &str,
) -> anyhow::Result<BTreeMap<String, BTreeSet<String>>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let k = headers
        .iter()
        .position(|h| h == key)
        .context("no key column")?;
    let v = headers
        .iter()
        .position(|h| h == value)
        .context("no value column")?;
    let mut out = BTreeMap::new();
    for row in reader.records() {
        let row = row?;
        let codes = row
            .get(v)
            .unwrap_or("")
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        out.insert(row.get(k).unwrap_or("").to_string(), codes);
    }
    Ok(out)
}
