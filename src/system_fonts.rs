//! The machine's own fonts, the last fallback after the bundled ones: found with
//! `fontdb` (no C library; the folders a Linux desktop keeps fonts in), only the first
//! time a char no bundled face has is asked for, so a deck the bundle covers never
//! scans anything. Owns finding a face for a char and reading its file (through
//! `regular_file`, with a limit); what a face measures and draws is `fonts`'.
//!
//! `GONG_FONT_DIRS` (folders separated by `:`) replaces the system's folders, so tests
//! and a presenter can say exactly which fonts the machine has; set but empty, none.

use std::path::{Path, PathBuf};

/// The most bytes one font file may have: the largest Noto CJK collection is 20 MB.
const FONT_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// A face found for a char: its file, read whole, and the family name `check` says.
pub(crate) struct SystemFace {
    pub family: String,
    pub bytes: Vec<u8>,
}

/// The faces the machine has, in the order they are tried.
pub(crate) struct SystemFonts {
    db: fontdb::Database,
    order: Vec<fontdb::ID>,
}

impl SystemFonts {
    /// Scans `GONG_FONT_DIRS`, else the system's font folders.
    pub(crate) fn scan() -> SystemFonts {
        let mut db = fontdb::Database::new();
        match std::env::var_os("GONG_FONT_DIRS") {
            Some(dirs) => {
                for dir in std::env::split_paths(&dirs).filter(|dir| !dir.as_os_str().is_empty()) {
                    db.load_fonts_dir(dir);
                }
            }
            None => db.load_system_fonts(),
        }
        SystemFonts::of(db)
    }

    /// The faces of one folder only.
    #[cfg(test)]
    pub(crate) fn in_dir(dir: &Path) -> SystemFonts {
        let mut db = fontdb::Database::new();
        db.load_fonts_dir(dir);
        SystemFonts::of(db)
    }

    /// Upright regular faces first, then Noto Sans families (the bundled design), then by
    /// name, so the same machine always picks the same face. Only a file's first face:
    /// the window loads a font file as its first face.
    fn of(db: fontdb::Database) -> SystemFonts {
        let mut faces: Vec<&fontdb::FaceInfo> = db.faces().filter(|face| face.index == 0).collect();
        faces.sort_by_key(|face| {
            let family = face.families.first().map_or("", |(name, _)| name.as_str());
            (
                face.style != fontdb::Style::Normal,
                face.weight.0.abs_diff(400),
                !family.starts_with("Noto Sans"),
                family.to_string(),
            )
        });
        let order = faces.iter().map(|face| face.id).collect();
        SystemFonts { db, order }
    }

    /// The first face that has a glyph for `ch`, read.
    pub(crate) fn face_for(&self, ch: char) -> Option<SystemFace> {
        self.first_face(ch, false)
    }

    /// The first face that draws `ch` as a colour picture (an emoji font), read.
    pub(crate) fn colour_face_for(&self, ch: char) -> Option<SystemFace> {
        self.first_face(ch, true)
    }

    fn first_face(&self, ch: char, colour_only: bool) -> Option<SystemFace> {
        let id = self.order.iter().copied().find(|id| {
            self.db
                .with_face_data(*id, |data, index| {
                    ttf_parser::Face::parse(data, index)
                        .ok()
                        .is_some_and(|face| {
                            face.glyph_index(ch).is_some_and(|glyph| glyph.0 != 0)
                                && (!colour_only || crate::fonts::draws_in_colour(&face))
                        })
                })
                .unwrap_or(false)
        })?;
        let face = self.db.face(id)?;
        let path: PathBuf = match &face.source {
            fontdb::Source::File(path) => path.clone(),
            _ => return None,
        };
        let bytes = read(&path)?;
        let family = face
            .families
            .first()
            .map_or_else(|| path.display().to_string(), |(name, _)| name.clone());
        Some(SystemFace { family, bytes })
    }
}

fn read(path: &Path) -> Option<Vec<u8>> {
    crate::regular_file::read_limited(path, FONT_FILE_LIMIT)
        .map_err(|error| eprintln!("gong: the font {} {error}", path.display()))
        .ok()
}
