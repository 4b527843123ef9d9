//! One integration-test binary for the crate (saves link time on 2 cores).

mod common;
mod corpus;
mod emit_snapshots;
mod imports;
mod plugin;
mod roundtrip;
mod shared_files;
mod source_export;
mod tokens;
mod validation;
