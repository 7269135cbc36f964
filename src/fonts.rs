//! The bundled fonts: their bytes (compiled in), glyph metrics for layout and `check`,
//! and per-glyph fallback across faces.
//!
//! Contract with the window: `BUNDLED` lists every font file; `FontId(i)` is
//! `BUNDLED[i]`, and the window loads each into the GPU once, in that order.
//! Nothing here draws or touches a GL context; how the subsets were made is in
//! `assets/fonts/README.md`.
//!
//! Metrics come straight from the cmap and hmtx/hhea/OS/2 tables (ttf-parser, the same
//! parser fontdue uses), read per glyph on demand: loading parses table headers only,
//! so start-up does not pay for outlines it never draws. Every lookup reproduces
//! fontdue's, because the window draws with fontdue and layout must agree with it to
//! the pixel.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{OnceLock, RwLock};

use thiserror::Error;
use ttf_parser::GlyphId;
use ttf_parser::cmap::Subtable;

use crate::layout::{Face, FontId, FontRun, LineMetrics, Measure};

/// (name, bytes) of each bundled font file, indexed by `FontId`.
///
/// Each CJK face is three files cut from the same source face: its Latin, punctuation and
/// symbols; its common Hangul (the 2,350 syllables of KS X 1001, jamo, CJK punctuation);
/// and the other 8,822 syllables. The window parses every outline of a file when it
/// first draws from it, and 11,000 Hangul syllables cost most of a start-up; split, an
/// English slide parses only the small Latin parts, and everyday Korean only a quarter
/// of the syllables. New files go at the end, so a `FontId` never changes meaning.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "Noto Sans CJK KR Regular (Latin)",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Regular-latin.otf"),
    ),
    (
        "Noto Sans CJK KR Bold (Latin)",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Bold-latin.otf"),
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
    (
        "Noto Sans CJK KR Regular (Hangul)",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Regular-hangul.otf"),
    ),
    (
        "Noto Sans CJK KR Bold (Hangul)",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Bold-hangul.otf"),
    ),
    (
        "Noto Sans CJK KR Regular (rare Hangul)",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Regular-hangul-rare.otf"),
    ),
    (
        "Noto Sans CJK KR Bold (rare Hangul)",
        include_bytes!("../assets/fonts/NotoSansCJKkr-Bold-hangul-rare.otf"),
    ),
];

pub const REGULAR: FontId = FontId(0);
pub const BOLD: FontId = FontId(1);
pub const MONO: FontId = FontId(2);
pub const ITALIC: FontId = FontId(3);
pub const BOLD_ITALIC: FontId = FontId(4);
pub const SYMBOLS: FontId = FontId(5);
pub const HANGUL: FontId = FontId(6);
pub const BOLD_HANGUL: FontId = FontId(7);
pub const HANGUL_RARE: FontId = FontId(8);
pub const BOLD_HANGUL_RARE: FontId = FontId(9);

/// Which fonts may draw a glyph asked for in `face`, best first. The first entry also
/// gives the line metrics and draws what no face has (as its "missing" box).
/// Hangul has no italic and no mono design: it falls back to the CJK faces, keeping
/// the weight where it can. A CJK face's parts always come together, Latin, common
/// Hangul, rare Hangul: they share no char but the space, so together they pick exactly
/// the glyphs the whole face would.
pub fn fallback_chain(face: Face) -> &'static [FontId] {
    match face {
        Face::Regular => &[REGULAR, HANGUL, HANGUL_RARE, SYMBOLS, MONO],
        Face::Bold => &[
            BOLD,
            BOLD_HANGUL,
            BOLD_HANGUL_RARE,
            REGULAR,
            HANGUL,
            HANGUL_RARE,
            SYMBOLS,
            MONO,
        ],
        Face::Italic => &[ITALIC, REGULAR, HANGUL, HANGUL_RARE, SYMBOLS, MONO],
        Face::BoldItalic => &[
            BOLD_ITALIC,
            BOLD,
            BOLD_HANGUL,
            BOLD_HANGUL_RARE,
            REGULAR,
            HANGUL,
            HANGUL_RARE,
            SYMBOLS,
            MONO,
        ],
        Face::Mono => &[MONO, REGULAR, HANGUL, HANGUL_RARE, SYMBOLS],
    }
}

#[derive(Debug, Clone, Error)]
pub enum FontError {
    #[error("the bundled font {name} does not load: {reason}")]
    Load { name: &'static str, reason: String },
    #[error("the bundled font {name} has no horizontal line metrics")]
    NoLineMetrics { name: &'static str },
}

/// One parsed face. It borrows the compiled-in bytes, so parsing copies nothing and the
/// tables live as long as the process.
struct LoadedFont {
    face: ttf_parser::Face<'static>,
    /// The cmap subtables, last first. fontdue fills its char map from every subtable in
    /// file order, a later mapping replacing an earlier one, so the last subtable that
    /// maps a char gives the glyph fontdue draws.
    cmap: Vec<Subtable<'static>>,
    /// Font units per em, inverted: fontdue scales by `px / units_per_em`, and the same
    /// product keeps advances bit-for-bit equal to fontdue's at 1 px.
    em_per_unit: f32,
    /// Vertical metrics in ems.
    ascent: f32,
    descent: f32,
    line_height: f32,
    /// Advance of the "missing glyph" box (glyph 0), drawn for what no face covers.
    notdef_advance: f32,
    /// Advance of U+0020: a space after a fallback glyph is drawn in that glyph's font.
    space_advance: Option<f32>,
}

impl LoadedFont {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Result<LoadedFont, FontError> {
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|reason| FontError::Load {
            name,
            reason: reason.to_string(),
        })?;
        let mut cmap: Vec<Subtable<'static>> = face
            .tables()
            .cmap
            .map(|cmap| cmap.subtables.into_iter().collect())
            .unwrap_or_default();
        cmap.reverse();
        let units_per_em = face.units_per_em();
        if units_per_em == 0 {
            return Err(FontError::NoLineMetrics { name });
        }
        let em_per_unit = 1.0 / f32::from(units_per_em);
        let (ascent, descent, line_gap) = (
            i32::from(face.ascender()),
            i32::from(face.descender()),
            i32::from(face.line_gap()),
        );
        let mut font = LoadedFont {
            face,
            cmap,
            em_per_unit,
            ascent: em_per_unit * ascent as f32,
            // fontdue's descent is negative (below the baseline); ours is a distance.
            descent: -(em_per_unit * descent as f32),
            line_height: em_per_unit * (ascent - descent + line_gap) as f32,
            notdef_advance: 0.0,
            space_advance: None,
        };
        font.notdef_advance = font.advance(GlyphId(0));
        font.space_advance = font.char_advance(' ');
        Ok(font)
    }

    /// The glyph this face draws for `ch`, or `None` when it has none (glyph 0 is the
    /// missing-glyph box, never a real mapping).
    fn glyph_id(&self, ch: char) -> Option<GlyphId> {
        let code_point = u32::from(ch);
        self.cmap
            .iter()
            .find_map(|subtable| subtable.glyph_index(code_point).filter(|id| id.0 != 0))
            // fontdue refuses a font that maps past its last glyph; never report one.
            .filter(|id| id.0 < self.face.number_of_glyphs())
    }

    /// Advance of a glyph in ems.
    fn advance(&self, id: GlyphId) -> f32 {
        self.em_per_unit * f32::from(self.face.glyph_hor_advance(id).unwrap_or(0))
    }

    /// Advance of `ch` in ems, when this face has it.
    fn char_advance(&self, ch: char) -> Option<f32> {
        self.glyph_id(ch).map(|id| self.advance(id))
    }

    fn has(&self, ch: char) -> bool {
        self.glyph_id(ch).is_some()
    }
}

/// The bundled faces with their metrics: the real `Measure`.
pub struct FontSet {
    fonts: Vec<LoadedFont>,
    /// What each (face, char) resolved to, filled as layout asks.
    resolved: RwLock<Resolved>,
}

/// (face asked for, char) → (font that draws it, advance in ems).
type Resolved = HashMap<(Face, char), (FontId, f32), BuildHasherDefault<CharHasher>>;

/// A multiplicative hash: keys are a char and a small enum, not attacker-chosen
/// strings, so SipHash's cost buys nothing.
#[derive(Default)]
struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_isize(&mut self, n: isize) {
        self.write_u64(n as u64);
    }
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field("fonts", &self.fonts.len())
            .finish()
    }
}

impl FontSet {
    /// Parses the table headers of every bundled font (well under a millisecond: no
    /// glyph is read until layout asks for it).
    pub fn load() -> Result<FontSet, FontError> {
        let fonts = BUNDLED
            .iter()
            .map(|(name, bytes)| LoadedFont::parse(name, bytes))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FontSet {
            fonts,
            resolved: RwLock::default(),
        })
    }

    /// One `FontSet` for the whole process, loaded on first use, so `check`, export and
    /// the window share it.
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
        ch.is_control() || self.fonts.iter().any(|font| font.has(ch))
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

    /// Calls `each` with the font that draws every char of `text` asked for in `face`,
    /// and its advance in ems, in order. A space is drawn in the font of the char before
    /// it when that font has one: fewer, longer runs for the painter, and the width
    /// measured is then the width drawn. The cache lock is taken once per call.
    fn glyphs(&self, text: &str, face: Face, mut each: impl FnMut(char, (FontId, f32))) {
        let mut misses = Vec::new();
        {
            let resolved = self.resolved.read().ok();
            let mut before: Option<FontId> = None;
            for ch in text.chars() {
                let joined = before
                    .filter(|_| ch == ' ')
                    .and_then(|font| Some((font, self.font(font)?.space_advance?)));
                let found = match joined {
                    Some(found) => found,
                    None => match resolved.as_ref().and_then(|map| map.get(&(face, ch))) {
                        Some(hit) => *hit,
                        None => {
                            let found = self.resolve(ch, face);
                            misses.push((ch, found));
                            found
                        }
                    },
                };
                before = Some(found.0);
                each(ch, found);
            }
        }
        if !misses.is_empty()
            && let Ok(mut resolved) = self.resolved.write()
        {
            resolved.extend(misses.into_iter().map(|(ch, found)| ((face, ch), found)));
        }
    }

    /// The font that draws `ch` asked for in `face`, and its advance in ems.
    fn resolve(&self, ch: char, face: Face) -> (FontId, f32) {
        let chain = fallback_chain(face);
        for id in chain {
            if let Some(advance) = self.font(*id).and_then(|font| font.char_advance(ch)) {
                return (*id, advance);
            }
        }
        let first = chain[0];
        let advance = if ch.is_control() {
            0.0
        } else {
            self.font(first).map_or(0.0, |font| font.notdef_advance)
        };
        (first, advance)
    }

    fn font(&self, id: FontId) -> Option<&LoadedFont> {
        self.fonts.get(usize::from(id.0))
    }

    fn primary(&self, face: Face) -> Option<&LoadedFont> {
        self.font(fallback_chain(face)[0])
    }
}

impl Measure for FontSet {
    fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let mut ems = 0.0;
        self.glyphs(text, face, |_, (_, advance)| ems += advance);
        ems * size
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
        let mut start = 0;
        self.glyphs(text, face, |ch, (font, _)| {
            let end = start + ch.len_utf8();
            match runs.last_mut() {
                Some(run) if run.font == font => run.range.end = end,
                _ => runs.push(FontRun {
                    range: start..end,
                    font,
                }),
            }
            start = end;
        });
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
        let mut decks = 0;
        for entry in std::fs::read_dir(&dir).expect("talks/ is there") {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "md") {
                let source = std::fs::read_to_string(&path).unwrap();
                let shown = without_comments(&source);
                assert_eq!(fonts().missing_chars(&shown), vec![], "{}", path.display());
                decks += 1;
            }
        }
        assert!(decks >= 4, "only {decks} demo decks checked");
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
        assert_eq!(fonts_used, vec![MONO, HANGUL, MONO]);
        let runs = fonts().font_runs("italic 한글", Face::Italic);
        assert_eq!(runs[0].font, ITALIC);
        assert_eq!(runs[1].font, HANGUL);
        assert_eq!(&"italic 한글"[runs[1].range.clone()], "한글");
        let runs = fonts().font_runs("굵게 bold", Face::BoldItalic);
        assert_eq!(runs[0].font, BOLD_HANGUL);
        assert_eq!(runs[1].font, BOLD_ITALIC);
    }

    /// An English slide must never make the window parse a Hangul part.
    #[test]
    fn latin_and_symbols_never_need_a_hangul_part() {
        let text = "The quick brown fox — “quoted” ÄÖÜ ß é ñ … → ← ✓ ✗ • ◦ ▪ ▸ ▼ ① ≤ ≥ ≠ ± × ∞ \
            ┌─┐│└┘ ★ ☐ ☑ λ π ₩1,000 €5 ™ fn main() { x[0] = 1; }";
        for face in FACES {
            for run in fonts().font_runs(text, face) {
                assert!(
                    ![HANGUL, BOLD_HANGUL, HANGUL_RARE, BOLD_HANGUL_RARE].contains(&run.font),
                    "{face:?}: {run:?}"
                );
            }
        }
    }

    /// The parts of a CJK face share only the space, so the order of a chain never
    /// decides which of them draws a char; and every part keeps the face's line
    /// metrics and missing-glyph box.
    #[test]
    fn the_parts_of_a_cjk_face_split_it_cleanly() {
        for parts in [
            [REGULAR, HANGUL, HANGUL_RARE],
            [BOLD, BOLD_HANGUL, BOLD_HANGUL_RARE],
        ] {
            let [latin, hangul, rare] = parts.map(|id| &fontdue_fonts()[usize::from(id.0)]);
            for (one, other) in [(latin, hangul), (latin, rare), (hangul, rare)] {
                let shared: Vec<char> = one
                    .chars()
                    .keys()
                    .filter(|ch| other.chars().contains_key(*ch))
                    .copied()
                    .collect();
                assert_eq!(shared, vec![' ']);
                assert_eq!(
                    one.horizontal_line_metrics(1.0),
                    other.horizontal_line_metrics(1.0)
                );
                assert_eq!(
                    one.metrics_indexed(0, 1.0).advance_width,
                    other.metrics_indexed(0, 1.0).advance_width
                );
                assert_eq!(one.metrics(' ', 1.0), other.metrics(' ', 1.0));
            }
            assert!(latin.chars().contains_key(&'→') && !hangul.chars().contains_key(&'a'));
            // 가 and 힝 open and close KS X 1001's syllables; 힣 and 똠 are not in it.
            for ch in ['가', '힝', 'ㄱ', '「', '（'] {
                assert!(hangul.chars().contains_key(&ch), "{ch}");
            }
            for ch in ['힣', '똠', '햏', '갂'] {
                assert!(rare.chars().contains_key(&ch), "{ch}");
            }
            let syllables = |font: &fontdue::Font| {
                font.chars()
                    .keys()
                    .filter(|ch| ('가'..='힣').contains(*ch))
                    .count()
            };
            assert_eq!(
                (syllables(latin), syllables(hangul), syllables(rare)),
                (0, 2_350, 8_822)
            );
        }
    }

    /// Everyday Korean, all of it in KS X 1001, must never make the window parse a rare
    /// Hangul part; a syllable outside it must still draw, from the rare part of the
    /// same weight.
    #[test]
    fn common_korean_never_needs_a_rare_hangul_part() {
        let text = "실시간 데이터 처리를 위한 카프카 소개: 빠르고 안정적인 메시지 큐, \
            생산자와 소비자, 파티션과 복제. 오늘 발표는 5분입니다! 「인용」 （전각） ㄱㄴㄷ ㅏㅑ";
        for face in FACES {
            for run in fonts().font_runs(text, face) {
                assert!(
                    ![HANGUL_RARE, BOLD_HANGUL_RARE].contains(&run.font),
                    "{face:?}: {run:?}"
                );
            }
        }
        let runs = fonts().font_runs("똠방각하 햏", Face::Regular);
        let fonts_used: Vec<FontId> = runs.iter().map(|run| run.font).collect();
        assert_eq!(fonts_used, vec![HANGUL_RARE, HANGUL, HANGUL_RARE]);
        let runs = fonts().font_runs("뷁", Face::BoldItalic);
        assert_eq!(runs[0].font, BOLD_HANGUL_RARE);
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

    /// fontdue's view of every bundled font: what the window draws with.
    fn fontdue_fonts() -> &'static [fontdue::Font] {
        static FONTS: OnceLock<Vec<fontdue::Font>> = OnceLock::new();
        FONTS.get_or_init(|| {
            BUNDLED
                .iter()
                .map(|(_, bytes)| {
                    fontdue::Font::from_bytes(*bytes, fontdue::FontSettings::default()).unwrap()
                })
                .collect()
        })
    }

    const FACES: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
    ];

    #[test]
    fn every_char_maps_to_the_glyph_fontdue_maps() {
        for (font, reference) in fonts().fonts.iter().zip(fontdue_fonts()) {
            let mut mapped = 0;
            for ch in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
                let expected = reference.chars().get(&ch).map(|id| id.get());
                assert_eq!(font.glyph_id(ch).map(|id| id.0), expected, "{ch:?}");
                mapped += usize::from(expected.is_some());
            }
            assert_eq!(mapped, reference.chars().len());
        }
    }

    #[test]
    fn every_advance_equals_fontdues() {
        for (font, reference) in fonts().fonts.iter().zip(fontdue_fonts()) {
            for (ch, id) in reference.chars() {
                let expected = reference.metrics_indexed(id.get(), 1.0).advance_width;
                assert_eq!(font.char_advance(*ch), Some(expected), "{ch:?}");
            }
            let notdef = reference.metrics_indexed(0, 1.0).advance_width;
            assert_eq!(font.notdef_advance, notdef);
        }
    }

    /// The width fontdue gives `text` drawn as the window draws it: each run in its own
    /// font at `size` px, a char a font lacks drawn as that font's missing-glyph box.
    fn fontdue_width(text: &str, face: Face, size: f32) -> f32 {
        fonts()
            .font_runs(text, face)
            .iter()
            .flat_map(|run| {
                let font = &fontdue_fonts()[usize::from(run.font.0)];
                text[run.range.clone()]
                    .chars()
                    .map(|ch| font.metrics(ch, size).advance_width)
            })
            .sum()
    }

    #[rstest::rstest]
    #[case::latin("The quick brown fox jumps over the lazy dog. ÄÖÜ äöü ß é ñ — “quoted”")]
    #[case::hangul("실시간 데이터 처리는 5분 안에 끝납니다 ㄱㄴㄷ 「인용」 （전각）")]
    #[case::mixed("Kafka로 실시간 데이터 처리 — “빠르게” 5분 발표! ₩1,000 €5")]
    #[case::symbols("→ ← ↑ ↓ ✓ ✗ • ◦ ▪ ▸ ▼ … ① ② ≤ ≥ ≠ ± × ÷ ∞ ┌─┐│└┘ ★ ☐ ☑ λ π")]
    #[case::code("fn main() { let 한 = vec![1, 2]; println!(\"{한:?}\"); } // ok")]
    #[case::missing("日本 and 😀 are drawn as boxes")]
    fn widths_equal_fontdues(#[case] text: &str) {
        for face in FACES {
            for size in [9.0, 16.0, 24.5, 48.0, 96.0, 173.3] {
                let ours = fonts().width(text, face, size);
                let theirs = fontdue_width(text, face, size);
                assert!(
                    (ours - theirs).abs() < 0.01,
                    "{face:?} at {size}px: {ours} vs fontdue {theirs}"
                );
                // Layout places each run at the width of the runs before it.
                let by_runs: f32 = fonts()
                    .font_runs(text, face)
                    .iter()
                    .map(|run| fonts().width(&text[run.range.clone()], face, size))
                    .sum();
                assert!((by_runs - theirs).abs() < 0.01, "{face:?} at {size}px");
            }
        }
    }

    #[test]
    fn line_metrics_equal_fontdues() {
        for face in FACES {
            let reference = &fontdue_fonts()[usize::from(fallback_chain(face)[0].0)];
            for size in [16.0, 48.0, 173.3] {
                let theirs = reference.horizontal_line_metrics(size).unwrap();
                let ours = fonts().metrics(face, size);
                assert!((ours.ascent - theirs.ascent).abs() < 0.01, "{face:?}");
                assert!((ours.descent + theirs.descent).abs() < 0.01, "{face:?}");
                assert!(
                    (ours.line_height - theirs.new_line_size).abs() < 0.01,
                    "{face:?}"
                );
            }
        }
    }

    #[test]
    fn cached_answers_equal_fresh_ones() {
        // One set asked about every face in turn answers from its cache after the first
        // face; each answer must equal that of a set that never saw another face, or a
        // cache keyed without the face would hand one face's widths to the next.
        let shared = FontSet::load().unwrap();
        let text = "Kafka로 ✗ 日 é";
        for face in FACES {
            let from_cache = (shared.width(text, face, 40.0), shared.font_runs(text, face));
            let alone = FontSet::load().unwrap();
            let fresh = (alone.width(text, face, 40.0), alone.font_runs(text, face));
            assert_eq!(from_cache, fresh, "{face:?}");
        }
        // And the faces do differ, so the comparison above can tell them apart.
        assert_ne!(
            shared.width(text, FACES[0], 40.0),
            shared.width(text, Face::Bold, 40.0)
        );
    }

    #[test]
    fn whitespace_counts_as_covered() {
        assert!(fonts().covers('\n') && fonts().covers(' '));
        assert!(!fonts().covers('\u{1F600}'));
    }
}
