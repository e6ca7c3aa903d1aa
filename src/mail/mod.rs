//! mail: opens the mail files found in the inbox or the fetched-mail archive (`*.eml`,
//! `*.mbox`, the messages of a Maildir's `cur/` and `new/`) and hands back every PDF or
//! image attachment as a certificate named `MAILFILE#ATTACHMENT`, with the message's
//! sender, date and subject as its provenance (SPEC §3, §8).
//!
//! MIME itself (nested multiparts, forwarded `message/rfc822`, base64 and
//! quoted-printable, encoded words) is the `mail-parser` crate's job; this module only
//! walks the parsed parts, names the attachments and enforces the limits. It never writes:
//! attachments stay in memory, nothing is saved into the inbox. A mail file or message that
//! is malformed, too large or a MIME bomb (too many parts, too deep) becomes a finding that
//! names it, and the others are read as usual. Outlook's TNEF `winmail.dat` is not read (no
//! well-kept crate decodes it): it is reported so the coordinator can ask for the PDF.

pub mod fetch;

use std::io::Read;
use std::path::Path;

use mail_parser::{MessageParser, MimeHeaders, PartType};
use serde::{Deserialize, Serialize};

use crate::findings::{Code, Finding};

/// Most MIME parts in one message (all nested messages included): more is a MIME bomb.
pub const MAX_PARTS: usize = 1000;
/// Deepest nesting of multiparts inside one message: more is a MIME bomb.
pub const MAX_DEPTH: usize = 32;
/// Largest mbox file read, in bytes (each message in it is also held to the per-file limit).
pub const MAX_MBOX_BYTES: u64 = 1024 * 1024 * 1024;
/// An inline image smaller than this is a signature logo, not a scanned certificate.
pub const MIN_INLINE_IMAGE_BYTES: usize = 10 * 1024;

/// Where a certificate that came by email came from (SPEC §8 `source`, type `mail`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSource {
    /// The mail file (and message number in an mbox), relative to its folder.
    pub message: String,
    /// The `From` address of the message that carried the attachment (lower-cased).
    pub sender: Option<String>,
    /// The display name in that `From`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    /// The message's `Date`, RFC 3339.
    pub date: Option<String>,
    /// The message's `Subject`.
    pub subject: Option<String>,
}

/// One attachment taken from a mail file.
#[derive(Clone, Debug)]
pub struct Attachment {
    /// `MAILFILE#ATTACHMENT` (`MAILFILE#N/ATTACHMENT` for message N of an mbox): stable
    /// between runs and unique (a repeated name gets a `2-` prefix, and so on).
    pub name: String,
    /// The decoded bytes (empty when `problem` is set).
    pub bytes: Vec<u8>,
    /// Why the attachment cannot be read (over the size limit), if so.
    pub problem: Option<String>,
    /// The message it came in.
    pub source: MailSource,
}

/// What one mail file gave.
#[derive(Debug, Default)]
pub struct MailFile {
    /// Certificate attachments, in message order.
    pub attachments: Vec<Attachment>,
    /// Problems, each naming the mail file (and message).
    pub findings: Vec<Finding>,
}

/// Whether an inbox path (relative, `/`-separated) is a mail file: `*.eml`, `*.mbox`, or a
/// message in the `cur/` or `new/` folder of a Maildir (a folder that also has the other).
pub fn is_mail_file(path: &Path, relative: &str) -> bool {
    let lower = relative.to_ascii_lowercase();
    if lower.ends_with(".eml") || lower.ends_with(".mbox") {
        return true;
    }
    is_maildir_message(path)
}

/// Whether `path` is a message file in a Maildir's `cur/` or `new/`.
fn is_maildir_message(path: &Path) -> bool {
    let Some(folder) = path.parent() else {
        return false;
    };
    let Some(name) = folder.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    if name != "cur" && name != "new" {
        return false;
    }
    let Some(maildir) = folder.parent() else {
        return false;
    };
    maildir.join("cur").is_dir() && maildir.join("new").is_dir()
}

/// Reads one mail file (`relative` is its name in the report) and returns its certificate
/// attachments. `max_bytes` is the per-file limit, applied to each message and attachment.
pub fn read(path: &Path, relative: &str, max_bytes: u64) -> MailFile {
    let mut attachments = Vec::new();
    let findings = read_each(path, relative, max_bytes, &mut |attachment| {
        attachments.push(attachment)
    });
    MailFile {
        attachments,
        findings,
    }
}

/// As [`read`], handing each attachment to `visit` as soon as its message is read, so that
/// an mbox is never held whole in memory (only one message and its attachments at a time).
/// Returns the findings.
pub fn read_each(
    path: &Path,
    relative: &str,
    max_bytes: u64,
    visit: &mut dyn FnMut(Attachment),
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let is_mbox = relative.to_ascii_lowercase().ends_with(".mbox");
    if !is_mbox {
        match read_bounded(path, max_bytes) {
            Ok(bytes) => read_message(
                &bytes,
                relative,
                &format!("{relative}#"),
                max_bytes,
                visit,
                &mut findings,
            ),
            Err(reason) => findings.push(unreadable(relative, &reason)),
        }
        return findings;
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            findings.push(unreadable(relative, &format!("cannot open it: {error}")));
            return findings;
        }
    };
    if file
        .metadata()
        .is_ok_and(|metadata| metadata.len() > MAX_MBOX_BYTES)
    {
        findings.push(unreadable(
            relative,
            &format!(
                "the mbox is over the {} MiB limit; split it in your mail program",
                MAX_MBOX_BYTES / (1024 * 1024)
            ),
        ));
        return findings;
    }
    let reader = std::io::BufReader::new(file.take(MAX_MBOX_BYTES));
    let messages = mail_parser::mailbox::mbox::MessageIterator::new(reader);
    for (number, message) in messages.enumerate() {
        let label = format!("{relative}#{}", number + 1);
        match message {
            Ok(message) => {
                let prefix = format!("{label}/");
                read_message(
                    message.contents(),
                    &label,
                    &prefix,
                    max_bytes,
                    visit,
                    &mut findings,
                );
            }
            Err(error) => {
                findings.push(unreadable(
                    &label,
                    &format!("cannot split the mbox: {error}"),
                ));
                break;
            }
        }
    }
    findings
}

/// Reads one message; `label` names it in findings, `prefix` starts its attachments' names.
fn read_message(
    raw: &[u8],
    label: &str,
    prefix: &str,
    max_bytes: u64,
    visit: &mut dyn FnMut(Attachment),
    findings: &mut Vec<Finding>,
) {
    if raw.len() as u64 > max_bytes {
        findings.push(unreadable(
            label,
            &format!(
                "the message is {} MiB, over the {} MiB limit",
                raw.len() / (1024 * 1024),
                max_bytes / (1024 * 1024)
            ),
        ));
        return;
    }
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(raw));
    let message = match parsed {
        Ok(Some(message))
            if message.from().is_some()
                || message.subject().is_some()
                || message.date().is_some()
                || message.content_type().is_some() =>
        {
            message
        }
        Ok(_) => {
            findings.push(unreadable(
                label,
                "not a mail message (no From, Subject, Date or Content-Type header)",
            ));
            return;
        }
        Err(_) => {
            findings.push(unreadable(
                label,
                "internal error while reading the message (it is malformed)",
            ));
            return;
        }
    };
    if let Err(reason) = check_shape(&message, 0) {
        findings.push(unreadable(label, &reason));
        return;
    }
    let mut used = std::collections::HashSet::new();
    let mut found = Vec::new();
    collect(&message, label, &mut found, findings, prefix);
    for (name, bytes, source) in found {
        let unique = unique_name(&name, &mut used);
        let problem = (bytes.len() as u64 > max_bytes).then(|| {
            format!(
                "the attachment is {} MiB, over the {} MiB limit",
                bytes.len() / (1024 * 1024),
                max_bytes / (1024 * 1024)
            )
        });
        visit(Attachment {
            name: format!("{prefix}{unique}"),
            bytes: if problem.is_some() { Vec::new() } else { bytes },
            problem,
            source,
        });
    }
}

/// Refuses MIME bombs: too many parts in all, or multiparts nested too deep.
fn check_shape(message: &mail_parser::Message<'_>, nested: usize) -> Result<usize, String> {
    let mut parts = message.parts.len();
    if parts > MAX_PARTS {
        return Err(format!(
            "the message has more than {MAX_PARTS} MIME parts (a MIME bomb?)"
        ));
    }
    // Depth of each part: parents come before children in `parts`.
    let mut depth = vec![0usize; message.parts.len()];
    for (index, part) in message.parts.iter().enumerate() {
        let here = depth.get(index).copied().unwrap_or(0);
        if here + nested > MAX_DEPTH {
            return Err(format!(
                "the message nests MIME parts more than {MAX_DEPTH} deep (a MIME bomb?)"
            ));
        }
        match &part.body {
            PartType::Multipart(children) => {
                for child in children {
                    if let Some(slot) = depth.get_mut(*child as usize) {
                        *slot = (*slot).max(here + 1);
                    }
                }
            }
            PartType::Message(inner) => {
                parts += check_shape(inner, nested + here + 1)?;
                if parts > MAX_PARTS {
                    return Err(format!(
                        "the message has more than {MAX_PARTS} MIME parts (a MIME bomb?)"
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(parts)
}

/// What a part's bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    Pdf,
    Image(&'static str),
    Tnef,
    Other,
}

/// Sniffs bytes (and, failing that, the declared type and name).
fn content_of(bytes: &[u8], mime: &str, name: &str) -> Content {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|window| window == b"%PDF-") {
        return Content::Pdf;
    }
    if let Some(extension) = image_extension(bytes) {
        return Content::Image(extension);
    }
    let name = name.to_ascii_lowercase();
    if bytes.starts_with(&[0x78, 0x9f, 0x3e, 0x22])
        || mime == "application/ms-tnef"
        || mime == "application/vnd.ms-tnef"
        || name == "winmail.dat"
    {
        return Content::Tnef;
    }
    if mime == "application/pdf" || name.ends_with(".pdf") {
        return Content::Pdf;
    }
    Content::Other
}

/// The file extension for an image's magic bytes.
fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("tif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// The provenance of a message.
fn source_of(message: &mail_parser::Message<'_>, label: &str) -> MailSource {
    // The first address that has an `@`: an unquoted "Last, First <address>" parses as
    // two entries, the first without an address.
    let from = message.from().and_then(|address| {
        address
            .iter()
            .find(|addr| addr.address().is_some_and(|a| a.contains('@')))
    });
    MailSource {
        message: label.to_owned(),
        sender: from
            .and_then(|addr| addr.address())
            .map(|address| clean(address).to_lowercase())
            .filter(|address| address.contains('@')),
        sender_name: from
            .and_then(|addr| addr.name())
            .map(clean)
            .filter(|name| !name.is_empty()),
        date: message.date().map(|date| date.to_rfc3339()),
        subject: message.subject().map(clean).filter(|s| !s.is_empty()),
    }
}

/// Collects the certificate attachments of `message` and of the messages forwarded inside
/// it. Each carries the provenance of the message that directly holds it.
fn collect(
    message: &mail_parser::Message<'_>,
    label: &str,
    found: &mut Vec<(String, Vec<u8>, MailSource)>,
    findings: &mut Vec<Finding>,
    prefix: &str,
) {
    let source = source_of(message, label);
    for (index, part) in message.parts.iter().enumerate() {
        let bytes: &[u8] = match &part.body {
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => bytes,
            PartType::Message(inner) => {
                collect(inner, label, found, findings, prefix);
                continue;
            }
            _ => continue,
        };
        let mime = part
            .content_type()
            .map(|kind| {
                format!("{}/{}", kind.ctype(), kind.subtype().unwrap_or_default())
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let declared = part.attachment_name().map(sanitize).unwrap_or_default();
        let content = content_of(bytes, &mime, &declared);
        let inline = part
            .content_disposition()
            .is_none_or(|disposition| disposition.is_inline());
        let name = |extension: &str| {
            if declared.is_empty() {
                format!("attachment-{}.{extension}", index + 1)
            } else {
                declared.clone()
            }
        };
        match content {
            Content::Pdf => found.push((name("pdf"), bytes.to_vec(), source.clone())),
            Content::Image(extension) => {
                if inline && bytes.len() < MIN_INLINE_IMAGE_BYTES {
                    tracing::debug!(message = label, "skipping a small inline image (a logo)");
                    continue;
                }
                found.push((name(extension), bytes.to_vec(), source.clone()));
            }
            Content::Tnef => findings.push(
                Finding::new(
                    Code::IgnoredFile,
                    "An Outlook winmail.dat attachment (TNEF) cannot be read; any certificate inside it was not seen.",
                    "Ask the sender to send the certificate again as a PDF attachment (in Outlook: send as HTML or plain text, not Rich Text).",
                )
                .file(format!("{prefix}{}", name("dat"))),
            ),
            Content::Other => {
                if !declared.is_empty() && !mime.starts_with("text/") {
                    findings.push(
                        Finding::new(
                            Code::IgnoredFile,
                            "Not a certificate (PDF or image); ignored.",
                            "Nothing to do, unless this is a certificate: then ask the coach for the PDF.",
                        )
                        .file(format!("{prefix}{declared}")),
                    );
                }
            }
        }
    }
}

/// A file name safe to show: the last path component, without control characters.
fn sanitize(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = clean(last).chars().take(120).collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    trimmed.to_owned()
}

/// Drops control characters and collapses surrounding space.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// `name`, or `2-name`, `3-name`… when already used in this message.
fn unique_name(name: &str, used: &mut std::collections::HashSet<String>) -> String {
    if used.insert(name.to_owned()) {
        return name.to_owned();
    }
    (2..)
        .map(|number| format!("{number}-{name}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or_default()
}

/// The finding for a mail file or message that cannot be read.
fn unreadable(label: &str, reason: &str) -> Finding {
    Finding::new(
        Code::UnreadableFile,
        format!("Could not read this mail: {reason}."),
        "Open the message in your mail program and save its certificate attachments into the inbox, or ask the sender to send them again.",
    )
    .file(label.to_owned())
}

/// Reads at most `limit` bytes of a file; a larger file is an error saying so.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|error| format!("cannot open it: {error}"))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read it: {error}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the file is over the {} MiB limit",
            limit / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
