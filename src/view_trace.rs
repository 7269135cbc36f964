//! An opt-in record of the audience's picture: with `GONG_VIEW_TRACE=FILE`, one JSON line
//! (`{"ms":…,"view":{…}}`) each time the `View` differs from the one last written. It is
//! how a test reads what is on stage from outside the process (a banner's words, the
//! card, the clock's state) without reading pixels, and the same serialised View a remote
//! will stream. Writing it must never disturb the show: a line that cannot be written is
//! dropped.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::view::View;

/// The environment variable that turns the record on.
pub(crate) const VIEW_TRACE_VARIABLE: &str = "GONG_VIEW_TRACE";

pub(crate) struct ViewTrace {
    file: std::fs::File,
    since: Instant,
    last: Option<View>,
}

impl ViewTrace {
    /// Appends to `path`, creating it. `since` is the instant `ms` counts from.
    pub(crate) fn open(path: &Path, since: Instant) -> std::io::Result<ViewTrace> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(ViewTrace {
            file,
            since,
            last: None,
        })
    }

    /// Writes `view` if it is not the one written last.
    pub(crate) fn record(&mut self, view: &View, now: Instant) {
        if self.last.as_ref() == Some(view) {
            return;
        }
        let line = serde_json::json!({
            "ms": now.saturating_duration_since(self.since).as_millis() as u64,
            "view": view,
        });
        let _ = writeln!(self.file, "{line}");
        self.last = Some(view.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::show::{Show, ShowSettings, TalkPlan};
    use std::time::Duration;

    #[test]
    fn a_view_is_written_once_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.jsonl");
        let t0 = Instant::now();
        let show = Show::new(
            vec![TalkPlan::new("Ada", "One", Duration::from_secs(300))],
            ShowSettings::default(),
        );
        let mut trace = ViewTrace::open(&path, t0).unwrap();
        trace.record(&show.view(t0), t0);
        trace.record(&show.view(t0), t0 + Duration::from_millis(16));
        let mut changed = show.view(t0);
        changed.banner = Some("lineup.toml:3:1: expected `]`".to_string());
        trace.record(&changed, t0 + Duration::from_millis(32));
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[1]["ms"], 32);
        assert_eq!(lines[1]["view"]["banner"], "lineup.toml:3:1: expected `]`");
        // What was written reads back as the View it was.
        let back: View = serde_json::from_value(lines[1]["view"].clone()).unwrap();
        assert_eq!(back, changed);
    }
}
