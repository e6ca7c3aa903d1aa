//! Writes a sample report folder (a made-up league) for looking at the renderers:
//! `cargo run --example report_preview [DIR]` (default `/tmp/coachcheck-preview`), then
//! open `DIR/latest/report.html`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use coachcheck::certificates::{CertificateKind, Course, ExtractionStatus};
use coachcheck::findings::{Code, Finding};
use coachcheck::matching::MatchStatus;
use coachcheck::report::{
    self, CertificateReport, Change, ChangeKind, CoachReport, CoachStatus, DecisionReport,
    InboxSummary, MatchReport, Report, RequirementResult, RequirementStatus as S, Requirements,
    Summary, TeamReport, SCHEMA,
};

/// The built-in requirements with these statuses (in list order; CPR/AED upcoming).
fn requirements(statuses: [S; 6]) -> Requirements {
    let policy = coachcheck::policy::Policy::default();
    Requirements::new(
        policy
            .requirements
            .iter()
            .enumerate()
            .map(|(index, requirement)| {
                let status = statuses.get(index).copied().unwrap_or(S::Upcoming);
                let detail = match status {
                    S::Upcoming => "needed from Jan 1, 2027".to_string(),
                    _ => requirement.title.clone(),
                };
                let result = RequirementResult {
                    title: requirement.title.clone(),
                    status,
                    evidence: Vec::new(),
                    detail,
                };
                (requirement.id.clone(), result)
            })
            .collect(),
    )
}

fn coach(
    id: &str,
    name: &str,
    teams: &[(&str, &str, &str, &str)],
    statuses: [S; 6],
) -> CoachReport {
    let requirements = requirements(statuses);
    let blocked = requirements.named().any(|(_, r)| r.status.blocks());
    let pending = requirements.named().any(|(_, r)| r.status == S::Pending);
    CoachReport {
        id: id.into(),
        name: name.into(),
        email: Some(format!("{}@example.org", id.to_lowercase())),
        teams: teams
            .iter()
            .map(|(team, division, format, role)| TeamReport {
                team: (*team).into(),
                division: (*division).into(),
                format: Some((*format).into()),
                role: (*role).into(),
            })
            .collect(),
        status: if blocked {
            CoachStatus::ActionNeeded
        } else if pending {
            CoachStatus::NeedsReview
        } else {
            CoachStatus::Compliant
        },
        requirements,
    }
}

fn certificate(
    file: &str,
    holder: &str,
    course: Course,
    coach_id: Option<&str>,
    status: MatchStatus,
    reason: &str,
) -> CertificateReport {
    CertificateReport {
        file: file.into(),
        sha256: format!("{:0>64}", file.len()),
        status: ExtractionStatus::Ok,
        kind: course.kind().or(Some(CertificateKind::UsSoccer)),
        course: Some(course),
        course_title: None,
        holder: Some(holder.into()),
        completed_on: NaiveDate::from_ymd_opt(2026, 7, 2),
        expires_on: None,
        email: None,
        certificate_id: None,
        coach_id: coach_id.map(str::to_string),
        match_: MatchReport {
            status,
            score: if coach_id.is_some() { 0.96 } else { 0.55 },
            reason: reason.into(),
        },
        source: None,
        ocr: false,
    }
}

fn main() -> anyhow::Result<()> {
    use S::{Expired, Missing, NotRequired, Ok, Pending, WrongLevel};
    let head = "head_coach";
    let assistant = "assistant_coach";
    let coaches = vec![
        coach(
            "CS-101",
            "María José Fernández",
            &[("U6 Minnows", "U6", "4v4", head)],
            [Ok, Ok, Ok, Ok, Ok, Ok],
        ),
        coach(
            "CS-102",
            "Tom O'Brien",
            &[("U6 Minnows", "U6", "4v4", assistant)],
            [Ok, Ok, Ok, Missing, Ok, Ok],
        ),
        coach(
            "CS-103",
            "Priya Raman",
            &[
                ("U8 Sharks", "U8", "4v4", head),
                ("U10 Coyotes", "U10", "7v7", assistant),
            ],
            [Ok, Ok, Ok, Ok, Expired, Ok],
        ),
        coach(
            "CS-104",
            "<img src=x onerror=alert(1)>",
            &[("U8 Sharks", "U8", "4v4", assistant)],
            [Ok, Ok, Ok, Ok, Ok, Pending],
        ),
        coach(
            "CS-105",
            "Dmitri Volkov",
            &[("U10 Coyotes", "U10", "7v7", head)],
            [Ok, Ok, WrongLevel, Ok, Ok, Ok],
        ),
        coach(
            "CS-106",
            "Aisha Bello",
            &[("U10 Rockets", "U10", "7v7", head)],
            [Ok, Ok, Ok, Ok, Ok, Ok],
        ),
        coach(
            "CS-107",
            "=HYPERLINK(\"http://x\",\"y\")",
            &[("U10 Rockets", "U10", "7v7", "team_manager")],
            [Ok, NotRequired, NotRequired, NotRequired, Ok, Ok],
        ),
        coach(
            "CS-108",
            "Chen Wei",
            &[("U12 Comets", "U12", "9v9", head)],
            [Ok, Ok, Ok, Ok, Ok, Ok],
        ),
        coach(
            "CS-109",
            "Luis Ángel Gutiérrez-Santamaría de la Cruz",
            &[("U12 Comets", "U12", "9v9", assistant)],
            [Ok, Missing, Missing, Ok, Ok, Ok],
        ),
        coach(
            "CS-110",
            "Grace Kimberly-Anne-Marguerite-Elisabeth-Washington-Featherstonehaugh",
            &[("U14 Thunder", "U14", "11v11", head)],
            [Ok, Ok, Ok, Ok, Ok, Ok],
        ),
        coach(
            "CS-111",
            "Sam Okafor",
            &[("U14 Thunder", "U14", "11v11", assistant)],
            [Ok, Ok, Ok, Ok, Ok, Ok],
        ),
        coach(
            "CS-112",
            "Jordan Lee",
            &[("U18 Lightning", "U18", "11v11", head)],
            [Ok, Ok, Ok, Ok, Ok, Pending],
        ),
    ];
    let mut findings = vec![
        Finding::new(Code::MissingConcussion, "No concussion training on file for Tom O'Brien.", "Take the free CDC HEADS UP course online and send the certificate.").coach("CS-102"),
        Finding::new(Code::SafesportExpired, "SafeSport Trained expired on 2026-06-30.", "Take the SafeSport Refresher course at safesport.org and send the new certificate.").coach("CS-103"),
        Finding::new(Code::BackgroundCheckPending, "Background check pending since 2026-07-28.", "Wait for the result; nothing to do for the coach.").coach("CS-104"),
        Finding::new(Code::WrongCourseLevel, "Only a 4v4 Grassroots course on file; U10 Coyotes play 7v7.", "Take the 7v7 Grassroots online course at the U.S. Soccer Learning Center.").coach("CS-105"),
        Finding::new(Code::MissingIntroModule, "No \"Introduction to Grassroots Coaching\" on file.", "Take the free Introduction to Grassroots Coaching module at the U.S. Soccer Learning Center.").coach("CS-109"),
        Finding::new(Code::MissingCourse, "No 9v9 course on file.", "Take the 9v9 Grassroots online course at the U.S. Soccer Learning Center.").coach("CS-109"),
        Finding::new(Code::BackgroundCheckPending, "Background check pending.", "Wait for the result.").coach("CS-112"),
        Finding {
            decision: Some("scan-0412.pdf,CS-108,accept_match,".into()),
            ..Finding::new(Code::AmbiguousMatch, "\"W. Chen\" fits Chen Wei (CS-108) and Wendy Chen (CS-113) about equally.", "Say which coach it belongs to in decisions.csv.").file("scan-0412.pdf")
        },
        Finding {
            decision: Some("IMG_2231.pdf,,accept_certificate,what it shows".into()),
            ..Finding::new(Code::NeedsOcr, "IMG_2231.pdf is a photo without text.", "Check it by eye and record what it shows in decisions.csv.").file("IMG_2231.pdf")
        },
        Finding {
            decision: Some("safesport-okafor.pdf,CS-111,accept_match,".into()),
            ..Finding::new(Code::NameMismatch, "The certificate says \"Samuel Okafor\"; the roster says \"Sam Okafor\".", "Confirm it is the same person.").file("safesport-okafor.pdf").coach("CS-111")
        },
        Finding::new(Code::RosterRowInvalid, "Row without a name.", "Fix the row in the registration system.").at("roster-2026.csv", 41),
        Finding::new(Code::SafesportExpiring, "SafeSport expires on 2026-09-02.", "Take the Refresher before it lapses.").coach("CS-110"),
        Finding::new(Code::IgnoredFile, "notes.docx is neither a PDF nor a CSV.", "").file("notes.docx"),
    ];
    findings.sort_by_key(|f| f.severity);
    let mut findings_by_code = BTreeMap::new();
    for finding in &findings {
        *findings_by_code.entry(finding.code).or_insert(0) += 1;
    }
    let count = |status| coaches.iter().filter(|c| c.status == status).count();
    let report = Report {
        schema: SCHEMA.into(),
        generated_at: chrono::Local::now().to_rfc3339(),
        as_of: NaiveDate::from_ymd_opt(2026, 8, 15).unwrap_or_default(),
        season: "2026-27".into(),
        summary: Summary {
            coaches: coaches.len(),
            compliant: count(CoachStatus::Compliant),
            action_needed: count(CoachStatus::ActionNeeded),
            needs_review: count(CoachStatus::NeedsReview),
            findings_by_code,
            upcoming: Vec::new(),
        },
        requirements: coachcheck::reconcile::requirement_list(
            &coachcheck::policy::Policy::default(),
        ),
        findings,
        certificates: vec![
            certificate(
                "safesport-okafor.pdf",
                "Samuel Okafor",
                Course::SafesportCore,
                Some("CS-111"),
                MatchStatus::Matched,
                "nickname of the roster name, same email",
            ),
            certificate(
                "scan-0412.pdf",
                "W. Chen",
                Course::Grassroots9v9,
                None,
                MatchStatus::Ambiguous,
                "initial matches two coaches; no email printed",
            ),
            CertificateReport {
                status: ExtractionStatus::NeedsOcr,
                holder: None,
                course: None,
                kind: Some(CertificateKind::Concussion),
                ..certificate(
                    "IMG_2231.pdf",
                    "",
                    Course::Concussion,
                    None,
                    MatchStatus::Unmatched,
                    "no text to match",
                )
            },
        ],
        changes: vec![
            Change {
                kind: ChangeKind::CoachCompliant,
                coach_id: Some("CS-106".into()),
                code: None,
                file: None,
                message: "Aisha Bello is now cleared to coach".into(),
            },
            Change {
                kind: ChangeKind::CoachNoLongerCompliant,
                coach_id: Some("CS-103".into()),
                code: Some(Code::SafesportExpired),
                file: None,
                message: "Priya Raman is no longer compliant: SafeSport expired".into(),
            },
            Change {
                kind: ChangeKind::CoachAdded,
                coach_id: Some("CS-112".into()),
                code: None,
                file: None,
                message: "Jordan Lee joined the roster: U18 Lightning (U18, 11v11, head coach)"
                    .into(),
            },
            Change {
                kind: ChangeKind::NewCertificate,
                coach_id: None,
                code: None,
                file: Some("scan-0412.pdf".into()),
                message: "New certificate: scan-0412.pdf (W. Chen, grassroots 9v9)".into(),
            },
        ],
        coaches,
        inbox: InboxSummary {
            rosters: vec!["roster-2026.csv".into(), "background-checks.csv".into()],
            certificates: 31,
            ignored: 1,
        },
        decisions: vec![
            DecisionReport {
                file: "IMG_2001.pdf".into(),
                coach_id: "CS-101".into(),
                decision: "accept_certificate".into(),
                note: "CDC HEADS UP, completed 2026-06-01 (checked by eye)".into(),
                applied: true,
            },
            DecisionReport {
                file: "a1b2c3d4".into(),
                coach_id: "CS-099".into(),
                decision: "reject_match".into(),
                note: "not the same person".into(),
                applied: false,
            },
        ],
    };
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/coachcheck-preview"));
    let folder = report::write(&dir, &report, 5)?;
    println!("{}", folder.display());
    anyhow::Ok(())
}
