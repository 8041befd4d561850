//! The simulator's deterministic dataset: organizations, and the contents
//! of a restore session computed from an index, so a million mailboxes cost no memory.

use chrono::{Duration as ChronoDuration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::api::models::{
    EventStatus, EventType, Office365ConnectionSettings, Organization, OrganizationType, Region,
    RestoreSession, RestoreSessionEvent, Timestamp,
};
use crate::api::version::ApiVersion;

/// `assets/sim/demo.toml`: the names and organizations the computed dataset is made of.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Seed {
    first_names: Vec<String>,
    last_names: Vec<String>,
    site_topics: Vec<String>,
    pub(super) subjects: Vec<String>,
    pub(super) documents: Vec<String>,
    pub(super) list_items: Vec<String>,
    events: Vec<String>,
    last_backup: chrono::DateTime<Utc>,
    organization: Vec<SeedOrganization>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedOrganization {
    name: String,
    region: String,
    first_backup_days: i64,
    exchange: bool,
    sharepoint: bool,
    teams: bool,
}

/// Where the dataset's written dates land: moved by whole days so that its last backup ran
/// at 22:00 UTC the day before the simulator's today, and the demo's backups always run up
/// to last night. Fixed when a simulator starts, so a listing never changes under a reader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Epoch(ChronoDuration);

impl Epoch {
    /// The epoch for a simulator whose clock says `now`.
    pub fn last_night_before(now: chrono::DateTime<Utc>) -> Epoch {
        let written = seed().last_backup;
        let yesterday = now.date_naive() - ChronoDuration::days(1);
        let last_night = yesterday.and_time(written.time()).and_utc();
        Epoch(last_night - written)
    }
    /// A time the dataset writes, where it lands.
    pub fn at(self, written: chrono::DateTime<Utc>) -> Timestamp {
        Timestamp(written + self.0)
    }
    /// A dataset time, from the day, hour and minute written in it (November 2026).
    pub fn on(self, day: u32, hour: u32, minute: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
            .unwrap()
            + self.0
    }
}

pub(super) fn seed() -> &'static Seed {
    static SEED: std::sync::OnceLock<Seed> = std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        toml::from_str(include_str!("../../assets/sim/demo.toml"))
            .expect("assets/sim/demo.toml is the simulator's dataset")
    })
}

/// Item `i` of a list, round and round.
pub(super) fn pick(list: &[String], i: u64) -> &str {
    &list[(i % list.len() as u64) as usize]
}

/// A stable UUID for item `i` of a kind, so the same index always gives the same id.
pub fn uuid_for(kind: u16, i: u64) -> String {
    format!("{:08x}-{:04x}-4000-8000-{:012x}", 0x5eed_0000u32, kind, i)
}

pub(super) fn person(i: u64) -> (String, String) {
    let first = pick(&seed().first_names, i);
    let last = pick(&seed().last_names, i / 16);
    let n = i / 256;
    let name = if n == 0 {
        format!("{first} {last}")
    } else {
        format!("{first} {last} {n}")
    };
    let email = if n == 0 {
        format!("{}.{}@contoso.onmicrosoft.com", first, last).to_lowercase()
    } else {
        format!("{}.{}{}@contoso.onmicrosoft.com", first, last, n).to_lowercase()
    };
    (name, email)
}

pub fn mailbox(i: u64) -> Value {
    let (name, email) = person(i);
    json!({
        "id": uuid_for(1, i),
        "name": name,
        "email": email,
        "isArchive": i % 17 == 16,
        "isPublic": i % 29 == 28,
    })
}

pub fn onedrive(i: u64) -> Value {
    let (name, email) = person(i);
    let user = email.split('@').next().unwrap_or("user").replace('.', "_");
    json!({
        "id": uuid_for(2, i),
        "name": name,
        "url": format!("https://contoso-my.sharepoint.com/personal/{user}_contoso_onmicrosoft_com"),
    })
}

pub fn site_count(mailboxes: u64) -> u64 {
    (mailboxes / 10).max(6)
}
pub fn team_count(mailboxes: u64) -> u64 {
    (mailboxes / 20).max(4)
}

/// Sites form a two-level tree: every fourth site is a root, the next three its subsites.
pub fn site(i: u64) -> (Value, Option<String>) {
    let root = i - i % 4;
    let topic = pick(&seed().site_topics, root / 4);
    let group = root / 32;
    let base = if group == 0 {
        topic.to_string()
    } else {
        format!("{topic} {group}")
    };
    let slug = base.to_lowercase().replace(' ', "-");
    let (name, url, parent) = if i == root {
        (
            base.clone(),
            format!("https://contoso.sharepoint.com/sites/{slug}"),
            None,
        )
    } else {
        let sub = ["Projects", "Archive", "Team"][((i % 4) - 1) as usize];
        (
            format!("{base} {sub}"),
            format!(
                "https://contoso.sharepoint.com/sites/{slug}/{}",
                sub.to_lowercase()
            ),
            Some(uuid_for(3, root)),
        )
    };
    (
        json!({ "id": uuid_for(3, i), "name": name, "url": url }),
        parent,
    )
}

pub fn team(i: u64, version: ApiVersion) -> Value {
    let topic = pick(&seed().site_topics, i);
    let n = i / 8;
    let name = if n == 0 {
        format!("{topic} Team")
    } else {
        format!("{topic} Team {n}")
    };
    let alias = name.to_lowercase().replace(' ', "");
    let privacy = ["Public", "Private", "HiddenMembership"][(i % 3) as usize];
    let mut v = json!({
        "id": uuid_for(4, i),
        "displayName": name,
        "description": format!("Workspace of the {topic} department"),
        "groupEmail": format!("{alias}@contoso.onmicrosoft.com"),
        "alias": alias,
        "privacy": privacy,
        "isArchived": i % 11 == 10,
    });
    if version.has_team_settings() {
        v["settings"] = json!({});
    }
    v
}

fn org(n: u16, o: &SeedOrganization, base: Timestamp) -> Organization {
    let name = o.name.as_str();
    let app = Office365ConnectionSettings {
        use_application_only_auth: Some(true),
        office_organization_name: Some(name.to_string()),
        application_id: Some(uuid_for(11, n as u64)),
        application_certificate_thumbprint: Some("3F2504E04F8911D39A0C0305E82C3301E6B8B9A1".into()),
        share_point_save_all_web_parts: Some(false),
        ..Default::default()
    };
    Organization {
        id: Some(uuid_for(10, n as u64)),
        name: Some(name.to_string()),
        office_name: Some(name.to_string()),
        kind: Some(OrganizationType::Office365),
        region: Some(Region::from_name(&o.region)),
        description: Some(format!("{name} production tenant")),
        is_exchange_online: Some(o.exchange),
        is_share_point_online: Some(o.sharepoint),
        is_teams_online: Some(o.teams),
        is_teams_chats_online: Some(false),
        share_point_online_settings: o.sharepoint.then(|| app.clone()),
        exchange_online_settings: Some(app),
        is_backedup: Some(true),
        first_backuptime: Some(Timestamp(
            base.0 - ChronoDuration::days(o.first_backup_days),
        )),
        last_backuptime: Some(base),
        ..Default::default()
    }
}

pub fn seed_organizations(epoch: Epoch) -> Vec<Organization> {
    let s = seed();
    s.organization
        .iter()
        .enumerate()
        .map(|(i, o)| org(i as u16 + 1, o, epoch.at(s.last_backup)))
        .collect()
}

/// The folder tree of every mailbox: name, category, type, parent (index), items.
const FOLDERS: [(&str, &str, &str, Option<u64>, u64); 10] = [
    ("Inbox", "Inbox", "None", None, 1_250),
    ("Sent Items", "Sent", "None", None, 320),
    ("Deleted Items", "Deleted", "None", None, 64),
    ("Drafts", "Drafts", "None", None, 3),
    ("Calendar", "None", "Appointment", None, 140),
    ("Contacts", "None", "Contact", None, 85),
    ("Tasks", "None", "Task", None, 17),
    ("Archive", "None", "None", None, 10_000),
    ("Projects", "None", "None", Some(0), 45),
    ("Receipts", "None", "None", Some(0), 31),
];

/// Folder `f` of mailbox `m`: one id holds both, so any id names its place.
fn folder_id(m: u64, f: u64) -> String {
    uuid_for(40, m * 16 + f)
}

pub fn folder_id_of(m: u64, f: u64) -> String {
    folder_id(m, f)
}

/// The index in the last 12 hex digits of a `uuid_for` id.
pub(super) fn index_of(id: &str) -> Option<u64> {
    u64::from_str_radix(id.get(id.len().checked_sub(12)?..)?, 16).ok()
}

/// A mailbox's index from its id (`uuid_for(1, i)`).
pub fn mailbox_index(id: &str) -> Option<u64> {
    id.to_ascii_lowercase()
        .starts_with("5eed0000-0001-")
        .then(|| index_of(id))
        .flatten()
}

/// (mailbox, folder) from a folder id.
fn folder_place(id: &str) -> Option<(u64, u64)> {
    if !id.to_ascii_lowercase().starts_with("5eed0000-0028-") {
        return None;
    }
    let n = index_of(id)?;
    ((n % 16) < FOLDERS.len() as u64).then_some((n / 16, n % 16))
}

/// The folders of mailbox `m` under `parent` (a folder id), its top level when `None`;
/// `None` when the parent is not a folder of this mailbox.
pub fn mailbox_folders(m: u64, parent: Option<&str>, v: ApiVersion) -> Option<Vec<Value>> {
    let parent = match parent {
        None => None,
        Some(id) => match folder_place(id)? {
            (pm, f) if pm == m => Some(f),
            _ => return None,
        },
    };
    Some(
        FOLDERS
            .iter()
            .enumerate()
            .filter(|(_, (_, _, _, p, _))| *p == parent)
            .map(|(f, (name, category, kind, _, _))| {
                let mut j = json!({
                    "id": folder_id(m, f as u64),
                    "name": name,
                    "type": kind,
                    "category": category,
                    "description": format!("{} items", FOLDERS[f].4),
                });
                if v >= ApiVersion::V8 {
                    j["mailboxId"] = json!(uuid_for(1, m));
                }
                j
            })
            .collect(),
    )
}

/// (mailbox, folder index, item number) from an item id (`uuid_for(41, …)`).
pub fn item_place(id: &str) -> Option<(u64, u64, u64)> {
    if !id.to_ascii_lowercase().starts_with("5eed0000-0029-") {
        return None;
    }
    let n = index_of(id)?;
    let (slot, j) = (n / 1_000_000, n % 1_000_000);
    let f = slot % 16;
    (f < FOLDERS.len() as u64 && j < FOLDERS[f as usize].4).then_some((slot / 16, f, j))
}

/// What a search looks at in item `j` of folder `f` of mailbox `m` (the same values the
/// item's JSON carries).
pub struct ItemText {
    /// When a mail was received (and sent); other items have no such time.
    pub when: Option<chrono::DateTime<Utc>>,
    pub subject: String,
    /// Sender, organizer or the contact's address.
    pub from: String,
    /// Recipients or attendees.
    pub to: String,
    /// Copied recipients of a mail.
    pub cc: String,
    pub has_attachments: bool,
}

/// The address of mailbox `m` (what its items are sent to).
pub fn mailbox_address(m: u64) -> String {
    person(m).1
}

/// The time of item `j` of any folder: every 37 minutes back from an hour before the last
/// backup.
pub fn item_time(epoch: Epoch, j: u64) -> chrono::DateTime<Utc> {
    epoch.on(21, 21, 0) - ChronoDuration::minutes(37 * j as i64)
}

pub fn item_text(me_mail: &str, f: u64, j: u64, epoch: Epoch) -> ItemText {
    let (first, last) = (
        pick(&seed().first_names, j),
        pick(&seed().last_names, j / 3),
    );
    let address = format!("{first}.{last}@contoso.onmicrosoft.com").to_lowercase();
    let me_mail = me_mail.to_string();
    let kind = FOLDERS[f as usize].2;
    let (subject, from, to) = match kind {
        "Contact" => (
            format!("{first} {last}"),
            format!("{first}.{last}@fabrikam.com").to_lowercase(),
            String::new(),
        ),
        "Task" => (
            pick(&seed().subjects, j + f).to_string(),
            String::new(),
            String::new(),
        ),
        _ => (
            pick(&seed().subjects, j + f).to_string(),
            format!("{first} {last} <{address}>"),
            me_mail.clone(),
        ),
    };
    let mail = !matches!(kind, "Appointment" | "Contact" | "Task");
    ItemText {
        when: mail.then(|| item_time(epoch, j)),
        cc: match mail && j.is_multiple_of(5) {
            true => format!("{me_mail}; Megan Bowen <megan.bowen@contoso.onmicrosoft.com>"),
            false => String::new(),
        },
        subject,
        from,
        to,
        has_attachments: kind == "None" && j % 4 == 1,
    }
}

/// Every (folder, count) of a mailbox, for searches that walk it.
pub fn folder_counts() -> impl Iterator<Item = (u64, u64)> {
    FOLDERS.iter().enumerate().map(|(f, row)| (f as u64, row.4))
}

/// The folder index of a folder id of mailbox `m`.
pub fn folder_of(m: u64, id: &str) -> Option<u64> {
    match folder_place(id)? {
        (fm, f) if fm == m => Some(f),
        _ => None,
    }
}

/// How many items folder `id` of mailbox `m` holds; `None` when it is not its folder.
pub fn folder_item_count(m: u64, id: &str) -> Option<u64> {
    match folder_place(id)? {
        (fm, f) if fm == m => Some(FOLDERS[f as usize].4),
        _ => None,
    }
}

/// Item `j` of folder `folder` (an id of mailbox `m`), shaped by what the folder holds.
pub fn mailbox_item(m: u64, folder: &str, j: u64, v: ApiVersion, epoch: Epoch) -> Value {
    let (_, f) = folder_place(folder).unwrap_or((m, 0));
    let (first, last) = (
        pick(&seed().first_names, j),
        pick(&seed().last_names, j / 3),
    );
    let address = format!("{first}.{last}@contoso.onmicrosoft.com").to_lowercase();
    let someone = format!("{first} {last} <{address}>");
    let subject = pick(&seed().subjects, j + f);
    let when = item_time(epoch, j);
    let stamp = Timestamp(when).to_wire();
    let (me_name, me_mail) = person(m);
    let mut item = match FOLDERS[f as usize].2 {
        "Appointment" => json!({
            "itemClass": "IPM.Appointment",
            "subject": subject,
            "organizer": someone,
            "startTime": stamp,
            "endTime": Timestamp(when + ChronoDuration::minutes(30)).to_wire(),
            "location": "Room 4.12",
            "attendees": me_mail,
        }),
        "Contact" => json!({
            "itemClass": "IPM.Contact",
            "name": format!("{first} {last}"),
            "fullName": format!("{first} {last}"),
            "email": format!("{first}.{last}@fabrikam.com").to_lowercase(),
            "company": "Fabrikam",
            "businessPhone": format!("+1 425 555 01{:02}", j % 100),
        }),
        "Task" => json!({
            "itemClass": "IPM.Task",
            "subject": subject,
            "startDate": stamp,
            "dueDate": Timestamp(when + ChronoDuration::days(7)).to_wire(),
            "status": if j.is_multiple_of(3) { "Completed" } else { "InProgress" },
            "percentComplete": if j.is_multiple_of(3) { 100.0 } else { 40.0 },
            "owner": me_name,
        }),
        _ => {
            let mut mail = json!({
                "itemClass": "IPM.Note",
                "subject": subject,
                "from": someone,
                "to": format!("{me_name} <{me_mail}>"),
                "received": stamp,
                "sent": stamp,
                "importance": if j.is_multiple_of(11) { "High" } else { "Normal" },
                "attachments": [],
            });
            if j.is_multiple_of(5) {
                mail["cc"] = json!(format!(
                    "{me_name} <{me_mail}>; Megan Bowen <megan.bowen@contoso.onmicrosoft.com>"
                ));
            }
            if j % 4 == 1 {
                mail["attachments"] = json!([{ "name": format!("{}.pdf", subject.replace(' ', "_")), "sizeBytes": 40_000 + j * 97 }]);
            }
            mail
        }
    };
    item["id"] = json!(uuid_for(41, (m * 16 + f) * 1_000_000 + j));
    if v >= ApiVersion::V8 {
        item["mailboxId"] = json!(uuid_for(1, m));
    }
    item
}

/// How many events a restore session reports while it opens, revealed over time.
pub fn event_count() -> usize {
    seed().events.len()
}

/// Event `i` of a session, `running` while it is the newest of a working session.
pub fn event(
    session: &RestoreSession,
    i: usize,
    running: bool,
    step: std::time::Duration,
) -> RestoreSessionEvent {
    let (message, kind) = seed()
        .events
        .get(i)
        .map(|m| (m.as_str(), EventType::View))
        .unwrap_or(("Restore session has been stopped", EventType::None));
    let start = session.creation_time.0
        + ChronoDuration::milliseconds((step.as_millis() as i64) * i as i64);
    let end = start + ChronoDuration::milliseconds(step.as_millis() as i64);
    RestoreSessionEvent {
        id: uuid_for(30, session_index(&session.id) * 100 + i as u64),
        kind: Some(kind),
        status: if running {
            EventStatus::Running
        } else {
            EventStatus::Success
        },
        start_time: Timestamp(start),
        end_time: if running { None } else { Some(Timestamp(end)) },
        duration: Some(if running {
            "00:00:00".into()
        } else {
            format!("00:00:{:02}", step.as_secs().min(59))
        }),
        title: Some(message.to_string()),
        message: message.to_string(),
        order: i as i32,
        item_name: None,
        item_type: None,
        item_size_bytes: None,
        source: None,
        target: None,
        organization_id: None,
    }
}

fn session_index(id: &str) -> u64 {
    id.bytes()
        .fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(b as u64))
        % 1_000_000
}

/// A Microsoft-style user code: nine characters from an unambiguous alphabet.
pub fn user_code(seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    (0..9)
        .map(|_| {
            x ^= x >> 33;
            x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            ALPHABET[(x % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

/// An opaque token value.
pub fn token(prefix: &str, seed: u64) -> String {
    format!(
        "{prefix}.{}",
        user_code(seed ^ 0xA5A5) + &user_code(seed.rotate_left(17))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_backup_ran_last_night_and_the_newest_mail_before_it() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        for (now, last_night) in [
            ("2026-12-05T04:25:00Z", "2026-12-04T22:00:00Z"),
            ("2026-12-01T09:30:00Z", "2026-11-30T22:00:00Z"),
            ("2027-03-01T23:59:00Z", "2027-02-28T22:00:00Z"),
        ] {
            let epoch = Epoch::last_night_before(at(now));
            let orgs = seed_organizations(epoch);
            assert_eq!(orgs[0].last_backuptime.as_ref().unwrap().0, at(last_night));
            let newest = mailbox_item(0, &folder_id_of(0, 0), 0, ApiVersion::V8, epoch);
            let received = at(newest["received"].as_str().unwrap());
            assert!(received < at(last_night), "{now}: {received}");
            assert!(
                at(last_night) - received < ChronoDuration::hours(2),
                "{now}: {received}"
            );
        }
    }

    #[test]
    fn dataset_is_deterministic_and_distinct() {
        assert_eq!(mailbox(5), mailbox(5));
        assert_ne!(mailbox(5)["id"], mailbox(6)["id"]);
        assert_ne!(mailbox(1)["email"], mailbox(257)["email"]);
        assert_eq!(user_code(1), user_code(1));
        assert_ne!(user_code(1), user_code(2));
        assert_eq!(user_code(7).len(), 9);
    }

    #[test]
    fn the_dataset_comes_from_its_seed_file() {
        let s = seed();
        assert_eq!((s.first_names.len(), s.last_names.len()), (16, 16));
        assert_eq!(mailbox(0)["name"], "Adele Vance");
        assert_eq!(mailbox(17)["name"], "Alex Wilber");
        let orgs = seed_organizations(Epoch::default());
        assert_eq!(orgs.len(), s.organization.len());
        assert_eq!(orgs[2].region, Some(Region::USGovernment));
        assert_eq!(event_count(), s.events.len());
    }

    #[test]
    fn sites_form_a_tree() {
        let (root, parent) = site(8);
        assert!(parent.is_none());
        let (_, parent) = site(9);
        assert_eq!(parent.as_deref(), root["id"].as_str());
    }
}
