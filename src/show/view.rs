//! The show's picture of itself: `Show::view(now)` reads the show and its clock and says,
//! as a `View`, what the audience screen shows at `now`. The wording of the clock's text
//! cues is decided here, once, for every screen that shows the clock.
//!
//! Reads only: building a View never changes the show.

use std::time::{Duration, Instant};

use super::{Outcome, Overlay, Screen, Show, Turn, millis};
use crate::clock::{ClockState, Phase};
use crate::command::HELP;
use crate::view::{
    self, Card, ClockFace, HelpGroup, HelpKey, Next, Place, TalkCard, TalkRow, Tone, View,
};

#[cfg(test)]
mod tests;

impl Show {
    /// What the audience screen shows at `now`.
    pub(crate) fn view(&self, now: Instant) -> View {
        View {
            card: self.card(now),
            clock: self.clock_face(now),
            overlay: self.overlay_view(),
            banner: self.banner(now),
            black: self.overlay == Some(Overlay::Black),
        }
    }

    fn card(&self, now: Instant) -> Card {
        if self.screen == Screen::Summary {
            let (given, skipped) = self.tally();
            return Card::Summary {
                title: self.settings.title.clone(),
                rows: self.rows(),
                given,
                skipped,
            };
        }
        let Some(turn) = self.current_turn() else {
            return Card::Blank;
        };
        match self.screen {
            Screen::UpNext => Card::UpNext {
                talk: talk_card(turn),
                place: (!self.settings.single_talk).then(|| Place {
                    number: self.current + 1,
                    of: self.turns.len(),
                }),
                slot_ms: millis(self.clock.slot()),
            },
            Screen::Talk => Card::Talk {
                talk: talk_card(turn),
                slide: self.slide,
                slides: turn.plan.slides.len(),
                step: self.step,
                typed: self.typed_slide(now),
            },
            Screen::TimeUp => Card::TimeUp {
                speaker: turn.plan.speaker.clone(),
                overtime_ms: millis(self.clock.overtime(now)),
                next: self.next_view(),
            },
            Screen::ThankYou => Card::ThankYou {
                speaker: turn.plan.speaker.clone(),
                used_ms: match turn.outcome {
                    Outcome::Given { used, .. } => Some(millis(used)),
                    Outcome::Pending | Outcome::Skipped => None,
                },
                next: self.next_view(),
            },
            Screen::Summary => Card::Blank,
        }
    }

    /// "Next: X" or the end of the session; nothing when presenting one talk alone.
    fn next_view(&self) -> Option<Next> {
        if self.settings.single_talk {
            return None;
        }
        Some(match self.next_turn() {
            Some(next) => Next::Speaker(next.plan.speaker.clone()),
            None => Next::LastTalk,
        })
    }

    fn rows(&self) -> Vec<TalkRow> {
        self.turns
            .iter()
            .map(|turn| TalkRow {
                speaker: turn.plan.speaker.clone(),
                title: turn.plan.title.clone(),
                outcome: outcome_view(turn.outcome),
            })
            .collect()
    }

    fn overlay_view(&self) -> Option<view::Overlay> {
        match self.overlay? {
            Overlay::Black => None,
            Overlay::Help => Some(view::Overlay::Help {
                groups: help_groups(),
            }),
            Overlay::Lineup { selected } => Some(view::Overlay::Lineup {
                rows: self.rows(),
                current: self.current,
                selected,
            }),
            Overlay::Overview { selected } => Some(view::Overlay::Overview {
                headings: self.current_turn().map_or_else(Vec::new, |turn| {
                    turn.plan.slides.iter().map(|s| s.heading.clone()).collect()
                }),
                current: self.slide,
                selected,
            }),
        }
    }

    /// The clock of the talk up next or on stage; none on the summary.
    fn clock_face(&self, now: Instant) -> Option<ClockFace> {
        if self.screen == Screen::Summary || self.current_turn().is_none() {
            return None;
        }
        let clock = &self.clock;
        let remaining = clock.remaining(now);
        let thresholds = clock.thresholds();
        // A talk that ended early has its clock held where it stopped (the show pauses
        // it): it shows no pause and no warning.
        let stopped = self.screen == Screen::ThankYou;
        let phase = if stopped {
            Phase::Normal
        } else {
            clock.phase(now)
        };
        let (phase, tone, cue) = match phase {
            Phase::Normal => (view::Phase::Normal, Tone::Plain, None),
            Phase::WrapUp => (
                view::Phase::WrapUp,
                Tone::WrapUp,
                Some(threshold_label(thresholds.wrap_up)),
            ),
            Phase::Final => (
                view::Phase::Final,
                Tone::Final,
                Some(threshold_label(thresholds.final_call)),
            ),
            Phase::LastSeconds => {
                // The pulse can start before the final warning (warnings of 10 s and 5 s):
                // the colour still says which warning has passed, the words say what is
                // happening now.
                let tone =
                    if remaining > thresholds.final_call && thresholds.final_call < clock.slot() {
                        Tone::WrapUp
                    } else {
                        Tone::Final
                    };
                let cue = format!("LAST {}", threshold_label(thresholds.pulse));
                (view::Phase::LastSeconds, tone, Some(cue))
            }
            Phase::TimeUp => (view::Phase::TimeUp, Tone::Final, Some("TIME".to_string())),
            Phase::Paused => (
                view::Phase::Paused,
                Tone::Paused,
                Some("PAUSED".to_string()),
            ),
        };
        Some(ClockFace {
            slot_ms: millis(clock.slot()),
            remaining_ms: millis(remaining),
            overtime_ms: millis(clock.overtime(now)),
            state: match clock.state() {
                _ if stopped => view::ClockState::Stopped,
                ClockState::Ready => view::ClockState::Ready,
                ClockState::Running => view::ClockState::Running,
                ClockState::Paused => view::ClockState::Paused,
                ClockState::TimeUp => view::ClockState::TimeUp,
            },
            phase,
            tone,
            cue,
            paused_ms: clock.paused_for(now).filter(|_| !stopped).map(millis),
        })
    }

    /// How many talks were given and how many skipped, for the summary and the log.
    pub(super) fn tally(&self) -> (usize, usize) {
        let given = self
            .turns
            .iter()
            .filter(|t| matches!(t.outcome, Outcome::Given { .. }))
            .count();
        let skipped = self
            .turns
            .iter()
            .filter(|t| t.outcome == Outcome::Skipped)
            .count();
        (given, skipped)
    }
}

fn talk_card(turn: &Turn) -> TalkCard {
    TalkCard {
        speaker: turn.plan.speaker.clone(),
        title: turn.plan.title.clone(),
        format: turn.plan.format,
        problem: turn.plan.problem.clone(),
    }
}

fn outcome_view(outcome: Outcome) -> view::Status {
    match outcome {
        Outcome::Pending => view::Status::Pending,
        Outcome::Given {
            used,
            overtime,
            early,
        } => view::Status::Given {
            used_ms: millis(used),
            overtime_ms: millis(overtime),
            early,
        },
        Outcome::Skipped => view::Status::Skipped,
    }
}

/// The key table's help, as the help panel lists it.
fn help_groups() -> Vec<HelpGroup> {
    HELP.iter()
        .map(|(name, keys)| HelpGroup {
            name: (*name).to_string(),
            keys: keys
                .iter()
                .map(|(keys, action)| HelpKey {
                    keys: (*keys).to_string(),
                    action: (*action).to_string(),
                })
                .collect(),
        })
        .collect()
}

/// "1 MIN" for a whole number of minutes, "30 s" otherwise.
fn threshold_label(threshold: Duration) -> String {
    let seconds = threshold.as_secs();
    if seconds >= 60 && seconds.is_multiple_of(60) {
        format!("{} MIN", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}
