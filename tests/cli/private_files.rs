//! Everything coachcheck writes about volunteers is owner-only, whatever the umask: the
//! reports folder, every report folder and file, the state database (and its `-wal` and
//! `-shm`), the lock, the reminder outbox and `.eml` files. Run as a new user would, under
//! `umask 022` and `umask 000`.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use crate::support::TestEnv;

/// Runs coachcheck through `sh` with the given umask.
fn run_with_umask(env: &TestEnv, umask: &str, args: &[&str]) {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_coachcheck"))
        .args(args)
        .current_dir(env.dir.path());
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("COACHCHECK_") || key == "RUST_LOG" {
            command.env_remove(&*key);
        }
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every folder and file under `root` (symlinks excepted) with its mode.
fn modes(root: &Path) -> Vec<(String, bool, u32)> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let metadata = std::fs::symlink_metadata(&path).unwrap();
        if metadata.file_type().is_symlink() {
            continue;
        }
        found.push((
            path.display().to_string(),
            metadata.is_dir(),
            metadata.permissions().mode() & 0o777,
        ));
        if metadata.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                pending.push(entry.unwrap().path());
            }
        }
    }
    found
}

#[test]
fn reports_state_and_outbox_are_owner_only_whatever_the_umask() {
    for umask in ["022", "000"] {
        let env = TestEnv::new();
        run_with_umask(&env, umask, &["init"]);
        env.copy_fixture("demo-league", "watch");
        std::fs::write(
            env.path("coachcheck.toml"),
            "[email]\nfrom = \"coachcheck@example.org\"\nto = [\"director@example.org\"]\ntransport = \"file\"\nfile_dir = \"reports/mail\"\n",
        )
        .unwrap();
        run_with_umask(&env, umask, &["run", "--as-of", "2026-10-01", "--email"]);
        run_with_umask(&env, umask, &["run", "--as-of", "2026-10-01"]);
        run_with_umask(&env, umask, &["remind"]);
        run_with_umask(&env, umask, &["email", "--eml", "reports/director.eml"]);
        let found = modes(&env.path("reports"));
        let names: Vec<&str> = found.iter().map(|(path, _, _)| path.as_str()).collect();
        for expected in [
            "state.db",
            "report.json",
            "report.html",
            "coaches.csv",
            "findings.csv",
            "summary.md",
            "lock",
            "director.eml",
            "CS-100103.eml",
        ] {
            assert!(
                names.iter().any(|name| name.ends_with(expected)),
                "umask {umask}: no {expected} in {names:#?}"
            );
        }
        assert!(
            names.iter().any(|name| name.contains("/mail/")),
            "{names:#?}"
        );
        for (path, is_dir, mode) in &found {
            let wanted = if *is_dir { 0o700 } else { 0o600 };
            assert_eq!(*mode, wanted, "umask {umask}: {path} is {mode:o}");
        }
    }
}

#[test]
fn an_older_world_readable_state_database_and_reports_folder_are_tightened() {
    let env = TestEnv::new();
    env.copy_fixture("demo-league", "watch");
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let state = env.path("reports/.coachcheck/state.db");
    for (path, mode) in [(env.path("reports"), 0o755), (state.clone(), 0o644)] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.path("reports")), 0o700);
    assert_eq!(mode(&state), 0o600);
}
