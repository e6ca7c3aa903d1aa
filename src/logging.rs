//! logging: tracing-subscriber on stderr. `-v`/`-vv` set the default level, `-q` keeps only
//! errors, and `RUST_LOG` always wins.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber (once; later calls are ignored).
pub fn init(quiet: bool, verbose: u8) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "coachcheck=debug,warn",
        (false, _) => "coachcheck=trace,info",
    };
    let filter = EnvFilter::try_from_env(crate::env_vars::RUST_LOG)
        .unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(
            std::env::var_os(crate::env_vars::NO_COLOR).is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        )
        .with_target(false)
        .try_init();
}
