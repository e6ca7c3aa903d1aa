//! reconcile: roster + extractions + matches + decisions + policy → the [`Report`] model.
//! Pure: no I/O, no clock (the caller passes `generated_at`), deterministic order, so the
//! same inputs always give byte-identical reports whatever the thread count.

use std::cell::LazyCell;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::certificates::{Course, Extraction, ExtractionStatus};
use crate::decisions::{self, Decision, DecisionKind};
use crate::findings::{Code, Finding, Severity};
use crate::matching::{
    EmailAgreement, Match, MatchStatus, Matcher, NameAgreement, Nicknames, Record, RosterEntry,
};
use crate::policy::rules::identity::{IdentityFindings, MatchedCertificate};
use crate::policy::{Evidence, EvidenceSource, Policy, Requirement};
use crate::roster::{BackgroundRow, BackgroundStatus, Coach, Roster, TrainingStatus};
use crate::verdict::{
    CertificateReport, CoachReport, CoachStatus, DecisionReport, InboxSummary, MatchReport, Report,
    RequirementInfo, RequirementStatus, Requirements, Summary, TeamReport, UpcomingSummary, SCHEMA,
};

/// One certificate file, read (or taken from the cache).
#[derive(Clone, Debug)]
pub struct CertificateInput {
    /// File, relative to the inbox.
    pub file: String,
    /// Content hash (hex).
    pub sha256: String,
    /// What was read.
    pub extraction: Extraction,
    /// Where it came from, when not a file in the inbox (a mail attachment).
    pub source: Option<crate::report::CertificateSource>,
}

/// Everything a reconciliation needs.
pub struct Inputs<'a> {
    /// The merged roster.
    pub roster: Roster,
    /// Background-check list rows, merged into coaches here.
    pub background_rows: Vec<BackgroundRow>,
    /// Findings from reading the inbox, rosters and decisions.
    pub findings: Vec<Finding>,
    /// Certificates, sorted by file; duplicates (same sha256) already removed.
    pub certificates: Vec<CertificateInput>,
    /// The coordinator's decisions.
    pub decisions: Vec<Decision>,
    /// Roster/list files read.
    pub rosters: Vec<String>,
    /// Ignored files count.
    pub ignored: usize,
    /// Certificate files found (including duplicates).
    pub certificate_files: usize,
    /// The rules.
    pub policy: &'a Policy,
    /// Extra nickname pairs.
    pub nicknames: Vec<(String, String)>,
    /// The date rules are judged at.
    pub as_of: NaiveDate,
    /// RFC 3339 time of the run.
    pub generated_at: String,
    /// Certificate links remembered from the previous run (empty on a first run).
    pub memo: LinkMemo,
}

/// Certificate links remembered between runs. They stay valid while the roster, the extra
/// nicknames and the matching engine are the same ([`LinkMemo::fingerprint`]), so a run
/// that only adds certificates links only the new names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkMemo {
    /// What the links were computed against.
    pub fingerprint: String,
    /// One link per distinct (name, email) printed on the run's certificates.
    pub links: Vec<RememberedLink>,
}

/// One remembered link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RememberedLink {
    /// The holder's name as printed.
    pub name: String,
    /// The email as printed.
    pub email: Option<String>,
    /// The link decided for them.
    pub link: Match,
}

/// A reconciliation's results: the report, and the links to remember for the next run.
#[derive(Debug)]
pub struct Reconciled {
    /// The report model.
    pub report: Report,
    /// The links of this run.
    pub memo: LinkMemo,
}

/// Fingerprint of everything a link depends on besides the record itself.
fn link_fingerprint(entries: &[RosterEntry], nicknames: &[(String, String)]) -> String {
    let mut hash = Sha256::new();
    hash.update(crate::matching::VERSION.to_le_bytes());
    for entry in entries {
        for field in [
            entry.id.as_str(),
            &entry.first_name,
            &entry.last_name,
            entry.email.as_deref().unwrap_or("\u{1}"),
        ] {
            hash.update(field.as_bytes());
            hash.update([0]);
        }
    }
    hash.update([1]);
    for (a, b) in nicknames {
        hash.update(a.as_bytes());
        hash.update([0]);
        hash.update(b.as_bytes());
        hash.update([0]);
    }
    crate::pipeline::hex(&hash.finalize())
}

/// Runs the whole reconciliation, in named steps: merge the background-check lists into
/// the roster, link each certificate to a coach, apply the coordinator's decisions and
/// gather each coach's evidence, evaluate every coach against the requirements, and
/// summarise.
pub fn reconcile(inputs: Inputs<'_>) -> Reconciled {
    let Inputs {
        mut roster,
        background_rows,
        mut findings,
        certificates,
        decisions,
        rosters,
        ignored,
        certificate_files,
        policy,
        nicknames,
        as_of,
        generated_at,
        memo,
    } = inputs;
    let entries: Vec<RosterEntry> = roster
        .coaches
        .iter()
        .map(|coach| RosterEntry {
            id: coach.id.clone(),
            first_name: coach.first_name.clone(),
            last_name: coach.last_name.clone(),
            email: coach.email.clone(),
        })
        .collect();
    let fingerprint = link_fingerprint(&entries, &nicknames);
    // Built only when something needs linking: a warm run may need nothing.
    let matcher = LazyCell::new(move || {
        let mut nickname_table = Nicknames::builtin();
        nickname_table.extend(nicknames);
        Matcher::new(entries, nickname_table)
    });
    if !background_rows.is_empty() {
        merge_background_rows(&mut roster, &matcher, background_rows, &mut findings);
    }
    let (links, memo) = link_certificates(&roster, &certificates, &matcher, memo, fingerprint);
    let mut used_decisions = vec![false; decisions.len()];
    let Gathered {
        evidence,
        certificates: certificate_reports,
    } = gather_evidence(
        &roster,
        &certificates,
        links,
        &decisions,
        &mut used_decisions,
        &mut findings,
    );
    let mut evidence = evidence;
    let mut certificate_reports = certificate_reports;
    registration_evidence(&roster, &mut evidence, &mut certificate_reports);
    let coach_reports = evaluate_coaches(
        &roster,
        policy,
        &evidence,
        &decisions,
        &mut used_decisions,
        &mut findings,
        as_of,
    );
    findings.extend(stale_decisions(&decisions, &used_decisions));
    let report = summarise(Summarised {
        policy,
        as_of,
        generated_at,
        coaches: coach_reports,
        findings,
        certificates: certificate_reports,
        inbox: InboxSummary {
            rosters,
            certificates: certificate_files,
            ignored,
        },
        decisions: decisions
            .iter()
            .zip(&used_decisions)
            .map(|(decision, applied)| DecisionReport {
                file: decision.file.clone(),
                coach_id: decision.coach_id.clone(),
                decision: decision.kind.as_str().to_string(),
                note: decision.note.clone(),
                applied: *applied,
            })
            .collect(),
    });
    Reconciled { report, memo }
}

/// Links every readable certificate with a holder to a coach (or none). A coach's
/// certificates usually print the same name and email, so each distinct (name, email) is
/// linked once, and links remembered from the last run with the same roster are reused.
fn link_certificates(
    roster: &Roster,
    certificates: &[CertificateInput],
    matcher: &Matcher,
    memo: LinkMemo,
    fingerprint: String,
) -> (HashMap<String, Match>, LinkMemo) {
    let mut distinct: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    let mut records: Vec<Record> = Vec::new();
    let mut record_of: Vec<(&str, usize)> = Vec::new();
    for input in certificates {
        if input.extraction.status != ExtractionStatus::Ok {
            continue;
        }
        let Some(name) = input.extraction.holder.as_deref() else {
            continue;
        };
        let email = input.extraction.email.as_deref();
        let index = *distinct.entry((name, email)).or_insert_with(|| {
            records.push(Record {
                id: input.file.clone(),
                name: name.to_owned(),
                email: email.map(str::to_owned),
            });
            records.len() - 1
        });
        record_of.push((input.file.as_str(), index));
    }
    let remembered: HashMap<(&str, Option<&str>), &Match> = if memo.fingerprint == fingerprint {
        memo.links
            .iter()
            .map(|known| ((known.name.as_str(), known.email.as_deref()), &known.link))
            .collect()
    } else {
        HashMap::new()
    };
    let unknown: Vec<Record> = records
        .iter()
        .filter(|record| !remembered.contains_key(&(record.name.as_str(), record.email.as_deref())))
        .cloned()
        .collect();
    tracing::debug!(
        distinct = records.len(),
        remembered = records.len() - unknown.len(),
        "certificate links"
    );
    let mut fresh: HashMap<(&str, Option<&str>), Match> = HashMap::new();
    if !roster.coaches.is_empty() && !unknown.is_empty() {
        for (record, link) in unknown.iter().zip(matcher.link_all(&unknown)) {
            fresh.insert((record.name.as_str(), record.email.as_deref()), link);
        }
    }
    // Each distinct record's link, remembered or fresh (None without a roster).
    let resolved: Vec<Option<&Match>> = records
        .iter()
        .map(|record| {
            let key = (record.name.as_str(), record.email.as_deref());
            remembered.get(&key).copied().or_else(|| fresh.get(&key))
        })
        .collect();
    let links: HashMap<String, Match> = if roster.coaches.is_empty() {
        HashMap::new()
    } else {
        record_of
            .into_iter()
            .filter_map(|(file, index)| {
                let mut link = (*resolved.get(index)?)?.clone();
                link.record_id = file.to_owned();
                Some((file.to_owned(), link))
            })
            .collect()
    };
    let links = with_sender_links(links, certificates, &matcher);
    let memo = LinkMemo {
        fingerprint,
        links: records
            .iter()
            .zip(&resolved)
            .filter_map(|(record, link)| {
                Some(RememberedLink {
                    name: record.name.clone(),
                    email: record.email.clone(),
                    link: (*link)?.clone(),
                })
            })
            .collect(),
    };
    (links, memo)
}

/// Relinks the certificates that came by mail and print no email with the sender's address
/// as extra evidence ([`Matcher::link_with_sender`]); other links are kept as they are. The
/// matcher (lazily built by the caller) is touched only if such a certificate is there.
fn with_sender_links(
    mut links: HashMap<String, Match>,
    certificates: &[CertificateInput],
    matcher: &impl std::ops::Deref<Target = Matcher>,
) -> HashMap<String, Match> {
    for input in certificates {
        let extraction = &input.extraction;
        let sender = input.source.as_ref().and_then(|source| source.sender());
        let (Some(holder), None, Some(sender)) = (&extraction.holder, &extraction.email, sender)
        else {
            continue;
        };
        if extraction.status != ExtractionStatus::Ok {
            continue;
        }
        if matcher.is_empty() {
            break;
        }
        let record = Record {
            id: input.file.clone(),
            name: holder.clone(),
            email: None,
        };
        links.insert(
            input.file.clone(),
            matcher.link_with_sender(&record, Some(sender)),
        );
    }
    links
}

/// Each coach's evidence and the report's certificate list.
struct Gathered {
    /// Per coach (roster order), the certificates that count for them.
    evidence: Vec<Vec<Evidence>>,
    /// One entry per certificate file.
    certificates: Vec<CertificateReport>,
}

/// Applies the coordinator's decisions to each certificate's link, raises the findings
/// about the file itself, its link and its identity, and gathers the evidence that counts.
fn gather_evidence(
    roster: &Roster,
    certificates: &[CertificateInput],
    links: HashMap<String, Match>,
    decisions: &[Decision],
    used_decisions: &mut [bool],
    findings: &mut Vec<Finding>,
) -> Gathered {
    let coach_index: HashMap<&str, usize> = roster
        .coaches
        .iter()
        .enumerate()
        .map(|(index, coach)| (coach.id.as_str(), index))
        .collect();
    let mut evidence: Vec<Vec<Evidence>> = vec![Vec::new(); roster.coaches.len()];
    let mut certificate_reports = Vec::with_capacity(certificates.len());
    // A coach's certificates that print the same name (or email) make one review item.
    let mut identity_findings = IdentityFindings::default();
    for input in certificates {
        let extraction = &input.extraction;
        let Decided {
            link,
            course,
            completed_on,
            accepted_by_decision,
            rejected,
            match_decided,
        } = apply_decisions(
            input,
            links.get(&input.file).cloned(),
            decisions,
            used_decisions,
            &coach_index,
        );

        // Findings about the file itself.
        let readable = extraction.status == ExtractionStatus::Ok || accepted_by_decision;
        if !rejected && !accepted_by_decision {
            findings.extend(file_findings(input, link.as_ref()));
            findings.extend(ocr_findings(input, link.as_ref()));
        }
        // A scan read below the safe confidence counts only once a person has looked.
        let withheld = ocr_withheld(extraction) && !accepted_by_decision && !match_decided;
        let coach_id = link
            .as_ref()
            .filter(|link| link.status == MatchStatus::Matched)
            .and_then(|link| link.roster_id.clone());
        if readable && !rejected && extraction.status == ExtractionStatus::Ok && !match_decided {
            match link.as_ref() {
                Some(found) if found.status == MatchStatus::Matched => {}
                Some(found) if found.status == MatchStatus::Ambiguous => {
                    let cards = candidate_cards(Some(found), &roster.coaches, &coach_index);
                    findings.push(ambiguous_finding(input, found, &cards));
                }
                _ => {
                    let cards = candidate_cards(link.as_ref(), &roster.coaches, &coach_index);
                    findings.push(unmatched_finding(
                        input,
                        link.as_ref(),
                        roster.coaches.is_empty(),
                        &cards,
                    ));
                }
            }
        }
        if let (Some(coach_id), Some(found)) = (&coach_id, &link) {
            if let Some(&index) = coach_index.get(coach_id.as_str()) {
                let coach = &roster.coaches[index];
                if !rejected && !match_decided {
                    let coach_name = coach.full_name();
                    identity_findings.add(&MatchedCertificate {
                        file: &input.file,
                        holder: extraction.holder.as_deref().unwrap_or(""),
                        email: extraction.email.as_deref(),
                        coach_id,
                        coach_name: &coach_name,
                        coach_email: coach.email.as_deref(),
                        link: found,
                    });
                }
                if let (Some(course), false, true, false) = (course, rejected, readable, withheld) {
                    evidence[index].push(Evidence {
                        source: EvidenceSource::Certificate,
                        file: input.file.clone(),
                        course,
                        completed_on,
                        expires_on: extraction.expires_on,
                    });
                }
            }
        }
        certificate_reports.push(CertificateReport {
            file: input.file.clone(),
            sha256: input.sha256.clone(),
            status: extraction.status,
            kind: course.and_then(Course::kind).or(extraction.kind),
            course,
            course_title: extraction.course_title.clone(),
            holder: extraction.holder.clone(),
            completed_on,
            expires_on: extraction.expires_on,
            email: extraction.email.clone(),
            certificate_id: extraction.certificate_id.clone(),
            coach_id: if rejected { None } else { coach_id },
            match_: match &link {
                Some(link) => MatchReport {
                    status: link.status,
                    score: (link.score * 1000.0).round() / 1000.0,
                    reason: link.reason.clone(),
                },
                None => MatchReport {
                    status: MatchStatus::Unmatched,
                    score: 0.0,
                    reason: match extraction.status {
                        ExtractionStatus::Ok if roster.coaches.is_empty() => {
                            "no roster found".to_string()
                        }
                        ExtractionStatus::Ok => "no holder name read".to_string(),
                        _ => format!(
                            "not read: {}",
                            extraction
                                .error
                                .as_deref()
                                .unwrap_or(extraction.status.as_str())
                        ),
                    },
                },
            },
            source: input.source.clone(),
            ocr: extraction.ocr,
        });
    }
    findings.extend(identity_findings.finish());
    Gathered {
        evidence,
        certificates: certificate_reports,
    }
}

/// The training records of registration exports (roster CSVs and workbooks) as evidence
/// for their coach, and as entries of the report's certificate list with the source
/// `registration_record`. Whether one counts is each requirement's decision
/// (`accept_registration_records`); a record the export marks expired counts as lapsed
/// on its date, and one without a course id or a date to judge it by only informs.
fn registration_evidence(
    roster: &Roster,
    evidence: &mut [Vec<Evidence>],
    certificates: &mut Vec<CertificateReport>,
) {
    for (index, coach) in roster.coaches.iter().enumerate() {
        for record in &coach.training_records {
            let Some(course) = record.course else {
                continue;
            };
            let expires_on = match record.status {
                TrainingStatus::Completed => record.expires_on,
                TrainingStatus::Expired => match record.expires_on.or(record.completed_on) {
                    Some(date) => Some(date),
                    None => continue,
                },
            };
            let file = match &record.source.sheet {
                Some(sheet) => {
                    format!("{}#{} row {}", record.source.file, sheet, record.source.row)
                }
                None => format!("{} line {}", record.source.file, record.source.row),
            };
            let mut hash = Sha256::new();
            for part in [
                "registration record",
                file.as_str(),
                course.id(),
                record.label.as_str(),
                &format!("{:?} {:?}", record.completed_on, expires_on),
            ] {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
            evidence[index].push(Evidence {
                file: file.clone(),
                source: EvidenceSource::RegistrationRecord,
                course,
                completed_on: record.completed_on,
                expires_on,
            });
            certificates.push(CertificateReport {
                file,
                sha256: crate::pipeline::hex(&hash.finalize()),
                status: ExtractionStatus::Ok,
                kind: course.kind(),
                course: Some(course),
                course_title: Some(record.label.clone()),
                holder: Some(coach.full_name()),
                completed_on: record.completed_on,
                expires_on,
                email: coach.email.clone(),
                certificate_id: None,
                coach_id: Some(coach.id.clone()),
                match_: MatchReport {
                    status: MatchStatus::Matched,
                    score: 1.0,
                    reason: "the coach's own row of the registration export".to_string(),
                },
                source: Some(crate::report::CertificateSource::RegistrationRecord {
                    file: record.source.file.clone(),
                    sheet: record.source.sheet.clone(),
                    row: record.source.row,
                    label: record.label.clone(),
                }),
                ocr: false,
            });
        }
    }
}

/// Evaluates every coach against the requirements, then applies the coordinator's
/// exemptions.
fn evaluate_coaches(
    roster: &Roster,
    policy: &Policy,
    evidence: &[Vec<Evidence>],
    decisions: &[Decision],
    used_decisions: &mut [bool],
    findings: &mut Vec<Finding>,
    as_of: NaiveDate,
) -> Vec<CoachReport> {
    let mut coach_reports = Vec::with_capacity(roster.coaches.len());
    for (index, coach) in roster.coaches.iter().enumerate() {
        let facts = policy.facts(coach);
        let (mut requirements, mut coach_findings) =
            policy.evaluate(&facts, &evidence[index], as_of);
        for (decision_index, decision) in decisions.iter().enumerate() {
            if decision.kind != DecisionKind::Exempt || decision.coach_id != coach.id {
                continue;
            }
            if let Some(id) = exempt(policy, &mut requirements, &decision.note) {
                used_decisions[decision_index] = true;
                coach_findings.retain(|finding| finding.requirement.as_deref() != Some(id));
            }
        }
        findings.extend(coach_findings);
        coach_reports.push(CoachReport {
            id: coach.id.clone(),
            name: coach.full_name(),
            email: coach.email.clone(),
            teams: coach
                .teams
                .iter()
                .map(|team| TeamReport {
                    team: team.team.clone(),
                    division: team
                        .age_group
                        .map_or_else(|| team.division.clone(), |age| format!("U{age}")),
                    format: team
                        .age_group
                        .and_then(|age| policy.format_for(age))
                        .map(|format| format.as_str().to_string()),
                    role: team.role.as_str().to_string(),
                })
                .collect(),
            status: CoachStatus::Compliant,
            requirements,
        });
    }
    coach_reports
}

/// A finding for each decision that applied to nothing this run.
fn stale_decisions(decisions: &[Decision], used_decisions: &[bool]) -> Vec<Finding> {
    let mut stale = Vec::new();
    for (index, decision) in decisions.iter().enumerate() {
        if !used_decisions[index] {
            stale.push(
                Finding::new(
                    Code::StaleDecision,
                    format!(
                        "The decision \"{}\" for {} {} no longer applies (no such file, coach or situation).",
                        decision.kind.as_str(),
                        if decision.file.is_empty() { "coach" } else { decision.file.as_str() },
                        decision.coach_id
                    ),
                    "Remove or correct this line in decisions.csv.",
                )
                .at("decisions.csv", decision.line),
            );
        }
    }
    stale
}

/// What the summary step needs.
struct Summarised<'a> {
    policy: &'a Policy,
    as_of: NaiveDate,
    generated_at: String,
    coaches: Vec<CoachReport>,
    findings: Vec<Finding>,
    certificates: Vec<CertificateReport>,
    inbox: InboxSummary,
    decisions: Vec<DecisionReport>,
}

/// Orders the findings, gives review findings their decision line, sets each coach's
/// status from their findings and counts the summary.
fn summarise(parts: Summarised<'_>) -> Report {
    let Summarised {
        policy,
        as_of,
        generated_at,
        coaches: mut coach_reports,
        mut findings,
        certificates: certificate_reports,
        inbox,
        decisions,
    } = parts;
    add_decision_lines(&mut findings);
    findings.sort_by(|a, b| {
        (a.severity, a.code, &a.coach_id, &a.file, a.line, &a.message).cmp(&(
            b.severity,
            b.code,
            &b.coach_id,
            &b.file,
            b.line,
            &b.message,
        ))
    });
    findings.dedup();

    // Coach status from their findings.
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for finding in &findings {
        if let Some(coach_id) = &finding.coach_id {
            let entry = worst.entry(coach_id.as_str()).or_insert(Severity::Info);
            *entry = (*entry).min(finding.severity);
        }
    }
    for coach in &mut coach_reports {
        coach.status = match worst.get(coach.id.as_str()) {
            Some(Severity::Action) => CoachStatus::ActionNeeded,
            Some(Severity::Review) => CoachStatus::NeedsReview,
            _ => CoachStatus::Compliant,
        };
    }
    let mut findings_by_code = BTreeMap::new();
    for finding in &findings {
        *findings_by_code.entry(finding.code).or_insert(0) += 1;
    }
    let count = |status: CoachStatus| coach_reports.iter().filter(|c| c.status == status).count();
    let summary = Summary {
        coaches: coach_reports.len(),
        compliant: count(CoachStatus::Compliant),
        action_needed: count(CoachStatus::ActionNeeded),
        needs_review: count(CoachStatus::NeedsReview),
        findings_by_code,
        upcoming: upcoming_summary(policy, &coach_reports),
    };
    let (season, _) = policy.season(as_of);
    Report {
        schema: SCHEMA.to_string(),
        generated_at,
        as_of,
        season,
        summary,
        coaches: coach_reports,
        findings,
        certificates: certificate_reports,
        changes: Vec::new(),
        inbox,
        requirements: requirement_list(policy),
        decisions,
    }
}

/// The league's requirements as the report lists them.
pub fn requirement_list(policy: &Policy) -> Vec<RequirementInfo> {
    policy
        .requirements
        .iter()
        .map(|requirement| RequirementInfo {
            id: requirement.id.clone(),
            title: requirement.title.clone(),
            short: requirement.short.clone(),
            effective_from: requirement.effective_from,
            roles: requirement
                .applies_to
                .roles
                .iter()
                .map(|role| role.as_str().to_string())
                .collect(),
            satisfied_by: requirement.satisfied_by.all_courses(),
            link: requirement.link.clone(),
        })
        .collect()
}

/// For each requirement not in force yet, how many coaches do not meet it yet.
fn upcoming_summary(policy: &Policy, coaches: &[CoachReport]) -> Vec<UpcomingSummary> {
    policy
        .requirements
        .iter()
        .filter_map(|requirement| {
            let count = coaches
                .iter()
                .filter(|coach| {
                    coach
                        .requirements
                        .get(&requirement.id)
                        .is_some_and(|result| result.status == RequirementStatus::Upcoming)
                })
                .count();
            (count > 0).then(|| UpcomingSummary {
                requirement: requirement.id.clone(),
                title: requirement.title.clone(),
                effective_from: requirement.effective_from,
                coaches: count,
            })
        })
        .collect()
}

/// Background-check list rows → the matching coach's background check.
fn merge_background_rows(
    roster: &mut Roster,
    matcher: &Matcher,
    rows: Vec<BackgroundRow>,
    findings: &mut Vec<Finding>,
) {
    // Coach ids compare without case; the first coach of an id wins, as before.
    let mut by_lower_id: HashMap<String, usize> = HashMap::new();
    for (index, coach) in roster.coaches.iter().enumerate() {
        by_lower_id
            .entry(coach.id.to_ascii_lowercase())
            .or_insert(index);
    }
    let by_exact_id: HashMap<String, usize> = roster
        .coaches
        .iter()
        .enumerate()
        .rev()
        .map(|(index, coach)| (coach.id.clone(), index))
        .collect();
    for row in rows {
        let by_id = row
            .member_id
            .as_ref()
            .and_then(|member_id| by_lower_id.get(&member_id.to_ascii_lowercase()).copied());
        let index = by_id.or_else(|| {
            let link = matcher.link(&Record {
                id: format!("{}:{}", row.source.file, row.source.line),
                name: row.name.clone(),
                email: row.email.clone(),
            });
            (link.status == MatchStatus::Matched)
                .then(|| by_exact_id.get(link.roster_id.as_deref()?).copied())
                .flatten()
        });
        match index {
            Some(index) => {
                let current = &mut roster.coaches[index].background;
                let keep_current = current.status == BackgroundStatus::Denied
                    || (current.status != BackgroundStatus::Missing
                        && current.checked_on.is_some()
                        && row.check.checked_on.is_some()
                        && current.checked_on > row.check.checked_on);
                if !keep_current {
                    *current = row.check;
                }
            }
            None => findings.push(
                Finding::new(
                    Code::RosterRowInvalid,
                    format!(
                        "Background check for \"{}\" matches no coach on the roster (or more than one).",
                        row.name
                    ),
                    "Check the name and email in the background-check list against the roster export.",
                )
                .at(row.source.file.clone(), row.source.line),
            ),
        }
    }
}

/// A certificate after the coordinator's decisions about it.
struct Decided {
    /// Its link (decided, or the matcher's).
    link: Option<Match>,
    /// Its course (a decision's note may supply it).
    course: Option<Course>,
    /// Its completion date (a decision's note may supply it).
    completed_on: Option<NaiveDate>,
    /// `accept_certificate`: counts although it could not be read.
    accepted_by_decision: bool,
    /// `reject_certificate`: counts for nobody.
    rejected: bool,
    /// `accept_match` / `reject_match`: the coordinator decided its link.
    match_decided: bool,
}

/// Applies every decision naming this certificate (by file or sha256 prefix).
fn apply_decisions(
    input: &CertificateInput,
    mut link: Option<Match>,
    decisions: &[Decision],
    used_decisions: &mut [bool],
    coach_index: &HashMap<&str, usize>,
) -> Decided {
    let mut course = input.extraction.course;
    let mut completed_on = input.extraction.completed_on;
    let mut accepted_by_decision = false;
    let mut rejected = false;
    let mut match_decided = false;
    for (index, decision) in decisions.iter().enumerate() {
        if !decision.names_file(&input.file, &input.sha256) {
            continue;
        }
        match decision.kind {
            DecisionKind::AcceptMatch | DecisionKind::AcceptCertificate
                if coach_index.contains_key(decision.coach_id.as_str()) =>
            {
                used_decisions[index] = true;
                match_decided = true;
                link = Some(decided_link(&input.file, &decision.coach_id, decision));
                if decision.kind == DecisionKind::AcceptCertificate {
                    accepted_by_decision = true;
                    (course, completed_on) = noted(decision, course, completed_on);
                }
            }
            DecisionKind::AcceptCertificate if decision.coach_id.trim().is_empty() => {
                used_decisions[index] = true;
                accepted_by_decision = true;
                (course, completed_on) = noted(decision, course, completed_on);
            }
            DecisionKind::RejectMatch
                if link
                    .as_ref()
                    .and_then(|l| l.roster_id.as_deref())
                    .is_some_and(|id| id == decision.coach_id) =>
            {
                used_decisions[index] = true;
                match_decided = true;
                link = Some(Match {
                    record_id: input.file.clone(),
                    roster_id: None,
                    alternatives: Vec::new(),
                    score: 0.0,
                    status: MatchStatus::Unmatched,
                    reason: format!(
                        "rejected for {} by decision (decisions.csv line {})",
                        decision.coach_id, decision.line
                    ),
                    name: NameAgreement::Different,
                    email: EmailAgreement::Absent,
                    candidates: Vec::new(),
                });
            }
            DecisionKind::RejectCertificate => {
                used_decisions[index] = true;
                rejected = true;
            }
            _ => {}
        }
    }
    Decided {
        link,
        course,
        completed_on,
        accepted_by_decision,
        rejected,
        match_decided,
    }
}

fn decided_link(file: &str, coach_id: &str, decision: &Decision) -> Match {
    Match {
        record_id: file.to_string(),
        roster_id: Some(coach_id.to_string()),
        alternatives: Vec::new(),
        score: 1.0,
        status: MatchStatus::Matched,
        reason: format!(
            "accepted by the coordinator (decisions.csv line {}){}",
            decision.line,
            if decision.note.is_empty() {
                String::new()
            } else {
                format!(": {}", decision.note)
            }
        ),
        name: NameAgreement::Same,
        email: EmailAgreement::Absent,
        candidates: Vec::new(),
    }
}

/// Findings about a certificate file itself (unreadable, no text, unknown layout, tampering).
fn file_findings(input: &CertificateInput, link: Option<&Match>) -> Vec<Finding> {
    let extraction = &input.extraction;
    let reason = extraction.error.clone().unwrap_or_default();
    let coach = link
        .filter(|link| link.status == MatchStatus::Matched)
        .and_then(|link| link.roster_id.clone());
    let mut findings = Vec::new();
    let located = |finding: Finding| match &coach {
        Some(coach) => finding.file(input.file.clone()).coach(coach.clone()),
        None => finding.file(input.file.clone()),
    };
    match extraction.status {
        ExtractionStatus::Ok => {}
        ExtractionStatus::Unreadable => findings.push(located(Finding::new(
            Code::UnreadableFile,
            format!("Could not read this file: {reason}."),
            "Ask the coach to download the certificate again from the course website and send the PDF itself (not a photo, screenshot or link).",
        ))),
        ExtractionStatus::NeedsOcr => findings.push(located(Finding::new(
            Code::NeedsOcr,
            format!("This file has no text (a scan or a photo) and could not be read by OCR: {reason}."),
            "Ask the coach for the original PDF downloaded from the course website, or check it by eye and accept it with a decision.",
        ))),
        ExtractionStatus::Unrecognized => findings.push(located(Finding::new(
            Code::UnrecognizedCertificate,
            format!("The PDF was read but not recognised as a certificate: {reason}."),
            "Check the file by eye: if it is a valid certificate, accept it with a decision (or add an issuer template); otherwise ask the coach for the right certificate.",
        ))),
    }
    let suspicious: Vec<&str> = extraction
        .warnings
        .iter()
        .filter(|warning| warning.suspicious)
        .map(|warning| warning.message.as_str())
        .collect();
    if !suspicious.is_empty() {
        findings.push(located(Finding::new(
            Code::SuspiciousCertificate,
            format!("This certificate may have been edited: {}.", suspicious.join("; ")),
            "Compare it with the coach's transcript on the course website (or ask the coach to share it) before accepting it.",
        )));
    }
    findings
}

/// One roster candidate of a certificate that was not linked, as the coordinator sees it
/// (issue 17: the review item shows who it could be, so it is decided in one look).
struct CandidateCard {
    coach_id: String,
    /// Name as the roster writes it, email, teams with division and role.
    who: String,
    /// Why it fits, field by field.
    why: String,
}

/// The roster candidates of an unlinked certificate, best first, described from the roster.
fn candidate_cards(
    link: Option<&Match>,
    coaches: &[Coach],
    coach_index: &HashMap<&str, usize>,
) -> Vec<CandidateCard> {
    let Some(link) = link else {
        return Vec::new();
    };
    link.candidates
        .iter()
        .filter_map(|candidate| {
            let coach = coaches.get(*coach_index.get(candidate.roster_id.as_str())?)?;
            let mut who = coach.full_name();
            if let Some(email) = &coach.email {
                who.push_str(&format!(" <{email}>"));
            }
            let teams: Vec<String> = coach
                .teams
                .iter()
                .map(|team| {
                    let mut place = team.team.clone();
                    if !team.division.is_empty() {
                        place.push_str(&format!(" ({})", team.division));
                    }
                    format!("{} {}", place.trim(), team.role.as_str().replace('_', " "))
                })
                .collect();
            if !teams.is_empty() {
                who.push_str(&format!(", {}", teams.join(" and ")));
            }
            Some(CandidateCard {
                coach_id: coach.id.clone(),
                who,
                why: candidate.reason.clone(),
            })
        })
        .collect()
}

/// Lists the candidates in the finding's message and action, each with the line that links
/// the certificate to it, and makes the best one's line the finding's decision.
fn with_candidates(mut finding: Finding, file: &str, cards: &[CandidateCard]) -> Finding {
    if cards.is_empty() {
        return finding;
    }
    let listed: Vec<String> = cards
        .iter()
        .enumerate()
        .map(|(rank, card)| {
            format!(
                "({}) {} {}: {}",
                rank + 1,
                card.coach_id,
                card.who,
                card.why
            )
        })
        .collect();
    let lines: Vec<String> = cards
        .iter()
        .map(|card| {
            decisions::line(
                file,
                &card.coach_id,
                DecisionKind::AcceptMatch,
                "same person, checked",
            )
        })
        .collect();
    finding
        .message
        .push_str(&format!(" Candidates: {}.", listed.join("; ")));
    let pasted: Vec<String> = cards
        .iter()
        .zip(&lines)
        .map(|(card, line)| format!("for {}: {line}", card.coach_id))
        .collect();
    finding.action.push_str(&format!(
        " Lines to paste into decisions.csv, {}.",
        pasted.join(" | ")
    ));
    finding.decision = lines.into_iter().next();
    finding
}

/// Whether a certificate read by OCR has its holder name or a date below the safe
/// confidence, so that it must not count until the coordinator accepts it.
fn ocr_withheld(extraction: &Extraction) -> bool {
    !extraction.ocr_uncertain_fields().is_empty()
}

/// `ocr_uncertain`: a certificate read by OCR whose holder name or dates are below the safe
/// confidence. The finding shows what was read, so the coordinator can compare it with the
/// image.
fn ocr_findings(input: &CertificateInput, link: Option<&Match>) -> Vec<Finding> {
    let extraction = &input.extraction;
    let uncertain = extraction.ocr_uncertain_fields();
    if uncertain.is_empty() {
        return Vec::new();
    }
    let read: Vec<String> = uncertain
        .iter()
        .map(|(field, value, confidence)| {
            let label = match *field {
                "holder" => "name",
                "completed_on" => "completed on",
                "expires_on" => "expires on",
                other => other,
            };
            format!("{label} \"{value}\" ({confidence:.0}% sure)")
        })
        .collect();
    let course = extraction.course.map_or("unknown course", Course::id);
    let finding = Finding::new(
        Code::OcrUncertain,
        format!(
            "Read by OCR from a scan or photo, but not reliably: {} ({course}). It does not count until checked.",
            read.join(", ")
        ),
        "Open the file and compare it with what was read: if it is right, accept it in decisions.csv (accept_certificate); otherwise ask the coach for the original PDF.",
    )
    .file(input.file.clone());
    let coach = link
        .filter(|link| link.status == MatchStatus::Matched)
        .and_then(|link| link.roster_id.clone());
    vec![match coach {
        Some(coach) => finding.coach(coach),
        None => finding,
    }]
}

fn ambiguous_finding(input: &CertificateInput, link: &Match, cards: &[CandidateCard]) -> Finding {
    let mut candidates = vec![link.roster_id.clone().unwrap_or_default()];
    candidates.extend(link.alternatives.iter().cloned());
    let finding = Finding::new(
        Code::AmbiguousMatch,
        format!(
            "\"{}\" fits more than one coach ({}): {}.",
            input.extraction.holder.as_deref().unwrap_or(""),
            candidates.join(", "),
            link.reason
        ),
        "Decide which coach this certificate belongs to and record it in decisions.csv (accept_match).",
    )
    .file(input.file.clone());
    with_candidates(finding, &input.file, cards)
}

fn unmatched_finding(
    input: &CertificateInput,
    link: Option<&Match>,
    no_roster: bool,
    cards: &[CandidateCard],
) -> Finding {
    let holder = input
        .extraction
        .holder
        .as_deref()
        .unwrap_or("(no name read)");
    let message = if no_roster {
        format!(
            "Certificate of \"{holder}\": no roster was found in the inbox to match it against."
        )
    } else {
        format!(
            "Certificate of \"{holder}\" matches no coach on the roster{}.",
            link.map(|l| format!(" ({})", l.reason)).unwrap_or_default()
        )
    };
    let finding = Finding::new(
        Code::UnmatchedCertificate,
        message,
        "If this person coaches, make sure they are on the roster export (same name and email as their Cal South account); otherwise ignore or reject the certificate in decisions.csv.",
    )
    .file(input.file.clone());
    with_candidates(finding, &input.file, cards)
}

/// Applies an exemption whose note names a requirement (its id, its title, or a word
/// of it such as "background"); returns the id, whose findings it silences.
fn exempt<'p>(policy: &'p Policy, requirements: &mut Requirements, note: &str) -> Option<&'p str> {
    let lower = note.to_lowercase();
    let named = |requirement: &Requirement| {
        let aliases: &[&str] = match requirement.id.as_str() {
            "intro_module" => &["intro"],
            "division_course" => &["course", "grassroots"],
            "background_check" => &["background"],
            "cpr_aed" => &["cpr", "aed"],
            _ => &[],
        };
        lower.contains(&requirement.id)
            || lower.contains(&requirement.id.replace('_', " "))
            || lower.contains(&requirement.title.to_lowercase())
            || aliases.iter().any(|alias| lower.contains(alias))
    };
    // The most specific mention wins: an id before a title before an alias, in list order.
    let requirement = policy
        .requirements
        .iter()
        .find(|r| lower.contains(&r.id) || lower.contains(&r.id.replace('_', " ")))
        .or_else(|| policy.requirements.iter().find(|r| named(r)))?;
    let slot = requirements.get_mut(&requirement.id)?;
    slot.status = RequirementStatus::Ok;
    slot.detail = format!("exempt by decision: {note}");
    Some(requirement.id.as_str())
}

/// Fills a course and completion date the PDF did not give from the decision's note.
fn noted(
    decision: &Decision,
    course: Option<Course>,
    completed_on: Option<NaiveDate>,
) -> (Option<Course>, Option<NaiveDate>) {
    let (noted_course, noted_date) = parse_note(&decision.note);
    (course.or(noted_course), completed_on.or(noted_date))
}

/// Reads "<course id> <YYYY-MM-DD>" from an `accept_certificate` note.
fn parse_note(note: &str) -> (Option<Course>, Option<NaiveDate>) {
    let mut course = None;
    let mut date = None;
    for token in note.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        course = course.or_else(|| Course::from_id(token.trim()));
        date = date.or_else(|| NaiveDate::parse_from_str(token.trim(), "%Y-%m-%d").ok());
    }
    (course, date)
}

/// Gives each review finding the line to paste into `decisions.csv`.
fn add_decision_lines(findings: &mut [Finding]) {
    for finding in findings.iter_mut() {
        if finding.severity != Severity::Review || finding.decision.is_some() {
            continue;
        }
        let file = finding.file.clone().unwrap_or_default();
        let coach = finding.coach_id.clone().unwrap_or_default();
        let (kind, note) = match finding.code {
            Code::NameMismatch | Code::EmailMismatch => (
                DecisionKind::AcceptMatch,
                "same person, checked".to_string(),
            ),
            Code::AmbiguousMatch | Code::UnmatchedCertificate => (
                DecisionKind::AcceptMatch,
                "<put the coach id in the second column>".to_string(),
            ),
            Code::UnreadableFile | Code::NeedsOcr | Code::UnrecognizedCertificate => (
                DecisionKind::AcceptCertificate,
                "<course id> <YYYY-MM-DD>, checked by eye".to_string(),
            ),
            Code::OcrUncertain => (
                DecisionKind::AcceptCertificate,
                "name and dates checked against the image".to_string(),
            ),
            Code::SuspiciousCertificate => (
                DecisionKind::AcceptCertificate,
                "checked against the transcript".to_string(),
            ),
            Code::UnacceptedCertificate => (
                DecisionKind::RejectCertificate,
                "module certificate".to_string(),
            ),
            Code::BackgroundCheckPending => {
                (DecisionKind::Exempt, "background_check: <why>".to_string())
            }
            _ => continue,
        };
        let file = if matches!(finding.code, Code::BackgroundCheckPending) {
            String::new()
        } else {
            file
        };
        finding.decision = Some(decisions::line(&file, &coach, kind, &note));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{BackgroundCheck, Coach};

    fn coach(id: &str, first: &str, last: &str) -> Coach {
        Coach {
            id: id.into(),
            first_name: first.into(),
            last_name: last.into(),
            email: None,
            teams: Vec::new(),
            background: BackgroundCheck::missing(),
            training_records: Vec::new(),
        }
    }

    fn certificate(file: &str, holder: &str) -> CertificateInput {
        let mut extraction = Extraction::failed(ExtractionStatus::Ok, "");
        extraction.error = None;
        extraction.holder = Some(holder.into());
        CertificateInput {
            file: file.into(),
            sha256: format!("{file:0>64}"),
            extraction,
            source: None,
        }
    }

    fn run(coaches: Vec<Coach>, memo: LinkMemo) -> Reconciled {
        let policy = Policy::default();
        reconcile(Inputs {
            roster: Roster { coaches },
            background_rows: Vec::new(),
            findings: Vec::new(),
            certificates: vec![
                certificate("a.pdf", "Bob Smith"),
                certificate("b.pdf", "Bob Smith"),
            ],
            decisions: Vec::new(),
            rosters: Vec::new(),
            ignored: 0,
            certificate_files: 2,
            policy: &policy,
            nicknames: Vec::new(),
            as_of: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            generated_at: "2026-10-01T08:00:00Z".into(),
            memo,
        })
    }

    fn linked_coach(report: &Report, file: &str) -> Option<String> {
        let certificate = report.certificates.iter().find(|c| c.file == file)?;
        certificate.coach_id.clone()
    }

    #[test]
    fn review_items_list_their_candidates_each_with_a_line_to_paste() {
        let policy = Policy::default();
        let mut kim = coach("C1", "Daniel", "Kim");
        kim.email = Some("daniel.kim@example.org".into());
        let other_kim = coach("C2", "Daniel", "Kim");
        let report = reconcile(Inputs {
            roster: Roster {
                coaches: vec![kim, other_kim, coach("C3", "Ana", "Lee")],
            },
            background_rows: Vec::new(),
            findings: Vec::new(),
            certificates: vec![
                certificate("kim.pdf", "Daniel Kim"),
                certificate("lee.pdf", "A. Leeson"),
            ],
            decisions: Vec::new(),
            rosters: Vec::new(),
            ignored: 0,
            certificate_files: 2,
            policy: &policy,
            nicknames: Vec::new(),
            as_of: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            generated_at: "2026-10-01T08:00:00Z".into(),
            memo: LinkMemo::default(),
        })
        .report;
        let ambiguous = report
            .findings
            .iter()
            .find(|f| f.code == Code::AmbiguousMatch)
            .expect("an ambiguous_match finding");
        assert!(
            ambiguous
                .message
                .contains("C1 Daniel Kim <daniel.kim@example.org>"),
            "{}",
            ambiguous.message
        );
        assert!(ambiguous.message.contains("(2) C2 Daniel Kim"));
        assert!(ambiguous.action.contains("kim.pdf,C1,accept_match"));
        assert!(ambiguous.action.contains("kim.pdf,C2,accept_match"));
        assert_eq!(
            ambiguous.decision.as_deref(),
            Some("kim.pdf,C1,accept_match,\"same person, checked\"")
        );
        let unmatched = report
            .findings
            .iter()
            .find(|f| f.code == Code::UnmatchedCertificate)
            .expect("an unmatched_certificate finding");
        assert!(
            unmatched.message.contains("A. Leeson"),
            "{}",
            unmatched.message
        );
    }

    #[test]
    fn certificates_printing_the_same_name_are_linked_once_and_remembered() {
        let first = run(vec![coach("C1", "Robert", "Smith")], LinkMemo::default());
        assert_eq!(linked_coach(&first.report, "a.pdf").as_deref(), Some("C1"));
        assert_eq!(linked_coach(&first.report, "b.pdf").as_deref(), Some("C1"));
        assert_eq!(first.memo.links.len(), 1, "one distinct name, one link");

        // Same roster: the remembered link is used as it stands (here, altered to prove it).
        let mut memo = first.memo.clone();
        memo.links[0].link.roster_id = None;
        memo.links[0].link.status = MatchStatus::Unmatched;
        let again = run(vec![coach("C1", "Robert", "Smith")], memo.clone());
        assert_eq!(linked_coach(&again.report, "a.pdf"), None);

        // A new roster export: every certificate is matched afresh.
        let changed = run(
            vec![coach("C1", "Robert", "Smith"), coach("C2", "Ann", "Lee")],
            memo,
        );
        assert_eq!(
            linked_coach(&changed.report, "a.pdf").as_deref(),
            Some("C1")
        );
        assert_ne!(changed.memo.fingerprint, first.memo.fingerprint);
    }
}
