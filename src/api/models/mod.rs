//! Serde types for the operations in scope, shared by the client and the simulator.
//! Unknown enum values land in an `Unknown` variant; unknown fields are ignored.

mod common;
mod contents;
mod dashboard;
mod organization;
mod restore;

pub use common::*;
pub use contents::*;
pub use dashboard::*;
pub use organization::*;
pub use restore::*;
