//! The View: what the audience screen shows at one instant, as plain data. The show builds
//! it (`Show::view(now)`, in `show::view`); `layout::stage` turns it, with the slide's own
//! draw list, into a `DrawList`; a remote or a second window can serialise it and read it
//! back. Every reader of "what is on stage now" reads this, never the `Show`.
//!
//! It holds what is said and in which state, not how it looks: no colours, sizes or
//! positions (those are the theme's and the layout's), and no wall-clock time (times are
//! milliseconds of the talk's clock at the instant the View was made).
//!
//! Its types are its own, not the show's or the clock's: a reader needs this module alone.

use serde::{Deserialize, Serialize};

use crate::format::Format;

/// Everything on the audience screen at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// The card or the slide.
    pub card: Card,
    /// The clock of the talk up next or on stage, as it reads now (the footer shows its
    /// count, the TIME card its overtime); `None` on the summary, where no talk has one.
    pub clock: Option<ClockFace>,
    /// A panel over the card, if one is open.
    pub overlay: Option<Overlay>,
    /// A line across the screen: a second press awaited, or a notice.
    pub banner: Option<String>,
    /// The speaker blacked the screen out: nothing else shows.
    pub black: bool,
}

/// The screen under any overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "screen", rename_all = "snake_case")]
pub enum Card {
    /// Before a talk: who, what, how long, and where it is in the session. The clock is at
    /// its slot and still.
    UpNext {
        talk: TalkCard,
        /// "3 of 9"; `None` when presenting one talk alone (`gong present`).
        place: Option<Place>,
        /// The slot, with any time given or taken on this card.
        slot_ms: u64,
    },
    /// The talk: its slide (laid out from the deck by the caller) and the footer, or its
    /// title card while its deck is broken or not ready.
    Talk {
        talk: TalkCard,
        /// 0-based index of the slide shown, of `slides`.
        slide: usize,
        slides: usize,
        /// How many pause steps of the slide are revealed (0 = up to the first pause).
        step: usize,
        /// Digits typed towards a slide jump, waiting for Enter.
        typed: Option<usize>,
    },
    /// 0:00 was reached: "Thank you, NAME", the overtime counting, who is next.
    TimeUp {
        speaker: String,
        overtime_ms: u64,
        next: Option<Next>,
    },
    /// The speaker went past the last slide.
    ThankYou {
        speaker: String,
        /// Time on the clock when the talk ended, overtime excluded.
        used_ms: Option<u64>,
        next: Option<Next>,
    },
    /// End of the session: every talk and how it went.
    Summary {
        /// The session's title as the lineup gives it (may be empty).
        title: String,
        rows: Vec<TalkRow>,
        given: usize,
        skipped: usize,
    },
    /// No talk to show (a state the show does not reach): the background alone.
    Blank,
}

/// A talk as its cards name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TalkCard {
    pub speaker: String,
    pub title: String,
    pub format: Format,
    /// Why its deck cannot be shown: the talk gets a title card saying so.
    pub problem: Option<String>,
}

/// A talk's place in the running order, 1-based: "3 of 9".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub number: usize,
    pub of: usize,
}

/// What the TIME and Thank-you cards say comes next; `None` there when presenting alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Next {
    Speaker(String),
    /// No talk is left to give.
    LastTalk,
}

/// One talk of the running order, for the summary and the lineup panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkRow {
    pub speaker: String,
    pub title: String,
    pub outcome: Status,
}

/// How a talk went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Status {
    /// Not given yet (or never, on the summary).
    Pending,
    Given {
        used_ms: u64,
        overtime_ms: u64,
        /// Ended before time was up.
        early: bool,
    },
    Skipped,
}

/// The talk clock as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockFace {
    /// The slot as adjusted by ± time.
    pub slot_ms: u64,
    /// What is left; the count shows it in whole seconds, rounded up.
    pub remaining_ms: u64,
    pub overtime_ms: u64,
    pub state: ClockState,
    pub phase: Phase,
    /// Which warning colour the count wears: in the last seconds it still says which
    /// warning has passed.
    pub tone: Tone,
    /// The words beside the count (colour is never the only signal): "1 MIN", "30 s",
    /// "LAST 10 s", "TIME", "PAUSED".
    pub cue: Option<String>,
    /// How long the clock has been paused (the cue blinks).
    pub paused_ms: Option<u64>,
}

/// Whether the clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Shows the full slot; not started.
    Ready,
    Running,
    Paused,
    /// Reached 0:00; overtime counts.
    TimeUp,
    /// The talk ended before its time (the Thank-you card): the clock stands where it
    /// stopped.
    Stopped,
}

/// Where the count is in the talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Normal,
    /// Past the first warning (1:00 by default).
    WrapUp,
    /// Past the final warning (0:30 by default).
    Final,
    /// The last seconds: the count is large and pulses.
    LastSeconds,
    TimeUp,
    Paused,
}

/// The colour family of the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Plain,
    WrapUp,
    Final,
    Paused,
}

/// A panel over the card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "overlay", rename_all = "snake_case")]
pub enum Overlay {
    /// Every key, grouped as the user thinks of them.
    Help { groups: Vec<HelpGroup> },
    /// The running order with the panel's cursor.
    Lineup {
        rows: Vec<TalkRow>,
        /// Index of the talk up next or being given.
        current: usize,
        selected: usize,
    },
    /// The slides of the talk as a grid.
    Overview {
        /// Each slide's first heading, if it has one.
        headings: Vec<Option<String>>,
        /// The slide on screen under the grid.
        current: usize,
        selected: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpGroup {
    pub name: String,
    pub keys: Vec<HelpKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpKey {
    pub keys: String,
    pub action: String,
}

/// The presenter's screen (`V`, and `gong rehearse`): the audience's picture and what
/// only the speaker sees beside it. Built by `Session` from the show's View, the deck
/// and a rehearsal if one runs; drawn by `layout::presenter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PresenterView {
    /// What the audience sees; its slide is drawn large, at its reveal step.
    pub audience: View,
    /// The speaker notes of the slide on screen, one entry per comment.
    pub notes: Vec<String>,
    /// How many lines of the notes are scrolled past (they shrink first, then scroll).
    pub notes_scroll: usize,
    /// What the next forward press shows.
    pub next: NextStep,
    /// Time on the slide on screen (every visit of the run added up).
    pub slide_ms: Option<u64>,
    /// The time of day, as the speaker's watch says it ("21:04").
    pub wall_clock: String,
    /// Ahead, on pace or behind the plan (rehearsals; the budgets exist there).
    pub pace: Option<PaceMark>,
    /// The whole talk planned against actual, slide by slide.
    pub plan: Option<PlanBar>,
}

/// What the next forward press shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "next", rename_all = "snake_case")]
pub enum NextStep {
    /// The rest of this slide, up to its next `<!-- pause -->`: `step` of its reveal.
    Reveal { slide: usize, step: usize },
    /// The next slide (0-based), at its first step.
    Slide { slide: usize },
    /// Past the last slide: the end.
    End,
}

/// The pacing mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "pace", rename_all = "snake_case")]
pub enum PaceMark {
    Ahead { ms: u64 },
    OnPace,
    Behind { ms: u64 },
}

/// Each slide's budget and the time it has had so far, for the thin bar of the talk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanBar {
    pub planned_ms: Vec<u64>,
    pub actual_ms: Vec<u64>,
    /// The slide on screen.
    pub current: usize,
}

/// A rehearsal's report card: past the last slide, and `gong report --png`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ReportCard {
    /// "Run 3 of 3".
    pub title: String,
    pub slot_ms: u64,
    pub total_ms: u64,
    pub overtime_ms: u64,
    /// The run before this one's total, and the best run's.
    pub previous_ms: Option<u64>,
    pub best_ms: Option<u64>,
    /// Which run the best is ("run 2").
    pub best: Option<String>,
    pub rows: Vec<ReportRow>,
    /// The keys that go on from here, on screen ("R twice: another run"); none on a
    /// picture of the card.
    pub keys: Option<String>,
}

/// One slide on the report card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ReportRow {
    pub title: String,
    pub budget_ms: u64,
    pub ms: u64,
    pub previous_ms: Option<u64>,
    pub best_ms: Option<u64>,
}
