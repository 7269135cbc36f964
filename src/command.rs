//! Input as the show understands it (STYLE.md, seam 2). The window turns key codes into
//! `Key`, one pure table turns a `Key` into a `Command`, and `Show::apply` is the only
//! thing that acts on a `Command`.

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
}
