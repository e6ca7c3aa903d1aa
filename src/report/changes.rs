//! report::changes: what changed since the previous run — a coach became compliant or no
//! longer is, a coach was added or removed, a finding is new or resolved, a certificate is
//! new. Pure: the previous run is handed in by the caller as a [`Snapshot`] (from run
//! history), which keeps only what the comparison needs — a few percent of the report.
//!
//! Findings are identified by `(code, coach_id, file)`, so a finding whose wording or line
//! moved is not reported as changed; certificates by `sha256`, so a renamed file is not new.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{one_line, Change, ChangeKind, CoachReport, CoachStatus, Index, Report};
use crate::findings::{Code, Finding};

/// What the next run needs to know of this one to tell what changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    coaches: Vec<SnapshotCoach>,
    findings: Vec<SnapshotFinding>,
    certificates: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SnapshotCoach {
    id: String,
    name: String,
    status: CoachStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SnapshotFinding {
    code: Code,
    coach_id: Option<String>,
    file: Option<String>,
    message: String,
}

impl Snapshot {
    /// The snapshot of a finished run's report (one entry per finding identity).
    pub fn of(report: &Report) -> Snapshot {
        let mut seen = BTreeSet::new();
        Snapshot {
            coaches: report
                .coaches
                .iter()
                .map(|coach| SnapshotCoach {
                    id: coach.id.clone(),
                    name: coach.name.clone(),
                    status: coach.status,
                })
                .collect(),
            findings: report
                .findings
                .iter()
                .filter(|finding| seen.insert(key(finding)))
                .map(|finding| SnapshotFinding {
                    code: finding.code,
                    coach_id: finding.coach_id.clone(),
                    file: finding.file.clone(),
                    message: finding.message.clone(),
                })
                .collect(),
            certificates: report
                .certificates
                .iter()
                .map(|certificate| certificate.sha256.clone())
                .collect(),
        }
    }
}

/// The identity of a finding across runs.
type FindingKey = (Code, Option<String>, Option<String>);

fn key(finding: &Finding) -> FindingKey {
    (finding.code, finding.coach_id.clone(), finding.file.clone())
}

/// The changes from `previous` to `current`, in a fixed order: by kind (coach status,
/// added/removed coaches, new and resolved findings, new certificates), then coach id,
/// code and file. No previous report (a first run) means no changes.
pub fn diff(previous: Option<&Snapshot>, current: &Report) -> Vec<Change> {
    let Some(previous) = previous else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    coach_changes(previous, current, &mut changes);
    finding_changes(previous, current, &mut changes);
    certificate_changes(previous, current, &mut changes);
    changes.sort_by(|a, b| {
        (a.kind, &a.coach_id, &a.code, &a.file, &a.message).cmp(&(
            b.kind,
            &b.coach_id,
            &b.code,
            &b.file,
            &b.message,
        ))
    });
    changes
}

fn coach_changes(previous: &Snapshot, current: &Report, changes: &mut Vec<Change>) {
    let before: BTreeMap<&str, &SnapshotCoach> = previous
        .coaches
        .iter()
        .map(|coach| (coach.id.as_str(), coach))
        .collect();
    let now: BTreeMap<&str, &CoachReport> = current
        .coaches
        .iter()
        .map(|coach| (coach.id.as_str(), coach))
        .collect();
    for (id, coach) in &now {
        let name = one_line(&coach.name);
        let (kind, message) = match before.get(id) {
            None => {
                let teams = one_line(&coach.teams_line());
                let message = if teams.is_empty() {
                    format!("{name} joined the roster")
                } else {
                    format!("{name} joined the roster: {teams}")
                };
                (ChangeKind::CoachAdded, message)
            }
            Some(old) if old.status != CoachStatus::Compliant && is_compliant(coach) => (
                ChangeKind::CoachCompliant,
                format!("{name} is now cleared to coach"),
            ),
            Some(old) if old.status == CoachStatus::Compliant && !is_compliant(coach) => {
                let missing = coach
                    .requirements
                    .named()
                    .filter(|(_, requirement)| requirement.status.blocks())
                    .map(|(name, requirement)| {
                        format!(
                            "{} {}",
                            super::requirement_title(name, requirement),
                            requirement.status.label()
                        )
                    })
                    .collect::<Vec<_>>();
                let message = if missing.is_empty() {
                    format!("{name} is no longer compliant ({})", coach.status.label())
                } else {
                    format!("{name} is no longer compliant: {}", missing.join(", "))
                };
                (ChangeKind::CoachNoLongerCompliant, message)
            }
            Some(_) => continue,
        };
        changes.push(Change {
            kind,
            coach_id: Some((*id).to_string()),
            code: None,
            file: None,
            message,
        });
    }
    for (id, coach) in &before {
        if !now.contains_key(id) {
            changes.push(Change {
                kind: ChangeKind::CoachRemoved,
                coach_id: Some((*id).to_string()),
                code: None,
                file: None,
                message: format!("{} is no longer on the roster", one_line(&coach.name)),
            });
        }
    }
}

fn is_compliant(coach: &CoachReport) -> bool {
    coach.status == CoachStatus::Compliant
}

fn finding_changes(previous: &Snapshot, current: &Report, changes: &mut Vec<Change>) {
    let current_index = Index::new(current);
    let before: BTreeSet<FindingKey> = previous
        .findings
        .iter()
        .map(|finding| (finding.code, finding.coach_id.clone(), finding.file.clone()))
        .collect();
    let now: BTreeSet<FindingKey> = current.findings.iter().map(key).collect();
    let mut seen = BTreeSet::new();
    for finding in &current.findings {
        let finding_key = key(finding);
        if !before.contains(&finding_key) && seen.insert(finding_key) {
            let who = finding
                .coach_id
                .as_deref()
                .and_then(|id| current_index.coach(id))
                .map(|coach| coach.name.as_str());
            changes.push(finding_change(
                ChangeKind::NewFinding,
                (finding.code, &finding.coach_id, &finding.file),
                who,
                &finding.message,
            ));
        }
    }
    let previous_names: HashMap<&str, &str> = previous
        .coaches
        .iter()
        .map(|coach| (coach.id.as_str(), coach.name.as_str()))
        .collect();
    for finding in &previous.findings {
        let finding_key = (finding.code, finding.coach_id.clone(), finding.file.clone());
        if !now.contains(&finding_key) {
            let who = finding
                .coach_id
                .as_deref()
                .and_then(|id| previous_names.get(id).copied());
            changes.push(finding_change(
                ChangeKind::FindingResolved,
                (finding.code, &finding.coach_id, &finding.file),
                who,
                &finding.message,
            ));
        }
    }
}

fn finding_change(
    kind: ChangeKind,
    (code, coach_id, file): (Code, &Option<String>, &Option<String>),
    who: Option<&str>,
    message: &str,
) -> Change {
    let who = who
        .map(|name| format!("{}: ", one_line(name)))
        .unwrap_or_default();
    let verb = if kind == ChangeKind::NewFinding {
        "New"
    } else {
        "Resolved"
    };
    Change {
        kind,
        coach_id: coach_id.clone(),
        code: Some(code),
        file: file.clone(),
        message: format!("{verb}: {who}{}", one_line(message)),
    }
}

fn certificate_changes(previous: &Snapshot, current: &Report, changes: &mut Vec<Change>) {
    let before: BTreeSet<&str> = previous.certificates.iter().map(String::as_str).collect();
    let mut seen = BTreeSet::new();
    for certificate in &current.certificates {
        let sha = certificate.sha256.as_str();
        if before.contains(sha) || !seen.insert(sha) {
            continue;
        }
        let what = certificate
            .course_title
            .as_deref()
            .or(certificate.course.map(|course| course.id()))
            .map(one_line);
        let holder = certificate.holder.as_deref().map(one_line);
        let details = [holder, what]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>();
        let file = one_line(&certificate.file);
        let message = if details.is_empty() {
            format!("New certificate: {file}")
        } else {
            format!("New certificate: {file} ({})", details.join(", "))
        };
        changes.push(Change {
            kind: ChangeKind::NewCertificate,
            coach_id: certificate.coach_id.clone(),
            code: None,
            file: Some(certificate.file.clone()),
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::sample;
    use crate::report::RequirementStatus;

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Option<&str>)> {
        changes
            .iter()
            .map(|change| (change.kind, change.coach_id.as_deref()))
            .collect()
    }

    #[test]
    fn first_run_and_same_run_have_no_changes() {
        let report = sample();
        assert!(diff(None, &report).is_empty());
        assert!(diff(Some(&Snapshot::of(&report)), &report).is_empty());
    }

    #[test]
    fn detects_every_kind_of_change() {
        let previous = sample();
        let mut current = sample();
        // CS-2 fixed everything; CS-1 lost SafeSport; CS-3 left; CS-4 joined.
        current.coaches[1].status = CoachStatus::Compliant;
        current.coaches[0].status = CoachStatus::ActionNeeded;
        if let Some(safesport) = current.coaches[0].requirements.get_mut("safesport") {
            safesport.status = RequirementStatus::Expired;
        }
        let mut newcomer = current.coaches[2].clone();
        newcomer.id = "CS-4".into();
        newcomer.name = "Zoë Line\nBreak".into();
        current.coaches.remove(2);
        current.coaches.push(newcomer);
        // The SafeSport finding moved from CS-2 to CS-1; the concussion one is unchanged.
        current.findings[0].coach_id = Some("CS-1".into());
        let mut certificate = current.certificates[0].clone();
        certificate.sha256 = "c".repeat(64);
        certificate.file = "new.pdf".into();
        current.certificates.push(certificate);

        let changes = diff(Some(&Snapshot::of(&previous)), &current);
        assert_eq!(
            kinds(&changes),
            [
                (ChangeKind::CoachCompliant, Some("CS-2")),
                (ChangeKind::CoachNoLongerCompliant, Some("CS-1")),
                (ChangeKind::CoachAdded, Some("CS-4")),
                (ChangeKind::CoachRemoved, Some("CS-3")),
                (ChangeKind::NewFinding, Some("CS-1")),
                (ChangeKind::FindingResolved, Some("CS-2")),
                (ChangeKind::NewCertificate, Some("CS-1")),
            ]
        );
        assert!(changes[1].message.contains("SafeSport expired"));
        assert_eq!(
            changes[2].message,
            "Zoë Line Break joined the roster: U12 Comets (U12, 9v9, team manager)"
        );
        assert_eq!(changes[4].code, Some(Code::SafesportExpired));
        assert!(changes[6].message.contains("new.pdf"));
    }

    #[test]
    fn a_finding_that_only_moved_line_is_not_a_change() {
        let previous = sample();
        let mut current = sample();
        current.findings[5].line = Some(12);
        current.findings[5].message = "reworded".into();
        assert!(diff(Some(&Snapshot::of(&previous)), &current).is_empty());
    }

    #[test]
    fn a_renamed_certificate_is_not_new() {
        let previous = sample();
        let mut current = sample();
        current.certificates[0].file = "renamed.pdf".into();
        assert!(diff(Some(&Snapshot::of(&previous)), &current).is_empty());
    }

    #[test]
    fn a_stored_snapshot_gives_the_same_changes_as_the_report_it_came_from() {
        let previous = sample();
        let mut current = sample();
        current.findings.remove(0);
        let stored: Snapshot =
            serde_json::from_str(&serde_json::to_string(&Snapshot::of(&previous)).unwrap())
                .unwrap();
        let changes = diff(Some(&stored), &current);
        assert_eq!(changes, diff(Some(&Snapshot::of(&previous)), &current));
        let resolved = &changes[0];
        assert_eq!(resolved.kind, ChangeKind::FindingResolved);
        assert!(
            resolved.message.starts_with("Resolved: "),
            "{}",
            resolved.message
        );
    }
}
