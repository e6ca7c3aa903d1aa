//! training: recognises the training columns of registration exports (SafeSport, concussion,
//! CPR/AED, Safe Haven, license or grassroots course, a free-text `Certifications` cell) and
//! reads their cells into [`TrainingRecord`]s with the source "registration record" (file,
//! sheet, row). Pure. It never judges whether a record satisfies a requirement: that is the
//! policy's decision (`accept_registration_records`, SPEC §6); it only reports what the export
//! says, with the course id where one is recognisable and the text as written always.
//!
//! Columns (header folded to letters and digits; columns the roster already maps, such as
//! `Risk Status Expiration`, are left alone):
//!
//! | header mentions | course |
//! | --- | --- |
//! | SafeSport (Refresher) | `safesport_core` (`safesport_refresher`) |
//! | Concussion, HEADS UP | `concussion` |
//! | CPR and AED / First Aid, CPR, AED / CPR / First Aid / BLS | `cpr_aed` / `first_aid_cpr_aed` / `cpr_only` / `first_aid_only` / `bls` |
//! | Intro(duction) to Grassroots, 4v4, 7v7, 9v9, 11v11 | `intro_grassroots`, `grassroots_…` |
//! | Safe Haven | none (AYSO's own course; kept with its label) |
//! | License, Grassroots, Coaching Course/Level/Certification | read from the cell (`Grassroots 7v7 Online`, `National D License`) |
//! | Certifications, Certificates, Training(s), Courses | a list: each item is a record |
//!
//! A column's date role comes from its header: `Exp…`, `Valid Until`, `Due`, `Renew…` give the
//! expiry; `Date`, `Completed`, `Completion`, `Taken`, `Trained`, `Issued` the completion;
//! otherwise the cell says (a status). Cells:
//!
//! | cell | meaning |
//! | --- | --- |
//! | blank, No, N, False, None, N/A, Not Completed, Incomplete, Missing, Required, Pending, In Progress | no record |
//! | Yes, Y, X, True, Complete(d), Current, Valid, Done, Active, Certified, Pass(ed), Approved, Trained, ✓ | completed, no date |
//! | a date (text, or an Excel date) | the column's date; in a status column, the completion date (the earlier reading, so an export's date never makes training look newer than it is) |
//! | `Completed 3/4/2025`, `Yes - 2025-03-04` | completed on that date |
//! | `Exp 6/30/2026`, `Expires 2026-06-30`, `Valid until …` | completed, expiring then |
//! | Expired, Lapsed (with or without a date) | expired |
//! | anything else | no record, and a note for `inspect` |
//!
//! Several columns about one course on one row (`SafeSport` = Yes and `SafeSport Expiration`)
//! make one record.

use std::collections::HashMap;

use chrono::NaiveDate;
use csv::StringRecord;
use serde::{Deserialize, Serialize};

use crate::certificates::Course;
use crate::roster::dates::parse_date;
use crate::roster::headers::{normalize_header, HeaderMap};
use crate::roster::names::fold;

/// Where a registration record was read: the export, the sheet (for a workbook) and the
/// 1-based line (CSV) or row (sheet).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordSource {
    /// The export file, relative to the inbox (the workbook, not `WORKBOOK#SHEET`).
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based line (CSV) or row (sheet).
    pub row: u64,
}

/// What the export says about the training.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingStatus {
    /// Done (judge any dates against the policy).
    Completed,
    /// The export itself says it has expired.
    Expired,
}

/// One training record from a registration export: evidence with the source "registration
/// record" (SPEC §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecord {
    /// The canonical course, when the label names one (`Course::from_id`); `None` for
    /// training with no canonical id (AYSO Safe Haven, "Fingerprinting Certificate").
    pub course: Option<Course>,
    /// The training as written: the column header, or the item of a list or license cell.
    pub label: String,
    /// Completed or expired, as the export says.
    pub status: TrainingStatus,
    /// Completion date, when the export gives one.
    pub completed_on: Option<NaiveDate>,
    /// Expiry date, when the export gives one.
    pub expires_on: Option<NaiveDate>,
    /// Where it was read.
    pub source: RecordSource,
}

impl TrainingRecord {
    /// Whether two records say the same thing (ignoring where they were read).
    pub fn same_content(&self, other: &TrainingRecord) -> bool {
        self.course == other.course
            && self.label == other.label
            && self.status == other.status
            && self.completed_on == other.completed_on
            && self.expires_on == other.expires_on
    }
}

/// Which date a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRole {
    /// A status cell (Yes/No/Expired/a date taken as the completion date).
    Status,
    /// The completion date.
    Completed,
    /// The expiry date.
    Expires,
}

/// What a training column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// One named training; `course` is its canonical id, if it has one.
    Training {
        /// Canonical course id (`safesport_core`), or `None` (Safe Haven).
        course: Option<&'static str>,
        /// Key grouping the columns of one training on a row (the id, or `safe_haven`).
        key: &'static str,
        /// Which date the column holds.
        role: DateRole,
    },
    /// The course is read from the cell (a license or grassroots course column).
    License {
        /// Which date the column holds (dates attach to the license named on the row).
        role: DateRole,
    },
    /// A free-text list of trainings.
    List,
}

/// One recognised training column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingColumn {
    /// 0-based column.
    pub column: usize,
    /// The header as written.
    pub header: String,
    /// What it holds.
    pub kind: ColumnKind,
}

impl TrainingColumn {
    /// The name shown in `inspect`'s column mapping, e.g. `training.safesport_core.expires_on`.
    pub fn field_name(&self) -> String {
        let role = |role: DateRole| match role {
            DateRole::Status => "",
            DateRole::Completed => ".completed_on",
            DateRole::Expires => ".expires_on",
        };
        match &self.kind {
            ColumnKind::Training { key, role: r, .. } => format!("training.{key}{}", role(*r)),
            ColumnKind::License { role: r } => format!("training.license{}", role(*r)),
            ColumnKind::List => "training.list".to_string(),
        }
    }
}

/// Headers (folded, after an optional `coach`/`volunteer`/… prefix) holding a list.
const LIST_HEADERS: &[&str] = &[
    "certifications",
    "certification",
    "certificates",
    "certs",
    "trainings",
    "training",
    "trainingcompleted",
    "trainingscompleted",
    "completedtraining",
    "completedtrainings",
    "courses",
    "coursescompleted",
    "completedcourses",
    "credentials",
    "qualifications",
];

/// Headers (folded) whose cell names a license or grassroots course.
const LICENSE_WORDS: &[&str] = &[
    "licen",
    "grassroots",
    "coachingcourse",
    "coachinglevel",
    "coachingeducation",
    "coachingcertification",
    "coachcertification",
];

const PREFIXES: &[&str] = &["coach", "volunteer", "staff", "adult", "member"];

/// Header cells looked at for training columns (a hostile file may have a million).
const MAX_TRAINING_COLUMNS: usize = 1024;

/// Finds the training columns of a header row; `map` is the roster's own mapping, whose
/// columns are never taken.
pub fn recognize_columns(cells: &[&str], map: &HeaderMap) -> Vec<TrainingColumn> {
    cells
        .iter()
        .enumerate()
        .take(MAX_TRAINING_COLUMNS)
        .filter(|(column, _)| !map.is_mapped_column(*column))
        .filter_map(|(column, cell)| {
            column_kind(cell).map(|kind| TrainingColumn {
                column,
                header: cell.trim().to_string(),
                kind,
            })
        })
        .collect()
}

/// What a header names, if it is a training column (see the module doc).
pub fn column_kind(header: &str) -> Option<ColumnKind> {
    let folded = normalize_header(header);
    if folded.is_empty()
        || ["background", "risk", "livescan", "fingerprint"]
            .iter()
            .any(|word| folded.contains(word))
        || (folded.ends_with("id") && !folded.ends_with("valid") && !folded.ends_with("aid"))
    {
        return None;
    }
    let bare = PREFIXES
        .iter()
        .find_map(|prefix| folded.strip_prefix(prefix).filter(|rest| !rest.is_empty()))
        .unwrap_or(&folded);
    if LIST_HEADERS.contains(&bare) {
        return Some(ColumnKind::List);
    }
    let role = date_role(&folded);
    if folded.contains("safehaven") {
        return Some(ColumnKind::Training {
            course: None,
            key: "safe_haven",
            role,
        });
    }
    if let Some(course) = course_of_text(header) {
        return Some(ColumnKind::Training {
            course: Some(course),
            key: course,
            role,
        });
    }
    if LICENSE_WORDS.iter().any(|word| folded.contains(word)) {
        return Some(ColumnKind::License { role });
    }
    None
}

fn date_role(folded: &str) -> DateRole {
    if [
        "exp",
        "validuntil",
        "validthru",
        "validthrough",
        "due",
        "renew",
    ]
    .iter()
    .any(|word| folded.contains(word))
    {
        DateRole::Expires
    } else if [
        "date",
        "completed",
        "completion",
        "complete",
        "taken",
        "trained",
        "issued",
        "passed",
        "earned",
        "awarded",
    ]
    .iter()
    .any(|word| folded.contains(word))
    {
        DateRole::Completed
    } else {
        DateRole::Status
    }
}

/// The canonical course id a training's name denotes, if any: `SafeSport Trained` →
/// `safesport_core`, `Grassroots 7v7 Online` → `grassroots_7v7`, `National D License` →
/// `license_d`, `Concussion Awareness` → `concussion`, `CPR/AED` → `cpr_aed`. Names with no
/// canonical course (Safe Haven, Sudden Cardiac Arrest, AYSO coach levels) give `None`.
pub fn course_of_text(text: &str) -> Option<&'static str> {
    let folded = fold(text);
    let compact: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |word: &str| words.contains(&word);
    if compact.contains("safesport") {
        return Some(if compact.contains("refresher") {
            "safesport_refresher"
        } else if [
            "mandatoryreporting",
            "sexualmisconduct",
            "emotionalandphysical",
        ]
        .iter()
        .any(|module| compact.contains(module))
            || compact.contains("emotionalphysical")
        {
            "safesport_module"
        } else if compact.contains("youth") || compact.contains("athlete") {
            "safesport_other"
        } else {
            "safesport_core"
        });
    }
    if compact.contains("concussion") || compact.contains("headsup") {
        return Some("concussion");
    }
    if compact.contains("safeandhealthy") || compact.contains("safehealthy") {
        return Some("safe_healthy_environments");
    }
    let cpr = has_word("cpr") || compact.contains("cardiopulmonary");
    let aed = has_word("aed") || compact.contains("defibrillator") || compact.contains("cpraed");
    let first_aid = compact.contains("firstaid");
    if has_word("bls") || compact.contains("basiclifesupport") {
        return Some("bls");
    }
    if compact.contains("cpraed") || aed {
        return Some(if first_aid {
            "first_aid_cpr_aed"
        } else {
            "cpr_aed"
        });
    }
    if cpr {
        return Some("cpr_only");
    }
    if first_aid {
        return Some("first_aid_only");
    }
    if compact.contains("grassroots") && (compact.contains("intro") || has_word("introduction")) {
        return Some("intro_grassroots");
    }
    for (format, id) in [
        ("11v11", "grassroots_11v11"),
        ("9v9", "grassroots_9v9"),
        ("7v7", "grassroots_7v7"),
        ("4v4", "grassroots_4v4"),
    ] {
        let at = compact.find(format);
        // "11v11" must not read as "1v1"; a digit before the format means another number.
        if let Some(at) = at {
            let before = compact.get(..at).and_then(|b| b.chars().last());
            if !before.is_some_and(|c| c.is_ascii_digit()) {
                return Some(id);
            }
        }
    }
    license_of_words(&words)
}

/// `D License`, `License D`, `National D`, `USSF C`, `A-Youth License`, `E license`.
fn license_of_words(words: &[&str]) -> Option<&'static str> {
    let id = |letter: &str| match letter {
        "a" => Some("license_a"),
        "b" => Some("license_b"),
        "c" => Some("license_c"),
        "d" => Some("license_d"),
        "e" => Some("license_e"),
        "f" => Some("license_f"),
        _ => None,
    };
    let is_license = |word: &str| matches!(word, "license" | "licence" | "lic");
    for (index, word) in words.iter().enumerate() {
        let next = words.get(index + 1).copied().unwrap_or_default();
        let previous = index
            .checked_sub(1)
            .and_then(|i| words.get(i))
            .copied()
            .unwrap_or_default();
        if word.len() == 1 {
            let licensed = is_license(next)
                || is_license(previous)
                || matches!(previous, "national" | "ussf" | "grade")
                || (*word == "a" && matches!(next, "youth" | "senior"));
            if licensed {
                if let Some(id) = id(word) {
                    return Some(id);
                }
            }
        }
    }
    None
}

/// What one training cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Not done (blank, No, Pending, …): no record.
    NotDone,
    /// Done; dates when the cell gave them.
    Done {
        /// A date written without a word saying which (taken per the column's role).
        date: Option<NaiveDate>,
        /// A date introduced as an expiry (`Exp 6/30/2026`).
        expires_on: Option<NaiveDate>,
    },
    /// The export says it expired (and when, if it says).
    Expired(Option<NaiveDate>),
    /// Text that is none of these.
    Unknown,
}

const NOT_DONE: &[&str] = &[
    "no",
    "n",
    "false",
    "none",
    "na",
    "n a",
    "not completed",
    "not complete",
    "not done",
    "not started",
    "not taken",
    "not certified",
    "not trained",
    "incomplete",
    "missing",
    "required",
    "needed",
    "pending",
    "in progress",
    "not required",
    "0",
    "",
];

const DONE_WORDS: &[&str] = &[
    "yes",
    "y",
    "x",
    "true",
    "complete",
    "completed",
    "current",
    "valid",
    "done",
    "active",
    "certified",
    "pass",
    "passed",
    "approved",
    "trained",
    "ok",
    "1",
];

const EXPIRY_WORDS: &[&str] = &["exp", "expires", "expiring", "expiration", "valid", "due"];

/// Reads one training cell (see the module doc's table).
pub fn parse_cell(raw: &str) -> Cell {
    let text = raw.trim();
    if text.chars().any(|c| matches!(c, '✓' | '✔' | '☑')) {
        return Cell::Done {
            date: None,
            expires_on: None,
        };
    }
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let phrase = words.join(" ");
    if NOT_DONE.contains(&phrase.as_str()) {
        return Cell::NotDone;
    }
    if let Some(date) = parse_date(text, true) {
        return Cell::Done {
            date: Some(date),
            expires_on: None,
        };
    }
    let first = words.first().copied().unwrap_or_default();
    let rest_date = || rest_after_first_word(text).and_then(|rest| parse_date(rest, false));
    if matches!(first, "expired" | "lapsed") {
        return Cell::Expired(rest_date());
    }
    if EXPIRY_WORDS.contains(&first) {
        let date = rest_after_words(text, 2)
            .into_iter()
            .find_map(|rest| parse_date(rest, false));
        if let Some(date) = date {
            return Cell::Done {
                date: None,
                expires_on: Some(date),
            };
        }
    }
    if DONE_WORDS.contains(&first) {
        let date = rest_date();
        if words.len() == 1 || date.is_some() {
            return Cell::Done {
                date,
                expires_on: None,
            };
        }
    }
    if matches!(first, "no" | "not") {
        return Cell::NotDone;
    }
    Cell::Unknown
}

/// The text after the first word and any separator: `Completed - 3/4/2025` → `3/4/2025`.
fn rest_after_first_word(text: &str) -> Option<&str> {
    let (_, rest) = text.split_once(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '('))?;
    let rest = rest
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '(' | ','))
        .trim_end_matches(')');
    (!rest.is_empty()).then_some(rest)
}

/// The text after one word, and after two (`Valid until 6/30/2026`).
fn rest_after_words(text: &str, most: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    for _ in 0..most {
        match rest_after_first_word(rest) {
            Some(next) => {
                out.push(next);
                rest = next;
            }
            None => break,
        }
    }
    out
}

/// Most notes kept per table.
const MAX_NOTES: usize = 20;
/// Distinct cell texts remembered.
const CACHE_ENTRIES: usize = 10_000;
/// Longest list cell read, in characters; most items taken from one list cell.
const MAX_LIST_CHARS: usize = 4_000;
const MAX_LIST_ITEMS: usize = 50;

/// Reads the training columns of one table's rows.
pub struct TrainingReader<'a> {
    columns: &'a [TrainingColumn],
    file: &'a str,
    sheet: Option<&'a str>,
    cells: HashMap<String, Cell>,
    notes: Vec<String>,
}

impl<'a> TrainingReader<'a> {
    /// A reader for `columns` of a table in `file` (the workbook, for a sheet).
    pub fn new(
        columns: &'a [TrainingColumn],
        file: &'a str,
        sheet: Option<&'a str>,
    ) -> TrainingReader<'a> {
        TrainingReader {
            columns,
            file,
            sheet,
            cells: HashMap::new(),
            notes: Vec::new(),
        }
    }

    /// Cells that could not be read, for `inspect`.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    fn source(&self, row: u64) -> RecordSource {
        RecordSource {
            file: self.file.to_string(),
            sheet: self.sheet.map(str::to_string),
            row,
        }
    }

    fn cell(&mut self, raw: &str) -> Cell {
        if let Some(cell) = self.cells.get(raw) {
            return *cell;
        }
        let cell = parse_cell(raw);
        if self.cells.len() < CACHE_ENTRIES {
            self.cells.insert(raw.to_string(), cell);
        }
        cell
    }

    fn note(&mut self, row: u64, header: &str, raw: &str) {
        if self.notes.len() < MAX_NOTES {
            let shown: String = raw.chars().take(60).collect();
            self.notes.push(format!(
                "line {row}: the {header} cell \"{shown}\" is not Yes/No, a date or Expired; no training record taken from it"
            ));
        }
    }

    /// The training records of one row.
    pub fn read(&mut self, record: &StringRecord, row: u64) -> Vec<TrainingRecord> {
        if self.columns.is_empty() {
            return Vec::new();
        }
        let mut records: Vec<(Option<&'static str>, TrainingRecord)> = Vec::new();
        let mut license_dates: Vec<(DateRole, Cell)> = Vec::new();
        let mut license_records: Vec<usize> = Vec::new();
        let columns = self.columns;
        for column in columns {
            let raw = record.get(column.column).unwrap_or_default().trim();
            if raw.is_empty() {
                continue;
            }
            match &column.kind {
                ColumnKind::Training { course, key, role } => {
                    let cell = self.cell(raw);
                    if cell == Cell::Unknown {
                        self.note(row, &column.header, raw);
                        continue;
                    }
                    let Some(index) = records.iter().position(|(k, _)| *k == Some(*key)) else {
                        let mut record = TrainingRecord {
                            course: (*course).and_then(Course::from_id),
                            label: column.header.clone(),
                            status: TrainingStatus::Completed,
                            completed_on: None,
                            expires_on: None,
                            source: self.source(row),
                        };
                        if apply(&mut record, *role, cell) {
                            records.push((Some(*key), record));
                        }
                        continue;
                    };
                    if let Some((_, record)) = records.get_mut(index) {
                        apply(record, *role, cell);
                    }
                }
                ColumnKind::License {
                    role: DateRole::Status,
                } => {
                    for item in list_items(raw) {
                        license_records.push(records.len());
                        records.push((None, self.item_record(item, row)));
                    }
                }
                ColumnKind::License { role } => {
                    let cell = self.cell(raw);
                    license_dates.push((*role, cell));
                }
                ColumnKind::List => {
                    for item in list_items(raw) {
                        records.push((None, self.item_record(item, row)));
                    }
                }
            }
        }
        // A license date column dates the one license named on the row.
        if let [only] = license_records.as_slice() {
            if let Some((_, record)) = records.get_mut(*only) {
                for (role, cell) in license_dates {
                    apply(record, role, cell);
                }
            }
        }
        records.into_iter().map(|(_, record)| record).collect()
    }

    /// One item of a list or license cell: its course, dates written inside it, its label.
    fn item_record(&self, item: &str, row: u64) -> TrainingRecord {
        let (completed_on, expires_on, expired) = dates_in_item(item);
        TrainingRecord {
            course: course_of_text(item).and_then(Course::from_id),
            label: item.to_string(),
            status: if expired {
                TrainingStatus::Expired
            } else {
                TrainingStatus::Completed
            },
            completed_on,
            expires_on,
            source: self.source(row),
        }
    }
}

/// Applies one cell to a record under a column's role; false when the cell says "not done"
/// (a record that exists only through this cell is then not taken).
fn apply(record: &mut TrainingRecord, role: DateRole, cell: Cell) -> bool {
    match cell {
        Cell::NotDone | Cell::Unknown => false,
        Cell::Done { date, expires_on } => {
            match role {
                DateRole::Expires => {
                    record.expires_on = record.expires_on.or(date).or(expires_on);
                }
                DateRole::Status | DateRole::Completed => {
                    record.completed_on = record.completed_on.or(date);
                    record.expires_on = record.expires_on.or(expires_on);
                }
            }
            true
        }
        Cell::Expired(date) => {
            record.status = TrainingStatus::Expired;
            if role == DateRole::Completed {
                record.completed_on = record.completed_on.or(date);
            } else {
                record.expires_on = record.expires_on.or(date);
            }
            true
        }
    }
}

/// The items of a list cell: split on `,` `;` `|` `•` and line breaks (a comma before a
/// year, as in `Dec 6, 2024`, does not split); empty items and "None" dropped.
pub fn list_items(raw: &str) -> Vec<&str> {
    let text = match raw.char_indices().nth(MAX_LIST_CHARS) {
        Some((end, _)) => raw.get(..end).unwrap_or(raw),
        None => raw,
    };
    let mut items: Vec<&str> = Vec::new();
    let mut start = 0usize;
    for (index, c) in text.char_indices() {
        let splits = match c {
            ';' | '|' | '•' | '\n' | '\r' => true,
            ',' => {
                let after = text.get(index + 1..).unwrap_or_default().trim_start();
                let year_follows = after.len() >= 4
                    && after.bytes().take(4).all(|b| b.is_ascii_digit())
                    && !after
                        .as_bytes()
                        .get(4)
                        .is_some_and(|b| b.is_ascii_alphanumeric());
                !year_follows
            }
            _ => false,
        };
        if splits {
            items.push(text.get(start..index).unwrap_or_default());
            start = index + c.len_utf8();
        }
    }
    items.push(text.get(start..).unwrap_or_default());
    items
        .into_iter()
        .map(|item| item.trim().trim_start_matches(['-', '*']).trim())
        .filter(|item| !item.is_empty())
        .filter(|item| {
            let folded = fold(item);
            !matches!(folded.as_str(), "none" | "n/a" | "na" | "-")
        })
        .take(MAX_LIST_ITEMS)
        .collect()
}

/// Dates written inside a list item: (completed, expires, says expired).
/// `SafeSport (exp 06/30/2026)`, `Concussion - completed 2025-03-04`, `CPR/AED expired`.
fn dates_in_item(item: &str) -> (Option<NaiveDate>, Option<NaiveDate>, bool) {
    let folded = fold(item);
    let expired = folded.contains("expired") || folded.contains("lapsed");
    let mut completed = None;
    let mut expires = None;
    let mut expiry_next = false;
    // Candidate date texts: runs of the item between parentheses, after a colon or dash, or
    // after a keyword.
    let tokens: Vec<&str> = item
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ':' | ';'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut index = 0;
    while index < tokens.len() {
        let token = tokens.get(index).copied().unwrap_or_default();
        let lower = fold(token);
        let lower = lower.trim_end_matches('.');
        if EXPIRY_WORDS.contains(&lower) || lower == "until" || lower == "thru" {
            expiry_next = true;
            index += 1;
            continue;
        }
        if matches!(lower, "completed" | "complete" | "taken" | "on" | "issued") {
            expiry_next = false;
        }
        // A date is one token (`6/30/2026`) or three (`Jun 30 2026`).
        let single = parse_date(token, false).filter(|_| token.chars().any(|c| c.is_ascii_digit()));
        let triple = || {
            let joined = tokens.get(index..index + 3)?.join(" ");
            parse_date(&joined, false)
        };
        let (date, used) = match single {
            Some(date) if token.len() >= 6 => (Some(date), 1),
            _ => match triple() {
                Some(date) if token.chars().all(char::is_alphabetic) => (Some(date), 3),
                _ => (None, 1),
            },
        };
        if let Some(date) = date {
            if expiry_next || expired {
                expires = expires.or(Some(date));
            } else {
                completed = completed.or(Some(date));
            }
            expiry_next = false;
        }
        index += used;
    }
    (completed, expires, expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn kind(header: &str) -> Option<String> {
        column_kind(header).map(|kind| {
            TrainingColumn {
                column: 0,
                header: header.to_string(),
                kind,
            }
            .field_name()
        })
    }

    #[test]
    fn training_columns_are_recognised_by_header() {
        let cases: &[(&str, Option<&str>)] = &[
            ("SafeSport", Some("training.safesport_core")),
            ("Safe Sport", Some("training.safesport_core")),
            (
                "SafeSport Expiration",
                Some("training.safesport_core.expires_on"),
            ),
            (
                "SafeSport Exp Date",
                Some("training.safesport_core.expires_on"),
            ),
            (
                "SafeSport Completed",
                Some("training.safesport_core.completed_on"),
            ),
            (
                "SafeSport Completion Date",
                Some("training.safesport_core.completed_on"),
            ),
            (
                "Safe Sport Valid Until",
                Some("training.safesport_core.expires_on"),
            ),
            (
                "SafeSport Refresher Date",
                Some("training.safesport_refresher.completed_on"),
            ),
            ("Concussion", Some("training.concussion")),
            (
                "Concussion Training Date",
                Some("training.concussion.completed_on"),
            ),
            ("CDC Heads Up", Some("training.concussion")),
            ("CPR/AED", Some("training.cpr_aed")),
            ("CPR / AED Expires", Some("training.cpr_aed.expires_on")),
            ("First Aid/CPR/AED", Some("training.first_aid_cpr_aed")),
            ("CPR", Some("training.cpr_only")),
            ("First Aid", Some("training.first_aid_only")),
            ("BLS Certification", Some("training.bls")),
            ("Safe Haven", Some("training.safe_haven")),
            ("Intro to Grassroots", Some("training.intro_grassroots")),
            ("7v7 Grassroots", Some("training.grassroots_7v7")),
            ("License", Some("training.license")),
            ("Coaching License", Some("training.license")),
            ("Highest License", Some("training.license")),
            ("License Date", Some("training.license.completed_on")),
            ("License Expiration", Some("training.license.expires_on")),
            ("Grassroots Course", Some("training.license")),
            ("Certifications", Some("training.list")),
            ("Coach Certifications", Some("training.list")),
            ("Trainings", Some("training.list")),
            ("Courses Completed", Some("training.list")),
            ("Risk Status", None),
            ("Background Check", None),
            ("Team", None),
            ("Vol Comment", None),
            ("Phone", None),
            ("SafeSport ID", None),
        ];
        for (header, expected) in cases {
            assert_eq!(kind(header).as_deref(), *expected, "{header}");
        }
    }

    #[test]
    fn columns_the_roster_maps_are_not_training() {
        let cells = ["Name", "Risk Status Expiration", "SafeSport", "Expires"];
        let map = HeaderMap::new(&cells, &[]);
        let found: Vec<(usize, String)> = recognize_columns(&cells, &map)
            .into_iter()
            .map(|c| (c.column, c.field_name()))
            .collect();
        assert_eq!(found, [(2, "training.safesport_core".to_string())]);
    }

    #[test]
    fn cells_read_as_the_export_means_them() {
        let done = |date, expires_on| Cell::Done { date, expires_on };
        let cases: &[(&str, Cell)] = &[
            ("Yes", done(None, None)),
            ("Y", done(None, None)),
            ("x", done(None, None)),
            ("TRUE", done(None, None)),
            ("Completed", done(None, None)),
            ("Current", done(None, None)),
            ("✓", done(None, None)),
            ("No", Cell::NotDone),
            ("N", Cell::NotDone),
            ("FALSE", Cell::NotDone),
            ("", Cell::NotDone),
            ("  ", Cell::NotDone),
            ("N/A", Cell::NotDone),
            ("Not Completed", Cell::NotDone),
            ("Pending", Cell::NotDone),
            ("In Progress", Cell::NotDone),
            ("Incomplete", Cell::NotDone),
            ("3/4/2025", done(day(2025, 3, 4), None)),
            ("2025-03-04", done(day(2025, 3, 4), None)),
            ("2025-03-04T00:00:00", done(day(2025, 3, 4), None)),
            ("45720", done(day(2025, 3, 4), None)),
            ("Mar 4, 2025", done(day(2025, 3, 4), None)),
            ("Completed 3/4/2025", done(day(2025, 3, 4), None)),
            ("Yes - 2025-03-04", done(day(2025, 3, 4), None)),
            ("Exp 6/30/2026", done(None, day(2026, 6, 30))),
            ("Expires: 2026-06-30", done(None, day(2026, 6, 30))),
            ("Valid until 06/30/2026", done(None, day(2026, 6, 30))),
            ("Expired", Cell::Expired(None)),
            ("EXPIRED", Cell::Expired(None)),
            ("Expired 6/30/2025", Cell::Expired(day(2025, 6, 30))),
            ("Lapsed", Cell::Expired(None)),
            ("Maybe later", Cell::Unknown),
            ("Yes but check", Cell::Unknown),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_cell(raw), *expected, "{raw:?}");
        }
    }

    #[test]
    fn course_names_map_to_canonical_ids() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "SafeSport Trained - U.S. Soccer Federation",
                Some("safesport_core"),
            ),
            ("SafeSport Refresher 2", Some("safesport_refresher")),
            ("Mandatory Reporting (SafeSport)", Some("safesport_module")),
            ("Concussion Awareness", Some("concussion")),
            ("CDC HEADS UP", Some("concussion")),
            ("CPR/AED", Some("cpr_aed")),
            ("Adult First Aid/CPR/AED", Some("first_aid_cpr_aed")),
            ("BLS Provider", Some("bls")),
            ("CPR only", Some("cpr_only")),
            (
                "Introduction to Grassroots Coaching",
                Some("intro_grassroots"),
            ),
            ("Grassroots 7v7 Online", Some("grassroots_7v7")),
            ("11v11 In-Person", Some("grassroots_11v11")),
            ("4v4 Blended", Some("grassroots_4v4")),
            ("National D License", Some("license_d")),
            ("USSF C", Some("license_c")),
            ("D License", Some("license_d")),
            ("A-Youth", Some("license_a")),
            ("F license", Some("license_f")),
            (
                "Introduction to Safe and Healthy Playing Environments",
                Some("safe_healthy_environments"),
            ),
            ("AYSOs Safe Haven", None),
            ("Sudden Cardiac Arrest", None),
            ("Fingerprinting Certificate", None),
            ("Intermediate (14U) Coach", None),
            ("12U Coach", None),
            ("Team A", None),
        ];
        for (text, expected) in cases {
            assert_eq!(course_of_text(text), *expected, "{text}");
        }
    }

    #[test]
    fn a_certifications_cell_is_a_list_of_items() {
        assert_eq!(
            list_items("Concussion Awareness, Fingerprinting Certificate, Sudden Cardiac Arrest, AYSOs Safe Haven, Intermediate (14U) Coach"),
            [
                "Concussion Awareness",
                "Fingerprinting Certificate",
                "Sudden Cardiac Arrest",
                "AYSOs Safe Haven",
                "Intermediate (14U) Coach"
            ]
        );
        assert_eq!(
            list_items("SafeSport (completed Dec 6, 2024); CPR/AED exp 6/30/2026\nNone"),
            ["SafeSport (completed Dec 6, 2024)", "CPR/AED exp 6/30/2026"]
        );
        assert!(list_items(" , ;").is_empty());
        assert_eq!(
            dates_in_item("SafeSport (completed Dec 6, 2024)"),
            (day(2024, 12, 6), None, false)
        );
        assert_eq!(
            dates_in_item("CPR/AED exp 6/30/2026"),
            (None, day(2026, 6, 30), false)
        );
        assert_eq!(dates_in_item("CPR/AED expired"), (None, None, true));
        assert_eq!(
            dates_in_item("Intermediate (14U) Coach"),
            (None, None, false)
        );
    }

    fn read(headers: &[&str], row: &[&str]) -> Vec<TrainingRecord> {
        let map = HeaderMap::new(headers, &[]);
        let columns = recognize_columns(headers, &map);
        let mut reader = TrainingReader::new(&columns, "export.xlsx", Some("Volunteers"));
        reader.read(&StringRecord::from(row.to_vec()), 7)
    }

    #[test]
    fn columns_of_one_course_make_one_record() {
        let records = read(
            &[
                "Name",
                "SafeSport",
                "SafeSport Expiration",
                "Concussion",
                "Safe Haven",
            ],
            &["Ana Ruiz", "Yes", "6/30/2026", "No", "Yes"],
        );
        let summary: Vec<_> = records
            .iter()
            .map(|r| {
                (
                    r.course.map(Course::id),
                    r.label.as_str(),
                    r.status,
                    r.expires_on,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Some("safesport_core"),
                    "SafeSport",
                    TrainingStatus::Completed,
                    day(2026, 6, 30)
                ),
                (None, "Safe Haven", TrainingStatus::Completed, None),
            ]
        );
        assert_eq!(
            records.first().map(|r| r.source.clone()),
            Some(RecordSource {
                file: "export.xlsx".into(),
                sheet: Some("Volunteers".into()),
                row: 7
            })
        );
    }

    #[test]
    fn a_license_column_names_the_course_and_its_date_column_dates_it() {
        let records = read(
            &["Name", "Team", "License", "License Date"],
            &["Ana Ruiz", "U10", "Grassroots 7v7 Online", "2024-09-01"],
        );
        assert_eq!(records.len(), 1);
        let record = records.first().unwrap();
        assert_eq!(record.course.map(Course::id), Some("grassroots_7v7"));
        assert_eq!(record.label, "Grassroots 7v7 Online");
        assert_eq!(record.completed_on, day(2024, 9, 1));
    }

    #[test]
    fn an_expired_status_with_a_date_keeps_both() {
        let records = read(
            &["Name", "CPR/AED", "CPR/AED Expires"],
            &["Ana Ruiz", "Expired", "1/31/2025"],
        );
        assert_eq!(records.len(), 1);
        let record = records.first().unwrap();
        assert_eq!(record.status, TrainingStatus::Expired);
        assert_eq!(record.expires_on, day(2025, 1, 31));
    }
}
