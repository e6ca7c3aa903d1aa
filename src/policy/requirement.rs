//! Requirements as data (SPEC §6): the built-in list (`requirements.toml`), the league's
//! `[[requirement]]` entries merged over it by `id`, and the validation that turns a typo
//! into an error naming the entry, the key and what is allowed. Pure: no I/O; course ids
//! are checked against the courses the loaded templates declared.

use anyhow::{anyhow, bail, Context};
use chrono::NaiveDate;
use serde::Serialize;

use crate::certificates::Course;
use crate::policy::{parse_month_day, ConcussionRule, Format, Policy};
use crate::roster::Role;

/// The built-in requirement list, as TOML (also written, commented, by `coachcheck init`).
pub const BUILTIN_TOML: &str = include_str!("requirements.toml");

/// How a requirement is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Certificates (and, where accepted, registration records) of the listed courses.
    Certificates,
    /// Being on the roster export.
    Roster,
    /// The background-check status from the roster or a background-check list.
    BackgroundCheck,
}

/// Which coaches a requirement applies to: a coach with at least one team whose role,
/// division and format all fit (an empty list fits everything).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AppliesTo {
    /// Roles; empty: every role.
    pub roles: Vec<Role>,
    /// Age groups (10 for U10); empty: every division.
    pub divisions: Vec<u8>,
    /// Formats; empty: every format.
    pub formats: Vec<Format>,
}

/// The courses that satisfy a requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SatisfiedBy {
    /// Any one of these.
    Courses(Vec<Course>),
    /// For each format a coach's teams play, one of that format's courses, or one of `any`.
    PerFormat {
        /// Courses per format.
        by_format: Vec<(Format, Vec<Course>)>,
        /// Courses that satisfy every format.
        any: Vec<Course>,
    },
}

impl SatisfiedBy {
    /// Every course that counts, for some format.
    pub fn all_courses(&self) -> Vec<Course> {
        match self {
            SatisfiedBy::Courses(courses) => courses.clone(),
            SatisfiedBy::PerFormat { by_format, any } => by_format
                .iter()
                .flat_map(|(_, courses)| courses.iter().copied())
                .chain(any.iter().copied())
                .collect(),
        }
    }
}

/// How long a completion counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// Never expires.
    Forever,
    /// To the last day of the seasonal year it was completed in.
    Season,
    /// N days after completion.
    Days(u32),
    /// Completed on/after `from` (month, day) counts through `through` of the next year.
    SeasonWindow {
        /// (month, day) from which a completion counts for the next season.
        from: (u32, u32),
        /// (month, day) through which it stays valid in the following year.
        through: (u32, u32),
    },
    /// The printed expiry or renewal date, else N days after completion.
    PrintedOrDays(u32),
}

/// One requirement of the league (SPEC §6).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Requirement {
    /// `cpr_aed`: the key in report.json and the column of coaches.csv.
    pub id: String,
    /// "CPR/AED", as the report shows it.
    pub title: String,
    /// Badge text where space is short.
    pub short: String,
    /// How it is evaluated.
    pub check: Check,
    /// Who needs it.
    pub applies_to: AppliesTo,
    /// What satisfies it.
    pub satisfied_by: SatisfiedBy,
    /// Courses that look close but do not count, with why (in words).
    pub not_accepted: Vec<(Course, String)>,
    /// How long a completion counts.
    pub valid: Validity,
    /// The date from which it is required.
    pub effective_from: Option<NaiveDate>,
    /// Days before `effective_from` from which `requirement_upcoming` is reported.
    pub notice_days: u32,
    /// Days before expiry from which an "expiring" finding is reported (0: none).
    pub expiring_days: u32,
    /// Whether a registration record in a roster export counts on its own.
    pub accept_registration_records: bool,
    /// The next step when nothing is on file.
    pub action: String,
    /// The next step when it lapsed.
    pub action_expired: String,
    /// The next step when only another format's course is on file.
    pub action_wrong_level: String,
    /// The next step when the team's division is unknown.
    pub action_unknown_division: String,
    /// Where to do it.
    pub link: Option<String>,
}

const KEYS: &[&str] = &[
    "id",
    "title",
    "short",
    "check",
    "applies_to",
    "satisfied_by",
    "not_accepted",
    "valid",
    "effective_from",
    "notice_days",
    "expiring_days",
    "accept_registration_records",
    "action",
    "action_expired",
    "action_wrong_level",
    "action_unknown_division",
    "link",
    "enabled",
];

/// The requirement list: the built-in entries shaped by the `[policy]` switches, then the
/// league's `entries` merged over them by `id` (keys given replace the built-in's, the rest
/// are kept; `enabled = false` drops one; a new `id` is appended). `known` says whether a
/// course id is declared by a template. Errors name the entry and what is allowed.
pub fn resolve(
    policy: &Policy,
    entries: &[toml::Table],
    known: &dyn Fn(&str) -> bool,
) -> anyhow::Result<Vec<Requirement>> {
    let builtin: BuiltinFile = toml::from_str(BUILTIN_TOML).context("built-in requirements")?;
    let mut tables: Vec<toml::Table> = builtin.requirement;
    for table in &mut tables {
        apply_policy_switches(policy, table);
    }
    for (index, entry) in entries.iter().enumerate() {
        let name = entry_name(index, entry);
        let id = match entry.get("id") {
            Some(toml::Value::String(id)) => id.clone(),
            Some(_) => bail!("{name}: `id` must be a string"),
            None => bail!("{name}: `id` is missing (every [[requirement]] needs one)"),
        };
        for key in entry.keys() {
            if !KEYS.contains(&key.as_str()) {
                bail!("{name}: unknown key `{key}`; allowed: {}", KEYS.join(", "));
            }
        }
        let enabled = match entry.get("enabled") {
            None => true,
            Some(toml::Value::Boolean(flag)) => *flag,
            Some(_) => bail!("{name}: `enabled` must be true or false"),
        };
        let position = tables
            .iter()
            .position(|table| table.get("id").and_then(|v| v.as_str()) == Some(id.as_str()));
        match (position, enabled) {
            (Some(position), false) => {
                tables.remove(position);
            }
            (None, false) => {}
            (Some(position), true) => {
                for (key, value) in entry {
                    tables[position].insert(key.clone(), value.clone());
                }
            }
            (None, true) => tables.push(entry.clone()),
        }
    }
    let mut list = Vec::with_capacity(tables.len());
    for (index, table) in tables.iter().enumerate() {
        let requirement = parse_entry(table, known)
            .with_context(|| format!("invalid {}", entry_name(index, table)))?;
        if list.iter().any(|r: &Requirement| r.id == requirement.id) {
            bail!(
                "two [[requirement]] entries have the id {:?}",
                requirement.id
            );
        }
        list.push(requirement);
    }
    Ok(list)
}

#[derive(serde::Deserialize)]
struct BuiltinFile {
    requirement: Vec<toml::Table>,
}

fn entry_name(index: usize, table: &toml::Table) -> String {
    match table.get("id").and_then(|v| v.as_str()) {
        Some(id) => format!("[[requirement]] {id:?}"),
        None => format!("[[requirement]] number {}", index + 1),
    }
}

/// The `[policy]` switches of earlier versions shape the built-in entries they were about.
fn apply_policy_switches(policy: &Policy, table: &mut toml::Table) {
    let strings = |items: &[&str]| {
        toml::Value::Array(
            items
                .iter()
                .map(|s| toml::Value::String(s.to_string()))
                .collect(),
        )
    };
    let roles: Vec<&str> = policy.coaching_roles.iter().map(|r| r.as_str()).collect();
    let id = table
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let push_any = |table: &mut toml::Table, extra: &[&str]| {
        if let Some(toml::Value::Table(by_format)) = table.get_mut("satisfied_by") {
            if let Some(toml::Value::Array(any)) = by_format.get_mut("any") {
                any.extend(extra.iter().map(|s| toml::Value::String(s.to_string())));
            }
        } else if let Some(toml::Value::Array(list)) = table.get_mut("satisfied_by") {
            list.extend(extra.iter().map(|s| toml::Value::String(s.to_string())));
        }
    };
    match id.as_str() {
        "intro_module" | "division_course" | "concussion" | "cpr_aed" => {
            table.insert("applies_to".into(), strings(&roles));
        }
        _ => {}
    }
    match id.as_str() {
        "intro_module" if policy.legacy_licenses_count_for_intro => {
            push_any(table, &["license_e", "license_f"]);
        }
        "division_course" if policy.legacy_licenses_count => {
            push_any(table, &["license_e", "license_f"]);
        }
        "concussion" => {
            if policy.concussion == ConcussionRule::Separate {
                table.insert(
                    "satisfied_by".into(),
                    strings(&["concussion", "safe_healthy_environments"]),
                );
            }
            if policy.concussion_valid_days > 0 {
                let mut valid = toml::Table::new();
                valid.insert(
                    "days".into(),
                    toml::Value::Integer(i64::from(policy.concussion_valid_days)),
                );
                table.insert("valid".into(), toml::Value::Table(valid));
            }
        }
        "safesport" => {
            let mut valid = toml::Table::new();
            match &policy.safesport_season_window {
                Some(window) => {
                    let mut inner = toml::Table::new();
                    inner.insert("from".into(), toml::Value::String(window.from.clone()));
                    inner.insert(
                        "through".into(),
                        toml::Value::String(window.through.clone()),
                    );
                    valid.insert("season_window".into(), toml::Value::Table(inner));
                }
                None => {
                    valid.insert(
                        "days".into(),
                        toml::Value::Integer(i64::from(policy.safesport_valid_days)),
                    );
                }
            }
            table.insert("valid".into(), toml::Value::Table(valid));
            table.insert(
                "expiring_days".into(),
                toml::Value::Integer(i64::from(policy.expiring_days)),
            );
        }
        _ => {}
    }
}

fn parse_entry(table: &toml::Table, known: &dyn Fn(&str) -> bool) -> anyhow::Result<Requirement> {
    let text = |key: &str| -> anyhow::Result<Option<String>> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => bail!("`{key}` must be a string"),
        }
    };
    let number = |key: &str, default: u32| -> anyhow::Result<u32> {
        match table.get(key) {
            None => Ok(default),
            Some(toml::Value::Integer(n)) => u32::try_from(*n)
                .map_err(|_| anyhow!("`{key}` must be a whole number of days from 0")),
            Some(_) => bail!("`{key}` must be a whole number of days"),
        }
    };
    let id = text("id")?.unwrap_or_default();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        bail!("`id` {id:?} must be lowercase letters, digits and `_`");
    }
    let check = match text("check")?.as_deref() {
        None | Some("certificates") => Check::Certificates,
        Some("roster") => Check::Roster,
        Some("background_check") => Check::BackgroundCheck,
        Some(other) => {
            bail!("`check` {other:?} is not one of \"certificates\", \"roster\", \"background_check\"")
        }
    };
    let title = text("title")?.unwrap_or_else(|| id.replace('_', " "));
    let short = text("short")?.unwrap_or_else(|| title.clone());
    let course = |value: &toml::Value, key: &str| -> anyhow::Result<Course> {
        let id = value
            .as_str()
            .ok_or_else(|| anyhow!("`{key}` must list course ids as strings"))?;
        match Course::from_id(id) {
            Some(course) if known(id) => Ok(course),
            _ => bail!(
                "`{key}`: unknown course id {id:?}; a template must declare it (built-in ids: {})",
                Course::ALL
                    .iter()
                    .map(|c| c.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    };
    let course_list = |value: &toml::Value, key: &str| -> anyhow::Result<Vec<Course>> {
        match value {
            toml::Value::Array(items) => items.iter().map(|item| course(item, key)).collect(),
            _ => bail!("`{key}` must be a list of course ids"),
        }
    };
    let satisfied_by = match table.get("satisfied_by") {
        None if check == Check::Certificates => {
            bail!("`satisfied_by` is missing: list the course ids that satisfy it")
        }
        None => SatisfiedBy::Courses(Vec::new()),
        Some(value @ toml::Value::Array(_)) => {
            SatisfiedBy::Courses(course_list(value, "satisfied_by")?)
        }
        Some(toml::Value::Table(by_format)) => {
            let mut formats = Vec::new();
            let mut any = Vec::new();
            for (key, value) in by_format {
                if key == "any" {
                    any = course_list(value, "satisfied_by.any")?;
                    continue;
                }
                let format = parse_format(key).ok_or_else(|| {
                    anyhow!("`satisfied_by`: {key:?} is not a format; allowed: 4v4, 7v7, 9v9, 11v11, any")
                })?;
                formats.push((format, course_list(value, "satisfied_by")?));
            }
            formats.sort_by_key(|(format, _)| *format);
            SatisfiedBy::PerFormat {
                by_format: formats,
                any,
            }
        }
        Some(_) => bail!("`satisfied_by` must be a list of course ids or a table per format"),
    };
    let not_accepted = match table.get("not_accepted") {
        None => Vec::new(),
        Some(toml::Value::Table(items)) => items
            .iter()
            .map(|(id, why)| {
                let course = course(&toml::Value::String(id.clone()), "not_accepted")?;
                let why = why
                    .as_str()
                    .ok_or_else(|| anyhow!("`not_accepted.{id}` must say why, as a string"))?;
                Ok((course, why.to_string()))
            })
            .collect::<anyhow::Result<_>>()?,
        Some(_) => {
            bail!("`not_accepted` must be a table: {{ course_id = \"why it does not count\" }}")
        }
    };
    let valid = match table.get("valid") {
        None => Validity::Forever,
        Some(value) => parse_validity(value)?,
    };
    let effective_from = match table.get("effective_from") {
        None => None,
        Some(toml::Value::Datetime(datetime)) => match (datetime.date, datetime.time) {
            (Some(date), None) => Some(
                NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .ok_or_else(|| anyhow!("`effective_from` is not a real date"))?,
            ),
            _ => bail!("`effective_from` must be a date such as 2027-01-01 (no time)"),
        },
        Some(toml::Value::String(s)) => Some(
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| anyhow!("`effective_from` {s:?} is not a date such as 2027-01-01"))?,
        ),
        Some(_) => bail!("`effective_from` must be a date such as 2027-01-01"),
    };
    let applies_to = match table.get("applies_to") {
        None => AppliesTo::default(),
        Some(value @ toml::Value::Array(_)) => AppliesTo {
            roles: parse_roles(value)?,
            ..AppliesTo::default()
        },
        Some(toml::Value::Table(inner)) => {
            let mut applies = AppliesTo::default();
            for (key, value) in inner {
                match key.as_str() {
                    "roles" => applies.roles = parse_roles(value)?,
                    "divisions" => {
                        applies.divisions = value
                            .as_array()
                            .ok_or_else(|| anyhow!("`applies_to.divisions` must be a list such as [\"U10\", \"U12\"]"))?
                            .iter()
                            .map(|item| {
                                let text = item.as_str().map(str::to_string).unwrap_or_else(|| item.to_string());
                                parse_division(&text).ok_or_else(|| {
                                    anyhow!("`applies_to.divisions`: {text:?} is not a division such as \"U10\"")
                                })
                            })
                            .collect::<anyhow::Result<_>>()?;
                    }
                    "formats" => {
                        applies.formats = value
                            .as_array()
                            .ok_or_else(|| anyhow!("`applies_to.formats` must be a list such as [\"7v7\"]"))?
                            .iter()
                            .map(|item| {
                                item.as_str().and_then(parse_format).ok_or_else(|| {
                                    anyhow!("`applies_to.formats`: {item} is not one of 4v4, 7v7, 9v9, 11v11")
                                })
                            })
                            .collect::<anyhow::Result<_>>()?;
                    }
                    other => bail!(
                        "`applies_to`: unknown key `{other}`; allowed: roles, divisions, formats"
                    ),
                }
            }
            applies
        }
        Some(_) => {
            bail!("`applies_to` must be a list of roles or a table {{ roles, divisions, formats }}")
        }
    };
    let action = text("action")?.unwrap_or_else(|| {
        format!("Complete {title} and send the certificate to the coach coordinator.")
    });
    let accept_registration_records = match table.get("accept_registration_records") {
        None => false,
        Some(toml::Value::Boolean(flag)) => *flag,
        Some(_) => bail!("`accept_registration_records` must be true or false"),
    };
    Ok(Requirement {
        action_expired: text("action_expired")?.unwrap_or_else(|| action.clone()),
        action_wrong_level: text("action_wrong_level")?.unwrap_or_else(|| action.clone()),
        action_unknown_division: text("action_unknown_division")?.unwrap_or_else(|| action.clone()),
        link: text("link")?,
        notice_days: number("notice_days", 60)?,
        expiring_days: number("expiring_days", 0)?,
        accept_registration_records,
        id,
        title,
        short,
        check,
        applies_to,
        satisfied_by,
        not_accepted,
        valid,
        effective_from,
        action,
    })
}

fn parse_validity(value: &toml::Value) -> anyhow::Result<Validity> {
    const ALLOWED: &str = "\"forever\", \"season\", { days = N }, { season_window = { from = \"MM-DD\", through = \"MM-DD\" } } or { printed_or_days = N }";
    let days = |value: &toml::Value, key: &str| -> anyhow::Result<u32> {
        value
            .as_integer()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| anyhow!("`valid.{key}` must be a whole number of days above 0"))
    };
    match value {
        toml::Value::String(s) if s == "forever" => Ok(Validity::Forever),
        toml::Value::String(s) if s == "season" => Ok(Validity::Season),
        toml::Value::Table(table) if table.len() == 1 => {
            let (key, inner) = table.iter().next().ok_or_else(|| anyhow!("empty"))?;
            match key.as_str() {
                "days" => Ok(Validity::Days(days(inner, key)?)),
                "printed_or_days" => Ok(Validity::PrintedOrDays(days(inner, key)?)),
                "season_window" => {
                    let day = |name: &str| -> anyhow::Result<(u32, u32)> {
                        inner
                            .get(name)
                            .and_then(|v| v.as_str())
                            .and_then(parse_month_day)
                            .ok_or_else(|| {
                                anyhow!("`valid.season_window.{name}` must be a month-day such as \"06-01\"")
                            })
                    };
                    Ok(Validity::SeasonWindow {
                        from: day("from")?,
                        through: day("through")?,
                    })
                }
                _ => bail!("`valid`: unknown kind `{key}`; allowed: {ALLOWED}"),
            }
        }
        _ => bail!("`valid` must be {ALLOWED}"),
    }
}

fn parse_roles(value: &toml::Value) -> anyhow::Result<Vec<Role>> {
    value
        .as_array()
        .ok_or_else(|| anyhow!("`applies_to` roles must be a list"))?
        .iter()
        .map(|item| match item.as_str() {
            Some("head_coach") => Ok(Role::HeadCoach),
            Some("assistant_coach") => Ok(Role::AssistantCoach),
            Some("team_manager") => Ok(Role::TeamManager),
            Some("other") => Ok(Role::Other),
            _ => bail!(
                "`applies_to`: {item} is not a role; allowed: head_coach, assistant_coach, team_manager, other"
            ),
        })
        .collect()
}

/// "7v7" → the format.
pub fn parse_format(text: &str) -> Option<Format> {
    match text.trim() {
        "4v4" => Some(Format::FourVFour),
        "7v7" => Some(Format::SevenVSeven),
        "9v9" => Some(Format::NineVNine),
        "11v11" => Some(Format::ElevenVEleven),
        _ => None,
    }
}

/// "U10", "10U" or "10" → 10.
fn parse_division(text: &str) -> Option<u8> {
    let trimmed = text.trim().trim_matches(|c| c == 'U' || c == 'u');
    trimmed.parse::<u8>().ok().filter(|age| *age > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_known(_: &str) -> bool {
        true
    }

    fn entries(text: &str) -> Vec<toml::Table> {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(default)]
            requirement: Vec<toml::Table>,
        }
        toml::from_str::<File>(text).unwrap().requirement
    }

    fn resolve_text(text: &str) -> anyhow::Result<Vec<Requirement>> {
        resolve(&Policy::default(), &entries(text), &all_known)
    }

    #[test]
    fn the_built_in_list_is_the_spec_set_plus_cpr_aed() {
        let list = resolve_text("").unwrap();
        let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "account",
                "intro_module",
                "division_course",
                "concussion",
                "safesport",
                "background_check",
                "cpr_aed"
            ]
        );
        let cpr = list.iter().find(|r| r.id == "cpr_aed").unwrap();
        assert_eq!(cpr.effective_from, NaiveDate::from_ymd_opt(2027, 1, 1));
        assert_eq!(cpr.valid, Validity::PrintedOrDays(730));
        assert_eq!(cpr.not_accepted.len(), 2);
    }

    #[test]
    fn entries_merge_by_id_drop_and_add() {
        let list = resolve_text(
            r#"
[[requirement]]
id = "cpr_aed"
effective_from = 2027-07-01

[[requirement]]
id = "concussion"
enabled = false

[[requirement]]
id = "sca"
title = "Sudden Cardiac Arrest"
satisfied_by = ["safe_healthy_environments"]
valid = { days = 365 }
"#,
        )
        .unwrap();
        let cpr = list.iter().find(|r| r.id == "cpr_aed").unwrap();
        assert_eq!(cpr.effective_from, NaiveDate::from_ymd_opt(2027, 7, 1));
        assert_eq!(
            cpr.title, "CPR/AED",
            "keys not given keep the built-in value"
        );
        assert!(list.iter().all(|r| r.id != "concussion"));
        assert_eq!(list.last().unwrap().id, "sca");
        assert_eq!(list.last().unwrap().valid, Validity::Days(365));
    }

    #[test]
    fn mistakes_name_the_entry_and_what_is_allowed() {
        let cases = [
            ("[[requirement]]\ntitle = \"x\"\n", "`id` is missing"),
            (
                "[[requirement]]\nid = \"x\"\nsatisfied = [\"cpr_aed\"]\n",
                "unknown key `satisfied`; allowed: id, title",
            ),
            (
                "[[requirement]]\nid = \"x\"\nsatisfied_by = [\"cpr_aeds\"]\n",
                "unknown course id \"cpr_aeds\"",
            ),
            (
                "[[requirement]]\nid = \"x\"\nsatisfied_by = [\"bls\"]\neffective_from = \"2027-02-30\"\n",
                "not a date",
            ),
            (
                "[[requirement]]\nid = \"x\"\nsatisfied_by = [\"bls\"]\nvalid = { weeks = 3 }\n",
                "unknown kind `weeks`",
            ),
            (
                "[[requirement]]\nid = \"x\"\nsatisfied_by = [\"bls\"]\napplies_to = [\"coach\"]\n",
                "not a role",
            ),
            (
                "[[requirement]]\nid = \"x\"\nsatisfied_by = { \"5v5\" = [\"bls\"] }\n",
                "not a format",
            ),
        ];
        for (text, want) in cases {
            let error = format!("{:#}", resolve_text(text).unwrap_err());
            assert!(error.contains(want), "{text}\n→ {error}");
            assert!(error.contains("[[requirement]]"), "{error}");
        }
        let unknown = resolve(
            &Policy::default(),
            &entries("[[requirement]]\nid = \"x\"\nsatisfied_by = [\"sca_course\"]\n"),
            &|id| Course::from_id(id).is_some(),
        );
        assert!(unknown.is_err());
    }

    #[test]
    fn policy_switches_shape_the_built_in_entries() {
        let policy = Policy {
            concussion: ConcussionRule::Separate,
            safesport_valid_days: 400,
            legacy_licenses_count: true,
            ..Policy::default()
        };
        let list = resolve(&policy, &[], &all_known).unwrap();
        let get = |id: &str| list.iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            get("concussion").satisfied_by,
            SatisfiedBy::Courses(vec![Course::Concussion, Course::SafeHealthyEnvironments])
        );
        assert_eq!(get("safesport").valid, Validity::Days(400));
        assert!(get("division_course")
            .satisfied_by
            .all_courses()
            .contains(&Course::LicenseE));
    }
}
