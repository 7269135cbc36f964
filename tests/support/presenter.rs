//! A real `gong present` on the test X server, driven as people drive it: keys through
//! xdotool (the same X events a clicker's USB keyboard sends), the screen read back with
//! ImageMagick's `import`, the session log read back line by line, and the sound captured
//! by ALSA's `file` plugin into one file per opening of the device (one per batch of cues).
//!
//! Needs the X server from `xvfb.rs`, `xdotool` and `import`. Without them the tests skip,
//! except under `CI=true`, where they fail.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use image::RgbImage;
use serde_json::Value;

use super::{child, xvfb};

/// Whether the desktop tools are here; under `CI=true` a missing one fails the test.
pub fn tools_present() -> bool {
    let missing: Vec<&str> = [("xdotool", "version"), ("import", "-version")]
        .into_iter()
        .filter(|(tool, arg)| {
            Command::new(tool)
                .arg(arg)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .map(|(tool, _)| tool)
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        !xvfb::required(),
        "{} not installed and CI=true: install xdotool and imagemagick to run the clock tests",
        missing.join(" and ")
    );
    eprintln!("{} not installed: skipping", missing.join(" and "));
    false
}

/// One line of the window's paint trace (`GONG_PAINT_TRACE`, see `window::trace`):
/// a frame painted, in milliseconds since the epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Painted {
    pub start: f64,
    pub shown: Option<f64>,
    pub inputs: usize,
    pub why: String,
}

/// One `gong present` in a window the size of the screen, with its own deck, log and
/// sound capture in a temporary folder. Killed when dropped.
pub struct Presenter {
    child: Child,
    display: String,
    dir: tempfile::TempDir,
    log: PathBuf,
    trace: PathBuf,
}

impl Presenter {
    /// Starts `gong present DECK.md --windowed --log LOG ARGS…` and waits for its window.
    pub fn start(display: &str, deck: &str, args: &[&str]) -> Presenter {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let deck_path = dir.path().join("deck.md");
        std::fs::write(&deck_path, deck).expect("deck written");
        let log = dir.path().join("session.jsonl");
        let trace = dir.path().join("frames.trace");
        let capture = dir.path().join("sound");
        std::fs::create_dir(&capture).expect("capture folder");
        // `truncate false`: each opening of the device writes a file of its own
        // (`cue.raw`, `cue.raw.0001`, …), so cues played apart stay apart.
        let alsa = dir.path().join("alsa.conf");
        std::fs::write(
            &alsa,
            format!(
                "pcm.!default {{ type file slave {{ pcm {{ type null }} }} file \"{}\" format \"raw\" truncate false }}\n",
                capture.join("cue.raw").display()
            ),
        )
        .expect("ALSA configuration written");
        let stdout = std::fs::File::create(dir.path().join("stdout")).expect("stdout file");
        let stderr = std::fs::File::create(dir.path().join("stderr")).expect("stderr file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_gong"));
        let child = child::clean(&mut command)
            .arg("present")
            .arg(&deck_path)
            .arg("--windowed")
            .arg("--log")
            .arg(&log)
            .args(args)
            .env("DISPLAY", display)
            .env(
                "GONG_WINDOW_SIZE",
                format!("{}x{}", xvfb::SCREEN.0, xvfb::SCREEN.1),
            )
            .env("ALSA_CONFIG_PATH", &alsa)
            .env("GONG_FRAME_TRACE", &trace)
            .env("GONG_PAINT_TRACE", dir.path().join("paint.trace"))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .expect("gong starts");
        let mut presenter = Presenter {
            child,
            display: display.to_string(),
            dir,
            log,
            trace,
        };
        presenter.wait_for_window();
        presenter
    }

    fn wait_for_window(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = self
                .xdotool(&["search", "--onlyvisible", "--name", "^gong$"])
                .status
                .success();
            if found {
                break;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "gong exited ({status}) before its window opened\n{}",
                    self.output()
                );
            }
            assert!(
                Instant::now() < deadline,
                "no gong window after 30 s\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // No window manager: focus follows the pointer.
        self.xdotool(&["mousemove", "10", "10"]);
    }

    fn xdotool(&self, args: &[&str]) -> std::process::Output {
        child::xdotool(&self.display, args)
    }

    /// Presses and releases one key, named as X names it (`Right`, `space`, `Next`, `n`,
    /// `plus`).
    pub fn key(&self, key: &str) {
        let output = self.xdotool(&["key", key]);
        assert!(
            output.status.success(),
            "xdotool key {key}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The speaker's first forward press starts the talk. A press that reaches the window
    /// before it takes input is lost, so press again until the log says it started.
    pub fn go(&self) -> Value {
        for _ in 0..10 {
            self.key("Right");
            if let Some(started) = self.wait_for_quietly("talk_started", Duration::from_secs(2)) {
                return started;
            }
        }
        panic!("the talk never started\n{}", self.output());
    }

    /// Every complete line of the log so far (the line being written may be torn), but
    /// the `slide_shown` records: these tests are about the clock and its moments, and
    /// which slide was up is the session tests' to check.
    pub fn records(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        text.lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|record| record["event"] != "slide_shown")
            .collect()
    }

    fn wait_for_quietly(&self, event: &str, timeout: Duration) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self
                .records()
                .into_iter()
                .find(|record| record["event"] == event);
            if found.is_some() || Instant::now() >= deadline {
                return found;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The first `event` line in the log, waiting up to `timeout` for it.
    pub fn wait_for(&self, event: &str, timeout: Duration) -> Value {
        self.wait_for_quietly(event, timeout)
            .unwrap_or_else(|| panic!("no {event} within {timeout:?}\n{}", self.output()))
    }

    /// Every screen the show has been on, in order, as its frame trace names them
    /// (`UpNext`, `Talk`, `TimeUp`, `ThankYou`, `Summary`); the trace writes a line
    /// whenever a frame's screen differs from the frame before, so a screen that lasted a
    /// single frame is there too. Marker lines name moments, not screens, and are left out.
    pub fn screens(&self) -> Vec<String> {
        const MARKERS: [&str; 2] = ["FirstFrameShown", "GlyphsWarm"];
        std::fs::read_to_string(&self.trace)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split(' ').nth(1))
            .filter(|name| !MARKERS.contains(name))
            .map(str::to_string)
            .collect()
    }

    /// Waits until the trace has shown `screen`; every screen so far.
    pub fn wait_for_screen(&self, screen: &str, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let screens = self.screens();
            if screens.iter().any(|seen| seen == screen) {
                return screens;
            }
            assert!(
                Instant::now() < deadline,
                "no {screen} frame within {timeout:?}\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Every frame painted so far, by the paint trace.
    pub fn painted(&self) -> Vec<Painted> {
        std::fs::read_to_string(self.dir.path().join("paint.trace"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split(' ').collect();
                let [start, shown, inputs, why] = fields[..] else {
                    return None;
                };
                Some(Painted {
                    start: start.parse().ok()?,
                    shown: shown.parse().ok(),
                    inputs: inputs.parse().ok()?,
                    why: why.to_string(),
                })
            })
            .collect()
    }

    /// Waits until `found` finds something in the frames painted so far.
    pub fn wait_painted<T>(&self, found: impl Fn(&[Painted]) -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(value) = found(&self.painted()) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "the frames painted never showed what was waited for\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the show has rasterised the glyphs of every card to come (the
    /// `GlyphsWarm` trace line): from then on a still card is still.
    pub fn wait_warm(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !std::fs::read_to_string(&self.trace)
            .unwrap_or_default()
            .contains(" GlyphsWarm ")
        {
            assert!(
                Instant::now() < deadline,
                "the glyphs were not warm within {timeout:?}\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The whole screen now.
    pub fn screenshot(&self) -> RgbImage {
        let mut command = Command::new("import");
        child::clean(&mut command)
            .args(["-window", "root", "png:-"])
            .env("DISPLAY", &self.display);
        let output = child::output_within(&mut command, child::TOOL_DEADLINE);
        assert!(
            output.status.success(),
            "import: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        image::load_from_memory(&output.stdout)
            .expect("import writes a PNG")
            .to_rgb8()
    }

    /// The samples written to the sound device, one entry per opening that wrote any
    /// (the start-up probe writes none), in the order ALSA numbered the files.
    pub fn cues(&self) -> Vec<Vec<i16>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join("sound"))
            .expect("capture folder")
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| std::fs::read(path).unwrap_or_default())
            .filter(|bytes| !bytes.is_empty())
            .map(|bytes| {
                bytes
                    .chunks_exact(2)
                    .map(|pair| i16::from_ne_bytes([pair[0], pair[1]]))
                    .collect()
            })
            .collect()
    }

    /// Waits until at least `count` cues were written (the sound thread writes a moment
    /// after the show asked), then returns them all.
    pub fn wait_for_cues(&self, count: usize, timeout: Duration) -> Vec<Vec<i16>> {
        let deadline = Instant::now() + timeout;
        loop {
            let cues = self.cues();
            if cues.len() >= count || Instant::now() >= deadline {
                return cues;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether gong said at start-up that it will be silent (no ALSA library here).
    pub fn silent(&self) -> bool {
        self.stderr().contains("the show goes on in silence")
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stderr")).unwrap_or_default()
    }

    /// What gong printed and logged, for failure messages.
    pub fn output(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.dir.path().join(name));
        format!(
            "--- log:\n{}--- screens: {:?}\n--- stdout:\n{}--- stderr:\n{}--- painted:\n{}",
            std::fs::read_to_string(&self.log).unwrap_or_default(),
            self.screens(),
            read("stdout").unwrap_or_default(),
            read("stderr").unwrap_or_default(),
            read("paint.trace").unwrap_or_default()
        )
    }

    /// Waits for gong to exit by itself; its exit code.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "gong still running after {timeout:?}\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Presenter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
