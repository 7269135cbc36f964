//! What the opt-in traces the benchmarks read share (`GONG_FRAME_TRACE`,
//! `GONG_PAINT_TRACE`): a file appended to, and their clock, milliseconds since the Unix
//! epoch counted on the monotonic clock from one wall-clock reading taken when the trace
//! opens, so a line can be set against times taken outside the process and never jumps
//! within it. The instant it counts from is passed in, as every time is; the wall clock is
//! read once, to name that instant in epoch time.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

pub(crate) struct TraceFile {
    file: std::fs::File,
    pub(crate) since: Instant,
    epoch: Duration,
}

impl TraceFile {
    /// Appends to `path`, creating it; `since` is the instant the trace's clock starts at
    /// (now, for the caller).
    pub(crate) fn open(path: &Path, since: Instant) -> std::io::Result<TraceFile> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        let epoch = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        Ok(TraceFile { file, since, epoch })
    }

    /// `at` on the trace's clock, in milliseconds to the microsecond: `1764061783123.456`.
    pub(crate) fn ms(&self, at: Instant) -> String {
        let at = self.epoch + at.saturating_duration_since(self.since);
        format!("{:.3}", at.as_secs_f64() * 1000.0)
    }

    /// Appends `line` (ending it). A line that cannot be written is lost: a trace must
    /// never disturb the show.
    pub(crate) fn line(&mut self, line: &str) {
        let _ = self.file.write_all(format!("{line}\n").as_bytes());
    }
}
