//! ocr: reads the words of a page image with Tesseract, run as a child process.
//!
//! It owns finding the engine (`tesseract` on `PATH`, or the program named by
//! `COACHCHECK_TESSERACT`), orientation detection (Tesseract's OSD on a thumbnail), skew
//! correction (through [`super::raster`]), recognition (`tsv` output: words, boxes,
//! confidences), and turning the words into the same [`Line`]s the PDF text layer gives, so
//! that one set of templates and field finders serves both. Each Tesseract run gets what is
//! left of the file's deadline and is killed when it overruns; its output is bounded.
//! It refuses to guess: a field whose words cannot be found among those read gets
//! confidence 0, never a made-up one.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use image::GrayImage;
use serde::Serialize;

use super::layout::{build_lines, Glyph, Line};
use super::raster;
use crate::env_vars::COACHCHECK_TESSERACT;

/// Most bytes of Tesseract output read (a dense page gives about 100 KB of TSV).
const MAX_OUTPUT: u64 = 16 * 1024 * 1024;
/// Longest side of the thumbnail orientation is detected on.
const OSD_SIDE: u32 = 1_000;
/// Skew below this many degrees is left alone (Tesseract copes, rotating blurs).
const MIN_SKEW: f32 = 0.4;
/// Minimum OSD orientation confidence for a turn to be trusted.
const MIN_OSD_CONFIDENCE: f32 = 1.5;

/// Why OCR could not run or failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OcrError {
    /// No usable Tesseract: the text says what to install.
    Missing(String),
    /// The deadline passed; Tesseract was stopped.
    TimedOut,
    /// Tesseract failed on this image.
    Failed(String),
}

/// The Tesseract found on this machine.
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    /// Program to run.
    program: String,
    /// First line of `tesseract --version`, e.g. `tesseract 5.3.0`.
    pub version: String,
    /// Whether the `osd` model (orientation detection) is installed.
    osd: bool,
}

/// How to install Tesseract, for findings and errors.
pub(crate) const INSTALL_HINT: &str = "install Tesseract to read scans, photos and screenshots (Debian/Ubuntu: `apt-get install tesseract-ocr tesseract-ocr-eng`; macOS: `brew install tesseract`), or set COACHCHECK_TESSERACT to its path";

static ENGINE: LazyLock<Result<Engine, String>> = LazyLock::new(find_engine);

/// The engine, found once per process.
pub(crate) fn engine() -> Result<&'static Engine, OcrError> {
    ENGINE
        .as_ref()
        .map_err(|why| OcrError::Missing(why.clone()))
}

/// What identifies the OCR engine in cache keys: a result read without Tesseract (or with
/// another version) is not reused once that changes.
pub(crate) fn fingerprint() -> String {
    match engine() {
        Ok(e) => format!("ocr:{}{}", e.version, if e.osd { "+osd" } else { "" }),
        Err(_) => "ocr:none".into(),
    }
}

fn find_engine() -> Result<Engine, String> {
    let program = std::env::var(COACHCHECK_TESSERACT)
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "tesseract".into());
    let deadline = Instant::now() + Duration::from_secs(20);
    let version = run(&program, &["--version"], None, deadline).map_err(|e| match e {
        OcrError::Failed(why) | OcrError::Missing(why) => {
            format!("Tesseract is not installed ({program}: {why}); {INSTALL_HINT}")
        }
        OcrError::TimedOut => format!("Tesseract ({program}) did not answer; {INSTALL_HINT}"),
    })?;
    let version = String::from_utf8_lossy(&version)
        .lines()
        .next()
        .unwrap_or("tesseract")
        .trim()
        .to_string();
    let langs = run(&program, &["--list-langs"], None, deadline).unwrap_or_default();
    let langs = String::from_utf8_lossy(&langs).to_string();
    let has = |l: &str| langs.lines().any(|line| line.trim() == l);
    if !has("eng") {
        return Err(
            "Tesseract has no English model; install it (Debian/Ubuntu: `apt-get install tesseract-ocr-eng`)"
                .to_string(),
        );
    }
    Ok(Engine {
        program,
        version,
        osd: has("osd"),
    })
}

/// Runs a program with `input` on stdin, until `deadline`; kills it on overrun.
fn run(
    program: &str,
    args: &[&str],
    input: Option<&[u8]>,
    deadline: Instant,
) -> Result<Vec<u8>, OcrError> {
    let mut child = Command::new(program)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| OcrError::Missing(e.to_string()))?;
    let writer = match (input, child.stdin.take()) {
        (Some(data), Some(mut stdin)) => {
            let data = data.to_vec();
            Some(std::thread::spawn(move || {
                let _ = stdin.write_all(&data);
            }))
        }
        _ => None,
    };
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(MAX_OUTPUT).read_to_end(&mut out);
        }
        out
    });
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stderr {
            let _ = s.take(64 * 1024).read_to_end(&mut out);
        }
        out
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Failed(e.to_string()));
            }
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        let message = String::from_utf8_lossy(&err);
        let last = message
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("no message")
            .trim()
            .to_string();
        return Err(OcrError::Failed(format!(
            "Tesseract failed ({status}): {last}"
        )));
    }
    Ok(out)
}

/// One word read by OCR.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OcrWord {
    /// The word as read.
    pub text: String,
    /// Tesseract's confidence, 0–100.
    pub confidence: f32,
    /// 0-based page.
    pub page: usize,
    /// Left edge, in pixels of the page as read (upright, deskewed).
    pub left: u32,
    /// Top edge, in pixels.
    pub top: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Tesseract's line this word belongs to (unique within the file).
    pub line: usize,
}

/// What OCR did to one page before reading it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PagePreparation {
    /// Quarter turn applied (clockwise degrees) so the text stands upright.
    pub turned: u32,
    /// Skew corrected, in degrees.
    pub deskewed: f32,
    /// Scale applied before reading.
    pub scale: f32,
}

/// Everything OCR read from a file.
#[derive(Clone, Debug, Default)]
pub(crate) struct OcrText {
    /// Rebuilt lines, page by page.
    pub lines: Vec<Line>,
    /// Every word read, in reading order.
    pub words: Vec<OcrWord>,
    /// What was done to each page.
    pub pages: Vec<PagePreparation>,
}

/// Reads the pages: orientation, skew, recognition, lines.
pub(crate) fn read_pages(
    pages: Vec<(GrayImage, Option<f32>)>,
    deadline: Instant,
) -> Result<OcrText, OcrError> {
    let engine = engine()?;
    let mut out = OcrText::default();
    let mut line_base = 0usize;
    for (index, (image, dpi)) in pages.into_iter().enumerate() {
        let started = Instant::now();
        let (image, scale) = raster::scale_for_ocr(image);
        let scaled = started.elapsed();
        let mut prep = PagePreparation {
            scale,
            ..PagePreparation::default()
        };
        let turned = if engine.osd {
            orientation(engine, &image, deadline)?
        } else {
            0
        };
        let osd_done = started.elapsed();
        let mut image = raster::turn(image, turned);
        prep.turned = turned;
        let skew = raster::estimate_skew(&image);
        tracing::debug!(?skew, "skew estimate");
        if let Some(skew) = skew {
            if skew.abs() >= MIN_SKEW {
                image = raster::rotate_small(&image, -skew);
                prep.deskewed = skew;
            }
        }
        let prepared = started.elapsed();
        let dpi = dpi.map_or(300.0, |d| d * scale).clamp(70.0, 1200.0);
        let tsv = recognise(engine, &image, dpi, deadline)?;
        tracing::debug!(
            page = index + 1,
            scaled_ms = scaled.as_millis() as u64,
            osd_ms = osd_done.as_millis() as u64,
            prepared_ms = prepared.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            turned,
            skew = prep.deskewed,
            "page read by OCR"
        );
        let (words, lines_used) = parse_tsv(&String::from_utf8_lossy(&tsv), index, line_base);
        line_base += lines_used;
        out.lines
            .extend(lines_of(&words, image.width(), image.height(), index));
        out.words.extend(words);
        out.pages.push(prep);
    }
    Ok(out)
}

/// Clockwise quarter turn that makes the page upright, from OSD on a thumbnail.
fn orientation(engine: &Engine, image: &GrayImage, deadline: Instant) -> Result<u32, OcrError> {
    let small = raster::thumbnail(image, OSD_SIDE);
    let pgm = raster::to_pgm(&small);
    let answer = match run(
        &engine.program,
        &["stdin", "stdout", "--psm", "0", "--dpi", "150"],
        Some(&pgm),
        deadline,
    ) {
        Ok(a) => a,
        Err(OcrError::TimedOut) => return Err(OcrError::TimedOut),
        // OSD refuses pages with too few letters: read them as they are.
        Err(_) => return Ok(0),
    };
    let text = String::from_utf8_lossy(&answer);
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse::<f32>().ok())
    };
    let rotate = value("Rotate:").unwrap_or(0.0);
    let confidence = value("Orientation confidence:").unwrap_or(0.0);
    if confidence < MIN_OSD_CONFIDENCE {
        return Ok(0);
    }
    Ok((rotate.round() as i64).rem_euclid(360) as u32 / 90 * 90)
}

fn recognise(
    engine: &Engine,
    image: &GrayImage,
    dpi: f32,
    deadline: Instant,
) -> Result<Vec<u8>, OcrError> {
    let pgm = raster::to_pgm(image);
    let dpi = format!("{}", dpi.round() as u32);
    run(
        &engine.program,
        &[
            "stdin", "stdout", "-l", "eng", "--psm", "3", "--dpi", &dpi, "tsv",
        ],
        Some(&pgm),
        deadline,
    )
}

/// Words of Tesseract's TSV (level 5 rows with text); returns them and how many distinct
/// lines they use (numbered from `line_base`).
pub(crate) fn parse_tsv(tsv: &str, page: usize, line_base: usize) -> (Vec<OcrWord>, usize) {
    let mut words = Vec::new();
    let mut line_keys: Vec<(u32, u32, u32)> = Vec::new();
    for row in tsv.lines().skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        if cells.len() < 12 || cells[0] != "5" {
            continue;
        }
        let text = clean_word(&cells[11..].join(" "));
        if text.is_empty() {
            continue;
        }
        let n = |i: usize| cells[i].trim().parse::<u32>().unwrap_or(0);
        let confidence = cells[10]
            .trim()
            .parse::<f32>()
            .unwrap_or(0.0)
            .clamp(0.0, 100.0);
        let key = (n(2), n(3), n(4));
        let line = match line_keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                line_keys.push(key);
                line_keys.len() - 1
            }
        };
        words.push(OcrWord {
            text,
            confidence,
            page,
            left: n(6),
            top: n(7),
            width: n(8),
            height: n(9),
            line: line_base + line,
        });
    }
    (words, line_keys.len())
}

/// A word without the specks OCR reads as leading or trailing marks (`_ingrid`, `Doe|`).
fn clean_word(word: &str) -> String {
    const SPECKS: &[char] = &[
        '_', '|', '~', '`', '^', '*', '¦', '{', '}', '[', ']', '<', '>', '\\', '»', '«', '—',
    ];
    word.trim().trim_matches(SPECKS).trim().to_string()
}

/// The words as positioned glyphs (one glyph per word, each line at its line's baseline
/// and height), rebuilt into lines by the same layout code as PDF text.
pub(crate) fn lines_of(words: &[OcrWord], width: u32, height: u32, page: usize) -> Vec<Line> {
    let mut glyphs = Vec::with_capacity(words.len());
    let mut start = 0;
    while start < words.len() {
        let line = words[start].line;
        let end = words[start..]
            .iter()
            .position(|w| w.line != line)
            .map_or(words.len(), |p| start + p);
        let group = &words[start..end];
        let top = group.iter().map(|w| w.top).min().unwrap_or(0);
        let bottom = group.iter().map(|w| w.top + w.height).max().unwrap_or(0);
        // The line's letter height: the median word height (a descender or a stray mark
        // does not make the line look bigger).
        let mut heights: Vec<u32> = group.iter().map(|w| w.height).collect();
        heights.sort_unstable();
        let size = heights.get(heights.len() / 2).copied().unwrap_or(1).max(1) as f32;
        let baseline = bottom.saturating_sub((bottom - top) / 8) as f32;
        for w in group {
            glyphs.push(Glyph {
                text: format!("{} ", w.text),
                x: w.left as f32,
                y: -baseline,
                width: w.width as f32,
                size,
                angle: 0.0,
            });
        }
        start = end;
    }
    let page_box = (0.0, -(height as f32), width as f32, 0.0);
    build_lines(&glyphs, page_box, page)
}

/// Lower-case letters and digits of a word, for comparing a field's words with those read.
fn bare(s: &str) -> String {
    super::text::normalize(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The confidence (0–100) of a value read from `words`: the lowest confidence among the
/// words that make it up, taken from the line holding most of them. A word of the value
/// not found among those read gives 0.
pub(crate) fn confidence_of(value: &str, words: &[OcrWord]) -> f32 {
    let tokens: Vec<String> = value
        .split_whitespace()
        .map(bare)
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return 0.0;
    }
    let mut best_line: Option<(usize, usize)> = None;
    let mut lines: Vec<usize> = words.iter().map(|w| w.line).collect();
    lines.dedup();
    for line in lines {
        let found = tokens
            .iter()
            .filter(|t| words.iter().any(|w| w.line == line && bare(&w.text) == **t))
            .count();
        if found > 0 && best_line.is_none_or(|(_, n)| found > n) {
            best_line = Some((line, found));
        }
    }
    let mut lowest = 100.0f32;
    for token in &tokens {
        let on_line = best_line.and_then(|(line, _)| {
            words
                .iter()
                .filter(|w| w.line == line && bare(&w.text) == *token)
                .map(|w| w.confidence)
                .reduce(f32::min)
        });
        let anywhere = || {
            words
                .iter()
                .filter(|w| {
                    let b = bare(&w.text);
                    b == *token
                        || (b.len() >= 3 && (b.contains(token.as_str()) || token.contains(&b)))
                })
                .map(|w| w.confidence)
                .reduce(f32::min)
        };
        lowest = lowest.min(on_line.or_else(anywhere).unwrap_or(0.0));
    }
    lowest
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2200\t1700\t-1\t
4\t1\t1\t1\t1\t0\t954\t462\t291\t27\t-1\t
5\t1\t1\t1\t1\t1\t954\t462\t69\t27\t95.7\tThis
5\t1\t1\t1\t1\t2\t1036\t462\t131\t27\t96.2\tcertifies
5\t1\t1\t1\t1\t3\t1179\t462\t66\t27\t96.8\tthat
5\t1\t2\t1\t1\t1\t856\t560\t162\t72\t85.6\tZoe
5\t1\t2\t1\t1\t2\t1041\t558\t300\t74\t95.6\tMuller
5\t1\t3\t1\t1\t1\t700\t716\t200\t36\t91.0\tCompleted
5\t1\t3\t1\t1\t2\t920\t716\t90\t36\t93.0\ton
5\t1\t3\t1\t1\t3\t1030\t716\t150\t36\t62.5\tMarch
5\t1\t3\t1\t1\t4\t1200\t716\t40\t36\t90.0\t3,
5\t1\t3\t1\t1\t5\t1260\t716\t100\t36\t96.0\t2026
";

    #[test]
    fn tsv_words_become_lines() {
        let (words, lines_used) = parse_tsv(TSV, 0, 0);
        assert_eq!(words.len(), 10);
        assert_eq!(lines_used, 3);
        let lines = lines_of(&words, 2200, 1700, 0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "This certifies that",
                "Zoe Muller",
                "Completed on March 3, 2026"
            ]
        );
        assert!(
            lines[1].size > lines[0].size,
            "the name is the biggest line"
        );
    }

    #[test]
    fn specks_around_words_are_dropped() {
        assert_eq!(clean_word("_ingrid"), "ingrid");
        assert_eq!(clean_word("Doe|"), "Doe");
        assert_eq!(clean_word("_"), "");
        assert_eq!(clean_word("O'Brien,"), "O'Brien,");
    }

    #[test]
    fn a_fields_confidence_is_its_weakest_word() {
        let (words, _) = parse_tsv(TSV, 0, 0);
        assert_eq!(confidence_of("Zoe Muller", &words), 85.6);
        assert_eq!(confidence_of("March 3, 2026", &words), 62.5);
        assert_eq!(
            confidence_of("Zoe Mueller", &words),
            0.0,
            "a word never read"
        );
    }
}
