//! report::source: where a certificate came from, as `report.json` records it (SPEC §8
//! `source`). Data only; absent for a file dropped in the inbox.

use serde::{Deserialize, Serialize};

/// Where a certificate came from (SPEC §8 `source`); absent for a file in the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CertificateSource {
    /// An attachment of a mail message: `{"type": "mail", "message", "sender", "date",
    /// "subject"}`.
    Mail(crate::mail::MailSource),
}

impl CertificateSource {
    /// The sender's address, for a certificate that came by mail.
    pub fn sender(&self) -> Option<&str> {
        match self {
            CertificateSource::Mail(mail) => mail.sender.as_deref(),
        }
    }
}
