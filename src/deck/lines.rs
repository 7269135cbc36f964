//! Byte offsets → 1-based lines and columns, for everything the deck parser reports.
//! Owns only the mapping; it knows nothing about Markdown.
//!
//! Lines end at `\n` (a `\r` before it belongs to the line ending). Columns count
//! characters, not bytes, so a finding on a Korean line points where an editor does.

/// Where each line of a text starts, for repeated offset look-ups by binary search.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// The number of lines as an editor shows them: a final `\n` does not open a new one.
    count: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, byte)| byte == b'\n')
                .map(|(index, _)| index + 1),
        );
        let ends_open = starts.last().is_some_and(|&last| last < text.len());
        let count = starts.len() - 1 + usize::from(ends_open);
        LineIndex { starts, count }
    }

    /// Lines in the text (0 for an empty text).
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The 1-based line holding `offset`. Offsets at or past the end land on the last
    /// line, so a position is always one the author can open.
    pub(crate) fn line(&self, offset: usize) -> usize {
        let line = self.starts.partition_point(|&start| start <= offset);
        line.clamp(1, self.count.max(1))
    }

    /// The offset where 1-based `line` starts (the last line's start past the end).
    pub(crate) fn start(&self, line: usize) -> usize {
        let index = line.saturating_sub(1).min(self.starts.len() - 1);
        self.starts[index]
    }

    /// The 1-based line and character column of `offset` in `text` (the indexed text).
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let end = offset.clamp(start, text.len());
        let column = text
            .get(start..end)
            .map_or(end - start, |prefix| prefix.chars().count());
        (line, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("", 0)]
    #[case("a", 1)]
    #[case("a\n", 1)]
    #[case("a\nb", 2)]
    #[case("\n\n", 2)]
    fn counts_lines_like_str_lines(#[case] text: &str, #[case] count: usize) {
        assert_eq!(LineIndex::new(text).count(), count);
        assert_eq!(text.lines().count(), count);
    }

    #[rstest]
    #[case("ab\ncd", 0, (1, 1))]
    #[case("ab\ncd", 2, (1, 3))]
    #[case("ab\ncd", 3, (2, 1))]
    #[case("ab\ncd", 4, (2, 2))]
    #[case("ab\ncd\n", 6, (2, 4))]
    #[case("한글\nx", 6, (1, 3))]
    #[case("", 0, (1, 1))]
    fn maps_offsets(#[case] text: &str, #[case] offset: usize, #[case] expected: (usize, usize)) {
        assert_eq!(LineIndex::new(text).line_column(text, offset), expected);
    }

    /// The index is the fast form of `diagnostic::position_of`, for the many offsets of
    /// one deck: inside the text they agree everywhere (past a final newline the index
    /// stays on the last line, which is the one an editor opens).
    #[rstest]
    #[case("ab\ncd")]
    #[case("한글\nx\n\n  y")]
    #[case("\n\n---\n# T\r\nbody")]
    fn agrees_with_the_one_position_rule(#[case] text: &str) {
        let index = LineIndex::new(text);
        for offset in (0..text.len()).filter(|&offset| text.is_char_boundary(offset)) {
            let crate::diagnostic::Position { line, column } =
                crate::diagnostic::position_of(text, offset);
            assert_eq!(
                index.line_column(text, offset),
                (line, column),
                "at {offset}"
            );
        }
    }
}
