//! The `koe` binary: parse the command line, run the command, map errors to exit codes.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed output pipe: quiet, as the shell expects of `koe list | head -1`.
        Err(err) if err.code == 0 => ExitCode::SUCCESS,
        Err(err) => {
            // A message may span lines (every fault of a survey file): each line is printed
            // through `warn`, so text from files never reaches the terminal raw.
            for (i, line) in err.message.lines().enumerate() {
                let prefix = if i == 0 { "koe: " } else { "" };
                cli::warn(format_args!("{prefix}{line}"));
            }
            ExitCode::from(err.code)
        }
    }
}

/// mimalloc rather than the system allocator: an import or export allocates and frees millions of
/// small values (answers, cells, terms) on several threads, and mimalloc does that in about a
/// fifth less CPU time than glibc's malloc (BENCHMARKS.md). It builds from C, as SQLite does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
