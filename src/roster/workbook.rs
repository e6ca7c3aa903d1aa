//! workbook: reads Excel and OpenDocument workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) with
//! calamine and hands every worksheet, as rows of text, to the same classifier the CSV reader
//! uses ([`super::read_rows`]): each sheet becomes one [`CsvFile`] named `WORKBOOK#SHEET`
//! whose lines are the sheet's 1-based row numbers. Never writes, and parses no zip or XML by
//! hand.
//!
//! Cells become the text a CSV export would hold: text as is, whole numbers without `.0`
//! (member ids), dates stored as Excel dates as `YYYY-MM-DD`, booleans as `TRUE`/`FALSE`,
//! error cells (`#N/A`) blank. Text dates and numbers stored as text are then read by the
//! roster's own parsers. Merged cells keep their value in the first cell, as Excel's own CSV
//! export does, so a merged title or group header above the real header is skipped like a
//! CSV preamble.
//!
//! It refuses: a password-protected (encrypted) workbook and a damaged one are one
//! `unreadable_file` finding naming the file with the reason. Bounds: at most
//! [`MAX_COLUMNS`] columns and [`MAX_CELLS`] non-empty cells per workbook are read (the rest
//! is noted), so a hostile sheet cannot make it allocate without bound.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use csv::StringRecord;

use crate::findings::{Code, Finding};
use crate::roster::{read_rows, CsvFile, CsvKind, CsvOptions, RowSource};

/// Columns read per row; cells further right are ignored (a roster has a few dozen).
pub const MAX_COLUMNS: u32 = 1024;
/// Non-empty cells read per workbook.
pub const MAX_CELLS: usize = 20_000_000;
/// Most bytes the parts of a zipped workbook (`.xlsx`, `.ods`) may declare uncompressed
/// (the same bound as a PDF's decompressed bytes, SPEC §5).
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;

/// The container formats a workbook comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookFormat {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl WorkbookFormat {
    /// The usual extension, without the dot.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkbookFormat::Xlsx => "xlsx",
            WorkbookFormat::Xlsb => "xlsb",
            WorkbookFormat::Xls => "xls",
            WorkbookFormat::Ods => "ods",
        }
    }
}

/// What a workbook's bytes say it is: `Ok(format)`, or `Err(reason)` for an encrypted one.
/// `None` when the bytes are no workbook (not a ZIP with a workbook part, not OLE2).
pub fn sniff(bytes: &[u8]) -> Option<Result<WorkbookFormat, String>> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An encrypted .xlsx is an OLE2 file holding an "EncryptedPackage" stream.
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if contains(bytes, &marker) {
            return Some(Err(PASSWORD.to_string()));
        }
        return Some(Ok(WorkbookFormat::Xls));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // File names are stored in clear in the local headers and central directory.
        if contains(bytes, b"xl/workbook.bin") {
            return Some(Ok(WorkbookFormat::Xlsb));
        }
        if contains(bytes, b"xl/workbook.xml")
            || contains(bytes, b"xl/_rels")
            || contains(bytes, b"xl/worksheets/")
        {
            return Some(Ok(WorkbookFormat::Xlsx));
        }
        if contains(bytes, b"application/vnd.oasis.opendocument.spreadsheet") {
            return Some(Ok(WorkbookFormat::Ods));
        }
    }
    None
}

const PASSWORD: &str = "the workbook is password protected (encrypted)";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// Reads every worksheet of a workbook. `file` is the inbox-relative name; each sheet comes
/// back as a [`CsvFile`] named `file#SHEET`. Never fails: an unreadable workbook is one
/// [`CsvKind::Unknown`] entry named `file` with an `unreadable_file` finding.
#[tracing::instrument(level = "debug", skip_all, fields(file = %file))]
pub fn read_workbook(file: &str, bytes: &[u8], options: &CsvOptions) -> Vec<CsvFile> {
    let format = match sniff(bytes) {
        Some(Ok(format)) => format,
        Some(Err(reason)) => return vec![unreadable(file, &reason)],
        // Not recognisably a workbook: let the format the name claims explain what is wrong.
        None => match file
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
        {
            Some(ext) if ext == "xls" => WorkbookFormat::Xls,
            Some(ext) if ext == "ods" => WorkbookFormat::Ods,
            _ => WorkbookFormat::Xlsx,
        },
    };
    if matches!(
        format,
        WorkbookFormat::Xlsx | WorkbookFormat::Ods | WorkbookFormat::Xlsb
    ) {
        if let Err(reason) = check_zip_sizes(bytes) {
            return vec![unreadable(file, &reason)];
        }
    }
    // calamine parses hostile bytes; a bug there becomes this file's finding, not a crash.
    let read =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheets(format, bytes)));
    let sheets = match read {
        Ok(sheets) => sheets,
        Err(_) => Err("internal error while reading the workbook (it is malformed)".to_string()),
    };
    let sheets = match sheets {
        Ok(sheets) => sheets,
        Err(reason) => return vec![unreadable(file, &reason)],
    };
    if sheets.is_empty() {
        return vec![unreadable(file, "the workbook has no worksheet")];
    }
    sheets
        .into_iter()
        .map(|sheet| table_of_sheet(file, format, sheet, options))
        .collect()
}

/// Refuses a zipped workbook whose parts declare more than [`MAX_UNZIPPED_BYTES`].
fn check_zip_sizes(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // calamine reports the damage in its own words.
        return Ok(());
    };
    let mut total = 0u64;
    for index in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(index) {
            total = total.saturating_add(part.size());
        }
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(format!(
            "the workbook unpacks to {} MiB, over the {} MiB limit",
            total / (1024 * 1024),
            MAX_UNZIPPED_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Opens the workbook and reads every worksheet's cells.
fn read_sheets(format: WorkbookFormat, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    match format {
        WorkbookFormat::Xlsx => calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
            .map_err(|e| describe(&e.to_string()))
            .and_then(read_xlsx),
        WorkbookFormat::Xls => calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes))
            .map_err(|e| match e {
                calamine::XlsError::Password => PASSWORD.to_string(),
                other => describe(&other.to_string()),
            })
            .and_then(read_ranges),
        WorkbookFormat::Ods => calamine::open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes))
            .map_err(|e| match e {
                calamine::OdsError::Password => PASSWORD.to_string(),
                other => describe(&other.to_string()),
            })
            .and_then(read_ranges),
        WorkbookFormat::Xlsb => calamine::open_workbook_from_rs::<Xlsb<_>, _>(Cursor::new(bytes))
            .map_err(|e| describe(&e.to_string()))
            .and_then(read_ranges),
    }
}

/// One sheet through the shared classifier.
fn table_of_sheet(
    file: &str,
    format: WorkbookFormat,
    sheet: Sheet,
    options: &CsvOptions,
) -> CsvFile {
    let out = CsvFile {
        file: format!("{file}#{}", sheet.name),
        kind: CsvKind::Unknown,
        encoding: format.as_str().to_string(),
        delimiter: '\t',
        columns: Vec::new(),
        rows: 0,
        roster_rows: Vec::new(),
        background_rows: Vec::new(),
        findings: Vec::new(),
        notes: sheet.notes.clone(),
        sheet: Some(sheet.name.clone()),
        header_row: None,
    };
    if sheet.rows.is_empty() {
        let mut out = out;
        out.notes.push("the sheet is empty".to_string());
        return out;
    }
    let mut rows = SheetRows {
        rows: sheet.rows.into_iter(),
    };
    read_rows(out, &mut rows, options)
}

/// A damaged workbook's reason, in words.
fn describe(error: &str) -> String {
    let short: String = error.chars().take(200).collect();
    format!("the workbook is damaged or not a workbook ({short})")
}

/// One CsvFile for a workbook that could not be read.
fn unreadable(file: &str, reason: &str) -> CsvFile {
    CsvFile {
        file: file.to_string(),
        kind: CsvKind::Unknown,
        encoding: String::new(),
        delimiter: '\t',
        columns: Vec::new(),
        rows: 0,
        roster_rows: Vec::new(),
        background_rows: Vec::new(),
        findings: vec![Finding::new(
            Code::UnreadableFile,
            format!("Could not read {file}: {reason}."),
            if reason == PASSWORD {
                format!("Open {file}, remove its password (File > Info > Protect Workbook), save it and drop it in the inbox again; or export the roster as CSV.")
            } else {
                format!("Export the roster again from the registration system (or save {file} again from Excel) and drop the new file in the inbox.")
            },
        )
        .file(file)],
        notes: Vec::new(),
        sheet: None,
        header_row: None,
    }
}

/// A worksheet's non-empty cells as text, by row: (1-based row, [(0-based column, text)]).
struct Sheet {
    name: String,
    rows: Vec<(u64, Vec<(u32, String)>)>,
    notes: Vec<String>,
}

/// Collects cells (in any order) into rows, within the bounds.
#[derive(Default)]
struct Collector {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
    cells: usize,
    cut_columns: bool,
}

impl Collector {
    /// Adds a cell; false once the workbook's cell budget is spent.
    fn add(&mut self, row: u32, column: u32, text: String, budget: &mut usize) -> bool {
        if text.is_empty() {
            return true;
        }
        if column >= MAX_COLUMNS {
            self.cut_columns = true;
            return true;
        }
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        self.cells += 1;
        self.rows.entry(row).or_default().push((column, text));
        true
    }

    fn finish(self, name: String, truncated: bool) -> Sheet {
        let mut notes = Vec::new();
        if self.cut_columns {
            notes.push(format!("cells right of column {MAX_COLUMNS} ignored"));
        }
        if truncated {
            notes.push(format!(
                "the workbook holds more than {MAX_CELLS} filled cells; the rest was not read"
            ));
        }
        let rows = self
            .rows
            .into_iter()
            .map(|(row, mut cells)| {
                cells.sort_by_key(|(column, _)| *column);
                (u64::from(row) + 1, cells)
            })
            .collect();
        Sheet { name, rows, notes }
    }
}

/// Worksheet names, in workbook order (chart and dialog sheets left out).
fn worksheet_names<RS, R: Reader<RS>>(workbook: &R) -> Vec<String>
where
    RS: std::io::Read + std::io::Seek,
{
    workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect()
}

/// `.xlsx`: cells are streamed, so a sheet claiming a huge range costs nothing.
fn read_xlsx(mut workbook: Xlsx<Cursor<&[u8]>>) -> Result<Vec<Sheet>, String> {
    let mut budget = MAX_CELLS;
    let mut sheets = Vec::new();
    for name in worksheet_names(&workbook) {
        let mut collector = Collector::default();
        let mut truncated = false;
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| describe(&e.to_string()))?;
        loop {
            match reader.next_cell() {
                Ok(Some(cell)) => {
                    let (row, column) = cell.get_position();
                    if !collector.add(row, column, text_of_ref(cell.get_value()), &mut budget) {
                        truncated = true;
                        break;
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    return Err(format!(
                        "the sheet {name:?} is damaged ({})",
                        error.to_string().chars().take(200).collect::<String>()
                    ))
                }
            }
        }
        drop(reader);
        sheets.push(collector.finish(name, truncated));
    }
    Ok(sheets)
}

/// `.xls`, `.ods`, `.xlsb`: calamine reads each sheet into a range.
fn read_ranges<RS, R>(mut workbook: R) -> Result<Vec<Sheet>, String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut budget = MAX_CELLS;
    let mut sheets = Vec::new();
    for name in worksheet_names(&workbook) {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| describe(&e.to_string()))?;
        let (row0, column0) = range.start().unwrap_or((0, 0));
        let mut collector = Collector::default();
        let mut truncated = false;
        for (row, column, value) in range.used_cells() {
            let row = row0.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
            let column = column0.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
            if !collector.add(row, column, text_of(value), &mut budget) {
                truncated = true;
                break;
            }
        }
        sheets.push(collector.finish(name, truncated));
    }
    Ok(sheets)
}

/// A number as a CSV export writes it: `12345` for a whole number, else as is.
fn number_text(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn date_text(value: &calamine::ExcelDateTime) -> String {
    if value.is_duration() {
        return number_text(value.as_f64());
    }
    let (year, month, day, ..) = value.to_ymd_hms_milli();
    format!("{year:04}-{month:02}-{day:02}")
}

/// A cell's text (see the module doc).
fn text_of(value: &Data) -> String {
    match value {
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(date) => date_text(date),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn text_of_ref(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_string(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number_text(*number),
        DataRef::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(date) => date_text(date),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// The rows of one sheet, fed to the shared classifier. Gaps between filled cells become
/// empty fields, so column positions match the header's.
struct SheetRows {
    rows: std::vec::IntoIter<(u64, Vec<(u32, String)>)>,
}

impl RowSource for SheetRows {
    fn next_row(&mut self, record: &mut StringRecord) -> Option<u64> {
        let (row, cells) = self.rows.next()?;
        record.clear();
        let mut next_column = 0u32;
        for (column, text) in &cells {
            while next_column < *column {
                record.push_field("");
                next_column += 1;
            }
            record.push_field(text);
            next_column += 1;
        }
        Some(row)
    }

    fn rows_hint(&self) -> usize {
        self.rows.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_like_a_csv_export() {
        assert_eq!(number_text(12345.0), "12345");
        assert_eq!(number_text(3.5), "3.5");
        let date =
            calamine::ExcelDateTime::new(45632.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(text_of(&Data::DateTime(date)), "2024-12-06");
        let date_1904 =
            calamine::ExcelDateTime::new(44170.0, calamine::ExcelDateTimeType::DateTime, true);
        assert_eq!(text_of(&Data::DateTime(date_1904)), "2024-12-06");
        assert_eq!(text_of(&Data::Bool(true)), "TRUE");
        assert_eq!(text_of(&Data::Error(calamine::CellErrorType::NA)), "");
        assert_eq!(text_of(&Data::String("00123".into())), "00123");
    }

    #[test]
    fn sniffing_tells_formats_apart() {
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b"First Name,Last Name\n"), None);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(sniff(&ole), Some(Ok(WorkbookFormat::Xls)));
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(sniff(&ole), Some(Err(_))));
    }

    #[test]
    fn garbage_is_one_unreadable_finding_naming_the_file() {
        for bytes in [
            &b"PK\x03\x04 not really"[..],
            b"",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xx",
        ] {
            let sheets = read_workbook("roster.xlsx", bytes, &CsvOptions::default());
            assert_eq!(sheets.len(), 1);
            let sheet = sheets.first().unwrap();
            assert_eq!(sheet.kind, CsvKind::Unknown);
            let codes: Vec<_> = sheet
                .findings
                .iter()
                .map(|f| (f.code, f.file.clone()))
                .collect();
            assert_eq!(
                codes,
                [(Code::UnreadableFile, Some("roster.xlsx".to_string()))]
            );
        }
    }
}
