//! Markdown → `Deck`: walks pulldown-cmark's events once, with an explicit stack of open
//! containers, and builds slides. Owns slide splitting, comment commands, footnote
//! placement and line numbers; it reads no files and knows nothing of fonts or screens.
//!
//! Choices a deck author may notice:
//! - A slide ends at a thematic break (`---`, `***`, `___`) at the left margin and at
//!   `<!-- end_slide -->`. As in CommonMark, Marp and presenterm, a `---` right under a
//!   line of text underlines it as a heading instead; a blank line above `---` makes it a
//!   slide break. Because that surprises people, a heading underlined with exactly `---`
//!   gets a warning that says so.
//! - Lists and quotes nested deeper than `MAX_NESTING` are flattened into their parent,
//!   so a hostile file cannot make the model (or anything walking it) recurse without
//!   bound. The parser itself never recurses on nesting.
//! - Empty slides at the very start or end (a `---` before the first slide or after the
//!   last) are dropped; an empty slide between two others is kept as a deliberate blank.
//! - Footnote definitions may sit anywhere (usually at the end of the file); each slide
//!   gets the definitions it references. One that nothing references stays on the slide
//!   where it is written.
//! - Decks written for other presenters read as their authors meant (`dialect` tells
//!   which): presenterm decks split only at `end_slide` and draw `---` as a rule; Slidev
//!   decks split at every line of dashes and take the `key: value` block under one as
//!   the slide's settings; reveal-md decks split at their own separators and keep what
//!   follows `Note:` as notes. Lines CommonMark cannot see that way (`scan`) are cut out
//!   of the text, and the Markdown between them is read piece by piece.
//! - HTML shows as the browser would show it, never as tags (`html`): a `<div>`'s text
//!   is read again as Markdown; `<style>` and `<script>` are dropped.
//! - A file the deck names (Slidev's `src:` and `<<< @/file`) is read through the
//!   `DeckFiles` it is given, inside the deck's folder, at most `MAX_IMPORT_DEPTH` deep
//!   and never in a loop; `Deck::parse` reads none.

use std::collections::{HashMap, HashSet};
use std::mem;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, Options, Parser, Tag, TagEnd, TextMergeWithOffset,
};

use super::comment::{self, Comment, HtmlPiece};
use super::dialect::{self, FOREIGN_COMMANDS, Tool};
use super::fence::{lang_of, magic_move_first_step, options_of};
use super::files::{DeckFiles, NoFiles, inside_folder};
use super::front;
use super::head::Head;
use super::html::{self, Effect, Look, Token};
use super::lines::LineIndex;
use super::model::{
    Alert, Align, Block, BlockKind, CodeOptions, Colour, Deck, Finding, Footnote, FrontMatter,
    Image, Inline, ListItem, Severity, Side, Slide, Span, SpanStyle, Split,
};
use super::scan::{self, LineKind, Scanned};
use super::slidev::{self, Arrangement, SlideSettings};

/// How many lists and quotes may nest inside each other before deeper ones are
/// flattened. Far beyond anything legible on a slide.
pub(crate) const MAX_NESTING: usize = 32;

/// How deep decks may import decks that import decks (Slidev's `src:`).
pub(crate) const MAX_IMPORT_DEPTH: usize = 8;

/// How many files one deck may read besides itself, imports and snippets together.
pub(crate) const MAX_IMPORTS: usize = 256;

/// The most pixels a picture's size may say (`w:`, `width=`): far beyond the 1920×1080
/// canvas, low enough that a slip of the keyboard is seen as one.
pub(crate) const MAX_PICTURE_PIXELS: u32 = 10_000;

/// CommonMark plus the GitHub extensions a slide can hold.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

impl Deck {
    /// Reads a deck from its text alone: files it names are not read (and reported).
    /// Never fails: whatever the text holds becomes slides, and anything the author
    /// should hear about goes into `findings` with its line and column.
    pub fn parse(source: &str) -> Deck {
        Deck::parse_with(source, &NoFiles)
    }

    /// Reads a deck, and the files it names through `files`.
    pub fn parse_with(source: &str, files: &dyn DeckFiles) -> Deck {
        let mut imports = Imports::default();
        imports.stack.extend(files.deck());
        parse_file(source, files, &mut imports, None)
    }
}

/// What the files a deck reads have used up, so a deck cannot make the parser read
/// without end.
#[derive(Debug, Default)]
struct Imports {
    /// The files being read, outermost first (by the names `DeckFiles` gives them).
    stack: Vec<PathBuf>,
    reads: usize,
    bytes: usize,
}

/// One file of a deck: the deck itself (`path` is `None`), or one it imports.
fn parse_file(
    source: &str,
    files: &dyn DeckFiles,
    imports: &mut Imports,
    path: Option<&Path>,
) -> Deck {
    let lines = LineIndex::new(source);
    let split = front::split(source, &lines);
    let body_start = split.body_start;
    let scanned = scan::scan(source, body_start, &split.head.separators);
    let tool = dialect::detect(&split.head.keys, &scanned);
    let own_separators =
        split.head.separators.horizontal.is_some() || split.head.separators.vertical.is_some();
    let cuts = cuts(tool, own_separators, scanned, source.len());
    let mut builder = Builder::new(
        source,
        &lines,
        body_start,
        split.findings,
        tool,
        files,
        imports,
    );
    builder.path = path;
    // Decks that split at lines of their own (presenterm's `end_slide`, Slidev's and
    // reveal's dash lines, reveal-md's separators) draw any other thematic break.
    builder.rules_split = matches!(tool, Tool::Plain | Tool::Marp) && !own_separators;
    // The head's settings are written from its second line on.
    let head_at = if body_start > 0 { lines.start(2) } else { 0 };
    builder.arrange(&split.head.slide, head_at);
    let mut at = body_start;
    for cut in cuts {
        builder.markdown(at..cut.range.start.max(at));
        at = at.max(cut.range.end);
        builder.cut(cut);
    }
    builder.markdown(at..source.len());
    builder.finish(split.front, &split.head)
}

/// The scanned lines that this deck's dialect reads on its own, in order. A `Note:` line
/// takes everything up to the next slide break with it.
fn cuts(tool: Tool, own_separators: bool, scanned: Vec<Scanned>, end: usize) -> Vec<Scanned> {
    let keep = |kind: &LineKind| match kind {
        LineKind::FrontBlock { .. } => tool != Tool::Presenterm && !own_separators,
        LineKind::Dashes(count) => match tool {
            Tool::Slidev => true,
            // reveal's default separators: `---` and `----` lines exactly.
            Tool::Reveal => !own_separators && (3..=4).contains(count),
            _ => false,
        },
        LineKind::Slot(_) | LineKind::Snippet(_) => tool != Tool::Presenterm,
        LineKind::Note => tool == Tool::Reveal,
        LineKind::Separator { .. } => true,
        LineKind::EndSlide => false,
    };
    let kept: Vec<Scanned> = scanned
        .into_iter()
        .filter(|line| keep(&line.kind))
        .collect();
    let breaks = |kind: &LineKind| {
        matches!(
            kind,
            LineKind::FrontBlock { .. } | LineKind::Dashes(_) | LineKind::Separator { .. }
        )
    };
    let mut cuts: Vec<Scanned> = Vec::with_capacity(kept.len());
    let mut index = 0;
    while index < kept.len() {
        let mut line = kept[index].clone();
        index += 1;
        if line.kind == LineKind::Note {
            // The notes run to the next break; what lies between is theirs.
            while index < kept.len() && !breaks(&kept[index].kind) {
                index += 1;
            }
            line.range.end = kept.get(index).map_or(end, |next| next.range.start);
        }
        cuts.push(line);
    }
    cuts
}

/// A slide being built, with what footnote placement needs to know about it.
#[derive(Debug, Default)]
struct SlideDraft {
    slide: Slide,
    /// Footnote labels referenced here, in order of first use.
    refs: Vec<String>,
    /// Footnote labels whose definitions are written here.
    defined: Vec<String>,
    /// Columns of the current `column_layout`, to check `column: n` against.
    columns: Option<usize>,
    /// What its settings asked for (Slidev's `layout:`), for the slot markers.
    arrangement: Option<Arrangement>,
    /// A slide whose settings imported other slides in its place: its own content is
    /// not shown, as in Slidev.
    discard: bool,
}

/// An open container. `Flat` stands for one past `MAX_NESTING`: its content joins the
/// nearest real container.
#[derive(Debug)]
enum Frame {
    List {
        line: usize,
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Item(ListItem),
    Quote {
        line: usize,
        alert: Option<Alert>,
        blocks: Vec<Block>,
    },
    Footnote {
        label: String,
        offset: usize,
        blocks: Vec<Block>,
    },
    Flat,
}

/// Inline content being collected.
#[derive(Debug)]
struct Run {
    kind: RunKind,
    line: usize,
    inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RunKind {
    Paragraph,
    Heading(u8),
    /// Text straight inside a tight list item, with no paragraph around it.
    Loose,
    TableCell,
}

#[derive(Debug, Default)]
struct Style {
    strong: usize,
    emphasis: usize,
    strike: usize,
    /// `<code>` and `<kbd>` tags open.
    code: usize,
    links: Vec<String>,
    colours: Vec<Colour>,
}

impl Style {
    fn span(&self) -> SpanStyle {
        SpanStyle {
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            strike: self.strike > 0,
            code: self.code > 0,
            link: self.links.last().cloned(),
            footnote_ref: false,
            color: self.colours.last().copied(),
        }
    }

    /// An HTML tag's look starts (`on`) or ends.
    fn look(&mut self, look: &Look, on: bool) {
        let count = |counter: &mut usize| {
            *counter = if on {
                counter.saturating_add(1)
            } else {
                counter.saturating_sub(1)
            };
        };
        match look {
            Look::Strong => count(&mut self.strong),
            Look::Emphasis => count(&mut self.emphasis),
            Look::Strike => count(&mut self.strike),
            Look::Code => count(&mut self.code),
            Look::Link(href) if on => self.links.push(href.clone()),
            Look::Link(_) => {
                self.links.pop();
            }
            Look::Colour(colour) if on => self.colours.push(*colour),
            Look::Colour(_) => {
                self.colours.pop();
            }
        }
    }
}

#[derive(Debug)]
struct OpenImage {
    src: String,
    alt: String,
    offset: usize,
    /// Images inside an image's alt text nest; only the outermost one is kept.
    depth: usize,
}

#[derive(Debug)]
struct TableDraft {
    line: usize,
    align: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
}

#[derive(Debug)]
struct CodeDraft {
    line: usize,
    /// The fence's whole info string.
    info: String,
    fenced: bool,
    text: String,
}

#[derive(Debug)]
struct FootnoteDraft {
    content: Vec<Inline>,
    offset: usize,
}

/// A command from a comment inside running text, applied once the text's block ends.
#[derive(Debug)]
struct Pending {
    comment: Comment,
    offset: usize,
    next_line: usize,
}

struct Builder<'s> {
    source: &'s str,
    lines: &'s LineIndex,
    /// Which presenter the deck reads as written for.
    tool: Tool,
    /// Whether a thematic break ends the slide (not in decks that split elsewhere).
    rules_split: bool,
    files: &'s dyn DeckFiles,
    /// This file's path in the deck's folder; `None` for the deck itself.
    path: Option<&'s Path>,
    imports: &'s mut Imports,
    findings: Vec<Finding>,
    /// What the deck asks for that gong does not do, said once for the deck: tags of
    /// Vue components, layouts, settings. With the offset of the first.
    left_out: Vec<String>,
    left_out_at: Option<usize>,
    /// HTML tags open in the running text, with the look each started.
    open_tags: Vec<(String, Option<Look>)>,
    /// Inside `<style>` or `<script>` in running text: nothing shows.
    hidden: usize,
    /// Reading an HTML block's text again as Markdown.
    nested: usize,
    done: Vec<SlideDraft>,
    slide: SlideDraft,
    frames: Vec<Frame>,
    /// Real (not flattened) lists and quotes open.
    depth: usize,
    warned_nesting: bool,
    run: Option<Run>,
    style: Style,
    image: Option<OpenImage>,
    table: Option<TableDraft>,
    code: Option<CodeDraft>,
    /// Raw lines of an HTML block with their offsets.
    html: Option<Vec<(String, usize)>>,
    pending: Vec<Pending>,
    footnotes: HashMap<String, FootnoteDraft>,
}

impl<'s> Builder<'s> {
    fn new(
        source: &'s str,
        lines: &'s LineIndex,
        body_start: usize,
        findings: Vec<Finding>,
        tool: Tool,
        files: &'s dyn DeckFiles,
        imports: &'s mut Imports,
    ) -> Builder<'s> {
        let mut slide = SlideDraft::default();
        slide.slide.line = lines.line(body_start);
        Builder {
            source,
            lines,
            tool,
            rules_split: true,
            files,
            path: None,
            imports,
            findings,
            left_out: Vec::new(),
            left_out_at: None,
            open_tags: Vec::new(),
            hidden: 0,
            nested: 0,
            done: Vec::new(),
            slide,
            frames: Vec::new(),
            depth: 0,
            warned_nesting: false,
            run: None,
            style: Style::default(),
            image: None,
            table: None,
            code: None,
            html: None,
            pending: Vec::new(),
            footnotes: HashMap::new(),
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// The line after the one holding the last byte of `range`, for a slide that starts
    /// after a separator; clamped so it is always a line of the file.
    fn line_after(&self, range_end: usize) -> usize {
        let last = self.line(range_end.saturating_sub(1));
        (last + 1).min(self.lines.count().max(1))
    }

    fn report(&mut self, offset: usize, severity: Severity, message: String) {
        let (line, column) = self.lines.line_column(self.source, offset);
        self.findings.push(Finding {
            line,
            column,
            severity,
            message,
        });
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end, range),
            Event::Text(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.text(&text, range.start);
            }
            Event::Code(text) => self.inline_code(&text, range.start),
            Event::Html(html) => self.html_line(&html, range.start),
            Event::InlineHtml(html) => self.inline_html(&html, range.start),
            Event::FootnoteReference(label) => self.footnote_ref(&label, range.start),
            Event::SoftBreak => self.text(" ", range.start),
            Event::HardBreak => self.line_break(range.start),
            Event::Rule => self.rule(range),
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Item(item)) = self.frames.last_mut() {
                    item.task = Some(checked);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let line = self.line(range.start);
        match tag {
            Tag::Paragraph => self.open_run(RunKind::Paragraph, line),
            Tag::Heading { level, .. } => {
                // HeadingLevel counts H1..H6 from 1.
                self.open_run(RunKind::Heading(level as u8), line);
            }
            Tag::BlockQuote(kind) => {
                self.close_run();
                let alert = kind.map(alert_of);
                self.open_container(
                    Frame::Quote {
                        line,
                        alert,
                        blocks: Vec::new(),
                    },
                    range.start,
                );
            }
            Tag::CodeBlock(kind) => {
                self.close_run();
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.to_string(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                self.code = Some(CodeDraft {
                    line,
                    info,
                    fenced,
                    text: String::new(),
                });
            }
            Tag::HtmlBlock => {
                self.close_run();
                self.html = Some(Vec::new());
            }
            Tag::List(start) => {
                self.close_run();
                let list = Frame::List {
                    line,
                    start,
                    items: Vec::new(),
                };
                self.open_container(list, range.start);
            }
            Tag::Item => {
                self.close_run();
                let in_real_list = matches!(self.frames.last(), Some(Frame::List { .. }));
                self.frames.push(if in_real_list {
                    Frame::Item(ListItem::default())
                } else {
                    Frame::Flat
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.close_run();
                self.frames.push(Frame::Footnote {
                    label: label.to_string(),
                    offset: range.start,
                    blocks: Vec::new(),
                });
            }
            Tag::Table(alignment) => {
                self.close_run();
                self.table = Some(TableDraft {
                    line,
                    align: alignment.into_iter().map(align_of).collect(),
                    header: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.row.clear();
                }
            }
            Tag::TableCell => self.open_run(RunKind::TableCell, line),
            Tag::Emphasis => self.style.emphasis += 1,
            Tag::Strong => self.style.strong += 1,
            Tag::Strikethrough => self.style.strike += 1,
            Tag::Link { dest_url, .. } => self.style.links.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => match &mut self.image {
                Some(image) => image.depth += 1,
                None => {
                    self.image = Some(OpenImage {
                        src: dest_url.to_string(),
                        alt: String::new(),
                        offset: range.start,
                        depth: 1,
                    });
                }
            },
            Tag::Superscript | Tag::Subscript => {}
            Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.close_run(),
        }
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::Paragraph | TagEnd::TableCell => self.close_run(),
            TagEnd::Heading(level) => {
                let setext = self.is_setext(&range);
                if self.tool == Tool::Presenterm && setext {
                    // presenterm's slide title: set as a title, never smaller than the
                    // `#` headings under it.
                    if let Some(run) = &mut self.run {
                        run.kind = RunKind::Heading(1);
                    }
                } else if level as u8 == 2 && self.frames.is_empty() && self.nested == 0 {
                    self.warn_setext(&range);
                }
                self.close_run();
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.close_run();
                if let Some(frame) = self.frames.pop() {
                    self.close_frame(frame);
                }
            }
            TagEnd::CodeBlock => self.close_code(&range),
            TagEnd::HtmlBlock => {
                if let Some(pieces) = self.html.take() {
                    self.html_block(&pieces);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header = mem::take(&mut table.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    let row = mem::take(&mut table.row);
                    table.rows.push(row);
                }
            }
            TagEnd::Table => self.close_table(),
            TagEnd::Emphasis => self.style.emphasis = self.style.emphasis.saturating_sub(1),
            TagEnd::Strong => self.style.strong = self.style.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.style.strike = self.style.strike.saturating_sub(1),
            TagEnd::Link => {
                self.style.links.pop();
            }
            TagEnd::Image => self.close_image(),
            TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    // --- containers -------------------------------------------------------------------

    fn open_container(&mut self, frame: Frame, offset: usize) {
        if self.depth >= MAX_NESTING {
            if !self.warned_nesting {
                self.warned_nesting = true;
                let message =
                    format!("lists and quotes nested more than {MAX_NESTING} deep are flattened");
                self.report(offset, Severity::Warning, message);
            }
            self.frames.push(Frame::Flat);
        } else {
            self.depth += 1;
            self.frames.push(frame);
        }
    }

    fn close_frame(&mut self, mut frame: Frame) {
        match &mut frame {
            Frame::List { items, .. } => items.shrink_to_fit(),
            Frame::Item(ListItem { blocks, .. })
            | Frame::Quote { blocks, .. }
            | Frame::Footnote { blocks, .. } => blocks.shrink_to_fit(),
            Frame::Flat => {}
        }
        match frame {
            Frame::Flat => {}
            Frame::List { line, start, items } => {
                self.depth = self.depth.saturating_sub(1);
                self.push_block(Block {
                    line,
                    kind: BlockKind::List { start, items },
                });
            }
            Frame::Quote {
                line,
                alert,
                blocks,
            } => {
                self.depth = self.depth.saturating_sub(1);
                self.push_block(Block {
                    line,
                    kind: BlockKind::Quote { alert, blocks },
                });
            }
            Frame::Item(item) => match self.frames.last_mut() {
                Some(Frame::List { items, .. }) => items.push(item),
                _ => {
                    for block in item.blocks {
                        self.push_block(block);
                    }
                }
            },
            Frame::Footnote {
                label,
                offset,
                blocks,
            } => self.define_footnote(label, offset, &blocks),
        }
    }

    /// Puts a finished block into the innermost real container, or onto the slide.
    fn push_block(&mut self, block: Block) {
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Item(item) => return item.blocks.push(block),
                Frame::Quote { blocks, .. } | Frame::Footnote { blocks, .. } => {
                    return blocks.push(block);
                }
                Frame::List { items, .. } => {
                    return items.push(ListItem {
                        task: None,
                        blocks: vec![block],
                    });
                }
                Frame::Flat => {}
            }
        }
        self.slide.slide.blocks.push(block);
    }

    // --- inline content ---------------------------------------------------------------

    fn open_run(&mut self, kind: RunKind, line: usize) {
        if kind != RunKind::TableCell {
            self.close_run();
        }
        self.run = Some(Run {
            kind,
            line,
            inlines: Vec::new(),
        });
    }

    /// The inlines being collected; text outside any block (a tight list item) opens
    /// an implicit paragraph.
    fn sink(&mut self, offset: usize) -> &mut Vec<Inline> {
        let lines = self.lines;
        &mut self
            .run
            .get_or_insert_with(|| Run {
                kind: RunKind::Loose,
                line: lines.line(offset),
                inlines: Vec::new(),
            })
            .inlines
    }

    fn close_run(&mut self) {
        // HTML tags do not reach past their block, closed or not.
        for (_, look) in mem::take(&mut self.open_tags) {
            match look {
                Some(look) => self.style.look(&look, false),
                None => self.hidden = self.hidden.saturating_sub(1),
            }
        }
        let Some(mut run) = self.run.take() else {
            return;
        };
        if self.tool == Tool::Slidev && without_interpolations(&mut run.inlines) {
            let offset = self.lines.start(run.line);
            self.leave_out("`{{ … }}`".to_string(), offset);
        }
        trim_edges(&mut run.inlines);
        // Vectors grow to four elements at least; most runs hold one or two, and a
        // very long deck is mostly these.
        run.inlines.shrink_to_fit();
        match run.kind {
            RunKind::Paragraph | RunKind::Loose => {
                if !is_blank(&run.inlines) {
                    self.push_block(Block {
                        line: run.line,
                        kind: paragraph_or_image(run.inlines),
                    });
                }
            }
            RunKind::Heading(level) => self.push_block(Block {
                line: run.line,
                kind: BlockKind::Heading {
                    level,
                    content: run.inlines,
                },
            }),
            RunKind::TableCell => {
                if let Some(table) = &mut self.table {
                    table.row.push(run.inlines);
                }
            }
        }
        self.flush_pending();
    }

    fn push_span(&mut self, text: &str, style: SpanStyle, offset: usize) {
        let sink = self.sink(offset);
        // A line begins at its first word: `<br>` and then a new line leave no space.
        let text = if !style.code && matches!(sink.last(), Some(Inline::LineBreak)) {
            let trimmed = text.trim_start();
            if trimmed.is_empty() {
                return;
            }
            trimmed
        } else {
            text
        };
        if let Some(Inline::Text(last)) = sink.last_mut()
            && last.style == style
            && !style.footnote_ref
        {
            last.text.push_str(text);
            return;
        }
        sink.push(Inline::Text(Span {
            text: text.to_string(),
            style,
        }));
    }

    fn text(&mut self, text: &str, offset: usize) {
        if self.hidden > 0 {
            return;
        }
        if let Some(code) = &mut self.code {
            code.text.push_str(text);
        } else if let Some(image) = &mut self.image {
            image.alt.push_str(text);
        } else {
            let text = crate::emoji::with_shortcodes(text);
            self.push_span(&text, self.style.span(), offset);
        }
    }

    fn inline_code(&mut self, text: &str, offset: usize) {
        if self.hidden > 0 {
            return;
        }
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        let style = SpanStyle {
            code: true,
            ..self.style.span()
        };
        self.push_span(text, style, offset);
    }

    fn line_break(&mut self, offset: usize) {
        if let Some(image) = &mut self.image {
            image.alt.push(' ');
        } else {
            self.sink(offset).push(Inline::LineBreak);
        }
    }

    fn footnote_ref(&mut self, label: &str, offset: usize) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(label);
            return;
        }
        let style = SpanStyle {
            footnote_ref: true,
            ..self.style.span()
        };
        self.push_span(label, style, offset);
        if !self.slide.refs.iter().any(|known| known == label) {
            self.slide.refs.push(label.to_string());
        }
    }

    fn close_image(&mut self) {
        let Some(open) = &mut self.image else {
            return;
        };
        open.depth -= 1;
        if open.depth > 0 {
            return;
        }
        let Some(open) = self.image.take() else {
            return;
        };
        let image = marp_image(open.src, &open.alt, self.line(open.offset));
        self.sink(open.offset).push(Inline::Image(image));
    }

    // --- code, tables, html -----------------------------------------------------------

    fn close_code(&mut self, range: &Range<usize>) {
        let Some(code) = self.code.take() else {
            return;
        };
        let mut text = code.text;
        if text.ends_with('\n') {
            text.pop();
        }
        let (lang, text) =
            magic_move_first_step(&code.info, &text).unwrap_or_else(|| (lang_of(&code.info), text));
        self.push_code(code.line, lang, &text, options_of(&code.info));
        let block = self.source.get(range.clone()).unwrap_or("");
        let reaches_end = self.source[range.end.min(self.source.len())..]
            .trim()
            .is_empty();
        if code.fenced && reaches_end && !fence_is_closed(block) {
            let message = "this code fence is never closed, so the rest of the deck is \
                           shown as code; add a closing fence"
                .to_string();
            self.report(range.start, Severity::Warning, message);
        }
    }

    /// A code block as shown: without the lines its dialect hides.
    fn push_code(&mut self, line: usize, lang: Option<String>, text: &str, options: CodeOptions) {
        let shown: Vec<&str> = text
            .split('\n')
            .filter(|code_line| !dialect::hides_line(self.tool, lang.as_deref(), code_line))
            .collect();
        self.push_block(Block {
            line,
            kind: BlockKind::Code {
                lang,
                text: shown.join("\n"),
                options,
            },
        });
    }

    fn close_table(&mut self) {
        self.close_run();
        if let Some(table) = self.table.take() {
            self.push_block(Block {
                line: table.line,
                kind: BlockKind::Table {
                    align: table.align,
                    header: table.header,
                    rows: table.rows,
                },
            });
        }
        self.flush_pending();
    }

    fn html_line(&mut self, html: &str, offset: usize) {
        match &mut self.html {
            Some(pieces) => pieces.push((html.to_string(), offset)),
            None => self.html_block(&[(html.to_string(), offset)]),
        }
    }

    /// Comments become notes and commands; any other HTML shows as its text would in a
    /// browser, read again as Markdown (Slidev and Marp decks put Markdown in `<div>`s).
    fn html_block(&mut self, pieces: &[(String, usize)]) {
        let text: String = pieces.iter().map(|(piece, _)| piece.as_str()).collect();
        // Where each piece starts in `text`, to map positions back to the file.
        let mut starts = Vec::with_capacity(pieces.len());
        let mut at = 0;
        for (piece, offset) in pieces {
            starts.push((at, *offset));
            at += piece.len();
        }
        let file_offset = |position: usize| {
            let index = starts.partition_point(|&(start, _)| start <= position);
            let (start, offset) = starts[index.saturating_sub(1).min(starts.len() - 1)];
            offset + position.saturating_sub(start)
        };
        for piece in comment::split_html(&text) {
            match piece {
                HtmlPiece::Comment {
                    start,
                    body,
                    closed,
                    end,
                } => {
                    let end = file_offset(end);
                    self.comment(body, closed, file_offset(start), end, false);
                }
                HtmlPiece::Other { start, text } => {
                    let trimmed = text.trim_start();
                    if trimmed.trim_end().is_empty() {
                        continue;
                    }
                    let offset = file_offset(start + text.len() - trimmed.len());
                    self.html_text(trimmed, offset);
                }
            }
        }
    }

    /// The text of an HTML block. Once, it is read again as Markdown; HTML blocks met on
    /// that second reading become one paragraph of their text, so nothing recurses.
    fn html_text(&mut self, html: &str, offset: usize) {
        self.close_run();
        if self.nested > 0 {
            for token in html::tokens(html) {
                self.html_token(token, offset);
            }
            self.close_run();
            return;
        }
        let (markdown, components) = html::block_as_markdown(html);
        for name in components {
            self.leave_out(format!("<{name}>"), offset);
        }
        self.nested += 1;
        let events = Parser::new_ext(&markdown, markdown_options()).into_offset_iter();
        for (event, _) in TextMergeWithOffset::new(events) {
            // Every position in the rewritten text is the block's own.
            self.event(event, offset..offset);
        }
        self.close_run();
        self.nested -= 1;
    }

    fn inline_html(&mut self, html: &str, offset: usize) {
        if self.image.is_some() {
            return;
        }
        for piece in comment::split_html(html) {
            match piece {
                HtmlPiece::Comment {
                    start,
                    body,
                    closed,
                    end,
                } => {
                    self.comment(body, closed, offset + start, offset + end, true);
                }
                HtmlPiece::Other { start, text } => {
                    for token in html::tokens(text) {
                        self.html_token(token, offset + start);
                    }
                }
            }
        }
    }

    /// One piece of HTML in running text: its text shown, its tag doing what it does.
    fn html_token(&mut self, token: Token<'_>, offset: usize) {
        let tag = match token {
            Token::Text(text) => {
                if self.hidden == 0 && !(self.run.is_none() && text.trim().is_empty()) {
                    let text = decode_entities(text);
                    self.push_span(&text, self.style.span(), offset);
                }
                return;
            }
            Token::Tag(tag) => tag,
        };
        if tag.is_component() {
            self.leave_out(format!("<{}>", tag.name), offset);
        }
        if tag.closing {
            if let Some(at) = self
                .open_tags
                .iter()
                .rposition(|(name, _)| *name == tag.name)
            {
                for (_, look) in self.open_tags.split_off(at).into_iter().rev() {
                    match look {
                        Some(look) => self.style.look(&look, false),
                        None => self.hidden = self.hidden.saturating_sub(1),
                    }
                }
            }
            return;
        }
        if self.hidden > 0 {
            return;
        }
        match tag.effect() {
            Effect::LineBreak => self.line_break(offset),
            Effect::Style(look) if !tag.self_closing => {
                self.style.look(&look, true);
                self.open_tags.push((tag.name.clone(), Some(look)));
            }
            Effect::Hide if !tag.self_closing => {
                self.hidden += 1;
                self.open_tags.push((tag.name.clone(), None));
            }
            Effect::Image {
                src,
                alt,
                width,
                height,
            } if !src.is_empty() => {
                let line = self.line(offset);
                let mut image = marp_image(src, &alt, line);
                image.width = width.or(image.width);
                image.height = height.or(image.height);
                self.sink(offset).push(Inline::Image(image));
            }
            _ => {}
        }
    }

    /// Something the deck asks for that gong does not do, for the one finding that
    /// names them all.
    fn leave_out(&mut self, what: String, offset: usize) {
        self.left_out_at.get_or_insert(offset);
        if !self.left_out.contains(&what) {
            self.left_out.push(what);
        }
    }

    // --- comments and slides ----------------------------------------------------------

    fn comment(&mut self, body: &str, closed: bool, offset: usize, end: usize, inline: bool) {
        if !closed {
            let message = "this comment is never closed with `-->`, so everything after \
                           it is hidden"
                .to_string();
            self.report(offset, Severity::Warning, message);
        }
        let next_line = self.line_after(end);
        match comment::classify(body) {
            Comment::Note(text) => self.slide.slide.notes.push(text),
            Comment::Empty => {}
            Comment::Time(budget) => self.slide.slide.time_budget = Some(budget),
            Comment::SkipSlide => self.slide.slide.skip = true,
            Comment::NoFooter => self.slide.slide.no_footer = true,
            Comment::BadValue(message) => self.report(offset, Severity::Warning, message),
            // Other presenters' commands, and notes that open with a URL.
            Comment::Unknown { name, .. }
                if FOREIGN_COMMANDS.contains(&name.strip_prefix('_').unwrap_or(&name)) => {}
            Comment::Unknown { .. } if body.trim().contains("://") => {
                self.slide.slide.notes.push(body.trim().to_string());
            }
            Comment::Unknown { name, suggestion } => {
                let hint = suggestion
                    .map(|known| format!(" (did you mean `{known}`?)"))
                    .unwrap_or_default();
                let message = format!("unknown command `{name}` in a comment{hint}; it is ignored");
                self.report(offset, Severity::Warning, message);
            }
            command => {
                let pending = Pending {
                    comment: command,
                    offset,
                    next_line,
                };
                if inline && (self.run.is_some() || self.table.is_some()) {
                    self.pending.push(pending);
                } else {
                    self.layout_command(pending);
                }
            }
        }
    }

    fn flush_pending(&mut self) {
        if self.run.is_some() || self.table.is_some() || self.pending.is_empty() {
            return;
        }
        for pending in mem::take(&mut self.pending) {
            self.layout_command(pending);
        }
    }

    /// Commands that place something in the flow of blocks.
    fn layout_command(&mut self, pending: Pending) {
        let Pending {
            comment,
            offset,
            next_line,
        } = pending;
        let line = self.line(offset);
        let kind = match comment {
            Comment::Pause => BlockKind::Pause,
            Comment::EndSlide => {
                if self.frames.is_empty() {
                    self.split_slide(next_line);
                } else {
                    let message = "`end_slide` inside a list or quote is ignored; put it at \
                                   the left margin"
                        .to_string();
                    self.report(offset, Severity::Warning, message);
                }
                return;
            }
            Comment::ColumnLayout(widths) => {
                self.slide.columns = Some(widths.len());
                BlockKind::ColumnLayout(widths)
            }
            Comment::Column(index) => match self.slide.columns {
                Some(count) if index < count => BlockKind::Column(index),
                Some(count) => {
                    let message = format!(
                        "`column: {index}` is out of range: the layout has {count} columns, \
                         numbered from 0"
                    );
                    return self.report(offset, Severity::Warning, message);
                }
                None => {
                    let message = format!(
                        "`column: {index}` comes before any `column_layout` on this slide; \
                         it is ignored"
                    );
                    return self.report(offset, Severity::Warning, message);
                }
            },
            Comment::ResetLayout => {
                self.slide.columns = None;
                BlockKind::ResetLayout
            }
            // Slide-level commands never reach here.
            _ => return,
        };
        self.push_block(Block { line, kind });
    }

    fn rule(&mut self, range: Range<usize>) {
        self.close_run();
        if self.nested > 0 {
            return;
        }
        if !self.rules_split {
            // This deck splits elsewhere; its `---` is a line across the slide.
            let line = self.line(range.start);
            self.push_block(Block {
                line,
                kind: BlockKind::Rule,
            });
            return;
        }
        // A rule inside a list or quote cannot split a slide without tearing the
        // container in two; it is dropped.
        if self.frames.is_empty() {
            let next = self.line_after(range.end);
            self.split_slide(next);
        }
    }

    // --- the lines the dialects read on their own ------------------------------------

    /// The Markdown in `range` of the source, read on its own.
    fn markdown(&mut self, range: Range<usize>) {
        let Some(text) = self.source.get(range.clone()) else {
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        let base = range.start;
        // Text merged into one event where the parser split it (at a `_` that emphasises
        // nothing), so a `:white_check_mark:` is seen whole.
        let events = Parser::new_ext(text, markdown_options()).into_offset_iter();
        for (event, span) in TextMergeWithOffset::new(events) {
            self.event(event, span.start + base..span.end + base);
        }
        // Each piece is whole: nothing it opened reaches into the next.
        self.close_run();
        while let Some(frame) = self.frames.pop() {
            self.close_frame(frame);
        }
        let end = self.source.len().min(range.end);
        self.close_code(&(end..end));
        self.close_table();
        self.flush_pending();
    }

    fn cut(&mut self, cut: Scanned) {
        let next = self.line_after(cut.range.end);
        match cut.kind {
            LineKind::Dashes(_) | LineKind::Separator { .. } => self.split_slide(next),
            LineKind::FrontBlock { yaml } => {
                self.split_slide(next);
                let text = self.source.get(yaml.clone()).unwrap_or("");
                let settings = match SlideSettings::from_yaml(text) {
                    Ok(settings) => settings,
                    Err(error) => {
                        let message = format!("this slide's settings are not YAML: {error}");
                        self.report(yaml.start, Severity::Error, message);
                        SlideSettings::default()
                    }
                };
                match settings.src.clone() {
                    Some(src) => self.import(&src, &settings, yaml.start),
                    None => self.arrange(&settings, yaml.start),
                }
            }
            LineKind::Slot(name) => self.slot(&name, cut.range.start),
            LineKind::Snippet(snippet) => self.snippet(&snippet, cut.range.start),
            LineKind::Note => {
                let text = self.source.get(cut.range.clone()).unwrap_or("");
                let text = text.trim_start();
                let body = text
                    .split_once(':')
                    .map_or(text, |(_, rest)| rest)
                    .trim()
                    .to_string();
                if !body.is_empty() {
                    self.slide.slide.notes.push(body);
                }
            }
            LineKind::EndSlide => {}
        }
    }

    /// Applies a slide's settings (Slidev's block under its `---`, written at `offset`)
    /// to the slide begun.
    fn arrange(&mut self, settings: &SlideSettings, offset: usize) {
        let line = self.line(offset);
        for key in &settings.left_out {
            self.leave_out(format!("`{key}:`"), offset);
        }
        self.slide.slide.skip |= settings.hide;
        if let Some(src) = settings.picture_behind() {
            let image = Image {
                background: true,
                ..marp_image(src.to_string(), "", line)
            };
            self.push_block(Block {
                line,
                kind: BlockKind::Image(image),
            });
        }
        let (arrangement, unknown) = settings.arrangement();
        if let Some(name) = unknown {
            self.leave_out(format!("`layout: {name}`"), offset);
        }
        match &arrangement {
            Arrangement::Flow | Arrangement::TwoColumns { header: true } => {}
            Arrangement::Centred => self.slide.slide.centered = true,
            Arrangement::TwoColumns { header: false } => self.columns(line, Some(0)),
            // The picture takes its half edge to edge, as a split background does.
            Arrangement::ImageBeside { side, src } => {
                let image = Image {
                    background: true,
                    split: Some(Split {
                        side: *side,
                        percent: 50,
                    }),
                    ..marp_image(src.clone(), "", line)
                };
                self.push_block(Block {
                    line,
                    kind: BlockKind::Image(image),
                });
            }
        }
        self.slide.arrangement = Some(arrangement);
    }

    /// Two equal columns (once per slide), and the column that follows.
    fn columns(&mut self, line: usize, column: Option<usize>) {
        self.close_run();
        if self.slide.columns.is_none() {
            self.slide.columns = Some(2);
            self.push_block(Block {
                line,
                kind: BlockKind::ColumnLayout(vec![1, 1]),
            });
        }
        if let Some(column) = column {
            self.push_block(Block {
                line,
                kind: BlockKind::Column(column),
            });
        }
    }

    /// Slidev's `::right::` and friends: where the layout's slots begin.
    fn slot(&mut self, name: &str, offset: usize) {
        let line = self.line(offset);
        match (&self.slide.arrangement, name) {
            (Some(Arrangement::TwoColumns { .. }), "right") => self.columns(line, Some(1)),
            (Some(Arrangement::TwoColumns { .. }), "left") => self.columns(line, Some(0)),
            (Some(Arrangement::TwoColumns { header: false }), "default") => {
                self.columns(line, Some(0));
            }
            // Other layouts' slots put their content in the flow, in order.
            _ => self.close_run(),
        }
    }

    /// A file the deck names, as a path in its folder and its text; `Err` says why not,
    /// for the author.
    fn read_named(&mut self, written: &str) -> Result<(PathBuf, PathBuf, String), String> {
        let Some(path) = inside_folder(self.path, written) else {
            return Err("is outside the deck's folder".to_string());
        };
        if self.imports.reads >= MAX_IMPORTS {
            return Err(format!(
                "is not read: a deck may read at most {MAX_IMPORTS} other files"
            ));
        }
        self.imports.reads += 1;
        let (identity, text) = self.files.read(&path)?;
        self.imports.bytes = self.imports.bytes.saturating_add(text.len());
        if self.imports.bytes as u64 > super::source::MAX_DECK_BYTES {
            return Err("is not read: the deck and its files together are too large".to_string());
        }
        Ok((path, identity, text))
    }

    /// Slidev's `src:`: the slides of another file stand in place of this one, under
    /// this block's settings.
    fn import(&mut self, src: &str, settings: &SlideSettings, offset: usize) {
        // This slide's own content is not shown, as in Slidev.
        self.slide.discard = true;
        let (written, range) = match src.split_once('#') {
            Some((path, range)) => (path, Some(range)),
            None => (src, None),
        };
        let (path, identity, text) = match self.read_named(written) {
            Ok(found) => found,
            Err(why) => {
                let message = format!("`src: {written}` {why}; its slides are left out");
                return self.report(offset, Severity::Error, message);
            }
        };
        if self.imports.stack.contains(&identity) || self.imports.stack.len() >= MAX_IMPORT_DEPTH {
            let message = format!(
                "`src: {written}` imports itself (through {}); its slides are left out",
                if self.imports.stack.len() >= MAX_IMPORT_DEPTH {
                    format!("more than {MAX_IMPORT_DEPTH} files")
                } else {
                    "a loop".to_string()
                }
            );
            return self.report(offset, Severity::Error, message);
        }
        self.imports.stack.push(identity);
        let deck = parse_file(&text, self.files, self.imports, Some(&path));
        self.imports.stack.pop();
        let line = self.line(offset);
        let wanted = range.map(|range| slide_range(range, deck.slides.len()));
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for (index, mut slide) in deck.slides.into_iter().enumerate() {
            if wanted
                .as_ref()
                .is_some_and(|wanted| !wanted.contains(&(index + 1)))
            {
                continue;
            }
            relocate(&mut slide, line, &folder);
            slide.skip |= settings.hide;
            let (arrangement, _) = settings.arrangement();
            slide.centered |= arrangement == Arrangement::Centred;
            if let Some(src) = settings.picture_behind() {
                let image = Image {
                    background: true,
                    ..marp_image(src.to_string(), "", line)
                };
                slide.blocks.insert(
                    0,
                    Block {
                        line,
                        kind: BlockKind::Image(image),
                    },
                );
            }
            self.done.push(SlideDraft {
                slide,
                ..SlideDraft::default()
            });
        }
        for finding in deck.findings {
            let message = format!("in {}: {}", path.display(), finding.message);
            self.report(offset, finding.severity, message);
        }
    }

    /// Slidev's `<<< @/snippets/a.ts#region ts {2,3}`: a code block from a file.
    fn snippet(&mut self, snippet: &scan::Snippet, offset: usize) {
        let text = match self.read_named(&snippet.path) {
            Ok((_, _, text)) => text,
            Err(why) => {
                let message = format!("`<<< {}` {why}; the code is left out", snippet.path);
                return self.report(offset, Severity::Error, message);
            }
        };
        let text = snippet
            .region
            .as_deref()
            .and_then(|name| slidev::region(&text, name))
            .unwrap_or(text);
        let lang = snippet.lang.clone().or_else(|| {
            Path::new(&snippet.path)
                .extension()
                .map(|extension| extension.to_string_lossy().into_owned())
        });
        let info = format!("{} {}", lang.as_deref().unwrap_or(""), snippet.meta);
        let line = self.line(offset);
        self.close_run();
        self.push_code(line, lang, text.trim_end_matches('\n'), options_of(&info));
    }

    /// Whether a heading's source is a setext one (underlined with `=` or `-`).
    fn is_setext(&self, range: &Range<usize>) -> bool {
        let block = self.source.get(range.clone()).unwrap_or("");
        let trimmed = block.trim_end();
        let last = trimmed.rsplit('\n').next().unwrap_or("").trim();
        trimmed.contains('\n')
            && !last.is_empty()
            && (last.chars().all(|c| c == '=') || last.chars().all(|c| c == '-'))
    }

    fn split_slide(&mut self, line: usize) {
        self.close_run();
        let mut next = SlideDraft::default();
        next.slide.line = line;
        let done = mem::replace(&mut self.slide, next);
        self.keep(done);
    }

    /// A finished slide joins the deck (unless others were imported in its place).
    fn keep(&mut self, mut done: SlideDraft) {
        if done.discard {
            return;
        }
        done.slide.blocks.shrink_to_fit();
        self.done.push(done);
    }

    fn warn_setext(&mut self, range: &Range<usize>) {
        let block = self.source.get(range.clone()).unwrap_or("");
        let trimmed = block.trim_end_matches(['\n', '\r']);
        let last_start = trimmed.rfind('\n').map_or(0, |index| index + 1);
        if last_start > 0 && trimmed[last_start..].trim() == "---" {
            let message = "this `---` makes the line above it a heading; leave a blank line \
                           above `---` to start a new slide"
                .to_string();
            self.report(range.start + last_start, Severity::Warning, message);
        }
    }

    // --- footnotes and the end --------------------------------------------------------

    fn define_footnote(&mut self, label: String, offset: usize, blocks: &[Block]) {
        if self.footnotes.contains_key(&label) {
            let message =
                format!("footnote `[^{label}]` is defined twice; the first definition is used");
            self.report(offset, Severity::Warning, message);
            return;
        }
        let mut content = Vec::new();
        for block in blocks {
            append_inlines(block, &mut content);
        }
        self.footnotes
            .insert(label.clone(), FootnoteDraft { content, offset });
        self.slide.defined.push(label);
    }

    fn finish(mut self, front: FrontMatter, head: &Head) -> Deck {
        self.close_run();
        while let Some(frame) = self.frames.pop() {
            self.close_frame(frame);
        }
        if let Some(pieces) = self.html.take() {
            self.html_block(&pieces);
        }
        let end = self.source.len();
        self.close_code(&(end..end));
        self.close_table();
        self.flush_pending();
        let last = mem::take(&mut self.slide);
        self.keep(last);

        self.place_footnotes();
        self.say_what_is_left_out(head);
        let mut slides: Vec<Slide> = self.done.into_iter().map(|draft| draft.slide).collect();
        while slides.len() > 1 && slides.last().is_some_and(is_empty_slide) {
            slides.pop();
        }
        if slides.len() > 1 && slides.first().is_some_and(is_empty_slide) {
            slides.remove(0);
        }
        if self.tool == Tool::Presenterm
            && let Some(intro) = intro_slide(&front, head)
        {
            if slides.len() == 1 && is_empty_slide(&slides[0]) {
                slides.clear();
            }
            slides.insert(0, intro);
        }
        self.findings
            .sort_by_key(|finding| (finding.line, finding.column));
        Deck {
            front,
            slides,
            findings: self.findings,
        }
    }

    /// One finding each for what the deck asks of another presenter that gong does not
    /// do, so `check` names it once instead of calling every use a mistake.
    fn say_what_is_left_out(&mut self, head: &Head) {
        let tool = match self.tool {
            Tool::Plain => String::new(),
            tool => format!("{} ", tool.name()),
        };
        if let Some(offset) = head.foreign_at {
            let message = format!(
                "gong leaves out these {tool}settings: {}",
                head.foreign.join(", ")
            );
            self.report(offset, Severity::Warning, message);
        }
        for (pattern, offset) in &head.unread_separators {
            let message = format!(
                "`{pattern}` is a pattern, not a line gong can look for; slides split at \
                 `---` instead"
            );
            self.report(*offset, Severity::Warning, message);
        }
        if let Some(offset) = self.left_out_at
            && !self.left_out.is_empty()
        {
            let message = format!(
                "gong leaves out what these {tool}features do (their text is shown as \
                 written): {}",
                self.left_out.join(", ")
            );
            self.report(offset, Severity::Warning, message);
        }
    }

    fn place_footnotes(&mut self) {
        let mut referenced = HashSet::new();
        for draft in &mut self.done {
            for label in &draft.refs {
                if let Some(definition) = self.footnotes.get(label) {
                    draft.slide.footnotes.push(Footnote {
                        label: label.clone(),
                        content: definition.content.clone(),
                    });
                    referenced.insert(label.clone());
                }
            }
        }
        let mut unused = Vec::new();
        for draft in &mut self.done {
            for label in &draft.defined {
                if referenced.contains(label) {
                    continue;
                }
                if let Some(definition) = self.footnotes.get(label) {
                    draft.slide.footnotes.push(Footnote {
                        label: label.clone(),
                        content: definition.content.clone(),
                    });
                    unused.push((label.clone(), definition.offset));
                }
            }
        }
        for (label, offset) in unused {
            let message = format!("footnote `[^{label}]` is never referenced");
            self.report(offset, Severity::Warning, message);
        }
    }
}

/// presenterm's intro slide: the title, and under it the subtitle and who gives the talk
/// where and when. `None` when the front matter names none of them.
fn intro_slide(front: &FrontMatter, head: &Head) -> Option<Slide> {
    let intro = &head.intro;
    let mut authors = intro.authors.clone();
    if authors.is_empty() {
        authors.extend(front.author.clone());
    }
    if front.title.is_none() && intro.sub_title.is_none() && authors.is_empty() {
        return None;
    }
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text = format!("# {}\n\n", one_line(front.title.as_deref().unwrap_or("")));
    if let Some(sub_title) = &intro.sub_title {
        text.push_str(&one_line(sub_title));
        text.push_str("\n\n");
    }
    let byline: Vec<String> = [
        (!authors.is_empty()).then(|| authors.join(", ")),
        intro.event.clone(),
        intro.location.clone(),
        front.date.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|part| one_line(&part))
    .filter(|part| !part.is_empty())
    .collect();
    text.push_str(&byline.join(" · "));
    let deck = parse_file(&text, &NoFiles, &mut Imports::default(), None);
    let mut slide = deck.slides.into_iter().next()?;
    relocate(&mut slide, 1, Path::new(""));
    if front.title.is_none() {
        slide
            .blocks
            .retain(|block| !matches!(&block.kind, BlockKind::Heading { content, .. } if content.is_empty()));
    }
    Some(slide)
}

/// Slidev's `#2,5-7` after an imported path: the slides wanted, counted from 1.
fn slide_range(range: &str, count: usize) -> Vec<usize> {
    let mut wanted = Vec::new();
    for part in range.split(',') {
        let part = part.trim();
        let (from, to) = match part.split_once('-') {
            Some((from, to)) => (from.trim().parse::<usize>(), to.trim().parse::<usize>()),
            None => (part.parse::<usize>(), part.parse::<usize>()),
        };
        if let (Ok(from), Ok(to)) = (from, to) {
            for number in from.max(1)..=to.min(count) {
                if !wanted.contains(&number) {
                    wanted.push(number);
                }
            }
        }
    }
    wanted
}

/// A slide read from another file, placed in this one: every line is the line that
/// imports it (the model's lines are this file's), and its pictures are found from this
/// deck's folder.
fn relocate(slide: &mut Slide, line: usize, folder: &Path) {
    fn picture(image: &mut Image, line: usize, folder: &Path) {
        image.line = line;
        let is_relative = !image.src.contains("://")
            && !image.src.starts_with(['/', '@'])
            && !image.src.starts_with("data:");
        if is_relative && !folder.as_os_str().is_empty() {
            image.src = folder.join(&image.src).to_string_lossy().into_owned();
        }
    }
    fn inlines(content: &mut [Inline], line: usize, folder: &Path) {
        for inline in content {
            if let Inline::Image(image) = inline {
                picture(image, line, folder);
            }
        }
    }
    slide.line = line;
    for footnote in &mut slide.footnotes {
        inlines(&mut footnote.content, line, folder);
    }
    let mut stack: Vec<&mut Block> = slide.blocks.iter_mut().collect();
    while let Some(block) = stack.pop() {
        block.line = line;
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inlines(content, line, folder);
            }
            BlockKind::Image(image) => picture(image, line, folder),
            BlockKind::List { items, .. } => {
                stack.extend(items.iter_mut().flat_map(|item| item.blocks.iter_mut()));
            }
            BlockKind::Quote { blocks, .. } => stack.extend(blocks.iter_mut()),
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell, line, folder);
                }
            }
            BlockKind::Code { .. }
            | BlockKind::Rule
            | BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout => {}
        }
    }
}

fn alert_of(kind: BlockQuoteKind) -> Alert {
    match kind {
        BlockQuoteKind::Note => Alert::Note,
        BlockQuoteKind::Tip => Alert::Tip,
        BlockQuoteKind::Important => Alert::Important,
        BlockQuoteKind::Warning => Alert::Warning,
        BlockQuoteKind::Caution => Alert::Caution,
    }
}

fn align_of(alignment: pulldown_cmark::Alignment) -> Align {
    match alignment {
        pulldown_cmark::Alignment::None => Align::None,
        pulldown_cmark::Alignment::Left => Align::Left,
        pulldown_cmark::Alignment::Center => Align::Center,
        pulldown_cmark::Alignment::Right => Align::Right,
    }
}

/// Whether a fenced block's source ends with a fence at least as long as its opening.
fn fence_is_closed(block: &str) -> bool {
    let strip = |line: &str| {
        line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
            .trim_end()
            .to_string()
    };
    let mut lines = block.lines();
    let Some(first) = lines.next().map(strip) else {
        return false;
    };
    let Some(mark) = first.chars().next().filter(|&c| c == '`' || c == '~') else {
        return false;
    };
    let length = first.chars().take_while(|&c| c == mark).count();
    let Some(last) = lines.map(strip).rfind(|line| !line.is_empty()) else {
        return false;
    };
    last.chars().all(|c| c == mark) && last.chars().count() >= length
}

/// Marp writes an image's size and role into its alt text: `![bg w:300](a.png)`,
/// `![bg right:40%](a.png)`. Its words are taken out of the alt text, whether gong uses
/// them (size, `bg`, the side) or not (filters, `contain`).
fn marp_image(src: String, alt: &str, line: usize) -> Image {
    let mut image = Image {
        src,
        alt: String::new(),
        width: None,
        height: None,
        background: false,
        split: None,
        line,
    };
    let mut words = Vec::new();
    let mut side = None;
    let mut side_words = Vec::new();
    for word in alt.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let (key, value) = lower.split_once(':').unwrap_or((lower.as_str(), ""));
        match key {
            "bg" => image.background = true,
            "w" | "width" => image.width = pixels_of(value),
            "h" | "height" => image.height = pixels_of(value),
            "left" | "right" => {
                let share = value.strip_suffix('%').and_then(|n| n.parse::<u8>().ok());
                let side_of = if key == "left" {
                    Side::Left
                } else {
                    Side::Right
                };
                side = Some((
                    side_of,
                    share.filter(|n| (1..=99).contains(n)).unwrap_or(50),
                ));
                side_words.push(words.len());
                words.push(word);
            }
            "contain" | "cover" | "fit" | "auto" | "vertical" | "blur" | "brightness"
            | "contrast" | "drop-shadow" | "grayscale" | "hue-rotate" | "invert" | "opacity"
            | "saturate" | "sepia" => {}
            _ if lower.ends_with('%') && lower[..lower.len() - 1].parse::<f32>().is_ok() => {}
            _ => words.push(word),
        }
    }
    // `left` and `right` are Marp's words only beside `bg`.
    if image.background {
        image.split = side.map(|(side, percent)| Split { side, percent });
        for index in side_words.into_iter().rev() {
            words.remove(index);
        }
    }
    image.alt = words.join(" ");
    image
}

fn pixels_of(value: &str) -> Option<u32> {
    value
        .strip_suffix("px")
        .unwrap_or(value)
        .parse()
        .ok()
        .filter(|pixels| (1..=MAX_PICTURE_PIXELS).contains(pixels))
}

/// Vue's `{{ expression }}` in a Slidev deck's text is worked out by the browser; gong
/// cannot, and shows the text around it. Whether there was one.
fn without_interpolations(inlines: &mut [Inline]) -> bool {
    let mut found = false;
    for inline in inlines {
        let Inline::Text(span) = inline else { continue };
        if span.style.code || !span.text.contains("{{") {
            continue;
        }
        let mut kept = String::with_capacity(span.text.len());
        let mut rest = span.text.as_str();
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}") else {
                break;
            };
            kept.push_str(&rest[..open]);
            rest = &rest[open + close + 2..];
            found = true;
        }
        kept.push_str(rest);
        span.text = kept;
    }
    found
}

/// A paragraph's text starts and ends where its words do: a comment or a tag taken out
/// (`# <!--fit--> Title`) leaves no space behind. Code keeps its spaces.
fn trim_edges(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text(span)) = inlines.first_mut()
        && !span.style.code
    {
        let trimmed = span.text.trim_start();
        if trimmed.len() != span.text.len() {
            span.text = trimmed.to_string();
        }
    }
    if let Some(Inline::Text(span)) = inlines.last_mut()
        && !span.style.code
    {
        let trimmed = span.text.trim_end();
        if trimmed.len() != span.text.len() {
            span.text = trimmed.to_string();
        }
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text(span) if span.text.is_empty()));
}

/// HTML's character references in text read out of raw HTML (pulldown-cmark decodes
/// those in Markdown text itself).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let character = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|n| n.parse().ok()))
                    .and_then(char::from_u32),
            };
            character.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn paragraph_or_image(mut inlines: Vec<Inline>) -> BlockKind {
    if let [Inline::Image(_)] = inlines.as_slice()
        && let Some(Inline::Image(image)) = inlines.pop()
    {
        return BlockKind::Image(image);
    }
    BlockKind::Paragraph(inlines)
}

fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| match inline {
        Inline::Text(span) => span.text.trim().is_empty(),
        Inline::LineBreak => true,
        Inline::Image(_) => false,
    })
}

fn is_empty_slide(slide: &Slide) -> bool {
    slide.blocks.is_empty()
        && slide.footnotes.is_empty()
        && slide.notes.is_empty()
        && slide.time_budget.is_none()
        && !slide.skip
        && !slide.no_footer
}

/// A footnote's blocks as one run of text: footnotes are drawn as a line or two at the
/// bottom of a slide, not as a document. Depth is bounded by `MAX_NESTING`.
fn append_inlines(block: &Block, out: &mut Vec<Inline>) {
    let start = out.len();
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
            out.extend(content.iter().cloned());
        }
        BlockKind::Image(image) => out.push(Inline::Image(image.clone())),
        BlockKind::Code { text, .. } => out.push(Inline::Text(Span {
            text: text.clone(),
            style: SpanStyle {
                code: true,
                ..SpanStyle::default()
            },
        })),
        BlockKind::List { items, .. } => {
            for item in items {
                for inner in &item.blocks {
                    append_inlines(inner, out);
                }
            }
        }
        BlockKind::Quote { blocks, .. } => {
            for inner in blocks {
                append_inlines(inner, out);
            }
        }
        BlockKind::Table { header, rows, .. } => {
            for cells in std::iter::once(header).chain(rows) {
                for cell in cells {
                    out.extend(cell.iter().cloned());
                    out.push(Inline::Text(Span {
                        text: " ".to_string(),
                        style: SpanStyle::default(),
                    }));
                }
            }
        }
        BlockKind::Pause
        | BlockKind::Rule
        | BlockKind::ColumnLayout(_)
        | BlockKind::Column(_)
        | BlockKind::ResetLayout => {}
    }
    if start > 0 && out.len() > start {
        out.insert(start, Inline::LineBreak);
    }
}

#[cfg(test)]
mod tests;
