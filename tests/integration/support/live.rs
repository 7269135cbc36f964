//! A real `gong run` under Xvfb, driven as an organiser drives it (see `window`, which
//! starts it and reads its traces): what this adds is the session's own, its lineup,
//! its log and the talk each screen is for.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::window::{PATIENCE, Window, records};

/// `talks/lineup.toml` → `talks/lineup.session.jsonl`, as `gong run` names it.
pub fn log_beside(lineup: &Path) -> PathBuf {
    let stem = lineup.file_stem().expect("a file name").to_string_lossy();
    lineup.with_file_name(format!("{stem}.session.jsonl"))
}

/// One `gong run LINEUP --windowed` process, in the lineup's folder; everything the
/// window harness knows about it through `Deref`.
pub struct LiveShow {
    window: Window,
    log: PathBuf,
}

impl Deref for LiveShow {
    type Target = Window;

    fn deref(&self) -> &Window {
        &self.window
    }
}

impl LiveShow {
    /// Starts the show and waits until its window is up, on screen and under the pointer,
    /// and its first frame traced.
    pub fn start(display: &str, lineup: &Path, extra: &[&str]) -> LiveShow {
        let dir = lineup.parent().expect("the lineup's folder");
        let log = log_beside(lineup);
        let mut args = vec!["run", lineup.to_str().expect("UTF-8 path")];
        args.extend_from_slice(extra);
        let show = LiveShow {
            window: Window::start(display, dir, &args, &log),
            log,
        };
        show.wait_until("the first frame", PATIENCE, || show.seen().is_some());
        // The window takes keys a few frames after it is mapped; `press_until` retries
        // the first key in case this was not long enough.
        std::thread::sleep(Duration::from_millis(300));
        show
    }

    /// Sends one key, by its X name (`Right`, `space`, `n`, `s`, `l`, `Escape`).
    pub fn press(&self, key: &str) {
        self.key(key);
    }

    /// Sends `key` until the show is on `screen` for talk `talk`; for the first key after
    /// a start, which a window still settling may miss. Safe only for keys that do
    /// nothing more on the screen they lead to.
    pub fn press_until(&self, key: &str, screen: &str, talk: usize) {
        self.window
            .press_until(key, &format!("{screen} for talk {talk}"), || {
                self.is_on(screen, talk)
            });
    }

    fn is_on(&self, screen: &str, talk: usize) -> bool {
        self.seen()
            .is_some_and(|seen| seen.screen == screen && seen.talk == talk)
    }

    /// Waits until the show says every glyph of the cards to come is rasterised.
    pub fn wait_glyphs_warm(&self) {
        self.wait_warm(PATIENCE);
    }

    /// Waits until a frame shows `screen` for talk `talk`.
    pub fn wait_screen(&self, screen: &str, talk: usize) {
        self.wait_until(&format!("{screen} for talk {talk}"), PATIENCE, || {
            self.is_on(screen, talk)
        });
    }

    /// Every record of the session log so far, as JSON.
    pub fn records(&self) -> Vec<Value> {
        records(&self.log)
    }

    /// Waits until the log holds an event named `event` about the talk at `position`
    /// (`None`: any or none), `count` times or more.
    pub fn wait_event(&self, event: &str, position: Option<usize>, count: usize) -> Vec<Value> {
        self.wait_until(
            &format!("{count} × {event} {position:?} in the log"),
            PATIENCE,
            || count_events(&self.records(), event, position) >= count,
        );
        self.records()
    }

    /// Presses `q` (twice, unless on the summary) and waits for a clean exit.
    pub fn quit(self) {
        self.press("q");
        if !self.is_on("Summary", self.seen().map_or(0, |seen| seen.talk)) {
            self.press("q");
        }
        let code = self.wait_for_exit(PATIENCE);
        assert_eq!(
            code,
            Some(0),
            "gong did not quit cleanly\n{}",
            self.context()
        );
    }
}

/// How many records are `event`, about the talk at `position` when given.
pub fn count_events(records: &[Value], event: &str, position: Option<usize>) -> usize {
    records
        .iter()
        .filter(|record| record["event"] == event)
        .filter(|record| {
            position.is_none_or(|position| record["position"].as_u64() == Some(position as u64))
        })
        .count()
}

/// A deck of two slides for `speaker`.
pub fn write_deck(dir: &Path, name: &str, speaker: &str) -> PathBuf {
    let path = dir.join(name);
    let text =
        format!("# {speaker}\n\nA lightning talk.\n\n---\n\n## Second slide\n\n- one\n- two\n");
    std::fs::write(&path, text).expect("deck written");
    path
}

/// A lineup of `talks` (speaker, title, slot), each with its own deck, written into
/// `dir` as `lineup.toml`; slots like `"2s"`, warnings like `["1s"]`.
pub fn write_lineup(dir: &Path, talks: &[(&str, &str, &str)], warnings: &str) -> PathBuf {
    let mut text =
        format!("title = \"Live test\"\nduration = \"2s\"\nwarnings = {warnings}\nsound = false\n");
    for (index, (speaker, title, slot)) in talks.iter().enumerate() {
        let deck = format!("talk{}.md", index + 1);
        write_deck(dir, &deck, speaker);
        text.push_str(&format!(
            "\n[[talk]]\nspeaker = \"{speaker}\"\ntitle = \"{title}\"\ndeck = \"{deck}\"\nduration = \"{slot}\"\n"
        ));
    }
    let path = dir.join("lineup.toml");
    std::fs::write(&path, text).expect("lineup written");
    path
}
