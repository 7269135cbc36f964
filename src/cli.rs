//! The command line: what the user typed (clap derive structs, public so the show, the
//! window and the exporter can take them as they are), what each command does, and the
//! one place where errors become exit codes (the only module that uses `anyhow`).
//! It owns no behaviour of its own beyond choosing the lineup `gong` runs by default.
//!
//! Exit codes: 0 fine, 1 problems found (`check`) or a command failed, 2 a usage error or
//! a command that is not available yet.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};

use crate::check::Checker;
use crate::duration::{DurationError, check_warnings, check_warnings_fire, parse_slot};
use crate::format::Format;
use crate::regular_file::read_text_limited;
use crate::screens::{ScreenChoice, ScreenChoiceError};

/// The largest session log `gong report` reads: a day of talks logs a few hundred
/// kilobytes; a path to a video or `/dev/zero` is refused rather than read into memory.
const MAX_REPORTED_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// Markdown slides under a hard lightning-talk countdown, with a queue of speakers.
#[derive(Debug, Parser)]
#[command(
    name = "gong",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "With no command, gong runs ./lineup.toml, else ./talks/lineup.toml (the demo)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Option<Action>,
    /// Options for the session `gong` runs when no command is given.
    #[command(flatten)]
    pub session: SessionOptions,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Action {
    /// Run a session: every talk in a lineup (or every *.md in a folder) in order
    Run(RunArgs),
    /// Present one deck with the countdown
    Present(PresentArgs),
    /// Practise a deck: presenter view, per-slide times, pacing and a report
    Rehearse(RehearseArgs),
    /// Check decks and lineups without opening a window; exit 1 on errors
    Check(CheckArgs),
    /// Write every slide of a deck as a PNG
    Export(ExportArgs),
    /// Add a late signup to the end of a lineup; a running show picks it up
    Add(AddArgs),
    /// Turn a session log or a rehearsal record into a report (Markdown, CSV, PNG)
    Report(ReportArgs),
    /// List the screens (monitors) the audience window can go on, numbered for --screen
    Screens,
}

/// How a talk is shown: shared by `run`, `present` and `rehearse`.
#[derive(Debug, Clone, Default, Args)]
pub struct ShowOptions {
    /// Open a window instead of going fullscreen
    #[arg(long)]
    pub windowed: bool,
    /// The slot length, e.g. 5m, 3m, 4m30s (at most 24h)
    // Hyphen values reach the parser, which says "cannot be negative", rather than
    // clap taking `-5m` for an unknown flag.
    #[arg(long, value_name = "DURATION", value_parser = parse_slot, allow_hyphen_values = true)]
    pub duration: Option<Duration>,
    /// Time left at which the clock warns, largest first: wrap-up, then final, e.g. 1m,30s
    #[arg(
        long,
        value_name = "DURATIONS",
        value_delimiter = ',',
        value_parser = parse_slot,
        allow_hyphen_values = true
    )]
    pub warnings: Option<Vec<Duration>>,
    /// dark, light, contrast, or a theme file
    #[arg(long, value_name = "dark|light|contrast|FILE")]
    pub theme: Option<String>,
    /// No chimes and no gong
    #[arg(long)]
    pub mute: bool,
    /// free: the speaker moves the slides; ignite: 20 x 15 s; pechakucha: 20 x 20 s
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// The screen for the audience, by name or number (`gong screens`); by default the
    /// largest one plugged into a laptop, else the primary
    #[arg(long, value_name = "NAME|N", value_parser = parse_screen, allow_hyphen_values = true)]
    pub screen: Option<ScreenChoice>,
}

fn parse_screen(text: &str) -> Result<ScreenChoice, ScreenChoiceError> {
    text.parse()
}

/// A session's options: the show's, plus its log.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct SessionOptions {
    #[command(flatten)]
    pub show: ShowOptions,
    /// The session log (JSON lines); by default beside the lineup
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Start a new session instead of resuming the one in the log
    #[arg(long)]
    pub fresh: bool,
}

#[derive(Debug, Clone, Default, Args)]
pub(crate) struct RunArgs {
    /// A lineup file, or a folder (every *.md in it, by file name)
    #[arg(value_name = "LINEUP.toml|DIR")]
    pub lineup: Option<PathBuf>,
    #[command(flatten)]
    pub session: SessionOptions,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct PresentArgs {
    #[arg(value_name = "DECK.md")]
    pub deck: PathBuf,
    #[command(flatten)]
    pub show: ShowOptions,
    /// Write the talk's events here as JSON lines, each flushed and synced
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct RehearseArgs {
    #[arg(value_name = "DECK.md")]
    pub deck: PathBuf,
    #[command(flatten)]
    pub show: ShowOptions,
    /// At 0:00 the slides leave, as on stage (without it, the run goes on in overtime)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct CheckArgs {
    /// Decks, lineups or folders (a folder: its lineup.toml, else every *.md)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object per file, one per line; a lineup's lists every talk's slot,
    /// format and theme
    #[arg(long)]
    pub json: bool,
    /// Check as `gong run --duration` would present the talks
    #[arg(long, value_name = "DURATION", value_parser = parse_slot, allow_hyphen_values = true)]
    pub duration: Option<Duration>,
    /// Check as `gong run --format` would present the talks
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Check as `gong run --theme` would present the talks
    #[arg(long, value_name = "dark|light|contrast|FILE")]
    pub theme: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ExportArgs {
    #[arg(value_name = "DECK.md")]
    pub deck: PathBuf,
    /// The folder the PNGs go into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// dark, light, contrast, or a theme file
    #[arg(long, value_name = "dark|light|contrast|FILE")]
    pub theme: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct AddArgs {
    #[arg(value_name = "LINEUP.toml")]
    pub lineup: PathBuf,
    #[arg(long)]
    pub speaker: String,
    #[arg(long)]
    pub title: String,
    /// The deck, relative to the lineup file
    #[arg(long, value_name = "DECK.md")]
    pub deck: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ReportArgs {
    /// A session log, or a deck's rehearsal record (DECK.rehearsals.jsonl)
    #[arg(value_name = "SESSION_LOG|REHEARSALS")]
    pub log: PathBuf,
    /// CSV instead of Markdown
    #[arg(long)]
    pub csv: bool,
    /// A rehearsal record's last run as a report card picture (needs an X server)
    #[arg(long, value_name = "FILE", conflicts_with = "csv")]
    pub png: Option<PathBuf>,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Failures the command line itself decides on; everything else arrives through anyhow.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error(
        "no lineup.toml here or in talks/: name one (`gong run LINEUP.toml`) or a folder of decks (`gong run DIR`)"
    )]
    NoLineup,
    /// Flags that parse one by one but cannot go together (`--warnings 5m,6m`).
    #[error("{flag}: {reason}")]
    Flags {
        flag: &'static str,
        reason: DurationError,
    },
}

impl ShowOptions {
    /// What no single flag's parser can see: the warnings as a list, and against the
    /// slot when `--duration` gives it for every talk. A slot that comes from a file is
    /// judged once it is read (`run`).
    fn check(&self) -> Result<(), CliError> {
        let Some(warnings) = &self.warnings else {
            return Ok(());
        };
        let flags = |reason| CliError::Flags {
            flag: "--warnings",
            reason,
        };
        check_warnings(warnings).map_err(|(_, reason)| flags(reason))?;
        check_warnings_fire(warnings, self.duration).map_err(flags)
    }
}

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Fine,
    /// It ran, and found problems the user must fix (`check` errors).
    Problems,
}

pub fn main() -> ExitCode {
    // clap prints its own usage errors and exits 2 (help and version: 0).
    let cli = Cli::parse();
    match run(cli) {
        Ok(Verdict::Fine) => ExitCode::SUCCESS,
        Ok(Verdict::Problems) => ExitCode::from(1),
        Err(error) => {
            eprintln!("{}", message(&error));
            ExitCode::from(exit_code(&error))
        }
    }
}

/// The one place errors become exit codes.
fn exit_code(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<CliError>() {
        Some(CliError::NoLineup | CliError::Flags { .. }) => 2,
        None => 1,
    }
}

/// The outermost message only: gong's errors already say their cause (`cannot read
/// talk.md: No such file…`), and printing the chain would say it twice.
fn message(error: &anyhow::Error) -> String {
    format!("gong: error: {error}")
}

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Verdict> {
    let show = match &cli.command {
        None => Some(&cli.session.show),
        Some(Action::Run(args)) => Some(&args.session.show),
        Some(Action::Present(args)) => Some(&args.show),
        Some(Action::Rehearse(args)) => Some(&args.show),
        _ => None,
    };
    if let Some(show) = show {
        show.check()?;
    }
    match cli.command {
        None => run_default(&cli.session),
        Some(Action::Run(args)) => run_session(&args),
        Some(Action::Present(args)) => present(&args),
        Some(Action::Rehearse(args)) => rehearse(&args),
        Some(Action::Check(args)) => check(&args),
        Some(Action::Export(args)) => export(&args),
        Some(Action::Add(args)) => add(&args),
        Some(Action::Report(args)) => report(&args),
        Some(Action::Screens) => screens(),
    }
}

/// `gong screens`: one line a monitor, numbered as `--screen N` counts them, the one the
/// audience window goes on by default marked.
fn screens() -> anyhow::Result<Verdict> {
    let monitors = crate::window::screens()?;
    let default = crate::screens::choose(&monitors, None)?;
    let mut out = std::io::stdout().lock();
    let width = monitors.iter().map(|m| m.name.len()).max().unwrap_or(0);
    for (at, monitor) in monitors.iter().enumerate() {
        let mut notes = Vec::new();
        if monitor.primary {
            notes.push("primary");
        }
        if at == default {
            notes.push("the audience's by default");
        }
        let line = format!(
            "{number}  {name:<width$}  {size:<9}  at +{x}+{y}  {notes}",
            number = at + 1,
            name = monitor.name,
            size = format!("{}x{}", monitor.width, monitor.height),
            x = monitor.x,
            y = monitor.y,
            notes = notes.join(", "),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(Verdict::Fine)
}

/// `gong` alone: the session in `./lineup.toml`, else the demo in `./talks/`.
fn run_default(session: &SessionOptions) -> anyhow::Result<Verdict> {
    let lineup = default_lineup(Path::new("."))?;
    run_session(&RunArgs {
        lineup: Some(lineup),
        session: session.clone(),
    })
}

/// `./lineup.toml`, else `./talks/lineup.toml`.
pub(crate) fn default_lineup(folder: &Path) -> anyhow::Result<PathBuf> {
    ["lineup.toml", "talks/lineup.toml"]
        .iter()
        .map(|name| folder.join(name))
        .find(|path| path.is_file())
        .map(|path| {
            path.strip_prefix("./")
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .ok_or_else(|| CliError::NoLineup.into())
}

fn run_session(args: &RunArgs) -> anyhow::Result<Verdict> {
    let target = match &args.lineup {
        Some(path) => path.clone(),
        None => default_lineup(Path::new("."))?,
    };
    crate::run::session(&target, &args.session, Instant::now())?;
    Ok(Verdict::Fine)
}

fn present(args: &PresentArgs) -> anyhow::Result<Verdict> {
    crate::run::single_talk(&args.deck, &args.show, args.log.as_deref(), Instant::now())?;
    Ok(Verdict::Fine)
}

fn rehearse(args: &RehearseArgs) -> anyhow::Result<Verdict> {
    crate::run::rehearse(&args.deck, &args.show, args.strict, Instant::now())?;
    Ok(Verdict::Fine)
}

fn export(args: &ExportArgs) -> anyhow::Result<Verdict> {
    let files = crate::run::export(&args.deck, &args.out, args.theme.as_deref())?;
    for file in &files {
        println!("{}", file.display());
    }
    Ok(Verdict::Fine)
}

fn add(args: &AddArgs) -> anyhow::Result<Verdict> {
    let deck = args
        .deck
        .as_ref()
        .map(|deck| deck.to_string_lossy().into_owned());
    let warnings =
        crate::signup::append_talk(&args.lineup, &args.speaker, &args.title, deck.as_deref())?;
    for warning in warnings {
        eprintln!("gong: warning: {warning}");
    }
    println!(
        "added {} — {} to {}",
        args.speaker,
        args.title,
        args.lineup.display()
    );
    Ok(Verdict::Fine)
}

fn report(args: &ReportArgs) -> anyhow::Result<Verdict> {
    let source = read_text_limited(&args.log, MAX_REPORTED_LOG_BYTES)
        .map_err(|error| anyhow::anyhow!("{} {error}", args.log.display()))?;
    let warn = |problems: &[crate::session_log::LineError]| {
        for problem in problems.iter().filter(|problem| !problem.torn) {
            eprintln!(
                "{}:{}:{}: warning: {}",
                args.log.display(),
                problem.line,
                problem.column,
                problem.message
            );
        }
    };
    // Told apart by what the file holds, not by its name.
    let text = if crate::rehearsal::record::is_rehearsal(&source) {
        let (runs, problems) = crate::rehearsal::record::read_runs(&source);
        warn(&problems);
        if let Some(png) = &args.png {
            let card = runs
                .len()
                .checked_sub(1)
                .and_then(|last| crate::rehearsal::compare::report_card(&runs, last))
                .ok_or_else(|| anyhow::anyhow!("{}: no run to draw", args.log.display()))?;
            crate::run::report_card_png(&card, png)?;
            println!("{}", png.display());
            return Ok(Verdict::Fine);
        }
        if args.csv {
            crate::report::rehearsals::csv(&runs)
        } else {
            crate::report::rehearsals::markdown(&runs)
        }
    } else {
        let (records, problems) = crate::session_log::read_log(&source);
        if records.is_empty() && !source.trim().is_empty() {
            anyhow::bail!(
                "{} is neither a session log nor a rehearsal record: no line of it is a gong record",
                args.log.display()
            );
        }
        if args.png.is_some() {
            anyhow::bail!(
                "--png draws a rehearsal's report card, and {} is a session log",
                args.log.display()
            );
        }
        warn(&problems);
        if args.csv {
            crate::report::csv(&records)
        } else {
            crate::report::markdown(&records)
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(Verdict::Fine)
}

fn check(args: &CheckArgs) -> anyhow::Result<Verdict> {
    let overrides = crate::talk::Overrides {
        duration: args.duration,
        format: args.format,
        theme: args.theme.clone(),
        warnings: None,
    };
    let checker = Checker::default()
        .with_overrides(overrides)
        .map_err(|error| anyhow::anyhow!("--theme: {error}"))?;
    let report = checker.check_paths(&args.paths);
    let text = if args.json {
        report.to_json_lines()
    } else {
        report.to_text()
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // `gong check talks/ | head` closing the pipe early is not a failure of the check.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => return Err(error.into()),
        _ => {}
    }
    Ok(if report.has_errors() {
        Verdict::Problems
    } else {
        Verdict::Fine
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn common_flags_parse_into_the_show_options() {
        let cli = Cli::try_parse_from([
            "gong",
            "present",
            "talk.md",
            "--windowed",
            "--duration",
            "3m",
            "--warnings",
            "1m,20s",
            "--theme",
            "light",
            "--mute",
            "--format",
            "pecha-kucha",
        ])
        .unwrap();
        let Some(Action::Present(args)) = cli.command else {
            panic!("not present: {cli:?}");
        };
        assert_eq!(args.deck, PathBuf::from("talk.md"));
        assert!(args.show.windowed && args.show.mute);
        assert_eq!(args.show.duration, Some(Duration::from_secs(180)));
        assert_eq!(
            args.show.warnings,
            Some(vec![Duration::from_secs(60), Duration::from_secs(20)])
        );
        assert_eq!(args.show.theme.as_deref(), Some("light"));
        assert_eq!(args.show.format, Some(Format::Pechakucha));
    }

    #[test]
    fn bare_gong_takes_session_flags() {
        let cli = Cli::try_parse_from(["gong", "--windowed", "--fresh"]).unwrap();
        assert!(cli.command.is_none());
        assert!(cli.session.show.windowed && cli.session.fresh);
    }

    #[test]
    fn durations_that_would_cut_a_speaker_off_are_refused() {
        assert!(Cli::try_parse_from(["gong", "present", "a.md", "--duration", "5"]).is_err());
        assert!(Cli::try_parse_from(["gong", "present", "a.md", "--duration", "0s"]).is_err());
    }

    fn refused(args: &[&str]) -> String {
        match Cli::try_parse_from(args) {
            Err(error) => error.to_string(),
            Ok(cli) => run(cli).map_or_else(|error| message(&error), |_| "ran".to_string()),
        }
    }

    #[test]
    fn a_negative_or_endless_duration_is_said_to_be_one() {
        let said = refused(&["gong", "present", "a.md", "--duration", "-5m"]);
        assert!(
            said.contains("`-5m`: a duration cannot be negative"),
            "{said}"
        );
        let said = refused(&["gong", "present", "a.md", "--warnings", "1m,-30s"]);
        assert!(
            said.contains("`-30s`: a duration cannot be negative"),
            "{said}"
        );
        let said = refused(&["gong", "run", "--duration", "18446744073709551615s"]);
        assert!(said.contains("longer than a day"), "{said}");
    }

    #[rstest::rstest]
    #[case(&["--warnings", "0s"], "`0s` is no time at all")]
    #[case(&["--warnings", "5m,6m"], "--warnings: warnings go largest first (wrap-up, then final): 6m is not shorter than 5m")]
    #[case(&["--warnings", "2m,1m,30s"], "--warnings: at most 2 warnings")]
    #[case(&["--duration", "5m", "--warnings", "10m"], "--warnings: the warning at 10m left can never fire in a 5m slot")]
    fn warnings_that_cannot_be_told_apart_or_cannot_fire_are_refused(
        #[case] flags: &[&str],
        #[case] says: &str,
    ) {
        let mut args = vec!["gong", "present", "missing.md"];
        args.extend(flags);
        let said = refused(&args);
        assert!(said.contains(says), "{said}");
        if let Ok(cli) = Cli::try_parse_from(&args) {
            let error = run(cli).unwrap_err();
            assert_eq!(exit_code(&error), 2, "a usage error");
        }
    }

    #[test]
    fn add_needs_a_speaker_and_a_title() {
        assert!(Cli::try_parse_from(["gong", "add", "lineup.toml", "--title", "x"]).is_err());
        assert!(Cli::try_parse_from(["gong", "add", "lineup.toml", "--speaker", "x"]).is_err());
        let cli = Cli::try_parse_from([
            "gong",
            "add",
            "l.toml",
            "--speaker",
            "Ada",
            "--title",
            "Twenty slides",
            "--deck",
            "a.md",
        ])
        .unwrap();
        let Some(Action::Add(args)) = cli.command else {
            panic!("not add: {cli:?}");
        };
        assert_eq!(args.speaker, "Ada");
        assert_eq!(args.title, "Twenty slides");
        assert_eq!(args.deck, Some(PathBuf::from("a.md")));
    }

    #[test]
    fn the_default_lineup_prefers_the_one_here() {
        let dir = tempfile::tempdir().unwrap();
        assert!(default_lineup(dir.path()).is_err());
        std::fs::create_dir(dir.path().join("talks")).unwrap();
        std::fs::write(dir.path().join("talks/lineup.toml"), "").unwrap();
        assert_eq!(
            default_lineup(dir.path()).unwrap(),
            dir.path().join("talks/lineup.toml")
        );
        std::fs::write(dir.path().join("lineup.toml"), "").unwrap();
        assert_eq!(
            default_lineup(dir.path()).unwrap(),
            dir.path().join("lineup.toml")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_report_of_what_is_no_log_file_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("session.jsonl");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        let (send, receive) = std::sync::mpsc::channel();
        let log = pipe.clone();
        std::thread::spawn(move || {
            let args = ReportArgs {
                log,
                csv: false,
                png: None,
                out: None,
            };
            send.send(report(&args).map_err(|error| error.to_string()))
        });
        let said = receive
            .recv_timeout(Duration::from_secs(20))
            .expect("reading the log blocked");
        assert_eq!(
            said,
            Err(format!(
                "{} is a named pipe, not a regular file",
                pipe.display()
            ))
        );
    }

    #[test]
    fn a_usage_error_is_exit_two_and_anything_else_one() {
        let error: anyhow::Error = CliError::NoLineup.into();
        assert_eq!(exit_code(&error), 2);
        assert!(message(&error).starts_with("gong: error: no lineup.toml here"));
        assert_eq!(exit_code(&anyhow::anyhow!("disk full")), 1);
    }
}
