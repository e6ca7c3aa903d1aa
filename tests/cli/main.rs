//! Integration tests: the real `coachcheck` binary on real files, one module per command.

mod support;

mod browser;
mod cpr_inspect;
mod demo;
mod email;
mod hostile;
mod init;
mod inspect;
mod league_requirement;
mod mail;
mod match_cmd;
mod ocr;
mod private_files;
mod remind;
mod run;
mod watch;
mod workbooks;
