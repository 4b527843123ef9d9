//! The `.agents/` ledger: learnings, patterns, rules, findings and handoffs as
//! plain files reviewed like code. Links no WebAssembly runtime.
#![forbid(unsafe_code)]
