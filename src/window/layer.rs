//! The still layer: the dear part of a frame that is the same as in the frame before
//! (a photo and its veil, a panel) is painted once into an off-screen texture and
//! copied to the screen each frame with a framebuffer blit, instead of being painted
//! again. Only the region the layer's items left anything on is copied, and only they
//! are held: text, thin strips and whatever else the frame draws are painted over and
//! beside the copy.
//!
//! Why: on a software renderer (Mesa's llvmpipe, as under Xvfb) painting costs by the
//! pixel. A full-bleed photo with its veil costs several times more to shade at
//! 1920×1080, every frame, than the blit of the finished layer (`scripts/bench-frames.sh`).
//! The blit costs by the pixel too, about what painting text does, and some 60–90 µs
//! a call: so the layer holds only what is dear, from the first dear item to the last,
//! and is copied in a few rectangles. With a GPU all of it is nearly free, and the
//! layer costs nothing that shows.
//!
//! What is still is found by comparing the frame's draw list with the one before: the
//! longest common prefix. Where the layer's items left pixels is found by marking
//! tiles (`Coverage`). The painter owns the decisions (`plan`, `Coverage`, pure and
//! tested) and measures text; this module owns the texture and the raw OpenGL calls
//! macroquad has no API for.

use macroquad::miniquad::gl::{
    GL_COLOR_ATTACHMENT0, GL_COLOR_BUFFER_BIT, GL_DRAW_FRAMEBUFFER, GL_FRAMEBUFFER,
    GL_FRAMEBUFFER_BINDING, GL_FRAMEBUFFER_COMPLETE, GL_NEAREST, GL_NO_ERROR, GL_READ_FRAMEBUFFER,
    GL_SCISSOR_TEST, GL_TEXTURE_2D, GLint, GLuint, glBindFramebuffer, glBlitFramebuffer,
    glCheckFramebufferStatus, glDeleteFramebuffers, glDisable, glFramebufferTexture2D,
    glGenFramebuffers, glGetError, glGetIntegerv,
};
use macroquad::miniquad::{self, RawId};
use macroquad::prelude::{Camera2D, Rect, RenderTarget, render_target};
use macroquad::window::get_internal_gl;

use crate::layout::{DrawItem, Rect as DrawRect, Rgba};

/// A layer pays when painting its items costs more than the copy: about one screen of
/// flat, opaque fill, which on llvmpipe costs about what the copy does (a clear far
/// less). Text alone never gets there: glyphs are small.
const WORTH_A_LAYER: f32 = 1.0;

/// An item is dear to paint from a fiftieth of a screen of fill (a 290-pixel square
/// photo at 1080p): only dear items are worth copying. Copying costs by the pixel
/// about what painting text or a thin strip does, so those are painted, over and
/// beside the copy.
const DEAR: f32 = 0.02;

/// What the painter does with the still part of this frame. `from..to` are the items
/// the layer holds: from the first dear one to the last. The items before them are
/// painted under the copy, those after on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Paint everything (nothing is still, or layers cannot be made here).
    PaintAll,
    /// The layer holds `from..to`, made when the first `to` items were as now.
    Reuse { from: usize, to: usize },
    /// Paint `from..to` into a new layer, then as `Reuse`. The items up to `still`
    /// stayed the same too: the painter may hold those of them that land inside the
    /// copy anyway.
    Build {
        from: usize,
        to: usize,
        still: usize,
    },
}

/// What the current layer was made of: the first `to` items of the list it came from
/// (`key`), of which it holds `from..`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Made<'a> {
    pub key: &'a [DrawItem],
    pub from: usize,
}

/// Decides from this frame's items, the frame before's, and what the current layer
/// was made of (`None`: no layer, or one made for another size or ground). A layer is
/// kept while this frame starts with its key, unless enough more has stayed still to
/// be worth a new one (a picture that arrived; not the clock between two ticks). A new
/// one is made of the dear part of what stayed the same since the frame before, when
/// painting that costs more than copying it: so the first frame of a new slide, which
/// shares next to nothing with the old one, is painted directly, and the second makes
/// the layer.
pub(crate) fn plan(
    items: &[DrawItem],
    before: &[DrawItem],
    layer: Option<Made>,
    screen_area: f32,
) -> Plan {
    let still = common_prefix(items, before);
    let worth = |items: &[DrawItem]| fill_cost(items) >= WORTH_A_LAYER * screen_area;
    if let Some(made) = layer.filter(|made| !made.key.is_empty() && items.starts_with(made.key)) {
        let grown = items.get(made.key.len()..still).unwrap_or_default();
        if !worth(grown) {
            return Plan::Reuse {
                from: made.from,
                to: made.key.len(),
            };
        }
    }
    let dear = |item: &DrawItem| fill_cost(std::slice::from_ref(item)) >= DEAR * screen_area;
    let prefix = &items[..still];
    match (prefix.iter().position(dear), prefix.iter().rposition(dear)) {
        (Some(from), Some(last)) if worth(&prefix[from..=last]) => Plan::Build {
            from,
            to: last + 1,
            still,
        },
        _ => Plan::PaintAll,
    }
}

/// What painting `items` costs, in pixels of flat opaque fill: a picture samples a
/// texture and blends (~4× as dear, measured), a see-through fill blends (~2×); text
/// and lines are left out (small).
fn fill_cost(items: &[DrawItem]) -> f32 {
    items
        .iter()
        .map(|item| match item {
            DrawItem::Image { rect, .. } => 4.0 * rect.w * rect.h,
            DrawItem::Rect { rect, color } if color.a < 255 => 2.0 * rect.w * rect.h,
            DrawItem::Rect { rect, .. } => rect.w * rect.h,
            DrawItem::Frame { .. } | DrawItem::Line { .. } | DrawItem::Text { .. } => 0.0,
        })
        .sum()
}

fn common_prefix(a: &[DrawItem], b: &[DrawItem]) -> usize {
    a.iter().zip(b).take_while(|(a, b)| a == b).count()
}

/// A texture the size of the screen, with a framebuffer of our own on it to blit from,
/// and the parts of it that hold something.
pub(crate) struct Layer {
    target: RenderTarget,
    framebuffer: GLuint,
    pub size: (u32, u32),
    pub ground: Rgba,
    /// The first items of the list it was made from, which a frame must start with to
    /// use it; it holds those from `from` on.
    pub key: Vec<DrawItem>,
    pub from: usize,
    /// Where the items it holds left anything but the ground: all a copy needs to copy.
    pub region: Vec<DrawRect>,
}

impl Layer {
    /// Whether this OpenGL can blit between framebuffers (GL 3+, GLES 3+): miniquad
    /// says so as `resolve_attachments`, which it implements with the same call.
    pub(crate) fn supported() -> bool {
        // SAFETY: reads the context's description; the window is open whenever a
        // painter exists.
        let gl = unsafe { get_internal_gl() };
        let info = gl.quad_context.info();
        info.backend == miniquad::Backend::OpenGl && info.features.resolve_attachments
    }

    /// A layer of `size`, or `None` if the framebuffer cannot be made complete.
    pub fn new(size: (u32, u32), ground: Rgba) -> Option<Layer> {
        let target = render_target(size.0, size.1);
        // SAFETY: raw OpenGL on the window's context, on the thread that owns it (the
        // only one that draws). The framebuffer binding is put back as it was, so
        // miniquad's own state is untouched.
        let framebuffer = unsafe {
            let gl = get_internal_gl();
            let RawId::OpenGl(texture) = gl
                .quad_context
                .texture_raw_id(target.texture.raw_miniquad_id());
            let previous = bound_framebuffer();
            let mut framebuffer: GLuint = 0;
            glGenFramebuffers(1, &mut framebuffer);
            glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
            glFramebufferTexture2D(
                GL_FRAMEBUFFER,
                GL_COLOR_ATTACHMENT0,
                GL_TEXTURE_2D,
                texture,
                0,
            );
            let complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
            glBindFramebuffer(GL_FRAMEBUFFER, previous);
            if !complete {
                glDeleteFramebuffers(1, &framebuffer);
                return None;
            }
            framebuffer
        };
        Some(Layer {
            target,
            framebuffer,
            size,
            ground,
            key: Vec::new(),
            from: 0,
            region: Vec::new(),
        })
    }

    /// The camera that draws into the layer in screen pixels, the right way up for the
    /// blit.
    pub(crate) fn camera(&self) -> Camera2D {
        let mut camera = Camera2D::from_display_rect(Rect::new(
            0.0,
            0.0,
            self.size.0 as f32,
            self.size.1 as f32,
        ));
        camera.render_target = Some(self.target.clone());
        camera
    }

    /// Whether the copy covers every pixel, so the screen needs no clear under it.
    pub(crate) fn fills_the_screen(&self) -> bool {
        let screen = DrawRect::new(0.0, 0.0, self.size.0 as f32, self.size.1 as f32);
        self.region.iter().any(|part| part.contains(&screen))
    }

    /// `blit`, and whether OpenGL accepted it: a driver may refuse the copy (say, onto a
    /// multisampled screen), and a frame must not be left showing nothing. Errors
    /// pending from before are drained first so they are not blamed on the copy.
    pub(crate) fn blit_checked(&self) -> bool {
        // SAFETY: reads and clears OpenGL's error flags on the drawing thread.
        unsafe {
            for _ in 0..16 {
                if glGetError() == GL_NO_ERROR {
                    break;
                }
            }
        }
        self.blit();
        // SAFETY: as above.
        unsafe { glGetError() == GL_NO_ERROR }
    }

    /// Copies the layer's region onto the screen, where it lands on what was drawn
    /// (flushed) before; what is drawn after lands on top. Everything the layer holds
    /// must have been flushed first.
    pub(crate) fn blit(&self) {
        let height = self.size.1 as GLint;
        // SAFETY: as in `new`; the scissor test is off between miniquad's passes anyway
        // (its end of pass turns it off), and a leftover one would crop the copy.
        unsafe {
            let previous = bound_framebuffer();
            glDisable(GL_SCISSOR_TEST);
            glBindFramebuffer(GL_READ_FRAMEBUFFER, self.framebuffer);
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, previous);
            for part in &self.region {
                // OpenGL counts rows from the bottom.
                let (left, width, rows) = (part.x as GLint, part.w as GLint, part.h as GLint);
                let bottom = height - part.y as GLint - rows;
                let (right, top) = (left + width, bottom + rows);
                glBlitFramebuffer(
                    left,
                    bottom,
                    right,
                    top,
                    left,
                    bottom,
                    right,
                    top,
                    GL_COLOR_BUFFER_BIT,
                    GL_NEAREST,
                );
            }
            glBindFramebuffer(GL_FRAMEBUFFER, previous);
        }
    }
}

impl Drop for Layer {
    fn drop(&mut self) {
        // SAFETY: deletes the framebuffer this layer made; the texture is macroquad's and
        // goes with `target`.
        unsafe { glDeleteFramebuffers(1, &self.framebuffer) };
    }
}

/// Side of a tile of `Coverage`, in pixels: small enough that a line of text marks
/// little more than itself.
const TILE: f32 = 16.0;

/// The most rectangles a layer is copied in; more are copied as the one that holds
/// them all. On llvmpipe every blit costs about 60–90 µs before its first pixel (60
/// strips of the screen cost 3.5 ms more than one blit of it, measured).
const MAX_BLITS: usize = 4;

/// Past this many rectangles, the region is copied as the one around them all, rather
/// than merged pair by pair (which costs the cube of their number).
const MERGED_AT_MOST: usize = 32;

/// The tiles of a screen that hold something.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    columns: usize,
    rows: usize,
    size: (f32, f32),
    marked: Vec<bool>,
}

impl Coverage {
    pub(crate) fn new(size: (u32, u32)) -> Coverage {
        let columns = (size.0 as f32 / TILE).ceil() as usize;
        let rows = (size.1 as f32 / TILE).ceil() as usize;
        Coverage {
            columns,
            rows,
            size: (size.0 as f32, size.1 as f32),
            marked: vec![false; columns * rows],
        }
    }

    /// Marks where `item` may leave a pixel other than the ground's. A fill of the
    /// ground's own colour leaves none (on the cleared ground, or over anything marked
    /// already). Text is boxed by the painter, who knows its glyphs: `text_box`, `None`
    /// when it cannot tell, which marks the whole screen.
    pub(crate) fn mark_item(
        &mut self,
        item: &DrawItem,
        ground: Rgba,
        text_box: impl FnOnce() -> Option<DrawRect>,
    ) {
        match item {
            DrawItem::Rect { color, .. } if *color == ground => {}
            DrawItem::Rect { rect, .. } | DrawItem::Image { rect, .. } => self.mark(*rect, 1.0),
            // Only the border: a panel's frame must not mark the panel.
            DrawItem::Frame {
                rect, thickness, ..
            } => {
                let t = thickness.max(1.0);
                let edges = [
                    DrawRect::new(rect.x, rect.y, rect.w, t),
                    DrawRect::new(rect.x, rect.y + rect.h - t, rect.w, t),
                    DrawRect::new(rect.x, rect.y, t, rect.h),
                    DrawRect::new(rect.x + rect.w - t, rect.y, t, rect.h),
                ];
                for edge in edges {
                    self.mark(edge, t + 1.0);
                }
            }
            DrawItem::Line {
                from,
                to,
                thickness,
                ..
            } => {
                let (left, top) = (from.0.min(to.0), from.1.min(to.1));
                let (right, bottom) = (from.0.max(to.0), from.1.max(to.1));
                let span = DrawRect::new(left, top, right - left, bottom - top);
                self.mark(span, thickness.max(1.0) + 1.0);
            }
            DrawItem::Text { .. } => match text_box() {
                Some(area) => self.mark(area, 2.0),
                None => self.mark(DrawRect::new(0.0, 0.0, self.size.0, self.size.1), 0.0),
            },
        }
    }

    /// Whether a tile is marked in both.
    pub(crate) fn meets(&self, other: &Coverage) -> bool {
        self.marked
            .iter()
            .zip(&other.marked)
            .any(|(mine, theirs)| *mine && *theirs)
    }

    /// Whether every tile `other` marks is marked here too.
    pub(crate) fn holds(&self, other: &Coverage) -> bool {
        self.marked
            .iter()
            .zip(&other.marked)
            .all(|(mine, theirs)| *mine || !*theirs)
    }

    /// Marks every tile `other` marks (of a screen of the same size).
    pub(crate) fn add(&mut self, other: &Coverage) {
        for (mine, theirs) in self.marked.iter_mut().zip(&other.marked) {
            *mine |= *theirs;
        }
    }

    /// Marks every tile `area` touches, grown by `margin` on each side.
    fn mark(&mut self, area: DrawRect, margin: f32) {
        let clamp = |value: f32, limit: usize| (value.max(0.0) as usize).min(limit);
        let left = clamp(((area.x - margin) / TILE).floor(), self.columns);
        let right = clamp(((area.x + area.w + margin) / TILE).ceil(), self.columns);
        let top = clamp(((area.y - margin) / TILE).floor(), self.rows);
        let bottom = clamp(((area.y + area.h + margin) / TILE).ceil(), self.rows);
        for row in top..bottom {
            let start = row * self.columns;
            self.marked[start + left..start + right].fill(true);
        }
    }

    /// What to copy: the marked tiles as at most `MAX_BLITS` rectangles: `rects`,
    /// merged pair by pair where the merge wastes the fewest pixels (past
    /// `MERGED_AT_MOST` of them, the one around them all).
    pub(crate) fn region(&self) -> Vec<DrawRect> {
        let mut rects = self.rects();
        if rects.len() > MERGED_AT_MOST {
            return rects
                .into_iter()
                .reduce(|a, b| around(&a, &b))
                .into_iter()
                .collect();
        }
        while rects.len() > MAX_BLITS {
            let mut best = (f32::MAX, 0, 1);
            for i in 0..rects.len() {
                for j in i + 1..rects.len() {
                    let waste =
                        area(&around(&rects[i], &rects[j])) - area(&rects[i]) - area(&rects[j]);
                    if waste < best.0 {
                        best = (waste, i, j);
                    }
                }
            }
            let (_, i, j) = best;
            rects[i] = around(&rects[i], &rects[j]);
            rects.swap_remove(j);
        }
        rects
    }

    /// The marked tiles as rectangles in screen pixels, clipped to the screen: each
    /// row's runs, a run merged with the one above while both span the same columns.
    fn rects(&self) -> Vec<DrawRect> {
        // (first column, past the last, first row): the runs still growing downwards.
        let mut open: Vec<(usize, usize, usize)> = Vec::new();
        let mut done = Vec::new();
        let rect = |(left, right, top): (usize, usize, usize), bottom: usize| {
            let x = left as f32 * TILE;
            let y = top as f32 * TILE;
            let w = (right as f32 * TILE).min(self.size.0) - x;
            let h = (bottom as f32 * TILE).min(self.size.1) - y;
            DrawRect::new(x, y, w, h)
        };
        for row in 0..=self.rows {
            let runs = if row < self.rows {
                runs(&self.marked[row * self.columns..(row + 1) * self.columns])
            } else {
                Vec::new()
            };
            let mut still_open = Vec::new();
            for run in open.drain(..) {
                if runs.contains(&(run.0, run.1)) {
                    still_open.push(run);
                } else {
                    done.push(rect(run, row));
                }
            }
            for (left, right) in runs {
                if !still_open.iter().any(|run| (run.0, run.1) == (left, right)) {
                    still_open.push((left, right, row));
                }
            }
            open = still_open;
        }
        done
    }
}

fn area(rect: &DrawRect) -> f32 {
    rect.w * rect.h
}

/// The smallest rectangle holding both.
fn around(a: &DrawRect, b: &DrawRect) -> DrawRect {
    let (left, top) = (a.x.min(b.x), a.y.min(b.y));
    let (right, bottom) = (a.right().max(b.right()), a.bottom().max(b.bottom()));
    DrawRect::new(left, top, right - left, bottom - top)
}

/// The runs of marked tiles in one row: (first, past the last).
fn runs(row: &[bool]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (column, &marked) in row.iter().chain([&false]).enumerate() {
        match (marked, start) {
            (true, None) => start = Some(column),
            (false, Some(first)) => {
                found.push((first, column));
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// The framebuffer bound now: the window's own (not always 0).
unsafe fn bound_framebuffer() -> GLuint {
    let mut bound: GLint = 0;
    // SAFETY: the caller holds the GL context; this only reads an integer.
    unsafe { glGetIntegerv(GL_FRAMEBUFFER_BINDING, &mut bound) };
    GLuint::try_from(bound).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each item a quarter of the screen of opaque fill (see `SCREEN`).
    fn items(colours: &[u8]) -> Vec<DrawItem> {
        colours
            .iter()
            .map(|&shade| DrawItem::Rect {
                rect: DrawRect::new(0.0, 0.0, 10.0, 10.0),
                color: Rgba::rgb(shade, shade, shade),
            })
            .collect()
    }

    const SCREEN: f32 = 400.0;

    fn text(text: &str) -> DrawItem {
        DrawItem::Text {
            x: 0.0,
            y: 0.0,
            size: 30.0,
            font: crate::layout::FontId(0),
            color: Rgba::rgb(255, 255, 255),
            text: text.to_string(),
            glyphs: Vec::new(),
        }
    }

    fn made(key: &[DrawItem], from: usize) -> Option<Made<'_>> {
        Some(Made { key, from })
    }

    #[test]
    fn a_new_slide_is_painted_directly_then_kept() {
        let mut old = items(&[1, 2, 3, 4, 5]);
        old.push(text("4:59"));
        let mut new = items(&[9, 8, 7, 6, 5]);
        new.push(text("4:59"));
        assert_eq!(plan(&new, &old, made(&old[..5], 0), SCREEN), Plan::PaintAll);
        // The next frame: all but the clock (the last item) stayed.
        let mut ticked = new[..5].to_vec();
        ticked.push(text("4:58"));
        assert_eq!(
            plan(&ticked, &new, made(&old[..5], 0), SCREEN),
            Plan::Build {
                from: 0,
                to: 5,
                still: 5
            }
        );
        // From then on the layer is copied, between ticks too: the clock alone is not
        // worth a new layer.
        let kept = Plan::Reuse { from: 0, to: 5 };
        assert_eq!(plan(&ticked, &ticked, made(&ticked[..5], 0), SCREEN), kept);
        let mut again = new[..5].to_vec();
        again.push(text("4:57"));
        assert_eq!(plan(&again, &ticked, made(&ticked[..5], 0), SCREEN), kept);
    }

    #[test]
    fn a_layer_grows_when_enough_more_stays_still() {
        // A picture arrived (items 3 and 4 changed once), then everything stood still.
        let frame = items(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(
            plan(&frame, &frame, made(&frame[..2], 0), SCREEN),
            Plan::Build {
                from: 0,
                to: 6,
                still: 6
            }
        );
    }

    #[test]
    fn a_frame_that_mostly_changes_is_painted_directly() {
        let before = items(&[1, 2, 3, 4, 5, 6]);
        let now = items(&[1, 2, 0, 0, 0, 0]);
        assert_eq!(plan(&now, &before, None, SCREEN), Plan::PaintAll);
        // A layer this frame no longer starts with is not used.
        assert_eq!(
            plan(&now, &before, made(&before[..4], 0), SCREEN),
            Plan::PaintAll
        );
    }

    #[test]
    fn text_alone_is_cheaper_to_paint_than_to_copy() {
        let slide: Vec<DrawItem> = (0..50).map(|n| text(&format!("line {n}"))).collect();
        assert_eq!(plan(&slide, &slide, None, SCREEN), Plan::PaintAll);
        let photo = DrawItem::Image {
            rect: DrawRect::new(0.0, 0.0, 20.0, 20.0),
            path: "photo.jpg".into(),
        };
        let mut over_photo = vec![photo];
        over_photo.extend(slide);
        // The layer holds the photo; the text is painted over its copy.
        assert_eq!(
            plan(&over_photo, &over_photo, None, SCREEN),
            Plan::Build {
                from: 0,
                to: 1,
                still: 51
            }
        );
    }

    #[test]
    fn the_layer_holds_from_the_first_dear_item_to_the_last() {
        let strip = DrawItem::Rect {
            rect: DrawRect::new(0.0, 0.0, 2.0, 0.5),
            color: Rgba::rgb(9, 9, 9).with_alpha(100),
        };
        let photo = DrawItem::Image {
            rect: DrawRect::new(0.0, 0.0, 10.0, 10.0),
            path: "photo.jpg".into(),
        };
        // A presenter's frame: a slide's text, strips, the next slide's photo under a
        // veil, a title over it, more strips and text.
        let frame = vec![
            text("current"),
            strip.clone(),
            photo,
            items(&[7]).remove(0),
            text("next"),
            strip,
            text("notes"),
        ];
        let built = plan(&frame, &frame, None, SCREEN);
        assert_eq!(
            built,
            Plan::Build {
                from: 2,
                to: 4,
                still: 7
            }
        );
        assert_eq!(
            plan(&frame, &frame, made(&frame[..4], 2), SCREEN),
            Plan::Reuse { from: 2, to: 4 }
        );
    }

    const SIZE: (u32, u32) = (160, 96);

    fn covered(items: &[DrawItem]) -> Coverage {
        let mut coverage = Coverage::new(SIZE);
        for item in items {
            coverage.mark_item(item, GROUND, || Some(DrawRect::new(40.0, 40.0, 8.0, 8.0)));
        }
        coverage
    }

    const GROUND: Rgba = Rgba::rgb(20, 22, 28);

    fn fill(x: f32, y: f32, w: f32, h: f32, color: Rgba) -> DrawItem {
        DrawItem::Rect {
            rect: DrawRect::new(x, y, w, h),
            color,
        }
    }

    fn area(rects: &[DrawRect]) -> f32 {
        rects.iter().map(super::area).sum()
    }

    #[test]
    fn the_grounds_own_colour_marks_nothing_and_a_frame_only_its_border() {
        let panel = fill(0.0, 0.0, 160.0, 96.0, GROUND);
        assert!(covered(std::slice::from_ref(&panel)).region().is_empty());
        // See-through, the ground's colour still blends: marked.
        let veil = fill(0.0, 0.0, 16.0, 16.0, GROUND.with_alpha(100));
        assert_eq!(
            covered(&[veil]).region(),
            vec![DrawRect::new(0.0, 0.0, 32.0, 32.0)]
        );
        let frame = DrawItem::Frame {
            rect: DrawRect::new(32.0, 32.0, 480.0, 256.0),
            thickness: 1.0,
            color: Rgba::rgb(255, 255, 255),
        };
        let mut border = Coverage::new((640, 384));
        border.mark_item(&frame, GROUND, || None);
        // The middle of the box is not copied.
        let mut middle = Coverage::new((640, 384));
        middle.mark(DrawRect::new(256.0, 150.0, 16.0, 8.0), 0.0);
        assert!(!border.meets(&middle));
        assert!(!border.holds(&middle));
        let mut both = border.clone();
        both.add(&middle);
        assert!(both.holds(&middle) && both.holds(&border) && both.meets(&middle));
        assert!(area(&border.rects()) < 0.5 * 480.0 * 256.0);
    }

    #[test]
    fn text_marks_its_box_or_the_whole_screen_when_unknown() {
        let boxed = covered(&[text("x")]);
        let rects = boxed.rects();
        assert_eq!(rects, vec![DrawRect::new(32.0, 32.0, 32.0, 32.0)]);
        let mut unknown = Coverage::new(SIZE);
        unknown.mark_item(&text("x"), GROUND, || None);
        assert_eq!(unknown.region(), vec![DrawRect::new(0.0, 0.0, 160.0, 96.0)]);
    }

    #[test]
    fn the_region_covers_every_marked_tile_in_few_rectangles() {
        let mut coverage = Coverage::new((1920, 1080));
        let accent = Rgba::rgb(200, 100, 0);
        // Eight small fills in a row of separate places, then one large one.
        let mut marked = Vec::new();
        for n in 0..8 {
            let item = fill(
                40.0 + 200.0 * n as f32,
                40.0 + 30.0 * n as f32,
                50.0,
                20.0,
                accent,
            );
            marked.push(item);
        }
        marked.push(fill(300.0, 600.0, 700.0, 300.0, accent));
        for item in &marked {
            coverage.mark_item(item, GROUND, || None);
        }
        let region = coverage.region();
        assert!(region.len() <= MAX_BLITS, "{region:?}");
        for item in &marked {
            let DrawItem::Rect { rect, .. } = item else {
                unreachable!()
            };
            let inside = region.iter().any(|part| part.contains(rect));
            assert!(inside, "{rect:?} is not copied: {region:?}");
        }
        // Far less than the screen.
        assert!(area(&region) < 0.4 * 1920.0 * 1080.0, "{region:?}");
    }

    #[test]
    fn rows_of_the_same_width_make_one_rectangle() {
        let mut coverage = Coverage::new((1920, 1080));
        coverage.mark(DrawRect::new(100.0, 100.0, 300.0, 200.0), 0.0);
        coverage.mark(DrawRect::new(1000.0, 100.0, 50.0, 50.0), 0.0);
        let rects = coverage.rects();
        assert_eq!(
            rects,
            vec![
                DrawRect::new(992.0, 96.0, 64.0, 64.0),
                DrawRect::new(96.0, 96.0, 304.0, 208.0),
            ]
        );
        // Clipped to the screen.
        let mut edge = Coverage::new((100, 50));
        edge.mark(DrawRect::new(90.0, 40.0, 50.0, 50.0), 0.0);
        assert_eq!(edge.rects(), vec![DrawRect::new(80.0, 32.0, 20.0, 18.0)]);
    }
}
