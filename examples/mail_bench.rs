//! mail_bench: times reading mail files (MIME parsing, base64 decoding, attachment naming)
//! on an mbox built from the issue-18 fixture messages, and on a MIME bomb.
//!
//! Run with `cargo run --release --example mail_bench [MESSAGES]` (default 2,000). The
//! mbox is written to a temporary folder, so the figure includes reading it from the page
//! cache but no PDF extraction (that is `bench_extraction`).

use std::time::Instant;

use coachcheck::mail;

fn main() -> anyhow::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mail/inbox");
    let mut messages = Vec::new();
    for entry in std::fs::read_dir(&fixtures)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "eml") {
            messages.push(std::fs::read(path)?);
        }
    }
    messages.sort();
    let mut mbox = Vec::new();
    for index in 0..count {
        mbox.extend_from_slice(b"From coach@example.org Mon Sep  7 18:15:00 2026\n");
        mbox.extend_from_slice(&messages[index % messages.len()]);
        mbox.extend_from_slice(b"\n");
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("season.mbox");
    std::fs::write(&path, &mbox)?;
    let limit = 50 * 1024 * 1024;
    let mut best = f64::INFINITY;
    let mut attachments = 0;
    for _ in 0..4 {
        let started = Instant::now();
        let read = mail::read(&path, "season.mbox", limit);
        best = best.min(started.elapsed().as_secs_f64());
        attachments = read.attachments.len();
    }
    println!(
        "{count} messages ({:.1} MB mbox), {attachments} attachments: best {:.0} ms, {:.0} messages/s, {:.0} MB/s",
        mbox.len() as f64 / 1e6,
        best * 1000.0,
        count as f64 / best,
        mbox.len() as f64 / 1e6 / best
    );

    // A MIME bomb just under and just over the part limit: refused quickly either way.
    for parts in [mail::MAX_PARTS - 10, 50_000] {
        let mut bomb = String::from(
            "From: a@example.org\r\nSubject: bomb\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n",
        );
        for _ in 0..parts {
            bomb.push_str("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }
        bomb.push_str("--b--\r\n");
        let bomb_path = dir.path().join("bomb.eml");
        std::fs::write(&bomb_path, &bomb)?;
        let started = Instant::now();
        let read = mail::read(&bomb_path, "bomb.eml", limit);
        println!(
            "MIME bomb of {parts} parts ({:.1} MB): {:.0} ms, {} finding(s)",
            bomb.len() as f64 / 1e6,
            started.elapsed().as_secs_f64() * 1000.0,
            read.findings.len()
        );
    }
    Ok(())
}
