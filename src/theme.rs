//! Themes: the colours and sizes a deck is drawn in. `dark` is the default because
//! projectors wash out light backgrounds less than they wash out dark text.
//!
//! Owns the built-in themes and the theme-file format (`base = "dark"` plus overrides);
//! reads a file only in `Theme::resolve`, at the edge. Knows nothing of fonts or layout
//! beyond the numbers layout asks for.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::layout::Rgba;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub background: Rgba,
    pub text: Rgba,
    pub heading: Rgba,
    pub muted: Rgba,
    pub accent: Rgba,
    pub link: Rgba,
    pub code_background: Rgba,
    /// The clock while there is plenty of time.
    pub clock: Rgba,
    /// Wrap-up (1:00 left): amber.
    pub clock_wrap_up: Rgba,
    /// Final (0:30 left) and time-up: red.
    pub clock_final: Rgba,
    /// Outside the 16:9 canvas on screens of another shape.
    pub letterbox: Rgba,
    /// Code without highlighting (unknown language) and inline code.
    pub code_text: Rgba,
    /// The bar left of a block quote.
    pub quote_bar: Rgba,
    /// Lines between table rows and above footnotes.
    pub table_rule: Rgba,
    /// Bullets, list numbers and task boxes.
    pub bullet: Rgba,
    pub alert_note: Rgba,
    pub alert_tip: Rgba,
    pub alert_important: Rgba,
    pub alert_warning: Rgba,
    pub alert_caution: Rgba,
    /// A syntect default theme: "base16-ocean.dark", "base16-eighties.dark",
    /// "base16-mocha.dark", "base16-ocean.light", "InspiredGitHub",
    /// "Solarized (dark)", "Solarized (light)".
    pub syntax_theme: String,
    pub sizes: Sizes,
}

/// Sizes in pixels of a 1920×1080 canvas; layout scales them to the real canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizes {
    /// Body text at full size.
    pub body: f32,
    /// The floor auto-fit never goes under: the smallest text a back row can read.
    pub min_body: f32,
    /// Heading sizes as multiples of `body`, h1 to h6.
    pub heading_scale: [f32; 6],
    /// Code blocks as a multiple of the body size.
    pub code_scale: f32,
    /// Footnotes as a multiple of the body size (never under `min_body`).
    pub footnote_scale: f32,
    /// The largest size for a Takahashi slide (one short line or a lone heading).
    pub takahashi: f32,
    /// The largest size for a title card's heading (a level-1 heading with a line or
    /// two under it).
    pub title: f32,
    /// Left and right margin of the content box.
    pub margin_x: f32,
    /// Top and bottom margin of the content box.
    pub margin_y: f32,
    /// Room kept free at the bottom for the footer (speaker, n/N, progress, clock).
    pub footer_height: f32,
    /// Baseline-to-baseline distance as a multiple of the face's own line height.
    pub line_spacing: f32,
    /// Width of the quote and alert bar.
    pub quote_bar: f32,
}

impl Sizes {
    fn standard() -> Sizes {
        // Body text as Marp's default theme sets it (35 px on its 1280×720 canvas):
        // comfortably read from the back of a room on a projector.
        Sizes {
            body: 52.0,
            min_body: 28.0,
            heading_scale: [1.9, 1.5, 1.25, 1.1, 1.0, 0.9],
            code_scale: 0.8,
            footnote_scale: 0.6,
            takahashi: 260.0,
            title: 140.0,
            margin_x: 110.0,
            margin_y: 70.0,
            footer_height: 72.0,
            line_spacing: 1.0,
            quote_bar: 8.0,
        }
    }
}

impl Theme {
    pub fn dark() -> Theme {
        Theme {
            name: "dark".into(),
            background: Rgba::rgb(0x14, 0x16, 0x1c),
            text: Rgba::rgb(0xec, 0xee, 0xf2),
            heading: Rgba::rgb(0xff, 0xff, 0xff),
            muted: Rgba::rgb(0x8b, 0x93, 0xa1),
            accent: Rgba::rgb(0x5c, 0xc8, 0xff),
            link: Rgba::rgb(0x7a, 0xb8, 0xff),
            code_background: Rgba::rgb(0x22, 0x26, 0x30),
            clock: Rgba::rgb(0xec, 0xee, 0xf2),
            clock_wrap_up: Rgba::rgb(0xff, 0xb0, 0x20),
            clock_final: Rgba::rgb(0xff, 0x4a, 0x3d),
            letterbox: Rgba::rgb(0, 0, 0),
            code_text: Rgba::rgb(0xd8, 0xde, 0xe9),
            quote_bar: Rgba::rgb(0x4a, 0x52, 0x60),
            table_rule: Rgba::rgb(0x3a, 0x40, 0x4c),
            bullet: Rgba::rgb(0x5c, 0xc8, 0xff),
            alert_note: Rgba::rgb(0x44, 0x93, 0xf8),
            alert_tip: Rgba::rgb(0x3f, 0xb9, 0x50),
            alert_important: Rgba::rgb(0xab, 0x7d, 0xf8),
            alert_warning: Rgba::rgb(0xd2, 0x99, 0x22),
            alert_caution: Rgba::rgb(0xf8, 0x51, 0x49),
            syntax_theme: "base16-ocean.dark".into(),
            sizes: Sizes::standard(),
        }
    }

    pub fn light() -> Theme {
        Theme {
            name: "light".into(),
            background: Rgba::rgb(0xfb, 0xfb, 0xf8),
            text: Rgba::rgb(0x1d, 0x20, 0x26),
            heading: Rgba::rgb(0x0b, 0x0d, 0x12),
            muted: Rgba::rgb(0x5f, 0x66, 0x73),
            accent: Rgba::rgb(0x00, 0x6b, 0xb3),
            link: Rgba::rgb(0x00, 0x5c, 0xc5),
            code_background: Rgba::rgb(0xee, 0xef, 0xf1),
            clock: Rgba::rgb(0x1d, 0x20, 0x26),
            clock_wrap_up: Rgba::rgb(0xb8, 0x6e, 0x00),
            clock_final: Rgba::rgb(0xc8, 0x1e, 0x1e),
            letterbox: Rgba::rgb(0, 0, 0),
            code_text: Rgba::rgb(0x24, 0x29, 0x2e),
            quote_bar: Rgba::rgb(0xc8, 0xcc, 0xd2),
            table_rule: Rgba::rgb(0xd0, 0xd4, 0xda),
            bullet: Rgba::rgb(0x00, 0x6b, 0xb3),
            alert_note: Rgba::rgb(0x09, 0x69, 0xda),
            alert_tip: Rgba::rgb(0x1a, 0x7f, 0x37),
            alert_important: Rgba::rgb(0x82, 0x50, 0xdf),
            alert_warning: Rgba::rgb(0x9a, 0x67, 0x00),
            alert_caution: Rgba::rgb(0xcf, 0x22, 0x2e),
            syntax_theme: "InspiredGitHub".into(),
            sizes: Sizes::standard(),
        }
    }

    pub fn contrast() -> Theme {
        Theme {
            name: "contrast".into(),
            background: Rgba::rgb(0, 0, 0),
            text: Rgba::rgb(0xff, 0xff, 0xff),
            heading: Rgba::rgb(0xff, 0xff, 0x00),
            muted: Rgba::rgb(0xd0, 0xd0, 0xd0),
            accent: Rgba::rgb(0x00, 0xff, 0xff),
            link: Rgba::rgb(0x00, 0xff, 0xff),
            code_background: Rgba::rgb(0x1a, 0x1a, 0x1a),
            clock: Rgba::rgb(0xff, 0xff, 0xff),
            clock_wrap_up: Rgba::rgb(0xff, 0xc0, 0x00),
            clock_final: Rgba::rgb(0xff, 0x30, 0x30),
            letterbox: Rgba::rgb(0, 0, 0),
            code_text: Rgba::rgb(0xff, 0xff, 0xff),
            quote_bar: Rgba::rgb(0xff, 0xff, 0xff),
            table_rule: Rgba::rgb(0xb0, 0xb0, 0xb0),
            bullet: Rgba::rgb(0xff, 0xff, 0x00),
            alert_note: Rgba::rgb(0x40, 0xa0, 0xff),
            alert_tip: Rgba::rgb(0x40, 0xff, 0x60),
            alert_important: Rgba::rgb(0xd0, 0x90, 0xff),
            alert_warning: Rgba::rgb(0xff, 0xc0, 0x00),
            alert_caution: Rgba::rgb(0xff, 0x50, 0x50),
            syntax_theme: "base16-eighties.dark".into(),
            sizes: Sizes {
                // Larger floor and body: a contrast theme is for rooms that need it.
                body: 56.0,
                min_body: 32.0,
                ..Sizes::standard()
            },
        }
    }

    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "contrast" => Some(Theme::contrast()),
            _ => None,
        }
    }

    /// A built-in name (`dark`, `light`, `contrast`) or the path of a theme file;
    /// relative paths are taken from `base_dir` (the lineup's or deck's folder).
    pub fn resolve(name_or_path: &str, base_dir: &Path) -> Result<Theme, ThemeError> {
        if let Some(theme) = Theme::named(name_or_path) {
            return Ok(theme);
        }
        let path = base_dir.join(name_or_path);
        if !path.is_file() && !name_or_path.contains(['/', '\\', '.']) {
            return Err(ThemeError::UnknownName {
                name: name_or_path.to_string(),
            });
        }
        let source = std::fs::read_to_string(&path).map_err(|source| ThemeError::Read {
            path: path.clone(),
            source,
        })?;
        Theme::from_toml(&source).map_err(|error| error.in_file(&path))
    }

    /// A deck's own `theme:`, the one answer the show, `check` and `export` share. A name
    /// gong has no theme for is most often another presenter's (`default`, `seriph`,
    /// `uncover`, Slidev's `./`, a `slides` JSON file): `ThemeError::Foreign`, which
    /// callers treat as a warning and show the deck in their default theme. A gong theme
    /// file (`.toml`) that cannot be used is its own error.
    pub fn for_deck_front(name: &str, deck_dir: &Path) -> Result<Theme, ThemeError> {
        Theme::resolve(name, deck_dir).map_err(|error| {
            let meant_for_gong = Path::new(name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"));
            match error {
                error if meant_for_gong => error,
                _ => ThemeError::Foreign {
                    name: name.to_string(),
                },
            }
        })
    }

    /// A theme file: `base = "dark"` (the default) and then any field to override:
    /// colours as `"#rrggbb"` or `"#rrggbbaa"`, sizes as numbers in 1080p pixels,
    /// `syntax_theme` and `name` as strings, `heading_scale` as six numbers.
    pub fn from_toml(source: &str) -> Result<Theme, ThemeError> {
        use std::collections::BTreeMap;
        use toml::Spanned;

        let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> = toml::from_str(source)
            .map_err(|error| {
                let (line, column) = error
                    .span()
                    .map_or((1, 1), |span| line_column(source, span.start));
                ThemeError::Syntax {
                    file: None,
                    line,
                    column,
                    message: error.message().trim().to_string(),
                }
            })?;
        let at = |offset: usize, message: String| {
            let (line, column) = line_column(source, offset);
            ThemeError::Field {
                file: None,
                line,
                column,
                message,
            }
        };

        let mut theme = match table.get("base") {
            None => Theme::dark(),
            Some(base) => {
                let name = base.get_ref().as_str().unwrap_or_default();
                Theme::named(name).ok_or_else(|| {
                    at(
                        base.span().start,
                        format!(
                            "`base` must be \"dark\", \"light\" or \"contrast\", not {}",
                            base.get_ref()
                        ),
                    )
                })?
            }
        };
        if !table.contains_key("name") {
            theme.name = "custom".into();
        }
        for (key, value) in &table {
            let span = value.span().start;
            let key_name = key.get_ref().as_str();
            match key_name {
                "base" => {}
                "name" | "syntax_theme" => {
                    let text = value
                        .get_ref()
                        .as_str()
                        .ok_or_else(|| at(span, format!("`{key_name}` must be a string")))?;
                    if key_name == "name" {
                        theme.name = text.to_string();
                    } else {
                        theme.syntax_theme = text.to_string();
                    }
                }
                "heading_scale" => {
                    let numbers: Option<Vec<f32>> = value
                        .get_ref()
                        .as_array()
                        .map(|items| items.iter().map(number).collect::<Option<Vec<f32>>>())
                        .unwrap_or_default();
                    match numbers.as_deref() {
                        Some(&[a, b, c, d, e, f])
                            if [a, b, c, d, e, f].iter().all(|n| *n > 0.0) =>
                        {
                            theme.sizes.heading_scale = [a, b, c, d, e, f];
                        }
                        _ => {
                            return Err(at(
                                span,
                                "`heading_scale` must be six positive numbers, h1 to h6".into(),
                            ));
                        }
                    }
                }
                _ => {
                    if let Some(slot) = theme.colour_mut(key_name) {
                        let text = value.get_ref().as_str().unwrap_or_default();
                        *slot = parse_colour(text).ok_or_else(|| {
                            at(
                                span,
                                format!(
                                    "`{key_name}` must be a colour like \"#1e2230\", not {}",
                                    value.get_ref()
                                ),
                            )
                        })?;
                    } else if let Some(slot) = theme.size_mut(key_name) {
                        *slot = number(value.get_ref())
                            .filter(|n| *n >= 0.0)
                            .ok_or_else(|| {
                                at(
                                    span,
                                    format!("`{key_name}` must be a number of pixels (at 1080p)"),
                                )
                            })?;
                    } else {
                        let hint = did_you_mean(key_name)
                            .map(|near| format!("; did you mean `{near}`?"))
                            .unwrap_or_default();
                        return Err(at(
                            key.span().start,
                            format!("unknown theme key `{key_name}`{hint}"),
                        ));
                    }
                }
            }
        }
        if theme.sizes.min_body <= 0.0 || theme.sizes.body < theme.sizes.min_body {
            let offset = table
                .get("body")
                .or_else(|| table.get("min_body"))
                .map_or(0, |value| value.span().start);
            return Err(at(
                offset,
                format!(
                    "`body` ({}) must be at least `min_body` ({}), which must be above 0",
                    theme.sizes.body, theme.sizes.min_body
                ),
            ));
        }
        Ok(theme)
    }

    /// The colour of a GitHub alert's bar and label.
    pub fn alert(&self, alert: crate::deck::Alert) -> Rgba {
        use crate::deck::Alert;
        match alert {
            Alert::Note => self.alert_note,
            Alert::Tip => self.alert_tip,
            Alert::Important => self.alert_important,
            Alert::Warning => self.alert_warning,
            Alert::Caution => self.alert_caution,
        }
    }

    fn colour_mut(&mut self, key: &str) -> Option<&mut Rgba> {
        Some(match key {
            "background" => &mut self.background,
            "text" => &mut self.text,
            "heading" => &mut self.heading,
            "muted" => &mut self.muted,
            "accent" => &mut self.accent,
            "link" => &mut self.link,
            "code_background" => &mut self.code_background,
            "clock" => &mut self.clock,
            "clock_wrap_up" => &mut self.clock_wrap_up,
            "clock_final" => &mut self.clock_final,
            "letterbox" => &mut self.letterbox,
            "code_text" => &mut self.code_text,
            "quote_bar" => &mut self.quote_bar,
            "table_rule" => &mut self.table_rule,
            "bullet" => &mut self.bullet,
            "alert_note" => &mut self.alert_note,
            "alert_tip" => &mut self.alert_tip,
            "alert_important" => &mut self.alert_important,
            "alert_warning" => &mut self.alert_warning,
            "alert_caution" => &mut self.alert_caution,
            _ => return None,
        })
    }

    fn size_mut(&mut self, key: &str) -> Option<&mut f32> {
        let sizes = &mut self.sizes;
        Some(match key {
            "body" => &mut sizes.body,
            "min_body" => &mut sizes.min_body,
            "code_scale" => &mut sizes.code_scale,
            "footnote_scale" => &mut sizes.footnote_scale,
            "takahashi" => &mut sizes.takahashi,
            "title" => &mut sizes.title,
            "margin_x" => &mut sizes.margin_x,
            "margin_y" => &mut sizes.margin_y,
            "footer_height" => &mut sizes.footer_height,
            "line_spacing" => &mut sizes.line_spacing,
            "quote_bar_width" => &mut sizes.quote_bar,
            _ => return None,
        })
    }
}

/// Every key a theme file may set, for "did you mean".
const KEYS: &[&str] = &[
    "base",
    "name",
    "syntax_theme",
    "heading_scale",
    "background",
    "text",
    "heading",
    "muted",
    "accent",
    "link",
    "code_background",
    "clock",
    "clock_wrap_up",
    "clock_final",
    "letterbox",
    "code_text",
    "quote_bar",
    "table_rule",
    "bullet",
    "alert_note",
    "alert_tip",
    "alert_important",
    "alert_warning",
    "alert_caution",
    "body",
    "min_body",
    "code_scale",
    "footnote_scale",
    "takahashi",
    "title",
    "margin_x",
    "margin_y",
    "footer_height",
    "line_spacing",
    "quote_bar_width",
];

fn did_you_mean(key: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|known| (strsim::jaro_winkler(key, known), *known))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, known)| known)
}

fn number(value: &toml::Value) -> Option<f32> {
    match value {
        toml::Value::Integer(n) => Some(*n as f32),
        toml::Value::Float(n) => Some(*n as f32),
        _ => None,
    }
}

/// `#rrggbb` or `#rrggbbaa`.
pub fn parse_colour(text: &str) -> Option<Rgba> {
    let hex = text.strip_prefix('#')?;
    if !(hex.len() == 6 || hex.len() == 8) || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
    Some(Rgba::rgb(byte(0)?, byte(2)?, byte(4)?).with_alpha(alpha))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[derive(Debug, Error)]
pub enum ThemeError {
    #[error("unknown theme `{name}`: use dark, light, contrast or the path of a theme file")]
    UnknownName { name: String },
    #[error(
        "`theme: {name}` is not a theme gong has (dark, light, contrast or a .toml theme \
         file); the deck is shown in the default theme"
    )]
    Foreign { name: String },
    #[error("cannot read theme file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}{line}:{column}: {message}", file_prefix(file))]
    Syntax {
        file: Option<PathBuf>,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}{line}:{column}: {message}", file_prefix(file))]
    Field {
        file: Option<PathBuf>,
        line: usize,
        column: usize,
        message: String,
    },
}

fn file_prefix(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map(|path| format!("{}:", path.display()))
        .unwrap_or_default()
}

impl ThemeError {
    fn in_file(self, path: &Path) -> ThemeError {
        match self {
            ThemeError::Syntax {
                line,
                column,
                message,
                ..
            } => ThemeError::Syntax {
                file: Some(path.to_path_buf()),
                line,
                column,
                message,
            },
            ThemeError::Field {
                line,
                column,
                message,
                ..
            } => ThemeError::Field {
                file: Some(path.to_path_buf()),
                line,
                column,
                message,
            },
            other => other,
        }
    }

    /// Whether a deck's theme names a theme of another presenter's rather than a broken
    /// one of gong's: the deck is shown all the same, so this is no error.
    pub fn is_foreign(&self) -> bool {
        matches!(self, ThemeError::Foreign { .. })
    }

    /// Line and column in the theme file, for errors that have them.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ThemeError::Syntax { line, column, .. } | ThemeError::Field { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn empty_file_is_dark_renamed() {
        let theme = Theme::from_toml("").unwrap();
        assert_eq!(theme.background, Theme::dark().background);
        assert_eq!(theme.name, "custom");
    }

    #[test]
    fn overrides_apply_on_the_base() {
        let theme = Theme::from_toml(
            "base = \"light\"\nname = \"talks\"\naccent = \"#ff0080\"\nbody = 50\n\
             line_spacing = 1.1\nheading_scale = [2, 1.5, 1.2, 1, 1, 1]\n\
             quote_bar = \"#00000080\"\nsyntax_theme = \"Solarized (light)\"\n",
        )
        .unwrap();
        assert_eq!(theme.name, "talks");
        assert_eq!(theme.background, Theme::light().background);
        assert_eq!(theme.accent, Rgba::rgb(0xff, 0, 0x80));
        assert_eq!(theme.quote_bar, Rgba::rgb(0, 0, 0).with_alpha(0x80));
        assert_eq!(theme.sizes.body, 50.0);
        assert_eq!(theme.sizes.line_spacing, 1.1);
        assert_eq!(theme.sizes.heading_scale[0], 2.0);
        assert_eq!(theme.syntax_theme, "Solarized (light)");
    }

    #[rstest]
    #[case("accent = \"red\"", 1, 10, "colour")]
    #[case(
        "base = \"dark\"\nbackgrund = \"#000000\"",
        2,
        1,
        "did you mean `background`"
    )]
    #[case("base = \"sepia\"", 1, 8, "must be")]
    #[case("\n\nbody = \"big\"", 3, 8, "number")]
    #[case("body = 20", 1, 8, "min_body")]
    #[case("heading_scale = [1, 2]", 1, 17, "six")]
    #[case("accent = ", 1, 10, "")]
    fn bad_files_point_at_the_place(
        #[case] source: &str,
        #[case] line: usize,
        #[case] column: usize,
        #[case] says: &str,
    ) {
        let error = Theme::from_toml(source).unwrap_err();
        assert_eq!(error.position(), Some((line, column)), "{error}");
        assert!(error.to_string().contains(says), "{error}");
    }

    #[rstest]
    #[case("#000000", Some(Rgba::rgb(0, 0, 0)))]
    #[case("#A0b1C2", Some(Rgba::rgb(0xa0, 0xb1, 0xc2)))]
    #[case("#ffffff00", Some(Rgba::rgb(255, 255, 255).with_alpha(0)))]
    #[case("ffffff", None)]
    #[case("#fff", None)]
    #[case("#gg0000", None)]
    #[case("#ééé", None)]
    fn colours(#[case] text: &str, #[case] expected: Option<Rgba>) {
        assert_eq!(parse_colour(text), expected);
    }

    #[test]
    fn another_presenters_theme_is_foreign_and_a_broken_gong_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("theme.json"), "{\"title\": 1}").unwrap();
        std::fs::write(dir.path().join("broken.toml"), "body = \n").unwrap();
        std::fs::write(dir.path().join("mine.toml"), "body = 60\n").unwrap();
        for name in [
            "default",
            "seriph",
            "uncover",
            "./",
            "theme.json",
            "./gone/theme.json",
        ] {
            let error = Theme::for_deck_front(name, dir.path()).unwrap_err();
            assert!(error.is_foreign(), "{name}: {error}");
            assert!(error.to_string().contains("shown in the default theme"));
        }
        for name in ["broken.toml", "gone.toml"] {
            let error = Theme::for_deck_front(name, dir.path()).unwrap_err();
            assert!(!error.is_foreign(), "{name}: {error}");
        }
        assert_eq!(
            Theme::for_deck_front("light", dir.path()).unwrap(),
            Theme::light()
        );
        assert_eq!(
            Theme::for_deck_front("mine.toml", dir.path())
                .unwrap()
                .sizes
                .body,
            60.0
        );
    }

    #[test]
    fn resolve_names_and_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Theme::resolve("light", dir.path()).unwrap(), Theme::light());
        assert!(matches!(
            Theme::resolve("sepia", dir.path()),
            Err(ThemeError::UnknownName { .. })
        ));
        std::fs::write(
            dir.path().join("mine.toml"),
            "base = \"contrast\"\nbody = 60\n",
        )
        .unwrap();
        let theme = Theme::resolve("mine.toml", dir.path()).unwrap();
        assert_eq!(theme.sizes.body, 60.0);
        std::fs::write(dir.path().join("bad.toml"), "\nlink = 3\n").unwrap();
        let error = Theme::resolve("bad.toml", dir.path()).unwrap_err();
        assert!(error.to_string().contains("bad.toml:2:8"), "{error}");
        assert!(matches!(
            Theme::resolve("missing.toml", dir.path()),
            Err(ThemeError::Read { .. })
        ));
    }
}
