//! Which presenter a deck was written for, read from what it uses, and the rules that
//! hold only in that presenter's decks. A speaker brings the deck they already have; it
//! must open as its author meant without edits. One place decides the dialect, so the
//! show, `check` and `export` read a deck alike.
//!
//! What tells:
//! - presenterm: its front-matter keys (`sub_title`, `authors`, a `theme:` that is a
//!   map), or more `<!-- end_slide -->` lines than `---` breaks. Its decks split
//!   only at `end_slide`, draw `---` as a rule, take a setext heading as the slide's title,
//!   and open with an intro slide made from the front matter. A gong deck may split at
//!   both (`---` mostly, an `end_slide` here and there) and keeps doing so.
//! - Slidev: per-slide front matter (`---`, `key: value`, `---`) or its own head keys
//!   (`layout`, `highlighter`, `drawings`…). Every line of dashes splits there, as
//!   Slidev's own scanner splits, text right above it or not.
//! - reveal-md: its front-matter keys (`separator`, `verticalSeparator`, `revealOptions`,
//!   `highlightTheme`), or, in a deck nothing else claims, a `----` line (its vertical
//!   separator). Its decks split at their separators and take everything after a
//!   `Note:` line as speaker notes.
//! - Marp: `marp: true` or its directives; CommonMark splitting, as gong's own decks.

use super::scan::{LineKind, Scanned};

/// The presenter a deck reads as written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tool {
    /// Nothing tells: gong's own decks, and `slides`' (which read the same).
    #[default]
    Plain,
    Presenterm,
    Slidev,
    Marp,
    Reveal,
}

impl Tool {
    /// How `check` names the tool.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Tool::Plain => "gong",
            Tool::Presenterm => "presenterm",
            Tool::Slidev => "Slidev",
            Tool::Marp => "Marp",
            Tool::Reveal => "reveal.js",
        }
    }
}

/// What the top of the deck told about its tool: its front-matter keys, and whether
/// its `theme` is a map (presenterm's `theme: { name: … }`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HeadKeys {
    pub(crate) keys: Vec<String>,
    pub(crate) theme_is_map: bool,
    /// `marp: true`.
    pub(crate) marp: bool,
}

/// Reads the dialect from the head keys and the lines the scanner found.
pub(crate) fn detect(head: &HeadKeys, lines: &[Scanned]) -> Tool {
    let has_key = |list: &[&str]| head.keys.iter().any(|key| list.contains(&key.as_str()));
    let has_line = |wanted: fn(&LineKind) -> bool| lines.iter().any(|line| wanted(&line.kind));
    let end_slides = lines
        .iter()
        .filter(|line| line.kind == LineKind::EndSlide)
        .count();
    let breaks = lines
        .iter()
        .filter(|line| matches!(line.kind, LineKind::Dashes(_)) && !line.under_text)
        .count();
    if head.marp {
        Tool::Marp
    } else if head.theme_is_map || has_key(PRESENTERM_KEYS) || end_slides > breaks {
        Tool::Presenterm
    } else if has_key(SLIDEV_KEYS) || has_line(|kind| matches!(kind, LineKind::FrontBlock { .. })) {
        Tool::Slidev
    } else if has_key(REVEAL_KEYS) {
        Tool::Reveal
    } else if has_key(MARP_KEYS) {
        Tool::Marp
    } else if has_line(|kind| *kind == LineKind::Dashes(4)) {
        Tool::Reveal
    } else {
        Tool::Plain
    }
}

/// Front-matter keys only presenterm reads.
const PRESENTERM_KEYS: &[&str] = &["sub_title", "authors", "event", "location", "options"];

/// Head keys only Slidev reads (its slide keys included: the head is slide 1's too).
pub(crate) const SLIDEV_KEYS: &[&str] = &[
    "addons",
    "aspectRatio",
    "background",
    "canvasWidth",
    "colorSchema",
    "comark",
    "contextMenu",
    "defaults",
    "download",
    "drawings",
    "exportFilename",
    "favicon",
    "fonts",
    "hide",
    "hideInToc",
    "highlighter",
    "htmlAttrs",
    "image",
    "info",
    "layout",
    "layoutClass",
    "level",
    "lineNumbers",
    "mdc",
    "monaco",
    "record",
    "routerMode",
    "selectable",
    "seoMeta",
    "src",
    "themeConfig",
    "titleTemplate",
    "transition",
    "twoslash",
    "wakeLock",
];

/// Front-matter keys only reveal-md reads.
pub(crate) const REVEAL_KEYS: &[&str] = &[
    "highlightTheme",
    "notesSeparator",
    "preprocessor",
    "revealOptions",
    "separator",
    "verticalSeparator",
];

/// Marp's directives, as front-matter keys (a leading `_` makes one local to a slide).
pub(crate) const MARP_KEYS: &[&str] = &[
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundRepeat",
    "backgroundSize",
    "color",
    "description",
    "footer",
    "header",
    "headingDivider",
    "keywords",
    "lang",
    "marp",
    "math",
    "paginate",
    "size",
    "style",
    "url",
];

/// The tool a front-matter key belongs to, when it is one gong does not read: `check`
/// names these once for the deck, instead of calling each a typo.
pub(crate) fn foreign_key(key: &str) -> Option<Tool> {
    let local = key.strip_prefix('_').unwrap_or(key);
    if SLIDEV_KEYS.contains(&key) || matches!(key, "class" | "clicks" | "name" | "dragPos") {
        Some(Tool::Slidev)
    } else if MARP_KEYS.contains(&local) || local == "class" {
        Some(Tool::Marp)
    } else if REVEAL_KEYS.contains(&key) || matches!(key, "css" | "scripts") {
        Some(Tool::Reveal)
    } else if PRESENTERM_KEYS.contains(&key) {
        Some(Tool::Presenterm)
    } else if key == "paging" {
        // `slides`' footer text.
        Some(Tool::Plain)
    } else {
        None
    }
}

/// Comment commands of other presenters that change nothing on a gong slide, or that
/// gong does its own way (`jump_to_middle`: short slides sit in the middle already):
/// neither notes nor typos.
pub(crate) const FOREIGN_COMMANDS: &[&str] = &[
    // presenterm
    "alignment",
    "comment",
    "font_size",
    "incremental_lists",
    "jump_to_middle",
    "list_item_newlines",
    "new_line",
    "new_lines",
    "newline",
    "newlines",
    "snippet_output",
    // Marp (`<!-- fit -->` in a heading, and its directives)
    "fit",
    "class",
    "paginate",
    "header",
    "footer",
    "theme",
    "size",
    "math",
    "lang",
    "color",
    "style",
];

/// presenterm's hidden-line prefix for a language: the lines of a snippet that run but are
/// not shown (its `executors.yaml`). `None` for languages without one.
pub(crate) fn presenterm_hidden_prefix(lang: &str) -> Option<&'static str> {
    match lang {
        "rust" | "rust-script" => Some("# "),
        "elixir" | "jsonnet" => Some("## "),
        "bash" | "c++" | "cpp" | "c" | "fish" | "go" | "java" | "javascript" | "js" | "jsx"
        | "typescript" | "ts" | "tsx" | "julia" | "kotlin" | "php" | "python" | "sh" | "shell"
        | "zsh" | "powershell" | "pwsh" | "bat" | "cmd" | "wsl" | "csharp" | "fsharp" => {
            Some("/// ")
        }
        _ => None,
    }
}

/// Languages in which `///` starts a documentation comment or a directive: `slides`'
/// rule of hiding `///` lines would eat real code there, so it is not applied.
fn triple_slash_is_code(lang: &str) -> bool {
    matches!(
        lang,
        "rust"
            | "c"
            | "cpp"
            | "c++"
            | "csharp"
            | "cs"
            | "c#"
            | "fsharp"
            | "f#"
            | "swift"
            | "dart"
            | "zig"
            | "objc"
            | "javascript"
            | "js"
            | "jsx"
            | "typescript"
            | "ts"
            | "tsx"
    )
}

/// Whether a line of code is one its deck hides: presenterm's prefixes in presenterm
/// decks, and elsewhere `slides`' `///` (where `///` means nothing in the language).
pub(crate) fn hides_line(tool: Tool, lang: Option<&str>, line: &str) -> bool {
    let lang = lang.map(str::to_ascii_lowercase);
    let lang = lang.as_deref();
    if tool == Tool::Presenterm {
        return lang
            .and_then(presenterm_hidden_prefix)
            .is_some_and(|prefix| line.starts_with(prefix));
    }
    line.starts_with("///") && !lang.is_some_and(triple_slash_is_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn line(kind: LineKind) -> Scanned {
        Scanned {
            range: 0..0,
            kind,
            under_text: false,
        }
    }

    fn keys(keys: &[&str]) -> HeadKeys {
        HeadKeys {
            keys: keys.iter().map(|key| key.to_string()).collect(),
            ..HeadKeys::default()
        }
    }

    #[rstest]
    #[case(keys(&[]), vec![], Tool::Plain)]
    #[case(keys(&["title"]), vec![line(LineKind::EndSlide)], Tool::Presenterm)]
    #[case(keys(&[]), vec![line(LineKind::EndSlide), line(LineKind::Dashes(3)), line(LineKind::EndSlide), Scanned { under_text: true, ..line(LineKind::Dashes(3)) }], Tool::Presenterm)]
    #[case(keys(&[]), vec![line(LineKind::EndSlide), line(LineKind::Dashes(3))], Tool::Plain)]
    #[case(keys(&["title"]), vec![line(LineKind::Dashes(3)), line(LineKind::EndSlide), line(LineKind::Dashes(3))], Tool::Plain)]
    #[case(keys(&["sub_title"]), vec![], Tool::Presenterm)]
    #[case(keys(&[]), vec![line(LineKind::FrontBlock { yaml: 0..0 })], Tool::Slidev)]
    #[case(keys(&["layout", "theme"]), vec![], Tool::Slidev)]
    #[case(keys(&["separator"]), vec![], Tool::Reveal)]
    #[case(keys(&[]), vec![line(LineKind::Dashes(4))], Tool::Reveal)]
    #[case(keys(&["paginate"]), vec![line(LineKind::Dashes(4))], Tool::Marp)]
    #[case(HeadKeys { marp: true, ..keys(&["layout"]) }, vec![], Tool::Marp)]
    #[case(HeadKeys { theme_is_map: true, ..keys(&[]) }, vec![], Tool::Presenterm)]
    fn detects_the_tool(#[case] head: HeadKeys, #[case] lines: Vec<Scanned>, #[case] tool: Tool) {
        assert_eq!(detect(&head, &lines), tool);
    }

    #[rstest]
    #[case(Tool::Presenterm, Some("rust"), "# use std::fs;", true)]
    #[case(Tool::Presenterm, Some("rust"), "#[derive(Debug)]", false)]
    #[case(Tool::Presenterm, Some("rust"), "/// Greet someone.", false)]
    #[case(Tool::Presenterm, Some("python"), "/// import time", true)]
    #[case(Tool::Presenterm, Some("python"), "# a comment", false)]
    #[case(Tool::Presenterm, Some("elixir"), "## hidden", true)]
    #[case(Tool::Presenterm, None, "/// x", false)]
    #[case(Tool::Plain, Some("go"), "///package main", true)]
    #[case(Tool::Plain, Some("go"), "///", true)]
    #[case(Tool::Slidev, Some("rust"), "/// Greet someone.", false)]
    #[case(Tool::Marp, Some("ts"), "/// <reference path=\"a\" />", false)]
    #[case(Tool::Plain, Some("rust"), "# not hidden", false)]
    fn hidden_lines(
        #[case] tool: Tool,
        #[case] lang: Option<&str>,
        #[case] line: &str,
        #[case] hidden: bool,
    ) {
        assert_eq!(hides_line(tool, lang, line), hidden);
    }
}
