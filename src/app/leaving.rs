//! What leaving (quitting, signing out, connecting elsewhere) would cut short, said before
//! it happens: restores as restores, downloads as downloads, and what becomes of each.

/// What the operator is leaving for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveIntent {
    Quit,
    SignOut,
    /// Sign out and go back to the connect page.
    Connect,
}

/// What runs now that leaving concerns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Running {
    pub restores: usize,
    pub downloads: usize,
    /// Calls awaiting their answer.
    pub calls: usize,
}

impl Running {
    /// Whether leaving so asks first: running restores or downloads always, a call only
    /// when quitting (signing out answers it).
    pub fn asks(&self, leave: LeaveIntent) -> bool {
        self.restores + self.downloads > 0 || (leave == LeaveIntent::Quit && self.calls > 0)
    }
}

/// `1 restore` / `3 restores`, with "a" for one when `article`.
fn count(n: usize, one: &str, many: &str, article: bool) -> String {
    match n {
        1 if article => format!("a {one}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// `is` or `are`, `it` or `them`, `its` or `their` for `n` things.
fn agree(n: usize) -> (&'static str, &'static str, &'static str) {
    if n == 1 {
        ("is", "it", "its")
    } else {
        ("are", "them", "their")
    }
}

/// How the question names leaving: "Quitting", and the answer that leaves: "quit".
pub fn verbs(leave: LeaveIntent) -> (&'static str, &'static str) {
    match leave {
        LeaveIntent::Quit => ("Quitting", "quit"),
        LeaveIntent::SignOut => ("Signing out", "sign out"),
        LeaveIntent::Connect => ("Connecting to another server", "connect"),
    }
}

/// The question before leaving while work runs, a sentence a line. `follows_sessions` is
/// whether the server keeps a restore's result in its session (API v8); on v6/v7 the result
/// is the answer to the request itself.
pub fn busy_question(leave: LeaveIntent, running: Running, follows_sessions: bool) -> Vec<String> {
    let (doing, _) = verbs(leave);
    let mut lines = Vec::new();
    let r = running.restores;
    if r > 0 {
        let (is, it, its) = agree(r);
        let what = count(r, "restore", "restores", true);
        let what = capitalize(&what);
        let fate = match (leave, follows_sessions) {
            (_, true) => format!(
                "{doing} stops following {it} here: the server finishes {it}, and {its} restore session keeps the result."
            ),
            (LeaveIntent::Quit, false) => format!(
                "Quitting loses {its} result: the server finishes {it}, but the counts it answers with never arrive."
            ),
            (_, false) => {
                let (they, go) = if r == 1 {
                    ("It", "goes")
                } else {
                    ("They", "go")
                };
                format!("{they} {go} on, and {its} result still arrives on the Tasks page.")
            }
        };
        lines.push(format!("{what} {is} running. {fate}"));
    }
    let d = running.downloads;
    if d > 0 {
        let (is, it, its) = agree(d);
        let what = capitalize(&count(d, "download", "downloads", true));
        let files = if d == 1 {
            "partial file"
        } else {
            "partial files"
        };
        lines.push(format!(
            "{what} {is} running; {} stops {it} and deletes {its} {files}.",
            doing.to_lowercase()
        ));
    }
    if lines.is_empty() && running.calls > 0 {
        lines.push("A request is still running.".into());
    }
    let (_, answer) = verbs(leave);
    lines.push(format!("{} anyway?", capitalize(answer)));
    lines
}

/// The second line of the question about restore sessions started here: what stopping them
/// interrupts, if anything runs in them.
pub fn sessions_note(sessions: usize, restores: usize, downloads: usize) -> String {
    let (_, it, _) = agree(sessions);
    let mut inside = Vec::new();
    if restores > 0 {
        inside.push(count(restores, "restore", "restores", false));
    }
    if downloads > 0 {
        inside.push(count(downloads, "download", "downloads", false));
    }
    if inside.is_empty() {
        return "They hold resources on the server until stopped or timed out.".into();
    }
    format!(
        "Stopping {it} interrupts what runs in {it} now: {}.",
        inside.join(" and ")
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_restore_is_named_a_restore_and_its_fate_said_per_version() {
        let one = Running {
            restores: 1,
            ..Running::default()
        };
        assert!(one.asks(LeaveIntent::SignOut) && one.asks(LeaveIntent::Connect));
        let quit_v8 = busy_question(LeaveIntent::Quit, one, true).join(" ");
        assert_eq!(
            quit_v8,
            "A restore is running. Quitting stops following it here: the server finishes it, \
             and its restore session keeps the result. Quit anyway?"
        );
        let quit_v7 = busy_question(LeaveIntent::Quit, one, false).join(" ");
        assert!(quit_v7.contains("Quitting loses its result"), "{quit_v7}");
        assert!(!quit_v7.contains("download"), "{quit_v7}");
        let out_v7 = busy_question(LeaveIntent::SignOut, one, false).join(" ");
        assert!(
            out_v7.contains("It goes on, and its result still arrives"),
            "{out_v7}"
        );
        assert!(out_v7.ends_with("Sign out anyway?"), "{out_v7}");
        let two = Running {
            restores: 2,
            downloads: 1,
            calls: 3,
        };
        let connect = busy_question(LeaveIntent::Connect, two, false);
        assert_eq!(
            connect,
            [
                "2 restores are running. They go on, and their result still arrives on the Tasks page.",
                "A download is running; connecting to another server stops it and deletes its partial file.",
                "Connect anyway?"
            ]
        );
    }

    #[test]
    fn a_call_alone_asks_only_before_quitting() {
        let call = Running {
            calls: 1,
            ..Running::default()
        };
        assert!(call.asks(LeaveIntent::Quit) && !call.asks(LeaveIntent::SignOut));
        assert_eq!(
            busy_question(LeaveIntent::Quit, call, true),
            ["A request is still running.", "Quit anyway?"]
        );
    }

    #[test]
    fn stopping_a_session_a_restore_uses_says_it_interrupts_it() {
        assert_eq!(
            sessions_note(1, 1, 0),
            "Stopping it interrupts what runs in it now: 1 restore."
        );
        assert_eq!(
            sessions_note(2, 1, 2),
            "Stopping them interrupts what runs in them now: 1 restore and 2 downloads."
        );
        assert!(sessions_note(1, 0, 0).starts_with("They hold resources"));
    }
}
