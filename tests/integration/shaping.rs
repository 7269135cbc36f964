//! gong's shaper and fonts against HarfBuzz's own `hb-shape` (Debian's
//! `libharfbuzz-bin`): for a sentence in each script, every run gong draws must have
//! the glyph ids, advances and offsets HarfBuzz gives on the same font file and text.
//! Shaped faces (Arabic, Hebrew, Devanagari, Thai) go through rustybuzz; the others are
//! drawn char by char, which must still be what a shaper makes of them.
//!
//! Under `CI=true` a missing `hb-shape` fails the test; elsewhere it says so and passes.

use std::path::PathBuf;
use std::process::Command;

use gong::fonts::{BUNDLED, FontSet, Han};
use gong::layout::{Face, FontId, Measure};

fn required() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

fn have_hb_shape() -> bool {
    let found = Command::new("hb-shape").arg("--version").output().is_ok();
    assert!(
        found || !required(),
        "hb-shape is not installed and CI=true: install libharfbuzz-bin"
    );
    if !found {
        eprintln!("hb-shape is not installed: not comparing with HarfBuzz");
    }
    found
}

/// The file under assets/fonts whose bytes are the bundled font's.
fn file_of(font: FontId) -> PathBuf {
    let bytes = BUNDLED[usize::from(font.0)].1;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| std::fs::read(path).is_ok_and(|file| file == bytes))
        .unwrap_or_else(|| panic!("no file in {} holds font {font:?}", dir.display()))
}

/// (glyph id, x of its origin, y offset, advance) in font units, as hb-shape gives them.
fn hb_shape(font: FontId, text: &str) -> Vec<(u16, i64, i64, i64)> {
    let output = Command::new("hb-shape")
        .args(["--output-format=json", "--no-glyph-names"])
        .arg(file_of(font))
        .arg(text)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let glyphs: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let mut pen = 0;
    glyphs
        .iter()
        .map(|glyph| {
            let field = |name: &str| glyph[name].as_i64().unwrap();
            let placed = (
                u16::try_from(field("g")).unwrap(),
                pen + field("dx"),
                field("dy"),
                field("ax"),
            );
            pen += field("ax");
            placed
        })
        .collect()
}

/// The same, from gong: what it draws for the run, in font units.
fn gong_shape(fonts: &FontSet, font: FontId, text: &str) -> Vec<(u16, i64, i64, i64)> {
    let shaped = fonts.laid_out(font, text).unwrap();
    let units = f32::from(fonts.units_per_em(font).unwrap());
    let unit = |ems: f32| (ems * units).round() as i64;
    assert_eq!(shaped.glyphs.len(), shaped.advances.len());
    shaped
        .glyphs
        .iter()
        .zip(&shaped.advances)
        .map(|(glyph, advance)| (glyph.id, unit(glyph.x), unit(glyph.y), unit(*advance)))
        .collect()
}

#[rstest::rstest]
#[case::latin(Han::Korean, "The quick brown fox jumps over the lazy dog.")]
#[case::vietnamese(Han::Korean, "Tiếng Việt: Xin chào thế giới, ế ệ ớ ự.")]
#[case::greek(Han::Korean, "Ελληνικά: Καλημέρα κόσμε")]
#[case::cyrillic(Han::Korean, "Русский: Привет, мир! Українська ґ")]
#[case::japanese(Han::Japanese, "日本語のスライドで、五分間の発表をします。")]
#[case::simplified(Han::Simplified, "这是一个五分钟的闪电演讲。")]
#[case::traditional(Han::Traditional, "繁體中文：閃電講，五分鐘。")]
#[case::korean(Han::Korean, "실시간 데이터 처리는 5분 안에 끝납니다")]
#[case::arabic(Han::Korean, "مرحبا بالعالم، هذه شريحة عربية")]
#[case::hebrew(Han::Korean, "שלום עולם, זו שקופית בעברית")]
#[case::devanagari(Han::Korean, "नमस्ते दुनिया, यह हिन्दी स्लाइड है")]
#[case::thai(Han::Korean, "สวัสดีชาวโลก นี่คือสไลด์ภาษาไทย")]
fn every_run_is_shaped_as_harfbuzz_shapes_it(#[case] han: Han, #[case] sentence: &str) {
    if !have_hb_shape() {
        return;
    }
    let fonts = FontSet::shared().unwrap();
    for face in [Face::Regular, Face::Bold] {
        let runs = fonts.in_language(han).font_runs(sentence, face);
        assert!(!runs.is_empty());
        for run in runs {
            let text = &sentence[run.range.clone()];
            let ours = gong_shape(fonts, run.font, text);
            // A box (glyph 0) is never what the speaker wrote.
            assert!(
                ours.iter().all(|glyph| glyph.0 != 0),
                "{face:?}: {text:?} has a missing glyph in font {:?}",
                run.font
            );
            let theirs = hb_shape(run.font, text);
            assert_eq!(ours, theirs, "{face:?}, {text:?} in font {:?}", run.font);
        }
    }
}
