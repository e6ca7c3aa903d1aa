//! scanned: the extraction of a certificate that has no text layer — an image file (scan,
//! phone photo, screenshot) or a PDF whose pages are images. Pixels come from
//! [`super::raster`], words from [`super::ocr`], and then the very same template matching
//! and field finding as a text PDF ([`super::analyse`]). What it adds: every field's OCR
//! confidence, the `read by OCR` warning, and the words read (for `inspect`).
//! It never credits anything itself: deciding what a low confidence means is the caller's
//! (see [`super::Extraction::ocr_uncertain_fields`]).

use std::collections::BTreeMap;
use std::time::Instant;

use super::analyse::{failed, page_text, recognise};
use super::dates::{find_dates, DateOrder};
use super::ocr::{self, OcrError, OcrText};
use super::pdf_text::PdfText;
use super::raster::{self, ImageKind};
use super::template::Templates;
use super::text::normalize;
use super::{Explanation, Extraction, ExtractionStatus, Limits, Warning};

/// The confidence given to a holder name found only as the largest name-like line (a
/// guess): below the safe confidence, so a person checks it.
const GUESS_CONFIDENCE: f64 = 50.0;

/// Pages smaller than this (pixels, either side) hold no readable certificate.
const MIN_SIDE: u32 = 32;

/// Reads an image file (JPEG, PNG, TIFF, WebP) by OCR.
pub(super) fn read_image(
    bytes: &[u8],
    kind: ImageKind,
    limits: &Limits,
    templates: &Templates,
    deadline: Instant,
) -> Explanation {
    let image = match raster::decode_image(bytes, kind, limits) {
        Ok(image) => image,
        Err(why) => return failed(ExtractionStatus::Unreadable, why),
    };
    read_pages(vec![(image, None)], bytes, templates, deadline, "an image")
}

/// Reads a PDF without a text layer from the images its pages draw. `no_text` says why it
/// needed OCR (kept when OCR cannot run).
pub(super) fn read_pdf(
    bytes: &[u8],
    limits: &Limits,
    templates: &Templates,
    deadline: Instant,
    no_text: &str,
) -> Explanation {
    if let Err(OcrError::Missing(why)) = ocr::engine() {
        return failed(ExtractionStatus::NeedsOcr, format!("{no_text}; {why}"));
    }
    let pages = match raster::pdf_page_images(bytes, limits, deadline) {
        Ok(pages) => pages,
        Err(why) if why.contains("limit") => return failed(ExtractionStatus::Unreadable, why),
        // A page image coachcheck cannot decode (JBIG2...): a person can still read it.
        Err(why) => return failed(ExtractionStatus::NeedsOcr, format!("{no_text}; {why}")),
    };
    if pages.is_empty() {
        return failed(ExtractionStatus::NeedsOcr, no_text.to_string());
    }
    let pages = pages.into_iter().map(|p| (p.pixels, p.dpi)).collect();
    read_pages(pages, bytes, templates, deadline, "a PDF of page images")
}

fn read_pages(
    pages: Vec<(image::GrayImage, Option<f32>)>,
    bytes: &[u8],
    templates: &Templates,
    deadline: Instant,
    what: &str,
) -> Explanation {
    if let Some((small, _)) = pages
        .iter()
        .find(|(p, _)| p.width() < MIN_SIDE || p.height() < MIN_SIDE)
        .filter(|_| {
            pages
                .iter()
                .all(|(p, _)| p.width() < MIN_SIDE || p.height() < MIN_SIDE)
        })
    {
        return failed(
            ExtractionStatus::Unreadable,
            format!(
                "{what} of {} × {} pixels, too small to hold readable text",
                small.width(),
                small.height()
            ),
        );
    }
    let text = match ocr::read_pages(pages, deadline) {
        Ok(text) => text,
        Err(OcrError::Missing(why)) => {
            return failed(
                ExtractionStatus::NeedsOcr,
                format!("{what} with no text layer; {why}"),
            )
        }
        Err(OcrError::TimedOut) => {
            return failed(
                ExtractionStatus::Unreadable,
                "OCR took longer than the time limit (Tesseract was stopped)",
            )
        }
        Err(OcrError::Failed(why)) => return failed(ExtractionStatus::Unreadable, why),
    };
    explain(text, bytes, templates)
}

/// Template matching and fields on the OCR'd lines, with each field's confidence.
fn explain(text: OcrText, bytes: &[u8], templates: &Templates) -> Explanation {
    let letters: usize = text
        .words
        .iter()
        .map(|w| w.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    let mut out = Explanation {
        extraction: Extraction::failed(ExtractionStatus::Unrecognized, ""),
        text: page_text(&text.lines),
        pages: text.pages.len(),
        producer: None,
        trials: Vec::new(),
        field_sources: Vec::new(),
        ocr_words: Vec::new(),
        ocr_pages: text.pages.clone(),
    };
    if letters < 8 {
        out.extraction = Extraction::failed(
            ExtractionStatus::Unreadable,
            "an image in which OCR found no text",
        );
        out.extraction.ocr = true;
        out.ocr_words = text.words;
        return out;
    }
    let pdf = PdfText {
        lines: text.lines.clone(),
        pages: text.pages.len(),
        ..PdfText::default()
    };
    recognise(&pdf, bytes, templates, &mut out);
    let e = &mut out.extraction;
    e.ocr = true;
    let mut confidence = BTreeMap::new();
    let norm: Vec<String> = text.lines.iter().map(|l| normalize(&l.text)).collect();
    let mut put = |name: &str, printed: Option<String>| {
        if let Some(printed) = printed {
            confidence.insert(
                name.to_string(),
                (f64::from(ocr::confidence_of(&printed, &text.words)) * 10.0).round() / 10.0,
            );
        }
    };
    put("holder", e.holder.clone());
    put("course_title", e.course_title.clone());
    put(
        "completed_on",
        e.completed_on
            .and_then(|d| printed_date(&norm, d))
            .or(e.completed_on.map(|_| String::new())),
    );
    put(
        "expires_on",
        e.expires_on
            .and_then(|d| printed_date(&norm, d))
            .or(e.expires_on.map(|_| String::new())),
    );
    put("email", e.email.clone());
    put("certificate_id", e.certificate_id.clone());
    // The largest name-like line is a guess a text layer can afford but OCR cannot: on a
    // scan it may be the signatory's name when the holder's was misread.
    let guessed_holder = out
        .field_sources
        .iter()
        .any(|(field, source)| field == "holder" && source.starts_with("largest name-like line"));
    if guessed_holder {
        if let Some(c) = confidence.get_mut("holder") {
            *c = c.min(GUESS_CONFIDENCE);
        }
    }
    e.confidence = confidence;
    let weakest = e
        .confidence
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "holder" | "completed_on" | "expires_on"))
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(k, v)| format!("; lowest confidence {v:.0}% ({k})"))
        .unwrap_or_default();
    let turned: Vec<String> = text
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.turned != 0 || p.deskewed != 0.0)
        .map(|(i, p)| {
            let mut what = Vec::new();
            if p.turned != 0 {
                what.push(format!("turned {}°", p.turned));
            }
            if p.deskewed != 0.0 {
                what.push(format!("straightened {:.1}°", p.deskewed));
            }
            format!("page {} {}", i + 1, what.join(" and "))
        })
        .collect();
    let turned = if turned.is_empty() {
        String::new()
    } else {
        format!("; {}", turned.join(", "))
    };
    let engine = ocr::engine().map(|e| e.version.clone()).unwrap_or_default();
    e.warnings.insert(
        0,
        Warning {
            suspicious: false,
            message: format!("read by OCR ({engine}){weakest}{turned}"),
        },
    );
    for (field, source) in &mut out.field_sources {
        if let Some(c) = out.extraction.confidence.get(field.as_str()) {
            source.push_str(&format!(" · OCR confidence {c:.0}%"));
        }
    }
    out.ocr_words = text.words;
    out
}

/// The date as printed (the words OCR read for it), found again in the lines.
fn printed_date(norm: &[String], date: chrono::NaiveDate) -> Option<String> {
    for line in norm {
        for order in [DateOrder::Mdy, DateOrder::Dmy] {
            if let Some(found) = find_dates(line, order).into_iter().find(|d| d.date == date) {
                return line.get(found.start..found.end).map(str::to_string);
            }
        }
    }
    None
}
