//! Laying out every slide of the demo decks at 1920×1080 with the bundled fonts, as the
//! show does when a slide (or the window size) changes; and gathering the glyphs of every
//! card of a 50-talk session, as the show does at its start and after a lineup edit; and
//! one paragraph of thousands of styled words, which must cost in proportion to its
//! length: `cargo bench --bench layout`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gong::deck::Deck;
use gong::fonts::FontSet;
use gong::images::ImageHeaders;
use gong::layout::ahead::glyphs_of;
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
        b.iter(|| black_box(glyphs_of(&show.cards_ahead(now), context)))
    });
}

/// `**y** z` repeated: every word a run of its own. Doubling the words should about
/// double the time (it once quadrupled it: 19 s for 64k words).
fn styled_runs(c: &mut Criterion) {
    let fonts = FontSet::shared().expect("the bundled fonts load");
    let theme = Theme::dark();
    let mut group = c.benchmark_group("layout/styled runs");
    group.sample_size(10);
    for thousands in [8, 16, 32, 64] {
        let source = format!("# Runs\n\n{}\n", "**y** z ".repeat(thousands * 1000));
        let deck = Deck::parse(&source);
        let slide = deck.shown_slides().next().expect("one slide");
        group.bench_function(format!("{thousands}k"), |b| {
            b.iter(|| {
                let context = SlideContext {
                    window: (1920.0, 1080.0),
                    theme: &theme,
                    measure: fonts,
                    images: &ImageHeaders,
                    deck_dir: Path::new("."),
                    reveal: usize::MAX,
                    footer: true,
                };
                black_box(layout_slide(slide, &context))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, demo_layout, cards_ahead, styled_runs);
criterion_main!(benches);
