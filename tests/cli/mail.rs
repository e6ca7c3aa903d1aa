//! Issue 18: certificates straight from the coordinator's mailbox. Mail files in the inbox
//! (the fixtures made by `fixtures/mail/make.py`), and `fetch` / `run --fetch` against a
//! real IMAP server on loopback: Debian's dovecot, started here with its own config, a
//! temporary Maildir, a self-signed certificate and a passwd-file user. Without dovecot the
//! IMAP tests are skipped with a printed reason, unless `CI` is set (then they fail).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    copy_dir, fixture, latest_report, report_certificate, tree_digest, Ran, TestEnv,
};

const PASSWORD: &str = "imap-Pa55word-never-shown";

/// The demo roster plus the mail fixtures, as an inbox.
fn league_with_mail() -> TestEnv {
    let env = TestEnv::new();
    let inbox = env.path("watch");
    copy_dir(&fixture("demo-league/roster"), &inbox);
    copy_dir(&fixture("mail/inbox"), &inbox.join("mail"));
    env
}

#[test]
fn mail_attachments_are_certificates_that_name_their_message() {
    let env = league_with_mail();
    let before = tree_digest(&env.path("watch"));
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    assert_eq!(
        before,
        tree_digest(&env.path("watch")),
        "the inbox was modified"
    );
    let report = latest_report(&env.path("reports"));

    // A coach sends two certificates from the roster email: both count, and the sender
    // is evidence in the link.
    for name in ["EmilyCarter_7v7.pdf", "EmilyCarter_SafeSport.pdf"] {
        let found = report_certificate(&report, &format!("mail/coach-two-certificates.eml#{name}"));
        assert_eq!(found["coach_id"], "CS-100122", "{found:#}");
        assert_eq!(found["source"]["type"], "mail");
        assert_eq!(found["source"]["sender"], "emily.carter@example.com");
        assert_eq!(found["source"]["subject"], "My coaching certificates");
        assert_eq!(found["source"]["date"], "2026-09-02T19:15:00-07:00");
        let reason = found["match"]["reason"].as_str().unwrap();
        assert!(
            reason.contains("sent from the coach's roster email"),
            "{reason}"
        );
    }
    // A forward of a forward: the attachment keeps its original sender.
    let forwarded = report_certificate(
        &report,
        "mail/forward-of-forward.eml#Dmitri Volkov 11v11.pdf",
    );
    assert_eq!(forwarded["coach_id"], "CS-100135");
    assert_eq!(forwarded["source"]["sender"], "dmitri.volkov@example.org");
    // A parent sends for a coach: linked by the name; the parent's address adds nothing.
    let parent = report_certificate(
        &report,
        "mail/parent-sends-for-coach.eml#Camila SafeSport.pdf",
    );
    assert_eq!(parent["coach_id"], "CS-100128");
    assert_eq!(parent["source"]["sender"], "restrepo.home@example.net");
    assert!(!parent["match"]["reason"]
        .as_str()
        .unwrap()
        .contains("sent from"));
    // Two roster coaches named Daniel Kim: the certificate prints no email, the sender's
    // roster address settles which one (by name alone it is ambiguous, SPEC fixtures).
    let namesake = report_certificate(
        &report,
        "mail/namesake-settled-by-sender.eml#HeadsUp_certificate.pdf",
    );
    assert_eq!(namesake["match"]["status"], "matched", "{namesake:#}");
    assert_eq!(namesake["coach_id"], "CS-100130");
    // Outlook: the PDF is read, the signature logo is not a certificate.
    let outlook = report_certificate(&report, "mail/outlook-style.eml#Haddad intro.pdf");
    assert_eq!(outlook["coach_id"], "CS-100105");
    assert_eq!(outlook["source"]["sender"], "ahmed.haddad@example.com");
    let files: Vec<&str> = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|certificate| certificate["file"].as_str())
        .collect();
    assert!(
        !files.iter().any(|file| file.contains("image001")),
        "{files:?}"
    );
    // A scan pasted inline is taken as a certificate (read by OCR where installed).
    assert!(
        files
            .iter()
            .any(|file| file.starts_with("mail/scan-inline-image.eml#") && file.ends_with(".jpg")),
        "{files:?}"
    );
    // An mbox: each message by number; a Word file is listed as ignored, naming its part.
    assert_eq!(
        report_certificate(
            &report,
            "mail/season.mbox#2/Adeyemi_SafeSport_Refresher_2026.pdf"
        )["coach_id"],
        "CS-100112"
    );
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|finding| {
            finding["code"] == "ignored_file" && finding["file"] == "mail/season.mbox#2/notes.doc"
        }));
    // Every mail certificate the coordinator must place says in the page who sent it.
    let html = std::fs::read_to_string(env.path("reports/latest/report.html")).unwrap();
    for unplaced in report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["coach_id"].is_null() && c["source"]["type"] == "mail" && c["status"] == "ok")
    {
        let sender = unplaced["source"]["sender"].as_str().unwrap();
        assert!(html.contains(&format!("sent by {sender}")), "{unplaced:#}");
    }
}

#[test]
fn inspect_gives_one_line_per_attachment_with_its_source() {
    let ran = TestEnv::new().run(&[
        "inspect",
        "--json",
        fixture("mail/inbox/coach-two-certificates.eml")
            .to_str()
            .unwrap(),
    ]);
    let ran = ran.expect_status(0);
    let lines: Vec<Value> = ran
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", ran.stdout);
    assert!(lines[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("coach-two-certificates.eml#EmilyCarter_7v7.pdf"));
    assert_eq!(lines[0]["course"], "grassroots_7v7");
    assert_eq!(lines[1]["source"]["sender"], "emily.carter@example.com");
}

#[test]
fn a_broken_mail_file_is_a_finding_and_the_run_goes_on() {
    let env = league_with_mail();
    std::fs::write(env.path("watch/mail/junk.eml"), b"\x00\x01 not mail").unwrap();
    let mut bomb = String::from("From: a@example.org\r\nSubject: bomb\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for _ in 0..1500 {
        bomb.push_str("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
    }
    bomb.push_str("--b--\r\n");
    std::fs::write(env.path("watch/mail/bomb.eml"), bomb).unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let report = latest_report(&env.path("reports"));
    for file in ["mail/junk.eml", "mail/bomb.eml"] {
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|finding| { finding["code"] == "unreadable_file" && finding["file"] == file }),
            "{file}"
        );
    }
    report_certificate(
        &report,
        "mail/coach-two-certificates.eml#EmilyCarter_7v7.pdf",
    );
}

#[test]
fn a_maildir_in_the_inbox_is_read_except_its_tmp_folder() {
    let env = league_with_mail();
    let maildir = env.path("watch/Maildir");
    for folder in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(folder)).unwrap();
    }
    std::fs::copy(
        fixture("mail/inbox/outlook-style.eml"),
        maildir.join("cur/1788000000.M1P7.host:2,S"),
    )
    .unwrap();
    std::fs::write(
        maildir.join("tmp/1788000001.M2P7.host"),
        b"From: half-written",
    )
    .unwrap();
    std::fs::remove_file(env.path("watch/mail/outlook-style.eml")).unwrap();
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let report = latest_report(&env.path("reports"));
    let found = report_certificate(
        &report,
        "Maildir/cur/1788000000.M1P7.host:2,S#Haddad intro.pdf",
    );
    assert_eq!(found["coach_id"], "CS-100105");
    let named_tmp = |value: &Value| value["file"].as_str().is_some_and(|f| f.contains("/tmp/"));
    assert!(!report["findings"].as_array().unwrap().iter().any(named_tmp));
    assert!(!report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .any(named_tmp));
}

// ── IMAP ──────────────────────────────────────────────────────────────────────────────

/// A dovecot IMAP server on loopback; stopped on drop.
struct Dovecot {
    child: Child,
    port: u16,
    root: PathBuf,
    stopped: bool,
}

/// Whether dovecot is installed; otherwise prints why the test is skipped (or fails on CI).
fn dovecot_available() -> bool {
    let found = Path::new("/usr/sbin/dovecot").exists();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)"
        );
        eprintln!("skipped: dovecot is not installed (apt-get install dovecot-imapd)");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn current_user() -> (String, String) {
    let name = |flag: &str| {
        let out = Command::new("id").arg(flag).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    (name("-un"), name("-gn"))
}

impl Dovecot {
    /// Sets up a Maildir for user `coach` holding the fixture messages, then starts.
    fn start(env: &TestEnv, messages: &[&str]) -> Dovecot {
        let root = env.path("imap");
        let maildir = root.join("home/coach/Maildir");
        for folder in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(folder)).unwrap();
        }
        for (index, name) in messages.iter().enumerate() {
            std::fs::copy(
                fixture(&format!("mail/inbox/{name}")),
                maildir.join(format!("new/100000{index}.M{index}P1.test")),
            )
            .unwrap();
        }
        let made = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", "/CN=127.0.0.1"])
            .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
            .args(["-addext", "basicConstraints=critical,CA:FALSE"])
            .args(["-addext", "extendedKeyUsage=serverAuth"])
            .arg("-keyout")
            .arg(root.join("key.pem"))
            .arg("-out")
            .arg(root.join("cert.pem"))
            .output()
            .expect("openssl");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        std::fs::write(
            root.join("passwd"),
            format!("coach:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .unwrap();
        let port = free_port();
        // imap-login refuses to run as root, and dovecot refuses mail access as root: as
        // root (CI), the Debian package's dovenull/dovecot users serve, and need to reach
        // the temporary folders.
        let (user, group) = current_user();
        let (login_user, internal_user, internal_group, mail_user, mail_group) = if user == "root" {
            for folder in [env.dir.path(), root.as_path()] {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            let chowned = Command::new("chown")
                .args(["-R", "dovecot:dovecot"])
                .arg(root.join("home"))
                .status()
                .unwrap();
            assert!(chowned.success());
            (
                "dovenull".to_owned(),
                "dovecot".to_owned(),
                "dovecot".to_owned(),
                "dovecot".to_owned(),
                "dovecot".to_owned(),
            )
        } else {
            (user.clone(), user.clone(), group.clone(), user, group)
        };
        let r = root.display();
        std::fs::create_dir_all(root.join("state")).unwrap();
        let config = format!(
            "base_dir = {r}/run-{port}
state_dir = {r}/state
log_path = {r}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{r}/cert.pem
ssl_key = <{r}/key.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
disable_plaintext_auth = yes
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={r}/home/%u
}}
"
        );
        std::fs::write(root.join("dovecot.conf"), config).unwrap();
        let child = Command::new("/usr/sbin/dovecot")
            .arg("-F")
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .spawn()
            .expect("start dovecot");
        let server = Dovecot {
            child,
            port,
            root,
            stopped: false,
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "dovecot did not start: {}",
                std::fs::read_to_string(server.root.join("dovecot.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn maildir(&self) -> PathBuf {
        self.root.join("home/coach/Maildir")
    }

    /// Message files on the server, and whether any is flagged `\Seen` (Maildir `S`).
    fn messages(&self) -> (usize, bool) {
        let mut count = 0;
        let mut seen = false;
        for folder in ["cur", "new"] {
            for entry in std::fs::read_dir(self.maildir().join(folder)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                count += 1;
                if let Some((_, flags)) = name.split_once(":2,") {
                    seen |= flags.contains('S');
                }
            }
        }
        (count, seen)
    }

    /// Stops the server (SIGTERM: the master stops its children).
    fn stop(&mut self) {
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

fn mailbox_config(env: &TestEnv, port: u16, ca: &Path) {
    std::fs::write(
        env.path("coachcheck.toml"),
        format!(
            "[mailbox]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"tls\"\nuser = \"coach\"\nfolder = \"INBOX\"\npassword_env = \"TEST_IMAP_PASSWORD\"\nca_file = \"{}\"\narchive = \"mail\"\ntimeout_seconds = 10\n",
            ca.display()
        ),
    )
    .unwrap();
}

fn fetch(env: &TestEnv, password: &str) -> Ran {
    let output = env
        .command()
        .args(["fetch"])
        .env("TEST_IMAP_PASSWORD", password)
        .output()
        .unwrap();
    Ran {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn archived(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.path("mail/INBOX"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn fetch_copies_each_new_message_once_and_never_touches_the_server() {
    if !dovecot_available() {
        return;
    }
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("watch")).unwrap();
    copy_dir(&fixture("demo-league/roster"), &env.path("watch"));
    let mut server = Dovecot::start(
        &env,
        &["coach-two-certificates.eml", "parent-sends-for-coach.eml"],
    );
    mailbox_config(&env, server.port, &server.root.join("cert.pem"));

    let ran = fetch(&env, PASSWORD).expect_status(0);
    assert!(
        ran.stdout.contains("fetched 2 new message(s)"),
        "{}",
        ran.stdout
    );
    assert_eq!(archived(&env).len(), 2);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: PathBuf| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(env.path("mail")), 0o700);
        assert_eq!(mode(env.path("mail/INBOX")), 0o700);
        for name in archived(&env) {
            assert_eq!(mode(env.path(&format!("mail/INBOX/{name}"))), 0o600);
        }
    }
    // Nothing new the next time.
    let ran = fetch(&env, PASSWORD).expect_status(0);
    assert!(
        ran.stdout.contains("fetched 0 new message(s)") && ran.stdout.contains("2 already fetched"),
        "{}",
        ran.stdout
    );
    // Read-only: no message deleted or moved away, none flagged \Seen.
    assert_eq!(server.messages(), (2, false));

    // A new message arrives: only it is fetched.
    std::fs::copy(
        fixture("mail/inbox/forward-of-forward.eml"),
        server.maildir().join("new/2000000.M9P1.test"),
    )
    .unwrap();
    let ran = fetch(&env, PASSWORD).expect_status(0);
    assert!(
        ran.stdout.contains("fetched 1 new message(s)"),
        "{}",
        ran.stdout
    );
    assert_eq!(archived(&env).len(), 3);

    // The server resets UIDVALIDITY: the folder is read again, the archive keeps one copy.
    server.stop();
    let maildir = server.maildir();
    for entry in std::fs::read_dir(&maildir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("dovecot") {
            std::fs::remove_file(&path).unwrap();
        }
    }
    std::fs::write(maildir.join("dovecot-uidlist"), "3 V424242 N1\n").unwrap();
    let server = Dovecot::start(&env, &[]);
    mailbox_config(&env, server.port, &server.root.join("cert.pem"));
    let ran = fetch(&env, PASSWORD).expect_status(0);
    assert!(ran.stdout.contains("UIDVALIDITY"), "{}", ran.stdout);
    assert_eq!(
        archived(&env).len(),
        3,
        "the archive keeps one copy of each message"
    );
    assert_eq!(server.messages(), (3, false));

    // `run` reads the archive: the certificates name their message and sender.
    env.run(&["run", "--as-of", "2026-10-01"]).expect_status(0);
    let report = latest_report(&env.path("reports"));
    let from_mail: Vec<&Value> = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|certificate| certificate["source"]["type"] == "mail")
        .collect();
    assert_eq!(from_mail.len(), 4, "{:#}", report["certificates"]);
    assert!(from_mail.iter().all(|certificate| certificate["file"]
        .as_str()
        .unwrap()
        .starts_with("mail/INBOX/")));
    assert!(!report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|finding| finding["code"] == "duplicate_file"));
}

#[test]
fn a_wrong_password_or_a_server_down_is_clear_and_the_run_still_reports() {
    if !dovecot_available() {
        return;
    }
    let env = TestEnv::new();
    std::fs::create_dir_all(env.path("watch")).unwrap();
    copy_dir(&fixture("demo-league/roster"), &env.path("watch"));
    let mut server = Dovecot::start(&env, &["coach-two-certificates.eml"]);
    mailbox_config(&env, server.port, &server.root.join("cert.pem"));
    let wrong = "wrong-Pa55word-never-shown";
    let ran = fetch(&env, wrong).expect_status(1);
    assert!(ran.stderr.contains("refused the login"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("NO"),
        "the server's answer: {}",
        ran.stderr
    );
    for secret in [wrong, PASSWORD] {
        assert!(!ran.stderr.contains(secret) && !ran.stdout.contains(secret));
    }

    // run --fetch with the server down: a report with a mailbox_unreadable finding.
    server.stop();
    let output = env
        .command()
        .args(["run", "--fetch", "--as-of", "2026-10-01"])
        .env("TEST_IMAP_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains(PASSWORD));
    let report = latest_report(&env.path("reports"));
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["code"] == "mailbox_unreadable")
        .expect("a mailbox_unreadable finding");
    assert_eq!(finding["severity"], "review");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{finding}"
    );
}
