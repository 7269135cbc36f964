//! Rehearsals played as key scripts against instants on the stage's own show: what each
//! slide's time comes to, what the pacing mark says, and the record written, in full.

use std::time::{Duration, Instant, SystemTime};

use super::*;
use crate::show::tests::keys;
use crate::show::{Effect, Input, ShowSettings, SlidePlan, TalkPlan};
use crate::sound::Cue;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn ms(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

/// A slide called `title`, with `pauses` reveal steps and its own budget.
fn slide(title: &str, budget: Option<u64>) -> SlideInfo {
    SlideInfo {
        title: title.to_string(),
        budget: budget.map(secs),
    }
}

/// The wall clock the records are stamped with: 2026-03-01T10:00:00Z plus the offset.
fn wall(offset: Duration) -> SystemTime {
    SystemTime::UNIX_EPOCH + secs(1_772_359_200) + offset
}

/// A rehearsal of `slides` (each with its pause count) in `slot` seconds, and every
/// record it asked to write.
struct Played {
    show: Show,
    rehearsal: Rehearsal,
    t0: Instant,
    records: Vec<RunRecord>,
    effects: Vec<Effect>,
}

impl Played {
    fn new(slides: &[(SlideInfo, usize)], slot: u64, strict: bool) -> Played {
        let pauses: Vec<usize> = slides.iter().map(|(_, pauses)| *pauses).collect();
        let plan = TalkPlan::new("Ada", "Ada's talk", secs(slot)).with_pauses(&pauses);
        let settings = ShowSettings {
            single_talk: true,
            overtime_on_slides: !strict,
            ..ShowSettings::default()
        };
        let infos = slides.iter().map(|(info, _)| info.clone()).collect();
        Played {
            show: Show::new(vec![plan], settings),
            rehearsal: Rehearsal::new("talk.md", infos, strict),
            t0: Instant::now(),
            records: Vec::new(),
            effects: Vec::new(),
        }
    }

    fn observe(&mut self, at: Duration) {
        let record = self.rehearsal.observe(&self.show, self.t0 + at, wall(at));
        self.records.extend(record);
    }

    /// Presses `script` at `at` (milliseconds after the start).
    fn press(&mut self, at_ms: u64, script: &str) -> &mut Played {
        let at = ms(at_ms);
        for command in keys(script) {
            let effects = self.show.apply(command, self.t0 + at);
            self.effects.extend(effects);
            self.observe(at);
        }
        self
    }

    fn tick(&mut self, at_ms: u64) -> &mut Played {
        let at = ms(at_ms);
        let effects = self.show.tick(self.t0 + at);
        self.effects.extend(effects);
        self.observe(at);
        self
    }

    fn times(&self) -> Vec<u64> {
        self.rehearsal.times().iter().map(|t| millis(*t)).collect()
    }

    fn last(&self) -> &RunRecord {
        self.records.last().expect("a record was made")
    }
}

fn three() -> Vec<(SlideInfo, usize)> {
    vec![
        (slide("Hello", Some(20)), 0),
        (slide("Why", None), 2),
        (slide("Thanks", None), 0),
    ]
}

#[test]
fn each_slide_gets_its_reveal_steps_and_every_visit_and_the_record_says_so() {
    let mut played = Played::new(&three(), 120, false);
    played
        .press(0, "→") // the clock starts on slide 1
        .press(10_000, "→") // slide 2, step 0
        .press(15_000, "→") // step 1
        .press(25_000, "→") // step 2
        .press(30_000, "←") // back to step 1: still slide 2
        .press(31_000, "← ←") // slide 1 again
        .press(36_000, "End") // slide 3
        .press(40_000, "→"); // past the end
    assert_eq!(played.times(), vec![15_000, 21_000, 4_000]);
    let record = played.last().clone();
    assert_eq!(
        record,
        RunRecord {
            at: record::stamp(wall(ms(40_000))),
            rehearsal: record::VERSION,
            started: record::stamp(wall(Duration::ZERO)),
            deck: "talk.md".into(),
            slot_ms: 120_000,
            strict: false,
            slides: vec![
                SlideTime {
                    title: "Hello".into(),
                    budget_ms: 20_000,
                    ms: 15_000
                },
                SlideTime {
                    title: "Why".into(),
                    budget_ms: 50_000,
                    ms: 21_000
                },
                SlideTime {
                    title: "Thanks".into(),
                    budget_ms: 50_000,
                    ms: 4_000
                },
            ],
            used_ms: 40_000,
            overtime_ms: 0,
            ended: Some(Ending::Finished),
        }
    );
    // A record at the start, at each change of slide (not of step), and at the end.
    let slides_at: Vec<u64> = played
        .records
        .iter()
        .map(|r| r.slides.iter().map(|s| s.ms).sum())
        .collect();
    assert_eq!(slides_at, vec![0, 10_000, 31_000, 36_000, 40_000]);
}

#[test]
fn a_paused_clock_adds_nothing_to_the_slide() {
    let mut played = Played::new(&three(), 120, false);
    played
        .press(0, "→")
        .press(5_000, "S")
        .press(65_000, "S")
        .press(70_000, "→");
    assert_eq!(played.times(), vec![10_000, 0, 0]);
}

#[test]
fn budgets_split_the_rest_of_the_slot_over_slides_without_one() {
    assert_eq!(
        budgets(
            secs(300),
            &[Some(secs(20)), None, None, Some(secs(40)), None]
        ),
        vec![secs(20), secs(80), secs(80), secs(40), secs(80)]
    );
    // Own budgets past the slot leave nothing for the rest, and never underflow.
    assert_eq!(
        budgets(secs(60), &[Some(secs(50)), Some(secs(30)), None]),
        vec![secs(50), secs(30), Duration::ZERO]
    );
    assert_eq!(budgets(secs(60), &[]), Vec::<Duration>::new());
}

#[test]
fn the_pacing_mark_is_on_pace_within_the_slides_planned_window() {
    let plan = [secs(20), secs(50), secs(50)];
    assert_eq!(pace(&plan, 0, secs(5)), Pace::OnTime);
    assert_eq!(pace(&plan, 1, secs(8)), Pace::Ahead(secs(12)));
    assert_eq!(pace(&plan, 1, secs(70)), Pace::OnTime);
    assert_eq!(pace(&plan, 1, secs(75)), Pace::Behind(secs(5)));
    assert_eq!(pace(&plan, 2, secs(130)), Pace::Behind(secs(10)));
}

#[test]
fn at_zero_the_gong_sounds_and_the_run_goes_on_in_overtime() {
    let mut played = Played::new(&three(), 30, false);
    played
        .press(0, "→ → → → →") // on the last slide at once
        .tick(30_000)
        .tick(40_000)
        .press(42_000, "→");
    assert!(played.effects.contains(&Effect::Sound(Cue::Gong)));
    assert_eq!(played.show.screen(), Screen::ThankYou);
    let record = played.last();
    assert_eq!(record.ended, Some(Ending::Finished));
    assert_eq!((record.used_ms, record.overtime_ms), (30_000, 12_000));
    assert_eq!(played.times(), vec![0, 0, 42_000]);
}

#[test]
fn strict_is_the_stage_the_slides_leave_at_zero_and_the_run_ends() {
    let mut played = Played::new(&three(), 30, true);
    played.press(0, "→").press(10_000, "→").tick(30_000);
    assert_eq!(played.show.screen(), Screen::TimeUp);
    assert_eq!(played.last().ended, Some(Ending::TimeUp));
    assert_eq!(played.times(), vec![10_000, 20_000, 0]);
    // Speaker keys do nothing on the TIME card.
    let count = played.records.len();
    played.press(35_000, "→");
    assert_eq!(played.records.len(), count);
}

#[test]
fn r_twice_restarts_the_run_and_the_next_press_starts_a_new_one() {
    let mut played = Played::new(&three(), 120, false);
    played.press(0, "→").press(10_000, "→").press(12_000, "R R");
    assert_eq!(played.last().ended, Some(Ending::Restarted));
    assert_eq!(played.last().slides[1].ms, 2_000);
    let first = played.last().started.clone();
    played.press(20_000, "→").press(25_000, "→");
    assert_eq!(played.times(), vec![5_000, 0, 0]);
    assert_ne!(played.last().started, first);
    assert_eq!(played.last().ended, None);
}

#[test]
fn quitting_ends_the_run_as_quit_and_a_killed_one_has_no_end() {
    let mut played = Played::new(&three(), 120, false);
    played.press(0, "→").press(3_000, "→");
    // Killed here: the last record written has no end.
    assert_eq!(played.last().ended, None);
    let record = played
        .rehearsal
        .finish(&played.show, played.t0 + ms(4_000), wall(ms(4_000)));
    let record = record.expect("the run's end is recorded");
    assert_eq!(record.ended, Some(Ending::Quit));
    assert_eq!(record.slides[1].ms, 1_000);
}

#[test]
fn a_save_in_the_middle_of_a_slide_keeps_that_slide_and_its_time() {
    let mut played = Played::new(&three(), 120, false);
    played.press(0, "→").press(10_000, "→ →"); // slide 2, step 1
    // Saved at 14 s with a new slide before the current one.
    let new = vec![
        slide("Hello", Some(20)),
        slide("A new one", None),
        slide("Why", None),
        slide("Thanks", None),
    ];
    played.observe(ms(14_000));
    let found = follow(played.rehearsal.slides(), &new);
    assert_eq!(found, vec![Some(0), Some(2), Some(3)]);
    let stay = nearest(&found, played.show.slide(), new.len());
    let record = played.rehearsal.edited(new, &found, wall(ms(14_000)));
    let titles: Vec<_> = record
        .expect("an edit in a run is recorded")
        .slides
        .into_iter()
        .map(|slide| (slide.title, slide.ms))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Hello".to_string(), 10_000),
            ("A new one".to_string(), 0),
            ("Why".to_string(), 4_000),
            ("Thanks".to_string(), 0)
        ]
    );
    let slides = vec![
        SlidePlan::default(),
        SlidePlan::default(),
        SlidePlan {
            pauses: 2,
            heading: None,
        },
        SlidePlan::default(),
    ];
    let effects = played.show.apply(
        Input::SlidesEdited {
            slides,
            slide: stay,
        },
        played.t0 + ms(14_000),
    );
    assert!(!effects.contains(&Effect::Sound(Cue::Gong)));
    assert_eq!((played.show.slide(), played.show.step()), (2, 1));
    // The clock was not touched: the slide's time goes on from where it was.
    played.press(20_000, "→ →");
    assert_eq!(played.times(), vec![10_000, 0, 10_000, 0]);
    assert_eq!(played.last().slides[2].title, "Why");
    assert_eq!(played.last().slides[1].budget_ms, 100_000 / 3);
}

#[test]
fn a_slide_changed_past_recognition_gives_way_to_its_neighbours_place() {
    let names = |titles: &[&str]| -> Vec<SlideInfo> {
        titles.iter().map(|title| slide(title, None)).collect()
    };
    let old = names(&["A", "B", "C", "D"]);
    // C renamed, a slide added before it.
    let new = names(&["A", "New", "B", "C2", "D"]);
    let found = follow(&old, &new);
    assert_eq!(found, vec![Some(0), Some(2), None, Some(4)]);
    assert_eq!(nearest(&found, 2, new.len()), 3);
    // B removed while on it: the slide after A.
    let fewer = names(&["A", "C", "D"]);
    let found = follow(&old, &fewer);
    assert_eq!(nearest(&found, 1, fewer.len()), 1);
    // Everything renamed: the same number, kept in range.
    let others = names(&["X", "Y"]);
    let found = follow(&old, &others);
    assert_eq!(nearest(&found, 3, others.len()), 1);
}
