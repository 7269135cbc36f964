//! A real `gong rehearse` on the test X server, driven as a speaker at home drives it
//! (see `window`, which starts it, sends its keys and reads its traces and screen): what
//! this adds is the rehearsal's own, its deck saved over while it runs and its record
//! read back.

use std::ops::Deref;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::window::{PATIENCE, Window, records};

/// One `gong rehearse DECK.md --windowed --mute ARGS…` in the deck's folder; everything
/// the window harness knows about it through `Deref`.
pub struct Rehearser {
    window: Window,
    deck: PathBuf,
}

impl Deref for Rehearser {
    type Target = Window;

    fn deref(&self) -> &Window {
        &self.window
    }
}

impl Rehearser {
    /// Starts it on the deck at `deck` (in a folder that outlives it) and waits for its
    /// window.
    pub fn start(display: &str, deck: &Path, args: &[&str]) -> Rehearser {
        let dir = deck.parent().expect("the deck's folder");
        let mut command: Vec<&std::ffi::OsStr> =
            vec!["rehearse".as_ref(), deck.as_ref(), "--mute".as_ref()];
        command.extend(args.iter().map(std::ffi::OsStr::new));
        Rehearser {
            window: Window::start(display, dir, &command, &record_beside(deck)),
            deck: deck.to_path_buf(),
        }
    }

    /// The record beside the deck.
    pub fn record_path(&self) -> PathBuf {
        record_beside(&self.deck)
    }

    /// Every whole line of the record so far.
    pub fn records(&self) -> Vec<Value> {
        records(&self.record_path())
    }

    /// Waits until the last record satisfies `test`; that record.
    pub fn wait_record(&self, what: &str, test: impl Fn(&Value) -> bool) -> Value {
        let mut found = None;
        self.wait_until(&format!("a record where {what}"), PATIENCE, || {
            found = self.records().pop().filter(|last| test(last));
            found.is_some()
        });
        found.expect("recorded a moment ago")
    }

    /// The first press starts the run; a press that reaches the window before it takes
    /// input is lost, so press again until the record says the run began.
    pub fn go(&self) -> Value {
        let begun = |record: &Value| record["ended"].is_null();
        self.press_until("Right", "the run begun", || {
            self.records().last().is_some_and(begun)
        });
        self.wait_record("the run began", begun)
    }

    /// Saves `text` as the deck, as editors do: a new file renamed over the old one.
    pub fn save(&self, text: &str) {
        let fresh = self.deck.with_file_name(".deck.md.swp");
        std::fs::write(&fresh, text).expect("saved");
        std::fs::rename(&fresh, &self.deck).expect("renamed over the deck");
    }
}

/// `talk.md` → `talk.rehearsals.jsonl`, beside it.
fn record_beside(deck: &Path) -> PathBuf {
    let stem = deck.file_stem().expect("a deck name").to_string_lossy();
    deck.with_file_name(format!("{stem}.rehearsals.jsonl"))
}
