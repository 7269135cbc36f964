//! A View per screen: a key script played on a `Show`, and the View it shows compared in
//! full as JSON (what a remote would read), with no font and no window. Each View also
//! reads back from its JSON unchanged.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::format::Format;
use crate::show::tests::keys;
use crate::show::{Input, Show, ShowSettings, TalkPlan};
use crate::view::View;

/// A show played by keys against instants counted from its start.
struct Played {
    show: Show,
    t0: Instant,
}

impl Played {
    fn new(talks: Vec<TalkPlan>, settings: ShowSettings) -> Played {
        Played {
            show: Show::new(talks, settings),
            t0: Instant::now(),
        }
    }

    /// Ada (three slides, a pause on the second, a heading on the first), Bob and Cy.
    fn session() -> Played {
        let mut ada =
            TalkPlan::new("Ada", "Engines", Duration::from_secs(300)).with_pauses(&[0, 1, 0]);
        ada.slides[0].heading = Some("Why engines".into());
        let bob =
            TalkPlan::new("Bob", "Kafka로 실시간", Duration::from_secs(300)).with_pauses(&[0]);
        let cy = TalkPlan::new("Cy", "Rust", Duration::from_secs(180)).with_pauses(&[0]);
        let settings = ShowSettings {
            title: "Day 1".into(),
            ..ShowSettings::default()
        };
        Played::new(vec![ada, bob, cy], settings)
    }

    fn at(&self, ms: u64) -> Instant {
        self.t0 + Duration::from_millis(ms)
    }

    fn press(&mut self, ms: u64, script: &str) -> &mut Played {
        let now = self.at(ms);
        for command in keys(script) {
            self.show.apply(command, now);
        }
        self
    }

    fn tick(&mut self, ms: u64) -> &mut Played {
        self.show.tick(self.at(ms));
        self
    }

    /// The View at `ms` as JSON; checks that it reads back as the same View.
    fn view(&self, ms: u64) -> Value {
        let view = self.show.view(self.at(ms));
        let json = serde_json::to_value(&view).expect("a View serialises");
        let back: View = serde_json::from_value(json.clone()).expect("and reads back");
        assert_eq!(back, view);
        json
    }
}

/// The clock of a talk not yet started, at its slot.
fn ready(slot_ms: u64) -> Value {
    json!({
        "slot_ms": slot_ms, "remaining_ms": slot_ms, "overtime_ms": 0,
        "state": "ready", "phase": "normal", "tone": "plain", "cue": null, "paused_ms": null
    })
}

#[test]
fn the_up_next_card() {
    let played = Played::session();
    assert_eq!(
        played.view(90_000),
        json!({
            "card": {
                "screen": "up_next",
                "talk": {"speaker": "Ada", "title": "Engines", "format": "free", "problem": null},
                "place": {"number": 1, "of": 3},
                "slot_ms": 300_000
            },
            "clock": ready(300_000),
            "overlay": null,
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn time_given_on_the_up_next_card_is_its_slot() {
    let mut played = Played::session();
    played.press(0, "+ +");
    let view = played.view(1_000);
    assert_eq!(view["card"]["slot_ms"], json!(360_000));
    assert_eq!(view["clock"], ready(360_000));
}

#[test]
fn a_talk_on_a_slide_at_its_reveal_step() {
    let mut played = Played::session();
    played.press(0, "→").press(10_000, "→ →");
    assert_eq!(
        played.view(20_500),
        json!({
            "card": {
                "screen": "talk",
                "talk": {"speaker": "Ada", "title": "Engines", "format": "free", "problem": null},
                "slide": 1, "slides": 3, "step": 1, "typed": null
            },
            "clock": {
                "slot_ms": 300_000, "remaining_ms": 279_500, "overtime_ms": 0,
                "state": "running", "phase": "normal", "tone": "plain", "cue": null,
                "paused_ms": null
            },
            "overlay": null,
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn digits_typed_towards_a_jump() {
    let mut played = Played::session();
    played.press(0, "→ 3");
    assert_eq!(
        played.view(1_000)["card"],
        json!({
            "screen": "talk",
            "talk": {"speaker": "Ada", "title": "Engines", "format": "free", "problem": null},
            "slide": 0, "slides": 3, "step": 0, "typed": 3
        })
    );
}

#[test]
fn the_clock_at_one_minute_left() {
    let mut played = Played::session();
    played.press(0, "→").tick(240_000);
    assert_eq!(
        played.view(241_000),
        json!({
            "card": {
                "screen": "talk",
                "talk": {"speaker": "Ada", "title": "Engines", "format": "free", "problem": null},
                "slide": 0, "slides": 3, "step": 0, "typed": null
            },
            "clock": {
                "slot_ms": 300_000, "remaining_ms": 59_000, "overtime_ms": 0,
                "state": "running", "phase": "wrap_up", "tone": "wrap_up", "cue": "1 MIN",
                "paused_ms": null
            },
            "overlay": null,
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn the_clock_at_thirty_seconds_left() {
    let mut played = Played::session();
    played.press(0, "→").tick(271_000);
    assert_eq!(
        played.view(271_000)["clock"],
        json!({
            "slot_ms": 300_000, "remaining_ms": 29_000, "overtime_ms": 0,
            "state": "running", "phase": "final", "tone": "final", "cue": "30 s",
            "paused_ms": null
        })
    );
}

#[test]
fn the_clock_in_its_last_seconds() {
    let mut played = Played::session();
    played.press(0, "→").tick(290_500);
    assert_eq!(
        played.view(290_500)["clock"],
        json!({
            "slot_ms": 300_000, "remaining_ms": 9_500, "overtime_ms": 0,
            "state": "running", "phase": "last_seconds", "tone": "final", "cue": "LAST 10 s",
            "paused_ms": null
        })
    );
}

#[test]
fn the_last_seconds_before_the_final_warning_keep_the_wrap_up_colour() {
    let settings = ShowSettings {
        thresholds: crate::clock::Thresholds {
            wrap_up: Duration::from_secs(10),
            final_call: Duration::from_secs(5),
            pulse: Duration::from_secs(10),
        },
        ..ShowSettings::default()
    };
    let talk = TalkPlan::new("Ada", "Short", Duration::from_secs(20)).with_pauses(&[0]);
    let mut played = Played::new(vec![talk], settings);
    played.press(0, "→").tick(12_000);
    assert_eq!(
        played.view(12_000)["clock"],
        json!({
            "slot_ms": 20_000, "remaining_ms": 8_000, "overtime_ms": 0,
            "state": "running", "phase": "last_seconds", "tone": "wrap_up", "cue": "LAST 10 s",
            "paused_ms": null
        })
    );
}

#[test]
fn a_paused_talk() {
    let mut played = Played::session();
    played.press(0, "→").press(42_000, "s");
    assert_eq!(
        played.view(42_700)["clock"],
        json!({
            "slot_ms": 300_000, "remaining_ms": 258_000, "overtime_ms": 0,
            "state": "paused", "phase": "paused", "tone": "paused", "cue": "PAUSED",
            "paused_ms": 700
        })
    );
}

#[test]
fn the_time_card() {
    let mut played = Played::session();
    played.press(0, "→").tick(300_001);
    assert_eq!(
        played.view(312_000),
        json!({
            "card": {
                "screen": "time_up",
                "speaker": "Ada",
                "overtime_ms": 12_000,
                "next": {"speaker": "Bob"}
            },
            "clock": {
                "slot_ms": 300_000, "remaining_ms": 0, "overtime_ms": 12_000,
                "state": "time_up", "phase": "time_up", "tone": "final", "cue": "TIME",
                "paused_ms": null
            },
            "overlay": null,
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn the_thank_you_card_of_the_last_talk() {
    let mut played = Played::session();
    // Ada and Bob are skipped on their cards; Cy goes past her last slide at 1:34.
    played
        .press(0, "n n")
        .press(1_000, "n n")
        .press(2_000, "→")
        .press(96_000, "→");
    assert_eq!(
        played.view(97_000),
        json!({
            "card": {
                "screen": "thank_you",
                "speaker": "Cy",
                "used_ms": 94_000,
                "next": "last_talk"
            },
            "clock": {
                "slot_ms": 180_000, "remaining_ms": 86_000, "overtime_ms": 0,
                "state": "stopped", "phase": "normal", "tone": "plain", "cue": null,
                "paused_ms": null
            },
            "overlay": null,
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn the_summary() {
    let mut played = Played::session();
    // Ada runs 5 s over, Bob is skipped, Cy finishes early at 1:34.
    played
        .press(0, "→")
        .tick(300_000)
        .press(305_000, "n n n")
        .press(306_000, "→")
        .press(400_000, "→ n");
    assert_eq!(
        played.view(400_000),
        json!({
            "card": {
                "screen": "summary",
                "title": "Day 1",
                "rows": [
                    {"speaker": "Ada", "title": "Engines", "outcome":
                        {"outcome": "given", "used_ms": 300_000, "overtime_ms": 5_000, "early": false}},
                    {"speaker": "Bob", "title": "Kafka로 실시간", "outcome": {"outcome": "skipped"}},
                    {"speaker": "Cy", "title": "Rust", "outcome":
                        {"outcome": "given", "used_ms": 94_000, "overtime_ms": 0, "early": true}}
                ],
                "given": 2,
                "skipped": 1
            },
            "clock": null,
            "overlay": null,
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn presenting_alone_has_no_place_in_a_queue() {
    let talk = TalkPlan::new("Ada", "Solo", Duration::from_secs(300))
        .with_format(Format::Ignite)
        .with_pauses(&[0; 20]);
    let settings = ShowSettings {
        single_talk: true,
        ..ShowSettings::default()
    };
    let mut played = Played::new(vec![talk], settings);
    assert_eq!(
        played.view(0)["card"],
        json!({
            "screen": "up_next",
            "talk": {"speaker": "Ada", "title": "Solo", "format": "ignite", "problem": null},
            "place": null,
            "slot_ms": 300_000
        })
    );
    // Alone, the speaker may move auto-advancing slides: to the end, and past it.
    played.press(0, "→").press(100_000, "End →");
    assert_eq!(
        played.view(100_500)["card"],
        json!({"screen": "thank_you", "speaker": "Ada", "used_ms": 100_000, "next": null})
    );
}

#[test]
fn a_broken_deck_is_said_on_its_cards() {
    let broken = TalkPlan::new("Ada", "Kafka", Duration::from_secs(300))
        .with_problem("deck not found: kafka.md");
    let mut played = Played::new(vec![broken], ShowSettings::default());
    let talk = json!({
        "speaker": "Ada", "title": "Kafka", "format": "free",
        "problem": "deck not found: kafka.md"
    });
    assert_eq!(
        played.view(0)["card"],
        json!({
            "screen": "up_next", "talk": talk, "place": {"number": 1, "of": 1},
            "slot_ms": 300_000
        })
    );
    played.press(0, "→");
    assert_eq!(
        played.view(1_000)["card"],
        json!({
            "screen": "talk", "talk": talk, "slide": 0, "slides": 0, "step": 0, "typed": null
        })
    );
}

#[test]
fn the_help_panel() {
    let mut played = Played::session();
    played.press(0, "?");
    let row = |keys: &str, action: &str| json!({"keys": keys, "action": action});
    assert_eq!(
        played.view(0),
        json!({
            "card": {
                "screen": "up_next",
                "talk": {"speaker": "Ada", "title": "Engines", "format": "free", "problem": null},
                "place": {"number": 1, "of": 3},
                "slot_ms": 300_000
            },
            "clock": ready(300_000),
            "overlay": {
                "overlay": "help",
                "groups": [
                    {"name": "Speaker", "keys": [
                        row("→ ↓ PgDn Space Enter j, click", "next"),
                        row("← ↑ PgUp Backspace h k", "previous"),
                        row("Home / End", "first / last slide"),
                        row("digits, then Enter", "jump to slide"),
                        row("B or .", "black screen"),
                        row("O or Tab", "overview"),
                    ]},
                    {"name": "Organiser", "keys": [
                        row("N", "next speaker (twice during a talk)"),
                        row("S", "start / pause / resume"),
                        row("+ / -", "add / take 30 s"),
                        row("R", "restart this talk (twice)"),
                        row("L", "lineup panel"),
                        row("F", "fullscreen"),
                        row("P", "move to the next screen"),
                        row("Q", "quit (twice)"),
                        row("?", "this help"),
                        row("Esc", "close / cancel"),
                    ]},
                    {"name": "Presenter view", "keys": [
                        row("V", "presenter / audience view"),
                        row("[ / ]", "scroll the notes"),
                    ]},
                    {"name": "Lineup panel", "keys": [
                        row("↑ / ↓", "select"),
                        row("U / D", "move up / down"),
                        row("E", "send to the end (no-show)"),
                        row("X", "skip"),
                        row("M", "make next"),
                    ]}
                ]
            },
            "banner": null,
            "black": false
        })
    );
}

#[test]
fn the_lineup_panel_during_a_talk() {
    let mut played = Played::session();
    played.press(0, "→").press(5_000, "l ↓ ↓");
    assert_eq!(
        played.view(6_000)["overlay"],
        json!({
            "overlay": "lineup",
            "rows": [
                {"speaker": "Ada", "title": "Engines", "outcome": {"outcome": "pending"}},
                {"speaker": "Bob", "title": "Kafka로 실시간", "outcome": {"outcome": "pending"}},
                {"speaker": "Cy", "title": "Rust", "outcome": {"outcome": "pending"}}
            ],
            "current": 0,
            "selected": 2
        })
    );
}

#[test]
fn the_overview_grid() {
    let mut played = Played::session();
    played.press(0, "→ → → Tab →");
    assert_eq!(
        played.view(1_000)["overlay"],
        json!({
            "overlay": "overview",
            "headings": ["Why engines", null, null],
            "current": 1,
            "selected": 2
        })
    );
}

#[test]
fn a_banner_asks_for_the_second_press_and_goes() {
    let mut played = Played::session();
    played.press(0, "→").press(1_000, "n");
    assert_eq!(
        played.view(2_000)["banner"],
        json!("Press N again to end this talk")
    );
    assert_eq!(played.view(5_000)["banner"], Value::Null);
}

#[test]
fn a_notice_is_a_banner() {
    let mut played = Played::session();
    let now = played.at(0);
    played
        .show
        .apply(Input::notice("lineup.toml:3:1: expected `=`"), now);
    assert_eq!(
        played.view(1_000)["banner"],
        json!("lineup.toml:3:1: expected `=`")
    );
}

#[test]
fn the_black_screen() {
    let mut played = Played::session();
    played.press(0, "→").press(1_000, "b");
    let view = played.view(2_000);
    assert_eq!(
        (&view["black"], &view["overlay"]),
        (&json!(true), &Value::Null)
    );
    played.press(3_000, "b");
    assert_eq!(played.view(3_000)["black"], json!(false));
}
