//! A talk made ready to present: its deck read, parsed and resolved by the session's
//! rules (slot, format, title, theme), and the plan the show runs for it.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::deck::files::DeckFolder;
use crate::deck::source::read_source;
use crate::deck::{Block, BlockKind, Deck, Inline, Slide};
use crate::fonts::{FontSet, Han};
use crate::layout::glyphs::deck_han;
use crate::layout::pause_steps;
use crate::lineup::Lineup;
use crate::show::{SlidePlan, TalkPlan};
use crate::talk::{OwnChoices, Rules};
use crate::theme::Theme;

/// One load of a deck, told apart from every other load in the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeckId(u64);

impl DeckId {
    pub(crate) fn fresh() -> DeckId {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        DeckId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A deck as the show presents it: the slides that are shown, where its pictures live,
/// and its theme.
#[derive(Debug)]
pub struct LoadedDeck {
    /// Which load of a deck this is: slides laid out for one are never taken for
    /// another's, even one made after it was dropped.
    pub id: DeckId,
    pub slides: Vec<Slide>,
    pub dir: PathBuf,
    pub theme: Theme,
    /// Why the deck's own `theme:` is not the one shown, for the speaker to hear.
    pub theme_warning: Option<String>,
    /// The forms its Han ideographs are drawn in (`deck_han`).
    pub han: Han,
}

/// One talk, ready to present: the plan the show runs and the deck it shows (none for a
/// title card).
#[derive(Debug)]
pub struct PreparedTalk {
    pub plan: TalkPlan,
    pub deck: Option<Rc<LoadedDeck>>,
}

/// Reads and prepares one talk, resolved by the session's `rules` (`talk::Rules`: its
/// slot, format, title and theme). Never fails: a deck that cannot be read becomes a title
/// card with the reason, so the clock and the queue work as always.
pub(crate) fn prepare_talk(
    speaker: &str,
    own: &OwnChoices<'_>,
    deck_path: Option<&Path>,
    rules: &Rules,
) -> PreparedTalk {
    let loaded = deck_path.map(|path| read_source(path).map(|source| (path, source)));
    let (deck, problem) = match loaded {
        None => (None, None),
        Some(Err(error)) => (None, Some(error.to_string())),
        Some(Ok((path, source))) => {
            let deck = Deck::parse_with(&source, &DeckFolder::of(path));
            (Some((path, deck)), None)
        }
    };
    let folder = |path: &Path| path.parent().unwrap_or(Path::new("")).to_path_buf();
    let resolved = rules.talk(
        own,
        deck.as_ref()
            .map(|(path, deck)| (&deck.front, path.parent().unwrap_or(Path::new("")))),
    );
    let mut plan =
        TalkPlan::new(speaker, resolved.title, resolved.slot).with_format(resolved.format);
    plan.problem = problem;
    let deck = deck.map(|(path, deck)| {
        // Without fonts nothing is drawn anyway; the show says why when it opens them.
        let han =
            FontSet::shared().map_or(Han::default(), |fonts| deck_han(&deck, own.lang, fonts));
        let slides: Vec<Slide> = deck.shown_slides().cloned().collect();
        crate::layout::code::warm_grammars(deck_code(&slides));
        plan.slides = slide_plans(&slides);
        Rc::new(LoadedDeck {
            id: DeckId::fresh(),
            slides,
            dir: folder(path),
            theme: resolved.theme.theme,
            theme_warning: resolved.theme_problem.map(|error| error.to_string()),
            han,
        })
    });
    PreparedTalk { plan, deck }
}

/// Every code block of a deck with a language, as (language, text).
fn deck_code(slides: &[Slide]) -> Vec<(String, String)> {
    slides
        .iter()
        .flat_map(|slide| Block::code_blocks(&slide.blocks))
        .filter_map(|block| match &block.kind {
            BlockKind::Code {
                lang: Some(lang),
                text,
                ..
            } => Some((lang.clone(), text.clone())),
            _ => None,
        })
        .collect()
}

/// What the show needs of each slide shown: its reveal steps and its heading.
pub(super) fn slide_plans(slides: &[Slide]) -> Vec<SlidePlan> {
    slides
        .iter()
        .map(|slide| SlidePlan {
            pauses: pause_steps(slide),
            heading: first_heading(slide),
        })
        .collect()
}

pub(super) fn first_heading(slide: &Slide) -> Option<String> {
    slide.blocks.iter().find_map(|block| match &block.kind {
        BlockKind::Heading { content, .. } => Some(Inline::plain_text(content)),
        _ => None,
    })
}

/// Every talk of a lineup, prepared. `base` is the lineup's folder for decks that are
/// still relative (a lineup parsed from an edit rather than loaded).
pub(crate) fn prepare_lineup(lineup: &Lineup, base: &Path, rules: &Rules) -> Vec<PreparedTalk> {
    lineup
        .talks
        .iter()
        .map(|talk| {
            let deck = talk.deck.as_ref().map(|deck| base.join(deck));
            let mut prepared =
                prepare_talk(&talk.speaker, &OwnChoices::of(talk), deck.as_deref(), rules);
            // As the lineup names it: the same however the show was started.
            prepared.plan.deck = talk.deck.as_ref().map(|deck| deck.display().to_string());
            prepared
        })
        .collect()
}
