//! report::source: where a certificate came from, as `report.json` records it (SPEC §8
//! `source`): a mail message, or a registration export's training record. Data only;
//! absent for a file dropped in the inbox.

use serde::{Deserialize, Serialize};

/// Where a certificate came from (SPEC §8 `source`); absent for a file in the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CertificateSource {
    /// An attachment of a mail message: `{"type": "mail", "message", "sender", "date",
    /// "subject"}`.
    Mail(crate::mail::MailSource),
    /// A training record in a registration export: `{"type": "registration_record",
    /// "file", "sheet", "row", "label"}`.
    RegistrationRecord {
        /// The export, relative to the inbox.
        file: String,
        /// The sheet, for a workbook.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sheet: Option<String>,
        /// 1-based line (CSV) or row (sheet).
        row: u64,
        /// The training as the export writes it.
        label: String,
    },
}

impl CertificateSource {
    /// The sender's address, for a certificate that came by mail.
    pub fn sender(&self) -> Option<&str> {
        match self {
            CertificateSource::Mail(mail) => mail.sender.as_deref(),
            CertificateSource::RegistrationRecord { .. } => None,
        }
    }
}
