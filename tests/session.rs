//! Whole sessions, end to end: the real `gong run` under Xvfb, driven by xdotool as an
//! organiser drives it, checked through the session log it writes, the frame trace
//! (`GONG_FRAME_TRACE`) and `gong report`. Short slots (1–2 s) keep each test to seconds.
//!
//! Without Xvfb or xdotool these tests skip, except under `CI=true`, where they fail.
//!
//! What a crash does to the talk on stage, as decided here: a restarted show waits on the
//! Up next card of that talk, and its clock starts again from the full slot (the crash was
//! not the speaker's fault). The log is append-only, so it then holds two `talk_started`
//! for that talk: the first one, cut short by the crash, and the one that counts. Every
//! other event happens once: the session starts once, resumes once, and each talk ends
//! once; `gong report` lists each talk once, by its last start.

#[path = "support/child.rs"]
mod child;
#[path = "support/xvfb.rs"]
mod xvfb;

#[path = "support/live.rs"]
mod live;

use std::path::Path;

use live::{LiveShow, count_events, gong, write_lineup};
use serde_json::Value;

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
    let Some(display) = live::display() else {
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
    // The first frame is already talk 2's Up next card: nothing else came first.
    show.wait_screen("UpNext", 2);
    let trace = std::fs::read_to_string(show.trace_path()).expect("trace");
    let first: Vec<&str> = trace
        .lines()
        .next()
        .unwrap_or_default()
        .split(' ')
        .collect();
    assert_eq!(first.get(1..3), Some(&["UpNext", "2"][..]), "{trace}");
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

    give_talk_to_time_up(&show, 2, ("UpNext", 3));
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
    once("talk_started", Some(1));
    once("talk_started", Some(3));
    assert_eq!(count_events(&log, "talk_started", Some(2)), 2, "{log:#?}");
    assert_eq!(count_events(&log, "talk_skipped", None), 0, "{log:#?}");
    // The second start of talk 2 is the one after the resumption, and the talk ended
    // after it, having used its whole slot.
    let resumed_at = index_of(&log, |r| r["event"] == "session_resumed");
    let starts: Vec<usize> = log
        .iter()
        .enumerate()
        .filter(|(_, r)| r["event"] == "talk_started" && r["position"] == 2)
        .map(|(i, _)| i)
        .collect();
    assert!(starts[0] < resumed_at && resumed_at < starts[1], "{log:#?}");
    let ended = events(&log, "talk_ended", 2)[0];
    assert_eq!(ended["used_ms"], 2000, "{ended}");
    assert_eq!(ended["early"], false, "{ended}");
    let end = &log[log.len() - 1];
    assert_eq!(end["event"], "session_ended");
    assert_eq!(
        (end["given"].as_u64(), end["skipped"].as_u64()),
        (Some(3), Some(0))
    );

    let report = gong(&["report", show_log(&lineup).as_str()]);
    assert!(report.status.success(), "{report:?}");
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
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

#[test]
fn a_late_signup_joins_the_running_show() {
    let Some(display) = live::display() else {
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
    let added = gong(&[
        "add",
        lineup.to_str().expect("UTF-8"),
        "--speaker",
        "Dee",
        "--title",
        "Late",
        "--deck",
        "late.md",
    ]);
    assert!(added.status.success(), "{added:?}");
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
    let report = gong(&["report", show_log(&lineup).as_str()]);
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    assert!(
        report_row(&report, 4).contains("| Dee | Late |"),
        "{report}"
    );
    assert!(report_row(&report, 1).contains("| early |"), "{report}");
}

#[test]
fn an_edit_that_does_not_parse_keeps_the_show_running() {
    let Some(display) = live::display() else {
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
    // The bad edit is seen (a banner, no change to the lineup), and the show goes on: its
    // clock runs, N ends the talk, the next one starts, and the log keeps every step.
    // The watcher looks every 250 ms: give it several looks at the bad text.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    show.press("n");
    show.press("n");
    show.wait_screen("UpNext", 2);
    let log = show.records();
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
    let Some(display) = live::display() else {
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
    let Some(display) = live::display() else {
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
    // The file is rewritten just after the move is logged (and synced): wait for it.
    show.wait_until("the lineup file in the panel's order", || {
        file_speakers(&lineup) == ["Ann", "Cy", "Bob"]
    });
    give_talk_to_time_up(&show, 2, ("UpNext", 3));
    let log = show.records();
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
    let report = gong(&["report", show_log(&lineup).as_str()]);
    assert!(report.status.success(), "{report:?}");
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    for (position, speaker) in [(1, "Ann"), (2, "Cy"), (3, "Bob")] {
        let row = report_row(&report, position);
        assert!(row.contains(&format!("| {speaker} |")), "{report}");
    }
    assert!(!report.contains("| 4 |"), "{report}");
}
