//! identity
//!
//! **What it checks:** the seed rule "use the same name and email as your Cal South
//! account". A matched certificate whose name differs beyond case/accents/spacing →
//! `name_mismatch`; whose printed email differs from the roster's → `email_mismatch`. Both
//! are review findings: the certificate still counts.
//! **Why:** state systems sync on exact name and email; a mismatch blocks approval later.
//! **What the coach must do:** fix the name or email on the issuer's account, or the
//! coordinator accepts it with a decision.

use crate::findings::{Code, Finding};
use crate::matching::{EmailAgreement, Match, NameAgreement};

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
