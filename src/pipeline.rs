//! pipeline: one whole run — scan the inbox, read rosters, lists, mail and certificates
//! (in parallel, from the extraction cache where it can), reconcile, write the report
//! folder and remember the run. `coachcheck run` and `watch` both call [`execute`];
//! `commands/` only turns arguments into settings and prints. The caller holds the
//! reports lock.

use std::collections::HashMap;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::certificates::{self, Extraction, ExtractionStatus, TemplateSet, EXTRACTOR_VERSION};
use crate::config::Settings;
use crate::decisions;
use crate::findings::{Code, Finding};
use crate::inbox::{self, FileKind, InboxFile};
use crate::progress::Printer;
use crate::reconcile::{self, CertificateInput, Inputs};
use crate::report::{CertificateSource, Report};
use crate::roster::{self, CsvOptions};
use crate::state::{self, FileStamp, State};

/// Runs kept in the state database's history (only the last one is compared with; the
/// report folders themselves follow `keep_reports`).
const RUNS_KEPT: usize = 2;

/// Largest roster/list CSV read, in bytes.
pub(crate) const MAX_TABLE_BYTES: u64 = 256 * 1024 * 1024;

/// What one run produced.
#[derive(Debug)]
pub struct RunOutcome {
    /// The report.
    pub report: Report,
    /// The report folder written.
    pub folder: PathBuf,
}

/// The pipeline: scan, read, match, apply the rules, write the report folder, record the
/// run. The caller holds the reports lock.
pub fn execute(settings: &Settings, printer: &Printer) -> anyhow::Result<RunOutcome> {
    execute_with(settings, printer, Vec::new())
}

/// [`execute`], with findings from a step before the run (the mailbox fetch).
pub fn execute_with(
    settings: &Settings,
    printer: &Printer,
    before: Vec<Finding>,
) -> anyhow::Result<RunOutcome> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
        .context("cannot start worker threads")?;
    pool.install(|| execute_in_pool(settings, printer, before))
}

fn execute_in_pool(
    settings: &Settings,
    printer: &Printer,
    before: Vec<Finding>,
) -> anyhow::Result<RunOutcome> {
    let started = std::time::Instant::now();
    let stage = |name: &str| {
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "stage {name} done"
        )
    };
    // Opening the state (an integrity check of the database) and listing the inbox are
    // independent: they overlap.
    let ((templates, opened), files) = rayon::join(
        || {
            (
                TemplateSet::load(settings.templates_dir.as_deref()),
                State::open(&settings.reports),
            )
        },
        || inbox::scan(&settings.inbox),
    );
    let templates = templates?;
    let (mut state, rebuilt) = opened?;
    let files = files?;
    stage("open and scan");
    if let Some(rebuilt) = rebuilt {
        printer.warn(&format!(
            "the state database was unreadable ({}); it was set aside as {} and rebuilt: this run re-reads every certificate",
            rebuilt.reason,
            rebuilt.moved_to.display()
        ));
    }
    tracing::info!(files = files.len(), inbox = %settings.inbox.display(), "inbox scanned");
    let decisions_path = settings.decisions.canonicalize().ok();
    let mut findings = before;
    let mut tables = Vec::new();
    let mut pdfs = Vec::new();
    let mut ignored = 0;
    let (mail_files, files) = mail_files(files, settings, &mut findings);
    for file in files {
        if decisions_path.as_deref() == Some(file.path.as_path()) {
            continue;
        }
        match file.kind {
            FileKind::Certificate => pdfs.push(file),
            FileKind::Table => tables.push(file),
            FileKind::Ignored => {
                ignored += 1;
                findings.push(
                    Finding::new(
                        Code::IgnoredFile,
                        "Not a certificate (PDF) or a roster (CSV); ignored.",
                        "Nothing to do, unless this is a certificate: then ask the coach for the PDF.",
                    )
                    .file(file.relative.clone()),
                );
            }
        }
    }

    // Rosters and lists.
    let (season, season_end_year) = settings.policy.season(settings.as_of);
    tracing::debug!(%season, "season");
    let options = CsvOptions {
        season_end_year,
        extra_headers: settings.roster_headers.clone(),
    };
    let read_tables: Vec<TableRead> = tables
        .par_iter()
        .map(|file| read_table(file, &options))
        .collect();
    let mut csv_files: Vec<roster::CsvFile> = Vec::with_capacity(read_tables.len());
    for (file, read) in tables.into_iter().zip(read_tables) {
        match read {
            TableRead::Tables(sheets) => csv_files.extend(sheets),
            // A PDF or image named like a table is a certificate.
            TableRead::Certificate(mismatch) => {
                findings.push(mismatch);
                pdfs.push(file);
            }
        }
    }
    let mut rosters = Vec::new();
    let mut background_rows = Vec::new();
    for csv in &csv_files {
        // A roster file's own findings come back from `build_roster` (with coach ids).
        if csv.kind != roster::CsvKind::Roster {
            findings.extend(csv.findings.iter().cloned());
        }
        if csv.kind != roster::CsvKind::Unknown {
            rosters.push(csv.file.clone());
        }
        background_rows.extend(csv.background_rows.iter().cloned());
    }
    let (roster, roster_findings) = roster::build_roster(&csv_files);
    findings.extend(roster_findings);
    stage("rosters");

    // Decisions.
    let (decisions, decision_findings) = match std::fs::read(&settings.decisions) {
        Ok(bytes) => decisions::parse("decisions.csv", &String::from_utf8_lossy(&bytes)),
        Err(_) => (Vec::new(), Vec::new()),
    };
    findings.extend(decision_findings);

    // Certificates, in parallel, through the cache.
    // Whether (and which) OCR engine read a scan is part of the cache key.
    let fingerprint = format!(
        "{}+{}",
        templates.fingerprint(),
        certificates::ocr::fingerprint()
    );
    let bar = printer.progress(pdfs.len() as u64, "certificates");
    let cache = state.cache(EXTRACTOR_VERSION, &fingerprint);
    let (remembered, previous) = (state.remembered_links(), state.previous_run());
    stage("cache loaded");
    // What the last run left (its links, its snapshot) is parsed while files are read.
    let (mut read, (remembered, previous)) = rayon::join(
        || -> Vec<ReadCertificate> {
            pdfs.par_iter()
                .map(|file| {
                    let result = read_certificate(file, &cache, &settings.limits, &templates);
                    bar.inc(1);
                    result
                })
                .collect()
        },
        || {
            rayon::join(
                || remembered.parse().unwrap_or_default(),
                || previous.parse(),
            )
        },
    );
    bar.finish_and_clear();
    let mail_read: Vec<(Vec<ReadCertificate>, Vec<Finding>)> = mail_files
        .par_iter()
        .map(|file| read_mail(file, &cache, &settings.limits, &templates))
        .collect();
    for (attachments, mail_findings) in mail_read {
        read.extend(attachments);
        findings.extend(mail_findings);
    }
    read.sort_by(|a, b| a.file.cmp(&b.file));
    drop(cache);
    let fresh: Vec<(&str, &Extraction)> = read
        .iter()
        .filter(|item| !item.cached && !item.sha256.is_empty())
        .map(|item| (item.sha256.as_str(), &item.extraction))
        .collect();
    let stamps: Vec<(&str, FileStamp, &str)> = read
        .iter()
        .filter(|item| !item.stamp_known)
        .filter_map(|item| Some((item.file.as_str(), item.stamp?, item.sha256.as_str())))
        .filter(|(_, _, sha)| !sha.is_empty())
        .collect();
    tracing::info!(
        certificates = read.len(),
        parsed = fresh.len(),
        cached = read.len() - fresh.len(),
        "certificates read"
    );
    stage("certificates");
    if let Err(error) = state.store(EXTRACTOR_VERSION, &fingerprint, &fresh, &stamps) {
        printer.warn(&format!("could not update the extraction cache: {error:#}"));
    }
    stage("cache");
    let certificate_files = read.len();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut certificates = Vec::with_capacity(read.len());
    for item in read {
        if !item.sha256.is_empty() {
            if let Some(first) = seen.get(&item.sha256) {
                findings.push(
                    Finding::new(
                        Code::DuplicateFile,
                        format!("Same content as {first}; counted once."),
                        "Nothing to do: the coach sent the same certificate twice.",
                    )
                    .file(item.file.clone()),
                );
                continue;
            }
            seen.insert(item.sha256.clone(), item.file.clone());
        }
        certificates.push(CertificateInput {
            file: item.file,
            sha256: item.sha256,
            extraction: item.extraction,
            source: item.source,
        });
    }

    let generated_at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let reconcile::Reconciled { mut report, memo } = reconcile::reconcile(Inputs {
        roster,
        background_rows,
        findings,
        certificates,
        decisions,
        rosters,
        ignored,
        certificate_files,
        policy: &settings.policy,
        nicknames: settings.nicknames.clone(),
        as_of: settings.as_of,
        generated_at,
        memo: remembered.clone(),
    });
    stage("reconcile");
    report.changes = crate::report::changes::diff(previous.as_ref(), &report);
    stage("changes");
    let folder = crate::report::write::write(&settings.reports, &report, settings.keep_reports)?;
    stage("report");
    // Only the previous run is needed for "changes"; keep a few, not every report.
    let snapshot = crate::report::changes::Snapshot::of(&report);
    if let Err(error) = state.record_run(&report.generated_at, &snapshot, &folder, RUNS_KEPT) {
        printer.warn(&format!("could not record the run history: {error:#}"));
    }
    if memo != remembered {
        if let Err(error) = state.remember_links(&memo) {
            printer.warn(&format!(
                "could not remember the certificate links: {error:#}"
            ));
        }
    }
    stage("history");
    Ok(RunOutcome { report, folder })
}

/// What reading a roster/list file gave.
enum TableRead {
    /// Its tables: one for a CSV, one per sheet for a workbook.
    Tables(Vec<roster::CsvFile>),
    /// Its bytes are a PDF or image: read it as a certificate (the finding says so).
    Certificate(Finding),
}

/// Reads one roster/list file (CSV or workbook, by its bytes); an unreadable file becomes a
/// finding.
fn read_table(file: &InboxFile, options: &CsvOptions) -> TableRead {
    let unreadable = |reason: String| {
        let mut csv = roster::read_csv(&file.relative, b"", options);
        csv.findings = vec![Finding::new(
            Code::UnreadableFile,
            format!("Could not read this file: {reason}."),
            "Export the roster again from the registration system and drop the new file in the inbox.",
        )
        .file(file.relative.clone())];
        TableRead::Tables(vec![csv])
    };
    if file.stamp.size > MAX_TABLE_BYTES {
        return unreadable(format!(
            "{} MiB is larger than the {} MiB limit for roster files",
            file.stamp.size / (1024 * 1024),
            MAX_TABLE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = match read_bounded(&file.path, MAX_TABLE_BYTES) {
        Ok(bytes) => bytes,
        Err(error) => return unreadable(error.to_string()),
    };
    match std::panic::catch_unwind(AssertUnwindSafe(|| {
        roster::read_table(&file.relative, &bytes, options)
    })) {
        Ok(Some(tables)) => TableRead::Tables(tables),
        Ok(None) => {
            let content = inbox::sniff::sniff(&bytes);
            TableRead::Certificate(inbox::sniff::mismatch_finding(&file.relative, content))
        }
        Err(_) => unreadable("internal error while reading the roster".to_string()),
    }
}

struct ReadCertificate {
    file: String,
    sha256: String,
    stamp: Option<FileStamp>,
    extraction: Extraction,
    cached: bool,
    /// The state already holds this path with this stamp (nothing to record again).
    stamp_known: bool,
    /// Where it came from, for a mail attachment.
    source: Option<CertificateSource>,
}

/// Reads one certificate: cheap stamp check, then hash, then cache, then extraction.
fn read_certificate(
    file: &InboxFile,
    cache: &state::Cache,
    limits: &certificates::Limits,
    templates: &TemplateSet,
) -> ReadCertificate {
    let stamp = file.stamp;
    let outcome =
        |sha256: String, extraction: Extraction, cached: bool, stamp_known: bool| ReadCertificate {
            file: file.relative.clone(),
            sha256,
            stamp: Some(stamp),
            extraction,
            cached,
            stamp_known,
            source: None,
        };
    if let Some(sha256) = cache.known_hash(&file.relative, stamp) {
        if let Some(extraction) = cache.extraction(sha256) {
            return outcome(sha256.to_owned(), extraction, true, true);
        }
    }
    let failed = |reason: String| ReadCertificate {
        stamp: None,
        ..outcome(
            String::new(),
            Extraction::failed(ExtractionStatus::Unreadable, reason),
            false,
            false,
        )
    };
    if stamp.size > limits.max_file_bytes {
        return failed(format!(
            "the file is {} MiB, over the {} MiB limit",
            stamp.size / (1024 * 1024),
            limits.max_file_bytes / (1024 * 1024)
        ));
    }
    let bytes = match read_bounded(&file.path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(error) => return failed(format!("cannot read the file: {error}")),
    };
    let (sha256, extraction, cached) = extract_bytes(&bytes, cache, limits, templates);
    outcome(sha256, extraction, cached, false)
}

/// Hashes certificate bytes and reads them, through the cache: (sha256, extraction,
/// whether it came from the cache).
fn extract_bytes(
    bytes: &[u8],
    cache: &state::Cache,
    limits: &certificates::Limits,
    templates: &TemplateSet,
) -> (String, Extraction, bool) {
    let sha256 = hex(&Sha256::digest(bytes));
    if let Some(extraction) = cache.extraction(&sha256) {
        return (sha256, extraction, true);
    }
    let extraction = match std::panic::catch_unwind(AssertUnwindSafe(|| {
        certificates::extract(bytes, limits, templates)
    })) {
        Ok(extraction) => extraction,
        Err(_) => Extraction::failed(
            ExtractionStatus::Unreadable,
            "internal error while reading the PDF (the file is malformed)",
        ),
    };
    (sha256, extraction, false)
}

/// Takes the mail files out of the inbox listing (SPEC §3) and adds the messages of the
/// `[mailbox]` archive, named `<archive folder>/<path>`. Maildir `tmp/` files (messages
/// still being delivered) are skipped. Returns (mail files, the other files).
fn mail_files(
    files: Vec<InboxFile>,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> (Vec<InboxFile>, Vec<InboxFile>) {
    let (mut mail, other): (Vec<InboxFile>, Vec<InboxFile>) = files
        .into_iter()
        .filter(|file| !is_maildir_temporary(&file.path))
        .partition(|file| crate::mail::is_mail_file(&file.path, &file.relative));
    match crate::mail::fetch::MailboxConfig::from_table(&settings.mailbox) {
        Ok(Some(config)) if config.archive.is_dir() => {
            let prefix = config.archive.file_name().map_or_else(
                || "mail".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
            match inbox::scan(&config.archive) {
                Ok(archived) => mail.extend(
                    archived
                        .into_iter()
                        .filter(|file| crate::mail::is_mail_file(&file.path, &file.relative))
                        .map(|file| InboxFile {
                            relative: format!("{prefix}/{}", file.relative),
                            ..file
                        }),
                ),
                Err(error) => findings.push(
                    Finding::new(
                        Code::MailboxUnreadable,
                        format!("The mail archive could not be read: {error:#}."),
                        "Check that the [mailbox] archive folder exists and is readable.",
                    )
                    .file(config.archive.display().to_string()),
                ),
            }
        }
        Ok(_) => {}
        Err(error) => findings.push(Finding::new(
            Code::MailboxUnreadable,
            format!("The [mailbox] settings are invalid: {error:#}."),
            "Fix the [mailbox] section of coachcheck.toml.",
        )),
    }
    (mail, other)
}

/// Whether `path` is in the `tmp/` folder of a Maildir.
fn is_maildir_temporary(path: &Path) -> bool {
    let Some(folder) = path.parent() else {
        return false;
    };
    folder.file_name().is_some_and(|name| name == "tmp")
        && folder
            .parent()
            .is_some_and(|maildir| maildir.join("cur").is_dir() && maildir.join("new").is_dir())
}

/// Reads one mail file: each certificate attachment through the cache, with its message as
/// provenance, plus the findings about the file.
fn read_mail(
    file: &InboxFile,
    cache: &state::Cache,
    limits: &certificates::Limits,
    templates: &TemplateSet,
) -> (Vec<ReadCertificate>, Vec<Finding>) {
    let mut read = Vec::new();
    let findings = crate::mail::read_each(
        &file.path,
        &file.relative,
        limits.max_file_bytes,
        &mut |attachment| {
            let (sha256, extraction, cached) = match &attachment.problem {
                Some(problem) => (
                    String::new(),
                    Extraction::failed(ExtractionStatus::Unreadable, problem.clone()),
                    false,
                ),
                None => extract_bytes(&attachment.bytes, cache, limits, templates),
            };
            read.push(ReadCertificate {
                file: attachment.name,
                sha256,
                stamp: None,
                extraction,
                cached,
                stamp_known: true,
                source: Some(CertificateSource::Mail(attachment.source)),
            });
        },
    );
    (read, findings)
}

/// Reads at most `limit` bytes of a file (a file that grows past it is an error).
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other("the file is larger than the limit"));
    }
    Ok(bytes)
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}
