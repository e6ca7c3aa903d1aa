//! A requirement the league adds in `coachcheck.toml`, end to end with no code change: a
//! user template declares a new course (`sca_course`, a Sudden Cardiac Arrest course of an
//! invented issuer), a `[[requirement]]` entry requires it, and the requirement shows in
//! every report file. A bad entry (unknown course id, unknown key, bad date) stops `run`
//! with exit 1 and a message naming the entry.

use serde_json::Value;

use crate::inspect::simple_pdf;
use crate::support::{latest_report, report_coach, TestEnv};

const AS_OF: &str = "2026-10-01";
const TITLE: &str = "Sudden Cardiac Arrest training";

/// The invented issuer's template: a new kind and a new course id.
const TEMPLATE: &str = r#"
name = "bayview_sca"
kind = "sca"
description = "Bayview Heart Foundation (invented): Sudden Cardiac Arrest for coaches"
date_order = "mdy"

[issuer]
any = ['Bayview Heart Foundation']

[[courses]]
id = "sca_course"
patterns = ['Sudden Cardiac Arrest']
"#;

const REQUIREMENT: &str = r#"
[[requirement]]
id = "sca"
title = "Sudden Cardiac Arrest training"
short = "SCA"
applies_to = ["head_coach", "assistant_coach"]
satisfied_by = ["sca_course"]
valid = { days = 365 }
expiring_days = 30
action = "Take the free Sudden Cardiac Arrest course for coaches online and send the certificate."
"#;

/// A league of two head coaches: Noor holds the SCA certificate, Tobias does not.
fn league(env: &TestEnv, requirement: &str) -> std::path::PathBuf {
    let inbox = env.path("inbox");
    std::fs::create_dir_all(inbox.join("roster")).unwrap();
    std::fs::create_dir_all(inbox.join("certificates")).unwrap();
    std::fs::write(
        inbox.join("roster/coaches.csv"),
        "Member ID,First Name,Last Name,Email,Team,Division,Role,Risk Status\n\
         BV-201,Noor,Castellano,noor.castellano@example.org,U10 Herons,U10,Head Coach,Green\n\
         BV-202,Tobias,Eklund,tobias.eklund@example.org,U12 Owls,U12,Head Coach,Green\n",
    )
    .unwrap();
    std::fs::write(
        inbox.join("certificates/Noor SCA.pdf"),
        simple_pdf(&[
            "Bayview Heart Foundation",
            "Certificate of Completion",
            "This certifies that",
            "Noor Castellano",
            "has completed",
            "Sudden Cardiac Arrest Awareness for Coaches",
            "Date completed: 04/18/2026",
        ]),
    )
    .unwrap();
    let templates = env.path("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("bayview_sca.toml"), TEMPLATE).unwrap();
    std::fs::write(
        env.path("coachcheck.toml"),
        format!(
            "templates_dir = {:?}\n{requirement}",
            templates.display().to_string()
        ),
    )
    .unwrap();
    inbox
}

fn run(env: &TestEnv, inbox: &std::path::Path) -> crate::support::Ran {
    env.run(&[
        "run",
        "--inbox",
        inbox.to_str().unwrap(),
        "--reports",
        env.path("reports").to_str().unwrap(),
        "--as-of",
        AS_OF,
    ])
}

#[test]
fn a_requirement_added_in_config_with_a_user_template_shows_in_every_report_file() {
    let env = TestEnv::new();
    let inbox = league(&env, REQUIREMENT);
    run(&env, &inbox).expect_status(0);
    let report = latest_report(&env.path("reports"));
    let folder = env.path("reports/latest");

    // report.json: listed after the built-in requirements, judged per coach.
    let listed = report["requirements"].as_array().unwrap();
    let sca = listed
        .iter()
        .find(|requirement| requirement["id"] == "sca")
        .expect("sca in report.json requirements");
    assert_eq!(sca["title"], TITLE);
    assert_eq!(listed.last().unwrap()["id"], "sca", "a new id is appended");
    let certificate = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == "certificates/Noor SCA.pdf")
        .expect("the SCA certificate is listed");
    assert_eq!(certificate["kind"], "sca", "{certificate}");
    assert_eq!(certificate["course"], "sca_course", "{certificate}");
    assert_eq!(certificate["completed_on"], "2026-04-18");
    assert_eq!(certificate["coach_id"], "BV-201");
    let noor = &report_coach(&report, "BV-201")["requirements"]["sca"];
    assert_eq!(noor["status"], "ok", "{noor}");
    assert_eq!(noor["title"], TITLE);
    assert_eq!(noor["evidence"][0], "certificates/Noor SCA.pdf");
    let tobias = report_coach(&report, "BV-202");
    assert_eq!(tobias["requirements"]["sca"]["status"], "missing");
    assert_eq!(tobias["status"], "action_needed");
    let findings: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["requirement"] == "sca")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "missing_requirement");
    assert_eq!(findings[0]["coach_id"], "BV-202");
    assert!(findings[0]["action"]
        .as_str()
        .unwrap()
        .contains("Sudden Cardiac Arrest course"));

    // coaches.csv: a column `sca`.
    let text = std::fs::read_to_string(folder.join("coaches.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers
        .iter()
        .position(|h| h == "sca")
        .expect("coaches.csv has an sca column");
    let id_column = headers.iter().position(|h| h == "id").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let status_of = |id: &str| {
        rows.iter()
            .find(|row| &row[id_column] == id)
            .map(|row| row[column].to_string())
    };
    assert_eq!(status_of("BV-201").as_deref(), Some("ok"));
    assert_eq!(status_of("BV-202").as_deref(), Some("missing"));

    // findings.csv: the requirement column names it.
    let text = std::fs::read_to_string(folder.join("findings.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers
        .iter()
        .position(|h| h == "requirement")
        .expect("findings.csv has a requirement column");
    let code = headers.iter().position(|h| h == "code").unwrap();
    assert!(
        reader
            .records()
            .map(Result::unwrap)
            .any(|row| &row[column] == "sca" && &row[code] == "missing_requirement"),
        "findings.csv lacks the sca finding:\n{text}"
    );

    // report.html and summary.md show the title.
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(html.contains(TITLE), "report.html lacks {TITLE}");
    let summary = std::fs::read_to_string(folder.join("summary.md")).unwrap();
    assert!(
        summary.contains(TITLE),
        "summary.md lacks {TITLE}:\n{summary}"
    );
}

#[test]
fn without_the_entry_the_same_league_has_no_sca_requirement() {
    let env = TestEnv::new();
    let inbox = league(&env, "");
    run(&env, &inbox).expect_status(0);
    let report = latest_report(&env.path("reports"));
    assert!(report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|requirement| requirement["id"] != "sca"));
    assert!(report_coach(&report, "BV-202")["requirements"]
        .get("sca")
        .is_none());
    // The template still reads the certificate: it is evidence, not a requirement.
    let certificate = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == "certificates/Noor SCA.pdf")
        .unwrap();
    assert_eq!(certificate["course"], "sca_course");
}

#[test]
fn a_bad_requirement_entry_stops_the_run_and_names_the_entry() {
    let cases = [
        (
            "an unknown course id",
            REQUIREMENT.replace("[\"sca_course\"]", "[\"sca_cours\"]"),
            "sca_cours",
        ),
        (
            "an unknown key",
            REQUIREMENT.replace("short = \"SCA\"", "shorty = \"SCA\""),
            "shorty",
        ),
        (
            "a bad date",
            format!("{REQUIREMENT}effective_from = \"2027-02-30\"\n"),
            "effective_from",
        ),
    ];
    for (what, entry, named) in cases {
        let env = TestEnv::new();
        let inbox = league(&env, &entry);
        let ran = run(&env, &inbox).expect_status(1);
        let text = format!("{}{}", ran.stdout, ran.stderr);
        assert!(
            text.contains("[[requirement]] \"sca\""),
            "{what}: the message does not name the entry:\n{text}"
        );
        assert!(
            text.contains(named),
            "{what}: the message does not say what is wrong:\n{text}"
        );
        assert!(
            !env.path("reports/latest").exists(),
            "{what}: a report was written"
        );
    }
}
