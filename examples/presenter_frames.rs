//! The presenter view's frame cost against the audience view's, on a real slide: lays
//! out slide SLIDE of a deck both ways with the bundled fonts and the dark theme — the
//! audience's slide with its footer, or the presenter's current slide, next step, notes,
//! clock and plan bar — and reports what the frame costs in that view: the layout and
//! composing (paid when the picture changes: a press, a save) and the painting (every
//! frame), p50 over FRAMES frames painted back to back. One view per run: one window per
//! process. `scripts/bench-rehearse.sh` runs it on the demo decks and sets the two side
//! by side.
//!
//! ```text
//! xvfb-run -a -s '-screen 0 1920x1080x24' cargo run --release --example presenter_frames \
//!     -- talks/kafka.md 2 presenter [FRAMES]
//! ```

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gong::deck::source::read_source;
use gong::deck::{Deck, Slide};
use gong::fonts::FontSet;
use gong::format::Format;
use gong::images::ImageCache;
use gong::layout::presenter::{compose_presenter, regions};
use gong::layout::stage::{StageContext, compose};
use gong::layout::{DrawList, SlideContext, layout_slide, pause_steps};
use gong::theme::Theme;
use gong::view::{
    Card, ClockFace, ClockState, NextStep, PaceMark, Phase, PlanBar, PresenterView, TalkCard, Tone,
    View,
};
use gong::window::{FrameSpan, WindowConfig, measure_frames};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("presenter_frames: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: presenter_frames DECK SLIDE audience|presenter [FRAMES]";
    let deck_path = Path::new(args.first().ok_or(usage)?);
    let number: usize = args.get(1).and_then(|n| n.parse().ok()).ok_or(usage)?;
    let presenter = match args.get(2).map(String::as_str) {
        Some("presenter") => true,
        Some("audience") => false,
        _ => return Err(usage.into()),
    };
    let frames: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(300);
    let config = WindowConfig::new(true).map_err(|error| error.to_string())?;
    let size = (config.size.0 as f32, config.size.1 as f32);
    let source = read_source(deck_path).map_err(|error| error.to_string())?;
    let deck = Deck::parse(&source);
    let slides: Vec<&Slide> = deck.shown_slides().collect();
    let index = number.checked_sub(1).ok_or("slides count from 1")?;
    let slide = *slides.get(index).ok_or("no such slide")?;
    let fonts = FontSet::shared().map_err(|error| error.to_string())?;
    let theme = Theme::dark();
    let folder = deck_path.parent().unwrap_or(Path::new(""));
    // Pictures as the show draws them: decoded (off this thread) before measuring.
    let images = ImageCache::new((1920, 1080));
    let lay_out = |slide: &Slide, at: (f32, f32), footer: bool| {
        let context = SlideContext {
            window: at,
            theme: &theme,
            measure: fonts,
            images: &images,
            deck_dir: folder,
            reveal: pause_steps(slide),
            footer,
        };
        layout_slide(slide, &context)
    };
    let view = View {
        card: Card::Talk {
            talk: TalkCard {
                speaker: "Ada".into(),
                title: "A talk".into(),
                format: Format::Free,
                problem: None,
            },
            slide: index,
            slides: slides.len(),
            step: pause_steps(slide),
            typed: None,
        },
        clock: Some(ClockFace {
            slot_ms: 300_000,
            remaining_ms: 200_000,
            overtime_ms: 0,
            state: ClockState::Running,
            phase: Phase::Normal,
            tone: Tone::Plain,
            cue: None,
            paused_ms: None,
        }),
        overlay: None,
        banner: None,
        black: false,
    };
    let context = StageContext {
        width: size.0,
        height: size.1,
        theme: &theme,
        measure: fonts,
    };
    // What a change of slide costs in this view: its layout and the frame's composing.
    let build = || -> DrawList {
        if presenter {
            let boxes = regions(size.0, size.1);
            let current = lay_out(slide, (boxes.current.w, boxes.current.h), false);
            let next = slides
                .get(index + 1)
                .map(|next| lay_out(next, (boxes.next.w, boxes.next.h), false));
            let picture = PresenterView {
                audience: view.clone(),
                notes: slide.notes.clone(),
                notes_scroll: 0,
                next: NextStep::Slide { slide: index + 1 },
                slide_ms: Some(12_000),
                wall_clock: "21:04".into(),
                pace: Some(PaceMark::OnPace),
                plan: Some(PlanBar {
                    planned_ms: vec![30_000; slides.len()],
                    actual_ms: vec![25_000; index + 1],
                    current: index,
                }),
            };
            compose_presenter(&picture, Some(&current), next.as_ref(), context)
        } else {
            let shown = lay_out(slide, size, true);
            compose(&view, Some(&shown), context)
        }
    };
    build();
    let patience = Instant::now() + Duration::from_secs(10);
    while images.pending() > 0 && Instant::now() < patience {
        std::thread::sleep(Duration::from_millis(5));
    }
    let list = build();
    let rounds = 30;
    let started = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(build());
    }
    let layout = started.elapsed() / rounds;
    let spans = measure_frames(
        config,
        list,
        frames.max(20),
        Instant::now(),
        Some(images.clone()),
        None,
    )
    .map_err(|error| error.to_string())?;
    let mut times: Vec<Duration> = spans.iter().map(FrameSpan::cost).collect();
    // The first frames rasterise glyphs for the first time: not the steady state.
    times.drain(..times.len().min(10));
    times.sort();
    let p50 = times[times.len() / 2];
    println!(
        "slide {number} {}: layout {:.2} ms, paint p50 {:.2} ms",
        if presenter { "presenter" } else { "audience" },
        layout.as_secs_f64() * 1e3,
        p50.as_secs_f64() * 1e3,
    );
    Ok(())
}
