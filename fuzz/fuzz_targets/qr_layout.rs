#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vb365_tui::fuzz::qr_layout(data));
