//! raster: turns the pixels of a certificate into one upright, straight grey page for OCR.
//!
//! It owns decoding (image files with the `image` crate under strict [`image::Limits`];
//! the embedded images of image-only PDF pages: DCT/JPEG, Flate or uncompressed raw pixels
//! with their colour space and bit depth, CCITT fax G3/G4 with the `fax` crate), scaling to
//! a resolution Tesseract reads well, quarter-turn rotation and skew correction. It refuses
//! what it cannot decode safely: JBIG2 and JPEG 2000 streams, images over the pixel or
//! allocation limits, truncated data. It never runs OCR itself (see [`super::ocr`]).

use std::collections::HashSet;
use std::io::Cursor;
use std::time::Instant;

use image::{GrayImage, ImageFormat, ImageReader, Luma};
use lopdf::{Document, Object, Stream};

use super::pdf_text::{inherited, resolve, Budget};
use super::Limits;

/// Widest or tallest image decoded, in pixels (a 600 dpi scan of a legal page is 5,100 ×
/// 8,400; a 48-megapixel phone photo 8,064 × 6,048).
pub(crate) const MAX_SIDE: u32 = 20_000;
/// Most pixels in one image (about a 600 dpi tabloid scan).
pub(crate) const MAX_PIXELS: u64 = 120_000_000;
/// Longest side of the page handed to Tesseract: larger scans are scaled down (about
/// 300 dpi for a letter page, where Tesseract reads best and fastest).
const TARGET_LONG_SIDE: u32 = 3_300;
/// Below this longest side (a screenshot), the page is scaled up.
const MIN_LONG_SIDE: u32 = 1_600;
/// Largest skew corrected, in degrees; beyond it the page is left as it is.
const MAX_SKEW_DEGREES: f32 = 8.0;

/// The container of an image file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImageKind {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// TIFF (including fax-mode CCITT TIFFs).
    Tiff,
    /// WebP.
    Webp,
    /// HEIC/HEIF (iPhone photos): recognised, not decoded.
    Heic,
}

/// What kind of image `bytes` are, if they are one.
pub(crate) fn image_kind(bytes: &[u8]) -> Option<ImageKind> {
    let head = &bytes[..bytes.len().min(32)];
    if head.starts_with(b"\xFF\xD8\xFF") {
        Some(ImageKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(ImageKind::Tiff)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else if head.len() >= 12
        && &head[4..8] == b"ftyp"
        && [
            &b"heic"[..],
            b"heix",
            b"heim",
            b"heis",
            b"hevc",
            b"hevx",
            b"mif1",
            b"msf1",
        ]
        .contains(&&head[8..12])
    {
        Some(ImageKind::Heic)
    } else {
        None
    }
}

/// Decoder limits for one file: the pixel caps above and an allocation cap from the
/// per-file decompressed-bytes limit.
fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(limits.max_decompressed_bytes);
    l
}

/// Decodes an image file into grey pixels, within `limits`.
pub(crate) fn decode_image(
    bytes: &[u8],
    kind: ImageKind,
    limits: &Limits,
) -> Result<GrayImage, String> {
    let format = match kind {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Tiff => ImageFormat::Tiff,
        ImageKind::Webp => ImageFormat::WebP,
        ImageKind::Heic => {
            return Err("HEIC photo (an iPhone format coachcheck cannot read): ask the coach to send it as JPEG or PDF, or convert it (on the iPhone: Settings › Camera › Formats › Most Compatible)".into())
        }
    };
    if kind == ImageKind::Jpeg && jpeg_truncated(bytes) {
        return Err("truncated JPEG image (its data stops before the end-of-image marker)".into());
    }
    // The header alone first (no pixels are decoded), so the size limit can be named.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.no_limits();
    let (width, height) = reader.into_dimensions().map_err(|e| describe(format, &e))?;
    check_size(width, height)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoder_limits(limits));
    let image = reader.decode().map_err(|e| describe(format, &e))?;
    Ok(image.into_luma8())
}

/// True when the last scan of a JPEG has no end-of-image marker after it (the decoder would
/// fill the missing part with grey and OCR would read half a certificate). In entropy-coded
/// data a 0xFF byte is always followed by 0x00 or a restart marker, so `FF D9` is the end.
fn jpeg_truncated(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(at) => !bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => true,
    }
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("image of {width} × {height} pixels has no content"));
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "image of {width} × {height} pixels is over the limit ({MAX_SIDE} pixels a side, {} megapixels)",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

fn describe(format: ImageFormat, e: &image::ImageError) -> String {
    let name = format!("{format:?}").to_uppercase();
    match e {
        image::ImageError::Limits(l) => format!("{name} image over the decoding limits ({l})"),
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            format!("truncated {name} image")
        }
        other => format!("damaged {name} image: {other}"),
    }
}

/// One page rendered from the images a PDF page draws.
pub(crate) struct PageImage {
    /// The page's grey pixels, turned by the page's `/Rotate`.
    pub pixels: GrayImage,
    /// Pixels per inch of the image on the page, when the page size is known.
    pub dpi: Option<f32>,
}

/// The largest image of each of the first `limits.max_pages` pages of a PDF, decoded.
/// A page whose image cannot be decoded gives an error naming the filter.
pub(crate) fn pdf_page_images(
    bytes: &[u8],
    limits: &Limits,
    deadline: Instant,
) -> Result<Vec<PageImage>, String> {
    let mut budget = Budget::new(limits.max_decompressed_bytes, deadline);
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_decompressed_bytes.min(32 * 1024 * 1024))
                .unwrap_or(usize::MAX),
        ),
        ..Default::default()
    };
    let doc =
        Document::load_mem_with_options(bytes, options).map_err(|e| format!("damaged PDF: {e}"))?;
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    for page_id in doc.page_iter() {
        budget.check_time().map_err(|s| s.0)?;
        if !seen.insert(page_id) {
            continue;
        }
        if pages.len() >= limits.max_pages {
            break;
        }
        let Ok(page) = doc.get_dictionary(page_id) else {
            continue;
        };
        let Some(stream) = largest_image(&doc, page) else {
            continue;
        };
        let mut pixels =
            decode_pdf_image(&doc, stream, &mut budget, limits.max_decompressed_bytes)?;
        let rotate = inherited(&doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0)
            .rem_euclid(360);
        pixels = turn(pixels, u32::try_from(rotate).unwrap_or(0));
        // The page's width as shown (after /Rotate), in inches: pixels per inch of the image.
        let shown_width = inherited(&doc, page, b"MediaBox")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<f32> = a.iter().filter_map(super::fonts::number).collect();
                (v.len() == 4).then(|| {
                    let (w, h) = ((v[2] - v[0]).abs(), (v[3] - v[1]).abs());
                    if rotate % 180 == 90 {
                        h
                    } else {
                        w
                    }
                })
            });
        let dpi = shown_width
            .filter(|w| *w > 36.0)
            .map(|w| pixels.width() as f32 / (w / 72.0));
        pages.push(PageImage { pixels, dpi });
    }
    Ok(pages)
}

/// The page's image XObject with the most pixels (scanners draw one per page).
fn largest_image<'a>(doc: &'a Document, page: &'a lopdf::Dictionary) -> Option<&'a Stream> {
    let resources = inherited(doc, page, b"Resources")?.as_dict().ok()?;
    let xobjects = resolve(doc, resources.get(b"XObject").ok()?)?
        .as_dict()
        .ok()?;
    let mut best: Option<(u64, &Stream)> = None;
    for (_, value) in xobjects.iter() {
        let Some(Object::Stream(stream)) = resolve(doc, value) else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| o.as_name().ok())
            .is_some_and(|n| n == b"Image");
        if !is_image {
            continue;
        }
        let dim = |key: &[u8]| {
            stream
                .dict
                .get(key)
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(0)
                .max(0) as u64
        };
        let area = dim(b"Width") * dim(b"Height");
        if best.is_none_or(|(a, _)| area > a) {
            best = Some((area, stream));
        }
    }
    best.map(|(_, s)| s)
}

/// The filters of a stream, first to last.
fn filters(doc: &Document, stream: &Stream) -> Vec<Vec<u8>> {
    match stream
        .dict
        .get(b"Filter")
        .ok()
        .and_then(|o| resolve(doc, o))
    {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| {
                resolve(doc, o)
                    .and_then(|o| o.as_name().ok())
                    .map(<[u8]>::to_vec)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The decode parameters of the last filter.
fn decode_parms<'a>(doc: &'a Document, stream: &'a Stream) -> Option<&'a lopdf::Dictionary> {
    match stream
        .dict
        .get(b"DecodeParms")
        .ok()
        .and_then(|o| resolve(doc, o))?
    {
        Object::Dictionary(d) => Some(d),
        Object::Array(a) => a
            .iter()
            .rev()
            .find_map(|o| resolve(doc, o).and_then(|o| o.as_dict().ok())),
        _ => None,
    }
}

fn int(doc: &Document, dict: &lopdf::Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key)
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_i64().ok())
}

/// Decodes one image XObject into grey pixels.
fn decode_pdf_image(
    doc: &Document,
    stream: &Stream,
    budget: &mut Budget,
    alloc_cap: u64,
) -> Result<GrayImage, String> {
    let width = int(doc, &stream.dict, b"Width").unwrap_or(0);
    let height = int(doc, &stream.dict, b"Height").unwrap_or(0);
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(format!(
            "embedded image of {width} × {height} pixels is malformed"
        ));
    };
    check_size(width, height)?;
    let filters = filters(doc, stream);
    let last = filters.last().map(Vec::as_slice);
    match last {
        Some(b"DCTDecode" | b"DCT") => {
            let data = if filters.len() > 1 {
                // e.g. [/FlateDecode /DCTDecode]: undo the outer filters first.
                let mut copy = stream.clone();
                copy.dict.set(
                    "Filter",
                    Object::Array(
                        filters[..filters.len() - 1]
                            .iter()
                            .map(|f| Object::Name(f.clone()))
                            .collect(),
                    ),
                );
                budget.decode(&copy).map_err(|s| s.0)?
            } else {
                stream.content.clone()
            };
            let mut reader = ImageReader::with_format(Cursor::new(&data[..]), ImageFormat::Jpeg);
            let mut l = image::Limits::default();
            l.max_image_width = Some(MAX_SIDE);
            l.max_image_height = Some(MAX_SIDE);
            l.max_alloc = Some(alloc_cap);
            reader.limits(l);
            let image = reader
                .decode()
                .map_err(|e| format!("embedded JPEG image: {}", describe(ImageFormat::Jpeg, &e)))?;
            let mut gray = image.into_luma8();
            // Adobe CMYK JPEGs are stored inverted; a mostly-black page is one of those.
            if mean(&gray) < 60.0 {
                image::imageops::invert(&mut gray);
            }
            Ok(gray)
        }
        Some(b"CCITTFaxDecode" | b"CCF") => decode_ccitt(doc, stream, width, height, budget),
        Some(b"JBIG2Decode") => Err("embedded JBIG2 image (no JBIG2 decoder is available)".into()),
        Some(b"JPXDecode") => Err("embedded JPEG 2000 image (not supported)".into()),
        Some(b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW" | b"RunLengthDecode" | b"RL")
        | None => {
            let raw = if last.is_none() {
                stream.content.clone()
            } else {
                budget.decode(stream).map_err(|s| s.0)?
            };
            raw_pixels(doc, stream, &raw, width, height)
        }
        Some(other) => Err(format!(
            "embedded image with the {} filter (not supported)",
            String::from_utf8_lossy(other)
        )),
    }
}

fn mean(gray: &GrayImage) -> f32 {
    let n = gray.as_raw().len().max(1) as f64;
    (gray.as_raw().iter().map(|p| f64::from(*p)).sum::<f64>() / n) as f32
}

/// CCITT G4 (K < 0), G3 1-D (K = 0) fax data.
fn decode_ccitt(
    doc: &Document,
    stream: &Stream,
    width: u32,
    height: u32,
    budget: &mut Budget,
) -> Result<GrayImage, String> {
    let parms = decode_parms(doc, stream);
    let k = parms.and_then(|p| int(doc, p, b"K")).unwrap_or(0);
    let columns = parms
        .and_then(|p| int(doc, p, b"Columns"))
        .unwrap_or(i64::from(width));
    let rows = parms
        .and_then(|p| int(doc, p, b"Rows"))
        .unwrap_or(i64::from(height));
    let black_is_1 = parms
        .and_then(|p| p.get(b"BlackIs1").ok())
        .and_then(|o| o.as_bool().ok())
        .unwrap_or(false);
    let columns = u16::try_from(columns)
        .map_err(|_| format!("fax image {columns} pixels wide is over the fax limit"))?;
    let rows = u16::try_from(rows)
        .map_err(|_| format!("fax image {rows} pixels tall is over the fax limit"))?;
    budget
        .charge(u64::from(columns) * u64::from(rows))
        .map_err(|s| s.0)?;
    let mut pixels: Vec<u8> = Vec::with_capacity(usize::from(columns) * usize::from(rows));
    let mut lines = 0usize;
    let mut on_line = |transitions: &[u16]| {
        if lines >= usize::from(rows) {
            return;
        }
        lines += 1;
        pixels.extend(fax::decoder::pels(transitions, columns).map(|c| match c {
            fax::Color::Black => 0u8,
            fax::Color::White => 255u8,
        }));
    };
    let data = stream.content.iter().copied();
    let ok = if k < 0 {
        fax::decoder::decode_g4(data, columns, Some(rows), &mut on_line)
    } else if k == 0 {
        fax::decoder::decode_g3(data, &mut on_line)
    } else {
        return Err("embedded fax image in 2-D Group 3 mode (not supported)".into());
    };
    if ok.is_none() && lines == 0 {
        return Err("embedded fax (CCITT) image could not be decoded".into());
    }
    pixels.resize(usize::from(columns) * usize::from(rows), 255);
    if black_is_1 {
        pixels.iter_mut().for_each(|p| *p = 255 - *p);
    }
    GrayImage::from_raw(u32::from(columns), u32::from(rows), pixels)
        .ok_or_else(|| "embedded fax image has the wrong size".into())
}

/// Raw samples (after Flate & co.) in the image's colour space → grey.
fn raw_pixels(
    doc: &Document,
    stream: &Stream,
    data: &[u8],
    width: u32,
    height: u32,
) -> Result<GrayImage, String> {
    let bpc = int(doc, &stream.dict, b"BitsPerComponent").unwrap_or(8);
    let is_mask = stream
        .dict
        .get(b"ImageMask")
        .ok()
        .and_then(|o| o.as_bool().ok())
        .unwrap_or(false);
    let space = stream
        .dict
        .get(b"ColorSpace")
        .ok()
        .and_then(|o| resolve(doc, o));
    let (components, palette) = if is_mask {
        (1, None)
    } else {
        colour_space(doc, space)?
    };
    let bpc = if is_mask { 1 } else { bpc };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!(
            "embedded image with {bpc} bits per component (not supported)"
        ));
    }
    let bpc = bpc as usize;
    let row_bytes = (width as usize * components * bpc).div_ceil(8);
    let needed = row_bytes * height as usize;
    if data.len() < needed {
        return Err(format!(
            "embedded image data is truncated ({} of {needed} bytes)",
            data.len()
        ));
    }
    let decode_inverted = stream
        .dict
        .get(b"Decode")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first().and_then(super::fonts::number))
        .is_some_and(|first| first > 0.5);
    let max = ((1u32 << bpc.min(16)) - 1) as f32;
    let sample = |row: &[u8], index: usize| -> f32 {
        let v = match bpc {
            8 => u32::from(row[index]),
            16 => u32::from(row[index * 2]) << 8 | u32::from(row[index * 2 + 1]),
            _ => {
                let bit = index * bpc;
                let byte = row[bit / 8];
                let shift = 8 - bpc - (bit % 8);
                u32::from((byte >> shift) & ((1u8 << bpc) - 1))
            }
        };
        v as f32 / max
    };
    let mut out = GrayImage::new(width, height);
    for y in 0..height as usize {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..width as usize {
            let base = x * components;
            let mut value = match (&palette, components) {
                (Some(p), _) => {
                    let index = (sample(row, base) * max).round() as usize;
                    p.get(index).copied().unwrap_or(1.0)
                }
                (None, 1) => sample(row, base),
                (None, 3) => {
                    0.299 * sample(row, base)
                        + 0.587 * sample(row, base + 1)
                        + 0.114 * sample(row, base + 2)
                }
                (None, 4) => {
                    let k = sample(row, base + 3);
                    let c = 0.299 * sample(row, base)
                        + 0.587 * sample(row, base + 1)
                        + 0.114 * sample(row, base + 2);
                    (1.0 - c) * (1.0 - k)
                }
                (None, n) => sample(row, base + n.saturating_sub(1)),
            };
            if is_mask {
                // A stencil mask paints where the sample is 0 (black ink on white).
                value = if decode_inverted { 1.0 - value } else { value };
            } else if decode_inverted {
                value = 1.0 - value;
            }
            out.put_pixel(
                x as u32,
                y as u32,
                Luma([(value.clamp(0.0, 1.0) * 255.0) as u8]),
            );
        }
    }
    Ok(out)
}

/// Components of a colour space, and the grey palette of an indexed one.
fn colour_space(
    doc: &Document,
    space: Option<&Object>,
) -> Result<(usize, Option<Vec<f32>>), String> {
    let name = |o: &Object| o.as_name().ok().map(<[u8]>::to_vec);
    match space {
        None => Ok((1, None)),
        Some(Object::Name(n)) => components_of(n).map(|c| (c, None)),
        Some(Object::Array(a)) => {
            let family = a
                .first()
                .and_then(|o| resolve(doc, o))
                .and_then(name)
                .unwrap_or_default();
            match family.as_slice() {
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| resolve(doc, o))
                        .and_then(|o| o.as_stream().ok())
                        .and_then(|s| int(doc, &s.dict, b"N"))
                        .unwrap_or(3);
                    Ok((usize::try_from(n).unwrap_or(3).clamp(1, 4), None))
                }
                b"CalGray" => Ok((1, None)),
                b"CalRGB" | b"Lab" => Ok((3, None)),
                b"Indexed" | b"I" => {
                    let base = a.get(1).and_then(|o| resolve(doc, o));
                    let (base_components, _) = colour_space(doc, base)?;
                    let lookup: Vec<u8> = match a.get(3).and_then(|o| resolve(doc, o)) {
                        Some(Object::String(s, _)) => s.clone(),
                        Some(Object::Stream(s)) => s
                            .decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                        _ => Vec::new(),
                    };
                    let palette = lookup
                        .chunks(base_components.max(1))
                        .map(|c| {
                            let f = |i: usize| f32::from(c.get(i).copied().unwrap_or(255)) / 255.0;
                            match base_components {
                                3 => 0.299 * f(0) + 0.587 * f(1) + 0.114 * f(2),
                                4 => {
                                    (1.0 - (0.299 * f(0) + 0.587 * f(1) + 0.114 * f(2)))
                                        * (1.0 - f(3))
                                }
                                _ => f(0),
                            }
                        })
                        .collect();
                    Ok((1, Some(palette)))
                }
                _ => components_of(&family).map(|c| (c, None)),
            }
        }
        Some(_) => Ok((1, None)),
    }
}

fn components_of(name: &[u8]) -> Result<usize, String> {
    match name {
        b"DeviceGray" | b"G" | b"CalGray" => Ok(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" => Ok(3),
        b"DeviceCMYK" | b"CMYK" => Ok(4),
        other => Err(format!(
            "embedded image in the {} colour space (not supported)",
            String::from_utf8_lossy(other)
        )),
    }
}

/// Turns a page clockwise by a multiple of 90 degrees.
pub(crate) fn turn(image: GrayImage, degrees: u32) -> GrayImage {
    match degrees % 360 {
        90 => image::imageops::rotate90(&image),
        180 => image::imageops::rotate180(&image),
        270 => image::imageops::rotate270(&image),
        _ => image,
    }
}

/// Scales a page so that its longest side is in Tesseract's comfortable range; returns the
/// page and the factor applied.
pub(crate) fn scale_for_ocr(image: GrayImage) -> (GrayImage, f32) {
    let long = image.width().max(image.height());
    let factor = if long > TARGET_LONG_SIDE {
        TARGET_LONG_SIDE as f32 / long as f32
    } else if long < MIN_LONG_SIDE {
        (MIN_LONG_SIDE as f32 / long as f32).min(4.0)
    } else {
        return (image, 1.0);
    };
    let w = ((image.width() as f32 * factor).round() as u32).max(1);
    let h = ((image.height() as f32 * factor).round() as u32).max(1);
    (resize(&image, w, h), factor)
}

/// Averages `k` × `k` blocks (a fast, alias-free first step of a large reduction).
fn shrink(image: &GrayImage, k: u32) -> GrayImage {
    let (w, h) = ((image.width() / k).max(1), (image.height() / k).max(1));
    let (src_w, k) = (image.width() as usize, k as usize);
    let raw = image.as_raw();
    let mut out = Vec::with_capacity(w as usize * h as usize);
    let mut sums = vec![0u32; w as usize];
    for y in 0..h as usize {
        sums.iter_mut().for_each(|s| *s = 0);
        for row in raw.chunks_exact(src_w).skip(y * k).take(k) {
            for (x, sum) in sums.iter_mut().enumerate() {
                *sum += row[x * k..x * k + k]
                    .iter()
                    .map(|p| u32::from(*p))
                    .sum::<u32>();
            }
        }
        let area = (k * k) as u32;
        out.extend(sums.iter().map(|s| (s / area) as u8));
    }
    GrayImage::from_raw(w, h, out).unwrap_or_else(|| image.clone())
}

/// Resizes with block averaging then bilinear sampling (fixed point).
fn resize(image: &GrayImage, w: u32, h: u32) -> GrayImage {
    let k = (image.width() / w.max(1)).min(image.height() / h.max(1));
    let shrunk;
    let source = if k >= 2 {
        shrunk = shrink(image, k);
        &shrunk
    } else {
        image
    };
    let (sw, sh) = (source.width() as usize, source.height() as usize);
    let raw = source.as_raw();
    let (w, h) = (w as usize, h as usize);
    let mut out = vec![255u8; w * h];
    let fx_step = ((sw as f64 / w as f64) * 256.0) as i64;
    let fy_step = ((sh as f64 / h as f64) * 256.0) as i64;
    for y in 0..h {
        let sy = (((y as i64 * fy_step) + fy_step / 2 - 128).max(0)).min(((sh - 1) as i64) << 8);
        let (y0, fy) = ((sy >> 8) as usize, sy & 255);
        let y1 = (y0 + 1).min(sh - 1);
        for x in 0..w {
            let sx =
                (((x as i64 * fx_step) + fx_step / 2 - 128).max(0)).min(((sw - 1) as i64) << 8);
            let (x0, fx) = ((sx >> 8) as usize, sx & 255);
            let x1 = (x0 + 1).min(sw - 1);
            let at = |yy: usize, xx: usize| i64::from(raw[yy * sw + xx]);
            let top = at(y0, x0) * (256 - fx) + at(y0, x1) * fx;
            let bottom = at(y1, x0) * (256 - fx) + at(y1, x1) * fx;
            out[y * w + x] = ((top * (256 - fy) + bottom * fy) >> 16) as u8;
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).unwrap_or_else(|| image.clone())
}

/// A small copy of the page (longest side about `side` pixels), for orientation detection.
pub(crate) fn thumbnail(image: &GrayImage, side: u32) -> GrayImage {
    let long = image.width().max(image.height());
    if long <= side {
        return image.clone();
    }
    let f = side as f32 / long as f32;
    let w = ((image.width() as f32 * f).round() as u32).max(1);
    let h = ((image.height() as f32 * f).round() as u32).max(1);
    resize(image, w, h)
}

/// The skew of the text lines, in degrees (positive: lines rise to the right), found by
/// the projection profile of dark pixels that is sharpest. `None` for a page too empty to
/// tell.
pub(crate) fn estimate_skew(image: &GrayImage) -> Option<f32> {
    let small = thumbnail(image, 1_000);
    let threshold = otsu(&small);
    // Only the top and bottom edges of dark strokes count: text lines give many, while a
    // filled area (a scanner's black border, a coloured band) gives only its outline.
    let mut dark: Vec<(f32, f32)> = Vec::new();
    let light = |x: u32, y: i64| {
        u32::try_from(y)
            .ok()
            .filter(|y| *y < small.height())
            .is_none_or(|y| small.get_pixel(x, y).0[0] > threshold)
    };
    for (x, y, p) in small.enumerate_pixels() {
        if p.0[0] <= threshold && (light(x, i64::from(y) - 2) || light(x, i64::from(y) + 2)) {
            dark.push((x as f32, y as f32));
        }
    }
    let total = (small.width() * small.height()) as usize;
    if dark.len() < 200 || dark.len() > total / 2 {
        return None;
    }
    let diag = ((small.width().pow(2) + small.height().pow(2)) as f32).sqrt();
    let bins = (2.0 * diag) as usize + 2;
    let score = |degrees: f32| -> f64 {
        let (s, c) = degrees.to_radians().sin_cos();
        let mut hist = vec![0u32; bins];
        for (x, y) in &dark {
            let v = y * c - x * s + diag;
            if let Some(b) = hist.get_mut(v.max(0.0) as usize) {
                *b += 1;
            }
        }
        hist.iter().map(|h| f64::from(*h) * f64::from(*h)).sum()
    };
    let mut best = (0.0f32, score(0.0));
    let mut step = 1.0f32;
    let mut centre = 0.0f32;
    let mut span = MAX_SKEW_DEGREES;
    while step >= 0.1 {
        let mut a = centre - span;
        while a <= centre + span + 1e-3 {
            let s = score(a);
            if s > best.1 {
                best = (a, s);
            }
            a += step;
        }
        centre = best.0;
        span = step;
        step /= 4.0;
    }
    Some(-best.0)
}

/// Otsu's threshold of a grey image: values at or below it are dark.
fn otsu(image: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in image.as_raw() {
        hist[usize::from(*p)] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, h)| i as f64 * *h as f64)
        .sum();
    let (mut sum_b, mut w_b, mut best, mut threshold) = (0.0f64, 0u64, 0.0f64, 128u8);
    for (t, h) in hist.iter().enumerate() {
        w_b += h;
        if w_b == 0 {
            continue;
        }
        let w_f = total - w_b;
        if w_f == 0 {
            break;
        }
        sum_b += t as f64 * *h as f64;
        let m_b = sum_b / w_b as f64;
        let m_f = (sum_all - sum_b) / w_f as f64;
        let between = w_b as f64 * w_f as f64 * (m_b - m_f).powi(2);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    threshold
}

/// Rotates a page by `degrees` (counter-clockwise positive) about its centre, filling with
/// white, with bilinear sampling.
pub(crate) fn rotate_small(image: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let raw = image.as_raw();
    let mut out = vec![255u8; w * h];
    // Fixed point (8 fractional bits), stepping along each output row.
    const ONE: i64 = 256;
    let (step_x, step_y) = ((c * ONE as f32) as i64, (s * ONE as f32) as i64);
    for y in 0..h {
        let dy = y as f32 - cy;
        let mut sx = ((c * -cx - s * dy + cx) * ONE as f32) as i64;
        let mut sy = ((s * -cx + c * dy + cy) * ONE as f32) as i64;
        let row = &mut out[y * w..(y + 1) * w];
        for pixel in row.iter_mut() {
            let (x0, y0) = (sx >> 8, sy >> 8);
            if x0 >= 0 && y0 >= 0 && (x0 as usize) + 1 < w && (y0 as usize) + 1 < h {
                let (fx, fy) = (sx & 255, sy & 255);
                let i = y0 as usize * w + x0 as usize;
                let (a, b) = (i64::from(raw[i]), i64::from(raw[i + 1]));
                let (c2, d) = (i64::from(raw[i + w]), i64::from(raw[i + w + 1]));
                let top = a * (ONE - fx) + b * fx;
                let bottom = c2 * (ONE - fx) + d * fx;
                *pixel = ((top * (ONE - fy) + bottom * fy) >> 16) as u8;
            }
            sx += step_x;
            sy += step_y;
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).unwrap_or_else(|| image.clone())
}

/// The page as binary PGM (P5) bytes, the simplest format Tesseract reads.
pub(crate) fn to_pgm(image: &GrayImage) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", image.width(), image.height()).into_bytes();
    out.extend_from_slice(image.as_raw());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_kinds_from_magic_bytes() {
        assert_eq!(image_kind(b"\xFF\xD8\xFF\xE0...."), Some(ImageKind::Jpeg));
        assert_eq!(image_kind(b"\x89PNG\r\n\x1a\n...."), Some(ImageKind::Png));
        assert_eq!(image_kind(b"II*\0...."), Some(ImageKind::Tiff));
        assert_eq!(image_kind(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(image_kind(b"\0\0\0\x18ftypheic\0\0"), Some(ImageKind::Heic));
        assert_eq!(image_kind(b"%PDF-1.7"), None);
    }

    /// Dark horizontal bars on white, turned by `degrees`.
    fn lines_page(degrees: f32) -> GrayImage {
        let mut page = GrayImage::from_pixel(800, 600, Luma([255]));
        for row in 0..10 {
            let y0 = 60 + row * 50;
            for y in y0..y0 + 8 {
                for x in 100..700 {
                    if (x / 9) % 4 != 3 {
                        page.put_pixel(x, y, Luma([0]));
                    }
                }
            }
        }
        rotate_small(&page, degrees)
    }

    #[test]
    fn skew_is_measured_within_a_quarter_degree() {
        for degrees in [-4.0f32, -1.5, 0.0, 2.0, 5.0] {
            let page = lines_page(degrees);
            let found = estimate_skew(&page).unwrap();
            // Correcting by the estimate must straighten the page.
            assert!(
                (found + degrees).abs() < 0.3 || (found - degrees).abs() < 0.3,
                "{degrees}: {found}"
            );
            let straight = rotate_small(&page, -found);
            assert!(estimate_skew(&straight).unwrap().abs() < 0.3);
        }
    }

    #[test]
    fn a_jpeg_without_its_end_marker_is_truncated() {
        let whole = b"\xFF\xD8\xFF\xE0..\xFF\xDA\x00\x0C..scan..\xFF\x00..\xFF\xD9";
        assert!(!jpeg_truncated(whole));
        assert!(jpeg_truncated(&whole[..whole.len() - 2]));
        assert!(jpeg_truncated(b"\xFF\xD8\xFF\xE0"));
    }

    #[test]
    fn quarter_turns() {
        let page = GrayImage::from_pixel(30, 10, Luma([255]));
        assert_eq!(turn(page.clone(), 90).dimensions(), (10, 30));
        assert_eq!(turn(page.clone(), 180).dimensions(), (30, 10));
        assert_eq!(turn(page, 270).dimensions(), (10, 30));
    }

    #[test]
    fn oversized_headers_are_refused_before_decoding() {
        assert!(check_size(30_000, 30_000)
            .unwrap_err()
            .contains("over the limit"));
        assert!(check_size(0, 10).is_err());
        assert!(check_size(4_032, 3_024).is_ok());
    }
}
