//! `gong add LINEUP --speaker … --title … [--deck …]`: a late signup appended to the
//! organiser's lineup file; and the lineup panel's new order written back to it, so the
//! file stays the organiser's one source of truth (a restarted show reads that order). The file is theirs, so the edit keeps every comment and blank
//! line (toml_edit edits the document, it does not re-serialise data), and it lands
//! atomically (a temporary file in the same folder renamed over the old one), so a running
//! show watching the file never reads half of it. Every gong writer of a lineup holds its
//! lock (`LineupLock`) from reading the file to replacing it, so edits made at the same
//! moment are made one after the other and none is lost. Owns only this edit; what makes a
//! valid lineup beyond TOML syntax is `lineup`'s, and noticing the change is `watch`'s.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::deck::source::{SourceError, read_source};
use crate::diagnostic::{Position, position_of};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

/// How long `gong add` waits for another writer of the same lineup: far longer than a
/// write takes (milliseconds), short enough that a stuck writer is said, not hung on.
pub(crate) const ADD_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub(crate) enum SignupError {
    // The reader's message names the file already.
    #[error("{reason}")]
    Read { reason: SourceError },
    #[error("cannot lock the lineup {} (with {}): {source}", path.display(), lock.display())]
    Lock {
        path: PathBuf,
        lock: PathBuf,
        source: std::io::Error,
    },
    /// Another writer held the lineup's lock for all the time this one could wait.
    #[error("the lineup {} is being written by another gong (still after {waited:?}); nothing was changed, try again", path.display())]
    Busy { path: PathBuf, waited: Duration },
    #[error("{}:{line}:{column}: {message} (the lineup was left as it is)", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: `talk` is not a list of [[talk]] tables (the lineup was left as it is)", path.display())]
    NotTalks { path: PathBuf },
    #[error("the {field} of a talk cannot be empty")]
    Empty { field: &'static str },
    #[error("cannot write the lineup {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The advisory lock every gong writer of one lineup holds while it reads, edits and
/// replaces the file. Without it two `gong add`s at once both read the old text and each
/// renamed its own edit over the other's: both said "added", one signup was gone.
///
/// It is a file of its own beside the lineup (`.lineup.toml.lock`): the lineup is replaced
/// by a rename at every write, so a lock on it would be on a file already gone. The lock
/// file stays: removing it would let a writer still waiting on the old one and a newcomer
/// locking a new one go ahead together. Editors do not take it; an edit saved by hand at
/// the same instant is the organiser's to notice, as with any two programs on one file.
#[derive(Debug)]
pub(crate) struct LineupLock {
    _file: File,
}

/// How long a writer waiting for the lineup's lock sleeps between tries.
const LOCK_NAP: Duration = Duration::from_millis(5);

impl LineupLock {
    /// Takes the lock of the lineup at `path`, waiting up to `wait` for another writer
    /// (`Duration::ZERO`: try once, for a caller that must not wait and tries again later).
    pub(crate) fn acquire(path: &Path, wait: Duration) -> Result<LineupLock, SignupError> {
        let lock = lock_path(path);
        let error = |source| SignupError::Lock {
            path: path.to_path_buf(),
            lock: lock.clone(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock)
            .map_err(error)?;
        // Writes take milliseconds: a short nap between tries is all the wait costs, and
        // counting naps bounds it without reading a clock.
        let naps = wait.as_nanos().div_ceil(LOCK_NAP.as_nanos());
        for nap in 0..=naps {
            if try_lock(&file).map_err(error)? {
                return Ok(LineupLock { _file: file });
            }
            if nap < naps {
                std::thread::sleep(LOCK_NAP);
            }
        }
        Err(SignupError::Busy {
            path: path.to_path_buf(),
            waited: wait,
        })
    }
}

/// `talks/lineup.toml` → `talks/.lineup.toml.lock`.
fn lock_path(lineup: &Path) -> PathBuf {
    let name = lineup
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lineup".to_string());
    lineup.with_file_name(format!(".{name}.lock"))
}

/// An exclusive `flock` without waiting: `Ok(false)` when another holds it. Released when
/// the file is closed, so a writer killed mid-edit never leaves the lineup locked.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock takes a descriptor `file` owns and keeps open for the call.
        let result = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if result == 0 {
            return Ok(true);
        }
        let error = std::io::Error::last_os_error();
        match error.raw_os_error() {
            Some(libc::EWOULDBLOCK) => return Ok(false),
            Some(libc::EINTR) => {}
            _ => return Err(error),
        }
    }
}

/// `File::try_lock` comes with Rust 1.89, after this crate's MSRV: elsewhere than Unix,
/// writers are not serialised yet.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

fn read_lineup(path: &Path) -> Result<String, SignupError> {
    read_source(path).map_err(|reason| SignupError::Read { reason })
}

/// Appends a `[[talk]]` with this speaker, title and (optionally) deck to the lineup at
/// `path`, waiting (up to `ADD_WAIT`) for any other writer of it to finish. A file that
/// does not parse is refused and left untouched. Returns warnings for the organiser: a
/// deck that is not there is still added (a late speaker may copy it in after), but said.
pub(crate) fn append_talk(
    path: &Path,
    speaker: &str,
    title: &str,
    deck: Option<&str>,
) -> Result<Vec<String>, SignupError> {
    // Read once before locking: a lineup that is not there is said as such, and no
    // lock file is left beside nothing.
    read_lineup(path)?;
    let _lock = LineupLock::acquire(path, ADD_WAIT)?;
    let source = read_lineup(path)?;
    let edited =
        with_talk(&source, speaker, title, deck).map_err(|refusal| refusal.in_file(path))?;
    replace(path, &edited).map_err(|source| SignupError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    let deck = deck.map(str::trim).filter(|deck| !deck.is_empty());
    Ok(deck
        .and_then(|deck| deck_problem(path, deck, speaker.trim()))
        .into_iter()
        .collect())
}

/// What is wrong with the deck a signup names, found where the show will look for it:
/// beside the lineup.
fn deck_problem(lineup: &Path, deck: &str, speaker: &str) -> Option<String> {
    let resolved = lineup.parent().unwrap_or(Path::new("")).join(deck);
    let problem = match std::fs::metadata(&resolved) {
        Ok(metadata) if metadata.is_file() => return None,
        Ok(_) => "is not a file".to_string(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            "does not exist (yet)".to_string()
        }
        Err(error) => format!("cannot be read ({error})"),
    };
    Some(format!(
        "the deck {} {problem}: {speaker}'s talk is added, and is a title card until the deck is there",
        resolved.display()
    ))
}

/// Puts the lineup's talks in the panel's order and returns the new text. `known` is the
/// text the show's talks came from and `order` its `[[talk]]` tables, by index, in the new
/// order: by index, so talks alike in every word move as the panel moved them. The file
/// may have changed since `known` (a signup between two looks of the show): each table of
/// `known` is found in it by its whole content, else by speaker and title, one to one, and
/// talks the file has besides keep their relative place after the others. Comments and
/// blank lines before a talk move with it. A file that does not parse is refused and left
/// untouched; an order the file already has leaves it untouched too. For the running show:
/// it never waits for another writer, and `SignupError::Busy` means try again shortly.
pub(crate) fn reorder_talks(
    path: &Path,
    known: &str,
    order: &[usize],
) -> Result<String, SignupError> {
    read_lineup(path)?;
    let _lock = LineupLock::acquire(path, Duration::ZERO)?;
    let source = read_lineup(path)?;
    let edited = with_order(&source, known, order).map_err(|refusal| refusal.in_file(path))?;
    if edited != source {
        replace(path, &edited).map_err(|source| SignupError::Write {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(edited)
}

/// What `reorder_talks` would make of `known` itself; `None` where it would refuse it.
/// Lets a caller tell its own write from an edit made meanwhile.
pub(crate) fn reordered_text(known: &str, order: &[usize]) -> Option<String> {
    with_order(known, known, order).ok()
}

/// Why an edit was refused, before any file name is attached.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    Parse {
        line: usize,
        column: usize,
        message: String,
    },
    NotTalks,
    Empty(&'static str),
}

impl Refusal {
    fn in_file(self, path: &Path) -> SignupError {
        match self {
            Refusal::Parse {
                line,
                column,
                message,
            } => SignupError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message,
            },
            Refusal::NotTalks => SignupError::NotTalks {
                path: path.to_path_buf(),
            },
            Refusal::Empty(field) => SignupError::Empty { field },
        }
    }
}

fn parse_document(source: &str) -> Result<DocumentMut, Refusal> {
    source.parse().map_err(|error: toml_edit::TomlError| {
        let Position { line, column } =
            position_of(source, error.span().map_or(0, |span| span.start));
        Refusal::Parse {
            line,
            column,
            message: error.message().to_string(),
        }
    })
}

/// The lineup text with one more talk at the end of its talks. Pure: the file is read and
/// written by `append_talk`.
fn with_talk(
    source: &str,
    speaker: &str,
    title: &str,
    deck: Option<&str>,
) -> Result<String, Refusal> {
    let speaker = speaker.trim();
    let title = title.trim();
    if speaker.is_empty() {
        return Err(Refusal::Empty("speaker"));
    }
    if title.is_empty() {
        return Err(Refusal::Empty("title"));
    }
    let mut document = parse_document(source)?;

    let mut talk = Table::new();
    talk["speaker"] = value(speaker);
    talk["title"] = value(title);
    if let Some(deck) = deck.map(str::trim).filter(|deck| !deck.is_empty()) {
        talk["deck"] = value(deck);
    }
    let talks = document
        .entry("talk")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    talks
        .as_array_of_tables_mut()
        .ok_or(Refusal::NotTalks)?
        .push(talk);
    Ok(document.to_string())
}

/// The talk tables of a lineup text, if it parses and has them.
fn talk_tables(source: &str) -> Option<Vec<Table>> {
    let document = parse_document(source).ok()?;
    let talks = document.get("talk")?.as_array_of_tables()?;
    Some(talks.iter().cloned().collect())
}

/// A talk table's keys and values as written, without comments or spacing: what makes two
/// tables the same talk in every word.
fn content(table: &Table) -> String {
    table
        .iter()
        .map(|(key, item)| {
            let value = match item.as_value() {
                Some(value) => {
                    let mut value = value.clone();
                    value.decor_mut().clear();
                    value.to_string()
                }
                None => item.to_string(),
            };
            format!("{key}={value}\n")
        })
        .collect()
}

fn text_of(table: &Table, key: &str) -> Option<String> {
    table
        .get(key)
        .and_then(Item::as_str)
        .map(|text| text.trim().to_string())
}

/// Where each table of `known` is among `tables`, one to one: by whole content first,
/// then by speaker and title (a talk edited meanwhile).
fn find_tables(known: &[Table], tables: &[Table]) -> Vec<Option<usize>> {
    let whole = |a: &Table, b: &Table| content(a) == content(b);
    let named = |a: &Table, b: &Table| {
        text_of(a, "speaker") == text_of(b, "speaker") && text_of(a, "title") == text_of(b, "title")
    };
    let mut found = vec![None; known.len()];
    let mut taken = vec![false; tables.len()];
    for same in [&whole as &dyn Fn(&Table, &Table) -> bool, &named] {
        for (table, found) in known.iter().zip(found.iter_mut()) {
            if found.is_none() {
                *found = (0..tables.len()).find(|&i| !taken[i] && same(table, &tables[i]));
                if let Some(i) = *found {
                    taken[i] = true;
                }
            }
        }
    }
    found
}

/// The lineup text `source` with its talks in `order` (tables of `known`). Pure: see
/// `reorder_talks`.
fn with_order(source: &str, known: &str, order: &[usize]) -> Result<String, Refusal> {
    let mut document = parse_document(source)?;
    let Some(item) = document.get_mut("talk") else {
        return Ok(source.to_string());
    };
    let talks = item.as_array_of_tables_mut().ok_or(Refusal::NotTalks)?;
    let tables: Vec<Table> = talks.iter().cloned().collect();
    // The document is written out by each table's position: the reordered talks take the
    // places the talks had, so anything between or after them stays where it was.
    let mut places: Vec<Option<isize>> = tables.iter().map(Table::position).collect();
    places.sort();

    let found = find_tables(&talk_tables(known).unwrap_or_default(), &tables);
    let mut sequence: Vec<usize> = order
        .iter()
        .filter_map(|&index| found.get(index).copied().flatten())
        .collect();
    let named = sequence.clone();
    sequence.extend((0..tables.len()).filter(|i| !named.contains(i)));

    // Blank lines before a talk belong to its place in the file, so the spacing stays as
    // the organiser had it; comments above a talk are about it, and move with it.
    let prefixes: Vec<Option<String>> = tables
        .iter()
        .map(|table| {
            table
                .decor()
                .prefix()
                .and_then(|raw| raw.as_str())
                .map(str::to_string)
        })
        .collect();
    talks.clear();
    for (slot, i) in sequence.into_iter().enumerate() {
        let mut table = tables[i].clone();
        table.set_position(places[slot]);
        // A parsed file gives every header its prefix, so none goes missing here.
        let spacing = prefixes[slot]
            .as_deref()
            .map_or("", |prefix| split_prefix(prefix).0);
        let comments = prefixes[i]
            .as_deref()
            .map_or("", |prefix| split_prefix(prefix).1);
        table.decor_mut().set_prefix(format!("{spacing}{comments}"));
        talks.push(table);
    }
    Ok(document.to_string())
}

/// A table header's prefix as (the blank lines it starts with, the rest).
fn split_prefix(prefix: &str) -> (&str, &str) {
    let blank = prefix
        .split_inclusive('\n')
        .take_while(|line| line.ends_with('\n') && line.trim().is_empty())
        .map(str::len)
        .sum();
    prefix.split_at(blank)
}

/// The lineup replaced by `text`, whole or not at all (see `regular_file::write_whole`).
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    crate::regular_file::write_whole(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINEUP: &str = r#"# Day 1 — signups close at noon
title = "Lightning Talks — Day 1"
duration = "5m"   # default slot

[[talk]]
speaker = "Dustin Kang"
title = "Kafka로 실시간 데이터 처리"
deck = "kafka.md"   # relative to this file

# Ada asked to go second.
[[talk]]
speaker = "Ada"
title = "Twenty slides"
format = "ignite"
"#;

    #[test]
    fn appends_after_the_last_talk_keeping_every_comment() {
        let edited = with_talk(LINEUP, "김민지", "Rust로 만든 발표 도구", Some("rust.md")).unwrap();
        let expected = format!(
            "{LINEUP}\n[[talk]]\nspeaker = \"김민지\"\ntitle = \"Rust로 만든 발표 도구\"\ndeck = \"rust.md\"\n"
        );
        assert_eq!(edited, expected);
    }

    #[test]
    fn quotes_and_backslashes_survive_the_round_trip() {
        let title = r#"Why "5 minutes" is enough \o/"#;
        let edited = with_talk(LINEUP, "Chris \"CJ\" Lee", title, None).unwrap();
        let parsed: toml::Table = toml::from_str(&edited).unwrap();
        let talks = parsed["talk"].as_array().unwrap();
        let last = talks[2].as_table().unwrap();
        assert_eq!(last["speaker"].as_str(), Some("Chris \"CJ\" Lee"));
        assert_eq!(last["title"].as_str(), Some(title));
        assert!(!last.contains_key("deck"));
    }

    #[test]
    fn a_lineup_with_no_talks_gets_its_first() {
        let edited = with_talk("title = \"Day 2\"\n", "Ada", "First", None).unwrap();
        assert_eq!(
            edited,
            "title = \"Day 2\"\n\n[[talk]]\nspeaker = \"Ada\"\ntitle = \"First\"\n"
        );
    }

    #[test]
    fn refuses_a_file_that_does_not_parse_with_where() {
        let broken = "title = \"Day 1\"\n\n[[talk]]\nspeaker = \"Ada\ntitle = \"x\"\n";
        let refusal = with_talk(broken, "Bo", "Late", None).unwrap_err();
        assert!(
            matches!(refusal, Refusal::Parse { line: 4, .. }),
            "{refusal:?}"
        );
    }

    #[test]
    fn refuses_talk_that_is_not_a_list_of_tables() {
        assert_eq!(
            with_talk("talk = \"nobody\"\n", "Bo", "Late", None),
            Err(Refusal::NotTalks)
        );
    }

    #[test]
    fn refuses_an_empty_speaker_or_title() {
        assert_eq!(
            with_talk(LINEUP, "  ", "T", None),
            Err(Refusal::Empty("speaker"))
        );
        assert_eq!(
            with_talk(LINEUP, "S", "", None),
            Err(Refusal::Empty("title"))
        );
    }

    #[test]
    fn the_file_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, LINEUP).unwrap();
        assert_eq!(
            append_talk(&path, "김민지", "발표", None).unwrap(),
            Vec::<String>::new()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(LINEUP) && text.ends_with("speaker = \"김민지\"\ntitle = \"발표\"\n")
        );
        // Only the lineup and its lock are left in the folder: no temporary file behind.
        assert_eq!(folder(dir.path()), ["lineup.toml", ".lineup.toml.lock"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            append_talk(&path, "Bo", "Later", None).unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }

        let broken = "title = \"Day 1\"\n[[talk]\n";
        std::fs::write(&path, broken).unwrap();
        let error = append_talk(&path, "Bo", "Late", None).unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains("lineup.toml:2:"), "{shown}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    }

    /// The panel's order of the talks of `source`, in the file as `source` still is.
    fn in_order(source: &str, order: &[usize]) -> String {
        with_order(source, source, order).unwrap()
    }

    #[test]
    fn reorders_talks_and_their_comments_move_with_them() {
        let edited = in_order(LINEUP, &[1, 0]);
        let expected = r#"# Day 1 — signups close at noon
title = "Lightning Talks — Day 1"
duration = "5m"   # default slot

# Ada asked to go second.
[[talk]]
speaker = "Ada"
title = "Twenty slides"
format = "ignite"

[[talk]]
speaker = "Dustin Kang"
title = "Kafka로 실시간 데이터 처리"
deck = "kafka.md"   # relative to this file
"#;
        assert_eq!(edited, expected);
        // And back again: the organiser's text, byte for byte.
        assert_eq!(in_order(&edited, &[1, 0]), LINEUP);
    }

    #[test]
    fn a_file_edited_since_the_show_read_it_keeps_its_edits_and_new_talks_come_last() {
        let known = "[[talk]]\nspeaker = \"Ann\"\ntitle = \"A\"\n\n[[talk]]\nspeaker = \"Bo\"\n\n[[talk]]\nspeaker = \"Cy\"\ntitle = \"C\"\n";
        // Meanwhile: Cy's deck named, a signup added, and a talk the show knew removed
        // (Ann). The panel put Cy first, then Bo (no title in the file), then Ann.
        let source = "[[talk]]\nspeaker = \"Bo\"\n\n[[talk]]\nspeaker = \"Cy\"\ntitle = \"C\"\ndeck = \"c.md\"\n\n[[talk]]\nspeaker = \"김민지\"\ntitle = \"발표\"\n";
        let edited = with_order(source, known, &[2, 1, 0]).unwrap();
        assert_eq!(
            edited,
            "[[talk]]\nspeaker = \"Cy\"\ntitle = \"C\"\ndeck = \"c.md\"\n\n[[talk]]\nspeaker = \"Bo\"\n\n[[talk]]\nspeaker = \"김민지\"\ntitle = \"발표\"\n"
        );
    }

    #[test]
    fn talks_alike_in_every_word_but_their_decks_move_as_the_panel_moved_them() {
        let ada = |deck: &str, comment: &str| {
            format!("{comment}[[talk]]\nspeaker = \"Ada\"\ntitle = \"Same\"\ndeck = \"{deck}\"\n")
        };
        let source = [
            ada("1.md", ""),
            ada("2.md", "\n# second\n"),
            ada("3.md", "\n"),
            ada("1.md", "\n"),
        ]
        .concat();
        // The first sent to the end: the others move up, and the two alike in every word
        // (deck 1 twice) keep their own comments and places.
        let edited = in_order(&source, &[1, 2, 3, 0]);
        let decks: Vec<&str> = edited
            .lines()
            .filter(|line| line.starts_with("deck") || line.starts_with('#'))
            .collect();
        assert_eq!(
            decks,
            [
                "# second",
                "deck = \"2.md\"",
                "deck = \"3.md\"",
                "deck = \"1.md\"",
                "deck = \"1.md\""
            ]
        );
        assert_ne!(edited, source);
        // Two alike in every word swapped: the same text, nothing to write.
        let alike = [ada("1.md", ""), ada("1.md", "\n")].concat();
        assert_eq!(in_order(&alike, &[1, 0]), alike);
    }

    #[test]
    fn a_table_after_the_talks_stays_where_it_was() {
        let source = "[[talk]]\nspeaker = \"Ann\"\ntitle = \"A\"\n\n[[talk]]\nspeaker = \"Bo\"\ntitle = \"B\"\n\n[extra]\nnote = 1\n";
        let edited = in_order(source, &[1, 0]);
        assert_eq!(
            edited,
            "[[talk]]\nspeaker = \"Bo\"\ntitle = \"B\"\n\n[[talk]]\nspeaker = \"Ann\"\ntitle = \"A\"\n\n[extra]\nnote = 1\n"
        );
    }

    #[test]
    fn a_reorder_is_written_whole_and_a_broken_file_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, LINEUP).unwrap();
        let order = [1, 0];
        let written = reorder_talks(&path, LINEUP, &order).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
        let speakers = |text: &str| -> Vec<String> {
            let table: toml::Table = toml::from_str(text).unwrap();
            table["talk"]
                .as_array()
                .unwrap()
                .iter()
                .map(|talk| talk["speaker"].as_str().unwrap().to_string())
                .collect()
        };
        let mut expected = speakers(LINEUP);
        expected.swap(0, 1);
        assert_eq!(speakers(&written), expected);
        assert_ne!(written, LINEUP);
        assert_eq!(folder(dir.path()), ["lineup.toml", ".lineup.toml.lock"]);

        let broken = "title = \"Day 1\"\n[[talk]\nspeaker = \"Ada\"\n";
        std::fs::write(&path, broken).unwrap();
        let error = reorder_talks(&path, LINEUP, &order).unwrap_err();
        assert!(error.to_string().contains("lineup.toml:2:"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
        assert_eq!(reordered_text(broken, &order), None);

        std::fs::write(&path, "talk = \"nobody\"\n").unwrap();
        assert!(matches!(
            reorder_talks(&path, LINEUP, &order),
            Err(SignupError::NotTalks { .. })
        ));
    }

    #[test]
    fn a_missing_lineup_is_an_error_not_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        assert!(matches!(
            append_talk(&path, "Bo", "Late", None),
            Err(SignupError::Read { .. })
        ));
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The names in a folder, the lineup first.
    fn folder(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort_by_key(|name| name.starts_with('.'));
        names
    }

    #[test]
    fn a_writer_waits_as_long_as_it_was_given_then_hears_busy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, LINEUP).unwrap();
        let _held = LineupLock::acquire(&path, Duration::ZERO).unwrap();
        let wait = Duration::from_millis(40);
        let started = std::time::Instant::now();
        let refused = LineupLock::acquire(&path, wait);
        assert!(
            matches!(refused, Err(SignupError::Busy { waited, .. }) if waited == wait),
            "{refused:?}"
        );
        assert!(
            started.elapsed() >= wait,
            "gave up after {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_writer_holding_the_lock_makes_the_show_try_later_and_an_add_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, LINEUP).unwrap();
        let held = LineupLock::acquire(&path, Duration::ZERO).unwrap();
        // The show does not wait: it hears Busy at once and leaves the file alone.
        let order = [1, 0];
        assert!(matches!(
            reorder_talks(&path, LINEUP, &order),
            Err(SignupError::Busy { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), LINEUP);
        // `gong add` waits its turn and goes ahead once the other writer is done.
        let (done, finished) = std::sync::mpsc::channel();
        let adding = path.clone();
        std::thread::spawn(move || {
            let added = append_talk(&adding, "Bo", "Late", None).map_err(|e| e.to_string());
            done.send(added)
        });
        // While the lock is held the add must not get through, however long it is given.
        assert!(
            finished.recv_timeout(Duration::from_millis(300)).is_err(),
            "the add wrote while another writer held the lock"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), LINEUP);
        drop(held);
        let added = finished
            .recv_timeout(ADD_WAIT * 2)
            .expect("the add went ahead");
        assert_eq!(added, Ok(Vec::new()));
        assert!(std::fs::read_to_string(&path).unwrap().contains("\"Bo\""));
        assert!(reorder_talks(&path, LINEUP, &order).is_ok());
    }
}
