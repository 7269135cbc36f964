//! Frame times of the real painter on a real slide: lays out the heaviest slide of a deck
//! (the most glyphs, or the one named) with the bundled fonts, the dark theme and its
//! pictures decoded, then paints it N times (600), 60 a second as the show paces frames
//! while anything moves, and prints p50 / p99 / max of each frame's cost: from the start
//! of its painting to the end of its buffer swap. `--back-to-back` paints as fast as the
//! window allows instead (each frame then also waits on the X server's handling of the
//! one before). `scripts/bench-frames.sh` runs it on every demo slide.
//!
//! ```text
//! xvfb-run -a -s '-screen 0 1920x1080x24' \
//!     cargo run --release --example frame_times -- talks/gong-tour.md [SLIDE] [FRAMES] [--back-to-back]
//! ```
//! Run with `GONG_WINDOW_SIZE=1920x1080` for a full-HD window.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gong::deck::Deck;
use gong::deck::Slide;
use gong::deck::source::read_source;
use gong::fonts::FontSet;
use gong::images::{ImageCache, ImageHeaders};
use gong::layout::{DrawList, ImageSizes, SlideContext, layout_slide, pause_steps};
use gong::theme::Theme;
use gong::window::{FrameSpan, WindowConfig, measure_frames};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("frame_times: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let back_to_back = std::env::args().any(|arg| arg == "--back-to-back");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--back-to-back")
        .collect();
    let deck_path = Path::new(
        args.first()
            .ok_or("usage: frame_times DECK [SLIDE] [FRAMES]")?,
    );
    let chosen: Option<usize> = args.get(1).and_then(|slide| slide.parse().ok());
    let frames: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(600);
    let config = WindowConfig::new(true).map_err(|error| error.to_string())?;
    let size = (config.size.0 as f32, config.size.1 as f32);
    let source = read_source(deck_path).map_err(|error| error.to_string())?;
    let deck = Deck::parse(&source);
    let fonts = FontSet::shared().map_err(|error| error.to_string())?;
    let theme = Theme::dark();
    let folder = deck_path.parent().unwrap_or(Path::new(""));
    let lay_out = |slide: &Slide, images: &dyn ImageSizes| {
        let context = SlideContext {
            window: size,
            theme: &theme,
            measure: fonts,
            images,
            deck_dir: folder,
            reveal: pause_steps(slide),
            footer: true,
        };
        layout_slide(slide, &context)
    };
    let slides: Vec<&Slide> = deck.shown_slides().collect();
    let lists: Vec<DrawList> = slides
        .iter()
        .map(|slide| lay_out(slide, &ImageHeaders))
        .collect();
    let glyphs = |list: &DrawList| list.text().chars().filter(|c| !c.is_whitespace()).count();
    let (index, list) = match chosen {
        Some(number) => (
            number,
            lists.get(number.saturating_sub(1)).ok_or("no such slide")?,
        ),
        None => lists
            .iter()
            .enumerate()
            .max_by_key(|(_, list)| glyphs(list))
            .map(|(index, list)| (index + 1, list))
            .ok_or("the deck has no slides")?,
    };
    let count = glyphs(list);
    // Pictures as the show draws them: decoded (off this thread) and laid out again.
    let images = ImageCache::new((config.size.0.max(1920), config.size.1.max(1080)));
    let slide = slides[index - 1];
    lay_out(slide, &images);
    let patience = Instant::now() + Duration::from_secs(10);
    while images.pending() > 0 && Instant::now() < patience {
        std::thread::sleep(Duration::from_millis(5));
    }
    let list = lay_out(slide, &images);
    let pace = (!back_to_back).then_some(Duration::from_micros(16_667));
    let spans = measure_frames(
        config,
        list,
        frames.max(20),
        Instant::now(),
        Some(images),
        pace,
    )
    .map_err(|error| error.to_string())?;
    let mut times: Vec<Duration> = spans.iter().map(FrameSpan::cost).collect();
    // The first frames rasterise glyphs for the first time: not the steady state.
    times.drain(..times.len().min(10));
    times.sort();
    let at = |quantile: f64| {
        let last = times.len().saturating_sub(1) as f64;
        times[(last * quantile).round() as usize]
    };
    println!(
        "slide {index} ({count} glyphs), {} frames{} at {}x{}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        if back_to_back { " back to back" } else { "" },
        size.0,
        size.1,
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
    Ok(())
}
