//! Input as the show understands it. The window turns key codes into
//! `Key`, one pure table turns a `Key` into a `Command`, and `Show::apply` is the only
//! thing that acts on a `Command`. Changes to the running order are also commands of their
//! own, addressed by position (`Reorder`), so any input can make them: the lineup panel's
//! cursor turns its keys into them, and a remote would send them as they are.
//!
//! This module owns the key table (the README's "Keys") and must not
//! know about screens: what a command means on the TIME card or in the lineup panel is the
//! show's business. A mouse click arrives as `Key::Click` so the table stays the one place
//! that decides what input means.
//!
//! One clash in the product's key list: `l` is both a vim-style "next" and the organiser's
//! `L` (lineup panel). Letters arrive lower-cased, so they cannot be told apart; the lineup
//! panel wins because the organiser has no other key for it, and `j`, `→`, Space and the
//! clicker still go forward.

/// A key press, independent of any windowing library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Right,
    Left,
    Up,
    Down,
    PageUp,
    PageDown,
    Space,
    Enter,
    Backspace,
    Home,
    End,
    Tab,
    Escape,
    /// A printable key, lower-cased for letters (`'n'`, `'+'`, `'3'`, `'?'`).
    Char(char),
    /// A mouse click anywhere in the window: forward, as a clicker would.
    Click,
}

/// What a key asks the show to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Command {
    // Speaker keys: what a clicker or a presenter's hand sends.
    /// Forward: next reveal step or slide; on the Up next card, Go.
    Next,
    Previous,
    First,
    Last,
    /// A digit typed towards "jump to slide n" (finished by Enter).
    Digit(u8),
    /// Enter: forward, but also finishes typed digits and chooses in the overview.
    Confirm,
    /// Black screen on and off.
    Black,
    /// The overview grid of slides.
    Overview,

    // Organiser keys: never sent by clickers.
    /// `N`: next speaker (twice during a running talk).
    NextSpeaker,
    /// `S`: start, pause, resume.
    StartPause,
    /// `+`: add time (30 s by default).
    AddTime,
    /// `-`: take time.
    TakeTime,
    /// `R`: restart this talk (twice).
    Restart,
    /// `L`: the lineup panel.
    Lineup,
    Fullscreen,
    /// `P`: move the window to the next screen (the projector turned out to be the other).
    NextScreen,
    /// `Q`: quit (twice).
    Quit,
    /// `?`: every key.
    Help,
    /// `V`: presenter and audience view.
    SwitchView,
    /// `[`: the presenter view's notes scroll back a line.
    NotesBack,
    /// `]`: they scroll on.
    NotesOn,
    /// Escape: close an overlay, cancel typed digits or a pending confirmation.
    Cancel,

    // Lineup panel keys: only act while the panel is open.
    /// `u`: move the selected talk up.
    MoveUp,
    /// `d`: move it down.
    MoveDown,
    /// `e`: send it to the end (a no-show for now).
    SendToEnd,
    /// `x`: skip it.
    Skip,
    /// `m`: make it the next talk (also brings back a skipped one).
    MakeNext,

    // Not keys: changes from any input, addressed by position.
    /// A change to the running order. Sent by no input of this build but the tests: the
    /// panel's keys make the same changes from its cursor, and the remote views will send
    /// these.
    #[cfg_attr(not(test), allow(dead_code))]
    Reorder(Reorder),
}

/// A change to the running order, addressed by position: indices into the running order
/// (0-based, as the View's lineup rows are numbered). Talks already given, and the one on
/// stage, stay where they are; a change that would move them does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Reorder {
    /// Take the talk at `from` out and put it in at `to` (counted after taking it out),
    /// past talks still to come only.
    Move { from: usize, to: usize },
    /// To the end of the order: a no-show, for now.
    SendToEnd(usize),
    /// Will not be given (it can be made next again).
    Skip(usize),
    /// The next talk: after the one on stage, or on the Up next card in place of the
    /// one there. Also brings back a skipped talk.
    MakeNext(usize),
}

impl Command {
    /// Keys a speaker's clicker or hand may send. On the TIME card they do nothing, so a
    /// frantic clicker cannot start the next talk.
    pub(crate) fn is_speaker_key(self) -> bool {
        matches!(
            self,
            Command::Next
                | Command::Previous
                | Command::First
                | Command::Last
                | Command::Digit(_)
                | Command::Confirm
                | Command::Black
                | Command::Overview
        )
    }

    /// Keys that only mean something inside the lineup panel.
    pub(crate) fn is_lineup_key(self) -> bool {
        matches!(
            self,
            Command::MoveUp
                | Command::MoveDown
                | Command::SendToEnd
                | Command::Skip
                | Command::MakeNext
        )
    }
}

/// The key table: every key of the README's "Keys", and no other.
pub(crate) fn command_for(key: Key) -> Option<Command> {
    let command = match key {
        Key::Right | Key::Down | Key::PageDown | Key::Space | Key::Click => Command::Next,
        Key::Left | Key::Up | Key::PageUp | Key::Backspace => Command::Previous,
        Key::Enter => Command::Confirm,
        Key::Home => Command::First,
        Key::End => Command::Last,
        Key::Tab => Command::Overview,
        Key::Escape => Command::Cancel,
        Key::Char(c) => match c.to_ascii_lowercase() {
            'j' => Command::Next,
            'h' | 'k' => Command::Previous,
            digit @ '0'..='9' => Command::Digit(digit as u8 - b'0'),
            'b' | '.' => Command::Black,
            'o' => Command::Overview,
            'n' => Command::NextSpeaker,
            's' => Command::StartPause,
            // `=` is `+` without shift; `_` is `-` with shift held by habit.
            '+' | '=' => Command::AddTime,
            '-' | '_' => Command::TakeTime,
            'r' => Command::Restart,
            'l' => Command::Lineup,
            'f' => Command::Fullscreen,
            'p' => Command::NextScreen,
            'q' => Command::Quit,
            // `/` is `?` without shift on most layouts.
            '?' | '/' => Command::Help,
            'v' => Command::SwitchView,
            '[' => Command::NotesBack,
            ']' => Command::NotesOn,
            'u' => Command::MoveUp,
            'd' => Command::MoveDown,
            'e' => Command::SendToEnd,
            'x' => Command::Skip,
            'm' => Command::MakeNext,
            _ => return None,
        },
    };
    Some(command)
}

/// Every key the help overlay lists, grouped as the user thinks of them.
pub(crate) const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Speaker",
        &[
            ("→ ↓ PgDn Space Enter j, click", "next"),
            ("← ↑ PgUp Backspace h k", "previous"),
            ("Home / End", "first / last slide"),
            ("digits, then Enter", "jump to slide"),
            ("B or .", "black screen"),
            ("O or Tab", "overview"),
        ],
    ),
    (
        "Organiser",
        &[
            ("N", "next speaker (twice during a talk)"),
            ("S", "start / pause / resume"),
            ("+ / -", "add / take 30 s"),
            ("R", "restart this talk (twice)"),
            ("L", "lineup panel"),
            ("F", "fullscreen"),
            ("P", "move to the next screen"),
            ("Q", "quit (twice)"),
            ("?", "this help"),
            ("Esc", "close / cancel"),
        ],
    ),
    (
        "Presenter view",
        &[
            ("V", "presenter / audience view"),
            ("[ / ]", "scroll the notes"),
        ],
    ),
    (
        "Lineup panel",
        &[
            ("↑ / ↓", "select"),
            ("U / D", "move up / down"),
            ("E", "send to the end (no-show)"),
            ("X", "skip"),
            ("M", "make next"),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(Key::Right, Command::Next)]
    #[case(Key::Down, Command::Next)]
    #[case(Key::PageDown, Command::Next)]
    #[case(Key::Space, Command::Next)]
    #[case(Key::Click, Command::Next)]
    #[case(Key::Char('j'), Command::Next)]
    #[case(Key::Enter, Command::Confirm)]
    #[case(Key::Left, Command::Previous)]
    #[case(Key::Up, Command::Previous)]
    #[case(Key::PageUp, Command::Previous)]
    #[case(Key::Backspace, Command::Previous)]
    #[case(Key::Char('h'), Command::Previous)]
    #[case(Key::Char('k'), Command::Previous)]
    #[case(Key::Home, Command::First)]
    #[case(Key::End, Command::Last)]
    #[case(Key::Char('0'), Command::Digit(0))]
    #[case(Key::Char('7'), Command::Digit(7))]
    #[case(Key::Char('b'), Command::Black)]
    #[case(Key::Char('.'), Command::Black)]
    #[case(Key::Char('o'), Command::Overview)]
    #[case(Key::Tab, Command::Overview)]
    #[case(Key::Char('n'), Command::NextSpeaker)]
    #[case(Key::Char('N'), Command::NextSpeaker)]
    #[case(Key::Char('s'), Command::StartPause)]
    #[case(Key::Char('+'), Command::AddTime)]
    #[case(Key::Char('='), Command::AddTime)]
    #[case(Key::Char('-'), Command::TakeTime)]
    #[case(Key::Char('r'), Command::Restart)]
    #[case(Key::Char('l'), Command::Lineup)]
    #[case(Key::Char('f'), Command::Fullscreen)]
    #[case(Key::Char('p'), Command::NextScreen)]
    #[case(Key::Char('q'), Command::Quit)]
    #[case(Key::Char('?'), Command::Help)]
    #[case(Key::Char('v'), Command::SwitchView)]
    #[case(Key::Escape, Command::Cancel)]
    #[case(Key::Char('u'), Command::MoveUp)]
    #[case(Key::Char('d'), Command::MoveDown)]
    #[case(Key::Char('e'), Command::SendToEnd)]
    #[case(Key::Char('x'), Command::Skip)]
    #[case(Key::Char('m'), Command::MakeNext)]
    fn the_key_table(#[case] key: Key, #[case] command: Command) {
        assert_eq!(command_for(key), Some(command));
    }

    #[rstest]
    #[case(Key::Char('z'))]
    #[case(Key::Char('가'))]
    #[case(Key::Char('!'))]
    fn unknown_keys_do_nothing(#[case] key: Key) {
        assert_eq!(command_for(key), None);
    }

    #[test]
    fn organiser_keys_are_not_speaker_keys() {
        for c in ['n', 's', '+', '-', 'r', 'l', 'f', 'q', '?', 'v'] {
            let command = command_for(Key::Char(c));
            assert!(command.is_some_and(|c| !c.is_speaker_key()), "{c}");
        }
        for key in [Key::Right, Key::PageDown, Key::Space, Key::Char('b')] {
            assert!(command_for(key).is_some_and(Command::is_speaker_key));
        }
    }

    /// The keys a help token names, read as whole words: `S` is the S key, never the S
    /// in "Space". `None` for a word the help uses between keys ("or", "then", "/").
    fn keys_named(token: &str) -> Option<Vec<Key>> {
        let key = match token {
            "→" => Key::Right,
            "←" => Key::Left,
            "↑" => Key::Up,
            "↓" => Key::Down,
            "PgUp" => Key::PageUp,
            "PgDn" => Key::PageDown,
            "Space" => Key::Space,
            "Enter" => Key::Enter,
            "Backspace" => Key::Backspace,
            "Home" => Key::Home,
            "End" => Key::End,
            "Tab" => Key::Tab,
            "Esc" => Key::Escape,
            "click" => Key::Click,
            "digits" => return Some(('0'..='9').map(Key::Char).collect()),
            "or" | "then" | "/" => return None,
            other => {
                let mut chars = other.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Key::Char(c.to_ascii_lowercase()),
                    _ => panic!("the help names a key the test does not know: {other:?}"),
                }
            }
        };
        Some(vec![key])
    }

    /// Each help row's action, and the commands its keys may give.
    fn commands_of(action: &str) -> Vec<Command> {
        use Command::*;
        let digits = (0..=9).map(Digit);
        match action {
            "next" => vec![Next, Confirm],
            "previous" => vec![Previous],
            "first / last slide" => vec![First, Last],
            "jump to slide" => digits.chain([Confirm]).collect(),
            "black screen" => vec![Black],
            "overview" => vec![Overview],
            "next speaker (twice during a talk)" => vec![NextSpeaker],
            "start / pause / resume" => vec![StartPause],
            "add / take 30 s" => vec![AddTime, TakeTime],
            "restart this talk (twice)" => vec![Restart],
            "lineup panel" => vec![Lineup],
            "fullscreen" => vec![Fullscreen],
            "move to the next screen" => vec![NextScreen],
            "presenter / audience view" => vec![SwitchView],
            "scroll the notes" => vec![NotesBack, NotesOn],
            "quit (twice)" => vec![Quit],
            "this help" => vec![Help],
            "close / cancel" => vec![Cancel],
            // In the panel the arrows select; the show reads them as previous / next.
            "select" => vec![Previous, Next],
            "move up / down" => vec![MoveUp, MoveDown],
            "send to the end (no-show)" => vec![SendToEnd],
            "skip" => vec![Skip],
            "make next" => vec![MakeNext],
            other => panic!("a help row the test does not know: {other:?}"),
        }
    }

    /// Every key the help names, by whole key, with the command the key table gives it.
    fn help_keys() -> Vec<(Key, &'static str)> {
        HELP.iter()
            .flat_map(|(_, rows)| rows.iter())
            .flat_map(|(keys, action)| {
                keys.split([' ', ','])
                    .filter(|token| !token.is_empty())
                    .filter_map(keys_named)
                    .flatten()
                    .map(move |key| (key, *action))
            })
            .collect()
    }

    #[test]
    fn every_key_the_help_names_does_what_its_row_says() {
        for (key, action) in help_keys() {
            let command = command_for(key)
                .unwrap_or_else(|| panic!("the help lists {key:?} ({action}), which does nothing"));
            assert!(
                commands_of(action).contains(&command),
                "the help says {key:?} is {action:?}, the key table makes it {command:?}"
            );
        }
    }

    /// The help panel draws every key and action with a bundled face.
    #[test]
    fn the_help_is_covered_by_the_bundled_fonts() {
        let fonts = crate::fonts::FontSet::shared().unwrap();
        let mut text = String::new();
        for (group, keys) in HELP {
            text.push_str(group);
            for (key, action) in keys.iter() {
                text.push_str(key);
                text.push_str(action);
            }
        }
        assert_eq!(fonts.missing_chars(&text), Vec::<char>::new());
    }

    #[test]
    fn every_key_that_does_something_is_in_the_help() {
        let named: Vec<Key> = help_keys().into_iter().map(|(key, _)| key).collect();
        // Aliases a hand finds by habit, deliberately left out of the help: the unshifted
        // `=` and `/`, and `_` for `-`.
        let unlisted_aliases = [Key::Char('='), Key::Char('/'), Key::Char('_')];
        let specials = [
            Key::Right,
            Key::Left,
            Key::Up,
            Key::Down,
            Key::PageUp,
            Key::PageDown,
            Key::Space,
            Key::Enter,
            Key::Backspace,
            Key::Home,
            Key::End,
            Key::Tab,
            Key::Escape,
            Key::Click,
        ];
        let printable = (' '..='~').map(|c| Key::Char(c.to_ascii_lowercase()));
        for key in specials.into_iter().chain(printable) {
            if command_for(key).is_none() || unlisted_aliases.contains(&key) {
                continue;
            }
            assert!(
                named.contains(&key),
                "{key:?} gives {:?} but the help does not name it",
                command_for(key)
            );
        }
    }
}
