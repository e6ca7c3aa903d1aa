//! `coachcheck inspect`: explains how coachcheck reads each file given, either to a person
//! (the text read, which template matched or why each was rejected, where each field came
//! from) or as one JSON object per line (`--json`, the contract of SPEC §2).

use std::path::Path;

use serde_json::{json, Value};

use crate::certificates::{self, Explanation, TemplateSet};
use crate::cli::InspectArgs;
use crate::config::{Overrides, Settings};
use crate::exit::ExitStatus;
use crate::findings::Code;
use crate::inbox::sniff::{mismatch_finding, sniff, Content};
use crate::inbox::{classify, FileKind};
use crate::progress::Printer;
use crate::roster::{self, CsvFile, CsvKind, CsvOptions};

/// Runs the command.
pub fn run(args: &InspectArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let settings = Settings::resolve(&Overrides {
        config: args.config.config.clone(),
        ..Overrides::default()
    })?;
    let templates = TemplateSet::load(settings.templates_dir.as_deref())?;
    let (_, season_end_year) = settings.policy.season(settings.as_of);
    let options = CsvOptions {
        season_end_year,
        extra_headers: settings.roster_headers.clone(),
    };
    let mut status = ExitStatus::Completed;
    for path in &args.files {
        let name = path.display().to_string();
        if crate::mail::is_mail_file(path, &name) {
            inspect_mail(printer, args.json, path, &name, &settings, &templates)?;
            continue;
        }
        let kind = classify(&name);
        let limit = match kind {
            FileKind::Table => crate::pipeline::MAX_TABLE_BYTES,
            FileKind::Certificate | FileKind::Ignored => settings.limits.max_file_bytes,
        };
        // An oversized file is a clean `unreadable` result, decided before reading a byte.
        if let Ok(metadata) = std::fs::metadata(path) {
            if metadata.len() > limit {
                let reason = format!(
                    "the file is {} MiB, over the {} MiB limit",
                    metadata.len() / (1024 * 1024),
                    limit / (1024 * 1024)
                );
                let kind_name = if kind == FileKind::Table {
                    "unknown"
                } else {
                    "certificate"
                };
                print_unreadable(printer, args.json, &name, kind_name, &reason)?;
                continue;
            }
        }
        let bytes = match read_limited(path, limit) {
            Ok(bytes) => bytes,
            Err(error) => {
                status = ExitStatus::Failed;
                let reason = format!("cannot read the file: {error}");
                print_unreadable(printer, args.json, &name, "unknown", &reason)?;
                continue;
            }
        };
        // Read by what the bytes are (SPEC §3), not by the name.
        let content = sniff(&bytes);
        let mismatch = (!content.matches_name(&name)).then(|| mismatch_finding(&name, content));
        let as_table = match content {
            Content::Pdf | Content::Image(_) => false,
            Content::Workbook(_) => true,
            Content::Text => kind == FileKind::Table,
        };
        let tables = if as_table {
            roster::read_table(&name, &bytes, &options)
        } else {
            None
        };
        match tables {
            Some(tables) => {
                for table in &tables {
                    if args.json {
                        printer.out_json(&csv_json(table))?;
                    } else {
                        printer.out(&csv_text(table))?;
                    }
                }
            }
            None => {
                let mut explanation = certificates::explain(&bytes, &settings.limits, &templates);
                if let Some(mismatch) = mismatch {
                    explanation.extraction.warnings.insert(
                        0,
                        certificates::Warning {
                            suspicious: false,
                            message: mismatch.message,
                        },
                    );
                }
                if args.json {
                    printer.out_json(&certificate_json(&name, &explanation))?;
                } else {
                    printer.out(&certificate_text(&name, &explanation))?;
                }
            }
        }
    }
    Ok(status)
}

/// A mail file: one result per certificate attachment (`MAILFILE#ATTACHMENT`, plus its
/// `source`), then what could not be read or was left out, each naming its part.
fn inspect_mail(
    printer: &Printer,
    json: bool,
    path: &Path,
    name: &str,
    settings: &Settings,
    templates: &TemplateSet,
) -> std::io::Result<()> {
    let mail = crate::mail::read(path, name, settings.limits.max_file_bytes);
    for attachment in &mail.attachments {
        let source = serde_json::to_value(crate::report::CertificateSource::Mail(
            attachment.source.clone(),
        ))
        .unwrap_or(Value::Null);
        if let Some(problem) = &attachment.problem {
            let mut line = failed_json(&attachment.name, "certificate", problem);
            line["source"] = source;
            print_line(printer, json, &line, &attachment.name, problem)?;
            continue;
        }
        let explanation = certificates::explain(&attachment.bytes, &settings.limits, templates);
        if json {
            let mut line = certificate_json(&attachment.name, &explanation);
            line["source"] = source;
            printer.out(&format!("{line}\n"))?;
        } else {
            let mail_source = &attachment.source;
            printer.out(&format!(
                "{}\n  from: {}\n  date: {}\n  subject: {}\n",
                one_line(&attachment.name),
                one_line(mail_source.sender.as_deref().unwrap_or("(no sender)")),
                mail_source.date.as_deref().unwrap_or("(no date)"),
                one_line(mail_source.subject.as_deref().unwrap_or("(no subject)")),
            ))?;
            printer.out(&certificate_text(&attachment.name, &explanation))?;
        }
    }
    for finding in &mail.findings {
        let file = finding.file.as_deref().unwrap_or(name);
        if finding.code == crate::findings::Code::UnreadableFile {
            let line = failed_json(file, "unknown", &finding.message);
            print_line(printer, json, &line, file, &finding.message)?;
        } else if !json {
            printer.out(&format!(
                "{}\n  left out: {}\n\n",
                one_line(file),
                finding.message
            ))?;
        }
    }
    if mail.attachments.is_empty() && mail.findings.is_empty() && !json {
        printer.out(&format!(
            "{}\n  no PDF or image attachment\n\n",
            one_line(name)
        ))?;
    }
    Ok(())
}

/// One failed result: the JSON line, or the person's two lines.
fn print_line(
    printer: &Printer,
    json: bool,
    line: &Value,
    name: &str,
    reason: &str,
) -> std::io::Result<()> {
    if json {
        printer.out(&format!("{line}\n"))
    } else {
        printer.out(&format!("{}\n  unreadable: {reason}\n\n", one_line(name)))
    }
}

/// Reports a file that could not be read at all, in either output mode.
fn print_unreadable(
    printer: &Printer,
    json: bool,
    name: &str,
    kind: &str,
    reason: &str,
) -> std::io::Result<()> {
    if json {
        printer.out_json(&failed_json(name, kind, reason))
    } else {
        printer.out(&format!("{}\n  unreadable: {reason}\n\n", one_line(name)))
    }
}

fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn failed_json(name: &str, kind: &str, reason: &str) -> Value {
    json!({
        "file": name, "type": kind, "status": "unreadable", "kind": null, "course": null,
        "course_title": null, "holder": null, "completed_on": null, "expires_on": null,
        "email": null, "certificate_id": null, "warnings": [], "error": reason,
    })
}

/// The `inspect --json` object of a certificate.
pub fn certificate_json(name: &str, explanation: &Explanation) -> Value {
    let extraction = &explanation.extraction;
    let mut object = json!({
        "file": name,
        "type": "certificate",
        "status": extraction.status.as_str(),
        "kind": extraction.kind.map(|kind| kind.as_str()),
        "course": extraction.course.map(|course| course.id()),
        "course_title": extraction.course_title,
        "holder": extraction.holder,
        "completed_on": extraction.completed_on.map(|date| date.to_string()),
        "expires_on": extraction.expires_on.map(|date| date.to_string()),
        "email": extraction.email,
        "certificate_id": extraction.certificate_id,
        "warnings": extraction.warnings.iter().map(|warning| warning.message.clone()).collect::<Vec<_>>(),
        "error": extraction.error,
        "template": extraction.template,
    });
    if extraction.ocr {
        object["ocr"] = Value::Bool(true);
        object["confidence"] = json!(extraction.confidence);
    }
    object
}

fn csv_type(kind: CsvKind) -> &'static str {
    match kind {
        CsvKind::Roster => "roster",
        CsvKind::BackgroundChecks => "background_checks",
        CsvKind::Unknown => "unknown",
    }
}

/// The `inspect --json` object of a CSV file.
pub fn csv_json(csv: &CsvFile) -> Value {
    let columns: serde_json::Map<String, Value> = csv
        .columns
        .iter()
        .map(|(header, field)| (header.clone(), Value::String(field.clone())))
        .collect();
    json!({
        "file": csv.file,
        "type": csv_type(csv.kind),
        "status": if csv.findings.iter().any(|f| f.code == Code::UnreadableFile) {
            "unreadable"
        } else if csv.kind == CsvKind::Unknown {
            "unrecognized"
        } else {
            "ok"
        },
        "kind": null, "course": null, "course_title": null, "holder": null,
        "completed_on": null, "expires_on": null, "email": null, "certificate_id": null,
        "warnings": [],
        "error": if csv.kind == CsvKind::Unknown {
            Value::String(csv.findings.iter().find(|f| f.code != Code::ContentTypeMismatch).map_or_else(|| "not a roster or background-check list".to_string(), |f| f.message.clone()))
        } else { Value::Null },
        "rows": csv.rows,
        "encoding": csv.encoding,
        "delimiter": if csv.sheet.is_some() { Value::Null } else { Value::String(csv.delimiter.to_string()) },
        "sheet": csv.sheet,
        "header_row": csv.header_row,
        "columns": columns,
        "problems": csv.findings.iter().map(|finding| json!({
            "code": finding.code.as_str(), "line": finding.line, "message": finding.message,
        })).collect::<Vec<_>>(),
        "notes": csv.notes,
    })
}

fn csv_text(csv: &CsvFile) -> String {
    let mut out = format!(
        "{}\n  taken for: {}\n",
        one_line(&csv.file),
        csv_type(csv.kind)
    );
    let header = csv
        .header_row
        .map_or_else(|| "none found".to_string(), |row| row.to_string());
    match &csv.sheet {
        Some(sheet) => out.push_str(&format!(
            "  workbook ({}), sheet: {}, header row: {header}, data rows: {}\n",
            csv.encoding,
            one_line(sheet),
            csv.rows
        )),
        None => out.push_str(&format!(
            "  encoding: {}, delimiter: {:?}, header line: {header}, data rows: {}\n",
            csv.encoding, csv.delimiter, csv.rows
        )),
    }
    out.push_str("  columns:\n");
    for (header, field) in &csv.columns {
        out.push_str(&format!("    {:<28} → {field}\n", one_line(header)));
    }
    out.push_str(&format!(
        "  usable rows: {} roster, {} background check\n",
        csv.roster_rows.len(),
        csv.background_rows.len()
    ));
    for note in &csv.notes {
        out.push_str(&format!("  note: {}\n", one_line(note)));
    }
    if csv.findings.is_empty() {
        out.push_str("  problems: none\n");
    } else {
        out.push_str("  problems:\n");
        for finding in &csv.findings {
            let line = finding
                .line
                .map(|line| format!("line {line}: "))
                .unwrap_or_default();
            out.push_str(&format!(
                "    {line}{} ({})\n",
                finding.message,
                finding.code.as_str()
            ));
        }
    }
    out.push('\n');
    out
}

/// A value from a file (name, holder, title...) on one line: line breaks are shown as
/// `\n` so a hostile value cannot fake extra lines of output.
fn one_line(text: &str) -> String {
    text.replace('\r', "\\r").replace('\n', "\\n")
}

/// For a file read by OCR: what was done to each page, then every word read with its
/// confidence (in %), one OCR line per output line.
fn ocr_text(explanation: &Explanation) -> String {
    let mut out = String::from("  read by OCR:\n");
    for (index, page) in explanation.ocr_pages.iter().enumerate() {
        out.push_str(&format!(
            "    page {}: turned {}°, straightened {:.1}°, scaled ×{:.2}\n",
            index + 1,
            page.turned,
            page.deskewed,
            page.scale
        ));
    }
    out.push_str("  words read (confidence %):\n");
    let mut line = usize::MAX;
    let mut current = String::new();
    for word in explanation.ocr_words.iter().take(2_000) {
        if word.line != line && !current.is_empty() {
            out.push_str(&format!("    |{current}\n"));
            current.clear();
        }
        line = word.line;
        current.push_str(&format!(
            " {}({:.0})",
            one_line(&word.text),
            word.confidence
        ));
    }
    if !current.is_empty() {
        out.push_str(&format!("    |{current}\n"));
    }
    out
}

fn certificate_text(name: &str, explanation: &Explanation) -> String {
    let extraction = &explanation.extraction;
    let mut out = format!(
        "{}\n  status: {}",
        one_line(name),
        extraction.status.as_str()
    );
    if let Some(error) = &extraction.error {
        out.push_str(&format!(" ({})", one_line(error)));
    }
    out.push('\n');
    out.push_str(&format!(
        "  pages: {}, producer: {}\n",
        explanation.pages,
        one_line(explanation.producer.as_deref().unwrap_or("unknown"))
    ));
    out.push_str("  templates tried:\n");
    for trial in &explanation.trials {
        out.push_str(&format!(
            "    {} {}: {}\n",
            if trial.matched { "✓" } else { "✗" },
            one_line(&trial.template),
            one_line(&trial.why)
        ));
    }
    let field = |label: &str, value: Option<String>| {
        format!("    {label:<15} {}\n", value.unwrap_or_else(|| "—".into()))
    };
    out.push_str("  fields:\n");
    out.push_str(&field(
        "kind",
        extraction.kind.map(|k| k.as_str().to_string()),
    ));
    out.push_str(&field(
        "course",
        extraction.course.map(|c| c.id().to_string()),
    ));
    out.push_str(&field("course title", extraction.course_title.clone()));
    out.push_str(&field("holder", extraction.holder.clone()));
    out.push_str(&field(
        "completed on",
        extraction.completed_on.map(|d| d.to_string()),
    ));
    out.push_str(&field(
        "expires on",
        extraction.expires_on.map(|d| d.to_string()),
    ));
    out.push_str(&field("email", extraction.email.clone()));
    out.push_str(&field("certificate id", extraction.certificate_id.clone()));
    if !explanation.field_sources.is_empty() {
        out.push_str("  where each field came from:\n");
        for (field, source) in &explanation.field_sources {
            out.push_str(&format!("    {field:<15} {}\n", one_line(source)));
        }
    }
    if !extraction.warnings.is_empty() {
        out.push_str("  warnings:\n");
        for warning in &extraction.warnings {
            let mark = if warning.suspicious {
                " (suspicious)"
            } else {
                ""
            };
            out.push_str(&format!("    {}{mark}\n", one_line(&warning.message)));
        }
    }
    if !explanation.ocr_words.is_empty() {
        out.push_str(&ocr_text(explanation));
    }
    out.push_str("  text read:\n");
    for line in explanation.text.lines().take(200) {
        out.push_str(&format!("    | {line}\n"));
    }
    out.push('\n');
    out
}
