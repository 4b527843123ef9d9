//! Host-side bindings generated from `wit/skill.wit`.
//!
//! The `flow` world is the superset of `skill`: generating it once gives the
//! host every import trait and the `guest` export, whichever world a component
//! was built for.

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "flow",
});
