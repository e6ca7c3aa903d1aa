//! The bundled demo league, end to end: `run` on `fixtures/demo-league` must report exactly
//! what its expectation files say, in every format, and leave the inbox untouched. The
//! league is judged on three dates: 2026-10-01 (the README demo; CPR/AED is upcoming but
//! its notice window has not begun), 2026-12-10 (inside the notice window: coaches stay
//! cleared, with `requirement_upcoming`) and 2027-01-15 (CPR/AED in force).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{fixture, latest_report, ocr_available, tree_digest, TestEnv};

/// Files the demo reads by OCR: without Tesseract they are `needs_ocr` instead, and are
/// left out of the comparisons (outside CI).
const READ_BY_OCR: [&str; 2] = ["certificates/scan0001.pdf", "certificates/IMG_4471.pdf"];

/// Whether `file` is compared on this machine.
fn compared(file: &str) -> bool {
    !READ_BY_OCR.contains(&file) || ocr_available("the demo's scanned files")
}

/// The README demo date: CPR/AED is upcoming, before its notice window.
const AS_OF: &str = "2026-10-01";
/// Inside the CPR/AED notice window (60 days before 2027-01-01).
const AS_OF_UPCOMING: &str = "2026-12-10";
/// CPR/AED in force.
const AS_OF_IN_FORCE: &str = "2027-01-15";

/// The expectation file of a judged date (written by `fixtures/tools/gen_demo.py`).
fn expected_at(as_of: &str) -> Value {
    let name = if as_of == AS_OF {
        "demo-league.expected.json".to_string()
    } else {
        format!("demo-league.expected.{as_of}.json")
    };
    let text = std::fs::read_to_string(fixture(&name)).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["as_of"], as_of, "{name} is for another date");
    value
}

type Demo = (Value, PathBuf);

/// Runs the demo once per judged date and test binary (the report is shared by the
/// assertions below).
fn demo_report() -> &'static Demo {
    demo_report_at(AS_OF)
}

fn demo_report_at(as_of: &str) -> &'static Demo {
    static OCTOBER: OnceLock<Demo> = OnceLock::new();
    static DECEMBER: OnceLock<Demo> = OnceLock::new();
    static JANUARY: OnceLock<Demo> = OnceLock::new();
    let cell = match as_of {
        AS_OF => &OCTOBER,
        AS_OF_UPCOMING => &DECEMBER,
        AS_OF_IN_FORCE => &JANUARY,
        other => panic!("no demo run for {other}"),
    };
    cell.get_or_init(|| run_demo(as_of))
}

fn run_demo(as_of: &str) -> Demo {
    let env = Box::leak(Box::new(TestEnv::new()));
    // The scan is read by OCR: room for it on a busy test machine.
    std::fs::write(
        env.path("coachcheck.toml"),
        "[limits]\nseconds_per_file = 60\n",
    )
    .unwrap();
    let inbox = fixture("demo-league");
    let before = tree_digest(&inbox);
    let ran = env
        .run(&[
            "run",
            "--inbox",
            inbox.to_str().unwrap(),
            "--reports",
            env.path("reports").to_str().unwrap(),
            "--as-of",
            as_of,
        ])
        .expect_status(0);
    assert!(ran.stdout.contains("Report:"), "{}", ran.stdout);
    assert_eq!(
        before,
        tree_digest(&inbox),
        "the inbox was modified by a run"
    );
    (
        latest_report(&env.path("reports")),
        env.path("reports/latest"),
    )
}

#[test]
fn every_coach_has_the_expected_status_and_requirements() {
    coaches_match(AS_OF);
}

#[test]
fn every_coach_is_as_expected_inside_the_cpr_aed_notice_window() {
    coaches_match(AS_OF_UPCOMING);
}

#[test]
fn every_coach_is_as_expected_with_cpr_aed_in_force() {
    coaches_match(AS_OF_IN_FORCE);
}

fn coaches_match(as_of: &str) {
    let (report, _) = demo_report_at(as_of);
    let expected = expected_at(as_of);
    assert_eq!(report["as_of"], as_of);
    let coaches = report["coaches"].as_array().unwrap();
    let mut problems = Vec::new();
    for want in expected["coaches"].as_array().unwrap() {
        let id = want["id"].as_str().unwrap();
        let Some(got) = coaches.iter().find(|coach| coach["id"] == id) else {
            problems.push(format!("{id}: missing from the report"));
            continue;
        };
        if got["status"] != want["status"] {
            problems.push(format!(
                "{id} status: got {} want {}",
                got["status"], want["status"]
            ));
        }
        for (requirement, status) in want["requirements"].as_object().unwrap() {
            let got_status = &got["requirements"][requirement]["status"];
            if got_status != status {
                problems.push(format!(
                    "{id} {requirement}: got {got_status} want {status}"
                ));
            }
        }
    }
    assert_eq!(
        coaches.len(),
        expected["coaches"].as_array().unwrap().len(),
        "coach count"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// (code, coach, file, requirement) of every finding, counted (a key may repeat).
fn finding_keys(findings: &Value) -> Vec<(String, String, String, String)> {
    let mut keys: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let text = |key: &str| finding[key].as_str().unwrap_or("-").to_string();
            (
                text("code"),
                text("coach_id"),
                text("file"),
                text("requirement"),
            )
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn the_findings_are_exactly_the_expected_ones() {
    findings_match(AS_OF);
}

#[test]
fn the_findings_are_exactly_the_expected_ones_inside_the_cpr_aed_notice_window() {
    findings_match(AS_OF_UPCOMING);
}

#[test]
fn the_findings_are_exactly_the_expected_ones_with_cpr_aed_in_force() {
    findings_match(AS_OF_IN_FORCE);
}

fn findings_match(as_of: &str) {
    let (report, _) = demo_report_at(as_of);
    let mut got = finding_keys(&report["findings"]);
    let mut want = finding_keys(&expected_at(as_of)["findings"]);
    got.retain(|key| compared(&key.2));
    want.retain(|key| compared(&key.2));
    let got_set: BTreeSet<_> = got.iter().collect();
    let want_set: BTreeSet<_> = want.iter().collect();
    let missing: Vec<_> = want_set.difference(&got_set).collect();
    let extra: Vec<_> = got_set.difference(&want_set).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "as of {as_of}: missing (code, coach, file, requirement): {missing:#?}\nunexpected: {extra:#?}"
    );
    assert_eq!(got, want, "as of {as_of}: the same findings, counted");
}

#[test]
fn inside_the_notice_window_coaches_without_cpr_aed_stay_cleared_and_are_told() {
    let (report, _) = demo_report_at(AS_OF_UPCOMING);
    let findings = report["findings"].as_array().unwrap();
    let mut upcoming = 0;
    for coach in report["coaches"].as_array().unwrap() {
        let id = coach["id"].as_str().unwrap();
        let cpr = &coach["requirements"]["cpr_aed"];
        if cpr["status"] != "upcoming" {
            continue;
        }
        upcoming += 1;
        let detail = cpr["detail"].as_str().unwrap();
        assert!(detail.contains("needed from Jan 1, 2027"), "{id}: {detail}");
        let notice = findings
            .iter()
            .find(|f| f["code"] == "requirement_upcoming" && f["coach_id"] == id)
            .unwrap_or_else(|| panic!("{id}: no requirement_upcoming"));
        assert_eq!(notice["severity"], "info", "{id}");
        assert_eq!(notice["requirement"], "cpr_aed", "{id}");
        let message = notice["message"].as_str().unwrap();
        assert!(
            message.contains("CPR/AED needed from Jan 1, 2027"),
            "{message}"
        );
        assert!(!notice["action"].as_str().unwrap().is_empty(), "{id}");
        // The notice alone never changes the verdict: an otherwise clean coach stays
        // compliant.
        let others_clean = findings
            .iter()
            .filter(|f| f["coach_id"] == id)
            .all(|f| f["severity"] == "info");
        if others_clean {
            assert_eq!(coach["status"], "compliant", "{id}");
        }
    }
    assert!(upcoming > 20, "most coaches have no CPR/AED: {upcoming}");
    let summary = &report["summary"]["upcoming"];
    assert_eq!(summary[0]["requirement"], "cpr_aed");
    assert_eq!(summary[0]["coaches"], upcoming);
}

#[test]
fn every_certificate_is_read_field_by_field() {
    certificates_match(AS_OF);
}

#[test]
fn every_certificate_is_read_field_by_field_on_the_other_dates() {
    certificates_match(AS_OF_UPCOMING);
    certificates_match(AS_OF_IN_FORCE);
}

fn certificates_match(as_of: &str) {
    let (report, _) = demo_report_at(as_of);
    let certificates = report["certificates"].as_array().unwrap();
    let mut problems = Vec::new();
    for want in expected_at(as_of)["certificates"].as_array().unwrap() {
        let file = want["file"].as_str().unwrap();
        if !compared(file) {
            continue;
        }
        let Some(got) = certificates.iter().find(|c| c["file"] == file) else {
            // A duplicate file is counted once, under its first name.
            continue;
        };
        for field in [
            "status",
            "kind",
            "course",
            "holder",
            "completed_on",
            "expires_on",
            "email",
            "certificate_id",
            "coach_id",
        ] {
            if want.get(field).is_none() {
                continue;
            }
            if got[field] != want[field] {
                problems.push(format!(
                    "as of {as_of}: {file} {field}: got {} want {}",
                    got[field], want[field]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn report_json_follows_the_contract() {
    let (report, _) = demo_report();
    assert_eq!(report["schema"], "coachcheck.report/1");
    assert_eq!(report["as_of"], AS_OF);
    for key in [
        "generated_at",
        "summary",
        "coaches",
        "findings",
        "certificates",
        "changes",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    for key in [
        "coaches",
        "compliant",
        "action_needed",
        "needs_review",
        "findings_by_code",
    ] {
        assert!(report["summary"].get(key).is_some(), "summary.{key}");
    }
    let summary = &report["summary"];
    assert_eq!(
        summary["coaches"].as_u64().unwrap(),
        summary["compliant"].as_u64().unwrap()
            + summary["action_needed"].as_u64().unwrap()
            + summary["needs_review"].as_u64().unwrap()
    );
    for coach in report["coaches"].as_array().unwrap() {
        for key in ["id", "name", "email", "teams", "status", "requirements"] {
            assert!(coach.get(key).is_some(), "coach.{key}");
        }
        for team in coach["teams"].as_array().unwrap() {
            for key in ["team", "division", "format", "role"] {
                assert!(team.get(key).is_some(), "team.{key}");
            }
        }
        for requirement in [
            "account",
            "intro_module",
            "division_course",
            "concussion",
            "safesport",
            "background_check",
            "cpr_aed",
        ] {
            let value = &coach["requirements"][requirement];
            for key in ["status", "evidence", "detail"] {
                assert!(value.get(key).is_some(), "{requirement}.{key}");
            }
        }
    }
    for finding in report["findings"].as_array().unwrap() {
        for key in [
            "code", "severity", "coach_id", "file", "line", "message", "action",
        ] {
            assert!(finding.get(key).is_some(), "finding.{key}");
        }
        // A requirement finding names a requirement of the report's list.
        if let Some(requirement) = finding.get("requirement").and_then(Value::as_str) {
            assert!(
                report["requirements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|listed| listed["id"] == requirement),
                "finding.requirement {requirement} is not listed"
            );
        }
        assert!(!finding["action"].as_str().unwrap().is_empty());
    }
    for certificate in report["certificates"].as_array().unwrap() {
        for key in [
            "file",
            "sha256",
            "kind",
            "course",
            "holder",
            "completed_on",
            "expires_on",
            "email",
            "coach_id",
            "match",
        ] {
            assert!(certificate.get(key).is_some(), "certificate.{key}");
        }
        for key in ["status", "score", "reason"] {
            assert!(certificate["match"].get(key).is_some(), "match.{key}");
        }
    }
}

#[test]
fn the_other_formats_agree_with_the_json() {
    formats_agree(AS_OF);
}

#[test]
fn the_other_formats_agree_with_the_json_with_cpr_aed_in_force() {
    formats_agree(AS_OF_UPCOMING);
    formats_agree(AS_OF_IN_FORCE);
}

fn formats_agree(as_of: &str) {
    let (report, folder) = demo_report_at(as_of);
    let coaches_csv = std::fs::read_to_string(folder.join("coaches.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(coaches_csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let id_column = column("id").expect("coaches.csv id column");
    let cpr_column = column("cpr_aed").expect("coaches.csv cpr_aed column");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), report["coaches"].as_array().unwrap().len());
    for coach in report["coaches"].as_array().unwrap() {
        let row = rows
            .iter()
            .find(|row| row[id_column] == coach["id"])
            .unwrap_or_else(|| panic!("coaches.csv lacks {}", coach["id"]));
        assert_eq!(
            row[cpr_column], coach["requirements"]["cpr_aed"]["status"],
            "as of {as_of}: coaches.csv cpr_aed of {}",
            coach["id"]
        );
    }
    let findings_csv = std::fs::read_to_string(folder.join("findings.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(findings_csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let requirement_column = headers
        .iter()
        .position(|h| h == "requirement")
        .expect("findings.csv requirement column");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), report["findings"].as_array().unwrap().len());
    let cpr_rows = rows
        .iter()
        .filter(|row| &row[requirement_column] == "cpr_aed")
        .count();
    let cpr_findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["requirement"] == "cpr_aed")
        .count();
    assert_eq!(cpr_rows, cpr_findings, "as of {as_of}: findings.csv");
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let summary = std::fs::read_to_string(folder.join("summary.md")).unwrap();
    for coach in report["coaches"].as_array().unwrap() {
        if coach["status"] == "action_needed" {
            let name = coach["name"].as_str().unwrap();
            assert!(summary.contains(name), "summary.md lacks {name}");
            let escaped = name.replace('&', "&amp;").replace('\'', "&#x27;");
            assert!(
                html.contains(&escaped) || html.contains(name),
                "report.html lacks {name}"
            );
        }
    }
    assert!(
        !html.contains("<script"),
        "the HTML report needs no scripts"
    );
}
