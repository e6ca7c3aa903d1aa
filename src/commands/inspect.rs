//! `coachcheck inspect`.

use crate::cli::InspectArgs;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// Runs the command.
pub fn run(args: &InspectArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let _ = (args, printer);
    Ok(ExitStatus::Usage)
}
