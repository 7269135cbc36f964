//! The whole session as one state machine: which
//! talk is up, which screen is showing, the slide and reveal step, the clock, the overlays
//! and the live lineup. `Show::apply(input, now)` and `Show::tick(now)` are the only ways
//! it changes; each returns the `Effect`s the window must carry out (log lines, sounds,
//! quitting, preloading the next deck). An `Input` is a `Command` (keys, clicks, a change
//! of order by position), an edited lineup, a notice for the banner, or a session resumed
//! from its log.
//!
//! It must not read files, parse decks or lineups, draw, or look at the wall clock: the
//! caller builds `TalkPlan`s and passes time in. What it shows is a `View`
//! (`Show::view`, in `show::view`), which `layout::stage` draws; the cards still to come
//! are Views too (`Show::cards_ahead`, in `show::ahead`).

use std::time::{Duration, Instant};

use crate::clock::{Adjust, Clock, ClockEvent, ClockState, Thresholds};
use crate::command::{Command, Reorder};
use crate::format::Format;
use crate::session_log::{CurrentTalk, Event, TalkRef, Warning};
use crate::sound::Cue;

mod ahead;
mod view;

#[cfg(test)]
mod stage_tests;
#[cfg(test)]
pub(crate) mod tests;

/// What the show needs to know of one slide: how many `<!-- pause -->` steps it has, and
/// a heading for the overview grid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlidePlan {
    pub pauses: usize,
    pub heading: Option<String>,
}

/// What the show needs to know of a talk. Built by the caller from the lineup and the
/// deck, so the show stays independent of both parsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkPlan {
    pub speaker: String,
    pub title: String,
    /// The deck as the lineup names it, for the log: with the place, speaker and title it
    /// tells apart talks that are otherwise the same (see `session_log::find_talks`).
    pub deck: Option<String>,
    pub slot: Duration,
    pub format: Format,
    /// The slides that are shown (skipped ones left out), in order.
    pub slides: Vec<SlidePlan>,
    /// Why the deck could not be shown: the talk gets a title card with this message,
    /// and the clock and the queue work as always.
    pub problem: Option<String>,
}

impl TalkPlan {
    /// A talk with no slides yet (a title card), in the free format.
    pub fn new(speaker: impl Into<String>, title: impl Into<String>, slot: Duration) -> TalkPlan {
        TalkPlan {
            speaker: speaker.into(),
            title: title.into(),
            deck: None,
            slot,
            format: Format::Free,
            slides: Vec::new(),
            problem: None,
        }
    }

    #[cfg(test)]
    /// One slide per entry, each with that many pause steps.
    pub(crate) fn with_pauses(mut self, pauses: &[usize]) -> TalkPlan {
        self.slides = pauses
            .iter()
            .map(|&pauses| SlidePlan {
                pauses,
                heading: None,
            })
            .collect();
        self
    }

    pub(crate) fn with_format(mut self, format: Format) -> TalkPlan {
        self.format = format;
        self
    }

    #[cfg(test)]
    pub(crate) fn with_problem(mut self, problem: impl Into<String>) -> TalkPlan {
        self.problem = Some(problem.into());
        self
    }

    fn same_talk(&self, other: &TalkPlan) -> bool {
        self.key() == other.key()
    }

    /// What an edit of the lineup keeps of a talk for it to stay the same talk (its place,
    /// clock and outcome): speaker and title. A deck renamed in the file is the same talk.
    fn key(&self) -> (String, String) {
        (self.speaker.clone(), self.title.clone())
    }

    fn pauses_on(&self, slide: usize) -> usize {
        self.slides.get(slide).map_or(0, |s| s.pauses)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowSettings {
    /// The session's title, for the log and the summary card.
    pub title: String,
    pub thresholds: Thresholds,
    /// `gong present`: one talk, no queue wording; N after the talk ends the show.
    pub single_talk: bool,
    /// What `+` and `-` add and take.
    pub time_step: Duration,
    /// How long a first N, R or Q waits for its second press.
    pub confirm_window: Duration,
    /// How long a notice banner stays up.
    pub notice_time: Duration,
    /// How long typed digits wait for Enter.
    pub digits_window: Duration,
    /// A rehearsal (not `--strict`): at 0:00 the gong sounds and the clock says TIME,
    /// but the slides stay and the run goes on in overtime, so the speaker learns how
    /// much too long the talk is. On stage the slides leave (issue 13).
    pub overtime_on_slides: bool,
}

impl Default for ShowSettings {
    fn default() -> Self {
        ShowSettings {
            title: String::new(),
            thresholds: Thresholds::default(),
            single_talk: false,
            time_step: Duration::from_secs(30),
            confirm_window: Duration::from_secs(3),
            notice_time: Duration::from_secs(5),
            digits_window: Duration::from_secs(4),
            overtime_on_slides: false,
        }
    }
}

/// How a talk went, as far as the show knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Pending,
    Given {
        /// Time on the clock, overtime excluded.
        used: Duration,
        overtime: Duration,
        /// Ended before time was up (by the speaker or the organiser).
        early: bool,
    },
    Skipped,
}

/// A talk in the show's running order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Turn {
    pub plan: TalkPlan,
    /// Index of this talk in the list last given to `Show::new` or `replace_talks`, so the
    /// caller can find its deck. `None` for a talk the new list no longer has (kept because
    /// it was given, or is being given).
    pub source: Option<usize>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The card before a talk: the clock at full and still.
    UpNext,
    Talk,
    /// 0:00 was reached: "Thank you, NAME", overtime counting.
    TimeUp,
    /// The speaker went past the last slide.
    ThankYou,
    /// End of the session.
    Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Black,
    /// `selected` is a slide index.
    Overview {
        selected: usize,
    },
    /// `selected` is an index into the running order.
    Lineup {
        selected: usize,
    },
}

/// A first press waiting for its second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirmation {
    EndTalk,
    SkipTalk,
    Restart,
    Quit,
}

/// What the window must do after a change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    Log(Event),
    Sound(Cue),
    Quit,
    ToggleFullscreen,
    /// Move the window to the next screen.
    NextScreen,
    /// Load this talk's deck and warm its glyphs (index as in `Turn::source`).
    PreloadTalk(usize),
    /// The lineup panel changed the running order: the talks of the list last given (by
    /// index, as in `Turn::source`) in the new order, for the lineup file (the organiser's
    /// record of the order). By index, not by name: talks alike in speaker and title are
    /// moved as the panel moved them. The show takes that file to say this order from now on.
    Reordered(Vec<usize>),
}

/// Everything that changes the show, from wherever it comes: `Show::apply` takes each.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Input {
    /// A key, a click, or a change of order by position from any input.
    Command(Command),
    /// The lineup file was edited: its talks, in the file's order. The talk on stage and
    /// the talks done are kept (see `Show::replace_talks`).
    LineupEdited(Vec<TalkPlan>),
    /// A message for the organiser's banner (a preflight problem, a silent sound card, an
    /// edit that does not parse), shown for a while after those before it. With a topic,
    /// it replaces any notice on the same topic.
    Notice { text: String, topic: Option<Topic> },
    /// The trouble on this topic is over: its notice goes.
    TroubleOver(Topic),
    /// Where an earlier run of this session stopped, as its log says.
    Resume(Resumption),
    /// The deck of the talk on stage was saved again: its slides now, and the slide to
    /// stay on (found by the caller, who knows the slides' content). The clock is not
    /// touched; the reveal step is kept where the slide still has it.
    SlidesEdited {
        slides: Vec<SlidePlan>,
        slide: usize,
    },
}

impl From<Command> for Input {
    fn from(command: Command) -> Input {
        Input::Command(command)
    }
}

impl Input {
    /// A notice for the banner.
    pub(crate) fn notice(text: impl Into<String>) -> Input {
        Input::Notice {
            text: text.into(),
            topic: None,
        }
    }

    /// A notice about a trouble that can pass, replacing the last one on its topic.
    pub(crate) fn trouble(topic: Topic, text: impl Into<String>) -> Input {
        Input::Notice {
            text: text.into(),
            topic: Some(topic),
        }
    }
}

/// Where an earlier run of this session stopped, as its log says, matched to this show's
/// running order (indices into it).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Resumption {
    /// How each talk already done went.
    pub done: Vec<(usize, Outcome)>,
    /// The talk that was on stage, and what its clock went through.
    pub on_stage: Option<(usize, CurrentTalk)>,
}

#[derive(Debug, Clone)]
pub struct Show {
    settings: ShowSettings,
    turns: Vec<Turn>,
    /// Index into `turns` of the talk up next or being given.
    current: usize,
    screen: Screen,
    overlay: Option<Overlay>,
    clock: Clock,
    /// The talk the clock was made for (speaker, title, source): the Up next card makes a
    /// new clock when the lineup puts another talk there.
    clock_talk: Option<(String, String, Option<usize>)>,
    slide: usize,
    step: usize,
    /// Auto-advance boundaries already acted on.
    auto_crossed: usize,
    confirm: Option<(Confirmation, Instant)>,
    /// Messages for the banner, each with the instant it goes up: they queue, so a
    /// resumed session, a preflight problem and a silent sound card are all read.
    notices: Vec<Notice>,
    typed: Option<(usize, Instant)>,
    resumed: bool,
    /// Speaker and title of the list last given, in its order: tells an edit that
    /// reorders the file from one that only adds to it.
    file_order: Vec<(String, String)>,
    /// The slide and step last logged as shown (`note_slide`), while on the slides.
    logged_slide: Option<(usize, usize)>,
}

/// A message for the banner and the instant it goes up.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    at: Instant,
    topic: Option<Topic>,
}

/// What a notice is about, when it is about a trouble that can pass: a new notice on the
/// same topic replaces the old one rather than queueing behind it (a full disk fails every
/// write, and minutes of banners would follow), and `clear_notices` takes it down once
/// the trouble is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Topic {
    /// The session log cannot be written.
    SessionLog,
    /// The lineup file cannot be written.
    LineupFile,
    /// A rehearsed deck's last save cannot be shown (the last good deck goes on).
    Deck,
    /// The rehearsal record cannot be written.
    RehearsalRecord,
}

/// The clock of a talk that was running when the show stopped, rebuilt by playing what
/// the log says it went through (`logged`) through the clock's own rules, so warnings
/// already given are not given again and time given back re-arms them as it did; then
/// paused at the time it had used.
fn replayed_clock(
    planned: Duration,
    thresholds: Thresholds,
    logged: &CurrentTalk,
    now: Instant,
) -> Clock {
    let used = Duration::from_millis(logged.last_talk_ms.unwrap_or(0));
    // Each record's talk clock reading becomes an instant that long after a start `used`
    // before now (a pause took no clock time, so the readings are the clock's own). Only
    // if the machine has been up for less than that can the start not be had: the talk
    // then resumes with its time changes but none used.
    let start = now.checked_sub(used).unwrap_or(now);
    let at = |ms: u64| (start + Duration::from_millis(ms)).min(now);
    let change = |delta: i64| {
        let amount = Duration::from_millis(delta.unsigned_abs());
        if delta < 0 {
            Adjust::Take(amount)
        } else {
            Adjust::Add(amount)
        }
    };
    let mut clock = Clock::new(planned, thresholds);
    // Time given or taken on its Up next card is in the slot it started with.
    let started = i64::try_from(logged.started_slot_ms).unwrap_or(i64::MAX);
    let delta = started.saturating_sub(i64::try_from(millis(planned)).unwrap_or(i64::MAX));
    if delta != 0 {
        clock.adjust(change(delta), start);
    }
    clock.start(start);
    for &(ms, delta) in &logged.changes {
        clock.poll(at(ms));
        clock.adjust(change(delta), at(ms));
    }
    clock.poll(now);
    clock.pause(now);
    clock
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn file_order(talks: &[TalkPlan]) -> Vec<(String, String)> {
    talks.iter().map(TalkPlan::key).collect()
}

impl Show {
    pub fn new(talks: Vec<TalkPlan>, settings: ShowSettings) -> Show {
        let file_order = file_order(&talks);
        let turns: Vec<Turn> = talks
            .into_iter()
            .enumerate()
            .map(|(index, plan)| Turn {
                plan,
                source: Some(index),
                outcome: Outcome::Pending,
            })
            .collect();
        let slot = turns.first().map_or(Duration::ZERO, |t| t.plan.slot);
        let screen = if turns.is_empty() {
            Screen::Summary
        } else {
            Screen::UpNext
        };
        Show {
            clock: Clock::new(slot, settings.thresholds),
            clock_talk: turns
                .first()
                .map(|t| (t.plan.speaker.clone(), t.plan.title.clone(), t.source)),
            settings,
            turns,
            current: 0,
            screen,
            overlay: None,
            slide: 0,
            step: 0,
            auto_crossed: 0,
            confirm: None,
            notices: Vec::new(),
            typed: None,
            resumed: false,
            file_order,
            logged_slide: None,
        }
    }

    // ----- what the screen needs to know -----

    pub(crate) fn settings(&self) -> &ShowSettings {
        &self.settings
    }
    pub(crate) fn turns(&self) -> &[Turn] {
        &self.turns
    }
    /// Index into `turns()` of the talk up next or being given.
    pub(crate) fn current(&self) -> usize {
        self.current
    }
    pub(crate) fn current_turn(&self) -> Option<&Turn> {
        self.turns.get(self.current)
    }
    /// The deck the window should lay out now (index as in `Turn::source`).
    pub(crate) fn current_source(&self) -> Option<usize> {
        self.current_turn().and_then(|t| t.source)
    }
    pub(crate) fn screen(&self) -> Screen {
        self.screen
    }
    #[cfg(test)]
    pub(crate) fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }
    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }
    /// 0-based index of the slide shown.
    pub(crate) fn slide(&self) -> usize {
        self.slide
    }
    /// How many pause steps of this slide are revealed (0 = up to the first pause).
    pub(crate) fn step(&self) -> usize {
        self.step
    }
    /// The talk after the current one, for "Next: X".
    pub(crate) fn next_turn(&self) -> Option<&Turn> {
        self.pending_from(self.current + 1)
            .filter(|&i| i != self.current)
            .and_then(|i| self.turns.get(i))
    }
    /// Digits typed towards a slide jump, still waiting for Enter.
    pub(crate) fn typed_slide(&self, now: Instant) -> Option<usize> {
        self.typed
            .filter(|(_, at)| now.saturating_duration_since(*at) <= self.settings.digits_window)
            .map(|(n, _)| n)
    }
    /// A banner to show: a pending confirmation, else a recent notice.
    pub(crate) fn banner(&self, now: Instant) -> Option<String> {
        if let Some((what, at)) = self.confirm
            && now.saturating_duration_since(at) <= self.settings.confirm_window
        {
            let speaker = self.current_turn().map_or("", |t| t.plan.speaker.as_str());
            return Some(match what {
                Confirmation::EndTalk => "Press N again to end this talk".to_string(),
                Confirmation::SkipTalk => format!("Press N again to skip {speaker}"),
                Confirmation::Restart => "Press R again to restart this talk".to_string(),
                Confirmation::Quit => "Press Q again to quit".to_string(),
            });
        }
        self.notices
            .iter()
            .find(|notice| {
                notice.at <= now
                    && now.saturating_duration_since(notice.at) <= self.settings.notice_time
            })
            .map(|notice| notice.text.clone())
    }
    /// Milliseconds on the current talk's clock, for the log's `talk_ms`.
    pub(crate) fn talk_ms(&self, now: Instant) -> Option<u64> {
        match self.screen {
            Screen::Talk | Screen::TimeUp | Screen::ThankYou => {
                Some(millis(self.clock.elapsed(now)))
            }
            Screen::UpNext | Screen::Summary => None,
        }
    }

    /// The trouble is over: its notice goes, whether up or still waiting.
    fn clear_notices(&mut self, topic: Topic) {
        self.notices.retain(|notice| notice.topic != Some(topic));
    }

    /// Queues a message for the banner. One about a trouble that can pass (see `Topic`)
    /// replaces any notice on the same topic still up or waiting.
    fn queue_notice(&mut self, text: String, topic: Option<Topic>, now: Instant) {
        if let Some(topic) = topic {
            self.clear_notices(topic);
        }
        let shown_for = self.settings.notice_time;
        self.notices
            .retain(|notice| now.saturating_duration_since(notice.at) <= shown_for);
        let up_at = self
            .notices
            .last()
            .map_or(now, |notice| (notice.at + shown_for).max(now));
        self.notices.push(Notice {
            text,
            at: up_at,
            topic,
        });
    }

    /// Every talk of the running order as the log names it.
    pub(crate) fn talk_refs(&self) -> Vec<TalkRef> {
        (0..self.turns.len())
            .filter_map(|index| self.talk_ref_at(index))
            .collect()
    }

    // ----- session start and resume -----

    /// Whether this show picks up an earlier run of its session (`Input::Resume`).
    pub(crate) fn resumed(&self) -> bool {
        self.resumed
    }

    /// Picks up an earlier run: talks done keep how they went; the talk that was on stage
    /// comes back as its clock left it, else the show waits on the Up next card of the
    /// first talk not done. With nothing left to pick up, nothing is resumed.
    fn resume(&mut self, resumption: Resumption, now: Instant) {
        for (index, outcome) in resumption.done {
            if let Some(turn) = self.turns.get_mut(index) {
                turn.outcome = outcome;
            }
        }
        match resumption.on_stage {
            Some((index, logged)) => self.resume_talk(index, &logged, now),
            None => {
                let first = self
                    .turns
                    .iter()
                    .position(|t| t.outcome == Outcome::Pending);
                match first {
                    Some(index) => self.resume_at(index),
                    // Every talk was given or skipped, but the show stopped before it
                    // logged the session's end: it comes back on the summary, and
                    // `begin` logs the end it never wrote.
                    None if !self.turns.is_empty() => {
                        self.current = self.turns.len() - 1;
                        self.screen = Screen::Summary;
                        self.resumed = true;
                        self.close_talk_overlays();
                    }
                    None => {}
                }
            }
        }
    }

    /// Resumes a restarted session on the Up next card of this talk (an index).
    fn resume_at(&mut self, index: usize) {
        if index >= self.turns.len() {
            return;
        }
        self.current = index;
        self.screen = Screen::UpNext;
        self.resumed = true;
        let mut ignored = Vec::new();
        self.settle(&mut ignored);
        self.start_up_next(&mut ignored);
    }

    /// Resumes a restarted session in the middle of this talk (an index), with what the
    /// log says its clock went through (`logged`): the time it had used, time given or
    /// taken, warnings already given, time up. It comes back paused, on its slides (or its
    /// TIME card): nothing starts by itself, `S` goes on, `R` twice gives it a full slot.
    /// A talk the log says was restarted waits on its Up next card.
    fn resume_talk(&mut self, index: usize, logged: &CurrentTalk, now: Instant) {
        if logged.restarted {
            return self.resume_at(index);
        }
        let Some(turn) = self.turns.get(index).cloned() else {
            return;
        };
        self.current = index;
        self.resumed = true;
        self.clock = replayed_clock(turn.plan.slot, self.settings.thresholds, logged, now);
        self.clock_talk = Some((
            turn.plan.speaker.clone(),
            turn.plan.title.clone(),
            turn.source,
        ));
        self.screen = if self.clock.state() == ClockState::TimeUp {
            Screen::TimeUp
        } else {
            Screen::Talk
        };
        self.overlay = None;
        self.typed = None;
        self.auto_crossed = 0;
        // The slide it was on, at the same reveal step where the deck (perhaps edited
        // since) still has them.
        let (slide, step) = logged.slide.unwrap_or((1, 0));
        self.show_slide(slide.saturating_sub(1), false);
        self.step = step.min(self.pauses_on(self.slide));
        // Slides that advance by themselves are where the clock is.
        if let Some((_, each)) = turn
            .plan
            .format
            .auto_advance()
            .filter(|(_, each)| !each.is_zero())
        {
            let crossed = self.clock.elapsed(now).as_nanos() / each.as_nanos();
            let last = self.slide_count().saturating_sub(1);
            self.auto_crossed = usize::try_from(crossed).unwrap_or(usize::MAX).min(last);
            self.show_slide(self.auto_crossed, true);
        }
        // The slide it comes back on goes into the log with the session's first effects
        // (`begin`), once the log is open again.
        self.logged_slide = (self.screen == Screen::Talk).then_some((self.slide, self.step));
    }

    /// The first effects of a session: its start (or resumption) in the log, and the first
    /// deck to preload.
    pub(crate) fn begin(&self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.resumed {
            if let Some(talk) = self.talk_ref() {
                effects.push(Effect::Log(Event::SessionResumed { talk }));
            }
        } else {
            effects.push(Effect::Log(Event::SessionStarted {
                title: self.settings.title.clone(),
                talks: self.turns.len(),
            }));
        }
        if self.resumed && self.screen == Screen::Summary {
            let (given, skipped) = self.tally();
            effects.push(Effect::Log(Event::SessionEnded { given, skipped }));
        }
        // A talk resumed on its slides: the slide it is back on.
        if let (Screen::Talk, Some(talk)) = (self.screen, self.talk_ref())
            && self.slide_count() > 0
        {
            effects.push(Effect::Log(Event::SlideShown {
                talk,
                slide: self.slide + 1,
                step: self.step,
            }));
        }
        // The deck up next; for a talk resumed on stage, the one after it.
        let preload = match self.screen {
            Screen::UpNext => self.current_source(),
            Screen::Talk | Screen::TimeUp => self.next_turn().and_then(|t| t.source),
            Screen::ThankYou | Screen::Summary => None,
        };
        effects.extend(preload.map(Effect::PreloadTalk));
        effects
    }

    // ----- the two ways the show changes -----

    /// Time passing: warnings, time-up, auto-advance.
    pub(crate) fn tick(&mut self, now: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.screen == Screen::Talk {
            self.tick_talk(now, &mut effects);
        }
        self.note_slide(&mut effects);
        effects
    }

    fn tick_talk(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        for event in self.clock.poll(now) {
            let Some(talk) = self.talk_ref() else { break };
            match event {
                ClockEvent::Warning { which, at } => {
                    effects.push(Effect::Sound(match which {
                        Warning::WrapUp => Cue::WrapUp,
                        Warning::Final => Cue::Final,
                    }));
                    effects.push(Effect::Log(Event::Warning {
                        talk,
                        which,
                        remaining_ms: millis(at),
                    }));
                }
                ClockEvent::TimeUp => {
                    // The gong first: the log line is written (and synced) after it.
                    effects.push(Effect::Sound(Cue::Gong));
                    effects.push(Effect::Log(Event::TimeUp { talk }));
                    if !self.settings.overtime_on_slides {
                        self.screen = Screen::TimeUp;
                        self.close_talk_overlays();
                        self.typed = None;
                    }
                }
            }
        }
        if self.screen == Screen::Talk {
            self.auto_advance(now, effects);
        }
    }

    /// Logs the slide and reveal step on screen when they are not the ones logged last,
    /// so the log says how long each slide was up (`Event::SlideShown`; the record's
    /// talk clock is when). Called after every change; off the slides, it forgets, so a
    /// talk started again logs its first slide again.
    fn note_slide(&mut self, fx: &mut Vec<Effect>) {
        if self.screen != Screen::Talk {
            self.logged_slide = None;
            return;
        }
        let shown = (self.slide, self.step);
        if self.logged_slide == Some(shown) || self.slide_count() == 0 {
            return;
        }
        self.logged_slide = Some(shown);
        if let Some(talk) = self.talk_ref() {
            fx.push(Effect::Log(Event::SlideShown {
                talk,
                slide: self.slide + 1,
                step: self.step,
            }));
        }
    }

    /// An input from anywhere (see `Input`). For commands and lineup edits, time is
    /// brought up to date first, so a key pressed just after 0:00 meets the TIME card,
    /// not the next slide. A notice changes only the banner, and a resumption is how the
    /// show starts: neither moves time on.
    pub(crate) fn apply(&mut self, input: impl Into<Input>, now: Instant) -> Vec<Effect> {
        match input.into() {
            Input::Command(command) => self.command(command, now),
            Input::LineupEdited(talks) => self.replace_talks(talks, now),
            Input::Notice { text, topic } => {
                self.queue_notice(text, topic, now);
                Vec::new()
            }
            Input::TroubleOver(topic) => {
                self.clear_notices(topic);
                Vec::new()
            }
            Input::Resume(resumption) => {
                self.resume(resumption, now);
                Vec::new()
            }
            Input::SlidesEdited { slides, slide } => {
                let mut effects = self.tick(now);
                self.edit_slides(slides, slide);
                effects.extend(self.tick(now));
                effects
            }
        }
    }

    fn command(&mut self, command: Command, now: Instant) -> Vec<Effect> {
        let mut effects = self.tick(now);
        let confirming = self
            .confirm
            .take()
            .filter(|(_, at)| now.saturating_duration_since(*at) <= self.settings.confirm_window)
            .map(|(what, _)| what);
        let typed = self.typed_slide(now);
        self.typed = None;
        self.handle(command, now, confirming, typed, &mut effects);
        effects.extend(self.tick(now));
        effects
    }

    fn handle(
        &mut self,
        command: Command,
        now: Instant,
        confirming: Option<Confirmation>,
        typed: Option<usize>,
        fx: &mut Vec<Effect>,
    ) {
        // Keys that act the same everywhere.
        match command {
            Command::Quit => {
                if self.screen == Screen::Summary || confirming == Some(Confirmation::Quit) {
                    fx.push(Effect::Quit);
                } else {
                    self.confirm = Some((Confirmation::Quit, now));
                }
                return;
            }
            Command::Fullscreen => {
                fx.push(Effect::ToggleFullscreen);
                return;
            }
            Command::NextScreen => {
                fx.push(Effect::NextScreen);
                return;
            }
            Command::Help => {
                self.toggle_overlay(Overlay::Help);
                return;
            }
            Command::Lineup => {
                let selected = self.current.min(self.turns.len().saturating_sub(1));
                self.toggle_overlay(Overlay::Lineup { selected });
                return;
            }
            Command::Reorder(change) => {
                // An open panel's cursor stays where it is: the order's length is the same.
                self.reorder(change, fx);
                self.settle(fx);
                return;
            }
            // Which view the window draws is the window's choice (`Session`), not the
            // show's: the show is the same in both.
            Command::SwitchView => return,
            _ => {}
        }

        // An open overlay takes speaker keys (they never fall through to the slides) and
        // Escape; organiser keys still act on the show underneath.
        let closes = command == Command::Cancel || command.is_speaker_key();
        match self.overlay {
            Some(Overlay::Help | Overlay::Black) if closes => {
                self.overlay = None;
                return;
            }
            Some(Overlay::Overview { selected }) if closes => {
                self.overview_key(command, selected);
                return;
            }
            Some(Overlay::Lineup { selected }) if closes || command.is_lineup_key() => {
                self.lineup_key(command, selected, fx);
                return;
            }
            _ => {}
        }
        if command.is_lineup_key() || command == Command::Cancel {
            return;
        }

        match self.screen {
            Screen::UpNext => match command {
                Command::Next | Command::Confirm | Command::StartPause => self.go(now, fx),
                Command::Black => self.overlay = Some(Overlay::Black),
                Command::NextSpeaker => {
                    if confirming == Some(Confirmation::SkipTalk) {
                        self.skip_current(fx);
                    } else {
                        self.confirm = Some((Confirmation::SkipTalk, now));
                    }
                }
                Command::AddTime | Command::TakeTime => self.change_time(command, now, fx),
                _ => {}
            },
            Screen::Talk => self.talk_key(command, now, confirming, typed, fx),
            Screen::TimeUp => match command {
                Command::NextSpeaker => {
                    self.end_talk(now, false, fx);
                    self.advance(fx);
                }
                Command::Restart => self.restart_key(now, confirming, fx),
                _ => {}
            },
            Screen::ThankYou => match command {
                Command::NextSpeaker => self.advance(fx),
                Command::Restart => self.restart_key(now, confirming, fx),
                _ => {}
            },
            Screen::Summary => {
                if command == Command::NextSpeaker && self.settings.single_talk {
                    fx.push(Effect::Quit);
                }
            }
        }
    }

    fn talk_key(
        &mut self,
        command: Command,
        now: Instant,
        confirming: Option<Confirmation>,
        typed: Option<usize>,
        fx: &mut Vec<Effect>,
    ) {
        // Ignite and Pecha Kucha in a session: the slides are the clock's, not the speaker's.
        let locked = self.slides_locked();
        match command {
            Command::Black => self.overlay = Some(Overlay::Black),
            _ if command.is_speaker_key() && locked => {}
            Command::Next => self.forward(now, fx),
            Command::Previous => self.back(),
            Command::First => self.show_slide(0, false),
            Command::Last => {
                let last = self.slide_count().saturating_sub(1);
                self.show_slide(last, true);
            }
            Command::Digit(digit) => {
                let n = typed.unwrap_or(0).saturating_mul(10) + usize::from(digit);
                // Four digits is more slides than any lightning talk has.
                self.typed = Some((n.min(9999), now));
            }
            Command::Confirm => match typed {
                Some(n) if (1..=self.slide_count()).contains(&n) => self.show_slide(n - 1, false),
                Some(_) => {}
                None => self.forward(now, fx),
            },
            Command::Overview if self.slide_count() > 0 => {
                self.overlay = Some(Overlay::Overview {
                    selected: self.slide,
                });
            }
            Command::StartPause => self.pause_or_resume(now, fx),
            Command::AddTime | Command::TakeTime => self.change_time(command, now, fx),
            Command::NextSpeaker => {
                if confirming == Some(Confirmation::EndTalk) {
                    self.end_talk(now, true, fx);
                    self.advance(fx);
                } else {
                    self.confirm = Some((Confirmation::EndTalk, now));
                }
            }
            Command::Restart => self.restart_key(now, confirming, fx),
            _ => {}
        }
    }

    fn overview_key(&mut self, command: Command, selected: usize) {
        let last = self.slide_count().saturating_sub(1);
        let selected = match command {
            Command::Next => (selected + 1).min(last),
            Command::Previous => selected.saturating_sub(1),
            Command::First => 0,
            Command::Last => last,
            Command::Confirm => {
                self.overlay = None;
                self.show_slide(selected, false);
                return;
            }
            Command::Overview | Command::Cancel => {
                self.overlay = None;
                return;
            }
            _ => selected,
        };
        self.overlay = Some(Overlay::Overview { selected });
    }

    /// A key in the lineup panel: the arrows move its cursor, and the other keys become
    /// the change they name for the talk under it (`Reorder`), as any other input would
    /// send it.
    fn lineup_key(&mut self, command: Command, selected: usize, fx: &mut Vec<Effect>) {
        let last = self.turns.len().saturating_sub(1);
        let selected = selected.min(last);
        let mut now_selected = selected;
        let change = match command {
            Command::Cancel => {
                self.overlay = None;
                return;
            }
            Command::Next => {
                now_selected = (selected + 1).min(last);
                None
            }
            Command::Previous => {
                now_selected = selected.saturating_sub(1);
                None
            }
            Command::MoveUp if selected > 0 => Some(Reorder::Move {
                from: selected,
                to: selected - 1,
            }),
            Command::MoveDown if selected < last => Some(Reorder::Move {
                from: selected,
                to: selected + 1,
            }),
            Command::SendToEnd => Some(Reorder::SendToEnd(selected)),
            Command::Skip => Some(Reorder::Skip(selected)),
            Command::MakeNext => Some(Reorder::MakeNext(selected)),
            _ => None,
        };
        if let Some(change) = change
            && let Some(at) = self.reorder(change, fx)
            // The cursor goes with a talk moved up, down or to next; a talk sent to the
            // end or skipped leaves it on the talk that takes its place.
            && matches!(change, Reorder::Move { .. } | Reorder::MakeNext(_))
        {
            now_selected = at;
        }
        self.overlay = Some(Overlay::Lineup {
            selected: now_selected,
        });
        self.settle(fx);
    }

    /// Changes the running order; returns where the talk it names now stands, or `None`
    /// when the change does nothing (a talk given or on stage, or out of range).
    fn reorder(&mut self, change: Reorder, fx: &mut Vec<Effect>) -> Option<usize> {
        match change {
            Reorder::Move { from, to } => {
                let mut between = from.min(to)..=from.max(to);
                if from == to || to >= self.turns.len() || !between.all(|i| self.movable(i)) {
                    return None;
                }
                // Every talk passed over is still to come, so the card's place stays
                // the card's: a talk moved onto it is up next.
                let turn = self.turns.remove(from);
                self.turns.insert(to, turn);
                self.moved(from, to, fx);
                Some(to)
            }
            Reorder::SendToEnd(index) => {
                let last = self.turns.len().checked_sub(1)?;
                if index >= last || !self.movable(index) {
                    return None;
                }
                let turn = self.turns.remove(index);
                if index < self.current {
                    self.current -= 1;
                }
                self.turns.push(turn);
                self.moved(index, last, fx);
                Some(last)
            }
            Reorder::Skip(index) => {
                if !self.movable(index) {
                    return None;
                }
                if let Some(turn) = self.turns.get_mut(index) {
                    turn.outcome = Outcome::Skipped;
                }
                if let Some(talk) = self.talk_ref_at(index) {
                    fx.push(Effect::Log(Event::TalkSkipped { talk }));
                }
                Some(index)
            }
            Reorder::MakeNext(index) => {
                let skipped = self
                    .turns
                    .get(index)
                    .is_some_and(|t| t.outcome == Outcome::Skipped);
                if !skipped && !self.movable(index) {
                    return None;
                }
                let mut turn = self.turns.remove(index);
                turn.outcome = Outcome::Pending;
                if index < self.current {
                    self.current -= 1;
                }
                let target = if self.screen == Screen::UpNext {
                    self.current
                } else {
                    self.current + 1
                };
                let target = target.min(self.turns.len());
                self.turns.insert(target, turn);
                self.moved(index, target, fx);
                Some(target)
            }
        }
    }

    /// A talk taken out at `from` and put in at `to` (indices, `to` counted after taking
    /// it out): logged, and the new order handed on for the lineup file. A skipped talk
    /// made next where it stands is logged too (it is to come again), but the order is
    /// the same.
    fn moved(&mut self, from: usize, to: usize, fx: &mut Vec<Effect>) {
        let Some(talk) = self.talk_ref_at(to) else {
            return;
        };
        fx.push(Effect::Log(Event::TalkMoved {
            talk: TalkRef {
                position: from + 1,
                ..talk
            },
            to: to + 1,
        }));
        if from != to {
            // The file is written in this order: a later edit of it is measured against it.
            let in_file = self.turns.iter().filter(|t| t.source.is_some());
            self.file_order = in_file.map(|t| t.plan.key()).collect();
            let order = self.turns.iter().filter_map(|t| t.source).collect();
            fx.push(Effect::Reordered(order));
        }
    }

    /// Whether the lineup panel may move or skip this talk: it has not been given, and is
    /// not on stage right now.
    fn movable(&self, index: usize) -> bool {
        let on_stage = index == self.current && self.screen != Screen::UpNext;
        !on_stage
            && self
                .turns
                .get(index)
                .is_some_and(|t| t.outcome == Outcome::Pending)
    }

    // ----- the talk -----

    fn slides_locked(&self) -> bool {
        !self.settings.single_talk
            && self
                .current_turn()
                .is_some_and(|t| t.plan.format.auto_advance().is_some())
    }

    fn auto_advancing(&self) -> bool {
        self.current_turn()
            .is_some_and(|t| t.plan.format.auto_advance().is_some())
    }

    fn slide_count(&self) -> usize {
        self.current_turn().map_or(0, |t| t.plan.slides.len())
    }

    fn pauses_on(&self, slide: usize) -> usize {
        self.current_turn().map_or(0, |t| t.plan.pauses_on(slide))
    }

    fn show_slide(&mut self, slide: usize, revealed: bool) {
        self.slide = slide.min(self.slide_count().saturating_sub(1));
        // Auto-advancing formats have no reveal presses: show each slide whole.
        self.step = if revealed || self.auto_advancing() {
            self.pauses_on(self.slide)
        } else {
            0
        };
    }

    /// The talk on stage (or up next) takes its deck's new slides; the slide shown is
    /// `slide` (kept in range), at the same reveal step where it still has that many.
    fn edit_slides(&mut self, slides: Vec<SlidePlan>, slide: usize) {
        let Some(turn) = self.turns.get_mut(self.current) else {
            return;
        };
        turn.plan.slides = slides;
        let step = self.step;
        self.show_slide(slide, false);
        self.step = step.min(self.pauses_on(self.slide));
        let last = self.slide_count().saturating_sub(1);
        if let Some(Overlay::Overview { selected }) = &mut self.overlay {
            *selected = (*selected).min(last);
        }
    }

    fn go(&mut self, now: Instant, fx: &mut Vec<Effect>) {
        if !self.clock.start(now) {
            return;
        }
        self.screen = Screen::Talk;
        self.auto_crossed = 0;
        self.show_slide(0, false);
        if let Some(talk) = self.talk_ref() {
            fx.push(Effect::Log(Event::TalkStarted {
                talk,
                slot_ms: millis(self.clock.slot()),
            }));
        }
        if let Some(source) = self.next_turn().and_then(|t| t.source) {
            fx.push(Effect::PreloadTalk(source));
        }
    }

    fn forward(&mut self, now: Instant, fx: &mut Vec<Effect>) {
        let count = self.slide_count();
        if self.slide + 1 >= count && self.step >= self.pauses_on(self.slide) {
            self.thank_you(now, fx);
        } else if self.step < self.pauses_on(self.slide) {
            self.step += 1;
        } else {
            self.show_slide(self.slide + 1, false);
        }
    }

    fn back(&mut self) {
        if self.step > 0 && !self.auto_advancing() {
            self.step -= 1;
        } else if self.slide > 0 {
            // Going back shows the previous slide as it was left: fully revealed.
            self.show_slide(self.slide - 1, true);
        }
    }

    fn auto_advance(&mut self, now: Instant, fx: &mut Vec<Effect>) {
        let Some((_, each)) = self
            .current_turn()
            .and_then(|t| t.plan.format.auto_advance())
        else {
            return;
        };
        let count = self.slide_count();
        if count == 0 || each.is_zero() {
            return;
        }
        let crossed = usize::try_from(self.clock.elapsed(now).as_nanos() / each.as_nanos())
            .unwrap_or(usize::MAX);
        let locked = self.slides_locked();
        while self.auto_crossed < crossed {
            self.auto_crossed += 1;
            let target = if locked {
                self.auto_crossed
            } else {
                self.slide + 1
            };
            if target >= count {
                // The last slide's time is over: that ends the talk.
                self.thank_you(now, fx);
                return;
            }
            self.show_slide(target, true);
        }
    }

    fn pause_or_resume(&mut self, now: Instant, fx: &mut Vec<Effect>) {
        let Some(talk) = self.talk_ref() else { return };
        if self.clock.pause(now) {
            fx.push(Effect::Log(Event::Paused { talk }));
        } else if self.clock.resume(now) {
            fx.push(Effect::Log(Event::Resumed { talk }));
        }
    }

    fn change_time(&mut self, command: Command, now: Instant, fx: &mut Vec<Effect>) {
        let step = self.settings.time_step;
        let change = if command == Command::AddTime {
            Adjust::Add(step)
        } else {
            Adjust::Take(step)
        };
        if let Some(applied) = self.clock.adjust(change, now)
            && let Some(talk) = self.talk_ref()
        {
            fx.push(Effect::Log(Event::TimeChanged {
                talk,
                delta_ms: applied.delta_ms(),
                slot_ms: millis(self.clock.slot()),
            }));
        }
    }

    fn restart_key(
        &mut self,
        now: Instant,
        confirming: Option<Confirmation>,
        fx: &mut Vec<Effect>,
    ) {
        if confirming != Some(Confirmation::Restart) {
            self.confirm = Some((Confirmation::Restart, now));
            return;
        }
        if let Some(talk) = self.talk_ref() {
            fx.push(Effect::Log(Event::TalkRestarted { talk }));
        }
        if let Some(turn) = self.turns.get_mut(self.current) {
            turn.outcome = Outcome::Pending;
        }
        self.start_up_next(fx);
    }

    /// The speaker went past the end: the clock stops and the time used is logged.
    fn thank_you(&mut self, now: Instant, fx: &mut Vec<Effect>) {
        self.end_talk(now, true, fx);
        self.screen = Screen::ThankYou;
        self.close_talk_overlays();
    }

    fn end_talk(&mut self, now: Instant, early: bool, fx: &mut Vec<Effect>) {
        self.clock.pause(now);
        let overtime = self.clock.overtime(now);
        let used = self.clock.elapsed(now) - overtime;
        let early = early && self.clock.state() != ClockState::TimeUp;
        if let Some(talk) = self.talk_ref() {
            fx.push(Effect::Log(Event::TalkEnded {
                talk,
                used_ms: millis(used),
                overtime_ms: millis(overtime),
                early,
            }));
        }
        if let Some(turn) = self.turns.get_mut(self.current) {
            turn.outcome = Outcome::Given {
                used,
                overtime,
                early,
            };
        }
    }

    fn skip_current(&mut self, fx: &mut Vec<Effect>) {
        if let Some(talk) = self.talk_ref() {
            fx.push(Effect::Log(Event::TalkSkipped { talk }));
        }
        if let Some(turn) = self.turns.get_mut(self.current) {
            turn.outcome = Outcome::Skipped;
        }
        self.advance(fx);
    }

    // ----- moving through the lineup -----

    /// The first talk still to be given at or after `start`, else the first before it (a
    /// talk brought back or resumed out of order is not lost).
    fn pending_from(&self, start: usize) -> Option<usize> {
        let pending = |i: &usize| self.turns[*i].outcome == Outcome::Pending;
        (start..self.turns.len())
            .find(pending)
            .or_else(|| (0..start.min(self.turns.len())).find(pending))
    }

    fn advance(&mut self, fx: &mut Vec<Effect>) {
        match self.pending_from(self.current + 1) {
            Some(index) => {
                self.current = index;
                self.start_up_next(fx);
            }
            None => self.end_session(fx),
        }
    }

    fn start_up_next(&mut self, fx: &mut Vec<Effect>) {
        self.screen = Screen::UpNext;
        let slot = self.current_turn().map_or(Duration::ZERO, |t| t.plan.slot);
        self.clock = Clock::new(slot, self.settings.thresholds);
        self.clock_talk = self
            .current_turn()
            .map(|t| (t.plan.speaker.clone(), t.plan.title.clone(), t.source));
        self.slide = 0;
        self.step = 0;
        self.auto_crossed = 0;
        self.typed = None;
        self.close_talk_overlays();
        if let Some(source) = self.current_source() {
            fx.push(Effect::PreloadTalk(source));
        }
    }

    fn end_session(&mut self, fx: &mut Vec<Effect>) {
        self.screen = Screen::Summary;
        self.close_talk_overlays();
        let (given, skipped) = self.tally();
        fx.push(Effect::Log(Event::SessionEnded { given, skipped }));
    }

    /// After the lineup changed: the Up next card shows a talk still to be given, with a
    /// clock made for it, and a session that ran out of talks gets its new ones.
    fn settle(&mut self, fx: &mut Vec<Effect>) {
        match self.screen {
            Screen::UpNext => {
                if self
                    .current_turn()
                    .is_none_or(|t| t.outcome != Outcome::Pending)
                {
                    match self.pending_from(self.current) {
                        Some(index) => self.current = index,
                        None => {
                            self.end_session(fx);
                            return;
                        }
                    }
                }
                let Some(turn) = self.current_turn() else {
                    return;
                };
                let same_talk = self.clock_talk.as_ref().is_some_and(|(speaker, title, _)| {
                    *speaker == turn.plan.speaker && *title == turn.plan.title
                });
                if !same_talk || self.clock.planned() != turn.plan.slot {
                    self.start_up_next(fx);
                } else if self.clock_talk.as_ref().is_some_and(|c| c.2 != turn.source) {
                    // Same talk, same clock (and any time already given on the card); its
                    // deck now sits at another index of the caller's list.
                    let source = turn.source;
                    if let Some(clock_talk) = self.clock_talk.as_mut() {
                        clock_talk.2 = source;
                    }
                    if let Some(source) = source {
                        fx.push(Effect::PreloadTalk(source));
                    }
                }
            }
            Screen::Summary => {
                if let Some(index) = self.pending_from(0) {
                    self.current = index;
                    self.start_up_next(fx);
                }
            }
            Screen::Talk | Screen::TimeUp | Screen::ThankYou => {}
        }
    }

    // ----- a reloaded lineup -----

    /// Takes in a lineup edited while the show runs. The talk on stage keeps its clock
    /// (matched by speaker and title; kept even if the file no longer has it), talks given
    /// or skipped keep their outcome, and talks still to come follow the show's order with
    /// new ones at the end, unless the edit itself reordered them: then the file's order
    /// wins. Logs what changed.
    fn replace_talks(&mut self, talks: Vec<TalkPlan>, now: Instant) -> Vec<Effect> {
        let mut fx = self.tick(now);
        let on_stage = matches!(
            self.screen,
            Screen::Talk | Screen::TimeUp | Screen::ThankYou
        );

        // Match old turns to the new list, in order, so a duplicate pairs up one to one.
        let mut taken = vec![false; talks.len()];
        let mut matched = Vec::with_capacity(self.turns.len());
        for turn in &self.turns {
            let found = (0..talks.len()).find(|&j| !taken[j] && talks[j].same_talk(&turn.plan));
            if let Some(j) = found {
                taken[j] = true;
            }
            matched.push(found);
        }

        let previous_order = std::mem::take(&mut self.file_order);
        let reordered = {
            let known = |order: &[(String, String)], other: &[(String, String)]| {
                order
                    .iter()
                    .filter(|key| other.contains(key))
                    .cloned()
                    .collect::<Vec<_>>()
            };
            let new_order = file_order(&talks);
            let same = known(&new_order, &previous_order) == known(&previous_order, &new_order);
            self.file_order = new_order;
            !same
        };

        let mut history = Vec::new();
        let mut stage = None;
        let mut pending = Vec::new();
        let mut in_order = Vec::new();
        let mut removed = Vec::new();
        let mut replanned = false;
        let old = std::mem::take(&mut self.turns);
        for (i, (mut turn, found)) in old.into_iter().zip(matched).enumerate() {
            turn.source = found;
            if on_stage && i == self.current {
                if let Some(j) = found {
                    // The deck may have been edited: take its slides, keep the slot the
                    // clock is running on.
                    let slot = turn.plan.slot;
                    turn.plan = talks[j].clone();
                    turn.plan.slot = slot;
                }
                stage = Some((in_order.len(), turn.clone()));
                in_order.push(turn);
            } else if turn.outcome == Outcome::Pending {
                match found {
                    Some(j) => {
                        replanned |= turn.plan != talks[j];
                        turn.plan = talks[j].clone();
                        pending.push(turn.clone());
                        in_order.push(turn);
                    }
                    None => removed.push(turn.plan.speaker),
                }
            } else {
                history.push(turn.clone());
                in_order.push(turn);
            }
        }
        let mut added = Vec::new();
        for (j, plan) in talks.iter().enumerate() {
            if !taken[j] {
                added.push(plan.speaker.clone());
                let turn = Turn {
                    plan: plan.clone(),
                    source: Some(j),
                    outcome: Outcome::Pending,
                };
                pending.push(turn.clone());
                in_order.push(turn);
            }
        }

        if reordered {
            pending.sort_by_key(|t| t.source);
            // Given and skipped talks first, then the one on stage, then the file's order.
            self.current = history.len();
            self.turns = history;
            self.turns.extend(stage.map(|(_, turn)| turn));
            self.turns.extend(pending);
        } else {
            self.current = if let Some((index, _)) = stage {
                index
            } else {
                // Everything before the card's talk was given or skipped; its talk (or,
                // if it left the file, the one after it) is the first still to come.
                in_order
                    .iter()
                    .position(|t| t.outcome == Outcome::Pending)
                    .unwrap_or(in_order.len())
            };
            self.turns = in_order;
        }
        if on_stage {
            let count = self.slide_count();
            self.slide = self.slide.min(count.saturating_sub(1));
            self.step = self.step.min(self.pauses_on(self.slide));
        }

        let mut what = Vec::new();
        if !added.is_empty() {
            what.push(format!("added {}", added.join(", ")));
        }
        if !removed.is_empty() {
            what.push(format!("removed {}", removed.join(", ")));
        }
        if reordered {
            what.push("new order".to_string());
        }
        if what.is_empty() && replanned {
            what.push("talks edited".to_string());
        }
        if !what.is_empty() {
            fx.push(Effect::Log(Event::LineupChanged {
                talks: self.turns.len(),
                what: what.join("; "),
            }));
        }
        if let Some(Overlay::Lineup { selected }) = self.overlay {
            self.overlay = Some(Overlay::Lineup {
                selected: selected.min(self.turns.len().saturating_sub(1)),
            });
        }
        self.settle(&mut fx);
        self.note_slide(&mut fx);
        fx
    }

    // ----- small things -----

    fn talk_ref_at(&self, index: usize) -> Option<TalkRef> {
        self.turns.get(index).map(|turn| TalkRef {
            position: index + 1,
            speaker: turn.plan.speaker.clone(),
            title: Some(turn.plan.title.clone()),
            deck: turn.plan.deck.clone(),
        })
    }

    fn talk_ref(&self) -> Option<TalkRef> {
        self.talk_ref_at(self.current)
    }

    fn toggle_overlay(&mut self, overlay: Overlay) {
        let same_kind = self
            .overlay
            .is_some_and(|open| std::mem::discriminant(&open) == std::mem::discriminant(&overlay));
        self.overlay = if same_kind { None } else { Some(overlay) };
    }

    /// Black screen and the overview belong to the slides: they close when the slides go.
    fn close_talk_overlays(&mut self) {
        if matches!(
            self.overlay,
            Some(Overlay::Black | Overlay::Overview { .. })
        ) {
            self.overlay = None;
        }
    }
}
