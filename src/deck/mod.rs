//! Decks: a Markdown file (with optional YAML front matter) turned into `Deck`, pure data.

pub(crate) mod comment;
mod dialect;
mod fence;
pub mod files;
pub(crate) mod front;
mod head;
mod html;
pub(crate) mod lines;
pub(crate) mod model;
pub mod parse;
mod scan;
mod slidev;
pub mod source;

pub use model::*;
