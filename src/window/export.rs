//! `gong export`: every slide painted in a window of a fixed size and saved as
//! `slide-01.png`, `slide-02.png`, … The caller supplies the slides as a function from
//! index and size to a `DrawList` (layout with its fonts, theme and deck captured), so
//! this module knows nothing of decks; it only paints and saves, exactly as a show would.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use macroquad::prelude::{
    BLACK, clear_background, is_quit_requested, next_frame, prevent_quit, screen_height,
    screen_width,
};

use super::paint::Painter;
use super::{Pacing, WindowConfig, WindowError, open, save_screen};
use crate::images::ImageCache;
use crate::layout::{DrawList, ImageSizes};

/// The size slides are exported at: the 16:9 canvas at full HD.
pub(crate) const EXPORT_SIZE: (u32, u32) = (1920, 1080);

/// How long one slide may wait for its pictures before it is saved with what is there
/// (their boxes framed, as during a show).
const PICTURE_PATIENCE: Duration = Duration::from_secs(15);

/// Where and how big.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportConfig {
    pub out_dir: PathBuf,
    pub size: (u32, u32),
}

impl ExportConfig {
    pub fn new(out_dir: impl Into<PathBuf>) -> ExportConfig {
        ExportConfig {
            out_dir: out_dir.into(),
            size: EXPORT_SIZE,
        }
    }
}

/// The file name of slide `index` (0-based): `slide-01.png`; wider numbers for decks of
/// a hundred slides or more, so the names still sort.
pub(crate) fn slide_file_name(index: usize, count: usize) -> String {
    let digits = count.max(1).to_string().len().max(2);
    format!("slide-{:0digits$}.png", index + 1)
}

/// Opens a window of `config.size` (windowed; under Xvfb the screen must be at least
/// that big), paints `slide(i, size, images)` for each of the `count` slides, waits for
/// pictures to decode, saves each PNG and closes. Returns the files written, in order.
pub fn export<F>(
    config: ExportConfig,
    count: usize,
    images: ImageCache,
    slide: F,
) -> Result<Vec<PathBuf>, WindowError>
where
    F: FnMut(usize, (f32, f32), &dyn ImageSizes) -> DrawList + 'static,
{
    std::fs::create_dir_all(&config.out_dir).map_err(|error| WindowError::Write {
        path: config.out_dir.clone(),
        reason: error.to_string(),
    })?;
    images.set_fit(config.size);
    let window = WindowConfig {
        title: "gong export".to_string(),
        windowed: true,
        size: config.size,
        screen: None,
    };
    open(
        &window,
        Pacing::BackToBack,
        paint_all(config, count, images, slide),
    )?
}

async fn paint_all<F>(
    config: ExportConfig,
    count: usize,
    images: ImageCache,
    mut slide: F,
) -> Result<Vec<PathBuf>, WindowError>
where
    F: FnMut(usize, (f32, f32), &dyn ImageSizes) -> DrawList,
{
    prevent_quit();
    let mut painter = Painter::new();
    // The first frames can still have the window at its initial size.
    for _ in 0..2 {
        clear_background(BLACK);
        next_frame().await;
    }
    let (width, height) = (screen_width() as u32, screen_height() as u32);
    if (width, height) != config.size {
        return Err(WindowError::WrongSize {
            got_width: width,
            got_height: height,
            want_width: config.size.0,
            want_height: config.size.1,
        });
    }
    let size = (width as f32, height as f32);
    let mut written = Vec::with_capacity(count);
    for index in 0..count {
        let list = with_pictures(index, size, &images, &mut slide, &mut painter).await?;
        painter.paint(&list, Some(&images));
        let path = config.out_dir.join(slide_file_name(index, count));
        save_screen(&path)?;
        written.push(path);
        next_frame().await;
    }
    Ok(written)
}

/// Lays the slide out until none of its pictures is still loading (or patience runs
/// out), painting meanwhile so the window stays responsive.
async fn with_pictures<F>(
    index: usize,
    size: (f32, f32),
    images: &ImageCache,
    slide: &mut F,
    painter: &mut Painter,
) -> Result<DrawList, WindowError>
where
    F: FnMut(usize, (f32, f32), &dyn ImageSizes) -> DrawList,
{
    let deadline = Instant::now() + PICTURE_PATIENCE;
    loop {
        // A picture that finished while the layout ran may have been laid out as still
        // loading: only a layout during which nothing changed is final.
        let generation = images.generation();
        let list = slide(index, size, images);
        let settled = images.pending() == 0 && images.generation() == generation;
        if settled || Instant::now() >= deadline {
            return Ok(list);
        }
        if is_quit_requested() {
            return Err(WindowError::Closed);
        }
        painter.paint(&list, Some(images));
        next_frame().await;
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(test)]
/// The files an export of `count` slides writes into `out_dir`, for callers and tests.
pub(crate) fn exported_files(out_dir: &std::path::Path, count: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|index| out_dir.join(slide_file_name(index, count)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_slide_order() {
        assert_eq!(slide_file_name(0, 5), "slide-01.png");
        assert_eq!(slide_file_name(11, 12), "slide-12.png");
        assert_eq!(slide_file_name(0, 120), "slide-001.png");
        assert_eq!(
            exported_files(std::path::Path::new("out"), 2),
            vec![
                PathBuf::from("out/slide-01.png"),
                PathBuf::from("out/slide-02.png")
            ]
        );
    }
}
