//! # coachcheck
//!
//! Proves every coach of a youth soccer league is cleared to coach: it reads the roster
//! exports and the certificate PDFs coaches send in, links each certificate to a coach,
//! applies the league's rules, and writes a reconciliation report.
//!
//! ## Brief overview
//!
//! Data flows one way through the stages, one module each:
//!
//! ```text
//! inbox ──► roster ─────────┐
//!   │                       ├─► matching ─► policy ─► reconcile ─► report ─► email
//!   └────► certificates ────┘
//!                 ▲                                                   ▲
//!                 └───────────── state (extraction cache, run history)┘
//! ```
//!
//! - [`inbox`] scans the drop folder and classifies files; it never writes.
//! - [`mail`] opens mail files (and fetches the `[mailbox]` IMAP folder into an archive):
//!   their PDF and image attachments are certificates, with the sender as provenance.
//! - [`roster`] reads roster and background-check CSVs and workbooks (every sheet) into
//!   coaches, with the training records registration exports carry.
//! - [`certificates`] reads each PDF into an [`certificates::Extraction`].
//! - [`matching`] links certificate holders to coaches, with reasons.
//! - [`policy`] holds the league's rules and requirements (data); [`reconcile`] applies
//!   them (pure) and assembles the [`verdict`] model.
//! - [`report`] renders the verdict as JSON, CSV, HTML and Markdown and writes them
//!   atomically.
//! - [`pipeline`] is one whole run (scan → read → reconcile → write), shared by `run`
//!   and `watch`.
//! - [`state`] caches extractions and remembers runs (SQLite).
//! - [`watch`] decides when to run again; [`email`] sends the report (an HTML digest,
//!   [`report::digest`], with the full page attached).
//! - [`remind`] builds one private reminder per coach with something to do.
//! - [`private`] creates everything holding personal data owner-only.
//!
//! ## Example
//!
//! Linking a certificate holder to a roster, as `coachcheck match` does:
//!
//! ```
//! use coachcheck::matching::{Matcher, Nicknames, Record, RosterEntry};
//!
//! let roster = vec![RosterEntry {
//!     id: "CS-1".into(),
//!     first_name: "Robert".into(),
//!     last_name: "Smith".into(),
//!     email: Some("rsmith@example.org".into()),
//! }];
//! let matcher = Matcher::new(roster, Nicknames::builtin());
//! let record = Record { id: "cert-1".into(), name: "Robert Smith".into(), email: None };
//! let found = matcher.link(&record);
//! assert_eq!(found.record_id, "cert-1");
//! ```

pub mod cli;
pub mod commands;
pub mod config;
pub mod env_vars;
pub mod exit;
pub mod findings;
pub mod logging;
pub mod progress;

pub mod inbox;
pub mod mail;

pub mod certificates;
pub mod roster;

pub mod matching;

pub mod verdict;

pub mod decisions;
pub mod policy;
pub mod reconcile;

pub mod report;

pub mod pipeline;

pub mod email;
pub mod private;
pub mod remind;
pub mod state;
pub mod watch;
