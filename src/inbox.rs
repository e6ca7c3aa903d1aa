//! inbox: scans the drop folder recursively and classifies what it finds (SPEC §3).
//! It only ever reads: nothing in the inbox is modified, moved or deleted. Symbolic links
//! are followed only when they point inside the inbox.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;

pub mod sniff;

/// What a file in the inbox is taken for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `*.pdf` or an image (`*.jpg`, `*.jpeg`, `*.png`, `*.tif`, `*.tiff`, `*.webp`,
    /// `*.heic`): a certificate (images are read by OCR).
    Certificate,
    /// `*.csv`, `*.tsv`, `*.txt`, and workbooks (`*.xlsx`, `*.xlsm`, `*.xls`, `*.ods`, every
    /// sheet): a roster or background-check list (classified by header).
    Table,
    /// Anything else: listed as ignored.
    Ignored,
}

/// One file found in the inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboxFile {
    /// Full path.
    pub path: PathBuf,
    /// Path relative to the inbox, with `/` separators (lossy for non-UTF-8 names).
    pub relative: String,
    /// Classification by name.
    pub kind: FileKind,
    /// Size, modification time and inode, for the cheap unchanged-file check.
    pub stamp: FileStamp,
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

/// Whether a file name is hidden or temporary and must be skipped silently.
pub fn is_hidden_or_temporary(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || [
            ".tmp",
            ".part",
            ".crdownload",
            ".swp",
            ".partial",
            ".download",
        ]
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

/// Classifies a file by its name.
pub fn classify(name: &str) -> FileKind {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit_once('.').map(|(_, extension)| extension) {
        Some("pdf") => FileKind::Certificate,
        Some("jpg" | "jpeg" | "png" | "tif" | "tiff" | "webp" | "heic" | "heif") => {
            FileKind::Certificate
        }
        Some("csv" | "tsv" | "txt") => FileKind::Table,
        Some("xlsx" | "xlsm" | "xls" | "ods") => FileKind::Table,
        _ => FileKind::Ignored,
    }
}

/// Lists every file of the inbox, sorted by relative path. A missing inbox is an error
/// (the user named a wrong folder); an empty one is not.
pub fn scan(inbox: &Path) -> anyhow::Result<Vec<InboxFile>> {
    let root = inbox.canonicalize().with_context(|| {
        format!(
            "cannot open the inbox folder {}\nhint: create it, or pass --inbox DIR",
            inbox.display()
        )
    })?;
    anyhow::ensure!(
        root.is_dir(),
        "the inbox {} is not a folder\nhint: pass --inbox DIR",
        inbox.display()
    );
    let mut files = Vec::new();
    let mut pending = vec![root.clone()];
    let mut visited = std::collections::HashSet::new();
    while let Some(directory) = pending.pop() {
        if !visited.insert(directory.clone()) {
            continue;
        }
        let entries = match std::fs::read_dir(&directory) {
            Ok(entries) => entries,
            Err(error) => {
                tracing::warn!(folder = %directory.display(), %error, "cannot list folder");
                continue;
            }
        };
        // A large inbox is one flat folder of tens of thousands of files: their metadata is
        // read in parallel.
        let entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
        let found: Vec<Found> = entries
            .par_iter()
            .filter_map(|entry| examine(entry, &root))
            .collect();
        for item in found {
            match item {
                Found::Folder(path) => pending.push(path),
                Found::File(file) => files.push(file),
            }
        }
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files.dedup_by(|a, b| a.relative == b.relative);
    Ok(files)
}

/// What one folder entry turned out to be.
enum Found {
    Folder(PathBuf),
    File(InboxFile),
}

/// Classifies one folder entry: `None` for what is skipped (hidden or temporary names,
/// links out of the inbox, special files, entries that vanished).
fn examine(entry: &std::fs::DirEntry, root: &Path) -> Option<Found> {
    let name = entry.file_name().to_string_lossy().into_owned();
    if is_hidden_or_temporary(&name) {
        return None;
    }
    let path = entry.path();
    let link_metadata = entry.metadata().ok()?;
    let (path, metadata) = if link_metadata.file_type().is_symlink() {
        match path.canonicalize() {
            Ok(target) if target.starts_with(root) => {
                let metadata = target.metadata().ok()?;
                (target, metadata)
            }
            _ => {
                tracing::warn!(file = %path.display(), "skipping a link that points outside the inbox");
                return None;
            }
        }
    } else {
        (path, link_metadata)
    };
    if metadata.is_dir() {
        return Some(Found::Folder(path));
    }
    if !metadata.is_file() {
        return None;
    }
    let relative = entry
        .path()
        .strip_prefix(root)
        .map(|relative| {
            relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or(name.clone());
    Some(Found::File(InboxFile {
        kind: classify(&name),
        stamp: FileStamp::of(&metadata),
        path,
        relative,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_hidden_files_are_skipped() {
        for name in [
            ".DS_Store",
            "~$roster.csv",
            "a.tmp",
            "cert.pdf.part",
            "x.crdownload",
            ".x.swp",
        ] {
            assert!(is_hidden_or_temporary(name), "{name}");
        }
        for name in ["roster.csv", "Bob Smith.PDF", "certificate (3).pdf"] {
            assert!(!is_hidden_or_temporary(name), "{name}");
        }
    }

    #[test]
    fn files_are_classified_by_extension() {
        assert_eq!(classify("A.PDF"), FileKind::Certificate);
        assert_eq!(classify("roster.tsv"), FileKind::Table);
        assert_eq!(classify("Export.XLSX"), FileKind::Table);
        assert_eq!(classify("old.xls"), FileKind::Table);
        assert_eq!(classify("registrar.ods"), FileKind::Table);
        assert_eq!(classify("notes.docx"), FileKind::Ignored);
        for image in [
            "scan.JPG",
            "photo.jpeg",
            "shot.png",
            "fax.tif",
            "x.tiff",
            "y.webp",
            "IMG_1.HEIC",
        ] {
            assert_eq!(classify(image), FileKind::Certificate, "{image}");
        }
        assert_eq!(classify("README"), FileKind::Ignored);
    }

    #[test]
    fn scan_is_sorted_recursive_and_skips_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.pdf"), b"x").unwrap();
        std::fs::write(dir.path().join("a.csv"), b"x").unwrap();
        std::fs::write(dir.path().join("c.pdf.part"), b"x").unwrap();
        let files = scan(dir.path()).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(names, ["a.csv", "sub/b.pdf"]);
    }
}
