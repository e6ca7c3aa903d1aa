//! `coachcheck email` and `run --email` against a real SMTP server on loopback (aiosmtpd,
//! speaking SMTP over TCP), with the received bytes parsed by a real MIME parser.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use mail_parser::{MessageParser, MimeHeaders};

use crate::support::TestEnv;

const PASSWORD: &str = "s3cret-Pa55word-never-shown";

/// A real SMTP server process; stopped on drop.
pub(crate) struct SmtpServer {
    child: Child,
    pub(crate) port: u16,
    out: PathBuf,
}

impl SmtpServer {
    pub(crate) fn start(env: &TestEnv, extra: &[&str]) -> SmtpServer {
        let out = env.path("received");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/smtp_server.py");
        let mut child = Command::new("python3")
            .args(["-W", "ignore"])
            .arg(script)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd; .ci/run installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the SMTP server did not start: {line:?}"));
        SmtpServer { child, port, out }
    }

    pub(crate) fn received(&self) -> Vec<Vec<u8>> {
        let mut messages = Vec::new();
        for index in 1.. {
            match std::fs::read(self.out.join(format!("{index}.eml"))) {
                Ok(bytes) => messages.push(bytes),
                Err(_) => break,
            }
        }
        messages
    }

    /// The envelope recipients of each received message, in order.
    pub(crate) fn recipients(&self) -> Vec<Vec<String>> {
        (1..=self.received().len())
            .map(|index| {
                std::fs::read_to_string(self.out.join(format!("{index}.rcpt")))
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scratch league with a report already written.
fn league_with_report() -> TestEnv {
    let env = TestEnv::new();
    let inbox = env.path("watch");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("roster.csv"),
        "Member ID,First Name,Last Name,Email,Team,Division,Role,Risk Status\nCS-1,José,Núñez,jose@example.org,U10 Hawks,U10,Head Coach,Green\nCS-2,Ann,Lee,ann@example.org,U12 Owls,U12,Assistant Coach,\n",
    )
    .unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    env
}

fn write_config(env: &TestEnv, email: &str) {
    std::fs::write(env.path("coachcheck.toml"), email).unwrap();
}

fn smtp_config(port: u16, security: &str, auth: bool, extra: &str) -> String {
    let auth = if auth {
        "user = \"coachcheck\"\npassword_env = \"TEST_SMTP_PASSWORD\"\n"
    } else {
        ""
    };
    format!(
        "[email]\nto = [\"director@example.org\", \"registrar@example.org\"]\nfrom = \"coachcheck@example.org\"\n{extra}\n[email.smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"{security}\"\ntimeout_seconds = 10\n{auth}"
    )
}

fn assert_report_message(bytes: &[u8], env: &TestEnv) {
    let message = MessageParser::default()
        .parse(bytes)
        .expect("a MIME message");
    let subject = message.subject().unwrap();
    assert!(subject.starts_with("Coaches: "), "{subject}");
    assert!(
        subject.contains("need action") && subject.contains("2026-10-01"),
        "{subject}"
    );
    assert_eq!(
        message.from().unwrap().first().unwrap().address().unwrap(),
        "coachcheck@example.org"
    );
    let to: Vec<&str> = message
        .to()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(to, ["director@example.org", "registrar@example.org"]);
    assert!(message.date().is_some(), "Date header");
    assert!(message.message_id().is_some(), "Message-ID header");
    let text = message.body_text(0).unwrap();
    let summary = std::fs::read_to_string(env.path("reports/latest/summary.md")).unwrap();
    assert_eq!(
        text.replace("\r\n", "\n").trim(),
        summary.replace("\r\n", "\n").trim()
    );
    let html = message.body_html(0).unwrap();
    assert!(
        html.contains("<html") || html.contains("<!DOCTYPE"),
        "HTML part"
    );
    // The HTML body is the digest (under Gmail's clipping size); the page is attached.
    assert!(html.len() < 100_000, "{} bytes", html.len());
    assert!(html.contains("Cannot coach yet") && html.contains("To review"));
    let mut attachments: Vec<(String, Vec<u8>)> = message
        .attachments()
        .map(|part| {
            (
                part.attachment_name().unwrap_or("").to_string(),
                part.contents().to_vec(),
            )
        })
        .collect();
    attachments.sort();
    let names: Vec<&str> = attachments.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["coaches.csv", "findings.csv", "report.html"]);
    for (name, contents) in &attachments {
        let on_disk = std::fs::read(env.path("reports/latest").join(name)).unwrap();
        if name == "report.html" {
            // A text part travels with CRLF line ends.
            let sent = String::from_utf8_lossy(contents).replace("\r\n", "\n");
            let file = String::from_utf8_lossy(&on_disk).replace("\r\n", "\n");
            assert!(sent == file, "report.html attachment equals the file");
        } else {
            assert_eq!(contents, &on_disk, "{name} attachment equals the file");
        }
    }
}

#[test]
fn the_report_arrives_whole_over_plain_smtp_with_auth() {
    let env = league_with_report();
    let server = SmtpServer::start(&env, &["--auth", &format!("coachcheck:{PASSWORD}")]);
    write_config(&env, &smtp_config(server.port, "none", true, ""));
    let ran = env
        .command()
        .args(["email"])
        .env("TEST_SMTP_PASSWORD", PASSWORD)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&ran.stdout);
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        !stdout.contains(PASSWORD) && !stderr.contains(PASSWORD),
        "password leaked"
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_report_message(&received[0], &env);
}

#[test]
fn starttls_with_a_self_signed_certificate_and_auth() {
    let env = league_with_report();
    let cert = env.path("cert.pem");
    let key = env.path("key.pem");
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
        ])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let server = SmtpServer::start(
        &env,
        &[
            "--auth",
            &format!("coachcheck:{PASSWORD}"),
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let config = smtp_config(server.port, "starttls", true, "")
        + &format!("ca_file = \"{}\"\n", cert.display());
    write_config(&env, &config);
    let ran = env
        .command()
        .args(["email"])
        .env("TEST_SMTP_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert_eq!(
        ran.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_report_message(&received[0], &env);
}

#[test]
fn a_wrong_password_fails_with_the_servers_answer_and_never_shows_the_password() {
    let env = league_with_report();
    let server = SmtpServer::start(&env, &["--auth", "coachcheck:the-right-one"]);
    write_config(&env, &smtp_config(server.port, "none", true, ""));
    let ran = env
        .command()
        .args(["-v", "email"])
        .env("TEST_SMTP_PASSWORD", PASSWORD)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("535") || stderr.to_lowercase().contains("auth"),
        "{stderr}"
    );
    assert!(!stderr.contains(PASSWORD) && !String::from_utf8_lossy(&ran.stdout).contains(PASSWORD));
    assert!(server.received().is_empty());
}

#[test]
fn a_refused_recipient_fails_with_exit_1_and_the_server_reply() {
    let env = league_with_report();
    let server = SmtpServer::start(&env, &["--reject", "registrar@example.org"]);
    write_config(&env, &smtp_config(server.port, "none", false, ""));
    let ran = env.run(&["email"]).expect_status(1);
    assert!(ran.stderr.contains("550"), "{}", ran.stderr);
    assert!(
        env.path("reports/latest/report.html").is_file(),
        "the report stays on disk"
    );
}

#[test]
fn a_server_that_is_down_fails_run_email_with_exit_1_after_writing_the_report() {
    let env = league_with_report();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    write_config(&env, &smtp_config(port, "none", false, ""));
    let before = std::fs::read_dir(env.path("reports")).unwrap().count();
    let ran = env
        .run(&["run", "--email", "--as-of", "2026-10-01"])
        .expect_status(1);
    assert!(
        ran.stderr.contains("127.0.0.1") && ran.stderr.contains("hint"),
        "{}",
        ran.stderr
    );
    assert!(
        std::fs::read_dir(env.path("reports")).unwrap().count() > before,
        "a new report folder"
    );
    // Retrying later sends the same report.
    let server = SmtpServer::start(&env, &[]);
    write_config(&env, &smtp_config(server.port, "none", false, ""));
    env.run(&["email"]).expect_status(0);
    assert_report_message(&server.received()[0], &env);
}

#[test]
fn an_eml_file_is_a_complete_message() {
    let env = league_with_report();
    write_config(&env, &smtp_config(1, "none", false, ""));
    env.run(&["email", "--eml", "out.eml"]).expect_status(0);
    let bytes = std::fs::read(env.path("out.eml")).unwrap();
    assert_report_message(&bytes, &env);
}

#[test]
fn when_findings_skips_a_report_with_nothing_to_do() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("watch")).unwrap();
    let config = smtp_config(
        1,
        "none",
        false,
        "when = \"findings\"\ntransport = \"file\"\nfile_dir = \"outbox\"\n",
    );
    write_config(&env, &config);
    let ran = env
        .run(&["run", "--email", "--as-of", "2026-10-01"])
        .expect_status(0);
    assert!(ran.stdout.contains("not sent"), "{}", ran.stdout);
    assert!(!env.path("outbox").exists());
}

#[cfg(unix)]
#[test]
fn the_sendmail_transport_hands_the_whole_message_to_the_local_program() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = league_with_report();
    // A stand-in for the system's sendmail (an external program, like the SMTP server in
    // the other tests): it keeps its arguments and the message it was handed.
    let program = env.path("sendmail.sh");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{args}'\ncat > '{message}'\n",
            args = env.path("sendmail.args").display(),
            message = env.path("sendmail.eml").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = smtp_config(
        1,
        "none",
        false,
        &format!(
            "transport = \"sendmail\"\nsendmail_command = \"{}\"\n",
            program.display()
        ),
    );
    write_config(&env, &config);
    let sent = env.run(&["email"]).expect_status(0);
    assert!(sent.stdout.contains("sendmail"), "{}", sent.stdout);
    let args = std::fs::read_to_string(env.path("sendmail.args")).unwrap();
    assert!(args.contains("director@example.org"), "{args}");
    assert!(args.contains("registrar@example.org"), "{args}");
    let bytes = std::fs::read(env.path("sendmail.eml")).unwrap();
    assert_report_message(&bytes, &env);
}
