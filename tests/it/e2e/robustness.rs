use super::*;

#[test]
fn idle_home_writes_nothing() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("8.1.0.305");
    std::thread::sleep(Duration::from_millis(300));
    let (bytes, redraws) = measure(&t, Duration::from_secs(5));
    assert_eq!((bytes, redraws), (0, 0), "an idle Home screen is silent");
    t.send("q");
    t.wait_exit();
}

#[test]
fn a_device_code_countdown_redraws_at_most_once_a_second() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("8.1.0.305");
    t.send(":");
    t.send("device");
    t.send("\r");
    t.wait_for("Enter gets a code");
    t.send("\r");
    t.wait_for("Expires in");
    // The demo approves codes after 8 s: measure well inside that.
    let (bytes, redraws) = measure(&t, Duration::from_secs(5));
    eprintln!("countdown: {bytes} bytes and {redraws} redraws in 5 s");
    // At one redraw a second, a 5 s window holds at most 6 (one at each edge).
    assert!(redraws <= 6, "{redraws} redraws in 5 s");
    assert!(bytes <= 5 * 200, "{bytes} bytes in 5 s");
    assert!(redraws >= 3, "the countdown moves");
    t.send("q");
    t.wait_exit();
}

#[test]
fn a_panic_restores_the_terminal_and_leaks_no_secret() {
    let mut t = Tty::demo_with(&[("VB365_TUI_DEBUG_FAILURES", "1"), ("RUST_LOG", "trace")]);
    connect_and_trust(&mut t);
    // A wrong password is sent once, then typed again and left in the field.
    t.send(&format!("{TYPED_SECRET}\r"));
    t.wait_for("password");
    t.send(TYPED_SECRET);
    t.send("\x1b[24~"); // F12
    t.wait_exit();
    t.assert_restored();
    let out = t.raw();
    assert!(
        out.contains("debug panic requested with F12"),
        "the panic is reported"
    );
    assert!(
        !out.contains(TYPED_SECRET),
        "the terminal output holds the password"
    );
    let log = t.log();
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "a trace log was written"
    );
    assert!(!log.contains(TYPED_SECRET), "the log holds the password");
}

#[test]
fn an_error_exit_restores_the_terminal() {
    let mut t = Tty::demo_with(&[("VB365_TUI_DEBUG_FAILURES", "1")]);
    t.wait_for("Enter connect");
    t.send("\x1b[23~"); // F11
    t.wait_exit();
    t.assert_restored();
    assert!(t.raw().contains("debug error requested with F11"));
}

#[test]
fn random_sizes_and_rapid_resizes_never_panic() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("Signed in as administrator");
    // A fixed pseudo-random walk over sizes from 1x1 to 300x100, some in quick succession.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..80 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let cols = 1 + (seed % 300) as u16;
        let rows = 1 + ((seed >> 20) % 100) as u16;
        t.resize(cols, rows);
        let pause = if i % 4 == 0 { 60 } else { 5 };
        std::thread::sleep(Duration::from_millis(pause));
        if i % 10 == 0 {
            // Keys at odd sizes too: move, open and close help.
            t.send("j?\x1b");
        }
        assert!(
            matches!(t.child.try_wait(), Ok(None)),
            "the app exited at {cols}x{rows}:\n{}",
            t.raw().chars().rev().take(2000).collect::<String>()
        );
    }
    for (cols, rows) in [(1, 1), (59, 19), (300, 100)] {
        t.resize(cols, rows);
        std::thread::sleep(Duration::from_millis(100));
    }
    t.resize(COLS, ROWS);
    std::thread::sleep(Duration::from_millis(200));
    t.send("?");
    t.wait_for("Keys on Home");
    t.send("\x1b");
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}

#[test]
fn a_hanging_request_leaves_every_key_working() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("Signed in as administrator");
    let base = demo_base_url(&t);
    let fault = serde_json::json!({ "path": "/organizations", "method": "GET", "type": "hang" });
    assert_eq!(sim_post(&format!("{base}/__sim/faults"), fault), 200);
    t.send("\x1b[B\r"); // Organizations, below Today: the list request hangs
    t.wait_for("Loading organizations");
    t.wait_for("working");
    t.send("?");
    t.wait_for("Keys on Organizations");
    t.send("\x1b");
    t.send("\x1b");
    // Home again (its sign-in message belonged to the way there).
    t.wait_for("› Organizations");
    t.send(":");
    t.send("device");
    t.send("\r");
    t.wait_for("Enter gets a code");
    t.send("q");
    t.wait_for("Quit anyway?");
    t.send("y");
    t.wait_exit();
    t.assert_restored();
}

/// The operator's whole errand: find a lost e-mail by server search, export it to a PST
/// file, and find the file on disk, complete and with nothing else beside it.
#[test]
fn find_an_item_by_search_and_export_it_to_a_pst_file() {
    let downloads = std::env::temp_dir().join(format!("vb365-e2e-pst-{}", rand_suffix()));
    std::fs::create_dir_all(&downloads).unwrap();
    let dir = downloads.to_string_lossy().into_owned();
    let mut t = Tty::demo_with(&[("XDG_DOWNLOAD_DIR", &dir)]);
    open_contoso(&mut t);
    t.send("x");
    t.wait_for("New restore session for contoso.onmicrosoft.com");
    t.send("\r");
    t.wait_for("Working");
    t.send("b");
    t.wait_for("Adele Vance");
    t.send("\r");
    t.wait_for("Adele Vance › Folders");
    t.send("S");
    t.send("board from:lee");
    t.wait_for("Search mailbox Adele Vance: board from:lee");
    t.send("\r");
    t.wait_for("Adele Vance › search “board from:lee” › Found");
    t.wait_for("Lee Siciliani");
    t.send("s");
    t.wait_for("Save “Board deck, final draft”");
    t.wait_for(&dir);
    // One mail is offered as MSG first: ↓ to the format, ← picks PST.
    t.wait_for("MSG: one file per item");
    t.send("\x1b[B");
    t.send("\x1b[D");
    t.wait_for("PST (Outlook data file)");
    t.send("\r");
    t.wait_for("Saved Board_deck_final_draft-");
    let files: Vec<_> = std::fs::read_dir(&downloads)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one file, no temporary one: {files:?}");
    let body = std::fs::read(&files[0]).unwrap();
    assert!(files[0].extension().is_some_and(|e| e == "pst"));
    assert!(body.starts_with(b"!BDN"), "a PST file");
    assert_eq!(body.len(), (256 + 48) * 1024, "complete");
    t.send(":quit\r");
    t.wait_for("still working");
    t.send("l");
    t.wait_exit();
    t.assert_restored();
    std::fs::remove_dir_all(&downloads).unwrap();
}

/// The restore an operator came for: two lost mails marked in a new session, put back where
/// they were with the session's restore device code (its QR code read off the screen and
/// approved through the simulator's page), and the restore's counts on the Tasks page.
#[test]
fn marked_items_are_restored_with_the_restore_device_code() {
    let mut t = Tty::demo();
    open_contoso(&mut t);
    t.send("x");
    t.wait_for("New restore session for contoso.onmicrosoft.com");
    t.send("\r");
    t.wait_for("Working");
    t.send("b");
    t.wait_for("Adele Vance");
    t.send("\r");
    t.wait_for("Adele Vance › Folders");
    t.send("\r"); // Inbox
    t.wait_for("Adele Vance › Inbox");
    t.send("  ");
    t.send("R");
    t.wait_for("Restore 2 items from Adele Vance › Inbox");
    t.send("\r"); // no code yet: one is got right here
    t.wait_for("Restore device code for");
    let code = read_and_approve(&t);
    t.wait_for("Restore to the original location?");
    t.wait_for(&format!("restore device code {code}"));
    t.send("\r");
    t.wait_for("restoring (t)");
    t.send("t");
    t.wait_for("2 of 2 restored, 0 skipped, 0 failed");
    t.send(":quit\r"); // the palette works on the Tasks page too
    t.wait_for("still working");
    t.send("l"); // leave the session working on the server
    t.wait_exit();
    t.assert_restored();
}

/// A job fails in the simulator while Today is open: its row appears with no key pressed.
#[test]
fn a_job_failing_while_today_is_open_appears_without_a_key() {
    let mut t = Tty::demo();
    connect_and_trust(&mut t);
    t.send("veeam-demo\r");
    t.wait_for("8.1.0.305");
    t.send("\r"); // Today, first on Home
    t.wait_for("Today live");
    assert!(
        !t.screen().contains("Contoso – copy to Wasabi"),
        "fine jobs are not listed"
    );
    let base = demo_base_url(&t);
    let run = serde_json::json!({ "job": "Contoso – copy to Wasabi", "run": "Failed", "bad": 3 });
    assert_eq!(sim_post(&format!("{base}/__sim/morning"), run), 200);
    t.wait_for("Contoso – copy to Wasabi");
    t.wait_for("3 of 24 users failed");
    t.send("q");
    t.wait_exit();
    t.assert_restored();
}
