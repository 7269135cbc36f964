//! Slide layout against `FixedMeasure` and fixed picture sizes: where every element
//! kind lands, auto-fit, overflow, pauses, columns, Takahashi slides and letterboxing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::deck::{Footnote, Span, SpanStyle};
use crate::layout::FontId;
use crate::layout::measure::FixedMeasure;

// ---- building slides by hand (the parser lands separately) ----

fn styled(text: &str, style: SpanStyle) -> Inline {
    Inline::Text(Span {
        text: text.to_string(),
        style,
    })
}

fn text(text: &str) -> Vec<Inline> {
    vec![styled(text, SpanStyle::default())]
}

fn block(kind: BlockKind) -> Block {
    Block { line: 1, kind }
}

fn heading(level: u8, words: &str) -> Block {
    block(BlockKind::Heading {
        level,
        content: text(words),
    })
}

fn para(words: &str) -> Block {
    block(BlockKind::Paragraph(text(words)))
}

fn bullets(items: Vec<Vec<Block>>) -> Block {
    block(BlockKind::List {
        start: None,
        items: items
            .into_iter()
            .map(|blocks| ListItem { task: None, blocks })
            .collect(),
    })
}

fn image(src: &str) -> Image {
    Image {
        src: src.to_string(),
        alt: "a picture".to_string(),
        width: None,
        height: None,
        background: false,
        split: None,
        line: 1,
    }
}

fn slide(blocks: Vec<Block>) -> Slide {
    Slide {
        line: 1,
        blocks,
        ..Slide::default()
    }
}

struct FixedImages(HashMap<PathBuf, ImageState>);

impl ImageSizes for FixedImages {
    fn image_state(&self, path: &Path) -> ImageState {
        self.0
            .get(path)
            .cloned()
            .unwrap_or(ImageState::Failed("missing".into()))
    }
}

fn images() -> FixedImages {
    let ready = |w, h| ImageState::Ready {
        width: w,
        height: h,
    };
    FixedImages(HashMap::from([
        (PathBuf::from("/deck/wide.png"), ready(800, 400)),
        (PathBuf::from("/deck/tall.png"), ready(300, 900)),
        (PathBuf::from("/deck/photo.jpg"), ready(1600, 1200)),
        (PathBuf::from("/deck/screen.png"), ready(1920, 1080)),
        (PathBuf::from("/deck/camera.jpg"), ready(4000, 3000)),
        (PathBuf::from("/deck/small.png"), ready(640, 360)),
        (PathBuf::from("/deck/loading.png"), ImageState::Loading),
    ]))
}

struct Setup {
    window: (f32, f32),
    theme: Theme,
    measure: FixedMeasure,
    images: FixedImages,
    reveal: usize,
    footer: bool,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            window: (1920.0, 1080.0),
            theme: Theme::dark(),
            measure: FixedMeasure::default(),
            images: images(),
            reveal: usize::MAX,
            footer: true,
        }
    }

    fn window(mut self, w: f32, h: f32) -> Setup {
        self.window = (w, h);
        self
    }

    fn reveal(mut self, reveal: usize) -> Setup {
        self.reveal = reveal;
        self
    }

    fn lay(&self, slide: &Slide) -> DrawList {
        layout_slide(slide, &self.ctx())
    }

    fn ctx(&self) -> SlideContext<'_> {
        SlideContext {
            window: self.window,
            theme: &self.theme,
            measure: &self.measure,
            images: &self.images,
            deck_dir: Path::new("/deck"),
            reveal: self.reveal,
            footer: self.footer,
        }
    }

    fn content_box(&self) -> Rect {
        let canvas = canvas(self.window);
        let scale = canvas.h / 1080.0;
        let sizes = &self.theme.sizes;
        let bottom = sizes
            .margin_y
            .max(sizes.footer_height + sizes.margin_y * 0.5);
        Rect::new(
            canvas.x + sizes.margin_x * scale,
            canvas.y + sizes.margin_y * scale,
            canvas.w - 2.0 * sizes.margin_x * scale,
            canvas.h - (sizes.margin_y + bottom) * scale,
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Run {
    x: f32,
    y: f32,
    size: f32,
    color: Rgba,
    text: String,
}

fn runs(list: &DrawList) -> Vec<Run> {
    list.items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Text {
                x,
                y,
                size,
                color,
                text,
                ..
            } => Some(Run {
                x: *x,
                y: *y,
                size: *size,
                color: *color,
                text: text.clone(),
            }),
            _ => None,
        })
        .collect()
}

fn run<'l>(runs: &'l [Run], text: &str) -> &'l Run {
    runs.iter()
        .find(|run| run.text.contains(text))
        .unwrap_or_else(|| panic!("no run with {text:?} in {runs:#?}"))
}

fn exact<'l>(runs: &'l [Run], text: &str) -> &'l Run {
    runs.iter()
        .find(|run| run.text == text)
        .unwrap_or_else(|| panic!("no run {text:?} in {runs:#?}"))
}

fn images_of(list: &DrawList) -> Vec<Rect> {
    list.items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Image { rect, .. } => Some(*rect),
            _ => None,
        })
        .collect()
}

/// A text run's box: baseline minus ascent to baseline plus descent (FixedMeasure).
fn run_box(run: &Run) -> Rect {
    let width = run.text.chars().count() as f32 * 0.5 * run.size;
    Rect::new(run.x, run.y - run.size * 0.8, width, run.size)
}

// ---- canvas ----

#[test]
fn canvas_fills_a_16_9_window() {
    assert_eq!(
        canvas((1920.0, 1080.0)),
        Rect::new(0.0, 0.0, 1920.0, 1080.0)
    );
}

#[test]
fn canvas_letterboxes_4_3_top_and_bottom() {
    assert_eq!(canvas((1024.0, 768.0)), Rect::new(0.0, 96.0, 1024.0, 576.0));
}

#[test]
fn canvas_pillarboxes_21_9_left_and_right() {
    assert_eq!(
        canvas((2560.0, 1080.0)),
        Rect::new(320.0, 0.0, 1920.0, 1080.0)
    );
}

#[test]
fn degenerate_windows_draw_nothing() {
    let setup = Setup::new().window(0.0, 0.0);
    assert!(setup.lay(&slide(vec![para("x")])).items.is_empty());
}

// ---- blocks ----

#[test]
fn heading_sits_above_paragraph_inside_the_box() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(2, "Title"),
        para("Some body text that goes on."),
    ]));
    let runs = runs(&list);
    let title = run(&runs, "Title");
    let body = run(&runs, "Some body");
    assert!(title.y < body.y);
    assert!(title.size > body.size);
    assert_eq!(title.x, body.x, "left-aligned");
    // A sparse slide: body text one step larger than the theme's.
    assert_eq!(body.size, (setup.theme.sizes.body * 1.2).round());
    let content = setup.content_box();
    for run in &runs {
        assert!(
            content.contains(&run_box(run)),
            "{run:?} outside {content:?}"
        );
    }
    assert!(!list.overflow);
}

#[test]
fn first_item_is_the_canvas_background() {
    let setup = Setup::new().window(1024.0, 768.0);
    let list = setup.lay(&slide(vec![para("x"), para("y")]));
    assert_eq!(
        list.items[0],
        DrawItem::Rect {
            rect: canvas((1024.0, 768.0)),
            color: setup.theme.background
        }
    );
}

#[test]
fn sizes_scale_with_the_canvas() {
    let deck_slide = slide(vec![heading(2, "Half"), para("body")]);
    let full = run(&runs(&Setup::new().lay(&deck_slide)), "body").size;
    let small = Setup::new().window(960.0, 540.0);
    let half = run(&runs(&small.lay(&deck_slide)), "body").size;
    assert!((half - full / 2.0).abs() <= 1.0, "{half} vs {full}");
}

#[test]
fn bullets_sit_left_of_their_items_on_the_same_baseline() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![bullets(vec![
        vec![para("first")],
        vec![para("second"), bullets(vec![vec![para("nested")]])],
    ])]));
    let runs = runs(&list);
    let dots: Vec<&Run> = runs.iter().filter(|run| run.text == "•").collect();
    assert_eq!(dots.len(), 2);
    let first = run(&runs, "first");
    assert!(dots[0].x < first.x);
    assert_eq!(dots[0].y, first.y);
    let nested = run(&runs, "nested");
    let hollow = run(&runs, "◦");
    assert!(hollow.x > dots[1].x && hollow.x < nested.x);
    assert_eq!(hollow.y, nested.y);
    assert!(nested.x > first.x);
}

#[test]
fn numbered_lists_start_where_asked_and_align_right() {
    let setup = Setup::new();
    let items = (0..8)
        .map(|i| ListItem {
            task: None,
            blocks: vec![para(&format!("item {i}"))],
        })
        .collect();
    let list = setup.lay(&slide(vec![block(BlockKind::List {
        start: Some(3),
        items,
    })]));
    let runs = runs(&list);
    let three = run(&runs, "3.");
    let ten = run(&runs, "10.");
    let right = |run: &Run| run.x + run.text.chars().count() as f32 * 0.5 * run.size;
    assert!((right(three) - right(ten)).abs() < 1.0);
    assert!(right(three) < run(&runs, "item 0").x);
    assert!(!runs.iter().any(|run| run.text == "1." || run.text == "2."));
}

#[test]
fn task_items_get_boxes_and_ticks() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![block(BlockKind::List {
        start: None,
        items: vec![
            ListItem {
                task: Some(true),
                blocks: vec![para("done")],
            },
            ListItem {
                task: Some(false),
                blocks: vec![para("todo")],
            },
        ],
    })]));
    let frames: Vec<Rect> = list
        .items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Frame { rect, .. } => Some(*rect),
            _ => None,
        })
        .collect();
    let ticks = list
        .items
        .iter()
        .filter(|item| matches!(item, DrawItem::Line { .. }))
        .count();
    assert_eq!(frames.len(), 2);
    assert_eq!(ticks, 2, "one tick of two strokes");
    let runs = runs(&list);
    assert!(frames[0].right() < run(&runs, "done").x);
    assert!(!runs.iter().any(|run| run.text == "•"));
}

#[test]
fn quotes_have_a_bar_and_alerts_a_label() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        block(BlockKind::Quote {
            alert: None,
            blocks: vec![para("quoted")],
        }),
        block(BlockKind::Quote {
            alert: Some(Alert::Warning),
            blocks: vec![para("careful")],
        }),
    ]));
    let runs = runs(&list);
    let label = run(&runs, "Warning");
    assert_eq!(label.color, setup.theme.alert_warning);
    assert!(label.y < run(&runs, "careful").y);
    let bars: Vec<Rect> = list
        .items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Rect { rect, color }
                if *color == setup.theme.quote_bar || *color == setup.theme.alert_warning =>
            {
                Some(*rect)
            }
            _ => None,
        })
        .collect();
    assert_eq!(bars.len(), 2);
    assert!(bars[0].right() < run(&runs, "quoted").x);
    assert_eq!(run(&runs, "quoted").color, setup.theme.muted);
}

#[test]
fn code_is_highlighted_on_its_background() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![block(BlockKind::Code {
        lang: Some("rust".into()),
        text: "fn main() {\n    println!(\"hi\");\n}\n".into(),
        options: Default::default(),
    })]));
    let background = list
        .items
        .iter()
        .find_map(|item| match item {
            DrawItem::Rect { rect, color } if *color == setup.theme.code_background => Some(*rect),
            _ => None,
        })
        .unwrap();
    let runs = runs(&list);
    assert!(runs.len() >= 4);
    let sizes = &setup.theme.sizes;
    for run in &runs {
        assert!(background.contains(&run_box(run)), "{run:?}");
        assert_eq!(run.size, runs[0].size);
        assert!(
            run.size >= (sizes.body * sizes.code_scale).round(),
            "{run:?}"
        );
    }
    let mut colours: Vec<Rgba> = runs.iter().map(|run| run.color).collect();
    colours.sort_by_key(|c| (c.r, c.g, c.b));
    colours.dedup();
    assert!(colours.len() >= 3);
    // Indentation survives: the second line starts to the right of the first.
    assert!(run(&runs, "println").x > run(&runs, "fn").x);
}

#[test]
fn inline_styles_become_faces_and_lines() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![block(BlockKind::Paragraph(vec![
        styled("plain ", SpanStyle::default()),
        styled(
            "gone",
            SpanStyle {
                strike: true,
                ..SpanStyle::default()
            },
        ),
        styled(
            " code",
            SpanStyle {
                code: true,
                ..SpanStyle::default()
            },
        ),
        styled(
            " link",
            SpanStyle {
                link: Some("https://example.com".into()),
                ..SpanStyle::default()
            },
        ),
    ]))]));
    let runs = runs(&list);
    assert_eq!(run(&runs, "link").color, setup.theme.link);
    let fonts: Vec<FontId> = list
        .items
        .iter()
        .filter_map(|item| match item {
            DrawItem::Text { font, text, .. } if text.contains("code") => Some(*font),
            _ => None,
        })
        .collect();
    assert_eq!(fonts, vec![FontId(1)]);
    let lines = list
        .items
        .iter()
        .filter(|item| matches!(item, DrawItem::Line { .. }))
        .count();
    assert_eq!(lines, 2, "strike and underline");
    assert!(list.items.iter().any(
        |item| matches!(item, DrawItem::Rect { color, .. } if *color == setup.theme.code_background)
    ));
}

#[test]
fn table_cells_line_up_by_column_alignment() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![block(BlockKind::Table {
        align: vec![Align::Left, Align::Right, Align::Center],
        header: vec![text("Name"), text("Count"), text("Mid")],
        rows: vec![
            vec![text("a"), text("1"), text("xx")],
            vec![text("longer name"), text("12345"), text("y")],
        ],
    })]));
    let runs = runs(&list);
    let right = |run: &Run| run.x + run.text.chars().count() as f32 * 0.5 * run.size;
    let centre = |run: &Run| run.x + run.text.chars().count() as f32 * 0.25 * run.size;
    assert_eq!(run(&runs, "Name").x, run(&runs, "longer").x);
    assert_eq!(run(&runs, "Name").x, exact(&runs, "a").x);
    assert!((right(run(&runs, "Count")) - right(exact(&runs, "1"))).abs() < 1.0);
    assert!((right(run(&runs, "12345")) - right(exact(&runs, "1"))).abs() < 1.0);
    assert!((centre(run(&runs, "Mid")) - centre(exact(&runs, "y"))).abs() < 1.0);
    assert!(run(&runs, "Name").y < exact(&runs, "a").y);
    assert!(exact(&runs, "a").y < run(&runs, "longer").y);
    assert_eq!(exact(&runs, "a").y, run(&runs, "xx").y);
    // Header bold: FixedMeasure draws every face with font 0, so check by the colour.
    assert_eq!(run(&runs, "Name").color, setup.theme.heading);
}

#[test]
fn narrow_tables_stay_inside_the_box() {
    let setup = Setup::new();
    let cell = "word ".repeat(30);
    let list = setup.lay(&slide(vec![block(BlockKind::Table {
        align: vec![],
        header: vec![text(&cell), text(&cell), text(&cell)],
        rows: vec![],
    })]));
    let content = setup.content_box();
    let drawn = runs(&list);
    for run in &drawn {
        assert!(run_box(run).right() <= content.right() + 0.5, "{run:?}");
    }
    // Every word of every cell is drawn, not only kept inside: three cells of thirty.
    let words = drawn
        .iter()
        .map(|run| run.text.matches("word").count())
        .sum::<usize>();
    assert_eq!(words, 90, "of the table's 90 words, {words} drawn");
}

#[test]
fn images_keep_their_aspect_and_fit() {
    let setup = Setup::new();
    // With a caption (so not grown as a lone picture): its own pixels.
    let list = setup.lay(&slide(vec![
        heading(2, "Pictures"),
        block(BlockKind::Image(image("wide.png"))),
        para("caption"),
    ]));
    let rects = images_of(&list);
    assert_eq!(rects.len(), 1);
    assert!((rects[0].w / rects[0].h - 2.0).abs() < 0.02);
    assert_eq!((rects[0].w, rects[0].h), (800.0, 400.0));
    assert!(setup.content_box().contains(&rects[0]));

    // Too tall for what is left: shrunk, aspect kept, still inside.
    let list = setup.lay(&slide(vec![
        heading(2, "Tall"),
        block(BlockKind::Image(image("tall.png"))),
        para("caption under it"),
    ]));
    let rect = images_of(&list)[0];
    assert!((rect.w / rect.h - 1.0 / 3.0).abs() < 0.02);
    assert!(setup.content_box().contains(&rect));
    assert!(!list.overflow);
    assert!(run(&runs(&list), "caption").y > rect.bottom());
}

/// The room under a slide title: from the bottom of its line to the bottom of the box.
fn room_under(title: &Run, content: Rect) -> Rect {
    let line_bottom = title.y + title.size * 0.2 + title.size * 0.2 / 2.0;
    Rect::new(
        content.x,
        line_bottom,
        content.w,
        content.bottom() - line_bottom,
    )
}

/// The most common slide of a tech talk: a heading over a screenshot. The picture
/// takes the room under the heading, whatever its size in pixels.
#[test]
fn a_large_picture_under_a_heading_fills_the_room_under_it() {
    let setup = Setup::new();
    let content = setup.content_box();
    for (name, aspect) in [("screen.png", 16.0 / 9.0), ("camera.jpg", 4.0 / 3.0)] {
        for picture in [
            block(BlockKind::Image(image(name))),
            block(BlockKind::Paragraph(vec![Inline::Image(image(name))])),
        ] {
            let list = setup.lay(&slide(vec![heading(2, "Screenshot"), picture]));
            assert!(!list.overflow, "{name}: clipped");
            let rects = images_of(&list);
            assert_eq!(rects.len(), 1, "{name}: {list:#?}");
            let rect = rects[0];
            assert!(
                content.contains(&rect),
                "{name}: {rect:?} outside {content:?}"
            );
            assert!((rect.w / rect.h - aspect).abs() < 0.01, "{name}: {rect:?}");
            let runs = runs(&list);
            let title = exact(&runs, "Screenshot");
            assert_eq!(title.size, 78.0, "the title keeps its size");
            let room = room_under(title, content);
            assert!(room.contains(&rect), "{name}: {rect:?} not under the title");
            // Too tall for the room at full width: as tall as the room, less a gap.
            assert!(rect.h > room.h - title.size, "{name}: {rect:?} in {room:?}");
        }
    }
}

/// A small picture that is all a slide has under its heading is set larger, up to twice
/// its pixels; sized with `w:` or followed by a caption, it keeps its own size.
#[test]
fn a_lone_small_picture_grows_to_twice_its_pixels() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(2, "Small"),
        block(BlockKind::Image(image("small.png"))),
    ]));
    assert_eq!(images_of(&list), vec![images_of(&list)[0]]);
    let rect = images_of(&list)[0];
    assert_eq!((rect.w, rect.h), (1280.0, 720.0));
    assert!(setup.content_box().contains(&rect));

    let mut sized = image("small.png");
    sized.width = Some(480);
    let list = setup.lay(&slide(vec![
        heading(2, "Sized"),
        block(BlockKind::Image(sized)),
    ]));
    assert_eq!(
        images_of(&list),
        vec![Rect::new(720.0, images_of(&list)[0].y, 480.0, 270.0)]
    );

    let list = setup.lay(&slide(vec![
        heading(2, "Captioned"),
        block(BlockKind::Image(image("small.png"))),
        para("a caption"),
    ]));
    let rect = images_of(&list)[0];
    assert_eq!((rect.w, rect.h), (640.0, 360.0));
}

/// A picture with text under it shrinks to leave the text its size: the text is not
/// made smaller for the picture's sake, and nothing is clipped.
#[test]
fn a_picture_shrinks_before_the_text_does() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(2, "Screenshot"),
        block(BlockKind::Image(image("camera.jpg"))),
        para("What the camera saw, told in a caption of a line or so."),
        para("And a second paragraph under it, so the text takes real room."),
    ]));
    assert!(!list.overflow);
    let rects = images_of(&list);
    assert_eq!(rects.len(), 1);
    let runs = runs(&list);
    let caption = run(&runs, "What the camera");
    assert_eq!(
        caption.size, setup.theme.sizes.body,
        "the caption keeps the body size"
    );
    assert!(caption.y - caption.size * 0.8 > rects[0].bottom());
    let last = run(&runs, "second paragraph");
    assert!(setup.content_box().contains(&run_box(last)));
}

#[test]
fn marp_width_is_in_1920_pixels() {
    let setup = Setup::new().window(960.0, 540.0);
    let mut picture = image("wide.png");
    picture.width = Some(300);
    let list = setup.lay(&slide(vec![block(BlockKind::Image(picture))]));
    let rect = images_of(&list)[0];
    assert_eq!((rect.w, rect.h), (150.0, 75.0));
}

#[test]
fn bg_image_covers_the_canvas_behind_everything() {
    // A 4:3 photo on a 21:9 window: the canvas is pillarboxed, the photo covers it.
    let setup = Setup::new().window(2560.0, 1080.0);
    let mut photo = image("photo.jpg");
    photo.background = true;
    let list = setup.lay(&slide(vec![
        block(BlockKind::Image(photo)),
        para("over the photo"),
    ]));
    let canvas = canvas((2560.0, 1080.0));
    let (index, rect) = list
        .items
        .iter()
        .enumerate()
        .find_map(|(i, item)| match item {
            DrawItem::Image { rect, .. } => Some((i, *rect)),
            _ => None,
        })
        .unwrap();
    assert!(rect.contains(&canvas));
    assert!((rect.w / rect.h - 4.0 / 3.0).abs() < 0.01);
    let text_index = list
        .items
        .iter()
        .position(|item| matches!(item, DrawItem::Text { .. }))
        .unwrap();
    assert!(index < text_index);
    // The spill above and below the canvas is masked.
    let masks = list.items[index + 1..text_index]
        .iter()
        .filter(|item| {
            matches!(item, DrawItem::Rect { rect, color }
            if *color == setup.theme.letterbox && (rect.bottom() <= canvas.y + 0.5 || rect.y >= canvas.bottom() - 0.5))
        })
        .count();
    assert_eq!(masks, 2);
    assert!(!list.overflow);
}

#[test]
fn failed_and_loading_images_are_framed_boxes_with_alt_text() {
    let setup = Setup::new();
    let mut missing = image("nope.png");
    missing.alt = "diagram of the pipeline".into();
    for picture in [missing, image("loading.png")] {
        let alt = picture.alt.clone();
        let list = setup.lay(&slide(vec![block(BlockKind::Image(picture))]));
        let frame = list
            .items
            .iter()
            .find_map(|item| match item {
                DrawItem::Frame { rect, .. } => Some(*rect),
                _ => None,
            })
            .unwrap();
        assert!(setup.content_box().contains(&frame));
        let runs = runs(&list);
        assert_eq!(list.text(), alt);
        for run in &runs {
            assert!(frame.contains(&run_box(run)));
        }
    }
}

#[test]
fn columns_sit_side_by_side() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(2, "Compare"),
        block(BlockKind::ColumnLayout(vec![1, 2])),
        block(BlockKind::Column(0)),
        para("left"),
        block(BlockKind::Column(1)),
        para("right"),
        para("right again"),
        block(BlockKind::ResetLayout),
        para("below"),
    ]));
    let runs = runs(&list);
    let (left, right) = (run(&runs, "left"), run(&runs, "right"));
    assert_eq!(left.y, right.y);
    let content = setup.content_box();
    // The gutter is 1.2 body sizes, whatever size the slide settled on.
    let gutter = left.size * 1.2;
    let expected_right = content.x + (content.w - gutter) / 3.0 + gutter;
    assert!(
        (right.x - expected_right).abs() < 1.0,
        "{} vs {expected_right}",
        right.x
    );
    assert!(run(&runs, "Compare").y < left.y);
    assert!(run(&runs, "below").y > run(&runs, "right again").y);
    assert_eq!(run(&runs, "below").x, content.x);
}

#[test]
fn pause_hides_later_blocks_without_moving_earlier_ones() {
    let deck_slide = slide(vec![
        heading(2, "Steps"),
        para("one"),
        block(BlockKind::Pause),
        para("two"),
        block(BlockKind::Pause),
        para("three"),
    ]);
    assert_eq!(pause_steps(&deck_slide), 2);
    let at = |reveal| runs(&Setup::new().reveal(reveal).lay(&deck_slide));
    let first = at(0);
    assert!(first.iter().any(|run| run.text == "one"));
    assert!(
        !first
            .iter()
            .any(|run| run.text == "two" || run.text == "three")
    );
    let second = at(1);
    assert!(second.iter().any(|run| run.text == "two"));
    assert!(!second.iter().any(|run| run.text == "three"));
    let all = at(2);
    assert!(all.iter().any(|run| run.text == "three"));
    assert_eq!(run(&first, "one"), run(&all, "one"));
    assert_eq!(at(9), all);
}

#[test]
fn footnotes_are_small_at_the_bottom() {
    let setup = Setup::new();
    let mut with_notes = slide(vec![block(BlockKind::Paragraph(vec![
        styled("claim", SpanStyle::default()),
        styled(
            "1",
            SpanStyle {
                footnote_ref: true,
                ..SpanStyle::default()
            },
        ),
    ]))]);
    with_notes.footnotes = vec![Footnote {
        label: "1".into(),
        content: text("the source"),
    }];
    let list = setup.lay(&with_notes);
    let runs = runs(&list);
    let note = run(&runs, "the source");
    let claim = run(&runs, "claim");
    assert!(note.size < claim.size);
    assert!(note.y > setup.content_box().bottom() - note.size * 2.0);
    assert!(note.y <= setup.content_box().bottom());
    let reference = runs.iter().find(|run| run.text == "1" && run.y < claim.y);
    assert!(reference.is_some(), "raised reference: {runs:#?}");
}

// ---- Takahashi, auto-fit, overflow ----

#[test]
fn a_lone_heading_is_huge_and_centred() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![heading(2, "Why?")]));
    let runs = runs(&list);
    let word = run(&runs, "Why?");
    assert!(word.size >= 200.0, "{}", word.size);
    let content = setup.content_box();
    let middle = word.x + word.text.chars().count() as f32 * 0.25 * word.size;
    assert!((middle - (content.x + content.w / 2.0)).abs() < 1.0);
    let centre_y = word.y - word.size * 0.3;
    assert!((centre_y - (content.y + content.h / 2.0)).abs() < word.size * 0.3);
}

#[test]
fn one_short_line_is_huge_and_a_long_one_wraps_without_breaking_words() {
    let setup = Setup::new();
    let short = runs(&setup.lay(&slide(vec![para("5분이면 충분")])));
    assert!(short[0].size > 100.0);
    let long = setup.lay(&slide(vec![heading(
        1,
        "Streaming data in real time with Kafka",
    )]));
    let long_runs = runs(&long);
    let content = setup.content_box();
    for run in &long_runs {
        assert!(content.contains(&run_box(run)), "{run:?}");
    }
    assert!(long_runs.len() >= 2);
    // Lines break between words only: put back together, they are the heading.
    let joined: Vec<&str> = long_runs.iter().map(|run| run.text.trim()).collect();
    assert_eq!(joined.join(" "), "Streaming data in real time with Kafka");
    assert!(!long.overflow);
}

#[test]
fn two_blocks_are_not_takahashi() {
    let list = Setup::new().lay(&slide(vec![heading(2, "Title"), para("sub")]));
    assert!(run(&runs(&list), "Title").size < 100.0);
}

// ---- title cards and the placement of short slides ----

#[test]
fn a_title_and_a_subtitle_are_a_centred_card() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(1, "A tour of gong"),
        para("Markdown slides under a hard countdown"),
    ]));
    let runs = runs(&list);
    let title = run(&runs, "A tour of gong");
    let subtitle = run(&runs, "Markdown slides");
    let content = setup.content_box();
    let middle = content.x + content.w / 2.0;
    for run in [title, subtitle] {
        let centre = run.x + run_box(run).w / 2.0;
        assert!((centre - middle).abs() < 1.0, "{run:?} not centred");
    }
    assert_eq!(title.size, setup.theme.sizes.title);
    assert!(subtitle.size > setup.theme.sizes.body, "{subtitle:?}");
    assert!(title.y < subtitle.y);
    // The group sits about the middle of the box, not at its top.
    let top = run_box(title).y;
    let bottom = run_box(subtitle).bottom();
    let above = top - content.y;
    let below = content.bottom() - bottom;
    assert!(
        above > 200.0 && (above - below).abs() < below * 0.35,
        "{above} / {below}"
    );
    // An accent rule between the two.
    let rule = list.items.iter().find_map(|item| match item {
        DrawItem::Rect { rect, color } if *color == setup.theme.accent => Some(*rect),
        _ => None,
    });
    let rule = rule.expect("an accent rule");
    assert!(rule.y > title.y && rule.bottom() < run_box(subtitle).y);
    assert!(!list.overflow);
}

#[test]
fn a_long_title_takes_one_smaller_line_before_it_wraps() {
    let setup = Setup::new();
    // 26 characters: 1,820 px at the title size, too wide; one line at 70 % fits.
    let list = setup.lay(&slide(vec![
        heading(1, "Sourdough in twenty slides"),
        para("Fifteen seconds each."),
    ]));
    let title = run(&runs(&list), "Sourdough").clone();
    assert_eq!(title.text, "Sourdough in twenty slides");
    assert!(title.size < setup.theme.sizes.title && title.size >= setup.theme.sizes.title * 0.7);
    // Far too long for one line: two lines of even length, nothing broken mid-word.
    let long = "Streaming data in real time with Kafka and friends";
    let list = setup.lay(&slide(vec![heading(1, long), para("sub")]));
    let lines: Vec<Run> = runs(&list)
        .into_iter()
        .filter(|run| run.size > setup.theme.sizes.body * 1.5)
        .collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    let lengths: Vec<usize> = lines.iter().map(|run| run.text.chars().count()).collect();
    assert!(lengths[0].abs_diff(lengths[1]) <= 8, "{lengths:?}");
    let joined = lines
        .iter()
        .map(|run| run.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(joined, long);
}

#[test]
fn a_title_with_a_list_is_an_ordinary_slide() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(1, "Agenda"),
        bullets(vec![vec![para("one")], vec![para("two")]]),
    ]));
    let runs = runs(&list);
    assert_eq!(run(&runs, "Agenda").x, setup.content_box().x);
    assert!(run(&runs, "Agenda").size < setup.theme.sizes.title);
}

#[test]
fn a_short_slide_sits_in_the_middle_of_its_box() {
    let setup = Setup::new();
    let list = setup.lay(&slide(vec![
        heading(2, "Day 1"),
        para("Mix flour and water."),
    ]));
    let runs = runs(&list);
    let content = setup.content_box();
    let top = run_box(run(&runs, "Day 1")).y;
    let bottom = run_box(run(&runs, "Mix flour")).bottom();
    let above = top - content.y;
    let below = content.bottom() - bottom;
    assert!(above > 150.0, "not at the top: {above}");
    // A little above the exact middle.
    assert!(above <= below && above > below * 0.7, "{above} / {below}");
}

#[test]
fn a_full_slide_keeps_the_theme_size_and_starts_at_the_top() {
    let setup = Setup::new();
    let list = setup.lay(&long_slide(5));
    let runs = runs(&list);
    let first = run(&runs, "Paragraph 0");
    assert_eq!(first.size, setup.theme.sizes.body);
    assert!(run_box(first).y - setup.content_box().y < 120.0);
}

#[test]
fn no_footer_is_passed_on_to_the_stage() {
    let setup = Setup::new();
    let mut quiet = slide(vec![heading(1, "Gong!")]);
    assert!(!setup.lay(&quiet).no_footer);
    quiet.no_footer = true;
    assert!(setup.lay(&quiet).no_footer);
}

fn long_slide(paragraphs: usize) -> Slide {
    slide(
        (0..paragraphs)
            .map(|i| para(&format!("Paragraph {i} with enough words to take a line or two on the slide, 한국어 포함.")))
            .collect(),
    )
}

#[test]
fn auto_fit_shrinks_but_never_under_the_floor() {
    let setup = Setup::new();
    let list = setup.lay(&long_slide(14));
    let runs = runs(&list);
    let size = run(&runs, "Paragraph 0").size;
    assert!(size < setup.theme.sizes.body, "shrunk: {size}");
    assert!(!list.overflow);
    for run in &runs {
        assert!(run.size >= 28.0, "{run:?}");
    }
}

#[test]
fn overflow_clips_and_marks() {
    let setup = Setup::new();
    let list = setup.lay(&long_slide(40));
    assert!(list.overflow);
    let runs = runs(&list);
    let mark = run(&runs, "more");
    assert_eq!(mark.color, setup.theme.accent);
    assert!(runs.iter().any(|run| run.text.starts_with('▼')));
    let content = setup.content_box();
    for run in &runs {
        assert!(run.size >= 28.0 * 0.8 - 0.5);
        assert!(
            content.contains(&run_box(run)),
            "{run:?} below {}",
            content.bottom()
        );
    }
    // Text above the mark does not collide with it.
    let above = runs
        .iter()
        .filter(|run| !run.text.contains("more") && !run.text.starts_with('▼'));
    for run in above {
        assert!(
            run.y + run.size * 0.25 <= mark.y - mark.size * 0.8 + 0.5,
            "{run:?}"
        );
    }
    assert!(slide_overflows(
        &long_slide(40),
        &setup.theme,
        &setup.measure,
        &setup.images,
        Path::new("/deck")
    ));
    assert!(!slide_overflows(
        &long_slide(2),
        &setup.theme,
        &setup.measure,
        &setup.images,
        Path::new("/deck")
    ));
}

#[test]
fn hidden_overflow_is_not_flagged_before_it_is_shown() {
    let mut blocks = vec![para("visible"), block(BlockKind::Pause)];
    blocks.extend(long_slide(40).blocks);
    let list = Setup::new().reveal(0).lay(&slide(blocks));
    assert!(!list.overflow);
    assert_eq!(list.text(), "visible");
}

#[test]
fn no_footer_gives_the_room_back() {
    let setup = Setup::new();
    let mut crowded = long_slide(14);
    let with_footer = run(&runs(&setup.lay(&crowded)), "Paragraph 0").size;
    crowded.no_footer = true;
    let without = run(&runs(&setup.lay(&crowded)), "Paragraph 0").size;
    // A slide that needed shrinking with the footer gets a larger size without it: `>=`
    // would hold if `no_footer` were ignored.
    assert!(
        without > with_footer,
        "{without} without the footer, {with_footer} with it"
    );
}

#[test]
fn layout_is_deterministic() {
    // The same slide laid out by a fresh setup, and by one that laid out other slides
    // first, gives the same list: no cache or map order leaks into layout
    // (exports are compared byte for byte, and the painter compares frames).
    let heavy = long_slide(12);
    let first = Setup::new().lay(&heavy);
    let busy = Setup::new();
    busy.lay(&long_slide(3));
    busy.lay(&long_slide(1));
    let again = busy.lay(&heavy);
    assert_eq!(first, again);
    assert!(
        runs(&first)
            .iter()
            .any(|r| r.text.starts_with("Paragraph 0")),
        "the slide's text is not drawn"
    );
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z]{1,14}", "[가-힣]{1,5}", "[a-z]{2,6}[가-힣]{1,2}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn text_stays_on_the_canvas_at_any_window(
        paragraphs in prop::collection::vec(prop::collection::vec(word(), 1..30), 1..8),
        width in 320.0f32..3840.0,
        height in 240.0f32..2160.0,
    ) {
        let setup = Setup::new().window(width, height);
        let blocks = paragraphs.iter().map(|words| para(&words.join(" "))).collect();
        let list = setup.lay(&slide(blocks));
        let content = setup.content_box();
        let floor = 28.0 * canvas((width, height)).h / 1080.0;
        let drawn = runs(&list);
        for run in &drawn {
            prop_assert!(content.contains(&run_box(run)), "{:?} outside {:?}", run, content);
            prop_assert!(run.size >= (floor * 0.8).round() - 0.5);
        }
        // The slide's first word is drawn, whatever is clipped after it: a layout that
        // drew nothing would pass the checks above.
        let first = &paragraphs[0][0];
        prop_assert!(
            drawn.iter().any(|run| run.text.contains(first.as_str())),
            "{first:?} not drawn"
        );
    }
}

/// What stands around the pictures of a generated slide.
#[derive(Debug, Clone, Copy)]
enum Neighbours {
    Nothing,
    HeadingAbove,
    CaptionBelow,
    HeadingAndCaption,
    /// The picture in the left column, a heading and bullets in the right.
    Columns,
    /// A second picture under the first, with a heading above both.
    TwoStacked,
    /// Two pictures side by side under a heading.
    TwoSideBySide,
    /// A `bg` photo behind a heading and the picture.
    OverBackground,
}

fn neighbours() -> impl Strategy<Value = Neighbours> {
    prop_oneof![
        Just(Neighbours::Nothing),
        Just(Neighbours::HeadingAbove),
        Just(Neighbours::CaptionBelow),
        Just(Neighbours::HeadingAndCaption),
        Just(Neighbours::Columns),
        Just(Neighbours::TwoStacked),
        Just(Neighbours::TwoSideBySide),
        Just(Neighbours::OverBackground),
    ]
}

/// A side from 1 to 8000 pixels, small ones as likely as large ones.
fn side() -> impl Strategy<Value = u32> {
    prop_oneof![1u32..64, 64u32..1000, 1000u32..=8000]
}

/// The slide, and the paths of the pictures that lie in its flow.
fn picture_slide(around: Neighbours) -> (Slide, Vec<PathBuf>) {
    let picture = |name: &str| block(BlockKind::Image(image(name)));
    let title = || heading(2, "What the dashboard showed");
    let caption = || para("The queue grew by a third after the deploy at noon.");
    let blocks = match around {
        Neighbours::Nothing => vec![picture("a.png")],
        Neighbours::HeadingAbove => vec![title(), picture("a.png")],
        Neighbours::CaptionBelow => vec![picture("a.png"), caption()],
        Neighbours::HeadingAndCaption => vec![title(), picture("a.png"), caption()],
        Neighbours::Columns => vec![
            block(BlockKind::ColumnLayout(vec![1, 1])),
            block(BlockKind::Column(0)),
            picture("a.png"),
            block(BlockKind::Column(1)),
            title(),
            bullets(vec![vec![para("first point")], vec![para("second point")]]),
        ],
        Neighbours::TwoStacked => vec![title(), picture("a.png"), picture("b.png")],
        Neighbours::TwoSideBySide => vec![
            title(),
            block(BlockKind::Paragraph(vec![
                Inline::Image(image("a.png")),
                styled(" ", SpanStyle::default()),
                Inline::Image(image("b.png")),
            ])),
        ],
        Neighbours::OverBackground => {
            let mut photo = image("photo.jpg");
            photo.background = true;
            vec![block(BlockKind::Image(photo)), title(), picture("a.png")]
        }
    };
    let two = matches!(around, Neighbours::TwoStacked | Neighbours::TwoSideBySide);
    let mut paths = vec![PathBuf::from("/deck/a.png")];
    if two {
        paths.push(PathBuf::from("/deck/b.png"));
    }
    (slide(blocks), paths)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever a picture's size and whatever stands around it, it is drawn once,
    /// inside the content box, with its shape; the text stays in the box at a legible
    /// size; and nothing is clipped, since these slides hold little text.
    #[test]
    fn every_loaded_picture_is_drawn_once_inside_the_box(
        around in neighbours(),
        a in (side(), side()),
        b in (side(), side()),
        window in prop_oneof![Just((1920.0f32, 1080.0f32)), (320.0f32..3840.0, 240.0f32..2160.0)],
    ) {
        let mut setup = Setup::new().window(window.0, window.1);
        let ready = |(width, height): (u32, u32)| ImageState::Ready { width, height };
        setup.images.0.insert(PathBuf::from("/deck/a.png"), ready(a));
        setup.images.0.insert(PathBuf::from("/deck/b.png"), ready(b));
        let (slide, paths) = picture_slide(around);
        let list = setup.lay(&slide);
        prop_assert!(!list.overflow, "clipped: {list:#?}");
        let content = setup.content_box();
        for (path, size) in paths.iter().zip([a, b]) {
            let drawn: Vec<Rect> = list
                .items
                .iter()
                .filter_map(|item| match item {
                    DrawItem::Image { rect, path: drawn } if drawn == path => Some(*rect),
                    _ => None,
                })
                .collect();
            prop_assert_eq!(drawn.len(), 1, "{} drawn {} times", path.display(), drawn.len());
            let rect = drawn[0];
            prop_assert!(content.contains(&rect), "{rect:?} outside {content:?}");
            prop_assert!(rect.w >= 1.0 && rect.h >= 1.0, "{rect:?}");
            // Its shape, within the pixel its box was rounded to on each side (unless
            // it is a pixel thin, as a 1000 × 1 picture in a narrow column must be).
            if rect.w <= 1.0 || rect.h <= 1.0 {
                continue;
            }
            let aspect = size.0 as f32 / size.1 as f32;
            let least = (rect.w - 1.0).max(0.5) / (rect.h + 1.0);
            let most = (rect.w + 1.0) / (rect.h - 1.0).max(0.5);
            prop_assert!(least <= aspect && aspect <= most, "{rect:?} for {size:?}");
        }
        let floor = 28.0 * canvas(window).h / 1080.0;
        for run in runs(&list) {
            prop_assert!(content.contains(&run_box(&run)), "{run:?} outside {content:?}");
            prop_assert!(run.size >= floor.round() - 0.5, "{run:?} under the floor");
        }
    }
}
