//! roster: reads roster exports and background-check lists (CSV, any common encoding and
//! delimiter; workbooks sheet by sheet, see [`workbook`]) into rows, then merges rows into one
//! [`Coach`] per person. Never writes; every row it cannot use becomes a finding naming file
//! (`WORKBOOK#SHEET` for a sheet) and line, and the rest of the file loads. Training columns
//! (SafeSport, concussion, CPR/AED, licenses, a certifications list) become
//! [`TrainingRecord`]s on the row and the coach ([`training`]); judging them is policy's job.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use csv::StringRecord;
use serde::{Deserialize, Serialize};

use crate::findings::{Code, Finding};

pub mod background;
pub mod dates;
pub mod decode;
pub mod division;
pub mod headers;
mod merge;
pub mod names;
pub mod role;
#[cfg(test)]
mod tests;
pub mod training;
pub mod workbook;
#[cfg(test)]
mod workbook_tests;

pub use training::{RecordSource, TrainingRecord, TrainingStatus};

use headers::{Field, HeaderMap};
use names::EmailCell;

/// Where a row came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourcePosition {
    /// File, relative to the inbox.
    pub file: String,
    /// 1-based physical line of the row's first line.
    pub line: u64,
}

/// A coach's role on one team (SPEC §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Head Coach, HC, Coach.
    HeadCoach,
    /// Assistant Coach, Asst Coach, AC.
    AssistantCoach,
    /// Manager, Team Manager.
    TeamManager,
    /// Anything else.
    Other,
}

impl Role {
    /// The report spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::HeadCoach => "head_coach",
            Role::AssistantCoach => "assistant_coach",
            Role::TeamManager => "team_manager",
            Role::Other => "other",
        }
    }
}

/// A background check's state, normalised from any vendor vocabulary (SPEC §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackgroundStatus {
    /// Approved, Cleared, Green, Fulfilled, Eligible, Pass, Complete(d), Yes.
    Cleared,
    /// Pending, Gray, Review, In Progress.
    Pending,
    /// Expired (or an expiry date before as-of, judged by policy).
    Expired,
    /// Denied, Red, Ineligible, Yellow/Brown (no coaching).
    Denied,
    /// Blank or absent.
    Missing,
}

/// A background check as read from a roster or list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackgroundCheck {
    /// Normalised status.
    pub status: BackgroundStatus,
    /// The status as written in the file.
    pub raw: Option<String>,
    /// The date the check was done, if given.
    pub checked_on: Option<NaiveDate>,
    /// The expiry date, if given.
    pub expires_on: Option<NaiveDate>,
    /// Where it was read.
    pub source: Option<SourcePosition>,
}

impl BackgroundCheck {
    /// No background check information.
    pub fn missing() -> Self {
        BackgroundCheck {
            status: BackgroundStatus::Missing,
            raw: None,
            checked_on: None,
            expires_on: None,
            source: None,
        }
    }
}

/// One team a coach is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamAssignment {
    /// Team name as written.
    pub team: String,
    /// Division as written (may be empty).
    pub division: String,
    /// The age group (10 for U10), when the division could be read.
    pub age_group: Option<u8>,
    /// Role on this team.
    pub role: Role,
    /// Where it was read.
    pub source: SourcePosition,
}

/// One usable roster row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    /// Where it was read.
    pub source: SourcePosition,
    /// Member / admin id, if the file has one.
    pub member_id: Option<String>,
    /// Given name(s).
    pub first_name: String,
    /// Family name(s).
    pub last_name: String,
    /// Email, lower-cased and trimmed, if valid.
    pub email: Option<String>,
    /// Team name (may be empty).
    pub team: String,
    /// Division as written (may be empty).
    pub division: String,
    /// Age group, when the division (or team code, or birth year) could be read.
    pub age_group: Option<u8>,
    /// Role.
    pub role: Role,
    /// Background check on this row.
    pub background: BackgroundCheck,
    /// Training the registration system records on this row (SafeSport, concussion, …).
    #[serde(default)]
    pub training_records: Vec<TrainingRecord>,
}

/// One row of a background-check list (name/email + status, no team).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackgroundRow {
    /// Where it was read.
    pub source: SourcePosition,
    /// Member id, if given.
    pub member_id: Option<String>,
    /// Full name as written.
    pub name: String,
    /// Email, if given.
    pub email: Option<String>,
    /// The check.
    pub check: BackgroundCheck,
}

/// A coach: one person, with every team they are on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coach {
    /// Stable id: the member id when the roster has one, else derived from the name.
    pub id: String,
    /// Given name(s).
    pub first_name: String,
    /// Family name(s).
    pub last_name: String,
    /// Email, if any row gave one.
    pub email: Option<String>,
    /// Every team.
    pub teams: Vec<TeamAssignment>,
    /// Background check (the most favourable or most recent of the rows).
    pub background: BackgroundCheck,
    /// Training records from the registration exports, every row of the person's, in file
    /// order, identical records once (see [`TrainingRecord`]).
    #[serde(default)]
    pub training_records: Vec<TrainingRecord>,
}

impl Coach {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

/// All coaches of the league.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// Coaches in first-seen order.
    pub coaches: Vec<Coach>,
}

/// What a CSV file was taken for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvKind {
    /// A coach roster export.
    Roster,
    /// A background-check list.
    BackgroundChecks,
    /// Neither.
    Unknown,
}

/// Options for reading CSVs.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// The year the season ends (2027 for 2026-27): birth-year divisions are judged against it.
    pub season_end_year: i32,
    /// Extra header synonyms from config: (header as written, field name).
    pub extra_headers: Vec<(String, String)>,
}

/// One CSV file, read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CsvFile {
    /// File, relative to the inbox.
    pub file: String,
    /// What it was taken for.
    pub kind: CsvKind,
    /// Detected encoding (e.g. `UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: String,
    /// Detected delimiter.
    pub delimiter: char,
    /// Source header → field name, for the columns that were mapped.
    pub columns: Vec<(String, String)>,
    /// Data rows seen (usable or not).
    pub rows: usize,
    /// Usable roster rows.
    pub roster_rows: Vec<RosterRow>,
    /// Usable background-check rows.
    pub background_rows: Vec<BackgroundRow>,
    /// Problems, each naming file and line.
    pub findings: Vec<Finding>,
    /// Lines deliberately skipped that are not problems (a trailing `Total: 42`, a repeated
    /// header, a footer), and ignored config entries: for `inspect`, not findings.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The sheet, for a table read from a workbook (`file` is then `WORKBOOK#SHEET`).
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based line (CSV) or row (sheet) of the header, when one was found.
    #[serde(default)]
    pub header_row: Option<u64>,
}

/// Non-blank rows looked at for the header before giving up.
const HEADER_SEARCH_ROWS: usize = 50;
/// Findings of one code kept per file; the rest are counted in one closing finding.
const FINDINGS_PER_CODE: usize = 1000;
/// Notes kept per file.
const MAX_NOTES: usize = 100;
/// Distinct division, role, status and date texts remembered per file.
const CACHE_ENTRIES: usize = 10_000;
/// Most rows reserved ahead of reading.
const MAX_RESERVED_ROWS: usize = 1_000_000;
/// Longest cell text quoted in a message.
const QUOTE_CHARS: usize = 60;

/// Reads one CSV from its bytes. `file` is the inbox-relative name used in findings.
///
/// Never fails: a file that is not a roster or background-check list comes back as
/// [`CsvKind::Unknown`] with one `roster_row_invalid` finding naming it (on the header line),
/// and each unusable row is a finding naming file and line while the rest loads.
///
/// The kind follows the header: a name column and a team, division or role column (or no
/// background-check column at all, e.g. a one-column "Coach Name" sheet) is a roster; a name
/// or email column with a background-check status or date column and no team, division or
/// role is a background-check list; anything else is unknown.
#[tracing::instrument(level = "debug", skip_all, fields(file = %file))]
pub fn read_csv(file: &str, bytes: &[u8], options: &CsvOptions) -> CsvFile {
    let decoded = decode::decode(bytes);
    let delimiter = decode::sniff_delimiter(&decoded.text);
    let out = CsvFile {
        file: file.to_string(),
        kind: CsvKind::Unknown,
        encoding: decoded.encoding.to_string(),
        delimiter,
        columns: Vec::new(),
        rows: 0,
        roster_rows: Vec::new(),
        background_rows: Vec::new(),
        findings: Vec::new(),
        notes: Vec::new(),
        sheet: None,
        header_row: None,
    };
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(u8::try_from(delimiter).unwrap_or(b','))
        .from_reader(decoded.text.as_bytes());
    let mut rows = CsvRows {
        reader,
        errors: 0,
        lines: LineCounter::new(&decoded.text),
        // One row per line at most.
        line_count: decoded.text.bytes().filter(|b| *b == b'\n').count(),
    };
    let mut out = read_rows(out, &mut rows, options);
    if rows.errors > 0 {
        out.notes.push(format!(
            "{} lines could not be split into cells",
            rows.errors
        ));
    }
    out
}

/// Reads a roster or list file by what its bytes are (SPEC §3): a workbook (`.xlsx`, `.xlsm`,
/// `.xls`, `.ods`, whatever its name) gives one [`CsvFile`] per sheet, anything else is read as
/// CSV text. When the contents disagree with the name (a workbook named `.csv`, text named
/// `.xlsx`) the first table carries a `content_type_mismatch` finding (info). Returns `None`
/// when the bytes are a PDF or an image: the caller reads it as a certificate.
pub fn read_table(file: &str, bytes: &[u8], options: &CsvOptions) -> Option<Vec<CsvFile>> {
    use crate::inbox::sniff::{mismatch_finding, sniff, Content};
    let content = sniff(bytes);
    let mut tables = match content {
        Content::Pdf | Content::Image(_) => return None,
        Content::Workbook(_) => workbook::read_workbook(file, bytes, options),
        // A damaged workbook (a truncated ZIP) is still a workbook, not text.
        Content::Text if bytes.starts_with(b"PK\x03\x04") && is_workbook_name(file) => {
            return Some(workbook::read_workbook(file, bytes, options));
        }
        Content::Text => vec![read_csv(file, bytes, options)],
    };
    if !content.matches_name(file) {
        if let Some(first) = tables.first_mut() {
            first.findings.insert(0, mismatch_finding(file, content));
        }
    }
    Some(tables)
}

/// Whether a name ends in a workbook extension.
fn is_workbook_name(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// A source of table rows: the lines of a CSV, or the rows of one workbook sheet.
pub(crate) trait RowSource {
    /// Fills `record` with the next row's cells and returns its 1-based line (CSV) or row
    /// (sheet) number; `None` at the end.
    fn next_row(&mut self, record: &mut StringRecord) -> Option<u64>;

    /// At most how many rows are left (for reserving; may overestimate).
    fn rows_hint(&self) -> usize;
}

/// The records of a CSV, numbered by physical line.
struct CsvRows<'a> {
    reader: csv::Reader<&'a [u8]>,
    errors: usize,
    lines: LineCounter<'a>,
    line_count: usize,
}

impl RowSource for CsvRows<'_> {
    fn next_row(&mut self, record: &mut StringRecord) -> Option<u64> {
        next_record(&mut self.reader, record, &mut self.errors).then(|| self.lines.line_of(record))
    }

    fn rows_hint(&self) -> usize {
        self.line_count
    }
}

/// Classifies a table by its header row and reads its data rows into `out` (whose `file`,
/// `encoding`, `delimiter` and `sheet` are already set): the part of [`read_csv`] shared
/// with workbook sheets. See [`read_csv`] for what it decides.
pub(crate) fn read_rows(
    mut out: CsvFile,
    source: &mut dyn RowSource,
    options: &CsvOptions,
) -> CsvFile {
    let file = out.file.clone();
    let file = file.as_str();
    let (extra, rejected) = headers::extra_synonyms(&options.extra_headers);
    out.notes.extend(rejected);
    let season_end_year = if options.season_end_year == 0 {
        current_season_end_year()
    } else {
        options.season_end_year
    };
    let mut record = StringRecord::new();

    // The header: the first row that maps like one, below any preamble.
    let mut first_row: Option<(u64, Vec<String>)> = None;
    let mut header: Option<(u64, HeaderMap, Vec<String>)> = None;
    let mut looked = 0usize;
    let mut non_blank = 0usize;
    while let Some(line) = source.next_row(&mut record) {
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if filled == 0 {
            continue;
        }
        non_blank += 1;
        if first_row.is_none() {
            first_row = Some((line, cells.iter().take(20).map(|c| quote(c)).collect()));
        }
        let map = HeaderMap::new(&cells, &extra);
        if map.is_header(filled) {
            let as_written = cells.iter().map(|c| (*c).to_string()).collect();
            header = Some((line, map, as_written));
            break;
        }
        looked += 1;
        if looked >= HEADER_SEARCH_ROWS {
            break;
        }
    }

    let Some((header_line, map, header_cells)) = header else {
        while source.next_row(&mut record).is_some() {
            non_blank += usize::from(record.iter().any(|c| !c.trim().is_empty()));
        }
        out.rows = non_blank.saturating_sub(1);
        let (line, cells) = first_row.unwrap_or((1, Vec::new()));
        let message = if cells.is_empty() {
            format!("{file} is empty: it is not a roster or background-check list")
        } else {
            format!(
                "{file} is not a roster or background-check list: its first line was [{}]; \
                 expected a name column (First Name and Last Name, or Name)",
                cells.join(", ")
            )
        };
        out.findings.push(
            Finding::new(Code::RosterRowInvalid, message, unrecognized_action(file)).at(file, line),
        );
        return out;
    };
    out.header_row = Some(header_line);

    if looked > 0 {
        let first_line = first_row.as_ref().map_or(1, |(line, _)| *line);
        out.notes.push(format!(
            "lines {first_line}-{}: {looked} lines above the header skipped",
            header_line.saturating_sub(1)
        ));
    }
    let header_refs: Vec<&str> = header_cells.iter().map(String::as_str).collect();
    let training_columns = training::recognize_columns(&header_refs, &map);
    out.columns = map.columns();
    out.columns.extend(
        training_columns
            .iter()
            .map(|column| (column.header.clone(), column.field_name())),
    );
    out.kind = kind_of(&map);
    if out.kind == CsvKind::Unknown {
        while source.next_row(&mut record).is_some() {
            out.rows += usize::from(record.iter().any(|c| !c.trim().is_empty()));
        }
        let headers: Vec<String> = out
            .columns
            .iter()
            .map(|(h, f)| format!("{h} → {f}"))
            .collect();
        out.findings.push(
            Finding::new(
                Code::RosterRowInvalid,
                format!(
                    "{file} is not a roster or background-check list: the header on line \
                     {header_line} has no name column (found [{}]); expected First Name and \
                     Last Name, or Name",
                    headers.join(", ")
                ),
                unrecognized_action(file),
            )
            .at(file, header_line),
        );
        return out;
    }

    // Reserving up front avoids copying a large Vec while it grows.
    let expected_rows = source.rows_hint().min(MAX_RESERVED_ROWS);
    match out.kind {
        CsvKind::Roster => out.roster_rows.reserve(expected_rows),
        CsvKind::BackgroundChecks => out.background_rows.reserve(expected_rows),
        CsvKind::Unknown => {}
    }
    let (workbook, sheet) = match &out.sheet {
        Some(sheet) => (
            file.strip_suffix(sheet.as_str())
                .and_then(|rest| rest.strip_suffix('#'))
                .unwrap_or(file),
            Some(sheet.as_str()),
        ),
        None => (file, None),
    };
    let mut training_notes = Vec::new();
    let mut rows = RowReader {
        file,
        map: &map,
        season_end_year,
        findings: FindingSink::default(),
        divisions: HashMap::new(),
        statuses: HashMap::new(),
        roles: HashMap::new(),
        dates: HashMap::new(),
        training: training::TrainingReader::new(&training_columns, workbook, sheet),
    };
    while let Some(line) = source.next_row(&mut record) {
        match rows.shape(&record, &header_cells) {
            RowShape::Blank => continue,
            RowShape::Skipped(why) => {
                if out.notes.len() < MAX_NOTES {
                    out.notes.push(format!("line {line}: {why}"));
                }
                continue;
            }
            RowShape::Data => {}
        }
        out.rows += 1;
        match out.kind {
            CsvKind::Roster => {
                if let Some(row) = rows.roster_row(&record, line) {
                    out.roster_rows.push(row);
                }
            }
            CsvKind::BackgroundChecks => {
                if let Some(row) = rows.background_row(&record, line) {
                    out.background_rows.push(row);
                }
            }
            CsvKind::Unknown => {}
        }
    }
    training_notes.extend(rows.training.take_notes());
    for note in training_notes {
        if out.notes.len() < MAX_NOTES {
            out.notes.push(note);
        }
    }
    out.findings = rows.findings.finish(file);
    tracing::debug!(
        rows = out.rows,
        roster_rows = out.roster_rows.len(),
        background_rows = out.background_rows.len(),
        findings = out.findings.len(),
        "table read"
    );
    out
}

/// Merges the roster rows of every file into one coach per person (SPEC §4): same member
/// id, or same email (when the given names agree, so a family's shared email does not merge
/// two people), or same normalised name where neither row has a conflicting email.
///
/// Only files of kind [`CsvKind::Roster`] are merged. The findings returned are those of
/// the roster files (`roster_row_invalid`, `unknown_division`, with the coach id set when
/// the row loaded) followed by `duplicate_roster_entry`: a caller reports these instead of
/// the roster files' own `findings`, and reports `findings` of files of other kinds itself.
/// A merged coach's background check: a denied check on any row wins, else the cleared one
/// with the latest date, else pending, else expired, else missing (rules in `merge.rs`).
pub fn build_roster(files: &[CsvFile]) -> (Roster, Vec<Finding>) {
    merge::build(files)
}

/// The year the current season ends, with the season starting August 1 (SPEC §6).
fn current_season_end_year() -> i32 {
    let today = chrono::Local::now().date_naive();
    if today.month() >= 8 {
        today.year() + 1
    } else {
        today.year()
    }
}

fn kind_of(map: &HeaderMap) -> CsvKind {
    let roster_like = map.has(Field::Team) || map.has(Field::Division) || map.has(Field::Role);
    let background = map.has(Field::BackgroundCheck)
        || map.has(Field::BackgroundCheckDate)
        || map.has(Field::BackgroundCheckExpires);
    if map.has_name() && (roster_like || !background) {
        CsvKind::Roster
    } else if (map.has_name() || map.has(Field::Email)) && background && !roster_like {
        CsvKind::BackgroundChecks
    } else {
        CsvKind::Unknown
    }
}

fn unrecognized_action(file: &str) -> String {
    format!(
        "If {file} is a roster, export it again with the coaches' names (or map its name column \
         in the config's extra_headers); otherwise move it out of the inbox"
    )
}

/// Reads the next record; a record the csv reader refuses is counted and skipped.
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut StringRecord,
    errors: &mut usize,
) -> bool {
    loop {
        match reader.read_record(record) {
            Ok(more) => return more,
            Err(error) => {
                *errors += 1;
                tracing::debug!(%error, "csv record skipped");
                if *errors > 1000 {
                    return false;
                }
            }
        }
    }
}

/// Numbers physical lines. The csv reader's own line count lags by one after a CRLF (the LF
/// is consumed as the start of the next record), so lines are counted here from each
/// record's byte offset, skipping the line end it starts on. Offsets only grow, so the whole
/// file is scanned once.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based physical line `record` starts on.
    fn line_of(&mut self, record: &StringRecord) -> u64 {
        let Some(position) = record.position() else {
            return self.line;
        };
        let mut start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.min(self.text.len());
        if start > self.offset {
            let skipped = self.text.get(self.offset..start).unwrap_or_default();
            self.line += skipped.iter().filter(|b| **b == b'\n').count() as u64;
            self.offset = start;
        }
        self.line
    }
}

/// A cell quoted for a message, shortened when long.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > QUOTE_CHARS {
        let short: String = text.chars().take(QUOTE_CHARS).collect();
        format!("\"{short}…\"")
    } else {
        format!("\"{text}\"")
    }
}

/// What a data line is.
enum RowShape {
    /// No cell has text.
    Blank,
    /// A summary, footer, note or repeated header: skipped, with the reason.
    Skipped(String),
    /// A row to read.
    Data,
}

/// Findings of one file, at most [`FINDINGS_PER_CODE`] per code.
#[derive(Default)]
struct FindingSink {
    findings: Vec<Finding>,
    counts: HashMap<Code, usize>,
}

impl FindingSink {
    fn push(&mut self, finding: Finding) {
        let count = self.counts.entry(finding.code).or_default();
        *count += 1;
        if *count <= FINDINGS_PER_CODE {
            self.findings.push(finding);
        }
    }

    fn finish(mut self, file: &str) -> Vec<Finding> {
        let mut over: Vec<(Code, usize)> = self
            .counts
            .iter()
            .filter(|(_, count)| **count > FINDINGS_PER_CODE)
            .map(|(code, count)| (*code, count - FINDINGS_PER_CODE))
            .collect();
        over.sort();
        for (code, more) in over {
            self.findings.push(
                Finding::new(
                    code,
                    format!(
                        "{file}: {more} more lines have {} problems not listed",
                        code.as_str()
                    ),
                    format!("Fix the lines listed above in {file}, then run again to see the rest"),
                )
                .file(file),
            );
        }
        self.findings
    }
}

/// Reads the data rows of one file.
struct RowReader<'a> {
    file: &'a str,
    map: &'a HeaderMap,
    season_end_year: i32,
    findings: FindingSink,
    /// Division or team text → age group.
    divisions: HashMap<String, Option<u8>>,
    /// Status text → status.
    statuses: HashMap<String, (BackgroundStatus, Option<NaiveDate>)>,
    /// Role text → role.
    roles: HashMap<String, Role>,
    /// Date text → date.
    dates: HashMap<String, Option<NaiveDate>>,
    /// Training columns (SafeSport, concussion, licenses, …) of this table.
    training: training::TrainingReader<'a>,
}

impl RowReader<'_> {
    /// The first non-empty cell of `field`, trimmed ("" when none).
    fn value<'r>(&self, record: &'r StringRecord, field: Field) -> &'r str {
        self.map
            .columns_of(field)
            .iter()
            .filter_map(|column| record.get(*column))
            .map(str::trim)
            .find(|value| !value.is_empty())
            .unwrap_or("")
    }

    fn shape(&self, record: &StringRecord, header_cells: &[String]) -> RowShape {
        let mut filled = 0usize;
        let mut first: Option<(usize, &str)> = None;
        for (column, cell) in record.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            filled += 1;
            if first.is_none() {
                first = Some((column, cell));
            }
        }
        let Some((column, first)) = first else {
            return RowShape::Blank;
        };
        if filled >= 2
            && record.len() <= header_cells.len() + 1
            && record
                .iter()
                .zip(header_cells)
                .all(|(cell, header)| cell.trim().eq_ignore_ascii_case(header))
        {
            return RowShape::Skipped("repeated header".to_string());
        }
        let has_at = || record.iter().any(|cell| cell.contains('@'));
        let has_digit = || {
            record
                .iter()
                .any(|cell| cell.bytes().any(|b| b.is_ascii_digit()))
        };
        if filled <= 3 && !has_at() && is_summary(first, has_digit()) {
            return RowShape::Skipped(format!("summary line {} ignored", quote(first)));
        }
        if filled == 1 && !self.map.is_identity_column(column) {
            return RowShape::Skipped(format!("note {} ignored (no name)", quote(first)));
        }
        RowShape::Data
    }

    fn source(&self, line: u64) -> SourcePosition {
        SourcePosition {
            file: self.file.to_string(),
            line,
        }
    }

    /// Given and family name of a row.
    fn name(&self, record: &StringRecord) -> (String, String) {
        let first = self.value(record, Field::FirstName);
        let last = self.value(record, Field::LastName);
        if first.is_empty() && !last.is_empty() && last.contains(',') {
            // "Last, First" under a family-name header.
            return names::split_full_name(last);
        }
        if !first.is_empty() || !last.is_empty() {
            return (names::clean_first_name(first), names::clean_last_name(last));
        }
        names::split_full_name(self.value(record, Field::FullName))
    }

    fn email(&mut self, record: &StringRecord, line: u64) -> Option<String> {
        let raw = self.value(record, Field::Email);
        match names::parse_email(raw) {
            EmailCell::Empty => None,
            EmailCell::Valid(email) => Some(email),
            EmailCell::Malformed => {
                let file = self.file;
                self.findings.push(
                    Finding::new(
                        Code::RosterRowInvalid,
                        format!(
                            "The email {} on line {line} of {file} is not an email address; \
                             the row loads without an email",
                            quote(raw)
                        ),
                        format!(
                            "Fix the email on line {line} of {file}, or ask the registrar to \
                             re-export"
                        ),
                    )
                    .at(file, line),
                );
                None
            }
        }
    }

    fn member_id(&self, record: &StringRecord) -> Option<String> {
        let id = self.value(record, Field::MemberId);
        (!id.is_empty()).then(|| id.to_string())
    }

    fn role(&mut self, record: &StringRecord) -> Role {
        let raw = self.value(record, Field::Role);
        if let Some(role) = self.roles.get(raw) {
            return *role;
        }
        let role = role::parse_role(raw);
        if self.roles.len() < CACHE_ENTRIES {
            self.roles.insert(raw.to_string(), role);
        }
        role
    }

    fn age_group(&mut self, text: &str) -> Option<u8> {
        if text.is_empty() {
            return None;
        }
        if let Some(age) = self.divisions.get(text) {
            return *age;
        }
        let age = division::parse_age_group(text, self.season_end_year);
        if self.divisions.len() < CACHE_ENTRIES {
            self.divisions.insert(text.to_string(), age);
        }
        age
    }

    fn background(&mut self, record: &StringRecord, line: u64) -> BackgroundCheck {
        let has_columns = self.map.has(Field::BackgroundCheck)
            || self.map.has(Field::BackgroundCheckDate)
            || self.map.has(Field::BackgroundCheckExpires);
        if !has_columns {
            return BackgroundCheck::missing();
        }
        let raw = self.value(record, Field::BackgroundCheck);
        let checked_on = self.date(record, Field::BackgroundCheckDate, line);
        let expires_on = self.date(record, Field::BackgroundCheckExpires, line);
        let (mut status, status_date) = match self.statuses.get(raw) {
            Some(known) => *known,
            None => {
                let parsed = background::parse_status(raw);
                if self.statuses.len() < CACHE_ENTRIES {
                    self.statuses.insert(raw.to_string(), parsed);
                }
                parsed
            }
        };
        if raw.is_empty() && (checked_on.is_some() || expires_on.is_some()) {
            // A list of dates cleared, without a status column.
            status = BackgroundStatus::Cleared;
        }
        BackgroundCheck {
            status,
            raw: (!raw.is_empty()).then(|| raw.to_string()),
            checked_on: checked_on.or(status_date),
            expires_on,
            source: Some(self.source(line)),
        }
    }

    fn date(&mut self, record: &StringRecord, field: Field, line: u64) -> Option<NaiveDate> {
        let raw = self.value(record, field);
        if raw.is_empty() {
            return None;
        }
        let date = match self.dates.get(raw) {
            Some(date) => *date,
            None => {
                let date = dates::parse_date(raw, true);
                if self.dates.len() < CACHE_ENTRIES {
                    self.dates.insert(raw.to_string(), date);
                }
                date
            }
        };
        if date.is_none() {
            let file = self.file;
            let what = if field == Field::BackgroundCheckExpires {
                "background-check expiry date"
            } else {
                "background-check date"
            };
            self.findings.push(
                Finding::new(
                    Code::RosterRowInvalid,
                    format!(
                        "The {what} {} on line {line} of {file} is not a date; the row loads \
                         without it",
                        quote(raw)
                    ),
                    format!(
                        "Write the date as MM/DD/YYYY or YYYY-MM-DD on line {line} of {file}, \
                         or ask the registrar to re-export"
                    ),
                )
                .at(file, line),
            );
        }
        date
    }

    fn no_name(&mut self, line: u64, what: &str) {
        let file = self.file;
        self.findings.push(
            Finding::new(
                Code::RosterRowInvalid,
                format!("Line {line} of {file} has no {what}; the row is skipped"),
                format!(
                    "Add the coach's name on line {line} of {file} (or delete the line), or ask \
                     the registrar to re-export"
                ),
            )
            .at(file, line),
        );
    }

    fn roster_row(&mut self, record: &StringRecord, line: u64) -> Option<RosterRow> {
        let (first_name, last_name) = self.name(record);
        if first_name.is_empty() && last_name.is_empty() {
            self.no_name(line, "name");
            return None;
        }
        let email = self.email(record, line);
        let team = names::collapse_whitespace(self.value(record, Field::Team));
        let division = names::collapse_whitespace(self.value(record, Field::Division));
        let age_group = match self.age_group(&division) {
            Some(age) => Some(age),
            None => self.age_group(&team),
        };
        if age_group.is_none()
            && (!division.is_empty() || !team.is_empty() || self.map.has(Field::Division))
        {
            self.unknown_division(line, &division, &team);
        }
        let role = self.role(record);
        Some(RosterRow {
            source: self.source(line),
            member_id: self.member_id(record),
            first_name,
            last_name,
            email,
            team,
            division,
            age_group,
            role,
            background: self.background(record, line),
            training_records: self.training.read(record, line),
        })
    }

    fn unknown_division(&mut self, line: u64, division: &str, team: &str) {
        let file = self.file;
        let what = match (division.is_empty(), team.is_empty()) {
            (false, false) => format!(
                "the division {} (and the team name {}) on line {line} of {file} name no age group",
                quote(division),
                quote(team)
            ),
            (false, true) => format!(
                "the division {} on line {line} of {file} names no age group",
                quote(division)
            ),
            (true, false) => format!(
                "line {line} of {file} has no division and the team name {} names no age group",
                quote(team)
            ),
            (true, true) => format!("line {line} of {file} has no division or team"),
        };
        let mut message = what;
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + message.get(1..).unwrap_or_default();
        }
        message.push_str("; the coach's course requirement cannot be checked");
        self.findings.push(
            Finding::new(
                Code::UnknownDivision,
                message,
                format!(
                    "Write the division as an age group (U10, 10U, or a birth year like 2016) on \
                     line {line} of {file}, or ask the registrar to re-export with the division"
                ),
            )
            .at(file, line),
        );
    }

    fn background_row(&mut self, record: &StringRecord, line: u64) -> Option<BackgroundRow> {
        let first = self.value(record, Field::FirstName);
        let last = self.value(record, Field::LastName);
        let name = if first.is_empty() && last.is_empty() {
            names::collapse_whitespace(self.value(record, Field::FullName))
        } else {
            names::collapse_whitespace(&format!("{first} {last}"))
        };
        let email = self.email(record, line);
        if name.is_empty() && email.is_none() {
            self.no_name(line, "name or email");
            return None;
        }
        Some(BackgroundRow {
            source: self.source(line),
            member_id: self.member_id(record),
            name,
            email,
            check: self.background(record, line),
        })
    }
}

/// `Total: 42`, `Grand Total`, `Count 42`, `42 records`, `Page 1 of 3`, `Exported on …`.
fn is_summary(first_cell: &str, row_has_digit: bool) -> bool {
    let lower = first_cell.to_lowercase();
    let lower = lower.trim_end_matches(':').trim();
    if lower.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    const ALWAYS: &[&str] = &[
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sub-total",
        "sub total",
    ];
    const WITH_NUMBER: &[&str] = &[
        "count",
        "record count",
        "records",
        "number of",
        "page",
        "exported",
        "generated",
        "printed",
        "report generated",
        "run date",
        "run on",
        "created on",
        "end of report",
    ];
    let starts_with_word = |word: &str| {
        lower
            .strip_prefix(word)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    };
    if ALWAYS.iter().any(|w| starts_with_word(w)) || lower == "end of report" {
        return true;
    }
    if row_has_digit && WITH_NUMBER.iter().any(|w| starts_with_word(w)) {
        return true;
    }
    // "42 records", "12 coaches".
    let mut words = lower.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some(noun), None)
            if n.bytes().all(|b| b.is_ascii_digit())
                && ["record", "records", "row", "rows", "coach", "coaches", "volunteer",
                    "volunteers", "entries", "people", "members", "results"].contains(&noun)
    )
}
