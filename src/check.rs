//! `gong check`: preflight decks and lineups without opening a window, so a broken deck
//! is found the evening before and not on stage. Owns which files a path means, the
//! checks themselves (as passes over a parsed deck) and the report (rustc-style lines or
//! JSON lines). It never draws, never opens a window and never changes a file.
//!
//! Overflow and missing glyphs use the real layout and the bundled fonts' real metrics,
//! measured without a window: what `check` calls clipped is what the show clips.
//! Further checks are more `DeckPass`es: add them with `Checker::with_pass`.
//! A theme file a lineup or deck is shown in gets a report of its own (its text colours'
//! contrast), once per run however many decks use it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::deck::files::DeckFolder;
use crate::deck::source::{MAX_DECK_BYTES, SourceError, read_source};
use crate::deck::{Block, BlockKind, Deck, Finding, Image, Inline, Severity, Slide};
use crate::diagnostic::{Position, position_of};
use crate::duration::{DurationError, fires_within, format_short, parse_slot};
use crate::fonts::FontSet;
use crate::format::Format;
use crate::images::{DecodedImages, ImageError};
use crate::layout::glyphs::deck_han;
use crate::layout::{check_glyphs, slide_overflows};
use crate::lineup::{Lineup, LineupError, Talk, markdown_files};
use crate::regular_file::{io_reason, read_text_limited};
use crate::talk::{Overrides, OwnChoices, ResolvedTalk, Rules, organiser_theme};
use crate::theme::{
    MAX_THEME_BYTES, MIN_TEXT_CONTRAST, Theme, ThemeError, colour_text, key_position, theme_file,
};

/// What a pass may look at besides the deck itself.
pub(crate) struct DeckContext<'a> {
    /// The deck file as the user named it; images resolve against its folder.
    pub path: &'a Path,
    /// The deck's text, for passes that point at a column the model does not keep.
    pub source: &'a str,
    /// The format the deck will be presented in (a lineup talk's, else the deck's own).
    pub format: Format,
    /// Whether `format` came from the lineup rather than the deck's front matter.
    pub format_from_lineup: bool,
    /// The theme the deck is shown in (`talk::Rules::deck_theme`: the organiser's, else
    /// its own, else dark).
    pub theme: &'a Theme,
    /// The lineup talk's `lang`, over the deck's own.
    pub lang: Option<&'a str>,
    /// The talk's slot as the show resolves it (the lineup's, the deck's, the default);
    /// the shortest, when several talks of a lineup present the deck.
    pub slot: Duration,
}

/// One check over a parsed deck. Passes only add findings; they never stop the others.
pub(crate) trait DeckPass {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>);
}

/// All findings about one file: a deck or a lineup.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub path: PathBuf,
    /// Slides that will be shown; `None` for lineups and decks that could not be read.
    pub slides: Option<usize>,
    /// In file order. `line == 0` means the file as a whole (it could not be read).
    pub findings: Vec<Finding>,
    /// For a lineup that parsed, every talk as the show will present it.
    pub talks: Option<Vec<TalkReport>>,
}

/// One talk of a lineup as the show presents it, resolved by the show's own rules
/// (`talk::Rules`).
#[derive(Debug, Clone, PartialEq)]
pub struct TalkReport {
    /// 1-based place in the lineup.
    pub position: usize,
    pub speaker: String,
    pub slot: Duration,
    pub format: Format,
    /// The theme's name as chosen (`dark`, or a file as written).
    pub theme: String,
}

/// Everything `gong check` found, in the order the files were checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CheckReport {
    pub files: Vec<FileReport>,
}

/// Runs the passes over every deck it is given.
pub struct Checker {
    passes: Vec<Box<dyn DeckPass>>,
    /// What the command line says for every talk, as `gong run` would be told.
    overrides: Overrides,
}

impl Default for Checker {
    fn default() -> Self {
        Checker {
            passes: vec![
                Box::new(ParserFindings),
                Box::new(SlideCount),
                Box::new(EmptySlides),
                Box::new(Images),
                Box::new(ThemeChoice),
                Box::new(Overflow),
                Box::new(Glyphs),
                Box::new(CodeLanguages),
                Box::new(Budgets),
            ],
            overrides: Overrides::default(),
        }
    }
}

impl Checker {
    #[cfg(test)]
    /// A checker with no passes at all, for tests of a single pass.
    pub(crate) fn empty() -> Self {
        Checker {
            passes: Vec::new(),
            overrides: Overrides::default(),
        }
    }

    /// Checks as `gong run` with these flags would present the talks. A `--theme` that
    /// cannot be loaded is refused here, as `gong run` refuses it.
    pub(crate) fn with_overrides(mut self, overrides: Overrides) -> Result<Self, ThemeError> {
        organiser_theme(&overrides, None)?;
        self.overrides = overrides;
        Ok(self)
    }

    /// The rules of a deck checked alone, as `gong present` shows it.
    fn alone(&self) -> Rules {
        // The flag's theme was loaded once already (`with_overrides`).
        let theme = organiser_theme(&self.overrides, None).ok().flatten();
        Rules::for_one_deck(&self.overrides, theme)
    }

    #[cfg(test)]
    pub(crate) fn with_pass(mut self, pass: Box<dyn DeckPass>) -> Self {
        self.passes.push(pass);
        self
    }

    /// `gong check PATH…`: a folder means its `lineup.toml` if there is one, else every
    /// `*.md` in it; a `.toml` file is a lineup; anything else is a deck.
    pub(crate) fn check_paths(&self, paths: &[PathBuf]) -> CheckReport {
        let mut report = CheckReport::default();
        let mut themes = ThemeFiles::default();
        let alone = self.alone();
        for path in paths {
            if path.is_dir() {
                self.check_folder(path, &mut report, &mut themes);
            } else if is_lineup(path) {
                report.files.extend(self.lineup_reports(path, &mut themes));
            } else {
                report
                    .files
                    .extend(self.deck_reports(path, None, &alone, &mut themes));
            }
        }
        report
    }

    fn check_folder(&self, dir: &Path, report: &mut CheckReport, themes: &mut ThemeFiles) {
        let lineup = dir.join("lineup.toml");
        if lineup.is_file() {
            report.files.extend(self.lineup_reports(&lineup, themes));
            return;
        }
        match markdown_files(dir) {
            Ok(decks) if decks.is_empty() => report.files.push(whole_file_error(
                dir,
                "no lineup.toml and no Markdown decks (*.md) in this folder".to_string(),
            )),
            Ok(decks) => {
                let alone = self.alone();
                for deck in decks {
                    report
                        .files
                        .extend(self.deck_reports(&deck, None, &alone, themes));
                }
            }
            Err(error) => report.files.push(whole_file_error(
                dir,
                format!("cannot list this folder: {error}"),
            )),
        }
    }

    #[cfg(test)]
    /// The lineup itself, then every deck it names (once per format it is presented in),
    /// and the theme files they are shown in.
    pub(crate) fn check_lineup_file(&self, path: &Path) -> Vec<FileReport> {
        self.lineup_reports(path, &mut ThemeFiles::default())
    }

    fn lineup_reports(&self, path: &Path, themes: &mut ThemeFiles) -> Vec<FileReport> {
        let lineup = match Lineup::load(path) {
            Ok(lineup) => lineup,
            Err(LineupError::Unreadable { reason, .. }) => {
                return vec![FileReport {
                    path: path.to_path_buf(),
                    slides: None,
                    findings: vec![source_finding(&reason)],
                    talks: None,
                }];
            }
            Err(error) => {
                let (line, column) = error
                    .position()
                    .map_or((0, 0), |position| (position.line, position.column));
                return vec![FileReport {
                    path: path.to_path_buf(),
                    slides: None,
                    findings: vec![Finding {
                        line,
                        column,
                        severity: Severity::Error,
                        message: error.message(),
                    }],
                    talks: None,
                }];
            }
        };
        // The lineup parsed, so it reads again; only the places of its values are new.
        let source = read_source(path).unwrap_or_default();
        let folder = path.parent().unwrap_or(Path::new(""));
        let mut lineup_report = FileReport {
            path: path.to_path_buf(),
            slides: None,
            findings: Vec::new(),
            talks: None,
        };
        // The lineup's own theme is reported where it is written (`lineup_findings`);
        // without it the decks are checked in their own, as the show would show them.
        let organiser = organiser_theme(&self.overrides, Some((&lineup, folder)))
            .ok()
            .flatten();
        let mut decks = Vec::new();
        if let Some(theme) = &organiser {
            let base = match self.overrides.theme {
                Some(_) => Path::new("."),
                None => folder,
            };
            decks.extend(themes.report(&theme.name, base));
        }
        let rules = Rules::for_lineup(&lineup, &self.overrides, organiser);
        // Each deck read and parsed once, as the show reads it; its front matter is part
        // of how its talk is resolved.
        let read: Vec<Option<Result<(String, Deck), SourceError>>> = lineup
            .talks
            .iter()
            .map(|talk| {
                talk.deck.as_ref().map(|deck| {
                    read_source(deck).map(|source| {
                        let parsed = Deck::parse_with(&source, &DeckFolder::of(deck));
                        (source, parsed)
                    })
                })
            })
            .collect();
        let resolved: Vec<ResolvedTalk> = lineup
            .talks
            .iter()
            .zip(&read)
            .map(|(talk, read)| {
                let front = match (read, &talk.deck) {
                    (Some(Ok((_, deck))), Some(path)) => Some((&deck.front, deck_folder(path))),
                    _ => None,
                };
                rules.talk(&OwnChoices::of(talk), front)
            })
            .collect();
        let slots: Vec<Duration> = resolved.iter().map(|talk| talk.slot).collect();
        lineup_report
            .findings
            .extend(lineup_findings(&lineup, &source, folder, &slots));
        // Each deck once for each way a talk presents it (format, lang), against the
        // shortest slot of the talks that present it so.
        let mut seen = Vec::new();
        for (talk, read) in lineup.talks.iter().zip(read) {
            let (Some(deck), Some(read)) = (&talk.deck, read) else {
                continue;
            };
            let (line, column) = talk
                .position
                .map_or((0, 0), |position| (position.line, position.column));
            // A deck that cannot be read at all is the lineup's line to fix: it names it.
            let (source, parsed) = match read {
                Ok(read) => read,
                Err(error) => {
                    match unreadable(&error) {
                        Some(reason) => lineup_report.findings.push(Finding {
                            line,
                            column,
                            severity: Severity::Error,
                            message: format!(
                                "the deck of {} ({}) {reason}",
                                talk.speaker,
                                deck.display()
                            ),
                        }),
                        None => decks.push(FileReport {
                            path: deck.clone(),
                            slides: None,
                            findings: vec![source_finding(&error)],
                            talks: None,
                        }),
                    }
                    continue;
                }
            };
            let key = (deck.clone(), talk.format, talk.lang.clone());
            if !seen.contains(&key) {
                let durations: Vec<Option<Duration>> = lineup
                    .talks
                    .iter()
                    .filter(|other| {
                        other.deck.as_ref() == Some(deck)
                            && other.format == talk.format
                            && other.lang == talk.lang
                    })
                    .map(|other| other.duration)
                    .collect();
                decks.extend(self.check_deck_source(
                    deck,
                    &source,
                    &parsed,
                    (talk.format, talk.lang.as_deref(), &durations),
                    &rules,
                    themes,
                ));
                seen.push(key);
            }
        }
        lineup_report
            .findings
            .sort_by_key(|finding| (finding.line, finding.column));
        lineup_report.talks = Some(
            lineup
                .talks
                .iter()
                .zip(resolved)
                .enumerate()
                .map(|(index, (talk, resolved))| TalkReport {
                    position: index + 1,
                    speaker: talk.speaker.clone(),
                    slot: resolved.slot,
                    format: resolved.format,
                    theme: resolved.theme.name,
                })
                .collect(),
        );
        let mut reports = vec![lineup_report];
        reports.extend(decks);
        reports
    }

    /// One deck file. `format` is the lineup talk's, which wins over the front matter.
    pub fn check_deck_file(&self, path: &Path, format: Option<Format>) -> FileReport {
        let alone = self.alone();
        let mut reports = self.deck_reports(path, format, &alone, &mut ThemeFiles::default());
        reports.swap_remove(0)
    }

    /// One deck as `rules` present it (a lineup's, or a deck's alone), then its own theme
    /// file the first time one is used.
    fn deck_reports(
        &self,
        path: &Path,
        format: Option<Format>,
        rules: &Rules,
        themes: &mut ThemeFiles,
    ) -> Vec<FileReport> {
        match read_source(path) {
            Ok(source) => {
                let deck = Deck::parse_with(&source, &DeckFolder::of(path));
                self.check_deck_source(path, &source, &deck, (format, None, &[None]), rules, themes)
            }
            Err(error) => vec![FileReport {
                path: path.to_path_buf(),
                slides: None,
                findings: vec![source_finding(&error)],
                talks: None,
            }],
        }
    }

    /// A deck already read and parsed: its text, then every pass over it. `talk` is its
    /// lineup talk's format and language. Never empty: the deck's own report comes first.
    fn check_deck_source(
        &self,
        path: &Path,
        source: &str,
        deck: &Deck,
        (format, lang, durations): (Option<Format>, Option<&str>, &[Option<Duration>]),
        rules: &Rules,
        themes: &mut ThemeFiles,
    ) -> Vec<FileReport> {
        if source.trim().is_empty() {
            return vec![FileReport {
                path: path.to_path_buf(),
                slides: None,
                findings: vec![Finding {
                    line: 1,
                    column: 1,
                    severity: Severity::Error,
                    message: "the file is empty: there is nothing to show".to_string(),
                }],
                talks: None,
            }];
        }
        // Valid UTF-8 can still be a binary file; a NUL never belongs in Markdown.
        if let Some(offset) = source.find('\0') {
            let at = position_of(source, offset);
            return vec![FileReport {
                path: path.to_path_buf(),
                slides: None,
                findings: vec![Finding {
                    line: at.line,
                    column: at.column,
                    severity: Severity::Error,
                    message: "this looks like a binary file, not Markdown (it holds a NUL byte)"
                        .to_string(),
                }],
                talks: None,
            }];
        }
        let own = OwnChoices {
            format,
            ..OwnChoices::default()
        };
        let resolved = rules.talk(&own, Some((&deck.front, deck_folder(path))));
        let slot = durations
            .iter()
            .map(|duration| rules.slot(*duration, resolved.format, Some(&deck.front)))
            .min()
            .unwrap_or(resolved.slot);
        let context = DeckContext {
            path,
            source,
            format: resolved.format,
            format_from_lineup: format.or(rules.forced_format).is_some(),
            theme: &resolved.theme.theme,
            lang,
            slot,
        };
        let mut reports = vec![FileReport {
            path: path.to_path_buf(),
            slides: Some(deck.shown_slides().count()),
            findings: self.check_deck(deck, &context),
            talks: None,
        }];
        // Shown in the organiser's theme, a deck's own is never seen; one that cannot be
        // loaded is `ThemeChoice`'s to report.
        if let (None, Some(name)) = (&rules.theme, &deck.front.theme)
            && Theme::for_deck(name, deck_folder(path)).is_ok()
        {
            reports.extend(themes.report(name, deck_folder(path)));
        }
        reports
    }

    /// Every pass over one parsed deck, findings in file order.
    pub(crate) fn check_deck(&self, deck: &Deck, context: &DeckContext<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        for pass in &self.passes {
            pass.check(deck, context, &mut findings);
        }
        // Stable: findings on one spot keep the order their passes gave them.
        findings.sort_by_key(|finding| (finding.line, finding.column));
        findings
    }
}

/// Theme files a run has reported on: each once, however many decks use it.
#[derive(Default)]
struct ThemeFiles {
    seen: Vec<PathBuf>,
}

impl ThemeFiles {
    /// The report on the theme file `name` means (from `base`), the first time it is
    /// used; `None` for a built-in theme, one seen before, or one that does not load
    /// (reported where it is named).
    fn report(&mut self, name: &str, base: &Path) -> Option<FileReport> {
        let path = theme_file(name, base).ok().flatten()?;
        let same = path.canonicalize().unwrap_or_else(|_| path.clone());
        if self.seen.contains(&same) {
            return None;
        }
        self.seen.push(same);
        let source = read_text_limited(&path, MAX_THEME_BYTES).ok()?;
        let theme = Theme::from_toml(&source).ok()?;
        Some(FileReport {
            findings: contrast_findings(&theme, &source),
            path,
            slides: None,
            talks: None,
        })
    }
}

/// Text a projector would wash out: every text colour under `MIN_TEXT_CONTRAST` against
/// its ground, placed at the colour's key (or, when the file inherits the colour from its
/// base, at the ground's).
fn contrast_findings(theme: &Theme, source: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = theme
        .low_contrast()
        .into_iter()
        .map(|pair| {
            let (line, column) = key_position(source, pair.colour)
                .or_else(|| key_position(source, pair.ground))
                .or_else(|| key_position(source, "base"))
                .unwrap_or((1, 1));
            // Rounded down: 6.96 shown as 7.0:1 would read as enough.
            let ratio = (pair.ratio * 10.0).floor() / 10.0;
            Finding {
                line,
                column,
                severity: Severity::Warning,
                message: format!(
                    "`{}` ({}) on `{}` ({}) is {ratio:.1}:1; text on a projector needs {}:1",
                    pair.colour,
                    colour_text(pair.text),
                    pair.ground,
                    colour_text(pair.under),
                    MIN_TEXT_CONTRAST
                ),
            }
        })
        .collect();
    findings.sort_by_key(|finding| (finding.line, finding.column));
    findings
}

fn is_lineup(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
}

/// The reader's error, placed where it is (a bad byte) or on the whole file, and worded
/// without the path, which the report line already starts with.
fn source_finding(error: &SourceError) -> Finding {
    match error {
        SourceError::NotUtf8 {
            offset,
            line,
            column,
            ..
        } => Finding {
            line: *line,
            column: *column,
            severity: Severity::Error,
            message: format!("not UTF-8 text: byte {offset} is invalid; save the file as UTF-8"),
        },
        other => Finding {
            line: 0,
            column: 0,
            severity: Severity::Error,
            message: format!("the file {}", unreadable(other).unwrap_or_default()),
        },
    }
}

/// Why a file could not be read at all, worded to follow its name ("is a folder, not a
/// regular file", "is a symbolic-link loop"); `None` when it was read but is not text.
fn unreadable(error: &SourceError) -> Option<String> {
    Some(match error {
        SourceError::Io { source, .. } => io_reason(source),
        SourceError::NotAFile { kind, .. } => format!("is {kind}, not a regular file"),
        SourceError::TooLarge { size, .. } => format!(
            "is {size} bytes; a deck may be at most {} MiB",
            MAX_DECK_BYTES / (1024 * 1024)
        ),
        SourceError::NotUtf8 { .. } => return None,
    })
}

fn whole_file_error(path: &Path, message: String) -> FileReport {
    FileReport {
        path: path.to_path_buf(),
        slides: None,
        findings: vec![Finding {
            line: 0,
            column: 0,
            severity: Severity::Error,
            message,
        }],
        talks: None,
    }
}

impl FileReport {
    pub(crate) fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
    }

    pub(crate) fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Warning)
    }

    /// `path:line:col: error: message`, one per finding, as rustc and editors expect.
    pub(crate) fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.findings.iter().map(|finding| {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let place = if finding.line == 0 {
                String::new()
            } else {
                format!("{}:{}:", finding.line, finding.column)
            };
            format!(
                "{}:{place} {severity}: {}",
                self.path.display(),
                finding.message
            )
        })
    }

    /// `{"path","slides","errors":[…],"warnings":[…]}` with `{line, column, message}` items;
    /// a lineup's also `"talks":[{position, speaker, slot_ms, format, theme}]`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let items = |findings: Vec<&Finding>| -> Vec<serde_json::Value> {
            findings
                .into_iter()
                .map(|finding| {
                    serde_json::json!({
                        "line": finding.line,
                        "column": finding.column,
                        "message": finding.message,
                    })
                })
                .collect()
        };
        let mut json = serde_json::json!({
            "path": self.path.display().to_string(),
            "slides": self.slides,
            "errors": items(self.errors().collect()),
            "warnings": items(self.warnings().collect()),
        });
        if let Some(talks) = &self.talks {
            json["talks"] = talks
                .iter()
                .map(|talk| {
                    serde_json::json!({
                        "position": talk.position,
                        "speaker": talk.speaker,
                        "slot_ms": u64::try_from(talk.slot.as_millis()).unwrap_or(u64::MAX),
                        "format": talk.format.name(),
                        "theme": talk.theme,
                    })
                })
                .collect();
        }
        json
    }
}

impl CheckReport {
    pub(crate) fn error_count(&self) -> usize {
        self.files.iter().map(|file| file.errors().count()).sum()
    }

    pub(crate) fn warning_count(&self) -> usize {
        self.files.iter().map(|file| file.warnings().count()).sum()
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// `checked 4 files: 0 errors, 2 warnings`.
    pub(crate) fn summary(&self) -> String {
        format!(
            "checked {}: {}, {}",
            plural(self.files.len(), "file"),
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }

    /// Every finding as a line, then the summary.
    pub(crate) fn to_text(&self) -> String {
        let mut text = String::new();
        for line in self.files.iter().flat_map(FileReport::lines) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str(&self.summary());
        text.push('\n');
        text
    }

    /// One JSON object per file, one per line.
    pub(crate) fn to_json_lines(&self) -> String {
        self.files
            .iter()
            .map(|file| format!("{}\n", file.to_json()))
            .collect()
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// What the parser noticed (unknown front-matter keys, unknown comment commands…).
pub(crate) struct ParserFindings;

impl DeckPass for ParserFindings {
    fn check(&self, deck: &Deck, _context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        findings.extend(deck.findings.iter().cloned());
    }
}

/// Ignite and Pecha Kucha are 20 slides by their rules; the clock advances them, so a
/// 19th slide would be shown for 30 s or the talk would end early.
pub(crate) struct SlideCount;

impl DeckPass for SlideCount {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let shown = deck.shown_slides().count();
        // A deck the parser already found broken (say, front matter never closed) has
        // no slides because of that error; saying so again is noise.
        let already_broken = deck
            .findings
            .iter()
            .any(|finding| finding.severity == Severity::Error);
        if shown == 0 && already_broken {
            return;
        }
        if shown == 0 {
            findings.push(Finding {
                line: 1,
                column: 1,
                severity: Severity::Error,
                message: "the deck has no slides".to_string(),
            });
            return;
        }
        let Some((wanted, each)) = context.format.auto_advance() else {
            return;
        };
        if shown != wanted {
            let whose = if context.format_from_lineup {
                "the lineup presents this deck as"
            } else {
                "this deck's format is"
            };
            findings.push(Finding {
                line: 1,
                column: 1,
                severity: Severity::Warning,
                message: format!(
                    "{whose} {}: {wanted} slides of {}s each, but it shows {shown}",
                    context.format.name(),
                    each.as_secs()
                ),
            });
        }
    }
}

/// Slides' own `time:` budgets that add up to more than the slot: the rehearsal's pacing
/// would say "behind" from the first slide it passed, and the slides without a budget
/// would get no time at all (`rehearsal::budgets`).
pub(crate) struct Budgets;

impl DeckPass for Budgets {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let mut given = Duration::ZERO;
        let mut without = 0;
        let mut over_at = None;
        for slide in deck.shown_slides() {
            match slide.time_budget {
                Some(budget) => {
                    given += budget;
                    if given > context.slot && over_at.is_none() {
                        over_at = Some(slide.line);
                    }
                }
                None => without += 1,
            }
        }
        let Some(line) = over_at else {
            return;
        };
        let rest = match without {
            0 => String::new(),
            1 => ": the slide without one gets no time".to_string(),
            n => format!(": the {n} slides without one get no time"),
        };
        findings.push(Finding {
            line,
            column: 1,
            severity: Severity::Warning,
            message: format!(
                "the slides' own `time:` budgets add up to {}, more than the {} slot{rest}",
                format_short(given),
                format_short(context.slot)
            ),
        });
    }
}

/// A slide with nothing the audience can see is almost always a stray `---`.
pub(crate) struct EmptySlides;

impl DeckPass for EmptySlides {
    fn check(&self, deck: &Deck, _context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        for (index, slide) in deck.shown_slides().enumerate() {
            if !slide
                .blocks
                .iter()
                .any(|block| shows_something(&block.kind))
            {
                findings.push(Finding {
                    line: slide.line.max(1),
                    column: 1,
                    severity: Severity::Warning,
                    message: format!("slide {} has nothing on it (a stray `---`?)", index + 1),
                });
            }
        }
    }
}

fn shows_something(kind: &BlockKind) -> bool {
    !matches!(
        kind,
        BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout
    )
}

/// Every local image must be a picture the show can draw: a PNG or JPEG next to the deck,
/// within the show's limits, decoding to the end. The show never fetches anything, and
/// `crate::images` is the one judge of a file, so `check` and the stage cannot disagree.
pub(crate) struct Images;

impl DeckPass for Images {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let folder = context.path.parent().unwrap_or(Path::new(""));
        let decoded = DecodedImages::default();
        for image in deck.slides.iter().flat_map(slide_images) {
            // A picture the speaker's own presenter shows (from the web, an SVG) is a
            // framed box here: worth a warning. A file that is not there is an error.
            let problem = if is_remote(&image.src) {
                Some((
                    Severity::Warning,
                    format!(
                        "image `{}` is on the web; gong shows only local files, so it is a \
                         framed box (download it next to the deck)",
                        image.src
                    ),
                ))
            } else {
                decoded.verify(&folder.join(&image.src)).err().map(|error| {
                    (
                        picture_severity(&error),
                        format!("image `{}` {}", image.src, error.reason()),
                    )
                })
            };
            if let Some((severity, message)) = problem {
                findings.push(Finding {
                    line: image.line.max(1),
                    column: column_of(context.source, image.line, &image.src),
                    severity,
                    message,
                });
            }
        }
    }
}

fn is_remote(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    ["http://", "https://", "ftp://", "data:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// A picture in a format other presenters draw (SVG, GIF, WebP) is a framed box here,
/// which the speaker should know of: a warning. Anything else the show refuses is an
/// error.
fn picture_severity(error: &ImageError) -> Severity {
    if error.is_a_format_other_presenters_draw() {
        Severity::Warning
    } else {
        Severity::Error
    }
}

/// The model keeps an image's line only; its column is where the path is written.
fn column_of(source: &str, line: usize, needle: &str) -> usize {
    let Some(text) = source.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    text.find(needle)
        .map_or(1, |offset| text[..offset].chars().count() + 1)
}

fn slide_images(slide: &Slide) -> Vec<&Image> {
    let mut images = Vec::new();
    blocks_images(&slide.blocks, &mut images);
    for footnote in &slide.footnotes {
        inline_images(&footnote.content, &mut images);
    }
    images
}

fn blocks_images<'a>(blocks: &'a [Block], images: &mut Vec<&'a Image>) {
    for block in blocks {
        match &block.kind {
            BlockKind::Image(image) => images.push(image),
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inline_images(content, images);
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    blocks_images(&item.blocks, images);
                }
            }
            BlockKind::Quote { blocks, .. } => blocks_images(blocks, images),
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    inline_images(cell, images);
                }
            }
            BlockKind::Code { .. }
            | BlockKind::Rule
            | BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout => {}
        }
    }
}

fn inline_images<'a>(inlines: &'a [Inline], images: &mut Vec<&'a Image>) {
    for inline in inlines {
        if let Inline::Image(image) = inline {
            images.push(image);
        }
    }
}

/// A theme the deck asks for that cannot be loaded: the show would fall back to `dark`,
/// which is not what the speaker chose.
pub(crate) struct ThemeChoice;

impl DeckPass for ThemeChoice {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let Some(name) = &deck.front.theme else {
            return;
        };
        if let Err(error) = Theme::for_deck_front(name, deck_folder(context.path)) {
            let (line, column) = front_matter_value(context.source, "theme").unwrap_or((1, 1));
            // Another presenter's theme, or a file outside the deck's folder: the deck is
            // shown all the same (in the default theme). A broken gong theme is an error.
            let severity = if error.is_foreign() {
                Severity::Warning
            } else {
                Severity::Error
            };
            findings.push(Finding {
                line,
                column,
                severity,
                message: error.to_string(),
            });
        }
    }
}

fn deck_folder(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

/// Slides whose text does not fit even at the theme's smallest size: the show clips them
/// with a mark, and the back row misses the rest.
pub(crate) struct Overflow;

impl DeckPass for Overflow {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        // Without fonts nothing can be measured; `Glyphs` reports why.
        let Ok(fonts) = FontSet::shared() else {
            return;
        };
        let theme = context.theme;
        let folder = deck_folder(context.path);
        // Laid out with the boxes the show would draw: a picture that does not decode is
        // a placeholder there, not a picture of its header's size.
        let pictures = DecodedImages::default();
        let measure = fonts.in_language(deck_han(deck, context.lang, fonts));
        for (index, slide) in deck.shown_slides().enumerate() {
            if slide_overflows(slide, theme, &measure, &pictures, folder) {
                // The slide's own line is often the blank one after `---`; its first
                // block is what the author sees as the slide's start.
                let line = slide.blocks.first().map_or(slide.line, |block| block.line);
                findings.push(Finding {
                    line: line.max(1),
                    column: 1,
                    severity: Severity::Warning,
                    message: format!(
                        "slide {} does not fit: text is clipped at the smallest size ({} px); \
                         cut some of it or split the slide",
                        index + 1,
                        theme.sizes.min_body
                    ),
                });
            }
        }
    }
}

/// Code in a language no bundled grammar knows: shown, but in one colour, which the
/// speaker did not expect. Once a language per deck, where it is first used.
pub(crate) struct CodeLanguages;

impl DeckPass for CodeLanguages {
    fn check(&self, deck: &Deck, _context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let mut named: Vec<&str> = Vec::new();
        for slide in &deck.slides {
            for block in Block::code_blocks(&slide.blocks) {
                let BlockKind::Code {
                    lang: Some(lang), ..
                } = &block.kind
                else {
                    continue;
                };
                let (line, lang) = (block.line, lang.as_str());
                if named.contains(&lang) || crate::layout::code::knows_language(lang) {
                    continue;
                }
                named.push(lang);
                findings.push(Finding {
                    line,
                    column: 1,
                    severity: Severity::Warning,
                    message: format!(
                        "code in `{lang}` is shown in one colour: no bundled grammar knows \
                         `{lang}`"
                    ),
                });
            }
        }
    }
}

/// Characters no bundled face has: fontdue would draw an empty box or nothing at all.
pub(crate) struct Glyphs;

impl DeckPass for Glyphs {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let fonts = match FontSet::shared() {
            Ok(fonts) => fonts,
            Err(error) => {
                findings.push(Finding {
                    line: 0,
                    column: 0,
                    severity: Severity::Error,
                    message: format!("the bundled fonts cannot be loaded: {error}"),
                });
                return;
            }
        };
        let mut placed: Vec<(usize, usize, char)> = Vec::new();
        for (line, ch) in check_glyphs(deck, fonts) {
            let (line, column) = place_char(context.source, line, ch);
            if !placed.contains(&(line, column, ch)) {
                placed.push((line, column, ch));
            }
        }
        findings.extend(missing_runs(context.source, &placed).into_iter().map(
            |(line, column, run)| {
                // Drawn all the same on this machine, with a font of its own: the
                // speaker's laptop may lack it.
                let families: Option<Vec<&str>> =
                    run.iter().map(|ch| fonts.machine_family(*ch)).collect();
                let (severity, message) = match families.as_ref().and_then(|all| all.first()) {
                    Some(family) => (
                        Severity::Warning,
                        format!(
                            "`{}` is drawn with the system's {family} here, not a bundled \
                             font; another laptop may not have it",
                            run.iter().collect::<String>()
                        ),
                    ),
                    // The emoji is drawn, in its default yellow.
                    None if run.iter().all(|ch| crate::emoji::is_skin_tone(*ch)) => (
                        Severity::Warning,
                        format!(
                            "drawn without its skin tone: no font here has {}",
                            run.iter()
                                .map(|ch| describe_char(*ch))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                    None => (Severity::Error, missing_message(&run)),
                };
                Finding {
                    line: line.max(1),
                    column,
                    severity,
                    message,
                }
            },
        ));
    }
}

/// The most characters one finding names; a longer run says how many more it holds.
const NAMED_PER_RUN: usize = 8;

/// Missing characters grouped into the runs they are written in: one Arabic word is one
/// finding, not one per letter. `placed` holds each missing character where it was first
/// found on a line; a run on that line is every neighbouring character also missing there.
/// A run is reported unless all its characters were named by an earlier one on the line;
/// a character the line does not hold as written (an entity) keeps a finding of its own.
fn missing_runs(source: &str, placed: &[(usize, usize, char)]) -> Vec<(usize, usize, Vec<char>)> {
    let mut lines: Vec<usize> = placed.iter().map(|(line, _, _)| *line).collect();
    lines.dedup();
    let mut runs = Vec::new();
    for line in lines {
        let here: Vec<&(usize, usize, char)> =
            placed.iter().filter(|(at, _, _)| *at == line).collect();
        let missing = |ch: char| here.iter().any(|(_, _, missing)| *missing == ch);
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let mut named: Vec<char> = Vec::new();
        let mut run: Option<(usize, Vec<char>)> = None;
        let mut finish = |run: Option<(usize, Vec<char>)>, named: &mut Vec<char>| {
            if let Some((column, chars)) = run
                && chars.iter().any(|ch| !named.contains(ch))
            {
                named.extend(chars.iter().copied());
                runs.push((line, column, chars));
            }
        };
        for (index, ch) in text.chars().enumerate() {
            if missing(ch) {
                run.get_or_insert_with(|| (index + 1, Vec::new()))
                    .1
                    .push(ch);
            } else {
                finish(run.take(), &mut named);
            }
        }
        finish(run.take(), &mut named);
        for (_, column, ch) in here {
            if !named.contains(ch) {
                named.push(*ch);
                runs.push((line, *column, vec![*ch]));
            }
        }
    }
    runs.sort_by_key(|(line, column, _)| (*line, *column));
    runs
}

/// `no bundled font has U+13000 '𓀀'`, or for a run, the run and each of its characters.
fn missing_message(run: &[char]) -> String {
    let [only] = run else {
        let mut distinct: Vec<char> = Vec::new();
        for ch in run {
            if !distinct.contains(ch) {
                distinct.push(*ch);
            }
        }
        let mut names: Vec<String> = distinct
            .iter()
            .take(NAMED_PER_RUN)
            .map(|ch| describe_char(*ch))
            .collect();
        if distinct.len() > NAMED_PER_RUN {
            names.push(format!("and {} more", distinct.len() - NAMED_PER_RUN));
        }
        let written: String = run.iter().collect();
        return format!(
            "no bundled font has the {} characters of `{written}`: {}",
            run.len(),
            names.join(", ")
        );
    };
    format!("no bundled font has {}", describe_char(*only))
}

/// `U+13000 '𓀀'`; a character that shows nothing on its own (a variation selector, a
/// joiner) is named by its code point only, since quoting it would show empty quotes.
fn describe_char(ch: char) -> String {
    if crate::fonts::is_invisible(ch) || ch.is_whitespace() {
        format!("U+{:04X} (an invisible character)", u32::from(ch))
    } else {
        format!("U+{:04X} '{ch}'", u32::from(ch))
    }
}

/// The model keeps the line a block starts on; the character may sit on a later line of
/// the same paragraph or table. The first line from there that holds it is where the
/// author has to look; if none does (an entity like `&#x1F600;`), the block's line.
fn place_char(source: &str, line: usize, ch: char) -> (usize, usize) {
    source
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(index, text)| {
            text.find(ch)
                .map(|offset| (index + 1, text[..offset].chars().count() + 1))
        })
        .unwrap_or((line, 1))
}

/// Where the value of a top-level front-matter key is written, as (line, column).
fn front_matter_value(source: &str, key: &str) -> Option<(usize, usize)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.lines().enumerate();
    let (_, first) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    for (index, text) in lines {
        if matches!(text.trim_end(), "---" | "...") {
            return None;
        }
        let Some(rest) = text.strip_prefix(key) else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start();
        let offset = if value.is_empty() {
            0
        } else {
            text.len() - value.len()
        };
        return Some((index + 1, text[..offset].chars().count() + 1));
    }
    None
}

/// Where a lineup writes the values `check` reports on; serde keeps their spans.
#[derive(Deserialize, Default)]
struct LineupPlaces {
    duration: Option<Spanned<String>>,
    warnings: Option<Vec<Spanned<String>>>,
    theme: Option<Spanned<String>>,
    #[serde(default)]
    talk: Vec<TalkPlaces>,
}

#[derive(Deserialize, Default)]
struct TalkPlaces {
    duration: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

/// What is wrong with a lineup that parsed: a theme that cannot be loaded, and clock
/// warnings a slot is too short for. `slots` are its talks' own, as resolved.
fn lineup_findings(
    lineup: &Lineup,
    source: &str,
    folder: &Path,
    slots: &[Duration],
) -> Vec<Finding> {
    let places: LineupPlaces = toml::from_str(source).unwrap_or_default();
    let at = |offset: Option<usize>| -> Position {
        offset.map_or(Position { line: 1, column: 1 }, |offset| {
            position_of(source, offset)
        })
    };
    let finding = |position: Position, severity: Severity, message: String| Finding {
        line: position.line,
        column: position.column,
        severity,
        message,
    };
    let mut findings = Vec::new();
    if let Some(Err(error)) = lineup
        .theme
        .as_deref()
        .map(|name| Theme::resolve(name, folder))
    {
        let place = places.theme.as_ref().map(|theme| theme.span().start);
        findings.push(finding(at(place), Severity::Error, error.to_string()));
    }

    // Each warning with where it is written; the defaults are written nowhere.
    let warnings: Vec<(Duration, Option<usize>)> = match &places.warnings {
        Some(written) if written.len() == lineup.warnings.len() => written
            .iter()
            .zip(&lineup.warnings)
            .map(|(text, warning)| {
                let value = parse_slot(text.get_ref()).unwrap_or(*warning);
                (value, Some(text.span().start))
            })
            .collect(),
        _ => lineup
            .warnings
            .iter()
            .map(|warning| (*warning, None))
            .collect(),
    };
    let default_slot_place = places.duration.as_ref().map(|slot| slot.span().start);
    for (warning, place) in &warnings {
        if !fires_within(*warning, lineup.duration) {
            findings.push(finding(
                at(place.or(default_slot_place)),
                Severity::Warning,
                DurationError::NeverFires {
                    warning: *warning,
                    slot: lineup.duration,
                }
                .to_string(),
            ));
        }
    }
    let no_places = TalkPlaces::default();
    for (index, (talk, &slot)) in lineup.talks.iter().zip(slots).enumerate() {
        if slot == lineup.duration {
            continue;
        }
        let silent: Vec<String> = warnings
            .iter()
            .filter(|(warning, _)| !fires_within(*warning, slot))
            .map(|(warning, _)| format_short(*warning))
            .collect();
        if silent.is_empty() {
            continue;
        }
        let talk_places = places.talk.get(index).unwrap_or(&no_places);
        let place = talk_places
            .duration
            .as_ref()
            .or(talk_places.format.as_ref())
            .map(|value| at(Some(value.span().start)))
            .or(talk.position)
            .unwrap_or(Position { line: 1, column: 1 });
        findings.push(finding(
            place,
            Severity::Warning,
            slot_message(talk, slot, &silent),
        ));
    }
    findings
}

fn slot_message(talk: &Talk, slot: Duration, silent: &[String]) -> String {
    let noun = if silent.len() == 1 {
        "warning"
    } else {
        "warnings"
    };
    format!(
        "{}'s slot is {}: the {noun} at {} left can never fire",
        talk.speaker,
        format_short(slot),
        silent.join(" and ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Span, SpanStyle};
    use crate::talk::NamedTheme;

    fn text(line: usize, words: &str) -> Block {
        Block {
            line,
            kind: BlockKind::Paragraph(vec![Inline::Text(Span {
                text: words.to_string(),
                style: SpanStyle::default(),
            })]),
        }
    }

    fn slide(line: usize, blocks: Vec<Block>) -> Slide {
        Slide {
            line,
            blocks,
            ..Slide::default()
        }
    }

    fn run(pass: impl DeckPass + 'static, deck: &Deck, format: Format) -> Vec<Finding> {
        let context = DeckContext {
            path: Path::new("deck.md"),
            source: "",
            format,
            format_from_lineup: false,
            theme: &Theme::dark(),
            lang: None,
            slot: Duration::from_secs(300),
        };
        Checker::empty()
            .with_pass(Box::new(pass))
            .check_deck(deck, &context)
    }

    #[test]
    fn code_in_a_language_without_a_grammar_is_named_once() {
        let deck = Deck::parse(
            "# A\n\n```rust\nfn main() {}\n```\n\n```brainfuck\n+.\n```\n\n---\n\n# B\n\n- item\n\n  ```brainfuck\n  -.\n  ```\n\n```tsx\nconst a = <b/>;\n```\n",
        );
        let findings = run(CodeLanguages, &deck, Format::Free);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            (findings[0].line, findings[0].severity),
            (7, Severity::Warning)
        );
        assert!(findings[0].message.contains("`brainfuck`"), "{findings:?}");
    }

    fn parsed(source: &str) -> (Deck, String) {
        (Deck::parse(source), source.to_string())
    }

    fn run_on_source(
        pass: impl DeckPass + 'static,
        source: &str,
        lineup_theme: Option<&Theme>,
    ) -> Vec<Finding> {
        let (deck, source) = parsed(source);
        // Shown as the show would: in the lineup's theme, else the deck's own.
        let organiser = lineup_theme.map(|theme| NamedTheme {
            name: "the lineup's".to_string(),
            theme: theme.clone(),
        });
        let rules = Rules::for_one_deck(&Overrides::default(), organiser);
        let own = deck
            .front
            .theme
            .as_deref()
            .map(|name| (name, Path::new("")));
        let (theme, _) = rules.deck_theme(own);
        let context = DeckContext {
            path: Path::new("deck.md"),
            source: &source,
            format: Format::Free,
            format_from_lineup: false,
            theme: &theme.theme,
            lang: None,
            slot: Duration::from_secs(300),
        };
        Checker::empty()
            .with_pass(Box::new(pass))
            .check_deck(&deck, &context)
    }

    fn long_list(items: usize) -> String {
        (1..=items)
            .map(|n| format!("- Point {n}: every slide should say one thing only\n"))
            .collect()
    }

    #[test]
    fn a_slide_too_long_for_the_floor_is_a_warning_at_its_first_block() {
        let source = format!(
            "# Title\n\n---\n\n<!-- skip_slide -->\n\nhidden\n\n---\n\n# All of it\n\n{}",
            long_list(50)
        );
        let findings = run_on_source(Overflow, &source, None);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!((findings[0].line, findings[0].column), (11, 1));
        assert_eq!(findings[0].severity, Severity::Warning);
        assert!(
            findings[0]
                .message
                .starts_with("slide 2 does not fit: text is clipped at the smallest size (28 px)"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn a_slide_that_shrinks_to_fit_is_fine() {
        let source = format!("# A few points\n\n{}", long_list(8));
        assert_eq!(run_on_source(Overflow, &source, None), []);
    }

    #[test]
    fn overflow_is_judged_in_the_lineups_theme() {
        let source = format!("# A few points\n\n{}", long_list(8));
        let huge = Theme::from_toml("body = 120\nmin_body = 120\n").unwrap();
        let findings = run_on_source(Overflow, &source, Some(&huge));
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].message.contains("(120 px)"));
    }

    #[test]
    fn missing_glyphs_are_errors_where_the_character_is_written() {
        // The emoji selector after ❤ needs no font (`fonts::is_invisible`): not a finding.
        let source = "# Hi 𓀀\n\nfirst line\nsecond 龘 line\n\n| a |\n| - |\n| ❤\u{fe0f} |\n";
        let findings = run_on_source(Glyphs, source, None);
        let lines: Vec<(usize, usize, &str)> = findings
            .iter()
            .map(|f| (f.line, f.column, f.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (1, 6, "no bundled font has U+13000 '𓀀'"),
                (4, 8, "no bundled font has U+9F98 '龘'"),
            ]
        );
        assert!(findings.iter().all(|f| f.severity == Severity::Error));
    }

    /// Emoji are drawn (in colour); a skin tone no font has leaves the emoji in its
    /// default yellow, which a speaker should know but which is no error.
    #[test]
    fn emoji_are_covered_and_a_missing_skin_tone_is_a_warning() {
        let source = "# Done ✅ 📝 ⚠\u{fe0f}\n\nThanks 👍\u{1F3FD}\n";
        let findings = run_on_source(Glyphs, source, None);
        let said: Vec<(usize, usize, Severity, &str)> = findings
            .iter()
            .map(|f| (f.line, f.column, f.severity, f.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [(
                3,
                9,
                Severity::Warning,
                "drawn without its skin tone: no font here has U+1F3FD '\u{1F3FD}'"
            )]
        );
    }

    #[test]
    fn an_unknown_front_matter_theme_is_a_warning_on_its_value() {
        // Most often another presenter's theme (`seriph`, `uncover`): the deck is shown.
        let findings = run_on_source(
            ThemeChoice,
            "---\ntitle: x\ntheme:  neon\n---\n# Hi\n",
            None,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].line, findings[0].column), (3, 9));
        assert_eq!(findings[0].severity, Severity::Warning);
        assert!(
            findings[0]
                .message
                .starts_with("`theme: neon` is not a theme gong has")
        );
        let broken = run_on_source(ThemeChoice, "---\ntheme: missing.toml\n---\n# Hi\n", None);
        assert_eq!(broken[0].severity, Severity::Error);
        assert_eq!(
            run_on_source(ThemeChoice, "---\ntheme: light\n---\n# Hi\n", None),
            []
        );
    }

    #[test]
    fn a_deck_theme_outside_the_decks_folder_is_a_warning_and_not_read() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("talk");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(root.path().join("shared.toml"), "body = 60\n").unwrap();
        let deck_path = folder.join("deck.md");
        let source = "---\ntheme: ../shared.toml\n---\n# Hi\n";
        std::fs::write(&deck_path, source).unwrap();
        let report = Checker::empty()
            .with_pass(Box::new(ThemeChoice))
            .check_deck_file(&deck_path, None);
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        let finding = &report.findings[0];
        assert_eq!((finding.line, finding.column), (2, 8));
        assert_eq!(finding.severity, Severity::Warning);
        assert!(
            finding.message.contains("outside this deck's folder"),
            "{}",
            finding.message
        );
        let (deck, _) = parsed(source);
        let own = deck
            .front
            .theme
            .as_deref()
            .map(|name| (name, folder.as_path()));
        let (shown, problem) = Checker::empty().alone().deck_theme(own);
        assert_eq!((shown.theme, problem.is_some()), (Theme::dark(), true));
    }

    #[rstest::rstest]
    #[case("---\ntheme: dark\n---\n", Some((2, 8)))]
    #[case("\u{feff}---\ntitle: t\ntheme:dark\n---\n", Some((3, 7)))]
    #[case("---\ntheme:\n---\n", Some((2, 1)))]
    #[case("---\ntitle: t\n---\ntheme: dark\n", None)]
    #[case("# theme: dark\n", None)]
    #[case("---\n  theme: dark\n---\n", None)]
    #[case("---\nthemes: dark\n---\n", None)]
    fn front_matter_values_are_placed(
        #[case] source: &str,
        #[case] expected: Option<(usize, usize)>,
    ) {
        assert_eq!(front_matter_value(source, "theme"), expected);
    }

    #[test]
    fn a_word_no_font_has_is_one_finding_naming_its_characters() {
        let source = "# مرحبا بالعالم\n\nok 𓀀 and 𓀀 again &#x13001;\n";
        let placed = [
            (1, 3, 'م'),
            (1, 4, 'ر'),
            (1, 5, 'ح'),
            (1, 6, 'ب'),
            (1, 7, 'ا'),
            (1, 10, 'ل'),
            (1, 12, 'ع'),
            (3, 4, '𓀀'),
            // Written as an entity: the line does not hold it.
            (3, 1, '𓀁'),
        ];
        let runs = missing_runs(source, &placed);
        let said: Vec<(usize, usize, String)> = runs
            .iter()
            .map(|(line, column, run)| (*line, *column, missing_message(run)))
            .collect();
        assert_eq!(
            said,
            [
                (
                    1,
                    3,
                    "no bundled font has the 5 characters of `مرحبا`: U+0645 'م', U+0631 'ر', \
                     U+062D 'ح', U+0628 'ب', U+0627 'ا'"
                        .to_string()
                ),
                (
                    1,
                    9,
                    "no bundled font has the 7 characters of `بالعالم`: U+0628 'ب', U+0627 'ا', \
                     U+0644 'ل', U+0639 'ع', U+0645 'م'"
                        .to_string()
                ),
                (3, 1, "no bundled font has U+13001 '𓀁'".to_string()),
                (3, 4, "no bundled font has U+13000 '𓀀'".to_string()),
            ]
        );
        let long: Vec<char> = "abcdefghij".chars().collect();
        assert!(missing_message(&long).ends_with("U+0068 'h', and 2 more"));
    }

    #[test]
    fn characters_are_placed_on_the_first_line_that_holds_them() {
        assert_eq!(place_char("a\nb 한 😀\nc 😀", 1, '😀'), (2, 5));
        assert_eq!(place_char("a\nb 😀\nc 😀", 3, '😀'), (3, 3));
        // Written as an entity: no line holds the character itself.
        assert_eq!(place_char("a\n&#x1F600;", 2, '😀'), (2, 1));
    }

    #[cfg(unix)]
    #[test]
    fn decks_a_lineup_cannot_read_are_named_on_its_line_in_plain_words() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        std::os::unix::fs::symlink(folder.join("two.md"), folder.join("one.md")).unwrap();
        std::os::unix::fs::symlink(folder.join("one.md"), folder.join("two.md")).unwrap();
        std::fs::create_dir(folder.join("slides.md")).unwrap();
        let lineup = folder.join("lineup.toml");
        std::fs::write(
            &lineup,
            "[[talk]]\nspeaker = \"Ada\"\ndeck = \"one.md\"\n\
             [[talk]]\nspeaker = \"Bo\"\ndeck  =  \"slides.md\"\n\
             [[talk]]\nspeaker = \"Cy\"\ndeck = \"gone.md\"\n",
        )
        .unwrap();
        let reports = Checker::empty().check_lineup_file(&lineup);
        let said: Vec<(usize, usize, String)> = reports
            .iter()
            .flat_map(|report| &report.findings)
            .map(|finding| (finding.line, finding.column, finding.message.clone()))
            .collect();
        let named = |name: &str| folder.join(name).display().to_string();
        assert_eq!(
            said,
            [
                (
                    3,
                    8,
                    format!(
                        "the deck of Ada ({}) is a symbolic-link loop",
                        named("one.md")
                    )
                ),
                (
                    6,
                    10,
                    format!(
                        "the deck of Bo ({}) is a folder, not a regular file",
                        named("slides.md")
                    )
                ),
                (
                    9,
                    8,
                    format!("the deck of Cy ({}) does not exist", named("gone.md"))
                ),
            ]
        );
        // Named on its own, the loop is the file's whole problem.
        let report = Checker::empty().check_deck_file(&folder.join("one.md"), None);
        assert_eq!(
            report.findings[0].message,
            "the file is a symbolic-link loop"
        );
    }

    #[test]
    fn a_lineup_theme_that_lowers_contrast_by_its_background_is_warned_at_the_background() {
        let dir = tempfile::tempdir().unwrap();
        // The dark theme's light text, on a light background: every inherited colour.
        std::fs::write(
            dir.path().join("pale.toml"),
            "base = \"dark\"\nbackground = \"#fbfbf8\"\ncode_background = \"#000000\"\n\
             heading = \"#000000\"\n",
        )
        .unwrap();
        let lineup = dir.path().join("lineup.toml");
        std::fs::write(
            &lineup,
            "theme = \"pale.toml\"\n[[talk]]\nspeaker = \"Ada\"\n",
        )
        .unwrap();
        let reports = Checker::empty().check_lineup_file(&lineup);
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[1].path, dir.path().join("pale.toml"));
        let placed: Vec<(usize, usize, &str)> = reports[1]
            .findings
            .iter()
            .map(|f| (f.line, f.column, f.message.split(' ').next().unwrap_or("")))
            .collect();
        // Heading is set and dark enough; code text is light on a black ground.
        assert!(
            placed
                .iter()
                .all(|(line, column, _)| (*line, *column) == (2, 14))
        );
        assert!(placed.iter().any(|(_, _, key)| *key == "`text`"));
        assert!(placed.iter().all(|(_, _, key)| *key != "`heading`"));
        assert!(placed.iter().all(|(_, _, key)| *key != "`code_text`"));
    }

    type Placed = (usize, usize, Severity, String);

    /// The lineup's theme as the show resolves it, and its findings, its talks' slots
    /// resolved without decks.
    fn lineup_report(source: &str) -> (Option<Theme>, Vec<Placed>) {
        let lineup = Lineup::parse(source).unwrap();
        let folder = Path::new(".");
        let overrides = Overrides::default();
        let theme = organiser_theme(&overrides, Some((&lineup, folder)))
            .ok()
            .flatten();
        let rules = Rules::for_lineup(&lineup, &overrides, theme.clone());
        let slots: Vec<Duration> = lineup
            .talks
            .iter()
            .map(|talk| rules.talk(&OwnChoices::of(talk), None).slot)
            .collect();
        let findings = lineup_findings(&lineup, source, folder, &slots);
        let theme = theme.map(|chosen| chosen.theme);
        let findings = findings
            .into_iter()
            .map(|f| (f.line, f.column, f.severity, f.message))
            .collect();
        (theme, findings)
    }

    #[test]
    fn a_lineup_theme_that_cannot_load_is_an_error_on_its_value() {
        let (theme, findings) = lineup_report("theme = \"neno\"\n\n[[talk]]\nspeaker = \"Ada\"\n");
        assert_eq!(theme, None);
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].0, findings[0].1), (1, 9));
        assert_eq!(findings[0].2, Severity::Error);
        let (theme, findings) = lineup_report("theme = \"light\"\n\n[[talk]]\nspeaker = \"Ada\"\n");
        assert_eq!(theme.map(|theme| theme.name), Some("light".to_string()));
        assert_eq!(findings, []);
    }

    #[test]
    fn warnings_a_slot_is_too_short_for_are_reported_where_they_are_written() {
        // The default warnings (1m, 30s) are written nowhere: the short slot is the spot.
        let (_, findings) = lineup_report(
            "duration = \"45s\"\n[[talk]]\nspeaker = \"Ada\"\n[[talk]]\nspeaker = \"Bo\"\nduration = \"5m\"\n",
        );
        assert_eq!(
            findings,
            [(
                1,
                12,
                Severity::Warning,
                "the warning at 1m left can never fire in a 45s slot".to_string()
            )]
        );
        let (_, findings) = lineup_report(
            "warnings = [\"2m\", \"30s\"]\n[[talk]]\nspeaker = \"Ada\"\nduration = \"30s\"\n\
             [[talk]]\nspeaker = \"Bo\"\nformat = \"ignite\"\n",
        );
        assert_eq!(
            findings,
            [(
                4,
                12,
                Severity::Warning,
                "Ada's slot is 30s: the warnings at 2m and 30s left can never fire".to_string()
            )]
        );
        let (_, findings) = lineup_report(
            "duration = \"2m\"\nwarnings = [\"2m\", \"1m\"]\n[[talk]]\nspeaker = \"Ada\"\n",
        );
        assert_eq!(
            findings,
            [(
                2,
                13,
                Severity::Warning,
                "the warning at 2m left can never fire in a 2m slot".to_string()
            )]
        );
    }

    #[test]
    fn ignite_wants_twenty_shown_slides() {
        let mut deck = Deck {
            slides: (0..21)
                .map(|n| slide(n * 3 + 1, vec![text(n * 3 + 1, "x")]))
                .collect(),
            ..Deck::default()
        };
        deck.slides[20].skip = true;
        assert!(run(SlideCount, &deck, Format::Ignite).is_empty());
        deck.slides[19].skip = true;
        let findings = run(SlideCount, &deck, Format::Ignite);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "this deck's format is ignite: 20 slides of 15s each, but it shows 19"
        );
        assert!(run(SlideCount, &deck, Format::Free).is_empty());
    }

    #[test]
    fn own_budgets_over_the_slot_are_named_where_they_tip_over() {
        let budgeted = |seconds: &[Option<u64>]| Deck {
            slides: seconds
                .iter()
                .enumerate()
                .map(|(n, budget)| Slide {
                    time_budget: budget.map(Duration::from_secs),
                    ..slide(n * 10 + 1, vec![text(n * 10 + 1, "x")])
                })
                .collect(),
            ..Deck::default()
        };
        // The slot is 5m: 3 × 90s and a slide left with 30s is a plan.
        assert!(
            run(
                Budgets,
                &budgeted(&[Some(90), Some(90), Some(90), None]),
                Format::Free
            )
            .is_empty()
        );
        // The fourth 90s tips it over.
        let findings = run(
            Budgets,
            &budgeted(&[Some(90), None, Some(90), Some(90), Some(90), None]),
            Format::Free,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Warning);
        assert_eq!(findings[0].line, 41);
        assert_eq!(
            findings[0].message,
            "the slides' own `time:` budgets add up to 6m, more than the 5m slot: \
             the 2 slides without one get no time"
        );
        // Every slide budgeted, over: no slide is left without time, the sum still says so.
        let findings = run(Budgets, &budgeted(&[Some(200), Some(200)]), Format::Free);
        assert_eq!(
            findings[0].message,
            "the slides' own `time:` budgets add up to 6m40s, more than the 5m slot"
        );
        // A skipped slide's budget is not the talk's.
        let mut deck = budgeted(&[Some(200), Some(200)]);
        deck.slides[1].skip = true;
        assert!(run(Budgets, &deck, Format::Free).is_empty());
    }

    #[test]
    fn a_slide_of_only_layout_commands_is_empty() {
        let deck = Deck {
            slides: vec![
                slide(1, vec![text(1, "Hello")]),
                slide(
                    3,
                    vec![
                        Block {
                            line: 3,
                            kind: BlockKind::ColumnLayout(vec![1, 1]),
                        },
                        Block {
                            line: 4,
                            kind: BlockKind::Pause,
                        },
                    ],
                ),
            ],
            ..Deck::default()
        };
        let findings = run(EmptySlides, &deck, Format::Free);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, 3);
        assert_eq!(
            findings[0].message,
            "slide 2 has nothing on it (a stray `---`?)"
        );
    }

    /// Pictures the show refuses (a framed box on stage) are errors here too, each on
    /// the deck's line and naming the file: the same limits and the same decoder.
    #[test]
    fn pictures_the_show_refuses_are_errors() {
        let folder = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| std::fs::write(folder.path().join(name), bytes);
        let encoded = |picture: image::RgbImage, format| {
            let mut bytes = Vec::new();
            picture
                .write_to(&mut std::io::Cursor::new(&mut bytes), format)
                .unwrap();
            bytes
        };
        let photo = encoded(
            image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90])),
            image::ImageFormat::Jpeg,
        );
        // A PNG signature and a header claiming 30000 × 30000 pixels, and nothing else.
        let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        huge.extend_from_slice(&30_000u32.to_be_bytes());
        huge.extend_from_slice(&30_000u32.to_be_bytes());
        huge.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        write("huge.png", &huge).unwrap();
        let wide = image::RgbImage::from_pixel(8193, 1, image::Rgb([1, 2, 3]));
        write("wide.png", &encoded(wide, image::ImageFormat::Png)).unwrap();
        write("cut.jpg", &photo[..photo.len() / 2]).unwrap();
        write("good.jpg", &photo).unwrap();
        let camera = std::fs::File::create(folder.path().join("camera.jpg")).unwrap();
        // Sparse: a JPEG's first bytes, then 129 MB that take no disk.
        std::io::Write::write_all(&mut &camera, &photo[..64]).unwrap();
        camera.set_len(129 * 1024 * 1024).unwrap();
        write("notes.png", b"just words").unwrap();
        let deck = folder.path().join("deck.md");
        std::fs::write(
            &deck,
            "# Pictures\n\n![](huge.png)\n\n---\n\n![](wide.png)\n\n![](cut.jpg)\n\n\
             ![](good.jpg)\n\n---\n\n## Camera\n\n![w:300](camera.jpg)\n\n![](notes.png)\n",
        )
        .unwrap();
        let report = Checker::empty()
            .with_pass(Box::new(Images))
            .check_deck_file(&deck, None);
        let found: Vec<(usize, usize, &str)> = report
            .findings
            .iter()
            .map(|f| (f.line, f.column, f.message.as_str()))
            .collect();
        assert_eq!(
            found[..2],
            [
                (
                    3,
                    5,
                    "image `huge.png` has too many pixels (30000×30000; the limit is 8192×8192)"
                ),
                (
                    7,
                    5,
                    "image `wide.png` has too many pixels (8193×1; the limit is 8192×8192)"
                ),
            ]
        );
        let (line, column, cut) = found[2];
        assert_eq!((line, column), (9, 5));
        assert!(cut.starts_with("image `cut.jpg` is broken: "), "{cut}");
        assert_eq!(
            found[3..],
            [
                (
                    17,
                    10,
                    "image `camera.jpg` is too large (135266304 bytes; the limit is 33554432)"
                ),
                (19, 5, "image `notes.png` is a text file, not a PNG or JPEG"),
            ]
        );
        assert!(
            report
                .findings
                .iter()
                .all(|finding| finding.severity == Severity::Error)
        );
    }

    #[test]
    fn pictures_the_speakers_own_tool_shows_are_warnings_and_missing_ones_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("logo.svg"), "<svg></svg>").unwrap();
        let deck_path = dir.path().join("deck.md");
        std::fs::write(
            &deck_path,
            "![bg](https://example.com/a.jpg)\n\n![](logo.svg)\n\n![](gone.png)\n",
        )
        .unwrap();
        let report = Checker::empty()
            .with_pass(Box::new(Images))
            .check_deck_file(&deck_path, None);
        let severities: Vec<(usize, Severity)> = report
            .findings
            .iter()
            .map(|finding| (finding.line, finding.severity))
            .collect();
        assert_eq!(
            severities,
            [
                (1, Severity::Warning),
                (3, Severity::Warning),
                (5, Severity::Error)
            ],
            "{:?}",
            report.findings
        );
        assert!(report.findings[0].message.contains("framed box"));
    }

    #[test]
    fn images_are_found_in_lists_quotes_and_tables() {
        let image = |src: &str| Image {
            src: src.to_string(),
            alt: String::new(),
            width: None,
            height: None,
            background: false,
            split: None,
            line: 2,
        };
        let nested = Block {
            line: 1,
            kind: BlockKind::Quote {
                alert: None,
                blocks: vec![Block {
                    line: 2,
                    kind: BlockKind::List {
                        start: None,
                        items: vec![crate::deck::ListItem {
                            task: None,
                            blocks: vec![Block {
                                line: 2,
                                kind: BlockKind::Paragraph(vec![Inline::Image(image("a.png"))]),
                            }],
                        }],
                    },
                }],
            },
        };
        let table = Block {
            line: 3,
            kind: BlockKind::Table {
                align: vec![],
                header: vec![vec![Inline::Image(image("b.png"))]],
                rows: vec![vec![vec![Inline::Image(image("c.png"))]]],
            },
        };
        let found: Vec<String> = slide_images(&slide(1, vec![nested, table]))
            .into_iter()
            .map(|image| image.src.clone())
            .collect();
        assert_eq!(found, ["a.png", "b.png", "c.png"]);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("제목 ![x](pic.png)", 1, "pic.png"), 9);
        assert_eq!(column_of("a\n![x](pic.png)", 2, "pic.png"), 6);
        assert_eq!(column_of("a", 7, "pic.png"), 1);
    }

    #[test]
    fn the_summary_counts_in_words() {
        let finding = |severity| Finding {
            line: 2,
            column: 3,
            severity,
            message: "m".to_string(),
        };
        let report = CheckReport {
            files: vec![FileReport {
                path: PathBuf::from("talks/a.md"),
                slides: Some(3),
                findings: vec![finding(Severity::Error), finding(Severity::Warning)],
                talks: None,
            }],
        };
        assert_eq!(
            report.to_text(),
            "talks/a.md:2:3: error: m\ntalks/a.md:2:3: warning: m\nchecked 1 file: 1 error, 1 warning\n"
        );
        assert!(report.has_errors());
        let json: serde_json::Value = serde_json::from_str(report.to_json_lines().trim()).unwrap();
        assert_eq!(json["slides"], 3);
        assert_eq!(json["errors"][0]["column"], 3);
        assert_eq!(json["warnings"].as_array().map(Vec::len), Some(1));
    }
}
