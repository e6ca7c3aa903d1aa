//! End-to-end tests over PDFs built in code: a plain certificate, and hostile files (deep
//! nesting, reference cycles, fan-out and flate bombs, truncation, wrong file types, limits).
//! Each hostile file must produce its own `unreadable`/`needs_ocr`/`unrecognized` result
//! quickly, never a panic, a stack overflow or an unbounded allocation.

use std::io::Write;
use std::time::{Duration, Instant};

use super::*;

/// Builds a PDF from object bodies (object `n` is `objects[n - 1]`), with a correct xref.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// Objects 1–5: catalog, pages, info, page, font; the page draws `content` (object 6) with
/// `resources` extra entries.
fn one_page(content: &[u8], resources: &str, extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Producer (Test) /CreationDate (D:20260301120000Z) >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 792 612] /Contents 6 0 R \
             /Resources << /Font << /F1 5 0 R >> {resources} >> >>"
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        stream("", content),
    ];
    objs.extend(extra);
    pdf(&objs)
}

const CERT: &[u8] = b"BT /F1 28 Tf 200 500 Td (Certificate of Completion) Tj ET
BT /F1 12 Tf 300 460 Td (This certificate is presented to) Tj ET
BT /F1 26 Tf 290 420 Td [(Siob) 20 (h\xE1n O\x92Brien)] TJ ET
BT /F1 12 Tf 250 380 Td (for successfully completing the) Tj ET
BT /F1 16 Tf 270 350 Td (7v7 Online Grassroots Course) Tj ET
BT /F1 10 Tf 100 120 Td (U.S. Soccer Learning Center) Tj 0 -14 Td (Completed on March 3rd, 2026) Tj ET";

fn limits() -> Limits {
    Limits {
        time_per_file: Duration::from_secs(5),
        ..Limits::default()
    }
}

fn run(bytes: &[u8]) -> Extraction {
    extract(bytes, &limits(), &TemplateSet::builtin())
}

#[test]
fn plain_certificate_reads() {
    let e = run(&one_page(CERT, "", vec![]));
    assert_eq!(e.status, ExtractionStatus::Ok, "{e:?}");
    assert_eq!(e.course, Some(Course::Grassroots7v7));
    assert_eq!(e.holder.as_deref(), Some("Siobhán O’Brien"));
    assert_eq!(
        e.course_title.as_deref(),
        Some("7v7 Online Grassroots Course")
    );
    assert_eq!(e.completed_on, NaiveDate::from_ymd_opt(2026, 3, 3));
    assert_eq!(e.template.as_deref(), Some("us_soccer"));
}

#[test]
fn explanation_shows_text_trials_and_sources() {
    let x = explain(
        &one_page(CERT, "", vec![]),
        &limits(),
        &TemplateSet::builtin(),
    );
    assert!(x.text.contains("Siobhán O’Brien"), "{}", x.text);
    assert_eq!(x.pages, 1);
    assert_eq!(x.producer.as_deref(), Some("Test"));
    assert!(x
        .trials
        .iter()
        .any(|t| t.template == "us_soccer" && t.matched));
    assert!(x
        .trials
        .iter()
        .any(|t| t.template == "safesport" && !t.matched && t.why.contains("issuer keyword")));
    assert!(x
        .field_sources
        .iter()
        .any(|(f, s)| f == "holder" && s.contains("presented to")));
}

#[test]
fn compressed_content_and_form_xobjects() {
    // The text sits in a Form XObject drawn through a scaled CTM; the content is deflated.
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 792 612] /Resources << /Font << /F1 5 0 R >> >> /Filter /FlateDecode",
        &zlib(CERT),
    );
    let content = zlib(b"q 1 0 0 1 0 0 cm /X1 Do Q");
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 /MediaBox [0 0 792 612] >>".to_vec(),
        b"<< >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Resources << /XObject << /X1 7 0 R >> >> >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        stream("/Filter /FlateDecode", &content),
    ];
    objs.push(form);
    let e = run(&pdf(&objs));
    assert_eq!(e.status, ExtractionStatus::Ok, "{e:?}");
    assert_eq!(e.holder.as_deref(), Some("Siobhán O’Brien"));
}

#[test]
fn rotated_page_reads() {
    // The whole page drawn rotated by 90° (as a /Rotate 90 scan-style layout would be).
    let mut content = b"q 0 1 -1 0 612 0 cm\n".to_vec();
    content.extend_from_slice(CERT);
    content.extend_from_slice(b"\nQ");
    let e = run(&one_page(&content, "", vec![]));
    assert_eq!(e.status, ExtractionStatus::Ok, "{e:?}");
    assert_eq!(e.holder.as_deref(), Some("Siobhán O’Brien"));
}

#[test]
fn wrong_file_types_and_empty() {
    let cases: [(&[u8], &str); 4] = [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\0\0\0", "ZIP"),
        (b"<html><body>certificate</body></html>", "HTML"),
    ];
    for (bytes, want) in cases {
        let e = run(bytes);
        assert_eq!(e.status, ExtractionStatus::Unreadable);
        assert!(e.error.as_deref().unwrap_or("").contains(want), "{e:?}");
    }
}

#[test]
fn truncation_never_panics() {
    let full = one_page(CERT, "", vec![]);
    let fast = Limits {
        time_per_file: Duration::from_secs(2),
        ..Limits::default()
    };
    for cut in (0..full.len()).step_by(37) {
        let e = extract(&full[..cut], &fast, &TemplateSet::builtin());
        // A file cut inside its cross-reference table still holds every object and may be
        // recovered; one cut before its last object may not read as a whole certificate.
        if cut < full.len() / 2 {
            assert_ne!(e.status, ExtractionStatus::Ok, "cut at {cut}");
            assert!(e.error.is_some());
        }
    }
    let e = run(&full[..full.len() / 2]);
    assert_eq!(e.status, ExtractionStatus::Unreadable, "{e:?}");
}

#[test]
fn deep_nesting_is_harmless() {
    let mut content = b"BT /F1 12 Tf ".to_vec();
    content.extend(std::iter::repeat_n(b'[', 200_000));
    content.extend(std::iter::repeat_n(b']', 200_000));
    content.extend_from_slice(b" TJ ET");
    let e = run(&one_page(&content, "", vec![]));
    assert_ne!(e.status, ExtractionStatus::Ok);

    let mut deep = b"<< /Type /Catalog /Pages 2 0 R /X ".to_vec();
    deep.extend(std::iter::repeat_n(b'[', 100_000));
    let mut objs = vec![deep];
    objs.push(b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec());
    let e = run(&pdf(&objs));
    assert_eq!(e.status, ExtractionStatus::Unreadable);
}

#[test]
fn page_tree_cycles() {
    let objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 4 0 R 2 0 R] /Count 3 /Parent 2 0 R >>".to_vec(),
        b"<< >>".to_vec(),
        b"<< /Type /Page /Parent 4 0 R /Contents 6 0 R /Resources 4 0 R >>".to_vec(),
        b"<< >>".to_vec(),
        stream("", b"BT /F1 12 Tf (hello) Tj ET"),
    ];
    let started = Instant::now();
    let e = run(&pdf(&objs));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_ne!(e.status, ExtractionStatus::Ok);
}

#[test]
fn xobject_cycles_and_fan_out() {
    // X1 draws itself; X2 and X3 draw each other; X4 fans out 10-fold over 8 levels.
    let mut extra = vec![
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /A 7 0 R >> >>", b"/A Do"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /B 9 0 R >> >>", b"/B Do"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /C 8 0 R >> >>", b"/C Do"),
    ];
    // Objects 10..=17: level k draws level k+1 ten times.
    for k in 0..8 {
        let next = 11 + k;
        let body = if k < 7 {
            "/N Do ".repeat(10)
        } else {
            "BT /F1 1 Tf (x) Tj ET".to_string()
        };
        extra.push(stream(
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /F1 5 0 R >> /XObject << /N {next} 0 R >> >>"
            ),
            body.as_bytes(),
        ));
    }
    let content = b"/X1 Do /X2 Do /X4 Do";
    let started = Instant::now();
    let e = run(&one_page(
        content,
        "/XObject << /X1 7 0 R /X2 8 0 R /X4 10 0 R >>",
        extra,
    ));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_ne!(e.status, ExtractionStatus::Ok);
}

#[test]
fn flate_bombs_hit_the_budget() {
    let small = Limits {
        max_decompressed_bytes: 4 * 1024 * 1024,
        ..limits()
    };
    let zeros = vec![b' '; 32 * 1024 * 1024];
    let bomb = zlib(&zeros);
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>".to_vec(),
        b"<< >>".to_vec(),
    ];
    objs.push(stream("/Filter /FlateDecode", &bomb));
    let e = extract(&pdf(&objs), &small, &TemplateSet::builtin());
    assert_eq!(e.status, ExtractionStatus::Unreadable, "{e:?}");
    assert!(
        e.error.as_deref().unwrap_or("").contains("decompressed"),
        "{e:?}"
    );

    // The same bomb as an object stream, which lopdf inflates while loading.
    objs[5] = stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &bomb);
    let e = extract(&pdf(&objs), &small, &TemplateSet::builtin());
    assert_eq!(e.status, ExtractionStatus::Unreadable, "{e:?}");
}

#[test]
fn page_and_time_limits() {
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R 5 0 R 6 0 R] /Count 3 >>".to_vec(),
        b"<< >>".to_vec(),
    ];
    for _ in 0..3 {
        objs.push(b"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>".to_vec());
    }
    objs.push(stream("", b""));
    let two = Limits {
        max_pages: 2,
        ..limits()
    };
    let e = extract(&pdf(&objs), &two, &TemplateSet::builtin());
    assert_eq!(e.status, ExtractionStatus::Unreadable);
    assert!(e.error.as_deref().unwrap_or("").contains("pages"), "{e:?}");

    let none = Limits {
        time_per_file: Duration::ZERO,
        ..limits()
    };
    let e = extract(&one_page(CERT, "", vec![]), &none, &TemplateSet::builtin());
    assert_eq!(e.status, ExtractionStatus::Unreadable);
    assert!(
        e.error.as_deref().unwrap_or("").contains("time limit"),
        "{e:?}"
    );

    let tiny = Limits {
        max_file_bytes: 10,
        ..limits()
    };
    let e = extract(&one_page(CERT, "", vec![]), &tiny, &TemplateSet::builtin());
    assert!(
        e.error.as_deref().unwrap_or("").contains("over the limit"),
        "{e:?}"
    );
}

#[test]
fn image_only_needs_ocr() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
    );
    let e = run(&one_page(
        b"q 500 0 0 500 0 0 cm /Im1 Do Q",
        "/XObject << /Im1 7 0 R >>",
        vec![image],
    ));
    // Without Tesseract it waits for OCR; with it, a 1-pixel page has no text to read.
    let no_text = e.status == ExtractionStatus::Unreadable
        && e.error
            .as_deref()
            .is_some_and(|why| why.contains("too small"));
    assert!(e.status == ExtractionStatus::NeedsOcr || no_text, "{e:?}");
    let e = run(&one_page(b"", "", vec![]));
    assert_eq!(e.status, ExtractionStatus::NeedsOcr, "{e:?}");
}

#[test]
fn unknown_issuer_is_unrecognized_with_reason() {
    let e = run(&one_page(
        b"BT /F1 20 Tf 100 400 Td (Certificate of Attendance) Tj 0 -30 Td (Jane Doe) Tj 0 -30 Td (Acme Widgets Workshop, May 1, 2026) Tj ET",
        "",
        vec![],
    ));
    assert_eq!(e.status, ExtractionStatus::Unrecognized);
    assert!(
        e.error
            .as_deref()
            .unwrap_or("")
            .contains("no template matched"),
        "{e:?}"
    );
}

#[test]
fn incremental_edit_is_suspicious() {
    let mut bytes = one_page(CERT, "", vec![]);
    let forged = stream(
        "",
        &CERT
            .to_vec()
            .iter()
            .map(|b| if *b == b'7' { b'9' } else { *b })
            .collect::<Vec<u8>>(),
    );
    let at = bytes.len();
    bytes.extend_from_slice(b"6 0 obj\n");
    bytes.extend_from_slice(&forged);
    bytes.extend_from_slice(b"\nendobj\n");
    let xref = bytes.len();
    bytes.extend_from_slice(
        format!("xref\n6 1\n{at:010} 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    let e = run(&bytes);
    assert_eq!(e.course, Some(Course::Grassroots9v9), "{e:?}");
    assert!(
        e.warnings
            .iter()
            .any(|w| w.suspicious && w.message.contains("incremental")),
        "{e:?}"
    );
}

#[test]
fn encrypted_with_empty_password_reads() {
    // Made with qpdf from one plain file: RC4 40/128-bit, AES 128/256-bit, empty user password.
    let files: [(&str, &[u8]); 4] = [
        ("rc4_40", include_bytes!("testdata/rc4_40.pdf")),
        ("rc4_128", include_bytes!("testdata/rc4_128.pdf")),
        ("aes_128", include_bytes!("testdata/aes_128.pdf")),
        ("aes_256", include_bytes!("testdata/aes_256.pdf")),
    ];
    for (name, bytes) in files {
        let e = run(bytes);
        assert_eq!(e.status, ExtractionStatus::Ok, "{name}: {e:?}");
        assert_eq!(e.course, Some(Course::SafesportCore), "{name}");
        assert_eq!(e.holder.as_deref(), Some("Zoë Ang"), "{name}");
        assert_eq!(
            e.completed_on,
            NaiveDate::from_ymd_opt(2026, 1, 15),
            "{name}"
        );
    }
    let e = run(include_bytes!("testdata/user_password.pdf"));
    assert_eq!(e.status, ExtractionStatus::Unreadable);
    assert_eq!(e.error.as_deref(), Some("encrypted, password required"));
}

/// A page whose font 5 is `font` (plus `extra` objects from 7 on) drawing `content`.
fn with_font(font: &[u8], content: &[u8], extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 5 0 R /F2 99 0 R >> >> >>".to_vec(),
        font.to_vec(),
        stream("", content),
    ];
    objs.extend(extra);
    pdf(&objs)
}

#[test]
fn identity_h_font_with_tounicode() {
    // Two-byte glyph ids mapped through a ToUnicode CMap (bfchar, bfrange and array form),
    // with widths from /W; the ﬁ ligature glyph expands to "fi".
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
4 beginbfchar <0001> <0020> <0002> <0141> <0003> <FB01> <0004> <1EC5> endbfchar
2 beginbfrange <0010> <0029> <0061> <0040> <0042> [<0053> <0054> <0055>] endbfrange
endcmap end end";
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NotoSans /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 7 0 R >>";
    let descendant = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NotoSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [1 [250] 16 41 520] >>".to_vec();
    // "Łukasz" = Ł u k a s z ; "ﬁeld" ; "Nguyễn"-like letters; "SafeSport"-free text.
    let hex = |s: &[u16]| s.iter().map(|c| format!("{c:04X}")).collect::<String>();
    let a = |c: char| 0x10 + (c as u16 - 'a' as u16);
    let lukasz: Vec<u16> = vec![
        2,
        a('u'),
        a('k'),
        a('a'),
        a('s'),
        a('z'),
        1,
        0x40,
        a('m'),
        a('i'),
        a('t'),
        a('h'),
    ];
    let field: Vec<u16> = vec![3, a('e'), a('l'), a('d')];
    let content = format!(
        "BT /F1 12 Tf 100 700 Td (U.S. Soccer) Tj ET BT /F1 12 Tf 100 680 Td (This certificate is presented to) Tj ET \
         BT /F2 24 Tf 100 640 Td <{}> Tj ET BT /F2 12 Tf 100 600 Td <{}> Tj ET \
         BT /F1 12 Tf 100 560 Td (4v4 Virtual Course - completed 2026-05-01) Tj ET",
        hex(&lukasz),
        hex(&field)
    );
    let mut extra = vec![stream("", cmap), descendant];
    // Object 99 is far away; put it at the end by padding objects 9..98 with nulls.
    for _ in 9..99 {
        extra.push(b"null".to_vec());
    }
    extra.push(font.to_vec());
    let plain = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    let x = explain(
        &with_font(plain, content.as_bytes(), extra),
        &limits(),
        &TemplateSet::builtin(),
    );
    assert!(x.text.contains("Łukasz Smith"), "{}", x.text);
    assert!(x.text.contains("field"), "{}", x.text);
    assert_eq!(
        x.extraction.holder.as_deref(),
        Some("Łukasz Smith"),
        "{}",
        x.text
    );
    assert_eq!(x.extraction.course, Some(Course::Grassroots4v4));
}

#[test]
fn type3_font_with_differences() {
    // A Type3 font whose glyphs are named in /Differences, widths in glyph space (1/100).
    let font = b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 100 100] /FontMatrix [0.01 0 0 0.01 0 0] \
        /CharProcs << >> /Encoding << /Type /Encoding /Differences [65 /J /a /n /e /space /D /o /uni00EB /f_i] >> \
        /FirstChar 65 /LastChar 73 /Widths [50 50 50 50 25 60 50 50 90] >>";
    let content = b"BT /F2 12 Tf 100 700 Td (U.S. Soccer) Tj ET BT /F2 12 Tf 100 680 Td (Introduction to Grassroots Coaching) Tj ET \
        BT /F1 30 Tf 100 640 Td (ABCDEFGH) Tj ET BT /F1 12 Tf 100 600 Td (I) Tj ET \
        BT /F2 12 Tf 100 560 Td (Completion Date: 01/02/2026) Tj ET";
    let mut extra = Vec::new();
    for _ in 7..99 {
        extra.push(b"null".to_vec());
    }
    extra.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    let x = explain(
        &with_font(font, content, extra),
        &limits(),
        &TemplateSet::builtin(),
    );
    assert!(x.text.contains("Jane Doë"), "{}", x.text);
    assert!(x.text.contains("\nfi\n"), "{}", x.text);
    assert_eq!(
        x.extraction.holder.as_deref(),
        Some("Jane Doë"),
        "{}",
        x.text
    );
    assert_eq!(x.extraction.course, Some(Course::IntroGrassroots));
    // 01/02/2026 is ambiguous: read as January 2 with a (non-suspicious) warning.
    assert_eq!(
        x.extraction.completed_on,
        NaiveDate::from_ymd_opt(2026, 1, 2)
    );
    assert!(x
        .extraction
        .warnings
        .iter()
        .any(|w| !w.suspicious && w.message.contains("ambiguous")));
}

#[test]
fn filled_form_field_appearance_is_read() {
    let content = b"BT /F1 28 Tf 100 500 Td (Certificate of Completion) Tj ET
BT /F1 12 Tf 100 460 Td (This certificate is presented to) Tj ET
BT /F1 12 Tf 100 380 Td (for completing the 11v11 In-Person Course) Tj ET
BT /F1 10 Tf 100 120 Td (U.S. Soccer) Tj 0 -14 Td (Date: 2026-02-03) Tj ET";
    let page = |annots: &str| {
        let mut objs = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
            b"<< >>".to_vec(),
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 792 612] /Contents 6 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [{annots}] >>").into_bytes(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            stream("", content),
        ];
        objs.push(b"<< /Type /Annot /Subtype /Widget /FT /Tx /Rect [100 410 400 440] /AP << /N 9 0 R >> >>".to_vec());
        objs.push(b"<< /Type /Annot /Subtype /Widget /FT /Tx /F 2 /Rect [100 300 400 330] /AP << /N 10 0 R >> >>".to_vec());
        objs.push(stream("/Type /XObject /Subtype /Form /BBox [0 0 300 30] /Resources << /Font << /F1 5 0 R >> >>", b"/Tx BMC BT /F1 24 Tf 2 6 Td (Jane Q. Doe) Tj ET EMC"));
        objs.push(stream("/Type /XObject /Subtype /Form /BBox [0 0 300 30] /Resources << /Font << /F1 5 0 R >> >>", b"BT /F1 24 Tf 2 6 Td (Hidden Person) Tj ET"));
        pdf(&objs)
    };
    let x = explain(&page("7 0 R 8 0 R"), &limits(), &TemplateSet::builtin());
    assert_eq!(
        x.extraction.holder.as_deref(),
        Some("Jane Q. Doe"),
        "{}",
        x.text
    );
    assert!(!x.text.contains("Hidden"), "{}", x.text);
    assert_eq!(x.extraction.course, Some(Course::Grassroots11v11));
}

mod mutations {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Random byte edits of a valid certificate give a result, never a crash, and never
        /// an internal error (a panic caught inside the reader).
        #[test]
        fn mutated_files_never_crash(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..12)) {
            let mut bytes = one_page(CERT, "", vec![]);
            let len = bytes.len();
            for (at, b) in edits {
                bytes[at % len] = b;
            }
            let e = extract(&bytes, &limits(), &TemplateSet::builtin());
            let error = e.error.unwrap_or_default();
            prop_assert!(!error.starts_with("internal error"), "{}", error);
        }
    }
}
