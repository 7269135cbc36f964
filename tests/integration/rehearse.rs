//! Rehearsal end to end (issue 13): the real `gong rehearse` under Xvfb, driven by
//! xdotool. Each slide's recorded time is the time between the frames that answered the
//! presses that framed it, to the millisecond (the paint trace says when each frame
//! began; the show reads the clock once a frame), and the presses' own spacing to within
//! a frame; a save that adds a slide
//! before the one on screen keeps that slide on screen; a save that does not parse keeps
//! the deck; a kill leaves a record `gong report` reads; a second run is compared with
//! the first. The presenter view's slides are the exported slides at their size.
//!
//! Without Xvfb, xdotool or ImageMagick these tests skip, except under `CI=true`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use gong::layout::Rect;
use gong::layout::presenter::regions;
use image::RgbImage;
use serde_json::Value;

use crate::support::rehearser::Rehearser;
use crate::support::window::{self, PATIENCE};
use crate::support::{child, gong, gong_binary, xvfb};

/// Five slides with notes and budgets; "Why" has no budget of its own.
const DECK: &str = "---\ntitle: Queues\nauthor: Ada\n---\n\
# Hello\n\n<!-- time: 10s -->\n<!-- notes: Greet the room. -->\n\n---\n\n\
# Why\n\nBecause bursts.\n\n<!-- notes: Tell the 2019 outage story. -->\n\n---\n\n\
# Demo\n\n- one\n- two\n\n<!-- time: 20s -->\n\n---\n\n\
# Numbers\n\n| p99 | 900 ms |\n| --- | --- |\n| after | 120 ms |\n\n---\n\n\
# Thanks\n\n<!-- notes: Questions? -->\n";

fn titles(record: &Value) -> Vec<String> {
    record["slides"]
        .as_array()
        .map(|slides| {
            slides
                .iter()
                .map(|slide| slide["title"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn slide_ms(record: &Value, index: usize) -> u64 {
    record["slides"][index]["ms"].as_u64().unwrap_or(u64::MAX)
}

fn report(record: &Path) -> String {
    gong(["report", record.to_str().expect("UTF-8 path")])
        .succeeds()
        .stdout
}

/// A part of the screen.
fn crop(picture: &RgbImage, rect: Rect) -> RgbImage {
    image::imageops::crop_imm(
        picture,
        rect.x as u32,
        rect.y as u32,
        rect.w as u32,
        rect.h as u32,
    )
    .to_image()
}

/// The screen once the part `rect` of it stopped changing (a frame may be on its way).
fn settled(rehearser: &Rehearser, rect: Rect) -> RgbImage {
    let mut last = crop(&rehearser.screenshot(), rect);
    for _ in 0..50 {
        let now = crop(&rehearser.screenshot(), rect);
        if now == last {
            return now;
        }
        last = now;
    }
    panic!("the screen never settled");
}

/// Mean absolute difference per channel, 0–255.
fn difference(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn a_rehearsal_is_timed_survives_saves_and_a_kill_and_the_next_run_is_compared() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("a folder");
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, DECK).expect("deck written");

    let first = Rehearser::start(&display, &deck, &["--duration", "1m"]);
    first.go();
    // Slide 2 is up from one press to the next: its time is their spacing.
    std::thread::sleep(Duration::from_millis(300));
    let (a, took_a) = first.press_when_shown("Right");
    first.wait_record("on slide 2", |r| slide_ms(r, 0) > 0);
    std::thread::sleep(Duration::from_millis(700));
    let (b, took_b) = first.press_when_shown("Right");
    let on_three = first.wait_record("on slide 3", |r| slide_ms(r, 1) > 0);
    let spacing = (b - a).as_secs_f64() * 1000.0;
    let recorded = slide_ms(&on_three, 1) as f64;
    // The frames that answered the two presses are the last two that answered any (each
    // press waited for the one before to be on screen). The show reads the clock once a
    // frame, so the slide's time is exactly the time between them.
    first.wait_shown();
    let answering: Vec<f64> = first
        .painted()
        .iter()
        .filter(|frame| frame.inputs > 0)
        .map(|frame| frame.start)
        .collect();
    let [.., start_a, start_b] = answering[..] else {
        panic!("two frames answered the presses\n{}", first.context());
    };
    let between = start_b - start_a;
    assert!(
        (recorded - between).abs() <= 1.5,
        "slide 2 recorded {recorded} ms, the frames answering its presses {between:.1} ms apart"
    );
    // Against the presses themselves: each press went out while its xdotool ran (`took`),
    // and a press waits for at most the frame being painted when it came, so the slide's
    // time is the presses' spacing to within one frame (the longest this window painted,
    // and never less than a 60 Hz one; not the first, which also opened the window) and
    // the xdotool calls.
    let frame = first
        .painted()
        .iter()
        .filter(|frame| frame.why != "first")
        .filter_map(|frame| Some(frame.shown? - frame.start))
        .fold(1000.0 / 60.0, f64::max);
    let (took_a, took_b) = (ms(took_a), ms(took_b));
    let off = recorded - spacing;
    eprintln!(
        "slide 2: {recorded} ms recorded, presses {spacing:.1} ms apart, xdotool {took_a:.1} \
         and {took_b:.1} ms, longest frame {frame:.1} ms"
    );
    assert!(
        off >= -(took_a + frame) && off <= took_b + frame,
        "slide 2 recorded {recorded} ms for presses {spacing:.1} ms apart (xdotool took \
         {took_a:.1} and {took_b:.1} ms; the longest frame {frame:.1} ms)"
    );

    // A save with a new slide before the one on screen: the same slide stays.
    let current = regions(1920.0, 1080.0).current;
    first.wait_shown();
    let before = settled(&first, current);
    first.save(&DECK.replace("# Why\n", "# New\n\nAdded.\n\n---\n\n# Why\n"));
    let edited = first.wait_record("six slides", |r| titles(r).len() == 6);
    assert_eq!(
        titles(&edited),
        ["Hello", "New", "Why", "Demo", "Numbers", "Thanks"]
    );
    assert_eq!(slide_ms(&edited, 1), 0, "the new slide has had no time");
    let after = settled(&first, current);
    assert!(
        difference(&before, &after) < 0.5,
        "the slide on screen changed with the save"
    );

    // A save that does not parse: said, and the deck goes on as it was.
    first.save("---\ntitle: [unclosed\n---\n# Broken\n");
    first.wait_said("the last good deck goes on");
    first.press_when_shown("Right");
    let on = first.wait_record("on Numbers", |r| slide_ms(r, 3) > 0);
    assert_eq!(titles(&on).len(), 6, "the broken save was not taken");

    // Killed mid-run: the record reads, the run unfinished.
    first.kill();
    let killed = report(&first.record_path());
    assert!(killed.contains("unfinished"), "{killed}");
    assert!(killed.contains("| Demo |"), "{killed}");

    // A second run, to the end, then quit: the report compares the two.
    std::fs::write(
        &deck,
        DECK.replace("# Why\n", "# New\n\nAdded.\n\n---\n\n# Why\n"),
    )
    .expect("deck written");
    let second = Rehearser::start(&display, &deck, &["--duration", "1m"]);
    second.go();
    for _ in 0..6 {
        second.press_when_shown("Right");
    }
    second.wait_for_screen("ThankYou", PATIENCE);
    let done = second.wait_record("finished", |r| r["ended"] == "finished");
    assert_eq!(titles(&done).len(), 6);
    second.key("q");
    second.key("q");
    assert_eq!(second.wait_for_exit(PATIENCE), Some(0));
    let compared = report(&second.record_path());
    assert!(compared.contains("| run 1 | run 2 |"), "{compared}");
    assert!(compared.contains("unfinished"), "{compared}");
    assert!(compared.contains("finished"), "{compared}");
}

#[test]
fn the_presenter_views_slides_are_the_exported_slides_at_their_size() {
    let Some(display) = window::display() else {
        return;
    };
    let _turn = xvfb::turn();
    let dir = tempfile::tempdir().expect("a folder");
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, DECK).expect("deck written");
    let out = dir.path().join("export");
    let mut command = Command::new(gong_binary());
    child::clean(&mut command)
        .arg("export")
        .arg(&deck)
        .arg("--out")
        .arg(&out)
        .env("DISPLAY", &display);
    let exported = child::output_within(&mut command, child::DEADLINE);
    assert!(exported.status.success(), "export failed");
    let slide = |n: usize| {
        image::open(out.join(format!("slide-0{n}.png")))
            .expect("an exported slide")
            .to_rgb8()
    };

    let rehearser = Rehearser::start(&display, &deck, &["--duration", "1m"]);
    rehearser.go();
    rehearser.press_when_shown("Right");
    rehearser.wait_record("on slide 2", |r| slide_ms(r, 0) > 0);
    let boxes = regions(1920.0, 1080.0);
    rehearser.wait_shown();
    settled(&rehearser, boxes.current);
    let screen = rehearser.screenshot();
    for (rect, shown) in [(boxes.current, 2), (boxes.next, 3)] {
        let on_screen = crop(&screen, rect);
        let at_size = |n: usize| {
            image::imageops::resize(
                &slide(n),
                rect.w as u32,
                rect.h as u32,
                image::imageops::FilterType::Triangle,
            )
        };
        let own = difference(&on_screen, &at_size(shown));
        assert!(
            own < 4.0,
            "slide {shown} differs by {own:.2} from its export"
        );
        for other in (1..=5).filter(|&n| n != shown) {
            let theirs = difference(&on_screen, &at_size(other));
            assert!(
                own < theirs,
                "the box of slide {shown} is closer to slide {other} ({theirs:.2} ≤ {own:.2})"
            );
        }
    }
    // The notes and the clock are where the layout puts them: lit pixels there.
    for rect in [boxes.notes, boxes.clock] {
        let part = crop(&screen, rect);
        let lit = part
            .pixels()
            .filter(|p| p.0.iter().any(|&c| c > 150))
            .count();
        assert!(lit > 200, "nothing drawn in {rect:?}");
    }
}
