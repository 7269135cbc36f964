//! The X server through a connection of gong's own, beside the windowing library's:
//! finding the window, watching its key presses and the event that wakes the window
//! loop, reading the monitors (RandR) and putting the window on one. libX11, libX11-xcb,
//! libxcb, libXrandr and libGL are loaded at run time with `libloading`
//! (the runtime packages every X desktop has, never a `-dev` one), as the windowing
//! library loads its own; the build links none of them.
//!
//! All of it is `unsafe` FFI, kept here: callers get safe methods on `Connection`. It
//! decides nothing about when the loop wakes (`stagehand`).

use std::ffi::{CString, c_char, c_int, c_long, c_uchar, c_uint, c_ulong, c_void};
use std::sync::{Mutex, OnceLock};

use crate::screens::Monitor;

type Display = c_void;
/// A window (or any other resource) on the server.
pub(crate) type Xid = c_ulong;
type Atom = c_ulong;
type Bool = c_int;

const FALSE: Bool = 0;
const TRUE: Bool = 1;
/// `AnyPropertyType`.
const ANY_TYPE: Atom = 0;
const KEY_PRESS: c_int = 2;
const KEY_PRESS_MASK: c_long = 1;
const ENTER_NOTIFY: c_int = 7;
/// Where the stagehand's wake says the pointer entered: a real EnterNotify is inside
/// the window, never left of and above it.
pub(crate) const WAKE_MARK: c_int = -7_919;
const CLIENT_MESSAGE: c_int = 33;
/// `SubstructureNotifyMask | SubstructureRedirectMask`: how EWMH requests reach the window
/// manager.
const TO_WINDOW_MANAGER: c_long = (1 << 19) | (1 << 20);
/// `CWOverrideRedirect`.
const OVERRIDE_REDIRECT: c_ulong = 1 << 9;
/// `RevertToParent`.
const REVERT_TO_PARENT: c_int = 2;
/// `_NET_WM_STATE_REMOVE` and `_NET_WM_STATE_ADD`.
const STATE_REMOVE: c_long = 0;
const STATE_ADD: c_long = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum X11Error {
    #[error("cannot load {library} ({reason})")]
    Library {
        library: &'static str,
        reason: String,
    },
    #[error("{library} has no `{symbol}` ({reason})")]
    Symbol {
        library: &'static str,
        symbol: &'static str,
        reason: String,
    },
    #[error("cannot connect to the X server (DISPLAY={display})")]
    Connect { display: String },
    #[error("the X server has no RandR 1.5 (it reports no monitors)")]
    NoRandr,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct CrossingEvent {
    kind: c_int,
    serial: c_ulong,
    send_event: Bool,
    display: *mut Display,
    window: Xid,
    root: Xid,
    subwindow: Xid,
    time: c_ulong,
    x: c_int,
    y: c_int,
    x_root: c_int,
    y_root: c_int,
    mode: c_int,
    detail: c_int,
    same_screen: Bool,
    focus: Bool,
    state: c_uint,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct ClientMessageEvent {
    kind: c_int,
    serial: c_ulong,
    send_event: Bool,
    display: *mut Display,
    window: Xid,
    message_type: Atom,
    format: c_int,
    data: [c_long; 5],
}

/// Xlib's `XEvent`: a union padded to 24 longs.
#[repr(C)]
union Event {
    kind: c_int,
    crossing: CrossingEvent,
    client: ClientMessageEvent,
    pad: [c_long; 24],
}

/// Xlib's `XSetWindowAttributes`; only `override_redirect` is ever set.
#[repr(C)]
#[derive(Default)]
struct WindowAttributes {
    background_pixmap: Xid,
    background_pixel: c_ulong,
    border_pixmap: Xid,
    border_pixel: c_ulong,
    bit_gravity: c_int,
    win_gravity: c_int,
    backing_store: c_int,
    backing_planes: c_ulong,
    backing_pixel: c_ulong,
    save_under: Bool,
    event_mask: c_long,
    do_not_propagate_mask: c_long,
    override_redirect: Bool,
    colormap: Xid,
    cursor: Xid,
}

/// libXrandr's `XRRMonitorInfo`.
#[repr(C)]
struct MonitorInfo {
    name: Atom,
    primary: Bool,
    automatic: Bool,
    noutput: c_int,
    x: c_int,
    y: c_int,
    width: c_int,
    height: c_int,
    mwidth: c_int,
    mheight: c_int,
    outputs: *mut Xid,
}

/// The start of xcb's `xcb_setup_t`, the server's connection reply (fixed by the X
/// protocol): the range of resource ids the client was given.
#[repr(C)]
struct XcbSetup {
    status: u8,
    pad0: u8,
    protocol_major_version: u16,
    protocol_minor_version: u16,
    length: u16,
    release_number: u32,
    resource_id_base: u32,
    resource_id_mask: u32,
}

#[repr(C)]
struct ErrorEvent {
    kind: c_int,
    display: *mut Display,
    resource_id: Xid,
    serial: c_ulong,
    error_code: c_uchar,
    request_code: c_uchar,
    minor_code: c_uchar,
}

type ErrorHandler = unsafe extern "C" fn(*mut Display, *mut ErrorEvent) -> c_int;

/// The functions used, copied out of libraries that are never unloaded (leaked in
/// `load`), so the pointers stay valid for the life of the program.
struct Xlib {
    open_display: unsafe extern "C" fn(*const c_char) -> *mut Display,
    close_display: unsafe extern "C" fn(*mut Display) -> c_int,
    default_root_window: unsafe extern "C" fn(*mut Display) -> Xid,
    intern_atom: unsafe extern "C" fn(*mut Display, *const c_char, Bool) -> Atom,
    free: unsafe extern "C" fn(*mut c_void) -> c_int,
    #[allow(clippy::type_complexity)]
    get_window_property: unsafe extern "C" fn(
        *mut Display,
        Xid,
        Atom,
        c_long,
        c_long,
        Bool,
        Atom,
        *mut Atom,
        *mut c_int,
        *mut c_ulong,
        *mut c_ulong,
        *mut *mut c_uchar,
    ) -> c_int,
    query_tree: unsafe extern "C" fn(
        *mut Display,
        Xid,
        *mut Xid,
        *mut Xid,
        *mut *mut Xid,
        *mut c_uint,
    ) -> c_int,
    send_event: unsafe extern "C" fn(*mut Display, Xid, Bool, c_long, *mut Event) -> c_int,
    flush: unsafe extern "C" fn(*mut Display) -> c_int,
    pending: unsafe extern "C" fn(*mut Display) -> c_int,
    next_event: unsafe extern "C" fn(*mut Display, *mut Event) -> c_int,
    select_input: unsafe extern "C" fn(*mut Display, Xid, c_long) -> c_int,
    connection_number: unsafe extern "C" fn(*mut Display) -> c_int,
    set_error_handler: unsafe extern "C" fn(Option<ErrorHandler>) -> Option<ErrorHandler>,
    get_atom_name: unsafe extern "C" fn(*mut Display, Atom) -> *mut c_char,
    move_resize_window:
        unsafe extern "C" fn(*mut Display, Xid, c_int, c_int, c_uint, c_uint) -> c_int,
    move_window: unsafe extern "C" fn(*mut Display, Xid, c_int, c_int) -> c_int,
    change_window_attributes:
        unsafe extern "C" fn(*mut Display, Xid, c_ulong, *mut WindowAttributes) -> c_int,
    map_raised: unsafe extern "C" fn(*mut Display, Xid) -> c_int,
    withdraw_window: unsafe extern "C" fn(*mut Display, Xid, c_int) -> c_int,
    default_screen: unsafe extern "C" fn(*mut Display) -> c_int,
    set_input_focus: unsafe extern "C" fn(*mut Display, Xid, c_int, c_ulong) -> c_int,
    sync: unsafe extern "C" fn(*mut Display, Bool) -> c_int,
    #[allow(clippy::type_complexity)]
    get_geometry: unsafe extern "C" fn(
        *mut Display,
        Xid,
        *mut Xid,
        *mut c_int,
        *mut c_int,
        *mut c_uint,
        *mut c_uint,
        *mut c_uint,
        *mut c_uint,
    ) -> c_int,
    #[allow(clippy::type_complexity)]
    translate_coordinates: unsafe extern "C" fn(
        *mut Display,
        Xid,
        Xid,
        c_int,
        c_int,
        *mut c_int,
        *mut c_int,
        *mut Xid,
    ) -> Bool,
    /// libX11-xcb and libxcb: the resource id range of a connection.
    get_xcb_connection: Option<unsafe extern "C" fn(*mut Display) -> *mut c_void>,
    xcb_get_setup: Option<unsafe extern "C" fn(*mut c_void) -> *const XcbSetup>,
    /// libGL: the drawable the window loop's GL context draws to.
    current_drawable: Option<unsafe extern "C" fn() -> Xid>,
}

fn library_reason(error: &libloading::Error) -> String {
    // libloading's own text is only "dlopen failed"; dlerror's text is the source.
    match std::error::Error::source(error) {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}

fn open_library(name: &'static str) -> Result<&'static libloading::Library, X11Error> {
    // SAFETY: these are the system's X and GL client libraries, which the windowing
    // library has loaded already or which only set up their own state when loaded. They
    // are leaked (never unloaded), so every function copied out of them stays valid.
    let library = unsafe { libloading::Library::new(name) }.map_err(|error| X11Error::Library {
        library: name,
        reason: library_reason(&error),
    })?;
    Ok(Box::leak(Box::new(library)))
}

macro_rules! function {
    ($library:expr, $name:expr, $symbol:literal) => {
        // SAFETY: the type each field gives is the C prototype from <X11/Xlib.h>,
        // <X11/extensions/Xrandr.h>, <X11/Xlib-xcb.h>, <xcb/xcb.h> or <GL/glx.h>.
        *unsafe { $library.get($symbol) }.map_err(|error| X11Error::Symbol {
            library: $name,
            symbol: $symbol,
            reason: library_reason(&error),
        })?
    };
}

impl Xlib {
    fn load() -> Result<Xlib, X11Error> {
        const X11: &str = "libX11.so.6";
        let x11 = open_library(X11)?;
        let optional = |name: &'static str| open_library(name).ok();
        let xcb = optional("libX11-xcb.so.1").zip(optional("libxcb.so.1"));
        let (get_xcb_connection, xcb_get_setup) = match xcb {
            Some((x11_xcb, xcb)) => (
                Some(function!(x11_xcb, "libX11-xcb.so.1", "XGetXCBConnection")),
                Some(function!(xcb, "libxcb.so.1", "xcb_get_setup")),
            ),
            None => (None, None),
        };
        let current_drawable = match optional("libGL.so.1") {
            Some(gl) => Some(function!(gl, "libGL.so.1", "glXGetCurrentDrawable")),
            None => None,
        };
        Ok(Xlib {
            open_display: function!(x11, X11, "XOpenDisplay"),
            close_display: function!(x11, X11, "XCloseDisplay"),
            default_root_window: function!(x11, X11, "XDefaultRootWindow"),
            intern_atom: function!(x11, X11, "XInternAtom"),
            free: function!(x11, X11, "XFree"),
            get_window_property: function!(x11, X11, "XGetWindowProperty"),
            query_tree: function!(x11, X11, "XQueryTree"),
            send_event: function!(x11, X11, "XSendEvent"),
            flush: function!(x11, X11, "XFlush"),
            pending: function!(x11, X11, "XPending"),
            next_event: function!(x11, X11, "XNextEvent"),
            select_input: function!(x11, X11, "XSelectInput"),
            connection_number: function!(x11, X11, "XConnectionNumber"),
            set_error_handler: function!(x11, X11, "XSetErrorHandler"),
            get_atom_name: function!(x11, X11, "XGetAtomName"),
            move_resize_window: function!(x11, X11, "XMoveResizeWindow"),
            move_window: function!(x11, X11, "XMoveWindow"),
            change_window_attributes: function!(x11, X11, "XChangeWindowAttributes"),
            map_raised: function!(x11, X11, "XMapRaised"),
            withdraw_window: function!(x11, X11, "XWithdrawWindow"),
            default_screen: function!(x11, X11, "XDefaultScreen"),
            set_input_focus: function!(x11, X11, "XSetInputFocus"),
            sync: function!(x11, X11, "XSync"),
            get_geometry: function!(x11, X11, "XGetGeometry"),
            translate_coordinates: function!(x11, X11, "XTranslateCoordinates"),
            get_xcb_connection,
            xcb_get_setup,
            current_drawable,
        })
    }
}

fn xlib() -> Result<&'static Xlib, X11Error> {
    static XLIB: OnceLock<Result<Xlib, X11Error>> = OnceLock::new();
    XLIB.get_or_init(Xlib::load).as_ref().map_err(Clone::clone)
}

/// libXrandr: the monitors (RandR 1.5).
struct Xrandr {
    query_extension: unsafe extern "C" fn(*mut Display, *mut c_int, *mut c_int) -> Bool,
    query_version: unsafe extern "C" fn(*mut Display, *mut c_int, *mut c_int) -> c_int,
    get_monitors: unsafe extern "C" fn(*mut Display, Xid, Bool, *mut c_int) -> *mut MonitorInfo,
    free_monitors: unsafe extern "C" fn(*mut MonitorInfo),
}

impl Xrandr {
    fn load() -> Result<Xrandr, X11Error> {
        const XRANDR: &str = "libXrandr.so.2";
        let xrandr = open_library(XRANDR)?;
        Ok(Xrandr {
            query_extension: function!(xrandr, XRANDR, "XRRQueryExtension"),
            query_version: function!(xrandr, XRANDR, "XRRQueryVersion"),
            get_monitors: function!(xrandr, XRANDR, "XRRGetMonitors"),
            free_monitors: function!(xrandr, XRANDR, "XRRFreeMonitors"),
        })
    }
}

fn xrandr() -> Result<&'static Xrandr, X11Error> {
    static XRANDR: OnceLock<Result<Xrandr, X11Error>> = OnceLock::new();
    XRANDR
        .get_or_init(Xrandr::load)
        .as_ref()
        .map_err(Clone::clone)
}

/// The drawable the calling thread's GL context draws to: on the window loop's thread,
/// the window's GLX window, a resource of the windowing library's own connection. 0 when
/// there is none (no GLX, or an EGL context).
pub(crate) fn current_drawable() -> Xid {
    match xlib().ok().and_then(|xlib| xlib.current_drawable) {
        // SAFETY: glXGetCurrentDrawable takes nothing and only reads the thread's state.
        Some(current) => unsafe { current() },
        None => 0,
    }
}

/// The connections of gong's own. An X error on one of them (a window that went away
/// between two requests) is expected and ignored; errors on other connections go to the
/// handler that was there before.
static OURS: Mutex<Vec<usize>> = Mutex::new(Vec::new());
static PREVIOUS_HANDLER: Mutex<Option<ErrorHandler>> = Mutex::new(None);

unsafe extern "C" fn on_error(display: *mut Display, event: *mut ErrorEvent) -> c_int {
    let ours = OURS
        .lock()
        .map(|ours| ours.contains(&(display as usize)))
        .unwrap_or(true);
    if ours {
        return 0;
    }
    let previous = PREVIOUS_HANDLER.lock().ok().and_then(|previous| *previous);
    match previous {
        // SAFETY: the handler Xlib had before, called as Xlib would have called it.
        Some(previous) => unsafe { previous(display, event) },
        None => 0,
    }
}

/// How many times, and how far apart, a connection is tried: an X server resets when its
/// last client leaves (Xvfb does, once the screens were read and that connection closed)
/// and turns away whoever connects in that moment (ECONNRESET).
const CONNECT_ATTEMPTS: u32 = 5;
const CONNECT_RETRY: std::time::Duration = std::time::Duration::from_millis(20);

/// A connection to the X server named by DISPLAY. Used by one thread at a time.
pub(crate) struct Connection {
    xlib: &'static Xlib,
    display: *mut Display,
    root: Xid,
}

// SAFETY: the connection is only ever used by the thread that holds it (it moves into
// the stagehand's thread), and Xlib was initialised for threads by the windowing library
// (XInitThreads) before any window existed.
unsafe impl Send for Connection {}

impl Drop for Connection {
    fn drop(&mut self) {
        if let Ok(mut ours) = OURS.lock() {
            ours.retain(|&display| display != self.display as usize);
        }
        // SAFETY: the display was opened by `open` and is closed once, here.
        unsafe { (self.xlib.close_display)(self.display) };
    }
}

impl Connection {
    pub(crate) fn open() -> Result<Connection, X11Error> {
        let xlib = xlib()?;
        let mut display = std::ptr::null_mut();
        for attempt in 0..CONNECT_ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(CONNECT_RETRY);
            }
            // SAFETY: a null name means DISPLAY.
            display = unsafe { (xlib.open_display)(std::ptr::null()) };
            if !display.is_null() {
                break;
            }
        }
        if display.is_null() {
            return Err(X11Error::Connect {
                display: std::env::var("DISPLAY").unwrap_or_default(),
            });
        }
        if let Ok(mut ours) = OURS.lock() {
            ours.push(display as usize);
        }
        // Installed on every open: the windowing library resets the handler to Xlib's
        // own once, after it creates its window.
        // SAFETY: `on_error` has the prototype Xlib calls handlers with.
        let previous = unsafe { (xlib.set_error_handler)(Some(on_error)) };
        if let Ok(mut slot) = PREVIOUS_HANDLER.lock()
            && previous
                .is_some_and(|previous| !std::ptr::fn_addr_eq(previous, on_error as ErrorHandler))
        {
            *slot = previous;
        }
        // SAFETY: an open display.
        let root = unsafe { (xlib.default_root_window)(display) };
        Ok(Connection {
            xlib,
            display,
            root,
        })
    }

    fn atom(&self, name: &str) -> Atom {
        let Ok(name) = CString::new(name) else {
            return 0;
        };
        // SAFETY: an open display and a NUL-terminated name.
        unsafe { (self.xlib.intern_atom)(self.display, name.as_ptr(), FALSE) }
    }

    /// A property's items as bytes (format 8) or as longs (formats 16 and 32, which
    /// Xlib hands over as C longs), at most `max` of them.
    fn property(
        &self,
        window: Xid,
        name: &str,
        max: c_long,
    ) -> Option<(c_int, Vec<c_ulong>, Vec<u8>)> {
        let property = self.atom(name);
        let mut kind: Atom = 0;
        let mut format: c_int = 0;
        let mut count: c_ulong = 0;
        let mut after: c_ulong = 0;
        let mut data: *mut c_uchar = std::ptr::null_mut();
        // SAFETY: an open display; out-parameters point at locals; the data Xlib
        // returns is copied out and freed with XFree.
        unsafe {
            let status = (self.xlib.get_window_property)(
                self.display,
                window,
                property,
                0,
                max,
                FALSE,
                ANY_TYPE,
                &mut kind,
                &mut format,
                &mut count,
                &mut after,
                &mut data,
            );
            if status != 0 || data.is_null() {
                return None;
            }
            let count = usize::try_from(count).unwrap_or(0);
            let found = match format {
                8 => (
                    8,
                    Vec::new(),
                    std::slice::from_raw_parts(data, count).to_vec(),
                ),
                16 | 32 => (
                    format,
                    std::slice::from_raw_parts(data.cast::<c_ulong>(), count).to_vec(),
                    Vec::new(),
                ),
                _ => (format, Vec::new(), Vec::new()),
            };
            (self.xlib.free)(data.cast());
            Some(found)
        }
    }

    fn children(&self, window: Xid) -> (Option<Xid>, Vec<Xid>) {
        let (mut root, mut parent) = (0, 0);
        let mut children: *mut Xid = std::ptr::null_mut();
        let mut count: c_uint = 0;
        // SAFETY: an open display; out-parameters point at locals; the list is copied
        // out and freed with XFree.
        unsafe {
            let status = (self.xlib.query_tree)(
                self.display,
                window,
                &mut root,
                &mut parent,
                &mut children,
                &mut count,
            );
            if status == 0 {
                return (None, Vec::new());
            }
            let list = if children.is_null() {
                Vec::new()
            } else {
                let list = std::slice::from_raw_parts(children, count as usize).to_vec();
                (self.xlib.free)(children.cast());
                list
            };
            (Some(parent), list)
        }
    }

    /// The range of resource ids of the connection that created `resource`, as a mask
    /// and the bits under it: the server hands every client its own range, one mask for
    /// all.
    fn client_of(&self, resource: Xid) -> Option<(Xid, Xid)> {
        let (get_connection, get_setup) = (self.xlib.get_xcb_connection?, self.xlib.xcb_get_setup?);
        // SAFETY: an open display; xcb's setup is owned by the connection and only read.
        let mask = unsafe {
            let setup = get_setup(get_connection(self.display));
            if setup.is_null() {
                return None;
            }
            Xid::from((*setup).resource_id_mask)
        };
        Some((resource & !mask, !mask))
    }

    /// The top-level window of class `class` that the same client as `drawable` (the
    /// window loop's GL drawable, see `current_drawable`) created: the window loop's own,
    /// found among any others of that class (two shows on one display). Without a
    /// drawable, the only window of that class, if there is just one.
    pub(crate) fn find_window(&self, class: &str, drawable: Xid) -> Option<Xid> {
        let mut found = Vec::new();
        let mut pending = vec![(self.root, 0)];
        // Top-levels and the frames window managers put around them: a few levels.
        while let Some((window, depth)) = pending.pop() {
            let (_, children) = self.children(window);
            for child in children {
                if self.class_of(child).as_deref() == Some(class) {
                    found.push(child);
                } else if depth < 3 {
                    pending.push((child, depth + 1));
                }
            }
        }
        match self.client_of(drawable).filter(|_| drawable != 0) {
            Some((client, mask)) => found.into_iter().find(|&window| window & mask == client),
            // This connection creates no windows: any other of the class is a program's.
            None => match found.as_slice() {
                [only] => Some(*only),
                _ => None,
            },
        }
    }

    fn class_of(&self, window: Xid) -> Option<String> {
        // WM_CLASS is "instance\0class\0".
        let (_, _, bytes) = self.property(window, "WM_CLASS", 64)?;
        let class = bytes.split(|&byte| byte == 0).nth(1)?;
        Some(String::from_utf8_lossy(class).into_owned())
    }

    /// Wakes the client that created `window` (the window loop, blocked waiting for X
    /// events): an EnterNotify sent with no event mask goes to that client alone, and the
    /// window loop counts it as a reason to draw (see `window::open`). A ClientMessage
    /// would wake the loop too but not make it draw. It enters at `WAKE_MARK`, so the
    /// loop tells it from a pointer entering and counts it.
    pub(crate) fn wake(&self, window: Xid) {
        let crossing = CrossingEvent {
            kind: ENTER_NOTIFY,
            serial: 0,
            send_event: TRUE,
            display: self.display,
            window,
            root: self.root,
            subwindow: 0,
            time: 0,
            x: WAKE_MARK,
            y: WAKE_MARK,
            x_root: 0,
            y_root: 0,
            mode: 0,
            detail: 0,
            same_screen: TRUE,
            focus: FALSE,
            state: 0,
        };
        let mut event = Event { pad: [0; 24] };
        event.crossing = crossing;
        // SAFETY: an open display and a fully initialised event.
        unsafe {
            (self.xlib.send_event)(self.display, window, FALSE, 0, &mut event);
            (self.xlib.flush)(self.display);
        }
    }

    /// The socket to the server, for waiting on it (poll) beside other things.
    pub(crate) fn socket(&self) -> c_int {
        // SAFETY: an open display.
        unsafe { (self.xlib.connection_number)(self.display) }
    }

    /// From now on this connection gets a copy of every key press on `window` (any
    /// number of clients may select key presses on a window; the windowing library keeps
    /// getting its own).
    pub(crate) fn watch_keys(&self, window: Xid) {
        // SAFETY: an open display.
        unsafe {
            (self.xlib.select_input)(self.display, window, KEY_PRESS_MASK);
            (self.xlib.flush)(self.display);
        }
    }

    /// Reads every event that has arrived, and counts the key presses among them.
    pub(crate) fn key_presses(&self) -> usize {
        let mut presses = 0;
        // SAFETY: an open display; each event is read into a buffer of XEvent's size
        // and only its type, which every event has first, is looked at.
        unsafe {
            while (self.xlib.pending)(self.display) > 0 {
                let mut event = Event { pad: [0; 24] };
                (self.xlib.next_event)(self.display, &mut event);
                if event.kind == KEY_PRESS {
                    presses += 1;
                }
            }
        }
        presses
    }

    /// The monitors as RandR 1.5 reports them (active ones only), in the server's order.
    pub(crate) fn monitors(&self) -> Result<Vec<Monitor>, X11Error> {
        let xrandr = xrandr()?;
        let (mut event_base, mut error_base) = (0, 0);
        let (mut major, mut minor) = (0, 0);
        let mut count: c_int = 0;
        // SAFETY: an open display; out-parameters point at locals; the list is copied
        // out and freed with XRRFreeMonitors, each name with XFree.
        unsafe {
            if (xrandr.query_extension)(self.display, &mut event_base, &mut error_base) == FALSE
                || (xrandr.query_version)(self.display, &mut major, &mut minor) == 0
                || (major, minor) < (1, 5)
            {
                return Err(X11Error::NoRandr);
            }
            let list = (xrandr.get_monitors)(self.display, self.root, TRUE, &mut count);
            if list.is_null() {
                return Err(X11Error::NoRandr);
            }
            let infos = std::slice::from_raw_parts(list, usize::try_from(count).unwrap_or(0));
            let monitors = infos
                .iter()
                .enumerate()
                .map(|(index, info)| Monitor {
                    name: self.atom_name(info.name),
                    x: info.x,
                    y: info.y,
                    width: u32::try_from(info.width).unwrap_or(0),
                    height: u32::try_from(info.height).unwrap_or(0),
                    primary: info.primary != FALSE,
                    index,
                })
                .collect();
            (xrandr.free_monitors)(list);
            Ok(monitors)
        }
    }

    fn atom_name(&self, atom: Atom) -> String {
        // SAFETY: an open display; the name is copied out and freed with XFree.
        unsafe {
            let name = (self.xlib.get_atom_name)(self.display, atom);
            if name.is_null() {
                return String::new();
            }
            let text = std::ffi::CStr::from_ptr(name)
                .to_string_lossy()
                .into_owned();
            (self.xlib.free)(name.cast());
            text
        }
    }

    /// The root window's size: the whole X screen, every monitor on it.
    pub(crate) fn root_size(&self) -> (u32, u32) {
        let (_, _, width, height) = self.geometry(self.root).unwrap_or((0, 0, 0, 0));
        (width, height)
    }

    /// The running window manager, if one says so (EWMH's `_NET_SUPPORTING_WM_CHECK`,
    /// on the root and on the window it names, so a stale one left by a window manager
    /// that died does not count), and whether it can put a fullscreen window on a given
    /// monitor (`_NET_WM_FULLSCREEN_MONITORS`).
    pub(crate) fn window_manager(&self) -> Option<WindowManager> {
        let check = "_NET_SUPPORTING_WM_CHECK";
        let (_, on_root, _) = self.property(self.root, check, 1)?;
        let child = *on_root.first()?;
        let (_, on_child, _) = self.property(child, check, 1)?;
        if on_child.first() != Some(&child) {
            return None;
        }
        let wanted = self.atom("_NET_WM_FULLSCREEN_MONITORS");
        let supported = self
            .property(self.root, "_NET_SUPPORTED", 4096)
            .map(|(_, atoms, _)| atoms)
            .unwrap_or_default();
        Some(WindowManager {
            fullscreen_monitors: supported.contains(&wanted),
        })
    }

    /// Whether a window manager manages `window` now (ICCCM: it sets `WM_STATE` to a
    /// state other than withdrawn, 0, or deletes it).
    pub(crate) fn managed(&self, window: Xid) -> bool {
        self.property(window, "WM_STATE", 2)
            .is_some_and(|(_, state, _)| state.first().is_some_and(|&state| state != 0))
    }

    /// Whether `window`'s parent is the root (no window manager's frame around it).
    pub(crate) fn on_root(&self, window: Xid) -> bool {
        self.children(window).0 == Some(self.root)
    }

    /// Where `window` is, on the root, and its size.
    pub(crate) fn geometry(&self, window: Xid) -> Option<(i32, i32, u32, u32)> {
        let (mut root, mut x, mut y, mut width, mut height, mut border, mut depth) =
            (0, 0, 0, 0, 0, 0, 0);
        let (mut root_x, mut root_y, mut child) = (0, 0, 0);
        // SAFETY: an open display; out-parameters point at locals.
        unsafe {
            if (self.xlib.get_geometry)(
                self.display,
                window,
                &mut root,
                &mut x,
                &mut y,
                &mut width,
                &mut height,
                &mut border,
                &mut depth,
            ) == 0
            {
                return None;
            }
            if (self.xlib.translate_coordinates)(
                self.display,
                window,
                self.root,
                0,
                0,
                &mut root_x,
                &mut root_y,
                &mut child,
            ) == FALSE
            {
                return None;
            }
        }
        Some((root_x, root_y, width, height))
    }

    pub(crate) fn move_resize(&self, window: Xid, x: i32, y: i32, width: u32, height: u32) {
        // SAFETY: an open display.
        unsafe {
            (self.xlib.move_resize_window)(self.display, window, x, y, width, height);
        }
    }

    pub(crate) fn move_to(&self, window: Xid, x: i32, y: i32) {
        // SAFETY: an open display.
        unsafe {
            (self.xlib.move_window)(self.display, window, x, y);
        }
    }

    /// Takes `window` out of the window manager's hands or gives it back
    /// (`override_redirect`). Only takes effect when the window is next mapped.
    pub(crate) fn set_override_redirect(&self, window: Xid, on: bool) {
        let mut attributes = WindowAttributes {
            override_redirect: if on { TRUE } else { FALSE },
            ..WindowAttributes::default()
        };
        // SAFETY: an open display and a fully initialised attributes struct, of which
        // only the field the mask names is read.
        unsafe {
            (self.xlib.change_window_attributes)(
                self.display,
                window,
                OVERRIDE_REDIRECT,
                &mut attributes,
            );
        }
    }

    /// Unmaps `window` the ICCCM way, so a window manager lets go of it.
    pub(crate) fn withdraw(&self, window: Xid) {
        // SAFETY: an open display.
        unsafe {
            let screen = (self.xlib.default_screen)(self.display);
            (self.xlib.withdraw_window)(self.display, window, screen);
        }
    }

    pub(crate) fn map_raised(&self, window: Xid) {
        // SAFETY: an open display.
        unsafe {
            (self.xlib.map_raised)(self.display, window);
        }
    }

    /// Keys go to `window` wherever the pointer is (without a window manager focus
    /// follows the pointer, and a pointer left on the laptop's screen would take the
    /// clicker's keys away from a window on the projector).
    pub(crate) fn focus(&self, window: Xid) {
        // SAFETY: an open display; an error (the window not viewable) is ignored by
        // this connection's error handler.
        unsafe {
            (self.xlib.set_input_focus)(self.display, window, REVERT_TO_PARENT, 0);
        }
    }

    /// Waits until the server has done every request sent so far.
    pub(crate) fn sync(&self) {
        // SAFETY: an open display.
        unsafe {
            (self.xlib.sync)(self.display, FALSE);
        }
    }

    /// Asks the window manager to make `window` fullscreen or not (`_NET_WM_STATE`).
    pub(crate) fn ask_fullscreen(&self, window: Xid, on: bool) {
        let action = if on { STATE_ADD } else { STATE_REMOVE };
        let fullscreen = self.atom("_NET_WM_STATE_FULLSCREEN") as c_long;
        // The last item: a normal application asks (EWMH's source indication).
        self.ask_window_manager(window, "_NET_WM_STATE", [action, fullscreen, 0, 1, 0]);
    }

    /// Asks the window manager to make `window`'s fullscreen span Xinerama screen
    /// `screen` alone (`_NET_WM_FULLSCREEN_MONITORS`).
    pub(crate) fn ask_fullscreen_on(&self, window: Xid, screen: usize) {
        let screen = c_long::try_from(screen).unwrap_or(0);
        self.ask_window_manager(
            window,
            "_NET_WM_FULLSCREEN_MONITORS",
            [screen, screen, screen, screen, 1],
        );
    }

    fn ask_window_manager(&self, window: Xid, message: &str, data: [c_long; 5]) {
        let client = ClientMessageEvent {
            kind: CLIENT_MESSAGE,
            serial: 0,
            send_event: TRUE,
            display: self.display,
            window,
            message_type: self.atom(message),
            format: 32,
            data,
        };
        let mut event = Event { pad: [0; 24] };
        event.client = client;
        // SAFETY: an open display and a fully initialised event.
        unsafe {
            (self.xlib.send_event)(
                self.display,
                self.root,
                FALSE,
                TO_WINDOW_MANAGER,
                &mut event,
            );
            (self.xlib.flush)(self.display);
        }
    }
}

/// What the running window manager can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WindowManager {
    pub(crate) fullscreen_monitors: bool,
}
