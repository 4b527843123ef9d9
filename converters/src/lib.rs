//! The compiler's converters: a neutral model of what an agent runtime loads,
//! emitted as each runtime's native files and read back. Links no WebAssembly
//! runtime.
#![forbid(unsafe_code)]
