//! The extraction pipeline for one file: limits and sniffing, text reading on a worker
//! thread (big stack, deadline, panics caught), template recognition, field finding, and the
//! tamper checks (incremental updates that touch page content, a modification date well
//! after creation, a producer foreign to the issuer, impossible completion dates).

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate};

use super::dates::DateOrder;
use super::fields::{self, Fields};
use super::layout::Line;
use super::pdf_text::{self, PdfText};
use super::raster;
use super::readers;
use super::scanned;
use super::template::{span_text, Evidence, Template, Templates, Trial};
use super::text::normalize;
use super::{Explanation, Extraction, ExtractionStatus, TemplateTrial, Warning};

/// Extra wait beyond the deadline before giving up on the worker.
const GRACE: Duration = Duration::from_millis(500);
/// How long after creation a modification still counts as part of issuing.
const MOD_GRACE_DAYS: i64 = 3;

/// Runs the whole pipeline on `bytes`; never panics.
pub(crate) fn run(bytes: &[u8], limits: &super::Limits, templates: &Templates) -> Explanation {
    if bytes.len() as u64 > limits.max_file_bytes {
        return failed(
            ExtractionStatus::Unreadable,
            format!(
                "file is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_file_bytes
            ),
        );
    }
    // Images are read by OCR; anything else must be a PDF.
    if raster::image_kind(bytes).is_none() {
        if let Some(reason) = sniff(bytes) {
            return failed(ExtractionStatus::Unreadable, reason);
        }
    }
    let deadline = Instant::now() + limits.time_per_file;
    let job: readers::Job = {
        let data: Arc<[u8]> = Arc::from(bytes);
        let limits = limits.clone();
        let templates = templates.clone();
        Box::new(move || guarded(&data, &limits, &templates, deadline))
    };
    let wait = deadline.saturating_duration_since(Instant::now()) + GRACE;
    match readers::run(job, wait) {
        readers::Outcome::Done(explanation) => *explanation,
        readers::Outcome::TimedOut => failed(
            ExtractionStatus::Unreadable,
            format!(
                "took longer than the time limit of {} s",
                limits.time_per_file.as_secs_f32()
            ),
        ),
        readers::Outcome::Lost => failed(
            ExtractionStatus::Unreadable,
            "internal error while reading: the reader stopped unexpectedly",
        ),
        // No thread available: read on this one.
        readers::Outcome::NoThread(job) => job(),
    }
}

fn guarded(
    bytes: &[u8],
    limits: &super::Limits,
    templates: &Templates,
    deadline: Instant,
) -> Explanation {
    match catch_unwind(AssertUnwindSafe(|| {
        analyse(bytes, limits, templates, deadline)
    })) {
        Ok(e) => e,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            failed(
                ExtractionStatus::Unreadable,
                format!("internal error while reading: {msg}"),
            )
        }
    }
}

/// An explanation of a file that failed with `status` for `reason`.
pub(super) fn failed(status: ExtractionStatus, reason: impl Into<String>) -> Explanation {
    Explanation {
        extraction: Extraction::failed(status, reason),
        text: String::new(),
        pages: 0,
        producer: None,
        trials: Vec::new(),
        field_sources: Vec::new(),
        ocr_words: Vec::new(),
        ocr_pages: Vec::new(),
    }
}

/// `None` for a PDF; otherwise why not, naming what the bytes look like.
fn sniff(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return Some("empty file (0 bytes)".into());
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return None;
    }
    let looks = if head.starts_with(b"\x89PNG") {
        "PNG image"
    } else if head.starts_with(b"\xFF\xD8\xFF") {
        "JPEG image"
    } else if head.starts_with(b"GIF8") {
        "GIF image"
    } else if head.starts_with(b"PK\x03\x04") {
        "ZIP archive or Office document"
    } else if head.starts_with(b"\xD0\xCF\x11\xE0") {
        "old Office document"
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        "TIFF image"
    } else if head.len() > 12 && &head[4..12] == b"ftypheic" {
        "HEIC image"
    } else if head.starts_with(b"RIFF") {
        "WebP image or other RIFF file"
    } else if head.starts_with(b"{\\rtf") {
        "RTF document"
    } else if head.starts_with(b"%!PS") {
        "PostScript"
    } else {
        let text = String::from_utf8_lossy(head).to_ascii_lowercase();
        if text.contains("<html") || text.contains("<!doctype html") {
            "HTML page"
        } else if text.starts_with("from:") || text.contains("\nmime-version:") {
            "email message"
        } else if head
            .iter()
            .all(|b| b.is_ascii() && (*b >= 32 || b"\r\n\t".contains(b)))
        {
            "text"
        } else {
            "unknown binary data"
        }
    };
    Some(format!("not a PDF (looks like {looks})"))
}

fn analyse(
    bytes: &[u8],
    limits: &super::Limits,
    templates: &Templates,
    deadline: Instant,
) -> Explanation {
    if let Some(kind) = raster::image_kind(bytes) {
        return scanned::read_image(bytes, kind, limits, templates, deadline);
    }
    let pdf = match pdf_text::read(bytes, limits, deadline) {
        Ok(p) => p,
        Err(e) => return failed(ExtractionStatus::Unreadable, e.0),
    };
    let text = page_text(&pdf.lines);
    let producer = pdf.producer.clone().or_else(|| pdf.creator.clone());
    let mut out = Explanation {
        extraction: Extraction::failed(ExtractionStatus::Unrecognized, ""),
        text,
        pages: pdf.pages,
        producer,
        trials: Vec::new(),
        field_sources: Vec::new(),
        ocr_words: Vec::new(),
        ocr_pages: Vec::new(),
    };
    let has_text = pdf
        .lines
        .iter()
        .any(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
    if !has_text {
        if let Some(damage) = &pdf.damaged {
            out.extraction = Extraction::failed(
                ExtractionStatus::Unreadable,
                format!("{damage}; no text could be read"),
            );
            return out;
        }
        let reason = if pdf.unmapped > 0 {
            format!(
                "no readable text layer ({} glyphs without a Unicode mapping)",
                pdf.unmapped
            )
        } else if pdf.images > 0 {
            format!("no text layer (image-only, {} image(s))", pdf.images)
        } else {
            "no text layer".to_string()
        };
        if pdf.images > 0 {
            return scanned::read_pdf(bytes, limits, templates, deadline, &reason);
        }
        out.extraction = Extraction::failed(ExtractionStatus::NeedsOcr, reason);
        return out;
    }
    recognise(&pdf, bytes, templates, &mut out);
    out
}

/// The lines as text, pages separated by a `--- page N ---` line.
pub(super) fn page_text(lines: &[Line]) -> String {
    let mut text = String::new();
    let mut page = 0;
    for l in lines {
        if l.page != page {
            page = l.page;
            text.push_str(&format!("--- page {} ---\n", page + 1));
        }
        text.push_str(&l.text);
        text.push('\n');
    }
    text
}

/// A template, the index of its matching course rule, and the title lines.
type Pick<'a> = (&'a Template, usize, Option<(usize, usize)>);

/// Template matching, field finding and tamper checks on the lines read.
pub(super) fn recognise(pdf: &PdfText, bytes: &[u8], templates: &Templates, out: &mut Explanation) {
    let lines = &pdf.lines;
    let norm: Vec<String> = lines.iter().map(|l| normalize(&l.text)).collect();
    let flat = norm.join(" ");

    // Try every template. The first with issuer keywords and a specific course wins, else
    // the first identified by a distinctive course title alone, else the first fallback.
    let mut chosen: Option<Pick> = None;
    let mut titled: Option<Pick> = None;
    let mut fallback: Option<Pick> = None;
    for t in &templates.list {
        match t.try_match(&flat, &norm) {
            Trial::Matched {
                course,
                lines: span,
                evidence,
            } => {
                let rule = t.courses.get(course);
                let is_fallback = rule.is_some_and(|r| r.fallback);
                let id = rule.map_or("?", |r| r.course.id());
                out.trials.push(TemplateTrial {
                    template: template_label(t),
                    matched: true,
                    why: match (evidence, is_fallback, span) {
                        (Evidence::Title, _, Some(s)) => format!(
                            "no issuer keyword, but the course title identifies the issuer: course {id} ({})",
                            span_text(lines, s)
                        ),
                        (_, false, Some(s)) => format!(
                            "issuer keywords and course {id} matched ({})",
                            span_text(lines, s)
                        ),
                        _ => format!("issuer keywords matched; no specific course, so {id}"),
                    },
                });
                let slot = match (evidence, is_fallback) {
                    (Evidence::Title, _) => &mut titled,
                    (Evidence::Keywords, true) => &mut fallback,
                    (Evidence::Keywords, false) => &mut chosen,
                };
                if slot.is_none() {
                    *slot = Some((t, course, span));
                }
            }
            Trial::Failed(why) => out.trials.push(TemplateTrial {
                template: template_label(t),
                matched: false,
                why,
            }),
        }
    }
    let Some((template, course_index, span)) = chosen.or(titled).or(fallback) else {
        let reasons: Vec<String> = out
            .trials
            .iter()
            .map(|t| format!("{}: {}", t.template, t.why))
            .collect();
        out.extraction = Extraction::failed(
            ExtractionStatus::Unrecognized,
            format!("no template matched ({})", reasons.join("; ")),
        );
        return;
    };
    let Some(rule) = template.courses.get(course_index) else {
        return;
    };
    let course = rule.course;
    let order = template.date_order.unwrap_or(DateOrder::Mdy);

    let course_title = span
        .map(|s| clean_title(&span_text(lines, s), order))
        .filter(|t| !t.is_empty() && !rule.fallback)
        .or_else(|| generic_title(&norm, lines, order));
    let title_lines: HashSet<usize> = span.map(|(a, b)| (a..=b).collect()).unwrap_or_default();

    // Lines that are not the holder: course titles and issuer names of any template.
    let course_like = |i: usize| -> bool {
        if title_lines.contains(&i) {
            return true;
        }
        let n = match norm.get(i) {
            Some(n) => n,
            None => return true,
        };
        templates.list.iter().any(|t| {
            t.names_issuer(n)
                || t.courses
                    .iter()
                    .filter(|r| !r.fallback)
                    .any(|r| r.all_patterns().any(|p| p.regex.is_match(n)))
        })
    };

    let mut f = Fields {
        holder: fields::find_holder(lines, &norm, template, &course_like),
        ..Fields::default()
    };
    fields::find_dates_fields(lines, &norm, template, order, &mut f);
    f.email = fields::find_email(lines, template);
    f.certificate_id = fields::find_certificate_id(lines, template);

    let mut e = Extraction {
        status: ExtractionStatus::Ok,
        kind: course.kind(),
        course: Some(course),
        course_title,
        holder: f.holder.as_ref().map(|h| h.value.clone()),
        completed_on: f.completed_on.as_ref().map(|d| d.value.date),
        expires_on: f.expires_on.as_ref().map(|d| d.value.date),
        email: f.email.as_ref().map(|v| v.value.clone()),
        certificate_id: f.certificate_id.as_ref().map(|v| v.value.clone()),
        template: Some(template.name.clone()),
        warnings: Vec::new(),
        error: None,
        ocr: false,
        confidence: std::collections::BTreeMap::new(),
    };
    let mut sources = vec![(
        "course".to_string(),
        match span {
            Some(s) if !rule.fallback => format!("title '{}'", span_text(lines, s)),
            _ => "no known title; wording around 'completed'".to_string(),
        },
    )];
    let push = |sources: &mut Vec<(String, String)>, name: &str, src: Option<&String>| {
        if let Some(s) = src {
            sources.push((name.to_string(), s.clone()));
        }
    };
    push(&mut sources, "holder", f.holder.as_ref().map(|v| &v.source));
    push(
        &mut sources,
        "completed_on",
        f.completed_on.as_ref().map(|v| &v.source),
    );
    push(
        &mut sources,
        "expires_on",
        f.expires_on.as_ref().map(|v| &v.source),
    );
    push(&mut sources, "email", f.email.as_ref().map(|v| &v.source));
    push(
        &mut sources,
        "certificate_id",
        f.certificate_id.as_ref().map(|v| &v.source),
    );
    out.field_sources = sources;

    // Required fields: fail closed.
    let mut missing = Vec::new();
    if e.course_title.is_none() {
        missing.push("no course title found".to_string());
    }
    if e.holder.is_none() {
        missing.push("no holder name found".to_string());
    }
    if e.completed_on.is_none() {
        missing.push(
            f.date_problem
                .clone()
                .unwrap_or_else(|| "no completion date found".to_string()),
        );
    }
    if !missing.is_empty() {
        e.status = ExtractionStatus::Unrecognized;
        e.error = Some(format!(
            "template {}: {}",
            template.name,
            missing.join("; ")
        ));
    }

    if let Some(d) = &f.completed_on {
        if d.value.ambiguous && template.date_order.is_none() {
            e.warnings.push(Warning {
                suspicious: false,
                message: format!(
                    "completion date {} is ambiguous (day/month); read as month/day",
                    e.completed_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            });
        }
    }
    if let Some(damage) = &pdf.damaged {
        e.warnings.push(Warning {
            suspicious: false,
            message: format!("{damage}; read what was there"),
        });
    }
    let today = Local::now().date_naive();
    e.warnings.extend(tamper_warnings(
        pdf,
        bytes,
        template,
        rule.earliest,
        e.completed_on,
        today,
    ));
    out.extraction = e;
}

/// A template's name, with its file for user templates.
fn template_label(t: &Template) -> String {
    if t.origin == "built-in" {
        t.name.clone()
    } else {
        format!("{} ({})", t.name, t.origin)
    }
}

/// Strips lead-in wording and a trailing date from a printed title.
fn clean_title(s: &str, order: DateOrder) -> String {
    static LEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^.*?\b(?:has\s+)?(?:successfully\s+|satisfactorily\s+)?(?:completed|completing|completion\s+of|passed|finished)\s*(?:the\s+)?(?:course\s*:?\s*)?")
            .unwrap_or_else(|_| regex::Regex::new("$^").unwrap_or_else(|e| panic!("{e}")))
    });
    static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(?:course|course\s+(?:title|name)|program(?:me)?|training|title|module|license)\s*:\s*")
            .unwrap_or_else(|_| regex::Regex::new("$^").unwrap_or_else(|e| panic!("{e}")))
    });
    let mut t = LABEL.replace(s.trim(), "").to_string();
    if let Some(m) = LEAD.find(&t) {
        let rest = t[m.end()..].trim();
        if !rest.is_empty() {
            t = rest.to_string();
        }
    }
    static ISSUER_TAIL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\s+(?:from|by|offered\s+by|through|at|with)\s+(?:the\s+)?(?:U\.?\s?S\.?\b|CDC\b|NFHS\b|Centers?\b|National\b|United\b).*$")
            .unwrap_or_else(|_| regex::Regex::new("$^").unwrap_or_else(|e| panic!("{e}")))
    });
    t = ISSUER_TAIL.replace(&t, "").to_string();
    if let Some(d) = super::dates::find_dates(&t, order).first() {
        if d.start > 0 {
            t.truncate(d.start);
            for tail in [" on", " dated", " date:", " date", ","] {
                let trimmed = t.trim_end();
                let keep = trimmed.len().saturating_sub(tail.len());
                let ends_with_tail = trimmed
                    .get(keep..)
                    .is_some_and(|end| end.eq_ignore_ascii_case(tail));
                if ends_with_tail {
                    t.truncate(keep);
                }
            }
        }
    }
    t.trim()
        .trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c == '.' || c == ',')
        .trim()
        .to_string()
}

/// The printed title for a course with no known title: the words after "completed" on the
/// same line, or the next line.
fn generic_title(norm: &[String], lines: &[Line], order: DateOrder) -> Option<String> {
    static LEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:completed|completing|completion\s+of|for\s+the\s+course|course\s*:)\s*(?:the\s+)?")
            .unwrap_or_else(|_| regex::Regex::new("$^").unwrap_or_else(|e| panic!("{e}")))
    });
    for (i, n) in norm.iter().enumerate() {
        let Some(m) = LEAD.find(n) else { continue };
        let rest = clean_title(&n[m.end()..], order);
        if rest.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            return Some(rest);
        }
        if let Some(next) = lines.get(i + 1) {
            let t = clean_title(&next.text, order);
            if t.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && super::dates::find_dates(&t, order).is_empty()
            {
                return Some(t);
            }
        }
    }
    None
}

/// Signs that the file was edited after it was issued.
fn tamper_warnings(
    pdf: &PdfText,
    bytes: &[u8],
    template: &Template,
    course_floor: Option<NaiveDate>,
    completed: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<Warning> {
    let mut w = Vec::new();
    if let Some(objs) = updated_page_objects(bytes, &pdf.page_objects) {
        if objs.is_empty() {
            w.push(Warning {
                suspicious: false,
                message: "the file was saved again after it was created (incremental update, page content unchanged)".into(),
            });
        } else {
            let list: Vec<String> = objs.iter().take(5).map(u32::to_string).collect();
            w.push(Warning {
                suspicious: true,
                message: format!(
                    "edited after it was issued: an incremental update changed page content (objects {})",
                    list.join(", ")
                ),
            });
        }
    }
    if let (Some(c), Some(m)) = (pdf.created, pdf.modified) {
        if m - c > chrono::Duration::days(MOD_GRACE_DAYS) {
            w.push(Warning {
                suspicious: true,
                message: format!(
                    "modified {} after it was created {} (more than {MOD_GRACE_DAYS} days later)",
                    m.date(),
                    c.date()
                ),
            });
        }
    }
    if !template.producers.is_empty() {
        let names: Vec<&String> = [&pdf.producer, &pdf.creator]
            .into_iter()
            .flatten()
            .collect();
        if !names.is_empty() && !names.iter().any(|p| template.producer_expected(p)) {
            w.push(Warning {
                suspicious: true,
                message: format!(
                    "produced by {:?}, which is not software the issuer {} uses",
                    names.first().map(|s| s.as_str()).unwrap_or_default(),
                    template.name
                ),
            });
        }
    }
    if let Some(c) = completed {
        if c > today {
            w.push(Warning {
                suspicious: true,
                message: format!("completion date {c} is in the future"),
            });
        }
        let floor = course_floor.or(template.earliest);
        if let Some(floor) = floor {
            if c < floor {
                w.push(Warning {
                    suspicious: true,
                    message: format!("completion date {c} is before the course existed ({floor})"),
                });
            }
        }
    }
    w
}

/// When the file has incremental updates: the page-related objects they redefine (empty when
/// they only touch other objects). `None` when there is no incremental update.
fn updated_page_objects(bytes: &[u8], page_objects: &HashSet<u32>) -> Option<Vec<u32>> {
    static OBJ: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r"(?:^|[\r\n\s])(\d{1,10})\s+(\d{1,5})\s+obj\b")
            .unwrap_or_else(|_| regex::bytes::Regex::new("$^").unwrap_or_else(|e| panic!("{e}")))
    });
    let mut sections: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(p) = bytes
        .get(i..)
        .and_then(|s| s.windows(5).position(|w| w == b"%%EOF"))
    {
        let end = i + p + 5;
        sections.push(&bytes[start..end]);
        start = end;
        i = end;
    }
    if let Some(rest) = bytes.get(start..) {
        if OBJ.is_match(rest) {
            sections.push(rest);
        }
    }
    if sections.len() < 2 {
        return None;
    }
    let mut defined: HashMap<u32, usize> = HashMap::new();
    let mut redefined = Vec::new();
    let mut any_update = false;
    for (index, section) in sections.iter().enumerate() {
        let mut here = HashSet::new();
        for c in OBJ.captures_iter(section) {
            let Some(n) = c
                .get(1)
                .and_then(|m| std::str::from_utf8(m.as_bytes()).ok())
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if !here.insert(n) {
                continue;
            }
            if let Some(first) = defined.get(&n) {
                if *first < index {
                    any_update = true;
                    if page_objects.contains(&n) && !redefined.contains(&n) {
                        redefined.push(n);
                    }
                }
            } else {
                defined.insert(n, index);
            }
        }
        if index > 0 && section.windows(7).any(|w| w == b"/ObjStm") && !page_objects.is_empty() {
            // Updates stored in object streams cannot be inspected without decoding them;
            // count them as updates of unknown content.
            any_update = true;
        }
    }
    if !any_update {
        return None;
    }
    redefined.sort_unstable();
    Some(redefined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"%PDF-1.7\n"), None);
        assert_eq!(sniff(b"\n\n%PDF-1.4"), None);
        let cases: [(&[u8], &str); 5] = [
            (b"", "empty file"),
            (b"\x89PNG\r\n\x1a\n....", "PNG"),
            (b"\xFF\xD8\xFF\xE0", "JPEG"),
            (b"PK\x03\x04", "ZIP"),
            (b"<!DOCTYPE html><html>", "HTML"),
        ];
        for (bytes, want) in cases {
            let got = sniff(bytes).unwrap_or_default();
            assert!(got.contains(want), "{got}");
        }
    }

    #[test]
    fn titles_lose_lead_in_and_dates() {
        let o = DateOrder::Mdy;
        assert_eq!(
            clean_title("has successfully completed the 9v9 Online Course", o),
            "9v9 Online Course"
        );
        assert_eq!(
            clean_title("7v7 In-Person Course on March 3, 2026", o),
            "7v7 In-Person Course"
        );
        assert_eq!(
            clean_title("Course: Concussion in Sports", o),
            "Concussion in Sports"
        );
        assert_eq!(
            clean_title(
                "You have completed Abuse Prevention for Adult Athletes from the U.S. Center for",
                o
            ),
            "Abuse Prevention for Adult Athletes"
        );
        assert_eq!(
            clean_title("SafeSport Trained – U.S. Soccer Federation", o),
            "SafeSport Trained – U.S. Soccer Federation"
        );
    }

    #[test]
    fn incremental_updates() {
        let pages: HashSet<u32> = [3, 4].into_iter().collect();
        let original = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n3 0 obj\n<<>>\nendobj\n4 0 obj\n<<>>\nendobj\n%%EOF\n";
        assert_eq!(updated_page_objects(original, &pages), None);
        let mut edited = original.to_vec();
        edited.extend_from_slice(b"4 0 obj\n<<>>\nendobj\n%%EOF\n");
        assert_eq!(updated_page_objects(&edited, &pages), Some(vec![4]));
        let mut meta = original.to_vec();
        meta.extend_from_slice(b"1 0 obj\n<<>>\nendobj\n%%EOF\n");
        assert_eq!(updated_page_objects(&meta, &pages), Some(vec![]));
    }
}
