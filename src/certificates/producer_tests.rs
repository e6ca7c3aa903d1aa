//! Tests over real producers' PDFs (`fixtures/extraction/`, made by
//! `fixtures/tools/make_extraction_fixtures.py`): accents drawn as separate glyphs (pdfTeX,
//! Ghostscript, ReportLab) and fonts without a `ToUnicode` map (Type 1 built-in encoding, CFF,
//! TrueType subsets with and without glyph names). Each certificate names its course but
//! not its issuer, so recognition rests on the course title alone.

use std::path::{Path, PathBuf};

use super::*;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extraction");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// The lines the fixture was made from (its `.words` file).
fn printed_lines(pdf: &Path) -> Vec<String> {
    let words = pdf.with_extension("words");
    std::fs::read_to_string(&words)
        .unwrap_or_else(|e| panic!("{}: {e}", words.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn every_printed_line_is_read_as_printed() {
    let files = fixtures();
    assert!(files.len() >= 6, "fixtures missing: {files:?}");
    for pdf in files {
        let bytes = std::fs::read(&pdf).unwrap();
        let e = explain(&bytes, &Limits::default(), &TemplateSet::builtin());
        let read: Vec<&str> = e.text.lines().map(str::trim).collect();
        for line in printed_lines(&pdf) {
            assert!(
                read.contains(&line.as_str()),
                "{}: {line:?} not read; text read:\n{}",
                pdf.display(),
                e.text
            );
        }
    }
}

#[test]
fn certificates_are_recognised_by_their_course_title_with_the_holder_as_printed() {
    for pdf in fixtures() {
        let bytes = std::fs::read(&pdf).unwrap();
        let e = extract(&bytes, &Limits::default(), &TemplateSet::builtin());
        assert_eq!(
            e.status,
            ExtractionStatus::Ok,
            "{}: {:?}",
            pdf.display(),
            e.error
        );
        let holder = e.holder.unwrap_or_default();
        assert!(
            printed_lines(&pdf).contains(&holder),
            "{}: holder {holder:?}",
            pdf.display()
        );
    }
}
