//! Whole sessions, end to end: the real `gong run` under Xvfb, driven by xdotool as an
//! organiser drives it, checked through the session log it writes, the frame trace
//! (`GONG_FRAME_TRACE`) and `gong report`. Short slots (1–2 s) keep each test to seconds.
//!
//! Without Xvfb or xdotool these tests skip, except under `CI=true`, where they fail.
//!
//! What a crash does to the talk on stage, as decided here: a restarted show comes back
//! on that talk's slides, paused, with what the log says it had left (the time used as
//! of its last record, and every ± change); `S` goes on, `R` twice starts it over with a
//! full slot. Every event happens once: the session starts once, resumes once, and each
//! talk starts and ends once; `gong report` lists each talk once, with its changes.

use std::path::Path;

use serde_json::Value;

use crate::support::live::{LiveShow, count_events, write_lineup};
use crate::support::window::{self, PATIENCE, cues_in};
use crate::support::{gong, live, xvfb};

/// The speakers of a lineup file, in the file's order.
fn file_speakers(lineup: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(lineup).expect("lineup");
    let parsed: toml::Table = toml::from_str(&text).expect("lineup parses");
    parsed["talk"]
        .as_array()
        .map(|talks| {
            talks
                .iter()
                .filter_map(|talk| talk["speaker"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Starts the talk on its Up next card, lets it run to 0:00 and moves on with `n`.
fn give_talk_to_time_up(show: &LiveShow, talk: usize, next: (&str, usize)) {
    show.press_until("Right", "Talk", talk);
    show.wait_screen("TimeUp", talk);
    show.press("n");
    show.wait_screen(next.0, next.1);
}

/// The records about the talk at `position` named `event`.
fn events<'a>(records: &'a [Value], event: &str, position: usize) -> Vec<&'a Value> {
    records
        .iter()
        .filter(|r| r["event"] == event && r["position"].as_u64() == Some(position as u64))
        .collect()
}

fn index_of(records: &[Value], found: impl Fn(&Value) -> bool) -> usize {
    records
        .iter()
        .position(found)
        .unwrap_or_else(|| panic!("no such record in {records:#?}"))
}

/// Presses `key` until the log holds one more `event` about the talk at `position`: for a
/// key whose effect shows in the log and not on the screen (`s` pauses and resumes), which
/// a window still settling after its start may miss.
fn press_until_logged(show: &LiveShow, key: &str, event: &str, position: usize) -> Vec<Value> {
    let before = count_events(&show.records(), event, Some(position));
    for _ in 0..3 {
        show.press(key);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while std::time::Instant::now() < deadline {
            let log = show.records();
            if count_events(&log, event, Some(position)) > before {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
    }
    show.wait_event(event, Some(position), before + 1)
}

/// The report's table row for talk `position`.
fn report_row(report: &str, position: usize) -> &str {
    let start = format!("| {position} |");
    report
        .lines()
        .find(|line| line.starts_with(&start))
        .unwrap_or_else(|| panic!("no row for talk {position} in\n{report}"))
}

#[test]
fn a_killed_show_resumes_at_the_talk_on_stage_and_logs_each_event_once() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("temp dir");
    let lineup = write_lineup(
        dir.path(),
        &[
            ("Ann", "One", "2s"),
            ("Bob", "Two", "2s"),
            ("Cy", "Three", "2s"),
        ],
        r#"["1s"]"#,
    );

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    show.wait_screen("UpNext", 1);
    give_talk_to_time_up(&show, 1, ("UpNext", 2));
    show.press_until("Right", "Talk", 2);
    show.wait_event("talk_started", Some(2), 1);
    show.kill();

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    // The first frame is already talk 2, on stage and paused: nothing else came first.
    show.wait_screen("Talk", 2);
    let trace = std::fs::read_to_string(show.trace_path()).expect("trace");
    let first: Vec<&str> = trace
        .lines()
        .next()
        .unwrap_or_default()
        .split(' ')
        .collect();
    assert_eq!(first.get(1..3), Some(&["Talk", "2"][..]), "{trace}");
    let resumed = show.wait_event("session_resumed", None, 1);
    let resumed = &events(&resumed, "session_resumed", 2);
    assert_eq!(resumed.len(), 1, "{}", show.context());
    assert_eq!(resumed[0]["speaker"], "Bob");
    assert!(
        show.stderr()
            .contains("Resumed the session at talk 2 (Bob)"),
        "{}",
        show.context()
    );

    // The organiser's S goes on with the time talk 2 had left: all of it, killed at once.
    press_until_logged(&show, "s", "resumed", 2);
    show.wait_screen("TimeUp", 2);
    show.press("n");
    show.wait_screen("UpNext", 3);
    give_talk_to_time_up(&show, 3, ("Summary", 3));
    let log = show.wait_event("session_ended", None, 1);
    show.quit();

    let once = |event: &str, position: Option<usize>| {
        assert_eq!(
            count_events(&log, event, position),
            1,
            "{event} {position:?} should be logged once:\n{log:#?}"
        );
    };
    once("session_started", None);
    once("session_resumed", None);
    once("session_ended", None);
    for talk in 1..=3 {
        once("talk_ended", Some(talk));
        once("time_up", Some(talk));
    }
    for talk in 1..=3 {
        once("talk_started", Some(talk));
    }
    assert_eq!(count_events(&log, "talk_skipped", None), 0, "{log:#?}");
    // Talk 2 started before the crash, went on after it, and used its whole slot.
    let resumed_at = index_of(&log, |r| r["event"] == "session_resumed");
    let started_at = index_of(&log, |r| r["event"] == "talk_started" && r["position"] == 2);
    let going_on = index_of(&log, |r| r["event"] == "resumed" && r["position"] == 2);
    assert!(started_at < resumed_at && resumed_at < going_on, "{log:#?}");
    let ended = events(&log, "talk_ended", 2)[0];
    assert_eq!(ended["used_ms"], 2000, "{ended}");
    assert_eq!(ended["early"], false, "{ended}");
    let end = &log[log.len() - 1];
    assert_eq!(end["event"], "session_ended");
    assert_eq!(
        (end["given"].as_u64(), end["skipped"].as_u64()),
        (Some(3), Some(0))
    );

    let report = gong(["report", show_log(&lineup).as_str()])
        .succeeds()
        .stdout;
    for (position, speaker, title) in [(1, "Ann", "One"), (2, "Bob", "Two"), (3, "Cy", "Three")] {
        let row = report_row(&report, position);
        assert!(row.contains(&format!("| {speaker} | {title} |")), "{row}");
        assert!(row.contains("| time up |"), "{row}");
    }
    assert!(report.contains("3 given, 0 skipped"), "{report}");
    // The same report is written beside the log when the session ends.
    let beside = std::fs::read_to_string(dir.path().join("lineup.session.md"))
        .expect("report beside the log");
    assert_eq!(beside, report);
}

fn show_log(lineup: &Path) -> String {
    live::log_beside(lineup).to_string_lossy().into_owned()
}

/// A talk killed with time taken from it and paused comes back with what it had left,
/// and the report counts its time and its change once.
#[test]
fn a_talk_killed_mid_way_comes_back_with_the_time_it_had_left_on_its_slide() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("temp dir");
    let lineup = write_lineup(
        dir.path(),
        &[("Ann", "One", "60s"), ("Bob", "Two", "1s")],
        "[]",
    );
    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    show.press_until("Right", "Talk", 1);
    show.press("minus");
    show.wait_event("time_changed", Some(1), 1);
    // On its second slide when the show is killed.
    show.press("Right");
    show.wait_event("slide_shown", Some(1), 2);
    let log = press_until_logged(&show, "s", "paused", 1);
    let paused = &events(&log, "paused", 1)[0];
    let used = paused["talk_ms"].as_u64().expect("the clock at the pause");
    show.kill();

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    show.wait_screen("Talk", 1);
    let log = show.wait_event("session_resumed", None, 1);
    let at = index_of(&log, |r| r["event"] == "session_resumed");
    let resumed = &log[at];
    assert_eq!(resumed["talk_ms"].as_u64(), Some(used), "{log:#?}");
    // Back on the slide it was on, and the banner says so.
    assert!(
        show.stderr().contains("left on slide 2: S goes on"),
        "{}",
        show.context()
    );
    let shown = log[at..].iter().find(|r| r["event"] == "slide_shown");
    assert_eq!(shown.and_then(|r| r["slide"].as_u64()), Some(2), "{log:#?}");
    let left = 30_000u64.saturating_sub(used).div_ceil(1000);
    assert!(
        show.stderr().contains(&format!(
            "Resumed the session at talk 1 (Ann), paused with 0:{left:02} left"
        )),
        "{}",
        show.context()
    );
    press_until_logged(&show, "s", "resumed", 1);
    show.press("n");
    show.press("n");
    show.wait_screen("UpNext", 2);
    give_talk_to_time_up(&show, 2, ("Summary", 2));
    let log = show.wait_event("session_ended", None, 1);
    show.quit();

    assert_eq!(count_events(&log, "talk_started", Some(1)), 1, "{log:#?}");
    let ended = events(&log, "talk_ended", 1)[0];
    let ended_used = ended["used_ms"].as_u64().expect("used_ms");
    assert!(used <= ended_used && ended_used < 30_000, "{log:#?}");
    let report = gong(["report", show_log(&lineup).as_str()]).stdout;
    let row = report_row(&report, 1);
    assert!(row.starts_with("| 1 | Ann | One | 0:30 |"), "{report}");
    assert!(row.ends_with("| -0:30 |"), "{report}");
    assert_eq!(report.matches("| Ann |").count(), 1, "{report}");
}

#[test]
fn a_late_signup_joins_the_running_show() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("temp dir");
    // Talk 1 is long enough to sign someone up during it; it is ended by the organiser.
    let lineup = write_lineup(
        dir.path(),
        &[
            ("Ann", "One", "60s"),
            ("Bob", "Two", "1s"),
            ("Cy", "Three", "1s"),
        ],
        r#"["1s"]"#,
    );
    live::write_deck(dir.path(), "late.md", "Dee");

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    show.press_until("Right", "Talk", 1);
    gong([
        "add",
        lineup.to_str().expect("UTF-8"),
        "--speaker",
        "Dee",
        "--title",
        "Late",
        "--deck",
        "late.md",
    ])
    .succeeds();
    let log = show.wait_event("lineup_changed", None, 1);
    let changed = &log[index_of(&log, |r| r["event"] == "lineup_changed")];
    assert_eq!(changed["talks"], 4, "{changed}");
    assert!(
        changed["what"]
            .as_str()
            .is_some_and(|what| what.contains("added Dee")),
        "{changed}"
    );
    // Taken in while talk 1 was on: its clock was not disturbed.
    assert_eq!(count_events(&log, "talk_ended", Some(1)), 0, "{log:#?}");

    // The organiser ends talk 1 (N twice while it runs), then the rest run out.
    show.press("n");
    show.press("n");
    show.wait_screen("UpNext", 2);
    give_talk_to_time_up(&show, 2, ("UpNext", 3));
    give_talk_to_time_up(&show, 3, ("UpNext", 4));
    give_talk_to_time_up(&show, 4, ("Summary", 4));
    let log = show.wait_event("session_ended", None, 1);
    show.quit();

    let started = events(&log, "talk_started", 4);
    assert_eq!(started.len(), 1, "{log:#?}");
    assert_eq!(
        (&started[0]["speaker"], &started[0]["title"]),
        (&Value::from("Dee"), &Value::from("Late"))
    );
    assert_eq!(events(&log, "talk_ended", 1)[0]["early"], true);
    let end = &log[log.len() - 1];
    assert_eq!(
        (end["given"].as_u64(), end["skipped"].as_u64()),
        (Some(4), Some(0))
    );
    let report = gong(["report", show_log(&lineup).as_str()]).stdout;
    assert!(
        report_row(&report, 4).contains("| Dee | Late |"),
        "{report}"
    );
    assert!(report_row(&report, 1).contains("| early |"), "{report}");
}

#[test]
fn an_edit_that_does_not_parse_keeps_the_show_running() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("temp dir");
    let lineup = write_lineup(
        dir.path(),
        &[("Ann", "One", "60s"), ("Bob", "Two", "1s")],
        r#"["1s"]"#,
    );
    let good = std::fs::read_to_string(&lineup).expect("lineup");

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    show.press_until("Right", "Talk", 1);
    std::fs::write(&lineup, format!("{good}\n[[talk]\nspeaker = \n")).expect("bad edit");
    // The bad edit is seen: the audience's picture gets a banner naming the file, the
    // line of the broken table and its column (the View trace is that picture, read from
    // outside). Then the show goes on: its clock runs, N ends the talk, the next one
    // starts, the lineup is unchanged and the log keeps every step.
    let broken_line = good.lines().count() + 2;
    let place = format!("lineup.toml:{broken_line}:");
    let names_the_place = |banner: &str| {
        banner.split_once(&place).is_some_and(|(_, after)| {
            let column: String = after.chars().take_while(char::is_ascii_digit).collect();
            !column.is_empty() && after[column.len()..].starts_with(':')
        })
    };
    let view = show.wait_view(&format!("a banner naming {place}COLUMN"), |view| {
        view["banner"].as_str().is_some_and(names_the_place)
    });
    assert!(
        view["banner"]
            .as_str()
            .is_some_and(|banner| banner.contains("keeping the last good lineup")),
        "{view}"
    );
    assert_eq!(view["card"]["screen"], "talk", "{view}");
    show.press("n");
    show.press("n");
    show.wait_screen("UpNext", 2);
    // The card's records are synced once its picture is on screen, a frame after the
    // trace names it.
    let log = show.wait_event("talk_ended", Some(1), 1);
    assert_eq!(count_events(&log, "lineup_changed", None), 0, "{log:#?}");
    assert_eq!(count_events(&log, "talk_ended", Some(1)), 1, "{log:#?}");

    // Put right, with one more talk: the watcher still takes edits in.
    std::fs::write(
        &lineup,
        format!("{good}\n[[talk]]\nspeaker = \"Eve\"\ntitle = \"Fixed\"\nduration = \"1s\"\n"),
    )
    .expect("good edit");
    let log = show.wait_event("lineup_changed", None, 1);
    let changed = &log[index_of(&log, |r| r["event"] == "lineup_changed")];
    assert!(
        changed["what"]
            .as_str()
            .is_some_and(|what| what.contains("added Eve")),
        "{changed}"
    );
    give_talk_to_time_up(&show, 2, ("UpNext", 3));
    give_talk_to_time_up(&show, 3, ("Summary", 3));
    let log = show.wait_event("session_ended", None, 1);
    show.quit();
    assert_eq!(events(&log, "talk_started", 3)[0]["speaker"], "Eve");
}

/// Ten one-second talks in a row: the process's memory at the end is within 10 MB of
/// what it was during the first talk, once the show has settled on its first Up next
/// card. (`scripts/soak-session.sh` runs fifty.)
#[test]
fn ten_short_talks_keep_memory_flat() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("temp dir");
    let names: Vec<(String, String)> = (1..=10)
        .map(|n| (format!("Speaker {n}"), format!("Talk {n}")))
        .collect();
    let talks: Vec<(&str, &str, &str)> = names
        .iter()
        .map(|(speaker, title)| (speaker.as_str(), title.as_str(), "1s"))
        .collect();
    let lineup = write_lineup(dir.path(), &talks, "[]");

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    show.wait_glyphs_warm();
    show.press_until("Right", "Talk", 1);
    let first = show.rss_kb();
    show.wait_screen("TimeUp", 1);
    show.press("n");
    show.wait_screen("UpNext", 2);
    for talk in 2..=10 {
        let next = if talk == 10 {
            ("Summary", 10)
        } else {
            ("UpNext", talk + 1)
        };
        give_talk_to_time_up(&show, talk, next);
    }
    let log = show.wait_event("session_ended", None, 1);
    let last = show.rss_kb();
    show.quit();
    assert_eq!(count_events(&log, "talk_ended", None), 10, "{log:#?}");
    let growth = last.saturating_sub(first);
    eprintln!("VmRSS during talk 1: {first} kB; after talk 10: {last} kB");
    assert!(
        growth <= 10 * 1024,
        "memory grew by {growth} kB over ten talks ({first} → {last} kB)"
    );
}

/// The lineup panel's order is written into the lineup file as it is made, so after a
/// crash the show comes back in the panel's order: the log's places match it, the talks
/// already given count as given, and the show resumes at the talk not yet given.
#[test]
fn a_show_reordered_in_the_panel_resumes_in_the_panels_order() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("temp dir");
    let lineup = write_lineup(
        dir.path(),
        &[
            ("Ann", "One", "1s"),
            ("Bob", "Two", "1s"),
            ("Cy", "Three", "1s"),
        ],
        "[]",
    );

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    give_talk_to_time_up(&show, 1, ("UpNext", 2));
    // Bob is a no-show: the lineup panel sends him to the end; Cy is up next.
    show.press("l");
    show.press("e");
    show.press("Escape");
    let log = show.wait_event("talk_moved", Some(2), 1);
    let moved = &events(&log, "talk_moved", 2)[0];
    assert_eq!(
        (&moved["speaker"], moved["to"].as_u64()),
        (&"Bob".into(), Some(3))
    );
    // The move is logged, then written to the file in the same frame or, while another
    // writer holds the lineup's lock, a later one: the file follows, it is not awaited.
    show.wait_until("the panel's order in the lineup file", PATIENCE, || {
        file_speakers(&lineup) == ["Ann", "Cy", "Bob"]
    });
    give_talk_to_time_up(&show, 2, ("UpNext", 3));
    let log = show.wait_event("talk_ended", Some(2), 1);
    assert_eq!(
        events(&log, "talk_ended", 2)[0]["speaker"],
        "Cy",
        "{log:#?}"
    );
    // The show did not take its own write for an edit of the file.
    assert_eq!(count_events(&log, "lineup_changed", None), 0, "{log:#?}");
    show.kill();

    let show = LiveShow::start(&display, &lineup, &["--mute"]);
    // The panel's order (Ann, Cy, Bob): Bob, at 3, is the one not yet given.
    show.wait_screen("UpNext", 3);
    let log = show.wait_event("session_resumed", None, 1);
    let resumed = &log[index_of(&log, |r| r["event"] == "session_resumed")];
    assert_eq!(
        (&resumed["speaker"], resumed["position"].as_u64()),
        (&"Bob".into(), Some(3)),
        "{log:#?}"
    );
    give_talk_to_time_up(&show, 3, ("Summary", 3));
    let log = show.wait_event("session_ended", None, 1);
    show.quit();
    let started = |speaker: &str| {
        log.iter()
            .filter(|r| r["event"] == "talk_started" && r["speaker"] == speaker)
            .count()
    };
    assert_eq!(
        (started("Ann"), started("Bob"), started("Cy")),
        (1, 1, 1),
        "{log:#?}"
    );
    let end = &log[log.len() - 1];
    assert_eq!(
        (end["given"].as_u64(), end["skipped"].as_u64()),
        (Some(3), Some(0)),
        "{log:#?}"
    );

    // One row a talk, at its place in the panel's order.
    let report = gong(["report", show_log(&lineup).as_str()])
        .succeeds()
        .stdout;
    for (position, speaker) in [(1, "Ann"), (2, "Cy"), (3, "Bob")] {
        let row = report_row(&report, position);
        assert!(row.contains(&format!("| {speaker} |")), "{report}");
    }
    assert!(!report.contains("| 4 |"), "{report}");
}

/// `sound = false` in the lineup keeps the show silent on its own, without `--mute`: a
/// talk run to time-up plays nothing. The same lineup with `sound = true` plays its gong
/// through the same capture, so the silence is the setting's doing.
#[test]
fn sound_false_in_the_lineup_is_silence_and_true_is_the_gong() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    for (setting, expect_sound) in [("false", false), ("true", true)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let lineup = write_lineup(dir.path(), &[("Ann", "One", "1s")], "[]");
        let text = std::fs::read_to_string(&lineup).expect("lineup");
        std::fs::write(
            &lineup,
            text.replace("sound = false", &format!("sound = {setting}")),
        )
        .expect("lineup written");
        let show = LiveShow::start(&display, &lineup, &[]);
        give_talk_to_time_up(&show, 1, ("Summary", 1));
        // A clean quit plays every cue still queued before the program ends: what the
        // capture holds then is everything the show played.
        show.wait_event("session_ended", None, 1);
        let sound = show.sound_path().to_path_buf();
        show.quit();
        let played = cues_in(&sound).len();
        assert_eq!(
            played > 0,
            expect_sound,
            "sound = {setting}: {played} batch(es) of samples played"
        );
    }
}
