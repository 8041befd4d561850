//! The app's own behaviour: routing of keys, replies and navigation between pages.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::api::{Identity, SignInKind, TrustMode};
use crate::config::Config;

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    update(app, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn signed_in() -> App {
    let mut app = App::with_config(Config::default(), TrustMode::System);
    app.shared.identity = Some(Identity {
        user_name: "administrator".into(),
        kind: SignInKind::Administrator,
        expires_utc: chrono::Utc::now(),
    });
    let _ = app.open(Route::Home(()));
    app
}

fn call_id(cmds: &[Command]) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            Command::Call { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a call")
}

#[test]
fn a_reply_for_a_page_that_was_left_is_dropped_but_counted_until_it_comes() {
    let mut app = signed_in();
    let id = call_id(&app.open(Route::Organizations(None)));
    assert_eq!(app.shared.in_flight(), 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Home);
    assert_eq!(app.shared.in_flight(), 1, "still running: quitting asks");
    let reply = Reply::Api(Ok(ApiReply::OrganizationsPage {
        items: vec![],
        total: Some(0),
    }));
    let cmds = update(&mut app, Action::Reply { id, reply });
    assert!(cmds.is_empty());
    assert_eq!(app.shared.in_flight(), 0);
    assert_eq!(app.screen(), Screen::Home);
}

#[test]
fn a_failure_clears_an_old_success_from_the_status_line() {
    let mut app = signed_in();
    let id = call_id(&app.open(Route::Organizations(None)));
    app.shared.status.text = Some("Added contoso.".into());
    let reply = Reply::Api(Err(crate::api::ApiError::Timeout {
        op: "List organizations".into(),
        secs: 30,
    }));
    update(&mut app, Action::Reply { id, reply });
    assert_eq!(app.status_message(), None);
}

#[test]
fn leaving_a_page_stops_its_device_code() {
    let mut app = signed_in();
    let _ = app.open(Route::DeviceCode(()));
    let cmds = key(&mut app, KeyCode::Enter);
    let code = cmds
        .iter()
        .find_map(|c| match c {
            Command::StartCode { id, .. } => Some(*id),
            _ => None,
        })
        .expect("a code");
    // The palette to Home leaves the page, and its code with it.
    let _ = key(&mut app, KeyCode::Char(':'));
    assert!(app.code_link().is_none(), "no link while a modal is open");
    for c in "home".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let cmds = key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Home);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Command::Cancel { id } if *id == code)),
        "{cmds:?}"
    );
}

#[test]
fn cancelling_the_working_sessions_question_leaves_the_page_as_it_was() {
    let mut app = signed_in();
    app.shared.our_sessions.push("s1".into());
    let _ = app.open(Route::Organizations(None));
    key(&mut app, KeyCode::Char(':'));
    for c in "connect".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let cmds = key(&mut app, KeyCode::Enter);
    assert!(cmds.is_empty());
    assert!(matches!(
        app.modal(),
        Some(Modal::Leave(LeaveIntent::Connect))
    ));
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
    assert_eq!(app.screen(), Screen::Organizations);
    assert!(app.shared.identity.is_some(), "still signed in");
}

#[test]
fn a_message_belongs_to_the_page_that_wrote_it() {
    let mut app = signed_in();
    let _ = app.open(Route::Organizations(None));
    update(&mut app, Action::Notice("Device code cancelled.".into()));
    assert_eq!(app.status_message(), Some("Device code cancelled."));
    // Written before, it described the page being left.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Home);
    assert_eq!(app.status_message(), None);
    assert_eq!(app.shared.status.text, None);
    // Written by the action that navigates, it goes along.
    app.shared.status.text = Some("Added contoso.".into());
    let mut out = Vec::new();
    let home = app.top_id();
    apply(
        &mut app,
        home,
        Flow::push(Route::Organizations(None)),
        &mut out,
    );
    assert_eq!(app.screen(), Screen::Organizations);
    assert_eq!(app.status_message(), Some("Added contoso."));
    // A page below the top does not write on the top page's status line.
    let below = app.stack[0].0;
    app.shared.status.text = Some("Home loaded.".into());
    app.shared.status.stamp(below);
    assert_eq!(app.status_message(), None);
}

#[test]
fn esc_returns_to_the_page_the_operator_came_from() {
    let mut app = signed_in();
    let _ = app.open(Route::RestoreSessions(()));
    let _ = app.open(Route::Home(()));
    let _ = app.open(Route::Organizations(None));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screens().last(), Some(&Screen::Home));
    key(&mut app, KeyCode::Char(':'));
    for c in "restore sessions".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screens(),
        vec![Screen::Connect, Screen::Home, Screen::RestoreSessions],
        "a jump goes back to the page already open"
    );
}

#[test]
fn leaving_sessions_running_still_asks_before_cutting_a_download_short() {
    use crate::api::{Download, Format, Source};
    use crate::jobs::{JobState, Kind};
    let mut app = signed_in();
    app.shared.our_sessions.push("s1".into());
    let kind = Kind::Download {
        download: Download {
            session_id: "s1".into(),
            source: Source::Organization,
            format: Format::Pst { split_bytes: None },
        },
        path: "/tmp/inbox.pst".into(),
    };
    let now = std::time::Instant::now();
    app.shared
        .tasks
        .add(JobState::new(7, "Inbox".into(), kind, now));
    key(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.modal(), Some(Modal::Leave(LeaveIntent::Quit))));
    let cmds = key(&mut app, KeyCode::Char('l'));
    assert!(!cmds.iter().any(|c| matches!(c, Command::Quit)), "{cmds:?}");
    assert!(
        matches!(app.modal(), Some(Modal::Busy(LeaveIntent::Quit))),
        "the download is asked about"
    );
    assert!(!app.should_quit);
}

#[test]
fn a_request_belongs_to_the_page_whose_flow_carried_it_and_the_apps_stay_the_apps() {
    let mut app = signed_in();
    let home = app.stack[0].0;
    let id = call_id(&app.open(Route::Organizations(None)));
    let organizations = app.stack.last().expect("a page").0;
    assert_ne!(home, organizations);
    assert_eq!(app.shared.pending(id).map(|p| p.page), Some(organizations));

    // The app's own requests (its jobs, sign-out) keep their owner whatever flow carries them.
    let own = app.shared.app_call(crate::api::ApiCall::ServerBuild);
    let own_id = own.request_id().expect("a call answers");
    app.shared.claim(organizations, std::slice::from_ref(&own));
    assert_eq!(app.shared.pending(own_id).map(|p| p.page), Some(APP));
}

fn screen(app: &mut App) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    app.shared.size = (80, 24);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| crate::ui::draw(f, app)).unwrap();
    let buf = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// A restore running in a session started here: quitting says that stopping the session
/// interrupts it, then names it a restore (never a download) and says what becomes of it;
/// signing out asks the same, and going on leaves the restore to the server.
#[test]
fn leaving_with_a_restore_running_names_it_and_never_stops_its_session_unsaid() {
    use crate::jobs::{JobState, Kind};
    let mut app = signed_in();
    app.shared.our_sessions.push("s1".into());
    let kind = Kind::Restore {
        credential: "a device code".into(),
        session: "s1".into(),
    };
    let now = std::time::Instant::now();
    app.shared
        .tasks
        .add(JobState::new(7, "site Finance".into(), kind, now));
    key(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.modal(), Some(Modal::Leave(LeaveIntent::Quit))));
    let asked = screen(&mut app);
    assert!(
        asked.contains("Stopping it interrupts what runs in it now: 1 restore."),
        "{asked}"
    );
    key(&mut app, KeyCode::Char('l'));
    assert!(matches!(app.modal(), Some(Modal::Busy(LeaveIntent::Quit))));
    let asked = screen(&mut app);
    assert!(
        asked.contains("A restore is running.")
            && asked.contains("Quitting stops following it here")
            && asked.contains("restore session keeps the result")
            && !asked.contains("download"),
        "{asked}"
    );
    key(&mut app, KeyCode::Char('n'));
    assert!(app.modal().is_none() && !app.should_quit);
    // Signing out (the palette's connect goes the same way) asks the same question.
    let mut out = Vec::new();
    request(&mut app, AppRequest::SignOut, &mut out);
    assert!(matches!(
        app.modal(),
        Some(Modal::Busy(LeaveIntent::SignOut))
    ));
    assert!(screen(&mut app).contains("Sign out anyway?"));
    let cmds = key(&mut app, KeyCode::Char('y'));
    assert!(
        cmds.iter().any(|c| matches!(
            c,
            Command::Call {
                call: crate::api::ApiCall::SignOut,
                ..
            }
        )),
        "{cmds:?}"
    );
    assert!(
        !cmds.iter().any(|c| matches!(c, Command::Cancel { .. })),
        "a restore is the server's to finish: {cmds:?}"
    );
}

/// Every message of the run is kept with its time and page; Ctrl-L opens them, Esc goes back.
#[test]
fn messages_are_kept_and_ctrl_l_opens_them() {
    let mut app = signed_in();
    let _ = app.open(Route::Organizations(None));
    let _ = update(&mut app, Action::Notice("Added contoso.".into()));
    let _ = update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
    );
    let _ = update(&mut app, Action::Notice("Certificate remembered.".into()));
    let kept: Vec<&str> = app
        .shared
        .status
        .history()
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(kept, ["Added contoso.", "Certificate remembered."]);
    assert_eq!(app.shared.status.history()[1].page, "Organizations");
    let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
    update(&mut app, Action::Key(ctrl_l));
    assert_eq!(app.screen(), Screen::Messages);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Organizations);
}

/// A paste is one piece of text: its Tab and line break become spaces in the field, and
/// nothing is submitted or moved; with no text field, it does nothing.
#[test]
fn a_paste_goes_into_the_field_whole_and_never_acts_as_keys() {
    let mut app = App::with_config(Config::default(), TrustMode::System);
    let _ = app.open(Route::Connect(()));
    let cmds = update(&mut app, Action::Paste("vbo01\tcorp\r\n\x07x".into()));
    assert!(cmds.is_empty(), "nothing connects: {cmds:?}");
    assert_eq!(app.screen(), Screen::Connect);
    let connect = app
        .find::<crate::app::pages::connect::ConnectPage>()
        .expect("connect");
    assert_eq!(connect.server.value(), "vbo01 corp  x");

    let mut app = signed_in();
    let cmds = update(&mut app, Action::Paste("\r".into()));
    assert!(cmds.is_empty() && app.screen() == Screen::Home && !app.dirty);
}

/// One key grammar: on a screen where no text field has focus `q` asks to quit and `t` opens
/// Tasks (browsing a session and the sessions list included).
#[test]
fn q_and_t_mean_the_same_on_every_screen_without_a_text_field() {
    for route in [Route::RestoreSessions(()), Route::Organizations(None)] {
        let mut app = signed_in();
        let _ = app.open(route);
        let before = app.screen();
        key(&mut app, KeyCode::Char('t'));
        assert_eq!(app.screen(), Screen::Tasks, "t from {before:?}");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('q'));
        assert!(
            app.should_quit || app.modal().is_some(),
            "q from {before:?}"
        );
    }
    for table in [
        crate::app::keymap::Table::RestoreSession,
        crate::app::keymap::Table::Browse,
        crate::app::keymap::Table::Restore,
        crate::app::keymap::Table::Save,
    ] {
        let has = |i| table.bindings().iter().any(|b| b.intent == i);
        assert!(has(Intent::Quit) && has(Intent::Tasks), "{}", table.name());
    }
    let space = crate::app::keymap::Key::parse("Space").unwrap();
    for table in [
        crate::app::keymap::Table::Restore,
        crate::app::keymap::Table::Save,
    ] {
        let right = table
            .bindings()
            .iter()
            .find(|b| b.intent == Intent::Right)
            .unwrap();
        assert!(
            right.keys.contains(&space),
            "Space chooses on {}",
            table.name()
        );
    }
}

/// `/` filters every list of names; where a list has none, it says what narrows it instead.
#[test]
fn slash_on_a_list_without_names_says_why_not() {
    let mut app = signed_in();
    let _ = app.open(Route::RestoreSessions(()));
    key(&mut app, KeyCode::Char('/'));
    let said = app.status_message().unwrap_or_default().to_string();
    assert!(
        said.contains("state (f)") && said.contains("time range (w)"),
        "{said}"
    );
    // Tasks has names: `/` filters them.
    let _ = app.open(Route::Tasks(()));
    key(&mut app, KeyCode::Char('/'));
    assert!(app.top().page().typing(), "Tasks filters by words");
}

#[test]
fn a_file_saved_from_the_demo_says_it_holds_placeholders_and_a_real_one_does_not() {
    use crate::api::{Download, Format, Source};
    use crate::jobs::{Job, Outcome, Update};
    for demo in [true, false] {
        let mut app = signed_in();
        app.shared.demo = demo;
        let job = Job::Download {
            download: Download {
                session_id: "s".into(),
                source: Source::Organization,
                format: Format::Pst { split_bytes: None },
            },
            path: "/tmp/Inbox.pst".into(),
            overwrite: false,
        };
        let Command::Job { id, .. } =
            app.shared
                .start_job("Inbox".into(), job, "/tmp/Inbox.pst".into())
        else {
            panic!("a job")
        };
        let saved = Update::Finished(Outcome::Saved {
            bytes: 2048,
            path: "/tmp/Inbox.pst".into(),
        });
        update(
            &mut app,
            Action::Reply {
                id,
                reply: Reply::Job(saved),
            },
        );
        let said = app.status_message().unwrap_or_default();
        assert!(said.starts_with("Saved Inbox.pst"), "{said}");
        assert_eq!(said.contains("placeholder"), demo, "{said}");
    }
}
