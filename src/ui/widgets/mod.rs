//! Reusable pieces: form fields, popups, help overlay, palette.

pub mod field;
pub mod help;
pub mod palette;
pub mod popup;
