//! Property tests as a fuzzer: deck, lineup and theme parsing and slide layout fed
//! arbitrary text and text shaped like Markdown and TOML (with the numbers that broke the
//! show before: `inf`, a slot of 2^64 seconds, negative and zero times), and asserting
//! that nothing panics, every input finishes, and layout places nothing at NaN or
//! infinity.
//!
//! Short by default, so CI spends a few seconds here. A long session by hand:
//! `PROPTEST_CASES=2000 FUZZ_MAX_BYTES=262144 cargo test --release --test fuzz -- --nocapture`
//! prints, per target, the inputs run and the slowest one. Times are printed, never
//! asserted; the one limit is a hang guard far above any input's time.

use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gong::deck::Deck;
use gong::layout::{DrawItem, DrawList, FixedMeasure, ImageSizes, ImageState, SlideContext};
use gong::layout::{layout_slide, pause_steps};
use gong::lineup::Lineup;
use gong::talk::{Overrides, OwnChoices, Rules};
use gong::theme::Theme;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// An input still running after this long is taken for a hang: a hundred times the
/// slowest input of the default size, so a slow machine does not trip it
/// (`FUZZ_HANG_SECONDS` for longer inputs).
fn hang_guard() -> Duration {
    Duration::from_secs(env_number("FUZZ_HANG_SECONDS").unwrap_or(30))
}

fn cases() -> u32 {
    env_number("PROPTEST_CASES").unwrap_or(16)
}

/// The largest input a generator makes, in bytes.
fn max_bytes() -> usize {
    env_number("FUZZ_MAX_BYTES").unwrap_or(8 * 1024)
}

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
}

fn config() -> Config {
    Config {
        cases: cases(),
        // A failure prints its smallest input; nothing is written into the source tree.
        failure_persistence: None,
        // Each input that still hangs costs the whole guard: shrink for a few minutes at
        // most, then report the smallest found.
        max_shrink_time: 180_000,
        ..Config::default()
    }
}

/// Per target: the slowest input's time and size, and how many inputs ran.
static SLOWEST: Mutex<Vec<(&'static str, Duration, usize, u32)>> = Mutex::new(Vec::new());

/// Runs `work` on `input` on a thread of its own: a panic fails the case (proptest then
/// shrinks it), and so does an input that does not finish within `HANG_GUARD`.
fn guarded<T: Send + 'static>(
    target: &'static str,
    input: T,
    bytes: usize,
    work: fn(T),
) -> Result<(), TestCaseError> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let started = Instant::now();
        work(input);
        let _ = send.send(started.elapsed());
    });
    let guard = hang_guard();
    let took = match receive.recv_timeout(guard) {
        Ok(took) => took,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            return Err(TestCaseError::fail(format!(
                "{target}: no result after {guard:?}: a hang"
            )));
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            return Err(TestCaseError::fail(format!("{target}: panicked")));
        }
    };
    let mut slowest = SLOWEST
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match slowest.iter_mut().find(|entry| entry.0 == target) {
        Some(entry) => {
            entry.3 += 1;
            if took > entry.1 {
                (entry.1, entry.2) = (took, bytes);
            }
        }
        None => slowest.push((target, took, bytes, 1)),
    }
    Ok(())
}

fn report(target: &str) {
    let slowest = SLOWEST
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, took, bytes, runs)) = slowest.iter().find(|entry| entry.0 == target) {
        eprintln!(
            "fuzz {target}: {runs} inputs run (shrinking included), 0 panics, slowest {:.1} ms \
             ({bytes} bytes)",
            took.as_secs_f64() * 1000.0
        );
    }
}

// ---------------------------------------------------------------------------------------
// Generators

/// Words from the scripts and characters that have broken text handling somewhere:
/// Korean, Arabic, emoji with joiners, combining marks, a word too long for any line.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,12}",
        1 => Just("발표".to_string()),
        1 => Just("مرحبا".to_string()),
        1 => Just("👩‍👩‍👧‍👦".to_string()),
        1 => Just("e\u{301}\u{302}\u{303}".to_string()),
        1 => Just("\u{200b}\u{feff}\u{202e}".to_string()),
        1 => "[a-z]{100,400}",
        1 => any::<String>(),
        1 => Just("\r\n\t".to_string()),
    ]
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..8).prop_map(|words| words.join(" "))
}

/// Times as people write them, and as they should not.
fn time_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("5m".to_string()),
        Just("4m30s".to_string()),
        Just("1ns".to_string()),
        Just("0s".to_string()),
        Just("-5m".to_string()),
        Just("5".to_string()),
        Just("24h".to_string()),
        Just("24h 1s".to_string()),
        Just("18446744073709551615s".to_string()),
        Just("99999999999999999999h".to_string()),
        Just("inf".to_string()),
        "[0-9]{1,5}(ms|s|m|h)",
    ]
}

/// Column widths and indexes: small ones, and the largest a `u32` holds.
fn column_number() -> impl Strategy<Value = u64> {
    prop_oneof![
        4 => 0..5_u64,
        1 => Just(u64::from(u32::MAX)),
        1 => Just(u64::from(u32::MAX) + 1),
        1 => any::<u64>(),
    ]
}

/// One piece of a deck: a block, a comment command, a break.
fn markdown_piece() -> impl Strategy<Value = String> {
    let w = words;
    prop_oneof![
        w().prop_map(|t| format!("# {t}")),
        w().prop_map(|t| format!("###### {t}")),
        w().prop_map(|t| format!("{t} **{t}** *{t}* ~~{t}~~ `{t}`")),
        w().prop_map(|t| format!("- {t}\n  - {t}\n    1. [ ] {t}")),
        w().prop_map(|t| format!("> [!WARNING]\n> {t}\n>> {t}")),
        w().prop_map(|t| format!("```rust\nfn main() {{ {t} }}\n```")),
        w().prop_map(|t| format!("```\n{t}")),
        w().prop_map(|t| format!("| a | {t} |\n|:-|-:|\n| {t} | {t} | {t} |")),
        w().prop_map(|t| format!("{t}[^n]\n\n[^n]: {t}")),
        (w(), column_number(), column_number()).prop_map(|(t, a, b)| {
            format!("![{t}](pic.png) ![bg w:{a} h:{b}](p.jpg) ![w:-1 h:{a}px](x)")
        }),
        (column_number(), column_number())
            .prop_map(|(a, b)| format!("<!-- column_layout: [{a}, {b}] -->\n<!-- column: {b} -->")),
        time_text().prop_map(|t| format!("<!-- time: {t} -->")),
        Just("<!-- pause -->".to_string()),
        Just("<!-- reset_layout -->".to_string()),
        Just("<!-- skip_slide -->".to_string()),
        Just("<!-- no_footer -->".to_string()),
        Just("<!-- end_slide -->".to_string()),
        w().prop_map(|t| format!("<!-- notes: {t} -->")),
        Just("---".to_string()),
        Just("***".to_string()),
        Just("&#x1F600; &#0; &amp;".to_string()),
        Just("<b>html</b> <div>".to_string()),
        w(),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (words(), time_text(), "[a-z-]{0,12}").prop_map(|(title, duration, format)| {
        format!(
            "---\ntitle: {title}\nauthor: {title}\ntheme: dark\nduration: {duration}\n\
             format: {format}\n---\n"
        )
    })
}

/// Joins pieces, then cuts at `max_bytes()` on a character boundary.
fn cut(mut text: String) -> String {
    let mut end = max_bytes().min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn pieces(piece: BoxedStrategy<String>, average: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece, 0..=(max_bytes() / average).max(1))
        .prop_map(|pieces| cut(pieces.join("\n\n")))
}

fn markdown() -> impl Strategy<Value = String> {
    (
        prop::option::of(front_matter()),
        pieces(markdown_piece().boxed(), 40),
    )
        .prop_map(|(front, body)| cut(front.unwrap_or_default() + &body))
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=max_bytes() / 3)
        .prop_map(|chars| cut(chars.into_iter().collect()))
}

fn lineup_line() -> impl Strategy<Value = String> {
    let string = || words().prop_map(|t| format!("{t:?}"));
    prop_oneof![
        string().prop_map(|t| format!("title = {t}")),
        time_text().prop_map(|t| format!("duration = \"{t}\"")),
        prop::collection::vec(time_text(), 0..4).prop_map(|times| {
            let quoted: Vec<String> = times.iter().map(|t| format!("\"{t}\"")).collect();
            format!("warnings = [{}]", quoted.join(", "))
        }),
        Just("sound = false".to_string()),
        Just("theme = \"light\"".to_string()),
        Just("[[talk]]".to_string()),
        Just("[[talk]]\nspeaker = \"Ada\"".to_string()),
        string().prop_map(|t| format!("speaker = {t}")),
        Just("speaker = \"  \"".to_string()),
        string().prop_map(|t| format!("deck = {t}")),
        "(free|ignite|pechakucha|keynote|)".prop_map(|f| format!("format = \"{f}\"")),
        Just("[talk]".to_string()),
        Just("duration = 5".to_string()),
        Just("title = \"\"\"\nmany\nlines\"\"\"".to_string()),
        words().prop_map(|t| format!("{t} = {t}")),
    ]
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // The ends of every range and just past them.
        prop::sample::select(vec![
            "0", "0.2", "0.3", "0.5", "0.8", "1", "1.5", "2", "3", "4", "12", "16", "40", "120",
            "200", "300", "500", "600", "800", "801", "-1", "1e30", "-1e30", "inf", "-inf", "nan",
            "1e-30",
        ])
        .prop_map(str::to_string),
        (0.0_f64..1000.0).prop_map(|n| format!("{n}")),
    ]
}

fn size_key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "body",
        "min_body",
        "code_scale",
        "footnote_scale",
        "takahashi",
        "title",
        "margin_x",
        "margin_y",
        "footer_height",
        "line_spacing",
        "quote_bar_width",
    ])
}

fn theme_line() -> impl Strategy<Value = String> {
    let sizes = size_key();
    let colours = prop::sample::select(vec![
        "background",
        "text",
        "heading",
        "muted",
        "accent",
        "code_background",
        "code_text",
        "clock_final",
        "quote_bar",
    ]);
    prop_oneof![
        3 => (sizes, number_text()).prop_map(|(key, n)| format!("{key} = {n}")),
        1 => prop::collection::vec(number_text(), 0..8)
            .prop_map(|ns| format!("heading_scale = [{}]", ns.join(", "))),
        2 => (colours, "#[0-9a-fA-F]{0,9}").prop_map(|(key, c)| format!("{key} = \"{c}\"")),
        1 => "(dark|light|contrast|sepia)".prop_map(|b| format!("base = \"{b}\"")),
        1 => words().prop_map(|t| format!("syntax_theme = {t:?}")),
        1 => words().prop_map(|t| format!("{t} = {t}")),
    ]
}

fn toml_like(line: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    prop::collection::vec(line, 0..=(max_bytes() / 24).clamp(1, 4000))
        .prop_map(|lines| cut(lines.join("\n")))
}

/// A theme as layout gets it: a built-in, or a file of sizes (each key once, so the
/// file is valid TOML) from the ends of their ranges and past them. What the theme
/// parser accepts is laid out, so layout is tried at the edges of what a theme may ask.
fn loadable_theme() -> impl Strategy<Value = Theme> {
    let sized = prop::collection::btree_map(size_key(), number_text(), 0..12).prop_map(|sizes| {
        let text: Vec<String> = sizes
            .iter()
            .map(|(key, value)| format!("{key} = {value}"))
            .collect();
        Theme::from_toml(&text.join("\n")).unwrap_or_default()
    });
    prop_oneof![
        1 => Just(Theme::dark()),
        1 => Just(Theme::light()),
        1 => Just(Theme::contrast()),
        3 => sized,
    ]
}

fn window() -> impl Strategy<Value = (f32, f32)> {
    prop_oneof![
        Just((1920.0, 1080.0)),
        Just((0.0, 0.0)),
        Just((1.0, 1.0)),
        Just((7680.0, 4320.0)),
        (1.0_f32..4000.0, 1.0_f32..4000.0),
    ]
}

// ---------------------------------------------------------------------------------------
// Targets

fn parse_deck(text: String) {
    let deck = Deck::parse(&text);
    let _ = deck.shown_slides().count();
}

fn parse_lineup(text: String) {
    if let Ok(lineup) = Lineup::parse(&text) {
        let rules = Rules::for_lineup(&lineup, &Overrides::default(), None);
        for talk in &lineup.talks {
            let _ = rules.talk(&OwnChoices::of(talk), None);
        }
    }
}

fn parse_theme(text: String) {
    let _ = Theme::from_toml(&text);
}

/// Every picture is ready at one size, from none to absurd.
struct Pictures(ImageState);

impl ImageSizes for Pictures {
    fn image_state(&self, _path: &Path) -> ImageState {
        self.0.clone()
    }
}

fn pictures() -> impl Strategy<Value = ImageState> {
    prop_oneof![
        Just(ImageState::Failed("missing".to_string())),
        Just(ImageState::Loading),
        prop::sample::select(vec![
            (0, 0),
            (1, 1),
            (4000, 3000),
            (1, 100_000),
            (u32::MAX, 1),
            (u32::MAX, u32::MAX)
        ])
        .prop_map(|(width, height)| ImageState::Ready { width, height }),
    ]
}

/// Every shown slide, before the first pause and fully revealed, with and without the
/// footer: nothing may land at NaN or infinity, where the painter would draw garbage.
fn lay_out((text, theme, window, pictures): (String, Theme, (f32, f32), ImageState)) {
    let deck = Deck::parse(&text);
    let measure = FixedMeasure::default();
    let pictures = Pictures(pictures);
    for slide in deck.shown_slides() {
        for (reveal, footer) in [(0, true), (pause_steps(slide), false)] {
            let context = SlideContext {
                window,
                theme: &theme,
                measure: &measure,
                images: &pictures,
                deck_dir: Path::new("."),
                reveal,
                footer,
            };
            assert_finite(&layout_slide(slide, &context));
        }
    }
}

fn assert_finite(list: &DrawList) {
    for item in &list.items {
        let numbers: Vec<f32> = match item {
            DrawItem::Rect { rect, .. } | DrawItem::Image { rect, .. } => {
                vec![rect.x, rect.y, rect.w, rect.h]
            }
            DrawItem::Frame {
                rect, thickness, ..
            } => vec![rect.x, rect.y, rect.w, rect.h, *thickness],
            DrawItem::Line {
                from,
                to,
                thickness,
                ..
            } => vec![from.0, from.1, to.0, to.1, *thickness],
            DrawItem::Text { x, y, size, .. } => vec![*x, *y, *size],
        };
        assert!(
            numbers.iter().all(|n| n.is_finite()),
            "not finite: {item:?}"
        );
    }
}

/// Runs one target for `cases()` inputs, prints what it measured, and fails with the
/// smallest input that panicked or hung.
fn fuzz<S>(target: &'static str, strategy: S, bytes: fn(&S::Value) -> usize, work: fn(S::Value))
where
    S: Strategy,
    S::Value: Send + 'static,
{
    // Busy for seconds: never beside a test with a window (`support::busy_cores`).
    let _cores = crate::support::busy_cores();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&strategy, |input| {
        let size = bytes(&input);
        guarded(target, input, size, work)
    });
    report(target);
    if let Err(failure) = result {
        panic!("{target}: {failure}");
    }
}

#[test]
fn decks_of_any_text_parse() {
    fuzz("deck, any text", arbitrary_text(), String::len, parse_deck);
}

#[test]
fn markdown_like_decks_parse() {
    fuzz("deck, Markdown-like", markdown(), String::len, parse_deck);
}

#[test]
fn lineups_of_any_text_parse() {
    fuzz(
        "lineup, any text",
        arbitrary_text(),
        String::len,
        parse_lineup,
    );
}

#[test]
fn toml_like_lineups_parse() {
    let lineups = toml_like(lineup_line().boxed());
    fuzz("lineup, TOML-like", lineups, String::len, parse_lineup);
}

#[test]
fn themes_of_any_text_parse() {
    fuzz(
        "theme, any text",
        arbitrary_text(),
        String::len,
        parse_theme,
    );
}

#[test]
fn toml_like_themes_parse() {
    let themes = toml_like(theme_line().boxed());
    fuzz("theme, TOML-like", themes, String::len, parse_theme);
}

#[test]
fn markdown_like_slides_lay_out_in_any_theme() {
    let inputs = (markdown(), loadable_theme(), window(), pictures());
    fuzz(
        "layout, Markdown-like",
        inputs,
        |input| input.0.len(),
        lay_out,
    );
}

#[test]
fn slides_of_any_text_lay_out() {
    let inputs = (
        arbitrary_text(),
        Just(Theme::dark()),
        window(),
        Just(ImageState::Loading),
    );
    fuzz("layout, any text", inputs, |input| input.0.len(), lay_out);
}

/// Found by the layout target: in a window a few dozen pixels wide a Takahashi size of
/// 4 px shrank by 10 % and rounded back to 4 px, for ever, and the show froze.
#[test]
fn a_long_heading_in_a_tiny_window_finishes() {
    let heading = format!("# {}", "a".repeat(70));
    for window in [(30.0, 20.0), (60.0, 34.0), (120.0, 68.0)] {
        for text in [
            heading.clone(),
            format!("{heading}\n\nwith a line under it"),
        ] {
            let input = (text, Theme::dark(), window, ImageState::Loading);
            if let Err(failure) = guarded("a tiny window", input, 0, lay_out) {
                panic!("{window:?}: {failure}");
            }
        }
    }
}
