//! `coachcheck run`.

use crate::cli::RunArgs;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// Runs the command.
pub fn run(args: &RunArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let _ = (args, printer);
    Ok(ExitStatus::Usage)
}
