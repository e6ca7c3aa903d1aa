//! policy: the league's rules as data (`[policy]` in the config, every value defaulted to
//! SPEC §6), and the per-requirement evaluators in `rules/`. Pure: no I/O.

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

/// The league's rules (`[policy]`); every value has the SPEC §6 default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
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
        Policy {
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
