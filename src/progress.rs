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

#[cfg(test)]
mod tests {
    use super::sanitize_for_terminal;

    #[test]
    fn escapes_and_bidi_overrides_are_made_visible() {
        assert_eq!(sanitize_for_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize_for_terminal("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize_for_terminal("line\nnext\tcol"), "line\nnext\tcol");
        assert_eq!(sanitize_for_terminal("José Núñez"), "José Núñez");
    }
}
