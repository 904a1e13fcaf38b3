//! The `koe` binary: parse the command line, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = koe::cli::Cli::parse();
    match koe::cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("koe: {}", err.message);
            ExitCode::from(err.code)
        }
    }
}
