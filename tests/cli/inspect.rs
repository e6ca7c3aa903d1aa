//! `coachcheck inspect`: the `--json` contract of SPEC §2, the human explanation, CSVs, and
//! a new issuer taught by dropping a TOML template into the configured folder.

use serde_json::Value;

use crate::support::{fixture, ocr_available, TestEnv};

const CONTRACT_KEYS: [&str; 13] = [
    "file",
    "type",
    "status",
    "kind",
    "course",
    "course_title",
    "holder",
    "completed_on",
    "expires_on",
    "email",
    "certificate_id",
    "warnings",
    "error",
];

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

/// A one-page PDF with a standard-14 font and one text line per entry, with a correct xref.
pub(crate) fn simple_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 14 Tf 72 720 Td 18 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn json_follows_the_contract_in_argument_order() {
    let env = TestEnv::new();
    // The scan is read by OCR: room for it on a busy test machine.
    std::fs::write(
        env.path("coachcheck.toml"),
        "[limits]\nseconds_per_file = 60\n",
    )
    .unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("demo-league.expected.json")).unwrap(),
    )
    .unwrap();
    let names = [
        "certificates/SafeSport - Bob.pdf",
        "certificates/scan0001.pdf",
        "certificates/IMG_4471.pdf",
    ];
    let paths: Vec<String> = names
        .iter()
        .map(|name| fixture("demo-league").join(name).display().to_string())
        .collect();
    let mut args = vec!["inspect", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let ran = env.run(&args).expect_status(0);
    let objects = json_lines(&ran.stdout);
    assert_eq!(objects.len(), names.len());
    for ((object, name), path) in objects.iter().zip(names).zip(&paths) {
        assert_eq!(object["file"], path.as_str(), "argument order");
        assert_eq!(object["type"], "certificate");
        for key in CONTRACT_KEYS {
            assert!(object.get(key).is_some(), "{name}: missing {key}");
        }
        if name != "certificates/SafeSport - Bob.pdf" && !ocr_available("inspect of scans") {
            // Without Tesseract the scan and the photo wait for OCR.
            assert_eq!(object["status"], "needs_ocr", "{name}");
            continue;
        }
        let want = expected["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["file"] == *name)
            .unwrap();
        for field in [
            "status",
            "course",
            "holder",
            "completed_on",
            "email",
            "certificate_id",
        ] {
            assert_eq!(object[field], want[field], "{name} {field}");
        }
    }
    if ocr_available("inspect of scans") {
        // The scan is read by OCR; the photo renamed `.pdf` is an image with no text.
        assert_eq!(objects[1]["status"], "ok");
        assert_eq!(objects[1]["ocr"], true);
        assert!(objects[1]["confidence"]["holder"].is_number());
        assert_eq!(objects[2]["status"], "unreadable");
        assert!(
            objects[2]["error"].as_str().unwrap().contains("no text"),
            "{}",
            objects[2]["error"]
        );
    }
}

#[test]
fn a_csv_is_described_with_encoding_delimiter_columns_and_problems() {
    let env = TestEnv::new();
    let path = fixture("rosters/roster-invalid-rows.csv");
    let ran = env
        .run(&["inspect", "--json", path.to_str().unwrap()])
        .expect_status(0);
    let object = &json_lines(&ran.stdout)[0];
    assert_eq!(object["type"], "roster");
    assert_eq!(object["encoding"], "UTF-8");
    assert_eq!(object["delimiter"], ",");
    assert!(object["rows"].as_u64().unwrap() > 0);
    assert!(object["columns"]
        .as_object()
        .unwrap()
        .values()
        .any(|field| field == "email"));
    let problems = object["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    assert!(
        problems.iter().all(|p| p["line"].as_u64().is_some()),
        "{problems:?}"
    );
    let utf16 = fixture("rosters/roster-sportsconnect-utf16le-tab.txt");
    let ran = env
        .run(&["inspect", "--json", utf16.to_str().unwrap()])
        .expect_status(0);
    let object = &json_lines(&ran.stdout)[0];
    assert_eq!(object["encoding"], "UTF-16LE");
    assert_eq!(object["delimiter"], "\t");
}

#[test]
fn the_human_explanation_shows_text_templates_and_field_sources() {
    let env = TestEnv::new();
    let path = fixture("demo-league/certificates/SafeSport - Bob.pdf");
    let ran = env
        .run(&["inspect", path.to_str().unwrap()])
        .expect_status(0);
    for wanted in [
        "templates tried",
        "safesport",
        "holder",
        "Bob Castellanos",
        "text read",
        "where each field came from",
    ] {
        assert!(
            ran.stdout.contains(wanted),
            "missing {wanted:?} in\n{}",
            ran.stdout
        );
    }
    let missing = env.run(&["inspect", "no-such-file.pdf"]).expect_status(1);
    assert!(missing.stdout.contains("unreadable"));
}

#[test]
fn a_new_issuer_is_taught_by_dropping_a_toml_template() {
    let env = TestEnv::new();
    let certificate = simple_pdf(&[
        "Acme State Youth Soccer Association",
        "Certificate of Completion",
        "This certifies that",
        "Marisol Quintero",
        "has successfully completed",
        "Concussion Awareness for Coaches",
        "Completion Date: September 14, 2026",
        "Certificate ID: AC-20931",
    ]);
    std::fs::write(env.path("acme.pdf"), &certificate).unwrap();
    let before = json_lines(
        &env.run(&["inspect", "--json", "acme.pdf"])
            .expect_status(0)
            .stdout,
    );
    assert_ne!(
        before[0]["status"], "ok",
        "not recognised before the template exists"
    );
    std::fs::create_dir(env.path("templates")).unwrap();
    std::fs::write(
        env.path("templates/acme.toml"),
        "name = \"acme_concussion\"\nkind = \"concussion\"\n[issuer]\nany = ['Acme State Youth Soccer']\n[[courses]]\nid = \"concussion\"\npatterns = ['Concussion Awareness']\n",
    )
    .unwrap();
    std::fs::write(
        env.path("coachcheck.toml"),
        "templates_dir = \"templates\"\n",
    )
    .unwrap();
    let after = json_lines(
        &env.run(&["inspect", "--json", "acme.pdf"])
            .expect_status(0)
            .stdout,
    );
    let object = &after[0];
    assert_eq!(object["status"], "ok", "{object}");
    assert_eq!(object["kind"], "concussion");
    assert_eq!(object["course"], "concussion");
    assert_eq!(object["holder"], "Marisol Quintero");
    assert_eq!(object["completed_on"], "2026-09-14");
    assert_eq!(object["certificate_id"], "AC-20931");
    // A broken user template is an error naming the file.
    std::fs::write(env.path("templates/broken.toml"), "name = \n").unwrap();
    let ran = env.run(&["inspect", "--json", "acme.pdf"]).expect_status(1);
    assert!(ran.stderr.contains("broken.toml"), "{}", ran.stderr);
}
