//! The rehearsal record: `DECK.rehearsals.jsonl` beside the deck, one JSON object a line,
//! written with the session log's writer (appended, flushed and synced; a torn write
//! undone), so a kill loses at most the time on the slide then on screen.
//!
//! Each line is the whole run as it stood when written (on its first slide, at each
//! change of slide, at its end), so reading needs no replay: a run's last line is the
//! run. A run whose last line has no `ended` was killed: it is kept, and said to be
//! unfinished. Lines carry a format version (`rehearsal`); a line this gong cannot read,
//! or from a newer one, is named and skipped, never guessed at.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::session_log::{LineError, SessionLog, SessionLogError};

/// The format of the records this gong writes.
pub(crate) const VERSION: u32 = 1;

/// One run of a talk, as far as it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RunRecord {
    /// When this line was written (RFC 3339). First, as in every gong log.
    pub at: String,
    /// The record's format version; its presence tells a rehearsal from a session log.
    pub rehearsal: u32,
    /// When the run began (its first forward press): what tells one run from another.
    pub started: String,
    /// The deck's file name.
    pub deck: String,
    pub slot_ms: u64,
    /// Rehearsed with `--strict` (the slides left at 0:00, as on stage).
    #[serde(default)]
    pub strict: bool,
    /// Every slide shown, in order, with its budget and the time spent on it.
    pub slides: Vec<SlideTime>,
    /// Time on the clock within the slot.
    pub used_ms: u64,
    pub overtime_ms: u64,
    /// How the run ended; `None` while it goes on (and, on a run's last line, when the
    /// process was killed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Ending>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SlideTime {
    pub title: String,
    pub budget_ms: u64,
    pub ms: u64,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Ending {
    /// Forward past the last slide.
    Finished,
    /// `--strict`: 0:00 took the slides away, as on stage.
    TimeUp,
    /// `R` twice: started over.
    Restarted,
    /// The rehearser closed the window or quit.
    Quit,
}

impl Ending {
    pub(crate) fn word(ending: Option<Ending>) -> &'static str {
        match ending {
            Some(Ending::Finished) => "finished",
            Some(Ending::TimeUp) => "time up",
            Some(Ending::Restarted) => "restarted",
            Some(Ending::Quit) => "quit",
            None => "unfinished",
        }
    }
}

impl RunRecord {
    /// A record of no run (never written: a run's record always has one).
    pub(crate) fn empty(wall: SystemTime) -> RunRecord {
        RunRecord {
            at: stamp(wall),
            rehearsal: VERSION,
            started: stamp(wall),
            deck: String::new(),
            slot_ms: 0,
            strict: false,
            slides: Vec::new(),
            used_ms: 0,
            overtime_ms: 0,
            ended: None,
        }
    }

    /// The whole time the run took, overtime included.
    pub(crate) fn total_ms(&self) -> u64 {
        self.used_ms.saturating_add(self.overtime_ms)
    }
}

/// A wall-clock instant as the records write it.
pub(crate) fn stamp(wall: SystemTime) -> String {
    humantime::format_rfc3339_millis(wall).to_string()
}

/// `talk.md` → `talk.rehearsals.jsonl`, beside it.
pub(crate) fn record_path(deck: &Path) -> PathBuf {
    let stem = deck
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deck".to_string());
    deck.with_file_name(format!("{stem}.rehearsals.jsonl"))
}

/// Whether `text` (a file gong wrote as a log) holds rehearsal records rather than a
/// session's events: its first line that reads as JSON says.
pub(crate) fn is_rehearsal(text: &str) -> bool {
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .next()
        .is_some_and(|value| value.get("rehearsal").is_some())
}

/// Every run in `text`, in the order they began, each as its last line says; and the
/// lines skipped, with why.
pub(crate) fn read_runs(text: &str) -> (Vec<RunRecord>, Vec<LineError>) {
    let mut runs: Vec<RunRecord> = Vec::new();
    let mut errors = Vec::new();
    let line_count = text.lines().count();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let skipped = |column: usize, message: String| LineError {
            line: index + 1,
            column,
            message,
            torn: index + 1 == line_count && !text.ends_with('\n'),
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(error) => {
                errors.push(skipped(error.column(), error.to_string()));
                continue;
            }
        };
        match value.get("rehearsal").and_then(serde_json::Value::as_u64) {
            Some(version) if version > u64::from(VERSION) => {
                errors.push(LineError {
                    torn: false,
                    ..skipped(
                        1,
                        format!(
                            "a rehearsal record of format {version}, from a newer gong \
                             (this one reads format {VERSION})"
                        ),
                    )
                });
                continue;
            }
            Some(_) => {}
            None => {
                errors.push(LineError {
                    torn: false,
                    ..skipped(1, "no \"rehearsal\" version: not a rehearsal record".into())
                });
                continue;
            }
        }
        match serde_json::from_value::<RunRecord>(value) {
            Ok(record) => match runs.iter_mut().find(|run| run.started == record.started) {
                Some(run) => *run = record,
                None => runs.push(record),
            },
            Err(error) => errors.push(LineError {
                torn: false,
                ..skipped(1, error.to_string())
            }),
        }
    }
    (runs, errors)
}

/// The rehearsal record being written.
#[derive(Debug)]
pub(crate) struct RecordFile {
    log: SessionLog,
}

impl RecordFile {
    /// Opens the record beside a deck to append to it, creating it if missing; a file
    /// there that gong did not write is refused and left alone (as with `--log`).
    pub(crate) fn open(path: &Path) -> Result<RecordFile, SessionLogError> {
        Ok(RecordFile {
            log: SessionLog::open_append(path)?,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        self.log.path()
    }

    pub(crate) fn write(&mut self, record: &RunRecord) -> Result<(), SessionLogError> {
        self.log.write_line(record)
    }
}

/// The runs recorded at `path` (none when there is no file yet), read with the session
/// log's limit and checks.
pub(crate) fn read_record_file(
    path: &Path,
) -> Result<(Vec<RunRecord>, Vec<LineError>), SessionLogError> {
    Ok(crate::session_log::read_existing(path)?
        .map(|text| read_runs(&text))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(started: &str, ms: u64, ended: Option<&str>) -> String {
        let ended = ended.map_or(String::new(), |how| format!(",\"ended\":\"{how}\""));
        format!(
            "{{\"at\":\"2026-03-01T10:00:05.000Z\",\"rehearsal\":1,\"started\":\"{started}\",\
             \"deck\":\"talk.md\",\"slot_ms\":300000,\"slides\":[{{\"title\":\"Hello\",\
             \"budget_ms\":300000,\"ms\":{ms}}}],\"used_ms\":{ms},\"overtime_ms\":0{ended}}}"
        )
    }

    #[test]
    fn a_run_is_its_last_line_and_a_killed_one_is_kept_unfinished() {
        let text = [
            line("a", 0, None),
            line("a", 5_000, Some("finished")),
            line("b", 0, None),
            line("b", 2_000, None),
        ]
        .join("\n");
        let (runs, errors) = read_runs(&text);
        assert!(errors.is_empty(), "{errors:?}");
        let seen: Vec<_> = runs
            .iter()
            .map(|run| (run.started.as_str(), run.used_ms, Ending::word(run.ended)))
            .collect();
        assert_eq!(
            seen,
            vec![("a", 5_000, "finished"), ("b", 2_000, "unfinished")]
        );
    }

    #[test]
    fn bad_lines_are_named_and_skipped_and_the_rest_is_read() {
        let newer = line("c", 1, None).replace("\"rehearsal\":1", "\"rehearsal\":2");
        let torn = line("d", 1, None);
        let text = format!(
            "{}\nnot json\n{newer}\n{{\"at\":\"x\",\"event\":\"talk_started\"}}\n{}",
            line("a", 1_000, Some("quit")),
            &torn[..torn.len() / 2]
        );
        let (runs, errors) = read_runs(&text);
        assert_eq!(runs.len(), 1);
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 4, "{said:?}");
        assert!(said[0].starts_with("line 2, column 2: skipped, not a record"));
        assert!(
            said[1].contains("format 2, from a newer gong"),
            "{}",
            said[1]
        );
        assert!(said[2].contains("not a rehearsal record"), "{}", said[2]);
        assert!(
            said[3].contains("line 5: skipped, cut short"),
            "{}",
            said[3]
        );
    }

    #[test]
    fn a_record_is_told_from_a_session_log_by_its_content() {
        assert!(is_rehearsal(&line("a", 0, None)));
        let session = "{\"at\":\"2026-03-01T10:00:00.000Z\",\"event\":\"session_started\",\
                       \"title\":\"x\",\"talks\":1}";
        assert!(!is_rehearsal(session));
        assert_eq!(
            record_path(Path::new("talks/kafka.md")),
            Path::new("talks/kafka.rehearsals.jsonl")
        );
    }

    #[test]
    fn records_are_appended_synced_and_read_back_as_written() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("talk.rehearsals.jsonl");
        let (first, _) = read_runs(&line("a", 7, Some("finished")));
        let mut file = RecordFile::open(&path).expect("opens");
        file.write(&first[0]).expect("writes");
        drop(file);
        // A kill tore a line: the next record starts on a line of its own.
        std::fs::write(
            &path,
            format!("{}\n{{\"at\":\"2026", line("a", 7, Some("finished"))),
        )
        .expect("writes");
        let (second, _) = read_runs(&line("b", 9, None));
        RecordFile::open(&path)
            .and_then(|mut file| file.write(&second[0]))
            .expect("appends");
        let (runs, errors) = read_record_file(&path).expect("reads");
        assert_eq!(runs, vec![first[0].clone(), second[0].clone()]);
        assert_eq!(errors.len(), 1);
        // Anything else in its place is refused and left alone.
        let deck = dir.path().join("talk.md");
        std::fs::write(&deck, "# Hello\n").expect("writes");
        assert!(RecordFile::open(&deck).is_err());
        assert_eq!(std::fs::read_to_string(&deck).expect("reads"), "# Hello\n");
    }
}
