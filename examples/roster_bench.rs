//! roster_bench: times `read_csv` + `build_roster` on a generated 100,000-row roster.
//!
//! Run with `cargo run --release --example roster_bench [ROWS]`. The roster is built in memory
//! (Sports Connect-style headers, accented names, quoted cells, some coaches on two teams) so
//! the figure measures decoding, sniffing, parsing and merging, not the disk.

use std::fmt::Write as _;
use std::time::Instant;

use coachcheck::roster::{build_roster, read_csv, CsvOptions};

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let csv = generate(rows);
    let options = CsvOptions {
        season_end_year: 2026,
        extra_headers: Vec::new(),
    };
    // One warm-up run, then the best of five.
    let mut best = f64::INFINITY;
    let mut summary = String::new();
    for _ in 0..6 {
        let started = Instant::now();
        let file = read_csv("bench.csv", csv.as_bytes(), &options);
        let read = started.elapsed();
        let loaded = file.roster_rows.len();
        let (roster, findings) = build_roster(&[file]);
        let total = started.elapsed();
        best = best.min(total.as_secs_f64());
        summary = format!(
            "{rows} rows ({} MB): {loaded} rows loaded, {} coaches, {} findings; \
             read_csv {:.0} ms, read_csv + build_roster {:.0} ms",
            csv.len() / 1_000_000,
            roster.coaches.len(),
            findings.len(),
            read.as_secs_f64() * 1000.0,
            total.as_secs_f64() * 1000.0,
        );
    }
    println!("{summary}");
    println!("best of 5: {:.0} ms", best * 1000.0);
}

/// A Sports Connect-style export with `rows` data rows.
fn generate(rows: usize) -> String {
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
    let mut out = String::with_capacity(rows * 200);
    out.push_str(
        "Team,First Name,Last Name,Title,Vol Comment,Street,City,State,Zip,Email,Home Phone,\
         Cell Phone,Risk Status,Risk Status Expiration,Safe Haven,Concussion,SafeSport,\
         Certifications\r\n",
    );
    for index in 0..rows {
        // Every tenth row is a coach already seen, on another team.
        let person = if index % 10 == 9 { index - 5 } else { index };
        let first = FIRST[person % FIRST.len()];
        let last = LAST[(person / FIRST.len()) % LAST.len()];
        let gender = if index % 2 == 0 { 'B' } else { 'G' };
        let age = 6 + 2 * (index % 6);
        let _ = write!(
            out,
            "{gender}{age:02}-{team:02},{first},{last} {person},{role},\"Notes, {index}\",\
             {index} Main St,Goleta,CA,93117,coach{person}@example.com,,805-555-{phone:04},\
             {status},12/6/{year},Yes,Yes,No,\"Concussion Awareness, Safe Haven\"\r\n",
            team = index % 40,
            role = ROLES[index % ROLES.len()],
            phone = index % 10_000,
            status = STATUS[index % STATUS.len()],
            year = 24 + index % 3,
        );
    }
    out
}
