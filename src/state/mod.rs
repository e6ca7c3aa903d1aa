//! state: the embedded SQLite database in `<reports>/.coachcheck/state.db` — the extraction
//! cache and the run history. A corrupt or foreign database is set aside and rebuilt.
