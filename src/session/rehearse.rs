//! The presenter view and the rehearsal, wired into a running `Session`: `V` switches
//! the window between the audience's picture and the presenter's (in every mode), and a
//! rehearsal (`gong rehearse`) adds the per-slide record, the pacing, the deck watched
//! and reloaded in place on every save, and the report card past the last slide.
//!
//! No rules of its own: the run is `rehearsal::Rehearsal`, the pictures are
//! `layout::presenter` and `layout::report_card`, the record's writer the session log's.
//! Wall-clock time is read here only to stamp records and to show the time of day.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Instant, SystemTime};

use super::prepare::slide_plans;
use super::{CachedSlide, DeckId, LoadedDeck, Session, SlideKey};
use crate::deck::files::DeckFolder;
use crate::deck::{Deck, Severity, Slide};
use crate::layout::presenter::{compose_presenter, notes_layout, regions};
use crate::layout::report_card::compose_report;
use crate::layout::stage::StageContext;
use crate::layout::{DrawList, SlideContext, layout_slide, pause_steps};
use crate::rehearsal::compare::report_card;
use crate::rehearsal::record::{RecordFile, read_record_file, record_path};
use crate::rehearsal::{Pace, Rehearsal, RunRecord, SlideInfo, follow, millis, nearest, pace};
use crate::session_log::SessionLogError;
use crate::show::{Input, Screen, Topic};
use crate::view::{NextStep, PaceMark, PlanBar, PresenterView, View};
use crate::watch::{Bell, Change, LineupWatcher};

/// A rehearsal in a session: the run, its record, the runs before it and the deck's file.
pub(crate) struct Rehearsing {
    model: Rehearsal,
    record: Option<RecordFile>,
    /// Every run recorded, this one included once it began, as its last record says.
    runs: Vec<RunRecord>,
    deck_path: PathBuf,
    watcher: LineupWatcher,
    bell: Option<Bell>,
    /// A save was taken in since the frame trace last heard of it.
    reloaded: bool,
    /// Records of the run not yet written: each is written, and synced, once the picture
    /// of the frame that made it is on screen (`write_unwritten_runs`), so a slow disk
    /// delays no press and no save on screen.
    unwritten: Vec<RunRecord>,
}

/// What `Rehearsing::open` says besides the rehearsal: lines for the speaker.
pub(crate) struct Opened {
    pub rehearsing: Rehearsing,
    pub warnings: Vec<String>,
}

impl Rehearsing {
    /// The rehearsal of the deck at `deck_path`, whose text was just read as `source` and
    /// shown as `slides`. Its record is `DECK.rehearsals.jsonl` beside it: the runs in it
    /// are read for the report card (bad lines named), new ones appended. A file there
    /// that is not a gong record is refused (nothing is written over it).
    pub(crate) fn open(
        deck_path: &Path,
        source: &str,
        slides: &[Slide],
        strict: bool,
        now: Instant,
    ) -> Result<Opened, SessionLogError> {
        let path = record_path(deck_path);
        let (runs, skipped) = read_record_file(&path)?;
        let record = RecordFile::open(&path)?;
        let warnings = skipped
            .iter()
            .map(|line| format!("{}: {line}", path.display()))
            .collect();
        let name = deck_path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        Ok(Opened {
            rehearsing: Rehearsing {
                model: Rehearsal::new(name, slide_infos(slides), strict),
                record: Some(record),
                runs,
                deck_path: deck_path.to_path_buf(),
                watcher: LineupWatcher::new(deck_path, source, now),
                bell: None,
                reloaded: false,
                unwritten: Vec::new(),
            },
            warnings,
        })
    }

    pub(crate) fn record_path(&self) -> Option<&Path> {
        self.record.as_ref().map(RecordFile::path)
    }

    /// The record was written: keep it as its run's latest.
    fn keep(&mut self, record: RunRecord) {
        match self
            .runs
            .iter_mut()
            .find(|run| run.started == record.started)
        {
            Some(run) => *run = record,
            None => self.runs.push(record),
        }
    }
}

/// Each shown slide as a rehearsal names and budgets it.
pub(crate) fn slide_infos(slides: &[Slide]) -> Vec<SlideInfo> {
    slides
        .iter()
        .enumerate()
        .map(|(index, slide)| SlideInfo::of(slide, index + 1))
        .collect()
}

/// The slides of the presenter view as last laid out.
#[derive(Default)]
pub(super) struct Presented {
    current: Option<CachedSlide>,
    next: Option<CachedSlide>,
    /// The next step laid out at the current slide's size: offered to the window to warm
    /// its glyphs, so the press that brings it on does not wait for them.
    ahead: Option<CachedSlide>,
}

impl Presented {
    pub(super) fn ahead(&self) -> Option<&DrawList> {
        self.ahead.as_ref().map(|cached| &cached.list)
    }
}

/// The time of day on the local clock, "21:04": the speaker's watch.
fn wall_clock(now: SystemTime) -> String {
    let seconds = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let Ok(time) = libc::time_t::try_from(seconds) else {
        return String::new();
    };
    // SAFETY: `localtime_r` writes only into the `tm` it is given, which lives here.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let local = unsafe { libc::localtime_r(&time, &mut tm) };
    if local.is_null() {
        let utc = seconds % 86_400;
        return format!("{:02}:{:02} UTC", utc / 3600, utc % 3600 / 60);
    }
    format!("{:02}:{:02}", tm.tm_hour, tm.tm_min)
}

impl Session {
    /// From now on this session is a rehearsal.
    pub(crate) fn rehearse(&mut self, rehearsing: Rehearsing) {
        self.rehearsal = Some(rehearsing);
        self.presenter = true;
    }

    /// Whether a save was taken in since this was last asked (for the frame trace).
    pub(super) fn took_a_save(&mut self) -> bool {
        self.rehearsal
            .as_mut()
            .is_some_and(|rehearsing| std::mem::take(&mut rehearsing.reloaded))
    }

    /// The presenter view shows the time of day: a frame when its minute turns, even on
    /// a card where nothing else moves.
    pub(super) fn presenter_wake(&self, now: Instant) -> Option<Instant> {
        self.presenter.then(|| {
            let into = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |since| since.as_millis() % 60_000);
            let into = u64::try_from(into).unwrap_or_default();
            now + std::time::Duration::from_millis(60_000 - into)
        })
    }

    /// `V`: presenter or audience view.
    pub(super) fn switch_view(&mut self) {
        self.presenter = !self.presenter;
    }

    pub(super) fn scroll_notes(&mut self, on: bool) {
        self.notes_scroll = if on {
            self.notes_scroll.saturating_add(1)
        } else {
            self.notes_scroll.saturating_sub(1)
        };
    }

    /// The window's waker: a save of the rehearsed deck wakes the window at once.
    pub(super) fn ring_on_save(&mut self, waker: crate::window::Waker) {
        let Some(rehearsing) = self.rehearsal.as_mut() else {
            return;
        };
        match Bell::start(&rehearsing.deck_path, move || waker.wake()) {
            Ok(bell) => rehearsing.bell = Some(bell),
            // The watcher still looks every quarter second.
            Err(error) => eprintln!("gong: cannot watch the deck closely: {error}"),
        }
    }

    /// Hands the run what the show did at `now`; writes the record when it has news.
    pub(super) fn observe_run(&mut self, now: Instant) {
        let Some(rehearsing) = self.rehearsal.as_mut() else {
            self.pace_on_stage(now);
            return;
        };
        let record = rehearsing.model.observe(&self.show, now, SystemTime::now());
        self.keep_record(record);
    }

    /// On stage, times the talk on as a rehearsal would, for the presenter view: a new
    /// timing for each talk's deck, none for a title card. Nothing is recorded.
    fn pace_on_stage(&mut self, now: Instant) {
        let Some(deck) = self.current_deck() else {
            self.stage_pacing = None;
            return;
        };
        if self
            .stage_pacing
            .as_ref()
            .is_none_or(|(made_for, _)| *made_for != deck.id)
        {
            let timing = Rehearsal::new(String::new(), slide_infos(&deck.slides), true);
            self.stage_pacing = Some((deck.id, timing));
        }
        if let Some((_, timing)) = self.stage_pacing.as_mut() {
            timing.observe(&self.show, now, SystemTime::now());
        }
    }

    /// The run ends here (quit, window closed).
    pub(super) fn end_run(&mut self, now: Instant) {
        let Some(rehearsing) = self.rehearsal.as_mut() else {
            return;
        };
        let record = rehearsing.model.finish(&self.show, now, SystemTime::now());
        self.keep_record(record);
        // The window is closing: no picture to wait for.
        self.write_unwritten_runs(now);
    }

    /// Keeps the run's latest record for the report card at once, and for the file
    /// once this frame's picture is on screen.
    fn keep_record(&mut self, record: Option<RunRecord>) {
        let (Some(record), Some(rehearsing)) = (record, self.rehearsal.as_mut()) else {
            return;
        };
        rehearsing.unwritten.push(record.clone());
        rehearsing.keep(record);
    }

    /// Writes the records kept since the last picture, in order, each synced; a write
    /// that fails is said on screen and the rehearsal goes on.
    pub(super) fn write_unwritten_runs(&mut self, now: Instant) {
        let Some(rehearsing) = self.rehearsal.as_mut() else {
            return;
        };
        let Some(file) = rehearsing.record.as_mut() else {
            rehearsing.unwritten.clear();
            return;
        };
        let mut news = None;
        for record in std::mem::take(&mut rehearsing.unwritten) {
            news = Some(match file.write(&record) {
                Ok(()) => Input::TroubleOver(Topic::RehearsalRecord),
                Err(error) => Input::trouble(Topic::RehearsalRecord, error.to_string()),
            });
        }
        if let Some(news) = news {
            self.show.apply(news, now);
        }
    }

    /// Takes in a save of the rehearsed deck, if there was one.
    pub(super) fn watch_deck(&mut self, now: Instant) {
        let Some(rehearsing) = self.rehearsal.as_mut() else {
            return;
        };
        let rang = rehearsing.bell.as_ref().is_some_and(Bell::rang);
        let change = if rang {
            rehearsing.watcher.look_now(now)
        } else {
            rehearsing.watcher.poll(now)
        };
        match change {
            None => {}
            Some(Change::Unreadable(problem)) => {
                let text = format!("{problem}: the last good deck goes on");
                eprintln!("gong: {text}");
                self.tell(Input::trouble(Topic::Deck, text), now);
            }
            Some(Change::Edited(text)) => self.reload_deck(&text, now),
        }
    }

    /// The deck as saved now, in place of the one shown: the same slide (found by its
    /// title, else the nearest), the clock untouched. A save with an error keeps the last
    /// good deck and says where the error is.
    fn reload_deck(&mut self, text: &str, now: Instant) {
        let Some(rehearsing) = self.rehearsal.as_ref() else {
            return;
        };
        let path = rehearsing.deck_path.clone();
        let deck = Deck::parse_with(text, &DeckFolder::of(&path));
        if let Some(error) = deck
            .findings
            .iter()
            .find(|finding| finding.severity == Severity::Error)
        {
            let text = format!(
                "{}:{}:{}: {} — the last good deck goes on",
                path.display(),
                error.line,
                error.column,
                error.message
            );
            // Also where the rehearser started gong: the terminal beside the editor.
            eprintln!("gong: {text}");
            self.tell(Input::trouble(Topic::Deck, text), now);
            return;
        }
        let Some(source) = self.show.current_source() else {
            return;
        };
        let Some(Some(old)) = self.decks.get(source).cloned() else {
            return;
        };
        // The time up to the save goes to the slide as it was.
        self.observe_run(now);
        let slides: Vec<Slide> = deck.shown_slides().cloned().collect();
        let infos = slide_infos(&slides);
        let Some(rehearsing) = self.rehearsal.as_mut() else {
            return;
        };
        let found = follow(rehearsing.model.slides(), &infos);
        let stay = nearest(&found, self.show.slide(), infos.len());
        let record = rehearsing.model.edited(infos, &found, SystemTime::now());
        let plans = slide_plans(&slides);
        // The save may change the deck's language, or the text it is guessed from.
        let han = crate::fonts::FontSet::shared().map_or(old.han, |fonts| {
            crate::layout::glyphs::deck_han(&deck, None, fonts)
        });
        let loaded = LoadedDeck {
            id: DeckId::fresh(),
            slides,
            dir: old.dir.clone(),
            theme: old.theme.clone(),
            theme_warning: None,
            han,
        };
        if let Some(entry) = self.decks.get_mut(source) {
            *entry = Some(Rc::new(loaded));
        }
        self.tell(Input::TroubleOver(Topic::Deck), now);
        self.tell(
            Input::SlidesEdited {
                slides: plans,
                slide: stay,
            },
            now,
        );
        self.keep_record(record);
        if let Some(rehearsing) = self.rehearsal.as_mut() {
            rehearsing.reloaded = true;
        }
    }

    /// Past the last slide of a rehearsal, the run's report card instead of the
    /// Thank-you card.
    pub(super) fn report_card_frame(&self, ctx: StageContext) -> Option<DrawList> {
        let rehearsing = self.rehearsal.as_ref()?;
        if self.show.screen() != Screen::ThankYou || rehearsing.runs.is_empty() {
            return None;
        }
        let mut card = report_card(&rehearsing.runs, rehearsing.runs.len() - 1)?;
        card.keys = Some("R twice: another run · Q twice: quit".to_string());
        Some(compose_report(&card, ctx))
    }

    /// The presenter's frame at `now`, around the audience's `view`.
    pub(super) fn presenter_frame(
        &mut self,
        view: View,
        ctx: StageContext,
        now: Instant,
    ) -> DrawList {
        let boxes = regions(ctx.width, ctx.height);
        let deck = self.current_deck();
        let on_slides = self.show.screen() == Screen::Talk;
        let (slide, step) = (self.show.slide(), self.show.step());
        let count = deck.as_ref().map_or(0, |deck| deck.slides.len());
        let pauses = deck
            .as_ref()
            .and_then(|deck| deck.slides.get(slide))
            .map_or(0, pause_steps);
        let next = match self.show.screen() {
            Screen::UpNext if count > 0 => NextStep::Slide { slide: 0 },
            Screen::Talk if step < pauses => NextStep::Reveal {
                slide,
                step: step + 1,
            },
            Screen::Talk if slide + 1 < count => NextStep::Slide { slide: slide + 1 },
            _ => NextStep::End,
        };
        if self.notes_slide != Some(slide) {
            self.notes_slide = Some(slide);
            self.notes_scroll = 0;
        }
        let notes: Vec<String> = match (&deck, on_slides) {
            (Some(deck), true) => deck
                .slides
                .get(slide)
                .map_or_else(Vec::new, |shown| shown.notes.clone()),
            _ => Vec::new(),
        };
        // Kept in range, so `[` after many `]` scrolls back at once.
        let (set, _) = notes_layout(
            &notes,
            self.notes_scroll,
            boxes.notes,
            boxes.unit,
            ctx.measure,
        );
        self.notes_scroll = set.first;

        let clock = self.show.clock();
        let timing = match &self.rehearsal {
            Some(rehearsing) => Some(&rehearsing.model),
            None => self.stage_pacing.as_ref().map(|(_, timing)| timing),
        };
        let (slide_ms, pace_mark, plan) = match (timing, on_slides) {
            (Some(timing), true) => {
                let budgets = timing.budgets(clock.slot());
                let mark = match pace(&budgets, slide, clock.elapsed(now)) {
                    Pace::Ahead(by) => PaceMark::Ahead { ms: millis(by) },
                    Pace::OnTime => PaceMark::OnPace,
                    Pace::Behind(by) => PaceMark::Behind { ms: millis(by) },
                };
                let plan = PlanBar {
                    planned_ms: budgets.iter().map(|budget| millis(*budget)).collect(),
                    actual_ms: timing.times().iter().map(|t| millis(*t)).collect(),
                    current: slide,
                };
                (Some(millis(timing.time_on(slide))), Some(mark), Some(plan))
            }
            _ => (None, None, None),
        };
        let picture = PresenterView {
            audience: view,
            notes,
            notes_scroll: self.notes_scroll,
            next,
            slide_ms,
            wall_clock: wall_clock(SystemTime::now()),
            pace: pace_mark,
            plan,
        };

        // The slides, laid out as export lays them out, at their boxes' sizes.
        let current_size = (boxes.current.w, boxes.current.h);
        let next_size = (boxes.next.w, boxes.next.h);
        let wanted_current = on_slides.then_some((slide, step));
        let wanted_next = match next {
            NextStep::Reveal { slide, step } => Some((slide, step)),
            NextStep::Slide { slide } => Some((slide, 0)),
            NextStep::End => None,
        };
        let mut presented = std::mem::take(&mut self.presented);
        // The step just brought on was warmed as `ahead`: it is the current one now.
        let brought_on = |cached: &CachedSlide| {
            wanted_current == Some((cached.key.slide, cached.key.step))
                && cached.key.size == (current_size.0 as u32, current_size.1 as u32)
        };
        let earlier = if presented.ahead.as_ref().is_some_and(brought_on) {
            presented.ahead.take()
        } else {
            presented.current.take()
        };
        presented.current = self.cached_at(deck.as_ref(), earlier, wanted_current, current_size);
        presented.next = self.cached_at(deck.as_ref(), presented.next, wanted_next, next_size);
        presented.ahead = self.cached_at(deck.as_ref(), presented.ahead, wanted_next, current_size);
        let list = compose_presenter(
            &picture,
            presented.current.as_ref().map(|cached| &cached.list),
            presented.next.as_ref().map(|cached| &cached.list),
            ctx,
        );
        self.presented = presented;
        list
    }

    /// `slide` at `step`, laid out footer-less at `size`: the cached one if it is that.
    fn cached_at(
        &self,
        deck: Option<&Rc<LoadedDeck>>,
        cached: Option<CachedSlide>,
        wanted: Option<(usize, usize)>,
        size: (f32, f32),
    ) -> Option<CachedSlide> {
        let deck = deck?;
        let (slide, step) = wanted?;
        let key = SlideKey {
            deck: deck.id,
            slide,
            step,
            size: (size.0 as u32, size.1 as u32),
            images: self.images.generation(),
        };
        if let Some(cached) = cached.filter(|cached| cached.key == key) {
            return Some(cached);
        }
        let content = deck.slides.get(slide)?;
        let context = SlideContext {
            window: size,
            theme: &deck.theme,
            measure: self.fonts,
            images: &self.images,
            deck_dir: &deck.dir,
            reveal: step,
            footer: false,
        };
        Some(CachedSlide {
            key,
            list: layout_slide(content, &context),
        })
    }
}
