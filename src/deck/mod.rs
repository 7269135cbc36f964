//! Decks: a Markdown file (with optional YAML front matter) turned into `Deck`, pure data.

pub mod comment;
pub mod front;
pub mod lines;
pub mod model;
pub mod parse;
pub mod source;

pub use model::*;
