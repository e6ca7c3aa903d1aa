//! `coachcheck init`.

use crate::cli::InitArgs;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// Runs the command.
pub fn run(args: &InitArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let _ = (args, printer);
    Ok(ExitStatus::Usage)
}
