//! `gong report DECK.rehearsals.jsonl`: every run of a talk side by side, slide by slide
//! (by title, as `rehearsal::compare` lines them up), as Markdown for people and CSV for
//! spreadsheets; and which slide the last run improved.

use std::fmt::Write as _;

use super::{cell, clock, csv_field, seconds};
use crate::duration::format_change;
use crate::rehearsal::compare::{TableRow, most_improved, table};
use crate::rehearsal::record::{Ending, RunRecord};

fn headers(runs: &[RunRecord]) -> Vec<String> {
    (1..=runs.len()).map(|n| format!("run {n}")).collect()
}

/// The change on a slide from the run before that had it to the last run, as shown.
fn change(row: &TableRow) -> Option<String> {
    let mut times = row.ms.iter().rev();
    let last = (*times.next()?)?;
    let before = times.flatten().next()?;
    Some(format_change(*before, last))
}

/// `2026-03-01T10:00:05.000Z` → `2026-03-01 10:00`.
fn when(stamp: &str) -> String {
    stamp.get(..16).unwrap_or(stamp).replace('T', " ")
}

/// The runs as Markdown.
pub(crate) fn markdown(runs: &[RunRecord]) -> String {
    let mut out = String::new();
    let deck = runs.last().map_or("", |run| run.deck.as_str());
    let _ = writeln!(out, "# Rehearsals of {}\n", deck.replace('\n', " "));
    if runs.is_empty() {
        let _ = writeln!(out, "No run recorded yet.");
        return out;
    }
    let rows = table(runs);
    let names = headers(runs);
    let _ = writeln!(out, "| Slide | Budget | {} | Change |", names.join(" | "));
    let _ = writeln!(out, "|---|--:|{}--:|", "--:|".repeat(runs.len()));
    for row in &rows {
        let times: Vec<String> = row
            .ms
            .iter()
            .map(|ms| ms.map_or_else(|| "—".to_string(), clock))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&row.title),
            clock(row.budget_ms),
            times.join(" | "),
            change(row).unwrap_or_default()
        );
    }
    let per_run =
        |what: &dyn Fn(&RunRecord) -> String| runs.iter().map(what).collect::<Vec<_>>().join(" | ");
    let slot = runs.last().map_or(0, |run| run.slot_ms);
    let _ = writeln!(
        out,
        "| **Total** | {} | {} | |",
        clock(slot),
        per_run(&|run| format!("**{}**", clock(run.total_ms())))
    );
    let _ = writeln!(
        out,
        "| Overtime | | {} | |",
        per_run(&|run| clock(run.overtime_ms))
    );
    let _ = writeln!(
        out,
        "| Ended | | {} | |",
        per_run(&|run| Ending::word(run.ended).to_string())
    );
    let _ = writeln!(
        out,
        "| Started | | {} | |",
        per_run(&|run| when(&run.started))
    );
    out.push('\n');
    if runs.len() > 1 {
        match most_improved(&rows) {
            Some((title, saved)) => {
                let _ = writeln!(
                    out,
                    "Most improved since the run before: **{}** ({} shorter).",
                    title.replace('\n', " "),
                    clock(saved)
                );
            }
            None => {
                let _ = writeln!(out, "No slide got shorter since the run before.");
            }
        }
    }
    if let Some(last) = runs.last() {
        let over: Vec<String> = last
            .slides
            .iter()
            .filter(|slide| slide.ms > slide.budget_ms)
            .map(|slide| {
                format!(
                    "{} (+{})",
                    slide.title.replace('\n', " "),
                    clock(slide.ms - slide.budget_ms)
                )
            })
            .collect();
        if over.is_empty() {
            let _ = writeln!(out, "Every slide of the last run was within its budget.");
        } else {
            let _ = writeln!(out, "Over budget in the last run: {}.", over.join(", "));
        }
    }
    out
}

/// The runs as CSV: a slide a row, its budget and each run's time in seconds, then the
/// totals and how each run ended.
pub(crate) fn csv(runs: &[RunRecord]) -> String {
    let mut out = String::new();
    let names = headers(runs);
    let _ = writeln!(out, "slide,budget_s,{}", names.join(","));
    for row in table(runs) {
        let times: Vec<String> = row
            .ms
            .iter()
            .map(|ms| ms.map_or_else(String::new, seconds))
            .collect();
        let _ = writeln!(
            out,
            "{},{},{}",
            csv_field(&row.title),
            seconds(row.budget_ms),
            times.join(",")
        );
    }
    let totals: Vec<String> = runs.iter().map(|run| seconds(run.total_ms())).collect();
    let slot = runs.last().map_or(0, |run| run.slot_ms);
    let _ = writeln!(out, "total,{},{}", seconds(slot), totals.join(","));
    let endings: Vec<&str> = runs.iter().map(|run| Ending::word(run.ended)).collect();
    let _ = writeln!(out, "ended,,{}", endings.join(","));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rehearsal::record::read_runs;

    const RECORD: &str = r#"{"at":"2026-03-01T10:00:05.000Z","rehearsal":1,"started":"2026-03-01T10:00:00.000Z","deck":"talk.md","slot_ms":60000,"slides":[{"title":"Hello","budget_ms":10000,"ms":12000},{"title":"Why, then","budget_ms":50000,"ms":55000}],"used_ms":60000,"overtime_ms":7000,"ended":"finished"}
{"at":"2026-03-01T11:00:05.000Z","rehearsal":1,"started":"2026-03-01T11:00:00.000Z","deck":"talk.md","slot_ms":60000,"slides":[{"title":"Hello","budget_ms":10000,"ms":9000},{"title":"Why, then","budget_ms":50000,"ms":41000}],"used_ms":50000,"overtime_ms":0}
"#;

    #[test]
    fn every_run_is_a_column_and_the_improved_slide_is_named() {
        let (runs, _) = read_runs(RECORD);
        let text = markdown(&runs);
        let expected = "\
# Rehearsals of talk.md

| Slide | Budget | run 1 | run 2 | Change |
|---|--:|--:|--:|--:|
| Hello | 0:10 | 0:12 | 0:09 | -0:03 |
| Why, then | 0:50 | 0:55 | 0:41 | -0:14 |
| **Total** | 1:00 | **1:07** | **0:50** | |
| Overtime | | 0:07 | 0:00 | |
| Ended | | finished | unfinished | |
| Started | | 2026-03-01 10:00 | 2026-03-01 11:00 | |

Most improved since the run before: **Why, then** (0:14 shorter).
Every slide of the last run was within its budget.
";
        assert_eq!(text, expected);
    }

    #[test]
    fn the_runs_as_csv() {
        let (runs, _) = read_runs(RECORD);
        assert_eq!(
            csv(&runs),
            "slide,budget_s,run 1,run 2\nHello,10,12,9\n\"Why, then\",50,55,41\n\
             total,60,67,50\nended,,finished,unfinished\n"
        );
    }
}
