//! One integration-test binary for the crate (saves link time on 2 cores).

mod common;
mod emit_snapshots;
mod roundtrip;
mod shared_files;
mod validation;
