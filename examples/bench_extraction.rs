//! Extraction benchmark: coachcheck's certificate reader against poppler's `pdftotext`
//! (one process per file, as a script would use it), on the same files, in the same run.
//!
//! ```text
//! cargo run --release --example bench_extraction -- [DIR] [--min-files N] [--jobs N]
//! ```
//!
//! DIR defaults to the demo league's certificates; the file list is cycled until it holds
//! at least N files (default 2,000). Both sides use `--jobs` workers (default: one per core).
//! Prints files/s, MB/s and peak memory (VmHWM) of this process.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use coachcheck::certificates::{extract, ExtractionStatus, Limits, TemplateSet};
use rayon::prelude::*;

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pdfs(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/demo-league/certificates"
    ));
    let mut min_files = 2000usize;
    let mut jobs = 0usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--min-files" => {
                min_files = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(min_files)
            }
            "--jobs" => jobs = args.next().and_then(|n| n.parse().ok()).unwrap_or(0),
            other => dir = PathBuf::from(other),
        }
    }
    let mut distinct = Vec::new();
    pdfs(&dir, &mut distinct);
    distinct.sort();
    anyhow::ensure!(!distinct.is_empty(), "no PDF under {}", dir.display());
    let files: Vec<PathBuf> = distinct
        .iter()
        .cycle()
        .take(min_files.max(distinct.len()))
        .cloned()
        .collect();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    let megabytes = bytes as f64 / 1e6;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let workers = pool.current_num_threads();
    let templates = TemplateSet::builtin();
    let limits = Limits::default();

    let started = Instant::now();
    let ok = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let data = std::fs::read(path).unwrap_or_default();
                extract(&data, &limits, &templates).status == ExtractionStatus::Ok
            })
            .filter(|ok| *ok)
            .count()
    });
    let ours = started.elapsed().as_secs_f64();
    let rss = peak_rss_mib();

    let has_pdftotext = Command::new("pdftotext")
        .arg("-v")
        .stderr(Stdio::null())
        .status()
        .is_ok();
    let theirs = if has_pdftotext {
        let started = Instant::now();
        pool.install(|| {
            files.par_iter().for_each(|path| {
                let _ = Command::new("pdftotext")
                    .arg("-q")
                    .arg(path)
                    .arg("-")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            });
        });
        Some(started.elapsed().as_secs_f64())
    } else {
        None
    };

    println!("| reader | files | seconds | files/s | MB/s |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let n = files.len() as f64;
    println!(
        "| coachcheck ({workers} workers) | {} | {ours:.2} | {:.0} | {:.1} |",
        files.len(),
        n / ours,
        megabytes / ours
    );
    match theirs {
        Some(seconds) => {
            println!(
                "| pdftotext, one process per file ({workers} at a time) | {} | {seconds:.2} | {:.0} | {:.1} |",
                files.len(),
                n / seconds,
                megabytes / seconds
            );
            println!("\nspeed-up: {:.1}x files/s", seconds / ours);
        }
        None => println!("| pdftotext | not installed (apt-get install poppler-utils) | | | |"),
    }
    println!(
        "\n{} distinct files cycled to {}, {:.1} MB; {ok} read as certificates; peak memory (VmHWM) {rss:.0} MiB",
        distinct.len(),
        files.len(),
        megabytes
    );
    Ok(())
}
