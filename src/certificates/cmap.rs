//! CMap parsing: `ToUnicode` maps (`bfchar`, `bfrange` in both the incremental and the array
//! form, UTF-16 surrogate pairs, multi-byte codespaces) and the codespace ranges of embedded
//! encoding CMaps. The parser is a small bounded tokenizer of its own: a hostile CMap can
//! only make it stop early, never allocate without bound.

use std::collections::HashMap;

/// Most mappings kept from one CMap; the rest are ignored.
const MAX_ENTRIES: usize = 100_000;
/// Most `bfrange` entries kept from one CMap.
const MAX_RANGES: usize = 20_000;
/// Most tokens read from one CMap.
const MAX_TOKENS: usize = 2_000_000;

/// One codespace range: codes of `len` bytes whose bytes lie between `lo` and `hi`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Codespace {
    lo: Vec<u8>,
    hi: Vec<u8>,
}

impl Codespace {
    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() >= self.lo.len()
            && self
                .lo
                .iter()
                .zip(&self.hi)
                .zip(bytes)
                .all(|((lo, hi), b)| lo <= b && b <= hi)
    }
}

#[derive(Clone, Debug)]
enum RangeTarget {
    /// Destination of the first code; later codes increment its last UTF-16 unit.
    Base(Vec<u16>),
    /// One destination per code.
    Array(Vec<String>),
}

#[derive(Clone, Debug)]
struct Range {
    len: usize,
    lo: u32,
    hi: u32,
    target: RangeTarget,
}

/// A parsed CMap: codespace ranges plus code → Unicode mappings.
#[derive(Clone, Debug, Default)]
pub(crate) struct CMap {
    codespaces: Vec<Codespace>,
    chars: HashMap<(usize, u32), String>,
    ranges: Vec<Range>,
}

impl CMap {
    /// Parses CMap source text. Unknown constructs are skipped.
    pub(crate) fn parse(data: &[u8]) -> CMap {
        let tokens = tokenize(data);
        let mut cmap = CMap::default();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Keyword(k) if k == "begincodespacerange" => {
                    i += 1;
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
                            cmap.codespaces.push(Codespace {
                                lo: lo.clone(),
                                hi: hi.clone(),
                            });
                        }
                        i += 2;
                    }
                }
                Token::Keyword(k) if k == "beginbfchar" => {
                    i += 1;
                    while let (Some(Token::Hex(src)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if let (Some(code), Some(text)) = (code_of(src), dest_text(dst)) {
                            if cmap.chars.len() < MAX_ENTRIES {
                                cmap.chars.insert((src.len(), code), text);
                            }
                        }
                        i += 2;
                    }
                }
                Token::Keyword(k) if k == "beginbfrange" => {
                    i += 1;
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    {
                        cmap.add_range(lo, hi, dst);
                        i += 3;
                    }
                }
                _ => i += 1,
            }
        }
        cmap
    }

    fn add_range(&mut self, lo: &[u8], hi: &[u8], dst: &Token) {
        let (Some(lo_code), Some(hi_code)) = (code_of(lo), code_of(hi)) else {
            return;
        };
        if lo.len() != hi.len() || hi_code < lo_code || self.ranges.len() >= MAX_RANGES {
            return;
        }
        let target = match dst {
            Token::Hex(bytes) => RangeTarget::Base(utf16_units(bytes)),
            Token::Array(items) => RangeTarget::Array(
                items
                    .iter()
                    .take(MAX_ENTRIES)
                    .map(|b| utf16_string(&utf16_units(b)))
                    .collect(),
            ),
            _ => return,
        };
        self.ranges.push(Range {
            len: lo.len(),
            lo: lo_code,
            hi: hi_code,
            target,
        });
    }

    /// True when the CMap declares no mapping at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// True when the CMap declares codespace ranges.
    pub(crate) fn has_codespaces(&self) -> bool {
        !self.codespaces.is_empty()
    }

    /// The length in bytes of the code starting at `bytes`, by the codespace ranges.
    pub(crate) fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        self.codespaces
            .iter()
            .filter(|c| c.matches(bytes))
            .map(|c| c.lo.len())
            .min()
    }

    /// The Unicode text of a `len`-byte `code`, if mapped.
    pub(crate) fn lookup(&self, len: usize, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        // Later ranges override earlier ones in practice; search from the end.
        for r in self.ranges.iter().rev() {
            if r.len != len || code < r.lo || code > r.hi {
                continue;
            }
            let offset = code - r.lo;
            return match &r.target {
                RangeTarget::Array(items) => items.get(offset as usize).cloned(),
                RangeTarget::Base(units) => {
                    let mut units = units.clone();
                    let last = units.last_mut()?;
                    *last = last.wrapping_add(u16::try_from(offset).ok()?);
                    Some(utf16_string(&units))
                }
            };
        }
        None
    }

    /// Looks a code up under any length, for fonts whose ToUnicode map has no codespace.
    pub(crate) fn lookup_any(&self, bytes: &[u8]) -> Option<(usize, String)> {
        for len in 1..=bytes.len().min(4) {
            let code = code_of(bytes.get(..len)?)?;
            if let Some(s) = self.lookup(len, code) {
                return Some((len, s));
            }
        }
        None
    }
}

/// Big-endian integer value of a 1–4 byte code.
pub(crate) fn code_of(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

fn utf16_string(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .filter_map(Result::ok)
        .filter(|c| *c != '\0')
        .collect()
}

fn dest_text(token: &Token) -> Option<String> {
    match token {
        Token::Hex(bytes) => Some(utf16_string(&utf16_units(bytes))),
        // Some producers write a name (a glyph name) as destination.
        Token::Name(name) => super::fonts::glyph_name_to_unicode(name),
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Name(String),
    Keyword(String),
    Array(Vec<Vec<u8>>),
    Other,
}

/// Splits CMap source into tokens; strings, numbers and dictionaries collapse to `Other`.
fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut array: Option<Vec<Vec<u8>>> = None;
    while i < data.len() && tokens.len() < MAX_TOKENS {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                let end = data[start..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(data.len(), |p| start + p);
                let hex = parse_hex(&data[start..end]);
                match array.as_mut() {
                    Some(items) => items.push(hex),
                    None => tokens.push(Token::Hex(hex)),
                }
                i = end + 1;
            }
            b'[' => {
                array = Some(Vec::new());
                i += 1;
            }
            b']' => {
                if let Some(items) = array.take() {
                    tokens.push(Token::Array(items));
                }
                i += 1;
            }
            b'(' => {
                // Skip a literal string (balanced parentheses, escapes).
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                tokens.push(Token::Other);
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < data.len() && !is_delim(data[i]) {
                    i += 1;
                }
                tokens.push(Token::Name(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
            _ if is_space(b) => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !is_delim(data[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = &data[start..i];
                if word.first().is_some_and(|c| c.is_ascii_alphabetic()) {
                    tokens.push(Token::Keyword(String::from_utf8_lossy(word).into_owned()));
                } else {
                    tokens.push(Token::Other);
                }
            }
        }
    }
    tokens
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    is_space(b)
        || matches!(
            b,
            b'<' | b'>' | b'[' | b']' | b'(' | b')' | b'/' | b'%' | b'{' | b'}'
        )
}

fn parse_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .filter_map(|c| (*c as char).to_digit(16))
        .map(|d| d as u8)
        .collect();
    digits
        .chunks(2)
        .map(|c| match c {
            [a, b] => (a << 4) | b,
            [a] => a << 4,
            _ => 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <0041>
<0024> <FB01>
endbfchar
2 beginbfrange
<0030> <0033> <0061>
<0040> <0042> [<0058> <D835DC9C> <00660066>]
endbfrange
1 beginbfchar <0050> <D83DDE00> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_bfrange_forms() {
        let cmap = CMap::parse(SAMPLE);
        assert_eq!(cmap.lookup(2, 0x0011).as_deref(), Some("A"));
        assert_eq!(cmap.lookup(2, 0x0003).as_deref(), Some(" "));
        assert_eq!(cmap.lookup(2, 0x0024).as_deref(), Some("\u{FB01}"));
        assert_eq!(cmap.lookup(2, 0x0032).as_deref(), Some("c"));
        assert_eq!(cmap.lookup(2, 0x0034), None);
        assert_eq!(cmap.lookup(2, 0x0040).as_deref(), Some("X"));
        assert_eq!(cmap.lookup(2, 0x0041).as_deref(), Some("\u{1D49C}"));
        assert_eq!(cmap.lookup(2, 0x0042).as_deref(), Some("ff"));
        assert_eq!(cmap.lookup(2, 0x0050).as_deref(), Some("\u{1F600}"));
    }

    #[test]
    fn codespaces_choose_code_length() {
        let cmap = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
              1 beginbfchar <41> <0041> endbfchar",
        );
        assert_eq!(cmap.code_len(b"\x41\x42"), Some(1));
        assert_eq!(cmap.code_len(b"\x81\x40"), Some(2));
        assert_eq!(cmap.code_len(b"\xFF"), None);
        assert_eq!(cmap.lookup_any(b"A"), Some((1, "A".to_string())));
    }

    #[test]
    fn garbage_and_truncation_do_not_panic() {
        for input in [
            &b"beginbfrange <00"[..],
            b"beginbfchar <",
            b"[[[[<<<<",
            b"begincodespacerange <0000> endcodespacerange",
            b"beginbfrange <FFFF> <0000> <0041> endbfrange",
            b"beginbfrange <00> <FF> <FFFF> endbfrange",
        ] {
            let cmap = CMap::parse(input);
            let _ = cmap.lookup(1, 0xFF);
        }
    }
}
