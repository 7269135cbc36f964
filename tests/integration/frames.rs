//! Frames on demand, end to end (issue 15): the real `gong present` under Xvfb, read
//! through the window's paint trace (`GONG_PAINT_TRACE`, one line a painted frame). A
//! still slide and the TIME card are painted when their clock's digits change, once a
//! second, not ten or sixty times; a key on a still card is answered by a frame the key
//! itself woke, not one that waited for a timer.
//!
//! Frame counts over a few seconds are bounds that a slow machine only makes easier
//! (fewer frames, never more). Without Xvfb or xdotool these tests skip, except under
//! `CI=true`, where they fail.

use std::time::Duration;

use crate::support::presenter::{Painted, Presenter};
use crate::support::{window, xvfb};

const DECK: &str = "---\ntitle: Still\nauthor: Ada\n---\n# A still slide\n\nWith a line of text.\n\n---\n\n# Two\n";

/// Where a count of frames starts after a frame painted for its second: half way to the
/// next, so that a second's frame never falls on either edge (they start a fraction of
/// a millisecond early or late, and a count from the frame itself may catch one more).
const HALF_A_SECOND: f64 = 500.0;

/// Frames that started in `[from, from + span)` milliseconds.
fn painted_between(frames: &[Painted], from: f64, span: f64) -> Vec<&Painted> {
    frames
        .iter()
        .filter(|frame| frame.start >= from && frame.start < from + span)
        .collect()
}

/// When the first frame after `after` painted for its moment alone started: the frames
/// before it answered input or warmed glyphs, at the frame rate by design.
fn settled_after(presenter: &Presenter, after: f64) -> f64 {
    presenter.wait_painted(|frames| {
        frames
            .iter()
            .find(|frame| frame.start > after && frame.why == "due")
            .map(|frame| frame.start)
    })
}

/// `gong present` on the still deck, holding the display's turn.
fn start(args: &[&str]) -> Option<(Presenter, xvfb::Turn<'static>)> {
    let display = window::display()?;
    let turn = xvfb::turn();
    Some((Presenter::start(&display, DECK, args), turn))
}

#[test]
fn a_still_slide_is_painted_once_a_second() {
    let Some((presenter, _turn)) = start(&["--mute"]) else {
        return;
    };
    presenter.go();
    let pressed =
        presenter.wait_painted(|frames| frames.iter().rfind(|f| f.inputs > 0).map(|f| f.start));
    // Once the slide has settled (the glyphs of what comes next rasterised, which a
    // debug build on a loaded machine takes seconds over), three seconds from half
    // way between two of the clock's frames.
    let from = settled_after(&presenter, pressed) + HALF_A_SECOND;
    let frames = presenter.wait_painted(|frames| {
        frames
            .iter()
            .any(|frame| frame.start >= from + 3000.0)
            .then(|| frames.to_vec())
    });
    let still = painted_between(&frames, from, 3000.0);
    // The clock's digits change three times in three seconds: a frame each, and one
    // more at most for a wake that met a frame still being painted.
    assert!(
        (1..=4).contains(&still.len()),
        "{} frames in 3 s on a still slide:\n{}",
        still.len(),
        presenter.context()
    );
    assert!(
        still.iter().all(|frame| frame.why == "due"),
        "each woken at its moment:\n{}",
        presenter.context()
    );
}

#[test]
fn the_time_card_is_painted_once_a_second() {
    let Some((presenter, _turn)) = start(&["--mute", "--duration", "1s"]) else {
        return;
    };
    presenter.go();
    presenter.wait_for("time_up", Duration::from_secs(10));
    let up = presenter.wait_painted(|frames| frames.last().map(|frame| frame.start));
    let from = settled_after(&presenter, up) + HALF_A_SECOND;
    let frames = presenter.wait_painted(|frames| {
        frames
            .iter()
            .any(|frame| frame.start >= from + 2000.0)
            .then(|| frames.to_vec())
    });
    let still = painted_between(&frames, from, 2000.0);
    // The overtime count (+0:01, +0:02) changes twice in two seconds.
    assert!(
        (1..=3).contains(&still.len()),
        "{} frames in 2 s on the TIME card:\n{}",
        still.len(),
        presenter.context()
    );
}

#[test]
fn a_press_on_a_still_card_wakes_the_window_at_once() {
    let Some((presenter, _turn)) = start(&["--mute"]) else {
        return;
    };
    // The Up next card: nothing on it changes by itself. Once it has settled, press
    // just after a frame, far from the next one the window would paint by itself.
    presenter.wait_warm(Duration::from_secs(30));
    let settled = presenter.wait_painted(|frames| frames.last().map(|frame| frame.start));
    let heartbeat = presenter.wait_painted(|frames| {
        frames
            .iter()
            .rfind(|frame| frame.start > settled + 100.0 && frame.why == "due")
            .map(|frame| frame.start)
    });
    let quiet = painted_between(
        &presenter.wait_painted(|frames| Some(frames.to_vec())),
        settled + 100.0,
        heartbeat - settled - 100.0,
    )
    .len();
    assert!(
        quiet <= 2,
        "{quiet} frames on a still card before the press"
    );
    presenter.key("question");
    let answer = presenter.wait_painted(|frames| {
        frames
            .iter()
            .find(|frame| frame.start > heartbeat && frame.inputs > 0)
            .cloned()
    });
    assert_eq!(
        answer.why,
        "event",
        "the press was answered by a frame it did not wake: {answer:?}\n{}",
        presenter.context()
    );
    // And it was seen on screen: the window follows such a frame at once.
    assert!(answer.shown.is_some(), "{answer:?}");
}
