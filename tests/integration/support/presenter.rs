//! A real `gong present` on the test X server (see `window`, which starts it, sends its
//! keys and reads its traces, screen and sound): what this adds is the talk's own, a
//! deck and a log in a temporary folder, and the log's moments.

use std::ops::Deref;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use super::window::{Window, records};

pub use super::window::Painted;

/// One `gong present` in a window the size of the screen, with its own deck, log and
/// sound capture in a temporary folder; everything the window harness knows about it
/// through `Deref`. Killed when dropped.
pub struct Presenter {
    /// Before the folder: fields drop in order, and the show must be gone before it.
    window: Window,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Deref for Presenter {
    type Target = Window;

    fn deref(&self) -> &Window {
        &self.window
    }
}

impl Presenter {
    /// Starts `gong present DECK.md --windowed --log LOG ARGS…` and waits for its window.
    pub fn start(display: &str, deck: &str, args: &[&str]) -> Presenter {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let deck_path = dir.path().join("deck.md");
        std::fs::write(&deck_path, deck).expect("deck written");
        let log = dir.path().join("session.jsonl");
        let mut command: Vec<&std::ffi::OsStr> = vec![
            "present".as_ref(),
            deck_path.as_ref(),
            "--log".as_ref(),
            log.as_ref(),
        ];
        command.extend(args.iter().map(std::ffi::OsStr::new));
        Presenter {
            window: Window::start(display, dir.path(), &command, &log),
            log,
            _dir: dir,
        }
    }

    /// The speaker's first forward press starts the talk. A press that reaches the window
    /// before it takes input is lost, so press again until the log says it started.
    pub fn go(&self) -> Value {
        self.press_until("Right", "the talk started", || {
            self.first("talk_started").is_some()
        });
        self.first("talk_started").expect("started a moment ago")
    }

    /// Every complete line of the log so far (the line being written may be torn), but
    /// the `slide_shown` records: these tests are about the clock and its moments, and
    /// which slide was up is the session tests' to check.
    pub fn records(&self) -> Vec<Value> {
        records(&self.log)
            .into_iter()
            .filter(|record| record["event"] != "slide_shown")
            .collect()
    }

    fn first(&self, event: &str) -> Option<Value> {
        self.records()
            .into_iter()
            .find(|record| record["event"] == event)
    }

    /// The first `event` line in the log, waiting up to `limit` for it.
    pub fn wait_for(&self, event: &str, limit: Duration) -> Value {
        self.wait_until(&format!("{event} in the log"), limit, || {
            self.first(event).is_some()
        });
        self.first(event).expect("logged a moment ago")
    }
}
