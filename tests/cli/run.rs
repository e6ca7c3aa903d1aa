//! `coachcheck run` on small inboxes: exit codes, empty and roster-less inboxes, reports
//! folder layout.

use crate::support::{latest_report, TestEnv};

#[test]
fn an_empty_inbox_gives_an_empty_report_not_an_error() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("watch")).unwrap();
    let ran = env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    assert!(ran.stdout.contains("0 coaches"), "{}", ran.stdout);
    let report = latest_report(&env.path("reports"));
    assert_eq!(report["summary"]["coaches"], 0);
    for file in [
        "report.json",
        "coaches.csv",
        "findings.csv",
        "report.html",
        "summary.md",
    ] {
        assert!(env.path("reports/latest").join(file).is_file(), "{file}");
    }
}

#[test]
fn a_missing_inbox_fails_with_a_hint() {
    let env = TestEnv::new();
    let ran = env.run(&["run", "--inbox", "nowhere"]).expect_status(1);
    assert!(
        ran.stderr.contains("nowhere") && ran.stderr.contains("hint"),
        "{}",
        ran.stderr
    );
}

#[test]
fn bad_usage_exits_2_and_help_exits_0() {
    let env = TestEnv::new();
    env.run(&["run", "--as-of", "yesterday"]).expect_status(2);
    env.run(&["frobnicate"]).expect_status(2);
    let help = env.run(&["--help"]).expect_status(0);
    for command in ["run", "watch", "inspect", "match", "email", "init"] {
        assert!(help.stdout.contains(command), "{command}");
    }
}

fn codes_for(report: &serde_json::Value, file: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn decisions_settle_review_items_and_stale_ones_are_reported() {
    let env = TestEnv::new();
    let inbox = env.copy_fixture("demo-league", "watch");
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let before = latest_report(&env.path("reports"));
    let ambiguous = "certificates/HeadsUp_certificate.pdf";
    let nickname = "certificates/SafeSport - Bob.pdf";
    assert_eq!(codes_for(&before, ambiguous), ["ambiguous_match"]);
    assert_eq!(codes_for(&before, nickname), ["name_mismatch"]);
    // The finding carries the exact line to paste.
    let paste = before["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == nickname)
        .unwrap()["decision"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(
        inbox.join("decisions.csv"),
        format!(
            "file,coach_id,decision,note\nHeadsUp_certificate.pdf,CS-100130,accept_match,asked the coach\n{paste}\ngone.pdf,CS-100102,reject_certificate,\n"
        ),
    )
    .unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let after = latest_report(&env.path("reports"));
    assert!(
        codes_for(&after, ambiguous).is_empty(),
        "{:?}",
        codes_for(&after, ambiguous)
    );
    assert!(codes_for(&after, nickname).is_empty());
    let certificate = after["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == ambiguous)
        .unwrap();
    assert_eq!(certificate["coach_id"], "CS-100130");
    let stale: Vec<_> = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "stale_decision")
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["line"], 4);
    let applied: Vec<bool> = after["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["applied"].as_bool().unwrap())
        .collect();
    assert_eq!(applied, [true, true, false]);
}

#[test]
fn a_second_run_reports_what_changed() {
    let env = TestEnv::new();
    let inbox = env.copy_fixture("demo-league", "watch");
    let late = inbox.join("certificates/Dmitri Volkov SafeSport.pdf");
    let held_back = env.path("held back.pdf");
    std::fs::rename(&late, &held_back).unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let first = latest_report(&env.path("reports"));
    assert_eq!(
        first["changes"].as_array().unwrap().len(),
        0,
        "no previous run"
    );
    std::fs::rename(&held_back, &late).unwrap();
    let ran = env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    assert!(
        ran.stdout.contains("Changes since the last run"),
        "{}",
        ran.stdout
    );
    let second = latest_report(&env.path("reports"));
    let changes = second["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"new_certificate"), "{kinds:?}");
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "finding_resolved" && c["code"] == "missing_safesport"),
        "{changes:#?}"
    );
    let html = std::fs::read_to_string(env.path("reports/latest/report.html")).unwrap();
    assert!(html.contains("Dmitri Volkov SafeSport.pdf"));
    // Two report folders, `latest` pointing at the second.
    let target = std::fs::read_link(env.path("reports/latest")).unwrap();
    assert!(second["generated_at"].is_string());
    assert!(env
        .path("reports")
        .join(&target)
        .join("report.json")
        .is_file());
}

#[test]
fn fail_on_findings_exits_3_and_quiet_keeps_stderr_empty() {
    let env = TestEnv::new();
    env.copy_fixture("demo-league", "watch");
    let ran = env
        .run(&[
            "--quiet",
            "run",
            "--as-of",
            "2026-10-01",
            "--fail-on-findings",
        ])
        .expect_status(3);
    assert!(ran.stderr.is_empty(), "{}", ran.stderr);
    assert!(ran.stdout.contains("need action"));
}

#[test]
fn certificates_without_a_roster_still_give_a_complete_report() {
    let env = TestEnv::new();
    let inbox = env.copy_fixture("demo-league", "watch");
    std::fs::remove_dir_all(inbox.join("roster")).unwrap();
    let ran = env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    assert!(ran.stdout.contains("No roster"), "{}", ran.stdout);
    let report = latest_report(&env.path("reports"));
    assert_eq!(report["summary"]["coaches"], 0);
    let unmatched = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unmatched_certificate")
        .count();
    let readable = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "ok")
        .count();
    assert_eq!(unmatched, readable);
}
