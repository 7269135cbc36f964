//! Layout: `Slide` + size + theme + `Measure` → `DrawList`. No macroquad here.

pub mod draw;
pub mod images;
pub mod measure;
pub mod stage;
pub mod text;

pub use draw::*;
pub use images::*;
pub use measure::*;
