//! The fault matrix: every operation the app uses against every fault the simulator can
//! inject, each cell on its own simulator. A cell passes when the operator gets a sentence
//! naming the operation and the cause, nothing that creates server state is sent twice, and
//! the operation works again once the fault clears. The matrix is printed (`--nocapture`) in
//! the form the README publishes.

use crate::support;

use std::time::Duration;

use secrecy::SecretString;
use support::*;
use tui_input::Input;
use vb365_tui::api::models::{ExploreOptions, Region, RestoreType};
use vb365_tui::api::{
    ApiError, ApiVersion, Client, ClientConfig, RestoreWhat, RetryPolicy, TrustMode,
};
use vb365_tui::app::onboarding::{AuthField, Service, Wizard, WizardKey};
use vb365_tui::jobs::{Failure, Outcome, Update};
use vb365_tui::sim::{Fault, FaultKind};
use vb365_tui::sim::{SimConfig, SimHandle};

mod actions;
mod matrix;

#[allow(unused_imports)]
use matrix::*;

const V: ApiVersion = ApiVersion::V8;

/// The operations; the actions (`Client::act`) last.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
enum Op {
    SignIn,
    Refresh,
    Probe,
    ListOrganizations,
    AddOrganization,
    EditOrganization,
    DeviceCode,
    CheckDeviceCode,
    Explore,
    GetSession,
    SessionEvents,
    StopSession,
    Listing,
    Download,
    Restore,
    BulkRestore,
    Send,
    StartJob,
    DisableJob,
    EnableJob,
    SyncRepository,
    RepositoryMaintenance,
    SyncOrganization,
    SharePointVersions,
    ProxyMaintenance,
}

const OPS: [Op; 25] = [
    Op::SignIn,
    Op::Refresh,
    Op::Probe,
    Op::ListOrganizations,
    Op::AddOrganization,
    Op::EditOrganization,
    Op::DeviceCode,
    Op::CheckDeviceCode,
    Op::Explore,
    Op::GetSession,
    Op::SessionEvents,
    Op::StopSession,
    Op::Listing,
    Op::Download,
    Op::Restore,
    Op::BulkRestore,
    Op::Send,
    Op::StartJob,
    Op::DisableJob,
    Op::EnableJob,
    Op::SyncRepository,
    Op::RepositoryMaintenance,
    Op::SyncOrganization,
    Op::SharePointVersions,
    Op::ProxyMaintenance,
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum F {
    Status500,
    Status503RetryAfter,
    Status429,
    Hang,
    Reset,
    Malformed,
    HtmlPage,
    Expired401,
    CertificateChanged,
}

const FAULTS: [F; 9] = [
    F::Status500,
    F::Status503RetryAfter,
    F::Status429,
    F::Hang,
    F::Reset,
    F::Malformed,
    F::HtmlPage,
    F::Expired401,
    F::CertificateChanged,
];

impl F {
    fn label(self) -> &'static str {
        match self {
            F::Status500 => "500",
            F::Status503RetryAfter => "503 + Retry-After",
            F::Status429 => "429",
            F::Hang => "hang past the timeout",
            F::Reset => "connection reset",
            F::Malformed => "malformed JSON",
            F::HtmlPage => "HTML error page (502)",
            F::Expired401 => "401, token expired",
            F::CertificateChanged => "certificate changed",
        }
    }
    fn kind(self) -> Option<FaultKind> {
        Some(match self {
            F::Status500 => FaultKind::Status {
                status: 500,
                retry_after: None,
            },
            F::Status503RetryAfter => FaultKind::Status {
                status: 503,
                retry_after: Some(1),
            },
            F::Status429 => FaultKind::Status {
                status: 429,
                retry_after: None,
            },
            F::Hang => FaultKind::Hang,
            F::Reset => FaultKind::Reset,
            F::Malformed => FaultKind::Malformed,
            F::HtmlPage => FaultKind::Html { status: 502 },
            F::Expired401 | F::CertificateChanged => return None,
        })
    }
    /// Words the operator's message must contain.
    fn cause(self) -> &'static str {
        match self {
            F::Status500 => "internal error (HTTP 500)",
            F::Status503RetryAfter => "HTTP 503",
            F::Status429 => "rate-limiting",
            F::Hang => "did not answer within",
            F::Reset => "cannot reach",
            F::Malformed => "could not be read",
            F::HtmlPage => "HTML page",
            F::Expired401 => "expired",
            F::CertificateChanged => "CERTIFICATE HAS CHANGED",
        }
    }
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::SignIn => "Sign in",
            Op::Refresh => "Renew session",
            Op::Probe => "Detect API version",
            Op::ListOrganizations => "List organizations",
            Op::AddOrganization => "Add organization",
            Op::EditOrganization => "Edit organization",
            Op::DeviceCode => "Get device code",
            Op::CheckDeviceCode => "Check device code",
            Op::Explore => "Start restore session",
            Op::GetSession => "Read restore session",
            Op::SessionEvents => "Read session events",
            Op::StopSession => "Stop restore session",
            Op::Listing => "List mailboxes",
            Op::Download => "Export to PST",
            Op::Restore => "Restore a mailbox",
            Op::BulkRestore => "Restore mailboxes",
            Op::Send => "Send items by e-mail",
            Op::StartJob => "Start job",
            Op::DisableJob => "Disable job",
            Op::EnableJob => "Enable job",
            Op::SyncRepository => "Synchronize repository",
            Op::RepositoryMaintenance => "Start repository maintenance",
            Op::SyncOrganization => "Synchronize organization",
            Op::SharePointVersions => "Change SharePoint version backup",
            Op::ProxyMaintenance => "Proxy maintenance",
        }
    }
    /// (method, path fragment) the fault is scripted on.
    fn route(self, session: &str, mailbox: &str) -> (&'static str, String) {
        match self {
            Op::SignIn | Op::Refresh => ("POST", "/token".into()),
            // The served version's own probe: a fault on another version's proves nothing.
            Op::Probe => ("GET", format!("/{V}/serviceinstance")),
            Op::ListOrganizations => ("GET", "/organizations".into()),
            Op::AddOrganization => ("POST", "/v8/organizations".into()),
            Op::EditOrganization => ("PUT", "/v8/organizations/".into()),
            Op::DeviceCode => ("POST", "/devicecode".into()),
            Op::CheckDeviceCode => ("POST", "/devicecode/check".into()),
            Op::Explore => ("POST", "/explore".into()),
            Op::GetSession => ("GET", format!("/restoresessions/{session}")),
            Op::SessionEvents => ("GET", "/events".into()),
            Op::StopSession => ("POST", "/stop".into()),
            Op::Listing => ("GET", "/mailboxes".into()),
            Op::Download => ("POST", "/exporttopst".into()),
            Op::Restore => ("POST", format!("/mailboxes/{mailbox}/restore")),
            Op::BulkRestore => ("POST", "/mailboxes/restore".into()),
            Op::Send => ("POST", "/sendtodifferentaddress".into()),
            Op::StartJob => ("POST", "/start".into()),
            Op::DisableJob => ("POST", "/disable".into()),
            Op::EnableJob => ("POST", "/enable".into()),
            Op::SyncRepository => ("POST", "/sync".into()),
            Op::RepositoryMaintenance => ("POST", "/maintenancesessions".into()),
            Op::SyncOrganization => ("POST", "/sync".into()),
            Op::SharePointVersions => ("PUT", "/versionbackupoptions".into()),
            Op::ProxyMaintenance => ("POST", "/maintenance/enable".into()),
        }
    }
    /// A job, repository, organization or proxy action (`Client::act`).
    fn is_action(self) -> bool {
        self >= Op::StartJob
    }
    /// Calls the client retries on their own (reads and the device-code check).
    fn idempotent(self) -> bool {
        matches!(
            self,
            Op::ListOrganizations
                | Op::CheckDeviceCode
                | Op::GetSession
                | Op::SessionEvents
                | Op::Listing
        )
    }
    fn signed_in(self) -> bool {
        !matches!(self, Op::SignIn | Op::Probe)
    }
}

/// What a cell needs ready before the fault is set.
struct Ctx {
    org_id: String,
    session_id: String,
    /// A mailbox of the session, to export.
    mailbox_id: String,
    /// Two items of its inbox, to send.
    item_ids: Vec<String>,
    user_code: String,
    wizard: Wizard,
    /// The first organization as read, to send back edited.
    edited: vb365_tui::api::models::Organization,
    /// An enabled backup job, a repository and a proxy, to act on.
    job_id: String,
    repository_id: String,
    proxy_id: String,
}

fn exchange() -> ExploreOptions {
    ExploreOptions {
        kind: Some(RestoreType::Vex),
        ..ExploreOptions::default()
    }
}

fn client(sim: &SimHandle, trust: TrustMode) -> Client {
    let mut config = ClientConfig::new(&sim.base_url, trust);
    config.version = V;
    config.request_timeout = Duration::from_secs(1);
    config.retry = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
    };
    Client::new(config).unwrap()
}

async fn prepare(sim: &SimHandle, c: &Client) -> Ctx {
    let orgs = c.organizations().await.unwrap();
    let org_id = orgs[0].id.clone().unwrap();
    let session = c.explore_organization(&org_id, &exchange()).await.unwrap();
    let mailbox_id = c.mailboxes(&session.id, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let inbox = c
        .mailbox_folders(&session.id, &mailbox_id, None, 0, 1)
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let items = vb365_tui::api::Listing::MailboxItems {
        mailbox_id: mailbox_id.clone(),
        folder_id: inbox,
    };
    let item_ids = c
        .listing_page::<vb365_tui::api::models::ExchangeItem>(&session.id, &items, 0, 2)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|i| i.id)
        .collect();
    let code = c.device_code(&Region::Worldwide, None).await.unwrap();
    let mut wizard = Wizard::new(V);
    wizard
        .field_mut(WizardKey::Auth(Service::Exchange, AuthField::Organization))
        .input = Input::new("adatum.onmicrosoft.com".into());
    let approved = c.device_code(&Region::Worldwide, None).await.unwrap();
    sim.sim.decide(&approved.user_code, true);
    wizard.user_code = Some(approved.user_code);
    let mut edited = c.organization(&org_id).await.unwrap();
    edited.description = Some("Edited while the server fails".into());
    let job_id = c.jobs().await.unwrap()[0].id.clone();
    // A server new enough for repository maintenance sessions.
    assert_eq!(
        sim.script_morning(serde_json::json!({ "build": "8.5.0.100" })),
        200
    );
    let repository_id = c.repositories().await.unwrap()[1].id.clone();
    let proxy_id = c.proxies().await.unwrap()[1].id.clone();
    Ctx {
        job_id,
        repository_id,
        proxy_id,
        org_id,
        session_id: session.id,
        mailbox_id,
        item_ids,
        user_code: code.user_code,
        wizard,
        edited,
    }
}

async fn run(op: Op, c: &Client, ctx: &Ctx) -> Result<(), ApiError> {
    let password = SecretString::from(PASSWORD);
    match op {
        Op::SignIn => c.sign_in_password(USER, &password).await.map(drop),
        Op::Refresh => c.refresh().await.map(drop),
        // Detection must not settle for less than the version the server serves.
        Op::Probe => match c.detect_versions().await {
            Ok(d) if d.served.contains(&V) => Ok(()),
            Ok(d) => Err(ApiError::NoApi {
                op: "Detect API version".into(),
                url: format!("{V} not detected: {d:?}"),
            }),
            Err(e) => Err(e),
        },
        Op::ListOrganizations => c.organizations().await.map(drop),
        Op::AddOrganization => c
            .create_organization(&ctx.wizard.organization())
            .await
            .map(drop),
        Op::EditOrganization => c.update_organization(&ctx.org_id, &ctx.edited).await,
        Op::DeviceCode => c.device_code(&Region::Worldwide, None).await.map(drop),
        Op::CheckDeviceCode => c.check_device_code(&ctx.user_code).await.map(drop),
        Op::Explore => c
            .explore_organization(&ctx.org_id, &exchange())
            .await
            .map(drop),
        Op::GetSession => c.restore_session(&ctx.session_id).await.map(drop),
        Op::SessionEvents => c
            .restore_session_events(&ctx.session_id, 0, 30)
            .await
            .map(drop),
        Op::StopSession => c.stop_restore_session(&ctx.session_id).await.map(drop),
        Op::Listing => c.mailboxes(&ctx.session_id, 0, 30).await.map(drop),
        Op::Download => download(c, ctx).await,
        Op::Restore => {
            restore(
                c,
                ctx,
                RestoreWhat::Mailbox {
                    mailbox_id: ctx.mailbox_id.clone(),
                },
                None,
            )
            .await
        }
        Op::BulkRestore => {
            restore(
                c,
                ctx,
                RestoreWhat::Mailboxes {
                    mailboxes: vec![(ctx.mailbox_id.clone(), "Adele Vance".into())],
                },
                None,
            )
            .await
        }
        Op::Send => {
            let items = RestoreWhat::Items {
                mailbox_id: ctx.mailbox_id.clone(),
                item_ids: ctx.item_ids.clone(),
            };
            let to = vb365_tui::api::EmailTarget {
                to: Some("helpdesk@contoso.com".into()),
                ..Default::default()
            };
            restore(c, ctx, items, Some(to)).await
        }
        _ => c.act(&actions::action(op, ctx)).await,
    }
}

/// Restores `what` with the approved device code (v8 answers a session to follow), or sends
/// it by e-mail, which takes no credentials.
async fn restore(
    c: &Client,
    ctx: &Ctx,
    what: RestoreWhat,
    email: Option<vb365_tui::api::EmailTarget>,
) -> Result<(), ApiError> {
    use vb365_tui::api::{Credential, Elsewhere, Restore, RestoreOptions};
    let credential = match email {
        Some(_) => Credential::Server,
        None => Credential::DeviceCode {
            user_code: ctx.wizard.user_code.clone().unwrap_or_default(),
        },
    };
    let restore = Restore {
        session_id: ctx.session_id.clone(),
        what,
        credential,
        options: RestoreOptions {
            elsewhere: email.map(Elsewhere::Email),
            ..Default::default()
        },
    };
    c.restore(&restore, Duration::from_secs(2)).await.map(drop)
}

/// Exports a mailbox to a PST file in a folder of its own; a failure must leave the folder
/// empty.
async fn download(c: &Client, ctx: &Ctx) -> Result<(), ApiError> {
    let dir = support::temp_dir("fault-download");
    let d = vb365_tui::api::Download {
        session_id: ctx.session_id.clone(),
        source: vb365_tui::api::Source::Mailbox {
            mailbox_id: ctx.mailbox_id.clone(),
        },
        format: vb365_tui::api::Format::Pst { split_bytes: None },
    };
    let last = save_to(c, d, &dir.join("mailbox.pst")).await;
    let left = std::fs::read_dir(&dir).unwrap().count();
    std::fs::remove_dir_all(&dir).unwrap();
    let detail = match last {
        Update::Finished(Outcome::Saved { .. }) if left == 1 => return Ok(()),
        Update::Failed(Failure { reason, .. }) if left == 0 => reason,
        other => format!("{left} files left after {other:?}"),
    };
    Err(ApiError::Invalid {
        op: "Export to PST".into(),
        detail,
    })
}

async fn save_to(c: &Client, d: vb365_tui::api::Download, path: &std::path::Path) -> Update {
    let mut last = None;
    vb365_tui::jobs::download::run(c.clone(), d, path.into(), false, Default::default(), |u| {
        last = Some(u)
    })
    .await;
    last.unwrap()
}

async fn restart_on(addr: std::net::SocketAddr) -> SimHandle {
    for _ in 0..100 {
        let started = vb365_tui::sim::start(SimConfig {
            versions: vec![V],
            bind: addr,
            record: true,
            ..SimConfig::default()
        })
        .await;
        if let Ok(sim) = started {
            return sim;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("cannot listen on {addr} again");
}

/// A simulator of `V` that keeps a journal of every request.
async fn recording_sim() -> SimHandle {
    vb365_tui::sim::start(SimConfig {
        versions: vec![V],
        record: true,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

/// One cell: the outcome in README words, or why it failed.
async fn cell(op: Op, fault: F) -> Result<String, String> {
    if fault == F::Expired401 && !op.signed_in() {
        return Ok("n/a (no token yet)".into());
    }
    let sim = recording_sim().await;
    let pin = TrustMode::Pinned(sim.fingerprint.unwrap());
    let c = client(&sim, pin);
    c.sign_in_password(USER, &SecretString::from(PASSWORD))
        .await
        .unwrap();
    let ctx = prepare(&sim, &c).await;
    let c = if op == Op::SignIn {
        client(&sim, TrustMode::Pinned(sim.fingerprint.unwrap()))
    } else {
        c
    };
    let (method, path) = op.route(&ctx.session_id, &ctx.mailbox_id);
    let count = || sim.sim.request_count(Some(method), &path);
    let before = count();

    if fault == F::CertificateChanged {
        // The server comes back on the same address with a new certificate.
        let old = sim.fingerprint.unwrap();
        sim.shutdown();
        // Let the client's pooled connections see the old server go away first.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let replaced = restart_on(sim.addr).await;
        if replaced.fingerprint == Some(old) {
            return Err("the restarted server kept its certificate".into());
        }
        let e = run(op, &c, &ctx).await.err().ok_or("succeeded")?;
        check_message(op, fault, &e)?;
        if replaced.sim.request_count(None, "/") != 0 {
            return Err("a request reached the server".into());
        }
        return Ok("refused before sending; warning with both fingerprints".into());
    }
    if fault == F::Expired401 {
        sim.sim.expire_access_tokens();
        run(op, &c, &ctx)
            .await
            .map_err(|e| format!("not renewed: {e}"))?;
        return Ok("renewed and sent again; works".into());
    }
    sim.sim.faults.add(Fault {
        path: path.clone(),
        method: Some(method.into()),
        kind: fault.kind().unwrap(),
        times: Some(1),
    });
    let first = run(op, &c, &ctx).await;
    let sent = count() - before;
    sim.sim.faults.clear();
    match first {
        // Stopping, sending and editing read no answer body.
        Ok(())
            if (matches!(op, Op::StopSession | Op::Send | Op::EditOrganization)
                || op.is_action())
                && fault == F::Malformed =>
        {
            Ok("no answer body is read; works".into())
        }
        Ok(()) if op == Op::Probe && sent >= 2 => Ok("retried; detected".into()),
        // The probe reads only the status.
        Ok(()) if op == Op::Probe => Ok("detected (status only)".into()),
        Ok(()) if op.idempotent() => {
            if sent != 2 {
                return Err(format!("{sent} requests for one retry"));
            }
            Ok("retried with backoff; works".into())
        }
        Ok(()) => Err(format!("succeeded despite the fault ({sent} requests)")),
        Err(e) => {
            check_message(op, fault, &e)?;
            if !op.idempotent() && sent != 1 {
                return Err(format!("a non-idempotent call was sent {sent} times"));
            }
            run(op, &c, &ctx)
                .await
                .map_err(|e| format!("no recovery once the fault cleared: {e}"))?;
            Ok(if op.idempotent() {
                "message; works again on refresh".into()
            } else {
                "message; sent once; works when tried again".into()
            })
        }
    }
}

fn check_message(op: Op, fault: F, e: &ApiError) -> Result<(), String> {
    let text = e.to_string();
    if !text.starts_with(op.name()) {
        return Err(format!("message does not name the operation: {text}"));
    }
    if !text.contains(fault.cause()) {
        return Err(format!("message does not name the cause: {text}"));
    }
    Ok(())
}
