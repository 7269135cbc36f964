//! Sound is produced at the right moments: the real `Player`, the real ALSA library, and
//! ALSA's `file` plugin capturing exactly the samples played. ALSA_CONFIG_PATH is
//! process-wide, which is why this is a test binary of its own.

use std::path::Path;

use gong::sound::{Cue, Player, SAMPLE_RATE, synth};

fn capture_config(dir: &Path, capture: &Path) -> std::path::PathBuf {
    let config = dir.join("alsa.conf");
    // `truncate false`: each time the device is opened (the player's start-up probe, then
    // once per batch of cues) ALSA writes a new file, `out.raw`, `out.raw.0001`, …, so
    // no cue overwrites another.
    let text = format!(
        "pcm.!default {{ type file slave {{ pcm {{ type null }} }} file \"{}\" format \"raw\" truncate false }}\n",
        capture.display()
    );
    std::fs::write(&config, text).unwrap();
    config
}

/// Every capture file in the order ALSA numbered them, as samples.
fn captured(dir: &Path) -> Vec<i16> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("out.raw")
        })
        .collect();
    files.sort();
    let bytes: Vec<u8> = files
        .iter()
        .flat_map(|path| std::fs::read(path).unwrap())
        .collect();
    bytes
        .chunks_exact(2)
        .map(|pair| i16::from_ne_bytes([pair[0], pair[1]]))
        .collect()
}

#[test]
fn the_cues_reach_the_device_in_order_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("out.raw");
    let config = capture_config(dir.path(), &capture);
    // SAFETY: set before anything in this test binary starts a thread that reads the
    // environment; this file holds this one test.
    unsafe { std::env::set_var("ALSA_CONFIG_PATH", &config) };

    let (player, warning) = Player::open(false);
    assert_eq!(warning, None);
    assert!(player.is_audible());
    player.play(Cue::WrapUp);
    player.play(Cue::Gong);
    player.finish();
    // A later cue, in a device opening of its own, lands after them.
    let (player, _) = Player::open(false);
    player.play(Cue::Final);
    player.finish();

    let played = captured(dir.path());
    let mut expected = synth::render(Cue::WrapUp, SAMPLE_RATE);
    expected.extend(synth::render(Cue::Gong, SAMPLE_RATE));
    expected.extend(synth::render(Cue::Final, SAMPLE_RATE));
    assert_eq!(played.len(), expected.len());
    assert!(
        played == expected,
        "the captured samples differ from the synthesised ones"
    );
}
