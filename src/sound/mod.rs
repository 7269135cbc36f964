//! Sound: cues synthesised in the program and played through ALSA loaded at run time.
