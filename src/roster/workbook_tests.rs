//! Tests of workbook reading on the fixtures of `fixtures/workbooks/` (made by
//! `fixtures/workbooks/make.py` from the same people as the CSV fixtures): every workbook
//! shape loads into the same coaches as its CSV twin, and the bad ones are one clear finding.

use crate::findings::Code;
use crate::roster::{build_roster, read_table, Coach, CsvFile, CsvKind, CsvOptions};

fn options() -> CsvOptions {
    CsvOptions {
        season_end_year: 2026,
        extra_headers: Vec::new(),
    }
}

fn load(folder: &str, name: &str) -> Vec<CsvFile> {
    let path = format!("{}/fixtures/{folder}/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_table(name, &bytes, &options()).unwrap_or_else(|| panic!("{name} read as a certificate"))
}

/// The coaches of some tables with every source position blanked (a sheet's rows are not a
/// CSV's lines: a cell with a line break takes two lines in the CSV).
fn coaches(tables: &[CsvFile]) -> Vec<Coach> {
    let (roster, _) = build_roster(tables);
    roster
        .coaches
        .into_iter()
        .map(|mut coach| {
            for team in &mut coach.teams {
                team.source.file.clear();
                team.source.line = 0;
            }
            if let Some(source) = coach.background.source.as_mut() {
                source.file.clear();
                source.line = 0;
            }
            for record in &mut coach.training_records {
                record.source.file.clear();
                record.source.sheet = None;
                record.source.row = 0;
            }
            coach
        })
        .collect()
}

#[test]
fn every_workbook_shape_loads_the_same_coaches_as_its_csv_twin() {
    let twins = [
        (
            "roster-sportsconnect.xlsx",
            "roster-sportsconnect-utf8-bom.csv",
        ),
        (
            "roster-sportsconnect.xls",
            "roster-sportsconnect-utf8-bom.csv",
        ),
        (
            "roster-workbook-renamed.csv",
            "roster-sportsconnect-utf8-bom.csv",
        ),
        (
            "roster-gotsport-staff.xlsx",
            "roster-gotsport-staff-windows1252.csv",
        ),
        (
            "roster-gotsport-staff.ods",
            "roster-gotsport-staff-windows1252.csv",
        ),
        (
            "roster-affinity-title-row.xlsx",
            "roster-affinity-preamble-total.csv",
        ),
    ];
    for (workbook, csv) in twins {
        let sheets = load("workbooks", workbook);
        assert_eq!(sheets.len(), 1, "{workbook}");
        let sheet = sheets.first().unwrap();
        assert_eq!(sheet.kind, CsvKind::Roster, "{workbook}");
        let problems: Vec<_> = sheet
            .findings
            .iter()
            .filter(|f| f.code != Code::ContentTypeMismatch)
            .collect();
        assert!(problems.is_empty(), "{workbook}: {problems:#?}");
        let twin = load("rosters", csv);
        assert_eq!(sheet.columns, twin.first().unwrap().columns, "{workbook}");
        let expected = coaches(&twin);
        assert!(!expected.is_empty());
        assert_eq!(coaches(&sheets), expected, "{workbook} vs {csv}");
    }
}

#[test]
fn findings_name_the_sheet_and_row() {
    let sheets = load("workbooks", "roster-sportsconnect.xlsx");
    let sheet = sheets.first().unwrap();
    assert_eq!(sheet.file, "roster-sportsconnect.xlsx#Volunteers");
    assert_eq!(sheet.sheet.as_deref(), Some("Volunteers"));
    assert_eq!(sheet.header_row, Some(1));
    // Rows are the sheet's own row numbers (the CSV twin's third person is on line 5).
    let lines: Vec<u64> = sheet.roster_rows.iter().map(|r| r.source.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8]);
    let record = sheet
        .roster_rows
        .first()
        .and_then(|r| r.training_records.first())
        .unwrap();
    assert_eq!(record.source.file, "roster-sportsconnect.xlsx");
    assert_eq!(record.source.sheet.as_deref(), Some("Volunteers"));
    assert_eq!(record.source.row, 2);

    let title = load("workbooks", "roster-affinity-title-row.xlsx");
    let title = title.first().unwrap();
    assert_eq!(
        title.header_row,
        Some(4),
        "below the merged title, export line and blank row"
    );
    assert_eq!(title.rows, 4, "the Total line is not a coach");
}

#[test]
fn a_roster_sheet_and_a_background_sheet_are_read_as_such() {
    let sheets = load("workbooks", "league-roster-and-background.xlsx");
    let kinds: Vec<(&str, CsvKind)> = sheets
        .iter()
        .map(|s| (s.sheet.as_deref().unwrap_or_default(), s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Coaches", CsvKind::Roster),
            ("Background", CsvKind::BackgroundChecks),
            ("Divisions", CsvKind::Unknown),
        ]
    );
    let twin = load("rosters", "background-vendor-list-semicolon.csv");
    let strip = |file: &CsvFile| {
        file.background_rows
            .iter()
            .cloned()
            .map(|mut row| {
                row.source.file.clear();
                if let Some(source) = row.check.source.as_mut() {
                    source.file.clear();
                }
                row
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&sheets[1]), strip(twin.first().unwrap()));
    // The sheet that is neither is named in its finding.
    let divisions = &sheets[2];
    let finding = divisions.findings.first().unwrap();
    assert_eq!(finding.code, Code::RosterRowInvalid);
    assert_eq!(
        finding.file.as_deref(),
        Some("league-roster-and-background.xlsx#Divisions")
    );
    assert!(
        finding.message.contains("#Divisions is not a roster"),
        "{}",
        finding.message
    );
}

#[test]
fn protected_and_damaged_workbooks_are_unreadable_with_the_reason() {
    for (name, reason) in [
        ("roster-password-protected.xlsx", "password protected"),
        ("roster-truncated.xlsx", "damaged"),
    ] {
        let sheets = load("workbooks", name);
        assert_eq!(sheets.len(), 1, "{name}");
        let sheet = sheets.first().unwrap();
        let findings: Vec<_> = sheet
            .findings
            .iter()
            .map(|f| (f.code, f.file.as_deref()))
            .collect();
        assert_eq!(findings, [(Code::UnreadableFile, Some(name))], "{name}");
        let message = &sheet.findings.first().unwrap().message;
        assert!(message.contains(reason), "{name}: {message}");
    }
}

#[test]
fn a_workbook_named_csv_is_read_as_a_workbook_and_says_so() {
    let sheets = load("workbooks", "roster-workbook-renamed.csv");
    let sheet = sheets.first().unwrap();
    assert_eq!(sheet.encoding, "xlsx");
    let mismatch = sheet.findings.first().unwrap();
    assert_eq!(mismatch.code, Code::ContentTypeMismatch);
    assert_eq!(
        mismatch.file.as_deref(),
        Some("roster-workbook-renamed.csv")
    );
    assert!(
        mismatch.message.contains("Excel workbook"),
        "{}",
        mismatch.message
    );
    // A PDF named like a table is handed back as a certificate.
    assert!(read_table("notes.txt", b"%PDF-1.4\n...", &options()).is_none());
}
