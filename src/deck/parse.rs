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

use std::collections::{HashMap, HashSet};
use std::mem;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::comment::{self, Comment, HtmlPiece};
use super::front;
use super::lines::LineIndex;
use super::model::{
    Alert, Align, Block, BlockKind, Deck, Finding, Footnote, Image, Inline, ListItem, Severity,
    Slide, Span, SpanStyle,
};

/// How many lists and quotes may nest inside each other before deeper ones are
/// flattened. Far beyond anything legible on a slide.
pub const MAX_NESTING: usize = 32;

/// CommonMark plus the GitHub extensions a slide can hold.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

impl Deck {
    /// Reads a deck. Never fails: whatever the text holds becomes slides, and anything
    /// the author should hear about goes into `findings` with its line and column.
    pub fn parse(source: &str) -> Deck {
        let lines = LineIndex::new(source);
        let split = front::split(source, &lines);
        let body_start = split.body_start;
        let mut builder = Builder::new(source, &lines, body_start, split.findings);
        let parser = Parser::new_ext(&source[body_start..], markdown_options());
        for (event, range) in parser.into_offset_iter() {
            builder.event(event, range.start + body_start..range.end + body_start);
        }
        builder.finish(split.front)
    }
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
    links: Vec<String>,
}

impl Style {
    fn span(&self) -> SpanStyle {
        SpanStyle {
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            strike: self.strike > 0,
            code: false,
            link: self.links.last().cloned(),
            footnote_ref: false,
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
    lang: Option<String>,
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
    findings: Vec<Finding>,
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
    ) -> Builder<'s> {
        let mut slide = SlideDraft::default();
        slide.slide.line = lines.line(body_start);
        Builder {
            source,
            lines,
            findings,
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
                let (lang, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (lang_of(&info), true),
                    CodeBlockKind::Indented => (None, false),
                };
                self.code = Some(CodeDraft {
                    line,
                    lang,
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
                if level as u8 == 2 && self.frames.is_empty() {
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
        let Some(mut run) = self.run.take() else {
            return;
        };
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
        if let Some(code) = &mut self.code {
            code.text.push_str(text);
        } else if let Some(image) = &mut self.image {
            image.alt.push_str(text);
        } else {
            self.push_span(text, self.style.span(), offset);
        }
    }

    fn inline_code(&mut self, text: &str, offset: usize) {
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
        self.push_block(Block {
            line: code.line,
            kind: BlockKind::Code {
                lang: code.lang,
                text,
            },
        });
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

    /// Comments become notes and commands; any other HTML is shown as the text it is.
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
                    let mut inlines = Vec::new();
                    for line in trimmed.trim_end().lines() {
                        if !inlines.is_empty() {
                            inlines.push(Inline::LineBreak);
                        }
                        inlines.push(Inline::Text(Span {
                            text: line.trim().to_string(),
                            style: SpanStyle::default(),
                        }));
                    }
                    let line = self.line(offset);
                    self.push_block(Block {
                        line,
                        kind: BlockKind::Paragraph(inlines),
                    });
                }
            }
        }
    }

    fn inline_html(&mut self, html: &str, offset: usize) {
        if self.image.is_some() {
            return;
        }
        if !html.starts_with("<!--") {
            self.push_span(html, self.style.span(), offset);
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
                    self.push_span(text, self.style.span(), offset + start);
                }
            }
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
        // A rule inside a list or quote cannot split a slide without tearing the
        // container in two; it is dropped.
        if self.frames.is_empty() {
            let next = self.line_after(range.end);
            self.split_slide(next);
        }
    }

    fn split_slide(&mut self, line: usize) {
        self.close_run();
        let mut next = SlideDraft::default();
        next.slide.line = line;
        let mut done = mem::replace(&mut self.slide, next);
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

    fn finish(mut self, front: super::model::FrontMatter) -> Deck {
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
        self.done.push(last);

        self.place_footnotes();
        let mut slides: Vec<Slide> = self.done.into_iter().map(|draft| draft.slide).collect();
        while slides.len() > 1 && slides.last().is_some_and(is_empty_slide) {
            slides.pop();
        }
        if slides.len() > 1 && slides.first().is_some_and(is_empty_slide) {
            slides.remove(0);
        }
        self.findings
            .sort_by_key(|finding| (finding.line, finding.column));
        Deck {
            front,
            slides,
            findings: self.findings,
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

/// The first word of a fence's info string: `rust` from "rust", "rust,ignore",
/// "{.rust}" or "rust +exec".
fn lang_of(info: &str) -> Option<String> {
    let word = info.split_whitespace().next()?;
    let word = word.split(',').next().unwrap_or(word);
    let word = word.trim_matches(|c| matches!(c, '{' | '}' | '.'));
    (!word.is_empty()).then(|| word.to_string())
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

/// Marp writes an image's size and role into its alt text: `![bg w:300](a.png)`.
fn marp_image(src: String, alt: &str, line: usize) -> Image {
    let mut image = Image {
        src,
        alt: String::new(),
        width: None,
        height: None,
        background: false,
        line,
    };
    let mut words = Vec::new();
    for word in alt.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if lower == "bg" {
            image.background = true;
            continue;
        }
        let width = lower
            .strip_prefix("w:")
            .or_else(|| lower.strip_prefix("width:"));
        if let Some(pixels) = width.and_then(pixels_of) {
            image.width = Some(pixels);
            continue;
        }
        let height = lower
            .strip_prefix("h:")
            .or_else(|| lower.strip_prefix("height:"));
        if let Some(pixels) = height.and_then(pixels_of) {
            image.height = Some(pixels);
            continue;
        }
        words.push(word);
    }
    image.alt = words.join(" ");
    image
}

fn pixels_of(value: &str) -> Option<u32> {
    value.strip_suffix("px").unwrap_or(value).parse().ok()
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
