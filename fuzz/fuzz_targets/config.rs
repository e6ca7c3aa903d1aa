//! Fuzz target: the config parser on arbitrary text must return a value or an error
//! (never panic).
#![no_main]

use coachcheck::config::ConfigFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ConfigFile::parse(text);
    }
});
