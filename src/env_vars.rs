//! Every environment variable coachcheck reads, as a documented constant.

/// Path of the configuration file (same as `--config`).
pub const COACHCHECK_CONFIG: &str = "COACHCHECK_CONFIG";
/// Seconds to wait for the reports-folder lock before giving up.
pub const COACHCHECK_LOCK_TIMEOUT: &str = "COACHCHECK_LOCK_TIMEOUT";
/// Default environment variable holding the SMTP password (`[email.smtp] password_env`).
pub const COACHCHECK_SMTP_PASSWORD: &str = "COACHCHECK_SMTP_PASSWORD";
/// Default environment variable holding the IMAP password (`[mailbox] password_env`).
pub const COACHCHECK_IMAP_PASSWORD: &str = "COACHCHECK_IMAP_PASSWORD";
/// Log filter, as for every tracing-based tool (`RUST_LOG=coachcheck=debug`).
pub const RUST_LOG: &str = "RUST_LOG";
/// Disables colour in terminal output when set.
pub const NO_COLOR: &str = "NO_COLOR";
/// The Tesseract program used for OCR of scans, photos and screenshots (default:
/// `tesseract` on `PATH`). Pointing it at a missing program turns OCR off.
pub const COACHCHECK_TESSERACT: &str = "COACHCHECK_TESSERACT";
