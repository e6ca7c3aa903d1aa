//! matching: links records (certificate holders, background-check rows) to roster entries
//! by name and email, with a score, a status and a reason in words. Pure: no I/O, and the
//! result for a record never depends on the other records or on the thread count.

mod index;
pub mod nicknames;
pub mod normalize;
mod score;
mod sender;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use nicknames::Nicknames;
use score::{Comparison, EmailLevel, EntryName, FirstLevel, LastLevel, Middle, RecordName};

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
    /// The same name up to case, accents, punctuation, spacing, order, a title, a suffix
    /// on one side only, and a middle name or initial on one side only.
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

/// A roster entry shown to the coordinator for a record that was not linked on its own
/// (SPEC §7 review findings list them, each with its ready-to-paste decision).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The entry's roster id.
    pub roster_id: String,
    /// Confidence in [0, 1] that the record is this entry's.
    pub score: f64,
    /// Why it fits (or not), field by field, as in [`Match::reason`].
    pub reason: String,
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
    /// For an ambiguous or unmatched record, the closest roster entries, best first (the
    /// best entry and every one that fits about as well, then near misses), at most
    /// [`MAX_CANDIDATES`]; empty for a matched record.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

/// Most candidates listed for a record that was not linked.
pub const MAX_CANDIDATES: usize = 4;

/// Version of the matching rules. Links remembered between runs are reused only under the
/// same version: bump it whenever a change can alter any link.
pub const VERSION: u32 = 3;

/// Evidence (in bits) a link needs to be accepted on its own.
const MATCH_WEIGHT: f64 = 7.0;
/// Evidence below which a candidate is not worth a coordinator's look.
const REVIEW_WEIGHT: f64 = 4.0;
/// How far ahead of the runner-up the best entry must be to be accepted.
const MARGIN: f64 = 1.5;
/// Evidence below which an entry is not listed as a candidate for an unlinked record.
const CANDIDATE_WEIGHT: f64 = 1.0;

/// Maps evidence in bits to a confidence in [0, 1] (a logistic curve: 7 bits ≈ 0.77,
/// 10 ≈ 0.95, 14 ≈ 0.995).
fn confidence(weight: f64) -> f64 {
    let value = 1.0 / (1.0 + (-0.6 * (weight - 5.0)).exp());
    if value.is_finite() {
        value.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A roster indexed for linking.
pub struct Matcher {
    entries: Vec<RosterEntry>,
    prepared: Vec<EntryName>,
    index: index::Index,
    nicknames: Nicknames,
    /// Per entry, the rank of its id among the sorted distinct ids (cheap tie-breaks).
    id_ranks: Vec<u32>,
    /// Whether some id is on several rows.
    has_repeated_ids: bool,
}

impl Matcher {
    /// Indexes `roster` (blocking keys, name frequencies) for linking.
    pub fn new(roster: Vec<RosterEntry>, nicknames: Nicknames) -> Self {
        let mut prepared: Vec<EntryName> = roster
            .iter()
            .map(|entry| {
                EntryName::new(
                    &entry.first_name,
                    &entry.last_name,
                    entry.email.as_deref(),
                    &nicknames,
                )
            })
            .collect();
        // Frequencies count distinct roster ids, so a person listed twice is not "common".
        let mut first_ids: HashMap<&str, HashSet<&str>> = HashMap::new();
        let mut last_ids: HashMap<&str, HashSet<&str>> = HashMap::new();
        let mut email_ids: HashMap<&str, HashSet<&str>> = HashMap::new();
        for (entry, name) in roster.iter().zip(&prepared) {
            if let Some(first) = name.first.first() {
                first_ids.entry(first).or_default().insert(&entry.id);
            }
            last_ids
                .entry(&name.last_core_compact)
                .or_default()
                .insert(&entry.id);
            if let Some(email) = &name.email {
                email_ids.entry(email).or_default().insert(&entry.id);
            }
        }
        let distinct = |ids: Option<&HashSet<&str>>| -> u32 {
            u32::try_from(ids.map_or(1, HashSet::len).max(1)).unwrap_or(u32::MAX)
        };
        let counts: Vec<(u32, u32, u32)> = prepared
            .iter()
            .map(|name| {
                (
                    distinct(name.first.first().and_then(|f| first_ids.get(f.as_str()))),
                    distinct(last_ids.get(name.last_core_compact.as_str())),
                    distinct(name.email.as_deref().and_then(|e| email_ids.get(e))),
                )
            })
            .collect();
        for (name, (first, last, email)) in prepared.iter_mut().zip(counts) {
            name.first_count = first;
            name.last_count = last;
            name.email_shared = email;
        }
        let index = index::Index::new(&prepared);
        let mut ids: Vec<&str> = roster.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let has_repeated_ids = ids.len() < roster.len();
        let id_ranks = roster
            .iter()
            .map(|e| {
                let rank = ids.binary_search(&e.id.as_str()).unwrap_or(0);
                u32::try_from(rank).unwrap_or(u32::MAX)
            })
            .collect();
        Matcher {
            entries: roster,
            prepared,
            index,
            nicknames,
            id_ranks,
            has_repeated_ids,
        }
    }

    /// Links one record.
    pub fn link(&self, record: &Record) -> Match {
        let name = RecordName::new(&record.name, record.email.as_deref(), &self.nicknames);
        let mut scored: Vec<(usize, Comparison)> = Vec::new();
        for position in self.index.candidates(&name) {
            let position = position as usize;
            if let Some(prepared) = self.prepared.get(position) {
                scored.push((position, score::compare(&name, prepared, &self.nicknames)));
            }
        }
        // A family email shared by several entries singles one out when the printed given
        // name rules out every other entry sharing it (`T. Nguyen` with Thomas and Linh).
        let sharing: Vec<usize> = scored
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.email == EmailLevel::Same && c.first != FirstLevel::Different)
            .map(|(index, _)| index)
            .collect();
        if let [only] = sharing.as_slice() {
            if let Some((_, comparison)) = scored.get_mut(*only) {
                if comparison.email_shared > 1 {
                    comparison.weight += score::EMAIL_UNIQUE - score::EMAIL_SHARED;
                    comparison.email_singled_out = true;
                }
            }
        }
        // Best first; ties by roster id, then roster order.
        scored.sort_by(|(a_position, a), (b_position, b)| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| self.id_rank(*a_position).cmp(&self.id_rank(*b_position)))
                .then_with(|| a_position.cmp(b_position))
        });
        // An id listed on several rows counts once, with its best row.
        if self.has_repeated_ids {
            let mut seen = HashSet::new();
            scored.retain(|(position, _)| seen.insert(self.id_rank(*position)));
        }
        self.decide(record, &name, &scored)
    }

    fn id_rank(&self, position: usize) -> u32 {
        self.id_ranks.get(position).copied().unwrap_or(u32::MAX)
    }

    fn entry_id(&self, position: usize) -> &str {
        self.entries.get(position).map_or("", |e| e.id.as_str())
    }

    fn decide(&self, record: &Record, name: &RecordName, scored: &[(usize, Comparison)]) -> Match {
        let Some((best_position, best)) = scored.first() else {
            let reason = if name.tokens().is_empty() && name.email.is_none() {
                "no name or email to compare"
            } else {
                "no roster entry with a similar name or the same email"
            };
            return Match {
                record_id: record.id.clone(),
                roster_id: None,
                alternatives: Vec::new(),
                score: 0.0,
                status: MatchStatus::Unmatched,
                reason: reason.to_owned(),
                name: NameAgreement::Different,
                email: if name.email.is_some() {
                    EmailAgreement::Different
                } else {
                    EmailAgreement::Absent
                },
                candidates: Vec::new(),
            };
        };
        let best_id = self.entry_id(*best_position).to_owned();
        // Entries are told apart on what the record says about each: an email the record
        // does not share with one entry is no reason to prefer another that has none on
        // the roster, and a surname printed whole for one entry and as one part of
        // another's double surname tells them apart no better than the reader could.
        let lead = |other: &Comparison| -> f64 {
            let indistinct = other.last == LastLevel::Compound
                && matches!(best.last, LastLevel::Exact | LastLevel::ParticleDropped)
                && other.first == best.first
                && other.email == best.email
                && other.same_surname_reading(best);
            if indistinct {
                0.0
            } else {
                (best.weight - best.email_penalty) - (other.weight - other.email_penalty)
            }
        };
        let close: Vec<String> = scored
            .iter()
            .skip(1)
            .filter(|(_, c)| lead(c) < MARGIN && c.weight >= REVIEW_WEIGHT)
            .map(|(position, _)| self.entry_id(*position).to_owned())
            .collect();
        let close_count = close.len() + 1;
        let clear = scored.iter().skip(1).all(|(_, c)| lead(c) >= MARGIN);
        let best_entry = self.prepared.get(*best_position);
        let mut reason = best_entry.map_or_else(String::new, |entry| best.reason(name, entry));
        let (status, roster_id, alternatives) = if best.weight >= MATCH_WEIGHT && clear {
            (MatchStatus::Matched, Some(best_id), Vec::new())
        } else if best.weight >= REVIEW_WEIGHT {
            if close.is_empty() {
                reason.push_str("; too little evidence to link without review");
            } else {
                reason.push_str(&format!("; fits as well: {}", close.join(", ")));
            }
            (MatchStatus::Ambiguous, Some(best_id), close)
        } else {
            if best.email == EmailLevel::Same {
                reason = format!("email matches {best_id} but the name does not: {reason}");
            } else {
                reason = format!("closest {best_id}: {reason}; not enough to link");
            }
            (MatchStatus::Unmatched, None, Vec::new())
        };
        let candidates = if status == MatchStatus::Matched {
            Vec::new()
        } else {
            self.candidates(name, scored, close_count)
        };
        Match {
            record_id: record.id.clone(),
            roster_id,
            alternatives,
            score: confidence(best.weight),
            status,
            reason,
            name: name_agreement(best),
            email: match best.email {
                EmailLevel::Absent => EmailAgreement::Absent,
                EmailLevel::Same => EmailAgreement::Same,
                EmailLevel::Different => EmailAgreement::Different,
            },
            candidates,
        }
    }

    /// The entries to show for a record that was not linked: the `close` best ones (the
    /// best and those within the margin) whatever their weight, then any other with at
    /// least [`CANDIDATE_WEIGHT`], at most [`MAX_CANDIDATES`] in all.
    fn candidates(
        &self,
        name: &RecordName,
        scored: &[(usize, Comparison)],
        close: usize,
    ) -> Vec<Candidate> {
        scored
            .iter()
            .enumerate()
            .take_while(|(rank, (_, comparison))| {
                *rank < close || comparison.weight >= CANDIDATE_WEIGHT
            })
            .take(MAX_CANDIDATES)
            .filter_map(|(_, (position, comparison))| {
                let entry = self.prepared.get(*position)?;
                Some(Candidate {
                    roster_id: self.entry_id(*position).to_owned(),
                    score: confidence(comparison.weight),
                    reason: comparison.reason(name, entry),
                })
            })
            .collect()
    }

    /// Links every record, in parallel; results in input order.
    pub fn link_all(&self, records: &[Record]) -> Vec<Match> {
        use rayon::prelude::*;
        records.par_iter().map(|record| self.link(record)).collect()
    }

    /// How many roster entries are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the roster is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The name agreement shown for a comparison (SPEC §6 identity rule). Trivial differences
/// are [`NameAgreement::Same`]: case, accents, punctuation, spacing, order, a title, a
/// suffix printed on one side only, and a middle name or initial on one side only (or the
/// same middle initial on both: `Patricia A. Okafor` / `Patricia Ann Okafor`). A middle
/// initial that differs, or suffixes that differ (`Jr.` / `Sr.`), are not trivial.
fn name_agreement(comparison: &Comparison) -> NameAgreement {
    match (comparison.first, comparison.last) {
        (FirstLevel::Different, _) | (_, LastLevel::Different) => NameAgreement::Different,
        (FirstLevel::Exact | FirstLevel::Absent, LastLevel::Exact)
            if comparison.middle != Middle::Conflict && comparison.suffix_conflict.is_none() =>
        {
            NameAgreement::Same
        }
        _ => NameAgreement::Variant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, first: &str, last: &str, email: &str) -> RosterEntry {
        RosterEntry {
            id: id.to_owned(),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email: (!email.is_empty()).then(|| email.to_owned()),
        }
    }

    /// A small league roster with the hard cases in it.
    fn roster() -> Vec<RosterEntry> {
        vec![
            entry("CS-01", "Robert", "Smith", "rsmith@example.org"),
            entry("CS-02", "José", "Núñez", "jose.nunez@school.org"),
            entry("CS-03", "María", "García López", ""),
            entry("CS-04", "Sean", "O'Connor", ""),
            entry("CS-05", "Ludwig", "van der Berg", ""),
            entry("CS-06", "Elizabeth", "Warren", "lizwarren@gmail.com"),
            entry("CS-07", "Thomas", "Nguyen", "nguyenfamily@yahoo.com"),
            entry("CS-08", "Linh", "Nguyen", "nguyenfamily@yahoo.com"),
            entry("CS-09", "Jennifer", "Adams", "jen.adams@example.com"),
            entry("CS-10", "Maria", "Garcia", ""),
            entry("CS-11", "Maria", "Garcia", ""),
            entry("CS-12", "Michael", "Przybylski", ""),
            entry("CS-13", "James", "Johnson", ""),
            entry("CS-14", "Katherine", "Oduya", ""),
            entry("CS-15", "Francisco", "Hernández", ""),
            entry("CS-16", "Christopher", "Walsh", ""),
            entry("CS-17", "Christine", "Walsh", ""),
            entry("CS-18", "William", "Carter", "wcarter@example.net"),
            entry("CS-19", "William", "Carter Jr.", ""),
            entry("CS-20", "Mario", "Rossi", ""),
            entry("CS-21", "Ana", "Ramírez Soto", ""),
            entry("CS-22", "Nathaniel", "Whitford", ""),
            entry("CS-23", "", "Eglinton", ""),
            entry("CS-24", "Abigail", "Toseland", ""),
            entry("CS-25", "John", "Kowalczyk", "jkowalczyk@example.com"),
            entry("CS-26", "Sergio", "Fernandez", ""),
        ]
    }

    fn matcher() -> Matcher {
        Matcher::new(roster(), Nicknames::builtin())
    }

    fn link(matcher: &Matcher, name: &str, email: &str) -> Match {
        matcher.link(&Record {
            id: "r".to_owned(),
            name: name.to_owned(),
            email: (!email.is_empty()).then(|| email.to_owned()),
        })
    }

    /// The expected outcome of one table row.
    #[derive(Debug)]
    enum Expect {
        Matched(&'static str, NameAgreement),
        Ambiguous(&'static str),
        Unmatched,
    }

    #[test]
    fn each_variation_links_as_a_coordinator_would() {
        use Expect::*;
        use NameAgreement::*;
        let cases: &[(&str, &str, &str, Expect)] = &[
            ("exact", "Robert Smith", "", Matched("CS-01", Same)),
            ("nickname", "Bob Smith", "", Matched("CS-01", Variant)),
            (
                "nickname, other way",
                "Jen Adams",
                "",
                Matched("CS-09", Variant),
            ),
            (
                "nickname, formal on record",
                "Elizabeth Warren",
                "",
                Matched("CS-06", Same),
            ),
            (
                "nickname with email",
                "Liz Warren",
                "liz.warren@gmail.com",
                Matched("CS-06", Variant),
            ),
            ("accents dropped", "Jose Nunez", "", Matched("CS-02", Same)),
            ("mojibake", "JosÃ© NÃºÃ±ez", "", Matched("CS-02", Same)),
            ("upper case", "JOSE NUNEZ", "", Matched("CS-02", Same)),
            ("last, first", "Núñez, José", "", Matched("CS-02", Same)),
            (
                "swapped without comma",
                "Nunez Jose",
                "",
                Matched("CS-02", Same),
            ),
            (
                "middle initial",
                "Robert J. Smith",
                "",
                Matched("CS-01", Same),
            ),
            (
                "suffix",
                "Michael Przybylski Jr.",
                "",
                Matched("CS-12", Same),
            ),
            (
                "title",
                "Dr. Michael Przybylski",
                "",
                Matched("CS-12", Same),
            ),
            (
                "title coach",
                "Coach Katherine Oduya",
                "",
                Matched("CS-14", Same),
            ),
            ("apostrophe", "Sean OConnor", "", Matched("CS-04", Same)),
            (
                "apostrophe as space",
                "Sean O Connor",
                "",
                Matched("CS-04", Same),
            ),
            (
                "particles",
                "Ludwig Van Der Berg",
                "",
                Matched("CS-05", Same),
            ),
            (
                "particle dropped",
                "Ludwig Berg",
                "",
                Matched("CS-05", Variant),
            ),
            (
                "double surname, first part",
                "Ana Ramirez",
                "",
                Matched("CS-21", Variant),
            ),
            (
                "double surname, second part only",
                "Ana Soto",
                "",
                Matched("CS-21", Variant),
            ),
            (
                "double surname or a Maria Garcia",
                "María García",
                "",
                Ambiguous("CS-10"),
            ),
            (
                "double surname, second part",
                "Maria Lopez",
                "",
                Matched("CS-03", Variant),
            ),
            (
                "double surname hyphenated",
                "Maria Garcia-Lopez",
                "",
                Matched("CS-03", Same),
            ),
            (
                "typo in surname",
                "Michael Przybylsky",
                "",
                Matched("CS-12", Variant),
            ),
            (
                "typo in first name",
                "Katherien Oduya",
                "",
                Matched("CS-14", Variant),
            ),
            (
                "plus tag",
                "Robert Smith",
                "RSmith+u10@example.org",
                Matched("CS-01", Same),
            ),
            (
                "initial and initial-form email",
                "R Smith",
                "r.smith@other.org",
                Ambiguous("CS-01"),
            ),
            (
                "initial and matching email",
                "R Smith",
                "rsmith@example.org",
                Matched("CS-01", Variant),
            ),
            (
                "gmail dots",
                "Liz Warren",
                "liz.warren+u10@googlemail.com",
                Matched("CS-06", Variant),
            ),
            (
                "email local part",
                "Jose Nunez",
                "jnunez@gmail.com",
                Matched("CS-02", Same),
            ),
            (
                "family email, name decides",
                "Linh Nguyen",
                "NguyenFamily@yahoo.com",
                Matched("CS-08", Same),
            ),
            (
                "family email, initial decides",
                "T. Nguyen",
                "nguyenfamily@yahoo.com",
                Matched("CS-07", Variant),
            ),
            (
                "family email, surname only",
                "Nguyen",
                "nguyenfamily@yahoo.com",
                Ambiguous("CS-07"),
            ),
            (
                "surname change",
                "Jennifer Baker",
                "jen.adams@example.com",
                Matched("CS-09", Different),
            ),
            ("two Maria Garcias", "Maria Garcia", "", Ambiguous("CS-10")),
            ("not on roster", "Pat Quinlan", "", Unmatched),
            ("relative not on roster", "Anna Przybylski", "", Unmatched),
            (
                "email only, name different",
                "Karen Lee",
                "rsmith@example.org",
                Unmatched,
            ),
            ("gendered ending", "Maria Rossi", "", Unmatched),
            ("Chris is both", "Chris Walsh", "", Ambiguous("CS-16")),
            (
                "suffix decides",
                "William Carter Jr",
                "",
                Matched("CS-19", Same),
            ),
            (
                "email decides",
                "William Carter",
                "wcarter@example.net",
                Matched("CS-18", Same),
            ),
            (
                "no email, same names",
                "William Carter",
                "",
                Ambiguous("CS-18"),
            ),
            (
                "nickname spanish",
                "Paco Hernandez",
                "",
                Matched("CS-15", Variant),
            ),
            ("empty name", "", "", Unmatched),
            (
                "a typo in each name, both long",
                "Nathanial Whitfrod",
                "",
                Matched("CS-22", Variant),
            ),
            (
                "first two letters of the surname swapped",
                "Robert Msith",
                "",
                Matched("CS-01", Variant),
            ),
            (
                "two typos in a long surname",
                "Abigail Toselda",
                "",
                Matched("CS-24", Variant),
            ),
            (
                "typos in both names, email spells the name",
                "Jon Kowalcyzk",
                "jon.kowalczyk@gmail.com",
                Matched("CS-25", Variant),
            ),
            (
                "surname alone on both sides",
                "Eglinton",
                "",
                Matched("CS-23", Same),
            ),
            (
                "a different initial is a different surname",
                "Sergio Hernandez",
                "",
                Unmatched,
            ),
            (
                "two typos in a short surname are a different name",
                "Maria Garza",
                "",
                Unmatched,
            ),
        ];
        let matcher = matcher();
        let mut failures = Vec::new();
        for (label, name, email, expected) in cases {
            let found = link(&matcher, name, email);
            let ok = match expected {
                Matched(id, agreement) => {
                    found.status == MatchStatus::Matched
                        && found.roster_id.as_deref() == Some(*id)
                        && found.name == *agreement
                }
                Ambiguous(id) => {
                    found.status == MatchStatus::Ambiguous
                        && found.roster_id.as_deref() == Some(*id)
                }
                Unmatched => found.status == MatchStatus::Unmatched && found.roster_id.is_none(),
            };
            if !ok {
                failures.push(format!(
                    "{label}: {name:?} <{email}> expected {expected:?}, got {:?} {:?} {:?} {:.3} ({})",
                    found.status, found.roster_id, found.name, found.score, found.reason
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// Two rosters of different make-up (a Southern California league; FEBRL-style
    /// Anglo-Australian names), each with a family email shared by spouses, namesakes and
    /// a father and a son.
    fn two_rosters() -> Vec<Vec<RosterEntry>> {
        vec![
            vec![
                entry("L-1", "Mohammed", "Haddad", "m.haddad@example.org"),
                entry("L-2", "Karim", "Nasser", "knasser@example.org"),
                entry("L-3", "Hovhannes", "Petrosyan", "hovhannes.p@example.org"),
                entry("L-4", "José", "Núñez", "jnunez@example.org"),
                entry("L-5", "Thomas", "Nguyen", "nguyenfamily@example.org"),
                entry("L-6", "Linh", "Nguyen", "nguyenfamily@example.org"),
                entry("L-7", "Maria Lourdes", "Santos", "malou.santos@example.org"),
                entry("L-8", "Darnell", "Jefferson Jr.", "dj.junior@example.org"),
                entry("L-9", "Darnell", "Jefferson Sr.", ""),
                entry("L-10", "Ana", "García", ""),
                entry("L-11", "Ana", "García López", ""),
            ],
            vec![
                entry("F-1", "Mohammed", "Rokobaro", "mrokobaro@example.net"),
                entry("F-2", "Karim", "Whitehouse", "karim.w@example.net"),
                entry("F-3", "Hovhannes", "Mcmahon", "hmcmahon@example.net"),
                entry("F-4", "José", "Campbell", "jose.campbell@example.net"),
                entry("F-5", "Thomas", "Hobson", "hobsons@example.net"),
                entry("F-6", "Linh", "Hobson", "hobsons@example.net"),
                entry("F-7", "Maria Lourdes", "Thorpe", "mthorpe@example.net"),
                entry("F-8", "Darnell", "Blake Jr.", "dblake@example.net"),
                entry("F-9", "Darnell", "Blake Sr.", ""),
                entry("F-10", "Ana", "Green", ""),
                entry("F-11", "Ana", "Green Mason", ""),
            ],
        ]
    }

    /// A roster's entry `n` (1-based), its surname and email.
    fn nth(roster: &[RosterEntry], n: usize) -> (&str, String, String) {
        let entry = &roster[n - 1];
        let surname = entry
            .last_name
            .trim_end_matches(" Jr.")
            .trim_end_matches(" Sr.")
            .to_owned();
        (
            entry.id.as_str(),
            surname,
            entry.email.clone().unwrap_or_default(),
        )
    }

    #[test]
    fn an_exact_email_and_a_name_that_agrees_in_any_form_link_on_every_roster() {
        for roster in two_rosters() {
            let matcher = Matcher::new(roster.clone(), Nicknames::builtin());
            let (haddad, haddad_last, haddad_email) = nth(&roster, 1);
            let (nasser, nasser_last, nasser_email) = nth(&roster, 2);
            let (hovhannes, hovhannes_last, hovhannes_email) = nth(&roster, 3);
            let (nunez, nunez_last, nunez_email) = nth(&roster, 4);
            let (thomas, nguyen_last, family_email) = nth(&roster, 5);
            let (malou, santos_last, santos_email) = nth(&roster, 7);
            let cases: Vec<(String, &str, &str)> = vec![
                // A transliteration, from the table and by sound.
                (format!("Muhammad {haddad_last}"), &haddad_email, haddad),
                (format!("Kareem {nasser_last}"), &nasser_email, nasser),
                (format!("Kariem {nasser_last}"), &nasser_email, nasser),
                // A nickname in the family's language (Armenian, Tagalog, Spanish).
                (
                    format!("Hovo {hovhannes_last}"),
                    &hovhannes_email,
                    hovhannes,
                ),
                (format!("Malou {santos_last}"), &santos_email, malou),
                (format!("Pepe {nunez_last}"), &nunez_email, nunez),
                // Repaired mojibake and an initial.
                (format!("JosÃ© {nunez_last}"), &nunez_email, nunez),
                (format!("J. {nunez_last}"), &nunez_email, nunez),
                // A family email with an initial that rules out the spouse.
                (format!("T. {nguyen_last}"), &family_email, thomas),
            ];
            for (name, email, expected) in &cases {
                let found = link(&matcher, name, email);
                assert_eq!(
                    (found.status, found.roster_id.as_deref()),
                    (MatchStatus::Matched, Some(*expected)),
                    "{name} <{email}>: {}",
                    found.reason
                );
            }
            // Stays out: a family email with the surname only, or with a nickname both
            // spouses could go by; another given name with the coach's own email.
            for (name, email) in [
                (nguyen_last.clone(), family_email.as_str()),
                (format!("Patricia {haddad_last}"), haddad_email.as_str()),
                (format!("Ahmed {haddad_last}"), haddad_email.as_str()),
            ] {
                let found = link(&matcher, &name, email);
                assert_ne!(found.status, MatchStatus::Matched, "{name} <{email}>");
            }
        }
    }

    #[test]
    fn a_suffix_tells_a_father_from_a_son_and_review_items_list_both() {
        for roster in two_rosters() {
            let matcher = Matcher::new(roster.clone(), Nicknames::builtin());
            let (junior, surname, _) = nth(&roster, 8);
            let (senior, _, _) = nth(&roster, 9);
            let found = link(&matcher, &format!("Darnell {surname} Jr."), "");
            assert_eq!(found.roster_id.as_deref(), Some(junior), "{}", found.reason);
            assert_eq!(found.status, MatchStatus::Matched);
            let found = link(&matcher, &format!("{surname}, Darnell, Sr"), "");
            assert_eq!(found.roster_id.as_deref(), Some(senior), "{}", found.reason);
            assert_eq!(found.status, MatchStatus::Matched);
            // Without a suffix it could be either: both are shown, with why.
            let found = link(&matcher, &format!("Darnell {surname}"), "");
            assert_eq!(found.status, MatchStatus::Ambiguous);
            let shown: Vec<&str> = found
                .candidates
                .iter()
                .map(|c| c.roster_id.as_str())
                .collect();
            assert!(
                shown.contains(&junior) && shown.contains(&senior),
                "{shown:?}"
            );
            assert!(found.candidates.iter().all(|c| !c.reason.is_empty()));
        }
    }

    #[test]
    fn a_surname_printed_as_one_part_of_a_double_surname_is_ambiguous_on_every_roster() {
        for roster in two_rosters() {
            let matcher = Matcher::new(roster.clone(), Nicknames::builtin());
            let (single, surname, _) = nth(&roster, 10);
            let (double, double_surname, _) = nth(&roster, 11);
            let found = link(&matcher, &format!("Ana {surname}"), "");
            assert_eq!(found.status, MatchStatus::Ambiguous, "{}", found.reason);
            let shown: Vec<&str> = found
                .candidates
                .iter()
                .map(|c| c.roster_id.as_str())
                .collect();
            assert!(shown.contains(&single) && shown.contains(&double));
            // The whole double surname is printed: it says which one.
            let found = link(&matcher, &format!("Ana {double_surname}"), "");
            assert_eq!(
                (found.status, found.roster_id.as_deref()),
                (MatchStatus::Matched, Some(double)),
                "{}",
                found.reason
            );
        }
    }

    #[test]
    fn reasons_name_each_field() {
        let matcher = matcher();
        let found = link(&matcher, "Bob Smith", "RSmith@Example.org");
        assert_eq!(found.status, MatchStatus::Matched);
        assert_eq!(
            found.reason,
            "email exact; first name nickname Bob~Robert; last name exact"
        );
        assert_eq!(found.email, EmailAgreement::Same);
        let found = link(&matcher, "Jennifer Baker", "jen.adams@example.com");
        assert!(
            found.reason.contains("possible surname change"),
            "{}",
            found.reason
        );
        let found = link(&matcher, "Maria Garcia", "");
        assert_eq!(found.alternatives, ["CS-11", "CS-03"]);
        assert!(found.reason.contains("CS-11"), "{}", found.reason);
    }

    #[test]
    fn a_rare_surname_is_stronger_evidence_than_a_common_one() {
        let mut roster = vec![
            entry("R-1", "John", "Garcia", ""),
            entry("R-2", "John", "Zbinden", ""),
        ];
        for n in 0..8 {
            roster.push(entry(&format!("G-{n}"), &format!("Other{n}"), "Garcia", ""));
        }
        let matcher = Matcher::new(roster, Nicknames::builtin());
        let common = link(&matcher, "John Garcia", "");
        let rare = link(&matcher, "John Zbinden", "");
        assert_eq!(common.roster_id.as_deref(), Some("R-1"));
        assert_eq!(rare.roster_id.as_deref(), Some("R-2"));
        assert!(
            rare.score > common.score,
            "{} vs {}",
            rare.score,
            common.score
        );
        // An initial with a rare surname is worth a look; with a common one it is not.
        let rare_initial = link(&matcher, "J. Zbinden", "");
        let common_initial = link(&matcher, "J. Garcia", "");
        assert!(rare_initial.score > common_initial.score);
        assert_ne!(common_initial.status, MatchStatus::Matched);
    }

    #[test]
    fn an_empty_roster_matches_nothing() {
        let matcher = Matcher::new(Vec::new(), Nicknames::builtin());
        let found = link(&matcher, "Robert Smith", "rsmith@example.org");
        assert_eq!(found.status, MatchStatus::Unmatched);
        assert_eq!(found.score, 0.0);
    }

    #[test]
    fn link_all_keeps_input_order() {
        let matcher = matcher();
        let records: Vec<Record> = ["Bob Smith", "Nobody", "Jose Nunez"]
            .iter()
            .enumerate()
            .map(|(n, name)| Record {
                id: format!("r{n}"),
                name: (*name).to_owned(),
                email: None,
            })
            .collect();
        let ids: Vec<String> = matcher
            .link_all(&records)
            .into_iter()
            .map(|m| m.record_id)
            .collect();
        assert_eq!(ids, ["r0", "r1", "r2"]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn name_strategy() -> impl Strategy<Value = String> {
            let parts = prop::sample::select(vec![
                "Robert", "Bob", "Smith", "José", "Nunez", "María", "García", "López", "Maria",
                "Garcia", "Jr.", "Dr.", "O'Connor", "van", "der", "Berg", ",", "J.", "Zzyzx",
            ]);
            prop::collection::vec(parts, 0..5).prop_map(|parts| parts.join(" "))
        }

        fn record_strategy() -> impl Strategy<Value = (String, Option<String>)> {
            let emails = prop::sample::select(vec![
                None,
                Some("rsmith@example.org"),
                Some("nguyenfamily@yahoo.com"),
                Some("someone@else.com"),
            ]);
            (name_strategy(), emails).prop_map(|(n, e)| (n, e.map(str::to_owned)))
        }

        proptest! {
            #[test]
            fn linking_is_deterministic_and_independent_of_record_order(
                rows in prop::collection::vec(record_strategy(), 0..12),
                rotation in 0usize..12,
            ) {
                let matcher = matcher();
                let records: Vec<Record> = rows
                    .iter()
                    .enumerate()
                    .map(|(n, (name, email))| Record { id: format!("r{n}"), name: name.clone(), email: email.clone() })
                    .collect();
                let first = matcher.link_all(&records);
                prop_assert_eq!(first.len(), records.len());
                for (found, record) in first.iter().zip(&records) {
                    prop_assert_eq!(&found.record_id, &record.id);
                    prop_assert!((0.0..=1.0).contains(&found.score));
                    prop_assert_eq!(found.roster_id.is_none(), found.status == MatchStatus::Unmatched);
                }
                let mut rotated = records.clone();
                if !rotated.is_empty() {
                    let by = rotation % rotated.len();
                    rotated.rotate_left(by);
                }
                let second = matcher.link_all(&rotated);
                for found in &second {
                    let same = first.iter().find(|m| m.record_id == found.record_id);
                    prop_assert_eq!(Some(found), same);
                }
                let one_by_one: Vec<Match> = records.iter().map(|r| matcher.link(r)).collect();
                prop_assert_eq!(first, one_by_one);
            }
        }
    }
}
