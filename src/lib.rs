//! gong: a lightning-talk presenter. Markdown slides under a hard countdown, a queue of
//! speakers for the organiser, and a rehearsal mode.
//!
//! Data flows one way (see README, "Architecture"): files are parsed into pure data
//! (`deck`, `lineup`), the show says what is on stage as a `View` (`show`, `view`), layout
//! turns that into a `DrawList` (`layout`), and only `window` talks to the screen. Time is
//! always passed in; input becomes a `Command` at the edge.

pub mod check;
pub mod cli;
pub mod clock;
pub mod command;
pub mod deck;
pub mod diagnostic;
pub mod duration;
pub(crate) mod emoji;
pub mod fonts;
pub mod format;
pub mod images;
pub mod language;
pub mod layout;
pub mod lineup;
pub mod regular_file;
pub mod rehearsal;
pub mod report;
pub mod run;
pub mod screens;
pub mod session;
pub mod session_log;
pub mod show;
pub mod signup;
pub mod sound;
pub mod system_fonts;
pub mod talk;
pub mod theme;
pub mod view;
pub mod view_trace;
pub mod watch;
pub mod window;
