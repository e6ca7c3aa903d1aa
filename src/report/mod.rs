//! report: the report model (SPEC §8, a contract) and its renderers — `json`, `csv`,
//! `html`, `markdown` — all rendering the same [`Report`], plus the atomic writer of the
//! report folder. Renderers are pure; only [`write`] touches the disk.
//!
//! ## Wire format of `report.json` (`coachcheck.report/1`)
//!
//! - `schema`: always `"coachcheck.report/1"`.
//! - `generated_at`: local time of the run, RFC 3339.
//! - `as_of`: the date every rule was judged at (`YYYY-MM-DD`).
//! - `summary`: `coaches`, `compliant`, `action_needed`, `needs_review`,
//!   `findings_by_code` (code → count).
//! - `coaches[]`: `id`, `name`, `email`, `teams[]` (`team`, `division`, `format`, `role`),
//!   `status` (`compliant` | `action_needed` | `needs_review`), `requirements` (`account`,
//!   `intro_module`, `division_course`, `concussion`, `safesport`, `background_check`, each
//!   `{status, evidence: [file], detail}`).
//! - `findings[]`: `code`, `severity`, `coach_id`, `file`, `line`, `message`, `action`,
//!   `decision` (review findings: the line to paste into `decisions.csv`).
//! - `certificates[]`: `file`, `sha256`, `status`, `kind`, `course`, `course_title`,
//!   `holder`, `completed_on`, `expires_on`, `email`, `certificate_id`, `coach_id`,
//!   `match` (`status`, `score`, `reason`).
//! - `changes[]`: `kind`, `coach_id`, `code`, `file`, `message`.
//! - Additions: `season`, `inbox` (file counts), `decisions[]`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::certificates::{CertificateKind, Course, ExtractionStatus};
use crate::findings::{Code, Finding};
use crate::matching::MatchStatus;

/// The schema id written into every `report.json`.
pub const SCHEMA: &str = "coachcheck.report/1";

/// A whole reconciliation report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// When the run happened (RFC 3339, local time).
    pub generated_at: String,
    /// The date rules were judged at.
    pub as_of: NaiveDate,
    /// The seasonal year, e.g. "2026-27".
    pub season: String,
    /// Headline numbers.
    pub summary: Summary,
    /// One entry per coach.
    pub coaches: Vec<CoachReport>,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// One entry per certificate file.
    pub certificates: Vec<CertificateReport>,
    /// What changed since the previous run.
    pub changes: Vec<Change>,
    /// What the inbox held.
    pub inbox: InboxSummary,
    /// The coordinator's decisions that were applied.
    pub decisions: Vec<DecisionReport>,
}

/// Headline numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Coaches on the roster.
    pub coaches: usize,
    /// Coaches with nothing to do.
    pub compliant: usize,
    /// Coaches with at least one `action` finding.
    pub action_needed: usize,
    /// Coaches with `review` findings only.
    pub needs_review: usize,
    /// Finding count by code.
    pub findings_by_code: BTreeMap<Code, usize>,
}

/// What the inbox held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxSummary {
    /// Roster and background-check CSV files read.
    pub rosters: Vec<String>,
    /// Certificate PDFs found.
    pub certificates: usize,
    /// Files ignored (not PDF or CSV).
    pub ignored: usize,
}

/// A coach's overall state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoachStatus {
    /// Nothing to do.
    Compliant,
    /// At least one `action` finding.
    ActionNeeded,
    /// Review findings only.
    NeedsReview,
}

impl CoachStatus {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CoachStatus::Compliant => "compliant",
            CoachStatus::ActionNeeded => "action_needed",
            CoachStatus::NeedsReview => "needs_review",
        }
    }
}

/// One coach in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoachReport {
    /// Coach id.
    pub id: String,
    /// Name as on the roster.
    pub name: String,
    /// Email as on the roster.
    pub email: Option<String>,
    /// Teams.
    pub teams: Vec<TeamReport>,
    /// Overall state.
    pub status: CoachStatus,
    /// Each requirement.
    pub requirements: Requirements,
}

/// One team of a coach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamReport {
    /// Team name.
    pub team: String,
    /// Division as written.
    pub division: String,
    /// Format the division plays ("7v7"), if known.
    pub format: Option<String>,
    /// Role (`head_coach`, `assistant_coach`, `team_manager`, `other`).
    pub role: String,
}

/// A requirement's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    /// Satisfied.
    Ok,
    /// Nothing on file.
    Missing,
    /// On file but lapsed.
    Expired,
    /// A course of the wrong format.
    WrongLevel,
    /// Waiting on someone else.
    Pending,
    /// Refused.
    Denied,
    /// Not required for this coach's role.
    NotRequired,
}

impl RequirementStatus {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Ok => "ok",
            RequirementStatus::Missing => "missing",
            RequirementStatus::Expired => "expired",
            RequirementStatus::WrongLevel => "wrong_level",
            RequirementStatus::Pending => "pending",
            RequirementStatus::Denied => "denied",
            RequirementStatus::NotRequired => "not_required",
        }
    }
}

/// One requirement's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementResult {
    /// State.
    pub status: RequirementStatus,
    /// Files that support it.
    pub evidence: Vec<String>,
    /// A short explanation.
    pub detail: String,
}

/// Every requirement of one coach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    /// On a roster.
    pub account: RequirementResult,
    /// Introduction to Grassroots Coaching.
    pub intro_module: RequirementResult,
    /// The grassroots course(s) of the coach's division format(s).
    pub division_course: RequirementResult,
    /// Concussion training.
    pub concussion: RequirementResult,
    /// Current SafeSport training.
    pub safesport: RequirementResult,
    /// Background check.
    pub background_check: RequirementResult,
}

impl Requirements {
    /// The requirements with their contract names, in report order.
    pub fn named(&self) -> [(&'static str, &RequirementResult); 6] {
        [
            ("account", &self.account),
            ("intro_module", &self.intro_module),
            ("division_course", &self.division_course),
            ("concussion", &self.concussion),
            ("safesport", &self.safesport),
            ("background_check", &self.background_check),
        ]
    }
}

/// How a certificate was linked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchReport {
    /// Matched, ambiguous or unmatched.
    pub status: MatchStatus,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Reason in words.
    pub reason: String,
}

/// One certificate file in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateReport {
    /// File, relative to the inbox.
    pub file: String,
    /// Content hash.
    pub sha256: String,
    /// Extraction outcome.
    pub status: ExtractionStatus,
    /// Issuer kind.
    pub kind: Option<CertificateKind>,
    /// Canonical course.
    pub course: Option<Course>,
    /// Course title as printed.
    pub course_title: Option<String>,
    /// Holder as printed.
    pub holder: Option<String>,
    /// Completion date.
    pub completed_on: Option<NaiveDate>,
    /// Expiry (printed, or computed by policy).
    pub expires_on: Option<NaiveDate>,
    /// Email as printed.
    pub email: Option<String>,
    /// Certificate id as printed.
    pub certificate_id: Option<String>,
    /// The coach it counts for.
    pub coach_id: Option<String>,
    /// How it was linked.
    #[serde(rename = "match")]
    pub match_: MatchReport,
}

/// What kind of change since the previous run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A coach became compliant.
    CoachCompliant,
    /// A coach who was compliant no longer is.
    CoachNoLongerCompliant,
    /// A coach new to the roster.
    CoachAdded,
    /// A coach no longer on the roster.
    CoachRemoved,
    /// A finding that was not there before.
    NewFinding,
    /// A finding that is gone.
    FindingResolved,
    /// A certificate file not seen before.
    NewCertificate,
}

/// One change since the previous run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The coach, if any.
    pub coach_id: Option<String>,
    /// The finding code, for finding changes.
    pub code: Option<Code>,
    /// The file, if any.
    pub file: Option<String>,
    /// In words.
    pub message: String,
}

/// A decision from `decisions.csv` and what it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionReport {
    /// File name or sha256 prefix as written.
    pub file: String,
    /// Coach id as written.
    pub coach_id: String,
    /// The decision.
    pub decision: String,
    /// The coordinator's note.
    pub note: String,
    /// Whether it applied this run.
    pub applied: bool,
}
