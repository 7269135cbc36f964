//! How long `Deck::parse` takes on a large, varied deck. Saving the file in rehearsal
//! reloads the deck in place, so parsing must stay far below a frame's worth of pause
//! even for decks much longer than a lightning talk.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gong::deck::Deck;

/// A 1,000-slide deck that touches every construct the parser handles.
fn generated_deck(slides: usize) -> String {
    let mut deck =
        String::from("---\ntitle: Benchmarks\nauthor: Ada\nduration: 5m\nformat: free\n---\n\n");
    for n in 0..slides {
        deck.push_str(&format!("# Slide {n}: *fast* and **bold**\n\n"));
        match n % 8 {
            0 => deck.push_str(
                "Some prose with `code`, a [link](https://example.com), ~~old~~ text\n\
                 and a soft break, then a hard one  \nand a footnote[^f].\n\n",
            ),
            1 => deck.push_str(
                "- one\n- two\n  - nested *two*\n  - [x] done\n  - [ ] todo\n3. three\n4. four\n\n",
            ),
            2 => deck.push_str(
                "```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n    indented code\n\n",
            ),
            3 => deck.push_str(
                "| Name | Time | Slides |\n|:-----|:----:|-------:|\n\
                 | Ada | 5:00 | 20 |\n| Grace | 4:30 | 12 |\n\n",
            ),
            4 => deck.push_str("> [!TIP]\n> Breathe.\n\n> A plain quote\n> > nested\n\n"),
            5 => deck.push_str("![bg w:600 h:400 A chart](chart.png)\n\ntext ![icon](i.png)\n\n"),
            6 => deck.push_str(
                "<!-- column_layout: [1, 2] -->\n<!-- column: 0 -->\nleft\n\n\
                 <!-- column: 1 -->\nright\n\n<!-- reset_layout -->\n<!-- pause -->\nmore\n\n",
            ),
            _ => deck.push_str("한국어 문장과 English words 섞인 줄.\n\n"),
        }
        deck.push_str("<!-- notes: say the thing -->\n<!-- time: 15s -->\n\n");
        if n % 2 == 0 {
            deck.push_str("---\n\n");
        } else {
            deck.push_str("<!-- end_slide -->\n\n");
        }
    }
    deck.push_str("[^f]: The footnote.\n");
    deck
}

fn parse(criterion: &mut Criterion) {
    let source = generated_deck(1_000);
    let deck = Deck::parse(&source);
    assert_eq!(
        deck.slides.len(),
        1_000,
        "the generated deck should parse fully"
    );
    let mut group = criterion.benchmark_group("parse");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("1000 slides", |bencher| {
        bencher.iter(|| Deck::parse(black_box(&source)));
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
