//! Themes: the colours and sizes a deck is drawn in. `dark` is the default because
//! projectors wash out light backgrounds less than they wash out dark text.
//!
//! Owns the built-in themes, the theme-file format (`base = "dark"` plus overrides) and
//! where a theme file may be: the organiser's (`--theme`, a lineup's `theme`) anywhere, a
//! deck's only in the deck's folder or under it, so a deck passed around cannot make the
//! show open any file on the machine. Reads a file only in `Theme::resolve` and
//! `Theme::for_deck`, at the edge, through the guarded reader. Knows nothing of fonts or
//! layout beyond the numbers layout asks for.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::diagnostic::{Position, did_you_mean, position_of};
use crate::layout::Rgba;
use crate::layout::code;
use crate::regular_file::{TextError, read_text_limited};

/// Far above any real theme file (one that sets every key is about 1.5 KiB), low enough
/// that a path to something else is refused before it fills memory.
pub(crate) const MAX_THEME_BYTES: u64 = 64 * 1024;

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
            muted: Rgba::rgb(0x9d, 0xa4, 0xb0),
            accent: Rgba::rgb(0x5c, 0xc8, 0xff),
            link: Rgba::rgb(0x7a, 0xb8, 0xff),
            code_background: Rgba::rgb(0x22, 0x26, 0x30),
            clock: Rgba::rgb(0xec, 0xee, 0xf2),
            clock_wrap_up: Rgba::rgb(0xff, 0xb0, 0x20),
            clock_final: Rgba::rgb(0xff, 0x7b, 0x71),
            letterbox: Rgba::rgb(0, 0, 0),
            code_text: Rgba::rgb(0xd8, 0xde, 0xe9),
            quote_bar: Rgba::rgb(0x4a, 0x52, 0x60),
            table_rule: Rgba::rgb(0x3a, 0x40, 0x4c),
            bullet: Rgba::rgb(0x5c, 0xc8, 0xff),
            alert_note: Rgba::rgb(0x64, 0xa6, 0xf9),
            alert_tip: Rgba::rgb(0x3f, 0xb9, 0x50),
            alert_important: Rgba::rgb(0xb7, 0x8f, 0xf9),
            alert_warning: Rgba::rgb(0xd2, 0x99, 0x22),
            alert_caution: Rgba::rgb(0xfa, 0x7e, 0x78),
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
            muted: Rgba::rgb(0x4f, 0x55, 0x60),
            accent: Rgba::rgb(0x00, 0x58, 0x93),
            link: Rgba::rgb(0x00, 0x52, 0xaf),
            code_background: Rgba::rgb(0xee, 0xef, 0xf1),
            clock: Rgba::rgb(0x1d, 0x20, 0x26),
            clock_wrap_up: Rgba::rgb(0x7b, 0x49, 0x00),
            clock_final: Rgba::rgb(0xa8, 0x19, 0x19),
            letterbox: Rgba::rgb(0, 0, 0),
            code_text: Rgba::rgb(0x24, 0x29, 0x2e),
            quote_bar: Rgba::rgb(0xc8, 0xcc, 0xd2),
            table_rule: Rgba::rgb(0xd0, 0xd4, 0xda),
            bullet: Rgba::rgb(0x00, 0x58, 0x93),
            alert_note: Rgba::rgb(0x07, 0x52, 0xab),
            alert_tip: Rgba::rgb(0x14, 0x62, 0x2b),
            alert_important: Rgba::rgb(0x65, 0x27, 0xd7),
            alert_warning: Rgba::rgb(0x74, 0x4e, 0x00),
            alert_caution: Rgba::rgb(0xa7, 0x1b, 0x25),
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
            clock_final: Rgba::rgb(0xff, 0x62, 0x62),
            letterbox: Rgba::rgb(0, 0, 0),
            code_text: Rgba::rgb(0xff, 0xff, 0xff),
            quote_bar: Rgba::rgb(0xff, 0xff, 0xff),
            table_rule: Rgba::rgb(0xb0, 0xb0, 0xb0),
            bullet: Rgba::rgb(0xff, 0xff, 0x00),
            alert_note: Rgba::rgb(0x40, 0xa0, 0xff),
            alert_tip: Rgba::rgb(0x40, 0xff, 0x60),
            alert_important: Rgba::rgb(0xd0, 0x90, 0xff),
            alert_warning: Rgba::rgb(0xff, 0xc0, 0x00),
            alert_caution: Rgba::rgb(0xff, 0x66, 0x66),
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

    /// The organiser's theme (`--theme`, a lineup's `theme`): a built-in name (`dark`,
    /// `light`, `contrast`) or the path of a theme file anywhere; relative paths are taken
    /// from `base_dir` (the lineup's folder, or the current one for a flag).
    pub(crate) fn resolve(name_or_path: &str, base_dir: &Path) -> Result<Theme, ThemeError> {
        match theme_file(name_or_path, base_dir)? {
            None => Ok(Theme::named(name_or_path).unwrap_or_default()),
            Some(path) => Theme::load(&path),
        }
    }

    /// A deck's own theme (its front matter's `theme:`): a built-in name, or a theme file
    /// in the deck's folder or a folder under it. Anything else is refused
    /// (`ThemeError::OutsideDeck`) and the deck is shown in the default theme: a deck
    /// someone mailed in must not make the show read `/dev/zero` or a file of the
    /// organiser's.
    pub(crate) fn for_deck(name_or_path: &str, deck_dir: &Path) -> Result<Theme, ThemeError> {
        let Some(path) = theme_file(name_or_path, deck_dir)? else {
            return Ok(Theme::named(name_or_path).unwrap_or_default());
        };
        let folder = if deck_dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            deck_dir
        };
        // Judged on the real paths, so `..` and symbolic links lead nowhere else. A path
        // that cannot be resolved does not exist or loops: reading it says which. Any
        // other doubt refuses it.
        match (path.canonicalize(), folder.canonicalize()) {
            // The real path is the one read, so a link changed in between cannot lead out;
            // errors name the path as written.
            (Ok(real), Ok(real_folder)) if real.starts_with(&real_folder) => {
                Theme::load(&real).map_err(|error| error.in_file(&path))
            }
            (Err(_), _) => Theme::load(&path),
            _ => Err(ThemeError::OutsideDeck {
                name: name_or_path.to_string(),
            }),
        }
    }

    /// A theme file, read with a size limit and never blocking (a FIFO, a device).
    fn load(path: &Path) -> Result<Theme, ThemeError> {
        let source =
            read_text_limited(path, MAX_THEME_BYTES).map_err(|reason| ThemeError::Unreadable {
                path: path.to_path_buf(),
                reason,
            })?;
        Theme::from_toml(&source).map_err(|error| error.in_file(path))
    }

    /// A deck's own `theme:`, the one answer the show, `check` and `export` share. A name
    /// gong has no theme for is most often another presenter's (`default`, `seriph`,
    /// `uncover`, Slidev's `./`, a `slides` JSON file): `ThemeError::Foreign`, which
    /// callers treat as a warning and show the deck in their default theme. A gong theme
    /// file (`.toml`) that cannot be used is its own error.
    pub fn for_deck_front(name: &str, deck_dir: &Path) -> Result<Theme, ThemeError> {
        Theme::for_deck(name, deck_dir).map_err(|error| {
            let meant_for_gong = Path::new(name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"));
            match error {
                error if meant_for_gong => error,
                error @ ThemeError::OutsideDeck { .. } => error,
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
                let Position { line, column } =
                    position_of(source, error.span().map_or(0, |span| span.start));
                ThemeError::Syntax {
                    file: None,
                    line,
                    column,
                    message: error.message().trim().to_string(),
                }
            })?;
        let at = |offset: usize, message: String| {
            let Position { line, column } = position_of(source, offset);
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
                    let limit = SizeLimit::of(key_name);
                    let numbers: Option<Vec<f32>> = value
                        .get_ref()
                        .as_array()
                        .map(|items| items.iter().map(number).collect::<Option<Vec<f32>>>())
                        .unwrap_or_default();
                    match numbers.as_deref() {
                        Some(&[a, b, c, d, e, f])
                            if [a, b, c, d, e, f].iter().all(|n| limit.holds(*n)) =>
                        {
                            theme.sizes.heading_scale = [a, b, c, d, e, f];
                        }
                        _ => {
                            return Err(at(
                                span,
                                format!(
                                    "`heading_scale` must be six numbers {}, h1 to h6",
                                    limit.range()
                                ),
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
                        let limit = SizeLimit::of(key_name);
                        *slot = number(value.get_ref())
                            .filter(|n| limit.holds(*n))
                            .ok_or_else(|| {
                                at(
                                    span,
                                    format!(
                                        "`{key_name}` must be a number {}, not {}",
                                        limit.range(),
                                        value.get_ref()
                                    ),
                                )
                            })?;
                    } else {
                        let hint = did_you_mean(key_name, KEYS.iter().copied())
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
        if theme.sizes.body < theme.sizes.min_body {
            let offset = table
                .get("body")
                .or_else(|| table.get("min_body"))
                .map_or(0, |value| value.span().start);
            return Err(at(
                offset,
                format!(
                    "`body` ({}) must be at least `min_body` ({})",
                    theme.sizes.body, theme.sizes.min_body
                ),
            ));
        }
        Ok(theme)
    }

    /// Every colour drawn as letters (text, labels, each clock state), with its name in a
    /// theme file and the ground it is drawn on.
    fn text_colours(&self) -> [(&'static str, Rgba, &'static str, Rgba); 15] {
        let on_background = |name, colour| (name, colour, "background", self.background);
        [
            on_background("text", self.text),
            on_background("heading", self.heading),
            on_background("muted", self.muted),
            on_background("accent", self.accent),
            on_background("link", self.link),
            on_background("bullet", self.bullet),
            on_background("clock", self.clock),
            on_background("clock_wrap_up", self.clock_wrap_up),
            on_background("clock_final", self.clock_final),
            on_background("alert_note", self.alert_note),
            on_background("alert_tip", self.alert_tip),
            on_background("alert_important", self.alert_important),
            on_background("alert_warning", self.alert_warning),
            on_background("alert_caution", self.alert_caution),
            (
                "code_text",
                self.code_text,
                "code_background",
                self.code_background,
            ),
        ]
    }

    /// The text colours under `MIN_TEXT_CONTRAST` against their ground.
    pub(crate) fn low_contrast(&self) -> Vec<LowContrast> {
        self.text_colours()
            .into_iter()
            .map(|(colour, text, ground, under)| LowContrast {
                colour,
                text,
                ground,
                under,
                ratio: contrast_ratio(text, under),
            })
            .filter(|pair| pair.ratio < MIN_TEXT_CONTRAST)
            .collect()
    }

    /// The colour of a GitHub alert's bar and label.
    pub(crate) fn alert(&self, alert: crate::deck::Alert) -> Rgba {
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

/// What every text colour needs against its ground: WCAG's enhanced level (7:1), because
/// a projector in a lit room loses much of the contrast a monitor shows, and the back row
/// reads the clock from ten metres.
pub(crate) const MIN_TEXT_CONTRAST: f32 = 7.0;

/// A text colour that stands out too little from the ground it is drawn on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LowContrast {
    /// The key of the colour in a theme file (`muted`).
    pub colour: &'static str,
    pub text: Rgba,
    /// The key of its ground (`background`).
    pub ground: &'static str,
    pub under: Rgba,
    pub ratio: f32,
}

/// The WCAG contrast ratio of `text` drawn over `ground` (a see-through colour blended
/// first, as it is painted), from 1 (the same) to 21 (black on white).
pub(crate) fn contrast_ratio(text: Rgba, ground: Rgba) -> f32 {
    let share = f32::from(text.a) / 255.0;
    let blend = |over: u8, under: u8| {
        (f32::from(under) + (f32::from(over) - f32::from(under)) * share).round() as u8
    };
    let seen = Rgba::rgb(
        blend(text.r, ground.r),
        blend(text.g, ground.g),
        blend(text.b, ground.b),
    );
    code::contrast(code::luminance(seen), code::luminance(ground))
}

/// `#rrggbb`, or `#rrggbbaa` when it is see-through: as a theme file writes it.
pub(crate) fn colour_text(colour: Rgba) -> String {
    let rgb = format!("#{:02x}{:02x}{:02x}", colour.r, colour.g, colour.b);
    if colour.a == 255 {
        rgb
    } else {
        format!("{rgb}{:02x}", colour.a)
    }
}

/// Where `key` is set in a theme file's text, as (line, column) of its value.
pub(crate) fn key_position(source: &str, key: &str) -> Option<(usize, usize)> {
    use std::collections::BTreeMap;
    use toml::Spanned;
    let table: BTreeMap<String, Spanned<toml::Value>> = toml::from_str(source).ok()?;
    table.get(key).map(|value| {
        let Position { line, column } = position_of(source, value.span().start);
        (line, column)
    })
}

/// The range a size in a theme file may take. Every number a user gives is bounded: an
/// `inf` title made auto-fit shrink for ever (`inf × 0.9` is `inf`), and a margin wider
/// than half the canvas leaves no room for a word. The ranges go far past any theme worth
/// projecting, and keep the content box at least 720 × 280 px of the 1920 × 1080 canvas.
/// The README's theme table lists them; a test keeps the two the same.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SizeLimit {
    pub key: &'static str,
    pub min: f32,
    pub max: f32,
    /// What the number counts, as the README and the error say it.
    pub unit: &'static str,
}

const PX: &str = "px at 1080p";
const TIMES_BODY: &str = "× the body size";

pub(crate) const SIZE_LIMITS: &[SizeLimit] = &[
    SizeLimit::new("body", 16.0, 200.0, PX),
    SizeLimit::new("min_body", 12.0, 120.0, PX),
    SizeLimit::new("heading_scale", 0.5, 4.0, TIMES_BODY),
    SizeLimit::new("code_scale", 0.3, 2.0, TIMES_BODY),
    SizeLimit::new("footnote_scale", 0.2, 1.5, TIMES_BODY),
    SizeLimit::new("takahashi", 40.0, 800.0, PX),
    SizeLimit::new("title", 40.0, 500.0, PX),
    SizeLimit::new("margin_x", 0.0, 600.0, PX),
    SizeLimit::new("margin_y", 0.0, 300.0, PX),
    SizeLimit::new("footer_height", 0.0, 200.0, PX),
    SizeLimit::new("line_spacing", 0.8, 3.0, "× the face's line height"),
    SizeLimit::new("quote_bar_width", 0.0, 40.0, PX),
];

impl SizeLimit {
    const fn new(key: &'static str, min: f32, max: f32, unit: &'static str) -> SizeLimit {
        SizeLimit {
            key,
            min,
            max,
            unit,
        }
    }

    /// The limit of a size key; every key `size_mut` knows has one.
    fn of(key: &str) -> SizeLimit {
        SIZE_LIMITS
            .iter()
            .find(|limit| limit.key == key)
            .copied()
            // Unreachable for the keys of `size_mut`; the test below holds them together.
            .unwrap_or(SizeLimit::new("", 0.0, 0.0, ""))
    }

    /// False for NaN and the infinities too.
    fn holds(self, value: f32) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// `from 40 to 500 (px at 1080p)`.
    pub(crate) fn range(self) -> String {
        format!("from {} to {} ({})", self.min, self.max, self.unit)
    }
}

/// The file a theme name means, or `None` for a built-in name. A bare word that is no
/// file is taken for a misspelt built-in name rather than a missing file.
pub(crate) fn theme_file(
    name_or_path: &str,
    base_dir: &Path,
) -> Result<Option<PathBuf>, ThemeError> {
    if Theme::named(name_or_path).is_some() {
        return Ok(None);
    }
    let path = base_dir.join(name_or_path);
    if !path.is_file() && !name_or_path.contains(['/', '\\', '.']) {
        return Err(ThemeError::UnknownName {
            name: name_or_path.to_string(),
        });
    }
    Ok(Some(path))
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

fn number(value: &toml::Value) -> Option<f32> {
    match value {
        toml::Value::Integer(n) => Some(*n as f32),
        toml::Value::Float(n) => Some(*n as f32),
        _ => None,
    }
}

/// `#rrggbb` or `#rrggbbaa`.
pub(crate) fn parse_colour(text: &str) -> Option<Rgba> {
    let hex = text.strip_prefix('#')?;
    if !(hex.len() == 6 || hex.len() == 8) || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
    Some(Rgba::rgb(byte(0)?, byte(2)?, byte(4)?).with_alpha(alpha))
}

#[derive(Debug, Error)]
pub enum ThemeError {
    #[error("unknown theme `{name}`: use dark, light, contrast or the path of a theme file")]
    UnknownName { name: String },
    #[error("theme file {} {reason}", path.display())]
    Unreadable { path: PathBuf, reason: TextError },
    #[error(
        "theme `{name}` is outside this deck's folder: a deck's theme file must be beside it \
         or in a folder under it (the organiser may name any file, with --theme or the \
         lineup's `theme`); the deck is shown in the default theme"
    )]
    OutsideDeck { name: String },
    #[error(
        "`theme: {name}` is not a theme gong has (dark, light, contrast or a .toml theme \
         file); the deck is shown in the default theme"
    )]
    Foreign { name: String },
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
    /// The same error, naming `path` as the file it is about.
    fn in_file(self, path: &Path) -> ThemeError {
        match self {
            ThemeError::Unreadable { reason, .. } => ThemeError::Unreadable {
                path: path.to_path_buf(),
                reason,
            },
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

    /// Whether a deck's theme is one gong does not take (another presenter's, or a file
    /// outside the deck's folder) rather than a broken one of gong's: the deck is shown in
    /// the default theme all the same, so this is a warning, not an error.
    pub(crate) fn is_foreign(&self) -> bool {
        matches!(
            self,
            ThemeError::Foreign { .. } | ThemeError::OutsideDeck { .. }
        )
    }

    #[cfg(test)]
    /// Line and column in the theme file, for errors that have them.
    pub(crate) fn position(&self) -> Option<(usize, usize)> {
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
    #[case(
        "title = inf",
        1,
        9,
        "`title` must be a number from 40 to 500 (px at 1080p), not inf"
    )]
    #[case("takahashi = inf", 1, 13, "from 40 to 800")]
    #[case("takahashi = -inf", 1, 13, "from 40 to 800")]
    #[case("body = nan", 1, 8, "from 16 to 200")]
    #[case("\nmargin_x = 961", 2, 12, "`margin_x` must be a number from 0 to 600")]
    #[case("line_spacing = 0", 1, 16, "from 0.8 to 3")]
    #[case("min_body = 0", 1, 12, "from 12 to 120")]
    #[case("quote_bar_width = 1e30", 1, 19, "from 0 to 40")]
    #[case(
        "heading_scale = [2, 1.5, 1.2, 1, 1, inf]",
        1,
        17,
        "six numbers from 0.5 to 4"
    )]
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

    #[test]
    fn every_size_has_a_range_that_holds_the_built_in_themes() {
        let mut keys: Vec<&str> = SIZE_LIMITS.iter().map(|limit| limit.key).collect();
        keys.sort_unstable();
        let mut sized: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|key| *key == "heading_scale" || Theme::dark().size_mut(key).is_some())
            .collect();
        sized.sort_unstable();
        assert_eq!(keys, sized);
        for theme in [Theme::dark(), Theme::light(), Theme::contrast()] {
            let sizes = &theme.sizes;
            let named = [
                ("body", sizes.body),
                ("min_body", sizes.min_body),
                ("code_scale", sizes.code_scale),
                ("footnote_scale", sizes.footnote_scale),
                ("takahashi", sizes.takahashi),
                ("title", sizes.title),
                ("margin_x", sizes.margin_x),
                ("margin_y", sizes.margin_y),
                ("footer_height", sizes.footer_height),
                ("line_spacing", sizes.line_spacing),
                ("quote_bar_width", sizes.quote_bar),
            ];
            for (key, value) in named {
                assert!(SizeLimit::of(key).holds(value), "{} {key}", theme.name);
            }
            let heading = SizeLimit::of("heading_scale");
            assert!(sizes.heading_scale.iter().all(|n| heading.holds(*n)));
        }
    }

    #[test]
    fn every_text_colour_of_every_built_in_theme_is_seven_to_one_or_more() {
        for theme in [Theme::dark(), Theme::light(), Theme::contrast()] {
            assert_eq!(theme.low_contrast(), [], "{}", theme.name);
            // And each clock state can be told from the next by more than its colour's
            // name: the three are different colours.
            assert_ne!(theme.clock, theme.clock_wrap_up, "{}", theme.name);
            assert_ne!(theme.clock_wrap_up, theme.clock_final, "{}", theme.name);
        }
    }

    #[test]
    fn contrast_is_judged_as_painted() {
        let black = Rgba::rgb(0, 0, 0);
        let white = Rgba::rgb(255, 255, 255);
        assert!((contrast_ratio(white, black) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(black, black) - 1.0).abs() < 0.01);
        // White at no opacity on black is black.
        assert!((contrast_ratio(white.with_alpha(0), black) - 1.0).abs() < 0.01);
        let theme = Theme::from_toml("text = \"#14161c\"\nmuted = \"#8b93a1\"\n").unwrap();
        let low: Vec<(&str, &str)> = theme
            .low_contrast()
            .iter()
            .map(|pair| (pair.colour, pair.ground))
            .collect();
        assert_eq!(low, [("text", "background"), ("muted", "background")]);
        assert_eq!(colour_text(Rgba::rgb(0x14, 0x16, 0x1c)), "#14161c");
        assert_eq!(colour_text(white.with_alpha(0x80)), "#ffffff80");
        assert_eq!(
            key_position("base = \"dark\"\n  muted = \"#000000\"\n", "muted"),
            Some((2, 11))
        );
    }

    #[test]
    fn the_readme_gives_every_range() {
        let readme = include_str!("../README.md");
        for limit in SIZE_LIMITS {
            let row = format!(
                "| `{}` | {}–{} {} |",
                limit.key, limit.min, limit.max, limit.unit
            );
            assert!(readme.contains(&row), "README lacks the row {row}");
        }
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
            Err(ThemeError::Unreadable { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_theme_that_is_no_regular_file_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        // Each would block for ever or fill memory if it were read: on a thread of its
        // own, so a hang fails the test instead of stalling the suite.
        let folder = dir.path().to_path_buf();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let said = ["/dev/zero", "pipe.toml"]
                .map(|name| Theme::resolve(name, &folder).map(|theme| theme.name));
            let _ = send.send(said.map(|result| result.map_err(|error| error.to_string())));
        });
        let said = receive
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("reading the theme blocked");
        assert_eq!(
            said[0],
            Err("theme file /dev/zero is a device, not a regular file".to_string())
        );
        assert_eq!(
            said[1],
            Err(format!(
                "theme file {} is a named pipe, not a regular file",
                pipe.display()
            ))
        );
        let big = dir.path().join("big.toml");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_THEME_BYTES + 1)
            .unwrap();
        let error = Theme::resolve("big.toml", dir.path()).unwrap_err();
        assert!(error.to_string().contains("over the limit"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_deck_may_use_a_theme_file_only_from_its_own_folder() {
        let root = tempfile::tempdir().unwrap();
        let deck_dir = root.path().join("deck");
        std::fs::create_dir_all(deck_dir.join("themes")).unwrap();
        std::fs::write(deck_dir.join("themes/mine.toml"), "body = 60\n").unwrap();
        std::fs::write(root.path().join("outside.toml"), "body = 61\n").unwrap();
        std::os::unix::fs::symlink(root.path().join("outside.toml"), deck_dir.join("link.toml"))
            .unwrap();
        let inside = Theme::for_deck("themes/mine.toml", &deck_dir).unwrap();
        assert_eq!(inside.sizes.body, 60.0);
        assert_eq!(Theme::for_deck("light", &deck_dir).unwrap(), Theme::light());
        let outside = root.path().join("outside.toml");
        for name in [
            "../outside.toml",
            "link.toml",
            "/dev/zero",
            outside.to_str().unwrap(),
        ] {
            let error = Theme::for_deck(name, &deck_dir).unwrap_err();
            assert!(
                matches!(error, ThemeError::OutsideDeck { .. }),
                "{name}: {error}"
            );
        }
        // The organiser's theme may be anywhere.
        assert_eq!(
            Theme::resolve("../outside.toml", &deck_dir)
                .unwrap()
                .sizes
                .body,
            61.0
        );
    }
}
