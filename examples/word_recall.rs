//! Word recall of coachcheck's PDF text reader against poppler's `pdftotext`, per producer.
//!
//! ```text
//! cargo run --release --example word_recall -- [--max-per-root N] [--jobs N] [--list] [--by-folder] ROOT...
//! ```
//!
//! Every `*.pdf` under each ROOT (default: the demo league, the hostile seeds and
//! `fixtures/extraction`) is read by both. Words are maximal runs of letters and digits
//! (NFKC, case kept); a file's recall is the share of pdftotext's words (as a multiset)
//! that coachcheck also read. Files pdftotext reads no word from are counted apart, as are
//! files over coachcheck's limits (the bench raises the page limit to 100 and keeps the
//! other limits of SPEC §5). `--max-per-root N` takes N evenly spaced files per root (sorted
//! by path), for large trees such as `/usr/share/doc`. `--list` prints every file below
//! 0.99 recall with its producer. When a file has a `NAME.words` beside it (the text it was
//! made from), recall against that truth is reported for both readers, and a file whose
//! pdftotext text holds under half of the true words counts as "pdftotext garbled" and is
//! left out of the pdftotext-relative recall (a font without a Unicode map whose codes
//! pdftotext prints as if they were letters). Producers are grouped by family (`/Producer`, else
//! `/Creator`), or with `--by-folder` by the name of the folder a file is in (the corpus of
//! `fixtures/tools/make_recall_corpus.py` has one folder per producer and variant).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use coachcheck::certificates::{explain, ExtractionStatus, Limits, TemplateSet};
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
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

/// Words of `text`: runs of letters, marks and digits, NFKC. On each line, a run of three
/// or more words of one or two characters is joined into one, marked with a leading `\u{1}`:
/// a letter-spaced heading ("C E R T I F I C AT E"), which pdftotext reads a word per
/// letter (or kerned pair) and coachcheck as words; such a run counts as read when its
/// letters appear in that order in coachcheck's text with the spaces removed.
fn words(text: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let normal: String = text.nfkc().collect();
    for line in normal.lines() {
        let tokens: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c)))
            .filter(|w| !w.is_empty())
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            let single = |t: &str| t.chars().count() <= 2;
            let run = tokens[i..].iter().take_while(|t| single(t)).count();
            let letters = tokens[i..i + run]
                .iter()
                .filter(|t| t.chars().count() == 1)
                .count();
            if run >= 3 && letters * 2 >= run {
                let joined = format!("\u{1}{}", tokens[i..i + run].concat());
                *out.entry(joined).or_insert(0) += 1;
                i += run;
            } else {
                *out.entry(tokens[i].to_string()).or_insert(0) += 1;
                i += 1;
            }
        }
    }
    out
}

/// The producer family of a `/Producer` or `/Creator` string.
fn family(producer: Option<&str>) -> String {
    let Some(p) = producer else {
        return "(none)".into();
    };
    let l = p.to_lowercase();
    let known = [
        ("pdftex", "pdfTeX"),
        ("luatex", "LuaTeX"),
        ("xetex", "XeTeX (xdvipdfmx)"),
        ("xdvipdfmx", "XeTeX (xdvipdfmx)"),
        ("dvipdfm", "dvipdfm(x)"),
        ("ghostscript", "Ghostscript"),
        ("cairo", "cairo"),
        ("skia", "Chromium (Skia)"),
        ("reportlab", "ReportLab"),
        ("pyfpdf", "fpdf2"),
        ("fpdf", "fpdf2"),
        ("libreoffice", "LibreOffice"),
        ("openoffice", "LibreOffice"),
        ("microsoft", "Microsoft Office"),
        ("quartz", "macOS Quartz"),
        ("acrobat", "Adobe"),
        ("adobe", "Adobe"),
        ("distiller", "Adobe"),
        ("itext", "iText"),
        ("qpdf", "qpdf"),
        ("pikepdf", "pikepdf"),
        ("fonttools", "fontTools subset (fixture)"),
        ("img2pdf", "img2pdf"),
        ("typst", "typst"),
        ("coachcheck", "coachcheck generator"),
        ("docbook", "DocBook (FOP)"),
        ("fop", "Apache FOP"),
        ("groff", "groff"),
    ];
    for (needle, name) in known {
        if l.contains(needle) {
            return name.to_string();
        }
    }
    p.split_whitespace()
        .next()
        .unwrap_or("(none)")
        .chars()
        .take(24)
        .collect()
}

/// The text pdftotext reads from `path` (first 100 pages), or `None` when it fails.
fn pdftotext(path: &Path) -> Option<String> {
    let out = Command::new("timeout")
        .args(["30", "pdftotext", "-q", "-enc", "UTF-8", "-l", "100"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[derive(Default)]
struct Tally {
    files: usize,
    reference_words: usize,
    found_words: usize,
    perfect: usize,
    below_90: usize,
    needs_ocr_but_read: usize,
    no_reference: usize,
    /// Of `no_reference`: files coachcheck reads 20 words or more from.
    read_beyond: usize,
    over_limits: usize,
    garbled: usize,
    truth_words: usize,
    truth_ours: usize,
    truth_pdftotext: usize,
}

struct Outcome {
    path: PathBuf,
    family: String,
    reference: usize,
    found: usize,
    ours: usize,
    /// (true words, read by coachcheck, read by pdftotext), when the truth is known.
    truth: Option<(usize, usize, usize)>,
    status: ExtractionStatus,
    error: Option<String>,
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut roots = Vec::new();
    let mut per_root = usize::MAX;
    let mut jobs = 0usize;
    let mut list = false;
    let mut by_folder = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--max-per-root" => {
                per_root = args.next().and_then(|n| n.parse().ok()).unwrap_or(per_root)
            }
            "--jobs" => jobs = args.next().and_then(|n| n.parse().ok()).unwrap_or(0),
            "--list" => list = true,
            "--by-folder" => by_folder = true,
            other => roots.push(PathBuf::from(other)),
        }
    }
    if roots.is_empty() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        roots = vec![
            here.join("fixtures/demo-league/certificates"),
            here.join("fixtures/hostile"),
            here.join("fixtures/extraction"),
        ];
    }
    let mut files = Vec::new();
    for root in &roots {
        let mut found = Vec::new();
        pdfs(root, &mut found);
        found.sort();
        if found.len() > per_root {
            let step = found.len() as f64 / per_root as f64;
            found = (0..per_root)
                .filter_map(|i| found.get((i as f64 * step) as usize).cloned())
                .collect();
        }
        files.extend(found);
    }
    // The same file reached twice (a symlinked documentation tree) counts once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    anyhow::ensure!(!files.is_empty(), "no PDF under {roots:?}");
    if jobs > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()?;
    }
    let templates = TemplateSet::builtin();
    let limits = Limits {
        max_pages: 100,
        time_per_file: Duration::from_secs(20),
        ..Limits::default()
    };
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let reference_text = pdftotext(path).unwrap_or_default();
            let reference = words(&reference_text);
            let e = explain(&bytes, &limits, &templates);
            let ours = words(&e.text);
            let compact: String = e
                .text
                .nfkc()
                .filter(|c| c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(c))
                .collect();
            let total: usize = reference.values().sum();
            let found: usize = reference
                .iter()
                .map(|(w, n)| match w.strip_prefix('\u{1}') {
                    Some(run) if compact.contains(run) => *n,
                    _ => (*n).min(ours.get(w).copied().unwrap_or(0)),
                })
                .sum();
            let truth = std::fs::read_to_string(path.with_extension("words"))
                .ok()
                .map(|t| {
                    let truth = words(&t);
                    let theirs = words(&reference_text);
                    let hits = |side: &HashMap<String, usize>| -> usize {
                        truth
                            .iter()
                            .map(|(w, n)| (*n).min(side.get(w).copied().unwrap_or(0)))
                            .sum()
                    };
                    (truth.values().sum(), hits(&ours), hits(&theirs))
                });
            Some(Outcome {
                truth,
                path: path.clone(),
                family: if by_folder {
                    path.parent()
                        .and_then(Path::file_name)
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                } else {
                    family(e.producer.as_deref())
                },
                reference: total,
                found,
                ours: ours.values().sum(),
                status: e.extraction.status,
                error: e.extraction.error.clone(),
            })
        })
        .collect();

    let mut by_family: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    let mut listed = Vec::new();
    for o in &outcomes {
        for t in [by_family.entry(o.family.clone()).or_default(), &mut all] {
            t.files += 1;
            if let Some((n, ours, theirs)) = o.truth {
                t.truth_words += n;
                t.truth_ours += ours;
                t.truth_pdftotext += theirs;
                if o.reference > 0 && theirs * 2 < n {
                    t.garbled += 1;
                    continue;
                }
            }
            if o.reference == 0 {
                t.no_reference += 1;
                if o.ours >= 20 {
                    t.read_beyond += 1;
                }
                continue;
            }
            let over = o.status == ExtractionStatus::Unreadable
                && o.error
                    .as_deref()
                    .is_some_and(|e| e.contains("limit") || e.contains("pages (the page"));
            if over {
                t.over_limits += 1;
                continue;
            }
            t.reference_words += o.reference;
            t.found_words += o.found;
            let recall = o.found as f64 / o.reference as f64;
            if o.found == o.reference {
                t.perfect += 1;
            }
            if recall < 0.9 {
                t.below_90 += 1;
            }
            if o.status == ExtractionStatus::NeedsOcr && o.reference >= 20 {
                t.needs_ocr_but_read += 1;
            }
        }
        let garbled = o.truth.is_some_and(|(n, _, theirs)| theirs * 2 < n);
        if o.reference > 0 && !garbled && (o.found as f64) < 0.99 * o.reference as f64 {
            listed.push(o);
        }
    }
    println!("| producer | files | no pdftotext words (coachcheck ≥ 20) | pdftotext garbled | over limits | words (pdftotext) | word recall | files at 100 % | files < 90 % | needs_ocr, pdftotext ≥ 20 words | true-word recall coachcheck / pdftotext |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    let row = |name: &str, t: &Tally| {
        let recall = if t.reference_words == 0 {
            "—".to_string()
        } else {
            format!("{:.4}", t.found_words as f64 / t.reference_words as f64)
        };
        let truth = if t.truth_words == 0 {
            "—".to_string()
        } else {
            format!(
                "{:.4} / {:.4}",
                t.truth_ours as f64 / t.truth_words as f64,
                t.truth_pdftotext as f64 / t.truth_words as f64
            )
        };
        println!(
            "| {name} | {} | {} ({}) | {} | {} | {} | {recall} | {} | {} | {} | {truth} |",
            t.files,
            t.no_reference,
            t.read_beyond,
            t.garbled,
            t.over_limits,
            t.reference_words,
            t.perfect,
            t.below_90,
            t.needs_ocr_but_read
        );
    };
    for (name, t) in &by_family {
        row(name, t);
    }
    row("**all**", &all);
    if list {
        listed.sort_by(|a, b| {
            let ra = a.found as f64 / a.reference as f64;
            let rb = b.found as f64 / b.reference as f64;
            ra.total_cmp(&rb)
        });
        println!();
        for o in listed {
            println!(
                "{:.3}  {:>6}/{:<6} {:<20} {:?}  {}",
                o.found as f64 / o.reference as f64,
                o.found,
                o.reference,
                o.family,
                o.status,
                o.path.display()
            );
        }
    }
    Ok(())
}
