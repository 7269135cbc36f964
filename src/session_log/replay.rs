//! One reading of a log's last session, talk by talk: what resuming after a restart
//! (`Resume`) and `gong report` both take from it, so the log's rules are read in one
//! place:
//! - only the last session counts (from its `session_started` on);
//! - records name a talk by its place: a talk moved in the lineup panel shifts the places
//!   of those between, and later records use the new places (`TalkRef::place_after_move`);
//! - a talk given or skipped is done until it is started again or moved back into the
//!   lineup; the last word counts;
//! - a restart starts the talk's clock over: its warnings, time changes and slides are
//!   forgotten for resuming and timed afresh for the report, and it waits on its Up next
//!   card until started;
//! - a talk on stage comes back with the time it had left, on the slide it was on.
//!
//! Owns no file and no wording: `session_log` reads the records, the report words them.

use super::{CurrentTalk, Done, DoneTalk, Event, Record, TalkRef, last_session};

/// How a talk went, as far as the log says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Started, not ended yet (the log stops mid-talk).
    Running,
    /// Ended by the organiser before time was up.
    Ended,
    /// Ended by the speaker before time was up.
    Early,
    /// Its time ran out (the gong sounded).
    TimeUp,
    Skipped,
}

impl Ending {
    pub(crate) fn was_given(self) -> bool {
        matches!(self, Ending::Ended | Ending::Early | Ending::TimeUp)
    }
}

/// The last session of a log, read through.
#[derive(Debug, Clone, Default)]
pub(crate) struct Replay {
    pub title: Option<String>,
    /// When the session started and ended, as the records say (`at`).
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    /// Lineup edits and the panel's moves.
    pub lineup_changes: usize,
    /// Every talk the log names, in the order first named, each at its place at the end
    /// of the log.
    pub talks: Vec<TalkHistory>,
    /// The talks given or skipped and not brought back since, in the order they were, how,
    /// and as the record that said so names them (at their places now): an index into
    /// `talks` each.
    pub done: Vec<(usize, DoneTalk)>,
    /// The talk started and neither ended nor skipped (an index into `talks`).
    pub on_stage: Option<usize>,
}

/// What the log says of one talk.
#[derive(Debug, Clone)]
pub(crate) struct TalkHistory {
    /// As the first record about it names it, at its place at the end of the log.
    pub talk: TalkRef,
    /// The title it was last started with, else the first one a record gave.
    pub title: Option<String>,
    pub ending: Ending,
    /// Its slot, after any time given or taken.
    pub slot_ms: Option<u64>,
    /// The time it used: as logged when it ended, else its clock at the latest record.
    pub used_ms: Option<u64>,
    pub overtime_ms: u64,
    pub pauses: usize,
    /// Every time given (+) or taken (-).
    pub time_changes: Vec<i64>,
    pub restarts: usize,
    pub slides: SlideTimes,
    /// Its clock since it was last started, from the records logged while it was on stage:
    /// what resuming gives back.
    pub run: Option<CurrentTalk>,
}

/// How long each slide of a talk was up, on the talk clock (pauses do not count).
#[derive(Debug, Clone, Default)]
pub(crate) struct SlideTimes {
    /// By slide (0-based): milliseconds up, and how many times it came up.
    pub slides: Vec<(u64, usize)>,
    /// The slide up now (0-based) and the talk clock when it came up.
    up: Option<(usize, u64)>,
}

impl SlideTimes {
    /// Slide `slide` (1-based) is up from `at` on; the one before it is down.
    fn show(&mut self, slide: usize, at: u64) {
        let index = slide.saturating_sub(1);
        let again = self.up.is_some_and(|(up, _)| up == index);
        self.down(at);
        if self.slides.len() <= index {
            self.slides.resize(index + 1, (0, 0));
        }
        // A reveal step is the same slide still up.
        if !again {
            self.slides[index].1 += 1;
        }
        self.up = Some((index, at));
    }

    /// The slides left the screen at `at` (time up, the talk's end, the log's end).
    pub(crate) fn down(&mut self, at: u64) {
        if let Some((index, since)) = self.up.take()
            && let Some(slide) = self.slides.get_mut(index)
        {
            slide.0 += at.saturating_sub(since);
        }
    }
}

impl TalkHistory {
    fn new(talk: &TalkRef) -> TalkHistory {
        TalkHistory {
            talk: talk.clone(),
            title: talk.title.clone(),
            ending: Ending::Running,
            slot_ms: None,
            used_ms: None,
            overtime_ms: 0,
            pauses: 0,
            time_changes: Vec::new(),
            restarts: 0,
            slides: SlideTimes::default(),
            run: None,
        }
    }

    /// Any record naming its title gives the talk one (a skipped talk was never started).
    fn named(&mut self, talk: &TalkRef) {
        if self.title.is_none() {
            self.title.clone_from(&talk.title);
        }
    }
}

impl Replay {
    pub(crate) fn of(records: &[Record]) -> Replay {
        let mut replay = Replay::default();
        for record in last_session(records) {
            replay.take(record);
        }
        replay
    }

    /// The talk's history, found by what the record names (see `TalkRef::is`), made on
    /// first sight so talks come in the order they happened.
    fn history(&mut self, talk: &TalkRef) -> usize {
        let index = match self.talks.iter().position(|known| known.talk.is(talk)) {
            Some(index) => index,
            None => {
                self.talks.push(TalkHistory::new(talk));
                self.talks.len() - 1
            }
        };
        self.talks[index].named(talk);
        index
    }

    fn take(&mut self, record: &Record) {
        let at = record.talk_ms;
        match &record.event {
            Event::SessionStarted { title, .. } => {
                self.title = Some(title.clone());
                self.started_at = Some(record.at.clone());
            }
            Event::SessionEnded { .. } => {
                self.ended_at = Some(record.at.clone());
                self.on_stage = None;
            }
            Event::LineupChanged { .. } => self.lineup_changes += 1,
            Event::TalkMoved { talk, to } => {
                self.lineup_changes += 1;
                // Moved in the panel: still to come (a skipped talk made next is back).
                if let Some(moved) = self.talks.iter().position(|known| known.talk.is(talk)) {
                    self.done.retain(|&(index, _)| index != moved);
                }
                let named = self.talks.iter_mut().flat_map(|known| {
                    std::iter::once(&mut known.talk)
                        .chain(known.run.as_mut().map(|run| &mut run.talk))
                });
                let finished = self.done.iter_mut().map(|(_, done)| &mut done.talk);
                for named in named.chain(finished) {
                    named.position = named.place_after_move(talk, *to);
                }
                // The record's clock is the talk on stage's, not the moved one's.
                return;
            }
            Event::TalkStarted { talk, slot_ms } => {
                let index = self.history(talk);
                // Started again after being done (made next again): no longer done.
                self.done.retain(|&(done, _)| done != index);
                let history = &mut self.talks[index];
                history.title.clone_from(&talk.title);
                history.slot_ms = Some(*slot_ms);
                history.ending = Ending::Running;
                history.run = Some(CurrentTalk {
                    talk: talk.clone(),
                    started_slot_ms: *slot_ms,
                    slot_ms: *slot_ms,
                    changes: Vec::new(),
                    last_talk_ms: at,
                    warnings: Vec::new(),
                    time_up: false,
                    paused: false,
                    restarted: false,
                    slide: None,
                });
                self.on_stage = Some(index);
            }
            Event::TalkEnded {
                talk,
                used_ms,
                overtime_ms,
                early,
            } => {
                let index = self.history(talk);
                let history = &mut self.talks[index];
                history.used_ms = Some(*used_ms);
                history.overtime_ms = *overtime_ms;
                history.slides.down(used_ms + overtime_ms);
                history.ending = if *early {
                    Ending::Early
                } else if history.ending == Ending::TimeUp || *overtime_ms > 0 {
                    Ending::TimeUp
                } else {
                    Ending::Ended
                };
                let how = Done::Given {
                    used_ms: *used_ms,
                    overtime_ms: *overtime_ms,
                    early: *early,
                };
                self.finish(index, talk, how);
            }
            Event::TalkSkipped { talk } => {
                let index = self.history(talk);
                self.talks[index].ending = Ending::Skipped;
                self.finish(index, talk, Done::Skipped);
            }
            event => {
                let Some(talk) = event.talk() else {
                    return;
                };
                // Without the clock, a warning, a resume or a slide says nothing of a talk
                // the log has not named before.
                let quiet = matches!(
                    event,
                    Event::SessionResumed { .. }
                        | Event::Warning { .. }
                        | Event::Resumed { .. }
                        | Event::SlideShown { .. }
                );
                let index = if quiet && at.is_none() {
                    match self.talks.iter().position(|known| known.talk.is(talk)) {
                        Some(index) => index,
                        None => return,
                    }
                } else {
                    self.history(talk)
                };
                let on_stage = self.on_stage == Some(index);
                let history = &mut self.talks[index];
                history.during(event, at);
                if let Some(run) = history.run.as_mut().filter(|_| on_stage) {
                    run.during(event, at);
                }
            }
        }
        // A running talk's time used so far is its clock at the latest record about it.
        if let (Some(talk), Some(talk_ms)) = (record.event.talk(), at) {
            let index = self.history(talk);
            let history = &mut self.talks[index];
            if history.ending == Ending::Running {
                history.used_ms = Some(talk_ms);
            }
        }
    }

    /// The talk is given or skipped (again, if it was before: the last word counts); the
    /// talk on stage is so no longer.
    fn finish(&mut self, index: usize, talk: &TalkRef, how: Done) {
        self.done.retain(|&(done, _)| done != index);
        let talk = talk.clone();
        self.done.push((index, DoneTalk { talk, how }));
        if self.on_stage == Some(index) {
            self.on_stage = None;
        }
    }
}

impl TalkHistory {
    /// What a record logged while it was given says for the report.
    fn during(&mut self, event: &Event, at: Option<u64>) {
        match event {
            Event::TimeUp { .. } => {
                self.ending = Ending::TimeUp;
                // The slides leave the screen at 0:00.
                if let Some(at) = at {
                    self.slides.down(at);
                }
            }
            Event::SlideShown { slide, .. } => {
                if let Some(at) = at {
                    self.slides.show(*slide, at);
                }
            }
            Event::Paused { .. } => self.pauses += 1,
            Event::TimeChanged {
                delta_ms, slot_ms, ..
            } => {
                self.time_changes.push(*delta_ms);
                self.slot_ms = Some(*slot_ms);
            }
            Event::TalkRestarted { .. } => {
                self.restarts += 1;
                self.ending = Ending::Running;
                self.overtime_ms = 0;
                // Started over: its slides are timed afresh.
                self.slides = SlideTimes::default();
            }
            _ => {}
        }
    }
}

impl CurrentTalk {
    /// What a record logged while the talk was on stage says of its clock.
    fn during(&mut self, event: &Event, at: Option<u64>) {
        if at.is_some() {
            self.last_talk_ms = at;
        }
        match event {
            Event::Warning { which, .. } if !self.warnings.contains(which) => {
                self.warnings.push(*which);
            }
            Event::TimeUp { .. } => self.time_up = true,
            Event::Paused { .. } => self.paused = true,
            Event::Resumed { .. } => self.paused = false,
            Event::TimeChanged {
                delta_ms, slot_ms, ..
            } => {
                self.slot_ms = *slot_ms;
                // After a restart the talk waits on its Up next card: a change there is
                // part of the slot it starts with, not of this run.
                if !self.restarted {
                    let at = at.or(self.last_talk_ms).unwrap_or(0);
                    self.changes.push((at, *delta_ms));
                }
            }
            Event::SlideShown { slide, step, .. } => self.slide = Some((*slide, *step)),
            Event::TalkRestarted { .. } => {
                self.warnings.clear();
                self.changes.clear();
                self.time_up = false;
                self.paused = false;
                self.restarted = true;
                self.last_talk_ms = at;
                self.slide = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_log::{Warning, read_log};

    fn replay(lines: &[&str]) -> Replay {
        let (records, errors) = read_log(&lines.join("\n"));
        assert!(errors.is_empty(), "{errors:?}");
        Replay::of(&records)
    }

    const START: &str =
        r#"{"at":"2025-03-01T10:00:00.000Z","event":"session_started","title":"Day 1","talks":3}"#;

    #[test]
    fn a_skipped_talk_moved_back_is_to_come_and_reported_skipped_until_started() {
        let skipped = replay(&[
            START,
            r#"{"at":"2025-03-01T10:00:10.000Z","event":"talk_skipped","position":1,"speaker":"Ada","title":"One"}"#,
            r#"{"at":"2025-03-01T10:00:20.000Z","event":"talk_moved","position":1,"speaker":"Ada","title":"One","to":2}"#,
        ]);
        assert!(skipped.done.is_empty(), "{:?}", skipped.done);
        assert_eq!(skipped.talks[0].ending, Ending::Skipped);
        assert_eq!(skipped.talks[0].talk.position, 2);
        assert_eq!(skipped.lineup_changes, 1);
    }

    #[test]
    fn a_restart_forgets_the_clock_and_the_slides_but_is_counted() {
        let restarted = replay(&[
            START,
            r#"{"at":"2025-03-01T10:00:10.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ada","title":"One","slot_ms":300000}"#,
            r#"{"at":"2025-03-01T10:00:11.000Z","talk_ms":1000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":2,"step":0}"#,
            r#"{"at":"2025-03-01T10:00:15.000Z","talk_ms":5000,"event":"time_changed","position":1,"speaker":"Ada","title":"One","delta_ms":60000,"slot_ms":360000}"#,
            r#"{"at":"2025-03-01T10:00:20.000Z","talk_ms":10000,"event":"talk_restarted","position":1,"speaker":"Ada","title":"One"}"#,
            r#"{"at":"2025-03-01T10:00:25.000Z","talk_ms":10000,"event":"time_changed","position":1,"speaker":"Ada","title":"One","delta_ms":-30000,"slot_ms":330000}"#,
        ]);
        let talk = &restarted.talks[0];
        assert_eq!(restarted.on_stage, Some(0));
        let run = talk.run.as_ref().expect("started");
        assert!(run.restarted && run.changes.is_empty(), "{run:?}");
        assert_eq!((run.last_talk_ms, run.slot_ms), (Some(10000), 330000));
        assert_eq!(run.slide, None, "back to its first slide");
        assert_eq!(talk.slot_ms, Some(330000));
        assert_eq!((talk.restarts, talk.ending), (1, Ending::Running));
        assert_eq!(talk.time_changes, [60000, -30000]);
        assert!(talk.slides.slides.is_empty(), "{:?}", talk.slides);
    }

    #[test]
    fn the_talk_on_stage_comes_back_on_the_slide_it_was_on() {
        let on_stage = replay(&[
            START,
            r#"{"at":"2025-03-01T10:00:10.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ada","title":"One","slot_ms":300000}"#,
            r#"{"at":"2025-03-01T10:00:11.000Z","talk_ms":1000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":3,"step":0}"#,
            r#"{"at":"2025-03-01T10:00:12.000Z","talk_ms":2000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":3,"step":2}"#,
        ]);
        let run = on_stage.talks[0].run.as_ref().expect("started");
        assert_eq!(run.slide, Some((3, 2)));
    }

    #[test]
    fn a_resume_logged_with_the_clock_counts_as_its_latest_reading() {
        let resumed = replay(&[
            START,
            r#"{"at":"2025-03-01T10:00:10.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ada","title":"One","slot_ms":300000}"#,
            r#"{"at":"2025-03-01T10:00:15.000Z","talk_ms":5000,"event":"session_resumed","position":1,"speaker":"Ada","title":"One"}"#,
        ]);
        let talk = &resumed.talks[0];
        let run = talk.run.as_ref().expect("started");
        assert_eq!((run.last_talk_ms, talk.used_ms), (Some(5000), Some(5000)));
    }

    #[test]
    fn only_the_talk_on_stage_has_a_clock_to_give_back() {
        let ended = replay(&[
            START,
            r#"{"at":"2025-03-01T10:00:10.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ada","title":"One","slot_ms":300000}"#,
            r#"{"at":"2025-03-01T10:04:10.000Z","talk_ms":240000,"event":"warning","position":1,"speaker":"Ada","title":"One","which":"wrap_up","remaining_ms":60000}"#,
            r#"{"at":"2025-03-01T10:04:20.000Z","talk_ms":250000,"event":"talk_ended","position":1,"speaker":"Ada","title":"One","used_ms":250000,"overtime_ms":0,"early":true}"#,
            r#"{"at":"2025-03-01T10:04:30.000Z","talk_ms":250000,"event":"warning","position":1,"speaker":"Ada","title":"One","which":"final","remaining_ms":30000}"#,
        ]);
        assert_eq!(ended.on_stage, None);
        let talk = &ended.talks[0];
        let run = talk.run.as_ref().expect("started");
        assert_eq!(run.warnings, [Warning::WrapUp]);
        assert_eq!((talk.ending, talk.used_ms), (Ending::Early, Some(250000)));
        assert_eq!(ended.done.len(), 1);
    }
}
