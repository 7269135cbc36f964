//! The painter: walks a `DrawList` and draws each item with macroquad, deciding nothing
//! (where and how big is layout's job). Owns the GPU side of fonts (one macroquad `Font`
//! per bundled file, loaded once) and of pictures (one texture per decoded file), and the
//! glyph cache warming that keeps a slide change from stalling on rasterisation.
//!
//! Fill rate is what a frame costs on a software renderer (Mesa's llvmpipe, as under
//! Xvfb): through macroquad's default pipeline, which samples a texture and blends, one
//! full-screen rectangle costs several times a flat, unblended fill, and a clear far
//! less (`scripts/bench-frames.sh`; the README's figures). So the painter starts a
//! frame with a clear to the colour of the last opaque rectangle that covers the screen
//! (everything before it is hidden anyway), and fills rectangles and lines with a flat-colour shader, blending
//! only the ones that are see-through. What stayed the same since the frame before and
//! is dear to paint (a photo, a panel) is kept in a still layer (`layer`) and copied.
//! The pixels are the same either way.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use macroquad::material::{
    Material, MaterialParams, gl_use_default_material, gl_use_material, load_material,
};
use macroquad::miniquad::{BlendFactor, BlendState, BlendValue, Equation, PipelineParams};
use macroquad::prelude::{
    Color, DrawTextureParams, Font, ShaderSource, TextParams, Texture2D, WHITE, clear_background,
    draw_line, draw_rectangle, draw_rectangle_lines, draw_text_ex, draw_texture_ex,
    get_default_font, load_ttf_font_from_bytes, measure_text, screen_height, screen_width,
    set_camera, set_default_camera, vec2,
};
use macroquad::texture::FilterMode;
use macroquad::window::get_internal_gl;

use super::atlas::GlyphAtlas;
use super::layer::{Coverage, Layer, Made, Plan, plan};
use crate::fonts::is_invisible;
use crate::images::ImageCache;
use crate::layout::{DrawItem, DrawList, FontId, Rect, Rgba};

pub(crate) struct Painter {
    /// Indexed by `FontId`, loaded the first time a frame needs one: parsing the Hangul
    /// parts of the CJK faces takes most of a start-up, and a deck may never use
    /// Hangul, italic or mono. A file that fails to load is macroquad's own font
    /// instead, so text still shows (in the wrong face) rather than vanishing.
    fonts: Vec<Option<Font>>,
    fallback: Font,
    textures: HashMap<PathBuf, Texture2D>,
    warmed: HashSet<(FontId, u16, char)>,
    /// A glyph of each font whose atlas gained glyphs since it was last drawn from:
    /// macroquad sends a font's whole atlas to the GPU on the next draw from it, which
    /// at 1920×1080 costs milliseconds, and that draw would otherwise be the one that
    /// answers a key (the first slide after the Up next card).
    unsent: Vec<(FontId, u16, char)>,
    /// Shaped runs (Arabic, Devanagari, …) drawn by glyph id.
    atlas: GlyphAtlas,
    /// `None` if the shaders did not compile: shapes then go through the default
    /// pipeline, slower but the same pixels.
    flat: Option<FlatMaterials>,
    /// `None` where no off-screen layer can be made: every frame is painted in full.
    still: Option<Still>,
}

/// The still layer and what the frame before showed, to see what stayed still.
#[derive(Default)]
struct Still {
    layer: Option<Layer>,
    before: Vec<DrawItem>,
    before_on: Option<((u32, u32), Rgba)>,
}

impl Still {
    fn plan(&self, items: &[DrawItem], size: (u32, u32), ground: Rgba) -> Plan {
        // A window with no area (minimised, or not laid out yet) gets no layer.
        if size.0 == 0 || size.1 == 0 {
            return Plan::PaintAll;
        }
        let area = size.0 as f32 * size.1 as f32;
        let on = Some((size, ground));
        let before: &[DrawItem] = if self.before_on == on {
            &self.before
        } else {
            &[]
        };
        let layer = self
            .layer
            .as_ref()
            .filter(|layer| layer.size == size && layer.ground == ground)
            .map(|layer| Made {
                key: &layer.key,
                from: layer.from,
            });
        plan(items, before, layer, area)
    }

    fn remember(&mut self, items: &[DrawItem], size: (u32, u32), ground: Rgba) {
        if self.before != items {
            self.before = items.to_vec();
        }
        self.before_on = Some((size, ground));
    }
}

/// Whether this frame's copy of the layer is its first, which OpenGL may refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LayerCopy {
    First,
    Again,
}

/// Shaders for one-colour shapes: no texture to sample, and no blending for opaque ones.
struct FlatMaterials {
    opaque: Material,
    blended: Material,
}

impl FlatMaterials {
    fn load() -> Option<FlatMaterials> {
        let material = |color_blend| {
            let params = MaterialParams {
                pipeline_params: PipelineParams {
                    color_blend,
                    ..PipelineParams::default()
                },
                ..MaterialParams::default()
            };
            let shader = ShaderSource::Glsl {
                vertex: FLAT_VERTEX,
                fragment: FLAT_FRAGMENT,
            };
            load_material(shader, params)
                .map_err(|error| eprintln!("gong: drawing shapes the slow way: {error}"))
                .ok()
        };
        // The same blending as macroquad's default pipeline.
        let blend = BlendState::new(
            Equation::Add,
            BlendFactor::Value(BlendValue::SourceAlpha),
            BlendFactor::OneMinusValue(BlendValue::SourceAlpha),
        );
        Some(FlatMaterials {
            opaque: material(None)?,
            blended: material(Some(blend))?,
        })
    }
}

/// macroquad's vertex layout, passing only the colour on.
const FLAT_VERTEX: &str = r#"#version 100
attribute vec3 position;
attribute vec2 texcoord;
attribute vec4 color0;
varying lowp vec4 color;
uniform mat4 Model;
uniform mat4 Projection;
void main() {
    gl_Position = Projection * Model * vec4(position, 1);
    color = color0 / 255.0;
}"#;

const FLAT_FRAGMENT: &str = r#"#version 100
varying lowp vec4 color;
void main() {
    gl_FragColor = color;
}"#;

/// Which shader the next item is drawn with; switching flushes the batch, so the
/// painter only switches when the kind of item changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pipeline {
    /// macroquad's own: text and pictures.
    Textured,
    FlatOpaque,
    FlatBlended,
}

impl Painter {
    /// Needs the window to be open, which is why there is no `Default`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Painter {
        Painter {
            fonts: vec![None; crate::fonts::BUNDLED.len()],
            fallback: get_default_font(),
            textures: HashMap::new(),
            warmed: HashSet::new(),
            unsent: Vec::new(),
            atlas: GlyphAtlas::default(),
            flat: FlatMaterials::load(),
            still: Layer::supported().then(Still::default),
        }
    }

    /// Clears the screen and draws `list` back to front. Pictures not decoded yet are
    /// skipped (layout frames their box while they load). What stayed the same since
    /// the frame before is copied from the still layer rather than painted again.
    pub(crate) fn paint(&mut self, list: &DrawList, images: Option<&ImageCache>) {
        // Every glyph goes into the atlas before the first one is queued: a glyph added
        // mid-frame can grow the atlas under text already queued, which then draws as
        // solid blocks.
        self.warm(list, Duration::MAX);
        self.send_atlases();
        let size = (screen_width() as u32, screen_height() as u32);
        let screen = Rect::new(0.0, 0.0, size.0 as f32, size.1 as f32);
        let (ground, start) = visible_from(&list.items, screen);
        let visible = &list.items[start..];
        let plan = match &self.still {
            Some(still) => still.plan(visible, size, ground),
            None => Plan::PaintAll,
        };
        match plan {
            Plan::Reuse { from, to } => {
                self.paint_layered(visible, (from, to), LayerCopy::Again, ground, images);
            }
            Plan::Build { from, to, still } => {
                match self.build_layer(visible, (from, to, still), size, ground, images) {
                    Some(held) => {
                        self.paint_layered(visible, held, LayerCopy::First, ground, images)
                    }
                    None => self.paint_all(visible, ground, images),
                }
            }
            Plan::PaintAll => self.paint_all(visible, ground, images),
        }
        if let Some(still) = self.still.as_mut() {
            still.remember(visible, size, ground);
        }
    }

    fn paint_all(&mut self, items: &[DrawItem], ground: Rgba, images: Option<&ImageCache>) {
        clear_background(color_of(ground));
        self.draw_items(items, images);
    }

    /// The layer's copy on the ground, then the items it does not hold: those before
    /// it touch none of its region (`build_layer` saw to it), so they may land after
    /// it, which spares a flush of the renderer between them. If OpenGL refuses the
    /// first copy of a layer, the painter stops using layers and paints this frame in
    /// full; a copy that went through once goes through again.
    fn paint_layered(
        &mut self,
        items: &[DrawItem],
        (from, to): (usize, usize),
        copy: LayerCopy,
        ground: Rgba,
        images: Option<&ImageCache>,
    ) {
        let layer = self.still.as_ref().and_then(|still| still.layer.as_ref());
        // A clear costs 1–2 ms at 1080p on llvmpipe (measured on a full-bleed photo
        // slide): none under a copy of the whole screen.
        if !layer.is_some_and(Layer::fills_the_screen) {
            clear_background(color_of(ground));
        }
        let copied = layer.is_some_and(|layer| match copy {
            LayerCopy::First => layer.blit_checked(),
            LayerCopy::Again => {
                layer.blit();
                true
            }
        });
        if !copied {
            eprintln!("gong: this OpenGL refused the layer copy; every frame is painted in full");
            self.still = None;
            self.paint_all(items, ground, images);
            return;
        }
        self.draw_items(&items[..from], images);
        self.draw_items(&items[to..], images);
    }

    /// Paints `items[from..to]` into a fresh still layer and marks where they left
    /// anything but the ground. The copy then stands for them only if nothing before
    /// them touches that region (they were painted over the ground alone); else the
    /// layer holds everything up to `to`. The still items after `to` that land inside
    /// the region are held too: copying them costs nothing more (a slide's footer over
    /// its full-bleed photo). Returns the items the layer holds, or `None` if no layer
    /// can be made here (the painter then stops trying, and this frame is painted in
    /// full).
    fn build_layer(
        &mut self,
        items: &[DrawItem],
        (mut from, mut to, still): (usize, usize, usize),
        size: (u32, u32),
        ground: Rgba,
        images: Option<&ImageCache>,
    ) -> Option<(usize, usize)> {
        let coverage = |painter: &Painter, part: &[DrawItem]| {
            let mut coverage = Coverage::new(size);
            for item in part {
                coverage.mark_item(item, ground, || painter.text_box(item));
            }
            coverage
        };
        let mut held = coverage(self, &items[from..to]);
        let under = coverage(self, &items[..from]);
        if under.meets(&held) {
            held.add(&under);
            from = 0;
        }
        while to < still && held.holds(&coverage(self, &items[to..=to])) {
            to += 1;
        }
        let still = self.still.as_mut()?;
        if still.layer.as_ref().is_none_or(|layer| layer.size != size) {
            still.layer = None;
            still.layer = Layer::new(size, ground);
        }
        let Some(layer) = still.layer.as_mut() else {
            eprintln!("gong: no off-screen layer here; every frame is painted in full");
            self.still = None;
            return None;
        };
        layer.ground = ground;
        layer.key = items[..to].to_vec();
        layer.from = from;
        layer.region = held.region();
        set_camera(&layer.camera());
        clear_background(color_of(ground));
        self.draw_items(&items[from..to], images);
        // SAFETY: draws what was queued (into the layer) now: the screen's clear that
        // follows would drop it (macroquad's clear forgets the draws queued before it).
        unsafe { get_internal_gl().flush() };
        set_default_camera();
        Some((from, to))
    }

    /// Where a run of text leaves its pixels, as drawn: the shaped run's glyph boxes;
    /// for text drawn by char, macroquad's measure, widened by a quarter of the size on
    /// each side, since a glyph can reach past its advance (an italic's overhang) or
    /// start before its origin, and drawing kerns where measuring does not.
    fn text_box(&self, item: &DrawItem) -> Option<Rect> {
        let DrawItem::Text {
            x,
            y,
            size,
            font,
            text,
            glyphs,
            ..
        } = item
        else {
            return None;
        };
        if !glyphs.is_empty() {
            return self.atlas.bounds(*font, *size, *x, *y, glyphs);
        }
        let (font_size, font_scale) = raster_size(*size);
        let measured = measure_text(shown(text), Some(self.font(*font)), font_size, font_scale);
        let slack = size * 0.25;
        Some(Rect::new(
            x - slack,
            y - measured.offset_y,
            measured.width + 2.0 * slack,
            measured.height,
        ))
    }

    /// Draws `items` back to front, each run of text grouped by font.
    fn draw_items(&mut self, items: &[DrawItem], images: Option<&ImageCache>) {
        let mut pipeline = Pipeline::Textured;
        for item in batched(items) {
            self.switch(&mut pipeline, self.pipeline_for(item));
            match item {
                DrawItem::Rect { rect, color } => {
                    draw_rectangle(rect.x, rect.y, rect.w, rect.h, color_of(*color));
                }
                DrawItem::Frame {
                    rect,
                    thickness,
                    color,
                } => {
                    draw_rectangle_lines(
                        rect.x,
                        rect.y,
                        rect.w,
                        rect.h,
                        *thickness,
                        color_of(*color),
                    );
                }
                DrawItem::Line {
                    from,
                    to,
                    thickness,
                    color,
                } => draw_line(from.0, from.1, to.0, to.1, *thickness, color_of(*color)),
                DrawItem::Text {
                    x,
                    y,
                    size,
                    font,
                    color,
                    glyphs,
                    ..
                } if !glyphs.is_empty() => {
                    self.atlas
                        .draw(*font, *size, *x, *y, glyphs, color_of(*color));
                }
                DrawItem::Text {
                    x,
                    y,
                    size,
                    font,
                    color,
                    text,
                    ..
                } => {
                    let (font_size, font_scale) = raster_size(*size);
                    draw_text_ex(
                        shown(text),
                        *x,
                        *y,
                        TextParams {
                            font: Some(self.font(*font)),
                            font_size,
                            font_scale,
                            color: color_of(*color),
                            ..TextParams::default()
                        },
                    );
                }
                DrawItem::Image { rect, path } => {
                    if let Some(texture) = self.texture(path, images) {
                        draw_texture_ex(
                            texture,
                            rect.x,
                            rect.y,
                            WHITE,
                            DrawTextureParams {
                                dest_size: Some(vec2(rect.w, rect.h)),
                                ..DrawTextureParams::default()
                            },
                        );
                    }
                }
            }
        }
        // Whatever draws after the painter (nothing today) gets macroquad's default.
        self.switch(&mut pipeline, Pipeline::Textured);
    }

    fn pipeline_for(&self, item: &DrawItem) -> Pipeline {
        let color = match item {
            DrawItem::Rect { color, .. }
            | DrawItem::Frame { color, .. }
            | DrawItem::Line { color, .. } => *color,
            DrawItem::Text { .. } | DrawItem::Image { .. } => return Pipeline::Textured,
        };
        match (&self.flat, color.a) {
            (None, _) => Pipeline::Textured,
            (Some(_), 255) => Pipeline::FlatOpaque,
            (Some(_), _) => Pipeline::FlatBlended,
        }
    }

    fn switch(&self, current: &mut Pipeline, wanted: Pipeline) {
        if *current == wanted {
            return;
        }
        match (wanted, &self.flat) {
            (Pipeline::FlatOpaque, Some(flat)) => gl_use_material(&flat.opaque),
            (Pipeline::FlatBlended, Some(flat)) => gl_use_material(&flat.blended),
            _ => gl_use_default_material(),
        }
        *current = wanted;
    }

    /// Rasterises glyphs `list` will need that are not cached yet, stopping once `budget`
    /// is spent; call it each frame with the slide that comes next. A new glyph costs a
    /// good part of a millisecond, so a slide of Hangul first seen on the frame it is shown
    /// would stall that frame for hundreds of milliseconds. Returns true when everything is warm.
    pub(crate) fn warm(&mut self, list: &DrawList, budget: Duration) -> bool {
        let start = Instant::now();
        for item in &list.items {
            let DrawItem::Text {
                size,
                font,
                text,
                glyphs,
                ..
            } = item
            else {
                continue;
            };
            if !glyphs.is_empty() {
                self.atlas.warm(*font, *size, glyphs);
                if start.elapsed() >= budget {
                    return false;
                }
                continue;
            }
            let (font_size, _) = raster_size(*size);
            for character in text.chars() {
                // Spaces too: drawing one caches its (empty) glyph, and a glyph cached
                // mid-frame can grow the atlas under the text queued before it, which
                // then draws as black blocks. Format characters are never drawn.
                if is_invisible(character) || !self.warmed.insert((*font, font_size, character)) {
                    continue;
                }
                self.load(*font)
                    .populate_font_cache(&[character], font_size);
                self.unsent.retain(|(unsent, _, _)| unsent != font);
                self.unsent.push((*font, font_size, character));
                if start.elapsed() >= budget {
                    return false;
                }
            }
        }
        true
    }

    /// Sends every atlas that gained glyphs to the GPU now, in the frame that warmed
    /// them, by drawing one of its glyphs where nothing shows (off screen, unseen).
    fn send_atlases(&mut self) {
        for (font, font_size, character) in std::mem::take(&mut self.unsent) {
            let mut buffer = [0u8; 4];
            draw_text_ex(
                character.encode_utf8(&mut buffer),
                -10_000.0,
                -10_000.0,
                TextParams {
                    font: Some(self.font(font)),
                    font_size,
                    color: Color::new(0.0, 0.0, 0.0, 0.0),
                    ..TextParams::default()
                },
            );
        }
    }

    /// The font for `id`, loading it into the GPU on first use (bundled, or a font
    /// of the machine's that layout chose).
    fn load(&mut self, id: FontId) -> &Font {
        let index = usize::from(id.0);
        if index >= self.fonts.len() {
            self.fonts.resize(index + 1, None);
        }
        let Some(slot) = self.fonts.get_mut(index) else {
            return &self.fallback;
        };
        if slot.is_none() {
            let file = crate::fonts::FontSet::shared()
                .ok()
                .and_then(|fonts| fonts.file(id));
            *slot = Some(match file {
                Some((name, bytes)) => load_ttf_font_from_bytes(bytes).unwrap_or_else(|error| {
                    eprintln!("gong: font {name} could not be loaded: {error}");
                    self.fallback.clone()
                }),
                None => self.fallback.clone(),
            });
        }
        slot.as_ref().unwrap_or(&self.fallback)
    }

    /// The font for `id` if it is loaded (`warm` loads every font a list uses).
    fn font(&self, id: FontId) -> &Font {
        match self.fonts.get(usize::from(id.0)) {
            Some(Some(font)) => font,
            _ => &self.fallback,
        }
    }

    fn texture(&mut self, path: &PathBuf, images: Option<&ImageCache>) -> Option<&Texture2D> {
        if !self.textures.contains_key(path) {
            let pixels = images?.pixels(path)?;
            let width = u16::try_from(pixels.width).ok()?;
            let height = u16::try_from(pixels.height).ok()?;
            let texture = Texture2D::from_rgba8(width, height, &pixels.rgba);
            texture.set_filter(FilterMode::Linear);
            self.textures.insert(path.clone(), texture);
        }
        self.textures.get(path)
    }
}

/// Where painting starts: the colour to clear the screen to, and the first item that can
/// change a pixel after that clear. The last opaque rectangle that covers the whole
/// screen hides everything before it, and opaque rectangles of its own colour right
/// after it change nothing. With no such rectangle: black, and every item.
fn visible_from(items: &[DrawItem], screen: Rect) -> (Rgba, usize) {
    let covering = items.iter().rposition(|item| {
        matches!(item, DrawItem::Rect { rect, color } if color.a == 255 && rect.contains(&screen))
    });
    let Some(index) = covering else {
        return (Rgba::rgb(0, 0, 0), 0);
    };
    let DrawItem::Rect { color: ground, .. } = items[index] else {
        return (Rgba::rgb(0, 0, 0), 0);
    };
    let unchanged = items[index + 1..]
        .iter()
        .take_while(|item| matches!(item, DrawItem::Rect { color, .. } if *color == ground))
        .count();
    (ground, index + 1 + unchanged)
}

/// The items in drawing order, with each run of consecutive text regrouped by font.
/// Every font has its own glyph atlas (texture), and every change of texture starts a new
/// draw call, for each of which macroquad keeps a vertex buffer of ~400 kB for good: a
/// table whose columns alternate regular and bold would otherwise cost a draw call per
/// cell and tens of megabytes the first time it shows. Runs of text do not overlap one
/// another (layout places them side by side), so their order can change at most a few
/// antialiased edge pixels where two runs touch; shapes and pictures keep their place,
/// since text is drawn over them.
fn batched(items: &[DrawItem]) -> Vec<&DrawItem> {
    let mut order: Vec<&DrawItem> = items.iter().collect();
    for run in order.chunk_by_mut(|a, b| is_text(a) && is_text(b)) {
        run.sort_by_key(|item| match item {
            DrawItem::Text { font, .. } => *font,
            _ => FontId::default(),
        });
    }
    order
}

fn is_text(item: &DrawItem) -> bool {
    matches!(item, DrawItem::Text { .. })
}

/// What of `text` the font draws: format characters take no width in the layout, and
/// the font would draw them as boxes.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_invisible) {
        text.chars().filter(|ch| !is_invisible(*ch)).collect()
    } else {
        text.into()
    }
}

/// Glyphs are rasterised at whole pixel sizes; the remainder is a scale, so text is drawn
/// exactly as wide as layout measured it.
fn raster_size(size: f32) -> (u16, f32) {
    let whole = size.round().clamp(1.0, f32::from(u16::MAX));
    (whole as u16, size.max(0.0) / whole)
}

fn color_of(color: Rgba) -> Color {
    Color::from_rgba(color.r, color.g, color.b, color.a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_sizes_are_drawn_at_their_exact_size() {
        let (whole, scale) = raster_size(37.4);
        assert_eq!(whole, 37);
        assert!((f32::from(whole) * scale - 37.4).abs() < 1e-4);
        assert_eq!(raster_size(0.0).0, 1);
    }

    fn rect(x: f32, y: f32, w: f32, h: f32, color: Rgba) -> DrawItem {
        DrawItem::Rect {
            rect: Rect::new(x, y, w, h),
            color,
        }
    }

    #[test]
    fn painting_starts_at_the_last_rectangle_that_hides_everything() {
        let screen = Rect::new(0.0, 0.0, 1920.0, 1080.0);
        let ground = Rgba::rgb(20, 20, 30);
        let accent = Rgba::rgb(200, 100, 0);
        let items = vec![
            rect(0.0, 0.0, 1920.0, 1080.0, accent),
            rect(10.0, 10.0, 100.0, 100.0, accent),
            rect(0.0, 0.0, 1920.0, 1080.0, ground),
            // The slide's own canvas in the same colour: nothing to draw.
            rect(0.0, 0.0, 1920.0, 1080.0, ground),
            rect(10.0, 10.0, 100.0, 100.0, accent),
            rect(0.0, 0.0, 1920.0, 1080.0, ground),
        ];
        assert_eq!(visible_from(&items[..5], screen), (ground, 4));
        // The last one wins, even with nothing after it.
        assert_eq!(visible_from(&items, screen), (ground, 6));
    }

    #[test]
    fn rectangles_that_do_not_hide_everything_are_all_drawn() {
        let screen = Rect::new(0.0, 0.0, 1920.0, 1200.0);
        let ground = Rgba::rgb(20, 20, 30);
        let letterboxed = [rect(0.0, 60.0, 1920.0, 1080.0, ground)];
        assert_eq!(visible_from(&letterboxed, screen), (Rgba::rgb(0, 0, 0), 0));
        let dimmed = [rect(0.0, 0.0, 1920.0, 1200.0, ground.with_alpha(170))];
        assert_eq!(visible_from(&dimmed, screen), (Rgba::rgb(0, 0, 0), 0));
    }

    fn text(font: u8, text: &str) -> DrawItem {
        DrawItem::Text {
            x: 0.0,
            y: 0.0,
            size: 30.0,
            font: FontId(font),
            color: Rgba::rgb(255, 255, 255),
            text: text.to_string(),
            glyphs: Vec::new(),
        }
    }

    #[test]
    fn runs_of_text_are_grouped_by_font_and_shapes_keep_their_place() {
        let plate = rect(0.0, 0.0, 100.0, 100.0, Rgba::rgb(1, 2, 3));
        let items = vec![
            text(1, "a"),
            text(0, "b"),
            text(1, "c"),
            plate.clone(),
            text(2, "d"),
            text(0, "e"),
        ];
        let order: Vec<&DrawItem> = batched(&items);
        let expected = [
            &items[1], &items[0], &items[2], &items[3], &items[5], &items[4],
        ];
        assert_eq!(order, expected);
    }

    #[test]
    fn colours_keep_their_channels() {
        let color = color_of(Rgba::rgb(255, 0, 51).with_alpha(0));
        assert_eq!((color.r, color.g, color.b, color.a), (1.0, 0.0, 0.2, 0.0));
    }
}
