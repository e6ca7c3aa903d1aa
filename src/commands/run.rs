//! `coachcheck run`: one full reconciliation of the inbox, written as a new report folder.
//! The run itself is [`crate::pipeline::execute`], shared with `watch`; this file turns
//! arguments into settings and prints the summary.

use std::time::Duration;

use crate::cli::RunArgs;
use crate::config::{Overrides, Settings};
use crate::exit::ExitStatus;
use crate::findings::Severity;
use crate::pipeline::{execute_with, RunOutcome};
use crate::progress::Printer;
use crate::state;

/// Runs the command.
pub fn run(args: &RunArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let mut settings = Settings::resolve(&Overrides {
        config: args.config.config.clone(),
        inbox: args.folders.inbox.clone(),
        reports: args.folders.reports.clone(),
        as_of: args.as_of,
    })?;
    if let Some(jobs) = args.jobs {
        settings.jobs = jobs;
    }
    let _lock = state::lock::acquire(
        &settings.reports,
        state::lock::wait_from_env(Duration::from_secs(60)),
    )?;
    let fetched = if args.fetch {
        crate::commands::fetch::fetch_for_run(&settings, printer)
    } else {
        Vec::new()
    };
    let outcome = execute_with(&settings, printer, fetched)?;
    printer.out(&summary_text(&outcome))?;
    if args.email {
        crate::commands::email::send(&settings, &outcome.folder, &[], None, printer, true)?;
    }
    let needs_attention = outcome
        .report
        .findings
        .iter()
        .any(|finding| matches!(finding.severity, Severity::Action | Severity::Review));
    Ok(if args.fail_on_findings && needs_attention {
        ExitStatus::Findings
    } else {
        ExitStatus::Completed
    })
}

/// The few lines printed after a run.
pub fn summary_text(outcome: &RunOutcome) -> String {
    let summary = &outcome.report.summary;
    let mut text = format!(
        "coachcheck: {} coaches, {} compliant, {} need action, {} to review (as of {}, season {})\n",
        summary.coaches,
        summary.compliant,
        summary.action_needed,
        summary.needs_review,
        outcome.report.as_of,
        outcome.report.season
    );
    if outcome.report.inbox.rosters.is_empty() {
        text.push_str(
            "No roster was found in the inbox: every certificate is listed as unmatched.\n",
        );
    }
    if !summary.findings_by_code.is_empty() {
        let counts: Vec<String> = summary
            .findings_by_code
            .iter()
            .map(|(code, count)| format!("{count} {}", code.as_str()))
            .collect();
        text.push_str(&format!("Findings: {}\n", counts.join(", ")));
    }
    if !outcome.report.changes.is_empty() {
        text.push_str(&format!(
            "Changes since the last run: {}\n",
            outcome.report.changes.len()
        ));
    }
    text.push_str(&format!(
        "Report: {}\n",
        outcome.folder.join("report.html").display()
    ));
    text
}
