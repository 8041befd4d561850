//! Updates for restore sessions: the form that starts one, the live session screen, the
//! list, the contents browser, and the question about working sessions on the way out.

use chrono::{Local, NaiveDateTime, TimeZone};

use super::command::{CodeSpec, Command};
use super::forms::{Field, Kind};
use super::keymap::Intent;
use super::state::{
    App, BrowseItem, Browser, CodePanel, CodePurpose, ExploreForm, LeaveIntent, SESSION_RANGES,
    Screen, SessionScreen,
};
use crate::api::models::{
    ExploreOptions, Organization, Region, RestoreDeviceCodeRequest, RestoreSession, RestoreType,
    SessionOrder, SessionQuery, Timestamp,
};
use crate::api::{ApiError, Listing};
use crate::poll::{CodeState, SessionUpdate, Vb365Code};

const TYPES: &[&str] = &[
    "Exchange (Vex)",
    "OneDrive (Veod)",
    "SharePoint (Vesp)",
    "Teams (Vet)",
];
const TYPES_V4: &[&str] = &["Exchange (Vex)", "OneDrive (Veod)", "SharePoint (Vesp)"];
const POINTS: &[&str] = &["Latest", "A point in time"];
pub const PAGE_SIZE: u64 = 200;

/// Opens the form for one organization (administrator) or for the tenant (`None`).
pub fn open_form(app: &mut App, org: Option<Organization>) -> Vec<Command> {
    let v = app.version();
    let mut fields = vec![
        Field::new(
            "type",
            "Type",
            Kind::Choice(if v.has_teams() { TYPES } else { TYPES_V4 }),
            "what to explore",
        ),
        Field::new(
            "point",
            "Point in time",
            Kind::Choice(POINTS),
            "the latest restore point, or the state at a time",
        ),
        Field::new(
            "when",
            "Date and time",
            Kind::Text,
            "local time, YYYY-MM-DD HH:MM (UTC is shown beside it)",
        ),
        Field::new(
            "deleted",
            "Show deleted items",
            Kind::Toggle,
            "items removed before that time",
        ),
        Field::new(
            "versions",
            "Show all versions",
            Kind::Toggle,
            "every version of modified items",
        ),
    ];
    if v.has_repository_choice() && org.is_some() {
        fields.push(Field::new(
            "repository",
            "Repository id",
            Kind::Text,
            "optional: a backup repository (GUID) to explore",
        ));
    }
    app.explore = Some(ExploreForm {
        org,
        fields,
        focus: 0,
        error: None,
        submitting: false,
    });
    app.screen = Screen::Explore;
    vec![]
}

fn field<'a>(form: &'a ExploreForm, key: &str) -> &'a Field {
    form.fields
        .iter()
        .find(|f| f.key == key)
        .expect("explore field")
}

/// Keys of the fields shown now (the date only for a point in time).
pub fn visible(form: &ExploreForm) -> Vec<String> {
    form.fields
        .iter()
        .filter(|f| f.key != "when" || field(form, "point").choice == 1)
        .map(|f| f.key.clone())
        .collect()
}

/// Parses `YYYY-MM-DD HH:MM[:SS]` typed in local time.
pub fn parse_local(text: &str) -> Option<Timestamp> {
    let t = text.trim().replace('T', " ");
    let naive = NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M"))
        .ok()?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|d| Timestamp(d.with_timezone(&chrono::Utc)))
}

/// A note when the chosen time is outside the organization's backups.
pub fn backup_note(form: &ExploreForm) -> Option<String> {
    let org = form.org.as_ref()?;
    if field(form, "point").choice != 1 {
        return None;
    }
    let when = parse_local(field(form, "when").value())?;
    if let Some(first) = org.first_backuptime
        && when < first
    {
        return Some(format!(
            "This is before the first backup ({}): there will be nothing to see.",
            first.to_rfc3339()
        ));
    }
    if let Some(last) = org.last_backuptime
        && when > last
    {
        return Some(format!(
            "This is after the last backup ({}): you will see that backup.",
            last.to_rfc3339()
        ));
    }
    None
}

fn options(app: &App, form: &ExploreForm) -> Result<ExploreOptions, (String, String)> {
    let types = app.version().restore_types();
    let kind = types[field(form, "type").choice.min(types.len() - 1)].clone();
    let date_time = if field(form, "point").choice == 1 {
        let text = field(form, "when").value();
        Some(parse_local(text).ok_or((
            "when".to_string(),
            "Type the date and time as YYYY-MM-DD HH:MM, in local time.".to_string(),
        ))?)
    } else {
        None
    };
    if date_time.is_some_and(|t| t > Timestamp::now()) {
        return Err(("when".into(), "That time is in the future.".into()));
    }
    let repository_id = form
        .fields
        .iter()
        .find(|f| f.key == "repository")
        .map(|f| f.trimmed().to_string())
        .filter(|s| !s.is_empty());
    if repository_id
        .as_deref()
        .is_some_and(|r| !super::forms::is_guid(r))
    {
        return Err(("repository".into(), "A repository id is a GUID.".into()));
    }
    Ok(ExploreOptions {
        date_time,
        kind: Some(kind),
        show_deleted: Some(field(form, "deleted").on),
        show_all_versions: Some(field(form, "versions").on),
        repository_id,
    })
}

pub fn form_typing(app: &App) -> bool {
    app.explore.as_ref().is_some_and(|f| {
        visible(f)
            .get(f.focus)
            .is_some_and(|k| field(f, k).is_text())
    })
}

pub fn form_input(app: &mut App) -> Option<&mut tui_input::Input> {
    let f = app.explore.as_mut()?;
    let key = visible(f).get(f.focus)?.clone();
    let fld = f.fields.iter_mut().find(|x| x.key == key)?;
    fld.error = None;
    fld.is_text().then_some(&mut fld.input)
}

pub fn form_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(form) = app.explore.as_mut() else {
        return vec![];
    };
    let keys = visible(form);
    let n = keys.len();
    match intent {
        Intent::NextField => form.focus = (form.focus + 1) % n,
        Intent::PrevField => form.focus = (form.focus + n - 1) % n,
        Intent::Right | Intent::Left => {
            let key = keys[form.focus.min(n - 1)].clone();
            if let Some(f) = form.fields.iter_mut().find(|f| f.key == key) {
                f.cycle(intent == Intent::Left);
            }
        }
        Intent::Back => {
            app.screen = if form.org.is_some() {
                Screen::Organizations
            } else {
                Screen::Home
            };
        }
        Intent::Submit if !form.submitting => {
            for f in form.fields.iter_mut() {
                f.error = None;
            }
            let form_copy = form.clone();
            match options(app, &form_copy) {
                Ok(opts) => {
                    let form = app.explore.as_mut().expect("form");
                    form.submitting = true;
                    form.error = None;
                    app.in_flight += 1;
                    let org_id = form.org.as_ref().and_then(|o| o.id.clone());
                    return vec![Command::Explore {
                        org_id,
                        options: opts,
                    }];
                }
                Err((key, msg)) => {
                    let form = app.explore.as_mut().expect("form");
                    if let Some(f) = form.fields.iter_mut().find(|f| f.key == key) {
                        f.error = Some(msg);
                    }
                    form.focus = visible(form).iter().position(|k| *k == key).unwrap_or(0);
                }
            }
        }
        _ => {}
    }
    vec![]
}

pub fn explored(app: &mut App, result: Result<RestoreSession, ApiError>) -> Vec<Command> {
    app.in_flight = app.in_flight.saturating_sub(1);
    match result {
        Ok(session) => {
            let org = app.explore.as_ref().and_then(|f| f.org.clone());
            app.our_sessions.push(session.id.clone());
            app.sessions.loaded = false;
            app.message = Some(format!(
                "Started {}.",
                session.name.clone().unwrap_or_else(|| session.id.clone())
            ));
            open_session(app, session, org)
        }
        Err(e) => {
            // The form stays as typed; nothing is retried.
            if let Some(f) = app.explore.as_mut() {
                f.submitting = false;
                f.error = Some(e.to_string());
            }
            vec![]
        }
    }
}

/// Shows a session and starts watching it while it works.
pub fn open_session(
    app: &mut App,
    session: RestoreSession,
    org: Option<Organization>,
) -> Vec<Command> {
    let id = session.id.clone();
    app.session_view = Some(SessionScreen {
        watching: true,
        session,
        events: Vec::new(),
        confirm_stop: false,
        stopping: false,
        org,
        restore_code: None,
        error: None,
        scroll: 0,
    });
    app.screen = Screen::Session;
    vec![
        Command::StopWatching,
        Command::WatchSession {
            id,
            known_events: 0,
        },
    ]
}

pub fn session_update(app: &mut App, result: Result<SessionUpdate, ApiError>) -> Vec<Command> {
    let Some(view) = app.session_view.as_mut() else {
        return vec![];
    };
    match result {
        Ok(u) if u.session.id == view.session.id => {
            view.error = None;
            for e in u.new_events {
                match view.events.iter_mut().find(|x| x.id == e.id) {
                    Some(known) => *known = e,
                    None => view.events.push(e),
                }
            }
            view.watching = u.session.is_working();
            view.session = u.session;
            if !view.watching {
                let id = view.session.id.clone();
                app.our_sessions.retain(|s| *s != id);
            }
            refresh_in_list(app);
        }
        Ok(_) => app.dirty = false,
        Err(e) => view.error = Some(e.to_string()),
    }
    vec![]
}

fn refresh_in_list(app: &mut App) {
    if let Some(view) = &app.session_view
        && let Some(s) = app
            .sessions
            .items
            .iter_mut()
            .find(|s| s.id == view.session.id)
    {
        *s = view.session.clone();
    }
}

pub fn session_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(view) = app.session_view.as_mut() else {
        return vec![];
    };
    match intent {
        Intent::Stop if view.session.is_working() && !view.stopping => view.confirm_stop = true,
        Intent::Stop => app.message = Some("This session has already stopped.".into()),
        Intent::Browse => return open_browser(app),
        Intent::Down => view.scroll = (view.scroll + 1).min(view.events.len().saturating_sub(1)),
        Intent::Up => view.scroll = view.scroll.saturating_sub(1),
        Intent::Refresh => {
            let id = view.session.id.clone();
            let known = view.events.len() as u64;
            return vec![
                Command::StopWatching,
                Command::WatchSession {
                    id,
                    known_events: known,
                },
            ];
        }
        Intent::NewCode => return restore_code(app),
        Intent::Back => {
            app.screen = Screen::Sessions;
            let mut cmds = vec![Command::StopWatching];
            if !app.sessions.loaded {
                cmds.extend(load_sessions(app));
            }
            return cmds;
        }
        _ => {}
    }
    vec![]
}

fn restore_code(app: &mut App) -> Vec<Command> {
    let Some(view) = app.session_view.as_ref() else {
        return vec![];
    };
    let org = view.org.as_ref();
    let region = org
        .and_then(|o| o.region.clone())
        .unwrap_or(Region::Worldwide);
    let request = RestoreDeviceCodeRequest {
        target_application_id: org
            .and_then(|o| o.exchange_online_settings.as_ref())
            .and_then(|s| s.application_id.clone()),
        target_region: Some(region),
        target_organization_name: view.session.organization.clone(),
    };
    let session_id = view.session.id.clone();
    let panel = CodePanel {
        id: app.next_code_id,
        purpose: CodePurpose::Restore {
            session_id: session_id.clone(),
        },
        title: format!(
            "Restore device code for {}",
            view.session.organization.clone().unwrap_or_default()
        ),
        state: CodeState::Requesting,
        inverted: false,
    };
    app.next_code_id += 1;
    let cmd = Command::StartCode {
        id: panel.id,
        spec: CodeSpec::Vb365(Vb365Code::Restore {
            session_id,
            request,
        }),
    };
    app.code = Some(panel);
    vec![cmd]
}

/// The restore code was used: keep it with the session for restore operations.
pub fn restore_code_approved(
    app: &mut App,
    session_id: &str,
    user_code: Option<String>,
) -> Vec<Command> {
    if let Some(view) = app
        .session_view
        .as_mut()
        .filter(|v| v.session.id == session_id)
    {
        view.restore_code = user_code.clone();
    }
    app.code = None;
    app.message = Some(format!(
        "Restore device code {} is signed in and kept with the session.",
        user_code.unwrap_or_default()
    ));
    vec![]
}

pub fn confirm_stop_key(app: &mut App, intent: Intent) -> Vec<Command> {
    if let Some(view) = app.session_view.as_mut().filter(|v| v.confirm_stop) {
        view.confirm_stop = false;
        if intent == Intent::Confirm {
            view.stopping = true;
            app.in_flight += 1;
            return vec![Command::StopSession {
                id: view.session.id.clone(),
            }];
        }
        return vec![];
    }
    let list = &mut app.sessions;
    list.confirm_stop = false;
    if intent == Intent::Confirm
        && let Some(s) = list.current()
    {
        app.in_flight += 1;
        return vec![Command::StopSession { id: s.id.clone() }];
    }
    vec![]
}

pub fn session_stopped(app: &mut App, id: String, result: Result<(), ApiError>) -> Vec<Command> {
    app.in_flight = app.in_flight.saturating_sub(1);
    let mut cmds = Vec::new();
    match result {
        Ok(()) => {
            app.our_sessions.retain(|s| *s != id);
            app.message = Some("Restore session stopped.".into());
            if let Some(view) = app.session_view.as_mut().filter(|v| v.session.id == id) {
                view.stopping = false;
                let known = view.events.len() as u64;
                // One more look to show the final state and events.
                cmds.push(Command::StopWatching);
                cmds.push(Command::WatchSession {
                    id: id.clone(),
                    known_events: known,
                });
            }
            if app.screen == Screen::Sessions && app.leave_prompt.is_none() {
                cmds.extend(load_sessions(app));
            }
        }
        Err(e) => {
            if let Some(view) = app.session_view.as_mut() {
                view.stopping = false;
            }
            app.error = Some(e.to_string());
        }
    }
    // Leaving once every session this app started has been stopped.
    if let Some(intent) = app.leave_prompt.filter(|_| app.our_sessions.is_empty()) {
        app.leave_prompt = None;
        cmds.extend(finish_leaving(app, intent));
    }
    cmds
}

pub fn open_list(app: &mut App) -> Vec<Command> {
    app.screen = Screen::Sessions;
    if app.sessions.loaded || app.sessions.loading {
        return vec![];
    }
    load_sessions(app)
}

fn query(app: &App) -> SessionQuery {
    let l = &app.sessions;
    let days = SESSION_RANGES[l.range].1;
    let from = (days > 0).then(|| Timestamp(chrono::Utc::now() - chrono::Duration::days(days)));
    SessionQuery {
        offset: 0,
        limit: 500,
        start_time_from: from,
        order_by: Some(if l.order_by_end {
            SessionOrder::EndTime
        } else {
            SessionOrder::CreationTime
        }),
        order_asc: Some(false),
        ..Default::default()
    }
}

pub fn load_sessions(app: &mut App) -> Vec<Command> {
    app.sessions.loading = true;
    app.sessions.error = None;
    app.in_flight += 1;
    vec![Command::LoadSessions(query(app))]
}

pub fn sessions_loaded(app: &mut App, result: Result<Vec<RestoreSession>, ApiError>) {
    app.in_flight = app.in_flight.saturating_sub(1);
    let l = &mut app.sessions;
    l.loading = false;
    match result {
        Ok(mut items) => {
            // Servers before v8 cannot order: do it here, newest first.
            let by_end = l.order_by_end;
            items.sort_by_key(|s| {
                std::cmp::Reverse(if by_end {
                    s.end_time.unwrap_or_else(Timestamp::open_ended)
                } else {
                    s.creation_time
                })
            });
            l.items = items;
            l.loaded = true;
            l.selected = l.selected.min(l.visible().len().saturating_sub(1));
        }
        Err(e) => l.error = Some(e.to_string()),
    }
}

pub fn list_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let n = app.sessions.visible().len();
    let l = &mut app.sessions;
    match intent {
        Intent::Down if n > 0 => l.selected = (l.selected + 1).min(n - 1),
        Intent::Up => l.selected = l.selected.saturating_sub(1),
        Intent::Submit => {
            if let Some(s) = l.current().cloned() {
                let org = app
                    .orgs
                    .items
                    .iter()
                    .find(|o| o.name == s.organization)
                    .cloned();
                return open_session(app, s, org);
            }
        }
        Intent::Stop => match l.current() {
            Some(s) if s.is_working() => l.confirm_stop = true,
            Some(_) => app.message = Some("This session has already stopped.".into()),
            None => {}
        },
        Intent::CycleState => {
            l.state_filter = (l.state_filter + 1) % 3;
            l.selected = 0;
        }
        Intent::CycleOrder => {
            l.order_by_end = !l.order_by_end;
            return load_sessions(app);
        }
        Intent::CycleRange => {
            l.range = (l.range + 1) % SESSION_RANGES.len();
            return load_sessions(app);
        }
        Intent::Refresh => return load_sessions(app),
        Intent::Add => return new_session(app),
        Intent::Back => app.screen = Screen::Home,
        _ => {}
    }
    vec![]
}

/// A new session: a tenant explores its own organization; an administrator picks one.
pub fn new_session(app: &mut App) -> Vec<Command> {
    let tenant = matches!(
        app.session.as_ref().map(|s| &s.kind),
        Some(crate::api::SignInKind::Tenant { .. })
    );
    if tenant {
        return open_form(app, None);
    }
    app.message = Some("Pick an organization and press x to start a restore session.".into());
    super::organizations::open_list(app)
}

fn listing_for(kind: &RestoreType) -> Listing {
    match kind {
        RestoreType::Veod => Listing::OneDrives,
        RestoreType::Vesp => Listing::Sites { parent_id: None },
        RestoreType::Vet => Listing::Teams { display_name: None },
        _ => Listing::Mailboxes,
    }
}

fn open_browser(app: &mut App) -> Vec<Command> {
    let Some(view) = app.session_view.as_ref() else {
        return vec![];
    };
    if !view.session.is_working() {
        app.message = Some("A stopped session cannot be browsed; start a new one.".into());
        return vec![];
    }
    let listing = listing_for(&view.session.kind);
    let generation = app.browser.as_ref().map_or(1, |b| b.generation + 1);
    app.browser = Some(Browser::new(
        view.session.id.clone(),
        listing,
        PAGE_SIZE,
        generation,
    ));
    app.screen = Screen::Browse;
    ensure_pages(app, 40)
}

/// Requests the pages around the selection that are not loaded yet (and nothing else).
pub fn ensure_pages(app: &mut App, window: u64) -> Vec<Command> {
    let Some(b) = app.browser.as_mut() else {
        return vec![];
    };
    let first = b.selected.saturating_sub(window) / b.page_size;
    let mut last = (b.selected + window) / b.page_size;
    if let Some(t) = b.total {
        last = last.min(t.saturating_sub(1) / b.page_size);
    }
    let mut cmds = Vec::new();
    for page in first..=last {
        let beyond = b.total.is_none() && b.pages.keys().next_back().is_some_and(|&p| page > p + 1);
        if b.requested.contains(&page) || beyond {
            continue;
        }
        // Without a total, a short page marks the end: nothing after it exists.
        if b.total.is_none()
            && b.pages
                .iter()
                .any(|(&p, items)| p < page && (items.len() as u64) < b.page_size)
        {
            continue;
        }
        b.requested.insert(page);
        cmds.push(Command::LoadListing {
            session_id: b.session_id.clone(),
            listing: b.listing.clone(),
            page,
            page_size: b.page_size,
            generation: b.generation,
        });
    }
    cmds
}

pub fn listing_loaded(
    app: &mut App,
    generation: u64,
    page: u64,
    result: Result<(Vec<BrowseItem>, Option<u64>), ApiError>,
) -> Vec<Command> {
    let Some(b) = app.browser.as_mut().filter(|b| b.generation == generation) else {
        app.dirty = false;
        return vec![];
    };
    match result {
        Ok((items, total)) => {
            b.error = None;
            if (items.len() as u64) < b.page_size {
                b.total = Some(page * b.page_size + items.len() as u64);
            } else if total.is_some() {
                b.total = total;
            }
            b.pages.insert(page, items);
            if b.follow_end {
                b.selected = b.rows().saturating_sub(1);
                b.follow_end = b.total.is_none();
            }
            ensure_pages(app, 40)
        }
        Err(e) => {
            b.requested.remove(&page);
            b.error = Some(e.to_string());
            vec![]
        }
    }
}

pub fn browse_key(app: &mut App, intent: Intent, height: u64) -> Vec<Command> {
    let Some(b) = app.browser.as_mut() else {
        return vec![];
    };
    let filtered = !b.filter.value().is_empty();
    let rows = if filtered {
        b.filtered().len() as u64
    } else {
        b.rows()
    };
    let last = rows.saturating_sub(1);
    match intent {
        Intent::Down => b.selected = (b.selected + 1).min(last),
        Intent::Up => {
            b.follow_end = false;
            b.selected = b.selected.saturating_sub(1);
        }
        Intent::PageDown => b.selected = (b.selected + height).min(last),
        Intent::PageUp => b.selected = b.selected.saturating_sub(height),
        Intent::Top => b.selected = 0,
        Intent::Bottom => {
            b.selected = last;
            b.follow_end = b.total.is_none();
        }
        Intent::Filter => b.filtering = true,
        Intent::Submit => b.details = true,
        Intent::OpenChildren => return open_children(app),
        Intent::ServerSearch => return server_search(app),
        Intent::Back if b.parent.is_some() => {
            b.parent = None;
            b.listing = Listing::Sites { parent_id: None };
            return reset_pages(app);
        }
        Intent::Back => {
            app.screen = Screen::Session;
            return vec![];
        }
        _ => {}
    }
    if filtered {
        vec![]
    } else {
        ensure_pages(app, height.max(40))
    }
}

fn reset_pages(app: &mut App) -> Vec<Command> {
    if let Some(b) = app.browser.as_mut() {
        b.generation += 1;
        b.pages.clear();
        b.requested.clear();
        b.total = None;
        b.selected = 0;
        b.follow_end = false;
    }
    ensure_pages(app, 40)
}

fn selected_item(b: &Browser) -> Option<BrowseItem> {
    if b.filter.value().is_empty() {
        b.item(b.selected).cloned()
    } else {
        b.filtered()
            .get(b.selected as usize)
            .and_then(|&i| b.item(i))
            .cloned()
    }
}

fn open_children(app: &mut App) -> Vec<Command> {
    let Some(b) = app.browser.as_mut() else {
        return vec![];
    };
    if !matches!(b.listing, Listing::Sites { parent_id: None }) {
        app.message = Some("Subsites are for SharePoint sites at the top level.".into());
        return vec![];
    }
    let Some(item) = selected_item(b) else {
        return vec![];
    };
    b.listing = Listing::Sites {
        parent_id: Some(item.id.clone()),
    };
    b.parent = Some((item.id, item.title));
    b.filter = Default::default();
    reset_pages(app)
}

fn server_search(app: &mut App) -> Vec<Command> {
    let Some(b) = app.browser.as_mut() else {
        return vec![];
    };
    if !matches!(b.listing, Listing::Teams { .. }) {
        app.message = Some("Server search by name is for teams; / filters what is loaded.".into());
        return vec![];
    }
    let name = b.filter.value().trim().to_string();
    b.listing = Listing::Teams {
        display_name: (!name.is_empty()).then_some(name),
    };
    b.filter = Default::default();
    reset_pages(app)
}

pub fn browse_filter_key(app: &mut App, intent: Intent) -> Vec<Command> {
    if let Some(b) = app.browser.as_mut() {
        b.filtering = false;
        b.selected = 0;
        if intent == Intent::Back {
            b.filter = Default::default();
        }
    }
    vec![]
}

/// Quitting or signing out while sessions this app started still work: ask first.
pub fn leaving(app: &mut App, intent: LeaveIntent) -> Option<Vec<Command>> {
    let working = app.our_sessions.iter().any(|id| {
        app.session_view
            .as_ref()
            .filter(|v| v.session.id == *id)
            .is_none_or(|v| v.session.is_working())
    });
    if working && app.leave_prompt.is_none() {
        app.leave_prompt = Some(intent);
        return Some(vec![]);
    }
    None
}

pub fn leave_key(app: &mut App, intent: Intent) -> Vec<Command> {
    let Some(leave) = app.leave_prompt else {
        return vec![];
    };
    match intent {
        Intent::Stop => {
            let ids = app.our_sessions.clone();
            app.in_flight += ids.len() as u32;
            app.message = Some(format!("Stopping {} restore session(s)…", ids.len()));
            ids.into_iter()
                .map(|id| Command::StopSession { id })
                .collect()
        }
        Intent::Leave => {
            app.leave_prompt = None;
            app.our_sessions.clear();
            finish_leaving(app, leave)
        }
        _ => {
            app.leave_prompt = None;
            vec![]
        }
    }
}

fn finish_leaving(app: &mut App, intent: LeaveIntent) -> Vec<Command> {
    match intent {
        LeaveIntent::Quit => {
            app.should_quit = true;
            vec![Command::Quit]
        }
        LeaveIntent::SignOut => vec![Command::StopWatching, Command::SignOut],
    }
}

/// Rows for the browser from a page of any listing.
pub fn items_from(listing: &Listing, page: serde_json::Value) -> Vec<BrowseItem> {
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    page["results"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| match listing {
                    Listing::Mailboxes => BrowseItem {
                        id: s(r, "id"),
                        title: s(r, "name"),
                        detail: s(r, "email"),
                        flags: [
                            (r["isArchive"] == true, "archive"),
                            (r["isPublic"] == true, "public"),
                        ]
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, l)| *l)
                        .collect::<Vec<_>>()
                        .join(" "),
                    },
                    Listing::Teams { .. } => BrowseItem {
                        id: s(r, "id"),
                        title: s(r, "displayName"),
                        detail: s(r, "groupEmail"),
                        flags: [
                            s(r, "privacy"),
                            if r["isArchived"] == true {
                                "archived".into()
                            } else {
                                String::new()
                            },
                        ]
                        .join(" ")
                        .trim()
                        .to_string(),
                    },
                    _ => BrowseItem {
                        id: s(r, "id"),
                        title: s(r, "name"),
                        detail: s(r, "url"),
                        flags: String::new(),
                    },
                })
                .collect()
        })
        .unwrap_or_default()
}
