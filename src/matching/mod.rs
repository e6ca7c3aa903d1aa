//! matching: links records (certificate holders, background-check rows) to roster entries
//! by name and email, with a score, a status and a reason in words. Pure: no I/O, and the
//! result for a record never depends on the other records or on the thread count.

use serde::{Deserialize, Serialize};

/// One roster entry as the matcher sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    /// Roster id (coach id).
    pub id: String,
    /// Given name(s).
    pub first_name: String,
    /// Family name(s).
    pub last_name: String,
    /// Email, if known.
    pub email: Option<String>,
}

/// One record to link: a name as printed (any order or case) and an optional email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Record id (e.g. the certificate's file).
    pub id: String,
    /// Full name as printed.
    pub name: String,
    /// Email, if printed.
    pub email: Option<String>,
}

/// The outcome for one record (SPEC §2 `match`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// One roster entry fits clearly better than any other.
    Matched,
    /// Two or more fit about equally: the coordinator decides.
    Ambiguous,
    /// Nobody fits.
    Unmatched,
}

impl MatchStatus {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchStatus::Matched => "matched",
            MatchStatus::Ambiguous => "ambiguous",
            MatchStatus::Unmatched => "unmatched",
        }
    }
}

/// How the record's name compares with the chosen entry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameAgreement {
    /// The same name up to case, accents, punctuation, spacing and order.
    Same,
    /// A variant: nickname, initial, missing middle name, typo, one of two surnames.
    Variant,
    /// A different name (e.g. a surname change, matched by email).
    Different,
}

/// How the record's email compares with the chosen entry's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailAgreement {
    /// The record or the entry has no email.
    Absent,
    /// Same address (after normalisation).
    Same,
    /// Different addresses.
    Different,
}

/// The link decided for one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The record's id.
    pub record_id: String,
    /// The best roster entry (None when unmatched).
    pub roster_id: Option<String>,
    /// Other entries that fit about as well (for ambiguous results).
    pub alternatives: Vec<String>,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Matched, ambiguous or unmatched.
    pub status: MatchStatus,
    /// Field-by-field explanation, e.g. `email exact; first name nickname Bob~Robert`.
    pub reason: String,
    /// Name comparison with the best entry.
    pub name: NameAgreement,
    /// Email comparison with the best entry.
    pub email: EmailAgreement,
}

/// Given-name nicknames (Bob~Robert, Pepe~José...), built-in and extendable.
#[derive(Clone, Debug, Default)]
pub struct Nicknames {
    _private: (),
}

impl Nicknames {
    /// The built-in table.
    pub fn builtin() -> Self {
        Nicknames { _private: () }
    }

    /// Adds pairs (nickname, formal name) from configuration.
    pub fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, pairs: I) {
        let _ = pairs.into_iter().count();
    }
}

/// A roster indexed for linking.
pub struct Matcher {
    entries: Vec<RosterEntry>,
}

impl Matcher {
    /// Indexes `roster` (blocking keys, name frequencies) for linking.
    pub fn new(roster: Vec<RosterEntry>, nicknames: Nicknames) -> Self {
        let _ = nicknames;
        Matcher { entries: roster }
    }

    /// Links one record.
    pub fn link(&self, record: &Record) -> Match {
        let _ = &self.entries;
        Match {
            record_id: record.id.clone(),
            roster_id: None,
            alternatives: Vec::new(),
            score: 0.0,
            status: MatchStatus::Unmatched,
            reason: String::from("matching not implemented yet"),
            name: NameAgreement::Different,
            email: EmailAgreement::Absent,
        }
    }

    /// Links every record, in parallel; results in input order.
    pub fn link_all(&self, records: &[Record]) -> Vec<Match> {
        use rayon::prelude::*;
        records.par_iter().map(|record| self.link(record)).collect()
    }
}
