//! `coachcheck watch`: a full run, then a run after every settled burst of inbox changes,
//! until Ctrl-C / SIGTERM (or the hidden `--exit-after N` test hook).

use std::sync::atomic::Ordering;

use std::time::Duration;

use crate::cli::WatchArgs;
use crate::config::{Overrides, Settings};
use crate::exit::ExitStatus;
use crate::mail::fetch::MailboxConfig;
use crate::progress::Printer;
use crate::watch::{stop_flag, InboxWatcher, Wake, WatchConfig};

/// Runs the command.
pub fn run(args: &WatchArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let settings = Settings::resolve(&Overrides {
        config: args.config.config.clone(),
        inbox: args.folders.inbox.clone(),
        reports: args.folders.reports.clone(),
        as_of: None,
    })?;
    let mut config = WatchConfig::from_table(&settings.watch)?;
    if let Some(interval) = args.poll {
        config.poll = true;
        config.poll_interval = interval;
    }
    let stop = stop_flag();
    let reports_inside = settings.reports.canonicalize().ok();
    let watcher = InboxWatcher::start(&settings.inbox, reports_inside.as_deref(), &config)?;
    printer.warn(&format!(
        "watching {} ({}); Ctrl-C to stop",
        settings.inbox.display(),
        if config.poll {
            "polling"
        } else {
            "file-system events"
        }
    ));
    let lock_wait = crate::state::lock::wait_from_env(crate::config::seconds(
        config.lock_timeout,
        600.0,
        0.0,
        86_400.0,
    ));
    let fetch_every = MailboxConfig::from_table(&settings.mailbox)?
        .map(|mailbox| Duration::from_secs(mailbox.fetch_every_seconds.max(10)));
    let mut runs = 0usize;
    loop {
        // Today's date may change while the watcher runs for days.
        let mut settings = settings.clone();
        settings.as_of = chrono::Local::now().date_naive();
        match crate::state::lock::acquire(&settings.reports, lock_wait).and_then(|_lock| {
            let fetched = crate::commands::fetch::fetch_for_run(&settings, printer);
            crate::pipeline::execute_with(&settings, printer, fetched)
        }) {
            Ok(outcome) => {
                printer.out(&crate::commands::run::summary_text(&outcome))?;
                if args.email {
                    if let Err(error) = crate::commands::email::send(
                        &settings,
                        &outcome.folder,
                        &[],
                        None,
                        printer,
                        true,
                    ) {
                        printer.error(&format!("{error:#}"));
                    }
                }
            }
            Err(error) => printer.error(&format!("{error:#}\n(the watcher keeps going)")),
        }
        runs += 1;
        if args.exit_after.is_some_and(|limit| runs >= limit) || stop.load(Ordering::SeqCst) {
            break;
        }
        if wait_for_work(&watcher, &stop, &settings, fetch_every, lock_wait, printer) == Wake::Stop
        {
            break;
        }
    }
    Ok(ExitStatus::Completed)
}

/// Waits for inbox changes; with a `[mailbox]`, fetches every `fetch_every` meanwhile and
/// wakes for a run when new messages came (a fetch that fails is left to the next run,
/// which reports it).
fn wait_for_work(
    watcher: &InboxWatcher,
    stop: &std::sync::atomic::AtomicBool,
    settings: &Settings,
    fetch_every: Option<Duration>,
    lock_wait: Duration,
    printer: &Printer,
) -> Wake {
    loop {
        match watcher.next_or_timeout(stop, fetch_every) {
            Wake::Timeout => {}
            wake => return wake,
        }
        let Ok(Some(mailbox)) = MailboxConfig::from_table(&settings.mailbox) else {
            continue;
        };
        let fetched = crate::state::lock::acquire(&settings.reports, lock_wait)
            .and_then(|_lock| crate::commands::fetch::fetch_now(settings, &mailbox, printer));
        match fetched {
            Ok(outcome) if outcome.fetched > 0 => return Wake::Changed,
            Ok(_) => {}
            Err(error) => tracing::warn!(error = %format!("{error:#}"), "mailbox fetch failed"),
        }
    }
}
