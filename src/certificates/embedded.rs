//! Embedded font programs as a last source of Unicode text: when a font has no `ToUnicode`
//! map (and its encoding says nothing useful), the glyphs it draws are named by the font
//! program itself — a TrueType `cmap` (read backwards: glyph → Unicode) or `post` glyph
//! names, a CFF charset's glyph names, a Type 1 font's built-in encoding.
//!
//! Parsing is ttf-parser's (TrueType, OpenType, bare CFF); only the clear-text `/Encoding`
//! of a Type 1 program is read here, with a bounded scan. Every table walk is bounded (at
//! most 65,536 glyphs or code points), and the font bytes were decoded within the file's
//! budget by the caller. This module never guesses a letter from a glyph's shape: a glyph
//! with no name and no cmap entry stays unmapped.

use std::collections::HashMap;

use ttf_parser::{cff, cmap, post, GlyphId, PlatformId, RawFace, Tag};

use super::fonts::glyph_name_to_unicode;

/// Most glyphs examined in one font program.
const MAX_GLYPHS: u32 = 65_536;
/// Most bytes of a Type 1 program scanned for its built-in encoding.
const MAX_TYPE1_CLEARTEXT: usize = 256 * 1024;

/// Which font-file stream the program came from (ISO 32000-1, 9.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Program {
    /// `/FontFile`: a Type 1 program.
    Type1,
    /// `/FontFile2`: a TrueType program.
    TrueType,
    /// `/FontFile3`: bare CFF (`Type1C`, `CIDFontType0C`) or OpenType.
    FontFile3,
}

/// The text of each glyph of one embedded font program, and how codes reach glyphs.
#[derive(Clone, Debug, Default)]
pub(crate) struct GlyphTexts {
    /// Text by glyph id (index = glyph id); `None` when the font does not say.
    by_glyph: Vec<Option<String>>,
    /// Simple fonts: the glyph each single-byte code selects through the font's own tables
    /// (TrueType `cmap` (3,0)/(1,0), CFF encoding).
    code_to_glyph: Vec<Option<u16>>,
    /// CID-keyed CFF: CID → glyph id (charset). Empty means CID = glyph id.
    cid_to_glyph: HashMap<u32, u16>,
    /// Type 1: text by single-byte code, from the built-in encoding.
    builtin: Vec<Option<String>>,
}

impl GlyphTexts {
    /// Reads `data` (a decoded font-file stream); `None` when it cannot be parsed.
    pub(crate) fn read(program: Program, data: &[u8]) -> Option<GlyphTexts> {
        match program {
            Program::Type1 => Some(GlyphTexts {
                builtin: type1_builtin_encoding(data),
                ..GlyphTexts::default()
            }),
            Program::TrueType => from_sfnt(data),
            Program::FontFile3 => {
                if data.starts_with(b"OTTO") || data.starts_with(&[0, 1, 0, 0]) {
                    from_sfnt(data)
                } else {
                    from_cff(data)
                }
            }
        }
    }

    /// True when the program names no glyph at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_glyph.iter().all(Option::is_none) && self.builtin.iter().all(Option::is_none)
    }

    /// The text of a simple font's single-byte `code`, through the font's own encoding.
    pub(crate) fn simple(&self, code: u8) -> Option<String> {
        if let Some(Some(text)) = self.builtin.get(usize::from(code)) {
            return Some(text.clone());
        }
        let glyph = (*self.code_to_glyph.get(usize::from(code))?)?;
        self.glyph(glyph)
    }

    /// The text of glyph `glyph`.
    pub(crate) fn glyph(&self, glyph: u16) -> Option<String> {
        self.by_glyph.get(usize::from(glyph)).cloned().flatten()
    }

    /// The text of a CID (for CID-keyed CFF, through the charset; else CID = glyph id).
    pub(crate) fn cid(&self, cid: u32) -> Option<String> {
        if self.cid_to_glyph.is_empty() {
            return u16::try_from(cid).ok().and_then(|g| self.glyph(g));
        }
        self.cid_to_glyph.get(&cid).and_then(|&g| self.glyph(g))
    }
}

/// A glyph name's text, when the name means something (`a`, `eacute`, `uni00E9`; not
/// `glyph12`, `.notdef`).
fn named(name: &str) -> Option<String> {
    glyph_name_to_unicode(name).filter(|t| !t.is_empty() && !t.chars().any(char::is_control))
}

fn from_sfnt(data: &[u8]) -> Option<GlyphTexts> {
    let face = RawFace::parse(data, 0).ok()?;
    let glyphs = face
        .table(Tag::from_bytes(b"maxp"))
        .and_then(|m| m.get(4..6))
        .map_or(MAX_GLYPHS, |n| u32::from(u16::from_be_bytes([n[0], n[1]])))
        .min(MAX_GLYPHS);
    let mut by_glyph: Vec<Option<String>> = vec![None; glyphs as usize];
    if let Some(table) = face
        .table(Tag::from_bytes(b"post"))
        .and_then(post::Table::parse)
    {
        for (g, slot) in by_glyph.iter_mut().enumerate() {
            let Ok(g) = u16::try_from(g) else { break };
            *slot = table.glyph_name(GlyphId(g)).and_then(named);
        }
    }
    let mut code_to_glyph = vec![None; 256];
    if let Some(table) = face
        .table(Tag::from_bytes(b"cmap"))
        .and_then(cmap::Table::parse)
    {
        // Glyph → Unicode from the Unicode subtables (a glyph's post name wins).
        for sub in table.subtables {
            if sub.is_unicode() {
                reverse_unicode(&sub, &mut by_glyph);
            }
        }
        // Single-byte codes of a simple font: symbolic (3,0) at F000+code, or Mac (1,0).
        for sub in table.subtables {
            let symbol = sub.platform_id == PlatformId::Windows && sub.encoding_id == 0;
            let mac = sub.platform_id == PlatformId::Macintosh && sub.encoding_id == 0;
            if !(symbol || mac) {
                continue;
            }
            for (code, slot) in code_to_glyph.iter_mut().enumerate() {
                if slot.is_some() {
                    continue;
                }
                let code = code as u32;
                let found = if symbol {
                    [0xF000, 0xF100, 0xF200, 0]
                        .iter()
                        .find_map(|base| sub.glyph_index(base + code))
                } else {
                    sub.glyph_index(code)
                };
                *slot = found.map(|g| g.0).filter(|g| *g != 0);
            }
        }
    }
    Some(GlyphTexts {
        by_glyph,
        code_to_glyph,
        ..GlyphTexts::default()
    })
}

/// Fills glyph texts from a Unicode cmap subtable, read backwards (the lowest code point
/// for a glyph wins; existing names are kept).
fn reverse_unicode(sub: &cmap::Subtable, by_glyph: &mut [Option<String>]) {
    let mut put = |cp: u32| {
        let Some(g) = sub.glyph_index(cp) else { return };
        let Some(c) = char::from_u32(cp).filter(|c| !c.is_control()) else {
            return;
        };
        if let Some(slot @ None) = by_glyph.get_mut(usize::from(g.0)) {
            if g.0 != 0 {
                *slot = Some(c.to_string());
            }
        }
    };
    match sub.format {
        // Code points of these formats are 16-bit: at most 65,536 of them.
        cmap::Format::ByteEncodingTable(_)
        | cmap::Format::SegmentMappingToDeltaValues(_)
        | cmap::Format::TrimmedTableMapping(_) => {
            let mut cps = Vec::new();
            sub.codepoints(|cp| cps.push(cp));
            cps.sort_unstable();
            cps.into_iter().take(MAX_GLYPHS as usize).for_each(&mut put);
        }
        // 32-bit formats may claim huge ranges: probe the Basic Multilingual Plane only.
        _ => (0..=0xFFFF).for_each(put),
    }
}

fn from_cff(data: &[u8]) -> Option<GlyphTexts> {
    let table = cff::Table::parse(data)?;
    let glyphs = u32::from(table.number_of_glyphs()).min(MAX_GLYPHS);
    let mut by_glyph = vec![None; glyphs as usize];
    let mut cid_to_glyph = HashMap::new();
    for g in 0..glyphs {
        let Ok(g) = u16::try_from(g) else { break };
        if let Some(cid) = table.glyph_cid(GlyphId(g)) {
            cid_to_glyph.insert(u32::from(cid), g);
        } else if let Some(slot) = by_glyph.get_mut(usize::from(g)) {
            *slot = table.glyph_name(GlyphId(g)).and_then(named);
        }
    }
    let code_to_glyph = (0..=255u8)
        .map(|code| table.glyph_index(code).map(|g| g.0).filter(|g| *g != 0))
        .collect();
    Some(GlyphTexts {
        by_glyph,
        code_to_glyph,
        cid_to_glyph,
        builtin: Vec::new(),
    })
}

/// The built-in encoding of a Type 1 program: the `dup CODE /name put` entries of its
/// clear-text part (before `eexec`). Empty for `StandardEncoding` or when there is none.
fn type1_builtin_encoding(data: &[u8]) -> Vec<Option<String>> {
    let clear = &data[..data.len().min(MAX_TYPE1_CLEARTEXT)];
    let clear = match clear.windows(5).position(|w| w == b"eexec") {
        Some(end) => &clear[..end],
        None => clear,
    };
    let text = String::from_utf8_lossy(clear);
    let Some(start) = text.find("/Encoding") else {
        return Vec::new();
    };
    let mut out: Vec<Option<String>> = vec![None; 256];
    let mut tokens = text[start..].split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        if token == "readonly" || token == "def" {
            break;
        }
        if token != "dup" {
            continue;
        }
        let Some(code) = tokens.next().and_then(|t| t.parse::<usize>().ok()) else {
            continue;
        };
        let Some(name) = tokens.next().and_then(|t| t.strip_prefix('/')) else {
            continue;
        };
        if let Some(slot) = out.get_mut(code) {
            *slot = named(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type1_builtin_encodings() {
        let program = b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 11 /ff put\ndup 19 /acute put\ndup 65 /A put\ndup 300 /B put\ndup 66 /g42 put\nreadonly def\ncurrentfile eexec\n\x80\x81garbage dup 67 /C put";
        let map = type1_builtin_encoding(program);
        assert_eq!(map[11].as_deref(), Some("\u{FB00}"));
        assert_eq!(map[19].as_deref(), Some("\u{B4}"));
        assert_eq!(map[65].as_deref(), Some("A"));
        assert_eq!(map[66], None);
        assert_eq!(map[67], None);
        assert!(type1_builtin_encoding(b"/Encoding StandardEncoding def")
            .iter()
            .all(Option::is_none));
        assert!(type1_builtin_encoding(b"").is_empty());
    }

    #[test]
    fn garbage_is_no_font() {
        for data in [&b""[..], b"\0\x01\0\0garbage", b"OTTO", &[0xFF; 64]] {
            assert!(GlyphTexts::read(Program::TrueType, data).is_none_or(|g| g.is_empty()));
            assert!(GlyphTexts::read(Program::FontFile3, data).is_none_or(|g| g.is_empty()));
        }
    }
}
