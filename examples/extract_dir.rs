//! Prints one JSON line per PDF in a folder: the extraction of `coachcheck::certificates`.
//! With `--text`, adds the text read and where each field came from; `--repeat N` reads each
//! file N times and reports the mean time (a quick benchmark).
//!
//! `cargo run --example extract_dir -- DIR [--text] [--templates DIR] [--repeat N]`

use std::path::PathBuf;
use std::time::Instant;

use coachcheck::certificates::{explain, Limits, TemplateSet};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut show_text = false;
    let mut user_templates = None;
    let mut repeat = 1usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--text" => show_text = true,
            "--templates" => user_templates = args.next().map(PathBuf::from),
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir =
        dir.ok_or_else(|| anyhow::anyhow!("usage: extract_dir DIR [--text] [--templates DIR]"))?;
    let templates = TemplateSet::load(user_templates.as_deref())?;
    let limits = Limits::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    files.sort();
    let started = Instant::now();
    for path in &files {
        let bytes = std::fs::read(path)?;
        let t = Instant::now();
        let mut e = explain(&bytes, &limits, &templates);
        for _ in 1..repeat {
            e = explain(&bytes, &limits, &templates);
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / repeat as f64;
        let mut v = serde_json::to_value(&e.extraction)?;
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "file".into(),
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .into(),
            );
            o.insert("ms".into(), ((ms * 10.0).round() / 10.0).into());
            if show_text {
                o.insert("text".into(), e.text.clone().into());
                o.insert("producer".into(), e.producer.clone().into());
                o.insert("sources".into(), serde_json::to_value(&e.field_sources)?);
                o.insert("trials".into(), serde_json::to_value(&e.trials)?);
            }
        }
        println!("{v}");
    }
    eprintln!(
        "{} files in {:.1} ms",
        files.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
