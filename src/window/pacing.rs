//! When the window paints. Frames come on demand: when input arrives (the window system
//! wakes the loop at once), when the app's picture next changes by itself (its
//! `wake_at`: the clock's next second, a warning, time-up), at a steady rate only while
//! something moves, and otherwise once a `HEARTBEAT`. These are the pure rules; the loop
//! in `window` carries them out, and `stagehand` wakes it at the moments chosen here.

use std::time::{Duration, Instant};

/// While something moves (the last seconds' pulse, glyphs being warmed), ~60 frames a
/// second: Xvfb and llvmpipe have no vsync to pace by.
pub(crate) const ANIMATING_PERIOD: Duration = Duration::from_micros(16_667);
/// The longest a still window goes without painting. The windowing library drops
/// Expose events, so a window uncovered by another shows whatever was there until the
/// next frame; a second bounds that, and costs one frame a second on a card with no
/// clock running.
pub(crate) const HEARTBEAT: Duration = Duration::from_secs(1);
/// Without a way to be woken (see `stagehand`), the loop looks for input this often,
/// as it always did before it could sleep on the window system's events.
pub(crate) const POLL_PERIOD: Duration = Duration::from_millis(100);
/// How many recent frames the cost estimate looks back over: enough to catch the slow
/// frames of a loaded machine, few enough to forget a one-off (the first frame, a new
/// slide's glyphs).
const COST_WINDOW: usize = 16;
/// Slack on top of the estimate for the jitter of a busy machine.
pub(crate) const COST_MARGIN: Duration = Duration::from_millis(2);
/// How long before one of the app's moments the loop is woken: the wake's way through
/// the X server (another thread, the server, then the loop's thread) takes a millisecond
/// or so, several on a loaded machine, and the loop then waits out the rest on its own
/// clock (`start_at`), which is precise to well under a millisecond. So time-up still
/// starts on the frame at 0:00.
pub(crate) const WAKE_LEAD: Duration = Duration::from_millis(10);

/// When to wake the loop for a frame due at `due`: a little early when `due` is one of
/// the app's moments (see `WAKE_LEAD`), on time for the frame rate or the heartbeat.
pub(crate) fn wake_for(due: Instant, wake_at: Option<Instant>) -> Instant {
    if wake_at == Some(due) {
        due.checked_sub(WAKE_LEAD).unwrap_or(due)
    } else {
        due
    }
}

/// When the next frame is due, counted from the frame that starts at `now`: the app's
/// own moment (`wake_at`) if it comes before the rate would bring one. A moment already
/// past is due at once.
pub(crate) fn next_frame_at(now: Instant, animating: bool, wake_at: Option<Instant>) -> Instant {
    let limit = now
        + if animating {
            ANIMATING_PERIOD
        } else {
            HEARTBEAT
        };
    wake_at.map_or(limit, |at| at.min(limit))
}

/// The longest a frame waits for a deadline (a machine stalled for a moment makes the
/// cost estimate large for a while; the last seconds' pulse must not freeze for it).
const WAIT_AT_MOST: Duration = Duration::from_millis(50);

/// When a frame the loop was woken for at `now` (its moment, the frame rate, the
/// heartbeat) should start. A frame that would still be running at the app's next
/// `deadline` (it comes within `cost`) would make the deadline wait for the frame after
/// it, late by up to a whole frame: such a frame waits for the deadline and starts on it
/// instead, which keeps time-up within sleep jitter of 0:00; so does a frame woken early
/// for the deadline (`WAKE_LEAD`). A frame that answers a key never waits: the key is
/// answered at once, as it always was.
pub(crate) fn start_at(now: Instant, deadline: Option<Instant>, cost: Duration) -> Instant {
    let window = cost.min(WAIT_AT_MOST).max(WAKE_LEAD + COST_MARGIN);
    match deadline {
        Some(at) if at > now && at <= now + window => at,
        _ => now,
    }
}

/// How long frames take here and now: the slowest of the last few, plus a margin. A
/// pessimistic guess only moves a frame onto the deadline; an optimistic one makes the
/// deadline late.
#[derive(Debug, Default)]
pub(crate) struct FrameCost {
    recent: [Duration; COST_WINDOW],
    next: usize,
}

impl FrameCost {
    pub(crate) fn record(&mut self, cost: Duration) {
        self.recent[self.next] = cost;
        self.next = (self.next + 1) % COST_WINDOW;
    }

    pub(crate) fn estimate(&self) -> Duration {
        self.recent.iter().max().copied().unwrap_or_default() + COST_MARGIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_still_window_paints_at_its_moments_or_once_a_heartbeat() {
        let now = Instant::now();
        let at = |ms| now + Duration::from_millis(ms);
        // Nothing changes by itself (the Up next card): the heartbeat, not 10 a second.
        assert_eq!(next_frame_at(now, false, None), now + HEARTBEAT);
        // The clock's next second.
        assert_eq!(next_frame_at(now, false, Some(at(250))), at(250));
        // A moment further off than the heartbeat.
        assert_eq!(next_frame_at(now, false, Some(at(5_000))), now + HEARTBEAT);
        // Moving: the frame rate, unless the moment comes first.
        assert_eq!(next_frame_at(now, true, None), now + ANIMATING_PERIOD);
        assert_eq!(next_frame_at(now, true, Some(at(5))), at(5));
        // Already past: at once.
        assert_eq!(next_frame_at(at(50), false, Some(at(40))), at(40));
    }

    #[test]
    fn the_apps_moments_are_woken_for_early_and_waited_for() {
        let now = Instant::now();
        let second = now + Duration::from_millis(400);
        assert_eq!(wake_for(second, Some(second)), second - WAKE_LEAD);
        // The heartbeat or the frame rate: on time.
        assert_eq!(wake_for(now + HEARTBEAT, None), now + HEARTBEAT);
        assert_eq!(
            wake_for(now + HEARTBEAT, Some(second + HEARTBEAT)),
            now + HEARTBEAT
        );
        // Woken early, the frame waits for the moment itself, however fast frames are.
        let woken = second - WAKE_LEAD + Duration::from_micros(300);
        assert_eq!(start_at(woken, Some(second), Duration::ZERO), second);
    }

    #[test]
    fn a_frame_that_would_straddle_a_deadline_waits_for_it() {
        let now = Instant::now();
        let cost = Duration::from_millis(30);
        let at = |ms| now + Duration::from_millis(ms);
        // Nothing due, or due later than a frame's cost: start now.
        assert_eq!(start_at(now, None, cost), now);
        assert_eq!(start_at(now, Some(at(40)), cost), now);
        // A frame now would still be running at 20: start at 20 instead.
        assert_eq!(start_at(now, Some(at(20)), cost), at(20));
        assert_eq!(start_at(now, Some(at(30)), cost), at(30));
        // Frames cheaper than the wake's lead still wait it out.
        let cheap = Duration::from_micros(500);
        assert_eq!(start_at(now, Some(now + WAKE_LEAD), cheap), now + WAKE_LEAD);
        // A stalled machine's estimate waits no longer than WAIT_AT_MOST.
        let stalled = Duration::from_millis(900);
        assert_eq!(start_at(now, Some(at(40)), stalled), at(40));
        assert_eq!(start_at(now, Some(at(300)), stalled), now);
        // A deadline already passed: now (the frame is late already).
        assert_eq!(start_at(at(50), Some(at(40)), cost), at(50));
    }

    #[test]
    fn the_cost_estimate_is_the_slowest_recent_frame() {
        let mut cost = FrameCost::default();
        assert_eq!(cost.estimate(), COST_MARGIN);
        cost.record(Duration::from_millis(50));
        for _ in 0..COST_WINDOW - 1 {
            cost.record(Duration::from_millis(10));
        }
        assert_eq!(cost.estimate(), Duration::from_millis(50) + COST_MARGIN);
        // Forgotten once it leaves the window.
        cost.record(Duration::from_millis(10));
        assert_eq!(cost.estimate(), Duration::from_millis(10) + COST_MARGIN);
    }
}
