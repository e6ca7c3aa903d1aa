//! decode: turns a CSV file's bytes into text and guesses its delimiter (SPEC §4). Handles
//! UTF-8 with or without BOM, UTF-16 LE/BE (with a BOM, or without one when every other byte
//! is zero), Windows-1252 when the bytes are not valid UTF-8, and CRLF/LF/CR line ends.
//! Valid UTF-8 is borrowed, never copied.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Delimiters tried, in order of preference on a tie.
pub const DELIMITERS: [char; 4] = [',', '\t', ';', '|'];

/// Physical lines looked at when sniffing the delimiter.
const SNIFF_LINES: usize = 40;
/// Bytes looked at when sniffing the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// A decoded file.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, BOM removed, lone CR line ends turned into LF.
    pub text: Cow<'a, str>,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
    pub encoding: &'static str,
}

/// Decodes `bytes` (see module doc). Never fails: undecodable bytes become U+FFFD.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let (text, encoding) = if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_length..).unwrap_or_default();
        (
            encoding.decode_without_bom_handling(body).0,
            encoding.name(),
        )
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        (
            encoding.decode_without_bom_handling(bytes).0,
            encoding.name(),
        )
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), "UTF-8"),
            Err(_) if mostly_utf8(bytes) => (String::from_utf8_lossy(bytes), "UTF-8"),
            Err(_) => (
                WINDOWS_1252.decode_without_bom_handling(bytes).0,
                WINDOWS_1252.name(),
            ),
        }
    };
    Decoded {
        text: normalize_line_ends(text),
        encoding,
    }
}

/// UTF-8 with a few stray bytes (one cell pasted from elsewhere): at least twice as many
/// well-formed multi-byte characters as malformed sequences. Windows-1252 text almost never
/// forms a valid multi-byte UTF-8 sequence, so it does not pass.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        malformed += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= 2 * malformed.max(1)
}

/// UTF-16 without a BOM: most of the first bytes alternate zero / non-zero (ASCII text).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(512)).unwrap_or_default();
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [even, odd] = pair {
            even_zero += usize::from(*even == 0 && *odd != 0);
            odd_zero += usize::from(*odd == 0 && *even != 0);
        }
    }
    if odd_zero * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Turns CR line ends not followed by LF into LF, so line numbers count them (the csv
/// reader numbers lines by LF). Text without a lone CR is returned as is.
fn normalize_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let has_lone_cr = bytes
        .iter()
        .enumerate()
        .any(|(index, b)| *b == b'\r' && bytes.get(index + 1) != Some(&b'\n'));
    if !has_lone_cr {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Guesses the delimiter: the candidate whose count outside quotes is the same on the most
/// lines among the first few (a preamble or footer line has none), then the one with more
/// columns, then `,` `\t` `;` `|` in that order. `,` when no line has any.
pub fn sniff_delimiter(text: &str) -> char {
    let sample = text.get(..text.len().min(SNIFF_BYTES)).unwrap_or_else(|| {
        // SNIFF_BYTES fell inside a character: back up to a boundary.
        let mut end = SNIFF_BYTES.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.get(..end).unwrap_or_default()
    });
    let mut lines: Vec<[usize; 4]> = Vec::with_capacity(SNIFF_LINES);
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut line_has_content = false;
    for c in sample.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => {
                if line_has_content {
                    lines.push(counts);
                    if lines.len() >= SNIFF_LINES {
                        break;
                    }
                }
                counts = [0; 4];
                line_has_content = false;
                continue;
            }
            _ if !in_quotes => {
                if let Some(index) = DELIMITERS.iter().position(|d| *d == c) {
                    if let Some(count) = counts.get_mut(index) {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
        if !c.is_whitespace() || c == '\t' {
            line_has_content = true;
        }
    }
    if line_has_content && lines.len() < SNIFF_LINES {
        lines.push(counts);
    }

    let mut best: Option<(usize, usize, char)> = None; // (lines agreeing, columns, delimiter)
    for (index, delimiter) in DELIMITERS.iter().enumerate() {
        let per_line: Vec<usize> = lines.iter().filter_map(|l| l.get(index).copied()).collect();
        let Some((mode, agreeing)) = mode_of_non_zero(&per_line) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((best_agreeing, best_mode, _)) => {
                agreeing > best_agreeing || (agreeing == best_agreeing && mode > best_mode)
            }
        };
        if better {
            best = Some((agreeing, mode, *delimiter));
        }
    }
    best.map_or(',', |(_, _, delimiter)| delimiter)
}

/// The most frequent non-zero value (the larger on a tie) and how often it occurs.
fn mode_of_non_zero(values: &[usize]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for value in values.iter().copied().filter(|v| *v > 0) {
        let frequency = values.iter().filter(|v| **v == value).count();
        let better = match best {
            None => true,
            Some((best_value, best_frequency)) => {
                frequency > best_frequency || (frequency == best_frequency && value > best_value)
            }
        };
        if better {
            best = Some((value, frequency));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for unit in text.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn decodes_the_encodings_spreadsheets_save() {
        let text = "Name,Email\nJosé Álvarez,j@x.org\n";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (latin, _, _) = WINDOWS_1252.encode(text);
        let mut utf16be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            utf16be.extend_from_slice(&unit.to_be_bytes());
        }
        let cases: [(&[u8], &str); 6] = [
            (text.as_bytes(), "UTF-8"),
            (&bom, "UTF-8"),
            (&latin, "windows-1252"),
            (&utf16le(text, true), "UTF-16LE"),
            (&utf16le(text, false), "UTF-16LE"),
            (&utf16be, "UTF-16BE"),
        ];
        for (bytes, encoding) in cases {
            let decoded = decode(bytes);
            assert_eq!(decoded.encoding, encoding);
            assert_eq!(decoded.text, text, "{encoding}");
        }
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let mut bytes = "Name\nJosé Álvarez\nRenée Dubois\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Bad \xff byte\n");
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("José Álvarez"));
    }

    #[test]
    fn valid_utf8_is_borrowed() {
        assert!(matches!(decode(b"a,b\n").text, Cow::Borrowed(_)));
    }

    #[test]
    fn lone_carriage_returns_become_line_feeds() {
        assert_eq!(decode(b"a,b\rc,d\r").text, "a,b\nc,d\n");
        assert_eq!(decode(b"a,b\r\nc,d\r\n").text, "a,b\r\nc,d\r\n");
    }

    #[test]
    fn sniffs_the_delimiter_from_consistent_counts() {
        let cases = [
            ("a,b,c\n1,2,3\n", ','),
            ("a;b;c\n1;2;3\n", ';'),
            ("a\tb\tc\n1\t2\t3\n", '\t'),
            ("a|b|c\n1|2|3\n", '|'),
            // Commas inside quotes do not count.
            ("Name;Team\n\"Smith, John\";B10\n\"Doe, Jane\";G12\n", ';'),
            // Unquoted commas in a semicolon file vary from line to line.
            (
                "Name;Team;Note\nSmith;B10;a, b, c\nDoe;G12;none\nLee;U9;x, y\n",
                ';',
            ),
            // A preamble line without delimiters does not matter.
            (
                "Coach Roster Report\n\nFirst,Last,Team\nA,B,C\nD,E,F\n",
                ',',
            ),
            // A one-column sheet.
            ("Coach Name\n\"Smith, John\"\n", ','),
            // A quoted cell spanning lines.
            ("a;b\n\"x\ny, z\";2\n3;4\n", ';'),
            ("", ','),
        ];
        for (text, expected) in cases {
            assert_eq!(sniff_delimiter(text), expected, "{text:?}");
        }
    }
}
