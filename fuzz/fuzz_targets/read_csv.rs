//! Fuzz target: roster/list CSV ingestion on arbitrary bytes must return (never panic),
//! whatever the encoding, delimiter or quoting.
#![no_main]

use coachcheck::roster::{read_csv, CsvOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = CsvOptions {
        season_end_year: 2027,
        extra_headers: vec![("Coach Person".to_string(), "full_name".to_string())],
    };
    let csv = read_csv("fuzz.csv", data, &options);
    // Building a roster from it must not panic either.
    let _ = coachcheck::roster::build_roster(std::slice::from_ref(&csv));
});
