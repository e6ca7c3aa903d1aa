//! workbook_bench: times reading a 100,000-row `.xlsx` roster (`roster::read_table`, which
//! opens the workbook with calamine and classifies the sheet) plus `build_roster`.
//!
//! Run with `cargo run --release --example workbook_bench [ROWS]`. The workbook is written in
//! memory first with rust_xlsxwriter (Sports Connect-style columns, accented names, shared
//! strings, the expiry column as Excel dates, member ids as numbers, training columns), so
//! the figure measures unzipping, XML parsing, cell conversion, classification and merging,
//! not the disk. Figures are in `benches/README.md`.

use std::time::Instant;

use coachcheck::roster::{build_roster, read_table, CsvOptions};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn main() {
    let rows: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let bytes = generate(rows).expect("write the workbook");
    println!(
        "wrote {rows} rows: {:.1} MB xlsx in {:.1} s",
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let options = CsvOptions {
        season_end_year: 2026,
        extra_headers: Vec::new(),
    };
    // One warm-up run, then the best of five.
    let mut best = f64::INFINITY;
    let mut summary = String::new();
    for _ in 0..6 {
        let started = Instant::now();
        let sheets = read_table("bench.xlsx", &bytes, &options).expect("a workbook");
        let read = started.elapsed();
        let loaded: usize = sheets.iter().map(|s| s.roster_rows.len()).sum();
        let (roster, findings) = build_roster(&sheets);
        let total = started.elapsed();
        best = best.min(total.as_secs_f64());
        summary = format!(
            "{rows} rows: {loaded} rows loaded, {} coaches, {} findings; read {:.0} ms, \
             read + build_roster {:.0} ms",
            roster.coaches.len(),
            findings.len(),
            read.as_secs_f64() * 1000.0,
            total.as_secs_f64() * 1000.0,
        );
    }
    println!("{summary}");
    println!("best of 5: {:.0} ms", best * 1000.0);
}

/// A Sports Connect-style workbook with `rows` data rows.
fn generate(rows: u32) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    const FIRST: [&str; 8] = [
        "José",
        "María José",
        "Renée",
        "Zoë",
        "Liam",
        "Chloé",
        "Ana",
        "Bob",
    ];
    const LAST: [&str; 8] = [
        "Álvarez",
        "García López",
        "Dubois",
        "O'Brien-Smith",
        "Nguyen",
        "Bélanger",
        "Ruiz",
        "Stone",
    ];
    const ROLES: [&str; 4] = ["Head Coach", "Asst. Coach", "Team Manager", "Coach"];
    const STATUS: [&str; 5] = ["Green", "Gray", "Red", "", "Orange"];
    const HEADER: [&str; 19] = [
        "Member ID",
        "Team",
        "First Name",
        "Last Name",
        "Title",
        "Vol Comment",
        "Street",
        "City",
        "State",
        "Zip",
        "Email",
        "Home Phone",
        "Cell Phone",
        "Risk Status",
        "Risk Status Expiration",
        "Safe Haven",
        "Concussion",
        "SafeSport",
        "Certifications",
    ];
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("mm/dd/yyyy");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Volunteers")?;
    for (column, header) in HEADER.iter().enumerate() {
        sheet.write_string(0, column as u16, *header)?;
    }
    for index in 0..rows {
        let row = index + 1;
        let i = index as usize;
        // Every tenth row is a coach already seen, on another team.
        let person = if i % 10 == 9 { i - 5 } else { i };
        let gender = if i.is_multiple_of(2) { 'B' } else { 'G' };
        let age = 6 + 2 * (i % 6);
        sheet.write_number(row, 0, 1_000_000 + person as u32)?;
        sheet.write_string(row, 1, format!("{gender}{age:02}-{:02}", i % 40))?;
        sheet.write_string(row, 2, FIRST[person % FIRST.len()])?;
        sheet.write_string(
            row,
            3,
            format!("{} {person}", LAST[(person / FIRST.len()) % LAST.len()]),
        )?;
        sheet.write_string(row, 4, ROLES[i % ROLES.len()])?;
        sheet.write_string(row, 5, format!("Notes, {index}"))?;
        sheet.write_string(row, 6, format!("{index} Main St"))?;
        sheet.write_string(row, 7, "Goleta")?;
        sheet.write_string(row, 8, "CA")?;
        sheet.write_number(row, 9, 93117)?;
        sheet.write_string(row, 10, format!("coach{person}@example.com"))?;
        sheet.write_string(row, 12, format!("805-555-{:04}", i % 10_000))?;
        let status = STATUS[i % STATUS.len()];
        if !status.is_empty() {
            sheet.write_string(row, 13, status)?;
        }
        let expires = ExcelDateTime::from_ymd(2024 + (i % 3) as u16, 12, 6)?;
        sheet.write_datetime_with_format(row, 14, expires, &date)?;
        sheet.write_string(row, 15, "Yes")?;
        sheet.write_string(row, 16, "Yes")?;
        sheet.write_string(row, 17, "No")?;
        sheet.write_string(row, 18, "Concussion Awareness, Safe Haven")?;
    }
    workbook.save_to_buffer()
}
