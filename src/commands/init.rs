//! `coachcheck init`: writes a fully commented `coachcheck.toml` with every key at its
//! default, and never overwrites an existing one unless asked.

use anyhow::Context;

use crate::cli::InitArgs;
use crate::config::DEFAULT_CONFIG_FILE;
use crate::exit::ExitStatus;
use crate::progress::Printer;

/// The commented configuration `init` writes, before the requirement list.
pub const EXAMPLE_CONFIG: &str = include_str!("coachcheck.example.toml");

/// The configuration `init` writes: every key commented at its default, ending with the
/// built-in requirement list, commented, ready to uncomment and edit.
pub fn example_config() -> String {
    let mut text = EXAMPLE_CONFIG.trim_end().to_string();
    text.push_str(
        "\n\n# ---------------------------------------------------------------------------\n         # The league's requirements. The built-in list is below, commented out: to change\n         # an entry, uncomment its `[[requirement]]` line, its `id` and the keys you change\n         # (the others keep their built-in value); `enabled = false` drops an entry; an\n         # entry with a new `id` (and a template declaring its courses) adds a requirement.\n\n",
    );
    for line in crate::policy::requirement::BUILTIN_TOML.lines() {
        if line.is_empty() {
            text.push('\n');
        } else if line.starts_with('#') {
            text.push_str(&format!("#{line}\n"));
        } else {
            text.push_str(&format!("# {line}\n"));
        }
    }
    text
}

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
    std::fs::write(&path, example_config())
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
    use super::example_config;
    use crate::config::{ConfigFile, Overrides, Settings};

    #[test]
    fn the_example_config_parses_to_the_defaults() {
        let text = example_config();
        let file = ConfigFile::parse(&text).expect("the example config parses");
        let settings = Settings::from_file(file, None, &Overrides::default()).unwrap();
        let defaults =
            Settings::from_file(ConfigFile::default(), None, &Overrides::default()).unwrap();
        assert_eq!(settings.policy, defaults.policy);
        assert_eq!(settings.inbox, defaults.inbox);
        assert_eq!(settings.limits, defaults.limits);
        assert_eq!(settings.keep_reports, defaults.keep_reports);
    }

    #[test]
    fn the_commented_requirement_list_uncommented_is_the_built_in_list() {
        let text = example_config();
        let start = text.find("# [[requirement]]").expect("the list is written");
        let uncommented: String = text[start..]
            .lines()
            .map(|line| line.strip_prefix("# ").unwrap_or(line))
            .filter(|line| !line.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let file = ConfigFile::parse(&uncommented).expect("the uncommented list parses");
        assert_eq!(file.requirement.len(), 7);
        let settings = Settings::from_file(file, None, &Overrides::default()).unwrap();
        let defaults =
            Settings::from_file(ConfigFile::default(), None, &Overrides::default()).unwrap();
        assert_eq!(settings.policy.requirements, defaults.policy.requirements);
    }

    #[test]
    fn the_example_config_writes_the_email_watch_mailbox_and_remind_sections_at_their_defaults() {
        for section in [
            "\n[email]\n",
            "\n[email.smtp]\n",
            "\n[watch]\n",
            "\n# [mailbox]\n",
            "\n[remind]\n",
        ] {
            assert!(super::EXAMPLE_CONFIG.contains(section), "no {section:?}");
        }
        for key in [
            "# to = ",
            "# from = ",
            "# host = ",
            "# password_env = ",
            "# reply_to = ",
        ] {
            assert!(super::EXAMPLE_CONFIG.contains(key), "no commented {key:?}");
        }
        let file = ConfigFile::parse(super::EXAMPLE_CONFIG).unwrap();
        let email = crate::email::EmailConfig::from_table(&file.email).unwrap();
        let default_email = crate::email::EmailConfig::default();
        assert_eq!(email.subject, default_email.subject);
        assert_eq!(email.transport, default_email.transport);
        assert_eq!(email.when, default_email.when);
        assert_eq!(email.file_dir, default_email.file_dir);
        assert_eq!(email.smtp.security, default_email.smtp.security);
        assert_eq!(email.max_attachments_mib, default_email.max_attachments_mib);
        let watch = crate::watch::WatchConfig::from_table(&file.watch).unwrap();
        let default_watch = crate::watch::WatchConfig::default();
        assert_eq!(
            (
                watch.poll,
                watch.poll_interval,
                watch.settle,
                watch.max_wait,
                watch.lock_timeout
            ),
            (
                default_watch.poll,
                default_watch.poll_interval,
                default_watch.settle,
                default_watch.max_wait,
                default_watch.lock_timeout
            )
        );
        let remind = crate::remind::RemindConfig::from_table(&file.remind).unwrap();
        let default_remind = crate::remind::RemindConfig::default();
        assert_eq!(remind.subject, default_remind.subject);
        assert_eq!(remind.every_days, default_remind.every_days);
        assert_eq!(remind.max_per_run, default_remind.max_per_run);
        assert_eq!(remind.links, default_remind.links);
        // The commented [mailbox] section, once uncommented, is well-formed TOML.
        let mailbox: String = super::EXAMPLE_CONFIG
            .split("# [mailbox]")
            .nth(1)
            .unwrap()
            .split("\n\n")
            .next()
            .unwrap()
            .lines()
            .map(|line| line.trim_start_matches("# "))
            .collect::<Vec<_>>()
            .join("\n");
        let table: toml::Table = toml::from_str(&mailbox).unwrap();
        assert_eq!(table["host"].as_str(), Some("imap.example.org"));
    }
}
