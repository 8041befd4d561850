//! `update`: keys go to the top modal or the top page; replies go to the page that asked
//! (dropped if it was left); flows become commands, navigation and modals.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::App;
use super::action::{Action, Reply};
use super::command::Command;
use super::keymap::{self, Intent, Key};
use super::modals::{LeaveIntent, Modal, PaletteState};
use super::pages::{AppRequest, Flow, Nav, Outcome};
use super::pages::{Route, Screen, Who};
use super::shared::{APP, PageId};
use crate::api::{ApiCall, ApiReply};

pub fn update(app: &mut App, action: Action) -> Vec<Command> {
    app.dirty = true;
    let mut out = Vec::new();
    match action {
        Action::Key(k) => on_key(app, k, &mut out),
        Action::Resize(w, h) => app.shared.size = (w, h),
        Action::Tick => {
            if app.animating() {
                app.shared.spinner = app.shared.spinner.wrapping_add(1);
            } else {
                app.dirty = false;
            }
        }
        Action::Reply { id, reply } => on_reply(app, id, reply, &mut out),
        Action::Notice(text) => app.shared.status.text = Some(text),
        Action::Paste(text) => paste(app, &text, &mut out),
        Action::Terminate => quit(app, &mut out),
    }
    // Whatever is still unstamped (app replies, notices) belongs to the page on top.
    let top = app.top_id();
    app.shared.status.stamp(top);
    app.shared.status.settle();
    // Only an action that wrote a message pays for its time and page title.
    if app.shared.status.unlogged() {
        let clock = app.shared.clock;
        let page = app.top().page().title();
        app.shared
            .status
            .log(|| clock.local_now().format("%H:%M:%S").to_string(), || page);
    }
    out
}

fn quit(app: &mut App, out: &mut Vec<Command>) {
    app.should_quit = true;
    out.push(Command::Quit);
}

fn on_key(app: &mut App, event: KeyEvent, out: &mut Vec<Command>) {
    let Some(key) = Key::from_event(&event) else {
        feed_text(app, event, out);
        return;
    };
    let typing = match app.modals.last() {
        _ if app.too_small() => false,
        Some(m) => m.typing(),
        None => app.top().page().typing(),
    };
    let intent = keymap::resolve(app.bindings(), key);
    let typed = matches!(key, Key::Char(_)) && typing;
    match intent {
        Some(Intent::ForceQuit) => quit(app, out),
        Some(Intent::Suspend) => out.push(Command::Suspend),
        Some(i) if !typed => {
            if app.too_small() {
                if i == Intent::Quit {
                    quit(app, out);
                }
            } else if app.modals.is_empty() {
                page_intent(app, i, out);
            } else {
                modal_intent(app, i, out);
            }
        }
        _ => feed_text(app, event, out),
    }
}

/// Pasted text goes into the text field with focus (or the palette's) as one piece: a Tab
/// or a line break in it becomes a space in a one-line field, other control characters go.
/// With no text field to take it, nothing happens: a paste is never taken as keys.
fn paste(app: &mut App, text: &str, out: &mut Vec<Command>) {
    let insert = |input: &mut tui_input::Input| super::typing::paste_into(input, text);
    if app.too_small() {
        app.dirty = false;
        return;
    }
    if let Some(m) = app.modals.last_mut() {
        match m {
            Modal::Palette(p) => insert(&mut p.input),
            _ => app.dirty = false,
        }
        return;
    }
    let (id, page) = app.stack.last_mut().expect("the stack is never empty");
    let (id, page) = (*id, page.page_mut());
    if !page.typing() {
        app.dirty = false;
        return;
    }
    let Some(input) = page.input() else {
        app.dirty = false;
        return;
    };
    insert(input);
    let flow = page.on_input(&mut app.shared);
    apply(app, id, flow, out);
}

/// Typed text goes to the palette or the page's focused field; anything else is no change.
fn feed_text(app: &mut App, event: KeyEvent, out: &mut Vec<Command>) {
    if app.too_small() {
        app.dirty = false;
        return;
    }
    if let Some(m) = app.modals.last_mut() {
        match m {
            Modal::Palette(p) => {
                p.selected = 0;
                p.input.handle_event(&Event::Key(event));
            }
            _ => app.dirty = false,
        }
        return;
    }
    let (id, page) = app.stack.last_mut().expect("the stack is never empty");
    let (id, page) = (*id, page.page_mut());
    match page.input() {
        Some(i) => {
            i.handle_event(&Event::Key(event));
        }
        None => {
            app.dirty = false;
            return;
        }
    }
    let flow = page.on_input(&mut app.shared);
    apply(app, id, flow, out);
}

fn page_intent(app: &mut App, intent: Intent, out: &mut Vec<Command>) {
    match intent {
        Intent::Help => open_help(app, out),
        Intent::Palette => app.modals.push(Modal::Palette(PaletteState::default())),
        Intent::Quit => request(app, AppRequest::Quit, out),
        Intent::Tasks if app.screen() != Screen::Tasks => {
            navigate(app, Nav::Push(Route::Tasks(())), out)
        }
        Intent::Messages if app.screen() != Screen::Messages => {
            navigate(app, Nav::Push(Route::Messages(())), out)
        }
        _ => {
            let (id, page) = app.stack.last_mut().expect("the stack is never empty");
            let id = *id;
            let page = page.page_mut();
            let flow = match super::pages::panel_intent(page, intent, &mut app.shared) {
                Some(flow) => flow,
                None => page.on_intent(intent, &mut app.shared),
            };
            apply(app, id, flow, out);
        }
    }
}

/// Runs a page's intent on a page that may be below the top (answers to its modals).
fn intent_to(app: &mut App, page: PageId, intent: Intent, out: &mut Vec<Command>) {
    let Some(idx) = app.stack.iter().position(|(id, _)| *id == page) else {
        return;
    };
    let flow = app.stack[idx]
        .1
        .page_mut()
        .on_intent(intent, &mut app.shared);
    apply(app, page, flow, out);
}

fn modal_intent(app: &mut App, intent: Intent, out: &mut Vec<Command>) {
    let Some(modal) = app.modals.pop() else {
        return;
    };
    match (modal, intent) {
        (Modal::Trust { page, .. }, i) => intent_to(app, page, i, out),
        (Modal::Confirm(q), i) => intent_to(app, q.page, i, out),
        (Modal::Palette(p), i) => palette_intent(app, p, i, out),
        (Modal::Leave(leave), i) => leave_intent(app, leave, i, out),
        (Modal::Busy(leave), Intent::Confirm) => leave_anyway(app, leave, out),
        (Modal::Help { scroll }, i) if i != Intent::Dismiss => {
            let lines = app.page_bindings().len() + keymap::always().len() + 4;
            let room = usize::from(app.shared.body_height().saturating_sub(2));
            let scroll = super::modals::help_scroll(scroll, i, lines, room);
            app.modals.push(Modal::Help { scroll });
        }
        // The page under the help is seen again: what it polls wakes.
        (Modal::Help { .. }, _) => returned(app, None, out),
        // Errors and the question about running work close on their keys.
        (Modal::Error(_) | Modal::Busy(_), _) => {}
    }
}

/// Help covers the page: what the page polls rests while it is read, as under a page.
fn open_help(app: &mut App, out: &mut Vec<Command>) {
    let (id, page) = app.stack.last_mut().expect("the stack is never empty");
    let id = *id;
    let flow = page.page_mut().on_covered(&mut app.shared);
    apply(app, id, flow, out);
    app.modals.push(Modal::Help { scroll: 0 });
}

fn palette_intent(app: &mut App, mut p: PaletteState, intent: Intent, out: &mut Vec<Command>) {
    let matches = p.matches();
    match intent {
        Intent::Dismiss => return,
        Intent::Down if !matches.is_empty() => p.selected = (p.selected + 1) % matches.len(),
        Intent::Complete => {
            if let Some(m) = matches.get(p.selected) {
                p.input = Input::new(m.to_string());
                p.selected = 0;
            }
        }
        Intent::Submit => match matches.get(p.selected).copied() {
            Some(target) => return go_to(app, target, out),
            None => {
                app.shared.status.text = Some(format!(
                    "No screen matches; {} closes the palette.",
                    keymap::key_in(keymap::Table::Palette, Intent::Dismiss)
                ))
            }
        },
        _ => {}
    }
    app.modals.push(Modal::Palette(p));
}

/// A palette destination. Pages need a signed-in identity, some an administrator.
fn go_to(app: &mut App, target: &str, out: &mut Vec<Command>) {
    match target {
        "help" => return open_help(app, out),
        "quit" => return request(app, AppRequest::Quit, out),
        "sign out" => return request(app, AppRequest::SignOut, out),
        "connect" => return request(app, AppRequest::Connect, out),
        _ => {}
    }
    let Some((screen, who)) = Screen::ALL.iter().find_map(|s| {
        s.palette()
            .filter(|(name, _)| *name == target)
            .map(|(_, who)| (*s, who))
    }) else {
        return;
    };
    let Some(route) = Route::from_palette(screen) else {
        return;
    };
    if app.shared.identity.is_none() {
        app.shared.status.text = Some("Sign in first.".into());
        return;
    }
    if who == Who::Administrator && !app.shared.is_administrator() {
        app.shared.status.text = Some(format!(
            "{target}: only an administrator can open this; you are signed in as {}.",
            app.shared
                .identity
                .as_ref()
                .map_or(String::new(), |i| i.user_name.clone())
        ));
        return;
    }
    navigate(app, Nav::Show(route, None), out);
}

/// Leaving with restore sessions started here still working asks first.
fn request(app: &mut App, request: AppRequest, out: &mut Vec<Command>) {
    let leave = match request {
        AppRequest::Quit => LeaveIntent::Quit,
        AppRequest::SignOut => LeaveIntent::SignOut,
        AppRequest::Connect => LeaveIntent::Connect,
        AppRequest::ServerBuild => {
            out.push(app.shared.app_call(ApiCall::ServerBuild));
            return;
        }
    };
    if !app.shared.our_sessions.is_empty() && app.shared.identity.is_some() {
        app.modals.push(Modal::Leave(leave));
        return;
    }
    leave_or_ask(app, leave, out);
}

/// Leaves, unless that would cut short restores, downloads or (quitting) calls still
/// running: that asks, naming each.
fn leave_or_ask(app: &mut App, leave: LeaveIntent, out: &mut Vec<Command>) {
    if app.shared.running().asks(leave) {
        app.modals.push(Modal::Busy(leave));
        return;
    }
    finish_leaving(app, leave, out);
}

/// Leaves although work runs: downloads stop (their partial files deleted) unless the app
/// quits, which stops them anyway; restores are the server's to finish.
fn leave_anyway(app: &mut App, leave: LeaveIntent, out: &mut Vec<Command>) {
    if leave != LeaveIntent::Quit {
        for id in app.shared.tasks.running_downloads() {
            out.extend(app.shared.cancel_download(id));
        }
    }
    finish_leaving(app, leave, out);
}

fn finish_leaving(app: &mut App, leave: LeaveIntent, out: &mut Vec<Command>) {
    match leave {
        LeaveIntent::Quit => quit(app, out),
        LeaveIntent::SignOut | LeaveIntent::Connect => {
            app.sign_out_to = if leave == LeaveIntent::Connect {
                Screen::Connect
            } else {
                Screen::SignIn
            };
            if app.shared.identity.is_some() {
                out.push(app.shared.app_call(ApiCall::SignOut));
            } else if leave == LeaveIntent::Connect {
                navigate(app, Nav::PopTo(Screen::Connect, None), out);
            }
        }
    }
}

fn leave_intent(app: &mut App, leave: LeaveIntent, intent: Intent, out: &mut Vec<Command>) {
    match intent {
        Intent::Stop => {
            let ids = app.shared.our_sessions.clone();
            app.shared.status.text = Some(format!(
                "Stopping {}…",
                super::modals::restore_sessions(ids.len())
            ));
            for id in ids {
                out.push(app.shared.app_call(ApiCall::StopSession { id }));
            }
            // The question stays until every session has stopped.
            app.modals.push(Modal::Leave(leave));
        }
        Intent::Leave => {
            app.shared.our_sessions.clear();
            leave_or_ask(app, leave, out);
        }
        // Cancel: back to the page it was raised on, as it was.
        _ => {}
    }
}

/// A reply for a page: a device-code update goes to its panel, the rest to the page.
fn page_reply(
    page: &mut dyn super::pages::Page,
    id: u64,
    reply: Reply,
    shared: &mut super::shared::Shared,
) -> Flow {
    match reply {
        Reply::Code(update) if page.code_slot().is_some() => {
            super::pages::panel_update(page, id, update, shared).unwrap_or_else(Flow::unchanged)
        }
        reply => page.on_reply(id, reply, shared),
    }
}

fn on_reply(app: &mut App, id: u64, reply: Reply, out: &mut Vec<Command>) {
    let Some(pending) = app.shared.pending(id) else {
        // Its page was left, or it was cancelled: nothing to show.
        app.dirty = false;
        return;
    };
    if reply.is_final() {
        app.shared.finish(id);
    }
    let expired = reply.session_expired() && app.shared.identity.is_some();
    // A failure makes what the status line said before old news: it never stands beside it.
    if matches!(reply, Reply::Api(Err(_))) {
        app.shared.status.text = None;
    }
    if pending.page == APP {
        app_reply(app, id, reply, out);
    } else if pending.page == super::shared::LEFT {
        // Its page was left: it only counted as in flight.
        app.dirty = app.shared.in_flight() == 0;
    } else if let Some(idx) = app.stack.iter().position(|(p, _)| *p == pending.page) {
        let mut flow = page_reply(app.stack[idx].1.page_mut(), id, reply, &mut app.shared);
        // Only the page on screen navigates.
        if idx + 1 != app.stack.len() {
            flow.nav = None;
        }
        apply(app, pending.page, flow, out);
    }
    if expired {
        ask_to_sign_in_again(app, out);
    }
}

fn app_reply(app: &mut App, id: u64, reply: Reply, out: &mut Vec<Command>) {
    let result = match reply {
        Reply::Api(result) => result,
        Reply::Job(update) => return job_report(app, id, update, out),
        _ => return,
    };
    match result {
        Ok(ApiReply::ServerBuild(build)) => {
            if let Some(s) = &mut app.shared.server {
                s.build = Some(build);
            }
        }
        Ok(ApiReply::SignedOut) => {
            app.shared.identity = None;
            app.shared.status.text = Some("Signed out.".into());
            navigate(app, Nav::PopTo(app.sign_out_to, None), out);
        }
        Ok(ApiReply::Stopped { id }) => {
            app.shared.our_sessions.retain(|s| *s != id);
            app.shared.status.text = Some("Restore session stopped.".into());
            let leaving = match app.modals.last() {
                Some(Modal::Leave(l)) => Some(*l),
                _ => None,
            };
            if let Some(leave) = leaving.filter(|_| app.shared.our_sessions.is_empty()) {
                app.modals.pop();
                leave_or_ask(app, leave, out);
            }
        }
        Ok(_) => {}
        // Keeps its full text until dismissed.
        Err(e) if !matches!(e, crate::api::ApiError::SessionExpired { .. }) => {
            app.modals.push(Modal::Error(e.to_string()))
        }
        Err(_) => {}
    }
}

/// A job reported: the task list changes; its end is said on the status line and kept in
/// the record.
fn job_report(app: &mut App, id: u64, update: crate::jobs::Update, out: &mut Vec<Command>) {
    let now = app.shared.now.max(std::time::Instant::now());
    let at = app.shared.clock.now();
    let tasks_key = crate::app::keymap::key_for(crate::app::keymap::Intent::Tasks);
    let from_demo = app.shared.demo && update.is_saved();
    if let Some(mut sentence) = app.shared.tasks.update(id, update, now, at, &tasks_key) {
        if from_demo {
            sentence = format!("{sentence} {}", crate::app::shared::DEMO_FILES);
        }
        app.shared.status.text = Some(sentence);
        if let Some(record) = app.shared.tasks.get(id).and_then(|t| t.record()) {
            out.push(Command::Record(Box::new(record)));
        }
    }
}

/// The session could not be renewed: sign in again above this page, then come back to it
/// with its state as it was.
fn ask_to_sign_in_again(app: &mut App, out: &mut Vec<Command>) {
    if app.screen() == Screen::SignIn {
        return;
    }
    app.modals
        .retain(|m| !matches!(m, Modal::Error(_) | Modal::Busy(_)));
    app.shared.status.text = None;
    let reason = format!(
        "Your session expired and could not be renewed. Sign in again to return to {}.",
        app.top().page().title()
    );
    navigate(app, Nav::Push(Route::SignIn(Some(reason))), out);
    app.shared.identity = None;
}

/// Carries out what a page's behaviour returned.
pub(super) fn apply(app: &mut App, page: PageId, flow: Flow, out: &mut Vec<Command>) {
    app.shared.status.stamp(page);
    app.shared.claim(page, &flow.commands);
    if !flow.redraw && flow.nav.is_none() && flow.modal.is_none() && flow.request.is_none() {
        app.dirty = !flow.commands.is_empty() && app.dirty;
    }
    out.extend(flow.commands);
    if let Some(mut m) = flow.modal {
        match &mut m {
            Modal::Trust { page: p, .. } => *p = page,
            Modal::Confirm(q) => q.page = page,
            _ => {}
        }
        app.modals.push(m);
    }
    if let Some(r) = flow.request {
        request(app, r, out);
    }
    if let Some(nav) = flow.nav {
        navigate(app, nav, out);
    }
}

pub(super) fn push(app: &mut App, route: Route) -> Vec<Command> {
    let mut out = Vec::new();
    navigate(app, Nav::Push(route), &mut out);
    out
}

fn open(app: &mut App, route: Route, out: &mut Vec<Command>) {
    if let Some((below, page)) = app.stack.last_mut() {
        let below = *below;
        let flow = page.page_mut().on_covered(&mut app.shared);
        apply(app, below, flow, out);
    }
    let id = app.next_page;
    app.next_page += 1;
    let (page, flow) = route.open(&mut app.shared);
    app.stack.push((id, page));
    apply(app, id, flow, out);
}

/// Leaves the top page for good: its device codes and watchers stop, its replies drop.
fn pop_top(app: &mut App, out: &mut Vec<Command>) {
    if app.stack.len() < 2 {
        return;
    }
    let (id, mut page) = app.stack.pop().expect("two pages");
    page.page_mut().on_leave(&mut app.shared);
    for stream in app.shared.forget_page(id) {
        out.push(Command::Cancel { id: stream });
    }
}

fn returned(app: &mut App, outcome: Option<Outcome>, out: &mut Vec<Command>) {
    let (id, page) = app.stack.last_mut().expect("the stack is never empty");
    let id = *id;
    let flow = match outcome {
        Some(Outcome::SignedInAgain) => page.page_mut().reload(&mut app.shared),
        other => page.page_mut().on_return(other, &mut app.shared),
    };
    apply(app, id, flow, out);
}

/// Moves between pages. A message written by the action that navigates goes with it to the
/// page it lands on ("Added contoso."); an older one described the page left behind and goes.
fn navigate(app: &mut App, nav: Nav, out: &mut Vec<Command>) {
    let from = app.top_id();
    let before = app.shared.status.before_navigation(from);
    go(app, nav, out);
    let top = app.top_id();
    app.shared.status.after_navigation(before, top);
}

fn go(app: &mut App, nav: Nav, out: &mut Vec<Command>) {
    match nav {
        Nav::Push(route) => open(app, route, out),
        Nav::Replace(route) => {
            pop_top(app, out);
            open(app, route, out);
        }
        Nav::Pop(outcome) => {
            if app.stack.len() > 1 {
                pop_top(app, out);
                returned(app, outcome, out);
            }
        }
        Nav::PopTo(screen, outcome) => {
            if !pop_to(app, screen, out) {
                return;
            }
            returned(app, outcome, out);
        }
        Nav::Show(route, outcome) => {
            let screen = route.screen();
            if app.screen() == screen && outcome.is_none() {
                return;
            }
            if pop_to(app, screen, out) {
                return returned(app, outcome, out);
            }
            pop_to(app, Screen::Home, out);
            open(app, route, out);
        }
    }
}

/// Pops down to the nearest page of `screen`; false (and nothing popped) when there is none.
fn pop_to(app: &mut App, screen: Screen, out: &mut Vec<Command>) -> bool {
    let Some(idx) = app.stack.iter().rposition(|(_, p)| p.screen() == screen) else {
        return false;
    };
    let changed = idx + 1 != app.stack.len();
    while app.stack.len() > idx + 1 {
        pop_top(app, out);
    }
    changed || app.screen() == screen
}

#[cfg(test)]
mod tests;
