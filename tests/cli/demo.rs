//! The bundled demo league, end to end: `run` on `fixtures/demo-league` must report exactly
//! what `fixtures/demo-league.expected.json` says, in every format, and leave the inbox
//! untouched.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{fixture, latest_report, ocr_available, tree_digest, TestEnv};

/// Files the demo reads by OCR: without Tesseract they are `needs_ocr` instead, and are
/// left out of the comparisons (outside CI).
const READ_BY_OCR: [&str; 2] = ["certificates/scan0001.pdf", "certificates/IMG_4471.pdf"];

/// Whether `file` is compared on this machine.
fn compared(file: &str) -> bool {
    !READ_BY_OCR.contains(&file) || ocr_available("the demo's scanned files")
}

const AS_OF: &str = "2026-10-01";

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("demo-league.expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs the demo once per test binary (the report is shared by the assertions below).
fn demo_report() -> &'static (Value, std::path::PathBuf) {
    static REPORT: std::sync::OnceLock<(Value, std::path::PathBuf)> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
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
                AS_OF,
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
    })
}

#[test]
fn every_coach_has_the_expected_status_and_requirements() {
    let (report, _) = demo_report();
    let expected = expected();
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

fn finding_keys(findings: &Value) -> BTreeSet<(String, String, String)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let text = |key: &str| finding[key].as_str().unwrap_or("-").to_string();
            (text("code"), text("coach_id"), text("file"))
        })
        .collect()
}

#[test]
fn the_findings_are_exactly_the_expected_ones() {
    let (report, _) = demo_report();
    let keep = |keys: BTreeSet<(String, String, String)>| {
        keys.into_iter()
            .filter(|(_, _, file)| compared(file))
            .collect::<BTreeSet<_>>()
    };
    let got = keep(finding_keys(&report["findings"]));
    let want = keep(finding_keys(&expected()["findings"]));
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing (code, coach, file): {missing:#?}\nunexpected: {extra:#?}"
    );
}

#[test]
fn every_certificate_is_read_field_by_field() {
    let (report, _) = demo_report();
    let certificates = report["certificates"].as_array().unwrap();
    let mut problems = Vec::new();
    for want in expected()["certificates"].as_array().unwrap() {
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
                    "{file} {field}: got {} want {}",
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
    let (report, folder) = demo_report();
    let coaches_csv = std::fs::read_to_string(folder.join("coaches.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(coaches_csv.as_bytes());
    assert_eq!(
        reader.records().count(),
        report["coaches"].as_array().unwrap().len()
    );
    let findings_csv = std::fs::read_to_string(folder.join("findings.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(findings_csv.as_bytes());
    assert_eq!(
        reader.records().count(),
        report["findings"].as_array().unwrap().len()
    );
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
