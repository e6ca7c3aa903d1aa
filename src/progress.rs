//! progress: every terminal-facing decision in one value, the [`Printer`]: what goes to
//! stdout (data and the run summary), what goes to stderr (errors, user warnings), and
//! whether a progress bar shows (only on a terminal, never with `--quiet`).

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Where output goes and how.
#[derive(Clone, Debug)]
pub struct Printer {
    quiet: bool,
}

impl Printer {
    /// A printer; `quiet` keeps stderr to errors only and hides progress.
    pub fn new(quiet: bool) -> Self {
        Printer { quiet }
    }

    /// Whether `--quiet` was given.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Writes data or the run summary to stdout. Terminal control characters from file
    /// contents are made visible, never interpreted.
    pub fn out(&self, text: &str) -> std::io::Result<()> {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(sanitize_for_terminal(text).as_bytes())?;
        stdout.flush()
    }

    /// Writes one JSON value as one line to stdout. The text comes from serde_json alone; the
    /// characters a terminal would act on that JSON allows raw (DEL, C1 controls, bidi
    /// overrides, line separators) are written as `\uXXXX` escapes, so the line is both valid
    /// JSON and safe on a terminal. Never passed through [`sanitize_for_terminal`], whose
    /// Rust-style `\u{..}` escapes are not JSON.
    pub fn out_json(&self, value: &serde_json::Value) -> std::io::Result<()> {
        let mut line = json_line(value)?;
        line.push('\n');
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(line.as_bytes())?;
        stdout.flush()
    }

    /// A warning the user should act on; shown unless `--quiet`.
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(
                std::io::stderr().lock(),
                "warning: {}",
                sanitize_for_terminal(text)
            );
        }
    }

    /// An error; always shown.
    pub fn error(&self, text: &str) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "error: {}",
            sanitize_for_terminal(text)
        );
    }

    /// A progress bar of `total` steps, hidden unless stderr is a terminal and not quiet.
    pub fn progress(&self, total: u64, message: &'static str) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} {eta}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message);
        bar
    }
}

/// Replaces control characters (ANSI escapes, bidi overrides, stray CR) with visible
/// escapes so text from hostile files cannot drive the terminal. Newlines and tabs stay.
pub fn sanitize_for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\n' | '\t' => out.push(character),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
                out.push_str(&format!("\\u{{{:x}}}", character as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a character that JSON allows raw inside a string must still be escaped for a
/// terminal.
fn terminal_unsafe(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        )
}

/// A serde_json formatter that also escapes [`terminal_unsafe`] characters as `\uXXXX`.
struct TerminalSafeJson;

impl serde_json::ser::Formatter for TerminalSafeJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (index, character) in fragment.char_indices() {
            if terminal_unsafe(character) {
                writer.write_all(fragment.get(start..index).unwrap_or_default().as_bytes())?;
                // Every such character is in the Basic Multilingual Plane: one \uXXXX.
                write!(writer, "\\u{:04x}", u32::from(character))?;
                start = index + character.len_utf8();
            }
        }
        writer.write_all(fragment.get(start..).unwrap_or_default().as_bytes())
    }
}

/// One JSON value on one line, terminal-safe (see [`Printer::out_json`]).
pub fn json_line(value: &serde_json::Value) -> std::io::Result<String> {
    use serde::Serialize;
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, TerminalSafeJson);
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::other)?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::{json_line, sanitize_for_terminal};

    #[test]
    fn json_lines_are_valid_json_and_terminal_safe() {
        let hostile = "a\u{81}b\u{1b}[31m\u{202e}c\u{7f}\u{2028}d\"\\é";
        let line = json_line(&serde_json::json!({ "file": hostile })).unwrap();
        assert!(!line.chars().any(super::terminal_unsafe), "{line}");
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["file"], hostile);
    }

    #[test]
    fn escapes_and_bidi_overrides_are_made_visible() {
        assert_eq!(sanitize_for_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize_for_terminal("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize_for_terminal("line\nnext\tcol"), "line\nnext\tcol");
        assert_eq!(sanitize_for_terminal("José Núñez"), "José Núñez");
    }
}
