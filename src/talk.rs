//! A talk resolved: for one entry of a lineup (or one deck presented alone), the slot,
//! format, title and theme it is shown with, and the clock warnings of its session, by
//! the rules the README states. One place for each of those rules: `gong check`, `gong
//! run`, `gong present` and the running session all call it, so what `check` reports is
//! what the show does.
//!
//! The rules (README, "Lineups and decks"):
//! - slot: `--duration`, else the talk's own `duration`, else its format's (ignite 5:00,
//!   pechakucha 6:40), else the lineup's `duration`, and only when the lineup sets none, a
//!   deck's front matter; else 5:00. The organiser's 5:00 is 5:00 for every speaker.
//! - format: `--format`, else the talk's, else the deck's front matter; else free.
//! - theme: the organiser's (`--theme`, else the lineup's), which knows the room and its
//!   projector, else the deck's own (a built-in name, or a file in its folder), else dark.
//! - warnings: `--warnings`, else the lineup's, else 1:00 and 0:30; the first is wrap-up,
//!   the second final.
//!
//! It reads theme files and nothing else: decks are read and parsed by the caller.

use std::path::Path;
use std::time::Duration;

use crate::clock::Thresholds;
use crate::deck::FrontMatter;
use crate::format::Format;
use crate::lineup::{DEFAULT_SLOT, DEFAULT_WARNINGS, Lineup};
use crate::theme::{Theme, ThemeError};

/// What the command line says for every talk: `--duration`, `--format`, `--theme` and
/// `--warnings`, over anything a lineup or a deck says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub duration: Option<Duration>,
    pub format: Option<Format>,
    /// A built-in name or a theme file, from the current folder.
    pub theme: Option<String>,
    pub warnings: Option<Vec<Duration>>,
}

/// A theme and the name it was chosen by (`dark`, or a file as written), for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTheme {
    pub name: String,
    pub theme: Theme,
}

impl NamedTheme {
    /// The theme when nothing chooses one.
    pub(crate) fn default_dark() -> NamedTheme {
        NamedTheme {
            name: "dark".to_string(),
            theme: Theme::dark(),
        }
    }
}

/// The organiser's theme: `--theme` (a file from the current folder), else the lineup's
/// (a file from the lineup's folder); `None` when neither names one, and every deck is
/// then shown in its own.
pub(crate) fn organiser_theme(
    overrides: &Overrides,
    lineup: Option<(&Lineup, &Path)>,
) -> Result<Option<NamedTheme>, ThemeError> {
    let chosen = match (&overrides.theme, lineup) {
        (Some(name), _) => Some((name.as_str(), Path::new("."))),
        (None, Some((lineup, folder))) => lineup.theme.as_deref().map(|name| (name, folder)),
        (None, None) => None,
    };
    chosen
        .map(|(name, folder)| {
            Theme::resolve(name, folder).map(|theme| NamedTheme {
                name: name.to_string(),
                theme,
            })
        })
        .transpose()
}

/// What the organiser and the command line decide for every talk of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// `--duration`: wins over the lineup, the talk and the deck.
    pub forced_slot: Option<Duration>,
    pub forced_format: Option<Format>,
    /// The lineup's own `duration`, when it writes one: it wins over a deck's front
    /// matter, though not over a talk's own `duration` or its format.
    pub lineup_slot: Option<Duration>,
    /// The organiser's theme (see `organiser_theme`): it wins over every deck's own.
    pub theme: Option<NamedTheme>,
    /// Time left at which the clock warns, largest first.
    pub warnings: Vec<Duration>,
}

impl Rules {
    /// The rules of a lineup's session, with the command line over it. `theme` is the
    /// organiser's (`organiser_theme`).
    pub fn for_lineup(lineup: &Lineup, overrides: &Overrides, theme: Option<NamedTheme>) -> Rules {
        Rules {
            forced_slot: overrides.duration,
            forced_format: overrides.format,
            lineup_slot: lineup.duration_written.then_some(lineup.duration),
            theme,
            warnings: overrides
                .warnings
                .clone()
                .unwrap_or_else(|| lineup.warnings.clone()),
        }
    }

    /// The rules of one deck presented alone (`gong present`): no lineup, so a deck's
    /// own slot applies unless the command line says otherwise.
    pub(crate) fn for_one_deck(overrides: &Overrides, theme: Option<NamedTheme>) -> Rules {
        Rules {
            forced_slot: overrides.duration,
            forced_format: overrides.format,
            lineup_slot: None,
            theme,
            warnings: overrides
                .warnings
                .clone()
                .unwrap_or_else(|| DEFAULT_WARNINGS.to_vec()),
        }
    }

    /// The clock's thresholds: the first warning is the wrap-up, the second the final
    /// call (half the first when only one is given).
    pub(crate) fn thresholds(&self) -> Thresholds {
        let defaults = Thresholds::default();
        match self.warnings.as_slice() {
            [] => defaults,
            [only] => Thresholds {
                wrap_up: *only,
                final_call: *only / 2,
                ..defaults
            },
            [wrap_up, final_call, ..] => Thresholds {
                wrap_up: *wrap_up,
                final_call: *final_call,
                ..defaults
            },
        }
    }

    /// Resolves one talk from what it says for itself and, if its deck was read, the
    /// deck's front matter and folder.
    pub fn talk(&self, own: &OwnChoices<'_>, deck: Option<(&FrontMatter, &Path)>) -> ResolvedTalk {
        let front = deck.map(|(front, _)| front);
        let format = self
            .forced_format
            .or(own.format)
            .or(front.and_then(|front| front.format))
            .unwrap_or_default();
        let slot = self.slot(own.duration, format, front);
        let title = own
            .title
            .map(str::to_string)
            .or_else(|| front.and_then(|front| front.title.clone()))
            .unwrap_or_default();
        let (theme, theme_problem) = self.deck_theme(
            deck.and_then(|(front, folder)| front.theme.as_deref().map(|name| (name, folder))),
        );
        ResolvedTalk {
            title,
            slot,
            format,
            theme,
            theme_problem,
        }
    }

    /// The slot a talk gets: the command line's, else the talk's own (`duration` in the
    /// lineup), its format's, the lineup's, the deck's front matter's, else 5 minutes.
    pub(crate) fn slot(
        &self,
        duration: Option<Duration>,
        format: Format,
        front: Option<&FrontMatter>,
    ) -> Duration {
        self.forced_slot
            .or(duration)
            .or_else(|| format.slot())
            .or(self.lineup_slot)
            .or(front.and_then(|front| front.duration))
            .unwrap_or(DEFAULT_SLOT)
    }

    /// The theme a deck is shown in: the organiser's, else its own (`name` from the
    /// front matter, looked for in the deck's folder), else dark. A deck's own that
    /// cannot be loaded leaves it in the default, with the reason.
    pub(crate) fn deck_theme(
        &self,
        own: Option<(&str, &Path)>,
    ) -> (NamedTheme, Option<ThemeError>) {
        if let Some(theme) = &self.theme {
            return (theme.clone(), None);
        }
        match own {
            None => (NamedTheme::default_dark(), None),
            Some((name, folder)) => match Theme::for_deck_front(name, folder) {
                Ok(theme) => (
                    NamedTheme {
                        name: name.to_string(),
                        theme,
                    },
                    None,
                ),
                Err(error) => (NamedTheme::default_dark(), Some(error)),
            },
        }
    }
}

/// What a talk says for itself: its lineup entry's `title`, `duration` and `format`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OwnChoices<'a> {
    pub title: Option<&'a str>,
    pub duration: Option<Duration>,
    pub format: Option<Format>,
    /// The lineup's `lang` for the talk.
    pub lang: Option<&'a str>,
}

impl<'a> OwnChoices<'a> {
    pub fn of(talk: &'a crate::lineup::Talk) -> OwnChoices<'a> {
        OwnChoices {
            title: talk.title.as_deref(),
            duration: talk.duration,
            format: talk.format,
            lang: talk.lang.as_deref(),
        }
    }
}

/// One talk as the show presents it.
#[derive(Debug)]
pub struct ResolvedTalk {
    /// The lineup's title, else the deck's; may be empty.
    pub title: String,
    pub slot: Duration,
    pub format: Format,
    pub theme: NamedTheme,
    /// Why the deck's own `theme:` is not the one shown.
    pub theme_problem: Option<ThemeError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(duration: Option<u64>, format: Option<Format>) -> FrontMatter {
        FrontMatter {
            duration: duration.map(Duration::from_secs),
            format,
            ..FrontMatter::default()
        }
    }

    #[test]
    fn warnings_become_thresholds() {
        let rules = |warnings: &[u64]| Rules {
            warnings: warnings.iter().copied().map(Duration::from_secs).collect(),
            ..Rules::for_one_deck(&Overrides::default(), None)
        };
        let two = rules(&[60, 20]).thresholds();
        assert_eq!(
            (two.wrap_up, two.final_call),
            (Duration::from_secs(60), Duration::from_secs(20))
        );
        let one = rules(&[2]).thresholds();
        assert_eq!(
            (one.wrap_up, one.final_call),
            (Duration::from_secs(2), Duration::from_secs(1))
        );
        let default = Rules::for_one_deck(&Overrides::default(), None).thresholds();
        assert_eq!(
            (default.wrap_up, default.final_call),
            (Duration::from_secs(60), Duration::from_secs(30))
        );
    }

    #[test]
    fn slots_come_from_the_talk_then_its_format_then_the_lineup() {
        let lineup = Lineup::parse(
            "duration = \"5m\"\n\
             [[talk]]\nspeaker = \"Dustin Kang\"\ndeck = \"kafka.md\"\n\
             [[talk]]\nspeaker = \"Ada\"\nformat = \"ignite\"\n\
             [[talk]]\nspeaker = \"Late Signup\"\nduration = \"3m\"\n",
        )
        .unwrap();
        let rules = Rules::for_lineup(&lineup, &Overrides::default(), None);
        let slots: Vec<u64> = lineup
            .talks
            .iter()
            .map(|talk| rules.talk(&OwnChoices::of(talk), None).slot.as_secs())
            .collect();
        assert_eq!(slots, [300, 300, 180]);
    }

    #[test]
    fn a_deck_alone_takes_its_own_slot_and_format() {
        let rules = Rules::for_one_deck(&Overrides::default(), None);
        let folder = Path::new(".");
        let own = OwnChoices::default();
        let long = front(Some(600), None);
        assert_eq!(
            rules.talk(&own, Some((&long, folder))).slot,
            Duration::from_secs(600)
        );
        let ignite = front(None, Some(Format::Ignite));
        let talk = rules.talk(&own, Some((&ignite, folder)));
        assert_eq!(
            (talk.slot, talk.format),
            (Duration::from_secs(300), Format::Ignite)
        );
        assert_eq!(rules.talk(&own, None).slot, DEFAULT_SLOT);
        assert_eq!(rules.talk(&own, None).theme.name, "dark");
    }
}
