//! Runs set side by side: the report card of one run against the run before it and the
//! best so far, and the rows of `gong report`'s table (every slide by its title, every run
//! a column). Slides are matched between runs by title, in order, so a deck edited
//! between runs still lines up.
//!
//! The best run: of the runs that reached the end, the one with the least overtime, then
//! the one nearest its slot (a lightning talk is best when it fills its slot and no more).

use crate::duration::shown_saving_ms;
use crate::view::{ReportCard, ReportRow};

use super::record::{Ending, RunRecord};

/// Index of the best of `runs` (see the module header); `None` when none finished.
pub(crate) fn best_run(runs: &[RunRecord]) -> Option<usize> {
    runs.iter()
        .enumerate()
        .filter(|(_, run)| run.ended == Some(Ending::Finished))
        .min_by_key(|(_, run)| (run.overtime_ms, run.slot_ms.abs_diff(run.used_ms)))
        .map(|(index, _)| index)
}

/// The time `run` spent on the slide called `title`, the `nth` of that name (0-based).
fn time_of(run: &RunRecord, title: &str, nth: usize) -> Option<u64> {
    run.slides
        .iter()
        .filter(|slide| slide.title == title)
        .nth(nth)
        .map(|slide| slide.ms)
}

/// The report card of `runs[index]`, against the run before it and the best up to it.
pub(crate) fn report_card(runs: &[RunRecord], index: usize) -> Option<ReportCard> {
    let run = runs.get(index)?;
    let previous = index.checked_sub(1).and_then(|before| runs.get(before));
    let best_index = best_run(&runs[..=index]);
    let best = best_index.and_then(|best| runs.get(best));
    let mut seen: Vec<&str> = Vec::new();
    let rows = run
        .slides
        .iter()
        .map(|slide| {
            let nth = seen.iter().filter(|title| **title == slide.title).count();
            seen.push(&slide.title);
            ReportRow {
                title: slide.title.clone(),
                budget_ms: slide.budget_ms,
                ms: slide.ms,
                previous_ms: previous.and_then(|other| time_of(other, &slide.title, nth)),
                best_ms: best.and_then(|other| time_of(other, &slide.title, nth)),
            }
        })
        .collect();
    Some(ReportCard {
        title: format!(
            "Run {} of {} · {}",
            index + 1,
            runs.len(),
            Ending::word(run.ended)
        ),
        slot_ms: run.slot_ms,
        total_ms: run.total_ms(),
        overtime_ms: run.overtime_ms,
        previous_ms: previous.map(RunRecord::total_ms),
        best_ms: best.map(RunRecord::total_ms),
        best: best_index.map(|best| format!("run {}", best + 1)),
        rows,
        keys: None,
    })
}

/// One row of the table of runs: a slide, its budget (as the latest run that has it
/// planned it) and each run's time on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableRow {
    pub title: String,
    pub budget_ms: u64,
    /// By run, in order; `None` where that run's deck had no such slide.
    pub ms: Vec<Option<u64>>,
}

/// Every slide of every run, the latest run's order first (the deck as it is now), then
/// slides only older runs had.
pub(crate) fn table(runs: &[RunRecord]) -> Vec<TableRow> {
    let mut keys: Vec<(String, usize, u64)> = Vec::new();
    for run in runs.iter().rev() {
        let mut seen: Vec<&str> = Vec::new();
        for slide in &run.slides {
            let nth = seen.iter().filter(|title| **title == slide.title).count();
            seen.push(&slide.title);
            if !keys
                .iter()
                .any(|(title, n, _)| *title == slide.title && *n == nth)
            {
                keys.push((slide.title.clone(), nth, slide.budget_ms));
            }
        }
    }
    keys.into_iter()
        .map(|(title, nth, budget_ms)| TableRow {
            ms: runs.iter().map(|run| time_of(run, &title, nth)).collect(),
            title,
            budget_ms,
        })
        .collect()
}

/// The slide that gained most time between the last two runs that reached it (less time
/// on a slide over its budget, or any cut on one that ran over): its title and the
/// time saved as the report shows it (whole seconds, see `format_change`). `None` when
/// no slide reads shorter.
pub(crate) fn most_improved(rows: &[TableRow]) -> Option<(String, u64)> {
    rows.iter()
        .filter_map(|row| {
            let mut times = row.ms.iter().rev().flatten();
            let (last, before) = (times.next()?, times.next()?);
            let saved = shown_saving_ms(*before, *last);
            (saved > 0).then(|| (row.title.clone(), saved, before - last))
        })
        // The most seconds as shown; between equals, the most time behind them.
        .max_by_key(|(_, saved, exact)| (*saved, *exact))
        .map(|(title, saved, _)| (title, saved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rehearsal::SlideTime;

    fn run(
        started: &str,
        times: &[(&str, u64)],
        overtime: u64,
        ended: Option<Ending>,
    ) -> RunRecord {
        let slides: Vec<SlideTime> = times
            .iter()
            .map(|(title, ms)| SlideTime {
                title: title.to_string(),
                budget_ms: 20_000,
                ms: *ms,
            })
            .collect();
        let total: u64 = slides.iter().map(|slide| slide.ms).sum();
        RunRecord {
            at: started.into(),
            rehearsal: 1,
            started: started.into(),
            deck: "talk.md".into(),
            slot_ms: 60_000,
            strict: false,
            slides,
            used_ms: total - overtime,
            overtime_ms: overtime,
            ended,
        }
    }

    fn three_runs() -> Vec<RunRecord> {
        vec![
            run(
                "1",
                &[("A", 20_000), ("B", 40_000), ("C", 15_000)],
                15_000,
                Some(Ending::Finished),
            ),
            run("2", &[("A", 18_000), ("B", 30_000)], 0, None),
            run(
                "3",
                &[("A", 19_000), ("New", 5_000), ("B", 22_000), ("C", 14_000)],
                0,
                Some(Ending::Finished),
            ),
        ]
    }

    #[test]
    fn the_card_compares_each_slide_with_the_run_before_and_the_best() {
        let runs = three_runs();
        let card = report_card(&runs, 2).expect("a card");
        assert_eq!(card.title, "Run 3 of 3 · finished");
        assert_eq!(
            (card.total_ms, card.previous_ms, card.best_ms),
            (60_000, Some(48_000), Some(60_000))
        );
        assert_eq!(card.best.as_deref(), Some("run 3"));
        let rows: Vec<_> = card
            .rows
            .iter()
            .map(|row| (row.title.as_str(), row.ms, row.previous_ms, row.best_ms))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("A", 19_000, Some(18_000), Some(19_000)),
                ("New", 5_000, None, Some(5_000)),
                ("B", 22_000, Some(30_000), Some(22_000)),
                ("C", 14_000, None, Some(14_000)),
            ]
        );
        // Before run 3, the best was run 1, the only one to finish.
        let card = report_card(&runs, 1).expect("a card");
        assert_eq!(card.best.as_deref(), Some("run 1"));
        assert_eq!(card.title, "Run 2 of 3 · unfinished");
    }

    #[test]
    fn the_table_has_every_slide_of_every_run_and_names_the_one_improved() {
        let runs = three_runs();
        let rows = table(&runs);
        let seen: Vec<_> = rows
            .iter()
            .map(|row| (row.title.as_str(), row.ms.clone()))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("A", vec![Some(20_000), Some(18_000), Some(19_000)]),
                ("New", vec![None, None, Some(5_000)]),
                ("B", vec![Some(40_000), Some(30_000), Some(22_000)]),
                ("C", vec![Some(15_000), None, Some(14_000)]),
            ]
        );
        assert_eq!(most_improved(&rows), Some(("B".to_string(), 8_000)));
    }

    #[test]
    fn the_most_improved_slide_is_the_one_the_columns_show_shorter() {
        let row = |title: &str, before, after| TableRow {
            title: title.to_string(),
            budget_ms: 20_000,
            ms: vec![Some(before), Some(after)],
        };
        // 0.9 s saved within one second reads 0:04 → 0:04: no improvement; 3.021 s →
        // 1.025 s reads 0:03 → 0:01, two seconds.
        let rows = [row("Same", 4_950, 4_050), row("Cut", 3_021, 1_025)];
        assert_eq!(most_improved(&rows), Some(("Cut".to_string(), 2_000)));
        assert_eq!(most_improved(&rows[..1]), None);
        // Two slides that read two seconds shorter: the one with more time behind it.
        let rows = [row("Less", 5_000, 3_999), row("More", 5_999, 3_000)];
        assert_eq!(most_improved(&rows), Some(("More".to_string(), 2_000)));
    }
}
