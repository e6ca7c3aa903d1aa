//! The `coachcheck` binary: parses the command line and hands over to the library.

/// mimalloc: a run allocates millions of small, short-lived strings across worker threads,
/// where it is markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    coachcheck::cli::main()
}
