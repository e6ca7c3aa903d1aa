//! OCR benchmark: time per page read by OCR, then a cold and a warm `coachcheck run` over
//! the demo league with its scans and photos added.
//!
//! ```text
//! cargo build --release && cargo run --release --example bench_ocr -- [--rounds N]
//! ```
//!
//! 1. Every file of `fixtures/scans/` plus the demo's `scan0001.pdf` is read `N` times
//!    (default 3) with `certificates::extract`, one at a time: the median and the slowest
//!    time per page.
//! 2. `target/release/coachcheck run` on a fresh copy of `fixtures/demo-league/` with
//!    `fixtures/scans/` inside it: the cold run reads everything, the warm run (same
//!    reports folder) must read nothing again (`parsed=0` in its log).
//!
//! Needs Tesseract (`apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd`).
//! Figures: `benches/README.md`, "OCR".

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use coachcheck::certificates::{extract, Limits, TemplateSet};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn run(binary: &Path, inbox: &Path, reports: &Path) -> anyhow::Result<(Duration, String)> {
    let started = Instant::now();
    let output = Command::new(binary)
        .env("RUST_LOG", "coachcheck=info")
        .args(["run", "--quiet", "--as-of", "2026-10-01", "--inbox"])
        .arg(inbox)
        .arg("--reports")
        .arg(reports)
        .output()?;
    let elapsed = started.elapsed();
    anyhow::ensure!(output.status.success(), "coachcheck run failed");
    let log = String::from_utf8_lossy(&output.stderr);
    let line = log
        .lines()
        .find(|l| l.contains("certificates read"))
        .unwrap_or("")
        .to_string();
    Ok((elapsed, line))
}

fn main() -> anyhow::Result<()> {
    let mut rounds = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(rounds);
        }
    }
    let scans = root().join("fixtures/scans");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&scans)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["pdf", "jpg", "png", "tif", "webp"].contains(&e))
        })
        .collect();
    files.sort();
    files.push(root().join("fixtures/demo-league/certificates/scan0001.pdf"));

    // 1. Time per page (every file here is one page).
    let limits = Limits {
        time_per_file: Duration::from_secs(300),
        ..Limits::default()
    };
    let templates = TemplateSet::builtin();
    let mut times = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file)?;
        let mut holder = String::new();
        for _ in 0..rounds {
            let started = Instant::now();
            let extraction = extract(&bytes, &limits, &templates);
            let elapsed = started.elapsed();
            anyhow::ensure!(
                extraction.ocr,
                "{} was not read by OCR: {:?}",
                file.display(),
                extraction.error
            );
            times.push(elapsed);
            holder = format!(
                "{} ({:.0}%)",
                extraction.holder.unwrap_or_default(),
                extraction.confidence.get("holder").copied().unwrap_or(0.0)
            );
        }
        println!(
            "{:<45} {:>6.2} s  {holder}",
            file.file_name().unwrap_or_default().to_string_lossy(),
            times.last().map_or(0.0, Duration::as_secs_f64),
        );
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "OCR per page: median {:.2} s, slowest {:.2} s ({} pages, {rounds} rounds)",
        median.as_secs_f64(),
        times.last().map_or(0.0, Duration::as_secs_f64),
        files.len()
    );

    // 2. Cold and warm runs over the demo league with the scans.
    let binary = std::env::current_exe()?
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("coachcheck"))
        .filter(|p| p.exists())
        .ok_or_else(|| anyhow::anyhow!("build the binary first: cargo build --release"))?;
    let work = tempfile::tempdir()?;
    let inbox = work.path().join("inbox");
    copy_dir(&root().join("fixtures/demo-league"), &inbox)?;
    copy_dir(&scans, &inbox.join("scans"))?;
    let reports = work.path().join("reports");
    let (cold, cold_log) = run(&binary, &inbox, &reports)?;
    let (warm, warm_log) = run(&binary, &inbox, &reports)?;
    println!(
        "cold run: {:.2} s  ({})",
        cold.as_secs_f64(),
        cold_log.trim()
    );
    println!(
        "warm run: {:.2} s  ({})",
        warm.as_secs_f64(),
        warm_log.trim()
    );
    anyhow::ensure!(
        warm_log.contains("parsed=0"),
        "the warm run read files again"
    );
    Ok(())
}
