//! Keyboard and mouse in the order they happened, turned into `Key`s and clicks. Owns the
//! table from macroquad's key codes to `crate::command::Key`; what a key *means* is the
//! show's business (the command table), never decided here.
//!
//! Printable keys come from character events, so Shift and keyboard layouts work (`?` is
//! Shift+/ on one keyboard and a key of its own on another); named keys come from key
//! events. Each press reaches the show once: a character event is only taken for keys
//! the named table does not know, and auto-repeat is dropped so that holding a key down
//! cannot confirm a "press twice" action.

use macroquad::miniquad::{EventHandler, KeyCode, KeyMods, MouseButton};

use crate::command::Key;

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

/// Collects input events, in order, from macroquad's event replay.
#[derive(Debug, Default)]
pub(crate) struct InputQueue {
    pub(crate) events: Vec<Input>,
}

impl EventHandler for InputQueue {
    fn update(&mut self) {}
    fn draw(&mut self) {}

    fn key_down_event(&mut self, code: KeyCode, _mods: KeyMods, repeat: bool) {
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
