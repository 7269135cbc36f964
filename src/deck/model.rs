//! The deck as pure data: what a Markdown file says, slide by slide, with the source line
//! of everything a diagnostic may need to point at. Built by `parse`, read by `layout` and
//! `check`; nothing here knows about screens, fonts or time.

use std::time::Duration;

use crate::format::Format;

/// A whole presentation: front matter, slides, and what the parser noticed on the way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Deck {
    pub front: FrontMatter,
    pub slides: Vec<Slide>,
    /// Problems the parser found that do not stop the deck from being shown
    /// (unknown front-matter keys, unknown comment commands, a bad `time:` value…).
    /// `gong check` reports them; a running show keeps quiet about them.
    pub findings: Vec<Finding>,
}

/// The leading YAML block. Every field is optional; unknown keys are kept in `findings`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub theme: Option<String>,
    pub duration: Option<Duration>,
    pub format: Option<Format>,
    /// `lang:`, the deck's language as a BCP 47 tag (`ja`, `zh-TW`): it decides the
    /// forms of Han ideographs (`fonts::Han`).
    pub lang: Option<String>,
}

/// One slide: blocks in source order, plus what the comments on it asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slide {
    /// 1-based line of the slide's first line in the file (after front matter offsets).
    pub line: usize,
    pub blocks: Vec<Block>,
    /// Footnote definitions used on this slide, drawn at its bottom.
    pub footnotes: Vec<Footnote>,
    /// Speaker notes, one entry per comment, never shown to the audience.
    pub notes: Vec<String>,
    /// `<!-- time: 20s -->`: this slide's budget in rehearsal and pacing.
    pub time_budget: Option<Duration>,
    /// `<!-- skip_slide -->`: left out of the presentation.
    pub skip: bool,
    /// `<!-- no_footer -->`.
    pub no_footer: bool,
    /// Text set centred on the slide: Slidev's `layout: center`, `cover`, `section`…
    pub centered: bool,
}

/// A block-level element with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub line: usize,
    pub kind: BlockKind,
}

impl Block {
    /// Every fenced code block among `blocks`, in order, those in lists and quotes
    /// included: what the highlighter lays out, warms and `check` names.
    pub(crate) fn code_blocks(blocks: &[Block]) -> Vec<&Block> {
        fn walk<'b>(blocks: &'b [Block], found: &mut Vec<&'b Block>) {
            for block in blocks {
                match &block.kind {
                    BlockKind::Code { .. } => found.push(block),
                    BlockKind::List { items, .. } => {
                        for item in items {
                            walk(&item.blocks, found);
                        }
                    }
                    BlockKind::Quote { blocks, .. } => walk(blocks, found),
                    _ => {}
                }
            }
        }
        let mut found = Vec::new();
        walk(blocks, &mut found);
        found
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A paragraph that holds nothing but one image: drawn as a picture, not as text.
    Image(Image),
    List {
        /// `Some(n)` for an ordered list starting at n, `None` for bullets.
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Quote {
        /// `> [!NOTE]` and friends; `None` for a plain block quote.
        alert: Option<Alert>,
        blocks: Vec<Block>,
    },
    Code {
        /// The info string's first word, e.g. `rust`; `None` when there is none.
        lang: Option<String>,
        /// What is shown: lines the deck hides (presenterm's `# ` in Rust) are left out.
        text: String,
        options: CodeOptions,
    },
    /// A thematic break drawn as a line, in decks that split slides elsewhere
    /// (presenterm's `<!-- end_slide -->`, reveal-md's own `separator:`).
    Rule,
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// `<!-- pause -->`: what follows is revealed on the next forward press.
    Pause,
    /// `<!-- column_layout: [1, 2] -->`: relative column widths.
    ColumnLayout(Vec<u32>),
    /// `<!-- column: 0 -->`: what follows goes into this column.
    Column(usize),
    /// `<!-- reset_layout -->`: back to one full-width column.
    ResetLayout,
}

/// How a code block is shown beyond its text, from its info string (presenterm's
/// `+line_numbers` and `{1,3-4}`, Slidev's `{lines:true}`, reveal's `[1-2]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeOptions {
    /// Numbers in front of each shown line.
    pub line_numbers: bool,
    /// 1-based shown lines set in full colour while the others are dimmed; empty when
    /// every line is.
    pub highlight: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item (`- [x]`).
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

/// Text-level content. Styles are flattened onto each span so layout walks a flat list.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(Span),
    /// A hard line break (two trailing spaces or a backslash).
    LineBreak,
    /// An image inside running text.
    Image(Image),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: SpanStyle,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanStyle {
    pub strong: bool,
    pub emphasis: bool,
    pub strike: bool,
    /// Inline code: monospace face.
    pub code: bool,
    /// The link target; links are styled, never fetched.
    pub link: Option<String>,
    /// A footnote reference such as `[^1]`, drawn raised.
    pub footnote_ref: bool,
    /// `<span style="color: …">`: the author's colour for this text.
    pub color: Option<Colour>,
}

/// An sRGB colour the deck names (`#e33`, `red`); the layout decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The path as written; relative to the deck file.
    pub src: String,
    /// The alt text with Marp size words (`w:`, `h:`, `bg`) removed.
    pub alt: String,
    /// Marp `w:300` in pixels of the 1920×1080 canvas.
    pub width: Option<u32>,
    /// Marp `h:200`.
    pub height: Option<u32>,
    /// Marp `bg`: drawn behind the slide, filling it (or one side of it: `split`).
    pub background: bool,
    /// Marp `bg left` / `bg right:40%`: the background takes that side of the slide and
    /// the content the rest.
    pub split: Option<Split>,
    pub line: usize,
}

/// A side of the slide given to a background picture, and how much of the width it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub side: Side,
    /// Percent of the slide's width, 1 to 99 (Marp's default is 50).
    pub percent: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub label: String,
    pub content: Vec<Inline>,
}

/// Something `gong check` should tell the author about, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Deck {
    /// The slides that are presented, in order: those without `skip_slide`.
    pub fn shown_slides(&self) -> impl Iterator<Item = &Slide> {
        self.slides.iter().filter(|slide| !slide.skip)
    }
}

impl Inline {
    /// The plain text of a run of inlines: alt text for images, a space for breaks.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut text = String::new();
        for inline in inlines {
            match inline {
                Inline::Text(span) => text.push_str(&span.text),
                Inline::LineBreak => text.push(' '),
                Inline::Image(image) => text.push_str(&image.alt),
            }
        }
        text
    }
}
