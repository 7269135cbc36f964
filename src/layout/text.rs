//! The one way text gets onto a draw list: put in visual order by the Unicode bidi
//! algorithm (UAX #9, `unicode-bidi`), split into runs by the font that draws each
//! glyph (fallback across the bundled faces), shaped where the font needs it, and
//! placed run after run on a baseline, left to right as the reader sees them.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

use super::draw::{DrawItem, DrawList, Rgba};
use super::measure::{Face, Measure};

/// Appends `text` at (`x`, `baseline`) and returns its advance width. Text with
/// right-to-left letters is reordered as a paragraph of its own.
#[allow(clippy::too_many_arguments)]
pub fn push_text(
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
        list.push(DrawItem::Text {
            x: pen,
            y: baseline,
            size,
            font: run.font,
            color,
            text: piece.to_string(),
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
pub fn push_text_centered(
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
