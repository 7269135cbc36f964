//! The session log: one JSON object a line, appended, flushed and synced as each event
//! happens, so a killed process loses nothing and a restart can resume at the same talk.
//! This module owns the event vocabulary (shared by `gong present --log` and `gong run`),
//! the writer, and reading a log back for resuming and for `gong report`.

use serde::{Deserialize, Serialize};

/// Which talk an event is about: its place in the lineup (1-based, as the organiser
/// counts) and the speaker, so a log reads on its own even after the lineup changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkRef {
    pub position: usize,
    pub speaker: String,
}

/// The two warnings before time-up. Why 1:00 and 0:30: the customary wrap-up and final
/// signals of lightning-talk sessions (PRODUCT.md); both are configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    WrapUp,
    Final,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    SessionStarted {
        title: String,
        talks: usize,
    },
    SessionResumed {
        #[serde(flatten)]
        talk: TalkRef,
    },
    TalkStarted {
        #[serde(flatten)]
        talk: TalkRef,
        title: String,
        slot_ms: u64,
    },
    Warning {
        #[serde(flatten)]
        talk: TalkRef,
        which: Warning,
        remaining_ms: u64,
    },
    TimeUp {
        #[serde(flatten)]
        talk: TalkRef,
    },
    Paused {
        #[serde(flatten)]
        talk: TalkRef,
    },
    Resumed {
        #[serde(flatten)]
        talk: TalkRef,
    },
    TimeChanged {
        #[serde(flatten)]
        talk: TalkRef,
        delta_ms: i64,
        slot_ms: u64,
    },
    TalkRestarted {
        #[serde(flatten)]
        talk: TalkRef,
    },
    TalkEnded {
        #[serde(flatten)]
        talk: TalkRef,
        used_ms: u64,
        overtime_ms: u64,
        /// Ended by the speaker before time was up.
        early: bool,
    },
    TalkSkipped {
        #[serde(flatten)]
        talk: TalkRef,
    },
    LineupChanged {
        talks: usize,
        what: String,
    },
    SessionEnded {
        given: usize,
        skipped: usize,
    },
}

/// One line of the log: the event, the wall-clock time it was written (RFC 3339, for
/// people) and the monotonic milliseconds since the current talk started (for measuring).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub at: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub talk_ms: Option<u64>,
    #[serde(flatten)]
    pub event: Event,
}
