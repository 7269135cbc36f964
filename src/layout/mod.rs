//! Layout: `Slide` + size + theme + `Measure` → `DrawList`. No macroquad here.

pub mod ahead;
pub(crate) mod draw;
pub(crate) mod images;
pub(crate) mod measure;
pub mod presenter;
pub(crate) mod report_card;
pub mod stage;
pub mod text;

pub(crate) mod code;
pub(crate) mod glyphs;
pub(crate) mod slide;
mod wrap;

pub use draw::*;
pub use glyphs::check_glyphs;
pub use images::*;
pub use measure::*;
pub use slide::{
    DESIGN_HEIGHT, MORE_MARK, SlideContext, canvas, layout_slide, pause_steps, slide_overflows,
};
