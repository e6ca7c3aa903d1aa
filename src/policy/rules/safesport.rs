//! safesport
//!
//! **What it checks:** the latest "SafeSport Trained" (core) or Refresher completion is
//! current: within `safesport_valid_days` (365) of as-of, or its printed expiry is on/after
//! as-of, or (with a season window) it was completed on/after the window start and as-of is
//! on/before the window end of the following year. Within `expiring_days` of lapsing →
//! `safesport_expiring` (info). Module and other SafeSport certificates never count →
//! `unaccepted_certificate`.
//! **Why:** U.S. Soccer requires annual SafeSport training for every adult with access to
//! players.
//! **What the coach must do:** take the next course in the cycle and send the master
//! certificate from the SafeSport transcript.

use chrono::{Datelike, Days, NaiveDate};

use crate::certificates::Course;
use crate::findings::{Code, Finding};
use crate::policy::rules::{files, of_courses};
use crate::policy::{human_date, parse_month_day, CoachFacts, Evidence, Outcome, Policy};
use crate::report::RequirementStatus;

/// The last day a SafeSport completion is valid, under the policy.
pub fn valid_through(policy: &Policy, item: &Evidence) -> Option<NaiveDate> {
    if let Some(printed) = item.expires_on {
        return Some(printed);
    }
    let completed = item.completed_on?;
    if let Some(window) = &policy.safesport_season_window {
        let (from_month, from_day) = parse_month_day(&window.from)?;
        let (through_month, through_day) = parse_month_day(&window.through)?;
        let window_start = NaiveDate::from_ymd_opt(completed.year(), from_month, from_day)?;
        let end_year = if completed >= window_start {
            completed.year() + 1
        } else {
            completed.year()
        };
        return NaiveDate::from_ymd_opt(end_year, through_month, through_day);
    }
    completed.checked_add_days(Days::new(u64::from(policy.safesport_valid_days)))
}

/// Evaluates the SafeSport requirement.
pub fn evaluate(
    policy: &Policy,
    coach: &CoachFacts<'_>,
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> Outcome {
    let unaccepted: Vec<&Evidence> =
        of_courses(evidence, &[Course::SafesportModule, Course::SafesportOther]);
    let accepted = of_courses(
        evidence,
        &[Course::SafesportCore, Course::SafesportRefresher],
    );
    let mut outcome = match accepted.first() {
        None => {
            let (message, action) = if unaccepted.is_empty() {
                (
                    "No SafeSport training on file.".to_string(),
                    "Complete \"SafeSport Trained\" (the core course, about 90 minutes) at SafeSportTrained.org, selecting U.S. Soccer as your organization, then download the master \"SafeSport Trained\" certificate from Menu → Transcript → Certificates and send it.".to_string(),
                )
            } else {
                (
                    "Only a single SafeSport module or another SafeSport course is on file; it does not count.".to_string(),
                    "Finish all three modules of \"SafeSport Trained\" (core), then download the master \"SafeSport Trained\" certificate from Menu → Transcript → Certificates at SafeSportTrained.org and send that one — a single module certificate does not count.".to_string(),
                )
            };
            Outcome::with(
                RequirementStatus::Missing,
                Vec::new(),
                "no SafeSport Trained or Refresher certificate",
            )
            .finding(Finding::new(Code::MissingSafesport, message, action).coach(coach.id))
        }
        Some(latest) => match valid_through(policy, latest) {
            None => Outcome::with(
                RequirementStatus::Missing,
                files(&accepted),
                "SafeSport certificate without a readable completion date",
            )
            .finding(
                Finding::new(
                    Code::MissingSafesport,
                    "The SafeSport certificate on file has no readable completion date.",
                    "Download the master \"SafeSport Trained\" certificate (it shows the completion date) from Menu → Transcript → Certificates at SafeSportTrained.org and send it.",
                )
                .coach(coach.id)
                .file(latest.file.clone()),
            ),
            Some(through) if as_of > through => Outcome::with(
                RequirementStatus::Expired,
                files(&accepted),
                format!("expired {}", human_date(through)),
            )
            .finding(
                Finding::new(
                    Code::SafesportExpired,
                    format!(
                        "SafeSport training expired on {} (completed {}).",
                        human_date(through),
                        latest.completed_on.map(human_date).unwrap_or_default()
                    ),
                    format!(
                        "Take your next SafeSport course at SafeSportTrained.org ({}), then send the new certificate from Menu → Transcript → Certificates.",
                        next_in_cycle(latest.course)
                    ),
                )
                .coach(coach.id)
                .file(latest.file.clone()),
            ),
            Some(through) => {
                let days_left = (through - as_of).num_days();
                let outcome = Outcome::ok(
                    files(&accepted),
                    format!("valid through {}", human_date(through)),
                );
                if days_left <= i64::from(policy.expiring_days) {
                    outcome.finding(
                        Finding::new(
                            Code::SafesportExpiring,
                            format!(
                                "SafeSport training expires on {} ({} days).",
                                human_date(through),
                                days_left
                            ),
                            format!(
                                "Before {}, take your next SafeSport course at SafeSportTrained.org ({}) and send the new certificate.",
                                human_date(through),
                                next_in_cycle(latest.course)
                            ),
                        )
                        .coach(coach.id)
                        .file(latest.file.clone()),
                    )
                } else {
                    outcome
                }
            }
        },
    };
    for item in unaccepted {
        let what = if item.course == Course::SafesportModule {
            "a single SafeSport module certificate"
        } else {
            "a SafeSport course that is not the coach training"
        };
        outcome = outcome.finding(
            Finding::new(
                Code::UnacceptedCertificate,
                format!("{} is {what}; it does not satisfy the SafeSport requirement.", item.file),
                "Send the master \"SafeSport Trained\" certificate instead: at SafeSportTrained.org open Menu → Transcript → Certificates and download \"SafeSport Trained\" (available once all three core modules are done).",
            )
            .coach(coach.id)
            .file(item.file.clone()),
        );
    }
    outcome
}

fn next_in_cycle(course: Course) -> &'static str {
    match course {
        Course::SafesportCore => {
            "usually Refresher 1, or the core course if you were told to retake it"
        }
        _ => "the next Refresher, or the core course after Refresher 3",
    }
}
