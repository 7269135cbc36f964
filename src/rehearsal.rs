//! Rehearsal: a speaker practising a talk at home against its clock (issue 13). This
//! module owns the run as pure data — each slide's budget, the pacing mark, the time
//! spent on each slide, how a run ended — and the record of it (`record`).
//!
//! The run is the stage's own `Show` (one talk, the same keys and clock), watched by a
//! `Rehearsal`: after every input and tick the caller hands it the show and the instant,
//! and it adds the talk clock's time since the last look to the slide that was on
//! screen. So a reveal step's time goes to its slide, a slide visited twice counts both
//! visits, a paused clock adds nothing, and overtime counts. It must not read files, draw
//! or read any clock: the instant and the wall-clock time are passed in.

use std::time::{Duration, Instant, SystemTime};

use crate::deck::{BlockKind, Inline, Slide};
use crate::show::{Screen, Show};

pub(crate) mod compare;
pub(crate) mod record;
#[cfg(test)]
mod tests;

pub(crate) use record::{Ending, RunRecord, SlideTime};

/// What a rehearsal needs of one slide shown: what it is called (the report's row, and
/// how the slide is found again after an edit) and its own `<!-- time: … -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SlideInfo {
    pub title: String,
    pub budget: Option<Duration>,
}

impl SlideInfo {
    /// `number` is 1-based, for a slide with no text to be named by.
    pub(crate) fn of(slide: &Slide, number: usize) -> SlideInfo {
        SlideInfo {
            title: slide_title(slide).unwrap_or_else(|| format!("Slide {number}")),
            budget: slide.time_budget,
        }
    }
}

/// The slides' names as the speaker knows them: the first heading, else the first line
/// of text.
fn slide_title(slide: &Slide) -> Option<String> {
    let heading = slide.blocks.iter().find_map(|block| match &block.kind {
        BlockKind::Heading { content, .. } => Some(Inline::plain_text(content)),
        _ => None,
    });
    let first_text = || {
        slide.blocks.iter().find_map(|block| match &block.kind {
            BlockKind::Paragraph(content) => Some(Inline::plain_text(content)),
            _ => None,
        })
    };
    let text = heading.or_else(first_text)?;
    let text = text.trim();
    // A name, not a paragraph: a report's column stays readable.
    const LONGEST: usize = 40;
    let short: String = text.chars().take(LONGEST).collect();
    let short = if text.chars().count() > LONGEST {
        format!("{}…", short.trim_end())
    } else {
        short
    };
    (!short.is_empty()).then_some(short)
}

/// Each slide's budget: its own `time:`, and the rest of the slot split evenly over the
/// slides without one (nothing, when the own budgets already take the whole slot).
pub(crate) fn budgets(slot: Duration, own: &[Option<Duration>]) -> Vec<Duration> {
    let given: Duration = own.iter().flatten().sum();
    let without = own.iter().filter(|budget| budget.is_none()).count();
    let rest = slot.saturating_sub(given);
    let each = u32::try_from(without)
        .ok()
        .filter(|&count| count > 0)
        .map_or(Duration::ZERO, |count| rest / count);
    own.iter().map(|budget| budget.unwrap_or(each)).collect()
}

/// Where the speaker stands against the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pace {
    /// The talk clock has not yet reached the time planned for this slide to start.
    Ahead(Duration),
    /// Between the planned start and end of this slide.
    OnTime,
    /// Past the time planned for this slide to be over.
    Behind(Duration),
}

/// The pacing mark on `slide` (0-based) with `elapsed` on the talk clock: on pace while
/// the clock is within the slide's planned window (the budgets of the slides before it,
/// to those and its own), ahead or behind by the distance to it otherwise.
pub(crate) fn pace(budgets: &[Duration], slide: usize, elapsed: Duration) -> Pace {
    let start: Duration = budgets.iter().take(slide).sum();
    let end = start + budgets.get(slide).copied().unwrap_or_default();
    if elapsed < start {
        Pace::Ahead(start - elapsed)
    } else if elapsed > end {
        Pace::Behind(elapsed - end)
    } else {
        Pace::OnTime
    }
}

/// Which slide of an edited deck each slide of the old one is, found by their names in
/// order (a longest common subsequence), so slides added, removed or renamed elsewhere
/// leave the others where they are. `None` for a slide the new deck no longer has.
pub(crate) fn follow(old: &[SlideInfo], new: &[SlideInfo]) -> Vec<Option<usize>> {
    let (n, m) = (old.len(), new.len());
    // longest[i][j]: the longest common run of old[i..] and new[j..].
    let mut longest = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            longest[i][j] = if old[i].title == new[j].title {
                longest[i + 1][j + 1] + 1
            } else {
                longest[i + 1][j].max(longest[i][j + 1])
            };
        }
    }
    let mut found = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i].title == new[j].title {
            found[i] = Some(j);
            i += 1;
            j += 1;
        } else if longest[i + 1][j] >= longest[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    found
}

/// The slide to stay on after an edit: the one the speaker was on, found again; if that
/// one was changed past recognition (or removed), the one after the last slide before
/// it that is still there. `count` is the new deck's number of slides.
pub(crate) fn nearest(found: &[Option<usize>], current: usize, count: usize) -> usize {
    let last = count.saturating_sub(1);
    if let Some(Some(same)) = found.get(current) {
        return (*same).min(last);
    }
    let before = found
        .iter()
        .take(current)
        .rev()
        .find_map(|place| place.map(|at| at + 1));
    let after = || {
        found
            .iter()
            .skip(current + 1)
            .find_map(|place| place.map(|at| at.saturating_sub(1)))
    };
    before.or_else(after).unwrap_or(current).min(last)
}

/// The run being rehearsed, watching the show that runs it.
#[derive(Debug, Clone)]
pub(crate) struct Rehearsal {
    /// The deck's file name, for the record.
    deck: String,
    slides: Vec<SlideInfo>,
    strict: bool,
    run: Option<Run>,
}

/// One run, from the first forward press to its end.
#[derive(Debug, Clone)]
struct Run {
    started: SystemTime,
    slot: Duration,
    /// Time on each slide of `Rehearsal::slides`.
    times: Vec<Duration>,
    /// The slide being timed and the talk clock's reading when its time was last added.
    timing: Option<(usize, Duration)>,
    /// The slide on screen when the last record was made: a record is made when it
    /// changes.
    recorded_slide: Option<usize>,
    elapsed: Duration,
    overtime: Duration,
    ended: Option<Ending>,
}

impl Rehearsal {
    pub fn new(deck: impl Into<String>, slides: Vec<SlideInfo>, strict: bool) -> Rehearsal {
        Rehearsal {
            deck: deck.into(),
            slides,
            strict,
            run: None,
        }
    }

    pub(crate) fn slides(&self) -> &[SlideInfo] {
        &self.slides
    }

    /// Each slide's budget in a slot.
    pub(crate) fn budgets(&self, slot: Duration) -> Vec<Duration> {
        let own: Vec<_> = self.slides.iter().map(|slide| slide.budget).collect();
        budgets(slot, &own)
    }

    /// Time on each slide so far in the run on (or the last one ended); empty before
    /// the first run.
    pub(crate) fn times(&self) -> &[Duration] {
        self.run.as_ref().map_or(&[], |run| &run.times)
    }

    /// Time on a slide over every visit so far: what the presenter view shows as the
    /// time on this slide, and what the report counts.
    pub(crate) fn time_on(&self, slide: usize) -> Duration {
        self.times().get(slide).copied().unwrap_or_default()
    }

    /// The run has begun and has not ended.
    pub(crate) fn running(&self) -> bool {
        self.run.as_ref().is_some_and(|run| run.ended.is_none())
    }

    /// Takes in what the show is doing at `now` (`wall`: the same instant on the wall
    /// clock, for the record). Returns the record to append when there is news: a run
    /// began, its slide changed, or it ended.
    pub(crate) fn observe(
        &mut self,
        show: &Show,
        now: Instant,
        wall: SystemTime,
    ) -> Option<RunRecord> {
        let clock = show.clock();
        let elapsed = clock.elapsed(now);
        let screen = show.screen();
        // R twice before a run ended: that run is over, restarted.
        if screen == Screen::UpNext && self.running() {
            return self.end(Ending::Restarted, wall);
        }
        let on_slides = screen == Screen::Talk;
        let fresh = self.run.as_ref().is_none_or(|run| run.ended.is_some());
        if fresh && on_slides {
            self.run = Some(Run {
                started: wall,
                slot: clock.slot(),
                times: vec![Duration::ZERO; self.slides.len()],
                timing: None,
                recorded_slide: None,
                elapsed: Duration::ZERO,
                overtime: Duration::ZERO,
                ended: None,
            });
        }
        let run = self.run.as_mut().filter(|run| run.ended.is_none())?;
        if let Some((slide, since)) = run.timing
            && let Some(time) = run.times.get_mut(slide)
        {
            *time += elapsed.saturating_sub(since);
        }
        run.slot = clock.slot();
        run.elapsed = elapsed;
        run.overtime = clock.overtime(now);
        run.timing = on_slides.then_some((show.slide(), elapsed));
        match screen {
            Screen::ThankYou => self.end(Ending::Finished, wall),
            Screen::TimeUp => self.end(Ending::TimeUp, wall),
            Screen::Summary => self.end(Ending::Quit, wall),
            Screen::UpNext | Screen::Talk => {
                let slide = on_slides.then(|| show.slide());
                if run.recorded_slide == slide {
                    return None;
                }
                run.recorded_slide = slide;
                Some(self.record(wall))
            }
        }
    }

    /// The run on ends here (the window closed, `Q`): its record says so.
    pub(crate) fn finish(
        &mut self,
        show: &Show,
        now: Instant,
        wall: SystemTime,
    ) -> Option<RunRecord> {
        let news = self.observe(show, now, wall);
        if self.running() {
            return self.end(Ending::Quit, wall);
        }
        news
    }

    /// The deck was edited: its slides now, and where each old one went (`follow`).
    /// Time spent on a slide follows it; a slide that is gone takes its time with it
    /// (the run's total on the clock still counts it). Observe the show first, so the
    /// time up to the edit goes to the slide as it was. Returns the run's record with
    /// the new slides, while a run is on.
    pub(crate) fn edited(
        &mut self,
        slides: Vec<SlideInfo>,
        found: &[Option<usize>],
        wall: SystemTime,
    ) -> Option<RunRecord> {
        if let Some(run) = self.run.as_mut() {
            let mut times = vec![Duration::ZERO; slides.len()];
            for (old, place) in found.iter().enumerate() {
                if let (Some(new), Some(time)) = (place, run.times.get(old))
                    && let Some(slot) = times.get_mut(*new)
                {
                    *slot += *time;
                }
            }
            run.times = times;
            let moved = |slide: usize| nearest(found, slide, slides.len());
            run.timing = run.timing.map(|(slide, since)| (moved(slide), since));
            run.recorded_slide = run.recorded_slide.map(moved);
        }
        self.slides = slides;
        self.running().then(|| self.record(wall))
    }

    fn end(&mut self, how: Ending, wall: SystemTime) -> Option<RunRecord> {
        let run = self.run.as_mut()?;
        run.ended = Some(how);
        run.timing = None;
        Some(self.record(wall))
    }

    /// The record of the run as it stands, written at `wall`.
    fn record(&self, wall: SystemTime) -> RunRecord {
        let Some(run) = &self.run else {
            return RunRecord::empty(wall);
        };
        let budgets = self.budgets(run.slot);
        RunRecord {
            at: record::stamp(wall),
            rehearsal: record::VERSION,
            started: record::stamp(run.started),
            deck: self.deck.clone(),
            slot_ms: millis(run.slot),
            strict: self.strict,
            slides: self
                .slides
                .iter()
                .zip(&run.times)
                .zip(budgets)
                .map(|((slide, time), budget)| SlideTime {
                    title: slide.title.clone(),
                    budget_ms: millis(budget),
                    ms: millis(*time),
                })
                .collect(),
            used_ms: millis(run.elapsed.saturating_sub(run.overtime)),
            overtime_ms: millis(run.overtime),
            ended: run.ended,
        }
    }
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
