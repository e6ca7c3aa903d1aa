//! Hostile input, end to end, on the real binary: malformed PDFs and CSVs
//! (`fixtures/hostile/make_corpus.py`, generated at test time), a file crafted to be slow,
//! injection payloads in names and titles, symlinks and odd file names, runs killed with
//! SIGKILL, and the fuzzers' regression inputs. Every run is under a memory limit
//! (`ulimit -v`) and a wall-clock limit: a crash, hang or runaway allocation fails a test.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{fixture, latest_report, TestEnv};

const AS_OF: &str = "2026-10-01";
/// Address-space limit for every run, in KiB (`ulimit -v`).
const MEMORY_KIB: u64 = 4_000_000;
/// The five files of a report folder (SPEC §8).
const REPORT_FILES: [&str; 5] = [
    "report.json",
    "coaches.csv",
    "findings.csv",
    "report.html",
    "summary.md",
];
/// Findings a broken certificate may produce.
const PDF_FAILURES: [&str; 3] = ["unreadable_file", "needs_ocr", "unrecognized_certificate"];
/// Findings a broken CSV may produce.
const CSV_FAILURES: [&str; 2] = ["roster_row_invalid", "unreadable_file"];

/// What a limited run printed and how it ended.
struct Limited {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    elapsed: Duration,
}

impl Limited {
    fn text(&self) -> String {
        format!(
            "exit {:?} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.status,
            self.elapsed,
            String::from_utf8_lossy(&self.stdout),
            tail(&String::from_utf8_lossy(&self.stderr), 4000)
        )
    }
}

fn tail(text: &str, chars: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(chars)).collect()
}

/// `coachcheck ARGS` under `ulimit -v`, in `env`'s folder with a clean environment; killed
/// and failed if it outlives `limit`.
fn run_limited<S: AsRef<OsStr>>(env: &TestEnv, args: &[S], limit: Duration) -> Limited {
    let mut command = limited_command(env, args);
    let out = env.dir.path().join(format!(
        "limited-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let stdout_path = out.with_extension("stdout");
    let stderr_path = out.with_extension("stderr");
    command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    let started = Instant::now();
    let mut child = command.spawn().expect("spawn coachcheck");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "coachcheck did not finish within {limit:?}: {:?}\n--- stderr\n{}",
                args.iter()
                    .map(|a| a.as_ref().to_owned())
                    .collect::<Vec<_>>(),
                tail(
                    &String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap_or_default()),
                    4000
                )
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let ran = Limited {
        status: status.code(),
        stdout: std::fs::read(&stdout_path).unwrap(),
        stderr: std::fs::read(&stderr_path).unwrap(),
        elapsed: started.elapsed(),
    };
    let _ = std::fs::remove_file(stdout_path);
    let _ = std::fs::remove_file(stderr_path);
    assert!(
        ran.status.is_some(),
        "coachcheck was killed by a signal (crash, or over the memory limit)\n{}",
        ran.text()
    );
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory allocation"),
        "coachcheck panicked or ran out of memory\n{}",
        ran.text()
    );
    ran
}

/// The command line behind [`run_limited`] (not started).
fn limited_command<S: AsRef<OsStr>>(env: &TestEnv, args: &[S]) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_coachcheck"))
        .args(args)
        .current_dir(env.dir.path());
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("COACHCHECK_") || key == "RUST_LOG" || key == "NO_COLOR" {
            command.env_remove(&*key);
        }
    }
    command.env("COACHCHECK_LOCK_TIMEOUT", "30");
    command
}

/// The generated corpus: its folder and manifest (built once per test binary).
struct Corpus {
    dir: PathBuf,
    manifest: Value,
}

fn corpus() -> &'static Corpus {
    static CORPUS: std::sync::OnceLock<Corpus> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()))
            .path()
            .join("corpus");
        let output = Command::new("python3")
            .arg(fixture("hostile/make_corpus.py"))
            .arg(&dir)
            .arg("--demo")
            .arg(fixture("demo-league"))
            .output()
            .expect("python3 runs fixtures/hostile/make_corpus.py");
        assert!(
            output.status.success(),
            "make_corpus.py failed\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let manifest =
            serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap())
                .unwrap();
        Corpus { dir, manifest }
    })
}

/// (relative name, sha256 or size+mtime for huge sparse files) of every entry under `dir`,
/// symlinks included (by target), streamed so a 2 GiB file costs no memory.
fn digest(dir: &Path) -> BTreeMap<Vec<u8>, String> {
    use sha2::{Digest, Sha256};
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .as_os_str()
                .as_bytes()
                .to_vec();
            let metadata = std::fs::symlink_metadata(&path).unwrap();
            let modified = metadata
                .modified()
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let value = if metadata.file_type().is_symlink() {
                format!("link {:?}", std::fs::read_link(&path).unwrap())
            } else if metadata.is_dir() {
                pending.push(path);
                format!("dir {:o}", metadata.permissions().mode_bits())
            } else if metadata.len() > 64 << 20 {
                format!("big {} {modified}", metadata.len())
            } else {
                let mut hasher = Sha256::new();
                std::io::copy(&mut std::fs::File::open(&path).unwrap(), &mut hasher).unwrap();
                format!(
                    "{:x} {modified} {:o}",
                    hasher.finalize(),
                    metadata.permissions().mode_bits()
                )
            };
            out.insert(name, value);
        }
    }
    out
}

trait ModeBits {
    fn mode_bits(&self) -> u32;
}

impl ModeBits for std::fs::Permissions {
    fn mode_bits(&self) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        self.mode()
    }
}

/// The findings naming `file`.
fn findings_for<'a>(report: &'a Value, file: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["file"] == file)
        .collect()
}

fn certificate<'a>(report: &'a Value, file: &str) -> Option<&'a Value> {
    report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == file)
}

fn codes(findings: &[&Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[test]
fn malformed_pdfs_and_csvs_each_give_one_clean_finding_and_the_run_completes() {
    let corpus = corpus();
    let inbox = corpus.dir.join("corpus");
    let manifest = &corpus.manifest["corpus"];
    let env = TestEnv::new();
    let before = digest(&inbox);
    let reports = env.path("reports");
    let ran = run_limited(
        &env,
        &[
            OsStr::new("run"),
            OsStr::new("--inbox"),
            inbox.as_os_str(),
            OsStr::new("--reports"),
            reports.as_os_str(),
            OsStr::new("--as-of"),
            OsStr::new(AS_OF),
        ],
        Duration::from_secs(120),
    );
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    assert_eq!(before, digest(&inbox), "the inbox was modified by a run");
    let report = latest_report(&reports);
    let mut problems = Vec::new();

    // The rest of the run: the roster and the good certificates are all there.
    assert!(
        report["summary"]["coaches"].as_u64().unwrap() >= 30,
        "the normal roster did not load: {}",
        report["summary"]
    );
    for good in manifest["good"].as_array().unwrap() {
        let file = good.as_str().unwrap();
        match certificate(&report, file) {
            Some(c) if c["status"] == "ok" && c["coach_id"].is_string() => {}
            other => problems.push(format!("{file}: not read and matched: {other:?}")),
        }
    }
    // An encrypted PDF that opens with the empty password is read.
    let empty = &manifest["empty_password"];
    match certificate(&report, empty["file"].as_str().unwrap()) {
        Some(c) if c["holder"] == empty["holder"] && c["course"] == empty["course"] => {}
        other => problems.push(format!("empty-password PDF not read: {other:?}")),
    }
    // Nothing echoes the 10 MB field.
    for file in REPORT_FILES {
        let size = std::fs::metadata(reports.join("latest").join(file))
            .unwrap()
            .len();
        if size > 4 << 20 {
            problems.push(format!(
                "{file} is {size} bytes: a hostile field was copied"
            ));
        }
    }
    for coach in report["coaches"].as_array().unwrap() {
        let name = coach["name"].as_str().unwrap_or("");
        if name.contains('\0') || name.contains('\u{fffd}') {
            problems.push(format!(
                "garbled coach name {name:?} (wrong encoding taken)"
            ));
        }
    }

    // Each hostile file: accounted for, and exactly one clean finding when it is unusable.
    for item in manifest["hostile"].as_array().unwrap() {
        let file = item["file"].as_str().unwrap();
        let expect = item["expect"].as_str().unwrap();
        let found = findings_for(&report, file);
        let got = codes(&found);
        let cert = certificate(&report, file);
        let read = cert.is_some_and(|c| c["status"] == "ok");
        if file.ends_with(".pdf") && cert.is_none() {
            problems.push(format!("{file}: missing from the report's certificates"));
        }
        let ok = match expect {
            "one" => got.len() == 1 && PDF_FAILURES.contains(&got[0].as_str()) && !read,
            "unreadable" => got == ["unreadable_file"],
            // Truncated or flipped copies of a good certificate may still be read (then at
            // most a tampering warning), else they fail with one finding.
            "may_read" if read => {
                got.len() <= 1 && !got.iter().any(|c| PDF_FAILURES.contains(&c.as_str()))
            }
            "may_read" => got.len() == 1 && PDF_FAILURES.contains(&got[0].as_str()),
            "one_csv" => got.len() == 1 && CSV_FAILURES.contains(&got[0].as_str()),
            "csv_may_read" => {
                got.iter()
                    .filter(|c| CSV_FAILURES.contains(&c.as_str()))
                    .count()
                    <= 1
            }
            other => panic!("unknown expectation {other} in the manifest"),
        };
        if !ok {
            problems.push(format!("{file} ({expect}): findings {got:?}, read: {read}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn inspect_survives_every_malformed_file() {
    let corpus = corpus();
    let inbox = corpus.dir.join("corpus");
    let env = TestEnv::new();
    let mut files: Vec<PathBuf> = corpus.manifest["corpus"]["hostile"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| inbox.join(item["file"].as_str().unwrap()))
        .collect();
    files.push(
        inbox.join(
            corpus.manifest["corpus"]["empty_password"]["file"]
                .as_str()
                .unwrap(),
        ),
    );
    let mut args = vec![OsStr::new("inspect"), OsStr::new("--json")];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let ran = run_limited(&env, &args, Duration::from_secs(120));
    assert!(
        matches!(ran.status, Some(0 | 1)),
        "inspect --json: {}",
        ran.text()
    );
    let stdout = String::from_utf8(ran.stdout.clone()).expect("inspect --json prints UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), files.len(), "one JSON line per file\n{stdout}");
    for (line, file) in lines.iter().zip(&files) {
        let object: Value = serde_json::from_str(line).expect("a JSON object per line");
        assert_eq!(object["file"], file.to_str().unwrap(), "argument order");
        let status = object["status"].as_str().unwrap_or("?");
        assert!(
            ["ok", "needs_ocr", "unreadable", "unrecognized"].contains(&status),
            "{line}"
        );
    }
    // The explanation for a person, too (on the structural cases: the rest is the same
    // reading code).
    let mut args = vec![OsStr::new("inspect")];
    args.extend(
        files
            .iter()
            .filter(|f| {
                let name = f.file_name().unwrap().to_string_lossy();
                !name.starts_with("truncated-") && !name.starts_with("flipped-")
            })
            .map(|f| f.as_os_str()),
    );
    let ran = run_limited(&env, &args, Duration::from_secs(120));
    assert!(matches!(ran.status, Some(0 | 1)), "inspect: {}", ran.text());
}

#[test]
fn a_file_over_its_time_budget_is_abandoned_and_the_run_finishes_on_time() {
    let corpus = corpus();
    let inbox = corpus.dir.join("slow");
    let slow = &corpus.manifest["slow"];
    let env = TestEnv::new();
    std::fs::write(
        env.path("coachcheck.toml"),
        "[limits]\nseconds_per_file = 1\n",
    )
    .unwrap();
    let reports = env.path("reports");
    let ran = run_limited(
        &env,
        &[
            OsStr::new("run"),
            OsStr::new("--inbox"),
            inbox.as_os_str(),
            OsStr::new("--reports"),
            reports.as_os_str(),
            OsStr::new("--as-of"),
            OsStr::new(AS_OF),
        ],
        Duration::from_secs(30),
    );
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    // One second for the slow file, the rest for a tiny inbox (debug build, slow CI).
    assert!(
        ran.elapsed < Duration::from_secs(12),
        "the run took {:?}",
        ran.elapsed
    );
    let report = latest_report(&reports);
    let found = findings_for(&report, slow["slow"].as_str().unwrap());
    assert_eq!(codes(&found), ["unreadable_file"], "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("time"),
        "the message says why: {}",
        found[0]["message"]
    );
    let good = certificate(&report, slow["good"].as_str().unwrap()).expect("good certificate");
    assert!(good["kind"].is_string(), "{good}");
}

/// Bytes that must never reach a terminal raw.
fn terminal_hazards(bytes: &[u8]) -> Vec<&'static str> {
    let mut found = Vec::new();
    if bytes.contains(&0x1b) {
        found.push("ESC (0x1b)");
    }
    if bytes.windows(3).any(|w| w == "\u{202e}".as_bytes()) {
        found.push("U+202E");
    }
    found
}

#[test]
fn hostile_names_and_titles_are_inert_in_every_output() {
    let corpus = corpus();
    let inbox = corpus.dir.join("injection");
    let manifest = &corpus.manifest["injection"];
    let env = TestEnv::new();
    let reports = env.path("reports");
    let ran = run_limited(
        &env,
        &[
            OsStr::new("run"),
            OsStr::new("-v"),
            OsStr::new("--inbox"),
            inbox.as_os_str(),
            OsStr::new("--reports"),
            reports.as_os_str(),
            OsStr::new("--as-of"),
            OsStr::new(AS_OF),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    let mut problems = Vec::new();
    for (stream, bytes) in [("run stdout", &ran.stdout), ("run stderr", &ran.stderr)] {
        for hazard in terminal_hazards(bytes) {
            problems.push(format!("{stream} contains a raw {hazard}"));
        }
    }
    let latest = reports.join("latest");
    let report = latest_report(&reports);

    // The payloads were really read (else this test proves nothing).
    let names: Vec<&str> = report["coaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("<script>"))
            && names.iter().any(|n| n.contains("=HYPERLINK")),
        "the hostile roster did not load: {names:?}"
    );
    // The extractor refuses markup in a holder name, but prints course titles as read.
    let titles: Vec<&str> = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["course_title"].as_str())
        .collect();
    assert!(
        titles.iter().any(|h| h.contains("<script>"))
            && titles.iter().any(|h| h.contains("=HYPERLINK")),
        "no hostile course title was read from the PDFs: {titles:?}"
    );

    // HTML: no element injected.
    let html = std::fs::read_to_string(latest.join("report.html")).unwrap();
    let lower = html.to_lowercase();
    for needle in ["<script>alert", "<img src=x", "onerror=alert(1)>"] {
        if lower.contains(needle) {
            problems.push(format!("report.html contains {needle:?} unescaped"));
        }
    }

    // CSVs: no cell a spreadsheet would run as a formula.
    for file in ["coaches.csv", "findings.csv"] {
        let text = std::fs::read_to_string(latest.join(file)).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for (row, record) in reader.records().enumerate() {
            let record = record.unwrap_or_else(|e| panic!("{file} row {row}: {e}"));
            for cell in record.iter() {
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    problems.push(format!("{file} row {row}: formula cell {cell:?}"));
                }
            }
        }
    }

    // summary.md: a name cannot start a line of its own.
    let summary = std::fs::read_to_string(latest.join("summary.md")).unwrap();
    for line in summary.split(['\n', '\r']) {
        if line.trim_start().starts_with("INJECTED-LINE") {
            problems.push(format!(
                "summary.md has a line injected by a name: {line:?}"
            ));
        }
    }
    for hazard in terminal_hazards(summary.as_bytes()) {
        problems.push(format!("summary.md contains a raw {hazard}"));
    }

    // inspect, both modes, on the hostile certificates and the payload file names.
    let mut files: Vec<PathBuf> = manifest["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .chain(manifest["file_names"].as_array().unwrap())
        .map(|f| inbox.join(f.as_str().unwrap()))
        .collect();
    files.push(inbox.join("roster.csv"));
    for json in [true, false] {
        let mut args = vec![OsStr::new("inspect")];
        if json {
            args.push(OsStr::new("--json"));
        }
        args.extend(files.iter().map(|f| f.as_os_str()));
        let ran = run_limited(&env, &args, Duration::from_secs(60));
        assert!(matches!(ran.status, Some(0 | 1)), "{}", ran.text());
        for (stream, bytes) in [("stdout", &ran.stdout), ("stderr", &ran.stderr)] {
            for hazard in terminal_hazards(bytes) {
                problems.push(format!(
                    "inspect (json: {json}) {stream} contains a raw {hazard}"
                ));
            }
        }
        let stdout = String::from_utf8_lossy(&ran.stdout);
        for line in stdout.split(['\n', '\r']) {
            if line.trim_start().starts_with("INJECTED-LINE") {
                problems.push(format!(
                    "inspect (json: {json}) printed an injected line {line:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A small inbox: the demo roster and `count` demo certificates.
fn small_inbox(at: &Path, count: usize) -> Vec<String> {
    std::fs::create_dir_all(at.join("roster")).unwrap();
    std::fs::copy(
        fixture("demo-league/roster/coaches-2026-27.csv"),
        at.join("roster/coaches.csv"),
    )
    .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(fixture("demo-league/certificates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    names.truncate(count);
    for name in &names {
        std::fs::copy(
            fixture("demo-league/certificates").join(name),
            at.join(name),
        )
        .unwrap();
    }
    names
}

#[test]
fn links_out_of_the_inbox_are_not_followed() {
    let env = TestEnv::new();
    let inbox = env.path("watch");
    small_inbox(&inbox, 2);
    // Outside: a certificate and a folder of certificates, linked from inside.
    let outside = env.path("outside");
    std::fs::create_dir_all(outside.join("folder")).unwrap();
    let secret = fixture("demo-league/certificates/Kai SafeSport.pdf");
    std::fs::copy(&secret, outside.join("secret.pdf")).unwrap();
    std::fs::copy(&secret, outside.join("folder/also-secret.pdf")).unwrap();
    std::fs::write(
        outside.join("folder/roster.csv"),
        "Name,Team\nOut Side,U10 X\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.join("secret.pdf"), inbox.join("link-to-file.pdf")).unwrap();
    std::os::unix::fs::symlink(outside.join("folder"), inbox.join("link-to-folder")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", inbox.join("passwd.csv")).unwrap();
    let before = digest(&outside);
    let ran = run_limited(&env, &["run", "--as-of", AS_OF], Duration::from_secs(60));
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    assert_eq!(before, digest(&outside));
    let report = latest_report(&env.path("reports"));
    let text = report.to_string();
    for leaked in [
        "link-to-file",
        "link-to-folder",
        "also-secret",
        "Out Side",
        "passwd",
        "root:",
    ] {
        assert!(
            !text.contains(leaked),
            "the report mentions {leaked:?}: a link was followed"
        );
    }
    let secret_sha = {
        use sha2::{Digest, Sha256};
        format!("{:x}", Sha256::digest(std::fs::read(&secret).unwrap()))
    };
    assert!(
        !text.contains(&secret_sha),
        "the linked certificate was read"
    );
}

#[test]
fn odd_file_names_are_read_and_shown_safely() {
    let env = TestEnv::new();
    let inbox = env.path("watch");
    let names = small_inbox(&inbox, 5);
    // Rename the certificates to hostile names (same contents: each is still readable).
    let odd: [&[u8]; 5] = [
        b"with space.pdf",
        b"quote\"s 'single'.pdf",
        b"new\nline.pdf",
        b"bad-\xff\xfe-bytes.pdf",
        b"tab\tand\rcr.pdf",
    ];
    for (name, new) in names.iter().zip(odd) {
        std::fs::rename(inbox.join(name), inbox.join(OsStr::from_bytes(new))).unwrap();
    }
    let ran = run_limited(&env, &["run", "--as-of", AS_OF], Duration::from_secs(60));
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    let report = latest_report(&env.path("reports"));
    let files: BTreeSet<String> = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["file"].as_str().unwrap().to_string())
        .collect();
    for new in odd {
        let shown = String::from_utf8_lossy(new).into_owned();
        assert!(files.contains(&shown), "{shown:?} not in {files:?}");
    }
    let findings_csv = std::fs::read_to_string(env.path("reports/latest/findings.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(findings_csv.as_bytes());
    for record in reader.records() {
        record.expect("findings.csv still parses");
    }
    // inspect names each file; JSON stays one line per file, the human text stays one
    // name per header line.
    let paths: Vec<PathBuf> = odd
        .iter()
        .map(|n| inbox.join(OsStr::from_bytes(n)))
        .collect();
    let mut args = vec![OsStr::new("inspect"), OsStr::new("--json")];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let ran = run_limited(&env, &args, Duration::from_secs(60));
    assert!(matches!(ran.status, Some(0 | 1)), "{}", ran.text());
    let stdout = String::from_utf8(ran.stdout.clone()).expect("UTF-8 JSON");
    assert_eq!(stdout.lines().count(), odd.len(), "{stdout}");
    for line in stdout.lines() {
        let object: Value = serde_json::from_str(line).unwrap();
        assert_eq!(object["status"], "ok", "{line}");
    }
    args.remove(1);
    let ran = run_limited(&env, &args, Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(
        !stdout.contains("new\nline") && !stdout.contains("and\rcr"),
        "inspect printed a raw line break from a file name:\n{stdout}"
    );
}

#[test]
fn the_inbox_is_never_written_even_by_failed_runs_and_watch() {
    let env = TestEnv::new();
    let inbox = env.path("watch");
    small_inbox(&inbox, 8);
    std::fs::write(inbox.join("decisions.csv"), "file,coach_id,decision,note\n").unwrap();
    let before = digest(&inbox);
    let limit = Duration::from_secs(60);
    let ran = run_limited(&env, &["run", "--as-of", AS_OF], limit);
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    assert_eq!(before, digest(&inbox), "after a run");
    // The reports folder cannot be created (a file is in the way).
    std::fs::write(env.path("blocked"), "not a folder").unwrap();
    let ran = run_limited(&env, &["run", "--reports", "blocked/reports"], limit);
    assert_eq!(ran.status, Some(1), "{}", ran.text());
    assert_eq!(
        before,
        digest(&inbox),
        "after a run that could not write its report"
    );
    // A bad config.
    std::fs::write(
        env.path("bad.toml"),
        "[limits]\nseconds_per_file = \"soon\"\n",
    )
    .unwrap();
    let ran = run_limited(&env, &["run", "--config", "bad.toml"], limit);
    assert_eq!(ran.status, Some(1), "{}", ran.text());
    assert_eq!(before, digest(&inbox), "after a run with a bad config");
    // A short watch session.
    let ran = run_limited(&env, &["watch", "--exit-after", "1"], limit);
    assert_eq!(ran.status, Some(0), "{}", ran.text());
    assert_eq!(before, digest(&inbox), "after watch");
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_previous_report_and_state_usable() {
    let env = TestEnv::new();
    small_inbox(&env.path("watch"), 60);
    let limit = Duration::from_secs(90);
    let first = run_limited(&env, &["run", "--as-of", AS_OF], limit);
    assert_eq!(first.status, Some(0), "{}", first.text());
    // A fixed-seed sequence of kill delays in 50..500 ms.
    let mut seed: u64 = 0x2026_0303;
    for round in 0..10 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_millis(50 + (seed >> 33) % 451);
        // Every other round, a new certificate so the run has parsing to do.
        if round % 2 == 0 {
            let mut bytes = std::fs::read(fixture("demo-league/certificates/Kai 4v4.pdf")).unwrap();
            bytes.extend_from_slice(format!("\n% round {round}\n").as_bytes());
            std::fs::write(env.path(&format!("watch/new-{round}.pdf")), bytes).unwrap();
        }
        let mut child = limited_command(&env, &["run", "--quiet", "--as-of", AS_OF])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // `sh` exec'd coachcheck: the child's pid is coachcheck's.
        let _ = child.kill();
        let _ = child.wait();
        let latest = env.path("reports/latest");
        for file in REPORT_FILES {
            assert!(
                latest.join(file).is_file(),
                "round {round} (killed after {delay:?}): reports/latest/{file} missing"
            );
        }
        let text = std::fs::read_to_string(latest.join("report.json")).unwrap();
        let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("round {round} (killed after {delay:?}): report.json does not parse: {e}")
        });
        assert_eq!(report["schema"], "coachcheck.report/1");
    }
    let next = run_limited(&env, &["run", "--as-of", AS_OF], limit);
    assert_eq!(next.status, Some(0), "{}", next.text());
    let stderr = String::from_utf8_lossy(&next.stderr);
    assert!(
        !stderr.contains("set aside"),
        "the state database was damaged by a kill:\n{stderr}"
    );
    let report = latest_report(&env.path("reports"));
    let files = report["certificates"].as_array().unwrap();
    for round in (0..10).step_by(2) {
        let name = format!("new-{round}.pdf");
        assert!(
            files.iter().any(|c| c["file"] == name),
            "{name} missing after the kills"
        );
    }
}

#[test]
fn fuzz_regression_inputs_never_crash_inspect() {
    let root = fixture("hostile/fuzz-regressions");
    let env = TestEnv::new();
    let mut checked = 0;
    for (target, extension) in [("extract", "pdf"), ("read_csv", "csv"), ("config", "toml")] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let copy = env.path(&format!("input-{checked}.{extension}"));
            std::fs::copy(&path, &copy).unwrap();
            let ran = if extension == "toml" {
                let empty = env.path("empty.csv");
                std::fs::write(&empty, "").unwrap();
                run_limited(
                    &env,
                    &[
                        OsStr::new("inspect"),
                        OsStr::new("--config"),
                        copy.as_os_str(),
                        OsStr::new("--json"),
                        empty.as_os_str(),
                    ],
                    Duration::from_secs(30),
                )
            } else {
                run_limited(
                    &env,
                    &[
                        OsStr::new("inspect"),
                        OsStr::new("--json"),
                        copy.as_os_str(),
                    ],
                    Duration::from_secs(30),
                )
            };
            assert!(
                matches!(ran.status, Some(0 | 1)),
                "{}: {}",
                path.display(),
                ran.text()
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no regression inputs under {}", root.display());
}
