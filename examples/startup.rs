//! Startup to first frame, measured from outside: the binary is started in a pseudo-terminal
//! and timed until its first frame (the header line) has arrived, over many runs.
//!
//! `cargo build --release && cargo run --release --example startup [-- BINARY [RUNS]]`

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn one_run(binary: &str, dir: &std::path::Path) -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(binary);
    // A fresh configuration: the connect screen, drawn without any network wait.
    cmd.env("XDG_CONFIG_HOME", dir.join("config"));
    cmd.env("XDG_STATE_HOME", dir.join("state"));
    cmd.env("TERM", "xterm-256color");
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).contains("not connected") {
                let _ = tx.send(Instant::now());
                break;
            }
        }
    });
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    let drawn = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("no first frame within 10 s");
    let _ = child.kill();
    let _ = child.wait();
    drawn - start
}

fn main() {
    let mut args = std::env::args().skip(1);
    let binary = args
        .next()
        .unwrap_or_else(|| "target/release/vb365-tui".into());
    let binary = std::fs::canonicalize(&binary)
        .unwrap_or_else(|e| panic!("{binary}: {e}; build it with cargo build --release"))
        .to_string_lossy()
        .into_owned();
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("vb365-startup-{}", std::process::id()));
    let mut times: Vec<Duration> = (0..runs).map(|_| one_run(&binary, &dir)).collect();
    let _ = std::fs::remove_dir_all(&dir);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "startup to first frame over {runs} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[runs - 1])
    );
}
