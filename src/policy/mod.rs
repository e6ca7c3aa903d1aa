//! policy: the league's rules as data — the `[policy]` switches (every value defaulted to
//! SPEC §6) and the requirement list (`[[requirement]]`, built-in defaults in
//! `requirements.toml`) — and the engine that judges one coach against them
//! ([`evaluate`]), with the two checks that are not about courses in `rules/`. Pure: no
//! I/O; it knows no output format.

use serde::{Deserialize, Serialize};

use crate::roster::Role;

/// A grassroots game format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Format {
    /// 4v4 (U5–U8 by default).
    #[serde(rename = "4v4")]
    FourVFour,
    /// 7v7 (U9–U10).
    #[serde(rename = "7v7")]
    SevenVSeven,
    /// 9v9 (U11–U12).
    #[serde(rename = "9v9")]
    NineVNine,
    /// 11v11 (U13 and older).
    #[serde(rename = "11v11")]
    ElevenVEleven,
}

impl Format {
    /// "4v4", "7v7", "9v9" or "11v11".
    pub fn as_str(self) -> &'static str {
        match self {
            Format::FourVFour => "4v4",
            Format::SevenVSeven => "7v7",
            Format::NineVNine => "9v9",
            Format::ElevenVEleven => "11v11",
        }
    }
}

/// Which formats a division of a given age plays: `{ format, from, to }` ages inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatBand {
    /// The format.
    pub format: Format,
    /// Youngest age group (e.g. 9 for U9).
    pub from: u8,
    /// Oldest age group.
    pub to: u8,
}

/// How concussion training is satisfied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcussionRule {
    /// Any grassroots course or license counts (the concussion module is part of it), as do
    /// concussion and Safe and Healthy Playing Environments certificates.
    Grassroots,
    /// Only a concussion or Safe and Healthy Playing Environments certificate counts.
    Separate,
}

/// A season window for SafeSport: completed on or after `from` (month-day), valid through
/// `through` (month-day) of the following year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeasonWindow {
    /// "MM-DD" from which a completion counts for the next season (e.g. "06-01").
    pub from: String,
    /// "MM-DD" through which it stays valid in the following year (e.g. "07-31").
    pub through: String,
}

/// The league's rules (`[policy]`, plus the resolved `[[requirement]]` list); every value
/// has the SPEC §6 default. The requirement list is resolved after deserialising
/// ([`Policy::with_requirements`]), so reading `[policy]` does not build it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default = "Policy::switches_default", deny_unknown_fields)]
pub struct Policy {
    /// The requirements, in report order: the built-in list shaped by the switches below
    /// and merged with the league's `[[requirement]]` entries ([`Policy::with_requirements`]).
    #[serde(skip)]
    pub requirements: Vec<Requirement>,
    /// First day of the seasonal year, "MM-DD" (default "08-01").
    pub season_start: String,
    /// Roles that must complete everything.
    pub coaching_roles: Vec<Role>,
    /// Roles that need only SafeSport and a background check.
    pub safety_only_roles: Vec<Role>,
    /// Division age bands → formats.
    pub formats: Vec<FormatBand>,
    /// Whether legacy E/F licenses satisfy a division course (default false).
    pub legacy_licenses_count: bool,
    /// Whether legacy E/F licenses satisfy the intro module (default false).
    pub legacy_licenses_count_for_intro: bool,
    /// How concussion training is satisfied.
    pub concussion: ConcussionRule,
    /// Days a separate concussion certificate stays valid (0: no expiry).
    pub concussion_valid_days: u32,
    /// Days SafeSport stays valid after completion (default 365).
    pub safesport_valid_days: u32,
    /// Optional season window that replaces `safesport_valid_days`.
    pub safesport_season_window: Option<SeasonWindow>,
    /// Days before expiry at which `safesport_expiring` is reported (default 30).
    pub expiring_days: u32,
    /// Days a background check stays valid after its date (0: only printed expiries count).
    pub background_check_valid_days: u32,
    /// Extra cleared words for background-check status.
    pub background_cleared: Vec<String>,
    /// Extra pending words.
    pub background_pending: Vec<String>,
    /// Extra denied words.
    pub background_denied: Vec<String>,
    /// Extra expired words.
    pub background_expired: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        let switches = Policy {
            requirements: Vec::new(),
            ..Policy::switches_default()
        };
        switches.resolved()
    }
}

impl Policy {
    /// The `[policy]` switches at their defaults, with no requirement list yet.
    fn switches_default() -> Self {
        Policy {
            requirements: Vec::new(),
            season_start: String::from("08-01"),
            coaching_roles: vec![Role::HeadCoach, Role::AssistantCoach],
            safety_only_roles: vec![Role::TeamManager],
            formats: vec![
                FormatBand {
                    format: Format::FourVFour,
                    from: 1,
                    to: 8,
                },
                FormatBand {
                    format: Format::SevenVSeven,
                    from: 9,
                    to: 10,
                },
                FormatBand {
                    format: Format::NineVNine,
                    from: 11,
                    to: 12,
                },
                FormatBand {
                    format: Format::ElevenVEleven,
                    from: 13,
                    to: 99,
                },
            ],
            legacy_licenses_count: false,
            legacy_licenses_count_for_intro: false,
            concussion: ConcussionRule::Grassroots,
            concussion_valid_days: 0,
            safesport_valid_days: 365,
            safesport_season_window: None,
            expiring_days: 30,
            background_check_valid_days: 0,
            background_cleared: Vec::new(),
            background_pending: Vec::new(),
            background_denied: Vec::new(),
            background_expired: Vec::new(),
        }
    }

    /// This policy with the built-in requirement list shaped by its switches (for tests
    /// and callers without a config file). Every course id of the built-in list is known.
    pub fn resolved(self) -> Self {
        self.with_requirements(&[], &|_| true)
            .expect("the built-in requirement list is valid")
    }

    /// This policy with its requirement list: the built-in entries shaped by the
    /// switches, merged with the league's `[[requirement]]` `entries`. `known` says
    /// whether a course id is declared by a loaded template. Errors name the entry.
    pub fn with_requirements(
        mut self,
        entries: &[toml::Table],
        known: &dyn Fn(&str) -> bool,
    ) -> anyhow::Result<Self> {
        self.requirements = requirement::resolve(&self, entries, known)?;
        Ok(self)
    }
}

impl Policy {
    /// The format a division of age group `age` plays, if any band covers it.
    pub fn format_for(&self, age: u8) -> Option<Format> {
        self.formats
            .iter()
            .find(|band| band.from <= age && age <= band.to)
            .map(|band| band.format)
    }
}

pub mod evaluate;
pub mod requirement;
pub mod rules;

pub use requirement::Requirement;

use chrono::{Datelike, NaiveDate};

use crate::certificates::Course;
use crate::findings::Finding;
use crate::roster::{BackgroundCheck, Coach};
use crate::verdict::{RequirementResult, RequirementStatus, Requirements};

/// Where a piece of evidence comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EvidenceSource {
    /// A certificate file (PDF, image, mail attachment).
    #[default]
    Certificate,
    /// A training record in a registration export (roster CSV or workbook row): it counts
    /// only for requirements with `accept_registration_records`.
    RegistrationRecord,
}

/// A certificate or registration record that may count for a coach, as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// File, relative to the inbox (for a registration record: `FILE#SHEET row N`).
    pub file: String,
    /// A certificate or a registration record.
    pub source: EvidenceSource,
    /// Canonical course.
    pub course: Course,
    /// Completion date, if read.
    pub completed_on: Option<NaiveDate>,
    /// Printed expiry, if any.
    pub expires_on: Option<NaiveDate>,
}

/// One team of a coach, as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamNeed {
    /// "U10 Coyotes".
    pub team: String,
    /// Division as written ("U10").
    pub division: String,
    /// Age group, if known.
    pub age_group: Option<u8>,
    /// The format the team plays, if known.
    pub format: Option<Format>,
    /// The coach's role on this team.
    pub role: Role,
}

/// Everything a rule needs about one coach.
#[derive(Clone, Debug)]
pub struct CoachFacts<'a> {
    /// Coach id.
    pub id: &'a str,
    /// First name, for friendly actions.
    pub first_name: &'a str,
    /// Every team of the coach, with the role on it.
    pub teams: Vec<TeamNeed>,
    /// Background check.
    pub background: &'a BackgroundCheck,
    /// Where the coach's background check status came from.
    pub roster_file: Option<&'a str>,
}

/// The outcome of one requirement for one coach.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The requirement's result.
    pub result: RequirementResult,
    /// Findings it raises.
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// A satisfied requirement.
    pub fn ok(evidence: Vec<String>, detail: impl Into<String>) -> Self {
        Outcome::with(RequirementStatus::Ok, evidence, detail)
    }

    /// A requirement that does not apply.
    pub fn not_required(detail: impl Into<String>) -> Self {
        Outcome::with(RequirementStatus::NotRequired, Vec::new(), detail)
    }

    /// Any status, no findings yet.
    pub fn with(
        status: RequirementStatus,
        evidence: Vec<String>,
        detail: impl Into<String>,
    ) -> Self {
        Outcome {
            result: RequirementResult {
                title: String::new(),
                status,
                evidence,
                detail: detail.into(),
            },
            findings: Vec::new(),
        }
    }

    /// Adds a finding.
    pub fn finding(mut self, finding: Finding) -> Self {
        self.findings.push(finding);
        self
    }
}

impl Policy {
    /// The facts the rules need about `coach`.
    pub fn facts<'a>(&self, coach: &'a Coach) -> CoachFacts<'a> {
        let teams = coach
            .teams
            .iter()
            .map(|team| TeamNeed {
                team: team.team.clone(),
                division: team.division.clone(),
                age_group: team.age_group,
                format: team.age_group.and_then(|age| self.format_for(age)),
                role: team.role,
            })
            .collect();
        CoachFacts {
            id: &coach.id,
            first_name: &coach.first_name,
            teams,
            background: &coach.background,
            roster_file: coach
                .background
                .source
                .as_ref()
                .map(|source| source.file.as_str())
                .or_else(|| coach.teams.first().map(|team| team.source.file.as_str())),
        }
    }

    /// The first day of the seasonal year that contains `as_of`.
    pub fn season_start_for(&self, as_of: NaiveDate) -> NaiveDate {
        let (month, day) = parse_month_day(&self.season_start).unwrap_or((8, 1));
        let this_year = NaiveDate::from_ymd_opt(as_of.year(), month, day)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(as_of.year(), 8, 1).unwrap_or(as_of));
        if as_of >= this_year {
            this_year
        } else {
            this_year.with_year(as_of.year() - 1).unwrap_or(this_year)
        }
    }

    /// The season label ("2026-27") and the year it ends.
    pub fn season(&self, as_of: NaiveDate) -> (String, i32) {
        let start = self.season_start_for(as_of);
        let end_year = if start.month() == 1 && start.day() == 1 {
            start.year()
        } else {
            start.year() + 1
        };
        if end_year == start.year() {
            (start.year().to_string(), end_year)
        } else {
            (format!("{}-{:02}", start.year(), end_year % 100), end_year)
        }
    }

    /// Evaluates every requirement for one coach, in the list's order.
    pub fn evaluate(
        &self,
        coach: &CoachFacts<'_>,
        evidence: &[Evidence],
        as_of: NaiveDate,
    ) -> (Requirements, Vec<Finding>) {
        let mut findings = Vec::new();
        let mut results = Vec::with_capacity(self.requirements.len());
        for requirement in &self.requirements {
            let outcome = evaluate::evaluate(self, requirement, coach, evidence, as_of);
            findings.extend(outcome.findings);
            results.push((requirement.id.clone(), outcome.result));
        }
        (Requirements::new(results), findings)
    }

    /// The requirement with this id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements
            .iter()
            .find(|requirement| requirement.id == id)
    }
}

/// Parses "MM-DD".
pub fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.trim().split_once('-')?;
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

/// Formats a date for people: "Oct 3, 2026".
pub fn human_date(date: NaiveDate) -> String {
    date.format("%b %-d, %Y").to_string()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod validity_tests;
