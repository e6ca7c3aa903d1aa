//! `coachcheck match`.

use crate::cli::MatchArgs;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// Runs the command.
pub fn run(args: &MatchArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let _ = (args, printer);
    Ok(ExitStatus::Usage)
}
