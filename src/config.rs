//! config: the three stages of configuration. `ConfigFile` is the TOML file (every key
//! defaulted, unknown keys rejected by name); `Settings` is what the pipeline sees, resolved
//! once from the command line, the file and the defaults (CLI > file > default).

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::certificates::Limits;
use crate::policy::Policy;

/// The name looked for in the working directory when `--config` is not given.
pub const DEFAULT_CONFIG_FILE: &str = "coachcheck.toml";

/// `coachcheck.toml`, as written by the user.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigFile {
    /// Drop folder.
    pub inbox: Option<PathBuf>,
    /// Reports folder.
    pub reports: Option<PathBuf>,
    /// How many report folders to keep.
    pub keep_reports: Option<usize>,
    /// Folder of the user's own issuer templates.
    pub templates_dir: Option<PathBuf>,
    /// The coordinator's decisions file (default: `decisions.csv` in the inbox).
    pub decisions: Option<PathBuf>,
    /// Worker threads for parsing (0: one per core).
    pub jobs: Option<usize>,
    /// Per-file limits.
    pub limits: LimitsFile,
    /// Roster reading.
    pub roster: RosterFile,
    /// Matching.
    pub matching: MatchingFile,
    /// The league's rules.
    pub policy: Policy,
    /// Email of the report (see `email`).
    pub email: toml::Table,
    /// The IMAP mailbox certificates arrive in (see `mail::fetch`).
    pub mailbox: toml::Table,
    /// Watch mode (see `watch`).
    pub watch: toml::Table,
    /// The league's requirements (`[[requirement]]`), merged over the built-in list by id
    /// (see `policy::requirement`).
    pub requirement: Vec<toml::Table>,
    /// Reminders to coaches (see `remind`).
    pub remind: toml::Table,
}

/// `[limits]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsFile {
    /// Largest certificate read, in MiB.
    pub max_file_mib: u64,
    /// Most MiB decompressed from one file.
    pub max_decompressed_mib: u64,
    /// Most pages read per certificate.
    pub max_pages: usize,
    /// Most seconds spent on one file.
    pub seconds_per_file: f64,
}

impl Default for LimitsFile {
    fn default() -> Self {
        let limits = Limits::default();
        LimitsFile {
            max_file_mib: limits.max_file_bytes / (1024 * 1024),
            max_decompressed_mib: limits.max_decompressed_bytes / (1024 * 1024),
            max_pages: limits.max_pages,
            seconds_per_file: limits.time_per_file.as_secs_f64(),
        }
    }
}

impl LimitsFile {
    fn resolve(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_mib.saturating_mul(1024 * 1024),
            max_decompressed_bytes: self.max_decompressed_mib.saturating_mul(1024 * 1024),
            max_pages: self.max_pages.max(1),
            time_per_file: seconds(self.seconds_per_file, 10.0, 0.1, 3600.0),
        }
    }
}

/// `[roster]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RosterFile {
    /// Extra header synonyms: header as written → field (`first_name`, `last_name`,
    /// `full_name`, `email`, `team`, `division`, `role`, `background_check`,
    /// `background_check_date`, `background_check_expires`, `member_id`).
    pub headers: std::collections::BTreeMap<String, String>,
}

/// `[matching]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchingFile {
    /// Extra nickname pairs: `[["Bobby", "Robert"], ...]`.
    pub nicknames: Vec<(String, String)>,
}

/// What the pipeline sees: every value resolved.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The config file read, if any.
    pub config_file: Option<PathBuf>,
    /// Drop folder.
    pub inbox: PathBuf,
    /// Reports folder.
    pub reports: PathBuf,
    /// How many report folders to keep.
    pub keep_reports: usize,
    /// Folder of the user's own issuer templates.
    pub templates_dir: Option<PathBuf>,
    /// Decisions file.
    pub decisions: PathBuf,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Date every rule is judged at.
    pub as_of: NaiveDate,
    /// Per-file limits.
    pub limits: Limits,
    /// Extra header synonyms.
    pub roster_headers: Vec<(String, String)>,
    /// Extra nickname pairs.
    pub nicknames: Vec<(String, String)>,
    /// The league's rules.
    pub policy: Policy,
    /// The raw `[email]` table (resolved by the email stage).
    pub email: toml::Table,
    /// The raw `[watch]` table (resolved by the watch stage).
    pub watch: toml::Table,
    /// The raw `[remind]` table (resolved by `remind`).
    pub remind: toml::Table,
    /// The raw `[mailbox]` table (resolved by `mail::fetch`).
    pub mailbox: toml::Table,
}

/// What the command line says about configuration.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--inbox`.
    pub inbox: Option<PathBuf>,
    /// `--reports`.
    pub reports: Option<PathBuf>,
    /// `--as-of`.
    pub as_of: Option<NaiveDate>,
}

impl ConfigFile {
    /// Parses a config file's text; errors name the offending key and line.
    pub fn parse(text: &str) -> Result<ConfigFile, toml::de::Error> {
        toml::from_str(text)
    }

    /// Reads and parses `path`.
    pub fn read(path: &Path) -> anyhow::Result<ConfigFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        ConfigFile::parse(&text).with_context(|| {
            format!(
                "invalid config file {}\nhint: `coachcheck init` writes a commented example of every key",
                path.display()
            )
        })
    }
}

impl Settings {
    /// Resolves settings: the config file named on the command line, else
    /// `./coachcheck.toml` if present, else defaults; then the command-line overrides.
    pub fn resolve(overrides: &Overrides) -> anyhow::Result<Settings> {
        let config_path = match &overrides.config {
            Some(path) => Some(path.clone()),
            None => std::env::var_os(crate::env_vars::COACHCHECK_CONFIG)
                .map(PathBuf::from)
                .or_else(|| {
                    let default = PathBuf::from(DEFAULT_CONFIG_FILE);
                    default.is_file().then_some(default)
                }),
        };
        let file = match &config_path {
            Some(path) => ConfigFile::read(path)?,
            None => ConfigFile::default(),
        };
        Settings::from_file(file, config_path.clone(), overrides).with_context(
            || match &config_path {
                Some(path) => format!("invalid config file {}", path.display()),
                None => "invalid built-in configuration".to_string(),
            },
        )
    }

    /// Combines a parsed file with overrides. Reads only the user's template folder (to
    /// learn the course ids its templates declare) and today's date. Fails on a
    /// `[[requirement]]` entry that is not valid, naming it.
    pub fn from_file(
        file: ConfigFile,
        config_file: Option<PathBuf>,
        overrides: &Overrides,
    ) -> anyhow::Result<Settings> {
        // Course ids are data: the user's templates may declare new ones (the built-in
        // templates declare only built-in ids, which are always known).
        if let Some(dir) = file.templates_dir.as_deref() {
            crate::certificates::TemplateSet::load(Some(dir))
                .context("cannot load the certificate templates")?;
        }
        let policy = file.policy.with_requirements(&file.requirement, &|id| {
            crate::certificates::Course::from_id(id).is_some()
        })?;
        let inbox = overrides
            .inbox
            .clone()
            .or(file.inbox)
            .unwrap_or_else(|| PathBuf::from("watch"));
        let reports = overrides
            .reports
            .clone()
            .or(file.reports)
            .unwrap_or_else(|| PathBuf::from("reports"));
        let decisions = file
            .decisions
            .unwrap_or_else(|| inbox.join("decisions.csv"));
        Ok(Settings {
            config_file,
            keep_reports: file.keep_reports.unwrap_or(30).max(1),
            templates_dir: file.templates_dir,
            decisions,
            jobs: file.jobs.unwrap_or(0),
            as_of: overrides
                .as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            limits: file.limits.resolve(),
            roster_headers: file.roster.headers.into_iter().collect(),
            nicknames: file.matching.nicknames,
            policy,
            email: file.email,
            watch: file.watch,
            remind: file.remind,
            mailbox: file.mailbox,
            inbox,
            reports,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_every_default() {
        let file = ConfigFile::parse("").unwrap();
        let settings = Settings::from_file(file, None, &Overrides::default()).unwrap();
        assert_eq!(settings.inbox, PathBuf::from("watch"));
        assert_eq!(settings.reports, PathBuf::from("reports"));
        assert_eq!(settings.keep_reports, 30);
        assert_eq!(settings.limits, Limits::default());
        assert_eq!(settings.decisions, PathBuf::from("watch/decisions.csv"));
    }

    #[test]
    fn an_unknown_key_is_rejected_by_name() {
        let error = ConfigFile::parse("inbx = \"x\"\n").unwrap_err().to_string();
        assert!(error.contains("inbx"), "{error}");
        let error = ConfigFile::parse("[policy]\nsafesport_days = 1\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("safesport_days"), "{error}");
    }

    #[test]
    fn the_command_line_wins_over_the_file() {
        let file = ConfigFile::parse("inbox = \"from-file\"\nreports = \"r\"\n").unwrap();
        let overrides = Overrides {
            inbox: Some(PathBuf::from("from-cli")),
            ..Overrides::default()
        };
        let settings = Settings::from_file(file, None, &overrides).unwrap();
        assert_eq!(settings.inbox, PathBuf::from("from-cli"));
        assert_eq!(settings.reports, PathBuf::from("r"));
    }
}

/// A duration from a number of seconds in a config file: NaN, infinities and negative
/// values fall back to `default`, and the result is kept within `[min, max]` seconds.
pub fn seconds(value: f64, default: f64, min: f64, max: f64) -> std::time::Duration {
    let value = if value.is_finite() && value >= 0.0 {
        value
    } else {
        default
    };
    std::time::Duration::from_secs_f64(value.clamp(min, max))
}

#[cfg(test)]
mod seconds_tests {
    use super::seconds;

    #[test]
    fn nonsense_seconds_fall_back_to_the_default() {
        assert_eq!(seconds(f64::NAN, 2.0, 0.1, 10.0).as_secs_f64(), 2.0);
        assert_eq!(seconds(f64::INFINITY, 2.0, 0.1, 10.0).as_secs_f64(), 2.0);
        assert_eq!(seconds(-1.0, 2.0, 0.1, 10.0).as_secs_f64(), 2.0);
        assert_eq!(seconds(1e12, 2.0, 0.1, 10.0).as_secs_f64(), 10.0);
    }
}
