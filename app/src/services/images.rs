//! Images people upload to their profile: checked by their content (not
//! their name or declared type), decoded under size limits, resized to
//! fixed sizes and re-encoded as JPEG. Re-encoding from pixels keeps
//! nothing of the original file: no EXIF (camera, GPS position), no ICC
//! profile, no comments, no trailing bytes.

use crate::domain::profile::ImageRefusal;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The largest upload accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;

/// What an image is for, and so its sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A square photo: 512 px and 128 px.
    Photo,
    /// A portfolio image: at most 1600 × 1200, and a 480 × 360 thumbnail.
    Portfolio,
}

/// An image ready to store.
#[derive(Debug, Clone)]
pub struct Processed {
    pub large: Vec<u8>,
    pub small: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn jpeg(img: &DynamicImage) -> Result<Vec<u8>, ImageRefusal> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&rgb)
        .map_err(|_| ImageRefusal::Damaged)?;
    Ok(out)
}

/// Checks, decodes, resizes and re-encodes `bytes`. CPU-bound: call it
/// off the runtime.
pub fn process(bytes: &[u8], shape: Shape) -> Result<Processed, ImageRefusal> {
    if bytes.is_empty() {
        return Err(ImageRefusal::Empty);
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageRefusal::TooBig);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageRefusal::NotImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(ImageRefusal::NotImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(8_000);
    limits.max_image_height = Some(8_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| ImageRefusal::Damaged)?;
    let (large, small) = match shape {
        Shape::Photo => (
            img.resize_to_fill(512, 512, FilterType::Lanczos3),
            img.resize_to_fill(128, 128, FilterType::Triangle),
        ),
        Shape::Portfolio => {
            let large = if img.width() > 1600 || img.height() > 1200 {
                img.resize(1600, 1200, FilterType::Lanczos3)
            } else {
                img.clone()
            };
            (large, img.resize_to_fill(480, 360, FilterType::Triangle))
        }
    };
    Ok(Processed {
        width: large.width(),
        height: large.height(),
        large: jpeg(&large)?,
        small: jpeg(&small)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb};

    /// A JPEG with an EXIF segment (a made-up GPS tag) right after SOI.
    pub(crate) fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(ImageBuffer::from_fn(w, h, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        }));
        let plain = jpeg(&img).unwrap();
        let payload = b"Exif\0\0GPS 48.8566N 2.3522E secret-camera-serial";
        let len = (payload.len() + 2) as u16;
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_photo_is_resized_square_and_loses_its_metadata() {
        let original = jpeg_with_exif(900, 600);
        assert!(contains(&original, b"secret-camera-serial"));
        let p = process(&original, Shape::Photo).unwrap();
        assert_eq!((p.width, p.height), (512, 512));
        for bytes in [&p.large, &p.small] {
            assert!(!contains(bytes, b"Exif"), "no EXIF left");
            assert!(!contains(bytes, b"secret-camera-serial"));
            assert_eq!(&bytes[..2], &[0xFF, 0xD8], "a JPEG");
        }
        let small = image::load_from_memory(&p.small).unwrap();
        assert_eq!((small.width(), small.height()), (128, 128));
    }

    #[test]
    fn a_portfolio_image_keeps_its_shape_within_bounds() {
        let p = process(&jpeg_with_exif(2400, 1200), Shape::Portfolio).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        let small = process(&jpeg_with_exif(300, 200), Shape::Portfolio).unwrap();
        assert_eq!((small.width, small.height), (300, 200), "never enlarged");
    }

    #[test]
    fn anything_else_is_refused() {
        let refusal = |bytes: &[u8]| process(bytes, Shape::Photo).unwrap_err();
        assert_eq!(refusal(b""), ImageRefusal::Empty);
        assert_eq!(refusal(b"%PDF-1.4 not an image"), ImageRefusal::NotImage);
        assert_eq!(
            refusal(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            ImageRefusal::NotImage
        );
        let mut cut = jpeg_with_exif(200, 200);
        cut.truncate(300);
        assert_eq!(refusal(&cut), ImageRefusal::Damaged);
        assert_eq!(
            refusal(&vec![0u8; MAX_IMAGE_BYTES + 1]),
            ImageRefusal::TooBig
        );
    }
}
