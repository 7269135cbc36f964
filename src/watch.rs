//! Watching the lineup file while a show runs, so an organiser's edit or a `gong add`
//! is taken in without a restart. The window loop polls every frame; the watcher looks at
//! the file's metadata at most every `CHECK_EVERY` and reads it only when that changed.
//! It follows the path, not the open file: editors and `gong add` save by writing a new
//! file and renaming it over the old one.
//! Owns noticing and reading; parsing the text (and keeping the last good lineup when it
//! does not parse) is the caller's. Time is passed in.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::deck::source::MAX_DECK_BYTES;
use crate::regular_file::read_limited;

/// Often enough that an edit shows within a blink, rarely enough that a frame never pays
/// for a `stat` (a few microseconds, but every frame adds up on a slow laptop).
pub(crate) const CHECK_EVERY: Duration = Duration::from_millis(250);

/// What the watcher saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// The file holds new text: parse it. Also sent when the file is readable again after
    /// `Unreadable`, so a banner about it can go.
    Edited(String),
    /// The file cannot be read now (removed, renamed away, not UTF-8, no permission). Sent
    /// once per distinct problem; keep the last good lineup.
    Unreadable(String),
}

/// What identifies one version of the file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    length: u64,
    /// A rename over the path makes a new file, which may carry an old mtime (`cp -p`,
    /// `mv` of an older copy): its identity tells it apart.
    identity: (u64, u64),
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let identity = {
            use std::os::unix::fs::MetadataExt;
            (metadata.dev(), metadata.ino())
        };
        #[cfg(not(unix))]
        let identity = (0, 0);
        Stamp {
            modified: metadata.modified().ok(),
            length: metadata.len(),
            identity,
        }
    }
}

/// Polls one lineup file for changes.
#[derive(Debug)]
pub struct LineupWatcher {
    path: PathBuf,
    next_check: Instant,
    seen: Option<Stamp>,
    /// The text the caller has: a save that leaves it the same is no change.
    known: String,
    problem: Option<String>,
}

impl LineupWatcher {
    /// Watches `path`, whose text the caller has just read as `loaded`. The first look is
    /// `CHECK_EVERY` after `now`; an edit made since `loaded` was read is caught then.
    pub fn new(path: impl Into<PathBuf>, loaded: &str, now: Instant) -> LineupWatcher {
        LineupWatcher {
            path: path.into(),
            next_check: now + CHECK_EVERY,
            seen: None,
            known: loaded.to_string(),
            problem: None,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    #[cfg(test)]
    /// The text the caller has, as last read or accepted.
    pub(crate) fn known(&self) -> &str {
        &self.known
    }

    /// The caller wrote `source` to the file itself (the show's own order): that is no
    /// edit to report back. Only for a write that holds nothing the caller has not seen:
    /// an edit made meanwhile and carried into the write must still be reported.
    pub(crate) fn accept(&mut self, source: &str, now: Instant) {
        self.known = source.to_string();
        self.problem = None;
        // The version just written, so the next look does not even read it; if it cannot
        // be seen now, the next look reads the file and finds the same text.
        self.seen = std::fs::metadata(&self.path)
            .ok()
            .map(|metadata| Stamp::of(&metadata));
        self.next_check = now + CHECK_EVERY;
    }

    /// Looks now, however recently it last looked: a `Bell` rang.
    pub(crate) fn look_now(&mut self, now: Instant) -> Option<Change> {
        self.next_check = now;
        self.poll(now)
    }

    /// Cheap when called every frame: does nothing until `CHECK_EVERY` has passed since
    /// the last look.
    pub(crate) fn poll(&mut self, now: Instant) -> Option<Change> {
        if now < self.next_check {
            return None;
        }
        self.next_check = now + CHECK_EVERY;
        let stamp = match std::fs::metadata(&self.path) {
            Ok(metadata) => Stamp::of(&metadata),
            Err(error) => {
                self.seen = None;
                return self.report(error.to_string());
            }
        };
        if self.seen == Some(stamp) {
            return None;
        }
        // Through the reader decks use: the frame thread must not hang on a path swapped
        // for a named pipe, nor read a file swapped for a huge one.
        let text = match read_limited(&self.path, MAX_DECK_BYTES) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    // Retried once the file changes again, not every check.
                    self.seen = Some(stamp);
                    return self.report(format!("not UTF-8 text ({error})"));
                }
            },
            // Not remembered as seen: a file caught mid-rename is tried again next check.
            Err(error) => return self.report(error.to_string()),
        };
        self.seen = Some(stamp);
        let recovered = self.problem.take().is_some();
        if text == self.known && !recovered {
            return None;
        }
        self.known.clone_from(&text);
        Some(Change::Edited(text))
    }

    fn report(&mut self, problem: String) -> Option<Change> {
        let problem = format!("{}: {problem}", self.path.display());
        if self.problem.as_ref() == Some(&problem) {
            return None;
        }
        self.problem = Some(problem.clone());
        Some(Change::Unreadable(problem))
    }
}

/// How often a `Bell` looks at its file's metadata: a save shows well within a blink
/// (issue 13: save to reloaded frame in 150 ms), for a `stat` that costs microseconds
/// (a hundred a second are lost in the noise of an idle show).
pub(crate) const RING_EVERY: Duration = Duration::from_millis(10);

/// A thread that looks at a file's metadata every `RING_EVERY` and calls `ring` when it
/// changed, so a window that sleeps between frames wakes for an edit at once rather than
/// at its next heartbeat. It only rings: what changed is still read by a watcher on the
/// frame's thread (`LineupWatcher::look_now`). Stops when dropped.
#[derive(Debug)]
pub(crate) struct Bell {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    rang: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Bell {
    pub(crate) fn start(path: &Path, ring: impl Fn() + Send + 'static) -> std::io::Result<Bell> {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = Arc::new(AtomicBool::new(false));
        let rang = Arc::new(AtomicBool::new(false));
        let (stopped, ringing) = (stop.clone(), rang.clone());
        let path = path.to_path_buf();
        let stamp = |path: &Path| std::fs::metadata(path).ok().map(|m| Stamp::of(&m));
        // Taken here, not on the thread: a save made before the thread first looks is a
        // change too. (One made before `start` is the watcher's to find.)
        let mut seen = stamp(&path);
        std::thread::Builder::new()
            .name("gong-deck-bell".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::sleep(RING_EVERY);
                    let now = stamp(&path);
                    if now != seen {
                        seen = now;
                        ringing.store(true, Ordering::Release);
                        ring();
                    }
                }
            })?;
        Ok(Bell { stop, rang })
    }

    /// Whether it rang since the last time this was asked.
    pub(crate) fn rang(&self) -> bool {
        self.rang.swap(false, std::sync::atomic::Ordering::Acquire)
    }
}

impl Drop for Bell {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bell_rings_once_for_a_save_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.md");
        std::fs::write(&path, "# One\n").unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        let bell = Bell::start(&path, move || {
            let _ = send.send(());
        })
        .unwrap();
        assert!(!bell.rang());
        // As editors save: a new file renamed over the old one.
        let fresh = dir.path().join(".talk.md.swp");
        std::fs::write(&fresh, "# Two\n").unwrap();
        std::fs::rename(&fresh, &path).unwrap();
        assert!(receive.recv_timeout(Duration::from_secs(10)).is_ok());
        assert!(bell.rang());
        assert!(!bell.rang(), "asked again, it has not rung since");
    }

    const ONE: &str = "title = \"Day 1\"\n";
    const TWO: &str = "title = \"Day 1\"\n\n[[talk]]\nspeaker = \"Ada\"\ntitle = \"Late\"\n";

    struct Setup {
        _dir: tempfile::TempDir,
        path: PathBuf,
        start: Instant,
        watcher: LineupWatcher,
    }

    fn setup() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, ONE).unwrap();
        let start = Instant::now();
        let watcher = LineupWatcher::new(&path, ONE, start);
        Setup {
            _dir: dir,
            path,
            start,
            watcher,
        }
    }

    fn ms(setup: &Setup, millis: u64) -> Instant {
        setup.start + Duration::from_millis(millis)
    }

    #[test]
    fn an_untouched_file_is_no_change() {
        let mut s = setup();
        assert_eq!(s.watcher.poll(ms(&s, 300)), None);
        assert_eq!(s.watcher.poll(ms(&s, 600)), None);
    }

    #[test]
    fn looks_at_the_file_at_most_every_quarter_second() {
        let mut s = setup();
        std::fs::write(&s.path, TWO).unwrap();
        assert_eq!(s.watcher.poll(ms(&s, 100)), None);
        assert_eq!(s.watcher.poll(ms(&s, 249)), None);
        assert_eq!(
            s.watcher.poll(ms(&s, 250)),
            Some(Change::Edited(TWO.into()))
        );
        std::fs::write(&s.path, ONE).unwrap();
        assert_eq!(s.watcher.poll(ms(&s, 400)), None);
        assert_eq!(
            s.watcher.poll(ms(&s, 500)),
            Some(Change::Edited(ONE.into()))
        );
    }

    #[test]
    fn follows_the_path_when_a_new_file_is_renamed_over_it() {
        let mut s = setup();
        assert_eq!(s.watcher.poll(ms(&s, 300)), None);
        let saved = s.path.with_file_name(".lineup.toml.swp");
        std::fs::write(&saved, TWO).unwrap();
        std::fs::rename(&saved, &s.path).unwrap();
        assert_eq!(
            s.watcher.poll(ms(&s, 600)),
            Some(Change::Edited(TWO.into()))
        );
        assert_eq!(s.watcher.poll(ms(&s, 900)), None);
    }

    #[test]
    fn a_save_with_the_same_text_is_no_change() {
        let mut s = setup();
        let saved = s.path.with_file_name("copy.toml");
        std::fs::write(&saved, ONE).unwrap();
        std::fs::rename(&saved, &s.path).unwrap();
        assert_eq!(s.watcher.poll(ms(&s, 300)), None);
    }

    #[test]
    fn a_removed_file_is_reported_once_and_its_return_noticed() {
        let mut s = setup();
        std::fs::remove_file(&s.path).unwrap();
        let reported = s.watcher.poll(ms(&s, 300));
        assert!(
            matches!(&reported, Some(Change::Unreadable(why)) if why.contains("lineup.toml")),
            "{reported:?}"
        );
        assert_eq!(s.watcher.poll(ms(&s, 600)), None);
        // Back with the same text: still worth saying, so the banner goes.
        std::fs::write(&s.path, ONE).unwrap();
        assert_eq!(
            s.watcher.poll(ms(&s, 900)),
            Some(Change::Edited(ONE.into()))
        );
        assert_eq!(s.watcher.poll(ms(&s, 1200)), None);
    }

    #[test]
    fn text_that_is_not_utf8_is_unreadable() {
        let mut s = setup();
        std::fs::write(&s.path, b"title = \"\xff\"\n").unwrap();
        let reported = s.watcher.poll(ms(&s, 300));
        assert!(
            matches!(&reported, Some(Change::Unreadable(why)) if why.contains("not UTF-8")),
            "{reported:?}"
        );
        assert_eq!(s.watcher.poll(ms(&s, 600)), None);
        std::fs::write(&s.path, TWO).unwrap();
        assert_eq!(
            s.watcher.poll(ms(&s, 900)),
            Some(Change::Edited(TWO.into()))
        );
    }

    #[test]
    fn the_callers_own_write_is_no_change_but_a_later_edit_is() {
        let mut s = setup();
        assert_eq!(s.watcher.poll(ms(&s, 300)), None);
        let saved = s.path.with_file_name(".lineup.toml.new");
        std::fs::write(&saved, TWO).unwrap();
        std::fs::rename(&saved, &s.path).unwrap();
        s.watcher.accept(TWO, ms(&s, 310));
        assert_eq!(s.watcher.known(), TWO);
        assert_eq!(s.watcher.poll(ms(&s, 600)), None);
        assert_eq!(s.watcher.poll(ms(&s, 900)), None);
        std::fs::write(&s.path, ONE).unwrap();
        assert_eq!(
            s.watcher.poll(ms(&s, 1200)),
            Some(Change::Edited(ONE.into()))
        );
    }

    #[test]
    fn an_edit_between_loading_and_watching_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lineup.toml");
        std::fs::write(&path, TWO).unwrap();
        let start = Instant::now();
        // The caller loaded ONE; the file already says TWO by the time it watches.
        let mut watcher = LineupWatcher::new(&path, ONE, start);
        assert_eq!(
            watcher.poll(start + CHECK_EVERY),
            Some(Change::Edited(TWO.into()))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_lineup_swapped_for_a_named_pipe_is_unreadable_not_a_hang() {
        let s = setup();
        std::fs::remove_file(&s.path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&s.path)
            .status()
            .unwrap();
        assert!(made.success());
        let (send, receive) = std::sync::mpsc::channel();
        let Setup {
            _dir, mut watcher, ..
        } = s;
        let start = Instant::now();
        std::thread::spawn(move || {
            let _dir = _dir;
            send.send(watcher.poll(start + CHECK_EVERY * 2))
        });
        let seen = receive.recv_timeout(Duration::from_secs(20));
        assert!(
            matches!(&seen, Ok(Some(Change::Unreadable(why))) if why.contains("a named pipe")),
            "{seen:?}"
        );
    }
}
