//! Starting a show from the command line: read the files, resolve the options (command
//! line over lineup over deck over defaults), open the log and the sound, and hand a
//! `Session` to the window. Everything here happens before the first frame or after the
//! last; what happens in between is `Session`'s. Pictures without a show (`gong export`,
//! a report card's PNG) are `export`'s.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::check::Checker;
use crate::cli::{SessionOptions, ShowOptions};
use crate::deck::Deck;
use crate::deck::source::read_source;
use crate::duration::check_warnings_fire;
use crate::fonts::FontSet;
use crate::images::{DEFAULT_FIT, ImageCache};
use crate::lineup::{Lineup, LineupError};
use crate::screens::ScreenChoice;
use crate::session::{
    FRAME_TRACE_VARIABLE, FrameTrace, Opened, PreparedTalk, Rehearsing, Session, WatchedLineup,
    prepare_lineup, prepare_talk, read_existing_log, report_beside,
};
use crate::session_log::{SessionLog, SessionLogError};
use crate::show::ShowSettings;
use crate::sound::Player;
use crate::talk::{Overrides, OwnChoices, Rules, organiser_theme};
use crate::theme::Theme;
use crate::view_trace::{VIEW_TRACE_VARIABLE, ViewTrace};
use crate::window::{WindowConfig, check_display, place_on_screen, present};

mod export;
pub use export::export;
pub(crate) use export::report_card_png;

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Lineup(#[from] crate::lineup::LineupError),
    #[error(transparent)]
    Deck(#[from] crate::deck::source::SourceError),
    #[error(transparent)]
    Theme(#[from] crate::theme::ThemeError),
    #[error("fonts: {0}")]
    Fonts(#[from] crate::fonts::FontError),
    #[error(transparent)]
    Window(#[from] crate::window::WindowError),
    #[error(transparent)]
    Log(#[from] crate::session_log::SessionLogError),
    #[error(
        "the report of this session would be written over {}, {what}: name the log otherwise with --log",
        path.display()
    )]
    ReportOverShowFile { path: PathBuf, what: String },
    #[error("--warnings: {0}")]
    Warnings(crate::duration::DurationError),
    #[error("cannot create {}: {source}", path.display())]
    OutDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A session as `gong run` makes it from a lineup (or a folder of decks) and the command
/// line, before anything leaves a trace: its talks resolved (`talk::Rules`), the show's
/// settings and the theme of its cards.
pub struct PlannedSession {
    pub lineup: Lineup,
    /// The lineup file's text, read once (`None` for a folder of decks): the talks the show
    /// runs and the text it watches and writes the panel's order into are one version.
    pub source: Option<String>,
    /// Where the lineup's decks are found from.
    pub deck_base: PathBuf,
    pub rules: Rules,
    pub talks: Vec<PreparedTalk>,
    pub settings: ShowSettings,
    /// The cards' theme: the organiser's, else the default.
    pub theme: Theme,
}

/// Reads the lineup at `target` (a file or a folder of decks) and resolves its talks as
/// `show` says.
pub fn plan_session(target: &Path, show: &ShowOptions) -> Result<PlannedSession, RunError> {
    let is_dir = target.is_dir();
    let (lineup, source) = if is_dir {
        (Lineup::from_dir(target)?, None)
    } else {
        let source = read_source(target).map_err(|reason| LineupError::Unreadable {
            path: target.to_path_buf(),
            reason,
        })?;
        let lineup = Lineup::parse(&source).map_err(|error| error.in_file(target))?;
        (lineup, Some(source))
    };
    let base = if is_dir {
        target.to_path_buf()
    } else {
        target.parent().unwrap_or(Path::new("")).to_path_buf()
    };
    // Decks of a folder are found with their folder already; a file's are as written.
    let deck_base = if is_dir { PathBuf::new() } else { base.clone() };
    let overrides = overrides(show);
    let theme = organiser_theme(&overrides, Some((&lineup, &base)))?;
    let rules = Rules::for_lineup(&lineup, &overrides, theme);
    let talks = prepare_lineup(&lineup, &deck_base, &rules);
    if let Some(warnings) = &show.warnings {
        check_warnings_fire(warnings, talks.iter().map(|talk| talk.plan.slot))
            .map_err(RunError::Warnings)?;
    }
    let settings = ShowSettings {
        title: lineup
            .title
            .clone()
            .unwrap_or_else(|| "Lightning talks".to_string()),
        thresholds: rules.thresholds(),
        ..ShowSettings::default()
    };
    let theme = rules
        .theme
        .as_ref()
        .map_or_else(Theme::dark, |chosen| chosen.theme.clone());
    Ok(PlannedSession {
        lineup,
        source,
        deck_base,
        rules,
        talks,
        settings,
        theme,
    })
}

/// `gong run LINEUP.toml` or `gong run DIR`: the organiser's session.
/// `started` is when the command began: the one reading of the clock before the window
/// loop takes over.
pub(crate) fn session(
    target: &Path,
    options: &SessionOptions,
    started: Instant,
) -> Result<(), RunError> {
    let fonts = FontSet::shared()?;
    let show = &options.show;
    let PlannedSession {
        lineup,
        source,
        deck_base,
        rules,
        talks,
        settings,
        theme,
    } = plan_session(target, show)?;
    let is_dir = source.is_none();
    // Files first (a typo in them is the user's first problem), then the display, and only
    // then anything that leaves a trace: the session log, the sound device.
    let log_path = options.log.clone().unwrap_or_else(|| log_beside(target));
    let mut show_files = vec![(target.to_path_buf(), "the lineup of this show".to_string())];
    if is_dir {
        show_files[0].1 = "the folder of this show's decks".to_string();
    }
    show_files.extend(lineup.talks.iter().filter_map(|talk| {
        let deck = deck_base.join(talk.deck.as_ref()?);
        Some((deck, format!("the deck of {}", talk.speaker)))
    }));
    keep_off_show_files(&log_path, &show_files)?;
    let previous = read_existing_log(&log_path)?;
    let watched =
        source.map(|source| WatchedLineup::new(target, &source, &lineup, rules.clone(), started));
    let mut stage = Opening {
        talks,
        settings,
        theme,
        fonts,
        watched,
        // The organiser's flag over the lineup's setting.
        screen: show.screen.as_ref().or(lineup.screen.as_ref()),
        mute: show.mute || !lineup.sound,
        windowed: show.windowed,
    }
    .open(started)?;
    let session = &mut stage.session;
    let now = started;
    let previous = previous.filter(|_| !options.fresh);
    for line in previous.iter().flat_map(|previous| &previous.skipped) {
        eprintln!("gong: {}: {line}", log_path.display());
    }
    let resumed = previous
        .as_ref()
        .and_then(|previous| session.resume_from(&previous.records, now));
    let log = match resumed {
        Some(line) => {
            eprintln!("gong: {line} ({})", log_path.display());
            SessionLog::open_append(&log_path)?
        }
        None => {
            let (log, set_aside) = SessionLog::create_fresh(&log_path, SystemTime::now())?;
            if let Some(old) = set_aside {
                eprintln!(
                    "gong: the previous session log is kept as {}",
                    old.display()
                );
            }
            log
        }
    };
    session.attach_log(log);
    preflight(session, target, now);
    stage.run(Vec::new(), started)
}

/// `gong present DECK.md`: one talk under the countdown.
pub(crate) fn single_talk(
    deck: &Path,
    show: &ShowOptions,
    log: Option<&Path>,
    started: Instant,
) -> Result<(), RunError> {
    one_talk(deck, show, log, None, started)
}

/// `gong rehearse DECK.md`: one talk in the presenter view, each run recorded beside the
/// deck; `strict`: 0:00 ends the run as it ends a talk on stage.
pub(crate) fn rehearse(
    deck: &Path,
    show: &ShowOptions,
    strict: bool,
    started: Instant,
) -> Result<(), RunError> {
    one_talk(deck, show, None, Some(strict), started)
}

/// One talk, presented or (`rehearsal`: whether strict) rehearsed.
fn one_talk(
    deck: &Path,
    show: &ShowOptions,
    log: Option<&Path>,
    rehearsal: Option<bool>,
    started: Instant,
) -> Result<(), RunError> {
    let fonts = FontSet::shared()?;
    // A deck that cannot be read is said at once: with one talk there is no show to save.
    let source = read_source(deck)?;
    let front = Deck::parse(&source).front;
    let stem = deck
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let overrides = overrides(show);
    let rules = Rules::for_one_deck(&overrides, organiser_theme(&overrides, None)?);
    let speaker = front.author.clone().unwrap_or_else(|| stem.clone());
    let title = front.title.clone().unwrap_or(stem);
    let own = OwnChoices {
        title: Some(&title),
        ..OwnChoices::default()
    };
    let talk: PreparedTalk = prepare_talk(&speaker, &own, Some(deck), &rules);
    if let Some(warnings) = &show.warnings {
        check_warnings_fire(warnings, [talk.plan.slot]).map_err(RunError::Warnings)?;
    }
    // One talk alone: its cards are in the theme of its slides.
    let theme = talk.deck.as_ref().map_or_else(
        || {
            rules
                .theme
                .as_ref()
                .map_or_else(Theme::dark, |chosen| chosen.theme.clone())
        },
        |deck| deck.theme.clone(),
    );
    let theme_warning = talk
        .deck
        .as_ref()
        .and_then(|deck| deck.theme_warning.clone());
    let settings = ShowSettings {
        title,
        thresholds: rules.thresholds(),
        single_talk: true,
        overtime_on_slides: rehearsal == Some(false),
        ..ShowSettings::default()
    };
    // The record beside the deck is opened before the window: one that is not gong's is
    // refused with nothing written.
    let rehearsing = match rehearsal {
        Some(strict) => {
            let slides = talk
                .deck
                .as_ref()
                .map_or_else(Vec::new, |loaded| loaded.slides.clone());
            Some(Rehearsing::open(deck, &source, &slides, strict, started)?)
        }
        None => None,
    };
    if let Some(path) = log {
        keep_off_show_files(path, &[(deck.to_path_buf(), "the deck".to_string())])?;
        crate::session_log::read_existing(path)?;
    }
    let mut stage = Opening {
        talks: vec![talk],
        settings,
        theme,
        fonts,
        watched: None,
        screen: show.screen.as_ref(),
        mute: show.mute,
        windowed: show.windowed,
    }
    .open(started)?;
    let session = &mut stage.session;
    if let Some(path) = log {
        let (log, set_aside) = SessionLog::create_fresh(path, SystemTime::now())?;
        if let Some(old) = set_aside {
            eprintln!("gong: the previous log is kept as {}", old.display());
        }
        session.attach_log(log);
    }
    if let Some(Opened {
        rehearsing,
        warnings,
    }) = rehearsing
    {
        for warning in warnings {
            eprintln!("gong: {warning}");
        }
        if let Some(path) = rehearsing.record_path() {
            eprintln!("gong: every run is recorded in {}", path.display());
        }
        session.rehearse(rehearsing);
    }
    let notices = theme_warning.map(|warning| Notice {
        said: format!("{}: {warning}", deck.display()),
        shown: warning,
    });
    stage.run(notices.into_iter().collect(), started)
}

/// A show whose files are read and resolved, ready to open: what `gong run`, `present`
/// and `rehearse` have made of their files, before anything leaves a trace.
struct Opening<'a> {
    talks: Vec<PreparedTalk>,
    settings: ShowSettings,
    theme: Theme,
    fonts: &'static FontSet,
    watched: Option<WatchedLineup>,
    /// Where the audience window goes (`--screen`, the lineup's `screen =`).
    screen: Option<&'a ScreenChoice>,
    mute: bool,
    windowed: bool,
}

/// A session made and its window planned; nothing shown yet.
struct Stage {
    session: Session,
    images: ImageCache,
    window: WindowConfig,
    /// Why no gong will sound, if none will.
    sound_warning: Option<String>,
}

/// Something the speaker or organiser should know before the show begins: said on the
/// terminal, and shown on screen.
struct Notice {
    said: String,
    shown: String,
}

impl Opening<'_> {
    /// The display checked, the window's screen found, the sound opened and the session
    /// made, in that order: a show that cannot open its window has written nothing.
    fn open(self, started: Instant) -> Result<Stage, RunError> {
        check_display()?;
        let window = WindowConfig {
            screen: place_on_screen(self.screen)?,
            ..WindowConfig::new(self.windowed)?
        };
        let (player, sound_warning) = Player::open(self.mute);
        let images = ImageCache::new(DEFAULT_FIT);
        let mut session = Session::new(
            self.talks,
            self.settings,
            self.theme,
            self.fonts,
            images.clone(),
            player,
            self.watched,
        );
        trace_if_asked(&mut session, started);
        Ok(Stage {
            session,
            images,
            window,
            sound_warning,
        })
    }
}

impl Stage {
    /// Says `notices` and the sound's warning, then shows the session until its window
    /// closes.
    fn run(self, notices: Vec<Notice>, started: Instant) -> Result<(), RunError> {
        let Stage {
            mut session,
            images,
            window,
            sound_warning,
        } = self;
        // The sound's on screen too: the organiser must know before the first talk that
        // no gong will sound.
        let sound = sound_warning.map(|warning| Notice {
            said: warning.clone(),
            shown: warning,
        });
        for notice in notices.into_iter().chain(sound) {
            eprintln!("gong: {}", notice.said);
            session.notify(notice.shown, started);
        }
        session.begin(started);
        let session = present(window, session, Some(images))?;
        session.finish();
        Ok(())
    }
}

/// What the command line says for every talk.
fn overrides(show: &ShowOptions) -> Overrides {
    Overrides {
        duration: show.duration,
        format: show.format,
        theme: show.theme.clone(),
        warnings: show.warnings.clone(),
    }
}

/// `GONG_FRAME_TRACE=FILE`: the opt-in trace the benchmark scripts read; `GONG_VIEW_TRACE=FILE`:
/// every View shown, which tests read.
fn trace_if_asked(session: &mut Session, started: Instant) {
    if let Some(path) = std::env::var_os(FRAME_TRACE_VARIABLE) {
        match FrameTrace::open(Path::new(&path), started) {
            Ok(trace) => session.trace_frames(trace),
            Err(error) => eprintln!("gong: {FRAME_TRACE_VARIABLE}: {error}"),
        }
    }
    if let Some(path) = std::env::var_os(VIEW_TRACE_VARIABLE) {
        match ViewTrace::open(Path::new(&path), started) {
            Ok(views) => session.trace_views(views),
            Err(error) => eprintln!("gong: {VIEW_TRACE_VARIABLE}: {error}"),
        }
    }
}

/// Refuses a log, or the report written beside it at the end, that would land on one of
/// the show's own files (the lineup, a deck, the folder of decks): those are the
/// organiser's and the speakers', and gong writes only its own. A log is also refused
/// when it is anything else gong did not write (`session_log::read_existing`); this
/// catches what content cannot tell, such as an empty deck.
fn keep_off_show_files(log: &Path, show_files: &[(PathBuf, String)]) -> Result<(), RunError> {
    let report = report_beside(log);
    for (file, what) in show_files {
        if same_file(log, file) {
            return Err(SessionLogError::NotALog {
                path: log.to_path_buf(),
                why: what.clone(),
            }
            .into());
        }
        if same_file(&report, file) {
            return Err(RunError::ReportOverShowFile {
                path: report,
                what: what.clone(),
            });
        }
    }
    Ok(())
}

/// Whether two paths name one file (or folder) that exists, however each is spelled.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `talks/lineup.toml` → `talks/lineup.session.jsonl`; a folder → `DIR/session.jsonl`.
fn log_beside(target: &Path) -> PathBuf {
    if target.is_dir() {
        return target.join("session.jsonl");
    }
    let stem = target
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lineup".to_string());
    target.with_file_name(format!("{stem}.session.jsonl"))
}

/// The same checks as `gong check`, shown on the first Up next card rather than stopping
/// the show: an organiser fixes what they can while the first speaker gets ready.
fn preflight(session: &mut Session, target: &Path, now: Instant) {
    let report = Checker::default().check_paths(&[target.to_path_buf()]);
    let errors = report.error_count();
    if errors == 0 {
        return;
    }
    let first = report
        .to_text()
        .lines()
        .find(|line| line.contains(": error: "))
        .unwrap_or_default()
        .to_string();
    let more = if errors > 1 {
        format!(" (and {} more: run gong check)", errors - 1)
    } else {
        String::new()
    };
    session.notify(format!("{first}{more}"), now);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_log_lives_beside_the_lineup() {
        assert_eq!(
            log_beside(Path::new("talks/lineup.toml")),
            PathBuf::from("talks/lineup.session.jsonl")
        );
    }

    #[test]
    fn defaults_are_five_minutes_with_warnings_at_one_minute_and_thirty_seconds() {
        assert_eq!(crate::lineup::DEFAULT_SLOT, Duration::from_secs(300));
        let thresholds = Rules::for_one_deck(&Overrides::default(), None).thresholds();
        assert_eq!(thresholds.wrap_up, Duration::from_secs(60));
        assert_eq!(thresholds.final_call, Duration::from_secs(30));
    }
}
