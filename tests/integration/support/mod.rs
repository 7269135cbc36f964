//! The one harness of the integration tests. Here: the real `gong` binary run to its
//! end, asserted on as a user would read it, fluently:
//! `gong(["check", "talks/"]).succeeds().stdout_has_line("…")`. Beside it: `child` (the
//! clean environment and deadline of every process a test starts), `xvfb` (the X
//! servers), `window` (a `gong` with its window on one, driven and read back) and the
//! thin layers over it for `run` (`live`), `present` (`presenter`) and `rehearse`
//! (`rehearser`).

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub mod child;
pub mod live;
pub mod presenter;
pub mod rehearser;
pub mod window;
pub mod xvfb;

/// The machine's cores, as the tests of this one process share them. A test with a
/// window on a display asserts on its frames and on moments of its clock, and those hold
/// on a machine doing little else: as they did when each kind of test was a binary of
/// its own, run one after another, and the window tests of a binary took turns. So a
/// test that keeps cores busy (programs it starts, a fuzzer, a corpus laid out) takes a
/// share of them (`busy_cores`), and a test's turn on a display takes them all
/// (`xvfb::Turn`): never both at once. A test that already holds either (a session test
/// running `gong report`) takes nothing more: `HOLDING` says so for its thread, which
/// is the test's own.
static CORES: RwLock<()> = RwLock::new(());

thread_local! {
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// A hold on the machine's cores, shared or whole, or nothing when the test held one
/// already; let go when dropped.
pub struct Cores {
    _share: Option<RwLockReadGuard<'static, ()>>,
    _all: Option<RwLockWriteGuard<'static, ()>>,
    /// Whether this is the hold that set `HOLDING` (and clears it).
    first: bool,
}

/// A share of the cores, for a test that keeps them busy (see `CORES`).
pub fn busy_cores() -> Cores {
    let first = !HOLDING.replace(true);
    Cores {
        _share: first.then(|| {
            CORES
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        }),
        _all: None,
        first,
    }
}

/// Every core, for a test whose window's frames and clock are asserted on (see `CORES`).
pub fn all_cores() -> Cores {
    let first = !HOLDING.replace(true);
    Cores {
        _share: None,
        _all: first.then(|| {
            CORES
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        }),
        first,
    }
}

impl Drop for Cores {
    fn drop(&mut self) {
        if self.first {
            HOLDING.set(false);
        }
    }
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

/// What one run of `gong` printed and how it exited.
pub struct Run {
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// Runs `gong` from the package root, so fixture paths read as `tests/fixtures/…`, in a
/// clean environment: no display (none of these commands opens a window, and one that
/// would must say so before touching anything), no sound configuration, and a deadline.
pub fn gong<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    gong_with(args, &[])
}

/// `gong` as above, with these variables set on top of the clean environment.
pub fn gong_with<I, S>(args: I, vars: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_string()).collect();
    let mut command = Command::new(gong_binary());
    child::clean(&mut command)
        .envs(vars.iter().copied())
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    let output: Output = {
        let _cores = busy_cores();
        child::output_within(&mut command, child::DEADLINE)
    };
    Run {
        args,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

impl Run {
    fn context(&self) -> String {
        format!(
            "gong {}\n--- exit: {:?}\n--- stdout:\n{}--- stderr:\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    pub fn exits(self, code: i32) -> Self {
        assert_eq!(self.code, Some(code), "wrong exit code\n{}", self.context());
        self
    }

    pub fn succeeds(self) -> Self {
        self.exits(0)
    }

    pub fn stdout_is(self, expected: &str) -> Self {
        assert_eq!(self.stdout, expected, "\n{}", self.context());
        self
    }

    pub fn stdout_has_line(self, line: &str) -> Self {
        assert!(
            self.stdout.lines().any(|l| l == line),
            "no line {line:?}\n{}",
            self.context()
        );
        self
    }

    pub fn stdout_has_line_starting(self, start: &str) -> Self {
        assert!(
            self.stdout.lines().any(|l| l.starts_with(start)),
            "no line starting {start:?}\n{}",
            self.context()
        );
        self
    }

    pub fn stdout_lacks(self, text: &str) -> Self {
        assert!(
            !self.stdout.contains(text),
            "unexpected {text:?}\n{}",
            self.context()
        );
        self
    }

    /// Fails unless `text` stands exactly `times` times in standard error.
    pub fn stderr_has_times(self, text: &str, times: usize) -> Self {
        assert_eq!(
            self.stderr.matches(text).count(),
            times,
            "stderr should hold {text:?} {times} time(s)\n{}",
            self.context()
        );
        self
    }

    pub fn stderr_has(self, text: &str) -> Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}\n{}",
            self.context()
        );
        self
    }

    /// The last line: `checked N files: E errors, W warnings`.
    pub fn summary_is(self, expected: &str) -> Self {
        assert_eq!(
            self.stdout.lines().last(),
            Some(expected),
            "\n{}",
            self.context()
        );
        self
    }

    /// Every stdout line parsed as one JSON object.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|error| panic!("{error} in {line:?}\n{}", self.context()))
            })
            .collect()
    }
}
