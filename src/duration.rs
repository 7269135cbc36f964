//! Durations as people write them (`5m`, `90s`, `4m30s`) and as a clock shows them (`4:59`).
//! Parsing is humantime's; this module only adds the rules gong needs on top (no zero
//! slot, no sub-second noise) and the m:ss formatting used on screen and in reports.

use std::time::Duration;

use serde::{Deserialize, Deserializer};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DurationError {
    #[error("`{text}` is not a duration: {reason} (write it like `5m`, `90s` or `4m30s`)")]
    Invalid { text: String, reason: String },
}

/// Parses `5m`, `90s`, `4m30s`, `1m 30s`. A bare number is refused: `5` could mean
/// seconds or minutes, and a wrong guess would cut a speaker off.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let trimmed = text.trim();
    humantime::parse_duration(trimmed).map_err(|error| DurationError::Invalid {
        text: text.to_string(),
        reason: error.to_string(),
    })
}

/// `m:ss`, rounding partial seconds up so a countdown shows 0:01 until it reaches zero.
pub fn format_countdown(remaining: Duration) -> String {
    let seconds = remaining.as_millis().div_ceil(1000);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// `m:ss`, truncating: time that has passed (time used, overtime).
pub fn format_elapsed(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// A short human form: `5m`, `90s` → `1m30s`, `4m30s`.
pub fn format_short(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

/// Serde adapter: a duration written as a string in TOML or YAML.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_duration(&text).map_err(serde::de::Error::custom)
}

/// Serde adapter for `Option<Duration>`.
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Duration>, D::Error> {
    deserialize(deserializer).map(Some)
}

/// Serde adapter for a list of durations (`warnings = ["1m", "30s"]`).
pub fn deserialize_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Duration>, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    texts
        .iter()
        .map(|text| parse_duration(text).map_err(serde::de::Error::custom))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("5m", 300)]
    #[case("90s", 90)]
    #[case("4m30s", 270)]
    #[case("4m 30s", 270)]
    #[case(" 3s ", 3)]
    fn parses_what_people_write(#[case] text: &str, #[case] seconds: u64) {
        assert_eq!(parse_duration(text), Ok(Duration::from_secs(seconds)));
    }

    #[rstest]
    #[case("5")]
    #[case("five minutes")]
    #[case("")]
    #[case("-5m")]
    fn refuses_what_is_ambiguous_or_wrong(#[case] text: &str) {
        assert!(parse_duration(text).is_err());
    }

    #[rstest]
    #[case(300_000, "5:00")]
    #[case(299_001, "5:00")]
    #[case(299_000, "4:59")]
    #[case(1, "0:01")]
    #[case(0, "0:00")]
    fn countdown_rounds_up(#[case] millis: u64, #[case] shown: &str) {
        assert_eq!(format_countdown(Duration::from_millis(millis)), shown);
    }

    #[test]
    fn elapsed_truncates_and_short_form_reads_naturally() {
        assert_eq!(format_elapsed(Duration::from_millis(12_900)), "0:12");
        assert_eq!(format_short(Duration::from_secs(300)), "5m");
        assert_eq!(format_short(Duration::from_secs(90)), "1m30s");
        assert_eq!(format_short(Duration::from_secs(30)), "30s");
    }
}
