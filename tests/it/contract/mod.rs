//! The client against the simulator over HTTPS, every operation in scope, in v6, v7 and v8
//! (and the v4/v5 shapes), with every request and response validated against the official
//! schema of its version.

use crate::support;

use std::collections::BTreeSet;

use base64::Engine;
use secrecy::SecretString;
use serde_json::json;
use support::*;
use vb365_tui::api::models::{Channel, DriveItem, ExchangeItem, Page, Post, SiteList};
use vb365_tui::api::models::{
    ExploreOptions, Mailbox, Office365ConnectionSettings, OneDrive, Organization, OrganizationType,
    Region, RestoreDeviceCodeRequest, RestoreType, SessionOrder, SessionQuery, Site, Team,
    Timestamp,
};
use vb365_tui::api::pager::Pager;
use vb365_tui::api::{
    ApiError, ApiVersion, Client, Download, Format, Listing, SearchScope, SignInKind, Source, Store,
};
use vb365_tui::identity::{DEFAULT_CLIENT_ID, DEFAULT_SCOPE, IdentityClient, PollOutcome};
use vb365_tui::jobs::{Failure, Outcome, Update};
use vb365_tui::sim::SimHandle;

mod dashboard;
mod drives;
mod org_edit;
mod restore_faults;
mod restores;
mod server;
mod versions;

#[allow(unused_imports)]
use drives::*;
#[allow(unused_imports)]
use restore_faults::*;
#[allow(unused_imports)]
use restores::*;
#[allow(unused_imports)]
use server::*;
#[allow(unused_imports)]
use versions::*;

const OPERATIONS: [&str; 93] = [
    "POST /{v}/token",
    "GET /{v}/ServiceInstance",
    "POST /{v}/DeviceCode",
    "POST /{v}/DeviceCode/check",
    "GET /{v}/Organizations",
    "POST /{v}/Organizations",
    "POST /{v}/Organizations/{organizationId}/DeviceCode",
    "POST /{v}/Organizations/{organizationId}/explore",
    "POST /{v}/Organization/Explore",
    "GET /{v}/RestoreSessions",
    "GET /{v}/RestoreSessions/{restoreSessionId}",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Stop",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Events",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/restoreDeviceCode",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/folders",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/exportToPst",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/searchExchange",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/folders/{folderId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/exportToPst",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/folders/{folderId}/exportToPst",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/exportToPst",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/exportToPst",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/Save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/folders/{folderId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/operatorRestore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/folders/{folderId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/save",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Libraries",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Lists",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/Versions",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Versions",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/{folderId}/Versions",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/{folderId}/Versions/{versionId}/save",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/{folderId}/Versions",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/{folderId}/Versions/{versionId}/save",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Attachments",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Attachments/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Items/{itemId}/Attachments/{attachmentId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/copyTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/copyTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/restoreTo",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Libraries/{libraryId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Lists/{listId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/{folderId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Libraries/{libraryId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Folders/{folderId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/Sites/{siteId}/Documents/{documentId}/Versions/{versionId}/save",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders",
    "GET /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/Versions",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/{folderId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Folders/{folderId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/Organization/OneDrives/{oneDriveId}/Documents/{documentId}/Versions/{versionId}/save",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/teams",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/channels",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/posts",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/posts/save",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/searchTeams",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/posts/restore",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/channels/{channelId}/search",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/posts/{postId}/save",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/files",
    "GET /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/channels/{channelId}/tabs",
    "POST /{v}/RestoreSessions/{restoreSessionId}/organization/teams/{teamId}/files/save",
];

fn explore(kind: RestoreType) -> ExploreOptions {
    ExploreOptions {
        kind: Some(kind),
        show_deleted: Some(true),
        show_all_versions: Some(true),
        ..Default::default()
    }
}

/// Exercises every operation once in one version.
async fn tour(v: ApiVersion) -> (SimHandle, BTreeSet<String>) {
    let sim = start_sim(&[v]).await;
    let probe = client_for(&sim, ApiVersion::V8);
    let (served, chosen) = probe.detect_and_select().await.unwrap();
    assert_eq!((served.served, chosen), (vec![v], v));

    let c = admin(&sim, v).await;
    assert_eq!(c.identity().unwrap().kind, SignInKind::Administrator);
    if v.has_service_instance() {
        assert!(c.service_instance().await.unwrap().version.is_some());
    }

    // Device code for a new organization, checked before and after approval.
    let code = c.device_code(&Region::Worldwide, None).await.unwrap();
    assert!(code.verification_url.ends_with("/devicelogin"));
    assert_eq!(code.expires_in, 900);
    if v.has_device_code_check() {
        assert!(!c.check_device_code(&code.user_code).await.unwrap());
    }
    sim.sim.decide(&code.user_code, true);
    if v.has_device_code_check() {
        assert!(c.check_device_code(&code.user_code).await.unwrap());
    }

    let before = c.organizations().await.unwrap();
    let new_org = Organization {
        kind: Some(OrganizationType::Office365),
        region: Some(Region::Worldwide),
        description: Some("added by the contract test".into()),
        is_exchange_online: Some(true),
        is_share_point_online: Some(true),
        is_teams_online: Some(v.has_teams()),
        is_teams_chats_online: v.has_teams_chats().then_some(false),
        configure_application: Some(true),
        user_code: Some(code.user_code.clone()),
        new_application_name: Some("Veeam Backup".into()),
        exchange_online_settings: Some(Office365ConnectionSettings {
            use_application_only_auth: Some(true),
            office_organization_name: Some("adatum.onmicrosoft.com".into()),
            ..Default::default()
        }),
        share_point_online_settings: Some(Office365ConnectionSettings {
            use_application_only_auth: Some(true),
            office_organization_name: Some("adatum.onmicrosoft.com".into()),
            share_point_save_all_web_parts: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = c.create_organization(&new_org).await.unwrap();
    assert_eq!(created.name.as_deref(), Some("adatum.onmicrosoft.com"));
    let after = c.organizations().await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let org_id = created.id.clone().unwrap();
    c.organization_device_code(&org_id).await.unwrap();

    // One session of each type the version has, browsed through its listing.
    let contoso = before[0].id.clone().unwrap();
    let mut exchange_session = None;
    for kind in v.restore_types() {
        let s = c
            .explore_organization(&contoso, &explore(kind.clone()))
            .await
            .unwrap();
        assert_eq!(&s.kind, kind);
        assert!(s.is_working() && s.ended_at().is_none());
        let got = c.restore_session(&s.id).await.unwrap();
        assert_eq!(got.id, s.id);
        match kind {
            RestoreType::Vex => {
                let p = c.mailboxes(&s.id, 0, 50).await.unwrap();
                assert_eq!(p.results.len(), 50);
                exchange_session = Some(s.id.clone());
                if v.has_mailbox_folders() {
                    browse_a_mailbox(&c, &s.id, &p.results[3].id, v).await;
                    save_from_a_mailbox(&c, &s.id, &p.results[3].id).await;
                    search_items(&c, &s.id, &p.results[3].id).await;
                    restore_to_the_original_location(&c, &sim, &s.id, &p.results[3].id, v).await;
                }
            }
            RestoreType::Veod => {
                let drives = c.onedrives(&s.id, 10, 5).await.unwrap().results;
                assert_eq!(drives.len(), 5);
                if v.has_mailbox_folders() {
                    browse_and_save_a_onedrive(&c, &s.id, &drives[0].id, v).await;
                    let store = Store::OneDrive {
                        onedrive_id: drives[0].id.clone(),
                    };
                    restore_documents(&c, &sim, &s.id, store, v).await;
                }
            }
            RestoreType::Vesp => {
                let roots = c.sites(&s.id, None, 0, 100).await.unwrap().results;
                let subs = c
                    .sites(&s.id, Some(roots[0].id.clone()), 0, 100)
                    .await
                    .unwrap();
                assert_eq!(subs.results.len(), 3);
                if v.has_mailbox_folders() {
                    browse_and_save_a_site(&c, &s.id, &roots[0].id, v).await;
                    let libraries = c
                        .listing_page::<SiteList>(
                            &s.id,
                            &Listing::Libraries {
                                site_id: roots[0].id.clone(),
                            },
                            0,
                            1,
                        )
                        .await
                        .unwrap()
                        .results;
                    let store = Store::Library {
                        site_id: roots[0].id.clone(),
                        library_id: libraries[0].id.clone(),
                    };
                    restore_documents(&c, &sim, &s.id, store, v).await;
                }
            }
            RestoreType::Vet => {
                let all = c.teams(&s.id, None, 0, 100).await.unwrap().results;
                let finance = c
                    .teams(&s.id, Some("finance".into()), 0, 100)
                    .await
                    .unwrap()
                    .results;
                assert!(!finance.is_empty() && finance.len() < all.len());
                if v.has_mailbox_folders() {
                    channels_and_posts(&c, &s.id, &all[0].id, v).await;
                    channel_files_and_tabs(&c, &s.id, &all[0].id).await;
                    teams_searches_and_versions(&c, &s.id, &all[0].id, v).await;
                    restore_posts(&c, &sim, &s.id, &all[0].id, v).await;
                }
            }
            _ => unreachable!(),
        }
    }
    let sid = exchange_session.unwrap();
    let events = c.restore_session_events(&sid, 0, 100).await.unwrap();
    assert!(!events.results.is_empty());
    c.restore_device_code(
        &sid,
        &RestoreDeviceCodeRequest {
            target_application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
            target_region: Some(Region::Worldwide),
            target_organization_name: Some("contoso.onmicrosoft.com".into()),
        },
    )
    .await
    .unwrap();
    let q = SessionQuery {
        limit: 100,
        order_by: Some(SessionOrder::CreationTime),
        order_asc: Some(false),
        start_time_from: Some(Timestamp::parse("2020-01-01T00:00:00Z").unwrap()),
        ..Default::default()
    };
    let list = c.restore_sessions(&q).await.unwrap();
    assert!(list.results.iter().any(|s| s.id == sid));
    c.stop_restore_session(&sid).await.unwrap();
    let stopped = c.restore_session(&sid).await.unwrap();
    assert!(!stopped.is_working());
    assert!(stopped.ended_at().is_some());

    // Tenant sign-in with a Microsoft assertion, then explore as the tenant.
    let tenant = "contoso.onmicrosoft.com";
    let assertion = microsoft_assertion(&sim, tenant).await;
    let t = client_for(&sim, v);
    let info = t.sign_in_tenant(tenant, &assertion).await.unwrap();
    assert_eq!(
        info.kind,
        SignInKind::Tenant {
            tenant: tenant.into()
        }
    );
    let ts = t.explore_tenant(&explore(RestoreType::Vex)).await.unwrap();
    assert_eq!(ts.organization.as_deref(), Some(tenant));
    t.stop_restore_session(&ts.id).await.unwrap();

    // Restore operator.
    let op_assertion = microsoft_assertion(&sim, tenant).await;
    let o = client_for(&sim, v);
    let info = o
        .sign_in_operator("operator.contoso", &op_assertion)
        .await
        .unwrap();
    assert_eq!(info.kind, SignInKind::Operator);
    if v.has_mailbox_folders() {
        let s = c
            .explore_organization(&contoso, &explore(RestoreType::Vex))
            .await
            .unwrap();
        operator_restore(&c, &o, &s.id).await;
    }

    c.refresh().await.unwrap();
    c.logout().await.unwrap();
    assert!(c.identity().is_none());

    let seen = support::schema::validate_all(v, &sim.sim.journal()).unwrap_or_default();
    (sim, seen)
}

/// Mailbox → folders → subfolders → items, paged, in the version's own query names.
async fn browse_a_mailbox(c: &Client, session: &str, mailbox: &str, v: ApiVersion) {
    let top = c
        .mailbox_folders(session, mailbox, None, 0, 100)
        .await
        .unwrap();
    let names: Vec<&str> = top.results.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names[..3], ["Inbox", "Sent Items", "Deleted Items"], "{v}");
    let inbox = &top.results[0];
    assert_eq!(inbox.category.as_deref(), Some("Inbox"));
    let subs = c
        .mailbox_folders(session, mailbox, Some(inbox.id.clone()), 0, 100)
        .await
        .unwrap();
    assert_eq!(subs.results.len(), 2, "Projects and Receipts");
    let items = c
        .mailbox_items(session, mailbox, &inbox.id, 1000, 100)
        .await
        .unwrap();
    assert_eq!(items.results.len(), 100);
    assert_eq!(items.total_count.is_some(), v.has_total_count(), "{v}");
    let mail = &items.results[1];
    assert_eq!(mail.kind(), "mail");
    // One mailbox read on its own, to name a hit of a search of every mailbox.
    let one = c.mailbox(session, mailbox).await.unwrap();
    assert_eq!(one.id, mailbox);
    assert!(!one.name.is_empty());
    // One item read on its own: its headers and fields.
    let whole = c
        .mailbox_item(session, mailbox, &items.results[0].id)
        .await
        .unwrap();
    assert_eq!(whole.item.id, items.results[0].id);
    assert!(whole.cc.is_some() && whole.sent.is_some() && whole.importance.is_some());
    let labels: Vec<&str> = whole.fields().iter().map(|(k, _)| *k).collect();
    assert_eq!(labels[..4], ["From", "To", "Cc", "Importance"]);
    assert!(mail.received.is_some() && mail.from.is_some() && !mail.title().is_empty());
    let calendar = top.results.iter().find(|f| f.name == "Calendar").unwrap();
    let appointments = c
        .mailbox_items(session, mailbox, &calendar.id, 0, 5)
        .await
        .unwrap();
    assert_eq!(appointments.results[0].kind(), "appointment");
    // A folder of another mailbox is refused, as the server refuses it.
    let other = c.mailbox_folders(session, &inbox.id, None, 0, 5).await;
    assert!(other.is_err());
}

/// Every download an Exchange session offers, saved to disk: each file complete, of its kind
/// (PST, MSG, or a ZIP for split PSTs and several MSGs), nothing else left in the folder.
async fn save_from_a_mailbox(c: &Client, session: &str, mailbox: &str) {
    let folders = c
        .mailbox_folders(session, mailbox, None, 0, 5)
        .await
        .unwrap();
    let inbox = folders.results[0].id.clone();
    let items = c
        .mailbox_items(session, mailbox, &inbox, 0, 3)
        .await
        .unwrap();
    let ids: Vec<String> = items.results.iter().map(|i| i.id.clone()).collect();
    let m = mailbox.to_string();
    let pst = Format::Pst { split_bytes: None };
    let cases = [
        (Source::Organization, pst, "PST"),
        (
            Source::Mailbox {
                mailbox_id: m.clone(),
            },
            pst,
            "PST",
        ),
        (
            Source::Folder {
                mailbox_id: m.clone(),
                folder_id: inbox.clone(),
            },
            Format::Pst {
                split_bytes: Some(2 << 30),
            },
            "ZIP",
        ),
        (
            Source::Items {
                mailbox_id: m.clone(),
                item_ids: ids.clone(),
            },
            pst,
            "PST",
        ),
        (
            Source::Items {
                mailbox_id: m.clone(),
                item_ids: ids[..1].to_vec(),
            },
            pst,
            "PST",
        ),
        (
            Source::Items {
                mailbox_id: m.clone(),
                item_ids: ids.clone(),
            },
            Format::Msg,
            "ZIP",
        ),
        (
            Source::Items {
                mailbox_id: m.clone(),
                item_ids: ids[..1].to_vec(),
            },
            Format::Msg,
            "MSG",
        ),
    ];
    let cases = cases.map(|(source, format, kind)| (source, format, Some(kind)));
    save_cases(c, session, cases, "contract-saves").await;
}

/// Server search in a folder (paged with its setId), a mailbox and every mailbox; the
/// documented keywords narrow, an unknown one is refused in words.
async fn search_items(c: &Client, session: &str, mailbox: &str) {
    let folders = c
        .mailbox_folders(session, mailbox, None, 0, 5)
        .await
        .unwrap();
    let inbox = folders.results[0].id.clone();
    let search = |scope: SearchScope, query: &str, set_id: Option<String>| Listing::Search {
        scope,
        query: query.into(),
        set_id,
    };
    let in_inbox = SearchScope::Folder {
        mailbox_id: mailbox.into(),
        folder_id: inbox.clone(),
    };
    let first: Page<ExchangeItem> = c
        .listing_page(session, &search(in_inbox.clone(), "budget", None), 0, 20)
        .await
        .unwrap();
    assert_eq!(first.results.len(), 20);
    assert!(
        first
            .results
            .iter()
            .all(|i| i.title().to_lowercase().contains("budget"))
    );
    let set = first.set_id.clone().expect("a result set");
    let next: Page<ExchangeItem> = c
        .listing_page(
            session,
            &search(in_inbox, "budget", Some(set.clone())),
            20,
            20,
        )
        .await
        .unwrap();
    assert_eq!(
        next.set_id.as_deref(),
        Some(set.as_str()),
        "the same result set"
    );
    assert_ne!(next.results[0].id, first.results[0].id);
    let mailbox_scope = SearchScope::Mailbox {
        mailbox_id: mailbox.into(),
    };
    let narrow: Page<ExchangeItem> = c
        .listing_page(
            session,
            &search(
                mailbox_scope.clone(),
                r#"subject:"board deck" hasattachments:true"#,
                None,
            ),
            0,
            50,
        )
        .await
        .unwrap();
    assert!(!narrow.results.is_empty());
    assert!(narrow.results.iter().all(|i| !i.attachments.is_empty()));
    let everywhere: Page<ExchangeItem> = c
        .listing_page(
            session,
            &search(SearchScope::Organization, "invoice", None),
            0,
            10,
        )
        .await
        .unwrap();
    assert_eq!(everywhere.results.len(), 10);
    // A day, in UTC: every item found is of that day, and the item it was read from is
    // among them.
    let known = &first.results[3];
    let day = known.when().expect("a received time").0.date_naive();
    let on_day: Page<ExchangeItem> = c
        .listing_page(
            session,
            &search(mailbox_scope.clone(), &format!("received:{day}"), None),
            0,
            500,
        )
        .await
        .unwrap();
    assert!(on_day.results.iter().any(|i| i.id == known.id));
    assert!(
        on_day
            .results
            .iter()
            .all(|i| i.when().is_some_and(|w| w.0.date_naive() == day))
    );
    for (query, says) in [
        ("received:11/17/2026", "'11/17/2026' is not valid"),
        ("importance:high", "'importance' is not supported"),
    ] {
        let refused = c
            .listing_page::<ExchangeItem>(
                session,
                &search(mailbox_scope.clone(), query, None),
                0,
                5,
            )
            .await
            .unwrap_err()
            .to_string();
        assert!(refused.contains(says), "{refused}");
    }
}
