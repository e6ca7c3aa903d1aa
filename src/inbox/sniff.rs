//! sniff: tells what a file is from its first bytes (magic numbers), so a file is read by
//! what it is rather than by its name (SPEC §3, `content_type_mismatch`). Pure; looks at bytes
//! only, never at the disk.
//!
//! | bytes | content |
//! | --- | --- |
//! | `%PDF` (within the first 1 KiB, as PDF readers allow) | PDF |
//! | ZIP (`PK\x03\x04`) holding `xl/workbook.xml` / `.bin` or an OpenDocument spreadsheet | workbook |
//! | OLE2 (`D0 CF 11 E0 A1 B1 1A E1`) | workbook (Excel 97–2003, or an encrypted `.xlsx`) |
//! | PNG, JPEG, TIFF, WebP signatures | image |
//! | anything else | text (a CSV, or a file that will say it is not one) |

use crate::findings::{Code, Finding};
use crate::roster::workbook::{self, WorkbookFormat};

/// What a file's bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// A PDF document.
    Pdf,
    /// A spreadsheet workbook (the format when known; `None` for an encrypted one).
    Workbook(Option<WorkbookFormat>),
    /// An image: `png`, `jpeg`, `tiff` or `webp`.
    Image(&'static str),
    /// Anything else: read as text.
    Text,
}

impl Content {
    /// How a message names it: "a PDF", "an Excel workbook (xlsx)", "a PNG image", "text".
    pub fn describe(self) -> String {
        match self {
            Content::Pdf => "a PDF".to_string(),
            Content::Workbook(Some(WorkbookFormat::Ods)) => {
                "an OpenDocument spreadsheet (ods)".to_string()
            }
            Content::Workbook(Some(format)) => format!("an Excel workbook ({})", format.as_str()),
            Content::Workbook(None) => "an encrypted Excel workbook".to_string(),
            Content::Image(kind) => format!("a {} image", kind.to_uppercase()),
            Content::Text => "text".to_string(),
        }
    }

    /// Whether a file named `name` would be expected to hold this content: `.pdf` a PDF,
    /// `.csv`/`.tsv`/`.txt` text, a workbook extension a workbook, an image extension an
    /// image. Names with other extensions expect nothing in particular (true).
    pub fn matches_name(self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        let extension = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
        match extension {
            "pdf" => self == Content::Pdf,
            "csv" | "tsv" | "txt" => self == Content::Text,
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => matches!(self, Content::Workbook(_)),
            "png" | "jpg" | "jpeg" | "tif" | "tiff" | "webp" => matches!(self, Content::Image(_)),
            _ => true,
        }
    }
}

/// The `content_type_mismatch` finding (info) for `file`, whose bytes are `content`.
pub fn mismatch_finding(file: &str, content: Content) -> Finding {
    let extension = file
        .rsplit_once('.')
        .map_or(String::new(), |(_, ext)| format!(".{ext}"));
    let proper = match content {
        Content::Pdf => ".pdf",
        Content::Workbook(Some(format)) => match format {
            WorkbookFormat::Xlsx => ".xlsx",
            WorkbookFormat::Xlsb => ".xlsb",
            WorkbookFormat::Xls => ".xls",
            WorkbookFormat::Ods => ".ods",
        },
        Content::Workbook(None) => ".xlsx",
        Content::Image("jpeg") => ".jpg",
        Content::Image("png") => ".png",
        Content::Image("tiff") => ".tif",
        Content::Image(_) => ".webp",
        Content::Text => ".csv",
    };
    Finding::new(
        Code::ContentTypeMismatch,
        format!(
            "{file} is named {} but holds {}; it was read by its contents.",
            if extension.is_empty() {
                "without an extension".to_string()
            } else {
                format!("*{extension}")
            },
            content.describe(),
        ),
        format!("Nothing to do; renaming it to end in {proper} avoids confusion."),
    )
    .file(file)
}

/// What `bytes` are (see the module doc).
pub fn sniff(bytes: &[u8]) -> Content {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    if head.starts_with(b"%PDF") || head.windows(5).any(|w| w == b"%PDF-") {
        return Content::Pdf;
    }
    if let Some(found) = workbook::sniff(bytes) {
        return Content::Workbook(found.ok());
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Content::Image("png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Content::Image("jpeg");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Content::Image("tiff");
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Content::Image("webp");
    }
    Content::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_decide() {
        let cases: &[(&[u8], Content)] = &[
            (b"%PDF-1.7\n", Content::Pdf),
            (b"\xef\xbb\xbf%PDF-1.4", Content::Pdf),
            (b"\x89PNG\r\n\x1a\n....", Content::Image("png")),
            (b"\xff\xd8\xff\xe0", Content::Image("jpeg")),
            (b"II*\0abc", Content::Image("tiff")),
            (b"RIFF\0\0\0\0WEBPVP8 ", Content::Image("webp")),
            (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                Content::Workbook(Some(WorkbookFormat::Xls)),
            ),
            (
                b"PK\x03\x04....xl/workbook.xml",
                Content::Workbook(Some(WorkbookFormat::Xlsx)),
            ),
            (b"PK\x03\x04 some other zip", Content::Text),
            (b"First Name,Last Name\r\n", Content::Text),
            (b"", Content::Text),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(bytes), *expected, "{bytes:?}");
        }
    }

    #[test]
    fn names_say_what_they_should_hold() {
        let xlsx = Content::Workbook(Some(WorkbookFormat::Xlsx));
        assert!(!xlsx.matches_name("roster.csv"));
        assert!(xlsx.matches_name("roster.XLSX"));
        assert!(!Content::Pdf.matches_name("notes.txt"));
        assert!(Content::Pdf.matches_name("cert.pdf"));
        assert!(!Content::Text.matches_name("cert.pdf"));
        assert!(Content::Text.matches_name("README"));
        assert_eq!(xlsx.describe(), "an Excel workbook (xlsx)");
    }
}
