//! The cues as samples: a bell-like chime for the wrap-up warning, two of them for the
//! final warning, and a deep gong at time-up. Pure arithmetic (no files, no devices), so
//! what a speaker hears is decided here and tested here; `alsa` only plays the result.
//! Must not touch ALSA, the clock or the show.

use std::f32::consts::TAU;

use super::Cue;

/// Peak of every cue as a fraction of full scale: loud enough for a hall, with headroom so
/// a resampling or mixing stage downstream cannot clip.
const PEAK: f32 = 0.75;

/// One sine partial of a struck object: frequency as a ratio of the fundamental, its
/// starting amplitude and how fast it dies away (the time constant, in seconds). Higher
/// partials of real bells and gongs die faster, which is what makes them sound struck.
struct Partial {
    ratio: f32,
    amplitude: f32,
    decay_s: f32,
}

/// A chime: A5 with the partials of a small bell (hum, prime, tierce-ish and the bright
/// upper ones), short and bright so it cuts through applause without startling.
const CHIME_HZ: f32 = 880.0;
const CHIME_S: f32 = 0.8;
const CHIME_PARTIALS: [Partial; 5] = [
    Partial {
        ratio: 1.0,
        amplitude: 1.0,
        decay_s: 0.22,
    },
    Partial {
        ratio: 2.0,
        amplitude: 0.45,
        decay_s: 0.15,
    },
    Partial {
        ratio: 2.76,
        amplitude: 0.3,
        decay_s: 0.11,
    },
    Partial {
        ratio: 5.4,
        amplitude: 0.12,
        decay_s: 0.06,
    },
    Partial {
        ratio: 8.93,
        amplitude: 0.06,
        decay_s: 0.04,
    },
];

/// The final warning is the same chime struck twice, the second a little later so the two
/// strikes are heard apart: "two chimes" at the final warning.
const FINAL_GAP_S: f32 = 0.3;

/// A gong: a low G with inharmonic partials (ratios of a struck circular plate), a slow
/// decay and a soft attack so it booms rather than clicks.
const GONG_HZ: f32 = 98.0;
const GONG_S: f32 = 2.8;
const GONG_ATTACK_S: f32 = 0.04;
const GONG_PARTIALS: [Partial; 7] = [
    Partial {
        ratio: 1.0,
        amplitude: 1.0,
        decay_s: 1.1,
    },
    Partial {
        ratio: 1.51,
        amplitude: 0.55,
        decay_s: 0.9,
    },
    Partial {
        ratio: 2.09,
        amplitude: 0.4,
        decay_s: 0.7,
    },
    Partial {
        ratio: 2.66,
        amplitude: 0.3,
        decay_s: 0.55,
    },
    Partial {
        ratio: 3.19,
        amplitude: 0.2,
        decay_s: 0.4,
    },
    Partial {
        ratio: 4.17,
        amplitude: 0.12,
        decay_s: 0.3,
    },
    Partial {
        ratio: 5.43,
        amplitude: 0.07,
        decay_s: 0.2,
    },
];

/// A struck sound starts at zero over a few milliseconds; an instant start is a click.
const STRIKE_ATTACK_S: f32 = 0.004;
/// Every cue ends by fading to silence over this long, so the cut-off is never a click.
const FADE_OUT_S: f32 = 0.05;

/// The cue as mono signed 16-bit samples at `sample_rate`.
pub fn render(cue: Cue, sample_rate: u32) -> Vec<i16> {
    let rate = sample_rate.max(1) as f32;
    let mut signal = match cue {
        Cue::WrapUp => {
            let mut signal = silence(CHIME_S, rate);
            strike(
                &mut signal,
                0.0,
                CHIME_HZ,
                &CHIME_PARTIALS,
                STRIKE_ATTACK_S,
                rate,
            );
            signal
        }
        Cue::Final => {
            let mut signal = silence(FINAL_GAP_S + CHIME_S, rate);
            strike(
                &mut signal,
                0.0,
                CHIME_HZ,
                &CHIME_PARTIALS,
                STRIKE_ATTACK_S,
                rate,
            );
            strike(
                &mut signal,
                FINAL_GAP_S,
                CHIME_HZ,
                &CHIME_PARTIALS,
                STRIKE_ATTACK_S,
                rate,
            );
            signal
        }
        Cue::Gong => {
            let mut signal = silence(GONG_S, rate);
            strike(
                &mut signal,
                0.0,
                GONG_HZ,
                &GONG_PARTIALS,
                GONG_ATTACK_S,
                rate,
            );
            signal
        }
    };
    fade_out(&mut signal, FADE_OUT_S, rate);
    to_pcm(&signal)
}

fn silence(seconds: f32, rate: f32) -> Vec<f32> {
    vec![0.0; (seconds * rate).round() as usize]
}

/// Adds one strike starting at `start_s`: every partial rings from there and decays,
/// under a linear attack ramp.
fn strike(
    signal: &mut [f32],
    start_s: f32,
    fundamental_hz: f32,
    partials: &[Partial],
    attack_s: f32,
    rate: f32,
) {
    let start = (start_s * rate).round() as usize;
    for (offset, sample) in signal.iter_mut().skip(start).enumerate() {
        let t = offset as f32 / rate;
        let attack = (t / attack_s).min(1.0);
        let ring: f32 = partials
            .iter()
            .map(|p| {
                p.amplitude * (-t / p.decay_s).exp() * (TAU * fundamental_hz * p.ratio * t).sin()
            })
            .sum();
        *sample += attack * ring;
    }
}

fn fade_out(signal: &mut [f32], seconds: f32, rate: f32) {
    let length = ((seconds * rate) as usize).min(signal.len());
    let tail_start = signal.len() - length;
    for (index, sample) in signal[tail_start..].iter_mut().enumerate() {
        // Reaches exactly zero on the last sample.
        *sample *= (length - 1 - index) as f32 / length.max(2) as f32;
    }
}

/// Scales to the common peak and converts, so every cue is equally loud at its loudest.
fn to_pcm(signal: &[f32]) -> Vec<i16> {
    let loudest = signal.iter().fold(0.0f32, |max, s| max.max(s.abs()));
    let gain = if loudest > 0.0 { PEAK / loudest } else { 0.0 };
    signal
        .iter()
        .map(|s| (s * gain * f32::from(i16::MAX)).round() as i16)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 48_000;

    fn seconds(samples: &[i16]) -> f32 {
        samples.len() as f32 / RATE as f32
    }

    fn peak(samples: &[i16]) -> f32 {
        samples
            .iter()
            .map(|s| f32::from(*s).abs())
            .fold(0.0, f32::max)
            / f32::from(i16::MAX)
    }

    fn rms(samples: &[i16]) -> f32 {
        let sum: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
        ((sum / samples.len().max(1) as f64).sqrt() / f64::from(i16::MAX)) as f32
    }

    /// RMS of consecutive 10 ms windows: the loudness envelope.
    fn envelope(samples: &[i16]) -> Vec<f32> {
        samples.chunks(RATE as usize / 100).map(rms).collect()
    }

    /// Window indices where loudness jumps by more than 3x: a new strike.
    fn onsets(samples: &[i16]) -> Vec<usize> {
        let envelope = envelope(samples);
        let mut onsets = Vec::new();
        let mut previous = 0.0f32;
        for (index, level) in envelope.iter().enumerate() {
            if *level > 0.05 && *level > previous * 3.0 {
                onsets.push(index);
            }
            previous = *level;
        }
        onsets
    }

    /// Magnitude of one frequency (Goertzel), for finding what is loudest.
    fn magnitude(samples: &[i16], hz: f32) -> f32 {
        let w = TAU * hz / RATE as f32;
        let coefficient = 2.0 * w.cos();
        let (mut s1, mut s2) = (0.0f32, 0.0f32);
        for sample in samples {
            let s0 = f32::from(*sample) + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        (s1 * s1 + s2 * s2 - coefficient * s1 * s2).sqrt()
    }

    fn dominant_hz(samples: &[i16]) -> f32 {
        (40..=1200)
            .map(|hz| hz as f32)
            .max_by(|a, b| magnitude(samples, *a).total_cmp(&magnitude(samples, *b)))
            .unwrap_or(0.0)
    }

    #[test]
    fn lengths_fit_the_moment() {
        assert!((seconds(&render(Cue::WrapUp, RATE)) - 0.8).abs() < 0.01);
        assert!((seconds(&render(Cue::Final, RATE)) - 1.1).abs() < 0.01);
        let gong = seconds(&render(Cue::Gong, RATE));
        assert!((2.5..=3.0).contains(&gong), "gong lasts {gong} s");
        assert_eq!(render(Cue::WrapUp, 44_100).len(), 35_280);
    }

    #[test]
    fn never_clips_and_is_not_faint() {
        for cue in [Cue::WrapUp, Cue::Final, Cue::Gong] {
            let peak = peak(&render(cue, RATE));
            assert!((0.7..=0.8).contains(&peak), "{cue:?} peaks at {peak}");
        }
    }

    #[test]
    fn starts_and_ends_in_silence_without_a_jump() {
        for cue in [Cue::WrapUp, Cue::Final, Cue::Gong] {
            let samples = render(cue, RATE);
            let first = samples.first().copied().unwrap_or(i16::MAX);
            let last = samples.last().copied().unwrap_or(i16::MAX);
            assert_eq!((first, last), (0, 0), "{cue:?}");
            // The first and last 2 ms move gently: no step a speaker would hear as a click.
            let edge = RATE as usize / 500;
            let steepest = samples[..edge]
                .windows(2)
                .chain(samples[samples.len() - edge..].windows(2))
                .map(|pair| (i32::from(pair[1]) - i32::from(pair[0])).abs())
                .max()
                .unwrap_or(0);
            assert!(steepest < 4_000, "{cue:?} jumps by {steepest}");
        }
    }

    #[test]
    fn final_is_two_strikes_and_wrap_up_one() {
        assert_eq!(onsets(&render(Cue::WrapUp, RATE)), vec![0]);
        assert_eq!(onsets(&render(Cue::Final, RATE)), vec![0, 30]);
        // The gong's soft attack crosses the threshold only in its second 10 ms window.
        assert_eq!(onsets(&render(Cue::Gong, RATE)), vec![1]);
    }

    #[test]
    fn the_gong_is_deep_and_the_chime_is_bright() {
        let gong = render(Cue::Gong, RATE);
        let gong_hz = dominant_hz(&gong[..RATE as usize / 4]);
        assert!(
            (90.0..=110.0).contains(&gong_hz),
            "gong peaks at {gong_hz} Hz"
        );
        let chime = render(Cue::WrapUp, RATE);
        let chime_hz = dominant_hz(&chime[..RATE as usize / 4]);
        assert!(
            (870.0..=890.0).contains(&chime_hz),
            "chime peaks at {chime_hz} Hz"
        );
    }

    #[test]
    fn loudness_dies_away() {
        for cue in [Cue::WrapUp, Cue::Gong] {
            let samples = render(cue, RATE);
            let quarter = samples.len() / 4;
            let parts: Vec<f32> = samples.chunks(quarter).take(4).map(rms).collect();
            assert!(
                parts.windows(2).all(|pair| pair[1] < pair[0] * 0.8),
                "{cue:?} quarters: {parts:?}"
            );
        }
    }

    #[test]
    fn the_gong_swells_rather_than_snaps() {
        let gong = render(Cue::Gong, RATE);
        let envelope = envelope(&gong);
        // Loudest somewhere after the first 10 ms: a soft attack.
        let loudest = envelope
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(index, _)| index)
            .unwrap_or(0);
        assert!((2..=10).contains(&loudest), "loudest window {loudest}");
    }
}
