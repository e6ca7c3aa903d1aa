//! `coachcheck fetch`: copies new messages from the `[mailbox]` IMAP folder into the local
//! mail archive (see [`crate::mail::fetch`]), under the reports-folder lock so it never
//! races a run or the watcher. Also the fetch step of `run --fetch` and `watch`, where a
//! server that cannot be read becomes a `mailbox_unreadable` finding instead of a failure.

use std::time::Duration;

use anyhow::bail;

use crate::cli::FetchArgs;
use crate::config::{Overrides, Settings};
use crate::exit::ExitStatus;
use crate::findings::{Code, Finding};
use crate::mail::fetch::{FetchOutcome, MailboxConfig};
use crate::progress::Printer;
use crate::state::{self, State};

/// Runs the command: exit 1 with the server's answer when the mailbox cannot be read.
pub fn run(args: &FetchArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let settings = Settings::resolve(&Overrides {
        config: args.config.config.clone(),
        reports: args.reports.clone(),
        ..Overrides::default()
    })?;
    let Some(config) = MailboxConfig::from_table(&settings.mailbox)? else {
        bail!("no mailbox is configured\nhint: set host, user and password_env under [mailbox] in coachcheck.toml (see README: \"Certificates straight from the mailbox\")");
    };
    let _lock = state::lock::acquire(
        &settings.reports,
        state::lock::wait_from_env(Duration::from_secs(60)),
    )?;
    let outcome = fetch_now(&settings, &config, printer)?;
    printer.out(&format!("coachcheck: {}\n", outcome.summary()))?;
    Ok(ExitStatus::Completed)
}

/// Fetches once; the caller holds the reports lock.
pub fn fetch_now(
    settings: &Settings,
    config: &MailboxConfig,
    printer: &Printer,
) -> anyhow::Result<FetchOutcome> {
    let (mut state, rebuilt) = State::open(&settings.reports)?;
    if let Some(rebuilt) = rebuilt {
        printer.warn(&format!(
            "the state database was unreadable ({}); it was set aside as {} and rebuilt: every message of the mailbox is fetched again",
            rebuilt.reason,
            rebuilt.moved_to.display()
        ));
    }
    crate::mail::fetch::fetch(config, &mut state, settings.limits.max_file_bytes)
}

/// The fetch step of `run --fetch` and `watch` (the caller holds the reports lock): the
/// findings to add to the run. Nothing is fetched, and nothing said, without `[mailbox]`.
pub fn fetch_for_run(settings: &Settings, printer: &Printer) -> Vec<Finding> {
    let config = match MailboxConfig::from_table(&settings.mailbox) {
        Ok(Some(config)) => config,
        Ok(None) => return Vec::new(),
        Err(error) => return vec![unreadable(&format!("{error:#}"), "")],
    };
    match fetch_now(settings, &config, printer) {
        Ok(outcome) => {
            tracing::info!(
                fetched = outcome.fetched,
                already = outcome.already,
                "mailbox fetched"
            );
            if !printer.is_quiet() {
                printer.warn(&outcome.summary());
            }
            outcome
                .too_large
                .iter()
                .map(|(uid, bytes)| {
                    Finding::new(
                        Code::MailboxUnreadable,
                        format!(
                            "Message UID {uid} in {} is {} MiB, over the per-file limit; it was not fetched.",
                            config.folder,
                            bytes / (1024 * 1024)
                        ),
                        "Open the message in your mail program and save its certificates into the inbox.",
                    )
                })
                .collect()
        }
        Err(error) => {
            printer.error(&format!("{error:#}"));
            vec![unreadable(&format!("{error:#}"), &config.account())]
        }
    }
}

/// The `mailbox_unreadable` finding.
fn unreadable(reason: &str, account: &str) -> Finding {
    let first_line = reason.lines().next().unwrap_or(reason);
    let finding = Finding::new(
        Code::MailboxUnreadable,
        format!("The mailbox could not be read, so this report lacks any new mail: {first_line}."),
        "Check the [mailbox] settings and the password, then run `coachcheck fetch` to see the server's answer.",
    );
    if account.is_empty() {
        finding
    } else {
        finding.file(account.to_owned())
    }
}
