//! commands: one file per subcommand, each `run(..) -> anyhow::Result<ExitStatus>`.

pub mod email;
pub mod fetch;
pub mod init;
pub mod inspect;
pub mod match_cmd;
pub mod remind;
pub mod run;
pub mod watch;

use crate::cli::Command;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// Runs one subcommand.
pub fn dispatch(command: Command, printer: &Printer) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Run(args) => run::run(&args, printer),
        Command::Watch(args) => watch::run(&args, printer),
        Command::Inspect(args) => inspect::run(&args, printer),
        Command::Match(args) => match_cmd::run(&args, printer),
        Command::Email(args) => email::run(&args, printer),
        Command::Init(args) => init::run(&args, printer),
        Command::Remind(args) => remind::run(&args, printer),
        Command::Fetch(args) => fetch::run(&args, printer),
    }
}
