//! Sessions played as key scripts against instants: what the log says, what screen shows.

use super::*;
use crate::command::{Key, command_for};

/// Parses a script such as `"→ → S + N"` into commands, through the real key table.
pub(crate) fn keys(script: &str) -> Vec<Command> {
    script
        .split_whitespace()
        .map(|token| {
            let key = match token {
                "→" => Key::Right,
                "←" => Key::Left,
                "↑" => Key::Up,
                "↓" => Key::Down,
                "Space" => Key::Space,
                "Enter" => Key::Enter,
                "PgDn" => Key::PageDown,
                "PgUp" => Key::PageUp,
                "Home" => Key::Home,
                "End" => Key::End,
                "Tab" => Key::Tab,
                "Esc" => Key::Escape,
                "Bksp" => Key::Backspace,
                "click" => Key::Click,
                single if single.chars().count() == 1 => {
                    Key::Char(single.chars().next().unwrap_or(' '))
                }
                other => panic!("unknown key `{other}` in script"),
            };
            command_for(key).unwrap_or_else(|| panic!("`{token}` is not bound to a command"))
        })
        .collect()
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn talk(speaker: &str, slides: &[usize]) -> TalkPlan {
    TalkPlan::new(speaker, format!("{speaker}'s talk"), secs(300)).with_pauses(slides)
}

/// A talk of `talk` as the log names it.
fn at(position: usize, speaker: &str) -> TalkRef {
    TalkRef {
        position,
        speaker: speaker.to_string(),
        title: Some(format!("{speaker}'s talk")),
        deck: None,
    }
}

/// The instant a scripted test counts from. Any will do: every instant a script names is
/// this one plus its milliseconds, so no test depends on when it runs.
pub(crate) fn origin() -> Instant {
    Instant::now()
}

/// A show, the instant it started, and everything it asked for so far.
struct Played {
    show: Show,
    t0: Instant,
    effects: Vec<Effect>,
}

impl Played {
    fn new(talks: Vec<TalkPlan>) -> Played {
        Played::with(
            talks,
            ShowSettings {
                title: "Day 1".into(),
                ..ShowSettings::default()
            },
        )
    }

    fn with(talks: Vec<TalkPlan>, settings: ShowSettings) -> Played {
        let show = Show::new(talks, settings);
        let effects = show.begin();
        Played {
            show,
            t0: origin(),
            effects,
        }
    }

    fn time(&self, ms: u64) -> Instant {
        self.t0 + Duration::from_millis(ms)
    }

    /// Presses the keys at `ms` after the start; returns what they caused.
    fn press(&mut self, ms: u64, script: &str) -> Vec<Effect> {
        let now = self.time(ms);
        let mut caused = Vec::new();
        for command in keys(script) {
            caused.extend(self.show.apply(command, now));
        }
        self.effects.extend(caused.clone());
        caused
    }

    fn tick(&mut self, ms: u64) -> Vec<Effect> {
        let caused = self.show.tick(self.time(ms));
        self.effects.extend(caused.clone());
        caused
    }

    /// What it logged, slides aside (`slides` reads those).
    fn log(&self) -> Vec<Event> {
        self.effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Log(Event::SlideShown { .. }) => None,
                Effect::Log(event) => Some(event.clone()),
                _ => None,
            })
            .collect()
    }

    /// The slides it logged as shown: speaker, slide (1-based) and step.
    fn slides(&self) -> Vec<(String, usize, usize)> {
        self.effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Log(Event::SlideShown { talk, slide, step }) => {
                    Some((talk.speaker.clone(), *slide, *step))
                }
                _ => None,
            })
            .collect()
    }

    fn sounds(&self) -> Vec<Cue> {
        self.effects
            .iter()
            .filter_map(|effect| match effect {
                Effect::Sound(cue) => Some(*cue),
                _ => None,
            })
            .collect()
    }

    fn speaker(&self) -> &str {
        self.show
            .current_turn()
            .map_or("", |t| t.plan.speaker.as_str())
    }
}

fn started(position: usize, speaker: &str) -> Event {
    Event::TalkStarted {
        talk: at(position, speaker),
        slot_ms: 300_000,
    }
}

fn ended(position: usize, speaker: &str, used_ms: u64, overtime_ms: u64, early: bool) -> Event {
    Event::TalkEnded {
        talk: at(position, speaker),
        used_ms,
        overtime_ms,
        early,
    }
}

#[test]
fn the_script_parser_goes_through_the_key_table() {
    assert_eq!(
        keys("→ → S + N"),
        vec![
            Command::Next,
            Command::Next,
            Command::StartPause,
            Command::AddTime,
            Command::NextSpeaker
        ]
    );
    assert_eq!(
        keys("Enter 1 2 Esc click"),
        vec![
            Command::Confirm,
            Command::Digit(1),
            Command::Digit(2),
            Command::Cancel,
            Command::Next
        ]
    );
}

#[test]
fn a_full_talk_is_hard_stopped_at_five_minutes() {
    let mut s = Played::new(vec![talk("Ada", &[0, 1, 0]), talk("Bob", &[0])]);
    assert_eq!(s.show.screen(), Screen::UpNext);
    // Nothing starts by itself.
    assert!(s.tick(60_000).is_empty());
    assert_eq!(s.show.clock().remaining(s.time(60_000)), secs(300));

    let go = s.press(0, "→");
    assert!(
        go.contains(&Effect::PreloadTalk(1)),
        "next deck warmed: {go:?}"
    );
    assert_eq!((s.show.screen(), s.show.slide()), (Screen::Talk, 0));
    s.press(10_000, "→ →");
    assert_eq!((s.show.slide(), s.show.step()), (1, 1));
    s.tick(240_000);
    s.tick(270_000);
    s.tick(299_999);
    assert_eq!(s.show.screen(), Screen::Talk);
    s.tick(300_001);
    assert_eq!(s.show.screen(), Screen::TimeUp);

    // The frantic clicker: nothing happens.
    let frantic = s.press(300_500, "→ Space PgDn click Enter b ← Home End o 3");
    assert!(frantic.is_empty(), "{frantic:?}");
    assert_eq!(s.show.screen(), Screen::TimeUp);
    assert_eq!(s.show.overlay(), None);
    assert!(s.tick(312_000).is_empty());
    assert_eq!(s.show.clock().overtime(s.time(312_000)), secs(12));

    s.press(312_000, "n");
    assert_eq!(s.show.screen(), Screen::UpNext);
    assert_eq!(s.speaker(), "Bob");
    assert_eq!(s.show.clock().remaining(s.time(400_000)), secs(300));

    assert_eq!(
        s.log(),
        vec![
            Event::SessionStarted {
                title: "Day 1".into(),
                talks: 2
            },
            started(1, "Ada"),
            Event::Warning {
                talk: at(1, "Ada"),
                which: Warning::WrapUp,
                remaining_ms: 60_000
            },
            Event::Warning {
                talk: at(1, "Ada"),
                which: Warning::Final,
                remaining_ms: 30_000
            },
            Event::TimeUp { talk: at(1, "Ada") },
            ended(1, "Ada", 300_000, 12_000, false),
        ]
    );
    assert_eq!(s.sounds(), vec![Cue::WrapUp, Cue::Final, Cue::Gong]);
}

#[test]
fn a_key_just_after_the_deadline_meets_the_time_card() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0])]);
    s.press(0, "→");
    // No tick between: the press itself brings time up to date.
    let caused = s.press(300_001, "→");
    assert_eq!(s.show.screen(), Screen::TimeUp);
    assert_eq!(s.show.slide(), 0);
    assert!(caused.contains(&Effect::Sound(Cue::Gong)));
}

#[test]
fn a_five_talk_session_with_a_skip() {
    let names = ["Ada", "Bob", "Cy", "Di", "Ed"];
    let mut s = Played::new(names.iter().map(|n| talk(n, &[0, 0])).collect());
    // Ada finishes early: forward past the last slide.
    s.press(0, "→ → →");
    assert_eq!(s.show.screen(), Screen::ThankYou);
    s.press(200_000, "→ n");
    assert_eq!(s.speaker(), "Bob");
    // Bob is not here: N twice on his card skips him.
    s.press(210_000, "n");
    assert_eq!(
        s.show.banner(s.time(210_000)).as_deref(),
        Some("Press N again to skip Bob")
    );
    s.press(211_000, "n");
    assert_eq!(s.speaker(), "Cy");
    // Cy runs long; the organiser ends the talk with N twice.
    s.press(220_000, "s");
    s.press(400_000, "n");
    assert_eq!(s.show.screen(), Screen::Talk);
    assert_eq!(
        s.show.banner(s.time(401_000)).as_deref(),
        Some("Press N again to end this talk")
    );
    s.press(401_000, "n");
    assert_eq!(s.speaker(), "Di");
    // Di uses the whole slot.
    s.press(500_000, "Space");
    s.tick(800_000);
    s.press(805_000, "n");
    // Ed finishes early; then the session ends.
    s.press(900_000, "→ → →");
    s.press(1_100_000, "n");
    assert_eq!(s.show.screen(), Screen::Summary);

    assert_eq!(
        s.log(),
        vec![
            Event::SessionStarted {
                title: "Day 1".into(),
                talks: 5
            },
            started(1, "Ada"),
            ended(1, "Ada", 0, 0, true),
            Event::TalkSkipped { talk: at(2, "Bob") },
            started(3, "Cy"),
            ended(3, "Cy", 181_000, 0, true),
            started(4, "Di"),
            Event::Warning {
                talk: at(4, "Di"),
                which: Warning::WrapUp,
                remaining_ms: 60_000
            },
            Event::Warning {
                talk: at(4, "Di"),
                which: Warning::Final,
                remaining_ms: 30_000
            },
            Event::TimeUp { talk: at(4, "Di") },
            ended(4, "Di", 300_000, 5_000, false),
            started(5, "Ed"),
            ended(5, "Ed", 0, 0, true),
            Event::SessionEnded {
                given: 4,
                skipped: 1
            },
        ]
    );
    let outcomes: Vec<Outcome> = s.show.turns().iter().map(|t| t.outcome).collect();
    assert_eq!(outcomes[1], Outcome::Skipped);
    assert_eq!(
        outcomes[3],
        Outcome::Given {
            used: secs(300),
            overtime: secs(5),
            early: false
        }
    );
}

#[test]
fn a_no_show_is_sent_to_the_end_and_comes_up_last() {
    let mut s = Played::new(vec![talk("Ada", &[0]), talk("Bob", &[0]), talk("Cy", &[0])]);
    // On Ada's card the organiser opens the lineup and sends Ada to the end.
    s.press(0, "l");
    assert_eq!(s.show.overlay(), Some(Overlay::Lineup { selected: 0 }));
    let caused = s.press(1_000, "e Esc");
    assert!(caused.contains(&Effect::PreloadTalk(1)), "{caused:?}");
    assert!(
        caused.contains(&Effect::Reordered(sources_of(
            &["Ada", "Bob", "Cy"],
            &["Bob", "Cy", "Ada"]
        ))),
        "{caused:?}"
    );
    assert_eq!(s.show.overlay(), None);
    assert_eq!(s.show.screen(), Screen::UpNext);
    assert_eq!(s.speaker(), "Bob");
    s.press(2_000, "→ →");
    s.press(3_000, "n");
    assert_eq!(s.speaker(), "Cy");
    s.press(4_000, "→ →");
    s.press(5_000, "n");
    assert_eq!(s.speaker(), "Ada");
    assert_eq!(s.show.current(), 2);

    assert_eq!(
        s.log(),
        vec![
            Event::SessionStarted {
                title: "Day 1".into(),
                talks: 3
            },
            Event::TalkMoved {
                talk: at(1, "Ada"),
                to: 3
            },
            started(1, "Bob"),
            ended(1, "Bob", 0, 0, true),
            started(2, "Cy"),
            ended(2, "Cy", 0, 0, true),
        ]
    );
}

#[test]
fn the_lineup_panel_moves_skips_and_brings_back() {
    let mut s = Played::new(vec![
        talk("Ada", &[0]),
        talk("Bob", &[0]),
        talk("Cy", &[0]),
        talk("Di", &[0]),
    ]);
    s.press(0, "→");
    // Ada is on stage: the panel cannot move her.
    s.press(1_000, "l u d e x");
    assert_eq!(s.show.turns()[0].plan.speaker, "Ada");
    assert_eq!(s.show.turns()[0].outcome, Outcome::Pending);
    // Select Di (↓ ↓ ↓), make her next; select Cy and skip; then bring Cy back.
    s.press(2_000, "↓ ↓ ↓ m");
    let order: Vec<&str> = s
        .show
        .turns()
        .iter()
        .map(|t| t.plan.speaker.as_str())
        .collect();
    assert_eq!(order, ["Ada", "Di", "Bob", "Cy"]);
    s.press(3_000, "↓ ↓ x");
    assert_eq!(s.show.turns()[3].outcome, Outcome::Skipped);
    s.press(4_000, "m Esc");
    let order: Vec<&str> = s
        .show
        .turns()
        .iter()
        .map(|t| t.plan.speaker.as_str())
        .collect();
    assert_eq!(order, ["Ada", "Cy", "Di", "Bob"]);
    // Speaker keys never reach the lineup while it is closed.
    s.press(5_000, "u d e x m");
    assert_eq!(s.show.turns()[1].plan.speaker, "Cy");
    assert_eq!(s.show.slide(), 0);

    let moves: Vec<Event> = s.log().into_iter().skip(2).collect();
    assert_eq!(
        moves,
        vec![
            Event::TalkMoved {
                talk: at(4, "Di"),
                to: 2
            },
            Event::TalkSkipped { talk: at(4, "Cy") },
            Event::TalkMoved {
                talk: at(4, "Cy"),
                to: 2
            },
        ]
    );
}

/// The running order by speaker.
fn speakers(show: &Show) -> Vec<&str> {
    show.turns()
        .iter()
        .map(|t| t.plan.speaker.as_str())
        .collect()
}

#[test]
fn changes_of_order_by_position_come_from_any_input() {
    let mut s = Played::new(
        ["Ada", "Bob", "Cy", "Di", "Eve"]
            .map(|n| talk(n, &[0]))
            .into(),
    );
    let reorder = |s: &mut Played, change| {
        let caused = s.show.apply(Command::Reorder(change), s.time(1_000));
        s.effects.extend(caused.clone());
        caused
    };
    // No panel open: Di to second place, Bob to the end, Cy skipped, then made next.
    let caused = reorder(&mut s, Reorder::Move { from: 3, to: 1 });
    assert_eq!(speakers(&s.show), ["Ada", "Di", "Bob", "Cy", "Eve"]);
    assert_eq!(reorders(&caused), [vec![0, 3, 1, 2, 4]]);
    reorder(&mut s, Reorder::SendToEnd(2));
    assert_eq!(speakers(&s.show), ["Ada", "Di", "Cy", "Eve", "Bob"]);
    let caused = reorder(&mut s, Reorder::Skip(2));
    assert_eq!(s.show.turns()[2].outcome, Outcome::Skipped);
    assert!(reorders(&caused).is_empty());
    reorder(&mut s, Reorder::MakeNext(2));
    // On Ada's Up next card, the talk made next takes the card.
    assert_eq!(speakers(&s.show), ["Cy", "Ada", "Di", "Eve", "Bob"]);
    assert_eq!(s.speaker(), "Cy");
    assert_eq!(s.show.overlay(), None);
    assert_eq!(
        s.log().into_iter().skip(1).collect::<Vec<_>>(),
        vec![
            Event::TalkMoved {
                talk: at(4, "Di"),
                to: 2
            },
            Event::TalkMoved {
                talk: at(3, "Bob"),
                to: 5
            },
            Event::TalkSkipped { talk: at(3, "Cy") },
            Event::TalkMoved {
                talk: at(3, "Cy"),
                to: 1
            },
        ]
    );
}

#[test]
fn changes_of_order_by_position_leave_talks_done_and_on_stage_in_place() {
    let mut s = Played::new(["Ada", "Bob", "Cy", "Di"].map(|n| talk(n, &[0])).into());
    // Ada is given; Bob is on stage.
    s.press(0, "→ →");
    s.press(1_000, "n →");
    assert_eq!((s.show.screen(), s.speaker()), (Screen::Talk, "Bob"));
    for change in [
        Reorder::Move { from: 3, to: 0 },
        Reorder::Move { from: 3, to: 1 },
        Reorder::Move { from: 1, to: 3 },
        Reorder::Move { from: 0, to: 2 },
        Reorder::Move { from: 9, to: 2 },
        Reorder::Move { from: 2, to: 9 },
        Reorder::Move { from: 2, to: 2 },
        Reorder::SendToEnd(0),
        Reorder::SendToEnd(1),
        Reorder::SendToEnd(3),
        Reorder::SendToEnd(9),
        Reorder::Skip(0),
        Reorder::Skip(1),
        Reorder::Skip(9),
        Reorder::MakeNext(0),
        Reorder::MakeNext(1),
        Reorder::MakeNext(9),
    ] {
        let caused = s.show.apply(Command::Reorder(change), s.time(2_000));
        assert_eq!(caused, vec![], "{change:?}");
        assert_eq!(speakers(&s.show), ["Ada", "Bob", "Cy", "Di"], "{change:?}");
        assert_eq!(s.show.turns()[2].outcome, Outcome::Pending);
    }
    // Talks still to come move past each other.
    s.show.apply(
        Command::Reorder(Reorder::Move { from: 3, to: 2 }),
        s.time(3_000),
    );
    assert_eq!(speakers(&s.show), ["Ada", "Bob", "Di", "Cy"]);
    assert_eq!(s.speaker(), "Bob");
}

#[test]
fn the_panels_keys_are_the_changes_by_position_at_its_cursor() {
    let talks: Vec<TalkPlan> = ["Ada", "Bob", "Cy", "Di"].map(|n| talk(n, &[0])).into();
    for on_stage in [false, true] {
        for selected in 0..4usize {
            for (key, change) in [
                (
                    "u",
                    selected
                        .checked_sub(1)
                        .map(|to| Reorder::Move { from: selected, to }),
                ),
                (
                    "d",
                    Some(Reorder::Move {
                        from: selected,
                        to: selected + 1,
                    })
                    .filter(|_| selected < 3),
                ),
                ("e", Some(Reorder::SendToEnd(selected))),
                ("x", Some(Reorder::Skip(selected))),
                ("m", Some(Reorder::MakeNext(selected))),
            ] {
                let mut by_key = Played::new(talks.clone());
                if on_stage {
                    by_key.press(0, "→");
                }
                by_key.press(1_000, &format!("l{}", " ↓".repeat(selected)));
                let mut by_position = Played::new(talks.clone());
                by_position.show = by_key.show.clone();
                let keyed = by_key.press(2_000, key);
                let positioned = match change {
                    Some(change) => by_position
                        .show
                        .apply(Command::Reorder(change), by_position.time(2_000)),
                    None => Vec::new(),
                };
                let what = format!("{key} at {selected}, on stage: {on_stage}");
                assert_eq!(keyed, positioned, "{what}");
                assert_eq!(
                    speakers(&by_key.show),
                    speakers(&by_position.show),
                    "{what}"
                );
                assert_eq!(by_key.show.turns(), by_position.show.turns(), "{what}");
            }
        }
    }
}

#[test]
fn a_late_signup_joins_a_running_show_at_the_end() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0]), talk("Bob", &[0])]);
    s.press(0, "→ →");
    let before = s.show.clock().remaining(s.time(100_000));
    let caused = s.show.apply(
        Input::LineupEdited(vec![
            talk("Ada", &[0, 0]),
            talk("Bob", &[0]),
            talk("Late", &[0]),
        ]),
        s.time(100_000),
    );
    assert_eq!(
        caused,
        vec![Effect::Log(Event::LineupChanged {
            talks: 3,
            what: "added Late".into()
        })]
    );
    s.effects.extend(caused);
    // Ada keeps her clock and her slide.
    assert_eq!(s.show.screen(), Screen::Talk);
    assert_eq!(s.show.slide(), 1);
    assert_eq!(s.show.clock().remaining(s.time(100_000)), before);
    assert_eq!(
        s.show.next_turn().map(|t| t.plan.speaker.as_str()),
        Some("Bob")
    );
    s.press(200_000, "→ n");
    s.press(210_000, "→ →");
    s.press(220_000, "n");
    assert_eq!(s.speaker(), "Late");
    assert_eq!(s.show.current_source(), Some(2));
}

/// The talks of the list given to the show, by index, as `Effect::Reordered` names them:
/// `names` are the speakers of that list in its order, `speakers` the new order.
fn sources_of(names: &[&str], speakers: &[&str]) -> Vec<usize> {
    speakers
        .iter()
        .filter_map(|speaker| names.iter().position(|name| name == speaker))
        .collect()
}

const FOUR: [&str; 4] = ["Ada", "Bob", "Cy", "Di"];

fn reorders(effects: &[Effect]) -> Vec<Vec<usize>> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Reordered(order) => Some(order.clone()),
            _ => None,
        })
        .collect()
}

fn order(show: &Show) -> Vec<&str> {
    show.turns()
        .iter()
        .map(|t| t.plan.speaker.as_str())
        .collect()
}

#[test]
fn each_panel_move_hands_on_the_new_order_and_a_skip_does_not() {
    let mut s = Played::new(vec![
        talk("Ada", &[0]),
        talk("Bob", &[0]),
        talk("Cy", &[0]),
        talk("Di", &[0]),
    ]);
    let moves = [
        ("l ↓ ↓ u", ["Ada", "Cy", "Bob", "Di"]),
        ("d", ["Ada", "Bob", "Cy", "Di"]),
        ("↑ e", ["Ada", "Cy", "Di", "Bob"]),
        ("m", ["Cy", "Ada", "Di", "Bob"]),
    ];
    for (i, (script, expected)) in moves.iter().enumerate() {
        let caused = s.press(1_000 * i as u64, script);
        assert_eq!(
            reorders(&caused),
            vec![sources_of(&FOUR, expected)],
            "after {script}"
        );
        assert_eq!(order(&s.show), expected);
    }
    // A skip is an outcome, not an order; a move that cannot be made says nothing.
    let caused = s.press(5_000, "x u");
    assert_eq!(reorders(&caused), Vec::<Vec<usize>>::new());
    assert!(caused.contains(&Effect::Log(Event::TalkSkipped { talk: at(1, "Cy") })));
    assert_eq!(s.speaker(), "Ada");
    // Made next where he stands: back in the running, logged, but the order is the same.
    let caused = s.press(6_000, "m");
    assert_eq!(reorders(&caused), Vec::<Vec<usize>>::new());
    assert_eq!(
        s.log().last(),
        Some(&Event::TalkMoved {
            talk: at(1, "Cy"),
            to: 1
        })
    );
    assert_eq!(s.show.turns()[0].outcome, Outcome::Pending);
    assert_eq!(s.speaker(), "Cy");
}

#[test]
fn an_append_to_the_written_order_keeps_it_and_a_reordering_edit_wins() {
    let mut s = Played::new(vec![talk("Ada", &[0]), talk("Bob", &[0]), talk("Cy", &[0])]);
    // The panel puts Cy before Bob and the file is written so; then a signup is appended.
    let caused = s.press(0, "l ↓ ↓ u Esc");
    assert_eq!(reorders(&caused), vec![vec![0, 2, 1]]);
    let now = s.time(1_000);
    let caused = s.show.apply(
        Input::LineupEdited(vec![
            talk("Ada", &[0]),
            talk("Cy", &[0]),
            talk("Bob", &[0]),
            talk("Di", &[0]),
        ]),
        now,
    );
    assert_eq!(order(&s.show), ["Ada", "Cy", "Bob", "Di"]);
    assert!(
        caused.contains(&Effect::Log(Event::LineupChanged {
            talks: 4,
            what: "added Di".into()
        })),
        "{caused:?}"
    );
    // Now the organiser reorders the file itself: Di first.
    let caused = s.show.apply(
        Input::LineupEdited(vec![
            talk("Di", &[0]),
            talk("Ada", &[0]),
            talk("Bob", &[0]),
            talk("Cy", &[0]),
        ]),
        now,
    );
    assert_eq!(order(&s.show), ["Di", "Ada", "Bob", "Cy"]);
    assert_eq!(s.speaker(), "Di");
    assert!(caused.contains(&Effect::PreloadTalk(0)), "{caused:?}");
}

#[test]
fn a_file_that_kept_its_old_order_wins_over_the_panel() {
    // The panel's order could not be written (the file did not parse then): once the
    // file is readable again, it is the record, and the show follows it.
    let mut s = Played::new(vec![talk("Ada", &[0]), talk("Bob", &[0]), talk("Cy", &[0])]);
    s.press(0, "l ↓ ↓ u Esc");
    s.show.apply(
        Input::LineupEdited(vec![talk("Ada", &[0]), talk("Bob", &[0]), talk("Cy", &[0])]),
        s.time(1_000),
    );
    assert_eq!(order(&s.show), ["Ada", "Bob", "Cy"]);
}

#[test]
fn a_talk_removed_from_the_file_while_on_stage_carries_on() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0]), talk("Bob", &[0])]);
    s.press(0, "→");
    s.show
        .apply(Input::LineupEdited(vec![talk("Bob", &[0])]), s.time(1_000));
    assert_eq!(s.show.screen(), Screen::Talk);
    assert_eq!(s.speaker(), "Ada");
    assert_eq!(s.show.current_source(), None);
    s.press(2_000, "→ → n");
    assert_eq!(s.speaker(), "Bob");
    assert_eq!(s.show.current_source(), Some(0));
}

#[test]
fn a_pause_for_a_fault_survives_slide_changes_and_holds_the_warnings() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0, 0])]);
    s.press(0, "S");
    s.press(60_000, "s");
    assert_eq!(s.show.clock().state(), ClockState::Paused);
    s.press(61_000, "→ →");
    assert_eq!(s.show.slide(), 2);
    assert_eq!(s.show.clock().state(), ClockState::Paused);
    assert!(s.tick(500_000).is_empty());
    s.press(500_000, "s");
    // 4:00 were left at the pause: wrap-up three minutes after resuming.
    assert!(s.tick(679_999).is_empty());
    s.tick(680_000);
    assert_eq!(
        s.log(),
        vec![
            Event::SessionStarted {
                title: "Day 1".into(),
                talks: 1
            },
            started(1, "Ada"),
            Event::Paused { talk: at(1, "Ada") },
            Event::Resumed { talk: at(1, "Ada") },
            Event::Warning {
                talk: at(1, "Ada"),
                which: Warning::WrapUp,
                remaining_ms: 60_000
            },
        ]
    );
}

#[test]
fn time_added_and_taken_is_logged_and_moves_the_deadline() {
    let mut s = Played::new(vec![talk("Ada", &[0])]);
    // Before the start: the card's clock.
    s.press(0, "+");
    assert_eq!(s.show.clock().remaining(s.time(0)), secs(330));
    s.press(1_000, "→");
    s.press(10_000, "+ -");
    s.press(11_000, "=");
    s.tick(360_999);
    assert_eq!(s.show.screen(), Screen::Talk);
    s.tick(361_000);
    assert_eq!(s.show.screen(), Screen::TimeUp);
    // After time-up the slot no longer changes.
    assert!(s.press(362_000, "+").is_empty());
    let changes: Vec<(i64, u64)> = s
        .log()
        .into_iter()
        .filter_map(|e| match e {
            Event::TimeChanged {
                delta_ms, slot_ms, ..
            } => Some((delta_ms, slot_ms)),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (30_000, 330_000),
            (30_000, 360_000),
            (-30_000, 330_000),
            (30_000, 360_000)
        ]
    );
}

#[test]
fn an_early_finish_logs_the_time_used() {
    let mut s = Played::new(vec![talk("Ada", &[1]), talk("Bob", &[0])]);
    s.press(0, "→");
    s.press(100_000, "→");
    assert_eq!(s.show.screen(), Screen::Talk);
    s.press(192_500, "→");
    assert_eq!(s.show.screen(), Screen::ThankYou);
    // The clock stopped; no warnings come later.
    assert!(s.tick(400_000).is_empty());
    s.press(400_000, "→ n");
    assert_eq!(s.log()[2..], [ended(1, "Ada", 192_500, 0, true)]);
    assert_eq!(s.speaker(), "Bob");
}

#[test]
fn restart_needs_two_presses_and_goes_back_to_the_card() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0])]);
    s.press(0, "→ →");
    s.press(50_000, "r");
    assert_eq!(s.show.screen(), Screen::Talk);
    assert_eq!(
        s.show.banner(s.time(50_000)).as_deref(),
        Some("Press R again to restart this talk")
    );
    // Too late for a second press: it asks again.
    s.press(54_000, "r");
    assert_eq!(s.show.screen(), Screen::Talk);
    s.press(55_000, "r");
    assert_eq!(s.show.screen(), Screen::UpNext);
    assert_eq!(s.show.clock().remaining(s.time(60_000)), secs(300));
    s.press(60_000, "→");
    assert_eq!(
        s.log()[2..],
        [
            Event::TalkRestarted { talk: at(1, "Ada") },
            started(1, "Ada")
        ]
    );
}

#[test]
fn quit_needs_two_presses_and_another_key_between_cancels() {
    let mut s = Played::new(vec![talk("Ada", &[0])]);
    assert!(s.press(0, "q → q").iter().all(|e| *e != Effect::Quit));
    assert!(s.press(1_000, "q").contains(&Effect::Quit));
}

#[test]
fn ignite_slides_advance_by_themselves_and_the_speaker_cannot_move_them() {
    let slides = [0usize; 20];
    let ignite = talk("Ada", &slides).with_format(Format::Ignite);
    let mut s = Played::new(vec![ignite]);
    s.press(0, "→");
    s.tick(14_999);
    assert_eq!(s.show.slide(), 0);
    s.tick(15_000);
    assert_eq!(s.show.slide(), 1);
    s.press(16_000, "→ → End 5 Enter");
    assert_eq!(s.show.slide(), 1);
    // A long frame crosses several boundaries.
    s.tick(150_000);
    assert_eq!(s.show.slide(), 10);
    // Paused: the slides wait too.
    s.press(151_000, "s");
    s.tick(200_000);
    assert_eq!(s.show.slide(), 10);
    s.press(200_000, "s");
    s.tick(200_000 + 148_000);
    assert_eq!(s.show.slide(), 19);
    s.tick(349_000);
    assert_eq!(s.show.screen(), Screen::TimeUp);
}

#[test]
fn every_slide_and_step_shown_is_logged_once_as_it_comes_up() {
    let mut s = Played::new(vec![talk("Ada", &[0, 1, 0]), talk("Bob", &[0])]);
    let ada = |slide, step| ("Ada".to_string(), slide, step);
    s.press(0, "→");
    assert_eq!(s.slides(), [ada(1, 0)]);
    // The next slide, its reveal, back a step, the first slide, a jump.
    s.press(10_000, "→ → ←");
    s.press(20_000, "Home 3 Enter");
    // Keys that change nothing on screen log nothing.
    s.press(30_000, "s s + b b Tab Esc 9 Enter End");
    assert_eq!(
        s.slides(),
        [
            ada(1, 0),
            ada(2, 0),
            ada(2, 1),
            ada(2, 0),
            ada(1, 0),
            ada(3, 0)
        ]
    );
    // Time up takes the slides away; started over, the talk logs its first slide again.
    s.tick(300_000);
    s.press(301_000, "r r →");
    assert_eq!(s.slides().len(), 7);
    assert_eq!(s.slides().last(), Some(&ada(1, 0)));
    // Ended from its last slide; the next talk's first slide is its own.
    s.press(302_000, "End → n →");
    assert_eq!(s.slides()[7..], [ada(3, 0), ("Bob".to_string(), 1, 0)]);
}

#[test]
fn auto_advancing_slides_are_logged_as_they_come_and_a_resumed_talk_logs_its_slide() {
    let ignite = || talk("Ada", &[0; 20]).with_format(Format::Ignite);
    let mut s = Played::new(vec![ignite()]);
    s.press(0, "→");
    s.tick(15_000);
    // A long frame: only the slide it lands on was ever on screen.
    s.tick(61_000);
    let shown: Vec<usize> = s.slides().iter().map(|(_, slide, _)| *slide).collect();
    assert_eq!(shown, [1, 2, 5]);

    let mut s = Played::new(vec![ignite()]);
    s.show
        .apply(on_stage(&logged(47_000, &[], 300_000)), s.time(0));
    s.effects = s.show.begin();
    assert_eq!(s.slides(), [("Ada".to_string(), 4, 0)]);
    // And not again on the first frame after.
    s.tick(100);
    assert_eq!(s.slides().len(), 1);
}

#[test]
fn a_short_auto_deck_ends_the_talk_after_its_last_slide() {
    let pecha = talk("Ada", &[0, 0, 0]).with_format(Format::Pechakucha);
    let mut s = Played::new(vec![pecha]);
    s.press(0, "→");
    s.tick(59_999);
    assert_eq!(s.show.screen(), Screen::Talk);
    s.tick(60_000);
    assert_eq!(s.show.screen(), Screen::ThankYou);
    assert_eq!(s.log().last(), Some(&ended(1, "Ada", 60_000, 0, true)));
}

#[test]
fn when_presenting_alone_the_speaker_may_move_auto_slides() {
    let settings = ShowSettings {
        single_talk: true,
        ..ShowSettings::default()
    };
    let ignite = talk("Ada", &[0; 20]).with_format(Format::Ignite);
    let mut s = Played::with(vec![ignite], settings);
    s.press(0, "→ →");
    assert_eq!(s.show.slide(), 1);
    s.tick(15_000);
    assert_eq!(s.show.slide(), 2);
}

#[test]
fn digits_then_enter_jump_and_pauses_reveal_step_by_step() {
    let mut s = Played::new(vec![talk("Ada", &[2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]);
    s.press(0, "→");
    s.press(1_000, "→ →");
    assert_eq!((s.show.slide(), s.show.step()), (0, 2));
    s.press(2_000, "←");
    assert_eq!((s.show.slide(), s.show.step()), (0, 1));
    s.press(3_000, "1 2");
    assert_eq!(s.show.typed_slide(s.time(3_000)), Some(12));
    s.press(3_500, "Enter");
    assert_eq!(s.show.slide(), 11);
    // Out of range: nothing moves; digits forgotten after a while.
    s.press(4_000, "9 9 Enter");
    assert_eq!(s.show.slide(), 11);
    s.press(5_000, "3");
    s.press(20_000, "Enter");
    assert_eq!(
        s.show.slide(),
        11,
        "stale digits ignored; Enter past the last slide"
    );
    assert_eq!(s.show.screen(), Screen::ThankYou);
}

#[test]
fn previous_shows_the_slide_before_fully_revealed() {
    let mut s = Played::new(vec![talk("Ada", &[2, 0])]);
    s.press(0, "→ → → →");
    assert_eq!((s.show.slide(), s.show.step()), (1, 0));
    s.press(1_000, "←");
    assert_eq!((s.show.slide(), s.show.step()), (0, 2));
    s.press(1_000, "Home");
    assert_eq!((s.show.slide(), s.show.step()), (0, 0));
    s.press(1_000, "End");
    assert_eq!((s.show.slide(), s.show.step()), (1, 0));
}

#[test]
fn the_overview_chooses_a_slide() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0, 0, 0])]);
    s.press(0, "→ Tab");
    assert_eq!(s.show.overlay(), Some(Overlay::Overview { selected: 0 }));
    s.press(1_000, "→ → → → ←");
    assert_eq!(s.show.overlay(), Some(Overlay::Overview { selected: 2 }));
    assert_eq!(s.show.slide(), 0);
    s.press(2_000, "Enter");
    assert_eq!((s.show.overlay(), s.show.slide()), (None, 2));
    s.press(3_000, "o Esc");
    assert_eq!((s.show.overlay(), s.show.slide()), (None, 2));
}

#[test]
fn black_screen_and_help_close_without_moving_the_slides() {
    let mut s = Played::new(vec![talk("Ada", &[0, 0])]);
    s.press(0, "→ b");
    assert_eq!(s.show.overlay(), Some(Overlay::Black));
    s.press(1_000, "→");
    assert_eq!((s.show.overlay(), s.show.slide()), (None, 0));
    s.press(2_000, ". .");
    assert_eq!(s.show.overlay(), None);
    s.press(3_000, "?");
    assert_eq!(s.show.overlay(), Some(Overlay::Help));
    // Organiser keys still act under the help.
    s.press(4_000, "s");
    assert_eq!(s.show.clock().state(), ClockState::Paused);
    s.press(5_000, "Esc");
    assert_eq!(s.show.overlay(), None);
    // Time-up takes the black screen away with the slides.
    s.press(6_000, "b s");
    s.tick(400_000);
    assert_eq!((s.show.screen(), s.show.overlay()), (Screen::TimeUp, None));
}

#[test]
fn a_broken_deck_is_a_title_card_and_the_clock_works() {
    let broken = TalkPlan::new("Ada", "Kafka", secs(300)).with_problem("deck not found: kafka.md");
    let mut s = Played::new(vec![broken, talk("Bob", &[0])]);
    s.press(0, "→");
    assert_eq!(s.show.screen(), Screen::Talk);
    s.tick(300_000);
    assert_eq!(s.show.screen(), Screen::TimeUp);
    s.press(301_000, "n");
    assert_eq!(s.speaker(), "Bob");
}

#[test]
fn presenting_one_talk_ends_with_the_summary_then_quits() {
    let settings = ShowSettings {
        single_talk: true,
        ..ShowSettings::default()
    };
    let mut s = Played::with(vec![talk("Ada", &[0])], settings);
    s.press(0, "→ →");
    assert_eq!(s.show.screen(), Screen::ThankYou);
    s.press(1_000, "n");
    assert_eq!(s.show.screen(), Screen::Summary);
    assert!(s.press(2_000, "n").contains(&Effect::Quit));
}

#[test]
fn a_resumed_session_starts_at_the_same_speaker() {
    let mut show = Show::new(
        vec![talk("Ada", &[0]), talk("Bob", &[0]), talk("Cy", &[0])],
        ShowSettings::default(),
    );
    // A talk on stage that this running order does not have resumes nothing.
    let mut elsewhere = show.clone();
    let nowhere = Resumption {
        done: Vec::new(),
        on_stage: Some((9, logged(1_000, &[], 300_000))),
    };
    elsewhere.apply(Input::Resume(nowhere), Instant::now());
    assert!(!elsewhere.resumed());
    let given = Outcome::Given {
        used: secs(280),
        overtime: Duration::ZERO,
        early: true,
    };
    let resumption = Resumption {
        done: vec![(0, given)],
        on_stage: None,
    };
    assert!(
        show.apply(Input::Resume(resumption), Instant::now())
            .is_empty()
    );
    assert!(show.resumed());
    assert_eq!(
        show.begin(),
        vec![
            Effect::Log(Event::SessionResumed { talk: at(2, "Bob") }),
            Effect::PreloadTalk(1),
        ]
    );
    assert_eq!(show.screen(), Screen::UpNext);
    assert_eq!(
        show.current_turn().map(|t| t.plan.speaker.as_str()),
        Some("Bob")
    );
}

#[test]
fn a_session_stopped_before_its_end_was_logged_resumes_on_its_summary_and_logs_it() {
    let mut show = Show::new(
        vec![talk("Ada", &[0]), talk("Bob", &[0])],
        ShowSettings::default(),
    );
    let given = Outcome::Given {
        used: secs(280),
        overtime: Duration::ZERO,
        early: true,
    };
    let resumption = Resumption {
        done: vec![(0, given), (1, Outcome::Skipped)],
        on_stage: None,
    };
    show.apply(Input::Resume(resumption), Instant::now());
    assert!(show.resumed());
    assert_eq!(show.screen(), Screen::Summary);
    assert_eq!(
        show.begin(),
        vec![
            Effect::Log(Event::SessionResumed { talk: at(2, "Bob") }),
            Effect::Log(Event::SessionEnded {
                given: 1,
                skipped: 1
            }),
        ]
    );
}

/// The first talk was on stage when the show stopped, as `logged` says.
fn on_stage(logged: &CurrentTalk) -> Input {
    Input::Resume(Resumption {
        done: Vec::new(),
        on_stage: Some((0, logged.clone())),
    })
}

/// What the log says of a talk on stage when the show stopped.
fn logged(talk_ms: u64, changes: &[(u64, i64)], slot_ms: u64) -> CurrentTalk {
    CurrentTalk {
        talk: at(1, "Ada"),
        started_slot_ms: 300_000,
        slot_ms,
        changes: changes.to_vec(),
        last_talk_ms: Some(talk_ms),
        warnings: Vec::new(),
        time_up: false,
        paused: false,
        restarted: false,
        slide: None,
    }
}

#[test]
fn a_talk_resumed_mid_way_has_the_time_it_had_left_and_r_gives_a_full_slot() {
    let talks = || vec![talk("Ada", &[0, 0, 0]), talk("Bob", &[0])];
    // 30 s taken at 1:00, a minute given at 3:20; the last record at 4:10.
    let mut s = Played::new(talks());
    let before = logged(250_000, &[(60_000, -30_000), (200_000, 60_000)], 330_000);
    s.show.apply(on_stage(&before), s.time(0));
    assert!(s.show.resumed());
    s.effects = s.show.begin();
    assert_eq!(s.log(), vec![Event::SessionResumed { talk: at(1, "Ada") }]);
    assert!(s.effects.contains(&Effect::PreloadTalk(1)));
    assert_eq!((s.show.screen(), s.show.slide()), (Screen::Talk, 0));
    // Paused, with what it had left: 5:30 less 4:10. Nothing runs by itself.
    assert_eq!(s.show.clock().state(), ClockState::Paused);
    assert_eq!(s.show.clock().slot(), secs(330));
    assert_eq!(s.show.clock().remaining(s.time(60_000)), secs(80));
    assert!(s.tick(60_000).is_empty());
    // S goes on: the wrap-up comes 20 s later, once, at 1:00 left.
    s.press(60_000, "s");
    assert!(s.tick(79_999).is_empty());
    s.tick(80_000);
    s.tick(90_000);
    assert_eq!(s.sounds(), vec![Cue::WrapUp]);
    // The speaker's slides move as ever; R twice starts over with the full slot.
    s.press(90_000, "→");
    assert_eq!(s.show.slide(), 1);
    s.press(91_000, "r r");
    assert_eq!(s.show.screen(), Screen::UpNext);
    assert_eq!(s.show.clock().remaining(s.time(91_000)), secs(300));

    // Past the wrap-up when the show stopped: it is not given again, the final call is.
    let mut s = Played::new(talks());
    let late = CurrentTalk {
        warnings: vec![Warning::WrapUp],
        ..logged(250_000, &[], 300_000)
    };
    s.show.apply(on_stage(&late), s.time(0));
    s.press(1_000, "s");
    s.tick(21_000);
    s.tick(51_000);
    assert_eq!(s.sounds(), vec![Cue::Final, Cue::Gong]);

    // Past time-up: the TIME card, overtime going on from where it was.
    let mut s = Played::new(talks());
    let over = CurrentTalk {
        time_up: true,
        ..logged(305_000, &[], 300_000)
    };
    s.show.apply(on_stage(&over), s.time(0));
    assert_eq!(s.show.screen(), Screen::TimeUp);
    assert_eq!(s.show.clock().overtime(s.time(2_000)), secs(7));
    assert!(s.tick(2_000).is_empty());

    // Restarted before the show stopped: its Up next card, the full slot.
    let mut s = Played::new(talks());
    let restarted = CurrentTalk {
        restarted: true,
        ..logged(20_000, &[], 300_000)
    };
    s.show.apply(on_stage(&restarted), s.time(0));
    assert_eq!(s.show.screen(), Screen::UpNext);
    assert_eq!(s.show.clock().remaining(s.time(0)), secs(300));
}

#[test]
fn a_talk_resumes_on_the_slide_and_step_it_was_on() {
    let mut s = Played::new(vec![talk("Ada", &[0, 2, 0]), talk("Bob", &[0])]);
    let on_two = CurrentTalk {
        slide: Some((2, 1)),
        ..logged(40_000, &[], 300_000)
    };
    s.show.apply(on_stage(&on_two), s.time(0));
    assert_eq!((s.show.slide(), s.show.step()), (1, 1));
    // The resumed slide is logged once the log is open again.
    s.effects = s.show.begin();
    assert_eq!(s.slides(), vec![("Ada".to_string(), 2, 1)]);

    // The deck lost slides since: the last there is, at a step it has.
    let mut s = Played::new(vec![talk("Ada", &[0, 0]), talk("Bob", &[0])]);
    let past_the_end = CurrentTalk {
        slide: Some((3, 2)),
        ..logged(40_000, &[], 300_000)
    };
    s.show.apply(on_stage(&past_the_end), s.time(0));
    assert_eq!((s.show.slide(), s.show.step()), (1, 0));
}

#[test]
fn an_ignite_talk_resumes_on_the_slide_its_clock_is_at() {
    let ignite = TalkPlan::new("Ada", "Ada's talk", secs(300))
        .with_pauses(&[0; 20])
        .with_format(Format::Ignite);
    let mut s = Played::new(vec![ignite]);
    s.show
        .apply(on_stage(&logged(47_000, &[], 300_000)), s.time(0));
    assert_eq!(s.show.slide(), 3);
    // 0:47 used, 0:13 to the next slide.
    s.press(1_000, "s");
    s.tick(13_999);
    assert_eq!(s.show.slide(), 3);
    s.tick(14_000);
    assert_eq!(s.show.slide(), 4);
}

#[test]
fn a_notice_shows_for_a_while() {
    let mut s = Played::new(vec![talk("Ada", &[0])]);
    s.show
        .apply(Input::notice("lineup.toml line 3: expected `=`"), s.time(0));
    assert!(s.show.banner(s.time(4_000)).is_some());
    assert!(s.show.banner(s.time(6_000)).is_none());
}

#[test]
fn notices_given_together_are_shown_one_after_another() {
    let mut s = Played::new(vec![talk("Ada", &[0])]);
    s.show
        .apply(Input::notice("Resumed the session at talk 2"), s.time(0));
    s.show
        .apply(Input::notice("sound: no sound device"), s.time(0));
    let banner = |ms| s.show.banner(s.time(ms)).unwrap_or_default();
    assert_eq!(banner(1_000), "Resumed the session at talk 2");
    assert_eq!(banner(6_000), "sound: no sound device");
    assert_eq!(banner(11_000), "");
}

#[test]
fn a_trouble_said_again_and_again_is_one_banner_that_goes_when_it_is_over() {
    let mut s = Played::new(vec![talk("Ada", &[0])]);
    s.show
        .apply(Input::notice("Resumed the session at talk 2"), s.time(0));
    // Every write fails while the disk is full: the newest says it, once.
    for ms in [100, 200, 300] {
        s.show.apply(
            Input::trouble(Topic::SessionLog, format!("session log: disk full ({ms})")),
            s.time(ms),
        );
    }
    s.show
        .apply(Input::notice("sound: no sound device"), s.time(400));
    let banner = |s: &Played, ms| s.show.banner(s.time(ms)).unwrap_or_default();
    assert_eq!(banner(&s, 1_000), "Resumed the session at talk 2");
    assert_eq!(banner(&s, 6_000), "session log: disk full (300)");
    assert_eq!(banner(&s, 11_000), "sound: no sound device");
    assert_eq!(banner(&s, 16_000), "");

    // A later write succeeds: the banner goes at once; what waited behind it still comes.
    s.show.apply(
        Input::trouble(Topic::SessionLog, "session log: disk full"),
        s.time(20_000),
    );
    s.show.apply(Input::notice("Added Bo"), s.time(20_000));
    assert_eq!(banner(&s, 21_000), "session log: disk full");
    s.show
        .apply(Input::TroubleOver(Topic::SessionLog), s.time(21_000));
    assert_eq!(banner(&s, 21_000), "");
    assert_eq!(banner(&s, 26_000), "Added Bo");
}

#[test]
fn an_empty_lineup_is_the_summary() {
    let show = Show::new(Vec::new(), ShowSettings::default());
    assert_eq!(show.screen(), Screen::Summary);
}

#[test]
fn the_lineup_panel_on_an_empty_lineup_does_nothing() {
    let mut show = Show::new(Vec::new(), ShowSettings::default());
    let now = Instant::now();
    for command in keys("l u d e x m ↓ ↑ Esc") {
        show.apply(command, now);
    }
    assert_eq!(show.screen(), Screen::Summary);
}

mod random_sessions {
    use super::*;
    use proptest::prelude::*;

    fn command() -> impl Strategy<Value = Option<Command>> {
        let all = vec![
            Command::Next,
            Command::Previous,
            Command::First,
            Command::Last,
            Command::Digit(2),
            Command::Confirm,
            Command::Black,
            Command::Overview,
            Command::NextSpeaker,
            Command::StartPause,
            Command::AddTime,
            Command::TakeTime,
            Command::Restart,
            Command::Lineup,
            Command::Help,
            Command::Cancel,
            Command::MoveUp,
            Command::MoveDown,
            Command::SendToEnd,
            Command::Skip,
            Command::MakeNext,
        ];
        // Changes of order by position, some out of range.
        let reorder = (0usize..3, 0usize..6, 0usize..6).prop_map(|(kind, a, b)| match kind {
            0 => Command::Reorder(Reorder::Move { from: a, to: b }),
            1 => Command::Reorder(Reorder::SendToEnd(a)),
            2 => Command::Reorder(Reorder::Skip(a)),
            _ => Command::Reorder(Reorder::MakeNext(a)),
        });
        // `None` is a frame with no key: just a tick.
        prop_oneof![
            3 => Just(None),
            5 => proptest::sample::select(all).prop_map(Some),
            1 => reorder.prop_map(Some),
        ]
    }

    proptest! {
        #[test]
        fn any_key_sequence_keeps_the_show_consistent(
            steps in prop::collection::vec((command(), 0u64..90_000), 0..200),
            auto in any::<bool>(),
        ) {
            let format = if auto { Format::Ignite } else { Format::Free };
            let talks = vec![
                talk("Ada", &[1, 0, 2]).with_format(format),
                talk("Bob", &[0]),
                TalkPlan::new("Cy", "broken", secs(60)).with_problem("bad deck"),
                talk("Di", &[0, 0]),
            ];
            let mut show = Show::new(talks, ShowSettings::default());
            let mut now = Instant::now();
            let mut log = Vec::new();
            for (command, wait) in steps {
                now += Duration::from_millis(wait);
                let on_stage_before = matches!(show.screen(), Screen::Talk | Screen::TimeUp | Screen::ThankYou)
                    .then(|| show.current_turn().map(|t| t.plan.speaker.clone()));
                let effects = match command {
                    Some(command) => show.apply(command, now),
                    None => show.tick(now),
                };
                prop_assert!(!effects.contains(&Effect::Quit));
                // The screen can always be drawn.
                let theme = crate::theme::Theme::dark();
                let measure = crate::layout::FixedMeasure::default();
                let ctx = crate::layout::stage::StageContext {
                    width: 1280.0,
                    height: 720.0,
                    theme: &theme,
                    measure: &measure,
                };
                let frame = crate::layout::stage::compose(&show.view(now), None, ctx);
                prop_assert!(!frame.items.is_empty());
                log.extend(effects.into_iter().filter_map(|e| match e {
                    Effect::Log(event) => Some(event),
                    _ => None,
                }));
                let on_stage = matches!(show.screen(), Screen::Talk | Screen::TimeUp | Screen::ThankYou);
                // A change of order never takes the talk on stage off it.
                if let (Some(Command::Reorder(_)), Some(before)) = (command, &on_stage_before) {
                    prop_assert!(on_stage);
                    prop_assert_eq!(&show.current_turn().map(|t| t.plan.speaker.clone()), before);
                }
                if show.screen() != Screen::Summary {
                    prop_assert!(show.current() < show.turns().len());
                    prop_assert_eq!(show.turns().len(), 4);
                }
                if on_stage {
                    let plan = &show.turns()[show.current()].plan;
                    if !plan.slides.is_empty() {
                        prop_assert!(show.slide() < plan.slides.len());
                        prop_assert!(show.step() <= plan.slides[show.slide()].pauses);
                    }
                }
                if show.screen() == Screen::UpNext {
                    prop_assert_eq!(show.turns()[show.current()].outcome, Outcome::Pending);
                    prop_assert_eq!(show.clock().state(), ClockState::Ready);
                }
            }
            // Each talk start is followed by at most one time-up and one end.
            let mut since_start = (0, 0);
            for event in &log {
                match event {
                    Event::TalkStarted { .. } => since_start = (0, 0),
                    Event::TimeUp { .. } => since_start.0 += 1,
                    Event::TalkEnded { .. } => since_start.1 += 1,
                    _ => {}
                }
                prop_assert!(since_start.0 <= 1 && since_start.1 <= 1, "{log:?}");
            }
        }
    }
}
