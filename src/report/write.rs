//! report::write: the only part of `report` that touches the disk. It renders the five
//! report files into a temporary folder inside the reports folder, flushes them, renames
//! the folder to `<YYYY-MM-DDTHHMMSS>` and swaps the `latest` symlink to it, so a reader
//! (a browser, the email step, a concurrent `watch`) sees either the old report or the new
//! one, never half of one. It then prunes old report folders.
//!
//! Everything it creates is owner-only (folders 0700, files 0600, see [`crate::private`]):
//! reports hold background-check results and volunteers' names and emails.
//!
//! It only ever deletes report folders whose names are timestamps (beyond `keep`), and its
//! own stale `.tmp-*` leftovers; a real `latest` directory is user data and stops the run.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{bail, Context as _, Result};
use chrono::{DateTime, NaiveDateTime};

use super::{csv, html, json, markdown, Report};

/// The name of the symlink to the newest report folder.
pub const LATEST: &str = "latest";

/// Prefix of the folders (and `latest` links) being written.
const TEMP_PREFIX: &str = ".tmp-";

/// Temporary leftovers older than this are from a crashed run and are removed.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Renders `report` into a new folder `reports_dir/<YYYY-MM-DDTHHMMSS>` (named after
/// `report.generated_at`, with `-2`, `-3`, ... if taken), points `reports_dir/latest` at
/// it, keeps the newest `keep` report folders (at least the new one), and returns the new
/// folder's path. On failure the previous `latest` is untouched.
pub fn write(reports_dir: &Path, report: &Report, keep: usize) -> Result<PathBuf> {
    crate::private::create_dir_all(reports_dir)
        .and_then(|()| crate::private::tighten(reports_dir))
        .with_context(|| format!("cannot create the reports folder {}", reports_dir.display()))?;
    check_latest_is_a_link(reports_dir)?;
    let name = free_name(reports_dir, &folder_name(&report.generated_at))?;
    let folder = reports_dir.join(&name);
    publish(reports_dir, &name, |temp| {
        render_into(temp, report, &folder)
    })?;
    prune(reports_dir, &name, keep)?;
    Ok(folder)
}

/// How one report file is rendered: from the report and the folder it will be published
/// as, into a writer.
type Renderer = fn(&Report, &Path, &mut dyn Write) -> Result<()>;

/// The five files of a report folder (the two big ones streamed).
const FILES: [(&str, Renderer); 5] = [
    ("report.html", |report, _, out| {
        html::render_to(report, out).context("cannot render report.html")
    }),
    ("report.json", |report, _, out| {
        Ok(json::render_to(report, out)?)
    }),
    ("coaches.csv", |report, _, out| {
        Ok(out.write_all(csv::coaches(report).as_bytes())?)
    }),
    ("findings.csv", |report, _, out| {
        Ok(out.write_all(csv::findings(report).as_bytes())?)
    }),
    ("summary.md", |report, folder, out| {
        let summary = markdown::render_for_folder(report, Some(folder));
        Ok(out.write_all(summary.as_bytes())?)
    }),
];

/// Renders and writes the five files into `temp`, in parallel (each file is rendered and
/// flushed by its own task, so rendering one overlaps writing another).
fn render_into(temp: &Path, report: &Report, folder: &Path) -> Result<()> {
    use rayon::prelude::*;
    FILES.par_iter().try_for_each(|(file_name, render)| {
        let started = std::time::Instant::now();
        create_file(temp, file_name, |out| render(report, folder, out))?;
        tracing::debug!(
            file = file_name,
            ms = started.elapsed().as_millis() as u64,
            "written"
        );
        Ok(())
    })
}

/// `2026-08-15T10:15:30+02:00` → `2026-08-15T101530` (the local time as written). A
/// timestamp that cannot be read falls back to the current local time.
fn folder_name(generated_at: &str) -> String {
    const FORMAT: &str = "%Y-%m-%dT%H%M%S";
    if let Ok(time) = DateTime::parse_from_rfc3339(generated_at) {
        return time.format(FORMAT).to_string();
    }
    if let Ok(time) = NaiveDateTime::parse_from_str(generated_at, "%Y-%m-%dT%H:%M:%S%.f") {
        return time.format(FORMAT).to_string();
    }
    tracing::warn!(
        generated_at,
        "generated_at is not RFC 3339; naming the report folder after the current time"
    );
    chrono::Local::now().format(FORMAT).to_string()
}

/// `base`, or `base-2`, `base-3`, ... : the first name not yet used in `reports_dir`.
fn free_name(reports_dir: &Path, base: &str) -> Result<String> {
    for attempt in 1..=1000u32 {
        let name = if attempt == 1 {
            base.to_string()
        } else {
            format!("{base}-{attempt}")
        };
        let path = reports_dir.join(&name);
        match fs::symlink_metadata(&path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(name),
            Err(error) => {
                return Err(error).with_context(|| format!("cannot check {}", path.display()))
            }
            Ok(_) => {}
        }
    }
    bail!(
        "more than 1000 report folders named {base} in {}; remove some",
        reports_dir.display()
    )
}

/// Fails, with a hint, when `latest` exists but is not a symlink (it would be user data).
fn check_latest_is_a_link(reports_dir: &Path) -> Result<()> {
    let latest = reports_dir.join(LATEST);
    match fs::symlink_metadata(&latest) {
        Ok(metadata) if !metadata.file_type().is_symlink() => bail!(
            "{} is a real {}, not a link to the newest report; coachcheck will not replace it\n\
             hint: move it elsewhere (e.g. `mv {0} {0}.old`) and run again",
            latest.display(),
            if metadata.is_dir() { "folder" } else { "file" },
        ),
        _ => Ok(()),
    }
}

/// Writes `files` into a temporary folder, renames it to `reports_dir/name` and swaps
/// `latest` to it. The temporary folder is removed on failure.
fn publish(reports_dir: &Path, name: &str, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let temp = reports_dir.join(format!("{TEMP_PREFIX}{name}-{}", std::process::id()));
    if fs::symlink_metadata(&temp).is_ok() {
        // Left by an earlier crashed run that had the same process id.
        fs::remove_dir_all(&temp)
            .with_context(|| format!("cannot remove the leftover folder {}", temp.display()))?;
    }
    crate::private::create_dir(&temp)
        .with_context(|| format!("cannot create the report folder {}", temp.display()))?;
    let staged = fill(&temp).and_then(|()| {
        sync_dir(&temp);
        let folder = reports_dir.join(name);
        fs::rename(&temp, &folder)
            .with_context(|| format!("cannot rename {} to {}", temp.display(), folder.display()))
    });
    if let Err(error) = staged {
        let _ = fs::remove_dir_all(&temp);
        return Err(error);
    }
    sync_dir(reports_dir);
    point_latest(reports_dir, name)?;
    sync_dir(reports_dir);
    Ok(())
}

/// Creates one file in `folder`, fills it through a buffer, and flushes it to disk.
fn create_file(
    folder: &Path,
    file_name: &str,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let path = folder.join(file_name);
    let file = crate::private::create_file(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    fill(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
    let file = out
        .into_inner()
        .map_err(|error| error.into_error())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Flushes a folder's entries to disk where the platform allows it (best effort).
fn sync_dir(path: &Path) {
    if let Ok(dir) = fs::File::open(path) {
        let _ = dir.sync_all();
    }
}

/// Points `reports_dir/latest` at `name` with a relative symlink, swapped atomically by
/// renaming a fresh link over the old one.
#[cfg(unix)]
fn point_latest(reports_dir: &Path, name: &str) -> Result<()> {
    check_latest_is_a_link(reports_dir)?;
    let latest = reports_dir.join(LATEST);
    let link = reports_dir.join(format!("{LATEST}{TEMP_PREFIX}{}", std::process::id()));
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink(name, &link)
        .with_context(|| format!("cannot create the link {}", link.display()))?;
    fs::rename(&link, &latest).with_context(|| {
        let _ = fs::remove_file(&link);
        format!("cannot point {} at {name}", latest.display())
    })
}

/// Points `reports_dir/latest` at `name` (Windows: replaced, not swapped atomically,
/// because a directory link cannot be renamed over another).
#[cfg(not(unix))]
fn point_latest(reports_dir: &Path, name: &str) -> Result<()> {
    check_latest_is_a_link(reports_dir)?;
    let latest = reports_dir.join(LATEST);
    let _ = fs::remove_dir(&latest).or_else(|_| fs::remove_file(&latest));
    #[cfg(windows)]
    let linked = std::os::windows::fs::symlink_dir(name, &latest);
    #[cfg(not(windows))]
    let linked: std::io::Result<()> = Err(std::io::ErrorKind::Unsupported.into());
    linked.with_context(|| format!("cannot point {} at {name}", latest.display()))
}

/// A report folder name: `YYYY-MM-DDTHHMMSS` with an optional `-N`; returns its sort key.
fn report_folder_key(name: &str) -> Option<(String, u32)> {
    let (stamp, counter) = match name.get(17..) {
        Some("") => (name, 1),
        Some(rest) => (
            name.get(..17)?,
            rest.strip_prefix('-')?.parse::<u32>().ok()?,
        ),
        None => return None,
    };
    NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H%M%S").ok()?;
    if !stamp
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'T')
    {
        return None;
    }
    Some((stamp.to_string(), counter))
}

/// Removes report folders beyond the newest `keep` (never `current`, never anything whose
/// name is not a report timestamp) and temporary leftovers older than an hour.
fn prune(reports_dir: &Path, current: &str, keep: usize) -> Result<()> {
    let entries = fs::read_dir(reports_dir)
        .with_context(|| format!("cannot list {}", reports_dir.display()))?;
    let mut reports = Vec::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if name.starts_with(TEMP_PREFIX) || name.starts_with(&format!("{LATEST}{TEMP_PREFIX}")) {
            remove_if_stale(&entry.path(), file_type.is_dir());
        } else if file_type.is_dir() {
            if let Some(key) = report_folder_key(&name) {
                reports.push((key, name));
            }
        }
    }
    reports.sort();
    let excess = reports.len().saturating_sub(keep.max(1));
    for (_, name) in reports.into_iter().take(excess) {
        if name == current {
            continue;
        }
        let path = reports_dir.join(&name);
        fs::remove_dir_all(&path)
            .with_context(|| format!("cannot remove the old report {}", path.display()))?;
    }
    Ok(())
}

/// Removes a temporary leftover if it was last touched more than an hour ago.
fn remove_if_stale(path: &Path, is_dir: bool) {
    let age = fs::symlink_metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok());
    if age.is_some_and(|age| age > STALE_AFTER) {
        let removed = if is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
        if let Err(error) = removed {
            tracing::warn!(path = %path.display(), %error, "cannot remove a stale temporary report");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::sample;

    fn report_at(generated_at: &str) -> Report {
        Report {
            generated_at: generated_at.into(),
            ..sample()
        }
    }

    fn latest_target(dir: &Path) -> String {
        fs::read_link(dir.join(LATEST))
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn folder_names_come_from_generated_at() {
        let cases = [
            ("2026-08-15T10:15:30+02:00", "2026-08-15T101530"),
            ("2026-08-15T10:15:30.123-07:00", "2026-08-15T101530"),
            ("2026-08-15T10:15:30Z", "2026-08-15T101530"),
            ("2026-08-15T10:15:30", "2026-08-15T101530"),
        ];
        for (generated_at, expected) in cases {
            assert_eq!(folder_name(generated_at), expected);
        }
        assert!(report_folder_key(&folder_name("not a date")).is_some());
    }

    #[test]
    fn recognises_only_report_folder_names() {
        assert_eq!(
            report_folder_key("2026-08-15T101530"),
            Some(("2026-08-15T101530".into(), 1))
        );
        assert_eq!(
            report_folder_key("2026-08-15T101530-12"),
            Some(("2026-08-15T101530".into(), 12))
        );
        for name in [
            "latest",
            "2026-08-15",
            "2026-08-15T101530-",
            "2026-08-15T101530.old",
            "2026-13-15T101530",
            "my-notes",
            ".coachcheck",
            "2026-08-15T1015309",
        ] {
            assert_eq!(report_folder_key(name), None, "{name}");
        }
    }

    #[test]
    fn two_writes_make_two_folders_and_latest_points_at_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let first = write(dir.path(), &report_at("2026-08-15T10:15:30+02:00"), 30).unwrap();
        let second = write(dir.path(), &report_at("2026-08-16T09:00:00+02:00"), 30).unwrap();
        assert_eq!(first, dir.path().join("2026-08-15T101530"));
        assert_eq!(second, dir.path().join("2026-08-16T090000"));
        assert_eq!(latest_target(dir.path()), "2026-08-16T090000");
        for file in [
            "report.json",
            "coaches.csv",
            "findings.csv",
            "report.html",
            "summary.md",
        ] {
            let text = fs::read_to_string(dir.path().join(LATEST).join(file)).unwrap();
            assert!(!text.is_empty(), "{file} is empty");
        }
        let summary = fs::read_to_string(second.join("summary.md")).unwrap();
        assert!(summary.contains("2026-08-16T090000"));
        assert_eq!(
            names(dir.path()),
            ["2026-08-15T101530", "2026-08-16T090000", "latest"]
        );
    }

    #[test]
    fn same_second_gets_a_counter() {
        let dir = tempfile::tempdir().unwrap();
        let report = report_at("2026-08-15T10:15:30+02:00");
        write(dir.path(), &report, 30).unwrap();
        let second = write(dir.path(), &report, 30).unwrap();
        let third = write(dir.path(), &report, 30).unwrap();
        assert_eq!(second, dir.path().join("2026-08-15T101530-2"));
        assert_eq!(third, dir.path().join("2026-08-15T101530-3"));
        assert_eq!(latest_target(dir.path()), "2026-08-15T101530-3");
    }

    #[test]
    fn retention_keeps_the_newest_and_never_touches_other_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("my-notes")).unwrap();
        fs::create_dir(dir.path().join(".coachcheck")).unwrap();
        fs::write(dir.path().join("2026-01-01T000000.txt"), "mine").unwrap();
        for day in 10..=14 {
            let report = report_at(&format!("2026-08-{day}T08:00:00Z"));
            write(dir.path(), &report, 3).unwrap();
        }
        assert_eq!(
            names(dir.path()),
            [
                ".coachcheck",
                "2026-01-01T000000.txt",
                "2026-08-12T080000",
                "2026-08-13T080000",
                "2026-08-14T080000",
                "latest",
                "my-notes"
            ]
        );
        // keep = 0 still keeps the report just written.
        write(dir.path(), &report_at("2026-08-20T08:00:00Z"), 0).unwrap();
        assert!(dir.path().join("2026-08-20T080000").is_dir());
        assert!(!dir.path().join("2026-08-14T080000").exists());
    }

    #[test]
    fn an_older_generated_at_is_never_pruned_as_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &report_at("2026-08-20T08:00:00Z"), 1).unwrap();
        let older = write(dir.path(), &report_at("2026-08-01T08:00:00Z"), 1).unwrap();
        assert!(older.is_dir());
        assert_eq!(latest_target(dir.path()), "2026-08-01T080000");
    }

    #[test]
    fn a_failure_mid_way_leaves_latest_and_no_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &report_at("2026-08-15T10:15:30Z"), 30).unwrap();
        let files = [
            ("report.json", "{}".to_string()),
            ("no-such-folder/coaches.csv", String::new()),
        ];
        let error = publish(dir.path(), "2026-08-16T101530", |temp| {
            files.iter().try_for_each(|(name, contents)| {
                create_file(temp, name, |out| Ok(out.write_all(contents.as_bytes())?))
            })
        })
        .unwrap_err();
        assert!(format!("{error:#}").contains("no-such-folder"), "{error:#}");
        assert_eq!(latest_target(dir.path()), "2026-08-15T101530");
        assert_eq!(names(dir.path()), ["2026-08-15T101530", "latest"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_reports_folder_leaves_latest_intact() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &report_at("2026-08-15T10:15:30Z"), 30).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(dir.path().join("probe"), "").is_ok() {
            // Running as root: permissions do not stop writes; nothing to test here.
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
            return;
        }
        let result = write(dir.path(), &report_at("2026-08-16T10:15:30Z"), 30);
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let error = result.unwrap_err();
        assert!(format!("{error:#}").contains(&dir.path().display().to_string()));
        assert_eq!(latest_target(dir.path()), "2026-08-15T101530");
    }

    #[test]
    fn a_real_latest_folder_is_kept_and_explained() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(LATEST)).unwrap();
        fs::write(dir.path().join(LATEST).join("notes.txt"), "mine").unwrap();
        let error = write(dir.path(), &sample(), 30).unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains("hint:"), "{message}");
        assert!(message.contains("latest"), "{message}");
        assert!(dir.path().join(LATEST).join("notes.txt").is_file());
        assert_eq!(names(dir.path()), ["latest"]);
    }

    #[test]
    fn stale_temporary_folders_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".tmp-2026-01-01T000000-1");
        let fresh = dir.path().join(".tmp-2026-01-02T000000-2");
        fs::create_dir(&stale).unwrap();
        fs::create_dir(&fresh).unwrap();
        let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
        fs::File::open(&stale)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        write(dir.path(), &sample(), 30).unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
    }
}
