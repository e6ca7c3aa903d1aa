//! email: builds the report message and delivers it (SPEC §9).
//!
//! The message is `multipart/mixed` of a `multipart/alternative` (the plain-text
//! `summary.md` and an HTML digest of the report that stays under 100 KB at any league
//! size, see [`crate::report::digest`]) plus the full `report.html`, `coaches.csv` and
//! `findings.csv` attached, with
//! `From`, `To`, `Subject` (counts only, from a template), `Date` and `Message-ID`. Names
//! from certificates never reach a header. Transports: SMTP (`starttls`, `tls` or `none`,
//! optional AUTH), the local `sendmail`, or a `.eml` file. The SMTP password is read from an
//! environment variable or a file named in the config, held in a [`Secret`] whose `Debug`
//! and `Display` are redacted, and never appears in logs or errors.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Deserialize;

use crate::report::Report;

/// A secret string: redacted in `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Secret(****)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("****")
    }
}

/// How to send.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// An SMTP server.
    #[default]
    Smtp,
    /// The local `sendmail` program.
    Sendmail,
    /// A `.eml` file in `file_dir`.
    File,
}

/// When a run sends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// After every run.
    #[default]
    Always,
    /// Only when a coach needs action or something needs review.
    Findings,
    /// Only when something changed since the previous run.
    Changes,
}

/// SMTP connection security.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587); refuses to continue without it.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption (port 25; only for a relay on the same machine or network).
    None,
}

/// `[email.smtp]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    /// Server name.
    pub host: String,
    /// Port (default from `security`: 587, 465 or 25).
    pub port: Option<u16>,
    /// Connection security.
    pub security: Security,
    /// User for AUTH; no AUTH when absent.
    pub user: Option<String>,
    /// Environment variable holding the password.
    pub password_env: Option<String>,
    /// File holding the password (first line).
    pub password_file: Option<PathBuf>,
    /// Extra CA certificate (PEM) to trust, e.g. for a self-signed relay.
    pub ca_file: Option<PathBuf>,
    /// Seconds before giving up on the server.
    pub timeout_seconds: Option<u64>,
}

/// `[email]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmailConfig {
    /// Recipients.
    pub to: Vec<String>,
    /// Sender.
    pub from: String,
    /// Subject template: `{action_needed}`, `{needs_review}`, `{compliant}`, `{coaches}`,
    /// `{as_of}`, `{season}`.
    pub subject: String,
    /// How to send.
    pub transport: TransportKind,
    /// When a run sends.
    pub when: When,
    /// Folder for `transport = "file"`.
    pub file_dir: PathBuf,
    /// The `sendmail` program for `transport = "sendmail"`.
    pub sendmail_command: Option<PathBuf>,
    /// SMTP settings.
    pub smtp: SmtpConfig,
    /// Most MiB of attachments in one message (after encoding); a report file that would
    /// go over is left out and the digest says so (mail servers refuse messages over
    /// 20–25 MB).
    pub max_attachments_mib: u64,
}

impl Default for EmailConfig {
    fn default() -> Self {
        EmailConfig {
            to: Vec::new(),
            from: String::new(),
            subject: "Coaches: {action_needed} need action, {needs_review} to review ({as_of})"
                .to_string(),
            transport: TransportKind::Smtp,
            when: When::Always,
            file_dir: PathBuf::from("reports/outbox"),
            sendmail_command: None,
            smtp: SmtpConfig::default(),
            max_attachments_mib: 18,
        }
    }
}

impl EmailConfig {
    /// Reads the `[email]` table of the config.
    pub fn from_table(table: &toml::Table) -> anyhow::Result<EmailConfig> {
        toml::Value::Table(table.clone())
            .try_into()
            .context("invalid [email] section in the config")
    }
}

/// The files of one report folder that go into the message.
pub struct ReportFiles {
    /// The report model.
    pub report: Report,
    /// `summary.md`.
    pub summary: String,
    /// `report.html`.
    pub html: String,
    /// `coaches.csv`.
    pub coaches_csv: Vec<u8>,
    /// `findings.csv`.
    pub findings_csv: Vec<u8>,
}

impl ReportFiles {
    /// Reads a report folder (e.g. `reports/latest`).
    pub fn read(folder: &Path) -> anyhow::Result<ReportFiles> {
        let read = |name: &str| {
            let path = folder.join(name);
            std::fs::read(&path).with_context(|| {
                format!(
                    "cannot read {}\nhint: run `coachcheck run` first, or pass --report DIR",
                    path.display()
                )
            })
        };
        let report: Report = serde_json::from_slice(&read("report.json")?).with_context(|| {
            format!(
                "{} is not a coachcheck report",
                folder.join("report.json").display()
            )
        })?;
        Ok(ReportFiles {
            report,
            summary: String::from_utf8_lossy(&read("summary.md")?).into_owned(),
            html: String::from_utf8_lossy(&read("report.html")?).into_owned(),
            coaches_csv: read("coaches.csv")?,
            findings_csv: read("findings.csv")?,
        })
    }
}

/// Whether `when` says this report should be sent, and if not, why.
pub fn should_send(when: When, report: &Report) -> Result<(), String> {
    match when {
        When::Always => Ok(()),
        When::Findings if report.summary.action_needed + report.summary.needs_review > 0 => Ok(()),
        When::Findings => Err("no coach needs action and nothing needs review".to_string()),
        When::Changes if !report.changes.is_empty() => Ok(()),
        When::Changes => Err("nothing changed since the previous run".to_string()),
    }
}

/// The subject, from the template and the report's counts (never names from files).
pub fn subject(template: &str, report: &Report) -> String {
    let summary = &report.summary;
    let text = template
        .replace("{action_needed}", &summary.action_needed.to_string())
        .replace("{needs_review}", &summary.needs_review.to_string())
        .replace("{compliant}", &summary.compliant.to_string())
        .replace("{coaches}", &summary.coaches.to_string())
        .replace("{as_of}", &report.as_of.to_string())
        .replace("{season}", &report.season);
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Builds the message.
pub fn build_message(
    config: &EmailConfig,
    to: &[String],
    files: &ReportFiles,
) -> anyhow::Result<Message> {
    if config.from.trim().is_empty() {
        bail!("no sender address\nhint: set `from = \"coachcheck@your-league.org\"` under [email] in coachcheck.toml");
    }
    if to.is_empty() {
        bail!("no recipient\nhint: set `to = [\"director@your-league.org\"]` under [email], or pass --to ADDR");
    }
    let from: Mailbox = config
        .from
        .parse()
        .with_context(|| format!("invalid sender address {:?} in [email] from", config.from))?;
    let domain = from.email.domain().to_string();
    let mut builder = Message::builder()
        .from(from)
        .subject(subject(&config.subject, &files.report))
        .date_now()
        .message_id(Some(format!(
            "<coachcheck.{}.{}@{}>",
            chrono::Utc::now().format("%Y%m%d%H%M%S%f"),
            std::process::id(),
            domain
        )));
    for address in to {
        let mailbox: Mailbox = address
            .parse()
            .with_context(|| format!("invalid recipient address {address:?}"))?;
        builder = builder.to(mailbox);
    }
    let csv = ContentType::parse("text/csv; charset=utf-8").context("content type")?;
    let html = ContentType::parse("text/html; charset=utf-8").context("content type")?;
    let candidates = [
        ("report.html", files.html.as_bytes(), html),
        ("coaches.csv", files.coaches_csv.as_slice(), csv.clone()),
        ("findings.csv", files.findings_csv.as_slice(), csv),
    ];
    let (attached, left_out) = attachments_within(
        &candidates,
        config.max_attachments_mib.saturating_mul(1024 * 1024),
    );
    let digest = crate::report::digest::render(&files.report, &left_out)
        .context("cannot render the email digest")?;
    let mut body = MultiPart::mixed().multipart(MultiPart::alternative_plain_html(
        files.summary.clone(),
        digest,
    ));
    for (name, bytes, content_type) in attached {
        body =
            body.singlepart(Attachment::new(name.to_string()).body(bytes.to_vec(), content_type));
    }
    builder
        .multipart(body)
        .context("cannot build the email message")
}

/// A report file to attach: its name, bytes and content type.
type ReportAttachment<'a> = (&'a str, &'a [u8], ContentType);

/// The attachments that fit in `budget` bytes once base64-encoded (4/3 of their size), in
/// order, skipping any that would go over; and the names of those left out.
fn attachments_within<'a>(
    candidates: &[ReportAttachment<'a>],
    budget: u64,
) -> (Vec<ReportAttachment<'a>>, Vec<String>) {
    let mut used = 0u64;
    let mut attached = Vec::new();
    let mut left_out = Vec::new();
    for (name, bytes, content_type) in candidates {
        let encoded = (bytes.len() as u64).div_ceil(3) * 4;
        if used + encoded <= budget {
            used += encoded;
            attached.push((*name, *bytes, content_type.clone()));
        } else {
            left_out.push((*name).to_string());
        }
    }
    (attached, left_out)
}

/// Reads the SMTP password from where the config says (never from the config itself).
fn password(smtp: &SmtpConfig) -> anyhow::Result<Option<Secret>> {
    if let Some(file) = &smtp.password_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the SMTP password file {}", file.display()))?;
        return Ok(Some(Secret::new(
            text.lines().next().unwrap_or("").to_string(),
        )));
    }
    let variable = smtp
        .password_env
        .clone()
        .unwrap_or_else(|| crate::env_vars::COACHCHECK_SMTP_PASSWORD.to_string());
    match std::env::var(&variable) {
        Ok(value) => Ok(Some(Secret::new(value))),
        Err(_) if smtp.password_env.is_some() => bail!(
            "the SMTP password variable {variable} is not set\nhint: export {variable}=... in the environment cron or the service uses"
        ),
        Err(_) => Ok(None),
    }
}

/// Sends `message` with the configured transport.
pub fn deliver(config: &EmailConfig, message: &Message) -> anyhow::Result<String> {
    match config.transport {
        TransportKind::File => {
            crate::private::create_dir_all(&config.file_dir)
                .with_context(|| format!("cannot create {}", config.file_dir.display()))?;
            // Several messages in one second (reminders) each get their own file.
            let stamp = chrono::Local::now().format("%Y-%m-%dT%H%M%S").to_string();
            let path = (1..)
                .map(|attempt: u32| {
                    config.file_dir.join(if attempt == 1 {
                        format!("coachcheck-{stamp}.eml")
                    } else {
                        format!("coachcheck-{stamp}-{attempt}.eml")
                    })
                })
                .find(|path| std::fs::symlink_metadata(path).is_err())
                .context("no free file name in the email folder")?;
            write_eml(&path, message)?;
            Ok(format!("written to {}", path.display()))
        }
        TransportKind::Sendmail => {
            let transport = match &config.sendmail_command {
                Some(command) => lettre::SendmailTransport::new_with_command(command.as_os_str()),
                None => lettre::SendmailTransport::new(),
            };
            transport
                .send(message)
                .map_err(|error| anyhow::anyhow!("sendmail failed: {error}"))?;
            Ok("handed to sendmail".to_string())
        }
        TransportKind::Smtp => {
            let smtp = &config.smtp;
            if smtp.host.trim().is_empty() {
                bail!("no SMTP server\nhint: set host under [email.smtp] in coachcheck.toml, or use transport = \"file\"");
            }
            let port = smtp.port.unwrap_or(match smtp.security {
                Security::Starttls => 587,
                Security::Tls => 465,
                Security::None => 25,
            });
            let mut tls_parameters = TlsParameters::builder(smtp.host.clone());
            if let Some(ca_file) = &smtp.ca_file {
                let pem = std::fs::read(ca_file)
                    .with_context(|| format!("cannot read the CA file {}", ca_file.display()))?;
                let certificate = Certificate::from_pem(&pem)
                    .with_context(|| format!("{} is not a PEM certificate", ca_file.display()))?;
                tls_parameters = tls_parameters.add_root_certificate(certificate);
            }
            let tls_parameters = tls_parameters.build().context("TLS setup failed")?;
            let tls = match smtp.security {
                Security::Starttls => Tls::Required(tls_parameters),
                Security::Tls => Tls::Wrapper(tls_parameters),
                Security::None => Tls::None,
            };
            let mut builder = SmtpTransport::builder_dangerous(smtp.host.clone())
                .port(port)
                .tls(tls)
                .timeout(Some(Duration::from_secs(
                    smtp.timeout_seconds.unwrap_or(30),
                )));
            if let Some(user) = &smtp.user {
                let Some(secret) = password(smtp)? else {
                    bail!(
                        "an SMTP user is set but no password\nhint: set password_env (default {}) or password_file under [email.smtp]",
                        crate::env_vars::COACHCHECK_SMTP_PASSWORD
                    );
                };
                builder = builder
                    .credentials(Credentials::new(user.clone(), secret.expose().to_string()));
            }
            let transport = builder.build();
            tracing::info!(host = %smtp.host, port, "sending the report by SMTP");
            match transport.send(message) {
                Ok(response) => Ok(format!(
                    "accepted by {}:{} ({})",
                    smtp.host,
                    port,
                    response.message().collect::<Vec<_>>().join(" ")
                )),
                Err(error) => {
                    let mut detail = error.to_string();
                    if let Some(code) = error.status() {
                        detail = format!("{detail} (SMTP {code})");
                    }
                    bail!(
                        "email delivery to {}:{} failed: {detail}\nhint: the report is written; run `coachcheck email` to retry once the server is reachable",
                        smtp.host,
                        port
                    )
                }
            }
        }
    }
}

/// Writes the message as a `.eml` file (atomically).
pub fn write_eml(path: &Path, message: &Message) -> anyhow::Result<()> {
    let temporary = path.with_extension("eml.tmp");
    crate::private::write(&temporary, &message.formatted())
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let secret = Secret::new("hunter2".into());
        assert_eq!(format!("{secret}"), "****");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn attachments_over_the_budget_are_left_out_and_named() {
        let csv = ContentType::parse("text/csv").unwrap();
        let big = vec![b'x'; 3_000];
        let small = vec![b'y'; 30];
        let candidates = [
            ("report.html", big.as_slice(), csv.clone()),
            ("coaches.csv", small.as_slice(), csv.clone()),
            ("findings.csv", small.as_slice(), csv),
        ];
        let (attached, left_out) = attachments_within(&candidates, 1_000);
        let names: Vec<&str> = attached.iter().map(|(name, _, _)| *name).collect();
        assert_eq!(names, ["coaches.csv", "findings.csv"]);
        assert_eq!(left_out, ["report.html"]);
        let (attached, left_out) = attachments_within(&candidates, 10_000);
        assert_eq!(attached.len(), 3);
        assert!(left_out.is_empty());
    }

    #[test]
    fn the_email_table_rejects_a_password_in_the_config() {
        let table: toml::Table =
            toml::from_str("[smtp]\nhost = \"x\"\npassword = \"oops\"\n").unwrap();
        let error = format!("{:#}", EmailConfig::from_table(&table).unwrap_err());
        assert!(error.contains("password"), "{error}");
    }
}
