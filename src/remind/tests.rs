//! Unit tests of what goes into a reminder and who gets one.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::*;
use crate::report::testing::sample;
use crate::report::CoachStatus;

/// The sample report, with a denied background check (vendor word "Red") for José and a
/// valid email for the hostile-named CS-2.
fn report() -> Report {
    let mut report = sample();
    report.coaches[1].email = Some("cs2@example.org".into());
    report.coaches[0].status = CoachStatus::ActionNeeded;
    report.findings.push(
        Finding::new(
            Code::BackgroundCheckDenied,
            "Background check does not clear this person to coach (status \"Red\").",
            "Cannot coach: the league's risk manager must contact this person privately.",
        )
        .coach("CS-1"),
    );
    report
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-10-01T12:00:00+00:00").unwrap()
}

fn plan_of(report: &Report, sent: &HashMap<String, SentReminder>) -> Plan {
    plan(report, &RemindConfig::default(), sent, now(), &[], 200)
}

#[test]
fn a_coach_gets_their_action_items_and_nothing_to_review() {
    let report = report();
    let items = items_for(&report, "CS-2", &RemindConfig::default());
    let titles: Vec<&str> = items.iter().map(|item| item.title.as_str()).collect();
    assert_eq!(titles, ["SafeSport expired", "Concussion training missing"]);
    assert_eq!(items[0].link, "https://safesporttrained.org");
    assert!(items[0].action.contains("SafeSport Refresher"));
    // CS-3 has only review findings: no reminder.
    assert!(items_for(&report, "CS-3", &RemindConfig::default()).is_empty());
}

#[test]
fn a_denied_background_check_becomes_the_neutral_line() {
    let report = report();
    let config = RemindConfig {
        risk_manager: Some("risk@example.org".into()),
        ..RemindConfig::default()
    };
    let items = items_for(&report, "CS-1", &config);
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.title, "Background check");
    assert_eq!(
        item.action,
        "Please contact the league's risk manager (risk@example.org)."
    );
    let plan = plan(&report, &config, &HashMap::new(), now(), &[], 200);
    let reminder = plan
        .messages
        .iter()
        .find(|reminder| reminder.coach_id == "CS-1")
        .unwrap();
    let (text, html) = Templates::load(None)
        .unwrap()
        .render(reminder, &report, &config)
        .unwrap();
    for body in [&text, &html] {
        for word in ["Red", "denied", "Denied", "does not clear", "privately"] {
            assert!(!body.contains(word), "{word:?} in a reminder:\n{body}");
        }
        assert!(body.contains("risk manager"));
    }
}

#[test]
fn missing_and_expired_checks_get_the_generic_step_without_status() {
    let mut report = report();
    report.findings.push(
        Finding::new(
            Code::BackgroundCheckExpired,
            "Background check expired on May 31, 2026 (status \"Green\").",
            "Renew your background check (Live Scan)",
        )
        .coach("CS-2"),
    );
    let items = items_for(&report, "CS-2", &RemindConfig::default());
    let check = items
        .iter()
        .find(|item| item.title == "Background check")
        .unwrap();
    assert!(check.detail.is_empty());
    assert!(!check.action.contains("expired") && !check.action.contains("Green"));
    assert!(check
        .action
        .contains("Complete the league's background check"));
}

#[test]
fn each_message_names_only_its_own_coach() {
    let report = report();
    let plan = plan_of(&report, &HashMap::new());
    let templates = Templates::load(None).unwrap();
    assert_eq!(
        plan.messages.len(),
        2,
        "CS-1 and CS-2; CS-3 only has reviews"
    );
    for reminder in &plan.messages {
        let (text, html) = templates
            .render(reminder, &report, &RemindConfig::default())
            .unwrap();
        for other in report.coaches.iter().filter(|c| c.id != reminder.coach_id) {
            assert!(
                !text.contains(&other.name),
                "{} in {}",
                other.name,
                reminder.name
            );
        }
        assert!(text.contains(&reminder.name));
        // The hostile name is text in the HTML part, never markup.
        assert!(!html.contains("<img"), "{html}");
    }
}

#[test]
fn no_email_or_a_shared_email_is_listed_for_the_coordinator() {
    let mut report = report();
    report.coaches[1].email = Some("JOSE@example.org ".into());
    let plan = plan_of(&report, &HashMap::new());
    assert!(plan.messages.is_empty(), "{:?}", plan.messages);
    let reasons: Vec<&str> = plan.not_emailed.iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons.iter().all(|reason| reason.contains("shared by 2")));
    report.coaches[1].email = None;
    let plan = plan_of(&report, &HashMap::new());
    assert_eq!(plan.not_emailed[0].reason, "no email on the roster");
    assert_eq!(plan.messages.len(), 1);
}

#[test]
fn the_same_items_wait_for_the_interval_and_a_change_sends_again() {
    let report = report();
    let first = plan_of(&report, &HashMap::new());
    let sent_at = |days_ago: i64| {
        let mut sent = HashMap::new();
        for reminder in &first.messages {
            sent.insert(
                reminder.coach_id.clone(),
                SentReminder {
                    items_hash: reminder.items_hash.clone(),
                    at: (now() - chrono::Duration::days(days_ago)).to_rfc3339(),
                },
            );
        }
        sent
    };
    let again = plan_of(&report, &sent_at(6));
    assert!(again.messages.is_empty());
    assert_eq!(again.recently_sent.len(), 2);
    assert_eq!(plan_of(&report, &sent_at(7)).messages.len(), 2);
    let mut changed = report.clone();
    changed.findings.push(
        Finding::new(
            Code::MissingIntroModule,
            "No intro module",
            "Take the intro module",
        )
        .coach("CS-2"),
    );
    let plan = plan_of(&changed, &sent_at(1));
    let ids: Vec<&str> = plan.messages.iter().map(|r| r.coach_id.as_str()).collect();
    assert_eq!(ids, ["CS-2"], "only the coach whose items changed");
}

#[test]
fn only_and_the_cap_limit_a_run() {
    let report = report();
    let only = plan(
        &report,
        &RemindConfig::default(),
        &HashMap::new(),
        now(),
        &["CS-2".to_string(), "NOPE".to_string()],
        200,
    );
    assert_eq!(only.messages.len(), 1);
    assert_eq!(only.unknown_ids, ["NOPE"]);
    let capped = plan(
        &report,
        &RemindConfig::default(),
        &HashMap::new(),
        now(),
        &[],
        1,
    );
    assert_eq!((capped.messages.len(), capped.held_back.len()), (1, 1));
}

#[test]
fn upcoming_requirements_carry_their_date_and_can_be_left_out() {
    let mut report = report();
    report.findings.push(
        Finding::new(
            Code::RequirementUpcoming,
            "CPR and AED certification is required from Jan 1, 2027.",
            "Take a CPR and AED course (American Red Cross, AHA Heartsaver)",
        )
        .coach("CS-2")
        .requirement("cpr_aed"),
    );
    let items = items_for(&report, "CS-2", &RemindConfig::default());
    let upcoming = items.iter().find(|item| item.soon).unwrap();
    assert_eq!(upcoming.title, "CPR and AED certification required soon");
    assert_eq!(upcoming.deadline, "Jan 1, 2027");
    let only_safesport = RemindConfig {
        requirements: vec!["safesport".into()],
        ..RemindConfig::default()
    };
    let titles: Vec<String> = items_for(&report, "CS-2", &only_safesport)
        .into_iter()
        .map(|item| item.title)
        .collect();
    assert_eq!(titles, ["SafeSport expired"]);
}

#[test]
fn dates_are_found_as_the_policy_writes_them() {
    let cases = [
        (
            "required from Jan 1, 2027.",
            NaiveDate::from_ymd_opt(2027, 1, 1),
        ),
        (
            "expires on 2026-11-15",
            NaiveDate::from_ymd_opt(2026, 11, 15),
        ),
        (
            "expires September 3, 2026",
            NaiveDate::from_ymd_opt(2026, 9, 3),
        ),
        ("no date here", None),
    ];
    for (text, expected) in cases {
        assert_eq!(date_in(text), expected, "{text}");
    }
}

#[test]
fn the_league_can_replace_a_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("remind.txt"),
        "Hi {{ name }}: {{ count }} to do.",
    )
    .unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let report = report();
    let plan = plan_of(&report, &HashMap::new());
    let (text, html) = templates
        .render(&plan.messages[0], &report, &RemindConfig::default())
        .unwrap();
    assert_eq!(text, "Hi José Muñoz-Ñúñez: 1 to do.");
    assert!(html.contains("<!DOCTYPE html>"), "the built-in HTML stays");
    std::fs::write(dir.path().join("remind.html"), "{% if %}").unwrap();
    let error = Templates::load(Some(dir.path())).err().unwrap();
    assert!(format!("{error:#}").contains("remind.html"));
}

#[test]
fn eml_file_names_are_safe() {
    assert_eq!(eml_file_name("CS-1"), "CS-1.eml");
    assert_eq!(eml_file_name("../etc/passwd"), "___etc_passwd.eml");
    assert_eq!(eml_file_name(""), "coach.eml");
}

#[test]
fn the_message_goes_to_the_coach_alone_and_a_hostile_name_cannot_add_a_header() {
    let mut report = report();
    report.coaches[1].name = "Eve\r\nBcc: everyone@example.org".into();
    let config = RemindConfig {
        from: "coordinator@example.org".into(),
        reply_to: Some("coordinator@example.org".into()),
        cc: vec!["registrar@example.org".into()],
        ..RemindConfig::default()
    };
    let plan = plan(
        &report,
        &config,
        &HashMap::new(),
        now(),
        &["CS-2".into()],
        200,
    );
    let reminder = &plan.messages[0];
    let (text, html) = Templates::load(None)
        .unwrap()
        .render(reminder, &report, &config)
        .unwrap();
    let message = build_message(&config, reminder, &report, text, html).unwrap();
    let recipients: Vec<String> = message
        .envelope()
        .to()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(recipients, ["cs2@example.org", "registrar@example.org"]);
    let formatted = String::from_utf8(message.formatted()).unwrap();
    assert!(!formatted.contains("\r\nBcc:"), "{formatted}");
    assert!(formatted.contains("Subject: Coaching requirements: 2 item(s) to finish"));
    assert!(formatted.contains("Reply-To: coordinator@example.org"));
}

#[test]
fn a_message_about_a_denied_check_is_copied_to_no_one() {
    let report = report();
    let config = RemindConfig {
        from: "coordinator@example.org".into(),
        cc: vec!["registrar@example.org".into()],
        ..RemindConfig::default()
    };
    let plan = plan(
        &report,
        &config,
        &HashMap::new(),
        now(),
        &["CS-1".into()],
        200,
    );
    let reminder = &plan.messages[0];
    let message = build_message(&config, reminder, &report, String::new(), String::new()).unwrap();
    let recipients: Vec<String> = message
        .envelope()
        .to()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(recipients, ["jose@example.org"]);
}
