//! `agentops flow ...`: flows, the skills that invoke other skills.

pub mod run;
