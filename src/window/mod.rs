//! The stage: the one module that talks to the screen (the only importer of macroquad).
//! It opens the window, asks an `App` for a frame, paints the frame's `DrawList`, turns
//! key presses and clicks into `crate::command::Key` and calls, and paces frames. It
//! decides nothing about slides, clocks or talks: that is the `App`'s (the show's) job.
//!
//! Time: the loop reads the clock once a frame and passes `now` to the app; nothing else
//! in the program needs to.

pub mod export;
mod keys;
mod layer;
pub mod paint;

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
use keys::{Input, InputQueue, drop_stale_moves};
use paint::Painter;

/// The environment variable that sets the window's size, e.g. `1920x1080`: for tests
/// and for screens where fullscreen is not honoured (no window manager).
pub const SIZE_VARIABLE: &str = "GONG_WINDOW_SIZE";

/// Frame pacing. While something moves, ~60 frames a second; otherwise ~10, which keeps
/// an idle show at a few percent of one core (Xvfb and llvmpipe have no vsync to wait on).
const ANIMATING_PERIOD: Duration = Duration::from_micros(16_667);
const IDLE_PERIOD: Duration = Duration::from_millis(100);
/// After a key press, stay at full rate a moment: presses come in bursts (digits then
/// Enter, `N` twice) and each should show at once.
const LIVELY_AFTER_INPUT: Duration = Duration::from_millis(400);
/// How long a frame may spend rasterising the next slide's glyphs.
const WARM_BUDGET: Duration = Duration::from_millis(4);
/// How many recent frames the cost estimate looks back over: enough to catch the slow
/// frames of a loaded machine, few enough to forget a one-off (the first frame, a new
/// slide's glyphs).
const COST_WINDOW: usize = 16;
/// Slack on top of the estimate for the jitter of a busy machine.
const COST_MARGIN: Duration = Duration::from_millis(2);

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
        })
    }
}

/// `1920x1080` (or with `×`) → (1920, 1080).
pub fn parse_size(text: &str) -> Option<(u32, u32)> {
    let (width, height) = text.trim().split_once(['x', 'X', '×'])?;
    let width: u32 = width.trim().parse().ok()?;
    let height: u32 = height.trim().parse().ok()?;
    let sane = 1..=16_384;
    (sane.contains(&width) && sane.contains(&height)).then_some((width, height))
}

/// The window as the app sees it this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Screen {
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
    /// The next moment the picture changes by itself (the clock's next second): the
    /// window wakes for it even while idle.
    pub wake_at: Option<Instant>,
    /// Switch between fullscreen and a window, once.
    pub toggle_fullscreen: bool,
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
            screenshot: None,
        }
    }
}

/// What the window drives: the show, or anything else that draws.
pub trait App {
    /// The frame to paint now.
    fn frame(&mut self, screen: Screen, now: Instant) -> Frame<'_>;
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
    /// glyph of its `Frame::upcoming` is rasterised.
    fn shown(&mut self, _now: Instant, _warm: bool) {}
    /// The outcome of a `Frame::screenshot` request.
    fn screenshot_saved(&mut self, _path: &Path, _result: Result<(), WindowError>) {}
}

/// Opens the window and runs `app` until it wants to quit or the window is closed; gives
/// the app back. One window per process: the windowing library keeps global state.
pub fn present<A: App + 'static>(
    config: WindowConfig,
    app: A,
    images: Option<ImageCache>,
) -> Result<A, WindowError> {
    open(&config, run(app, images, config.windowed))
}

async fn run<A: App>(mut app: A, images: Option<ImageCache>, windowed: bool) -> A {
    // The close button becomes an event the loop sees, so the app hears about it.
    prevent_quit();
    let mut painter = Painter::new();
    let subscriber = register_input_subscriber();
    let mut queue = InputQueue::default();
    let mut fullscreen = !windowed;
    let mut fit = (0, 0);
    let mut due = Instant::now();
    let mut lively_until = Instant::now();
    let mut cost = FrameCost::default();
    // Whether the last frame handled input, and how long it took to show its answer.
    let (mut answering, mut took) = (false, Duration::ZERO);
    loop {
        repeat_all_miniquad_input(&mut queue, subscriber);
        // The library's own queues fill up unless someone reads them; this loop doesn't.
        clear_input_queue();
        drop_stale_moves(&mut queue.events, answering, took);
        answering = !queue.events.is_empty();
        if queue.events.is_empty() {
            // Sleeping here, after the events were collected, means a press that arrives
            // during the sleep is answered in the very next frame.
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        let now = Instant::now();
        if !queue.events.is_empty() {
            lively_until = now + LIVELY_AFTER_INPUT;
        }
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

        let screen = Screen {
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
        // Warming adds glyphs to the font atlas, which may grow it: that must happen
        // before this frame queues any text, or the queued glyphs point into the old atlas.
        let warm_until = Instant::now() + WARM_BUDGET;
        let mut warm = true;
        for upcoming in &frame.upcoming {
            let left = warm_until.saturating_duration_since(Instant::now());
            warm = !left.is_zero() && painter.warm(upcoming, left);
            if !warm {
                break;
            }
        }
        painter.paint(frame.list, images.as_ref());
        let animating = frame.animating;
        let wake_at = frame.wake_at;
        let toggle = frame.toggle_fullscreen;
        let screenshot = frame.screenshot.clone();
        if let Some(path) = screenshot {
            let result = save_screen(&path);
            app.screenshot_saved(&path, result);
        }
        if toggle {
            fullscreen = !fullscreen;
            set_fullscreen(fullscreen);
        }

        let period = if animating || now < lively_until || !warm {
            ANIMATING_PERIOD
        } else {
            IDLE_PERIOD
        };
        due = next_due(now, period, wake_at, cost.estimate());
        next_frame().await;
        app.shown(Instant::now(), warm);
        // The whole frame, buffer swap included: on a software renderer (llvmpipe) the
        // swap is where the drawing happens, and on a busy machine it can take tens to
        // hundreds of milliseconds at 1920×1080.
        took = now.elapsed();
        cost.record(took);
    }
    app
}

/// When the next frame starts: one `period` after this one, or at the moment the picture
/// changes by itself (`wake_at`: the clock's next second, a warning, time-up) if that
/// comes first — or comes so soon after the next frame would start that the next frame
/// would still be running at the deadline. Such a frame would make the deadline wait for
/// the frame after it, late by up to a whole frame; skipping it and starting right at the
/// deadline keeps time-up within sleep jitter of 0:00. Skipping costs little that shows:
/// between seconds the picture is still, and while the last seconds pulse, one frame a
/// second is held back by at most a frame's time.
///
/// Frames slower than the period (a loaded machine, a software renderer) run back to
/// back, so the next frame starts when this one ends, not a period after it starts.
fn next_due(now: Instant, period: Duration, wake_at: Option<Instant>, cost: Duration) -> Instant {
    let due = now + period;
    let next_start = now + period.max(cost);
    match wake_at {
        Some(wake_at) if wake_at <= next_start + cost => wake_at,
        _ => due,
    }
}

/// How long frames take here and now: the slowest of the last few, plus a margin. A
/// pessimistic guess only moves a frame onto the deadline; an optimistic one makes the
/// deadline late.
#[derive(Debug, Default)]
struct FrameCost {
    recent: [Duration; COST_WINDOW],
    next: usize,
}

impl FrameCost {
    fn record(&mut self, cost: Duration) {
        self.recent[self.next] = cost;
        self.next = (self.next + 1) % COST_WINDOW;
    }

    fn estimate(&self) -> Duration {
        self.recent.iter().max().copied().unwrap_or_default() + COST_MARGIN
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
pub fn check_display() -> Result<(), WindowError> {
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

/// Opens the window, runs `body` in it and returns its output once the window closes.
fn open<T: 'static>(
    config: &WindowConfig,
    body: impl Future<Output = T> + 'static,
) -> Result<T, WindowError> {
    let linux_backend = backend()?;
    let conf = miniquad::conf::Conf {
        window_title: config.title.clone(),
        window_width: i32::try_from(config.size.0).unwrap_or(1280),
        window_height: i32::try_from(config.size.1).unwrap_or(720),
        fullscreen: !config.windowed,
        high_dpi: false,
        window_resizable: true,
        platform: miniquad::conf::Platform {
            linux_backend,
            ..Default::default()
        },
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
    open(&config, async move {
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
    fn a_frame_that_would_straddle_a_deadline_waits_for_it() {
        let now = Instant::now();
        let period = Duration::from_millis(100);
        let cost = Duration::from_millis(30);
        let at = |ms| now + Duration::from_millis(ms);
        // Nothing due: the period.
        assert_eq!(next_due(now, period, None, cost), at(100));
        // A deadline before the period: the deadline.
        assert_eq!(next_due(now, period, Some(at(40)), cost), at(40));
        // A frame at 100 would still be running at 120: start at 120 instead.
        assert_eq!(next_due(now, period, Some(at(120)), cost), at(120));
        // At 100 the frame is done by 130, before a deadline at 140.
        assert_eq!(next_due(now, period, Some(at(140)), cost), at(100));
        // A deadline already passed: at once.
        assert_eq!(next_due(at(50), period, Some(at(40)), cost), at(40));
        // Frames slower than the period: the next starts when this one ends, at 40, and
        // would run past a deadline at 70.
        let fast = Duration::from_millis(16);
        let slow = Duration::from_millis(40);
        assert_eq!(next_due(now, fast, Some(at(70)), slow), at(70));
        assert_eq!(next_due(now, fast, Some(at(90)), slow), at(16));
    }

    #[test]
    fn the_cost_estimate_is_the_slowest_recent_frame() {
        let mut cost = FrameCost::default();
        assert_eq!(cost.estimate(), COST_MARGIN);
        cost.record(Duration::from_millis(50));
        for _ in 0..COST_WINDOW - 1 {
            cost.record(Duration::from_millis(10));
        }
        assert_eq!(cost.estimate(), Duration::from_millis(50) + COST_MARGIN);
        // Forgotten once it leaves the window.
        cost.record(Duration::from_millis(10));
        assert_eq!(cost.estimate(), Duration::from_millis(10) + COST_MARGIN);
    }

    #[test]
    fn screen_rows_are_flipped_and_alpha_dropped() {
        // Two rows of one pixel: bottom red, top green (as OpenGL reads them).
        let bottom_up = [255, 0, 0, 10, 0, 255, 0, 255];
        assert_eq!(top_down_rgb(&bottom_up, 1, 2), vec![0, 255, 0, 255, 0, 0]);
    }
}
