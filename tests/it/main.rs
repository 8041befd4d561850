//! The integration tests, one binary with a module per subject: every extra test binary
//! links the whole crate and the simulator again.

mod support;

mod budgets;
mod cli;
mod contract;
mod downloads;
mod e2e;
mod faults;
mod flow;
mod fuzz_corpus;
mod idle;
mod lists;
mod morning_counts;
mod onboarding;
mod reliability;
mod restore_contract;
mod restores;
mod secrets;
mod structure;
