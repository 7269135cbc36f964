//! The stage: everything on screen around and instead of a slide — the cards (Up next,
//! TIME, Thank you, Summary, a broken deck's title card), the footer with the clock,
//! banners, and the overlays (help, lineup panel, overview grid, black screen) — composed
//! into one `DrawList` from a `View` (what the show says is on stage at one instant).
//!
//! Pure: it reads the View and draws; it never sees the show, the key table or the clock,
//! and reads no files. The slide's own content arrives already laid out.
//!
//! Colour is never the only signal (one man in twelve cannot tell red from green): amber
//! comes with "1 MIN", red with "30 s", the last seconds with "LAST 10 s", a pause with
//! "PAUSED", time-up with "TIME".
//!
//! The footer takes the theme's `footer_height` at the bottom of the canvas, the strip
//! slide layout keeps free; both use `layout::canvas`, so the two always agree.

use std::time::Duration;

use super::draw::{DrawItem, DrawList, Rect, Rgba};
use super::measure::{Face, Measure};
use super::slide::{DESIGN_HEIGHT, canvas};
use super::text::{fit_line, push_text, push_text_centered};
use crate::duration::{format_countdown, format_elapsed, format_short};
use crate::format::Format;
use crate::theme::Theme;
use crate::view::{
    Card, ClockFace, HelpGroup, Next, Overlay, Phase, Place, Status, TalkCard, TalkRow, Tone, View,
};

/// How much of the footer's width a banner over a slide takes, from the left: the clock
/// sits in the rest.
pub(crate) const BANNER_SHARE_OF_FOOTER: f32 = 0.72;

/// What composing a frame needs besides the View.
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
pub fn compose(view: &View, slide: Option<&DrawList>, ctx: StageContext) -> DrawList {
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
    match &view.card {
        Card::UpNext {
            talk,
            place,
            slot_ms,
        } => stage.up_next(&mut list, talk, *place, *slot_ms),
        Card::Talk {
            talk,
            slide: shown,
            slides,
            typed,
            ..
        } => {
            banner_in_footer = true;
            let mut footer = true;
            match slide {
                Some(slide) if talk.problem.is_none() => {
                    footer = !slide.no_footer;
                    list.extend(slide.clone());
                }
                _ => stage.title_card(&mut list, talk),
            }
            let clock = view.clock.as_ref();
            if footer {
                stage.footer(&mut list, talk, (*shown, *slides), *typed, clock);
            } else if let Some(clock) = clock {
                stage.clock_alone(&mut list, clock);
            }
        }
        Card::TimeUp {
            speaker,
            overtime_ms,
            next,
        } => stage.time_up(&mut list, speaker, *overtime_ms, next.as_ref()),
        Card::ThankYou {
            speaker,
            used_ms,
            next,
        } => stage.thank_you(&mut list, speaker, *used_ms, next.as_ref()),
        Card::Summary {
            title,
            rows,
            given,
            skipped,
        } => stage.summary(&mut list, title, rows, (*given, *skipped)),
        Card::Blank => {}
    }
    match &view.overlay {
        Some(Overlay::Help { groups }) => stage.help(&mut list, groups),
        Some(Overlay::Lineup {
            rows,
            current,
            selected,
        }) => {
            let up_next = matches!(view.card, Card::UpNext { .. });
            stage.lineup(&mut list, rows, (*current, up_next), *selected);
        }
        Some(Overlay::Overview {
            headings,
            current,
            selected,
        }) => stage.overview(&mut list, headings, *current, *selected),
        None => {}
    }
    if let Some(text) = &view.banner {
        if banner_in_footer && view.overlay.is_none() && !view.black {
            stage.banner_in_footer(&mut list, text);
        } else {
            stage.banner(&mut list, text);
        }
    }
    if view.black {
        list.push(DrawItem::Rect {
            rect: Rect::new(0.0, 0.0, ctx.width, ctx.height),
            color: Rgba::rgb(0, 0, 0),
        });
    }
    list
}

/// The clock as the footer shows it.
pub(super) struct ClockLook {
    pub(super) text: String,
    pub(super) color: Rgba,
    pub(super) cue: Option<String>,
    /// The last seconds: drawn large, scaled by this pulse (1.0 = no pulse).
    pub(super) large: Option<f32>,
    /// Alpha for the blinking cue.
    pub(super) cue_alpha: u8,
}

pub(super) fn clock_look(clock: &ClockFace, theme: &Theme) -> ClockLook {
    let color = match clock.tone {
        Tone::Plain => theme.clock,
        Tone::WrapUp => theme.clock_wrap_up,
        Tone::Final => theme.clock_final,
        // Not a warning colour: the accent, with the word blinking beside the count.
        Tone::Paused => theme.accent,
    };
    let large = (clock.phase == Phase::LastSeconds).then(|| {
        // Each second starts large and settles: the pulse follows the count itself.
        // In four steps, not a smooth curve: every text size is a new set of glyphs
        // (each ~190 px tall) in the font's atlas, and a smooth pulse rasterised
        // dozens of sizes, growing the atlas and stalling the first pulsing frames.
        let into_second = (clock.remaining_ms % 1000) as f32 / 1000.0;
        let step = (into_second * 4.0).floor().min(3.0) / 3.0;
        1.0 + 0.15 * step
    });
    let paused = clock.paused_ms.unwrap_or_default();
    let cue_alpha = if clock.phase != Phase::Paused || (paused / 500).is_multiple_of(2) {
        255
    } else {
        110
    };
    ClockLook {
        text: format_countdown(Duration::from_millis(clock.remaining_ms)),
        color,
        cue: clock.cue.clone(),
        large,
        cue_alpha,
    }
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
        fit_line(self.ctx.measure, text, face, (size, size * 0.5), max_width)
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

    fn next_line(next: &Next) -> String {
        match next {
            Next::Speaker(speaker) => format!("Next: {speaker}"),
            Next::LastTalk => "Last talk of the session".to_string(),
        }
    }

    fn up_next(&self, list: &mut DrawList, talk: &TalkCard, place: Option<Place>, slot_ms: u64) {
        let theme = self.theme();
        let label = match place {
            None => "Ready".to_string(),
            Some(place) => format!("Up next  ·  {} of {}", place.number, place.of),
        };
        self.centered(list, 0.17, &label, Face::Regular, 46.0, theme.muted);
        self.centered(list, 0.33, &talk.speaker, Face::Bold, 120.0, theme.heading);
        self.centered(list, 0.445, &talk.title, Face::Regular, 64.0, theme.text);
        let slot = Duration::from_millis(slot_ms);
        self.centered(
            list,
            0.66,
            &format_countdown(slot),
            Face::Bold,
            200.0,
            theme.clock,
        );
        let mut about = format!("{} slot", format_short(slot));
        if talk.format != Format::Free {
            about.push_str(&format!("  ·  {}", talk.format.name()));
        }
        self.centered(list, 0.75, &about, Face::Regular, 42.0, theme.muted);
        if let Some(problem) = &talk.problem {
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
    fn title_card(&self, list: &mut DrawList, talk: &TalkCard) {
        let theme = self.theme();
        self.centered(list, 0.38, &talk.speaker, Face::Bold, 110.0, theme.heading);
        self.centered(list, 0.50, &talk.title, Face::Regular, 60.0, theme.text);
        if let Some(problem) = &talk.problem {
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

    /// `at`: the slide shown (0-based) and how many there are.
    fn footer(
        &self,
        list: &mut DrawList,
        talk: &TalkCard,
        at: (usize, usize),
        typed: Option<usize>,
        clock: Option<&ClockFace>,
    ) {
        let theme = self.theme();
        let c = self.canvas;
        let (top, height) = self.footer_strip();
        let pad = c.w * 0.02;
        // Read from the back of the room: speaker and n/N at about 27 px at 1080p,
        // the clock larger still.
        let size = (height * 0.38).round();
        let baseline = (top + height * 0.66).round();
        let (shown, count) = at;

        // Over a full-bleed picture the footer needs its own ground to stay legible; on
        // a plain slide it is the slide's own colour and does not show.
        list.push(DrawItem::Rect {
            rect: Rect::new(c.x, top, c.w, height),
            color: theme.background.with_alpha(215),
        });
        // The progress of slides: a thin bar along the footer's top edge.
        let bar = self.progress_bar_height();
        list.push(DrawItem::Rect {
            rect: Rect::new(c.x, top, c.w, bar),
            color: theme.muted.with_alpha(60),
        });
        if count > 0 {
            let done = (shown + 1) as f32 / count as f32;
            list.push(DrawItem::Rect {
                rect: Rect::new(c.x, top, c.w * done, bar),
                color: theme.accent,
            });
        }

        self.left(
            list,
            c.x + pad,
            baseline,
            &talk.speaker,
            Face::Regular,
            size,
            c.w * 0.3,
            theme.muted,
        );
        let middle = match typed {
            Some(n) => format!("go to {n}"),
            None if count > 0 => format!("{} / {count}", shown + 1),
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
        if let Some(clock) = clock {
            self.clock(list, clock, baseline);
        }
    }

    /// The clock without the rest of the footer, for a `no_footer` slide: nothing while
    /// all is well, the clock and its cue from the first warning on.
    fn clock_alone(&self, list: &mut DrawList, clock: &ClockFace) {
        if clock.phase == Phase::Normal {
            return;
        }
        let (top, height) = self.footer_strip();
        self.clock(list, clock, (top + height * 0.66).round());
    }

    /// The clock at the footer's right end, its cue left of it; in the last seconds the
    /// count large above the footer, on a plate so slide content never muddles it.
    fn clock(&self, list: &mut DrawList, clock: &ClockFace, baseline: f32) {
        let theme = self.theme();
        let c = self.canvas;
        let (top, height) = self.footer_strip();
        let pad = c.w * 0.02;
        let size = (height * 0.38).round();
        let cue_size = (height * 0.44).round();
        let clock_size = (height * 0.62).round();
        let look = clock_look(clock, theme);
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

    fn time_up(&self, list: &mut DrawList, speaker: &str, overtime_ms: u64, next: Option<&Next>) {
        let theme = self.theme();
        self.centered(list, 0.30, "TIME", Face::Bold, 220.0, theme.clock_final);
        self.centered(
            list,
            0.48,
            &format!("Thank you, {speaker}"),
            Face::Bold,
            90.0,
            theme.heading,
        );
        let overtime = format!("+{}", format_elapsed(Duration::from_millis(overtime_ms)));
        self.centered(list, 0.62, &overtime, Face::Bold, 72.0, theme.clock_final);
        self.hand_over(list, next, 0.76);
    }

    fn thank_you(
        &self,
        list: &mut DrawList,
        speaker: &str,
        used_ms: Option<u64>,
        next: Option<&Next>,
    ) {
        let theme = self.theme();
        self.centered(
            list,
            0.40,
            &format!("Thank you, {speaker}"),
            Face::Bold,
            100.0,
            theme.heading,
        );
        if let Some(used_ms) = used_ms {
            self.centered(
                list,
                0.55,
                &format!(
                    "Time used {}",
                    format_elapsed(Duration::from_millis(used_ms))
                ),
                Face::Regular,
                56.0,
                theme.text,
            );
        }
        self.hand_over(list, next, 0.72);
    }

    /// The foot of the TIME and Thank-you cards: who is next, and the one key that
    /// moves on (speaker keys do nothing here).
    fn hand_over(&self, list: &mut DrawList, next: Option<&Next>, next_at: f32) {
        let theme = self.theme();
        if let Some(next) = next {
            let next = Self::next_line(next);
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

    /// `tally`: how many talks were given, how many skipped.
    fn summary(&self, list: &mut DrawList, title: &str, turns: &[TalkRow], tally: (usize, usize)) {
        let theme = self.theme();
        let c = self.canvas;
        let title = if title.is_empty() {
            "Session summary"
        } else {
            title
        };
        self.centered(list, 0.12, title, Face::Bold, 70.0, theme.heading);
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
            let name = format!("{}. {} — {}", index + 1, turn.speaker, turn.title);
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
        let (given, skipped) = tally;
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

    fn help(&self, list: &mut DrawList, help: &[HelpGroup]) {
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
        // Two columns: speaker keys with the lineup panel's, organiser keys (the second
        // group) beside them. The speaker column's keys are long ("→ ↓ PgDn Space …"), the
        // organiser's single letters: the first column gets the larger share.
        let column_widths = [rect.w * 0.55, rect.w * 0.39];
        let columns: [Vec<usize>; 2] = [
            (0..help.len()).filter(|&g| g != 1).collect(),
            (1..help.len().min(2)).collect(),
        ];
        for (column, groups) in columns.iter().enumerate() {
            let column_width = column_widths[column];
            let x = rect.x + rect.w * 0.03 + column_widths[0] * column as f32;
            let key_column = groups
                .iter()
                .flat_map(|&g| help[g].keys.iter())
                .map(|row| self.ctx.measure.width(&row.keys, Face::Bold, size))
                .fold(0.0, f32::max)
                .min(column_width * 0.55)
                + size;
            let mut baseline = rect.y + line * 2.2;
            for &g in groups {
                let group = &help[g];
                baseline += line * 1.3;
                push_text(
                    list,
                    self.ctx.measure,
                    x,
                    baseline,
                    &group.name,
                    Face::Bold,
                    size,
                    theme.accent,
                );
                for row in &group.keys {
                    baseline += line;
                    self.left(
                        list,
                        x,
                        baseline,
                        &row.keys,
                        Face::Bold,
                        size,
                        key_column - size,
                        theme.text,
                    );
                    self.left(
                        list,
                        x + key_column,
                        baseline,
                        &row.action,
                        Face::Regular,
                        size,
                        column_width * 0.95 - key_column,
                        theme.muted,
                    );
                }
            }
        }
    }

    /// `current`: the index of the talk up next or on stage, and whether it is up next.
    fn lineup(
        &self,
        list: &mut DrawList,
        turns: &[TalkRow],
        current: (usize, bool),
        selected: usize,
    ) {
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
            let status = lineup_status(turn.outcome, index, current);
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
                Status::Pending => theme.text,
                _ => theme.muted,
            };
            self.left(
                list,
                row_rect.x + pad * 0.5,
                baseline,
                &format!("{}. {} — {}", index + 1, turn.speaker, turn.title),
                Face::Regular,
                text_size,
                (row_rect.w - pad * 1.5 - status_width).max(0.0),
                color,
            );
        }
    }

    /// `current`: the slide on screen under the grid.
    fn overview(
        &self,
        list: &mut DrawList,
        headings: &[Option<String>],
        current: usize,
        selected: usize,
    ) {
        let theme = self.theme();
        let c = self.canvas;
        // Opaque: the slide behind would ghost through the tiles.
        list.push(DrawItem::Rect {
            rect: c,
            color: theme.background,
        });
        let count = headings.len();
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
        for (index, heading) in headings.iter().enumerate() {
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
            if index == current {
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
            if let Some(heading) = heading {
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

fn outcome_text(outcome: Status, theme: &Theme) -> (String, Rgba) {
    let elapsed = |ms: u64| format_elapsed(Duration::from_millis(ms));
    match outcome {
        Status::Pending => ("not given".to_string(), theme.muted),
        Status::Skipped => ("skipped".to_string(), theme.muted),
        Status::Given {
            used_ms,
            overtime_ms,
            ..
        } if overtime_ms > 0 => (
            format!("{} +{}", elapsed(used_ms), elapsed(overtime_ms)),
            theme.clock_final,
        ),
        Status::Given { used_ms, .. } => (elapsed(used_ms), theme.text),
    }
}

/// A lineup row's status; `current`: the index of the talk up next or on stage, and
/// whether it is up next.
fn lineup_status(outcome: Status, index: usize, current: (usize, bool)) -> String {
    match outcome {
        Status::Given { used_ms, .. } => {
            format!("done {}", format_elapsed(Duration::from_millis(used_ms)))
        }
        Status::Skipped => "skipped".to_string(),
        Status::Pending if index == current.0 && current.1 => "up next".to_string(),
        Status::Pending if index == current.0 => "on stage".to_string(),
        Status::Pending => String::new(),
    }
}
