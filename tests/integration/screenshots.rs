//! What reaches the screen, checked in pixels: real binaries run under Xvfb, export PNGs,
//! and the tests read them back and look at regions and colours. Compares RGB with a
//! tolerance (antialiasing and Mesa versions move edges by a shade, never a region).
//!
//! Without Xvfb these tests skip, except under `CI=true`, where they fail.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use image::RgbImage;

use crate::support::{child, gong_binary, xvfb};

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
    let mut command = Command::new(program);
    child::clean(&mut command)
        .args(args)
        .env("DISPLAY", display);
    child::output_within(&mut command, child::DEADLINE)
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

/// A frame copied from the still layer looks exactly like one painted in full: the
/// demo paints a line of text, then a photo and its veil below it, a title and a frame
/// over them, under a count that changes every frame; first directly, ten frames later
/// with the photo and veil copied from the layer and the rest painted beside and over.
#[test]
fn the_still_layer_shows_the_same_pixels_as_painting() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = run_with_display(&paint_demo(), &["still", dir], &display);
    assert!(
        run.status.success(),
        "paint_demo still failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let direct = load(&out.path().join("direct.png"));
    let layered = load(&out.path().join("layered.png"));
    // The count's box in the bottom right corner (COUNT_BOX in the demo) is the only
    // place they may differ.
    let (width, height) = layered.dimensions();
    assert_eq!(direct.dimensions(), (width, height));
    let in_count = |x: u32, y: u32| x + 320 >= width && y + 120 >= height;
    let mut differ = 0;
    let mut count_differs = false;
    for (x, y, rgb) in layered.enumerate_pixels() {
        if direct.get_pixel(x, y) != rgb {
            if in_count(x, y) {
                count_differs = true;
            } else {
                differ += 1;
            }
        }
    }
    assert_eq!(differ, 0, "{differ} pixels differ outside the count");
    assert!(
        count_differs,
        "the count did not change: the same frame twice?"
    );
    // The line above the photo, painted beside its copy, is there.
    let accent = |rgb: &image::Rgb<u8>| rgb[2] > 200 && rgb[0] < 140 && rgb[1] > 150;
    let beside = (0..300)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter(|&(x, y)| accent(layered.get_pixel(x, y)))
        .count();
    assert!(
        beside > 2_000,
        "{beside} pixels of the line above the photo"
    );
    // The photo is there, veiled: red on the left, blue on the right.
    let red = pixel(&layered, width / 4, height * 2 / 3);
    let blue = pixel(&layered, width * 3 / 4, height * 2 / 3);
    assert!(red[0] > 90 && red[2] < 60, "left is veiled red: {red:?}");
    assert!(
        blue[2] > 90 && blue[0] < 60,
        "right is veiled blue: {blue:?}"
    );
}

#[test]
fn without_a_display_the_error_is_one_clear_line() {
    let mut command = Command::new(paint_demo());
    child::clean(&mut command).args(["present"]);
    let output = child::output_within(&mut command, child::DEADLINE);
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
    let mut command = Command::new(paint_demo());
    let mut app = child::clean(&mut command)
        .arg("present")
        .env("DISPLAY", &display)
        .env("GONG_WINDOW_SIZE", "640x360")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paint_demo starts");
    let xdotool = |args: &[&str]| {
        let mut command = Command::new("xdotool");
        child::clean(&mut command)
            .args(args)
            .env("DISPLAY", &display);
        child::output_within(&mut command, child::TOOL_DEADLINE).status
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

/// Runs `gong export DECK --out DIR` under the test display and returns the folder the
/// slides went to (kept alive by the returned temporary directory).
fn export(deck: &Path, display: &str) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("out");
    let gong = gong_binary();
    let run = run_with_display(
        &gong,
        &[
            "export",
            deck.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        display,
    );
    assert!(
        run.status.success(),
        "gong export {} failed: {}",
        deck.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    (folder, out)
}

fn talk(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("talks")
        .join(name)
}

/// The leftmost and rightmost columns in the region holding a pixel for which `test`
/// holds.
fn extent(
    picture: &RgbImage,
    region: (u32, u32, u32, u32),
    test: impl Fn([u8; 3]) -> bool,
) -> Option<(u32, u32)> {
    let (x0, y0, w, h) = region;
    let columns: Vec<u32> = (x0..x0 + w)
        .filter(|&x| (y0..y0 + h).any(|y| test(pixel(picture, x, y))))
        .collect();
    Some((*columns.first()?, *columns.last()?))
}

/// The real command on a real deck.
#[test]
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
    let gong = gong_binary();
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

    // The overflowing slide is clipped with a mark: the accent-coloured "▼ more" at the
    // bottom right of the content box (an export keeps no footer: the box ends 70 px
    // above the bottom edge, 110 px in from the right).
    let clipped = load(&out.join("slide-03.png"));
    let marked = count(&clipped, (1500, 940, 330, 80), |rgb| close(rgb, ACCENT));
    assert!(marked > 100, "a visible mark at the clip: {marked} pixels");
    assert!(!out.join("slide-04.png").exists());
}

/// The Korean demo deck: the title card's Hangul is drawn where layout put every
/// glyph (a glyph no font has would be a silent gap), and no two runs of text on any
/// slide overlap.
#[test]
fn the_korean_deck_draws_every_glyph_where_layout_put_it() {
    use gong::deck::Deck;
    use gong::fonts::FontSet;
    use gong::layout::{DrawItem, Face, Measure, NoImages, SlideContext, layout_slide};
    use gong::theme::Theme;

    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let deck_path = talk("kafka.md");
    let (_folder, out) = export(&deck_path, &display);

    let source = std::fs::read_to_string(&deck_path).unwrap();
    let deck = Deck::parse(&source);
    let fonts = FontSet::shared().unwrap();
    let theme = Theme::dark();
    let dir = deck_path.parent().unwrap();
    let lay = |slide| {
        let context = SlideContext {
            window: (1920.0, 1080.0),
            theme: &theme,
            measure: fonts,
            images: &NoImages,
            deck_dir: dir,
            reveal: usize::MAX,
            footer: false,
        };
        layout_slide(slide, &context)
    };
    let slides: Vec<_> = deck.shown_slides().collect();
    assert!(out.join(format!("slide-{:02}.png", slides.len())).exists());

    // The title card: every Hangul syllable of the title has lit pixels in its own box.
    let title_card = load(&out.join("slide-01.png"));
    let list = lay(slides[0]);
    let mut syllables = 0;
    for item in &list.items {
        let DrawItem::Text {
            x, y, size, text, ..
        } = item
        else {
            continue;
        };
        if *size < 100.0 {
            continue;
        }
        let mut pen = *x;
        for ch in text.chars() {
            let advance = fonts.width(&ch.to_string(), Face::Bold, *size);
            if ('가'..='힣').contains(&ch) {
                syllables += 1;
                let region = (
                    (pen + advance * 0.15) as u32,
                    (y - size * 0.75) as u32,
                    (advance * 0.7) as u32,
                    (size * 0.7) as u32,
                );
                let ink = count(&title_card, region, lit);
                assert!(ink > 1_000, "{ch:?} at {region:?} has {ink} lit pixels");
            }
            pen += advance;
        }
    }
    assert_eq!(syllables, "로실시간데이터처리".chars().count());
    // The subtitle under it is drawn too, centred.
    let (left, right) = extent(&title_card, (0, 560, 1920, 160), lit).expect("a subtitle");
    assert!(((left + right) as i32 - 1920).abs() < 40, "{left}..{right}");

    // No two runs of text overlap on any slide of the deck.
    for (number, slide) in slides.iter().enumerate() {
        let boxes: Vec<(f32, f32, f32, f32, String)> = lay(slide)
            .items
            .iter()
            .filter_map(|item| match item {
                DrawItem::Text {
                    x,
                    y,
                    size,
                    text,
                    font,
                    ..
                } if !text.trim().is_empty() => {
                    // The run is already one font's: measure it in the face that font is.
                    let face = match *font {
                        gong::fonts::BOLD | gong::fonts::BOLD_HANGUL => Face::Bold,
                        gong::fonts::MONO => Face::Mono,
                        gong::fonts::ITALIC => Face::Italic,
                        gong::fonts::BOLD_ITALIC => Face::BoldItalic,
                        _ => Face::Regular,
                    };
                    let width = fonts.width(text.trim_end(), face, *size);
                    Some((*x, y - size * 0.72, x + width, *y, text.clone()))
                }
                _ => None,
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap_x = a.2.min(b.2) - a.0.max(b.0);
                let overlap_y = a.3.min(b.3) - a.1.max(b.1);
                assert!(
                    overlap_x <= 2.0 || overlap_y <= 2.0,
                    "slide {}: {:?} overlaps {:?}",
                    number + 1,
                    a.4,
                    b.4
                );
            }
        }
    }
}

/// The mean difference, over a grid of samples, between `source` scaled to `size` and
/// what the slide shows in the box at `at`: small when the box holds that very picture,
/// large for a placeholder frame or a picture cut off.
fn unlike(
    slide: &RgbImage,
    source: &RgbImage,
    at: (u32, u32),
    size: (u32, u32),
) -> (f32, Vec<u32>) {
    let scaled = image::imageops::resize(
        source,
        size.0,
        size.1,
        image::imageops::FilterType::Triangle,
    );
    let mut differences = Vec::new();
    for gy in 1..8 {
        for gx in 1..12 {
            let (sx, sy) = (gx * size.0 / 12, gy * size.1 / 8);
            let want = scaled.get_pixel(sx, sy).0;
            let got = pixel(slide, at.0 + sx, at.1 + sy);
            let difference: u32 = want
                .iter()
                .zip(got)
                .map(|(a, b)| u32::from(a.abs_diff(b)))
                .sum();
            differences.push(difference);
        }
    }
    let mean = differences.iter().sum::<u32>() as f32 / differences.len() as f32;
    (mean, differences)
}

/// The bands of rows, top to bottom, that hold anything but the slide's background.
fn bands(slide: &RgbImage) -> Vec<(u32, u32)> {
    let (width, height) = slide.dimensions();
    let mut bands: Vec<(u32, u32)> = Vec::new();
    for y in 0..height {
        if (0..width).all(|x| close(pixel(slide, x, y), BACKGROUND)) {
            continue;
        }
        match bands.last_mut() {
            Some((_, bottom)) if *bottom + 1 == y => *bottom = y,
            _ => bands.push((y, y)),
        }
    }
    bands
}

/// The pictures demo deck: a sized picture shows its own colours in its box, a full-HD
/// screenshot alone under its heading fills the room under it, and a `bg` picture
/// covers the whole slide.
#[test]
fn the_pictures_deck_shows_its_pictures() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let (_folder, out) = export(&talk("pictures.md"), &display);

    // Slide 5: `![w:640 h:360](images/clouds.jpg)`, centred across the canvas.
    let slide = load(&out.join("slide-05.png"));
    let source = load(&talk("images/clouds.jpg"));
    let rows: Vec<u32> = (0..1080)
        .filter(|&y| !close(pixel(&slide, 960, y), BACKGROUND) && !lit(pixel(&slide, 960, y)))
        .collect();
    let (top, bottom) = (rows[0], *rows.last().unwrap());
    let height = bottom - top + 1;
    assert!(height.abs_diff(360) <= 3, "picture rows {top}..={bottom}");
    let (left, right) = extent(&slide, (0, top + 180, 1920, 1), |rgb| {
        !close(rgb, BACKGROUND)
    })
    .unwrap();
    assert!(
        left.abs_diff(640) <= 3 && right.abs_diff(1279) <= 3,
        "{left}..{right}"
    );
    // Sampled on a grid, the box holds the picture's own colours.
    let (mean, differences) = unlike(&slide, &source, (left, top), (640, 360));
    assert!(
        mean < 30.0,
        "the box does not hold the picture: {differences:?}"
    );

    // Slide 6: `## Screenshots fill the slide` over a 1920 × 1080 screenshot with no
    // size given. Its rows are two bands, the heading's and the picture's.
    let slide = load(&out.join("slide-06.png"));
    let source = load(&talk("images/dashboard.png"));
    let found = bands(&slide);
    let [heading, picture] = found[..] else {
        panic!("expected a heading and a picture, found the bands {found:?}");
    };
    let (top, bottom) = picture;
    let (left, right) = extent(&slide, (0, top, 1920, bottom - top + 1), |rgb| {
        !close(rgb, BACKGROUND)
    })
    .unwrap();
    let (width, height) = (right - left + 1, bottom - top + 1);
    // Its shape, centred across the slide.
    assert!(
        (width as f32 / height as f32 - 16.0 / 9.0).abs() < 0.01,
        "{width}×{height}"
    );
    assert!((left + right).abs_diff(1919) <= 3, "{left}..{right}");
    // An export has no footer: the content box ends 70 px above the bottom edge. The
    // picture takes most of the room from under the heading down to there.
    let room = 1080 - 70 - heading.1;
    assert!(
        height * 100 >= room * 85 && bottom < 1080 - 70 + 2,
        "{height} px of the {room} px under the heading ({found:?})"
    );
    // The picture itself, not a framed placeholder.
    let (mean, differences) = unlike(&slide, &source, (left, top), (width, height));
    assert!(
        mean < 30.0,
        "the box does not hold the screenshot: {differences:?}"
    );

    // Slides 1 and 8 carry `![bg]`: no stretch of bare background anywhere, corners
    // included.
    for number in [1, 8] {
        let covered = load(&out.join(format!("slide-{number:02}.png")));
        let bare = count(&covered, (0, 0, 1920, 1080), |rgb| close(rgb, BACKGROUND));
        assert!(
            bare < 1920 * 1080 / 100,
            "slide {number}: {bare} pixels of bare background"
        );
        for (x, y) in [(2, 2), (1917, 2), (2, 1077), (1917, 1077)] {
            assert!(
                !close(pixel(&covered, x, y), BACKGROUND),
                "slide {number}: corner {x},{y} is bare"
            );
        }
    }
}

/// A deck made to overflow: what does not fit at the smallest legible size is cut, and
/// the accent-coloured "▼ more" mark says so at the bottom of the slide.
const OVERFLOWING_DECK: &str = "\
# Everything we learned

- one thing we learned the hard way, told at length so it takes a whole line
- another thing we learned the hard way, told at length so it takes a whole line
- a third thing we learned the hard way, told at length so it takes a whole line
- a fourth thing we learned the hard way, told at length so it takes a whole line
- a fifth thing we learned the hard way, told at length so it takes a whole line
- a sixth thing we learned the hard way, told at length so it takes a whole line
- a seventh thing we learned the hard way, told at length so it takes a whole line
- an eighth thing we learned the hard way, told at length so it takes a whole line
- a ninth thing we learned the hard way, told at length so it takes a whole line
- a tenth thing we learned the hard way, told at length so it takes a whole line
- an eleventh thing we learned the hard way, told at length so it takes a whole line
- a twelfth thing we learned the hard way, told at length so it takes a whole line
- a thirteenth thing we learned the hard way, told at length so it takes a line
- a fourteenth thing we learned the hard way, told at length so it takes a line
- a fifteenth thing we learned the hard way, told at length so it takes a line
- a sixteenth thing we learned the hard way, told at length so it takes a line
- a seventeenth thing we learned the hard way, told at length so it takes a line
- an eighteenth thing we learned the hard way, told at length so it takes a line
- a nineteenth thing we learned the hard way, told at length so it takes a line
- a twentieth thing we learned the hard way, told at length so it takes a line
- the twenty-first thing we learned the hard way, told at length, to be cut off

---

## A slide that fits

Nothing to cut here.
";

#[test]
fn an_overflowing_slide_is_cut_with_a_visible_mark() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("overflow.md");
    std::fs::write(&deck, OVERFLOWING_DECK).unwrap();
    let (_out_folder, out) = export(&deck, &display);

    let cut = load(&out.join("slide-01.png"));
    // The mark at the bottom right of the content box, in the accent colour.
    let mark = count(&cut, (1400, 920, 430, 100), |rgb| close(rgb, ACCENT));
    assert!(mark > 150, "mark: {mark} accent pixels");
    let (_, right) = extent(&cut, (1400, 920, 520, 100), |rgb| close(rgb, ACCENT)).unwrap();
    assert!(right.abs_diff(1810) <= 6, "mark ends at {right}");
    // Nothing is drawn under the content box.
    assert_eq!(count(&cut, (0, 1015, 1920, 65), lit), 0);

    // The slide that fits has no mark, and is drawn: a blank picture has no mark either.
    let fits = load(&out.join("slide-02.png"));
    assert_eq!(
        count(&fits, (1400, 920, 430, 100), |rgb| close(rgb, ACCENT)),
        0
    );
    let drawn = count(&fits, (0, 0, 1920, 1080), lit);
    assert!(drawn > 2_000, "the fitting slide shows {drawn} lit pixels");
}

/// Text never comes out as black blocks. Drawing a space caches its glyph, and a glyph
/// cached mid-frame could grow a font's atlas under the text queued before it: on this
/// slide "ab" came out as two solid blocks. The dark theme draws nothing darker than
/// its background, so a block is any pixel darker than it.
#[test]
fn text_before_a_space_is_never_drawn_as_blocks() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("blocks.md");
    std::fs::write(&deck, "# Plain\n\n- ab joined\n").unwrap();
    let (_out_folder, out) = export(&deck, &display);
    let slide = load(&out.join("slide-01.png"));
    let ground = pixel(&slide, 5, 5);
    let darker = |rgb: [u8; 3]| {
        rgb.iter()
            .zip(ground)
            .all(|(c, g)| u16::from(*c) + 6 < u16::from(g))
    };
    assert_eq!(count(&slide, (0, 0, 1920, 1080), darker), 0, "black blocks");
    assert!(
        count(&slide, (0, 0, 1920, 1080), lit) > 1_000,
        "the text is drawn"
    );
}

/// The world deck (talks/world.md): every slide is exported with its text drawn, the
/// shaped scripts included, and the Arabic and Hebrew headings are set flush right
/// where every other script's starts at the left margin.
#[test]
fn the_world_deck_draws_every_script_on_its_side() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let (_folder, out) = export(&talk("world.md"), &display);
    // Title, then Japanese, Simplified and Traditional Chinese, Korean, Vietnamese,
    // Greek, Russian, Arabic, Hebrew, Hindi, Thai.
    let right_to_left = [9, 10];
    for slide in 1..=12 {
        let picture = load(&out.join(format!("slide-{slide:02}.png")));
        let letters = count(&picture, (0, 0, 1920, 1080), lit);
        assert!(letters > 3_000, "slide {slide} has {letters} lit pixels");
        if slide == 1 {
            continue;
        }
        let heading = (0, 240, 1920, 120);
        let (left, right) = extent(&picture, heading, lit).expect("a heading");
        if right_to_left.contains(&slide) {
            assert!(right > 1750 && left > 600, "slide {slide}: {left}..{right}");
        } else {
            assert!(left < 200 && right < 1750, "slide {slide}: {left}..{right}");
        }
    }
    assert!(!out.join("slide-13.png").exists());
}

/// Emoji are drawn in their own colours (issue 11), not as boxes nor in the text's
/// colour: the green of ✅, the red of ❤️ and the flag's black, red and gold, each
/// in the part of the heading where layout put it; `:rocket:` is a rocket.
#[test]
fn emoji_are_drawn_in_their_own_colours() {
    let Some(display) = xvfb::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let folder = tempfile::tempdir().unwrap();
    let deck = folder.path().join("emoji.md");
    std::fs::write(&deck, "# ✅ ❤\u{FE0F} 🇩🇪\n\nShip it :rocket:\n").unwrap();
    let (_out_folder, out) = export(&deck, &display);
    let slide = load(&out.join("slide-01.png"));
    let heading = (0, 150, 1920, 350);
    let green = |[r, g, b]: [u8; 3]| g > 150 && r < 140 && b < 120;
    let red = |[r, g, b]: [u8; 3]| r > 190 && g < 80 && b < 80;
    let gold = |[r, g, b]: [u8; 3]| r > 220 && g > 170 && b < 60;
    let (green_from, green_to) = extent(&slide, heading, green).expect("a green tick");
    let (red_from, _) = extent(&slide, heading, red).expect("a red heart");
    let (gold_from, _) = extent(&slide, heading, gold).expect("a flag's gold");
    assert!(count(&slide, heading, green) > 1_500, "the tick's green");
    assert!(count(&slide, heading, gold) > 500, "the flag's gold");
    // Left to right as written: the tick, then the heart, then the flag (whose red
    // stripe starts where its gold does).
    assert!(
        green_to < red_from && red_from + 100 < gold_from,
        "{green_from}..{green_to} {red_from} {gold_from}"
    );
    // The rocket is its own picture below: red and grey, in the paragraph's band.
    let paragraph = (0, 500, 1920, 300);
    assert!(count(&slide, paragraph, red) > 100, "a red rocket");
}
