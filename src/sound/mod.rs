//! Sound: cues synthesised in the program and played through ALSA loaded at run time, so
//! the build needs no system packages and a machine without sound stays silent with one
//! warning.

/// What the show asks to be heard. One chime at wrap-up, two at final, a gong at 0:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    WrapUp,
    Final,
    Gong,
}
