//! `gong add LINEUP --speaker … --title … [--deck …]`: a late signup appended to the
//! organiser's lineup file. The file is theirs, so the edit keeps every comment and blank
//! line (toml_edit edits the document, it does not re-serialise data), and it lands
//! atomically (a temporary file in the same folder renamed over the old one), so a running
//! show watching the file never reads half of it. Owns only this edit; what makes a valid
//! lineup beyond TOML syntax is `lineup`'s, and noticing the change is `watch`'s.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

#[derive(Debug, thiserror::Error)]
pub enum SignupError {
    #[error("cannot read the lineup {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
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

/// Appends a `[[talk]]` with this speaker, title and (optionally) deck to the lineup at
/// `path`. A file that does not parse is refused and left untouched.
pub fn append_talk(
    path: &Path,
    speaker: &str,
    title: &str,
    deck: Option<&str>,
) -> Result<(), SignupError> {
    let source = std::fs::read_to_string(path).map_err(|source| SignupError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let edited = with_talk(&source, speaker, title, deck).map_err(|refusal| match refusal {
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
    })?;
    replace(path, &edited).map_err(|source| SignupError::Write {
        path: path.to_path_buf(),
        source,
    })
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
    let mut document: DocumentMut = source.parse().map_err(|error: toml_edit::TomlError| {
        let (line, column) = line_column(source, error.span().map_or(0, |span| span.start));
        Refusal::Parse {
            line,
            column,
            message: error.message().to_string(),
        }
    })?;

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

/// 1-based line and column (in characters) of a byte offset.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Writes `text` to a temporary file beside `path`, syncs it, and renames it over `path`,
/// keeping the file's permissions; then syncs the folder so the rename itself survives a
/// power cut.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    std::fs::set_permissions(temporary.path(), permissions)?;
    temporary.persist(path).map_err(|error| error.error)?;
    // Not every platform can open a folder to sync it; the file itself is already safe.
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(())
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
    fn line_and_column_count_characters() {
        assert_eq!(line_column("ab\n가나다x", 3 + 9), (2, 4));
        assert_eq!(line_column("abc", 0), (1, 1));
    }

    #[test]
    fn the_file_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, LINEUP).unwrap();
        append_talk(&path, "김민지", "발표", None).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(LINEUP) && text.ends_with("speaker = \"김민지\"\ntitle = \"발표\"\n")
        );
        // Only the lineup is left in the folder: no temporary file behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
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

    #[test]
    fn a_missing_lineup_is_an_error_not_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        assert!(matches!(
            append_talk(&path, "Bo", "Late", None),
            Err(SignupError::Read { .. })
        ));
        assert!(!path.exists());
    }
}
