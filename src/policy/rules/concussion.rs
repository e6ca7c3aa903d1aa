//! concussion
//!
//! **What it checks:** concussion training. By default any grassroots course or national
//! license D+ counts (the concussion module is part of it), as does a CDC HEADS UP / NFHS
//! certificate or U.S. Soccer's "Introduction to Safe and Healthy Playing Environments".
//! With `concussion = "separate"` only the last two count, valid `concussion_valid_days`.
//! **Why:** California law (AB 2007 / AB 379) requires concussion education for coaches.
//! **What the coach must do:** take CDC HEADS UP (free, online) or a grassroots course.

use chrono::{Days, NaiveDate};

use crate::certificates::Course;
use crate::findings::{Code, Finding};
use crate::policy::rules::{files, of_courses, LICENSES_D_AND_ABOVE};
use crate::policy::{human_date, CoachFacts, ConcussionRule, Duty, Evidence, Outcome, Policy};
use crate::report::RequirementStatus;

/// Evaluates the concussion requirement.
pub fn evaluate(
    policy: &Policy,
    coach: &CoachFacts<'_>,
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> Outcome {
    if coach.duty == Duty::SafetyOnly {
        return Outcome::not_required("not required for team managers");
    }
    let mut accepted = vec![Course::Concussion, Course::SafeHealthyEnvironments];
    if policy.concussion == ConcussionRule::Grassroots {
        accepted.extend([
            Course::Grassroots4v4,
            Course::Grassroots7v7,
            Course::Grassroots9v9,
            Course::Grassroots11v11,
        ]);
        accepted.extend(LICENSES_D_AND_ABOVE);
    }
    let found = of_courses(evidence, &accepted);
    let valid_until = |item: &Evidence| -> Option<NaiveDate> {
        if let Some(printed) = item.expires_on {
            return Some(printed);
        }
        let separate = matches!(
            item.course,
            Course::Concussion | Course::SafeHealthyEnvironments
        );
        if separate && policy.concussion_valid_days > 0 {
            item.completed_on?
                .checked_add_days(Days::new(u64::from(policy.concussion_valid_days)))
        } else {
            None
        }
    };
    let current: Vec<&Evidence> = found
        .iter()
        .copied()
        .filter(|item| valid_until(item).is_none_or(|until| as_of <= until))
        .collect();
    if !current.is_empty() {
        return Outcome::ok(files(&current), "concussion training on file");
    }
    if let Some(lapsed) = found.first() {
        let until = valid_until(lapsed).map(human_date).unwrap_or_default();
        return Outcome::with(
            RequirementStatus::Expired,
            files(&found),
            format!("concussion training lapsed on {until}"),
        )
        .finding(
            Finding::new(
                Code::MissingConcussion,
                format!("Concussion training on file lapsed on {until}."),
                "Retake concussion training: the free CDC \"HEADS UP to Youth Sports\" online course (or NFHS \"Concussion in Sports\"), then send the new certificate.",
            )
            .coach(coach.id)
            .file(lapsed.file.clone()),
        );
    }
    Outcome::with(RequirementStatus::Missing, Vec::new(), "no concussion training on file").finding(
        Finding::new(
            Code::MissingConcussion,
            "No concussion training on file.",
            "Complete concussion training: the free CDC \"HEADS UP to Youth Sports\" online course, or U.S. Soccer's \"Introduction to Safe and Healthy Playing Environments\" (your grassroots course also covers it), then send the certificate.",
        )
        .coach(coach.id),
    )
}
