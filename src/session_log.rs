//! The session log: one JSON object a line, appended, flushed and synced as each event
//! happens, so a killed process loses nothing and a restart can resume at the same talk.
//! This module owns the event vocabulary (shared by `gong present --log` and `gong run`),
//! the writer, and reading a log back for resuming and for `gong report`.
//!
//! Writing never stops a show: every writer method returns a `Result`, and the caller
//! shows the error as a banner and carries on (a full disk must not end a talk). Reading
//! is tolerant: a line that does not parse (typically the last one, torn by a kill in the
//! middle of a write) is reported and skipped, and the rest is used.
//! Must not decide anything about the show itself; `Resume` only reads what happened,
//! through the one reading of a log that the report shares (`replay`).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::regular_file::{ReadError, read_limited};

mod replay;
pub(crate) use replay::{Ending, Replay};

/// The most a session log may hold. A record is about 200 bytes and a long day's session
/// a few hundred of them: this is thousands of sessions, and a mistaken path to a video
/// or a disk image is refused at once.
pub(crate) const MAX_LOG_BYTES: u64 = 64 * 1024 * 1024;

/// How every record gong writes begins (`Record` serialises `at` first). What tells a
/// gong log from any other file: see `read_existing`.
const RECORD_START: &str = "{\"at\":\"";

/// Which talk an event is about: its place in the running order (1-based, as the
/// organiser counts; the lineup file is kept in that order), the speaker, the title and
/// the deck as the lineup names it, so a log reads on its own even after the lineup
/// changes. The place is what tells apart talks whose speaker, title and deck are all the
/// same; the rest checks it (see `find_talks`). Logs written before title and deck were
/// recorded lack them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkRef {
    pub position: usize,
    pub speaker: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deck: Option<String>,
}

impl TalkRef {
    /// Whether two records name the same talk: the same place and speaker, and the same
    /// title where both say one. (The deck is left out: an organiser may fix a deck's name
    /// in the lineup while the show runs, and it is the same talk.)
    pub(crate) fn is(&self, other: &TalkRef) -> bool {
        self.position == other.position
            && self.speaker == other.speaker
            && agree(self.title.as_deref(), other.title.as_deref())
    }

    /// This talk's place after the lineup panel took `moved` out of its place and put it
    /// in at `to` (see `Event::TalkMoved`): the talks between shift by one.
    pub(crate) fn place_after_move(&self, moved: &TalkRef, to: usize) -> usize {
        let (place, from) = (self.position, moved.position);
        if self.is(moved) {
            to
        } else if from < place && place <= to {
            place - 1
        } else if to <= place && place < from {
            place + 1
        } else {
            place
        }
    }
}

/// Two descriptions of a talk agree unless both are known and differ.
fn agree(a: Option<&str>, b: Option<&str>) -> bool {
    a.zip(b).is_none_or(|(a, b)| a == b)
}

/// Which talk of `lineup` (a restarted show's talks, in order) each logged talk is, one to
/// one; `None` for one the lineup no longer has. A logged talk is looked for first at its
/// place, where the panel's moves (replayed by `Resume`) and the lineup file, written in
/// the same order, agree: there the same speaker, and the same title and deck where the
/// log names them, make it the same talk. This is what tells apart talks whose speaker and
/// title are the same. Failing that (the file was edited), it is the first talk not yet
/// taken with the same speaker, title and deck; then with the same speaker and title; then
/// with the same speaker (a title corrected in the file).
pub(crate) fn find_talks(logged: &[&TalkRef], lineup: &[TalkRef]) -> Vec<Option<usize>> {
    // How closely a talk of the lineup must match the log, tried in turn: at its place,
    // anywhere, anywhere by speaker and title, anywhere by speaker.
    let tiers = [
        (true, true, true),
        (false, true, true),
        (false, false, true),
        (false, false, false),
    ];
    let mut found: Vec<Option<usize>> = vec![None; logged.len()];
    let mut taken = vec![false; lineup.len()];
    for (at_place, by_deck, by_title) in tiers {
        let matches = |log: &TalkRef, index: usize| {
            let talk = &lineup[index];
            (!at_place || index + 1 == log.position)
                && log.speaker == talk.speaker
                && (!by_title || agree(log.title.as_deref(), talk.title.as_deref()))
                && (!by_deck || agree(log.deck.as_deref(), talk.deck.as_deref()))
        };
        for (log, found) in logged.iter().zip(found.iter_mut()) {
            if found.is_none() {
                *found = (0..lineup.len()).find(|&index| !taken[index] && matches(log, index));
                if let Some(index) = *found {
                    taken[index] = true;
                }
            }
        }
    }
    found
}

/// The two warnings before time-up. Why 1:00 and 0:30: the customary wrap-up and final
/// signals of lightning-talk sessions; both are configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    WrapUp,
    Final,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    SessionStarted {
        title: String,
        talks: usize,
    },
    SessionResumed {
        #[serde(flatten)]
        talk: TalkRef,
    },
    /// The talk's title is in `talk` (always named there).
    TalkStarted {
        #[serde(flatten)]
        talk: TalkRef,
        slot_ms: u64,
    },
    Warning {
        #[serde(flatten)]
        talk: TalkRef,
        which: Warning,
        remaining_ms: u64,
    },
    TimeUp {
        #[serde(flatten)]
        talk: TalkRef,
    },
    Paused {
        #[serde(flatten)]
        talk: TalkRef,
    },
    Resumed {
        #[serde(flatten)]
        talk: TalkRef,
    },
    TimeChanged {
        #[serde(flatten)]
        talk: TalkRef,
        delta_ms: i64,
        slot_ms: u64,
    },
    TalkRestarted {
        #[serde(flatten)]
        talk: TalkRef,
    },
    TalkEnded {
        #[serde(flatten)]
        talk: TalkRef,
        used_ms: u64,
        overtime_ms: u64,
        /// Ended by the speaker before time was up.
        early: bool,
    },
    TalkSkipped {
        #[serde(flatten)]
        talk: TalkRef,
    },
    /// A slide of the talk on stage came up, at a reveal step (0 = up to its first
    /// `<!-- pause -->`): each one is on screen until the next, the talk's end or its
    /// time-up, which the records' talk clock times (`gong report`, rehearsals).
    SlideShown {
        #[serde(flatten)]
        talk: TalkRef,
        /// 1-based, among the slides shown (skipped ones left out).
        slide: usize,
        step: usize,
    },
    /// An edit of the lineup file taken in while the show runs.
    LineupChanged {
        talks: usize,
        what: String,
    },
    /// The lineup panel moved a talk still to come: taken out at `position` and put in at
    /// `to` (1-based, counted after taking it out), so the talks between shift by one.
    /// Events after it name talks by their places in the new order.
    TalkMoved {
        #[serde(flatten)]
        talk: TalkRef,
        to: usize,
    },
    SessionEnded {
        given: usize,
        skipped: usize,
    },
}

/// One line of the log: the event, the wall-clock time it was written (RFC 3339, for
/// people) and the monotonic milliseconds since the current talk started (for measuring).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub at: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub talk_ms: Option<u64>,
    #[serde(flatten)]
    pub event: Event,
}

impl Record {
    /// A record written at wall-clock time `at` (passed in: nothing here reads the clock).
    pub fn new(at: SystemTime, talk_ms: Option<u64>, event: Event) -> Record {
        Record {
            at: humantime::format_rfc3339_millis(at).to_string(),
            talk_ms,
            event,
        }
    }
}

impl Event {
    /// The talk this event is about, if it is about one.
    pub(crate) fn talk(&self) -> Option<&TalkRef> {
        match self {
            Event::SessionResumed { talk }
            | Event::TalkStarted { talk, .. }
            | Event::Warning { talk, .. }
            | Event::TimeUp { talk }
            | Event::Paused { talk }
            | Event::Resumed { talk }
            | Event::TimeChanged { talk, .. }
            | Event::TalkRestarted { talk }
            | Event::TalkEnded { talk, .. }
            | Event::TalkSkipped { talk }
            | Event::SlideShown { talk, .. }
            | Event::TalkMoved { talk, .. } => Some(talk),
            Event::SessionStarted { .. }
            | Event::LineupChanged { .. }
            | Event::SessionEnded { .. } => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SessionLogError {
    /// A path that is not a log gong wrote: a folder, a deck, the lineup, anything else.
    /// Never renamed, never appended to, never read as a log.
    #[error(
        "refusing to use {} as the session log: it is {why}, not a log gong wrote; name a new file with --log",
        path.display()
    )]
    NotALog { path: PathBuf, why: String },
    #[error("cannot read the session log {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the session log {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot move the old session log {} aside to {}: {source}", path.display(), aside.display())]
    SetAside {
        path: PathBuf,
        aside: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write to the session log {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode a session log record: {source}")]
    Encode { source: serde_json::Error },
}

/// The session log being written: append-only, one record a line, each one on the disk
/// (flushed and synced) before `write` returns.
#[derive(Debug)]
pub struct SessionLog {
    path: PathBuf,
    sink: Box<dyn Sink>,
    /// The file may end in the middle of a line: a kill tore the last write, or a failed
    /// one could not be undone. The next record starts on a line of its own.
    mid_line: bool,
}

/// Where the records go: the log file; in tests, one on a disk that fills up.
trait Sink: std::fmt::Debug {
    /// Writes all of `bytes` at the end of the file and onto the disk (flushed, synced).
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    fn length(&mut self) -> std::io::Result<u64>;
    /// Cuts the file back to `length` bytes, on the disk.
    fn cut(&mut self, length: u64) -> std::io::Result<()>;
}

impl Sink for File {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write_all(bytes)?;
        self.flush()?;
        self.sync_data()
    }

    fn length(&mut self) -> std::io::Result<u64> {
        Ok(self.metadata()?.len())
    }

    fn cut(&mut self, length: u64) -> std::io::Result<()> {
        self.set_len(length)?;
        self.sync_data()
    }
}

/// The text of the log at `path`, to go on with it or to set it aside; `None` when there
/// is no file there yet. Anything gong did not write as a log is refused, so a mistaken
/// `--log` (a folder, a deck, the lineup) is never renamed, appended to or read as one.
///
/// A gong log is an empty file (created, killed before its first record), or one whose
/// first line begins as every record begins, `{"at":"` — whole, or cut short by a kill
/// in the middle of the first write. No deck, lineup or picture starts that way.
pub(crate) fn read_existing(path: &Path) -> Result<Option<String>, SessionLogError> {
    let not_a_log = |why: String| SessionLogError::NotALog {
        path: path.to_path_buf(),
        why,
    };
    let bytes = match read_limited(path, MAX_LOG_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(ReadError::Io(source)) => {
            return Err(SessionLogError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(ReadError::NotAFile { kind }) => return Err(not_a_log(kind.to_string())),
        Err(ReadError::TooLarge { bytes, .. }) => {
            return Err(not_a_log(format!(
                "{bytes} bytes, more than a session log holds"
            )));
        }
    };
    // Lossy: a kill can cut a record in the middle of a character, and that line is
    // skipped as torn like any other, not the whole log lost.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let first = text.split('\n').next().unwrap_or_default();
    let begins_as_a_record =
        !first.is_empty() && (first.starts_with(RECORD_START) || RECORD_START.starts_with(first));
    if text.is_empty() || begins_as_a_record {
        Ok(Some(text))
    } else {
        Err(not_a_log(
            "a file whose first line is not a session log record".to_string(),
        ))
    }
}

impl SessionLog {
    /// Opens the log to go on with it (a restart resumes), creating it if missing; a file
    /// there that is not a gong log is refused (see `read_existing`).
    pub(crate) fn open_append(path: &Path) -> Result<SessionLog, SessionLogError> {
        read_existing(path)?;
        let open_error = |source| SessionLogError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(open_error)?;
        // A kill in the middle of a write leaves a last line with no newline: the next
        // record must not be glued onto the fragment and lost with it.
        let mid_line = ends_mid_line(&mut file).map_err(open_error)?;
        Ok(SessionLog {
            path: path.to_path_buf(),
            sink: Box::new(file),
            mid_line,
        })
    }

    /// Starts a new log at `path` (`--fresh`). An old log there is never deleted: it is
    /// renamed aside with the time `now` in its name (`session.20250301T101500Z.jsonl`),
    /// which is returned. Only a gong log is ever renamed: anything else there is refused
    /// and left as it is (see `read_existing`).
    pub fn create_fresh(
        path: &Path,
        now: SystemTime,
    ) -> Result<(SessionLog, Option<PathBuf>), SessionLogError> {
        let mut aside = None;
        if read_existing(path)?.is_some() {
            let target = aside_path(path, now);
            std::fs::rename(path, &target).map_err(|source| SessionLogError::SetAside {
                path: path.to_path_buf(),
                aside: target.clone(),
                source,
            })?;
            aside = Some(target);
        }
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(path)
            .map_err(|source| SessionLogError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        Ok((
            SessionLog {
                path: path.to_path_buf(),
                sink: Box::new(file),
                mid_line: false,
            },
            aside,
        ))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `event` as it happens at wall-clock time `at`; returns the record written.
    pub(crate) fn write_event(
        &mut self,
        at: SystemTime,
        talk_ms: Option<u64>,
        event: Event,
    ) -> Result<Record, SessionLogError> {
        let record = Record::new(at, talk_ms, event);
        self.write(&record)?;
        Ok(record)
    }

    /// Appends one record as one line, then syncs it to the disk, so a kill right after
    /// loses nothing. The line goes out in one write call: a kill can tear only this line.
    ///
    /// A write that fails (a full disk takes part of a line, then refuses the rest) is
    /// undone: the file is cut back to where it was, so when space returns the next record
    /// is not glued onto half of this one and both lost. If even that fails, the next
    /// record starts on a fresh line, and only the fragment is skipped when read back.
    pub(crate) fn write(&mut self, record: &Record) -> Result<(), SessionLogError> {
        self.write_line(record)
    }

    /// Appends any record as one line, as `write` does (the rehearsal record shares this
    /// writer and its guarantees). It must serialise `at` first, as a `Record` does, so
    /// the file reads as a gong log (`read_existing`).
    pub(crate) fn write_line(&mut self, record: &impl Serialize) -> Result<(), SessionLogError> {
        let mut line =
            serde_json::to_string(record).map_err(|source| SessionLogError::Encode { source })?;
        line.push('\n');
        let before = self.sink.length().ok();
        if self.mid_line && before != Some(0) {
            line.insert(0, '\n');
        }
        match self.sink.append(line.as_bytes()) {
            Ok(()) => {
                self.mid_line = false;
                Ok(())
            }
            Err(source) => {
                let undone = before.is_some_and(|length| self.sink.cut(length).is_ok());
                self.mid_line |= !undone;
                Err(SessionLogError::Write {
                    path: self.path.clone(),
                    source,
                })
            }
        }
    }
}

fn ends_mid_line(file: &mut File) -> std::io::Result<bool> {
    let length = file.metadata()?.len();
    if length == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(length - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// `session.jsonl` → `session.20250301T101500Z.jsonl`, with `-2`, `-3`… if that is taken
/// (two fresh starts in one second must not overwrite each other).
fn aside_path(path: &Path, now: SystemTime) -> PathBuf {
    let stamp: String = humantime::format_rfc3339_seconds(now)
        .to_string()
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".to_string());
    let extension = path
        .extension()
        .map(|extension| format!(".{}", extension.to_string_lossy()))
        .unwrap_or_default();
    let mut attempt = 1;
    loop {
        let counter = if attempt == 1 {
            String::new()
        } else {
            format!("-{attempt}")
        };
        let candidate = path.with_file_name(format!("{stem}.{stamp}{counter}{extension}"));
        if !candidate.exists() {
            return candidate;
        }
        attempt += 1;
    }
}

/// A line of a log that could not be read back, and is skipped. Said as `line 4, column
/// 2: skipped, not a record: …`, or for a torn last line `line 9: skipped, cut short…`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct LineError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The last line, with no newline after it: a write cut short by a kill, expected
    /// after a crash and nothing to alarm anyone about.
    pub torn: bool,
}

impl LineError {
    fn describe(&self) -> String {
        if self.torn {
            format!(
                "line {}: skipped, cut short (the show stopped in the middle of writing it)",
                self.line
            )
        } else {
            format!(
                "line {}, column {}: skipped, not a record: {}",
                self.line, self.column, self.message
            )
        }
    }
}

/// Reads a log back: every line that parses, and what was wrong with the others.
pub fn read_log(source: &str) -> (Vec<Record>, Vec<LineError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let line_count = source.lines().count();
    for (index, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(record) => records.push(record),
            Err(error) => errors.push(LineError {
                line: index + 1,
                column: error.column(),
                message: error.to_string(),
                torn: index + 1 == line_count && !source.ends_with('\n'),
            }),
        }
    }
    (records, errors)
}

/// The records of the last session in a log: from its last `session_started` (a log
/// may hold sessions before it, and records before any start). What resuming and the
/// report both read.
pub(crate) fn last_session(records: &[Record]) -> &[Record] {
    let start = records
        .iter()
        .rposition(|record| matches!(record.event, Event::SessionStarted { .. }))
        .unwrap_or(0);
    &records[start..]
}

/// What a log says about where its session stands, for picking up after a restart: which
/// talks are done, which one was on stage, and what was already logged for it so nothing
/// is logged twice. Only the last session in the log counts (after its `session_started`).
/// Read from the log's `Replay`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Resume {
    /// The log has a `session_started`: resume rather than start.
    pub started: bool,
    /// The log has a `session_ended`: there is nothing to resume.
    pub finished: bool,
    /// Talks given or skipped, in the order they were, and how; each named by its place
    /// at the end of the log (the panel's moves replayed).
    pub done: Vec<DoneTalk>,
    /// The talk that was started and neither ended nor skipped: resume at it.
    pub current: Option<CurrentTalk>,
}

/// A talk given or skipped, as the log last says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DoneTalk {
    pub talk: TalkRef,
    pub how: Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Done {
    Given {
        used_ms: u64,
        overtime_ms: u64,
        early: bool,
    },
    Skipped,
}

/// The talk on stage when the log stops, and what its clock went through: enough to give
/// it back the time it had left (see `Show::resume_talk`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CurrentTalk {
    pub talk: TalkRef,
    /// The slot it started with (time given or taken on its Up next card included).
    pub started_slot_ms: u64,
    /// The slot after any time changes.
    pub slot_ms: u64,
    /// Time given (+) or taken (-) while it ran, each with the talk clock then.
    pub changes: Vec<(u64, i64)>,
    /// The talk clock at the last record about this talk, if any record carried it: the
    /// time it had used when the show stopped, as far as the log knows.
    pub last_talk_ms: Option<u64>,
    /// Warnings already given (and heard): not to be logged or sounded again.
    pub warnings: Vec<Warning>,
    pub time_up: bool,
    pub paused: bool,
    /// Restarted (R) since it started, and not started again: it waits on its Up next
    /// card with a full slot.
    pub restarted: bool,
    /// The slide last shown since it started (1-based, as logged) and its reveal step:
    /// where it comes back.
    pub slide: Option<(usize, usize)>,
}

impl Resume {
    pub(crate) fn from_records(records: &[Record]) -> Resume {
        Resume::from(&Replay::of(records))
    }
}

impl From<&Replay> for Resume {
    fn from(replay: &Replay) -> Resume {
        let current = replay
            .on_stage
            .and_then(|index| replay.talks.get(index)?.run.clone());
        Resume {
            started: replay.started_at.is_some(),
            finished: replay.ended_at.is_some(),
            done: replay.done.iter().map(|(_, done)| done.clone()).collect(),
            current,
        }
    }
}

/// A log on a disk that fills up, for tests: a write past the room left puts what fits and
/// then fails, as a full disk does; raising the room frees space.
#[cfg(test)]
pub(crate) mod full_disk {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[derive(Debug)]
    struct FullDisk {
        file: File,
        room: Rc<Cell<u64>>,
        cut_fails: bool,
    }

    impl Sink for FullDisk {
        fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
            let room = usize::try_from(self.room.get()).unwrap_or(usize::MAX);
            let fits = bytes.len().min(room);
            self.file.write_all(&bytes[..fits])?;
            self.room.set(self.room.get() - fits as u64);
            if fits < bytes.len() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            self.file.sync_data()
        }

        fn length(&mut self) -> std::io::Result<u64> {
            self.file.length()
        }

        fn cut(&mut self, length: u64) -> std::io::Result<()> {
            if self.cut_fails {
                return Err(std::io::Error::other("cannot cut"));
            }
            let freed = self.file.length()?.saturating_sub(length);
            self.room.set(self.room.get().saturating_add(freed));
            self.file.cut(length)
        }
    }

    /// A new log at `path` on a disk with `room` bytes left; `cut_fails`: a failed write
    /// cannot even be undone.
    pub(crate) fn log(path: &Path, room: Rc<Cell<u64>>, cut_fails: bool) -> SessionLog {
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .expect("log file");
        SessionLog {
            path: path.to_path_buf(),
            sink: Box::new(FullDisk {
                file,
                room,
                cut_fails,
            }),
            mid_line: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A talk as logs before titles and decks were recorded name it.
    fn talk(position: usize, speaker: &str) -> TalkRef {
        TalkRef {
            position,
            speaker: speaker.to_string(),
            title: None,
            deck: None,
        }
    }

    fn titled(position: usize, speaker: &str, title: &str, deck: Option<&str>) -> TalkRef {
        TalkRef {
            title: Some(title.to_string()),
            deck: deck.map(str::to_string),
            ..talk(position, speaker)
        }
    }

    /// The talks done, by their places.
    fn done_places(resume: &Resume) -> Vec<TalkRef> {
        resume.done.iter().map(|done| done.talk.clone()).collect()
    }

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_740_823_200 + seconds)
    }

    fn record(seconds: u64, talk_ms: Option<u64>, event: Event) -> Record {
        Record::new(at(seconds), talk_ms, event)
    }

    /// Two talks: Ada finished, Dustin mid-talk past the wrap-up warning and paused.
    fn mid_session() -> Vec<Record> {
        vec![
            record(
                0,
                None,
                Event::SessionStarted {
                    title: "Day 1".into(),
                    talks: 3,
                },
            ),
            record(
                5,
                Some(0),
                Event::TalkStarted {
                    talk: titled(1, "Ada", "Twenty slides", None),
                    slot_ms: 300_000,
                },
            ),
            record(
                290,
                Some(285_000),
                Event::TalkEnded {
                    talk: talk(1, "Ada"),
                    used_ms: 285_000,
                    overtime_ms: 0,
                    early: true,
                },
            ),
            record(
                300,
                Some(0),
                Event::TalkStarted {
                    talk: titled(2, "Dustin Kang", "Kafka로 실시간 데이터 처리", None),
                    slot_ms: 300_000,
                },
            ),
            record(
                330,
                Some(30_000),
                Event::TimeChanged {
                    talk: talk(2, "Dustin Kang"),
                    delta_ms: 30_000,
                    slot_ms: 330_000,
                },
            ),
            record(
                570,
                Some(270_000),
                Event::Warning {
                    talk: talk(2, "Dustin Kang"),
                    which: Warning::WrapUp,
                    remaining_ms: 60_000,
                },
            ),
            record(
                580,
                Some(280_000),
                Event::Paused {
                    talk: talk(2, "Dustin Kang"),
                },
            ),
        ]
    }

    fn as_log(records: &[Record]) -> String {
        records
            .iter()
            .map(|record| serde_json::to_string(record).unwrap() + "\n")
            .collect()
    }

    #[test]
    fn records_read_as_people_and_machines_expect() {
        let line = serde_json::to_string(&record(
            1,
            Some(1_500),
            Event::Warning {
                talk: talk(2, "Ada"),
                which: Warning::Final,
                remaining_ms: 30_000,
            },
        ))
        .unwrap();
        assert_eq!(
            line,
            r#"{"at":"2025-03-01T10:00:01.000Z","talk_ms":1500,"event":"warning","position":2,"speaker":"Ada","which":"final","remaining_ms":30000}"#
        );
    }

    #[test]
    fn a_torn_last_line_loses_only_itself() {
        let mut log = as_log(&mid_session());
        log.push_str(r#"{"at":"2025-03-01T10:09:50.000Z","event":"resu"#);
        let (records, errors) = read_log(&log);
        assert_eq!(records, mid_session());
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].torn), (8, true));
    }

    #[test]
    fn a_bad_line_in_the_middle_is_reported_not_torn() {
        let mut lines: Vec<String> = as_log(&mid_session()).lines().map(String::from).collect();
        lines.insert(2, "not json".to_string());
        let (records, errors) = read_log(&(lines.join("\n") + "\n"));
        assert_eq!(records.len(), 7);
        assert_eq!(
            (errors[0].line, errors[0].column, errors[0].torn),
            (3, 2, false)
        );
    }

    #[test]
    fn resumes_mid_talk_with_what_was_already_logged() {
        let resume = Resume::from_records(&mid_session());
        assert!(resume.started && !resume.finished);
        assert_eq!(
            resume.done,
            vec![DoneTalk {
                talk: talk(1, "Ada"),
                how: Done::Given {
                    used_ms: 285_000,
                    overtime_ms: 0,
                    early: true
                }
            }]
        );
        assert_eq!(
            resume.current,
            Some(CurrentTalk {
                talk: titled(2, "Dustin Kang", "Kafka로 실시간 데이터 처리", None),
                started_slot_ms: 300_000,
                slot_ms: 330_000,
                changes: vec![(30_000, 30_000)],
                last_talk_ms: Some(280_000),
                warnings: vec![Warning::WrapUp],
                time_up: false,
                paused: true,
                restarted: false,
                slide: None,
            })
        );
    }

    #[test]
    fn a_logged_talk_is_found_at_its_place_then_by_what_it_is() {
        let same = |position, deck| titled(position, "Ada", "Same", Some(deck));
        let lineup = [
            same(1, "2.md"),
            same(2, "1.md"),
            titled(3, "Bo", "Two", None),
            same(4, "3.md"),
        ];
        // Four talks alike but for their decks (one named twice): each at its place.
        let logged = [same(2, "1.md"), same(1, "2.md"), same(4, "3.md")];
        let logged: Vec<&TalkRef> = logged.iter().collect();
        assert_eq!(find_talks(&logged, &lineup), [Some(1), Some(0), Some(3)]);
        // A deck the log names where another is now: found by its deck elsewhere.
        let moved = [same(1, "1.md"), same(2, "2.md")];
        let moved: Vec<&TalkRef> = moved.iter().collect();
        assert_eq!(find_talks(&moved, &lineup), [Some(1), Some(0)]);
        // A log from before titles and decks, and one whose title was corrected since:
        // by place and speaker, then by speaker, one to one; a speaker gone is not found.
        let old = [
            talk(3, "Bo"),
            titled(2, "Ada", "Sam", None),
            talk(9, "Ada"),
            talk(1, "Cy"),
        ];
        let old: Vec<&TalkRef> = old.iter().collect();
        assert_eq!(find_talks(&old, &lineup), [Some(2), Some(1), Some(0), None]);
    }

    #[test]
    fn a_restarted_talk_forgets_its_warnings() {
        let mut records = mid_session();
        records.push(record(
            600,
            Some(0),
            Event::TalkRestarted {
                talk: talk(2, "Dustin Kang"),
            },
        ));
        let current = Resume::from_records(&records).current.unwrap();
        assert_eq!(
            (current.warnings.len(), current.paused, current.last_talk_ms),
            (0, false, Some(0))
        );
        assert!(current.restarted && current.changes.is_empty());
    }

    #[test]
    fn panel_moves_read_back_and_shift_the_places_resume_knows() {
        let moved = record(
            600,
            None,
            Event::TalkMoved {
                talk: talk(1, "Ada"),
                to: 3,
            },
        );
        let line = serde_json::to_string(&moved).unwrap();
        assert_eq!(
            line,
            r#"{"at":"2025-03-01T10:10:00.000Z","event":"talk_moved","position":1,"speaker":"Ada","to":3}"#
        );
        assert_eq!(read_log(&(line + "\n")), (vec![moved.clone()], vec![]));

        // Ada (given, at 1) cannot really move, but Cy at 3 sent to 1 pushes Ada and the
        // paused Dustin one place down.
        let mut records = mid_session();
        records.push(record(
            600,
            None,
            Event::TalkMoved {
                talk: talk(3, "Cy"),
                to: 1,
            },
        ));
        let resume = Resume::from_records(&records);
        assert_eq!(done_places(&resume), vec![talk(2, "Ada")]);
        assert_eq!(resume.current.as_ref().map(|c| c.talk.position), Some(3));

        // A skipped talk moved (made next) is to come again.
        let mut records = mid_session()[..3].to_vec();
        records.push(record(
            601,
            None,
            Event::TalkSkipped {
                talk: talk(3, "Bo"),
            },
        ));
        records.push(record(
            602,
            None,
            Event::TalkMoved {
                talk: talk(3, "Bo"),
                to: 2,
            },
        ));
        let resume = Resume::from_records(&records);
        assert_eq!(done_places(&resume), vec![talk(1, "Ada")]);
    }

    #[test]
    fn a_moved_talk_shifts_those_between() {
        let moved = talk(2, "Bo");
        let place = |p: usize, to: usize| talk(p, "X").place_after_move(&moved, to);
        assert_eq!(
            (place(1, 4), place(3, 4), place(4, 4), place(5, 4)),
            (1, 2, 3, 5)
        );
        assert_eq!(moved.place_after_move(&moved, 4), 4);
        let back = talk(4, "Bo");
        let place = |p: usize| talk(p, "X").place_after_move(&back, 1);
        assert_eq!((place(1), place(3), place(5)), (2, 4, 5));
    }

    #[test]
    fn between_talks_there_is_nothing_on_stage() {
        let resume = Resume::from_records(&mid_session()[..3]);
        assert_eq!(resume.current, None);
        assert_eq!(done_places(&resume), vec![talk(1, "Ada")]);
    }

    #[test]
    fn a_finished_session_has_nothing_to_resume() {
        let mut records = mid_session();
        records.push(record(
            700,
            Some(400_000),
            Event::TalkSkipped {
                talk: talk(3, "Bo"),
            },
        ));
        records.push(record(
            701,
            None,
            Event::SessionEnded {
                given: 1,
                skipped: 1,
            },
        ));
        let resume = Resume::from_records(&records);
        assert!(resume.finished);
        assert_eq!(resume.current, None);
        assert_eq!(done_places(&resume), vec![talk(1, "Ada"), talk(3, "Bo")]);
    }

    #[test]
    fn only_the_last_session_counts() {
        let mut records = mid_session();
        records.push(record(
            701,
            None,
            Event::SessionEnded {
                given: 1,
                skipped: 0,
            },
        ));
        records.push(record(
            800,
            None,
            Event::SessionStarted {
                title: "Day 2".into(),
                talks: 2,
            },
        ));
        let resume = Resume::from_records(&records);
        assert!(resume.started && !resume.finished && resume.done.is_empty());
    }

    #[test]
    fn an_empty_log_is_a_new_session() {
        assert_eq!(Resume::from_records(&[]), Resume::default());
        assert_eq!(read_log(""), (vec![], vec![]));
    }

    #[test]
    fn writes_one_synced_line_per_record_and_resumes_after_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.jsonl");
        let records = mid_session();
        {
            let mut log = SessionLog::open_append(&path).unwrap();
            for record in &records[..3] {
                log.write(record).unwrap();
            }
        }
        // A kill in the middle of the next write.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"at":"2025-03-01T10:05:00.000Z","ev"#)
            .unwrap();
        drop(file);
        let mut log = SessionLog::open_append(&path).unwrap();
        let written = log
            .write_event(at(300), Some(0), records[3].event.clone())
            .unwrap();
        assert_eq!(written, records[3]);
        let (read, errors) = read_log(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(read, records[..4].to_vec());
        assert_eq!(
            (errors.len(), errors[0].line, errors[0].torn),
            (1, 4, false)
        );
    }

    #[test]
    fn a_fresh_log_sets_the_old_one_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.jsonl");
        let old = as_log(&mid_session());
        std::fs::write(&path, &old).unwrap();
        let (mut log, aside) = SessionLog::create_fresh(&path, at(0)).unwrap();
        let aside = aside.unwrap();
        assert_eq!(aside, dir.path().join("session.20250301T100000Z.jsonl"));
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), old);
        log.write(&mid_session()[0]).unwrap();
        // A second fresh start in the same second keeps both older logs.
        let (_, second) = SessionLog::create_fresh(&path, at(0)).unwrap();
        assert_eq!(
            second,
            Some(dir.path().join("session.20250301T100000Z-2.jsonl"))
        );
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), old);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    }

    #[test]
    fn a_log_in_a_missing_folder_is_an_error_to_show() {
        let dir = tempfile::tempdir().unwrap();
        let error = SessionLog::open_append(&dir.path().join("no/such/session.jsonl")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cannot open the session log "),
            "{error}"
        );
    }

    #[test]
    fn a_folder_a_deck_or_the_lineup_is_never_taken_for_a_log() {
        let dir = tempfile::tempdir().unwrap();
        let talks = dir.path().join("talks");
        std::fs::create_dir(&talks).unwrap();
        let deck = talks.join("deck.md");
        std::fs::write(&deck, "# Ada\n\nslides\n").unwrap();
        let lineup = talks.join("lineup.toml");
        std::fs::write(&lineup, "title = \"Day 1\"\n").unwrap();
        let refused = |result: Result<(), SessionLogError>, why: &str| match result {
            Err(error @ SessionLogError::NotALog { .. }) => {
                assert!(error.to_string().contains(why), "{error}");
            }
            other => panic!("not refused: {other:?}"),
        };
        for path in [&talks, &deck, &lineup] {
            let why = if path == &talks {
                "a folder"
            } else {
                "not a session log record"
            };
            refused(SessionLog::create_fresh(path, at(0)).map(|_| ()), why);
            refused(SessionLog::open_append(path).map(|_| ()), why);
            refused(read_existing(path).map(|_| ()), why);
        }
        // All where they were, as they were, and nothing set aside beside them.
        assert_eq!(std::fs::read_to_string(&deck).unwrap(), "# Ada\n\nslides\n");
        assert_eq!(
            std::fs::read_to_string(&lineup).unwrap(),
            "title = \"Day 1\"\n"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(&talks).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("session.jsonl");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let error = SessionLog::open_append(&pipe).unwrap_err();
        assert!(error.to_string().contains("a named pipe"), "{error}");
    }

    #[test]
    fn an_empty_file_a_log_and_a_log_torn_in_its_first_line_are_logs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.jsonl");
        assert_eq!(read_existing(&path).unwrap(), None);
        std::fs::write(&path, "").unwrap();
        assert_eq!(read_existing(&path).unwrap().as_deref(), Some(""));
        let log = as_log(&mid_session()[..2]);
        std::fs::write(&path, &log).unwrap();
        assert_eq!(read_existing(&path).unwrap(), Some(log.clone()));
        // Killed in the middle of the first record, even its first bytes.
        for torn in [r#"{"at":"2025-03-01T1"#, r#"{"a"#] {
            std::fs::write(&path, torn).unwrap();
            assert!(read_existing(&path).is_ok(), "{torn}");
            std::fs::write(&path, format!("{torn}\n{log}")).unwrap();
            assert!(read_existing(&path).is_ok(), "{torn}");
        }
        // A record cut in the middle of a character loses that line only.
        let mut bytes = log.clone().into_bytes();
        bytes.extend_from_slice(&"{\"at\":\"김".as_bytes()[..8]);
        std::fs::write(&path, &bytes).unwrap();
        let text = read_existing(&path).unwrap().unwrap();
        assert_eq!(read_log(&text).0, mid_session()[..2].to_vec());
        // A blank first line is nothing gong writes.
        std::fs::write(&path, format!("\n{log}")).unwrap();
        assert!(read_existing(&path).is_err());
    }

    #[test]
    fn a_full_disk_never_glues_records_together() {
        use std::cell::Cell;
        use std::rc::Rc;
        let records = mid_session();
        for cut_fails in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("session.jsonl");
            let room = Rc::new(Cell::new(u64::MAX));
            let mut log = full_disk::log(&path, room.clone(), cut_fails);
            log.write(&records[0]).unwrap();
            log.write(&records[1]).unwrap();
            // The disk fills in the middle of a record, then has no room at all.
            room.set(40);
            assert!(log.write(&records[2]).is_err());
            room.set(0);
            assert!(log.write(&records[3]).is_err());
            // Space comes back.
            room.set(u64::MAX);
            log.write(&records[4]).unwrap();
            log.write(&records[5]).unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            let (read, errors) = read_log(&text);
            assert_eq!(
                read,
                [&records[..2], &records[4..6]].concat(),
                "cut_fails: {cut_fails}\n{text}"
            );
            if cut_fails {
                // Only the fragment is lost, on a line of its own, and said so.
                assert_eq!(errors.len(), 1, "{errors:?}");
                assert_eq!((errors[0].line, errors[0].torn), (3, false));
                assert!(
                    errors[0].to_string().starts_with("line 3, column "),
                    "{}",
                    errors[0]
                );
            } else {
                assert_eq!(errors, vec![], "{text}");
            }
        }
    }

    #[test]
    fn a_skipped_line_says_where_and_why() {
        let mut log = as_log(&mid_session()[..2]);
        log.push_str("{\"at\":\"x\"}{\"at\"\n");
        log.push_str(r#"{"at":"2025-03-01T10:09:50.000Z","event":"resu"#);
        let (_, errors) = read_log(&log);
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            said[0].starts_with("line 3, column ") && said[0].contains("skipped, not a record"),
            "{said:?}"
        );
        assert_eq!(
            said[1],
            "line 4: skipped, cut short (the show stopped in the middle of writing it)"
        );
    }
}
