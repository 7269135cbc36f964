//! The talk clock: a countdown over one slot, driven only by the monotonic instants it is
//! given (never the wall clock, never a frame count), so time-up happens within one frame
//! of the deadline however slow frames are, and tests can step to 5:00.001.
//!
//! It owns the slot, pause, ± time and the warning thresholds. It must not know about
//! slides, speakers, sounds or the log: `Show` turns its events into those.
//!
//! Warnings: wrap-up at 1:00 and final at 0:30 by default, the
//! customary signals of lightning-talk sessions; the last 10 s pulse. A threshold at or
//! above the slot is skipped: a 45-second slot gets no "1 minute left".
//!
//! Re-arming: adding time so that the remaining time is again above a threshold re-arms
//! that warning, and it fires again when the clock comes back down to it. The speaker was
//! given time back, and the chime that marks the last minute must mean the same thing the
//! second time. Taking time never re-arms; if it jumps past thresholds, the next `poll`
//! reports every threshold jumped over, in order, as if a long frame had passed.

use std::time::{Duration, Instant};

use crate::duration::{MAX_SLOT, fires_within};
use crate::session_log::Warning;

/// When the clock warns and pulses, as time remaining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub wrap_up: Duration,
    pub final_call: Duration,
    /// The count is large and pulses from here to 0:00 (no event, display only).
    pub pulse: Duration,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            wrap_up: Duration::from_secs(60),
            final_call: Duration::from_secs(30),
            pulse: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClockState {
    /// Shows the full slot; not running.
    Ready,
    Running,
    Paused,
    /// Reached 0:00; counts overtime.
    TimeUp,
}

/// A crossing reported by `poll`, once each, in the order they happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClockEvent {
    /// `at` is the threshold crossed (what the remaining time was at the crossing).
    Warning {
        which: Warning,
        at: Duration,
    },
    TimeUp,
}

/// What the clock looks like now, for the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Normal,
    WrapUp,
    Final,
    LastSeconds,
    TimeUp,
    Paused,
}

/// The shortest slot `-` leaves (a slot planned shorter keeps its own length).
pub(crate) const SHORTEST_SLOT: Duration = Duration::from_secs(30);

/// A change of the slot: `+` and `-` on the organiser's keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Adjust {
    Add(Duration),
    Take(Duration),
}

impl Adjust {
    /// Signed milliseconds, as the session log writes a time change.
    pub(crate) fn delta_ms(self) -> i64 {
        match self {
            Adjust::Add(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Adjust::Take(d) => -i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clock {
    /// The slot as planned; `restart` goes back to it.
    planned: Duration,
    /// The slot as adjusted by ± time.
    slot: Duration,
    /// The slot the thresholds are judged against (see `applies`): the slot when the
    /// talk started, or longer if time was added since. Taking time from a running
    /// talk does not shrink it: a talk cut to 0:30 still turns red.
    judged: Duration,
    thresholds: Thresholds,
    state: ClockState,
    /// Time run before the current running stretch.
    banked: Duration,
    /// Start of the current running stretch (Running and TimeUp).
    since: Option<Instant>,
    paused_at: Option<Instant>,
    wrap_up_armed: bool,
    final_armed: bool,
}

impl Clock {
    pub fn new(slot: Duration, thresholds: Thresholds) -> Clock {
        // Every slot a user writes is bounded when it is parsed; this holds the clock to
        // the same bound whatever hands it a slot (a log, a test), so no deadline can
        // overflow an `Instant`.
        let slot = slot.min(MAX_SLOT);
        let mut clock = Clock {
            planned: slot,
            slot,
            judged: slot,
            thresholds,
            state: ClockState::Ready,
            banked: Duration::ZERO,
            since: None,
            paused_at: None,
            wrap_up_armed: false,
            final_armed: false,
        };
        clock.arm_for_slot();
        clock
    }

    fn arm_for_slot(&mut self) {
        self.judged = self.slot;
        self.wrap_up_armed = fires_within(self.thresholds.wrap_up, self.slot);
        self.final_armed = fires_within(self.thresholds.final_call, self.slot);
    }

    pub(crate) fn state(&self) -> ClockState {
        self.state
    }

    pub(crate) fn slot(&self) -> Duration {
        self.slot
    }

    pub(crate) fn planned(&self) -> Duration {
        self.planned
    }

    pub(crate) fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// Ready → Running. Returns whether anything changed.
    pub(crate) fn start(&mut self, now: Instant) -> bool {
        if self.state != ClockState::Ready {
            return false;
        }
        // The slot may have been changed on the Up next card: skip what no longer fits.
        self.arm_for_slot();
        self.state = ClockState::Running;
        self.since = Some(now);
        true
    }

    /// Running → Paused. Returns whether anything changed.
    pub(crate) fn pause(&mut self, now: Instant) -> bool {
        if self.state != ClockState::Running {
            return false;
        }
        self.banked = self.elapsed(now);
        self.since = None;
        self.paused_at = Some(now);
        self.state = ClockState::Paused;
        true
    }

    /// Paused → Running. Returns whether anything changed.
    pub(crate) fn resume(&mut self, now: Instant) -> bool {
        if self.state != ClockState::Paused {
            return false;
        }
        self.since = Some(now);
        self.paused_at = None;
        self.state = ClockState::Running;
        true
    }

    #[cfg(test)]
    /// Back to Ready with the planned slot: a fresh start for the same talk.
    pub(crate) fn restart(&mut self) {
        *self = Clock::new(self.planned, self.thresholds);
    }

    /// Changes the slot. Taking time stops at zero remaining (that is time-up, reported by
    /// the next `poll`) and never leaves a slot under `SHORTEST_SLOT`; adding stops at
    /// `MAX_SLOT`. Once time is up the gong has sounded and nothing changes.
    /// Returns the change actually made, or `None` when there was none.
    pub(crate) fn adjust(&mut self, change: Adjust, now: Instant) -> Option<Adjust> {
        if self.state == ClockState::TimeUp {
            return None;
        }
        match change {
            Adjust::Add(amount) => {
                // `+` pressed without end stops at a day rather than overflowing.
                let slot = self.slot.saturating_add(amount).min(MAX_SLOT);
                let added = slot.saturating_sub(self.slot);
                if added.is_zero() {
                    return None;
                }
                self.slot = slot;
                let remaining = self.remaining(now);
                if self.state == ClockState::Ready {
                    self.arm_for_slot();
                } else {
                    self.judged = self.judged.max(self.slot);
                    self.wrap_up_armed |= remaining > self.thresholds.wrap_up;
                    self.final_armed |= remaining > self.thresholds.final_call;
                }
                Some(Adjust::Add(added))
            }
            Adjust::Take(amount) => {
                // Never under the time already used (that is time-up, and the organiser's
                // to call), nor under `SHORTEST_SLOT`: `-` held on the Up next card made a
                // 0:00 slot that ended the talk before the speaker said a word.
                let used = self.elapsed(now).min(self.slot);
                let floor = used.max(SHORTEST_SLOT.min(self.slot));
                let slot = self.slot.saturating_sub(amount).max(floor);
                let taken = self.slot - slot;
                if taken.is_zero() {
                    return None;
                }
                self.slot = slot;
                if self.state == ClockState::Ready {
                    self.arm_for_slot();
                }
                Some(Adjust::Take(taken))
            }
        }
    }

    /// Time run so far, overtime included; frozen while paused.
    pub(crate) fn elapsed(&self, now: Instant) -> Duration {
        match self.since {
            Some(since) => self.banked + now.saturating_duration_since(since),
            None => self.banked,
        }
    }

    pub(crate) fn remaining(&self, now: Instant) -> Duration {
        self.slot.saturating_sub(self.elapsed(now))
    }

    pub(crate) fn overtime(&self, now: Instant) -> Duration {
        self.elapsed(now).saturating_sub(self.slot)
    }

    /// How long the clock has been paused (for blinking PAUSED).
    pub(crate) fn paused_for(&self, now: Instant) -> Option<Duration> {
        self.paused_at
            .map(|paused_at| now.saturating_duration_since(paused_at))
    }

    /// Reports every crossing since the last poll, once, in order, and moves to TimeUp at
    /// 0:00. A frame that jumps over both warnings reports both, then TimeUp.
    pub(crate) fn poll(&mut self, now: Instant) -> Vec<ClockEvent> {
        let mut events = Vec::new();
        if matches!(self.state, ClockState::Ready | ClockState::TimeUp) {
            return events;
        }
        let remaining = self.remaining(now);
        let mut warnings = Vec::new();
        if self.wrap_up_armed && remaining <= self.thresholds.wrap_up {
            self.wrap_up_armed = false;
            warnings.push((Warning::WrapUp, self.thresholds.wrap_up));
        }
        if self.final_armed && remaining <= self.thresholds.final_call {
            self.final_armed = false;
            warnings.push((Warning::Final, self.thresholds.final_call));
        }
        // Larger threshold first, whatever the configuration calls them.
        warnings.sort_by_key(|w| std::cmp::Reverse(w.1));
        events.extend(
            warnings
                .into_iter()
                .map(|(which, at)| ClockEvent::Warning { which, at }),
        );
        if remaining.is_zero() {
            if self.state == ClockState::Paused {
                // Time was taken down to zero during a pause: overtime counts from now.
                self.since = Some(now);
                self.paused_at = None;
            }
            self.state = ClockState::TimeUp;
            events.push(ClockEvent::TimeUp);
        }
        events
    }

    /// Whether a threshold applies to this talk at all: one as long as the slot would
    /// hold from the first second (a 30 s slot is not red throughout).
    fn applies(&self, threshold: Duration) -> bool {
        fires_within(threshold, self.judged)
    }

    pub(crate) fn phase(&self, now: Instant) -> Phase {
        match self.state {
            ClockState::Ready => Phase::Normal,
            ClockState::Paused => Phase::Paused,
            ClockState::TimeUp => Phase::TimeUp,
            ClockState::Running => {
                let remaining = self.remaining(now);
                let t = self.thresholds;
                if remaining.is_zero() {
                    Phase::TimeUp
                } else if self.applies(t.pulse) && remaining <= t.pulse {
                    Phase::LastSeconds
                } else if self.applies(t.final_call) && remaining <= t.final_call {
                    Phase::Final
                } else if self.applies(t.wrap_up) && remaining <= t.wrap_up {
                    Phase::WrapUp
                } else {
                    Phase::Normal
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }
    fn ms(m: u64) -> Duration {
        Duration::from_millis(m)
    }

    fn five_minutes() -> (Clock, Instant) {
        let t0 = Instant::now();
        let mut clock = Clock::new(secs(300), Thresholds::default());
        clock.start(t0);
        (clock, t0)
    }

    fn wrap_up() -> ClockEvent {
        ClockEvent::Warning {
            which: Warning::WrapUp,
            at: secs(60),
        }
    }
    fn final_call() -> ClockEvent {
        ClockEvent::Warning {
            which: Warning::Final,
            at: secs(30),
        }
    }

    #[test]
    fn ready_shows_the_full_slot_and_does_not_run() {
        let t0 = Instant::now();
        let mut clock = Clock::new(secs(300), Thresholds::default());
        assert_eq!(clock.remaining(t0 + secs(100)), secs(300));
        assert!(clock.poll(t0 + secs(400)).is_empty());
        assert_eq!(clock.state(), ClockState::Ready);
        assert_eq!(clock.phase(t0), Phase::Normal);
    }

    #[test]
    fn each_threshold_fires_once_at_its_moment() {
        let (mut clock, t0) = five_minutes();
        assert!(clock.poll(t0 + ms(239_999)).is_empty());
        assert_eq!(clock.phase(t0 + ms(239_999)), Phase::Normal);
        assert_eq!(clock.poll(t0 + secs(240)), vec![wrap_up()]);
        assert_eq!(clock.phase(t0 + secs(240)), Phase::WrapUp);
        assert!(clock.poll(t0 + secs(250)).is_empty());
        assert_eq!(clock.poll(t0 + secs(270)), vec![final_call()]);
        assert_eq!(clock.phase(t0 + secs(270)), Phase::Final);
        assert_eq!(clock.phase(t0 + secs(290)), Phase::LastSeconds);
        assert!(clock.poll(t0 + ms(299_999)).is_empty());
        assert_eq!(clock.poll(t0 + ms(300_001)), vec![ClockEvent::TimeUp]);
        assert_eq!(clock.state(), ClockState::TimeUp);
        assert_eq!(clock.phase(t0 + secs(301)), Phase::TimeUp);
        assert!(clock.poll(t0 + secs(400)).is_empty());
    }

    #[test]
    fn a_long_frame_reports_every_crossing_in_order() {
        let (mut clock, t0) = five_minutes();
        assert!(clock.poll(t0 + secs(239)).is_empty());
        assert_eq!(
            clock.poll(t0 + secs(301)),
            vec![wrap_up(), final_call(), ClockEvent::TimeUp]
        );
    }

    #[test]
    fn overtime_counts_after_time_up() {
        let (mut clock, t0) = five_minutes();
        clock.poll(t0 + secs(300));
        assert_eq!(clock.overtime(t0 + secs(312)), secs(12));
        assert_eq!(clock.remaining(t0 + secs(312)), Duration::ZERO);
        assert_eq!(clock.elapsed(t0 + secs(312)), secs(312));
    }

    #[test]
    fn thresholds_longer_than_the_slot_are_skipped() {
        let t0 = Instant::now();
        let mut clock = Clock::new(secs(45), Thresholds::default());
        clock.start(t0);
        assert_eq!(clock.phase(t0 + secs(1)), Phase::Normal);
        assert_eq!(
            clock.poll(t0 + secs(46)),
            vec![final_call(), ClockEvent::TimeUp]
        );
        let mut exact = Clock::new(secs(60), Thresholds::default());
        exact.start(t0);
        assert!(exact.poll(t0 + secs(15)).is_empty());
        assert_eq!(exact.poll(t0 + secs(30)), vec![final_call()]);
    }

    #[test]
    fn pause_across_a_threshold_holds_the_warning_until_resumed_past_it() {
        let (mut clock, t0) = five_minutes();
        clock.pause(t0 + secs(230));
        assert_eq!(clock.phase(t0 + secs(500)), Phase::Paused);
        assert!(clock.poll(t0 + secs(500)).is_empty());
        assert_eq!(clock.remaining(t0 + secs(500)), secs(70));
        clock.resume(t0 + secs(500));
        assert!(clock.poll(t0 + secs(509)).is_empty());
        assert_eq!(clock.poll(t0 + secs(510)), vec![wrap_up()]);
        assert_eq!(clock.paused_for(t0 + secs(510)), None);
    }

    #[test]
    fn a_crossing_just_before_a_pause_is_still_reported() {
        let (mut clock, t0) = five_minutes();
        clock.pause(t0 + secs(241));
        assert_eq!(clock.poll(t0 + secs(260)), vec![wrap_up()]);
    }

    #[test]
    fn taking_time_across_a_threshold_reports_it() {
        let (mut clock, t0) = five_minutes();
        // 1:10 left; take 30 s → 0:40 left: past wrap-up.
        let at = t0 + secs(230);
        assert_eq!(
            clock.adjust(Adjust::Take(secs(30)), at),
            Some(Adjust::Take(secs(30)))
        );
        assert_eq!(clock.remaining(at), secs(40));
        assert_eq!(clock.poll(at), vec![wrap_up()]);
    }

    #[test]
    fn a_running_talk_cut_short_still_shows_its_warnings() {
        let (mut clock, t0) = five_minutes();
        // At 4:56 left, 4:30 is taken: 0:26 left of a slot of 0:30.
        let at = t0 + secs(4);
        clock.adjust(Adjust::Take(secs(270)), at);
        assert_eq!(clock.remaining(at), secs(26));
        assert_eq!(clock.poll(at), vec![wrap_up(), final_call()]);
        assert_eq!(clock.phase(at), Phase::Final);
        assert_eq!(clock.phase(at + secs(20)), Phase::LastSeconds);
        // Taken before the start, the slot is simply short: no warning applies.
        let mut short = Clock::new(secs(300), Thresholds::default());
        short.adjust(Adjust::Take(secs(270)), t0);
        short.start(t0);
        assert!(short.poll(t0 + secs(5)).is_empty());
        assert_eq!(short.phase(t0 + secs(5)), Phase::Normal);
    }

    #[test]
    fn taking_time_never_goes_below_zero_remaining() {
        let (mut clock, t0) = five_minutes();
        let at = t0 + secs(290);
        assert_eq!(
            clock.adjust(Adjust::Take(secs(30)), at),
            Some(Adjust::Take(secs(10)))
        );
        assert_eq!(clock.remaining(at), Duration::ZERO);
        assert_eq!(clock.slot(), secs(290));
        assert_eq!(
            clock.poll(at),
            vec![wrap_up(), final_call(), ClockEvent::TimeUp]
        );
        assert_eq!(clock.adjust(Adjust::Take(secs(30)), at), None);
        assert_eq!(clock.adjust(Adjust::Add(secs(30)), at), None);
    }

    #[test]
    fn adding_time_back_above_a_threshold_re_arms_it() {
        let (mut clock, t0) = five_minutes();
        assert_eq!(clock.poll(t0 + secs(245)), vec![wrap_up()]);
        // 0:55 left + 30 s = 1:25: above wrap-up again.
        clock.adjust(Adjust::Add(secs(30)), t0 + secs(245));
        assert_eq!(clock.phase(t0 + secs(245)), Phase::Normal);
        assert!(clock.poll(t0 + secs(269)).is_empty());
        assert_eq!(clock.poll(t0 + secs(270)), vec![wrap_up()]);
        assert_eq!(clock.poll(t0 + secs(300)), vec![final_call()]);
    }

    #[test]
    fn adding_time_that_stays_below_a_threshold_does_not_re_arm() {
        let (mut clock, t0) = five_minutes();
        assert_eq!(clock.poll(t0 + secs(285)), vec![wrap_up(), final_call()]);
        // 0:15 left + 30 s = 0:45: above final, still below wrap-up.
        clock.adjust(Adjust::Add(secs(30)), t0 + secs(285));
        assert_eq!(clock.poll(t0 + secs(300)), vec![final_call()]);
    }

    #[test]
    fn minus_on_the_up_next_card_stops_at_thirty_seconds() {
        let t0 = Instant::now();
        let mut clock = Clock::new(secs(300), Thresholds::default());
        for _ in 0..20 {
            clock.adjust(Adjust::Take(secs(30)), t0);
        }
        assert_eq!(clock.slot(), SHORTEST_SLOT);
        assert_eq!(clock.adjust(Adjust::Take(secs(30)), t0), None);
        // From 0:45 a step of 30 s takes only what is above the floor.
        let mut clock = Clock::new(secs(45), Thresholds::default());
        assert_eq!(
            clock.adjust(Adjust::Take(secs(30)), t0),
            Some(Adjust::Take(secs(15)))
        );
        // A slot planned shorter than the floor is not made longer, nor shorter.
        let mut clock = Clock::new(secs(10), Thresholds::default());
        assert_eq!(clock.adjust(Adjust::Take(secs(30)), t0), None);
        assert_eq!(clock.slot(), secs(10));
        // Ten seconds in, the talk keeps 0:20 of its 30 s floor.
        let (mut clock, t0) = five_minutes();
        for _ in 0..20 {
            clock.adjust(Adjust::Take(secs(30)), t0 + secs(10));
        }
        assert_eq!(clock.remaining(t0 + secs(10)), secs(20));
    }

    #[test]
    fn plus_pressed_without_end_stops_at_a_day() {
        let t0 = Instant::now();
        let mut clock = Clock::new(secs(300), Thresholds::default());
        let mut added = Duration::ZERO;
        for _ in 0..4000 {
            if let Some(Adjust::Add(step)) = clock.adjust(Adjust::Add(secs(30)), t0) {
                added += step;
            }
        }
        assert_eq!(clock.slot(), MAX_SLOT);
        assert_eq!(
            added,
            MAX_SLOT - secs(300),
            "what is logged is what was added"
        );
        // A step that would go past the day adds only what is left of it.
        let mut clock = Clock::new(MAX_SLOT - secs(10), Thresholds::default());
        assert_eq!(
            clock.adjust(Adjust::Add(secs(30)), t0),
            Some(Adjust::Add(secs(10)))
        );
    }

    #[test]
    fn a_slot_past_the_bound_is_held_to_it_and_never_overflows() {
        let t0 = Instant::now();
        let mut clock = Clock::new(Duration::MAX, Thresholds::default());
        assert_eq!(clock.slot(), MAX_SLOT);
        assert_eq!(clock.adjust(Adjust::Add(Duration::MAX), t0), None);
        clock.start(t0);
        assert_eq!(clock.remaining(t0 + secs(1)), MAX_SLOT - secs(1));
        assert!(clock.poll(t0 + MAX_SLOT).contains(&ClockEvent::TimeUp));
    }

    #[test]
    fn time_set_on_the_up_next_card_applies_when_started() {
        let t0 = Instant::now();
        let mut clock = Clock::new(secs(60), Thresholds::default());
        clock.adjust(Adjust::Add(secs(30)), t0);
        assert_eq!(clock.remaining(t0), secs(90));
        clock.start(t0);
        assert_eq!(clock.poll(t0 + secs(30)), vec![wrap_up()]);
    }

    #[test]
    fn restart_returns_to_the_planned_slot_and_re_arms() {
        let (mut clock, t0) = five_minutes();
        clock.adjust(Adjust::Add(secs(30)), t0);
        clock.poll(t0 + secs(400));
        clock.restart();
        assert_eq!(clock.state(), ClockState::Ready);
        assert_eq!(clock.remaining(t0 + secs(500)), secs(300));
        clock.start(t0 + secs(500));
        assert_eq!(clock.poll(t0 + secs(740)), vec![wrap_up()]);
    }

    #[test]
    fn time_up_during_a_pause_counts_overtime_from_then() {
        let (mut clock, t0) = five_minutes();
        clock.pause(t0 + secs(280));
        clock.adjust(Adjust::Take(secs(60)), t0 + secs(290));
        assert_eq!(
            clock.poll(t0 + secs(300)),
            vec![wrap_up(), final_call(), ClockEvent::TimeUp]
        );
        assert_eq!(clock.overtime(t0 + secs(305)), secs(5));
    }

    #[derive(Debug, Clone)]
    enum Step {
        Wait(u64),
        Pause,
        Resume,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0u64..90_000).prop_map(Step::Wait),
            1 => Just(Step::Pause),
            1 => Just(Step::Resume),
        ]
    }

    proptest! {
        #[test]
        fn remaining_plus_elapsed_is_the_slot_until_time_up(
            slot_ms in 1u64..600_000,
            steps in prop::collection::vec(step(), 0..40),
        ) {
            // The test keeps its own count of the time that ran, so the clock's elapsed,
            // remaining and overtime are each checked against it, not against each other.
            let t0 = Instant::now();
            let slot = ms(slot_ms);
            let mut clock = Clock::new(slot, Thresholds::default());
            clock.start(t0);
            let mut now = t0;
            let (mut ran, mut running, mut up) = (Duration::ZERO, true, false);
            for step in steps {
                match step {
                    Step::Wait(m) => {
                        now += ms(m);
                        if running {
                            ran += ms(m);
                        }
                    }
                    Step::Pause => {
                        let pauses = running && !up;
                        prop_assert_eq!(clock.pause(now), pauses);
                        running &= !pauses;
                    }
                    Step::Resume => {
                        prop_assert_eq!(clock.resume(now), !running);
                        running = true;
                    }
                }
                clock.poll(now);
                up |= ran >= slot;
                prop_assert_eq!(clock.elapsed(now), ran);
                prop_assert_eq!(clock.remaining(now), slot.saturating_sub(ran));
                prop_assert_eq!(clock.overtime(now), ran.saturating_sub(slot));
                prop_assert_eq!(clock.state() == ClockState::TimeUp, up);
            }
        }

        #[test]
        fn events_never_repeat_or_come_out_of_order(
            slot_ms in 1u64..400_000,
            steps in prop::collection::vec(step(), 0..60),
        ) {
            let t0 = Instant::now();
            let mut clock = Clock::new(ms(slot_ms), Thresholds::default());
            clock.start(t0);
            let mut now = t0;
            let mut seen = Vec::new();
            for step in steps {
                match step {
                    Step::Wait(m) => now += ms(m),
                    Step::Pause => { clock.pause(now); }
                    Step::Resume => { clock.resume(now); }
                }
                seen.extend(clock.poll(now));
            }
            seen.extend(clock.poll(now + ms(slot_ms + 1)));
            clock.resume(now);
            seen.extend(clock.poll(now + ms(2 * slot_ms + 1)));
            let mut expected = Vec::new();
            if slot_ms > 60_000 { expected.push(wrap_up()); }
            if slot_ms > 30_000 { expected.push(final_call()); }
            expected.push(ClockEvent::TimeUp);
            prop_assert_eq!(seen, expected);
        }

        #[test]
        fn with_time_changes_a_warning_repeats_only_after_being_re_armed(
            steps in prop::collection::vec((0u64..40_000, -2i8..=2), 0..60),
        ) {
            let t0 = Instant::now();
            let mut clock = Clock::new(secs(120), Thresholds::default());
            clock.start(t0);
            let mut now = t0;
            // Per warning: may it fire now (remaining was above it since it last fired)?
            let mut armed = [true, true];
            for (wait, change) in steps {
                now += ms(wait);
                let before_up = clock.state() == ClockState::TimeUp;
                let events = clock.poll(now);
                let mut last_at = Duration::MAX;
                for event in &events {
                    match event {
                        ClockEvent::Warning { which, at } => {
                            let slot = usize::from(*which == Warning::Final);
                            prop_assert!(armed[slot]);
                            armed[slot] = false;
                            prop_assert!(*at < last_at);
                            last_at = *at;
                        }
                        ClockEvent::TimeUp => prop_assert!(!before_up),
                    }
                }
                let amount = secs(30) * u32::from(change.unsigned_abs());
                let adjust = if change >= 0 { Adjust::Add(amount) } else { Adjust::Take(amount) };
                clock.adjust(adjust, now);
                let remaining = clock.remaining(now);
                armed[0] |= remaining > secs(60);
                armed[1] |= remaining > secs(30);
            }
        }
    }
}
