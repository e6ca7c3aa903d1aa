//! intro_module
//!
//! **What it checks:** an "Introduction to Grassroots Coaching" certificate, or a national
//! license D or above (legacy E/F only where the policy says so).
//! **Why:** U.S. Soccer's pathway starts with the module; it unlocks the grassroots courses.
//! **Example:** a U8 head coach with a 4v4 course but no intro certificate → `missing`.
//! **What the coach must do:** take the free ~20-minute online module and send the
//! certificate.

use crate::certificates::Course;
use crate::findings::{Code, Finding};
use crate::policy::rules::{files, of_courses, LEGACY_LICENSES, LICENSES_D_AND_ABOVE};
use crate::policy::{CoachFacts, Duty, Evidence, Outcome, Policy};
use crate::report::RequirementStatus;

/// Evaluates the intro-module requirement.
pub fn evaluate(policy: &Policy, coach: &CoachFacts<'_>, evidence: &[Evidence]) -> Outcome {
    if coach.duty == Duty::SafetyOnly {
        return Outcome::not_required("not required for team managers");
    }
    let mut accepted = vec![Course::IntroGrassroots];
    accepted.extend(LICENSES_D_AND_ABOVE);
    if policy.legacy_licenses_count_for_intro {
        accepted.extend(LEGACY_LICENSES);
    }
    let found = of_courses(evidence, &accepted);
    if let Some(first) = found.first() {
        let detail = if first.course == Course::IntroGrassroots {
            "Introduction to Grassroots Coaching on file".to_string()
        } else {
            "covered by a national license".to_string()
        };
        return Outcome::ok(files(&found), detail);
    }
    Outcome::with(
        RequirementStatus::Missing,
        Vec::new(),
        "no Introduction to Grassroots Coaching certificate",
    )
    .finding(
        Finding::new(
            Code::MissingIntroModule,
            "No \"Introduction to Grassroots Coaching\" certificate on file.",
            "Take the free \"Introduction to Grassroots Coaching\" module (about 20 minutes, online) at the U.S. Soccer Learning Center, then send the completion certificate (PDF) to the coach coordinator.",
        )
        .coach(coach.id),
    )
}
