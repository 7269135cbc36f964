//! Slidev's slide settings: the `key: value` block at the top of a slide (the deck's head
//! block is the first slide's): `layout`, `image`, `background`, `class`, `src`, `hide`.
//! Owns reading them and what each layout is on a gong slide (centred text, two columns,
//! a picture beside the text); the parser applies them. Also the regions of a file a
//! snippet import may name (`<<< @/a.ts#name`).

use serde_yaml_ng::Value;

use super::model::Side;

/// What a slide's settings block asks for; keys gong does not use are kept by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SlideSettings {
    pub(crate) layout: Option<String>,
    /// The picture of the `image-right`, `image-left` and `image` layouts.
    pub(crate) image: Option<String>,
    /// A picture behind the slide (a colour or gradient is left out).
    pub(crate) background: Option<String>,
    /// UnoCSS classes; `text-center` centres the text.
    pub(crate) class: Option<String>,
    /// Another file whose slides stand here (`pages/intro.md#2,4-5`).
    pub(crate) src: Option<String>,
    /// `hide: true` or `disabled: true`: left out of the presentation.
    pub(crate) hide: bool,
    /// Keys that ask for something gong does not do (`transition`, `clicks`…).
    pub(crate) left_out: Vec<String>,
}

/// Where a slide's content goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arrangement {
    Flow,
    /// Text centred on the slide.
    Centred,
    /// `two-cols`: what comes before `::right::` on the left, the rest on the right.
    /// `two-cols-header`: a full-width top until `::left::`.
    TwoColumns {
        header: bool,
    },
    /// `image-right`, `image-left`: the picture in one half, the content in the other.
    ImageBeside {
        side: Side,
        src: String,
    },
}

/// Slide keys that change nothing gong draws, and are not worth a word in `check`.
const QUIET: &[&str] = &[
    "title",
    "name",
    "level",
    "hideInToc",
    "routeAlias",
    "preload",
];

impl SlideSettings {
    /// The settings in a slide's YAML block; `Err` when it is not a YAML mapping.
    pub(crate) fn from_yaml(yaml: &str) -> Result<SlideSettings, String> {
        let value: Value = serde_yaml_ng::from_str(yaml).map_err(|error| error.to_string())?;
        let mut settings = SlideSettings::default();
        match value {
            Value::Mapping(mapping) => {
                for (key, value) in &mapping {
                    let Some(key) = key.as_str() else { continue };
                    if !settings.take(key, value) && !QUIET.contains(&key) {
                        settings.left_out.push(key.to_string());
                    }
                }
                Ok(settings)
            }
            Value::Null => Ok(settings),
            _ => Err("the slide's settings should be `key: value` lines".to_string()),
        }
    }

    /// Takes `key` when it is a slide setting gong uses; `false` for any other key.
    pub(crate) fn take(&mut self, key: &str, value: &Value) -> bool {
        let text = || match value {
            Value::String(text) => Some(text.trim().to_string()),
            Value::Number(number) => Some(number.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            _ => None,
        };
        match key {
            "layout" => self.layout = text(),
            "image" => self.image = text().filter(|src| !src.is_empty()),
            "background" => self.background = text().filter(|src| is_picture(src)),
            "class" => self.class = text(),
            "src" => self.src = text().filter(|src| !src.is_empty()),
            "hide" | "disabled" => {
                self.hide =
                    matches!(value, Value::Bool(true)) || text().is_some_and(|flag| flag == "true");
            }
            _ => return false,
        }
        true
    }

    /// What the layout (and a `text-center` class) make of the slide, and the layout's
    /// name when gong does not know it (drawn as a plain slide).
    pub(crate) fn arrangement(&self) -> (Arrangement, Option<String>) {
        let centred_class = self
            .class
            .as_deref()
            .is_some_and(|class| class.split_whitespace().any(|word| word == "text-center"));
        let plain = if centred_class {
            Arrangement::Centred
        } else {
            Arrangement::Flow
        };
        let Some(layout) = self.layout.as_deref() else {
            return (plain, None);
        };
        let beside = |side| match &self.image {
            Some(src) => Arrangement::ImageBeside {
                side,
                src: src.clone(),
            },
            None => plain.clone(),
        };
        let arrangement = match layout {
            "center" | "cover" | "intro" | "section" | "statement" | "end" | "fact" | "quote"
            | "intro-image" => Arrangement::Centred,
            "two-cols" => Arrangement::TwoColumns { header: false },
            "two-cols-header" => Arrangement::TwoColumns { header: true },
            "image-right" | "intro-image-right" => beside(Side::Right),
            "image-left" => beside(Side::Left),
            "default" | "full" | "none" | "image" | "bullets" => plain,
            other => return (plain, Some(other.to_string())),
        };
        (arrangement, None)
    }

    /// The picture drawn behind the slide: its `background`, or the `image` of the
    /// layouts that put it behind everything.
    pub(crate) fn picture_behind(&self) -> Option<&str> {
        let behind = matches!(
            self.layout.as_deref(),
            Some("image" | "intro-image" | "cover")
        );
        self.background
            .as_deref()
            .or_else(|| behind.then_some(self.image.as_deref()).flatten())
    }
}

/// Whether a `background` value names a picture rather than a colour or a gradient.
fn is_picture(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let extension = [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"]
        .iter()
        .any(|extension| {
            lower
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .ends_with(extension)
        });
    extension
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with('/')
}

/// The lines between `#region name` and its `#endregion` (VS Code's markers, in any of
/// the comment styles Slidev reads), indentation shared by all of them removed. `None`
/// when the region is not there.
pub(crate) fn region(text: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|line| marker(line).is_some_and(|(end, found)| !end && found == name))?;
    let mut depth = 1;
    let mut end = None;
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        match marker(line) {
            Some((false, found)) if found == name => depth += 1,
            Some((true, found)) if found == name || found.is_empty() => {
                depth -= 1;
                if depth == 0 {
                    end = Some(index);
                    break;
                }
            }
            _ => {}
        }
    }
    let inner: Vec<&str> = lines[start + 1..end.unwrap_or(lines.len())]
        .iter()
        .copied()
        .filter(|line| marker(line).is_none())
        .collect();
    Some(dedent(&inner))
}

/// `(is_end, name)` when the line is a region marker: `// #region a`, `# region a`,
/// `<!-- #endregion -->`, `/* #region a */`, `#pragma region a`…
fn marker(line: &str) -> Option<(bool, String)> {
    let mut text = line.trim();
    for leader in [
        "//", "<!--", "/*", "(*", "--", "::", "@REM", "REM", "#pragma", "#",
    ] {
        if let Some(rest) = text.strip_prefix(leader) {
            text = rest.trim_start();
            break;
        }
    }
    let text = text.strip_prefix('#').unwrap_or(text);
    let text = text
        .trim_end()
        .trim_end_matches("-->")
        .trim_end_matches("*/")
        .trim_end_matches("*)")
        .trim_end();
    let lower = text.to_ascii_lowercase();
    let (end, rest) = if let Some(rest) = lower.strip_prefix("endregion") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("end region") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("region") {
        (false, rest)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    // The name as written (case kept), after the word.
    let name = text[text.len() - rest.len()..].trim().to_string();
    Some((end, name))
}

/// The lines with the indentation they all share removed.
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn reads_the_keys_gong_uses_and_names_the_rest() {
        let settings = SlideSettings::from_yaml(
            "layout: image-right\nimage: ./cat.png\ntransition: fade\nhide: true\nlevel: 2\n",
        )
        .unwrap();
        assert_eq!(settings.layout.as_deref(), Some("image-right"));
        assert!(settings.hide);
        assert_eq!(settings.left_out, vec!["transition".to_string()]);
        assert_eq!(
            settings.arrangement(),
            (
                Arrangement::ImageBeside {
                    side: Side::Right,
                    src: "./cat.png".into()
                },
                None
            )
        );
        assert!(SlideSettings::from_yaml("- a\n- b\n").is_err());
    }

    #[rstest]
    #[case("layout: center", Arrangement::Centred, None)]
    #[case("layout: cover", Arrangement::Centred, None)]
    #[case("layout: end", Arrangement::Centred, None)]
    #[case("class: 'px-2 text-center'", Arrangement::Centred, None)]
    #[case("layout: two-cols", Arrangement::TwoColumns { header: false }, None)]
    #[case("layout: image-left", Arrangement::Flow, None)]
    #[case("layout: iframe", Arrangement::Flow, Some("iframe"))]
    fn layouts(
        #[case] yaml: &str,
        #[case] arrangement: Arrangement,
        #[case] unknown: Option<&str>,
    ) {
        let settings = SlideSettings::from_yaml(yaml).unwrap();
        assert_eq!(
            settings.arrangement(),
            (arrangement, unknown.map(str::to_string))
        );
    }

    #[rstest]
    #[case("https://cover.sli.dev", true)]
    #[case("/bg.png", true)]
    #[case("./bg.JPG?x=1", true)]
    #[case("#123", false)]
    #[case("linear-gradient(red, blue)", false)]
    fn backgrounds_are_pictures_or_not(#[case] value: &str, #[case] picture: bool) {
        assert_eq!(is_picture(value), picture);
    }

    #[test]
    fn regions_in_several_comment_styles() {
        let text = "a\n// #region snippet\n  export fn() {\n    x\n  }\n// #endregion snippet\nb\n";
        assert_eq!(
            region(text, "snippet").as_deref(),
            Some("export fn() {\n  x\n}")
        );
        let python = "# region main\nprint(1)\n# endregion\n";
        assert_eq!(region(python, "main").as_deref(), Some("print(1)"));
        let html = "<!-- #region r -->\n<p>x</p>\n<!-- #endregion r -->\n";
        assert_eq!(region(html, "r").as_deref(), Some("<p>x</p>"));
        assert_eq!(region(text, "other"), None);
    }
}
