//! `coachcheck remind` on the demo league against a real SMTP server on loopback
//! (aiosmtpd), with every received message parsed by a real MIME parser: one message per
//! coach with something to do, each holding that coach's items and no one else's, never a
//! background-check result; nothing again inside the interval; a changed item sends again;
//! a failed delivery is retried on the next run.

use std::collections::{BTreeMap, BTreeSet};

use mail_parser::{Message, MessageParser};
use serde_json::Value;

use crate::email::SmtpServer;
use crate::support::{latest_report, TestEnv};

/// Finding codes that remind the coach although they are not of severity `action`.
const SOON: [&str; 3] = [
    "requirement_upcoming",
    "requirement_expiring",
    "safesport_expiring",
];

const BACKGROUND: [&str; 4] = [
    "missing_background_check",
    "background_check_expired",
    "background_check_denied",
    "background_check_pending",
];

/// The demo league with a report as of 2026-10-01.
fn demo_league() -> TestEnv {
    let env = TestEnv::new();
    env.copy_fixture("demo-league", "watch");
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    env
}

fn configure(env: &TestEnv, port: u16) {
    std::fs::write(
        env.path("coachcheck.toml"),
        format!(
            "[email]\nfrom = \"coachcheck@example.org\"\n\n[email.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\ntimeout_seconds = 10\n\n[remind]\nfrom = \"coordinator@example.org\"\nreply_to = \"coordinator@example.org\"\nleague = \"Example FC\"\n"
        ),
    )
    .unwrap();
}

/// Roster address → coach, for every coach the report says has something to do.
fn coaches_with_something_to_do(report: &Value) -> BTreeMap<String, Value> {
    let findings = report["findings"].as_array().unwrap();
    report["coaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|coach| {
            findings.iter().any(|finding| {
                finding["coach_id"] == coach["id"]
                    && (finding["severity"] == "action"
                        || SOON.contains(&finding["code"].as_str().unwrap()))
            })
        })
        .map(|coach| (coach["email"].as_str().unwrap().to_string(), coach.clone()))
        .collect()
}

fn parse(bytes: &[u8]) -> Message<'_> {
    MessageParser::default()
        .parse(bytes)
        .expect("a MIME message")
}

fn to_address(message: &Message<'_>) -> String {
    let to: Vec<&str> = message
        .to()
        .unwrap()
        .iter()
        .filter_map(|address| address.address())
        .collect();
    assert_eq!(to.len(), 1, "one recipient per message: {to:?}");
    to[0].to_string()
}

/// Checks one received message against the report: its coach's items, no one else's
/// name, no background-check result, no attachment.
fn check_message(message: &Message<'_>, report: &Value, coach: &Value) {
    let text = message.body_text(0).unwrap().into_owned();
    let html = message.body_html(0).unwrap().into_owned();
    let name = coach["name"].as_str().unwrap();
    assert!(text.contains(name), "{name} not greeted:\n{text}");
    assert_eq!(message.attachment_count(), 0, "no attachment");
    assert_eq!(
        message.reply_to().unwrap().first().unwrap().address(),
        Some("coordinator@example.org")
    );
    for finding in report["findings"].as_array().unwrap() {
        let code = finding["code"].as_str().unwrap();
        if finding["coach_id"] == coach["id"]
            && finding["severity"] == "action"
            && !BACKGROUND.contains(&code)
        {
            let action = finding["action"].as_str().unwrap();
            assert!(text.contains(action), "{name}: missing {action:?}\n{text}");
        }
        if BACKGROUND.contains(&code) {
            // The policy's words for a check (with the vendor's status) never appear.
            let words = finding["message"].as_str().unwrap();
            assert!(!text.contains(words) && !html.contains(words), "{words}");
        }
    }
    for body in [&text, &html] {
        let lower = body.to_lowercase();
        assert!(
            !lower.contains("denied") && !lower.contains("status \""),
            "{body}"
        );
    }
    for other in report["coaches"].as_array().unwrap() {
        let other_name = other["name"].as_str().unwrap();
        // (The demo league has two different coaches named Daniel Kim: the name alone
        // cannot tell them apart, their emails can.)
        if other["id"] != coach["id"] && other_name != name {
            assert!(
                !text.contains(other_name) && !html.contains(other_name),
                "{other_name} appears in the message to {name}"
            );
        }
        let other_email = other["email"].as_str().unwrap_or("");
        if other["id"] != coach["id"] && !other_email.is_empty() {
            assert!(!text.contains(other_email) && !html.contains(other_email));
        }
    }
}

#[test]
fn each_coach_with_something_to_do_gets_exactly_one_private_message_and_only_once() {
    let env = demo_league();
    let server = SmtpServer::start(&env, &[]);
    configure(&env, server.port);
    let report = latest_report(&env.path("reports"));
    let expected = coaches_with_something_to_do(&report);
    assert!(expected.len() >= 10, "the demo has coaches to remind");
    let has_denial = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|finding| finding["code"] == "background_check_denied");
    assert!(
        has_denial,
        "the demo league has a denied check to keep private"
    );

    let ran = env.run(&["remind", "--send"]).expect_status(0);
    let received = server.received();
    assert_eq!(received.len(), expected.len(), "{}", ran.stdout);
    let mut seen = BTreeSet::new();
    for (bytes, envelope) in received.iter().zip(server.recipients()) {
        let message = parse(bytes);
        let address = to_address(&message);
        assert_eq!(
            envelope,
            std::slice::from_ref(&address),
            "the envelope goes to the coach alone"
        );
        let coach = expected
            .get(&address)
            .unwrap_or_else(|| panic!("a message to {address}, who has nothing to do"));
        assert!(seen.insert(address.clone()), "two messages to {address}");
        check_message(&message, &report, coach);
    }

    // Inside the interval, the same items are not sent again.
    let again = env.run(&["remind", "--send"]).expect_status(0);
    assert_eq!(server.received().len(), expected.len(), "{}", again.stdout);
    assert!(
        again.stdout.contains("Already reminded"),
        "{}",
        again.stdout
    );

    // A coach who was cleared now lacks a check, and a reminded coach gains an item:
    // exactly those two are sent again.
    let roster = env.path("watch/roster/coaches-2026-27.csv");
    let text = std::fs::read_to_string(&roster).unwrap();
    let text = text
        .replace(
            "daniel.kim@example.com,(909) 555-0102,U6 Coyotes,U6,Assistant Coach,Approved,",
            "daniel.kim@example.com,(909) 555-0102,U6 Coyotes,U6,Assistant Coach,,",
        )
        .replace(
            "aisha.rahman@example.org,(909) 555-0103,U6 Coyotes,U6,Assistant Coach,Cleared,07/31/2027",
            "aisha.rahman@example.org,(909) 555-0103,U6 Coyotes,U6,Assistant Coach,,",
        );
    std::fs::write(&roster, text).unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let report = latest_report(&env.path("reports"));
    let changed = env.run(&["remind", "--send"]).expect_status(0);
    assert!(
        changed
            .stdout
            .contains("items changed since the reminder of"),
        "{}",
        changed.stdout
    );
    let received = server.received();
    let new: BTreeSet<String> = received[expected.len()..]
        .iter()
        .map(|bytes| to_address(&parse(bytes)))
        .collect();
    assert_eq!(
        new,
        BTreeSet::from([
            "aisha.rahman@example.org".to_string(),
            "daniel.kim@example.com".to_string()
        ])
    );
    let now_expected = coaches_with_something_to_do(&report);
    for bytes in &received[expected.len()..] {
        let message = parse(bytes);
        check_message(&message, &report, &now_expected[&to_address(&message)]);
    }
}

#[test]
fn a_refused_message_is_recorded_and_retried_on_the_next_run() {
    let env = demo_league();
    let expected = coaches_with_something_to_do(&latest_report(&env.path("reports")));
    {
        let server = SmtpServer::start(&env, &["--reject", "aisha.rahman@example.org"]);
        configure(&env, server.port);
        let ran = env.run(&["remind", "--send"]).expect_status(1);
        assert!(
            ran.stdout.contains("FAILED: Aisha Rahman"),
            "{}",
            ran.stdout
        );
        assert!(ran.stderr.contains("tried again"), "{}", ran.stderr);
        assert_eq!(server.received().len(), expected.len() - 1);
    }
    std::fs::remove_dir_all(env.path("received")).unwrap();
    let server = SmtpServer::start(&env, &[]);
    configure(&env, server.port);
    env.run(&["remind", "--send"]).expect_status(0);
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(to_address(&parse(&received[0])), "aisha.rahman@example.org");
}

#[test]
fn without_send_it_writes_one_eml_per_coach_and_sends_nothing() {
    let env = demo_league();
    let server = SmtpServer::start(&env, &[]);
    configure(&env, server.port);
    let report = latest_report(&env.path("reports"));
    let expected = coaches_with_something_to_do(&report);
    let dry = env.run(&["remind", "--dry-run"]).expect_status(0);
    assert!(dry.stdout.contains("Dry run"), "{}", dry.stdout);
    assert!(
        !env.path("reports/outbox").exists(),
        "a dry run writes nothing"
    );

    let ran = env.run(&["remind"]).expect_status(0);
    assert!(ran.stdout.contains("remind --send"), "{}", ran.stdout);
    assert!(
        server.received().is_empty(),
        "nothing is sent without --send"
    );
    let runs: Vec<_> = std::fs::read_dir(env.path("reports/outbox/reminders"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(runs.len(), 1);
    let mut addresses = BTreeSet::new();
    for entry in std::fs::read_dir(&runs[0]).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let message = parse(&bytes);
        let address = to_address(&message);
        check_message(&message, &report, &expected[&address]);
        addresses.insert(address);
    }
    assert_eq!(addresses, expected.keys().cloned().collect());
    // Writing the outbox is not sending: --send afterwards sends every one of them.
    env.run(&["remind", "--send", "--max", "3"])
        .expect_status(0);
    assert_eq!(server.received().len(), 3, "the cap");
    let only = env
        .run(&["remind", "--send", "--only", "CS-100103"])
        .expect_status(0);
    assert!(only.stdout.contains("Aisha Rahman"), "{}", only.stdout);
    assert!(server.received().len() <= 4);
}

#[test]
fn coaches_without_a_usable_or_with_a_shared_email_are_listed_not_emailed() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("watch")).unwrap();
    std::fs::write(
        env.path("watch/roster.csv"),
        "Member ID,First Name,Last Name,Email,Team,Division,Role,Risk Status\n\
         CS-1,Ana,Lee,family@example.org,U10 Hawks,U10,Head Coach,Green\n\
         CS-2,Ben,Lee,family@example.org,U12 Owls,U12,Head Coach,Green\n\
         CS-3,Cara,Diaz,,U12 Owls,U12,Assistant Coach,Green\n\
         CS-4,Dev,Shah,dev@example.org,U12 Owls,U12,Assistant Coach,Green\n",
    )
    .unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let server = SmtpServer::start(&env, &[]);
    configure(&env, server.port);
    let ran = env.run(&["remind", "--send"]).expect_status(0);
    let received = server.received();
    assert_eq!(received.len(), 1, "{}", ran.stdout);
    assert_eq!(to_address(&parse(&received[0])), "dev@example.org");
    for (name, why) in [
        ("Ana Lee", "shared by 2"),
        ("Ben Lee", "shared by 2"),
        ("Cara Diaz", "no email"),
    ] {
        assert!(
            ran.stdout
                .lines()
                .any(|line| line.contains(name) && line.contains(why)),
            "{name}: {}",
            ran.stdout
        );
    }
}

#[test]
fn sending_through_the_file_transport_keeps_every_message() {
    let env = demo_league();
    std::fs::write(
        env.path("coachcheck.toml"),
        "[email]\nfrom = \"coachcheck@example.org\"\ntransport = \"file\"\nfile_dir = \"sent\"\n",
    )
    .unwrap();
    let expected = coaches_with_something_to_do(&latest_report(&env.path("reports")));
    env.run(&["remind", "--send"]).expect_status(0);
    let mut addresses = BTreeSet::new();
    for entry in std::fs::read_dir(env.path("sent")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        addresses.insert(to_address(&parse(&bytes)));
    }
    assert_eq!(addresses, expected.keys().cloned().collect());
}
