//! Raw HTML in a deck, read as the presenters that allow it show it: `<style>` and
//! `<script>` say nothing to the audience and go; `<br>` breaks a line; `<kbd>`, `<b>`,
//! `<span style="color: …">` (presenterm's coloured text) style the text they hold;
//! `<img src=… width=…>` is a picture; every other tag (a `<div>`, a Vue component such
//! as `<Tweet/>`) leaves its text. A tag is never shown as text. Owns the reading of tags
//! and what each means; putting the result on a slide is the parser's.

use std::ops::Range;

use super::model::Colour;

/// One piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Text(&'a str),
    Tag(Tag<'a>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    /// Lowercased for HTML's own tags; components keep their case (`Tweet`).
    pub(crate) name: String,
    pub(crate) closing: bool,
    pub(crate) self_closing: bool,
    attributes: &'a str,
    /// Where the tag is in the fragment.
    pub(crate) range: Range<usize>,
}

/// What a tag does to the text around it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    /// Ends the line (`<br>`).
    LineBreak,
    /// The text inside takes this look until the matching closing tag.
    Style(Look),
    /// A picture (`<img>`): its source, alt text and width and height in pixels.
    Image {
        src: String,
        alt: String,
        width: Option<u32>,
        height: Option<u32>,
    },
    /// What is inside is not for the audience (`<style>`, `<script>`).
    Hide,
    /// A block of its own (`<div>`, `<p>`, `<li>`…): its text starts a new paragraph.
    Block,
    /// Leaves its text and nothing else (`<span>` without a colour, `<sup>`).
    Nothing,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Look {
    Strong,
    Emphasis,
    Strike,
    /// Monospace: `<code>`, and `<kbd>` (a key cap drawn as a code span).
    Code,
    Link(String),
    Colour(Colour),
}

/// The HTML tags whose contents the audience never sees.
const HIDDEN: &[&str] = &["style", "script", "noscript"];

/// Tags that start a block of their own; anything else keeps its text in the line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// HTML's own inline tags; a name outside both lists is a component (Slidev's `<Tweet>`,
/// `<v-click>`, `<carbon:edit>`), whose work gong does not do.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "big", "br", "cite", "code", "del", "em", "font", "i", "img", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "wbr",
    "var",
];

/// Splits `html` into text and tags. A `<` that does not open a tag is text, as in HTML.
pub(crate) fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let open = at + found;
        match tag_at(html, open) {
            Some(tag) => {
                if open > text_start {
                    tokens.push(Token::Text(&html[text_start..open]));
                }
                at = tag.range.end;
                text_start = at;
                tokens.push(Token::Tag(tag));
            }
            None => at = open + 1,
        }
    }
    if text_start < html.len() {
        tokens.push(Token::Text(&html[text_start..]));
    }
    tokens
}

/// The tag that starts at `open` (a `<`), up to its `>` (quotes respected).
fn tag_at(html: &str, open: usize) -> Option<Tag<'_>> {
    let rest = &html[open + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name_length = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | ':' | '_' | '.')))
        .unwrap_or(rest.len());
    let name = &rest[..name_length];
    let mut quote = None;
    let mut end = None;
    for (index, c) in rest[name_length..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(name_length + index);
                break;
            }
            (None, '<') => return None,
            _ => {}
        }
    }
    let end = end?;
    let inside = &rest[name_length..end];
    let self_closing = inside.trim_end().ends_with('/');
    let attributes = inside.trim_end().trim_end_matches('/');
    let lower = name.to_ascii_lowercase();
    let is_html = INLINE.contains(&lower.as_str())
        || BLOCKS.contains(&lower.as_str())
        || HIDDEN.contains(&lower.as_str());
    let start_of_rest = open + 1 + usize::from(closing);
    Some(Tag {
        name: if is_html { lower } else { name.to_string() },
        closing,
        self_closing,
        attributes,
        range: open..start_of_rest + end + 1,
    })
}

impl Tag<'_> {
    /// A component or a directive of another tool, not an HTML tag.
    pub(crate) fn is_component(&self) -> bool {
        let name = self.name.as_str();
        !(INLINE.contains(&name) || BLOCKS.contains(&name) || HIDDEN.contains(&name))
    }

    /// What this tag does, read as an opening tag: a closing tag ends what its opening
    /// tag started, which the reader of the tags keeps track of.
    pub(crate) fn effect(&self) -> Effect {
        let name = self.name.as_str();
        match name {
            "br" => Effect::LineBreak,
            "b" | "strong" => Effect::Style(Look::Strong),
            "i" | "em" | "cite" | "var" => Effect::Style(Look::Emphasis),
            "s" | "del" | "strike" => Effect::Style(Look::Strike),
            "code" | "kbd" | "samp" | "tt" => Effect::Style(Look::Code),
            "a" => match self.attribute("href") {
                Some(href) => Effect::Style(Look::Link(href)),
                None => Effect::Nothing,
            },
            "span" | "font" => {
                let colour = self
                    .attribute("style")
                    .and_then(|style| style_colour(&style))
                    .or_else(|| self.attribute("color").and_then(|c| parse_colour(&c)));
                colour.map_or(Effect::Nothing, |colour| {
                    Effect::Style(Look::Colour(colour))
                })
            }
            "img" => Effect::Image {
                src: self
                    .attribute("src")
                    .or_else(|| {
                        self.attribute(":src")
                            .map(|src| src.trim_matches('\'').to_string())
                    })
                    .unwrap_or_default(),
                alt: self.attribute("alt").unwrap_or_default(),
                width: self.attribute("width").and_then(|w| pixels(&w)),
                height: self.attribute("height").and_then(|h| pixels(&h)),
            },
            _ if HIDDEN.contains(&name) => Effect::Hide,
            _ if BLOCKS.contains(&name) || self.is_component() => Effect::Block,
            _ => Effect::Nothing,
        }
    }

    /// The value of attribute `wanted` (case-insensitive name), entities left as written.
    pub(crate) fn attribute(&self, wanted: &str) -> Option<String> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                let (value, remaining) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                        Some(close) => (&after[1..1 + close], &after[close + 2..]),
                        None => (&after[1..], ""),
                    },
                    _ => {
                        let end = after.find(char::is_whitespace).unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                rest = remaining;
                Some(value)
            } else {
                None
            };
            if name.is_empty() {
                // A stray `=` or quote: skip a character and go on.
                rest = rest.get(1..).unwrap_or("");
                continue;
            }
            if name.eq_ignore_ascii_case(wanted) {
                return Some(value.unwrap_or("").to_string());
            }
        }
    }
}

/// `200`, `200px` → 200; a share (`50%`) or another unit says nothing in pixels.
fn pixels(value: &str) -> Option<u32> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value).trim();
    number
        .parse::<u32>()
        .ok()
        .filter(|&pixels| (1..=crate::deck::parse::MAX_PICTURE_PIXELS).contains(&pixels))
}

/// The `color` of a CSS declaration list (not `background-color`).
fn style_colour(style: &str) -> Option<Colour> {
    style.split(';').find_map(|declaration| {
        let (property, value) = declaration.split_once(':')?;
        (property.trim().eq_ignore_ascii_case("color"))
            .then(|| parse_colour(value))
            .flatten()
    })
}

/// `#e33`, `#ee3333`, `rgb(238, 51, 51)` or a CSS colour name. Theme-relative colours
/// (presenterm's `palette:name`) are not a colour gong can know.
pub(crate) fn parse_colour(text: &str) -> Option<Colour> {
    let text = text.trim().trim_end_matches("!important").trim();
    if let Some(hex) = text.strip_prefix('#') {
        let digit = |index: usize| {
            hex.get(index..=index)
                .and_then(|d| u8::from_str_radix(d, 16).ok())
        };
        return match hex.len() {
            3 | 4 => Some(Colour {
                r: digit(0)? * 17,
                g: digit(1)? * 17,
                b: digit(2)? * 17,
            }),
            6 | 8 => {
                let pair = |index: usize| {
                    hex.get(index..index + 2)
                        .and_then(|d| u8::from_str_radix(d, 16).ok())
                };
                Some(Colour {
                    r: pair(0)?,
                    g: pair(2)?,
                    b: pair(4)?,
                })
            }
            _ => None,
        };
    }
    let lower = text.to_ascii_lowercase();
    if let Some(inner) = lower
        .strip_prefix("rgb(")
        .or_else(|| lower.strip_prefix("rgba("))
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let parts: Vec<u8> = inner
            .split([',', ' '])
            .filter(|part| !part.is_empty())
            .take(3)
            .map(|part| part.trim().parse::<u8>().ok())
            .collect::<Option<_>>()?;
        return match parts.as_slice() {
            [r, g, b] => Some(Colour {
                r: *r,
                g: *g,
                b: *b,
            }),
            _ => None,
        };
    }
    NAMED
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|&(_, [r, g, b])| Colour { r, g, b })
}

/// CSS's basic colour names and the ones decks use most.
const NAMED: &[(&str, [u8; 3])] = &[
    ("black", [0, 0, 0]),
    ("silver", [192, 192, 192]),
    ("gray", [128, 128, 128]),
    ("grey", [128, 128, 128]),
    ("white", [255, 255, 255]),
    ("maroon", [128, 0, 0]),
    ("red", [255, 0, 0]),
    ("purple", [128, 0, 128]),
    ("fuchsia", [255, 0, 255]),
    ("magenta", [255, 0, 255]),
    ("green", [0, 128, 0]),
    ("lime", [0, 255, 0]),
    ("olive", [128, 128, 0]),
    ("yellow", [255, 255, 0]),
    ("navy", [0, 0, 128]),
    ("blue", [0, 0, 255]),
    ("teal", [0, 128, 128]),
    ("aqua", [0, 255, 255]),
    ("cyan", [0, 255, 255]),
    ("orange", [255, 165, 0]),
    ("pink", [255, 192, 203]),
    ("brown", [165, 42, 42]),
    ("gold", [255, 215, 0]),
    ("crimson", [220, 20, 60]),
    ("coral", [255, 127, 80]),
    ("tomato", [255, 99, 71]),
    ("salmon", [250, 128, 114]),
    ("violet", [238, 130, 238]),
    ("indigo", [75, 0, 130]),
    ("turquoise", [64, 224, 208]),
    ("skyblue", [135, 206, 235]),
    ("steelblue", [70, 130, 180]),
    ("royalblue", [65, 105, 225]),
    ("darkred", [139, 0, 0]),
    ("darkgreen", [0, 100, 0]),
    ("darkblue", [0, 0, 139]),
    ("darkorange", [255, 140, 0]),
    ("lightblue", [173, 216, 230]),
    ("lightgreen", [144, 238, 144]),
    ("lightgray", [211, 211, 211]),
    ("lightgrey", [211, 211, 211]),
    ("darkgray", [169, 169, 169]),
    ("darkgrey", [169, 169, 169]),
];

/// The text of an HTML block rewritten as Markdown for the parser to read again: hidden
/// tags dropped with what they hold, block tags turned into paragraph breaks (`<li>` into
/// a list item, `<hN>` into a heading), `<br>` into a hard break, inline tags kept for
/// the inline reader. Lines lose their indentation: inside HTML it is layout, and in
/// Markdown it would turn text into code. Also returns the components met.
pub(crate) fn block_as_markdown(html: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut components = Vec::new();
    let mut hidden: Vec<String> = Vec::new();
    for token in tokens(html) {
        match token {
            Token::Text(text) if hidden.is_empty() => out.push_str(text),
            Token::Text(_) => {}
            Token::Tag(tag) => {
                if !hidden.is_empty() {
                    if tag.closing && hidden.last() == Some(&tag.name) {
                        hidden.pop();
                    } else if !tag.closing && !tag.self_closing && tag.effect() == Effect::Hide {
                        hidden.push(tag.name.clone());
                    }
                    continue;
                }
                if tag.is_component() && !components.contains(&tag.name) {
                    components.push(tag.name.clone());
                }
                match tag.effect() {
                    Effect::Hide if !tag.closing && !tag.self_closing => {
                        hidden.push(tag.name.clone());
                    }
                    Effect::Hide => {}
                    Effect::LineBreak => out.push_str("  \n"),
                    Effect::Block => match (tag.name.as_str(), tag.closing) {
                        ("li", false) => out.push_str("\n\n- "),
                        (heading, false) if is_heading(heading) => {
                            out.push_str("\n\n");
                            out.push_str(&"#".repeat(usize::from(heading.as_bytes()[1] - b'0')));
                            out.push(' ');
                        }
                        _ => out.push_str("\n\n"),
                    },
                    Effect::Style(_) | Effect::Image { .. } | Effect::Nothing => {
                        out.push_str(&html[tag.range.clone()]);
                    }
                }
            }
        }
    }
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        text.push_str(line.trim_start());
        text.push('\n');
    }
    (text, components)
}

fn is_heading(name: &str) -> bool {
    name.len() == 2 && name.starts_with('h') && matches!(name.as_bytes()[1], b'1'..=b'6')
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("#e33", Some((0xee, 0x33, 0x33)))]
    #[case("#FF0000", Some((255, 0, 0)))]
    #[case(" red ", Some((255, 0, 0)))]
    #[case("rgb(1, 2, 3)", Some((1, 2, 3)))]
    #[case("palette:foo", None)]
    #[case("#12", None)]
    #[case("#gggggg", None)]
    fn reads_colours(#[case] text: &str, #[case] expected: Option<(u8, u8, u8)>) {
        assert_eq!(
            parse_colour(text),
            expected.map(|(r, g, b)| Colour { r, g, b })
        );
    }

    fn first_tag(html: &str) -> Tag<'_> {
        tokens(html)
            .into_iter()
            .find_map(|token| match token {
                Token::Tag(tag) => Some(tag),
                Token::Text(_) => None,
            })
            .unwrap()
    }

    #[rstest]
    #[case("<br>", Effect::LineBreak)]
    #[case("<br/>", Effect::LineBreak)]
    #[case("<kbd>", Effect::Style(Look::Code))]
    #[case("<B>", Effect::Style(Look::Strong))]
    #[case(r#"<span style="color: blue; background-color: black">"#, Effect::Style(Look::Colour(Colour { r: 0, g: 0, b: 255 })))]
    #[case(r#"<span style="background-color: black">"#, Effect::Nothing)]
    #[case(r#"<span class="noice">"#, Effect::Nothing)]
    #[case(r#"<img src="a.png" width=300 alt='A cat'>"#, Effect::Image { src: "a.png".into(), alt: "A cat".into(), width: Some(300), height: None })]
    #[case(r#"<img class="h-8" src="x.png" height="50px"/>"#, Effect::Image { src: "x.png".into(), alt: String::new(), width: None, height: Some(50) })]
    #[case("<style scoped>", Effect::Hide)]
    #[case("<div class=\"grid\">", Effect::Block)]
    #[case("<Tweet id=\"1\" />", Effect::Block)]
    #[case("<sup>", Effect::Nothing)]
    fn reads_what_a_tag_does(#[case] html: &str, #[case] effect: Effect) {
        assert_eq!(first_tag(html).effect(), effect);
    }

    #[test]
    fn a_tag_ends_at_its_own_bracket_even_inside_quotes() {
        let tag = first_tag(r#"<div title="a > b" data-x='<'>rest"#);
        assert_eq!(tag.attribute("title").as_deref(), Some("a > b"));
        assert_eq!(tag.range, 0..30);
    }

    #[test]
    fn less_than_signs_that_open_no_tag_are_text() {
        assert_eq!(tokens("a < b and 1<2"), vec![Token::Text("a < b and 1<2")]);
    }

    #[test]
    fn components_keep_their_case_and_are_named() {
        let tag = first_tag("<carbon:arrow-right />");
        assert_eq!(tag.name, "carbon:arrow-right");
        assert!(tag.is_component() && tag.self_closing);
        assert!(!first_tag("<DIV>").is_component());
    }

    #[test]
    fn a_block_reads_as_markdown() {
        let html = "<div class=\"x\">\n  <style>p { color: red }</style>\n  Press <kbd>Space</kbd><br>\n  \
                    <ul><li>A</li><li>B</li></ul>\n  <h2>Title</h2>\n  <Tweet id=\"1\"/>\n</div>\n";
        let (markdown, components) = block_as_markdown(html);
        assert!(!markdown.contains("color"), "{markdown}");
        assert!(
            markdown.contains("Press <kbd>Space</kbd>  \n"),
            "{markdown:?}"
        );
        assert!(markdown.contains("\n- A\n"), "{markdown:?}");
        assert!(markdown.contains("\n## Title\n"), "{markdown:?}");
        assert!(
            !markdown.contains("<div") && !markdown.contains("<ul"),
            "{markdown:?}"
        );
        assert_eq!(components, vec!["Tweet".to_string()]);
    }
}
