//! The built binary in a pseudo-terminal: the demo tour, and the terminal restored on quit,
//! SIGTERM and SIGHUP.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Tty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    _master: Box<dyn MasterPty + Send>,
    _dirs: Vec<std::path::PathBuf>,
}

impl Tty {
    fn demo() -> Tty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let base = std::env::temp_dir().join(format!(
            "vb365-e2e-{}-{}",
            std::process::id(),
            rand_suffix()
        ));
        let (config, state) = (base.join("config"), base.join("state"));
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_vb365-tui"));
        cmd.arg("--demo");
        cmd.env("XDG_CONFIG_HOME", &config);
        cmd.env("XDG_STATE_HOME", &state);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Tty {
            child,
            writer,
            output,
            _master: pty.master,
            _dirs: vec![base],
        }
    }

    fn screen(&self) -> String {
        let mut parser = parser();
        parser.process(&self.output.lock().unwrap());
        parser.screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("'{text}' never appeared; screen:\n{}", self.screen());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    fn wait_exit(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(200));
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the app did not exit; screen:\n{}", self.screen());
    }

    fn signal(&self, sig: i32) {
        let pid = self.child.process_id().expect("pid") as i32;
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(pid, sig);
        }
    }

    /// The terminal is back to normal: the alternate screen was left after it was entered,
    /// and the cursor is visible.
    fn assert_restored(&self) {
        let out = self.output.lock().unwrap().clone();
        let text = String::from_utf8_lossy(&out);
        let entered = text
            .rfind("\x1b[?1049h")
            .expect("entered the alternate screen");
        let left = text
            .rfind("\x1b[?1049l")
            .expect("left the alternate screen");
        assert!(left > entered, "alternate screen left after it was entered");
        let shown = text.rfind("\x1b[?25h").expect("cursor shown");
        let hidden = text.rfind("\x1b[?25l").unwrap_or(0);
        assert!(shown > hidden, "the cursor is visible at exit");
        let mut parser = parser();
        parser.process(&out);
        assert!(!parser.screen().alternate_screen());
        assert!(!parser.screen().hide_cursor());
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        for d in &self._dirs {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn parser() -> vt100::Parser {
    use std::num::NonZero;
    vt100::Parser::new(NonZero::new(ROWS).unwrap(), NonZero::new(COLS).unwrap(), 0)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[test]
fn demo_tour_from_connect_to_home_and_quit() {
    let mut t = Tty::demo();
    t.wait_for("Connect to a VB365 server");
    t.wait_for("Enter connect");
    t.send("\r");
    t.wait_for("Untrusted certificate");
    assert!(t.screen().contains("self-signed"));
    t.send("o");
    t.wait_for("Demo credentials: user administrator, password veeam-demo");
    t.send("veeam-demo\r");
    t.wait_for("Signed in as administrator");
    t.wait_for("8.1.0.305");
    let home = t.screen();
    assert!(home.contains("Organizations") && home.contains("Restore sessions"));
    assert!(home.contains("v8"));
    t.send("?");
    t.wait_for("Keys on Home");
    t.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen().contains("Keys on Home"));
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut t = Tty::demo();
    t.wait_for("Enter connect");
    t.signal(libc::SIGTERM);
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn sighup_restores_the_terminal() {
    let mut t = Tty::demo();
    t.wait_for("Enter connect");
    t.signal(libc::SIGHUP);
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn ctrl_c_in_a_text_field_quits_and_restores() {
    let mut t = Tty::demo();
    t.wait_for("Enter connect");
    t.send("\x03");
    t.wait_exit();
    t.assert_restored();
}
