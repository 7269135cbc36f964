//! The X servers of the test run: one shared Xvfb for the whole run (`display`), and
//! any other a test module needs (`Server::start`, two monitors), each on a display
//! number no other server has (`free_display`), so parallel runs never collide, and each
//! with its turn (`Turn`). A shell keeps each on a leash: it kills the server when its
//! stdin (held by this process) closes, i.e. when the tests end, however they end.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock, mpsc};
use std::time::Duration;

pub const SCREEN: (u32, u32) = (1920, 1080);

/// An Xvfb of this test run's, kept in a static: the shared one here, and any a test
/// module needs of another shape (two monitors), started once for its tests.
pub struct Server {
    display: String,
    /// Never read; dropping it (at exit) is what stops the server.
    _leash: Mutex<Child>,
    turn: Mutex<()>,
}

impl Server {
    /// An Xvfb of `size` on a free display (`start_xvfb`).
    pub fn start(size: (u32, u32)) -> Server {
        let (display, child) = start_xvfb(size);
        Server {
            display,
            _leash: Mutex::new(child),
            turn: Mutex::new(()),
        }
    }

    /// Its `:N`.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// Held by a test while it has windows on this display (see `Turn`).
    pub fn turn(&self) -> Turn<'_> {
        let display = self
            .turn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Turn {
            _display: display,
            _cores: super::all_cores(),
        }
    }
}

/// A test's turn on a display, while it has windows there: the display to itself (with
/// no window manager, focus follows the pointer, so one test's window must not sit under
/// another's keystrokes, and every test of the binary runs in the one process, side by
/// side), and the machine's cores to itself and the programs it runs
/// (`super::all_cores`).
pub struct Turn<'a> {
    _display: MutexGuard<'a, ()>,
    _cores: super::Cores,
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();

/// The shared display's turn (`Server::turn`), for a test that `display()` gave one.
pub fn turn() -> Turn<'static> {
    SERVER
        .get_or_init(start)
        .as_ref()
        .expect("a turn is taken only on the display `display()` returned")
        .turn()
}

/// `:N` of a running Xvfb, or `None` when Xvfb is not installed and the run may skip
/// drawing tests. Under `CI=true` a missing Xvfb fails the test instead: a CI that
/// silently skips its screenshots tests nothing.
pub fn display() -> Option<String> {
    SERVER
        .get_or_init(start)
        .as_ref()
        .map(|server| server.display().to_string())
}

pub fn required() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

/// A display number no server has, far from the low ones servers numbering themselves
/// (`-displayfd`) take. The socket file and the abstract socket are both checked: a
/// server whose /tmp is not this one's sees no lock file of ours, and one that cannot
/// bind the abstract socket still starts, so clients asking for its number reach the
/// other server (keys sent into another program's window, a server gone mid-run).
pub fn free_display() -> u32 {
    let taken = std::fs::read_to_string("/proc/net/unix").unwrap_or_default();
    let seed = std::process::id()
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.subsec_nanos());
    (0..1000u32)
        .map(|step| 2000 + seed.wrapping_add(step.wrapping_mul(7919)) % 30000)
        .find(|number| {
            let abstract_name = format!("@/tmp/.X11-unix/X{number}");
            !std::path::Path::new(&format!("/tmp/.X{number}-lock")).exists()
                && !std::path::Path::new(&format!("/tmp/.X11-unix/X{number}")).exists()
                && !taken.lines().any(|line| line.ends_with(&abstract_name))
        })
        .expect("a free X display number")
}

fn start() -> Option<Server> {
    let installed = Command::new("Xvfb")
        .arg("-help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !installed {
        assert!(
            !required(),
            "Xvfb is not installed and CI=true: install xvfb to run the screenshot tests"
        );
        eprintln!("Xvfb is not installed: skipping the drawing tests");
        return None;
    }
    Some(Server::start(SCREEN))
}

/// Starts an Xvfb of `size` on a free display and returns its `:N` and the shell that
/// holds it on its leash (the server stops when the shell's stdin closes). `-noreset`:
/// a server resets when its last client leaves, so the next program could meet it
/// closed for that moment, and it would forget state a client gave it (RandR monitors).
pub fn start_xvfb(size: (u32, u32)) -> (String, Child) {
    let script = format!(
        "Xvfb :{} -displayfd 3 -noreset -screen 0 {}x{}x24 -nolisten tcp 3>&1 >/dev/null 2>&1 & read _; kill $!; wait $!",
        free_display(),
        size.0,
        size.1
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh runs");
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    let number = receive
        .recv_timeout(Duration::from_secs(30))
        .expect("Xvfb reports its display number");
    let number = number.trim();
    assert!(
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        "Xvfb did not start (got {number:?})"
    );
    (format!(":{number}"), child)
}
