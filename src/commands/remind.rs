//! `coachcheck remind`: one reminder per coach who has something to do, from a report
//! already on disk. Without `--send` it writes the messages as `.eml` files into a new
//! folder of the outbox for the coordinator to read; with `--send` it delivers them through
//! `[email]`'s transport. Every message written, sent or failed is recorded in the state
//! database; `--dry-run` writes, sends and records nothing. The logic lives in
//! [`crate::remind`]; this file only does the I/O and prints the summary.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::cli::RemindArgs;
use crate::config::{Overrides, Settings};
use crate::email::{self, EmailConfig};
use crate::exit::ExitStatus;
use crate::progress::Printer;
use crate::remind::{self, Plan, RemindConfig, Reminder, Templates};
use crate::report::Report;
use crate::state::{ReminderRecord, State};

/// After this many failed deliveries in a row the run stops trying (the server is down or
/// the transport misconfigured); the rest are tried again next run.
const MAX_FAILURES_IN_A_ROW: usize = 3;

/// Runs the command.
pub fn run(args: &RemindArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let settings = Settings::resolve(&Overrides {
        config: args.config.config.clone(),
        ..Overrides::default()
    })?;
    let email_config = EmailConfig::from_table(&settings.email)?;
    let mut config = RemindConfig::from_table(&settings.remind)?;
    if config.from.trim().is_empty() {
        config.from = email_config.from.clone();
    }
    let folder = args
        .report
        .clone()
        .unwrap_or_else(|| settings.reports.join("latest"));
    let report = read_report(&folder)?;
    let templates = Templates::load(config.templates_dir.as_deref())?;
    let (mut state, rebuilt) = State::open(&settings.reports)?;
    if let Some(rebuilt) = rebuilt {
        printer.warn(&format!(
            "the state database was unreadable and has been rebuilt (old copy: {}): reminders already sent are forgotten",
            rebuilt.moved_to.display()
        ));
    }
    let sent = state.reminders_sent()?;
    let now = chrono::Local::now().fixed_offset();
    let max = args.max.unwrap_or(config.max_per_run);
    let plan = remind::plan(&report, &config, &sent, now, &args.only, max);

    // Every message is built before anything is written or sent: a template or address
    // error stops the run with nothing half done.
    let messages = plan
        .messages
        .iter()
        .map(|reminder| {
            let (text, html) = templates.render(reminder, &report, &config)?;
            remind::build_message(&config, reminder, &report, text, html)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let at = now.to_rfc3339();
    let mut out = header(&report, &plan, args);
    let mut failed = 0;
    if args.dry_run {
        out.push_str(&format!(
            "Dry run: {} would be {} (nothing written, sent or recorded):\n",
            count(plan.messages.len(), "message"),
            if args.send { "sent" } else { "written" }
        ));
        out.push_str(&list(&plan.messages));
    } else if args.send {
        let mut in_a_row = 0;
        let mut lines = String::new();
        let mut delivered = 0;
        for (reminder, message) in plan.messages.iter().zip(&messages) {
            if in_a_row >= MAX_FAILURES_IN_A_ROW {
                lines.push_str(&format!(
                    "  not tried: {} <{}> (after {MAX_FAILURES_IN_A_ROW} failures in a row; tried again next run)\n",
                    reminder.name, reminder.address
                ));
                continue;
            }
            let (outcome, detail) = match email::deliver(&email_config, message) {
                Ok(answer) => {
                    in_a_row = 0;
                    delivered += 1;
                    lines.push_str(&line(reminder));
                    ("sent", answer)
                }
                Err(error) => {
                    in_a_row += 1;
                    failed += 1;
                    let reason = format!("{error:#}");
                    let reason = reason.lines().next().unwrap_or("").to_string();
                    lines.push_str(&format!(
                        "  FAILED: {} <{}>: {reason}\n",
                        reminder.name, reminder.address
                    ));
                    ("failed", reason)
                }
            };
            record(&mut state, reminder, &at, outcome, &detail)?;
        }
        out.push_str(&format!(
            "Sent {} of {}:\n{lines}",
            count(delivered, "message"),
            plan.messages.len()
        ));
    } else {
        let outbox = args
            .outbox
            .clone()
            .or_else(|| config.outbox.clone())
            .unwrap_or_else(|| settings.reports.join("outbox").join("reminders"));
        let run_folder = new_run_folder(&outbox, &now.format("%Y-%m-%dT%H%M%S").to_string())?;
        let mut used = std::collections::HashSet::new();
        for (reminder, message) in plan.messages.iter().zip(&messages) {
            let mut name = remind::eml_file_name(&reminder.coach_id);
            let mut counter = 2;
            while !used.insert(name.clone()) {
                name = remind::eml_file_name(&format!("{}-{counter}", reminder.coach_id));
                counter += 1;
            }
            let path = run_folder.join(&name);
            email::write_eml(&path, message)?;
            record(
                &mut state,
                reminder,
                &at,
                "written",
                &path.display().to_string(),
            )?;
        }
        if !plan.not_emailed.is_empty() {
            let path = run_folder.join("not-emailed.txt");
            crate::private::write(&path, not_emailed_list(&report, &config, &plan).as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        out.push_str(&format!(
            "Wrote {} to {}:\n",
            count(plan.messages.len(), "message"),
            run_folder.display()
        ));
        out.push_str(&list(&plan.messages));
    }
    out.push_str(&footer(&plan, &config, args));
    printer.out(&out)?;
    if failed > 0 {
        bail!(
            "{} could not be delivered\nhint: they are recorded as failed and tried again on the next `coachcheck remind --send`",
            count(failed, "reminder")
        );
    }
    Ok(ExitStatus::Completed)
}

/// Reads `report.json` of a report folder.
fn read_report(folder: &Path) -> anyhow::Result<Report> {
    let path = folder.join("report.json");
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read {}\nhint: run `coachcheck run` first, or pass --report DIR",
            path.display()
        )
    })?;
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not a coachcheck report", path.display()))
}

/// A new owner-only folder `outbox/<stamp>` (`-2`, `-3`, ... if taken).
fn new_run_folder(outbox: &Path, stamp: &str) -> anyhow::Result<PathBuf> {
    crate::private::create_dir_all(outbox)
        .with_context(|| format!("cannot create the outbox {}", outbox.display()))?;
    for attempt in 1..=1000u32 {
        let folder = if attempt == 1 {
            outbox.join(stamp)
        } else {
            outbox.join(format!("{stamp}-{attempt}"))
        };
        match crate::private::create_dir(&folder) {
            Ok(()) => return Ok(folder),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("cannot create {}", folder.display()))
            }
        }
    }
    bail!(
        "too many outbox folders named {stamp} in {}",
        outbox.display()
    )
}

fn record(
    state: &mut State,
    reminder: &Reminder,
    at: &str,
    outcome: &str,
    detail: &str,
) -> anyhow::Result<()> {
    state
        .record_reminder(&ReminderRecord {
            coach_id: &reminder.coach_id,
            items_hash: &reminder.items_hash,
            address: &reminder.address,
            at,
            outcome,
            detail,
        })
        .context("cannot record the reminder in the state database")
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn header(report: &Report, plan: &Plan, args: &RemindArgs) -> String {
    let mut out = format!(
        "Reminders from the report as of {} (season {}):\n",
        report.as_of, report.season
    );
    for id in &plan.unknown_ids {
        out.push_str(&format!("  no coach with id {id} in this report\n"));
    }
    if plan.messages.is_empty() && !args.dry_run {
        out.push_str("  nothing to send this run\n");
    }
    out
}

fn line(reminder: &Reminder) -> String {
    let again = match &reminder.previous {
        Some((at, true)) => format!(" (again: last reminded {})", day(at)),
        Some((at, false)) => format!(" (items changed since the reminder of {})", day(at)),
        None => String::new(),
    };
    format!(
        "  {} <{}>: {}{again}\n",
        reminder.name,
        reminder.address,
        count(reminder.items.len(), "item")
    )
}

/// The date part of an RFC 3339 time.
fn day(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

fn list(reminders: &[Reminder]) -> String {
    reminders.iter().map(line).collect()
}

fn footer(plan: &Plan, config: &RemindConfig, args: &RemindArgs) -> String {
    let mut out = String::new();
    if !plan.not_emailed.is_empty() {
        out.push_str(&format!(
            "Not emailed, for the coordinator to reach ({}):\n",
            plan.not_emailed.len()
        ));
        for coach in &plan.not_emailed {
            out.push_str(&format!(
                "  {} ({}): {}; {}\n",
                coach.name,
                coach.coach_id,
                coach.reason,
                count(coach.items, "item")
            ));
        }
    }
    if !plan.recently_sent.is_empty() {
        out.push_str(&format!(
            "Already reminded of the same items within {} days ({}): {}\n",
            config.every_days,
            plan.recently_sent.len(),
            plan.recently_sent
                .iter()
                .map(|(reminder, _)| reminder.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !plan.held_back.is_empty() {
        out.push_str(&format!(
            "Over the cap of {} per run: {} left for the next run.\n",
            plan.messages.len(),
            count(plan.held_back.len(), "message")
        ));
    }
    if !args.send && !args.dry_run && !plan.messages.is_empty() {
        out.push_str("Read them, then run `coachcheck remind --send` to send them.\n");
    }
    out
}

/// `not-emailed.txt`: each coach the coordinator must reach another way, with their items
/// (background checks only as the neutral line, as in a reminder).
fn not_emailed_list(report: &Report, config: &RemindConfig, plan: &Plan) -> String {
    let mut out = String::from(
        "Coaches with something to do who were not emailed: reach them another way.\n",
    );
    for coach in &plan.not_emailed {
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            coach.name, coach.coach_id, coach.reason
        ));
        for item in remind::items_for(report, &coach.coach_id, config) {
            out.push_str(&format!("  - {}: {}\n", item.title, item.action));
        }
    }
    out
}
