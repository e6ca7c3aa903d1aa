//! Fuzz target: the config parser on arbitrary text must return a value or an error, and a
//! parsed config must resolve into settings (limits, policy), never panic.
#![no_main]

use coachcheck::config::{ConfigFile, Overrides, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(file) = ConfigFile::parse(text) {
            let _ = Settings::from_file(file, None, &Overrides::default());
        }
    }
});
