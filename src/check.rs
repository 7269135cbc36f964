//! `gong check`: preflight decks and lineups without opening a window, so a broken deck
//! is found the evening before and not on stage. Owns which files a path means, the
//! checks themselves (as passes over a parsed deck) and the report (rustc-style lines or
//! JSON lines). It never draws, never opens a window and never changes a file.
//!
//! More checks (text that overflows a slide, glyphs no bundled face has) are more
//! `DeckPass`es: add them with `Checker::with_pass`.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::deck::source::{SourceError, read_source};
use crate::deck::{Block, BlockKind, Deck, Finding, Image, Inline, Severity, Slide};
use crate::format::Format;
use crate::lineup::{Lineup, LineupError, markdown_files};

/// What a pass may look at besides the deck itself.
pub struct DeckContext<'a> {
    /// The deck file as the user named it; images resolve against its folder.
    pub path: &'a Path,
    /// The deck's text, for passes that point at a column the model does not keep.
    pub source: &'a str,
    /// The format the deck will be presented in (a lineup talk's, else the deck's own).
    pub format: Format,
    /// Whether `format` came from the lineup rather than the deck's front matter.
    pub format_from_lineup: bool,
}

/// One check over a parsed deck. Passes only add findings; they never stop the others.
pub trait DeckPass {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>);
}

/// All findings about one file: a deck or a lineup.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub path: PathBuf,
    /// Slides that will be shown; `None` for lineups and decks that could not be read.
    pub slides: Option<usize>,
    /// In file order. `line == 0` means the file as a whole (it could not be read).
    pub findings: Vec<Finding>,
}

/// Everything `gong check` found, in the order the files were checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    pub files: Vec<FileReport>,
}

/// Runs the passes over every deck it is given.
pub struct Checker {
    passes: Vec<Box<dyn DeckPass>>,
}

impl Default for Checker {
    fn default() -> Self {
        Checker {
            passes: vec![
                Box::new(ParserFindings),
                Box::new(SlideCount),
                Box::new(EmptySlides),
                Box::new(Images),
            ],
        }
    }
}

impl Checker {
    /// A checker with no passes at all, for tests of a single pass.
    pub fn empty() -> Self {
        Checker { passes: Vec::new() }
    }

    pub fn with_pass(mut self, pass: Box<dyn DeckPass>) -> Self {
        self.passes.push(pass);
        self
    }

    /// `gong check PATH…`: a folder means its `lineup.toml` if there is one, else every
    /// `*.md` in it; a `.toml` file is a lineup; anything else is a deck.
    pub fn check_paths(&self, paths: &[PathBuf]) -> CheckReport {
        let mut report = CheckReport::default();
        for path in paths {
            if path.is_dir() {
                self.check_folder(path, &mut report);
            } else if is_lineup(path) {
                report.files.extend(self.check_lineup_file(path));
            } else {
                report.files.push(self.check_deck_file(path, None));
            }
        }
        report
    }

    fn check_folder(&self, dir: &Path, report: &mut CheckReport) {
        let lineup = dir.join("lineup.toml");
        if lineup.is_file() {
            report.files.extend(self.check_lineup_file(&lineup));
            return;
        }
        match markdown_files(dir) {
            Ok(decks) if decks.is_empty() => report.files.push(whole_file_error(
                dir,
                "no lineup.toml and no Markdown decks (*.md) in this folder".to_string(),
            )),
            Ok(decks) => {
                for deck in decks {
                    report.files.push(self.check_deck_file(&deck, None));
                }
            }
            Err(error) => report.files.push(whole_file_error(
                dir,
                format!("cannot list this folder: {error}"),
            )),
        }
    }

    /// The lineup itself, then every deck it names (once per format it is presented in).
    pub fn check_lineup_file(&self, path: &Path) -> Vec<FileReport> {
        let lineup = match Lineup::load(path) {
            Ok(lineup) => lineup,
            Err(LineupError::Unreadable { reason, .. }) => {
                return vec![FileReport {
                    path: path.to_path_buf(),
                    slides: None,
                    findings: vec![source_finding(&reason)],
                }];
            }
            Err(error) => {
                let (line, column) = error
                    .position()
                    .map_or((0, 0), |position| (position.line, position.column));
                return vec![FileReport {
                    path: path.to_path_buf(),
                    slides: None,
                    findings: vec![Finding {
                        line,
                        column,
                        severity: Severity::Error,
                        message: error.message(),
                    }],
                }];
            }
        };
        let mut lineup_report = FileReport {
            path: path.to_path_buf(),
            slides: None,
            findings: Vec::new(),
        };
        let mut decks = Vec::new();
        let mut seen: Vec<(PathBuf, Option<Format>)> = Vec::new();
        for talk in &lineup.talks {
            let Some(deck) = &talk.deck else { continue };
            let (line, column) = talk
                .position
                .map_or((0, 0), |position| (position.line, position.column));
            if !deck.exists() {
                lineup_report.findings.push(Finding {
                    line,
                    column,
                    severity: Severity::Error,
                    message: format!(
                        "the deck of {} ({}) does not exist",
                        talk.speaker,
                        deck.display()
                    ),
                });
                continue;
            }
            let key = (deck.clone(), talk.format);
            if !seen.contains(&key) {
                decks.push(self.check_deck_file(deck, talk.format));
                seen.push(key);
            }
        }
        let mut reports = vec![lineup_report];
        reports.extend(decks);
        reports
    }

    /// One deck file. `format` is the lineup talk's, which wins over the front matter.
    pub fn check_deck_file(&self, path: &Path, format: Option<Format>) -> FileReport {
        let source = match read_source(path) {
            Ok(source) => source,
            Err(error) => {
                return FileReport {
                    path: path.to_path_buf(),
                    slides: None,
                    findings: vec![source_finding(&error)],
                };
            }
        };
        if source.trim().is_empty() {
            return FileReport {
                path: path.to_path_buf(),
                slides: None,
                findings: vec![Finding {
                    line: 1,
                    column: 1,
                    severity: Severity::Error,
                    message: "the file is empty: there is nothing to show".to_string(),
                }],
            };
        }
        // Valid UTF-8 can still be a binary file; a NUL never belongs in Markdown.
        if let Some(offset) = source.find('\0') {
            let at = crate::lineup::position_of(&source, offset);
            return FileReport {
                path: path.to_path_buf(),
                slides: None,
                findings: vec![Finding {
                    line: at.line,
                    column: at.column,
                    severity: Severity::Error,
                    message: "this looks like a binary file, not Markdown (it holds a NUL byte)"
                        .to_string(),
                }],
            };
        }
        let deck = Deck::parse(&source);
        let context = DeckContext {
            path,
            source: &source,
            format: format.or(deck.front.format).unwrap_or_default(),
            format_from_lineup: format.is_some(),
        };
        FileReport {
            path: path.to_path_buf(),
            slides: Some(deck.shown_slides().count()),
            findings: self.check_deck(&deck, &context),
        }
    }

    /// Every pass over one parsed deck, findings in file order.
    pub fn check_deck(&self, deck: &Deck, context: &DeckContext<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        for pass in &self.passes {
            pass.check(deck, context, &mut findings);
        }
        // Stable: findings on one spot keep the order their passes gave them.
        findings.sort_by_key(|finding| (finding.line, finding.column));
        findings
    }
}

fn is_lineup(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
}

/// The reader's error, placed where it is (a bad byte) or on the whole file, and worded
/// without the path, which the report line already starts with.
fn source_finding(error: &SourceError) -> Finding {
    let whole_file = |message: String| Finding {
        line: 0,
        column: 0,
        severity: Severity::Error,
        message,
    };
    match error {
        SourceError::NotUtf8 {
            offset,
            line,
            column,
            ..
        } => Finding {
            line: *line,
            column: *column,
            severity: Severity::Error,
            message: format!("not UTF-8 text: byte {offset} is invalid; save the file as UTF-8"),
        },
        SourceError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            whole_file("no such file".to_string())
        }
        SourceError::Io { source, .. } => whole_file(format!("cannot read: {source}")),
        SourceError::NotAFile { .. } => whole_file("not a regular file".to_string()),
        other => whole_file(other.to_string()),
    }
}

fn whole_file_error(path: &Path, message: String) -> FileReport {
    FileReport {
        path: path.to_path_buf(),
        slides: None,
        findings: vec![Finding {
            line: 0,
            column: 0,
            severity: Severity::Error,
            message,
        }],
    }
}

impl FileReport {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.severity == Severity::Warning)
    }

    /// `path:line:col: error: message`, one per finding, as rustc and editors expect.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.findings.iter().map(|finding| {
            let severity = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let place = if finding.line == 0 {
                String::new()
            } else {
                format!("{}:{}:", finding.line, finding.column)
            };
            format!(
                "{}:{place} {severity}: {}",
                self.path.display(),
                finding.message
            )
        })
    }

    /// `{"path","slides","errors":[…],"warnings":[…]}` with `{line, column, message}` items.
    pub fn to_json(&self) -> serde_json::Value {
        let items = |findings: Vec<&Finding>| -> Vec<serde_json::Value> {
            findings
                .into_iter()
                .map(|finding| {
                    serde_json::json!({
                        "line": finding.line,
                        "column": finding.column,
                        "message": finding.message,
                    })
                })
                .collect()
        };
        serde_json::json!({
            "path": self.path.display().to_string(),
            "slides": self.slides,
            "errors": items(self.errors().collect()),
            "warnings": items(self.warnings().collect()),
        })
    }
}

impl CheckReport {
    pub fn error_count(&self) -> usize {
        self.files.iter().map(|file| file.errors().count()).sum()
    }

    pub fn warning_count(&self) -> usize {
        self.files.iter().map(|file| file.warnings().count()).sum()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// `checked 4 files: 0 errors, 2 warnings`.
    pub fn summary(&self) -> String {
        format!(
            "checked {}: {}, {}",
            plural(self.files.len(), "file"),
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }

    /// Every finding as a line, then the summary.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for line in self.files.iter().flat_map(FileReport::lines) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str(&self.summary());
        text.push('\n');
        text
    }

    /// One JSON object per file, one per line.
    pub fn to_json_lines(&self) -> String {
        self.files
            .iter()
            .map(|file| format!("{}\n", file.to_json()))
            .collect()
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// What the parser noticed (unknown front-matter keys, unknown comment commands…).
pub struct ParserFindings;

impl DeckPass for ParserFindings {
    fn check(&self, deck: &Deck, _context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        findings.extend(deck.findings.iter().cloned());
    }
}

/// Ignite and Pecha Kucha are 20 slides by their rules; the clock advances them, so a
/// 19th slide would be shown for 30 s or the talk would end early.
pub struct SlideCount;

impl DeckPass for SlideCount {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let shown = deck.shown_slides().count();
        // A deck the parser already found broken (say, front matter never closed) has
        // no slides because of that error; saying so again is noise.
        let already_broken = deck
            .findings
            .iter()
            .any(|finding| finding.severity == Severity::Error);
        if shown == 0 && already_broken {
            return;
        }
        if shown == 0 {
            findings.push(Finding {
                line: 1,
                column: 1,
                severity: Severity::Error,
                message: "the deck has no slides".to_string(),
            });
            return;
        }
        let Some((wanted, each)) = context.format.auto_advance() else {
            return;
        };
        if shown != wanted {
            let whose = if context.format_from_lineup {
                "the lineup presents this deck as"
            } else {
                "this deck's format is"
            };
            findings.push(Finding {
                line: 1,
                column: 1,
                severity: Severity::Warning,
                message: format!(
                    "{whose} {}: {wanted} slides of {}s each, but it shows {shown}",
                    context.format.name(),
                    each.as_secs()
                ),
            });
        }
    }
}

/// A slide with nothing the audience can see is almost always a stray `---`.
pub struct EmptySlides;

impl DeckPass for EmptySlides {
    fn check(&self, deck: &Deck, _context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        for (index, slide) in deck.shown_slides().enumerate() {
            if !slide
                .blocks
                .iter()
                .any(|block| shows_something(&block.kind))
            {
                findings.push(Finding {
                    line: slide.line.max(1),
                    column: 1,
                    severity: Severity::Warning,
                    message: format!("slide {} has nothing on it (a stray `---`?)", index + 1),
                });
            }
        }
    }
}

fn shows_something(kind: &BlockKind) -> bool {
    !matches!(
        kind,
        BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout
    )
}

/// Every local image must be a PNG or JPEG file next to the deck: the show never fetches
/// anything, and decodes only those two.
pub struct Images;

impl DeckPass for Images {
    fn check(&self, deck: &Deck, context: &DeckContext<'_>, findings: &mut Vec<Finding>) {
        let folder = context.path.parent().unwrap_or(Path::new(""));
        for image in deck.slides.iter().flat_map(slide_images) {
            let problem = if is_remote(&image.src) {
                Some(format!(
                    "image `{}` is on the web; gong shows only local files (download it next to the deck)",
                    image.src
                ))
            } else {
                image_problem(&folder.join(&image.src))
                    .map(|why| format!("image `{}` {why}", image.src))
            };
            if let Some(message) = problem {
                findings.push(Finding {
                    line: image.line.max(1),
                    column: column_of(context.source, image.line, &image.src),
                    severity: Severity::Error,
                    message,
                });
            }
        }
    }
}

fn is_remote(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    ["http://", "https://", "ftp://", "data:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Why this file cannot be shown as a picture, or `None` when it is a PNG or JPEG.
fn image_problem(path: &Path) -> Option<String> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Some("does not exist".to_string());
        }
        Err(error) => return Some(format!("cannot be read: {error}")),
    };
    if !metadata.is_file() {
        return Some("is not a regular file".to_string());
    }
    let mut head = [0_u8; 16];
    let read = File::open(path).and_then(|mut file| read_up_to(&mut file, &mut head));
    match read {
        Ok(length) => match sniff(&head[..length]) {
            Picture::Png | Picture::Jpeg => None,
            Picture::Other(kind) => Some(format!("is {kind}, not a PNG or JPEG")),
        },
        Err(error) => Some(format!("cannot be read: {error}")),
    }
}

fn read_up_to(file: &mut File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..])? {
            0 => break,
            count => filled += count,
        }
    }
    Ok(filled)
}

enum Picture {
    Png,
    Jpeg,
    Other(&'static str),
}

/// By the file's first bytes, not its name: a PNG saved as `.jpg` shows fine, a text
/// file named `.png` does not.
fn sniff(head: &[u8]) -> Picture {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Picture::Png
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Picture::Jpeg
    } else if head.starts_with(b"GIF8") {
        Picture::Other("a GIF")
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP".as_slice()) {
        Picture::Other("a WebP image")
    } else if head.is_empty() {
        Picture::Other("an empty file")
    } else if head.trim_ascii_start().starts_with(b"<") {
        Picture::Other("SVG or other markup")
    } else if std::str::from_utf8(head).is_ok() {
        Picture::Other("a text file")
    } else {
        Picture::Other("an unknown kind of file")
    }
}

/// The model keeps an image's line only; its column is where the path is written.
fn column_of(source: &str, line: usize, needle: &str) -> usize {
    let Some(text) = source.lines().nth(line.saturating_sub(1)) else {
        return 1;
    };
    text.find(needle)
        .map_or(1, |offset| text[..offset].chars().count() + 1)
}

fn slide_images(slide: &Slide) -> Vec<&Image> {
    let mut images = Vec::new();
    blocks_images(&slide.blocks, &mut images);
    for footnote in &slide.footnotes {
        inline_images(&footnote.content, &mut images);
    }
    images
}

fn blocks_images<'a>(blocks: &'a [Block], images: &mut Vec<&'a Image>) {
    for block in blocks {
        match &block.kind {
            BlockKind::Image(image) => images.push(image),
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inline_images(content, images);
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    blocks_images(&item.blocks, images);
                }
            }
            BlockKind::Quote { blocks, .. } => blocks_images(blocks, images),
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    inline_images(cell, images);
                }
            }
            BlockKind::Code { .. }
            | BlockKind::Pause
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout => {}
        }
    }
}

fn inline_images<'a>(inlines: &'a [Inline], images: &mut Vec<&'a Image>) {
    for inline in inlines {
        if let Inline::Image(image) = inline {
            images.push(image);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Span, SpanStyle};

    fn text(line: usize, words: &str) -> Block {
        Block {
            line,
            kind: BlockKind::Paragraph(vec![Inline::Text(Span {
                text: words.to_string(),
                style: SpanStyle::default(),
            })]),
        }
    }

    fn slide(line: usize, blocks: Vec<Block>) -> Slide {
        Slide {
            line,
            blocks,
            ..Slide::default()
        }
    }

    fn run(pass: impl DeckPass + 'static, deck: &Deck, format: Format) -> Vec<Finding> {
        let context = DeckContext {
            path: Path::new("deck.md"),
            source: "",
            format,
            format_from_lineup: false,
        };
        Checker::empty()
            .with_pass(Box::new(pass))
            .check_deck(deck, &context)
    }

    #[test]
    fn ignite_wants_twenty_shown_slides() {
        let mut deck = Deck {
            slides: (0..21)
                .map(|n| slide(n * 3 + 1, vec![text(n * 3 + 1, "x")]))
                .collect(),
            ..Deck::default()
        };
        deck.slides[20].skip = true;
        assert!(run(SlideCount, &deck, Format::Ignite).is_empty());
        deck.slides[19].skip = true;
        let findings = run(SlideCount, &deck, Format::Ignite);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "this deck's format is ignite: 20 slides of 15s each, but it shows 19"
        );
        assert!(run(SlideCount, &deck, Format::Free).is_empty());
    }

    #[test]
    fn a_slide_of_only_layout_commands_is_empty() {
        let deck = Deck {
            slides: vec![
                slide(1, vec![text(1, "Hello")]),
                slide(
                    3,
                    vec![
                        Block {
                            line: 3,
                            kind: BlockKind::ColumnLayout(vec![1, 1]),
                        },
                        Block {
                            line: 4,
                            kind: BlockKind::Pause,
                        },
                    ],
                ),
            ],
            ..Deck::default()
        };
        let findings = run(EmptySlides, &deck, Format::Free);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, 3);
        assert_eq!(
            findings[0].message,
            "slide 2 has nothing on it (a stray `---`?)"
        );
    }

    #[test]
    fn sniffing_goes_by_content_not_name() {
        assert!(matches!(sniff(b"\x89PNG\r\n\x1a\n...."), Picture::Png));
        assert!(matches!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Picture::Jpeg));
        assert!(matches!(sniff(b"GIF89a"), Picture::Other("a GIF")));
        assert!(matches!(
            sniff(b"  <svg xmlns"),
            Picture::Other("SVG or other markup")
        ));
        assert!(matches!(
            sniff(b"hello there"),
            Picture::Other("a text file")
        ));
        assert!(matches!(sniff(b""), Picture::Other("an empty file")));
    }

    #[test]
    fn images_are_found_in_lists_quotes_and_tables() {
        let image = |src: &str| Image {
            src: src.to_string(),
            alt: String::new(),
            width: None,
            height: None,
            background: false,
            line: 2,
        };
        let nested = Block {
            line: 1,
            kind: BlockKind::Quote {
                alert: None,
                blocks: vec![Block {
                    line: 2,
                    kind: BlockKind::List {
                        start: None,
                        items: vec![crate::deck::ListItem {
                            task: None,
                            blocks: vec![Block {
                                line: 2,
                                kind: BlockKind::Paragraph(vec![Inline::Image(image("a.png"))]),
                            }],
                        }],
                    },
                }],
            },
        };
        let table = Block {
            line: 3,
            kind: BlockKind::Table {
                align: vec![],
                header: vec![vec![Inline::Image(image("b.png"))]],
                rows: vec![vec![vec![Inline::Image(image("c.png"))]]],
            },
        };
        let found: Vec<String> = slide_images(&slide(1, vec![nested, table]))
            .into_iter()
            .map(|image| image.src.clone())
            .collect();
        assert_eq!(found, ["a.png", "b.png", "c.png"]);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("제목 ![x](pic.png)", 1, "pic.png"), 9);
        assert_eq!(column_of("a\n![x](pic.png)", 2, "pic.png"), 6);
        assert_eq!(column_of("a", 7, "pic.png"), 1);
    }

    #[test]
    fn the_summary_counts_in_words() {
        let finding = |severity| Finding {
            line: 2,
            column: 3,
            severity,
            message: "m".to_string(),
        };
        let report = CheckReport {
            files: vec![FileReport {
                path: PathBuf::from("talks/a.md"),
                slides: Some(3),
                findings: vec![finding(Severity::Error), finding(Severity::Warning)],
            }],
        };
        assert_eq!(
            report.to_text(),
            "talks/a.md:2:3: error: m\ntalks/a.md:2:3: warning: m\nchecked 1 file: 1 error, 1 warning\n"
        );
        assert!(report.has_errors());
        let json: serde_json::Value = serde_json::from_str(report.to_json_lines().trim()).unwrap();
        assert_eq!(json["slides"], 3);
        assert_eq!(json["errors"][0]["column"], 3);
        assert_eq!(json["warnings"].as_array().map(Vec::len), Some(1));
    }
}
