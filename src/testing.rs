//! Help for tests (hidden from the documentation): nothing here runs in the app.

/// Whether this process runs `test` alone: a test that reads something of the whole process
/// (the heap count of a counting allocator, a log that tracing decides for every thread at
/// once) runs in a process of its own.
/// The first call starts this test binary again with only that test and checks that it
/// passed there, then answers false; in that second process it answers true.
#[doc(hidden)]
pub fn alone(test: &str) -> bool {
    const VAR: &str = "VB365_TEST_ALONE";
    if std::env::var(VAR).as_deref() == Ok(test) {
        return true;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(VAR, test)
        .output()
        .expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test} alone:\n{stdout}\n{stderr}"
    );
    eprint!("{stderr}");
    false
}
