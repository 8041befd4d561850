//! Entry points for the fuzz targets in `fuzz/` and for the test that replays their corpus:
//! each takes arbitrary bytes and must never panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use serde::de::DeserializeOwned;
use tui_input::Input;

use crate::api::ApiVersion;
use crate::api::models::{
    DeviceCode, Mailbox, OAuthError, OneDrive, Organization, Page, RestExceptionInfo,
    RestoreSession, RestoreSessionEvent, ServiceInstance, Site, Team, TokenResponse,
};
use crate::app::code_panel::CodePanel;
use crate::app::onboarding::Wizard;
use crate::poll::{CodeState, Pending};
use crate::ui::widgets::{device_code, qr};

fn try_decode<T: DeserializeOwned>(data: &[u8]) {
    let _ = serde_json::from_slice::<T>(data);
}

/// Every response type the client decodes, and the browser's view of a listing page.
pub fn decode_models(data: &[u8]) {
    let _ = crate::api::decode_organizations(data);
    try_decode::<Organization>(data);
    try_decode::<Page<Organization>>(data);
    try_decode::<Page<Mailbox>>(data);
    try_decode::<Page<OneDrive>>(data);
    try_decode::<Page<Site>>(data);
    try_decode::<Page<Team>>(data);
    try_decode::<Page<RestoreSession>>(data);
    try_decode::<Page<RestoreSessionEvent>>(data);
    try_decode::<RestoreSession>(data);
    try_decode::<DeviceCode>(data);
    try_decode::<ServiceInstance>(data);
    try_decode::<TokenResponse>(data);
    try_decode::<OAuthError>(data);
    try_decode::<RestExceptionInfo>(data);
    let _ = crate::api::error::excerpt(data);
    // Listing pages decode straight into their row types.
    try_decode::<Page<Mailbox>>(data);
    try_decode::<Page<OneDrive>>(data);
    try_decode::<Page<Site>>(data);
    try_decode::<Page<Team>>(data);
}

/// The text validators and every step of the onboarding wizard, in every version, with the
/// input split into field values at newlines.
pub fn validators(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let values: Vec<&str> = text.split('\n').collect();
    for v in &values {
        let _ = crate::app::forms::is_guid(v);
        let _ = crate::app::forms::is_host(v);
        let _ = crate::app::forms::is_thumbprint(v);
        let _ =
            crate::app::pages::new_restore_session::parse_local(&crate::clock::Clock::system(), v);
    }
    let choice = data.first().copied().unwrap_or(0) as usize;
    for version in [ApiVersion::V4, ApiVersion::V6, ApiVersion::V8] {
        let mut w = Wizard::new(version);
        for (i, field) in w.form.fields.iter_mut().enumerate() {
            if field.is_text() {
                field.input = Input::new(values[i % values.len()].to_string());
            }
            field.choice = (choice + i) % 4;
            field.on = (choice >> (i % 8)) & 1 == 1;
            field.cycle(false);
        }
        for step in w.steps() {
            let _ = w.validate(step);
        }
        let _ = w.review_json();
    }
}

/// The server address as typed on the connect screen: normalized, then checked.
pub fn server_url(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let url = crate::api::normalize_server_url(&text);
    // Whatever the connect screen accepts is an http(s) URL the HTTP client can use.
    if !url.is_empty() && crate::api::server_url_problem(&url).is_none() {
        let parsed = reqwest::Url::parse(&url).expect("accepted addresses parse");
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let shown = url.to_ascii_lowercase();
        assert!(
            shown.starts_with(&format!("{}://{host}", parsed.scheme())),
            "the address shown, {url}, is not the one connected to, {parsed}"
        );
    }
}

/// The device-code panel laid out and drawn for any terminal size and any link and code: the
/// first two bytes are the size, the rest the link.
pub fn qr_layout(data: &[u8]) {
    let [w, h, ..] = data else { return };
    let (w, h) = (u16::from(*w) + 1, u16::from(*h) + 1);
    let link = String::from_utf8_lossy(data.get(2..).unwrap_or_default()).into_owned();
    let modules = qr::Modules::encode(&link);
    let area = Rect::new(0, 0, w, h);
    let _ = device_code::layout(area, modules.as_ref().map(qr::Modules::cells));
    if let Some(m) = &modules {
        let mut buf = ratatui::buffer::Buffer::empty(area);
        let _ = m.render(
            area,
            &mut buf,
            data.len().is_multiple_of(2),
            data.len().is_multiple_of(3),
        );
    }
    let Ok(mut terminal) = Terminal::new(TestBackend::new(w, h));
    let code: String = link.chars().take(12).collect();
    let panel = CodePanel {
        id: 1,
        title: code.clone(),
        state: CodeState::Pending(Pending {
            user_code: code,
            url: link.clone(),
            url_complete: (data.len().is_multiple_of(3)).then(|| link.clone()),
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(u64::from(w)),
            interval: std::time::Duration::from_secs(5),
            last_check: None,
            slowed_down: data.len().is_multiple_of(5),
            manual: data.len().is_multiple_of(7),
            trouble: None,
        }),
        inverted: data.len().is_multiple_of(2),
    };
    let _ = terminal.draw(|f| {
        device_code::draw(
            f,
            f.area(),
            &panel,
            std::time::Instant::now(),
            &crate::clock::Clock::system(),
        )
    });
}
