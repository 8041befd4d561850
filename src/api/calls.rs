//! Typed calls: every operation the app asks for as one `ApiCall` value, and its answer as
//! one `ApiReply`, so the runtime maps calls onto the client in one place.

use secrecy::SecretString;

use super::Identity;
use super::client::Client;
use super::error::ApiError;
use super::listing::{Listing, SearchScope, TeamsKind};
use super::models::{
    Channel, DriveItem, ExchangeFolder, ExchangeItem, ExploreOptions, ItemDetails, Mailbox,
    OneDrive, Organization, Part, Post, RestoreSession, SessionQuery, Site, SiteList, Tab, Team,
    TeamFile, Timestamp,
};
use super::version::ApiVersion;

/// The two sign-ins that present a Microsoft token document as the assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssertionGrant {
    Tenant,
    Operator,
}

#[derive(Debug)]
pub enum ApiCall {
    SignInPassword {
        user: String,
        password: SecretString,
    },
    /// Sign in with a Microsoft token document as the assertion.
    SignInAssertion {
        grant: AssertionGrant,
        client_id: String,
        assertion: SecretString,
    },
    /// The server's build (`ServiceInstance`, v6+).
    ServerBuild,
    /// Every organization (all pages).
    Organizations,
    /// One page of organizations.
    OrganizationsPage {
        offset: u64,
        limit: u64,
    },
    /// `POST /Organizations`; never retried automatically.
    CreateOrganization(Box<Organization>),
    /// One organization with every setting (`extendedView=true`).
    Organization {
        id: String,
    },
    /// `PUT /Organizations/{id}`; never retried automatically.
    UpdateOrganization {
        id: String,
        org: Box<Organization>,
    },
    /// Start a restore session: for one organization, or as the signed-in tenant.
    Explore {
        org_id: Option<String>,
        options: ExploreOptions,
    },
    StopSession {
        id: String,
    },
    /// One page of restore sessions (the query's offset and limit).
    Sessions(SessionQuery),
    /// One page of a restore session's contents.
    ListPage {
        session_id: String,
        listing: Listing,
        offset: u64,
        limit: u64,
    },
    /// One mailbox item with all its fields.
    ReadItem {
        session_id: String,
        mailbox_id: String,
        item_id: String,
    },
    /// Everything the morning view reads (`Client::morning`).
    Morning,
    /// What a tenant's or restore operator's token can read of its backups.
    Mine,
    /// A job session with its log and processed objects.
    SessionDetails {
        id: String,
    },
    /// A job and its history.
    JobHistory {
        id: String,
        copy: bool,
    },
    /// Every licensed user.
    LicensedUsers,
    /// An organization's synchronization (v7+).
    SyncState {
        id: String,
    },
    /// The Microsoft Graph readiness of every organization that backs up Exchange Online.
    GraphReadiness,
    /// An organization's SharePoint version backup and tenant information (v8).
    OrgSettings {
        id: String,
    },
    /// One mailbox, to name it (a hit of a search of every mailbox names only its id).
    ReadMailbox {
        session_id: String,
        mailbox_id: String,
    },
    /// Start, stop, enable or disable a job; synchronize a repository; proxy maintenance.
    /// Sent once, never retried.
    Act(super::actions::Action),
    SignOut,
}

/// One row of a restore session's contents, decoded once into its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Mailbox(Mailbox),
    OneDrive(OneDrive),
    Site(Site),
    Team(Box<Team>),
    Folder(ExchangeFolder),
    Item(Box<ExchangeItem>),
    /// A OneDrive folder, document or version.
    Drive(Box<DriveItem>),
    Channel(Channel),
    Post(Box<Post>),
    /// A site's libraries, lists or subsites, a channel's posts, files or tabs: a row to open.
    Part(Part),
    /// A tab of a Teams channel.
    Tab(Tab),
    /// A document library or list of a site.
    SiteList(SiteList),
}

impl Row {
    /// An item's time (received, start or due), a document's last change, a post's time.
    pub fn when(&self) -> Option<Timestamp> {
        match self {
            Row::Item(i) => i.when(),
            Row::Drive(d) => d.modification_time,
            Row::Post(p) => p.created_time,
            _ => None,
        }
    }

    /// A document's size.
    pub fn size(&self) -> Option<u64> {
        match self {
            Row::Drive(d) => d.size_bytes,
            _ => None,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Row::Mailbox(m) => &m.id,
            Row::OneDrive(o) => &o.id,
            Row::Site(s) => &s.id,
            Row::Team(t) => &t.id,
            Row::Folder(f) => &f.id,
            Row::Item(i) => &i.id,
            Row::Drive(d) => &d.id,
            Row::Channel(c) => &c.id,
            Row::Post(p) => &p.key,
            Row::Part(p) => p.label(),
            Row::SiteList(l) => &l.id,
            Row::Tab(t) => &t.id,
        }
    }
    /// The name an operator knows it by.
    pub fn title(&self) -> &str {
        match self {
            Row::Mailbox(m) => &m.name,
            Row::OneDrive(o) => &o.name,
            Row::Site(s) => &s.name,
            Row::Team(t) => &t.display_name,
            Row::Folder(f) => &f.name,
            Row::Item(i) => i.title(),
            Row::Drive(d) => d.title(),
            Row::Channel(c) => &c.display_name,
            Row::Post(p) => &p.subject,
            Row::Part(p) => p.label(),
            Row::SiteList(l) => &l.name,
            Row::Tab(t) => &t.display_name,
        }
    }
    /// The address: e-mail or URL.
    pub fn detail(&self) -> &str {
        match self {
            Row::Mailbox(m) => &m.email,
            Row::OneDrive(o) => &o.url,
            Row::Site(s) => &s.url,
            Row::Team(t) => t.group_email.as_deref().unwrap_or_default(),
            Row::Folder(f) => f.description.as_deref().unwrap_or_default(),
            Row::Item(i) => i.who(),
            Row::Drive(d) => &d.modified_by,
            Row::Channel(_) => "",
            Row::Post(p) => &p.author,
            Row::Part(p) => p.about(),
            Row::SiteList(l) => &l.url,
            Row::Tab(t) => t.content_url.as_deref().unwrap_or_default(),
        }
    }
    /// Short marks: archive, public, privacy, archived.
    pub fn flags(&self) -> String {
        let mut f: Vec<String> = Vec::new();
        match self {
            Row::Mailbox(m) => {
                if m.is_archive {
                    f.push("archive".into());
                }
                if m.is_public {
                    f.push("public".into());
                }
            }
            Row::Team(t) => {
                if let Some(p) = &t.privacy {
                    f.push(p.to_string());
                }
                if t.is_archived {
                    f.push("archived".into());
                }
            }
            Row::Folder(folder) => {
                if let Some(k) = folder.kind.as_deref().filter(|k| *k != "None") {
                    f.push(k.to_lowercase());
                }
            }
            Row::Item(i) => {
                f.push(i.kind().into());
                if !i.attachments.is_empty() {
                    f.push(format!("{} attached", i.attachments.len()));
                }
            }
            Row::Drive(d) if d.is_folder() => {
                f.push("folder".into());
                if let Some(v) = &d.version {
                    f.push(format!("v{v}"));
                }
            }
            Row::Drive(d) => {
                if let Some(size) = d.size_bytes {
                    f.push(crate::units::human_bytes(size));
                }
                if let Some(v) = &d.version {
                    f.push(format!("v{v}"));
                }
            }
            Row::Post(p) => {
                if p.parent_id.is_some() {
                    f.push("reply".into());
                }
                if p.is_important == Some(true) {
                    f.push("important".into());
                }
                if p.is_deleted == Some(true) {
                    f.push("DELETED".into());
                }
            }
            Row::Tab(t) => f.extend(t.kind.clone()),
            Row::OneDrive(_) | Row::Site(_) | Row::Channel(_) | Row::Part(_) | Row::SiteList(_) => {
            }
        }
        f.join(" ")
    }
}

#[derive(Debug)]
pub enum ApiReply {
    /// The versions the server serves and the one chosen.
    Detected {
        detection: super::Detection,
        chosen: ApiVersion,
    },
    SignedIn(Identity),
    ServerBuild(String),
    Organizations(Vec<Organization>),
    /// A page of organizations and the total where known.
    OrganizationsPage {
        items: Vec<Organization>,
        total: Option<u64>,
    },
    OrganizationCreated(Box<Organization>),
    Organization(Box<Organization>),
    /// The server took the edited organization.
    OrganizationUpdated {
        id: String,
    },
    Session(Box<RestoreSession>),
    Stopped {
        id: String,
    },
    /// A page of restore sessions and the total where the version sends it.
    Sessions {
        items: Vec<RestoreSession>,
        total: Option<u64>,
    },
    /// A page of rows and the total where the version sends it (v6/v7).
    Page {
        rows: Vec<Row>,
        total: Option<u64>,
        /// The result set of a search, to ask for its next pages.
        set_id: Option<String>,
    },
    Item(Box<ItemDetails>),
    Mailbox(Mailbox),
    Morning(Box<super::dashboard::Morning>),
    SessionDetails(Box<super::dashboard::SessionDetails>),
    JobHistory(Box<super::drill::JobHistory>),
    LicensedUsers(Vec<super::models::LicensedUser>),
    SyncState(Box<super::models::SyncState>),
    OrgSettings(Box<super::org_settings::OrgSettings>),
    GraphReadiness(Box<super::graph::GraphReadiness>),
    Mine(Box<super::dashboard::Mine>),
    /// The server took the action.
    Acted(super::actions::Action),
    SignedOut,
}

impl Client {
    /// Runs one call. Sign-in and sign-out are here too; the runtime adds what lives beside
    /// the client (the token refresher).
    pub async fn perform(&self, call: ApiCall) -> Result<ApiReply, ApiError> {
        Ok(match call {
            ApiCall::SignInPassword { user, password } => {
                ApiReply::SignedIn(self.sign_in_password(&user, &password).await?)
            }
            ApiCall::SignInAssertion {
                grant,
                client_id,
                assertion,
            } => ApiReply::SignedIn(match grant {
                AssertionGrant::Tenant => self.sign_in_tenant(&client_id, &assertion).await?,
                AssertionGrant::Operator => self.sign_in_operator(&client_id, &assertion).await?,
            }),
            ApiCall::ServerBuild => ApiReply::ServerBuild(self.server_build().await?),
            ApiCall::Organizations => ApiReply::Organizations(self.organizations().await?),
            ApiCall::OrganizationsPage { offset, limit } => {
                let p = self.organizations_page(offset, limit).await?;
                ApiReply::OrganizationsPage {
                    items: p.results,
                    total: p.total_count,
                }
            }
            ApiCall::CreateOrganization(org) => {
                ApiReply::OrganizationCreated(Box::new(self.create_organization(&org).await?))
            }
            ApiCall::Organization { id } => {
                ApiReply::Organization(Box::new(self.organization(&id).await?))
            }
            ApiCall::UpdateOrganization { id, org } => {
                self.update_organization(&id, &org).await?;
                ApiReply::OrganizationUpdated { id }
            }
            ApiCall::Explore { org_id, options } => ApiReply::Session(Box::new(match org_id {
                Some(id) => self.explore_organization(&id, &options).await?,
                None => self.explore_tenant(&options).await?,
            })),
            ApiCall::StopSession { id } => {
                self.stop_restore_session(&id).await?;
                ApiReply::Stopped { id }
            }
            ApiCall::Sessions(query) => {
                let p = self.restore_sessions(&query).await?;
                ApiReply::Sessions {
                    items: p.results,
                    total: p.total_count,
                }
            }
            ApiCall::ListPage {
                session_id,
                listing,
                offset,
                limit,
            } => self.rows(&session_id, &listing, offset, limit).await?,
            ApiCall::ReadItem {
                session_id,
                mailbox_id,
                item_id,
            } => ApiReply::Item(Box::new(
                self.mailbox_item(&session_id, &mailbox_id, &item_id)
                    .await?,
            )),
            ApiCall::Morning => ApiReply::Morning(Box::new(self.morning().await)),
            ApiCall::Mine => ApiReply::Mine(Box::new(self.mine().await?)),
            ApiCall::SessionDetails { id } => {
                ApiReply::SessionDetails(Box::new(self.session_details(&id).await?))
            }
            ApiCall::JobHistory { id, copy } => {
                ApiReply::JobHistory(Box::new(self.job_history(&id, copy).await?))
            }
            ApiCall::LicensedUsers => ApiReply::LicensedUsers(self.licensed_users().await?),
            ApiCall::SyncState { id } => {
                ApiReply::SyncState(Box::new(self.sync_state_of(&id).await?))
            }
            ApiCall::GraphReadiness => {
                ApiReply::GraphReadiness(Box::new(self.graph_readiness().await))
            }
            ApiCall::OrgSettings { id } => {
                ApiReply::OrgSettings(Box::new(self.org_settings(&id).await?))
            }
            ApiCall::ReadMailbox {
                session_id,
                mailbox_id,
            } => ApiReply::Mailbox(self.mailbox(&session_id, &mailbox_id).await?),
            ApiCall::Act(action) => {
                self.act(&action).await?;
                ApiReply::Acted(action)
            }
            // Signing out locally always works; the server's answer is only logged.
            ApiCall::SignOut => {
                if let Err(e) = self.logout().await {
                    tracing::info!("sign-out on the server failed: {e}");
                }
                ApiReply::SignedOut
            }
        })
    }

    async fn server_build(&self) -> Result<String, ApiError> {
        if !self.version().has_service_instance() {
            return Ok(format!(
                "unknown (API {} has no ServiceInstance)",
                self.version()
            ));
        }
        let s = self.service_instance().await?;
        Ok(s.version.unwrap_or_else(|| "unknown".into()))
    }

    /// A page of any listing, each row decoded straight into its type.
    async fn rows(
        &self,
        session_id: &str,
        listing: &Listing,
        offset: u64,
        limit: u64,
    ) -> Result<ApiReply, ApiError> {
        macro_rules! page {
            ($t:ty, $wrap:expr) => {{
                let p = self
                    .listing_page::<$t>(session_id, listing, offset, limit)
                    .await?;
                ApiReply::Page {
                    total: p.total_count,
                    rows: p.results.into_iter().map($wrap).collect(),
                    set_id: p.set_id,
                }
            }};
        }
        Ok(match listing {
            Listing::Mailboxes => page!(Mailbox, Row::Mailbox),
            Listing::OneDrives => page!(OneDrive, Row::OneDrive),
            Listing::Sites { .. } => page!(Site, Row::Site),
            Listing::Teams { .. } => page!(Team, |t| Row::Team(Box::new(t))),
            Listing::MailboxFolders { .. } => page!(ExchangeFolder, Row::Folder),
            Listing::Search { scope, .. } if scope.is_drive() => {
                page!(DriveItem, |d| Row::Drive(Box::new(d)))
            }
            Listing::Search {
                scope: SearchScope::Teams { kind, .. },
                ..
            } => match kind {
                TeamsKind::Posts => page!(Post, |mut p: Post| {
                    p.key = p.post_id.to_string();
                    Row::Post(Box::new(p))
                }),
                TeamsKind::Files => page!(TeamFile, |f: TeamFile| Row::Drive(Box::new(f.into()))),
                TeamsKind::Tabs => page!(Tab, Row::Tab),
            },
            Listing::MailboxItems { .. } | Listing::Search { .. } => {
                page!(ExchangeItem, |i| Row::Item(Box::new(i)))
            }
            Listing::Folders { .. } => page!(DriveItem, |mut d: DriveItem| {
                d.is_folder = Some(true);
                Row::Drive(Box::new(d))
            }),
            Listing::Documents { .. } | Listing::Versions { .. } | Listing::Attachments { .. } => {
                page!(DriveItem, |d| Row::Drive(Box::new(d)))
            }
            Listing::Libraries { .. } => page!(SiteList, Row::SiteList),
            Listing::Lists { .. } => page!(SiteList, |mut l: SiteList| {
                l.is_list = true;
                Row::SiteList(l)
            }),
            // Three rows known without asking: nothing is sent.
            Listing::SiteParts { .. } | Listing::ChannelParts { .. } => ApiReply::Page {
                rows: parts(listing)
                    .into_iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .map(Row::Part)
                    .collect(),
                total: Some(parts(listing).len() as u64),
                set_id: None,
            },
            Listing::Channels { .. } => page!(Channel, Row::Channel),
            Listing::ChannelFiles { .. } | Listing::TeamFileVersions { .. } => {
                page!(TeamFile, |f: TeamFile| Row::Drive(Box::new(f.into())))
            }
            Listing::Tabs { .. } => page!(Tab, Row::Tab),
            Listing::Posts { .. } => page!(Post, |mut p: Post| {
                p.key = p.post_id.to_string();
                Row::Post(Box::new(p))
            }),
        })
    }
}

/// The rows of a level that lists what a site or channel holds.
fn parts(listing: &Listing) -> [Part; 3] {
    match listing {
        Listing::ChannelParts { .. } => Part::CHANNEL,
        _ => Part::SITE,
    }
}
