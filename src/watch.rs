//! watch: decides *when* to run again; the run itself is `pipeline::execute`.
//!
//! Semantics (SPEC §10):
//! - A full run at start, then one after every settled burst of changes.
//! - Events come from the OS (inotify, FSEvents, ReadDirectoryChangesW) through `notify`, or
//!   from polling every `poll_interval` seconds for network shares (`--poll`, `[watch]
//!   poll = true`), where the OS sends no events.
//! - Hidden and temporary files (`.*`, `~$*`, `*.part`, `*.crdownload`, `*.tmp`, `*.swp`)
//!   are ignored; a rename from `x.pdf.part` to `x.pdf` shows up as the `.pdf` appearing.
//! - Trailing-edge debounce with a settle check: after the last event, wait until nothing
//!   happened for `settle` (default 1 s) *and* every changed file's size and modification
//!   time have been stable for `settle`. A burst of drops therefore makes one run. A steady
//!   trickle cannot delay a run for more than `max_wait` (default 30 s) after the first
//!   pending change.
//! - An event overflow (notify's Rescan flag) or a watcher error just triggers a run: every
//!   run is a full rescan of the inbox, made cheap by the extraction cache.
//! - Each run takes the reports-folder lock, so a cron `run` waits for the watcher's run (and
//!   the other way round) and both reports are whole. A failed run is logged; the watcher
//!   keeps going. Ctrl-C / SIGTERM stop it after the current run has written its report.
//!
//! We use notify directly rather than notify-debouncer-full: we need the settle check on
//! file sizes (a debouncer only coalesces events), and paths are re-read by the full
//! rescan anyway, so the debouncer's rename pairing adds nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use notify::event::{AccessKind, AccessMode};
use notify::{Config, Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Deserialize;

use crate::inbox::is_hidden_or_temporary;

/// `[watch]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatchConfig {
    /// Poll instead of using OS events (network shares).
    pub poll: bool,
    /// Seconds between polls.
    pub poll_interval: f64,
    /// Seconds a file's size and modification time must be stable before a run.
    pub settle: f64,
    /// Most seconds a steady trickle of changes can delay a run.
    pub max_wait: f64,
    /// Seconds a run waits for the reports lock held by another coachcheck.
    pub lock_timeout: f64,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            poll: false,
            poll_interval: 2.0,
            settle: 1.0,
            max_wait: 30.0,
            lock_timeout: 600.0,
        }
    }
}

impl WatchConfig {
    /// Reads the `[watch]` table of the config.
    pub fn from_table(table: &toml::Table) -> anyhow::Result<WatchConfig> {
        toml::Value::Table(table.clone())
            .try_into()
            .context("invalid [watch] section in the config")
    }
}

/// Why the watcher woke up.
#[derive(Debug, PartialEq, Eq)]
pub enum Wake {
    /// Changes settled: time to run.
    Changed,
    /// Asked to stop.
    Stop,
    /// The timeout given to [`InboxWatcher::next_or_timeout`] passed with no change.
    Timeout,
}

/// The event source plus the settle logic.
pub struct InboxWatcher {
    _watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    settle: Duration,
    max_wait: Duration,
    inbox: PathBuf,
    ignore: Option<PathBuf>,
}

impl InboxWatcher {
    /// Starts watching `inbox` recursively. `ignore` is a folder inside the inbox whose
    /// events are ignored (the reports folder, if someone put it there).
    pub fn start(
        inbox: &Path,
        ignore: Option<&Path>,
        config: &WatchConfig,
    ) -> anyhow::Result<InboxWatcher> {
        let inbox = inbox.canonicalize().with_context(|| {
            format!(
                "cannot watch {}\nhint: create it, or pass --inbox DIR",
                inbox.display()
            )
        })?;
        let (sender, events) = channel();
        let mut watcher: Box<dyn Watcher + Send> = if config.poll {
            let interval = crate::config::seconds(config.poll_interval, 2.0, 0.1, 3600.0);
            Box::new(
                PollWatcher::new(
                    sender,
                    Config::default()
                        .with_poll_interval(interval)
                        .with_compare_contents(false),
                )
                .context("cannot start the poll watcher")?,
            )
        } else {
            Box::new(RecommendedWatcher::new(sender, Config::default()).context(
                "cannot start the file watcher\nhint: on Linux, raise fs.inotify.max_user_watches, or use --poll",
            )?)
        };
        watcher
            .watch(&inbox, RecursiveMode::Recursive)
            .with_context(|| {
                format!(
                    "cannot watch {}\nhint: on Linux, raise fs.inotify.max_user_watches (sysctl), or retry with --poll",
                    inbox.display()
                )
            })?;
        Ok(InboxWatcher {
            _watcher: watcher,
            events,
            settle: crate::config::seconds(config.settle, 1.0, 0.0, 600.0),
            max_wait: crate::config::seconds(config.max_wait, 30.0, 0.0, 3600.0),
            ignore: ignore.and_then(|path| path.canonicalize().ok()),
            inbox,
        })
    }

    fn relevant(&self, path: &Path) -> bool {
        if self
            .ignore
            .as_ref()
            .is_some_and(|ignored| path.starts_with(ignored))
        {
            return false;
        }
        let Ok(relative) = path.strip_prefix(&self.inbox) else {
            return true;
        };
        !relative
            .components()
            .any(|part| is_hidden_or_temporary(&part.as_os_str().to_string_lossy()))
    }

    /// Waits for the next settled burst of relevant changes, or for `stop`.
    pub fn next(&self, stop: &AtomicBool) -> Wake {
        self.next_or_timeout(stop, None)
    }

    /// As [`InboxWatcher::next`], but gives up with [`Wake::Timeout`] after `timeout` if no
    /// change has begun (the watcher's periodic mailbox fetch).
    pub fn next_or_timeout(&self, stop: &AtomicBool, timeout: Option<Duration>) -> Wake {
        let started = Instant::now();
        let tick = Duration::from_millis(100);
        let mut pending: HashMap<PathBuf, Option<(u64, SystemTime)>> = HashMap::new();
        let mut first_change: Option<Instant> = None;
        let mut last_change = Instant::now();
        let mut stable_since = Instant::now();
        loop {
            if stop.load(Ordering::SeqCst) {
                return Wake::Stop;
            }
            match self.events.recv_timeout(tick) {
                // Reading the inbox (every run does) raises open/read/close events on
                // Linux; they are not changes, and taking them as such would make each run
                // trigger the next. A file closed after writing still counts.
                Ok(Ok(event)) if is_only_a_read(&event) => {}
                Ok(Ok(event)) => {
                    let rescan = event.need_rescan();
                    let paths: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|path| self.relevant(path))
                        .collect();
                    if rescan || !paths.is_empty() {
                        tracing::debug!(?paths, rescan, "inbox changed");
                        for path in paths {
                            let stamp = stamp(&path);
                            pending.insert(path, stamp);
                        }
                        first_change.get_or_insert_with(Instant::now);
                        last_change = Instant::now();
                        stable_since = Instant::now();
                    }
                }
                Ok(Err(error)) => {
                    tracing::warn!(%error, "file watcher error; rescanning");
                    first_change.get_or_insert_with(Instant::now);
                    last_change = Instant::now();
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
            }
            let Some(first) = first_change else {
                if timeout.is_some_and(|timeout| started.elapsed() >= timeout) {
                    return Wake::Timeout;
                }
                continue;
            };
            // Files still growing reset the stability clock.
            for (path, previous) in pending.iter_mut() {
                let now = stamp(path);
                if now != *previous {
                    *previous = now;
                    stable_since = Instant::now();
                }
            }
            let quiet =
                last_change.elapsed() >= self.settle && stable_since.elapsed() >= self.settle;
            if quiet || first.elapsed() >= self.max_wait {
                if !quiet {
                    tracing::info!("changes keep coming; running anyway after the maximum wait");
                }
                return Wake::Changed;
            }
        }
    }
}

/// An event that reports a file or folder being opened, read or closed without writing.
fn is_only_a_read(event: &Event) -> bool {
    !event.need_rescan()
        && matches!(
            event.kind,
            EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write)
        )
}

fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// A flag set by Ctrl-C or SIGTERM.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = Arc::clone(&flag);
    if let Err(error) = ctrlc::set_handler(move || handler_flag.store(true, Ordering::SeqCst)) {
        tracing::warn!(%error, "cannot install the Ctrl-C handler");
    }
    flag
}
