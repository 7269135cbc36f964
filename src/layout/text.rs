//! The one way text gets onto a draw list: put in visual order by the Unicode bidi
//! algorithm (UAX #9, `unicode-bidi`), split into runs by the font that draws each
//! glyph (fallback across the bundled faces), shaped where the font needs it, and
//! placed run after run on a baseline, left to right as the reader sees them.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

use super::draw::{DrawItem, DrawList, Rgba};
use super::measure::{Face, Measure};

/// `text` on one line within `max_width`: at the largest size from `size` down to
/// `smallest` at which it fits, and past that at `smallest`, cut with an ellipsis (so a
/// cut never goes unmarked). Returns the text to draw and its size.
pub(crate) fn fit_line(
    measure: &dyn Measure,
    text: &str,
    face: Face,
    (size, smallest): (f32, f32),
    max_width: f32,
) -> (String, f32) {
    let width = measure.width(text, face, size);
    if width <= max_width || width <= 0.0 {
        return (text.to_string(), size);
    }
    // A hair under the exact ratio: rounding must not tip it over and cost an ellipsis.
    let fitted = (size * max_width / width * 0.999).max(smallest.min(size));
    if measure.width(text, face, fitted) <= max_width {
        return (text.to_string(), fitted);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>() + "…";
        if measure.width(&cut, face, fitted) <= max_width {
            return (cut, fitted);
        }
    }
    (String::new(), fitted)
}

/// Appends `text` at (`x`, `baseline`) and returns its advance width. Text with
/// right-to-left letters is reordered as a paragraph of its own.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_text(
    list: &mut DrawList,
    measure: &dyn Measure,
    x: f32,
    baseline: f32,
    text: &str,
    face: Face,
    size: f32,
    color: Rgba,
) -> f32 {
    let mut pen = x;
    for (range, rtl) in visual_runs(text, None) {
        pen += push_run(
            list,
            measure,
            pen,
            baseline,
            &text[range],
            face,
            size,
            color,
            rtl,
        );
    }
    pen - x
}

/// Appends one directional run (all of it left to right, or all right to left) and
/// returns its width. Right to left, its font runs are placed last first, and each is
/// shaped right to left.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_run(
    list: &mut DrawList,
    measure: &dyn Measure,
    x: f32,
    baseline: f32,
    text: &str,
    face: Face,
    size: f32,
    color: Rgba,
    rtl: bool,
) -> f32 {
    let mut pen = x;
    let mut runs = measure.font_runs(text, face);
    if rtl {
        runs.reverse();
    }
    for run in runs {
        let piece = &text[run.range.clone()];
        let glyphs = measure
            .shape(piece, run.font, size, rtl)
            .unwrap_or_default();
        // Drawn char by char, a right-to-left run is its chars last first, with
        // brackets mirrored (UAX #9, L4): "(" closes on the left.
        let shown = if rtl && glyphs.is_empty() {
            piece
                .chars()
                .rev()
                .map(|ch| unicode_bidi_mirroring::get_mirrored(ch).unwrap_or(ch))
                .collect()
        } else {
            piece.to_string()
        };
        list.push(DrawItem::Text {
            x: pen,
            y: baseline,
            size,
            font: run.font,
            color,
            text: shown,
            glyphs,
        });
        pen += measure.width(piece, face, size);
    }
    pen - x
}

/// True when `text` holds a right-to-left letter or control (Hebrew, Arabic, …): only
/// then is there anything to reorder.
pub(crate) fn has_rtl(text: &str) -> bool {
    text.chars().any(|ch| {
        matches!(
            bidi_class(ch),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
    })
}

/// The direction of a paragraph by its first strong letter (UAX #9, P2–P3): true for
/// right to left.
pub(crate) fn paragraph_is_rtl(text: &str) -> bool {
    has_rtl(text)
        && BidiInfo::new(text, None)
            .paragraphs
            .first()
            .is_some_and(|paragraph| paragraph.level.is_rtl())
}

/// The byte ranges of `line` in the order they are seen, left to right, each with its
/// direction (true: right to left). `rtl_paragraph` is the direction of the paragraph
/// the line was broken from (a line alone may start with a word of the other
/// direction); `None` takes the line's own. Text with nothing right to left is one
/// left-to-right run, as it always was.
pub(crate) fn visual_runs(line: &str, rtl_paragraph: Option<bool>) -> Vec<(Range<usize>, bool)> {
    if !has_rtl(line) && rtl_paragraph != Some(true) {
        return vec![(0..line.len(), false)];
    }
    let level = rtl_paragraph.map(|rtl| if rtl { Level::rtl() } else { Level::ltr() });
    let bidi = BidiInfo::new(line, level);
    let mut runs = Vec::new();
    for paragraph in &bidi.paragraphs {
        let (levels, visual) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for range in visual {
            let rtl = levels.get(range.start).is_some_and(|level| level.is_rtl());
            runs.push((range, rtl));
        }
    }
    runs
}

/// Appends `text` centred horizontally on `center_x`; returns its width.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_text_centered(
    list: &mut DrawList,
    measure: &dyn Measure,
    center_x: f32,
    baseline: f32,
    text: &str,
    face: Face,
    size: f32,
    color: Rgba,
) -> f32 {
    let width = measure.width(text, face, size);
    push_text(
        list,
        measure,
        center_x - width / 2.0,
        baseline,
        text,
        face,
        size,
        color,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::FixedMeasure;

    /// The characters of `text` (by index) in the order `visual_runs` shows them.
    fn visual_order(text: &str, rtl_paragraph: Option<bool>) -> Vec<usize> {
        let index_of = |byte: usize| text[..byte].chars().count();
        let mut order = Vec::new();
        for (range, rtl) in visual_runs(text, rtl_paragraph) {
            let mut run: Vec<usize> = text[range.clone()]
                .char_indices()
                .map(|(at, _)| index_of(range.start + at))
                .collect();
            if rtl {
                run.reverse();
            }
            order.extend(run);
        }
        order
    }

    /// Lines of the Unicode reference, BidiCharacterTest-15.0.0.txt: the text, the
    /// paragraph direction (`None`: from the text) and the visual order it gives.
    #[rstest::rstest]
    #[case::latin_inside_arabic("ابج book(s)", Some(false), &[2, 1, 0, 3, 4, 5, 6, 7, 8, 9, 10])] // line 52
    #[case::latin_inside_arabic_rtl("ابج book(s)", Some(true), &[4, 5, 6, 7, 8, 9, 10, 3, 2, 1, 0])] // line 53
    #[case::fraction_after_arabic("ت1/2", None, &[1, 2, 3, 0])] // line 128
    #[case::number_range_in_hebrew("א 1-2", Some(false), &[2, 3, 4, 1, 0])] // line 142
    #[case::number_in_brackets_in_hebrew("א(1)", Some(false), &[3, 2, 1, 0])] // line 209
    #[case::hebrew_in_brackets_after_a_number("1(א)", Some(false), &[0, 1, 2, 3])] // line 213
    #[case::arabic_indic_digits_in_arabic("ا(١)", Some(true), &[3, 2, 1, 0])] // line 231
    #[case::brackets_mixing_hebrew_and_latin("a(א[]בb)", Some(false), &[0, 1, 5, 4, 3, 2, 6, 7])] // line 24380
    #[case::latin_in_brackets_in_hebrew("א((a[b])c", Some(true), &[8, 7, 3, 4, 5, 6, 2, 1, 0])] // line 82763
    #[case::hebrew_closing_a_latin_bracket("(a[)bא]ב", Some(false), &[0, 1, 2, 3, 4, 7, 6, 5])] // line 30058
    fn visual_order_is_the_unicode_references(
        #[case] text: &str,
        #[case] rtl_paragraph: Option<bool>,
        #[case] expected: &[usize],
    ) {
        assert_eq!(visual_order(text, rtl_paragraph), expected);
    }

    /// A line of a mixed paragraph is ordered as part of that paragraph: the same as the
    /// reference implementation resolving the whole paragraph and reordering the line
    /// (UAX #9, L1–L2), not as a paragraph of its own.
    #[test]
    fn a_line_broken_from_a_mixed_paragraph_keeps_the_paragraphs_direction() {
        let paragraph = "שלום hello world 123 עולם ומלואו";
        let breaks = [
            0,
            "שלום hello ".len(),
            "שלום hello world 123 עולם ".len(),
            paragraph.len(),
        ];
        let whole = BidiInfo::new(paragraph, None);
        let para = &whole.paragraphs[0];
        assert!(para.level.is_rtl());
        for pair in breaks.windows(2) {
            let line = pair[0]..pair[1];
            let (levels, runs) = whole.visual_runs(para, line.clone());
            let expected: Vec<(std::ops::Range<usize>, bool)> = runs
                .into_iter()
                .map(|run| {
                    let rtl = levels[run.start].is_rtl();
                    (run.start - line.start..run.end - line.start, rtl)
                })
                .collect();
            let text = &paragraph[line.clone()];
            assert_eq!(visual_runs(text, Some(true)), expected, "{text:?}");
        }
        // Alone, the second line ("world 123 עולם ") would start with Latin and read
        // left to right: the paragraph's direction is what puts עולם first.
        let second = &paragraph[breaks[1]..breaks[2]];
        assert_ne!(visual_runs(second, None), visual_runs(second, Some(true)));
    }

    #[test]
    fn text_with_nothing_right_to_left_is_one_run_as_before() {
        let text = "Kafka로 5분 — “fast”";
        assert_eq!(visual_runs(text, None), vec![(0..text.len(), false)]);
        assert!(!paragraph_is_rtl("hello שלום"));
        assert!(paragraph_is_rtl("שלום hello"));
    }

    /// Right to left, the font runs of a run are placed last first: the Latin "!" that
    /// ends an Arabic sentence stands at its left.
    #[test]
    fn a_right_to_left_run_places_its_font_runs_from_the_right() {
        let mut list = DrawList::default();
        let measure = crate::fonts::FontSet::shared().unwrap();
        push_text(
            &mut list,
            measure,
            0.0,
            50.0,
            "مرحبا!",
            Face::Regular,
            40.0,
            Rgba::rgb(255, 255, 255),
        );
        let placed: Vec<(&str, f32, bool)> = list
            .items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Text {
                    x, text, glyphs, ..
                } => Some((text.as_str(), *x, glyphs.is_empty())),
                _ => None,
            })
            .collect();
        assert_eq!(placed.len(), 2, "{placed:?}");
        assert_eq!((placed[0].0, placed[0].1), ("!", 0.0));
        assert_eq!(placed[1].0, "مرحبا");
        assert!(placed[1].1 > 0.0);
        // The Arabic is shaped (drawn by glyph), the "!" drawn by char.
        assert!(!placed[1].2 && placed[0].2);
    }

    #[test]
    fn text_is_placed_and_measured() {
        let mut list = DrawList::default();
        let measure = FixedMeasure::default();
        let width = push_text_centered(
            &mut list,
            &measure,
            100.0,
            50.0,
            "abcd",
            Face::Regular,
            10.0,
            Rgba::rgb(255, 255, 255),
        );
        assert_eq!(width, 20.0);
        match &list.items[0] {
            DrawItem::Text { x, y, text, .. } => {
                assert_eq!((*x, *y, text.as_str()), (90.0, 50.0, "abcd"));
            }
            other => panic!("expected text, got {other:?}"),
        }
    }
}
