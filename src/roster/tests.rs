//! Tests of `read_csv` and `build_roster` on the fixture exports in `fixtures/rosters/`
//! (made by `fixtures/rosters/make.py`), plus property tests on generated input.

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::findings::Code;
use crate::roster::{
    build_roster, read_csv, BackgroundCheck, BackgroundStatus, Coach, CsvFile, CsvKind, CsvOptions,
    RecordSource, Role, RosterRow, SourcePosition, TrainingStatus,
};

fn fixture(name: &str) -> CsvFile {
    let path = format!(
        "{}/fixtures/rosters/{name}",
        concat!(env!("CARGO_MANIFEST_DIR"))
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_csv(name, &bytes, &options())
}

fn options() -> CsvOptions {
    CsvOptions {
        season_end_year: 2026,
        extra_headers: Vec::new(),
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn at(file: &str, line: u64) -> SourcePosition {
    SourcePosition {
        file: file.to_string(),
        line,
    }
}

fn check(
    status: BackgroundStatus,
    raw: Option<&str>,
    checked_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    source: Option<SourcePosition>,
) -> BackgroundCheck {
    BackgroundCheck {
        status,
        raw: raw.map(str::to_string),
        checked_on,
        expires_on,
        source,
    }
}

/// A roster row as the test writes it: (line, member id, first, last, email, team, division,
/// age group, role, background check).
#[allow(clippy::too_many_arguments)]
fn row(
    file: &str,
    line: u64,
    member_id: Option<&str>,
    first: &str,
    last: &str,
    email: Option<&str>,
    team: &str,
    division: &str,
    age_group: Option<u8>,
    role: Role,
    background: BackgroundCheck,
) -> RosterRow {
    RosterRow {
        source: at(file, line),
        member_id: member_id.map(str::to_string),
        first_name: first.to_string(),
        last_name: last.to_string(),
        email: email.map(str::to_string),
        team: team.to_string(),
        division: division.to_string(),
        age_group,
        role,
        background,
        training_records: Vec::new(),
    }
}

/// The rows without their training records (checked by their own tests).
fn without_training(rows: &[RosterRow]) -> Vec<RosterRow> {
    rows.iter()
        .cloned()
        .map(|mut row| {
            row.training_records.clear();
            row
        })
        .collect()
}

fn coach_summary(coach: &Coach) -> (String, String, Vec<(String, Role)>) {
    (
        coach.id.clone(),
        coach.full_name(),
        coach
            .teams
            .iter()
            .map(|t| (t.team.clone(), t.role))
            .collect(),
    )
}

const SPORTS_CONNECT_VARIANTS: [(&str, &str, char); 5] = [
    ("roster-sportsconnect-utf8-bom.csv", "UTF-8", ','),
    ("roster-sportsconnect-windows1252.csv", "windows-1252", ','),
    ("roster-sportsconnect-utf16le-tab.txt", "UTF-16LE", '\t'),
    ("roster-sportsconnect-semicolon.csv", "UTF-8", ';'),
    ("roster-sportsconnect-cr-line-ends.csv", "UTF-8", ','),
];

#[test]
fn sports_connect_export_loads_every_field() {
    use BackgroundStatus::{Cleared, Denied, Missing, Pending};
    let name = "roster-sportsconnect-utf8-bom.csv";
    let file = fixture(name);
    assert_eq!(file.kind, CsvKind::Roster);
    assert_eq!(file.encoding, "UTF-8");
    assert_eq!(file.delimiter, ',');
    assert_eq!(file.rows, 7);
    assert!(file.findings.is_empty(), "{:#?}", file.findings);
    let columns: Vec<(&str, &str)> = file
        .columns
        .iter()
        .map(|(h, f)| (h.as_str(), f.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            ("Team", "team"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Title", "role"),
            ("Email", "email"),
            ("Risk Status", "background_check"),
            ("Risk Status Expiration", "background_check_expires"),
            ("Safe Haven", "training.safe_haven"),
            ("Concussion", "training.concussion"),
            ("SafeSport", "training.safesport_core"),
            ("Certifications", "training.list"),
        ]
    );
    let bg = |status, raw, expires, line| check(status, raw, None, expires, Some(at(name, line)));
    let expected = vec![
        row(
            name,
            2,
            None,
            "José",
            "Álvarez",
            Some("jose.alvarez@example.com"),
            "B10-01",
            "",
            Some(10),
            Role::HeadCoach,
            bg(Cleared, Some("Green"), date(2024, 12, 6), 2),
        ),
        // Its "Vol Comment" cell spans two lines: the next row starts on line 5.
        row(
            name,
            3,
            None,
            "Renée",
            "Dubois",
            Some("renee.dubois@example.org"),
            "B10-01",
            "",
            Some(10),
            Role::AssistantCoach,
            bg(Pending, Some("Gray"), None, 3),
        ),
        row(
            name,
            5,
            None,
            "María José",
            "García López",
            Some("mj.garcia@example.com"),
            "G12-02",
            "",
            Some(12),
            Role::HeadCoach,
            bg(Cleared, Some("Green"), date(2025, 8, 31), 5),
        ),
        row(
            name,
            6,
            None,
            "Zoë",
            "O'Brien-Smith",
            Some("zoe.obrien@example.net"),
            "G12-02",
            "",
            Some(12),
            Role::TeamManager,
            bg(Denied, Some("Red"), None, 6),
        ),
        row(
            name,
            7,
            None,
            "José",
            "Álvarez",
            Some("jose.alvarez@example.com"),
            "B10-02",
            "",
            Some(10),
            Role::AssistantCoach,
            bg(Cleared, Some("Green"), date(2024, 12, 6), 7),
        ),
        row(
            name,
            8,
            None,
            "Thi Mai",
            "Nguyen",
            Some("mai.nguyen@example.com"),
            "G08-01",
            "",
            Some(8),
            Role::HeadCoach,
            bg(Missing, None, None, 8),
        ),
        row(
            name,
            9,
            None,
            "François",
            "Lefèvre",
            Some("f.lefevre@example.com"),
            "G08-01",
            "",
            Some(8),
            Role::Other,
            bg(Cleared, Some("Orange"), date(2025, 7, 31), 9),
        ),
    ];
    assert_eq!(without_training(&file.roster_rows), expected);

    let (roster, findings) = build_roster(&[file]);
    assert!(findings.is_empty());
    let coaches: Vec<_> = roster.coaches.iter().map(coach_summary).collect();
    let team = |t: &str, r| (t.to_string(), r);
    assert_eq!(
        coaches,
        [
            (
                "jose-alvarez".into(),
                "José Álvarez".into(),
                vec![
                    team("B10-01", Role::HeadCoach),
                    team("B10-02", Role::AssistantCoach)
                ]
            ),
            (
                "renee-dubois".into(),
                "Renée Dubois".into(),
                vec![team("B10-01", Role::AssistantCoach)]
            ),
            (
                "maria-jose-garcia-lopez".into(),
                "María José García López".into(),
                vec![team("G12-02", Role::HeadCoach)]
            ),
            (
                "zoe-obrien-smith".into(),
                "Zoë O'Brien-Smith".into(),
                vec![team("G12-02", Role::TeamManager)]
            ),
            (
                "thi-mai-nguyen".into(),
                "Thi Mai Nguyen".into(),
                vec![team("G08-01", Role::HeadCoach)]
            ),
            (
                "francois-lefevre".into(),
                "François Lefèvre".into(),
                vec![team("G08-01", Role::Other)]
            ),
        ]
    );
}

#[test]
fn every_encoding_of_one_export_loads_the_same_coaches() {
    let reference = fixture(SPORTS_CONNECT_VARIANTS[0].0);
    let (reference_roster, _) = build_roster(std::slice::from_ref(&reference));
    let without_files = |rows: &[RosterRow]| -> Vec<RosterRow> {
        rows.iter()
            .cloned()
            .map(|mut r| {
                r.source.file.clear();
                if let Some(source) = r.background.source.as_mut() {
                    source.file.clear();
                }
                for record in &mut r.training_records {
                    record.source.file.clear();
                }
                r
            })
            .collect()
    };
    for (name, encoding, delimiter) in SPORTS_CONNECT_VARIANTS {
        let file = fixture(name);
        assert_eq!(
            (file.encoding.as_str(), file.delimiter),
            (encoding, delimiter),
            "{name}"
        );
        assert!(file.findings.is_empty(), "{name}: {:#?}", file.findings);
        assert_eq!(
            without_files(&file.roster_rows),
            without_files(&reference.roster_rows),
            "{name}"
        );
        let (roster, _) = build_roster(&[file]);
        let summary: Vec<_> = roster.coaches.iter().map(coach_summary).collect();
        let expected: Vec<_> = reference_roster.coaches.iter().map(coach_summary).collect();
        assert_eq!(summary, expected, "{name}");
    }
}

#[test]
fn gotsport_staff_export_in_windows_1252() {
    use BackgroundStatus::{Cleared, Denied, Pending};
    let name = "roster-gotsport-staff-windows1252.csv";
    let file = fixture(name);
    assert_eq!(
        (file.kind, file.encoding.as_str()),
        (CsvKind::Roster, "windows-1252")
    );
    assert!(file.findings.is_empty(), "{:#?}", file.findings);
    let bg = |status, raw, expires, line| check(status, raw, None, expires, Some(at(name, line)));
    let expected = vec![
        row(
            name,
            2,
            Some("8812345"),
            "Íñigo",
            "Martínez",
            Some("inigo.martinez@example.com"),
            "2014 Boys Blue",
            "B2014",
            Some(12),
            Role::HeadCoach,
            bg(Cleared, Some("Fulfilled"), date(2026, 7, 31), 2),
        ),
        row(
            name,
            3,
            Some("8812346"),
            "Søren",
            "Ångström",
            Some("soren@example.org"),
            "2014 Boys Blue",
            "B2014",
            Some(12),
            Role::AssistantCoach,
            bg(Pending, Some("Pending"), None, 3),
        ),
        row(
            name,
            4,
            Some("8812347"),
            "Chloé",
            "Bélanger",
            Some("chloe.belanger@example.org"),
            "2016 Girls White",
            "G2016",
            Some(10),
            Role::TeamManager,
            bg(Pending, Some("Review"), None, 4),
        ),
        row(
            name,
            5,
            Some("8812348"),
            "Joaquín",
            "de la Cruz",
            Some("joaquin.cruz@example.com"),
            "U10 Girls Red",
            "U10",
            Some(10),
            Role::HeadCoach,
            bg(Denied, Some("Denied"), None, 5),
        ),
        row(
            name,
            6,
            Some("8812345"),
            "Íñigo",
            "Martínez",
            Some("inigo.martinez@example.com"),
            "2016 Girls White",
            "2016G",
            Some(10),
            Role::HeadCoach,
            bg(Cleared, Some("Approved"), date(2026, 7, 31), 6),
        ),
    ];
    assert_eq!(without_training(&file.roster_rows), expected);
    let (roster, _) = build_roster(&[file]);
    let ids: Vec<&str> = roster.coaches.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["8812345", "8812346", "8812347", "8812348"]);
    assert_eq!(roster.coaches[0].teams.len(), 2);
}

#[test]
fn affinity_export_skips_its_title_and_total() {
    use BackgroundStatus::{Cleared, Expired, Missing};
    let name = "roster-affinity-preamble-total.csv";
    let file = fixture(name);
    assert_eq!(file.kind, CsvKind::Roster);
    assert_eq!(file.rows, 4);
    assert!(file.findings.is_empty(), "{:#?}", file.findings);
    assert_eq!(
        file.notes,
        [
            "lines 1-3: 2 lines above the header skipped",
            "line 10: summary line \"Total: 4\" ignored",
        ]
    );
    let src = |line| Some(at(name, line));
    let expected = vec![
        row(
            name,
            5,
            Some("CS-20931"),
            "Guadalupe",
            "Hernández",
            Some("lupe.hernandez@example.com"),
            "Thunder",
            "U-10",
            Some(10),
            Role::HeadCoach,
            check(Cleared, Some("Cleared"), None, None, src(5)),
        ),
        row(
            name,
            6,
            Some("CS-20932"),
            "Chinedu",
            "Okafor",
            Some("c.okafor@example.com"),
            "Thunder",
            "U-10",
            Some(10),
            Role::AssistantCoach,
            check(Cleared, Some("3/15/2019"), date(2019, 3, 15), None, src(6)),
        ),
        row(
            name,
            7,
            Some("CS-20933"),
            "Jürgen",
            "Müller",
            Some("jurgen.muller@example.de"),
            "Lightning",
            "Under 12",
            Some(12),
            Role::TeamManager,
            check(Missing, Some("Not Created"), None, None, src(7)),
        ),
        row(
            name,
            8,
            Some("CS-20934"),
            "Robert",
            "Smith Jr.",
            Some("bob.smith@example.com"),
            "Sharks",
            "12U",
            Some(12),
            Role::HeadCoach,
            check(Expired, Some("Expired"), None, date(2024, 12, 6), src(8)),
        ),
    ];
    assert_eq!(file.roster_rows, expected);
}

#[test]
fn one_column_coach_name_sheet_is_a_roster_of_coaches() {
    let name = "roster-coach-name-last-first.csv";
    let file = fixture(name);
    assert_eq!(file.kind, CsvKind::Roster);
    assert_eq!(
        file.columns,
        [("Coach Name".to_string(), "full_name".to_string())]
    );
    assert!(file.findings.is_empty(), "{:#?}", file.findings);
    let names: Vec<(&str, &str)> = file
        .roster_rows
        .iter()
        .map(|r| (r.first_name.as_str(), r.last_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("José", "Álvarez"),
            ("María José", "García López"),
            ("Thi Mai", "Nguyễn"),
            ("Zoë", "O'Brien-Smith"),
            ("Pieter", "van der Berg"),
        ]
    );
    for loaded in &file.roster_rows {
        assert_eq!(loaded.role, Role::HeadCoach);
        assert_eq!((loaded.team.as_str(), loaded.age_group), ("", None));
        assert_eq!(loaded.background, BackgroundCheck::missing());
        assert_eq!(loaded.email, None);
    }
}

#[test]
fn background_vendor_list_goes_to_background_rows() {
    use BackgroundStatus::{Cleared, Denied, Missing, Pending};
    let name = "background-vendor-list-semicolon.csv";
    let file = fixture(name);
    assert_eq!(
        (file.kind, file.delimiter),
        (CsvKind::BackgroundChecks, ';')
    );
    assert!(file.roster_rows.is_empty());
    assert!(file.findings.is_empty(), "{:#?}", file.findings);
    let day = date(2024, 12, 6);
    let loaded: Vec<_> = file
        .background_rows
        .iter()
        .map(|r| {
            assert_eq!(r.check.source, Some(at(name, r.source.line)));
            assert_eq!(r.member_id, None);
            (
                r.source.line,
                r.name.as_str(),
                r.email.as_deref(),
                r.check.status,
                r.check.raw.as_deref(),
                r.check.checked_on,
            )
        })
        .collect();
    assert_eq!(
        loaded,
        [
            (
                2,
                "José Álvarez",
                Some("jose.alvarez@example.com"),
                Cleared,
                Some("Cleared"),
                day
            ),
            (
                3,
                "Dubois, Renée",
                Some("renee.dubois@example.org"),
                Pending,
                Some("In Progress"),
                day
            ),
            (
                4,
                "María José García López",
                None,
                Cleared,
                Some("Approved"),
                day
            ),
            (
                5,
                "Zoë O'Brien-Smith",
                Some("zoe.obrien@example.net"),
                Denied,
                Some("Ineligible"),
                day
            ),
            (
                6,
                "",
                Some("mai.nguyen@example.com"),
                Missing,
                Some("Not Created"),
                None
            ),
        ]
    );
}

#[test]
fn a_file_without_a_name_column_is_unrecognized() {
    let name = "roster-missing-name-column.csv";
    let file = fixture(name);
    assert_eq!(file.kind, CsvKind::Unknown);
    assert!(file.roster_rows.is_empty() && file.background_rows.is_empty());
    assert_eq!(file.findings.len(), 1);
    let finding = &file.findings[0];
    assert_eq!(finding.code, Code::RosterRowInvalid);
    assert_eq!(
        (finding.file.as_deref(), finding.line),
        (Some(name), Some(1))
    );
    assert!(finding.message.contains(name) && finding.message.contains("name column"));
}

#[test]
fn bad_rows_are_findings_and_the_rest_loads() {
    let name = "roster-invalid-rows.csv";
    let file = fixture(name);
    assert_eq!(file.rows, 5);
    let loaded: Vec<(u64, &str, Option<&str>)> = file
        .roster_rows
        .iter()
        .map(|r| (r.source.line, r.first_name.as_str(), r.email.as_deref()))
        .collect();
    assert_eq!(
        loaded,
        [
            (2, "Ana", Some("ana.ruiz@example.com")),
            (3, "Bob", None),
            (5, "Cara", Some("cara.lee@example.com")),
            (6, "Ana", Some("ana.ruiz@example.com")),
        ]
    );
    let found: Vec<(Code, Option<u64>)> = file.findings.iter().map(|f| (f.code, f.line)).collect();
    assert_eq!(
        found,
        [
            (Code::RosterRowInvalid, Some(3)),
            (Code::RosterRowInvalid, Some(4)),
            (Code::UnknownDivision, Some(5)),
        ]
    );
    assert!(file.findings[0].message.contains("\"bob stone@example\""));
    assert!(file.findings[0].message.contains("loads without an email"));
    assert!(file.findings[2].message.contains("\"Rec League\""));
    assert!(file
        .findings
        .iter()
        .all(|f| f.file.as_deref() == Some(name)));

    let (roster, findings) = build_roster(&[file]);
    assert_eq!(roster.coaches.len(), 3);
    let found: Vec<(Code, Option<u64>, Option<&str>)> = findings
        .iter()
        .map(|f| (f.code, f.line, f.coach_id.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::RosterRowInvalid, Some(3), Some("bob-stone")),
            (Code::RosterRowInvalid, Some(4), None),
            (Code::UnknownDivision, Some(5), Some("cara-lee")),
            (Code::DuplicateRosterEntry, Some(6), Some("ana-ruiz")),
        ]
    );
}

#[test]
fn rows_from_several_files_merge_into_one_coach() {
    let sports_connect = fixture("roster-sportsconnect-utf8-bom.csv");
    let names_only = fixture("roster-coach-name-last-first.csv");
    let (roster, findings) = build_roster(&[sports_connect, names_only]);
    assert!(findings.is_empty());
    let jose = roster
        .coaches
        .iter()
        .find(|c| c.id == "jose-alvarez")
        .map(|c| c.teams.len());
    // Two teams from the export, plus the no-team line of the name sheet.
    assert_eq!(jose, Some(3));
    // "Nguyễn" (name sheet) and "Nguyen" (export) are one person; "van der Berg" is new.
    let ids: Vec<&str> = roster.coaches.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "jose-alvarez",
            "renee-dubois",
            "maria-jose-garcia-lopez",
            "zoe-obrien-smith",
            "thi-mai-nguyen",
            "francois-lefevre",
            "pieter-van-der-berg",
        ]
    );
}

#[test]
fn config_header_synonyms_are_used() {
    let csv = "Entrenador,Correo Personal,Liga\nAna Ruiz,ana@x.org,U9\n";
    let options = CsvOptions {
        season_end_year: 2026,
        extra_headers: vec![
            ("Correo Personal".to_string(), "email".to_string()),
            ("Liga".to_string(), "division".to_string()),
            ("Entrenador".to_string(), "full_name".to_string()),
        ],
    };
    let file = read_csv("liga.csv", csv.as_bytes(), &options);
    assert_eq!(file.kind, CsvKind::Roster);
    let loaded = &file.roster_rows[0];
    assert_eq!(
        (
            loaded.first_name.as_str(),
            loaded.last_name.as_str(),
            loaded.email.as_deref(),
            loaded.age_group
        ),
        ("Ana", "Ruiz", Some("ana@x.org"), Some(9))
    );
}

#[test]
fn repeated_headers_footers_and_blank_lines_are_not_rows() {
    let csv = "First Name,Last Name,Team\nAna,Ruiz,U9 Sharks\n,,\nFirst Name,Last Name,Team\n\
               Bob,Stone,U10 Comets\nPage 1 of 1\n42 records\n";
    let file = read_csv("paged.csv", csv.as_bytes(), &options());
    assert_eq!(file.rows, 2);
    assert_eq!(file.roster_rows.len(), 2);
    assert_eq!(file.notes.len(), 3, "{:?}", file.notes);
    assert!(file.findings.is_empty());
}

#[test]
fn empty_and_binary_files_are_unrecognized() {
    for bytes in [&b""[..], b"\x00\x01\x02\xff\xfe\x00", b"\n\n\r\n"] {
        let file = read_csv("x.csv", bytes, &CsvOptions::default());
        assert_eq!(file.kind, CsvKind::Unknown);
        assert_eq!(file.findings.len(), 1);
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_csv("fuzz.csv", &bytes, &CsvOptions::default());
    }

    #[test]
    fn csv_like_text_never_panics(text in "[A-Za-zé0-9,;\t|\"\r\n @.:/-]{0,600}") {
        let mut with_header = String::from("First Name,Last Name,Email,Team,Division,Role,Risk Status,Expires\n");
        with_header.push_str(&text);
        let file = read_csv("fuzz.csv", with_header.as_bytes(), &options());
        let _ = build_roster(&[file]);
        let _ = read_csv("fuzz.csv", text.as_bytes(), &options());
    }

    #[test]
    fn written_rosters_read_back_losslessly(
        people in proptest::collection::vec(
            (
                "[A-ZÁÉÑ][a-záéíóúñü]{1,10}( [A-Z][a-z]{1,8})?",
                "[A-ZÁÉÑ][a-z'áéñ]{1,10}(-[A-Z][a-z]{1,8})?",
                "[a-z][a-z0-9]{0,8}(\\.[a-z0-9]{1,5})?@[a-z]{2,10}\\.(com|org|net)",
                "[A-Z][a-z]{1,8}( [A-Z0-9][a-z0-9]{1,5})?",
                prop_oneof![Just(6u8), Just(8), Just(10), Just(12), Just(14)],
                prop_oneof![
                    Just(("Head Coach", Role::HeadCoach)),
                    Just(("Assistant Coach", Role::AssistantCoach)),
                    Just(("Team Manager", Role::TeamManager)),
                    Just(("Team Parent", Role::Other)),
                ],
            ),
            1..30,
        ),
        delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
    ) {
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        writer.write_record(["First Name", "Last Name", "Email", "Team", "Division", "Role"]).unwrap();
        for (first, last, email, team, age, (role, _)) in &people {
            writer.write_record([first, last, email, team, &format!("U{age}"), &role.to_string()]).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let file = read_csv("generated.csv", &bytes, &options());
        prop_assert_eq!(file.kind, CsvKind::Roster);
        prop_assert!(file.findings.is_empty(), "{:?}", file.findings);
        prop_assert_eq!(file.roster_rows.len(), people.len());
        for (loaded, (first, last, email, team, age, (_, role))) in file.roster_rows.iter().zip(&people) {
            prop_assert_eq!(&loaded.first_name, first);
            prop_assert_eq!(&loaded.last_name, last);
            prop_assert_eq!(loaded.email.as_deref(), Some(email.as_str()));
            prop_assert_eq!(&loaded.team, team);
            prop_assert_eq!(loaded.age_group, Some(*age));
            prop_assert_eq!(loaded.role, *role);
        }
    }
}

#[test]
fn inleague_coach_import_with_one_name_column() {
    // The second AYSO format of domain.md §5: a full-name column and CoachType/CoachEmail.
    let csv = "TeamName,TeamId,Region,City,Division,Gender,CoachType,CoachName,CoachPhone,CoachCell,CoachEmail\n\
               U12G-02,311,122,Goleta,U12,G,Coach,\"Smith, Jane\",805-555-0199,,JSmith@Example.com\n\
               U12G-02,311,122,Goleta,U12,G,Asst Coach,Carlos de la Peña,,,\n";
    let file = read_csv("inleague.csv", csv.as_bytes(), &options());
    assert_eq!(file.kind, CsvKind::Roster);
    assert!(file.findings.is_empty(), "{:#?}", file.findings);
    let loaded: Vec<_> = file
        .roster_rows
        .iter()
        .map(|r| {
            (
                r.first_name.as_str(),
                r.last_name.as_str(),
                r.email.as_deref(),
                r.team.as_str(),
                r.division.as_str(),
                r.age_group,
                r.role,
            )
        })
        .collect();
    assert_eq!(
        loaded,
        [
            (
                "Jane",
                "Smith",
                Some("jsmith@example.com"),
                "U12G-02",
                "U12",
                Some(12),
                Role::HeadCoach
            ),
            (
                "Carlos",
                "de la Peña",
                None,
                "U12G-02",
                "U12",
                Some(12),
                Role::AssistantCoach
            ),
        ]
    );
}

#[test]
fn without_a_season_the_current_one_is_used() {
    let csv = "Name,Division\nAna Ruiz,U10\nBob Stone,2016\n";
    let file = read_csv("now.csv", csv.as_bytes(), &CsvOptions::default());
    let ages: Vec<Option<u8>> = file.roster_rows.iter().map(|r| r.age_group).collect();
    assert_eq!(ages[0], Some(10));
    // Born 2016: U9 or older, whatever today is.
    assert!(ages[1].is_some_and(|age| age >= 9), "{ages:?}");
}

/// (course id, label, status, completed, expires, line) of one training record.
type RecordSummary = (
    Option<&'static str>,
    String,
    TrainingStatus,
    Option<NaiveDate>,
    Option<NaiveDate>,
    u64,
);

/// The [`RecordSummary`] of every training record of a file.
fn training_of(file: &CsvFile) -> Vec<RecordSummary> {
    file.roster_rows
        .iter()
        .flat_map(|row| &row.training_records)
        .map(|r| {
            (
                r.course.map(|c| c.id()),
                r.label.clone(),
                r.status,
                r.completed_on,
                r.expires_on,
                r.source.row,
            )
        })
        .collect()
}

#[test]
fn training_columns_of_the_exports_become_records() {
    use TrainingStatus::Completed;
    let sports_connect = fixture("roster-sportsconnect-utf8-bom.csv");
    let records = training_of(&sports_connect);
    let of_line = |line: u64| -> Vec<(Option<&str>, &str)> {
        records
            .iter()
            .filter(|r| r.5 == line)
            .map(|r| (r.0, r.1.as_str()))
            .collect()
    };
    assert_eq!(
        of_line(2),
        [
            (None, "Safe Haven"),
            (Some("concussion"), "Concussion"),
            (Some("safesport_core"), "SafeSport"),
            (Some("concussion"), "Concussion Awareness"),
            (None, "Fingerprinting Certificate"),
            (None, "AYSOs Safe Haven"),
        ]
    );
    // "No" in the Concussion and SafeSport columns gives no record.
    assert_eq!(of_line(3), [(None, "Safe Haven")]);
    assert!(of_line(6).is_empty());
    assert!(records
        .iter()
        .all(|r| r.2 == Completed && r.3.is_none() && r.4.is_none()));

    let gotsport = fixture("roster-gotsport-staff-windows1252.csv");
    assert_eq!(
        training_of(&gotsport),
        [
            (
                Some("safesport_core"),
                "SafeSport Expiration".to_string(),
                Completed,
                None,
                date(2026, 3, 1),
                2
            ),
            (
                Some("safesport_core"),
                "SafeSport Expiration".to_string(),
                Completed,
                None,
                date(2025, 11, 15),
                4
            ),
        ]
    );
    // One person's records from both rows, each once, on the coach.
    let (roster, _) = build_roster(&[sports_connect]);
    let jose = roster.coaches.first().unwrap();
    assert_eq!(jose.full_name(), "José Álvarez");
    assert_eq!(jose.training_records.len(), 6);
    assert_eq!(
        jose.training_records.first().map(|r| r.source.clone()),
        Some(RecordSource {
            file: "roster-sportsconnect-utf8-bom.csv".into(),
            sheet: None,
            row: 2
        })
    );
}
