//! Layout: rebuilds lines and words from positioned glyphs (never from operator order).
//!
//! Glyphs are grouped by reading direction (so rotated pages and rotated text read
//! normally), then by baseline with a tolerance relative to the font size, sorted by x, and
//! joined with a space wherever the gap between two glyphs is wider than about a fifth of an
//! em (relative to the line's usual letter gap, so letter-spaced headings stay words). Far
//! apart pieces on one baseline become separate lines. Browser print headers and footers
//! (date/time, URL, `1/1` page counter, and the title printed beside them) are dropped.
//!
//! Before lines are built, a diacritic drawn as a glyph of its own over (or under) a letter
//! — TeX's `\'e`, PostScript drivers that overstrike `´` on `e` — is composed with that letter
//! into one character (NFC): "Andr´es" reads "Andrés". A diacritic that overlaps no letter
//! stays as it is. This module never guesses letters: it only moves marks onto the glyph
//! they are drawn on.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// One glyph placed on the page, in page space.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Glyph {
    /// Unicode text (usually one character; empty for unmapped codes).
    pub text: String,
    /// Origin of the glyph.
    pub x: f32,
    /// Baseline of the glyph.
    pub y: f32,
    /// Advance width in page units.
    pub width: f32,
    /// Font size in page units.
    pub size: f32,
    /// Reading direction in degrees, counter-clockwise from +x.
    pub angle: f32,
}

/// One rebuilt line of text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    /// The text, words separated by single spaces.
    pub text: String,
    /// Largest font size on the line.
    pub size: f32,
    /// Left edge in the reading frame.
    pub x: f32,
    /// Right edge in the reading frame.
    pub x1: f32,
    /// Baseline in the reading frame (larger is higher).
    pub y: f32,
    /// 0-based page index.
    pub page: usize,
}

/// Page box in page space: (x0, y0, x1, y1).
pub(crate) type PageBox = (f32, f32, f32, f32);

/// A glyph in the reading frame of its direction group.
#[derive(Clone, Debug)]
struct Placed {
    text: String,
    x: f32,
    y: f32,
    w: f32,
    size: f32,
}

/// Direction bucket of an angle: axis-aligned angles snap to 0/90/180/270, others to 5°.
fn bucket(angle: f32) -> i32 {
    let a = angle.rem_euclid(360.0);
    let snapped = (a / 90.0).round() * 90.0;
    let b = if (a - snapped).abs() <= 10.0 {
        snapped
    } else {
        (a / 5.0).round() * 5.0
    };
    (b as i32).rem_euclid(360)
}

fn rotate(x: f32, y: f32, deg: i32) -> (f32, f32) {
    let r = (deg as f32).to_radians();
    let (s, c) = r.sin_cos();
    (x * c + y * s, -x * s + y * c)
}

/// Builds the lines of one page from its glyphs.
pub(crate) fn build_lines(glyphs: &[Glyph], page_box: PageBox, page: usize) -> Vec<Line> {
    // Group by direction, largest group first.
    let mut groups: Vec<(i32, Vec<Placed>)> = Vec::new();
    for g in glyphs {
        if !(g.x.is_finite() && g.y.is_finite() && g.size.is_finite() && g.width.is_finite()) {
            continue;
        }
        let b = bucket(g.angle);
        let (x, y) = rotate(g.x, g.y, b);
        let placed = Placed {
            text: g.text.clone(),
            x,
            y,
            w: g.width.max(0.0),
            size: g.size.abs().max(0.1),
        };
        match groups.iter_mut().find(|(k, _)| *k == b) {
            Some((_, v)) => v.push(placed),
            None => groups.push((b, vec![placed])),
        }
    }
    groups.sort_by_key(|(k, v)| (std::cmp::Reverse(v.len()), *k));
    for (_, placed) in &mut groups {
        compose_diacritics(placed);
    }

    let mut out = Vec::new();
    for (deg, mut placed) in groups {
        let frame = frame_box(page_box, deg);
        let mut lines = group_lines(&mut placed, page);
        drop_print_furniture(&mut lines, frame);
        out.extend(lines);
    }
    out
}

/// Most letters examined for one diacritic (bounds the work on hostile pages where every
/// glyph sits at the same x).
const MAX_BASE_CANDIDATES: usize = 64;
/// Most diacritics composed onto one letter (Vietnamese stacks two).
const MAX_MARKS_PER_LETTER: u8 = 2;

/// The combining mark of a diacritic glyph: a spacing accent (´ ` ˜ ¨ ˆ ˇ ¸ ˚ ¯ ˘ ˙ ˝ ˛ and
/// their ASCII and modifier-letter look-alikes) or a lone combining mark.
fn combining_mark(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let mark = match c {
        '\u{00B4}' | '\u{02CA}' => '\u{0301}',
        '\u{0060}' | '\u{02CB}' => '\u{0300}',
        '\u{02DC}' | '\u{007E}' => '\u{0303}',
        '\u{00A8}' => '\u{0308}',
        '\u{02C6}' | '\u{005E}' => '\u{0302}',
        '\u{02C7}' => '\u{030C}',
        '\u{00B8}' => '\u{0327}',
        '\u{02DA}' => '\u{030A}',
        '\u{00AF}' | '\u{02C9}' => '\u{0304}',
        '\u{02D8}' => '\u{0306}',
        '\u{02D9}' => '\u{0307}',
        '\u{02DD}' => '\u{030B}',
        '\u{02DB}' => '\u{0328}',
        c @ '\u{0300}'..='\u{036F}' => c,
        _ => return None,
    };
    Some(mark)
}

/// The letter a diacritic may be composed with: one alphabetic character (dotless ı and ȷ
/// stand for i and j, as TeX draws `\'{\i}`), possibly already carrying marks.
fn base_letter(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    // Modifier letters such as ˆ and ˇ are alphabetic, but they are diacritics here.
    if !c.is_alphabetic()
        || combining_mark(text).is_some()
        || chars.any(|m| !('\u{0300}'..='\u{036F}').contains(&m))
    {
        return None;
    }
    Some(c)
}

/// Composes each diacritic glyph with the letter it is drawn on (see the module doc), and
/// removes the diacritic glyph. Works in the reading frame of one direction group.
fn compose_diacritics(placed: &mut Vec<Placed>) {
    let accents: Vec<usize> = (0..placed.len())
        .filter(|&i| combining_mark(&placed[i].text).is_some())
        .collect();
    if accents.is_empty() {
        return;
    }
    // Letters sorted by left edge, for a bounded search around each diacritic.
    let mut letters: Vec<usize> = (0..placed.len())
        .filter(|&i| base_letter(&placed[i].text).is_some())
        .collect();
    if letters.is_empty() {
        return;
    }
    letters.sort_by(|&a, &b| placed[a].x.total_cmp(&placed[b].x));
    let widest = letters
        .iter()
        .map(|&i| placed[i].w)
        .fold(0.0f32, f32::max)
        .min(1_000.0);
    let mut marks: Vec<(usize, char)> = Vec::new();
    let mut absorbed = vec![false; placed.len()];
    let mut marks_on = vec![0u8; placed.len()];
    for &a in &accents {
        let accent = &placed[a];
        let Some(mark) = combining_mark(&accent.text) else {
            continue;
        };
        let centre = accent.x + accent.w / 2.0;
        let from = letters.partition_point(|&i| placed[i].x < centre - widest - 0.5);
        let mut best: Option<(usize, f32)> = None;
        for &b in letters.iter().skip(from).take(MAX_BASE_CANDIDATES) {
            let base = &placed[b];
            if base.x > centre + 0.5 {
                break;
            }
            if marks_on[b] >= MAX_MARKS_PER_LETTER {
                continue;
            }
            let size = base.size.max(accent.size);
            let slack = 0.05 * size;
            let over = centre >= base.x - slack && centre <= base.x + base.w + slack;
            // Above the letter (raised for capitals) or hanging below it (cedilla, ogonek).
            let near = (accent.y - base.y) <= 0.9 * size && (base.y - accent.y) <= 0.5 * size;
            if !(over && near) {
                continue;
            }
            let distance = (centre - (base.x + base.w / 2.0)).abs() + (accent.y - base.y).abs();
            if best.is_none_or(|(_, d)| distance < d) {
                best = Some((b, distance));
            }
        }
        if let Some((b, _)) = best {
            marks_on[b] += 1;
            marks.push((b, mark));
            absorbed[a] = true;
        }
    }
    for (b, mark) in marks {
        let Some(base) = placed.get_mut(b) else {
            continue;
        };
        let mut text: String = base
            .text
            .chars()
            .map(|c| match c {
                '\u{0131}' => 'i',
                '\u{0237}' => 'j',
                c => c,
            })
            .collect();
        text.push(mark);
        base.text = text.nfc().collect();
    }
    let mut index = 0;
    placed.retain(|_| {
        let keep = !absorbed[index];
        index += 1;
        keep
    });
}

/// The page box in the reading frame of direction `deg`.
fn frame_box(b: PageBox, deg: i32) -> PageBox {
    let corners = [(b.0, b.1), (b.0, b.3), (b.2, b.1), (b.2, b.3)].map(|(x, y)| rotate(x, y, deg));
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    let min = |v: [f32; 4]| v.iter().copied().fold(f32::INFINITY, f32::min);
    let max = |v: [f32; 4]| v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    (min(xs), min(ys), max(xs), max(ys))
}

fn group_lines(placed: &mut [Placed], page: usize) -> Vec<Line> {
    placed.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Placed>> = Vec::new();
    let mut baseline = f32::NAN;
    let mut row_size = 0.0f32;
    for p in placed.iter() {
        let tol = 0.35 * p.size.min(if row_size > 0.0 { row_size } else { p.size });
        if rows.is_empty() || (baseline - p.y).abs() > tol {
            rows.push(Vec::new());
            baseline = p.y;
            row_size = p.size;
        } else {
            row_size = row_size.max(p.size);
        }
        if let Some(row) = rows.last_mut() {
            row.push(p.clone());
        }
    }
    let mut lines = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        dedupe_overdraw(&mut row);
        for segment in split_segments(&row) {
            if let Some(line) = join_segment(segment, page) {
                lines.push(line);
            }
        }
    }
    lines
}

/// Removes glyphs drawn twice at (nearly) the same place: fake bold, shadows.
fn dedupe_overdraw(row: &mut Vec<Placed>) {
    let mut kept: Vec<Placed> = Vec::with_capacity(row.len());
    for p in row.drain(..) {
        let dup = kept.iter().rev().take(4).any(|k| {
            k.text == p.text
                && !p.text.trim().is_empty()
                && (k.x - p.x).abs() < 0.15 * p.size
                && (k.y - p.y).abs() < 0.15 * p.size
        });
        if !dup {
            kept.push(p);
        }
    }
    *row = kept;
}

/// Splits a row where the gap is so wide that the pieces are separate blocks.
fn split_segments(row: &[Placed]) -> Vec<&[Placed]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..row.len() {
        let (prev, next) = (&row[i - 1], &row[i]);
        let gap = next.x - (prev.x + prev.w);
        let em = prev.size.max(next.size);
        if gap > 3.0 * em {
            out.push(&row[start..i]);
            start = i;
        }
    }
    if start < row.len() {
        out.push(&row[start..]);
    }
    out
}

fn join_segment(seg: &[Placed], page: usize) -> Option<Line> {
    let first = seg.first()?;
    // The usual gap between letters on this line (letter-spaced headings have a wide one).
    let mut gaps: Vec<f32> = seg
        .windows(2)
        .filter(|w| !w[0].text.trim().is_empty() && !w[1].text.trim().is_empty())
        .map(|w| (w[1].x - (w[0].x + w[0].w)) / w[0].size.max(w[1].size))
        .collect();
    gaps.sort_by(f32::total_cmp);
    let usual = gaps
        .get(gaps.len() / 3)
        .copied()
        .unwrap_or(0.0)
        .clamp(0.0, 1.0);
    let threshold = if usual > 0.12 { usual + 0.2 } else { 0.2 };

    let mut text = String::new();
    let mut size = 0.0f32;
    let mut prev: Option<&Placed> = None;
    for p in seg {
        size = size.max(p.size);
        if let Some(q) = prev {
            let gap = (p.x - (q.x + q.w)) / q.size.max(p.size);
            if gap > threshold && !text.ends_with(' ') {
                text.push(' ');
            }
        }
        for c in p.text.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            } else if !c.is_control() {
                text.push(c);
            }
        }
        prev = Some(p);
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return None;
    }
    let x1 = seg.iter().map(|p| p.x + p.w).fold(first.x, f32::max);
    Some(Line {
        text,
        size,
        x: first.x,
        x1,
        y: first.y,
        page,
    })
}

static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?$")
        .expect("static regex")
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(https?://|file:///?|about:|chrome://|www\.)\S*$").expect("static regex")
});
static PAGE_COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(page\s+)?\d{1,3}\s*(/|of)\s*\d{1,3}$").expect("static regex")
});

/// Drops browser print headers/footers: small lines within the top or bottom margin band
/// that hold a date/time, a URL or a page counter, and lines sharing their band.
fn drop_print_furniture(lines: &mut Vec<Line>, frame: PageBox) {
    let height = (frame.3 - frame.1).abs();
    if !(height.is_finite() && height > 0.0) {
        return;
    }
    let band = (height * 0.06).max(18.0);
    let in_band = |l: &Line| l.size <= 12.0 && (l.y > frame.3 - band || l.y < frame.1 + band);
    let furniture = |l: &Line| {
        let t = l.text.trim();
        DATE_TIME.is_match(t) || URL.is_match(t) || PAGE_COUNTER.is_match(t)
    };
    let marked: Vec<f32> = lines
        .iter()
        .filter(|l| in_band(l) && furniture(l))
        .map(|l| l.y)
        .collect();
    if marked.is_empty() {
        return;
    }
    lines.retain(|l| !(in_band(l) && marked.iter().any(|y| (y - l.y).abs() < 2.0)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` in a 10-unit font, each `adv` wide, starting at `x`.
    fn run(text: &str, x: f32, y: f32, size: f32, adv: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + i as f32 * adv,
                y,
                width: if c == ' ' { adv } else { adv * 0.9 },
                size,
                angle: 0.0,
            })
            .collect()
    }

    const PAGE: PageBox = (0.0, 0.0, 612.0, 792.0);

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn words_from_gaps_and_runs_in_any_order() {
        // "Jane" and "Doe" drawn in reverse order, no space glyph, gap 4 units at size 10.
        let mut g = run("Doe", 150.0, 500.0, 10.0, 5.0);
        g.extend(run("Jane", 126.0, 500.0, 10.0, 5.0));
        // A second line below, a word split over two runs with no gap.
        g.extend(run("Comp", 100.0, 480.0, 10.0, 5.0));
        g.extend(run("leted", 120.0, 480.0, 10.0, 5.0));
        let lines = build_lines(&g, PAGE, 0);
        assert_eq!(texts(&lines), ["Jane Doe", "Completed"]);
    }

    #[test]
    fn explicit_spaces_and_letter_spacing() {
        let lines = build_lines(&run("A B", 10.0, 700.0, 10.0, 5.0), PAGE, 0);
        assert_eq!(texts(&lines), ["A B"]);
        // Letter-spaced heading: every letter 4 units apart, words 12 apart.
        let mut g = run("CERT", 100.0, 600.0, 10.0, 9.0);
        g.extend(run("OF", 100.0 + 4.0 * 9.0 + 8.0, 600.0, 10.0, 9.0));
        let lines = build_lines(&g, PAGE, 0);
        assert_eq!(texts(&lines), ["CERT OF"]);
    }

    #[test]
    fn baseline_tolerance_and_sizes() {
        let mut g = run("Big Name", 100.0, 400.0, 30.0, 15.0);
        g.extend(run("small", 100.0, 360.0, 10.0, 5.0));
        // A superscript-ish glyph slightly raised stays on its line.
        g.push(Glyph {
            text: "x".into(),
            x: 100.0 + 8.0 * 15.0,
            y: 402.0,
            width: 10.0,
            size: 30.0,
            angle: 0.0,
        });
        let lines = build_lines(&g, PAGE, 0);
        assert_eq!(texts(&lines), ["Big Namex", "small"]);
        assert_eq!(lines[0].size, 30.0);
    }

    #[test]
    fn rotated_text_reads_normally() {
        // Text running upwards (angle 90): x constant, y increasing.
        let g: Vec<Glyph> = "Hello"
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: 300.0,
                y: 100.0 + i as f32 * 6.0,
                width: 5.0,
                size: 10.0,
                angle: 90.0,
            })
            .collect();
        assert_eq!(texts(&build_lines(&g, PAGE, 0)), ["Hello"]);
    }

    #[test]
    fn far_apart_blocks_split_and_overdraw_dedupes() {
        let mut g = run("Date", 50.0, 300.0, 10.0, 5.0);
        g.extend(run("Signed", 400.0, 300.0, 10.0, 5.0));
        g.extend(run("Bold", 50.0, 250.0, 10.0, 5.0));
        g.extend(run("Bold", 50.3, 250.0, 10.0, 5.0));
        assert_eq!(texts(&build_lines(&g, PAGE, 0)), ["Date", "Signed", "Bold"]);
    }

    /// One glyph of a 10-unit font.
    fn glyph(text: &str, x: f32, y: f32, width: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            width,
            size: 10.0,
            angle: 0.0,
        }
    }

    #[test]
    fn diacritics_drawn_as_glyphs_compose_with_their_letter() {
        // (glyphs, expected line): letters are 5 wide unless said otherwise.
        let cases: Vec<(Vec<Glyph>, &str)> = vec![
            // TeX order: the accent first, then the letter under it.
            (
                vec![
                    glyph("r", 100.0, 500.0, 4.0),
                    glyph("\u{B4}", 104.5, 500.0, 5.0),
                    glyph("e", 104.0, 500.0, 4.4),
                    glyph("s", 108.4, 500.0, 4.0),
                ],
                "rés",
            ),
            // The accent after the letter, drawn back over it; a tilde slightly right.
            (
                vec![
                    glyph("n", 100.0, 500.0, 5.5),
                    glyph("\u{2DC}", 100.8, 500.0, 5.0),
                    glyph("a", 105.5, 500.0, 5.0),
                ],
                "ña",
            ),
            // Raised over a capital (cap height - x height), and a ring over A.
            (
                vec![
                    glyph("\u{60}", 100.5, 502.5, 5.0),
                    glyph("E", 100.0, 500.0, 6.8),
                    glyph("\u{2DA}", 110.5, 502.6, 5.0),
                    glyph("A", 109.5, 500.0, 7.5),
                ],
                "ÈÅ",
            ),
            // Cedilla and ogonek hang below the baseline of their letter.
            (
                vec![
                    glyph("c", 100.0, 500.0, 4.4),
                    glyph("\u{B8}", 100.0, 500.0, 4.4),
                    glyph("e", 104.4, 500.0, 4.4),
                    glyph("\u{2DB}", 105.5, 499.5, 3.0),
                ],
                "çę",
            ),
            // Dotless i under an acute is í; caron, double acute, dot, breve, macron, circumflex.
            (
                vec![
                    glyph("\u{131}", 100.0, 500.0, 2.8),
                    glyph("\u{B4}", 99.6, 500.0, 4.0),
                    glyph("\u{2C7}", 103.5, 502.0, 5.0),
                    glyph("S", 103.0, 500.0, 5.6),
                    glyph("\u{2DD}", 108.6, 500.0, 5.0),
                    glyph("o", 108.6, 500.0, 5.0),
                    glyph("\u{2D9}", 113.6, 502.5, 6.1),
                    glyph("Z", 113.6, 500.0, 6.1),
                    glyph("\u{2D8}", 119.7, 500.0, 5.0),
                    glyph("g", 119.7, 500.0, 5.0),
                    glyph("\u{AF}", 124.7, 500.0, 5.0),
                    glyph("a", 124.7, 500.0, 5.0),
                    glyph("\u{2C6}", 129.7, 502.5, 3.6),
                    glyph("I", 129.7, 500.0, 3.6),
                ],
                "íŠőŻğāÎ",
            ),
            // A non-spacing mark drawn as its own glyph, and a diaeresis.
            (
                vec![
                    glyph("u", 100.0, 500.0, 5.0),
                    glyph("\u{308}", 100.0, 500.0, 0.0),
                    glyph("Zo", 110.0, 500.0, 10.0),
                    glyph("\u{A8}", 120.0, 500.0, 4.4),
                    glyph("e", 120.0, 500.0, 4.4),
                ],
                "ü Zoë",
            ),
            // A spacing accent beside letters, not over one, stays as printed.
            (
                vec![
                    glyph("a", 100.0, 500.0, 5.0),
                    glyph("\u{B4}", 105.0, 500.0, 5.0),
                    glyph("b", 110.0, 500.0, 5.0),
                    glyph("~", 120.0, 500.0, 5.0),
                    glyph("5", 125.0, 500.0, 5.0),
                ],
                "a´b ~5",
            ),
            // An accent far above its letter (another line) is left alone.
            (
                vec![
                    glyph("\u{B4}", 100.0, 520.0, 5.0),
                    glyph("e", 100.0, 500.0, 5.0),
                ],
                "´",
            ),
        ];
        for (glyphs, want) in cases {
            let lines = build_lines(&glyphs, PAGE, 0);
            assert_eq!(texts(&lines).first().copied(), Some(want), "{lines:?}");
        }
    }

    #[test]
    fn diacritic_search_is_bounded_on_stacked_glyphs() {
        // 20,000 letters and 40,000 accents at one x: each letter takes at most two marks,
        // the rest stay as printed (and overdraw removes the copies).
        let mut g = Vec::new();
        for _ in 0..20_000 {
            g.push(glyph("e", 100.0, 500.0, 5.0));
            g.push(glyph("\u{B4}", 100.0, 500.0, 5.0));
            g.push(glyph("\u{60}", 100.0, 500.0, 5.0));
        }
        let lines = build_lines(&g, PAGE, 0);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].text.starts_with("\u{E9}\u{300}"), "{lines:?}");
    }

    #[test]
    fn browser_header_and_footer_dropped() {
        let mut g = run("3/3/26, 10:15 AM", 20.0, 780.0, 8.0, 4.0);
        g.extend(run("Certificate", 280.0, 780.0, 8.0, 4.0));
        g.extend(run("Jane Doe", 200.0, 500.0, 24.0, 12.0));
        g.extend(run("https://learning.ussoccer.com/x", 20.0, 10.0, 8.0, 4.0));
        g.extend(run("1/1", 580.0, 10.0, 8.0, 4.0));
        assert_eq!(texts(&build_lines(&g, PAGE, 0)), ["Jane Doe"]);
        // A real date line near the top in a large font stays.
        let g = run("3/3/26, 10:15 AM", 20.0, 780.0, 14.0, 7.0);
        assert_eq!(build_lines(&g, PAGE, 0).len(), 1);
    }
}
