//! Decks written for other presenters (presenterm, Marp, Slidev, reveal-md, `slides`) open
//! as their authors meant, without edits (issue 11).
//!
//! The corpus: every `*.md` under `tests/fixtures/dialects/<tool>/`, and with
//! `GONG_DECK_CORPUS=DIR` every `*.md` under `DIR/<tool>/` as well (real decks from those
//! tools' repositories, which cannot live here). Each deck has a sidecar `NAME.md.count`
//! holding the number of slides its own tool shows, or `part` for a file that is only
//! imported by another deck; a deck without one fails the test rather than being
//! skipped. Every deck must check with no error, show that many slides, and lay out with
//! none of its markup drawn as text: no tag, no slot marker, no settings line, and none
//! of the text the fixtures mark as never shown (`SPEAKER-ONLY` notes, `HIDDEN-LINE`
//! code, `LEFT-OUT` content).

use std::path::{Path, PathBuf};

use rstest::rstest;

use gong::check::Checker;
use gong::deck::files::DeckFolder;
use gong::deck::source::read_source;
use gong::deck::{BlockKind, Deck, Inline, Severity, Slide};
use gong::fonts::{EMOJI, FontSet, MONO};
use gong::images::ImageHeaders;
use gong::layout::{DrawItem, DrawList, SlideContext, layout_slide};
use gong::theme::Theme;

const CORPUS_VARIABLE: &str = "GONG_DECK_CORPUS";

/// Words the fixtures put where the audience must never read them.
const NEVER_SHOWN: &[&str] = &["SPEAKER-ONLY", "HIDDEN-LINE", "LEFT-OUT"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialects")
}

/// What a deck's sidecar says.
enum Expected {
    Slides(usize),
    Part,
}

/// Every `*.md` under `root`, sorted, with what its sidecar says (`Err` when it has
/// none, or one that does not read).
fn decks_under(root: &Path) -> Vec<(PathBuf, Result<Expected, String>)> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "md") {
                let sidecar = PathBuf::from(format!("{}.count", path.display()));
                let expected = match std::fs::read_to_string(&sidecar) {
                    Ok(text) if text.trim() == "part" => Ok(Expected::Part),
                    Ok(text) => text
                        .trim()
                        .parse()
                        .map(Expected::Slides)
                        .map_err(|_| format!("{} is not a number", sidecar.display())),
                    Err(_) => Err(format!(
                        "{} has no sidecar {} (a slide count, or `part`)",
                        path.display(),
                        sidecar.display()
                    )),
                };
                found.push((path, expected));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// A deck as `export` lays it out: fully revealed, at 1920×1080, with the real fonts.
fn laid_out(path: &Path) -> Vec<DrawList> {
    let source = read_source(path).unwrap();
    let deck = Deck::parse_with(&source, &DeckFolder::of(path));
    let folder = path.parent().unwrap();
    let theme = deck
        .front
        .theme
        .as_deref()
        .and_then(|name| Theme::for_deck_front(name, folder).ok())
        .unwrap_or_default();
    deck.shown_slides()
        .map(|slide| lay_out(slide, &theme, folder))
        .collect()
}

fn lay_out(slide: &Slide, theme: &Theme, folder: &Path) -> DrawList {
    let context = SlideContext {
        window: (1920.0, 1080.0),
        theme,
        measure: FontSet::shared().unwrap(),
        images: &ImageHeaders,
        deck_dir: folder,
        reveal: usize::MAX,
        footer: false,
    };
    layout_slide(slide, &context)
}

/// The texts of a slide: (all of it, the part not set in the monospace face, the first
/// word of each line of that part).
fn texts(list: &DrawList) -> (String, String) {
    let (all, prose, _) = texts_and_line_starts(list);
    (all, prose)
}

fn texts_and_line_starts(list: &DrawList) -> (String, String, Vec<String>) {
    let mut all = Vec::new();
    let mut prose = Vec::new();
    let mut lines: Vec<(i32, f32, &str)> = Vec::new();
    for item in &list.items {
        if let DrawItem::Text {
            text, font, x, y, ..
        } = item
        {
            all.push(text.as_str());
            if *font != MONO {
                prose.push(text.as_str());
                lines.push((y.round() as i32, *x, text.as_str()));
            }
        }
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    lines.dedup_by_key(|line| line.0);
    let starts = lines
        .into_iter()
        .filter_map(|(_, _, text)| text.split_whitespace().next().map(str::to_string))
        .collect();
    (all.join(" "), prose.join(" "), starts)
}

/// Markup of some presenter that shows in running text (`starts`: the first word of each
/// line), if any.
fn markup_in(prose: &str, starts: &[String]) -> Option<String> {
    let bytes = prose.as_bytes();
    for (index, window) in bytes.windows(2).enumerate() {
        if window[0] == b'<' && (window[1].is_ascii_alphabetic() || b"/!".contains(&window[1])) {
            let end = (index + 24).min(prose.len());
            let shown = prose.get(index..end).unwrap_or("<");
            return Some(format!("a tag: `{shown}`"));
        }
    }
    for mark in ["-->", "<<<", "::right::", "::left::", "::default::"] {
        if prose.contains(mark) {
            return Some(format!("`{mark}`"));
        }
    }
    for key in [
        "layout:",
        "src:",
        "hide:",
        "image:",
        "class:",
        "transition:",
        "background:",
    ] {
        if starts.iter().any(|word| word == key) {
            return Some(format!("the setting `{key}`"));
        }
    }
    None
}

/// Everything wrong with one deck, in words.
fn judge(path: &Path, expected: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let report = Checker::default().check_deck_file(path, None);
    for finding in &report.findings {
        if finding.severity == Severity::Error {
            problems.push(format!(
                "error at {}:{}: {}",
                finding.line, finding.column, finding.message
            ));
        }
    }
    if report.slides != Some(expected) {
        problems.push(format!(
            "{} slides, where its tool shows {expected}",
            report.slides.map_or("no".to_string(), |n| n.to_string())
        ));
    }
    for (index, list) in laid_out(path).iter().enumerate() {
        let (all, prose, starts) = texts_and_line_starts(list);
        if let Some(markup) = markup_in(&prose, &starts) {
            problems.push(format!("slide {} shows {markup}", index + 1));
        }
        for word in NEVER_SHOWN {
            if all.contains(word) {
                problems.push(format!("slide {} shows {word} text", index + 1));
            }
        }
    }
    problems
}

/// Runs every deck under `root/<tool>/` and fails with all that is wrong at once.
fn run_corpus(root: &Path) {
    let _cores = crate::support::busy_cores();
    let decks = decks_under(root);
    assert!(!decks.is_empty(), "no decks under {}", root.display());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, expected) in &decks {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        match expected {
            Err(why) => failures.push(why.clone()),
            Ok(Expected::Part) => {}
            Ok(Expected::Slides(count)) => {
                checked += 1;
                let problems = judge(path, *count);
                eprintln!(
                    "{shown}: {}",
                    if problems.is_empty() {
                        "ok".to_string()
                    } else {
                        problems.join("; ")
                    }
                );
                failures.extend(
                    problems
                        .into_iter()
                        .map(|problem| format!("{shown}: {problem}")),
                );
            }
        }
    }
    assert!(
        checked > 0,
        "no deck with a slide count under {}",
        root.display()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} decks under {}:\n{}",
        failures.len(),
        root.display(),
        failures.join("\n")
    );
}

#[test]
fn every_fixture_deck_opens_as_its_tool_shows_it() {
    let root = fixtures();
    // One folder per tool, each with decks in it.
    for tool in ["presenterm", "marp", "slidev", "reveal-md", "slides"] {
        let decks = decks_under(&root.join(tool));
        assert!(
            decks
                .iter()
                .any(|(_, expected)| matches!(expected, Ok(Expected::Slides(_)))),
            "no {tool} deck"
        );
    }
    run_corpus(&root);
}

/// Real decks, where they are available: `GONG_DECK_CORPUS=DIR cargo test --test dialects`.
#[test]
fn the_real_decks_named_by_the_environment_open_as_their_tools_show_them() {
    match std::env::var_os(CORPUS_VARIABLE) {
        Some(dir) => run_corpus(Path::new(&dir)),
        None => eprintln!("{CORPUS_VARIABLE} is not set: only the fixtures are run"),
    }
}

// --- the issue's reproducers, one case each -------------------------------------------

/// The text of every shown slide of a deck parsed from text alone.
fn slide_texts(source: &str) -> Vec<String> {
    let deck = Deck::parse(source);
    deck.shown_slides()
        .map(|slide| texts(&lay_out(slide, &Theme::dark(), Path::new("."))).0)
        .collect()
}

#[rstest]
#[case::slidev_front_matter_is_hidden("# A\n\n---\nlayout: center\n---\n\n# B\n", 2, &["A", "B"], &["layout", "center"])]
#[case::slidev_hide_skips("# A\n\n---\nhide: true\n---\n\n# Gone\n\n---\n\n# C\n", 2, &["A", "C"], &["Gone", "hide"])]
#[case::slidev_dashes_right_under_text("---\nlayout: cover\n---\n\n# A\ntext\n---\n\n# B\n", 2, &["text", "B"], &["cover"])]
#[case::slidev_slots("---\nlayout: two-cols\n---\n\n# L\n\n::right::\n\n# R\n", 1, &["L", "R"], &["::"])]
#[case::presenterm_splits_only_at_end_slide("A\n---\n\none\n\n---\n\ntwo\n<!-- end_slide -->\nB\n===\n<!-- end_slide -->\nC\n", 3, &["one", "two", "B", "C"], &["---"])]
#[case::presenterm_intro("---\ntitle: Talk\nsub_title: Sub\nauthor: Ada\n---\n\nA\n===\n<!-- end_slide -->\nB\n===\n", 3, &["Talk", "Sub", "Ada"], &[])]
#[case::presenterm_hidden_rust("x\n===\n\n```rust\n# use std::fs; // gone\nfn main() {}\n```\n<!-- end_slide -->\ny\n", 2, &["main"], &["gone"])]
#[case::html_style_and_tags("# T\n\n<style>\nh1 { color: red }\n</style>\n\nPress <kbd>Q</kbd><br>to quit <span style=\"color: red\">now</span>\n", 1, &["Press", "Q", "quit", "now"], &["<", "color"])]
#[case::html_div_keeps_markdown("<div class=\"x\">\n\n**bold** words\n\n</div>\n<div>inline <b>text</b></div>\n", 1, &["bold", "words", "inline", "text"], &["<", "**"])]
#[case::reveal_note("---\nseparator: <!--s-->\n---\n# A\n\nNote: secret words\n\n<!--s-->\n\n# B\n", 2, &["A", "B"], &["secret", "Note"])]
#[case::reveal_default_separators("# A\n\nNote: secret\n\n----\n\n# B\n---\n# C\n", 3, &["A", "B", "C"], &["secret"])]
#[case::marp_fit_heading("# <!--fit--> Title\n", 1, &["Title"], &["fit"])]
#[case::marp_emoji_shortcodes("# Ship :rocket:\n\n:ok_hand: but `:+1:` in code\n", 1, &["🚀", "👌", ":+1:"], &[":rocket:", ":ok_hand:"])]
fn decks_read_as_their_tools_read_them(
    #[case] source: &str,
    #[case] slides: usize,
    #[case] shows: &[&str],
    #[case] hides: &[&str],
) {
    let texts = slide_texts(source);
    assert_eq!(texts.len(), slides, "{texts:#?}");
    let all = texts.join(" | ");
    for word in shows {
        assert!(all.contains(word), "`{word}` is not shown: {all}");
    }
    for word in hides {
        assert!(!all.contains(word), "`{word}` is shown: {all}");
    }
}

#[test]
fn a_fitted_heading_keeps_no_leading_space() {
    let deck = Deck::parse("# <!--fit--> Marp CLI example\n");
    let BlockKind::Heading { content, .. } = &deck.slides[0].blocks[0].kind else {
        panic!("{:?}", deck.slides[0].blocks);
    };
    assert_eq!(Inline::plain_text(content), "Marp CLI example");
    assert!(deck.findings.is_empty(), "{:?}", deck.findings);
}

/// The items of a slide's layout that draw text, with where they are.
fn text_items(list: &DrawList) -> Vec<(String, f32, f32, f32)> {
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
fn a_pause_keeps_a_title_and_one_line_centred() {
    let theme = Theme::dark();
    let lay = |source: &str| {
        let deck = Deck::parse(source);
        text_items(&lay_out(&deck.slides[0], &theme, Path::new(".")))
    };
    let paused = lay("# Gong\n\n<!-- pause -->\n\nOne line under it\n");
    let plain = lay("# Gong\n\nOne line under it\n");
    assert_eq!(paused, plain);
    // A title card: the title far from the left margin, in the middle.
    let (_, x, _, _) = &paused[0];
    assert!(*x > 600.0, "{paused:?}");
}

#[test]
fn a_presenterm_slide_title_is_no_smaller_than_its_body_headings() {
    let deck = Deck::parse("Title\n---\n\n# Body heading\n\ntext\n<!-- end_slide -->\nnext\n");
    let items = text_items(&lay_out(&deck.slides[0], &Theme::dark(), Path::new(".")));
    let size_of = |word: &str| {
        items
            .iter()
            .find(|(text, ..)| text.contains(word))
            .map(|(_, _, _, size)| *size)
            .unwrap()
    };
    assert!(size_of("Title") >= size_of("Body"), "{items:?}");
}

/// Emoji are pictures of the colour face, drawn by glyph: one per emoji, the ZWJ
/// sequence and the flag included, and `check` finds nothing to say.
#[test]
fn emoji_are_drawn_as_pictures_and_check_is_quiet() {
    let source = "# 📝 Notes\n\n- ⚠\u{FE0F} careful 👉 🙂 ✅ 👩\u{200D}💻 🇯🇵\n";
    let deck = Deck::parse(source);
    let list = lay_out(&deck.slides[0], &Theme::dark(), Path::new("."));
    let pictures: usize = list
        .items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Text { font, glyphs, .. } if *font == EMOJI => Some(glyphs.len()),
            _ => None,
        })
        .sum();
    assert_eq!(pictures, 7, "{list:#?}");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("emoji.md");
    std::fs::write(&path, source).unwrap();
    let report = Checker::default().check_deck_file(&path, None);
    let said: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(said, Vec::<&str>::new());
}

#[test]
fn a_coloured_span_is_drawn_in_its_colour() {
    let deck = Deck::parse("plain <span style=\"color: #ff3333\">red</span>\n");
    let list = lay_out(&deck.slides[0], &Theme::dark(), Path::new("."));
    let colour_of = |word: &str| {
        list.items
            .iter()
            .find_map(|item| match item {
                DrawItem::Text { text, color, .. } if text.contains(word) => Some(*color),
                _ => None,
            })
            .unwrap()
    };
    assert_ne!(colour_of("red"), colour_of("plain"));
    assert!(
        colour_of("red").r > colour_of("red").g,
        "{:?}",
        colour_of("red")
    );
}

/// The frames a slide draws, as (x, width).
fn frames(list: &DrawList) -> Vec<(f32, f32)> {
    list.items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Frame { rect, .. } => Some((rect.x, rect.w)),
            _ => None,
        })
        .collect()
}

#[rstest]
#[case::full("![bg](https://example.com/a.jpg)\n\n# Over it\n", 0.0, 1.0)]
#[case::right(
    "![bg right 60%](https://example.com/a.jpg)\n\n# Beside it\n",
    0.5,
    1.0
)]
#[case::left_share("![bg left:30%](https://example.com/a.jpg)\n\n# Beside it\n", 0.0, 0.3)]
fn a_web_background_is_a_framed_box_in_its_area(
    #[case] source: &str,
    #[case] from: f32,
    #[case] to: f32,
) {
    let deck = Deck::parse(source);
    let list = lay_out(&deck.slides[0], &Theme::dark(), Path::new("."));
    let frames = frames(&list);
    assert_eq!(frames.len(), 1, "{list:#?}");
    let (x, width) = frames[0];
    assert!(
        x >= from * 1920.0 && x + width <= to * 1920.0 + 0.5,
        "{frames:?}"
    );
    // The slide's text stays out of a split background's side.
    if from > 0.0 {
        let (_, heading_x, ..) = text_items(&list)
            .into_iter()
            .find(|(text, ..)| text.contains("Beside"))
            .unwrap();
        assert!(heading_x < x, "{heading_x} ≥ {x}");
    }
}

#[test]
fn imports_read_inside_the_folder_never_in_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    let deck_path = dir.path().join("slides.md");
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::write(
        &deck_path,
        "# One\n\n---\nsrc: pages/a.md\n---\n\n---\nsrc: ../outside.md\n---\n\n---\n\n# Last\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pages/a.md"),
        "# From a\n\n---\nsrc: ../slides.md\n---\n",
    )
    .unwrap();
    let source = read_source(&deck_path).unwrap();
    let deck = Deck::parse_with(&source, &DeckFolder::of(&deck_path));
    let titles: Vec<String> = deck
        .shown_slides()
        .map(|slide| match &slide.blocks[0].kind {
            BlockKind::Heading { content, .. } => Inline::plain_text(content),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(titles, ["One", "From a", "Last"]);
    let errors: Vec<&str> = deck
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().any(|error| error.contains("a loop")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|error| error.contains("outside the deck's folder")),
        "{errors:?}"
    );
}
