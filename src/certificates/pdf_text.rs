//! PDF → positioned text, with every limit of SPEC §5 enforced.
//!
//! Loads the document with lopdf (stream decompression bounded; object streams pre-counted
//! against the per-file budget), walks at most `max_pages` pages of the page tree
//! (cycle-safe), and interprets each content stream: text state (`Tc Tw Tz TL Ts Tf`),
//! positioning (`Td TD Tm T* ' "`), `TJ` kerning, the `cm`/`q`/`Q` CTM stack, and Form
//! XObjects (bounded depth and count, cycle-safe). Glyphs are placed in page space and handed
//! to [`super::layout`]. A deadline is checked inside every loop; image streams are never
//! decoded.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::fonts::{number, Decoded, Font};
use super::layout::{build_lines, Glyph, Line, PageBox};
use super::Limits;

/// Deepest Form XObject nesting followed.
const MAX_FORM_DEPTH: usize = 12;
/// Most Form XObjects drawn per page (guards against fan-out bombs).
const MAX_FORMS_PER_PAGE: usize = 2_000;
/// Most glyphs kept per file.
const MAX_GLYPHS: usize = 200_000;
/// Deepest `q` nesting tracked.
const MAX_STATE_STACK: usize = 512;
/// Deepest `/Parent` chain followed for inherited page attributes.
const MAX_PARENT_DEPTH: usize = 64;
/// Largest single stream lopdf may inflate while loading (object and xref streams).
const MAX_LOAD_STREAM: u64 = 32 * 1024 * 1024;

/// Why reading stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stop(pub String);

/// The per-file budget: decompressed bytes left and the deadline.
#[derive(Debug)]
pub(crate) struct Budget {
    remaining: u64,
    limit: u64,
    deadline: Instant,
    /// Set once a limit was hit.
    pub stop: Option<Stop>,
}

impl Budget {
    /// A budget of `bytes` decompressed bytes until `deadline`.
    pub(crate) fn new(bytes: u64, deadline: Instant) -> Budget {
        Budget {
            remaining: bytes,
            limit: bytes,
            deadline,
            stop: None,
        }
    }

    /// Decodes a stream within the remaining budget.
    pub(crate) fn decode(&mut self, s: &Stream) -> Result<Vec<u8>, Stop> {
        self.check_time()?;
        if self.remaining == 0 {
            return Err(self.exceeded());
        }
        let cap = usize::try_from(self.remaining).unwrap_or(usize::MAX);
        match s.decompressed_content_with_limit(cap) {
            Ok(data) => {
                self.charge(data.len() as u64)?;
                Ok(data)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(self.exceeded()),
            // Undecodable: fall back to the raw bytes (some producers mislabel filters).
            Err(_) if s.filters().map_or(true, |f| f.is_empty()) => {
                self.charge(s.content.len() as u64)?;
                Ok(s.content.clone())
            }
            Err(_) => Ok(Vec::new()),
        }
    }

    /// Counts `n` decompressed bytes against the budget.
    pub(crate) fn charge(&mut self, n: u64) -> Result<(), Stop> {
        if n > self.remaining {
            self.remaining = 0;
            return Err(self.exceeded());
        }
        self.remaining -= n;
        Ok(())
    }

    fn exceeded(&mut self) -> Stop {
        let stop = Stop(format!(
            "over the limit of {} decompressed bytes",
            self.limit
        ));
        self.stop = Some(stop.clone());
        stop
    }

    /// Fails once the deadline has passed.
    pub(crate) fn check_time(&mut self) -> Result<(), Stop> {
        if Instant::now() > self.deadline {
            let stop = Stop("took longer than the time limit".into());
            self.stop = Some(stop.clone());
            return Err(stop);
        }
        Ok(())
    }
}

/// Follows references (bounded) to the object they name.
pub(crate) fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// Everything read from one PDF.
#[derive(Clone, Debug, Default)]
pub(crate) struct PdfText {
    /// Rebuilt lines, page by page, in reading order.
    pub lines: Vec<Line>,
    /// Pages read.
    pub pages: usize,
    /// `/Producer` of the Info dictionary.
    pub producer: Option<String>,
    /// `/Creator` of the Info dictionary.
    pub creator: Option<String>,
    /// `/CreationDate`, in UTC.
    pub created: Option<NaiveDateTime>,
    /// `/ModDate`, in UTC.
    pub modified: Option<NaiveDateTime>,
    /// Images drawn (XObjects and inline images).
    pub images: usize,
    /// Glyphs shown.
    pub glyphs: usize,
    /// Glyphs whose Unicode text is unknown.
    pub unmapped: usize,
    /// Object numbers that make up the pages' appearance (pages, contents, forms, fonts).
    pub page_objects: HashSet<u32>,
    /// Why the file looks damaged (truncated, cross-reference table rebuilt), if it does.
    pub damaged: Option<String>,
}

/// Why a PDF could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unreadable(pub String);

/// Reads the text of a PDF within `limits`.
pub(crate) fn read(
    bytes: &[u8],
    limits: &Limits,
    deadline: Instant,
) -> Result<PdfText, Unreadable> {
    let mut budget = Budget::new(limits.max_decompressed_bytes, deadline);
    precount_object_streams(bytes, &mut budget).map_err(|s| Unreadable(s.0))?;
    let per_stream = budget.remaining.min(MAX_LOAD_STREAM);
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(usize::try_from(per_stream).unwrap_or(usize::MAX)),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options)
        .map_err(|e| Unreadable(describe_load_error(bytes, &e)))?;
    budget.check_time().map_err(|s| Unreadable(s.0))?;

    if doc.trailer.has(b"Encrypt") && !doc.was_encrypted() {
        return Err(Unreadable("encrypted, password required".into()));
    }

    let mut out = PdfText::default();
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        out.damaged = Some("truncated PDF (no end-of-file marker)".into());
    } else if matches!(
        doc.xref_recovery,
        Some(lopdf::xref::XrefRecovery::Reconstructed)
    ) {
        out.damaged = Some("damaged PDF (cross-reference table rebuilt)".into());
    }
    read_info(&doc, &mut out);

    let mut seen = HashSet::new();
    let mut page_ids = Vec::new();
    for id in doc.page_iter() {
        budget.check_time().map_err(|s| Unreadable(s.0))?;
        if !seen.insert(id) {
            continue;
        }
        if page_ids.len() >= limits.max_pages {
            return Err(Unreadable(format!(
                "more than {} pages (the page limit)",
                limits.max_pages
            )));
        }
        page_ids.push(id);
    }
    if page_ids.is_empty() {
        return Err(Unreadable(if bytes.len() < 64 {
            "truncated or empty PDF (no pages)".into()
        } else {
            "no readable pages (damaged or truncated PDF)".into()
        }));
    }

    let mut fonts = FontCache::default();
    let mut total_glyphs = 0usize;
    for (index, page_id) in page_ids.iter().enumerate() {
        let mut interp = Interpreter::new(&doc, &mut budget, &mut fonts, total_glyphs);
        let page = doc.get_dictionary(*page_id).ok();
        let resources = page.and_then(|p| inherited(&doc, p, b"Resources"));
        let resources = resources.and_then(|o| o.as_dict().ok());
        let page_box = page
            .and_then(|p| {
                inherited(&doc, p, b"CropBox").or_else(|| inherited(&doc, p, b"MediaBox"))
            })
            .and_then(rect)
            .unwrap_or((0.0, 0.0, 612.0, 792.0));
        out.page_objects.insert(page_id.0);
        let mut content = Vec::new();
        for cid in doc.get_page_contents(*page_id) {
            out.page_objects.insert(cid.0);
            if let Ok(stream) = doc.get_object(cid).and_then(Object::as_stream) {
                let data = interp.budget.decode(stream).map_err(|s| Unreadable(s.0))?;
                content.extend_from_slice(&data);
                content.push(b'\n');
            }
        }
        interp
            .run(&content, resources, Matrix::IDENTITY, 0)
            .map_err(|s| Unreadable(s.0))?;
        if let Some(page) = page {
            interp.draw_annotations(page).map_err(|s| Unreadable(s.0))?;
        }
        out.images += interp.images;
        out.unmapped += interp.unmapped;
        out.page_objects.extend(interp.touched.iter().copied());
        total_glyphs += interp.glyphs.len();
        out.glyphs += interp.glyphs.len();
        let glyphs = std::mem::take(&mut interp.glyphs);
        drop(interp);
        out.lines.extend(build_lines(&glyphs, page_box, index));
    }
    out.pages = page_ids.len();
    Ok(out)
}

/// Explains a lopdf load failure in words, with a hint for common causes.
fn describe_load_error(bytes: &[u8], e: &lopdf::Error) -> String {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            "over the decompressed-bytes limit while loading".into()
        }
        _ if !has_eof => format!("truncated PDF (no end-of-file marker): {e}"),
        _ => format!("damaged PDF: {e}"),
    }
}

/// Counts what lopdf will inflate eagerly at load (object streams) against the budget, by
/// inflating each into a sink that stops at the remaining budget.
fn precount_object_streams(bytes: &[u8], budget: &mut Budget) -> Result<(), Stop> {
    use std::io::Read;
    let needle = b"/ObjStm";
    let mut pos = 0;
    while let Some(found) = find(&bytes[pos..], needle) {
        budget.check_time()?;
        let at = pos + found;
        pos = at + needle.len();
        let Some(s) = find(&bytes[pos..], b"stream") else {
            break;
        };
        let mut start = pos + s + 6;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let Some(data) = bytes.get(start..) else {
            break;
        };
        let end = find(data, b"endstream").unwrap_or(data.len());
        let data = &data[..end];
        let mut decoder = flate2::read::ZlibDecoder::new(data);
        let mut buf = [0u8; 16 * 1024];
        let mut total = 0u64;
        loop {
            match decoder.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    total += n as u64;
                    if total > budget.remaining {
                        budget.charge(total)?;
                    }
                }
            }
        }
        budget.charge(total)?;
        pos = start + end;
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn read_info(doc: &Document, out: &mut PdfText) {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    let Some(info) = info else { return };
    let text = |key: &[u8]| {
        info.get(key)
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    out.producer = text(b"Producer");
    out.creator = text(b"Creator");
    out.created = text(b"CreationDate").and_then(|s| parse_pdf_date(&s));
    out.modified = text(b"ModDate").and_then(|s| parse_pdf_date(&s));
}

/// Parses a PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`) to UTC.
pub(crate) fn parse_pdf_date(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().strip_prefix("D:").unwrap_or(s.trim());
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let field = |from: usize, len: usize, default: u32| -> u32 {
        digits
            .get(from..from + len)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let year = i32::try_from(field(0, 4, 0)).ok()?;
    let date = NaiveDate::from_ymd_opt(year, field(4, 2, 1), field(6, 2, 1))?;
    let dt = date.and_hms_opt(field(8, 2, 0), field(10, 2, 0), field(12, 2, 0).min(59))?;
    let rest = &s[digits.len()..];
    let mut chars = rest.chars();
    let offset_minutes: i64 = match chars.next() {
        Some(sign @ ('+' | '-')) => {
            let nums: String = chars.filter(char::is_ascii_digit).collect();
            let h: i64 = nums.get(0..2).and_then(|v| v.parse().ok()).unwrap_or(0);
            let m: i64 = nums.get(2..4).and_then(|v| v.parse().ok()).unwrap_or(0);
            let total = h * 60 + m;
            if sign == '+' {
                total
            } else {
                -total
            }
        }
        _ => 0,
    };
    dt.checked_sub_signed(chrono::Duration::minutes(offset_minutes))
}

/// An inheritable page attribute, looked up through the `/Parent` chain.
pub(crate) fn inherited<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let mut node = page;
    let mut seen = HashSet::new();
    for _ in 0..MAX_PARENT_DEPTH {
        if let Ok(v) = node.get(key) {
            return resolve(doc, v);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        if !seen.insert(parent) {
            return None;
        }
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// A Form XObject's /Matrix (identity when absent or malformed).
fn form_matrix(doc: &Document, stream: &lopdf::Stream) -> Matrix {
    stream
        .dict
        .get(b"Matrix")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| Matrix::from_operands(a))
        .unwrap_or(Matrix::IDENTITY)
}

fn rect(o: &Object) -> Option<PageBox> {
    let a = o.as_array().ok()?;
    let v: Vec<f32> = a.iter().filter_map(number).collect();
    match v.as_slice() {
        [x0, y0, x1, y1] => Some((x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1))),
        _ => None,
    }
}

/// An affine matrix `[a b c d e f]` (row-vector convention, as in PDF).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Matrix {
    a: f32,
    b: f32,
    c: f32,
    d: f32,
    e: f32,
    f: f32,
}

impl Matrix {
    const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    fn from_operands(ops: &[Object]) -> Option<Matrix> {
        let v: Vec<f32> = ops.iter().filter_map(number).collect();
        match v.as_slice() {
            [a, b, c, d, e, f] => Some(Matrix {
                a: *a,
                b: *b,
                c: *c,
                d: *d,
                e: *e,
                f: *f,
            }),
            _ => None,
        }
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix {
            e: tx,
            f: ty,
            ..Matrix::IDENTITY
        }
    }

    /// `self × other`.
    fn mul(self, o: Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

#[derive(Default)]
struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a mut Budget,
    fonts: &'a mut FontCache,
    glyphs: Vec<Glyph>,
    glyph_room: usize,
    images: usize,
    unmapped: usize,
    forms_drawn: usize,
    form_stack: Vec<ObjectId>,
    touched: HashSet<u32>,
    decoded: Vec<Decoded>,
}

impl<'a> Interpreter<'a> {
    fn new(
        doc: &'a Document,
        budget: &'a mut Budget,
        fonts: &'a mut FontCache,
        glyphs_so_far: usize,
    ) -> Self {
        Interpreter {
            doc,
            budget,
            fonts,
            glyphs: Vec::new(),
            glyph_room: MAX_GLYPHS.saturating_sub(glyphs_so_far),
            images: 0,
            unmapped: 0,
            forms_drawn: 0,
            form_stack: Vec::new(),
            touched: HashSet::new(),
            decoded: Vec::new(),
        }
    }

    fn font_from(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = resources?
            .get(b"Font")
            .ok()
            .and_then(|o| resolve(doc, o))?
            .as_dict()
            .ok()?;
        let entry = fonts.get(name).ok()?;
        if let Ok(id) = entry.as_reference() {
            self.touched.insert(id.0);
            if let Some(f) = self.fonts.by_id.get(&id) {
                return Some(Rc::clone(f));
            }
            let dict = doc.get_dictionary(id).ok()?;
            let font = Rc::new(Font::load(doc, dict, self.budget));
            self.fonts.by_id.insert(id, Rc::clone(&font));
            return Some(font);
        }
        let dict = entry.as_dict().ok()?;
        Some(Rc::new(Font::load(doc, dict, self.budget)))
    }

    /// Interprets one content stream.
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        base: Matrix,
        depth: usize,
    ) -> Result<(), Stop> {
        let mut gs = GState {
            ctm: base,
            ..GState::default()
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        for (count, op) in Content::decode_iter(content).enumerate() {
            if count % 256 == 0 {
                self.budget.check_time()?;
            }
            let Ok(op) = op else { break };
            let args = op.operands.as_slice();
            let num = |i: usize| args.get(i).and_then(number).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < MAX_STATE_STACK => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        gs.ctm = m.mul(gs.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    gs.size = num(1);
                    gs.font = args
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| self.font_from(resources, n));
                }
                "Tc" => gs.char_spacing = num(0),
                "Tw" => gs.word_spacing = num(0),
                "Tz" => gs.hscale = num(0) / 100.0,
                "TL" => gs.leading = num(0),
                "Ts" => gs.rise = num(0),
                "Td" => {
                    tlm = Matrix::translate(num(0), num(1)).mul(tlm);
                    tm = tlm;
                }
                "TD" => {
                    gs.leading = -num(1);
                    tlm = Matrix::translate(num(0), num(1)).mul(tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).mul(tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = args.first() {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "'" => {
                    tlm = Matrix::translate(0.0, -gs.leading).mul(tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = args.first() {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "\"" => {
                    gs.word_spacing = num(0);
                    gs.char_spacing = num(1);
                    tlm = Matrix::translate(0.0, -gs.leading).mul(tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = args.get(2) {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = args.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(&gs, &mut tm, s),
                                other => {
                                    if let Some(n) = number(other) {
                                        let tx = -n / 1000.0 * gs.size * gs.hscale;
                                        tm = Matrix::translate(tx, 0.0).mul(tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "BI" => self.images += 1,
                "Do" => {
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        self.draw_xobject(resources, name, gs.ctm, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws the normal appearance of visible annotations (filled-in form fields, free text),
    /// where some certificate generators put the holder's name.
    fn draw_annotations(&mut self, page: &'a Dictionary) -> Result<(), Stop> {
        let doc = self.doc;
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
        else {
            return Ok(());
        };
        for annot in annots.iter().take(MAX_FORMS_PER_PAGE) {
            self.budget.check_time()?;
            let Some(a) = resolve(doc, annot).and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            let flags = a.get(b"F").ok().and_then(number).unwrap_or(0.0) as u32;
            if flags & 0b10 != 0 {
                continue; // hidden
            }
            let Some(area) = a
                .get(b"Rect")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(rect)
            else {
                continue;
            };
            let Some(normal) = a
                .get(b"AP")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok())
            else {
                continue;
            };
            let (id, stream) = match resolve(doc, normal) {
                Some(Object::Stream(s)) => (normal.as_reference().ok(), s),
                Some(Object::Dictionary(states)) => {
                    // Appearance states: the one named by /AS.
                    let Some(state) = a.get(b"AS").ok().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    let Some(entry) = states.get(state).ok() else {
                        continue;
                    };
                    match resolve(doc, entry) {
                        Some(Object::Stream(s)) => (entry.as_reference().ok(), s),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            if let Some(id) = id {
                self.touched.insert(id.0);
            }
            let matrix = form_matrix(doc, stream);
            let bbox = stream
                .dict
                .get(b"BBox")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(rect)
                .unwrap_or(area);
            // Map the transformed BBox onto the annotation's Rect (ISO 32000-1, 12.5.5).
            let corners = [
                (bbox.0, bbox.1),
                (bbox.2, bbox.3),
                (bbox.0, bbox.3),
                (bbox.2, bbox.1),
            ]
            .map(|(x, y)| {
                (
                    x * matrix.a + y * matrix.c + matrix.e,
                    x * matrix.b + y * matrix.d + matrix.f,
                )
            });
            let min_x = corners.iter().map(|c| c.0).fold(f32::INFINITY, f32::min);
            let max_x = corners
                .iter()
                .map(|c| c.0)
                .fold(f32::NEG_INFINITY, f32::max);
            let min_y = corners.iter().map(|c| c.1).fold(f32::INFINITY, f32::min);
            let max_y = corners
                .iter()
                .map(|c| c.1)
                .fold(f32::NEG_INFINITY, f32::max);
            let (w, h) = (max_x - min_x, max_y - min_y);
            if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
                continue;
            }
            let (sx, sy) = ((area.2 - area.0) / w, (area.3 - area.1) / h);
            let fit = Matrix {
                a: sx,
                b: 0.0,
                c: 0.0,
                d: sy,
                e: area.0 - min_x * sx,
                f: area.1 - min_y * sy,
            };
            let resources = stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|o| resolve(doc, o))
                .and_then(|o| o.as_dict().ok());
            let data = self.budget.decode(stream)?;
            self.run(&data, resources, matrix.mul(fit), 1)?;
        }
        Ok(())
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        ctm: Matrix,
        depth: usize,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let Some(xobjects) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok())
        else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let id = entry.as_reference().ok();
        let Some(stream) = resolve(doc, entry).and_then(|o| o.as_stream().ok()) else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Image") => {
                self.images += 1;
                Ok(())
            }
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH || self.forms_drawn >= MAX_FORMS_PER_PAGE {
                    return Ok(());
                }
                if let Some(id) = id {
                    if self.form_stack.contains(&id) {
                        return Ok(());
                    }
                    self.touched.insert(id.0);
                    self.form_stack.push(id);
                }
                self.forms_drawn += 1;
                let matrix = form_matrix(doc, stream);
                let form_resources = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| resolve(doc, o))
                    .and_then(|o| o.as_dict().ok())
                    .or(resources);
                let data = self.budget.decode(stream);
                let result = match data {
                    Ok(data) => self.run(&data, form_resources, matrix.mul(ctm), depth + 1),
                    Err(stop) => Err(stop),
                };
                if id.is_some() {
                    self.form_stack.pop();
                }
                result
            }
            _ => Ok(()),
        }
    }

    fn show(&mut self, gs: &GState, tm: &mut Matrix, bytes: &[u8]) {
        let fallback;
        let font: &Font = match &gs.font {
            Some(f) => f,
            None => {
                fallback = Font::fallback();
                &fallback
            }
        };
        let mut decoded = std::mem::take(&mut self.decoded);
        decoded.clear();
        font.decode(bytes, &mut decoded);
        let size = gs.size;
        let th = gs.hscale;
        for d in &decoded {
            let m = tm.mul(gs.ctm);
            let trm = Matrix {
                a: size * th,
                b: 0.0,
                c: 0.0,
                d: size,
                e: 0.0,
                f: gs.rise,
            }
            .mul(m);
            let scale_x = m.a.hypot(m.b);
            let glyph_width = d.width * size * th * scale_x;
            if d.text.is_empty() {
                self.unmapped += 1;
            }
            if self.glyph_room > 0 && !d.text.is_empty() {
                self.glyph_room -= 1;
                self.glyphs.push(Glyph {
                    text: d.text.clone(),
                    x: trm.e,
                    y: trm.f,
                    width: glyph_width,
                    size: (size * font.size_factor * m.c.hypot(m.d)).abs(),
                    angle: trm.b.atan2(trm.a).to_degrees(),
                });
            }
            let mut tx = d.width * size + gs.char_spacing;
            if d.word_space {
                tx += gs.word_spacing;
            }
            *tm = Matrix::translate(tx * th, 0.0).mul(*tm);
        }
        self.decoded = decoded;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        let d = |s| parse_pdf_date(s).map(|d| d.to_string());
        assert_eq!(
            d("D:20260303101500-08'00'").as_deref(),
            Some("2026-03-03 18:15:00")
        );
        assert_eq!(
            d("D:20260303101500Z").as_deref(),
            Some("2026-03-03 10:15:00")
        );
        assert_eq!(d("D:2026").as_deref(), Some("2026-01-01 00:00:00"));
        assert_eq!(d("garbage"), None);
        assert_eq!(d("D:20261399"), None);
    }

    #[test]
    fn matrix_product_order() {
        let scale = Matrix {
            a: 2.0,
            d: 2.0,
            ..Matrix::IDENTITY
        };
        let m = Matrix::translate(10.0, 5.0).mul(scale);
        assert_eq!((m.e, m.f), (20.0, 10.0));
    }
}
