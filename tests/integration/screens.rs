//! The audience window on the right screen (issue 15), end to end: an X server of this
//! test's own, 3840×1080, made into two monitors side by side with RandR
//! (`xrandr --setmonitor`), the real `gong` on it, and the window's place read back from
//! the server (`xwininfo`: where it is on the root, and its size). `--screen 2` must put a
//! fullscreen window exactly on the right-hand monitor, with no window manager and under
//! one (`matchbox-window-manager`, which by itself would fill both monitors at once), and
//! the move key must move it to the other. `gong screens` lists the two, and the window's
//! class is `gong`.
//!
//! Needs Xvfb, xrandr, xdotool, xwininfo and xprop, and matchbox-window-manager. Without
//! them the tests skip, except under `CI=true`, where they fail.

use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::support::{child, gong_binary, xvfb};

const LEFT: Place = Place {
    x: 0,
    y: 0,
    width: 1920,
    height: 1080,
};
const RIGHT: Place = Place {
    x: 1920,
    y: 0,
    width: 1920,
    height: 1080,
};

/// A window's rectangle on the root window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    x: i32,
    y: i32,
    width: u32,
    height: u32,
}

const DECK: &str = "---\ntitle: Screens\nauthor: Ada\n---\n# On the projector\n\nThis slide belongs on the audience's screen.\n";

/// The two-monitor server, started once for these tests.
static SERVER: OnceLock<Option<xvfb::Server>> = OnceLock::new();

/// Whether `tool` is a program on the tests' PATH (looked up, not run: a window manager
/// asked for its version might start managing the developer's desktop).
fn installed(tool: &str) -> bool {
    ["/usr/local/bin", "/usr/bin", "/bin"]
        .iter()
        .any(|folder| std::path::Path::new(folder).join(tool).is_file())
}

/// The display with two monitors, and this test's turn on it; `None` (skip) when a tool
/// is missing, which under `CI=true` fails instead.
fn two_monitors() -> Option<(String, xvfb::Turn<'static>)> {
    let tools = [
        "Xvfb",
        "xrandr",
        "xdotool",
        "xwininfo",
        "xprop",
        "matchbox-window-manager",
    ];
    let missing: Vec<&str> = tools.into_iter().filter(|tool| !installed(tool)).collect();
    if !missing.is_empty() {
        assert!(
            !xvfb::required(),
            "{} not installed and CI=true: install them (.ci/run does) to run the screen tests",
            missing.join(", ")
        );
        eprintln!("{} not installed: skipping", missing.join(", "));
        return None;
    }
    let server = SERVER.get_or_init(start_server).as_ref()?;
    Some((server.display().to_string(), server.turn()))
}

fn start_server() -> Option<xvfb::Server> {
    // Two monitors side by side, made with RandR: `start_xvfb`'s `-noreset` keeps them
    // after the xrandr that made them leaves.
    let server = xvfb::Server::start((3840, 1080));
    let display = server.display();
    for (name, geometry, output) in [
        ("left", "1920/508x1080/286+0+0", "screen"),
        ("right", "1920/508x1080/286+1920+0", "none"),
    ] {
        let made = tool(display, "xrandr", &["--setmonitor", name, geometry, output]);
        assert!(
            made.status.success(),
            "xrandr --setmonitor {name}: {made:?}"
        );
    }
    let listed = tool(display, "xrandr", &["--listmonitors"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.starts_with("Monitors: 2"),
        "this Xvfb does not keep two RandR monitors:\n{listed}"
    );
    Some(server)
}

fn tool(display: &str, name: &str, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(name);
    child::clean(&mut command)
        .args(args)
        .env("DISPLAY", display);
    child::output_within(&mut command, child::TOOL_DEADLINE)
}

/// A program kept running for the length of a test (gong, the window manager), killed
/// when dropped.
struct Running {
    child: Child,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn window_manager(display: &str) -> Running {
    let mut command = Command::new("matchbox-window-manager");
    let child = child::clean(&mut command)
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("matchbox-window-manager starts");
    let manager = Running { child, _dir: None };
    // It has taken over once it names itself on the root window (EWMH).
    wait_until("the window manager to start", || {
        let said = tool(display, "xprop", &["-root", "_NET_SUPPORTING_WM_CHECK"]);
        String::from_utf8_lossy(&said.stdout).contains("window id")
    });
    manager
}

/// `gong present` of the test's deck, fullscreen, with `args`.
fn present(display: &str, args: &[&str]) -> Running {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let deck = dir.path().join("deck.md");
    std::fs::write(&deck, DECK).expect("deck written");
    let stderr = std::fs::File::create(dir.path().join("stderr")).expect("stderr file");
    let mut command = Command::new(gong_binary());
    let child = child::clean(&mut command)
        .arg("present")
        .arg(&deck)
        .arg("--mute")
        .args(args)
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("gong starts");
    Running {
        child,
        _dir: Some(dir),
    }
}

/// The gong window's id, once it is mapped.
fn gong_window(display: &str, gong: &mut Running) -> String {
    let mut found = String::new();
    wait_until("the gong window", || {
        if let Ok(Some(status)) = gong.child.try_wait() {
            panic!("gong exited ({status}) before its window opened");
        }
        let search = tool(
            display,
            "xdotool",
            &["search", "--onlyvisible", "--class", "^gong$"],
        );
        found = String::from_utf8_lossy(&search.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        !found.is_empty()
    });
    found
}

/// Where `window` is on the root, as the server says.
fn place_of(display: &str, window: &str) -> Option<Place> {
    let info = tool(display, "xwininfo", &["-id", window]);
    let text = String::from_utf8_lossy(&info.stdout);
    let field = |name: &str| -> Option<i64> {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(name))
            .and_then(|value| value.trim().parse().ok())
    };
    Some(Place {
        x: i32::try_from(field("Absolute upper-left X:")?).ok()?,
        y: i32::try_from(field("Absolute upper-left Y:")?).ok()?,
        width: u32::try_from(field("Width:")?).ok()?,
        height: u32::try_from(field("Height:")?).ok()?,
    })
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "no {what} after 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits for `window` to be at `want`; fails saying where it is instead.
fn wait_for_place(display: &str, window: &str, want: Place, when: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = place_of(display, window);
        if got == Some(want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{when}: the window is at {got:?}, not on {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `--screen 2`: fullscreen on the right-hand monitor exactly; the move key (P) takes it
/// to the left-hand one, and again back.
fn screen_two_then_the_move_key(display: &str) {
    let mut gong = present(display, &["--screen", "2"]);
    let window = gong_window(display, &mut gong);
    wait_for_place(display, &window, RIGHT, "--screen 2");
    let pressed = tool(display, "xdotool", &["key", "p"]);
    assert!(pressed.status.success(), "xdotool key p: {pressed:?}");
    wait_for_place(display, &window, LEFT, "after P");
    let pressed = tool(display, "xdotool", &["key", "p"]);
    assert!(pressed.status.success(), "xdotool key p: {pressed:?}");
    wait_for_place(display, &window, RIGHT, "after P again");
}

#[test]
fn screen_two_is_filled_without_a_window_manager() {
    let Some((display, _turn)) = two_monitors() else {
        return;
    };
    screen_two_then_the_move_key(&display);
}

#[test]
fn screen_two_is_filled_under_a_window_manager() {
    let Some((display, _turn)) = two_monitors() else {
        return;
    };
    let _manager = window_manager(&display);
    screen_two_then_the_move_key(&display);
}

#[test]
fn gong_screens_lists_the_monitors_and_the_window_class_is_gong() {
    let Some((display, _turn)) = two_monitors() else {
        return;
    };
    let mut command = Command::new(gong_binary());
    child::clean(&mut command)
        .arg("screens")
        .env("DISPLAY", &display);
    let listed = child::output_within(&mut command, child::DEADLINE);
    assert!(listed.status.success(), "gong screens: {listed:?}");
    let lines: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        [
            "1 left 1920x1080 at +0+0 the audience's by default",
            "2 right 1920x1080 at +1920+0",
        ]
    );

    let dir = tempfile::tempdir().expect("a temporary folder");
    let deck = dir.path().join("deck.md");
    std::fs::write(&deck, DECK).expect("deck written");
    let mut command = Command::new(gong_binary());
    child::clean(&mut command)
        .arg("present")
        .arg(&deck)
        .args(["--screen", "3"])
        .env("DISPLAY", &display);
    let refused = child::output_within(&mut command, child::DEADLINE);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(
            "no screen 3: the screens are 1 left 1920x1080+0+0, 2 right 1920x1080+1920+0"
        ),
        "{said}"
    );

    let mut gong = present(&display, &["--windowed"]);
    let window = gong_window(&display, &mut gong);
    let class = tool(&display, "xprop", &["-id", &window, "WM_CLASS"]);
    assert_eq!(
        String::from_utf8_lossy(&class.stdout).trim(),
        "WM_CLASS(STRING) = \"gong\", \"gong\""
    );
}
