use serde::{Deserialize, Serialize};

use super::common::{Timestamp, string_enum};

string_enum!(
    /// Restore session type: Exchange, OneDrive, SharePoint, Teams.
    RestoreType {
        Vex => "Vex",
        Veod => "Veod",
        Vesp => "Vesp",
        Vet => "Vet",
    }
);

impl RestoreType {
    pub fn label(&self) -> &str {
        match self {
            Self::Vex => "Exchange",
            Self::Veod => "OneDrive",
            Self::Vesp => "SharePoint",
            Self::Vet => "Teams",
            Self::Unknown(s) => s,
        }
    }
}

string_enum!(SessionState { Working => "Working", Stopped => "Stopped" });
string_enum!(SessionResult { Success => "Success", Warning => "Warning", Failed => "Failed" });
string_enum!(EventStatus {
    Running => "Running",
    Success => "Success",
    Warning => "Warning",
    Failed => "Failed",
    Cancelled => "Cancelled",
    Skipped => "Skipped",
});
string_enum!(EventType {
    None => "None",
    Save => "Save",
    Export => "Export",
    Send => "Send",
    Restore => "Restore",
    View => "View",
});
string_enum!(SessionOrder { CreationTime => "CreationTime", EndTime => "EndTime" });
string_enum!(TeamPrivacy {
    Public => "Public",
    Private => "Private",
    HiddenMembership => "HiddenMembership",
});

/// `RESTExploreOptions` / `RESTOrganizationExploreOptions` (v8 adds `repositoryId`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ExploreOptions {
    /// `None` means the latest restore point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_time: Option<Timestamp>,
    #[serde(rename = "type")]
    pub kind: Option<RestoreType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_deleted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_all_versions: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_id: Option<String>,
}

/// `RESTRestoreSession`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSession {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(rename = "type")]
    pub kind: RestoreType,
    pub creation_time: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    pub state: SessionState,
    pub result: SessionResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiated_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e_tag: Option<i64>,
}

impl RestoreSession {
    pub fn is_working(&self) -> bool {
        self.state == SessionState::Working
    }
    /// The end time, unless it is the open-ended marker of a running session.
    pub fn ended_at(&self) -> Option<Timestamp> {
        self.end_time.filter(|t| !t.is_open_ended())
    }
}

/// `RESTRestoreSessionEvent`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSessionEvent {
    pub id: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventType>,
    pub status: EventStatus,
    pub start_time: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default)]
    pub message: String,
    pub order: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_size_bytes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

/// Filters and ordering for `GET /RestoreSessions` (ordering and end-time filters are v8).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionQuery {
    pub offset: u64,
    pub limit: u64,
    pub start_time_from: Option<Timestamp>,
    pub start_time_to: Option<Timestamp>,
    pub end_time_from: Option<Timestamp>,
    pub end_time_to: Option<Timestamp>,
    pub order_by: Option<SessionOrder>,
    pub order_asc: Option<bool>,
}

/// `RESTExchangeFolder`: a folder of a mailbox in a restore session (v6+).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeFolder {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// What the folder holds: `Appointment`, `Contact`, `Task`, … or `None` for mail.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The well-known folder it is: `Inbox`, `Sent`, `Deleted`, … or `None`.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `RESTExchangeItemsComposed`: a mail, appointment, contact or task (v6+). Only what the
/// lists and details show is kept.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeItem {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub item_class: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub received: Option<Timestamp>,
    #[serde(default)]
    pub organizer: Option<String>,
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    #[serde(default)]
    pub location: Option<String>,
    /// Contacts.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Tasks.
    #[serde(default)]
    pub due_date: Option<Timestamp>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The mailbox it is in (v8 says; v6/v7 do not).
    #[serde(default)]
    pub mailbox_id: Option<String>,
}

/// One item read on its own (`GET …/items/{itemId}`): every header and field a person
/// looks at to recognise it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ItemDetails {
    #[serde(flatten)]
    pub item: ExchangeItem,
    #[serde(default)]
    pub cc: Option<String>,
    #[serde(default)]
    pub bcc: Option<String>,
    #[serde(default)]
    pub sent: Option<Timestamp>,
    #[serde(default)]
    pub importance: Option<String>,
    #[serde(default)]
    pub attendees: Option<String>,
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub percent_complete: Option<f64>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub business_phone: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
}

impl ItemDetails {
    /// Label and value of every field that is set, in the order a person reads them.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let i = &self.item;
        let mut out: Vec<(&'static str, Option<String>)> = vec![
            ("From", i.from.clone()),
            ("Organizer", i.organizer.clone()),
            ("To", i.to.clone()),
            ("Cc", self.cc.clone()),
            ("Bcc", self.bcc.clone()),
            ("Attendees", self.attendees.clone()),
            ("Location", i.location.clone()),
            ("Importance", self.importance.clone()),
            ("Status", self.status.clone()),
            ("Done", self.percent_complete.map(|p| format!("{p:.0}%"))),
            ("Owner", self.owner.clone()),
            ("E-mail", i.email.clone()),
            ("Company", self.company.clone()),
            ("Phone", self.business_phone.clone()),
            ("Mobile", self.mobile.clone()),
        ];
        out.retain(|(_, v)| v.as_deref().is_some_and(|s| !s.is_empty()));
        out.into_iter()
            .map(|(k, v)| (k, v.unwrap_or_default()))
            .collect()
    }

    /// The times of the item: sent, received, start, end, due.
    pub fn times(&self) -> Vec<(&'static str, Timestamp)> {
        let i = &self.item;
        [
            ("Sent", self.sent),
            ("Received", i.received),
            ("Starts", i.start_time),
            ("Ends", self.end_time),
            ("Due", i.due_date),
        ]
        .into_iter()
        .filter_map(|(k, t)| t.map(|t| (k, t)))
        .collect()
    }
}

/// `RESTAttachment`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub size_bytes: Option<u64>,
}

impl ExchangeItem {
    /// mail, appointment, contact or task, from the Outlook message class.
    pub fn kind(&self) -> &'static str {
        let class = self
            .item_class
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if class.starts_with("ipm.appointment") || class.starts_with("ipm.schedule") {
            "appointment"
        } else if class.starts_with("ipm.contact") {
            "contact"
        } else if class.starts_with("ipm.task") {
            "task"
        } else {
            "mail"
        }
    }
    /// What the item is called: its subject, or a contact's name.
    pub fn title(&self) -> &str {
        self.subject
            .as_deref()
            .or(self.name.as_deref())
            .unwrap_or("(no subject)")
    }
    /// Who it is from: sender, organizer, or a contact's address.
    pub fn who(&self) -> &str {
        self.from
            .as_deref()
            .or(self.organizer.as_deref())
            .or(self.email.as_deref())
            .unwrap_or_default()
    }
    /// When: received, start, or due.
    pub fn when(&self) -> Option<Timestamp> {
        self.received.or(self.start_time).or(self.due_date)
    }
}

/// `RESTExchangeMailbox`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Mailbox {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub is_archive: bool,
    #[serde(default)]
    pub is_public: bool,
}

/// `RESTOneDrive`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OneDrive {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
}

/// `RESTSharePointSite`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
}

/// `RESTTeamsTeam` (`settings` from v7).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<TeamPrivacy>,
    #[serde(default)]
    pub is_archived: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_session_has_no_end() {
        let s: RestoreSession = serde_json::from_str(
            r#"{"id":"2c60fca8-a977-4a4a-9c48-2a3d92ec44e1","type":"vex","creationTime":"2022-01-21T22:53:13.9685934Z",
                "endTime":"9999-12-31T23:59:59.9999999Z","state":"Working","result":"Success","unknownField":1}"#,
        )
        .unwrap();
        assert_eq!(s.kind, RestoreType::Vex);
        assert!(s.is_working());
        assert_eq!(s.ended_at(), None);
    }
}
