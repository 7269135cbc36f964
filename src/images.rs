//! Pictures on slides: reading PNG and JPEG files safely and decoding them off the
//! drawing thread. Owns the limits (bytes, pixels), the refusal of anything that is not a
//! regular file, the one decoding rule that the show (`load`) and `gong check`
//! (`verify`, `DecodedImages`) both follow, and the cache that answers layout's
//! `ImageSizes` while decoding runs on a worker thread. Pure of macroquad: the window
//! turns the RGBA pixels into textures.
//!
//! Why so careful: a deck is a file someone hands over minutes before their talk. A path
//! that names a FIFO, `/dev/zero` or a 30,000 × 30,000 PNG must cost a framed box with a
//! reason, never a hung or crashed show.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};

use image::ImageFormat;
use image::io::Limits;

use crate::layout::{ImageSizes, ImageState};
use crate::regular_file::{ReadError, read_limited};

/// The largest file read. A slide picture bigger than this is a photo straight off a
/// camera; it would only slow the show down.
pub(crate) const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The largest width or height decoded: 8192 × 8192 RGBA is 256 MiB, the most a show
/// should ever hold for one picture.
pub(crate) const MAX_SIDE: u32 = 8192;

/// Pictures are scaled down to at most this until the window says how big the screen is.
pub const DEFAULT_FIT: (u32, u32) = (3840, 2160);

/// Why a picture cannot be shown. The show draws a framed box instead; `gong check`
/// reports the same reason as an error on the deck's line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ImageError {
    Missing {
        path: PathBuf,
    },
    NotAFile {
        path: PathBuf,
        kind: &'static str,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    TooManyPixels {
        path: PathBuf,
        width: u32,
        height: u32,
    },
    /// `kind` says what the file is instead, by its first bytes.
    NotPngOrJpeg {
        path: PathBuf,
        kind: &'static str,
    },
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    /// A PNG or JPEG that does not decode: cut short, corrupt, or a zero-pixel image.
    Broken {
        path: PathBuf,
        reason: String,
    },
}

impl ImageError {
    /// The file the error is about.
    pub(crate) fn path(&self) -> &Path {
        match self {
            ImageError::Missing { path }
            | ImageError::NotAFile { path, .. }
            | ImageError::TooLarge { path, .. }
            | ImageError::TooManyPixels { path, .. }
            | ImageError::NotPngOrJpeg { path, .. }
            | ImageError::Unreadable { path, .. }
            | ImageError::Broken { path, .. } => path,
        }
    }

    /// A picture in a format other presenters draw and gong does not (GIF, WebP, SVG):
    /// the speaker's deck is not broken, it was written for another tool.
    pub(crate) fn is_a_format_other_presenters_draw(&self) -> bool {
        matches!(
            self,
            ImageError::NotPngOrJpeg { kind, .. } if [GIF, WEBP, MARKUP].contains(kind)
        )
    }

    /// What is wrong, as the end of a sentence that starts with the picture's name:
    /// "`screen.png` is too large (…)".
    pub(crate) fn reason(&self) -> String {
        match self {
            ImageError::Missing { .. } => "does not exist".to_string(),
            ImageError::NotAFile { kind, .. } => format!("is not a regular file ({kind})"),
            ImageError::TooLarge { bytes, .. } => {
                format!("is too large ({bytes} bytes; the limit is {MAX_BYTES})")
            }
            ImageError::TooManyPixels { width, height, .. } => format!(
                "has too many pixels ({width}×{height}; the limit is {MAX_SIDE}×{MAX_SIDE})"
            ),
            ImageError::NotPngOrJpeg { kind, .. } => format!("is {kind}, not a PNG or JPEG"),
            ImageError::Unreadable { reason, .. } => format!("cannot be read: {reason}"),
            ImageError::Broken { reason, .. } => format!("is broken: {reason}"),
        }
    }
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} {}", self.path().display(), self.reason())
    }
}

/// A decoded picture, scaled down to fit the screen, as straight RGBA8 rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pixels {
    /// The size of the file's image, which layout uses for the aspect ratio and for
    /// Marp's `w:`/`h:` (canvas pixels).
    pub original: (u32, u32),
    pub width: u32,
    pub height: u32,
    /// `width × height × 4` bytes.
    pub rgba: Vec<u8>,
}

/// Reads only the header: the picture's size, after the same file checks as `load`.
/// Cheap, but a file cut short after its header passes: `verify` decodes.
pub(crate) fn probe(path: &Path) -> Result<(u32, u32), ImageError> {
    let bytes = read_regular_file(path)?;
    header(path, &bytes)
}

/// Everything `load` does but scaling: reads, checks and decodes the whole picture under
/// the show's limits, and returns its size. What passes here, the show draws. Blocking.
pub(crate) fn verify(path: &Path) -> Result<(u32, u32), ImageError> {
    let bytes = read_regular_file(path)?;
    decode(path, &bytes).map(|(_, size)| size)
}

/// Reads, checks and decodes one picture, scaled down to fit within `fit` (keeping its
/// aspect ratio; never scaled up). Blocking: call it off the drawing thread.
pub(crate) fn load(path: &Path, fit: (u32, u32)) -> Result<Pixels, ImageError> {
    let bytes = read_regular_file(path)?;
    let (decoded, (width, height)) = decode(path, &bytes)?;
    let scaled = scaled(decoded, fitted((width, height), fit));
    Ok(Pixels {
        original: (width, height),
        width: scaled.width(),
        height: scaled.height(),
        rgba: scaled.into_raw(),
    })
}

/// The show's one decoding rule, for `load` and `verify` alike: the header's size within
/// `MAX_SIDE`, then a full decode with the decoder held to the same limits.
fn decode(path: &Path, bytes: &[u8]) -> Result<(image::RgbaImage, (u32, u32)), ImageError> {
    let size = header(path, bytes)?;
    let broken = |error: image::ImageError| ImageError::Broken {
        path: path.to_path_buf(),
        reason: error.to_string(),
    };
    let mut reader = reader(path, bytes)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // The decoded RGBA buffer plus the decoder's own working memory.
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 4 + MAX_BYTES * 2);
    reader.limits(limits);
    let decoded = reader.decode().map_err(broken)?.into_rgba8();
    Ok((decoded, size))
}

/// `picture` at `size` (width, height): as it is when it is that size already, else
/// resampled with a triangle filter, which averages the pixels a smaller one covers.
pub(crate) fn scaled(picture: image::RgbaImage, size: (u32, u32)) -> image::RgbaImage {
    if size == picture.dimensions() {
        return picture;
    }
    image::imageops::resize(
        &picture,
        size.0,
        size.1,
        image::imageops::FilterType::Triangle,
    )
}

/// A picture inside a font file (a colour emoji's PNG), decoded under the same limits as
/// a slide's pictures; `None` when it does not decode.
pub(crate) fn decode_embedded_png(bytes: &[u8]) -> Option<image::RgbaImage> {
    decode(Path::new("(a font's picture)"), bytes)
        .ok()
        .map(|(decoded, _)| decoded)
}

/// The size `size` is drawn at so that it fits within `fit`: scaled down, never up,
/// aspect ratio kept, at least one pixel each way.
pub(crate) fn fitted(size: (u32, u32), fit: (u32, u32)) -> (u32, u32) {
    let (width, height) = size;
    let (fit_width, fit_height) = (fit.0.max(1), fit.1.max(1));
    if width <= fit_width && height <= fit_height {
        return (width, height);
    }
    let scale =
        (f64::from(fit_width) / f64::from(width)).min(f64::from(fit_height) / f64::from(height));
    let scaled = |side: u32, limit: u32| ((f64::from(side) * scale).round() as u32).clamp(1, limit);
    (scaled(width, fit_width), scaled(height, fit_height))
}

fn reader<'a>(
    path: &Path,
    bytes: &'a [u8],
) -> Result<image::io::Reader<Cursor<&'a [u8]>>, ImageError> {
    let reader = image::io::Reader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| ImageError::Unreadable {
            path: path.to_path_buf(),
            reason: error.to_string(),
        })?;
    // The image crate may know more formats than these (another crate can turn them on);
    // the product promises PNG and JPEG, and fewer decoders are fewer ways to break.
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg) => Ok(reader),
        _ => Err(ImageError::NotPngOrJpeg {
            path: path.to_path_buf(),
            kind: kind_of(bytes),
        }),
    }
}

/// What a file that is neither PNG nor JPEG is, by its first bytes and not its name (a
/// text file named `.png` is still text), so the speaker knows what to convert.
/// What `kind_of` calls the formats other presenters draw.
const GIF: &str = "a GIF";
const WEBP: &str = "a WebP image";
const MARKUP: &str = "SVG or other markup";

fn kind_of(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(64)];
    let text = match std::str::from_utf8(head) {
        Ok(_) => true,
        // Cut in the middle of a character by taking 64 bytes.
        Err(error) => error.error_len().is_none(),
    };
    if head.starts_with(b"GIF8") {
        GIF
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP".as_slice()) {
        WEBP
    } else if head.is_empty() {
        "an empty file"
    } else if head.trim_ascii_start().starts_with(b"<") {
        MARKUP
    } else if text {
        "a text file"
    } else {
        "an unknown kind of file"
    }
}

fn header(path: &Path, bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let reader = reader(path, bytes)?;
    let (width, height) = match (reader.format(), png_size(bytes)) {
        (Some(ImageFormat::Png), Some(size)) => size,
        _ => reader
            .into_dimensions()
            .map_err(|error| ImageError::Broken {
                path: path.to_path_buf(),
                reason: error.to_string(),
            })?,
    };
    if width == 0 || height == 0 {
        return Err(ImageError::Broken {
            path: path.to_path_buf(),
            reason: format!("{width}×{height} pixels"),
        });
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooManyPixels {
            path: path.to_path_buf(),
            width,
            height,
        });
    }
    Ok((width, height))
}

/// A PNG's size straight from its IHDR chunk, which the format requires to come first.
/// The png crate reads on to the first image data before it reports a size, so a file
/// that claims a huge size and then breaks off would be called broken, not too large.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let chunk = bytes.get(12..24)?;
    if &chunk[..4] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(chunk[4..8].try_into().ok()?);
    let height = u32::from_be_bytes(chunk[8..12].try_into().ok()?);
    Some((width, height))
}

/// Regular files only, within `MAX_BYTES`: see `crate::regular_file`.
fn read_regular_file(path: &Path) -> Result<Vec<u8>, ImageError> {
    read_limited(path, MAX_BYTES).map_err(|error| match error {
        ReadError::NotAFile { kind } => ImageError::NotAFile {
            path: path.to_path_buf(),
            kind,
        },
        ReadError::TooLarge { bytes, .. } => ImageError::TooLarge {
            path: path.to_path_buf(),
            bytes,
        },
        ReadError::Io(error) if error.kind() == std::io::ErrorKind::NotFound => {
            ImageError::Missing {
                path: path.to_path_buf(),
            }
        }
        ReadError::Io(error) => ImageError::Unreadable {
            path: path.to_path_buf(),
            reason: error.to_string(),
        },
    })
}

enum Entry {
    Loading,
    Ready(Arc<Pixels>),
    Failed(String),
}

struct Request {
    path: PathBuf,
    fit: (u32, u32),
}

type Outcome = (PathBuf, Result<Pixels, ImageError>);

struct Shelf {
    entries: HashMap<PathBuf, Entry>,
    outcomes: Receiver<Outcome>,
    fit: (u32, u32),
    generation: u64,
}

/// Called on the worker thread each time a picture is done (see `ImageCache::on_done`).
type Notify = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// Pictures by path: asking for one starts decoding it on the worker thread, and later
/// asks see `Loading`, then `Ready` or `Failed`. Cheap to clone; clones share the cache
/// (the show asks through `ImageSizes`, the window takes the pixels).
#[derive(Clone)]
pub struct ImageCache {
    shelf: Arc<Mutex<Shelf>>,
    requests: Sender<Request>,
    notify: Notify,
}

impl ImageCache {
    /// Starts the decoding thread. Pictures are scaled down to fit within `fit`
    /// (the screen size; see `set_fit`).
    pub fn new(fit: (u32, u32)) -> ImageCache {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, outcomes) = mpsc::channel::<Outcome>();
        let notify: Notify = Arc::default();
        let worker_notify = Arc::clone(&notify);
        // If the thread cannot start, every request fails with a reason instead.
        let _ = std::thread::Builder::new()
            .name("gong-images".into())
            .spawn(move || decode_requests(inbox, outbox, worker_notify));
        ImageCache {
            notify,
            shelf: Arc::new(Mutex::new(Shelf {
                entries: HashMap::new(),
                outcomes,
                fit,
                generation: 0,
            })),
            requests,
        }
    }

    /// Calls `done` on the decoding thread each time a picture is ready or has failed: a
    /// window that sleeps until something changes is woken by it.
    pub(crate) fn on_done(&self, done: impl Fn() + Send + 'static) {
        let mut slot = self
            .notify
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Some(Box::new(done));
    }

    /// The size pictures requested from now on are scaled to fit. The window sets it to
    /// the screen once it knows it.
    pub(crate) fn set_fit(&self, fit: (u32, u32)) {
        self.shelf().fit = fit;
    }

    /// The decoded pixels, once ready.
    pub(crate) fn pixels(&self, path: &Path) -> Option<Arc<Pixels>> {
        let mut shelf = self.shelf();
        shelf.collect();
        match shelf.entries.get(path) {
            Some(Entry::Ready(pixels)) => Some(Arc::clone(pixels)),
            _ => None,
        }
    }

    /// How many pictures are still being decoded.
    pub fn pending(&self) -> usize {
        let mut shelf = self.shelf();
        shelf.collect();
        shelf
            .entries
            .values()
            .filter(|entry| matches!(entry, Entry::Loading))
            .count()
    }

    /// Goes up by one each time a picture finishes (ready or failed): a layout made at
    /// an older generation may have drawn a `Loading` box that can now be filled.
    pub(crate) fn generation(&self) -> u64 {
        let mut shelf = self.shelf();
        shelf.collect();
        shelf.generation
    }

    fn shelf(&self) -> MutexGuard<'_, Shelf> {
        // A panic while holding the lock leaves plain data behind, still usable.
        self.shelf
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Shelf {
    fn collect(&mut self) {
        while let Ok((path, outcome)) = self.outcomes.try_recv() {
            let entry = match outcome {
                Ok(pixels) => Entry::Ready(Arc::new(pixels)),
                Err(error) => Entry::Failed(error.to_string()),
            };
            self.entries.insert(path, entry);
            self.generation += 1;
        }
    }
}

impl ImageSizes for ImageCache {
    fn image_state(&self, path: &Path) -> ImageState {
        let mut shelf = self.shelf();
        shelf.collect();
        match shelf.entries.get(path) {
            Some(Entry::Loading) => ImageState::Loading,
            Some(Entry::Ready(pixels)) => ImageState::Ready {
                width: pixels.original.0,
                height: pixels.original.1,
            },
            Some(Entry::Failed(reason)) => ImageState::Failed(reason.clone()),
            None => {
                let request = Request {
                    path: path.to_path_buf(),
                    fit: shelf.fit,
                };
                let entry = match self.requests.send(request) {
                    Ok(()) => Entry::Loading,
                    Err(_) => Entry::Failed("the picture reader has stopped".to_string()),
                };
                let state = match &entry {
                    Entry::Failed(reason) => ImageState::Failed(reason.clone()),
                    _ => ImageState::Loading,
                };
                shelf.entries.insert(path.to_path_buf(), entry);
                state
            }
        }
    }
}

/// Runs a decoding step so that a decoder bug costs one picture (a broken one), not the
/// thread that reads all of them, nor `gong check`.
fn contained<T>(
    path: &Path,
    step: impl FnOnce() -> Result<T, ImageError>,
) -> Result<T, ImageError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|_| {
        Err(ImageError::Broken {
            path: path.to_path_buf(),
            reason: "the decoder crashed".to_string(),
        })
    })
}

/// Reads pictures one at a time until every `ImageCache` clone is gone.
fn decode_requests(inbox: Receiver<Request>, outbox: Sender<Outcome>, notify: Notify) {
    for Request { path, fit } in inbox {
        let outcome = contained(&path, || load(&path, fit));
        if outbox.send((path, outcome)).is_err() {
            return;
        }
        let notify = notify
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(done) = notify.as_ref() {
            done();
        }
    }
}

/// Sizes from file headers, read on the spot and never decoded: for measuring layout
/// with real picture sizes (the benchmarks), not for judging pictures (`DecodedImages`).
pub struct ImageHeaders;

impl ImageSizes for ImageHeaders {
    fn image_state(&self, path: &Path) -> ImageState {
        match probe(path) {
            Ok((width, height)) => ImageState::Ready { width, height },
            Err(error) => ImageState::Failed(error.to_string()),
        }
    }
}

/// What `verify` said about one file.
type Verdict = Result<(u32, u32), ImageError>;

/// Pictures decoded in full, each once, without a thread: for `gong check`, which must
/// refuse what the show would draw as a framed box (a file cut short after its header
/// included) and lay slides out with the same boxes.
#[derive(Default)]
pub(crate) struct DecodedImages {
    seen: Mutex<HashMap<PathBuf, Verdict>>,
}

impl DecodedImages {
    /// `verify`, remembered by path.
    pub(crate) fn verify(&self, path: &Path) -> Result<(u32, u32), ImageError> {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        seen.entry(path.to_path_buf())
            .or_insert_with(|| contained(path, || verify(path)))
            .clone()
    }
}

impl ImageSizes for DecodedImages {
    fn image_state(&self, path: &Path) -> ImageState {
        match self.verify(path) {
            Ok((width, height)) => ImageState::Ready { width, height },
            Err(error) => ImageState::Failed(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::time::{Duration, Instant};

    /// A PNG of `width × height` in one colour, written by the image crate.
    fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb(rgb));
        let mut bytes = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        bytes
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([10, 200, 30]));
        let mut bytes = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
            .unwrap();
        bytes
    }

    /// Only the signature and an IHDR chunk claiming `width × height`: a tiny file that
    /// would need gigabytes if anything believed it.
    fn png_header_only(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(b"IHDR");
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, no interlace
        let crc = crc32(&ihdr);
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend_from_slice(&13u32.to_be_bytes());
        bytes.extend_from_slice(&ihdr);
        bytes.extend_from_slice(&crc.to_be_bytes());
        bytes
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// Asks the cache until the picture is no longer loading, failing the test (rather
    /// than hanging it) after a generous bound.
    fn settle(cache: &ImageCache, path: &Path) -> ImageState {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let state = cache.image_state(path);
            if state != ImageState::Loading {
                return state;
            }
            assert!(
                Instant::now() < deadline,
                "{} never settled",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Runs `load` on its own thread so a hang shows up as a failed test.
    fn load_within_time(path: &Path) -> Result<Pixels, ImageError> {
        let (send, receive) = mpsc::channel();
        let owned = path.to_path_buf();
        std::thread::spawn(move || send.send(load(&owned, DEFAULT_FIT)));
        receive
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("loading {} hung", path.display()))
    }

    #[test]
    fn a_good_png_is_decoded_to_rgba() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("red.png");
        std::fs::write(&path, png(4, 3, [255, 0, 0])).unwrap();
        let pixels = load_within_time(&path).unwrap();
        assert_eq!(
            (pixels.width, pixels.height, pixels.original),
            (4, 3, (4, 3))
        );
        assert_eq!(pixels.rgba.len(), 4 * 3 * 4);
        assert_eq!(&pixels.rgba[..4], &[255, 0, 0, 255]);
    }

    #[test]
    fn a_good_jpeg_is_decoded() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("green.jpg");
        std::fs::write(&path, jpeg(16, 8)).unwrap();
        let pixels = load_within_time(&path).unwrap();
        assert_eq!((pixels.width, pixels.height), (16, 8));
        assert!(pixels.rgba[1] > 150, "green channel: {}", pixels.rgba[1]);
    }

    #[test]
    fn big_pictures_are_scaled_down_to_fit_keeping_their_shape() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("wide.png");
        std::fs::write(&path, png(400, 100, [0, 0, 255])).unwrap();
        let pixels = load(&path, (200, 200)).unwrap();
        assert_eq!((pixels.width, pixels.height), (200, 50));
        assert_eq!(pixels.original, (400, 100));
        assert_eq!(pixels.rgba.len(), 200 * 50 * 4);
    }

    #[test]
    fn fitting_never_scales_up_and_never_reaches_zero() {
        assert_eq!(fitted((10, 10), (1920, 1080)), (10, 10));
        assert_eq!(fitted((3840, 2160), (1920, 1080)), (1920, 1080));
        assert_eq!(fitted((8000, 1), (1920, 1080)), (1920, 1));
        assert_eq!(fitted((1, 8000), (1920, 1080)), (1, 1080));
    }

    #[test]
    fn a_missing_file_is_named_missing() {
        let folder = tempfile::tempdir().unwrap();
        let error = load_within_time(&folder.path().join("nope.png")).unwrap_err();
        assert!(matches!(error, ImageError::Missing { .. }), "{error}");
        assert!(error.to_string().contains("nope.png"));
    }

    #[test]
    fn a_folder_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let error = load_within_time(folder.path()).unwrap_err();
        assert!(
            matches!(
                error,
                ImageError::NotAFile {
                    kind: "a folder",
                    ..
                }
            ),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("pipe.png");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let error = load_within_time(&path).unwrap_err();
        assert!(
            matches!(
                error,
                ImageError::NotAFile {
                    kind: "a named pipe",
                    ..
                }
            ),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused() {
        let error = load_within_time(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(
                error,
                ImageError::NotAFile {
                    kind: "a device",
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn a_huge_png_header_is_refused_before_decoding() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("huge.png");
        std::fs::write(&path, png_header_only(30_000, 30_000)).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() < 100);
        let error = load_within_time(&path).unwrap_err();
        assert_eq!(
            error,
            ImageError::TooManyPixels {
                path: path.clone(),
                width: 30_000,
                height: 30_000
            }
        );
        assert_eq!(probe(&path), Err(error));
    }

    #[test]
    fn a_truncated_jpeg_is_broken_not_a_crash() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("cut.jpg");
        let whole = jpeg(64, 64);
        std::fs::write(&path, &whole[..whole.len() / 3]).unwrap();
        let error = load_within_time(&path).unwrap_err();
        assert!(matches!(error, ImageError::Broken { .. }), "{error}");
    }

    #[test]
    fn text_named_png_is_not_an_image() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("notes.png");
        std::fs::write(&path, "just words").unwrap();
        let error = load_within_time(&path).unwrap_err();
        assert!(matches!(error, ImageError::NotPngOrJpeg { .. }), "{error}");
    }

    #[test]
    fn other_files_are_named_by_their_bytes_not_their_names() {
        assert_eq!(kind_of(b"GIF89a"), "a GIF");
        assert_eq!(kind_of(b"RIFF\0\0\0\0WEBPVP8 "), "a WebP image");
        assert_eq!(kind_of(b"  <svg xmlns"), "SVG or other markup");
        assert_eq!(kind_of(b"hello there"), "a text file");
        // Text cut in the middle of a character by the 64 bytes looked at.
        let korean = "가".repeat(30);
        assert_eq!(kind_of(korean.as_bytes()), "a text file");
        assert_eq!(kind_of(b""), "an empty file");
        assert_eq!(kind_of(&[0, 159, 146, 150]), "an unknown kind of file");
    }

    #[test]
    fn verify_decodes_what_probe_only_measures() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("cut.jpg");
        let whole = jpeg(64, 64);
        std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
        assert_eq!(probe(&path), Ok((64, 64)));
        let error = verify(&path).unwrap_err();
        assert!(matches!(error, ImageError::Broken { .. }), "{error}");
        assert_eq!(DecodedImages::default().verify(&path), Err(error));
        std::fs::write(&path, &whole).unwrap();
        assert_eq!(verify(&path), Ok((64, 64)));
    }

    #[test]
    fn a_file_over_the_byte_limit_is_refused_unread() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("big.png");
        let file = File::create(&path).unwrap();
        // Sparse: no disk is spent on the test.
        file.set_len(MAX_BYTES + 1).unwrap();
        let error = load_within_time(&path).unwrap_err();
        assert!(matches!(error, ImageError::TooLarge { .. }), "{error}");
    }

    #[test]
    fn the_cache_answers_loading_then_ready_and_hands_out_pixels() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("blue.png");
        std::fs::write(&path, png(5, 2, [0, 0, 255])).unwrap();
        let cache = ImageCache::new(DEFAULT_FIT);
        let before = cache.generation();
        assert_eq!(cache.image_state(&path), ImageState::Loading);
        assert_eq!(
            settle(&cache, &path),
            ImageState::Ready {
                width: 5,
                height: 2
            }
        );
        assert!(cache.generation() > before);
        assert_eq!(cache.pending(), 0);
        let pixels = cache.pixels(&path).unwrap();
        assert_eq!(&pixels.rgba[..4], &[0, 0, 255, 255]);
    }

    #[test]
    fn the_cache_says_when_each_picture_is_done() {
        let folder = tempfile::tempdir().unwrap();
        let good = folder.path().join("good.png");
        std::fs::write(&good, png(2, 2, [9, 9, 9])).unwrap();
        let cache = ImageCache::new(DEFAULT_FIT);
        let (done, told) = mpsc::channel();
        cache.on_done(move || {
            let _ = done.send(());
        });
        cache.image_state(&good);
        cache.image_state(&folder.path().join("missing.png"));
        let wait = std::time::Duration::from_secs(10);
        // Ready and failed alike: each changes what a slide shows.
        assert_eq!(told.recv_timeout(wait), Ok(()));
        assert_eq!(told.recv_timeout(wait), Ok(()));
        assert_eq!(cache.pending(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_survives_every_bad_path_in_one_queue() {
        let folder = tempfile::tempdir().unwrap();
        let fifo = folder.path().join("pipe.png");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let huge = folder.path().join("huge.png");
        std::fs::write(&huge, png_header_only(30_000, 30_000)).unwrap();
        let good = folder.path().join("good.png");
        std::fs::write(&good, png(3, 3, [1, 2, 3])).unwrap();
        let bad: Vec<PathBuf> = vec![
            folder.path().join("missing.png"),
            folder.path().to_path_buf(),
            fifo,
            PathBuf::from("/dev/zero"),
            huge,
        ];
        let cache = ImageCache::new(DEFAULT_FIT);
        for path in &bad {
            cache.image_state(path);
        }
        cache.image_state(&good);
        for path in &bad {
            assert!(
                matches!(settle(&cache, path), ImageState::Failed(_)),
                "{}",
                path.display()
            );
        }
        assert_eq!(
            settle(&cache, &good),
            ImageState::Ready {
                width: 3,
                height: 3
            }
        );
    }

    #[test]
    fn headers_answer_sizes_without_a_thread() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("small.png");
        std::fs::write(&path, png(7, 9, [9, 9, 9])).unwrap();
        assert_eq!(
            ImageHeaders.image_state(&path),
            ImageState::Ready {
                width: 7,
                height: 9
            }
        );
        assert!(matches!(
            ImageHeaders.image_state(&folder.path().join("gone.png")),
            ImageState::Failed(_)
        ));
    }
}
