use std::time::Duration;

use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::deck::model::FrontMatter;
use crate::format::Format;

// --- builders for expected models ----------------------------------------------------

fn span(text: &str) -> Inline {
    Inline::Text(Span {
        text: text.to_string(),
        style: SpanStyle::default(),
    })
}

fn styled(text: &str, style: SpanStyle) -> Inline {
    Inline::Text(Span {
        text: text.to_string(),
        style,
    })
}

fn block(line: usize, kind: BlockKind) -> Block {
    Block { line, kind }
}

fn para(line: usize, inlines: Vec<Inline>) -> Block {
    block(line, BlockKind::Paragraph(inlines))
}

fn item(blocks: Vec<Block>) -> ListItem {
    ListItem { task: None, blocks }
}

fn image(src: &str, alt: &str, line: usize) -> Image {
    Image {
        src: src.to_string(),
        alt: alt.to_string(),
        width: None,
        height: None,
        background: false,
        split: None,
        line,
    }
}

fn only_slide(source: &str) -> Slide {
    let deck = Deck::parse(source);
    assert_eq!(deck.slides.len(), 1, "{deck:#?}");
    deck.slides.into_iter().next().unwrap()
}

fn messages(deck: &Deck) -> Vec<(usize, usize, Severity, String)> {
    deck.findings
        .iter()
        .map(|f| (f.line, f.column, f.severity, f.message.clone()))
        .collect()
}

// --- one case per construct ----------------------------------------------------------

#[rstest]
#[case::atx_heading("# Title", vec![block(1, BlockKind::Heading { level: 1, content: vec![span("Title")] })])]
#[case::setext_h1("Title\n=====", vec![block(1, BlockKind::Heading { level: 1, content: vec![span("Title")] })])]
#[case::paragraph_soft_break("one\ntwo", vec![para(1, vec![span("one two")])])]
#[case::hard_break("one  \ntwo", vec![para(1, vec![span("one"), Inline::LineBreak, span("two")])])]
#[case::backslash_break("one\\\ntwo", vec![para(1, vec![span("one"), Inline::LineBreak, span("two")])])]
#[case::emphasis("*a* b", vec![para(1, vec![styled("a", SpanStyle { emphasis: true, ..Default::default() }), span(" b")])])]
#[case::strong("**a**", vec![para(1, vec![styled("a", SpanStyle { strong: true, ..Default::default() })])])]
#[case::strong_emphasis("***a***", vec![para(1, vec![styled("a", SpanStyle { strong: true, emphasis: true, ..Default::default() })])])]
#[case::strike("~~gone~~", vec![para(1, vec![styled("gone", SpanStyle { strike: true, ..Default::default() })])])]
#[case::inline_code("run `ls`", vec![para(1, vec![span("run "), styled("ls", SpanStyle { code: true, ..Default::default() })])])]
#[case::link("[docs](https://x.dev) *[e](u)*", vec![para(1, vec![
    styled("docs", SpanStyle { link: Some("https://x.dev".into()), ..Default::default() }),
    span(" "),
    styled("e", SpanStyle { emphasis: true, link: Some("u".into()), ..Default::default() }),
])])]
#[case::lone_image("![A cat](cat.png)", vec![block(1, BlockKind::Image(image("cat.png", "A cat", 1)))])]
#[case::marp_image("![bg w:300 h:200 A cat](cat.png)", vec![block(1, BlockKind::Image(Image {
    width: Some(300), height: Some(200), background: true, ..image("cat.png", "A cat", 1)
}))])]
#[case::marp_long_words("![width:300px height:20px](a.png)", vec![block(1, BlockKind::Image(Image {
    width: Some(300), height: Some(20), ..image("a.png", "", 1)
}))])]
#[case::image_in_text("see ![x](a.png)", vec![para(1, vec![span("see "), Inline::Image(image("a.png", "x", 1))])])]
#[case::unordered_list("- a\n- b", vec![block(1, BlockKind::List { start: None, items: vec![
    item(vec![para(1, vec![span("a")])]),
    item(vec![para(2, vec![span("b")])]),
]})])]
#[case::ordered_list_start("3. a\n4. b", vec![block(1, BlockKind::List { start: Some(3), items: vec![
    item(vec![para(1, vec![span("a")])]),
    item(vec![para(2, vec![span("b")])]),
]})])]
#[case::nested_list("1. a\n   - b\n2. c", vec![block(1, BlockKind::List { start: Some(1), items: vec![
    item(vec![
        para(1, vec![span("a")]),
        block(2, BlockKind::List { start: None, items: vec![item(vec![para(2, vec![span("b")])])] }),
    ]),
    item(vec![para(3, vec![span("c")])]),
]})])]
#[case::loose_list("- a\n\n- b", vec![block(1, BlockKind::List { start: None, items: vec![
    item(vec![para(1, vec![span("a")])]),
    item(vec![para(3, vec![span("b")])]),
]})])]
#[case::task_list("- [x] done\n- [ ] todo", vec![block(1, BlockKind::List { start: None, items: vec![
    ListItem { task: Some(true), blocks: vec![para(1, vec![span("done")])] },
    ListItem { task: Some(false), blocks: vec![para(2, vec![span("todo")])] },
]})])]
#[case::quote("> wise\n> words", vec![block(1, BlockKind::Quote { alert: None, blocks: vec![para(1, vec![span("wise words")])] })])]
#[case::alert("> [!WARNING]\n> hot", vec![block(1, BlockKind::Quote { alert: Some(Alert::Warning), blocks: vec![para(2, vec![span("hot")])] })])]
#[case::alert_tip("> [!TIP]\n> x", vec![block(1, BlockKind::Quote { alert: Some(Alert::Tip), blocks: vec![para(2, vec![span("x")])] })])]
#[case::fenced_code("```rust,ignore extra\nfn main() {}\n```", vec![block(1, BlockKind::Code { lang: Some("rust".into()), text: "fn main() {}".into(), options: CodeOptions::default() })])]
#[case::fence_no_lang("~~~\na\n\nb\n~~~", vec![block(1, BlockKind::Code { lang: None, text: "a\n\nb".into(), options: CodeOptions::default() })])]
#[case::indented_code("    let x = 1;\n    x", vec![block(1, BlockKind::Code { lang: None, text: "let x = 1;\nx".into(), options: CodeOptions::default() })])]
#[case::table("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |", vec![block(1, BlockKind::Table {
    align: vec![Align::Left, Align::Center, Align::Right],
    header: vec![vec![span("a")], vec![span("b")], vec![span("c")]],
    rows: vec![vec![vec![span("1")], vec![span("2")], vec![span("3")]]],
})])]
#[case::inline_html_styles("a <b>bold</b>", vec![para(1, vec![span("a "), styled("bold", SpanStyle { strong: true, ..Default::default() })])])]
#[case::html_block_keeps_its_text("<div>\nhi\n</div>", vec![para(1, vec![span("hi")])])]
fn parses_each_construct(#[case] source: &str, #[case] expected: Vec<Block>) {
    assert_eq!(only_slide(source).blocks, expected);
}

/// Marp's and GitHub's shortcodes are emoji in text, never in code; a name split by
/// the parser at an underscore is still seen whole.
#[test]
fn shortcodes_are_emoji_outside_code() {
    let slide = only_slide("Ship it :rocket: :white_check_mark: `:+1:`\n\n```\n:tada:\n```\n");
    let code = SpanStyle {
        code: true,
        ..SpanStyle::default()
    };
    assert_eq!(
        slide.blocks[0],
        para(1, vec![span("Ship it 🚀 ✅ "), styled(":+1:", code)])
    );
    let BlockKind::Code { text, .. } = &slide.blocks[1].kind else {
        panic!("{:?}", slide.blocks[1]);
    };
    assert_eq!(text, ":tada:");
}

#[test]
fn footnotes_go_to_the_slide_that_cites_them() {
    let deck = Deck::parse("a[^1]\n\n---\n\nb[^n]\n\n[^1]: first\n[^n]: second *x*\n");
    assert_eq!(deck.slides.len(), 2);
    let first = &deck.slides[0];
    assert_eq!(
        first.blocks,
        vec![para(
            1,
            vec![
                span("a"),
                styled(
                    "1",
                    SpanStyle {
                        footnote_ref: true,
                        ..Default::default()
                    }
                )
            ]
        )]
    );
    assert_eq!(
        first.footnotes,
        vec![Footnote {
            label: "1".into(),
            content: vec![span("first")]
        }]
    );
    let second = &deck.slides[1];
    assert_eq!(
        second.footnotes,
        vec![Footnote {
            label: "n".into(),
            content: vec![
                span("second "),
                styled(
                    "x",
                    SpanStyle {
                        emphasis: true,
                        ..Default::default()
                    }
                )
            ]
        }]
    );
    assert!(deck.findings.is_empty(), "{:?}", deck.findings);
}

#[test]
fn an_unreferenced_footnote_stays_where_written_with_a_warning() {
    let deck = Deck::parse("text\n\n[^lonely]: here\n");
    assert_eq!(deck.slides[0].footnotes.len(), 1);
    assert_eq!(
        messages(&deck),
        vec![(
            3,
            1,
            Severity::Warning,
            "footnote `[^lonely]` is never referenced".into()
        )]
    );
}

// --- slides --------------------------------------------------------------------------

#[test]
fn splits_at_rules_with_first_lines() {
    let source = "# One\n\n---\n\n# Two\n\n___\n# Three\n\n***\nFour";
    let deck = Deck::parse(source);
    let lines: Vec<usize> = deck.slides.iter().map(|slide| slide.line).collect();
    assert_eq!(lines, vec![1, 4, 8, 11]);
    let headings: Vec<String> = deck
        .slides
        .iter()
        .map(|slide| match &slide.blocks[0].kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                Inline::plain_text(content)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(headings, vec!["One", "Two", "Three", "Four"]);
}

#[test]
fn a_dash_line_under_text_is_a_heading_with_a_warning() {
    let deck = Deck::parse("Intro\n---\nmore\n");
    assert_eq!(deck.slides.len(), 1);
    assert!(matches!(
        deck.slides[0].blocks[0].kind,
        BlockKind::Heading { level: 2, .. }
    ));
    let found = messages(&deck);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0, found[0].1), (2, 1));
    assert!(found[0].3.contains("blank line"), "{}", found[0].3);
}

#[test]
fn a_longer_setext_underline_is_a_quiet_heading() {
    let deck = Deck::parse("Intro\n-----\n");
    assert!(deck.findings.is_empty());
    match &deck.slides[0].blocks[..] {
        [
            Block {
                kind: BlockKind::Heading { content, .. },
                ..
            },
        ] => assert_eq!(Inline::plain_text(content), "Intro"),
        other => panic!("not one heading: {other:?}"),
    }
}

#[test]
fn empty_slides_at_the_edges_are_dropped_but_kept_between() {
    let deck = Deck::parse("---\n# A\n---\n\n---\n# B\n---\n");
    let lines: Vec<usize> = deck.slides.iter().map(|slide| slide.line).collect();
    assert_eq!(lines, vec![2, 4, 6]);
    assert!(deck.slides[1].blocks.is_empty());
}

#[test]
fn a_rule_inside_a_list_does_not_split() {
    let deck = Deck::parse("- a\n\n  ---\n- b\n");
    assert_eq!(deck.slides.len(), 1);
}

#[test]
fn an_empty_file_is_one_empty_slide() {
    let deck = Deck::parse("");
    assert_eq!(deck.slides.len(), 1);
    assert_eq!(deck.slides[0].line, 1);
    assert!(deck.slides[0].blocks.is_empty());
}

#[test]
fn front_matter_sets_the_deck_and_shifts_lines() {
    let source = "---\ntitle: Fast\nduration: 3m\nformat: pechakucha\nspeeker: x\n---\n\n# One\n";
    let deck = Deck::parse(source);
    assert_eq!(
        deck.front,
        FrontMatter {
            title: Some("Fast".into()),
            duration: Some(Duration::from_secs(180)),
            format: Some(Format::Pechakucha),
            ..FrontMatter::default()
        }
    );
    assert_eq!(deck.slides.len(), 1);
    assert_eq!(deck.slides[0].line, 7);
    assert_eq!(deck.slides[0].blocks[0].line, 8);
    assert_eq!(
        messages(&deck),
        vec![(
            5,
            1,
            Severity::Warning,
            "unknown front-matter key `speeker`".into()
        )]
    );
}

#[test]
fn unterminated_front_matter_is_shown_as_written() {
    let deck = Deck::parse("---\ntitle: x\n\n# Slide\n");
    assert_eq!(deck.front, FrontMatter::default());
    assert_eq!(deck.findings[0].severity, Severity::Error);
    assert_eq!((deck.findings[0].line, deck.findings[0].column), (1, 1));
    let headings = deck
        .slides
        .iter()
        .flat_map(|slide| &slide.blocks)
        .filter(|block| matches!(block.kind, BlockKind::Heading { .. }))
        .count();
    assert_eq!(headings, 1, "{deck:#?}");
    let text: Vec<Block> = deck.slides[0].blocks.clone();
    assert_eq!(text[0], para(2, vec![span("title: x")]));
}

#[test]
fn windows_line_endings_split_and_read_front_matter() {
    let deck = Deck::parse(
        "---\r\ntitle: T\r\n---\r\n# A\r\n\r\n---\r\n\r\n# B\r\n<!-- notes: x\r\ny -->\r\n",
    );
    assert_eq!(deck.front.title.as_deref(), Some("T"));
    let lines: Vec<usize> = deck.slides.iter().map(|slide| slide.line).collect();
    assert_eq!(lines, vec![4, 7]);
    assert_eq!(deck.slides[1].notes, vec!["x\ny"]);
    assert!(deck.findings.is_empty(), "{:?}", deck.findings);
}

#[test]
fn empty_short_comments_are_quiet() {
    let deck = Deck::parse("a\n\n<!-->\n\nb <!---> c\n");
    assert!(deck.findings.is_empty(), "{:?}", deck.findings);
    assert!(deck.slides[0].notes.is_empty());
    // The empty comments swallow nothing: every word around them is still on the slide.
    let shown: Vec<String> = deck.slides[0]
        .blocks
        .iter()
        .filter_map(|block| match &block.kind {
            BlockKind::Paragraph(content) => Some(Inline::plain_text(content)),
            _ => None,
        })
        .collect();
    let words: Vec<&str> = shown
        .iter()
        .flat_map(|text| text.split_whitespace())
        .collect();
    assert_eq!(words, ["a", "b", "c"], "{shown:?}");
}

// --- comments --------------------------------------------------------------------------

#[rstest]
#[case::notes("<!-- notes: smile -->", vec!["smile"])]
#[case::speaker_note("<!-- speaker_note: breathe -->", vec!["breathe"])]
#[case::plain_comment("<!-- Look at Ada in row 2 -->", vec!["Look at Ada in row 2"])]
#[case::two_in_a_block("<!-- notes: a --> <!-- notes: b -->", vec!["a", "b"])]
#[case::inline("text <!-- look up --> more", vec!["look up"])]
#[case::multi_line("<!--\nnotes: one\ntwo\n-->", vec!["one\ntwo"])]
fn comments_become_notes(#[case] source: &str, #[case] notes: Vec<&str>) {
    let deck = Deck::parse(source);
    assert_eq!(deck.slides[0].notes, notes);
    assert!(deck.findings.is_empty(), "{:?}", deck.findings);
}

#[test]
fn pause_is_a_block_in_order() {
    let slide = only_slide("one\n\n<!-- pause -->\n\ntwo");
    assert_eq!(
        slide.blocks,
        vec![
            para(1, vec![span("one")]),
            block(3, BlockKind::Pause),
            para(5, vec![span("two")]),
        ]
    );
}

#[test]
fn pause_inside_a_list_item_stays_in_the_item() {
    let slide = only_slide("- one\n  <!-- pause -->\n- two");
    let BlockKind::List { items, .. } = &slide.blocks[0].kind else {
        panic!("{slide:?}");
    };
    assert_eq!(items[0].blocks[1], block(2, BlockKind::Pause));
}

#[test]
fn an_inline_pause_comes_after_its_paragraph() {
    let slide = only_slide("one <!-- pause --> two\n\nthree");
    assert_eq!(
        slide.blocks,
        vec![
            para(1, vec![span("one  two")]),
            block(1, BlockKind::Pause),
            para(3, vec![span("three")]),
        ]
    );
}

#[test]
fn column_commands_are_blocks() {
    let source = "<!-- column_layout: [1, 2] -->\n<!-- column: 0 -->\nleft\n\n<!-- column: 1 -->\nright\n\n<!-- reset_layout -->\nend";
    let slide = only_slide(source);
    let kinds: Vec<&BlockKind> = slide.blocks.iter().map(|block| &block.kind).collect();
    assert_eq!(kinds[0], &BlockKind::ColumnLayout(vec![1, 2]));
    assert_eq!(kinds[1], &BlockKind::Column(0));
    assert_eq!(kinds[3], &BlockKind::Column(1));
    assert_eq!(kinds[5], &BlockKind::ResetLayout);
    assert_eq!(slide.blocks[5].line, 8);
}

#[test]
fn slide_commands_set_slide_fields() {
    let deck =
        Deck::parse("# A\n<!-- time: 20s -->\n<!-- no_footer -->\n---\n# B\n<!-- skip_slide -->\n");
    let a = &deck.slides[0];
    assert_eq!(a.time_budget, Some(Duration::from_secs(20)));
    assert!(a.no_footer);
    assert!(!a.skip);
    let b = &deck.slides[1];
    assert!(b.skip && !b.no_footer && b.time_budget.is_none());
    assert_eq!(deck.shown_slides().count(), 1);
    assert!(deck.findings.is_empty());
}

#[test]
fn end_slide_splits_and_the_next_slide_starts_below_it() {
    let deck = Deck::parse("a\n<!-- end_slide -->\nb\n");
    assert_eq!(deck.slides.len(), 2);
    assert_eq!(deck.slides[1].line, 3);
    assert_eq!(deck.slides[1].blocks, vec![para(3, vec![span("b")])]);
}

#[rstest]
#[case::unknown(
    "x\n\n<!-- puase -->",
    3,
    1,
    "unknown command `puase` in a comment (did you mean `pause`?); it is ignored"
)]
#[case::unknown_with_value(
    "  <!-- flip: true -->",
    1,
    3,
    "unknown command `flip` in a comment; it is ignored"
)]
#[case::bad_time("# T\n<!-- time: soon -->", 2, 1, "`time:`")]
#[case::bad_layout("<!-- column_layout: [1, x] -->", 1, 1, "not a list of whole numbers")]
#[case::column_without_layout("<!-- column: 0 -->", 1, 1, "before any `column_layout`")]
#[case::column_out_of_range(
    "<!-- column_layout: [1, 1] -->\n<!-- column: 2 -->",
    2,
    1,
    "out of range"
)]
#[case::inline_unknown("ab <!-- colum: 1 --> c", 1, 4, "did you mean `column`?")]
#[case::unclosed_comment("a\n\n<!-- notes: forever\n\nmore", 3, 1, "never closed")]
#[case::end_slide_in_list("- a\n  <!-- end_slide -->", 2, 3, "inside a list or quote")]
#[case::unclosed_fence("# T\n\n```rust\nfn x", 3, 1, "never closed")]
fn comment_problems_are_findings(
    #[case] source: &str,
    #[case] line: usize,
    #[case] column: usize,
    #[case] says: &str,
) {
    let deck = Deck::parse(source);
    let found = messages(&deck);
    assert_eq!(found.len(), 1, "{found:?}");
    let (found_line, found_column, severity, message) = &found[0];
    assert_eq!((*found_line, *found_column), (line, column), "{message}");
    assert_eq!(*severity, Severity::Warning);
    assert!(message.contains(says), "{message}");
}

#[test]
fn findings_on_a_korean_line_count_characters() {
    let deck = Deck::parse("안녕 <!-- puase -->");
    assert_eq!((deck.findings[0].line, deck.findings[0].column), (1, 4));
}

// --- invariants and bad inputs -------------------------------------------------------

/// Every line the deck mentions, walked without recursion.
fn all_lines(deck: &Deck) -> Vec<usize> {
    let mut lines: Vec<usize> = deck.findings.iter().map(|f| f.line).collect();
    let mut stack: Vec<&Block> = Vec::new();
    for slide in &deck.slides {
        lines.push(slide.line);
        stack.extend(&slide.blocks);
    }
    let inline_lines = |inlines: &[Inline], lines: &mut Vec<usize>| {
        for inline in inlines {
            if let Inline::Image(image) = inline {
                lines.push(image.line);
            }
        }
    };
    while let Some(block) = stack.pop() {
        lines.push(block.line);
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inline_lines(content, &mut lines);
            }
            BlockKind::Image(image) => lines.push(image.line),
            BlockKind::List { items, .. } => {
                stack.extend(items.iter().flat_map(|item| &item.blocks));
            }
            BlockKind::Quote { blocks, .. } => stack.extend(blocks),
            _ => {}
        }
    }
    lines
}

fn nesting_depth(deck: &Deck) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Block, usize)> = deck
        .slides
        .iter()
        .flat_map(|slide| slide.blocks.iter().map(|block| (block, 1)))
        .collect();
    while let Some((block, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match &block.kind {
            BlockKind::List { items, .. } => stack.extend(
                items
                    .iter()
                    .flat_map(|item| &item.blocks)
                    .map(|inner| (inner, depth + 1)),
            ),
            BlockKind::Quote { blocks, .. } => {
                stack.extend(blocks.iter().map(|inner| (inner, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

fn assert_lines_in_range(source: &str, deck: &Deck) {
    let count = source.lines().count().max(1);
    for line in all_lines(deck) {
        assert!((1..=count).contains(&line), "line {line} of {count}");
    }
    for finding in &deck.findings {
        assert!(finding.column >= 1);
    }
    assert!(!deck.slides.is_empty());
}

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("\n".to_string()),
        Just("# h\n".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("> [!NOTE]\n".to_string()),
        Just("```rust\n".to_string()),
        Just("    ".to_string()),
        Just("| a | b |\n|---|:-:|\n".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: n\n".to_string()),
        Just("![bg w:3](a.png)".to_string()),
        Just("<!-- pause -->".to_string()),
        Just("<!-- end_slide -->\n".to_string()),
        Just("<!-- column_layout: [1, 2] -->\n".to_string()),
        Just("<!-- column: 1 -->".to_string()),
        Just("<!-- time: 2 -->".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("title: x\n".to_string()),
        Just("**".to_string()),
        Just("~~".to_string()),
        Just("`".to_string()),
        Just("  \n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        "[a-z한 *_\\[\\]()<>!:|-]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_parses_with_lines_in_range(source in any::<String>()) {
        let deck = Deck::parse(&source);
        assert_lines_in_range(&source, &deck);
    }

    #[test]
    fn any_markdown_parses_with_lines_in_range(
        pieces in proptest::collection::vec(markdown_piece(), 0..40)
    ) {
        let source = pieces.concat();
        let deck = Deck::parse(&source);
        assert_lines_in_range(&source, &deck);
    }
}

#[test]
fn binary_data_parses() {
    // A fixed xorshift stream: reproducible noise, no dependency.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    let source = String::from_utf8_lossy(&bytes);
    let deck = Deck::parse(&source);
    assert_lines_in_range(&source, &deck);
}

#[test]
fn a_twenty_megabyte_deck_parses() {
    let slide = "# Slide\n\nSome *text* with `code` and a [link](x).\n\n- a\n- b\n\n---\n\n";
    let source = slide.repeat(20 * 1024 * 1024 / slide.len());
    let deck = Deck::parse(&source);
    assert_eq!(deck.slides.len(), source.matches("---").count());
    assert_lines_in_range(&source, &deck);
}

#[test]
fn ten_thousand_slides() {
    let source: String = (0..10_000)
        .map(|n| format!("# Slide {n}\n\n<!-- time: 1s -->\n\n---\n\n"))
        .collect();
    let deck = Deck::parse(&source);
    assert_eq!(deck.slides.len(), 10_000);
    // Each slide starts on the line after the `---` that ends the one before.
    assert_eq!(deck.slides[9_999].line, 9_999 * 6);
    assert!(deck.findings.is_empty());
}

#[rstest]
#[case::lists((0..500).map(|depth| format!("{}- level {depth}\n", "  ".repeat(depth))).collect())]
#[case::quotes(format!("{} deep\n", ">".repeat(500)))]
#[case::quotes_and_lists(format!("{}x\n", "> - ".repeat(250)))]
#[case::ordered((0..500).map(|depth| format!("{}1. level\n", "   ".repeat(depth))).collect())]
fn deep_nesting_is_flattened(#[case] source: String) {
    let deck = Deck::parse(&source);
    assert!(
        nesting_depth(&deck) <= MAX_NESTING + 1,
        "{}",
        nesting_depth(&deck)
    );
    assert!(
        deck.findings
            .iter()
            .any(|finding| finding.message.contains("flattened")),
        "{:?}",
        deck.findings
    );
    assert_lines_in_range(&source, &deck);
    // Dropping and comparing walk the model recursively: they must not overflow either.
    assert_eq!(deck.clone(), deck);
}

#[rstest]
#[case::long_word("a".repeat(100_000))]
#[case::brackets("[".repeat(100_000))]
#[case::stars("*a".repeat(50_000))]
#[case::backticks("`".repeat(100_000))]
#[case::comment_openers("<!--".repeat(25_000))]
#[case::underscores("_".repeat(100_000))]
#[case::unterminated_front_matter(format!("---\ntitle: x\n{}", "line\n".repeat(10_000)))]
#[case::unterminated_fence(format!("```\n{}", "---\n".repeat(10_000)))]
fn pathological_text_parses(#[case] source: String) {
    let deck = Deck::parse(&source);
    assert_lines_in_range(&source, &deck);
}

// --- decks written for other presenters ----------------------------------------------

use crate::deck::files::MemoryFiles;

fn code_of(slide: &Slide) -> (Option<String>, String, CodeOptions) {
    slide
        .blocks
        .iter()
        .find_map(|block| match &block.kind {
            BlockKind::Code {
                lang,
                text,
                options,
            } => Some((lang.clone(), text.clone(), options.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no code in {slide:#?}"))
}

#[test]
fn a_snippet_import_is_a_code_block_of_its_region() {
    let files = MemoryFiles(vec![(
        "snippets/a.ts",
        "x\n// #region main\n  const a = 1\n  const b = 2\n// #endregion main\ny\n",
    )]);
    let deck = Deck::parse_with("# S\n\n<<< @/snippets/a.ts#main {2}{lines:true}\n", &files);
    assert_eq!(deck.findings, []);
    let (lang, text, options) = code_of(&deck.slides[0]);
    assert_eq!(lang.as_deref(), Some("ts"));
    assert_eq!(text, "const a = 1\nconst b = 2");
    assert_eq!(
        options,
        CodeOptions {
            line_numbers: true,
            highlight: vec![(2, 2)],
        }
    );
}

#[test]
fn an_import_brings_the_slides_it_asks_for_with_their_pictures() {
    let files = MemoryFiles(vec![(
        "pages/part.md",
        "# One\n\n![x](cat.png)\n\n---\n\n# Two\n\n---\n\n# Three\n",
    )]);
    let source = "# Main\n\n---\nsrc: ./pages/part.md#1,3\n---\n\nignored\n\n---\n\n# End\n";
    let deck = Deck::parse_with(source, &files);
    assert_eq!(deck.findings, []);
    let firsts: Vec<String> = deck
        .slides
        .iter()
        .map(|slide| match &slide.blocks[0].kind {
            BlockKind::Heading { content, .. } => Inline::plain_text(content),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(firsts, ["Main", "One", "Three", "End"]);
    // The picture is found from the deck's folder; every line is the importing one.
    assert_eq!(
        deck.slides[1].blocks[1].kind,
        BlockKind::Image(image("pages/cat.png", "x", 4))
    );
    assert_eq!(deck.slides[1].line, 4);
}

#[rstest]
#[case::outside("---\nsrc: ../x.md\n---\n", "outside the deck's folder")]
#[case::missing("---\nsrc: gone.md\n---\n", "does not exist")]
#[case::snippet_missing("<<< @/gone.ts\n", "does not exist")]
#[case::not_read_from_text("---\nsrc: self.md\n---\n", "imports itself")]
fn an_import_that_cannot_be_read_is_an_error_and_the_rest_shows(
    #[case] source: &str,
    #[case] says: &str,
) {
    let files = MemoryFiles(vec![("self.md", "# Self\n\n---\nsrc: self.md\n---\n")]);
    let deck = Deck::parse_with(&format!("# Kept\n\n{source}"), &files);
    let errors: Vec<&Finding> = deck
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", deck.findings);
    assert!(errors[0].message.contains(says), "{}", errors[0].message);
    assert!(matches!(
        &deck.slides[0].blocks[0].kind,
        BlockKind::Heading { content, .. } if Inline::plain_text(content) == "Kept"
    ));
}

#[test]
fn a_gong_deck_keeps_splitting_at_rules_beside_an_end_slide() {
    let deck = Deck::parse(
        "---\ntitle: Mine\n---\n# A\n\n---\n\n# B\n\n---\n\n# C\n<!-- end_slide -->\n# D\n",
    );
    assert_eq!(deck.slides.len(), 4);
    assert!(deck.slides.iter().all(|slide| {
        !slide
            .blocks
            .iter()
            .any(|block| block.kind == BlockKind::Rule)
    }));
}

#[test]
fn a_presenterm_deck_draws_its_rules_and_opens_with_an_intro() {
    let source = "---\ntitle: Talk\nauthor: Ada\n---\n\nOne\n===\n\nabove\n\n---\n\nbelow\n\
                  <!-- end_slide -->\nTwo\n---\n<!-- end_slide -->\nThree\n";
    let deck = Deck::parse(source);
    assert_eq!(deck.slides.len(), 4);
    let intro = &deck.slides[0];
    assert!(matches!(
        &intro.blocks[0].kind,
        BlockKind::Heading { level: 1, content } if Inline::plain_text(content) == "Talk"
    ));
    assert!(
        deck.slides[1]
            .blocks
            .iter()
            .any(|block| block.kind == BlockKind::Rule)
    );
    // Setext titles, `---` underlined too, are slide titles: level 1.
    assert!(matches!(
        &deck.slides[2].blocks[0].kind,
        BlockKind::Heading { level: 1, .. }
    ));
    assert_eq!(deck.findings, []);
}

#[test]
fn presenterm_hides_its_prefixed_lines_and_reads_the_info_string() {
    let source = "x\n===\n\n```rust +line_numbers {1,3-4}\n# use std::fs;\nfn main() {}\n```\n<!-- end_slide -->\ny\n";
    let deck = Deck::parse(source);
    let (lang, text, options) = code_of(&deck.slides[0]);
    assert_eq!(lang.as_deref(), Some("rust"));
    assert_eq!(text, "fn main() {}");
    assert_eq!(
        options,
        CodeOptions {
            line_numbers: true,
            highlight: vec![(1, 1), (3, 4)],
        }
    );
}

#[rstest]
#[case::image_right("---\nlayout: image-right\nimage: cat.png\n---\n\n# T\n", Side::Right)]
#[case::image_left("---\nlayout: image-left\nimage: cat.png\n---\n\n# T\n", Side::Left)]
fn an_image_layout_is_a_picture_on_its_side(#[case] source: &str, #[case] side: Side) {
    let slide = only_slide(source);
    assert_eq!(
        slide.blocks[0].kind,
        BlockKind::Image(Image {
            background: true,
            split: Some(Split { side, percent: 50 }),
            ..image("cat.png", "", 2)
        })
    );
}

#[test]
fn a_two_column_layout_splits_at_its_slot() {
    let slide = only_slide("---\nlayout: two-cols\n---\n\n# L\n::right::\n# R\n");
    let kinds: Vec<&BlockKind> = slide.blocks.iter().map(|block| &block.kind).collect();
    assert!(matches!(
        kinds.as_slice(),
        [
            BlockKind::ColumnLayout(_),
            BlockKind::Column(0),
            BlockKind::Heading { .. },
            BlockKind::Column(1),
            BlockKind::Heading { .. },
        ]
    ));
}

#[rstest]
#[case::bg_right("![bg right](a.png)", Some(Split { side: Side::Right, percent: 50 }), "")]
#[case::bg_left_share("![bg left:30% contain](a.png)", Some(Split { side: Side::Left, percent: 30 }), "")]
#[case::filters("![bg 60% opacity blur A photo](a.png)", None, "A photo")]
#[case::plain_words_stay("![left of the door](a.png)", None, "left of the door")]
fn marp_background_words(#[case] source: &str, #[case] split: Option<Split>, #[case] alt: &str) {
    let slide = only_slide(source);
    let BlockKind::Image(image) = &slide.blocks[0].kind else {
        panic!("{slide:?}");
    };
    assert_eq!((image.split, image.alt.as_str()), (split, alt));
}

#[test]
fn components_and_foreign_settings_are_named_once() {
    let deck = Deck::parse(
        "---\ntransition: fade\n---\n\n# A\n\n<Tweet id=\"1\" />\n\n---\nclicks: 3\n---\n\n<Toc />\n<Tweet/>\n",
    );
    let warnings: Vec<&str> = deck.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("Slidev settings: transition"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("<Tweet>, `clicks:`, <Toc>"),
        "{warnings:?}"
    );
}
