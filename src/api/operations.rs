//! Every operation in scope, in the shape of the version the client speaks.

use serde_json::{Value, json};

use super::client::{Call, Client, decode};
use super::error::ApiError;
use super::listing::{Listing, SearchScope};
use super::models::{
    DeviceCode, ExchangeFolder, ExchangeItem, ExploreOptions, ItemDetails, Mailbox, OneDrive,
    Organization, Page, Region, RestoreDeviceCodeRequest, RestoreSession, RestoreSessionEvent,
    ServiceInstance, SessionQuery, Site, Team,
};
use super::seg;
use super::version::ApiVersion;

impl Client {
    /// `GET /ServiceInstance`: the server's build number (v6+).
    pub async fn service_instance(&self) -> Result<ServiceInstance, ApiError> {
        self.require("Read server version", ApiVersion::has_service_instance)?;
        self.call_json(Call::get("Read server version", "ServiceInstance"))
            .await
    }

    /// `POST /DeviceCode` for a region (v8 may name the Graph application's organization).
    pub async fn device_code(
        &self,
        region: &Region,
        login_graph_app_organization_id: Option<&str>,
    ) -> Result<DeviceCode, ApiError> {
        let v = self.version();
        let mut body = json!({ "targetRegion": v.region_name(region) });
        if let (true, Some(id)) = (v.has_login_graph_app(), login_graph_app_organization_id) {
            body["loginGraphAppOrganizationId"] = json!(id);
        }
        self.call_json(Call::post("Get device code", "DeviceCode", Some(body)))
            .await
    }

    /// `POST /DeviceCode/check`: whether the code has been used to sign in (v6+). A poll:
    /// safe to retry.
    pub async fn check_device_code(&self, user_code: &str) -> Result<bool, ApiError> {
        self.require("Check device code", ApiVersion::has_device_code_check)?;
        #[derive(serde::Deserialize)]
        struct Check {
            #[serde(default)]
            authenticated: bool,
        }
        let body = json!({ "userCode": user_code });
        let call = Call::post("Check device code", "DeviceCode/check", Some(body)).idempotent();
        let c: Check = self.call_json(call).await?;
        Ok(c.authenticated)
    }

    /// `POST /Organizations/{id}/DeviceCode`.
    pub async fn organization_device_code(&self, org_id: &str) -> Result<DeviceCode, ApiError> {
        let call = Call::post(
            "Get device code for organization",
            format!("Organizations/{org_id}/DeviceCode", org_id = seg(org_id)),
            None,
        );
        self.call_json(call).await
    }

    /// `POST /RestoreSessions/{id}/organization/restoreDeviceCode`.
    pub async fn restore_device_code(
        &self,
        session_id: &str,
        req: &RestoreDeviceCodeRequest,
    ) -> Result<DeviceCode, ApiError> {
        let v = self.version();
        let mut body = json!({});
        if let Some(app) = &req.target_application_id {
            body["targetApplicationId"] = json!(app);
        }
        if let Some(r) = &req.target_region {
            body["targetRegion"] = json!(v.region_name(r));
        }
        if let Some(n) = &req.target_organization_name {
            body["targetOrganizationName"] = json!(n);
        }
        let call = Call::post(
            "Get restore device code",
            format!(
                "RestoreSessions/{session_id}/organization/restoreDeviceCode",
                session_id = seg(session_id)
            ),
            Some(body),
        );
        self.call_json(call).await
    }

    /// One page of `GET /Organizations`. Before v8 the server answers with the whole array,
    /// which is cut into the requested window here.
    pub async fn organizations_page(
        &self,
        offset: u64,
        limit: u64,
    ) -> Result<Page<Organization>, ApiError> {
        let v = self.version();
        let op = "List organizations";
        let mut call = Call::get(op, "Organizations");
        if v.organizations_need_extended_view() {
            call = call.query("extendedView", "true");
        }
        if v.organizations_paged() {
            call = call.query("offset", offset).query("limit", limit);
            return self.call_json(call).await;
        }
        let all: Vec<Organization> = self.call_json(call).await?;
        let total = all.len() as u64;
        let results: Vec<Organization> = all
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        Ok(Page {
            offset,
            limit,
            set_id: None,
            results,
            total_count: Some(total),
            links: None,
        })
    }

    /// Every organization: v8 page by page (four at once after the first), earlier versions
    /// in the one array they answer.
    pub async fn organizations(&self) -> Result<Vec<Organization>, ApiError> {
        let v = self.version();
        if !v.organizations_paged() {
            return Ok(self.organizations_page(0, u64::MAX).await?.results);
        }
        let call = || {
            let call = Call::get("List organizations", "Organizations");
            match v.organizations_need_extended_view() {
                true => call.query("extendedView", "true"),
                false => call,
            }
        };
        // Boxed: the list futures are large, and every call that lists organizations holds one.
        Box::pin(self.all_pages_of(call, super::dashboard::PAGE)).await
    }

    /// `POST /Organizations`. Never retried automatically.
    pub async fn create_organization(&self, org: &Organization) -> Result<Organization, ApiError> {
        let body = organization_body(self.version(), org);
        self.call_json(Call::post("Add organization", "Organizations", Some(body)))
            .await
    }

    /// `GET /Organizations/{id}?extendedView=true`: every setting of one organization, to
    /// edit it.
    pub async fn organization(&self, id: &str) -> Result<Organization, ApiError> {
        let call = Call::get("Read organization", format!("Organizations/{id}"))
            .query("extendedView", "true");
        self.call_json(call).await
    }

    /// `PUT /Organizations/{id}`: the whole organization as it should be (the server replaces
    /// it). Sent once, never retried.
    pub async fn update_organization(&self, id: &str, org: &Organization) -> Result<(), ApiError> {
        let body = organization_body(self.version(), org);
        let call = Call::put("Edit organization", format!("Organizations/{id}"), body);
        self.call_empty(call).await
    }

    /// Starts a restore session as the signed-in tenant.
    pub async fn explore_tenant(&self, opts: &ExploreOptions) -> Result<RestoreSession, ApiError> {
        let v = self.version();
        let call = if v.uses_action_endpoints() {
            Call::post(
                "Start restore session",
                "Organization/Action",
                Some(json!({ "explore": explore_body(v, opts) })),
            )
        } else {
            Call::post(
                "Start restore session",
                "Organization/Explore",
                Some(explore_body(v, opts)),
            )
        };
        self.call_json(call).await
    }

    /// Starts a restore session for one organization, as administrator.
    pub async fn explore_organization(
        &self,
        org_id: &str,
        opts: &ExploreOptions,
    ) -> Result<RestoreSession, ApiError> {
        let v = self.version();
        let call = if v.uses_action_endpoints() {
            Call::post(
                "Start restore session",
                format!("Organizations/{org_id}/Action", org_id = seg(org_id)),
                Some(json!({ "explore": explore_body(v, opts) })),
            )
        } else {
            Call::post(
                "Start restore session",
                format!("Organizations/{org_id}/explore", org_id = seg(org_id)),
                Some(explore_body(v, opts)),
            )
        };
        self.call_json(call).await
    }

    /// `GET /RestoreSessions`, with v8's ordering and end-time filters where available.
    pub async fn restore_sessions(
        &self,
        q: &SessionQuery,
    ) -> Result<Page<RestoreSession>, ApiError> {
        let v = self.version();
        let fmt = |t: &Option<super::models::Timestamp>| t.map(|t| t.to_rfc3339());
        let mut call = Call::get("List restore sessions", "RestoreSessions")
            .query("offset", q.offset)
            .query("limit", if q.limit == 0 { 30 } else { q.limit })
            .query_opt("startTimeFrom", fmt(&q.start_time_from))
            .query_opt("startTimeTo", fmt(&q.start_time_to));
        if v.has_session_ordering() {
            call = call
                .query_opt("endTimeFrom", fmt(&q.end_time_from))
                .query_opt("endTimeTo", fmt(&q.end_time_to))
                .query_opt(
                    "orderBy",
                    q.order_by.as_ref().map(|o| o.as_str().to_string()),
                )
                .query_opt("orderAsc", q.order_asc);
        }
        self.call_json(call).await
    }

    pub async fn restore_session(&self, id: &str) -> Result<RestoreSession, ApiError> {
        self.call_json(Call::get(
            "Read restore session",
            format!("RestoreSessions/{id}", id = seg(id)),
        ))
        .await
    }

    /// Stops a restore session (`Stop`, or `Action {"stop": null}` on v4/v5).
    pub async fn stop_restore_session(&self, id: &str) -> Result<(), ApiError> {
        let call = if self.version().uses_action_endpoints() {
            Call::post(
                "Stop restore session",
                format!("RestoreSessions/{id}/Action", id = seg(id)),
                Some(json!({ "stop": Value::Null })),
            )
        } else {
            Call::post(
                "Stop restore session",
                format!("RestoreSessions/{id}/Stop", id = seg(id)),
                None,
            )
        };
        self.call_empty(call).await
    }

    pub async fn restore_session_events(
        &self,
        id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Page<RestoreSessionEvent>, ApiError> {
        let call = Call::get(
            "Read session events",
            format!("RestoreSessions/{id}/Events", id = seg(id)),
        )
        .query("offset", offset)
        .query("limit", limit);
        self.call_json(call).await
    }

    /// One page of a restore session's contents.
    pub async fn listing_page<T: serde::de::DeserializeOwned>(
        &self,
        session_id: &str,
        listing: &Listing,
        offset: u64,
        limit: u64,
    ) -> Result<Page<T>, ApiError> {
        let mut call = match listing {
            // A search is a POST that changes nothing: safe to send again.
            Listing::Search { query, scope, .. } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                let body = match scope {
                    SearchScope::Teams { kind, .. } => {
                        json!({ "query": query, "type": kind.wire() })
                    }
                    _ => json!({ "query": query }),
                };
                Call::post(listing.op(), listing.path(session_id), Some(body)).idempotent()
            }
            _ => Call::get(listing.op(), listing.path(session_id)),
        }
        .query("offset", offset)
        .query("limit", limit);
        match listing {
            // `searchExchange` and the Teams searches take no setId.
            Listing::Search {
                scope:
                    SearchScope::Mailbox { .. }
                    | SearchScope::Folder { .. }
                    | SearchScope::Store { .. }
                    | SearchScope::StoreFolder { .. },
                set_id,
                ..
            } => call = call.query_opt("setId", set_id.clone()),
            // Without parentId the server lists every site and subsite; `root` the top ones.
            Listing::Sites { parent_id } => {
                call = call.query("parentId", parent_id.as_deref().unwrap_or("root"))
            }
            Listing::Teams { display_name } => {
                call = call.query_opt("displayName", display_name.clone())
            }
            Listing::MailboxFolders { parent_id, .. } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                call = call.query_opt("parentId", parent_id.clone())
            }
            Listing::Folders { store, parent_id } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                let parent = parent_id.as_deref().or(store.root_id());
                call = call.query_opt("parentId", parent)
            }
            Listing::Documents { store, parent_id } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                let parent = parent_id.as_deref().or(store.root_id());
                call = call.query_opt("parentId", parent);
                if self.version() >= ApiVersion::V7 {
                    call = call.query("includeFolders", true);
                }
            }
            Listing::ChannelFiles {
                channel_id,
                parent_id,
                ..
            } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                call = call
                    .query("channelId", channel_id.clone())
                    .query_opt("parentId", parent_id.clone());
            }
            Listing::TeamFileVersions { .. } => {
                self.require(listing.op(), |v| v >= ApiVersion::V7)?;
            }
            Listing::Versions { .. }
            | Listing::Attachments { .. }
            | Listing::Tabs { .. }
            | Listing::Libraries { .. }
            | Listing::Lists { .. }
            | Listing::Channels { .. } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
            }
            Listing::Posts { channel_id, .. } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                call = call.query("channelId", channel_id.clone());
            }
            Listing::MailboxItems { folder_id, .. } => {
                self.require(listing.op(), ApiVersion::has_mailbox_folders)?;
                // v6 names the folder `folderId`, v7 on `parentId`.
                let key = if self.version() == ApiVersion::V6 {
                    "folderId"
                } else {
                    "parentId"
                };
                call = call.query(key, folder_id.clone())
            }
            _ => {}
        }
        self.call_json(call).await
    }

    pub async fn mailbox_folders(
        &self,
        session_id: &str,
        mailbox_id: &str,
        parent_id: Option<String>,
        offset: u64,
        limit: u64,
    ) -> Result<Page<ExchangeFolder>, ApiError> {
        let listing = Listing::MailboxFolders {
            mailbox_id: mailbox_id.into(),
            parent_id,
        };
        self.listing_page(session_id, &listing, offset, limit).await
    }

    pub async fn mailbox_items(
        &self,
        session_id: &str,
        mailbox_id: &str,
        folder_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Page<ExchangeItem>, ApiError> {
        let listing = Listing::MailboxItems {
            mailbox_id: mailbox_id.into(),
            folder_id: folder_id.into(),
        };
        self.listing_page(session_id, &listing, offset, limit).await
    }

    /// `GET …/mailboxes/{mailboxId}/items/{itemId}`: one item with all its fields (v6+).
    pub async fn mailbox_item(
        &self,
        session_id: &str,
        mailbox_id: &str,
        item_id: &str,
    ) -> Result<ItemDetails, ApiError> {
        const OP: &str = "Read mailbox item";
        self.require(OP, ApiVersion::has_mailbox_folders)?;
        let path = format!(
            "RestoreSessions/{session_id}/organization/mailboxes/{mailbox_id}/items/{item_id}",
            session_id = seg(session_id),
            mailbox_id = seg(mailbox_id),
            item_id = seg(item_id)
        );
        self.call_json(Call::get(OP, path)).await
    }

    /// `GET …/organization/mailboxes/{mailboxId}`: one mailbox, to name it.
    pub async fn mailbox(&self, session_id: &str, mailbox_id: &str) -> Result<Mailbox, ApiError> {
        const OP: &str = "Read mailbox";
        let path = format!(
            "RestoreSessions/{session_id}/organization/mailboxes/{mailbox_id}",
            session_id = seg(session_id),
            mailbox_id = seg(mailbox_id)
        );
        self.call_json(Call::get(OP, path)).await
    }

    pub async fn mailboxes(
        &self,
        session_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Page<Mailbox>, ApiError> {
        self.listing_page(session_id, &Listing::Mailboxes, offset, limit)
            .await
    }
    pub async fn onedrives(
        &self,
        session_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Page<OneDrive>, ApiError> {
        self.listing_page(session_id, &Listing::OneDrives, offset, limit)
            .await
    }
    pub async fn sites(
        &self,
        session_id: &str,
        parent_id: Option<String>,
        offset: u64,
        limit: u64,
    ) -> Result<Page<Site>, ApiError> {
        self.listing_page(session_id, &Listing::Sites { parent_id }, offset, limit)
            .await
    }
    pub async fn teams(
        &self,
        session_id: &str,
        display_name: Option<String>,
        offset: u64,
        limit: u64,
    ) -> Result<Page<Team>, ApiError> {
        self.listing_page(session_id, &Listing::Teams { display_name }, offset, limit)
            .await
    }

    pub(super) fn require(&self, op: &str, has: fn(ApiVersion) -> bool) -> Result<(), ApiError> {
        let version = self.version();
        if has(version) {
            Ok(())
        } else {
            Err(ApiError::Unsupported {
                op: op.into(),
                version,
            })
        }
    }
}

/// The explore options in this version's spelling.
fn explore_body(v: ApiVersion, opts: &ExploreOptions) -> Value {
    let mut body = json!({});
    if let Some(t) = &opts.date_time {
        body["dateTime"] = json!(t.to_wire());
    }
    if let Some(k) = &opts.kind {
        body["type"] = json!(v.restore_type_name(k));
    }
    if let Some(b) = opts.show_deleted {
        body["showDeleted"] = json!(b);
    }
    if let Some(b) = opts.show_all_versions {
        body["showAllVersions"] = json!(b);
    }
    if let (true, Some(r)) = (v.has_repository_choice(), &opts.repository_id) {
        body["repositoryId"] = json!(r);
    }
    body
}

/// The organization body in this version's spelling: region names and the fields it has.
pub fn organization_body(v: ApiVersion, org: &Organization) -> Value {
    let mut body = serde_json::to_value(org).unwrap_or_else(|_| json!({}));
    if let Some(r) = &org.region {
        body["region"] = json!(v.region_name(r));
    }
    if let Some(map) = body.as_object_mut() {
        for key in [
            "id",
            "name",
            "isBackedup",
            "firstBackuptime",
            "lastBackuptime",
            "msid",
        ] {
            map.remove(key);
        }
        map.remove("backedUpOrganizationId");
        if !v.has_description() {
            map.remove("description");
        }
        if !v.has_teams_chats() {
            map.remove("isTeamsChatsOnline");
        }
        if !v.has_teams() {
            map.remove("isTeamsOnline");
        }
    }
    body
}

/// Decodes an organization page from raw JSON in either shape (array or page).
pub fn decode_organizations(body: &[u8]) -> Result<Vec<Organization>, ApiError> {
    let v: Value = decode("List organizations", body)?;
    let list = if v.is_array() {
        v
    } else {
        v["results"].clone()
    };
    serde_json::from_value(list).map_err(|e| ApiError::Decode {
        op: "List organizations".into(),
        what: "organizations".into(),
        detail: e.to_string(),
    })
}
