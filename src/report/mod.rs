//! report: the report model (SPEC §8, a contract) and its renderers — `json`, `csv`,
//! `html`, `markdown` — all rendering the same [`Report`], plus the atomic writer of the
//! report folder. Renderers are pure; only [`write()`] touches the disk.
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
//!   `match` (`status`, `score`, `reason`), and for a mail attachment `source`
//!   (`{"type": "mail", "message", "sender", "date", "subject"}`; absent for a file).
//! - `changes[]`: `kind`, `coach_id`, `code`, `file`, `message`.
//! - Additions: `season`, `inbox` (file counts), `decisions[]`.
//!
//! ## Files of a report folder
//!
//! [`write()`] renders `report.json` ([`json`]), `coaches.csv` and `findings.csv` ([`csv`]),
//! `report.html` ([`html`]) and `summary.md` ([`markdown`]) into a new folder
//! `reports/<YYYY-MM-DDTHHMMSS>/` and swaps the `reports/latest` symlink to it.
//! [`changes::diff`] computes `changes[]` from the previous run's report.

pub mod changes;
pub mod csv;
pub mod digest;
pub mod html;
pub mod json;
pub mod markdown;
pub mod source;
pub mod write;

pub use self::source::CertificateSource;
pub use self::write::write;

pub use crate::verdict::*;

use crate::findings::{Code, Finding};

impl CoachStatus {
    /// Words for people: "compliant", "action needed", "to review".
    pub fn label(self) -> &'static str {
        match self {
            CoachStatus::Compliant => "compliant",
            CoachStatus::ActionNeeded => "action needed",
            CoachStatus::NeedsReview => "to review",
        }
    }
}

impl RequirementStatus {
    /// Words for people: "ok", "missing", "wrong level", "n/a", ...
    pub fn label(self) -> &'static str {
        match self {
            RequirementStatus::Ok => "ok",
            RequirementStatus::Missing => "missing",
            RequirementStatus::Expired => "expired",
            RequirementStatus::WrongLevel => "wrong level",
            RequirementStatus::Pending => "pending",
            RequirementStatus::Denied => "denied",
            RequirementStatus::NotRequired => "n/a",
            RequirementStatus::Upcoming => "upcoming",
        }
    }

    /// Whether the coach cannot coach because of this requirement.
    pub fn blocks(self) -> bool {
        matches!(
            self,
            RequirementStatus::Missing
                | RequirementStatus::Expired
                | RequirementStatus::WrongLevel
                | RequirementStatus::Denied
        )
    }
}

impl ChangeKind {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::CoachCompliant => "coach_compliant",
            ChangeKind::CoachNoLongerCompliant => "coach_no_longer_compliant",
            ChangeKind::CoachAdded => "coach_added",
            ChangeKind::CoachRemoved => "coach_removed",
            ChangeKind::NewFinding => "new_finding",
            ChangeKind::FindingResolved => "finding_resolved",
            ChangeKind::NewCertificate => "new_certificate",
        }
    }
}

impl TeamReport {
    /// The role in words: `head_coach` → "head coach".
    pub fn role_label(&self) -> String {
        self.role.replace('_', " ")
    }

    /// "U10 Coyotes (U10, 7v7, head coach)": the team as one line of text.
    pub fn describe(&self) -> String {
        let mut details = vec![self.division.as_str()];
        if let Some(format) = self.format.as_deref() {
            details.push(format);
        }
        let role = self.role_label();
        details.push(&role);
        let details: Vec<&str> = details.into_iter().filter(|d| !d.is_empty()).collect();
        if details.is_empty() {
            self.team.clone()
        } else {
            format!("{} ({})", self.team, details.join(", "))
        }
    }
}

impl CoachReport {
    /// The coach's teams as one line: "U10 Coyotes (U10, 7v7, head coach); ...".
    pub fn teams_line(&self) -> String {
        self.teams
            .iter()
            .map(TeamReport::describe)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Report {
    /// The coach with this id, if on the roster.
    pub fn coach(&self, id: &str) -> Option<&CoachReport> {
        self.coaches.iter().find(|coach| coach.id == id)
    }

    /// The findings about one coach, most urgent first (action, review, info), in report
    /// order within a severity.
    pub fn findings_for<'a>(&'a self, coach_id: &'a str) -> impl Iterator<Item = &'a Finding> {
        let mut found: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|finding| finding.coach_id.as_deref() == Some(coach_id))
            .collect();
        found.sort_by_key(|finding| finding.severity);
        found.into_iter()
    }

    /// The distinct next steps for one coach, most urgent first.
    pub fn actions_for(&self, coach_id: &str) -> Vec<String> {
        distinct_actions(self.findings_for(coach_id))
    }
}

impl CoachReport {
    /// The requirements that stop the coach from coaching, as (title, status) pairs:
    /// `[("SafeSport", Expired), ...]`.
    pub fn blocking(&self) -> Vec<(String, RequirementStatus)> {
        self.requirements
            .named()
            .filter(|(_, requirement)| requirement.status.blocks())
            .map(|(name, requirement)| (requirement_title(name, requirement), requirement.status))
            .collect()
    }

    /// The coach's state in words: "cleared", "cannot coach yet", "to review"; a cleared
    /// coach with requirements coming into force: "cleared — CPR/AED needed from Jan 1,
    /// 2027" (the dates from the report's requirement list).
    pub fn status_words(&self, requirements: &[RequirementInfo]) -> String {
        let base = match self.status {
            CoachStatus::Compliant => "cleared",
            CoachStatus::ActionNeeded => "cannot coach yet",
            CoachStatus::NeedsReview => "to review",
        };
        let upcoming: Vec<String> = self
            .requirements
            .named()
            .filter(|(_, result)| result.status == RequirementStatus::Upcoming)
            .map(|(id, result)| {
                let when = requirements
                    .iter()
                    .find(|info| info.id == id)
                    .and_then(|info| info.effective_from)
                    .map(|date| format!(" needed from {}", crate::policy::human_date(date)))
                    .unwrap_or_default();
                format!("{}{when}", requirement_title(id, result))
            })
            .collect();
        if upcoming.is_empty() {
            base.to_string()
        } else {
            format!("{base} — {}", upcoming.join("; "))
        }
    }
}

impl UpcomingSummary {
    /// "CPR/AED needed from Jan 1, 2027: 12 coaches do not have it yet."
    pub fn sentence(&self) -> String {
        let when = self
            .effective_from
            .map(|date| format!(" from {}", crate::policy::human_date(date)))
            .unwrap_or_default();
        let coaches = if self.coaches == 1 {
            "1 coach does".to_string()
        } else {
            format!("{} coaches do", self.coaches)
        };
        format!("{} needed{when}: {coaches} not have it yet.", self.title)
    }
}

impl Report {
    /// The coaches who cannot coach yet (`action_needed`), in team order: by the division
    /// and name of their first team, then by name.
    pub fn cannot_coach(&self) -> Vec<&CoachReport> {
        let mut coaches: Vec<&CoachReport> = self
            .coaches
            .iter()
            .filter(|coach| coach.status == CoachStatus::ActionNeeded)
            .collect();
        coaches.sort_by(|a, b| team_order(a, b).then_with(|| natural_cmp(&a.name, &b.name)));
        coaches
    }
}

/// Orders coaches by their first team (division, then team name); coaches without a team
/// come last.
fn team_order(a: &CoachReport, b: &CoachReport) -> std::cmp::Ordering {
    match (a.teams.first(), b.teams.first()) {
        (Some(a), Some(b)) => {
            natural_cmp(&a.division, &b.division).then_with(|| natural_cmp(&a.team, &b.team))
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Lookups by coach id over one report, built once so renderers stay linear in the size
/// of the report (a large league has thousands of coaches and findings).
pub(crate) struct Index<'a> {
    coaches: std::collections::HashMap<&'a str, &'a CoachReport>,
    findings: std::collections::HashMap<&'a str, Vec<&'a Finding>>,
}

impl<'a> Index<'a> {
    /// Indexes the coaches (first entry wins for a repeated id) and their findings.
    pub(crate) fn new(report: &'a Report) -> Index<'a> {
        let mut coaches = std::collections::HashMap::new();
        for coach in &report.coaches {
            coaches.entry(coach.id.as_str()).or_insert(coach);
        }
        let mut findings: std::collections::HashMap<&str, Vec<&Finding>> =
            std::collections::HashMap::new();
        for finding in &report.findings {
            if let Some(id) = finding.coach_id.as_deref() {
                findings.entry(id).or_default().push(finding);
            }
        }
        for list in findings.values_mut() {
            list.sort_by_key(|finding| finding.severity);
        }
        Index { coaches, findings }
    }

    /// The coach with this id.
    pub(crate) fn coach(&self, id: &str) -> Option<&'a CoachReport> {
        self.coaches.get(id).copied()
    }

    /// The coach's name, or the id itself when the coach is not on the roster.
    pub(crate) fn coach_name(&self, id: &str) -> String {
        self.coach(id)
            .map_or_else(|| id.to_string(), |coach| coach.name.clone())
    }

    /// Same as [`Report::actions_for`], from the index.
    pub(crate) fn actions(&self, coach_id: &str) -> Vec<String> {
        distinct_actions(self.findings.get(coach_id).into_iter().flatten().copied())
    }
}

/// The distinct, non-empty actions of `findings`, in order.
fn distinct_actions<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<String> {
    let mut actions: Vec<String> = Vec::new();
    for finding in findings {
        let action = finding.action.trim();
        if !action.is_empty() && !actions.iter().any(|known| known == action) {
            actions.push(action.to_string());
        }
    }
    actions
}

/// A requirement's title as the report shows it: the title policy gave the result, else
/// (a report written by an older version) its id in words.
pub fn requirement_title(id: &str, result: &RequirementResult) -> String {
    if result.title.is_empty() {
        id.replace('_', " ")
    } else {
        result.title.clone()
    }
}

/// A finding code in words, for headings: `ambiguous_match` → "Ambiguous match".
pub fn code_title(code: Code) -> &'static str {
    match code {
        Code::MissingIntroModule => "Intro module missing",
        Code::MissingCourse => "Division course missing",
        Code::WrongCourseLevel => "Course of the wrong level",
        Code::MissingConcussion => "Concussion training missing",
        Code::MissingSafesport => "SafeSport missing",
        Code::SafesportExpired => "SafeSport expired",
        Code::MissingBackgroundCheck => "Background check missing",
        Code::BackgroundCheckExpired => "Background check expired",
        Code::BackgroundCheckDenied => "Background check denied",
        Code::BackgroundCheckPending => "Background check pending",
        Code::UnacceptedCertificate => "Certificate does not count",
        Code::NameMismatch => "Name differs from roster",
        Code::EmailMismatch => "Email differs from roster",
        Code::AmbiguousMatch => "Ambiguous match",
        Code::UnmatchedCertificate => "Certificate matches nobody",
        Code::UnreadableFile => "Unreadable file",
        Code::NeedsOcr => "Scan without text (needs OCR)",
        Code::UnrecognizedCertificate => "Unrecognized certificate",
        Code::SuspiciousCertificate => "Suspicious certificate",
        Code::RosterRowInvalid => "Roster row unusable",
        Code::UnknownDivision => "Unknown division",
        Code::DuplicateRosterEntry => "Duplicate roster entry",
        Code::SafesportExpiring => "SafeSport expiring soon",
        Code::DuplicateFile => "Duplicate file",
        Code::IgnoredFile => "Ignored file",
        Code::StaleDecision => "Decision no longer applies",
        Code::MissingRequirement => "Requirement missing",
        Code::RequirementExpired => "Requirement expired",
        Code::OcrUncertain => "OCR reading uncertain",
        Code::RegistrationRecordMismatch => "Registration record disagrees",
        Code::MailboxUnreadable => "Mailbox could not be read",
        Code::RequirementExpiring => "Requirement expiring soon",
        Code::RequirementUpcoming => "Requirement coming into force",
        Code::ContentTypeMismatch => "File is not what its name says",
    }
}

/// Text made safe for one line of plain text: control characters (newlines, tabs, escape
/// sequences) and bidirectional overrides become spaces, so a hostile name cannot forge
/// extra lines or reorder what a reader sees.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Compares two labels the way people sort them: digit runs by value ("U8" < "U10").
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    /// Runs of ASCII digits and runs of anything else, as slices (no allocation: this is
    /// the comparator of every sort in a 20,000-coach report).
    fn chunks(text: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = text;
        std::iter::from_fn(move || {
            let digit = rest.as_bytes().first()?.is_ascii_digit();
            let end = rest
                .bytes()
                .position(|byte| byte.is_ascii_digit() != digit)
                .unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            rest = tail;
            Some((digit, chunk))
        })
    }
    let (mut left, mut right) = (chunks(a), chunks(b));
    loop {
        let ordering = match (left.next(), right.next()) {
            (Some((true, l)), Some((true, r))) => {
                let (l, r) = (l.trim_start_matches('0'), r.trim_start_matches('0'));
                l.len().cmp(&r.len()).then_with(|| l.cmp(r))
            }
            (Some((_, l)), Some((_, r))) => l
                .chars()
                .flat_map(char::to_lowercase)
                .cmp(r.chars().flat_map(char::to_lowercase)),
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (None, None) => return a.cmp(b),
        };
        if ordering != std::cmp::Ordering::Equal {
            return ordering;
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A small hand-built report with hostile and accented names, shared by the renderer
    //! tests.

    use std::collections::BTreeMap;

    use chrono::NaiveDate;

    use super::*;
    use crate::certificates::{CertificateKind, Course, ExtractionStatus};
    use crate::findings::{Code, Finding};
    use crate::matching::MatchStatus;

    pub(crate) const HOSTILE_HTML: &str = "<img src=x onerror=alert(1)>";
    pub(crate) const HOSTILE_FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";
    pub(crate) const HOSTILE_DDE: &str = "+cmd|' /C calc'!A0";

    fn requirement(status: RequirementStatus, detail: &str) -> RequirementResult {
        RequirementResult {
            title: String::new(),
            status,
            evidence: Vec::new(),
            detail: detail.to_string(),
        }
    }

    /// Every built-in requirement ok (CPR/AED upcoming, as before 2027), with its title.
    fn all_ok() -> Requirements {
        Requirements::new(
            crate::reconcile::requirement_list(&crate::policy::Policy::default())
                .into_iter()
                .map(|info| {
                    let mut result = if info.effective_from.is_some() {
                        requirement(RequirementStatus::Upcoming, "needed from Jan 1, 2027")
                    } else {
                        requirement(RequirementStatus::Ok, "on file")
                    };
                    result.title = info.title;
                    (info.id, result)
                })
                .collect(),
        )
    }

    /// Replaces one requirement's status and detail.
    fn set(requirements: &mut Requirements, id: &str, status: RequirementStatus, detail: &str) {
        let slot = requirements.get_mut(id).expect("a built-in requirement");
        slot.status = status;
        slot.detail = detail.to_string();
    }

    fn team(team: &str, division: &str, format: &str, role: &str) -> TeamReport {
        TeamReport {
            team: team.to_string(),
            division: division.to_string(),
            format: Some(format.to_string()),
            role: role.to_string(),
        }
    }

    /// Three coaches: one compliant (accents), one action needed (hostile HTML name), one
    /// to review (hostile formula name); a finding of each severity; two certificates.
    pub(crate) fn sample() -> Report {
        let mut blocked = all_ok();
        set(
            &mut blocked,
            "safesport",
            RequirementStatus::Expired,
            "expired on 2026-03-01",
        );
        set(
            &mut blocked,
            "concussion",
            RequirementStatus::Missing,
            "no certificate",
        );
        let mut review = all_ok();
        set(
            &mut review,
            "background_check",
            RequirementStatus::Pending,
            "pending since May",
        );
        set(
            &mut review,
            "division_course",
            RequirementStatus::NotRequired,
            "team manager",
        );

        let coaches = vec![
            CoachReport {
                id: "CS-1".into(),
                name: "José Muñoz-Ñúñez".into(),
                email: Some("jose@example.org".into()),
                teams: vec![team("U10 Coyotes", "U10", "7v7", "head_coach")],
                status: CoachStatus::Compliant,
                requirements: {
                    let mut r = all_ok();
                    if let Some(safesport) = r.get_mut("safesport") {
                        safesport.evidence = vec!["safesport-jose.pdf".into()];
                    }
                    r
                },
            },
            CoachReport {
                id: "CS-2".into(),
                name: HOSTILE_HTML.into(),
                email: Some(HOSTILE_DDE.into()),
                teams: vec![
                    team("U8 Sharks", "U8", "4v4", "assistant_coach"),
                    team("U10 Coyotes", "U10", "7v7", "assistant_coach"),
                ],
                status: CoachStatus::ActionNeeded,
                requirements: blocked,
            },
            CoachReport {
                id: "CS-3".into(),
                name: HOSTILE_FORMULA.into(),
                email: None,
                teams: vec![team("U12 Comets", "U12", "9v9", "team_manager")],
                status: CoachStatus::NeedsReview,
                requirements: review,
            },
        ];
        let findings = vec![
            Finding::new(
                Code::SafesportExpired,
                "SafeSport expired on 2026-03-01",
                "Take a SafeSport Refresher at safesport.org <script>x</script>",
            )
            .coach("CS-2"),
            Finding::new(
                Code::MissingConcussion,
                "No concussion training on file",
                "Take CDC HEADS UP",
            )
            .coach("CS-2"),
            Finding {
                decision: Some("cert-unknown.pdf,CS-3,accept_match,".into()),
                ..Finding::new(
                    Code::AmbiguousMatch,
                    "Two coaches fit \"Alex Kim\"",
                    "Pick the coach in decisions.csv",
                )
                .file("cert-unknown.pdf")
                .coach("CS-3")
            },
            Finding::new(
                Code::BackgroundCheckPending,
                "Background check pending",
                "Wait for the check",
            )
            .coach("CS-3"),
            Finding::new(
                Code::IgnoredFile,
                "notes.txt is neither a PDF nor a CSV",
                "-",
            )
            .file("notes.txt"),
            Finding::new(
                Code::RosterRowInvalid,
                "Row without a name",
                "Fix the row in the registration system",
            )
            .at("roster.csv", 7),
        ];
        let mut findings_by_code = BTreeMap::new();
        for finding in &findings {
            *findings_by_code.entry(finding.code).or_insert(0) += 1;
        }
        let certificates = vec![
            CertificateReport {
                file: "safesport-jose.pdf".into(),
                sha256: "a".repeat(64),
                status: ExtractionStatus::Ok,
                kind: Some(CertificateKind::Safesport),
                course: Some(Course::SafesportCore),
                course_title: Some("SafeSport Trained".into()),
                holder: Some("José Muñoz-Ñúñez".into()),
                completed_on: NaiveDate::from_ymd_opt(2026, 1, 10),
                expires_on: NaiveDate::from_ymd_opt(2027, 1, 10),
                email: None,
                certificate_id: Some("SS-123".into()),
                coach_id: Some("CS-1".into()),
                match_: MatchReport {
                    status: MatchStatus::Matched,
                    score: 0.97,
                    reason: "same name".into(),
                },
                source: None,
                ocr: false,
            },
            CertificateReport {
                file: "cert-unknown.pdf".into(),
                sha256: "b".repeat(64),
                status: ExtractionStatus::Ok,
                kind: Some(CertificateKind::UsSoccer),
                course: Some(Course::Grassroots9v9),
                course_title: Some("9v9 Grassroots Online".into()),
                holder: Some("Alex Kim <b>".into()),
                completed_on: NaiveDate::from_ymd_opt(2026, 2, 1),
                expires_on: None,
                email: None,
                certificate_id: None,
                coach_id: None,
                match_: MatchReport {
                    status: MatchStatus::Ambiguous,
                    score: 0.5,
                    reason: "two coaches named Alex Kim".into(),
                },
                source: Some(CertificateSource::Mail(crate::mail::MailSource {
                    message: "inbox.mbox#2".into(),
                    sender: Some("alex<b>@example.org".into()),
                    sender_name: None,
                    date: Some("2026-08-01T09:00:00-07:00".into()),
                    subject: Some("<script>alert(1)</script> my cert".into()),
                })),
                ocr: false,
            },
        ];
        Report {
            schema: SCHEMA.into(),
            generated_at: "2026-08-15T10:15:30+02:00".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 8, 15).unwrap_or_default(),
            season: "2026-27".into(),
            summary: Summary {
                coaches: 3,
                compliant: 1,
                action_needed: 1,
                needs_review: 1,
                findings_by_code,
                upcoming: Vec::new(),
            },
            coaches,
            findings,
            certificates,
            changes: vec![Change {
                kind: ChangeKind::CoachCompliant,
                coach_id: Some("CS-1".into()),
                code: None,
                file: None,
                message: "José Muñoz-Ñúñez is now cleared to coach".into(),
            }],
            inbox: InboxSummary {
                rosters: vec!["roster.csv".into()],
                certificates: 2,
                ignored: 1,
            },
            requirements: crate::reconcile::requirement_list(&crate::policy::Policy::default()),
            decisions: vec![DecisionReport {
                file: "scan-ana.pdf".into(),
                coach_id: "CS-1".into(),
                decision: "accept_certificate".into(),
                note: "checked by eye: concussion <ok>".into(),
                applied: true,
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    #[test]
    fn natural_order_sorts_age_groups_by_number() {
        let cases = [
            ("U8", "U10", Ordering::Less),
            ("U10", "U8", Ordering::Greater),
            ("U10", "U10", Ordering::Equal),
            ("u10 Coyotes", "U10 Sharks", Ordering::Less),
            ("U09", "U10", Ordering::Less),
            ("", "U6", Ordering::Less),
        ];
        for (a, b, expected) in cases {
            assert_eq!(natural_cmp(a, b), expected, "{a} vs {b}");
        }
    }

    #[test]
    fn one_line_removes_line_breaks_and_bidi_overrides() {
        assert_eq!(one_line("Ana\r\nFake line"), "Ana  Fake line");
        assert_eq!(one_line("a\u{202E}b\t"), "a b");
        assert_eq!(one_line("José"), "José");
    }

    #[test]
    fn team_lines_read_like_the_roster() {
        let team = TeamReport {
            team: "U10 Coyotes".into(),
            division: "U10".into(),
            format: Some("7v7".into()),
            role: "head_coach".into(),
        };
        assert_eq!(team.describe(), "U10 Coyotes (U10, 7v7, head coach)");
        let bare = TeamReport {
            format: None,
            ..team
        };
        assert_eq!(bare.describe(), "U10 Coyotes (U10, head coach)");
    }
}
