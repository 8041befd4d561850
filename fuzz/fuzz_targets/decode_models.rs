#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vb365_tui::fuzz::decode_models(data));
