//! The stage: the one module that talks to the screen (the only importer of macroquad).
//! It opens the window, asks an `App` for a frame, paints the frame's `DrawList`, turns
//! key presses and clicks into `crate::command::Key` and calls, and paints only when the
//! picture changes (`pacing`, `stagehand`). It decides nothing about slides, clocks or
//! talks: that is the `App`'s (the show's) job.
//!
//! Time: the loop reads the clock once a frame and passes `now` to the app; nothing else
//! in the program needs to.
//!
//! Between frames the loop sleeps on the window system's events, so a key wakes it at
//! once; the stagehand wakes it at the moment the app asked for (`Frame::wake_at`) and
//! when another thread has something to show (`Waker`). Without a stagehand (no X
//! connection of its own, or the window not found) the loop polls as it always did.

mod atlas;
pub mod export;
mod keys;
mod layer;
mod pacing;
pub(crate) mod paint;
mod placement;
mod stagehand;
mod trace;
mod x11;

use std::cell::RefCell;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use macroquad::input::utils::{register_input_subscriber, repeat_all_miniquad_input};
use macroquad::miniquad;
use macroquad::prelude::{
    clear_input_queue, get_screen_data, is_quit_requested, next_frame, prevent_quit, screen_height,
    screen_width, set_fullscreen,
};

use crate::command::Key;
use crate::images::ImageCache;
use crate::layout::DrawList;
use crate::screens::{Monitor, ScreenChoice, ScreenError};
use keys::{Input, InputQueue, drop_stale_moves};
use pacing::{FrameCost, POLL_PERIOD, next_frame_at, start_at, wake_for};
use paint::Painter;
pub(crate) use placement::Placement;
use placement::Placer;
pub(crate) use stagehand::Waker;
use stagehand::{Attached, Heard, Stagehand};
use trace::{PaintTrace, Why};

/// The environment variable that sets the window's size, e.g. `1920x1080`: for tests
/// and for the windowed mode.
pub(crate) const SIZE_VARIABLE: &str = "GONG_WINDOW_SIZE";

/// How long a frame may spend rasterising the next slide's glyphs.
const WARM_BUDGET: Duration = Duration::from_millis(4);

#[derive(Debug, thiserror::Error)]
pub enum WindowError {
    #[error("no display: set DISPLAY or run under xvfb-run")]
    NoDisplay,
    #[error("{SIZE_VARIABLE}={value}: expected WIDTHxHEIGHT, such as 1920x1080")]
    BadSize { value: String },
    #[error("the window failed: {0}")]
    Failed(String),
    #[error(
        "the window is {got_width}×{got_height}, not {want_width}×{want_height}: the screen is \
         smaller (under Xvfb: -screen 0 {want_width}x{want_height}x24)"
    )]
    WrongSize {
        got_width: u32,
        got_height: u32,
        want_width: u32,
        want_height: u32,
    },
    #[error("{path}: {reason}", path = .path.display())]
    Write { path: PathBuf, reason: String },
    #[error("the window was closed")]
    Closed,
    #[error(transparent)]
    Screen(#[from] ScreenError),
    #[error("cannot read the screens: {0}")]
    Screens(String),
    #[error("--screen and `screen =` need an X server (DISPLAY); this is Wayland")]
    ScreensNeedX,
}

/// How the window opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowConfig {
    pub title: String,
    /// A window instead of fullscreen (`--windowed`).
    pub windowed: bool,
    /// The window's size in pixels. Fullscreen replaces it once the window manager obeys
    /// (without one, as under bare Xvfb, the window keeps this size).
    pub size: (u32, u32),
    /// The monitors and the one to open on (`place_on_screen`); `None` leaves the window
    /// where the window system puts it.
    pub screen: Option<Placement>,
}

impl WindowConfig {
    /// Fullscreen unless `windowed`; the size from `GONG_WINDOW_SIZE` or 1280×720.
    pub fn new(windowed: bool) -> Result<WindowConfig, WindowError> {
        let size = match std::env::var(SIZE_VARIABLE) {
            Ok(value) => parse_size(&value).ok_or(WindowError::BadSize { value })?,
            Err(_) => (1280, 720),
        };
        Ok(WindowConfig {
            title: "gong".to_string(),
            windowed,
            size,
            screen: None,
        })
    }
}

/// The monitors, as `gong screens` lists and numbers them.
pub(crate) fn screens() -> Result<Vec<Monitor>, WindowError> {
    if backend()? != miniquad::conf::LinuxBackend::X11Only {
        return Err(WindowError::ScreensNeedX);
    }
    placement::monitors().map_err(|error| WindowError::Screens(error.to_string()))
}

/// Where the audience window goes: the monitor `choice` names, or the default one. Read
/// before the window opens, so a screen that is not there is an error first. Without
/// RandR (or on Wayland) and no choice, `None`: the window goes where it always went.
pub(crate) fn place_on_screen(
    choice: Option<&ScreenChoice>,
) -> Result<Option<Placement>, WindowError> {
    if choice.is_none() && backend()? != miniquad::conf::LinuxBackend::X11Only {
        return Ok(None);
    }
    let monitors = match screens() {
        Ok(monitors) => monitors,
        Err(error @ (WindowError::NoDisplay | WindowError::BadSize { .. })) => return Err(error),
        Err(error) if choice.is_some() => return Err(error),
        Err(error) => {
            eprintln!("gong: {error}: the window opens where the window system puts it");
            return Ok(None);
        }
    };
    Ok(Some(Placement::new(monitors, choice)?))
}

/// `1920x1080` (or with `×`) → (1920, 1080).
pub(crate) fn parse_size(text: &str) -> Option<(u32, u32)> {
    let (width, height) = text.trim().split_once(['x', 'X', '×'])?;
    let width: u32 = width.trim().parse().ok()?;
    let height: u32 = height.trim().parse().ok()?;
    let sane = 1..=16_384;
    (sane.contains(&width) && sane.contains(&height)).then_some((width, height))
}

/// The window as the app sees it this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: f32,
    pub height: f32,
    pub fullscreen: bool,
}

/// What the app wants on screen now, and what the window should do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame<'a> {
    /// Painted as it is; the same list may come back frame after frame.
    pub list: &'a DrawList,
    /// What will probably be shown later, most urgent first (the next slide, then the
    /// cards still to come): their glyphs are rasterised a little each frame, at full
    /// frame rate until all are, so that showing them does not stall.
    pub upcoming: Vec<&'a DrawList>,
    /// Something moves (a pulse, a transition): draw at full rate.
    pub animating: bool,
    /// The next moment the picture changes by itself (the clock's next second, a
    /// warning, time-up, a blink): the window paints then, and otherwise only for input
    /// or at its heartbeat. The frame that starts there reads a clock at or past it.
    pub wake_at: Option<Instant>,
    /// Switch between fullscreen and a window, once.
    pub toggle_fullscreen: bool,
    /// Move the window to the next screen, once.
    pub next_screen: bool,
    /// Save this frame as a PNG here; the result comes back in `App::screenshot_saved`.
    pub screenshot: Option<PathBuf>,
}

impl<'a> Frame<'a> {
    /// A frame that shows `list` and asks for nothing else.
    pub fn still(list: &'a DrawList) -> Frame<'a> {
        Frame {
            list,
            upcoming: Vec::new(),
            animating: false,
            wake_at: None,
            toggle_fullscreen: false,
            next_screen: false,
            screenshot: None,
        }
    }
}

/// What the window drives: the show, or anything else that draws.
pub trait App {
    /// The frame to paint now.
    fn frame(&mut self, screen: Viewport, now: Instant) -> Frame<'_>;
    /// A key was pressed (auto-repeat is not reported).
    fn key(&mut self, key: Key, now: Instant);
    /// The left mouse button was pressed.
    fn click(&mut self, now: Instant);
    /// Checked every frame, after input: true closes the window.
    fn wants_quit(&self) -> bool;
    /// The window's close button (or the desktop) closed the window; nothing is asked
    /// after this.
    fn closed(&mut self, _now: Instant) {}
    /// The frame just painted is on the screen (the buffer swap returned); `warm`: every
    /// glyph of its `Frame::upcoming` is rasterised. Told before the next frame is
    /// asked for; `now` is exact for the first frame, frames that answered input and
    /// the first warm one, which the window follows at once to see their swap end.
    fn shown(&mut self, _now: Instant, _warm: bool) {}
    /// The picture of the frame asked for at `started` was composed `at` (the window's
    /// reading as `frame` returned); told once that frame is painted, before its swap.
    fn composed(&mut self, _started: Instant, _at: Instant) {}
    /// The outcome of a `Frame::screenshot` request.
    fn screenshot_saved(&mut self, _path: &Path, _result: Result<(), WindowError>) {}
    /// Once, before the first frame: what a thread of the app's calls to have a frame
    /// painted when it has changed something (a remote command). Input and the moments
    /// of `Frame::wake_at` need none.
    fn waker(&mut self, _waker: Waker) {}
}

/// Opens the window and runs `app` until it wants to quit or the window is closed; gives
/// the app back. One window per process: the windowing library keeps global state.
pub fn present<A: App + 'static>(
    config: WindowConfig,
    app: A,
    images: Option<ImageCache>,
) -> Result<A, WindowError> {
    let hand = if backend()? == miniquad::conf::LinuxBackend::X11Only {
        match Stagehand::start() {
            Ok(hand) => Some(hand),
            Err(error) => {
                eprintln!("gong: {error}: the window polls for input");
                None
            }
        }
    } else {
        None
    };
    let placement = config.screen.clone().map(|screen| (screen, config.size));
    open(
        &config,
        Pacing::OnDemand,
        run(app, images, hand, config.windowed, placement),
    )
}

/// What the last frame left for the one after it.
struct Painted {
    start: Instant,
    /// Key presses and clicks it answered.
    inputs: usize,
    /// The next frame was asked for at once (`schedule_update`), so it starts when this
    /// one's picture is on screen.
    at_once: bool,
    /// When the next frame was due, and when the loop was to be woken for it.
    planned: Instant,
    woken: Instant,
    warm: bool,
    /// The app's own next moment (`Frame::wake_at`).
    deadline: Option<Instant>,
    why: Why,
}

async fn run<A: App>(
    mut app: A,
    images: Option<ImageCache>,
    hand: Option<Stagehand>,
    windowed: bool,
    placement: Option<(Placement, (u32, u32))>,
) -> A {
    // The close button becomes an event the loop sees, so the app hears about it.
    prevent_quit();
    let mut painter = Painter::new();
    let subscriber = register_input_subscriber();
    let mut queue = InputQueue::default();
    let mut trace = PaintTrace::from_env(Instant::now());
    let mut fullscreen = !windowed;
    let mut fit = (0, 0);
    let mut cost = FrameCost::default();
    if let Some(hand) = &hand {
        hand.attach(x11::current_drawable());
        if let Some(images) = &images {
            let waker = hand.waker();
            images.on_done(move || waker.wake());
        }
        app.waker(hand.waker());
    } else {
        app.waker(Waker::none());
    }
    let mut placer = placement.and_then(|(placement, size)| {
        match Placer::attach(placement, size, stagehand::CLASS, x11::current_drawable()) {
            Ok(found) => found,
            Err(error) => {
                eprintln!("gong: {error}: the window stays where it opened");
                None
            }
        }
    });
    if let Some(placer) = placer.as_mut() {
        placer.place(fullscreen);
    }
    let mut fell_back = false;
    // Whether any frame so far had every upcoming glyph warm.
    let mut ever_warm = false;
    let mut last: Option<Painted> = None;
    // How long the last frame took to show its answer, when it answered input.
    let mut took = Duration::ZERO;
    loop {
        let resumed = Instant::now();
        let attached = hand.as_ref().map_or(Attached::No, Stagehand::attached);
        if attached == Attached::No && !fell_back {
            fell_back = true;
            if hand.is_some() {
                eprintln!("gong: the window was not found on the X server: it polls for input");
            }
        }
        let polling = attached != Attached::Yes;
        let mut why = Why::First;
        let mut answering = false;
        let mut due = resumed;
        let mut deadline = None;
        // The last frame, and when its picture was on screen if known: told once this
        // frame's clock is read (writing a trace must not delay a deadline's frame).
        let mut finished = None;
        if let Some(last) = last.take() {
            let shown = last.at_once.then_some(resumed);
            if let Some(shown) = shown {
                // The whole frame, buffer swap included: on a software renderer
                // (llvmpipe) the swap is where the drawing happens, and on a busy
                // machine it can take tens to hundreds of milliseconds at 1920×1080.
                took = shown.saturating_duration_since(last.start);
                // The first frame also sets up GL and the window: no measure of the rest.
                if last.why != Why::First {
                    cost.record(took);
                }
            }
            answering = last.inputs > 0;
            why = match (polling, last.at_once, resumed >= last.woken) {
                (true, _, _) => Why::Poll,
                (false, true, _) => Why::Now,
                (false, false, true) if !last.warm => Why::Warming,
                (false, false, true) => Why::Due,
                (false, false, false) => Why::Event,
            };
            due = last.planned;
            deadline = last.deadline;
            finished = Some((last, shown));
        }
        repeat_all_miniquad_input(&mut queue, subscriber);
        // Everything this frame answers was read before it started.
        if let Some(hand) = &hand {
            hand.started(Heard {
                presses: queue.presses_read,
                wakes: queue.wakes_read,
            });
        }
        // The library's own queues fill up unless someone reads them; this loop doesn't.
        clear_input_queue();
        drop_stale_moves(&mut queue.events, answering, took);
        if queue.events.is_empty() {
            if polling {
                // Sleeping here, after the events were collected, means a press that
                // arrives during the sleep is answered in the very next frame.
                sleep_until(due.min(resumed + POLL_PERIOD));
            }
            // A frame no key asked for waits for a deadline it would straddle. (Spinning
            // through its last millisecond, against a sleep's overrun, measured no better
            // under load: `scripts/bench-timeup.sh`.)
            sleep_until(start_at(Instant::now(), deadline, cost.estimate()));
        }
        let now = Instant::now();
        if let Some((last, shown)) = finished {
            app.shown(resumed, last.warm);
            if let Some(trace) = trace.as_mut() {
                trace.painted(last.start, shown, last.inputs, last.why);
            }
        }
        let inputs = queue.events.len();
        for input in queue.events.drain(..) {
            match input {
                Input::Key(key) => app.key(key, now),
                Input::Click => app.click(now),
            }
        }
        if is_quit_requested() {
            app.closed(now);
            break;
        }
        if app.wants_quit() {
            break;
        }

        let screen = Viewport {
            width: screen_width(),
            height: screen_height(),
            fullscreen,
        };
        if let Some(images) = &images {
            let size = (screen.width as u32, screen.height as u32);
            if size != fit {
                fit = size;
                images.set_fit((size.0.max(1920), size.1.max(1080)));
            }
        }
        let frame = app.frame(screen, now);
        let composed = Instant::now();
        // Warming adds glyphs to the font atlas, which may grow it: that must happen
        // before this frame queues any text, or the queued glyphs point into the old atlas.
        // A frame that answers input leaves it to the frame that follows it at once: the
        // press is seen a few milliseconds sooner.
        let warm_until = Instant::now() + WARM_BUDGET;
        let mut warm = frame.upcoming.is_empty() || inputs == 0;
        for upcoming in frame.upcoming.iter().filter(|_| inputs == 0) {
            let left = warm_until.saturating_duration_since(Instant::now());
            warm = !left.is_zero() && painter.warm(upcoming, left);
            if !warm {
                break;
            }
        }
        painter.paint(frame.list, images.as_ref());
        let (animating, wake_at) = (frame.animating, frame.wake_at);
        let toggle = frame.toggle_fullscreen;
        let next_screen = frame.next_screen;
        let screenshot = frame.screenshot.clone();
        app.composed(now, composed);
        if let Some(path) = screenshot {
            let result = save_screen(&path);
            app.screenshot_saved(&path, result);
        }
        if toggle {
            fullscreen = !fullscreen;
            match placer.as_mut() {
                Some(placer) => placer.place(fullscreen),
                None => set_fullscreen(fullscreen),
            }
        }
        if next_screen && let Some(placer) = placer.as_mut() {
            placer.next_screen(fullscreen);
        }

        // The first frame, one that answered input and the first warm one are followed
        // at once: the next frame's start is when their picture reached the screen, the
        // moment the stale-press rule and the start-up figures need.
        let at_once = why == Why::First || inputs > 0 || (warm && !ever_warm);
        ever_warm |= warm;
        let planned = if at_once {
            now
        } else {
            next_frame_at(now, animating || !warm, wake_at)
        };
        let woken = wake_for(planned, wake_at);
        match (&hand, polling) {
            (Some(hand), false) if woken > Instant::now() => hand.wake_at(woken),
            // Polling: the next frame comes at once and sleeps at its top.
            _ => miniquad::window::schedule_update(),
        }
        last = Some(Painted {
            start: now,
            inputs,
            at_once: at_once || polling,
            planned,
            woken,
            warm,
            deadline: wake_at,
            why,
        });
        next_frame().await;
    }
    app
}

fn sleep_until(at: Instant) {
    let now = Instant::now();
    if at > now {
        std::thread::sleep(at - now);
    }
}

/// Saves what has been drawn this frame (before it is shown) as an opaque RGB PNG.
fn save_screen(path: &Path) -> Result<(), WindowError> {
    let shot = get_screen_data();
    let (width, height) = (u32::from(shot.width), u32::from(shot.height));
    let rgb = top_down_rgb(&shot.bytes, width as usize, height as usize);
    image::save_buffer(path, &rgb, width, height, image::ColorType::Rgb8).map_err(|error| {
        WindowError::Write {
            path: path.to_path_buf(),
            reason: error.to_string(),
        }
    })
}

/// OpenGL reads the screen bottom row first; PNG wants the top row first. Alpha is
/// dropped: antialiased edges leave it below 255, which would show through in a viewer.
fn top_down_rgb(bottom_up_rgba: &[u8], width: usize, height: usize) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(width * height * 3);
    for row in bottom_up_rgba.chunks_exact(width * 4).take(height).rev() {
        for pixel in row.chunks_exact(4) {
            rgb.extend_from_slice(&pixel[..3]);
        }
    }
    rgb
}

/// Whether a window can be opened here at all: callers check before anything else is
/// set up, so "no display" is the first and only thing a user reads.
pub(crate) fn check_display() -> Result<(), WindowError> {
    backend().map(|_| ())
}

/// Which windowing backend can work here, or a clear error instead of the library's
/// panic when there is no display at all.
fn backend() -> Result<miniquad::conf::LinuxBackend, WindowError> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    if set("DISPLAY") {
        Ok(miniquad::conf::LinuxBackend::X11Only)
    } else if set("WAYLAND_DISPLAY") {
        Ok(miniquad::conf::LinuxBackend::WaylandOnly)
    } else if cfg!(target_os = "linux") {
        Err(WindowError::NoDisplay)
    } else {
        Ok(miniquad::conf::LinuxBackend::default())
    }
}

/// How the window loop runs its frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pacing {
    /// Frames when asked for: the loop sleeps on the window system's events in between.
    OnDemand,
    /// Frame after frame, as fast as the body awaits them (export, measuring).
    BackToBack,
}

/// Opens the window, runs `body` in it and returns its output once the window closes.
fn open<T: 'static>(
    config: &WindowConfig,
    pacing: Pacing,
    body: impl Future<Output = T> + 'static,
) -> Result<T, WindowError> {
    let linux_backend = backend()?;
    let blocking = pacing == Pacing::OnDemand;
    let miniquad_conf = miniquad::conf::Conf {
        window_title: config.title.clone(),
        window_width: i32::try_from(config.size.0).unwrap_or(1280),
        window_height: i32::try_from(config.size.1).unwrap_or(720),
        fullscreen: !config.windowed,
        high_dpi: false,
        window_resizable: true,
        platform: miniquad::conf::Platform {
            linux_backend,
            blocking_event_loop: blocking,
            linux_wm_class: stagehand::CLASS,
            ..Default::default()
        },
        ..Default::default()
    };
    let conf = macroquad::conf::Conf {
        miniquad_conf,
        // What ends the sleep between frames: a key or a click, and the enter event
        // the stagehand sends (a release or a pointer entering paints one frame more).
        update_on: Some(macroquad::conf::UpdateTrigger {
            key_down: true,
            mouse_down: true,
            mouse_up: true,
            ..Default::default()
        }),
        ..Default::default()
    };
    let output: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&output);
    // The library panics when it cannot get a window or a GL context; that is an error
    // to report, not a crash.
    let started = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        macroquad::Window::from_config(conf, async move {
            let value = body.await;
            *slot.borrow_mut() = Some(value);
        });
    }));
    if let Err(panic) = started {
        let message = panic
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the windowing library stopped".to_string());
        return Err(WindowError::Failed(message));
    }
    output.take().ok_or(WindowError::Closed)
}

/// When one measured frame began (painting) and ended (its buffer swap returned),
/// counted from the `since` given to `measure_frames`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameSpan {
    pub start: Duration,
    pub end: Duration,
}

impl FrameSpan {
    /// What the frame itself cost: painting and the swap.
    pub fn cost(&self) -> Duration {
        self.end.saturating_sub(self.start)
    }
}

/// Paints `list` for `frames` frames, for measuring the painter: back to back as fast
/// as the window allows, or one every `pace` (as the show paces them: 60 a second while
/// anything moves). With `since` taken as the program starts, the first frame's end is
/// the time to first frame. With `images`, the list's pictures are drawn from it
/// (decoded beforehand: a picture still loading is not drawn).
pub fn measure_frames(
    config: WindowConfig,
    list: DrawList,
    frames: usize,
    since: Instant,
    images: Option<ImageCache>,
    pace: Option<Duration>,
) -> Result<Vec<FrameSpan>, WindowError> {
    open(&config, Pacing::BackToBack, async move {
        let mut painter = Painter::new();
        let mut spans = Vec::with_capacity(frames);
        let mut due = Instant::now();
        for _ in 0..frames {
            if let Some(pace) = pace {
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
                due = Instant::now().max(due) + pace;
            }
            let start = since.elapsed();
            painter.paint(&list, images.as_ref());
            next_frame().await;
            spans.push(FrameSpan {
                start,
                end: since.elapsed(),
            });
        }
        spans
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("1920x1080"), Some((1920, 1080)));
        assert_eq!(parse_size(" 800 × 600 "), Some((800, 600)));
        assert_eq!(parse_size("1920"), None);
        assert_eq!(parse_size("0x10"), None);
        assert_eq!(parse_size("axb"), None);
    }

    #[test]
    fn screen_rows_are_flipped_and_alpha_dropped() {
        // Two rows of one pixel: bottom red, top green (as OpenGL reads them).
        let bottom_up = [255, 0, 0, 10, 0, 255, 0, 255];
        assert_eq!(top_down_rgb(&bottom_up, 1, 2), vec![0, 255, 0, 255, 0, 0]);
    }
}
