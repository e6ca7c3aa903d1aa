//! The requirement engine: one [`Requirement`] (data) + one coach's facts and evidence →
//! the requirement's result and the findings it raises. Every requirement goes through
//! the same steps: does it apply to the coach, is it in force yet (before its
//! `effective_from` it is judged as of that date and reported `upcoming`), what evidence
//! counts, and is it still valid. Pure: no I/O, no clock.

use chrono::{Datelike, Days, NaiveDate};

use crate::certificates::Course;
use crate::findings::{Code, Finding, Severity};
use crate::policy::requirement::{Check, Requirement, SatisfiedBy, Validity};
use crate::policy::{
    human_date, rules, CoachFacts, Evidence, EvidenceSource, Format, Outcome, Policy, TeamNeed,
};
use crate::verdict::RequirementStatus;

/// The finding codes a requirement raises: the built-in requirements keep the codes of
/// SPEC §7; every other requirement uses the generic ones with its `requirement` id.
#[derive(Clone, Copy, Debug)]
struct Codes {
    missing: Code,
    expired: Code,
    expiring: Code,
    wrong_level: Code,
}

fn codes_for(id: &str) -> Codes {
    let generic = Codes {
        missing: Code::MissingRequirement,
        expired: Code::RequirementExpired,
        expiring: Code::RequirementExpiring,
        wrong_level: Code::MissingRequirement,
    };
    match id {
        "intro_module" => Codes {
            missing: Code::MissingIntroModule,
            ..generic
        },
        "division_course" => Codes {
            missing: Code::MissingCourse,
            wrong_level: Code::WrongCourseLevel,
            ..generic
        },
        "concussion" => Codes {
            missing: Code::MissingConcussion,
            expired: Code::MissingConcussion,
            ..generic
        },
        "safesport" => Codes {
            missing: Code::MissingSafesport,
            expired: Code::SafesportExpired,
            expiring: Code::SafesportExpiring,
            ..generic
        },
        _ => generic,
    }
}

/// Evaluates one requirement for one coach as of `as_of`.
pub fn evaluate(
    policy: &Policy,
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> Outcome {
    let teams: Vec<&TeamNeed> = coach
        .teams
        .iter()
        .filter(|team| applies(requirement, team))
        .collect();
    let applies_without_team = coach.teams.is_empty()
        && requirement.applies_to.roles.is_empty()
        && requirement.applies_to.divisions.is_empty()
        && requirement.applies_to.formats.is_empty();
    if teams.is_empty() && !applies_without_team {
        return Outcome::not_required(format!("not required for {}", roles_in_words(coach)));
    }
    // Registration records count only where the league accepts them; where they and a
    // certificate disagree, the coordinator is told either way.
    let accepted: Vec<Evidence>;
    let counted = if requirement.accept_registration_records
        || evidence
            .iter()
            .all(|item| item.source == EvidenceSource::Certificate)
    {
        evidence
    } else {
        accepted = evidence
            .iter()
            .filter(|item| item.source == EvidenceSource::Certificate)
            .cloned()
            .collect();
        &accepted
    };
    let mut outcome = match requirement.effective_from {
        Some(from) if as_of < from => {
            upcoming(policy, requirement, coach, &teams, counted, as_of, from)
        }
        _ => in_force(policy, requirement, coach, &teams, counted, as_of),
    };
    outcome
        .findings
        .extend(registration_mismatches(requirement, coach, evidence));
    tag(outcome, requirement)
}

/// Days apart beyond which a registration record's date and a certificate's disagree.
const DATES_DISAGREE_DAYS: i64 = 180;

/// `registration_record_mismatch` for each registration record that disagrees with a
/// certificate for the same requirement: another format's course, or a completion or
/// expiry date more than half a year apart.
fn registration_mismatches(
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    evidence: &[Evidence],
) -> Vec<Finding> {
    if evidence
        .iter()
        .all(|item| item.source == EvidenceSource::Certificate)
    {
        return Vec::new();
    }
    let courses = requirement.satisfied_by.all_courses();
    let relevant = |item: &&Evidence| {
        courses.contains(&item.course)
            || requirement
                .not_accepted
                .iter()
                .any(|(course, _)| *course == item.course)
    };
    let certificates: Vec<&Evidence> = evidence
        .iter()
        .filter(|item| item.source == EvidenceSource::Certificate)
        .filter(relevant)
        .collect();
    if certificates.is_empty() {
        return Vec::new();
    }
    let format_of = |course: Course| match &requirement.satisfied_by {
        SatisfiedBy::PerFormat { by_format, .. } => by_format
            .iter()
            .find(|(_, courses)| courses.contains(&course))
            .map(|(format, _)| *format),
        SatisfiedBy::Courses(_) => None,
    };
    let apart = |a: Option<NaiveDate>, b: Option<NaiveDate>| match (a, b) {
        (Some(a), Some(b)) => (a - b).num_days().abs() > DATES_DISAGREE_DAYS,
        _ => false,
    };
    let describe = |item: &Evidence| {
        let mut words = course_name(item.course);
        if let Some(date) = item.completed_on {
            words.push_str(&format!(" completed {}", human_date(date)));
        }
        if let Some(date) = item.expires_on {
            words.push_str(&format!(", expiring {}", human_date(date)));
        }
        words
    };
    let mut findings = Vec::new();
    for record in evidence
        .iter()
        .filter(|item| item.source == EvidenceSource::RegistrationRecord)
        .filter(relevant)
    {
        let same_course = certificates.iter().any(|c| c.course == record.course);
        let disagreeing = certificates.iter().find(|certificate| {
            let other_format = !same_course
                && format_of(record.course).is_some()
                && format_of(certificate.course).is_some()
                && format_of(record.course) != format_of(certificate.course);
            let dates = certificate.course == record.course
                && (apart(record.completed_on, certificate.completed_on)
                    || apart(record.expires_on, certificate.expires_on));
            other_format || dates
        });
        if let Some(certificate) = disagreeing {
            findings.push(
                Finding::new(
                    Code::RegistrationRecordMismatch,
                    format!(
                        "The registration record ({}) says {}, but the certificate {} shows {}.",
                        record.file,
                        describe(record),
                        certificate.file,
                        describe(certificate)
                    ),
                    "Check which is right: correct the record in the registration system, or ask the coach for the current certificate.",
                )
                .coach(coach.id)
                .file(certificate.file.clone()),
            );
        }
    }
    findings
}

/// Every finding of an outcome names its requirement; the result carries its title.
fn tag(mut outcome: Outcome, requirement: &Requirement) -> Outcome {
    outcome.result.title = requirement.title.clone();
    for finding in &mut outcome.findings {
        finding.requirement = Some(requirement.id.clone());
    }
    outcome
}

fn applies(requirement: &Requirement, team: &TeamNeed) -> bool {
    let rule = &requirement.applies_to;
    (rule.roles.is_empty() || rule.roles.contains(&team.role))
        && (rule.divisions.is_empty()
            || team
                .age_group
                .is_some_and(|age| rule.divisions.contains(&age)))
        && (rule.formats.is_empty()
            || team
                .format
                .is_some_and(|format| rule.formats.contains(&format)))
}

fn roles_in_words(coach: &CoachFacts<'_>) -> String {
    let mut roles: Vec<String> = coach
        .teams
        .iter()
        .map(|team| team.role.as_str().replace('_', " ") + "s")
        .collect();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        "coaches without a team".to_string()
    } else {
        roles.join(" and ")
    }
}

/// Before `effective_from`: judged as of that date. Satisfied then → `ok`; otherwise
/// `upcoming` (the coach stays cleared today), with `requirement_upcoming` from
/// `notice_days` before the date, carrying the next step.
fn upcoming(
    policy: &Policy,
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    teams: &[&TeamNeed],
    evidence: &[Evidence],
    as_of: NaiveDate,
    from: NaiveDate,
) -> Outcome {
    let judged = in_force(policy, requirement, coach, teams, evidence, from);
    if matches!(
        judged.result.status,
        RequirementStatus::Ok | RequirementStatus::NotRequired
    ) {
        let mut outcome = judged;
        outcome
            .findings
            .retain(|finding| finding.severity != Severity::Info);
        return outcome;
    }
    let when = human_date(from);
    let mut outcome = Outcome::with(
        RequirementStatus::Upcoming,
        judged.result.evidence.clone(),
        format!("needed from {when}: {}", judged.result.detail),
    );
    let first_action = judged
        .findings
        .iter()
        .find(|finding| finding.severity == Severity::Action);
    let notice_starts = from
        .checked_sub_days(Days::new(u64::from(requirement.notice_days)))
        .unwrap_or(from);
    if as_of >= notice_starts {
        let (message, action, file) = match first_action {
            Some(finding) => (
                finding.message.clone(),
                finding.action.clone(),
                finding.file.clone(),
            ),
            None => (
                format!("No {} on file.", requirement.title),
                fill(&requirement.action, requirement, coach, None, None),
                None,
            ),
        };
        let mut finding = Finding::new(
            Code::RequirementUpcoming,
            format!("{} needed from {when}: {message}", requirement.title),
            action,
        )
        .coach(coach.id);
        if let Some(file) = file {
            finding = finding.file(file);
        }
        outcome = outcome.finding(finding);
    }
    // Review items (a certificate that does not count) matter already.
    for finding in judged.findings {
        if finding.severity == Severity::Review {
            outcome = outcome.finding(finding);
        }
    }
    outcome
}

fn in_force(
    policy: &Policy,
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    teams: &[&TeamNeed],
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> Outcome {
    match requirement.check {
        Check::Roster => Outcome::ok(Vec::new(), "on the roster"),
        Check::BackgroundCheck => rules::background_check::evaluate(policy, coach, as_of),
        Check::Certificates => match &requirement.satisfied_by {
            SatisfiedBy::Courses(courses) => {
                by_courses(policy, requirement, coach, courses, evidence, as_of)
            }
            SatisfiedBy::PerFormat { by_format, any } => by_format_courses(
                policy,
                requirement,
                coach,
                teams,
                by_format,
                any,
                evidence,
                as_of,
            ),
        },
    }
}

/// When a completion stops counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lapse {
    /// It never lapses.
    Never,
    /// It counts through this day.
    After(NaiveDate),
    /// The date it depends on was not read.
    Unknown,
}

/// When a completion stops counting under `validity`. A printed expiry wins, except for
/// `forever`.
pub fn valid_through(policy: &Policy, validity: &Validity, item: &Evidence) -> Lapse {
    if *validity == Validity::Forever {
        return Lapse::Never;
    }
    if let Some(printed) = item.expires_on {
        return Lapse::After(printed);
    }
    let Some(completed) = item.completed_on else {
        return Lapse::Unknown;
    };
    let through = match validity {
        Validity::Forever => return Lapse::Never,
        Validity::Days(days) | Validity::PrintedOrDays(days) => {
            completed.checked_add_days(Days::new(u64::from(*days)))
        }
        Validity::Season => {
            let start = policy.season_start_for(completed);
            start
                .with_year(start.year() + 1)
                .and_then(|next| next.pred_opt())
        }
        Validity::SeasonWindow { from, through } => {
            match NaiveDate::from_ymd_opt(completed.year(), from.0, from.1) {
                Some(window_start) => {
                    let end_year = if completed >= window_start {
                        completed.year() + 1
                    } else {
                        completed.year()
                    };
                    // "02-29" in a year without one is the last day of February.
                    NaiveDate::from_ymd_opt(end_year, through.0, through.1).or_else(|| {
                        NaiveDate::from_ymd_opt(end_year, through.0, through.1.saturating_sub(1))
                    })
                }
                None => None,
            }
        }
    };
    through.map_or(Lapse::Unknown, Lapse::After)
}

/// The certificates of `courses`, newest completion first (ties by file).
fn of_courses<'a>(evidence: &'a [Evidence], courses: &[Course]) -> Vec<&'a Evidence> {
    let mut found: Vec<&Evidence> = evidence
        .iter()
        .filter(|item| courses.contains(&item.course))
        .collect();
    found.sort_by(|a, b| {
        b.completed_on
            .cmp(&a.completed_on)
            .then_with(|| a.file.cmp(&b.file))
    });
    found
}

fn files(items: &[&Evidence]) -> Vec<String> {
    let mut files: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !files.contains(&item.file) {
            files.push(item.file.clone());
        }
    }
    files
}

/// Satisfied by any one current certificate of `courses`.
fn by_courses(
    policy: &Policy,
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    courses: &[Course],
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> Outcome {
    let codes = codes_for(&requirement.id);
    let found = of_courses(evidence, courses);
    let mut current: Vec<(&Evidence, Option<NaiveDate>)> = Vec::new();
    let mut lapsed: Vec<(&Evidence, NaiveDate)> = Vec::new();
    let mut undated: Vec<&Evidence> = Vec::new();
    for item in &found {
        match valid_through(policy, &requirement.valid, item) {
            Lapse::Never => current.push((item, None)),
            Lapse::After(until) if until >= as_of => current.push((item, Some(until))),
            Lapse::After(until) => lapsed.push((item, until)),
            // A registration record without a date says nothing about how long it counts.
            Lapse::Unknown if item.source == EvidenceSource::RegistrationRecord => {}
            Lapse::Unknown => undated.push(item),
        }
    }
    if !current.is_empty() {
        // The certificate that counts longest decides when it lapses.
        let best = current
            .iter()
            .max_by_key(|(_, until)| until.unwrap_or(NaiveDate::MAX))
            .map(|(item, until)| (*item, *until));
        let items: Vec<&Evidence> = current.iter().map(|(item, _)| *item).collect();
        let Some((best_item, best_until)) = best else {
            return Outcome::ok(files(&items), format!("{} on file", requirement.title));
        };
        let detail = match best_until {
            Some(until) => format!("valid through {}", human_date(until)),
            None if best_item.course == courses[0] => format!("{} on file", requirement.title),
            None => format!("covered by {}", course_name(best_item.course)),
        };
        let mut outcome = Outcome::ok(files(&items), detail);
        if let Some(until) = best_until {
            let days_left = (until - as_of).num_days();
            if requirement.expiring_days > 0 && days_left <= i64::from(requirement.expiring_days) {
                outcome = outcome.finding(
                    Finding::new(
                        codes.expiring,
                        format!(
                            "{} expires on {} ({} days).",
                            requirement.title,
                            human_date(until),
                            days_left
                        ),
                        format!(
                            "Before {}: {}",
                            human_date(until),
                            fill(&requirement.action_expired, requirement, coach, None, None)
                        ),
                    )
                    .coach(coach.id)
                    .file(best_item.file.clone()),
                );
            }
        }
        return outcome;
    }
    let mut outcome = if let Some((latest, until)) = lapsed.first() {
        let items: Vec<&Evidence> = lapsed.iter().map(|(item, _)| *item).collect();
        let completed = latest
            .completed_on
            .map(|date| format!(" (completed {})", human_date(date)))
            .unwrap_or_default();
        Outcome::with(
            RequirementStatus::Expired,
            files(&items),
            format!("expired {}", human_date(*until)),
        )
        .finding(
            Finding::new(
                codes.expired,
                format!(
                    "{} on file expired on {}{completed}.",
                    requirement.title,
                    human_date(*until)
                ),
                fill(&requirement.action_expired, requirement, coach, None, None),
            )
            .coach(coach.id)
            .file(latest.file.clone()),
        )
    } else if let Some(item) = undated.first() {
        Outcome::with(
            RequirementStatus::Missing,
            files(&undated),
            format!(
                "{} certificate without a readable completion date",
                requirement.title
            ),
        )
        .finding(
            Finding::new(
                codes.missing,
                format!(
                    "The {} certificate on file has no readable completion date.",
                    requirement.title
                ),
                format!(
                    "Send a certificate that shows the completion date. {}",
                    fill(&requirement.action, requirement, coach, None, None)
                ),
            )
            .coach(coach.id)
            .file(item.file.clone()),
        )
    } else {
        let unaccepted = unaccepted_evidence(requirement, evidence);
        let message = match unaccepted.first() {
            None => format!("No {} on file.", requirement.title),
            Some((item, why)) => format!(
                "No {} on file: {} does not count ({why}).",
                requirement.title, item.file
            ),
        };
        Outcome::with(
            RequirementStatus::Missing,
            Vec::new(),
            format!("no {} on file", requirement.title),
        )
        .finding(
            Finding::new(
                codes.missing,
                message,
                fill(&requirement.action, requirement, coach, None, None),
            )
            .coach(coach.id),
        )
    };
    outcome
        .findings
        .extend(unaccepted_findings(requirement, coach, evidence));
    outcome
}

/// The certificates of `not_accepted` courses, with why they do not count.
fn unaccepted_evidence<'a>(
    requirement: &'a Requirement,
    evidence: &'a [Evidence],
) -> Vec<(&'a Evidence, &'a str)> {
    let mut found: Vec<(&Evidence, &str)> = evidence
        .iter()
        .filter_map(|item| {
            requirement
                .not_accepted
                .iter()
                .find(|(course, _)| *course == item.course)
                .map(|(_, why)| (item, why.as_str()))
        })
        .collect();
    found.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    found
}

/// `unaccepted_certificate` for each certificate that looks close but does not count
/// (raised only while the requirement is unmet: beside a valid certificate it is moot).
fn unaccepted_findings(
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    evidence: &[Evidence],
) -> Vec<Finding> {
    unaccepted_evidence(requirement, evidence)
        .into_iter()
        .map(|(item, why)| {
            Finding::new(
                Code::UnacceptedCertificate,
                format!(
                    "{} is {why}; it does not satisfy the {} requirement.",
                    item.file, requirement.title
                ),
                fill(&requirement.action, requirement, coach, None, None),
            )
            .coach(coach.id)
            .file(item.file.clone())
        })
        .collect()
}

/// For each format the coach's teams play, a current course of that format (or of `any`).
#[allow(clippy::too_many_arguments)]
fn by_format_courses(
    policy: &Policy,
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    teams: &[&TeamNeed],
    by_format: &[(Format, Vec<Course>)],
    any: &[Course],
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> Outcome {
    let codes = codes_for(&requirement.id);
    let counts = |item: &&Evidence| match valid_through(policy, &requirement.valid, item) {
        Lapse::Never => true,
        Lapse::After(until) => until >= as_of,
        Lapse::Unknown => false,
    };
    let universal: Vec<&Evidence> = of_courses(evidence, any)
        .into_iter()
        .filter(counts)
        .collect();
    let format_courses: Vec<Course> = by_format
        .iter()
        .flat_map(|(_, courses)| courses.iter().copied())
        .collect();
    let held: Vec<&Evidence> = of_courses(evidence, &format_courses)
        .into_iter()
        .filter(counts)
        .collect();
    let mut formats: Vec<Format> = teams.iter().filter_map(|team| team.format).collect();
    formats.sort();
    formats.dedup();
    if formats.is_empty() {
        // No division could be read (an `unknown_division` finding says so): any course counts.
        let all: Vec<&Evidence> = universal.iter().chain(&held).copied().collect();
        if all.is_empty() {
            return Outcome::with(
                RequirementStatus::Missing,
                Vec::new(),
                format!("no {}; division unknown", requirement.title),
            )
            .finding(
                Finding::new(
                    codes.missing,
                    format!(
                        "No {} on file, and the team's division could not be read from the roster.",
                        requirement.title
                    ),
                    fill(
                        &requirement.action_unknown_division,
                        requirement,
                        coach,
                        None,
                        None,
                    ),
                )
                .coach(coach.id),
            );
        }
        return Outcome::ok(files(&all), "a course is on file (division unknown)");
    }
    if let Some(first) = universal.first() {
        return Outcome::ok(
            files(&universal),
            format!("covered by {}", course_name(first.course)),
        );
    }
    let format_of = |course: Course| {
        by_format
            .iter()
            .find(|(_, courses)| courses.contains(&course))
            .map(|(format, _)| *format)
    };
    let mut covered: Vec<&Evidence> = Vec::new();
    let mut missing: Vec<Format> = Vec::new();
    for format in &formats {
        let courses = by_format
            .iter()
            .find(|(f, _)| f == format)
            .map(|(_, courses)| courses.as_slice())
            .unwrap_or(&[]);
        match held.iter().find(|item| courses.contains(&item.course)) {
            Some(item) => covered.push(item),
            None => missing.push(*format),
        }
    }
    let words = |formats: &[Format], joiner: &str| {
        formats
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(joiner)
    };
    if missing.is_empty() {
        return Outcome::ok(
            files(&covered),
            format!("{} on file", words(&formats, ", ")),
        );
    }
    let only_wrong = covered.is_empty() && !held.is_empty();
    let mut held_formats: Vec<Format> = held
        .iter()
        .filter_map(|item| format_of(item.course))
        .collect();
    held_formats.dedup();
    let mut outcome = if only_wrong {
        Outcome::with(
            RequirementStatus::WrongLevel,
            files(&held),
            format!(
                "holds {} but the team plays {}",
                words(&held_formats, " and "),
                words(&missing, " and ")
            ),
        )
    } else {
        Outcome::with(
            RequirementStatus::Missing,
            files(&covered),
            format!("no {} course", words(&missing, " or ")),
        )
    };
    for format in missing {
        let format_teams: Vec<&TeamNeed> = teams
            .iter()
            .copied()
            .filter(|team| team.format == Some(format))
            .collect();
        let team_words = describe_teams(&format_teams);
        if only_wrong {
            let wrong = held[0];
            let wrong_format = format_of(wrong.course).map_or("other", Format::as_str);
            outcome = outcome.finding(
                Finding::new(
                    codes.wrong_level,
                    format!(
                        "Holds the {wrong_format} course, but {team_words} plays {}.",
                        format.as_str()
                    ),
                    fill(
                        &requirement.action_wrong_level,
                        requirement,
                        coach,
                        Some((format, &team_words)),
                        Some(wrong_format),
                    ),
                )
                .coach(coach.id)
                .file(wrong.file.clone()),
            );
        } else {
            outcome = outcome.finding(
                Finding::new(
                    codes.missing,
                    format!("No {} course on file for {team_words}.", format.as_str()),
                    fill(
                        &requirement.action,
                        requirement,
                        coach,
                        Some((format, &team_words)),
                        None,
                    ),
                )
                .coach(coach.id),
            );
        }
    }
    outcome
}

/// Fills the placeholders of an action text.
fn fill(
    text: &str,
    requirement: &Requirement,
    coach: &CoachFacts<'_>,
    format: Option<(Format, &str)>,
    held: Option<&str>,
) -> String {
    let mut out = text.replace("{title}", &requirement.title);
    if let Some((format, teams)) = format {
        out = out
            .replace("{format}", format.as_str())
            .replace("{teams}", teams);
    } else {
        let teams: Vec<&TeamNeed> = coach.teams.iter().collect();
        out = out
            .replace("{format}", "your team's")
            .replace("{teams}", &describe_teams(&teams));
    }
    if let Some(held) = held {
        out = out.replace("{held}", held);
    }
    if let Some(from) = requirement.effective_from {
        out = out.replace("{effective_from}", &human_date(from));
    }
    out
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

/// A course in words, for messages: the built-in names, else the id in words.
pub fn course_name(course: Course) -> String {
    let name = match course {
        Course::IntroGrassroots => "Introduction to Grassroots Coaching",
        Course::Grassroots4v4 => "4v4 Grassroots course",
        Course::Grassroots7v7 => "7v7 Grassroots course",
        Course::Grassroots9v9 => "9v9 Grassroots course",
        Course::Grassroots11v11 => "11v11 Grassroots course",
        Course::LicenseD => "a National D License",
        Course::LicenseC => "a National C License",
        Course::LicenseB => "a National B License",
        Course::LicenseA => "a National A License",
        Course::LicenseE => "a legacy E License",
        Course::LicenseF => "a legacy F License",
        Course::SafeHealthyEnvironments => "Introduction to Safe and Healthy Playing Environments",
        Course::SafesportCore => "SafeSport Trained (core)",
        Course::SafesportRefresher => "a SafeSport Refresher",
        Course::Concussion => "concussion training",
        Course::CprAed => "a CPR/AED certification",
        Course::FirstAidCprAed => "a First Aid/CPR/AED certification",
        Course::Bls => "a BLS certification",
        other => return other.id().replace('_', " "),
    };
    name.to_string()
}
