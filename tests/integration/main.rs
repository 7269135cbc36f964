//! Every integration test, as one test binary: each former test file is a module here
//! (test names read `cli::…`, `session::…`), and `support` is the one harness they all
//! share: `gong` run to its end (`support::gong`), a `gong` with a window on the test
//! X server (`support::window`, with `live`, `presenter` and `rehearser` for what
//! `run`, `present` and `rehearse` add), one Xvfb for the whole run (`support::xvfb`)
//! and the clean environment and deadline of every process a test starts
//! (`support::child`). One binary links the crate and its fonts once, not once a file.
//!
//! All of it runs in one process, in parallel: a test changes no process-wide state (no
//! environment variable, no current folder), and a test with windows on the shared
//! display holds its turn (`xvfb::turn`).

mod support;

mod cli;
mod clock;
mod dialects;
mod frames;
mod fuzz;
mod rehearse;
mod screens;
mod screenshots;
mod session;
mod shaping;
mod sound;
