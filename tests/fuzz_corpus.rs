//! Replays the fuzz corpus (`fuzz/corpus/<target>/`, minimized after each fuzzing run, with the
//! inputs of every crash found) through the same entry points the fuzz targets use.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target} panics on {}", path.display());
        count += 1;
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
