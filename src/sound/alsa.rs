//! ALSA, loaded at run time: the few functions of its simple PCM API that play a buffer of
//! mono 16-bit samples. Loading the library with `libloading` instead of linking it keeps
//! the build free of libasound2-dev and lets a machine without the library start at all. This is the crate's only `unsafe` code and the only code that
//! knows ALSA exists; it must not decide what is played or when (that is `player`).

use std::ffi::{CStr, CString, c_char, c_int, c_long, c_uint, c_ulong, c_void};
use std::sync::OnceLock;

/// The library every Linux distribution ships ALSA as (the runtime package, not -dev).
pub(super) const LIBRARY: &str = "libasound.so.2";
/// The device the user's ALSA configuration routes to (PulseAudio, PipeWire or a card).
pub(super) const DEVICE: &str = "default";

const SND_PCM_STREAM_PLAYBACK: c_int = 0;
const SND_PCM_NONBLOCK: c_int = 1;
const SND_PCM_ACCESS_RW_INTERLEAVED: c_int = 3;
/// Native-endian signed 16-bit, so the samples are written as they lie in memory.
const SND_PCM_FORMAT_S16: c_int = if cfg!(target_endian = "little") { 2 } else { 3 };
/// How much ALSA may buffer ahead, in microseconds: short enough that a cue is heard at
/// its moment, long enough that a busy machine does not starve it.
const LATENCY_US: c_uint = 100_000;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub(super) enum AlsaError {
    #[error("no ALSA library ({reason})")]
    Library { reason: String },
    #[error("the ALSA library has no `{symbol}` ({reason})")]
    Symbol {
        symbol: &'static str,
        reason: String,
    },
    #[error("no sound device `{device}` ({reason})")]
    Open { device: String, reason: String },
    #[error("the sound device refused {what} ({reason})")]
    Device { what: &'static str, reason: String },
}

type Pcm = *mut c_void;
/// ALSA's error handler is variadic (`const char *fmt, ...`). A no-op callee that declares
/// only the named parameters and reads none of them is sound on the C ABIs gong runs on:
/// the caller sets up the arguments and cleans up after, the callee never looks.
type ErrorHandler = unsafe extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char);

/// The functions gong uses, copied out of the library, which is never unloaded (it stays
/// in the process, see `load`), so the pointers stay valid for the life of the program.
pub(super) struct Alsa {
    pcm_open: unsafe extern "C" fn(*mut Pcm, *const c_char, c_int, c_int) -> c_int,
    pcm_nonblock: unsafe extern "C" fn(Pcm, c_int) -> c_int,
    pcm_set_params: unsafe extern "C" fn(Pcm, c_int, c_int, c_uint, c_uint, c_int, c_uint) -> c_int,
    pcm_writei: unsafe extern "C" fn(Pcm, *const c_void, c_ulong) -> c_long,
    pcm_recover: unsafe extern "C" fn(Pcm, c_int, c_int) -> c_int,
    pcm_drain: unsafe extern "C" fn(Pcm) -> c_int,
    pcm_close: unsafe extern "C" fn(Pcm) -> c_int,
    strerror: unsafe extern "C" fn(c_int) -> *const c_char,
}

unsafe extern "C" fn ignore_alsa_message(
    _file: *const c_char,
    _line: c_int,
    _function: *const c_char,
    _err: c_int,
    _fmt: *const c_char,
) {
}

/// Loads ALSA once per process: the real library is cached, any other name (tests) is
/// loaded afresh. Installs the no-op error handler so ALSA prints nothing of its own: the
/// show prints one warning line instead.
pub(super) fn load(name: &str) -> Result<&'static Alsa, AlsaError> {
    static DEFAULT: OnceLock<Result<Alsa, AlsaError>> = OnceLock::new();
    if name == LIBRARY {
        DEFAULT
            .get_or_init(|| Alsa::load(LIBRARY))
            .as_ref()
            .map_err(Clone::clone)
    } else {
        Alsa::load(name).map(|alsa| &*Box::leak(Box::new(alsa)))
    }
}

fn library_reason(error: &libloading::Error) -> String {
    // libloading's own text is only "dlopen failed"; dlerror's text is the source.
    match std::error::Error::source(error) {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}

impl Alsa {
    fn load(name: &str) -> Result<Alsa, AlsaError> {
        // SAFETY: loading libasound runs its initialisers, which only set up its own
        // state. The library is leaked below (never unloaded), so every function pointer
        // copied out of it stays valid for the rest of the process.
        let library =
            unsafe { libloading::Library::new(name) }.map_err(|error| AlsaError::Library {
                reason: library_reason(&error),
            })?;
        let library: &'static libloading::Library = Box::leak(Box::new(library));

        macro_rules! function {
            ($symbol:literal) => {
                // SAFETY: the type each call site gives is the C prototype from
                // <alsa/pcm.h> / <alsa/error.h> for this symbol.
                *unsafe { library.get($symbol) }.map_err(|error| AlsaError::Symbol {
                    symbol: $symbol,
                    reason: library_reason(&error),
                })?
            };
        }

        let set_handler: unsafe extern "C" fn(Option<ErrorHandler>) -> c_int =
            function!("snd_lib_error_set_handler");
        let alsa = Alsa {
            pcm_open: function!("snd_pcm_open"),
            pcm_nonblock: function!("snd_pcm_nonblock"),
            pcm_set_params: function!("snd_pcm_set_params"),
            pcm_writei: function!("snd_pcm_writei"),
            pcm_recover: function!("snd_pcm_recover"),
            pcm_drain: function!("snd_pcm_drain"),
            pcm_close: function!("snd_pcm_close"),
            strerror: function!("snd_strerror"),
        };
        // SAFETY: the handler has 'static lifetime and reads none of its arguments (see
        // `ErrorHandler`); ALSA stores the pointer in a global and calls it on errors.
        unsafe { set_handler(Some(ignore_alsa_message)) };
        Ok(alsa)
    }

    fn describe(&self, code: c_int) -> String {
        // SAFETY: snd_strerror returns a pointer to a static, NUL-terminated string for
        // any code (an "Unknown error" text for codes it does not know).
        let text = unsafe { (self.strerror)(code) };
        if text.is_null() {
            return format!("error {code}");
        }
        // SAFETY: non-null, NUL-terminated and static, as above.
        unsafe { CStr::from_ptr(text) }
            .to_string_lossy()
            .into_owned()
    }

    /// Opens `device` for mono 16-bit playback at `sample_rate`. Opening is non-blocking,
    /// so a device another program holds fails at once instead of hanging; writes then
    /// block, which is what paces them (they run on the sound thread only).
    pub(super) fn open(&self, device: &str, sample_rate: u32) -> Result<Playback<'_>, AlsaError> {
        let open_error = |reason: String| AlsaError::Open {
            device: device.to_string(),
            reason,
        };
        let name = CString::new(device).map_err(|error| open_error(error.to_string()))?;
        let mut pcm: Pcm = std::ptr::null_mut();
        // SAFETY: `pcm` is a valid place for the handle and `name` a NUL-terminated string
        // that outlives the call.
        let code = unsafe {
            (self.pcm_open)(
                &mut pcm,
                name.as_ptr(),
                SND_PCM_STREAM_PLAYBACK,
                SND_PCM_NONBLOCK,
            )
        };
        if code < 0 || pcm.is_null() {
            return Err(open_error(self.describe(code)));
        }
        // From here on the handle is closed by `Playback`'s Drop, on every path.
        let playback = Playback { alsa: self, pcm };
        // SAFETY: `pcm` is the open handle owned by `playback`.
        let code = unsafe { (self.pcm_nonblock)(pcm, 0) };
        playback.check(code, "blocking writes")?;
        // SAFETY: as above; the arguments are plain integers ALSA validates.
        let code = unsafe {
            (self.pcm_set_params)(
                pcm,
                SND_PCM_FORMAT_S16,
                SND_PCM_ACCESS_RW_INTERLEAVED,
                1,
                sample_rate,
                1,
                LATENCY_US,
            )
        };
        playback.check(code, "mono 16-bit sound")?;
        Ok(playback)
    }
}

/// An open playback device; closed when dropped.
pub(super) struct Playback<'a> {
    alsa: &'a Alsa,
    pcm: Pcm,
}

impl Playback<'_> {
    fn check(&self, code: c_int, what: &'static str) -> Result<(), AlsaError> {
        if code < 0 {
            Err(AlsaError::Device {
                what,
                reason: self.alsa.describe(code),
            })
        } else {
            Ok(())
        }
    }

    /// Writes every sample, recovering from an underrun or a suspend, then waits until the
    /// device has played them.
    pub(super) fn play(&mut self, samples: &[i16]) -> Result<(), AlsaError> {
        // A device that keeps failing after being recovered (or stops taking samples) is
        // given up on, so the sound thread cannot spin forever.
        let mut recoveries_left = 8;
        let mut rest = samples;
        while !rest.is_empty() {
            // SAFETY: the pointer and length describe `rest`, which outlives the call;
            // one frame is one i16 (mono, 16-bit, as set in `open`).
            let written = unsafe {
                (self.alsa.pcm_writei)(self.pcm, rest.as_ptr().cast(), rest.len() as c_ulong)
            };
            if written > 0 {
                rest = rest.get(written as usize..).unwrap_or(&[]);
            } else if recoveries_left == 0 {
                return Err(AlsaError::Device {
                    what: "the samples",
                    reason: self.alsa.describe(c_int::try_from(written).unwrap_or(0)),
                });
            } else if written == 0 {
                recoveries_left -= 1;
            } else {
                recoveries_left -= 1;
                let code = c_int::try_from(written).unwrap_or(c_int::MIN);
                // SAFETY: open handle; `1` asks ALSA not to print about the recovery.
                let recovered = unsafe { (self.alsa.pcm_recover)(self.pcm, code, 1) };
                self.check(recovered, "the samples")?;
            }
        }
        // SAFETY: open handle.
        let code = unsafe { (self.alsa.pcm_drain)(self.pcm) };
        self.check(code, "to finish playing")
    }
}

impl Drop for Playback<'_> {
    fn drop(&mut self) {
        // SAFETY: the handle was opened in `Alsa::open` and is closed only here, once.
        unsafe { (self.alsa.pcm_close)(self.pcm) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_says_why_in_one_line() {
        let error = load("libasound-that-is-not-there.so.2").err();
        let text = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(
            text.starts_with("no ALSA library (libasound-that-is-not-there.so.2"),
            "{text}"
        );
        assert!(!text.contains('\n'));
    }

    #[test]
    fn a_missing_device_is_an_error_not_a_hang() {
        // libasound2 (the runtime library) is a test requirement, as on CI.
        let alsa = load(LIBRARY).unwrap();
        let error = alsa.open("no-such-device-anywhere", 48_000).err();
        assert!(
            matches!(&error, Some(AlsaError::Open { device, .. }) if device == "no-such-device-anywhere"),
            "{error:?}"
        );
    }
}
