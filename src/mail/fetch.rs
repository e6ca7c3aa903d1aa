//! mail::fetch: copies new messages from the `[mailbox]` IMAP folder into the local mail
//! archive that `run` reads (SPEC §9a). Read-only towards the server: the folder is opened
//! with `EXAMINE` and messages are read with `BODY.PEEK[]`, so no flag changes; it never
//! sends STORE, EXPUNGE, MOVE, COPY or DELETE. Each message is fetched once: the state
//! database remembers UIDVALIDITY + UID; after a UIDVALIDITY reset the folder is read again
//! and the archive, which names each file by its content, keeps one copy of each message.
//!
//! TLS is rustls (the web's root certificates, plus an optional `ca_file`); `starttls`
//! refuses to continue without the upgrade, and `none` is accepted only for a server on
//! this machine. The password comes from `password_env` or `password_file`, is held in a
//! [`Secret`], and never reaches a log or an error. The archive folder is created
//! owner-only (0700) and each message file is 0600, whatever the umask. This module never
//! writes into the inbox.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::email::Secret;
use crate::state::State;

/// IMAP connection security.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (port 993).
    #[default]
    Tls,
    /// A plain connection upgraded with STARTTLS (port 143); refuses to go on without it.
    Starttls,
    /// No encryption (port 143): only for a server on this machine.
    None,
}

/// `[mailbox]` in `coachcheck.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailboxConfig {
    /// IMAP server name; no `[mailbox]` fetching when empty.
    pub host: String,
    /// Port (default from `security`: 993 for tls, 143 otherwise).
    pub port: Option<u16>,
    /// Connection security.
    pub security: Security,
    /// Login name.
    pub user: String,
    /// Folder to read.
    pub folder: String,
    /// Environment variable holding the password (default `COACHCHECK_IMAP_PASSWORD`).
    pub password_env: Option<String>,
    /// File holding the password (first line).
    pub password_file: Option<PathBuf>,
    /// Local folder the fetched messages are kept in; `run` reads it.
    pub archive: PathBuf,
    /// Extra CA certificate (PEM) to trust, e.g. for a self-signed server.
    pub ca_file: Option<PathBuf>,
    /// Seconds before giving up on the server.
    pub timeout_seconds: Option<u64>,
    /// How often `watch` fetches, in seconds (at least 10).
    pub fetch_every_seconds: u64,
}

impl Default for MailboxConfig {
    fn default() -> Self {
        MailboxConfig {
            host: String::new(),
            port: None,
            security: Security::Tls,
            user: String::new(),
            folder: "INBOX".to_owned(),
            password_env: None,
            password_file: None,
            archive: PathBuf::from("mail"),
            ca_file: None,
            timeout_seconds: None,
            fetch_every_seconds: 300,
        }
    }
}

impl MailboxConfig {
    /// Reads the raw `[mailbox]` table; `None` when no server is configured.
    pub fn from_table(table: &toml::Table) -> anyhow::Result<Option<MailboxConfig>> {
        if table.is_empty() {
            return Ok(None);
        }
        let config: MailboxConfig = toml::Value::Table(table.clone())
            .try_into()
            .context("invalid [mailbox] section in the config")?;
        Ok((!config.host.trim().is_empty()).then_some(config))
    }

    /// The port, explicit or from the security.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Tls => 993,
            Security::Starttls | Security::None => 143,
        })
    }

    /// `user@host`, the key under which fetched UIDs are remembered (not the port: moving
    /// from STARTTLS to TLS is the same mailbox).
    pub fn account(&self) -> String {
        format!("{}@{}", self.user, self.host)
    }

    /// The archive's folder for this mailbox folder (`archive/<folder>`).
    pub fn folder_archive(&self) -> PathBuf {
        let safe: String = self
            .folder
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.archive.join(if safe.is_empty() {
            "INBOX".into()
        } else {
            safe
        })
    }
}

/// What a fetch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FetchOutcome {
    /// Messages copied into the archive this time.
    pub fetched: usize,
    /// Messages on the server already fetched before.
    pub already: usize,
    /// Messages over the size limit, skipped (UID, bytes).
    pub too_large: Vec<(u32, u64)>,
    /// The server had reset UIDVALIDITY since the last fetch.
    pub uidvalidity_reset: bool,
    /// The archive folder written.
    pub archive: PathBuf,
}

impl FetchOutcome {
    /// One line for a person.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "fetched {} new message(s) into {} ({} already fetched)",
            self.fetched,
            self.archive.display(),
            self.already
        );
        if self.uidvalidity_reset {
            text.push_str("; the server had reset the folder (UIDVALIDITY), so it was read again");
        }
        if !self.too_large.is_empty() {
            text.push_str(&format!(
                "; {} message(s) over the size limit skipped",
                self.too_large.len()
            ));
        }
        text
    }
}

/// Reads the password from `password_file`, else `password_env`.
fn password(config: &MailboxConfig) -> anyhow::Result<Secret> {
    if let Some(file) = &config.password_file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the IMAP password file {}", file.display()))?;
        return Ok(Secret::new(text.lines().next().unwrap_or("").to_owned()));
    }
    let variable = config
        .password_env
        .clone()
        .unwrap_or_else(|| crate::env_vars::COACHCHECK_IMAP_PASSWORD.to_owned());
    match std::env::var(&variable) {
        Ok(value) => Ok(Secret::new(value)),
        Err(_) => bail!(
            "the IMAP password variable {variable} is not set\nhint: export {variable}=... in the environment cron or the service uses, or set password_file under [mailbox]"
        ),
    }
}

/// The TLS settings: the web's root certificates plus `ca_file`.
fn tls_config(config: &MailboxConfig) -> anyhow::Result<Arc<rustls::ClientConfig>> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca_file) = &config.ca_file {
        let certificates = CertificateDer::pem_file_iter(ca_file)
            .with_context(|| format!("cannot read the CA file {}", ca_file.display()))?;
        for certificate in certificates {
            let certificate = certificate
                .with_context(|| format!("{} is not a PEM certificate", ca_file.display()))?;
            roots
                .add(certificate)
                .with_context(|| format!("{} holds an unusable certificate", ca_file.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS setup failed")?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(tls))
}

/// A byte stream to the server, plain or TLS.
trait Stream: std::io::Read + std::io::Write + Send {}
impl<T: std::io::Read + std::io::Write + Send> Stream for T {}

/// Wraps `tcp` in TLS for `host`.
fn wrap_tls(
    config: &MailboxConfig,
    tcp: TcpStream,
) -> anyhow::Result<rustls::StreamOwned<rustls::ClientConnection, TcpStream>> {
    let name = rustls::pki_types::ServerName::try_from(config.host.clone())
        .with_context(|| format!("{} is not a valid server name", config.host))?;
    let connection =
        rustls::ClientConnection::new(tls_config(config)?, name).context("TLS setup failed")?;
    Ok(rustls::StreamOwned::new(connection, tcp))
}

/// Whether `host` is this machine (where `security = "none"` is allowed).
fn is_local(host: &str) -> bool {
    matches!(
        host.trim_matches(['[', ']']),
        "localhost" | "127.0.0.1" | "::1"
    ) || host.starts_with("127.")
}

/// Connects and logs in: the session, ready for commands.
fn open_session(
    config: &MailboxConfig,
    secret: &Secret,
) -> anyhow::Result<imap::Session<Box<dyn Stream>>> {
    let port = config.port();
    let timeout = Duration::from_secs(config.timeout_seconds.unwrap_or(30));
    let server = format!("{}:{port}", config.host);
    if config.security == Security::None && !is_local(&config.host) {
        bail!(
            "security = \"none\" sends the password in clear: it is only allowed for a server on this machine, not {}\nhint: use security = \"tls\" (port 993) or \"starttls\" (port 143)",
            config.host
        );
    }
    let addresses = (config.host.as_str(), port)
        .to_socket_addrs()
        .with_context(|| format!("cannot find the IMAP server {server}"))?;
    let mut last_error = None;
    let mut tcp = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, timeout) {
            Ok(stream) => {
                tcp = Some(stream);
                break;
            }
            Err(error) => last_error = Some(error),
        }
    }
    let Some(tcp) = tcp else {
        let reason = last_error.map_or_else(|| "no address".to_owned(), |e| e.to_string());
        bail!("cannot connect to the IMAP server {server}: {reason}\nhint: check host, port and security under [mailbox], and that the server is up");
    };
    tcp.set_read_timeout(Some(timeout))?;
    tcp.set_write_timeout(Some(timeout))?;
    let server_error = |what: &str, error: imap::Error| {
        anyhow::anyhow!(
            "the IMAP server {server} failed {what}: {}",
            describe(&error)
        )
    };
    let client: imap::Client<Box<dyn Stream>> = match config.security {
        Security::Tls => {
            let stream: Box<dyn Stream> = Box::new(wrap_tls(config, tcp)?);
            let mut client = imap::Client::new(stream);
            client
                .read_greeting()
                .map_err(|error| server_error("the TLS greeting", error))?;
            client
        }
        Security::None => {
            let stream: Box<dyn Stream> = Box::new(tcp);
            let mut client = imap::Client::new(stream);
            client
                .read_greeting()
                .map_err(|error| server_error("the greeting", error))?;
            client
        }
        Security::Starttls => {
            let mut tcp = tcp;
            starttls(&mut tcp).map_err(|reason| {
                anyhow::anyhow!("the IMAP server {server} failed STARTTLS: {reason}\nhint: use security = \"tls\" (port 993) if the server does not offer STARTTLS")
            })?;
            let stream: Box<dyn Stream> = Box::new(wrap_tls(config, tcp)?);
            let mut client = imap::Client::new(stream);
            client.greeting_read = true;
            client
        }
    };
    match client.login(&config.user, secret.expose()) {
        Ok(session) => Ok(session),
        Err((imap::Error::Validate(_), _)) => bail!(
            "the IMAP user or password holds a character the LOGIN command cannot send\nhint: use an app password of letters and digits"
        ),
        Err((error, _)) => bail!(
            "the IMAP server {server} refused the login of {}: {}\nhint: check user and password (Gmail and Microsoft 365 need an app password)",
            config.user,
            describe(&error)
        ),
    }
}

/// Reads the greeting and asks for STARTTLS on a plain connection (the `imap` crate only
/// offers STARTTLS with its own TLS set-up, which cannot trust a `ca_file`). Reads byte by
/// byte so nothing of the TLS handshake is buffered away.
fn starttls(tcp: &mut TcpStream) -> Result<(), String> {
    let read_line = |tcp: &mut TcpStream| -> Result<String, String> {
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while line.len() < 8192 {
            match std::io::Read::read(tcp, &mut byte) {
                Ok(0) => return Err("the connection was closed".to_owned()),
                Ok(_) => {
                    line.push(byte[0]);
                    if byte[0] == b'\n' {
                        return Ok(String::from_utf8_lossy(&line).trim_end().to_owned());
                    }
                }
                Err(error) => return Err(error.to_string()),
            }
        }
        Err("the server sent an overlong line".to_owned())
    };
    let greeting = read_line(tcp)?;
    if !greeting.starts_with("* OK") {
        return Err(format!("unexpected greeting: {greeting}"));
    }
    tcp.write_all(b"a0 STARTTLS\r\n")
        .map_err(|error| error.to_string())?;
    loop {
        let line = read_line(tcp)?;
        if let Some(answer) = line.strip_prefix("a0 ") {
            return if answer.starts_with("OK") {
                Ok(())
            } else {
                Err(answer.to_owned())
            };
        }
    }
}

/// The server's answer in words, never the command that was sent.
fn describe(error: &imap::Error) -> String {
    match error {
        imap::Error::No(no) => format!("NO {}", no.information),
        imap::Error::Bad(bad) => format!("BAD {}", bad.information),
        imap::Error::Bye(bye) => format!("BYE {}", bye.information),
        imap::Error::Validate(_) => "a value holds a character IMAP cannot send".to_owned(),
        other => other.to_string(),
    }
}

/// Copies the new messages of the configured folder into the archive and remembers them in
/// `state`. `max_message_bytes` is the per-file limit: a larger message is skipped (and
/// remembered, so it is not tried again).
pub fn fetch(
    config: &MailboxConfig,
    state: &mut State,
    max_message_bytes: u64,
) -> anyhow::Result<FetchOutcome> {
    let secret = password(config)?;
    let archive = config.folder_archive();
    ensure_private_folder(&config.archive)?;
    ensure_private_folder(&archive)?;
    let mut session = open_session(config, &secret)?;
    let result = fetch_in_session(&mut session, config, state, &archive, max_message_bytes);
    let _ = session.logout();
    result
}

fn fetch_in_session(
    session: &mut imap::Session<Box<dyn Stream>>,
    config: &MailboxConfig,
    state: &mut State,
    archive: &Path,
    max_message_bytes: u64,
) -> anyhow::Result<FetchOutcome> {
    let server = format!("{}:{}", config.host, config.port());
    // EXAMINE opens the folder read-only: nothing we do can change a flag.
    let mailbox = session.examine(&config.folder).map_err(|error| {
        anyhow::anyhow!(
            "the IMAP server {server} cannot open the folder {}: {}",
            config.folder,
            describe(&error)
        )
    })?;
    let uidvalidity = mailbox.uid_validity.unwrap_or(0);
    let account = config.account();
    let uidvalidity_reset =
        state.forget_other_uidvalidity(&account, &config.folder, uidvalidity)?;
    let known = state.fetched_uids(&account, &config.folder, uidvalidity)?;
    let mut outcome = FetchOutcome {
        uidvalidity_reset,
        archive: archive.to_owned(),
        ..FetchOutcome::default()
    };
    if mailbox.exists == 0 {
        return Ok(outcome);
    }
    let mut uids: Vec<u32> = session
        .uid_search("ALL")
        .map_err(|error| {
            anyhow::anyhow!(
                "the IMAP server {server} failed SEARCH: {}",
                describe(&error)
            )
        })?
        .into_iter()
        .collect();
    uids.sort_unstable();
    for uid in uids {
        if known.contains(&uid) {
            outcome.already += 1;
            continue;
        }
        let sizes = session
            .uid_fetch(uid.to_string(), "RFC822.SIZE")
            .map_err(|error| {
                anyhow::anyhow!(
                    "the IMAP server {server} failed FETCH: {}",
                    describe(&error)
                )
            })?;
        let size = sizes.iter().find_map(|fetch| fetch.size).unwrap_or(0);
        if u64::from(size) > max_message_bytes {
            tracing::warn!(uid, size, "skipping a message over the size limit");
            outcome.too_large.push((uid, u64::from(size)));
            state.remember_fetched(&account, &config.folder, uidvalidity, uid, None)?;
            continue;
        }
        let fetches = session
            .uid_fetch(uid.to_string(), "BODY.PEEK[]")
            .map_err(|error| {
                anyhow::anyhow!(
                    "the IMAP server {server} failed FETCH: {}",
                    describe(&error)
                )
            })?;
        let Some(body) = fetches
            .iter()
            .find_map(|fetch| fetch.body().map(<[u8]>::to_vec))
        else {
            tracing::warn!(uid, "the server sent no body for a message");
            continue;
        };
        let file = store(archive, &body)?;
        state.remember_fetched(&account, &config.folder, uidvalidity, uid, Some(&file))?;
        outcome.fetched += 1;
    }
    Ok(outcome)
}

/// Creates `folder` (and parents) owner-only (0700), and tightens one an older version
/// left open.
fn ensure_private_folder(folder: &Path) -> anyhow::Result<()> {
    crate::private::create_dir_all(folder)
        .and_then(|()| crate::private::tighten(folder))
        .with_context(|| format!("cannot create the mail archive {}", folder.display()))
}

/// Writes one message into the archive as `<sha256 prefix>.eml` (0600), atomically; a
/// message already there (same content) is not written again. Returns the file name.
fn store(archive: &Path, body: &[u8]) -> anyhow::Result<String> {
    let digest = crate::pipeline::hex(&Sha256::digest(body));
    let name = format!("{}.eml", &digest[..24]);
    let path = archive.join(&name);
    if path.exists() {
        return Ok(name);
    }
    let temporary = archive.join(format!(".{name}.tmp"));
    crate::private::write(&temporary, body)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, &path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_table_means_no_mailbox() {
        assert!(MailboxConfig::from_table(&toml::Table::new())
            .unwrap()
            .is_none());
        let table: toml::Table =
            toml::from_str("host = \"imap.example.org\"\nuser = \"u\"").unwrap();
        let config = MailboxConfig::from_table(&table).unwrap().unwrap();
        assert_eq!(config.port(), 993);
        assert_eq!(config.folder, "INBOX");
        assert_eq!(config.account(), "u@imap.example.org");
        let typo: toml::Table = toml::from_str("hots = \"imap.example.org\"").unwrap();
        let error = format!("{:#}", MailboxConfig::from_table(&typo).unwrap_err());
        assert!(error.contains("hots"), "{error}");
    }

    #[test]
    fn the_example_config_documents_the_defaults_and_fetches_nothing() {
        let file = crate::config::ConfigFile::parse(crate::commands::init::EXAMPLE_CONFIG).unwrap();
        assert!(MailboxConfig::from_table(&file.mailbox).unwrap().is_none());
        let written: MailboxConfig = toml::Value::Table(file.mailbox).try_into().unwrap();
        let defaults = MailboxConfig {
            password_env: Some(crate::env_vars::COACHCHECK_IMAP_PASSWORD.to_owned()),
            ..MailboxConfig::default()
        };
        assert_eq!(written, defaults);
    }

    #[test]
    fn plaintext_is_refused_for_a_remote_server() {
        let config = MailboxConfig {
            host: "imap.example.org".into(),
            security: Security::None,
            ..MailboxConfig::default()
        };
        let error = open_session(&config, &Secret::new("hunter2".into()))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("only allowed for a server on this machine"),
            "{error}"
        );
        assert!(!error.contains("hunter2"));
    }

    #[cfg(unix)]
    #[test]
    fn stored_messages_are_private_and_named_by_content() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("mail/INBOX");
        ensure_private_folder(&archive).unwrap();
        let first = store(&archive, b"Subject: a\r\n\r\nx").unwrap();
        let again = store(&archive, b"Subject: a\r\n\r\nx").unwrap();
        assert_eq!(first, again);
        let mode = std::fs::metadata(archive.join(&first))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        assert_eq!(std::fs::read_dir(&archive).unwrap().count(), 1);
    }
}
