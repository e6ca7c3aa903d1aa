//! lock: one writer per reports folder. `run` and `watch` hold an exclusive OS file lock on
//! `<reports>/.coachcheck/lock` (released by the OS even if the process is killed); a
//! second instance waits up to a configurable time, then fails naming the holder's pid.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

/// A held lock; released on drop.
#[derive(Debug)]
pub struct ReportsLock {
    _file: File,
    path: PathBuf,
}

impl ReportsLock {
    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Takes the lock on `reports`, waiting up to `wait`.
pub fn acquire(reports: &Path, wait: Duration) -> anyhow::Result<ReportsLock> {
    let dir = super::state_dir(reports);
    crate::private::create_dir_all(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("lock");
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, crate::private::FILE_MODE);
    let mut file = options
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    crate::private::tighten(&path)
        .with_context(|| format!("cannot restrict the lock file {}", path.display()))?;
    let started = Instant::now();
    let mut logged = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                if started.elapsed() >= wait {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    let holder = if holder.is_empty() { "unknown" } else { holder };
                    anyhow::bail!(
                        "timed out after {:.0}s waiting for the lock on {} (held by pid {holder}); is another coachcheck running?\nhint: wait for it to finish, or set {} to wait longer (seconds)",
                        wait.as_secs_f64(),
                        path.display(),
                        crate::env_vars::COACHCHECK_LOCK_TIMEOUT
                    );
                }
                if !logged {
                    tracing::info!(lock = %path.display(), "waiting for another coachcheck to finish");
                    logged = true;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(error).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
    file.set_len(0).ok();
    file.rewind().ok();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(ReportsLock { _file: file, path })
}

/// The wait from `COACHCHECK_LOCK_TIMEOUT` (seconds), else `default`.
pub fn wait_from_env(default: Duration) -> Duration {
    std::env::var(crate::env_vars::COACHCHECK_LOCK_TIMEOUT)
        .ok()
        .and_then(|value| value.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && (0.0..=1e9).contains(seconds))
        .map_or(default, Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_times_out_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), Duration::ZERO).unwrap();
        let error = acquire(dir.path(), Duration::from_millis(200)).unwrap_err();
        let message = format!("{error:#}");
        assert!(
            message.contains(&std::process::id().to_string()),
            "{message}"
        );
        drop(first);
        acquire(dir.path(), Duration::ZERO).unwrap();
    }
}
