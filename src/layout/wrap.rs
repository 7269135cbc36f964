//! Line breaking of styled text: runs of (style, text) → lines no wider than a width.
//!
//! Breaks where UAX #14 allows (unicode-linebreak), except inside a word that holds
//! Hangul: Korean slides break at spaces like English (CSS `word-break: keep-all`), so
//! "Kafka로" or "데이터" never splits mid-word. A word wider than the whole line is broken between characters.
//! Owns placing a line's pieces on a draw list; knows nothing about blocks.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::draw::{DrawItem, DrawList, Rect, Rgba};
use super::measure::{Face, Measure};
use super::text::{has_rtl, paragraph_is_rtl, push_run, visual_runs};
use crate::fonts::is_hangul;

/// How one run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub face: Face,
    pub size: f32,
    pub color: Rgba,
    pub underline: bool,
    pub strike: bool,
    /// Inline code: a subtle box behind the text.
    pub code_background: Option<Rgba>,
    /// Footnote references sit this far above the baseline.
    pub raise: f32,
}

impl TextStyle {
    pub(crate) fn plain(face: Face, size: f32, color: Rgba) -> TextStyle {
        TextStyle {
            face,
            size,
            color,
            underline: false,
            strike: false,
            code_background: None,
            raise: 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub style: TextStyle,
    pub text: String,
    /// Offset from the line's start.
    pub x: f32,
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub pieces: Vec<Piece>,
    /// Width without trailing spaces.
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Baseline-to-baseline distance to the next line.
    pub height: f32,
    /// The paragraph it was broken from runs right to left (its first strong letter is
    /// Arabic, Hebrew, …): the line is reordered as part of it and set flush right.
    pub rtl: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Wrapped {
    pub lines: Vec<Line>,
    /// Some word was wider than the line and was broken between characters.
    pub broke_words: bool,
}

impl Wrapped {
    pub(crate) fn height(&self) -> f32 {
        self.lines.iter().map(|line| line.height).sum()
    }

    pub(crate) fn width(&self) -> f32 {
        self.lines.iter().map(|line| line.width).fold(0.0, f32::max)
    }
}

/// Slack for float sums: a run measured whole and piece by piece differ in the last bits.
const EPSILON: f32 = 0.01;

/// Thai, Lao, Myanmar and Khmer: scripts written without spaces between words, whose
/// line breaks UAX #14 leaves to a dictionary (line break class SA).
fn is_dictionary_script(ch: char) -> bool {
    matches!(ch, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Where a line may end: byte offsets after which a break is allowed, and whether it
/// must happen there. Between two letters of a dictionary script, ICU4X's word lists
/// add the breaks between words.
fn break_points(text: &str) -> Vec<(usize, bool)> {
    let mut points = uax14_break_points(text);
    if text.chars().any(is_dictionary_script) {
        let segmenter = icu_segmenter::LineSegmenter::new_dictionary(Default::default());
        for at in segmenter.segment_str(text) {
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            if before.is_some_and(is_dictionary_script) && after.is_some_and(is_dictionary_script) {
                points.push((at, false));
            }
        }
        points.sort_by_key(|(at, _)| *at);
        points.dedup_by_key(|(at, _)| *at);
    }
    points
}

fn uax14_break_points(text: &str) -> Vec<(usize, bool)> {
    linebreaks(text)
        .filter(|(at, opportunity)| {
            *opportunity == BreakOpportunity::Mandatory || {
                let before = text[..*at].chars().next_back();
                let after = text[*at..].chars().next();
                !matches!((before, after), (Some(b), Some(a))
                    if (is_hangul(b) || is_hangul(a)) && b.is_alphanumeric() && a.is_alphanumeric())
            }
        })
        .map(|(at, opportunity)| (at, opportunity == BreakOpportunity::Mandatory))
        .collect()
}

/// Splits `runs` into the pieces of each breakable segment (a word with its trailing
/// spaces), in order.
///
/// Segments and runs both go left to right, so one cursor walks the runs: each segment
/// looks only at the runs it overlaps. (Scanning every run for every segment made a
/// paragraph of 64k styled words take 19 s.)
fn segments(runs: &[(TextStyle, String)]) -> Vec<(Vec<(TextStyle, &str)>, bool)> {
    let mut full = String::new();
    let mut bounds = Vec::new();
    for (style, text) in runs {
        if !text.is_empty() {
            let start = full.len();
            full.push_str(text);
            bounds.push((start, *style, text.as_str()));
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    // The first run that ends after `start`.
    let mut first = 0;
    for (end, mandatory) in break_points(&full) {
        while bounds
            .get(first)
            .is_some_and(|(run_start, _, text)| run_start + text.len() <= start)
        {
            first += 1;
        }
        let mut pieces = Vec::new();
        for (run_start, style, text) in &bounds[first..] {
            if *run_start >= end {
                break;
            }
            let run_end = run_start + text.len();
            let from = start.max(*run_start) - run_start;
            let to = end.min(run_end) - run_start;
            pieces.push((*style, &text[from..to]));
        }
        let hard = mandatory && end < full.len();
        out.push((pieces, hard));
        start = end;
    }
    out
}

struct LineBuilder<'m> {
    measure: &'m dyn Measure,
    max_width: f32,
    spacing: f32,
    lines: Vec<Line>,
    pieces: Vec<Piece>,
    width: f32,
    last_style: Option<TextStyle>,
    rtl: bool,
}

impl LineBuilder<'_> {
    fn push(&mut self, style: TextStyle, text: &str, width: f32) {
        if text.is_empty() {
            return;
        }
        self.last_style = Some(style);
        match self.pieces.last_mut() {
            Some(last) if last.style == style => {
                last.text.push_str(text);
                last.width += width;
            }
            _ => self.pieces.push(Piece {
                style,
                text: text.to_string(),
                x: self.width,
                width,
            }),
        }
        self.width += width;
    }

    fn finish(&mut self) {
        while let Some(last) = self.pieces.last_mut() {
            let trimmed = last.text.trim_end();
            if trimmed.len() == last.text.len() {
                break;
            }
            if trimmed.is_empty() {
                self.pieces.pop();
            } else {
                last.text.truncate(trimmed.len());
                last.width = self
                    .measure
                    .width(&last.text, last.style.face, last.style.size);
                break;
            }
        }
        let width = self.pieces.last().map_or(0.0, |last| last.x + last.width);
        let (mut ascent, mut descent, mut height) = (0.0f32, 0.0f32, 0.0f32);
        let styles: Vec<TextStyle> = if self.pieces.is_empty() {
            self.last_style.into_iter().collect()
        } else {
            self.pieces.iter().map(|piece| piece.style).collect()
        };
        for style in styles {
            let metrics = self.measure.metrics(style.face, style.size);
            ascent = ascent.max(metrics.ascent);
            descent = descent.max(metrics.descent);
            height = height.max(metrics.line_height * self.spacing);
        }
        self.lines.push(Line {
            pieces: std::mem::take(&mut self.pieces),
            width,
            ascent,
            descent,
            height: height.max(ascent + descent),
            rtl: self.rtl,
        });
        self.width = 0.0;
    }

    /// A word too long for any line: as many characters as fit, then the next line.
    /// Characters as a reader counts them (grapheme clusters): a Thai vowel or tone
    /// mark, a Devanagari matra or a combining accent stays with its letter.
    fn push_by_chars(&mut self, pieces: &[(TextStyle, &str)]) {
        let clusters = icu_segmenter::GraphemeClusterSegmenter::new();
        for (style, text) in pieces {
            let bounds: Vec<usize> = clusters.segment_str(text).collect();
            for pair in bounds.windows(2) {
                let piece = &text[pair[0]..pair[1]];
                let width = self.measure.width(piece, style.face, style.size);
                if !piece.chars().all(char::is_whitespace)
                    && !self.pieces.is_empty()
                    && self.width + width > self.max_width + EPSILON
                {
                    self.finish();
                }
                self.push(*style, piece, width);
            }
        }
    }
}

/// Like `wrap`, but with lines of even length: the narrowest width that still gives as
/// many lines, so a title does not end on one lonely word.
pub(crate) fn wrap_balanced(
    runs: &[(TextStyle, String)],
    max_width: f32,
    spacing: f32,
    measure: &dyn Measure,
) -> Wrapped {
    let full = wrap(runs, max_width, spacing, measure);
    if full.lines.len() < 2 || full.broke_words {
        return full;
    }
    let count = full.lines.len();
    let (mut low, mut high) = (max_width / count as f32, max_width);
    let mut best = full;
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        let trial = wrap(runs, middle, spacing, measure);
        if trial.lines.len() == count && !trial.broke_words {
            high = middle;
            best = trial;
        } else {
            low = middle;
        }
    }
    best
}

/// Breaks styled runs into lines no wider than `max_width` (unless one character is).
/// `"\n"` in a run is a hard break; `spacing` multiplies each face's line height.
pub(crate) fn wrap(
    runs: &[(TextStyle, String)],
    max_width: f32,
    spacing: f32,
    measure: &dyn Measure,
) -> Wrapped {
    let mut builder = LineBuilder {
        measure,
        max_width,
        spacing,
        lines: Vec::new(),
        pieces: Vec::new(),
        width: 0.0,
        last_style: runs.first().map(|run| run.0),
        rtl: runs.iter().any(|(_, text)| has_rtl(text)) && {
            let whole: String = runs.iter().map(|(_, text)| text.as_str()).collect();
            paragraph_is_rtl(&whole)
        },
    };
    let mut broke_words = false;
    for (pieces, hard) in segments(runs) {
        let pieces: Vec<(TextStyle, &str)> = pieces
            .into_iter()
            .map(|(style, text)| (style, text.trim_end_matches(['\n', '\r'])))
            .collect();
        let widths: Vec<f32> = pieces
            .iter()
            .map(|(style, text)| measure.width(text, style.face, style.size))
            .collect();
        let visible = visible_width(&pieces, &widths, measure);
        if !builder.pieces.is_empty() && builder.width + visible > max_width + EPSILON {
            builder.finish();
        }
        if builder.pieces.is_empty() && visible > max_width + EPSILON {
            broke_words = true;
            builder.push_by_chars(&pieces);
        } else {
            for ((style, text), width) in pieces.iter().zip(&widths) {
                builder.push(*style, text, *width);
            }
        }
        if hard {
            builder.finish();
        }
    }
    if !builder.pieces.is_empty() {
        builder.finish();
    }
    Wrapped {
        lines: builder.lines,
        broke_words,
    }
}

/// Width of a segment without its trailing spaces.
fn visible_width(pieces: &[(TextStyle, &str)], widths: &[f32], measure: &dyn Measure) -> f32 {
    let mut total: f32 = widths.iter().sum();
    for ((style, text), width) in pieces.iter().zip(widths).rev() {
        let trimmed = text.trim_end();
        if trimmed.is_empty() {
            total -= width;
            continue;
        }
        if trimmed.len() != text.len() {
            total -= width - measure.width(trimmed, style.face, style.size);
        }
        break;
    }
    total
}

/// The widest word (unbreakable segment) in `runs`: the least width a table column
/// needs before words start breaking between characters.
pub(crate) fn widest_word(runs: &[(TextStyle, String)], measure: &dyn Measure) -> f32 {
    segments(runs)
        .into_iter()
        .map(|(pieces, _)| {
            let widths: Vec<f32> = pieces
                .iter()
                .map(|(style, text)| measure.width(text, style.face, style.size))
                .collect();
            visible_width(&pieces, &widths, measure)
        })
        .fold(0.0, f32::max)
}

/// Places one line with its left edge at `x` and its baseline at `baseline`. A line
/// with right-to-left text is put in visual order first (`visual_runs`, with the
/// direction of its paragraph): its pieces are cut where the direction changes, and
/// the cuts placed left to right as the reader sees them.
pub(crate) fn draw_line(
    list: &mut DrawList,
    measure: &dyn Measure,
    line: &Line,
    x: f32,
    baseline: f32,
) {
    let baseline = baseline.round();
    let reordered = line.rtl || line.pieces.iter().any(|piece| has_rtl(&piece.text));
    if !reordered {
        for piece in &line.pieces {
            let left = (x + piece.x).round();
            draw_piece(
                list,
                measure,
                piece.style,
                &piece.text,
                left,
                piece.width,
                baseline,
                false,
            );
        }
        return;
    }
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(line.pieces.len());
    for piece in &line.pieces {
        let start = text.len();
        text.push_str(&piece.text);
        bounds.push((start..text.len(), piece.style));
    }
    let mut pen = x;
    for (run, rtl) in visual_runs(&text, Some(line.rtl)) {
        let mut cuts: Vec<(std::ops::Range<usize>, TextStyle)> = bounds
            .iter()
            .filter(|(range, _)| range.start < run.end && run.start < range.end)
            .map(|(range, style)| (range.start.max(run.start)..range.end.min(run.end), *style))
            .collect();
        if rtl {
            cuts.reverse();
        }
        for (range, style) in cuts {
            let cut = &text[range];
            let width = measure.width(cut, style.face, style.size);
            draw_piece(list, measure, style, cut, pen.round(), width, baseline, rtl);
            pen += width;
        }
    }
}

/// One piece of a line in one style: its code background, its text, its underline and
/// strike-through.
#[allow(clippy::too_many_arguments)]
fn draw_piece(
    list: &mut DrawList,
    measure: &dyn Measure,
    style: TextStyle,
    text: &str,
    left: f32,
    width: f32,
    baseline: f32,
    rtl: bool,
) {
    {
        if let Some(background) = style.code_background {
            let pad = style.size * 0.12;
            list.push(DrawItem::Rect {
                rect: Rect::new(
                    left - pad,
                    baseline - style.size * 0.92,
                    width + 2.0 * pad,
                    style.size * 1.22,
                ),
                color: background,
            });
        }
        push_run(
            list,
            measure,
            left,
            baseline - style.raise,
            text,
            style.face,
            style.size,
            style.color,
            rtl,
        );
        let thickness = (style.size * 0.06).max(1.0);
        if style.underline {
            let y = baseline + style.size * 0.12;
            list.push(DrawItem::Line {
                from: (left, y),
                to: (left + width, y),
                thickness,
                color: style.color,
            });
        }
        if style.strike {
            let y = baseline - style.size * 0.32;
            list.push(DrawItem::Line {
                from: (left, y),
                to: (left + width, y),
                thickness,
                color: style.color,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::FixedMeasure;
    use proptest::prelude::*;

    fn style() -> TextStyle {
        TextStyle::plain(Face::Regular, 10.0, Rgba::rgb(0, 0, 0))
    }

    fn lines_of(text: &str, width: f32) -> Vec<String> {
        let wrapped = wrap(
            &[(style(), text.to_string())],
            width,
            1.0,
            &FixedMeasure::default(),
        );
        wrapped
            .lines
            .iter()
            .map(|line| line.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn breaks_at_spaces() {
        // 5 px a character: 40 px hold 8.
        assert_eq!(
            lines_of("one two three four", 40.0),
            vec!["one two", "three", "four"]
        );
    }

    #[test]
    fn korean_breaks_between_words_not_syllables() {
        assert_eq!(
            lines_of("실시간 데이터 처리 발표", 40.0),
            vec!["실시간 데이터", "처리 발표"]
        );
        assert_eq!(lines_of("Kafka로 실시간", 30.0), vec!["Kafka로", "실시간"]);
    }

    /// Thai has no spaces between words: the dictionary breaks between them, never
    /// inside one, and never before a vowel or tone mark.
    #[test]
    fn thai_breaks_between_words_by_the_dictionary() {
        let text = "ผู้บรรยายแต่ละคนมีเวลาเพียงห้านาที";
        let breaks: Vec<&str> = {
            let mut start = 0;
            break_points(text)
                .into_iter()
                .map(|(at, _)| {
                    let word = &text[start..at];
                    start = at;
                    word
                })
                .collect()
        };
        assert_eq!(
            breaks,
            [
                "ผู้",
                "บรรยาย",
                "แต่ละ",
                "คน",
                "มี",
                "เวลา",
                "เพียง",
                "ห้า",
                "นาที"
            ]
        );
        // Laid out narrow, lines end only there.
        let lines = lines_of(text, 40.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(breaks.iter().any(|word| line.starts_with(word)), "{line:?}");
        }
    }

    /// A word broken between characters is broken between clusters: no line starts
    /// with a mark that belongs to the letter before it.
    #[test]
    fn long_words_keep_their_marks() {
        let wrapped = wrap(
            &[(style(), "ผู้ผู้ผู้ผู้ nee\u{0301}e\u{0301}e\u{0301}".to_string())],
            10.0,
            1.0,
            &FixedMeasure::default(),
        );
        assert!(wrapped.broke_words);
        for line in &wrapped.lines {
            let first = line.pieces[0].text.chars().next().unwrap();
            assert!(
                !matches!(first, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' | '\u{0300}'..='\u{036F}'),
                "a line starts with the mark {first:?}"
            );
        }
        let joined: String = wrapped
            .lines
            .iter()
            .flat_map(|line| line.pieces.iter().map(|p| p.text.as_str()))
            .collect();
        assert_eq!(joined.replace(' ', ""), "ผู้ผู้ผู้ผู้nee\u{0301}e\u{0301}e\u{0301}");
    }

    #[test]
    fn long_words_break_between_characters() {
        let wrapped = wrap(
            &[(style(), "abcdefghij xy".to_string())],
            20.0,
            1.0,
            &FixedMeasure::default(),
        );
        assert!(wrapped.broke_words);
        let lines: Vec<&str> = wrapped
            .lines
            .iter()
            .map(|l| l.pieces[0].text.as_str())
            .collect();
        assert_eq!(lines, vec!["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn hard_breaks_end_lines() {
        assert_eq!(lines_of("a\nb", 100.0), vec!["a", "b"]);
    }

    #[test]
    fn styles_stay_with_their_text() {
        let bold = TextStyle {
            face: Face::Bold,
            ..style()
        };
        let runs = vec![
            (style(), "plain ".to_string()),
            (bold, "bold".to_string()),
            (style(), " tail".to_string()),
        ];
        let wrapped = wrap(&runs, 1000.0, 1.0, &FixedMeasure::default());
        let pieces = &wrapped.lines[0].pieces;
        assert_eq!(pieces.len(), 3);
        assert_eq!((pieces[1].text.as_str(), pieces[1].x), ("bold", 30.0));
        assert_eq!(pieces[1].style.face, Face::Bold);
    }

    /// A right-to-left paragraph: every line is marked so (layout sets it flush right),
    /// and each line is drawn in the paragraph's direction even when it starts with a
    /// Latin word.
    #[test]
    fn a_right_to_left_paragraph_is_drawn_right_to_left_line_by_line() {
        // 5 px a character: 60 px hold 12.
        let wrapped = wrap(
            &[(style(), "שלום hello world (עולם)".to_string())],
            60.0,
            1.0,
            &FixedMeasure::default(),
        );
        let texts: Vec<String> = wrapped
            .lines
            .iter()
            .map(|line| line.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(texts, ["שלום hello", "world (עולם)"]);
        assert!(wrapped.lines.iter().all(|line| line.rtl));
        let mut list = DrawList::default();
        draw_line(
            &mut list,
            &FixedMeasure::default(),
            &wrapped.lines[1],
            0.0,
            20.0,
        );
        let mut placed: Vec<(f32, String)> = list
            .items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Text { x, text, .. } => Some((*x, text.clone())),
                _ => None,
            })
            .collect();
        placed.sort_by(|a, b| a.0.total_cmp(&b.0));
        let shown: String = placed.into_iter().map(|(_, text)| text).collect();
        // Left to right as seen, char by char (this measure shapes nothing): the
        // bracketed Hebrew last letter first, its brackets mirrored, then "world" at the
        // right edge, where the line starts.
        assert_eq!(shown, "(םלוע) world");
    }

    /// A left-to-right paragraph with no right-to-left letter is drawn as before.
    #[test]
    fn left_to_right_lines_are_not_marked_right_to_left() {
        let wrapped = wrap(
            &[(style(), "hello שלום".to_string())],
            1000.0,
            1.0,
            &FixedMeasure::default(),
        );
        assert!(!wrapped.lines[0].rtl);
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z]{1,12}",
            "[가-힣]{1,6}",
            "[a-z]{1,4}[가-힣]{1,3}",
            "[0-9.,!?()-]{1,3}",
        ]
    }

    proptest! {
        #[test]
        fn lines_never_exceed_the_width(
            words in prop::collection::vec(word(), 1..40),
            width in 12.0f32..400.0,
            advance in 0.3f32..1.2,
        ) {
            let text = words.join(" ");
            let measure = FixedMeasure { advance };
            let wrapped = wrap(&[(style(), text.clone())], width, 1.0, &measure);
            for line in &wrapped.lines {
                let single_char = line.pieces.iter().map(|p| p.text.chars().count()).sum::<usize>() == 1;
                prop_assert!(line.width <= width + 0.05 || single_char, "{} > {}", line.width, width);
                let drawn: String = line.pieces.iter().map(|p| p.text.as_str()).collect();
                prop_assert!((measure.width(&drawn, Face::Regular, 10.0) - line.width).abs() < 0.05);
            }
            // Nothing is lost but the spaces at the breaks.
            let joined: String = wrapped.lines.iter()
                .flat_map(|l| l.pieces.iter().map(|p| p.text.clone())).collect();
            prop_assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        }
    }
}
