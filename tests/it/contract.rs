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
    let refused = c
        .listing_page::<ExchangeItem>(session, &search(mailbox_scope, "received:2026", None), 0, 5)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("'received' is not supported"), "{refused}");
}

/// A OneDrive's documents (with their folders from v7), its folders, a folder's documents, a
/// document's versions; then every save: the OneDrive, a folder, several documents, one
/// document as it is and in a ZIP, one version.
async fn browse_and_save_a_onedrive(c: &Client, session: &str, drive: &str, v: ApiVersion) {
    let onedrive = Store::OneDrive {
        onedrive_id: drive.into(),
    };
    let list = |listing: Listing, limit: u64| async move {
        c.listing_page::<DriveItem>(session, &listing, 0, limit)
            .await
            .unwrap()
    };
    let top = list(
        Listing::Documents {
            store: onedrive.clone(),
            parent_id: None,
        },
        100,
    )
    .await;
    let folders_first = top.results.iter().take_while(|d| d.is_folder()).count();
    assert_eq!(
        folders_first > 0,
        v >= ApiVersion::V7,
        "folders among the documents from v7"
    );
    let folders = list(
        Listing::Folders {
            store: onedrive.clone(),
            parent_id: None,
        },
        100,
    )
    .await;
    let names: Vec<&str> = folders.results.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Documents", "Desktop", "Pictures", "Archive 2025"]);
    let documents = list(
        Listing::Documents {
            store: onedrive.clone(),
            parent_id: Some(folders.results[0].id.clone()),
        },
        5,
    )
    .await;
    let docs: Vec<DriveItem> = documents
        .results
        .into_iter()
        .filter(|d| !d.is_folder())
        .take(3)
        .collect();
    assert!(
        docs.iter()
            .all(|d| d.size_bytes.is_some() && !d.modified_by.is_empty())
    );
    let versions = list(
        Listing::Versions {
            store: onedrive.clone(),
            document_id: docs[1].id.clone(),
            folder: false,
        },
        10,
    )
    .await;
    assert!(versions.results.len() >= 2, "document 1 has two versions");
    let folder_versions = list(
        Listing::Versions {
            store: onedrive.clone(),
            document_id: folders.results[1].id.clone(),
            folder: true,
        },
        10,
    )
    .await;
    assert_folder_versions(&folder_versions.results, &folders.results[1]);
    // Server search: the whole OneDrive, then one folder, paged with the result set's id.
    let search = |scope: SearchScope, set_id: Option<String>| Listing::Search {
        scope,
        query: "budget".into(),
        set_id,
    };
    let everywhere = list(
        search(
            SearchScope::Store {
                store: onedrive.clone(),
            },
            None,
        ),
        5,
    )
    .await;
    assert_eq!(everywhere.results.len(), 5);
    assert!(
        everywhere
            .results
            .iter()
            .all(|d| d.name.to_lowercase().contains("budget"))
    );
    let in_folder = SearchScope::StoreFolder {
        store: onedrive.clone(),
        folder_id: folders.results[0].id.clone(),
    };
    let first = list(search(in_folder.clone(), None), 2).await;
    let next = c
        .listing_page::<DriveItem>(session, &search(in_folder, first.set_id.clone()), 2, 2)
        .await
        .unwrap();
    assert_eq!(next.set_id, first.set_id);
    assert_ne!(next.results[0].id, first.results[0].id);
    let cases = [
        (
            Source::OneDrive {
                onedrive_id: drive.into(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::StoreFolder {
                store: onedrive.clone(),
                folder_id: folders.results[1].id.clone(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Documents {
                store: onedrive.clone(),
                documents: docs.clone(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Documents {
                store: onedrive.clone(),
                documents: docs[..1].to_vec(),
            },
            Format::File,
            None,
        ),
        (
            Source::Documents {
                store: onedrive.clone(),
                documents: docs[..1].to_vec(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Version {
                store: onedrive.clone(),
                document_id: docs[1].id.clone(),
                version_id: versions.results[1].version_id.unwrap(),
                folder: false,
            },
            Format::File,
            None,
        ),
        (
            Source::Version {
                store: onedrive.clone(),
                document_id: folders.results[1].id.clone(),
                version_id: folder_versions.results[1].version_id.unwrap(),
                folder: true,
            },
            Format::Zip,
            Some("ZIP"),
        ),
    ];
    save_cases(c, session, cases, "contract-drive").await;
}

/// A folder's versions: at least two, newest first, each numbered, all of that folder.
fn assert_folder_versions(versions: &[DriveItem], folder: &DriveItem) {
    assert!(versions.len() >= 2, "{versions:?}");
    assert!(
        versions
            .iter()
            .all(|f| f.id == folder.id && f.name == folder.name)
    );
    let numbers: Vec<u64> = versions.iter().filter_map(|f| f.version_id).collect();
    assert_eq!(numbers.len(), versions.len());
    assert!(
        numbers.windows(2).all(|w| w[0] > w[1]),
        "newest first: {numbers:?}"
    );
}

/// A site's libraries and lists, a library's folders and documents, a list's items, the
/// versions of each, searches of the site, a library, a list and a folder, and every save.
async fn browse_and_save_a_site(c: &Client, session: &str, site: &str, v: ApiVersion) {
    let site_id = site.to_string();
    let libraries = c
        .listing_page::<SiteList>(
            session,
            &Listing::Libraries {
                site_id: site_id.clone(),
            },
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    let lists = c
        .listing_page::<SiteList>(
            session,
            &Listing::Lists {
                site_id: site_id.clone(),
            },
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    let names = |l: &[SiteList]| l.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&libraries), ["Documents", "Site Assets"]);
    assert_eq!(names(&lists), ["Issue tracker", "Announcements"]);
    let files = |listing: Listing, limit: u64| async move {
        c.listing_page::<DriveItem>(session, &listing, 0, limit)
            .await
            .unwrap()
    };
    let library = Store::Library {
        site_id: site_id.clone(),
        library_id: libraries[0].id.clone(),
    };
    let top = files(
        Listing::Documents {
            store: library.clone(),
            parent_id: None,
        },
        50,
    )
    .await;
    assert_eq!(
        top.results.iter().any(|d| d.is_folder()),
        v >= ApiVersion::V7,
        "folders among the documents from v7"
    );
    let folders = files(
        Listing::Folders {
            store: library.clone(),
            parent_id: None,
        },
        50,
    )
    .await
    .results;
    assert_eq!(
        folders.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["Contracts", "Policies", "Templates"]
    );
    assert!(
        folders
            .iter()
            .all(|f| f.folder_type.as_deref() == Some("LibraryFolder"))
    );
    let docs: Vec<DriveItem> = files(
        Listing::Documents {
            store: library.clone(),
            parent_id: Some(folders[0].id.clone()),
        },
        6,
    )
    .await
    .results
    .into_iter()
    .filter(|d| !d.is_folder())
    .take(3)
    .collect();
    assert!(docs.iter().all(|d| d.size_bytes.is_some()));
    let versions = files(
        Listing::Versions {
            store: library.clone(),
            document_id: docs[1].id.clone(),
            folder: false,
        },
        10,
    )
    .await;
    assert!(versions.results.len() >= 2, "document 1 has two versions");
    let folder_versions = files(
        Listing::Versions {
            store: library.clone(),
            document_id: folders[1].id.clone(),
            folder: true,
        },
        10,
    )
    .await;
    assert_folder_versions(&folder_versions.results, &folders[1]);
    let list = Store::List {
        site_id: site_id.clone(),
        list_id: lists[0].id.clone(),
    };
    let items: Vec<DriveItem> = files(
        Listing::Documents {
            store: list.clone(),
            parent_id: None,
        },
        30,
    )
    .await
    .results
    .into_iter()
    .filter(|d| !d.is_folder())
    .collect();
    assert!(
        !items.is_empty()
            && items
                .iter()
                .all(|i| i.title.is_some() && i.size_bytes.is_none())
    );
    let item_versions = files(
        Listing::Versions {
            store: list.clone(),
            document_id: items[1].id.clone(),
            folder: false,
        },
        10,
    )
    .await;
    assert_eq!(item_versions.results.len(), 2);
    // The third item has two attachments.
    let attachments = files(
        Listing::Attachments {
            site_id: site_id.clone(),
            item_id: items[2].id.clone(),
        },
        10,
    )
    .await
    .results;
    assert_eq!(attachments.len(), 2);
    assert!(
        attachments
            .iter()
            .all(|a| !a.name.is_empty() && a.size_bytes.is_some())
    );
    let attachment_ids: Vec<String> = attachments.iter().map(|a| a.id.clone()).collect();
    let search = |scope: SearchScope, query: &str, set_id: Option<String>| Listing::Search {
        scope,
        query: query.into(),
        set_id,
    };
    let site_wide = Store::Site {
        site_id: site_id.clone(),
    };
    for (scope, query) in [
        (SearchScope::Store { store: site_wide }, "budget"),
        (
            SearchScope::Store {
                store: library.clone(),
            },
            "budget",
        ),
        (
            SearchScope::Store {
                store: list.clone(),
            },
            "printer",
        ),
        (
            SearchScope::StoreFolder {
                store: library.clone(),
                folder_id: folders[0].id.clone(),
            },
            "contract",
        ),
    ] {
        let first = files(search(scope.clone(), query, None), 2).await;
        assert_eq!(first.results.len(), 2, "{scope:?}");
        assert!(first.results.iter().all(|d| {
            format!("{} {}", d.name, d.title.clone().unwrap_or_default())
                .to_lowercase()
                .contains(query)
        }));
        let next = c
            .listing_page::<DriveItem>(session, &search(scope, query, first.set_id.clone()), 2, 2)
            .await
            .unwrap();
        assert_eq!(next.set_id, first.set_id);
    }
    let cases = [
        (
            Source::Library {
                site_id: site_id.clone(),
                library_id: libraries[0].id.clone(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::StoreFolder {
                store: library.clone(),
                folder_id: folders[1].id.clone(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Documents {
                store: library.clone(),
                documents: docs.clone(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Documents {
                store: library.clone(),
                documents: docs[..1].to_vec(),
            },
            Format::File,
            None,
        ),
        (
            Source::Version {
                store: library.clone(),
                document_id: docs[1].id.clone(),
                version_id: versions.results[1].version_id.unwrap(),
                folder: false,
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Version {
                store: library.clone(),
                document_id: folders[1].id.clone(),
                version_id: folder_versions.results[0].version_id.unwrap(),
                folder: true,
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::Attachments {
                site_id: site_id.clone(),
                item_id: items[2].id.clone(),
                attachment_ids: attachment_ids[..1].to_vec(),
            },
            Format::File,
            None,
        ),
        (
            Source::Attachments {
                site_id: site_id.clone(),
                item_id: items[2].id.clone(),
                attachment_ids,
            },
            Format::Zip,
            Some("ZIP"),
        ),
    ];
    save_cases(c, session, cases, "contract-site").await;
}

/// A channel's files (a folder, its files), its tabs, and files saved: one as it is, marked
/// ones and a whole channel in a ZIP.
async fn channel_files_and_tabs(c: &Client, session: &str, team: &str) {
    use vb365_tui::api::TeamFileRef;
    use vb365_tui::api::models::Tab;
    let channel = channels(c, session, team).await[0].id.clone();
    let files = |parent_id: Option<String>| Listing::ChannelFiles {
        team_id: team.into(),
        channel_id: channel.clone(),
        parent_id,
    };
    let top = c
        .listing_page::<vb365_tui::api::models::TeamFile>(session, &files(None), 0, 50)
        .await
        .unwrap()
        .results;
    let folder = top
        .iter()
        .find(|f| f.file_type.as_deref() == Some("Folder"))
        .unwrap();
    let inside = c
        .listing_page::<vb365_tui::api::models::TeamFile>(
            session,
            &files(Some(folder.id.clone())),
            0,
            50,
        )
        .await
        .unwrap()
        .results;
    assert!(
        !inside.is_empty()
            && inside
                .iter()
                .all(|f| f.file_type.as_deref() == Some("File"))
    );
    let tabs = c
        .listing_page::<Tab>(
            session,
            &Listing::Tabs {
                team_id: team.into(),
                channel_id: channel.clone(),
            },
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    assert_eq!(tabs.len(), 3);
    let file = |f: &vb365_tui::api::models::TeamFile| TeamFileRef {
        id: f.id.clone(),
        is_folder: false,
    };
    let cases = [
        (
            Source::TeamFiles {
                team_id: team.into(),
                channel_id: channel.clone(),
                files: vec![file(&inside[0])],
            },
            Format::File,
            None,
        ),
        (
            Source::TeamFiles {
                team_id: team.into(),
                channel_id: channel.clone(),
                files: inside[..2].iter().map(file).collect(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
        (
            Source::ChannelFiles {
                team_id: team.into(),
                channel_id: channel.clone(),
            },
            Format::Zip,
            Some("ZIP"),
        ),
    ];
    save_cases(c, session, cases, "contract-team-files").await;
}

/// The Teams searches (every team, one team, one channel; posts, files, tabs) and the
/// versions of a channel's file (v7 under the team, v8 under the channel, none on v6).
async fn teams_searches_and_versions(c: &Client, session: &str, team: &str, v: ApiVersion) {
    use vb365_tui::api::models::{Tab, TeamFile};
    use vb365_tui::api::{TeamsKind, TeamsPlace};
    let channel = channels(c, session, team).await[0].id.clone();
    let search = |place: TeamsPlace, kind: TeamsKind, query: &str| Listing::Search {
        scope: SearchScope::Teams { place, kind },
        query: query.into(),
        set_id: None,
    };
    let posts = c
        .listing_page::<Post>(
            session,
            &search(TeamsPlace::Organization, TeamsKind::Posts, "budget"),
            0,
            20,
        )
        .await
        .unwrap()
        .results;
    assert_eq!(posts.len(), 20);
    assert!(
        posts
            .iter()
            .all(|p| p.subject.to_lowercase().contains("budget"))
    );
    assert_eq!(
        posts[0].at.team_id.is_some(),
        v >= ApiVersion::V8,
        "v8 names the team"
    );
    assert_eq!(
        posts[0].at.channel_id.is_some(),
        v >= ApiVersion::V7,
        "v7 the channel"
    );
    let top = c
        .listing_page::<TeamFile>(
            session,
            &Listing::ChannelFiles {
                team_id: team.into(),
                channel_id: channel.clone(),
                parent_id: None,
            },
            0,
            50,
        )
        .await
        .unwrap()
        .results;
    let file = top
        .iter()
        .find(|f| f.file_type.as_deref() == Some("File"))
        .unwrap();
    let word = file.name.split_whitespace().next().unwrap().to_lowercase();
    let team_place = TeamsPlace::Team {
        team_id: team.into(),
    };
    let files = c
        .listing_page::<TeamFile>(
            session,
            &search(team_place, TeamsKind::Files, &word),
            0,
            100,
        )
        .await
        .unwrap()
        .results;
    assert!(files.iter().any(|f| f.id == file.id), "{word}: {files:?}");
    assert!(files.iter().all(|f| f.name.to_lowercase().contains(&word)));
    let channel_place = TeamsPlace::Channel {
        team_id: team.into(),
        channel_id: channel.clone(),
    };
    let tabs = c
        .listing_page::<Tab>(
            session,
            &search(channel_place, TeamsKind::Tabs, "wiki"),
            0,
            10,
        )
        .await
        .unwrap()
        .results;
    assert_eq!(
        tabs.iter()
            .map(|t| t.display_name.as_str())
            .collect::<Vec<_>>(),
        ["Wiki"]
    );
    let versions = Listing::TeamFileVersions {
        team_id: team.into(),
        channel_id: (v >= ApiVersion::V8).then(|| channel.clone()),
        file_id: file.id.clone(),
    };
    let listed = c.listing_page::<TeamFile>(session, &versions, 0, 10).await;
    if v < ApiVersion::V7 {
        assert!(listed.is_err(), "v6 lists no versions of a Teams file");
        return;
    }
    let listed = listed.unwrap().results;
    assert_eq!(listed.len() as u64, file.version.unwrap());
    assert!(listed.iter().all(|f| f.id == file.id));
    assert_eq!(listed[0].version, file.version, "the newest first");
}

/// Restores of items, a folder and a mailbox to where they were, with each kind of
/// credentials: a restore device code is refused until it is used; v6/v7 answer with the
/// statistics, v8 with a session whose statistics and events follow the restore.
async fn restore_to_the_original_location(
    c: &Client,
    sim: &SimHandle,
    session: &str,
    mailbox: &str,
    v: ApiVersion,
) {
    use secrecy::SecretString;
    use vb365_tui::api::{Credential, Restore, RestoreAnswer, RestoreWhat};
    let items = c
        .listing_page::<ExchangeItem>(
            session,
            &Listing::Search {
                scope: SearchScope::Mailbox {
                    mailbox_id: mailbox.into(),
                },
                query: "budget".into(),
                set_id: None,
            },
            0,
            3,
        )
        .await
        .unwrap()
        .results;
    let folder_id = c
        .listing_page::<vb365_tui::api::models::ExchangeFolder>(
            session,
            &Listing::MailboxFolders {
                mailbox_id: mailbox.into(),
                parent_id: None,
            },
            0,
            1,
        )
        .await
        .unwrap()
        .results[0]
        .id
        .clone();
    let code = c
        .restore_device_code(session, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    let long = std::time::Duration::from_secs(60);
    let restore = |what: RestoreWhat, credential: Credential| Restore {
        session_id: session.into(),
        what,
        credential,
        options: Default::default(),
    };
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let by_code = || Credential::DeviceCode {
        user_code: code.clone(),
    };
    let several = RestoreWhat::Items {
        mailbox_id: mailbox.into(),
        item_ids: ids.clone(),
    };
    let refused = c.restore(&restore(several.clone(), by_code()), long).await;
    let e = refused.unwrap_err();
    assert!(e.to_string().contains("has not been used"), "{e}");
    sim.sim.decide(&code, true);
    let cases = [
        (several, by_code()),
        (
            RestoreWhat::Items {
                mailbox_id: mailbox.into(),
                item_ids: ids[..1].to_vec(),
            },
            Credential::Password {
                user: "admin@contoso.onmicrosoft.com".into(),
                password: SecretString::from("restore-pass"),
                impersonation: Some("svc-restore@contoso.onmicrosoft.com".into()),
            },
        ),
        (
            RestoreWhat::Folder {
                mailbox_id: mailbox.into(),
                folder_id: folder_id.clone(),
            },
            Credential::Certificate {
                application_id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301".into(),
                pfx_base64: SecretString::from(
                    "MIIKcQIBAzCCCjcGCSqGSIb3DQEHAaCCCigEggokMIIKIDCCBN8GCSqGSIb3DQEHBqCCBNAwggTM",
                ),
                password: SecretString::from("pfx-pass"),
            },
        ),
        (
            RestoreWhat::Mailbox {
                mailbox_id: mailbox.into(),
            },
            by_code(),
        ),
    ];
    for (i, (what, credential)) in cases.into_iter().enumerate() {
        let expected = match &what {
            RestoreWhat::Items { item_ids, .. } => item_ids.len() as u64,
            RestoreWhat::Folder { .. } => 25,
            RestoreWhat::Mailbox { .. } => 120,
            _ => unreachable!("mail only here"),
        };
        let answer = c.restore(&restore(what, credential), long).await.unwrap();
        match (answer, v >= ApiVersion::V8) {
            (RestoreAnswer::Finished(stats), false) => {
                let done = stats.created_items_count.unwrap() + stats.merged_items_count.unwrap();
                assert_eq!(done, expected, "case {i}: {stats:?}");
            }
            (RestoreAnswer::Started { session_id }, true) => {
                let stats = c.restore_statistics(&session_id).await.unwrap();
                assert!(stats.complete(), "case {i}: {stats:?}");
                assert_eq!(stats.restored_items_count, Some(expected), "case {i}");
                let events = c.restore_session_events(&session_id, 0, 200).await.unwrap();
                assert_eq!(events.results.len() as u64, expected, "case {i}");
            }
            (answer, _) => panic!("case {i} on {v}: {answer:?}"),
        }
    }
    // The same four to another mailbox (`restoreTo`), with its options.
    let elsewhere = vb365_tui::api::Elsewhere::Mailbox(vb365_tui::api::MailTarget {
        mailbox: "megan.bowen@contoso.onmicrosoft.com".into(),
        folder: "Restored".into(),
        organization: "fabrikam.onmicrosoft.com".into(),
        region: Some(Region::Worldwide),
        cas_server: "cas01.fabrikam.local".into(),
    });
    let whats = [
        RestoreWhat::Items {
            mailbox_id: mailbox.into(),
            item_ids: ids.clone(),
        },
        RestoreWhat::Items {
            mailbox_id: mailbox.into(),
            item_ids: ids[..1].to_vec(),
        },
        RestoreWhat::Folder {
            mailbox_id: mailbox.into(),
            folder_id: folder_id.clone(),
        },
        RestoreWhat::Mailbox {
            mailbox_id: mailbox.into(),
        },
    ];
    for what in whats {
        let restore = Restore {
            session_id: session.into(),
            what,
            credential: by_code(),
            options: vb365_tui::api::RestoreOptions {
                changed_items: true,
                deleted_items: true,
                exclude_drafts: true,
                elsewhere: Some(elsewhere.clone()),
                ..Default::default()
            },
        };
        c.restore(&restore, long).await.unwrap();
    }
}

/// One document and two documents of a OneDrive or a library restored to where they were,
/// with the options of each (OneDrive: keep both; SharePoint: all versions, merge, permissions,
/// notifications); v6/v7 answer `RESTItemRestoreStatistics`, v8 a session to follow.
async fn restore_documents(
    c: &Client,
    sim: &SimHandle,
    session: &str,
    store: Store,
    v: ApiVersion,
) {
    use vb365_tui::api::{
        Credential, DriveTarget, Elsewhere, Restore, RestoreAnswer, RestoreOptions, RestoreWhat,
        SiteTarget,
    };
    let docs: Vec<DriveItem> = c
        .listing_page::<DriveItem>(
            session,
            &Listing::Documents {
                store: store.clone(),
                parent_id: None,
            },
            0,
            20,
        )
        .await
        .unwrap()
        .results
        .into_iter()
        .filter(|d| !d.is_folder())
        .take(2)
        .collect();
    assert_eq!(docs.len(), 2);
    let code = c
        .restore_device_code(session, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    sim.sim.decide(&code, true);
    let original = RestoreOptions {
        keep_existing: true,
        all_versions: true,
        merge_last_version: true,
        restore_permissions: true,
        ..Default::default()
    };
    // Somewhere else: a copy in another OneDrive, or another site.
    let elsewhere = match &store {
        Store::OneDrive { .. } => Elsewhere::OneDrive(DriveTarget {
            onedrive: "Megan Bowen".into(),
            folder: "Restored".into(),
            organization: "fabrikam.onmicrosoft.com".into(),
            region: Some(Region::USGovernment),
        }),
        _ => Elsewhere::Site(SiteTarget {
            site_url: "https://contoso.sharepoint.com/sites/archive".into(),
            list: "Shared Documents".into(),
            organization: String::new(),
            region: None,
        }),
    };
    let to_elsewhere = RestoreOptions {
        elsewhere: Some(elsewhere),
        ..original.clone()
    };
    for options in [original, to_elsewhere] {
        for documents in [docs[..1].to_vec(), docs.clone()] {
            let n = documents.len() as u64;
            let restore = Restore {
                session_id: session.into(),
                what: RestoreWhat::Documents {
                    store: store.clone(),
                    documents,
                },
                credential: Credential::DeviceCode {
                    user_code: code.clone(),
                },
                options: options.clone(),
            };
            let answer = c
                .restore(&restore, std::time::Duration::from_secs(60))
                .await
                .unwrap();
            let stats = match answer {
                RestoreAnswer::Finished(stats) => *stats,
                RestoreAnswer::Started { session_id } => {
                    c.restore_statistics(&session_id).await.unwrap()
                }
            };
            assert_eq!(stats.restored_items_count, Some(n), "{store:?}: {stats:?}");
            assert!(stats.complete() || v < ApiVersion::V8);
        }
    }
    // A copy names its OneDrive, and another site its address.
    let nowhere = Restore {
        session_id: session.into(),
        what: RestoreWhat::Documents {
            store: store.clone(),
            documents: docs[..1].to_vec(),
        },
        credential: Credential::DeviceCode {
            user_code: code.clone(),
        },
        options: RestoreOptions {
            elsewhere: Some(match &store {
                Store::OneDrive { .. } => Elsewhere::OneDrive(DriveTarget::default()),
                _ => Elsewhere::Site(SiteTarget::default()),
            }),
            ..Default::default()
        },
    };
    let refused = c
        .restore(&nowhere, std::time::Duration::from_secs(60))
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("is required"), "{refused}");
}

/// A channel's posts restored by time (three of them), then all of them; v6/v7 answer
/// `RESTRestoreStatistics`, v8 a session to follow.
async fn restore_posts(c: &Client, sim: &SimHandle, session: &str, team: &str, v: ApiVersion) {
    use vb365_tui::api::{Credential, Restore, RestoreAnswer, RestoreWhat};
    let channel = channels(c, session, team).await[0].id.clone();
    let listing = Listing::Posts {
        team_id: team.into(),
        channel_id: channel.clone(),
    };
    let posts = c
        .listing_page::<Post>(session, &listing, 0, 3)
        .await
        .unwrap()
        .results;
    let times: Vec<Timestamp> = posts.iter().filter_map(|p| p.created_time).collect();
    let code = c
        .restore_device_code(session, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    sim.sim.decide(&code, true);
    let cases = [
        (times.iter().min().copied(), times.iter().max().copied(), 3),
        (None, None, 120),
    ];
    for (from, to, expected) in cases {
        let restore = Restore {
            session_id: session.into(),
            what: RestoreWhat::Posts {
                team_id: team.into(),
                channel_id: channel.clone(),
                from,
                to,
            },
            credential: Credential::DeviceCode {
                user_code: code.clone(),
            },
            options: Default::default(),
        };
        let stats = match c
            .restore(&restore, std::time::Duration::from_secs(60))
            .await
            .unwrap()
        {
            RestoreAnswer::Finished(stats) => *stats,
            RestoreAnswer::Started { session_id } => {
                c.restore_statistics(&session_id).await.unwrap()
            }
        };
        assert_eq!(stats.restored_items_count, Some(expected), "{v}: {stats:?}");
    }
}

/// The restore operator's restore of two mail items with a reason (every version answers a
/// session: v8 is followed by its statistics, v6/v7 by its events); no reason, no restore.
async fn operator_restore(admin: &Client, operator: &Client, session: &str) {
    use vb365_tui::api::{Credential, Restore, RestoreWhat};
    let mailbox = admin.mailboxes(session, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let items = admin
        .listing_page::<ExchangeItem>(
            session,
            &Listing::Search {
                scope: SearchScope::Mailbox {
                    mailbox_id: mailbox.clone(),
                },
                query: "budget".into(),
                set_id: None,
            },
            0,
            2,
        )
        .await
        .unwrap()
        .results;
    let restore = |reason: &str| Restore {
        session_id: session.into(),
        what: RestoreWhat::Items {
            mailbox_id: mailbox.clone(),
            item_ids: items.iter().map(|i| i.id.clone()).collect(),
        },
        credential: Credential::Operator {
            reason: reason.into(),
        },
        options: vb365_tui::api::RestoreOptions {
            changed_items: true,
            deleted_items: true,
            ..Default::default()
        },
    };
    let long = std::time::Duration::from_secs(30);
    let e = operator.restore(&restore(""), long).await.unwrap_err();
    assert!(e.to_string().contains("needs a reason"), "{e}");
    let mut last = None;
    vb365_tui::jobs::restore::run(
        operator.clone(),
        restore("Ticket 4471: lost invoices"),
        long,
        |u| last = Some(u),
    )
    .await;
    let Some(Update::Finished(Outcome::Restored(stats))) = last else {
        panic!("{last:?}");
    };
    assert_eq!(stats.restored_items_count, Some(2), "{stats:?}");
}

/// A team's channels.
async fn channels(c: &Client, session: &str, team: &str) -> Vec<Channel> {
    let listing = Listing::Channels {
        team_id: team.into(),
    };
    c.listing_page::<Channel>(session, &listing, 0, 50)
        .await
        .unwrap()
        .results
}

/// A team's channels and a channel's posts; the session shows deleted items, so deleted
/// posts are listed, and marked from v7.
async fn channels_and_posts(c: &Client, session: &str, team: &str, v: ApiVersion) {
    let channels = channels(c, session, team).await;
    let names: Vec<&str> = channels.iter().map(|c| c.display_name.as_str()).collect();
    assert_eq!(names, ["General", "Announcements", "Planning", "Random"]);
    let listing = Listing::Posts {
        team_id: team.into(),
        channel_id: channels[0].id.clone(),
    };
    let posts = c
        .listing_page::<Post>(session, &listing, 0, 50)
        .await
        .unwrap();
    assert_eq!(posts.results.len(), 50);
    let p = &posts.results[0];
    assert!(!p.author.is_empty() && !p.subject.is_empty() && p.created_time.is_some());
    let deleted = posts
        .results
        .iter()
        .filter(|p| p.is_deleted == Some(true))
        .count();
    assert_eq!(
        deleted > 0,
        v >= ApiVersion::V7,
        "deleted posts are marked from v7"
    );
    assert!(posts.results.iter().any(|p| p.parent_id.is_some()) == (v >= ApiVersion::V7));
    // Saved: one post (MSG), two posts and a whole channel (ZIP).
    let (t, ch) = (team.to_string(), channels[0].id.clone());
    let ids: Vec<u64> = posts.results.iter().take(2).map(|p| p.post_id).collect();
    let cases = [
        (
            Source::Posts {
                team_id: t.clone(),
                channel_id: ch.clone(),
                post_ids: ids[..1].to_vec(),
            },
            "MSG",
        ),
        (
            Source::Posts {
                team_id: t.clone(),
                channel_id: ch.clone(),
                post_ids: ids.clone(),
            },
            "ZIP",
        ),
        (
            Source::Channel {
                team_id: t.clone(),
                channel_id: ch.clone(),
            },
            "ZIP",
        ),
    ];
    let dir = support::temp_dir("contract-posts");
    for (i, (source, kind)) in cases.into_iter().enumerate() {
        let download = Download {
            session_id: session.into(),
            source,
            format: Format::Msg,
        };
        let path = dir.join(format!("{i}"));
        let last = save_to(c, download, &path, false).await;
        assert!(
            matches!(last, Update::Finished(Outcome::Saved { .. })),
            "case {i}: {last:?}"
        );
        assert_eq!(
            support::file_kind(&std::fs::read(&path).unwrap()),
            Some(kind),
            "case {i}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Saves a download and returns its last report.
/// Saves each (source, format, expected signature) case to a file and checks it on disk.
async fn save_cases<const N: usize>(
    c: &Client,
    session: &str,
    cases: [(Source, Format, Option<&str>); N],
    dir: &str,
) {
    let dir = support::temp_dir(dir);
    for (i, (source, format, kind)) in cases.into_iter().enumerate() {
        let download = Download {
            session_id: session.into(),
            source,
            format,
        };
        let path = dir.join(format!("{i}"));
        let last = save_to(c, download, &path, false).await;
        let Update::Finished(Outcome::Saved { bytes, .. }) = last else {
            panic!("case {i}: {last:?}");
        };
        let body = std::fs::read(&path).unwrap();
        assert_eq!(body.len() as u64, bytes, "case {i}");
        if let Some(kind) = kind {
            assert_eq!(support::file_kind(&body), Some(kind), "case {i}");
        }
    }
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), N, "no temporary file is left: {names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn save_to(c: &Client, d: Download, path: &std::path::Path, overwrite: bool) -> Update {
    let mut last = None;
    vb365_tui::jobs::download::run(
        c.clone(),
        d,
        path.to_path_buf(),
        overwrite,
        Default::default(),
        |u| last = Some(u),
    )
    .await;
    last.unwrap()
}

const OPERATIONS: [&str; 92] = [
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

async fn contract(v: ApiVersion) {
    let (_sim, seen) = tour(v).await;
    if support::schema::spec(v).is_none() {
        return;
    }
    let seen: BTreeSet<String> = seen.iter().map(|s| s.to_ascii_lowercase()).collect();
    let mut expected: Vec<String> = OPERATIONS
        .iter()
        .map(|o| o.replace("{v}", v.as_str()).to_ascii_lowercase())
        .collect();
    if v.has_logout() {
        expected.push(format!("post /{v}/token/logout"));
    }
    // One Teams file is saved through its channel from v8.
    expected.push(if v >= ApiVersion::V8 {
        format!("post /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/channels/{{channelid}}/files/{{fileid}}/save")
    } else {
        format!("post /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/files/{{fileid}}/save")
    });
    if v >= ApiVersion::V8 {
        expected.push(format!(
            "get /{v}/restoresessions/{{restoresessionid}}/statistics"
        ));
    }
    // The versions of a Teams file: under the team on v7, under its channel on v8.
    if v == ApiVersion::V7 {
        expected.push(format!("get /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/files/{{fileid}}/versions"));
    } else if v >= ApiVersion::V8 {
        expected.push(format!("get /{v}/restoresessions/{{restoresessionid}}/organization/teams/{{teamid}}/channels/{{channelid}}/files/{{fileid}}/versions"));
    }
    let missing: Vec<&String> = expected.iter().filter(|e| !seen.contains(*e)).collect();
    assert!(
        missing.is_empty(),
        "operations not exercised in {v}: {missing:?}\nseen: {seen:?}"
    );
}

#[tokio::test]
async fn contract_v6() {
    contract(ApiVersion::V6).await;
}

#[tokio::test]
async fn contract_v7() {
    contract(ApiVersion::V7).await;
}

#[tokio::test]
async fn contract_v8() {
    contract(ApiVersion::V8).await;
}

/// v4/v5 have no published schema here; their shapes are checked directly.
async fn legacy_shapes(v: ApiVersion) {
    let (sim, _) = tour(v).await;
    let journal = sim.sim.journal();
    let path_used = |needle: &str| {
        journal
            .iter()
            .any(|e| e.path.to_ascii_lowercase().contains(needle))
    };
    assert!(path_used("/organizations/") && path_used("/action"));
    assert!(!path_used("/explore") && !path_used("/stop") && !path_used("/devicecode/check"));
    let explore = journal
        .iter()
        .find(|e| {
            e.path.ends_with("/Action")
                && e.request
                    .as_ref()
                    .is_some_and(|r| r.get("explore").is_some())
        })
        .expect("explore through Action");
    assert_eq!(
        explore.request.as_ref().unwrap()["explore"]["type"]
            .as_str()
            .unwrap()
            .to_lowercase(),
        explore.request.as_ref().unwrap()["explore"]["type"]
            .as_str()
            .unwrap()
    );
    let stop = journal
        .iter()
        .find(|e| e.request.as_ref().is_some_and(|r| r.get("stop").is_some()))
        .expect("stop through Action");
    assert_eq!(stop.request.as_ref().unwrap()["stop"], json!(null));
    let orgs = journal
        .iter()
        .find(|e| e.method == "GET" && e.path.ends_with("/Organizations") && e.status == 200)
        .unwrap();
    assert!(
        orgs.response.as_ref().unwrap().is_array(),
        "v4/v5 list organizations as an array"
    );
    let token = journal.iter().find(|e| e.path.ends_with("/token")).unwrap();
    assert!(
        token
            .request
            .as_ref()
            .unwrap()
            .get("disable_antiforgery_token")
            .is_none()
    );
}

#[tokio::test]
async fn legacy_v4_shapes() {
    legacy_shapes(ApiVersion::V4).await;
}

#[tokio::test]
async fn legacy_v5_shapes() {
    legacy_shapes(ApiVersion::V5).await;
}

#[tokio::test]
async fn v4_regions_use_legacy_names() {
    let sim = start_sim(&[ApiVersion::V4]).await;
    let c = admin(&sim, ApiVersion::V4).await;
    c.device_code(&Region::USGovernment, None).await.unwrap();
    let j = sim.sim.journal();
    let dc = j.iter().find(|e| e.path.ends_with("/DeviceCode")).unwrap();
    assert_eq!(
        dc.request.as_ref().unwrap()["targetRegion"],
        "USgovCommunity"
    );
    let e = c.check_device_code("X").await.unwrap_err();
    assert!(matches!(e, ApiError::Unsupported { .. }), "{e}");
}

#[tokio::test]
async fn expired_token_is_refreshed_and_the_call_retried_once() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    sim.sim.expire_access_tokens();
    sim.sim.clear_journal();
    let orgs = c.organizations().await.unwrap();
    assert_eq!(orgs.len(), 3);
    let j = sim.sim.journal();
    let kinds: Vec<(String, u16)> = j
        .iter()
        .map(|e| (e.path.rsplit('/').next().unwrap().to_string(), e.status))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Organizations".into(), 401),
            ("token".into(), 200),
            ("Organizations".into(), 200)
        ]
    );
    assert_eq!(
        j[1].request.as_ref().unwrap()["grant_type"],
        "refresh_token"
    );
    support::schema::validate_all(ApiVersion::V8, &j);
}

#[tokio::test]
async fn failed_refresh_asks_to_sign_in_again() {
    let sim = start_sim(&[ApiVersion::V7]).await;
    let c = admin(&sim, ApiVersion::V7).await;
    sim.sim.expire_access_tokens();
    sim.sim.set_refresh_disabled(true);
    let e = c.organizations().await.unwrap_err();
    assert!(matches!(e, ApiError::SessionExpired { .. }), "{e:?}");
    assert!(e.to_string().contains("Sign in again"));
    assert!(c.identity().is_none());
}

#[tokio::test]
async fn background_refresher_renews_before_expiry() {
    let sim = start_sim_with(vb365_tui::sim::SimConfig {
        token_lifetime: std::time::Duration::from_secs(2),
        ..Default::default()
    })
    .await;
    let c = admin(&sim, ApiVersion::V8).await;
    let first = c.identity().unwrap().expires_utc;
    let task = c.spawn_refresher();
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert!(c.identity().unwrap().expires_utc > first);
    assert!(sim.sim.request_count(Some("POST"), "/token") >= 2);
    // No 401 was ever needed.
    assert!(sim.sim.journal().iter().all(|e| e.status != 401));
    task.abort();
}

#[tokio::test]
async fn errors_come_in_each_versions_shape() {
    for v in [ApiVersion::V6, ApiVersion::V7, ApiVersion::V8] {
        let sim = start_sim(&[v]).await;
        let c = admin(&sim, v).await;
        let e = c
            .organization_device_code("00000000-0000-0000-0000-000000000000")
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(404));
        let ApiError::Http {
            info: Some(info), ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert!(info.message.contains("was not found"));
        match v {
            ApiVersion::V8 => assert_eq!(
                info.error_code.as_ref().map(|c| c.as_str()),
                Some("ResourceNotFound")
            ),
            _ => assert_eq!(info.error_code, None, "{v} has no such errorCode"),
        }
        let bad = Organization {
            kind: Some(OrganizationType::Office365),
            ..Default::default()
        };
        let e = c.create_organization(&bad).await.unwrap_err();
        assert_eq!(e.status(), Some(400));
        assert!(e.to_string().contains("Select at least one service"), "{e}");
        support::schema::validate_all(v, &sim.sim.journal());
    }
}

#[tokio::test]
async fn token_errors_come_in_oauth_shape() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = client_for(&sim, ApiVersion::V8);
    let e = c
        .sign_in_password(USER, &SecretString::from("wrong"))
        .await
        .unwrap_err();
    let ApiError::SignIn { error, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(error.error, "invalid_grant");
    assert!(e.to_string().contains("password is incorrect"));
    // An assertion that Microsoft never issued.
    let e = c
        .sign_in_tenant(
            "contoso.onmicrosoft.com",
            &SecretString::from("{\"access_token\":\"forged\"}"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::SignIn { .. }));
    support::schema::validate_all(ApiVersion::V8, &sim.sim.journal());
}

#[tokio::test]
async fn session_timestamps_keep_seven_digits_and_open_end() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    let raw = sim
        .sim
        .journal()
        .into_iter()
        .rev()
        .find(|e| e.path.ends_with("/explore"))
        .unwrap();
    let end = raw.response.unwrap()["endTime"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(end, "9999-12-31T23:59:59.9999999Z");
    assert!(s.end_time.unwrap().is_open_ended());
    let created = s.creation_time.to_wire();
    assert_eq!(created.split('.').nth(1).unwrap().len(), 8, "{created}");
}

#[tokio::test]
async fn pages_through_25000_mailboxes() {
    let sim = start_sim_with(vb365_tui::sim::SimConfig {
        mailboxes: 25_000,
        versions: vec![ApiVersion::V7],
        ..Default::default()
    })
    .await;
    let c = admin(&sim, ApiVersion::V7).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    sim.sim.clear_journal();
    let mut pager: Pager<Mailbox> = Pager::new(c.clone(), &s.id, Listing::Mailboxes, 1000);
    let mut ids = std::collections::HashSet::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        for m in page {
            ids.insert(m.id);
        }
    }
    assert_eq!(ids.len(), 25_000);
    assert_eq!(pager.total(), Some(25_000));
    assert_eq!(sim.sim.request_count(Some("GET"), "/mailboxes"), 25);
    // v8 has no totalCount: the pager stops on a short page.
    let c8 = {
        let sim8 = start_sim_with(vb365_tui::sim::SimConfig {
            mailboxes: 2_500,
            ..Default::default()
        })
        .await;
        let c8 = admin(&sim8, ApiVersion::V8).await;
        let s8 = c8
            .explore_organization(&org, &explore(RestoreType::Vex))
            .await
            .unwrap();
        let mut p: Pager<Mailbox> = Pager::new(c8.clone(), &s8.id, Listing::Mailboxes, 1000);
        let mut n = 0;
        while let Some(page) = p.next_page().await.unwrap() {
            n += page.len();
        }
        assert_eq!(n, 2_500);
        assert!(p.total().is_none());
        (sim8, c8)
    };
    drop(c8);
}

#[tokio::test]
async fn routes_are_case_insensitive() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    let token = {
        // A second sign-in to read a token for raw requests.
        let body = "grant_type=password&username=administrator&password=veeam-demo&disable_antiforgery_token=true";
        let http = raw_client(&sim);
        let r: serde_json::Value = http
            .post(format!("{}/V8/TOKEN", sim.base_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().unwrap().to_string()
    };
    let http = raw_client(&sim);
    for path in [
        "/v8/ORGANIZATIONS".to_string(),
        "/V8/organizations".to_string(),
        format!("/v8/restoresessions/{}/ORGANIZATION/MAILBOXES", s.id),
        format!(
            "/v8/RESTORESESSIONS/{}/Organization/Mailboxes",
            s.id.to_uppercase()
        ),
    ] {
        let r = http
            .get(format!("{}{path}", sim.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    let r = http
        .get(format!("{}/v9/Organizations", sim.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

fn raw_client(sim: &SimHandle) -> reqwest::Client {
    let tls = vb365_tui::api::tls::client_config(
        &vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap()),
        Default::default(),
    )
    .unwrap();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()
        .unwrap()
}

#[tokio::test]
async fn detection_picks_the_newest_served_version() {
    let sim = start_sim(&[ApiVersion::V6, ApiVersion::V7]).await;
    let c = client_for(&sim, ApiVersion::V8);
    let (detection, chosen) = c.detect_and_select().await.unwrap();
    assert_eq!(detection.served, vec![ApiVersion::V6, ApiVersion::V7]);
    assert!(detection.unchecked.is_empty());
    assert_eq!(chosen, ApiVersion::V7);
    assert_eq!(c.version(), ApiVersion::V7);
    let legacy = start_sim(&[ApiVersion::V4, ApiVersion::V5]).await;
    let c = client_for(&legacy, ApiVersion::V8);
    assert_eq!(c.detect_and_select().await.unwrap().1, ApiVersion::V5);
}

/// A 503 with `Retry-After: 0` on requests matching `path`, `times` times (always if none).
fn busy(method: &str, path: &str, times: Option<u32>) -> vb365_tui::sim::Fault {
    vb365_tui::sim::Fault {
        path: path.into(),
        method: Some(method.into()),
        kind: vb365_tui::sim::FaultKind::Status {
            status: 503,
            retry_after: Some(0),
        },
        times,
    }
}

#[tokio::test]
async fn detection_retries_a_busy_probe_and_reports_what_it_could_not_check() {
    let sim = start_sim(&[ApiVersion::V6, ApiVersion::V7, ApiVersion::V8]).await;
    let c = client_for(&sim, ApiVersion::V8);
    // One 503 on v8's probe: tried again, and v8 is still found.
    sim.sim
        .faults
        .add(busy("GET", "/v8/serviceinstance", Some(1)));
    let (detection, chosen) = c.detect_and_select().await.unwrap();
    assert_eq!(chosen, ApiVersion::V8);
    assert!(detection.unchecked.is_empty(), "{detection:?}");
    assert_eq!(sim.sim.request_count(Some("GET"), "/v8/serviceinstance"), 2);
    // v8 failing every try: v7 is used, and v8 is reported, not dropped.
    sim.sim.faults.add(busy("GET", "/v8/serviceinstance", None));
    let (detection, chosen) = c.detect_and_select().await.unwrap();
    assert_eq!(chosen, ApiVersion::V7);
    assert_eq!(detection.unchecked.len(), 1);
    assert_eq!(detection.unchecked[0].0, ApiVersion::V8);
    let summary = detection.summary(chosen);
    assert!(summary.contains("using v7"), "{summary}");
    assert!(summary.contains("could not check v8"), "{summary}");
    assert!(summary.contains("503"), "{summary}");
}

#[tokio::test]
async fn a_pin_that_does_not_match_names_the_presented_certificate() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let wrong = vb365_tui::api::Fingerprint([7u8; 32]);
    let c = Client::new(vb365_tui::api::ClientConfig::new(
        &sim.base_url,
        vb365_tui::api::TrustMode::Pinned(wrong),
    ))
    .unwrap();
    let e = c.detect_versions().await.unwrap_err();
    let ApiError::CertificateChanged { cert, expected, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(cert.fingerprint, sim.fingerprint.unwrap());
    assert_eq!(*expected, wrong);
    assert!(cert.subject.contains("VB365 simulator"));
    assert!(
        e.to_string()
            .contains(&sim.fingerprint.unwrap().to_string())
    );
    // System roots do not trust the self-signed certificate: the prompt has what it needs.
    let c = Client::new(vb365_tui::api::ClientConfig::new(
        &sim.base_url,
        vb365_tui::api::TrustMode::System,
    ))
    .unwrap();
    let e = c.detect_versions().await.unwrap_err();
    let ApiError::UntrustedCertificate { cert, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(cert.self_signed());
    assert!(!cert.not_after.is_empty());
}

#[tokio::test]
async fn retries_idempotent_calls_but_never_a_creating_post() {
    use vb365_tui::sim::{Fault, FaultKind};
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    sim.sim.faults.add(busy("GET", "/organizations", Some(2)));
    sim.sim.clear_journal();
    assert_eq!(c.organizations().await.unwrap().len(), 3);
    assert_eq!(sim.sim.request_count(Some("GET"), "/organizations"), 3);
    sim.sim.faults.add(busy("POST", "/organizations", Some(1)));
    let org = Organization {
        kind: Some(OrganizationType::OnPremises),
        ..Default::default()
    };
    let e = c.create_organization(&org).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(sim.sim.request_count(Some("POST"), "/organizations"), 1);
    // Malformed JSON and HTML pages become readable errors.
    sim.sim.faults.add(Fault {
        path: "/restoresessions".into(),
        method: None,
        kind: FaultKind::Malformed,
        times: Some(1),
    });
    let e = c
        .restore_sessions(&SessionQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Decode { .. }), "{e:?}");
    sim.sim.faults.add(Fault {
        path: "/restoresessions".into(),
        method: None,
        kind: FaultKind::Html { status: 500 },
        times: Some(1),
    });
    let e = c
        .restore_sessions(&SessionQuery::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("HTML page"), "{e}");
    sim.sim.faults.add(Fault {
        path: "/restoresessions".into(),
        method: None,
        kind: FaultKind::Reset,
        times: Some(1),
    });
    assert!(
        c.restore_sessions(&SessionQuery::default()).await.is_ok(),
        "a reset GET is retried"
    );
}

#[tokio::test]
async fn simulator_validates_organization_bodies() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let pfx = base64::engine::general_purpose::STANDARD.encode([0x30u8, 0x82, 0x01, 0x00]);
    let base = |s: Office365ConnectionSettings| Organization {
        kind: Some(OrganizationType::Office365),
        is_exchange_online: Some(true),
        exchange_online_settings: Some(s),
        ..Default::default()
    };
    let cases: Vec<(Organization, &str)> = vec![
        (
            base(Office365ConnectionSettings {
                use_mfa: Some(true),
                password: Some("p".to_string().into()),
                application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
                application_secret: Some("s".to_string().into()),
                ..Default::default()
            }),
            "account is required",
        ),
        (
            base(Office365ConnectionSettings {
                use_mfa: Some(true),
                account: Some("a@b".into()),
                password: Some("p".to_string().into()),
                application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
                application_secret: Some("s".to_string().into()),
                application_certificate: Some(pfx.clone().into()),
                ..Default::default()
            }),
            "not both",
        ),
        (
            base(Office365ConnectionSettings {
                use_application_only_auth: Some(true),
                application_id: Some("not-a-guid".into()),
                ..Default::default()
            }),
            "not a GUID",
        ),
        (
            base(Office365ConnectionSettings {
                use_application_only_auth: Some(true),
                application_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
                application_certificate: Some("%%%".to_string().into()),
                application_certificate_password: Some("x".to_string().into()),
                ..Default::default()
            }),
            "not Base64",
        ),
        (
            base(Office365ConnectionSettings {
                account: Some("a@b".into()),
                password: Some("p".to_string().into()),
                ..Default::default()
            }),
            "basic authentication is deprecated",
        ),
    ];
    for (org, want) in cases {
        let e = c.create_organization(&org).await.unwrap_err();
        assert!(e.to_string().contains(want), "want '{want}', got: {e}");
    }
    support::schema::validate_all(ApiVersion::V8, &sim.sim.journal());
    // A region of the v4 enum, sent raw: the simulator must refuse it for v8 (this request
    // is deliberately outside the schema, so it is not validated).
    let raw = raw_client(&sim);
    let token = {
        let r: serde_json::Value = raw
            .post(format!("{}/v8/token", sim.base_url))
            .form(&[
                ("grant_type", "password"),
                ("username", USER),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().unwrap().to_string()
    };
    let r = raw
        .post(format!("{}/v8/Organizations", sim.base_url))
        .bearer_auth(&token)
        .json(&json!({"type": "Office365", "region": "USgovDefence", "isExchangeOnline": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("region 'USgovDefence' is not valid")
    );
    assert_eq!(body["errorCode"], "ParameterValidationFailure");
    // Basic authentication with Teams.
    let teams = Organization {
        kind: Some(OrganizationType::Office365),
        region: Some(Region::China),
        is_exchange_online: Some(true),
        is_share_point_online: Some(true),
        is_teams_online: Some(true),
        exchange_online_settings: Some(Office365ConnectionSettings {
            account: Some("a@b".into()),
            password: Some("p".to_string().into()),
            ..Default::default()
        }),
        share_point_online_settings: Some(Office365ConnectionSettings {
            account: Some("a@b".into()),
            password: Some("p".to_string().into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let e = c.create_organization(&teams).await.unwrap_err();
    assert!(
        e.to_string().contains("cannot be used to back up Teams"),
        "{e}"
    );
}

#[tokio::test]
async fn a_session_without_all_versions_lists_and_saves_the_newest_alone() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let options = ExploreOptions {
        show_all_versions: Some(false),
        ..explore(RestoreType::Veod)
    };
    let s = c.explore_organization(&org, &options).await.unwrap();
    let drive = c.onedrives(&s.id, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let store = Store::OneDrive { onedrive_id: drive };
    let docs = c
        .listing_page::<DriveItem>(
            &s.id,
            &Listing::Documents {
                store: store.clone(),
                parent_id: None,
            },
            0,
            100,
        )
        .await
        .unwrap()
        .results;
    // A document in its second version or later: only that version is listed.
    let doc = docs
        .iter()
        .find(|d| !d.is_folder() && d.version_id.is_some_and(|n| n > 1))
        .unwrap();
    let versions = Listing::Versions {
        store: store.clone(),
        document_id: doc.id.clone(),
        folder: false,
    };
    let listed = c
        .listing_page::<DriveItem>(&s.id, &versions, 0, 10)
        .await
        .unwrap();
    assert_eq!(listed.results.len(), 1);
    assert_eq!(listed.results[0].version_id, doc.version_id);
    let older = Download {
        session_id: s.id.clone(),
        source: Source::Version {
            store,
            document_id: doc.id.clone(),
            version_id: 1,
            folder: false,
        },
        format: Format::File,
    };
    let dir = support::temp_dir("contract-older-version");
    let last = save_to(&c, older, &dir.join("older"), false).await;
    assert!(matches!(last, Update::Failed(_)), "{last:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn listing_types_must_match_the_session() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Veod))
        .await
        .unwrap();
    let e = c.mailboxes(&s.id, 0, 10).await.unwrap_err();
    assert_eq!(e.status(), Some(400));
    let _: Vec<OneDrive> = c.onedrives(&s.id, 0, 10).await.unwrap().results;
    let _: Option<Vec<Site>> = None;
    let _: Option<Vec<Team>> = None;
}

#[tokio::test]
async fn identity_endpoints_answer_every_rfc_8628_state() {
    use std::time::Duration;
    let sim = start_sim(&[ApiVersion::V8]).await;
    let trust = vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap());
    let id = IdentityClient::new(
        &sim.base_url,
        "contoso.onmicrosoft.com",
        DEFAULT_CLIENT_ID,
        &trust,
    )
    .unwrap();
    let rewind = |sim: &SimHandle, secs: u64| {
        for c in sim.sim.state().identity_codes.values_mut() {
            c.last_poll = None;
            c.issued = c.issued.checked_sub(Duration::from_secs(secs)).unwrap();
        }
    };
    // Declined.
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    assert_eq!(code.interval, 5);
    sim.sim.decide(&code.user_code, false);
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::Declined
    ));
    // Expired.
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    rewind(&sim, 901);
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::Expired
    ));
    // Unknown.
    let bogus = SecretString::from("nope");
    assert!(matches!(
        id.poll_token(&bogus).await.unwrap(),
        PollOutcome::BadCode
    ));
    // slow_down adds 5 s each time it is earned.
    let code = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    id.poll_token(&code.device_code).await.unwrap();
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::SlowDown
    ));
    assert!(matches!(
        id.poll_token(&code.device_code).await.unwrap(),
        PollOutcome::SlowDown
    ));
    let interval = sim
        .sim
        .state()
        .identity_codes
        .values()
        .map(|c| c.interval)
        .max()
        .unwrap();
    assert_eq!(interval, 15);
}

#[tokio::test]
async fn approve_after_approves_both_kinds_of_code() {
    let sim = start_sim_with(vb365_tui::sim::SimConfig {
        approve_after: Some(std::time::Duration::ZERO),
        ..Default::default()
    })
    .await;
    let c = admin(&sim, ApiVersion::V8).await;
    let code = c.device_code(&Region::Worldwide, None).await.unwrap();
    assert!(c.check_device_code(&code.user_code).await.unwrap());
    let trust = vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap());
    let id = IdentityClient::new(
        &sim.base_url,
        "contoso.onmicrosoft.com",
        DEFAULT_CLIENT_ID,
        &trust,
    )
    .unwrap();
    let mc = id.request_device_code(DEFAULT_SCOPE).await.unwrap();
    assert!(matches!(
        id.poll_token(&mc.device_code).await.unwrap(),
        PollOutcome::Approved(_)
    ));
}

#[tokio::test]
async fn control_endpoint_scripts_faults_and_counts_requests() {
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let raw = raw_client(&sim);
    let r = raw
        .post(format!("{}/__sim/faults", sim.base_url))
        .json(&json!({"path": "organizations", "method": "GET", "type": "status", "status": 429, "retryAfter": 0, "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.organizations().await.unwrap().len(),
        3,
        "429 then a retry"
    );
    let counts: serde_json::Value = raw
        .get(format!("{}/__sim/requests", sim.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counts["GET /v8/organizations"], 2);
    raw.post(format!("{}/__sim/faults", sim.base_url))
        .json(&json!({"path": "organizations", "type": "html", "status": 502}))
        .send()
        .await
        .unwrap();
    let no_retry = {
        let mut cfg = vb365_tui::api::ClientConfig::new(
            &sim.base_url,
            vb365_tui::api::TrustMode::Pinned(sim.fingerprint.unwrap()),
        );
        cfg.retry = vb365_tui::api::RetryPolicy::none();
        Client::new(cfg).unwrap()
    };
    no_retry
        .sign_in_password(USER, &SecretString::from(PASSWORD))
        .await
        .unwrap();
    let e = no_retry.organizations().await.unwrap_err();
    assert_eq!(e.status(), Some(502));
    raw.delete(format!("{}/__sim/faults", sim.base_url))
        .send()
        .await
        .unwrap();
    assert!(no_retry.organizations().await.is_ok());
    raw.post(format!("{}/__sim/expire-tokens", sim.base_url))
        .send()
        .await
        .unwrap();
    raw.post(format!("{}/__sim/refresh", sim.base_url))
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert!(matches!(
        no_retry.organizations().await.unwrap_err(),
        ApiError::SessionExpired { .. }
    ));
}

/// Restore faults through the control endpoint: some items fail (every error text comes
/// back), or the credentials are refused; either way the restore was sent once.
#[tokio::test]
async fn restore_faults_fail_items_part_way_or_refuse_the_credentials() {
    use vb365_tui::api::{Credential, Restore, RestoreWhat};
    let sim = start_sim(&[ApiVersion::V8]).await;
    let c = admin(&sim, ApiVersion::V8).await;
    let org = c.organizations().await.unwrap()[0].id.clone().unwrap();
    let s = c
        .explore_organization(&org, &explore(RestoreType::Vex))
        .await
        .unwrap();
    let mailbox = c.mailboxes(&s.id, 0, 1).await.unwrap().results[0]
        .id
        .clone();
    let code = c
        .restore_device_code(&s.id, &RestoreDeviceCodeRequest::default())
        .await
        .unwrap()
        .user_code;
    sim.sim.decide(&code, true);
    let raw = raw_client(&sim);
    let faults = |body: serde_json::Value| {
        raw.post(format!("{}/__sim/restore-faults", sim.base_url))
            .json(&body)
            .send()
    };
    let run = || async {
        let restore = Restore {
            session_id: s.id.clone(),
            what: RestoreWhat::Mailbox {
                mailbox_id: mailbox.clone(),
            },
            credential: Credential::DeviceCode {
                user_code: code.clone(),
            },
            options: Default::default(),
        };
        let mut last = None;
        vb365_tui::jobs::restore::run(
            c.clone(),
            restore,
            std::time::Duration::from_secs(30),
            |u| last = Some(u),
        )
        .await;
        last.unwrap()
    };
    let sent = || sim.sim.request_count(Some("POST"), "/restore");
    assert!(
        faults(json!({"failItems": 3}))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let before = sent();
    let Update::Finished(Outcome::Restored(stats)) = run().await else {
        panic!("a finished restore");
    };
    assert_eq!(sent() - before, 1);
    assert_eq!(stats.failed_items_count, Some(3));
    assert_eq!(stats.restored_items_count, Some(117));
    let errors = stats.errors();
    assert_eq!(errors.len(), 3);
    assert!(
        errors
            .iter()
            .all(|e| e.contains("locked by another process"))
    );
    assert!(
        faults(json!({"rejectCredentials": true}))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let before = sent();
    let Update::Failed(Failure { reason, .. }) = run().await else {
        panic!("refused");
    };
    assert_eq!(sent() - before, 1, "never sent again");
    assert!(reason.contains("credentials were refused"), "{reason}");
}
