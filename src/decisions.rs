//! decisions: the coordinator's review decisions, `decisions.csv` (SPEC §11), with columns
//! `file,coach_id,decision,note`. Parsing only; `reconcile` applies them. A line that
//! cannot be used becomes a `stale_decision` finding naming file and line.

use serde::{Deserialize, Serialize};

use crate::findings::{Code, Finding};

/// What a decision says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// This certificate belongs to this coach.
    AcceptMatch,
    /// This certificate does not belong to this coach.
    RejectMatch,
    /// The certificate counts although it could not be read (the note says what it shows).
    AcceptCertificate,
    /// The certificate does not count.
    RejectCertificate,
    /// The coach is exempt from the requirement named in the note.
    Exempt,
}

impl DecisionKind {
    /// The spelling in `decisions.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::AcceptMatch => "accept_match",
            DecisionKind::RejectMatch => "reject_match",
            DecisionKind::AcceptCertificate => "accept_certificate",
            DecisionKind::RejectCertificate => "reject_certificate",
            DecisionKind::Exempt => "exempt",
        }
    }

    fn parse(text: &str) -> Option<DecisionKind> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "accept_match" => Some(DecisionKind::AcceptMatch),
            "reject_match" => Some(DecisionKind::RejectMatch),
            "accept_certificate" => Some(DecisionKind::AcceptCertificate),
            "reject_certificate" => Some(DecisionKind::RejectCertificate),
            "exempt" => Some(DecisionKind::Exempt),
            _ => None,
        }
    }
}

/// One decision line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// File name, inbox-relative path, or sha256 prefix (may be empty for `exempt`).
    pub file: String,
    /// Coach id (may be empty for `reject_certificate`).
    pub coach_id: String,
    /// The decision.
    pub kind: DecisionKind,
    /// The coordinator's note.
    pub note: String,
    /// 1-based line in the decisions file.
    pub line: u64,
}

impl Decision {
    /// Whether this decision names the certificate `file` with content hash `sha256`.
    pub fn names_file(&self, file: &str, sha256: &str) -> bool {
        let wanted = self.file.trim();
        if wanted.is_empty() {
            return false;
        }
        let base = file.rsplit('/').next().unwrap_or(file);
        wanted == file
            || wanted == base
            || (wanted.len() >= 8
                && wanted.chars().all(|c| c.is_ascii_hexdigit())
                && sha256.starts_with(&wanted.to_ascii_lowercase()))
    }
}

/// The CSV line to paste into `decisions.csv` (quoted as needed).
pub fn line(file: &str, coach_id: &str, kind: DecisionKind, note: &str) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record([file, coach_id, kind.as_str(), note]);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_string()
}

/// Parses `decisions.csv`; `name` is how findings refer to the file.
pub fn parse(name: &str, text: &str) -> (Vec<Decision>, Vec<Finding>) {
    let mut decisions = Vec::new();
    let mut findings = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|headers| headers.iter().map(|h| h.to_ascii_lowercase()).collect())
        .unwrap_or_default();
    let column = |wanted: &str| headers.iter().position(|h| h == wanted);
    let (Some(file_at), Some(coach_at), Some(decision_at)) =
        (column("file"), column("coach_id"), column("decision"))
    else {
        findings.push(
            Finding::new(
                Code::StaleDecision,
                format!("{name} does not have the columns file,coach_id,decision,note; no decision was applied."),
                "Start the decisions file with the header line: file,coach_id,decision,note",
            )
            .at(name, 1),
        );
        return (decisions, findings);
    };
    let note_at = column("note");
    for record in reader.records() {
        let Ok(record) = record else { continue };
        let line = record.position().map_or(0, |position| position.line());
        let get = |index: usize| record.get(index).unwrap_or("").to_string();
        if record.iter().all(|cell| cell.is_empty()) {
            continue;
        }
        let raw_kind = get(decision_at);
        match DecisionKind::parse(&raw_kind) {
            Some(kind) => decisions.push(Decision {
                file: get(file_at),
                coach_id: get(coach_at),
                kind,
                note: note_at.map(get).unwrap_or_default(),
                line,
            }),
            None => findings.push(
                Finding::new(
                    Code::StaleDecision,
                    format!("Unknown decision \"{raw_kind}\"; this line was not applied."),
                    "Use one of accept_match, reject_match, accept_certificate, reject_certificate, exempt.",
                )
                .at(name, line),
            ),
        }
    }
    (decisions, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decisions_file_is_parsed_with_lines_and_bad_lines_reported() {
        let text = "file,coach_id,decision,note\nbob.pdf,CS-1,accept_match,\"same person, checked\"\n,CS-2,exempt,background_check\nx.pdf,CS-3,approve,\n";
        let (decisions, findings) = parse("decisions.csv", text);
        assert_eq!(decisions.len(), 2);
        assert_eq!(decisions[0].kind, DecisionKind::AcceptMatch);
        assert_eq!(decisions[0].note, "same person, checked");
        assert_eq!(decisions[0].line, 2);
        assert_eq!(decisions[1].kind, DecisionKind::Exempt);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, Some(4));
    }

    #[test]
    fn a_decision_names_a_file_by_path_name_or_hash_prefix() {
        let decision = Decision {
            file: "ab12cd34".into(),
            coach_id: "CS-1".into(),
            kind: DecisionKind::AcceptMatch,
            note: String::new(),
            line: 2,
        };
        assert!(decision.names_file("certs/x.pdf", "ab12cd34ffff"));
        assert!(!decision.names_file("certs/x.pdf", "ffff"));
        let by_name = Decision {
            file: "x.pdf".into(),
            ..decision
        };
        assert!(by_name.names_file("certs/x.pdf", "0"));
    }

    #[test]
    fn a_decision_line_round_trips_through_the_parser() {
        let text = format!(
            "file,coach_id,decision,note\n{}\n",
            line(
                "a, b.pdf",
                "CS-9",
                DecisionKind::AcceptMatch,
                "note \"quoted\""
            )
        );
        let (decisions, findings) = parse("decisions.csv", &text);
        assert!(findings.is_empty());
        assert_eq!(decisions[0].file, "a, b.pdf");
        assert_eq!(decisions[0].note, "note \"quoted\"");
    }
}
