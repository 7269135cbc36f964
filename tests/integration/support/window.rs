//! One `gong` with its window on the test X server, as every end-to-end test drives it,
//! whatever the command (`live`: `gong run`, `presenter`: `gong present`, `rehearser`:
//! `gong rehearse`, each a thin layer over this): started in a clean environment with
//! its traces and its sound captured into files of its own, keys sent through xdotool
//! (the same X events a clicker's USB keyboard sends), the screen read back with
//! ImageMagick's `import`, and every wait bounded, failing with what the show wrote, so
//! a hang reads as a clear failure rather than a stuck run. Killed when dropped.
//!
//! What happened is read from the show's own traces, never guessed after a sleep: the
//! frame trace (`GONG_FRAME_TRACE`: each change of screen), the paint trace
//! (`GONG_PAINT_TRACE`: each frame painted and the presses it answered) and the view
//! trace (`GONG_VIEW_TRACE`: each View shown).

use std::cell::{Cell, RefCell};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use image::RgbImage;
use serde_json::Value;

use super::{child, gong_binary, xvfb};

/// How long any one thing may take before the test gives up on it. Generous: a debug
/// build on two busy cores can take seconds to open its first window.
pub const PATIENCE: Duration = Duration::from_secs(30);
/// How long the frame answering a press may take to reach the screen: a debug build
/// under load can be that slow.
const SHOWN_PATIENCE: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(10);
/// Frame trace lines that mark a moment rather than a screen.
const MARKERS: [&str; 3] = ["FirstFrameShown", "GlyphsWarm", "DeckReloaded"];

/// The shared display, when Xvfb and the desktop tools the harness drives (xdotool,
/// ImageMagick's `import`) are installed. Without them the test skips, except under
/// `CI=true`, where it fails: a CI that skips these proves nothing.
pub fn display() -> Option<String> {
    let display = xvfb::display()?;
    let missing: Vec<&str> = [("xdotool", "version"), ("import", "-version")]
        .into_iter()
        .filter(|(tool, arg)| {
            let mut command = Command::new(tool);
            child::clean(&mut command).arg(arg);
            command
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .map(|(tool, _)| tool)
        .collect();
    if missing.is_empty() {
        return Some(display);
    }
    assert!(
        !xvfb::required(),
        "{} not installed and CI=true: install xdotool and imagemagick to run the end-to-end tests",
        missing.join(" and ")
    );
    eprintln!("{} not installed: skipping", missing.join(" and "));
    None
}

/// Where the frame trace last saw the show: the screen's name as the show calls it
/// (`UpNext`, `Talk`, `TimeUp`, `ThankYou`, `Summary`) and the talk's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub screen: String,
    pub talk: usize,
}

/// One line of the paint trace (see `window::trace`): a frame painted, in milliseconds
/// since the epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Painted {
    pub start: f64,
    pub shown: Option<f64>,
    pub inputs: usize,
    pub why: String,
}

/// The files of one run, beside each other in a folder of the test's. Numbered, so a
/// show started again in the same folder writes traces that start empty.
struct Files {
    frames: PathBuf,
    paint: PathBuf,
    views: PathBuf,
    stdout: PathBuf,
    stderr: PathBuf,
    sound: PathBuf,
}

impl Files {
    fn in_folder(folder: &Path) -> Files {
        let run = (0..)
            .find(|run| !folder.join(format!("frames.{run}.trace")).exists())
            .expect("a free run number");
        let name = |stem: &str, extension: &str| folder.join(format!("{stem}.{run}{extension}"));
        Files {
            frames: name("frames", ".trace"),
            paint: name("paint", ".trace"),
            views: name("views", ".jsonl"),
            stdout: name("stdout", ".txt"),
            stderr: name("stderr", ".txt"),
            sound: name("sound", ""),
        }
    }
}

/// One `gong COMMAND … --windowed` on a display.
pub struct Window {
    child: RefCell<Child>,
    display: String,
    files: Files,
    /// The file the command keeps its record in (a session log, a rehearsal record),
    /// shown when a test fails.
    record: PathBuf,
    /// Frames that answered input before the last press (`press_when_shown`).
    answered_before: Cell<Option<usize>>,
}

impl Window {
    /// Starts `gong ARGS --windowed` in `folder`, the size of the screen, writing its
    /// traces and its sound there, and returns once its window is on screen and under
    /// the pointer (with no window manager, focus follows the pointer). `record` is the
    /// file it keeps its record in.
    pub fn start<S: AsRef<OsStr>>(
        display: &str,
        folder: &Path,
        args: &[S],
        record: &Path,
    ) -> Window {
        let files = Files::in_folder(folder);
        let alsa = capture_sound(&files.sound);
        let stdout = std::fs::File::create(&files.stdout).expect("stdout file");
        let stderr = std::fs::File::create(&files.stderr).expect("stderr file");
        let mut command = Command::new(gong_binary());
        let child = child::clean(&mut command)
            .args(args)
            .arg("--windowed")
            .current_dir(folder)
            .env("DISPLAY", display)
            .env(
                "GONG_WINDOW_SIZE",
                format!("{}x{}", xvfb::SCREEN.0, xvfb::SCREEN.1),
            )
            .env("ALSA_CONFIG_PATH", &alsa)
            .env("GONG_FRAME_TRACE", &files.frames)
            .env("GONG_PAINT_TRACE", &files.paint)
            .env("GONG_VIEW_TRACE", &files.views)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .expect("gong starts");
        let window = Window {
            child: RefCell::new(child),
            display: display.to_string(),
            files,
            record: record.to_path_buf(),
            answered_before: Cell::new(None),
        };
        window.wait_until("the window on screen", PATIENCE, || {
            window
                .xdotool(&["search", "--onlyvisible", "--name", "^gong$"])
                .status
                .success()
        });
        let moved = window.xdotool(&["mousemove", "10", "10"]);
        assert!(moved.status.success(), "xdotool mousemove: {moved:?}");
        window
    }

    fn xdotool(&self, args: &[&str]) -> std::process::Output {
        child::xdotool(&self.display, args)
    }

    pub fn pid(&self) -> u32 {
        self.child.borrow().id()
    }

    /// How it exited, if it has.
    pub fn exited(&self) -> Option<ExitStatus> {
        self.child.borrow_mut().try_wait().ok().flatten()
    }

    /// Polls `done` until it holds, for at most `limit` or until the show exits (what it
    /// wrote no longer changes then); whether it held.
    pub fn poll(&self, limit: Duration, mut done: impl FnMut() -> bool) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if done() {
                return true;
            }
            if self.exited().is_some() {
                // It may have written the last of it on its way out.
                return done();
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Polls `done` until it holds; fails with everything known about the show if it
    /// does not within `limit`, or the show exits first.
    pub fn wait_until(&self, what: &str, limit: Duration, done: impl FnMut() -> bool) {
        if !self.poll(limit, done) {
            let why = match self.exited() {
                Some(status) => format!("gong exited ({status})"),
                None => format!("not within {limit:?}"),
            };
            panic!("gave up waiting for {what}: {why}\n{}", self.context());
        }
    }

    /// Presses and releases one key, named as X names it (`Right`, `space`, `Next`, `n`,
    /// `plus`); returns once xdotool has sent it, with how long sending took.
    pub fn key(&self, key: &str) -> Duration {
        let before = Instant::now();
        let output = self.xdotool(&["key", key]);
        assert!(
            output.status.success(),
            "xdotool key {key}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        before.elapsed()
    }

    /// Presses `key` until `done` holds (within three seconds of a press), for the first
    /// press after a start: a press that reaches the window before it takes input is
    /// lost. Safe only for keys that do nothing more once `done` holds.
    pub fn press_until(&self, key: &str, what: &str, mut done: impl FnMut() -> bool) {
        for _ in 0..10 {
            self.answered_before.set(Some(self.answered()));
            self.key(key);
            if self.poll(Duration::from_secs(3), &mut done) {
                return;
            }
        }
        panic!("{key} never led to {what}\n{}", self.context());
    }

    /// Every change of screen the frame trace holds, in order; the trace writes a line
    /// whenever a frame's screen (or talk) differs from the frame before, so a screen
    /// that lasted a single frame is there too. Marker lines name moments, not screens,
    /// and are left out: read as a screen, one would hide the frame before it.
    pub fn seen_all(&self) -> Vec<Seen> {
        std::fs::read_to_string(&self.files.frames)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let mut fields = line.split(' ');
                let _ms = fields.next()?;
                let screen = fields.next().filter(|name| !MARKERS.contains(name))?;
                let talk = fields.next()?.parse().ok()?;
                Some(Seen {
                    screen: screen.to_string(),
                    talk,
                })
            })
            .collect()
    }

    /// The screen of the latest frame that changed it.
    pub fn seen(&self) -> Option<Seen> {
        self.seen_all().pop()
    }

    /// Every screen the show has been on, in order, by name.
    pub fn screens(&self) -> Vec<String> {
        self.seen_all()
            .into_iter()
            .map(|seen| seen.screen)
            .collect()
    }

    /// Waits until the trace has shown `screen`; every screen so far.
    pub fn wait_for_screen(&self, screen: &str, limit: Duration) -> Vec<String> {
        self.wait_until(&format!("a {screen} frame"), limit, || {
            self.screens().iter().any(|seen| seen == screen)
        });
        self.screens()
    }

    /// Whether the frame trace has the marker `name` (`FirstFrameShown`, `GlyphsWarm`).
    fn marked(&self, name: &str) -> bool {
        std::fs::read_to_string(&self.files.frames)
            .unwrap_or_default()
            .lines()
            .any(|line| line.split(' ').nth(1) == Some(name))
    }

    /// Waits until the show has rasterised the glyphs of every card to come (its
    /// `GlyphsWarm` trace line): from then on a still card is still, and memory is
    /// measured from there.
    pub fn wait_warm(&self, limit: Duration) {
        self.wait_until("the glyphs of the cards to come warm", limit, || {
            self.marked("GlyphsWarm")
        });
    }

    /// The frame trace's path, for tests that read its lines whole.
    pub fn trace_path(&self) -> &Path {
        &self.files.frames
    }

    /// Every frame painted so far, by the paint trace.
    pub fn painted(&self) -> Vec<Painted> {
        std::fs::read_to_string(&self.files.paint)
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
        let mut value = None;
        self.wait_until("the frames painted to show it", PATIENCE, || {
            value = found(&self.painted());
            value.is_some()
        });
        value.expect("found a moment ago")
    }

    /// How many frames that answered input are on the screen (the paint trace knows
    /// their swap's end).
    fn answered(&self) -> usize {
        self.painted()
            .iter()
            .filter(|frame| frame.shown.is_some() && frame.inputs > 0)
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
            self.wait_until("a frame answering the press", SHOWN_PATIENCE, || {
                self.answered() > before
            });
        }
    }

    /// Every View the show has put on screen so far, in order: what the audience saw,
    /// read from outside the process.
    pub fn views(&self) -> Vec<Value> {
        records(&self.files.views)
            .into_iter()
            .map(|line| line["view"].clone())
            .collect()
    }

    /// Waits until a View on screen satisfies `seen`; that View.
    pub fn wait_view(&self, what: &str, seen: impl Fn(&Value) -> bool) -> Value {
        let mut found = None;
        self.wait_until(what, PATIENCE, || {
            found = self.views().into_iter().find(|view| seen(view));
            found.is_some()
        });
        found.expect("seen a moment ago")
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

    /// Where the sound device's capture goes (see `cues_in`).
    pub fn sound_path(&self) -> &Path {
        &self.files.sound
    }

    /// The samples written to the sound device so far (see `cues_in`).
    pub fn cues(&self) -> Vec<Vec<i16>> {
        cues_in(&self.files.sound)
    }

    /// Waits until at least `count` cues were written (the sound thread writes a moment
    /// after the show asked), then returns them all; fewer if they never come.
    pub fn wait_for_cues(&self, count: usize, limit: Duration) -> Vec<Vec<i16>> {
        self.poll(limit, || self.cues().len() >= count);
        self.cues()
    }

    /// Whether gong said at start-up that it will be silent (no ALSA library here).
    pub fn silent(&self) -> bool {
        self.stderr().contains("the show goes on in silence")
    }

    /// The show's standard error so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.files.stderr).unwrap_or_default()
    }

    /// Waits until gong's standard error says `text`.
    pub fn wait_said(&self, text: &str) {
        self.wait_until(&format!("gong to say {text:?}"), PATIENCE, || {
            self.stderr().contains(text)
        });
    }

    /// The show's resident memory now, in kB (`VmRSS` in /proc/PID/status).
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("/proc/PID/status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("a VmRSS line")
    }

    /// What a failure message shows: the record, the screens the show went through, the
    /// last frames painted, and what it printed.
    pub fn context(&self) -> String {
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        let paint = read(&self.files.paint);
        let last_painted: Vec<&str> = paint.lines().rev().take(8).collect();
        format!(
            "--- {}:\n{}--- frame trace:\n{}--- last frames painted, newest first:\n{}\n--- stdout:\n{}--- stderr:\n{}",
            self.record.display(),
            read(&self.record),
            read(&self.files.frames),
            last_painted.join("\n"),
            read(&self.files.stdout),
            read(&self.files.stderr)
        )
    }

    /// Waits for gong to exit by itself; its exit code. Fails if it is still running
    /// after `limit`.
    pub fn wait_for_exit(&self, limit: Duration) -> Option<i32> {
        self.wait_until("gong to exit", limit, || self.exited().is_some());
        self.exited().and_then(|status| status.code())
    }

    /// SIGKILL, as a crash or a power cut would end it; returns once it is gone.
    pub fn kill(&self) {
        let mut child = self.child.borrow_mut();
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An ALSA configuration that sends the default device to files in `folder`, one per
/// opening (`truncate false`: `cue.raw`, `cue.raw.0001`, …), so cues played apart stay
/// apart and what the show played can be read back.
fn capture_sound(folder: &Path) -> PathBuf {
    std::fs::create_dir_all(folder).expect("sound folder");
    let config = folder.with_extension("alsa.conf");
    std::fs::write(
        &config,
        format!(
            "pcm.!default {{ type file slave {{ pcm {{ type null }} }} file \"{}\" format \"raw\" truncate false }}\n",
            folder.join("cue.raw").display()
        ),
    )
    .expect("ALSA configuration written");
    config
}

/// The samples that reached the sound device captured in `folder`, one entry per opening
/// that wrote any (the start-up probe writes none), in the order ALSA numbered the files.
pub fn cues_in(folder: &Path) -> Vec<Vec<i16>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
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

/// A file of JSON lines read back, one value per line; a torn last line (being written)
/// is left out.
pub fn records(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}
