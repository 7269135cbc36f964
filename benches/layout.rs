//! Laying out every slide of the demo decks at 1920×1080 with the bundled fonts, as the
//! show does when a slide (or the window size) changes; and gathering the glyphs of every
//! card of a 50-talk session, as the show does at its start and after a lineup edit:
//! `cargo bench --bench layout`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gong::deck::Deck;
use gong::fonts::FontSet;
use gong::images::ImageHeaders;
use gong::layout::ahead::stage_ahead;
use gong::layout::stage::StageContext;
use gong::layout::{SlideContext, layout_slide, pause_steps};
use gong::show::{Show, ShowSettings, TalkPlan};
use gong::theme::Theme;

fn demo_layout(c: &mut Criterion) {
    let fonts = FontSet::shared().expect("the bundled fonts load");
    let theme = Theme::dark();
    let folder = Path::new("talks");
    let decks: Vec<Deck> = ["gong-tour.md", "kafka.md", "ignite.md", "pictures.md"]
        .iter()
        .map(|name| {
            let source = std::fs::read_to_string(folder.join(name)).expect("a demo deck");
            Deck::parse(&source)
        })
        .collect();
    let slides: Vec<_> = decks.iter().flat_map(Deck::shown_slides).collect();
    c.bench_function(&format!("layout/{} demo slides", slides.len()), |b| {
        b.iter(|| {
            for slide in &slides {
                let context = SlideContext {
                    window: (1920.0, 1080.0),
                    theme: &theme,
                    measure: fonts,
                    images: &ImageHeaders,
                    deck_dir: folder,
                    reveal: pause_steps(slide),
                    footer: true,
                };
                black_box(layout_slide(slide, &context));
            }
        })
    });
}

fn cards_ahead(c: &mut Criterion) {
    let fonts = FontSet::shared().expect("the bundled fonts load");
    let theme = Theme::dark();
    let talks = (1..=50)
        .map(|n| {
            TalkPlan::new(
                format!("Speaker {n}"),
                format!("Talk number {n}"),
                Duration::from_secs(300),
            )
        })
        .collect();
    let show = Show::new(talks, ShowSettings::default());
    let context = StageContext {
        width: 1920.0,
        height: 1080.0,
        theme: &theme,
        measure: fonts,
    };
    let now = Instant::now();
    c.bench_function("stage_ahead/50 talks", |b| {
        b.iter(|| black_box(stage_ahead(&show, now, context)))
    });
}

criterion_group!(benches, demo_layout, cards_ahead);
criterion_main!(benches);
