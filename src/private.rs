//! private: creates the folders and files that hold volunteers' personal data (the reports
//! folder, every report folder and file, the state database, the reminder outbox, `.eml`
//! files, the mail archive) owner-only — folders 0700, files 0600 — whatever the umask.
//!
//! The mode is given at creation (so there is no moment when the file is readable by
//! others) and, for a folder or file that already exists from an older version, tightened
//! with [`tighten`]. It refuses to loosen anything and never touches the inbox. On platforms
//! without Unix modes these are plain `create_dir_all` / `File::create`.

use std::fs::File;
use std::io;
use std::path::Path;

/// Mode of a private folder.
pub const DIR_MODE: u32 = 0o700;
/// Mode of a private file.
pub const FILE_MODE: u32 = 0o600;

/// Creates `path` and any missing parents as owner-only folders. An existing folder is
/// left as it is (see [`tighten`]).
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(path)
}

/// Creates one owner-only folder; fails if it exists.
pub fn create_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(path)
}

/// Creates (or truncates) an owner-only file for writing. An existing file that others
/// could read is tightened first.
pub fn create_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options.open(path)?;
    tighten_open(&file)?;
    Ok(file)
}

/// Writes `bytes` to an owner-only file.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut file = create_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates an owner-only empty file if `path` does not exist (never truncates), e.g. a
/// database before SQLite opens it, so SQLite's `-wal` and `-shm` files copy its mode.
pub fn touch(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options.open(path)?;
    tighten_open(&file)
}

/// Removes the group and other permission bits of an existing folder or file (one a
/// previous version created world-readable). Missing paths and symlinks are left alone.
pub fn tighten(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let metadata = match std::fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        if metadata.file_type().is_symlink() {
            return Ok(());
        }
        let mode = metadata.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// [`tighten`] for a file already open.
fn tighten_open(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_folders_and_files_are_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        create_dir_all(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        write(&nested.join("f.txt"), b"x").unwrap();
        assert_eq!(mode(&nested.join("f.txt")), 0o600);
        touch(&nested.join("db")).unwrap();
        assert_eq!(mode(&nested.join("db")), 0o600);
    }

    #[test]
    fn a_world_readable_file_or_folder_is_tightened_never_loosened() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("old.db");
        std::fs::write(&file, b"data").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        touch(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            b"data",
            "touch never truncates"
        );
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o400)).unwrap();
        tighten(&file).unwrap();
        assert_eq!(mode(&file), 0o400);
        let folder = dir.path().join("reports");
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        tighten(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        tighten(&dir.path().join("missing")).unwrap();
    }
}
