//! The painter: walks a `DrawList` and draws each item with macroquad, deciding nothing
//! (where and how big is layout's job). Owns the GPU side of fonts (one macroquad `Font`
//! per bundled file, loaded once) and of pictures (one texture per decoded file), and the
//! glyph cache warming that keeps a slide change from stalling on rasterisation.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use macroquad::prelude::{
    Color, DrawTextureParams, Font, TextParams, Texture2D, WHITE, draw_line, draw_rectangle,
    draw_rectangle_lines, draw_text_ex, draw_texture_ex, get_default_font,
    load_ttf_font_from_bytes, vec2,
};
use macroquad::texture::FilterMode;

use crate::images::ImageCache;
use crate::layout::{DrawItem, DrawList, FontId, Rgba};

pub struct Painter {
    /// Indexed by `FontId`, loaded the first time a frame needs one: parsing the Hangul
    /// parts of the CJK faces takes most of a start-up, and a deck may never use
    /// Hangul, italic or mono. A file that fails to load is macroquad's own font
    /// instead, so text still shows (in the wrong face) rather than vanishing.
    fonts: Vec<Option<Font>>,
    fallback: Font,
    textures: HashMap<PathBuf, Texture2D>,
    warmed: HashSet<(FontId, u16, char)>,
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
        }
    }

    /// Draws `list` back to front. Pictures not decoded yet are skipped (layout frames
    /// their box while they load).
    pub fn paint(&mut self, list: &DrawList, images: Option<&ImageCache>) {
        // Every glyph goes into the atlas before the first one is queued: a glyph added
        // mid-frame can grow the atlas under text already queued, which then draws as
        // solid blocks.
        self.warm(list, Duration::MAX);
        for item in &list.items {
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
                    text,
                } => {
                    let (font_size, font_scale) = raster_size(*size);
                    draw_text_ex(
                        text,
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
    }

    /// Rasterises glyphs `list` will need that are not cached yet, stopping once `budget`
    /// is spent; call it each frame with the slide that comes next. A new glyph costs
    /// ~0.4 ms, so a slide of Hangul first seen on the frame it is shown would stall that
    /// frame for hundreds of milliseconds. Returns true when everything is warm.
    pub fn warm(&mut self, list: &DrawList, budget: Duration) -> bool {
        let start = Instant::now();
        for item in &list.items {
            let DrawItem::Text {
                size, font, text, ..
            } = item
            else {
                continue;
            };
            let (font_size, _) = raster_size(*size);
            for character in text.chars() {
                if character.is_whitespace() || !self.warmed.insert((*font, font_size, character)) {
                    continue;
                }
                self.load(*font)
                    .populate_font_cache(&[character], font_size);
                if start.elapsed() >= budget {
                    return false;
                }
            }
        }
        true
    }

    /// The font for `id`, loading it into the GPU on first use.
    fn load(&mut self, id: FontId) -> &Font {
        let index = usize::from(id.0);
        let Some(slot) = self.fonts.get_mut(index) else {
            return &self.fallback;
        };
        if slot.is_none() {
            let (name, bytes) = crate::fonts::BUNDLED[index];
            *slot = Some(load_ttf_font_from_bytes(bytes).unwrap_or_else(|error| {
                eprintln!("gong: font {name} could not be loaded: {error}");
                self.fallback.clone()
            }));
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

    #[test]
    fn colours_keep_their_channels() {
        let color = color_of(Rgba::rgb(255, 0, 51).with_alpha(0));
        assert_eq!((color.r, color.g, color.b, color.a), (1.0, 0.0, 0.2, 0.0));
    }
}
