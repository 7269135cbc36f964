//! `gong report SESSION_LOG`: a session as the organiser shares it afterwards, a Markdown
//! table for people and a CSV for spreadsheets, one row per talk, and in the Markdown how
//! long each slide was up (from `slide_shown` records, on the talk clock, so pauses do not
//! count). Works on a log still being written (a running session): talks on stage are
//! "running".
//! Owns only the wording and the formatting: reading the file, the records' vocabulary and
//! what they add up to (`session_log::Replay`, the reading resuming uses too) are
//! `session_log`'s. Only the last session in a log is reported (as for resuming).

use std::fmt::Write as _;
use std::time::Duration;

use crate::duration::format_elapsed;
use crate::session_log::{Ending, Record, Replay};

pub(crate) mod rehearsals;

/// How a talk went, as the report says it.
fn said(ending: Ending) -> &'static str {
    match ending {
        Ending::Running => "running",
        Ending::Ended => "ended",
        Ending::Early => "early",
        Ending::TimeUp => "time up",
        Ending::Skipped => "skipped",
    }
}

/// The session's totals, over its talks.
fn given(session: &Replay) -> usize {
    count(session, Ending::was_given)
}

fn count(session: &Replay, ending: impl Fn(Ending) -> bool) -> usize {
    session
        .talks
        .iter()
        .filter(|talk| ending(talk.ending))
        .count()
}

fn total_used_ms(session: &Replay) -> u64 {
    session
        .talks
        .iter()
        .filter(|talk| talk.ending.was_given())
        .filter_map(|talk| talk.used_ms)
        .sum()
}

fn total_overtime_ms(session: &Replay) -> u64 {
    session.talks.iter().map(|talk| talk.overtime_ms).sum()
}

fn clock(ms: u64) -> String {
    format_elapsed(Duration::from_millis(ms))
}

fn signed_clock(ms: i64) -> String {
    let sign = if ms < 0 { '-' } else { '+' };
    format!("{sign}{}", clock(ms.unsigned_abs()))
}

/// A table cell: a `|` would end the cell and a newline the row.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn times(count: usize) -> String {
    match count {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// The session as Markdown: a title, when it ran, a table of talks, and totals.
pub(crate) fn markdown(records: &[Record]) -> String {
    let session = Replay::of(records);
    let mut out = String::new();
    let title = session.title.as_deref().unwrap_or("Session");
    let _ = writeln!(out, "# {}\n", title.replace('\n', " "));
    let state = match (&session.started_at, &session.ended_at) {
        (Some(start), Some(end)) => format!("From {start} to {end}."),
        (Some(start), None) => {
            format!("Started {start}; still running (no session end in the log).")
        }
        (None, Some(end)) => format!("Ended {end}."),
        (None, None) => "No session start in the log.".to_string(),
    };
    let _ = writeln!(out, "{state}\n");
    out.push_str(
        "| # | Speaker | Title | Slot | Used | Overtime | Result | Pauses | Time changes |\n",
    );
    out.push_str("|--:|---|---|--:|--:|--:|---|--:|---|\n");
    let dash = || "—".to_string();
    for row in &session.talks {
        let result = if row.restarts > 0 {
            format!("{} (restarted {})", said(row.ending), times(row.restarts))
        } else {
            said(row.ending).to_string()
        };
        let changes = row
            .time_changes
            .iter()
            .map(|delta| signed_clock(*delta))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.talk.position,
            cell(&row.talk.speaker),
            row.title.as_deref().map_or_else(dash, cell),
            row.slot_ms.map_or_else(dash, clock),
            row.used_ms.map_or_else(dash, clock),
            if row.overtime_ms > 0 {
                format!("+{}", clock(row.overtime_ms))
            } else {
                dash()
            },
            result,
            row.pauses,
            if changes.is_empty() { dash() } else { changes },
        );
    }
    let _ = write!(
        out,
        "\n**Totals:** {} given, {} skipped",
        given(&session),
        count(&session, |ending| ending == Ending::Skipped)
    );
    let running = count(&session, |ending| ending == Ending::Running);
    if running > 0 {
        let _ = write!(out, ", {running} running");
    }
    let _ = writeln!(
        out,
        "; {} used, {} overtime.",
        clock(total_used_ms(&session)),
        clock(total_overtime_ms(&session))
    );
    if session.lineup_changes > 0 {
        let _ = writeln!(
            out,
            "\nThe lineup changed {} during the session.",
            times(session.lineup_changes)
        );
    }
    slide_table(&session, &mut out);
    out
}

/// How long each slide was up, a table for each talk, when the log says (older logs do
/// not). A talk still running has its last slide up until its latest record.
fn slide_table(session: &Replay, out: &mut String) {
    if session.talks.iter().all(|row| row.slides.slides.is_empty()) {
        return;
    }
    out.push_str("\n## Time per slide\n");
    for row in &session.talks {
        let mut slides = row.slides.clone();
        if let Some(now) = row.used_ms.map(|used| used + row.overtime_ms) {
            slides.down(now);
        }
        if slides.slides.is_empty() {
            continue;
        }
        let title = row
            .title
            .as_deref()
            .filter(|title| !title.is_empty())
            .map(|title| format!(" — {}", title.replace('\n', " ")))
            .unwrap_or_default();
        let speaker = row.talk.speaker.replace('\n', " ");
        let _ = write!(
            out,
            "\n### {}. {speaker}{title}\n\n| Slide | Time | Shown |\n|--:|--:|--:|\n",
            row.talk.position
        );
        for (index, (ms, shown)) in slides.slides.iter().enumerate() {
            if *shown > 0 {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    index + 1,
                    clock(*ms),
                    times(*shown)
                );
            }
        }
    }
}

/// One CSV field: quoted when it holds a comma, a quote, a line break or edge spaces, with
/// quotes doubled (RFC 4180). Written by hand: it is these five lines, not a dependency.
fn csv_field(text: &str) -> String {
    let needs_quotes = text.contains([',', '"', '\n', '\r']) || text.trim() != text;
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Seconds, as a spreadsheet reads them: `285`, `285.4`.
fn seconds(ms: u64) -> String {
    (ms as f64 / 1000.0).to_string()
}

/// The session as CSV: a header and one row per talk, durations in seconds.
pub(crate) fn csv(records: &[Record]) -> String {
    let session = Replay::of(records);
    let mut out = String::from(
        "position,speaker,title,slot_s,used_s,overtime_s,result,pauses,time_change_s,restarts\n",
    );
    for row in &session.talks {
        let net_change: i64 = row.time_changes.iter().sum();
        let fields = [
            row.talk.position.to_string(),
            csv_field(&row.talk.speaker),
            row.title.as_deref().map(csv_field).unwrap_or_default(),
            row.slot_ms.map(seconds).unwrap_or_default(),
            row.used_ms.map(seconds).unwrap_or_default(),
            seconds(row.overtime_ms),
            said(row.ending).to_string(),
            row.pauses.to_string(),
            (net_change as f64 / 1000.0).to_string(),
            row.restarts.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_log::{Event, Warning, read_log};

    /// A session as `gong run` logs it: an early finish, a talk that ran over after a
    /// pause and extra time, a restart, a skip, a lineup edit.
    const FINISHED: &str = r#"{"at":"2025-03-01T10:00:00.000Z","event":"session_started","title":"Lightning Talks — Day 1","talks":4}
{"at":"2025-03-01T10:00:05.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ada","title":"Twenty slides","slot_ms":300000}
{"at":"2025-03-01T10:04:50.400Z","talk_ms":285400,"event":"talk_ended","position":1,"speaker":"Ada","used_ms":285400,"overtime_ms":0,"early":true}
{"at":"2025-03-01T10:05:30.000Z","talk_ms":0,"event":"talk_started","position":2,"speaker":"Dustin Kang","title":"Kafka로 실시간 데이터 처리","slot_ms":300000}
{"at":"2025-03-01T10:06:00.000Z","talk_ms":30000,"event":"paused","position":2,"speaker":"Dustin Kang"}
{"at":"2025-03-01T10:06:20.000Z","talk_ms":30000,"event":"resumed","position":2,"speaker":"Dustin Kang"}
{"at":"2025-03-01T10:06:30.000Z","talk_ms":40000,"event":"time_changed","position":2,"speaker":"Dustin Kang","delta_ms":30000,"slot_ms":330000}
{"at":"2025-03-01T10:10:50.000Z","talk_ms":270000,"event":"warning","position":2,"speaker":"Dustin Kang","which":"wrap_up","remaining_ms":60000}
{"at":"2025-03-01T10:11:20.000Z","talk_ms":300000,"event":"warning","position":2,"speaker":"Dustin Kang","which":"final","remaining_ms":30000}
{"at":"2025-03-01T10:11:50.000Z","talk_ms":330000,"event":"time_up","position":2,"speaker":"Dustin Kang"}
{"at":"2025-03-01T10:12:02.000Z","talk_ms":342000,"event":"talk_ended","position":2,"speaker":"Dustin Kang","used_ms":342000,"overtime_ms":12000,"early":false}
{"at":"2025-03-01T10:12:30.000Z","event":"lineup_changed","talks":5,"what":"added Chris \"CJ\" Lee"}
{"at":"2025-03-01T10:12:40.000Z","event":"talk_skipped","position":3,"speaker":"Bo | Team"}
{"at":"2025-03-01T10:13:00.000Z","talk_ms":0,"event":"talk_started","position":4,"speaker":"Chris \"CJ\" Lee","title":"Rust, briefly","slot_ms":300000}
{"at":"2025-03-01T10:13:20.000Z","talk_ms":20000,"event":"talk_restarted","position":4,"speaker":"Chris \"CJ\" Lee"}
{"at":"2025-03-01T10:17:00.000Z","talk_ms":240000,"event":"talk_ended","position":4,"speaker":"Chris \"CJ\" Lee","used_ms":240000,"overtime_ms":0,"early":false}
{"at":"2025-03-01T10:17:30.000Z","event":"session_ended","given":3,"skipped":1}
"#;

    fn records(source: &str) -> Vec<Record> {
        let (records, errors) = read_log(source);
        assert_eq!(errors, vec![]);
        records
    }

    #[test]
    fn a_finished_session_as_markdown() {
        let expected = "# Lightning Talks — Day 1

From 2025-03-01T10:00:00.000Z to 2025-03-01T10:17:30.000Z.

| # | Speaker | Title | Slot | Used | Overtime | Result | Pauses | Time changes |
|--:|---|---|--:|--:|--:|---|--:|---|
| 1 | Ada | Twenty slides | 5:00 | 4:45 | — | early | 0 | — |
| 2 | Dustin Kang | Kafka로 실시간 데이터 처리 | 5:30 | 5:42 | +0:12 | time up | 1 | +0:30 |
| 3 | Bo \\| Team | — | — | — | — | skipped | 0 | — |
| 4 | Chris \"CJ\" Lee | Rust, briefly | 5:00 | 4:00 | — | ended (restarted once) | 0 | — |

**Totals:** 3 given, 1 skipped; 14:27 used, 0:12 overtime.

The lineup changed once during the session.
";
        assert_eq!(markdown(&records(FINISHED)), expected);
    }

    #[test]
    fn a_finished_session_as_csv() {
        let expected =
            "position,speaker,title,slot_s,used_s,overtime_s,result,pauses,time_change_s,restarts
1,Ada,Twenty slides,300,285.4,0,early,0,0,0
2,Dustin Kang,Kafka로 실시간 데이터 처리,330,342,12,time up,1,30,0
3,Bo | Team,,,,0,skipped,0,0,0
4,\"Chris \"\"CJ\"\" Lee\",\"Rust, briefly\",300,240,0,ended,0,0,1
";
        assert_eq!(csv(&records(FINISHED)), expected);
    }

    #[test]
    fn a_running_session_shows_the_talk_on_stage() {
        // The log as it stands during Dustin's talk, after the wrap-up warning.
        let running: String = FINISHED
            .lines()
            .take(8)
            .map(|line| format!("{line}\n"))
            .collect();
        let records = records(&running);
        assert!(matches!(
            records.last().map(|record| &record.event),
            Some(Event::Warning {
                which: Warning::WrapUp,
                ..
            })
        ));
        let expected = "# Lightning Talks — Day 1

Started 2025-03-01T10:00:00.000Z; still running (no session end in the log).

| # | Speaker | Title | Slot | Used | Overtime | Result | Pauses | Time changes |
|--:|---|---|--:|--:|--:|---|--:|---|
| 1 | Ada | Twenty slides | 5:00 | 4:45 | — | early | 0 | — |
| 2 | Dustin Kang | Kafka로 실시간 데이터 처리 | 5:30 | 4:30 | — | running | 1 | +0:30 |

**Totals:** 1 given, 0 skipped, 1 running; 4:45 used, 0:00 overtime.
";
        assert_eq!(markdown(&records), expected);
        assert!(
            csv(&records)
                .ends_with("2,Dustin Kang,Kafka로 실시간 데이터 처리,330,270,0,running,1,30,0\n")
        );
    }

    #[test]
    fn a_talk_moved_in_the_panel_is_one_row_at_its_new_place() {
        // Cy is made next while Ann talks (the record carries Ann's clock); Bob was
        // started, sent back to his card by a restart, and is sent to the end.
        let log = r#"{"at":"2025-03-01T10:00:00.000Z","event":"session_started","title":"Day 1","talks":3}
{"at":"2025-03-01T10:00:05.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ann","title":"One","slot_ms":300000}
{"at":"2025-03-01T10:01:00.000Z","talk_ms":55000,"event":"talk_moved","position":3,"speaker":"Cy","to":2}
{"at":"2025-03-01T10:05:00.000Z","talk_ms":295000,"event":"talk_ended","position":1,"speaker":"Ann","used_ms":295000,"overtime_ms":0,"early":true}
{"at":"2025-03-01T10:05:10.000Z","talk_ms":0,"event":"talk_started","position":2,"speaker":"Cy","title":"Three","slot_ms":300000}
{"at":"2025-03-01T10:09:10.000Z","talk_ms":240000,"event":"talk_ended","position":2,"speaker":"Cy","used_ms":240000,"overtime_ms":0,"early":true}
{"at":"2025-03-01T10:09:20.000Z","talk_ms":0,"event":"talk_started","position":3,"speaker":"Bob","title":"Two","slot_ms":300000}
{"at":"2025-03-01T10:09:30.000Z","talk_ms":10000,"event":"talk_restarted","position":3,"speaker":"Bob"}
{"at":"2025-03-01T10:09:40.000Z","event":"talk_moved","position":3,"speaker":"Bob","to":3}
{"at":"2025-03-01T10:10:00.000Z","talk_ms":0,"event":"talk_started","position":3,"speaker":"Bob","title":"Two","slot_ms":300000}
{"at":"2025-03-01T10:14:00.000Z","talk_ms":240000,"event":"talk_ended","position":3,"speaker":"Bob","used_ms":240000,"overtime_ms":0,"early":true}
{"at":"2025-03-01T10:14:10.000Z","event":"session_ended","given":3,"skipped":0}
"#;
        let table = csv(&records(log));
        let speakers: Vec<String> = table
            .lines()
            .skip(1)
            .map(|line| line.split(',').take(2).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(speakers, ["1 Ann", "2 Cy", "3 Bob"], "{table}");
        assert!(table.contains("3,Bob,Two,300,240,0,early,0,0,1"), "{table}");
        let report = markdown(&records(log));
        assert!(
            report.contains("The lineup changed twice during the session."),
            "{report}"
        );
    }

    #[test]
    fn the_report_says_how_long_each_slide_was_up() {
        // Ada: slide 1 for 20 s, slide 2 (and its reveal) for 40 s with a pause that does
        // not count, slide 1 again for 10 s, slide 3 until she ends at 1:30. Bob: a
        // restart times his slides afresh; slide 2 is up at 0:00. Cy is still on slide 1.
        let log = r#"{"at":"2025-03-01T10:00:00.000Z","event":"session_started","title":"Day 1","talks":3}
{"at":"2025-03-01T10:00:05.000Z","talk_ms":0,"event":"talk_started","position":1,"speaker":"Ada","title":"One","slot_ms":300000}
{"at":"2025-03-01T10:00:05.000Z","talk_ms":0,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":1,"step":0}
{"at":"2025-03-01T10:00:25.000Z","talk_ms":20000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":2,"step":0}
{"at":"2025-03-01T10:00:35.000Z","talk_ms":30000,"event":"paused","position":1,"speaker":"Ada"}
{"at":"2025-03-01T10:02:35.000Z","talk_ms":30000,"event":"resumed","position":1,"speaker":"Ada"}
{"at":"2025-03-01T10:02:45.000Z","talk_ms":40000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":2,"step":1}
{"at":"2025-03-01T10:03:05.000Z","talk_ms":60000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":1,"step":0}
{"at":"2025-03-01T10:03:15.000Z","talk_ms":70000,"event":"slide_shown","position":1,"speaker":"Ada","title":"One","slide":3,"step":0}
{"at":"2025-03-01T10:03:35.000Z","talk_ms":90000,"event":"talk_ended","position":1,"speaker":"Ada","used_ms":90000,"overtime_ms":0,"early":true}
{"at":"2025-03-01T10:04:00.000Z","talk_ms":0,"event":"talk_started","position":2,"speaker":"Bob","title":"Two","slot_ms":60000}
{"at":"2025-03-01T10:04:00.000Z","talk_ms":0,"event":"slide_shown","position":2,"speaker":"Bob","title":"Two","slide":1,"step":0}
{"at":"2025-03-01T10:04:30.000Z","talk_ms":30000,"event":"talk_restarted","position":2,"speaker":"Bob"}
{"at":"2025-03-01T10:05:00.000Z","talk_ms":0,"event":"talk_started","position":2,"speaker":"Bob","title":"Two","slot_ms":60000}
{"at":"2025-03-01T10:05:00.000Z","talk_ms":0,"event":"slide_shown","position":2,"speaker":"Bob","title":"Two","slide":1,"step":0}
{"at":"2025-03-01T10:05:45.000Z","talk_ms":45000,"event":"slide_shown","position":2,"speaker":"Bob","title":"Two","slide":2,"step":0}
{"at":"2025-03-01T10:06:00.000Z","talk_ms":60000,"event":"time_up","position":2,"speaker":"Bob"}
{"at":"2025-03-01T10:06:08.000Z","talk_ms":68000,"event":"talk_ended","position":2,"speaker":"Bob","used_ms":60000,"overtime_ms":8000,"early":false}
{"at":"2025-03-01T10:07:00.000Z","talk_ms":0,"event":"talk_started","position":3,"speaker":"Cy","title":"Three","slot_ms":300000}
{"at":"2025-03-01T10:07:00.000Z","talk_ms":0,"event":"slide_shown","position":3,"speaker":"Cy","title":"Three","slide":1,"step":0}
{"at":"2025-03-01T10:07:42.000Z","talk_ms":42000,"event":"paused","position":3,"speaker":"Cy"}
"#;
        let report = markdown(&records(log));
        let table = report
            .split_once("\n## Time per slide\n\n")
            .map(|(_, table)| table)
            .unwrap_or_else(|| panic!("no slide table in:\n{report}"));
        assert_eq!(
            table,
            "### 1. Ada — One

| Slide | Time | Shown |
|--:|--:|--:|
| 1 | 0:30 | twice |
| 2 | 0:40 | once |
| 3 | 0:20 | once |

### 2. Bob — Two

| Slide | Time | Shown |
|--:|--:|--:|
| 1 | 0:45 | once |
| 2 | 0:15 | once |

### 3. Cy — Three

| Slide | Time | Shown |
|--:|--:|--:|
| 1 | 0:42 | once |
"
        );
        // A log without slide records (an older gong's) has no such table.
        assert!(!markdown(&records(FINISHED)).contains("Time per slide"));
    }

    #[test]
    fn an_empty_log_is_an_empty_report_not_a_failure() {
        assert!(markdown(&[]).contains("No session start in the log."));
        assert_eq!(csv(&[]).lines().count(), 1);
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("Ada"), "Ada");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" padded"), "\" padded\"");
    }
}
