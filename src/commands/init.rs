//! `coachcheck init`: writes a fully commented `coachcheck.toml` with every key at its
//! default, and never overwrites an existing one unless asked.

use anyhow::Context;

use crate::cli::InitArgs;
use crate::config::DEFAULT_CONFIG_FILE;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// The commented configuration `init` writes.
pub const EXAMPLE_CONFIG: &str = include_str!("coachcheck.example.toml");

/// Runs the command.
pub fn run(args: &InitArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let dir = args.dir.clone().unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(DEFAULT_CONFIG_FILE);
    if path.exists() && !args.force {
        printer.error(&format!(
            "{} already exists; nothing was written\nhint: pass --force to overwrite it",
            path.display()
        ));
        return Ok(ExitStatus::Failed);
    }
    std::fs::write(&path, EXAMPLE_CONFIG)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let _ = std::fs::create_dir_all(dir.join("watch"));
    // Reports hold background-check results and volunteers' names and emails.
    let _ = crate::private::create_dir_all(&dir.join("reports"));
    printer.out(&format!(
        "Wrote {}\nDrop roster CSVs and certificate PDFs into {}, then run `coachcheck run`.\n",
        path.display(),
        dir.join("watch").display()
    ))?;
    Ok(ExitStatus::Completed)
}

#[cfg(test)]
mod tests {
    use super::EXAMPLE_CONFIG;
    use crate::config::{ConfigFile, Overrides, Settings};
    use crate::policy::Policy;

    #[test]
    fn the_example_config_parses_to_the_defaults() {
        let file = ConfigFile::parse(EXAMPLE_CONFIG).expect("the example config parses");
        assert_eq!(file.policy, Policy::default());
        let settings = Settings::from_file(file, None, &Overrides::default());
        let defaults = Settings::from_file(ConfigFile::default(), None, &Overrides::default());
        assert_eq!(settings.inbox, defaults.inbox);
        assert_eq!(settings.limits, defaults.limits);
        assert_eq!(settings.keep_reports, defaults.keep_reports);
    }
}
