//! Validity and effective-date tables: when a completion stops counting under each
//! `valid` kind of a requirement (forever, `days`, `season`, `season_window`,
//! `printed_or_days`), with leap days, month/year expiries and season boundaries; and what
//! a requirement with `effective_from` (the built-in CPR/AED, from 2027-01-01) reports
//! before its notice window, inside it, on the day and after. Only the engine is exercised
//! here (no certificate reading; `certificates::dates` has its own tests for `05/2028`).

use chrono::NaiveDate;

use crate::certificates::Course;
use crate::findings::{Code, Finding};
use crate::policy::evaluate::{valid_through, Lapse};
use crate::policy::requirement::Validity;
use crate::policy::{Evidence, Policy, SeasonWindow};
use crate::roster::{
    BackgroundCheck, BackgroundStatus, Coach, Role, SourcePosition, TeamAssignment,
};
use crate::verdict::RequirementStatus::{self, *};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn evidence(course: Course, completed: Option<&str>, printed: Option<&str>) -> Evidence {
    Evidence {
        file: format!("certificates/{}.pdf", course.id()),
        source: crate::policy::EvidenceSource::Certificate,
        course,
        completed_on: completed.map(date),
        expires_on: printed.map(date),
    }
}

/// One row: a validity rule, a completion (and printed expiry), and when it lapses.
struct ValidityCase {
    name: &'static str,
    valid: Validity,
    completed: Option<&'static str>,
    printed: Option<&'static str>,
    /// The last day it counts; `None` = never lapses.
    through: Option<&'static str>,
}

fn lapse_text(lapse: Lapse) -> String {
    match lapse {
        Lapse::Never => "never".into(),
        Lapse::After(day) => day.to_string(),
        Lapse::Unknown => "unknown".into(),
    }
}

#[test]
fn every_validity_kind_lapses_on_the_right_day() {
    use Validity as V;
    let window = |from: (u32, u32), through: (u32, u32)| V::SeasonWindow { from, through };
    let cases = [
        ValidityCase {
            name: "forever never lapses",
            valid: V::Forever,
            completed: Some("2009-05-01"),
            printed: None,
            through: None,
        },
        ValidityCase {
            name: "forever ignores a printed expiry",
            valid: V::Forever,
            completed: Some("2019-05-01"),
            printed: Some("2021-05-01"),
            through: None,
        },
        ValidityCase {
            name: "365 days from a mid-year completion",
            valid: V::Days(365),
            completed: Some("2026-03-09"),
            printed: None,
            through: Some("2027-03-09"),
        },
        ValidityCase {
            name: "365 days across a leap day end a day early in the calendar",
            valid: V::Days(365),
            completed: Some("2023-03-01"),
            printed: None,
            through: Some("2024-02-29"),
        },
        ValidityCase {
            name: "a printed expiry wins over days",
            valid: V::Days(365),
            completed: Some("2026-01-09"),
            printed: Some("2027-01-20"),
            through: Some("2027-01-20"),
        },
        ValidityCase {
            name: "days without a completion date cannot be judged",
            valid: V::Days(365),
            completed: None,
            printed: None,
            through: Some("unknown"),
        },
        ValidityCase {
            name: "season: completed on Jul 31 counts to the end of that season",
            valid: V::Season,
            completed: Some("2026-07-31"),
            printed: None,
            through: Some("2026-07-31"),
        },
        ValidityCase {
            name: "season: completed on Aug 1 counts for the whole next season",
            valid: V::Season,
            completed: Some("2026-08-01"),
            printed: None,
            through: Some("2027-07-31"),
        },
        ValidityCase {
            name: "season: completed in January belongs to the season that started in August",
            valid: V::Season,
            completed: Some("2027-01-15"),
            printed: None,
            through: Some("2027-07-31"),
        },
        ValidityCase {
            name: "season window: the day before the window opens counts this season only",
            valid: window((6, 1), (7, 31)),
            completed: Some("2026-05-31"),
            printed: None,
            through: Some("2026-07-31"),
        },
        ValidityCase {
            name: "season window: the day it opens counts through next July",
            valid: window((6, 1), (7, 31)),
            completed: Some("2026-06-01"),
            printed: None,
            through: Some("2027-07-31"),
        },
        ValidityCase {
            name: "season window through 02-29 in a year without one: Feb 28",
            valid: window((6, 1), (2, 29)),
            completed: Some("2026-06-10"),
            printed: None,
            through: Some("2027-02-28"),
        },
        ValidityCase {
            name: "season window through 02-29 in a leap year: Feb 29",
            valid: window((6, 1), (2, 29)),
            completed: Some("2027-06-10"),
            printed: None,
            through: Some("2028-02-29"),
        },
        ValidityCase {
            name: "printed_or_days without a printed date: 730 days",
            valid: V::PrintedOrDays(730),
            completed: Some("2025-02-22"),
            printed: None,
            through: Some("2027-02-22"),
        },
        ValidityCase {
            name: "printed_or_days from a leap day: 730 days later is Feb 28",
            valid: V::PrintedOrDays(730),
            completed: Some("2024-02-29"),
            printed: None,
            through: Some("2026-02-28"),
        },
        ValidityCase {
            name: "printed_or_days reaching a leap day",
            valid: V::PrintedOrDays(730),
            completed: Some("2026-03-01"),
            printed: None,
            through: Some("2028-02-29"),
        },
        ValidityCase {
            name: "printed_or_days with a printed date: the printed date, even if shorter",
            valid: V::PrintedOrDays(730),
            completed: Some("2026-03-14"),
            printed: Some("2027-09-30"),
            through: Some("2027-09-30"),
        },
        ValidityCase {
            name: "a month/year renewal (02/2028) is read as the month's last day",
            valid: V::PrintedOrDays(730),
            completed: Some("2026-02-03"),
            printed: Some("2028-02-29"),
            through: Some("2028-02-29"),
        },
        ValidityCase {
            name: "printed_or_days with a printed date but no completion date",
            valid: V::PrintedOrDays(730),
            completed: None,
            printed: Some("2027-05-31"),
            through: Some("2027-05-31"),
        },
        ValidityCase {
            name: "printed_or_days with neither date cannot be judged",
            valid: V::PrintedOrDays(730),
            completed: None,
            printed: None,
            through: Some("unknown"),
        },
    ];
    let policy = Policy::default();
    let mut problems = Vec::new();
    for case in cases {
        let item = evidence(Course::CprAed, case.completed, case.printed);
        let got = lapse_text(valid_through(&policy, &case.valid, &item));
        let want = case.through.unwrap_or("never");
        if got != want {
            problems.push(format!("{}: got {got}, want {want}", case.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_season_start_of_the_league_moves_the_season_boundary() {
    let policy = Policy {
        season_start: "07-01".into(),
        ..Policy::default()
    };
    let item = |completed| evidence(Course::SafesportCore, Some(completed), None);
    assert_eq!(
        valid_through(&policy, &Validity::Season, &item("2026-06-30")),
        Lapse::After(date("2026-06-30"))
    );
    assert_eq!(
        valid_through(&policy, &Validity::Season, &item("2026-07-01")),
        Lapse::After(date("2027-06-30"))
    );
}

fn coach(role: Role) -> Coach {
    Coach {
        id: "C7".into(),
        first_name: "Rosa".into(),
        last_name: "Quintero".into(),
        email: Some("rosa.quintero@example.org".into()),
        training_records: Vec::new(),
        teams: vec![TeamAssignment {
            team: "U10 Falcons".into(),
            division: "U10".into(),
            age_group: Some(10),
            role,
            source: SourcePosition {
                file: "roster.csv".into(),
                line: 2,
            },
        }],
        background: BackgroundCheck {
            status: BackgroundStatus::Cleared,
            raw: Some("Green".into()),
            checked_on: None,
            expires_on: None,
            source: Some(SourcePosition {
                file: "roster.csv".into(),
                line: 2,
            }),
        },
    }
}

/// One row of the CPR/AED table: certificates, the judged date, and what the report says.
struct EffectiveCase {
    name: &'static str,
    role: Role,
    certificates: Vec<Evidence>,
    as_of: &'static str,
    status: RequirementStatus,
    /// Codes of the findings naming `cpr_aed`, sorted.
    codes: &'static [Code],
}

fn cpr_findings(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|finding| finding.requirement.as_deref() == Some("cpr_aed"))
        .collect()
}

#[test]
fn cpr_aed_before_its_notice_window_inside_it_on_the_day_and_after() {
    const HEAD: Role = Role::HeadCoach;
    let current = || vec![evidence(Course::FirstAidCprAed, Some("2026-03-01"), None)];
    // Valid on 2026-12-01, lapsed before 2027-01-01.
    let lapsing = || {
        vec![evidence(
            Course::CprAed,
            Some("2024-12-10"),
            Some("2026-12-31"),
        )]
    };
    // 730 days from completion: through 2027-02-22, inside 60 days on 2027-01-15.
    let expiring = || vec![evidence(Course::FirstAidCprAed, Some("2025-02-22"), None)];
    let cpr_only = || vec![evidence(Course::CprOnly, Some("2026-05-09"), None)];
    let cases = vec![
        EffectiveCase {
            name: "nothing on file, before the notice window (it opens 2026-11-02)",
            role: HEAD,
            certificates: vec![],
            as_of: "2026-10-01",
            status: Upcoming,
            codes: &[],
        },
        EffectiveCase {
            name: "nothing on file, the day before the notice window",
            role: HEAD,
            certificates: vec![],
            as_of: "2026-11-01",
            status: Upcoming,
            codes: &[],
        },
        EffectiveCase {
            name: "nothing on file, the first day of the notice window",
            role: HEAD,
            certificates: vec![],
            as_of: "2026-11-02",
            status: Upcoming,
            codes: &[Code::RequirementUpcoming],
        },
        EffectiveCase {
            name: "nothing on file, the day before it takes effect",
            role: HEAD,
            certificates: vec![],
            as_of: "2026-12-31",
            status: Upcoming,
            codes: &[Code::RequirementUpcoming],
        },
        EffectiveCase {
            name: "nothing on file, on the day",
            role: HEAD,
            certificates: vec![],
            as_of: "2027-01-01",
            status: Missing,
            codes: &[Code::MissingRequirement],
        },
        EffectiveCase {
            name: "nothing on file, after",
            role: Role::AssistantCoach,
            certificates: vec![],
            as_of: "2027-06-30",
            status: Missing,
            codes: &[Code::MissingRequirement],
        },
        EffectiveCase {
            name: "a current certificate before the window",
            role: HEAD,
            certificates: current(),
            as_of: "2026-10-01",
            status: Ok,
            codes: &[],
        },
        EffectiveCase {
            name: "a current certificate inside the window",
            role: HEAD,
            certificates: current(),
            as_of: "2026-12-10",
            status: Ok,
            codes: &[],
        },
        EffectiveCase {
            name: "a current certificate on the day",
            role: HEAD,
            certificates: current(),
            as_of: "2027-01-01",
            status: Ok,
            codes: &[],
        },
        EffectiveCase {
            name: "valid today but lapsing before the effective date, outside the window",
            role: HEAD,
            certificates: lapsing(),
            as_of: "2026-10-01",
            status: Upcoming,
            codes: &[],
        },
        EffectiveCase {
            name: "valid today but lapsing before the effective date, inside the window",
            role: HEAD,
            certificates: lapsing(),
            as_of: "2026-12-01",
            status: Upcoming,
            codes: &[Code::RequirementUpcoming],
        },
        EffectiveCase {
            name: "lapsed on Dec 31, judged on the day",
            role: HEAD,
            certificates: lapsing(),
            as_of: "2027-01-01",
            status: Expired,
            codes: &[Code::RequirementExpired],
        },
        EffectiveCase {
            name: "expiring within 60 days is only news once in force",
            role: HEAD,
            certificates: expiring(),
            as_of: "2026-12-10",
            status: Ok,
            codes: &[],
        },
        EffectiveCase {
            name: "expiring within 60 days once in force",
            role: HEAD,
            certificates: expiring(),
            as_of: "2027-01-15",
            status: Ok,
            codes: &[Code::RequirementExpiring],
        },
        EffectiveCase {
            name: "expiring: the last day it counts",
            role: HEAD,
            certificates: expiring(),
            as_of: "2027-02-22",
            status: Ok,
            codes: &[Code::RequirementExpiring],
        },
        EffectiveCase {
            name: "expired the day after",
            role: HEAD,
            certificates: expiring(),
            as_of: "2027-02-23",
            status: Expired,
            codes: &[Code::RequirementExpired],
        },
        EffectiveCase {
            name: "a CPR-only card is named before the date, outside the window",
            role: HEAD,
            certificates: cpr_only(),
            as_of: "2026-10-01",
            status: Upcoming,
            codes: &[Code::UnacceptedCertificate],
        },
        EffectiveCase {
            name: "a CPR-only card inside the window",
            role: HEAD,
            certificates: cpr_only(),
            as_of: "2026-12-10",
            status: Upcoming,
            codes: &[Code::UnacceptedCertificate, Code::RequirementUpcoming],
        },
        EffectiveCase {
            name: "a CPR-only card once in force",
            role: HEAD,
            certificates: cpr_only(),
            as_of: "2027-01-15",
            status: Missing,
            codes: &[Code::UnacceptedCertificate, Code::MissingRequirement],
        },
        EffectiveCase {
            name: "a team manager does not need it",
            role: Role::TeamManager,
            certificates: vec![],
            as_of: "2027-01-15",
            status: NotRequired,
            codes: &[],
        },
    ];
    let policy = Policy::default();
    let mut problems = Vec::new();
    for case in cases {
        let coach = coach(case.role);
        let (requirements, findings) =
            policy.evaluate(&policy.facts(&coach), &case.certificates, date(case.as_of));
        let got = requirements.get("cpr_aed").expect("cpr_aed is built in");
        if got.status != case.status {
            problems.push(format!(
                "{}: status {:?}, want {:?}",
                case.name, got.status, case.status
            ));
        }
        let mine = cpr_findings(&findings);
        let mut codes: Vec<Code> = mine.iter().map(|finding| finding.code).collect();
        codes.sort();
        let mut want = case.codes.to_vec();
        want.sort();
        if codes != want {
            problems.push(format!("{}: codes {codes:?}, want {want:?}", case.name));
        }
        for finding in mine {
            if finding.coach_id.as_deref() != Some("C7") || finding.action.is_empty() {
                problems.push(format!("{}: {finding:?} lacks coach or action", case.name));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_upcoming_notice_says_when_and_names_a_lapsing_certificate() {
    let policy = Policy::default();
    let coach = coach(Role::HeadCoach);
    let facts = policy.facts(&coach);
    let (requirements, findings) = policy.evaluate(&facts, &[], date("2026-12-10"));
    let detail = &requirements.get("cpr_aed").unwrap().detail;
    assert!(detail.contains("needed from Jan 1, 2027"), "{detail}");
    let notice = cpr_findings(&findings)[0];
    assert_eq!(notice.code, Code::RequirementUpcoming);
    assert!(
        notice.message.contains("CPR/AED needed from Jan 1, 2027"),
        "{}",
        notice.message
    );
    assert!(notice.action.contains("CPR and AED"), "{}", notice.action);
    assert_eq!(notice.file, None);

    let lapsing = [evidence(
        Course::CprAed,
        Some("2024-12-10"),
        Some("2026-12-31"),
    )];
    let (_, findings) = policy.evaluate(&facts, &lapsing, date("2026-12-10"));
    let notice = cpr_findings(&findings)[0];
    assert_eq!(notice.code, Code::RequirementUpcoming);
    assert_eq!(notice.file.as_deref(), Some("certificates/cpr_aed.pdf"));
}

#[test]
fn a_league_season_window_requirement_keeps_a_june_completion_through_next_july() {
    // The SafeSport season window of a league (June 1 → July 31 of the next year),
    // end to end through the requirement list.
    let policy = Policy {
        safesport_season_window: Some(SeasonWindow {
            from: "06-01".into(),
            through: "07-31".into(),
        }),
        ..Policy::default()
    }
    .resolved();
    let coach = coach(Role::TeamManager);
    let facts = policy.facts(&coach);
    let june = [evidence(Course::SafesportCore, Some("2026-06-01"), None)];
    let may = [evidence(Course::SafesportCore, Some("2026-05-31"), None)];
    let table = [
        (&june[..], "2027-07-31", Ok),
        (&june[..], "2027-08-01", Expired),
        (&may[..], "2026-07-31", Ok),
        (&may[..], "2026-08-01", Expired),
    ];
    for (certificates, as_of, want) in table {
        let (requirements, _) = policy.evaluate(&facts, certificates, date(as_of));
        assert_eq!(
            requirements.get("safesport").unwrap().status,
            want,
            "{as_of}"
        );
    }
}
