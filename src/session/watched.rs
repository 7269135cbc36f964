//! The lineup file of a running show: its watcher, the rules its talks were resolved
//! by, and which `[[talk]]` table of its text is which talk, so the panel's order can
//! be written back into it.

use std::path::Path;
use std::time::Instant;

use crate::lineup::Lineup;
use crate::talk::Rules;
use crate::watch::LineupWatcher;

/// The lineup file a running show watches, and what it needs to re-read it and to write
/// the panel's order back into it.
pub struct WatchedLineup {
    pub watcher: LineupWatcher,
    /// The rules its talks were resolved by; an edit brings its own `duration`.
    pub rules: Rules,
    /// The text the show's list of talks came from: its `[[talk]]` tables are that list.
    pub(super) text: String,
    /// For each talk of that list (`Turn::source`), its table in `text`: the same at first,
    /// and moved as the show writes the panel's order into the file.
    pub(super) tables: Vec<usize>,
}

impl WatchedLineup {
    /// Watches the lineup at `path`, whose text `source` the show's talks were just made
    /// from (read once, so the two cannot differ).
    pub fn new(path: &Path, source: &str, lineup: &Lineup, rules: Rules, now: Instant) -> Self {
        WatchedLineup {
            watcher: LineupWatcher::new(path, source, now),
            rules,
            text: source.to_string(),
            tables: (0..lineup.talks.len()).collect(),
        }
    }

    /// The file now holds `text`, our own write of `tables` (tables of the old text, in
    /// their new order): each talk's table is found at its new place.
    pub(super) fn wrote(&mut self, text: String, tables: &[usize]) {
        let mut sequence = tables.to_vec();
        sequence.extend((0..self.tables.len()).filter(|table| !tables.contains(table)));
        let mut place = vec![0; sequence.len()];
        for (new, &old) in sequence.iter().enumerate() {
            if let Some(slot) = place.get_mut(old) {
                *slot = new;
            }
        }
        for table in &mut self.tables {
            *table = place.get(*table).copied().unwrap_or(*table);
        }
        self.text = text;
    }
}
