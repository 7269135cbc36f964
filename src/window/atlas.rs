//! The painter's own glyph atlas, for runs the shaper placed (Arabic, Hebrew,
//! Devanagari, Thai): macroquad's fonts draw by char, but a shaped run is glyph ids at
//! positions (joining forms, conjuncts, marks), which only drawing by id can show.
//! Glyphs are rasterised by id with fontdue (the rasteriser macroquad's own text uses,
//! so both look alike) into pages of one texture each, and drawn as textured quads.
//! Colour emoji are the font's own pictures, scaled to the size (`FontSet::colour_glyph`),
//! in the same pages, and drawn untinted.
//!
//! Owns the GPU side of shaped text only; which glyphs and where is layout's.

use std::collections::HashMap;

use macroquad::prelude::{
    Color, DrawTextureParams, Image, Rect as TextureRect, Texture2D, draw_texture_ex, vec2,
};
use macroquad::texture::FilterMode;

use crate::layout::{FontId, Glyph, Rect};

/// Side of one atlas page, in pixels: a slide of Arabic at 60 px fills a tenth of one.
const PAGE: u16 = 1024;
/// Empty pixels around each glyph, so linear filtering never samples a neighbour.
const PAD: u16 = 1;

/// (font, size in px as bits, glyph id) → where it is, or `None` for a glyph with no
/// pixels (a space).
type Key = (FontId, u32, u16);

#[derive(Debug, Clone, Copy)]
struct Placed {
    page: usize,
    x: u16,
    y: u16,
    width: u16,
    height: u16,
    /// From the glyph's origin to its bitmap's left edge, and up to its top edge.
    left: f32,
    top: f32,
    /// A colour picture: drawn in its own colours, only the text's opacity applied.
    colour: bool,
}

#[derive(Default)]
pub(crate) struct GlyphAtlas {
    /// fontdue's parse of each font that drew a shaped run; `None` if it failed
    /// (said once; its glyphs are then left out rather than drawn wrong).
    fonts: HashMap<FontId, Option<fontdue::Font>>,
    pages: Vec<Texture2D>,
    /// The shelf being filled on the last page: its top, its height, and how far along.
    shelf: (u16, u16, u16),
    glyphs: HashMap<Key, Option<Placed>>,
}

impl GlyphAtlas {
    /// Rasterises the glyphs of a run not in the atlas yet.
    pub(crate) fn warm(&mut self, font: FontId, size: f32, glyphs: &[Glyph]) {
        for glyph in glyphs {
            let key = (font, size.to_bits(), glyph.id);
            if !self.glyphs.contains_key(&key) {
                let placed = self.rasterise(font, size, glyph.id);
                self.glyphs.insert(key, placed);
            }
        }
    }

    /// Queues the quads of a run whose origin is (`x`, `baseline`); glyphs not warmed
    /// are warmed first.
    pub(crate) fn draw(
        &mut self,
        font: FontId,
        size: f32,
        x: f32,
        baseline: f32,
        glyphs: &[Glyph],
        color: Color,
    ) {
        self.warm(font, size, glyphs);
        for glyph in glyphs {
            let Some(Some(placed)) = self.glyphs.get(&(font, size.to_bits(), glyph.id)) else {
                continue;
            };
            let Some(page) = self.pages.get(placed.page) else {
                continue;
            };
            let (width, height) = (f32::from(placed.width), f32::from(placed.height));
            let tint = if placed.colour {
                Color::new(1.0, 1.0, 1.0, color.a)
            } else {
                color
            };
            draw_texture_ex(
                page,
                (x + glyph.x + placed.left).round(),
                (baseline - glyph.y - placed.top).round(),
                tint,
                DrawTextureParams {
                    dest_size: Some(vec2(width, height)),
                    source: Some(TextureRect::new(
                        f32::from(placed.x),
                        f32::from(placed.y),
                        width,
                        height,
                    )),
                    ..DrawTextureParams::default()
                },
            );
        }
    }

    /// Where `draw` puts the pixels of the same run: the union of its glyphs' boxes, or
    /// `None` if a glyph was never warmed (then nobody knows).
    pub(crate) fn bounds(
        &self,
        font: FontId,
        size: f32,
        x: f32,
        baseline: f32,
        glyphs: &[Glyph],
    ) -> Option<Rect> {
        let mut reach: Option<(f32, f32, f32, f32)> = None;
        for glyph in glyphs {
            let Some(placed) = self.glyphs.get(&(font, size.to_bits(), glyph.id))? else {
                continue;
            };
            let left = (x + glyph.x + placed.left).round();
            let top = (baseline - glyph.y - placed.top).round();
            let right = left + f32::from(placed.width);
            let bottom = top + f32::from(placed.height);
            reach = Some(match reach {
                None => (left, top, right, bottom),
                Some((l, t, r, b)) => (l.min(left), t.min(top), r.max(right), b.max(bottom)),
            });
        }
        let (left, top, right, bottom) = reach.unwrap_or((x, baseline, x, baseline));
        Some(Rect::new(left, top, right - left, bottom - top))
    }

    fn rasterise(&mut self, font: FontId, size: f32, id: u16) -> Option<Placed> {
        let fonts = crate::fonts::FontSet::shared().ok()?;
        if fonts.is_colour(font) {
            let picture = fonts.colour_glyph(font, id, size)?;
            let width = u16::try_from(picture.width).ok()?;
            let height = u16::try_from(picture.height).ok()?;
            return self.place(picture.rgba, width, height, picture.left, picture.top, true);
        }
        let parsed = self
            .fonts
            .entry(font)
            .or_insert_with(|| {
                let (name, bytes) = crate::fonts::FontSet::shared().ok()?.file(font)?;
                fontdue::Font::from_bytes(bytes, fontdue::FontSettings::default())
                    .map_err(|error| eprintln!("gong: font {name} could not be loaded: {error}"))
                    .ok()
            })
            .as_ref()?;
        let (metrics, coverage) = parsed.rasterize_indexed(id, size);
        let width = u16::try_from(metrics.width).ok()?;
        let height = u16::try_from(metrics.height).ok()?;
        let rgba: Vec<u8> = coverage
            .iter()
            .flat_map(|alpha| [255, 255, 255, *alpha])
            .collect();
        let top = metrics.ymin as f32 + f32::from(height);
        self.place(rgba, width, height, metrics.xmin as f32, top, false)
    }

    /// Copies a glyph's pixels into the atlas; `None` for a glyph with no pixels or one
    /// larger than a page.
    fn place(
        &mut self,
        rgba: Vec<u8>,
        width: u16,
        height: u16,
        left: f32,
        top: f32,
        colour: bool,
    ) -> Option<Placed> {
        if width == 0 || height == 0 || width + 2 * PAD > PAGE || height + 2 * PAD > PAGE {
            return None;
        }
        let (page, x, y) = self.room(width + 2 * PAD, height + 2 * PAD);
        let image = Image {
            bytes: rgba,
            width,
            height,
        };
        let texture = self.pages.get(page)?;
        texture.update_part(
            &image,
            i32::from(x + PAD),
            i32::from(y + PAD),
            i32::from(width),
            i32::from(height),
        );
        Some(Placed {
            page,
            x: x + PAD,
            y: y + PAD,
            width,
            height,
            left,
            top,
            colour,
        })
    }

    /// Where a box of `width` × `height` goes: along the current shelf, else on a new
    /// shelf under it, else on a new page.
    fn room(&mut self, width: u16, height: u16) -> (usize, u16, u16) {
        let (top, shelf_height, along) = self.shelf;
        if !self.pages.is_empty() && along + width <= PAGE && height <= shelf_height {
            self.shelf.2 += width;
            return (self.pages.len() - 1, along, top);
        }
        let below = top + shelf_height;
        if !self.pages.is_empty() && below + height <= PAGE {
            self.shelf = (below, height, width);
            return (self.pages.len() - 1, 0, below);
        }
        let blank = vec![0u8; usize::from(PAGE) * usize::from(PAGE) * 4];
        let texture = Texture2D::from_rgba8(PAGE, PAGE, &blank);
        texture.set_filter(FilterMode::Linear);
        self.pages.push(texture);
        self.shelf = (0, height, width);
        (self.pages.len() - 1, 0, 0)
    }
}
