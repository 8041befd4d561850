//! Realistic route arguments for each page, as the registry's samples: the benchmarks draw
//! every page with them, without a server.

use crate::api::models::{Organization, RestoreSession};
use crate::api::{CertificateInfo, Fingerprint, RestoreWhat, Source};
use crate::app::route_args::{RestoreChoice, RestoreOffer, SaveChoice, SaveOffer};

/// An organization of the sample tenants, `tenant{i}.onmicrosoft.com`.
pub fn organization(i: u64) -> Organization {
    serde_json::from_value(serde_json::json!({
        "id": format!("5eed0000-000a-4000-8000-{i:012x}"),
        "name": format!("tenant{i}.onmicrosoft.com"),
        "type": "Office365", "region": "Worldwide",
        "isExchangeOnline": true, "isSharePointOnline": true, "isTeamsOnline": i.is_multiple_of(2),
        "isBackedup": true, "lastBackuptime": "2026-11-21T22:00:00.0000000Z",
        "exchangeOnlineSettings": {
            "officeOrganizationName": format!("tenant{i}.onmicrosoft.com"),
            "useApplicationOnlyAuth": true
        }
    }))
    .expect("a sample organization")
}

/// A working Exchange restore session of the first sample tenant.
pub fn session() -> RestoreSession {
    serde_json::from_value(serde_json::json!({
        "id": "5eed0000-0015-4000-8000-000000000001",
        "name": "Exchange restore of tenant0.onmicrosoft.com (latest)",
        "organization": "tenant0.onmicrosoft.com", "type": "Vex",
        "creationTime": "2026-11-22T10:00:00.0000000Z",
        "endTime": "9999-12-31T23:59:59.9999999Z", "state": "Working", "result": "Success",
        "initiatedBy": "administrator", "clientHost": "10.0.0.15", "reason": ""
    }))
    .expect("a sample session")
}

/// A server's self-signed certificate.
pub fn certificate() -> CertificateInfo {
    CertificateInfo {
        subject: "CN=vbo01.corp.local".into(),
        issuer: "CN=vbo01.corp.local".into(),
        not_before: "2025-01-01 00:00:00 UTC".into(),
        not_after: "2035-01-01 00:00:00 UTC".into(),
        fingerprint: Fingerprint([0xCD; 32]),
    }
}

/// A mailbox to save.
pub fn save_offer() -> SaveOffer {
    SaveOffer {
        session_id: "s".into(),
        choices: vec![SaveChoice::new(
            Source::Mailbox {
                mailbox_id: "m".into(),
            },
            "mailbox Adele Vance".into(),
            "Adele Vance",
        )],
        format: None,
    }
}

/// A mailbox to restore.
pub fn restore_offer() -> RestoreOffer {
    RestoreOffer {
        preset: None,
        session_id: "s".into(),
        organization: Some("contoso.onmicrosoft.com".into()),
        choices: vec![RestoreChoice {
            what: RestoreWhat::Mailbox {
                mailbox_id: "m".into(),
            },
            words: "mailbox Adele Vance".into(),
            into: "mailbox Adele Vance".into(),
        }],
    }
}
