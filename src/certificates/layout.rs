//! Layout: rebuilds lines and words from positioned glyphs (never from operator order).
//!
//! Glyphs are grouped by reading direction (so rotated pages and rotated text read
//! normally), then by baseline with a tolerance relative to the font size, sorted by x, and
//! joined with a space wherever the gap between two glyphs is wider than about a fifth of an
//! em (relative to the line's usual letter gap, so letter-spaced headings stay words). Far
//! apart pieces on one baseline become separate lines. Browser print headers and footers
//! (date/time, URL, `1/1` page counter, and the title printed beside them) are dropped.

use std::sync::LazyLock;

use regex::Regex;

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

    let mut out = Vec::new();
    for (deg, mut placed) in groups {
        let frame = frame_box(page_box, deg);
        let mut lines = group_lines(&mut placed, page);
        drop_print_furniture(&mut lines, frame);
        out.extend(lines);
    }
    out
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
