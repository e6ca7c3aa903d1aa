//! Tests of mail-file reading on messages written inline (the fixture corpus made by
//! `fixtures/mail/make.py` is exercised by the CLI tests).

use super::*;

const PDF: &[u8] = b"%PDF-1.4\n% a stand-in certificate\n%%EOF\n";

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn attachment(name: &str, bytes: &[u8]) -> String {
    format!(
        "Content-Type: application/pdf; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(bytes)
    )
}

fn message(from: &str, subject: &str, parts: &[String]) -> String {
    let mut text = format!(
        "From: {from}\r\nTo: coaches@example.org\r\nSubject: {subject}\r\nDate: Tue, 1 Sep 2026 10:00:00 -0700\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nHere you go.\r\n"
    );
    for part in parts {
        text.push_str("--b1\r\n");
        text.push_str(part);
    }
    text.push_str("--b1--\r\n");
    text
}

fn read_text(name: &str, text: &str) -> MailFile {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    read(&path, name, 50 * 1024 * 1024)
}

#[test]
fn every_pdf_attachment_is_a_certificate_named_after_the_message() {
    let text = message(
        "\"Dana Reyes\" <Dana.Reyes@example.org>",
        "My certificates",
        &[
            attachment("safesport.pdf", PDF),
            attachment("safesport.pdf", b"%PDF-1.7\nother"),
        ],
    );
    let mail = read_text("dana.eml", &text);
    let names: Vec<&str> = mail.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["dana.eml#safesport.pdf", "dana.eml#2-safesport.pdf"]
    );
    let source = &mail.attachments[0].source;
    assert_eq!(source.sender.as_deref(), Some("dana.reyes@example.org"));
    assert_eq!(source.sender_name.as_deref(), Some("Dana Reyes"));
    assert_eq!(source.subject.as_deref(), Some("My certificates"));
    assert_eq!(source.date.as_deref(), Some("2026-09-01T10:00:00-07:00"));
    assert_eq!(mail.attachments[0].bytes, PDF);
    assert!(mail.findings.is_empty());
}

#[test]
fn a_forwarded_message_keeps_the_provenance_of_the_original_sender() {
    let inner = message("coach@example.org", "cert", &[attachment("intro.pdf", PDF)]);
    let forward = format!("Content-Type: message/rfc822\r\n\r\n{inner}");
    let middle = message("parent@example.org", "Fwd: cert", &[forward]);
    let outer = message(
        "director@example.org",
        "Fwd: Fwd: cert",
        &[format!("Content-Type: message/rfc822\r\n\r\n{middle}")],
    );
    let mail = read_text("fwd.eml", &outer);
    assert_eq!(mail.attachments.len(), 1, "{:?}", mail.findings);
    assert_eq!(mail.attachments[0].name, "fwd.eml#intro.pdf");
    assert_eq!(
        mail.attachments[0].source.sender.as_deref(),
        Some("coach@example.org")
    );
}

#[test]
fn a_mime_bomb_is_a_finding_naming_the_message() {
    let parts: Vec<String> = (0..MAX_PARTS + 5)
        .map(|_| "Content-Type: text/plain\r\n\r\nx\r\n".to_owned())
        .collect();
    let mail = read_text("bomb.eml", &message("a@example.org", "bomb", &parts));
    assert!(mail.attachments.is_empty());
    assert_eq!(mail.findings.len(), 1);
    assert_eq!(mail.findings[0].file.as_deref(), Some("bomb.eml"));
    assert!(mail.findings[0].message.contains("MIME parts"));

    let mut deep = attachment("deep.pdf", PDF);
    for level in 0..MAX_DEPTH + 5 {
        deep = format!(
            "Content-Type: multipart/mixed; boundary=\"d{level}\"\r\n\r\n--d{level}\r\n{deep}--d{level}--\r\n"
        );
    }
    let mail = read_text(
        "deep.eml",
        &format!("From: a@example.org\r\nSubject: deep\r\n{deep}"),
    );
    assert!(mail.attachments.is_empty());
    assert!(
        mail.findings[0].message.contains("deep"),
        "{:?}",
        mail.findings
    );
}

#[test]
fn malformed_and_oversized_mail_is_a_finding_and_nothing_else() {
    let mail = read_text("junk.eml", "\u{0}\u{1}not a message at all");
    assert!(mail.attachments.is_empty());
    assert_eq!(mail.findings.len(), 1, "{:?}", mail.findings);
    assert_eq!(mail.findings[0].file.as_deref(), Some("junk.eml"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.eml");
    let big = vec![b'a'; 4096];
    let text = message(
        "a@example.org",
        "big",
        &[attachment("big.pdf", &[PDF, &big].concat())],
    );
    std::fs::write(&path, &text).unwrap();
    let mail = read(&path, "big.eml", 1024);
    assert!(mail.attachments.is_empty());
    assert!(mail.findings[0].message.contains("limit"));
    let mail = read(&path, "big.eml", text.len() as u64);
    assert_eq!(
        mail.attachments.len(),
        1,
        "a message within the limit is read"
    );
}

#[test]
fn an_mbox_names_each_message_by_its_number() {
    let one = message("a@example.org", "one", &[attachment("a.pdf", PDF)]);
    let two = message(
        "b@example.org",
        "two",
        &[attachment("a.pdf", b"%PDF-1.5 b")],
    );
    let text = format!(
        "From a@example.org Tue Sep  1 10:00:00 2026\r\n{one}\r\nFrom b@example.org Tue Sep  1 11:00:00 2026\r\n{two}\r\n"
    );
    let mail = read_text("season.mbox", &text);
    let names: Vec<&str> = mail.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["season.mbox#1/a.pdf", "season.mbox#2/a.pdf"]);
    assert_eq!(
        mail.attachments[1].source.sender.as_deref(),
        Some("b@example.org")
    );
}

#[test]
fn logos_and_documents_are_left_out_and_winmail_dat_is_reported() {
    let logo = format!(
        "Content-Type: image/png\r\nContent-ID: <logo>\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(b"\x89PNG\r\n\x1a\nsmall")
    );
    let scan_bytes = [
        b"\xff\xd8\xff\xe0".as_slice(),
        &vec![7u8; MIN_INLINE_IMAGE_BYTES],
    ]
    .concat();
    let scan = format!(
        "Content-Type: image/jpeg\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(&scan_bytes)
    );
    let tnef = "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n\r\neJ8+IgAA\r\n".to_owned();
    let doc = "Content-Type: application/msword; name=\"notes.doc\"\r\nContent-Disposition: attachment; filename=\"notes.doc\"\r\n\r\nhello\r\n".to_owned();
    let mail = read_text(
        "mixed.eml",
        &message("a@example.org", "x", &[logo, scan, tnef, doc]),
    );
    let names: Vec<&str> = mail.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("mixed.eml#attachment-") && names[0].ends_with(".jpg"));
    let files: Vec<&str> = mail
        .findings
        .iter()
        .filter_map(|f| f.file.as_deref())
        .collect();
    assert_eq!(files, ["mixed.eml#winmail.dat", "mixed.eml#notes.doc"]);
}

#[test]
fn an_unquoted_last_comma_first_sender_keeps_its_address() {
    let text = message(
        "Haddad, Ahmed <ahmed.haddad@example.com>",
        "x",
        &[attachment("a.pdf", PDF)],
    );
    let mail = read_text("outlook.eml", &text);
    assert_eq!(
        mail.attachments[0].source.sender.as_deref(),
        Some("ahmed.haddad@example.com")
    );
}

#[test]
fn attachment_names_cannot_climb_out_or_hide() {
    assert_eq!(sanitize("../../etc/passwd"), "passwd");
    assert_eq!(sanitize("C:\\Users\\x\\cert.pdf"), "cert.pdf");
    assert_eq!(sanitize("..hidden.pdf"), "hidden.pdf");
    assert_eq!(sanitize("a\u{7}b.pdf"), "a b.pdf");
}
