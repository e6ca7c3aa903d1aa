//! cli: the command line (clap derive). Arguments here are dumb data: validated only for
//! what the user typed; `config::Settings` resolves them against the config file.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::exit::ExitStatus;

/// Proves every coach of a youth soccer league is cleared to coach.
///
/// Drop roster exports (CSV) and the certificate PDFs coaches send into the inbox folder;
/// coachcheck reads them all, links each certificate to a coach, applies the league's rules
/// and writes a report (HTML, CSV, JSON, Markdown) saying, coach by coach, what is missing
/// and what to do next.
#[derive(Debug, Parser)]
#[command(
    name = "coachcheck",
    version,
    about,
    long_about,
    propagate_version = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Only print errors on stderr; no progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// More log detail on stderr (-v debug, -vv trace). `RUST_LOG` always wins.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  coachcheck init                           write a commented coachcheck.toml, watch/ and reports/
  coachcheck run                            reconcile everything in watch/, write reports/latest/
  coachcheck run --email                    the nightly cron job: run, then email the report
  coachcheck watch                          keep reports/latest current as files are dropped
  coachcheck inspect \"certificate (3).pdf\"  explain how one file was read
  coachcheck email --to director@example.org  send the latest report again
  coachcheck remind                         one reminder per coach with something to do, as .eml files
  coachcheck remind --send                  ... sent through [email]'s transport
  coachcheck run --fetch                    fetch new certificate mail ([mailbox]), then run

Exit codes: 0 completed, 1 failed, 2 bad usage, 3 findings (with --fail-on-findings).
Logs: RUST_LOG=coachcheck=debug, -v, -q. Docs: README.md.";

/// The subcommands (SPEC §2).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reconcile everything in the inbox and write a report.
    Run(RunArgs),
    /// Run, then run again whenever files change in the inbox.
    Watch(WatchArgs),
    /// Explain how coachcheck reads one or more files.
    Inspect(InspectArgs),
    /// Link a list of names/emails to a roster (the matching engine on its own).
    Match(MatchArgs),
    /// Email the latest report.
    Email(EmailArgs),
    /// Write a commented configuration file.
    Init(InitArgs),
    /// Prepare (or with --send, send) one reminder per coach who has something to do.
    Remind(RemindArgs),
    /// Copy new messages from the `[mailbox]` IMAP folder into the local mail archive.
    Fetch(FetchArgs),
}

/// Where the configuration, inbox and reports are.
#[derive(Clone, Debug, Default, Args)]
pub struct ConfigArgs {
    /// Configuration file [default: ./coachcheck.toml if present, else built-in defaults].
    #[arg(long, value_name = "FILE", env = crate::env_vars::COACHCHECK_CONFIG)]
    pub config: Option<PathBuf>,
}

/// Folders shared by `run` and `watch`.
#[derive(Clone, Debug, Default, Args)]
pub struct FolderArgs {
    /// The drop folder of rosters and certificates [default: watch/]. Never modified.
    #[arg(long, value_name = "DIR", help_heading = "Inbox")]
    pub inbox: Option<PathBuf>,

    /// Where report folders are written [default: reports/]; `latest` points at the newest.
    #[arg(long, value_name = "DIR", help_heading = "Reports")]
    pub reports: Option<PathBuf>,
}

/// `coachcheck run`.
#[derive(Clone, Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub folders: FolderArgs,

    /// Judge every date rule as of this day (YYYY-MM-DD) [default: today].
    ///
    /// Useful to see who will have lapsed by the first game, or to reproduce an old report.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Email the report when the run is done (see `[email]` in the config).
    #[arg(long, help_heading = "Email")]
    pub email: bool,

    /// Exit with 3 when any coach needs action or any finding needs review.
    #[arg(long, help_heading = "Output")]
    pub fail_on_findings: bool,

    /// Worker threads for reading files [default: one per core].
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub jobs: Option<usize>,

    /// First fetch new messages from the `[mailbox]` IMAP folder (see `coachcheck fetch`).
    ///
    /// If the server cannot be reached the run still reports what it has, with a
    /// `mailbox_unreadable` finding.
    #[arg(long, help_heading = "Inbox")]
    pub fetch: bool,
}

/// `coachcheck fetch`.
#[derive(Clone, Debug, Args)]
pub struct FetchArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    /// Where report folders are written [default: reports/]: the state database that
    /// remembers fetched messages lives there.
    #[arg(long, value_name = "DIR", help_heading = "Reports")]
    pub reports: Option<PathBuf>,
}

/// `coachcheck watch`.
#[derive(Clone, Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub folders: FolderArgs,

    /// Email the report after each run.
    #[arg(long, help_heading = "Email")]
    pub email: bool,

    /// Poll the inbox every SECONDS instead of using file-system events (network shares).
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, default_missing_value = "2")]
    pub poll: Option<f64>,

    /// Test hook: exit after this many runs.
    #[arg(long, hide = true, value_name = "N")]
    pub exit_after: Option<usize>,
}

/// `coachcheck inspect`.
#[derive(Clone, Debug, Args)]
pub struct InspectArgs {
    /// One JSON object per line, per file (the contract of SPEC §2).
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Certificate PDFs or CSV files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `coachcheck match`.
#[derive(Clone, Debug, Args)]
pub struct MatchArgs {
    /// Roster CSV with headers `id,first_name,last_name,email`.
    #[arg(long, value_name = "ROSTER.csv")]
    pub roster: PathBuf,

    /// Records CSV with headers `id,name,email`.
    #[arg(long, value_name = "RECORDS.csv")]
    pub records: PathBuf,

    /// Output CSV `record_id,roster_id,score,status,reason` [default: stdout].
    #[arg(long, value_name = "MATCHES.csv")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `coachcheck email`.
#[derive(Clone, Debug, Args)]
pub struct EmailArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    /// The report folder to send [default: reports/latest].
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,

    /// Recipient (repeatable); replaces `[email] to`.
    #[arg(long, value_name = "ADDR")]
    pub to: Vec<String>,

    /// Write the message to FILE (.eml) instead of sending it.
    #[arg(long, value_name = "FILE")]
    pub eml: Option<PathBuf>,
}

/// `coachcheck remind`.
#[derive(Clone, Debug, Args)]
pub struct RemindArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    /// The report folder to remind from [default: reports/latest].
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,

    /// Where the `.eml` files are written [default: reports/outbox/reminders].
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,

    /// Send through the `[email]` transport instead of writing `.eml` files.
    #[arg(long)]
    pub send: bool,

    /// Only this coach (repeatable).
    #[arg(long, value_name = "COACH_ID")]
    pub only: Vec<String>,

    /// At most N messages this run [default: `[remind] max_per_run`, 200].
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,

    /// Print who would get what; write, send and record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `coachcheck init`.
#[derive(Clone, Debug, Args)]
pub struct InitArgs {
    /// Folder to write `coachcheck.toml` into [default: current folder].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Overwrite an existing coachcheck.toml.
    #[arg(long)]
    pub force: bool,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date in the form YYYY-MM-DD (e.g. 2026-09-01)"))
}

/// Parses the command line, runs the command, and returns the process exit code.
pub fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitStatus::Completed.into()
                }
                _ => ExitStatus::Usage.into(),
            };
        }
    };
    crate::logging::init(cli.quiet, cli.verbose);
    quiet_panics_in_file_readers();
    let printer = crate::progress::Printer::new(cli.quiet);
    match crate::commands::dispatch(cli.command, &printer) {
        Ok(status) => status.into(),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitStatus::Completed.into();
            }
            printer.error(&format!("{error:#}"));
            ExitStatus::Failed.into()
        }
    }
}

/// A panic while reading one hostile file is caught and becomes that file's `unreadable`
/// finding; it must not also spray a backtrace on the coordinator's terminal. Panics on any
/// other thread (bugs) still print as usual.
fn quiet_panics_in_file_readers() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(crate::certificates::readers::THREAD_NAME) {
            tracing::debug!(panic = %info, "caught a panic while reading a certificate");
        } else {
            default(info);
        }
    }));
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_bad_as_of_date_says_what_form_is_expected() {
        let error = Cli::try_parse_from(["coachcheck", "run", "--as-of", "9/1/2026"]).unwrap_err();
        assert!(error.to_string().contains("YYYY-MM-DD"));
    }
}
