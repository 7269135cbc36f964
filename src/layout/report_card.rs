//! A rehearsal's report card: each slide's time as a bar against its budget, with the
//! run before and the best run beside it, the total and what went over. Shown past the
//! last slide of a rehearsal and written by `gong report --png`; drawn from a
//! `ReportCard` alone.

use std::time::Duration;

use super::draw::{DrawItem, DrawList, Rect};
use super::measure::Face;
use super::slide::{DESIGN_HEIGHT, canvas};
use super::stage::StageContext;
use super::text::{fit_line, push_text};
use crate::duration::{format_change, format_elapsed};
use crate::view::ReportCard;

fn clock(ms: u64) -> String {
    format_elapsed(Duration::from_millis(ms))
}

/// The card in a window of `ctx`'s size.
pub(crate) fn compose_report(card: &ReportCard, ctx: StageContext) -> DrawList {
    let theme = ctx.theme;
    let measure = ctx.measure;
    let c = canvas((ctx.width, ctx.height));
    let u = c.h / DESIGN_HEIGHT;
    let mut list = DrawList::default();
    list.push(DrawItem::Rect {
        rect: Rect::new(0.0, 0.0, ctx.width, ctx.height),
        color: theme.background,
    });
    let left = c.x + 80.0 * u;
    let right = c.right() - 80.0 * u;
    push_text(
        &mut list,
        measure,
        left,
        c.y + 110.0 * u,
        &card.title,
        Face::Bold,
        (64.0 * u).round(),
        theme.heading,
    );
    let over = if card.overtime_ms > 0 {
        format!(" · {} over", clock(card.overtime_ms))
    } else {
        String::new()
    };
    let mut summary = format!("{} of {}{over}", clock(card.total_ms), clock(card.slot_ms));
    if let Some(previous) = card.previous_ms {
        summary.push_str(&format!(" · run before {}", clock(previous)));
    }
    if let (Some(best), Some(which)) = (card.best_ms, &card.best) {
        summary.push_str(&format!(" · best {} ({which})", clock(best)));
    }
    push_text(
        &mut list,
        measure,
        left,
        c.y + 180.0 * u,
        &summary,
        Face::Regular,
        (40.0 * u).round(),
        theme.text,
    );

    // The rows: as many as the card has, each as tall as fits, up to a comfortable one.
    let top = c.y + 240.0 * u;
    let bottom = c.bottom() - 110.0 * u;
    let count = card.rows.len().max(1) as f32;
    let row_h = ((bottom - top) / count).min(72.0 * u);
    let text_size = (row_h * 0.5).clamp(14.0 * u, 34.0 * u).round();
    let title_w = 460.0 * u;
    let numbers_w = 420.0 * u;
    let bar_left = left + title_w;
    let bar_w = (right - numbers_w - bar_left).max(10.0);
    let scale = card
        .rows
        .iter()
        .map(|row| row.ms.max(row.budget_ms).max(row.previous_ms.unwrap_or(0)))
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let mut over_slides = Vec::new();
    for (index, row) in card.rows.iter().enumerate() {
        let y = top + index as f32 * row_h;
        let baseline = (y + row_h * 0.62).round();
        // A long title shrinks a little, then is cut with an ellipsis short of the bar.
        let (title, title_size) = fit_line(
            measure,
            &row.title,
            Face::Regular,
            (text_size, (text_size * 0.8).round()),
            title_w - 20.0 * u,
        );
        push_text(
            &mut list,
            measure,
            left,
            baseline,
            &title,
            Face::Regular,
            title_size,
            theme.text,
        );
        let bar_h = (row_h * 0.44).max(2.0);
        let bar_y = y + (row_h - bar_h) / 2.0;
        let within = row.ms.min(row.budget_ms) as f32 / scale * bar_w;
        let beyond = row.ms.saturating_sub(row.budget_ms) as f32 / scale * bar_w;
        list.push(DrawItem::Rect {
            rect: Rect::new(bar_left, bar_y, within.max(1.0), bar_h),
            color: theme.accent,
        });
        if beyond > 0.0 {
            over_slides.push(format!("{} +{}", title, clock(row.ms - row.budget_ms)));
            list.push(DrawItem::Rect {
                rect: Rect::new(bar_left + within, bar_y, beyond, bar_h),
                color: theme.clock_final,
            });
        }
        // The budget: a mark where the bar should end.
        let budget_x = bar_left + row.budget_ms as f32 / scale * bar_w;
        list.push(DrawItem::Line {
            from: (budget_x, y + row_h * 0.12),
            to: (budget_x, y + row_h * 0.88),
            thickness: (3.0 * u).max(1.0),
            color: theme.text,
        });
        // The run before: a thin line under the bar.
        if let Some(previous) = row.previous_ms {
            let w = previous as f32 / scale * bar_w;
            list.push(DrawItem::Rect {
                rect: Rect::new(
                    bar_left,
                    bar_y + bar_h + 2.0 * u,
                    w.max(1.0),
                    (3.0 * u).max(1.0),
                ),
                color: theme.muted,
            });
        }
        let mut numbers = clock(row.ms);
        if let Some(previous) = row.previous_ms {
            numbers.push_str(&format!(" ({})", format_change(previous, row.ms)));
        }
        numbers.push_str(&format!(" / {}", clock(row.budget_ms)));
        push_text(
            &mut list,
            measure,
            right - numbers_w + 20.0 * u,
            baseline,
            &numbers,
            Face::Regular,
            text_size,
            theme.text,
        );
    }
    let mut foot = if over_slides.is_empty() {
        "Every slide within its budget.".to_string()
    } else {
        format!("Over: {}.", over_slides.join(", "))
    };
    if let Some(keys) = &card.keys {
        foot.push_str(&format!(" {keys}"));
    }
    push_text(
        &mut list,
        measure,
        left,
        c.bottom() - 50.0 * u,
        &foot,
        Face::Bold,
        (32.0 * u).round(),
        if over_slides.is_empty() {
            theme.muted
        } else {
            theme.clock_final
        },
    );
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::{FixedMeasure, Measure};
    use crate::theme::Theme;
    use crate::view::ReportRow;

    #[test]
    fn the_card_shows_each_slide_against_its_budget_and_what_went_over() {
        let card = ReportCard {
            title: "Run 2 of 2 · finished".into(),
            slot_ms: 60_000,
            total_ms: 65_000,
            overtime_ms: 5_000,
            previous_ms: Some(70_000),
            best_ms: Some(65_000),
            best: Some("run 2".into()),
            keys: None,
            rows: vec![
                ReportRow {
                    title: "Hello".into(),
                    budget_ms: 20_000,
                    ms: 15_000,
                    previous_ms: Some(25_000),
                    best_ms: Some(15_000),
                },
                ReportRow {
                    title: "Demo".into(),
                    budget_ms: 40_000,
                    ms: 50_000,
                    previous_ms: Some(45_000),
                    best_ms: Some(50_000),
                },
            ],
        };
        let theme = Theme::dark();
        let ctx = StageContext {
            width: 1920.0,
            height: 1080.0,
            theme: &theme,
            measure: &FixedMeasure::default(),
        };
        let list = compose_report(&card, ctx);
        let text = list.text();
        for wanted in [
            "Run 2 of 2 · finished",
            "1:05 of 1:00 · 0:05 over · run before 1:10 · best 1:05 (run 2)",
            "0:15 (-0:10) / 0:20",
            "0:50 (+0:05) / 0:40",
            "Over: Demo +0:10",
        ] {
            assert!(text.contains(wanted), "`{wanted}` in {text}");
        }
        // The slide over its budget has a red part; the one within has none.
        let red = list
            .items
            .iter()
            .filter(
                |item| matches!(item, DrawItem::Rect { color, .. } if *color == theme.clock_final),
            )
            .count();
        assert_eq!(red, 1);
    }

    #[test]
    fn a_long_title_is_cut_with_an_ellipsis_short_of_its_bar() {
        let long = "Show time left, not time used, and never the time of day either";
        let card = ReportCard {
            title: "Run 1 of 1 · finished".into(),
            slot_ms: 60_000,
            total_ms: 20_000,
            overtime_ms: 0,
            previous_ms: None,
            best_ms: None,
            best: None,
            keys: None,
            rows: vec![ReportRow {
                title: long.into(),
                budget_ms: 30_000,
                ms: 20_000,
                previous_ms: None,
                best_ms: None,
            }],
        };
        let theme = Theme::dark();
        let measure = FixedMeasure::default();
        let ctx = StageContext {
            width: 1920.0,
            height: 1080.0,
            theme: &theme,
            measure: &measure,
        };
        let list = compose_report(&card, ctx);
        let bar = list
            .items
            .iter()
            .find_map(|item| match item {
                DrawItem::Rect { rect, color } if *color == theme.accent => Some(*rect),
                _ => None,
            })
            .expect("the slide's bar");
        let title = list
            .items
            .iter()
            .find_map(|item| match item {
                DrawItem::Text { text, x, size, .. } if text.starts_with("Show time") => {
                    Some((text.clone(), *x, *size))
                }
                _ => None,
            })
            .expect("the slide's title");
        let (text, x, size) = title;
        assert!(text.ends_with('…') && text.len() < long.len(), "{text}");
        assert!(
            x + measure.width(&text, Face::Regular, size) < bar.x,
            "`{text}` reaches the bar at {}",
            bar.x
        );
    }
}
