//! Test support: runs the real `coachcheck` binary in a hermetic temporary folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("fixtures").join(relative)
}

/// A scratch folder with an empty working directory, scrubbed of the user's environment.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

/// What a command printed and how it ended.
pub struct Ran {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    fn from(output: Output) -> Ran {
        Ran {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_status(self, code: i32) -> Ran {
        assert_eq!(
            self.status, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The command, run in the scratch folder with a clean environment.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_coachcheck"));
        command.current_dir(self.dir.path());
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if key.starts_with("COACHCHECK_") || key == "RUST_LOG" || key == "NO_COLOR" {
                command.env_remove(&*key);
            }
        }
        command.env("COACHCHECK_LOCK_TIMEOUT", "30");
        command
    }

    /// Runs coachcheck with `args`.
    pub fn run(&self, args: &[&str]) -> Ran {
        Ran::from(self.command().args(args).output().expect("run coachcheck"))
    }

    /// Copies a fixture folder into the scratch folder under `name`.
    pub fn copy_fixture(&self, fixture_dir: &str, name: &str) -> PathBuf {
        let target = self.path(name);
        copy_dir(&fixture(fixture_dir), &target);
        target
    }
}

/// Recursively copies a folder.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// sha256 of every file under `dir`, with names, for before/after comparisons.
pub fn tree_digest(dir: &Path) -> Vec<(String, Vec<u8>, u64)> {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let metadata = std::fs::symlink_metadata(entry.path()).unwrap();
            if metadata.is_dir() {
                pending.push(entry.path());
            } else if metadata.is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                let modified = metadata
                    .modified()
                    .unwrap()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64;
                out.push((
                    entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap()
                        .display()
                        .to_string(),
                    Sha256::digest(&bytes).to_vec(),
                    modified,
                ));
            }
        }
    }
    out.sort();
    out
}

/// Reads `reports/latest/report.json` under `reports`.
pub fn latest_report(reports: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(reports.join("latest/report.json")).expect("report.json");
    serde_json::from_str(&text).expect("report.json is JSON")
}

/// Whether Tesseract (the OCR engine) is on `PATH`.
pub fn tesseract_available() -> bool {
    static FOUND: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FOUND.get_or_init(|| {
        Command::new("tesseract")
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    })
}

/// Whether a test that needs OCR can run: true with Tesseract; without it, prints why the
/// test (or part) is skipped, except under CI (`CI` set), where a missing Tesseract fails.
pub fn ocr_available(what: &str) -> bool {
    if tesseract_available() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what}: Tesseract is not installed, and CI must test OCR (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)"
    );
    eprintln!("skipped {what}: Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)");
    false
}

/// The entry of `report.json`'s `certificates` for `file` (panics, naming it, if absent).
pub fn report_certificate<'a>(report: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|certificate| certificate["file"] == file)
        .unwrap_or_else(|| panic!("{file} is not in the report"))
}

/// The entry of `report.json`'s `coaches` for `id` (panics, naming it, if absent).
pub fn report_coach<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["coaches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|coach| coach["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the report"))
}
