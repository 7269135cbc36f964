//! What reaches the screen, checked in pixels: real binaries run under Xvfb, export PNGs,
//! and the tests read them back and look at regions and colours. Compares RGB with a
//! tolerance (antialiasing and Mesa versions move edges by a shade, never a region).
//!
//! Without Xvfb these tests skip, except under `CI=true`, where they fail.

#[path = "support/xvfb.rs"]
mod xvfb;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use image::RgbImage;

const BACKGROUND: [u8; 3] = [0x14, 0x16, 0x1c];
const ACCENT: [u8; 3] = [0x5c, 0xc8, 0xff];
const MARK: [u8; 3] = [0xff, 0x4a, 0x3d];

/// The demo painter: built by `cargo test` along with every example.
fn paint_demo() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let demo = profile_dir.join("examples").join("paint_demo");
    assert!(
        demo.exists(),
        "{} is missing: run `cargo test` (which builds the examples) or `cargo build --examples`",
        demo.display()
    );
    demo
}

fn run_with_display(program: &Path, args: &[&str], display: &str) -> Output {
    Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("GONG_WINDOW_SIZE")
        .stdin(Stdio::null())
        .output()
        .expect("the program runs")
}

fn load(path: &Path) -> RgbImage {
    image::open(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .to_rgb8()
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 12)
}

fn pixel(picture: &RgbImage, x: u32, y: u32) -> [u8; 3] {
    picture.get_pixel(x, y).0
}

/// Pixels in the region (x, y, w, h) for which `test` holds.
fn count(
    picture: &RgbImage,
    region: (u32, u32, u32, u32),
    test: impl Fn([u8; 3]) -> bool,
) -> usize {
    let (x0, y0, w, h) = region;
    (y0..y0 + h)
        .flat_map(|y| (x0..x0 + w).map(move |x| (x, y)))
        .filter(|&(x, y)| test(pixel(picture, x, y)))
        .count()
}

fn lit(rgb: [u8; 3]) -> bool {
    rgb.iter().all(|&channel| channel > 200)
}

#[test]
fn the_painter_draws_text_shapes_and_pictures_where_the_list_says() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = run_with_display(&paint_demo(), &["export", dir], &display);
    assert!(
        run.status.success(),
        "paint_demo export failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );

    let title = load(&out.path().join("slide-01.png"));
    assert_eq!(title.dimensions(), xvfb::SCREEN);
    for (x, y) in [(5, 5), (1914, 5), (5, 1074), (1914, 1074)] {
        assert!(close(pixel(&title, x, y), BACKGROUND), "corner {x},{y}");
    }
    // The title's box is lit by its letters; the space below the rule is not.
    let letters = count(&title, (160, 120, 1600, 200), lit);
    assert!(letters > 5_000, "title box has {letters} lit pixels");
    assert_eq!(count(&title, (900, 760, 900, 250), lit), 0);
    // The accent rule across the slide at y = 340.
    assert!(close(pixel(&title, 960, 340), ACCENT));

    // The picture: a white band on top (so it is not upside down), red left, blue right.
    let picture = load(&out.path().join("slide-02.png"));
    assert!(lit(pixel(&picture, 960, 330)), "white band at the top");
    let red = pixel(&picture, 760, 600);
    let blue = pixel(&picture, 1160, 600);
    assert!(red[0] > 200 && red[2] < 60, "left is red: {red:?}");
    assert!(blue[2] > 200 && blue[0] < 60, "right is blue: {blue:?}");
    assert!(
        close(pixel(&picture, 400, 540), BACKGROUND),
        "outside the box"
    );

    // The clipped mark in the corner.
    let clipped = load(&out.path().join("slide-03.png"));
    let marked = count(&clipped, (1800, 1000, 80, 40), |rgb| close(rgb, MARK));
    assert!(marked > 3_000, "clip mark has {marked} red pixels");

    // 1,600 glyphs all drew.
    let heavy = load(&out.path().join("slide-04.png"));
    let glyph_pixels = count(&heavy, (0, 0, 1920, 1080), lit);
    assert!(
        glyph_pixels > 20_000,
        "heavy slide has {glyph_pixels} lit pixels"
    );
}

#[test]
fn without_a_display_the_error_is_one_clear_line() {
    let output = Command::new(paint_demo())
        .args(["present"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "gong: no display: set DISPLAY or run under xvfb-run"
    );
}

#[test]
fn keys_reach_the_app_once_each_and_in_order() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let xdotool_present = Command::new("xdotool")
        .arg("version")
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .status()
        .is_ok();
    if !xdotool_present {
        assert!(
            !xvfb::required(),
            "xdotool is not installed and CI=true: install xdotool"
        );
        return;
    }
    let mut app = Command::new(paint_demo())
        .arg("present")
        .env("DISPLAY", &display)
        .env("GONG_WINDOW_SIZE", "640x360")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paint_demo starts");
    let xdotool = |args: &[&str]| {
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &display)
            .status()
            .expect("xdotool runs")
    };
    // Wait for the window, then point at it: with no window manager focus follows the
    // pointer.
    let found = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^gong$"])
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    });
    assert!(found, "the window never appeared");
    xdotool(&["mousemove", "20", "20"]);
    // The first frames can still be setting the window up; keys sent then are lost.
    std::thread::sleep(Duration::from_millis(1000));
    xdotool(&[
        "key",
        "--delay",
        "30",
        "Right",
        "question",
        "N",
        "1",
        "Return",
        "KP_Enter",
        "plus",
        "ctrl+c",
        "Next",
        "BackSpace",
    ]);
    xdotool(&["click", "1"]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(&["key", "q"]);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while app.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = app.kill();
            panic!("paint_demo did not quit on q");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = app.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let keys: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        keys,
        vec![
            "key Right",
            "key Char('?')",
            "key Char('n')",
            "key Char('1')",
            "key Enter",
            "key Enter",
            "key Char('+')",
            "key PageDown",
            "key Backspace",
            "click",
            "key Char('q')",
        ],
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The real command on a real deck. Needs `gong export` wired to the layout.
#[test]
#[ignore = "needs `gong export DECK --out DIR` wired in cli.rs"]
fn gong_export_draws_a_deck_as_pngs() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let folder = tempfile::tempdir().unwrap();
    let picture = image::RgbImage::from_pixel(320, 200, image::Rgb([230, 30, 30]));
    picture.save(folder.path().join("red.png")).unwrap();
    let long_list: String = (1..=80).map(|n| format!("- point number {n}\n")).collect();
    let deck = format!(
        "# Lightning talks\n\n---\n\n![a red picture](red.png)\n\n---\n\n# Too much\n\n{long_list}"
    );
    let deck_path = folder.path().join("deck.md");
    std::fs::write(&deck_path, deck).unwrap();
    let out = folder.path().join("out");
    let gong = PathBuf::from(env!("CARGO_BIN_EXE_gong"));
    let run = run_with_display(
        &gong,
        &[
            "export",
            deck_path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &display,
    );
    assert!(
        run.status.success(),
        "gong export failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );

    let title = load(&out.join("slide-01.png"));
    assert_eq!(title.dimensions(), xvfb::SCREEN);
    assert!(
        close(pixel(&title, 3, 3), BACKGROUND),
        "dark theme background"
    );
    let letters = count(&title, (0, 0, 1920, 1080), lit);
    assert!(letters > 2_000, "title slide has {letters} lit pixels");

    let with_picture = load(&out.join("slide-02.png"));
    let red = count(&with_picture, (0, 0, 1920, 1080), |rgb| {
        rgb[0] > 200 && rgb[1] < 60 && rgb[2] < 60
    });
    assert!(red > 50_000, "the picture shows: {red} red pixels");

    // The overflowing slide is clipped with a mark: something other than background in
    // the bottom strip of the slide.
    let clipped = load(&out.join("slide-03.png"));
    let marked = count(&clipped, (0, 1000, 1920, 80), |rgb| !close(rgb, BACKGROUND));
    assert!(marked > 100, "a visible mark at the clip: {marked} pixels");
    assert!(!out.join("slide-04.png").exists());
}
