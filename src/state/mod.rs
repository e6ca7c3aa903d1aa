//! state: the embedded SQLite database in `<reports>/.coachcheck/state.db` (SPEC §12).
//!
//! It holds the extraction cache (content hash + extractor version + template fingerprint →
//! extraction), the file-stat index that lets a warm run skip hashing unchanged files, and
//! the run history used for "changes since the last run" (a compact snapshot per run, not
//! the whole report). A run loads what it needs in two queries ([`State::cache`]) and
//! writes back in one transaction, so a warm run costs a table scan, not a query per file. A database that cannot be opened
//! or has a foreign schema is set aside (renamed, never deleted) and rebuilt with a warning:
//! state never blocks a run.

pub mod lock;
pub mod mailbox;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::{params, Connection, OptionalExtension};

use crate::certificates::Extraction;
pub use crate::inbox::FileStamp;
use crate::reconcile::LinkMemo;
use crate::report::changes::Snapshot;

/// Bump when the tables change; a database with another version is rebuilt (older
/// versions are upgraded in place: those before 4, whose history held whole reports, lose
/// only the history; versions 4 and 5 gain the `reminders` and `mailbox_messages` tables).
const SCHEMA_VERSION: i64 = 6;

/// The first version whose history and links tables are current.
const SNAPSHOT_HISTORY_VERSION: i64 = 4;

/// The folder inside the reports folder that holds state and the lock.
pub fn state_dir(reports: &Path) -> PathBuf {
    reports.join(".coachcheck")
}

/// An open state database.
pub struct State {
    connection: Connection,
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
        crate::private::create_dir_all(&dir)
            .and_then(|()| crate::private::tighten(reports))
            .and_then(|()| crate::private::tighten(&dir))
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
        // Created owner-only before SQLite opens it: SQLite gives its `-wal` and `-shm`
        // files the database's mode. Those of an older version are tightened too.
        crate::private::touch(path)?;
        for suffix in ["-wal", "-shm"] {
            crate::private::tighten(Path::new(&format!("{}{suffix}", path.display())))?;
        }
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
        if tables > 0 && (SNAPSHOT_HISTORY_VERSION..SCHEMA_VERSION).contains(&version) {
            // Only new tables since: created below.
        } else if tables > 0 && (1..SNAPSHOT_HISTORY_VERSION).contains(&version) {
            // Older versions kept whole reports as history; snapshots and links replace them.
            connection
                .execute_batch("DROP TABLE IF EXISTS runs; DROP TABLE IF EXISTS links; VACUUM;")?;
        } else if tables > 0 && version != SCHEMA_VERSION {
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
                 snapshot TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS links (
                 id INTEGER PRIMARY KEY CHECK (id = 1),
                 memo TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS reminders (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 coach_id TEXT NOT NULL,
                 items_hash TEXT NOT NULL,
                 address TEXT NOT NULL,
                 at TEXT NOT NULL,
                 outcome TEXT NOT NULL,
                 detail TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS reminders_by_coach ON reminders (coach_id, outcome);

             CREATE TABLE IF NOT EXISTS mailbox_messages (
                 account TEXT NOT NULL,
                 folder TEXT NOT NULL,
                 uidvalidity INTEGER NOT NULL,
                 uid INTEGER NOT NULL,
                 file TEXT,
                 PRIMARY KEY (account, folder, uidvalidity, uid)
             );",
        )?;
        connection.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(State { connection })
    }

    /// Everything the cache knows for this extractor version and template fingerprint:
    /// the file-stat index and the stored extractions. A read error gives an empty cache
    /// (the run then simply re-reads the files).
    pub fn cache(&self, extractor: u32, templates: &str) -> Cache {
        let stamps = self
            .connection
            .prepare("SELECT path, size, mtime_ns, inode, sha256 FROM files")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| {
                        let stamp = FileStamp {
                            size: row.get::<_, i64>(1)? as u64,
                            mtime_ns: row.get(2)?,
                            inode: row.get::<_, i64>(3)? as u64,
                        };
                        Ok((row.get::<_, String>(0)?, (stamp, row.get::<_, String>(4)?)))
                    })?
                    .collect::<Result<HashMap<_, _>, _>>()
            })
            .unwrap_or_default();
        let extractions = self
            .connection
            .prepare(
                "SELECT sha256, extraction FROM extractions WHERE extractor = ?1 AND templates = ?2",
            )
            .and_then(|mut statement| {
                statement
                    .query_map(params![extractor, templates], |row| {
                        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                    })?
                    .collect::<Result<HashMap<_, _>, _>>()
            })
            .unwrap_or_default();
        Cache {
            stamps,
            extractions,
        }
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
            // Extractions of another extractor version or template set can never be used
            // again by this build: drop them rather than let the database grow.
            transaction.execute(
                "DELETE FROM extractions WHERE extractor != ?1 OR templates != ?2",
                params![extractor, templates],
            )?;
            let mut insert = transaction.prepare_cached(
                "INSERT OR REPLACE INTO extractions (sha256, extractor, templates, extraction) VALUES (?1, ?2, ?3, ?4)",
            )?;
            // Serialised on every core; SQLite itself writes on this one.
            let rows: Vec<(&str, String)> = {
                use rayon::prelude::*;
                extractions
                    .par_iter()
                    .map(|(sha256, extraction)| Ok((*sha256, serde_json::to_string(extraction)?)))
                    .collect::<Result<_, serde_json::Error>>()?
            };
            for (sha256, json) in rows {
                insert.execute(params![sha256, extractor, templates, json])?;
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

    /// The snapshot of the previous run, if any.
    pub fn previous_run(&self) -> Stored<Snapshot> {
        self.stored("SELECT snapshot FROM runs ORDER BY id DESC LIMIT 1")
    }

    /// The certificate links remembered by the last run, if any.
    pub fn remembered_links(&self) -> Stored<LinkMemo> {
        self.stored("SELECT memo FROM links WHERE id = 1")
    }

    /// Replaces the remembered certificate links.
    pub fn remember_links(&mut self, links: &LinkMemo) -> anyhow::Result<()> {
        self.connection.execute(
            "INSERT OR REPLACE INTO links (id, memo) VALUES (1, ?1)",
            params![serde_json::to_string(links)?],
        )?;
        Ok(())
    }

    /// The JSON text in the first column of `query`'s first row.
    fn stored<T>(&self, query: &str) -> Stored<T> {
        let json: Option<String> = self
            .connection
            .query_row(query, [], |row| row.get(0))
            .optional()
            .ok()
            .flatten();
        Stored {
            json,
            kind: std::marker::PhantomData,
        }
    }

    /// Records a finished run; keeps the last `keep` runs.
    pub fn record_run(
        &mut self,
        generated_at: &str,
        snapshot: &Snapshot,
        report_dir: &Path,
        keep: usize,
    ) -> anyhow::Result<()> {
        let transaction = self.connection.transaction()?;
        transaction.execute(
            "INSERT INTO runs (generated_at, report_dir, snapshot) VALUES (?1, ?2, ?3)",
            params![
                generated_at,
                report_dir.display().to_string(),
                serde_json::to_string(snapshot)?
            ],
        )?;
        transaction.execute(
            "DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?1)",
            params![keep.max(1) as i64],
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// The last reminder *sent* to each coach: coach id → (hash of its items, when).
    /// Written and failed reminders do not count (a failed one is retried next run).
    pub fn reminders_sent(&self) -> anyhow::Result<HashMap<String, SentReminder>> {
        let mut statement = self.connection.prepare(
            "SELECT coach_id, items_hash, at FROM reminders WHERE id IN
                 (SELECT max(id) FROM reminders WHERE outcome = 'sent' GROUP BY coach_id)",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                SentReminder {
                    items_hash: row.get(1)?,
                    at: row.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records one reminder: written to the outbox, sent, or failed (with the reason).
    pub fn record_reminder(&mut self, record: &ReminderRecord<'_>) -> anyhow::Result<()> {
        self.connection.execute(
            "INSERT INTO reminders (coach_id, items_hash, address, at, outcome, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                record.coach_id,
                record.items_hash,
                record.address,
                record.at,
                record.outcome,
                record.detail
            ],
        )?;
        Ok(())
    }
}

/// The last reminder sent to one coach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentReminder {
    /// Hash of the items it held.
    pub items_hash: String,
    /// When (RFC 3339).
    pub at: String,
}

/// One reminder attempt, as recorded.
#[derive(Clone, Debug)]
pub struct ReminderRecord<'a> {
    /// The coach.
    pub coach_id: &'a str,
    /// Hash of the items (see `remind::Reminder::items_hash`).
    pub items_hash: &'a str,
    /// The address it went (or would go) to.
    pub address: &'a str,
    /// When (RFC 3339).
    pub at: &'a str,
    /// `written`, `sent` or `failed`.
    pub outcome: &'a str,
    /// The outbox file, the server's answer, or the error.
    pub detail: &'a str,
}

/// A stored value, read but not yet parsed: the caller parses it where it suits (the run
/// does so on a worker thread while certificates are being read).
#[derive(Debug)]
pub struct Stored<T> {
    json: Option<String>,
    kind: std::marker::PhantomData<T>,
}

impl<T: serde::de::DeserializeOwned> Stored<T> {
    /// The value; `None` when nothing was stored or it no longer parses.
    pub fn parse(self) -> Option<T> {
        serde_json::from_str(&self.json?).ok()
    }
}

/// What the state knew when a run started: which hash each unchanged file has, and the
/// stored extraction (as JSON) of each hash.
#[derive(Debug, Default)]
pub struct Cache {
    stamps: HashMap<String, (FileStamp, String)>,
    extractions: HashMap<String, String>,
}

impl Cache {
    /// The content hash recorded for `path` if its stamp is unchanged.
    pub fn known_hash(&self, path: &str, stamp: FileStamp) -> Option<&str> {
        self.stamps
            .get(path)
            .filter(|(known, _)| *known == stamp)
            .map(|(_, sha256)| sha256.as_str())
    }

    /// The stored extraction of this content, if any (a row that no longer parses is a
    /// miss, so the file is read again).
    pub fn extraction(&self, sha256: &str) -> Option<Extraction> {
        serde_json::from_str(self.extractions.get(sha256)?).ok()
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
        assert_eq!(state.cache(1, "t").extraction("abc"), Some(extraction));
        assert_eq!(state.cache(2, "t").extraction("abc"), None);
        assert_eq!(state.cache(1, "other").extraction("abc"), None);
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
        assert_eq!(state.cache(1, "t").known_hash("a.pdf", stamp), Some("abc"));
        let touched = FileStamp {
            mtime_ns: 6,
            ..stamp
        };
        assert_eq!(state.cache(1, "t").known_hash("a.pdf", touched), None);
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

    #[test]
    fn remembered_links_come_back_and_are_replaced() {
        let mut state = State::in_memory().unwrap();
        assert_eq!(state.remembered_links().parse(), None);
        let mut memo = LinkMemo {
            fingerprint: "f1".into(),
            links: Vec::new(),
        };
        state.remember_links(&memo).unwrap();
        memo.fingerprint = "f2".into();
        state.remember_links(&memo).unwrap();
        assert_eq!(state.remembered_links().parse(), Some(memo));
    }

    #[test]
    fn a_version_4_database_is_upgraded_in_place_and_keeps_its_history() {
        let dir = tempfile::tempdir().unwrap();
        let snapshot = Snapshot::default();
        {
            let (mut state, _) = State::open(dir.path()).unwrap();
            state.record_run("t", &snapshot, Path::new("d"), 2).unwrap();
            state
                .connection
                .execute_batch("DROP TABLE mailbox_messages; PRAGMA user_version = 4;")
                .unwrap();
        }
        let (mut state, rebuilt) = State::open(dir.path()).unwrap();
        assert!(rebuilt.is_none(), "upgraded in place, not set aside");
        assert_eq!(state.previous_run().parse(), Some(snapshot));
        state.remember_fetched("a", "INBOX", 1, 1, None).unwrap();
        assert_eq!(state.fetched_uids("a", "INBOX", 1).unwrap().len(), 1);
    }

    #[test]
    fn a_version_1_database_keeps_its_extractions_and_loses_only_the_old_history() {
        let dir = tempfile::tempdir().unwrap();
        let folder = state_dir(dir.path());
        std::fs::create_dir_all(&folder).unwrap();
        let extraction = Extraction::failed(ExtractionStatus::NeedsOcr, "no text");
        {
            let old = Connection::open(folder.join("state.db")).unwrap();
            old.execute_batch(
                "CREATE TABLE extractions (sha256 TEXT NOT NULL, extractor INTEGER NOT NULL,
                     templates TEXT NOT NULL, extraction TEXT NOT NULL,
                     PRIMARY KEY (sha256, extractor, templates));
                 CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                     mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL);
                 CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT,
                     generated_at TEXT NOT NULL, report_dir TEXT NOT NULL, report TEXT NOT NULL);
                 INSERT INTO runs (generated_at, report_dir, report) VALUES ('t', 'd', '{}');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
            old.execute(
                "INSERT INTO extractions VALUES ('abc', 1, 't', ?1)",
                params![serde_json::to_string(&extraction).unwrap()],
            )
            .unwrap();
        }
        let (mut state, rebuilt) = State::open(dir.path()).unwrap();
        assert!(rebuilt.is_none(), "upgraded in place, not set aside");
        assert_eq!(state.cache(1, "t").extraction("abc"), Some(extraction));
        assert_eq!(state.previous_run().parse(), None);
        let snapshot = Snapshot::default();
        state
            .record_run("t2", &snapshot, Path::new("d2"), 2)
            .unwrap();
        assert_eq!(state.previous_run().parse(), Some(snapshot));
    }

    #[test]
    fn a_version_4_database_keeps_its_history_and_gains_reminders() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (mut state, _) = State::open(dir.path()).unwrap();
            state
                .record_run("t1", &Snapshot::default(), Path::new("d1"), 2)
                .unwrap();
            state
                .connection
                .execute_batch("DROP TABLE reminders; PRAGMA user_version = 4;")
                .unwrap();
        }
        let (mut state, rebuilt) = State::open(dir.path()).unwrap();
        assert!(rebuilt.is_none(), "upgraded in place");
        assert_eq!(state.previous_run().parse(), Some(Snapshot::default()));
        let record = ReminderRecord {
            coach_id: "CS-1",
            items_hash: "h1",
            address: "a@example.org",
            at: "2026-10-01T10:00:00+00:00",
            outcome: "sent",
            detail: "ok",
        };
        state.record_reminder(&record).unwrap();
        state
            .record_reminder(&ReminderRecord {
                items_hash: "h2",
                outcome: "failed",
                ..record.clone()
            })
            .unwrap();
        let sent = state.reminders_sent().unwrap();
        assert_eq!(
            sent["CS-1"].items_hash, "h1",
            "a failed attempt is not a send"
        );
    }
}
