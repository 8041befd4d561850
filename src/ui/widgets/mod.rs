//! Reusable pieces: form fields, popups, help overlay, palette, list rows.

pub mod device_code;
pub mod field;
pub mod form;
pub mod help;
pub mod palette;
pub mod popup;
pub mod qr;
pub mod rows;
pub mod scroll;
