//! The bundled fonts: their bytes (compiled in), fontdue metrics for layout and `check`,
//! and per-glyph fallback across faces.
//!
//! Contract with the window: `BUNDLED` lists every font file; `FontId(i)` is
//! `BUNDLED[i]`, and the window loads each into the GPU once, in that order.
//! Nothing here draws or touches a GL context; how the subsets were made is in
//! `assets/fonts/README.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

use thiserror::Error;

use crate::layout::{Face, FontId, FontRun, LineMetrics, Measure};

/// (name, bytes) of each bundled font file, indexed by `FontId`.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "Noto Sans CJK KR Regular",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Regular-subset.otf"),
    ),
    (
        "Noto Sans CJK KR Bold",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Bold-subset.otf"),
    ),
    (
        "Noto Sans Mono Regular",
        include_bytes!("../assets/fonts/NotoSansMono-Regular-subset.ttf"),
    ),
    (
        "Noto Sans Italic",
        include_bytes!("../assets/fonts/NotoSans-Italic-subset.ttf"),
    ),
    (
        "Noto Sans Bold Italic",
        include_bytes!("../assets/fonts/NotoSans-BoldItalic-subset.ttf"),
    ),
    (
        "Noto Sans Symbols 2",
        include_bytes!("../assets/fonts/NotoSansSymbols2-Regular-subset.ttf"),
    ),
];

pub const REGULAR: FontId = FontId(0);
pub const BOLD: FontId = FontId(1);
pub const MONO: FontId = FontId(2);
pub const ITALIC: FontId = FontId(3);
pub const BOLD_ITALIC: FontId = FontId(4);
pub const SYMBOLS: FontId = FontId(5);

/// Which fonts may draw a glyph asked for in `face`, best first. The first entry also
/// gives the line metrics and draws what no face has (as its "missing" box).
/// Hangul has no italic and no mono design: it falls back to the CJK faces, keeping
/// the weight where it can.
pub fn fallback_chain(face: Face) -> &'static [FontId] {
    match face {
        Face::Regular => &[REGULAR, SYMBOLS, MONO],
        Face::Bold => &[BOLD, REGULAR, SYMBOLS, MONO],
        Face::Italic => &[ITALIC, REGULAR, SYMBOLS, MONO],
        Face::BoldItalic => &[BOLD_ITALIC, BOLD, REGULAR, SYMBOLS, MONO],
        Face::Mono => &[MONO, REGULAR, SYMBOLS],
    }
}

#[derive(Debug, Clone, Error)]
pub enum FontError {
    #[error("the bundled font {name} does not load: {reason}")]
    Load { name: &'static str, reason: String },
    #[error("the bundled font {name} has no horizontal line metrics")]
    NoLineMetrics { name: &'static str },
}

/// One loaded face: its advances (in ems, read once at load so layout never touches
/// glyph tables) and its vertical metrics (in ems).
struct LoadedFont {
    advances: HashMap<char, f32>,
    ascent: f32,
    descent: f32,
    line_height: f32,
    /// Advance of the "missing glyph" box, drawn for what no face covers.
    notdef_advance: f32,
}

/// The bundled faces with their metrics: the real `Measure`.
pub struct FontSet {
    fonts: Vec<LoadedFont>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field("fonts", &self.fonts.len())
            .finish()
    }
}

impl FontSet {
    /// Parses every bundled font (≈ 0.2–0.3 s in all, most of it the two CJK faces).
    pub fn load() -> Result<FontSet, FontError> {
        let mut fonts = Vec::with_capacity(BUNDLED.len());
        for (name, bytes) in BUNDLED {
            let font = fontdue::Font::from_bytes(*bytes, fontdue::FontSettings::default())
                .map_err(|reason| FontError::Load {
                    name,
                    reason: reason.to_string(),
                })?;
            let line = font
                .horizontal_line_metrics(1.0)
                .ok_or(FontError::NoLineMetrics { name })?;
            // Advances scale linearly (fontdue does not hint), so one size serves all.
            let advances = font
                .chars()
                .iter()
                .map(|(ch, index)| (*ch, font.metrics_indexed(index.get(), 1.0).advance_width))
                .collect();
            fonts.push(LoadedFont {
                advances,
                ascent: line.ascent,
                descent: -line.descent,
                line_height: line.new_line_size,
                notdef_advance: font.metrics_indexed(0, 1.0).advance_width,
            });
        }
        Ok(FontSet { fonts })
    }

    /// One `FontSet` for the whole process, loaded on first use: parsing the two CJK
    /// faces is the slow part of start-up, so `check`, export and the window share it.
    pub fn shared() -> Result<&'static FontSet, FontError> {
        static SHARED: OnceLock<Result<FontSet, FontError>> = OnceLock::new();
        SHARED
            .get_or_init(FontSet::load)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// True when some bundled face has a glyph for `ch`. Whitespace and control
    /// characters count as covered: they are never drawn as glyphs.
    pub fn covers(&self, ch: char) -> bool {
        ch.is_control()
            || self
                .fonts
                .iter()
                .any(|font| font.advances.contains_key(&ch))
    }

    /// The distinct characters of `text` no bundled face can draw, in order of first use.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for ch in text.chars() {
            if !self.covers(ch) && !missing.contains(&ch) {
                missing.push(ch);
            }
        }
        missing
    }

    /// The font that draws `ch` asked for in `face`, and its advance in ems.
    fn glyph(&self, ch: char, face: Face) -> (FontId, f32) {
        let chain = fallback_chain(face);
        for id in chain {
            if let Some(font) = self.fonts.get(usize::from(id.0))
                && let Some(advance) = font.advances.get(&ch)
            {
                return (*id, *advance);
            }
        }
        let first = chain[0];
        let advance = if ch.is_control() {
            0.0
        } else {
            self.fonts
                .get(usize::from(first.0))
                .map_or(0.0, |font| font.notdef_advance)
        };
        (first, advance)
    }

    fn has(&self, font: FontId, ch: char) -> bool {
        self.fonts
            .get(usize::from(font.0))
            .is_some_and(|font| font.advances.contains_key(&ch))
    }

    fn primary(&self, face: Face) -> Option<&LoadedFont> {
        self.fonts.get(usize::from(fallback_chain(face)[0].0))
    }
}

impl Measure for FontSet {
    fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        text.chars().map(|ch| self.glyph(ch, face).1).sum::<f32>() * size
    }

    fn metrics(&self, face: Face, size: f32) -> LineMetrics {
        match self.primary(face) {
            Some(font) => LineMetrics {
                ascent: font.ascent * size,
                descent: font.descent * size,
                line_height: font.line_height * size,
            },
            None => LineMetrics {
                ascent: size * 0.8,
                descent: size * 0.2,
                line_height: size * 1.2,
            },
        }
    }

    fn font_runs(&self, text: &str, face: Face) -> Vec<FontRun> {
        let mut runs: Vec<FontRun> = Vec::new();
        for (start, ch) in text.char_indices() {
            let end = start + ch.len_utf8();
            let font = self.glyph(ch, face).0;
            match runs.last_mut() {
                Some(run) if run.font == font => run.range.end = end,
                // A space belongs to the run before it, whatever face has it: fewer,
                // longer runs for the painter, and every face has a space.
                Some(run) if ch == ' ' && self.has(run.font, ch) => run.range.end = end,
                _ => runs.push(FontRun {
                    range: start..end,
                    font,
                }),
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static FontSet {
        FontSet::shared().unwrap()
    }

    const SAMPLE: &str = "Kafka로 실시간 데이터 처리 — “빠르게” 5분 발표! ÄÖÜ äöü ß é ñ \
        → ← ↑ ↓ ✓ ✗ • ◦ ▪ ▸ ▼ … ① ② ₩1,000 €5 ≤ ≥ ≠ ± × ÷ ∞ 「인용」 （전각） ㄱㄴㄷ \
        ┌─┐│└┘ ★ ☐ ☑ λ π 한글 English 日本";

    /// Every character the demo talks show is drawn. Speaker notes (HTML comments) are
    /// never shown, so they may hold anything.
    #[test]
    fn demo_talks_are_covered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("talks");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "md") {
                let source = std::fs::read_to_string(&path).unwrap();
                let shown = without_comments(&source);
                assert_eq!(fonts().missing_chars(&shown), vec![], "{}", path.display());
            }
        }
    }

    fn without_comments(source: &str) -> String {
        let mut shown = String::new();
        let mut rest = source;
        while let Some(start) = rest.find("<!--") {
            shown.push_str(&rest[..start]);
            rest = rest[start..]
                .find("-->")
                .map_or("", |end| &rest[start + end + 3..]);
        }
        shown.push_str(rest);
        shown
    }

    #[test]
    fn comments_are_left_out_of_the_check() {
        assert_eq!(without_comments("a<!-- 😀 -->b<!-- x"), "ab");
    }

    #[test]
    fn every_bundled_font_loads() {
        assert_eq!(fonts().fonts.len(), BUNDLED.len());
    }

    #[test]
    fn sample_text_is_covered_except_han() {
        // Hanja are outside the subset on purpose; everything else on a Korean and
        // English slide must draw.
        assert_eq!(fonts().missing_chars(SAMPLE), vec!['日', '本']);
    }

    #[test]
    fn hangul_has_width_in_every_face() {
        for face in [
            Face::Regular,
            Face::Bold,
            Face::Italic,
            Face::BoldItalic,
            Face::Mono,
        ] {
            let width = fonts().width("한글", face, 100.0);
            assert!(width > 150.0, "{face:?}: {width}");
        }
    }

    #[test]
    fn fallback_picks_cjk_for_hangul_in_mono_and_italic() {
        let runs = fonts().font_runs("let 한 = 1;", Face::Mono);
        let fonts_used: Vec<FontId> = runs.iter().map(|run| run.font).collect();
        assert_eq!(fonts_used, vec![MONO, REGULAR, MONO]);
        let runs = fonts().font_runs("italic 한글", Face::Italic);
        assert_eq!(runs[0].font, ITALIC);
        assert_eq!(runs[1].font, REGULAR);
        assert_eq!(&"italic 한글"[runs[1].range.clone()], "한글");
        let runs = fonts().font_runs("굵게 bold", Face::BoldItalic);
        assert_eq!(runs[0].font, BOLD);
        assert_eq!(runs[1].font, BOLD_ITALIC);
    }

    #[test]
    fn symbols_the_cjk_face_lacks_come_from_symbols() {
        let runs = fonts().font_runs("✗ no", Face::Regular);
        assert_eq!(runs[0].font, SYMBOLS);
        // The symbols subset has no space: it must not be asked to draw one.
        assert_eq!(&"✗ no"[runs[0].range.clone()], "✗");
    }

    #[test]
    fn runs_cover_the_text_without_gaps() {
        let text = "a한b ✗ c";
        let runs = fonts().font_runs(text, Face::Italic);
        let mut end = 0;
        for run in &runs {
            assert_eq!(run.range.start, end);
            end = run.range.end;
        }
        assert_eq!(end, text.len());
    }

    #[test]
    fn width_is_linear_in_size_and_mono_is_fixed() {
        let small = fonts().width("Hello, 세계", Face::Regular, 10.0);
        let large = fonts().width("Hello, 세계", Face::Regular, 100.0);
        assert!((large - small * 10.0).abs() < 0.01);
        let i = fonts().width("iiii", Face::Mono, 50.0);
        let m = fonts().width("MMMM", Face::Mono, 50.0);
        assert!((i - m).abs() < 0.01);
    }

    #[test]
    fn metrics_come_from_the_face() {
        let metrics = fonts().metrics(Face::Regular, 100.0);
        assert!(metrics.ascent > 100.0 && metrics.descent > 20.0);
        assert!(metrics.line_height >= metrics.ascent + metrics.descent - 0.01);
    }

    #[test]
    fn whitespace_counts_as_covered() {
        assert!(fonts().covers('\n') && fonts().covers(' '));
        assert!(!fonts().covers('\u{1F600}'));
    }
}
