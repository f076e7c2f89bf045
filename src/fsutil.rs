//! The two file operations every part of Gloss shares: writing a file
//! atomically ([`atomic_write`]) and reading a regular file with a size cap
//! ([`read_regular_file`]).
//!
//! Owns how bytes reach the disk (temporary file in the same folder, fsync,
//! rename) and which files may be read at all (regular files: never a FIFO,
//! socket or device, which would block or never end). Decides nothing about
//! *where* to write or *what* a file means: callers choose the path (the
//! cache folder, an output the user named) and check the contents.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes the temporary files of one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `contents` to `path` atomically: into a new temporary file in the
/// same folder, flushed to disk (`fsync`), then renamed over `path`. A reader
/// (or a crash) sees the old file or the new one, never a part. The folder
/// must exist. An existing file keeps its permissions; a symbolic link at
/// `path` is written through (its target is replaced, the link stays).
pub fn atomic_write(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_via_temp(path, contents, false)
}

/// [`atomic_write`] for a file the user should not edit: it is made
/// read-only before it takes `path`'s place.
pub fn atomic_write_read_only(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_via_temp(path, contents, true)
}

fn write_via_temp(path: &Path, contents: &[u8], read_only: bool) -> io::Result<()> {
    let target = through_link(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let temp = dir.join(format!(
        ".{}.{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(contents)?;
        let mut permissions = match fs::metadata(&target) {
            Ok(old) if old.is_file() => old.permissions(),
            _ => file.metadata()?.permissions(),
        };
        if read_only {
            permissions.set_readonly(true);
        }
        file.set_permissions(permissions)?;
        file.sync_all()?;
        fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    sync_folder(&dir);
    Ok(())
}

/// The file a write to `path` should replace: the target of a symbolic link
/// (so the link survives), else `path` itself.
fn through_link(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && let Ok(target) = fs::canonicalize(path) {
        return target;
    }
    path.to_path_buf()
}

/// Makes the rename itself durable (best effort: not every system lets a
/// folder be opened and synced, and the data is already on disk).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Could not be opened or read (missing, no permission, …).
    Io(io::ErrorKind, String),
    /// Not a regular file (a folder, FIFO, socket or device).
    NotRegular,
    /// Larger than the cap (bytes, cap).
    TooLarge(u64, u64),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(_, e) => write!(f, "cannot read: {e}"),
            ReadError::NotRegular => {
                f.write_str("not a regular file (a folder, pipe, socket or device)")
            }
            ReadError::TooLarge(size, cap) => {
                write!(f, "{size} bytes is over max_file_size ({cap})")
            }
        }
    }
}

/// Reads the regular file at `path` (following links), at most `max_size`
/// bytes. A FIFO is never opened (that would wait forever for a writer);
/// the size is checked on the open file, and a file growing meanwhile is
/// not read past the cap.
pub fn read_regular_file(path: &Path, max_size: u64) -> Result<Vec<u8>, ReadError> {
    let io = |e: io::Error| ReadError::Io(e.kind(), e.to_string());
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > max_size {
        return Err(ReadError::TooLarge(meta.len(), max_size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = bytes.len() as u64;
    if read > max_size {
        return Err(ReadError::TooLarge(read, max_size));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_files_and_keeps_links_and_permissions() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.txt");
        atomic_write(&path, b"first").expect("write");
        atomic_write(&path, b"second").expect("rewrite");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        // No temporary file is left behind.
        let names: Vec<String> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["out.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
            atomic_write(&path, b"third").expect("rewrite");
            let mode = fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&path, &link).expect("symlink");
            atomic_write(&link, b"through the link").expect("write via link");
            assert!(
                fs::symlink_metadata(&link)
                    .expect("meta")
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(fs::read(&path).expect("read"), b"through the link");
        }
        atomic_write_read_only(&dir.path().join("ro.txt"), b"x").expect("write");
        assert!(
            fs::metadata(dir.path().join("ro.txt"))
                .expect("meta")
                .permissions()
                .readonly()
        );
        // A missing folder is an error, and nothing is written.
        assert!(atomic_write(&dir.path().join("no/such/dir/x"), b"x").is_err());
    }

    #[test]
    fn reads_only_regular_files_within_the_cap() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        fs::write(&path, b"0123456789").expect("write");
        assert_eq!(read_regular_file(&path, 10).expect("read"), b"0123456789");
        assert_eq!(read_regular_file(&path, 9), Err(ReadError::TooLarge(10, 9)));
        assert_eq!(
            read_regular_file(dir.path(), 10),
            Err(ReadError::NotRegular)
        );
        assert!(matches!(
            read_regular_file(&dir.path().join("missing"), 10),
            Err(ReadError::Io(io::ErrorKind::NotFound, _))
        ));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.txt");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert_eq!(read_regular_file(&fifo, 10), Err(ReadError::NotRegular));
            }
        }
    }
}
