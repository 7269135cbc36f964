//! The frame trace (`GONG_FRAME_TRACE`): what the show put on screen and when, for the
//! benchmarks. It measures; it decides nothing, and reads no clock: its clock starts at
//! the instant it is given, and a line's `busy` is from the frame's instant to the one
//! the window read once the frame's picture was composed (`composed`).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::show::Screen;
use crate::trace_file::TraceFile;

/// The environment variable that turns the frame trace on: `GONG_FRAME_TRACE=FILE`.
pub(crate) const FRAME_TRACE_VARIABLE: &str = "GONG_FRAME_TRACE";

/// An opt-in trace for measuring hand-overs (`GONG_FRAME_TRACE=FILE`): one line for each
/// frame whose screen (or talk) differs from the frame before,
/// `<ms> <screen> <talk> <busy ms> <gap ms>`, e.g. `1764061783123.456 UpNext 3 1.204 98.113`.
///
/// `ms` is the frame's clock reading in milliseconds since the Unix epoch, counted on the
/// monotonic clock from one wall-clock reading taken when the trace opens, so it can be
/// set against times taken outside the process (`date +%s%N`) and never jumps within it.
/// `busy` is how long this frame took from that reading until its picture was composed:
/// the key that changed the screen (log writes included) and the layout, not the painting.
/// `gap` is the time since the frame before (the last one of the previous screen).
/// A frame's lines wait for `composed`, which knows when that was.
pub(crate) struct FrameTrace {
    file: TraceFile,
    last: Option<(Screen, usize)>,
    previous: Option<Instant>,
    first_shown: bool,
    warm_shown: bool,
    /// This frame's lines but for their `busy`: the frame's instant, and the line's
    /// words before and after it.
    waiting: Vec<(Instant, String, String)>,
}

/// A duration as the trace writes it: milliseconds to the microsecond.
fn ms(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64() * 1000.0)
}

impl FrameTrace {
    /// Appends to `path`, creating it; its clock starts at `now`.
    pub(crate) fn open(path: &Path, now: Instant) -> std::io::Result<FrameTrace> {
        Ok(FrameTrace {
            file: TraceFile::open(path, now)?,
            last: None,
            previous: None,
            first_shown: false,
            warm_shown: false,
            waiting: Vec::new(),
        })
    }

    /// Two marker lines, each once: `FirstFrameShown` when the first frame reaches the
    /// screen (start-up time is measured from the process's start to it), and
    /// `GlyphsWarm` when every glyph of the cards still to come is rasterised (the show
    /// has settled: memory is measured from there). Readers waiting for a screen skip
    /// them.
    pub(super) fn shown(&mut self, now: Instant, warm: bool) {
        if !std::mem::replace(&mut self.first_shown, true) {
            self.marker("FirstFrameShown", now);
        }
        if warm && !std::mem::replace(&mut self.warm_shown, true) {
            self.marker("GlyphsWarm", now);
        }
    }

    /// A save of the rehearsed deck was taken in by the frame that began at `now`:
    /// `<ms> DeckReloaded 0 <busy ms> 0.000`, busy as for a frame, written once composed.
    pub(super) fn reloaded(&mut self, now: Instant) {
        let at = self.file.ms(now);
        self.waiting
            .push((now, format!("{at} DeckReloaded 0"), "0.000".into()));
    }

    /// The picture of the frame that began at `started` was composed `at`: its lines are
    /// written.
    pub(super) fn composed(&mut self, started: Instant, at: Instant) {
        for (now, before, after) in std::mem::take(&mut self.waiting) {
            let busy = if now == started {
                at.saturating_duration_since(now)
            } else {
                Duration::ZERO
            };
            self.file.line(&format!("{before} {} {after}", ms(busy)));
        }
    }

    fn marker(&mut self, name: &str, now: Instant) {
        let at = self.file.ms(now);
        self.file.line(&format!("{at} {name} 0 0.000 0.000"));
    }

    pub(super) fn frame(&mut self, screen: Screen, talk: usize, now: Instant) {
        let previous = self.previous.replace(now);
        if self.last == Some((screen, talk)) {
            return;
        }
        self.last = Some((screen, talk));
        let gap = ms(previous.map_or(Duration::ZERO, |previous| {
            now.saturating_duration_since(previous)
        }));
        let at = self.file.ms(now);
        self.waiting
            .push((now, format!("{at} {screen:?} {talk}"), gap));
    }
}
