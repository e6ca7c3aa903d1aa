//! Fuzz target: certificate extraction on arbitrary bytes must return (never panic, never
//! run past its limits). Limits are tightened so each input is cheap to run.
#![no_main]

use std::time::Duration;

use coachcheck::certificates::{extract, Limits, TemplateSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_decompressed_bytes: 16 << 20,
        max_pages: 4,
        time_per_file: Duration::from_secs(2),
    };
    static TEMPLATES: std::sync::OnceLock<TemplateSet> = std::sync::OnceLock::new();
    let templates = TEMPLATES.get_or_init(TemplateSet::builtin);
    let _ = extract(data, &limits, templates);
});
