//! Themes: the colours (and later faces and sizes) a deck is drawn in. `dark` is the
//! default because projectors wash out light backgrounds less than they wash out dark text.

use crate::layout::Rgba;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub background: Rgba,
    pub text: Rgba,
    pub heading: Rgba,
    pub muted: Rgba,
    pub accent: Rgba,
    pub link: Rgba,
    pub code_background: Rgba,
    /// The clock while there is plenty of time.
    pub clock: Rgba,
    /// Wrap-up (1:00 left): amber.
    pub clock_wrap_up: Rgba,
    /// Final (0:30 left) and time-up: red.
    pub clock_final: Rgba,
}

impl Theme {
    pub fn dark() -> Theme {
        Theme {
            name: "dark".into(),
            background: Rgba::rgb(0x14, 0x16, 0x1c),
            text: Rgba::rgb(0xec, 0xee, 0xf2),
            heading: Rgba::rgb(0xff, 0xff, 0xff),
            muted: Rgba::rgb(0x8b, 0x93, 0xa1),
            accent: Rgba::rgb(0x5c, 0xc8, 0xff),
            link: Rgba::rgb(0x7a, 0xb8, 0xff),
            code_background: Rgba::rgb(0x22, 0x26, 0x30),
            clock: Rgba::rgb(0xec, 0xee, 0xf2),
            clock_wrap_up: Rgba::rgb(0xff, 0xb0, 0x20),
            clock_final: Rgba::rgb(0xff, 0x4a, 0x3d),
        }
    }

    pub fn light() -> Theme {
        Theme {
            name: "light".into(),
            background: Rgba::rgb(0xfb, 0xfb, 0xf8),
            text: Rgba::rgb(0x1d, 0x20, 0x26),
            heading: Rgba::rgb(0x0b, 0x0d, 0x12),
            muted: Rgba::rgb(0x5f, 0x66, 0x73),
            accent: Rgba::rgb(0x00, 0x6b, 0xb3),
            link: Rgba::rgb(0x00, 0x5c, 0xc5),
            code_background: Rgba::rgb(0xee, 0xef, 0xf1),
            clock: Rgba::rgb(0x1d, 0x20, 0x26),
            clock_wrap_up: Rgba::rgb(0xb8, 0x6e, 0x00),
            clock_final: Rgba::rgb(0xc8, 0x1e, 0x1e),
        }
    }

    pub fn contrast() -> Theme {
        Theme {
            name: "contrast".into(),
            background: Rgba::rgb(0, 0, 0),
            text: Rgba::rgb(0xff, 0xff, 0xff),
            heading: Rgba::rgb(0xff, 0xff, 0x00),
            muted: Rgba::rgb(0xd0, 0xd0, 0xd0),
            accent: Rgba::rgb(0x00, 0xff, 0xff),
            link: Rgba::rgb(0x00, 0xff, 0xff),
            code_background: Rgba::rgb(0x1a, 0x1a, 0x1a),
            clock: Rgba::rgb(0xff, 0xff, 0xff),
            clock_wrap_up: Rgba::rgb(0xff, 0xc0, 0x00),
            clock_final: Rgba::rgb(0xff, 0x30, 0x30),
        }
    }

    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "contrast" => Some(Theme::contrast()),
            _ => None,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}
