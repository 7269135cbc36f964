//! gong: a lightning-talk presenter. Markdown slides under a hard countdown, a queue of
//! speakers for the organiser, and a rehearsal mode.
//!
//! Data flows one way (see README, "Architecture"): files are parsed into pure data
//! (`deck`, `lineup`), the show says what is on stage as a `View` (`show`, `view`), layout
//! turns that into a `DrawList` (`layout`), and only `window` talks to the screen. Time is
//! always passed in; input becomes a `Command` at the edge.

pub mod check;
pub mod cli;
pub(crate) mod clock;
pub mod command;
pub mod deck;
pub(crate) mod diagnostic;
pub(crate) mod duration;
pub(crate) mod emoji;
pub mod fonts;
pub mod format;
pub mod images;
pub(crate) mod language;
pub mod layout;
pub mod lineup;
pub(crate) mod regular_file;
pub(crate) mod rehearsal;
pub(crate) mod report;
pub mod run;
pub(crate) mod screens;
pub mod session;
pub mod session_log;
pub mod show;
pub(crate) mod signup;
pub mod sound;
pub(crate) mod system_fonts;
pub mod talk;
pub mod theme;
pub(crate) mod trace_file;
pub mod view;
pub(crate) mod view_trace;
pub(crate) mod watch;
pub mod window;
