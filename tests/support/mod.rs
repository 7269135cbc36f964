//! Runs the real `gong` binary and asserts on what a user would see, fluently:
//! `gong(["check", "talks/"]).succeeds().stdout_has_line("…")`.

use std::process::{Command, Output};

pub mod child;

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
    let mut command = Command::new(env!("CARGO_BIN_EXE_gong"));
    child::clean(&mut command)
        .envs(vars.iter().copied())
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    let output: Output = child::output_within(&mut command, child::DEADLINE);
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
