//! The built binary in a pseudo-terminal: the demo tour, and the terminal restored on quit,
//! SIGTERM and SIGHUP.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

mod robustness;

#[allow(unused_imports)]
use robustness::*;

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
        Tty::demo_with(&[])
    }

    /// The demo with extra environment variables.
    fn demo_with(env: &[(&str, &str)]) -> Tty {
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
        for (k, v) in env {
            cmd.env(k, v);
        }
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

    /// The text of the line after the one containing `marker`.
    fn line_after(&self, marker: &str) -> String {
        let screen = self.screen();
        let lines: Vec<&str> = screen.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.contains(marker))
            .expect("marker on screen");
        lines[i + 1].to_string()
    }

    /// Reads the half-block QR code off the screen cells and decodes it.
    fn decode_qr(&self) -> String {
        let mut parser = parser();
        parser.process(&self.output.lock().unwrap());
        let screen = parser.screen();
        let dark = |c: vt100::Color| matches!(c, vt100::Color::Idx(0));
        // Modules: one column per cell, two rows per cell (upper half = fg, lower = bg).
        let mut rows: Vec<Vec<bool>> = Vec::new();
        let mut left = None;
        for y in 0..ROWS {
            let cells: Vec<(u16, bool, bool)> = (0..COLS)
                .filter_map(|x| {
                    let cell = screen.cell(y, x)?;
                    (cell.contents() == "▀")
                        .then(|| (x, dark(cell.fgcolor()), dark(cell.bgcolor())))
                })
                .collect();
            if cells.is_empty() {
                continue;
            }
            left.get_or_insert(cells[0].0);
            rows.push(cells.iter().map(|c| c.1).collect());
            rows.push(cells.iter().map(|c| c.2).collect());
        }
        assert!(!rows.is_empty(), "no QR code on screen:\n{}", self.screen());
        let size = rows[0].len();
        let scale = 6;
        let border = 4 * scale;
        let px = size * scale + 2 * border;
        let img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            if x < border || y < border || x >= px - border || y >= px - border {
                return 255;
            }
            let (mx, my) = ((x - border) / scale, (y - border) / scale);
            match rows.get(my).and_then(|r| r.get(mx)) {
                Some(true) => 0,
                _ => 255,
            }
        });
        let mut img = img;
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().expect("decodes").1
    }

    fn resize(&self, cols: u16, rows: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    fn log(&self) -> String {
        let path = self._dirs[0].join("state/vb365-tui/vb365-tui.log");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
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
        // What it did last says where it stopped: the log's and the output's last lines.
        let (log, raw) = (self.log(), self.raw());
        let (log, raw) = (tail(&log, 1_500), tail(&raw, 200));
        panic!(
            "the app did not exit; screen:\n{}\nlog: {log}\noutput: {raw:?}",
            self.screen()
        );
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

const TYPED_SECRET: &str = "Wrong-Zebra-Pw-4471";

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

/// Sends one request to the demo simulator (its control endpoint or `/devicelogin`).
fn sim_post(url: &str, body: serde_json::Value) -> u16 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let tls = vb365_tui::api::tls::client_config(
            &vb365_tui::api::TrustMode::Insecure,
            Default::default(),
        )
        .unwrap();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .build()
            .unwrap();
        let r = http.post(url).json(&body).send().await.unwrap();
        r.status().as_u16()
    })
}

/// The demo simulator's address, read off the header.
fn demo_base_url(t: &Tty) -> String {
    let screen = t.screen();
    let host = screen
        .split('│')
        .map(str::trim)
        .find(|p| p.starts_with("127.0.0.1:"))
        .expect("the server in the header")
        .to_string();
    format!("https://{host}")
}

/// Approves a code the way a person would, through the simulator's `/devicelogin`.
fn approve(base_url: &str, code: &str) {
    let body = serde_json::json!({ "userCode": code, "action": "approve" });
    let status = sim_post(&format!("{base_url}/devicelogin"), body);
    assert_eq!(status, 200, "the code is known to the simulator");
}

/// Reads the code and the QR code off the screen, checks that the QR code is the link
/// shown, and approves the code.
fn read_and_approve(t: &Tty) -> String {
    t.wait_for("and enter the code:");
    let code: String = t
        .line_after("and enter the code:")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    assert_eq!(code.len(), 9, "{code}");
    let url = t
        .line_after("scan the QR code:")
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .expect("the link")
        .to_string();
    assert!(url.ends_with("/devicelogin"), "{url}");
    assert_eq!(t.decode_qr(), url, "the QR code is the verification link");
    approve(url.trim_end_matches("/devicelogin"), &code);
    code
}

/// Connected, signed in as the administrator, on contoso's details.
fn open_contoso(t: &mut Tty) {
    connect_and_trust(t);
    t.send("veeam-demo\r");
    t.wait_for("Signed in as administrator");
    t.send("\x1b[B\r"); // Organizations, below Today
    t.wait_for("3 organizations");
    t.send("\r"); // contoso's details
}

fn connect_and_trust(t: &mut Tty) {
    t.wait_for("Enter connect");
    t.send("\r");
    t.wait_for("Untrusted certificate");
    t.send("o");
    t.wait_for("Demo credentials");
}

#[test]
fn tenant_sign_in_with_a_scanned_qr_code() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("\x1bOQ"); // F2: tenant mode
    t.wait_for("contoso.onmicrosoft.com");
    t.send("\r");
    t.wait_for("and enter the code:");
    let url = t
        .line_after("scan the QR code:")
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .unwrap()
        .to_string();
    read_and_approve(&t);
    let raw = String::from_utf8_lossy(&t.output.lock().unwrap()).into_owned();
    assert!(
        raw.contains(&format!("\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\")),
        "the link is an OSC 8 hyperlink"
    );
    t.wait_for("Signed in as contoso.onmicrosoft.com");
    t.wait_for("Home");
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn restore_operator_sign_in_with_a_device_code() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("\x1bOQ");
    t.send("\x1bOQ");
    t.wait_for("Restore operators sign in");
    t.send("\r");
    read_and_approve(&t);
    t.wait_for("Signed in as operator@contoso.onmicrosoft.com");
    t.send("q");
    t.wait_exit();
}

#[test]
fn home_device_code_screen_with_a_scanned_qr_code() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("Signed in as administrator");
    t.send(":");
    t.send("device");
    t.send("\r");
    t.wait_for("Enter gets a code");
    t.send("\r");
    let code = read_and_approve(&t);
    t.wait_for(&format!("Code {code} used; Enter adds an organization"));
    t.send("\x1b");
    t.send("\x1b");
    t.wait_for("Home");
    t.send("q");
    t.wait_exit();
}

#[test]
fn add_an_organization_with_modern_app_only_authentication() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("Signed in as administrator");
    t.send(":");
    t.send("add org");
    t.send("\r");
    t.wait_for("step 1 of 4: Organization");
    t.send("\r");
    t.wait_for("Microsoft 365 authentication");
    t.send("\t");
    t.send("adatum.onmicrosoft.com");
    t.send("\r");
    t.wait_for("Sign in with a device code");
    read_and_approve(&t);
    t.wait_for("step 4 of 4: Review");
    assert!(
        t.screen()
            .contains("\"newApplicationName\": \"Veeam Backup for Microsoft 365\"")
    );
    t.send("\r");
    t.wait_for("Added adatum.onmicrosoft.com.");
    t.wait_for("4 organizations");
    assert!(t.screen().contains("adatum.onmicrosoft.com"));
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn restore_session_create_watch_browse_stop() {
    let mut t = Tty::demo();
    open_contoso(&mut t);
    t.send("x");
    t.wait_for("New restore session for contoso.onmicrosoft.com");
    t.send("\r");
    t.wait_for("Working");
    t.wait_for("Connecting to the backup repository");
    t.send("b");
    t.wait_for("Adele Vance");
    t.send("\x1bOF"); // End
    t.wait_for("250 of 250 loaded");
    t.send("\x1b");
    t.wait_for("Events (");
    t.send("s");
    t.wait_for("Stop the Exchange restore session of contoso.onmicrosoft.com");
    t.send("y");
    t.wait_for("Stopped by user");
    // Esc goes back where the session was started: the organization's details.
    t.send("\x1b");
    t.wait_for("Microsoft 365 name");
    t.send(":restore sessions\r");
    t.wait_for("Restore sessions");
    let list = t.screen();
    let first = list
        .lines()
        .find(|l| l.contains("Exchange"))
        .expect("the new session is listed first");
    assert!(first.contains("Stopped"), "{list}");
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

/// Bytes the app wrote and the bursts they came in (a burst is one redraw) over a window.
fn measure(t: &Tty, window: Duration) -> (usize, usize) {
    let start = t.output.lock().unwrap().len();
    let mut bursts = 0;
    let mut last = start;
    let end = Instant::now() + window;
    while Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
        let now = t.output.lock().unwrap().len();
        if now > last {
            bursts += 1;
        }
        last = now;
    }
    (last - start, bursts)
}

/// Times are converted and labelled in one zone: by its name, each date with its own offset
/// (a September backup in daylight time, a November one in standard time). A POSIX `TZ`
/// needs no time-zone database.
#[test]
fn times_are_labelled_with_the_zone_they_are_converted_in() {
    let mut t = Tty::demo_with(&[("TZ", "EST5EDT,M3.2.0,M11.1.0")]);
    open_contoso(&mut t);
    t.wait_for("times in EST5EDT,M3.2.0,M11.1.0");
    let details = t.screen();
    // The demo's last backup ran at 22:00 UTC last night, its first 420 days before that:
    // in winter one is in daylight time and the other not.
    let last = chrono::Utc::now().date_naive() - chrono::Days::new(1);
    let first = last - chrono::Days::new(420);
    let line = |label: &str, day| format!("{label:<24}{}", in_new_york(day));
    assert!(
        details.contains(&line("First backup", first))
            && details.contains(&line("Last backup", last)),
        "{details}"
    );
    t.send("q");
    t.wait_exit();
}

/// 22:00 UTC on `day` in New York: `EST5EDT,M3.2.0,M11.1.0` written out by hand.
fn in_new_york(day: chrono::NaiveDate) -> String {
    let utc = day.and_hms_opt(22, 0, 0).unwrap();
    let local = utc + chrono::Duration::hours(offset_in_new_york(day));
    local.format("%Y-%m-%d %H:%M").to_string()
}

/// −4 from the second Sunday of March to the first Sunday of November, else −5 (at 22:00
/// UTC the day's change, made at 02:00 local, has happened).
fn offset_in_new_york(day: chrono::NaiveDate) -> i64 {
    use chrono::{Datelike, NaiveDate, Weekday};
    let year = day.year();
    let start = NaiveDate::from_weekday_of_month_opt(year, 3, Weekday::Sun, 2).unwrap();
    let end = NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Sun, 1).unwrap();
    if (start..end).contains(&day) { -4 } else { -5 }
}

/// A partial download file left by a killed run (over a day old) is removed at start, and
/// the status line says so once; a file of the operator's is left alone.
#[test]
fn a_killed_runs_partial_files_are_removed_at_start() {
    let downloads = std::env::temp_dir().join(format!("vb365-e2e-stale-{}", rand_suffix()));
    std::fs::create_dir_all(&downloads).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3 * 24 * 3600);
    for name in [".Inbox.pst.999-1.part", "Inbox.pst"] {
        let f = std::fs::File::create(downloads.join(name)).unwrap();
        f.set_modified(old).unwrap();
    }
    let dir = downloads.to_string_lossy().into_owned();
    let mut t = Tty::demo_with(&[("XDG_DOWNLOAD_DIR", &dir)]);
    t.wait_for("Removed 1 unfinished download file over a day old");
    assert!(!downloads.join(".Inbox.pst.999-1.part").exists());
    assert!(downloads.join("Inbox.pst").exists());
    t.send("\x1b");
    t.wait_exit();
    std::fs::remove_dir_all(&downloads).unwrap();
}

/// The last `n` bytes of `text`, from a character boundary.
fn tail(text: &str, n: usize) -> &str {
    let at = (text.len().saturating_sub(n)..).find(|i| text.is_char_boundary(*i));
    &text[at.unwrap_or(0)..]
}
