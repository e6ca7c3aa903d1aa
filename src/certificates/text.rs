//! Text normalisation for matching: compatibility forms folded (NFKC: ligatures, full-width
//! letters), typographic dashes and quotes made ASCII, every run of white space one space.
//! Used on certificate lines and on template patterns alike, so a template written with
//! `-` matches a certificate printed with `–`.

use unicode_normalization::UnicodeNormalization;

/// Normalises `s` for matching (see the module doc).
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkc() {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        let cases = [
            (
                "SafeSport Trained – U.S. Soccer",
                "SafeSport Trained - U.S. Soccer",
            ),
            ("  a \t\n b  ", "a b"),
            ("\u{FB01}eld", "field"),
            ("O’Brien", "O'Brien"),
            ("Zoe\u{0308}", "Zoë"),
            ("non\u{00A0}breaking", "non breaking"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }
}
