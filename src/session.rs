//! A running show wired to the world: the pure `Show` plus the decks it presents, the
//! slide layout cache, the sound player, the session log and the lineup watcher. It is
//! what the window drives (`window::App`), and the only place where the show's effects
//! touch files and speakers.
//!
//! It owns no rules of its own: what a key does is `Show::apply`, what a slide looks like
//! is `layout`, what a frame holds is the show's `View` composed by `layout::stage`. It
//! must not import macroquad; time comes in from the window loop (wall-clock time is read
//! only to stamp log lines for people).
//!
//! Its parts: `prepare` (a talk's deck read and resolved), `watched` (the lineup file),
//! `cache` (slides laid out between frames), `frame_trace`, `log_files` (the log read
//! back, the report written beside it) and `rehearse` (the presenter view, rehearsals).

use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant, SystemTime};

use crate::clock::{ClockState, Phase, Thresholds};
use crate::command::{Command, Key, command_for};
use crate::fonts::FontSet;
use crate::images::ImageCache;
use crate::layout::stage::{StageContext, compose};
use crate::layout::{DrawList, SlideContext, layout_slide};
use crate::lineup::Lineup;
use crate::session_log::{Done, Event, Record, Resume, SessionLog, TalkRef, find_talks};
use crate::show::{
    Effect, Input, Outcome, Resumption, Screen, Show, ShowSettings, TalkPlan, Topic,
};
use crate::signup::{SignupError, reorder_talks, reordered_text};
use crate::sound::Player;
use crate::talk::Rules;
use crate::theme::Theme;
use crate::view_trace::ViewTrace;
use crate::watch::Change;
use crate::window::{App, Frame, Viewport, Waker};

mod cache;
mod frame_trace;
mod log_files;
mod prepare;
mod rehearse;
mod watched;

use cache::{CachedSlide, CardsAhead, SlideKey};
pub(crate) use frame_trace::{FRAME_TRACE_VARIABLE, FrameTrace};
use log_files::write_report_beside;
pub(crate) use log_files::{read_existing_log, report_beside};
pub(crate) use prepare::{DeckId, LoadedDeck, PreparedTalk, prepare_lineup, prepare_talk};
pub(crate) use rehearse::{Opened, Rehearsing};
pub(crate) use watched::WatchedLineup;

pub struct Session {
    show: Show,
    decks: Vec<Option<Rc<LoadedDeck>>>,
    /// The running talk's deck when an edit dropped its entry from the lineup: the talk
    /// goes on with what it has.
    orphan: Option<Rc<LoadedDeck>>,
    theme: Theme,
    fonts: &'static FontSet,
    images: ImageCache,
    player: Player,
    log: Option<SessionLog>,
    /// Records of events handled since the last picture reached the screen, each with
    /// its wall-clock time and talk clock as it happened: written and synced once it has
    /// (`App::shown`), so a press is not shown later by the disk's sync (milliseconds,
    /// hundreds on a busy disk). Each is still on the disk before the next frame.
    unwritten: Vec<(Instant, SystemTime, Option<u64>, Event)>,
    lineup: Option<WatchedLineup>,
    /// The panel's latest order and when it was made, while another writer holds the
    /// lineup file's lock.
    unsaved_order: Option<(Vec<usize>, Instant)>,
    current: Option<CachedSlide>,
    upcoming: Option<CachedSlide>,
    /// The glyphs of every card still to come (`Show::cards_ahead`, gathered by
    /// `layout::ahead`), for the window to warm.
    ahead: Option<CardsAhead>,
    preload: Option<usize>,
    frame: DrawList,
    quit: bool,
    toggle_fullscreen: bool,
    next_screen: bool,
    trace: Option<FrameTrace>,
    views: Option<ViewTrace>,
    /// `V`: the presenter view instead of the audience's.
    presenter: bool,
    /// Lines of the notes scrolled past, and the slide they are the notes of.
    notes_scroll: usize,
    notes_slide: Option<usize>,
    presented: rehearse::Presented,
    rehearsal: Option<Rehearsing>,
    /// On stage, the talk on timed slide by slide for the presenter view's pacing (a
    /// rehearsal times its own run), with the deck load it was made for.
    stage_pacing: Option<(DeckId, crate::rehearsal::Rehearsal)>,
}

impl Session {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        talks: Vec<PreparedTalk>,
        settings: ShowSettings,
        theme: Theme,
        fonts: &'static FontSet,
        images: ImageCache,
        player: Player,
        lineup: Option<WatchedLineup>,
    ) -> Session {
        let (plans, decks) = split(talks);
        Session {
            show: Show::new(plans, settings),
            decks,
            orphan: None,
            theme,
            fonts,
            images,
            player,
            log: None,
            unwritten: Vec::new(),
            lineup,
            unsaved_order: None,
            current: None,
            upcoming: None,
            ahead: None,
            preload: None,
            frame: DrawList::default(),
            quit: false,
            toggle_fullscreen: false,
            next_screen: false,
            trace: None,
            views: None,
            presenter: false,
            notes_scroll: 0,
            notes_slide: None,
            presented: rehearse::Presented::default(),
            rehearsal: None,
            stage_pacing: None,
        }
    }

    /// From now on, every frame that shows another screen than the frame before appends a
    /// line to this file (see `FrameTrace`): for measuring how fast the show hands over.
    pub(crate) fn trace_frames(&mut self, trace: FrameTrace) {
        self.trace = Some(trace);
    }

    /// From now on, every View that differs from the one before is appended to this file
    /// (see `ViewTrace`).
    pub(crate) fn trace_views(&mut self, views: ViewTrace) {
        self.views = Some(views);
    }

    /// Picks a session up where an unfinished log left it: talks already given or skipped
    /// keep their outcome; the talk that was on stage comes back paused with the time it
    /// had left (`Input::Resume`), else the show waits on the Up next card of the first
    /// talk not done. Returns a line for the organiser, if resumed.
    ///
    /// The log is replayed once (`Resume`, panel moves included) and its talks found in
    /// the lineup by place, then by what they are (`session_log::find_talks`), so talks
    /// alike in speaker and title each get their own outcome and deck back.
    pub(crate) fn resume_from(&mut self, records: &[Record], now: Instant) -> Option<String> {
        let resume = Resume::from_records(records);
        if !resume.started || resume.finished {
            return None;
        }
        let logged: Vec<&TalkRef> = resume
            .done
            .iter()
            .map(|done| &done.talk)
            .chain(resume.current.as_ref().map(|current| &current.talk))
            .collect();
        let found = find_talks(&logged, &self.show.talk_refs());
        let done = resume.done.iter().zip(&found).filter_map(|(done, place)| {
            let outcome = match done.how {
                Done::Given {
                    used_ms,
                    overtime_ms,
                    early,
                } => Outcome::Given {
                    used: Duration::from_millis(used_ms),
                    overtime: Duration::from_millis(overtime_ms),
                    early,
                },
                Done::Skipped => Outcome::Skipped,
            };
            place.map(|index| (index, outcome))
        });
        let on_stage = resume
            .current
            .clone()
            .zip(found.get(resume.done.len()).copied().flatten())
            .map(|(current, index)| (index, current));
        let resumption = Resumption {
            done: done.collect(),
            on_stage,
        };
        self.tell(Input::Resume(resumption), now);
        if !self.show.resumed() {
            return None;
        }
        if self.show.screen() == Screen::Summary {
            let message =
                "Resumed the session: every talk was done, so here is its summary".to_string();
            self.tell(Input::notice(message.clone()), now);
            return Some(message);
        }
        let turn = self.show.current_turn()?;
        let mut message = format!(
            "Resumed the session at talk {} ({})",
            self.show.current() + 1,
            turn.plan.speaker
        );
        let clock = self.show.clock();
        // Back past its first slide: the speaker is told where, before the room sees it.
        let on_slide = match self.show.slide() {
            0 => String::new(),
            slide => format!(" on slide {}", slide + 1),
        };
        match clock.state() {
            ClockState::Paused => message.push_str(&format!(
                ", paused with {} left{on_slide}: S goes on, R twice starts it over",
                crate::duration::format_countdown(clock.remaining(now))
            )),
            ClockState::TimeUp => message.push_str(", at its time-up"),
            ClockState::Ready | ClockState::Running => {}
        }
        self.tell(Input::notice(message.clone()), now);
        Some(message)
    }

    /// Every event from now on is appended to this log.
    pub fn attach_log(&mut self, log: SessionLog) {
        self.log = Some(log);
    }

    /// The show's first effects (session started or resumed, first deck to warm).
    pub fn begin(&mut self, now: Instant) {
        let effects = self.show.begin();
        self.handle(effects, now);
        // Before the window opens: no picture to wait for.
        self.write_unwritten(now);
    }

    pub fn show(&self) -> &Show {
        &self.show
    }

    /// Say something to the organiser on screen (a preflight problem, a sound warning).
    pub(crate) fn notify(&mut self, message: impl Into<String>, now: Instant) {
        self.tell(Input::notice(message), now);
        self.write_unwritten(now);
    }

    /// Gives the show an input and carries out what it asks for.
    fn tell(&mut self, input: Input, now: Instant) {
        let effects = self.show.apply(input, now);
        self.handle(effects, now);
    }

    /// Ends the session from outside (window closed): the log gets its last lines.
    pub(crate) fn finish(mut self) {
        // What the last frame left unwritten, at the moment its last record was made:
        // the window is gone, and the show reads no clock of its own.
        if let Some(&(last, ..)) = self.unwritten.last() {
            self.write_unwritten(last);
        }
        self.player.finish();
    }

    fn handle(&mut self, effects: Vec<Effect>, now: Instant) {
        let mut quit = false;
        for effect in effects {
            match effect {
                Effect::Sound(cue) => self.player.play(cue),
                Effect::Log(event) => self.write_log(event, now),
                Effect::Quit => quit = true,
                Effect::ToggleFullscreen => self.toggle_fullscreen = true,
                Effect::NextScreen => self.next_screen = true,
                Effect::PreloadTalk(source) => self.preload = Some(source),
                Effect::Reordered(order) => self.save_order(order, now, now),
            }
        }
        // After every change of the show: a rehearsal (or on stage, the pacing) times
        // what was on screen.
        self.observe_run(now);
        if quit {
            self.end_run(now);
            self.quit = true;
        }
    }

    /// Writes the panel's order (made at `made`) into the lineup file, so a restart (and
    /// the organiser opening it) sees the order on screen. A show of a folder of decks
    /// keeps it in memory. A file that cannot be written is said on screen; the show goes
    /// on. A file another gong is writing at this moment (a signup) is tried again on the
    /// next frames, never waited for here: the frame would stall.
    fn save_order(&mut self, order: Vec<usize>, made: Instant, now: Instant) {
        let Some(watched) = self.lineup.as_mut() else {
            return;
        };
        self.unsaved_order = None;
        let tables: Vec<usize> = order
            .iter()
            .filter_map(|&source| watched.tables.get(source).copied())
            .collect();
        let said = match reorder_talks(watched.watcher.path(), &watched.text, &tables) {
            Err(SignupError::Busy { .. }) => {
                self.unsaved_order = Some((order, made));
                (now.saturating_duration_since(made) >= LOCKED_FOR_LONG).then(|| {
                    let message = format!(
                        "{} is held by another writer — the new order is on screen, and goes \
                         into the file once it is free",
                        watched.watcher.path().display()
                    );
                    Input::trouble(Topic::LineupFile, message)
                })
            }
            Ok(written) => {
                // Our own write is no edit; but one made since the last look, carried
                // into the write (a signup), must still reach the show: the watcher brings
                // it, and with it a list made afresh from the file.
                let ours = reordered_text(&watched.text, &tables);
                if ours.as_deref() == Some(written.as_str()) {
                    watched.watcher.accept(&written, now);
                    watched.wrote(written, &tables);
                }
                Some(Input::TroubleOver(Topic::LineupFile))
            }
            Err(error) => {
                let message = format!("{error} — the new order is kept on screen only");
                Some(Input::trouble(Topic::LineupFile, message))
            }
        };
        if let Some(input) = said {
            self.tell(input, now);
        }
    }

    /// Keeps `event`'s record for `write_unwritten`, with the times it happened at.
    fn write_log(&mut self, event: Event, now: Instant) {
        if self.log.is_none() {
            return;
        }
        let talk_ms = match &event {
            // By the time the effect is handled the show is on the next card; the talk's
            // own clock is in the event.
            Event::TalkEnded {
                used_ms,
                overtime_ms,
                ..
            } => Some(used_ms + overtime_ms),
            _ => self.show.talk_ms(now),
        };
        self.unwritten
            .push((now, SystemTime::now(), talk_ms, event));
    }

    /// Writes the records kept since the last picture, in order, each synced.
    fn write_unwritten(&mut self, now: Instant) {
        for (_, at, talk_ms, event) in std::mem::take(&mut self.unwritten) {
            self.write_record(at, talk_ms, event, now);
        }
    }

    fn write_record(&mut self, at: SystemTime, talk_ms: Option<u64>, event: Event, now: Instant) {
        let Some(log) = self.log.as_mut() else {
            return;
        };
        let ended = matches!(event, Event::SessionEnded { .. });
        let mut said = vec![match log.write_event(at, talk_ms, event) {
            // Writing again (space came back): the banner about it goes.
            Ok(_) => Input::TroubleOver(Topic::SessionLog),
            // The show goes on; the organiser must know the record is not being kept.
            Err(error) => Input::trouble(Topic::SessionLog, format!("session log: {error}")),
        }];
        if ended && let Err(error) = write_report_beside(log.path()) {
            let message = format!("report {}: {error}", report_beside(log.path()).display());
            said.push(Input::notice(message));
        }
        for input in said {
            self.tell(input, now);
        }
    }

    /// A panel order the lineup's lock kept out of the file: tried again.
    fn save_unsaved_order(&mut self, now: Instant) {
        if let Some((order, made)) = self.unsaved_order.take() {
            self.save_order(order, made, now);
        }
    }

    fn watch_lineup(&mut self, now: Instant) {
        let Some(watched) = self.lineup.as_mut() else {
            return;
        };
        let Some(change) = watched.watcher.poll(now) else {
            return;
        };
        let path = watched.watcher.path().to_path_buf();
        match change {
            Change::Unreadable(reason) => {
                let message = format!(
                    "{}: {reason} — keeping the last good lineup",
                    path.display()
                );
                self.notify(message, now);
            }
            Change::Edited(source) => match Lineup::parse(&source) {
                Err(error) => {
                    let message =
                        format!("{} — keeping the last good lineup", error.in_file(&path));
                    self.notify(message, now);
                }
                Ok(lineup) => {
                    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
                    // The edit's own slot for everyone; the command line and the theme
                    // stay as the show started with them.
                    let rules = Rules {
                        lineup_slot: lineup.duration_written.then_some(lineup.duration),
                        ..watched.rules.clone()
                    };
                    let talks = prepare_lineup(&lineup, &base, &rules);
                    watched.text.clone_from(&source);
                    watched.tables = (0..talks.len()).collect();
                    self.orphan = self.current_deck();
                    let (plans, decks) = split(talks);
                    self.decks = decks;
                    self.tell(Input::LineupEdited(plans), now);
                    if self.show.current_source().is_some() {
                        self.orphan = None;
                    }
                }
            },
        }
    }

    fn current_deck(&self) -> Option<Rc<LoadedDeck>> {
        match self.show.current_source() {
            Some(source) => self.decks.get(source).cloned().flatten(),
            None => self.orphan.clone(),
        }
    }

    fn lay_out(
        &self,
        deck: &Rc<LoadedDeck>,
        slide: usize,
        step: usize,
        size: (f32, f32),
    ) -> Option<CachedSlide> {
        let content = deck.slides.get(slide)?;
        let key = SlideKey {
            deck: deck.id,
            slide,
            step,
            size: (size.0 as u32, size.1 as u32),
            images: self.images.generation(),
        };
        let context = SlideContext {
            window: size,
            theme: &deck.theme,
            measure: &self.fonts.in_language(deck.han),
            images: &self.images,
            deck_dir: &deck.dir,
            reveal: step,
            footer: true,
        };
        Some(CachedSlide {
            key,
            list: layout_slide(content, &context),
        })
    }

    /// Lays out the slide on screen (and the one after it, to warm its glyphs) only when
    /// what it depends on changed.
    fn refresh_slides(&mut self, size: (f32, f32)) {
        let deck = self.current_deck();
        let on_stage = self.show.screen() == Screen::Talk;
        self.current = match (&deck, on_stage) {
            (Some(deck), true) => {
                let (slide, step) = (self.show.slide(), self.show.step());
                let fresh = self.current.take().filter(|cached| {
                    cached.key.deck == deck.id
                        && cached.key.slide == slide
                        && cached.key.step == step
                        && cached.key.size == (size.0 as u32, size.1 as u32)
                        && cached.key.images == self.images.generation()
                });
                fresh.or_else(|| self.lay_out(deck, slide, step, size))
            }
            _ => None,
        };
        // What comes next: the rest of this slide, the next slide, or the next talk's
        // first slide while this one is on its Up next or TIME card.
        let upcoming = match (&deck, on_stage) {
            (Some(deck), true) => Some((deck.clone(), self.show.slide() + 1, 0)),
            _ => self
                .preload
                .and_then(|source| self.decks.get(source).cloned().flatten())
                .or(deck.clone())
                .map(|deck| (deck, 0, 0)),
        };
        self.upcoming = upcoming.and_then(|(deck, slide, step)| {
            let cached = self
                .upcoming
                .take()
                .filter(|cached| cached.key.deck == deck.id && cached.key.slide == slide);
            cached.or_else(|| self.lay_out(&deck, slide, step, size))
        });
    }

    /// When the picture next changes by itself: the clock's next displayed second or
    /// threshold, the TIME card's overtime count, or a blink while paused. The window
    /// paints then and otherwise only for input (issue 15: a still slide costs nothing).
    fn wake_at(&self, now: Instant) -> Option<Instant> {
        let clock = self.show.clock();
        match clock.state() {
            ClockState::Running => {
                let remaining = clock.remaining(now);
                Some(now + until_change(remaining, clock.thresholds()))
            }
            // Overtime counts up in whole seconds.
            ClockState::TimeUp => Some(now + until_next_count(clock.overtime(now), SECOND)),
            ClockState::Paused => {
                let paused = clock.paused_for(now).unwrap_or_default();
                Some(now + until_next_count(paused, BLINK))
            }
            ClockState::Ready => None,
        }
    }
}

/// How long the panel's order may wait for the lineup's lock before the organiser is told:
/// a signup holds it for milliseconds, so longer means a writer that is stuck.
const LOCKED_FOR_LONG: Duration = Duration::from_secs(2);

/// Whether the window should draw at full rate: while the last seconds pulse. Every
/// other card changes only at the moments `wake_at` names, and a key wakes the window
/// at once, so the hand-over on the TIME card needs no frames of its own.
fn full_rate(screen: Screen, phase: Phase) -> bool {
    screen == Screen::Talk && phase == Phase::LastSeconds
}

const SECOND: Duration = Duration::from_secs(1);
/// How long the PAUSED cue stays at one brightness (see `layout::stage`).
const BLINK: Duration = Duration::from_millis(500);

/// Until a count that goes up by one every `step` (overtime, the blink) next changes.
fn until_next_count(elapsed: Duration, step: Duration) -> Duration {
    let into = Duration::from_nanos((elapsed.as_nanos() % step.as_nanos().max(1)) as u64);
    step - into
}

fn split(talks: Vec<PreparedTalk>) -> (Vec<TalkPlan>, Vec<Option<Rc<LoadedDeck>>>) {
    talks.into_iter().map(|talk| (talk.plan, talk.deck)).unzip()
}

fn subsecond(duration: Duration) -> Duration {
    Duration::from_nanos(u64::from(duration.subsec_nanos()))
}

/// Until the running clock next changes what it shows or does: a whole second, or a
/// warning or pulse threshold. Thresholds are usually whole seconds too, but one written
/// as `1500ms` is not, and its chime must not wait for the next second.
fn until_change(remaining: Duration, thresholds: Thresholds) -> Duration {
    [thresholds.wrap_up, thresholds.final_call, thresholds.pulse]
        .into_iter()
        .filter_map(|threshold| remaining.checked_sub(threshold))
        .filter(|until| !until.is_zero())
        .fold(until_next_second(remaining), Duration::min)
}

/// A countdown shows whole seconds rounded up, so it changes when the remaining time
/// crosses a whole second.
fn until_next_second(remaining: Duration) -> Duration {
    match subsecond(remaining) {
        fraction if fraction.is_zero() => Duration::from_secs(1),
        fraction => fraction,
    }
}

impl App for Session {
    fn frame(&mut self, screen: Viewport, now: Instant) -> Frame<'_> {
        let effects = self.show.tick(now);
        self.handle(effects, now);
        self.watch_deck(now);
        self.save_unsaved_order(now);
        // Not while an order waits for the file: the file still says the old one, and
        // taking it in would undo the panel's move on screen.
        if self.unsaved_order.is_none() {
            self.watch_lineup(now);
        }
        let size = (screen.width, screen.height);
        self.refresh_slides(size);
        let view = self.show.view(now);
        if let Some(views) = self.views.as_mut() {
            views.record(&view, now);
        }
        // The presenter's slides are laid out (and cached) as it composes: it needs the
        // session mutably, so it has a theme of its own for the frame.
        let presented = self.presenter.then(|| {
            let theme = self.theme.clone();
            let context = StageContext {
                width: screen.width,
                height: screen.height,
                theme: &theme,
                measure: self.fonts,
            };
            self.presenter_frame(view.clone(), context, now)
        });
        let took_a_save = self.took_a_save();
        let context = StageContext {
            width: screen.width,
            height: screen.height,
            theme: &self.theme,
            measure: self.fonts,
        };
        self.frame = match (self.report_card_frame(context), presented) {
            (Some(card), _) => card,
            (None, Some(presented)) => presented,
            (None, None) => compose(
                &view,
                self.current.as_ref().map(|cached| &cached.list),
                context,
            ),
        };
        if let Some(trace) = self.trace.as_mut() {
            trace.frame(self.show.screen(), self.show.current() + 1, now);
        }
        if took_a_save && let Some(trace) = self.trace.as_mut() {
            trace.reloaded(now);
        }
        self.ahead = Some(CardsAhead::refresh(
            self.ahead.take(),
            &self.show,
            context,
            now,
        ));
        let full_rate = full_rate(self.show.screen(), self.show.clock().phase(now));
        // In the presenter view, its next step as it will be drawn once it is on: large.
        let upcoming = self
            .presenter
            .then(|| self.presented.ahead())
            .flatten()
            .or(self.upcoming.as_ref().map(|cached| &cached.list));
        let ahead = self
            .ahead
            .as_ref()
            .filter(|ahead| !ahead.warm)
            .map(|ahead| &ahead.glyphs);
        Frame {
            list: &self.frame,
            upcoming: upcoming.into_iter().chain(ahead).collect(),
            animating: full_rate,
            wake_at: self
                .wake_at(now)
                .into_iter()
                .chain(self.presenter_wake(now))
                .min(),
            toggle_fullscreen: std::mem::take(&mut self.toggle_fullscreen),
            next_screen: std::mem::take(&mut self.next_screen),
            screenshot: None,
        }
    }

    fn key(&mut self, key: Key, now: Instant) {
        // The window's own keys: which view it draws, and the notes in it.
        match command_for(key) {
            Some(Command::SwitchView) => return self.switch_view(),
            Some(Command::NotesBack) => return self.scroll_notes(false),
            Some(Command::NotesOn) => return self.scroll_notes(true),
            _ => {}
        }
        if let Some(command) = command_for(key) {
            let effects = self.show.apply(command, now);
            self.handle(effects, now);
        }
    }

    fn click(&mut self, now: Instant) {
        self.key(Key::Click, now);
    }

    fn wants_quit(&self) -> bool {
        self.quit
    }

    fn closed(&mut self, now: Instant) {
        self.end_run(now);
    }

    fn waker(&mut self, waker: Waker) {
        self.ring_on_save(waker);
    }

    fn composed(&mut self, started: Instant, at: Instant) {
        if let Some(trace) = self.trace.as_mut() {
            trace.composed(started, at);
        }
    }

    fn shown(&mut self, now: Instant, warm: bool) {
        self.write_unwritten(now);
        self.write_unwritten_runs(now);
        // `warm` covers everything this frame offered, the cards ahead included.
        if let Some(ahead) = self.ahead.as_mut().filter(|_| warm) {
            ahead.warm = true;
        }
        if let Some(trace) = self.trace.as_mut() {
            trace.shown(now, warm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::prepare::first_heading;
    use super::*;
    use crate::fonts::Han;
    use crate::format::Format;
    use crate::session_log::read_log;
    use crate::talk::{Overrides, OwnChoices};

    /// The window the tests' frames are composed for.
    const FULL_HD: Viewport = Viewport {
        width: 1920.0,
        height: 1080.0,
        fullscreen: false,
    };

    #[test]
    fn the_report_goes_beside_the_log_and_never_onto_it() {
        let beside = |log: &str| report_beside(Path::new(log));
        assert_eq!(
            beside("talks/lineup.session.jsonl"),
            Path::new("talks/lineup.session.md")
        );
        assert_eq!(beside("day1.md"), Path::new("day1.md.md"));
        assert_eq!(beside("notes"), Path::new("notes.md"));
    }

    #[test]
    fn the_countdown_wakes_when_its_display_changes() {
        assert_eq!(
            until_next_second(Duration::from_millis(4_250)),
            Duration::from_millis(250)
        );
        assert_eq!(
            until_next_second(Duration::from_secs(4)),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn the_frame_trace_writes_a_line_when_the_screen_or_talk_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frames.trace");
        let start = Instant::now();
        let mut trace = FrameTrace::open(&path, start).unwrap();
        let ms = Duration::from_millis;
        for (screen, talk, at) in [
            (Screen::UpNext, 1, start),
            (Screen::UpNext, 1, start + ms(100)),
            (Screen::Talk, 1, start + ms(250)),
            (Screen::UpNext, 2, start + ms(400)),
        ] {
            trace.frame(screen, talk, at);
            trace.composed(at, at + ms(3));
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
        let seen: Vec<(&str, &str)> = lines.iter().map(|l| (l[1], l[2])).collect();
        assert_eq!(seen, [("UpNext", "1"), ("Talk", "1"), ("UpNext", "2")]);
        let ms: Vec<f64> = lines.iter().map(|l| l[0].parse().unwrap()).collect();
        assert!((ms[1] - ms[0] - 250.0).abs() < 0.01, "{ms:?}");
        assert!((ms[2] - ms[0] - 400.0).abs() < 0.01, "{ms:?}");
        // Busy is from the frame's start to the moment its picture was composed.
        assert!(lines.iter().all(|l| l[3] == "3.000"), "{text}");
        // The gap is since the frame before, whether or not that one was written.
        let gaps: Vec<&str> = lines.iter().map(|l| l[4]).collect();
        assert_eq!(gaps, ["0.000", "150.000", "150.000"]);
    }

    #[test]
    fn only_the_last_seconds_draw_at_full_rate() {
        assert!(full_rate(Screen::Talk, Phase::LastSeconds));
        assert!(!full_rate(Screen::TimeUp, Phase::TimeUp));
        assert!(!full_rate(Screen::ThankYou, Phase::Paused));
        assert!(!full_rate(Screen::Talk, Phase::Normal));
        assert!(!full_rate(Screen::UpNext, Phase::Normal));
        assert!(!full_rate(Screen::Summary, Phase::Normal));
    }

    #[test]
    fn overtime_and_the_pause_blink_wake_when_their_count_changes() {
        let ms = Duration::from_millis;
        assert_eq!(until_next_count(ms(12_300), SECOND), ms(700));
        assert_eq!(until_next_count(ms(0), SECOND), SECOND);
        assert_eq!(until_next_count(ms(3_000), SECOND), SECOND);
        assert_eq!(until_next_count(ms(1_260), BLINK), ms(240));
        assert_eq!(until_next_count(ms(1_000), BLINK), BLINK);
    }

    #[test]
    fn the_running_clock_wakes_at_a_threshold_between_seconds() {
        let thresholds = Thresholds {
            wrap_up: Duration::from_millis(2_500),
            final_call: Duration::from_secs(1),
            pulse: Duration::from_secs(10),
        };
        // 2.8 s left: the wrap-up at 2.5 s comes before the display's change at 2.0 s.
        assert_eq!(
            until_change(Duration::from_millis(2_800), thresholds),
            Duration::from_millis(300)
        );
        // 2.2 s left: wrap-up passed; the next second (2.0 s) comes first.
        assert_eq!(
            until_change(Duration::from_millis(2_200), thresholds),
            Duration::from_millis(200)
        );
        // Exactly on a threshold: not "now" again, the next change.
        assert_eq!(
            until_change(Duration::from_millis(2_500), thresholds),
            Duration::from_millis(500)
        );
    }

    /// A session's rules with nothing said on the command line or in the lineup.
    fn defaults() -> Rules {
        Rules::for_one_deck(&Overrides::default(), None)
    }

    /// A talk's own title and slot, as a lineup entry says them.
    fn own(title: Option<&str>, slot: Option<Duration>) -> OwnChoices<'_> {
        OwnChoices {
            title,
            duration: slot,
            format: None,
            lang: None,
        }
    }

    const LINEUP: &str = r#"title = "Day 1"   # 세션

[[talk]]
speaker = "Ann"
title = "One"

# Bob may be late.
[[talk]]
speaker = "Bob"
title = "Two"

[[talk]]
speaker = "김민지"
title = "셋"
"#;

    /// A session of `LINEUP` (title cards, no window) watching its file, started at `t0`.
    fn watched_session(path: &Path, t0: Instant) -> Session {
        std::fs::write(path, LINEUP).unwrap();
        let mut session = session_on(path, t0);
        session.begin(t0);
        session
    }

    /// A session (no window) of the lineup at `path` as `gong run` makes it, not begun.
    fn session_on(path: &Path, t0: Instant) -> Session {
        let source = std::fs::read_to_string(path).unwrap();
        let lineup = Lineup::parse(&source).unwrap();
        let talks = prepare_lineup(&lineup, path.parent().unwrap(), &defaults());
        let watched = WatchedLineup::new(path, &source, &lineup, defaults(), t0);
        Session::new(
            talks,
            ShowSettings::default(),
            Theme::dark(),
            FontSet::shared().unwrap(),
            ImageCache::new(crate::images::DEFAULT_FIT),
            Player::silent(),
            Some(watched),
        )
    }

    /// Each key as the window gives it: handled, and its picture shown (when the log
    /// gets its records).
    fn press(session: &mut Session, keys: &[Key], now: Instant) {
        for key in keys {
            session.key(*key, now);
            session.shown(now, false);
        }
    }

    fn speakers(session: &Session) -> Vec<String> {
        session
            .show()
            .turns()
            .iter()
            .map(|turn| turn.plan.speaker.clone())
            .collect()
    }

    fn file_speakers(path: &Path) -> Vec<String> {
        let lineup = Lineup::load(path).unwrap();
        lineup.talks.into_iter().map(|talk| talk.speaker).collect()
    }

    #[test]
    fn a_panel_move_is_written_to_the_lineup_and_not_read_back_as_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let t0 = Instant::now();
        let mut session = watched_session(&path, t0);
        // Bob is a no-show: sent to the end from the panel.
        let now = t0 + Duration::from_secs(1);
        press(
            &mut session,
            &[Key::Char('l'), Key::Down, Key::Char('e'), Key::Escape],
            now,
        );
        assert_eq!(speakers(&session), ["Ann", "김민지", "Bob"]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(file_speakers(&path), ["Ann", "김민지", "Bob"]);
        assert!(text.starts_with("title = \"Day 1\"   # 세션\n"), "{text}");
        assert!(
            text.ends_with("\n# Bob may be late.\n[[talk]]\nspeaker = \"Bob\"\ntitle = \"Two\"\n"),
            "{text}"
        );
        // The show's own write is known: nothing to take in, nothing on the banner.
        let watcher = &mut session.lineup.as_mut().unwrap().watcher;
        assert_eq!(watcher.poll(now + Duration::from_secs(1)), None);
        assert_eq!(session.show().banner(now + Duration::from_secs(1)), None);

        // A later edit of the file is taken in as always, after the panel's order.
        crate::signup::append_talk(&path, "Di", "Four", None).unwrap();
        let later = now + Duration::from_secs(2);
        session.watch_lineup(later);
        assert_eq!(speakers(&session), ["Ann", "김민지", "Bob", "Di"]);
    }

    #[test]
    fn the_log_banner_stays_while_the_disk_is_full_and_goes_when_a_write_succeeds() {
        use std::cell::Cell;
        use std::rc::Rc;
        let dir = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let mut session = watched_session(&dir.path().join("lineup.toml"), t0);
        let room = Rc::new(Cell::new(0));
        let log = dir.path().join("lineup.session.jsonl");
        session.attach_log(crate::session_log::full_disk::log(
            &log,
            room.clone(),
            false,
        ));
        // The talk starts, is paused and resumed on a full disk: one banner says so.
        let at = |ms| t0 + Duration::from_millis(ms);
        press(&mut session, &[Key::Char('s')], at(1_000));
        press(&mut session, &[Key::Char('s')], at(2_000));
        press(&mut session, &[Key::Char('s')], at(3_000));
        let banner = session.show().banner(at(3_000)).unwrap_or_default();
        assert!(banner.starts_with("session log: cannot write"), "{banner}");
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "");
        // Space comes back: the next record is written and the banner goes.
        room.set(u64::MAX);
        press(&mut session, &[Key::Char('s')], at(4_000));
        assert_eq!(session.show().banner(at(4_000)), None);
        let (records, errors) = read_log(&std::fs::read_to_string(&log).unwrap());
        assert_eq!((records.len(), errors.len()), (1, 0));
        assert!(matches!(records[0].event, Event::Paused { .. }));
    }

    #[test]
    fn a_signup_made_just_before_a_panel_move_still_reaches_the_show() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let t0 = Instant::now();
        let mut session = watched_session(&path, t0);
        // The signup lands between two looks at the file; the move comes before the next.
        crate::signup::append_talk(&path, "Di", "Four", None).unwrap();
        let now = t0 + Duration::from_millis(100);
        press(
            &mut session,
            &[Key::Char('l'), Key::Down, Key::Char('u')],
            now,
        );
        assert_eq!(file_speakers(&path), ["Bob", "Ann", "김민지", "Di"]);
        session.watch_lineup(now + Duration::from_secs(1));
        assert_eq!(speakers(&session), ["Bob", "Ann", "김민지", "Di"]);
    }

    #[test]
    fn a_panel_move_waits_for_a_signup_holding_the_lineup_and_is_written_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let t0 = Instant::now();
        let mut session = watched_session(&path, t0);
        let held = crate::signup::LineupLock::acquire(&path, Duration::ZERO).unwrap();
        let at = |ms| t0 + Duration::from_millis(ms);
        // Bob moved up while `gong add` holds the file: on screen now, the file untouched.
        press(
            &mut session,
            &[Key::Char('l'), Key::Down, Key::Char('u')],
            at(100),
        );
        assert_eq!(speakers(&session), ["Bob", "Ann", "김민지"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), LINEUP);
        // Held for long: the organiser is told, and the show still does not wait.
        session.save_unsaved_order(at(3_000));
        let banner = session.show().banner(at(3_000)).unwrap_or_default();
        assert!(banner.contains("held by another writer"), "{banner}");
        assert_eq!(file_speakers(&path), ["Ann", "Bob", "김민지"]);
        // The signup is written and the lock let go: the next frame writes the order,
        // after the signup, and takes the file's word back up.
        let signed_up = format!("{LINEUP}\n[[talk]]\nspeaker = \"Di\"\ntitle = \"Four\"\n");
        std::fs::write(&path, signed_up).unwrap();
        drop(held);
        session.save_unsaved_order(at(3_100));
        assert_eq!(file_speakers(&path), ["Bob", "Ann", "김민지", "Di"]);
        assert_eq!(session.show().banner(at(3_100)), None);
        session.watch_lineup(at(4_000));
        assert_eq!(speakers(&session), ["Bob", "Ann", "김민지", "Di"]);
    }

    /// The decks of a lineup file, in the file's order.
    fn file_decks(path: &Path) -> Vec<String> {
        let lineup = Lineup::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let deck = |talk: crate::lineup::Talk| talk.deck.unwrap().display().to_string();
        lineup.talks.into_iter().map(deck).collect()
    }

    #[test]
    fn talks_alike_but_for_their_decks_are_moved_in_the_file_and_resume_with_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let mut text = "title = \"Day 1\"\n".to_string();
        for n in 1..=4 {
            std::fs::write(dir.path().join(format!("{n}.md")), format!("# Deck {n}\n")).unwrap();
            text.push_str(&format!(
                "\n[[talk]]\nspeaker = \"Ada\"\ntitle = \"Same\"\ndeck = \"{n}.md\"\n"
            ));
        }
        std::fs::write(&path, &text).unwrap();
        let log = dir.path().join("lineup.session.jsonl");
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut first = session_on(&path, t0);
        first.attach_log(SessionLog::create_fresh(&log, SystemTime::now()).unwrap().0);
        first.begin(t0);
        // On talk 1's card the organiser sends it to the end, then moves talk 3 (deck 4)
        // up: the screen says decks 2, 4, 3, 1, and so must the file.
        let keys = [Key::Char('l'), Key::Char('e'), Key::Down, Key::Down];
        press(&mut first, &keys, at(100));
        press(&mut first, &[Key::Char('u'), Key::Escape], at(200));
        let shown: Vec<Option<String>> = first
            .show()
            .turns()
            .iter()
            .map(|turn| turn.plan.deck.clone())
            .collect();
        let decks = ["2.md", "4.md", "3.md", "1.md"];
        assert_eq!(shown, decks.map(|deck| Some(deck.to_string())));
        assert_eq!(file_decks(&path), decks);
        // Talk 1 is given (its one slide, then past it), talk 2 starts; the show is killed.
        press(&mut first, &[Key::Right, Key::Right], at(1_000));
        press(&mut first, &[Key::Char('n'), Key::Right], at(2_000));
        drop(first);

        let mut second = session_on(&path, at(3_000));
        let records = read_log(&std::fs::read_to_string(&log).unwrap()).0;
        assert!(second.resume_from(&records, at(3_000)).is_some());
        let show = second.show();
        assert_eq!(show.current(), 1);
        assert_eq!(
            show.current_turn().unwrap().plan.deck.as_deref(),
            Some("4.md")
        );
        let deck = second.current_deck().expect("a deck");
        assert_eq!(first_heading(&deck.slides[0]).as_deref(), Some("Deck 4"));
        let outcomes: Vec<bool> = show
            .turns()
            .iter()
            .map(|turn| turn.outcome == Outcome::Pending)
            .collect();
        assert_eq!(outcomes, [false, true, true, true]);
    }

    #[test]
    fn a_killed_talk_resumes_paused_with_the_time_it_had_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let log = dir.path().join("lineup.session.jsonl");
        std::fs::write(&path, LINEUP).unwrap();
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut first = session_on(&path, t0);
        first.attach_log(SessionLog::create_fresh(&log, SystemTime::now()).unwrap().0);
        first.begin(t0);
        // Ann starts, is given 30 s less at 1:00, and pauses at 1:39; then the show dies.
        press(&mut first, &[Key::Char('s')], at(1_000));
        press(&mut first, &[Key::Char('-')], at(61_000));
        press(&mut first, &[Key::Char('s')], at(100_000));
        drop(first);

        let mut second = session_on(&path, at(200_000));
        let records = read_log(&std::fs::read_to_string(&log).unwrap()).0;
        let said = second
            .resume_from(&records, at(200_000))
            .unwrap_or_default();
        assert!(
            said.starts_with("Resumed the session at talk 1 (Ann), paused with 2:51 left"),
            "{said}"
        );
        let show = second.show();
        assert_eq!(show.screen(), Screen::Talk);
        assert_eq!(show.clock().state(), ClockState::Paused);
        assert_eq!(show.clock().slot(), Duration::from_secs(270));
        second.attach_log(SessionLog::open_append(&log).unwrap());
        second.begin(at(200_000));
        // S goes on; ten seconds later the organiser ends the talk.
        press(&mut second, &[Key::Char('s')], at(201_000));
        press(&mut second, &[Key::Char('n'), Key::Char('n')], at(211_000));
        let records = read_log(&std::fs::read_to_string(&log).unwrap()).0;
        let ended = records.iter().find_map(|record| match &record.event {
            Event::TalkEnded { used_ms, .. } => Some(*used_ms),
            _ => None,
        });
        assert_eq!(ended, Some(109_000));
        let started = records
            .iter()
            .filter(|record| matches!(record.event, Event::TalkStarted { .. }))
            .count();
        assert_eq!(started, 1);
        // One row, with the slot, the time used and the change the organiser made.
        let report = crate::report::markdown(&records);
        let rows: Vec<&str> = report.lines().filter(|l| l.starts_with("| 1 |")).collect();
        assert_eq!(
            rows,
            ["| 1 | Ann | One | 4:30 | 1:49 | — | early | 1 | -0:30 |"],
            "{report}"
        );
    }

    /// A press is answered on screen first: its records, with the times it happened at,
    /// are synced once its picture is shown, before the next frame (a sync can take
    /// hundreds of milliseconds on a busy disk, which the slide would wait for).
    #[test]
    fn a_press_is_logged_once_its_picture_is_shown_with_the_time_it_was_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(dir.path().join("two.md"), "# One\n\n---\n\n# Two\n").unwrap();
        std::fs::write(&path, "[[talk]]\nspeaker = \"Ann\"\ndeck = \"two.md\"\n").unwrap();
        let log = dir.path().join("lineup.session.jsonl");
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut session = session_on(&path, t0);
        session.attach_log(SessionLog::create_fresh(&log, SystemTime::now()).unwrap().0);
        session.begin(t0);
        let events = || -> Vec<String> {
            read_log(&std::fs::read_to_string(&log).unwrap())
                .0
                .iter()
                .map(|record| serde_json::to_value(&record.event).unwrap()["event"].to_string())
                .collect()
        };
        let before = events();
        session.key(Key::Char('s'), at(1_000));
        assert_eq!(events(), before, "written before the picture was shown");
        session.shown(at(1_030), false);
        let records = read_log(&std::fs::read_to_string(&log).unwrap()).0;
        let started = records
            .iter()
            .find(|record| matches!(record.event, Event::TalkStarted { .. }))
            .expect("talk_started written once shown");
        assert_eq!(started.talk_ms, Some(0));
        session.key(Key::Right, at(21_000));
        session.shown(at(21_050), false);
        let records = read_log(&std::fs::read_to_string(&log).unwrap()).0;
        let second = records.iter().rev().find_map(|record| match &record.event {
            Event::SlideShown { slide: 2, .. } => Some(record.talk_ms),
            _ => None,
        });
        assert_eq!(second, Some(Some(20_000)));
    }

    /// The rehearsal's record likewise: a slow disk must not hold the slide back.
    #[test]
    fn a_rehearsal_records_once_the_picture_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let deck = dir.path().join("two.md");
        let text = "# One\n\n---\n\n# Two\n";
        std::fs::write(&deck, text).unwrap();
        std::fs::write(&path, "[[talk]]\nspeaker = \"Ann\"\ndeck = \"two.md\"\n").unwrap();
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut session = session_on(&path, t0);
        let parsed = crate::deck::Deck::parse(text);
        let slides: Vec<crate::deck::Slide> = parsed.shown_slides().cloned().collect();
        let opened = super::rehearse::Rehearsing::open(&deck, text, &slides, false, t0).unwrap();
        let record = opened.rehearsing.record_path().unwrap().to_path_buf();
        session.rehearse(opened.rehearsing);
        session.begin(t0);
        let lines = || {
            std::fs::read_to_string(&record)
                .unwrap_or_default()
                .lines()
                .count()
        };
        session.key(Key::Right, at(1_000));
        session.key(Key::Right, at(21_000));
        assert_eq!(lines(), 0, "written before the picture was shown");
        session.shown(at(21_030), false);
        assert!(lines() > 0, "written once shown");
        let (runs, skipped) = crate::rehearsal::record::read_record_file(&record).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(runs.len(), 1, "{runs:?}");
        // Quitting writes what the last frame kept, with no picture to wait for.
        let written = lines();
        session.key(Key::Right, at(30_000));
        session.closed(at(30_010));
        assert!(lines() > written);
    }

    #[test]
    fn v_switches_any_show_to_the_presenter_view_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(
            dir.path().join("two.md"),
            "# One\n\n<!-- notes: Say hello -->\n\n---\n\n# Two\n",
        )
        .unwrap();
        std::fs::write(&path, "[[talk]]\nspeaker = \"Ann\"\ndeck = \"two.md\"\n").unwrap();
        let t0 = Instant::now();
        let mut session = session_on(&path, t0);
        session.begin(t0);
        let screen = FULL_HD;
        press(&mut session, &[Key::Char('s')], t0);
        let text = |session: &mut Session| session.frame(screen, t0).list.text();
        assert!(
            !text(&mut session).contains("Say hello"),
            "notes never on stage"
        );
        press(&mut session, &[Key::Char('v')], t0);
        let presenter = text(&mut session);
        assert!(presenter.contains("Say hello"), "{presenter}");
        assert!(presenter.contains("NEXT · slide 2"), "{presenter}");
        press(&mut session, &[Key::Char('v')], t0);
        assert!(!text(&mut session).contains("Say hello"));
    }

    /// On stage, the presenter view paces the talk as a rehearsal does: the time on the
    /// slide, ahead or behind its budget, for each talk of the lineup anew.
    #[test]
    fn the_presenter_view_on_stage_paces_each_talk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(
            dir.path().join("two.md"),
            "# One\n\n<!-- time: 10s -->\n\n---\n\n# Two\n",
        )
        .unwrap();
        std::fs::write(
            &path,
            "[[talk]]\nspeaker = \"Ann\"\ndeck = \"two.md\"\n\
             [[talk]]\nspeaker = \"Bo\"\ndeck = \"two.md\"\n",
        )
        .unwrap();
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut session = session_on(&path, t0);
        session.begin(t0);
        let screen = FULL_HD;
        press(&mut session, &[Key::Char('v'), Key::Char('s')], t0);
        // Slide 1 has the first 10 s: at 4 s on pace, at 15 s 5 s behind.
        let four = session.frame(screen, at(4_000)).list.text();
        assert!(four.contains("this slide 0:04"), "{four}");
        assert!(four.contains("on pace"), "{four}");
        let fifteen = session.frame(screen, at(15_000)).list.text();
        assert!(fifteen.contains("behind 0:05"), "{fifteen}");
        // The next talk is timed from its own start: on slide 2 after 3 s, 7 s ahead.
        // N twice ends a talk early.
        press(&mut session, &[Key::Char('n'), Key::Char('n')], at(16_000));
        press(&mut session, &[Key::Char('s')], at(17_000));
        let next = session.frame(screen, at(19_000)).list.text();
        assert!(next.contains("this slide 0:02"), "{next}");
        press(&mut session, &[Key::Right], at(19_000));
        let ahead = session.frame(screen, at(20_000)).list.text();
        assert!(ahead.contains("this slide 0:01"), "{ahead}");
        assert!(ahead.contains("ahead 0:07"), "{ahead}");
    }

    #[test]
    fn the_log_times_each_slide_and_the_report_beside_it_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(dir.path().join("two.md"), "# One\n\n---\n\n# Two\n").unwrap();
        std::fs::write(&path, "[[talk]]\nspeaker = \"Ann\"\ndeck = \"two.md\"\n").unwrap();
        let log = dir.path().join("lineup.session.jsonl");
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut session = session_on(&path, t0);
        session.attach_log(SessionLog::create_fresh(&log, SystemTime::now()).unwrap().0);
        session.begin(t0);
        // Ann starts at 1 s, moves on at 21 s, is paused for a minute, ends at 1:36.
        press(&mut session, &[Key::Char('s')], at(1_000));
        press(&mut session, &[Key::Right], at(21_000));
        press(&mut session, &[Key::Char('s')], at(31_000));
        press(&mut session, &[Key::Char('s')], at(91_000));
        press(&mut session, &[Key::Char('n'), Key::Char('n')], at(96_000));
        let records = read_log(&std::fs::read_to_string(&log).unwrap()).0;
        let shown: Vec<(usize, usize, Option<u64>)> = records
            .iter()
            .filter_map(|record| match &record.event {
                Event::SlideShown { slide, step, .. } => Some((*slide, *step, record.talk_ms)),
                _ => None,
            })
            .collect();
        assert_eq!(shown, [(1, 0, Some(0)), (2, 0, Some(20_000))]);
        let report = std::fs::read_to_string(report_beside(&log)).unwrap();
        for row in ["### 1. Ann", "| 1 | 0:20 | once |", "| 2 | 0:15 | once |"] {
            assert!(
                report.lines().any(|line| line == row),
                "{row} in:\n{report}"
            );
        }
    }

    #[test]
    fn a_lineup_that_cannot_be_rewritten_is_said_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        let t0 = Instant::now();
        let mut session = watched_session(&path, t0);
        let broken = "title = \"Day 1\"\n[[talk]\n";
        std::fs::write(&path, broken).unwrap();
        let now = t0 + Duration::from_millis(100);
        press(
            &mut session,
            &[Key::Char('l'), Key::Down, Key::Char('u')],
            now,
        );
        assert_eq!(speakers(&session), ["Bob", "Ann", "김민지"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
        let banner = session.show().banner(now).unwrap_or_default();
        assert!(
            banner.contains("lineup.toml:2:") && banner.contains("on screen only"),
            "{banner}"
        );
    }

    #[test]
    fn a_folder_of_decks_keeps_the_panel_order_in_memory() {
        let talks = ["Ann", "Bob"]
            .map(|speaker| prepare_talk(speaker, &own(Some("T"), None), None, &defaults()));
        let mut session = Session::new(
            talks.into(),
            ShowSettings::default(),
            Theme::dark(),
            FontSet::shared().unwrap(),
            ImageCache::new(crate::images::DEFAULT_FIT),
            Player::silent(),
            None,
        );
        let now = Instant::now();
        press(
            &mut session,
            &[Key::Char('l'), Key::Down, Key::Char('u')],
            now,
        );
        assert_eq!(speakers(&session), ["Bob", "Ann"]);
        assert_eq!(session.show().banner(now), None);
    }

    #[test]
    fn the_cards_ahead_are_offered_until_the_window_has_them_warm() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let mut session = watched_session(&dir.path().join("lineup.toml"), t0);
        let screen = FULL_HD;
        // Title-card talks: no next slide, so the cards ahead are all there is to warm.
        assert_eq!(session.frame(screen, t0).upcoming.len(), 1);
        session.shown(t0, false);
        assert_eq!(session.frame(screen, t0).upcoming.len(), 1);
        session.shown(t0, true);
        assert!(session.frame(screen, t0).upcoming.is_empty());
    }

    #[test]
    fn the_time_card_asks_for_a_frame_at_each_overtime_second_not_every_frame() {
        let slot = Duration::from_secs(2);
        let talk = prepare_talk("Ann", &own(Some("T"), Some(slot)), None, &defaults());
        let mut session = Session::new(
            vec![talk],
            ShowSettings::default(),
            Theme::dark(),
            FontSet::shared().unwrap(),
            ImageCache::new(crate::images::DEFAULT_FIT),
            Player::silent(),
            None,
        );
        let screen = FULL_HD;
        let t0 = Instant::now();
        let up_next = session.frame(screen, t0);
        assert_eq!((up_next.animating, up_next.wake_at), (false, None));
        press(&mut session, &[Key::Right], t0);
        let now = t0 + slot + Duration::from_millis(300);
        let frame = session.frame(screen, now);
        assert!(!frame.animating);
        assert_eq!(frame.wake_at, Some(t0 + slot + SECOND));
        assert_eq!(session.show().screen(), Screen::TimeUp);
    }

    /// The slides are laid out in the talk's language: the lineup's `lang`, else the
    /// deck's, else its text's; and the ideographs on the draw list come from that
    /// language's face.
    #[test]
    fn a_talks_slides_are_drawn_in_its_language() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("ja.md");
        std::fs::write(&deck, "# 直すのは明日\n").unwrap();
        let han = |lang: Option<&str>| {
            let own = OwnChoices {
                lang,
                ..own(None, None)
            };
            prepare_talk("Ada", &own, Some(&deck), &defaults())
                .deck
                .map(|deck| deck.han)
        };
        assert_eq!(han(None), Some(Han::Japanese));
        assert_eq!(han(Some("zh-TW")), Some(Han::Traditional));
        let talk = prepare_talk("Ada", &own(None, None), Some(&deck), &defaults());
        let session = Session::new(
            vec![talk],
            ShowSettings::default(),
            Theme::dark(),
            FontSet::shared().unwrap(),
            ImageCache::new(crate::images::DEFAULT_FIT),
            Player::silent(),
            None,
        );
        let deck = session.current_deck().unwrap();
        let slide = session.lay_out(&deck, 0, 0, (1920.0, 1080.0)).unwrap();
        let fonts: Vec<crate::layout::FontId> = slide
            .list
            .items
            .iter()
            .filter_map(|item| match item {
                crate::layout::DrawItem::Text { font, text, .. } if text.contains('直') => {
                    Some(*font)
                }
                _ => None,
            })
            .collect();
        assert_eq!(fonts, vec![crate::fonts::BOLD_JA]);
    }

    #[test]
    fn the_organisers_slot_wins_over_a_decks_own() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("long.md");
        std::fs::write(&deck, "---\nduration: 10m\n---\n# Long\n").unwrap();
        let ignite = dir.path().join("ignite.md");
        std::fs::write(&ignite, "---\nformat: ignite\n---\n# Fast\n").unwrap();
        let slot = |rules: &Rules, path: &Path, slot: Option<u64>| {
            let slot = slot.map(Duration::from_secs);
            prepare_talk("Ada", &own(None, slot), Some(path), rules)
                .plan
                .slot
        };
        let organiser = Rules {
            lineup_slot: Some(Duration::from_secs(180)),
            ..defaults()
        };
        // The lineup says 3:00 for everyone: the deck's 10:00 does not get it longer.
        assert_eq!(slot(&organiser, &deck, None), Duration::from_secs(180));
        // A talk's own slot in the lineup, and a format's, still win.
        assert_eq!(slot(&organiser, &deck, Some(240)), Duration::from_secs(240));
        assert_eq!(slot(&organiser, &ignite, None), Duration::from_secs(300));
        // With no slot in the lineup (or `gong present`), the deck's own applies.
        assert_eq!(slot(&defaults(), &deck, None), Duration::from_secs(600));
        // `--duration` wins over everything.
        let forced = Rules {
            forced_slot: Some(Duration::from_secs(60)),
            ..organiser
        };
        assert_eq!(slot(&forced, &ignite, Some(240)), Duration::from_secs(60));
    }

    #[test]
    fn a_missing_deck_becomes_a_title_card_with_the_reason() {
        let talk = prepare_talk(
            "Ada",
            &own(Some("Lost"), None),
            Some(Path::new("no/such/deck.md")),
            &defaults(),
        );
        assert!(talk.deck.is_none());
        let problem = talk.plan.problem.unwrap_or_default();
        assert!(problem.contains("no/such/deck.md"), "{problem}");
        assert_eq!(talk.plan.slot, Duration::from_secs(300));
    }

    #[test]
    fn the_demo_decks_prepare_with_their_slides_and_formats() {
        let lineup = Lineup::load(Path::new("talks/lineup.toml")).expect("demo lineup");
        let talks = prepare_lineup(&lineup, Path::new(""), &defaults());
        assert_eq!(talks.len(), lineup.talks.len());
        for talk in &talks {
            assert!(talk.plan.problem.is_none(), "{:?}", talk.plan.problem);
            let deck = talk.deck.as_ref().expect("every demo talk has a deck");
            assert_eq!(deck.slides.len(), talk.plan.slides.len());
        }
        let ignite = talks
            .iter()
            .find(|talk| talk.plan.format == Format::Ignite)
            .expect("the demo has an Ignite talk");
        assert_eq!(ignite.plan.slides.len(), 20);
        assert_eq!(ignite.plan.slot, Duration::from_secs(300));
    }
}
