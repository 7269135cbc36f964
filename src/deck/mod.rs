//! Decks: a Markdown file (with optional YAML front matter) turned into `Deck`, pure data.

pub mod model;

pub use model::*;
