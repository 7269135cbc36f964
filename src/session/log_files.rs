//! The session log's files as a session meets them: the log read back for resuming,
//! and the report written beside it when the session ends.

use std::path::{Path, PathBuf};

use crate::session_log::{LineError, Record, SessionLogError, read_existing, read_log};

/// Where the report of the session logged at `log` goes when it ends, the one an
/// organiser reads or posts: `talks/lineup.session.jsonl` → `talks/lineup.session.md`.
/// A log not named `.jsonl` gets `.md` added, so the report never lands on the log.
pub(crate) fn report_beside(log: &Path) -> PathBuf {
    let name = log
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".jsonl").unwrap_or(&name);
    log.with_file_name(format!("{stem}.md"))
}

/// Writes the report whole or not at all: a full disk leaves the last good report (or
/// none), never an empty or half one.
pub(super) fn write_report_beside(log: &Path) -> Result<PathBuf, SessionLogError> {
    let source = read_existing(log)?.unwrap_or_default();
    let (records, _) = read_log(&source);
    let path = report_beside(log);
    crate::regular_file::write_whole(&path, crate::report::markdown(&records).as_bytes()).map_err(
        |source| SessionLogError::Write {
            path: path.clone(),
            source,
        },
    )?;
    Ok(path)
}

/// An existing session log read for resuming: its records, and the lines skipped.
pub(crate) struct PreviousLog {
    pub records: Vec<Record>,
    pub skipped: Vec<LineError>,
}

/// Reads an existing session log for resuming; `None` when there is none yet. Anything
/// there that is not a gong log is refused (`session_log::read_existing`), never set aside.
pub(crate) fn read_existing_log(path: &Path) -> Result<Option<PreviousLog>, SessionLogError> {
    let Some(source) = read_existing(path)? else {
        return Ok(None);
    };
    let (records, skipped) = read_log(&source);
    Ok(Some(PreviousLog { records, skipped }))
}
