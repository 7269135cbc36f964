//! The cards ahead: every View the rest of a session can show — each talk's Up next, the
//! footer clock in every phase, TIME and Thank-you cards, the summary, the help and
//! lineup panels — found by playing a copy of the show forward from `now`.
//!
//! The session hands them to `layout::ahead`, which boils them down to the glyphs they
//! draw, and the window rasterises those while the first Up next card is up: later a card
//! never waits on new glyphs (a TIME card in a large face is dozens of milliseconds of
//! rasterising), and the font atlases reach their final size before the first talk.
//!
//! The show itself is never changed: each path is played on a clone.

use std::time::{Duration, Instant};

use super::{Screen, Show};
use crate::clock::ClockState;
use crate::command::Command;
use crate::view::View;

/// How many text sizes the last-seconds pulse steps through in each second (see
/// `layout::stage`): one View in each quarter of a second meets every one of them.
const PULSE_SAMPLES: [Duration; 4] = [
    Duration::from_millis(875),
    Duration::from_millis(625),
    Duration::from_millis(375),
    Duration::from_millis(125),
];

impl Show {
    /// Every View still to come in this show after `now` (in no meaningful order, with
    /// repeats): the panels as they open now, then each talk played through its phases.
    pub fn cards_ahead(&self, now: Instant) -> Vec<View> {
        let mut views = Vec::new();
        let mut add = |show: &Show, at: Instant| views.push(show.view(at));

        for panel in [Command::Help, Command::Lineup] {
            let mut open = self.clone();
            open.apply(panel, now);
            add(&open, now);
        }

        let mut future = self.clone();
        let mut at = now;
        let mut pulse_seen = false;
        // Each pass moves the copy on by one screen; a talk takes four. The bound only
        // guards against a show that stops moving.
        for _ in 0..(self.turns.len() + 1) * 4 {
            add(&future, at);
            let before = (future.screen, future.current);
            match future.screen {
                Screen::Summary => break,
                Screen::UpNext => {
                    if future.next_turn().is_none() {
                        skipped_last(&future, at, &mut add);
                    }
                    future.apply(Command::Next, at);
                }
                Screen::Talk => {
                    if future.clock.state() != ClockState::Running {
                        break;
                    }
                    talk_phases(&future, at, !pulse_seen, &mut add);
                    pulse_seen = true;
                    thank_you(&future, at, &mut add);
                    at += future.clock.remaining(at);
                    future.tick(at);
                }
                Screen::TimeUp => {
                    // Handed over a minute late: the overtime shows on the TIME card and in
                    // the summary.
                    at += Duration::from_secs(61);
                    add(&future, at);
                    future.apply(Command::NextSpeaker, at);
                }
                Screen::ThankYou => {
                    future.apply(Command::NextSpeaker, at);
                }
            }
            if (future.screen, future.current) == before {
                break;
            }
        }
        views
    }
}

/// The talk on stage at each warning, and paused; the pulse's sizes once a session (they
/// are the same for every talk).
fn talk_phases(show: &Show, at: Instant, with_pulse: bool, add: &mut impl FnMut(&Show, Instant)) {
    let thresholds = show.clock.thresholds();
    let remaining = show.clock.remaining(at);
    let mut befores = vec![
        thresholds
            .wrap_up
            .saturating_sub(Duration::from_millis(500)),
        thresholds
            .final_call
            .saturating_sub(Duration::from_millis(500)),
    ];
    if with_pulse {
        let second = thresholds.pulse.saturating_sub(Duration::from_secs(1));
        befores.extend(PULSE_SAMPLES.map(|into| second + into));
    }
    for before in befores {
        if let Some(until) = remaining.checked_sub(before) {
            add(show, at + until);
        }
    }
    let mut paused = show.clone();
    paused.apply(Command::StartPause, at);
    add(&paused, at);
}

/// The summary as it reads when the last speaker does not show (N twice on the last Up
/// next card).
fn skipped_last(show: &Show, at: Instant, add: &mut impl FnMut(&Show, Instant)) {
    let mut skipping = show.clone();
    skipping.apply(Command::NextSpeaker, at);
    skipping.apply(Command::NextSpeaker, at);
    if skipping.screen == Screen::Summary {
        add(&skipping, at);
    }
}

/// The card of a speaker who finishes early.
fn thank_you(show: &Show, at: Instant, add: &mut impl FnMut(&Show, Instant)) {
    let mut early = show.clone();
    early.apply(Command::Last, at);
    early.apply(Command::Next, at);
    if early.screen == Screen::ThankYou {
        add(&early, at);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::layout::ahead::glyphs_of;
    use crate::layout::measure::FixedMeasure;
    use crate::layout::stage::{StageContext, compose};
    use crate::layout::{DrawItem, DrawList};
    use crate::show::{Outcome, ShowSettings, TalkPlan};
    use crate::theme::Theme;

    fn runs(list: &DrawList) -> Vec<(f32, String)> {
        list.items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Text { size, text, .. } => Some((*size, text.clone())),
                _ => None,
            })
            .collect()
    }

    fn full_hd<'a>(theme: &'a Theme, measure: &'a FixedMeasure) -> StageContext<'a> {
        StageContext {
            width: 1920.0,
            height: 1080.0,
            theme,
            measure,
        }
    }

    fn session(speakers: &[&str]) -> Show {
        let talks = speakers
            .iter()
            .map(|speaker| TalkPlan::new(*speaker, "A talk", Duration::from_secs(300)))
            .collect();
        Show::new(talks, ShowSettings::default())
    }

    /// The glyphs the cards ahead of `show` draw, as the session gathers them.
    fn ahead(show: &Show, now: Instant, ctx: StageContext) -> DrawList {
        glyphs_of(&show.cards_ahead(now), ctx)
    }

    fn draw(show: &Show, now: Instant, ctx: StageContext) -> DrawList {
        compose(&show.view(now), Some(&DrawList::default()), ctx)
    }

    /// Fails naming the first glyph of `list` that `ahead` does not hold at its size.
    fn assert_warmed(ahead: &DrawList, list: &DrawList, what: &str) {
        let warmed: BTreeSet<(u32, char)> = runs(ahead)
            .into_iter()
            .flat_map(|(size, text)| {
                text.chars()
                    .map(move |c| (size.to_bits(), c))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (size, text) in runs(list) {
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                assert!(
                    warmed.contains(&(size.to_bits(), c)),
                    "{what}: {c:?} at {size} px was not warmed"
                );
            }
        }
    }

    #[test]
    fn a_whole_session_draws_only_warmed_glyphs() {
        let (theme, measure) = (Theme::dark(), FixedMeasure::default());
        let ctx = full_hd(&theme, &measure);
        let show = session(&["Ada", "Grace", "Zoë", "Linus"]);
        let start = Instant::now();
        let ahead = ahead(&show, start, ctx);
        let mut live = show.clone();
        let mut now = start;
        let check = |live: &Show, now: Instant, what: &str| {
            assert_warmed(&ahead, &draw(live, now, ctx), what);
        };
        // Ada runs over by 7 s; Grace finishes early; Zoë pauses; Linus does not show.
        check(&live, now, "first Up next");
        live.apply(Command::Next, now);
        for second in [0, 100, 250, 275, 291, 299, 307] {
            let at = now + Duration::from_secs(second);
            live.tick(at);
            check(&live, at, &format!("Ada at {second} s"));
        }
        now += Duration::from_secs(307);
        live.apply(Command::NextSpeaker, now);
        check(&live, now, "Grace's Up next");
        live.apply(Command::Next, now);
        now += Duration::from_secs(123);
        live.apply(Command::Last, now);
        live.apply(Command::Next, now);
        check(&live, now, "Grace's Thank you");
        live.apply(Command::NextSpeaker, now);
        live.apply(Command::Next, now);
        now += Duration::from_secs(42);
        live.apply(Command::StartPause, now);
        check(&live, now, "Zoë paused");
        live.apply(Command::StartPause, now);
        now += Duration::from_secs(300);
        live.tick(now);
        live.apply(Command::NextSpeaker, now);
        live.apply(Command::NextSpeaker, now);
        live.apply(Command::NextSpeaker, now);
        assert_eq!(live.screen(), Screen::Summary);
        check(&live, now, "the summary");
    }

    #[test]
    fn the_last_speaker_not_showing_is_one_of_the_summaries() {
        let show = session(&["Ada"]);
        let now = Instant::now();
        let mut seen = Vec::new();
        skipped_last(&show, now, &mut |show: &Show, _| {
            seen.push((show.screen(), show.turns()[0].outcome));
        });
        assert_eq!(seen, [(Screen::Summary, Outcome::Skipped)]);
    }

    #[test]
    fn the_pulse_sizes_are_all_there() {
        let (theme, measure) = (Theme::dark(), FixedMeasure::default());
        let ctx = full_hd(&theme, &measure);
        let show = session(&["Ada"]);
        let now = Instant::now();
        let ahead = ahead(&show, now, ctx);
        let warmed: BTreeSet<u32> = runs(&ahead)
            .iter()
            .map(|(size, _)| size.to_bits())
            .collect();
        // Play the talk to its last ten seconds, frame by frame, and collect the sizes
        // the real frames use.
        let mut live = show.clone();
        live.apply(Command::Next, now);
        for tenth in 2900..3000 {
            let at = now + Duration::from_millis(tenth * 100);
            live.tick(at);
            for (size, _) in runs(&draw(&live, at, ctx)) {
                assert!(warmed.contains(&size.to_bits()), "size {size} not warmed");
            }
        }
    }
}
