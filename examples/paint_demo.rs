//! Paints hand-made draw lists through the real window: a check of the painter, the
//! export path, key input and frame timing without the layout or the show.
//!
//! ```text
//! paint_demo export OUT_DIR      # slide-01.png … into OUT_DIR (1920×1080 window)
//! paint_demo present             # a window; prints each key; q quits, f fullscreen
//! paint_demo first-frame         # opens, paints once, prints the time since start
//! paint_demo frames N [title]    # paints the 1,650-glyph (or title) slide N times; timings
//! paint_demo still OUT_DIR       # a photo under a ticking count, painted directly and
//!                                # then from the still layer: direct.png, layered.png
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gong::command::Key;
use gong::images::ImageCache;
use gong::layout::{DrawItem, DrawList, FontId, ImageSizes, ImageState, Rect, Rgba};
use gong::window::export::{ExportConfig, export};
use gong::window::{App, Frame, FrameSpan, Viewport, WindowConfig, measure_frames, present};

const BACKGROUND: Rgba = Rgba::rgb(0x14, 0x16, 0x1c);
const TEXT: Rgba = Rgba::rgb(0xec, 0xee, 0xf2);
const ACCENT: Rgba = Rgba::rgb(0x5c, 0xc8, 0xff);
const MARK: Rgba = Rgba::rgb(0xff, 0x4a, 0x3d);

/// Where the demo's parts are, so the screenshot test can look in the right places.
const TITLE_BOX: Rect = Rect::new(160.0, 120.0, 1600.0, 200.0);
const PICTURE_BOX: Rect = Rect::new(560.0, 300.0, 800.0, 480.0);
const CLIP_MARK: Rect = Rect::new(1800.0, 1000.0, 80.0, 40.0);

fn text(x: f32, y: f32, size: f32, color: Rgba, words: &str) -> DrawItem {
    DrawItem::Text {
        x,
        y,
        size,
        font: FontId(0),
        color,
        text: words.to_string(),
        glyphs: Vec::new(),
    }
}

fn background() -> DrawItem {
    DrawItem::Rect {
        rect: Rect::new(0.0, 0.0, 1920.0, 1080.0),
        color: BACKGROUND,
    }
}

/// Slide 1: a title in its box, a rule, a framed box and a line of body text.
fn title_slide() -> DrawList {
    let mut list = DrawList::default();
    list.push(background());
    list.push(text(
        TITLE_BOX.x,
        TITLE_BOX.y + 150.0,
        140.0,
        TEXT,
        "Lightning talks",
    ));
    list.push(DrawItem::Line {
        from: (TITLE_BOX.x, TITLE_BOX.bottom() + 20.0),
        to: (TITLE_BOX.right(), TITLE_BOX.bottom() + 20.0),
        thickness: 6.0,
        color: ACCENT,
    });
    list.push(DrawItem::Frame {
        rect: Rect::new(160.0, 420.0, 700.0, 300.0),
        thickness: 4.0,
        color: ACCENT,
    });
    list.push(text(
        200.0,
        600.0,
        56.0,
        TEXT,
        "five minutes, then the gong",
    ));
    list
}

/// Slide 2: a picture scaled into its box, with a frame around it.
fn picture_slide(picture: &Path, images: &dyn ImageSizes) -> DrawList {
    let mut list = DrawList::default();
    list.push(background());
    match images.image_state(picture) {
        ImageState::Ready { .. } => list.push(DrawItem::Image {
            rect: PICTURE_BOX,
            path: picture.to_path_buf(),
        }),
        ImageState::Loading => {}
        ImageState::Failed(reason) => list.push(text(100.0, 200.0, 32.0, MARK, &reason)),
    }
    list.push(DrawItem::Frame {
        rect: PICTURE_BOX,
        thickness: 2.0,
        color: TEXT,
    });
    list
}

/// Slide 3: text running off the bottom, and the clipped mark in the corner.
fn clipped_slide() -> DrawList {
    let mut list = DrawList::default();
    list.push(background());
    for line in 0..12 {
        list.push(text(
            160.0,
            200.0 + 90.0 * line as f32,
            72.0,
            TEXT,
            "too much to say in five minutes",
        ));
    }
    list.push(DrawItem::Rect {
        rect: CLIP_MARK,
        color: MARK,
    });
    list.overflow = true;
    list
}

/// 50 lines of 33 glyphs (1,650): more text than a slide should ever hold.
fn heavy_slide() -> DrawList {
    let mut list = DrawList::default();
    list.push(background());
    let line = "The quick brown fox jumps over a lazy dog";
    for row in 0..50 {
        list.push(text(40.0, 24.0 + 21.0 * row as f32, 20.0, TEXT, line));
    }
    list
}

fn write_demo_picture(path: &Path) -> Result<(), String> {
    // Left half red, right half blue: orientation and scaling show at a glance.
    let picture = image::RgbImage::from_fn(400, 240, |x, y| {
        if y < 40 {
            image::Rgb([255, 255, 255])
        } else if x < 200 {
            image::Rgb([230, 30, 30])
        } else {
            image::Rgb([30, 60, 230])
        }
    });
    picture.save(path).map_err(|error| error.to_string())
}

/// The size of the box in the bottom right corner where `still` draws its ticking count:
/// the one place its two screenshots differ.
const COUNT_BOX: (f32, f32) = (320.0, 120.0);

/// A line of text, a photo under a veil filling the screen below it, a title and a
/// frame over the photo, and a count that changes every frame: the first frame with the
/// photo is painted directly, later ones copy the photo and veil from the still layer
/// and paint the rest. Saves one of each, then quits.
struct StillCheck {
    images: ImageCache,
    picture: PathBuf,
    out: PathBuf,
    frames: usize,
    /// The frame the picture was first drawn in.
    shown_at: Option<usize>,
    list: DrawList,
    done: bool,
}

impl StillCheck {
    fn compose(&mut self, screen: Viewport) {
        // The photo below a line of text, as the presenter's next slide sits beside the
        // current one: the layer holds only the photo and its veil, and the text before
        // and after them is painted beside and over its copy.
        let photo = Rect::new(0.0, 300.0, screen.width, screen.height - 300.0);
        let mut list = DrawList::default();
        list.push(background());
        list.push(text(160.0, 200.0, 90.0, ACCENT, "Painted beside the copy"));
        if self.shown_at.is_some() {
            list.push(DrawItem::Image {
                rect: photo,
                path: self.picture.clone(),
            });
            list.push(DrawItem::Rect {
                rect: photo,
                color: BACKGROUND.with_alpha(0x90),
            });
        }
        list.push(text(160.0, 560.0, 120.0, TEXT, "Still under a clock"));
        list.push(DrawItem::Frame {
            rect: Rect::new(120.0, 420.0, 1200.0, 180.0),
            thickness: 3.0,
            color: MARK,
        });
        let count = format!("{:04}", self.frames);
        let (left, top) = (screen.width - COUNT_BOX.0, screen.height - COUNT_BOX.1);
        list.push(text(left + 20.0, top + 90.0, 80.0, ACCENT, &count));
        self.list = list;
    }
}

impl App for StillCheck {
    fn frame(&mut self, screen: Viewport, _now: Instant) -> Frame<'_> {
        self.frames += 1;
        let ready = matches!(
            self.images.image_state(&self.picture),
            ImageState::Ready { .. }
        );
        if ready && self.shown_at.is_none() {
            self.shown_at = Some(self.frames);
        }
        self.compose(screen);
        let shot = match self.shown_at.map(|at| self.frames - at) {
            Some(0) => Some(self.out.join("direct.png")),
            Some(10) => Some(self.out.join("layered.png")),
            Some(11..) => {
                self.done = true;
                None
            }
            _ => None,
        };
        let mut frame = Frame::still(&self.list);
        frame.animating = true;
        frame.screenshot = shot;
        frame
    }

    fn key(&mut self, _key: Key, _now: Instant) {}

    fn click(&mut self, _now: Instant) {}

    fn wants_quit(&self) -> bool {
        self.done
    }

    fn screenshot_saved(&mut self, path: &Path, result: Result<(), gong::window::WindowError>) {
        match result {
            Ok(()) => println!("{}", path.display()),
            Err(error) => eprintln!("{}: {error}", path.display()),
        }
    }
}

/// Shows the demo slides; arrow keys move, `q` quits, `f` toggles fullscreen, and every
/// key is printed so a test can see what arrived.
struct Demo {
    slides: Vec<DrawList>,
    current: usize,
    quit: bool,
    toggle: bool,
    /// Reported on stderr at the end, to check the frame rate while idle.
    frames: usize,
}

impl App for Demo {
    fn frame(&mut self, _screen: Viewport, _now: Instant) -> Frame<'_> {
        self.frames += 1;
        let toggle = std::mem::take(&mut self.toggle);
        let mut frame = Frame::still(&self.slides[self.current]);
        frame.upcoming = self.slides.get(self.current + 1).into_iter().collect();
        frame.toggle_fullscreen = toggle;
        frame
    }

    fn key(&mut self, key: Key, _now: Instant) {
        println!("key {key:?}");
        match key {
            Key::Right | Key::Space | Key::PageDown => {
                self.current = (self.current + 1).min(self.slides.len() - 1);
            }
            Key::Left | Key::PageUp => self.current = self.current.saturating_sub(1),
            Key::Char('q') => self.quit = true,
            Key::Char('f') => self.toggle = true,
            _ => {}
        }
    }

    fn click(&mut self, _now: Instant) {
        println!("click");
    }

    fn wants_quit(&self) -> bool {
        self.quit
    }
}

fn run(args: &[String], started: Instant) -> Result<(), String> {
    let mode = args.first().map(String::as_str).unwrap_or("present");
    match mode {
        "export" => {
            let out = PathBuf::from(args.get(1).ok_or("export needs an output folder")?);
            std::fs::create_dir_all(&out).map_err(|error| error.to_string())?;
            let picture = out.join("demo-picture.png");
            write_demo_picture(&picture)?;
            let images = ImageCache::new((1920, 1080));
            let written = export(
                ExportConfig::new(&out),
                4,
                images,
                move |index, _, images| match index {
                    0 => title_slide(),
                    1 => picture_slide(&picture, images),
                    2 => clipped_slide(),
                    _ => heavy_slide(),
                },
            )
            .map_err(|error| error.to_string())?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(())
        }
        "still" => {
            let out = PathBuf::from(args.get(1).ok_or("still needs an output folder")?);
            std::fs::create_dir_all(&out).map_err(|error| error.to_string())?;
            let picture = out.join("still-picture.png");
            write_demo_picture(&picture)?;
            let images = ImageCache::new((1920, 1080));
            let check = StillCheck {
                images: images.clone(),
                picture,
                out,
                frames: 0,
                shown_at: None,
                list: DrawList::default(),
                done: false,
            };
            let config = WindowConfig::new(true).map_err(|error| error.to_string())?;
            present(config, check, Some(images)).map_err(|error| error.to_string())?;
            Ok(())
        }
        "first-frame" => {
            let config = WindowConfig::new(true).map_err(|error| error.to_string())?;
            let spans = measure_frames(config, title_slide(), 1, started, None, None)
                .map_err(|error| error.to_string())?;
            let first = spans.first().ok_or("no frame was painted")?;
            println!("first frame on screen after {:?}", first.end);
            Ok(())
        }
        "present" => {
            let config = WindowConfig::new(true).map_err(|error| error.to_string())?;
            let demo = Demo {
                slides: vec![title_slide(), clipped_slide(), heavy_slide()],
                current: 0,
                quit: false,
                toggle: false,
                frames: 0,
            };
            let started = Instant::now();
            let demo = present(config, demo, None).map_err(|error| error.to_string())?;
            eprintln!("{} frames in {:?}", demo.frames, started.elapsed());
            Ok(())
        }
        "frames" => {
            let count: usize = args
                .get(1)
                .and_then(|count| count.parse().ok())
                .unwrap_or(600);
            let config = WindowConfig::new(true).map_err(|error| error.to_string())?;
            // `frames N title` measures the light title slide, for comparison.
            let list = match args.get(2).map(String::as_str) {
                Some("title") => title_slide(),
                _ => heavy_slide(),
            };
            let glyphs = list.text().chars().filter(|c| *c != ' ').count();
            let spans = measure_frames(config, list, count.max(12), started, None, None)
                .map_err(|error| error.to_string())?;
            let first = spans.first().map(|span| span.end).unwrap_or_default();
            let mut times: Vec<Duration> = spans.iter().map(FrameSpan::cost).collect();
            // The first frames include glyph rasterisation: not the steady state.
            times.drain(..times.len().min(10));
            times.sort();
            let at = |quantile: f64| {
                times
                    .get(((times.len() as f64 - 1.0) * quantile) as usize)
                    .copied()
                    .unwrap_or(Duration::ZERO)
            };
            println!(
                "first frame on screen {:?} after start; {} frames of {} glyphs: p50 {:?} p99 {:?} max {:?}",
                first,
                times.len(),
                glyphs,
                at(0.5),
                at(0.99),
                at(1.0)
            );
            Ok(())
        }
        other => Err(format!("unknown mode `{other}`")),
    }
}

fn main() -> ExitCode {
    let started = Instant::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gong: {error}");
            ExitCode::FAILURE
        }
    }
}
