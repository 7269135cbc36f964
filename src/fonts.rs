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

use crate::layout::{Face, FontId, FontRun, Glyph, LineMetrics, Measure};
use crate::system_fonts::SystemFonts;

/// (name, bytes) of each bundled font file, indexed by `FontId`.
///
/// Each CJK face is three files cut from the same source face: its Latin, punctuation and
/// symbols; its common Hangul (the 2,350 syllables of KS X 1001, jamo, CJK punctuation);
/// and the other 8,822 syllables. The window parses every outline of a file when it
/// first draws from it, and 11,000 Hangul syllables cost most of a start-up; split, an
/// English slide parses only the small Latin parts, and everyday Korean only a quarter
/// of the syllables. New files go at the end, so a `FontId` never changes meaning.
/// A `static`, not a `const`: a const's bytes are copied into every place that uses it,
/// and the fonts were in the binary twice.
pub static BUNDLED: &[(&str, &[u8])] = &[
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
    (
        "Noto Sans CJK JP Regular (kana, JIS level 1)",
        include_bytes!("../assets/fonts/NotoSansCJKjp-Regular-ja.otf"),
    ),
    (
        "Noto Sans CJK JP Bold (kana, JIS level 1)",
        include_bytes!("../assets/fonts/NotoSansCJKjp-Bold-ja.otf"),
    ),
    (
        "Noto Sans CJK JP Regular (JIS level 2)",
        include_bytes!("../assets/fonts/NotoSansCJKjp-Regular-ja-rare.otf"),
    ),
    (
        "Noto Sans CJK JP Bold (JIS level 2)",
        include_bytes!("../assets/fonts/NotoSansCJKjp-Bold-ja-rare.otf"),
    ),
    (
        "Noto Sans CJK SC Regular (GB 2312 level 1)",
        include_bytes!("../assets/fonts/NotoSansCJKsc-Regular-hans.otf"),
    ),
    (
        "Noto Sans CJK SC Bold (GB 2312 level 1)",
        include_bytes!("../assets/fonts/NotoSansCJKsc-Bold-hans.otf"),
    ),
    (
        "Noto Sans CJK SC Regular (GB 2312 level 2)",
        include_bytes!("../assets/fonts/NotoSansCJKsc-Regular-hans-rare.otf"),
    ),
    (
        "Noto Sans CJK SC Bold (GB 2312 level 2)",
        include_bytes!("../assets/fonts/NotoSansCJKsc-Bold-hans-rare.otf"),
    ),
    (
        "Noto Sans CJK TC Regular (Big5 common)",
        include_bytes!("../assets/fonts/NotoSansCJKtc-Regular-hant.otf"),
    ),
    (
        "Noto Sans CJK TC Bold (Big5 common)",
        include_bytes!("../assets/fonts/NotoSansCJKtc-Bold-hant.otf"),
    ),
    (
        "Noto Sans Regular (more Latin, Greek, Cyrillic)",
        include_bytes!("../assets/fonts/NotoSans-Regular-more.ttf"),
    ),
    (
        "Noto Sans Bold (more Latin, Greek, Cyrillic)",
        include_bytes!("../assets/fonts/NotoSans-Bold-more.ttf"),
    ),
    (
        "Noto Sans Arabic Regular",
        include_bytes!("../assets/fonts/NotoSansArabic-Regular-subset.ttf"),
    ),
    (
        "Noto Sans Arabic Bold",
        include_bytes!("../assets/fonts/NotoSansArabic-Bold-subset.ttf"),
    ),
    (
        "Noto Sans Hebrew Regular",
        include_bytes!("../assets/fonts/NotoSansHebrew-Regular-subset.ttf"),
    ),
    (
        "Noto Sans Hebrew Bold",
        include_bytes!("../assets/fonts/NotoSansHebrew-Bold-subset.ttf"),
    ),
    (
        "Noto Sans Devanagari Regular",
        include_bytes!("../assets/fonts/NotoSansDevanagari-Regular-subset.ttf"),
    ),
    (
        "Noto Sans Devanagari Bold",
        include_bytes!("../assets/fonts/NotoSansDevanagari-Bold-subset.ttf"),
    ),
    (
        "Noto Sans Thai Regular",
        include_bytes!("../assets/fonts/NotoSansThai-Regular-subset.ttf"),
    ),
    (
        "Noto Sans Thai Bold",
        include_bytes!("../assets/fonts/NotoSansThai-Bold-subset.ttf"),
    ),
    (
        "Noto Color Emoji",
        include_bytes!("../assets/fonts/NotoColorEmoji-subset.ttf"),
    ),
];

pub(crate) const REGULAR: FontId = FontId(0);
pub const BOLD: FontId = FontId(1);
pub const MONO: FontId = FontId(2);
pub const ITALIC: FontId = FontId(3);
pub const BOLD_ITALIC: FontId = FontId(4);
pub(crate) const SYMBOLS: FontId = FontId(5);
pub(crate) const HANGUL: FontId = FontId(6);
pub const BOLD_HANGUL: FontId = FontId(7);
pub(crate) const HANGUL_RARE: FontId = FontId(8);
pub(crate) const BOLD_HANGUL_RARE: FontId = FontId(9);
pub(crate) const JA: FontId = FontId(10);
pub(crate) const BOLD_JA: FontId = FontId(11);
pub(crate) const JA_RARE: FontId = FontId(12);
pub(crate) const BOLD_JA_RARE: FontId = FontId(13);
pub(crate) const HANS: FontId = FontId(14);
pub(crate) const BOLD_HANS: FontId = FontId(15);
pub(crate) const HANS_RARE: FontId = FontId(16);
pub(crate) const BOLD_HANS_RARE: FontId = FontId(17);
pub(crate) const HANT: FontId = FontId(18);
pub(crate) const BOLD_HANT: FontId = FontId(19);
pub(crate) const MORE: FontId = FontId(20);
pub(crate) const BOLD_MORE: FontId = FontId(21);
pub(crate) const ARABIC: FontId = FontId(22);
pub(crate) const BOLD_ARABIC: FontId = FontId(23);
pub(crate) const HEBREW: FontId = FontId(24);
pub(crate) const BOLD_HEBREW: FontId = FontId(25);
pub(crate) const DEVANAGARI: FontId = FontId(26);
pub(crate) const BOLD_DEVANAGARI: FontId = FontId(27);
pub(crate) const THAI: FontId = FontId(28);
pub(crate) const BOLD_THAI: FontId = FontId(29);
/// Colour pictures (PNG bitmaps), not outlines: drawn by glyph id from the font's own
/// images, never tinted with the text's colour.
pub const EMOJI: FontId = FontId(30);

/// The faces whose runs are shaped (rustybuzz) and drawn by glyph id: their letters
/// join, stack or reorder, which drawing char by char cannot show. The others draw the
/// same either way (their subsets keep no layout features), so they stay char by char,
/// exactly as before. The emoji face is shaped for its ligatures, which join a ZWJ
/// sequence, a flag or a keycap into one picture.
const SHAPED: [FontId; 9] = [
    ARABIC,
    BOLD_ARABIC,
    HEBREW,
    BOLD_HEBREW,
    DEVANAGARI,
    BOLD_DEVANAGARI,
    THAI,
    BOLD_THAI,
    EMOJI,
];

/// Which of the national forms of the CJK faces draws what Japanese, Chinese and Korean
/// share (Han ideographs, CJK punctuation, full-width forms): the same code point is
/// drawn differently in each, and readers of each see the others' as wrong. As a
/// browser does with `lang`, the deck's language decides (`Han::of_deck`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Han {
    Japanese,
    /// Korean first, as gong drew before it had Han: Hanja then take the Traditional
    /// Chinese forms, the nearest to Korean usage. Also the choice for text of no
    /// known language (the cards between talks).
    #[default]
    Korean,
    Simplified,
    Traditional,
}

impl Han {
    /// The forms a BCP 47 language tag asks for (`ja`, `zh-TW`, `zh-Hant-HK`, `ko-KR`),
    /// or `None` for a language that does not write Han (`en`, `vi`): the text decides.
    pub(crate) fn of_tag(tag: &str) -> Option<Han> {
        let lower = tag.trim().to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        match subtags.next()? {
            "ja" | "jpn" => Some(Han::Japanese),
            "ko" | "kor" => Some(Han::Korean),
            "yue" => Some(Han::Traditional),
            "zh" | "zho" | "chi" | "cmn" => {
                let traditional = subtags.any(|sub| matches!(sub, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional {
                    Han::Traditional
                } else {
                    Han::Simplified
                })
            }
            _ => None,
        }
    }

    /// The parts of the CJK faces, of one weight, in the order this language prefers.
    fn parts(self, bold: bool) -> [FontId; 7] {
        let pick = |regular: FontId, heavy: FontId| if bold { heavy } else { regular };
        let korean = [
            pick(HANGUL, BOLD_HANGUL),
            pick(HANGUL_RARE, BOLD_HANGUL_RARE),
        ];
        let japanese = [pick(JA, BOLD_JA), pick(JA_RARE, BOLD_JA_RARE)];
        let simplified = [pick(HANS, BOLD_HANS), pick(HANS_RARE, BOLD_HANS_RARE)];
        let traditional = pick(HANT, BOLD_HANT);
        let [k, kr] = korean;
        let [j, jr] = japanese;
        let [s, sr] = simplified;
        let t = traditional;
        match self {
            Han::Korean => [k, kr, t, j, jr, s, sr],
            Han::Japanese => [j, jr, k, kr, s, sr, t],
            Han::Simplified => [s, sr, t, j, jr, k, kr],
            Han::Traditional => [t, s, sr, j, jr, k, kr],
        }
    }
}

/// True for kana, which only Japanese writes.
/// Characters never drawn as a glyph of their own: control characters, and the format
/// characters that only steer their neighbours (the variation selectors, such as the
/// emoji one in `⚠️`; zero-width spaces and joiners; bidi marks, embeddings and
/// isolates; the soft hyphen, which gong never breaks at; the byte-order mark; tags).
/// They take no width and need no font; a shaper still sees the joiners in its runs.
pub(crate) fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

fn is_kana(ch: char) -> bool {
    matches!(ch, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

fn is_ideograph(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Hangul syllables and jamo: Korean, which breaks lines between words.
pub(crate) fn is_hangul(ch: char) -> bool {
    matches!(ch, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Which fonts may draw a glyph asked for in `face` on a slide whose Han forms are
/// `han`'s, best first. The first entry also gives the line metrics and draws what no
/// face has (as its "missing" box).
/// CJK scripts have no italic and no mono design: they fall back to the CJK faces,
/// keeping the weight where they can. A CJK face's parts always come together (Latin,
/// common, rare): they share no char but the space, so together they pick exactly the
/// glyphs the whole face would. The Noto Sans part only fills what the CJK Latin part
/// lacks (Latin Extended-B, Greek Extended, …), so a word keeps one design.
pub(crate) fn fallback_chain(face: Face, han: Han) -> Vec<FontId> {
    let upright = |bold: bool| {
        let (latin, more) = if bold {
            (BOLD, BOLD_MORE)
        } else {
            (REGULAR, MORE)
        };
        let shaped = if bold {
            [BOLD_ARABIC, BOLD_HEBREW, BOLD_DEVANAGARI, BOLD_THAI]
        } else {
            [ARABIC, HEBREW, DEVANAGARI, THAI]
        };
        std::iter::once(latin)
            .chain(han.parts(bold))
            .chain([more])
            .chain(shaped)
    };
    // Last, the colour face: an emoji that is text by default but that no text face has
    // (🛠 without its selector) is drawn in colour, as a browser's last fallback does.
    let tail = [SYMBOLS, MONO, EMOJI];
    let chain: Vec<FontId> = match face {
        Face::Regular => upright(false).chain(tail).collect(),
        Face::Bold => upright(true).chain(upright(false)).chain(tail).collect(),
        Face::Italic => std::iter::once(ITALIC)
            .chain(upright(false))
            .chain(tail)
            .collect(),
        Face::BoldItalic => std::iter::once(BOLD_ITALIC)
            .chain(upright(true))
            .chain(upright(false))
            .chain(tail)
            .collect(),
        Face::Mono => std::iter::once(MONO)
            .chain(upright(false))
            .chain([SYMBOLS, EMOJI])
            .collect(),
    };
    chain
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
    /// The name the window says when it cannot load it, and `check` when the machine
    /// lent it.
    name: &'static str,
    bytes: &'static [u8],
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
    /// For a face in `SHAPED`, its bytes: the shaper's view of them is made the first
    /// time a run is shaped (it reads the layout tables, which a Latin deck never
    /// needs at start-up).
    shaped: Option<&'static [u8]>,
    shaper: OnceLock<Option<rustybuzz::Face<'static>>>,
    /// Its glyphs are colour bitmaps (`draws_in_colour`).
    colour: bool,
}

/// Whether a face draws its glyphs as colour bitmaps (CBDT, as Noto Color Emoji; sbix,
/// as Apple Color Emoji), which gong can draw. Colour made of layered outlines (COLR)
/// or SVG is not drawn in colour.
pub(crate) fn draws_in_colour(face: &ttf_parser::Face<'_>) -> bool {
    let tables = face.tables();
    tables.cbdt.is_some() || tables.sbix.is_some()
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
        let colour = draws_in_colour(&face);
        let mut font = LoadedFont {
            name,
            bytes,
            face,
            cmap,
            em_per_unit,
            ascent: em_per_unit * ascent as f32,
            // fontdue's descent is negative (below the baseline); ours is a distance.
            descent: -(em_per_unit * descent as f32),
            line_height: em_per_unit * (ascent - descent + line_gap) as f32,
            notdef_advance: 0.0,
            space_advance: None,
            // A colour face is shaped whether bundled or lent: its sequences are ligatures.
            shaped: colour.then_some(bytes),
            shaper: OnceLock::new(),
            colour,
        };
        font.notdef_advance = font.advance(GlyphId(0));
        // An emoji face's space is as wide as a picture: a space after an emoji is the
        // text's own.
        font.space_advance = font.char_advance(' ').filter(|_| !colour);
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

/// A run as the shaper laid it out, in ems from its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    /// How far each glyph moves the pen, in the order of `glyphs`.
    pub advances: Vec<f32>,
    pub advance: f32,
}

/// A colour glyph's picture, ready for the painter's atlas.
pub(crate) struct ColourGlyph {
    pub width: u32,
    pub height: u32,
    /// Straight (not premultiplied) RGBA, row by row.
    pub rgba: Vec<u8>,
    /// From the glyph's origin to the picture's left edge, and up to its top edge, in px.
    pub left: f32,
    pub top: f32,
}

/// sbix and CBDT's raw 32-bit pictures are premultiplied BGRA; the atlas takes straight
/// RGBA.
fn unpremultiplied_bgra(data: &[u8], width: u16, height: u16) -> Option<image::RgbaImage> {
    let pixels = usize::from(width) * usize::from(height);
    let bytes = data.get(..pixels * 4)?;
    let rgba = bytes
        .chunks_exact(4)
        .flat_map(|bgra| {
            let [b, g, r, a] = [bgra[0], bgra[1], bgra[2], bgra[3]];
            let straight = |c: u8| {
                if a == 0 {
                    0
                } else {
                    (u16::from(c) * 255 / u16::from(a)).min(255) as u8
                }
            };
            [straight(r), straight(g), straight(b), a]
        })
        .collect();
    image::RgbaImage::from_raw(u32::from(width), u32::from(height), rgba)
}

/// The bundled faces with their metrics: the real `Measure`.
pub struct FontSet {
    fonts: Vec<LoadedFont>,
    /// What each (face, char) resolved to, filled as layout asks.
    resolved: RwLock<Resolved>,
    /// Whether a char no bundled face has is looked for among the machine's fonts (not
    /// in unit tests: their answers must not depend on the machine).
    use_system: bool,
    /// The machine's fonts, scanned the first time they are needed.
    system: OnceLock<SystemFonts>,
    /// Faces the machine lent, drawn as `FontId(BUNDLED.len() + i)`; leaked, as they
    /// live as long as the process, like the bundled ones.
    lent: RwLock<Vec<&'static LoadedFont>>,
    /// The colour face found for each emoji sequence met (`None`: drawn as text), so a
    /// machine with no emoji font is not searched again for every frame's layout.
    emoji_fonts: RwLock<HashMap<Box<str>, Option<FontId>>>,
    /// Chars no colour face of the machine's has: each is looked for once, as the search
    /// reads every face the machine has.
    no_machine_colour: RwLock<std::collections::HashSet<char>>,
}

/// (face asked for, Han forms, char) → (font that draws it, advance in ems).
type Resolved = HashMap<(Face, Han, char), (FontId, f32), BuildHasherDefault<CharHasher>>;

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
    pub(crate) fn load() -> Result<FontSet, FontError> {
        let mut fonts = BUNDLED
            .iter()
            .map(|(name, bytes)| LoadedFont::parse(name, bytes))
            .collect::<Result<Vec<_>, _>>()?;
        for id in SHAPED {
            let index = usize::from(id.0);
            if let (Some(font), Some((_, bytes))) = (fonts.get_mut(index), BUNDLED.get(index)) {
                font.shaped = Some(bytes);
            }
        }
        Ok(FontSet {
            fonts,
            resolved: RwLock::default(),
            use_system: !cfg!(test),
            system: OnceLock::new(),
            lent: RwLock::default(),
            emoji_fonts: RwLock::default(),
            no_machine_colour: RwLock::default(),
        })
    }

    /// The bundled fonts, with the fonts of `dir` standing for the machine's.
    #[cfg(test)]
    fn with_machine_fonts(dir: &std::path::Path) -> FontSet {
        let mut fonts = FontSet::load().unwrap();
        fonts.use_system = true;
        let _ = fonts.system.set(SystemFonts::in_dir(dir));
        fonts
    }

    /// The font file of `id`, bundled or lent by the machine: its name and bytes, for the
    /// window to load.
    pub(crate) fn file(&self, id: FontId) -> Option<(&'static str, &'static [u8])> {
        self.font(id).map(|font| (font.name, font.bytes))
    }

    /// The family of the machine's font that draws `ch`, when no bundled face has it
    /// and the machine has one: what `check` warns about, since another laptop may not.
    pub(crate) fn machine_family(&self, ch: char) -> Option<&'static str> {
        if self.covers(ch) {
            return None;
        }
        let (id, _) = self.machine_glyph(ch)?;
        self.font(id).map(|font| font.name)
    }

    /// A face the machine has for `ch`, among those lent already or else found now, and
    /// the char's advance in ems.
    fn machine_glyph(&self, ch: char) -> Option<(FontId, f32)> {
        if !self.use_system || is_invisible(ch) {
            return None;
        }
        if let Ok(lent) = self.lent.read() {
            for (index, font) in lent.iter().enumerate() {
                if let Some(advance) = font.char_advance(ch) {
                    return Some((self.lent_id(index)?, advance));
                }
            }
        }
        let found = self.system.get_or_init(SystemFonts::scan).face_for(ch)?;
        let id = self.lend(found)?;
        let advance = self.font(id)?.char_advance(ch)?;
        Some((id, advance))
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

    /// True when some bundled face has a glyph for `ch`. Control and format characters
    /// count as covered: they are never drawn as glyphs (`is_invisible`).
    pub(crate) fn covers(&self, ch: char) -> bool {
        is_invisible(ch) || self.fonts.iter().any(|font| font.has(ch))
    }

    /// The Han forms `text` is most likely written for, as a browser guesses a page's
    /// language: kana only Japanese writes, Hangul only Korean; otherwise the ideographs
    /// that only one of Simplified (GB 2312) and Traditional Chinese (Big5) has decide,
    /// read from the fonts' own coverage, and Simplified, the commoner, when none does.
    /// `None` for text with no CJK at all.
    pub(crate) fn guess_han(&self, text: &str) -> Option<Han> {
        let (mut simplified, mut traditional, mut han) = (0usize, 0usize, false);
        let mut hangul = false;
        for ch in text.chars() {
            if is_kana(ch) {
                return Some(Han::Japanese);
            }
            hangul |= is_hangul(ch);
            if !is_ideograph(ch) {
                continue;
            }
            let in_font = |id: FontId| self.font(id).is_some_and(|font| font.has(ch));
            match (in_font(HANS) || in_font(HANS_RARE), in_font(HANT)) {
                (true, false) => simplified += 1,
                (false, true) => traditional += 1,
                (true, true) => han = true,
                (false, false) => {}
            }
        }
        if hangul {
            Some(Han::Korean)
        } else if traditional > simplified {
            Some(Han::Traditional)
        } else if simplified > 0 || han {
            Some(Han::Simplified)
        } else {
            None
        }
    }

    /// The Han forms for a deck: its `lang` tag when that names a CJK language, else the
    /// guess from the text it shows, else the default.
    pub(crate) fn han_for(&self, lang: Option<&str>, shown: &str) -> Han {
        lang.and_then(Han::of_tag)
            .or_else(|| self.guess_han(shown))
            .unwrap_or_default()
    }

    /// This set measuring text written in a language whose Han forms are `han`'s.
    pub fn in_language(&self, han: Han) -> InLanguage<'_> {
        InLanguage { fonts: self, han }
    }

    /// The distinct characters of `text` no bundled face can draw, in order of first use.
    pub(crate) fn missing_chars(&self, text: &str) -> Vec<char> {
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
    /// An emoji sequence is drawn whole by the colour face that has all of it
    /// (`emoji_font`), whatever `face` asks for; a sequence no colour face has is text.
    fn glyphs(&self, text: &str, face: Face, han: Han, mut each: impl FnMut(char, (FontId, f32))) {
        let mut misses = Vec::new();
        let mut sequences = crate::emoji::sequences(text).into_iter().peekable();
        // The end of the emoji sequence being walked, and the colour face drawing it.
        let mut in_emoji: Option<(usize, FontId)> = None;
        {
            let resolved = self.resolved.read().ok();
            let mut before: Option<FontId> = None;
            for (at, ch) in text.char_indices() {
                if let Some(sequence) = sequences.next_if(|sequence| sequence.start == at) {
                    in_emoji = self
                        .emoji_font(&text[sequence.clone()])
                        .map(|font| (sequence.end, font));
                }
                if let Some((_, font)) = in_emoji.filter(|(end, _)| at < *end) {
                    let advance = self.font(font).and_then(|loaded| loaded.char_advance(ch));
                    before = Some(font);
                    each(ch, (font, advance.unwrap_or(0.0)));
                    continue;
                }
                let joined = before
                    .filter(|_| ch == ' ')
                    .and_then(|font| Some((font, self.font(font)?.space_advance?)));
                let found = match joined {
                    Some(found) => found,
                    None => match resolved.as_ref().and_then(|map| map.get(&(face, han, ch))) {
                        Some(hit) => *hit,
                        None => {
                            let found = self.resolve(ch, face, han);
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
            resolved.extend(
                misses
                    .into_iter()
                    .map(|(ch, found)| ((face, han, ch), found)),
            );
        }
    }

    /// The colour face that draws the emoji sequence `sequence`: the bundled one when it
    /// has every part, else a face of the machine's that has (a newer emoji, a skin
    /// tone), else the bundled one when it has the first part (a skin tone it lacks is
    /// left out: `check` names it), else none (the sequence is drawn as text).
    fn emoji_font(&self, sequence: &str) -> Option<FontId> {
        if let Some(known) = self
            .emoji_fonts
            .read()
            .ok()
            .and_then(|known| known.get(sequence).copied())
        {
            return known;
        }
        let whole = |font: &LoadedFont| {
            sequence
                .chars()
                .filter(|ch| !is_invisible(*ch))
                .all(|ch| font.has(ch))
        };
        let bundled = self.font(EMOJI);
        let found = if bundled.is_some_and(whole) {
            Some(EMOJI)
        } else {
            self.machine_colour_font(sequence, whole).or_else(|| {
                let first = sequence.chars().next()?;
                bundled.filter(|font| font.has(first)).map(|_| EMOJI)
            })
        };
        if let Ok(mut known) = self.emoji_fonts.write() {
            known.insert(sequence.into(), found);
        }
        found
    }

    /// A colour face of the machine's that draws all of `sequence`, lent already or
    /// found now (by its first part).
    fn machine_colour_font(
        &self,
        sequence: &str,
        whole: impl Fn(&LoadedFont) -> bool,
    ) -> Option<FontId> {
        if !self.use_system {
            return None;
        }
        if let Ok(lent) = self.lent.read()
            && let Some(index) = lent.iter().position(|font| font.colour && whole(font))
        {
            return self.lent_id(index);
        }
        let first = sequence.chars().next()?;
        let known_missing = self
            .no_machine_colour
            .read()
            .is_ok_and(|missing| missing.contains(&first));
        if known_missing {
            return None;
        }
        let Some(found) = self
            .system
            .get_or_init(SystemFonts::scan)
            .colour_face_for(first)
        else {
            if let Ok(mut missing) = self.no_machine_colour.write() {
                missing.insert(first);
            }
            return None;
        };
        let font = self.lend(found)?;
        whole(self.font(font)?).then_some(font)
    }

    /// The id of the `index`th face the machine lent: after the bundled ones.
    fn lent_id(&self, index: usize) -> Option<FontId> {
        u8::try_from(self.fonts.len() + index).ok().map(FontId)
    }

    /// Takes a face of the machine's into the set, as the next lent `FontId`.
    fn lend(&self, found: crate::system_fonts::SystemFace) -> Option<FontId> {
        let mut lent = self.lent.write().ok()?;
        let id = self.lent_id(lent.len())?;
        let name: &'static str = Box::leak(found.family.into_boxed_str());
        let bytes: &'static [u8] = Box::leak(found.bytes.into_boxed_slice());
        let font = LoadedFont::parse(name, bytes).ok()?;
        lent.push(Box::leak(Box::new(font)));
        Some(id)
    }

    /// The font that draws `ch` asked for in `face`, and its advance in ems.
    fn resolve(&self, ch: char, face: Face, han: Han) -> (FontId, f32) {
        let chain = fallback_chain(face, han);
        for id in &chain {
            if let Some(advance) = self.font(*id).and_then(|font| font.char_advance(ch)) {
                return (*id, advance);
            }
        }
        if let Some(found) = self.machine_glyph(ch) {
            return found;
        }
        let first = chain[0];
        let advance = if is_invisible(ch) {
            0.0
        } else {
            self.font(first).map_or(0.0, |font| font.notdef_advance)
        };
        (first, advance)
    }

    fn font(&self, id: FontId) -> Option<&LoadedFont> {
        let index = usize::from(id.0);
        match self.fonts.get(index) {
            Some(font) => Some(font),
            None => self
                .lent
                .read()
                .ok()?
                .get(index - self.fonts.len())
                .copied(),
        }
    }

    /// `text` shaped in `font` (one of `SHAPED`), left to right as drawn; `None` for a
    /// font drawn char by char. `rtl`: the run is laid right to left (else the shaper
    /// guesses from the script).
    pub(crate) fn shape(&self, font: FontId, text: &str, rtl: Option<bool>) -> Option<Shaped> {
        let loaded = self.font(font)?;
        let bytes = loaded.shaped?;
        // Parsed by ttf-parser already, so the shaper reads it too (tested for every
        // shaped face); were it not, the run would be measured and drawn by char alike.
        let face = loaded
            .shaper
            .get_or_init(|| rustybuzz::Face::from_slice(bytes, 0))
            .as_ref()?;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        if let Some(rtl) = rtl {
            buffer.set_direction(if rtl {
                rustybuzz::Direction::RightToLeft
            } else {
                rustybuzz::Direction::LeftToRight
            });
        }
        let shaped = rustybuzz::shape(face, &[], buffer);
        let scale = loaded.em_per_unit;
        let mut pen = 0i64;
        let mut glyphs = Vec::with_capacity(shaped.len());
        let mut advances = Vec::with_capacity(shaped.len());
        for (info, position) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let id = u16::try_from(info.glyph_id).unwrap_or(0);
            // A part of an emoji sequence the colour face lacks (a skin tone) is left
            // out rather than drawn as a gap: the rest of the picture still shows.
            if id == 0 && loaded.colour {
                continue;
            }
            let x = (pen + i64::from(position.x_offset)) as f32 * scale;
            let y = position.y_offset as f32 * scale;
            glyphs.push(Glyph { id, x, y });
            advances.push(position.x_advance as f32 * scale);
            pen += i64::from(position.x_advance);
        }
        Some(Shaped {
            glyphs,
            advances,
            advance: pen as f32 * scale,
        })
    }

    /// The glyphs gong draws for `text`, one run of `font_runs` in `font`: the shaper's
    /// for a shaped face, else each char's own glyph and advance (cmap and hmtx, as
    /// fontdue draws them), in ems. What the tests hold against HarfBuzz's `hb-shape`.
    pub fn laid_out(&self, font: FontId, text: &str) -> Option<Shaped> {
        if let Some(shaped) = self.shape(font, text, None) {
            return Some(shaped);
        }
        let loaded = self.font(font)?;
        let mut pen = 0.0;
        let (mut glyphs, mut advances) = (Vec::new(), Vec::new());
        for ch in text.chars() {
            let id = loaded.glyph_id(ch).unwrap_or(GlyphId(0));
            glyphs.push(Glyph {
                id: id.0,
                x: pen,
                y: 0.0,
            });
            advances.push(loaded.advance(id));
            pen += loaded.advance(id);
        }
        Some(Shaped {
            glyphs,
            advances,
            advance: pen,
        })
    }

    /// Whether `font` draws colour pictures, which the painter draws untinted.
    pub(crate) fn is_colour(&self, font: FontId) -> bool {
        self.font(font).is_some_and(|loaded| loaded.colour)
    }

    /// Glyph `id` of the colour face `font` as straight RGBA at `size` px: the font's
    /// picture from the strike nearest that size, scaled to it. `None` for a glyph
    /// with no picture (a space), a face that is not colour, or a picture that does
    /// not decode.
    pub(crate) fn colour_glyph(&self, font: FontId, id: u16, size: f32) -> Option<ColourGlyph> {
        let loaded = self.font(font).filter(|loaded| loaded.colour)?;
        let ppem = size.round().clamp(1.0, f32::from(u16::MAX)) as u16;
        let raster = loaded.face.glyph_raster_image(GlyphId(id), ppem)?;
        let picture = match raster.format {
            ttf_parser::RasterImageFormat::PNG => crate::images::decode_embedded_png(raster.data)?,
            ttf_parser::RasterImageFormat::BitmapPremulBgra32 => {
                unpremultiplied_bgra(raster.data, raster.width, raster.height)?
            }
            _ => return None,
        };
        let scale = size / f32::from(raster.pixels_per_em.max(1));
        let side = |pixels: u32| ((pixels as f32 * scale).round() as u32).max(1);
        let (width, height) = (side(picture.width()), side(picture.height()));
        let scaled = crate::images::scaled(picture, (width, height));
        Some(ColourGlyph {
            width,
            height,
            rgba: scaled.into_raw(),
            left: f32::from(raster.x) * scale,
            top: (f32::from(raster.y) + f32::from(raster.height)) * scale,
        })
    }

    /// Units per em of a bundled font.
    pub fn units_per_em(&self, font: FontId) -> Option<u16> {
        self.font(font).map(|loaded| loaded.face.units_per_em())
    }

    /// The face a chain starts with: the same whatever the language.
    fn primary(&self, face: Face) -> Option<&LoadedFont> {
        self.font(fallback_chain(face, Han::default())[0])
    }
}

/// The bundled fonts measuring (and picking fonts for) text of one language: what
/// layout gets for a deck, so the Han forms are the deck's.
#[derive(Debug, Clone, Copy)]
pub struct InLanguage<'a> {
    fonts: &'a FontSet,
    han: Han,
}

impl Measure for FontSet {
    fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        self.in_language(Han::default()).width(text, face, size)
    }

    fn metrics(&self, face: Face, size: f32) -> LineMetrics {
        self.in_language(Han::default()).metrics(face, size)
    }

    fn font_runs(&self, text: &str, face: Face) -> Vec<FontRun> {
        self.in_language(Han::default()).font_runs(text, face)
    }

    fn shape(&self, text: &str, font: FontId, size: f32, rtl: bool) -> Option<Vec<Glyph>> {
        self.in_language(Han::default())
            .shape(text, font, size, rtl)
    }
}

impl InLanguage<'_> {
    /// The font runs of `text` with the advance of each in ems: the sum of its chars'
    /// advances, or what the shaper gives a run in a shaped face.
    fn measured_runs(&self, text: &str, face: Face) -> Vec<(FontRun, f32)> {
        let mut runs: Vec<(FontRun, f32)> = Vec::new();
        let mut start = 0;
        self.fonts
            .glyphs(text, face, self.han, |ch, (font, advance)| {
                let end = start + ch.len_utf8();
                match runs.last_mut() {
                    Some((run, ems)) if run.font == font => {
                        run.range.end = end;
                        *ems += advance;
                    }
                    _ => runs.push((
                        FontRun {
                            range: start..end,
                            font,
                        },
                        advance,
                    )),
                }
                start = end;
            });
        for (run, ems) in &mut runs {
            if let Some(shaped) = self.fonts.shape(run.font, &text[run.range.clone()], None) {
                *ems = shaped.advance;
            }
        }
        runs
    }
}

impl Measure for InLanguage<'_> {
    fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let ems: f32 = self
            .measured_runs(text, face)
            .iter()
            .map(|(_, ems)| ems)
            .sum();
        ems * size
    }

    fn shape(&self, text: &str, font: FontId, size: f32, rtl: bool) -> Option<Vec<Glyph>> {
        let shaped = self.fonts.shape(font, text, Some(rtl))?;
        Some(
            shaped
                .glyphs
                .into_iter()
                .map(|glyph| Glyph {
                    x: glyph.x * size,
                    y: glyph.y * size,
                    ..glyph
                })
                .collect(),
        )
    }

    fn metrics(&self, face: Face, size: f32) -> LineMetrics {
        match self.fonts.primary(face) {
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
        self.fonts.glyphs(text, face, self.han, |ch, (font, _)| {
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

    /// The emoji variation selector in `⚠️`, joiners and zero-width spaces need no font,
    /// take no width and are never looked for among the machine's fonts.
    #[test]
    fn format_characters_are_invisible() {
        for ch in [
            '\u{FE0F}', '\u{FE0E}', '\u{200D}', '\u{200B}', '\u{2060}', '\u{FEFF}',
        ] {
            assert!(is_invisible(ch), "{ch:?}");
            assert!(fonts().covers(ch), "{ch:?}");
            assert_eq!(fonts().machine_family(ch), None, "{ch:?}");
        }
        // The text selector draws the symbol as text, and takes no width of its own.
        let alone = fonts().width("\u{26A0}", Face::Regular, 40.0);
        let as_text = fonts().width("\u{26A0}\u{FE0E}", Face::Regular, 40.0);
        assert_eq!(as_text, alone);
        assert!(!is_invisible('a') && !is_invisible('\u{26A0}'));
    }

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
                assert_eq!(
                    fonts().missing_chars(&shown),
                    Vec::<char>::new(),
                    "{}",
                    path.display()
                );
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

    /// A char no bundled face has is drawn with a font of the machine's, named for
    /// `check`; a char neither has stays a box, and what the bundle has never asks.
    #[test]
    fn the_machines_fonts_are_the_last_fallback() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
        let fonts = FontSet::with_machine_fonts(&dir);
        let lent = FontId(u8::try_from(BUNDLED.len()).unwrap());
        let runs = fonts.font_runs("ሰላም ok", Face::Bold);
        let used: Vec<FontId> = runs.iter().map(|run| run.font).collect();
        assert_eq!(used, vec![lent, BOLD]);
        assert!(fonts.width("ሰላም", Face::Regular, 100.0) > 100.0);
        assert_eq!(fonts.machine_family('ሰ'), Some("Noto Sans Ethiopic"));
        assert_eq!(fonts.machine_family('a'), None);
        assert_eq!(fonts.machine_family('𓀀'), None);
        let (_, bytes) = fonts.file(lent).unwrap();
        let fixture = std::fs::read(dir.join("NotoSansEthiopic-Regular-fixture.ttf")).unwrap();
        assert_eq!(bytes, fixture.as_slice());
        // The same face serves the next letter without a second copy.
        assert_eq!(fonts.font_runs("ዓ", Face::Regular)[0].font, lent);
        assert!(fonts.file(FontId(lent.0 + 1)).is_none());
        // Unit tests never look at this machine's own fonts.
        assert_eq!(FontSet::load().unwrap().machine_family('ሰ'), None);
    }

    #[test]
    fn every_bundled_font_loads() {
        assert_eq!(fonts().fonts.len(), BUNDLED.len());
    }

    /// The shaper reads each shaped face (on first use, so this is where a bad file
    /// shows), and only those: every other face is drawn by char.
    #[test]
    fn the_shaped_faces_and_only_they_are_shaped() {
        for index in 0..BUNDLED.len() {
            let font = FontId(u8::try_from(index).unwrap());
            let shaped = fonts().shape(font, " ", None);
            assert_eq!(shaped.is_some(), SHAPED.contains(&font), "{font:?}");
        }
    }

    #[test]
    fn sample_text_is_covered() {
        assert_eq!(fonts().missing_chars(SAMPLE), Vec::<char>::new());
    }

    /// The sample, less what needs shaping or right-to-left: every other
    /// script a speaker wrote there is drawn.
    #[test]
    fn the_worlds_scripts_are_covered() {
        let text = "こんにちは、世界 日本語のスライド · 繁體中文：閃電講 简体中文：闪电演讲 \
            Tiếng Việt: Xin chào thế giới ế ệ ớ ự ỹ Ελληνικά ἀρχή Русский Українська ґ Ґ \
            Српски Ǆ ǅ ɐ ə ʃ";
        assert_eq!(fonts().missing_chars(text), Vec::<char>::new());
    }

    #[rstest::rstest]
    #[case::japanese("ja", Some(Han::Japanese))]
    #[case::japanese_region("ja-JP", Some(Han::Japanese))]
    #[case::korean("ko-KR", Some(Han::Korean))]
    #[case::chinese("zh", Some(Han::Simplified))]
    #[case::mainland("zh-CN", Some(Han::Simplified))]
    #[case::simplified("zh-Hans", Some(Han::Simplified))]
    #[case::taiwan("zh-TW", Some(Han::Traditional))]
    #[case::hong_kong("zh_HK", Some(Han::Traditional))]
    #[case::traditional("ZH-hant", Some(Han::Traditional))]
    #[case::cantonese("yue", Some(Han::Traditional))]
    #[case::vietnamese("vi", None)]
    #[case::english("en-GB", None)]
    #[case::empty("", None)]
    fn language_tags_name_han_forms(#[case] tag: &str, #[case] han: Option<Han>) {
        assert_eq!(Han::of_tag(tag), han);
    }

    #[rstest::rstest]
    #[case::kana("日本語のスライド", Some(Han::Japanese))]
    #[case::kana_wins_over_traditional("繁體中文 と 閃電講", Some(Han::Japanese))]
    #[case::hangul("한국어 漢字", Some(Han::Korean))]
    #[case::simplified("闪电演讲：简体中文", Some(Han::Simplified))]
    #[case::traditional("閃電講：繁體中文", Some(Han::Traditional))]
    // Only ideographs both have: nothing tells the two apart, so the commoner one.
    #[case::shared("中文 人 大", Some(Han::Simplified))]
    #[case::latin("Tiếng Việt, English", None)]
    fn the_text_tells_the_han_forms(#[case] text: &str, #[case] han: Option<Han>) {
        assert_eq!(fonts().guess_han(text), han);
    }

    #[test]
    fn the_lang_tag_wins_over_the_guess() {
        assert_eq!(
            fonts().han_for(Some("zh-TW"), "日本語のスライド"),
            Han::Traditional
        );
        assert_eq!(fonts().han_for(Some("en"), "闪电"), Han::Simplified);
        assert_eq!(fonts().han_for(None, "plain"), Han::Korean);
    }

    /// The same code points, drawn in each language's own face: 直 and 。 differ
    /// between Japanese, Chinese and Korean type.
    #[rstest::rstest]
    #[case::japanese(Han::Japanese, [JA, BOLD_JA])]
    #[case::simplified(Han::Simplified, [HANS, BOLD_HANS])]
    #[case::traditional(Han::Traditional, [HANT, BOLD_HANT])]
    fn han_is_drawn_in_the_languages_face(#[case] han: Han, #[case] expected: [FontId; 2]) {
        for (face, font) in [(Face::Regular, expected[0]), (Face::Bold, expected[1])] {
            let runs = fonts().in_language(han).font_runs("直。", face);
            let used: Vec<FontId> = runs.iter().map(|run| run.font).collect();
            assert_eq!(used, vec![font], "{han:?} {face:?}");
        }
        // Italic and mono have no CJK design: the upright face of the language.
        let runs = fonts().in_language(han).font_runs("直", Face::Italic);
        assert_eq!(runs[0].font, expected[0]);
        let runs = fonts().in_language(han).font_runs("直", Face::BoldItalic);
        assert_eq!(runs[0].font, expected[1]);
    }

    #[test]
    fn korean_keeps_its_punctuation_and_takes_traditional_hanja() {
        let runs = fonts()
            .in_language(Han::Korean)
            .font_runs("。漢", Face::Regular);
        let used: Vec<FontId> = runs.iter().map(|run| run.font).collect();
        assert_eq!(used, vec![HANGUL, HANT]);
    }

    /// A deck in one language still draws the others' ideographs its face lacks: a
    /// simplified 简 on a Japanese slide, a Japanese-only 込 on a Chinese one.
    #[test]
    fn ideographs_outside_the_languages_set_fall_back() {
        let runs = fonts()
            .in_language(Han::Japanese)
            .font_runs("简", Face::Regular);
        assert_eq!(runs[0].font, HANS);
        let runs = fonts()
            .in_language(Han::Traditional)
            .font_runs("込", Face::Regular);
        assert_eq!(runs[0].font, JA);
    }

    /// Vietnamese and the rest of Latin come from the CJK face's own Latin part, so a
    /// word keeps one design; what it lacks comes from Noto Sans of the same weight.
    #[test]
    fn more_latin_greek_and_cyrillic_keep_the_weight() {
        let used = |text: &str, face: Face| -> Vec<FontId> {
            fonts()
                .font_runs(text, face)
                .iter()
                .map(|run| run.font)
                .collect()
        };
        assert_eq!(used("Tiếng Việt ớ", Face::Regular), vec![REGULAR]);
        assert_eq!(used("Русский", Face::Bold), vec![BOLD]);
        assert_eq!(used("Ґ", Face::Regular), vec![MORE]);
        assert_eq!(used("ἀ", Face::Bold), vec![BOLD_MORE]);
        assert_eq!(used("Tiếng Русский ἀ", Face::Italic), vec![ITALIC]);
        assert_eq!(used("Tiếng Русский", Face::Mono), vec![MONO]);
    }

    /// Everyday Japanese (JIS level 1) and Chinese (GB 2312 level 1) never make the
    /// window parse the rarer half of their ideographs.
    #[test]
    fn common_japanese_and_chinese_never_need_a_rare_part() {
        let japanese =
            "日本語のスライドで、五分間の発表をします。「東京」の会議（無料）へようこそ！";
        let chinese = "这是一个关于实时数据处理的五分钟演讲。欢迎来到北京的会议！";
        for face in FACES {
            for (text, han) in [(japanese, Han::Japanese), (chinese, Han::Simplified)] {
                for run in fonts().in_language(han).font_runs(text, face) {
                    assert!(
                        ![JA_RARE, BOLD_JA_RARE, HANS_RARE, BOLD_HANS_RARE].contains(&run.font),
                        "{face:?}: {run:?} {:?}",
                        &text[run.range.clone()]
                    );
                }
            }
        }
        // Level 2 still draws, from the rare part of the same weight.
        let runs = fonts()
            .in_language(Han::Japanese)
            .font_runs("弌", Face::Bold);
        assert_eq!(runs[0].font, BOLD_JA_RARE);
        let runs = fonts()
            .in_language(Han::Simplified)
            .font_runs("弋", Face::Regular);
        assert_eq!(runs[0].font, HANS_RARE);
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
            for han in HANS_ALL {
                for run in fonts().in_language(han).font_runs(text, face) {
                    assert!(
                        [REGULAR, BOLD, ITALIC, BOLD_ITALIC, MONO, SYMBOLS].contains(&run.font),
                        "{face:?} {han:?}: {run:?}"
                    );
                }
            }
        }
    }

    /// The parts of a CJK face share only the space, so the order of a chain never
    /// decides which of them draws a char; and every part keeps the face's line
    /// metrics and missing-glyph box.
    #[test]
    fn the_parts_of_a_cjk_face_split_it_cleanly() {
        for [latin, common, rare] in [
            [REGULAR, JA, JA_RARE],
            [BOLD, BOLD_JA, BOLD_JA_RARE],
            [REGULAR, HANS, HANS_RARE],
            [BOLD, BOLD_HANS, BOLD_HANS_RARE],
            [REGULAR, HANT, HANT],
            [BOLD, BOLD_HANT, BOLD_HANT],
        ] {
            let [latin, common, rare] =
                [latin, common, rare].map(|id| &fontdue_fonts()[usize::from(id.0)]);
            let mut pairs = vec![(latin, common)];
            if !std::ptr::eq(common, rare) {
                pairs.extend([(latin, rare), (common, rare)]);
            }
            for (one, other) in pairs {
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
            }
        }
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

    const HANS_ALL: [Han; 4] = [
        Han::Korean,
        Han::Japanese,
        Han::Simplified,
        Han::Traditional,
    ];

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
    #[case::missing("日本 and 𓀀 are drawn as boxes")]
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
            let reference =
                &fontdue_fonts()[usize::from(fallback_chain(face, Han::default())[0].0)];
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

    /// The fonts and texts of the runs `text` is drawn in.
    fn runs_of<'a>(fonts: &FontSet, text: &'a str) -> Vec<(FontId, &'a str)> {
        fonts
            .font_runs(text, Face::Regular)
            .into_iter()
            .map(|run| (run.font, &text[run.range]))
            .collect()
    }

    #[test]
    fn emoji_are_drawn_by_the_colour_face_and_text_symbols_by_the_text_faces() {
        let runs = runs_of(fonts(), "Ship ✅ now ⚠\u{FE0F} ⚠ 📝");
        assert_eq!(
            runs,
            [
                (REGULAR, "Ship "),
                (EMOJI, "✅"),
                (REGULAR, " now "),
                (EMOJI, "⚠\u{FE0F}"),
                (REGULAR, " ⚠ "),
                (EMOJI, "📝"),
            ]
        );
        assert!(fonts().is_colour(EMOJI) && !fonts().is_colour(REGULAR));
        // Asked for as text, an emoji stays text.
        assert_ne!(runs_of(fonts(), "⚡\u{FE0E}")[0].0, EMOJI);
        assert_eq!(runs_of(fonts(), "⚡")[0].0, EMOJI);
        // Text by default, but no text face has it: in colour all the same.
        assert_eq!(runs_of(fonts(), "🛠 tools")[0], (EMOJI, "🛠"));
    }

    /// A ZWJ sequence, a flag, a keycap and a heart with its selector are each one
    /// picture, as wide as a single emoji.
    #[rstest::rstest]
    #[case::zwj("👩\u{200D}💻")]
    #[case::flag("🇩🇪")]
    #[case::keycap("1\u{FE0F}\u{20E3}")]
    #[case::selector("❤\u{FE0F}")]
    #[case::tag_flag("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}")]
    fn an_emoji_sequence_is_one_picture(#[case] sequence: &str) {
        let shaped = fonts().shape(EMOJI, sequence, None).unwrap();
        assert_eq!(shaped.glyphs.len(), 1, "{sequence:?}: {shaped:?}");
        let single = fonts().width("🙂", Face::Regular, 50.0);
        assert_eq!(fonts().width(sequence, Face::Regular, 50.0), single);
        assert!(
            fonts()
                .colour_glyph(EMOJI, shaped.glyphs[0].id, 50.0)
                .is_some()
        );
    }

    /// Without a font that has skin tones, a toned emoji is the plain one, never a gap
    /// or a box; `check` names the tone (`missing_chars`).
    #[test]
    fn a_skin_tone_no_font_has_is_left_out() {
        let toned = fonts().width("👍\u{1F3FD}", Face::Regular, 50.0);
        assert_eq!(toned, fonts().width("👍", Face::Regular, 50.0));
        assert_eq!(runs_of(fonts(), "👍\u{1F3FD}"), [(EMOJI, "👍\u{1F3FD}")]);
        assert_eq!(fonts().missing_chars("👍\u{1F3FD}"), ['\u{1F3FD}']);
    }

    /// A colour emoji font of the machine's draws the sequences the bundle cannot.
    #[test]
    fn the_machines_colour_font_draws_what_the_bundle_lacks() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
        let fonts = FontSet::with_machine_fonts(&dir);
        let runs = runs_of(&fonts, "ok 👍\u{1F3FD} 👍");
        let lent = runs[1].0;
        assert!(
            usize::from(lent.0) >= BUNDLED.len() && fonts.is_colour(lent),
            "{runs:?}"
        );
        assert_eq!(
            runs,
            [
                (REGULAR, "ok "),
                (lent, "👍\u{1F3FD}"),
                (REGULAR, " "),
                (EMOJI, "👍")
            ]
        );
        let shaped = fonts.shape(lent, "👍\u{1F3FD}", None).unwrap();
        assert_eq!(shaped.glyphs.len(), 1);
        assert_eq!(fonts.machine_family('\u{1F3FD}'), Some("Noto Color Emoji"));
    }

    /// The picture is the emoji's own colours at the size asked for: a red heart.
    #[test]
    fn a_colour_glyph_is_its_own_picture_at_the_size() {
        let heart = fonts().shape(EMOJI, "❤\u{FE0F}", None).unwrap().glyphs[0].id;
        let picture = fonts().colour_glyph(EMOJI, heart, 64.0).unwrap();
        // Noto's pictures are 136 × 128 at 109 px per em.
        assert_eq!((picture.width, picture.height), (80, 75));
        assert_eq!(picture.rgba.len(), 80 * 75 * 4);
        let middle = ((37 * 80 + 40) * 4) as usize;
        let [r, g, b, a] = [0, 1, 2, 3].map(|i| picture.rgba[middle + i]);
        assert!(r > 180 && g < 90 && b < 90 && a == 255, "{r} {g} {b} {a}");
        assert!(picture.top > 40.0 && picture.left >= 0.0, "{}", picture.top);
        assert!(fonts().colour_glyph(REGULAR, heart, 64.0).is_none());
    }

    #[test]
    fn whitespace_counts_as_covered() {
        assert!(fonts().covers('\n') && fonts().covers(' '));
        assert!(!fonts().covers('\u{13000}'));
    }
}
