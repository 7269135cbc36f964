//! Talk formats: who moves the slides, and how many a deck should have.
//! Ignite is 20 slides × 15 s and Pecha Kucha 20 × 20 s by their own rules; `free` lets
//! the speaker move the slides.

use std::time::Duration;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Free,
    Ignite,
    #[serde(alias = "pecha-kucha")]
    #[value(alias = "pecha-kucha")]
    Pechakucha,
}

impl Format {
    /// For auto-advancing formats: how many slides, and how long each is shown.
    pub(crate) fn auto_advance(self) -> Option<(usize, Duration)> {
        match self {
            Format::Free => None,
            Format::Ignite => Some((20, Duration::from_secs(15))),
            Format::Pechakucha => Some((20, Duration::from_secs(20))),
        }
    }

    /// The whole slot a format implies (5:00 for Ignite, 6:40 for Pecha Kucha).
    pub(crate) fn slot(self) -> Option<Duration> {
        self.auto_advance()
            .map(|(slides, each)| each * u32::try_from(slides).unwrap_or(u32::MAX))
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Free => "free",
            Format::Ignite => "ignite",
            Format::Pechakucha => "pechakucha",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "free" => Some(Format::Free),
            "ignite" => Some(Format::Ignite),
            "pechakucha" | "pecha-kucha" => Some(Format::Pechakucha),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignite_is_five_minutes_and_pechakucha_six_forty() {
        assert_eq!(Format::Ignite.slot(), Some(Duration::from_secs(300)));
        assert_eq!(Format::Pechakucha.slot(), Some(Duration::from_secs(400)));
        assert_eq!(Format::Free.slot(), None);
    }

    #[test]
    fn names_round_trip() {
        for format in [Format::Free, Format::Ignite, Format::Pechakucha] {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("Pecha-Kucha"), Some(Format::Pechakucha));
        assert_eq!(Format::from_name("keynote"), None);
    }
}
