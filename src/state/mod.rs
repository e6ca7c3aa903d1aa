//! state: the embedded SQLite database in `<reports>/.coachcheck/state.db` (SPEC §12).
//!
//! It holds the extraction cache (content hash + extractor version + template fingerprint →
//! extraction), the file-stat index that lets a warm run skip hashing unchanged files, and
//! the run history used for "changes since the last run". A database that cannot be opened
//! or has a foreign schema is set aside (renamed, never deleted) and rebuilt with a warning:
//! state never blocks a run.

pub mod lock;

use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension};

use crate::certificates::Extraction;
use crate::report::Report;

/// Bump when the tables change; a database with another version is rebuilt.
const SCHEMA_VERSION: i64 = 1;

/// The folder inside the reports folder that holds state and the lock.
pub fn state_dir(reports: &Path) -> PathBuf {
    reports.join(".coachcheck")
}

/// An open state database.
pub struct State {
    connection: Connection,
}

/// A file's identity on disk, for the cheap unchanged-file check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i64,
    /// Inode number (0 where unknown).
    pub inode: u64,
}

impl FileStamp {
    /// The stamp of a file from its metadata.
    pub fn of(metadata: &std::fs::Metadata) -> FileStamp {
        let mtime_ns = metadata
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |duration| {
                i64::try_from(duration.as_nanos()).unwrap_or(i64::MAX)
            });
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(metadata);
        #[cfg(not(unix))]
        let inode = 0;
        FileStamp {
            size: metadata.len(),
            mtime_ns,
            inode,
        }
    }
}

/// What was set aside when the database had to be rebuilt.
#[derive(Debug)]
pub struct Rebuilt {
    /// Where the old database was moved.
    pub moved_to: PathBuf,
    /// Why.
    pub reason: String,
}

impl State {
    /// Opens (or creates) the database under `reports`, rebuilding it if it is corrupt or
    /// foreign. Returns the state and, if it was rebuilt, what happened.
    pub fn open(reports: &Path) -> anyhow::Result<(State, Option<Rebuilt>)> {
        let dir = state_dir(reports);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the state folder {}", dir.display()))?;
        let path = dir.join("state.db");
        match State::try_open(&path) {
            Ok(state) => Ok((state, None)),
            Err(error) => {
                let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
                let moved_to = dir.join(format!("state.db.broken-{stamp}"));
                for suffix in ["", "-wal", "-shm"] {
                    let from = PathBuf::from(format!("{}{suffix}", path.display()));
                    if from.exists() {
                        let to = PathBuf::from(format!("{}{suffix}", moved_to.display()));
                        std::fs::rename(&from, &to).with_context(|| {
                            format!(
                                "cannot set aside the broken state database {}",
                                from.display()
                            )
                        })?;
                    }
                }
                let state = State::try_open(&path).with_context(|| {
                    format!("cannot create the state database {}", path.display())
                })?;
                Ok((
                    state,
                    Some(Rebuilt {
                        moved_to,
                        reason: format!("{error:#}"),
                    }),
                ))
            }
        }
    }

    /// An in-memory database (tests, `inspect`).
    pub fn in_memory() -> anyhow::Result<State> {
        let connection = Connection::open_in_memory()?;
        State::prepare(connection)
    }

    fn try_open(path: &Path) -> anyhow::Result<State> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        State::prepare(connection)
    }

    fn prepare(connection: Connection) -> anyhow::Result<State> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        let check: String = connection.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
        anyhow::ensure!(check == "ok", "integrity check failed: {check}");
        let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let tables: i64 = connection.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |row| row.get(0),
        )?;
        if tables > 0 && version != SCHEMA_VERSION {
            anyhow::bail!(
                "not a coachcheck state database of schema {SCHEMA_VERSION} (found {version})"
            );
        }
        connection.execute_batch(
            "CREATE TABLE IF NOT EXISTS extractions (
                 sha256 TEXT NOT NULL,
                 extractor INTEGER NOT NULL,
                 templates TEXT NOT NULL,
                 extraction TEXT NOT NULL,
                 PRIMARY KEY (sha256, extractor, templates)
             );
             CREATE TABLE IF NOT EXISTS files (
                 path TEXT PRIMARY KEY,
                 size INTEGER NOT NULL,
                 mtime_ns INTEGER NOT NULL,
                 inode INTEGER NOT NULL,
                 sha256 TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS runs (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 generated_at TEXT NOT NULL,
                 report_dir TEXT NOT NULL,
                 report TEXT NOT NULL
             );",
        )?;
        connection.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(State { connection })
    }

    /// The content hash recorded for `path` if its stamp is unchanged.
    /// (Statements are prepared once per connection: a run asks once per file.)
    pub fn known_hash(&self, path: &str, stamp: FileStamp) -> Option<String> {
        self.connection
            .prepare_cached(
                "SELECT sha256 FROM files WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3 AND inode = ?4",
            )
            .and_then(|mut statement| {
                statement
                    .query_row(
                        params![path, stamp.size as i64, stamp.mtime_ns, stamp.inode as i64],
                        |row| row.get(0),
                    )
                    .optional()
            })
            .ok()
            .flatten()
    }

    /// A cached extraction.
    pub fn cached(&self, sha256: &str, extractor: u32, templates: &str) -> Option<Extraction> {
        let json: Option<String> = self
            .connection
            .prepare_cached(
                "SELECT extraction FROM extractions WHERE sha256 = ?1 AND extractor = ?2 AND templates = ?3",
            )
            .and_then(|mut statement| {
                statement
                    .query_row(params![sha256, extractor, templates], |row| row.get(0))
                    .optional()
            })
            .ok()
            .flatten();
        json.and_then(|json| serde_json::from_str(&json).ok())
    }

    /// Records new extractions and file stamps in one transaction.
    pub fn store(
        &mut self,
        extractor: u32,
        templates: &str,
        extractions: &[(&str, &Extraction)],
        stamps: &[(&str, FileStamp, &str)],
    ) -> anyhow::Result<()> {
        let transaction = self.connection.transaction()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR REPLACE INTO extractions (sha256, extractor, templates, extraction) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (sha256, extraction) in extractions {
                insert.execute(params![
                    sha256,
                    extractor,
                    templates,
                    serde_json::to_string(extraction)?
                ])?;
            }
            let mut stamp_insert = transaction.prepare_cached(
                "INSERT OR REPLACE INTO files (path, size, mtime_ns, inode, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (path, stamp, sha256) in stamps {
                stamp_insert.execute(params![
                    path,
                    stamp.size as i64,
                    stamp.mtime_ns,
                    stamp.inode as i64,
                    sha256
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// The report of the previous run, if any.
    pub fn previous_report(&self) -> Option<Report> {
        let json: Option<String> = self
            .connection
            .query_row(
                "SELECT report FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .ok()
            .flatten();
        json.and_then(|json| serde_json::from_str(&json).ok())
    }

    /// Records a finished run; keeps the last `keep` runs.
    pub fn record_run(
        &mut self,
        report: &Report,
        report_dir: &Path,
        keep: usize,
    ) -> anyhow::Result<()> {
        let transaction = self.connection.transaction()?;
        transaction.execute(
            "INSERT INTO runs (generated_at, report_dir, report) VALUES (?1, ?2, ?3)",
            params![
                report.generated_at,
                report_dir.display().to_string(),
                serde_json::to_string(report)?
            ],
        )?;
        transaction.execute(
            "DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?1)",
            params![keep.max(1) as i64],
        )?;
        transaction.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::ExtractionStatus;

    #[test]
    fn a_stored_extraction_is_found_again_only_for_the_same_version() {
        let mut state = State::in_memory().unwrap();
        let extraction = Extraction::failed(ExtractionStatus::NeedsOcr, "no text");
        state.store(1, "t", &[("abc", &extraction)], &[]).unwrap();
        assert_eq!(state.cached("abc", 1, "t"), Some(extraction));
        assert_eq!(state.cached("abc", 2, "t"), None);
        assert_eq!(state.cached("abc", 1, "other"), None);
    }

    #[test]
    fn a_changed_stamp_is_not_trusted() {
        let mut state = State::in_memory().unwrap();
        let stamp = FileStamp {
            size: 10,
            mtime_ns: 5,
            inode: 7,
        };
        state
            .store(1, "t", &[], &[("a.pdf", stamp, "abc")])
            .unwrap();
        assert_eq!(state.known_hash("a.pdf", stamp).as_deref(), Some("abc"));
        let touched = FileStamp {
            mtime_ns: 6,
            ..stamp
        };
        assert_eq!(state.known_hash("a.pdf", touched), None);
    }

    #[test]
    fn a_corrupt_database_is_set_aside_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let state_folder = state_dir(dir.path());
        std::fs::create_dir_all(&state_folder).unwrap();
        std::fs::write(
            state_folder.join("state.db"),
            b"this is not sqlite at all, not even close......",
        )
        .unwrap();
        let (_state, rebuilt) = State::open(dir.path()).unwrap();
        let rebuilt = rebuilt.expect("the broken database is reported");
        assert!(rebuilt.moved_to.exists());
        let (_state, again) = State::open(dir.path()).unwrap();
        assert!(again.is_none(), "the rebuilt database opens cleanly");
    }
}
