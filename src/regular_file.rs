//! Reading a user's file without letting a bad path hang or flood the show: regular files
//! only (a FIFO blocks until a writer comes, `/dev/zero` never ends), a byte limit that
//! holds even while the file grows, and an open that cannot block. Decks and pictures
//! both read through here; what the bytes mean is their business. Also owns how a path
//! that cannot be read is described to the user ("is a folder", "is a symbolic-link loop"),
//! so every file gong names is refused in the same words; and writing a file whole or not
//! at all (the lineup `gong add` edits, the report at the end of a session).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is {kind}, not a regular file")]
    NotAFile { kind: &'static str },
    #[error("is {bytes} bytes, over the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("{}", io_reason(.0))]
    Io(std::io::Error),
}

/// Why a path could not be read, worded to follow its name (`talk.md does not exist`).
/// The OS's own words for a symbolic-link loop ("too many levels of symbolic links") and a
/// missing file ("no such file or directory") say less than these.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        return "does not exist".to_string();
    }
    if is_loop(error) {
        return "is a symbolic-link loop".to_string();
    }
    format!("cannot be read: {error}")
}

/// ELOOP: the path's links lead back to themselves (std has no stable `ErrorKind` for it).
pub(crate) fn is_loop(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// The whole file, if it is a regular file of at most `limit` bytes.
///
/// The kind is checked before opening (opening a FIFO for reading waits for a writer),
/// the open itself is non-blocking in case the path was swapped for a FIFO in between,
/// and the kind is checked again on the open handle.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let io = ReadError::Io;
    check(&std::fs::metadata(path).map_err(io)?, limit)?;
    let file = open_without_blocking(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    check(&metadata, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(ReadError::TooLarge { bytes: read, limit });
    }
    Ok(bytes)
}

/// The whole file as UTF-8 text, for files whose reader needs no line and column of a
/// bad byte (a theme, a session log): `None` in the error means the bytes were not text.
pub(crate) fn read_text_limited(path: &Path, limit: u64) -> Result<String, TextError> {
    let bytes = read_limited(path, limit).map_err(TextError::Read)?;
    String::from_utf8(bytes).map_err(|error| TextError::NotUtf8 {
        offset: error.utf8_error().valid_up_to(),
    })
}

#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error(transparent)]
    Read(ReadError),
    #[error("is not UTF-8 text (byte {offset} is invalid); save it as UTF-8")]
    NotUtf8 { offset: usize },
}

fn check(metadata: &std::fs::Metadata, limit: u64) -> Result<(), ReadError> {
    let kind = metadata.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotAFile {
            kind: describe(kind),
        });
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            bytes: metadata.len(),
            limit,
        });
    }
    Ok(())
}

fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Regular files ignore O_NONBLOCK; a FIFO opened with it returns at once instead of
/// waiting for a writer.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// Replaces (or creates) the file at `path` with `bytes`, whole or not at all: they go to
/// a temporary file beside it, synced, renamed over it, and the folder is synced so the
/// rename survives a power cut. A reader (a show watching the lineup) never sees half a
/// file, and a full disk leaves the old file, or none, never a short one. The old file's
/// permissions are kept; a new one gets the usual (0666 less the umask).
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path).ok().map(|old| old.permissions());
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(folder)
        .map_err(without_temporary_path)?;
    // The plain file, not the wrapper: its errors would name the temporary file too.
    let file = temporary.as_file_mut();
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(temporary.path(), permissions)?;
    }
    temporary.persist(path).map_err(|error| error.error)?;
    // Not every platform can open a folder to sync it; the file itself is already safe.
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// tempfile names its temporary file in the errors of making one ("… at path
/// "/talks/.tmpX1y2""): the user knows nothing of that file, only of the one written, which
/// the caller names.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    let text = error.to_string();
    match text.rsplit_once(" at path ") {
        Some((cause, _)) => std::io::Error::new(error.kind(), cause.to_string()),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn reads_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"hello");
        assert!(matches!(
            read_limited(&path, 4),
            Err(ReadError::TooLarge { bytes: 5, limit: 4 })
        ));
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(ReadError::NotAFile { kind: "a folder" })
        ));
        assert!(matches!(
            read_limited(&dir.path().join("nothing"), 10),
            Err(ReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile { kind: "a device" })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_loop_and_a_folder_are_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("one.md"), dir.path().join("two.md"));
        std::os::unix::fs::symlink(&two, &one).unwrap();
        std::os::unix::fs::symlink(&one, &two).unwrap();
        let error = read_limited(&one, 10).unwrap_err();
        assert_eq!(error.to_string(), "is a symbolic-link loop");
        let error = read_limited(dir.path(), 10).unwrap_err();
        assert_eq!(error.to_string(), "is a folder, not a regular file");
        let error = read_limited(&dir.path().join("nothing"), 10).unwrap_err();
        assert_eq!(error.to_string(), "does not exist");
    }

    #[test]
    fn text_is_read_with_the_same_guard() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"caf\xe9").unwrap();
        assert!(matches!(
            read_text_limited(&path, 10),
            Err(TextError::NotUtf8 { offset: 3 })
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_text_limited(Path::new("/dev/zero"), 10),
            Err(TextError::Read(ReadError::NotAFile { kind: "a device" }))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_neither_blocks_the_open_nor_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let (send, receive) = mpsc::channel();
        let opened = path.clone();
        std::thread::spawn(move || send.send(open_without_blocking(&opened).map(|_| ())));
        let result = receive.recv_timeout(Duration::from_secs(20));
        assert!(matches!(result, Ok(Ok(()))), "open blocked or failed");
        assert!(matches!(
            read_limited(&path, 10),
            Err(ReadError::NotAFile {
                kind: "a named pipe"
            })
        ));
    }

    #[test]
    fn a_file_is_written_whole_and_its_errors_name_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_whole(&path, b"one").unwrap();
        write_whole(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A new file is readable by others, as any file the user makes; an old
            // one keeps its own permissions.
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o044, 0o044, "{mode:o}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            write_whole(&path, b"three").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let error = write_whole(&dir.path().join("gone/report.md"), b"x").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        let text = error.to_string();
        assert!(
            !text.contains(".tmp") && !text.contains("at path"),
            "{text}"
        );
    }
}
