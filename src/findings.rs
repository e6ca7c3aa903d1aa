//! Findings: everything wrong in the *data* (SPEC §7). A finding is a value, never an error:
//! a bad file or row becomes a finding that names the file and line, and the run goes on.

use serde::{Deserialize, Serialize};

/// How urgent a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The coach must do something before coaching.
    Action,
    /// The coordinator must look.
    Review,
    /// For information only.
    Info,
}

impl Severity {
    /// The contract spelling (`action`, `review`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Action => "action",
            Severity::Review => "review",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $name:literal, $severity:ident;)*) => {
        /// Every finding code of the contract, with its fixed severity.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// All codes, in contract order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The contract spelling of the code.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity the contract gives this code.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    /// No "Introduction to Grassroots Coaching" and no license D or above.
    MissingIntroModule => "missing_intro_module", Action;
    /// No course of a format one of the coach's teams plays.
    MissingCourse => "missing_course", Action;
    /// Only grassroots courses of formats none of the coach's teams plays.
    WrongCourseLevel => "wrong_course_level", Action;
    /// No concussion training on file.
    MissingConcussion => "missing_concussion", Action;
    /// No accepted SafeSport certificate.
    MissingSafesport => "missing_safesport", Action;
    /// The latest accepted SafeSport certificate has lapsed.
    SafesportExpired => "safesport_expired", Action;
    /// No background check status for the coach.
    MissingBackgroundCheck => "missing_background_check", Action;
    /// The background check has expired.
    BackgroundCheckExpired => "background_check_expired", Action;
    /// The background check was denied or restricts coaching.
    BackgroundCheckDenied => "background_check_denied", Action;
    /// A requirement without a code of its own (CPR/AED, the league's own) has no evidence.
    MissingRequirement => "missing_requirement", Action;
    /// A requirement without a code of its own has lapsed.
    RequirementExpired => "requirement_expired", Action;
    /// The background check is still pending or under review.
    BackgroundCheckPending => "background_check_pending", Review;
    /// A certificate that does not satisfy any requirement (e.g. one SafeSport module).
    UnacceptedCertificate => "unaccepted_certificate", Review;
    /// The certificate's name differs from the roster name.
    NameMismatch => "name_mismatch", Review;
    /// The certificate's printed email differs from the roster email.
    EmailMismatch => "email_mismatch", Review;
    /// Two or more coaches fit the certificate about equally.
    AmbiguousMatch => "ambiguous_match", Review;
    /// The certificate matches nobody on the roster.
    UnmatchedCertificate => "unmatched_certificate", Review;
    /// The file could not be read (corrupt, encrypted, not a PDF, over a limit).
    UnreadableFile => "unreadable_file", Review;
    /// The PDF has no text layer (a scan or photo).
    NeedsOcr => "needs_ocr", Review;
    /// A readable PDF that no issuer template recognised.
    UnrecognizedCertificate => "unrecognized_certificate", Review;
    /// The PDF shows signs of editing after it was issued.
    SuspiciousCertificate => "suspicious_certificate", Review;
    /// A roster row that could not be used.
    RosterRowInvalid => "roster_row_invalid", Review;
    /// A division that could not be read.
    UnknownDivision => "unknown_division", Review;
    /// The same person twice on one team.
    DuplicateRosterEntry => "duplicate_roster_entry", Review;
    /// A field read by OCR (the holder's name or a date) is below the safe confidence.
    OcrUncertain => "ocr_uncertain", Review;
    /// A certificate and a registration record disagree (course level, dates).
    RegistrationRecordMismatch => "registration_record_mismatch", Review;
    /// The configured mailbox could not be read.
    MailboxUnreadable => "mailbox_unreadable", Review;
    /// SafeSport expires soon.
    SafesportExpiring => "safesport_expiring", Info;
    /// A requirement without a code of its own expires soon.
    RequirementExpiring => "requirement_expiring", Info;
    /// A requirement that takes effect soon is not yet satisfied.
    RequirementUpcoming => "requirement_upcoming", Info;
    /// The same content under two file names.
    DuplicateFile => "duplicate_file", Info;
    /// A file that is neither a certificate nor a CSV.
    IgnoredFile => "ignored_file", Info;
    /// A decision in decisions.csv that no longer applies.
    StaleDecision => "stale_decision", Info;
    /// A file whose contents are not what its name says (a workbook named `.csv`).
    ContentTypeMismatch => "content_type_mismatch", Info;
}

/// One thing wrong in the data, with the next step (SPEC §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// What is wrong.
    pub code: Code,
    /// How urgent (always `code.severity()`).
    pub severity: Severity,
    /// The coach concerned, if any.
    pub coach_id: Option<String>,
    /// The file concerned (relative to the inbox), if any.
    pub file: Option<String>,
    /// The 1-based line in `file`, if any.
    pub line: Option<u64>,
    /// What is wrong, in words.
    pub message: String,
    /// The next step, in words a volunteer can forward to the coach.
    pub action: String,
    /// The requirement this finding is about (its id), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// For review findings: the line to paste into `decisions.csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

impl Finding {
    /// A finding with the code's severity and no location.
    pub fn new(code: Code, message: impl Into<String>, action: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            coach_id: None,
            file: None,
            line: None,
            message: message.into(),
            action: action.into(),
            requirement: None,
            decision: None,
        }
    }

    /// Sets the requirement the finding is about.
    pub fn requirement(mut self, requirement: impl Into<String>) -> Self {
        self.requirement = Some(requirement.into());
        self
    }

    /// Sets the coach.
    pub fn coach(mut self, coach_id: impl Into<String>) -> Self {
        self.coach_id = Some(coach_id.into());
        self
    }

    /// Sets the file.
    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the file and line.
    pub fn at(mut self, file: impl Into<String>, line: u64) -> Self {
        self.file = Some(file.into());
        self.line = Some(line);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_contract_names() {
        for code in Code::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(Code::ALL.len(), 34);
    }

    #[test]
    fn severities_follow_the_contract_table() {
        assert_eq!(Code::WrongCourseLevel.severity(), Severity::Action);
        assert_eq!(Code::BackgroundCheckPending.severity(), Severity::Review);
        assert_eq!(Code::SafesportExpiring.severity(), Severity::Info);
        assert_eq!(Code::StaleDecision.severity(), Severity::Info);
    }
}
