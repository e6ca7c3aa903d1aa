//! identity
//!
//! **What it checks:** the seed rule "use the same name and email as your Cal South
//! account". A matched certificate whose name differs beyond case/accents/spacing →
//! `name_mismatch`; whose printed email differs from the roster's → `email_mismatch`. Both
//! are review findings: the certificate still counts.
//! **Why:** state systems sync on exact name and email; a mismatch blocks approval later.
//! **What the coach must do:** fix the name or email on the issuer's account, or the
//! coordinator accepts it with a decision.
//!
//! A middle name or initial on one side only, case, accents, punctuation, order, a title
//! and a suffix on one side only are trivial (SPEC §6): no finding. Certificates of one
//! coach printing the same name (or email) make one review item naming every file
//! ([`IdentityFindings`]), not one per file.

use crate::decisions::{self, DecisionKind};
use crate::findings::{Code, Finding};
use crate::matching::{normalize, EmailAgreement, Match, NameAgreement};

/// What the identity rule needs about one matched certificate.
pub struct MatchedCertificate<'a> {
    /// File, relative to the inbox.
    pub file: &'a str,
    /// Holder as printed.
    pub holder: &'a str,
    /// Email as printed.
    pub email: Option<&'a str>,
    /// Coach id.
    pub coach_id: &'a str,
    /// Coach's roster name.
    pub coach_name: &'a str,
    /// Coach's roster email.
    pub coach_email: Option<&'a str>,
    /// How it was linked.
    pub link: &'a Match,
}

/// The identity findings of a run, one per coach, code and printed name (or email): a coach
/// who sent three certificates under the same nickname is one review item naming the three
/// files, each with its line for `decisions.csv`.
#[derive(Debug, Default)]
pub struct IdentityFindings {
    /// The findings so far, one per key, with every file.
    groups: Vec<(GroupKey, Finding, Vec<String>)>,
}

/// What makes two identity findings one review item: code, coach id, and the folded
/// printed name (name mismatch) or normalised printed email (email mismatch).
type GroupKey = (Code, String, String);

impl IdentityFindings {
    /// Adds the findings of one matched certificate.
    pub fn add(&mut self, certificate: &MatchedCertificate<'_>) {
        for finding in evaluate(certificate) {
            // A name mismatch is about the printed name, an email mismatch the email.
            let printed = if finding.code == Code::NameMismatch {
                normalize::fold(certificate.holder)
            } else {
                certificate
                    .email
                    .and_then(normalize::normalize_email)
                    .unwrap_or_default()
            };
            let key = (finding.code, certificate.coach_id.to_owned(), printed);
            match self.groups.iter_mut().find(|(known, _, _)| *known == key) {
                Some((_, _, files)) => files.push(certificate.file.to_owned()),
                None => self
                    .groups
                    .push((key, finding, vec![certificate.file.to_owned()])),
            }
        }
    }

    /// The findings, in the order first seen; a finding of several files names the others
    /// and gives a decision line for each.
    pub fn finish(self) -> Vec<Finding> {
        self.groups
            .into_iter()
            .map(|((_, coach_id, _), mut finding, files)| {
                if let Some(others) = files.get(1..).filter(|others| !others.is_empty()) {
                    finding
                        .message
                        .push_str(&format!(" The same is printed on {}.", others.join(", ")));
                    let lines: Vec<String> = files
                        .iter()
                        .map(|file| {
                            decisions::line(
                                file,
                                &coach_id,
                                DecisionKind::AcceptMatch,
                                "same person, checked",
                            )
                        })
                        .collect();
                    finding.action.push_str(&format!(
                        " To accept them all, paste into decisions.csv: {}.",
                        lines.join(" | ")
                    ));
                }
                finding
            })
            .collect()
    }
}

/// The identity findings for one matched certificate.
pub fn evaluate(certificate: &MatchedCertificate<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if certificate.link.name != NameAgreement::Same {
        findings.push(
            Finding::new(
                Code::NameMismatch,
                format!(
                    "The certificate is in the name \"{}\" but the roster says \"{}\" ({}).",
                    certificate.holder, certificate.coach_name, certificate.link.reason
                ),
                format!(
                    "Use the same name as your Cal South account (\"{}\") on the course provider's account, then download the certificate again and send it.",
                    certificate.coach_name
                ),
            )
            .coach(certificate.coach_id)
            .file(certificate.file),
        );
    }
    if certificate.link.email == EmailAgreement::Different {
        findings.push(
            Finding::new(
                Code::EmailMismatch,
                format!(
                    "The certificate shows the email {} but the roster has {}.",
                    certificate.email.unwrap_or("?"),
                    certificate.coach_email.unwrap_or("?")
                ),
                format!(
                    "Use the same email as your Cal South account ({}) on the course provider's account, or ask the registrar to update the roster email.",
                    certificate.coach_email.unwrap_or("the one on your Cal South account")
                ),
            )
            .coach(certificate.coach_id)
            .file(certificate.file),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{Matcher, Nicknames, Record, RosterEntry};

    fn entry(id: &str, first: &str, last: &str, email: &str) -> RosterEntry {
        RosterEntry {
            id: id.to_owned(),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email: (!email.is_empty()).then(|| email.to_owned()),
        }
    }

    /// Two rosters of different make-up: a Southern California league, and FEBRL-style
    /// Anglo-Australian names.
    fn rosters() -> Vec<Vec<RosterEntry>> {
        vec![
            vec![
                entry("L-1", "Patricia", "Okafor", "pokafor@example.org"),
                entry("L-2", "José Luis", "Hernández", "jl.hernandez@example.org"),
                entry("L-3", "Nguyễn", "Thị Lan", ""),
                entry("L-4", "Darnell", "Jefferson Jr.", "darnell@example.org"),
                entry("L-5", "Robert", "Castellanos", "rcastellanos@example.org"),
                entry("L-6", "María", "van der Berg", "maria.vdb@example.org"),
            ],
            vec![
                entry("F-1", "Patricia", "Okafor", "patricia.okafor@example.net"),
                entry("F-2", "Joshua", "Rokobaro", "jrokobaro@example.net"),
                entry("F-3", "Jessica", "Whitehouse", ""),
                entry("F-4", "Darnell", "Jefferson Jr.", "dj@example.net"),
                entry("F-5", "Robert", "Castellanos", "bob.c@example.net"),
                entry("F-6", "María", "van der Berg", ""),
            ],
        ]
    }

    /// The identity codes raised for a certificate printing `holder` and `email`.
    fn codes(roster: &[RosterEntry], holder: &str, email: Option<&str>) -> Vec<&'static str> {
        let matcher = Matcher::new(roster.to_vec(), Nicknames::builtin());
        let link = matcher.link(&Record {
            id: "cert.pdf".to_owned(),
            name: holder.to_owned(),
            email: email.map(str::to_owned),
        });
        let coach_id = link.roster_id.clone().unwrap_or_default();
        let coach = roster.iter().find(|e| e.id == coach_id);
        let coach_name = coach.map_or(String::new(), |c| {
            format!("{} {}", c.first_name, c.last_name)
        });
        evaluate(&MatchedCertificate {
            file: "cert.pdf",
            holder,
            email,
            coach_id: &coach_id,
            coach_name: &coach_name,
            coach_email: coach.and_then(|c| c.email.as_deref()),
            link: &link,
        })
        .iter()
        .map(|f| f.code.as_str())
        .collect()
    }

    #[test]
    fn trivial_differences_raise_nothing_and_real_ones_are_flagged() {
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            // Middle name or initial on one side only, or the same initial on both.
            ("Patricia A. Okafor", None, &[]),
            ("Patricia Ann Okafor", None, &[]),
            ("PATRICIA OKAFOR", None, &[]),
            ("Okafor, Patricia A.", None, &[]),
            ("Dr. Patricia Okafor", None, &[]),
            // Accents, particles written another way, a suffix left off.
            ("Maria Van Der Berg", None, &[]),
            ("Darnell Jefferson", None, &[]),
            ("Darnell Jefferson Jr", None, &[]),
            // Not trivial: a nickname, another spelling, a different suffix.
            ("Bob Castellanos", None, &["name_mismatch"]),
            ("Darnell Jefferson Sr.", None, &["name_mismatch"]),
        ];
        for roster in rosters() {
            for (holder, email, expected) in cases {
                assert_eq!(
                    codes(&roster, holder, *email),
                    *expected,
                    "{holder} on roster {}",
                    roster[0].id
                );
            }
        }
    }

    #[test]
    fn one_coachs_certificates_under_one_nickname_are_one_review_item() {
        for roster in rosters() {
            let matcher = Matcher::new(roster.to_vec(), Nicknames::builtin());
            let coach = &roster[4];
            let coach_name = format!("{} {}", coach.first_name, coach.last_name);
            let mut collected = IdentityFindings::default();
            for (file, holder) in [
                ("intro.pdf", "Bob Castellanos"),
                ("4v4.pdf", "BOB CASTELLANOS"),
                ("safesport.pdf", "Bob Castellanos"),
                ("concussion.pdf", "Bobby Castellanos"),
            ] {
                let link = matcher.link(&Record {
                    id: file.to_owned(),
                    name: holder.to_owned(),
                    email: None,
                });
                collected.add(&MatchedCertificate {
                    file,
                    holder,
                    email: None,
                    coach_id: &coach.id,
                    coach_name: &coach_name,
                    coach_email: coach.email.as_deref(),
                    link: &link,
                });
            }
            let findings = collected.finish();
            let files: Vec<Option<&str>> = findings.iter().map(|f| f.file.as_deref()).collect();
            assert_eq!(files, [Some("intro.pdf"), Some("concussion.pdf")]);
            let first = &findings[0];
            assert!(
                first.message.contains("4v4.pdf, safesport.pdf"),
                "{}",
                first.message
            );
            assert!(first.action.contains("safesport.pdf,"), "{}", first.action);
            assert!(!findings[1].message.contains("The same is printed"));
        }
    }

    #[test]
    fn a_different_printed_email_is_flagged_on_every_roster() {
        for roster in rosters() {
            assert_eq!(
                codes(&roster, "Patricia Okafor", Some("patty.o@work.example.com")),
                ["email_mismatch"]
            );
            assert_eq!(
                codes(
                    &roster,
                    "Patricia Okafor",
                    Some("PatriciaOkafor@example.com")
                ),
                ["email_mismatch"]
            );
        }
    }
}
