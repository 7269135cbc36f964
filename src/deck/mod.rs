//! Decks: a Markdown file (with optional YAML front matter) turned into `Deck`, pure data.

pub mod comment;
mod dialect;
mod fence;
pub mod files;
pub mod front;
mod head;
mod html;
pub mod lines;
pub mod model;
pub mod parse;
mod scan;
mod slidev;
pub mod source;

pub use model::*;
