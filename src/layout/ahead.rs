//! The stage ahead: every card the rest of a session can show — each talk's Up next,
//! footer clock in every phase, TIME and Thank-you cards, the summary, the help and
//! lineup panels — composed now, on a copy of the show played forward, and boiled down
//! to the glyphs they draw (one text run per font and size).
//!
//! The window rasterises these a little each frame while the first Up next card is up,
//! so that later a card never waits on new glyphs (a TIME card in a large face is
//! dozens of milliseconds of rasterising) and the font atlases reach their final size
//! before the first talk instead of doubling in the middle of the session.
//!
//! Pure, like the rest of layout: the show is cloned, never changed, and the instants are
//! the caller's `now` played forward.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use super::draw::{DrawItem, DrawList, FontId, Rgba};
use super::stage::{StageContext, compose};
use crate::clock::ClockState;
use crate::command::Command;
use crate::show::{Screen, Show};

/// How many text sizes the last-seconds pulse steps through in each second (see
/// `stage`): one composition in each quarter of a second meets every one of them.
const PULSE_SAMPLES: [Duration; 4] = [
    Duration::from_millis(875),
    Duration::from_millis(625),
    Duration::from_millis(375),
    Duration::from_millis(125),
];

/// The glyphs of every card still to come in `show` after `now`, as one list of text
/// runs to warm (positions and colours mean nothing).
pub fn stage_ahead(show: &Show, now: Instant, ctx: StageContext) -> DrawList {
    let mut glyphs = GlyphSet::default();
    let slide = DrawList::default();
    let mut add = |show: &Show, at: Instant| glyphs.add(&compose(show, at, Some(&slide), ctx));

    for panel in [Command::Help, Command::Lineup] {
        let mut open = show.clone();
        open.apply(panel, now);
        add(&open, now);
    }

    let mut future = show.clone();
    let mut at = now;
    let mut pulse_seen = false;
    // Each pass moves the copy on by one screen; a talk takes four. The bound only
    // guards against a show that stops moving.
    for _ in 0..(show.turns().len() + 1) * 4 {
        add(&future, at);
        let before = (future.screen(), future.current());
        match future.screen() {
            Screen::Summary => break,
            Screen::UpNext => {
                if future.next_turn().is_none() {
                    skipped_last(&future, at, &mut add);
                }
                future.apply(Command::Next, at);
            }
            Screen::Talk => {
                if future.clock().state() != ClockState::Running {
                    break;
                }
                talk_phases(&future, at, !pulse_seen, &mut add);
                pulse_seen = true;
                thank_you(&future, at, &mut add);
                at += future.clock().remaining(at);
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
        if (future.screen(), future.current()) == before {
            break;
        }
    }
    glyphs.into_list()
}

/// The talk on stage at each warning, and paused; the pulse's sizes once a session (they
/// are the same for every talk).
fn talk_phases(show: &Show, at: Instant, with_pulse: bool, add: &mut impl FnMut(&Show, Instant)) {
    let clock = show.clock();
    let thresholds = clock.thresholds();
    let remaining = clock.remaining(at);
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
    if skipping.screen() == Screen::Summary {
        add(&skipping, at);
    }
}

/// The card of a speaker who finishes early.
fn thank_you(show: &Show, at: Instant, add: &mut impl FnMut(&Show, Instant)) {
    let mut early = show.clone();
    early.apply(Command::Last, at);
    early.apply(Command::Next, at);
    if early.screen() == Screen::ThankYou {
        add(&early, at);
    }
}

/// Characters by font and size. Wherever a number is drawn, every digit is: clocks and
/// times change while they are on screen.
#[derive(Default)]
struct GlyphSet {
    runs: BTreeMap<(FontId, u32), BTreeSet<char>>,
}

impl GlyphSet {
    fn add(&mut self, list: &DrawList) {
        for item in &list.items {
            let DrawItem::Text {
                size, font, text, ..
            } = item
            else {
                continue;
            };
            let chars = self.runs.entry((*font, size.to_bits())).or_default();
            chars.extend(text.chars().filter(|c| !c.is_whitespace()));
            if text.chars().any(|c| c.is_ascii_digit()) {
                chars.extend('0'..='9');
            }
        }
    }

    fn into_list(self) -> DrawList {
        let mut list = DrawList::default();
        for ((font, size), chars) in self.runs {
            list.push(DrawItem::Text {
                x: 0.0,
                y: 0.0,
                size: f32::from_bits(size),
                font,
                color: Rgba::default(),
                text: chars.into_iter().collect(),
            });
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::FixedMeasure;
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
        let ahead = stage_ahead(&show, start, ctx);
        let slide = DrawList::default();
        let mut live = show.clone();
        let mut now = start;
        let check = |live: &Show, now: Instant, what: &str| {
            assert_warmed(&ahead, &compose(live, now, Some(&slide), ctx), what);
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
        let ahead = stage_ahead(&show, now, ctx);
        let warmed: BTreeSet<u32> = runs(&ahead)
            .iter()
            .map(|(size, _)| size.to_bits())
            .collect();
        // Play the talk to its last ten seconds, frame by frame, and collect the sizes
        // the real frames use.
        let mut live = show.clone();
        live.apply(Command::Next, now);
        let slide = DrawList::default();
        for tenth in 2900..3000 {
            let at = now + Duration::from_millis(tenth * 100);
            live.tick(at);
            for (size, _) in runs(&compose(&live, at, Some(&slide), ctx)) {
                assert!(warmed.contains(&size.to_bits()), "size {size} not warmed");
            }
        }
    }
}
