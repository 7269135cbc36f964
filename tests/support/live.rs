//! A real `gong run` under Xvfb, driven as an organiser drives it: keys through xdotool,
//! and what happened read back from the session log and the frame trace
//! (`GONG_FRAME_TRACE`), never from sleeps. Every wait has a deadline and fails with the
//! log, the trace and the show's stderr, so a hang reads as a clear failure.
//!
//! Needs `#[path = "support/xvfb.rs"] mod xvfb;` next to it in the test crate.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{child, xvfb};

/// How long any one thing may take before the test gives up on it. Generous: a debug
/// build on two busy cores can take seconds to open its first window.
const PATIENCE: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(25);
/// Trace lines that mark a moment rather than a screen.
const MARKERS: [&str; 2] = ["FirstFrameShown", "GlyphsWarm"];

/// The display to run on, when both Xvfb and xdotool are installed. Without them the
/// test skips, except under `CI=true`, where it fails: a CI that skips these proves
/// nothing.
pub fn display() -> Option<String> {
    let display = xvfb::display()?;
    let xdotool = Command::new("xdotool")
        .arg("version")
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !xdotool {
        assert!(
            !xvfb::required(),
            "xdotool is not installed and CI=true: install xdotool"
        );
        eprintln!("xdotool is not installed: skipping the live session tests");
        return None;
    }
    Some(display)
}

/// The `gong` binary these tests were built with, linked once per test run: a build
/// sharing the target folder may replace the original while the tests run, and a
/// restarted show must be the same program as the one it resumes from. A hard link keeps
/// the file the tests started with at no cost in space (cargo replaces a binary, it does
/// not write into it); a copy only where linking fails. Links and copies left by earlier
/// runs (whose process is gone) are removed.
pub fn gong_binary() -> PathBuf {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = name
                .strip_prefix("session-gong-")
                .is_some_and(|pid| !Path::new("/proc").join(pid).exists());
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let path = dir.join(format!("session-gong-{}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let original = env!("CARGO_BIN_EXE_gong");
        if std::fs::hard_link(original, &path).is_err() {
            std::fs::copy(original, &path).expect("gong copied");
        }
        path
    })
    .clone()
}

/// Runs `gong ARGS` to completion (no window): `gong add`, `gong report`.
pub fn gong(args: &[&str]) -> std::process::Output {
    let mut command = Command::new(gong_binary());
    child::clean(&mut command).args(args);
    child::output_within(&mut command, child::DEADLINE)
}

/// `talks/lineup.toml` → `talks/lineup.session.jsonl`, as `gong run` names it.
pub fn log_beside(lineup: &Path) -> PathBuf {
    let stem = lineup.file_stem().expect("a file name").to_string_lossy();
    lineup.with_file_name(format!("{stem}.session.jsonl"))
}

/// Where the show stands, as the frame trace last saw it: the screen's name as the show
/// calls it (`UpNext`, `Talk`, `TimeUp`, `ThankYou`, `Summary`) and the talk's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub screen: String,
    pub talk: usize,
}

/// One `gong run LINEUP --windowed` process.
pub struct LiveShow {
    child: Option<Child>,
    display: String,
    lineup: PathBuf,
    log: PathBuf,
    trace: PathBuf,
    stderr: PathBuf,
    sound: PathBuf,
    views: PathBuf,
}

impl LiveShow {
    /// Starts the show and waits until its window is up, on screen and under the pointer
    /// (with no window manager, focus follows the pointer).
    pub fn start(display: &str, lineup: &Path, extra: &[&str]) -> LiveShow {
        let dir = lineup.parent().expect("the lineup's folder");
        let runs = std::fs::read_dir(dir)
            .map(|entries| entries.count())
            .unwrap_or(0);
        // A file per run, so a restarted show's trace starts empty.
        let trace = dir.join(format!("frames.{runs}.trace"));
        let stderr = dir.join(format!("stderr.{runs}.txt"));
        let stderr_file = std::fs::File::create(&stderr).expect("stderr file");
        let sound = dir.join(format!("sound.{runs}"));
        let views = dir.join(format!("views.{runs}.jsonl"));
        let alsa = capture_sound(&sound);
        let mut args = vec!["run", lineup.to_str().expect("UTF-8 path"), "--windowed"];
        args.extend_from_slice(extra);
        let mut command = Command::new(gong_binary());
        let child = child::clean(&mut command)
            .args(&args)
            .current_dir(dir)
            .env("DISPLAY", display)
            .env(
                "GONG_WINDOW_SIZE",
                format!("{}x{}", xvfb::SCREEN.0, xvfb::SCREEN.1),
            )
            .env("GONG_FRAME_TRACE", &trace)
            .env("ALSA_CONFIG_PATH", &alsa)
            .env("GONG_VIEW_TRACE", &views)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr_file)
            .spawn()
            .expect("gong run starts");
        let show = LiveShow {
            child: Some(child),
            display: display.to_string(),
            lineup: lineup.to_path_buf(),
            log: log_beside(lineup),
            trace,
            stderr,
            sound,
            views,
        };
        show.wait_until("the first frame", || show.seen().is_some());
        show.wait_until("the window on screen", || {
            Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", "^gong$"])
                .env("DISPLAY", &show.display)
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        });
        show.xdotool(&["mousemove", "10", "10"]);
        // The window takes keys a few frames after it is mapped; `press_until` retries
        // the first key in case this was not long enough.
        std::thread::sleep(Duration::from_millis(300));
        show
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    pub fn log_path(&self) -> &Path {
        &self.log
    }

    pub fn trace_path(&self) -> &Path {
        &self.trace
    }

    fn xdotool(&self, args: &[&str]) {
        let output = child::xdotool(&self.display, args);
        assert!(output.status.success(), "xdotool {args:?} failed");
    }

    /// Sends one key, by its X name (`Right`, `space`, `n`, `s`, `l`, `Escape`).
    pub fn press(&self, key: &str) {
        self.xdotool(&["key", key]);
    }

    /// Sends `key` until the show is on `screen` for talk `talk`; for the first key after
    /// a start, which a window still settling may miss. Safe only for keys that do
    /// nothing more on the screen they lead to.
    pub fn press_until(&self, key: &str, screen: &str, talk: usize) {
        for _ in 0..3 {
            self.press(key);
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if self.is_on(screen, talk) {
                    return;
                }
                self.check_alive();
                std::thread::sleep(POLL);
            }
        }
        self.wait_screen(screen, talk);
    }

    fn is_on(&self, screen: &str, talk: usize) -> bool {
        self.seen()
            .is_some_and(|seen| seen.screen == screen && seen.talk == talk)
    }

    /// The screen of the latest frame that changed it. Marker lines (the first frame
    /// shown, glyphs warm) name no screen: they come after a frame's own line, and
    /// reading them as a screen would hide that frame.
    pub fn seen(&self) -> Option<Seen> {
        let text = std::fs::read_to_string(&self.trace).ok()?;
        let line = text.lines().rev().find(|line| {
            line.split(' ').count() >= 3
                && line
                    .split(' ')
                    .nth(1)
                    .is_some_and(|name| !MARKERS.contains(&name))
        })?;
        let mut fields = line.split(' ');
        let _ms = fields.next()?;
        let screen = fields.next()?.to_string();
        let talk = fields.next()?.parse().ok()?;
        Some(Seen { screen, talk })
    }

    /// Waits until a frame shows `screen` for talk `talk`.
    /// Waits until the show says every glyph of the cards to come is rasterised (its
    /// `GlyphsWarm` trace line): the settled state memory is measured from.
    pub fn wait_glyphs_warm(&self) {
        self.wait_until("the glyphs of the cards to come warm", || {
            std::fs::read_to_string(&self.trace)
                .is_ok_and(|text| text.lines().any(|line| line.contains(" GlyphsWarm ")))
        });
    }

    pub fn wait_screen(&self, screen: &str, talk: usize) {
        self.wait_until(&format!("{screen} for talk {talk}"), || {
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
            || count_events(&self.records(), event, position) >= count,
        );
        self.records()
    }

    /// Polls `done` until it holds; fails with everything known about the show if it
    /// never does, or if the show exits meanwhile.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if done() {
                return;
            }
            self.check_alive();
            assert!(
                Instant::now() < deadline,
                "gave up waiting for {what}\n{}",
                self.context()
            );
            std::thread::sleep(POLL);
        }
    }

    fn check_alive(&self) {
        // An exited child that is not reaped yet is a zombie: state `Z` in /proc.
        let state = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()))
            .ok()
            .and_then(|stat| {
                let after_name = stat.rsplit(')').next()?.trim_start().to_string();
                after_name.chars().next()
            });
        let running = self.child.is_some() && state.is_some_and(|state| state != 'Z');
        assert!(running, "gong exited\n{}", self.context());
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

    /// What a failure message shows: the log, the end of the trace and stderr.
    pub fn context(&self) -> String {
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        let trace = read(&self.trace);
        let tail: Vec<&str> = trace.lines().rev().take(8).collect();
        format!(
            "--- lineup {}\n--- log:\n{}--- trace (last lines, newest first):\n{}\n--- stderr:\n{}",
            self.lineup.display(),
            read(&self.log),
            tail.join("\n"),
            read(&self.stderr)
        )
    }

    /// Every View the show has put on screen so far, in order (`GONG_VIEW_TRACE`): what
    /// the audience saw, read from outside the process.
    pub fn views(&self) -> Vec<Value> {
        records(&self.views)
            .into_iter()
            .map(|line| line["view"].clone())
            .collect()
    }

    /// Waits until a View on screen satisfies `seen`; that View.
    pub fn wait_view(&self, what: &str, seen: impl Fn(&Value) -> bool) -> Value {
        self.wait_until(what, || self.views().iter().any(&seen));
        self.views()
            .into_iter()
            .find(|view| seen(view))
            .expect("seen a moment ago")
    }

    /// Where the sound device's capture goes (see `cues_in`).
    pub fn sound_path(&self) -> &Path {
        &self.sound
    }

    /// The show's stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// SIGKILL, as a power cut or a crash would end it; waits until it is gone.
    pub fn kill(mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    /// Presses `q` (twice, unless on the summary) and waits for a clean exit.
    pub fn quit(mut self) {
        self.press("q");
        if !self.is_on("Summary", self.seen().map_or(0, |seen| seen.talk)) {
            self.press("q");
        }
        let mut child = self.child.take().expect("running");
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("gong did not quit on q\n{}", self.context());
            }
            std::thread::sleep(POLL);
        };
        assert!(
            status.success(),
            "gong exited with {status}\n{}",
            self.context()
        );
    }
}

impl Drop for LiveShow {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// How many batches of samples reached the sound device captured in `folder` (ALSA's
/// `file` plugin writes one file per opening that played anything; the start-up probe
/// plays nothing).
pub fn cues_in(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.metadata().is_ok_and(|m| m.len() > 0))
                .count()
        })
        .unwrap_or(0)
}

/// An ALSA configuration that sends the default device to files under `folder`, one per
/// opening (`truncate false`), so what the show played can be counted.
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

/// A session log read back, one JSON value per line (a torn last line is left out).
pub fn records(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
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
