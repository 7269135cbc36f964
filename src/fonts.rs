//! The bundled fonts: their bytes (compiled in), fontdue metrics for layout and `check`,
//! and per-glyph fallback across faces.
//!
//! Contract with the window: `BUNDLED` lists every font file; `FontId(i)` is
//! `BUNDLED[i]`, and the window loads each into the GPU once, in that order.

/// (name, bytes) of each bundled font file, indexed by `FontId`.
pub const BUNDLED: &[(&str, &[u8])] = &[];
