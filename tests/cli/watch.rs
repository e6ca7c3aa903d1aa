//! `coachcheck watch` on a real file system with the real binary: drops, bursts, renames,
//! deletions, half-written files, the poll watcher, and a cron `run` racing the watcher.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{fixture, TestEnv};

/// The watcher process; killed on drop if still running.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(env: &TestEnv, extra: &[&str]) -> Watcher {
    std::fs::create_dir_all(env.path("watch")).unwrap();
    std::fs::write(
        env.path("coachcheck.toml"),
        "[watch]\nsettle = 0.5\nmax_wait = 20\n",
    )
    .unwrap();
    let child = env
        .command()
        .args(["watch"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Watcher(child)
}

fn report(env: &TestEnv) -> Option<Value> {
    let text = std::fs::read_to_string(env.path("reports/latest/report.json")).ok()?;
    serde_json::from_str(&text).ok()
}

fn certificate_files(report: &Value) -> Vec<String> {
    report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap().to_string())
        .collect()
}

/// Waits until the latest report satisfies `done`; panics after 30 s.
fn wait_until(env: &TestEnv, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        if let Some(report) = report(env) {
            if done(&report) {
                return report;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "timed out waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn demo_certificate(name: &str) -> Vec<u8> {
    std::fs::read(fixture("demo-league/certificates").join(name)).unwrap()
}

/// Readable demo certificates (per the demo's expectations), by name.
fn some_certificates(count: usize) -> Vec<(String, Vec<u8>)> {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("demo-league.expected.json")).unwrap(),
    )
    .unwrap();
    let mut names: Vec<String> = expected["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "ok")
        .filter_map(|c| {
            c["file"]
                .as_str()?
                .strip_prefix("certificates/")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .take(count)
        .map(|name| {
            let bytes = demo_certificate(&name);
            (name, bytes)
        })
        .collect()
}

/// The report folders written so far.
fn report_folders(env: &TestEnv) -> usize {
    std::fs::read_dir(env.path("reports"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.file_name().to_string_lossy().starts_with("20"))
                .count()
        })
        .unwrap_or(0)
}

fn drops_renames_and_deletes_are_followed(extra: &[&str]) {
    let env = TestEnv::new();
    let mut watcher = start(&env, extra);
    wait_until(&env, "the first full run", |_| true);
    let certificates = some_certificates(51);
    // One file.
    let (first, bytes) = &certificates[0];
    std::fs::write(env.path("watch").join(first), bytes).unwrap();
    wait_until(&env, "one dropped file", |r| {
        certificate_files(r).contains(first)
    });
    // A burst of 50 at once (as from a zip): one run takes them all.
    let runs_before = report_folders(&env);
    for (name, bytes) in &certificates[1..] {
        std::fs::write(env.path("watch").join(name), bytes).unwrap();
    }
    let distinct: std::collections::HashSet<&Vec<u8>> =
        certificates.iter().map(|(_, bytes)| bytes).collect();
    let burst = wait_until(&env, "a burst of 50", |r| {
        certificate_files(r).len() == distinct.len()
    });
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        report_folders(&env),
        runs_before + 1,
        "a burst of drops makes one run"
    );
    // A new roster export: the same certificates are now linked to coaches.
    assert_eq!(burst["summary"]["coaches"], 0);
    let roster = fixture("demo-league/roster/coaches-2026-27.csv");
    std::fs::copy(&roster, env.path("watch/coaches-2026-27.csv")).unwrap();
    let linked = wait_until(&env, "the new roster", |r| {
        r["summary"]["coaches"].as_u64().unwrap_or(0) > 0
    });
    assert!(
        linked["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["coach_id"].is_string()),
        "the new roster links the certificates already read"
    );
    // A rename from .part (skipped while partial) to .pdf.
    let partial = env.path("watch/phone upload.pdf.part");
    std::fs::write(&partial, demo_certificate(&certificates[5].0)).unwrap();
    std::fs::rename(&partial, env.path("watch/phone upload.pdf")).unwrap();
    wait_until(&env, "the renamed file", |r| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "phone upload.pdf")
            || certificate_files(r).contains(&"phone upload.pdf".to_string())
    });
    // A deletion leaves the report.
    std::fs::remove_file(env.path("watch").join(first)).unwrap();
    let after = wait_until(&env, "the deleted file to leave", |r| {
        !certificate_files(r).contains(first)
    });
    assert!(certificate_files(&after).len() < certificate_files(&burst).len() + 1);
    // The watcher is still alive and never reported a file as unreadable.
    assert!(
        watcher.0.try_wait().unwrap().is_none(),
        "the watcher stopped"
    );
    assert!(!after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "unreadable_file"));
}

#[test]
fn events_drops_renames_and_deletes_are_followed() {
    drops_renames_and_deletes_are_followed(&[]);
}

#[test]
fn the_poll_watcher_follows_the_same_changes() {
    drops_renames_and_deletes_are_followed(&["--poll", "0.3"]);
}

#[test]
fn a_file_written_slowly_is_read_only_once_complete_and_a_bad_file_does_not_stop_the_watcher() {
    let env = TestEnv::new();
    let mut watcher = start(&env, &[]);
    wait_until(&env, "the first full run", |_| true);
    let (name, bytes) = some_certificates(1).remove(0);
    let path = env.path("watch").join(&name);
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = bytes.len().div_ceil(8);
    for part in bytes.chunks(chunk) {
        file.write_all(part).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(375));
    }
    drop(file);
    std::fs::write(
        env.path("watch/garbage.pdf"),
        b"%PDF-1.7 this is not really a pdf",
    )
    .unwrap();
    let report = wait_until(&env, "the slow file and the bad file", |r| {
        certificate_files(r).contains(&name)
            && certificate_files(r).contains(&"garbage.pdf".to_string())
    });
    let slow = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == name.as_str())
        .unwrap();
    assert_ne!(
        slow["status"], "unreadable",
        "read while half-written: {slow}"
    );
    assert!(
        watcher.0.try_wait().unwrap().is_none(),
        "a bad file stopped the watcher"
    );
}

#[test]
fn a_cron_run_waits_for_the_watcher_and_exit_after_stops_it_cleanly() {
    let env = TestEnv::new();
    let mut watcher = start(&env, &["--exit-after", "2"]);
    wait_until(&env, "the first full run", |_| true);
    for (name, bytes) in some_certificates(10) {
        std::fs::write(env.path("watch").join(name), bytes).unwrap();
    }
    // A cron-style run at the same time: it takes the lock in turn, and both reports are whole.
    let ran = env.run(&["run", "--quiet"]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    let status = watcher.0.wait().unwrap();
    assert!(status.success());
    for entry in std::fs::read_dir(env.path("reports")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("20") {
            let text = std::fs::read_to_string(entry.path().join("report.json")).unwrap();
            let report: Value = serde_json::from_str(&text).expect("a whole report.json");
            assert_eq!(report["schema"], "coachcheck.report/1");
        }
    }
    assert!(Path::new(&env.path("reports/latest/report.html")).is_file());
}
