//! verdict: the reconciliation's result as data (SPEC §8, a contract): the report, each
//! coach with a result per requirement, the findings, the certificates and the changes.
//! Policy produces requirement results, reconcile assembles the [`Report`], and `report`
//! only renders it; nothing here knows an output format beyond serde's field names.

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
    /// The league's requirements, in order.
    #[serde(default)]
    pub requirements: Vec<RequirementInfo>,
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
    /// Requirements not in force yet that some coaches do not meet yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upcoming: Vec<UpcomingSummary>,
}

/// A requirement coming into force, and how many coaches still need it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingSummary {
    /// Requirement id.
    pub requirement: String,
    /// Its title.
    pub title: String,
    /// The date it takes effect.
    pub effective_from: Option<NaiveDate>,
    /// Coaches who do not meet it yet.
    pub coaches: usize,
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
    /// Not in force yet (before its `effective_from`) and not yet satisfied: the coach
    /// stays cleared today.
    Upcoming,
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
            RequirementStatus::Upcoming => "upcoming",
        }
    }
}

/// One requirement's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementResult {
    /// The requirement's title, as the report shows it.
    #[serde(default)]
    pub title: String,
    /// State.
    pub status: RequirementStatus,
    /// Files that support it.
    pub evidence: Vec<String>,
    /// A short explanation.
    pub detail: String,
}

/// Every requirement of one coach, in the league's order: serialised as a JSON object
/// `{id: result, ...}` (`account`, `intro_module`, …, `cpr_aed`, then the league's own).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirements(Vec<(String, RequirementResult)>);

impl Requirements {
    /// Requirements from (id, result) pairs, in order.
    pub fn new(results: Vec<(String, RequirementResult)>) -> Self {
        Requirements(results)
    }

    /// The requirements with their ids, in report order.
    pub fn named(&self) -> impl Iterator<Item = (&str, &RequirementResult)> {
        self.0.iter().map(|(id, result)| (id.as_str(), result))
    }

    /// The result of one requirement.
    pub fn get(&self, id: &str) -> Option<&RequirementResult> {
        self.0
            .iter()
            .find(|(name, _)| name == id)
            .map(|(_, result)| result)
    }

    /// The result of one requirement, to change it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut RequirementResult> {
        self.0
            .iter_mut()
            .find(|(name, _)| name == id)
            .map(|(_, result)| result)
    }

    /// How many requirements.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Requirements {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, result) in &self.0 {
            map.serialize_entry(id, result)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Requirements {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> serde::de::Visitor<'de> for Ordered {
            type Value = Requirements;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of requirement id to result")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Requirements, A::Error> {
                let mut results = Vec::new();
                while let Some((id, result)) = access.next_entry::<String, RequirementResult>()? {
                    results.push((id, result));
                }
                Ok(Requirements(results))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// One requirement of the league as the report lists it (`report.json`'s `requirements`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementInfo {
    /// Id: the key in each coach's `requirements` and a column of coaches.csv.
    pub id: String,
    /// As the report shows it.
    pub title: String,
    /// Badge text where space is short.
    pub short: String,
    /// The date from which it is required, if it has one.
    pub effective_from: Option<NaiveDate>,
    /// Roles it applies to (empty: every role).
    pub roles: Vec<String>,
    /// Course ids that satisfy it.
    pub satisfied_by: Vec<Course>,
    /// Where to do it, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
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
    /// Where it came from, when not a file dropped in the inbox (e.g. a mail attachment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::report::CertificateSource>,
    /// True when the certificate was read by OCR (an image or a scanned PDF page).
    #[serde(default)]
    pub ocr: bool,
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
