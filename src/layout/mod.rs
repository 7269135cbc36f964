//! Layout: `Slide` + size + theme + `Measure` → `DrawList`. No macroquad here.

pub mod draw;
pub mod measure;

pub use draw::*;
pub use measure::*;
