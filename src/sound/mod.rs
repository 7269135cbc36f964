//! Sound: cues synthesised in the program and played through ALSA loaded at run time, so
//! the build needs no system packages and a machine without sound stays silent with one
//! warning.
//!
//! `synth` turns a `Cue` into samples (pure), `alsa` is the only code that talks to the
//! library (and the only `unsafe` in the crate), and `player` runs the sound thread the
//! show hands cues to. Nothing here knows about the clock: the show decides when.

mod alsa;
mod player;
pub mod synth;

pub use player::{Player, SAMPLE_RATE};

/// What the show asks to be heard. One chime at wrap-up, two at final, a gong at 0:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    WrapUp,
    Final,
    Gong,
}
