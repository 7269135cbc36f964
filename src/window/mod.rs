//! The only module that imports macroquad.
