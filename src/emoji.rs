//! Which text is emoji: where an emoji presentation sequence starts and ends (the
//! parts of UTS #51 a slide meets: emoji shown in colour by default, a text symbol
//! asked for in colour with U+FE0F, keycaps, flags, skin tones, tags and ZWJ
//! sequences), and the `:shortcode:` names Marp and GitHub turn into emoji. What draws
//! a sequence is `fonts`'; this module knows only the Unicode rules.

use std::borrow::Cow;
use std::ops::Range;

use unicode_properties::{EmojiStatus, UnicodeEmoji};

const EMOJI_SELECTOR: char = '\u{FE0F}';
const TEXT_SELECTOR: char = '\u{FE0E}';
const ZWJ: char = '\u{200D}';
const KEYCAP: char = '\u{20E3}';

/// The byte ranges of `text` that are emoji presentation sequences, in order, each
/// drawn as one colour picture (or the pictures of its parts, where a font lacks the
/// whole). A symbol that is text by default (`⚠`, `©`, a digit) is emoji only when
/// U+FE0F (or a keycap) follows it; one that is emoji by default (`✅`, `🚀`) is text
/// when U+FE0E follows.
pub(crate) fn sequences(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    // Every sequence has a character past ASCII (an emoji, or the selector or keycap
    // that makes `1` or `#` one): most text is done here, at the speed of a byte scan.
    if text.is_ascii() {
        return found;
    }
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let next = chars.peek().map(|(_, next)| *next);
        if !starts_sequence(ch, next) {
            continue;
        }
        let mut end = start + ch.len_utf8();
        if is_regional_indicator(ch) {
            // A flag is two regional indicators; one alone is a letter in a box.
            if let Some((at, second)) = chars.next_if(|(_, next)| is_regional_indicator(*next)) {
                end = at + second.len_utf8();
            }
            found.push(start..end);
            continue;
        }
        loop {
            match chars.peek().copied() {
                Some((at, part)) if extends(part) => {
                    end = at + part.len_utf8();
                    chars.next();
                }
                // A joiner joins only when an emoji follows it.
                Some((at, ZWJ)) => {
                    let mut ahead = text[at + ZWJ.len_utf8()..].chars();
                    match ahead.next() {
                        Some(joined) if joined.is_emoji_char() && !joined.is_ascii() => {
                            chars.next();
                            if let Some((at, joined)) = chars.next() {
                                end = at + joined.len_utf8();
                            }
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        found.push(start..end);
    }
    found
}

/// Whether `ch`, followed by `next`, begins an emoji presentation sequence.
fn starts_sequence(ch: char, next: Option<char>) -> bool {
    if ch.is_ascii() {
        // `#`, `*` and the digits are emoji only as keycaps or when asked for.
        return matches!(ch, '#' | '*' | '0'..='9')
            && matches!(next, Some(EMOJI_SELECTOR | KEYCAP));
    }
    if !ch.is_emoji_char() {
        return false;
    }
    match next {
        Some(EMOJI_SELECTOR | KEYCAP) => true,
        Some(TEXT_SELECTOR) => false,
        _ => has_emoji_presentation(ch),
    }
}

/// The parts that continue a sequence: the selector, the keycap, skin tones, tags.
fn extends(ch: char) -> bool {
    matches!(ch, EMOJI_SELECTOR | KEYCAP | '\u{E0020}'..='\u{E007F}') || is_skin_tone(ch)
}

/// The five skin-tone modifiers (Fitzpatrick types 1–2 to 6).
pub(crate) fn is_skin_tone(ch: char) -> bool {
    matches!(ch, '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_regional_indicator(ch: char) -> bool {
    matches!(ch, '\u{1F1E6}'..='\u{1F1FF}')
}

/// Shown in colour by default (Emoji_Presentation=Yes).
fn has_emoji_presentation(ch: char) -> bool {
    matches!(
        ch.emoji_status(),
        EmojiStatus::EmojiPresentation
            | EmojiStatus::EmojiPresentationAndModifierBase
            | EmojiStatus::EmojiPresentationAndEmojiComponent
            | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent
    )
}

/// `text` with every `:name:` that names an emoji (GitHub's names, which Marp and most
/// Markdown tools share: `:+1:`, `:tada:`, `:white_check_mark:`) replaced by it. A
/// name that is not an emoji's stays as written, so `10:30:00` and `a:b:c` are safe.
pub(crate) fn with_shortcodes(text: &str) -> Cow<'_, str> {
    if !text.contains(':') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(open) = rest.find(':') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || matches!(ch, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let (name, tail) = after.split_at(name_len);
        // A name stands alone, as a word does: `a:b:c` and `10:30:00` are not emoji.
        let before = rest[..open]
            .chars()
            .next_back()
            .or_else(|| out.chars().next_back());
        let alone = !before.is_some_and(char::is_alphanumeric)
            && !tail.chars().nth(1).is_some_and(char::is_alphanumeric);
        let emoji = emojis::get_by_shortcode(name)
            .filter(|_| alone && !name.is_empty() && tail.starts_with(':'));
        match emoji {
            Some(emoji) => {
                out.push_str(&rest[..open]);
                out.push_str(emoji.as_str());
                rest = &tail[1..];
                changed = true;
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn pieces(text: &str) -> Vec<&str> {
        sequences(text)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[rstest]
    #[case::emoji_by_default("Ship it ✅ 🚀", &["✅", "🚀"])]
    #[case::text_symbol_alone("⚠ careful", &[])]
    #[case::text_symbol_asked_for_in_colour("⚠\u{FE0F} careful", &["⚠\u{FE0F}"])]
    #[case::emoji_asked_for_as_text("✅\u{FE0E} done", &[])]
    #[case::keycap("step 1\u{FE0F}\u{20E3} then", &["1\u{FE0F}\u{20E3}"])]
    #[case::plain_digits_and_hash("#1 on 2024-05-01 © Acme", &[])]
    #[case::flags("🇩🇪🇬🇧 and 🇫", &["🇩🇪", "🇬🇧", "🇫"])]
    #[case::skin_tone("👍🏽!", &["👍🏽"])]
    #[case::zwj_sequence("a 👩‍💻 b", &["👩‍💻"])]
    #[case::zwj_with_selector("❤️‍🔥", &["❤️‍🔥"])]
    #[case::joiner_before_text("🙂\u{200D}a", &["🙂"])]
    #[case::tag_flag("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", &["🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"])]
    #[case::korean_and_cjk("한글 日本 → ★", &[])]
    fn finds_emoji_sequences(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(pieces(text), expected);
    }

    #[rstest]
    #[case(":+1: and :tada:", "👍 and 🎉")]
    #[case("done :white_check_mark:", "done ✅")]
    #[case("at 10:30:00, a:b:c", "at 10:30:00, a:b:c")]
    #[case(":not_an_emoji: :", ":not_an_emoji: :")]
    #[case("::smile::", ":😄:")]
    #[case("(:rocket:) ship", "(🚀) ship")]
    #[case("x:rocket:", "x:rocket:")]
    #[case("no colon", "no colon")]
    fn shortcodes_become_emoji(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(with_shortcodes(text), expected);
    }
}
