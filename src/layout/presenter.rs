//! The presenter view: the speaker's screen, composed from a `PresenterView` (the
//! audience's View plus notes, next step, times and pacing). The current slide large, the
//! next step smaller beside it, the notes under that, the countdown with the stage's own
//! colours and cues under the slide, and a thin bar of the whole talk, planned against
//! actual, along the bottom.
//!
//! Pure, like `stage`: the slides arrive laid out at the sizes `regions` gives (the
//! caller lays them out as export does, footer-less, so they are the exported slides at
//! that size); nothing here reads the show, the deck or a clock.
//!
//! Read from a standing distance on a laptop or a projector: notes never under 32 px at
//! 1080p; notes that do not fit shrink to that, then scroll with `[` and `]`, and a
//! "more" mark says there is more, so nothing hides silently.

use std::time::Duration;

use super::draw::{DrawItem, DrawList, Rect, Rgba};
use super::measure::{Face, Measure};
use super::slide::{DESIGN_HEIGHT, canvas};
use super::stage::{StageContext, clock_look, compose};
use super::text::push_text;
use super::wrap::{TextStyle, wrap};
use crate::duration::format_elapsed;
use crate::view::{Card, NextStep, PaceMark, PlanBar, PresenterView, View};

/// The smallest notes may get, in pixels at 1080p: legible from a standing distance.
pub(crate) const NOTES_FLOOR: f32 = 32.0;
/// The notes' size when they fit.
const NOTES_FULL: f32 = 44.0;

/// Where each part of the presenter view goes in a window of this size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regions {
    pub current: Rect,
    pub next: Rect,
    pub notes: Rect,
    pub clock: Rect,
    pub bar: Rect,
    /// One pixel at 1080p.
    pub unit: f32,
}

/// The presenter view's regions in a window of `width` × `height`.
pub fn regions(width: f32, height: f32) -> Regions {
    let c = canvas((width, height));
    let unit = c.h / DESIGN_HEIGHT;
    let at = |x: f32, y: f32, w: f32, h: f32| {
        Rect::new(
            (c.x + x * unit).round(),
            (c.y + y * unit).round(),
            (w * unit).round(),
            (h * unit).round(),
        )
    };
    Regions {
        current: at(24.0, 24.0, 1088.0, 612.0),
        next: at(1136.0, 72.0, 760.0, 427.5),
        notes: at(1136.0, 524.0, 760.0, 484.0),
        clock: at(24.0, 660.0, 1088.0, 348.0),
        bar: at(24.0, 1032.0, 1872.0, 24.0),
        unit,
    }
}

/// Composes the presenter's frame. `current` and `next` are the slides laid out at the
/// sizes of `regions(…).current` and `.next` (at their origin); `None` where there is no
/// slide (a card is on stage, or nothing comes next).
pub fn compose_presenter(
    view: &PresenterView,
    current: Option<&DrawList>,
    next: Option<&DrawList>,
    ctx: StageContext,
) -> DrawList {
    let theme = ctx.theme;
    let measure = ctx.measure;
    let r = regions(ctx.width, ctx.height);
    let mut list = DrawList::default();
    // One ground for the whole screen, the parts set apart by thin frames: every pixel
    // filled once more costs the painter (a software renderer most of all), and the
    // presenter view must cost about what the audience view does.
    list.push(DrawItem::Rect {
        rect: Rect::new(0.0, 0.0, ctx.width, ctx.height),
        color: theme.background,
    });

    // The current slide as the audience sees it; a card as the stage draws it.
    let audience = &view.audience;
    match (&audience.card, current) {
        (Card::Talk { talk, .. }, Some(slide)) if talk.problem.is_none() => {
            framed(&mut list, r.current, slide, theme.background, r.unit);
        }
        _ => {
            let on_stage = View {
                overlay: None,
                banner: None,
                black: false,
                ..audience.clone()
            };
            let sub = StageContext {
                width: r.current.w,
                height: r.current.h,
                ..ctx
            };
            framed(
                &mut list,
                r.current,
                &compose(&on_stage, None, sub),
                theme.background,
                r.unit,
            );
        }
    }
    if audience.black {
        list.push(DrawItem::Rect {
            rect: r.current,
            color: Rgba::rgb(0, 0, 0),
        });
        label(&mut list, measure, r, r.current, "BLACK", theme.muted);
    }

    // The next step.
    let (next_text, next_slide) = match view.next {
        NextStep::Reveal { step, .. } => (format!("NEXT · reveal {step}"), next),
        NextStep::Slide { slide } => (format!("NEXT · slide {}", slide + 1), next),
        NextStep::End => ("NEXT · the end".to_string(), None),
    };
    push_text(
        &mut list,
        measure,
        r.next.x,
        r.next.y - 14.0 * r.unit,
        &next_text,
        Face::Bold,
        (30.0 * r.unit).round(),
        theme.muted,
    );
    match next_slide {
        Some(slide) => framed(&mut list, r.next, slide, theme.background, r.unit),
        None => list.push(DrawItem::Frame {
            rect: r.next,
            thickness: (2.0 * r.unit).max(1.0),
            color: theme.muted.with_alpha(120),
        }),
    }

    notes(&mut list, view, r, ctx);
    clock_panel(&mut list, view, r, ctx);
    if let Some(plan) = &view.plan {
        plan_bar(&mut list, plan, r.bar, ctx);
    }

    // Panels over everything, as on stage.
    if audience.overlay.is_some() {
        let over = View {
            card: Card::Blank,
            clock: None,
            banner: None,
            black: false,
            ..audience.clone()
        };
        list.extend(compose(&over, None, ctx));
    }
    list
}

/// `slide` (laid out at `rect`'s size, at the origin) moved into `rect`, on its ground.
fn framed(list: &mut DrawList, rect: Rect, slide: &DrawList, ground: Rgba, unit: f32) {
    let screen = list.items.first().and_then(|item| match item {
        DrawItem::Rect { color, .. } => Some(*color),
        _ => None,
    });
    if screen != Some(ground) {
        list.push(DrawItem::Rect {
            rect,
            color: ground,
        });
    }
    list.extend(shifted(slide, rect.x, rect.y));
    let thickness = (2.0 * unit).max(1.0).round();
    let around = Rect::new(
        rect.x - thickness,
        rect.y - thickness,
        rect.w + 2.0 * thickness,
        rect.h + 2.0 * thickness,
    );
    outline(
        list,
        around,
        thickness,
        Rgba::rgb(128, 128, 128).with_alpha(110),
    );
}

/// Four thin strips just inside `rect`: where the slide's box ends, on a screen of one
/// ground. Strips, not a `Frame`: whole pixels, drawn the same by every painter.
fn outline(list: &mut DrawList, rect: Rect, thickness: f32, color: Rgba) {
    let (x, y, w, h, t) = (
        rect.x.round(),
        rect.y.round(),
        rect.w.round(),
        rect.h.round(),
        thickness,
    );
    for strip in [
        Rect::new(x, y, w, t),
        Rect::new(x, y + h - t, w, t),
        Rect::new(x, y + t, t, h - 2.0 * t),
        Rect::new(x + w - t, y + t, t, h - 2.0 * t),
    ] {
        list.push(DrawItem::Rect { rect: strip, color });
    }
}

/// The outline that sets a part of the screen apart.
fn panel(list: &mut DrawList, rect: Rect, unit: f32) {
    let thickness = (2.0 * unit).max(1.0).round();
    outline(
        list,
        rect,
        thickness,
        Rgba::rgb(128, 128, 128).with_alpha(80),
    );
}

/// A copy of `list` moved by (`dx`, `dy`).
pub(crate) fn shifted(list: &DrawList, dx: f32, dy: f32) -> DrawList {
    let mv = |rect: &Rect| Rect::new(rect.x + dx, rect.y + dy, rect.w, rect.h);
    let items = list
        .items
        .iter()
        .map(|item| match item {
            DrawItem::Rect { rect, color } => DrawItem::Rect {
                rect: mv(rect),
                color: *color,
            },
            DrawItem::Frame {
                rect,
                thickness,
                color,
            } => DrawItem::Frame {
                rect: mv(rect),
                thickness: *thickness,
                color: *color,
            },
            DrawItem::Line {
                from,
                to,
                thickness,
                color,
            } => DrawItem::Line {
                from: (from.0 + dx, from.1 + dy),
                to: (to.0 + dx, to.1 + dy),
                thickness: *thickness,
                color: *color,
            },
            DrawItem::Text {
                x,
                y,
                size,
                font,
                color,
                text,
                glyphs,
            } => DrawItem::Text {
                x: x + dx,
                y: y + dy,
                size: *size,
                font: *font,
                color: *color,
                text: text.clone(),
                // Placed from the run's own origin: they move with it.
                glyphs: glyphs.clone(),
            },
            DrawItem::Image { rect, path } => DrawItem::Image {
                rect: mv(rect),
                path: path.clone(),
            },
        })
        .collect();
    DrawList {
        items,
        overflow: list.overflow,
        no_footer: list.no_footer,
    }
}

fn label(
    list: &mut DrawList,
    measure: &dyn Measure,
    r: Regions,
    rect: Rect,
    text: &str,
    color: Rgba,
) {
    let size = (40.0 * r.unit).round();
    let width = measure.width(text, Face::Bold, size);
    push_text(
        list,
        measure,
        rect.x + (rect.w - width) / 2.0,
        rect.y + rect.h / 2.0,
        text,
        Face::Bold,
        size,
        color,
    );
}

/// How the notes are set in their box: the size, the lines, which is first shown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NotesLayout {
    /// Pixels in the window (`NOTES_FLOOR` × unit at the least).
    pub size: f32,
    pub lines: usize,
    /// Lines that fit in the box at once.
    pub shown: usize,
    /// The first line shown (the scroll, kept in range).
    pub first: usize,
}

/// Sets `notes` in a box of `rect`: full size if they fit, else the size that fits down
/// to the floor, else the floor and scrolled by `scroll` lines.
pub(crate) fn notes_layout(
    notes: &[String],
    scroll: usize,
    rect: Rect,
    unit: f32,
    measure: &dyn Measure,
) -> (NotesLayout, Vec<super::wrap::Line>) {
    let floor = (NOTES_FLOOR * unit).round();
    let mut size = (NOTES_FULL * unit).round();
    loop {
        let lines = note_lines(notes, size, rect.w, measure);
        let height: f32 = lines.iter().map(|line| line.height).sum();
        if height <= rect.h || size <= floor {
            let each = lines
                .first()
                .map_or(size * 1.3, |line| line.height)
                .max(1.0);
            let shown = ((rect.h / each).floor() as usize).max(1);
            let last_first = lines.len().saturating_sub(shown);
            let layout = NotesLayout {
                size,
                lines: lines.len(),
                shown,
                first: scroll.min(last_first),
            };
            return (layout, lines);
        }
        size = (size - 2.0 * unit).max(floor).round();
    }
}

fn note_lines(
    notes: &[String],
    size: f32,
    width: f32,
    measure: &dyn Measure,
) -> Vec<super::wrap::Line> {
    let style = TextStyle::plain(Face::Regular, size, Rgba::default());
    let mut lines = Vec::new();
    for note in notes {
        for paragraph in note.trim().split('\n') {
            let paragraph = paragraph.trim();
            if paragraph.is_empty() {
                continue;
            }
            let runs = [(style, paragraph.to_string())];
            lines.extend(wrap(&runs, width, 1.2, measure).lines);
        }
    }
    lines
}

fn notes(list: &mut DrawList, view: &PresenterView, r: Regions, ctx: StageContext) {
    let theme = ctx.theme;
    let measure = ctx.measure;
    let rect = r.notes;
    panel(list, rect, r.unit);
    let pad = 16.0 * r.unit;
    let inner = Rect::new(
        rect.x + pad,
        rect.y + pad,
        rect.w - 2.0 * pad,
        rect.h - 2.0 * pad - 36.0 * r.unit,
    );
    if view.notes.iter().all(|note| note.trim().is_empty()) {
        push_text(
            list,
            measure,
            inner.x,
            inner.y + 40.0 * r.unit,
            "no notes on this slide",
            Face::Italic,
            (32.0 * r.unit).round(),
            theme.muted,
        );
        return;
    }
    let (layout, lines) = notes_layout(&view.notes, view.notes_scroll, inner, r.unit, measure);
    let mut top = inner.y;
    for line in lines.iter().skip(layout.first).take(layout.shown) {
        let baseline = top + line.ascent;
        for piece in &line.pieces {
            push_text(
                list,
                measure,
                (inner.x + piece.x).round(),
                baseline.round(),
                &piece.text,
                piece.style.face,
                piece.style.size,
                theme.text,
            );
        }
        top += line.height;
    }
    // Never hidden silently: say there is more, and which keys scroll.
    let above = layout.first > 0;
    let below = layout.first + layout.shown < layout.lines;
    if above || below {
        let mark = match (above, below) {
            (true, true) => "▲ ▼ more · [ ] scroll",
            (false, true) => "▼ more · ] scrolls",
            _ => "▲ more · [ scrolls back",
        };
        push_text(
            list,
            measure,
            inner.x,
            rect.bottom() - pad,
            mark,
            Face::Bold,
            (28.0 * r.unit).round(),
            theme.accent,
        );
    }
}

fn clock_panel(list: &mut DrawList, view: &PresenterView, r: Regions, ctx: StageContext) {
    let theme = ctx.theme;
    let measure = ctx.measure;
    let rect = r.clock;
    let u = r.unit;
    panel(list, rect, u);
    let pad = 28.0 * u;
    if let Some(clock) = &view.audience.clock {
        let look = clock_look(clock, theme);
        let size = (170.0 * u).round();
        let baseline = (rect.y + 190.0 * u).round();
        // In overtime the count says how far over, in the final colour.
        let (text, color) = if clock.overtime_ms > 0 {
            let over = format_elapsed(Duration::from_millis(clock.overtime_ms));
            (format!("+{over}"), theme.clock_final)
        } else {
            (look.text.clone(), look.color)
        };
        let width = push_text(
            list,
            measure,
            rect.x + pad,
            baseline,
            &text,
            Face::Bold,
            size,
            color,
        );
        if let Some(cue) = &look.cue {
            push_text(
                list,
                measure,
                rect.x + pad + width + 28.0 * u,
                baseline,
                cue,
                Face::Bold,
                (64.0 * u).round(),
                look.color.with_alpha(look.cue_alpha),
            );
        }
    }
    let small = (44.0 * u).round();
    let line2 = (rect.y + 262.0 * u).round();
    let mut x = rect.x + pad;
    if let Some(ms) = view.slide_ms {
        let text = format!("this slide {}", format_elapsed(Duration::from_millis(ms)));
        x += push_text(
            list,
            measure,
            x,
            line2,
            &text,
            Face::Regular,
            small,
            theme.text,
        );
        x += 48.0 * u;
    }
    if let Some(pace) = view.pace {
        let (text, color) = match pace {
            PaceMark::Ahead { ms } => (
                format!("ahead {}", format_elapsed(Duration::from_millis(ms))),
                theme.accent,
            ),
            PaceMark::OnPace => ("on pace".to_string(), theme.text),
            PaceMark::Behind { ms } => (
                format!("behind {}", format_elapsed(Duration::from_millis(ms))),
                theme.clock_final,
            ),
        };
        push_text(list, measure, x, line2, &text, Face::Bold, small, color);
    }
    // The wall clock at the panel's right.
    let wall = &view.wall_clock;
    let wall_size = (56.0 * u).round();
    let width = measure.width(wall, Face::Regular, wall_size);
    push_text(
        list,
        measure,
        rect.right() - pad - width,
        (rect.y + 80.0 * u).round(),
        wall,
        Face::Regular,
        wall_size,
        theme.muted,
    );
    if let Some(banner) = &view.audience.banner {
        // Two lines: a reload's error names the file, line and column, then what.
        let size = (28.0 * u).round();
        let style = TextStyle::plain(Face::Bold, size, theme.accent);
        let lines = wrap(&[(style, banner.clone())], rect.w - 2.0 * pad, 1.1, measure);
        let mut baseline = (rect.y + 304.0 * u).round();
        for line in lines.lines.iter().take(2) {
            for piece in &line.pieces {
                push_text(
                    list,
                    measure,
                    rect.x + pad + piece.x,
                    baseline,
                    &piece.text,
                    Face::Bold,
                    size,
                    theme.accent,
                );
            }
            baseline += line.height;
        }
    }
}

/// Two thin rows across the bottom: above, each slide's budget as a segment of the
/// slot; below, the time each has had, on the same scale, red past its budget.
fn plan_bar(list: &mut DrawList, plan: &PlanBar, rect: Rect, ctx: StageContext) {
    let theme = ctx.theme;
    let planned: u64 = plan.planned_ms.iter().sum();
    let actual: u64 = plan.actual_ms.iter().sum();
    let scale = planned.max(actual).max(1) as f32;
    let half = (rect.h / 2.0).floor();
    let gap = 2.0_f32.max(rect.h / 12.0);
    let mut x = rect.x;
    for (index, ms) in plan.planned_ms.iter().enumerate() {
        let w = rect.w * *ms as f32 / scale;
        let color = if index == plan.current {
            theme.accent
        } else if index % 2 == 0 {
            theme.muted.with_alpha(150)
        } else {
            theme.muted.with_alpha(90)
        };
        list.push(DrawItem::Rect {
            rect: Rect::new(x, rect.y, (w - gap).max(1.0), half - 1.0),
            color,
        });
        x += w;
    }
    let mut x = rect.x;
    for (index, ms) in plan.actual_ms.iter().enumerate() {
        let budget = plan.planned_ms.get(index).copied().unwrap_or_default();
        let within = (*ms).min(budget);
        let over = ms.saturating_sub(budget);
        let w_in = rect.w * within as f32 / scale;
        let w_over = rect.w * over as f32 / scale;
        let y = rect.y + half;
        if w_in > 0.0 {
            list.push(DrawItem::Rect {
                rect: Rect::new(x, y, w_in, half),
                color: theme.text.with_alpha(200),
            });
        }
        if w_over > 0.0 {
            list.push(DrawItem::Rect {
                rect: Rect::new(x + w_in, y, w_over, half),
                color: theme.clock_final,
            });
        }
        x += w_in + w_over;
    }
}

#[cfg(test)]
mod tests;
