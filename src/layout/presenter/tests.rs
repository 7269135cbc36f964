//! The presenter view drawn from plain data: where each part goes, how notes shrink and
//! scroll, and that the slides are the laid-out slides moved into their boxes.

use super::*;
use crate::format::Format;
use crate::layout::measure::FixedMeasure;
use crate::theme::Theme;
use crate::view::{ClockFace, ClockState, Phase, TalkCard, Tone};

fn clock(remaining_s: u64, overtime_s: u64) -> ClockFace {
    ClockFace {
        slot_ms: 300_000,
        remaining_ms: remaining_s * 1000,
        overtime_ms: overtime_s * 1000,
        state: ClockState::Running,
        phase: Phase::Normal,
        tone: Tone::Plain,
        cue: None,
        paused_ms: None,
    }
}

fn presenter(notes: &[&str], scroll: usize) -> PresenterView {
    PresenterView {
        audience: View {
            card: Card::Talk {
                talk: TalkCard {
                    speaker: "Ada".into(),
                    title: "Talk".into(),
                    format: Format::Free,
                    problem: None,
                },
                slide: 1,
                slides: 5,
                step: 0,
                typed: None,
            },
            clock: Some(clock(200, 0)),
            overlay: None,
            banner: None,
            black: false,
        },
        notes: notes.iter().map(|note| note.to_string()).collect(),
        notes_scroll: scroll,
        next: NextStep::Slide { slide: 2 },
        slide_ms: Some(42_000),
        wall_clock: "21:04".into(),
        pace: Some(PaceMark::Behind { ms: 8_000 }),
        plan: Some(PlanBar {
            planned_ms: vec![60_000; 5],
            actual_ms: vec![70_000, 42_000, 0, 0, 0],
            current: 1,
        }),
    }
}

fn draw(view: &PresenterView, size: (f32, f32), slide: Option<&DrawList>) -> DrawList {
    let theme = Theme::dark();
    let ctx = StageContext {
        width: size.0,
        height: size.1,
        theme: &theme,
        measure: &FixedMeasure::default(),
    };
    compose_presenter(view, slide, slide, ctx)
}

fn texts(list: &DrawList) -> Vec<(String, f32, f32, f32)> {
    list.items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Text {
                text, x, y, size, ..
            } => Some((text.clone(), *x, *y, *size)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_regions_are_apart_and_inside_the_window_at_both_sizes() {
    for (w, h) in [(1920.0, 1080.0), (1280.0, 720.0)] {
        let r = regions(w, h);
        let all = [r.current, r.next, r.notes, r.clock, r.bar];
        let window = Rect::new(0.0, 0.0, w, h);
        for (i, a) in all.iter().enumerate() {
            assert!(window.contains(a), "{a:?} in {w}×{h}");
            for b in &all[i + 1..] {
                let apart =
                    a.right() <= b.x || b.right() <= a.x || a.bottom() <= b.y || b.bottom() <= a.y;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        // The slides keep the audience's shape.
        for slide in [r.current, r.next] {
            assert!((slide.w / slide.h - 16.0 / 9.0).abs() < 0.01, "{slide:?}");
        }
        assert!(r.current.w > r.next.w);
    }
}

#[test]
fn the_slides_are_the_laid_out_slides_moved_into_their_boxes() {
    let mut slide = DrawList::default();
    slide.push(DrawItem::Text {
        x: 10.0,
        y: 20.0,
        size: 30.0,
        font: Default::default(),
        color: Rgba::rgb(1, 2, 3),
        text: "on the slide".into(),
        glyphs: Vec::new(),
    });
    let list = draw(&presenter(&[], 0), (1920.0, 1080.0), Some(&slide));
    let r = regions(1920.0, 1080.0);
    let placed: Vec<_> = texts(&list)
        .into_iter()
        .filter(|(text, ..)| text == "on the slide")
        .map(|(_, x, y, _)| (x, y))
        .collect();
    assert_eq!(
        placed,
        vec![
            (r.current.x + 10.0, r.current.y + 20.0),
            (r.next.x + 10.0, r.next.y + 20.0)
        ]
    );
}

#[test]
fn the_clock_pace_slide_time_and_wall_clock_are_in_the_clock_panel() {
    let list = draw(&presenter(&["Say hello"], 0), (1920.0, 1080.0), None);
    let r = regions(1920.0, 1080.0);
    for wanted in ["3:20", "this slide 0:42", "behind 0:08", "21:04"] {
        // (The audience's footer on the small stage says the count too.)
        let in_panel = texts(&list).into_iter().any(|(text, x, y, _)| {
            text == wanted && r.clock.contains(&Rect::new(x, y - 1.0, 1.0, 1.0))
        });
        assert!(in_panel, "`{wanted}` in the clock panel");
    }
    let mut over = presenter(&[], 0);
    over.audience.clock = Some(clock(0, 12));
    assert!(draw(&over, (1920.0, 1080.0), None).text().contains("+0:12"));
}

#[test]
fn long_notes_shrink_to_the_floor_then_scroll_and_say_so() {
    let short = draw(&presenter(&["Say hello"], 0), (1920.0, 1080.0), None);
    let size = |list: &DrawList, word: &str| {
        texts(list)
            .into_iter()
            .find(|(text, ..)| text.contains(word))
            .map(|(_, _, _, size)| size)
    };
    assert_eq!(size(&short, "hello"), Some(NOTES_FULL));
    let long: Vec<String> = (1..=40)
        .map(|n| format!("point {n} of a long story told slowly"))
        .collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    let top = draw(&presenter(&long, 0), (1920.0, 1080.0), None);
    assert_eq!(size(&top, "point 1 "), Some(NOTES_FLOOR));
    assert!(top.text().contains("▼ more · ] scrolls"));
    assert_eq!(size(&top, "point 40 "), None);
    // Scrolled past the end: kept in range, the last lines shown, the mark says above.
    let end = draw(&presenter(&long, 1000), (1920.0, 1080.0), None);
    assert!(end.text().contains("point 40 "));
    assert!(end.text().contains("▲ more"));
    // At 720p the floor is the same share of the screen.
    let small = draw(&presenter(&long, 0), (1280.0, 720.0), None);
    let floor = size(&small, "point 1 ").expect("notes drawn");
    assert!(
        (floor - NOTES_FLOOR * 720.0 / 1080.0).abs() <= 0.5,
        "{floor}"
    );
}

#[test]
fn a_card_on_stage_is_drawn_small_as_the_stage_draws_it() {
    let mut view = presenter(&[], 0);
    view.audience.card = Card::TimeUp {
        speaker: "Ada".into(),
        overtime_ms: 3_000,
        next: None,
    };
    let list = draw(&view, (1920.0, 1080.0), None);
    assert!(list.text().contains("TIME"), "{}", list.text());
}

#[test]
fn the_presenter_view_fills_the_screen_about_once_as_the_audience_view_does() {
    // Each pixel filled again costs a software renderer by the pixel: the presenter view
    // must cost about what the audience view does (issue 13: within 1.5×).
    let mut slide = DrawList::default();
    slide.push(DrawItem::Text {
        x: 10.0,
        y: 20.0,
        size: 30.0,
        font: Default::default(),
        color: Rgba::rgb(1, 2, 3),
        text: "on the slide".into(),
        glyphs: Vec::new(),
    });
    let list = draw(
        &presenter(&["Say hello"], 0),
        (1920.0, 1080.0),
        Some(&slide),
    );
    let filled: f32 = list
        .items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Rect { rect, color } if color.a == 255 => Some(rect.w * rect.h),
            _ => None,
        })
        .sum();
    let screen = 1920.0 * 1080.0;
    assert!(
        filled <= screen * 1.1,
        "opaque fills cover {:.2} screens",
        filled / screen
    );
}
