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

/// This machine's time zone, as every screen with times names it once: "UTC+01:00".
pub(crate) fn zone() -> String {
    format!("UTC{}", chrono::Local::now().format("%:z"))
}
