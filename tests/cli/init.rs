//! `coachcheck init`.

use crate::support::TestEnv;

#[test]
fn init_writes_a_commented_config_that_run_accepts_and_refuses_to_overwrite() {
    let env = TestEnv::new();
    let ran = env.run(&["init"]).expect_status(0);
    assert!(ran.stdout.contains("coachcheck.toml"));
    let text = std::fs::read_to_string(env.path("coachcheck.toml")).unwrap();
    assert!(text.contains("# ") && text.contains("safesport_valid_days = 365"));
    for section in [
        "[email]",
        "[email.smtp]",
        "[watch]",
        "# [mailbox]",
        "[remind]",
    ] {
        assert!(text.contains(section), "init writes {section}");
    }
    // The written config is picked up from the working directory and accepted.
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    // A second init does not overwrite.
    std::fs::write(env.path("coachcheck.toml"), "keep_reports = 3\n").unwrap();
    let ran = env.run(&["init"]).expect_status(1);
    assert!(ran.stderr.contains("--force"), "{}", ran.stderr);
    assert_eq!(
        std::fs::read_to_string(env.path("coachcheck.toml")).unwrap(),
        "keep_reports = 3\n"
    );
}

#[test]
fn a_misspelt_config_key_is_named_in_the_error() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("coachcheck.toml"),
        "[policy]\nsafesport_valid_dayz = 200\n",
    )
    .unwrap();
    std::fs::create_dir(env.path("watch")).unwrap();
    let ran = env.run(&["run"]).expect_status(1);
    assert!(
        ran.stderr.contains("safesport_valid_dayz"),
        "{}",
        ran.stderr
    );
}
