//! Reading a deck file from disk: the one place the deck code touches the file system.
//! Owns the checks that keep a bad path from hanging or flooding the show (a FIFO that
//! never ends, `/dev/zero`, a huge file, bytes that are not text); parsing is `Deck::parse`.

use std::path::{Path, PathBuf};

use crate::regular_file::{ReadError, read_limited};

/// Far above any real deck (a 1,000-slide deck is about 100 KiB), low enough that a
/// mistaken path to a video or a disk image is refused at once.
pub(crate) const MAX_DECK_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is {kind}, not a regular file (a deck is a Markdown file)", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "{} is {size} bytes; a deck may be at most {} MiB",
        path.display(),
        MAX_DECK_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{} is not UTF-8 text: byte {offset} (line {line}, column {column}) is invalid; \
         save the file as UTF-8",
        path.display()
    )]
    NotUtf8 {
        path: PathBuf,
        /// 0-based byte offset of the first invalid byte.
        offset: usize,
        line: usize,
        column: usize,
    },
}

/// Reads a deck file as UTF-8 text.
pub fn read_source(path: &Path) -> Result<String, SourceError> {
    let bytes = read_limited(path, MAX_DECK_BYTES).map_err(|error| match error {
        ReadError::NotAFile { kind } => SourceError::NotAFile {
            path: path.to_path_buf(),
            kind,
        },
        ReadError::TooLarge { bytes, .. } => SourceError::TooLarge {
            path: path.to_path_buf(),
            size: bytes,
        },
        ReadError::Io(source) => SourceError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let valid = &error.as_bytes()[..offset];
        let line_start = valid
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |index| index + 1);
        let line = valid.iter().filter(|&&byte| byte == b'\n').count() + 1;
        // The prefix is valid UTF-8 by construction; count characters, as editors do.
        let column = std::str::from_utf8(&valid[line_start..])
            .map_or(offset - line_start, |text| text.chars().count())
            + 1;
        SourceError::NotUtf8 {
            path: path.to_path_buf(),
            offset,
            line,
            column,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    #[test]
    fn reads_a_utf8_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.md");
        std::fs::write(&path, "# 안녕\n").unwrap();
        assert_eq!(read_source(&path).unwrap(), "# 안녕\n");
    }

    #[test]
    fn a_missing_file_names_its_path() {
        let error = read_source(Path::new("/nonexistent/talk.md")).unwrap_err();
        assert!(matches!(error, SourceError::Io { .. }));
        assert!(
            error.to_string().contains("/nonexistent/talk.md"),
            "{error}"
        );
    }

    #[test]
    fn refuses_a_directory_and_a_device() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_source(dir.path()),
            Err(SourceError::NotAFile { .. })
        ));
        let zero = Path::new("/dev/zero");
        if zero.exists() {
            assert!(matches!(
                read_source(zero),
                Err(SourceError::NotAFile { .. })
            ));
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_fifo_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if made.is_ok_and(|status| status.success()) {
            assert!(matches!(
                read_source(&path),
                Err(SourceError::NotAFile { .. })
            ));
        }
    }

    #[test]
    fn refuses_a_huge_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let file = File::create(&path).unwrap();
        // Sparse: no real disk space is used.
        file.set_len(MAX_DECK_BYTES + 1).unwrap();
        assert!(matches!(
            read_source(&path),
            Err(SourceError::TooLarge { size, .. }) if size == MAX_DECK_BYTES + 1
        ));
    }

    #[test]
    fn says_where_the_bytes_stop_being_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.md");
        std::fs::write(&path, b"# Title\ncaf\xe9\n").unwrap();
        match read_source(&path) {
            Err(SourceError::NotUtf8 {
                offset,
                line,
                column,
                ..
            }) => assert_eq!((offset, line, column), (11, 2, 4)),
            other => panic!("expected NotUtf8, got {other:?}"),
        }
    }
}
