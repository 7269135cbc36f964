//! What the audience sees, drawn: key scripts played on a `Show`, its View at each instant
//! composed by `layout::stage`, and the draw list checked. The show side's test, since it
//! needs a show; the layout never sees one.

use std::time::{Duration, Instant};

use super::{Overlay, Screen, Show, ShowSettings, TalkPlan};
use crate::command::{Command, HELP, Key, command_for};
use crate::layout::measure::{Face, FixedMeasure, Measure};
use crate::layout::stage::{BANNER_SHARE_OF_FOOTER, StageContext, compose};
use crate::layout::{DESIGN_HEIGHT, DrawItem, DrawList, Rect, Rgba, canvas};
use crate::theme::Theme;

const W: f32 = 1920.0;
const H: f32 = 1080.0;

/// A show played by keys, and the theme its Views are drawn in.
struct Shown {
    show: Show,
    t0: Instant,
    theme: Theme,
}

impl Shown {
    fn new(talks: Vec<TalkPlan>, settings: ShowSettings) -> Shown {
        Shown {
            show: Show::new(talks, settings),
            t0: super::tests::origin(),
            theme: Theme::dark(),
        }
    }

    fn session() -> Shown {
        let talks = vec![
            TalkPlan::new("Ada", "Twenty slides", Duration::from_secs(300))
                .with_pauses(&[0, 0, 0, 0]),
            TalkPlan::new("Bob", "Kafka로 실시간", Duration::from_secs(300)).with_pauses(&[0]),
            TalkPlan::new("Cy", "Rust", Duration::from_secs(300)).with_pauses(&[0]),
        ];
        Shown::new(talks, ShowSettings::default())
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
        compose(&self.show.view(self.at(ms)), slide, ctx)
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
    let frame = Shown::session();
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
    let frame = Shown::new(
        vec![TalkPlan::new("Ada", "Solo", Duration::from_secs(300))],
        settings,
    );
    let text = frame.draw(0, None).text();
    assert!(text.contains("Ready") && !text.contains(" of "), "{text}");
}

#[test]
fn the_talk_shows_the_slide_and_the_footer() {
    let mut frame = Shown::session();
    frame.press(0, &[Key::Right, Key::Right]);
    let mut slide = DrawList::default();
    slide.push(DrawItem::Text {
        x: 100.0,
        y: 200.0,
        size: 40.0,
        font: Default::default(),
        color: Rgba::rgb(1, 2, 3),
        text: "hello slide".into(),
        glyphs: Vec::new(),
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
    frame.press(0, &[Key::Right]);
    frame.press(192_000, &[Key::End, Key::Right]);
    let text = frame.draw(200_000, None).text();
    assert!(text.contains("Thank you, Ada"), "{text}");
    assert!(text.contains("Time used 3:12"), "{text}");
}

#[test]
fn the_summary_lists_every_talk() {
    let mut frame = Shown::session();
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
    let mut frame = Shown::new(vec![broken], ShowSettings::default());
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
    frame.press(0, &[Key::Char('?')]);
    let list = frame.draw(0, None);
    // Each key is drawn as a text of its own, and its action on the same line: a check
    // on the whole text would find `S` in "Speaker" and `E` in "Enter".
    let baseline = |wanted: &str| {
        list.items.iter().find_map(|item| match item {
            DrawItem::Text { text, y, .. } if text == wanted => Some(*y),
            _ => None,
        })
    };
    for (_, keys) in HELP {
        for (key, action) in keys.iter() {
            let key_y = baseline(key).unwrap_or_else(|| panic!("`{key}` not drawn"));
            let action_y = baseline(action).unwrap_or_else(|| panic!("`{action}` not drawn"));
            assert!(
                (key_y - action_y).abs() < 1.0,
                "`{key}` at {key_y}, its action `{action}` at {action_y}"
            );
        }
    }
    all_text_inside_the_window(&list);
}

#[test]
fn the_lineup_panel_shows_the_order_the_selection_and_its_keys() {
    let mut frame = Shown::session();
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
    let highlighted = list
        .items
        .iter()
        .any(|item| matches!(item, DrawItem::Frame { color, .. } if *color == frame.theme.accent));
    assert!(highlighted);
    all_text_inside_the_window(&list);
}

#[test]
fn black_screen_covers_everything() {
    let mut frame = Shown::session();
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
    let mut frame = Shown::new(vec![talk], ShowSettings::default());
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
    let mut frame = Shown::session();
    frame.press(0, &[Key::Right, Key::Char('3')]);
    assert!(frame.draw(500, None).text().contains("go to 3"));
    assert_eq!(command_for(Key::Enter), Some(Command::Confirm));
}

#[test]
fn long_names_are_fitted_not_spilled() {
    let long = "A".repeat(200);
    let frame = Shown::new(
        vec![TalkPlan::new(long.clone(), long, Duration::from_secs(300))],
        ShowSettings::default(),
    );
    let list = frame.draw(0, None);
    all_text_inside_the_window(&list);
    // Fitted, not dropped: the speaker and the title are both drawn, shortened or not.
    let drawn = texts(&list)
        .iter()
        .filter(|(text, ..)| text.starts_with("AAAA"))
        .count();
    assert!(drawn >= 2, "speaker and title: {drawn} drawn");
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
    let mut frame = Shown::new(vec![talk], settings);
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
    let mut frame = Shown::session();
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
