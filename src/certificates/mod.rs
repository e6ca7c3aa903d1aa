//! certificates: reads one certificate PDF into an [`Extraction`] (kind, course, holder,
//! dates, email, id, warnings). Pure over bytes: it never touches the inbox or the network,
//! and every limit of SPEC §5 is enforced here, so one hostile file can only ever produce
//! its own `unreadable` result.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod analyse;
mod cmap;
mod dates;
mod embedded;
mod fields;
mod fonts;
mod glyphs;
#[cfg(test)]
mod hostile_tests;
mod layout;
pub mod ocr;
mod pdf_text;
#[cfg(test)]
mod producer_tests;
mod raster;
pub(crate) mod readers;
mod scanned;
mod template;
mod text;

pub use dates::DateOrder;
pub use ocr::{OcrWord, PagePreparation};

/// Bumped whenever extraction output may change for the same bytes; part of the cache key.
/// When bumping it, re-run the certificate corpus tests (`cargo test --test cli certificates`).
pub const EXTRACTOR_VERSION: u32 = 3;

/// The lowest OCR confidence (Tesseract's 0–100 word confidence, the weakest word of a field)
/// at which a holder name or date read from a scan is credited without a person looking.
/// Measured on degraded scans: see `benches/README.md` (OCR accuracy).
pub const OCR_SAFE_CONFIDENCE: f64 = 91.0;

mod course;

pub use course::{CertificateKind, Course, CourseIdError};

/// The outcome of reading one certificate (the `status` of `inspect --json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractionStatus {
    /// Recognised and read.
    Ok,
    /// A PDF with no text layer.
    NeedsOcr,
    /// Corrupt, encrypted with a password, not a PDF, or over a limit.
    Unreadable,
    /// Readable text, but no template recognised it (or a required field is missing).
    Unrecognized,
}

impl ExtractionStatus {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtractionStatus::Ok => "ok",
            ExtractionStatus::NeedsOcr => "needs_ocr",
            ExtractionStatus::Unreadable => "unreadable",
            ExtractionStatus::Unrecognized => "unrecognized",
        }
    }
}

/// A note about an extraction. `suspicious` warnings produce `suspicious_certificate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// True when the warning is a sign of tampering (edited after issue, foreign producer,
    /// impossible date).
    pub suspicious: bool,
    /// What was noticed, in words.
    pub message: String,
}

/// Everything read from one certificate PDF (SPEC §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Outcome.
    pub status: ExtractionStatus,
    /// Issuer kind, when recognised.
    pub kind: Option<CertificateKind>,
    /// Canonical course, when recognised.
    pub course: Option<Course>,
    /// The course title as printed.
    pub course_title: Option<String>,
    /// The holder's name as printed.
    pub holder: Option<String>,
    /// Completion date.
    pub completed_on: Option<NaiveDate>,
    /// Expiry date, if printed.
    pub expires_on: Option<NaiveDate>,
    /// The holder's email, if printed.
    pub email: Option<String>,
    /// The certificate or completion id, if printed.
    pub certificate_id: Option<String>,
    /// Name of the issuer template that matched.
    pub template: Option<String>,
    /// Notes, some of them signs of tampering.
    pub warnings: Vec<Warning>,
    /// Why the file is unreadable or unrecognized.
    pub error: Option<String>,
    /// True when the fields were read by OCR (an image, or a PDF page without text).
    #[serde(default)]
    pub ocr: bool,
    /// For a file read by OCR: each field's confidence (0–100, its weakest word), by field
    /// name (`holder`, `completed_on`, `expires_on`, `course_title`, `email`,
    /// `certificate_id`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence: BTreeMap<String, f64>,
}

impl Extraction {
    /// An extraction that failed with `status` for `reason`.
    pub fn failed(status: ExtractionStatus, reason: impl Into<String>) -> Self {
        Extraction {
            status,
            kind: None,
            course: None,
            course_title: None,
            holder: None,
            completed_on: None,
            expires_on: None,
            email: None,
            certificate_id: None,
            template: None,
            warnings: Vec::new(),
            error: Some(reason.into()),
            ocr: false,
            confidence: BTreeMap::new(),
        }
    }

    /// For a file read by OCR: the holder name and dates read below
    /// [`OCR_SAFE_CONFIDENCE`], as (field, value read, confidence). Empty otherwise.
    pub fn ocr_uncertain_fields(&self) -> Vec<(&'static str, String, f64)> {
        if !self.ocr || self.status != ExtractionStatus::Ok {
            return Vec::new();
        }
        let mut out = Vec::new();
        let fields: [(&'static str, Option<String>); 3] = [
            ("holder", self.holder.clone()),
            ("completed_on", self.completed_on.map(|d| d.to_string())),
            ("expires_on", self.expires_on.map(|d| d.to_string())),
        ];
        for (name, value) in fields {
            let Some(value) = value else { continue };
            let confidence = self.confidence.get(name).copied().unwrap_or(0.0);
            if confidence < OCR_SAFE_CONFIDENCE {
                out.push((name, value, confidence));
            }
        }
        out
    }
}

/// Per-file limits (SPEC §5); exceeding one makes that file `unreadable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Most bytes decompressed from one file's streams.
    pub max_decompressed_bytes: u64,
    /// Most pages read.
    pub max_pages: usize,
    /// Most time spent on one file.
    pub time_per_file: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_decompressed_bytes: 256 * 1024 * 1024,
            max_pages: 10,
            time_per_file: Duration::from_secs(10),
        }
    }
}

/// The issuer templates in use: built-in plus the user's own, compiled once.
#[derive(Clone, Debug)]
pub struct TemplateSet {
    inner: template::Templates,
}

impl Default for TemplateSet {
    fn default() -> Self {
        Self::builtin()
    }
}

impl TemplateSet {
    /// The built-in templates only.
    pub fn builtin() -> Self {
        TemplateSet {
            inner: template::Templates::builtin(),
        }
    }

    /// Built-in templates plus every `*.toml` in `user_dir`. User templates are tried first;
    /// one with a built-in's name replaces it. A bad user template is an error naming the file.
    pub fn load(user_dir: Option<&std::path::Path>) -> anyhow::Result<Self> {
        match user_dir {
            Some(dir) => Ok(TemplateSet {
                inner: template::Templates::load(dir)?,
            }),
            None => Ok(Self::builtin()),
        }
    }

    /// A short hash of every template's source, part of the cache key.
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint.clone()
    }

    /// Template names, in the order they are tried.
    pub fn names(&self) -> Vec<String> {
        self.inner.list.iter().map(|t| t.name.clone()).collect()
    }
}

/// How one template fared on a certificate (for `inspect`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateTrial {
    /// Template name.
    pub template: String,
    /// True when its issuer keywords and a course title matched.
    pub matched: bool,
    /// What matched, or which keyword or field was missing.
    pub why: String,
}

/// An extraction with the evidence behind it (for `coachcheck inspect` in human mode).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// The extraction itself.
    pub extraction: Extraction,
    /// The page text as read, one line per text line; pages separated by a
    /// `--- page N ---` line.
    pub text: String,
    /// Pages read.
    pub pages: usize,
    /// The PDF's `/Producer` (or `/Creator` when no producer is recorded).
    pub producer: Option<String>,
    /// Every template tried, in order.
    pub trials: Vec<TemplateTrial>,
    /// (field, where it came from), e.g. `("holder", "after 'presented to'")`.
    pub field_sources: Vec<(String, String)>,
    /// For a file read by OCR: every word read with its confidence, and what was done to
    /// each page (turn, deskew, scale) before reading it. Empty otherwise.
    pub ocr_words: Vec<OcrWord>,
    /// For a file read by OCR: what was done to each page before reading it.
    pub ocr_pages: Vec<PagePreparation>,
}

/// Reads one certificate from its bytes. Never panics on hostile input (callers still wrap it
/// in `catch_unwind`), and never exceeds `limits`.
pub fn extract(bytes: &[u8], limits: &Limits, templates: &TemplateSet) -> Extraction {
    explain(bytes, limits, templates).extraction
}

/// Like [`extract`], with the text read, every template trial and the source of each field.
pub fn explain(bytes: &[u8], limits: &Limits, templates: &TemplateSet) -> Explanation {
    analyse::run(bytes, limits, &templates.inner)
}
