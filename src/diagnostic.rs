//! How an error points into a user's file: the 1-based line and column of a byte
//! offset, and the known word a typo most likely meant. One place for both, so a
//! lineup, a deck, a theme and `gong add` count columns and guess typos the same way.
//! (`deck::lines::LineIndex` answers the same question faster for the many offsets of
//! one deck, and is tested against `position_of`.)

/// 1-based line and column, the column counted in characters (what an editor shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where byte `offset` of `source` is. Offsets past the end or inside a character are
/// clamped to the nearest earlier character boundary, so a position is always one the
/// author can open.
pub(crate) fn position_of(source: &str, offset: usize) -> Position {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

/// The candidate `word` most likely is a typo of: the nearest by Damerau–Levenshtein
/// distance (a swap of two letters is one slip), ignoring case, and at most a third of
/// the candidate's letters off (one at least), so `speeker` finds `speaker` and `x`
/// finds nothing.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(&word, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= (candidate.chars().count() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("abc", 0, 1, 1)]
    #[case("ab\n가나다x", 3 + 9, 2, 4)]
    #[case("가나다\n라", 9, 1, 4)]
    #[case("가나다\n라", 10, 2, 1)]
    // Inside a character: the character's own start.
    #[case("가", 1, 1, 1)]
    // Past the end: the end.
    #[case("a\nb", 99, 2, 2)]
    fn positions_count_lines_and_characters(
        #[case] source: &str,
        #[case] offset: usize,
        #[case] line: usize,
        #[case] column: usize,
    ) {
        assert_eq!(position_of(source, offset), Position { line, column });
    }

    #[rstest]
    #[case("speeker", Some("speaker"))]
    #[case("Titel", Some("title"))]
    #[case("backgrund", Some("background"))]
    #[case("duraiton", Some("duration"))]
    #[case("x", None)]
    #[case("colour", None)]
    fn a_typo_finds_the_word_it_meant(#[case] word: &str, #[case] meant: Option<&str>) {
        let known = ["speaker", "title", "background", "duration", "deck"];
        assert_eq!(did_you_mean(word, known), meant);
    }
}
