//! Which screen the audience window goes on: the monitors as the X server reports them
//! (`Monitor`), the organiser's choice (`--screen NAME|N`, `screen = …` in the lineup:
//! `ScreenChoice`), and the one rule that turns a monitor list and a choice into a
//! monitor (`choose`), with the move key's next screen (`next_after`). Pure data and
//! functions: reading the monitors and moving the window is `window`'s job.

use std::fmt;
use std::str::FromStr;

/// The most monitors a choice by number may name: far more than any machine has, so a
/// number past it is a typo, not a screen.
pub(crate) const MAX_SCREEN_NUMBER: usize = 64;

/// One monitor, as RandR describes it: a rectangle of the X screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    /// RandR's name: the output's (`HDMI-1`, `eDP-1`) or one an `xrandr --setmonitor` gave.
    pub name: String,
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub primary: bool,
    /// Its place in the X server's own list, which is also its Xinerama screen number
    /// (what `_NET_WM_FULLSCREEN_MONITORS` counts in).
    pub index: usize,
}

impl Monitor {
    /// A laptop's own panel, by the names the kernel's drivers give them: embedded
    /// DisplayPort, LVDS, MIPI DSI. Everything else is a screen plugged in.
    pub(crate) fn is_internal(&self) -> bool {
        let name = self.name.to_ascii_lowercase();
        ["edp", "lvds", "dsi"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
    }

    fn area(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }
}

impl fmt::Display for Monitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}x{}+{}+{}",
            self.name, self.width, self.height, self.x, self.y
        )
    }
}

/// Where the organiser wants the audience window: a monitor by its name, or by its number
/// in `gong screens`' list (1 is the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScreenChoice {
    Name(String),
    Number(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreenChoiceError {
    #[error("a screen is a name (such as HDMI-1) or a number from `gong screens`, not nothing")]
    Empty,
    #[error("screen {0}: screens are numbered from 1 to {MAX_SCREEN_NUMBER}")]
    OutOfRange(String),
}

impl FromStr for ScreenChoice {
    type Err = ScreenChoiceError;

    fn from_str(text: &str) -> Result<ScreenChoice, ScreenChoiceError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ScreenChoiceError::Empty);
        }
        let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return match text.parse::<usize>() {
                Ok(number @ 1..=MAX_SCREEN_NUMBER) => Ok(ScreenChoice::Number(number)),
                _ => Err(ScreenChoiceError::OutOfRange(text.to_string())),
            };
        }
        Ok(ScreenChoice::Name(text.to_string()))
    }
}

impl fmt::Display for ScreenChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScreenChoice::Name(name) => f.write_str(name),
            ScreenChoice::Number(number) => write!(f, "{number}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreenError {
    #[error("the X server reports no monitors")]
    NoMonitors,
    #[error("no screen {choice}: the screens are {}", listing(.monitors))]
    NotThere {
        choice: ScreenChoice,
        monitors: Vec<Monitor>,
    },
}

/// `1 HDMI-1 1920x1080+1920+0, 2 eDP-1 …`: the screens as an error lists them.
fn listing(monitors: &[Monitor]) -> String {
    monitors
        .iter()
        .enumerate()
        .map(|(at, monitor)| format!("{} {monitor}", at + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The monitors in the order `gong screens` lists and numbers them: left to right, then
/// top to bottom (the projector to the right of the laptop is the higher number), the X
/// server's own order between screens at one place (mirrored ones).
pub(crate) fn in_order(mut monitors: Vec<Monitor>) -> Vec<Monitor> {
    monitors.sort_by_key(|monitor| (monitor.x, monitor.y, monitor.index));
    monitors
}

/// Which of `monitors` (as `in_order` sorts them) the audience window goes on: the one
/// `choice` names, else the largest screen plugged in (the projector) when there is one,
/// else the primary, else the first. A name is matched exactly, then ignoring case.
pub(crate) fn choose(
    monitors: &[Monitor],
    choice: Option<&ScreenChoice>,
) -> Result<usize, ScreenError> {
    if monitors.is_empty() {
        return Err(ScreenError::NoMonitors);
    }
    let not_there = || ScreenError::NotThere {
        choice: choice.cloned().unwrap_or(ScreenChoice::Number(0)),
        monitors: monitors.to_vec(),
    };
    match choice {
        Some(ScreenChoice::Number(number)) => match number.checked_sub(1) {
            Some(at) if at < monitors.len() => Ok(at),
            _ => Err(not_there()),
        },
        Some(ScreenChoice::Name(name)) => monitors
            .iter()
            .position(|monitor| monitor.name == *name)
            .or_else(|| {
                monitors
                    .iter()
                    .position(|monitor| monitor.name.eq_ignore_ascii_case(name))
            })
            .ok_or_else(not_there),
        None => {
            // Ties go to the earlier in the list: max_by_key keeps the last of equals.
            let external = monitors
                .iter()
                .enumerate()
                .filter(|(_, monitor)| !monitor.is_internal())
                .rev()
                .max_by_key(|(_, monitor)| monitor.area())
                .map(|(at, _)| at);
            let has_internal = monitors.iter().any(Monitor::is_internal);
            let primary = monitors.iter().position(|monitor| monitor.primary);
            // With a laptop panel among them, a screen plugged in is the audience's. With
            // none (a desktop, a kiosk), the primary is whatever the owner made it.
            Ok(if has_internal {
                external.or(primary).unwrap_or(0)
            } else {
                primary.or(external).unwrap_or(0)
            })
        }
    }
}

/// The screen the move key goes to from `current`: the next in the list that shows
/// something else (a mirror of the current one is skipped), round to the first.
pub(crate) fn next_after(monitors: &[Monitor], current: usize) -> usize {
    let count = monitors.len();
    let Some(here) = monitors.get(current) else {
        return 0;
    };
    let same = |other: &Monitor| {
        (other.x, other.y, other.width, other.height) == (here.x, here.y, here.width, here.height)
    };
    (1..count)
        .map(|step| (current + step) % count)
        .find(|&at| !same(&monitors[at]))
        .unwrap_or(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn monitor(name: &str, rect: (i32, i32, u32, u32), primary: bool) -> Monitor {
        Monitor {
            name: name.to_string(),
            x: rect.0,
            y: rect.1,
            width: rect.2,
            height: rect.3,
            primary,
            index: 0,
        }
    }

    /// A monitor as a table row gives it: name, (x, y, width, height), primary.
    type Row<'a> = (&'a str, (i32, i32, u32, u32), bool);

    /// The monitors as the server lists them (its own order), numbered in that order.
    fn listed(monitors: &[Row]) -> Vec<Monitor> {
        in_order(
            monitors
                .iter()
                .enumerate()
                .map(|(index, (name, rect, primary))| Monitor {
                    index,
                    ..monitor(name, *rect, *primary)
                })
                .collect(),
        )
    }

    const LAPTOP: (i32, i32, u32, u32) = (0, 0, 1920, 1200);

    #[rstest]
    #[case::one_screen(&[("eDP-1", LAPTOP, true)], None, Ok("eDP-1"))]
    #[case::projector_right(
        &[("eDP-1", LAPTOP, true), ("HDMI-1", (1920, 0, 1280, 720), false)], None, Ok("HDMI-1"))]
    #[case::projector_left(
        &[("eDP-1", (1280, 0, 1920, 1200), true), ("HDMI-1", (0, 0, 1280, 720), false)],
        None, Ok("HDMI-1"))]
    #[case::projector_primary_elsewhere(
        &[("HDMI-1", (1920, 0, 1920, 1080), false), ("eDP-1", LAPTOP, true)], None, Ok("HDMI-1"))]
    #[case::mirrored(
        &[("eDP-1", (0, 0, 1920, 1080), true), ("HDMI-1", (0, 0, 1920, 1080), false)],
        None, Ok("HDMI-1"))]
    #[case::largest_of_two_external(
        &[("eDP-1", LAPTOP, true), ("DP-1", (1920, 0, 1280, 1024), false),
          ("HDMI-1", (3200, 0, 3840, 2160), false)], None, Ok("HDMI-1"))]
    #[case::equal_external_the_first(
        &[("DP-2", (1920, 0, 1920, 1080), false), ("DP-1", (0, 0, 1920, 1080), false),
          ("eDP-1", (3840, 0, 1920, 1080), true)], None, Ok("DP-1"))]
    #[case::desktop_primary(
        &[("DP-1", (0, 0, 2560, 1440), false), ("HDMI-1", (2560, 0, 1920, 1080), true)],
        None, Ok("HDMI-1"))]
    #[case::desktop_no_primary_largest(
        &[("DP-1", (0, 0, 1920, 1080), false), ("HDMI-1", (1920, 0, 2560, 1440), false)],
        None, Ok("HDMI-1"))]
    #[case::by_number(
        &[("left", (0, 0, 1920, 1080), false), ("right", (1920, 0, 1920, 1080), false)],
        Some("2"), Ok("right"))]
    #[case::numbered_left_to_right(
        &[("right", (1920, 0, 1920, 1080), false), ("left", (0, 0, 1920, 1080), false)],
        Some("1"), Ok("left"))]
    #[case::by_name(
        &[("eDP-1", LAPTOP, true), ("HDMI-1", (1920, 0, 1280, 720), false)],
        Some("eDP-1"), Ok("eDP-1"))]
    #[case::by_name_any_case(
        &[("eDP-1", LAPTOP, true), ("HDMI-1", (1920, 0, 1280, 720), false)],
        Some("hdmi-1"), Ok("HDMI-1"))]
    #[case::name_not_there(
        &[("eDP-1", LAPTOP, true), ("HDMI-1", (1920, 0, 1280, 720), false)],
        Some("DP-3"),
        Err("no screen DP-3: the screens are 1 eDP-1 1920x1200+0+0, 2 HDMI-1 1280x720+1920+0"))]
    #[case::number_past_the_last(
        &[("eDP-1", LAPTOP, true)], Some("2"),
        Err("no screen 2: the screens are 1 eDP-1 1920x1200+0+0"))]
    fn the_window_goes_where_the_table_says(
        #[case] monitors: &[Row],
        #[case] choice: Option<&str>,
        #[case] expected: Result<&str, &str>,
    ) {
        let monitors = listed(monitors);
        let choice = choice.map(|text| text.parse::<ScreenChoice>().unwrap());
        let got = choose(&monitors, choice.as_ref())
            .map(|at| monitors[at].name.as_str())
            .map_err(|error| error.to_string());
        assert_eq!(got, expected.map_err(str::to_string));
    }

    #[test]
    fn no_monitors_is_an_error() {
        assert_eq!(choose(&[], None), Err(ScreenError::NoMonitors));
    }

    #[rstest]
    #[case("2", Ok(ScreenChoice::Number(2)))]
    #[case(" HDMI-1 ", Ok(ScreenChoice::Name("HDMI-1".to_string())))]
    #[case("64", Ok(ScreenChoice::Number(64)))]
    #[case("0", Err(ScreenChoiceError::OutOfRange("0".to_string())))]
    #[case("65", Err(ScreenChoiceError::OutOfRange("65".to_string())))]
    #[case("-1", Err(ScreenChoiceError::OutOfRange("-1".to_string())))]
    #[case("99999999999999999999999", Err(ScreenChoiceError::OutOfRange("99999999999999999999999".to_string())))]
    #[case("", Err(ScreenChoiceError::Empty))]
    fn choices_read_as_written(
        #[case] text: &str,
        #[case] expected: Result<ScreenChoice, ScreenChoiceError>,
    ) {
        assert_eq!(text.parse::<ScreenChoice>(), expected);
    }

    #[test]
    fn the_move_key_goes_round_and_skips_mirrors() {
        let two = listed(&[
            ("eDP-1", LAPTOP, true),
            ("HDMI-1", (1920, 0, 1280, 720), false),
        ]);
        assert_eq!(next_after(&two, 0), 1);
        assert_eq!(next_after(&two, 1), 0);
        let mirrored = listed(&[
            ("eDP-1", (0, 0, 1920, 1080), true),
            ("HDMI-1", (0, 0, 1920, 1080), false),
            ("DP-1", (1920, 0, 1920, 1080), false),
        ]);
        assert_eq!(next_after(&mirrored, 0), 2);
        assert_eq!(next_after(&mirrored, 2), 0);
        let one = listed(&[("eDP-1", LAPTOP, true)]);
        assert_eq!(next_after(&one, 0), 0);
    }
}
