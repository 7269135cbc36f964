//! The `gong` binary as users run it: `check` on the demo and on broken fixtures, the
//! help, and the command that is not built yet. Commands that open a window are tested
//! where a display is set up.

use crate::support::{gong, gong_binary, gong_with};

const FIXTURES: &str = "tests/fixtures/check";

fn fixture(path: &str) -> String {
    format!("{FIXTURES}/{path}")
}

#[test]
fn the_demo_talks_pass_the_check() {
    gong(["check", "talks/"])
        .succeeds()
        .stdout_is("checked 5 files: 0 errors, 0 warnings\n");
}

#[test]
fn the_demo_reports_its_slides_as_json() {
    let run = gong(["check", "--json", "talks"]).succeeds();
    let files = run.json_lines();
    let slides: Vec<(String, serde_json::Value)> = files
        .iter()
        .map(|file| {
            (
                file["path"].as_str().unwrap().to_string(),
                file["slides"].clone(),
            )
        })
        .collect();
    assert_eq!(
        slides[0],
        ("talks/lineup.toml".to_string(), serde_json::Value::Null)
    );
    assert_eq!(
        slides
            .iter()
            .map(|(path, _)| path.as_str())
            .collect::<Vec<_>>(),
        [
            "talks/lineup.toml",
            "talks/gong-tour.md",
            "talks/kafka.md",
            "talks/ignite.md",
            "talks/pictures.md"
        ]
    );
    assert_eq!(
        slides[3].1, 20,
        "the Ignite deck must have exactly 20 slides"
    );
    for file in &files {
        assert_eq!(file["errors"], serde_json::json!([]), "{file}");
        assert_eq!(file["warnings"], serde_json::json!([]), "{file}");
    }
}

#[test]
fn a_lineup_key_typo_points_at_its_line_and_suggests_the_key() {
    gong(["check", &fixture("bad-lineup")])
        .exits(1)
        .stdout_is(&format!(
            "{}:8:1: error: unknown key `speeker`, did you mean `speaker`?\n\
             checked 1 file: 1 error, 0 warnings\n",
            fixture("bad-lineup/lineup.toml")
        ));
}

#[test]
fn a_missing_deck_is_reported_on_the_lineup_line_that_names_it() {
    gong(["check", &fixture("missing-deck/lineup.toml")])
        .exits(1)
        .stdout_is(&format!(
            "{}:9:8: error: the deck of Grace ({}) does not exist\n\
             checked 2 files: 1 error, 0 warnings\n",
            fixture("missing-deck/lineup.toml"),
            fixture("missing-deck/nowhere.md")
        ));
}

#[test]
fn images_are_judged_by_their_bytes_not_their_names() {
    let deck = fixture("images/deck.md");
    gong(["check", &deck])
        .exits(1)
        .stdout_is(&format!(
            "{deck}:9:22: error: image `pics/nope.png` does not exist\n\
             {deck}:11:27: error: image `pics/fake.png` is a text file, not a PNG or JPEG\n\
             checked 1 file: 2 errors, 0 warnings\n"
        ))
        // A PNG saved as .jpg is still a picture gong can show.
        .stdout_lacks("really-a-png.jpg");
}

#[test]
fn an_empty_deck_is_an_error() {
    let deck = fixture("decks/empty.md");
    gong(["check", &deck]).exits(1).stdout_is(&format!(
        "{deck}:1:1: error: the file is empty: there is nothing to show\n\
             checked 1 file: 1 error, 0 warnings\n"
    ));
}

#[test]
fn a_binary_deck_is_an_error_at_its_first_nul() {
    let deck = fixture("decks/binary.md");
    gong(["check", &deck]).exits(1).stdout_is(&format!(
        "{deck}:1:5: error: this looks like a binary file, not Markdown (it holds a NUL byte)\n\
             checked 1 file: 1 error, 0 warnings\n"
    ));
}

#[test]
fn a_deck_that_is_not_utf8_is_an_error() {
    let deck = fixture("decks/not-utf8.md");
    gong(["check", &deck]).exits(1).stdout_is(&format!(
        "{deck}:1:6: error: not UTF-8 text: byte 5 is invalid; save the file as UTF-8\n\
             checked 1 file: 1 error, 0 warnings\n"
    ));
}

#[test]
fn a_file_that_does_not_exist_is_an_error() {
    let deck = fixture("decks/no-such-deck.md");
    gong(["check", &deck]).exits(1).stdout_is(&format!(
        "{deck}: error: the file does not exist\nchecked 1 file: 1 error, 0 warnings\n"
    ));
}

#[test]
fn an_ignite_deck_of_nineteen_slides_is_warned_about() {
    let deck = fixture("decks/ignite-19.md");
    gong(["check", &deck])
        .succeeds()
        .stdout_is(&format!(
            "{deck}:1:1: warning: this deck's format is ignite: 20 slides of 15s each, but it shows 19\n\
             checked 1 file: 0 errors, 1 warning\n"
        ));
}

#[test]
fn unterminated_front_matter_is_an_error() {
    let deck = fixture("decks/unterminated.md");
    // The message is the parser's; check must place it at the opening `---` and fail.
    gong(["check", &deck])
        .exits(1)
        .stdout_has_line_starting(&format!("{deck}:1:1: error: "))
        .summary_is("checked 1 file: 1 error, 0 warnings");
}

#[test]
fn a_stray_break_and_an_unknown_front_matter_key_are_warnings() {
    let deck = fixture("decks/stray-break.md");
    gong(["check", &deck])
        .succeeds()
        .stdout_has_line_starting(&format!("{deck}:3:1: warning: "))
        .stdout_has_line(&format!(
            "{deck}:9:1: warning: slide 2 has nothing on it (a stray `---`?)"
        ))
        .summary_is("checked 1 file: 0 errors, 2 warnings");
}

#[test]
fn a_folder_without_a_lineup_checks_every_deck_in_it() {
    let run = gong(["check", "--json", &fixture("decks")]).exits(1);
    let files = run.json_lines();
    let paths: Vec<&str> = files.iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            "binary.md",
            "empty.md",
            "ignite-19.md",
            "not-utf8.md",
            "stray-break.md",
            "unterminated.md"
        ]
        .map(|name| fixture(&format!("decks/{name}")))
    );
    let ignite = &files[2];
    assert_eq!(ignite["slides"], 19);
    assert_eq!(ignite["errors"], serde_json::json!([]));
    assert_eq!(ignite["warnings"][0]["line"], 1);
    assert_eq!(ignite["warnings"][0]["column"], 1);
    assert!(files[1]["errors"][0]["message"].is_string());
}

#[test]
fn many_paths_make_one_summary() {
    gong([
        "check",
        &fixture("decks/ignite-19.md"),
        &fixture("bad-lineup/lineup.toml"),
        "talks/kafka.md",
    ])
    .exits(1)
    .summary_is("checked 3 files: 1 error, 1 warning");
}

#[test]
fn a_device_is_not_a_deck_or_a_lineup() {
    // Reading a device or a FIFO could hang or never end; the reader refuses it first.
    gong(["check", "/dev/null", "/dev/zero.toml", "/dev/zero"])
        .exits(1)
        .stdout_is(
            "/dev/null: error: the file is a device, not a regular file\n\
             /dev/zero.toml: error: the file does not exist\n\
             /dev/zero: error: the file is a device, not a regular file\n\
             checked 3 files: 3 errors, 0 warnings\n",
        );
}

#[test]
fn a_slide_too_long_to_fit_is_a_warning_at_its_start() {
    let deck = fixture("fit/too-long.md");
    // Slide 2 as the audience counts: the skipped backup slide is not shown.
    gong(["check", &deck]).succeeds().stdout_is(&format!(
        "{deck}:19:1: warning: slide 2 does not fit: text is clipped at the smallest size \
         (28 px); cut some of it or split the slide\n\
         checked 1 file: 0 errors, 1 warning\n"
    ));
}

#[test]
fn characters_no_bundled_font_has_are_errors_on_their_lines() {
    let deck = fixture("glyphs/hieroglyphs.md");
    gong(["check", &deck]).exits(1).stdout_is(&format!(
        "{deck}:1:14: error: no bundled font has U+13000 '𓀀'\n\
         {deck}:4:9: error: no bundled font has U+9F98 '龘'\n\
         {deck}:10:9: error: no bundled font has U+13000 '𓀀'\n\
         {deck}:14:6: error: no bundled font has U+13000 '𓀀'\n\
         checked 1 file: 4 errors, 0 warnings\n"
    ));
}

#[test]
fn unknown_themes_and_warnings_that_cannot_fire_are_found() {
    let lineup = fixture("themes/lineup.toml");
    let deck = fixture("themes/deck.md");
    gong(["check", &fixture("themes")])
        .exits(1)
        .stdout_is(&format!(
            "{lineup}:4:9: error: unknown theme `neon`: use dark, light, contrast or the path of a theme file\n\
             {lineup}:9:12: warning: Ada's slot is 45s: the warning at 1m left can never fire\n\
             {deck}:3:8: warning: `theme: solarized` is not a theme gong has (dark, light, contrast or a .toml theme file); the deck is shown in the default theme\n\
             checked 2 files: 1 error, 2 warnings\n"
        ));
}

#[test]
fn text_a_projector_would_wash_out_is_warned_about_in_the_theme_file() {
    let theme = fixture("contrast/dim.toml");
    // Two decks use the theme; it is reported once, where each colour is set.
    gong(["check", &fixture("contrast")])
        .succeeds()
        .stdout_is(&format!(
            "{theme}:3:9: warning: `muted` (#8b93a1) on `background` (#14161c) is 5.8:1; \
             text on a projector needs 7:1\n\
             {theme}:4:8: warning: `text` (#14161c) on `background` (#14161c) is 1.0:1; \
             text on a projector needs 7:1\n\
             checked 3 files: 0 errors, 2 warnings\n"
        ));
}

#[test]
fn a_word_no_font_has_is_one_error_naming_its_characters() {
    let deck = fixture("glyphs/ethiopic.md");
    let word = "`ሰላም`: U+1230 'ሰ', U+120B 'ላ', U+121D 'ም'";
    gong(["check", &deck]).exits(1).stdout_is(&format!(
        "{deck}:1:3: error: no bundled font has the 3 characters of {word}\n\
         {deck}:3:29: error: no bundled font has the 3 characters of {word}\n\
         {deck}:3:33: error: no bundled font has the 3 characters of `ዓለም`: \
         U+12D3 'ዓ', U+1208 'ለ', U+121D 'ም'\n\
         checked 1 file: 3 errors, 0 warnings\n"
    ));
}

#[test]
fn check_needs_a_path() {
    gong(["check"]).exits(2).stderr_has("<PATH>");
}

#[test]
fn help_lists_every_command_and_the_common_flags() {
    let run = gong(["--help"]).succeeds();
    for command in [
        "run", "present", "rehearse", "check", "export", "add", "report",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{command} "))),
            "`{command}` missing from:\n{}",
            run.stdout
        );
    }
    for flag in [
        "--windowed",
        "--duration",
        "--warnings",
        "--theme",
        "--mute",
        "--format",
    ] {
        assert!(run.stdout.contains(flag), "{flag} missing");
    }
    let run = gong(["add", "--help"]).succeeds();
    for flag in ["--speaker", "--title", "--deck"] {
        assert!(run.stdout.contains(flag), "{flag} missing from add");
    }
    let run = gong(["report", "--help"]).succeeds();
    for flag in ["--csv", "--out"] {
        assert!(run.stdout.contains(flag), "{flag} missing from report");
    }
    let run = gong(["run", "--help"]).succeeds();
    for flag in ["--log", "--fresh"] {
        assert!(run.stdout.contains(flag), "{flag} missing from run");
    }
}

#[test]
fn rehearsing_a_deck_that_cannot_be_read_says_so_and_exits_1() {
    gong(["rehearse", "talks/no-such-deck.md"])
        .exits(1)
        .stdout_is("")
        .stderr_has("cannot read talks/no-such-deck.md");
}

#[test]
fn rehearse_takes_strict_and_the_show_flags() {
    let help = gong(["rehearse", "--help"]).exits(0);
    for flag in ["--strict", "--duration", "--windowed"] {
        assert!(help.stdout.contains(flag), "{flag} missing from rehearse");
    }
}

#[test]
fn bad_flags_are_usage_errors() {
    gong(["present", "talks/kafka.md", "--duration", "5"])
        .exits(2)
        .stderr_has("not a duration");
    gong(["present", "talks/kafka.md", "--format", "keynote"]).exits(2);
}

#[test]
fn a_warning_the_slot_is_too_short_for_is_refused_before_the_window() {
    // The deck's slot is the default 5:00: a 10-minute warning could never fire.
    gong(["present", "talks/kafka.md", "--warnings", "10m"])
        .exits(1)
        .stderr_has("gong: error: --warnings: the warning at 10m left can never fire in a 5m slot");
    gong(["present", "talks/kafka.md", "--duration", "-5m"])
        .exits(2)
        .stderr_has("`-5m`: a duration cannot be negative");
}

#[test]
fn a_deck_that_cannot_be_read_is_said_once_and_plainly() {
    gong(["present", "no/such/deck.md"])
        .exits(1)
        .stderr_has("gong: error: cannot read no/such/deck.md:")
        .stderr_has_times("No such file", 1);
}

#[test]
fn without_a_display_the_show_says_so_first_and_touches_nothing() {
    // On a copy of the demo with nothing left from earlier runs: in the repository itself
    // a log from `cargo run` may already exist, and then "no log appeared" proves nothing.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let talks = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("talks");
    copy_demo(&talks, dir.path());
    let before = snapshot(dir.path());
    let lineup = dir.path().join("lineup.toml");
    gong(["run", lineup.to_str().expect("UTF-8 path")])
        .exits(1)
        .stderr_has("gong: error: no display: set DISPLAY or run under xvfb-run")
        .stderr_has_times("gong:", 1);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "files appeared or changed without a window"
    );
}

#[test]
fn gong_screens_without_a_display_says_so() {
    gong(["screens"])
        .exits(1)
        .stderr_has("gong: error: no display: set DISPLAY or run under xvfb-run")
        .stderr_has_times("gong:", 1);
}

#[test]
fn a_screen_number_out_of_range_is_a_usage_error() {
    for number in ["0", "65", "-1"] {
        gong(["present", "talks/gong-tour.md", "--screen", number])
            .exits(2)
            .stderr_has(&format!(
                "screen {number}: screens are numbered from 1 to 64"
            ));
    }
}

/// The demo's lineup, decks and pictures, without any session log or report a run left.
fn copy_demo(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).expect("talks/ readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.contains(".session.") {
            continue;
        }
        if path.is_dir() {
            std::fs::create_dir(to.join(&name)).expect("folder copied");
            copy_demo(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).expect("file copied");
        }
    }
}

/// A lineup of two talks with decks in a folder of its own: `(dir, lineup, deck)`.
fn show_folder() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let talks = dir.path().join("talks");
    std::fs::create_dir(&talks).expect("talks folder");
    let deck = talks.join("ada.md");
    std::fs::write(&deck, "# Ada\n").expect("deck");
    std::fs::write(talks.join("empty.md"), "").expect("empty deck");
    let lineup = talks.join("lineup.toml");
    std::fs::write(
        &lineup,
        "title = \"Day 1\"\n\n[[talk]]\nspeaker = \"Ada\"\ntitle = \"One\"\ndeck = \"ada.md\"\n\n\
         [[talk]]\nspeaker = \"Bo\"\ntitle = \"Two\"\ndeck = \"empty.md\"\n",
    )
    .expect("lineup");
    (dir, lineup, deck)
}

/// Every file under `dir` with its bytes, to show a refused command changed nothing.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("listing").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.push((path.clone(), Vec::new()));
            files.extend(snapshot(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).expect("read")));
        }
    }
    files.sort();
    files
}

#[test]
fn a_log_path_that_is_not_a_gong_log_is_refused_and_left_alone() {
    let (dir, lineup, deck) = show_folder();
    let talks = lineup.parent().expect("folder").to_path_buf();
    let before = snapshot(dir.path());
    let lineup_arg = lineup.to_str().expect("UTF-8");
    for (log, why) in [
        (talks.clone(), "it is a folder"),
        (lineup.clone(), "it is the lineup of this show"),
        (deck.clone(), "it is the deck of Ada"),
        // Empty, as a new log would be: only knowing the show's files tells it apart.
        (talks.join("empty.md"), "it is the deck of Bo"),
    ] {
        let log = log.to_str().expect("UTF-8");
        for fresh in [false, true] {
            let mut args = vec!["run", lineup_arg, "--log", log];
            if fresh {
                args.push("--fresh");
            }
            gong(&args).exits(1).stderr_has(&format!(
                "gong: error: refusing to use {log} as the session log: {why}"
            ));
        }
    }
    gong([
        "present",
        deck.to_str().expect("UTF-8"),
        "--log",
        lineup_arg,
    ])
    .exits(1)
    .stderr_has("not a session log record");
    gong([
        "present",
        deck.to_str().expect("UTF-8"),
        "--log",
        deck.to_str().expect("UTF-8"),
    ])
    .exits(1)
    .stderr_has("it is the deck");
    // The report beside a log named like a deck would be written over it.
    let log = talks.join("ada.jsonl");
    gong(["run", lineup_arg, "--log", log.to_str().expect("UTF-8")])
        .exits(1)
        .stderr_has("the report of this session would be written over")
        .stderr_has("ada.md, the deck of Ada");
    assert_eq!(snapshot(dir.path()), before);
}

/// Eight organisers' laptops (or one script) signing people up at the same moment: every
/// `gong add` that says "added" is in the file, twenty rounds over.
#[test]
fn signups_made_at_the_same_moment_are_all_kept() {
    const AT_ONCE: usize = 8;
    let _cores = crate::support::busy_cores();
    let dir = tempfile::tempdir().expect("temp dir");
    let lineup = dir.path().join("lineup.toml");
    for round in 0..20 {
        std::fs::write(
            &lineup,
            "title = \"Day 1\"\n\n[[talk]]\nspeaker = \"Ann\"\ntitle = \"First\"\n",
        )
        .expect("lineup");
        let adds: Vec<_> = (0..AT_ONCE)
            .map(|n| {
                std::process::Command::new(gong_binary())
                    .arg("add")
                    .arg(&lineup)
                    .args(["--speaker", &format!("Late {n}"), "--title", "Signup"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("gong add starts")
            })
            .collect();
        let mut said_added = Vec::new();
        for (n, add) in adds.into_iter().enumerate() {
            let output = add.wait_with_output().expect("gong add ends");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "round {round}, add {n}: {output:?}"
            );
            assert!(
                stdout.starts_with(&format!("added Late {n} — Signup")),
                "{stdout}"
            );
            said_added.push(format!("Late {n}"));
        }
        let text = std::fs::read_to_string(&lineup).expect("lineup");
        let parsed: toml::Table = toml::from_str(&text).expect("the lineup still parses");
        let speakers: Vec<&str> = parsed["talk"]
            .as_array()
            .expect("talks")
            .iter()
            .filter_map(|talk| talk["speaker"].as_str())
            .collect();
        for speaker in &said_added {
            assert!(
                speakers.contains(&speaker.as_str()),
                "round {round}: {speaker} said added but is not in the file:\n{text}"
            );
        }
        assert_eq!(speakers.len(), AT_ONCE + 1, "round {round}:\n{text}");
    }
}

#[test]
fn a_signup_with_a_deck_not_there_yet_is_added_and_said() {
    let dir = tempfile::tempdir().expect("temp dir");
    let talks = dir.path().join("talks");
    std::fs::create_dir(&talks).expect("talks folder");
    let lineup = talks.join("lineup.toml");
    std::fs::write(
        &lineup,
        "title = \"Day 1\"\n\n[[talk]]\nspeaker = \"Ann\"\ntitle = \"A\"\n",
    )
    .expect("lineup");
    std::fs::write(talks.join("there.md"), "# Here\n").expect("deck");
    let lineup_arg = lineup.to_str().expect("UTF-8");
    let add = |speaker: &str, deck: &str| {
        gong([
            "add",
            lineup_arg,
            "--speaker",
            speaker,
            "--title",
            "Late",
            "--deck",
            deck,
        ])
        .succeeds()
        .stdout_has_line_starting(&format!("added {speaker} — Late"))
    };
    // Named relative to the lineup, and said where it was looked for.
    add("Bo", "missing.md").stderr_has(&format!(
        "gong: warning: the deck {} does not exist (yet): Bo's talk is added",
        talks.join("missing.md").display()
    ));
    add("Cy", "there.md").stderr_has_times("warning", 0);
    let text = std::fs::read_to_string(&lineup).expect("lineup");
    assert!(text.contains("deck = \"missing.md\""), "{text}");
    assert!(text.contains("deck = \"there.md\""), "{text}");
}

/// Every row of the README's slot precedence ("A slot comes from `--duration`, else the
/// talk's own `duration`, else its format (ignite 5:00, pechakucha 6:40), else the
/// lineup's `duration`, and only when the lineup sets none, a deck's front matter"), with
/// the theme chosen alongside: `gong check --json` reports each talk as a session on the
/// same lineup and flags starts it, in the log.
mod precedence {
    use std::path::Path;
    use std::time::{Duration, Instant, SystemTime};

    use gong::cli::ShowOptions;
    use gong::command::Key;
    use gong::fonts::FontSet;
    use gong::images::{DEFAULT_FIT, ImageCache};
    use gong::session::Session;
    use gong::session_log::{Event, SessionLog, read_log};
    use gong::sound::Player;
    use gong::window::App;

    use crate::support::gong;

    /// A deck with this front matter.
    fn deck(dir: &Path, name: &str, front: &str) {
        let text = format!("---\n{front}\n---\n# {name}\n\n---\n\n# Two\n");
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// `(position, slot_ms, format, theme)` of each talk, as `gong check --json` says.
    fn checked(lineup: &Path, flags: &[&str]) -> Vec<(u64, u64, String, String)> {
        let mut args = vec!["check", "--json"];
        args.extend(flags);
        let path = lineup.to_str().unwrap();
        args.push(path);
        let run = gong(args).succeeds();
        let files = run.json_lines();
        let talks = files[0]["talks"].as_array().expect("the lineup's talks");
        talks
            .iter()
            .map(|talk| {
                (
                    talk["position"].as_u64().unwrap(),
                    talk["slot_ms"].as_u64().unwrap(),
                    talk["format"].as_str().unwrap().to_string(),
                    talk["theme"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// `(position, slot_ms)` of each talk as a session started by `gong run` with these
    /// options logs it: each talk started on its card and ended at once.
    fn logged(lineup: &Path, show: &ShowOptions) -> Vec<(u64, u64)> {
        let planned = gong::run::plan_session(lineup, show).expect("the session plans");
        let talks = planned.talks.len();
        let mut session = Session::new(
            planned.talks,
            planned.settings,
            planned.theme,
            FontSet::shared().unwrap(),
            ImageCache::new(DEFAULT_FIT),
            Player::silent(),
            None,
        );
        let log = lineup.with_extension("session.jsonl");
        let (file, _) = SessionLog::create_fresh(&log, SystemTime::now()).unwrap();
        session.attach_log(file);
        let now = Instant::now();
        session.begin(now);
        for _ in 0..talks {
            for key in ['s', 'n', 'n'] {
                // As the window gives a key: handled, then its picture shown, which is
                // when its records are written.
                session.key(Key::Char(key), now);
                session.shown(now, false);
            }
        }
        let (records, errors) = read_log(&std::fs::read_to_string(&log).unwrap());
        assert_eq!(errors.len(), 0);
        records
            .iter()
            .filter_map(|record| match &record.event {
                Event::TalkStarted { talk, slot_ms } => Some((talk.position as u64, *slot_ms)),
                _ => None,
            })
            .collect()
    }

    fn agree(lineup: &Path, flags: &[&str], show: &ShowOptions, expected: &[(u64, &str, &str)]) {
        let checked = checked(lineup, flags);
        let expected: Vec<(u64, u64, String, String)> = expected
            .iter()
            .zip(1..)
            .map(|((secs, format, theme), position)| {
                (position, secs * 1000, format.to_string(), theme.to_string())
            })
            .collect();
        assert_eq!(checked, expected, "gong check --json {flags:?}");
        let slots: Vec<(u64, u64)> = expected.iter().map(|(p, slot, ..)| (*p, *slot)).collect();
        assert_eq!(
            logged(lineup, show),
            slots,
            "the session's log with {flags:?}"
        );
    }

    #[test]
    fn the_demo_is_checked_as_it_is_shown() {
        let lineup = Path::new(env!("CARGO_MANIFEST_DIR")).join("talks/lineup.toml");
        let checked = checked(&lineup, &[]);
        let planned = gong::run::plan_session(&lineup, &ShowOptions::default()).unwrap();
        assert_eq!(checked.len(), planned.talks.len());
        for ((position, slot_ms, format, theme), talk) in checked.iter().zip(&planned.talks) {
            let what = format!("talk {position}");
            assert_eq!(*slot_ms, talk.plan.slot.as_millis() as u64, "{what}");
            assert_eq!(format, talk.plan.format.name(), "{what}");
            let shown = &talk
                .deck
                .as_ref()
                .expect("every demo talk has a deck")
                .theme;
            assert_eq!(
                gong::theme::Theme::named(theme).as_ref(),
                Some(shown),
                "{what}"
            );
        }
    }

    #[test]
    fn check_and_the_session_resolve_every_talk_alike() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        deck(dir, "long.md", "duration: 10m");
        deck(dir, "fast.md", "format: ignite");
        deck(dir, "both.md", "duration: 10m\nformat: ignite");
        deck(dir, "own-theme.md", "theme: contrast\nduration: 2m");
        // The lineup sets a slot for everyone.
        let organised = dir.join("organised.toml");
        std::fs::write(
            &organised,
            r#"duration = "3m"
theme = "light"

[[talk]]
speaker = "Own slot"
duration = "4m"
deck = "both.md"

[[talk]]
speaker = "Pecha Kucha"
format = "pechakucha"
deck = "long.md"

[[talk]]
speaker = "Ignite deck"
deck = "fast.md"

[[talk]]
speaker = "Long deck"
deck = "long.md"

[[talk]]
speaker = "No deck"
"#,
        )
        .unwrap();
        let none = ShowOptions::default();
        agree(
            &organised,
            &[],
            &none,
            &[
                // The talk's own duration, over its deck's format and front matter.
                (240, "ignite", "light"),
                // Its format, over the lineup's and the deck's.
                (400, "pechakucha", "light"),
                // Its deck's format is its format.
                (300, "ignite", "light"),
                // The lineup's duration, over the deck's front matter.
                (180, "free", "light"),
                (180, "free", "light"),
            ],
        );
        // `--duration` over everything; `--format` and `--theme` likewise.
        let forced = ShowOptions {
            duration: Some(Duration::from_secs(90)),
            format: Some(gong::format::Format::Free),
            theme: Some("contrast".to_string()),
            ..ShowOptions::default()
        };
        agree(
            &organised,
            &[
                "--duration",
                "90s",
                "--format",
                "free",
                "--theme",
                "contrast",
            ],
            &forced,
            &[(90, "free", "contrast"); 5],
        );
        // A lineup that sets no slot: a deck's front matter applies, else 5:00; the decks'
        // own themes.
        let open = dir.join("open.toml");
        std::fs::write(
            &open,
            r#"[[talk]]
speaker = "Long deck"
deck = "long.md"

[[talk]]
speaker = "Own theme"
deck = "own-theme.md"

[[talk]]
speaker = "Own slot"
duration = "1m"
deck = "long.md"

[[talk]]
speaker = "No deck"
"#,
        )
        .unwrap();
        agree(
            &open,
            &[],
            &none,
            &[
                (600, "free", "dark"),
                (120, "free", "contrast"),
                (60, "free", "dark"),
                (300, "free", "dark"),
            ],
        );
    }
}

/// Every script of the world deck is drawn with a bundled face: no error, no warning.
#[test]
fn the_world_deck_passes_the_check() {
    gong(["check", "talks/world.md"])
        .succeeds()
        .stdout_is("checked 1 file: 0 errors, 0 warnings\n");
}

/// A script no bundled face has, drawn with a font of the machine's: a warning that
/// names the font (the speaker's laptop may lack it), not an error. The machine's fonts
/// are the fixture folder's.
#[test]
fn a_script_only_the_machine_has_a_font_for_is_a_warning_naming_it() {
    let deck = fixture("glyphs/ethiopic.md");
    let said = "is drawn with the system's Noto Sans Ethiopic here, not a bundled font; \
                another laptop may not have it";
    gong_with(
        ["check", &deck],
        &[("GONG_FONT_DIRS", "tests/fixtures/fonts")],
    )
    .succeeds()
    .stdout_is(&format!(
        "{deck}:1:3: warning: `ሰላም` {said}\n\
         {deck}:3:29: warning: `ሰላም` {said}\n\
         {deck}:3:33: warning: `ዓለም` {said}\n\
         checked 1 file: 0 errors, 3 warnings\n"
    ));
}

#[test]
fn a_rehearsal_record_gets_its_own_report_and_anything_else_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let record = dir.path().join("talk.rehearsals.jsonl");
    let run = |started: &str, ms: u64, ended: &str| {
        format!(
            "{{\"at\":\"{started}\",\"rehearsal\":1,\"started\":\"{started}\",\"deck\":\"talk.md\",\
             \"slot_ms\":60000,\"slides\":[{{\"title\":\"Hello\",\"budget_ms\":60000,\"ms\":{ms}}}],\
             \"used_ms\":{ms},\"overtime_ms\":0{ended}}}\n"
        )
    };
    let text = run(
        "2026-03-01T10:00:00.000Z",
        50_000,
        ",\"ended\":\"finished\"",
    ) + &run("2026-03-01T11:00:00.000Z", 40_000, "")
        + "torn in the midd";
    std::fs::write(&record, text).expect("record written");
    let path = record.to_str().expect("UTF-8 path");
    gong(["report", path])
        .succeeds()
        .stdout_has_line("| Hello | 1:00 | 0:50 | 0:40 | -0:10 |")
        .stdout_has_line("| Ended | | finished | unfinished | |")
        .stdout_has_line("Most improved since the run before: **Hello** (0:10 shorter).");
    gong(["report", path, "--csv"])
        .succeeds()
        .stdout_has_line("slide,budget_s,run 1,run 2")
        .stdout_has_line("Hello,60,50,40");
    // A deck is neither a session log nor a record: refused, and said so.
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, "# Hello\n").expect("deck written");
    gong(["report", deck.to_str().expect("UTF-8 path")])
        .exits(1)
        .stderr_has("is neither a session log nor a rehearsal record");
}

#[test]
fn a_deck_whose_budgets_outgrow_one_talks_slot_is_warned_of_for_that_talk() {
    // One deck, two talks: 2 × 40s fits a 5m slot, not a 70s one.
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("deck.md"),
        "# One\n\n<!-- time: 40s -->\n\n---\n\n# Two\n\n<!-- time: 40s -->\n\n---\n\n# Three\n",
    )
    .expect("the deck is written");
    let lineup = dir.path().join("lineup.toml");
    std::fs::write(
        &lineup,
        "title = \"Night\"\n\n[[talk]]\nspeaker = \"Ann\"\ndeck = \"deck.md\"\n\n\
         [[talk]]\nspeaker = \"Bo\"\ndeck = \"deck.md\"\nduration = \"70s\"\n",
    )
    .expect("the lineup is written");
    let deck = dir.path().join("deck.md");
    gong(["check", lineup.to_str().expect("UTF-8 path")])
        .succeeds()
        .stdout_has_line(&format!(
            "{}:6:1: warning: the slides' own `time:` budgets add up to 1m20s, more than the \
             1m10s slot: the slide without one gets no time",
            deck.display()
        ))
        // Checked once, against the shorter of its two slots.
        .stdout_has_line("checked 2 files: 0 errors, 1 warning");
    // The deck alone is checked against the default 5m, or the slot it is given.
    gong(["check", deck.to_str().expect("UTF-8 path")])
        .succeeds()
        .stdout_lacks("budgets");
    gong([
        "check",
        deck.to_str().expect("UTF-8 path"),
        "--duration",
        "70s",
    ])
    .succeeds()
    .stdout_has_line_starting(&format!("{}:6:1: warning: the slides' own", deck.display()));
}
