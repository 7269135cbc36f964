//! An opt-in trace of every frame the window paints (`GONG_PAINT_TRACE=FILE`), for the
//! benchmarks that count frames on a still slide and time a key press to the frame that
//! shows it. The show's own trace (`GONG_FRAME_TRACE`, see `session`) says what is on
//! screen; this one says when the window painted and why. Reading the clock here
//! measures the window; it decides nothing.
//!
//! One line a frame: `<start ms> <shown ms> <inputs> <why>`, e.g.
//! `1764061783123.456 1764061783128.901 1 event`.
//! - `start`: when the frame began, in milliseconds since the Unix epoch, counted on the
//!   monotonic clock from one wall-clock reading taken when the trace opens (so it can
//!   be set against times taken outside the process and never jumps within it);
//! - `shown`: when its picture was on the screen (the buffer swap returned), known when
//!   the next frame followed at once (after input, the first frame, while warming);
//!   `-` otherwise;
//! - `inputs`: the key presses and clicks the frame answered;
//! - `why` it was painted: `first`; `now` (the frame before asked for it at once);
//!   `due` (woken at the moment asked for: the clock's second, the frame rate, the
//!   heartbeat); `warming` (due at the frame rate only because the frame before still
//!   had glyphs to rasterise: start-up and a new slide's text, never a still picture);
//!   `event` (woken before it: input, a resize, another thread); `poll`
//!   (a window that cannot sleep on events, which looks for them every 100 ms).

use std::path::Path;
use std::time::Instant;

use crate::trace_file::TraceFile;

/// The environment variable that turns the trace on.
pub(crate) const PAINT_TRACE_VARIABLE: &str = "GONG_PAINT_TRACE";

/// Why a frame was painted (see the module's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    First,
    Now,
    Due,
    Warming,
    Event,
    Poll,
}

pub(crate) struct PaintTrace {
    file: TraceFile,
}

impl PaintTrace {
    /// The trace the environment asks for, if any; a file that cannot be opened is
    /// said once and the show goes on without it.
    pub(crate) fn from_env(now: Instant) -> Option<PaintTrace> {
        let path = std::env::var_os(PAINT_TRACE_VARIABLE)?;
        match PaintTrace::open(Path::new(&path), now) {
            Ok(trace) => Some(trace),
            Err(error) => {
                eprintln!("gong: {PAINT_TRACE_VARIABLE}: {error}");
                None
            }
        }
    }

    fn open(path: &Path, now: Instant) -> std::io::Result<PaintTrace> {
        TraceFile::open(path, now).map(|file| PaintTrace { file })
    }

    pub(crate) fn painted(
        &mut self,
        start: Instant,
        shown: Option<Instant>,
        inputs: usize,
        why: Why,
    ) {
        let shown = shown.map_or_else(|| "-".to_string(), |shown| self.file.ms(shown));
        let why = match why {
            Why::First => "first",
            Why::Now => "now",
            Why::Due => "due",
            Why::Warming => "warming",
            Why::Event => "event",
            Why::Poll => "poll",
        };
        let start = self.file.ms(start);
        self.file.line(&format!("{start} {shown} {inputs} {why}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_line_for_each_frame() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("paint.trace");
        let mut trace = PaintTrace::open(&path, Instant::now()).unwrap();
        let start = trace.file.since + Duration::from_millis(20);
        trace.painted(
            start,
            Some(start + Duration::from_micros(4_500)),
            1,
            Why::Event,
        );
        trace.painted(start + Duration::from_secs(1), None, 0, Why::Due);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
        assert_eq!(lines.len(), 2);
        let ms = |field: &str| field.parse::<f64>().unwrap();
        assert!(
            (ms(lines[0][1]) - ms(lines[0][0]) - 4.5).abs() < 0.01,
            "{text}"
        );
        assert_eq!(&lines[0][2..], ["1", "event"]);
        assert!(
            (ms(lines[1][0]) - ms(lines[0][0]) - 1000.0).abs() < 0.01,
            "{text}"
        );
        assert_eq!(&lines[1][1..], ["-", "0", "due"]);
    }
}
