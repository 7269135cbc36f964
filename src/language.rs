//! Language tags as a speaker writes them (`lang:` in a deck's front matter, `lang = ` on
//! a talk in the lineup): only their shape is checked here, the one rule both readers
//! use. What a language changes in the drawing (the Han forms) is `fonts::Han`'s.

/// Why `tag` is not a BCP 47 language tag (`ja`, `zh-TW`, `zh-Hant-HK`, `pt-BR`), or
/// `None` when it is one. Only the shape is checked: subtags of letters and digits,
/// one to eight long, the first of two to eight letters.
pub(crate) fn tag_problem(tag: &str) -> Option<String> {
    let mut subtags = tag.split(['-', '_']);
    let first = subtags.next().unwrap_or_default();
    let letters = (2..=8).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok = subtags
        .all(|sub| (1..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric()));
    (!(letters && rest_ok)).then(|| {
        format!("`{tag}` is not a language tag (such as ja, zh-TW, zh-Hans, ko, vi or ar)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case("ja")]
    #[case("zh-TW")]
    #[case("zh-Hant-HK")]
    #[case("zh_CN")]
    #[case("yue")]
    #[case("es-419")]
    fn tags_pass(#[case] tag: &str) {
        assert_eq!(tag_problem(tag), None);
    }

    #[rstest::rstest]
    #[case("")]
    #[case("j")]
    #[case("日本語")]
    #[case("ja-")]
    #[case("zh TW")]
    #[case("1a")]
    #[case("en-toolongsubtag")]
    fn malformed_tags_are_named(#[case] tag: &str) {
        let problem = tag_problem(tag).expect("a problem");
        assert!(problem.contains(&format!("`{tag}`")), "{problem}");
    }
}
