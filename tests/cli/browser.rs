//! A real browser renders `report.html`: headless Chromium loads it from disk, the rendered
//! DOM must show the headline numbers and every coach who cannot coach yet, no hostile
//! name may turn into markup, and a phone-width screenshot is kept as a test artifact
//! (`target/test-artifacts/report-phone.png`).
//!
//! Needs Chromium (`.ci/run` installs it). Without it the test fails under CI and is
//! skipped with a message elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{latest_report, TestEnv};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let output = Command::new("which").arg(name).output().ok()?;
            output
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
        })
}

fn browser(chromium: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

/// Visible text of a DOM dump: tags removed, entities decoded for the few we use.
fn visible_text(dom: &str) -> String {
    let mut text = String::with_capacity(dom.len());
    let mut in_tag = false;
    for character in dom.chars() {
        match character {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn chromium_renders_the_demo_report_with_who_cannot_coach_and_no_injected_markup() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is required in CI (.ci/run installs it)"
        );
        eprintln!("skipped: chromium is not installed");
        return;
    };
    let env = TestEnv::new();
    let inbox = env.copy_fixture("demo-league", "watch");
    // A hostile roster entry: its name must show as text, never as markup.
    std::fs::write(
        inbox.join("roster/hostile.csv"),
        "Member ID,First Name,Last Name,Email,Team,Division,Role,Risk Status\nCS-999,<img src=x onerror=alert(1)>,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",evil@example.org,U10 Hawks,U10,Head Coach,Green\n",
    )
    .unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let report = latest_report(&env.path("reports"));
    let html = env
        .path("reports/latest/report.html")
        .canonicalize()
        .unwrap();
    let url = format!("file://{}", html.display());
    let profile = env.path("chromium-profile");
    let dumped = browser(&chromium, &profile, &["--dump-dom", &url]);
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    let dom = String::from_utf8_lossy(&dumped.stdout).into_owned();
    assert!(
        !dom.contains("<img src=\"x\""),
        "a hostile name became an <img> element"
    );
    assert!(
        !dom.to_lowercase().contains("<script"),
        "the report must need no script"
    );
    let text = visible_text(&dom);
    assert!(
        text.contains("<img src=x onerror=alert(1)>"),
        "the hostile name shows as text"
    );
    let summary = &report["summary"];
    assert!(
        text.contains(&summary["action_needed"].to_string()),
        "headline count"
    );
    for coach in report["coaches"].as_array().unwrap() {
        if coach["status"] == "action_needed" {
            let name = coach["name"].as_str().unwrap();
            assert!(text.contains(name), "the rendered page lacks {name}");
        }
    }
    // A phone-width screenshot, kept as an artifact.
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let screenshot = artifacts.join("report-phone.png");
    let _ = std::fs::remove_file(&screenshot);
    let shot = browser(
        &chromium,
        &profile,
        &[
            "--window-size=375,2400",
            &format!("--screenshot={}", screenshot.display()),
            &url,
        ],
    );
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let png = std::fs::read(&screenshot).expect("the screenshot was written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
}

/// The HTML body of a `.eml` file, parsed by a MIME parser.
fn html_body(eml: &Path) -> String {
    let bytes = std::fs::read(eml).unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a MIME message");
    message.body_html(0).expect("an HTML part").into_owned()
}

#[test]
fn chromium_renders_the_directors_digest_of_a_2000_coach_league_and_a_coach_reminder() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is required in CI (.ci/run installs it)"
        );
        eprintln!("skipped: chromium is not installed");
        return;
    };
    const COACHES: usize = 2_000;
    const FIRST: [&str; 8] = [
        "Ana", "Björn", "Chloé", "Dev", "Émile", "Farah", "Goran", "Hiro",
    ];
    const LAST: [&str; 8] = [
        "Okafor",
        "Lindqvist",
        "Nguyễn",
        "Shah",
        "García-López",
        "O'Neil",
        "Kowalski",
        "Tanaka",
    ];
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("watch")).unwrap();
    let mut roster =
        String::from("Member ID,First Name,Last Name,Email,Team,Division,Role,Risk Status\n");
    for number in 0..COACHES {
        let age = 6 + number % 12;
        roster.push_str(&format!(
            "CS-{number:05},{} {number},{},coach{number}@example.org,U{age} Team {},U{age},{},Green\n",
            FIRST[number % 8],
            LAST[number / 8 % 8],
            number / 24,
            if number % 2 == 0 { "Head Coach" } else { "Assistant Coach" }
        ));
    }
    std::fs::write(env.path("watch/roster.csv"), roster).unwrap();
    std::fs::write(
        env.path("coachcheck.toml"),
        "[email]\nfrom = \"coachcheck@example.org\"\nto = [\"director@example.org\"]\n[remind]\nleague = \"Example FC\"\n",
    )
    .unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    env.run(&["email", "--eml", "digest.eml"]).expect_status(0);
    let digest = html_body(&env.path("digest.eml"));
    assert!(
        digest.len() < 100_000,
        "the digest is {} bytes: Gmail clips past ~102 KB",
        digest.len()
    );
    let page = env.path("digest.html");
    std::fs::write(&page, &digest).unwrap();
    let profile = env.path("chromium-profile");
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let dumped = browser(&chromium, &profile, &["--dump-dom", &url]);
    assert!(dumped.status.success());
    let text = visible_text(&String::from_utf8_lossy(&dumped.stdout));
    assert!(
        text.contains(&format!("Cannot coach yet ({COACHES})")),
        "{text}"
    );
    assert!(text.contains("more in the attached report.html"), "{text}");
    // Why they cannot coach: each listed coach's blocking requirements, by status.
    assert!(text.contains(" missing"), "why they cannot coach");
    let listed = (0..COACHES)
        .filter(|number| text.contains(&format!(" {number} ")))
        .count();
    assert!(listed >= 50, "only {listed} coaches listed");

    // A reminder from the outbox renders too, naming its coach and their next steps.
    env.run(&["remind", "--only", "CS-00007"]).expect_status(0);
    let outbox = env.path("reports/outbox/reminders");
    let run = std::fs::read_dir(&outbox)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let reminder = html_body(&run.join("CS-00007.eml"));
    let page = env.path("reminder.html");
    std::fs::write(&page, &reminder).unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let dumped = browser(&chromium, &profile, &["--dump-dom", &url]);
    let text = visible_text(&String::from_utf8_lossy(&dumped.stdout));
    assert!(text.contains("Hello Hiro 7 Okafor,"), "{text}");
    assert!(
        text.contains("Next step:") && text.contains("Example FC"),
        "{text}"
    );
    assert!(!text.contains("Ana 0 Okafor"), "no other coach");
}
