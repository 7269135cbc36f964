//! The lineup: the organiser's TOML file of talks in order (or a folder of decks standing
//! in for one). Owns parsing `lineup.toml` into `Lineup`/`Talk` with errors that point at
//! a line and column, and resolving deck paths against the lineup's folder.
//! It does not read decks beyond their front matter, watch files, or know about the show.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::deck::Deck;
use crate::deck::source::{SourceError, read_source};
use crate::diagnostic::{Position, did_you_mean, position_of};
use crate::duration;
use crate::format::Format;
use crate::screens::ScreenChoice;

/// The slot when the file does not say: the classic lightning talk.
pub(crate) const DEFAULT_SLOT: Duration = Duration::from_secs(5 * 60);

/// Wrap-up at 1:00 and final at 0:30: the two cues speakers at meetups are used to
/// (and the colours that go with them: amber, then red).
pub(crate) const DEFAULT_WARNINGS: [Duration; 2] =
    [Duration::from_secs(60), Duration::from_secs(30)];

const LINEUP_KEYS: &[&str] = &[
    "title", "duration", "warnings", "sound", "theme", "screen", "talk",
];
const TALK_KEYS: &[&str] = &["speaker", "title", "deck", "duration", "format", "lang"];

/// A session: the talks in order and the defaults they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineup {
    pub title: Option<String>,
    /// The default slot for every talk.
    pub duration: Duration,
    /// The file sets `duration` itself: the organiser's slot then wins over what a deck's
    /// front matter asks for (5:00 is 5:00 for everyone). Otherwise `duration` is the
    /// built-in default and a deck's own applies.
    pub duration_written: bool,
    /// Time left at which the clock warns, largest first.
    pub warnings: Vec<Duration>,
    pub sound: bool,
    /// `dark`, `light`, `contrast` or a theme file; `None` leaves it to the deck or the flag.
    pub theme: Option<String>,
    /// The audience's screen (`screen = "HDMI-1"` or `screen = 2`); `--screen` wins.
    pub screen: Option<ScreenChoice>,
    pub talks: Vec<Talk>,
}

/// One speaker's turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Talk {
    pub speaker: String,
    pub title: Option<String>,
    /// After `Lineup::load`, resolved against the lineup's folder. `None`: a title card only.
    pub deck: Option<PathBuf>,
    /// This talk's own slot, overriding the lineup's.
    pub duration: Option<Duration>,
    pub format: Option<Format>,
    /// `lang = "ja"`: the talk's language, over its deck's own `lang:`.
    pub lang: Option<String>,
    /// Where the talk's `deck` (or, without one, the talk itself) is written, so a
    /// diagnostic about the deck can point at the line the organiser has to fix.
    /// `None` for talks that did not come from a file (`Lineup::from_dir`).
    pub position: Option<Position>,
}

#[derive(Debug, thiserror::Error)]
pub enum LineupError {
    // The reader's message already names the file. `reason`, not `source`: printed
    // as a chain, a source would repeat the same words.
    #[error("{reason}")]
    Unreadable { path: PathBuf, reason: SourceError },
    #[error("cannot list the folder {}: {reason}", path.display())]
    Folder {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error("{} holds no Markdown decks (*.md)", path.display())]
    NoDecks { path: PathBuf },
    #[error("{}{line}:{column}: {message}", prefix(path.as_deref()))]
    Syntax {
        path: Option<PathBuf>,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}{line}:{column}: unknown key `{key}`{}", prefix(path.as_deref()), hint(suggestion.as_deref(), expected))]
    UnknownKey {
        path: Option<PathBuf>,
        line: usize,
        column: usize,
        key: String,
        suggestion: Option<String>,
        expected: Vec<String>,
    },
    #[error("{}{line}:{column}: {message}", prefix(path.as_deref()))]
    WrongValue {
        path: Option<PathBuf>,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}{line}:{column}: the lineup has no talks: add a `[[talk]]` with a `speaker`", prefix(path.as_deref()))]
    NoTalks {
        path: Option<PathBuf>,
        line: usize,
        column: usize,
    },
}

fn prefix(path: Option<&Path>) -> String {
    path.map(|path| format!("{}:", path.display()))
        .unwrap_or_default()
}

fn hint(suggestion: Option<&str>, expected: &[String]) -> String {
    match suggestion {
        Some(close) => format!(", did you mean `{close}`?"),
        None if expected.is_empty() => String::new(),
        None => {
            let keys: Vec<String> = expected.iter().map(|key| format!("`{key}`")).collect();
            format!(" (expected one of {})", keys.join(", "))
        }
    }
}

impl LineupError {
    /// Where in the lineup file the problem is, for errors that come from its text.
    pub(crate) fn position(&self) -> Option<Position> {
        match self {
            LineupError::Syntax { line, column, .. }
            | LineupError::UnknownKey { line, column, .. }
            | LineupError::WrongValue { line, column, .. }
            | LineupError::NoTalks { line, column, .. } => Some(Position {
                line: *line,
                column: *column,
            }),
            LineupError::Unreadable { .. }
            | LineupError::Folder { .. }
            | LineupError::NoDecks { .. } => None,
        }
    }

    /// The message without the `path:line:col:` in front, for tools that print the
    /// place themselves (`gong check`).
    pub(crate) fn message(&self) -> String {
        match self {
            LineupError::Syntax { message, .. } | LineupError::WrongValue { message, .. } => {
                message.clone()
            }
            LineupError::UnknownKey {
                key,
                suggestion,
                expected,
                ..
            } => format!(
                "unknown key `{key}`{}",
                hint(suggestion.as_deref(), expected)
            ),
            LineupError::NoTalks { .. } => {
                "the lineup has no talks: add a `[[talk]]` with a `speaker`".to_string()
            }
            LineupError::Unreadable { reason, .. } => reason.to_string(),
            other => other.to_string(),
        }
    }

    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        match &mut self {
            LineupError::Syntax { path, .. }
            | LineupError::UnknownKey { path, .. }
            | LineupError::WrongValue { path, .. }
            | LineupError::NoTalks { path, .. } => *path = Some(file.to_path_buf()),
            LineupError::Unreadable { .. }
            | LineupError::Folder { .. }
            | LineupError::NoDecks { .. } => {}
        }
        self
    }
}

/// The file as written; turned into `Lineup` once defaults and positions are settled.
/// Durations stay text with their places until then, so a slot out of bounds is an
/// error at its own line and column.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineupFile {
    title: Option<String>,
    duration: Option<Spanned<String>>,
    warnings: Option<Vec<Spanned<String>>>,
    sound: Option<bool>,
    theme: Option<String>,
    screen: Option<Spanned<ScreenEntry>>,
    talk: Option<Vec<Spanned<TalkEntry>>>,
}

/// `screen = "HDMI-1"`, `screen = "2"` or `screen = 2`.
#[derive(Deserialize)]
#[serde(untagged)]
enum ScreenEntry {
    Number(i64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TalkEntry {
    speaker: Spanned<String>,
    title: Option<String>,
    deck: Option<Spanned<PathBuf>>,
    duration: Option<Spanned<String>>,
    format: Option<Format>,
    lang: Option<Spanned<String>>,
}

/// A slot, warning or the like as the one bounded parse reads it, or an error where it
/// is written.
fn time_at(source: &str, text: &Spanned<String>) -> Result<Duration, LineupError> {
    duration::parse_slot(text.get_ref())
        .map_err(|error| wrong_value(source, text.span().start, error.to_string()))
}

fn wrong_value(source: &str, offset: usize, message: String) -> LineupError {
    let at = position_of(source, offset);
    LineupError::WrongValue {
        path: None,
        line: at.line,
        column: at.column,
        message,
    }
}

impl Lineup {
    /// Parses the text of a lineup file. Deck paths are left as written.
    pub fn parse(source: &str) -> Result<Lineup, LineupError> {
        let file: LineupFile =
            toml::from_str(source).map_err(|error| from_toml_error(source, &error))?;
        let duration = file
            .duration
            .as_ref()
            .map(|text| time_at(source, text))
            .transpose()?;
        let warnings = match &file.warnings {
            None => DEFAULT_WARNINGS.to_vec(),
            Some(texts) => {
                let warnings = texts
                    .iter()
                    .map(|text| time_at(source, text))
                    .collect::<Result<Vec<Duration>, LineupError>>()?;
                duration::check_warnings(&warnings).map_err(|(index, error)| {
                    let offset = texts.get(index).map_or(0, |text| text.span().start);
                    wrong_value(source, offset, error.to_string())
                })?;
                warnings
            }
        };
        let screen = file
            .screen
            .as_ref()
            .map(|entry| {
                let text = match entry.get_ref() {
                    ScreenEntry::Number(number) => number.to_string(),
                    ScreenEntry::Text(text) => text.clone(),
                };
                text.parse::<ScreenChoice>()
                    .map_err(|error| wrong_value(source, entry.span().start, error.to_string()))
            })
            .transpose()?;
        let entries = match file.talk {
            Some(entries) if !entries.is_empty() => entries,
            _ => {
                let end = position_of(source, source.len());
                return Err(LineupError::NoTalks {
                    path: None,
                    line: end.line,
                    column: end.column,
                });
            }
        };
        let talks = entries
            .into_iter()
            .map(|entry| {
                let talk_start = entry.span().start;
                let entry = entry.into_inner();
                // A talk with no name would be called on stage as nobody.
                if entry.speaker.get_ref().trim().is_empty() {
                    return Err(wrong_value(
                        source,
                        entry.speaker.span().start,
                        "`speaker` is empty: the Up next card calls the speaker by it".to_string(),
                    ));
                }
                let duration = entry
                    .duration
                    .as_ref()
                    .map(|text| time_at(source, text))
                    .transpose()?;
                if let Some(lang) = &entry.lang
                    && let Some(problem) = crate::language::tag_problem(lang.get_ref())
                {
                    return Err(wrong_value(
                        source,
                        lang.span().start,
                        format!("`lang`: {problem}"),
                    ));
                }
                let at = entry
                    .deck
                    .as_ref()
                    .map_or(talk_start, |deck| deck.span().start);
                Ok(Talk {
                    speaker: entry.speaker.into_inner(),
                    title: entry.title,
                    deck: entry.deck.map(Spanned::into_inner),
                    duration,
                    format: entry.format,
                    lang: entry.lang.map(Spanned::into_inner),
                    position: Some(position_of(source, at)),
                })
            })
            .collect::<Result<Vec<Talk>, LineupError>>()?;
        Ok(Lineup {
            title: file.title,
            duration: duration.unwrap_or(DEFAULT_SLOT),
            duration_written: duration.is_some(),
            warnings,
            sound: file.sound.unwrap_or(true),
            theme: file.theme,
            screen,
            talks,
        })
    }

    /// Reads and parses a lineup file, resolving each deck against the file's folder.
    pub(crate) fn load(path: &Path) -> Result<Lineup, LineupError> {
        let source = read_source(path).map_err(|reason| LineupError::Unreadable {
            path: path.to_path_buf(),
            reason,
        })?;
        let mut lineup = Lineup::parse(&source).map_err(|error| error.in_file(path))?;
        let folder = path.parent().unwrap_or(Path::new(""));
        for talk in &mut lineup.talks {
            if let Some(deck) = &talk.deck {
                talk.deck = Some(folder.join(deck));
            }
        }
        Ok(lineup)
    }

    /// A lineup of every `*.md` in a folder, by file name: what `gong run DIR` presents.
    /// The speaker is the deck's front-matter `author`, else the file stem; a deck that
    /// cannot be read still gets its turn (the show turns it into a title card).
    pub(crate) fn from_dir(dir: &Path) -> Result<Lineup, LineupError> {
        let decks = markdown_files(dir).map_err(|reason| LineupError::Folder {
            path: dir.to_path_buf(),
            reason,
        })?;
        if decks.is_empty() {
            return Err(LineupError::NoDecks {
                path: dir.to_path_buf(),
            });
        }
        let talks = decks
            .into_iter()
            .map(|path| {
                let stem = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let front = read_source(&path)
                    .map(|source| Deck::parse(&source).front)
                    .unwrap_or_default();
                Talk {
                    speaker: front.author.unwrap_or(stem),
                    title: front.title,
                    deck: Some(path),
                    duration: None,
                    format: None,
                    lang: None,
                    position: None,
                }
            })
            .collect();
        Ok(Lineup {
            title: None,
            duration: DEFAULT_SLOT,
            duration_written: false,
            warnings: DEFAULT_WARNINGS.to_vec(),
            sound: true,
            theme: None,
            screen: None,
            talks,
        })
    }
}

/// Every regular `*.md` file directly in `dir`, sorted by file name.
pub(crate) fn markdown_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let is_markdown = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("md"));
        if is_markdown && entry.file_type()?.is_file() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

fn from_toml_error(source: &str, error: &toml::de::Error) -> LineupError {
    let at = error
        .span()
        .map_or(Position { line: 1, column: 1 }, |span| {
            position_of(source, span.start)
        });
    let message = error.message().trim().to_string();
    if let Some((key, expected)) = unknown_field(&message) {
        let suggestion =
            did_you_mean(&key, expected.iter().map(String::as_str)).map(str::to_string);
        return LineupError::UnknownKey {
            path: None,
            line: at.line,
            column: at.column,
            suggestion,
            expected,
            key,
        };
    }
    // serde's own wording for a missing field or a wrong type is clear; parse errors from
    // toml start lower-case too, so both read well after `path:line:col:`.
    let is_value_error = message.starts_with("invalid type")
        || message.starts_with("missing field")
        || message.starts_with("unknown variant");
    if is_value_error {
        LineupError::WrongValue {
            path: None,
            line: at.line,
            column: at.column,
            message: reword(&message),
        }
    } else {
        LineupError::Syntax {
            path: None,
            line: at.line,
            column: at.column,
            message: format!("invalid TOML: {message}"),
        }
    }
}

/// serde says "field"; the organiser wrote a "key".
fn reword(message: &str) -> String {
    message.replacen("missing field", "missing key", 1)
}

/// Picks apart serde's "unknown field `x`, expected one of `a`, `b`" (its wording is fixed
/// in serde::de::Error::unknown_field); the known keys come from the message so the
/// suggestion is drawn from the right table (top level or `[[talk]]`).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .filter(|name| LINEUP_KEYS.contains(&name.as_str()) || TALK_KEYS.contains(&name.as_str()))
        .collect();
    Some((key.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const GOOD: &str = r#"title = "Lightning Talks — Day 1"
duration = "5m"
warnings = ["1m", "30s"]
sound = false
theme = "light"

[[talk]]
speaker = "Dustin Kang"
title = "Kafka로 실시간 데이터 처리"
deck = "kafka.md"

[[talk]]
speaker = "Ada"
title = "Twenty slides"
deck = "ignite.md"
format = "ignite"

[[talk]]
speaker = "Late Signup"
duration = "3m"
"#;

    #[test]
    fn a_talk_names_its_language() {
        let lineup = Lineup::parse(
            "[[talk]]\nspeaker = \"Mei\"\nlang = \"zh-TW\"\n[[talk]]\nspeaker = \"Ada\"\n",
        )
        .unwrap();
        let langs: Vec<Option<&str>> = lineup.talks.iter().map(|t| t.lang.as_deref()).collect();
        assert_eq!(langs, [Some("zh-TW"), None]);
    }

    #[test]
    fn reads_a_whole_lineup() {
        let lineup = Lineup::parse(GOOD).unwrap();
        assert_eq!(lineup.title.as_deref(), Some("Lightning Talks — Day 1"));
        assert_eq!(lineup.duration, Duration::from_secs(300));
        assert!(lineup.duration_written);
        assert_eq!(
            lineup.warnings,
            vec![Duration::from_secs(60), Duration::from_secs(30)]
        );
        assert!(!lineup.sound);
        assert_eq!(lineup.theme.as_deref(), Some("light"));
        let speakers: Vec<&str> = lineup.talks.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(speakers, ["Dustin Kang", "Ada", "Late Signup"]);
        assert_eq!(lineup.talks[0].deck, Some(PathBuf::from("kafka.md")));
        assert_eq!(
            lineup.talks[0].position,
            Some(Position {
                line: 10,
                column: 8
            })
        );
        assert_eq!(lineup.talks[1].format, Some(Format::Ignite));
        assert_eq!(lineup.talks[2].deck, None);
        assert_eq!(lineup.talks[2].title, None);
    }

    #[test]
    fn defaults_fill_what_is_not_written() {
        let lineup = Lineup::parse("[[talk]]\nspeaker = \"Ada\"\n").unwrap();
        assert_eq!(lineup.duration, DEFAULT_SLOT);
        assert!(!lineup.duration_written);
        assert_eq!(lineup.warnings, DEFAULT_WARNINGS.to_vec());
        assert!(lineup.sound);
        assert_eq!(lineup.title, None);
    }

    #[rstest]
    #[case::typo_in_talk(
        "[[talk]]\nspeeker = \"Ada\"\n",
        "2:1: unknown key `speeker`, did you mean `speaker`?"
    )]
    #[case::typo_at_top(
        "titel = \"x\"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:1: unknown key `titel`, did you mean `title`?"
    )]
    #[case::plural_table(
        "[[talks]]\nspeaker = \"Ada\"\n",
        "1:3: unknown key `talks`, did you mean `talk`?"
    )]
    #[case::nothing_close(
        "[[talk]]\nspeaker = \"Ada\"\nslides = 20\n",
        "3:1: unknown key `slides` (expected one of `speaker`, `title`, `deck`, `duration`, `format`, `lang`)"
    )]
    #[case::wrong_type(
        "sound = \"yes\"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:9: invalid type: string \"yes\", expected a boolean"
    )]
    #[case::bad_duration(
        "duration = \"5\"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:12: `5` is not a duration: time unit needed, for example 5sec or 5ms (write it like `5m`, `90s` or `4m30s`)"
    )]
    #[case::zero_duration(
        "duration = \"0s\"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:12: `0s` is no time at all: it must be longer than 0s"
    )]
    #[case::huge_duration(
        "[[talk]]\nspeaker = \"Ada\"\nduration = \"18446744073709551615s\"\n",
        "3:12: `18446744073709551615s` is longer than a day: gong counts down at most 24h"
    )]
    #[case::negative_duration(
        "duration = \"-5m\"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:12: `-5m`: a duration cannot be negative"
    )]
    #[case::zero_warning(
        "warnings = [\"1m\", \"0s\"]\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:19: `0s` is no time at all: it must be longer than 0s"
    )]
    #[case::warnings_out_of_order(
        "warnings = [\"5m\", \"6m\"]\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:19: warnings go largest first (wrap-up, then final): 6m is not shorter than 5m"
    )]
    #[case::three_warnings(
        "warnings = [\"2m\", \"1m\", \"30s\"]\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:25: at most 2 warnings (wrap-up, then final), not 3"
    )]
    #[case::screen_zero(
        "screen = 0\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:10: screen 0: screens are numbered from 1 to 64"
    )]
    #[case::screen_far_out(
        "screen = \"1000\"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:10: screen 1000: screens are numbered from 1 to 64"
    )]
    #[case::screen_empty(
        "screen = \" \"\n[[talk]]\nspeaker = \"Ada\"\n",
        "1:10: a screen is a name (such as HDMI-1) or a number from `gong screens`, not nothing"
    )]
    #[case::empty_speaker(
        "[[talk]]\nspeaker = \"\"\n",
        "2:11: `speaker` is empty: the Up next card calls the speaker by it"
    )]
    #[case::blank_speaker(
        "[[talk]]\nspeaker = \"Ada\"\n[[talk]]\nspeaker = \"   \"\n",
        "4:11: `speaker` is empty: the Up next card calls the speaker by it"
    )]
    #[case::bad_format(
        "[[talk]]\nspeaker = \"Ada\"\nformat = \"keynote\"\n",
        "3:10: unknown variant `keynote`, expected one of `free`, `ignite`, `pecha-kucha`, `pechakucha`"
    )]
    #[case::bad_lang(
        "[[talk]]\nspeaker = \"Ada\"\nlang = \"Japanese please\"\n",
        "3:8: `lang`: `Japanese please` is not a language tag (such as ja, zh-TW, zh-Hans, ko, vi or ar)"
    )]
    #[case::missing_speaker("[[talk]]\ntitle = \"Hi\"\n", "1:1: missing key `speaker`")]
    #[case::no_talks(
        "title = \"Empty\"\n",
        "2:1: the lineup has no talks: add a `[[talk]]` with a `speaker`"
    )]
    #[case::empty_file("", "1:1: the lineup has no talks: add a `[[talk]]` with a `speaker`")]
    #[case::broken_toml(
        "title = \"Day 1\n[[talk]]\n",
        "1:15: invalid TOML: invalid basic string, expected `\"`"
    )]
    fn errors_point_at_the_line_and_column(#[case] source: &str, #[case] expected: &str) {
        let error = Lineup::parse(source).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }

    #[test]
    fn korean_text_counts_columns_in_characters() {
        let source = "title = \"한국어 밋업\"\nsound = 1\n[[talk]]\nspeaker = \"김\"\n";
        let error = Lineup::parse(source).unwrap_err();
        assert_eq!(error.position(), Some(Position { line: 2, column: 9 }));
        assert_eq!(
            position_of("가나다\n라", 9),
            Position { line: 1, column: 4 }
        );
        assert_eq!(
            position_of("가나다\n라", 10),
            Position { line: 2, column: 1 }
        );
        assert_eq!(position_of("가", 1), Position { line: 1, column: 1 });
    }

    #[test]
    fn load_resolves_decks_against_the_lineup_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(
            &path,
            "[[talk]]\nspeaker = \"Ada\"\ndeck = \"decks/a.md\"\n",
        )
        .unwrap();
        let lineup = Lineup::load(&path).unwrap();
        assert_eq!(lineup.talks[0].deck, Some(dir.path().join("decks/a.md")));
    }

    #[test]
    fn load_names_the_file_in_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, "[[talk]]\nspeeker = \"Ada\"\n").unwrap();
        let error = Lineup::load(&path).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}:2:1: unknown key `speeker`, did you mean `speaker`?",
                path.display()
            )
        );
        assert_eq!(
            error.message(),
            "unknown key `speeker`, did you mean `speaker`?"
        );
    }

    #[test]
    fn a_folder_becomes_a_lineup_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b-second.md"), "# Two\n").unwrap();
        std::fs::write(
            dir.path().join("a-first.md"),
            "---\nauthor: 강다은\ntitle: First\n---\n# One\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a deck").unwrap();
        let lineup = Lineup::from_dir(dir.path()).unwrap();
        let speakers: Vec<&str> = lineup.talks.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(speakers, ["강다은", "b-second"]);
        assert_eq!(lineup.talks[0].title.as_deref(), Some("First"));
        assert_eq!(lineup.talks[1].deck, Some(dir.path().join("b-second.md")));
    }

    #[test]
    fn an_empty_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = Lineup::from_dir(dir.path()).unwrap_err();
        assert!(matches!(error, LineupError::NoDecks { .. }));
    }

    #[test]
    fn the_audience_screen_by_name_or_number() {
        let talk = "[[talk]]\nspeaker = \"Ada\"\n";
        let screen = |line: &str| Lineup::parse(&format!("{line}{talk}")).unwrap().screen;
        assert_eq!(screen(""), None);
        assert_eq!(screen("screen = 2\n"), Some(ScreenChoice::Number(2)));
        assert_eq!(screen("screen = \"2\"\n"), Some(ScreenChoice::Number(2)));
        assert_eq!(
            screen("screen = \"HDMI-1\"\n"),
            Some(ScreenChoice::Name("HDMI-1".to_string()))
        );
    }
}
