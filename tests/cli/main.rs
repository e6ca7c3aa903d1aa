//! Integration tests: the real `coachcheck` binary on real files, one module per command.

mod support;

mod browser;
mod demo;
mod email;
mod hostile;
mod init;
mod inspect;
mod match_cmd;
mod ocr;
mod run;
mod watch;
