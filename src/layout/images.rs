//! What layout needs to know about a picture: whether it is ready and its pixel size.
//! The window's image cache answers (decoding happens off the drawing thread); `check`
//! answers from the file header; tests answer with fixed sizes.

use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageState {
    /// Decoded (or at least measured): width and height in pixels.
    Ready { width: u32, height: u32 },
    /// Still being read; layout reserves the box and draws it framed meanwhile.
    Loading,
    /// Missing, not a regular file, too large, or not a PNG/JPEG: drawn as a framed box
    /// with the alt text and this reason.
    Failed(String),
}

pub trait ImageSizes {
    /// `path` is already resolved against the deck's folder.
    fn image_state(&self, path: &Path) -> ImageState;
}

/// Knows no images: every picture is a framed box. For tests and for decks without images.
pub struct NoImages;

impl ImageSizes for NoImages {
    fn image_state(&self, _path: &Path) -> ImageState {
        ImageState::Failed("no image loader".to_string())
    }
}
