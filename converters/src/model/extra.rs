//! Keys a runtime file carried that the model has no field for. They are kept
//! in the order they were read, so an import followed by an emit loses nothing.

/// Unknown keys, in file order (serde_json's `preserve_order`).
pub type Extra = serde_json::Map<String, serde_json::Value>;
