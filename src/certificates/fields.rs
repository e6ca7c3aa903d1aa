//! Field finding that does not depend on one layout: the holder's name (after "presented
//! to"/"certifies that"/"Name:", before "has completed", else the largest line that looks
//! like a person's name), labelled dates (completion vs expiry), the printed e-mail address
//! and the certificate id. Each field records where it came from, for `inspect`.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{find_dates, DateOrder, FoundDate};
use super::layout::Line;
use super::template::{Pattern, Template};

/// A field value and a description of where it was found.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Found<T> {
    pub value: T,
    pub source: String,
}

/// Everything found on a certificate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Fields {
    pub holder: Option<Found<String>>,
    pub completed_on: Option<Found<FoundDate>>,
    pub expires_on: Option<Found<FoundDate>>,
    pub email: Option<Found<String>>,
    pub certificate_id: Option<Found<String>>,
    /// Why the completion date could not be chosen, when there were candidates.
    pub date_problem: Option<String>,
}

fn re(p: &str) -> Regex {
    // Static patterns: a failure is a programming error caught by the tests; fall back to a
    // regex that never matches rather than panicking.
    Regex::new(p).unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|e| panic!("{e}")))
}

/// Phrases after which the holder's name follows.
static HOLDER_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:this\s+(?:certificate\s+)?is\s+(?:hereby\s+|proudly\s+)?(?:presented|awarded|given|granted|issued)\s+to|(?:proudly\s+|hereby\s+)?(?:presented|awarded|granted|issued)\s+to|this\s+is\s+to\s+certify(?:\s+that)?|this\s+(?:is\s+to\s+)?certif(?:y|ies)(?:\s+that)?|(?:hereby\s+)?certifies\s+that|we\s+(?:hereby\s+)?certify(?:\s+that)?|be\s+it\s+known\s+that|congratulations,?|(?:participant|student|learner|trainee|coach|recipient|holder|attendee|member|full|participant'?s?|coach'?s?)\s*name\s*:|(?:name|participant|student|learner|trainee|recipient|attendee|awarded\s+to)\s*:)\s*",
    )
});

/// Phrases that follow the holder's name.
static HOLDER_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:has|have|who\s+has|did|is|for)\b|^(?:successfully|satisfactorily)\s+complet|^completed\b|^(?:for\s+)?(?:successfully\s+)?completing\b",
    )
});

/// Where a name ends inside a sentence ("Jane Doe has completed …").
static NAME_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\s*(?:\bhas\b|\bhave\b|\bwho\b|\bfor\b|\bsuccessfully\b|\bsatisfactorily\b|\bcompleted\b|\bis\b|\bon\b|\bin\s+recognition\b|\(|\||\s-\s|\s–\s).*$",
    )
});

/// Words that never appear in a person's name on a certificate.
const NOT_NAME_WORDS: &[&str] = &[
    "certificate",
    "certification",
    "certified",
    "certify",
    "certifies",
    "completion",
    "complete",
    "completed",
    "achievement",
    "award",
    "awarded",
    "course",
    "training",
    "trained",
    "coaching",
    "coach",
    "education",
    "soccer",
    "federation",
    "center",
    "centre",
    "safesport",
    "license",
    "licence",
    "grassroots",
    "module",
    "online",
    "in-person",
    "introduction",
    "program",
    "programme",
    "participation",
    "recognition",
    "excellence",
    "appreciation",
    "diploma",
    "heads",
    "concussion",
    "sports",
    "sport",
    "safety",
    "youth",
    "league",
    "club",
    "association",
    "academy",
    "department",
    "university",
    "school",
    "director",
    "president",
    "signature",
    "instructor",
    "date",
    "presented",
    "learning",
    "prevention",
    "control",
    "disease",
    "centers",
    "national",
    "state",
    "high",
    "united",
    "states",
    "u.s.",
    "us",
    "usa",
    "inc",
    "inc.",
    "llc",
    "the",
    "of",
    "and",
    "for",
    "to",
    "this",
    "that",
    "with",
    "has",
    "on",
    "in",
    "at",
    "by",
    "is",
    "your",
    "you",
    "our",
    "we",
    "congratulations",
    "transcript",
    "record",
    "official",
    "verified",
    "verify",
    "id",
    "number",
    "email",
    "name",
    "page",
    "printed",
    "issued",
    "expires",
    "valid",
    "refresher",
    "misconduct",
    "reporting",
    "mandatory",
    "awareness",
    "playing",
    "environments",
    "healthy",
    "safe",
    "training,",
    "workshop",
    "clinic",
    "webinar",
    "level",
    "grade",
    "score",
    "passed",
    "test",
    "quiz",
    "hours",
    "minutes",
    "credit",
    "credits",
    "continuing",
    "professional",
    "development",
    "ceo",
    "executive",
    "manager",
    "chair",
    "chairman",
    "secretary",
];

/// Lower-case particles allowed inside names.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "del", "della", "la", "le", "di", "du", "dos", "das", "der", "den",
    "ten", "ter", "bin", "ibn", "al", "el", "y", "e", "st.", "mac", "zu", "af", "av",
];

/// True when `s` looks like a person's name: 2–5 words of letters (accents, apostrophes,
/// hyphens, initials), no digits, no certificate vocabulary.
pub(crate) fn looks_like_name(s: &str) -> bool {
    let normalized = super::text::normalize(s);
    let s = normalized.trim().trim_end_matches([',', ';', ':']);
    if s.is_empty() || s.chars().count() > 60 {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let mut capitalised = 0;
    let mut letters = 0;
    for w in &words {
        let lower = w.to_lowercase();
        let bare = lower.trim_end_matches(',');
        if NOT_NAME_WORDS.contains(&bare) {
            return false;
        }
        if !w.chars().all(|c| c.is_alphabetic() || "'’-.,".contains(c)) {
            return false;
        }
        if !w.chars().any(char::is_alphabetic) {
            return false;
        }
        letters += w.chars().filter(|c| c.is_alphabetic()).count();
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitalised += 1;
        } else if !PARTICLES.contains(&bare) {
            return false;
        }
    }
    capitalised >= 2 && letters >= 3
}

/// Trims a name candidate cut out of a sentence.
fn clean_candidate(s: &str) -> String {
    let cut = NAME_END.replace(s, "");
    cut.trim()
        .trim_matches([',', ':', ';', '|', '!'])
        .trim()
        .to_string()
}

/// The value of the first pattern matching `text`: its `value` group, else group 1, else
/// the whole match.
pub(crate) fn pattern_value(patterns: &[Pattern], text: &str) -> Option<(String, String)> {
    for p in patterns {
        if let Some(c) = p.regex.captures(text) {
            let m = c.name("value").or_else(|| c.get(1)).or_else(|| c.get(0))?;
            let v = m.as_str().trim().to_string();
            if !v.is_empty() {
                return Some((v, format!("template pattern {:?}", p.source)));
            }
        }
    }
    None
}

/// Finds the holder's name. `exclude` tells lines that hold a course title or issuer name.
pub(crate) fn find_holder(
    lines: &[Line],
    norm: &[String],
    template: &Template,
    exclude: &dyn Fn(usize) -> bool,
) -> Option<Found<String>> {
    let joined = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some((value, source)) = pattern_value(&template.fields.holder, &joined) {
        return Some(Found { value, source });
    }
    // 1. After a lead phrase, on the same line or one of the next two.
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = HOLDER_LEAD.find(&line.text) else {
            continue;
        };
        let label = line.text[m.start()..m.end()].trim().to_string();
        let rest = clean_candidate(&line.text[m.end()..]);
        if looks_like_name(&rest) {
            return Some(Found {
                value: rest,
                source: format!("after '{label}'"),
            });
        }
        if !line.text[m.end()..].trim().is_empty() && !rest.is_empty() {
            // Something else follows the lead on this line (e.g. "certify that the"); the
            // name may still be on the next line.
        }
        for (j, next) in lines.iter().enumerate().skip(i + 1).take(2) {
            if exclude(j) {
                continue;
            }
            let cand = clean_candidate(&next.text);
            if looks_like_name(&cand) {
                return Some(Found {
                    value: cand,
                    source: format!("line after '{label}'"),
                });
            }
        }
    }
    // 2. Before "has completed" / "for successfully completing".
    for (i, n) in norm.iter().enumerate() {
        if !HOLDER_TAIL.is_match(n) {
            // "Jane Doe has successfully completed …" on one line.
            if let Some(idx) = find_tail_inside(&lines[i].text) {
                let cand = clean_candidate(&lines[i].text[..idx]);
                if looks_like_name(&cand) && !exclude(i) {
                    return Some(Found {
                        value: cand,
                        source: "before 'has completed'".into(),
                    });
                }
            }
            continue;
        }
        if let Some(j) = (0..i).rev().take(2).find(|j| !exclude(*j)) {
            let cand = clean_candidate(&lines[j].text);
            if looks_like_name(&cand) {
                return Some(Found {
                    value: cand,
                    source: format!("line before '{}'", first_words(n, 3)),
                });
            }
        }
    }
    // 3. The largest line that looks like a name.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|a, b| lines[*b].size.total_cmp(&lines[*a].size).then(a.cmp(b)));
    for i in order {
        if exclude(i) {
            continue;
        }
        let cand = clean_candidate(&lines[i].text);
        if looks_like_name(&cand) {
            return Some(Found {
                value: cand,
                source: format!("largest name-like line ({:.0} pt)", lines[i].size),
            });
        }
    }
    None
}

static TAIL_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\s(?:has|have)\s+(?:successfully\s+|satisfactorily\s+)?(?:completed|fulfilled|finished|passed|met|been\s+awarded)\b|\s(?:successfully|satisfactorily)\s+completed\b",
    )
});

fn find_tail_inside(s: &str) -> Option<usize> {
    TAIL_INSIDE.find(s).map(|m| m.start())
}

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum DateLabel {
    /// "completed", "completion date", "date of completion".
    Completed,
    /// "issued", "awarded", "earned", "achieved", "granted".
    Issued,
    /// "date", "on".
    Generic,
    /// No label.
    None,
    /// "expires", "valid through", "expiration".
    Expires,
    /// Birth dates, print dates: never the completion date.
    Ignore,
}

static LABEL_EXPIRES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)expir|valid\s+(?:through|thru|until|till|to)|good\s+(?:through|until)|renewal|renew\s+(?:by|before)|due\s+(?:by|date)|recertif|(?:^|\s)until\s*:?\s*$",
    )
});
static LABEL_IGNORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)birth|\bdob\b|printed|print\s+date|generated|downloaded|retrieved|accessed|started|start\s+date|enrolled|registered|begin",
    )
});
static LABEL_COMPLETED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)complet|finished|passed"));
static LABEL_ISSUED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)issued|issue\s+date|awarded|earned|achieved|granted|certified|date\s+of\s+(?:award|issue)|valid\s+from|effective",
    )
});
/// Between two dates on one line: "2026-01-01 to 2027-01-01".
static RANGE_JOIN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\W*(?:to|until|through|thru|-)\W*$"));
static LABEL_GENERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bdate\b|\bon\s*:?\s*$|\bdated\b|\bas\s+of\b"));

fn classify(label: &str) -> DateLabel {
    let l = label.trim();
    if l.is_empty() {
        return DateLabel::None;
    }
    if LABEL_EXPIRES.is_match(l) {
        DateLabel::Expires
    } else if LABEL_IGNORE.is_match(l) {
        DateLabel::Ignore
    } else if LABEL_COMPLETED.is_match(l) {
        DateLabel::Completed
    } else if LABEL_ISSUED.is_match(l) {
        DateLabel::Issued
    } else if LABEL_GENERIC.is_match(l) {
        DateLabel::Generic
    } else {
        DateLabel::None
    }
}

/// A short label-only line ("Date", "Completion Date:") with no date of its own.
fn label_line(s: &str, order: DateOrder) -> Option<&str> {
    let t = s.trim();
    (t.chars().count() <= 40 && find_dates(t, order).is_empty()).then_some(t)
}

/// Lines that may label line `i`, nearest first: the piece to its left on the same row, the
/// line just above it in the same column, and the caption just below it.
pub(crate) fn label_candidates(lines: &[Line], i: usize) -> Vec<usize> {
    let Some(me) = lines.get(i) else {
        return Vec::new();
    };
    let overlaps = |o: &Line| {
        let (a0, a1) = (me.x, me.x1.max(me.x));
        let (b0, b1) = (o.x, o.x1.max(o.x));
        let overlap = a1.min(b1) - a0.max(b0);
        let centre = ((a0 + a1) / 2.0 - (b0 + b1) / 2.0).abs();
        overlap > 0.0 || centre < 0.5 * (a1 - a0).max(b1 - b0)
    };
    let same_page = |o: &Line| o.page == me.page;
    let mut out = Vec::new();
    // Left on the same row.
    let left = lines
        .iter()
        .enumerate()
        .filter(|(j, o)| {
            *j != i
                && same_page(o)
                && (o.y - me.y).abs() < 0.5 * me.size.max(o.size)
                && o.x1 <= me.x + 1.0
                && me.x - o.x1 < 20.0 * me.size
        })
        .max_by(|a, b| a.1.x1.total_cmp(&b.1.x1));
    if let Some((j, _)) = left {
        out.push(j);
    }
    let reach = 3.0 * me.size.max(1.0);
    let above = lines
        .iter()
        .enumerate()
        .filter(|(j, o)| {
            *j != i
                && same_page(o)
                && o.y > me.y + 0.5 * me.size
                && o.y - me.y < reach
                && overlaps(o)
        })
        .min_by(|a, b| a.1.y.total_cmp(&b.1.y));
    if let Some((j, _)) = above {
        out.push(j);
    }
    let below = lines
        .iter()
        .enumerate()
        .filter(|(j, o)| {
            *j != i
                && same_page(o)
                && o.y < me.y - 0.5 * me.size
                && me.y - o.y < reach
                && overlaps(o)
        })
        .max_by(|a, b| a.1.y.total_cmp(&b.1.y));
    if let Some((j, _)) = below {
        out.push(j);
    }
    out
}

/// Finds the completion and expiry dates.
pub(crate) fn find_dates_fields(
    lines: &[Line],
    norm: &[String],
    template: &Template,
    order: DateOrder,
    fields: &mut Fields,
) {
    let joined = norm.join("\n");
    if let Some((v, source)) = pattern_value(&template.fields.completed_on, &joined) {
        if let Some(d) = find_dates(&v, order).into_iter().next() {
            fields.completed_on = Some(Found { value: d, source });
        }
    }
    if let Some((v, source)) = pattern_value(&template.fields.expires_on, &joined) {
        if let Some(d) = find_dates(&v, order).into_iter().next() {
            fields.expires_on = Some(Found { value: d, source });
        }
    }

    // Every date with the label that governs it.
    let mut dated: Vec<(DateLabel, FoundDate, String)> = Vec::new();
    for (i, line) in norm.iter().enumerate() {
        let found = find_dates(line, order);
        let mut prev_end = 0;
        for d in found {
            let before = line.get(prev_end..d.start).unwrap_or("");
            // Only the last ~48 characters before the date are its label.
            let before_tail: String = {
                let chars: Vec<char> = before.chars().collect();
                chars[chars.len().saturating_sub(48)..].iter().collect()
            };
            let mut label = classify(&before_tail);
            let mut label_text = before_tail.trim().to_string();
            if label == DateLabel::None && prev_end > 0 && RANGE_JOIN.is_match(before) {
                label = DateLabel::Expires;
                label_text = format!("range end '{}'", before.trim());
            }
            let nothing_before = before
                .trim()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty();
            if label == DateLabel::None && nothing_before {
                // A label beside, above or below (table and signature-line layouts).
                for j in label_candidates(lines, i) {
                    let Some(cand) = norm.get(j).and_then(|s| label_line(s, order)) else {
                        continue;
                    };
                    let c = classify(cand);
                    if c != DateLabel::None {
                        label = c;
                        label_text = cand.to_string();
                        break;
                    }
                }
            }
            prev_end = d.end;
            // A month and year alone ("May 2028") is a date only where a label says what
            // it is: in running text it is more often a revision or copyright line.
            if d.month_only && label == DateLabel::None {
                continue;
            }
            dated.push((label, d, label_text));
        }
    }

    if fields.expires_on.is_none() {
        if let Some((_, d, l)) = dated.iter().find(|(k, _, _)| *k == DateLabel::Expires) {
            fields.expires_on = Some(Found {
                value: d.clone(),
                source: format!("label '{}'", short(l)),
            });
        }
    }
    if fields.completed_on.is_some() {
        return;
    }
    let best = dated
        .iter()
        .filter(|(k, _, _)| *k < DateLabel::None)
        .min_by_key(|(k, _, _)| *k);
    if let Some((_, d, l)) = best {
        fields.completed_on = Some(Found {
            value: d.clone(),
            source: format!("label '{}'", short(l)),
        });
        return;
    }
    let mut unlabelled: Vec<&FoundDate> = dated
        .iter()
        .filter(|(k, _, _)| *k == DateLabel::None)
        .map(|(_, d, _)| d)
        .collect();
    unlabelled.dedup_by_key(|d| d.date);
    let mut distinct: Vec<_> = unlabelled.iter().map(|d| d.date).collect();
    distinct.sort();
    distinct.dedup();
    match distinct.len() {
        0 => {}
        1 => {
            if let Some(d) = unlabelled.first() {
                fields.completed_on = Some(Found {
                    value: (*d).clone(),
                    source: "the only date printed".into(),
                });
            }
        }
        n => {
            fields.date_problem = Some(format!(
                "{n} different dates printed and none labelled as the completion date"
            ))
        }
    }
}

fn short(s: &str) -> String {
    let t = s.trim().trim_end_matches([':', '-']).trim();
    let chars: Vec<char> = t.chars().collect();
    if chars.len() > 40 {
        let tail: String = chars[chars.len() - 40..].iter().collect();
        // Start at a word boundary.
        match tail.split_once(' ') {
            Some((_, rest)) if !rest.is_empty() => rest.trim().to_string(),
            _ => tail.trim().to_string(),
        }
    } else {
        t.to_string()
    }
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[a-z0-9][a-z0-9._%+\-]*@[a-z0-9][a-z0-9.\-]*\.[a-z]{2,}\b"));
static EMAIL_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)e-?mail"));
static ROLE_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:no-?reply|do-?not-?reply|support|info|help|helpdesk|admin|contact|service|customerservice|coaching|education|learning|safesport|training|webmaster|privacy|hello)@",
    )
});

/// Finds the holder's e-mail address.
pub(crate) fn find_email(lines: &[Line], template: &Template) -> Option<Found<String>> {
    let joined = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some((value, source)) = pattern_value(&template.fields.email, &joined) {
        return Some(Found { value, source });
    }
    let mut first_personal: Option<String> = None;
    for line in lines {
        for m in EMAIL.find_iter(&line.text) {
            let addr = m.as_str().trim_end_matches('.').to_string();
            if EMAIL_LABEL.is_match(&line.text[..m.start()]) {
                return Some(Found {
                    value: addr,
                    source: "label 'Email'".into(),
                });
            }
            if first_personal.is_none() && !ROLE_ADDRESS.is_match(&addr) {
                first_personal = Some(addr);
            }
        }
    }
    first_personal.map(|value| Found {
        value,
        source: "the printed address".into(),
    })
}

static ID_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:certificate|certification|cert\.?|completion|credential|verification|confirmation|license|licence|registration|record|transcript)\s*(?:id|no\.?|number|num|#|code)\b|\bID\s*(?:no\.?|number|#)?\s*:|\bcode\s*:)\s*[:#.]?\s*",
    )
});
static ID_VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^#?\s*([A-Za-z0-9][A-Za-z0-9\-_/.]{2,40}[A-Za-z0-9])"));

/// Whether the words just before an "ID" label make it a person's id (a USSF ID, member
/// or coach id) rather than the certificate's.
fn names_a_person(before: &str) -> bool {
    let last_word = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|word| !word.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        last_word.as_str(),
        "ussf"
            | "member"
            | "membership"
            | "coach"
            | "player"
            | "person"
            | "learner"
            | "user"
            | "adult"
            | "volunteer"
    )
}

/// Finds the certificate id.
pub(crate) fn find_certificate_id(lines: &[Line], template: &Template) -> Option<Found<String>> {
    let joined = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some((value, source)) = pattern_value(&template.fields.certificate_id, &joined) {
        return Some(Found { value, source });
    }
    for (i, line) in lines.iter().enumerate() {
        for m in ID_LABEL.find_iter(&line.text) {
            if names_a_person(&line.text[..m.start()]) {
                continue;
            }
            let label = line.text[m.start()..m.end()]
                .trim()
                .trim_end_matches([':', '#', '.'])
                .trim()
                .to_string();
            let rest = &line.text[m.end()..];
            let value = ID_VALUE
                .captures(rest)
                .and_then(|c| c.get(1))
                .map(|v| v.as_str().to_string())
                .or_else(|| {
                    if !rest.trim().is_empty() {
                        return None;
                    }
                    // The value beside or below the label (table layouts), else the next line.
                    let whole = |l: &Line| {
                        ID_VALUE
                            .captures(l.text.trim())
                            .and_then(|c| c.get(1))
                            .filter(|v| v.as_str().len() == l.text.trim().len())
                            .filter(|v| v.as_str().chars().any(|c| c.is_ascii_digit()))
                            .map(|v| v.as_str().to_string())
                    };
                    lines
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i && label_candidates(lines, *j).contains(&i))
                        .find_map(|(_, l)| whole(l))
                        .or_else(|| lines.get(i + 1).and_then(whole))
                });
            if let Some(v) = value.filter(|v| v.chars().any(|c| c.is_ascii_digit())) {
                return Some(Found {
                    value: v,
                    source: format!("label '{label}'"),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::template::Templates;
    use crate::certificates::text::normalize;

    fn lines(spec: &[(&str, f32)]) -> Vec<Line> {
        spec.iter()
            .enumerate()
            .map(|(i, (t, s))| Line {
                text: t.to_string(),
                size: *s,
                x: 0.0,
                x1: 100.0,
                y: 700.0 - i as f32 * 20.0,
                page: 0,
            })
            .collect()
    }

    #[test]
    fn a_persons_id_is_not_the_certificate_id() {
        assert!(names_a_person("USSF "));
        assert!(names_a_person("Holder: Ana Ruiz — Member "));
        assert!(!names_a_person("Certificate "));
        assert!(!names_a_person(""));
    }

    /// A table cell: a 10-pt line 80 pt wide at (x, y).
    fn cell(text: &str, x: f32, y: f32) -> Line {
        Line {
            text: text.into(),
            size: 10.0,
            x,
            x1: x + 80.0,
            y,
            page: 0,
        }
    }

    fn holder(spec: &[(&str, f32)]) -> Option<String> {
        let t = Templates::builtin();
        let l = lines(spec);
        let norm: Vec<String> = l.iter().map(|l| normalize(&l.text)).collect();
        find_holder(&l, &norm, &t.list[0], &|_| false).map(|f| f.value)
    }

    #[test]
    fn name_shapes() {
        for good in [
            "Jane Doe",
            "Łukasz Kowalski",
            "Nguyễn Văn An",
            "Siobhán O'Brien",
            "Zoë Müller",
            "Mary-Kate van der Berg",
            "Zoë Müller\u{2212}Ñúñez",
            "JOHN SMITH",
            "J. R. Smith Jr.",
        ] {
            assert!(looks_like_name(good), "{good}");
        }
        for bad in [
            "Certificate of Completion",
            "Jane",
            "U.S. Soccer Federation",
            "March 3, 2026",
            "jane doe",
            "7v7 Online Course",
            "Director of Coaching Education",
            "SafeSport Trained",
        ] {
            assert!(!looks_like_name(bad), "{bad}");
        }
    }

    #[test]
    fn holder_wordings() {
        let cases: Vec<(Vec<(&str, f32)>, &str)> = vec![
            (
                vec![
                    ("Certificate of Completion", 30.0),
                    ("This certificate is presented to", 12.0),
                    ("Zoë Müller", 28.0),
                    ("for completing", 12.0),
                ],
                "Zoë Müller",
            ),
            (
                vec![(
                    "This is to certify that Siobhán O'Brien has successfully completed",
                    12.0,
                )],
                "Siobhán O'Brien",
            ),
            (
                vec![
                    ("Name: Łukasz Kowalski", 11.0),
                    ("Course: 7v7 Online", 11.0),
                ],
                "Łukasz Kowalski",
            ),
            (
                vec![
                    ("CERTIFICATE", 36.0),
                    ("Nguyễn Văn An", 24.0),
                    ("has completed the course", 12.0),
                ],
                "Nguyễn Văn An",
            ),
            (
                vec![("Awarded to", 12.0), ("DANIEL KIM", 26.0)],
                "DANIEL KIM",
            ),
            (
                vec![
                    ("Certificate of Achievement", 30.0),
                    ("Maria Garcia", 22.0),
                    ("U.S. Soccer", 14.0),
                ],
                "Maria Garcia",
            ),
            (vec![("Participant: Kim, Daniel", 11.0)], "Kim, Daniel"),
            (
                vec![("Congratulations, Björk Guðmundsdóttir!", 12.0)],
                "Björk Guðmundsdóttir",
            ),
        ];
        for (spec, want) in cases {
            assert_eq!(holder(&spec).as_deref(), Some(want), "{spec:?}");
        }
        assert_eq!(
            holder(&[("Certificate of Completion", 30.0), ("7v7 Online", 20.0)]),
            None
        );
    }

    fn dates(text: &[&str]) -> (Option<String>, Option<String>, Option<String>) {
        let t = Templates::builtin();
        let spec: Vec<(&str, f32)> = text.iter().map(|s| (*s, 10.0)).collect();
        let l = lines(&spec);
        let norm: Vec<String> = text.iter().map(|s| normalize(s)).collect();
        let mut f = Fields::default();
        find_dates_fields(&l, &norm, &t.list[0], DateOrder::Mdy, &mut f);
        (
            f.completed_on.map(|d| d.value.date.to_string()),
            f.expires_on.map(|d| d.value.date.to_string()),
            f.date_problem,
        )
    }

    #[test]
    fn date_labels() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            dates(&["Completed on March 3, 2026"]),
            (s("2026-03-03"), None, None)
        );
        assert_eq!(
            dates(&["Completion Date: 2025-08-01", "Expires: August 1, 2026"]),
            (s("2025-08-01"), s("2026-08-01"), None)
        );
        assert_eq!(dates(&["Date", "3/3/26"]), (s("2026-03-03"), None, None));
        assert_eq!(
            dates(&["March 3, 2026", "Date"]),
            (s("2026-03-03"), None, None)
        );
        assert_eq!(
            dates(&["Date of birth: 01/02/1990", "Issued 2026-01-05"]),
            (s("2026-01-05"), None, None)
        );
        assert_eq!(
            dates(&["Valid through 2027-01-05", "2026-01-05"]),
            (s("2026-01-05"), s("2027-01-05"), None)
        );
        assert!(dates(&["2026-01-05", "2026-02-05"]).2.is_some());
        assert_eq!(
            dates(&["Valid from 2026-01-05 to 2027-01-05"]),
            (s("2026-01-05"), s("2027-01-05"), None)
        );
    }

    #[test]
    fn a_renewal_label_cut_by_a_line_break_still_marks_the_expiry() {
        let s = |v: &str| Some(v.to_string());
        // An eCard table cell wraps "Recommended Renewal Date" after "Renewal".
        assert_eq!(
            dates(&[
                "Issue Date",
                "03/14/2026",
                "Recommended Renewal 03/2028",
                "Date"
            ]),
            (s("2026-03-14"), s("2028-03-31"), None)
        );
        // "renewed on" is when it was done, not when it lapses.
        assert_eq!(
            dates(&["Renewed on 2026-03-14", "Renewal: 03/2028"]),
            (s("2026-03-14"), s("2028-03-31"), None)
        );
    }

    #[test]
    fn table_layout_labels_by_column() {
        // Two labels on one row, two dates on the next, in columns.
        let l = vec![
            cell("COMPLETED", 100.0, 300.0),
            cell("VALID THROUGH", 300.0, 300.0),
            cell("2026-03-09", 100.0, 285.0),
            cell("2027-03-09", 300.0, 285.0),
        ];
        let norm: Vec<String> = l.iter().map(|l| normalize(&l.text)).collect();
        let t = Templates::builtin();
        let mut f = Fields::default();
        find_dates_fields(&l, &norm, &t.list[0], DateOrder::Mdy, &mut f);
        assert_eq!(f.completed_on.unwrap().value.date.to_string(), "2026-03-09");
        assert_eq!(f.expires_on.unwrap().value.date.to_string(), "2027-03-09");
    }

    #[test]
    fn email_and_id() {
        let t = Templates::builtin();
        let l = lines(&[
            ("Questions? support@safesport.org", 8.0),
            ("jane.doe@example.com", 10.0),
            ("Certificate ID: SS-2026-00042", 9.0),
        ]);
        assert_eq!(
            find_email(&l, &t.list[3]).unwrap().value,
            "jane.doe@example.com"
        );
        assert_eq!(
            find_certificate_id(&l, &t.list[3]).unwrap().value,
            "SS-2026-00042"
        );
        let l = lines(&[("Completion Code", 9.0), ("AB12CD34", 9.0)]);
        assert_eq!(
            find_certificate_id(&l, &t.list[3]).unwrap().value,
            "AB12CD34"
        );
        // A table: labels on one row, values below them.
        let l = vec![
            cell("Certificate No.", 100.0, 300.0),
            cell("Email", 300.0, 300.0),
            cell("LC-88231", 100.0, 285.0),
            cell("a@example.org", 300.0, 285.0),
        ];
        assert_eq!(
            find_certificate_id(&l, &t.list[3]).unwrap().value,
            "LC-88231"
        );
        let l = lines(&[("Email: coach@example.org", 9.0)]);
        assert_eq!(find_email(&l, &t.list[3]).unwrap().source, "label 'Email'");
    }
}
