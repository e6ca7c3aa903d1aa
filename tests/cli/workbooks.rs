//! Workbooks in the inbox and in `inspect`, files read by their bytes rather than their
//! names, and the guarantee that every `inspect --json` line is JSON whatever the input.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{fixture, latest_report, TestEnv};

/// Parses every stdout line of `inspect --json` as JSON (from the raw bytes, so a stray
/// invalid byte would fail too).
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(stdout).expect("inspect --json prints UTF-8");
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

fn copy(env: &TestEnv, from: &str, to: &str) {
    std::fs::copy(fixture(from), env.path(to)).unwrap();
}

#[test]
fn a_workbook_inbox_runs_like_a_csv_one() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("watch")).unwrap();
    copy(
        &env,
        "workbooks/roster-gotsport-staff.xlsx",
        "watch/gotsport.xlsx",
    );
    copy(
        &env,
        "workbooks/roster-workbook-renamed.csv",
        "watch/volunteers.csv",
    );
    copy(
        &env,
        "workbooks/roster-password-protected.xlsx",
        "watch/locked.xlsx",
    );
    copy(&env, "workbooks/roster-truncated.xlsx", "watch/cut.xlsx");
    copy(
        &env,
        "demo-league/certificates/Adeyemi_Intro.pdf",
        "watch/certificate.txt",
    );
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let report = latest_report(&env.path("reports"));
    // 4 GotSport staff + 6 Sports Connect volunteers.
    assert_eq!(report["summary"]["coaches"], 10);
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["coach_id"].is_null())
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for expected in [
        ("content_type_mismatch", "volunteers.csv"),
        ("content_type_mismatch", "certificate.txt"),
        ("unreadable_file", "locked.xlsx"),
        ("unreadable_file", "cut.xlsx"),
    ] {
        assert!(
            findings
                .iter()
                .any(|(code, file)| (code.as_str(), file.as_str()) == expected),
            "{expected:?} in {findings:#?}"
        );
    }
    let locked = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "locked.xlsx")
        .unwrap();
    assert!(
        locked["message"]
            .as_str()
            .unwrap()
            .contains("password protected"),
        "{locked}"
    );
    // The PDF named .txt was read as a certificate.
    let certificates = report["certificates"].as_array().unwrap();
    assert!(
        certificates
            .iter()
            .any(|c| c["file"] == "certificate.txt" && !c["course"].is_null()),
        "{certificates:#?}"
    );
    // Roster findings name the sheet.
    let rosters = report["inbox"]["rosters"].to_string();
    assert!(rosters.contains("gotsport.xlsx#Staff"), "{rosters}");
}

#[test]
fn inspect_shows_each_sheet_with_its_header_and_columns() {
    let env = TestEnv::new();
    let book = fixture("workbooks/league-roster-and-background.xlsx");
    let output = env
        .command()
        .args(["inspect", "--json"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines = json_lines(&output.stdout);
    let summary: Vec<(String, String, String, Value)> = lines
        .iter()
        .map(|line| {
            (
                line["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                line["sheet"].as_str().unwrap().to_string(),
                line["type"].as_str().unwrap().to_string(),
                line["header_row"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "league-roster-and-background.xlsx#Coaches".to_string(),
                "Coaches".to_string(),
                "roster".to_string(),
                Value::from(1)
            ),
            (
                "league-roster-and-background.xlsx#Background".to_string(),
                "Background".to_string(),
                "background_checks".to_string(),
                Value::from(1)
            ),
            (
                "league-roster-and-background.xlsx#Divisions".to_string(),
                "Divisions".to_string(),
                "unknown".to_string(),
                Value::Null
            ),
        ]
    );
    assert_eq!(lines[0]["columns"]["SafeSport"], "training.safesport_core");
    assert_eq!(lines[0]["columns"]["Risk Status"], "background_check");
    assert_eq!(lines[2]["status"], "unrecognized");
    assert_eq!(lines[2]["problems"][0]["code"], "roster_row_invalid");

    let human = env
        .run(&["inspect", book.to_str().unwrap()])
        .expect_status(0);
    for expected in [
        "#Coaches",
        "#Background",
        "#Divisions",
        "sheet: Coaches, header row: 1",
        "training.list",
    ] {
        assert!(
            human.stdout.contains(expected),
            "{expected}\n{}",
            human.stdout
        );
    }
}

#[test]
fn a_workbook_renamed_csv_gives_valid_json_read_as_a_workbook() {
    // The bug of issue 16: this printed a Rust `\u{81}` escape inside a JSON string.
    let env = TestEnv::new();
    copy(&env, "workbooks/roster-workbook-renamed.csv", "export.csv");
    // And a real CSV whose bytes decode to C1 controls and bidi overrides.
    std::fs::write(
        env.path("odd.csv"),
        b"First Name,Last Name,Team\r\nAna\x81\x9d,Ruiz\xe2\x80\xae,U10\r\n".as_slice(),
    )
    .unwrap();
    let output = env
        .command()
        .args(["inspect", "--json", "export.csv", "odd.csv"])
        .output()
        .unwrap();
    let lines = json_lines(&output.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "export.csv#Volunteers");
    assert_eq!(lines[0]["type"], "roster");
    assert_eq!(lines[0]["problems"][0]["code"], "content_type_mismatch");
    assert_eq!(lines[1]["type"], "roster");
    let raw = String::from_utf8(output.stdout).unwrap();
    assert!(
        !raw.contains('\u{81}') && !raw.contains('\u{202e}'),
        "{raw}"
    );
}

/// Bytes that look like the start of each kind of file, then anything.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let prefixes: Vec<&'static [u8]> = vec![
        b"",
        b"%PDF-1.4\n",
        b"PK\x03\x04",
        b"PK\x03\x04\x14\x00\x00\x00xl/workbook.xml",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x89PNG\r\n\x1a\n",
        b"First Name,Last Name,SafeSport,Certifications\r\n",
        b"\xff\xfe",
    ];
    let filler = prop_oneof![
        any::<u8>(),
        Just(0x81u8),
        Just(0x9du8),
        Just(b','),
        Just(b'\n'),
        Just(b'"'),
    ];
    (
        proptest::sample::select(prefixes),
        proptest::collection::vec(filler, 0..600),
    )
        .prop_map(|(prefix, rest)| {
            let mut bytes = prefix.to_vec();
            bytes.extend(rest);
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_inspect_json_line_parses_whatever_the_bytes(bytes in hostile_bytes()) {
        let env = TestEnv::new();
        let names = ["f.csv", "f.txt", "f.xlsx", "f.xls", "f.ods", "f.pdf"];
        for name in names {
            std::fs::write(env.path(name), &bytes).unwrap();
        }
        let output = env
            .command()
            .args(["inspect", "--json"])
            .args(names)
            .output()
            .unwrap();
        prop_assert!(output.status.code().is_some(), "killed by a signal");
        let lines = json_lines(&output.stdout);
        prop_assert!(lines.len() >= names.len(), "{} lines", lines.len());
        for line in &lines {
            prop_assert!(line["file"].is_string() && line["status"].is_string(), "{line}");
        }
    }
}
