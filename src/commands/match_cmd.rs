//! `coachcheck match`: links the records of one CSV to the roster of another, the same
//! engine as `run` uses, and writes `record_id,roster_id,score,status,reason` (SPEC §2).
//!
//! Inputs are UTF-8 CSV (a BOM is tolerated). A file without the expected headers is bad
//! usage: the error names the file, the headers found and the ones expected, and the
//! command exits 2. Unreadable files and unwritable output exit 1. The output is written
//! atomically (a temporary file beside `--out`, then a rename), or to stdout.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::MatchArgs;
use crate::exit::ExitStatus;
use crate::matching::{Match, Matcher, Nicknames, Record, RosterEntry};
use crate::progress::Printer;

/// Headers `ROSTER.csv` must have.
const ROSTER_HEADERS: [&str; 4] = ["id", "first_name", "last_name", "email"];
/// Headers `RECORDS.csv` must have.
const RECORDS_HEADERS: [&str; 3] = ["id", "name", "email"];
/// Headers of `MATCHES.csv`.
const MATCHES_HEADERS: [&str; 5] = ["record_id", "roster_id", "score", "status", "reason"];

/// Why an input CSV cannot be used.
#[derive(Debug, thiserror::Error)]
enum InputError {
    #[error("cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path} as CSV")]
    Read {
        path: String,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: missing column(s) {missing}; found headers `{found}`, expected `{expected}`")]
    Headers {
        path: String,
        missing: String,
        found: String,
        expected: String,
    },
}

/// Runs the command.
pub fn run(args: &MatchArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let nicknames = nicknames(args)?;
    let roster = match read_table(&args.roster, &ROSTER_HEADERS) {
        Ok(rows) => rows,
        Err(error @ InputError::Headers { .. }) => return usage(printer, &error),
        Err(error) => return Err(error.into()),
    };
    let records = match read_table(&args.records, &RECORDS_HEADERS) {
        Ok(rows) => rows,
        Err(error @ InputError::Headers { .. }) => return usage(printer, &error),
        Err(error) => return Err(error.into()),
    };
    let roster: Vec<RosterEntry> = roster
        .into_iter()
        .map(|[id, first_name, last_name, email]| RosterEntry {
            id,
            first_name,
            last_name,
            email: non_empty(email),
        })
        .collect();
    let records: Vec<Record> = records
        .into_iter()
        .map(|[id, name, email]| Record {
            id,
            name,
            email: non_empty(email),
        })
        .collect();
    tracing::info!(
        roster = roster.len(),
        records = records.len(),
        "linking records"
    );
    let matcher = Matcher::new(roster, nicknames);
    let matches = matcher.link_all(&records);
    let output = render(&matches)?;
    match &args.out {
        Some(path) => write_atomically(path, &output)?,
        None => printer
            .out(&String::from_utf8_lossy(&output))
            .context("cannot write to stdout")?,
    }
    Ok(ExitStatus::Completed)
}

/// The built-in nicknames plus `[matching] nicknames` from the config named by `--config`.
fn nicknames(args: &MatchArgs) -> anyhow::Result<Nicknames> {
    let mut nicknames = Nicknames::builtin();
    if let Some(path) = &args.config.config {
        let file = crate::config::ConfigFile::read(path)?;
        nicknames.extend(file.matching.nicknames);
    }
    Ok(nicknames)
}

fn usage(printer: &Printer, error: &InputError) -> anyhow::Result<ExitStatus> {
    printer.error(&format!(
        "{error}\nhint: the first line of the file must name the columns, e.g. `{}`",
        match error {
            InputError::Headers { expected, .. } => expected.as_str(),
            InputError::Read { .. } | InputError::Io { .. } => "",
        }
    ));
    Ok(ExitStatus::Usage)
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Reads a CSV whose headers include `wanted` (in any order, any case, BOM tolerated;
/// extra columns ignored) into rows of those columns. Short rows give empty cells. Text
/// that is not valid UTF-8 is read as Windows-1252, the usual alternative from Excel.
fn read_table<const N: usize>(
    path: &Path,
    wanted: &[&str; N],
) -> Result<Vec<[String; N]>, InputError> {
    let shown = path.display().to_string();
    let read_error = |source| InputError::Read {
        path: shown.clone(),
        source,
    };
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: shown.clone(),
        source,
    })?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&bytes)
                .0
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(read_error)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let mut columns = [0usize; N];
    let mut missing = Vec::new();
    for (slot, name) in columns.iter_mut().zip(wanted) {
        match headers.iter().position(|h| h == name) {
            Some(position) => *slot = position,
            None => missing.push(*name),
        }
    }
    if !missing.is_empty() {
        return Err(InputError::Headers {
            path: shown,
            missing: missing.join(", "),
            found: headers.join(","),
            expected: wanted.join(","),
        });
    }
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(read_error)?;
        rows.push(columns.map(|column| row.get(column).unwrap_or("").to_owned()));
    }
    Ok(rows)
}

/// `MATCHES.csv`: one row per match, in input order; score with three decimals.
fn render(matches: &[Match]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(MATCHES_HEADERS)?;
    for found in matches {
        writer.write_record([
            neutralize(&found.record_id).as_str(),
            neutralize(found.roster_id.as_deref().unwrap_or("")).as_str(),
            &format!("{:.3}", found.score),
            found.status.as_str(),
            neutralize(&found.reason).as_str(),
        ])?;
    }
    writer.into_inner().context("cannot finish the CSV output")
}

/// Keeps a spreadsheet from reading a cell that came from an input file as a formula.
fn neutralize(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path.file_name().map_or_else(
        || "matches.csv".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let temporary = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let mut file = std::fs::File::create(&temporary)
            .with_context(|| format!("cannot create {}", temporary.display()))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", temporary.display()))?;
        std::fs::rename(&temporary, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ConfigArgs;

    fn args(dir: &Path, roster: &str, records: &str, out: bool) -> MatchArgs {
        let roster_path = dir.join("roster.csv");
        let records_path = dir.join("records.csv");
        std::fs::write(&roster_path, roster).unwrap();
        std::fs::write(&records_path, records).unwrap();
        MatchArgs {
            roster: roster_path,
            records: records_path,
            out: out.then(|| dir.join("matches.csv")),
            config: ConfigArgs::default(),
        }
    }

    #[test]
    fn writes_one_row_per_record_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let args = args(
            dir.path(),
            "\u{feff}id,first_name,last_name,email\nCS-1,Robert,Smith,bob@x.org\nCS-2,María,García,\n",
            "id,name,email\nr2,Nobody Here,\nr1,Bob Smith,BOB@x.org\nr3,\"Garcia, Maria\",\n",
            true,
        );
        let status = run(&args, &Printer::new(true)).unwrap();
        assert_eq!(status, ExitStatus::Completed);
        let text = std::fs::read_to_string(dir.path().join("matches.csv")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "record_id,roster_id,score,status,reason");
        assert!(lines[1].starts_with("r2,,"), "{}", lines[1]);
        assert!(lines[1].contains(",unmatched,"), "{}", lines[1]);
        assert!(lines[2].starts_with("r1,CS-1,"), "{}", lines[2]);
        assert!(lines[2].contains(",matched,email exact; first name nickname Bob~Robert"));
        assert!(lines[3].starts_with("r3,CS-2,"), "{}", lines[3]);
        assert_eq!(lines.len(), 4);
        let score = lines[2].split(',').nth(2).unwrap();
        assert_eq!(score.len(), 5, "three decimals: {score}");
    }

    #[test]
    fn missing_headers_are_bad_usage() {
        let dir = tempfile::tempdir().unwrap();
        let args = args(
            dir.path(),
            "id,first,last\nCS-1,Robert,Smith\n",
            "id,name,email\n",
            true,
        );
        assert_eq!(run(&args, &Printer::new(true)).unwrap(), ExitStatus::Usage);
        assert!(!dir.path().join("matches.csv").exists());
        let error = read_table(&args.roster, &ROSTER_HEADERS).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("roster.csv"), "{message}");
        assert!(
            message.contains("first_name, last_name, email"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_file_is_a_failure_naming_it() {
        let args = MatchArgs {
            roster: "/nonexistent/roster.csv".into(),
            records: "/nonexistent/records.csv".into(),
            out: None,
            config: ConfigArgs::default(),
        };
        let error = run(&args, &Printer::new(true)).unwrap_err();
        assert!(format!("{error:#}").contains("/nonexistent/roster.csv"));
    }

    #[test]
    fn cells_that_look_like_formulas_are_neutralized() {
        assert_eq!(neutralize("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(neutralize("CS-1"), "CS-1");
    }
}
