//! Fonts: turns the bytes of a shown string into Unicode text and advance widths.
//!
//! Handles `ToUnicode` maps first, then for simple fonts the `/Encoding` (WinAnsi, MacRoman,
//! Standard, `/Differences` with glyph names resolved through a compact Adobe Glyph List and
//! the `uniXXXX`/`uXXXX` forms), Type0 fonts with Identity-H/V or embedded encoding CMaps,
//! predefined UCS-2 CMaps, and Type3 fonts (widths through their `/FontMatrix`). Widths come
//! from `/Widths` or `/W`, else from the standard-14 metrics. A font without `ToUnicode`
//! falls back on its embedded program's own tables ([`super::embedded`]): TrueType
//! `cmap`/`post`, CFF charset and encoding, a Type 1 built-in encoding.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{code_of, CMap};
use super::embedded::{GlyphTexts, Program};
use super::glyphs;
use super::pdf_text::{resolve, Budget};

/// Most `/W` entries kept for one CID font.
const MAX_CID_WIDTHS: usize = 65_536;

/// One decoded character code.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Decoded {
    /// The Unicode text of the glyph (empty when unknown).
    pub text: String,
    /// Advance width in text-space units per unit of font size.
    pub width: f32,
    /// True for the single-byte code 32, which receives word spacing (`Tw`).
    pub word_space: bool,
}

#[derive(Clone, Debug)]
enum Widths {
    Simple {
        first: u32,
        widths: Vec<f32>,
        missing: f32,
        standard: Option<&'static [u16; 224]>,
        /// This font's code → the WinAnsi code of the same character, for `standard`
        /// (whose widths are by WinAnsi code).
        win_ansi: Vec<u8>,
        fixed: Option<f32>,
    },
    Cid {
        default: f32,
        map: HashMap<u32, f32>,
    },
}

/// A font ready for decoding.
#[derive(Clone, Debug)]
pub(crate) struct Font {
    composite: bool,
    /// Codes of a composite font are UTF-16BE (predefined UCS-2 CMaps).
    ucs2: bool,
    encoding_cmap: Option<CMap>,
    to_unicode: Option<CMap>,
    simple_map: Vec<Option<String>>,
    /// Glyph texts from the embedded font program, read only when there is no `ToUnicode`.
    embedded: Option<GlyphTexts>,
    /// A simple font whose codes mean what its own program says (symbolic, or no
    /// `/Encoding`): the embedded program is asked before the base encoding.
    embedded_first: bool,
    /// CID → glyph id of a CIDFontType2 (`/CIDToGIDMap` stream); `None` for Identity.
    cid_to_gid: Option<Vec<u16>>,
    widths: Widths,
    /// Glyph space → text space scale (0.001 except for Type3 fonts).
    scale: f32,
    /// Font size multiplier for Type3 fonts whose FontMatrix is not 1/1000.
    pub size_factor: f32,
}

impl Font {
    /// A fallback font for text shown without a valid `Tf`.
    pub(crate) fn fallback() -> Font {
        Font {
            composite: false,
            ucs2: false,
            encoding_cmap: None,
            to_unicode: None,
            simple_map: base_encoding(&glyphs::STANDARD),
            embedded: None,
            embedded_first: false,
            cid_to_gid: None,
            widths: Widths::Simple {
                first: 0,
                widths: Vec::new(),
                missing: 0.0,
                standard: Some(&glyphs::HELVETICA),
                win_ansi: win_ansi_codes(&base_encoding(&glyphs::STANDARD)),
                fixed: None,
            },
            scale: 0.001,
            size_factor: 1.0,
        }
    }

    /// Reads a font dictionary.
    pub(crate) fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Font {
        let subtype = name_of(doc, dict.get(b"Subtype").ok()).unwrap_or_default();
        let base = name_of(doc, dict.get(b"BaseFont").ok()).unwrap_or_default();
        let name = match base.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 => rest.to_string(),
            _ => base.clone(),
        };
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| budget.decode(s).ok())
            .map(|data| CMap::parse(&data))
            .filter(|c| !c.is_empty());

        if subtype == "Type0" {
            return Self::load_composite(doc, dict, to_unicode, budget);
        }
        let embedded = if to_unicode.is_none() {
            embedded_program(doc, dict, budget)
        } else {
            None
        };
        let symbolic = descriptor_number(doc, dict, b"Flags").is_some_and(|f| (f as u32) & 4 != 0);
        let embedded_first = embedded.is_some() && (symbolic || dict.get(b"Encoding").is_err());

        let type3 = subtype == "Type3";
        let scale = if type3 {
            dict.get(b"FontMatrix")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(number)
                .filter(|v| v.is_finite() && *v != 0.0)
                .map_or(0.001, f32::abs)
        } else {
            0.001
        };
        // A Type3 glyph's height in text space: its /FontBBox through /FontMatrix (1 em for
        // the usual 0.001 × 1000 or 0.01 × 100 designs).
        let size_factor = if type3 {
            let d = dict
                .get(b"FontMatrix")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.get(3))
                .and_then(number)
                .unwrap_or(0.001);
            let bbox_height = dict
                .get(b"FontBBox")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| Some((number(a.get(1)?)?, number(a.get(3)?)?)))
                .map(|(y0, y1)| (y1 - y0).abs());
            match bbox_height {
                Some(h) if h > 0.0 => (h * d.abs()).clamp(0.2, 5.0),
                _ => 1.0,
            }
        } else {
            1.0
        };
        let default_base: &[u16; 256] = if subtype == "TrueType" {
            &glyphs::WIN_ANSI
        } else {
            &glyphs::STANDARD
        };
        let simple_map = simple_encoding(doc, dict.get(b"Encoding").ok(), default_base);

        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(number)
            .map_or(0, |v| v.clamp(0.0, 255.0) as u32);
        let widths: Vec<f32> = dict
            .get(b"Widths")
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .take(256)
                    .map(|w| resolve(doc, w).and_then(number).unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        let missing = descriptor_number(doc, dict, b"MissingWidth").unwrap_or(0.0);
        let (standard, fixed) = standard_metrics(&name);
        let win_ansi = if standard.is_some() && widths.is_empty() {
            win_ansi_codes(&simple_map)
        } else {
            Vec::new()
        };
        Font {
            composite: false,
            ucs2: false,
            encoding_cmap: None,
            to_unicode,
            simple_map,
            embedded,
            embedded_first,
            cid_to_gid: None,
            widths: Widths::Simple {
                first,
                widths,
                missing,
                standard,
                win_ansi,
                fixed,
            },
            scale,
            size_factor,
        }
    }

    fn load_composite(
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
        budget: &mut Budget,
    ) -> Font {
        let encoding = dict.get(b"Encoding").ok().and_then(|o| resolve(doc, o));
        // Only with Identity-H/V is a code its CID, which the embedded program can name.
        let identity = matches!(encoding, Some(Object::Name(n)) if n.starts_with(b"Identity"));
        let (encoding_cmap, ucs2) = match encoding {
            Some(Object::Name(n)) => {
                let n = String::from_utf8_lossy(n);
                (None, n.contains("UCS2") || n.contains("UTF16"))
            }
            Some(Object::Stream(s)) => {
                let cmap = budget.decode(s).ok().map(|d| CMap::parse(&d));
                (cmap.filter(CMap::has_codespaces), false)
            }
            _ => (None, false),
        };
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut default = 1000.0;
        let mut map = HashMap::new();
        let mut embedded = None;
        let mut cid_to_gid = None;
        if let (Some(cid), None, true) = (descendant, &to_unicode, identity) {
            embedded = embedded_program(doc, cid, budget);
            cid_to_gid = cid
                .get(b"CIDToGIDMap")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| budget.decode(s).ok())
                .map(|data| {
                    data.chunks_exact(2)
                        .take(MAX_CID_WIDTHS)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect()
                });
        }
        if let Some(cid) = descendant {
            if let Some(dw) = cid
                .get(b"DW")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(number)
            {
                default = dw;
            }
            if let Some(w) = cid
                .get(b"W")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok())
            {
                parse_cid_widths(doc, w, &mut map);
            }
        }
        Font {
            composite: true,
            ucs2,
            encoding_cmap,
            to_unicode,
            simple_map: Vec::new(),
            embedded,
            embedded_first: false,
            cid_to_gid,
            widths: Widths::Cid { default, map },
            scale: 0.001,
            size_factor: 1.0,
        }
    }

    /// Splits `bytes` into character codes and decodes each.
    pub(crate) fn decode(&self, bytes: &[u8], out: &mut Vec<Decoded>) {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let len = self.code_len(rest).clamp(1, rest.len().min(4));
            let code_bytes = &rest[..len];
            let code = code_of(code_bytes).unwrap_or(0);
            let text = self.unicode(len, code, code_bytes);
            out.push(Decoded {
                text: expand_ligatures(text),
                width: self.width(code) * self.scale,
                word_space: len == 1 && code == 32,
            });
            i += len;
        }
    }

    fn code_len(&self, bytes: &[u8]) -> usize {
        if !self.composite {
            return 1;
        }
        if let Some(len) = self.encoding_cmap.as_ref().and_then(|c| c.code_len(bytes)) {
            return len;
        }
        2
    }

    fn unicode(&self, len: usize, code: u32, bytes: &[u8]) -> String {
        if let Some(tu) = &self.to_unicode {
            if let Some(s) = tu.lookup(len, code) {
                return s;
            }
            if !tu.has_codespaces() {
                if let Some((l, s)) = tu.lookup_any(bytes) {
                    if l == len {
                        return s;
                    }
                }
            }
        }
        if self.composite {
            if self.ucs2 {
                let units: Vec<u16> = bytes
                    .chunks(2)
                    .filter_map(|c| match c {
                        [a, b] => Some(u16::from_be_bytes([*a, *b])),
                        _ => None,
                    })
                    .collect();
                return char::decode_utf16(units).filter_map(Result::ok).collect();
            }
            // Identity encodings: the code is the CID.
            let Some(embedded) = &self.embedded else {
                return String::new();
            };
            let text = match &self.cid_to_gid {
                Some(map) => usize::try_from(code)
                    .ok()
                    .and_then(|c| map.get(c))
                    .and_then(|&g| embedded.glyph(g)),
                None => embedded.cid(code),
            };
            return text.unwrap_or_default();
        }
        let from_encoding = || self.simple_map.get(code as usize).and_then(Clone::clone);
        let from_program = || {
            let embedded = self.embedded.as_ref()?;
            embedded.simple(u8::try_from(code).ok()?)
        };
        let text = if self.embedded_first {
            from_program().or_else(from_encoding)
        } else {
            from_encoding().or_else(from_program)
        };
        text.unwrap_or_default()
    }

    fn width(&self, code: u32) -> f32 {
        match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
                standard,
                win_ansi,
                fixed,
            } => {
                if let Some(w) = code
                    .checked_sub(*first)
                    .and_then(|i| widths.get(i as usize))
                {
                    return *w;
                }
                if !widths.is_empty() && *missing > 0.0 {
                    return *missing;
                }
                if let Some(f) = fixed {
                    return *f;
                }
                if let Some(table) = standard {
                    let code = win_ansi.get(code as usize).map_or(code, |&c| u32::from(c));
                    if let Some(w) = code.checked_sub(32).and_then(|i| table.get(i as usize)) {
                        if *w > 0 {
                            return f32::from(*w);
                        }
                    }
                }
                if *missing > 0.0 {
                    *missing
                } else {
                    500.0
                }
            }
            Widths::Cid { default, map } => map.get(&code).copied().unwrap_or(*default),
        }
    }
}

/// Expands ligature code points (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) to their letters.
pub(crate) fn expand_ligatures(text: String) -> String {
    if !text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// Unicode text of a glyph name: Adobe Glyph List, `uniXXXX[XXXX…]`, `uXXXX[XX]`, names with a
/// `.suffix`, and `_`-joined ligature names.
pub(crate) fn glyph_name_to_unicode(name: &str) -> Option<String> {
    if let Ok(i) = glyphs::AGL.binary_search_by(|(n, _)| (*n).cmp(name)) {
        let cp = glyphs::AGL.get(i)?.1;
        return char::from_u32(u32::from(cp)).map(String::from);
    }
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base != name {
        return glyph_name_to_unicode(base);
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(glyph_name_to_unicode).collect();
        return parts;
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|c| std::str::from_utf8(c).ok())
                .filter_map(|s| u16::from_str_radix(s, 16).ok())
                .collect();
            let s: String = char::decode_utf16(units).filter_map(Result::ok).collect();
            return (!s.is_empty()).then_some(s);
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .map(String::from);
        }
    }
    None
}

fn base_encoding(table: &[u16; 256]) -> Vec<Option<String>> {
    table
        .iter()
        .map(|&u| {
            (u != 0)
                .then(|| char::from_u32(u32::from(u)))
                .flatten()
                .map(String::from)
        })
        .collect()
}

/// For each code of a simple font, the WinAnsi code of the same character (the code itself
/// when WinAnsi has no such character), so standard-14 widths (by WinAnsi code) apply to
/// fonts in other encodings.
fn win_ansi_codes(map: &[Option<String>]) -> Vec<u8> {
    (0..256usize)
        .map(|code| {
            let same = map.get(code).and_then(Option::as_ref).and_then(|text| {
                let mut chars = text.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                let u = u16::try_from(u32::from(c)).ok()?;
                glyphs::WIN_ANSI.iter().position(|&w| w == u)
            });
            u8::try_from(same.unwrap_or(code)).unwrap_or(0)
        })
        .collect()
}

fn named_encoding(name: &[u8]) -> Option<&'static [u16; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&glyphs::WIN_ANSI),
        b"MacRomanEncoding" | b"MacExpertEncoding" => Some(&glyphs::MAC_ROMAN),
        b"StandardEncoding" => Some(&glyphs::STANDARD),
        _ => None,
    }
}

fn simple_encoding(
    doc: &Document,
    encoding: Option<&Object>,
    default_base: &'static [u16; 256],
) -> Vec<Option<String>> {
    match encoding.and_then(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => base_encoding(named_encoding(n).unwrap_or(default_base)),
        Some(Object::Dictionary(d)) => {
            let base = d
                .get(b"BaseEncoding")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_name().ok())
                .and_then(named_encoding)
                .unwrap_or(default_base);
            let mut map = base_encoding(base);
            if let Some(diffs) = d
                .get(b"Differences")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok())
            {
                apply_differences(diffs, &mut map);
            }
            map
        }
        _ => base_encoding(default_base),
    }
}

fn apply_differences(diffs: &[Object], map: &mut [Option<String>]) {
    let mut code: usize = 0;
    for item in diffs {
        match item {
            Object::Integer(i) => code = usize::try_from(*i).unwrap_or(usize::MAX),
            Object::Real(r) => code = if *r >= 0.0 { *r as usize } else { usize::MAX },
            Object::Name(n) => {
                if let Some(slot) = map.get_mut(code) {
                    *slot = glyph_name_to_unicode(&String::from_utf8_lossy(n));
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
}

fn parse_cid_widths(doc: &Document, w: &[Object], map: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() && map.len() < MAX_CID_WIDTHS {
        let Some(first) = w.get(i).and_then(|o| resolve(doc, o)).and_then(number) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, item) in list.iter().enumerate() {
                    if map.len() >= MAX_CID_WIDTHS {
                        break;
                    }
                    if let Some(v) = resolve(doc, item).and_then(number) {
                        map.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                let width = w
                    .get(i + 2)
                    .and_then(|o| resolve(doc, o))
                    .and_then(number)
                    .unwrap_or(0.0);
                let mut cid = first;
                while cid <= last && map.len() < MAX_CID_WIDTHS {
                    map.insert(cid, width);
                    cid = match cid.checked_add(1) {
                        Some(c) => c,
                        None => break,
                    };
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// The glyph texts of the font program embedded through `dict`'s `/FontDescriptor`, decoded
/// within the file's budget.
fn embedded_program(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Option<GlyphTexts> {
    let descriptor = dict
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())?;
    let (program, stream) = [
        (b"FontFile2".as_slice(), Program::TrueType),
        (b"FontFile3".as_slice(), Program::FontFile3),
        (b"FontFile".as_slice(), Program::Type1),
    ]
    .into_iter()
    .find_map(|(key, program)| {
        let stream = descriptor
            .get(key)
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_stream().ok())?;
        Some((program, stream))
    })?;
    let data = budget.decode(stream).ok()?;
    GlyphTexts::read(program, &data).filter(|g| !g.is_empty())
}

fn descriptor_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    dict.get(b"FontDescriptor")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(key).ok())
        .and_then(|o| resolve(doc, o))
        .and_then(number)
}

/// Widths of a standard-14 (or metric-compatible) font by name, for fonts without `/Widths`.
fn standard_metrics(name: &str) -> (Option<&'static [u16; 224]>, Option<f32>) {
    let lower = name.to_ascii_lowercase();
    let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
    let italic = lower.contains("italic") || lower.contains("oblique");
    if lower.contains("courier") || lower.contains("mono") {
        return (None, Some(600.0));
    }
    if lower.contains("times") || lower.contains("serif") && !lower.contains("sans") {
        let table = match (bold, italic) {
            (true, true) => &glyphs::TIMES_BOLD_ITALIC,
            (true, false) => &glyphs::TIMES_BOLD,
            (false, true) => &glyphs::TIMES_ITALIC,
            (false, false) => &glyphs::TIMES_ROMAN,
        };
        return (Some(table), None);
    }
    let table = if bold {
        &glyphs::HELVETICA_BOLD
    } else {
        &glyphs::HELVETICA
    };
    (Some(table), None)
}

/// A number operand or object as `f32`.
pub(crate) fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn name_of(doc: &Document, o: Option<&Object>) -> Option<String> {
    match o.and_then(|o| resolve(doc, o)) {
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        let cases = [
            ("A", Some("A")),
            ("eacute", Some("é")),
            ("Lslash", Some("Ł")),
            ("fi", Some("\u{FB01}")),
            ("uni00E9", Some("é")),
            ("uni00660069", Some("fi")),
            ("u1EC5", Some("ễ")),
            ("a.sc", Some("a")),
            ("f_f_i", Some("ffi")),
            ("quoteright", Some("\u{2019}")),
            ("g123", None),
            ("", None),
            (".notdef", None),
        ];
        for (name, want) in cases {
            assert_eq!(glyph_name_to_unicode(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn ligatures_expand() {
        assert_eq!(expand_ligatures("\u{FB01}eld".into()), "field");
        assert_eq!(expand_ligatures("o\u{FB03}ce".into()), "office");
        assert_eq!(expand_ligatures("plain".into()), "plain");
    }

    #[test]
    fn differences_override_base_encoding() {
        let mut map = base_encoding(&glyphs::WIN_ANSI);
        let diffs = vec![
            Object::Integer(65),
            Object::Name(b"Aogonek".to_vec()),
            Object::Name(b"fi".to_vec()),
            Object::Integer(200),
            Object::Name(b"uni0141".to_vec()),
        ];
        apply_differences(&diffs, &mut map);
        assert_eq!(map[65].as_deref(), Some("Ą"));
        assert_eq!(map[66].as_deref(), Some("\u{FB01}"));
        assert_eq!(map[67].as_deref(), Some("C"));
        assert_eq!(map[200].as_deref(), Some("Ł"));
        assert_eq!(map[0x80].as_deref(), Some("€"));
    }

    #[test]
    fn standard_widths_follow_the_font_encoding() {
        // StandardEncoding puts acute at 0xC2 (WinAnsi: Acircumflex, 667 wide in Helvetica).
        let f = Font::fallback();
        let mut out = Vec::new();
        f.decode(b"\xC2", &mut out);
        assert_eq!(out[0].text, "\u{B4}");
        assert!((out[0].width - 0.333).abs() < 0.01, "{}", out[0].width);
    }

    #[test]
    fn standard_fonts_have_widths() {
        let f = Font::fallback();
        let mut out = Vec::new();
        f.decode(b"A i", &mut out);
        assert_eq!(out.len(), 3);
        assert!((out[0].width - 0.667).abs() < 0.01);
        assert!(out[1].word_space);
        assert!((out[2].width - 0.222).abs() < 0.01);
    }
}
