//! The `apex` binary: one subcommand per role. All logic lives in the library.

/// mimalloc: the processor allocates and frees many small objects per envelope (JSON values,
/// strings); glibc's allocator cost 20% of the processor's CPU in profiles, mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    apex::cli::main()
}
