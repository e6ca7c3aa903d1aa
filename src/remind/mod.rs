//! remind: one reminder per coach who has something to do, built from a report that is
//! already on disk (SPEC §2 `remind`, §9a `[remind]`).
//!
//! What goes into a coach's message: their findings of severity `action`, plus
//! `requirement_upcoming`, `requirement_expiring` and `safesport_expiring` (the policy only
//! emits those inside their notice window), each as a title, what is on file, the next step
//! (the finding's `action`, written to be forwarded as-is), a link and the deadline where
//! there is one. Nothing else: no other coach, no review items, no report attachment.
//!
//! What it refuses to do:
//! - write background-check results: a denied or flagged check becomes "please contact
//!   the league's risk manager", a missing or expired one the generic next step, with no
//!   status, vendor word or date ([`items_for`]);
//! - email the wrong person: a coach without a usable roster email, or whose email is
//!   shared with another coach on the roster, is listed for the coordinator instead
//!   ([`plan`]);
//! - nag: a coach is reminded at most once every `every_days` for the same items (the
//!   state database remembers what was sent, see [`crate::state::State::reminders_sent`]);
//!   a changed item (or a changed address) sends again.
//!
//! Messages are plain text and HTML alternatives rendered by minijinja from
//! `templates/remind.txt` and `templates/remind.html` (auto-escaped: the name ends in
//! `.html`), or from the league's own files of the same names in `[remind] templates_dir`.
//! This module is pure but for [`Templates::load`]; the command (`commands::remind`) writes
//! the `.eml` files, sends, and records outcomes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::{DateTime, FixedOffset, NaiveDate};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::findings::{Code, Finding, Severity};
use crate::policy::human_date;
use crate::report::{code_title, one_line, CoachReport, Report};
use crate::state::SentReminder;

/// The built-in plain-text template.
const TEXT_TEMPLATE: &str = include_str!("templates/remind.txt");
/// The built-in HTML template (auto-escaped).
const HTML_TEMPLATE: &str = include_str!("templates/remind.html");
/// Template names (also the file names looked for in `templates_dir`).
const TEXT_NAME: &str = "remind.txt";
const HTML_NAME: &str = "remind.html";
/// Largest template file read from the league's folder.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// `[remind]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindConfig {
    /// Sender [default: `[email] from`].
    pub from: String,
    /// Where coaches' replies go (e.g. the coordinator).
    pub reply_to: Option<String>,
    /// Copied on every reminder (e.g. the coordinator).
    pub cc: Vec<String>,
    /// Subject: `{count}` is the number of items, `{season}` the season.
    pub subject: String,
    /// Folder with the league's own `remind.txt` / `remind.html`.
    pub templates_dir: Option<PathBuf>,
    /// Requirement ids to remind about (`safesport`, `cpr_aed`, ...); empty: all.
    pub requirements: Vec<String>,
    /// Days before the same items are sent to the same coach again.
    #[serde(alias = "remind_every_days")]
    pub every_days: u32,
    /// Most messages per run (the rest wait for the next run).
    pub max_per_run: usize,
    /// The league's name, for the greeting and signature.
    pub league: String,
    /// Where coaches may send certificates besides replying [default: reply_to or from].
    pub certificates_to: Option<String>,
    /// How to reach the league's risk manager (an address or a phone), named in the line
    /// a coach with a denied or flagged background check gets.
    pub risk_manager: Option<String>,
    /// The date every coach must be done by (e.g. the first game), shown on every item
    /// that has no date of its own.
    pub deadline: Option<NaiveDate>,
    /// Where `.eml` files are written [default: `<reports>/outbox/reminders`].
    pub outbox: Option<PathBuf>,
    /// Links per requirement id, replacing the built-in ones.
    pub links: BTreeMap<String, String>,
}

impl Default for RemindConfig {
    fn default() -> Self {
        RemindConfig {
            from: String::new(),
            reply_to: None,
            cc: Vec::new(),
            subject: "Coaching requirements: {count} item(s) to finish".to_string(),
            templates_dir: None,
            requirements: Vec::new(),
            every_days: 7,
            max_per_run: 200,
            league: String::new(),
            certificates_to: None,
            risk_manager: None,
            deadline: None,
            outbox: None,
            links: BTreeMap::new(),
        }
    }
}

impl RemindConfig {
    /// Reads the `[remind]` table of the config.
    pub fn from_table(table: &toml::Table) -> anyhow::Result<RemindConfig> {
        toml::Value::Table(table.clone())
            .try_into()
            .context("invalid [remind] section in the config")
    }

    /// The link shown for a requirement: the league's, else the built-in one.
    /// Where to do it: `[remind.links]`, else the requirement's own `link` from the
    /// league's requirement list (as the report lists it).
    fn link(&self, report: &Report, requirement: &str) -> String {
        self.links
            .get(requirement)
            .cloned()
            .or_else(|| {
                report
                    .requirements
                    .iter()
                    .find(|info| info.id == requirement)
                    .and_then(|info| info.link.clone())
            })
            .unwrap_or_default()
    }
}

/// One thing a coach still has to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Heading, e.g. "SafeSport expired".
    pub title: String,
    /// What is on file, in words (empty for background checks).
    pub detail: String,
    /// The next step.
    pub action: String,
    /// Where to do it (may be empty).
    pub link: String,
    /// By when, in words (may be empty).
    pub deadline: String,
    /// Coming up (upcoming or expiring) rather than needed now.
    pub soon: bool,
    /// The requirement id, if known.
    #[serde(skip)]
    pub requirement: Option<String>,
    /// The finding code it came from.
    #[serde(skip)]
    pub code: Code,
}

/// The message one coach will get.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Coach id.
    pub coach_id: String,
    /// Name as on the roster (one line).
    pub name: String,
    /// Roster email.
    pub address: String,
    /// The coach's teams, one line each.
    pub teams: Vec<String>,
    /// What to do.
    pub items: Vec<Item>,
    /// Hash of the address and the items: an unchanged hash inside the interval is not
    /// sent again.
    pub items_hash: String,
    /// The last reminder sent to this coach, if any: when (RFC 3339), and whether it held
    /// the same items.
    pub previous: Option<(String, bool)>,
}

/// A coach with something to do who is not emailed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotEmailed {
    /// Coach id.
    pub coach_id: String,
    /// Name (one line).
    pub name: String,
    /// Why, in words.
    pub reason: String,
    /// How many items they have.
    pub items: usize,
}

/// What one run of `remind` will do.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Messages to write or send now.
    pub messages: Vec<Reminder>,
    /// Coaches listed for the coordinator instead of emailed.
    pub not_emailed: Vec<NotEmailed>,
    /// Coaches already sent the same items within the interval, with when.
    pub recently_sent: Vec<(Reminder, String)>,
    /// Messages over the cap, left for the next run.
    pub held_back: Vec<Reminder>,
    /// Ids given with `--only` that are not on the roster.
    pub unknown_ids: Vec<String>,
}

/// The items of one coach, in report order (most urgent first), without duplicates.
pub fn items_for(report: &Report, coach_id: &str, config: &RemindConfig) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for finding in report.findings_for(coach_id) {
        let soon = matches!(
            finding.code,
            Code::RequirementUpcoming | Code::RequirementExpiring | Code::SafesportExpiring
        );
        if finding.severity != Severity::Action && !soon {
            continue;
        }
        let requirement = requirement_of(finding);
        if !config.requirements.is_empty()
            && requirement
                .as_deref()
                .is_some_and(|id| !config.requirements.iter().any(|wanted| wanted == id))
        {
            continue;
        }
        let item = if is_background_check(finding, requirement.as_deref()) {
            background_check_item(finding, config)
        } else {
            let deadline = if soon {
                date_in(&finding.message).or(config.deadline)
            } else {
                config.deadline
            };
            Item {
                title: title_of(finding, requirement.as_deref()),
                detail: one_line(&finding.message),
                action: one_line(&finding.action),
                link: requirement
                    .as_deref()
                    .map(|id| config.link(report, id))
                    .unwrap_or_default(),
                deadline: deadline.map(human_date).unwrap_or_default(),
                soon,
                requirement: requirement.clone(),
                code: finding.code,
            }
        };
        if !items
            .iter()
            .any(|known| known.title == item.title && known.action == item.action)
        {
            items.push(item);
        }
    }
    items
}

/// Decides who gets a message this run. `sent` is what the state database remembers;
/// `only` limits the run to these coach ids (none: everyone); `max` caps the messages.
pub fn plan(
    report: &Report,
    config: &RemindConfig,
    sent: &HashMap<String, SentReminder>,
    now: DateTime<FixedOffset>,
    only: &[String],
    max: usize,
) -> Plan {
    let mut plan = Plan {
        unknown_ids: only
            .iter()
            .filter(|id| report.coach(id).is_none())
            .cloned()
            .collect(),
        ..Plan::default()
    };
    let mut holders: HashMap<String, usize> = HashMap::new();
    for coach in &report.coaches {
        if let Some(email) = coach.email.as_deref() {
            let key = email.trim().to_lowercase();
            if !key.is_empty() {
                *holders.entry(key).or_default() += 1;
            }
        }
    }
    for coach in &report.coaches {
        if !only.is_empty() && !only.contains(&coach.id) {
            continue;
        }
        let items = items_for(report, &coach.id, config);
        if items.is_empty() {
            continue;
        }
        let address = match usable_address(coach, &holders) {
            Ok(address) => address,
            Err(reason) => {
                plan.not_emailed.push(NotEmailed {
                    coach_id: coach.id.clone(),
                    name: one_line(&coach.name),
                    reason,
                    items: items.len(),
                });
                continue;
            }
        };
        let mut reminder = Reminder {
            coach_id: coach.id.clone(),
            name: one_line(&coach.name),
            teams: coach
                .teams
                .iter()
                .map(|team| one_line(&team.describe()))
                .collect(),
            items_hash: items_hash(&address, &items),
            address,
            items,
            previous: None,
        };
        if let Some(last) = sent.get(&coach.id) {
            reminder.previous = Some((last.at.clone(), last.items_hash == reminder.items_hash));
            let within = DateTime::parse_from_rfc3339(&last.at).is_ok_and(|at| {
                now.signed_duration_since(at) < chrono::Duration::days(i64::from(config.every_days))
            });
            if within && last.items_hash == reminder.items_hash {
                plan.recently_sent.push((reminder, last.at.clone()));
                continue;
            }
        }
        if plan.messages.len() < max {
            plan.messages.push(reminder);
        } else {
            plan.held_back.push(reminder);
        }
    }
    plan
}

/// The coach's roster email if it is a valid address that no other coach on the roster
/// uses; otherwise why not.
fn usable_address(coach: &CoachReport, holders: &HashMap<String, usize>) -> Result<String, String> {
    let Some(email) = coach
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    else {
        return Err("no email on the roster".to_string());
    };
    if email.parse::<lettre::Address>().is_err() {
        return Err("the roster email is not a valid address".to_string());
    }
    let shared = holders.get(&email.to_lowercase()).copied().unwrap_or(0);
    if shared > 1 {
        return Err(format!(
            "the roster email is shared by {shared} coaches (a family address?)"
        ));
    }
    Ok(email.to_string())
}

/// A stable hash of where a reminder goes and what it asks (not of wording that changes
/// from day to day), so the same items are not sent twice within the interval.
fn items_hash(address: &str, items: &[Item]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(address.to_lowercase().as_bytes());
    for item in items {
        for part in [
            item.code.as_str(),
            item.requirement.as_deref().unwrap_or(""),
            &item.title,
            &item.action,
            &item.deadline,
        ] {
            hasher.update([0]);
            hasher.update(part.as_bytes());
        }
        hasher.update([1]);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The requirement a finding is about: its `requirement` field, else the one its code
/// belongs to.
fn requirement_of(finding: &Finding) -> Option<String> {
    if let Some(id) = &finding.requirement {
        return Some(id.clone());
    }
    let id = match finding.code {
        Code::MissingIntroModule => "intro_module",
        Code::MissingCourse | Code::WrongCourseLevel => "division_course",
        Code::MissingConcussion => "concussion",
        Code::MissingSafesport | Code::SafesportExpired | Code::SafesportExpiring => "safesport",
        Code::MissingBackgroundCheck
        | Code::BackgroundCheckExpired
        | Code::BackgroundCheckDenied
        | Code::BackgroundCheckPending => "background_check",
        _ => return None,
    };
    Some(id.to_string())
}

fn is_background_check(finding: &Finding, requirement: Option<&str>) -> bool {
    requirement == Some("background_check")
        || matches!(
            finding.code,
            Code::MissingBackgroundCheck
                | Code::BackgroundCheckExpired
                | Code::BackgroundCheckDenied
                | Code::BackgroundCheckPending
        )
}

/// The neutral line a background-check finding becomes: never its status, vendor word,
/// date or the policy's message.
fn background_check_item(finding: &Finding, config: &RemindConfig) -> Item {
    let action = if finding.code == Code::BackgroundCheckDenied {
        match config.risk_manager.as_deref().map(one_line) {
            Some(contact) if !contact.is_empty() => {
                format!("Please contact the league's risk manager ({contact}).")
            }
            _ => "Please contact the league's risk manager.".to_string(),
        }
    } else {
        "Complete the league's background check through the registration system (Live Scan \
         where required), then let the coordinator know."
            .to_string()
    };
    Item {
        title: "Background check".to_string(),
        detail: String::new(),
        action,
        link: String::new(),
        deadline: config.deadline.map(human_date).unwrap_or_default(),
        soon: false,
        requirement: Some("background_check".to_string()),
        code: finding.code,
    }
}

/// The item's heading: the code's own title, or for the generic requirement codes the
/// requirement's name and what is wrong with it.
fn title_of(finding: &Finding, requirement: Option<&str>) -> String {
    let state = match finding.code {
        Code::MissingRequirement => "missing",
        Code::RequirementExpired => "expired",
        Code::RequirementExpiring => "expiring soon",
        Code::RequirementUpcoming => "required soon",
        _ => return code_title(finding.code).to_string(),
    };
    let name = match requirement {
        Some("cpr_aed") => "CPR and AED certification".to_string(),
        Some("intro_module") => "Intro module".to_string(),
        Some("division_course") => "Division course".to_string(),
        Some("concussion") => "Concussion training".to_string(),
        Some("safesport") => "SafeSport".to_string(),
        Some(id) => {
            let words = id.replace('_', " ");
            let mut characters = words.chars();
            characters
                .next()
                .map(|first| first.to_uppercase().chain(characters).collect())
                .unwrap_or_default()
        }
        None => "Requirement".to_string(),
    };
    format!("{name} {state}")
}

/// The first date written in `text` the way the policy writes them ("Jan 1, 2027") or as
/// `YYYY-MM-DD`.
fn date_in(text: &str) -> Option<NaiveDate> {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"\b(?:(\d{4}-\d{2}-\d{2})|((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}))\b",
        )
        .expect("valid date pattern")
    });
    let captures = DATE.captures(text)?;
    if let Some(iso) = captures.get(1) {
        return NaiveDate::parse_from_str(iso.as_str(), "%Y-%m-%d").ok();
    }
    let words = captures.get(2)?.as_str().replace('.', "");
    let (month, rest) = words.split_once(' ')?;
    let short = month.get(..3)?;
    NaiveDate::parse_from_str(&format!("{short} {rest}"), "%b %d, %Y").ok()
}

/// The message templates: built-in, or the league's own.
pub struct Templates {
    environment: Environment<'static>,
}

impl Templates {
    /// The built-in templates, replaced by `remind.txt` / `remind.html` from `folder` where
    /// those files exist.
    pub fn load(folder: Option<&Path>) -> anyhow::Result<Templates> {
        let mut environment = Environment::new();
        environment.set_undefined_behavior(UndefinedBehavior::Lenient);
        for (name, builtin) in [(TEXT_NAME, TEXT_TEMPLATE), (HTML_NAME, HTML_TEMPLATE)] {
            let source = match folder.map(|folder| folder.join(name)) {
                Some(path) if path.is_file() => {
                    let size = std::fs::metadata(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?
                        .len();
                    if size > MAX_TEMPLATE_BYTES {
                        bail!("the reminder template {} is over 1 MiB", path.display());
                    }
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?
                }
                _ => builtin.to_string(),
            };
            environment
                .add_template_owned(name, source)
                .with_context(|| format!("the reminder template {name} does not parse"))?;
        }
        Ok(Templates { environment })
    }

    /// The plain-text and HTML bodies of one reminder.
    pub fn render(
        &self,
        reminder: &Reminder,
        report: &Report,
        config: &RemindConfig,
    ) -> anyhow::Result<(String, String)> {
        let (now, soon): (Vec<&Item>, Vec<&Item>) =
            reminder.items.iter().partition(|item| !item.soon);
        let certificates_to = config
            .certificates_to
            .clone()
            .or_else(|| config.reply_to.clone())
            .unwrap_or_else(|| config.from.clone());
        let context = minijinja::context! {
            name => reminder.name,
            teams => reminder.teams,
            items => now,
            soon => soon,
            count => reminder.items.len(),
            league => one_line(&config.league),
            season => report.season,
            as_of => human_date(report.as_of),
            certificates_to => one_line(&certificates_to),
            deadline => config.deadline.map(human_date).unwrap_or_default(),
        };
        let render = |name: &str| {
            self.environment
                .get_template(name)
                .and_then(|template| template.render(&context))
                .with_context(|| format!("cannot render the reminder template {name}"))
        };
        Ok((render(TEXT_NAME)?, render(HTML_NAME)?))
    }
}

/// The subject: the template with `{count}` and `{season}` (never a name from a file).
pub fn subject(config: &RemindConfig, reminder: &Reminder, report: &Report) -> String {
    one_line(
        &config
            .subject
            .replace("{count}", &reminder.items.len().to_string())
            .replace("{season}", &report.season),
    )
}

/// Builds one coach's message: from the `[remind]` sender to the coach alone (plus `cc`,
/// except on a message about a denied or flagged background check), plain text and HTML,
/// no attachment.
pub fn build_message(
    config: &RemindConfig,
    reminder: &Reminder,
    report: &Report,
    text: String,
    html: String,
) -> anyhow::Result<Message> {
    if config.from.trim().is_empty() {
        bail!("no sender address for reminders\nhint: set `from = \"coordinator@your-league.org\"` under [remind] (or [email]) in coachcheck.toml");
    }
    let from: Mailbox = config
        .from
        .parse()
        .with_context(|| format!("invalid sender address {:?} in [remind] from", config.from))?;
    let domain = from.email.domain().to_string();
    let to = Mailbox::new(
        Some(reminder.name.clone()),
        reminder
            .address
            .parse()
            .with_context(|| format!("invalid address {:?}", reminder.address))?,
    );
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject(config, reminder, report))
        .date_now()
        .message_id(Some(format!(
            "<coachcheck.remind.{}.{}@{}>",
            &reminder.items_hash[..16.min(reminder.items_hash.len())],
            chrono::Utc::now().format("%Y%m%d%H%M%S%f"),
            domain
        )));
    if let Some(reply_to) = config.reply_to.as_deref().filter(|r| !r.trim().is_empty()) {
        builder = builder.reply_to(
            reply_to
                .parse()
                .with_context(|| format!("invalid reply_to address {reply_to:?} in [remind]"))?,
        );
    }
    // A message that asks the coach to see the risk manager is the coach's alone: copying
    // it would tell the copied person about the background check.
    let private = reminder
        .items
        .iter()
        .any(|item| item.code == Code::BackgroundCheckDenied);
    for cc in config.cc.iter().filter(|_| !private) {
        builder = builder.cc(cc
            .parse()
            .with_context(|| format!("invalid cc address {cc:?} in [remind]"))?);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(text, html))
        .context("cannot build the reminder message")
}

/// A file name for a coach's `.eml`: the id with anything but letters, digits, `-` and
/// `_` replaced.
pub fn eml_file_name(coach_id: &str) -> String {
    let safe: String = coach_id
        .chars()
        .take(80)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.eml", if safe.is_empty() { "coach" } else { &safe })
}

#[cfg(test)]
mod tests;
