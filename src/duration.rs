//! Durations as people write them (`5m`, `90s`, `4m30s`) and as a clock shows them (`4:59`).
//! Parsing is humantime's; this module adds the rules gong needs on top, in one place for
//! the lineup, front matter, slide comments and the command line alike: no negative or zero
//! time, nothing longer than a day, and warnings that can be told apart (largest first,
//! at most two). Also the m:ss formatting used on screen and in reports.

use std::time::Duration;

/// The longest slot, warning or slide time gong accepts: a day. Far past any talk, and
/// far from the `Instant` arithmetic a slot of `18446744073709551615s` overflowed.
pub(crate) const MAX_SLOT: Duration = Duration::from_secs(24 * 60 * 60);

/// How many warnings a clock gives: wrap-up, then final.
pub(crate) const MAX_WARNINGS: usize = 2;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DurationError {
    #[error("`{text}` is not a duration: {reason} (write it like `5m`, `90s` or `4m30s`)")]
    Invalid { text: String, reason: String },
    #[error("`{text}`: a duration cannot be negative")]
    Negative { text: String },
    #[error("`{text}` is no time at all: it must be longer than 0s")]
    Zero { text: String },
    #[error("`{text}` is longer than a day: gong counts down at most 24h")]
    TooLong { text: String },
    #[error("at most {MAX_WARNINGS} warnings (wrap-up, then final), not {count}")]
    TooManyWarnings { count: usize },
    #[error(
        "warnings go largest first (wrap-up, then final): {} is not shorter than {}",
        format_short(*later),
        format_short(*earlier)
    )]
    WarningsOutOfOrder { earlier: Duration, later: Duration },
    #[error(
        "the warning at {} left can never fire in a {} slot",
        format_short(*warning),
        format_short(*slot)
    )]
    NeverFires { warning: Duration, slot: Duration },
}

/// Parses `5m`, `90s`, `4m30s`, `1m 30s`. A bare number is refused: `5` could mean
/// seconds or minutes, and a wrong guess would cut a speaker off.
pub(crate) fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let trimmed = text.trim();
    // humantime's own word for `-5m` is "expected number at 0".
    if trimmed.starts_with('-') {
        return Err(DurationError::Negative {
            text: trimmed.to_string(),
        });
    }
    humantime::parse_duration(trimmed).map_err(|error| DurationError::Invalid {
        text: text.to_string(),
        reason: error.to_string(),
    })
}

/// A time gong counts down or warns at (a slot, a warning, a slide's `time:`): more than
/// zero, at most `MAX_SLOT`. The one bounded parse every source of a slot goes through.
pub(crate) fn parse_slot(text: &str) -> Result<Duration, DurationError> {
    let duration = parse_duration(text)?;
    let text = text.trim().to_string();
    if duration.is_zero() {
        Err(DurationError::Zero { text })
    } else if duration > MAX_SLOT {
        Err(DurationError::TooLong { text })
    } else {
        Ok(duration)
    }
}

/// Warnings each parsed with `parse_slot`, as a list: at most two, largest first. Two
/// equal warnings, or a final call before the wrap-up, could never be told apart. On an
/// error, also the index of the warning to point at.
pub(crate) fn check_warnings(warnings: &[Duration]) -> Result<(), (usize, DurationError)> {
    if warnings.len() > MAX_WARNINGS {
        return Err((
            MAX_WARNINGS,
            DurationError::TooManyWarnings {
                count: warnings.len(),
            },
        ));
    }
    for (index, pair) in warnings.windows(2).enumerate() {
        if pair[1] >= pair[0] {
            return Err((
                index + 1,
                DurationError::WarningsOutOfOrder {
                    earlier: pair[0],
                    later: pair[1],
                },
            ));
        }
    }
    Ok(())
}

/// Whether a warning at `warning` left can fire in a slot of `slot`: only when shorter.
/// One at or above the slot would hold from the first second (a 45-second slot gets no
/// "1 minute left"), so the clock skips it and `check` says so.
pub(crate) fn fires_within(warning: Duration, slot: Duration) -> bool {
    warning < slot
}

/// The first of `warnings` that can fire in none of `slots`, as an error.
pub(crate) fn check_warnings_fire(
    warnings: &[Duration],
    slots: impl IntoIterator<Item = Duration>,
) -> Result<(), DurationError> {
    let Some(longest) = slots.into_iter().max() else {
        return Ok(());
    };
    match warnings
        .iter()
        .find(|warning| !fires_within(**warning, longest))
    {
        Some(warning) => Err(DurationError::NeverFires {
            warning: *warning,
            slot: longest,
        }),
        None => Ok(()),
    }
}

/// `m:ss`, rounding partial seconds up so a countdown shows 0:01 until it reaches zero.
pub(crate) fn format_countdown(remaining: Duration) -> String {
    let seconds = remaining.as_millis().div_ceil(1000);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// `m:ss`, truncating: time that has passed (time used, overtime).
pub(crate) fn format_elapsed(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The change from one run's time to the next's, `-0:12` or `+0:03`, taken between the
/// two as `format_elapsed` shows them (whole seconds): 0:03 → 0:01 is `-0:02` whatever
/// the milliseconds behind them, so a report never contradicts its own columns. `±0:00`
/// when the two read the same (`-0:00` would read as a mistake).
pub(crate) fn format_change(before_ms: u64, after_ms: u64) -> String {
    let (before, after) = (before_ms / 1000, after_ms / 1000);
    let size = format_elapsed(Duration::from_secs(before.abs_diff(after)));
    match after.cmp(&before) {
        std::cmp::Ordering::Equal => "±0:00".to_string(),
        std::cmp::Ordering::Less => format!("-{size}"),
        std::cmp::Ordering::Greater => format!("+{size}"),
    }
}

/// How much shorter `after_ms` reads than `before_ms` as `format_elapsed` shows them, in
/// milliseconds (whole seconds); 0 when it does not read shorter. See `format_change`.
pub(crate) fn shown_saving_ms(before_ms: u64, after_ms: u64) -> u64 {
    (before_ms / 1000).saturating_sub(after_ms / 1000) * 1000
}

/// A short human form: `5m`, `90s` → `1m30s`, `4m30s`.
pub(crate) fn format_short(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
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
    #[case(20_000, 7_600, "-0:13")]
    #[case(7_000, 10_000, "+0:03")]
    #[case(5_999, 5_000, "±0:00")]
    #[case(5_400, 5_800, "±0:00")]
    #[case(61_500, 500, "-1:01")]
    // Read as the columns show them: 0:03 → 0:01, though 1.996 s apart.
    #[case(3_021, 1_025, "-0:02")]
    // 0:04 → 0:05, though 0.2 s apart.
    #[case(4_900, 5_100, "+0:01")]
    fn a_change_between_runs_is_the_one_its_columns_show(
        #[case] before_ms: u64,
        #[case] after_ms: u64,
        #[case] said: &str,
    ) {
        assert_eq!(format_change(before_ms, after_ms), said);
        let shorter = before_ms / 1000 > after_ms / 1000;
        assert_eq!(shown_saving_ms(before_ms, after_ms) > 0, shorter);
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
    #[case("-5m", "`-5m`: a duration cannot be negative")]
    #[case(" -0s", "`-0s`: a duration cannot be negative")]
    #[case("0s", "`0s` is no time at all: it must be longer than 0s")]
    #[case(
        "18446744073709551615s",
        "`18446744073709551615s` is longer than a day: gong counts down at most 24h"
    )]
    #[case(
        "24h 1s",
        "`24h 1s` is longer than a day: gong counts down at most 24h"
    )]
    fn slots_are_bounded(#[case] text: &str, #[case] said: &str) {
        assert_eq!(parse_slot(text).unwrap_err().to_string(), said);
    }

    #[test]
    fn a_day_is_the_longest_slot() {
        assert_eq!(parse_slot("24h"), Ok(MAX_SLOT));
        assert_eq!(parse_slot("1s"), Ok(Duration::from_secs(1)));
    }

    #[rstest]
    #[case(&[60, 30], None)]
    #[case(&[60], None)]
    #[case(&[], None)]
    #[case(&[300, 360], Some((1, "warnings go largest first (wrap-up, then final): 6m is not shorter than 5m")))]
    #[case(&[60, 60], Some((1, "warnings go largest first (wrap-up, then final): 1m is not shorter than 1m")))]
    #[case(&[120, 60, 30], Some((2, "at most 2 warnings (wrap-up, then final), not 3")))]
    fn warnings_are_two_at_most_largest_first(
        #[case] seconds: &[u64],
        #[case] refused: Option<(usize, &str)>,
    ) {
        let warnings: Vec<Duration> = seconds.iter().map(|s| Duration::from_secs(*s)).collect();
        let result = check_warnings(&warnings).map_err(|(at, error)| (at, error.to_string()));
        assert_eq!(
            result,
            match refused {
                None => Ok(()),
                Some((at, said)) => Err((at, said.to_string())),
            }
        );
    }

    #[test]
    fn a_warning_must_be_shorter_than_some_slot() {
        let secs = Duration::from_secs;
        assert_eq!(
            check_warnings_fire(&[secs(60)], [secs(45), secs(300)]),
            Ok(())
        );
        assert_eq!(
            check_warnings_fire(&[secs(600)], [secs(300)])
                .unwrap_err()
                .to_string(),
            "the warning at 10m left can never fire in a 5m slot"
        );
        assert_eq!(
            check_warnings_fire(&[secs(60), secs(300)], [secs(300)]),
            Err(DurationError::NeverFires {
                warning: secs(300),
                slot: secs(300)
            })
        );
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
