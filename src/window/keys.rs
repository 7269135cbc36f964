//! Keyboard and mouse in the order they happened, turned into `Key`s and clicks. Owns the
//! table from macroquad's key codes to `crate::command::Key`; what a key *means* is the
//! show's business (the command table), never decided here.
//!
//! Printable keys come from character events, so Shift and keyboard layouts work (`?` is
//! Shift+/ on one keyboard and a key of its own on another); named keys come from key
//! events. Each press reaches the show once: a character event is only taken for keys
//! the named table does not know, and auto-repeat is dropped so that holding a key down
//! cannot confirm a "press twice" action.
//!
//! Also owns which presses are too stale to act on after a stalled frame
//! (`drop_stale_moves`), reading the command table to know what a key would do.

use std::time::Duration;

use macroquad::miniquad::{EventHandler, KeyCode, KeyMods, MouseButton};

use crate::command::{Command, Key, command_for};

/// Something the person at the keyboard did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    Key(Key),
    Click,
}

/// The keys known by name. Everything else is read from the character it types.
pub(crate) fn named_key(code: KeyCode) -> Option<Key> {
    Some(match code {
        KeyCode::Right => Key::Right,
        KeyCode::Left => Key::Left,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Space => Key::Space,
        KeyCode::Enter | KeyCode::KpEnter => Key::Enter,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Tab => Key::Tab,
        KeyCode::Escape => Key::Escape,
        _ => return None,
    })
}

/// A typed character as a key: letters lower-cased, control characters (which Enter,
/// Tab, Escape and Backspace also type) and space left to the named keys, and nothing
/// typed with Ctrl, Alt or Super held (those are the desktop's shortcuts).
pub(crate) fn typed_key(character: char, mods: KeyMods) -> Option<Key> {
    if mods.ctrl || mods.alt || mods.logo {
        return None;
    }
    if character.is_control() || character.is_whitespace() {
        return None;
    }
    let lower = character.to_lowercase().next().unwrap_or(character);
    Some(Key::Char(lower))
}

/// A frame that takes longer than this to answer a press leaves the speaker looking at
/// a screen that has not moved: about when a person decides the press was lost and
/// presses again.
pub(crate) const STALL: Duration = Duration::from_millis(500);

/// Drops the presses of `batch` that would act on a picture the speaker never saw.
///
/// Input is collected once a frame. `answering` says the frame before handled input and
/// `took` how long it took from then to its picture being on screen. When a frame that
/// was answering a press took longer than `STALL`, the presses collected after it were
/// made while the screen still showed what came before that press: a speaker who saw
/// nothing happen pressed again, and replayed now those presses would skip slides the
/// room never saw, or run past the last slide. So from such a batch the presses that
/// move relative to what is on screen (next, previous, first, last, Enter, a click) are
/// dropped: the speaker now sees the slide their first press asked for and goes on
/// from there. A lost press costs one more press; a stale one costs a slide.
///
/// Everything else is kept, in order: organiser keys (N, S, +, -, R, L, F, Q, ...) are
/// pressed on purpose and never sent by clickers, and a "press twice" confirmation needs
/// both presses; digits only type a slide number (Enter, dropped, is what jumps); `B`
/// and `O` mean the same on any slide. A batch that holds a lineup panel key (U, D, E,
/// X, M) is kept whole: someone is at the keyboard on purpose, and in the panel the
/// arrows choose the talk those keys act on, so dropping the arrows alone would move
/// the wrong talk. A slow frame that answered no press (the machine was busy) showed
/// what the speaker expected, and presses made meanwhile count.
pub(crate) fn drop_stale_moves(batch: &mut Vec<Input>, answering: bool, took: Duration) {
    if !answering || took <= STALL {
        return;
    }
    let command = |input: &Input| {
        command_for(match input {
            Input::Key(key) => *key,
            Input::Click => Key::Click,
        })
    };
    if batch
        .iter()
        .any(|input| command(input).is_some_and(Command::is_lineup_key))
    {
        return;
    }
    batch.retain(|input| {
        !matches!(
            command(input),
            Some(
                Command::Next
                    | Command::Previous
                    | Command::First
                    | Command::Last
                    | Command::Confirm
            )
        )
    });
}

/// Collects input events, in order, from macroquad's event replay, and counts what the
/// window has read so far, for the stagehand (`stagehand::Heard`).
#[derive(Debug, Default)]
pub(crate) struct InputQueue {
    pub(crate) events: Vec<Input>,
    /// Every key press the window read, repeats and unnamed keys included: one per X
    /// KeyPress, the same events the stagehand counts on its own connection.
    pub(crate) presses_read: u64,
    /// The stagehand's wakes read (`x11::WAKE_MARK`).
    pub(crate) wakes_read: u64,
}

impl EventHandler for InputQueue {
    fn update(&mut self) {}
    fn draw(&mut self) {}

    fn key_down_event(&mut self, code: KeyCode, _mods: KeyMods, repeat: bool) {
        self.presses_read += 1;
        if repeat {
            return;
        }
        if let Some(key) = named_key(code) {
            self.events.push(Input::Key(key));
        }
    }

    fn char_event(&mut self, character: char, mods: KeyMods, repeat: bool) {
        if repeat {
            return;
        }
        if let Some(key) = typed_key(character, mods) {
            self.events.push(Input::Key(key));
        }
    }

    fn mouse_button_down_event(&mut self, button: MouseButton, _x: f32, _y: f32) {
        if button == MouseButton::Left {
            self.events.push(Input::Click);
        }
    }

    /// macroquad replays a pointer entering the window as a button release, at the
    /// pointer's place: the stagehand's wake enters at a place no pointer can be.
    fn mouse_button_up_event(&mut self, _button: MouseButton, x: f32, y: f32) {
        let mark = super::x11::WAKE_MARK as f32;
        if x == mark && y == mark {
            self.wakes_read += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> KeyMods {
        KeyMods::default()
    }

    #[test]
    fn clicker_and_arrow_keys_have_names() {
        assert_eq!(named_key(KeyCode::PageDown), Some(Key::PageDown));
        assert_eq!(named_key(KeyCode::KpEnter), Some(Key::Enter));
        assert_eq!(named_key(KeyCode::Escape), Some(Key::Escape));
        assert_eq!(named_key(KeyCode::A), None);
    }

    #[test]
    fn typed_characters_become_lower_case_keys() {
        assert_eq!(typed_key('N', plain()), Some(Key::Char('n')));
        assert_eq!(typed_key('?', plain()), Some(Key::Char('?')));
        assert_eq!(typed_key('+', plain()), Some(Key::Char('+')));
        assert_eq!(typed_key('3', plain()), Some(Key::Char('3')));
    }

    #[test]
    fn what_named_keys_type_is_not_reported_twice() {
        for typed in ['\r', '\t', '\u{8}', '\u{1b}', ' '] {
            assert_eq!(typed_key(typed, plain()), None, "{typed:?}");
        }
    }

    #[test]
    fn moves_made_while_a_stalled_frame_answered_a_press_are_dropped() {
        let keys = |keys: &[Key]| -> Vec<Input> { keys.iter().copied().map(Input::Key).collect() };
        let batch = || {
            let mut batch = keys(&[
                Key::PageDown,
                Key::Char('n'),
                Key::Right,
                Key::Char('1'),
                Key::Char('2'),
                Key::Enter,
                Key::Char('s'),
                Key::Left,
                Key::Char('b'),
                Key::Home,
                Key::End,
                Key::Char('+'),
                Key::Char('q'),
                Key::Char('j'),
            ]);
            batch.push(Input::Click);
            batch
        };
        let long = STALL + Duration::from_millis(1);

        let mut stale = batch();
        drop_stale_moves(&mut stale, true, long);
        assert_eq!(
            stale,
            keys(&[
                Key::Char('n'),
                Key::Char('1'),
                Key::Char('2'),
                Key::Char('s'),
                Key::Char('b'),
                Key::Char('+'),
                Key::Char('q'),
            ])
        );

        // A frame that took no longer than the bound, or answered no press: all count.
        for (answering, took) in [(true, STALL), (false, long), (false, Duration::ZERO)] {
            let mut fresh = batch();
            drop_stale_moves(&mut fresh, answering, took);
            assert_eq!(fresh, batch(), "{answering} {took:?}");
        }
    }

    #[test]
    fn a_stalled_batch_with_lineup_panel_keys_is_kept_whole() {
        let panel = vec![
            Input::Key(Key::Down),
            Input::Key(Key::Down),
            Input::Key(Key::Char('u')),
        ];
        let mut kept = panel.clone();
        drop_stale_moves(&mut kept, true, Duration::from_secs(5));
        assert_eq!(kept, panel);
    }

    #[test]
    fn shortcuts_and_repeats_are_not_keys() {
        let ctrl = KeyMods {
            ctrl: true,
            ..KeyMods::default()
        };
        assert_eq!(typed_key('q', ctrl), None);

        let mut queue = InputQueue::default();
        queue.key_down_event(KeyCode::Right, plain(), false);
        queue.key_down_event(KeyCode::Right, plain(), true);
        queue.char_event('1', plain(), false);
        queue.key_down_event(KeyCode::Key1, plain(), false);
        queue.key_down_event(KeyCode::Enter, plain(), false);
        queue.char_event('\r', plain(), false);
        queue.mouse_button_down_event(MouseButton::Left, 1.0, 1.0);
        queue.mouse_button_down_event(MouseButton::Right, 1.0, 1.0);
        assert_eq!(
            queue.events,
            vec![
                Input::Key(Key::Right),
                Input::Key(Key::Char('1')),
                Input::Key(Key::Enter),
                Input::Click,
            ]
        );
    }
}
