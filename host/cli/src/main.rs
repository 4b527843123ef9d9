//! `agentops`: the operational layer for coding agents.
//!
//! This binary only wires things: parsing lives in [`cli`], each subcommand in
//! its own file under [`commands`], and the work in the library crates.
#![forbid(unsafe_code)]

mod builtin;
mod catalog;
mod cli;
mod commands;
mod error;
mod flow_host;
mod host_actions;
mod input;
mod launch;
mod project;
mod render;
mod stdout;
mod toolchain;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::dispatch(&cli) {
        Ok(code) => code,
        Err(error) => {
            if !cli.global.quiet || error.kind != error::Kind::Fail {
                eprintln!("{error}");
            }
            error.exit_code()
        }
    }
}
