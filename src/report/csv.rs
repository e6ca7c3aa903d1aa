//! report::csv: renders `coaches.csv` (one row per coach, a column per requirement) and
//! `findings.csv` (one row per finding, the finding fields as columns). Pure: no I/O.
//!
//! Both files are made for spreadsheets: UTF-8 with a byte-order mark (so Excel shows
//! accents right), CRLF line ends, and every cell that a spreadsheet would read as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a line break) gets a leading `'`,
//! except a plain decimal number such as `-3`.

use super::{Index, Report};

/// The byte-order mark written first, so Excel reads the file as UTF-8.
const BOM: &str = "\u{FEFF}";

/// `coaches.csv`: id, name, email, teams, status, one column per requirement of the
/// league's list (its id; the cell is the status), and `next_steps` (the coach's actions,
/// most urgent first).
pub fn coaches(report: &Report) -> String {
    let mut header = vec!["id", "name", "email", "teams", "status"];
    let columns: Vec<&str> = report.requirements.iter().map(|r| r.id.as_str()).collect();
    header.extend(columns.iter().copied());
    header.push("next_steps");
    let index = Index::new(report);
    let rows = report.coaches.iter().map(|coach| {
        let mut row = vec![
            coach.id.clone(),
            coach.name.clone(),
            coach.email.clone().unwrap_or_default(),
            coach.teams_line(),
            coach.status.as_str().to_string(),
        ];
        row.extend(columns.iter().map(|id| {
            coach
                .requirements
                .get(id)
                .map(|requirement| requirement.status.as_str().to_string())
                .unwrap_or_default()
        }));
        row.push(index.actions(&coach.id).join(" | "));
        row
    });
    table(&header, rows)
}

/// `findings.csv`: code, severity, coach_id, coach_name, file, line, message, action,
/// decision (for review findings, the line to paste into `decisions.csv`) and requirement
/// (the id of the requirement the finding is about, if any).
pub fn findings(report: &Report) -> String {
    let header = [
        "code",
        "severity",
        "coach_id",
        "coach_name",
        "file",
        "line",
        "message",
        "action",
        "decision",
        "requirement",
    ];
    let index = Index::new(report);
    let rows = report.findings.iter().map(|finding| {
        let coach_name = finding
            .coach_id
            .as_deref()
            .and_then(|id| index.coach(id))
            .map(|coach| coach.name.clone())
            .unwrap_or_default();
        vec![
            finding.code.as_str().to_string(),
            finding.severity.as_str().to_string(),
            finding.coach_id.clone().unwrap_or_default(),
            coach_name,
            finding.file.clone().unwrap_or_default(),
            finding
                .line
                .map(|line| line.to_string())
                .unwrap_or_default(),
            finding.message.clone(),
            finding.action.clone(),
            finding.decision.clone().unwrap_or_default(),
            finding.requirement.clone().unwrap_or_default(),
        ]
    });
    table(&header, rows)
}

/// Writes a header and rows as a spreadsheet-safe CSV document.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let written = (|| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(BOM.as_bytes().to_vec());
        writer.write_record(header)?;
        for row in rows {
            let cells: Vec<_> = row.iter().map(|cell| neutralise(cell)).collect();
            writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
        }
        Ok(writer.into_inner().map_err(|error| error.to_string())?)
    })();
    match written {
        Ok(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        // Writing to memory does not fail; should it, the file says so instead of lying.
        Err(error) => format!("{BOM}error\r\n\"could not write the CSV: {error}\"\r\n"),
    }
}

/// A cell a spreadsheet will show as text: formula-looking cells get a leading `'`.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    // Fullwidth `＝＋－＠` too: some spreadsheets fold them to their ASCII forms.
    let risky = matches!(
        cell.trim_start_matches(' ').chars().next(),
        Some(
            '=' | '+'
                | '-'
                | '@'
                | '\t'
                | '\r'
                | '\n'
                | '\u{FF1D}'
                | '\u{FF0B}'
                | '\u{FF0D}'
                | '\u{FF20}'
        )
    );
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-3`, `+2.5`: an optional sign, digits, and at most one decimal point between digits.
fn is_plain_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = unsigned.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{sample, HOSTILE_DDE, HOSTILE_FORMULA};

    fn parse(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix(BOM).expect("starts with a BOM");
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes());
        reader
            .records()
            .map(|record| record.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    fn assert_no_formula_cells(rows: &[Vec<String>]) {
        for cell in rows.iter().flatten() {
            let first = cell.trim_start_matches(' ').chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'))
                    || is_plain_number(cell),
                "formula-looking cell: {cell:?}"
            );
        }
    }

    #[test]
    fn neutralises_formula_cells_and_keeps_numbers() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =x", "'  =x"),
            ("-3", "-3"),
            ("+2.5", "+2.5"),
            ("-3.", "'-3."),
            ("José", "José"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (cell, expected) in cases {
            assert_eq!(neutralise(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn coaches_csv_has_one_row_per_coach_and_a_column_per_requirement() {
        let text = coaches(&sample());
        assert!(text.starts_with(BOM));
        assert!(text.contains("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        let rows = parse(&text);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0],
            [
                "id",
                "name",
                "email",
                "teams",
                "status",
                "account",
                "intro_module",
                "division_course",
                "concussion",
                "safesport",
                "background_check",
                "cpr_aed",
                "next_steps"
            ]
        );
        assert_eq!(rows[1][1], "José Muñoz-Ñúñez");
        assert_eq!(rows[1][3], "U10 Coyotes (U10, 7v7, head coach)");
        assert_eq!(rows[1][11], "upcoming");
        assert_eq!(rows[2][4], "action_needed");
        assert_eq!(rows[2][9], "expired");
        assert_eq!(rows[2][7], "ok");
        assert!(rows[2][12].contains("SafeSport Refresher"));
        assert!(rows[2][12].contains("HEADS UP"));
        assert_eq!(rows[3][1], format!("'{HOSTILE_FORMULA}"));
        assert_eq!(rows[2][2], format!("'{HOSTILE_DDE}"));
        assert_no_formula_cells(&rows);
    }

    #[test]
    fn findings_csv_carries_the_decision_line_and_coach_name() {
        let rows = parse(&findings(&sample()));
        assert_eq!(rows.len(), 7);
        assert_eq!(
            rows[0],
            [
                "code",
                "severity",
                "coach_id",
                "coach_name",
                "file",
                "line",
                "message",
                "action",
                "decision",
                "requirement"
            ]
        );
        let ambiguous = rows.iter().find(|row| row[0] == "ambiguous_match").unwrap();
        assert_eq!(ambiguous[1], "review");
        assert_eq!(ambiguous[3], format!("'{HOSTILE_FORMULA}"));
        assert_eq!(ambiguous[8], "cert-unknown.pdf,CS-3,accept_match,");
        let roster = rows
            .iter()
            .find(|row| row[0] == "roster_row_invalid")
            .unwrap();
        assert_eq!(
            (roster[4].as_str(), roster[5].as_str()),
            ("roster.csv", "7")
        );
        let ignored = rows.iter().find(|row| row[0] == "ignored_file").unwrap();
        assert_eq!(ignored[7], "'-");
        assert_no_formula_cells(&rows);
    }

    proptest::proptest! {
        #[test]
        fn no_cell_ever_starts_like_a_formula(cells in proptest::collection::vec(".{0,12}", 1..6)) {
            let rows = cells.into_iter().map(|cell| vec![cell]);
            let text = table(&["cell"], rows);
            assert_no_formula_cells(&parse(&text));
        }
    }
}
