//! The one way text gets onto a draw list: split into runs by the font that draws each
//! glyph (fallback across the bundled faces) and placed run after run on a baseline.

use super::draw::{DrawItem, DrawList, Rgba};
use super::measure::{Face, Measure};

/// Appends `text` at (`x`, `baseline`) and returns its advance width.
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
    for run in measure.font_runs(text, face) {
        let piece = &text[run.range.clone()];
        list.push(DrawItem::Text {
            x: pen,
            y: baseline,
            size,
            font: run.font,
            color,
            text: piece.to_string(),
        });
        pen += measure.width(piece, face, size);
    }
    pen - x
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
