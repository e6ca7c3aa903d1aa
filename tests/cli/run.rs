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
