//! Rule tables: (division, role, certificates, as-of) → requirement statuses and findings.

use chrono::NaiveDate;

use crate::certificates::Course;
use crate::findings::Code;
use crate::policy::{Evidence, Policy};
use crate::roster::{
    BackgroundCheck, BackgroundStatus, Coach, Role, SourcePosition, TeamAssignment,
};
use crate::verdict::RequirementStatus::{self, *};
use crate::verdict::Requirements;

fn status(requirements: &Requirements, id: &str) -> RequirementStatus {
    requirements
        .get(id)
        .expect("every requirement is evaluated")
        .status
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn coach(teams: &[(u8, Role)], background: BackgroundStatus) -> Coach {
    Coach {
        id: "C1".into(),
        first_name: "Ana".into(),
        last_name: "Ruiz".into(),
        email: Some("ana@example.org".into()),
        teams: teams
            .iter()
            .enumerate()
            .map(|(index, (age, role))| TeamAssignment {
                team: format!("U{age} Team {index}"),
                division: format!("U{age}"),
                age_group: Some(*age),
                role: *role,
                source: SourcePosition {
                    file: "roster.csv".into(),
                    line: 2,
                },
            })
            .collect(),
        background: BackgroundCheck {
            status: background,
            raw: Some(format!("{background:?}")),
            checked_on: None,
            expires_on: None,
            source: Some(SourcePosition {
                file: "roster.csv".into(),
                line: 2,
            }),
        },
        training_records: Vec::new(),
    }
}

fn cert(course: Course, completed: &str) -> Evidence {
    Evidence {
        source: crate::policy::EvidenceSource::Certificate,
        file: format!("{}-{completed}.pdf", course.id()),
        course,
        completed_on: Some(date(completed)),
        expires_on: None,
    }
}

/// One row of a rule table.
struct Case {
    name: &'static str,
    teams: &'static [(u8, Role)],
    background: BackgroundStatus,
    certificates: Vec<Evidence>,
    as_of: &'static str,
    expect: [RequirementStatus; 5],
    codes: &'static [Code],
}

fn full_set(format_course: Course) -> Vec<Evidence> {
    vec![
        cert(Course::IntroGrassroots, "2026-03-01"),
        cert(format_course, "2026-03-05"),
        cert(Course::SafesportCore, "2026-06-01"),
    ]
}

#[test]
fn rule_table() {
    use BackgroundStatus as B;
    const HEAD: Role = Role::HeadCoach;
    let cases = vec![
        Case {
            name: "compliant U10 head coach",
            teams: &[(10, HEAD)],
            background: B::Cleared,
            certificates: full_set(Course::Grassroots7v7),
            as_of: "2026-10-01",
            expect: [Ok, Ok, Ok, Ok, Ok],
            codes: &[],
        },
        Case {
            name: "9v9 course for a U10 coach is the wrong level",
            teams: &[(10, HEAD)],
            background: B::Cleared,
            certificates: full_set(Course::Grassroots9v9),
            as_of: "2026-10-01",
            expect: [Ok, WrongLevel, Ok, Ok, Ok],
            codes: &[Code::WrongCourseLevel],
        },
        Case {
            name: "U8 and U10 teams with only 4v4 miss 7v7",
            teams: &[(8, HEAD), (10, Role::AssistantCoach)],
            background: B::Cleared,
            certificates: full_set(Course::Grassroots4v4),
            as_of: "2026-10-01",
            expect: [Ok, Missing, Ok, Ok, Ok],
            codes: &[Code::MissingCourse],
        },
        Case {
            name: "a D license covers intro, every format and concussion",
            teams: &[(14, HEAD), (6, HEAD)],
            background: B::Cleared,
            certificates: vec![
                cert(Course::LicenseD, "2020-05-01"),
                cert(Course::SafesportRefresher, "2026-02-01"),
            ],
            as_of: "2026-10-01",
            expect: [Ok, Ok, Ok, Ok, Ok],
            codes: &[],
        },
        Case {
            name: "legacy F license does not count by default",
            teams: &[(6, HEAD)],
            background: B::Cleared,
            certificates: vec![
                cert(Course::LicenseF, "2015-05-01"),
                cert(Course::SafesportCore, "2026-02-01"),
            ],
            as_of: "2026-10-01",
            expect: [Missing, Missing, Missing, Ok, Ok],
            codes: &[
                Code::MissingIntroModule,
                Code::MissingCourse,
                Code::MissingConcussion,
            ],
        },
        Case {
            name: "SafeSport completed over a year ago has expired",
            teams: &[(12, HEAD)],
            background: B::Cleared,
            certificates: vec![
                cert(Course::IntroGrassroots, "2024-03-01"),
                cert(Course::Grassroots9v9, "2024-03-05"),
                cert(Course::SafesportCore, "2025-09-01"),
            ],
            as_of: "2026-10-01",
            expect: [Ok, Ok, Ok, Expired, Ok],
            codes: &[Code::SafesportExpired],
        },
        Case {
            name: "SafeSport lapsing within 30 days is ok with an info finding",
            teams: &[(12, HEAD)],
            background: B::Cleared,
            certificates: vec![
                cert(Course::IntroGrassroots, "2024-03-01"),
                cert(Course::Grassroots9v9, "2024-03-05"),
                cert(Course::SafesportCore, "2025-10-15"),
            ],
            as_of: "2026-10-01",
            expect: [Ok, Ok, Ok, Ok, Ok],
            codes: &[Code::SafesportExpiring],
        },
        Case {
            name: "a single SafeSport module does not count",
            teams: &[(12, HEAD)],
            background: B::Cleared,
            certificates: vec![
                cert(Course::IntroGrassroots, "2024-03-01"),
                cert(Course::Grassroots9v9, "2024-03-05"),
                cert(Course::SafesportModule, "2026-05-01"),
            ],
            as_of: "2026-10-01",
            expect: [Ok, Ok, Ok, Missing, Ok],
            codes: &[Code::MissingSafesport, Code::UnacceptedCertificate],
        },
        Case {
            name: "a team manager needs only SafeSport and a background check",
            teams: &[(10, Role::TeamManager)],
            background: B::Pending,
            certificates: vec![cert(Course::SafesportCore, "2026-06-01")],
            as_of: "2026-10-01",
            expect: [NotRequired, NotRequired, NotRequired, Ok, Pending],
            codes: &[Code::BackgroundCheckPending],
        },
        Case {
            name: "nothing on file",
            teams: &[(6, HEAD)],
            background: B::Missing,
            certificates: vec![],
            as_of: "2026-10-01",
            expect: [Missing, Missing, Missing, Missing, Missing],
            codes: &[
                Code::MissingIntroModule,
                Code::MissingCourse,
                Code::MissingConcussion,
                Code::MissingSafesport,
                Code::MissingBackgroundCheck,
            ],
        },
        Case {
            name: "a denied background check",
            teams: &[(16, HEAD)],
            background: B::Denied,
            certificates: full_set(Course::Grassroots11v11),
            as_of: "2026-10-01",
            expect: [Ok, Ok, Ok, Ok, Denied],
            codes: &[Code::BackgroundCheckDenied],
        },
    ];
    let policy = Policy::default();
    for case in cases {
        let coach = coach(case.teams, case.background);
        let facts = policy.facts(&coach);
        let (requirements, findings) =
            policy.evaluate(&facts, &case.certificates, date(case.as_of));
        let got = [
            "intro_module",
            "division_course",
            "concussion",
            "safesport",
            "background_check",
        ]
        .map(|id| status(&requirements, id));
        assert_eq!(got, case.expect, "{}", case.name);
        let mut codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
        codes.sort();
        let mut expected = case.codes.to_vec();
        expected.sort();
        assert_eq!(codes, expected, "{}", case.name);
        assert!(findings
            .iter()
            .all(|f| !f.action.is_empty() && f.coach_id.as_deref() == Some("C1")));
    }
}

#[test]
fn the_wrong_level_action_names_both_formats_and_the_division() {
    let policy = Policy::default();
    let coach = coach(&[(10, Role::HeadCoach)], BackgroundStatus::Cleared);
    let (_, findings) = policy.evaluate(
        &policy.facts(&coach),
        &full_set(Course::Grassroots9v9),
        date("2026-10-01"),
    );
    let action = &findings[0].action;
    assert!(
        action.contains("7v7") && action.contains("9v9") && action.contains("U10"),
        "{action}"
    );
}

#[test]
fn a_season_window_keeps_safesport_valid_through_july() {
    let policy = Policy {
        safesport_season_window: Some(crate::policy::SeasonWindow {
            from: "06-01".into(),
            through: "07-31".into(),
        }),
        ..Policy::default()
    }
    .resolved();
    let coach = coach(&[(10, Role::TeamManager)], BackgroundStatus::Cleared);
    let facts = policy.facts(&coach);
    let june = vec![cert(Course::SafesportCore, "2026-06-10")];
    let (requirements, _) = policy.evaluate(&facts, &june, date("2027-07-20"));
    assert_eq!(status(&requirements, "safesport"), Ok);
    let (requirements, _) = policy.evaluate(&facts, &june, date("2027-08-02"));
    assert_eq!(status(&requirements, "safesport"), Expired);
    let may = vec![cert(Course::SafesportCore, "2026-05-10")];
    let (requirements, _) = policy.evaluate(&facts, &may, date("2026-08-02"));
    assert_eq!(status(&requirements, "safesport"), Expired);
}

#[test]
fn separate_concussion_policy_ignores_grassroots_courses() {
    let policy = Policy {
        concussion: crate::policy::ConcussionRule::Separate,
        concussion_valid_days: 365,
        ..Policy::default()
    }
    .resolved();
    let coach = coach(&[(10, Role::HeadCoach)], BackgroundStatus::Cleared);
    let facts = policy.facts(&coach);
    let (requirements, _) =
        policy.evaluate(&facts, &full_set(Course::Grassroots7v7), date("2026-10-01"));
    assert_eq!(status(&requirements, "concussion"), Missing);
    let mut with_heads_up = full_set(Course::Grassroots7v7);
    with_heads_up.push(cert(Course::Concussion, "2025-01-01"));
    let (requirements, _) = policy.evaluate(&facts, &with_heads_up, date("2026-10-01"));
    assert_eq!(status(&requirements, "concussion"), Expired);
}

#[test]
fn seasons_run_from_august_first() {
    let policy = Policy::default();
    assert_eq!(
        policy.season(date("2026-10-01")),
        ("2026-27".to_string(), 2027)
    );
    assert_eq!(
        policy.season(date("2026-07-31")),
        ("2025-26".to_string(), 2026)
    );
    assert_eq!(
        policy.season(date("2026-08-01")),
        ("2026-27".to_string(), 2027)
    );
}

fn record(course: Course, completed: &str) -> Evidence {
    Evidence {
        file: "export.xlsx#Volunteers row 7".into(),
        source: crate::policy::EvidenceSource::RegistrationRecord,
        ..cert(course, completed)
    }
}

#[test]
fn registration_records_count_only_where_the_league_accepts_them() {
    let policy = Policy::default();
    let coach = coach(&[(10, Role::HeadCoach)], BackgroundStatus::Cleared);
    let facts = policy.facts(&coach);
    // SafeSport: a dated record from the export is enough (accept_registration_records).
    let evidence = vec![
        cert(Course::IntroGrassroots, "2026-03-01"),
        record(Course::Grassroots7v7, "2026-03-05"),
        record(Course::SafesportCore, "2026-06-01"),
    ];
    let (requirements, findings) = policy.evaluate(&facts, &evidence, date("2026-10-01"));
    assert_eq!(status(&requirements, "safesport"), Ok);
    assert_eq!(
        requirements.get("safesport").unwrap().evidence,
        ["export.xlsx#Volunteers row 7"]
    );
    // The division course wants the certificate itself.
    assert_eq!(status(&requirements, "division_course"), Missing);
    assert!(findings.iter().any(|f| f.code == Code::MissingCourse));
    // An undated "Yes" does not make SafeSport current.
    let undated = vec![Evidence {
        completed_on: None,
        ..record(Course::SafesportCore, "2026-06-01")
    }];
    let (requirements, _) = policy.evaluate(&facts, &undated, date("2026-10-01"));
    assert_eq!(status(&requirements, "safesport"), Missing);
}

#[test]
fn a_record_and_a_certificate_that_disagree_are_shown_side_by_side() {
    let policy = Policy::default();
    let coach = coach(&[(10, Role::HeadCoach)], BackgroundStatus::Cleared);
    let facts = policy.facts(&coach);
    let mut evidence = full_set(Course::Grassroots7v7);
    evidence.push(record(Course::Grassroots9v9, "2026-03-05"));
    evidence.push(record(Course::SafesportCore, "2025-05-01"));
    let (requirements, findings) = policy.evaluate(&facts, &evidence, date("2026-10-01"));
    assert_eq!(status(&requirements, "division_course"), Ok);
    let mismatches: Vec<_> = findings
        .iter()
        .filter(|f| f.code == Code::RegistrationRecordMismatch)
        .collect();
    assert_eq!(mismatches.len(), 2, "{mismatches:#?}");
    let course = mismatches
        .iter()
        .find(|f| f.requirement.as_deref() == Some("division_course"))
        .unwrap();
    assert!(
        course.message.contains("9v9") && course.message.contains("7v7"),
        "{}",
        course.message
    );
    let safesport = mismatches
        .iter()
        .find(|f| f.requirement.as_deref() == Some("safesport"))
        .unwrap();
    assert!(
        safesport.message.contains("May 1, 2025"),
        "{}",
        safesport.message
    );
    // Dates a few weeks apart are the same completion, not a disagreement.
    let mut close = full_set(Course::Grassroots7v7);
    close.push(record(Course::SafesportCore, "2026-06-20"));
    let (_, findings) = policy.evaluate(&facts, &close, date("2026-10-01"));
    assert!(findings
        .iter()
        .all(|f| f.code != Code::RegistrationRecordMismatch));
}
