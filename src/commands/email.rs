//! `coachcheck email`: sends (or writes as `.eml`) a report folder that is already on disk,
//! so a failed nightly delivery can simply be retried.

use std::path::Path;

use crate::cli::EmailArgs;
use crate::config::{Overrides, Settings};
use crate::email::{self, EmailConfig, ReportFiles};
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// Runs the command.
pub fn run(args: &EmailArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let settings = Settings::resolve(&Overrides {
        config: args.config.config.clone(),
        ..Overrides::default()
    })?;
    let folder = args
        .report
        .clone()
        .unwrap_or_else(|| settings.reports.join("latest"));
    send(
        &settings,
        &folder,
        &args.to,
        args.eml.as_deref(),
        printer,
        false,
    )
}

/// Sends the report in `folder`; `from_run` applies the `when` rule.
pub fn send(
    settings: &Settings,
    folder: &Path,
    to_override: &[String],
    eml: Option<&Path>,
    printer: &Printer,
    from_run: bool,
) -> anyhow::Result<ExitStatus> {
    let config = EmailConfig::from_table(&settings.email)?;
    let files = ReportFiles::read(folder)?;
    if from_run {
        if let Err(why) = email::should_send(config.when, &files.report) {
            printer.out(&format!(
                "Email not sent: {why} (when = {:?}).\n",
                config.when
            ))?;
            return Ok(ExitStatus::Completed);
        }
    }
    let to: Vec<String> = if to_override.is_empty() {
        config.to.clone()
    } else {
        to_override.to_vec()
    };
    let message = email::build_message(&config, &to, &files)?;
    let outcome = match eml {
        Some(path) => {
            email::write_eml(path, &message)?;
            format!("written to {}", path.display())
        }
        None => email::deliver(&config, &message)?,
    };
    printer.out(&format!("Email to {}: {outcome}\n", to.join(", ")))?;
    Ok(ExitStatus::Completed)
}
