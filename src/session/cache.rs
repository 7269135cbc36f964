//! What a session keeps laid out between frames: the slide on screen and the one
//! coming (keyed by deck load, place, size and pictures decoded), and the glyphs of the
//! cards still to come, for the window to warm.

use std::time::Instant;

use super::prepare::DeckId;
use crate::layout::DrawList;
use crate::layout::ahead::glyphs_of;
use crate::layout::stage::StageContext;
use crate::show::Show;

/// The slide on screen, laid out once for its place, size and pictures.
pub(super) struct CachedSlide {
    pub(super) key: SlideKey,
    pub(super) list: DrawList,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct SlideKey {
    pub(super) deck: DeckId,
    pub(super) slide: usize,
    pub(super) step: usize,
    pub(super) size: (u32, u32),
    pub(super) images: u64,
}

/// The glyphs of the cards still to come, and what they were gathered for.
pub(super) struct CardsAhead {
    key: u64,
    pub(super) glyphs: DrawList,
    /// The window reported them rasterised: no need to offer them frame after frame.
    pub(super) warm: bool,
}

impl CardsAhead {
    /// Gathers the glyphs again when the lineup or the window changed: once at the
    /// start, and after an edit, a move or a late signup.
    pub(super) fn refresh(
        previous: Option<CardsAhead>,
        show: &Show,
        context: StageContext,
        now: Instant,
    ) -> CardsAhead {
        let key = CardsAhead::key(show, (context.width, context.height));
        match previous {
            Some(ahead) if ahead.key == key => ahead,
            _ => CardsAhead {
                key,
                glyphs: glyphs_of(&show.cards_ahead(now), context),
                warm: false,
            },
        }
    }

    /// What the cards depend on besides the clock: the window's size and who talks about
    /// what, in which order, for how long. Not the progress of the session: cards already
    /// shown stay warm, and regathering after every talk would slow the hand-over.
    fn key(show: &Show, size: (f32, f32)) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (size.0.to_bits(), size.1.to_bits()).hash(&mut hasher);
        show.settings().title.hash(&mut hasher);
        for turn in show.turns() {
            let plan = &turn.plan;
            (&plan.speaker, &plan.title, plan.slot, &plan.problem).hash(&mut hasher);
        }
        hasher.finish()
    }
}
