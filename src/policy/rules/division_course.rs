//! division_course
//!
//! **What it checks:** for every format the coach's teams play (U5–U8 4v4, U9–U10 7v7,
//! U11–U12 9v9, U13+ 11v11 by default), the grassroots course of that format or a national
//! license D or above (legacy E/F only where the policy says so).
//! **Why:** the league's affiliation requires the course for the division's game model.
//! **Example:** a U10 coach holding only a 9v9 course → `wrong_level`; a coach of a U8 and a
//! U10 team holding only 4v4 → `missing` (7v7).
//! **What the coach must do:** take the named course (online or in person) and send it.

use crate::certificates::Course;
use crate::findings::{Code, Finding};
use crate::policy::rules::{
    course_format, files, grassroots_course, of_courses, LEGACY_LICENSES, LICENSES_D_AND_ABOVE,
};
use crate::policy::{CoachFacts, Duty, Evidence, Format, Outcome, Policy, TeamNeed};
use crate::report::RequirementStatus;

/// Evaluates the division-course requirement.
pub fn evaluate(policy: &Policy, coach: &CoachFacts<'_>, evidence: &[Evidence]) -> Outcome {
    if coach.duty == Duty::SafetyOnly {
        return Outcome::not_required("not required for team managers");
    }
    let mut licenses = LICENSES_D_AND_ABOVE.to_vec();
    if policy.legacy_licenses_count {
        licenses.extend(LEGACY_LICENSES);
    }
    let held_licenses = of_courses(evidence, &licenses);
    let grassroots = of_courses(
        evidence,
        &[
            Course::Grassroots4v4,
            Course::Grassroots7v7,
            Course::Grassroots9v9,
            Course::Grassroots11v11,
        ],
    );
    let mut formats: Vec<Format> = coach.teams.iter().filter_map(|team| team.format).collect();
    formats.sort();
    formats.dedup();
    if formats.is_empty() {
        // No division could be read (an `unknown_division` finding says so): any course counts.
        let any: Vec<&Evidence> = held_licenses.iter().chain(&grassroots).copied().collect();
        if any.is_empty() {
            return Outcome::with(
                RequirementStatus::Missing,
                Vec::new(),
                "no grassroots course; division unknown",
            )
            .finding(
                Finding::new(
                    Code::MissingCourse,
                    "No grassroots course on file, and the team's division could not be read from the roster.",
                    "Take the Grassroots course for your team's format (4v4 for U6–U8, 7v7 for U9–U10, 9v9 for U11–U12, 11v11 for U13 and older) at the U.S. Soccer Learning Center, online or in person, and send the certificate.",
                )
                .coach(coach.id),
            );
        }
        return Outcome::ok(files(&any), "a course is on file (division unknown)");
    }
    if !held_licenses.is_empty() {
        return Outcome::ok(files(&held_licenses), "covered by a national license");
    }
    let mut covered = Vec::new();
    let mut missing = Vec::new();
    for format in &formats {
        let course = grassroots_course(*format);
        match grassroots.iter().find(|item| item.course == course) {
            Some(item) => covered.push(*item),
            None => missing.push(*format),
        }
    }
    if missing.is_empty() {
        let detail = formats
            .iter()
            .map(|format| format.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return Outcome::ok(files(&covered), format!("{detail} grassroots on file"));
    }
    let only_wrong = covered.is_empty() && !grassroots.is_empty();
    let mut outcome = if only_wrong {
        let held: Vec<&str> = grassroots
            .iter()
            .filter_map(|item| course_format(item.course).map(Format::as_str))
            .collect();
        Outcome::with(
            RequirementStatus::WrongLevel,
            files(&grassroots),
            format!(
                "holds {} but the team plays {}",
                join_unique(&held),
                join_unique(&missing.iter().map(|f| f.as_str()).collect::<Vec<_>>())
            ),
        )
    } else {
        Outcome::with(
            RequirementStatus::Missing,
            files(&covered),
            format!(
                "no {} grassroots course",
                missing
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        )
    };
    for format in missing {
        let teams: Vec<&TeamNeed> = coach
            .teams
            .iter()
            .filter(|team| team.format == Some(format))
            .collect();
        let team_words = describe_teams(&teams);
        let course = format!("{} Grassroots course", format.as_str());
        if only_wrong {
            let wrong = grassroots[0];
            let wrong_format = course_format(wrong.course).map_or("other", Format::as_str);
            outcome = outcome.finding(
                Finding::new(
                    Code::WrongCourseLevel,
                    format!(
                        "Holds the {wrong_format} Grassroots course, but {team_words} plays {}.",
                        format.as_str()
                    ),
                    format!(
                        "Take the {course} (online or in person) at the U.S. Soccer Learning Center; {team_words} plays {}. Your {wrong_format} course does not cover it.",
                        format.as_str()
                    ),
                )
                .coach(coach.id)
                .file(wrong.file.clone()),
            );
        } else {
            outcome = outcome.finding(
                Finding::new(
                    Code::MissingCourse,
                    format!("No {course} on file for {team_words}."),
                    format!(
                        "Take the {course} (online or in person) at the U.S. Soccer Learning Center; {team_words} plays {}. Send the certificate when done.",
                        format.as_str()
                    ),
                )
                .coach(coach.id),
            );
        }
    }
    outcome
}

fn describe_teams(teams: &[&TeamNeed]) -> String {
    match teams {
        [] => "your team".to_string(),
        [team] => format!("your {} team ({})", display_division(team), team.team),
        many => format!(
            "your teams {}",
            many.iter()
                .map(|team| format!("{} ({})", team.team, display_division(team)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn display_division(team: &TeamNeed) -> String {
    match team.age_group {
        Some(age) => format!("U{age}"),
        None => team.division.clone(),
    }
}

fn join_unique(items: &[&str]) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for item in items {
        if !unique.contains(item) {
            unique.push(item);
        }
    }
    unique.join(" and ")
}
