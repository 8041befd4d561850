//! The `sim` and `check` commands as an operator runs them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vb365-tui"))
}

/// Starts `vb365-tui sim` and returns it with the two lines it prints first.
fn start_sim(extra: &[&str]) -> (Running, String, String) {
    let mut child = bin()
        .arg("sim")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sim starts");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    let mut fp = String::new();
    out.read_line(&mut url).unwrap();
    out.read_line(&mut fp).unwrap();
    (
        Running(child),
        url.trim().to_string(),
        fp.trim().to_string(),
    )
}

fn check(args: &[&str], password: &str) -> (i32, String) {
    let out = bin()
        .arg("check")
        .args(args)
        .env("VB365_PASSWORD", password)
        .stdin(Stdio::null())
        .output()
        .expect("check runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn sim_prints_url_then_fingerprint() {
    let (_sim, url, fp) = start_sim(&[]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let hex = fp
        .strip_prefix("sha256 ")
        .expect("second line is sha256 <fp>");
    assert!(vb365_tui::api::Fingerprint::parse(hex).is_some(), "{fp}");
}

#[test]
fn check_passes_every_step_with_the_pinned_fingerprint() {
    let (_sim, url, fp) = start_sim(&["--api-versions", "v6,v7,v8"]);
    let pin = fp.strip_prefix("sha256 ").unwrap();
    let (code, out) = check(&["--server", &url, "--pin", pin], "veeam-demo");
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let names = [
        "reachable",
        "certificate",
        "API versions",
        "sign-in",
        "server build",
        "organizations",
    ];
    for (line, name) in lines.iter().zip(names) {
        assert!(line.starts_with("[ ok ]") && line.contains(name), "{line}");
    }
    assert!(out.contains("serves v6, v7, v8; using v8"));
    assert!(out.contains("signed in as administrator"));
    assert!(out.contains("8.1.0.305"));
    assert!(out.contains(&format!("SHA-256 {pin}")));
    assert!(lines.last().unwrap().contains("All checks passed"));
}

#[test]
fn check_takes_server_user_and_pin_from_a_profile() {
    let (_sim, url, fp) = start_sim(&[]);
    let pin = fp.strip_prefix("sha256 ").unwrap();
    let home = std::env::temp_dir().join(format!("vb365-check-profile-{}", std::process::id()));
    let dir = home.join("vb365-tui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[[profile]]\nname = \"lab\"\nserver = \"{url}\"\nusername = \"administrator\"\n\
             trust = \"pinned\"\nfingerprint = \"{pin}\"\n"
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = bin()
            .arg("check")
            .args(args)
            .env("XDG_CONFIG_HOME", &home)
            .env("VB365_PASSWORD", "veeam-demo")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, out) = run(&["--profile", "lab"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("trusted by pinned"), "{out}");
    assert!(out.contains("signed in as administrator"), "{out}");
    // A flag overrides the profile: the wrong user fails at sign-in, not before.
    let (code, out) = run(&["--profile", "lab", "--user", "nobody"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[FAIL] sign-in"), "{out}");
    // An unknown profile is one clear line.
    let (code, out) = run(&["--profile", "nope"]);
    assert_eq!(code, 1);
    assert!(out.contains("no profile named 'nope'"), "{out}");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn check_names_the_failing_step() {
    let (_sim, url, fp) = start_sim(&[]);
    let pin = fp.strip_prefix("sha256 ").unwrap();
    let (code, out) = check(&["--server", &url, "--pin", pin], "wrong");
    assert_eq!(code, 1);
    assert!(out.contains("[FAIL] sign-in"), "{out}");
    assert!(out.contains("password is incorrect"));
    assert!(out.contains("Check failed at step: sign-in."));

    // An untrusted self-signed certificate: the fingerprint is shown to compare.
    let (code, out) = check(&["--server", &url], "veeam-demo");
    assert_eq!(code, 1);
    assert!(out.contains("[FAIL] certificate"), "{out}");
    assert!(out.contains(pin));

    // Nothing listening.
    let (code, out) = check(&["--server", "127.0.0.1:1"], "x");
    assert_eq!(code, 1);
    assert!(out.contains("[FAIL] reachable"), "{out}");
    assert!(out.contains("[skip] certificate"));
}

#[test]
fn check_over_plain_http_and_legacy_versions() {
    let (_sim, url, fp) = start_sim(&["--http", "--api-versions", "v4,v5"]);
    assert!(url.starts_with("http://"));
    assert!(fp.contains("none"));
    let (code, out) = check(&["--server", &url], "veeam-demo");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("plain HTTP"));
    // Plain HTTP works, but is a warning, as --insecure is.
    assert!(out.contains("[WARN] certificate"), "{out}");
    assert!(!out.contains("All checks passed"), "{out}");
    assert!(
        out.contains("Checks passed with a warning at: certificate"),
        "{out}"
    );
    assert!(out.contains("using v5"));
    assert!(out.contains("no ServiceInstance"));
}

#[test]
fn without_a_terminal_the_app_says_so_in_one_line() {
    let out = bin()
        .arg("--demo")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("needs a terminal") && err.contains("ssh -t"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Nothing was written to the terminal it does not have.
    assert!(out.stdout.is_empty());
}

#[test]
fn check_with_insecure_passes_with_a_warning_not_all_clear() {
    let (_sim, url, _fp) = start_sim(&[]);
    let (code, out) = check(&["--server", &url, "--insecure"], "veeam-demo");
    assert_eq!(code, 0, "{out}");
    let cert = out.lines().find(|l| l.contains("certificate")).unwrap();
    assert!(
        cert.starts_with("[WARN]") && cert.contains("NOT VERIFIED"),
        "{out}"
    );
    assert!(!out.contains("All checks passed"), "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap()
            .contains("Checks passed with a warning at: certificate"),
        "{out}"
    );
}

#[test]
fn sim_help_offers_no_client_flags_and_check_help_does() {
    let help = |cmd: &str| {
        let out = bin().args([cmd, "--help"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let sim = help("sim");
    for flag in ["--server", "--pin", "--insecure", "--ca-cert"] {
        assert!(!sim.contains(flag), "sim offers {flag}:\n{sim}");
    }
    let check = help("check");
    for flag in ["--server", "--user", "--pin", "--insecure", "--ca-cert"] {
        assert!(check.contains(flag), "check lacks {flag}:\n{check}");
    }
}
