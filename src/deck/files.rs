//! Files a deck names besides itself: the slides it imports (Slidev's `src:`) and the code
//! it shows from elsewhere (Slidev's `<<< @/snippets/a.ts`). Owns where such a file may
//! be (in the deck's folder or under it, so a deck passed around cannot make the show read
//! any file on the machine), how a written name becomes a path there, and reading it with
//! the deck's own limits. The parser stays pure: it asks a `DeckFiles`, and
//! `Deck::parse` gives it none.

use std::path::{Component, Path, PathBuf};

use super::source::read_source;

/// Where the parser gets the text of a file the deck names.
pub trait DeckFiles {
    /// The text of `path`, a path inside the deck's folder (see `inside_folder`), with
    /// a name for the file itself that two paths to one file share, so an import loop
    /// through a link is still seen as one. `Err` holds why not, worded to follow the
    /// file's name ("does not exist").
    fn read(&self, path: &Path) -> Result<(PathBuf, String), String>;

    /// The same name for the deck itself, when there is one: a file it imports that
    /// imports it back is a loop too.
    fn deck(&self) -> Option<PathBuf> {
        None
    }
}

/// No files at all: a deck parsed from text alone.
pub(crate) struct NoFiles;

impl DeckFiles for NoFiles {
    fn read(&self, _path: &Path) -> Result<(PathBuf, String), String> {
        Err("is not read: only the deck's own text is".to_string())
    }
}

/// The files in one deck's folder and under it, read through the guarded reader.
pub struct DeckFolder {
    folder: PathBuf,
    deck: Option<PathBuf>,
}

impl DeckFolder {
    /// The folder of the deck file at `deck`.
    pub fn of(deck: &Path) -> DeckFolder {
        let folder = match deck.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        DeckFolder {
            folder,
            deck: deck.canonicalize().ok(),
        }
    }
}

impl DeckFiles for DeckFolder {
    fn read(&self, path: &Path) -> Result<(PathBuf, String), String> {
        let full = self.folder.join(path);
        // Judged on the real paths, so a symbolic link cannot lead out of the folder; the
        // real path is the one read, so a link changed in between cannot either.
        let real = full.canonicalize().map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => "does not exist".to_string(),
            _ => format!("cannot be read: {error}"),
        })?;
        let folder = self
            .folder
            .canonicalize()
            .map_err(|error| format!("cannot be read: {error}"))?;
        if !real.starts_with(&folder) {
            return Err("is outside the deck's folder (a link leads out of it)".to_string());
        }
        let text = read_source(&real).map_err(|error| reason(&error.to_string(), &real))?;
        Ok((real, text))
    }

    fn deck(&self) -> Option<PathBuf> {
        self.deck.clone()
    }
}

/// The reader's message without the path it starts with: the finding names the file as
/// the deck wrote it.
fn reason(message: &str, path: &Path) -> String {
    let shown = path.display().to_string();
    message
        .strip_prefix(&format!("cannot read {shown}: "))
        .map(|rest| format!("cannot be read: {rest}"))
        .or_else(|| {
            message
                .strip_prefix(&shown)
                .map(|rest| rest.trim_start().to_string())
        })
        .unwrap_or_else(|| message.to_string())
}

/// How a name written in a deck file at `from` (a path in the deck's folder; `None` for
/// the deck itself) reads as a path in the deck's folder: relative to the naming file's
/// folder, or to the deck's own with a leading `/` or `@/` (Slidev's project root).
/// `None` when it climbs out of the folder with `..`.
pub(crate) fn inside_folder(from: Option<&Path>, written: &str) -> Option<PathBuf> {
    let written = written.trim();
    let (base, rest) = if let Some(rest) = written.strip_prefix("@/") {
        (PathBuf::new(), rest)
    } else if let Some(rest) = written.strip_prefix('/') {
        (PathBuf::new(), rest)
    } else {
        let base = from
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        (base, written)
    };
    let mut path = PathBuf::new();
    for component in base.join(rest).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

/// Files held in memory, for tests: a name and its text.
#[cfg(test)]
pub(crate) struct MemoryFiles(pub Vec<(&'static str, &'static str)>);

#[cfg(test)]
impl DeckFiles for MemoryFiles {
    fn read(&self, path: &Path) -> Result<(PathBuf, String), String> {
        self.0
            .iter()
            .find(|(name, _)| Path::new(name) == path)
            .map(|(name, text)| (PathBuf::from(name), (*text).to_string()))
            .ok_or_else(|| "does not exist".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(None, "pages/a.md", Some("pages/a.md"))]
    #[case(None, "./pages/../a.md", Some("a.md"))]
    #[case(Some("pages/a.md"), "b.md", Some("pages/b.md"))]
    #[case(Some("pages/a.md"), "../b.md", Some("b.md"))]
    #[case(Some("pages/a.md"), "@/snippets/x.ts", Some("snippets/x.ts"))]
    #[case(Some("pages/a.md"), "/b.md", Some("b.md"))]
    #[case(None, "../secret.md", None)]
    #[case(Some("pages/a.md"), "../../b.md", None)]
    #[case(None, "", None)]
    fn names_become_paths_in_the_folder(
        #[case] from: Option<&str>,
        #[case] written: &str,
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(
            inside_folder(from.map(Path::new), written),
            expected.map(PathBuf::from)
        );
    }

    #[test]
    fn reads_inside_the_folder_and_refuses_links_out_of_it() {
        let root = tempfile::tempdir().unwrap();
        let deck_dir = root.path().join("talk");
        std::fs::create_dir_all(deck_dir.join("pages")).unwrap();
        std::fs::write(deck_dir.join("pages/a.md"), "# A\n").unwrap();
        std::fs::write(root.path().join("secret.md"), "# no\n").unwrap();
        let files = DeckFolder::of(&deck_dir.join("slides.md"));
        let (_, text) = files.read(Path::new("pages/a.md")).unwrap();
        assert_eq!(text, "# A\n");
        assert_eq!(
            files.read(Path::new("pages/none.md")).unwrap_err(),
            "does not exist"
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.path().join("secret.md"), deck_dir.join("link.md"))
                .unwrap();
            let error = files.read(Path::new("link.md")).unwrap_err();
            assert!(error.contains("outside the deck's folder"), "{error}");
            let error = files.read(Path::new("pages")).unwrap_err();
            assert!(error.contains("regular file"), "{error}");
        }
    }
}
