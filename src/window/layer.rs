//! The still layer: the part of a frame that is the same as in the frame before (a
//! slide, a card, everything but the clock) is painted once into an off-screen texture
//! and copied to the screen each frame with a framebuffer blit, instead of being
//! painted again.
//!
//! Why: on a software renderer (Mesa's llvmpipe, as under Xvfb) painting costs by the
//! pixel. A full-bleed photo with its veil costs several times more to shade at
//! 1920×1080, every frame, than the blit of the finished layer, a copy
//! (`scripts/bench-frames.sh`). With a GPU both are nearly free, and the layer costs
//! nothing that shows.
//!
//! What is still is found by comparing the frame's draw list with the one before: the
//! longest common prefix. The painter owns the decision (`plan`, pure and tested); this
//! module owns the texture and the raw OpenGL calls macroquad has no API for.

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

use crate::layout::{DrawItem, Rgba};

/// A layer pays when painting its items costs more than the copy: about one screen of
/// flat, opaque fill, which on llvmpipe costs about what the copy does (a clear far
/// less). Text alone never gets there: glyphs are small.
const WORTH_A_LAYER: f32 = 1.0;

/// What the painter does with the still part of this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Paint everything (nothing is still, or layers cannot be made here).
    PaintAll,
    /// The layer holds the first `n` items: copy it, paint the rest.
    Reuse(usize),
    /// Paint the first `n` items into a new layer, copy it, paint the rest.
    Build(usize),
}

/// Decides from this frame's items, the frame before's, and what the current layer
/// holds (`None`: no layer, or one made for another size or ground). A layer is kept
/// while this frame starts with it, unless enough more has stayed still to be worth a
/// new one (a picture that arrived; not the clock between two ticks). A new one is made
/// of what stayed the same since the frame before, when painting that costs more than
/// copying it: so the first frame of a new slide, which shares next to nothing with the
/// old one, is painted directly, and the second makes the layer.
pub(crate) fn plan(
    items: &[DrawItem],
    before: &[DrawItem],
    layer: Option<&[DrawItem]>,
    screen_area: f32,
) -> Plan {
    let still = common_prefix(items, before);
    let worth = |items: &[DrawItem]| fill_cost(items) >= WORTH_A_LAYER * screen_area;
    if let Some(layer) = layer.filter(|layer| !layer.is_empty() && items.starts_with(layer)) {
        let grown = items.get(layer.len()..still).unwrap_or_default();
        if !worth(grown) {
            return Plan::Reuse(layer.len());
        }
    }
    if worth(&items[..still]) {
        Plan::Build(still)
    } else {
        Plan::PaintAll
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

/// A texture the size of the screen, with a framebuffer of our own on it to blit from.
pub(crate) struct Layer {
    target: RenderTarget,
    framebuffer: GLuint,
    pub size: (u32, u32),
    pub ground: Rgba,
    /// The items painted into it, in list order.
    pub items: Vec<DrawItem>,
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
            items: Vec::new(),
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

    /// Copies the layer onto the whole screen. Everything it holds must have been drawn
    /// (flushed) first; what is drawn after lands on top.
    pub(crate) fn blit(&self) {
        let (width, height) = (self.size.0 as GLint, self.size.1 as GLint);
        // SAFETY: as in `new`; the scissor test is off between miniquad's passes anyway
        // (its end of pass turns it off), and a leftover one would crop the copy.
        unsafe {
            let previous = bound_framebuffer();
            glDisable(GL_SCISSOR_TEST);
            glBindFramebuffer(GL_READ_FRAMEBUFFER, self.framebuffer);
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, previous);
            glBlitFramebuffer(
                0,
                0,
                width,
                height,
                0,
                0,
                width,
                height,
                GL_COLOR_BUFFER_BIT,
                GL_NEAREST,
            );
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
    use crate::layout::Rect as DrawRect;

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

    #[test]
    fn a_new_slide_is_painted_directly_then_kept() {
        let mut old = items(&[1, 2, 3, 4, 5]);
        old.push(text("4:59"));
        let mut new = items(&[9, 8, 7, 6, 5]);
        new.push(text("4:59"));
        assert_eq!(plan(&new, &old, Some(&old[..5]), SCREEN), Plan::PaintAll);
        // The next frame: all but the clock (the last item) stayed.
        let mut ticked = new[..5].to_vec();
        ticked.push(text("4:58"));
        assert_eq!(plan(&ticked, &new, Some(&old[..5]), SCREEN), Plan::Build(5));
        // From then on the layer is copied, between ticks too: the clock alone is not
        // worth a new layer.
        assert_eq!(
            plan(&ticked, &ticked, Some(&ticked[..5]), SCREEN),
            Plan::Reuse(5)
        );
        let mut again = new[..5].to_vec();
        again.push(text("4:57"));
        assert_eq!(
            plan(&again, &ticked, Some(&ticked[..5]), SCREEN),
            Plan::Reuse(5)
        );
    }

    #[test]
    fn a_layer_grows_when_enough_more_stays_still() {
        // A picture arrived (items 3 and 4 changed once), then everything stood still.
        let frame = items(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(
            plan(&frame, &frame, Some(&frame[..2]), SCREEN),
            Plan::Build(6)
        );
    }

    #[test]
    fn a_frame_that_mostly_changes_is_painted_directly() {
        let before = items(&[1, 2, 3, 4, 5, 6]);
        let now = items(&[1, 2, 0, 0, 0, 0]);
        assert_eq!(plan(&now, &before, None, SCREEN), Plan::PaintAll);
        // A layer this frame no longer starts with is not used.
        assert_eq!(
            plan(&now, &before, Some(&before[..4]), SCREEN),
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
        assert_eq!(
            plan(&over_photo, &over_photo, None, SCREEN),
            Plan::Build(51)
        );
    }
}
