//! Replays the fuzz corpus (`fuzz/corpus/<target>/`, minimized after each fuzzing run) and the
//! inputs of every crash found (`fuzz/regressions/<target>/`) through the same entry points the
//! fuzz targets use.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    // The corpus, and the inputs that once crashed (kept apart so minimizing never drops them).
    for dir in [
        fuzz.join("corpus").join(target),
        fuzz.join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target} panics on {}", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "the {target} corpus is empty");
}

#[test]
fn decode_models_corpus() {
    replay("decode_models", vb365_tui::fuzz::decode_models);
}

#[test]
fn validators_corpus() {
    replay("validators", vb365_tui::fuzz::validators);
}

#[test]
fn server_url_corpus() {
    replay("server_url", vb365_tui::fuzz::server_url);
}

#[test]
fn qr_layout_corpus() {
    replay("qr_layout", vb365_tui::fuzz::qr_layout);
}
