//! Putting the audience window on its screen, on the X server: the monitors read once
//! before the window opens (`Placement`, so a screen that is not there is said before
//! anything else happens), and the window loop's `Placer`, which fills the chosen monitor
//! when fullscreen and moves the window to the next one for the move key. Which monitor
//! is the rule of `crate::screens`; how to get there depends on who manages the window:
//!
//! - no window manager (a kiosk): the window is moved and sized to the monitor itself,
//!   and takes the keyboard (focus would otherwise follow the pointer, which may sit on
//!   another screen);
//! - a window manager that can put a fullscreen window on a given monitor (EWMH's
//!   `_NET_WM_FULLSCREEN_MONITORS`), or a single screen: it is asked (`_NET_WM_STATE`);
//! - a window manager that cannot (it would fill the whole X screen, every monitor at
//!   once): the window is taken from it (override-redirect), placed and focused as in a
//!   kiosk, and given back when it leaves fullscreen.

use std::time::{Duration, Instant};

use super::x11::{Connection, WindowManager, X11Error, Xid};
use crate::screens::{Monitor, ScreenChoice, ScreenError, choose, in_order, next_after};

/// How long the window manager gets to take the new window in, or to let it go: a
/// window manager answers in milliseconds; one that never does must not stop the show.
const MANAGER_ANSWERS_WITHIN: Duration = Duration::from_millis(1000);

/// The monitors and the one the window opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub monitors: Vec<Monitor>,
    pub chosen: usize,
}

impl Placement {
    /// `monitors` (in `screens::in_order`) and the monitor `choice` (or the default rule)
    /// picks.
    pub fn new(
        monitors: Vec<Monitor>,
        choice: Option<&ScreenChoice>,
    ) -> Result<Placement, ScreenError> {
        let chosen = choose(&monitors, choice)?;
        Ok(Placement { monitors, chosen })
    }
}

/// The monitors of the X server named by DISPLAY, in `screens::in_order`.
pub(crate) fn monitors() -> Result<Vec<Monitor>, X11Error> {
    Ok(in_order(Connection::open()?.monitors()?))
}

/// The window loop's hold on its window's place.
pub(crate) struct Placer {
    x: Connection,
    window: Xid,
    monitors: Vec<Monitor>,
    current: usize,
    /// The window's size when not fullscreen.
    windowed: (u32, u32),
    manager: Option<WindowManager>,
    /// The window is override-redirect now: taken from the window manager.
    taken: bool,
    root: (u32, u32),
}

impl Placer {
    /// Finds the window the calling thread's GL context draws to (`drawable`) on a
    /// connection of its own; `None` when it is not found.
    pub(crate) fn attach(
        placement: Placement,
        windowed: (u32, u32),
        class: &str,
        drawable: Xid,
    ) -> Result<Option<Placer>, X11Error> {
        let x = Connection::open()?;
        let Some(window) = x.find_window(class, drawable) else {
            return Ok(None);
        };
        let manager = x.window_manager();
        if manager.is_some() {
            // Requests about a window its manager has not taken in yet are lost.
            wait_for(|| x.managed(window));
        }
        let root = x.root_size();
        Ok(Some(Placer {
            x,
            window,
            monitors: placement.monitors,
            current: placement.chosen,
            windowed,
            manager,
            taken: false,
            root,
        }))
    }

    /// Puts the window on the current monitor, filling it when `fullscreen`.
    pub(crate) fn place(&mut self, fullscreen: bool) {
        let Some(monitor) = self.monitors.get(self.current).cloned() else {
            return;
        };
        match how(self.manager, &monitor, self.root, fullscreen) {
            How::Windowed => self.windowed_on(&monitor),
            How::Fill => self.fill(&monitor),
            How::Ask { on_monitor } => {
                if self.taken {
                    self.give_back(&monitor);
                }
                // Onto the monitor first: a window manager fills the monitor the window
                // is on when it cannot be told which.
                self.x.move_to(self.window, monitor.x, monitor.y);
                if on_monitor {
                    self.x.ask_fullscreen_on(self.window, monitor.index);
                }
                self.x.ask_fullscreen(self.window, true);
                self.x.sync();
            }
            How::Take => {
                if !self.taken {
                    self.take();
                }
                self.fill(&monitor);
            }
        }
    }

    /// The move key: the next screen, kept fullscreen or windowed as it was. The
    /// monitors are read again first: the projector may have been plugged in since.
    pub(crate) fn next_screen(&mut self, fullscreen: bool) {
        if let Ok(monitors) = self.x.monitors().map(in_order)
            && !monitors.is_empty()
        {
            let here = self.monitors.get(self.current);
            self.current = here
                .and_then(|here| monitors.iter().position(|monitor| monitor == here))
                .or_else(|| here.and_then(|here| monitors.iter().position(|m| m.name == here.name)))
                .unwrap_or(0);
            self.monitors = monitors;
            self.root = self.x.root_size();
        }
        self.current = next_after(&self.monitors, self.current);
        self.place(fullscreen);
    }

    fn fill(&self, monitor: &Monitor) {
        self.x.move_resize(
            self.window,
            monitor.x,
            monitor.y,
            monitor.width,
            monitor.height,
        );
        self.x.map_raised(self.window);
        // The window must be on screen before it can take the keyboard.
        self.x.sync();
        self.x.focus(self.window);
        self.x.sync();
    }

    fn windowed_on(&mut self, monitor: &Monitor) {
        if self.taken {
            self.give_back(monitor);
        } else if self.manager.is_some() {
            self.x.ask_fullscreen(self.window, false);
        }
        let (width, height) = self.windowed;
        self.x
            .move_resize(self.window, monitor.x, monitor.y, width, height);
        self.x.sync();
    }

    /// Takes the window from its manager: withdrawn, and mapped again override-redirect.
    fn take(&mut self) {
        self.x.ask_fullscreen(self.window, false);
        self.x.withdraw(self.window);
        self.x.sync();
        wait_for(|| !self.x.managed(self.window) && self.x.on_root(self.window));
        self.x.set_override_redirect(self.window, true);
        self.taken = true;
    }

    /// Gives the window back to its manager, on `monitor` at its windowed size.
    fn give_back(&mut self, monitor: &Monitor) {
        self.x.withdraw(self.window);
        self.x.sync();
        self.x.set_override_redirect(self.window, false);
        let (width, height) = self.windowed;
        self.x
            .move_resize(self.window, monitor.x, monitor.y, width, height);
        self.x.map_raised(self.window);
        self.x.sync();
        wait_for(|| self.x.managed(self.window));
        self.taken = false;
    }
}

/// How the window gets onto its monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// A window of its own size at the monitor's corner.
    Windowed,
    /// Moved and sized to the monitor by gong itself (no window manager, or taken).
    Fill,
    /// The window manager asked for fullscreen, `on_monitor` naming the monitor.
    Ask { on_monitor: bool },
    /// Taken from a window manager that would fill every monitor, then filled.
    Take,
}

/// The rule of the module header: who manages the window decides how it gets there.
fn how(
    manager: Option<WindowManager>,
    monitor: &Monitor,
    root: (u32, u32),
    fullscreen: bool,
) -> How {
    let whole_screen = monitor.x == 0 && monitor.y == 0 && (monitor.width, monitor.height) == root;
    match manager {
        _ if !fullscreen => How::Windowed,
        None => How::Fill,
        Some(manager) if manager.fullscreen_monitors => How::Ask { on_monitor: true },
        Some(_) if whole_screen => How::Ask { on_monitor: false },
        Some(_) => How::Take,
    }
}

/// Until `done`, asking every few milliseconds, for `MANAGER_ANSWERS_WITHIN` at most.
fn wait_for(mut done: impl FnMut() -> bool) {
    let until = Instant::now() + MANAGER_ANSWERS_WITHIN;
    while !done() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const RIGHT: (i32, i32, u32, u32) = (1920, 0, 1920, 1080);
    const ALONE: (i32, i32, u32, u32) = (0, 0, 3840, 1080);

    #[rstest]
    #[case::windowed(Some(false), RIGHT, false, How::Windowed)]
    #[case::windowed_kiosk(None, RIGHT, false, How::Windowed)]
    #[case::kiosk(None, RIGHT, true, How::Fill)]
    #[case::kiosk_one_screen(None, ALONE, true, How::Fill)]
    #[case::manager_told_the_monitor(Some(true), RIGHT, true, How::Ask { on_monitor: true })]
    #[case::manager_one_screen(Some(false), ALONE, true, How::Ask { on_monitor: false })]
    #[case::manager_that_would_fill_both(Some(false), RIGHT, true, How::Take)]
    fn who_manages_the_window_decides_how_it_gets_there(
        #[case] manager: Option<bool>,
        #[case] rect: (i32, i32, u32, u32),
        #[case] fullscreen: bool,
        #[case] expected: How,
    ) {
        let manager = manager.map(|fullscreen_monitors| WindowManager {
            fullscreen_monitors,
        });
        let monitor = Monitor {
            name: "HDMI-1".to_string(),
            x: rect.0,
            y: rect.1,
            width: rect.2,
            height: rect.3,
            primary: false,
            index: 1,
        };
        assert_eq!(how(manager, &monitor, (3840, 1080), fullscreen), expected);
    }
}
