//! A real `gong rehearse` on the test X server, driven by xdotool as a speaker at home
//! drives it: its deck saved over while it runs, its record read back, killed when it
//! should be. Needs the X server from `xvfb.rs`, `xdotool` and `import` (see
//! `presenter::tools_present`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use image::RgbImage;
use serde_json::Value;

use super::{child, xvfb};

/// One `gong rehearse DECK.md --windowed --mute ARGS…` in a folder of the test's.
pub struct Rehearser {
    child: Child,
    display: String,
    dir: PathBuf,
    deck: PathBuf,
    trace: PathBuf,
    paint: PathBuf,
    stderr: PathBuf,
    /// Frames that answered input before the last press (`press_when_shown`).
    answered_before: std::cell::Cell<Option<usize>>,
}

impl Rehearser {
    /// Starts it on the deck at `deck` (in a folder that outlives it) and waits for its
    /// window.
    pub fn start(display: &str, deck: &Path, args: &[&str]) -> Rehearser {
        let dir = deck.parent().expect("the deck's folder").to_path_buf();
        let runs = std::fs::read_dir(&dir).map_or(0, |entries| entries.count());
        let trace = dir.join(format!("frames-{runs}.trace"));
        let stderr = dir.join(format!("stderr-{runs}"));
        let paint = dir.join(format!("paint-{runs}.trace"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_gong"));
        let child = child::clean(&mut command)
            .arg("rehearse")
            .arg(deck)
            .args(["--windowed", "--mute"])
            .args(args)
            .env("DISPLAY", display)
            .env(
                "GONG_WINDOW_SIZE",
                format!("{}x{}", xvfb::SCREEN.0, xvfb::SCREEN.1),
            )
            .env("GONG_FRAME_TRACE", &trace)
            .env("GONG_PAINT_TRACE", &paint)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).expect("stderr file"))
            .spawn()
            .expect("gong starts");
        let mut rehearser = Rehearser {
            child,
            display: display.to_string(),
            dir,
            deck: deck.to_path_buf(),
            trace,
            paint,
            stderr,
            answered_before: std::cell::Cell::new(None),
        };
        rehearser.wait_for_window();
        rehearser
    }

    fn wait_for_window(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self
            .xdotool(&["search", "--onlyvisible", "--name", "^gong$"])
            .status
            .success()
        {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "gong exited ({status}) before its window opened\n{}",
                    self.output()
                );
            }
            assert!(Instant::now() < deadline, "no window\n{}", self.output());
            std::thread::sleep(Duration::from_millis(50));
        }
        // No window manager: focus follows the pointer.
        self.xdotool(&["mousemove", "10", "10"]);
    }

    fn xdotool(&self, args: &[&str]) -> std::process::Output {
        child::xdotool(&self.display, args)
    }

    /// Presses one key (as X names it); returns when xdotool had sent it, and how long
    /// sending took.
    pub fn key(&self, key: &str) -> Duration {
        let before = Instant::now();
        let output = self.xdotool(&["key", key]);
        assert!(output.status.success(), "xdotool key {key}");
        before.elapsed()
    }

    /// Every frame painted so far: its start and, when known, the end of its swap, in
    /// milliseconds since the epoch, and how many presses it answered (`window::trace`).
    pub fn frames(&self) -> Vec<(f64, Option<f64>, usize)> {
        std::fs::read_to_string(&self.paint)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let mut fields = line.split(' ');
                let start = fields.next()?.parse().ok()?;
                let shown = fields.next()?.parse().ok();
                Some((start, shown, fields.next()?.parse().ok()?))
            })
            .collect()
    }

    /// How many frames that answered input are on the screen (the paint trace knows
    /// their swap's end).
    fn answered(&self) -> usize {
        std::fs::read_to_string(&self.paint)
            .unwrap_or_default()
            .lines()
            .filter(|line| {
                let fields: Vec<&str> = line.split(' ').collect();
                fields.len() == 4 && fields[1] != "-" && fields[2] != "0"
            })
            .count()
    }

    /// Presses `key` once the picture answering the press before is on the screen: the
    /// stage drops a press made while a slow frame had not yet shown the one before
    /// (README, Keys), and a debug build under load can be that slow. Returns when the
    /// key began to be sent, and how long sending took.
    pub fn press_when_shown(&self, key: &str) -> (Instant, Duration) {
        self.wait_shown();
        self.answered_before.set(Some(self.answered()));
        (Instant::now(), self.key(key))
    }

    /// Waits until the frame that answered the last press is on the screen.
    pub fn wait_shown(&self) {
        if let Some(before) = self.answered_before.get() {
            let deadline = Instant::now() + Duration::from_secs(60);
            while self.answered() <= before {
                assert!(
                    Instant::now() < deadline,
                    "no frame answered\n{}",
                    self.output()
                );
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    /// The record beside the deck.
    pub fn record_path(&self) -> PathBuf {
        let stem = self
            .deck
            .file_stem()
            .expect("a deck name")
            .to_string_lossy();
        self.dir.join(format!("{stem}.rehearsals.jsonl"))
    }

    /// Every whole line of the record so far.
    pub fn records(&self) -> Vec<Value> {
        std::fs::read_to_string(self.record_path())
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// Waits until the last record satisfies `test`; that record.
    pub fn wait_record(&self, what: &str, test: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(last) = self.records().last().filter(|last| test(last)) {
                return last.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no record where {what}\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The first press starts the run; a press that reaches the window before it takes
    /// input is lost, so press again until the record says the run began.
    pub fn go(&self) -> Value {
        for _ in 0..10 {
            self.answered_before.set(Some(self.answered()));
            self.key("Right");
            let deadline = Instant::now() + Duration::from_secs(2);
            while Instant::now() < deadline {
                if let Some(first) = self.records().last().filter(|r| r["ended"].is_null()) {
                    return first.clone();
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        panic!("the run never began\n{}", self.output());
    }

    /// Waits until gong's standard error says `text`.
    pub fn wait_said(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.stderr().contains(text) {
            assert!(
                Instant::now() < deadline,
                "never said {text:?}\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the frame trace has shown `screen` (`Talk`, `ThankYou`…).
    pub fn wait_for_screen(&self, screen: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !std::fs::read_to_string(&self.trace)
            .unwrap_or_default()
            .lines()
            .any(|line| line.split(' ').nth(1) == Some(screen))
        {
            assert!(Instant::now() < deadline, "no {screen}\n{}", self.output());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Saves `text` as the deck, as editors do: a new file renamed over the old one.
    pub fn save(&self, text: &str) {
        let fresh = self.dir.join(".deck.md.swp");
        std::fs::write(&fresh, text).expect("saved");
        std::fs::rename(&fresh, &self.deck).expect("renamed over the deck");
    }

    pub fn screenshot(&self) -> RgbImage {
        let mut command = Command::new("import");
        child::clean(&mut command)
            .args(["-window", "root", "png:-"])
            .env("DISPLAY", &self.display);
        let output = child::output_within(&mut command, child::TOOL_DEADLINE);
        assert!(output.status.success(), "import failed");
        image::load_from_memory(&output.stdout)
            .expect("import writes a PNG")
            .to_rgb8()
    }

    /// SIGKILL, as a crash or a closed laptop lid with a dead battery would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn wait_for_exit(&mut self) -> Option<i32> {
        child::wait_within(&mut self.child, Duration::from_secs(30)).and_then(|s| s.code())
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    pub fn output(&self) -> String {
        format!(
            "--- record:\n{}\n--- stderr:\n{}--- trace:\n{}",
            std::fs::read_to_string(self.record_path()).unwrap_or_default(),
            self.stderr(),
            std::fs::read_to_string(&self.trace).unwrap_or_default()
        )
    }
}

impl Drop for Rehearser {
    fn drop(&mut self) {
        self.kill();
    }
}
