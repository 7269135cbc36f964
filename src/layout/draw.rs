//! The draw list: what a frame shows, as plain data. Layout produces it, the window's
//! painter walks it without deciding anything, and tests assert on it.

use std::path::PathBuf;

/// An axis-aligned rectangle in window pixels, origin top left.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub(crate) fn contains(&self, other: &Rect) -> bool {
        const SLACK: f32 = 0.5;
        other.x >= self.x - SLACK
            && other.y >= self.y - SLACK
            && other.right() <= self.right() + SLACK
            && other.bottom() <= self.bottom() + SLACK
    }
}

/// Straight (not premultiplied) sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba { r, g, b, a: 255 }
    }
    pub const fn with_alpha(self, a: u8) -> Rgba {
        Rgba { a, ..self }
    }
}

/// Which of the bundled font files a run of text is drawn with. Layout picks it per
/// glyph (fallback across faces), so the painter never has to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FontId(pub u8);

/// One glyph of a shaped run: its id in the run's font, and where its origin is, in
/// pixels from the run's origin (`x` rightwards, `y` upwards from the baseline).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DrawItem {
    /// A filled rectangle.
    Rect { rect: Rect, color: Rgba },
    /// A rectangle's outline.
    Frame {
        rect: Rect,
        thickness: f32,
        color: Rgba,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        thickness: f32,
        color: Rgba,
    },
    /// A run of text in one font; `y` is the baseline. `glyphs` is empty for text
    /// drawn char by char; for a run the shaper placed (Arabic, Devanagari, …) it holds
    /// the glyphs to draw, left to right as they appear, and `text` what they spell.
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: FontId,
        color: Rgba,
        text: String,
        glyphs: Vec<Glyph>,
    },
    /// A decoded image from this file, scaled into `rect`.
    Image { rect: Rect, path: PathBuf },
}

/// Everything drawn in one frame, back to front.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DrawList {
    pub items: Vec<DrawItem>,
    /// True when some content did not fit even at the smallest legible size and was
    /// clipped (with a visible mark). `gong check` reports it.
    pub overflow: bool,
    /// The slide said `<!-- no_footer -->`: the stage leaves its footer out (and layout
    /// gave the footer's room to the content).
    pub no_footer: bool,
}

impl DrawList {
    pub fn push(&mut self, item: DrawItem) {
        self.items.push(item);
    }

    pub(crate) fn extend(&mut self, other: DrawList) {
        self.items.extend(other.items);
        self.overflow |= other.overflow;
    }

    /// All text on the list, joined by spaces: handy for tests and for `check`.
    pub fn text(&self) -> String {
        let runs: Vec<&str> = self
            .items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        runs.join(" ")
    }
}
