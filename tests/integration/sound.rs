//! Sound is produced at the right moments: the real `Player`, the real ALSA library, and
//! ALSA's `file` plugin capturing exactly the samples played. ALSA reads its
//! configuration from `ALSA_CONFIG_PATH`, and the environment is the whole process's,
//! shared by every test running beside this one: so the playing is done by this test
//! binary started again for this one test, with the capture's configuration in its own
//! environment, and this process checks what it captured.

use std::path::Path;
use std::process::Command;

use gong::sound::{Cue, Player, SAMPLE_RATE, synth};

use crate::support::child;

/// Set in the environment of the run that plays: it is that run.
const PLAYING: &str = "GONG_TEST_PLAYING";

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

/// Runs this test alone in a new process of this binary, with ALSA configured by
/// `config`: that run plays (`play`) and exits; fails unless it ran and passed.
fn play_in_a_process_of_its_own(config: &Path) {
    let module = module_path!();
    let (_binary, module) = module.split_once("::").expect("a module in a crate");
    let name = format!("{module}::the_cues_reach_the_device_in_order_and_unchanged");
    let mut command = Command::new(std::env::current_exe().expect("the test binary's path"));
    child::clean(&mut command)
        .args([name.as_str(), "--exact", "--test-threads=1"])
        .env("ALSA_CONFIG_PATH", config)
        .env(PLAYING, "1");
    let output = child::output_within(&mut command, child::DEADLINE);
    let stdout = String::from_utf8_lossy(&output.stdout);
    // "1 passed": a name that matched no test would pass too, having played nothing.
    assert!(
        output.status.success() && stdout.contains(" 1 passed"),
        "the run that plays failed\n--- stdout:\n{stdout}--- stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What the run that plays does: two cues in one opening of the device, then one more in
/// an opening of its own.
fn play() {
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
}

#[test]
fn the_cues_reach_the_device_in_order_and_unchanged() {
    if std::env::var_os(PLAYING).is_some() {
        play();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let capture = dir.path().join("out.raw");
    let config = capture_config(dir.path(), &capture);
    play_in_a_process_of_its_own(&config);

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
