//! One slide → one `DrawList`: the 16:9 canvas, the content box (margins, the footer's
//! room, footnotes), every block kind, columns, pause reveals, Takahashi slides,
//! auto-fit and clipping. Pure: sizes come from the theme, widths from `Measure`, picture
//! sizes from `ImageSizes`; nothing here reads a file or draws.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::deck::{Alert, Align, Block, BlockKind, Footnote, Image, Inline, ListItem, Side, Slide};
use crate::theme::Theme;

use super::code::{CodeLine, code_lines, legible};
use super::draw::{DrawItem, DrawList, Rect, Rgba};
use super::images::{ImageSizes, ImageState};
use super::measure::{Face, Measure};
use super::text::{paragraph_is_rtl, push_text};
use super::wrap::{Line, TextStyle, Wrapped, draw_line, widest_word, wrap, wrap_balanced};

/// Everything a slide's layout depends on besides the slide.
pub struct SlideContext<'a> {
    /// Window size in pixels.
    pub window: (f32, f32),
    pub theme: &'a Theme,
    pub measure: &'a dyn Measure,
    pub images: &'a dyn ImageSizes,
    /// The deck file's folder: image paths are relative to it.
    pub deck_dir: &'a Path,
    /// How many `<!-- pause -->` steps are revealed (0 = only what comes before the first).
    pub reveal: usize,
    /// Keep the theme's footer height free at the bottom (unless the slide says
    /// `no_footer`). The footer itself is drawn by the show.
    pub footer: bool,
}

/// The design canvas: sizes in a theme are pixels of a 1920×1080 canvas.
pub const DESIGN_HEIGHT: f32 = 1080.0;

/// The largest 16:9 rectangle that fits the window, centred; the rest is letterbox.
pub fn canvas(window: (f32, f32)) -> Rect {
    let (width, height) = window;
    if !(width > 0.0 && height > 0.0) {
        return Rect::default();
    }
    let (w, h) = if width * 9.0 > height * 16.0 {
        (height * 16.0 / 9.0, height)
    } else {
        (width, width * 9.0 / 16.0)
    };
    Rect::new(
        ((width - w) / 2.0).round(),
        ((height - h) / 2.0).round(),
        w.round(),
        h.round(),
    )
}

/// How many forward presses a slide takes to show everything: one per `pause`.
pub fn pause_steps(slide: &Slide) -> usize {
    slide
        .blocks
        .iter()
        .filter(|block| block.kind == BlockKind::Pause)
        .count()
}

/// Whether the slide, fully revealed on a 1920×1080 screen with the footer, still has
/// content that does not fit at the smallest legible size. For `gong check`.
pub fn slide_overflows(
    slide: &Slide,
    theme: &Theme,
    measure: &dyn Measure,
    images: &dyn ImageSizes,
    deck_dir: &Path,
) -> bool {
    let ctx = SlideContext {
        window: (1920.0, 1080.0),
        theme,
        measure,
        images,
        deck_dir,
        reveal: usize::MAX,
        footer: true,
    };
    layout_slide(slide, &ctx).overflow
}

/// Lays one slide out at the window's real pixel size.
pub fn layout_slide(slide: &Slide, ctx: &SlideContext) -> DrawList {
    let canvas = canvas(ctx.window);
    let mut list = DrawList::default();
    if canvas.w <= 0.0 {
        return list;
    }
    list.no_footer = slide.no_footer;
    list.push(DrawItem::Rect {
        rect: canvas,
        color: ctx.theme.background,
    });
    let mut engine = Engine::new(slide, ctx, canvas);
    let cutoff = reveal_cutoff(slide, ctx.reveal);
    let tagged = engine.run();
    let mut clipped_visible = false;
    for item in tagged.items {
        if item.block >= cutoff {
            continue;
        }
        if item.clipped {
            clipped_visible = true;
        } else {
            list.push(item.item);
        }
    }
    if clipped_visible {
        list.overflow = true;
        let mark = &tagged.mark;
        push_text(
            &mut list,
            ctx.measure,
            mark.0,
            mark.1,
            MORE_MARK,
            Face::Bold,
            mark.2,
            ctx.theme.accent,
        );
    }
    list
}

/// Drawn at the bottom right of a slide whose content was clipped.
pub const MORE_MARK: &str = "▼ more";

/// Index of the first block hidden at this reveal step.
fn reveal_cutoff(slide: &Slide, reveal: usize) -> usize {
    slide
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| block.kind == BlockKind::Pause)
        .nth(reveal)
        .map_or(slide.blocks.len(), |(index, _)| index)
}

/// A drawn item with the top-level block it belongs to (for pause reveals).
struct Tagged {
    block: usize,
    /// Fell below the content box and is not drawn.
    clipped: bool,
    item: DrawItem,
}

struct Laid {
    items: Vec<Tagged>,
    /// (x, baseline, size) of the "more" mark.
    mark: (f32, f32, f32),
}

/// The height of a laid-out block and the baseline of its first line of text, which
/// list markers line up with.
#[derive(Debug, Clone, Copy)]
struct Placed {
    height: f32,
    baseline: Option<f32>,
}

impl Placed {
    const EMPTY: Placed = Placed {
        height: 0.0,
        baseline: None,
    };
}

/// A stretch of the slide: full width, or side-by-side columns.
enum Region<'s> {
    Full(Vec<(usize, &'s Block)>),
    Columns {
        ratios: Vec<u32>,
        columns: Vec<Vec<(usize, &'s Block)>>,
    },
}

struct Engine<'a, 's> {
    slide: &'s Slide,
    ctx: &'a SlideContext<'a>,
    theme: &'a Theme,
    measure: &'a dyn Measure,
    canvas: Rect,
    /// Canvas pixels per design pixel.
    scale: f32,
    /// Auto-fit factor on text sizes, 1.0 down to the floor.
    fit: f32,
    /// Above 1.0 on a sparse slide: body text (not slide titles) is set larger.
    grow: f32,
    /// The tallest a picture in the flow may be (see `flow_with_images`).
    image_budget: f32,
    /// Some picture of the last pass was held to `image_budget`: more room would have
    /// made it larger.
    budget_bound: bool,
    /// The slide's body is one row of pictures (under a heading, say): unsized pictures
    /// may be set up to `LONE_PICTURE_GROWTH` times their pixels to fill the slide.
    lone_pictures: bool,
    list_depth: usize,
    text_color: Rgba,
    out: DrawList,
    tags: Vec<usize>,
    tag: usize,
    code: HashMap<usize, Vec<CodeLine>>,
}

impl<'a, 's> Engine<'a, 's> {
    fn new(slide: &'s Slide, ctx: &'a SlideContext<'a>, canvas: Rect) -> Self {
        Engine {
            slide,
            ctx,
            theme: ctx.theme,
            measure: ctx.measure,
            canvas,
            scale: canvas.h / DESIGN_HEIGHT,
            fit: 1.0,
            grow: 1.0,
            image_budget: 0.0,
            budget_bound: false,
            lone_pictures: lone_picture_row(&slide.blocks),
            list_depth: 0,
            text_color: ctx.theme.text,
            out: DrawList::default(),
            tags: Vec::new(),
            tag: 0,
            code: HashMap::new(),
        }
    }

    fn push(&mut self, item: DrawItem) {
        self.out.push(item);
        self.tags.push(self.tag);
    }

    /// How many items are drawn so far (to insert a background under them later).
    fn len(&self) -> usize {
        self.out.items.len()
    }

    fn insert(&mut self, at: usize, item: DrawItem) {
        self.out.items.insert(at, item);
        self.tags.insert(at, self.tag);
    }

    fn take(&mut self) -> Vec<Tagged> {
        let items = std::mem::take(&mut self.out.items);
        let tags = std::mem::take(&mut self.tags);
        items
            .into_iter()
            .zip(tags)
            .map(|(item, block)| Tagged {
                block,
                clipped: false,
                item,
            })
            .collect()
    }

    /// Appends `list`'s items (from a helper that draws into its own list) with the
    /// current tag.
    fn append(&mut self, list: DrawList) {
        for item in list.items {
            self.push(item);
        }
    }

    // Sizes, in canvas pixels, rounded: the window rasterises whole pixel sizes.

    fn px(&self, design: f32) -> f32 {
        design * self.scale
    }

    fn body(&self) -> f32 {
        (self.theme.sizes.body * self.fit * self.grow * self.scale)
            .round()
            .max(1.0)
    }

    /// Slide titles (h1, h2) keep one size across a deck's sparse and full slides, so
    /// they do not jump as the speaker clicks; smaller headings grow with the body.
    fn heading_size(&self, level: u8) -> f32 {
        let index = usize::from(level.clamp(1, 6)) - 1;
        let grow = if level >= 3 { self.grow } else { 1.0 };
        let design =
            self.theme.sizes.body * self.theme.sizes.heading_scale[index] * self.fit * grow;
        (design.max(self.theme.sizes.min_body) * self.scale).round()
    }

    fn code_size(&self) -> f32 {
        let sizes = &self.theme.sizes;
        let design = (sizes.body * self.fit * self.grow).max(sizes.min_body) * sizes.code_scale;
        (design * self.scale).round().max(1.0)
    }

    /// Small, but never under the legible floor: a footnote is still read from the back.
    fn footnote_size(&self) -> f32 {
        let sizes = &self.theme.sizes;
        let design = (sizes.body * sizes.footnote_scale).max(sizes.min_body);
        (design * self.scale).round().max(1.0)
    }

    fn gap(&self) -> f32 {
        self.body() * 0.55
    }

    fn spacing(&self) -> f32 {
        self.theme.sizes.line_spacing
    }

    /// The content box: inside the margins, above the footer's room.
    fn content_box(&self) -> Rect {
        let sizes = &self.theme.sizes;
        let footer = self.ctx.footer && !self.slide.no_footer;
        let bottom = if footer {
            sizes
                .margin_y
                .max(sizes.footer_height + sizes.margin_y * 0.5)
        } else {
            sizes.margin_y
        };
        // Beside a split background (Marp's `bg right`), the content has the other side.
        let stage = match self.split_area() {
            Some((area, Side::Right)) => Rect::new(
                self.canvas.x,
                self.canvas.y,
                area.x - self.canvas.x,
                self.canvas.h,
            ),
            Some((area, Side::Left)) => Rect::new(
                area.right(),
                self.canvas.y,
                self.canvas.right() - area.right(),
                self.canvas.h,
            ),
            None => self.canvas,
        };
        let x = stage.x + self.px(sizes.margin_x);
        let y = stage.y + self.px(sizes.margin_y);
        Rect::new(
            x,
            y,
            (stage.w - 2.0 * self.px(sizes.margin_x)).max(1.0),
            (stage.bottom() - self.px(bottom) - y).max(1.0),
        )
    }

    /// The side of the canvas a split background takes, if the slide has one: the first
    /// picture with a side decides, as in Marp.
    fn split_area(&self) -> Option<(Rect, Side)> {
        let split = self
            .slide
            .blocks
            .iter()
            .flat_map(background_images)
            .find_map(|image| image.split)?;
        let width = (self.canvas.w * f32::from(split.percent) / 100.0).round();
        let x = match split.side {
            Side::Left => self.canvas.x,
            Side::Right => self.canvas.right() - width,
        };
        Some((
            Rect::new(x, self.canvas.y, width, self.canvas.h),
            split.side,
        ))
    }

    fn run(&mut self) -> Laid {
        self.highlight_code();
        let mut items = Vec::new();
        self.backgrounds();
        items.extend(self.take());

        let mut content = self.content_box();
        let footnotes = self.footnotes(content);
        content.h -= footnotes.0;
        items.extend(footnotes.1);

        let (mut body_items, used) = if let Some(block) = self.takahashi_block() {
            self.takahashi(block, content);
            (self.take(), content.h)
        } else if let Some((title, lines)) = self.title_card() {
            self.title_card_layout(title, &lines, content);
            (self.take(), content.h)
        } else {
            self.fitted(content)
        };
        // A slide shorter than its box sits in the middle of it, as in Marp's default
        // theme, lifted a little towards the optical centre: a heading and three bullets
        // stranded at the top of an empty screen look unfinished from the back row.
        // Everything moves together (pause steps included), so reveals never shift.
        let free = content.h - used;
        if free > 1.0 {
            let dy = (free * SHORT_SLIDE_DROP).round();
            for item in &mut body_items {
                shift(&mut item.item, dy);
            }
        }
        // Never under the legible floor: the mark is what tells the room something is cut.
        let mark_size = ((self.theme.sizes.body * self.fit * 0.8).max(self.theme.sizes.min_body)
            * self.scale)
            .round();
        let metrics = self.measure.metrics(Face::Bold, mark_size);
        let mark_width = self.measure.width(MORE_MARK, Face::Bold, mark_size);
        let clip_y = content.bottom() - metrics.ascent - metrics.descent;
        let mark = (
            (content.right() - mark_width).round(),
            (content.bottom() - metrics.descent).round(),
            mark_size,
        );
        let overflows = body_items
            .iter()
            .any(|item| bottom_of(&item.item) > content.bottom() + 0.5);
        for mut item in body_items {
            if overflows {
                clip(&mut item, clip_y);
            }
            items.push(item);
        }
        Laid { items, mark }
    }

    fn highlight_code(&mut self) {
        for block in Block::code_blocks(&self.slide.blocks) {
            if let BlockKind::Code {
                lang,
                text,
                options,
            } = &block.kind
            {
                let lines = code_lines(lang.as_deref(), text, options, self.theme);
                self.code.insert(std::ptr::from_ref(text) as usize, lines);
            }
        }
    }

    /// Layout at falling sizes until it fits or reaches the floor; a sparse slide is
    /// tried a step larger first. Returns the items and the height they take.
    fn fitted(&mut self, content: Rect) -> (Vec<Tagged>, f32) {
        let floor = self.floor_fit();
        self.fit = 1.0;
        self.grow = 1.0;
        let natural = self.flow_with_images(content);
        if natural <= content.h * ROOMY {
            let normal = self.take();
            for grow in GROW {
                self.grow = grow;
                let grown = self.flow_with_images(content);
                if grown <= content.h * ROOMY {
                    return (self.take(), grown);
                }
                self.clear();
            }
            self.grow = 1.0;
            return (normal, natural);
        }
        let mut height = natural;
        loop {
            if height <= content.h + 0.5 || self.at_floor() {
                return (self.take(), height);
            }
            self.clear();
            self.fit = (self.fit * 0.9).max(floor);
            height = self.flow_with_images(content);
        }
    }

    /// Lays the slide out with its pictures taking the room the text leaves them.
    /// Returns the height used.
    ///
    /// Text has its size (from `fit`); pictures are what gives way. A first pass sets
    /// every picture one pixel high, which measures the text and every gap the real
    /// flow leaves (under a heading, between blocks); what is left of the box is shared
    /// among the pictures that stand one under another. A picture smaller than its share
    /// leaves the rest unused, so the share is raised again while some picture was held
    /// back by it and room remains. Each raise is at most the room left over the number
    /// of stacked pictures, which no layout can turn into more height than that room.
    ///
    /// Above the text's floor a picture gets at least `PICTURE_SHARE` of the box (a
    /// smaller one is not worth the slide; the caller shrinks the text instead); at the
    /// floor it takes what is left, so the text is not clipped for its sake.
    fn flow_with_images(&mut self, content: Rect) -> f32 {
        let regions = regions(&self.slide.blocks);
        let stacked = regions.iter().map(stacked_images).sum::<usize>();
        if stacked == 0 {
            return self.regions(&regions, content);
        }
        let stacked = stacked as f32;
        self.image_budget = 1.0;
        let least = self.regions(&regions, content);
        self.clear();
        let least_share = if self.at_floor() {
            2.0 * self.px(self.theme.sizes.min_body)
        } else {
            content.h * PICTURE_SHARE / stacked
        };
        // A pixel a picture is already in `least`; another for rounding its box.
        let share = 1.0 + (content.h - least - stacked) / stacked;
        self.image_budget = share.max(least_share);
        let mut height = 0.0;
        for attempt in 0..=PICTURE_RAISES {
            if attempt > 0 {
                self.clear();
            }
            self.budget_bound = false;
            height = self.regions(&regions, content);
            let left = content.h - height - stacked;
            if !self.budget_bound || left < 1.0 {
                break;
            }
            self.image_budget += left / stacked;
        }
        height
    }

    /// The smallest `fit`: body text at the theme's legible floor.
    fn floor_fit(&self) -> f32 {
        let sizes = &self.theme.sizes;
        (sizes.min_body / sizes.body).min(1.0)
    }

    /// Text at the smallest size the theme allows.
    fn at_floor(&self) -> bool {
        self.fit <= self.floor_fit() + 1e-4
    }

    /// Forgets what was laid out, for another try.
    fn clear(&mut self) {
        self.out = DrawList::default();
        self.tags.clear();
    }

    fn regions(&mut self, regions: &[Region], content: Rect) -> f32 {
        let mut y = content.y;
        let mut first = true;
        for region in regions {
            let height = match region {
                Region::Full(blocks) => self.flow(blocks, content.x, y, content.w, first),
                Region::Columns { ratios, columns } => {
                    let total: u32 = ratios.iter().sum::<u32>().max(1);
                    let gutter = self.body() * 1.2;
                    let usable = content.w - gutter * (ratios.len().saturating_sub(1)) as f32;
                    let mut x = content.x;
                    let mut tallest: f32 = 0.0;
                    for (ratio, blocks) in ratios.iter().zip(columns) {
                        let width = usable * *ratio as f32 / total as f32;
                        tallest = tallest.max(self.flow(blocks, x, y, width, first));
                        x += width + gutter;
                    }
                    tallest
                }
            };
            if height > 0.0 {
                y += height;
                first = false;
            }
        }
        y - content.y
    }

    /// Blocks one under another with gaps; each tagged with its top-level index.
    fn flow(&mut self, blocks: &[(usize, &Block)], x: f32, y: f32, width: f32, first: bool) -> f32 {
        let mut cursor = y;
        let mut any = !first;
        let mut after_heading = false;
        for (index, block) in blocks {
            self.tag = *index;
            if is_background(block) {
                continue;
            }
            // A heading owns what follows it: a clearer gap under it than between
            // paragraphs makes the slide's title read as a title.
            let gap = match (any, after_heading) {
                (false, _) => 0.0,
                (true, true) => self.gap() * 1.5,
                (true, false) => self.gap(),
            };
            let placed = self.block(block, x, cursor + gap, width);
            if placed.height > 0.0 {
                cursor += gap + placed.height;
                any = true;
                after_heading = matches!(block.kind, BlockKind::Heading { .. });
            }
        }
        cursor - y
    }

    /// Nested blocks (list items, quotes): tighter gaps, same tag as their parent.
    fn nested(&mut self, blocks: &[Block], x: f32, y: f32, width: f32, gap: f32) -> Placed {
        let mut cursor = y;
        let mut baseline = None;
        let mut any = false;
        for block in blocks {
            let step = if any { gap } else { 0.0 };
            let placed = self.block(block, x, cursor + step, width);
            if placed.height > 0.0 {
                baseline = baseline.or(placed.baseline);
                cursor += step + placed.height;
                any = true;
            }
        }
        Placed {
            height: cursor - y,
            baseline,
        }
    }

    fn block(&mut self, block: &Block, x: f32, y: f32, width: f32) -> Placed {
        // Slidev's `center`, `cover`… layouts: headings and paragraphs centred; a list
        // keeps its items flush with their bullets.
        let align = if self.slide.centered && self.list_depth == 0 {
            TextAlign::Center
        } else {
            TextAlign::Left
        };
        match &block.kind {
            BlockKind::Heading { level, content } => {
                let size = self.heading_size(*level);
                let style = TextStyle::plain(Face::Bold, size, self.theme.heading);
                self.text_block(content, style, x, y, width, align)
            }
            BlockKind::Paragraph(content) => {
                if let Some(images) = only_images(content) {
                    return self.image_row(&images, x, y, width);
                }
                let style = TextStyle::plain(Face::Regular, self.body(), self.text_color);
                self.text_block(content, style, x, y, width, align)
            }
            BlockKind::Rule => {
                let thickness = self.px(2.0).max(1.0).round();
                let height = self.gap();
                let middle = (y + height / 2.0).round();
                self.push(DrawItem::Line {
                    from: (x, middle),
                    to: (x + width, middle),
                    thickness,
                    color: self.theme.table_rule,
                });
                Placed {
                    height,
                    baseline: None,
                }
            }
            BlockKind::Image(image) if image.background => Placed::EMPTY,
            BlockKind::Image(image) => self.image_row(&[image], x, y, width),
            BlockKind::List { start, items } => self.list(*start, items, x, y, width),
            BlockKind::Quote { alert, blocks } => self.quote(*alert, blocks, x, y, width),
            BlockKind::Code { text, .. } => self.code_block(text, x, y, width),
            BlockKind::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows, x, y, width),
            BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout => Placed::EMPTY,
        }
    }

    fn runs(&self, inlines: &[Inline], base: TextStyle) -> Vec<(TextStyle, String)> {
        let mut runs = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text(span) => {
                    let mut style = base;
                    let span_style = &span.style;
                    let bold =
                        matches!(base.face, Face::Bold | Face::BoldItalic) || span_style.strong;
                    let italic =
                        matches!(base.face, Face::Italic | Face::BoldItalic) || span_style.emphasis;
                    style.face = if span_style.code {
                        Face::Mono
                    } else {
                        Face::styled(bold, italic)
                    };
                    if span_style.code {
                        style.color = self.theme.code_text;
                        style.code_background = Some(self.theme.code_background);
                    }
                    if let Some(colour) = span_style.color {
                        // The author's colour, lifted until the room can read it.
                        let colour = Rgba::rgb(colour.r, colour.g, colour.b);
                        style.color = legible(colour, self.theme.background);
                    }
                    if span_style.link.is_some() {
                        style.color = self.theme.link;
                        style.underline = true;
                    }
                    style.strike |= span_style.strike;
                    let mut text = span.text.replace(['\n', '\r'], " ");
                    if span_style.footnote_ref {
                        style.size = (base.size * 0.6).round().max(1.0);
                        style.raise = (base.size * 0.4).round();
                        style.color = self.theme.accent;
                        text = footnote_label(&text).to_string();
                    }
                    runs.push((style, text));
                }
                Inline::LineBreak => runs.push((base, "\n".to_string())),
                Inline::Image(image) if image.background => {}
                Inline::Image(image) => {
                    let style = TextStyle {
                        color: self.theme.muted,
                        ..base
                    };
                    runs.push((style, format!("[{}]", image.alt)));
                }
            }
        }
        runs
    }

    fn text_block(
        &mut self,
        inlines: &[Inline],
        style: TextStyle,
        x: f32,
        y: f32,
        width: f32,
        align: TextAlign,
    ) -> Placed {
        let runs = self.runs(inlines, style);
        let wrapped = wrap(&runs, width, self.spacing(), self.measure);
        self.draw_wrapped(&wrapped, x, y, width, align)
    }

    fn draw_wrapped(
        &mut self,
        wrapped: &Wrapped,
        x: f32,
        y: f32,
        width: f32,
        align: TextAlign,
    ) -> Placed {
        let mut cursor = y;
        let mut first = None;
        let mut list = DrawList::default();
        for line in &wrapped.lines {
            let baseline = line_baseline(line, cursor);
            first = first.or(Some(baseline.round()));
            // A right-to-left paragraph starts at the right edge.
            let align = match align {
                TextAlign::Left if line.rtl => TextAlign::Right,
                other => other,
            };
            let left = match align {
                TextAlign::Left => x,
                TextAlign::Center => x + (width - line.width) / 2.0,
                TextAlign::Right => x + width - line.width,
            };
            draw_line(&mut list, self.measure, line, left, baseline);
            cursor += line.height;
        }
        self.append(list);
        Placed {
            height: cursor - y,
            baseline: first,
        }
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[ListItem],
        x: f32,
        y: f32,
        width: f32,
    ) -> Placed {
        let body = self.body();
        let depth = self.list_depth;
        let marker_width = match start {
            Some(first) => {
                let last = first.saturating_add(items.len().saturating_sub(1) as u64);
                self.measure.width(&format!("{last}."), Face::Regular, body) + body * 0.45
            }
            None => body * 1.1,
        };
        let item_gap = body * 0.22;
        let mut cursor = y;
        let mut baseline = None;
        self.list_depth += 1;
        for (number, item) in items.iter().enumerate() {
            if number > 0 {
                cursor += item_gap;
            }
            // An item in Arabic or Hebrew reads from the right: its marker stands at the
            // right edge, its text flush right beside it.
            let rtl = item_is_rtl(item);
            let placed = self.nested(
                &item.blocks,
                if rtl { x } else { x + marker_width },
                cursor,
                (width - marker_width).max(body),
                body * 0.3,
            );
            // Where the marker goes: mirrored about the list's box for an item read
            // from the right.
            let mirror = |left: f32, mark_width: f32| {
                if rtl {
                    x + width - (left - x) - mark_width
                } else {
                    left
                }
            };
            let metrics = self.measure.metrics(Face::Regular, body);
            let line = placed.baseline.unwrap_or((cursor + metrics.ascent).round());
            baseline = baseline.or(Some(line));
            if let Some(checked) = item.task {
                self.task_box(checked, mirror(x, body * 0.72), line, body);
            } else if let Some(first) = start {
                let label = format!("{}.", first.saturating_add(number as u64));
                let label_width = self.measure.width(&label, Face::Regular, body);
                let mut list = DrawList::default();
                push_text(
                    &mut list,
                    self.measure,
                    mirror(x + marker_width - body * 0.45 - label_width, label_width).round(),
                    line,
                    &label,
                    Face::Regular,
                    body,
                    self.theme.bullet,
                );
                self.append(list);
            } else {
                let bullet = ["•", "◦", "▪"][depth % 3];
                let bullet_width = self.measure.width(bullet, Face::Regular, body);
                let mut list = DrawList::default();
                push_text(
                    &mut list,
                    self.measure,
                    mirror(x + body * 0.2, bullet_width).round(),
                    line,
                    bullet,
                    Face::Regular,
                    body,
                    self.theme.bullet,
                );
                self.append(list);
            }
            cursor += placed.height.max(metrics.line_height);
        }
        self.list_depth -= 1;
        Placed {
            height: cursor - y,
            baseline,
        }
    }

    /// A drawn check box (fonts vary; lines do not), ticked when done.
    fn task_box(&mut self, checked: bool, x: f32, baseline: f32, body: f32) {
        let side = (body * 0.62).round();
        let rect = Rect::new(
            (x + body * 0.05).round(),
            (baseline - side * 1.05).round(),
            side,
            side,
        );
        let thickness = (body * 0.06).max(1.5);
        self.push(DrawItem::Frame {
            rect,
            thickness,
            color: self.theme.bullet,
        });
        if checked {
            let at = |fx: f32, fy: f32| (rect.x + rect.w * fx, rect.y + rect.h * fy);
            let color = self.theme.bullet;
            self.push(DrawItem::Line {
                from: at(0.2, 0.5),
                to: at(0.42, 0.75),
                thickness: thickness * 1.4,
                color,
            });
            self.push(DrawItem::Line {
                from: at(0.42, 0.75),
                to: at(0.82, 0.22),
                thickness: thickness * 1.4,
                color,
            });
        }
    }

    fn quote(
        &mut self,
        alert: Option<Alert>,
        blocks: &[Block],
        x: f32,
        y: f32,
        width: f32,
    ) -> Placed {
        let body = self.body();
        let bar = self.px(self.theme.sizes.quote_bar).max(2.0).round();
        let inset = bar + body * 0.6;
        let pad = if alert.is_some() { body * 0.3 } else { 0.0 };
        let background_at = self.len();
        let mut cursor = y + pad;
        let mut baseline = None;
        let colour = alert.map_or(self.theme.quote_bar, |alert| self.theme.alert(alert));
        if let Some(alert) = alert {
            let style = TextStyle::plain(Face::Bold, body, colour);
            let label = vec![(style, alert_label(alert).to_string())];
            let wrapped = wrap(&label, width - inset, self.spacing(), self.measure);
            let placed =
                self.draw_wrapped(&wrapped, x + inset, cursor, width - inset, TextAlign::Left);
            baseline = placed.baseline;
            cursor += placed.height + body * 0.15;
        }
        let saved = self.text_color;
        if alert.is_none() {
            self.text_color = self.theme.muted;
        }
        let placed = self.nested(
            blocks,
            x + inset,
            cursor,
            (width - inset - pad).max(body),
            body * 0.4,
        );
        self.text_color = saved;
        baseline = baseline.or(placed.baseline);
        let height = cursor + placed.height + pad - y;
        if alert.is_some() {
            self.insert(
                background_at,
                DrawItem::Rect {
                    rect: Rect::new(x, y, width, height),
                    color: colour.with_alpha(0x1c),
                },
            );
        }
        self.push(DrawItem::Rect {
            rect: Rect::new(x, y, bar, height),
            color: colour,
        });
        Placed { height, baseline }
    }

    /// A code block, fitted to its longest line first: set smaller until that line fits
    /// (never under the code's legible floor), and only then wrapped, with a mark where
    /// a line goes on. Breaking `String` in two is worse than a size step.
    fn code_block(&mut self, text: &String, x: f32, y: f32, width: f32) -> Placed {
        let lines = self
            .code
            .get(&(std::ptr::from_ref(text) as usize))
            .cloned()
            .unwrap_or_default();
        let sizes = &self.theme.sizes;
        let floor = (sizes.min_body * sizes.code_scale * self.scale)
            .round()
            .max(1.0);
        let mut size = self.code_size();
        let columns = code_columns(&lines) as f32;
        if columns > 0.0 {
            // The pad grows with the size: of the width, 1.4 sizes are padding.
            let cell = self.measure.width(" ", Face::Mono, size) / size;
            let fits = (width / (columns * cell + 1.4)).floor();
            if fits < size {
                size = fits.max(floor.min(size));
            }
        }
        let pad = (size * 0.7).round();
        let style = TextStyle::plain(Face::Mono, size, self.theme.code_text);
        let mark = TextStyle::plain(Face::Mono, size, self.theme.muted);
        let inner = (width - 2.0 * pad).max(size);
        let mut wrapped = Wrapped::default();
        for line in &lines {
            let runs: Vec<(TextStyle, String)> = line
                .iter()
                .map(|(colour, text)| {
                    (
                        TextStyle {
                            color: *colour,
                            ..style
                        },
                        text.clone(),
                    )
                })
                .collect();
            wrapped.lines.extend(wrap_code(
                &runs,
                style,
                mark,
                inner,
                self.spacing(),
                self.measure,
            ));
        }
        let text_height = wrapped.height();
        let height = text_height + 2.0 * pad;
        self.push(DrawItem::Rect {
            rect: Rect::new(x, y, width, height),
            color: self.theme.code_background,
        });
        let placed = self.draw_wrapped(&wrapped, x + pad, y + pad, inner, TextAlign::Left);
        Placed {
            height,
            baseline: placed.baseline,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f32,
        y: f32,
        width: f32,
    ) -> Placed {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return Placed::EMPTY;
        }
        let mut body = self.body();
        let mut cells = self.table_cells(header, rows, columns, body);
        let least_total: f32 = cells.least.iter().sum();
        let floor = (self.theme.sizes.min_body * self.scale).round().max(1.0);
        if least_total > width && body > floor {
            // Not every column's longest word fits: a smaller size before a word breaks
            // (words and padding both scale with the size).
            body = (body * width / least_total).floor().max(floor);
            cells = self.table_cells(header, rows, columns, body);
        }
        let TableCells {
            runs,
            natural,
            least,
            pad_x,
        } = cells;
        let pad_y = (body * 0.2).round();
        let widths = share_widths(&natural, &least, width);
        let start = self.len();
        let mut cursor = y;
        let mut baseline = None;
        let mut rules = Vec::new();
        for (index, row) in runs.iter().enumerate() {
            let mut cell_x = x;
            let mut row_height: f32 = 0.0;
            for (column, cell_width) in widths.iter().copied().enumerate() {
                if let Some(cell) = row.get(column) {
                    let alignment = match align.get(column) {
                        Some(Align::Center) => TextAlign::Center,
                        Some(Align::Right) => TextAlign::Right,
                        _ => TextAlign::Left,
                    };
                    let inner = (cell_width - 2.0 * pad_x).max(1.0);
                    let wrapped = wrap(cell, inner, self.spacing(), self.measure);
                    let placed = self.draw_wrapped(
                        &wrapped,
                        cell_x + pad_x,
                        cursor + pad_y,
                        inner,
                        alignment,
                    );
                    baseline = baseline.or(placed.baseline);
                    row_height = row_height.max(placed.height);
                }
                cell_x += cell_width;
            }
            if row_height == 0.0 {
                row_height = self.measure.metrics(Face::Regular, body).line_height;
            }
            cursor += row_height + 2.0 * pad_y;
            rules.push((cursor, index == 0 && !header.is_empty()));
        }
        let table_width: f32 = widths.iter().sum();
        if !header.is_empty()
            && let Some((header_bottom, _)) = rules.first()
        {
            self.insert(
                start,
                DrawItem::Rect {
                    rect: Rect::new(x, y, table_width, header_bottom - y),
                    color: self.theme.code_background,
                },
            );
        }
        let thin = self.px(1.5).max(1.0);
        for (rule_y, is_header) in rules {
            self.push(DrawItem::Line {
                from: (x, rule_y),
                to: (x + table_width, rule_y),
                thickness: if is_header { thin * 2.0 } else { thin },
                color: self.theme.table_rule,
            });
        }
        Placed {
            height: cursor - y,
            baseline,
        }
    }

    /// A table's cells as runs at `body` size, and each column's natural width (its
    /// widest cell on one line) and least width (its longest word), padding included.
    fn table_cells(
        &self,
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        columns: usize,
        body: f32,
    ) -> TableCells {
        let pad_x = (body * 0.45).round();
        let head_style = TextStyle::plain(Face::Bold, body, self.theme.heading);
        let cell_style = TextStyle::plain(Face::Regular, body, self.text_color);
        let all_rows: Vec<(TextStyle, &[Vec<Inline>])> = std::iter::once((head_style, header))
            .filter(|(_, row)| !row.is_empty())
            .chain(rows.iter().map(|row| (cell_style, row.as_slice())))
            .collect();
        let runs: Vec<Vec<Vec<(TextStyle, String)>>> = all_rows
            .iter()
            .map(|(style, row)| row.iter().map(|cell| self.runs(cell, *style)).collect())
            .collect();
        let mut natural = vec![0.0f32; columns];
        let mut least = vec![0.0f32; columns];
        for row in &runs {
            for (column, cell) in row.iter().enumerate() {
                let whole = wrap(cell, f32::INFINITY, self.spacing(), self.measure).width();
                natural[column] = natural[column].max(whole + 2.0 * pad_x);
                least[column] = least[column].max(widest_word(cell, self.measure) + 2.0 * pad_x);
            }
        }
        TableCells {
            runs,
            natural,
            least,
            pad_x,
        }
    }

    /// Pictures side by side (usually one), centred, fitted into the column width and
    /// the flow's picture budget, aspect kept.
    fn image_row(&mut self, images: &[&Image], x: f32, y: f32, width: f32) -> Placed {
        let gutter = self.body() * 0.6;
        let count = images.len().max(1) as f32;
        let cell = (width - gutter * (count - 1.0)) / count;
        let mut boxes: Vec<(Rect, ImageState, PathBuf)> = Vec::with_capacity(images.len());
        for image in images {
            let path = resolve(self.ctx.deck_dir, &image.src);
            let state = self.ctx.images.image_state(&path);
            let (w, h) = self.image_size(image, &state, cell);
            boxes.push((Rect::new(0.0, 0.0, w, h), state, path));
        }
        let height = boxes.iter().map(|(rect, _, _)| rect.h).fold(0.0, f32::max);
        if height <= 0.0 {
            return Placed::EMPTY;
        }
        let total: f32 =
            boxes.iter().map(|(rect, _, _)| rect.w).sum::<f32>() + gutter * (count - 1.0);
        let mut left = x + ((width - total) / 2.0).max(0.0);
        for ((size, state, path), image) in boxes.into_iter().zip(images) {
            let rect = pixel_box(Rect::new(left, y + (height - size.h) / 2.0, size.w, size.h));
            left += size.w + gutter;
            match state {
                ImageState::Ready { .. } => self.push(DrawItem::Image { rect, path }),
                ImageState::Loading | ImageState::Failed(_) => {
                    self.image_placeholder(rect, image, &path)
                }
            }
        }
        Placed {
            height,
            baseline: None,
        }
    }

    /// Size of a picture in canvas pixels: its own pixels (or Marp `w:`/`h:`) on the
    /// 1080p canvas, up to `LONE_PICTURE_GROWTH` times them when the slide's body is
    /// this picture alone, scaled down to fit `max_width` and the picture budget.
    fn image_size(&mut self, image: &Image, state: &ImageState, max_width: f32) -> (f32, f32) {
        let (natural_w, natural_h, loaded) = match state {
            ImageState::Ready { width, height } if *width > 0 && *height > 0 => {
                (*width as f32, *height as f32, true)
            }
            _ => (720.0, 405.0, false),
        };
        let aspect = natural_w / natural_h;
        let (w, h) = match (image.width, image.height) {
            (Some(w), Some(h)) => {
                let (w, h) = (w as f32, h as f32);
                // Both given: the largest box of the picture's shape inside w × h.
                if w / h > aspect {
                    (h * aspect, h)
                } else {
                    (w, w / aspect)
                }
            }
            (Some(w), None) => (w as f32, w as f32 / aspect),
            (None, Some(h)) => (h as f32 * aspect, h as f32),
            // A placeholder box keeps its size: a larger empty frame says nothing more.
            (None, None) if self.lone_pictures && loaded => (
                natural_w * LONE_PICTURE_GROWTH,
                natural_h * LONE_PICTURE_GROWTH,
            ),
            (None, None) => (natural_w, natural_h),
        };
        let (w, h) = (self.px(w), self.px(h));
        let fitted = 1.0f32.min(max_width / w.max(1.0));
        let budget = self.image_budget / h.max(1.0);
        if budget < fitted {
            self.budget_bound = true;
        }
        let shrink = fitted.min(budget);
        (w * shrink, h * shrink)
    }

    fn image_placeholder(&mut self, rect: Rect, image: &Image, path: &Path) {
        self.push(DrawItem::Frame {
            rect,
            thickness: self.px(3.0).max(1.0),
            color: self.theme.muted,
        });
        let label = if image.alt.trim().is_empty() {
            path.file_name().map_or_else(
                || image.src.clone(),
                |name| name.to_string_lossy().into_owned(),
            )
        } else {
            image.alt.clone()
        };
        let size = (self.body() * 0.8).round();
        let style = TextStyle::plain(Face::Regular, size, self.theme.muted);
        let inner = (rect.w - size).max(size);
        let wrapped = wrap(&[(style, label)], inner, self.spacing(), self.measure);
        let mut lines = wrapped.lines;
        let mut height: f32 = lines.iter().map(|line| line.height).sum();
        while height > rect.h && lines.len() > 1 {
            lines.pop();
            height = lines.iter().map(|line| line.height).sum();
        }
        if height > rect.h {
            return;
        }
        let shown = Wrapped {
            lines,
            broke_words: false,
        };
        self.draw_wrapped(
            &shown,
            rect.x + (rect.w - inner) / 2.0,
            rect.y + (rect.h - height) / 2.0,
            inner,
            TextAlign::Center,
        );
    }

    /// `bg` pictures: behind everything, covering the canvas, or the side a split one
    /// takes (several share it in strips). One that cannot be shown (on the web, missing,
    /// still loading) is the framed box an inline picture would be, in its place.
    fn backgrounds(&mut self) {
        let found: Vec<(usize, &Image)> = self
            .slide
            .blocks
            .iter()
            .enumerate()
            .flat_map(|(index, block)| {
                background_images(block)
                    .into_iter()
                    .map(move |image| (index, image))
            })
            .collect();
        if found.is_empty() {
            return;
        }
        let split = self.split_area();
        let area = split.map_or(self.canvas, |(area, _)| area);
        let has_content = self
            .slide
            .blocks
            .iter()
            .any(|block| !is_background(block) && !is_command(block));
        let strip = area.w / found.len() as f32;
        for (n, (index, image)) in found.iter().enumerate() {
            self.tag = *index;
            let path = resolve(self.ctx.deck_dir, &image.src);
            let strip_area = Rect::new(area.x + strip * n as f32, area.y, strip, area.h);
            let (width, height) = match self.ctx.images.image_state(&path) {
                ImageState::Ready { width, height } if width > 0 && height > 0 => (width, height),
                ImageState::Ready { .. } => continue,
                ImageState::Loading | ImageState::Failed(_) => {
                    // Text over the box keeps the middle: its label goes to the bottom.
                    let under_text = split.is_none() && has_content;
                    self.background_placeholder(strip_area, image, &path, under_text);
                    continue;
                }
            };
            let aspect = width as f32 / height as f32;
            let rect = if found.len() == 1 {
                cover(strip_area, aspect)
            } else {
                contain(strip_area, aspect)
            };
            self.push(DrawItem::Image { rect, path });
            // What spills past its area is covered again: by the slide's colour on the
            // canvas, by the letterbox's outside it.
            for mask in spill(rect, area) {
                let color = if self.canvas.contains(&mask) {
                    self.theme.background
                } else {
                    self.theme.letterbox
                };
                self.push(DrawItem::Rect { rect: mask, color });
            }
        }
        if has_content && split.is_none() {
            // Text over a photo needs a veil to stay legible.
            self.tag = 0;
            self.push(DrawItem::Rect {
                rect: self.canvas,
                color: self.theme.background.with_alpha(0x90),
            });
        }
    }

    /// The framed box of a background that cannot be shown, inset in its area, with its
    /// label in the middle or, when the slide's text lies over it, along its bottom.
    fn background_placeholder(&mut self, area: Rect, image: &Image, path: &Path, label_low: bool) {
        let inset = self.px(self.theme.sizes.margin_y * 0.5).round();
        let rect = Rect::new(
            area.x + inset,
            area.y + inset,
            (area.w - 2.0 * inset).max(1.0),
            (area.h - 2.0 * inset).max(1.0),
        );
        if !label_low {
            return self.image_placeholder(rect, image, path);
        }
        self.push(DrawItem::Frame {
            rect,
            thickness: self.px(3.0).max(1.0),
            color: self.theme.muted,
        });
        let size = (self.body() * 0.8).round();
        let height = (size * 1.6).round();
        let label = Rect::new(rect.x, rect.bottom() - height - inset * 0.5, rect.w, height);
        let before = self.len();
        self.image_placeholder(label, image, path);
        // Only the label: the frame around it is the big one already drawn.
        if let Some(DrawItem::Frame { .. }) = self.out.items.get(before) {
            self.out.items.remove(before);
            self.tags.remove(before);
        }
    }

    /// Footnotes at the bottom of the content box, small; returns the height they take
    /// (with their rule) and their items, each revealed with the block that cites it.
    fn footnotes(&mut self, content: Rect) -> (f32, Vec<Tagged>) {
        if self.slide.footnotes.is_empty() {
            return (0.0, Vec::new());
        }
        let size = self.footnote_size();
        let gap = (size * 0.6).round();
        let mut laid: Vec<(usize, Wrapped)> = Vec::new();
        for footnote in &self.slide.footnotes {
            let label = TextStyle::plain(Face::Bold, size, self.theme.accent);
            let text = TextStyle::plain(Face::Regular, size, self.theme.muted);
            let mut runs = vec![(label, format!("{} ", footnote_label(&footnote.label)))];
            runs.extend(self.runs(&footnote.content, text));
            let wrapped = wrap(&runs, content.w, self.spacing(), self.measure);
            laid.push((citing_block(self.slide, footnote), wrapped));
        }
        let height: f32 = laid
            .iter()
            .map(|(_, wrapped)| wrapped.height())
            .sum::<f32>()
            + gap;
        let mut y = content.bottom() - height;
        self.tag = 0;
        self.push(DrawItem::Line {
            from: (content.x, y.round()),
            to: (content.x + content.w * 0.3, y.round()),
            thickness: self.px(1.5).max(1.0),
            color: self.theme.table_rule,
        });
        y += gap;
        for (block, wrapped) in laid {
            self.tag = block;
            let placed = self.draw_wrapped(&wrapped, content.x, y, content.w, TextAlign::Left);
            y += placed.height;
        }
        (height + gap, self.take())
    }

    /// What a title card or a Takahashi slide is made of: the blocks that carry text
    /// (background pictures and layout resets left out); `None` when the slide has
    /// footnotes, which neither kind of slide can hold.
    fn card_content(&self) -> Option<impl Iterator<Item = &'s Block> + use<'s>> {
        if !self.slide.footnotes.is_empty() {
            return None;
        }
        let slide: &'s Slide = self.slide;
        // A pause reveals the line under a title; it does not make the slide another kind.
        Some(slide.blocks.iter().filter(|block| {
            !is_background(block)
                && !matches!(block.kind, BlockKind::ResetLayout | BlockKind::Pause)
        }))
    }

    /// A title slide: a level-1 heading with a short line or two under it and nothing
    /// else (pictures behind it allowed). Set as a centred card, large.
    fn title_card(&self) -> Option<(&'s Block, Vec<&'s Block>)> {
        let mut content = self.card_content()?;
        let title = content.next()?;
        if !matches!(title.kind, BlockKind::Heading { level: 1, .. }) {
            return None;
        }
        let lines: Vec<&Block> = content.collect();
        let short_line = |block: &&Block| match &block.kind {
            BlockKind::Paragraph(inlines) => {
                inlines
                    .iter()
                    .all(|inline| matches!(inline, Inline::Text(_) | Inline::LineBreak))
                    && Inline::plain_text(inlines).trim().chars().count() <= TITLE_CARD_CHARS
            }
            _ => false,
        };
        (!lines.is_empty() && lines.len() <= TITLE_CARD_LINES && lines.iter().all(short_line))
            .then_some((title, lines))
    }

    /// The title as large as fits in two lines at most (never breaking a word), an
    /// accent rule, the subtitle lines; all centred, the group in the middle of the box.
    fn title_card_layout(&mut self, title: &Block, lines: &[&Block], content: Rect) {
        let BlockKind::Heading {
            content: title_inlines,
            ..
        } = &title.kind
        else {
            return;
        };
        let spacing = self.spacing();
        let sub_size = self
            .px(self.theme.sizes.body * SUBTITLE_SCALE)
            .round()
            .max(1.0);
        let sub_style = TextStyle::plain(Face::Regular, sub_size, self.theme.text);
        let subtitles: Vec<(usize, Wrapped)> = lines
            .iter()
            .filter_map(|block| match &block.kind {
                BlockKind::Paragraph(inlines) => Some((
                    self.block_index(block),
                    wrap(
                        &self.runs(inlines, sub_style),
                        content.w,
                        spacing,
                        self.measure,
                    ),
                )),
                _ => None,
            })
            .collect();
        let between = (sub_size * 0.25).round();
        let sub_height = subtitles.iter().map(|(_, w)| w.height()).sum::<f32>()
            + between * subtitles.len().saturating_sub(1) as f32;
        let rule = self.px(6.0).round().max(2.0);
        let rule_gap = self.px(40.0).round();
        let room = content.h - sub_height - 2.0 * rule_gap - rule;

        // One line when it fits at 70 % of the title size or more; else two balanced
        // lines, as large as fit.
        let floor = self.heading_size(1);
        let largest = self.px(self.theme.sizes.title).round().max(floor);
        let wrapped = self
            .largest_fit(
                title_inlines,
                largest,
                (largest * 0.7).max(floor),
                1,
                content.w,
                room,
            )
            .or_else(|| self.largest_fit(title_inlines, largest, floor, 2, content.w, room))
            .unwrap_or_else(|| {
                let style = TextStyle::plain(Face::Bold, floor, self.theme.heading);
                wrap_balanced(
                    &self.runs(title_inlines, style),
                    content.w,
                    spacing,
                    self.measure,
                )
            });
        let total = wrapped.height() + 2.0 * rule_gap + rule + sub_height;
        let mut y = content.y + ((content.h - total) * SHORT_SLIDE_DROP).max(0.0).round();
        self.tag = self.block_index(title);
        let placed = self.draw_wrapped(&wrapped, content.x, y, content.w, TextAlign::Center);
        y += placed.height + rule_gap;
        let rule_width = self.px(120.0).round();
        self.push(DrawItem::Rect {
            rect: Rect::new(
                (content.x + (content.w - rule_width) / 2.0).round(),
                y.round(),
                rule_width,
                rule,
            ),
            color: self.theme.accent,
        });
        y += rule + rule_gap;
        for (index, wrapped) in subtitles {
            self.tag = index;
            let placed = self.draw_wrapped(&wrapped, content.x, y, content.w, TextAlign::Center);
            y += placed.height + between;
        }
    }

    /// A bold heading at the largest size from `largest` down to `floor` at which it
    /// takes at most `max_lines` balanced lines of `width`, at most `room` high, and
    /// breaks no word.
    fn largest_fit(
        &self,
        inlines: &[Inline],
        largest: f32,
        floor: f32,
        max_lines: usize,
        width: f32,
        room: f32,
    ) -> Option<Wrapped> {
        let mut size = largest;
        loop {
            let style = TextStyle::plain(Face::Bold, size, self.theme.heading);
            let wrapped = wrap_balanced(
                &self.runs(inlines, style),
                width,
                self.spacing(),
                self.measure,
            );
            if !wrapped.broke_words && wrapped.lines.len() <= max_lines && wrapped.height() <= room
            {
                return Some(wrapped);
            }
            if size <= floor {
                return None;
            }
            // At a few pixels, 94 % rounds back to the same size: step at least 1 px.
            size = (size * 0.94).round().min(size - 1.0).max(floor);
        }
    }

    /// The top-level index of `block` (for pause reveals), 0 when it is nested.
    fn block_index(&self, block: &Block) -> usize {
        self.slide
            .blocks
            .iter()
            .position(|candidate| std::ptr::eq(candidate, block))
            .unwrap_or(0)
    }

    /// The one block of a Takahashi slide: a lone heading, or one short line of text.
    fn takahashi_block(&self) -> Option<&'s Block> {
        let mut content = self.card_content()?;
        let block = content.next()?;
        if content.next().is_some() {
            return None;
        }
        match &block.kind {
            BlockKind::Heading { .. } => Some(block),
            BlockKind::Paragraph(inlines)
                if inlines
                    .iter()
                    .all(|inline| matches!(inline, Inline::Text(_)))
                    && Inline::plain_text(inlines).trim().chars().count() <= TAKAHASHI_CHARS =>
            {
                Some(block)
            }
            _ => None,
        }
    }

    /// Huge and centred: the largest size up to the theme's where the text fits the box
    /// without breaking a word.
    fn takahashi(&mut self, block: &Block, content: Rect) {
        let (inlines, face, colour) = match &block.kind {
            BlockKind::Heading { content, .. } => (content, Face::Bold, self.theme.heading),
            BlockKind::Paragraph(content) => (content, Face::Regular, self.theme.text),
            _ => return,
        };
        let floor = self.heading_size(1);
        let mut size = self.px(self.theme.sizes.takahashi).round().max(floor);
        let wrapped = loop {
            let style = TextStyle::plain(face, size, colour);
            let wrapped = wrap_balanced(
                &self.runs(inlines, style),
                content.w,
                self.spacing(),
                self.measure,
            );
            let fits = !wrapped.broke_words && wrapped.height() <= content.h;
            if fits || size <= floor {
                break wrapped;
            }
            // At a few pixels, 90 % rounds back to the same size: step at least 1 px.
            size = (size * 0.9).round().min(size - 1.0).max(floor);
        };
        let height = wrapped.height().min(content.h);
        self.tag = self.block_index(block);
        self.draw_wrapped(
            &wrapped,
            content.x,
            content.y + (content.h - height) / 2.0,
            content.w,
            TextAlign::Center,
        );
    }
}

/// At most this many characters make a "short line" set huge.
const TAKAHASHI_CHARS: usize = 40;

/// A title card: a level-1 heading and at most this many short paragraphs under it.
const TITLE_CARD_LINES: usize = 2;
const TITLE_CARD_CHARS: usize = 120;
/// A title card's subtitle, as a multiple of the body size.
const SUBTITLE_SCALE: f32 = 1.3;

/// Where a short slide sits: this share of the free height goes above it (0.5 would be
/// the exact middle; a touch less looks centred to the eye).
const SHORT_SLIDE_DROP: f32 = 0.45;
/// A slide with room to spare is set larger: the first of these factors at which it
/// still fills at most `ROOMY` of its box. Steps, not a continuous fit, so most slides
/// of a deck share one body size.
const GROW: [f32; 2] = [1.2, 1.1];
const ROOMY: f32 = 0.75;
/// The least share of the content box a picture keeps while the text can still shrink:
/// below a quarter of the slide a screenshot is unreadable from the back.
const PICTURE_SHARE: f32 = 0.25;
/// How many times a picture's share is raised when pictures smaller than their share
/// leave room unused (two cover two pictures of unequal height one under another).
const PICTURE_RAISES: usize = 2;
/// How much larger than its pixels an unsized picture may be set when it is all the
/// slide shows: a 640 × 360 screenshot fills the slide instead of a third of it, and
/// twice is as far as a low-resolution picture stays sharp enough on a projector.
const LONE_PICTURE_GROWTH: f32 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextAlign {
    Left,
    Center,
    Right,
}

fn line_baseline(line: &Line, top: f32) -> f32 {
    top + (line.height - line.ascent - line.descent) / 2.0 + line.ascent
}

/// Code set on a monospace grid, as a terminal sets it: every character advances one
/// cell of the mono face (two for a wide one, none for a combining mark or a joiner),
/// whichever font draws it, so box-drawing art and aligned columns stay aligned. A
/// character whose own advance is not its cells' (one a fallback font draws) is a piece of
/// its own, centred in its cells. A line wider than `max_width` breaks at the cell that
/// would cross it, and the rest starts with `CONTINUED` in `mark`'s style.
fn wrap_code(
    runs: &[(TextStyle, String)],
    base: TextStyle,
    mark: TextStyle,
    max_width: f32,
    spacing: f32,
    measure: &dyn Measure,
) -> Vec<Line> {
    let metrics = measure.metrics(base.face, base.size);
    let height = (metrics.line_height * spacing).max(metrics.ascent + metrics.descent);
    let cell = measure.width(" ", base.face, base.size);
    let empty = |pieces| Line {
        pieces,
        width: 0.0,
        ascent: metrics.ascent,
        descent: metrics.descent,
        height,
        rtl: false,
    };
    let mut lines = Vec::new();
    let mut line = empty(Vec::new());
    for (style, text) in runs {
        let mut chunk = String::new();
        let mut chunk_x = line.width;
        let flush = |line: &mut Line, chunk: &mut String, chunk_x: f32| {
            if !chunk.is_empty() {
                line.pieces.push(super::wrap::Piece {
                    style: *style,
                    text: std::mem::take(chunk),
                    x: chunk_x,
                    width: line.width - chunk_x,
                });
            }
        };
        for (glyph, cells) in code_cells(text) {
            let advance = cell * cells as f32;
            if advance > 0.0 && line.width > 0.0 && line.width + advance > max_width + 0.01 {
                flush(&mut line, &mut chunk, chunk_x);
                lines.push(std::mem::replace(&mut line, empty(Vec::new())));
                line.pieces.push(super::wrap::Piece {
                    style: mark,
                    text: CONTINUED.to_string(),
                    x: 0.0,
                    width: cell,
                });
                line.width = CONTINUED_CELLS * cell;
                chunk_x = line.width;
            }
            let natural = measure.width(glyph, style.face, style.size);
            if advance > 0.0 && (natural - advance).abs() > 0.5 {
                flush(&mut line, &mut chunk, chunk_x);
                line.pieces.push(super::wrap::Piece {
                    style: *style,
                    text: glyph.to_string(),
                    x: line.width + (advance - natural) / 2.0,
                    width: natural,
                });
                line.width += advance;
                chunk_x = line.width;
            } else {
                chunk.push_str(glyph);
                line.width += advance;
            }
        }
        flush(&mut line, &mut chunk, chunk_x);
    }
    lines.push(line);
    lines
}

/// What starts the rest of a code line too long for its block (an editor's
/// `showbreak`), and the cells it takes with the gap after it.
const CONTINUED: &str = "↪";
const CONTINUED_CELLS: f32 = 2.0;

/// The widest line of a code block, in monospace cells (see `wrap_code`).
fn code_columns(lines: &[CodeLine]) -> usize {
    lines
        .iter()
        .map(|line| {
            line.iter()
                .flat_map(|(_, text)| code_cells(text))
                .map(|(_, cells)| cells)
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

/// What code is set in, with the cells each takes: an emoji sequence is one picture two
/// cells wide (`👩‍💻`, `⚠️`, a flag), as a terminal draws it; any other character its
/// own width (UAX #11: two for wide CJK, none for a combining mark or a joiner).
fn code_cells(text: &str) -> Vec<(&str, usize)> {
    use unicode_width::UnicodeWidthChar;
    let mut units = Vec::with_capacity(text.len());
    let mut sequences = crate::emoji::sequences(text).into_iter().peekable();
    for (at, ch) in text.char_indices() {
        if let Some(sequence) = sequences.peek().filter(|sequence| sequence.contains(&at)) {
            if sequence.start == at {
                units.push((&text[sequence.clone()], 2));
            }
            if at + ch.len_utf8() >= sequence.end {
                sequences.next();
            }
            continue;
        }
        units.push((&text[at..at + ch.len_utf8()], ch.width().unwrap_or(0)));
    }
    units
}

/// A table measured at one size (`Engine::table_cells`).
struct TableCells {
    runs: Vec<Vec<Vec<(TextStyle, String)>>>,
    natural: Vec<f32>,
    least: Vec<f32>,
    pad_x: f32,
}

/// Column widths: natural when they fit; else each gets its widest word plus a share of
/// the rest; else (very narrow) widest words scaled down and words break.
fn share_widths(natural: &[f32], least: &[f32], width: f32) -> Vec<f32> {
    let natural_total: f32 = natural.iter().sum();
    let least_total: f32 = least.iter().sum();
    if natural_total <= width {
        natural.to_vec()
    } else if least_total <= width && natural_total > least_total {
        let share = (width - least_total) / (natural_total - least_total);
        natural
            .iter()
            .zip(least)
            .map(|(n, l)| l + (n - l) * share)
            .collect()
    } else {
        least
            .iter()
            .map(|l| l * width / least_total.max(1.0))
            .collect()
    }
}

fn regions(blocks: &[Block]) -> Vec<Region<'_>> {
    let mut regions = vec![Region::Full(Vec::new())];
    let mut column = 0;
    for (index, block) in blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::ColumnLayout(ratios) => {
                let ratios: Vec<u32> = if ratios.iter().any(|r| *r > 0) {
                    ratios.clone()
                } else {
                    vec![1]
                };
                let columns = vec![Vec::new(); ratios.len()];
                regions.push(Region::Columns { ratios, columns });
                column = 0;
            }
            BlockKind::Column(n) => column = *n,
            BlockKind::ResetLayout => regions.push(Region::Full(Vec::new())),
            _ => match regions.last_mut() {
                Some(Region::Full(list)) => list.push((index, block)),
                Some(Region::Columns { columns, .. }) => {
                    let last = columns.len().saturating_sub(1);
                    if let Some(list) = columns.get_mut(column.min(last)) {
                        list.push((index, block));
                    }
                }
                None => {}
            },
        }
    }
    regions
}

/// How many pictures lie one under another in a region (the most in any column).
fn stacked_images(region: &Region) -> usize {
    let count = |blocks: &Vec<(usize, &Block)>| {
        blocks
            .iter()
            .map(|(_, block)| count_images(std::slice::from_ref(*block)))
            .sum::<usize>()
    };
    match region {
        Region::Full(blocks) => count(blocks),
        Region::Columns { columns, .. } => columns.iter().map(count).max().unwrap_or(0),
    }
}

fn count_images(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match &block.kind {
            BlockKind::Image(image) => usize::from(!image.background),
            BlockKind::Paragraph(inlines) => usize::from(only_images(inlines).is_some()),
            BlockKind::List { items, .. } => {
                items.iter().map(|item| count_images(&item.blocks)).sum()
            }
            BlockKind::Quote { blocks, .. } => count_images(blocks),
            _ => 0,
        })
        .sum()
}

/// The non-`bg` pictures of a paragraph that holds only pictures (and spaces).
fn only_images(inlines: &[Inline]) -> Option<Vec<&Image>> {
    let mut images = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Image(image) if !image.background => images.push(image),
            Inline::Image(_) | Inline::LineBreak => {}
            Inline::Text(span) if span.text.trim().is_empty() => {}
            Inline::Text(_) => return None,
        }
    }
    (!images.is_empty()).then_some(images)
}

/// Whether a slide's body is one row of pictures and nothing else: headings, `bg`
/// pictures and layout commands around it allowed, text or a second row not.
fn lone_picture_row(blocks: &[Block]) -> bool {
    let mut rows = 0;
    for block in blocks {
        if is_background(block) || is_command(block) {
            continue;
        }
        match &block.kind {
            BlockKind::Heading { .. } => {}
            BlockKind::Image(_) => rows += 1,
            BlockKind::Paragraph(inlines) if only_images(inlines).is_some() => rows += 1,
            _ => return false,
        }
    }
    rows == 1
}

fn background_images(block: &Block) -> Vec<&Image> {
    match &block.kind {
        BlockKind::Image(image) if image.background => vec![image],
        BlockKind::Paragraph(inlines) => inlines
            .iter()
            .filter_map(|inline| match inline {
                Inline::Image(image) if image.background => Some(image),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A block that is only `bg` pictures: drawn behind, taking no room in the flow.
fn is_background(block: &Block) -> bool {
    match &block.kind {
        BlockKind::Image(image) => image.background,
        BlockKind::Paragraph(inlines) => {
            !background_images(block).is_empty()
                && inlines.iter().all(|inline| match inline {
                    Inline::Image(image) => image.background,
                    Inline::Text(span) => span.text.trim().is_empty(),
                    Inline::LineBreak => true,
                })
        }
        _ => false,
    }
}

fn is_command(block: &Block) -> bool {
    matches!(
        block.kind,
        BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout
    )
}

fn resolve(deck_dir: &Path, src: &str) -> PathBuf {
    let path = Path::new(src);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        deck_dir.join(path)
    }
}

/// `rect` on whole pixels: each edge rounded, so the box stays within half a pixel of
/// where it was (rounding the size as well could push it past the content box). A
/// picture far wider than tall, or the other way, may fit in less than a pixel: it is
/// drawn a pixel thin rather than not at all.
fn pixel_box(rect: Rect) -> Rect {
    let (left, top) = (rect.x.round(), rect.y.round());
    let (right, bottom) = (rect.right().round(), rect.bottom().round());
    Rect::new(left, top, (right - left).max(1.0), (bottom - top).max(1.0))
}

/// The largest `aspect` rectangle covering `area`, centred (it spills on two sides).
fn cover(area: Rect, aspect: f32) -> Rect {
    let (w, h) = if aspect > area.w / area.h {
        (area.h * aspect, area.h)
    } else {
        (area.w, area.w / aspect)
    };
    Rect::new(
        area.x + (area.w - w) / 2.0,
        area.y + (area.h - h) / 2.0,
        w,
        h,
    )
}

/// The largest `aspect` rectangle inside `area`, centred.
fn contain(area: Rect, aspect: f32) -> Rect {
    let (w, h) = if aspect > area.w / area.h {
        (area.w, area.w / aspect)
    } else {
        (area.h * aspect, area.h)
    };
    Rect::new(
        area.x + (area.w - w) / 2.0,
        area.y + (area.h - h) / 2.0,
        w,
        h,
    )
}

/// The parts of `rect` outside `canvas`.
fn spill(rect: Rect, canvas: Rect) -> Vec<Rect> {
    let mut parts = Vec::new();
    if rect.x < canvas.x {
        parts.push(Rect::new(rect.x, rect.y, canvas.x - rect.x, rect.h));
    }
    if rect.right() > canvas.right() {
        parts.push(Rect::new(
            canvas.right(),
            rect.y,
            rect.right() - canvas.right(),
            rect.h,
        ));
    }
    if rect.y < canvas.y {
        parts.push(Rect::new(rect.x, rect.y, rect.w, canvas.y - rect.y));
    }
    if rect.bottom() > canvas.bottom() {
        parts.push(Rect::new(
            rect.x,
            canvas.bottom(),
            rect.w,
            rect.bottom() - canvas.bottom(),
        ));
    }
    parts
}

fn alert_label(alert: Alert) -> &'static str {
    match alert {
        Alert::Note => "Note",
        Alert::Tip => "Tip",
        Alert::Important => "Important",
        Alert::Warning => "Warning",
        Alert::Caution => "Caution",
    }
}

/// `[^1]`, `^1` or `1` → `1`.
fn footnote_label(text: &str) -> &str {
    text.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_start_matches('^')
}

/// The top-level block whose text first cites `footnote` (0 when none does).
fn citing_block(slide: &Slide, footnote: &Footnote) -> usize {
    fn cites(blocks: &[Block], label: &str) -> bool {
        blocks.iter().any(|block| match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inlines_cite(content, label)
            }
            BlockKind::List { items, .. } => items.iter().any(|item| cites(&item.blocks, label)),
            BlockKind::Quote { blocks, .. } => cites(blocks, label),
            BlockKind::Table { header, rows, .. } => header
                .iter()
                .chain(rows.iter().flatten())
                .any(|cell| inlines_cite(cell, label)),
            _ => false,
        })
    }
    fn inlines_cite(inlines: &[Inline], label: &str) -> bool {
        inlines.iter().any(|inline| match inline {
            Inline::Text(span) => span.style.footnote_ref && footnote_label(&span.text) == label,
            _ => false,
        })
    }
    let label = footnote_label(&footnote.label);
    slide
        .blocks
        .iter()
        .position(|block| cites(std::slice::from_ref(block), label))
        .unwrap_or(0)
}

/// The lowest point an item reaches.
fn bottom_of(item: &DrawItem) -> f32 {
    match item {
        DrawItem::Rect { rect, .. }
        | DrawItem::Frame { rect, .. }
        | DrawItem::Image { rect, .. } => rect.bottom(),
        DrawItem::Line { from, to, .. } => from.1.max(to.1),
        // Descenders reach about a quarter of the size under the baseline.
        DrawItem::Text { y, size, .. } => y + size * 0.25,
    }
}

/// Moves an item down by `dy`.
fn shift(item: &mut DrawItem, dy: f32) {
    match item {
        DrawItem::Rect { rect, .. }
        | DrawItem::Frame { rect, .. }
        | DrawItem::Image { rect, .. } => rect.y += dy,
        DrawItem::Line { from, to, .. } => {
            from.1 += dy;
            to.1 += dy;
        }
        DrawItem::Text { y, .. } => *y += dy,
    }
}

/// Marks what falls under `clip_y` as clipped; boxes that straddle it are cut there.
fn clip(tagged: &mut Tagged, clip_y: f32) {
    let bottom = bottom_of(&tagged.item);
    if bottom <= clip_y + 0.5 {
        return;
    }
    match &mut tagged.item {
        DrawItem::Rect { rect, .. } | DrawItem::Frame { rect, .. } if rect.y < clip_y => {
            rect.h = clip_y - rect.y;
        }
        _ => tagged.clipped = true,
    }
}

/// Whether a list item reads from the right: its first paragraph's first strong letter
/// is Arabic, Hebrew or another right-to-left script.
fn item_is_rtl(item: &ListItem) -> bool {
    item.blocks.iter().find_map(|block| match &block.kind {
        BlockKind::Paragraph(content) | BlockKind::Heading { content, .. } => {
            Some(paragraph_is_rtl(&Inline::plain_text(content)))
        }
        _ => None,
    }) == Some(true)
}

#[cfg(test)]
mod tests;
