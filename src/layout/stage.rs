//! The stage: everything on screen around and instead of a slide — the cards (Up next,
//! TIME, Thank you, Summary, a broken deck's title card), the footer with the clock,
//! banners, and the overlays (help, lineup panel, overview grid, black screen) — composed
//! into one `DrawList` from the `Show` and the instant.
//!
//! Pure: it reads the show and draws; it must not change the show, read files or look at
//! the clock itself. The slide's own content arrives already laid out.
//!
//! Colour is never the only signal (one man in twelve cannot tell red from green): amber
//! comes with "1 MIN", red with "30 s", the last seconds with "LAST 10 s", a pause with
//! "PAUSED", time-up with "TIME".
//!
//! The footer takes the theme's `footer_height` at the bottom of the canvas, the strip
//! slide layout keeps free; both use `layout::canvas`, so the two always agree.

use std::time::{Duration, Instant};

use super::draw::{DrawItem, DrawList, Rect, Rgba};
use super::measure::{Face, Measure};
use super::slide::{DESIGN_HEIGHT, canvas};
use super::text::{push_text, push_text_centered};
use crate::clock::Phase;
use crate::command::HELP;
use crate::duration::{format_countdown, format_elapsed, format_short};
use crate::format::Format;
use crate::show::{Outcome, Overlay, Screen, Show, Turn};
use crate::theme::Theme;

/// How much of the footer's width a banner over a slide takes, from the left: the clock
/// sits in the rest.
const BANNER_SHARE_OF_FOOTER: f32 = 0.72;

/// What composing a frame needs besides the show.
#[derive(Clone, Copy)]
pub struct StageContext<'a> {
    /// Window size in pixels.
    pub width: f32,
    pub height: f32,
    pub theme: &'a Theme,
    pub measure: &'a dyn Measure,
}

/// Composes one frame. `slide` is the current slide already laid out (in window pixels,
/// for `layout::canvas`), or `None` while its deck is not ready. A slide that says
/// `no_footer` gets no footer, except the clock from the first warning on: a warning
/// is never hidden.
pub fn compose(show: &Show, now: Instant, slide: Option<&DrawList>, ctx: StageContext) -> DrawList {
    let stage = Stage::new(ctx);
    let mut list = DrawList::default();
    list.push(DrawItem::Rect {
        rect: Rect::new(0.0, 0.0, ctx.width, ctx.height),
        color: ctx.theme.background,
    });
    // Where a banner goes: on a slide, into the footer strip beside the clock, which the
    // slide's layout keeps free, so no line of the speaker's slide is hidden; on a card,
    // across the top, which every card keeps clear.
    let mut banner_in_footer = false;
    match show.screen() {
        Screen::UpNext => stage.up_next(&mut list, show),
        Screen::Talk => {
            banner_in_footer = true;
            let mut footer = true;
            match (show.current_turn(), slide) {
                (Some(turn), _) if turn.plan.problem.is_some() => stage.title_card(&mut list, turn),
                (_, Some(slide)) => {
                    footer = !slide.no_footer;
                    list.extend(slide.clone());
                }
                (Some(turn), None) => stage.title_card(&mut list, turn),
                (None, None) => {}
            }
            if footer {
                stage.footer(&mut list, show, now);
            } else {
                stage.clock_alone(&mut list, show, now);
            }
        }
        Screen::TimeUp => stage.time_up(&mut list, show, now),
        Screen::ThankYou => stage.thank_you(&mut list, show),
        Screen::Summary => stage.summary(&mut list, show),
    }
    match show.overlay() {
        Some(Overlay::Help) => stage.help(&mut list),
        Some(Overlay::Lineup { selected }) => stage.lineup(&mut list, show, selected),
        Some(Overlay::Overview { selected }) => stage.overview(&mut list, show, selected),
        Some(Overlay::Black) | None => {}
    }
    if let Some(text) = show.banner(now) {
        if banner_in_footer && show.overlay().is_none() {
            stage.banner_in_footer(&mut list, &text);
        } else {
            stage.banner(&mut list, &text);
        }
    }
    if show.overlay() == Some(Overlay::Black) {
        list.push(DrawItem::Rect {
            rect: Rect::new(0.0, 0.0, ctx.width, ctx.height),
            color: Rgba::rgb(0, 0, 0),
        });
    }
    list
}

/// "1 MIN" for a whole number of minutes, "30 s" otherwise.
fn threshold_label(threshold: Duration) -> String {
    let seconds = threshold.as_secs();
    if seconds >= 60 && seconds.is_multiple_of(60) {
        format!("{} MIN", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}

/// The clock as the footer shows it.
struct ClockLook {
    text: String,
    color: Rgba,
    cue: Option<String>,
    /// The last seconds: drawn large, scaled by this pulse (1.0 = no pulse).
    large: Option<f32>,
    /// Alpha for the blinking cue.
    cue_alpha: u8,
}

fn clock_look(show: &Show, now: Instant, theme: &Theme) -> ClockLook {
    let clock = show.clock();
    let remaining = clock.remaining(now);
    let thresholds = clock.thresholds();
    let mut look = ClockLook {
        text: format_countdown(remaining),
        color: theme.clock,
        cue: None,
        large: None,
        cue_alpha: 255,
    };
    match clock.phase(now) {
        Phase::Normal => {}
        Phase::WrapUp => {
            look.color = theme.clock_wrap_up;
            look.cue = Some(threshold_label(thresholds.wrap_up));
        }
        Phase::Final => {
            look.color = theme.clock_final;
            look.cue = Some(threshold_label(thresholds.final_call));
        }
        Phase::LastSeconds => {
            // The pulse can start before the final warning (warnings of 10 s and 5 s):
            // the colour still says which warning has passed, the words say what is
            // happening now.
            look.color =
                if remaining > thresholds.final_call && thresholds.final_call < clock.slot() {
                    theme.clock_wrap_up
                } else {
                    theme.clock_final
                };
            look.cue = Some(format!("LAST {}", threshold_label(thresholds.pulse)));
            // Each second starts large and settles: the pulse follows the count itself.
            // In four steps, not a smooth curve: every text size is a new set of glyphs
            // (each ~190 px tall) in the font's atlas, and a smooth pulse rasterised
            // dozens of sizes, growing the atlas and stalling the first pulsing frames.
            let into_second = (remaining.as_millis() % 1000) as f32 / 1000.0;
            let step = (into_second * 4.0).floor().min(3.0) / 3.0;
            look.large = Some(1.0 + 0.15 * step);
        }
        Phase::TimeUp => {
            look.color = theme.clock_final;
            look.cue = Some("TIME".to_string());
        }
        Phase::Paused => {
            // Not a warning colour: the accent, with the word blinking beside the count.
            look.color = theme.accent;
            look.cue = Some("PAUSED".to_string());
            let paused = clock.paused_for(now).unwrap_or_default();
            look.cue_alpha = if (paused.as_millis() / 500).is_multiple_of(2) {
                255
            } else {
                110
            };
        }
    }
    look
}

struct Stage<'a> {
    ctx: StageContext<'a>,
    canvas: Rect,
    /// One pixel of a 1080-line canvas.
    unit: f32,
}

impl<'a> Stage<'a> {
    fn new(ctx: StageContext<'a>) -> Stage<'a> {
        let canvas = canvas((ctx.width, ctx.height));
        Stage {
            ctx,
            canvas,
            unit: canvas.h / DESIGN_HEIGHT,
        }
    }

    fn theme(&self) -> &Theme {
        self.ctx.theme
    }

    /// The largest size up to `size` at which `text` fits `max_width`, never below half
    /// of it; past that the text is cut with an ellipsis.
    fn fit(&self, text: &str, face: Face, size: f32, max_width: f32) -> (String, f32) {
        let measure = self.ctx.measure;
        let width = measure.width(text, face, size);
        if width <= max_width || width <= 0.0 {
            return (text.to_string(), size);
        }
        let floor = size * 0.5;
        // A hair under the exact ratio: rounding must not tip it over and cost an ellipsis.
        let fitted = (size * max_width / width * 0.999).max(floor);
        if measure.width(text, face, fitted) <= max_width {
            return (text.to_string(), fitted);
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let cut: String = chars.iter().collect::<String>() + "…";
            if measure.width(&cut, face, fitted) <= max_width {
                return (cut, fitted);
            }
        }
        (String::new(), fitted)
    }

    /// A centred line of text fitted to the canvas width; returns the size used.
    fn centered(
        &self,
        list: &mut DrawList,
        baseline_share: f32,
        text: &str,
        face: Face,
        size: f32,
        color: Rgba,
    ) -> f32 {
        let c = self.canvas;
        let (text, size) = self.fit(text, face, size * self.unit, c.w * 0.9);
        push_text_centered(
            list,
            self.ctx.measure,
            c.x + c.w / 2.0,
            c.y + c.h * baseline_share,
            &text,
            face,
            size,
            color,
        );
        size
    }

    /// Text at `x` fitted to `max_width`.
    #[allow(clippy::too_many_arguments)]
    fn left(
        &self,
        list: &mut DrawList,
        x: f32,
        baseline: f32,
        text: &str,
        face: Face,
        size: f32,
        max_width: f32,
        color: Rgba,
    ) -> f32 {
        let (text, size) = self.fit(text, face, size, max_width);
        push_text(
            list,
            self.ctx.measure,
            x,
            baseline,
            &text,
            face,
            size,
            color,
        )
    }

    /// Text ending at `right`.
    #[allow(clippy::too_many_arguments)]
    fn right(
        &self,
        list: &mut DrawList,
        right: f32,
        baseline: f32,
        text: &str,
        face: Face,
        size: f32,
        color: Rgba,
    ) -> f32 {
        let width = self.ctx.measure.width(text, face, size);
        push_text(
            list,
            self.ctx.measure,
            right - width,
            baseline,
            text,
            face,
            size,
            color,
        );
        width
    }

    fn next_line(show: &Show) -> Option<String> {
        if show.settings().single_talk {
            return None;
        }
        Some(match show.next_turn() {
            Some(next) => format!("Next: {}", next.plan.speaker),
            None => "Last talk of the session".to_string(),
        })
    }

    fn up_next(&self, list: &mut DrawList, show: &Show) {
        let Some(turn) = show.current_turn() else {
            return;
        };
        let theme = self.theme();
        let label = if show.settings().single_talk {
            "Ready".to_string()
        } else {
            format!(
                "Up next  ·  {} of {}",
                show.current() + 1,
                show.turns().len()
            )
        };
        self.centered(list, 0.17, &label, Face::Regular, 46.0, theme.muted);
        self.centered(
            list,
            0.33,
            &turn.plan.speaker,
            Face::Bold,
            120.0,
            theme.heading,
        );
        self.centered(
            list,
            0.445,
            &turn.plan.title,
            Face::Regular,
            64.0,
            theme.text,
        );
        let slot = show.clock().slot();
        self.centered(
            list,
            0.66,
            &format_countdown(slot),
            Face::Bold,
            200.0,
            theme.clock,
        );
        let mut about = format!("{} slot", format_short(slot));
        if turn.plan.format != Format::Free {
            about.push_str(&format!("  ·  {}", turn.plan.format.name()));
        }
        self.centered(list, 0.75, &about, Face::Regular, 42.0, theme.muted);
        if let Some(problem) = &turn.plan.problem {
            self.centered(
                list,
                0.82,
                &format!("Deck problem: {problem}"),
                Face::Regular,
                34.0,
                theme.clock_wrap_up,
            );
        }
        self.centered(
            list,
            0.92,
            "Press → or S to start",
            Face::Regular,
            36.0,
            theme.muted,
        );
    }

    /// A talk without slides to show: its speaker, title and, for a broken deck, why.
    fn title_card(&self, list: &mut DrawList, turn: &Turn) {
        let theme = self.theme();
        self.centered(
            list,
            0.38,
            &turn.plan.speaker,
            Face::Bold,
            110.0,
            theme.heading,
        );
        self.centered(
            list,
            0.50,
            &turn.plan.title,
            Face::Regular,
            60.0,
            theme.text,
        );
        if let Some(problem) = &turn.plan.problem {
            self.centered(
                list,
                0.66,
                problem,
                Face::Regular,
                36.0,
                theme.clock_wrap_up,
            );
        }
    }

    /// The footer strip: its top edge and height in window pixels.
    fn footer_strip(&self) -> (f32, f32) {
        let c = self.canvas;
        let height = (self.theme().sizes.footer_height * self.unit).round();
        (c.bottom() - height, height)
    }

    /// The thin bar of the slides' progress along the footer's top edge.
    fn progress_bar_height(&self) -> f32 {
        (3.0 * self.unit).round().max(1.0)
    }

    fn footer(&self, list: &mut DrawList, show: &Show, now: Instant) {
        let theme = self.theme();
        let c = self.canvas;
        let (top, height) = self.footer_strip();
        let pad = c.w * 0.02;
        // Read from the back of the room: speaker and n/N at about 27 px at 1080p,
        // the clock larger still.
        let size = (height * 0.38).round();
        let baseline = (top + height * 0.66).round();
        let Some(turn) = show.current_turn() else {
            return;
        };

        // Over a full-bleed picture the footer needs its own ground to stay legible; on
        // a plain slide it is the slide's own colour and does not show.
        list.push(DrawItem::Rect {
            rect: Rect::new(c.x, top, c.w, height),
            color: theme.background.with_alpha(215),
        });
        // The progress of slides: a thin bar along the footer's top edge.
        let count = turn.plan.slides.len();
        let bar = self.progress_bar_height();
        list.push(DrawItem::Rect {
            rect: Rect::new(c.x, top, c.w, bar),
            color: theme.muted.with_alpha(60),
        });
        if count > 0 {
            let done = (show.slide() + 1) as f32 / count as f32;
            list.push(DrawItem::Rect {
                rect: Rect::new(c.x, top, c.w * done, bar),
                color: theme.accent,
            });
        }

        self.left(
            list,
            c.x + pad,
            baseline,
            &turn.plan.speaker,
            Face::Regular,
            size,
            c.w * 0.3,
            theme.muted,
        );
        let middle = match show.typed_slide(now) {
            Some(n) => format!("go to {n}"),
            None if count > 0 => format!("{} / {count}", show.slide() + 1),
            None => String::new(),
        };
        push_text_centered(
            list,
            self.ctx.measure,
            c.x + c.w / 2.0,
            baseline,
            &middle,
            Face::Regular,
            size,
            theme.muted,
        );
        self.clock(list, show, now, baseline);
    }

    /// The clock without the rest of the footer, for a `no_footer` slide: nothing while
    /// all is well, the clock and its cue from the first warning on.
    fn clock_alone(&self, list: &mut DrawList, show: &Show, now: Instant) {
        if show.clock().phase(now) == Phase::Normal {
            return;
        }
        let (top, height) = self.footer_strip();
        self.clock(list, show, now, (top + height * 0.66).round());
    }

    /// The clock at the footer's right end, its cue left of it; in the last seconds the
    /// count large above the footer, on a plate so slide content never muddles it.
    fn clock(&self, list: &mut DrawList, show: &Show, now: Instant, baseline: f32) {
        let theme = self.theme();
        let c = self.canvas;
        let (top, height) = self.footer_strip();
        let pad = c.w * 0.02;
        let size = (height * 0.38).round();
        let cue_size = (height * 0.44).round();
        let clock_size = (height * 0.62).round();
        let look = clock_look(show, now, theme);
        let right = c.right() - pad;
        let clock_width = match look.large {
            Some(pulse) => {
                let big = (c.h * 0.16 * pulse).round();
                let measure = self.ctx.measure;
                let width = measure.width(&look.text, Face::Bold, big);
                let metrics = measure.metrics(Face::Bold, big);
                let big_baseline = (top - c.h * 0.02).round();
                let margin = big * 0.12;
                list.push(DrawItem::Rect {
                    rect: Rect::new(
                        right - width - margin,
                        big_baseline - metrics.ascent * 0.8 - margin,
                        width + 2.0 * margin,
                        metrics.ascent * 0.8 + 2.0 * margin,
                    ),
                    color: theme.background.with_alpha(225),
                });
                self.right(
                    list,
                    right,
                    big_baseline,
                    &look.text,
                    Face::Bold,
                    big,
                    look.color,
                );
                0.0
            }
            None => self.right(
                list,
                right,
                baseline,
                &look.text,
                Face::Bold,
                clock_size,
                look.color,
            ),
        };
        if let Some(cue) = look.cue {
            let gap = if clock_width > 0.0 { size * 0.8 } else { 0.0 };
            self.right(
                list,
                right - clock_width - gap,
                baseline,
                &cue,
                Face::Bold,
                cue_size,
                look.color.with_alpha(look.cue_alpha),
            );
        }
    }

    fn time_up(&self, list: &mut DrawList, show: &Show, now: Instant) {
        let theme = self.theme();
        let speaker = show.current_turn().map_or("", |t| t.plan.speaker.as_str());
        self.centered(list, 0.30, "TIME", Face::Bold, 220.0, theme.clock_final);
        self.centered(
            list,
            0.48,
            &format!("Thank you, {speaker}"),
            Face::Bold,
            90.0,
            theme.heading,
        );
        let overtime = format!("+{}", format_elapsed(show.clock().overtime(now)));
        self.centered(list, 0.62, &overtime, Face::Bold, 72.0, theme.clock_final);
        self.hand_over(list, show, 0.76);
    }

    fn thank_you(&self, list: &mut DrawList, show: &Show) {
        let theme = self.theme();
        let Some(turn) = show.current_turn() else {
            return;
        };
        self.centered(
            list,
            0.40,
            &format!("Thank you, {}", turn.plan.speaker),
            Face::Bold,
            100.0,
            theme.heading,
        );
        if let Outcome::Given { used, .. } = turn.outcome {
            self.centered(
                list,
                0.55,
                &format!("Time used {}", format_elapsed(used)),
                Face::Regular,
                56.0,
                theme.text,
            );
        }
        self.hand_over(list, show, 0.72);
    }

    /// The foot of the TIME and Thank-you cards: who is next, and the one key that
    /// moves on (speaker keys do nothing here).
    fn hand_over(&self, list: &mut DrawList, show: &Show, next_at: f32) {
        let theme = self.theme();
        if let Some(next) = Self::next_line(show) {
            self.centered(list, next_at, &next, Face::Regular, 50.0, theme.text);
        }
        self.centered(
            list,
            0.92,
            "N: next speaker",
            Face::Regular,
            36.0,
            theme.muted,
        );
    }

    fn summary(&self, list: &mut DrawList, show: &Show) {
        let theme = self.theme();
        let c = self.canvas;
        let title = if show.settings().title.is_empty() {
            "Session summary"
        } else {
            show.settings().title.as_str()
        };
        self.centered(list, 0.12, title, Face::Bold, 70.0, theme.heading);
        let turns = show.turns();
        // Rows as tall as a short session allows (a long one shrinks them), the table in
        // the middle of the room between title and bottom line, rules between rows.
        let area_top = c.y + c.h * 0.2;
        let area_bottom = c.y + c.h * 0.86;
        let row = ((area_bottom - area_top) / turns.len().max(1) as f32).min(84.0 * self.unit);
        let size = (row * 0.58).min(46.0 * self.unit).round();
        let top = area_top + (area_bottom - area_top - row * turns.len() as f32) / 2.0;
        let left = c.x + c.w * 0.12;
        let right = c.right() - c.w * 0.12;
        let rule = (1.5 * self.unit).max(1.0);
        for index in 1..turns.len() {
            let y = (top + row * index as f32).round();
            list.push(DrawItem::Line {
                from: (left, y),
                to: (right, y),
                thickness: rule,
                color: theme.table_rule,
            });
        }
        for (index, turn) in turns.iter().enumerate() {
            let baseline = (top + row * (index as f32 + 0.68)).round();
            let (result, color) = outcome_text(turn.outcome, theme);
            let result_width = self.right(list, right, baseline, &result, Face::Bold, size, color);
            let name = format!("{}. {} — {}", index + 1, turn.plan.speaker, turn.plan.title);
            self.left(
                list,
                left,
                baseline,
                &name,
                Face::Regular,
                size,
                (right - left - result_width - size).max(0.0),
                theme.text,
            );
        }
        let given = turns
            .iter()
            .filter(|t| matches!(t.outcome, Outcome::Given { .. }))
            .count();
        let skipped = turns
            .iter()
            .filter(|t| t.outcome == Outcome::Skipped)
            .count();
        self.centered(
            list,
            0.93,
            &format!("{given} given, {skipped} skipped  ·  Q to quit"),
            Face::Regular,
            32.0,
            theme.muted,
        );
    }

    /// An opaque panel over a dimmed screen: a see-through panel lets the slide's
    /// letters ghost through the keys.
    fn panel(&self, list: &mut DrawList, rect: Rect) {
        let theme = self.theme();
        list.push(DrawItem::Rect {
            rect: self.canvas,
            color: theme.background.with_alpha(170),
        });
        list.push(DrawItem::Rect {
            rect,
            color: theme.code_background,
        });
        list.push(DrawItem::Frame {
            rect,
            thickness: (2.0 * self.unit).max(1.0),
            color: theme.accent,
        });
    }

    fn help(&self, list: &mut DrawList) {
        let theme = self.theme();
        let c = self.canvas;
        // Panels start below the banner strip so a banner never hides their titles.
        let rect = Rect::new(c.x + c.w * 0.03, c.y + c.h * 0.09, c.w * 0.94, c.h * 0.84);
        self.panel(list, rect);
        let size = (34.0 * self.unit).round();
        let line = size * 1.5;
        push_text(
            list,
            self.ctx.measure,
            rect.x + rect.w * 0.03,
            rect.y + line * 1.3,
            "Keys",
            Face::Bold,
            size * 1.4,
            theme.heading,
        );
        // Two columns: speaker keys with the lineup panel's, organiser keys beside them.
        // The speaker column's keys are long ("→ ↓ PgDn Space …"), the organiser's single
        // letters: the first column gets the larger share.
        let column_widths = [rect.w * 0.55, rect.w * 0.39];
        let columns: [Vec<usize>; 2] = [(0..HELP.len()).filter(|&g| g != 1).collect(), vec![1]];
        for (column, groups) in columns.iter().enumerate() {
            let column_width = column_widths[column];
            let x = rect.x + rect.w * 0.03 + column_widths[0] * column as f32;
            let key_column = groups
                .iter()
                .flat_map(|&g| HELP[g].1.iter())
                .map(|(key, _)| self.ctx.measure.width(key, Face::Bold, size))
                .fold(0.0, f32::max)
                .min(column_width * 0.55)
                + size;
            let mut baseline = rect.y + line * 2.2;
            for &g in groups {
                let (group, keys) = HELP[g];
                baseline += line * 1.3;
                push_text(
                    list,
                    self.ctx.measure,
                    x,
                    baseline,
                    group,
                    Face::Bold,
                    size,
                    theme.accent,
                );
                for (key, action) in keys.iter() {
                    baseline += line;
                    self.left(
                        list,
                        x,
                        baseline,
                        key,
                        Face::Bold,
                        size,
                        key_column - size,
                        theme.text,
                    );
                    self.left(
                        list,
                        x + key_column,
                        baseline,
                        action,
                        Face::Regular,
                        size,
                        column_width * 0.95 - key_column,
                        theme.muted,
                    );
                }
            }
        }
    }

    fn lineup(&self, list: &mut DrawList, show: &Show, selected: usize) {
        let theme = self.theme();
        let c = self.canvas;
        let rect = Rect::new(c.x + c.w * 0.5, c.y + c.h * 0.09, c.w * 0.47, c.h * 0.84);
        self.panel(list, rect);
        let pad = rect.w * 0.04;
        let size = (38.0 * self.unit).round();
        push_text(
            list,
            self.ctx.measure,
            rect.x + pad,
            rect.y + size * 1.6,
            "Lineup",
            Face::Bold,
            size * 1.3,
            theme.heading,
        );
        let hints = [
            "↑/↓ select   U/D move   E send to end",
            "X skip   M make next   Esc close",
        ];
        let hint_size = size * 0.8;
        for (i, hint) in hints.iter().enumerate() {
            self.left(
                list,
                rect.x + pad,
                rect.bottom() - pad - hint_size * 1.4 * (hints.len() - 1 - i) as f32,
                hint,
                Face::Regular,
                hint_size,
                rect.w - 2.0 * pad,
                theme.muted,
            );
        }
        let top = rect.y + size * 2.6;
        let bottom = rect.bottom() - pad - hint_size * 1.4 * hints.len() as f32;
        let turns = show.turns();
        let row = ((bottom - top) / turns.len().max(1) as f32).min(size * 1.6);
        let text_size = (row * 0.62).min(size);
        for (index, turn) in turns.iter().enumerate() {
            let row_rect = Rect::new(
                rect.x + pad * 0.5,
                top + row * index as f32,
                rect.w - pad,
                row,
            );
            if index == selected {
                list.push(DrawItem::Rect {
                    rect: row_rect,
                    color: theme.accent.with_alpha(60),
                });
                list.push(DrawItem::Frame {
                    rect: row_rect,
                    thickness: (2.0 * self.unit).max(1.0),
                    color: theme.accent,
                });
            }
            let baseline = row_rect.y + row * 0.7;
            let status = lineup_status(show, index, turn);
            let status_width = self.right(
                list,
                row_rect.right() - pad * 0.5,
                baseline,
                &status,
                Face::Regular,
                text_size * 0.85,
                theme.muted,
            );
            let color = match turn.outcome {
                Outcome::Pending => theme.text,
                _ => theme.muted,
            };
            self.left(
                list,
                row_rect.x + pad * 0.5,
                baseline,
                &format!("{}. {} — {}", index + 1, turn.plan.speaker, turn.plan.title),
                Face::Regular,
                text_size,
                (row_rect.w - pad * 1.5 - status_width).max(0.0),
                color,
            );
        }
    }

    fn overview(&self, list: &mut DrawList, show: &Show, selected: usize) {
        let theme = self.theme();
        let c = self.canvas;
        // Opaque: the slide behind would ghost through the tiles.
        list.push(DrawItem::Rect {
            rect: c,
            color: theme.background,
        });
        let Some(turn) = show.current_turn() else {
            return;
        };
        let count = turn.plan.slides.len();
        if count == 0 {
            return;
        }
        let pad = c.w * 0.02;
        let mut columns = ((count as f32).sqrt() * 1.34).ceil().max(1.0) as usize;
        columns = columns.min(count);
        let rows = count.div_ceil(columns);
        let tile_w = (c.w - pad * (columns as f32 + 1.0)) / columns as f32;
        let tile_h = (tile_w * 9.0 / 16.0).min((c.h - pad * (rows as f32 + 1.0)) / rows as f32);
        let tile_w = tile_h * 16.0 / 9.0;
        let grid_w = columns as f32 * tile_w + (columns as f32 - 1.0) * pad;
        let grid_h = rows as f32 * tile_h + (rows as f32 - 1.0) * pad;
        let x0 = c.x + (c.w - grid_w) / 2.0;
        let y0 = c.y + (c.h - grid_h) / 2.0;
        for (index, slide) in turn.plan.slides.iter().enumerate() {
            let (row, column) = (index / columns, index % columns);
            let tile = Rect::new(
                x0 + column as f32 * (tile_w + pad),
                y0 + row as f32 * (tile_h + pad),
                tile_w,
                tile_h,
            );
            list.push(DrawItem::Rect {
                rect: tile,
                color: theme.code_background,
            });
            if index == show.slide() {
                list.push(DrawItem::Rect {
                    rect: tile,
                    color: theme.accent.with_alpha(40),
                });
            }
            let chosen = index == selected;
            list.push(DrawItem::Frame {
                rect: tile,
                thickness: if chosen {
                    6.0 * self.unit
                } else {
                    1.5 * self.unit
                }
                .max(1.0),
                color: if chosen { theme.accent } else { theme.muted },
            });
            let number_size = tile_h * 0.18;
            push_text(
                list,
                self.ctx.measure,
                tile.x + tile_w * 0.05,
                tile.y + number_size * 1.2,
                &(index + 1).to_string(),
                Face::Bold,
                number_size,
                if chosen { theme.accent } else { theme.muted },
            );
            if let Some(heading) = &slide.heading {
                let (text, size) = self.fit(heading, Face::Bold, tile_h * 0.14, tile_w * 0.9);
                push_text_centered(
                    list,
                    self.ctx.measure,
                    tile.x + tile_w / 2.0,
                    tile.y + tile_h * 0.62,
                    &text,
                    Face::Bold,
                    size,
                    theme.text,
                );
            }
        }
    }

    /// A banner over a slide: the footer strip from its left edge to just short of the
    /// clock, which stays in sight.
    fn banner_in_footer(&self, list: &mut DrawList, text: &str) {
        let theme = self.theme();
        let c = self.canvas;
        let (strip_top, strip_height) = self.footer_strip();
        // Below the footer's progress bar, which stays in sight too.
        let bar = self.progress_bar_height();
        let (top, height) = (strip_top + bar, strip_height - bar);
        let rect = Rect::new(c.x, top, c.w * BANNER_SHARE_OF_FOOTER, height);
        list.push(DrawItem::Rect {
            rect,
            color: theme.code_background,
        });
        list.push(DrawItem::Rect {
            rect: Rect::new(c.x, top, 6.0 * self.unit, height),
            color: theme.clock_wrap_up,
        });
        let pad = c.w * 0.02;
        let (text, size) = self.fit(
            text,
            Face::Bold,
            (height * 0.38).round(),
            rect.w - 2.0 * pad,
        );
        push_text(
            list,
            self.ctx.measure,
            c.x + pad,
            (top + height * 0.66).round(),
            &text,
            Face::Bold,
            size,
            theme.text,
        );
    }

    fn banner(&self, list: &mut DrawList, text: &str) {
        let theme = self.theme();
        let c = self.canvas;
        let height = 80.0 * self.unit;
        let rect = Rect::new(c.x, c.y, c.w, height);
        list.push(DrawItem::Rect {
            rect,
            color: theme.code_background.with_alpha(240),
        });
        list.push(DrawItem::Rect {
            rect: Rect::new(c.x, c.y + height - 3.0 * self.unit, c.w, 3.0 * self.unit),
            color: theme.clock_wrap_up,
        });
        let (text, size) = self.fit(text, Face::Bold, 38.0 * self.unit, c.w * 0.9);
        push_text_centered(
            list,
            self.ctx.measure,
            c.x + c.w / 2.0,
            c.y + height * 0.64,
            &text,
            Face::Bold,
            size,
            theme.text,
        );
    }
}

fn outcome_text(outcome: Outcome, theme: &Theme) -> (String, Rgba) {
    match outcome {
        Outcome::Pending => ("not given".to_string(), theme.muted),
        Outcome::Skipped => ("skipped".to_string(), theme.muted),
        Outcome::Given { used, overtime, .. } if !overtime.is_zero() => (
            format!("{} +{}", format_elapsed(used), format_elapsed(overtime)),
            theme.clock_final,
        ),
        Outcome::Given { used, .. } => (format_elapsed(used), theme.text),
    }
}

fn lineup_status(show: &Show, index: usize, turn: &Turn) -> String {
    match turn.outcome {
        Outcome::Given { used, .. } => format!("done {}", format_elapsed(used)),
        Outcome::Skipped => "skipped".to_string(),
        Outcome::Pending if index == show.current() => match show.screen() {
            Screen::UpNext => "up next".to_string(),
            _ => "on stage".to_string(),
        },
        Outcome::Pending => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{Command, Key, command_for};
    use crate::layout::measure::FixedMeasure;
    use crate::show::{ShowSettings, TalkPlan};

    const W: f32 = 1920.0;
    const H: f32 = 1080.0;

    struct Frame {
        show: Show,
        t0: Instant,
        theme: Theme,
    }

    impl Frame {
        fn new(talks: Vec<TalkPlan>, settings: ShowSettings) -> Frame {
            Frame {
                show: Show::new(talks, settings),
                t0: Instant::now(),
                theme: Theme::dark(),
            }
        }

        fn session() -> Frame {
            let talks = vec![
                TalkPlan::new("Ada", "Twenty slides", Duration::from_secs(300))
                    .with_pauses(&[0, 0, 0, 0]),
                TalkPlan::new("Bob", "Kafka로 실시간", Duration::from_secs(300)).with_pauses(&[0]),
                TalkPlan::new("Cy", "Rust", Duration::from_secs(300)).with_pauses(&[0]),
            ];
            Frame::new(talks, ShowSettings::default())
        }

        fn at(&self, ms: u64) -> Instant {
            self.t0 + Duration::from_millis(ms)
        }

        fn press(&mut self, ms: u64, keys: &[Key]) {
            let now = self.at(ms);
            for key in keys {
                if let Some(command) = command_for(*key) {
                    self.show.apply(command, now);
                }
            }
        }

        fn draw(&self, ms: u64, slide: Option<&DrawList>) -> DrawList {
            let measure = FixedMeasure::default();
            let ctx = StageContext {
                width: W,
                height: H,
                theme: &self.theme,
                measure: &measure,
            };
            compose(&self.show, self.at(ms), slide, ctx)
        }
    }

    /// Every text run with its colour and size.
    fn texts(list: &DrawList) -> Vec<(String, Rgba, f32)> {
        list.items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Text {
                    text, color, size, ..
                } => Some((text.clone(), *color, *size)),
                _ => None,
            })
            .collect()
    }

    fn find(list: &DrawList, text: &str) -> (String, Rgba, f32) {
        texts(list)
            .into_iter()
            .find(|(t, ..)| t == text)
            .unwrap_or_else(|| panic!("`{text}` not drawn in: {}", list.text()))
    }

    fn all_text_inside_the_window(list: &DrawList) {
        let measure = FixedMeasure::default();
        for item in &list.items {
            if let DrawItem::Text {
                x, y, size, text, ..
            } = item
            {
                let width = measure.width(text, Face::Regular, *size);
                assert!(
                    *x >= -0.5 && x + width <= W + 0.5 && *y >= 0.0 && *y <= H,
                    "`{text}` at ({x}, {y}) width {width} leaves the window"
                );
            }
        }
    }

    #[test]
    fn the_up_next_card_shows_who_what_and_a_still_clock() {
        let frame = Frame::session();
        let list = frame.draw(90_000, None);
        let text = list.text();
        for expected in [
            "Up next",
            "1 of 3",
            "Ada",
            "Twenty slides",
            "5:00",
            "5m slot",
        ] {
            assert!(text.contains(expected), "`{expected}` missing from: {text}");
        }
        all_text_inside_the_window(&list);
    }

    #[test]
    fn a_single_talk_has_no_queue_wording() {
        let settings = ShowSettings {
            single_talk: true,
            ..ShowSettings::default()
        };
        let frame = Frame::new(
            vec![TalkPlan::new("Ada", "Solo", Duration::from_secs(300))],
            settings,
        );
        let text = frame.draw(0, None).text();
        assert!(text.contains("Ready") && !text.contains(" of "), "{text}");
    }

    #[test]
    fn the_talk_shows_the_slide_and_the_footer() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Right]);
        let mut slide = DrawList::default();
        slide.push(DrawItem::Text {
            x: 100.0,
            y: 200.0,
            size: 40.0,
            font: Default::default(),
            color: Rgba::rgb(1, 2, 3),
            text: "hello slide".into(),
        });
        let list = frame.draw(1_000, Some(&slide));
        let text = list.text();
        for expected in ["hello slide", "Ada", "2 / 4", "4:59"] {
            assert!(text.contains(expected), "`{expected}` missing from: {text}");
        }
        assert_eq!(find(&list, "4:59").1, frame.theme.clock);
        // The progress bar: half of the canvas for slide 2 of 4.
        let accent_bars: Vec<f32> = list
            .items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Rect { rect, color } if *color == frame.theme.accent => Some(rect.w),
                _ => None,
            })
            .collect();
        assert_eq!(accent_bars, vec![W / 2.0]);
        all_text_inside_the_window(&list);
    }

    #[test]
    fn the_clock_turns_amber_at_one_minute_with_a_text_cue() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        let before = frame.draw(239_000, None);
        assert_eq!(find(&before, "1:01").1, frame.theme.clock);
        assert!(!before.text().contains("1 MIN"));
        let at = frame.draw(240_000, None);
        assert_eq!(find(&at, "1:00").1, frame.theme.clock_wrap_up);
        assert_eq!(find(&at, "1 MIN").1, frame.theme.clock_wrap_up);
    }

    #[test]
    fn the_clock_turns_red_at_thirty_seconds_and_grows_in_the_last_ten() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        let normal_size = find(&frame.draw(100_000, None), "3:20").2;
        let red = frame.draw(270_000, None);
        assert_eq!(find(&red, "0:30").1, frame.theme.clock_final);
        assert!(red.text().contains("30 s"));
        let last = frame.draw(291_000, None);
        let (_, color, size) = find(&last, "0:09");
        assert_eq!(color, frame.theme.clock_final);
        assert!(size > 3.0 * normal_size, "{size} vs {normal_size}");
        // It pulses: a different size within the same second.
        let later = find(&frame.draw(291_600, None), "0:09").2;
        assert!(later != size);
        all_text_inside_the_window(&last);
    }

    #[test]
    fn the_pulse_keeps_to_four_text_sizes() {
        // Each size is a new set of large glyphs in the font atlas.
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        let mut sizes: Vec<u32> = (0..100)
            .map(|step| {
                let list = frame.draw(291_000 + step * 10, None);
                find(&list, "0:09").2.to_bits()
            })
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        assert_eq!(sizes.len(), 4, "{sizes:?}");
    }

    #[test]
    fn paused_is_shown_in_words() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Char('s')]);
        for ms in [0, 500, 1_000, 60_000] {
            let list = frame.draw(ms, None);
            let (_, color, _) = find(&list, "PAUSED");
            assert!(color.a > 0);
            assert!(list.text().contains("5:00"));
        }
    }

    #[test]
    fn the_time_card_thanks_the_speaker_and_counts_overtime() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        frame.show.tick(frame.at(300_001));
        let list = frame.draw(312_000, Some(&DrawList::default()));
        let text = list.text();
        for expected in ["TIME", "Thank you, Ada", "+0:12", "Next: Bob"] {
            assert!(text.contains(expected), "`{expected}` missing from: {text}");
        }
        assert_eq!(find(&list, "+0:12").1, frame.theme.clock_final);
        all_text_inside_the_window(&list);
    }

    #[test]
    fn the_thank_you_card_shows_the_time_used() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        frame.press(192_000, &[Key::End, Key::Right]);
        let text = frame.draw(200_000, None).text();
        assert!(text.contains("Thank you, Ada"), "{text}");
        assert!(text.contains("Time used 3:12"), "{text}");
    }

    #[test]
    fn the_summary_lists_every_talk() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        frame.show.tick(frame.at(300_000));
        frame.press(305_000, &[Key::Char('n'), Key::Char('n'), Key::Char('n')]);
        frame.press(306_000, &[Key::Right]);
        frame.press(400_000, &[Key::Right, Key::Char('n')]);
        assert_eq!(frame.show.screen(), Screen::Summary);
        let list = frame.draw(400_000, None);
        let text = list.text();
        for expected in [
            "1. Ada",
            "5:00 +0:05",
            "2. Bob",
            "skipped",
            "3. Cy",
            "1:34",
            "2 given, 1 skipped",
        ] {
            assert!(text.contains(expected), "`{expected}` missing from: {text}");
        }
        all_text_inside_the_window(&list);
    }

    #[test]
    fn a_broken_deck_gets_a_title_card_with_the_message() {
        let broken = TalkPlan::new("Ada", "Kafka", Duration::from_secs(300))
            .with_problem("deck not found: kafka.md");
        let mut frame = Frame::new(vec![broken], ShowSettings::default());
        assert!(frame.draw(0, None).text().contains("deck not found"));
        frame.press(0, &[Key::Right]);
        let text = frame.draw(1_000, None).text();
        assert!(
            text.contains("deck not found: kafka.md") && text.contains("4:59"),
            "{text}"
        );
    }

    #[test]
    fn banners_ask_for_the_second_press() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Char('n')]);
        assert!(
            frame
                .draw(1_000, None)
                .text()
                .contains("Press N again to end this talk")
        );
        assert!(!frame.draw(10_000, None).text().contains("Press N again"));
    }

    /// Every rectangle and text of `list` that starts at or after `from`.
    fn drawn_after(list: &DrawList, from: usize) -> Vec<(f32, f32)> {
        list.items[from..]
            .iter()
            .filter_map(|item| match item {
                DrawItem::Rect { rect, .. } => Some((rect.y, rect.bottom())),
                DrawItem::Text { y, size, .. } => Some((y - size, *y)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_banner_over_a_slide_keeps_off_the_slide_and_the_clock() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Char('n')]);
        let without = frame.draw(10_000, None);
        let with = frame.draw(1_000, None);
        assert!(with.text().contains("Press N again to end this talk"));
        // The banner is drawn after everything the frame without it draws.
        let (footer_top, _) = {
            let c = canvas((W, H));
            let height = (frame.theme.sizes.footer_height * c.h / DESIGN_HEIGHT).round();
            (c.bottom() - height, height)
        };
        let banner = drawn_after(&with, without.items.len());
        assert!(!banner.is_empty(), "no banner drawn");
        for (top, bottom) in banner {
            assert!(
                top >= footer_top - 0.5 && bottom <= H + 0.5,
                "banner item {top}..{bottom} leaves the footer strip (from {footer_top})"
            );
        }
        // The clock is still drawn, and right of the banner.
        let clock = find(&with, "4:59");
        assert!(clock.2 > 0.0);
        let clock_x = with
            .items
            .iter()
            .find_map(|item| match item {
                DrawItem::Text { text, x, .. } if text == "4:59" => Some(*x),
                _ => None,
            })
            .expect("the clock");
        assert!(
            clock_x > W * BANNER_SHARE_OF_FOOTER,
            "the clock at {clock_x}"
        );
    }

    #[test]
    fn a_banner_on_a_card_goes_across_the_top() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Char('q')]);
        let with = frame.draw(100, None);
        assert!(with.text().contains("again"), "{}", with.text());
        let banner_text_y = with
            .items
            .iter()
            .find_map(|item| match item {
                DrawItem::Text { text, y, .. } if text.contains("again") => Some(*y),
                _ => None,
            })
            .expect("the banner's text");
        assert!(banner_text_y < H * 0.1, "banner text at {banner_text_y}");
    }

    #[test]
    fn help_lists_every_key() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Char('?')]);
        let list = frame.draw(0, None);
        let text = list.text();
        for (_, keys) in HELP {
            for (key, action) in keys.iter() {
                assert!(
                    text.contains(key) && text.contains(action),
                    "{key} {action}"
                );
            }
        }
        all_text_inside_the_window(&list);
    }

    #[test]
    fn the_lineup_panel_shows_the_order_the_selection_and_its_keys() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Char('l'), Key::Down]);
        let list = frame.draw(1_000, None);
        let text = list.text();
        for expected in [
            "Lineup",
            "1. Ada",
            "on stage",
            "2. Bob",
            "3. Cy",
            "U/D move",
            "X skip",
            "M make next",
        ] {
            assert!(text.contains(expected), "`{expected}` missing from: {text}");
        }
        let highlighted = list.items.iter().any(
            |item| matches!(item, DrawItem::Frame { color, .. } if *color == frame.theme.accent),
        );
        assert!(highlighted);
        all_text_inside_the_window(&list);
    }

    #[test]
    fn black_screen_covers_everything() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Char('b')]);
        let list = frame.draw(1_000, None);
        assert_eq!(
            list.items.last(),
            Some(&DrawItem::Rect {
                rect: Rect::new(0.0, 0.0, W, H),
                color: Rgba::rgb(0, 0, 0)
            })
        );
    }

    #[test]
    fn the_overview_numbers_every_slide_and_marks_the_choice() {
        let mut talk = TalkPlan::new("Ada", "Grid", Duration::from_secs(300)).with_pauses(&[0; 7]);
        talk.slides[2].heading = Some("Why gong".into());
        let mut frame = Frame::new(vec![talk], ShowSettings::default());
        frame.press(0, &[Key::Right, Key::Tab, Key::Right]);
        assert_eq!(
            frame.show.overlay(),
            Some(Overlay::Overview { selected: 1 })
        );
        let list = frame.draw(1_000, None);
        let numbers: Vec<String> = texts(&list)
            .into_iter()
            .map(|(t, ..)| t)
            .filter(|t| t.parse::<usize>().is_ok())
            .collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7"]);
        assert!(list.text().contains("Why gong"));
        assert_eq!(find(&list, "2").1, frame.theme.accent);
        all_text_inside_the_window(&list);
    }

    #[test]
    fn typed_digits_show_in_the_footer() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right, Key::Char('3')]);
        assert!(frame.draw(500, None).text().contains("go to 3"));
        assert_eq!(command_for(Key::Enter), Some(Command::Confirm));
    }

    #[test]
    fn long_names_are_fitted_not_spilled() {
        let long = "A".repeat(200);
        let frame = Frame::new(
            vec![TalkPlan::new(long.clone(), long, Duration::from_secs(300))],
            ShowSettings::default(),
        );
        all_text_inside_the_window(&frame.draw(0, None));
    }

    #[test]
    fn the_last_seconds_say_so_in_the_colour_of_the_warning_passed() {
        let settings = ShowSettings {
            thresholds: crate::clock::Thresholds {
                wrap_up: Duration::from_secs(10),
                final_call: Duration::from_secs(5),
                pulse: Duration::from_secs(10),
            },
            ..ShowSettings::default()
        };
        let talk = TalkPlan::new("Ada", "Short", Duration::from_secs(20)).with_pauses(&[0]);
        let mut frame = Frame::new(vec![talk], settings);
        frame.press(0, &[Key::Right]);
        // 0:08 left: past the 10 s warning (amber), not yet the 5 s one.
        let list = frame.draw(12_000, None);
        let (_, colour, _) = find(&list, "LAST 10 s");
        assert_eq!(colour, frame.theme.clock_wrap_up);
        assert_eq!(find(&list, "0:08").1, frame.theme.clock_wrap_up);
        assert!(!list.text().contains("5 s "), "{}", list.text());
        // 0:03 left: red.
        let list = frame.draw(17_000, None);
        assert_eq!(find(&list, "LAST 10 s").1, frame.theme.clock_final);
        assert_eq!(find(&list, "0:03").1, frame.theme.clock_final);
    }

    #[test]
    fn the_default_last_seconds_are_red_and_the_count_sits_on_a_plate() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        let list = frame.draw(291_000, None);
        assert_eq!(find(&list, "LAST 10 s").1, frame.theme.clock_final);
        let (x, y) = list
            .items
            .iter()
            .find_map(|item| match item {
                DrawItem::Text { x, y, text, .. } if text == "0:09" => Some((*x, *y)),
                _ => None,
            })
            .unwrap();
        let plated = list.items.iter().any(|item| match item {
            DrawItem::Rect { rect, color } => {
                color.a > 200
                    && *color != frame.theme.background.with_alpha(215)
                    && rect.x <= x
                    && rect.y <= y - 50.0
                    && rect.bottom() >= y - 10.0
            }
            _ => false,
        });
        assert!(plated, "no plate behind the count");
    }

    #[test]
    fn the_footer_fills_the_themes_strip_in_readable_sizes() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        let list = frame.draw(1_000, Some(&DrawList::default()));
        let top = H - frame.theme.sizes.footer_height;
        for text in ["Ada", "1 / 4", "4:59"] {
            let (x, y) = list
                .items
                .iter()
                .find_map(|item| match item {
                    DrawItem::Text { x, y, text: t, .. } if t == text => Some((*x, *y)),
                    _ => None,
                })
                .unwrap();
            assert!(y > top && y < H, "`{text}` at {x},{y} outside the footer");
        }
        assert!(find(&list, "Ada").2 >= 26.0);
        assert!(find(&list, "1 / 4").2 >= 26.0);
        assert!(find(&list, "4:59").2 >= 40.0);
        // The progress bar lies along the strip's top edge.
        let bar = list.items.iter().find_map(|item| match item {
            DrawItem::Rect { rect, color } if *color == frame.theme.accent => Some(*rect),
            _ => None,
        });
        assert_eq!(bar.map(|rect| rect.y), Some(top));
    }

    #[test]
    fn a_no_footer_slide_hides_the_footer_but_never_a_warning() {
        let mut frame = Frame::session();
        frame.press(0, &[Key::Right]);
        let quiet = DrawList {
            no_footer: true,
            ..DrawList::default()
        };
        let calm = frame.draw(1_000, Some(&quiet)).text();
        assert!(!calm.contains("Ada") && !calm.contains("4:59"), "{calm}");
        let warned = frame.draw(250_000, Some(&quiet)).text();
        assert!(
            warned.contains("0:50") && warned.contains("1 MIN"),
            "{warned}"
        );
        assert!(!warned.contains("Ada"), "{warned}");
    }
}
