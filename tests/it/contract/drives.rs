use super::*;

/// A OneDrive's documents (with their folders from v7), its folders, a folder's documents, a
/// document's versions; then every save: the OneDrive, a folder, several documents, one
/// document as it is and in a ZIP, one version.
pub(super) async fn browse_and_save_a_onedrive(
    c: &Client,
    session: &str,
    drive: &str,
    v: ApiVersion,
) {
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
pub(super) fn assert_folder_versions(versions: &[DriveItem], folder: &DriveItem) {
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
pub(super) async fn browse_and_save_a_site(c: &Client, session: &str, site: &str, v: ApiVersion) {
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
pub(super) async fn channel_files_and_tabs(c: &Client, session: &str, team: &str) {
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
