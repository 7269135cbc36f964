//! Pictures without a show: `gong export` (every shown slide of a deck as a PNG) and a
//! rehearsal report card's PNG, both drawn by gong's own layout in a window of export's
//! size.

use std::path::{Path, PathBuf};

use super::RunError;
use crate::deck::Deck;
use crate::deck::files::DeckFolder;
use crate::deck::source::read_source;
use crate::fonts::FontSet;
use crate::images::{DEFAULT_FIT, ImageCache};
use crate::layout::report_card::compose_report;
use crate::layout::stage::StageContext;
use crate::layout::{SlideContext, layout_slide, pause_steps};
use crate::talk::{Overrides, Rules, organiser_theme};
use crate::theme::Theme;
use crate::view::ReportCard;
use crate::window::export::{ExportConfig, export as export_slides};

/// `gong export DECK.md --out DIR`: every shown slide, fully revealed, as a 1920×1080 PNG.
pub fn export(deck: &Path, out: &Path, theme: Option<&str>) -> Result<Vec<PathBuf>, RunError> {
    let fonts = FontSet::shared()?;
    let source = read_source(deck)?;
    let parsed = Deck::parse_with(&source, &DeckFolder::of(deck));
    let dir = deck.parent().unwrap_or(Path::new("")).to_path_buf();
    let overrides = Overrides {
        theme: theme.map(str::to_string),
        ..Overrides::default()
    };
    let rules = Rules::for_one_deck(&overrides, organiser_theme(&overrides, None)?);
    let own = parsed
        .front
        .theme
        .as_deref()
        .map(|name| (name, dir.as_path()));
    let theme = match rules.deck_theme(own) {
        (chosen, None) => chosen.theme,
        // Another presenter's theme: said, and the slides exported all the same.
        (chosen, Some(error)) if error.is_foreign() => {
            eprintln!("gong: {}: {error}", deck.display());
            chosen.theme
        }
        (_, Some(error)) => return Err(error.into()),
    };
    std::fs::create_dir_all(out).map_err(|source| RunError::OutDir {
        path: out.to_path_buf(),
        source,
    })?;
    let measure = fonts.in_language(crate::layout::glyphs::deck_han(&parsed, None, fonts));
    let slides: Vec<_> = parsed.shown_slides().cloned().collect();
    let count = slides.len();
    let images = ImageCache::new(DEFAULT_FIT);
    let files = export_slides(
        ExportConfig::new(out),
        count,
        images,
        move |index, size, images| {
            let Some(slide) = slides.get(index) else {
                return Default::default();
            };
            let context = SlideContext {
                window: size,
                theme: &theme,
                measure: &measure,
                images,
                deck_dir: &dir,
                reveal: pause_steps(slide),
                footer: false,
            };
            layout_slide(slide, &context)
        },
    )?;
    Ok(files)
}

/// `gong report REHEARSALS --png FILE`: the last run's report card, drawn by gong's own
/// layout in a window of export's size and saved as `file`.
pub(crate) fn report_card_png(card: &ReportCard, file: &Path) -> Result<(), RunError> {
    let fonts = FontSet::shared()?;
    let folder = file.parent().filter(|dir| !dir.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    // Export writes `slide-01.png` into a folder: a private one beside the file, so the
    // picture arrives whole by a rename.
    let out = tempfile::Builder::new()
        .prefix(".gong-card")
        .tempdir_in(folder)
        .map_err(|source| RunError::OutDir {
            path: folder.to_path_buf(),
            source,
        })?;
    let card = card.clone();
    let theme = Theme::dark();
    let written = export_slides(
        ExportConfig::new(out.path()),
        1,
        ImageCache::new(DEFAULT_FIT),
        move |_, size, _| {
            let context = StageContext {
                width: size.0,
                height: size.1,
                theme: &theme,
                measure: fonts,
            };
            compose_report(&card, context)
        },
    )?;
    let picture = written.first().ok_or_else(|| RunError::OutDir {
        path: out.path().to_path_buf(),
        source: std::io::Error::other("the card was not written"),
    })?;
    std::fs::rename(picture, file).map_err(|source| RunError::OutDir {
        path: file.to_path_buf(),
        source,
    })?;
    Ok(())
}
