//! vb365-tui: a full-screen terminal client for the Veeam Backup for Microsoft 365 REST API,
//! with a simulator of that API.

pub mod api;
pub mod app;
pub mod audit;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dates;
#[doc(hidden)]
pub mod fuzz;
pub mod identity;
pub mod jobs;
pub mod poll;
pub mod runtime;
#[cfg(feature = "sim")]
pub mod sim;
pub mod terminal;
#[doc(hidden)]
pub mod testing;
pub mod text;
pub mod ui;
pub mod units;
