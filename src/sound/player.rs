//! The player the show hands cues to: a thread of its own that plays them in order, so a
//! gong that takes three seconds to ring never holds up a frame. Owns the sound thread and
//! the decision to stay silent; must not decide when a cue is due (that is the show's).

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::Cue;
use super::alsa::{self, Alsa};
use super::synth;

/// The rate the cues are synthesised and played at; every device ALSA routes to takes it
/// (resampling if it must).
pub const SAMPLE_RATE: u32 = 48_000;

/// Plays cues, or nothing at all when muted or when this machine has no sound.
pub struct Player {
    sound: Option<SoundThread>,
}

struct SoundThread {
    cues: Sender<Cue>,
    thread: JoinHandle<()>,
}

impl Player {
    /// The player for a show: muted by `--mute` / `sound = false`, else ALSA's default
    /// device. The `String` is the one line to show when there will be no sound (no
    /// library, no device); the show goes on either way.
    pub fn open(muted: bool) -> (Player, Option<String>) {
        if muted {
            return (Player::silent(), None);
        }
        Player::open_with(alsa::LIBRARY, alsa::DEVICE)
    }

    /// A player that plays nothing.
    pub fn silent() -> Player {
        Player { sound: None }
    }

    /// Tries the device once up front, so a missing one is reported at start-up and not
    /// at the first warning in the middle of a talk.
    pub(crate) fn open_with(library: &str, device: &str) -> (Player, Option<String>) {
        match start(library, device) {
            Ok(sound) => (Player { sound: Some(sound) }, None),
            Err(reason) => (
                Player::silent(),
                Some(format!("sound: {reason} — the show goes on in silence")),
            ),
        }
    }

    /// Whether cues will be heard (false when muted or when there is no sound).
    pub fn is_audible(&self) -> bool {
        self.sound.is_some()
    }

    /// Queues `cue` behind any still playing. Returns at once; never fails: a cue that
    /// cannot be played is not heard.
    pub fn play(&self, cue: Cue) {
        if let Some(sound) = &self.sound {
            // A send fails only if the sound thread is gone (it gave up); silence then.
            let _ = sound.cues.send(cue);
        }
    }

    /// Waits until every queued cue has been played, then stops the sound thread. For the
    /// end of a program that must not cut the last gong short, and for tests.
    pub fn finish(self) {
        if let Some(SoundThread { cues, thread }) = self.sound {
            drop(cues);
            // A panic on the sound thread has already cost only the sound.
            let _ = thread.join();
        }
    }
}

fn start(library: &str, device: &str) -> Result<SoundThread, String> {
    let alsa = alsa::load(library).map_err(|error| error.to_string())?;
    drop(
        alsa.open(device, SAMPLE_RATE)
            .map_err(|error| error.to_string())?,
    );
    let (cues, queue) = mpsc::channel();
    let device = device.to_string();
    let thread = std::thread::Builder::new()
        .name("sound".to_string())
        .spawn(move || play_queue(alsa, &device, &queue))
        .map_err(|error| format!("no sound thread ({error})"))?;
    Ok(SoundThread { cues, thread })
}

/// The sound thread: plays each cue as it arrives. Cues that arrive while one plays are
/// played right after it, in one go. The device is opened per batch and closed between,
/// so gong does not hold a sound card other programs may want.
fn play_queue(alsa: &Alsa, device: &str, queue: &Receiver<Cue>) {
    let sounds =
        [Cue::WrapUp, Cue::Final, Cue::Gong].map(|cue| (cue, synth::render(cue, SAMPLE_RATE)));
    let samples_of = |cue: Cue| {
        sounds
            .iter()
            .find(|(known, _)| *known == cue)
            .map(|(_, samples)| samples.as_slice())
            .unwrap_or(&[])
    };
    while let Ok(first) = queue.recv() {
        let mut batch = samples_of(first).to_vec();
        for next in queue.try_iter() {
            batch.extend_from_slice(samples_of(next));
        }
        // A device that fails now (unplugged, taken) costs this batch only; the next cue
        // tries again.
        if let Ok(mut playback) = alsa.open(device, SAMPLE_RATE) {
            let _ = playback.play(&batch);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muted_is_silent_without_a_warning() {
        let (player, warning) = Player::open(true);
        assert!(!player.is_audible());
        assert_eq!(warning, None);
        player.play(Cue::Gong);
        player.finish();
    }

    #[test]
    fn no_library_is_one_warning_and_silence() {
        let (player, warning) = Player::open_with("libasound-missing.so.2", alsa::DEVICE);
        assert!(!player.is_audible());
        let warning = warning.unwrap_or_default();
        assert!(
            warning.starts_with("sound: no ALSA library (libasound-missing.so.2: ")
                && warning.ends_with(" — the show goes on in silence"),
            "{warning}"
        );
        assert_eq!(warning.lines().count(), 1);
        // Playing on a silent player neither blocks nor panics.
        player.play(Cue::WrapUp);
        player.play(Cue::Gong);
        player.finish();
    }

    #[test]
    fn no_device_is_one_warning_and_silence() {
        let (player, warning) = Player::open_with(alsa::LIBRARY, "no-such-device-anywhere");
        assert!(!player.is_audible());
        let warning = warning.unwrap_or_default();
        assert!(
            warning.starts_with("sound: no sound device `no-such-device-anywhere` ("),
            "{warning}"
        );
        player.play(Cue::Final);
        player.finish();
    }
}
